//! Importing on PostgreSQL, with the same identity rules as SQLite (`store/import.rs`: a feed
//! entry by its guid or its link, title and date within its feed; anything else by its guid,
//! link or content hash). A batch costs a handful of round trips, whatever its size:
//!
//! 1. the stored articles any of the batch's guids, links or hashes name, in three lookups;
//! 2. the rules decided in Rust, in input order (an earlier article of the same batch counts);
//! 3. ids for the new ones from the sequence, then one `COPY` of them (with their bodies and
//!    index documents) into a temporary table;
//! 4. one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING id` into `articles`: the unique
//!    keys (content hash, guid) decide. An article another importer stored meanwhile is not
//!    inserted, and is counted as the duplicate it is, with that importer's id;
//! 5. bodies, index documents and enclosures of the inserted ones, set-wise.

use super::{OrFail, Postgres};
use crate::ingest::jsonl;
use crate::model::{Article, Origin};
use crate::store::import::{Counted, Identity};
use crate::store::schema::day_of;
use crate::store::{now_secs, Error, ImportStats, Result, MAX_WARNINGS};
use postgres::Transaction;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

impl Postgres {
    /// Adds `articles` in one transaction: all of them or, on an error, none.
    ///
    /// Another importer storing the same articles at once makes this wait for its commit
    /// (the unique keys), up to [`IMPORT_LOCK_TIMEOUT`]; a deadlock between the two, which
    /// the server breaks by failing one, is tried again, up to [`IMPORT_TRIES`] times.
    pub fn import(&mut self, articles: &[Article]) -> Result<ImportStats> {
        let name = self.name.clone();
        let mut tries = 1;
        loop {
            let done = self.write(|tx| {
                tx.batch_execute(&format!("SET LOCAL lock_timeout = '{IMPORT_LOCK_TIMEOUT}'"))
                    .or_fail(&name)?;
                insert_all(tx, articles, &name)
            });
            match done {
                Err(Error::Busy { .. }) if tries < IMPORT_TRIES => tries += 1,
                done => return done,
            }
        }
    }

