//! `akhbar list`: one line (or one JSON object) per article of a view or of the paths given.

use akhbar::ingest;
use akhbar::model::Article;
use akhbar::store::{Row, RowKey};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use super::*;

/// Rows read per statement by `--limit`.
const LIST_PAGE: usize = 1000;

/// `akhbar list`: the given paths (imported into the store, so their triage state shows) or
/// a view of the store; a table for people, JSON Lines with `--json`.
pub fn list(
    flag: Option<&OsStr>,
    paths: &[PathBuf],
    view_name: &str,
    json: bool,
    limit: Option<usize>,
) -> anyhow::Result<()> {
    let view = view(view_name)?;
    let mut store = open(flag, false)?.store;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if paths.is_empty() {
        for w in import_seeds(&mut store) {
            crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
        }
        if let Some(n) = limit {
            // The view's first rows a page at a time, as the dashboard's list reads them: only
            // what is printed is read, and a large N is never held in memory at once.
            let mut after = None;
            let mut left = n;
            while left > 0 {
                let page = store.rows(view, after.as_ref(), left.min(LIST_PAGE))?;
                let Some(last) = page.last() else { break };
                after = Some(RowKey::from(last));
                left -= page.len();
                for row in &page {
                    print_item(&mut out, Some(row), &store.article(row.id)?, json)?;
                }
            }
            out.flush()?;
            return Ok(());
        }
        // Streamed row by row: a store of 100k articles is never held in memory.
        let mut failed = None;
        store.all_rows(view, 1000, &mut |batch| {
            for row in batch {
                if failed.is_some() {
                    return;
                }
                let printed = store
                    .article(row.id)
                    .map_err(anyhow::Error::from)
                    .and_then(|a| print_item(&mut out, Some(&row), &a, json));
                if let Err(e) = printed {
                    failed = Some(e);
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        let loaded = ingest::load_paths(paths)?;
        for w in &loaded.warnings {
            crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
        }
        if loaded.articles.is_empty() {
            anyhow::bail!("no articles could be loaded from the given paths");
        }
        // A read-only store still lists the files, without triage state.
        let ids = match store.import(&loaded.articles) {
            Ok(stats) => stats.ids.into_iter().map(Some).collect(),
            Err(_) => vec![None; loaded.articles.len()],
        };
        let shown = ids.into_iter().zip(&loaded.articles);
        for (id, article) in shown.take(limit.unwrap_or(usize::MAX)) {
            let row = id.and_then(|id| store.row(id).ok());
            print_item(&mut out, row.as_ref(), article, json)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One line of `akhbar list`: JSON, or a row of the table.
fn print_item(
    out: &mut impl Write,
    row: Option<&Row>,
    a: &Article,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let v = serde_json::json!({
            "id": a.id,
            "store_id": row.map(|r| r.id),
            "title": a.title,
            "source": a.source,
            "author": a.author,
            "date": a.date.map(|d| d.to_string()),
            "lang": a.lang.code(),
            "dir": a.dir.code(),
            "paragraphs": a.paragraphs.len(),
            "words": a.word_count(),
            "path": a.origin.path(),
            "read": row.map(|r| r.read),
            "starred": row.map(|r| r.starred),
            "archived": row.map(|r| r.archived),
            "tags": row.map(|r| r.tags.clone()).unwrap_or_default(),
        });
        writeln!(out, "{v}")?;
    } else {
        let date = a
            .date
            .map_or_else(|| "no date".to_string(), |d| d.to_string());
        // Two mark cells, as the dashboard's list: unread (or archived), then starred, so a
        // starred unread article shows both.
        let first = match row {
            Some(r) if r.archived => "▪",
            Some(r) if !r.read => "●",
            _ => " ",
        };
        let star = match row {
            Some(r) if r.starred => "★",
            _ => " ",
        };
        writeln!(
            out,
            "{first}{star} {date:<10}  {:<5}  {:>3}  {}  {}",
            a.lang.code(),
            a.paragraphs.len(),
            a.source.as_deref().unwrap_or("-"),
            a.title
        )?;
    }
    Ok(())
}
