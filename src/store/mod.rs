//! The store: articles, their bodies, sources, feeds, triage state (read, starred, archived,
//! tags, notes), users and cached facts in one SQLite file, shared by the dashboard and every
//! subcommand. Read, starred and archived are per user: a handle acts as one user
//! ([`Store::set_user`]) and every triage read and write on it is that user's; tags and notes
//! are shared by everyone and remember who wrote them. Triage is the user's data: every change is committed (WAL, `synchronous=FULL`)
//! before [`Store::apply`] returns, and a store that cannot be written opens read-only with a
//! one-line reason instead of failing.
//!
//! Who uses what: this module uses [`crate::model`] and [`crate::ingest`]'s JSON Lines reader;
//! nothing here knows about terminals or async runtimes.
//!
//! Views (what the list shows; see [`View`]):
//! - **Unread** (the default): not read and not archived.
//! - **Starred**: every starred article, archived or not (a star is an explicit "keep").
//! - **Archived**: every archived article.
//! - **All**: every article, archived ones included, so `export --view all` is a full backup.
//!
//! Rows come newest first: by publication day descending (articles without a date last), then
//! by store id descending (the newer import first), and page by keyset ([`RowKey`]).

mod backend;
mod error;
mod export;
mod feeds;
mod hash;
mod ignored;
mod import;
mod index;
mod open;
pub mod pg;
mod query;
mod recent;
mod salvage;
pub mod schema;
mod shared;
#[cfg(test)]
mod tests;
mod triage;
pub mod user;
mod watch;

pub use backend::{Backend, Store};
pub use error::{Error, Result};
pub use export::ExportFormat;
pub use feeds::{FeedState, FeedStats, FeedUpdate};
pub use import::{ImportStats, MAX_WARNINGS};
pub use index::IndexProgress;
pub use shared::{Extractor, Shared};
pub use triage::{Change, Note, Op, Step, MAX_NOTE_CHARS, MAX_TAG_CHARS};
pub use watch::{Push, Wake};

use crate::model::{ArticleId, Direction, Lang};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Where a store lives: a file (`--store PATH`), memory only (`--store :memory:`), a
/// session that writes nothing to disk, or a PostgreSQL database (`--store postgres://…`,
/// the team store; see [`pg`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Memory,
    Postgres(pg::PgUrl),
}

/// The spelling of [`Location::Memory`] on the command line and in `AKHBAR_STORE`.
pub const MEMORY: &str = ":memory:";

impl Location {
    /// `:memory:` is the in-memory store, a `postgres://` or `postgresql://` URL (any case of
    /// the scheme) a PostgreSQL database; anything else is a file path.
    pub fn parse(arg: impl AsRef<OsStr>) -> Location {
        let arg = arg.as_ref();
        if arg == MEMORY {
            return Location::Memory;
        }
        if let Some(url) = arg.to_str().filter(|a| pg::is_url(a)) {
            return Location::Postgres(pg::PgUrl::new(url));
        }
        Location::File(PathBuf::from(arg))
    }

    /// The store to use: the `--store` flag when given, else [`default_path`]. `None` only
    /// when there is no flag, no `AKHBAR_STORE` and no home folder to put the store in.
    pub fn resolve(flag: Option<&OsStr>) -> Option<Location> {
        match flag {
            Some(arg) => Some(Location::parse(arg)),
            None => default_path().map(Location::parse),
        }
    }

    /// How the store is named in messages: its path, `:memory:`, or the database's URL with
    /// any password taken out.
    pub fn display(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Memory => MEMORY.to_string(),
            Location::Postgres(url) => url.redacted(),
        }
    }
}

/// The default store path: `$AKHBAR_STORE` (which may be `:memory:`), else
/// `$XDG_DATA_HOME/akhbar/akhbar.db` (an absolute `XDG_DATA_HOME` only, as the XDG spec asks),
/// else `$HOME/.local/share/akhbar/akhbar.db`. Empty variables count as unset.
pub fn default_path() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = var("AKHBAR_STORE") {
        return Some(PathBuf::from(path));
    }
    let data = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|home| Path::new(&home).join(".local/share")))?;
    Some(data.join("akhbar").join("akhbar.db"))
}

