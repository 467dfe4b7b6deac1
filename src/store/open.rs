//! Opening a store so that a session always starts: a read-only file or folder, a lock held
//! by another program, a second akhbar or a newer schema give a read-only store with the
//! reason; a damaged file is moved aside (never overwritten) and a fresh store made; only
//! when nothing can be opened at all does the session get an empty, read-only store in memory.

use super::error::{classify, code};
use super::{salvage, schema, Error, Location, Opened, Result, Sqlite, Store};
use rusqlite::{Connection, ErrorCode, OpenFlags, MAIN_DB};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a statement waits for another connection's lock. Short, because a triage key must
/// not hang the screen; a lock held longer than this means another program is writing, and the
/// caller gets [`Error::Busy`] to show.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

const LOCKED: &str = "another program holds a write lock on it";

/// Opens the store at `loc` acting as `user` (already checked): an older store's marks go to
/// that user, and the handle starts as that user ([`Sqlite::set_user`]).
pub(super) fn open(loc: &Location, user: &str) -> Result<Opened> {
    let mut opened = match loc {
        Location::Memory => Opened {
            store: Store::new(memory(Location::Memory, None, user)?),
            read_only: None,
            notices: Vec::new(),
        },
        Location::File(path) => open_file(path, user)?,
        // The server's backend opens itself and starts as `user`.
        Location::Postgres(url) => return super::pg::open(url, user),
    };
    opened.store.set_user(user)?;
    Ok(opened)
}

/// An in-memory database on SQLite's `memdb` VFS: a name starting with `/` lets
/// [`reader`] open a second connection to the same data, which plain `:memory:` cannot.
pub(super) fn memory(location: Location, read_only: Option<String>, user: &str) -> Result<Sqlite> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let uri = format!("file:/akhbar-{}-{n}?vfs=memdb", std::process::id());
    let name = location.display();
    let fail = |e| classify(&name, e);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(&uri, flags).map_err(fail)?;
    configure(&conn).map_err(fail)?;
    schema::migrate(&mut conn, user).map_err(fail)?;
    if read_only.is_some() {
        conn.pragma_update(None, "query_only", true).map_err(fail)?;
    }
    Ok(Sqlite {
        conn,
        location,
        name,
        read_only,
        memory_uri: Some(uri),
        user: user.to_string(),
        user_id: None,
        defer_index: false,
    })
}

