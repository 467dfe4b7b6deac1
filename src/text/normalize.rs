//! Folding for matching: Arabic spelling variants, harakat, digits and case are folded away
//! so that a query typed one way finds text written another, while a map back to the
//! original bytes lets the match be highlighted where it really is.

use std::ops::Range;

use super::tables::PRESENTATION_FORMS;

/// Text folded for matching, with the way back to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each char of `text`, the byte offset in the original of the char it came from
    /// (non-decreasing; one original char may give several folded chars).
    pub map: Vec<usize>,
    /// Byte length of the original text.
    pub source_len: usize,
}

impl Folded {
    /// The original byte range that the folded byte range `folded` came from, or None if
    /// `folded` is not on char boundaries of `text`. Harakat and tatweel removed right after
    /// the last matched char are included, so a highlight covers the whole written word.
    pub fn source_range(&self, folded: Range<usize>) -> Option<Range<usize>> {
        let start_char = self.text.get(..folded.start)?.chars().count();
        let end_char = self.text.get(..folded.end)?.chars().count();
        let start = self.map.get(start_char).copied().unwrap_or(self.source_len);
        if end_char <= start_char {
            return Some(start..start);
        }
        // The original char the last folded char came from ends where the next original
        // char that produced folded text starts.
        let last = self
            .map
            .get(end_char - 1)
            .copied()
            .unwrap_or(self.source_len);
        let end = self
            .map
            .get(end_char..)
            .and_then(|rest| rest.iter().copied().find(|&b| b > last))
            .unwrap_or(self.source_len);
        Some(start..end)
    }
}

/// Fold `s` for matching: hamza forms (أ إ آ ٱ → ا), alef maqsura ى → ي, ta marbuta ة → ه,
/// Persian keheh ک → ك and yeh ی → ي, harakat (U+064B–U+0652, U+0670) and tatweel U+0640
/// removed, Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII, presentation forms back
/// to letters, and everything lowercased.
pub fn fold_for_match(s: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(s.len()),
        map: Vec::with_capacity(s.len()),
        source_len: s.len(),
    };
    for (i, c) in s.char_indices() {
        fold_char(c, &mut |c| {
            out.text.push(c);
            out.map.push(i);
        });
    }
    out
}

/// The text of [`fold_for_match`] without the map back, appended to `out`: what search keys
/// are built from, with no allocation of their own.
///
/// The same output as folding char by char, found faster: ASCII and the Arabic block (most of
/// what akhbar reads) are read as bytes, and stretches that fold to themselves (lower-case
/// ASCII, Arabic letters that no rule changes, Hebrew) are copied whole; only other chars go
/// through [`fold_char`].
pub fn fold_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    let bytes = s.as_bytes();
    // `s[same..i]` folds to itself and is not yet copied.
    let mut same = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                out.push_str(&s[same..i]);
                out.push(char::from(b.to_ascii_lowercase()));
                same = i + 1;
            }
            i += 1;
            continue;
        }
        // A two-byte sequence (the text is valid UTF-8, so its second byte is there).
        if (0xD6..=0xDB).contains(&b) && i + 1 < bytes.len() {
            // U+0580..U+05FF (Armenian lower case, Hebrew) has no case and no rule.
            if b <= 0xD7 {
                i += 2;
                continue;
            }
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let folded = fold_arabic(cp);
            if folded != Arabic::Same {
                out.push_str(&s[same..i]);
                match folded {
                    Arabic::Drop | Arabic::Same => {}
                    Arabic::To(c) => out.push(c),
                }
                same = i + 2;
            }
            i += 2;
            continue;
        }
        out.push_str(&s[same..i]);
        let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
        i += c.len_utf8();
        fold_char(c, &mut |c| out.push(c));
        same = i;
    }
    out.push_str(&s[same..]);
}

/// What a char of the Arabic block U+0600..U+06FF folds to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arabic {
    Same,
    Drop,
    To(char),
}

/// [`fold_char`] for U+0600..U+06FF, where it has no case to look up.
fn fold_arabic(cp: u32) -> Arabic {
    match cp {
        0x064B..=0x0652 | 0x0670 | 0x0640 => Arabic::Drop,
        0x0660..=0x0669 => Arabic::To(ascii_digit(cp - 0x0660)),
        0x06F0..=0x06F9 => Arabic::To(ascii_digit(cp - 0x06F0)),
        0x0622 | 0x0623 | 0x0625 | 0x0671 => Arabic::To('\u{0627}'),
        0x0649 | 0x06CC => Arabic::To('\u{064A}'),
        0x0629 => Arabic::To('\u{0647}'),
        0x06A9 => Arabic::To('\u{0643}'),
        _ => Arabic::Same,
    }
}

