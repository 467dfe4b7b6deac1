//! Lines that recur across pages of one source loaded together: a site's masthead, menu,
//! footer and "most read" box come back on every page, an article's own lines do not. This is
//! the strongest sign of furniture a reader has, counted here at load time over the pages
//! given together (a folder, or several files) and grouped by source.

use super::cues::is_word_char;
use super::lines::{line_key_of, KeySet, Line};
use super::meta::Meta;
use super::page::RECURRING_MAX_WORDS;
use crate::text::hash::{FastHash, Fnv};
use crate::text::normalize::fold_into;
use std::collections::HashMap;
use std::hash::Hasher;

/// Per group (a URL's host, else a source's name, else one group for pages naming neither),
/// the keys of lines found on at least `min_pages` of its pages.
#[derive(Debug, Default)]
pub struct Recurring {
    groups: HashMap<String, KeySet>,
}

/// The group a page counts in: its URL's host, else its source, else "".
pub fn group_of(meta: &Meta) -> String {
    if let Some(host) = meta
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
    {
        return host;
    }
    meta.source.clone().unwrap_or_default()
}

/// Counts lines as pages are added, then [`Counter::finish`] keeps the recurring ones.
#[derive(Debug, Default)]
pub struct Counter {
    counts: HashMap<String, HashMap<u64, usize, FastHash>>,
    /// Pages already seen (by their lines), so a page loaded twice does not make its own
    /// lines look recurring.
    seen: KeySet,
}

impl Counter {
    /// Adds one page: its group and its body lines (sanitized, headers removed).
    pub fn add<'a>(&mut self, group: &str, lines: impl Iterator<Item = &'a str>) {
        let mut keys = KeySet::default();
        let mut page = Fnv::default();
        let mut folded = String::new();
        for line in lines {
            folded.clear();
            fold_into(line, &mut folded);
            let words = || {
                folded
                    .split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty())
            };
            let n = words().take(RECURRING_MAX_WORDS + 1).count();
            if n == 0 {
                continue;
            }
            let key = line_key_of(words());
            page.write_u64(key);
            if n <= RECURRING_MAX_WORDS {
                keys.insert(key);
            }
        }
        self.count_page(group, page.finish(), keys);
    }

    /// Adds one page from its prepared lines: their words are the ones [`Counter::add`]
    /// would fold and split, so nothing is folded twice.
    pub fn add_lines(&mut self, group: &str, lines: &[Line]) {
        let mut keys = KeySet::default();
        let mut page = Fnv::default();
        for line in lines.iter().filter(|l| !l.words.is_empty()) {
            let key = line.key;
            page.write_u64(key);
            if line.n_words() <= RECURRING_MAX_WORDS {
                keys.insert(key);
            }
        }
        self.count_page(group, page.finish(), keys);
    }

    /// Counts a page's keys once, unless a page with the same lines was counted already.
    fn count_page(&mut self, group: &str, page: u64, keys: KeySet) {
        if !self.seen.insert(page) {
            return;
        }
        let group = self.counts.entry(group.to_string()).or_default();
        for k in keys {
            *group.entry(k).or_default() += 1;
        }
    }

    /// The lines found on at least `min_pages` pages of their group.
    pub fn finish(self, min_pages: usize) -> Recurring {
        let groups = self
            .counts
            .into_iter()
            .map(|(g, counts)| {
                let keys = counts
                    .into_iter()
                    .filter(|&(_, n)| n >= min_pages.max(2))
                    .map(|(k, _)| k)
                    .collect();
                (g, keys)
            })
            .collect();
        Recurring { groups }
    }
}

impl Recurring {
    /// The recurring lines of a page's group.
    pub fn for_meta(&self, meta: &Meta) -> Option<&KeySet> {
        self.groups.get(&group_of(meta)).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_on_three_pages_recur_and_a_page_twice_does_not_count() {
        let mut c = Counter::default();
        c.add("x.com", ["جريدة المساء", "خبر أول"].into_iter());
        c.add("x.com", ["جريدة المساء", "خبر ثان"].into_iter());
        c.add("x.com", ["جريدة المساء", "خبر ثان"].into_iter());
        c.add("y.com", ["جريدة المساء", "خبر ثالث"].into_iter());
        let r = c.finish(3);
        let meta = |u: &str| Meta {
            url: Some(u.to_string()),
            ..Meta::default()
        };
        assert!(
            r.for_meta(&meta("https://x.com/a")).is_none(),
            "2 distinct pages only"
        );
        let mut c = Counter::default();
        for body in ["أ", "ب", "ج"] {
            c.add("x.com", ["جريدة المساء", body].into_iter());
        }
        let r = c.finish(3);
        let set = r.for_meta(&meta("https://www.x.com/a")).expect("recurring");
        assert_eq!(set.len(), 1);
    }
}
