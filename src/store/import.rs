//! Importing articles. What makes two articles one depends on where they came from:
//!
//! - A feed entry is known within its feed: by its guid, or, when it has none, by its link,
//!   title and date together. A podcast whose episodes share one link keeps every episode;
//!   the same story in two feeds is stored twice (once per feed), and a feed that reuses
//!   another feed's guids or links cannot hide the other's entries. Outside its feed, only an
//!   article that is not a feed entry (a file, a corpus record) with the same link is the
//!   same article: the page saved before its feed brought it, as the other way round below.
//! - Any other article (a file, a corpus record, a seed) is a duplicate, kept once, when one
//!   of these matches an article stored before (or earlier in the same import):
//!   1. its guid: the record id of a JSON Lines corpus, scoped by its source, so two outlets
//!      numbering their articles 1, 2, 3 never collide. File stems are not guids: two folders
//!      may both hold `001.txt`.
//!   2. its link (`url`, compared exactly after trimming).
//!   3. its content hash: title and body normalized ([`content_hash`]); for an article with
//!      no body the source and date count too, so two outlets' identical headlines with no
//!      text stay two articles.
//!
//! The first one imported wins; a duplicate changes nothing (its triage state stays).

use super::hash::{content_hash, identity_hash};
use super::index::Columns;
use super::schema::day_of;
use super::{now_secs, Error, Result, Sqlite};
use crate::ingest::jsonl;
use crate::model::{Article, Origin};
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportStats {
    /// Articles new to the store.
    pub added: usize,
    /// Articles already in the store (or earlier in the same input), not added again.
    pub duplicates: usize,
    /// The store id of each input article, in input order; a duplicate gets the id of the
    /// article it duplicates, so a caller can show exactly what it imported.
    pub ids: Vec<i64>,
    /// The store ids of the articles new to the store, in input order (what ignore rules
    /// look at).
    pub added_ids: Vec<i64>,
    /// One-line problems met on the way (bad records skipped); at most [`MAX_WARNINGS`], the
    /// last of them saying how many more there were.
    pub warnings: Vec<String>,
}

/// Warnings kept per import: a corpus of a million bad lines must not fill memory.
pub const MAX_WARNINGS: usize = 100;

impl ImportStats {
    /// One input article stored as `id`: new to the store (`added`) or a duplicate of it.
    pub(super) fn record(&mut self, id: i64, added: bool) {
        if added {
            self.added += 1;
            self.added_ids.push(id);
        } else {
            self.duplicates += 1;
        }
        self.ids.push(id);
    }

    pub(super) fn merge(&mut self, other: ImportStats) {
        self.added += other.added;
        self.duplicates += other.duplicates;
        self.ids.extend(other.ids);
        self.added_ids.extend(other.added_ids);
    }
}

