//! Language and direction of a piece of text, from the scripts of its letters: enough to pick
//! a base direction and a label, not a linguistic classifier.

use crate::model::{Direction, Lang};
use crate::text;

/// Letters counted by script, the input to [`detect`].
#[derive(Debug, Default, Clone, Copy)]
pub struct ScriptCounts {
    pub arabic: usize,
    /// Letters only Persian (and Urdu) use: پ چ ژ گ ک ی.
    pub persian_only: usize,
    /// Letters only Urdu uses: ٹ ڈ ڑ ں ہ ے.
    pub urdu_only: usize,
    pub hebrew: usize,
    pub latin: usize,
    pub other: usize,
    /// Common English function words seen, to tell English from other Latin text.
    pub english_words: usize,
    pub latin_words: usize,
}

impl ScriptCounts {
    /// The letters of `text` counted by script. Read as bytes: ASCII and the two-byte
    /// Arabic and Hebrew letters (most of what akhbar reads) are classified without decoding
    /// a char; any other char goes through [`ScriptCounts::count_char`].
    pub fn of(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                c.latin += usize::from(b.is_ascii_alphabetic());
                i += 1;
                continue;
            }
            // U+05C0..U+06FF: the second byte of valid UTF-8 is there.
            if (0xD7..=0xDB).contains(&b) && i + 1 < bytes.len() {
                let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
                match TWO_BYTE[(cp - 0x05C0) as usize] {
                    Class::Arabic => c.arabic += 1,
                    Class::Persian => {
                        c.arabic += 1;
                        c.persian_only += 1;
                    }
                    Class::Urdu => {
                        c.arabic += 1;
                        c.urdu_only += 1;
                    }
                    Class::Hebrew => c.hebrew += 1,
                    Class::Other => c.count_char(char::from_u32(cp).unwrap_or('\u{FFFD}')),
                }
                i += 2;
                continue;
            }
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            i += ch.len_utf8();
            c.count_char(ch);
        }
        if c.latin == 0 {
            return c;
        }
        // Words are runs of ASCII letters; no other byte is one, so the runs are found in
        // the bytes.
        let mut rest = bytes;
        while let Some(start) = rest.iter().position(u8::is_ascii_alphabetic) {
            let run = &rest[start..];
            let len = run
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(run.len());
            let word = &run[..len];
            rest = &run[len..];
            c.latin_words += 1;
            c.english_words += usize::from(is_english_word(word));
        }
        c
    }

    /// Counts one char by its script.
    fn count_char(&mut self, ch: char) {
        let c = self;
        if ch.is_ascii() {
            c.latin += usize::from(ch.is_ascii_alphabetic());
            return;
        }
        match ch {
            '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06AF}' | '\u{06A9}' | '\u{06CC}' => {
                c.arabic += 1;
                c.persian_only += 1;
            }
            '\u{0679}' | '\u{0688}' | '\u{0691}' | '\u{06BA}' | '\u{06C1}' | '\u{06D2}' => {
                c.arabic += 1;
                c.urdu_only += 1;
            }
            '\u{0620}'..='\u{064A}'
            | '\u{066E}'..='\u{06D3}'
            | '\u{06FA}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}' => c.arabic += 1,
            '\u{05D0}'..='\u{05EA}' | '\u{FB1D}'..='\u{FB4F}' => c.hebrew += 1,
            '\u{C0}'..='\u{24F}' => c.latin += 1,
            ch if ch.is_alphabetic() => c.other += 1,
            _ => {}
        }
    }

    pub fn add(&mut self, o: &ScriptCounts) {
        self.arabic += o.arabic;
        self.persian_only += o.persian_only;
        self.urdu_only += o.urdu_only;
        self.hebrew += o.hebrew;
        self.latin += o.latin;
        self.other += o.other;
        self.english_words += o.english_words;
        self.latin_words += o.latin_words;
    }

    pub fn letters(&self) -> usize {
        self.arabic + self.hebrew + self.latin + self.other
    }
}

