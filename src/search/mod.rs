//! Filtering articles by a typed query (see [`query`]): fuzzy matching (fuzzy-matcher's skim
//! algorithm) on folded keys, so that «احمد» finds «أحمد»; ranked by score, then by date.

pub mod query;

use crate::model::Lang;
use crate::text::normalize::fold_for_match;
use chrono::NaiveDate;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use query::{Clause, Query};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the filter matches an article against, folded once when the article is listed.
#[derive(Debug, Clone)]
pub struct Haystack {
    /// Folded `title · source`: what plain words and phrases match.
    pub key: String,
    /// Folded source, for `source:`.
    pub source: String,
    pub date: Option<NaiveDate>,
    pub lang: Lang,
}

impl Haystack {
    pub fn new(title: &str, source: Option<&str>, date: Option<NaiveDate>, lang: Lang) -> Haystack {
        let mut key = fold_for_match(title).text;
        let source = source.map(|s| fold_for_match(s).text).unwrap_or_default();
        if !source.is_empty() {
            key.push_str(" · ");
            key.push_str(&source);
        }
        Haystack {
            key,
            source,
            date,
            lang,
        }
    }
}

/// One article that matched, by its index across the haystack chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

/// Haystacks in chunks, as they were loaded: appending a chunk shares the earlier ones
/// instead of copying them. Article `i` is the `i`-th haystack across the chunks.
pub type Chunks = [Arc<[Haystack]>];

/// Whether a haystack meets the clauses that need only its text, date and language. Triage
/// clauses (`is:`, `tag:`) and content clauses (`fact:`, `body:`) are left to the caller, who
/// holds that state; they pass here. Returns the fuzzy score when it does.
fn score(matcher: &SkimMatcherV2, h: &Haystack, q: &Query) -> Option<i64> {
    let mut total = 0;
    for clause in &q.clauses {
        let ok = match clause {
            Clause::Fuzzy(t) => match matcher.fuzzy_match(&h.key, t) {
                Some(s) => {
                    total += s;
                    true
                }
                None => false,
            },
            // An exact phrase scores above any scattered match of the same letters.
            Clause::Phrase(t) => {
                let found = h.key.contains(t.as_str());
                total += if found { 1000 } else { 0 };
                found
            }
            Clause::Not(t) => !h.key.contains(t.as_str()),
            Clause::Source(t) => h.source.contains(t.as_str()),
            Clause::Lang(l) => h.lang == *l,
            Clause::After(d) => h.date.is_some_and(|x| x >= *d),
            Clause::Before(d) => h.date.is_some_and(|x| x < *d),
            Clause::Is(_) | Clause::Tag(_) | Clause::Fact(_) | Clause::Body(_) => true,
        };
        if !ok {
            return None;
        }
    }
    Some(total)
}

/// Scores every haystack against the query. An empty query keeps every article in its
/// order. Returns `None` when `cancel` was set part way, because a newer query replaced
/// this one.
pub fn filter(chunks: &Chunks, query: &Query, cancel: &AtomicBool) -> Option<Vec<Hit>> {
    filter_within(chunks, query, None, cancel)
}

/// Like [`filter`], but when `within` is given only those articles are scored: the hits of
/// a previous query that this one narrows (see [`query::Query::narrows`]), so typing one more
/// letter rescans what still matched instead of everything.
pub fn filter_within(
    chunks: &Chunks,
    query: &Query,
    within: Option<&[usize]>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let all: Vec<&Haystack> = chunks.iter().flat_map(|c| c.iter()).collect();
    if query.is_empty() {
        return Some(
            (0..all.len())
                .map(|index| Hit { index, score: 0 })
                .collect(),
        );
    }
    let candidates: Box<dyn Iterator<Item = usize>> = match within {
        Some(ids) => Box::new(ids.iter().copied().filter(|&i| i < all.len())),
        None => Box::new(0..all.len()),
    };
    let matcher = SkimMatcherV2::default().smart_case();
    let mut hits = Vec::new();
    let mut dates = Vec::new();
    for (n, index) in candidates.enumerate() {
        if n % 4096 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let h = all[index];
        if let Some(score) = score(&matcher, h, query) {
            hits.push(Hit { index, score });
            dates.push(h.date);
        }
    }
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by(|&a, &b| {
        hits[b]
            .score
            .cmp(&hits[a].score)
            .then_with(|| dates[b].cmp(&dates[a]))
            .then_with(|| hits[a].index.cmp(&hits[b].index))
    });
    Some(order.into_iter().map(|i| hits[i]).collect())
}

