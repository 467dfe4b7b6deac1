//! Filtering articles by a typed query: fuzzy matching (fuzzy-matcher's skim algorithm) on
//! folded keys, so that «احمد» finds «أحمد»; ranked by score, then by date.

pub mod query;

use crate::model::Article;
use crate::text::normalize::fold_for_match;
use chrono::NaiveDate;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the filter matches an article against, folded once when the articles are loaded.
#[derive(Debug, Clone)]
pub struct Haystack {
    /// Folded `title · source`.
    pub key: String,
    pub date: Option<NaiveDate>,
}

impl Haystack {
    pub fn of(article: &Article) -> Haystack {
        let mut key = fold_for_match(&article.title).text;
        if let Some(source) = &article.source {
            key.push_str(" · ");
            key.push_str(&fold_for_match(source).text);
        }
        Haystack {
            key,
            date: article.date,
        }
    }
}

/// One article that matched, by its index in the haystack slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

/// The terms of a query, folded like the haystacks. Every term must match.
pub fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|t| fold_for_match(t).text)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Haystacks in chunks, as they were loaded: appending a chunk shares the earlier ones
/// instead of copying them. Article `i` is the `i`-th haystack across the chunks.
pub type Chunks = [Arc<[Haystack]>];

/// Scores every haystack against the query. An empty query keeps every article in its
/// order. Returns `None` when `cancel` was set part way, because a newer query replaced
/// this one.
pub fn filter(chunks: &Chunks, query: &str, cancel: &AtomicBool) -> Option<Vec<Hit>> {
    let haystacks = || chunks.iter().flat_map(|c| c.iter());
    let terms = terms(query);
    if terms.is_empty() {
        return Some(
            (0..haystacks().count())
                .map(|index| Hit { index, score: 0 })
                .collect(),
        );
    }
    let matcher = SkimMatcherV2::default().smart_case();
    let mut hits = Vec::new();
    let mut dates = Vec::new();
    for (index, h) in haystacks().enumerate() {
        if index % 4096 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let mut total = 0;
        let all = terms.iter().all(|t| match matcher.fuzzy_match(&h.key, t) {
            Some(s) => {
                total += s;
                true
            }
            None => false,
        });
        if all {
            hits.push(Hit {
                index,
                score: total,
            });
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

/// Byte ranges of `text` (as written, not folded) that the query's terms matched, for
/// highlighting. Adjacent characters are merged into one range.
pub fn match_ranges(text: &str, query: &str) -> Vec<Range<usize>> {
    let terms = terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let folded = fold_for_match(text);
    let matcher = SkimMatcherV2::default().smart_case();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for t in &terms {
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
