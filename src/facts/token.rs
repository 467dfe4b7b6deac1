//! Tokens of one paragraph: words, digit runs and punctuation, each with its folded form (for
//! lexicon look-up) and its char offsets in the original text (for the facts' spans).
//!
//! Folding is [`crate::text::fold_for_match`] (hamza forms, alef maqsura, ta marbuta, harakat,
//! tatweel, digits, case), plus typographic apostrophes and quotation marks, so that lexicon
//! keys are written once in plain spelling.

use crate::text::fold_for_match;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Letters (any script), with inner apostrophes (`king's`, `b'av`).
    Word,
    /// ASCII digits after folding (Arabic-Indic and Persian digits included).
    Digits,
    /// One punctuation or symbol char.
    Punct,
}

/// One token. `start..end` are char offsets (Unicode scalar values) in the original paragraph.
#[derive(Clone, Debug)]
pub struct Token {
    pub class: Class,
    /// Byte range of the folded form in [`Para::folded`].
    pub fold: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
    /// White space (or the paragraph start) right before the token: `false` for `و1150`'s
    /// digits, `3km`'s unit, the `,` of `1,200`.
    pub space_before: bool,
    /// The token starts with an upper-case letter (English names).
    pub upper: bool,
}

/// A tokenized paragraph.
#[derive(Debug, Default)]
pub struct Para<'a> {
    pub text: &'a str,
    pub folded: String,
    pub tokens: Vec<Token>,
    /// For each Arabic word, the ways it may carry proclitics besides itself (see
    /// [`super::lexicon::clitic_splits`]), computed once: look-ups try them for every pattern.
    /// Kept flat, with no allocation per word: token `i`'s splits are
    /// `splits[split_ends[i - 1]..split_ends[i]]`, each (chars cut, byte range in `split_text`).
    splits: Vec<(usize, std::ops::Range<usize>)>,
    split_ends: Vec<usize>,
    split_text: String,
    /// Byte offset in `text` of each char, and `text.len()` at the end: slicing by chars in
    /// constant time, always on char boundaries.
    bytes: Vec<usize>,
    /// The lexicons each token could be in ([`super::vocab`]), found on first use: tokenizing
    /// the lexicons themselves never asks.
    marks: std::cell::OnceCell<Vec<u32>>,
    /// Whether the paragraph is Arabic text for the tagger (`tagger::is_arabic_para`),
    /// found on first use: the rules and the tagger both ask.
    pub(super) arabic: std::cell::OnceCell<bool>,
}

