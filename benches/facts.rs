//! Fact extraction throughput in articles per second, the work done when an article is
//! opened or indexed; the target is at least 2,000 articles/s on one core.
//!
//! - `seed`: the seed article (title and paragraphs), with its reference date;
//! - `corpus 1000`: 1,000 mixed articles from `/work/shared/bench/gen-corpus -n 1000 --seed 5`
//!   (set `AKHBAR_GEN_CORPUS` to the tool's path elsewhere), generated into a temporary
//!   directory; skipped with a note when the tool is missing.
//!
//! Lexicons are parsed on first use, before measuring.

use akhbar::facts::extract;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;
use std::process::Command;

const SEED: &str = include_str!("../seeds/000_58f7478ab411ec6c.txt");

/// One article: its paragraphs (title first) and its date.
struct Doc {
    paragraphs: Vec<String>,
    date: Option<chrono::NaiveDate>,
}

fn corpus() -> Option<Vec<Doc>> {
    let tool = std::env::var_os("AKHBAR_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/bench/gen-corpus"));
    if !tool.exists() {
        eprintln!(
            "facts bench: {} missing, corpus case skipped",
            tool.display()
        );
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let out = dir.path().join("corpus.jsonl");
    let ok = Command::new(&tool)
        .args(["-n", "1000", "--seed", "5", "-o"])
        .arg(&out)
        .status()
        .ok()?
        .success();
    if !ok {
        eprintln!("facts bench: gen-corpus failed, corpus case skipped");
        return None;
    }
    let text = std::fs::read_to_string(&out).ok()?;
    let docs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let mut paragraphs = vec![v["title"].as_str().unwrap_or("").to_string()];
            paragraphs.extend(
                v["body"]
                    .as_str()
                    .unwrap_or("")
                    .split("\n\n")
                    .map(str::to_string),
            );
            let date = v["published"]
                .as_str()
                .and_then(|d| d.get(..10))
                .and_then(|d| d.parse().ok());
            Doc { paragraphs, date }
        })
        .collect();
    Some(docs)
}

fn run(doc: &Doc) -> usize {
    let refs: Vec<&str> = doc.paragraphs.iter().map(String::as_str).collect();
    extract(&refs, doc.date).facts.len()
}

fn bench(c: &mut Criterion) {
    let seed = Doc {
        paragraphs: SEED.lines().map(str::to_string).collect(),
        date: "2024-08-18".parse().ok(),
    };
    black_box(run(&seed));
    let mut group = c.benchmark_group("facts");
    group.throughput(Throughput::Elements(1));
    group.bench_function("seed", |b| b.iter(|| run(black_box(&seed))));
    if let Some(docs) = corpus() {
        group.throughput(Throughput::Elements(docs.len() as u64));
        group.sample_size(10);
        group.bench_function("corpus 1000", |b| {
            b.iter(|| docs.iter().map(|d| run(black_box(d))).sum::<usize>())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
