//! Opens a store and streams every row of the default view, as the dashboard will at start-up,
//! printing timings; run under `/usr/bin/time -v` for the peak resident memory.
//!
//! ```sh
//! cargo run --release --example store_rows -- STORE.db [--import CORPUS.jsonl]
//! ```
//!
//! With `--import`, the corpus is imported first and the import rate printed.

use akhbar::store::{Location, Store, View};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let store_path = PathBuf::from(
        args.next()
            .ok_or("usage: store_rows STORE [--import FILE]")?,
    );
    let mut import = None;
    while let Some(arg) = args.next() {
        if arg == "--import" {
            import = Some(PathBuf::from(args.next().ok_or("--import needs a file")?));
        }
    }

    let start = Instant::now();
    let opened = Store::open(&Location::File(store_path))?;
    for notice in &opened.notices {
        eprintln!("notice: {notice}");
    }
    if let Some(reason) = &opened.read_only {
        eprintln!("read-only: {reason}");
    }
    let mut store = opened.store;
    println!("open: {:.1} ms", ms(start));

    if let Some(corpus) = import {
        let start = Instant::now();
        let stats = store.import_jsonl(&corpus, &mut |_, _| {})?;
        let secs = start.elapsed().as_secs_f64();
        println!(
            "import: {} added, {} duplicates in {secs:.2} s = {:.0} articles/s",
            stats.added,
            stats.duplicates,
            (stats.added + stats.duplicates) as f64 / secs
        );
    }

    let start = Instant::now();
    let counts = store.counts()?;
    println!("counts: {counts:?} in {:.1} ms", ms(start));

    let start = Instant::now();
    let page = store.rows(View::Unread, None, 100)?;
    println!("first page: {} rows in {:.2} ms", page.len(), ms(start));

    let start = Instant::now();
    let mut rows = Vec::new();
    store.all_rows(View::Unread, 5000, &mut |batch| rows.extend(batch))?;
    println!(
        "all rows of the unread view: {} in {:.0} ms (held in memory)",
        rows.len(),
        ms(start)
    );

    if let Some(row) = rows.get(rows.len() / 2) {
        let start = Instant::now();
        let article = store.article(row.id)?;
        println!(
            "one body: {} paragraphs in {:.2} ms",
            article.paragraphs.len(),
            ms(start)
        );
    }
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
