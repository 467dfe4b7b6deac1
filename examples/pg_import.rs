//! Both store backends side by side in one run: import of a gen-corpus JSON Lines file
//! (`akhbar import`'s path, `import_jsonl`), the dashboard's first page (counts and the first
//! 48 rows of the unread view) and a triage key to committed (`apply` of a star), on SQLite
//! and on a throwaway PostgreSQL cluster on 127.0.0.1 (tests/pg_common) whose commits are
//! synced to disk (`fsync=on`, the server's default), as SQLite's are (`synchronous=FULL`).
//!
//! `cargo run --release --example pg_import -- [ARTICLES] [RUNS]` (default 100000 and 3);
//! the corpus is made once with ../shared/bench/gen-corpus under target/. Prints each run and
//! the medians.

#[path = "../tests/pg_common/mod.rs"]
mod pg_common;

use akhbar::store::{Change, Location, Op, Store, View};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus(n: usize) -> PathBuf {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pg-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("corpus-{n}.jsonl"));
    if !out.exists() {
        let ok = std::process::Command::new("python3")
            .arg(&tool)
            .args(["-n", &n.to_string(), "--seed", "7", "-o"])
            .arg(&out)
            .status()
            .expect("gen-corpus runs")
            .success();
        assert!(ok, "gen-corpus failed");
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

struct Run {
    import: Duration,
    first_page: Duration,
    triage: Duration,
}

fn measure(loc: &Location, path: &Path, articles: usize) -> Run {
    let mut store = Store::open_as(loc, "bench").unwrap().store;
    let started = Instant::now();
    let stats = store.import_jsonl(path, &mut |_, _| {}).unwrap();
    let import = started.elapsed();
    assert_eq!(stats.added, articles, "every article imported once");
    // A new handle, as a dashboard starting on the store.
    let started = Instant::now();
    let store2 = Store::open_as(loc, "bench").unwrap().store;
    let counts = store2.counts().unwrap();
    let page = store2.rows(View::Unread, None, 48).unwrap();
    let first_page = started.elapsed();
    assert_eq!(counts.all, articles);
    assert_eq!(page.len(), 48);
    // 200 triage keys, each committed before the next.
    let mut keys = Vec::new();
    for (i, row) in page.iter().cycle().take(200).enumerate() {
        let started = Instant::now();
        store
            .apply(&Change::new(vec![row.id], Op::Star(i % 96 < 48)))
            .unwrap();
        keys.push(started.elapsed());
    }
    Run {
        import,
        first_page,
        triage: median(keys),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let path = corpus(n);
    let cluster =
        pg_common::Cluster::start_durable().expect("a PostgreSQL server (initdb) on this machine");
    let tmp = tempfile::tempdir().unwrap();
    let mut results: Vec<(&str, Vec<Run>)> = vec![("sqlite", Vec::new()), ("postgres", Vec::new())];
    for run in 0..runs {
        for (name, done) in &mut results {
            let loc = if *name == "sqlite" {
                Location::File(tmp.path().join(format!("run{run}.db")))
            } else {
                Location::parse(cluster.fresh_db())
            };
            let r = measure(&loc, &path, n);
            println!(
                "run {run} {name}: import {:.2} s ({:.0}/s), first page {:.1} ms, triage key median {:.2} ms",
                r.import.as_secs_f64(),
                n as f64 / r.import.as_secs_f64(),
                r.first_page.as_secs_f64() * 1e3,
                r.triage.as_secs_f64() * 1e3
            );
            done.push(r);
        }
    }
    for (name, done) in results {
        let import = median(done.iter().map(|r| r.import).collect());
        let page = median(done.iter().map(|r| r.first_page).collect());
        let triage = median(done.iter().map(|r| r.triage).collect());
        println!(
            "median {name}: import {:.2} s ({:.0}/s), first page {:.1} ms, triage key {:.2} ms",
            import.as_secs_f64(),
            n as f64 / import.as_secs_f64(),
            page.as_secs_f64() * 1e3,
            triage.as_secs_f64() * 1e3
        );
    }
    drop(cluster);
}
