//! The filter's fast path (sparse skim scoring after a byte scan, narrowing, threads, packed
//! sort keys, partial sort) against a plain scan: `SkimMatcherV2::fuzzy_match` on every
//! folded key and a stable sort by score, then newer date, then file order. The two must
//! agree exactly on a fixed set of titles.

use akhbar::model::Lang;
use akhbar::search::query::{self, Clause, Query};
use akhbar::search::{filter, filter_top, filter_within, Haystack, Hit, Keys};
use chrono::NaiveDate;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const WORDS: &[&str] = &[
    "بوتين",
    "يصل",
    "إلى",
    "باكو",
    "الاقتصاد",
    "وزير",
    "الخارجية",
    "أسعار",
    "النفط",
    "قمة",
    "مدرسة",
    "غدًا",
    "٢٠٢٤",
    "Putin",
    "arrives",
    "in",
    "Baku",
    "minister",
    "oil",
    "price",
    "summit",
    "COP29",
    "OPEC+",
    "iPhone",
    "3.5%",
    "state-visit",
    "Mississippi",
    "aaa",
];

/// A deterministic set of titles (a small linear congruential generator), large enough to
/// be scored on several threads.
fn titles(n: usize) -> Vec<Haystack> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % m
    };
    (0..n)
        .map(|_| {
            let words = 3 + next(9);
            let title: Vec<&str> = (0..words).map(|_| WORDS[next(WORDS.len())]).collect();
            let source = ["العربية", "Gulf Ledger", "قناة الوطن"][next(3)];
            // Few distinct dates, so that ties on score and date are common.
            let date = NaiveDate::from_ymd_opt(2024, 1 + next(3) as u32, 1 + next(2) as u32);
            let date = if next(10) == 0 { None } else { date };
            Haystack::new(&title.join(" "), Some(source), date, Lang::Mixed)
        })
        .collect()
}

/// The plain scan: skim on each key (a fresh matcher each time), phrases and exclusions by
/// substring, a stable sort.
fn plain(all: &[Haystack], q: &Query) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, h) in all.iter().enumerate() {
        let mut total = 0;
        let mut ok = true;
        for c in &q.clauses {
            match c {
                Clause::Fuzzy(t) => match SkimMatcherV2::default()
                    .smart_case()
                    .fuzzy_match(h.key(), t)
                {
                    Some(s) => total += s,
                    None => ok = false,
                },
                Clause::Phrase(t) => {
                    ok &= h.key().contains(t.as_str());
                    total += 1000;
                }
                Clause::Not(t) => ok &= !h.key().contains(t.as_str()),
                other => panic!("not in this test: {other:?}"),
            }
        }
        if ok {
            hits.push(Hit {
                index,
                score: total,
            });
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| all[b.index].date.cmp(&all[a.index].date))
    });
    hits
}

#[test]
fn fast_path_ranks_exactly_as_a_plain_scan() {
    // Above 16k candidates the filter splits the work across threads.
    let all = titles(17_000);
    // In chunks, as the dashboard loads them.
    let chunks: Vec<Arc<Keys>> = all
        .chunks(5000)
        .map(|c| Arc::new(c.iter().collect()))
        .collect();
    let cancel = AtomicBool::new(false);
    for typed in [
        "putin",
        "بوتين",
        "الاقتصاد",
        "aaa",
        "oil p",
        "\"oil\"",
        "باكو !pu",
        "cop2",
        "غدا",
        "ssi",
    ] {
        // Typed one char at a time, each keystroke narrowing the one before, as in the UI.
        let mut previous: Option<Vec<usize>> = None;
        let mut prefix = String::new();
        for ch in typed.chars() {
            prefix.push(ch);
            let Ok(q) = query::parse(&prefix) else {
                previous = None;
                continue;
            };
            let narrows = previous.is_some();
            let fast = filter_within(&chunks, &q, previous.as_deref(), &cancel).unwrap();
            let expected = plain(&all, &q);
            if fast != expected {
                let at = fast.iter().zip(&expected).position(|(a, b)| a != b);
                let show = |h: Option<&Hit>| {
                    h.map(|h| {
                        (
                            h.index,
                            h.score,
                            all[h.index].key().to_string(),
                            all[h.index].date,
                        )
                    })
                };
                panic!(
                    "{prefix:?} (narrowing: {narrows}): {} hits, expected {}; first difference at {at:?}: {:?} vs {:?}",
                    fast.len(),
                    expected.len(),
                    at.map(|i| show(fast.get(i))),
                    at.map(|i| show(expected.get(i)))
                );
            }
            assert_eq!(
                filter(&chunks, &q, &cancel).unwrap(),
                expected,
                "{prefix:?}"
            );
            let top = filter_top(&chunks, &q, None, &cancel, 25).unwrap();
            assert_eq!(
                top[..],
                expected[..expected.len().min(25)],
                "{prefix:?} top 25"
            );
            previous = match query::parse(&format!("{prefix}x")) {
                Ok(next) if next.narrows(&q) => Some(fast.iter().map(|h| h.index).collect()),
                _ => None,
            };
        }
    }
}
