//! The team store: the same store on a PostgreSQL server, chosen by `--store postgres://…`
//! (or `postgresql://…`, or `AKHBAR_STORE`). Every method keeps the contract of the SQLite
//! backend's method of the same name; the schema ([`schema`]) mirrors SQLite's, with the
//! server's own types (booleans, `bytea`, `tsvector`).
//!
//! Why the blocking `postgres` crate: the store interface is synchronous (the dashboard calls
//! it from worker threads, the commands straight from `main`), and `postgres` is the blocking
//! face of `tokio-postgres`, so each call is one round trip with no runtime of ours to thread
//! through. sqlx would bring its own SQLite driver, and the SQLite backend keeps rusqlite.
//!
//! Concurrency: every write is one transaction ([`Postgres::write`]). One that changes what a
//! view shows ends by bumping the one-row `store_version` (what [`Postgres::data_version`]
//! reads) and sending `NOTIFY akhbar` with whom it concerns ([`Audience`]), which the
//! dashboards' watches ([`listen`]) hear at once; identity rules are unique keys, so two importers or two refreshes of one
//! feed store each article once (`ON CONFLICT DO NOTHING`, never check-then-insert).

mod export;
mod feeds;
mod import;
mod index;
mod listen;
mod query;
mod recent;
pub mod schema;
mod tls;
mod triage;
mod unnamed;
mod url;

pub use url::{is_url, PgUrl};

use super::{Error, Location, Opened, Result, Store};
use postgres::{Client, Transaction};
use std::cell::{Cell, RefCell, RefMut};
use unnamed::Unnamed;

/// How long a statement waits for a row lock another connection holds (a triage key must not
/// hang the screen): then [`Error::Busy`].
const LOCK_TIMEOUT: &str = "2s";

/// The channel every write notifies.
pub const CHANNEL: &str = "akhbar";

/// Whom a write concerns: who should see it at once, and so what its `NOTIFY` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    /// Every dashboard: new articles, a refresh, shared tags and notes, an ignore rule's
    /// archive. Notified with no payload.
    Everyone,
    /// Only the user of this id: their own read, star or archive marks. Notified with
    /// [`Audience::payload`].
    User(i64),
    /// No view shows it (the search index, cached facts, a feed's validators, a new user):
    /// neither counted in `store_version` nor notified, so no dashboard reads its view again.
    Nobody,
}

impl Audience {
    /// The NOTIFY payload.
    pub(crate) fn payload(self) -> String {
        match self {
            Audience::Everyone | Audience::Nobody => String::new(),
            Audience::User(id) => format!("u{id}"),
        }
    }
}

/// The PostgreSQL backend: one connection. Not `Sync`: one thread uses it at a time;
/// [`Postgres::reader`] gives another thread its own connection.
pub struct Postgres {
    client: RefCell<Client>,
    url: PgUrl,
    location: Location,
    /// The URL without its password: the store's name in messages.
    name: String,
    read_only: Option<String>,
    user: String,
    user_id: Option<i64>,
    /// How many times this connection's own commits bumped `store_version`.
    own_writes: Cell<i64>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres")
            .field("store", &self.name)
            .field("read_only", &self.read_only)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// Maps a client error to the store's error, naming the store.
pub(crate) fn classify(store: &str, e: postgres::Error) -> Error {
    let store = store.to_string();
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let message = db.message().to_string();
        return match code {
            "25006" => Error::ReadOnly {
                store,
                reason: message,
            },
            "53100" => Error::DiskFull { store },
            "55P03" | "40001" | "40P01" => Error::Busy { store },
            c if c.starts_with("28") || c.starts_with("08") || c.starts_with("57P") => {
                Error::Unavailable { store, message }
            }
            _ => Error::Server { store, message },
        };
    }
    if e.is_closed() {
        return Error::Unavailable {
            store,
            message: "the connection was closed".into(),
        };
    }
    // A client-side failure (a value the server's type cannot take): a bug, not an outage.
    let mut message = e.to_string();
    if let Some(source) = std::error::Error::source(&e) {
        message.push_str(&format!(": {source}"));
    }
    if e.to_string().starts_with("error serializing")
        || e.to_string().starts_with("error deserializing")
    {
        return Error::Server {
            store,
            message: one_line(&message),
        };
    }
    Error::Unavailable {
        store,
        message: one_line(&message),
    }
}

