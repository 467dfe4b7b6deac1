//! Loading and filtering at corpus scale: what the dashboard's first frame and each filter
//! keystroke wait for. The corpus is generated here with ../shared/bench/gen-corpus (never
//! committed); without it the corpus benchmarks are skipped with a note.

use akhbar::ingest;
use akhbar::search::{filter, Haystack, Keys};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn corpus(n: usize) -> Option<PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    if !tool.exists() {
        eprintln!(
            "note: {} not found; corpus benchmarks skipped",
            tool.display()
        );
        return None;
    }
    let out = std::env::temp_dir().join(format!("akhbar-bench-{n}.jsonl"));
    if !out.exists() {
        let status = std::process::Command::new("python3")
            .arg(&tool)
            .args(["-n", &n.to_string(), "-o"])
            .arg(&out)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    Some(out)
}

fn bench(c: &mut Criterion) {
    c.bench_function("load embedded seeds", |b| b.iter(ingest::load_embedded));
    // Scraped pages read with every rule: cues, shapes, title, date, source, and the lines
    // recurring across the folder (each page is read twice: once to count, once to judge).
    let scraped = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scraped/dev");
    let n = ingest::load_paths(std::slice::from_ref(&scraped))
        .map(|l| l.articles.len())
        .unwrap_or(0);
    c.bench_function(&format!("load scraped folder ({n} pages)"), |b| {
        b.iter(|| ingest::load_paths(std::slice::from_ref(&scraped)).unwrap())
    });
    let Some(path) = corpus(10_000) else {
        return;
    };
    let mut g = c.benchmark_group("10k corpus");
    g.sample_size(10);
    g.bench_function("load jsonl", |b| {
        b.iter(|| ingest::load_paths(std::slice::from_ref(&path)).unwrap())
    });
    let loaded = ingest::load_paths(&[path]).unwrap();
    let chunks: Vec<Arc<Keys>> = vec![Arc::new(
        loaded
            .articles
            .iter()
            .map(|a| Haystack::new(&a.title, a.source.as_deref(), a.date, a.lang))
            .collect(),
    )];
    let cancel = AtomicBool::new(false);
    for text in ["بوتين", "oil price", "ال"] {
        let query = akhbar::search::query::parse(text).unwrap();
        g.bench_function(format!("filter {text:?}"), |b| {
            b.iter(|| filter(&chunks, &query, &cancel))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
