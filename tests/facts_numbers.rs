//! Numbers in words and digits, Arabic (with its Egyptian forms) and English, on expressions
//! written for akhbar (`tests/fixtures/facts/numbers-own.jsonl`): each is one number fact
//! with the gold value. Pieces: units, teens, tens, hundreds, scales and their duals and
//! plurals, Arabic-Indic digits with ٬ and ٫, fractions, halves (مليون ونصف), signs, hyphens.

use akhbar::facts::{extract, Kind};

#[test]
fn every_expression_is_one_number_with_its_value() {
    let mut bad = Vec::new();
    let mut n = 0;
    for line in include_str!("fixtures/facts/numbers-own.jsonl").lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (text, want) = (v["text"].as_str().unwrap_or(""), v["value"].as_str());
        n += 1;
        let got: Vec<Option<String>> = extract(&[text], None)
            .facts
            .into_iter()
            .filter(|f| f.kind == Kind::Number)
            .map(|f| f.value)
            .collect();
        if got != [want.map(str::to_string)] {
            bad.push(format!("{text} -> {got:?}, want {want:?}"));
        }
    }
    assert!(n >= 70, "only {n} cases read");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_number_word_inside_other_words_is_not_a_number() {
    // "lent" and "one" in running English, "half" as a noun: nothing made up.
    let f = extract(
        &["He lent her the car, one of the best, for half the day."],
        None,
    );
    let values: Vec<_> = f
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Date)
        .map(|f| f.text.clone())
        .collect();
    assert!(values.is_empty(), "{values:?}");
}
