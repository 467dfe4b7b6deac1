//! `akhbar import` (files, folders, JSON Lines corpora, with a progress bar) and `akhbar export`.

use akhbar::ingest;
use akhbar::store::ExportFormat;
use anyhow::Context;
use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::*;

/// Articles indexed per transaction by `akhbar reindex`.
const REINDEX_BATCH: usize = 2000;

/// `akhbar reindex`: empties the full-text index and builds it again from the articles, a
/// committed batch at a time (an interrupted run leaves the rest waiting, and the next run or
/// the dashboard carries on). Ends with a summary line on stderr.
pub fn reindex(flag: Option<&OsStr>) -> anyhow::Result<()> {
    let mut store = open(flag, false)?.store;
    anyhow::ensure!(
        !store.is_read_only(),
        "{}",
        store.read_only_reason().unwrap_or("the store is read-only")
    );
    let total = store.reindex()?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "indexing [{bar:40}] {pos}/{len} {per_sec} eta {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let started = std::time::Instant::now();
    let mut done = 0;
    loop {
        let step = store.index_pending(REINDEX_BATCH)?;
        done += step.done;
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
        if step.left == 0 || step.done == 0 {
            break;
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    crate::cmd::eprint_line(&format!(
        "akhbar: indexed {done} articles in {secs:.1} s ({:.0} a second)",
        done as f64 / secs.max(1e-9)
    ));
    Ok(())
}

/// `akhbar import`: corpora stream in batches with a progress bar on a terminal; files and
/// folders go in one transaction each. Ends with a summary line on stderr.
pub fn import(flag: Option<&OsStr>, paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut store = open(flag, false)?.store;
    anyhow::ensure!(
        !store.is_read_only(),
        "the store is read-only: {}",
        store.read_only_reason().unwrap_or("")
    );
    ingest::check_paths(paths)?;
    let config = super::feeds::config_with_warnings();
    let rules = super::feeds::ignore_rules(&config);
    let (mut added, mut duplicates, mut ignored) = (0, 0, 0);
    let started = std::time::Instant::now();
    for path in paths {
        let corpus = path.extension().and_then(|e| e.to_str()) == Some("jsonl");
        let stats = if corpus {
            let bar = progress_bar(path)?;
            let stats = store.import_jsonl(path, &mut |done, total| {
                if let Some(b) = &bar {
                    b.set_length(total);
                    b.set_position(done);
                }
            });
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            stats?
        } else {
            // A site's newest stored articles count as pages of it, so its furniture is
            // known even when its pages come one at a time.
            let mut earlier = |group: &str| {
                store
                    .recent_of_site(group, ingest::EARLIER_PER_SITE)
                    .unwrap_or_default()
            };
            let loaded = ingest::load_paths_after(std::slice::from_ref(path), Some(&mut earlier))?;
            for w in &loaded.warnings {
                crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
            }
            store.import(&loaded.articles)?
        };
        for w in &stats.warnings {
            crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
        }
        added += stats.added;
        duplicates += stats.duplicates;
        // The rules archive what they match among the new articles, once per path.
        ignored += rules.apply(&mut store, &stats.added_ids)?.total();
    }
    let secs = started.elapsed().as_secs_f64();
    crate::cmd::eprint_line(&format!(
        "akhbar: {added} articles added, {duplicates} duplicates skipped in {secs:.1} s ({:.0} a second)",
        (added + duplicates) as f64 / secs.max(1e-6)
    ));
    if ignored > 0 {
        crate::cmd::eprint_line(&format!(
            "akhbar: {ignored} of them archived by ignore rules"
        ));
    }
    Ok(())
}

fn progress_bar(path: &std::path::Path) -> anyhow::Result<Option<indicatif::ProgressBar>> {
    if !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let total = std::fs::metadata(path)?.len();
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.set_style(style.progress_chars("=> "));
    bar.set_message(path.display().to_string());
    Ok(Some(bar))
}

/// `akhbar export`.
pub fn export(
    flag: Option<&OsStr>,
    view_name: &str,
    tag: Option<&str>,
    format: &str,
) -> anyhow::Result<()> {
    let view = view(view_name)?;
    // One OPML export: the subscriptions, which a feed reader can import. An OPML of
    // articles has no feed addresses to subscribe to, so it is refused with the way there.
    if format.eq_ignore_ascii_case("opml") {
        anyhow::bail!(
            "export --format opml is gone: `akhbar export-opml` writes the subscriptions as OPML"
        );
    }
    let format = ExportFormat::parse(format)
        .with_context(|| format!("unknown format {format:?}: use json or markdown"))?;
    let mut store = open(flag, false)?.store;
    for w in import_seeds(&mut store) {
        crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    store.export(view, tag, format, &mut out)?;
    out.flush()?;
    Ok(())
}