impl Sqlite {
    /// Adds `articles` in one transaction: all of them or, on an error, none. Bodies are
    /// stored with each paragraph's language and direction; [`Store::article`] gives back an
    /// equal [`Article`]. Duplicates (see the module docs) are counted, not added.
    pub fn import(&mut self, articles: &[Article]) -> Result<ImportStats> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        let indexing = if self.defer_index {
            Indexing::Deferred
        } else {
            Indexing::Now
        };
        let stats = insert_all_indexed(&tx, articles, indexing).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(stats)
    }

    /// [`Sqlite::import`] of articles with what [`Prepared::of`] made of each (one per
    /// article, in order) beforehand.
    fn import_prepared(
        &mut self,
        articles: &[Article],
        prepared: &[Prepared],
    ) -> Result<ImportStats> {
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        let stats = insert_all_indexed(&tx, articles, Indexing::Ready(prepared)).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(stats)
    }

    /// While `deferred`, imports put each new article in line for the full-text index
    /// (`search_pending`, where the articles of a store older than the index wait) instead
    /// of indexing it in the import's transaction; [`Sqlite::index_pending`] indexes them
    /// later (the dashboard does, in the background). The store stays consistent either
    /// way. For measuring what the index costs an import, and for bulk loads that index
    /// afterwards.
    pub fn defer_index(&mut self, deferred: bool) {
        self.defer_index = deferred;
    }

    /// Imports a JSON Lines corpus (`{"id","title","source","published","lang","body",
    /// "url"}` a line) without holding it in memory: records are parsed on worker threads and
    /// stored one committed transaction per batch of about 2,000, so an interrupted import
    /// keeps what it committed and a rerun skips it as duplicates. `progress` gets
    /// `(bytes read so far, file size in bytes)` after each batch and once at the end.
    ///
    /// Unless the index is deferred, each batch's index text, content hashes and stored
    /// bodies are made on the thread that hands the parsed batches over, while this one
    /// stores the batch before it: the writer only looks up and inserts.
    pub fn import_jsonl(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportStats> {
        self.writable()?;
        if self.defer_index {
            return stream_jsonl(path, progress, &mut |articles| self.import(articles));
        }
        let prepare =
            |articles: &[Article]| -> Vec<Prepared> { articles.iter().map(Prepared::of).collect() };
        stream_jsonl_prepared(path, progress, &prepare, &mut |articles, prepared| {
            self.import_prepared(articles, &prepared)
        })
    }
}

/// Streams a JSON Lines corpus into `import` batch by batch (records parsed on worker
/// threads), for either backend: warnings are kept up to [`MAX_WARNINGS`], the first failing
/// batch stops the reader and is the answer, and `progress` gets `(bytes read so far, file
/// size in bytes)` after each batch and once at the end.
pub(crate) fn stream_jsonl(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    import: &mut dyn FnMut(&[Article]) -> Result<ImportStats>,
) -> Result<ImportStats> {
    stream_jsonl_prepared(path, progress, &|_| (), &mut |articles, ()| {
        import(articles)
    })
}

