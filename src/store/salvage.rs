//! Salvage: what can still be read of a damaged store, copied into the fresh one that
//! replaced it. The damaged file (already moved aside, never written) is opened read-only,
//! and each table is read row by row by rowid: a damaged page makes a scan fail, so the scan
//! starts again past it (seeking ever further ahead), and a row that cannot be read is
//! skipped. Articles keep their ids, every user's marks, tags, notes, sources, feeds,
//! enclosures and fetched full texts; each needs its body to count as saved. (A damaged
//! store older than the users' schema, V7, keeps its articles but not their marks: the old
//! columns have no place in the new schema.) The full-text index is not copied: the
//! articles wait in `search_pending` and are indexed again. The bundled `libsqlite3-sys`
//! does not build SQLite's recovery extension (`sqlite3_recover`), hence this.

use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;

/// How many articles were copied, of how many the damaged file showed signs of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Salvaged {
    pub saved: usize,
    pub seen: usize,
}

/// Tables copied whole, row by row, before the articles (they point at them).
const BEFORE: [&str; 4] = ["users", "sources", "feeds", "tags"];
/// Tables keyed by an article's id, copied with it.
const PER_ARTICLE: [&str; 7] = [
    "marks",
    "notes",
    "article_tags",
    "full_texts",
    "facts_cache",
    "enclosures",
    "ignored",
];

/// Copies what `aside` still holds into `conn` (a fresh store at the latest schema).
pub(super) fn salvage(conn: &mut Connection, aside: &Path) -> rusqlite::Result<Salvaged> {
    // Read-only, as immutable when the WAL index cannot be made (see `open::connect`).
    let old = super::open::connect(aside, false)?;
    // The rows may point at rows that are lost; dangling references are cleared after.
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = copy_all(&old, conn);
    let _ = conn.pragma_update(None, "foreign_keys", true);
    result
}

fn copy_all(old: &Connection, conn: &mut Connection) -> rusqlite::Result<Salvaged> {
    let tx = conn.transaction()?;
    for table in BEFORE {
        if let Some(cols) = shared_columns(old, &tx, table) {
            for id in rowids(old, table) {
                let _ = copy_rows(old, &tx, table, &cols, "rowid", id);
            }
        }
    }
    let mut seen = rowids(old, "articles");
    seen.extend(indexed_article_ids(old));
    let mut saved = 0;
    let article_cols = shared_columns(old, &tx, "articles");
    let body_cols = shared_columns(old, &tx, "bodies");
    if let (Some(ac), Some(bc)) = (article_cols, body_cols) {
        let per: Vec<(&str, Vec<String>)> = PER_ARTICLE
            .iter()
            .filter_map(|t| shared_columns(old, &tx, t).map(|c| (*t, c)))
            .collect();
        for &id in &seen {
            tx.execute("SAVEPOINT one", [])?;
            let ok = copy_rows(old, &tx, "articles", &ac, "id", id).is_ok_and(|n| n == 1)
                && copy_rows(old, &tx, "bodies", &bc, "article_id", id).is_ok_and(|n| n == 1);
            if !ok {
                tx.execute("ROLLBACK TO one", [])?;
                tx.execute("RELEASE one", [])?;
                continue;
            }
            for (table, cols) in &per {
                // A lost tag or note does not lose the article.
                let _ = copy_rows(old, &tx, table, cols, "article_id", id);
            }
            tx.execute(
                "INSERT OR IGNORE INTO search_pending (article_id) VALUES (?1)",
                [id],
            )?;
            tx.execute("RELEASE one", [])?;
            saved += 1;
        }
    }
    for fix in [
        "UPDATE articles SET source_id = NULL WHERE source_id NOT IN (SELECT id FROM sources)",
        "UPDATE articles SET feed_id = NULL WHERE feed_id NOT IN (SELECT id FROM feeds)",
        "UPDATE feeds SET source_id = NULL WHERE source_id NOT IN (SELECT id FROM sources)",
        "DELETE FROM article_tags WHERE tag_id NOT IN (SELECT id FROM tags)",
    ] {
        tx.execute(fix, [])?;
    }
    tx.commit()?;
    Ok(Salvaged {
        saved,
        seen: seen.len(),
    })
}

