//! The store's typed errors. Each names the store and reads as one line the dashboard can put
//! in its status bar; the SQLite failures a user can meet (full disk, a lock, a read-only
//! file, damage) get their own variants so callers can react to them.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{store} is read-only ({reason}): nothing was changed")]
    ReadOnly { store: String, reason: String },
    #[error("{store}: the disk is full; the change was not saved (what was saved before is safe)")]
    DiskFull { store: String },
    #[error("{store} is locked by another program; the change was not saved, try again")]
    Busy { store: String },
    #[error("{store} is damaged: {message}")]
    Corrupt { store: String, message: String },
    #[error("{store}: {source}")]
    Sqlite {
        store: String,
        #[source]
        source: rusqlite::Error,
    },
    /// PostgreSQL refused a statement (the server's message, one line).
    #[error("{store}: {message}")]
    Server { store: String, message: String },
    /// A session's PostgreSQL server went away (a restart, a dropped network): nothing was
    /// changed, and the next call connects again.
    #[error("store: reconnecting… ({store}: {message}); nothing was changed")]
    Unavailable { store: String, message: String },
    /// The PostgreSQL server cannot be reached, or refused the login, when the store opens.
    #[error("{store}: cannot connect to the server ({message})")]
    Unreachable { store: String, message: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no article with id {0} in the store")]
    NoSuchArticle(i64),
    #[error("tag {name:?}: {problem}")]
    InvalidTag { name: String, problem: &'static str },
    #[error("bad user name {name:?}: {problem}")]
    InvalidUser { name: String, problem: &'static str },
    #[error("the note is {len} characters, over the limit of {limit}")]
    NoteTooLong { len: usize, limit: usize },
    /// Reading an import's input failed (a missing file, a corpus with no valid record).
    #[error(transparent)]
    Ingest(#[from] crate::error::Error),
    #[error("cannot write the export: {0}")]
    Write(#[source] std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Sorts a SQLite failure into the variant a user can act on.
pub(super) fn classify(store: &str, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    let store = store.to_string();
    match e.sqlite_error_code() {
        Some(C::DiskFull) => Error::DiskFull { store },
        Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy { store },
        Some(C::ReadOnly) => Error::ReadOnly {
            store,
            reason: "the file or its folder cannot be written".into(),
        },
        Some(C::DatabaseCorrupt | C::NotADatabase) => Error::Corrupt {
            store,
            message: e.to_string(),
        },
        _ => Error::Sqlite { store, source: e },
    }
}

/// The code of a SQLite failure, if it is one.
pub(super) fn code(e: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    e.sqlite_error_code()
}
