//! One ranked list out of the full-text index's hits and the fuzzy title pass, for the
//! dashboard and `akhbar search` alike, and the body snippet a hit shows.
//!
//! Scores: an article the index found scores `1 + relevance × boost`, where relevance is
//! BM25 (title words weigh 3, body words 1) and the recency boost is
//! `1 + 0.3 × 0.5^(age / 90 days)`, age counted back from the newest dated article of the
//! list searched (so an old corpus is ranked as a fresh one; an undated article gets no
//! boost). A
//! title that only matches fuzzily scores `s / (s + 1)` for its fuzzy score `s`, below 1, so
//! an article that holds the word always ranks above one that only matches fuzzily.
//!
//! The fuzzy pass counts a title only when each plain word is a word start there: a title
//! word (or its token, the article taken off) begins with it, or the letters the fuzzy
//! matcher chose form runs of at least two letters that each begin a word. Letters
//! scattered through unrelated words («putin» in «Japan ... to land on the Moon») never do.

use super::plan::Plan;
use super::query::Query;
use super::tokens::tokens;
use super::{filter_within, Chunks};
use crate::model::TextQuery;
use crate::text::fold_for_match;
use chrono::NaiveDate;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::atomic::AtomicBool;

/// One article of the list, by its index across the haystack chunks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub index: usize,
    pub score: f64,
    /// Found by the full-text index (else only by the fuzzy title pass).
    pub text: bool,
}

/// Largest recency boost (a hit of the newest day scores 30% above an old one).
const BOOST: f64 = 0.3;
/// Days after which the boost halves.
const HALF_LIFE_DAYS: f64 = 90.0;

/// The recency factor of an article `age_days` older than the newest hit.
pub fn boost(age_days: i64) -> f64 {
    1.0 + BOOST * 0.5f64.powf(age_days.max(0) as f64 / HALF_LIFE_DAYS)
}

/// Whether a fuzzy match of every plain word of `query` in `title` falls on word starts
/// (see the module docs).
pub fn good_fuzzy(title: &str, query: &Query) -> bool {
    let folded = fold_for_match(title).text;
    let chars: Vec<char> = folded.chars().collect();
    let toks: Vec<String> = tokens(title).into_iter().map(|t| t.text).collect();
    let matcher = SkimMatcherV2::default();
    query
        .clauses
        .iter()
        .filter_map(|c| match c {
            super::query::Clause::Fuzzy(t) => Some(t.as_str()),
            _ => None,
        })
        .all(|t| {
            let word_starts = folded
                .split(|c: char| !c.is_alphanumeric())
                .chain(toks.iter().map(String::as_str))
                .any(|w| w.starts_with(t));
            word_starts
                || matcher
                    .fuzzy_indices(&folded, t)
                    .is_some_and(|(_, idx)| runs_on_word_starts(&chars, &idx))
        })
}

/// Whether the matched char indices form runs of two or more, each at a word start.
fn runs_on_word_starts(chars: &[char], idx: &[usize]) -> bool {
    let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut i = 0;
    while i < idx.len() {
        let start = idx[i];
        let mut end = i;
        while end + 1 < idx.len() && idx[end + 1] == idx[end] + 1 {
            end += 1;
        }
        let at_word_start = start == 0 || !is_word(start - 1);
        if !at_word_start || end == i {
            return false;
        }
        i = end + 1;
    }
    !idx.is_empty()
}

/// The folded title and the date of article `index` from its key.
fn key_at(chunks: &Chunks, index: usize) -> Option<(String, Option<NaiveDate>)> {
    let k = super::Cursor::new(chunks).get(index)?;
    let title = match k.key {
        super::Key::Utf8(t) => t.to_string(),
        super::Key::Packed(b) => super::packed::unpack(b),
    };
    Some((title, k.date))
}

