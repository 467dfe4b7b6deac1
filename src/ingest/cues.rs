//! Cue words for reading a scraped page, as data: one file per language in `cues/` (compiled
//! in) plus the user's own `$XDG_CONFIG_HOME/akhbar/cues.txt`. The rules that use them are in
//! `lines/` and `page/`; nothing here decides what a line is.

use crate::text::normalize::fold_into;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

const BUILT_IN: &[(&str, &str)] = &[
    ("ar", include_str!("cues/ar.txt")),
    ("fa", include_str!("cues/fa.txt")),
    ("ur", include_str!("cues/ur.txt")),
    ("he", include_str!("cues/he.txt")),
    ("en", include_str!("cues/en.txt")),
];

/// A phrase that names what a line is when the line starts with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    Heading,
    Tags,
    Byline,
    Desk,
    Source,
    Published,
    Updated,
    Caption,
    Staff,
    Copyright,
    /// Opens the readers' comments: on a news page nothing of the article comes after it.
    Comments,
    /// A newsletter or sign-up box (`Enter your email`, `اشترك في النشرة`), found anywhere
    /// in a short line.
    Signup,
    /// An opinion page's disclaimer (`The views expressed…`).
    Disclaimer,
    /// Starts a note on who the author is, after the text (`הכותב הוא…`).
    Bio,
    /// Opens an agency's body after its lead (`به گزارش …،`): a lone line above it is the
    /// lead, printed apart from the text.
    Opening,
}

pub use crate::text::hash::FastHash;
pub type WordSet = HashSet<String, FastHash>;

/// A folded word. Held inline up to 24 bytes (nearly every word of a page), so splitting a
/// line into words allocates once, for the vector, not once per word.
pub type Word = compact_str::CompactString;

/// Which calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    Hijri,
    Solar,
}

/// Every cue, folded (see [`fold_word`]).
#[derive(Debug, Default)]
pub struct Cues {
    pub stop: WordSet,
    pub nav: WordSet,
    pub share: WordSet,
    /// Words that label an advertisement's slot (`Advertisement`, `إعلان`).
    pub ad: WordSet,
    pub outlet: WordSet,
    pub relative: WordSet,
    pub weekday: WordSet,
    pub era_hijri: WordSet,
    pub era_solar: WordSet,
    pub era_greg: WordSet,
    /// Phrases as folded word sequences, longest first so the most specific wins.
    pub phrases: Vec<(Phrase, Vec<Word>)>,
    /// Month names as folded word sequences with their calendar and number (1-12).
    pub months: Vec<(Calendar, u32, Vec<Word>)>,
    /// Positions in `phrases` and `months` by first word, longest first: a line's words are
    /// looked up, not compared with every cue.
    phrase_index: HashMap<String, Vec<usize>, FastHash>,
    month_index: HashMap<String, Vec<usize>, FastHash>,
}

/// Folds a word or phrase the way page lines are folded, and splits it into words.
pub fn fold_words(s: &str) -> Vec<Word> {
    let mut folded = String::with_capacity(s.len());
    fold_into(s, &mut folded);
    split_words(&folded)
}

/// Splits folded text into words: runs of letters, digits, marks and joiners. Everything
/// else (spaces, punctuation, symbols) separates.
pub fn split_words(folded: &str) -> Vec<Word> {
    // Room for a word per space and one more: the vector is not grown word by word.
    let spaces = folded.bytes().filter(|&b| b == b' ').count();
    let mut out = Vec::with_capacity(spaces + 1);
    // One pass over the chars, a word cut out where a run of word chars ends.
    let mut start = None;
    for (at, ch) in folded.char_indices() {
        match (is_word_char(ch), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push(Word::new(&folded[s..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word::new(&folded[s..]));
    }
    out
}

/// Letters, digits, combining marks, ZWNJ/ZWJ and the in-word marks of Hebrew abbreviations.
pub fn is_word_char(c: char) -> bool {
    // The scripts of the pages read most, without the Unicode tables.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Arabic, the Persian and Urdu letters after them (پ چ ژ گ ٹ ڈ ڑ ں ہ ھ ے), Hebrew.
    if ('\u{0621}'..='\u{063a}').contains(&c)
        || ('\u{0641}'..='\u{064a}').contains(&c)
        || ('\u{0671}'..='\u{06d3}').contains(&c)
        || ('\u{05d0}'..='\u{05ea}').contains(&c)
    {
        return true;
    }
    // The joiners of Persian and Urdu words, asked before the Unicode tables.
    if matches!(c, '\u{200c}' | '\u{200d}') {
        return true;
    }
    c.is_alphanumeric()
        || matches!(c, '\u{200c}' | '\u{200d}' | '\u{05f3}' | '\u{05f4}')
        || ('\u{0610}'..='\u{061a}').contains(&c)
        || ('\u{064b}'..='\u{065f}').contains(&c)
        || c == '\u{0670}'
        || ('\u{06d6}'..='\u{06ed}').contains(&c)
        || ('\u{0591}'..='\u{05c7}').contains(&c)
}

/// The cues in effect: the built-in files and the user's file, read once.
pub fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut cues = Cues::default();
        for (_, text) in BUILT_IN {
            cues.add(text);
        }
        if let Some(text) = user_file().and_then(|p| std::fs::read_to_string(p).ok()) {
            cues.add(&text);
        }
        cues.index();
        cues
    })
}