/// [`stream_jsonl`] with a step of work per batch, `prepare`, done off the caller's thread
/// (on the thread that receives the parsed batches, while the caller's `import` stores the
/// batch before): `import` gets each batch with what `prepare` made of it.
pub(crate) fn stream_jsonl_prepared<P: Send>(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    prepare: &(dyn Fn(&[Article]) -> P + Sync),
    import: &mut dyn FnMut(&[Article], P) -> Result<ImportStats>,
) -> Result<ImportStats> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let total = file.metadata().map_err(io)?.len();
    let counted = Counted {
        inner: file,
        read: Arc::new(AtomicU64::new(0)),
        stop: Arc::new(AtomicBool::new(false)),
    };
    let (read, stop) = (counted.read.clone(), counted.stop.clone());
    let mut stats = ImportStats::default();
    let mut skipped = 0usize;
    let mut failure = None;
    // One prepared batch waits while the writer stores the one before it.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Article>, Vec<String>, P)>(1);
    let streamed = std::thread::scope(|scope| {
        let stop_reader = stop.clone();
        let reading = scope.spawn(move || {
            jsonl::stream(counted, path, &mut |articles, warnings| {
                let prepared = prepare(&articles);
                if tx.send((articles, warnings, prepared)).is_err() {
                    // The writer failed and left: no point parsing the rest.
                    stop_reader.store(true, Ordering::Relaxed);
                }
            })
        });
        for (articles, warnings, prepared) in rx {
            for w in warnings {
                if stats.warnings.len() < MAX_WARNINGS - 1 {
                    stats.warnings.push(w);
                } else {
                    skipped += 1;
                }
            }
            match import(&articles, prepared) {
                Ok(batch) => stats.merge(batch),
                Err(e) => {
                    failure = Some(e);
                    // Makes the reader see the end of the file: no point parsing the rest.
                    stop.store(true, Ordering::Relaxed);
                    break;
                }
            }
            progress(read.load(Ordering::Relaxed).min(total), total);
        }
        // A panic on the reader's side is this call's, as when it ran on this thread.
        reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
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

/// A reader that counts the bytes it hands out and can be told to stop (to report EOF).
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

pub(super) fn insert_all(tx: &Transaction, articles: &[Article]) -> rusqlite::Result<ImportStats> {
    insert_all_indexed(tx, articles, Indexing::Now)
}

/// What an import stores of an article that can be made before its transaction, on another
/// thread: its content hash (for any article but a feed entry), its body as stored and its
/// index text. Made for every article of a batch, duplicates included.
pub(super) struct Prepared {
    hash: Option<[u8; 16]>,
    /// `None` if the paragraphs did not serialize: the writer tries again and fails.
    body: Option<String>,
    columns: Columns,
}

impl Prepared {
    fn of(a: &Article) -> Prepared {
        let hash = match a.origin {
            Origin::Feed(_) => None,
            _ => Some(content_hash(a)),
        };
        Prepared {
            hash,
            body: serde_json::to_string(&a.paragraphs).ok(),
            columns: Columns::of(&a.title, &a.paragraphs),
        }
    }
}

/// How an import's new articles reach the full-text index.
#[derive(Clone, Copy)]
enum Indexing<'a> {
    /// Indexed in the import's transaction.
    Now,
    /// Indexed in the import's transaction from what was made beforehand, one per article
    /// of the batch, in order.
    Ready(&'a [Prepared]),
    /// Put in line for the index (`search_pending`).
    Deferred,
}

/// [`insert_all`], each new article reaching the index as `indexing` says.
fn insert_all_indexed(
    tx: &Transaction,
    articles: &[Article],
    indexing: Indexing,
) -> rusqlite::Result<ImportStats> {
    let mut stats = ImportStats::default();
    let mut sources = HashMap::new();
    let now = now_secs();
    // The new articles' index text, written in one statement at the end (see
    // `index::put_many`): made here (`made`) or beforehand (`ready`).
    let mut made: Vec<(i64, Columns)> = Vec::new();
    let mut ready: Vec<(i64, &Columns)> = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let source_id = match &a.source {
            Some(name) => Some(source_id(tx, &mut sources, name)?),
            None => None,
        };
        let pre = match indexing {
            Indexing::Ready(prepared) => prepared.get(i),
            _ => None,
        };
        let deferred = matches!(indexing, Indexing::Deferred);
        let (id, added) = insert(tx, a, source_id, now, pre, deferred)?;
        if added && !deferred {
            match pre {
                Some(p) => ready.push((id, &p.columns)),
                None => made.push((id, Columns::of(&a.title, &a.paragraphs))),
            }
        }
        stats.record(id, added);
    }
    super::index::put_many(tx, made.iter().map(|(id, c)| (*id, c)))?;
    super::index::put_many(tx, ready)?;
    Ok(stats)
}

/// The id of a source, created on first sight; `cache` lives for one transaction only, so a
/// rollback cannot leave it naming rows that are gone.
fn source_id(
    tx: &Transaction,
    cache: &mut HashMap<String, i64>,
    name: &str,
) -> rusqlite::Result<i64> {
    if let Some(&id) = cache.get(name) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO sources (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])?;
    let id = tx
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |r| r.get(0))?;
    cache.insert(name.to_string(), id);
    Ok(id)
}

/// How an article is recognised when it comes again (see the module docs).
pub(super) enum Identity<'a> {
    /// A feed entry, known only within its feed (`feed` is the feed's URL): by its guid, or
    /// without one by its link, title and date.
    Entry {
        feed: &'a str,
        guid: Option<String>,
        url: Option<&'a str>,
        title: &'a str,
        day: i64,
    },
    /// Anything else: by its guid, its link or its text, against every stored article.
    Other {
        guid: Option<String>,
        url: Option<&'a str>,
        hash: [u8; 16],
    },
}

