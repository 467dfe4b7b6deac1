//! Words for the full-text index: one tokenizer, used when an article is indexed and when a
//! query is read, so the two always agree. A token is a word of the text folded by
//! [`fold_for_match`] (hamza forms, alef maqsura, ta marbuta, harakat, tatweel, Arabic-Indic
//! and Persian digits, Persian keheh and yeh, case), with the Arabic article ال taken off
//! together with the proclitics written before it (و ف, then ب ك ل; «لل» is ل + ال):
//! «والكرملين», «بالكرملين», «للكرملين» and «الكرملين» are all the token «كرملين».
//!
//! Proclitics without the article are not taken off a stored word: with no dictionary, «وزير»
//! and «بوتين» cannot be told from «و» + «زير» and «ب» + «وتين». The query side covers them
//! instead: [`variants`] gives a query token and its forms with one or two proclitics, and
//! the index is asked for any of them.
//!
//! This lives in the text layer (not in `search`) because the store calls it on every write
//! and the store may not use `search`; `search::tokens` re-exports it.

use super::normalize::{fold_for_match, fold_into};
use std::ops::Range;

/// One word of a text: its token and where the word is written in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Byte range of the whole written word in the original (proclitics and harakat
    /// included), on char boundaries.
    pub range: Range<usize>,
}

/// The shortest stem left after taking off the article: «الي» (إلى) and «والي» stay whole.
const MIN_STEM_CHARS: usize = 2;

/// The shortest token given proclitic variants at query time: «رد» is not looked up as
/// «ورد» or «برد».
const MIN_VARIANT_CHARS: usize = 3;

/// Longest token kept, in chars: a run of letters longer than this is not a word anyone
/// types, and the cap keeps a hostile body from making huge index terms.
const MAX_TOKEN_CHARS: usize = 64;

/// Whether `c` belongs to a word. Letters and digits do; so do the combining marks of the
/// scripts that write vowels as marks (Devanagari and its neighbours, Hebrew points, Latin
/// accents left after folding), which would otherwise cut words in two.
fn is_word_char(c: char) -> bool {
    // The scripts news is mostly written in (Latin, Greek, Cyrillic, Hebrew, Arabic) lie
    // below U+0800: their answers are worked out once into a bit table, since the standard
    // library's alphabetic lookup outside ASCII is a binary search per character.
    static LOW: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    let cp = c as usize;
    if cp < 0x800 {
        let bits = LOW.get_or_init(|| {
            let mut bits = [0u64; 32];
            for cp in 0..0x800 {
                if char::from_u32(cp as u32).is_some_and(is_word_char_slow) {
                    bits[cp / 64] |= 1 << (cp % 64);
                }
            }
            bits
        });
        return bits[cp / 64] & (1 << (cp % 64)) != 0;
    }
    is_word_char_slow(c)
}

fn is_word_char_slow(c: char) -> bool {
    if c.is_alphanumeric() {
        return true;
    }
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}'
        | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}'
        | '\u{0900}'..='\u{0963}' | '\u{0966}'..='\u{0DFF}')
}

/// Joiners inside a word (Persian writes «می‌خواهم» with a ZWNJ): dropped, neither a break
/// nor part of the token.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

const CONJ: [char; 2] = ['و', 'ف'];
const PREP: [char; 3] = ['ب', 'ك', 'ل'];

/// The token of one folded word: the word without its article (and the proclitics before
/// it), or the word itself.
pub fn stem(word: &str) -> &str {
    // Only the first few letters decide: a conjunction, a preposition, then «ال» or «لل»,
    // and a stem of at least MIN_STEM_CHARS after them. `n` counts letters up to that need.
    const LOOK: usize = 3 + 2 + MIN_STEM_CHARS;
    let mut chars = ['\0'; LOOK];
    let mut bytes = [0; LOOK];
    let mut n = 0;
    for (b, c) in word.char_indices().take(LOOK) {
        chars[n] = c;
        bytes[n] = b;
        n += 1;
    }
    let at = |i: usize| (i < n).then(|| chars[i]);
    // Only called for a position before the n-th letter (a stem of MIN_STEM_CHARS follows).
    let from = |i: usize| &word[bytes[i]..];
    let conj = at(0).is_some_and(|c| CONJ.contains(&c));
    for p0 in [conj.then_some(1), Some(0)].into_iter().flatten() {
        // ل + ال is written «لل».
        if at(p0) == Some('ل') && at(p0 + 1) == Some('ل') && n >= p0 + 2 + MIN_STEM_CHARS {
            return from(p0 + 2);
        }
        let prep = at(p0).is_some_and(|c| PREP.contains(&c));
        for p1 in [prep.then_some(p0 + 1), Some(p0)].into_iter().flatten() {
            if at(p1) == Some('ا') && at(p1 + 1) == Some('ل') && n >= p1 + 2 + MIN_STEM_CHARS {
                return from(p1 + 2);
            }
        }
    }
    word
}