/// Folds one char, handing what it becomes (none, one or more chars) to `push`.
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    if let Some((lam, alef)) = split_lam_alef(c) {
        push(lam);
        push(fold_letter(alef));
        return;
    }
    let c = fold_letter(unshape(c));
    match c {
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => {}
        '\u{0660}'..='\u{0669}' => push(ascii_digit(u32::from(c) - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => push(ascii_digit(u32::from(c) - 0x06F0)),
        _ if c.is_ascii() => push(c.to_ascii_lowercase()),
        // Arabic letters have no case: no need to look them up.
        '\u{0600}'..='\u{06FF}' => push(c),
        _ => c.to_lowercase().for_each(push),
    }
}

fn fold_letter(c: char) -> char {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0649}' | '\u{06CC}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        '\u{06A9}' => '\u{0643}',
        _ => c,
    }
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// The letter a presentation form stands for (text copied from PDFs often holds them).
fn unshape(c: char) -> char {
    let cp = u32::from(c);
    if !(0xFB50..=0xFEFF).contains(&cp) {
        return c;
    }
    PRESENTATION_FORMS
        .iter()
        .find(|(_, forms)| forms.contains(&cp))
        .and_then(|&(letter, _)| char::from_u32(letter))
        .unwrap_or(c)
}

/// The lam and alef of a lam-alef ligature presentation form (U+FEF5–U+FEFC).
fn split_lam_alef(c: char) -> Option<(char, char)> {
    let alef = match c {
        '\u{FEF5}' | '\u{FEF6}' => '\u{0622}',
        '\u{FEF7}' | '\u{FEF8}' => '\u{0623}',
        '\u{FEF9}' | '\u{FEFA}' => '\u{0625}',
        '\u{FEFB}' | '\u{FEFC}' => '\u{0627}',
        _ => return None,
    };
    Some(('\u{0644}', alef))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        fold_for_match(s).text
    }

    #[test]
    fn folds_arabic_variants() {
        assert_eq!(fold("أحمد إلى آخر ٱلكتاب"), "احمد الي اخر الكتاب");
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("کتاب ی"), "كتاب ي");
    }

    #[test]
    fn removes_harakat_and_tatweel() {
        assert_eq!(fold("غدًا"), "غدا");
        assert_eq!(fold("وَقَالَ الرَّئِيسُ"), "وقال الرئيس");
        assert_eq!(fold("هذا"), "هذا");
        assert_eq!(fold("كـــتاب"), "كتاب");
    }

    #[test]
    fn digits_and_case() {
        assert_eq!(fold("٢٠٢٣ و۱۴۰۲"), "2023 و1402");
        assert_eq!(fold("iPhone WWDC"), "iphone wwdc");
        assert_eq!(fold("ÄÖ"), "äö");
    }

    #[test]
    fn presentation_forms_fold_back() {
        assert_eq!(fold("\u{FEB3}\u{FEFC}\u{FEE1}"), "سلام");
        assert_eq!(fold("\u{FEF7}"), "لا");
    }

    #[test]
    fn fold_into_gives_the_folded_text() {
        for s in [
            "أحمد إلى آخر",
            "غدًا Apple",
            "\u{FEFB}x ٢٠٢٣ ÄÖ",
            "كـــتاب İ K",
            "",
        ] {
            let mut out = String::from("> ");
            fold_into(s, &mut out);
            assert_eq!(out, format!("> {}", fold(s)));
        }
    }

    /// The char-by-char fold, the rule `fold_into` must give byte for byte.
    fn fold_slowly(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            fold_char(c, &mut |c| out.push(c));
        }
        out
    }

    #[test]
    fn fold_into_agrees_with_the_char_by_char_rule_on_every_char() {
        // Every char alone, every char between two others, and runs of each block.
        let all: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        for c in &all {
            let s = c.to_string();
            let mut out = String::new();
            fold_into(&s, &mut out);
            assert_eq!(out, fold_slowly(&s), "U+{:04X}", u32::from(*c));
        }
        let joined: String = all.iter().collect();
        let mut out = String::new();
        fold_into(&joined, &mut out);
        assert!(out == fold_slowly(&joined), "the whole range in one string");
        for s in [
            "Aa أإآٱ ى ة ک ی ٠٩۰۹ ـ َ ﻻ İ ẞ Σ",
            "مُحَمَّدٌ رَسُولُ ABC def ٢٠٢٣ שָׁלוֹם",
            "\u{FEFB}x ٢٠٢٣ ÄÖ",
        ] {
            let mut out = String::from("> ");
            fold_into(s, &mut out);
            assert_eq!(out, format!("> {}", fold_slowly(s)), "{s}");
        }
    }

    #[test]
    fn map_points_into_the_original() {
        let src = "غدًا Apple";
        let f = fold_for_match(src);
        assert_eq!(f.text.chars().count(), f.map.len());
        // غ د ا: the tanween is gone, the alef still maps to its own byte.
        assert_eq!(&f.map[..3], &[0, 2, 6]);
        for (&b, c) in f.map.iter().zip(f.text.chars()) {
            assert!(src.is_char_boundary(b), "{c} maps to {b}");
        }
        // "دا" in the folded text covers د + tanween + ا in the original.
        let start = "غ".len();
        let r = f.source_range(start..start + "دا".len());
        assert_eq!(r, Some(2..8));
        let apple = f.text.find("apple").map(|s| s..s + 5);
        assert_eq!(apple.and_then(|r| f.source_range(r)), Some(9..14));
        // Not a char boundary of the folded text.
        assert_eq!(f.source_range(1..2), None);
        // A match ending inside a lam-alef ligature covers the whole ligature.
        let lig = fold_for_match("\u{FEFB}x");
        assert_eq!(lig.source_range(0.."ل".len()), Some(0..3));
    }
}
