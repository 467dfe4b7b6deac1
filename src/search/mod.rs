//! Filtering articles by a typed query (see [`query`]): fuzzy matching (fuzzy-matcher's skim
//! algorithm) on folded keys, so that «احمد» finds «أحمد»; ranked by score, then by date.

pub mod keys;
pub mod packed;
pub mod plan;
pub mod query;
pub mod rank;
pub mod score;
/// The index's tokenizer (in the text layer, so the store can call it on every write).
pub use crate::text::tokens;

pub use keys::{Haystack, Key, KeyRef, Keys, KeysBuilder};

use crate::text::normalize::{fold_for_match, fold_into};
use chrono::{Datelike, NaiveDate};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use query::{Clause, Query};
use score::{Pattern, Scorer};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One article that matched, by its index across the haystack chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

/// Keys in chunks, as they were loaded: appending a chunk shares the earlier ones instead of
/// copying them. Article `i` is the `i`-th key across the chunks.
pub type Chunks = [Arc<Keys>];

/// Candidates scored on one thread at the most; above this the work is split.
const PARALLEL_ABOVE: usize = 4096;

/// A query's clauses prepared once for every title: fuzzy patterns, and the packed form of
/// the text that phrases, exclusions and `source:` look for.
struct Prepared<'q> {
    query: &'q Query,
    clauses: Vec<Prep>,
    /// Whether the candidates all matched a shorter form of this query, so that a byte scan
    /// before scoring would reject few of them.
    narrowing: bool,
}

#[derive(Default)]
struct Prep {
    pattern: Option<Pattern>,
    /// A substring to find in packed keys; `None` when its text has a char the code page
    /// lacks, which no packed key holds.
    packed: Option<memchr::memmem::Finder<'static>>,
}

impl<'q> Prepared<'q> {
    fn new(query: &'q Query, narrowing: bool) -> Prepared<'q> {
        let finder =
            |t: &str| packed::pack(t).map(|b| memchr::memmem::Finder::new(&b).into_owned());
        let clauses = query
            .clauses
            .iter()
            .map(|c| match c {
                Clause::Fuzzy(t) => Prep {
                    pattern: Some(Pattern::new(t)),
                    packed: None,
                },
                Clause::Phrase(t) | Clause::Not(t) | Clause::Source(t) => Prep {
                    pattern: None,
                    packed: finder(t),
                },
                _ => Prep::default(),
            })
            .collect();
        Prepared {
            query,
            clauses,
            narrowing,
        }
    }
}

/// Whether a key holds `t` (`finder` is `t` packed, for packed keys).
fn holds(key: Key, t: &str, finder: Option<&memchr::memmem::Finder>) -> bool {
    match key {
        Key::Utf8(k) => k.contains(t),
        Key::Packed(k) => finder.is_some_and(|f| f.find(k).is_some()),
    }
}

/// The hits of one part of the candidates, each with its sort key (see [`rank_key`]).
type Scored = Vec<u128>;

/// Article `index` across the chunks, for indices that only grow: `chunk` and `base` follow
/// them (the chunk holding the last index, and its first article's index).
struct Cursor<'c> {
    chunks: &'c Chunks,
    chunk: usize,
    base: usize,
}

impl<'c> Cursor<'c> {
    fn new(chunks: &'c Chunks) -> Cursor<'c> {
        Cursor {
            chunks,
            chunk: 0,
            base: 0,
        }
    }

    fn get(&mut self, index: usize) -> Option<KeyRef<'c>> {
        let chunks = self.chunks;
        while index - self.base >= chunks.get(self.chunk)?.len() {
            self.base += chunks[self.chunk].len();
            self.chunk += 1;
        }
        Some(chunks[self.chunk].get(index - self.base))
    }
}

/// Scores one part of the candidates (in increasing order); `None` when cancelled.
fn score_part(
    chunks: &Chunks,
    candidates: &[usize],
    query: &Prepared,
    cancel: &AtomicBool,
) -> Option<Scored> {
    let mut scorer = Scorer::default();
    let mut out = Vec::new();
    let mut cursor = Cursor::new(chunks);
    for (n, &index) in candidates.iter().enumerate() {
        if n % 4096 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let Some(h) = cursor.get(index) else {
            break;
        };
        if let Some(score) = score(&mut scorer, h, query) {
            out.push(rank_key(score, h.date, index));
        }
    }
    Some(out)
}