/// How [`ScriptCounts::of`] counts a char of U+05C0..U+06FF without decoding it.
#[derive(Clone, Copy)]
enum Class {
    Arabic,
    Persian,
    Urdu,
    Hebrew,
    /// Anything else: counted by [`ScriptCounts::count_char`].
    Other,
}

/// [`Class`] of U+05C0..U+06FF, made from the same ranges as [`ScriptCounts::count_char`].
const TWO_BYTE: [Class; 0x140] = {
    let mut t = [Class::Other; 0x140];
    let mut i = 0;
    while i < 0x140 {
        let cp = 0x05C0 + i as u32;
        t[i] = match cp {
            0x067E | 0x0686 | 0x0698 | 0x06AF | 0x06A9 | 0x06CC => Class::Persian,
            0x0679 | 0x0688 | 0x0691 | 0x06BA | 0x06C1 | 0x06D2 => Class::Urdu,
            0x0620..=0x064A | 0x066E..=0x06D3 | 0x06FA..=0x06FF => Class::Arabic,
            0x05D0..=0x05EA => Class::Hebrew,
            _ => Class::Other,
        };
        i += 1;
    }
    t
};

/// The function words [`is_english_word`] matches, as a list (its tests check the two agree).
#[cfg(test)]
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "a", "on", "for", "that", "with", "was", "said", "by",
    "at", "from", "it", "as", "are", "has", "have", "will", "its", "he", "she", "they", "this",
];

/// Whether `word` (ASCII letters) is one of [`ENGLISH_WORDS`], any case: lower-cased into a
/// buffer and matched, rather than compared with each.
fn is_english_word(word: &[u8]) -> bool {
    // Function words are short: longer words are not looked up.
    if word.len() > 5 {
        return false;
    }
    let mut buf = [0u8; 5];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    matches!(
        &buf[..word.len()],
        b"the"
            | b"and"
            | b"of"
            | b"to"
            | b"in"
            | b"is"
            | b"a"
            | b"on"
            | b"for"
            | b"that"
            | b"with"
            | b"was"
            | b"said"
            | b"by"
            | b"at"
            | b"from"
            | b"it"
            | b"as"
            | b"are"
            | b"has"
            | b"have"
            | b"will"
            | b"its"
            | b"he"
            | b"she"
            | b"they"
            | b"this"
    )
}

/// The language the counts point to. A second script with at least a quarter of the letters
/// makes the text `Mixed`.
pub fn detect(c: &ScriptCounts) -> Lang {
    let total = c.letters();
    if total == 0 {
        return Lang::Unknown;
    }
    let rtl = c.arabic + c.hebrew;
    let (major, minor) = if rtl >= c.latin {
        (rtl, c.latin)
    } else {
        (c.latin, rtl)
    };
    if minor * 4 >= total && major > 0 {
        return Lang::Mixed;
    }
    if rtl == 0 && c.latin == 0 {
        // Letters of other scripts only (Cyrillic, Han, ...): none of ours.
        return Lang::Unknown;
    }
    if rtl >= c.latin {
        if c.hebrew > c.arabic {
            Lang::He
        } else if c.urdu_only * 40 >= c.arabic && c.urdu_only > 0 {
            Lang::Ur
        } else if c.persian_only * 40 >= c.arabic && c.persian_only > 0 {
            Lang::Fa
        } else {
            Lang::Ar
        }
    } else if c.latin > 0 {
        if c.english_words * 10 >= c.latin_words || c.latin_words < 4 {
            Lang::En
        } else {
            Lang::Latin
        }
    } else {
        Lang::Unknown
    }
}

