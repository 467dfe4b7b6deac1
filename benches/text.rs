//! Layout throughput of the text layer, the work a reader pane does when an article is opened
//! or the terminal is resized: bidi reordering and shaping on (the default) unless noted.
//! Throughput is reported in words (whitespace-separated) laid out per second; the issue's
//! target is at least 1,000,000 words/s on one core, shaping included.
//!
//! - `seed w80`: the seed article (~370 words, Arabic) at 80 cells, also with bidi and shaping
//!   off for comparison;
//! - `arabic 10k w80`: a 10,000-word Arabic article made of the seed's paragraphs, rotated;
//! - `corpus 1000 w80`: 1,000 mixed articles (title and body paragraphs) from
//!   `/work/shared/bench/gen-corpus -n 1000 --seed 3` (set `AKHBAR_GEN_CORPUS` to its path
//!   elsewhere); skipped with a note when the tool is missing. The corpus goes to a
//!   temporary directory and is never kept.

use std::path::PathBuf;
use std::process::Command;

use akhbar::text::{layout, LayoutOptions};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = include_str!("../seeds/000_58f7478ab411ec6c.txt");

fn words(paragraphs: &[String]) -> u64 {
    paragraphs
        .iter()
        .map(|p| p.split_whitespace().count() as u64)
        .sum()
}

fn lay_out_all(paragraphs: &[String], opts: &LayoutOptions) -> usize {
    paragraphs.iter().map(|p| layout(p, opts).len()).sum()
}

fn seed_paragraphs() -> Vec<String> {
    SEED.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// At least 10,000 words of Arabic: the seed's paragraphs, each pass rotated by one so that
/// consecutive paragraphs differ, cut at the paragraph that passes 10,000 words.
fn arabic_article(seed: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut pass = 0;
    while total < 10_000 {
        for k in 0..seed.len() {
            let p = &seed[(k + pass) % seed.len()];
            total += p.split_whitespace().count();
            out.push(p.clone());
            if total >= 10_000 {
                break;
            }
        }
        pass += 1;
    }
    out
}

/// Titles and body paragraphs of 1,000 generated articles, or None (with a note) without
/// the generator.
fn corpus_paragraphs() -> Option<Vec<String>> {
    let tool = std::env::var_os("AKHBAR_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/bench/gen-corpus"));
    if !tool.is_file() {
        eprintln!(
            "note: {} not found; corpus benchmark skipped",
            tool.display()
        );
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let file = dir.path().join("corpus.jsonl");
    let status = Command::new(&tool)
        .args(["-n", "1000", "--seed", "3", "-o"])
        .arg(&file)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("note: {} failed; corpus benchmark skipped", tool.display());
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        out.push(v["title"].as_str().unwrap_or_default().to_owned());
        for para in v["body"].as_str().unwrap_or_default().split("\n\n") {
            let para = para.trim();
            if !para.is_empty() {
                out.push(para.to_owned());
            }
        }
    }
    Some(out)
}

fn bench_layout(c: &mut Criterion) {
    let on = LayoutOptions::new(80);
    let off = LayoutOptions {
        bidi: false,
        shaping: false,
        ..on
    };
    let bidi_only = LayoutOptions {
        shaping: false,
        ..on
    };

    let seed = seed_paragraphs();
    let mut group = c.benchmark_group("layout");
    group.throughput(Throughput::Elements(words(&seed)));
    group.bench_function("seed w80 bidi+shaping", |b| {
        b.iter(|| lay_out_all(black_box(&seed), &on))
    });
    group.bench_function("seed w80 bidi", |b| {
        b.iter(|| lay_out_all(black_box(&seed), &bidi_only))
    });
    group.bench_function("seed w80 plain", |b| {
        b.iter(|| lay_out_all(black_box(&seed), &off))
    });

    let article = arabic_article(&seed);
    group.throughput(Throughput::Elements(words(&article)));
    group.bench_function("arabic 10k w80 bidi+shaping", |b| {
        b.iter(|| lay_out_all(black_box(&article), &on))
    });

    if let Some(corpus) = corpus_paragraphs() {
        group.throughput(Throughput::Elements(words(&corpus)));
        group.sample_size(20);
        group.bench_function("corpus 1000 w80 bidi+shaping", |b| {
            b.iter(|| lay_out_all(black_box(&corpus), &on))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
