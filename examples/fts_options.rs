//! The full-text index's FTS5 options tried side by side on one corpus: each variant builds
//! the same index (the store's tokens of each article's title and body, `text::tokens`) in a
//! file of its own, in transactions of 2,000 articles as an import writes them, and prints
//! its build time and size. The tokens are made once, before any variant is timed, so the
//! times are FTS5's alone.
//!
//! `cargo run --release --example fts_options -- CORPUS.jsonl [N]` (a gen-corpus file; N
//! articles, default all).

use akhbar::text::tokens::index_text;
use std::time::Instant;

/// A variant: its name, the table's options, and statements run on the new table first.
struct Variant {
    name: &'static str,
    options: &'static str,
    setup: &'static [&'static str],
    optimize: bool,
}

const STORE: &str = "content='', contentless_delete=1, tokenize='ascii'";

const VARIANTS: &[Variant] = &[
    Variant {
        name: "store's table (default merges, 1 MB hash)",
        options: STORE,
        setup: &[],
        optimize: false,
    },
    Variant {
        name: "hashsize 64 MB",
        options: STORE,
        setup: &["INSERT INTO t(t, rank) VALUES('hashsize', 67108864)"],
        optimize: false,
    },
    Variant {
        name: "hashsize 64 MB, automerge 16",
        options: STORE,
        setup: &[
            "INSERT INTO t(t, rank) VALUES('hashsize', 67108864)",
            "INSERT INTO t(t, rank) VALUES('automerge', 16)",
        ],
        optimize: false,
    },
    Variant {
        name: "hashsize 64 MB, pgsz 16000",
        options: STORE,
        setup: &[
            "INSERT INTO t(t, rank) VALUES('hashsize', 67108864)",
            "INSERT INTO t(t, rank) VALUES('pgsz', 16000)",
        ],
        optimize: false,
    },
    Variant {
        name: "hashsize 64 MB, then optimize",
        options: STORE,
        setup: &["INSERT INTO t(t, rank) VALUES('hashsize', 67108864)"],
        optimize: true,
    },
    Variant {
        name: "no contentless_delete",
        options: "content='', tokenize='ascii'",
        setup: &["INSERT INTO t(t, rank) VALUES('hashsize', 67108864)"],
        optimize: false,
    },
    Variant {
        name: "detail=column (no phrases: reference only)",
        options: "content='', contentless_delete=1, tokenize='ascii', detail=column",
        setup: &["INSERT INTO t(t, rank) VALUES('hashsize', 67108864)"],
        optimize: false,
    },
];

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: fts_options CORPUS.jsonl [N]");
        std::process::exit(2);
    };
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let text = std::fs::read_to_string(&path).expect("the corpus reads");
    let start = Instant::now();
    let mut scratch = String::new();
    let mut body_bytes = 0usize;
    let docs: Vec<(String, String)> = text
        .lines()
        .take(n)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let title = v["title"].as_str().unwrap_or("");
            let body = v["body"].as_str().unwrap_or("");
            body_bytes += body.len();
            let (mut t, mut b) = (String::new(), String::new());
            index_text(title, &mut t, &mut scratch);
            for p in body.split("\n\n") {
                index_text(p, &mut b, &mut scratch);
            }
            (t, b)
        })
        .collect();
    let tokens: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
    println!(
        "{} articles, {:.1} MB of body text, {:.1} MB of tokens, tokenized in {:.2} s",
        docs.len(),
        body_bytes as f64 / 1e6,
        tokens as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "{:<45} {:>9} {:>11} {:>9} {:>8}",
        "variant", "build s", "articles/s", "index MB", "x body"
    );
    for (i, v) in VARIANTS.iter().enumerate() {
        let file = dir.path().join(format!("v{i}.db"));
        let mut conn = rusqlite::Connection::open(&file).expect("a database");
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            .expect("pragmas");
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, {})",
            v.options
        ))
        .expect("the table");
        for s in v.setup {
            conn.execute(s, []).expect("an option");
        }
        let start = Instant::now();
        for (b, batch) in docs.chunks(2000).enumerate() {
            let tx = conn.transaction().expect("a transaction");
            {
                let mut stmt = tx
                    .prepare("INSERT INTO t(rowid, title, body) VALUES (?1, ?2, ?3)")
                    .expect("insert");
                for (j, (t, body)) in batch.iter().enumerate() {
                    let id = (b * 2000 + j + 1) as i64;
                    stmt.execute(rusqlite::params![id, t, body]).expect("a row");
                }
            }
            tx.commit().expect("commit");
        }
        if v.optimize {
            conn.execute("INSERT INTO t(t) VALUES('optimize')", [])
                .expect("optimize");
        }
        let secs = start.elapsed().as_secs_f64();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
        let bytes: i64 = conn
            .query_row(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 't_%'",
                [],
                |r| r.get(0),
            )
            .expect("dbstat");
        println!(
            "{:<45} {:>9.2} {:>11.0} {:>9.1} {:>8.3}",
            v.name,
            secs,
            docs.len() as f64 / secs,
            bytes as f64 / 1e6,
            bytes as f64 / body_bytes as f64
        );
    }
}