fn open_file(path: &Path, user: &str) -> Result<Opened> {
    let name = path.display().to_string();
    let fail = |e| classify(&name, e);
    let mut notices = Vec::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            if !path.exists() {
                let why = format!("cannot create the folder {}: {e}", dir.display());
                return fallback(path, why, notices, user);
            }
        }
    }
    // No lock of our own: any number of akhbar processes (dashboards, a cron `fetch`, an
    // `import`) share the file. WAL lets readers run beside the one writer, the busy timeout
    // queues writers, and every write is one short transaction.
    let mut reason: Option<String> = None;
    // A file that is not SQLite at all is moved aside before SQLite opens it: SQLite would
    // delete (or checkpoint into it) a `-wal` file lying beside it.
    let foreign = foreign_header(path);
    // A file that is not SQLite at all has nothing to salvage.
    let salvageable = foreign.is_none();
    let opened = match foreign {
        Some(header) => Err(header),
        None => connect(path, reason.is_none()).and_then(check_pages),
    };
    // The damaged file moved aside, to salvage from once the fresh store is made.
    let mut damaged: Option<PathBuf> = None;
    let mut conn = match opened {
        Ok(conn) => conn,
        Err(e) if is_damage(&e) && writable(path) => {
            let aside = match move_aside(path) {
                Ok(aside) => aside,
                Err(io) => {
                    let why = format!("it is damaged ({e}) and cannot be moved aside ({io})");
                    return fallback(path, why, notices, user);
                }
            };
            notices.push(format!(
                "{name} was damaged ({e}): moved aside to {}; a new store was made",
                aside.display()
            ));
            damaged = salvageable.then_some(aside);
            connect(path, true).map_err(fail)?
        }
        Err(e) if is_damage(&e) => {
            let why = format!("it is damaged ({e}) and cannot be moved aside");
            return fallback(path, why, notices, user);
        }
        Err(e) => return fallback(path, format!("cannot open it: {e}"), notices, user),
    };
    configure(&conn).map_err(fail)?;
    if reason.is_none() && conn.is_readonly(MAIN_DB).unwrap_or(true) {
        reason = Some("the file cannot be written".into());
    }
    let found = match schema::version(&conn) {
        Ok(found) => found,
        // A rollback-journal database under another program's exclusive lock cannot even be
        // read; WAL databases (ours) never get here.
        Err(e) if is_busy(&e) => return fallback(path, LOCKED.into(), notices, user),
        Err(e) => return Err(fail(e)),
    };
    if found == 0 && has_tables(&conn).map_err(fail)? {
        return fallback(path, "it is not an akhbar store".into(), notices, user);
    }
    // After the check above, so a file that is not ours is never switched to WAL.
    if reason.is_none() {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => {}
            Err(e) if is_busy(&e) => reason = Some(LOCKED.into()),
            Err(e) => return Err(fail(e)),
        }
    }
    if found > schema::LATEST {
        reason.get_or_insert(format!(
            "it was made by a newer akhbar (schema {found}, this one knows {})",
            schema::LATEST
        ));
    } else if found < schema::LATEST {
        if reason.is_none() {
            match schema::migrate(&mut conn, user) {
                Ok(_) if (1..schema::USERS).contains(&found) => notices.push(format!(
                    "{name}: upgraded from schema {found} to {}; its read, starred and \
                     archived marks, tags and notes are now {user}'s",
                    schema::LATEST
                )),
                Ok(_) if found > 0 => notices.push(format!(
                    "{name}: upgraded from schema {found} to {}",
                    schema::LATEST
                )),
                Ok(_) => {}
                Err(e) if is_busy(&e) => reason = Some(LOCKED.into()),
                Err(e) => return Err(fail(e)),
            }
        }
        if let Some(why) = reason {
            let why = format!("{why}, and its schema {found} needs an upgrade");
            return fallback(path, why, notices, user);
        }
    }
    if let Some(aside) = damaged.filter(|_| reason.is_none()) {
        notices.push(match salvage::salvage(&mut conn, &aside) {
            Ok(s) => format!(
                "salvaged {} of {} articles from {} (with their marks, tags and notes)",
                s.saved,
                s.seen,
                aside.display()
            ),
            Err(e) => format!("nothing salvaged from {}: {e}", aside.display()),
        });
    }
    if reason.is_some() {
        // Defence in depth: the connection itself refuses writes too.
        conn.pragma_update(None, "query_only", true).map_err(fail)?;
    }
    Ok(Opened {
        read_only: reason.clone(),
        store: Store::new(Sqlite {
            conn,
            location: Location::File(path.to_path_buf()),
            name,
            read_only: reason,
            memory_uri: None,
            user: user.to_string(),
            user_id: None,
            defer_index: false,
        }),
        notices,
    })
}

/// Opens the file and reads its schema table, which checks the header: a file that is not a
/// database fails here. A file or folder this process may not write (mode 444, a read-only
/// folder or disk, another user's store) is opened read-only instead: `mode=ro`, and when the
/// WAL index (`-shm`) cannot be made beside it, `immutable=1` (nothing else can be writing
/// it from a folder no one may write; a WAL left by a crash is still read when its `-shm`
/// exists).
pub(super) fn connect(path: &Path, write: bool) -> rusqlite::Result<Connection> {
    let base = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if write {
        let flags = base | OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let uri = format!("file:{}", uri_path(path));
        match checked(&uri, flags) {
            // SQLite opens a write-protected file read-only without saying so.
            Ok(conn) if !conn.is_readonly(MAIN_DB).unwrap_or(true) => return Ok(conn),
            Ok(_) => {}
            Err(e) if !cannot_write(&e) => return Err(e),
            Err(_) => {}
        }
    }
    let flags = base | OpenFlags::SQLITE_OPEN_READ_ONLY;
    match checked(&format!("file:{}?mode=ro", uri_path(path)), flags) {
        Err(e) if cannot_write(&e) => {
            checked(&format!("file:{}?immutable=1", uri_path(path)), flags)
        }
        other => other,
    }
}

/// Stores up to this size have every page checked when opened (`PRAGMA quick_check`, a few
/// milliseconds per MiB), so damage deep in the file is found, set aside and salvaged before
/// a session relies on it. A larger store is not read whole at every start: damage there
/// shows as an error on the first query that reaches it.
const CHECK_PAGES_UP_TO_BYTES: u64 = 64 << 20;

/// `conn` if its pages pass SQLite's quick check (or the file is too large to check at
/// every open); a damage error otherwise.
fn check_pages(conn: Connection) -> rusqlite::Result<Connection> {
    let size = conn
        .path()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    if size == 0 || size > CHECK_PAGES_UP_TO_BYTES {
        return Ok(conn);
    }
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if verdict == "ok" {
        return Ok(conn);
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some("its pages fail SQLite's quick check".into()),
    ))
}