impl<'a> Para<'a> {
    /// Folds and tokenizes `text`. Never panics; any input gives some tokens (maybe none).
    pub fn new(text: &'a str) -> Para<'a> {
        let folded = fold_for_match(text);
        // Original char offset of each folded char: walk the original alongside the
        // (non-decreasing) byte map.
        let mut orig_char = Vec::with_capacity(folded.map.len());
        let mut chars = text.char_indices().enumerate().peekable();
        let mut current = 0usize;
        for &byte in &folded.map {
            while let Some(&(ci, (bi, _))) = chars.peek() {
                if bi > byte {
                    break;
                }
                current = ci;
                chars.next();
            }
            orig_char.push(current);
        }
        let total_chars = text.chars().count();
        // Whether the original char behind folded char `k` is upper case: asked only at
        // the start of each token.
        let orig_upper = |k: usize| {
            folded.map.get(k).is_some_and(|&b| {
                text.get(b..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_uppercase)
            })
        };
        // Every buffer is sized up front: collecting from `chars()` guesses a quarter of the
        // bytes and grows (callgrind: reallocations were a fifth of tokenizing's count).
        let mut out = String::with_capacity(folded.text.len());
        let mut fchars: Vec<char> = Vec::with_capacity(folded.map.len());
        fchars.extend(folded.text.chars().map(fold_extra));
        let mut tokens = Vec::with_capacity(fchars.len() / 3 + 1);
        let mut i = 0;
        let mut space = true;
        while i < fchars.len() {
            let c = fchars[i];
            if c.is_whitespace() || c == '\u{200c}' || c == '\u{200f}' || c == '\u{200e}' {
                space = true;
                i += 1;
                continue;
            }
            let class = classify(c);
            let mut j = i + 1;
            match class {
                Class::Digits => {
                    while j < fchars.len() && fchars[j].is_ascii_digit() {
                        j += 1;
                    }
                }
                Class::Word => {
                    while j < fchars.len() {
                        let d = fchars[j];
                        let letter = classify(d) == Class::Word && !d.is_ascii_digit();
                        let apostrophe =
                            d == '\'' && fchars.get(j + 1).is_some_and(|n| n.is_alphabetic());
                        if letter || apostrophe {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
                Class::Punct => {}
            }
            let fstart = out.len();
            out.extend(&fchars[i..j]);
            let start = orig_char.get(i).copied().unwrap_or(total_chars);
            let end = orig_char.get(j).copied().unwrap_or(total_chars);
            tokens.push(Token {
                class,
                fold: fstart..out.len(),
                start,
                end: end.max(start + 1).min(total_chars.max(start + 1)),
                space_before: space,
                upper: orig_upper(i),
            });
            space = false;
            i = j;
        }
        let mut bytes: Vec<usize> = Vec::with_capacity(total_chars + 1);
        bytes.extend(text.char_indices().map(|(b, _)| b));
        bytes.push(text.len());
        let mut splits = Vec::with_capacity(tokens.len());
        let mut split_ends = Vec::with_capacity(tokens.len());
        let mut split_text = String::with_capacity(out.len() * 2);
        for t in &tokens {
            if let (Class::Word, Some(w)) = (t.class, out.get(t.fold.clone())) {
                super::lexicon::proclitic_splits(w, |cut, alef, rest| {
                    let a = split_text.len();
                    split_text.push_str(alef);
                    split_text.push_str(rest);
                    splits.push((cut, a..split_text.len()));
                });
            }
            split_ends.push(splits.len());
        }
        Para {
            text,
            folded: out,
            tokens,
            splits,
            split_ends,
            split_text,
            bytes,
            marks: std::cell::OnceCell::new(),
            arabic: std::cell::OnceCell::new(),
        }
    }

    /// The marks of token `i` ([`super::vocab`]): which lexicons the token or one of its
    /// clitic splits is in. 0 past the end.
    pub fn mark(&self, i: usize) -> u32 {
        self.marks
            .get_or_init(|| super::vocab::marks(self))
            .get(i)
            .copied()
            .unwrap_or(0)
    }

    /// Token `i`'s folded form and then its proclitic splits: (chars cut, what is left).
    pub fn splits(&self, i: usize) -> impl Iterator<Item = (usize, &str)> {
        let a = match i.checked_sub(1) {
            Some(k) => self.split_ends.get(k).copied().unwrap_or(0),
            None => 0,
        };
        let b = self.split_ends.get(i).copied().unwrap_or(a);
        let extra = self.splits.get(a..b).unwrap_or(&[]);
        std::iter::once((0, self.f(i)))
            .filter(|(_, w)| !w.is_empty())
            .chain(
                extra
                    .iter()
                    .map(|(c, r)| (*c, self.split_text.get(r.clone()).unwrap_or(""))),
            )
    }

    /// The original text of chars `start..end` (empty when out of range).
    pub fn slice(&self, start: usize, end: usize) -> String {
        match (self.bytes.get(start), self.bytes.get(end)) {
            (Some(&a), Some(&b)) if a <= b => self.text.get(a..b).unwrap_or("").to_string(),
            _ => String::new(),
        }
    }

    /// The original char at char offset `i`.
    pub fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(*self.bytes.get(i)?..)?.chars().next()
    }

    /// A mask over the tokens: `true` inside any of `ranges` (token index ranges).
    pub fn mask(&self, ranges: impl Iterator<Item = (usize, usize)>) -> Vec<bool> {
        let mut m = vec![false; self.tokens.len()];
        for (a, b) in ranges {
            for x in m.iter_mut().take(b).skip(a) {
                *x = true;
            }
        }
        m
    }

    /// The folded form of token `i` ("" past the end).
    pub fn f(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.folded.get(t.fold.clone()))
            .unwrap_or("")
    }

    pub fn class(&self, i: usize) -> Option<Class> {
        self.tokens.get(i).map(|t| t.class)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.class(i) == Some(Class::Word)
    }

    pub fn is_digits(&self, i: usize) -> bool {
        self.class(i) == Some(Class::Digits)
    }

    /// Token `i` is glued to the one before it (no white space between).
    pub fn glued(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| !t.space_before)
    }

    /// The folded forms of tokens `a..b` joined by single spaces.
    pub fn key(&self, a: usize, b: usize) -> String {
        let mut k = String::new();
        for i in a..b.min(self.tokens.len()) {
            if i > a {
                k.push(' ');
            }
            k.push_str(self.f(i));
        }
        k
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

fn classify(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digits
    } else if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
    {
        // Arabic letters, the common case, without the general Unicode table look-up.
        Class::Word
    } else if c.is_alphabetic() || is_mark(c) {
        Class::Word
    } else {
        Class::Punct
    }
}

/// Combining marks that survive folding (Persian, Urdu): part of the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x0610..=0x061A | 0x06D6..=0x06ED)
}

/// Folding beyond the text layer's: apostrophes and quotation marks to ASCII, so a lexicon
/// says `king's` once.
fn fold_extra(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        _ => c,
    }
}

/// Splits lexicon text into folded tokens the same way paragraphs are tokenized.
pub fn key_of(s: &str) -> String {
    let p = Para::new(s);
    p.key(0, p.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_chars_of_the_original() {
        let p = Para::new("غدًا و1150 كم، King's Day");
        let words: Vec<String> = (0..p.len()).map(|i| p.f(i).to_string()).collect();
        assert_eq!(words, ["غدا", "و", "1150", "كم", "،", "king's", "day"]);
        assert_eq!((p.tokens[0].start, p.tokens[0].end), (0, 4));
        assert!(!p.tokens[2].space_before);
        assert_eq!(p.slice(p.tokens[1].start, p.tokens[3].end), "و1150 كم");
        assert!(p.tokens[5].upper);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "",
            "\u{0}\u{1b}[31m",
            "\u{FEFB}",
            "ـــ",
            "٫٬",
            "\u{200f}\u{200f}",
        ] {
            let p = Para::new(s);
            for t in &p.tokens {
                assert!(t.start < t.end && t.end <= s.chars().count().max(1));
            }
        }
    }
}