/// Base direction by the first strong character (UAX #9 P2/P3); text with none is LTR.
pub fn direction(text: &str) -> Direction {
    match text::first_strong_direction(text) {
        Some(text::Dir::Rtl) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(s: &str) -> Lang {
        detect(&ScriptCounts::of(s))
    }

    #[test]
    fn other_scripts_are_unknown_not_arabic() {
        assert_eq!(lang("Президент России прибыл в Баку"), Lang::Unknown);
        assert_eq!(lang("国家主席发表讲话"), Lang::Unknown);
        assert_eq!(lang("وصل الرئيس إلى باكو"), Lang::Ar);
    }

    #[test]
    fn scripts() {
        assert_eq!(lang("وصل الرئيس الروسي فلاديمير بوتين اليوم"), Lang::Ar);
        assert_eq!(lang("رئیس جمهور روز یکشنبه به پکن سفر کرد"), Lang::Fa);
        assert_eq!(lang("ראש הממשלה נפגש היום עם השר"), Lang::He);
        assert_eq!(lang("The president arrived in Baku on Sunday"), Lang::En);
        assert_eq!(
            lang("Le président est arrivé à Bakou dimanche soir"),
            Lang::Latin
        );
        assert_eq!(
            lang("أطلقت Apple هاتف iPhone 16 Pro Max الجديد"),
            Lang::Mixed
        );
        assert_eq!(lang("1993 - 2003"), Lang::Unknown);
    }

    /// Counts char by char: the rule [`ScriptCounts::of`] must give exactly.
    fn counts_slowly(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        for ch in text.chars() {
            c.count_char(ch);
        }
        if c.latin > 0 {
            for word in text.split(|ch: char| !ch.is_ascii_alphabetic()) {
                if word.is_empty() {
                    continue;
                }
                c.latin_words += 1;
                if ENGLISH_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                    c.english_words += 1;
                }
            }
        }
        c
    }

    #[test]
    fn the_byte_reading_counts_as_the_char_rule_does() {
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let samples = [
            all.as_str(),
            "وصل الرئيس الروسي فلاديمير بوتين اليوم",
            "رئیس جمهور روز یکشنبه به پکن سفر کرد",
            "پاکستان میں بارش ہوئی اور لوگ گھروں میں رہے",
            "ראש הממשלה נפגש היום עם השר",
            "The president arrived in Baku; THE END and the Of",
            "أطلقت Apple هاتف iPhone 16 Pro Max الجديد مُحَمَّدٌ",
            "",
        ];
        for s in samples {
            let (a, b) = (ScriptCounts::of(s), counts_slowly(s));
            let key = |c: &ScriptCounts| {
                [
                    c.arabic,
                    c.persian_only,
                    c.urdu_only,
                    c.hebrew,
                    c.latin,
                    c.other,
                    c.english_words,
                    c.latin_words,
                ]
            };
            assert_eq!(
                key(&a),
                key(&b),
                "{}",
                s.chars().take(40).collect::<String>()
            );
        }
        for cp in 0..=0x10FFFFu32 {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let s = ch.to_string();
            let (a, b) = (ScriptCounts::of(&s), counts_slowly(&s));
            assert_eq!(
                (
                    a.arabic,
                    a.persian_only,
                    a.urdu_only,
                    a.hebrew,
                    a.latin,
                    a.other
                ),
                (
                    b.arabic,
                    b.persian_only,
                    b.urdu_only,
                    b.hebrew,
                    b.latin,
                    b.other
                ),
                "U+{cp:04X}"
            );
        }
    }

    #[test]
    fn the_matched_function_words_are_the_listed_ones() {
        for w in ENGLISH_WORDS {
            assert!(is_english_word(w.as_bytes()), "{w}");
            assert!(is_english_word(w.to_ascii_uppercase().as_bytes()), "{w}");
        }
        for w in ["then", "an", "thee", "hat", "saids", "x", "", "froms"] {
            assert_eq!(
                is_english_word(w.as_bytes()),
                ENGLISH_WORDS.contains(&w),
                "{w}"
            );
        }
    }

    #[test]
    fn first_strong() {
        assert_eq!(direction("2024: بوتين في باكو"), Direction::Rtl);
        assert_eq!(direction("«COP29» في باكو"), Direction::Ltr);
        assert_eq!(direction("123"), Direction::Ltr);
    }
}
