//! Importing on PostgreSQL, with the same identity rules as SQLite (`store/import.rs`: a feed
//! entry by its guid or its link, title and date within its feed, else by the link of an
//! article that is not a feed entry; anything else by its guid, link or content hash). A batch
//! costs a handful of round trips, whatever its size:
//!
//! 0. a batch with links takes the link lock (files alone, feeds shared; see [`LINK_LOCK`]);
//! 1. the stored articles any of the batch's guids, links or hashes name, in four lookups;
//! 2. the rules decided in Rust, in input order (an earlier article of the same batch counts);
//! 3. ids for the new ones from the sequence;
//! 4. one binary `COPY` of their rows straight into `articles`, in a savepoint: the unique keys
//!    (content hash, guid, and the link of an article that is not a feed entry) decide. When
//!    one refuses a row (another importer stored it meanwhile), the savepoint is rolled back
//!    and the batch goes through a temporary table and one `INSERT … SELECT … ON CONFLICT DO
//!    NOTHING RETURNING id`, which stores the rest; the refused article is counted as the
//!    duplicate it is, with that importer's id;
//! 5. the bodies and index documents of the inserted ones, each a binary `COPY` straight into
//!    its table (the server neither stages them nor parses a `tsvector`), then their
//!    enclosures.

use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::model::{Article, Origin};
use crate::store::import::{stream_jsonl, Identity};
use crate::store::schema::day_of;
use crate::store::{now_secs, Error, ImportStats, Result};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Transaction;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

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
            let added = |stats: &ImportStats| {
                if stats.added > 0 {
                    super::Audience::Everyone
                } else {
                    super::Audience::Nobody
                }
            };
            let done = self.write_then(added, |tx| {
                tx.batch_execute(&format!(
                    "SET LOCAL lock_timeout = '{IMPORT_LOCK_TIMEOUT}'; \
                     SET LOCAL gin_pending_list_limit = '{GIN_PENDING}'; \
                     SET LOCAL work_mem = '{GIN_PENDING}'"
                ))
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
        stream_jsonl(path, progress, &mut |articles| self.import(articles))
    }
}

/// How long an import waits for another transaction's rows (a batch of 2,000 articles being
/// stored by another importer).
const IMPORT_LOCK_TIMEOUT: &str = "60s";

/// The search index's pending list for an import's transaction, and the memory its clean-up
/// merges in: new documents are merged into the GIN index a few batches at a time, in larger
/// sorted runs, rather than every 4 MB (the server's defaults).
const GIN_PENDING: &str = "32MB";