/// Hands each word of `text` to `push` as (folded word, char index where it starts in the
/// folded text, its length in chars); joiners are dropped from the word.
fn words(folded: &str, push: &mut impl FnMut(&str, usize, usize)) {
    let mut word = String::new();
    let mut start = 0;
    let mut len = 0;
    for (ci, c) in folded.chars().enumerate() {
        if is_word_char(c) {
            if word.is_empty() {
                start = ci;
            }
            word.push(c);
            len = ci + 1 - start;
        } else if is_joiner(c) && !word.is_empty() {
            len = ci + 1 - start;
        } else if !word.is_empty() {
            push(&word, start, len);
            word.clear();
        }
    }
    if !word.is_empty() {
        push(&word, start, len);
    }
}

fn capped(token: &str) -> &str {
    if token.len() <= MAX_TOKEN_CHARS {
        return token; // no more chars than bytes
    }
    match token.char_indices().nth(MAX_TOKEN_CHARS) {
        Some((b, _)) => &token[..b],
        None => token,
    }
}

/// The tokens of `text` joined by single spaces, appended to `out`: what is stored in the
/// index (its own tokenizer only splits at spaces). `scratch` is reused between calls.
pub fn index_text(text: &str, out: &mut String, scratch: &mut String) {
    scratch.clear();
    fold_into(text, scratch);
    words(scratch, &mut |w, _, _| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(capped(stem(w)));
    });
}

/// The tokens of `text` with where each word is written: for snippets and highlights.
pub fn tokens(text: &str) -> Vec<Token> {
    let folded = fold_for_match(text);
    let mut char_bytes: Vec<usize> = folded.text.char_indices().map(|(b, _)| b).collect();
    char_bytes.push(folded.text.len());
    let mut out = Vec::new();
    words(&folded.text, &mut |w, start, len| {
        let (Some(&a), Some(&b)) = (char_bytes.get(start), char_bytes.get(start + len)) else {
            return;
        };
        if let Some(range) = folded.source_range(a..b) {
            out.push(Token {
                text: capped(stem(w)).to_string(),
                range,
            });
        }
    });
    out
}

/// The tokens of a query's text, in order (a phrase gives several).
pub fn query_tokens(text: &str) -> Vec<String> {
    let mut joined = String::new();
    index_text(text, &mut joined, &mut String::new());
    joined
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// Whether a token is written in Arabic letters (proclitic variants apply).
fn is_arabic(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| ('\u{0620}'..='\u{064A}').contains(&c))
}

