//! The lexicons hold no name only because the seed has it: with every name of the seed's
//! gold (people, places, organizations, and each word of them) removed from every lexicon,
//! the seed's people and places are still found, by titles, heads, patterns and the tagger,
//! at exact-span F1 above a floor; and the people of the project's own news texts
//! (`fixtures/facts/names-own*.jsonl`, written for akhbar, none from the seed) are found with
//! their names out of every lexicon too (there is no list of people; their words are also
//! taken out of the given names). Its own process, since the lexicons are read once per
//! process: both tests leave out the same names, set once.

use akhbar::facts::text_facts;
use akhbar::ingest::furniture::{classify, LineKind};
use std::collections::HashMap;

const GOLD: &str = include_str!("fixtures/facts/seed-gold.jsonl");
const OWN: [&str; 2] = [
    include_str!("fixtures/facts/names-own.jsonl"),
    include_str!("fixtures/facts/names-own-2.jsonl"),
];
// 31 texts, 50 people: exact-span person F1 0.625 with their names left out (0.719 with
// the given names kept), measured when the test was written.
const OWN_FLOOR: f64 = 0.60;

/// The names of every entity of `records` (JSONL) of the kinds `named` admits.
fn names_of(records: &str, named: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in records.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).expect("valid gold JSON");
        for e in rec["entities"].as_array().into_iter().flatten() {
            if named(e["kind"].as_str().unwrap_or("")) {
                out.extend(e["text"].as_str().map(str::to_string));
            }
        }
    }
    out
}

/// Leaves the seed's names and the own texts' people out of every lexicon, once per process
/// and before anything reads a lexicon.
fn leave_names_out() {
    static ONCE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let named = |k: &str| matches!(k, "person" | "place" | "organization");
        let mut names = names_of(GOLD, &named);
        for own in OWN {
            names.extend(names_of(own, &|k| k == "person"));
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let list = dir.path().join("left-out.txt");
        std::fs::write(&list, names.join("\n")).expect("write the list");
        std::env::set_var("AKHBAR_LEXICON_WITHOUT", &list);
        dir
    });
}

/// Exact-span (tp, predicted, gold) of the kinds `scored` admits in one gold record.
fn score(
    rec: &serde_json::Value,
    scored: &dyn Fn(&str) -> bool,
) -> (usize, usize, usize, Vec<String>) {
    let text = rec["text"].as_str().expect("text");
    let reference = rec["ref"].as_str().and_then(|d| d.parse().ok());
    let furniture = |l: &str| classify(l) != LineKind::Text;
    let facts = text_facts(text, reference, &furniture);
    let mut gold: HashMap<(String, usize, usize), usize> = HashMap::new();
    for g in rec["entities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| scored(e["kind"].as_str().unwrap_or("")))
    {
        let k = (
            g["kind"].as_str().unwrap_or("").to_string(),
            g["start"].as_u64().unwrap_or(0) as usize,
            g["end"].as_u64().unwrap_or(0) as usize,
        );
        *gold.entry(k).or_default() += 1;
    }
    let n_gold: usize = gold.values().sum();
    let (mut tp, mut pred) = (0, 0);
    let mut wrong = Vec::new();
    for f in facts.facts.iter().filter(|f| scored(f.kind.name())) {
        pred += 1;
        let k = (f.kind.name().to_string(), f.start, f.end);
        match gold.get_mut(&k).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                tp += 1;
            }
            None => wrong.push(format!("+{} {}", f.kind.name(), f.text)),
        }
    }
    (tp, pred, n_gold, wrong)
}

fn f1(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[test]
fn own_texts_people_are_found_without_their_names_in_any_lexicon() {
    leave_names_out();
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    let mut wrong = Vec::new();
    let mut texts = 0;
    for own in OWN {
        for line in own.lines().filter(|l| !l.trim().is_empty()) {
            let rec: serde_json::Value = serde_json::from_str(line).expect("valid gold JSON");
            let (t, p, g, w) = score(&rec, &|k| k == "person");
            tp += t;
            pred += p;
            gold += g;
            wrong.extend(w);
            texts += 1;
        }
    }
    assert!(texts >= 30 && gold >= 45, "{texts} texts, {gold} people");
    let (p, r, f) = f1(tp, pred, gold);
    assert!(
        f >= OWN_FLOOR,
        "own texts' people F1 {f:.3} (P {p:.3} R {r:.3}) under {OWN_FLOOR}; spurious: {wrong:?}"
    );
}
// The issue asks for 0.85. Titles with what follows them, place heads, one sense per article
// and the retrained tagger reach 0.865 (people 0.895, places 0.833; 0.708 before).
const FLOOR: f64 = 0.86;

#[test]
fn seed_people_and_places_are_found_without_their_names_in_any_lexicon() {
    leave_names_out();
    let rec: serde_json::Value =
        serde_json::from_str(GOLD.lines().next().expect("one record")).expect("valid gold JSON");
    let named = |k: &str| matches!(k, "person" | "place" | "organization");
    assert!(
        names_of(GOLD, &named).len() > 30,
        "the seed names too few entities"
    );
    let (tp, pred, gold, wrong) = score(&rec, &|k| matches!(k, "person" | "place"));
    let (p, r, f1) = f1(tp, pred, gold);
    assert!(
        f1 >= FLOOR,
        "people and places F1 {f1:.3} (P {p:.3} R {r:.3}) under {FLOOR}; spurious: {wrong:?}"
    );
}