/// Whether a key meets the clauses that need only its text, date and language. Triage
/// clauses (`is:`, `tag:`) and content clauses (`fact:`, `body:`) are left to the caller, who
/// holds that state; they pass here. Returns the fuzzy score when it does.
fn score(scorer: &mut Scorer, h: KeyRef, q: &Prepared) -> Option<i64> {
    let mut total = 0;
    for (clause, prep) in q.query.clauses.iter().zip(&q.clauses) {
        let finder = prep.packed.as_ref();
        let ok = match clause {
            Clause::Fuzzy(_) => {
                match prep
                    .pattern
                    .as_ref()
                    .and_then(|p| match (h.key, q.narrowing) {
                        (Key::Packed(k), true) => scorer.score_unchecked(score::Packed(k), p),
                        (Key::Packed(k), false) => scorer.score(score::Packed(k), p),
                        (Key::Utf8(k), true) => scorer.score_unchecked(k, p),
                        (Key::Utf8(k), false) => scorer.score(k, p),
                    }) {
                    Some(s) => {
                        total += s;
                        true
                    }
                    None => false,
                }
            }
            // An exact phrase scores above any scattered match of the same letters.
            Clause::Phrase(t) => {
                let found = holds(h.key, t, finder);
                total += if found { 1000 } else { 0 };
                found
            }
            Clause::Not(t) => !holds(h.key, t, finder),
            Clause::Source(t) => holds(h.source, t, finder),
            Clause::Lang(l) => h.lang == *l,
            Clause::After(d) => h.date.is_some_and(|x| x >= *d),
            Clause::Before(d) => h.date.is_some_and(|x| x < *d),
            Clause::Is(_)
            | Clause::Tag(_)
            | Clause::Fact(_)
            | Clause::Body(_)
            | Clause::Title(_) => true,
        };
        if !ok {
            return None;
        }
    }
    Some(total)
}

/// The ranking as one number, smallest first: higher score, then newer date (an article
/// without a date after every dated one), then earlier index. Sorting these plain integers
/// is several times faster than comparing hits through their dates.
fn rank_key(score: i64, date: Option<NaiveDate>, index: usize) -> u128 {
    // Scores are sums of a few terms' scores; clamping to i32 loses nothing real.
    let score = score.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    let score_desc = !((score as u32) ^ 0x8000_0000);
    let day = date.map_or(0, |d| (d.num_days_from_ce() as u32) ^ 0x8000_0000);
    // 0 for no date sorts last once inverted; a date of day 0 x-or the sign bit is not 0.
    let day_desc = !day;
    (u128::from(score_desc) << 96) | (u128::from(day_desc) << 64) | index as u128
}

fn hit_of(key: u128) -> Hit {
    let score_desc = (key >> 96) as u32;
    let score = ((!score_desc) ^ 0x8000_0000) as i32;
    Hit {
        index: key as u64 as usize,
        score: i64::from(score),
    }
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
    filter_top(chunks, query, within, cancel, usize::MAX)
}