/// `$XDG_CONFIG_HOME/akhbar/cues.txt`, or `~/.config/akhbar/cues.txt`.
pub fn user_file() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(dir.join("akhbar").join("cues.txt"))
}

impl Cues {
    /// Sorts phrases and months longest first and indexes them by first word; call after the
    /// last [`Cues::add`].
    pub fn index(&mut self) {
        self.phrases
            .sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        self.months
            .sort_by_key(|(_, _, words)| std::cmp::Reverse(words.len()));
        self.phrase_index.clear();
        for (i, (_, words)) in self.phrases.iter().enumerate() {
            self.phrase_index
                .entry(words[0].to_string())
                .or_default()
                .push(i);
        }
        self.month_index.clear();
        for (i, (_, _, words)) in self.months.iter().enumerate() {
            self.month_index
                .entry(words[0].to_string())
                .or_default()
                .push(i);
        }
    }

    /// Adds the entries of one cue file; a line it cannot read is skipped.
    pub fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, rest)) = line.split_once(':') else {
                continue;
            };
            let rest = rest.trim();
            let set = match kind.trim() {
                "stop" => Some(&mut self.stop),
                "nav" => Some(&mut self.nav),
                "share" => Some(&mut self.share),
                "ad" => Some(&mut self.ad),
                "outlet" => Some(&mut self.outlet),
                "relative" => Some(&mut self.relative),
                "weekday" => Some(&mut self.weekday),
                "era_hijri" => Some(&mut self.era_hijri),
                "era_solar" => Some(&mut self.era_solar),
                "era_greg" => Some(&mut self.era_greg),
                _ => None,
            };
            if let Some(set) = set {
                set.extend(fold_words(rest).into_iter().map(String::from));
                continue;
            }
            let calendar = match kind.trim() {
                "month" => Some(Calendar::Gregorian),
                "hijri" => Some(Calendar::Hijri),
                "solar" => Some(Calendar::Solar),
                _ => None,
            };
            if let Some(calendar) = calendar {
                let Some((n, names)) = rest.split_once(' ') else {
                    continue;
                };
                let Ok(n) = n.trim().parse::<u32>() else {
                    continue;
                };
                if !(1..=12).contains(&n) {
                    continue;
                }
                for name in names.split('|') {
                    let words = fold_words(name);
                    if !words.is_empty() {
                        self.months.push((calendar, n, words));
                    }
                }
                continue;
            }
            let phrase = match kind.trim() {
                "heading" => Phrase::Heading,
                "tags" => Phrase::Tags,
                "byline" => Phrase::Byline,
                "desk" => Phrase::Desk,
                "source" => Phrase::Source,
                "published" => Phrase::Published,
                "updated" => Phrase::Updated,
                "caption" => Phrase::Caption,
                "staff" => Phrase::Staff,
                "copyright" => Phrase::Copyright,
                "comments" => Phrase::Comments,
                "signup" => Phrase::Signup,
                "disclaimer" => Phrase::Disclaimer,
                "bio" => Phrase::Bio,
                "opening" => Phrase::Opening,
                _ => continue,
            };
            let words = fold_words(rest);
            if !words.is_empty() {
                self.phrases.push((phrase, words));
            }
        }
    }

    /// The kinds of phrase `words` starts with, most specific (longest) first, with the
    /// number of words each takes.
    pub fn phrases_at_start<'a>(
        &'a self,
        words: &'a [Word],
    ) -> impl Iterator<Item = (Phrase, usize)> + 'a {
        words
            .first()
            .and_then(|w| self.phrase_index.get(w.as_str()))
            .into_iter()
            .flatten()
            .map(|&i| &self.phrases[i])
            .filter(move |(_, p)| words.starts_with(p))
            .map(|(k, p)| (*k, p.len()))
    }

    /// A phrase of two words or more whose last word the line's glues to what follows
    /// (`تصویر کا ذریعہGetty`): a label and its value scraped without the space between.
    pub fn glued_at_start(&self, words: &[Word]) -> Option<Phrase> {
        let first = words.first()?;
        self.phrase_index
            .get(first.as_str())
            .into_iter()
            .flatten()
            .map(|&i| &self.phrases[i])
            .find(|(_, p)| {
                let k = p.len();
                k >= 2
                    && words.len() >= k
                    && words[..k - 1] == p[..k - 1]
                    && words[k - 1].len() >= p[k - 1].len() + 2
                    && words[k - 1].starts_with(p[k - 1].as_str())
            })
            .map(|(kind, _)| *kind)
    }

    /// Whether `words` contains the phrase kind anywhere; returns the word index.
    pub fn phrase_within(&self, words: &[Word], kind: Phrase) -> Option<usize> {
        self.phrase_within_any(words, &[kind])
    }

    /// The first word index where a phrase of one of `kinds` starts.
    pub fn phrase_within_any(&self, words: &[Word], kinds: &[Phrase]) -> Option<usize> {
        (0..words.len()).find(|&i| {
            self.phrases_at_start(&words[i..])
                .any(|(k, _)| kinds.contains(&k))
        })
    }

    /// The month whose name starts at `words[i]`: (calendar, number, words taken). A word
    /// with the Hebrew prefix ב or ל ("במרץ") counts as the month.
    pub fn month_at(&self, words: &[Word], i: usize) -> Option<(Calendar, u32, usize)> {
        let rest = words.get(i..)?;
        let first = rest.first()?;
        for &k in self.month_index.get(first.as_str()).into_iter().flatten() {
            let (cal, n, name) = &self.months[k];
            if rest.starts_with(name) {
                return Some((*cal, *n, name.len()));
            }
        }
        let stripped = first
            .strip_prefix('ב')
            .or_else(|| first.strip_prefix('ל'))
            .or_else(|| first.strip_prefix('ו'))?;
        self.month_index
            .get(stripped)
            .into_iter()
            .flatten()
            .map(|&k| &self.months[k])
            .find(|(_, _, name)| name.len() == 1)
            .map(|(cal, n, _)| (*cal, *n, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_gives_every_set() {
        for (lang, text) in BUILT_IN {
            let mut c = Cues::default();
            c.add(text);
            c.index();
            assert!(!c.stop.is_empty(), "{lang}: stopwords");
            assert!(!c.share.is_empty(), "{lang}: share words");
            assert!(
                c.phrases.iter().any(|(k, _)| *k == Phrase::Heading),
                "{lang}: headings"
            );
            assert!(
                c.months
                    .iter()
                    .filter(|(cal, _, _)| *cal == Calendar::Gregorian)
                    .map(|(_, n, _)| *n)
                    .collect::<HashSet<_>>()
                    .len()
                    == 12,
                "{lang}: twelve months"
            );
        }
    }

    #[test]
    fn the_fast_letter_ranges_agree_with_the_unicode_tables() {
        for c in ('\u{0600}'..='\u{06ff}').chain('\u{0590}'..='\u{05ff}') {
            let slow = c.is_alphanumeric()
                || matches!(c, '\u{200c}' | '\u{200d}' | '\u{05f3}' | '\u{05f4}')
                || ('\u{0610}'..='\u{061a}').contains(&c)
                || ('\u{064b}'..='\u{065f}').contains(&c)
                || c == '\u{0670}'
                || ('\u{06d6}'..='\u{06ed}').contains(&c)
                || ('\u{0591}'..='\u{05c7}').contains(&c);
            assert_eq!(is_word_char(c), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn months_and_phrases_are_found() {
        let c = cues();
        let w = fold_words("15 كانون الثاني 2024");
        assert_eq!(c.month_at(&w, 1), Some((Calendar::Gregorian, 1, 2)));
        let w = fold_words("15 במרץ 2024");
        assert_eq!(c.month_at(&w, 1), Some((Calendar::Gregorian, 3, 1)));
        let w = fold_words("۲۵ اسفند ۱۴۰۲");
        assert_eq!(c.month_at(&w, 1), Some((Calendar::Solar, 12, 1)));
        let w = fold_words("اقرأ أيضاً: عنوان");
        assert_eq!(
            c.phrases_at_start(&w).next().map(|(k, _)| k),
            Some(Phrase::Heading)
        );
    }
}