/// The advisory lock that orders file imports and feed refreshes bringing links ("link" in
/// ASCII, beside the migrations' lock).
const LINK_LOCK: i64 = 0x6c69_6e6b;

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

    // 0. A feed entry is the article that is not one with its link (`link_key`), and such an
    // article is any stored one with its link: a file import and a feed refresh bringing one
    // link at once would each miss the other's uncommitted row. Batches with links of files
    // take the link lock alone, feed refreshes share it, so the two run one after the other
    // (two refreshes still run at once, and file imports meet each other at `link_key`).
    let file_links = identities
        .iter()
        .any(|i| matches!(i, Identity::Other { url: Some(_), .. }));
    let entry_links = identities
        .iter()
        .any(|i| matches!(i, Identity::Entry { url: Some(_), .. }));
    if file_links || entry_links {
        let lock = if file_links {
            "pg_advisory_xact_lock"
        } else {
            "pg_advisory_xact_lock_shared"
        };
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{IMPORT_LOCK_TIMEOUT}'; SELECT {lock}({LINK_LOCK})"
        ))
        .or_fail(store)?;
    }

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
    let entry_urls: Vec<&str> = identities
        .iter()
        .filter(|i| matches!(i, Identity::Entry { .. }))
        .filter_map(Identity::url)
        .collect();
    let mut by_link: HashMap<String, Fate> = HashMap::new();
    if !entry_urls.is_empty() {
        for r in tx
            .read(
                "SELECT link_key, id FROM articles WHERE link_key = ANY($1)",
                &[&entry_urls],
            )
            .or_fail(store)?
        {
            by_link.insert(r.get(0), Fate::Stored(r.get(1)));
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
                .or_else(|| by_hash.get(&hashes[i]))
                .or_else(|| identity.url().and_then(|u| by_link.get(u))),
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

    // 3. Ids and sources.
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
        std::thread::scope(|scope| -> Result<()> {
            // The client's share of the work, each new article's body as stored and its index
            // document, is made on a second thread while the server stages and inserts the rows.
            let derived = scope.spawn(|| derive_all(&new, articles, store));
            let sources = source_ids(tx, new.iter().map(|&i| &articles[i]), store)?;
            let now = now_secs();
            let rows = NewRows {
                new: &new,
                ids: &ids,
                articles,
                identities: &identities,
                hashes: &hashes,
                sources: &sources,
                now,
            };
            // 4. Straight into `articles`, in a savepoint: the unique keys refuse a row that
            // another importer stored since the lookups (or is storing: they wait for its
            // commit). Then, and only then, the batch goes the longer way, through a staging
            // table and `INSERT … ON CONFLICT DO NOTHING`, which keeps the rows that are new.
            let mut direct = tx.savepoint("akhbar_copy").or_fail(store)?;
            match copy_rows(&mut direct, "articles", &rows) {
                Ok(()) => {
                    direct.commit().or_fail(store)?;
                    inserted.extend(ids.iter().copied());
                }
                Err(e) if is_unique_violation(&e) => {
                    direct.rollback().or_fail(store)?;
                    // Made once a session, emptied by each commit: no catalog churn per batch.
                    tx.batch_execute(
                        "CREATE TEMP TABLE IF NOT EXISTS akhbar_stage (id bigint, key text, \
                         guid text, url text, content_hash bytea, title text, source_id bigint, \
                         day bigint, lang text, dir text, dir_override text, origin text, \
                         path text, added_at bigint, author text, link_key text) \
                         ON COMMIT DELETE ROWS",
                    )
                    .or_fail(store)?;
                    copy_rows(tx, "akhbar_stage", &rows).or_fail(store)?;
                    for r in tx
                        .query(
                            "INSERT INTO articles (id, key, guid, url, content_hash, title, \
                             source_id, day, lang, dir, dir_override, origin, path, added_at, \
                             author, link_key) \
                             SELECT id, key, guid, url, content_hash, title, source_id, day, \
                             lang, dir, dir_override, origin, path, added_at, author, link_key \
                             FROM akhbar_stage ORDER BY content_hash \
                             ON CONFLICT DO NOTHING RETURNING id",
                            &[],
                        )
                        .or_fail(store)?
                    {
                        inserted.insert(r.get(0));
                    }
                }
                Err(e) => return Err(super::classify(store, e)),
            }

            // 5. What goes with each inserted article, copied straight into its table: the body
            // and the index document (sent in the server's binary form).
            let derived = derived
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            let kept: Vec<(i64, &Derived)> = derived
                .iter()
                .enumerate()
                .filter(|(n, _)| inserted.contains(&ids[*n]))
                .map(|(n, d)| (ids[n], d))
                .collect();
            let writer = tx
                .copy_in("COPY bodies (article_id, paragraphs) FROM STDIN (FORMAT binary)")
                .or_fail(store)?;
            let mut copy = BinaryCopyInWriter::new(writer, &[Type::INT8, Type::TEXT]);
            for (id, d) in &kept {
                copy.write(&[id, &d.body]).or_fail(store)?;
            }
            copy.finish().or_fail(store)?;
            let writer = tx
                .copy_in("COPY search_index (article_id, doc) FROM STDIN (FORMAT binary)")
                .or_fail(store)?;
            let mut copy = BinaryCopyInWriter::new(writer, &[Type::INT8, Type::TS_VECTOR]);
            for (id, d) in &kept {
                copy.write(&[id, &d.doc]).or_fail(store)?;
            }
            copy.finish().or_fail(store)?;
            put_enclosures(tx, &new, &ids, &inserted, articles, store)?;
            Ok(())
        })?;
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
                 OR ($2::text IS NOT NULL AND guid = $2) \
                 OR ($3::text IS NOT NULL AND link_key = $3) ORDER BY id LIMIT 1",
                &[
                    &&hashes[i][..],
                    &identities[i].guid(),
                    &link_key(&identities[i]),
                ],
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
        stats.record(id, added);
    }
    Ok(stats)
}