/// Like [`filter_within`], but only the best `top` hits are put in order and returned (a
/// partial sort): what a page of results or `akhbar search --limit` needs.
pub fn filter_top(
    chunks: &Chunks,
    query: &Query,
    within: Option<&[usize]>,
    cancel: &AtomicBool,
    top: usize,
) -> Option<Vec<Hit>> {
    let total: usize = chunks.iter().map(|c| c.len()).sum();
    if query.is_empty() {
        return Some(
            (0..total)
                .take(top)
                .map(|index| Hit { index, score: 0 })
                .collect(),
        );
    }
    // Previous hits come in rank order; scored in file order instead, the keys are read
    // front to back and the memory keeps up (in rank order nearly every read missed the
    // cache). The order scored in does not change the ranking.
    let candidates: Vec<usize> = match within {
        Some(ids) => {
            let mut ids: Vec<usize> = ids.iter().copied().filter(|&i| i < total).collect();
            ids.sort_unstable();
            ids
        }
        None => (0..total).collect(),
    };
    let candidates = &candidates[..];
    let prepared = Prepared::new(query, within.is_some());
    // Large stores are scored on every core; the ranking below does not depend on how the
    // work was split.
    let threads = if candidates.len() >= PARALLEL_ABOVE {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    let mut keys: Vec<u128> = if threads == 1 {
        score_part(chunks, candidates, &prepared, cancel)?
    } else {
        let part = candidates.len().div_ceil(threads).max(1);
        let parts: Vec<Option<Scored>> = std::thread::scope(|scope| {
            let handles: Vec<_> = candidates
                .chunks(part)
                .map(|chunk| {
                    let prepared = &prepared;
                    scope.spawn(move || score_part(chunks, chunk, prepared, cancel))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        });
        let mut keys = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
        for p in parts {
            keys.extend(p?);
        }
        keys
    };
    // Keys are distinct (they hold the index), so an unstable sort gives the one order.
    if top < keys.len() {
        if top == 0 {
            return Some(Vec::new());
        }
        keys.select_nth_unstable(top - 1);
        keys.truncate(top);
    }
    keys.sort_unstable();
    Some(keys.into_iter().map(hit_of).collect())
}

/// Whether an article's body text meets the query's `body:` clauses: each folded term occurs
/// in the folded body as it is (a substring, so «اقتصاد» finds «الاقتصادية»; a fuzzy match
/// over a whole body would find nearly any short term). True when the query has none, so
/// callers can skip reading bodies for titles-only queries.
pub fn body_matches(body: &str, query: &Query) -> bool {
    let terms: Vec<&str> = query.body_terms().collect();
    body_holds(body, &terms)
}

/// Whether the folded `body` holds every one of the (folded) `terms`; true for none.
pub fn body_holds<T: AsRef<str>>(body: &str, terms: &[T]) -> bool {
    if terms.is_empty() {
        return true;
    }
    let mut folded = String::new();
    fold_into(body, &mut folded);
    terms.iter().all(|t| folded.contains(t.as_ref()))
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
    use crate::model::Lang;

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
        let chunks: Vec<Arc<Keys>> = vec![Arc::new(
            titles
                .iter()
                .map(|t| Haystack::new(t, None, None, Lang::En))
                .collect(),
        )];
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
        let chunks: Vec<Arc<Keys>> = vec![Arc::new(all.iter().collect())];
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
        let chunks: Vec<Arc<Keys>> = vec![Arc::new(
            [
                hay("بوتين يصل إلى باكو", "أ", "2024-08-18"),
                hay("بوتين في موسكو", "ب", "2024-08-19"),
                hay("بيان وزارة التعاون", "ج", "2024-08-20"),
            ]
            .into_iter()
            .collect(),
        )];
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

    #[test]
    fn packed_and_utf8_keys_in_many_chunks_filter_as_one() {
        let items = [
            ("بوتين يصل إلى باكو", "العربية الآن", Lang::Ar),
            ("Путин прибыл в Баку", "ТАСС", Lang::Unknown),
            ("Putin arrives in Baku", "Meridian Wire", Lang::En),
            ("قمة «كوب 29» في باكو", "صحيفة الأفق", Lang::Ar),
            ("東京 summit: putin absent", "NHK", Lang::Mixed),
            ("café talks in baku", "Le Monde", Lang::Latin),
        ];
        let all: Vec<Haystack> = (0..60)
            .map(|i| {
                let (t, s, l) = items[i % items.len()];
                let date = NaiveDate::from_ymd_opt(2024, 1 + (i % 12) as u32, 1);
                Haystack::new(t, Some(s), date, l)
            })
            .collect();
        let one: Vec<Arc<Keys>> = vec![Arc::new(all.iter().collect())];
        let many: Vec<Arc<Keys>> = all
            .chunks(7)
            .map(|c| Arc::new(c.iter().collect()))
            .collect();
        let cancel = AtomicBool::new(false);
        for q in [
            "باكو",
            "baku",
            "بوت",
            "путин",
            "\"كوب 29\"",
            "baku !putin",
            "source:тасс",
            "source:wire",
            "source:الافق",
            "café",
            "東京",
            "lang:ar باكو",
        ] {
            let parsed = query::parse(q).unwrap();
            let a = filter(&one, &parsed, &cancel).unwrap();
            let b = filter(&many, &parsed, &cancel).unwrap();
            assert_eq!(a, b, "{q}");
            // Every hit's key, read as UTF-8, holds what the query asked for.
            let plain: Vec<Hit> = {
                let mut scorer = Scorer::default();
                let prepared = Prepared::new(&parsed, false);
                let mut hits: Vec<(u128, Hit)> = all
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| {
                        let r = KeyRef {
                            key: Key::Utf8(h.key()),
                            source: Key::Utf8(h.source()),
                            date: h.date,
                            lang: h.lang,
                        };
                        score(&mut scorer, r, &prepared)
                            .map(|s| (rank_key(s, h.date, i), Hit { index: i, score: s }))
                    })
                    .collect();
                hits.sort_by_key(|h| h.0);
                hits.into_iter().map(|h| h.1).collect()
            };
            assert_eq!(a, plain, "{q}: packed keys rank as their UTF-8 text");
            assert!(!a.is_empty(), "{q}");
        }
    }
}
