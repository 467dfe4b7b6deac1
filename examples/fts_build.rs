//! How fast the full-text index is built, in one run so the figures sit side by side on a
//! loaded machine: a JSON Lines corpus imported into a fresh store with the index written in
//! the import's transactions, the same import with the index deferred (nothing indexed), and
//! `reindex` plus `index_pending` batches of 2,000 over the deferred store (the index alone,
//! as `akhbar reindex` builds it). The three alternate round by round; medians are printed
//! with every run's rate. Besides the wall-clock rate, each is given per CPU second: of the
//! whole process (parsers included) and of the calling thread alone (the writer), read from
//! `/proc` (Linux; 0 elsewhere), since on a shared machine the wall clock mostly measures
//! the other users.
//!
//! `cargo run --release --example fts_build -- CORPUS.jsonl [ROUNDS]` (default 3 rounds).

use akhbar::store::{Location, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn open(path: &Path) -> Store {
    Store::open_as(&Location::File(path.to_path_buf()), "bench")
        .expect("the store opens")
        .store
}

/// CPU seconds used so far by the process (all threads) and by the calling thread.
fn cpu() -> (f64, f64) {
    // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks of 1/100 s.
    let process = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0);
    // The first field of schedstat: nanoseconds on a CPU.
    let thread = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9);
    (process, thread)
}

/// Rates of `n` articles over a span: wall, process CPU, writer CPU (articles a second).
fn rates(n: usize, wall: Instant, cpu0: (f64, f64)) -> [f64; 3] {
    let (p, t) = cpu();
    let per = |s: f64| if s > 0.0 { n as f64 / s } else { 0.0 };
    [
        per(wall.elapsed().as_secs_f64()),
        per(p - cpu0.0),
        per(t - cpu0.1),
    ]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(corpus) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fts_build CORPUS.jsonl [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut indexed: Vec<[f64; 3]> = Vec::new();
    let mut deferred: Vec<[f64; 3]> = Vec::new();
    let mut rebuilt: Vec<[f64; 3]> = Vec::new();
    let mut n = 0;
    for round in 0..rounds {
        let path = dir.path().join(format!("indexed-{round}.db"));
        let mut store = open(&path);
        let (t, c) = (Instant::now(), cpu());
        n = store
            .import_jsonl(&corpus, &mut |_, _| {})
            .expect("import")
            .added;
        indexed.push(rates(n, t, c));
        drop(store);

        let path = dir.path().join(format!("deferred-{round}.db"));
        let mut store = open(&path);
        store.defer_index(true);
        let (t, c) = (Instant::now(), cpu());
        store.import_jsonl(&corpus, &mut |_, _| {}).expect("import");
        deferred.push(rates(n, t, c));

        let (t, c) = (Instant::now(), cpu());
        store.reindex().expect("reindex");
        while store.index_pending(2000).expect("index").left > 0 {}
        rebuilt.push(rates(n, t, c));
        drop(store);
        for f in std::fs::read_dir(dir.path()).expect("the folder").flatten() {
            let _ = std::fs::remove_file(f.path());
        }
        let show =
            |r: [f64; 3]| format!("{:.0}/s wall {:.0}/s cpu {:.0}/s writer", r[0], r[1], r[2]);
        eprintln!(
            "round {round}: import indexed {}; deferred {}; reindex {}",
            show(indexed[round]),
            show(deferred[round]),
            show(rebuilt[round])
        );
    }
    println!("{n} articles, medians of {rounds} (wall / process CPU / writer thread CPU):");
    for (name, runs) in [
        ("import with the index", &indexed),
        ("import, index deferred", &deferred),
        ("reindex + index_pending", &rebuilt),
    ] {
        let m: Vec<f64> = (0..3)
            .map(|k| median(runs.iter().map(|r| r[k]).collect()))
            .collect();
        println!(
            "  {name}: {:.0} / {:.0} / {:.0} articles a second",
            m[0], m[1], m[2]
        );
    }
}
