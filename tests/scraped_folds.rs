//! `fold_into` (what search keys, cue words and recurring lines are built from) reads bytes in
//! stretches for speed; its output must stay byte for byte the char-by-char fold of
//! `fold_for_match`, which the search index was built with. Checked on every line of the
//! bundled seeds, of the scraped development pages and of a sample of the benchmark corpus.

use akhbar::text::normalize::{fold_for_match, fold_into};
use std::path::Path;

fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds")
        .chain(std::fs::read_dir(root.join("tests/fixtures/scraped/dev")).expect("dev pages"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a page");
        out.extend(text.lines().map(str::to_string));
        out.push(text);
    }
    let sample = root.join("tests/fixtures/scraped/gen-corpus-sample.jsonl");
    for line in std::fs::read_to_string(sample)
        .expect("corpus sample")
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(line).expect("a record");
        for key in ["title", "source", "body"] {
            if let Some(s) = v.get(key).and_then(|s| s.as_str()) {
                out.push(s.to_string());
            }
        }
    }
    out
}

#[test]
fn fold_into_gives_the_char_by_char_fold_on_real_text() {
    let texts = texts();
    assert!(texts.len() > 2000, "{} texts", texts.len());
    let mut out = String::new();
    for t in &texts {
        out.clear();
        fold_into(t, &mut out);
        assert!(out == fold_for_match(t).text, "{t}");
    }
}