/// The SQLite backend: one file. Not `Sync`: one thread uses it at a time; [`Store::reader`] gives another
/// thread its own read-only connection to the same database.
pub struct Sqlite {
    // Declared before `lock` so the connection closes before the writer lock is released.
    conn: Connection,
    location: Location,
    /// The store's name in messages (its path or `:memory:`).
    name: String,
    /// Why writes are refused, if they are.
    read_only: Option<String>,
    /// The URI that opens the in-memory database again, for [`Store::reader`].
    memory_uri: Option<String>,
    /// The user this handle acts as, and their id; `None` only on a read-only store that has
    /// never seen the user (who then has no marks: everything unread, nothing starred).
    user: String,
    user_id: Option<i64>,
    /// Imports put new articles in line for the full-text index (`search_pending`) instead
    /// of indexing them in their transaction (see [`Sqlite::defer_index`]).
    defer_index: bool,
}

impl std::fmt::Debug for Sqlite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sqlite")
            .field("location", &self.location)
            .field("read_only", &self.read_only)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// What [`Store::open`] gives: the store, and what the user should be told about it.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    /// Why the store is read-only, in one line, or `None` when it can be written.
    pub read_only: Option<String>,
    /// One-line notices to show once (e.g. a damaged database moved aside, a migration run).
    pub notices: Vec<String>,
}

impl Sqlite {
    /// Another connection to the same database, read-only, for a background thread (for
    /// example to stream [`Store::all_rows`] while this one applies triage).
    pub fn reader(&self) -> Result<Store> {
        open::reader(self)
    }

    /// Writes are refused (see [`Store::read_only_reason`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Why writes are refused, in one line.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Acts as `name` from now on: every triage read and write on this handle is that user's.
    /// The user is made on first sight (a read-only store that does not know them shows
    /// everything unread and refuses writes anyway). A name that is not valid
    /// ([`user::check`]) is refused and the handle keeps its user.
    pub fn set_user(&mut self, name: &str) -> Result<()> {
        user::check(name).map_err(|problem| Error::InvalidUser {
            name: name.to_string(),
            problem,
        })?;
        let find = "SELECT id FROM users WHERE name = ?1";
        let mut id: Option<i64> = self
            .conn
            .query_row(find, [name], |r| r.get(0))
            .optional()
            .map_err(self.fail())?;
        if id.is_none() && self.read_only.is_none() {
            let store = &self.name;
            let fail = |e| error::classify(store, e);
            let tx = write_tx(&mut self.conn, store)?;
            // Another handle may make the same user meanwhile: then this finds theirs.
            tx.execute(
                "INSERT INTO users (name, created) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                rusqlite::params![name, now_secs()],
            )
            .map_err(fail)?;
            id = Some(tx.query_row(find, [name], |r| r.get(0)).map_err(fail)?);
            tx.commit().map_err(fail)?;
        }
        self.user = name.to_string();
        self.user_id = id;
        Ok(())
    }

    /// The user this handle acts as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The user's id for a `:user` parameter: -1 (no one) when the store does not know them.
    fn user_param(&self) -> i64 {
        self.user_id.unwrap_or(-1)
    }

    /// Maps a SQLite error to the store's error, naming this store.
    fn fail(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |e| error::classify(&self.name, e)
    }

    /// `Ok` when the store may be written, else the read-only error with its reason.
    fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(reason) => Err(Error::ReadOnly {
                store: self.name.clone(),
                reason: reason.clone(),
            }),
        }
    }
}

/// A write transaction that takes the write lock up front (IMMEDIATE): another writer makes
/// this one wait, up to the busy timeout, rather than fail half-way, and a busy store fails
/// before any work is done.
fn write_tx<'c>(conn: &'c mut Connection, name: &str) -> Result<rusqlite::Transaction<'c>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| error::classify(name, e))
}

/// Which articles the list shows; see the module docs for the exact rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Unread,
    Starred,
    Archived,
    All,
}

impl View {
    pub const EVERY: [View; 4] = [View::Unread, View::Starred, View::Archived, View::All];

