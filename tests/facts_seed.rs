//! The seed article against its gold facts, scored as `../shared/eval/score-facts` scores it:
//! exact spans per kind (quotes trimmed of quotation marks and end punctuation), micro F1
//! over all kinds, with a floor.

use akhbar::facts::text_facts;
use akhbar::ingest::furniture::{classify, LineKind};
use std::collections::HashMap;

const GOLD: &str = include_str!("fixtures/facts/seed-gold.jsonl");
const FLOOR: f64 = 0.90;

fn trim_quote(text: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let trim = |c: char| " \t\"'“”«»‘’.,،؛;:!?؟…-–—".contains(c);
    while s < e && text.get(s).is_some_and(|&c| trim(c)) {
        s += 1;
    }
    while e > s && text.get(e - 1).is_some_and(|&c| trim(c)) {
        e -= 1;
    }
    (s, e)
}

#[test]
fn seed_article_scores_above_the_floor() {
    let rec: serde_json::Value =
        serde_json::from_str(GOLD.lines().next().expect("one record")).expect("valid gold JSON");
    let text = rec["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let reference = rec["ref"].as_str().and_then(|d| d.parse().ok());
    let furniture = |l: &str| classify(l) != LineKind::Text;
    let facts = text_facts(text, reference, &furniture);

    let key = |kind: &str, s: usize, e: usize| {
        let (s, e) = if kind == "quote" {
            trim_quote(&chars, s, e)
        } else {
            (s, e)
        };
        (kind.to_string(), s, e)
    };
    let mut gold: HashMap<(String, usize, usize), usize> = HashMap::new();
    let gold_list = rec["entities"].as_array().expect("entities");
    for g in gold_list {
        let k = key(
            g["kind"].as_str().unwrap_or(""),
            g["start"].as_u64().unwrap_or(0) as usize,
            g["end"].as_u64().unwrap_or(0) as usize,
        );
        *gold.entry(k).or_default() += 1;
    }
    let mut tp = 0;
    let mut pred = 0;
    let mut seen = std::collections::HashSet::new();
    for f in &facts.facts {
        let k = key(f.kind.name(), f.start, f.end);
        if !seen.insert(k.clone()) {
            continue;
        }
        // Offsets are chars into the whole text.
        let slice: String = chars[f.start..f.end].iter().collect();
        assert_eq!(slice, f.text, "offsets of {f:?}");
        pred += 1;
        if let Some(n) = gold.get_mut(&k).filter(|n| **n > 0) {
            *n -= 1;
            tp += 1;
        }
    }
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold_list.len() as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    assert!(
        f1 >= FLOOR,
        "seed F1 {f1:.3} (P {p:.3} R {r:.3}) under {FLOOR}"
    );
}

#[test]
fn seed_entities_merge_their_mentions() {
    let rec: serde_json::Value =
        serde_json::from_str(GOLD.lines().next().expect("one record")).expect("gold");
    let text = rec["text"].as_str().expect("text");
    let facts = text_facts(text, None, &|l: &str| classify(l) != LineKind::Text);
    let putin = facts
        .entities
        .iter()
        .find(|e| e.name == "فلاديمير بوتين")
        .expect("Putin is an entity under his full name");
    assert!(
        putin.mentions.len() >= 12,
        "{} mentions",
        putin.mentions.len()
    );
    for name in ["إلهام علييف", "باكو", "الكرملين"] {
        assert!(
            facts.entities.iter().any(|e| e.name == name),
            "{name} missing"
        );
    }
}
