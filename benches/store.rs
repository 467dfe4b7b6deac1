//! The store at corpus scale: importing 10,000 full articles (target: at least 5,000 a
//! second), the list's first page and a deep page, the counts and one body at 100,000
//! articles, and the latency of a committed triage change. Corpora come from
//! ../shared/bench/gen-corpus (never committed); without it the benchmarks are skipped with a
//! note. Corpora and the 100k store are cached in the target folder between runs.
//!
//! `store, both backends` runs the measures on SQLite and on PostgreSQL side by side
//! in one run: an import of 10,000 articles, and on 100,000 (imported once per run, the time
//! printed as a note) the first frame's store work (open a handle, the counts, the first 48
//! unread rows) and a triage key to committed. PostgreSQL is a throwaway cluster on
//! 127.0.0.1 with `fsync=on` (tests/pg_common); without a server on the machine that half is
//! skipped with a note. The 20-process soak is `cargo run --release --example pg_import --
//! soak 20 60`.

#[path = "../tests/pg_common/mod.rs"]
mod pg_common;

use akhbar::store::{Change, Location, Op, RowKey, Store, View};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where generated corpora and the 100k store are kept between runs.
fn cache_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("store-bench");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A gen-corpus JSON Lines corpus of `n` articles (`body_words` as gen-corpus takes it).
fn corpus(n: usize, body_words: Option<&str>) -> Option<PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    if !tool.exists() {
        eprintln!(
            "note: {} not found; store benchmarks skipped",
            tool.display()
        );
        return None;
    }
    let words = body_words.unwrap_or("default");
    let out = cache_dir().join(format!("corpus-{n}-{words}.jsonl"));
    if !out.exists() {
        let partial = out.with_extension("partial");
        let mut cmd = std::process::Command::new("python3");
        cmd.arg(&tool)
            .args(["-n", &n.to_string(), "-o"])
            .arg(&partial);
        if let Some(w) = body_words {
            cmd.args(["--body-words", w]);
        }
        if !cmd.status().ok()?.success() || std::fs::rename(&partial, &out).is_err() {
            eprintln!("note: gen-corpus failed; store benchmarks skipped");
            return None;
        }
    }
    Some(out)
}

fn open(path: &Path) -> Store {
    let opened = Store::open(&Location::File(path.to_path_buf())).expect("the store opens");
    assert!(opened.read_only.is_none(), "{:?}", opened.read_only);
    opened.store
}

/// The 100k store, imported once and reused while it holds 100,000 articles. A store made
/// by an older akhbar is migrated by the first open (timed, on stderr).
fn store_100k() -> Option<Store> {
    let path = cache_dir().join("store-100k.db");
    if path.exists() {
        let start = std::time::Instant::now();
        let opened = Store::open(&Location::File(path.clone())).expect("the store opens");
        for notice in &opened.notices {
            eprintln!("note: {notice} (open took {:?})", start.elapsed());
        }
        if opened.store.counts().ok()?.all == 100_000 {
            return Some(opened.store);
        }
    }
    let corpus = corpus(100_000, Some("40"))?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = open(&path);
    store.import_jsonl(&corpus, &mut |_, _| {}).ok()?;
    Some(store)
}

