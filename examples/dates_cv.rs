//! Date value accuracy per fold, in process, the way `score-facts` counts it on single-fact
//! records (a gold date is right when some date fact of its text has the same value; `A/A`
//! is `A`). The records of every file given are split into 5 folds by their id (FNV-1a of
//! the id, mod 5: deterministic, and the same record always lands in the same fold), so a
//! change to the grammar can be judged by the mean of the folds and by how many folds it
//! helps, rather than by one total.
//!
//! ```text
//! cargo run --example dates_cv -- ../shared/eval/duckling-dev.jsonl \
//!     tests/fixtures/facts/dates-own2.jsonl [--misses] [--numbers]
//! ```
//!
//! `--numbers` scores the number records instead (values compared as decimals), to see that a
//! date change took no number away.

use akhbar::facts::{text_facts, Kind};

const FOLDS: usize = 5;

fn fold_of(id: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % FOLDS as u64) as usize
}

fn norm(v: &str) -> String {
    match v.split_once('/') {
        Some((a, b)) if a.trim() == b.trim() => a.trim().to_string(),
        Some((a, b)) => format!("{}/{}", a.trim(), b.trim()),
        None => v.trim().to_string(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let (kind, want_kind) = if args.iter().any(|a| a == "--numbers") {
        (Kind::Number, "number")
    } else {
        (Kind::Date, "date")
    };
    // right and total per fold, and per file
    let mut folds = [(0usize, 0usize); FOLDS];
    let mut files = Vec::new();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut right, mut total) = (0, 0);
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(id), Some(body), Some(want)) =
                (v["id"].as_str(), v["text"].as_str(), v["value"].as_str())
            else {
                continue;
            };
            if v["kind"].as_str() != Some(want_kind) {
                continue;
            }
            let reference = v["ref"]
                .as_str()
                .and_then(|r| r.get(..10))
                .and_then(|r| r.parse().ok());
            let got: Vec<String> = text_facts(body, reference, &|_| false)
                .facts
                .into_iter()
                .filter(|f| f.kind == kind)
                .filter_map(|f| f.value)
                .collect();
            let same = |g: &str| match kind {
                Kind::Number => g.parse::<f64>().ok() == want.parse::<f64>().ok(),
                _ => norm(g) == norm(want),
            };
            let ok = got.iter().any(|g| same(g));
            let k = fold_of(id);
            folds[k].1 += 1;
            total += 1;
            if ok {
                folds[k].0 += 1;
                right += 1;
            } else if misses {
                let rule = v["rule"].as_str().unwrap_or("");
                println!("miss fold{} [{rule}] {body} -> {got:?}, want {want}", k + 1);
            }
        }
        files.push((path.clone(), right, total));
    }
    for (path, right, total) in &files {
        println!(
            "{path}: {right}/{total} = {:.3}",
            *right as f64 / (*total).max(1) as f64
        );
    }
    let accs: Vec<f64> = folds
        .iter()
        .map(|(r, t)| *r as f64 / (*t).max(1) as f64)
        .collect();
    for (k, ((r, t), a)) in folds.iter().zip(&accs).enumerate() {
        println!("fold {}: {r}/{t} = {a:.3}", k + 1);
    }
    println!(
        "mean of folds: {:.3}",
        accs.iter().sum::<f64>() / FOLDS as f64
    );
}