fn checked(uri: &str, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(uri, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    has_tables(&conn)?;
    Ok(conn)
}

/// An error that means "not with write access": the file, its folder or its `-shm`.
fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(
        code(e),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// Per-connection settings. `synchronous = FULL`: in WAL mode every commit is synced to disk
/// before it returns, so a triage action the screen shows as done survives kill -9 *and* a
/// power cut. NORMAL would survive kill -9 but could lose the last commits on power loss;
/// triage happens at typing speed, where a sync per commit costs nothing a user sees.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Reads through a memory map (up to 256 MiB of the file) rather than a read call per
    // page: a 100,000-row view streams about a tenth faster. Writes still go through the WAL.
    let _ = conn.query_row("PRAGMA mmap_size = 268435456", [], |_| Ok(()));
    conn.pragma_update(None, "foreign_keys", true)
}

/// `Some(error)` when the file exists, is not empty and does not start with SQLite's magic.
fn foreign_header(path: &Path) -> Option<rusqlite::Error> {
    let mut head = [0u8; 16];
    let mut file = File::open(path).ok()?;
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(_) => return None,
        }
    }
    if got == 0 || head == *b"SQLite format 3\0" {
        return None;
    }
    Some(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
        Some("not a SQLite database".into()),
    ))
}

fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        code(e),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        code(e),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// The store a session gets when its file cannot be opened at all: empty, in memory, and
/// read-only, so nothing pretends to be saved.
fn fallback(path: &Path, why: String, notices: Vec<String>, user: &str) -> Result<Opened> {
    let reason = format!("{why}; this session shows an empty store and saves nothing");
    let store = Store::new(memory(
        Location::File(path.to_path_buf()),
        Some(reason.clone()),
        user,
    )?);
    Ok(Opened {
        store,
        read_only: Some(reason),
        notices,
    })
}

pub(super) fn reader(store: &Sqlite) -> Result<Store> {
    let fail = store.fail();
    let conn = match (&store.memory_uri, &store.location) {
        (Some(uri), _) => {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(uri, flags).map_err(&fail)?
        }
        (None, Location::File(path)) => connect(path, false).map_err(&fail)?,
        (None, Location::Memory | Location::Postgres(_)) => {
            // Every in-memory store has a URI; this is only here for the match to be total.
            return Err(Error::ReadOnly {
                store: store.name.clone(),
                reason: "no second connection to this in-memory store".into(),
            });
        }
    };
    configure(&conn).map_err(&fail)?;
    conn.pragma_update(None, "query_only", true)
        .map_err(&fail)?;
    Ok(Store::new(Sqlite {
        conn,
        location: store.location.clone(),
        name: store.name.clone(),
        read_only: Some("a second connection, for reading only".into()),
        memory_uri: store.memory_uri.clone(),
        // The same user as the handle it was made from, at the time it was made.
        user: store.user.clone(),
        user_id: store.user_id,
        defer_index: false,
    }))
}

/// `path` with `suffix` appended to its file name (`akhbar.db` -> `akhbar.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Renames a damaged database (and its `-wal`, `-shm`, `-journal`, which belong to it and
/// would otherwise be replayed into the fresh store) to `NAME.corrupt-STAMP[-N]`. Never
/// replaces an existing file.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut n = 1;
    let aside = loop {
        let suffix = match n {
            1 => format!(".corrupt-{stamp}"),
            _ => format!(".corrupt-{stamp}-{n}"),
        };
        let aside = sibling(path, &suffix);
        match rename_new(path, &aside) {
            Ok(()) => break aside,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    for journal in ["-wal", "-shm", "-journal"] {
        let from = sibling(path, journal);
        if from.symlink_metadata().is_ok() {
            rename_new(&from, &sibling(&aside, journal))?;
        }
    }
    Ok(aside)
}

/// Renames `from` to `to`, failing with `AlreadyExists` rather than replacing `to`. A hard link
/// makes that atomic where the file system has them.
fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if to.symlink_metadata().is_ok() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(from, to),
    }
}

/// A path as the path part of a SQLite `file:` URI: bytes other than unreserved ones and `/`
/// percent-encoded, so `?` or `#` in a folder name cannot end the path early.
pub(super) fn uri_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether this process may replace `path` (write its folder): only then is a damaged file
/// moved aside.
fn writable(path: &Path) -> bool {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let probe = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_encoded_bytes())
            // SAFETY: access(2) on a NUL-terminated path that lives for the call.
            .map(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
            .unwrap_or(false)
    };
    probe(&dir) && probe(path)
}