    /// Imports a JSON Lines corpus without holding it in memory, one committed transaction
    /// per batch of about 2,000 records; see [`crate::store::Backend::import_jsonl`].
    pub fn import_jsonl(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportStats> {
        self.writable()?;
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let total = file.metadata().map_err(io)?.len();
        let read = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let counted = Counted {
            inner: file,
            read: read.clone(),
            stop: stop.clone(),
        };
        let mut stats = ImportStats::default();
        let mut skipped = 0usize;
        let mut failure = None;
        let streamed = jsonl::stream(counted, path, &mut |articles, warnings| {
            for w in warnings {
                if stats.warnings.len() < MAX_WARNINGS - 1 {
                    stats.warnings.push(w);
                } else {
                    skipped += 1;
                }
            }
            if failure.is_some() {
                return;
            }
            match self.import(&articles) {
                Ok(batch) => stats.merge(batch),
                Err(e) => {
                    failure = Some(e);
                    stop.store(true, Ordering::Relaxed);
                }
            }
            progress(read.load(Ordering::Relaxed).min(total), total);
        });
        if let Some(e) = failure {
            return Err(e);
        }
        streamed?;
        if skipped > 0 {
            stats
                .warnings
                .push(format!("... and {skipped} more warnings"));
        }
        progress(total, total);
        Ok(stats)
    }
}

/// How long an import waits for another transaction's rows (a batch of 2,000 articles being
/// stored by another importer).
const IMPORT_LOCK_TIMEOUT: &str = "60s";

/// How many times a batch is tried when it meets a deadlock.
const IMPORT_TRIES: usize = 5;

/// What the rules made of one input article.
#[derive(Clone, Copy)]
enum Fate {
    /// A stored article.
    Stored(i64),
    /// New: the n-th new article of this batch (or the same as it, for a repeat).
    New(usize),
}

/// Stores `articles` in `tx`; see the module docs.
pub(super) fn insert_all(
    tx: &mut Transaction<'_>,
    articles: &[Article],
    store: &str,
) -> Result<ImportStats> {
    let identities: Vec<Identity> = articles.iter().map(Identity::of).collect();
    let hashes: Vec<[u8; 16]> = identities.iter().map(Identity::hash).collect();

    // 1. What the store holds already.
    let guids: Vec<&str> = identities.iter().filter_map(Identity::guid).collect();
    let urls: Vec<&str> = identities
        .iter()
        .filter(|i| matches!(i, Identity::Other { .. }))
        .filter_map(Identity::url)
        .collect();
    let hash_list: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
    let mut by_guid: HashMap<String, Fate> = HashMap::new();
    for r in tx
        .query(
            "SELECT guid, id FROM articles WHERE guid = ANY($1)",
            &[&guids],
        )
        .or_fail(store)?
    {
        by_guid.insert(r.get(0), Fate::Stored(r.get(1)));
    }
    let mut by_url: HashMap<String, Fate> = HashMap::new();
    if !urls.is_empty() {
        for r in tx
            .query(
                "SELECT url, min(id) FROM articles WHERE url = ANY($1) GROUP BY url",
                &[&urls],
            )
            .or_fail(store)?
        {
            by_url.insert(r.get(0), Fate::Stored(r.get(1)));
        }
    }
    let mut by_hash: HashMap<[u8; 16], Fate> = HashMap::new();
    for r in tx
        .query(
            "SELECT content_hash, id FROM articles WHERE content_hash = ANY($1)",
            &[&hash_list],
        )
        .or_fail(store)?
    {
        let h: &[u8] = r.get(0);
        if let Ok(h) = <[u8; 16]>::try_from(h) {
            by_hash.insert(h, Fate::Stored(r.get(1)));
        }
    }

    // 2. The rules, in input order.
    let mut fates = Vec::with_capacity(articles.len());
    let mut new: Vec<usize> = Vec::new();
    for (i, identity) in identities.iter().enumerate() {
        let guid = identity.guid();
        let found = match identity {
            Identity::Entry { .. } => guid
                .and_then(|g| by_guid.get(g))
                .or_else(|| by_hash.get(&hashes[i])),
            Identity::Other { .. } => guid
                .and_then(|g| by_guid.get(g))
                .or_else(|| identity.url().and_then(|u| by_url.get(u)))
                .or_else(|| by_hash.get(&hashes[i])),
        }
        .copied();
        let fate = found.unwrap_or_else(|| {
            let fate = Fate::New(new.len());
            new.push(i);
            if let Some(g) = guid {
                by_guid.insert(g.to_string(), fate);
            }
            if let Some(u) = identity.url() {
                by_url.entry(u.to_string()).or_insert(fate);
            }
            by_hash.insert(hashes[i], fate);
            fate
        });
        fates.push(fate);
    }

    // 3. Ids, sources and the staged rows.
    let mut ids: Vec<i64> = Vec::with_capacity(new.len());
    if !new.is_empty() {
        let n = i64::try_from(new.len()).unwrap_or(i64::MAX);
        for r in tx
            .query(
                "SELECT nextval(pg_get_serial_sequence('articles', 'id')) \
                 FROM generate_series(1, $1::bigint)",
                &[&n],
            )
            .or_fail(store)?
        {
            ids.push(r.get(0));
        }
    }
    let mut inserted: HashSet<i64> = HashSet::new();
    if !new.is_empty() {
        let sources = source_ids(tx, new.iter().map(|&i| &articles[i]), store)?;
        tx.batch_execute(
            "CREATE TEMP TABLE akhbar_stage (id bigint, key text, guid text, url text, \
             content_hash bytea, title text, source_id bigint, day bigint, lang text, dir text, \
             dir_override text, origin text, path text, added_at bigint, author text, \
             paragraphs text, doc text) ON COMMIT DROP",
        )
        .or_fail(store)?;
        let now = now_secs();
        let mut copy = tx
            .copy_in(
                "COPY akhbar_stage (id, key, guid, url, content_hash, title, source_id, day, \
                 lang, dir, dir_override, origin, path, added_at, author, paragraphs, doc) \
                 FROM STDIN",
            )
            .or_fail(store)?;
        let mut line = String::new();
        for (n, &i) in new.iter().enumerate() {
            let a = &articles[i];
            let identity = &identities[i];
            let (origin, path) = match &a.origin {
                Origin::Embedded(name) => ("embedded", name.as_str()),
                Origin::File(path) => ("file", path.as_str()),
                Origin::Feed(url) => ("feed", url.as_str()),
            };
            let body = serde_json::to_string(&a.paragraphs).map_err(|e| Error::Corrupt {
                store: store.to_string(),
                message: format!("cannot encode the body of {:?}: {e}", a.title),
            })?;
            let hex: String = hashes[i].iter().map(|b| format!("{b:02x}")).collect();
            let source = a
                .source
                .as_ref()
                .and_then(|s| sources.get(s))
                .map(i64::to_string);
            line.clear();
            let fields: [Option<&str>; 17] = [
                Some(&ids[n].to_string()),
                Some(&a.id.0),
                identity.guid(),
                identity.url(),
                Some(&format!("\\x{hex}")),
                Some(&a.title),
                source.as_deref(),
                Some(&day_of(a.date).to_string()),
                Some(a.lang.code()),
                Some(a.dir.code()),
                a.dir_override.map(|d| d.code()),
                Some(origin),
                Some(path),
                Some(&now.to_string()),
                a.author.as_deref(),
                Some(&body),
                Some(&super::index::doc(&a.title, &a.paragraphs)),
            ];
            for (k, f) in fields.iter().enumerate() {
                if k > 0 {
                    line.push('\t');
                }
                copy_field(&mut line, *f);
            }
            line.push('\n');
            copy.write_all(line.as_bytes()).map_err(|e| Error::Server {
                store: store.to_string(),
                message: format!("COPY failed: {e}"),
            })?;
        }
        copy.finish().or_fail(store)?;

        // 4. The unique keys decide.
        for r in tx
            .query(
                "INSERT INTO articles (id, key, guid, url, content_hash, title, source_id, day, \
                 lang, dir, dir_override, origin, path, added_at, author) \
                 SELECT id, key, guid, url, content_hash, title, source_id, day, lang, dir, \
                 dir_override, origin, path, added_at, author FROM akhbar_stage \
                 ORDER BY content_hash \
                 ON CONFLICT DO NOTHING RETURNING id",
                &[],
            )
            .or_fail(store)?
        {
            inserted.insert(r.get(0));
        }

        // 5. What goes with each inserted article.
        let kept: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| inserted.contains(id))
            .collect();
        tx.execute(
            "INSERT INTO bodies (article_id, paragraphs) \
             SELECT id, paragraphs FROM akhbar_stage WHERE id = ANY($1)",
            &[&kept],
        )
        .or_fail(store)?;
        tx.execute(
            "INSERT INTO search_index (article_id, doc) \
             SELECT id, doc::tsvector FROM akhbar_stage WHERE id = ANY($1)",
            &[&kept],
        )
        .or_fail(store)?;
        put_enclosures(tx, &new, &ids, &inserted, articles, store)?;
    }

