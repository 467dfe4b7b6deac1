//! Lexicons: the data files under `src/facts/data/`, compiled in, parsed once on first use
//! into phrase maps keyed by folded tokens. Adding a word never needs a code change.

use super::token::{key_of, Para};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub use crate::text::hash::Fnv;

/// A hash map with [`Fnv`] hashing.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A hash set with [`Fnv`] hashing.
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

/// Entries of a sectioned data file: `[section]` headers, then `WORDS<TAB>VALUE` lines
/// (`#` starts a comment line). Keys come back folded and tokenized like paragraph text.
pub fn sections(text: &str) -> HashMap<String, Vec<(String, String)>> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            continue;
        }
        let (words, value) = line.split_once('\t').unwrap_or((line, ""));
        let key = key_of(words.trim());
        if !key.is_empty() {
            out.entry(current.clone())
                .or_default()
                .push((key, value.trim().to_string()));
        }
    }
    out
}

/// Multi-word phrases keyed by their first folded token, longest tried first.
#[derive(Debug)]
pub struct PhraseMap<V> {
    by_first: FastMap<String, Vec<(Vec<String>, V)>>,
}

impl<V> Default for PhraseMap<V> {
    fn default() -> Self {
        PhraseMap {
            by_first: FastMap::default(),
        }
    }
}

impl<V> PhraseMap<V> {
    /// Adds a phrase given as folded tokens joined by single spaces (as [`key_of`] makes
    /// them). The first value given for a phrase wins.
    pub fn insert(&mut self, key: &str, value: V) {
        let mut words = key.split(' ');
        let Some(first) = words.next().filter(|w| !w.is_empty()) else {
            return;
        };
        let rest: Vec<String> = words.map(str::to_string).collect();
        let list = self.by_first.entry(first.to_string()).or_default();
        if list.iter().any(|(r, _)| *r == rest) {
            return;
        }
        let at = list.partition_point(|(r, _)| r.len() >= rest.len());
        list.insert(at, (rest, value));
    }

    /// The longest phrase starting at token `i` whose first word is `first` (the token
    /// itself, or what is left of it once a clitic is split off). Returns the end token
    /// (exclusive) and the value.
    pub fn longest(&self, p: &Para, i: usize, first: &str) -> Option<(usize, &V)> {
        let list = self.by_first.get(first)?;
        list.iter()
            .find(|(rest, _)| rest.iter().enumerate().all(|(k, w)| p.f(i + 1 + k) == w))
            .map(|(rest, v)| (i + 1 + rest.len(), v))
    }

    /// The first words of all phrases.
    pub fn firsts(&self) -> impl Iterator<Item = &String> {
        self.by_first.keys()
    }

    pub fn contains_first(&self, first: &str) -> bool {
        self.by_first.contains_key(first)
    }
}

/// A set of single folded words.
pub fn word_set(entries: Option<&Vec<(String, String)>>) -> FastSet<String> {
    entries
        .map(|e| e.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default()
}

/// The ways an Arabic word may carry proclitics, most literal first: the word itself, then
/// with و/ف, then ب/ل/ك, then the article (لل stands for ل + ال). Each is (chars split off,
/// what is left). Latin words come back only as themselves.
pub fn clitic_splits(word: &str) -> Vec<(usize, String)> {
    let mut out = vec![(0, word.to_string())];
    proclitic_splits(word, |cut, alef, rest| {
        let mut s = String::with_capacity(alef.len() + rest.len());
        s.push_str(alef);
        s.push_str(rest);
        out.push((cut, s));
    });
    out
}

/// [`clitic_splits`] without the word itself and without building strings: each split is
/// given to `f` as (chars split off, an ا to put back or "", the rest of the word), in the
/// same order. Tokenizing calls it for every word, so it allocates nothing.
pub fn proclitic_splits(word: &str, mut f: impl FnMut(usize, &str, &str)) {
    let Some(first) = word.chars().next() else {
        return;
    };
    if !('\u{0600}'..='\u{06FF}').contains(&first) {
        return;
    }
    let n = word.chars().count();
    // Char `k` of the word, when the `k` chars before it are Arabic letters (two bytes
    // each in UTF-8, as every char of U+0600..U+06FF is): only ever asked so.
    let at = |k: usize| word.get(2 * k..).and_then(|s| s.chars().next());
    let rest = |k: usize| word.get(2 * k..).unwrap_or("");
    let mut i = 0;
    if matches!(first, 'و' | 'ف') && n > 3 {
        i = 1;
        f(1, "", rest(1));
    }
    let after_conj = i;
    if let Some(c) = at(i) {
        if matches!(c, 'ب' | 'ل' | 'ك') && n > i + 3 {
            if c == 'ل' && at(i + 1) == Some('ل') {
                // للكرملين = ل + الكرملين
                f(i + 1, "ا", rest(i + 1));
            }
            f(i + 1, "", rest(i + 1));
            i += 1;
        }
    }
    // The article itself, for lexicon names written without it (ال + باكو is rare, but
    // الروسي -> روسي matters for gentilics).
    for start in [after_conj, i] {
        let article = at(start) == Some('ا') && at(start + 1) == Some('ل');
        if article && n > start + 4 {
            f(start + 2, "", rest(start + 2));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_keep_the_whole_word_first() {
        let s = clitic_splits("لبنان");
        assert_eq!(s[0], (0, "لبنان".to_string()));
        let s = clitic_splits("للكرملين");
        assert!(s.contains(&(1, "الكرملين".to_string())));
        let s = clitic_splits("وأذربيجان");
        assert!(s.iter().any(|(n, w)| *n == 1 && w == "أذربيجان"));
        assert_eq!(clitic_splits("Baku"), vec![(0, "Baku".to_string())]);
    }

    #[test]
    fn longest_phrase_wins() {
        let mut m = PhraseMap::default();
        m.insert("الولايات", 1);
        m.insert("الولايات المتحده", 2);
        let p = Para::new("في الولايات المتحدة اليوم");
        assert_eq!(m.longest(&p, 1, p.f(1)), Some((3, &2)));
    }
}