/// Whether a failed connection failed in its TLS handshake (a certificate refused, or a
/// server without TLS under `require`): the client library's words for it.
fn is_tls_failure(e: &postgres::Error) -> bool {
    let text = e.to_string();
    text.contains("TLS handshake") || text.contains("server does not support TLS")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `result.or_fail(store)`: a client error as the store's error.
pub(crate) trait OrFail<T> {
    fn or_fail(self, store: &str) -> Result<T>;
}

impl<T> OrFail<T> for std::result::Result<T, postgres::Error> {
    fn or_fail(self, store: &str) -> Result<T> {
        self.map_err(|e| classify(store, e))
    }
}

/// Connects (over TLS as the URL's `sslmode` says) and sets the session up: UTC for any time
/// the server shows.
fn connect(url: &PgUrl) -> Result<Client> {
    let name = url.redacted();
    let bad_url = |message| Error::Server {
        store: name.clone(),
        message,
    };
    let (config, tls) = url.config().map_err(bad_url)?;
    let connected = match tls::connector(&tls).map_err(bad_url)? {
        None => config.connect(postgres::NoTls),
        Some(tls) => config.connect(tls),
    };
    let mut client = connected.map_err(|e| {
        let refused_tls = is_tls_failure(&e);
        match classify(&name, e) {
            Error::Unavailable { store, message } if message.contains("password missing") => {
                Error::Unreachable {
                    store,
                    message: "the server asks for a password: give it in the URL, \
                          PGPASSWORD or ~/.pgpass"
                        .into(),
                }
            }
            Error::Unavailable { store, message } if message.contains("password") => {
                Error::Unreachable {
                    store,
                    message: format!("the server refused the login: {message}"),
                }
            }
            Error::Unavailable { store, message } if refused_tls => {
                let message = match &tls.root {
                    Some(root) if message.contains("UnknownIssuer") => format!(
                        "the server's certificate is not signed by a root in {root}: {message}"
                    ),
                    _ => message,
                };
                Error::Unreachable {
                    store,
                    message: format!("TLS (sslmode={}): {message}", tls.mode.name()),
                }
            }
            Error::Unavailable { store, message } => Error::Unreachable { store, message },
            other => other,
        }
    })?;
    // Only what a connection pooler in transaction mode carries from one server connection
    // to the next (PgBouncer tracks TimeZone): any other session setting would stay on
    // whichever server connection ran it, for the next client, and be missing on the others.
    // So the lock timeout is set in each write's transaction ([`Postgres::write_then`]), and a
    // read-only handle is refused its writes here in the client ([`Postgres::writable`]) rather
    // than by `default_transaction_read_only`.
    client
        .batch_execute("SET TimeZone = 'UTC'")
        .or_fail(&name)?;
    Ok(client)
}

/// Opens the database at `url` acting as `user` (already checked): connects, runs the missing
/// migrations and makes the user on first sight. A database made by a newer akhbar opens
/// read-only; a server that cannot be reached, or refuses the login, is an error.
pub(super) fn open(url: &PgUrl, user: &str) -> Result<Opened> {
    let name = url.redacted();
    let mut client = connect(url)?;
    let mut notices = Vec::new();
    let found = schema::migrate(&mut client).or_fail(&name)?;
    let mut read_only = None;
    if found > schema::LATEST {
        read_only = Some(format!(
            "it was made by a newer akhbar (schema {found}, this one knows {})",
            schema::LATEST
        ));
    } else if found > 0 && found < schema::LATEST {
        notices.push(format!(
            "{name}: upgraded from schema {found} to {}",
            schema::LATEST
        ));
    }
    let mut pg = Postgres {
        client: RefCell::new(client),
        url: url.clone(),
        location: Location::Postgres(url.clone()),
        name,
        read_only: read_only.clone(),
        user: user.to_string(),
        user_id: None,
        own_writes: Cell::new(0),
    };
    pg.set_user(user)?;
    Ok(Opened {
        store: Store::new(pg),
        read_only,
        notices,
    })
}

impl Postgres {
    /// The connection, made again first when the server closed it (a restart, a dropped
    /// network): a session survives the server going away and coming back.
    fn db(&self) -> Result<RefMut<'_, Client>> {
        let mut client = self.client.borrow_mut();
        if client.is_closed() {
            *client = connect(&self.url).map_err(|e| match e {
                // Mid-session, a server still away is an outage to wait out, not a bad URL.
                Error::Unreachable { store, message } => Error::Unavailable { store, message },
                other => other,
            })?;
        }
        Ok(client)
    }

    /// Runs `work` in one transaction, committed before this returns, that also bumps
    /// `store_version` and notifies [`CHANNEL`] unless it concerns [`Audience::Nobody`]; on
    /// an error nothing is changed.
    fn write<T>(
        &self,
        audience: Audience,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_then(|_| audience, work)
    }

    /// [`Postgres::write`] whose audience depends on what `work` did (an import that added
    /// nothing concerns no one).
    fn write_then<T>(
        &self,
        audience: impl FnOnce(&T) -> Audience,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let name = &self.name;
        let mut db = self.db()?;
        let mut tx = db.transaction().or_fail(name)?;
        tx.batch_execute(&format!("SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            .or_fail(name)?;
        let out = work(&mut tx)?;
        let audience = audience(&out);
        if audience != Audience::Nobody {
            // Last, so the row lock that orders writers is held only for the commit.
            // One round trip; the payload is made of digits only.
            tx.batch_execute(&format!(
                "UPDATE store_version SET n = n + 1; NOTIFY {CHANNEL}, '{}'",
                audience.payload()
            ))
            .or_fail(name)?;
        }
        tx.commit().or_fail(name)?;
        if audience != Audience::Nobody {
            self.own_writes.set(self.own_writes.get() + 1);
        }
        Ok(out)
    }

    fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(reason) => Err(Error::ReadOnly {
                store: self.name.clone(),
                reason: reason.clone(),
            }),
        }
    }

    /// The user's id for a user parameter: -1 (no one) when the store does not know them.
    fn user_param(&self) -> i64 {
        self.user_id.unwrap_or(-1)
    }

    /// Acts as `name` from now on (made on first sight); see [`Store::set_user`].
    pub fn set_user(&mut self, name: &str) -> Result<()> {
        super::user::check(name).map_err(|problem| Error::InvalidUser {
            name: name.to_string(),
            problem,
        })?;
        let find = "SELECT id FROM users WHERE name = $1";
        let store = self.name.clone();
        let mut id: Option<i64> = self
            .db()?
            .read_opt(find, &[&name])
            .or_fail(&store)?
            .map(|r| r.get(0));
        if id.is_none() && self.read_only.is_none() {
            id = Some(self.write(Audience::Nobody, |tx| {
                // The new user's marks come from the users trigger, which sees the articles
                // committed when it runs, and an importer's from the articles trigger, which
                // sees the users committed when it runs: an import committing meanwhile
                // would leave this user without marks for its articles. This lock waits for
                // the imports under way to commit, and holds new ones until this commits.
                tx.batch_execute("LOCK TABLE articles IN SHARE MODE")
                    .or_fail(&store)?;
                // Another process may make the same user meanwhile: then this finds theirs.
                tx.execute(
                    "INSERT INTO users (name, created) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    &[&name, &super::now_secs()],
                )
                .or_fail(&store)?;
                Ok(tx.query_one(find, &[&name]).or_fail(&store)?.get(0))
            })?);
        }
        self.user = name.to_string();
        self.user_id = id;
        Ok(())
    }

    /// Another connection to the same database, read-only, for a background thread.
    pub fn reader(&self) -> Result<Store> {
        let client = connect(&self.url)?;
        Ok(Store::new(Postgres {
            client: RefCell::new(client),
            url: self.url.clone(),
            location: self.location.clone(),
            name: self.name.clone(),
            read_only: Some("a second connection, for reading only".into()),
            user: self.user.clone(),
            user_id: self.user_id,
            own_writes: Cell::new(0),
        }))
    }

    /// A number that changes when another connection commits something a view shows (not
    /// [`Audience::Nobody`]); this connection's own commits do not change it.
    pub fn data_version(&self) -> Result<i64> {
        let n: i64 = self
            .db()?
            .read_one("SELECT n FROM store_version", &[])
            .or_fail(&self.name)?
            .get(0);
        Ok(n - self.own_writes.get())
    }
}