/// Byte ranges of `text` (as written, not folded) that the query's words and phrases
/// matched, for highlighting. Adjacent characters are merged into one range.
pub fn match_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let mut terms = query.scored_terms().peekable();
    if terms.peek().is_none() {
        return Vec::new();
    }
    let folded = fold_for_match(text);
    let matcher = SkimMatcherV2::default().smart_case();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for t in terms {
        let Some((_, idx)) = matcher.fuzzy_indices(&folded.text, t) else {
            continue;
        };
        // The matcher gives char indices into the folded text; the fold map takes each back
        // to its byte offset in the original.
        for ci in idx {
            let Some(&orig) = folded.map.get(ci) else {
                continue;
            };
            let end = text[orig..]
                .chars()
                .next()
                .map_or(orig, |c| orig + c.len_utf8());
            ranges.push(orig..end);
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hay(title: &str, source: &str, date: &str) -> Haystack {
        Haystack::new(
            title,
            Some(source),
            NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            Lang::Ar,
        )
    }

    #[test]
    fn narrowing_from_previous_hits_gives_what_a_full_scan_gives() {
        let titles = [
            "بوتين يصل إلى باكو",
            "Putin arrives in Baku",
            "بيان وزارة التعاون",
            "Pump prices rise",
            "Putin and Aliyev sign",
        ];
        let chunks: Vec<Arc<[Haystack]>> = vec![titles
            .iter()
            .map(|t| Haystack::new(t, None, None, Lang::En))
            .collect()];
        let cancel = AtomicBool::new(false);
        for (before, after) in [
            ("pu", "put"),
            ("put", "putin"),
            ("ب", "بوت"),
            ("pu", "pu is:unread"),
        ] {
            let (b, a) = (query::parse(before).unwrap(), query::parse(after).unwrap());
            assert!(a.narrows(&b), "{after} narrows {before}");
            let previous: Vec<usize> = filter(&chunks, &b, &cancel)
                .unwrap()
                .iter()
                .map(|h| h.index)
                .collect();
            let narrowed = filter_within(&chunks, &a, Some(&previous), &cancel).unwrap();
            assert_eq!(
                narrowed,
                filter(&chunks, &a, &cancel).unwrap(),
                "{before} -> {after}"
            );
        }
    }

    #[test]
    fn ranking_is_stable_exact_first_newer_first() {
        let chunks: Vec<Arc<[Haystack]>> = vec![vec![
            hay("بوتين يصل إلى باكو", "أ", "2024-08-18"),
            hay("بوتين في موسكو", "ب", "2024-08-19"),
            hay("بيان وزارة التعاون", "ج", "2024-08-20"),
        ]
        .into()];
        let cancel = AtomicBool::new(false);
        let q = query::parse("بوتين").unwrap();
        let hits = filter(&chunks, &q, &cancel).unwrap();
        let order: Vec<usize> = hits.iter().map(|h| h.index).collect();
        assert_eq!(&order[..2], &[1, 0], "equal scores: the newer first");
        let q = query::parse("\"بوتين في\"").unwrap();
        assert_eq!(filter(&chunks, &q, &cancel).unwrap().len(), 1);
        let q = query::parse("بوتين !موسكو after:2024-08-01").unwrap();
        let hits = filter(&chunks, &q, &cancel).unwrap();
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0]);
    }
}
