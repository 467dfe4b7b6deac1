//! The facts of every bundled seed article against golden files (`tests/golden/facts/`), so a
//! change to extraction shows up as a diff a reviewer reads fact by fact. Each line: the
//! char span in the whole text, kind, text, value, role (dates resolve against 2024-08-18). Regenerate with `AKHBAR_BLESS_FACTS=1 cargo test
//! --test facts_golden` after checking that the differences are improvements.

use akhbar::facts::text_facts;
use akhbar::ingest::furniture::{classify, LineKind};
use std::path::Path;

fn render(text: &str) -> String {
    let furniture = |l: &str| classify(l) != LineKind::Text;
    let facts = text_facts(text, "2024-08-18".parse().ok(), &furniture);
    let mut out = String::new();
    for f in &facts.facts {
        out.push_str(&format!(
            "{}..{}\t{}\t{}\t{}\t{}\n",
            f.start,
            f.end,
            f.kind.name(),
            f.text.replace(['\n', '\t'], " "),
            f.value.as_deref().unwrap_or("-").replace(['\n', '\t'], " "),
            f.role.as_deref().unwrap_or("-"),
        ));
    }
    out
}

#[test]
fn seed_facts_match_their_golden_files() {
    let bless = std::env::var_os("AKHBAR_BLESS_FACTS").is_some();
    let mut seeds: Vec<_> = std::fs::read_dir("seeds")
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10, "seeds: {}", seeds.len());
    let mut differ = Vec::new();
    for seed in seeds {
        let text = std::fs::read_to_string(&seed).expect("seed text");
        let got = render(&text);
        let stem = seed.file_stem().and_then(|s| s.to_str()).unwrap_or("seed");
        let golden = Path::new("tests/golden/facts").join(format!("{stem}.tsv"));
        if bless {
            std::fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            differ.push(stem.to_string());
        }
    }
    assert!(
        differ.is_empty(),
        "facts differ from tests/golden/facts/ for {differ:?}"
    );
}