impl super::Backend for Postgres {
    fn export(
        &self,
        view: super::View,
        tag: Option<&str>,
        format: super::ExportFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        Postgres::export(self, view, tag, format, out)
    }
    fn feed_id(&mut self, url: &str) -> Result<i64> {
        Postgres::feed_id(self, url)
    }
    fn feeds(&self) -> Result<Vec<super::FeedState>> {
        Postgres::feeds(self)
    }
    fn feed(&self, url: &str) -> Result<Option<super::FeedState>> {
        Postgres::feed(self, url)
    }
    fn store_feed(&mut self, feed_id: i64, update: &super::FeedUpdate) -> Result<super::FeedStats> {
        Postgres::store_feed(self, feed_id, update)
    }
    fn feed_not_modified(
        &mut self,
        feed_id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        Postgres::feed_not_modified(self, feed_id, etag, last_modified)
    }
    fn feed_failed(&mut self, feed_id: i64, error: &str) -> Result<()> {
        Postgres::feed_failed(self, feed_id, error)
    }
    fn needs_full_text(&self, id: i64) -> Result<bool> {
        Postgres::needs_full_text(self, id)
    }
    fn put_full_text(&mut self, id: i64, paragraphs: &[crate::model::Paragraph]) -> Result<()> {
        Postgres::put_full_text(self, id, paragraphs)
    }
    fn full_text(&self, id: i64) -> Result<Option<Vec<crate::model::Paragraph>>> {
        Postgres::full_text(self, id)
    }
    fn import(&mut self, articles: &[crate::model::Article]) -> Result<super::ImportStats> {
        Postgres::import(self, articles)
    }
    fn import_jsonl(
        &mut self,
        path: &std::path::Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<super::ImportStats> {
        Postgres::import_jsonl(self, path, progress)
    }
    fn rows(
        &self,
        view: super::View,
        after: Option<&super::RowKey>,
        limit: usize,
    ) -> Result<Vec<super::Row>> {
        Postgres::rows(self, view, after, limit)
    }
    fn all_rows(
        &self,
        view: super::View,
        batch: usize,
        sink: &mut dyn FnMut(Vec<super::Row>),
    ) -> Result<()> {
        Postgres::all_rows(self, view, batch, sink)
    }
    fn row(&self, id: i64) -> Result<super::Row> {
        Postgres::row(self, id)
    }
    fn dates_of(&self, ids: &[i64]) -> Result<Vec<Option<Option<chrono::NaiveDate>>>> {
        Postgres::dates_of(self, ids)
    }
    fn newest_date(&self, view: super::View) -> Result<Option<chrono::NaiveDate>> {
        Postgres::newest_date(self, view)
    }
    fn counts(&self) -> Result<super::Counts> {
        Postgres::counts(self)
    }
    fn article(&self, id: i64) -> Result<crate::model::Article> {
        Postgres::article(self, id)
    }
    fn body_text(&self, id: i64) -> Result<String> {
        Postgres::body_text(self, id)
    }
    fn recent_of_site(&self, group: &str, limit: usize) -> Result<Vec<Vec<String>>> {
        Postgres::recent_of_site(self, group, limit)
    }
    fn search_text(&self, q: &crate::model::TextQuery) -> Result<Vec<(i64, f64)>> {
        Postgres::search_text(self, q)
    }
    fn search_ids(&self, q: &crate::model::TextQuery) -> Result<Vec<i64>> {
        Postgres::search_ids(self, q)
    }
    fn unindexed(&self) -> Result<usize> {
        Postgres::unindexed(self)
    }
    fn index_pending(&mut self, max: usize) -> Result<super::IndexProgress> {
        Postgres::index_pending(self, max)
    }
    fn reindex(&mut self) -> Result<usize> {
        Postgres::reindex(self)
    }
    fn tags(&self) -> Result<Vec<(String, usize)>> {
        Postgres::tags(self)
    }
    fn note(&self, id: i64) -> Result<Option<String>> {
        Postgres::note(self, id)
    }
    fn note_entry(&self, id: i64) -> Result<Option<super::Note>> {
        Postgres::note_entry(self, id)
    }
    fn cached_facts(&self, id: i64, extractor_version: u32) -> Result<Option<String>> {
        Postgres::cached_facts(self, id, extractor_version)
    }
    fn put_facts(&mut self, id: i64, extractor_version: u32, json: &str) -> Result<()> {
        Postgres::put_facts(self, id, extractor_version, json)
    }
    fn put_facts_many(
        &mut self,
        extractor_version: u32,
        entries: &[(i64, String)],
    ) -> Result<usize> {
        Postgres::put_facts_many(self, extractor_version, entries)
    }
    fn apply(&mut self, change: &super::Change) -> Result<super::Change> {
        Postgres::apply(self, change)
    }
    fn ignore(&mut self, rule: &str, ids: &[i64]) -> Result<usize> {
        Postgres::ignore(self, rule, ids)
    }
    fn ignored_counts(&self) -> Result<Vec<(String, usize)>> {
        Postgres::ignored_counts(self)
    }
    fn reader(&self) -> Result<Store> {
        Postgres::reader(self)
    }
    fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }
    fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
    fn location(&self) -> &Location {
        &self.location
    }
    fn data_version(&self) -> Result<i64> {
        Postgres::data_version(self)
    }
    fn set_user(&mut self, name: &str) -> Result<()> {
        Postgres::set_user(self, name)
    }
    fn user(&self) -> &str {
        &self.user
    }
    fn watch(&self, wake: Box<dyn super::Wake>) -> Result<bool> {
        Ok(listen::spawn(self.url.clone(), self.user_id, wake))
    }
}