fn import_10k(c: &mut Criterion) {
    let Some(corpus) = corpus(10_000, None) else {
        return;
    };
    let mut g = c.benchmark_group("store import");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("import_jsonl 10k full articles", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let store = open(&dir.path().join("akhbar.db"));
                (dir, store)
            },
            |(dir, mut store)| {
                let stats = store.import_jsonl(&corpus, &mut |_, _| {}).unwrap();
                assert_eq!(stats.added, 10_000);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn at_100k(c: &mut Criterion) {
    let Some(mut store) = store_100k() else {
        return;
    };
    let mut g = c.benchmark_group("store 100k");
    g.bench_function("rows: first page of unread (100)", |b| {
        b.iter(|| store.rows(View::Unread, None, 100).unwrap())
    });
    let deep = store.rows(View::All, None, 90_000).unwrap();
    let key = deep.last().map(RowKey::from);
    g.bench_function("rows: page 901 of all (100)", |b| {
        b.iter(|| store.rows(View::All, key.as_ref(), 100).unwrap())
    });
    drop(deep);
    g.bench_function("counts", |b| b.iter(|| store.counts().unwrap()));
    let id = store.rows(View::All, None, 1).unwrap()[0].id;
    g.bench_function("article: one body", |b| {
        b.iter(|| store.article(id).unwrap())
    });
    let mut on = true;
    g.bench_function("apply: star one article, committed", |b| {
        b.iter(|| {
            on = !on;
            store.apply(&Change::new(vec![id], Op::Star(on))).unwrap()
        })
    });
    let hundred: Vec<i64> = store
        .rows(View::All, None, 100)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    g.bench_function("apply: tag 100 articles, committed", |b| {
        b.iter(|| {
            on = !on;
            let op = if on {
                Op::AddTag("bench".into())
            } else {
                Op::RemoveTag("bench".into())
            };
            store.apply(&Change::new(hundred.clone(), op)).unwrap()
        })
    });
    g.sample_size(10);
    g.bench_function("all_rows: every unread row (100k)", |b| {
        b.iter(|| {
            let mut n = 0;
            store
                .all_rows(View::Unread, 5000, &mut |batch| n += batch.len())
                .unwrap();
            n
        })
    });
    g.finish();
}

/// Users on the 100k store: the views of a second user who has read nine articles in ten
/// (the newest first, as a reader does), so an unread page must skip 90,000 read ones if the
/// view were not an index of its own; and what making a user costs.
fn users_at_100k(c: &mut Criterion) {
    let Some(mut store) = store_100k() else {
        return;
    };
    store.set_user("bench-reader").unwrap();
    if store.counts().unwrap().unread > 10_000 {
        let read: Vec<i64> = store
            .rows(View::All, None, 90_000)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        store.apply(&Change::new(read, Op::Read(true))).unwrap();
    }
    let mut g = c.benchmark_group("store 100k, a user who read 90%");
    g.bench_function("rows: first page of unread (100)", |b| {
        b.iter(|| store.rows(View::Unread, None, 100).unwrap())
    });
    g.bench_function("counts", |b| b.iter(|| store.counts().unwrap()));
    g.finish();
    // Timed by hand, three times: each new user stays in the cached store (100,000 rows).
    for n in 0..3 {
        let name = format!("bench-new-{}-{n}", std::process::id());
        let start = std::time::Instant::now();
        store.set_user(&name).unwrap();
        eprintln!(
            "note: set_user({name}) on 100,000 articles took {:?}",
            start.elapsed()
        );
    }
}

/// A new, empty store on backend `name` (`sqlite`: a file in the cache folder; `postgres`: a
/// new database on the cluster).
fn fresh(name: &str, cluster: &pg_common::Cluster, tag: &str) -> Location {
    match name {
        "sqlite" => {
            let path = cache_dir().join(format!("both-{tag}-{}.db", std::process::id()));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Location::File(path)
        }
        _ => Location::parse(cluster.fresh_db()),
    }
}

fn remove(loc: &Location) {
    if let Location::File(path) = loc {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}

fn both_backends(c: &mut Criterion) {
    let (Some(small), Some(large)) = (corpus(10_000, None), corpus(100_000, Some("40"))) else {
        return;
    };
    let Some(cluster) = pg_common::Cluster::start_durable() else {
        eprintln!("note: no PostgreSQL server on this machine; both-backend benchmarks skipped");
        return;
    };
    let mut g = c.benchmark_group("store, both backends");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.throughput(Throughput::Elements(10_000));
    for name in ["sqlite", "postgres"] {
        let mut last: Option<Location> = None;
        g.bench_function(format!("{name}: import_jsonl 10k full articles"), |b| {
            b.iter_batched(
                || {
                    if let Some(old) = last.take() {
                        remove(&old);
                    }
                    let loc = fresh(name, &cluster, "import");
                    last = Some(loc.clone());
                    Store::open_as(&loc, "bench")
                        .expect("the store opens")
                        .store
                },
                |mut store| {
                    let stats = store.import_jsonl(&small, &mut |_, _| {}).unwrap();
                    assert_eq!(stats.added, 10_000);
                    store
                },
                BatchSize::PerIteration,
            )
        });
        if let Some(old) = last {
            remove(&old);
        }
    }
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    for name in ["sqlite", "postgres"] {
        let loc = fresh(name, &cluster, "100k");
        let mut store = Store::open_as(&loc, "bench")
            .expect("the store opens")
            .store;
        let start = std::time::Instant::now();
        let stats = store.import_jsonl(&large, &mut |_, _| {}).unwrap();
        let took = start.elapsed();
        eprintln!(
            "note: {name}: imported {} articles in {:.1} s ({:.0} a second)",
            stats.added,
            took.as_secs_f64(),
            stats.added as f64 / took.as_secs_f64()
        );
        g.bench_function(
            format!("{name}: first frame at 100k (open, counts, 48 unread)"),
            |b| {
                b.iter(|| {
                    let opened = Store::open_as(&loc, "bench").unwrap().store;
                    let counts = opened.counts().unwrap();
                    let rows = opened.rows(View::Unread, None, 48).unwrap();
                    (counts.all, rows.len())
                })
            },
        );
        let id = store.rows(View::All, None, 1).unwrap()[0].id;
        let mut on = true;
        g.bench_function(
            format!("{name}: triage key to committed at 100k (star)"),
            |b| {
                b.iter(|| {
                    on = !on;
                    store.apply(&Change::new(vec![id], Op::Star(on))).unwrap()
                })
            },
        );
        drop(store);
        remove(&loc);
    }
    g.finish();
}

criterion_group!(benches, import_10k, at_100k, users_at_100k, both_backends);
criterion_main!(benches);
