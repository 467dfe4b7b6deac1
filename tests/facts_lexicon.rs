//! The lexicons hold no name only because the seed has it: with every name of the seed's
//! gold (people, places, organizations, and each word of them) removed from every lexicon,
//! the seed's people and places are still found, by titles, heads, patterns and the tagger,
//! at exact-span F1 above a floor. Its own process, since the lexicons are read once per process.

use akhbar::facts::text_facts;
use akhbar::ingest::furniture::{classify, LineKind};
use std::collections::HashMap;

const GOLD: &str = include_str!("fixtures/facts/seed-gold.jsonl");
// The issue asks for 0.85. Titles with what follows them, place heads, one sense per article
// and the retrained tagger reach 0.865 (people 0.895, places 0.833; 0.708 before).
const FLOOR: f64 = 0.86;

#[test]
fn seed_people_and_places_are_found_without_their_names_in_any_lexicon() {
    let rec: serde_json::Value =
        serde_json::from_str(GOLD.lines().next().expect("one record")).expect("valid gold JSON");
    let text = rec["text"].as_str().expect("text");
    let entities = rec["entities"].as_array().expect("entities");
    let named = |k: &str| matches!(k, "person" | "place" | "organization");
    let names: Vec<&str> = entities
        .iter()
        .filter(|e| named(e["kind"].as_str().unwrap_or("")))
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(names.len() > 30, "the seed names {} entities", names.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("left-out.txt");
    std::fs::write(&list, names.join("\n")).expect("write the list");
    // Before anything reads a lexicon in this process.
    std::env::set_var("AKHBAR_LEXICON_WITHOUT", &list);

    let reference = rec["ref"].as_str().and_then(|d| d.parse().ok());
    let furniture = |l: &str| classify(l) != LineKind::Text;
    let facts = text_facts(text, reference, &furniture);
    let scored = |k: &str| matches!(k, "person" | "place");
    let mut gold: HashMap<(String, usize, usize), usize> = HashMap::new();
    for g in entities
        .iter()
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
    let mut missed_or_wrong = Vec::new();
    for f in facts.facts.iter().filter(|f| scored(f.kind.name())) {
        pred += 1;
        let k = (f.kind.name().to_string(), f.start, f.end);
        match gold.get_mut(&k).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                tp += 1;
            }
            None => missed_or_wrong.push(format!("+{} {}", f.kind.name(), f.text)),
        }
    }
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / n_gold.max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    assert!(
        f1 >= FLOOR,
        "people and places F1 {f1:.3} (P {p:.3} R {r:.3}) under {FLOOR}; spurious: {missed_or_wrong:?}"
    );
}