    /// The name used by `--view` and in the status bar.
    pub fn name(self) -> &'static str {
        match self {
            View::Unread => "unread",
            View::Starred => "starred",
            View::Archived => "archived",
            View::All => "all",
        }
    }

    /// Parses a `--view` value (`unread`, `starred`, `archived`, `all`; any case).
    pub fn parse(name: &str) -> Option<View> {
        View::EVERY
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether a row belongs in this view: the rule of its scope's condition, in Rust.
    pub fn holds(self, r: &Row) -> bool {
        match self {
            View::Unread => !r.read && !r.archived,
            View::Starred => r.starred,
            View::Archived => r.archived,
            View::All => true,
        }
    }

    /// How to read this view for the user bound to `:user`; `known` is false for a user the
    /// store has never seen (read-only), who has no marks.
    fn scope(self, known: bool) -> Scope {
        // Unread, starred and archived walk the user's partial index on `marks` (CROSS JOIN
        // keeps SQLite from starting at `articles`); all walks `articles_all` and finds the
        // user's marks by primary key.
        let marked = |condition| Scope {
            from: "marks m CROSS JOIN articles a ON a.id = m.article_id \
                   LEFT JOIN sources s ON s.id = a.source_id",
            condition,
            key: "(m.day, m.article_id)",
            order: "m.day DESC, m.article_id DESC",
        };
        let every = |condition| Scope {
            from: "articles a LEFT JOIN marks m ON m.article_id = a.id AND m.user_id = :user \
                   LEFT JOIN sources s ON s.id = a.source_id",
            condition,
            key: "(a.day, a.id)",
            order: "a.day DESC, a.id DESC",
        };
        match (self, known) {
            (View::All, _) | (View::Unread, false) => every("1"),
            (View::Starred | View::Archived, false) => every("0"),
            (View::Unread, true) => marked(MARKS_UNREAD),
            (View::Starred, true) => marked(MARKS_STARRED),
            (View::Archived, true) => marked(MARKS_ARCHIVED),
        }
    }
}

// Each written exactly as the WHERE clause of its partial index in [`schema`] (after the
// user), so SQLite uses that index for the list's queries and counts.
const MARKS_UNREAD: &str = "m.user_id = :user AND m.read = 0 AND m.archived = 0";
const MARKS_STARRED: &str = "m.user_id = :user AND m.starred = 1";
const MARKS_ARCHIVED: &str = "m.user_id = :user AND m.archived = 1";

/// A view's list as SQL pieces: `SELECT .. FROM {from} WHERE {condition} AND {key} < (..)
/// ORDER BY {order}`; the statement binds `:user`. `articles a`, `marks m` (the user's;
/// NULL columns for a user the store does not know) and `sources s` are joined.
struct Scope {
    from: &'static str,
    condition: &'static str,
    key: &'static str,
    order: &'static str,
}

/// One line of the list: everything but the body. `id` is the store's id (stable for the
/// life of the store), `key` the article's own id from its source (not unique: two folders
/// may both hold `001.txt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub key: ArticleId,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
    pub lang: Lang,
    pub dir: Direction,
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
    /// Sorted by name.
    pub tags: Vec<String>,
    pub has_note: bool,
}

/// A position in a view's order, for keyset pagination: [`Store::rows`] after a key returns
/// the rows that come after the row it was made from. Opaque; make one with `RowKey::from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowKey {
    day: i64,
    id: i64,
}

impl From<&Row> for RowKey {
    fn from(row: &Row) -> RowKey {
        RowKey {
            day: schema::day_of(row.date),
            id: row.id,
        }
    }
}

/// How many articles each view holds, for the status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub all: usize,
    pub unread: usize,
    pub starred: usize,
    pub archived: usize,
}

impl Counts {
    pub fn of(&self, view: View) -> usize {
        match view {
            View::Unread => self.unread,
            View::Starred => self.starred,
            View::Archived => self.archived,
            View::All => self.all,
        }
    }
}

/// Seconds since the Unix epoch, for `added_at` and `updated_at` columns.
fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}