/// A query token and the forms the same word takes after bare proclitics (و ف, ب ك ل, and
/// a conjunction before a preposition), which the index keeps as written: «بوتين» is also
/// looked up as «وبوتين», «لبوتين», «فببوتين»... The token itself comes first.
pub fn variants(token: &str) -> Vec<String> {
    let mut out = vec![token.to_string()];
    if !is_arabic(token) || token.chars().count() < MIN_VARIANT_CHARS {
        return out;
    }
    for p in PREP {
        out.push(format!("{p}{token}"));
    }
    for c in CONJ {
        out.push(format!("{c}{token}"));
        for p in PREP {
            out.push(format!("{c}{p}{token}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule of [`stem`] written plainly over a vector of chars, the way it was first
    /// written: the fast version must agree with it on every word of the letters it looks at.
    fn reference_stem(word: &str) -> String {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        let at = |i: usize| chars.get(i).copied();
        let from = |i: usize| chars[i.min(n)..].iter().collect::<String>();
        let mut starts = vec![0];
        if at(0).is_some_and(|c| CONJ.contains(&c)) {
            starts.insert(0, 1);
        }
        for p0 in starts {
            if at(p0) == Some('ل') && at(p0 + 1) == Some('ل') && n >= p0 + 2 + MIN_STEM_CHARS {
                return from(p0 + 2);
            }
            let mut p1s = vec![p0];
            if at(p0).is_some_and(|c| PREP.contains(&c)) {
                p1s.insert(0, p0 + 1);
            }
            for p1 in p1s {
                if at(p1) == Some('ا') && at(p1 + 1) == Some('ل') && n >= p1 + 2 + MIN_STEM_CHARS
                {
                    return from(p1 + 2);
                }
            }
        }
        word.to_string()
    }

    #[test]
    fn stem_agrees_with_the_plain_rule_on_every_short_word() {
        let letters = ['و', 'ف', 'ب', 'ك', 'ل', 'ا', 'م', 'e'];
        let mut words = vec![String::new()];
        let mut checked = 0;
        for _ in 0..7 {
            let mut longer = Vec::new();
            for w in &words {
                assert_eq!(stem(w), reference_stem(w), "{w}");
                checked += 1;
                for c in letters {
                    longer.push(format!("{w}{c}"));
                }
            }
            words = longer;
        }
        assert_eq!(checked, (0..7).map(|k| 8usize.pow(k)).sum::<usize>());
    }

    #[test]
    fn word_chars_below_u0800_agree_with_the_plain_rule() {
        for c in (0..0x900u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_slow(c), "U+{:04X}", c as u32);
        }
    }

    fn toks(s: &str) -> Vec<String> {
        query_tokens(s)
    }

    #[test]
    fn the_article_and_the_proclitics_before_it_come_off() {
        for w in [
            "الكرملين",
            "والكرملين",
            "فالكرملين",
            "بالكرملين",
            "كالكرملين",
            "للكرملين",
            "وللكرملين",
            "وبالكرملين",
            "فللكرملين",
            "كرملين",
        ] {
            assert_eq!(toks(w), ["كرملين"], "{w}");
        }
    }

    #[test]
    fn short_words_are_not_destroyed() {
        // إلى folds to «الي»; «والي» is a governor; «الا»; «لله».
        assert_eq!(toks("إلى والي الا لله"), ["الي", "والي", "الا", "لله"]);
        assert_eq!(toks("الحج"), ["حج"]);
        // Bare proclitics stay on the stored word.
        assert_eq!(toks("وزير بوتين وقال"), ["وزير", "بوتين", "وقال"]);
    }

    #[test]
    fn bare_proclitics_are_found_through_variants() {
        let v = variants("بوتين");
        for form in [
            "بوتين",
            "وبوتين",
            "فبوتين",
            "لبوتين",
            "ببوتين",
            "كبوتين",
            "وببوتين",
            "فلبوتين",
        ] {
            assert!(v.contains(&form.to_string()), "{form}");
        }
        assert_eq!(v[0], "بوتين");
        assert_eq!(variants("رد"), ["رد"]);
        assert_eq!(variants("putin"), ["putin"]);
    }

    #[test]
    fn hamza_maqsura_marbuta_harakat_and_persian_letters_fold() {
        assert_eq!(toks("أذربيجان إذاعة آمال"), ["اذربيجان", "اذاعه", "امال"]);
        assert_eq!(toks("مصطفى مدرسة"), ["مصطفي", "مدرسه"]);
        assert_eq!(toks("وَزِيرُ الخَارِجِيَّةِ"), ["وزير", "خارجيه"]);
        assert_eq!(toks("کتاب ایران"), ["كتاب", "ايران"]);
        assert_eq!(toks("کـــتاب"), ["كتاب"]);
        assert_eq!(toks("می\u{200C}خواهم"), ["ميخواهم"]);
    }

    #[test]
    fn digits_case_and_punctuation() {
        assert_eq!(toks("عام ٢٠٢٣ و۱۴۰۲"), ["عام", "2023", "و1402"]);
        assert_eq!(
            toks("Putin's VISIT, (Baku)!"),
            ["putin", "s", "visit", "baku"]
        );
        assert_eq!(toks("«الكرملين»، قال: «نعم»."), ["كرملين", "قال", "نعم"]);
        assert_eq!(toks("हिन्दी"), ["हिन्दी"]);
        assert!(toks("  ... ؟ ").is_empty());
    }

    #[test]
    fn tokens_point_at_the_written_words() {
        let t = "قال الكرملينُ، وبالكرملين غدًا";
        let got: Vec<(String, &str)> = tokens(t)
            .into_iter()
            .map(|k| (k.text, &t[k.range]))
            .collect();
        assert_eq!(
            got,
            [
                ("قال".to_string(), "قال"),
                ("كرملين".to_string(), "الكرملينُ"),
                ("كرملين".to_string(), "وبالكرملين"),
                ("غدا".to_string(), "غدًا"),
            ]
        );
    }

    #[test]
    fn hostile_text_gives_bounded_tokens() {
        let long = "ب".repeat(10_000);
        let t = toks(&long);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].chars().count(), MAX_TOKEN_CHARS);
        assert!(toks("\u{0}\u{1b}[31m x").contains(&"x".to_string()));
    }
}
