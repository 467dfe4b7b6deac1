//! The store's interface: what the dashboard, the commands and the tests may ask of a
//! store, whatever keeps it. SQLite (one file, the default) and PostgreSQL (the team store,
//! `store/pg/`) implement it; nothing here is particular to either (no SQL, no connection, no
//! file). Which one a session gets is decided in one place: [`Store::open`] by the
//! [`Location`] (`--store`), through `open::open`. [`Store`] is a boxed backend that derefs to the trait, so callers
//! write `store.row(id)` and never name the backend.

use super::*;
use crate::model::{Article, Paragraph, TextQuery};
use std::io::Write;
use std::path::Path;

/// Everything a store does. Each method keeps the contract documented on the SQLite
/// backend's method of the same name (see `store/query.rs`, `triage.rs`, `import.rs`,
/// `feeds.rs`, `export.rs`).
pub trait Backend: Send + std::fmt::Debug {
    /// Writes the articles of `view` (only those tagged `tag`, when given; tags match without
    /// regard to ASCII case) to `out` in `format`.
    fn export(
        &self,
        view: View,
        tag: Option<&str>,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<()>;
    /// The id of the feed at `url`, made on first sight.
    fn feed_id(&mut self, url: &str) -> Result<i64>;
    /// Every feed the store has met, by URL.
    fn feeds(&self) -> Result<Vec<FeedState>>;
    /// The feed at `url`, if the store has met it.
    fn feed(&self, url: &str) -> Result<Option<FeedState>>;
    /// Stores a successful refresh of feed `feed_id` in one transaction: new entries are
    /// added (an entry already stored, by guid, link or content, changes nothing), the
    /// validators and title are kept, the error is cleared and the feed is trimmed to its
    /// limit. All of it or, on an error, none.
    fn store_feed(&mut self, feed_id: i64, update: &FeedUpdate) -> Result<FeedStats>;
    /// Records a 304: nothing changed, the attempt succeeded.
    fn feed_not_modified(
        &mut self,
        feed_id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()>;
    /// Records a failed attempt; the feed's articles and validators stay as they were.
    fn feed_failed(&mut self, feed_id: i64, error: &str) -> Result<()>;
    /// Whether the article's feed gave only a summary and no full text has been fetched.
    fn needs_full_text(&self, id: i64) -> Result<bool>;
    /// Keeps the full text fetched from the article's page beside the feed's summary; from
    /// now on [`Store::article`] gives it. The article's cached facts are dropped, since
    /// they were extracted from the summary.
    fn put_full_text(&mut self, id: i64, paragraphs: &[Paragraph]) -> Result<()>;
    /// The full text fetched for an article, if any.
    fn full_text(&self, id: i64) -> Result<Option<Vec<Paragraph>>>;
    /// Adds `articles` in one transaction: all of them or, on an error, none. Bodies are
    /// stored with each paragraph's language and direction; [`Store::article`] gives back an
    /// equal [`Article`]. Duplicates (see the module docs) are counted, not added.
    fn import(&mut self, articles: &[Article]) -> Result<ImportStats>;
    /// Imports a JSON Lines corpus (`{"id","title","source","published","lang","body",
    /// "url"}` a line) without holding it in memory: records are parsed on worker threads and
    /// stored one committed transaction per batch of about 2,000, so an interrupted import
    /// keeps what it committed and a rerun skips it as duplicates. `progress` gets
    /// `(bytes read so far, file size in bytes)` after each batch and once at the end.
    fn import_jsonl(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportStats>;
    /// Up to `limit` rows of `view`, newest first (day descending, undated last, then store id
    /// descending), starting after `after` (from the start when `None`). Pass the last row's
    /// `RowKey::from(&row)` to get the next page: no row is repeated, and no row that stays in
    /// the view is skipped, even when triage moves other rows in or out between pages.
    fn rows(&self, view: View, after: Option<&RowKey>, limit: usize) -> Result<Vec<Row>>;
    /// Every row of `view` in list order, handed to `sink` in batches of `batch` rows (the
    /// last may be shorter), so a dashboard can fill its list while the first page shows.
    /// One statement reads them all: no row is missed or repeated.
    fn all_rows(&self, view: View, batch: usize, sink: &mut dyn FnMut(Vec<Row>)) -> Result<()>;
    /// One row by store id (after a triage change, to redraw it).
    fn row(&self, id: i64) -> Result<Row>;
    /// The dates alone of these articles, in order (`None`: not stored; `Some(None)`:
    /// undated): cheaper than their rows.
    fn dates_of(&self, ids: &[i64]) -> Result<Vec<Option<Option<chrono::NaiveDate>>>>;
    /// The newest date of `view` (`None` when nothing in it is dated).
    fn newest_date(&self, view: View) -> Result<Option<chrono::NaiveDate>>;
    /// How many articles each view holds; each count reads only its view's index.
    fn counts(&self) -> Result<Counts>;
    /// The whole article, body included, as it was imported; for a feed entry whose full
    /// text was fetched ([`Store::put_full_text`]), with that text as its body.
    fn article(&self, id: i64) -> Result<Article>;
    /// The text of an article's body as the reader shows it (the fetched full text when
    /// there is one), its paragraphs joined by newlines: what a `body:` filter searches. One
    /// look-up, without the rest of the article.
    fn body_text(&self, id: i64) -> Result<String>;
    /// The paragraph texts of the `limit` newest articles (newest added first) of one site:
    /// those whose URL's host is `group` (with or without `www.`) or whose source is named
    /// `group`. Reads at most `limit` articles.
    fn recent_of_site(&self, group: &str, limit: usize) -> Result<Vec<Vec<String>>>;
    /// Every article the full-text index says meets `q`, with its relevance (BM25: positive,
    /// higher is better, title words weigh more than body words), in no set order.
    fn search_text(&self, q: &TextQuery) -> Result<Vec<(i64, f64)>>;
    /// The ids the full-text index says meet `q`, unranked.
    fn search_ids(&self, q: &TextQuery) -> Result<Vec<i64>>;
    /// The `limit` hits of `q` with the highest store ids (the articles stored last) that
    /// meet none of `excluded`, highest id first, each with the relevance
    /// [`Backend::search_text`] gives it: a cheap first page of a common word. This default
    /// asks for every hit; a backend whose index can walk its hits from the last stored
    /// stops early instead (SQLite's does).
    fn search_newest(
        &self,
        q: &TextQuery,
        excluded: &[TextQuery],
        limit: usize,
    ) -> Result<Vec<(i64, f64)>> {
        let mut out = Vec::new();
        for e in excluded {
            out.extend(self.search_ids(e)?);
        }
        let not: std::collections::HashSet<i64> = out.into_iter().collect();
        let mut hits: Vec<(i64, f64)> = self
            .search_text(q)?
            .into_iter()
            .filter(|(id, _)| !not.contains(id))
            .collect();
        hits.sort_unstable_by_key(|h| std::cmp::Reverse(h.0));
        hits.truncate(limit);
        Ok(hits)
    }
    /// While `deferred`, imports put new articles in line for the full-text index instead
    /// of indexing them in their transaction; [`Backend::index_pending`] indexes them later.
    /// A backend that cannot defer keeps indexing (this default).
    fn defer_index(&mut self, deferred: bool) {
        let _ = deferred;
    }
    /// How many articles wait to be indexed (stored before the index, or after a reindex).
    fn unindexed(&self) -> Result<usize>;
    /// Indexes up to `max` waiting articles in one transaction.
    fn index_pending(&mut self, max: usize) -> Result<IndexProgress>;
    /// Empties the index and puts every article in line to be indexed again; returns how many
    /// wait.
    fn reindex(&mut self) -> Result<usize>;
    /// Every tag in use with the number of articles carrying it, most used first, for the tag
    /// prompt's completion.
    fn tags(&self) -> Result<Vec<(String, usize)>>;
    /// The article's note, if it has one.
    fn note(&self, id: i64) -> Result<Option<String>>;
    /// The article's note with who last wrote it and when, if it has one.
    fn note_entry(&self, id: i64) -> Result<Option<Note>>;
    /// The cached facts (JSON) of an article, if they were stored by the same
    /// `extractor_version`; an older extractor's result counts as missing.
    fn cached_facts(&self, id: i64, extractor_version: u32) -> Result<Option<String>>;
    /// Caches an article's facts (JSON), replacing what an earlier run stored. A cache, not
    /// user data: callers may ignore an error (a read-only store refuses it).
    fn put_facts(&mut self, id: i64, extractor_version: u32, json: &str) -> Result<()>;
    /// Caches the facts of many articles in one transaction (one sync to disk, not one per
    /// article: the dashboard fills the cache for a whole store in the background). Ids no
    /// longer in the store are skipped; returns how many were stored.
    fn put_facts_many(
        &mut self,
        extractor_version: u32,
        entries: &[(i64, String)],
    ) -> Result<usize>;
    /// Applies `change` in one transaction that is committed (and synced to disk) before this
    /// returns, and returns its inverse. On any error nothing is changed: an unknown id, a bad
    /// tag or note, a full disk ([`Error::DiskFull`]), a lock held elsewhere
    /// ([`Error::Busy`]) or a read-only store ([`Error::ReadOnly`]).
    fn apply(&mut self, change: &Change) -> Result<Change>;
    /// Archives `ids` for the config's ignore rule `rule` (its query) in one transaction and
    /// records the rule against each; returns how many were archived now.
    fn ignore(&mut self, rule: &str, ids: &[i64]) -> Result<usize>;
    /// Each ignore rule that has archived articles, with how many, most first.
    fn ignored_counts(&self) -> Result<Vec<(String, usize)>>;
    /// Another connection to the same database, read-only, for a background thread (for
    /// example to stream [`Store::all_rows`] while this one applies triage).
    fn reader(&self) -> Result<Store>;
    /// Writes are refused (see [`Store::read_only_reason`]).
    fn is_read_only(&self) -> bool;
    /// Why writes are refused, in one line.
    fn read_only_reason(&self) -> Option<&str>;
    fn location(&self) -> &Location;
    /// A number that changes when another connection (another akhbar: a cron `fetch`, an
    /// `import`, a second dashboard) commits to the store; this connection's own commits do
    /// not change it. Polled by the dashboard to pick up what others wrote. A server store
    /// counts only writes a view shows: not the search index, cached facts, a feed's
    /// validators or a new user.
    fn data_version(&self) -> Result<i64>;
    /// Acts as the user `name` from now on (made on first sight): every triage read (rows,
    /// counts, export, feeds' unread counts) and write ([`Store::apply`]) on this handle is
    /// that user's. Handles on one store acting as different users work at once. A name that
    /// is not 1-64 of letters, digits and `._-` is [`Error::InvalidUser`].
    fn set_user(&mut self, name: &str) -> Result<()>;
    /// The user this handle acts as.
    fn user(&self) -> &str;
    /// Starts telling `wake` of other connections' commits that this handle's user may see,
    /// from a thread (and, on a server, a connection) of the backend's own, for as long as
    /// [`Wake::wanted`]. Returns whether a watch started: `false` for a backend that cannot
    /// push, whose callers keep polling [`Backend::data_version`].
    fn watch(&self, wake: Box<dyn Wake>) -> Result<bool> {
        drop(wake);
        Ok(false)
    }
}

impl Backend for Sqlite {
    fn set_user(&mut self, name: &str) -> Result<()> {
        Sqlite::set_user(self, name)
    }
    fn user(&self) -> &str {
        Sqlite::user(self)
    }
    fn note_entry(&self, id: i64) -> Result<Option<Note>> {
        Sqlite::note_entry(self, id)
    }
    fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(self.fail())
    }
    fn export(
        &self,
        view: View,
        tag: Option<&str>,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<()> {
        Sqlite::export(self, view, tag, format, out)
    }
    fn feed_id(&mut self, url: &str) -> Result<i64> {
        Sqlite::feed_id(self, url)
    }
    fn feeds(&self) -> Result<Vec<FeedState>> {
        Sqlite::feeds(self)
    }
    fn feed(&self, url: &str) -> Result<Option<FeedState>> {
        Sqlite::feed(self, url)
    }
    fn store_feed(&mut self, feed_id: i64, update: &FeedUpdate) -> Result<FeedStats> {
        Sqlite::store_feed(self, feed_id, update)
    }
    fn feed_not_modified(
        &mut self,
        feed_id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        Sqlite::feed_not_modified(self, feed_id, etag, last_modified)
    }
    fn feed_failed(&mut self, feed_id: i64, error: &str) -> Result<()> {
        Sqlite::feed_failed(self, feed_id, error)
    }
    fn needs_full_text(&self, id: i64) -> Result<bool> {
        Sqlite::needs_full_text(self, id)
    }
    fn put_full_text(&mut self, id: i64, paragraphs: &[Paragraph]) -> Result<()> {
        Sqlite::put_full_text(self, id, paragraphs)
    }
    fn full_text(&self, id: i64) -> Result<Option<Vec<Paragraph>>> {
        Sqlite::full_text(self, id)
    }
    fn import(&mut self, articles: &[Article]) -> Result<ImportStats> {
        Sqlite::import(self, articles)
    }
    fn import_jsonl(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportStats> {
        Sqlite::import_jsonl(self, path, progress)
    }
    fn rows(&self, view: View, after: Option<&RowKey>, limit: usize) -> Result<Vec<Row>> {
        Sqlite::rows(self, view, after, limit)
    }
    fn all_rows(&self, view: View, batch: usize, sink: &mut dyn FnMut(Vec<Row>)) -> Result<()> {
        Sqlite::all_rows(self, view, batch, sink)
    }
    fn dates_of(&self, ids: &[i64]) -> Result<Vec<Option<Option<chrono::NaiveDate>>>> {
        Sqlite::dates_of(self, ids)
    }
    fn newest_date(&self, view: View) -> Result<Option<chrono::NaiveDate>> {
        Sqlite::newest_date(self, view)
    }
    fn search_newest(
        &self,
        q: &TextQuery,
        excluded: &[TextQuery],
        limit: usize,
    ) -> Result<Vec<(i64, f64)>> {
        Sqlite::search_newest(self, q, excluded, limit)
    }
    fn defer_index(&mut self, deferred: bool) {
        Sqlite::defer_index(self, deferred)
    }
    fn row(&self, id: i64) -> Result<Row> {
        Sqlite::row(self, id)
    }
    fn recent_of_site(&self, group: &str, limit: usize) -> Result<Vec<Vec<String>>> {
        Sqlite::recent_of_site(self, group, limit)
    }
    fn counts(&self) -> Result<Counts> {
        Sqlite::counts(self)
    }
    fn article(&self, id: i64) -> Result<Article> {
        Sqlite::article(self, id)
    }
    fn body_text(&self, id: i64) -> Result<String> {
        Sqlite::body_text(self, id)
    }
    fn search_text(&self, q: &TextQuery) -> Result<Vec<(i64, f64)>> {
        Sqlite::search_text(self, q)
    }
    fn search_ids(&self, q: &TextQuery) -> Result<Vec<i64>> {
        Sqlite::search_ids(self, q)
    }
    fn unindexed(&self) -> Result<usize> {
        Sqlite::unindexed(self)
    }
    fn index_pending(&mut self, max: usize) -> Result<IndexProgress> {
        Sqlite::index_pending(self, max)
    }
    fn reindex(&mut self) -> Result<usize> {
        Sqlite::reindex(self)
    }
    fn tags(&self) -> Result<Vec<(String, usize)>> {
        Sqlite::tags(self)
    }
    fn note(&self, id: i64) -> Result<Option<String>> {
        Sqlite::note(self, id)
    }
    fn cached_facts(&self, id: i64, extractor_version: u32) -> Result<Option<String>> {
        Sqlite::cached_facts(self, id, extractor_version)
    }
    fn put_facts(&mut self, id: i64, extractor_version: u32, json: &str) -> Result<()> {
        Sqlite::put_facts(self, id, extractor_version, json)
    }
    fn put_facts_many(
        &mut self,
        extractor_version: u32,
        entries: &[(i64, String)],
    ) -> Result<usize> {
        Sqlite::put_facts_many(self, extractor_version, entries)
    }
    fn apply(&mut self, change: &Change) -> Result<Change> {
        Sqlite::apply(self, change)
    }
    fn ignore(&mut self, rule: &str, ids: &[i64]) -> Result<usize> {
        Sqlite::ignore(self, rule, ids)
    }
    fn ignored_counts(&self) -> Result<Vec<(String, usize)>> {
        Sqlite::ignored_counts(self)
    }
    fn reader(&self) -> Result<Store> {
        Sqlite::reader(self)
    }
    fn is_read_only(&self) -> bool {
        Sqlite::is_read_only(self)
    }
    fn read_only_reason(&self) -> Option<&str> {
        Sqlite::read_only_reason(self)
    }
    fn location(&self) -> &Location {
        Sqlite::location(self)
    }
}

/// An open store: a backend behind the interface.
#[derive(Debug)]
pub struct Store(Box<dyn Backend>);

impl Store {
    /// Opens (creating if need be) the store at `loc`. Folders are created; the database is
    /// put in WAL mode and migrated to [`schema::LATEST`]. This fails only when nothing at all
    /// can be opened: a read-only file or folder, a lock held by another program, a second
    /// akhbar on the same file or a database made by a newer akhbar all give a read-only store
    /// with the reason in [`Opened::read_only`]; a damaged file is moved aside (never
    /// overwritten or deleted), a fresh store is made and a notice names the new path.
    /// The handle acts as [`user::default_name`] (`$AKHBAR_USER`, else the login name); see
    /// [`Store::open_as`].
    pub fn open(loc: &Location) -> Result<Opened> {
        open::open(loc, &user::default_name())
    }

    /// [`Store::open`] acting as `user`: the handle starts as that user ([`Store::set_user`]),
    /// and a store made before users (schema 6 or older) gives that user its existing read,
    /// starred and archived marks and becomes the author of its tags and notes.
    pub fn open_as(loc: &Location, user: &str) -> Result<Opened> {
        user::check(user).map_err(|problem| Error::InvalidUser {
            name: user.to_string(),
            problem,
        })?;
        open::open(loc, user)
    }

    pub fn new(backend: impl Backend + 'static) -> Store {
        Store(Box::new(backend))
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;
    fn deref(&self) -> &(dyn Backend + 'static) {
        self.0.as_ref()
    }
}

impl std::ops::DerefMut for Store {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        self.0.as_mut()
    }
}