/// What the index answered, already mapped to indices.
#[derive(Debug, Default)]
pub struct IndexAnswer {
    /// Articles meeting the plan's text query, with their BM25 relevance.
    pub hits: Vec<(usize, f64)>,
    /// Articles meeting the `title:`/`body:` clauses alone (`None`: there are none).
    pub scoped: Option<HashSet<usize>>,
    /// Articles an excluded word was found in.
    pub excluded: HashSet<usize>,
    /// The date the recency boost counts back from: the newest dated article of the list
    /// searched (the caller's to set; `None` gives no boost).
    pub newest: Option<NaiveDate>,
}

/// The store's ranked question: hits with their relevance.
pub type RankedQuestion<'a, E> = dyn FnMut(&TextQuery) -> Result<Vec<(i64, f64)>, E> + 'a;

/// Asks the index what the plan needs, through the store's two questions (`ranked`: hits
/// with relevance, `ids`: hits only), and maps store ids to list indices (`index_of`; an id
/// not in the list is dropped). `newest` is the list's newest date, for the recency boost.
pub fn ask<E>(
    plan: &Plan,
    newest: Option<NaiveDate>,
    index_of: &dyn Fn(i64) -> Option<usize>,
    ranked: &mut RankedQuestion<E>,
    ids: &mut dyn FnMut(&TextQuery) -> Result<Vec<i64>, E>,
) -> Result<IndexAnswer, E> {
    let text = plan.text_query();
    let scoped = plan.scoped_query();
    let hits = ranked(&text)?
        .into_iter()
        .filter_map(|(id, rel)| index_of(id).map(|i| (i, rel)))
        .collect();
    let scoped = if scoped.is_empty() {
        None
    } else {
        Some(ids(&scoped)?.into_iter().filter_map(index_of).collect())
    };
    let mut excluded = HashSet::new();
    for q in plan.excluded_queries() {
        excluded.extend(ids(&q)?.into_iter().filter_map(index_of));
    }
    Ok(IndexAnswer {
        hits,
        scoped,
        excluded,
        newest,
    })
}

/// The one ranked list: index hits that meet the key clauses, best first; then titles that
/// only match fuzzily (well enough), that the index clauses and exclusions allow. Triage and
/// `fact:` clauses are left to the caller. `None` when cancelled.
pub fn combine(
    chunks: &Chunks,
    plan: &Plan,
    answer: &IndexAnswer,
    cancel: &AtomicBool,
) -> Option<Vec<Ranked>> {
    let mut out = rank_text(chunks, plan, answer, cancel)?;
    if plan.has_fuzzy() {
        out.extend(fuzzy_part(chunks, plan, answer, cancel)?);
    }
    Some(out)
}

/// Articles' dates from their keys, in any order of indices: each chunk's first index is
/// kept, so a look-up is a binary search over the chunks, not a walk from the first.
struct Dates<'c> {
    chunks: &'c Chunks,
    starts: Vec<usize>,
}

