//! Scores the scraped-page reader on a folder of pages with their expected reading, and
//! chooses its thresholds by cross-validation over the development pages.
//!
//! usage:
//!   cargo run --release --example scraped_score -- [DIR...] [--verbose]   score folders
//!   cargo run --release --example scraped_score -- --cv [DIR...]          5-fold CV over them
//! DIR defaults to tests/fixtures/scraped/dev and tests/fixtures/scraped/dev2. With several
//! folders their pages are read together and pooled; a CV fold is a set of whole pages.

#[path = "../tests/scraped_common/mod.rs"]
mod scraped_common;

use akhbar::ingest::lines::Params;
use scraped_common::{pages_in, score_pages, PageScore, Total};
use std::path::PathBuf;

fn grid() -> Vec<Params> {
    let mut out = Vec::new();
    for prose_min_words in [6, 8, 10] {
        for prose_stop_density in [0.08, 0.12, 0.18] {
            for dek_min_words in [5, 7, 9] {
                for headline_max_words in [20, 30] {
                    for recurring_pages in [3, 4] {
                        for keep_unpunctuated_after in [true, false] {
                            out.push(Params {
                                prose_min_words,
                                prose_stop_density,
                                dek_min_words,
                                headline_max_words,
                                recurring_pages,
                                keep_unpunctuated_after,
                                ..Params::default()
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// How many thresholds differ from the defaults: ties in the objective go to the nearest, so
/// a choice the training pages do not support is not made.
fn distance(p: &Params) -> usize {
    let d = Params::default();
    usize::from(p.prose_min_words != d.prose_min_words)
        + usize::from(p.prose_stop_density != d.prose_stop_density)
        + usize::from(p.dek_min_words != d.dek_min_words)
        + usize::from(p.headline_max_words != d.headline_max_words)
        + usize::from(p.recurring_pages != d.recurring_pages)
        + usize::from(p.keep_unpunctuated_after != d.keep_unpunctuated_after)
}

/// The configuration with the best objective on the pages `pick` admits.
fn best(configs: &[Params], by_config: &[Vec<PageScore>], pick: impl Fn(usize) -> bool) -> usize {
    let key = |c: usize| {
        let t = total(&by_config[c], &pick);
        (t.objective(), std::cmp::Reverse(distance(&configs[c])))
    };
    (0..configs.len())
        .max_by(|&a, &b| {
            let (oa, da) = key(a);
            let (ob, db) = key(b);
            oa.total_cmp(&ob).then(da.cmp(&db))
        })
        .unwrap_or(0)
}

fn total(scores: &[PageScore], pick: impl Fn(usize) -> bool) -> Total {
    let mut t = Total::default();
    for (i, s) in scores.iter().enumerate() {
        if pick(i) {
            t.add(s);
        }
    }
    t
}

/// The mean over folds of each figure (recall, precision, and the shares of pages with the
/// title, date, source and author right): each fold weighs the same.
fn mean_line(folds: &[Total]) -> String {
    let n = folds.len().max(1) as f64;
    let share = |f: &Total, k: usize| k as f64 / f.pages.max(1) as f64;
    let mean = |get: &dyn Fn(&Total) -> f64| folds.iter().map(get).sum::<f64>() / n;
    format!(
        "recall {:.3}  precision {:.3}  titles {:.3}  dates {:.3}  sources {:.3}  authors {:.3}",
        mean(&|f| f.recall()),
        mean(&|f| f.precision()),
        mean(&|f| share(f, f.titles)),
        mean(&|f| share(f, f.dates)),
        mean(&|f| share(f, f.sources)),
        mean(&|f| share(f, f.authors)),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cv = args.iter().any(|a| a == "--cv");
    let verbose = args.iter().any(|a| a == "--verbose");
    let mut dirs: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if dirs.is_empty() {
        dirs = ["dev", "dev2"]
            .iter()
            .map(|d| PathBuf::from("tests/fixtures/scraped").join(d))
            .collect();
    }
    let pages: Vec<PathBuf> = dirs.iter().flat_map(|d| pages_in(d)).collect();
    if pages.is_empty() {
        eprintln!("no pages with gold files in {dirs:?}");
        std::process::exit(2);
    }
    if !cv {
        // Each folder alone, as loading it does.
        let mut all = Total::default();
        for d in &dirs {
            let scores = score_pages(&pages_in(d), Params::default());
            for s in &scores {
                if verbose || !s.notes.is_empty() {
                    println!("{}", s.name);
                    for n in &s.notes {
                        println!("    {n}");
                    }
                }
                all.add(s);
            }
            println!("{}: {}", d.display(), total(&scores, |_| true).line());
        }
        if dirs.len() > 1 {
            println!("all: {}", all.line());
        }
        return;
    }
    // Every configuration scored once on every page (pages are read together, so lines
    // recurring across them count, as when a folder is loaded), then 5 folds by page.
    let configs = grid();
    let by_config: Vec<Vec<PageScore>> = configs.iter().map(|p| score_pages(&pages, *p)).collect();
    let folds = 5;
    let mut held_out = Total::default();
    let mut fold_totals = Vec::new();
    for f in 0..folds {
        let best = best(&configs, &by_config, |i| i % folds != f);
        let t = total(&by_config[best], |i| i % folds == f);
        println!(
            "fold {f}: chose {:?}\n        held out: {}",
            configs[best],
            t.line()
        );
        for (i, s) in by_config[best].iter().enumerate() {
            if i % folds == f {
                held_out.add(s);
            }
        }
        fold_totals.push(t);
    }
    println!(
        "mean of the {folds} held-out folds:\n  {}",
        mean_line(&fold_totals)
    );
    println!(
        "cross-validated (each page scored by rules chosen without it):\n  {}",
        held_out.line()
    );
    let best_all = best(&configs, &by_config, |_| true);
    println!(
        "best on all pages: {:?}\n  {}",
        configs[best_all],
        total(&by_config[best_all], |_| true).line()
    );
    let default_at = configs.iter().position(|p| *p == Params::default());
    if let Some(d) = default_at {
        println!("the defaults:\n  {}", total(&by_config[d], |_| true).line());
    }
}
