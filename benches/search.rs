//! The filter as the dashboard runs it: a query typed one key at a time, each keystroke
//! narrowing the previous keystroke's hits (`filter_within`), over the titles of 10k, 100k
//! and 1M synthetic articles. Each benchmark is one keystroke: `latin/3` scores the third
//! prefix of the Latin query within the hits of the second.
//!
//! The corpora are generated here with ../shared/bench/gen-corpus (`--body-words 0`, into
//! the temp folder, never committed); without the tool the benchmarks are skipped with a
//! note. `AKHBAR_BENCH_SIZES=10k,100k` picks the sizes (default all three; 1M takes a
//! minute or two to generate and to run).

use akhbar::model::Lang;
use akhbar::search::{filter_within, query, Haystack, Keys};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// The queries typed, in pairs of the same length, so that Arabic and Latin compare key for
/// key: words of gen-corpus titles. The first Arabic one starts with the article «ال», which
/// nearly every Arabic title holds (the hardest case: its first keystrokes match most of
/// the store); the last pair has no article. `AKHBAR_BENCH_QUERIES=1` keeps the first pair
/// only (the 1M runs).
const QUERIES: &[(&str, &str)] = &[
    ("latin", "minister"),
    ("arabic", "الاقتصاد"),
    ("latin-2", "heritage"),
    ("arabic-2", "الكرملين"),
    ("latin-3", "rapid"),
    ("arabic-3", "منصور"),
];

fn queries() -> &'static [(&'static str, &'static str)] {
    match std::env::var("AKHBAR_BENCH_QUERIES")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(pairs) => &QUERIES[..(2 * pairs).min(QUERIES.len())],
        None => QUERIES,
    }
}

fn corpus(n: usize) -> Option<PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    if !tool.exists() {
        eprintln!(
            "note: {} not found; search benchmarks skipped",
            tool.display()
        );
        return None;
    }
    let out = std::env::temp_dir().join(format!("akhbar-bench-search-{n}.jsonl"));
    if !out.exists() {
        let partial = out.with_extension("part");
        let status = std::process::Command::new("python3")
            .arg(&tool)
            .args(["-n", &n.to_string(), "--body-words", "0", "-o"])
            .arg(&partial)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        std::fs::rename(&partial, &out).ok()?;
    }
    Some(out)
}

/// The haystacks of a corpus, in chunks of 5000 as the dashboard loads them, with the bytes
/// of its titles and of its titles and sources.
fn haystacks(path: &Path) -> (Vec<Arc<Keys>>, usize, usize) {
    #[derive(serde::Deserialize)]
    struct Line {
        title: String,
        source: Option<String>,
        published: Option<String>,
        lang: Option<String>,
    }
    let file = std::fs::File::open(path).expect("corpus");
    let mut all = Vec::new();
    let (mut titles, mut sources) = (0, 0);
    for line in std::io::BufReader::new(file).lines() {
        let Ok(l) = serde_json::from_str::<Line>(&line.expect("read")) else {
            continue;
        };
        let date = l
            .published
            .as_deref()
            .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
            .map(|d| d.date_naive())
            .or(NaiveDate::from_ymd_opt(2024, 1, 1));
        let lang = l
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Unknown);
        titles += l.title.len();
        sources += l.source.as_deref().map_or(0, str::len);
        all.push(Haystack::new(&l.title, l.source.as_deref(), date, lang));
    }
    let chunks = all
        .chunks(5000)
        .map(|c| Arc::new(c.iter().collect()))
        .collect();
    (chunks, titles, titles + sources)
}

fn sizes() -> Vec<usize> {
    let wanted = std::env::var("AKHBAR_BENCH_SIZES").unwrap_or_else(|_| "10k,100k,1m".into());
    wanted
        .split(',')
        .filter_map(|s| match s.trim().to_ascii_lowercase().as_str() {
            "10k" => Some(10_000),
            "100k" => Some(100_000),
            "1m" => Some(1_000_000),
            _ => None,
        })
        .collect()
}

fn label(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{}m", n / 1_000_000)
    } else {
        format!("{}k", n / 1000)
    }
}

/// CPU time of the whole process (every thread), in seconds.
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the struct it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A plain summary next to criterion's: for each keystroke, the hits and the median wall and
/// CPU time of `rounds` runs (CPU time says what the work costs when other processes share
/// the cores), and the median and worst over the keystrokes of each query.
fn summary(size: &str, chunks: &[Arc<Keys>], rounds: usize) {
    let cancel = AtomicBool::new(false);
    for (name, text) in queries() {
        let mut previous: Option<Vec<usize>> = None;
        let mut typed = String::new();
        let (mut walls, mut cpus) = (Vec::new(), Vec::new());
        for ch in text.chars() {
            typed.push(ch);
            let q = query::parse(&typed).expect("query");
            let (mut wall, mut cpu) = (Vec::new(), Vec::new());
            let mut hits = Vec::new();
            for _ in 0..rounds {
                let (w0, c0) = (std::time::Instant::now(), cpu_seconds());
                hits = filter_within(chunks, &q, previous.as_deref(), &cancel).expect("hits");
                wall.push(w0.elapsed().as_secs_f64() * 1e3);
                cpu.push((cpu_seconds() - c0) * 1e3);
            }
            let (w, c) = (median(wall), median(cpu));
            eprintln!(
                "summary {size} {name} {typed:?}: {} hits, median {w:.1} ms wall, {c:.1} ms cpu",
                hits.len()
            );
            walls.push(w);
            cpus.push(c);
            previous = Some(hits.iter().map(|h| h.index).collect());
        }
        let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        eprintln!(
            "summary {size} {name}: over the keystrokes median {:.1} ms wall (worst {:.1}), median {:.1} ms cpu (worst {:.1})",
            median(walls.clone()),
            worst(&walls),
            median(cpus.clone()),
            worst(&cpus)
        );
    }
}

fn bench(c: &mut Criterion) {
    for n in sizes() {
        let Some(path) = corpus(n) else {
            return;
        };
        let (chunks, titles, with_sources) = haystacks(&path);
        let (keys, text) = chunks.iter().fold((0, 0), |(all, text), c| {
            (all + c.bytes(), text + c.text_bytes())
        });
        eprintln!(
            "summary {}: folded keys {keys} bytes ({text} of text), titles {titles} bytes, titles and sources {with_sources} bytes: {:.2}x the titles, {:.2}x titles and sources",
            label(n),
            keys as f64 / titles as f64,
            keys as f64 / with_sources as f64
        );
        summary(&label(n), &chunks, if n >= 1_000_000 { 5 } else { 15 });
        let cancel = AtomicBool::new(false);
        let mut g = c.benchmark_group(format!("search {}", label(n)));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(if n >= 1_000_000 { 4 } else { 1 }));
        for (name, text) in queries() {
            // The hits each keystroke narrows from: those of the keystroke before.
            let mut previous: Option<Vec<usize>> = None;
            let mut typed = String::new();
            for (k, ch) in text.chars().enumerate() {
                typed.push(ch);
                let q = query::parse(&typed).expect("query");
                let within = previous.clone();
                g.bench_with_input(BenchmarkId::new(*name, k + 1), &q, |b, q| {
                    b.iter(|| filter_within(&chunks, q, within.as_deref(), &cancel))
                });
                let hits = filter_within(&chunks, &q, within.as_deref(), &cancel).expect("hits");
                previous = Some(hits.iter().map(|h| h.index).collect());
            }
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