impl<'c> Dates<'c> {
    fn new(chunks: &'c Chunks) -> Dates<'c> {
        let mut at = 0;
        let starts = chunks
            .iter()
            .map(|c| {
                let s = at;
                at += c.len();
                s
            })
            .collect();
        Dates { chunks, starts }
    }

    fn get(&self, index: usize) -> Option<NaiveDate> {
        let c = self
            .starts
            .partition_point(|&s| s <= index)
            .checked_sub(1)?;
        let chunk = self.chunks.get(c)?;
        let i = index - self.starts[c];
        (i < chunk.len()).then(|| chunk.get(i).date).flatten()
    }
}

/// The index hits of [`combine`]'s list alone, in its order: those that meet the key clauses
/// and no exclusion, best first. Given only some of the hits (the dashboard's first page),
/// it ranks them exactly as the whole list ranks them among themselves.
pub fn rank_text(
    chunks: &Chunks,
    plan: &Plan,
    answer: &IndexAnswer,
    cancel: &AtomicBool,
) -> Option<Vec<Ranked>> {
    let key_query = plan.key_query();
    let excluded = |i: &usize| !answer.excluded.is_empty() && answer.excluded.contains(i);
    let admitted: Option<HashSet<usize>> = if key_query.is_empty() {
        None
    } else {
        let candidates: Vec<usize> = answer
            .hits
            .iter()
            .map(|&(i, _)| i)
            .filter(|i| !excluded(i))
            .collect();
        Some(
            filter_within(chunks, &key_query, Some(&candidates), cancel)?
                .into_iter()
                .map(|h| h.index)
                .collect(),
        )
    };
    let dates = Dates::new(chunks);
    let date = |i: usize| dates.get(i);
    let mut text: Vec<(Ranked, Option<NaiveDate>)> = answer
        .hits
        .iter()
        .filter(|(i, _)| match &admitted {
            Some(a) => a.contains(i),
            None => !excluded(i),
        })
        .map(|&(index, rel)| {
            let date = date(index);
            let r = Ranked {
                index,
                score: text_score(rel, date, answer.newest),
                text: true,
            };
            (r, date)
        })
        .collect();
    text.sort_by(|(x, dx), (y, dy)| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| dy.cmp(dx))
            .then_with(|| x.index.cmp(&y.index))
    });
    Some(text.into_iter().map(|(r, _)| r).collect())
}

/// The titles that only match fuzzily, word starts only (see the module docs), that the
/// index did not find and its clauses and exclusions allow, best first.
fn fuzzy_part(
    chunks: &Chunks,
    plan: &Plan,
    answer: &IndexAnswer,
    cancel: &AtomicBool,
) -> Option<Vec<Ranked>> {
    let found: HashSet<usize> = answer.hits.iter().map(|&(i, _)| i).collect();
    let fuzzy = filter_within(chunks, &plan.fuzzy_query(), None, cancel)?;
    Some(
        fuzzy
            .into_iter()
            .filter(|h| !found.contains(&h.index) && !answer.excluded.contains(&h.index))
            .filter(|h| answer.scoped.as_ref().is_none_or(|s| s.contains(&h.index)))
            .filter(|h| key_at(chunks, h.index).is_some_and(|(t, _)| good_fuzzy(&t, plan.query())))
            .map(|h| {
                let s = h.score.max(0) as f64;
                Ranked {
                    index: h.index,
                    score: s / (s + 1.0),
                    text: false,
                }
            })
            .collect(),
    )
}

/// The index's hits in the order [`combine`] ranks them, worked out lazily from the top, so
/// that a query with no fuzzy part reads only the rows it shows: hits are taken in order of
/// relevance, and their dates and places in the view are looked up (`lookup`, a batch of
/// store ids at a time, growing from 64: `None` for an article the view does not hold) only
/// while they could still come next. A hit is handed out once no hit not yet looked up could
/// beat it, since the recency boost is at most `1 + BOOST`. Ties go to the newer article,
/// then the later one stored, the list's own order.
pub struct TopDown<T, F> {
    /// (store id, relevance), most relevant first.
    hits: Vec<(i64, f64)>,
    next: usize,
    /// How many hits the next lookup asks for.
    batch: usize,
    ready: std::collections::BinaryHeap<Scored<T>>,
    newest: Option<NaiveDate>,
    lookup: F,
}

/// A hit whose score is known, ordered as the list ranks it.
struct Scored<T> {
    score: f64,
    date: Option<NaiveDate>,
    id: i64,
    item: T,
}

impl<T> PartialEq for Scored<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl<T> Eq for Scored<T> {}
impl<T> PartialOrd for Scored<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Scored<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| self.date.cmp(&other.date))
            .then_with(|| self.id.cmp(&other.id))
    }
}

/// The score of an index hit: `1 + relevance × boost`.
fn text_score(relevance: f64, date: Option<NaiveDate>, newest: Option<NaiveDate>) -> f64 {
    let factor = match (date, newest) {
        (Some(d), Some(n)) => boost((n - d).num_days()),
        _ => 1.0,
    };
    1.0 + relevance.max(0.0) * factor
}

