//! A fixed amount of fact extraction for measuring with `perf stat` or `perf record`: every
//! article of a gen-corpus JSONL file (title and paragraphs, its date), `PASSES` times.
//! Criterion's wall-clock figures swing on a shared machine; the CPU time of each pass
//! (the thread's own run time) swings far less.
//!
//! ```text
//! /work/shared/bench/gen-corpus -n 1000 --seed 5 -o /tmp/c.jsonl
//! cargo build --release --example facts_speed
//! taskset -c 0 target/release/examples/facts_speed /tmp/c.jsonl 8
//! ```

use akhbar::facts::extract;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: facts_speed CORPUS.jsonl [PASSES]");
    let passes: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).expect("corpus");
    let docs: Vec<(Vec<String>, Option<chrono::NaiveDate>)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let mut paras = vec![v["title"].as_str().unwrap_or("").to_string()];
            let body = v["body"].as_str().unwrap_or("");
            paras.extend(body.split("\n\n").map(str::to_string));
            let date = v["published"]
                .as_str()
                .and_then(|d| d.get(..10))
                .and_then(|d| d.parse().ok());
            (paras, date)
        })
        .collect();
    // Lexicons and weights load on first use, outside the timed part.
    let mut found = extract(&["x"], None).facts.len();
    let mut rates = Vec::with_capacity(passes);
    let t = Instant::now();
    for _ in 0..passes {
        let cpu = cpu_ns();
        for (paras, date) in &docs {
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            found += extract(&refs, *date).facts.len();
        }
        if let (Some(a), Some(b)) = (cpu, cpu_ns()) {
            rates.push(docs.len() as f64 * 1e9 / (b - a).max(1) as f64);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = docs.len() * passes;
    rates.sort_by(f64::total_cmp);
    println!(
        "{n} articles in {secs:.3} s: {:.0} articles/s ({found} facts); per CPU second, pass by pass: best {:.0}, median {:.0}",
        n as f64 / secs,
        rates.last().copied().unwrap_or(0.0),
        rates.get(rates.len() / 2).copied().unwrap_or(0.0),
    );
}

/// Nanoseconds this thread has run on a CPU (Linux's schedstat), so time other processes
/// take the core from it is not counted.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