    // Articles another importer stored first: theirs is the id.
    let mut winners: HashMap<usize, i64> = HashMap::new();
    for (n, &i) in new.iter().enumerate() {
        if inserted.contains(&ids[n]) {
            continue;
        }
        let found = tx
            .query_opt(
                "SELECT id FROM articles WHERE content_hash = $1 \
                 OR ($2::text IS NOT NULL AND guid = $2) ORDER BY id LIMIT 1",
                &[&&hashes[i][..], &identities[i].guid()],
            )
            .or_fail(store)?;
        let id = found.map(|r| r.get(0)).ok_or_else(|| Error::Server {
            store: store.to_string(),
            message: format!(
                "article {:?} was neither stored nor found",
                articles[i].title
            ),
        })?;
        winners.insert(n, id);
    }

    let mut stats = ImportStats::default();
    let mut first_seen = HashSet::new();
    for fate in fates {
        let (id, added) = match fate {
            Fate::Stored(id) => (id, false),
            Fate::New(n) => match winners.get(&n) {
                Some(&id) => (id, false),
                None => (ids[n], first_seen.insert(n)),
            },
        };
        if added {
            stats.added += 1;
            stats.added_ids.push(id);
        } else {
            stats.duplicates += 1;
        }
        stats.ids.push(id);
    }
    Ok(stats)
}

/// The ids of the articles' sources, made on first sight.
fn source_ids<'a>(
    tx: &mut Transaction<'_>,
    articles: impl Iterator<Item = &'a Article>,
    store: &str,
) -> Result<HashMap<String, i64>> {
    let mut names: Vec<&str> = articles.filter_map(|a| a.source.as_deref()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    tx.execute(
        "INSERT INTO sources (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING",
        &[&names],
    )
    .or_fail(store)?;
    let rows = tx
        .query(
            "SELECT name, id FROM sources WHERE name = ANY($1)",
            &[&names],
        )
        .or_fail(store)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The enclosures of the inserted articles, numbered in feed order from 0.
fn put_enclosures(
    tx: &mut Transaction<'_>,
    new: &[usize],
    ids: &[i64],
    inserted: &HashSet<i64>,
    articles: &[Article],
    store: &str,
) -> Result<()> {
    let (mut owners, mut positions, mut urls, mut mimes, mut sizes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, &i) in new.iter().enumerate() {
        if !inserted.contains(&ids[n]) {
            continue;
        }
        for (p, e) in articles[i].enclosures.iter().enumerate() {
            owners.push(ids[n]);
            positions.push(i32::try_from(p).unwrap_or(i32::MAX));
            urls.push(clean(&e.url));
            mimes.push(e.mime.as_deref().map(clean));
            sizes.push(e.bytes.and_then(|b| i64::try_from(b).ok()));
        }
    }
    if owners.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO enclosures (article_id, position, url, mime, bytes) \
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::bigint[])",
        &[&owners, &positions, &urls, &mimes, &sizes],
    )
    .or_fail(store)?;
    Ok(())
}

/// Text as the server takes it: it refuses NUL, which becomes U+FFFD.
pub(super) fn clean(s: &str) -> String {
    s.replace('\0', "\u{fffd}")
}

/// One field of a `COPY … FROM STDIN` line in the text format: `\N` for NULL, and the
/// backslash, tab, newline and carriage return escaped; NUL, which the server refuses in
/// text, becomes U+FFFD.
fn copy_field(out: &mut String, value: Option<&str>) {
    let Some(s) = value else {
        out.push_str("\\N");
        return;
    };
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::copy_field;

    #[test]
    fn copy_fields_escape_what_the_format_reads() {
        let mut s = String::new();
        copy_field(&mut s, Some("a\tb\nc\\d\re\0"));
        assert_eq!(s, "a\\tb\\nc\\\\d\\re\u{fffd}");
        s.clear();
        copy_field(&mut s, None);
        assert_eq!(s, "\\N");
    }
}