/// The first batch of a [`TopDown`] lookup, and the largest.
const FIRST_BATCH: usize = 64;
const LARGEST_BATCH: usize = 4096;

impl<T, E, F> TopDown<T, F>
where
    F: FnMut(&[i64]) -> Result<Vec<Option<(Option<NaiveDate>, T)>>, E>,
{
    /// `hits` as the index gives them (any order) but for those in `excluded`; `newest` the
    /// date the boost counts back from (see [`IndexAnswer::newest`]).
    pub fn new(
        hits: Vec<(i64, f64)>,
        excluded: &HashSet<i64>,
        newest: Option<NaiveDate>,
        lookup: F,
    ) -> Self {
        let mut hits: Vec<(i64, f64)> = hits
            .into_iter()
            .filter(|(id, _)| !excluded.contains(id))
            .collect();
        hits.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then_with(|| y.0.cmp(&x.0)));
        TopDown {
            hits,
            next: 0,
            batch: FIRST_BATCH,
            ready: Default::default(),
            newest,
            lookup,
        }
    }
}

impl<T, E, F> Iterator for TopDown<T, F>
where
    F: FnMut(&[i64]) -> Result<Vec<Option<(Option<NaiveDate>, T)>>, E>,
{
    /// (the looked-up item, its score), best first.
    type Item = Result<(T, f64), E>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            // The best any hit not yet looked up could score (no boost without a newest date).
            let most = if self.newest.is_some() {
                1.0 + BOOST
            } else {
                1.0
            };
            let bound = self
                .hits
                .get(self.next)
                .map(|&(_, rel)| 1.0 + rel.max(0.0) * most);
            if let Some(top) = self.ready.peek() {
                if bound.is_none_or(|b| top.score > b) {
                    let top = self.ready.pop()?;
                    return Some(Ok((top.item, top.score)));
                }
            }
            let end = (self.next + self.batch).min(self.hits.len());
            if self.next == end {
                return None;
            }
            let batch = &self.hits[self.next..end];
            let ids: Vec<i64> = batch.iter().map(|&(id, _)| id).collect();
            let found = match (self.lookup)(&ids) {
                Err(e) => return Some(Err(e)),
                Ok(found) => found,
            };
            for (&(id, rel), got) in batch.iter().zip(found) {
                if let Some((date, item)) = got {
                    self.ready.push(Scored {
                        score: text_score(rel, date, self.newest),
                        date,
                        id,
                        item,
                    });
                }
            }
            self.next = end;
            self.batch = (self.batch * 2).min(LARGEST_BATCH);
        }
    }
}

/// A body snippet around the first marked word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The paragraph (0 is the body's first) and the char offset and length of the word in it.
    pub paragraph: usize,
    pub offset_chars: usize,
    pub len_chars: usize,
    /// About [`SNIPPET_CHARS`] chars of the paragraph around the word, on one line.
    pub text: String,
    /// The word's byte range in `text`.
    pub highlight: Range<usize>,
}

/// Chars of context a snippet shows.
pub const SNIPPET_CHARS: usize = 80;

impl Snippet {
    /// The snippet cut for a line of about `chars` chars so the word shows: at most a quarter
    /// of them of context before it, from a word start after an ellipsis; what follows the
    /// word is left for the line's layout to cut. The word's byte range in the text returned.
    pub fn fitted(&self, chars: usize) -> (String, Range<usize>) {
        let before = &self.text[..self.highlight.start];
        let keep = chars / 4;
        let count = before.chars().count();
        if count <= keep {
            return (self.text.clone(), self.highlight.clone());
        }
        let cut = before
            .char_indices()
            .nth(count - keep)
            .map_or(before.len(), |(b, _)| b);
        // Start at the next word, unless that is the matched word itself.
        let start = before[cut..]
            .find(' ')
            .map_or(cut, |space| cut + space + 1)
            .min(self.highlight.start);
        let text = format!("…{}", &self.text[start..]);
        let shift = '…'.len_utf8();
        let highlight = self.highlight.start - start + shift..self.highlight.end - start + shift;
        (text, highlight)
    }
}

