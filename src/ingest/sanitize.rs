//! Untrusted text made safe once, at load: after this nothing an article supplies can reach
//! the terminal as a control, and no embedded bidi control can reorder text outside itself.

/// Decodes bytes as UTF-8; invalid sequences become U+FFFD. Returns the text and how many
/// replacements were made, so the caller can warn.
pub fn decode_utf8(bytes: &[u8]) -> (String, usize) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Valid text (nearly all) is checked at the standard library's speed and copied once.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), 0);
    }
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push('\u{FFFD}');
            replaced += 1;
        }
    }
    (text, replaced)
}

/// What a terminal escape sequence looks like from its introducer on; used to skip it whole.
#[derive(Clone, Copy, PartialEq)]
enum Skip {
    /// Control Sequence: parameter and intermediate bytes, then one final byte 0x40..=0x7E.
    Csi,
    /// A string (OSC, DCS, SOS, PM, APC) ended by BEL or ST (ESC \ or U+009C).
    Str,
}

fn is_bidi_control_to_remove(c: char) -> bool {
    // Embeddings, overrides (U+202A..U+202E) and isolates (U+2066..U+2069). LRM, RLM and ALM
    // only affect their neighbours and may stay.
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` holds nothing [`sanitize`] would change: no control but the line feed, no
/// C1 control, line or paragraph separator, bidi embedding, override or isolate, byte-order
/// mark or tag character, and no run of more than [`MAX_MARKS`] combining marks. One byte
/// scan, far cheaper than the char-by-char pass, and most text needs nothing.
///
/// Every mark is outside ASCII and at least two bytes long, so a run of marks lies inside a
/// stretch of at least `2 * (MAX_MARKS + 1)` bytes none of which is ASCII; words are far
/// shorter than that, so only such long stretches are read as chars.
fn is_clean(s: &str) -> bool {
    const SHORTEST: usize = 2 * (MAX_MARKS + 1);
    let b = s.as_bytes();
    // Where the stretch of non-ASCII bytes that `b[i]` may end began (a char boundary: it
    // follows an ASCII byte or starts the text).
    let mut stretch = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight printable ASCII bytes at once (English text is mostly these): no high bit,
        // no byte below 0x20, none 0x7F.
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
            const ONES: u64 = 0x0101_0101_0101_0101;
            const HIGH: u64 = 0x8080_8080_8080_8080;
            let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
            let del = (x ^ (ONES * 0x7F)).wrapping_sub(ONES) & !(x ^ (ONES * 0x7F)) & HIGH;
            if x & HIGH == 0 && below_space == 0 && del == 0 {
                if i - stretch >= SHORTEST && has_mark_run_in(&s[stretch..i]) {
                    return false;
                }
                i += 8;
                stretch = i;
                continue;
            }
        }
        let c = b[i];
        i += 1;
        // Otherwise one look-up a byte: most are printable ASCII or plain parts of chars.
        match CLEAN_BYTE[usize::from(c)] {
            Byte::Plain => continue,
            Byte::Ascii => {
                if i - 1 - stretch >= SHORTEST && has_mark_run_in(&s[stretch..i - 1]) {
                    return false;
                }
                stretch = i;
                continue;
            }
            Byte::Check => {}
        }
        let bad = match c {
            b'\n' => false,
            0x00..=0x1F | 0x7F => true,
            0x20..=0x7E => false,
            // U+0080..U+009F (C1) are C2 80..C2 9F.
            0xC2 => matches!(b.get(i), Some(0x80..=0x9F)),
            // U+2028, U+2029, U+202A..U+202E are E2 80 A8..AE; U+2066..U+2069 are E2 81 A6..A9.
            0xE2 => matches!(
                (b.get(i), b.get(i + 1)),
                (Some(0x80), Some(0xA8..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
            ),
            // U+FEFF is EF BB BF.
            0xEF => b.get(i) == Some(&0xBB) && b.get(i + 1) == Some(&0xBF),
            // Tag characters U+E0000..U+E007F are F3 A0 80 80..F3 A0 81 BF.
            0xF3 => b.get(i) == Some(&0xA0) && matches!(b.get(i + 1), Some(0x80 | 0x81)),
            _ => false,
        };
        if bad {
            return false;
        }
        if c < 0x80 {
            if i - 1 - stretch >= SHORTEST && has_mark_run_in(&s[stretch..i - 1]) {
                return false;
            }
            stretch = i;
        }
    }
    !(b.len() - stretch >= SHORTEST && has_mark_run_in(&s[stretch..]))
}

/// What [`is_clean`] does with a byte.
#[derive(Clone, Copy)]
enum Byte {
    /// Outside ASCII and no lead of anything `sanitize` removes.
    Plain,
    /// Printable ASCII or the line feed: ends a stretch of non-ASCII bytes.
    Ascii,
    /// A control, or the lead of a char that may be one to remove.
    Check,
}

const CLEAN_BYTE: [Byte; 256] = {
    let mut t = [Byte::Plain; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\n' | 0x20..=0x7E => Byte::Ascii,
            0x00..=0x1F | 0x7F | 0xC2 | 0xE2 | 0xEF | 0xF3 => Byte::Check,
            _ => Byte::Plain,
        };
        b += 1;
    }
    t
};

/// Removes C0/C1 controls and whole escape sequences (ESC, CSI, OSC, DCS, SOS, PM, APC, in 7-
/// and 8-bit forms), turns tabs into spaces and CR/CRLF, U+2028 and U+2029 into LF, drops a
/// byte-order mark and bidi embeddings/overrides/isolates. Line feeds are kept.
pub fn sanitize(input: &str) -> String {
    sanitize_cow(input).into_owned()
}

/// [`sanitize`] without a copy when the text is already clean (as nearly all text is).
pub fn sanitize_cow(input: &str) -> std::borrow::Cow<'_, str> {
    if is_clean(input) {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(sanitize_chars(input))
    }
}

/// [`sanitize`] of text already owned: handed back as it is when clean.
pub fn sanitize_owned(input: String) -> String {
    if is_clean(&input) {
        input
    } else {
        sanitize_chars(&input)
    }
}

/// The char-by-char pass of [`sanitize`].
fn sanitize_chars(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut skip: Option<Skip> = None;
    let mut marks = 0usize;
    while let Some(c) = chars.next() {
        if let Some(mode) = skip {
            match mode {
                Skip::Csi => {
                    if ('\u{40}'..='\u{7E}').contains(&c) || !('\u{20}'..='\u{7E}').contains(&c) {
                        skip = None;
                    }
                }
                Skip::Str => {
                    if c == '\u{07}' || c == '\u{9C}' {
                        skip = None;
                    } else if c == '\n' {
                        // An unterminated string must not swallow the rest of the article:
                        // it ends with its line (the introducer is gone, so what follows is
                        // plain text).
                        skip = None;
                        out.push('\n');
                    } else if c == '\u{1B}' {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        skip = None;
                    }
                }
            }
            continue;
        }
        if !is_mark(c) {
            marks = 0;
        }
        match c {
            '\u{1B}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip = Some(Skip::Csi);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip = Some(Skip::Str);
                }
                // ESC plus intermediates (`ESC ( B`) and one final byte.
                Some(next) if ('\u{20}'..='\u{2F}').contains(&next) => {
                    chars.next();
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if !('\u{20}'..='\u{2F}').contains(&n) {
                            break;
                        }
                    }
                }
                Some(next) if ('\u{30}'..='\u{7E}').contains(&next) => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9B}' => skip = Some(Skip::Csi),
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => skip = Some(Skip::Str),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{FEFF}' => {}
            // Tag characters: invisible, and a way to smuggle text past a reader.
            '\u{E0000}'..='\u{E007F}' => {}
            c if c.is_control() => {}
            c if is_bidi_control_to_remove(c) => {}
            // At most MAX_MARKS combining marks in a row, as in UAX #15's stream-safe form: a
            // pile of hundreds on one letter ("zalgo") draws over the lines around it.
            c if is_mark(c) => {
                marks += 1;
                if marks <= MAX_MARKS {
                    out.push(c);
                }
                continue;
            }
            c => out.push(c),
        }
    }
    out
}

/// Collapses a single line for display: sanitizes, then turns every run of whitespace
/// (line breaks included) into one space and trims the ends.
pub fn clean_line(input: &str) -> String {
    collapse_whitespace(&sanitize_cow(input))
}

/// Combining marks kept in a row (UAX #15 stream-safe text allows 30 non-starters).
const MAX_MARKS: usize = 30;

/// A combining mark: a zero-width character that attaches to the one before (the
/// combining blocks, Arabic and Hebrew points). Joiners and other format characters are not.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The plain rule: counts marks char by char.
fn has_mark_run_in(s: &str) -> bool {
    let mut run = 0;
    s.chars().any(|c| {
        run = if is_mark(c) { run + 1 } else { 0 };
        run > MAX_MARKS
    })
}

/// Outside text (a path, a URL, an error, a feed's name) made safe to print on a terminal,
/// as one line: the one function every printer uses, on stdout, stderr and the status bar.
/// Nothing in it can move the cursor, set the title, clear the screen or reorder the line.
pub fn for_terminal(input: &str) -> String {
    clean_line(input)
}

/// Bytes that are white space as `split_whitespace` knows it (ASCII's: tab through CR, and
/// space) or may start it: outside ASCII only chars that start with C2, E1, E2 or E3 are
/// (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
const MAY_BE_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3);
        b += 1;
    }
    t
};

/// Turns every run of whitespace into one space and trims the ends; for text that is
/// already sanitized.
pub fn collapse_whitespace(s: &str) -> String {
    // Text already collapsed (most paragraphs and lines) is copied as it is.
    let b = s.as_bytes();
    let single =
        |i: usize| b[i] == b' ' && i > 0 && i + 1 < b.len() && b[i - 1] != b' ' && b[i + 1] != b' ';
    if !b
        .iter()
        .enumerate()
        .any(|(i, &c)| MAY_BE_SPACE[usize::from(c)] && !single(i))
    {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    // `s[word..i]` is the word being read, or empty between words.
    let mut word = 0;
    let mut i = 0;
    while i < b.len() {
        // The next byte that is or may start white space.
        let Some(skip) = b[i..].iter().position(|&c| MAY_BE_SPACE[usize::from(c)]) else {
            break;
        };
        i += skip;
        let len = match b[i] {
            b'\t'..=b'\r' | b' ' => 1,
            _ => match s[i..].chars().next() {
                Some(ch) if ch.is_whitespace() => ch.len_utf8(),
                _ => 0,
            },
        };
        if len == 0 {
            i += 1;
            continue;
        }
        if word < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[word..i]);
        }
        i += len;
        word = i;
    }
    if word < b.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[word..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("x\x1b]0;pwned title\x07y"), "xy");
        assert_eq!(
            sanitize("x\x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\y"),
            "xlinky"
        );
        assert_eq!(sanitize("x\x1bP1$r\x1b\\y"), "xy");
        assert_eq!(sanitize("x\x1b(By"), "xy");
        assert_eq!(sanitize("x\x1bcy"), "xy");
        assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize("x\u{9d}0;t\u{9c}y"), "xy");
    }

    #[test]
    fn controls_go_and_whitespace_is_normalised() {
        assert_eq!(sanitize("a\0b\x07c\x7fd\u{85}e"), "abcde");
        assert_eq!(sanitize("a\tb\r\nc\rd"), "a b\nc\nd");
        assert_eq!(sanitize("\u{feff}title"), "title");
    }

    #[test]
    fn bidi_overrides_go_marks_stay() {
        assert_eq!(
            sanitize("\u{202E}abc\u{202C} \u{2067}x\u{2069} \u{200F}\u{200E}\u{61C}"),
            "abc x \u{200F}\u{200E}\u{61C}"
        );
    }

    #[test]
    fn the_fast_path_agrees_with_the_slow_one() {
        let samples = [
            "plain ascii",
            "عربي\nسطر",
            "a\u{85}b",
            "x\u{2028}y",
            "x\u{2066}y",
            "x\u{202E}y",
            "\u{feff}x",
            "x\u{2067}",
            "x\u{200F}y",
            "tab\there",
            "\u{9b}",
            "é ü ß",
        ];
        for s in samples {
            let changed = sanitize_chars(s) != s;
            assert_eq!(is_clean(s), !changed, "{s:?}");
            assert_eq!(sanitize(s), sanitize_chars(s), "{s:?}");
            assert_eq!(sanitize_owned(s.to_string()), sanitize_chars(s), "{s:?}");
        }
    }

    #[test]
    fn collapsing_by_bytes_agrees_with_split_whitespace() {
        let plain = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        assert!(collapse_whitespace(&all) == plain(&all));
        // Every char that starts with a byte below E4 (all of U+0000..U+3FFF): no white
        // space lies above.
        for cp in 0..0x4000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [format!("{c}"), format!("a{c}b"), format!(" {c}{c} x{c}")] {
                assert_eq!(collapse_whitespace(&s), plain(&s), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn invalid_utf8_becomes_replacement() {
        let (s, n) = decode_utf8(b"ab\xffcd\xc3");
        assert_eq!(s, "ab\u{FFFD}cd\u{FFFD}");
        assert!(n >= 1);
        let (s, n) = decode_utf8("\u{feff}ok".as_bytes());
        assert_eq!((s.as_str(), n), ("ok", 0));
    }

    #[test]
    fn unterminated_sequences_do_not_swallow_forever_or_panic() {
        assert_eq!(sanitize("a\x1b"), "a");
        assert_eq!(sanitize("a\x1b["), "a");
        // A CSI cut short by a non-parameter character ends there.
        assert_eq!(sanitize("a\x1b[12\u{0628}b"), "ab");
        // An OSC never terminated loses only the rest of its line.
        assert_eq!(sanitize("a\x1b]0;title\nnext line"), "a\nnext line");
    }

    #[test]
    fn tag_characters_are_removed_and_terminal_text_is_one_safe_line() {
        assert_eq!(sanitize("a\u{E0041}\u{E007F}b\u{E0000}"), "ab");
        assert_eq!(
            for_terminal("/tmp/a\u{1b}]0;title\u{7}b\u{1b}[2J\nc"),
            "/tmp/ab c"
        );
    }

    #[test]
    fn runs_of_combining_marks_are_capped_at_thirty() {
        let zalgo = format!("a{}b", "\u{0301}".repeat(45));
        let clean = sanitize(&zalgo);
        assert_eq!(
            clean.chars().filter(|&c| c == '\u{0301}').count(),
            MAX_MARKS
        );
        assert!(clean.starts_with('a') && clean.ends_with('b'));
        // Arabic with its harakat is untouched.
        let voweled = "مُحَمَّدٌ رَسُولُ";
        assert_eq!(sanitize(voweled), voweled);
    }

    #[test]
    fn the_byte_scan_for_mark_runs_agrees_with_the_plain_rule() {
        let fatha = '\u{064E}';
        let acute = '\u{0301}';
        let run = |c: char, n: usize| c.to_string().repeat(n);
        let cases = [
            String::new(),
            "plain ascii text".to_string(),
            "كَتَبَ الوَلَدُ الدَّرْسَ".to_string(),
            format!("ب{}", run(fatha, MAX_MARKS)),
            format!("ب{}", run(fatha, MAX_MARKS + 1)),
            format!("a{}b", run(acute, MAX_MARKS + 1)),
            format!("a{} {}b", run(acute, 20), run(acute, 20)),
            format!(
                "{}{}",
                "بببببببببببببببببببببببببببببببببببببببب",
                run(fatha, MAX_MARKS + 1)
            ),
            format!("x{}", run(fatha, 200)),
            format!("{}x", run(acute, MAX_MARKS + 1)),
            format!("ب{}ب{}", run(fatha, 16), run(fatha, 16)),
        ];
        for case in &cases {
            assert_eq!(!is_clean(case), has_mark_run_in(case), "{case:?}");
            // ASCII around the run and a stretch cut short by ASCII inside it.
            let framed = format!("x {case} y");
            assert_eq!(!is_clean(&framed), has_mark_run_in(&framed), "{framed:?}");
        }
        assert!(!is_clean(&cases[4]) && is_clean(&cases[3]));
    }
}