/// The columns `table` has in both stores, quoted; none when the damaged file's schema
/// cannot say (or has no such table).
fn shared_columns(old: &Connection, new: &Connection, table: &str) -> Option<Vec<String>> {
    let names = |conn: &Connection| -> Option<Vec<String>> {
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_info(\"{table}\")"))
            .ok()?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(1)).ok()?;
        rows.collect::<Result<Vec<_>, _>>().ok()
    };
    let in_old = names(old)?;
    let cols: Vec<String> = names(new)?
        .into_iter()
        .filter(|c| in_old.contains(c))
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    (!cols.is_empty()).then_some(cols)
}

/// Copies the rows of `table` whose `key` is `id` from `old` to `new`; how many.
fn copy_rows(
    old: &Connection,
    new: &Connection,
    table: &str,
    cols: &[String],
    key: &str,
    id: i64,
) -> rusqlite::Result<usize> {
    let list = cols.join(", ");
    let mut read =
        old.prepare_cached(&format!("SELECT {list} FROM \"{table}\" WHERE {key} = ?1"))?;
    let params = vec!["?"; cols.len()].join(", ");
    // Copying an article made a blank row of marks per user (the `articles_marks` trigger):
    // the old marks replace them. Anything else already there stays.
    let verb = if table == "marks" {
        "INSERT OR REPLACE"
    } else {
        "INSERT OR IGNORE"
    };
    let mut write = new.prepare_cached(&format!(
        "{verb} INTO \"{table}\" ({list}) VALUES ({params})"
    ))?;
    let mut rows = read.query([id])?;
    let mut copied = 0;
    while let Some(row) = rows.next()? {
        let values = (0..cols.len())
            .map(|i| row.get::<_, Value>(i))
            .collect::<rusqlite::Result<Vec<Value>>>()?;
        copied += write.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(copied)
}

/// Every rowid of `table` that can be read. A scan stopped by a damaged page starts
/// again past the last rowid it read, seeking 1, 2, 4, ... further until a row reads or the
/// seek passes every possible rowid.
fn rowids(conn: &Connection, table: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let Ok(mut stmt) = conn.prepare(&format!(
        "SELECT rowid FROM \"{table}\" WHERE rowid >= ?1 ORDER BY rowid"
    )) else {
        return ids;
    };
    let mut from = i64::MIN;
    loop {
        let failed_at = scan_from(&mut stmt, from, &mut ids);
        let Some(last) = failed_at else { return ids };
        // Never back to a rowid already tried: each round moves forward.
        let last = last.max(from);
        // Past the damage: the first seek that reads a row resumes the scan there.
        let mut resumed = None;
        for shift in 0..63 {
            let Some(at) = last.checked_add(1i64 << shift) else {
                break;
            };
            let mut rows = match stmt.query([at]) {
                Ok(rows) => rows,
                Err(_) => continue,
            };
            if let Ok(Some(row)) = rows.next() {
                if let Ok(id) = row.get::<_, i64>(0) {
                    resumed = Some(id);
                    break;
                }
            }
        }
        match resumed {
            Some(id) if id > last => from = id,
            _ => return ids,
        }
    }
}

/// Reads rowids from `from` on into `ids`; the last rowid read (or `from - 1`) when the scan
/// failed, none when it reached the end.
fn scan_from(stmt: &mut rusqlite::Statement, from: i64, ids: &mut BTreeSet<i64>) -> Option<i64> {
    let mut last = from.saturating_sub(1);
    let Ok(mut rows) = stmt.query([from]) else {
        return Some(last);
    };
    loop {
        match rows.next() {
            Ok(Some(row)) => match row.get::<_, i64>(0) {
                Ok(id) => {
                    ids.insert(id);
                    last = id;
                }
                Err(_) => return Some(last),
            },
            Ok(None) => return None,
            Err(_) => return Some(last),
        }
    }
}

/// Article ids the view indexes still hold (their pages may have survived where the table's
/// did not): they count as articles that were there.
fn indexed_article_ids(conn: &Connection) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let Ok(mut stmt) = conn.prepare("SELECT id FROM articles INDEXED BY articles_all") else {
        return ids;
    };
    let Ok(mut rows) = stmt.query([]) else {
        return ids;
    };
    while let Ok(Some(row)) = rows.next() {
        match row.get::<_, i64>(0) {
            Ok(id) => {
                ids.insert(id);
            }
            Err(_) => break,
        }
    }
    ids
}