impl<'a> Identity<'a> {
    pub(super) fn of(a: &'a Article) -> Identity<'a> {
        Identity::of_hashed(a, None)
    }

    /// [`Identity::of`] with the article's content hash when it was worked out beforehand.
    fn of_hashed(a: &'a Article, hash: Option<[u8; 16]>) -> Identity<'a> {
        let url = a.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        match &a.origin {
            Origin::Feed(feed) => Identity::Entry {
                feed,
                guid: guid(a),
                url,
                title: &a.title,
                day: day_of(a.date),
            },
            _ => Identity::Other {
                guid: guid(a),
                url,
                hash: hash.unwrap_or_else(|| content_hash(a)),
            },
        }
    }

    pub(super) fn guid(&self) -> Option<&str> {
        match self {
            Identity::Entry { guid, .. } | Identity::Other { guid, .. } => guid.as_deref(),
        }
    }

    pub(super) fn url(&self) -> Option<&'a str> {
        match self {
            Identity::Entry { url, .. } | Identity::Other { url, .. } => *url,
        }
    }

    /// The `content_hash` column: the text's hash, or for a feed entry its identity's.
    pub(super) fn hash(&self) -> [u8; 16] {
        match self {
            Identity::Other { hash, .. } => *hash,
            Identity::Entry {
                feed,
                guid: Some(guid),
                ..
            } => identity_hash(&[feed, "guid", guid]),
            Identity::Entry {
                feed,
                guid: None,
                url,
                title,
                day,
            } => identity_hash(&[feed, "entry", url.unwrap_or(""), title, &day.to_string()]),
        }
    }

    /// The stored article this one is, if any: one indexed lookup per rule, in rule order.
    fn existing(&self, tx: &Transaction) -> rusqlite::Result<Option<i64>> {
        let by = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<Option<i64>> {
            tx.prepare_cached(sql)?
                .query_row(values, |r| r.get(0))
                .optional()
        };
        if let Some(guid) = self.guid() {
            // Feed guids are scoped by the feed's URL (see [`guid`]), so this stays in the feed.
            return match by("SELECT id FROM articles WHERE guid = ?1", &[&guid])? {
                None if matches!(self, Identity::Other { .. }) => self.by_link_or_text(tx),
                None => self.by_outside_link(tx),
                found => Ok(found),
            };
        }
        let found = match self {
            Identity::Entry {
                feed,
                url,
                title,
                day,
                ..
            } => by(
                "SELECT id FROM articles WHERE origin = 'feed' AND path = ?1 AND title = ?2 \
                 AND day = ?3 AND url IS ?4 ORDER BY id LIMIT 1",
                &[feed, title, day, url],
            )?,
            Identity::Other { .. } => return self.by_link_or_text(tx),
        };
        match found {
            None => self.by_outside_link(tx),
            found => Ok(found),
        }
    }

    /// A feed entry's link as the link of an article that is not a feed entry.
    fn by_outside_link(&self, tx: &Transaction) -> rusqlite::Result<Option<i64>> {
        let Some(url) = self.url() else {
            return Ok(None);
        };
        tx.prepare_cached(
            "SELECT id FROM articles WHERE url = ?1 AND origin <> 'feed' ORDER BY id LIMIT 1",
        )?
        .query_row([url], |r| r.get(0))
        .optional()
    }

    fn by_link_or_text(&self, tx: &Transaction) -> rusqlite::Result<Option<i64>> {
        let by = |sql: &str, value: &dyn rusqlite::ToSql| -> rusqlite::Result<Option<i64>> {
            tx.prepare_cached(sql)?
                .query_row([value], |r| r.get(0))
                .optional()
        };
        if let Some(url) = self.url() {
            let sql = "SELECT id FROM articles WHERE url = ?1 ORDER BY id LIMIT 1";
            if let Some(id) = by(sql, &url)? {
                return Ok(Some(id));
            }
        }
        by(
            "SELECT id FROM articles WHERE content_hash = ?1",
            &&self.hash()[..],
        )
    }
}

/// Inserts one article unless it is a duplicate; returns its store id and whether it was new.
/// Its hash and body are taken from `pre` when made beforehand. A new article is put in line
/// for the index when `deferred`; else the caller indexes it in the same transaction.
fn insert(
    tx: &Transaction,
    a: &Article,
    source_id: Option<i64>,
    now: i64,
    pre: Option<&Prepared>,
    deferred: bool,
) -> rusqlite::Result<(i64, bool)> {
    let identity = Identity::of_hashed(a, pre.and_then(|p| p.hash));
    if let Some(id) = identity.existing(tx)? {
        return Ok((id, false));
    }
    let hash = identity.hash();
    let (origin, path) = match &a.origin {
        Origin::Embedded(name) => ("embedded", name.as_str()),
        Origin::File(path) => ("file", path.as_str()),
        Origin::Feed(url) => ("feed", url.as_str()),
    };
    // The lookups above decide; the unique indexes (guid, content hash) are the backstop.
    let inserted = tx
        .prepare_cached(
            "INSERT INTO articles (key, guid, url, content_hash, title, source_id, day, lang, \
             dir, dir_override, origin, path, added_at, author) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            a.id.0,
            identity.guid(),
            identity.url(),
            &hash[..],
            a.title,
            source_id,
            day_of(a.date),
            a.lang.code(),
            a.dir.code(),
            a.dir_override.map(|d| d.code()),
            origin,
            path,
            now,
            a.author,
        ])?;
    if inserted == 1 {
        let id = tx.last_insert_rowid();
        let made;
        let body = match pre {
            Some(Prepared { body: Some(b), .. }) => b,
            _ => {
                made = serde_json::to_string(&a.paragraphs)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                &made
            }
        };
        tx.prepare_cached("INSERT INTO bodies (article_id, paragraphs) VALUES (?1, ?2)")?
            .execute(params![id, body])?;
        // The index in the same transaction: an article is never stored unindexed (nor,
        // deferred, without its place in line).
        if deferred {
            tx.prepare_cached("INSERT OR IGNORE INTO search_pending (article_id) VALUES (?1)")?
                .execute([id])?;
        }
        put_enclosures(tx, id, &a.enclosures)?;
        return Ok((id, true));
    }
    tx.prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([&hash[..]], |r| r.get(0))
        .map(|id| (id, false))
}