/// The new articles' rows as `articles` takes them.
struct NewRows<'a> {
    new: &'a [usize],
    ids: &'a [i64],
    articles: &'a [Article],
    identities: &'a [Identity<'a>],
    hashes: &'a [[u8; 16]],
    sources: &'a HashMap<String, i64>,
    now: i64,
}

/// Whether the server refused a row for a unique key (SQLSTATE 23505).
fn is_unique_violation(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
}

/// One binary `COPY` of the rows into `table` (`articles`, or the staging table of the same
/// columns).
fn copy_rows(
    tx: &mut Transaction<'_>,
    table: &str,
    rows: &NewRows<'_>,
) -> std::result::Result<(), postgres::Error> {
    let writer = tx.copy_in(&format!(
        "COPY {table} (id, key, guid, url, content_hash, title, source_id, day, lang, dir, \
         dir_override, origin, path, added_at, author, link_key) FROM STDIN (FORMAT binary)"
    ))?;
    let (int, text) = (Type::INT8, Type::TEXT);
    let types = [
        int.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        Type::BYTEA,
        text.clone(),
        int.clone(),
        int.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        int,
        text.clone(),
        text,
    ];
    let mut copy = BinaryCopyInWriter::new(writer, &types);
    for (n, &i) in rows.new.iter().enumerate() {
        let a = &rows.articles[i];
        let identity = &rows.identities[i];
        let (origin, path) = match &a.origin {
            Origin::Embedded(name) => ("embedded", name.as_str()),
            Origin::File(path) => ("file", path.as_str()),
            Origin::Feed(url) => ("feed", url.as_str()),
        };
        let source = a.source.as_ref().and_then(|s| rows.sources.get(s)).copied();
        let (key, guid, url) = (
            nul_free(&a.id.0),
            identity.guid().map(nul_free),
            identity.url().map(nul_free),
        );
        let (title, path, author) = (
            nul_free(&a.title),
            nul_free(path),
            a.author.as_deref().map(nul_free),
        );
        copy.write(&[
            &rows.ids[n],
            &&*key,
            &guid.as_deref(),
            &url.as_deref(),
            &&rows.hashes[i][..],
            &&*title,
            &source,
            &day_of(a.date),
            &a.lang.code(),
            &a.dir.code(),
            &a.dir_override.map(|d| d.code()),
            &origin,
            &&*path,
            &rows.now,
            &author.as_deref(),
            // The link rule's key: articles that are not feed entries only.
            &matches!(identity, Identity::Other { .. })
                .then_some(url.as_deref())
                .flatten(),
        ])?;
    }
    copy.finish()?;
    Ok(())
}

/// What the client makes of a new article for the server: its body as stored (JSON) and its
/// index document.
struct Derived {
    body: String,
    doc: super::index::Doc,
}

/// [`Derived`] for each of the `new` articles, in order.
fn derive_all(new: &[usize], articles: &[Article], store: &str) -> Result<Vec<Derived>> {
    new.iter()
        .map(|&i| {
            let a = &articles[i];
            let body = serde_json::to_string(&a.paragraphs).map_err(|e| Error::Corrupt {
                store: store.to_string(),
                message: format!("cannot encode the body of {:?}: {e}", a.title),
            })?;
            Ok(Derived {
                body,
                doc: super::index::doc(&a.title, &a.paragraphs),
            })
        })
        .collect()
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

/// The `link_key` column of an article (see schema V3), NUL-free as staged.
fn link_key(identity: &Identity<'_>) -> Option<String> {
    match identity {
        Identity::Other { url: Some(u), .. } => Some(clean(u)),
        _ => None,
    }
}

/// Text as the server takes it: it refuses NUL, which becomes U+FFFD.
pub(super) fn clean(s: &str) -> String {
    s.replace('\0', "\u{fffd}")
}

/// [`clean`], borrowing the text that has no NUL (nearly all).
fn nul_free(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(clean(s))
    } else {
        Cow::Borrowed(s)
    }
}
