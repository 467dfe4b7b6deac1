//! Prints every article as loaded, field by field, and every scraped page's `--explain`
//! report: what a before/after diff of a change that must keep behaviour compares.
//! `scraped_dump [PATH...]` (default: the bundled seeds, tests/fixtures/scraped/dev and the
//! corpus sample beside it).
use akhbar::ingest::{self, explain, lines::Params};
use std::path::PathBuf;

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let root = PathBuf::from("tests/fixtures/scraped");
    let paths = if args.is_empty() {
        vec![root.join("dev"), root.join("gen-corpus-sample.jsonl")]
    } else {
        args
    };
    let mut articles = ingest::load_embedded().articles;
    match ingest::load_paths(&paths) {
        Ok(l) => {
            articles.extend(l.articles);
            for w in l.warnings {
                println!("warning: {w}");
            }
        }
        Err(e) => println!("error: {e}"),
    }
    for a in &articles {
        println!(
            "== {} | {} | {:?} | {:?} | {:?} | {:?} | {:?} | {:?}",
            a.id, a.title, a.source, a.author, a.date, a.url, a.lang, a.dir
        );
        for p in &a.paragraphs {
            println!("  [{:?} {:?}] {}", p.lang, p.dir, p.text);
        }
    }
    // Every page of the folders, read together as the scorer reads them.
    let mut pages: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten())
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    pages.sort();
    for (path, result) in explain::explain_together(&pages, Params::default()) {
        println!("## {}", path.display());
        match result {
            Ok(e) => println!("{}", e.report()),
            Err(err) => println!("error: {err}"),
        }
    }
}