/// The article's enclosures, numbered in order from 0.
fn put_enclosures(
    tx: &Transaction,
    id: i64,
    enclosures: &[crate::model::Enclosure],
) -> rusqlite::Result<()> {
    if enclosures.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO enclosures (article_id, position, url, mime, bytes) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, e) in enclosures.iter().enumerate() {
        // SQLite integers are signed: a size past i64 (no real file) is stored as unknown.
        let bytes = e.bytes.and_then(|b| i64::try_from(b).ok());
        stmt.execute(params![id, i as i64, e.url, e.mime, bytes])?;
    }
    Ok(())
}

/// The article's guid, scoped by its source, when its id is one: the record id of a JSON
/// Lines corpus, unless the reader made it up (`line-N`). A `~N` that the loader appends to a
/// repeated id is dropped: a repeated guid is the same article.
fn guid(a: &Article) -> Option<String> {
    let path = match &a.origin {
        // A feed entry's id is its guid, scoped by the feed's URL.
        // A feed entry's own id is its guid, scoped by the feed's URL; a made-up one is not.
        Origin::Feed(url) => {
            let id = a.id.0.trim();
            let own = !id.is_empty() && !a.id.is_made_up();
            return own.then(|| format!("{url}\u{1f}{id}"));
        }
        Origin::File(path) => path,
        Origin::Embedded(_) => return None,
    };
    if !path.ends_with(".jsonl") {
        return None;
    }
    let id = a.id.0.as_str();
    let made_up = id
        .strip_prefix("line-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if made_up || id.is_empty() {
        return None;
    }
    let id = match id.rsplit_once('~') {
        Some((base, n)) if !base.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => id,
    };
    Some(format!("{}\u{1f}{id}", a.source.as_deref().unwrap_or("")))
}
