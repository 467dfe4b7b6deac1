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

/// Candidates scored on one thread at the most; above this the work is split.
const PARALLEL_ABOVE: usize = 16_384;

/// The hits of one part of the candidates, with their dates for ranking.
type Scored = Vec<(Hit, Option<NaiveDate>)>;

/// Scores one part of the candidates; `None` when cancelled.
fn score_part(
    all: &[&Haystack],
    candidates: &[usize],
    query: &Query,
    cancel: &AtomicBool,
) -> Option<Scored> {
    let matcher = SkimMatcherV2::default().smart_case();
    let mut out = Vec::new();
    for (n, &index) in candidates.iter().enumerate() {
        if n % 4096 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let h = all[index];
        if let Some(score) = score(&matcher, h, query) {
            out.push((Hit { index, score }, h.date));
        }
    }
    Some(out)
}

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
    let candidates: Vec<usize> = match within {
        Some(ids) => ids.iter().copied().filter(|&i| i < all.len()).collect(),
        None => (0..all.len()).collect(),
    };
    // Large stores are scored on every core; each part keeps file order, so the ranking
    // below gives the same result however it was split.
    let threads = if candidates.len() >= PARALLEL_ABOVE {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    let part = candidates.len().div_ceil(threads).max(1);
    let parts: Vec<Option<Scored>> = std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .chunks(part)
            .map(|chunk| {
                let all = &all;
                scope.spawn(move || score_part(all, chunk, query, cancel))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(None))
            .collect()
    });
    let mut hits = Vec::new();
    let mut dates = Vec::new();
    for p in parts {
        for (hit, date) in p? {
            hits.push(hit);
            dates.push(date);
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
    fn a_large_store_scored_in_parts_ranks_as_one() {
        let words = [
            "بوتين",
            "Putin",
            "باكو",
            "Baku",
            "oil",
            "نفط",
            "summit",
            "قمة",
        ];
        let all: Vec<Haystack> = (0..PARALLEL_ABOVE * 2 + 17)
            .map(|i| {
                let t = format!("{} {} {}", words[i % 8], words[(i / 8) % 8], i % 97);
                let date = NaiveDate::from_ymd_opt(2024, 1 + (i % 12) as u32, 1);
                Haystack::new(&t, None, date, Lang::En)
            })
            .collect();
        let chunks: Vec<Arc<[Haystack]>> = vec![all.clone().into()];
        let cancel = AtomicBool::new(false);
        let q = query::parse("pu").unwrap();
        let parallel = filter(&chunks, &q, &cancel).unwrap();
        // The same ranking, scored on one thread through narrowing to every candidate in
        // a slice small enough not to be split.
        let mut serial = Vec::new();
        for start in (0..all.len()).step_by(PARALLEL_ABOVE - 1) {
            let ids: Vec<usize> = (start..(start + PARALLEL_ABOVE - 1).min(all.len())).collect();
            serial.extend(filter_within(&chunks, &q, Some(&ids), &cancel).unwrap());
        }
        serial.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| all[b.index].date.cmp(&all[a.index].date))
                .then_with(|| a.index.cmp(&b.index))
        });
        assert_eq!(parallel, serial);
        assert!(!parallel.is_empty());
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