/// The first word of the body whose token is one of `marked`, with its context.
pub fn snippet<S: AsRef<str>>(paragraphs: &[S], marked: &HashSet<String>) -> Option<Snippet> {
    if marked.is_empty() {
        return None;
    }
    for (pi, p) in paragraphs.iter().enumerate() {
        let p = p.as_ref();
        let Some(tok) = tokens(p).into_iter().find(|t| marked.contains(&t.text)) else {
            continue;
        };
        let offset_chars = p[..tok.range.start].chars().count();
        let len_chars = p[tok.range.clone()].chars().count();
        // Context split before and after the word, on char boundaries.
        let before = SNIPPET_CHARS.saturating_sub(len_chars) / 3;
        let start = p[..tok.range.start]
            .char_indices()
            .rev()
            .nth(before.saturating_sub(1))
            .map_or(0, |(b, _)| b);
        let start = if offset_chars <= before { 0 } else { start };
        let after = SNIPPET_CHARS.saturating_sub(len_chars + before.min(offset_chars));
        let end = p[tok.range.end..]
            .char_indices()
            .nth(after)
            .map_or(p.len(), |(b, _)| tok.range.end + b);
        // Every run of whitespace (a newline, a no-break space) shows as one plain space; the
        // highlight is placed after, since that changes byte lengths.
        let spaced = |t: &str| -> String {
            let mut out = String::with_capacity(t.len());
            for c in t.chars() {
                if !c.is_whitespace() {
                    out.push(c);
                } else if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            out
        };
        let before_text = spaced(&p[start..tok.range.start]);
        let word = spaced(&p[tok.range.clone()]);
        let text = before_text.clone() + &word + &spaced(&p[tok.range.end..end]);
        let highlight = before_text.len()..before_text.len() + word.len();
        return Some(Snippet {
            paragraph: pi,
            offset_chars,
            len_chars,
            text,
            highlight,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn fuzzy_counts_only_on_word_starts() {
        let q = parse("putin").unwrap();
        assert!(good_fuzzy("Putin arrives in Baku", &q));
        assert!(!good_fuzzy(
            "Japan becomes fifth nation to land on the Moon",
            &q
        ));
        let q = parse("كرملين").unwrap();
        assert!(good_fuzzy("بيان من الكرملين", &q));
        let q = parse("اعلن").unwrap();
        assert!(good_fuzzy("الرئاسة تعلن: اعلن الوزير", &q));
        assert!(!good_fuzzy("السعودية تعلن خفضا طوعيا", &q));
    }

    #[test]
    fn boost_halves_and_never_reaches_zero() {
        assert!((boost(0) - 1.3).abs() < 1e-9);
        assert!((boost(90) - 1.15).abs() < 1e-9);
        assert!(boost(365) > 1.0 && boost(10_000) >= 1.0 && boost(-5) == boost(0));
    }

    #[test]
    fn snippet_finds_the_word_and_its_offsets() {
        let paras = [
            "لا شيء هنا",
            "وصل الرئيس إلى موسكو حيث قال بيان بالكرملين إن الزيارة ناجحة",
        ];
        let marked: HashSet<String> = ["كرملين".to_string()].into();
        let s = snippet(&paras, &marked).unwrap();
        assert_eq!(s.paragraph, 1);
        assert_eq!(&s.text[s.highlight.clone()], "بالكرملين");
        let p: Vec<char> = paras[1].chars().collect();
        let word: String = p[s.offset_chars..s.offset_chars + s.len_chars]
            .iter()
            .collect();
        assert_eq!(word, "بالكرملين");
        assert!(snippet(&paras, &["x".to_string()].into()).is_none());
        // A no-break space (two bytes) and a newline before the word: the highlight still
        // falls on it.
        let paras = ["قال\u{a0}المتحدث\nفي الكرملين اليوم"];
        let s = snippet(&paras, &marked).unwrap();
        assert_eq!(&s.text[s.highlight.clone()], "الكرملين");
        assert!(!s.text.contains('\u{a0}') && !s.text.contains('\n'));
        // Fitted to a narrow line, the context before the word shrinks to a word start.
        let long = ["واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة في الكرملين غدا"];
        let s = snippet(&long, &marked).unwrap();
        let (text, at) = s.fitted(24);
        assert_eq!(&text[at.clone()], "الكرملين");
        assert!(text.starts_with('…') && text[at.start..].starts_with("الكرملين"));
        assert!(text[..at.start].chars().count() <= 1 + 24 / 4 + 1, "{text}");
        assert_eq!(s.fitted(400), (s.text.clone(), s.highlight.clone()));
    }

    #[test]
    fn top_down_hands_out_hits_in_the_full_sort_order() {
        // A small linear congruential generator: many shapes of relevance and date, no
        // crate needed.
        let mut seed = 0x2545_f491_u64;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % m
        };
        let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        for round in 0..200 {
            let n = 1 + next(60) as i64;
            let hits: Vec<(i64, f64)> = (0..n).map(|id| (id, next(40) as f64 / 7.0)).collect();
            let dates: Vec<Option<NaiveDate>> = (0..n)
                .map(|_| match next(5) {
                    0 => None,
                    _ => Some(base + chrono::Days::new(next(400))),
                })
                .collect();
            let held: Vec<bool> = (0..n).map(|_| next(6) != 0).collect();
            let excluded: HashSet<i64> = (0..n).filter(|_| next(10) == 0).collect();
            let newest = dates.iter().flatten().max().copied();
            let mut looked = 0;
            let got: Vec<i64> = TopDown::new(hits.clone(), &excluded, newest, |ids: &[i64]| {
                looked += ids.len();
                Ok::<_, ()>(
                    ids.iter()
                        .map(|&id| held[id as usize].then_some((dates[id as usize], id)))
                        .collect(),
                )
            })
            .map(|r| r.unwrap().0)
            .collect();
            let mut want: Vec<(f64, Option<NaiveDate>, i64)> = hits
                .iter()
                .filter(|(id, _)| held[*id as usize] && !excluded.contains(id))
                .map(|&(id, rel)| {
                    let d = dates[id as usize];
                    (text_score(rel, d, newest), d, id)
                })
                .collect();
            want.sort_by(|x, y| {
                y.0.total_cmp(&x.0)
                    .then_with(|| y.1.cmp(&x.1))
                    .then_with(|| y.2.cmp(&x.2))
            });
            let want: Vec<i64> = want.into_iter().map(|w| w.2).collect();
            assert_eq!(got, want, "round {round}");
            assert!(looked <= n as usize - excluded.len());
        }
    }

    #[test]
    fn top_down_looks_up_only_what_could_come_next() {
        // 1,000 hits of quickly falling relevance: the first ten are out after looking up
        // the first batch alone, since what follows it could not beat them.
        let hits: Vec<(i64, f64)> = (0..1000)
            .map(|i| (i, 1000.0 / ((1 + i) * (1 + i)) as f64))
            .collect();
        let mut asked = Vec::new();
        let top = TopDown::new(hits, &HashSet::new(), None, |ids: &[i64]| {
            asked.push(ids.len());
            Ok::<_, ()>(ids.iter().map(|&id| Some((None, id))).collect())
        });
        let first: Vec<i64> = top.take(10).map(|r| r.unwrap().0).collect();
        assert_eq!(first, (0..10).collect::<Vec<i64>>());
        assert_eq!(asked, vec![FIRST_BATCH]);
    }
}
