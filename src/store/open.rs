//! Opening a store so that a session always starts: a read-only file or folder, a lock held
//! by another program, a second akhbar or a newer schema give a read-only store with the
//! reason; a damaged file is moved aside (never overwritten) and a fresh store made; only
//! when nothing can be opened at all does the session get an empty, read-only store in memory.

use super::error::{classify, code};
use super::{schema, Error, Location, Opened, Result, Sqlite, Store};
use rusqlite::{Connection, ErrorCode, OpenFlags, MAIN_DB};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a statement waits for another connection's lock. Short, because a triage key must
/// not hang the screen; a lock held longer than this means another program is writing, and the
/// caller gets [`Error::Busy`] to show.
const BUSY_TIMEOUT: Duration = Duration::from_millis(500);

const LOCKED: &str = "another program holds a write lock on it";

pub(super) fn open(loc: &Location) -> Result<Opened> {
    match loc {
        Location::Memory => Ok(Opened {
            store: Store::new(memory(Location::Memory, None)?),
            read_only: None,
            notices: Vec::new(),
        }),
        Location::File(path) => open_file(path),
    }
}

/// An in-memory database on SQLite's `memdb` VFS: a name starting with `/` lets
/// [`reader`] open a second connection to the same data, which plain `:memory:` cannot.
pub(super) fn memory(location: Location, read_only: Option<String>) -> Result<Sqlite> {
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
    schema::migrate(&mut conn).map_err(fail)?;
    if read_only.is_some() {
        conn.pragma_update(None, "query_only", true).map_err(fail)?;
    }
    Ok(Sqlite {
        conn,
        location,
        name,
        read_only,
        memory_uri: Some(uri),
        _lock: None,
    })
}

fn open_file(path: &Path) -> Result<Opened> {
    let name = path.display().to_string();
    let fail = |e| classify(&name, e);
    let mut notices = Vec::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            if !path.exists() {
                let why = format!("cannot create the folder {}: {e}", dir.display());
                return fallback(path, why, notices);
            }
        }
    }
    let (lock, mut reason) = match WriterLock::acquire(path) {
        Ok(lock) => (Some(lock), None),
        Err(LockError::Held(Some(pid))) => (
            None,
            Some(format!("another akhbar (pid {pid}) is using it")),
        ),
        Err(LockError::Held(None)) => (None, Some("another akhbar is using it".to_string())),
        Err(LockError::Io(e)) => (None, Some(format!("its folder cannot be written ({e})"))),
    };
    // A file that is not SQLite at all is moved aside before SQLite opens it: SQLite would
    // delete (or checkpoint into it) a `-wal` file lying beside it.
    let opened = match foreign_header(path) {
        Some(header) => Err(header),
        None => connect(path, reason.is_none()),
    };
    let mut conn = match opened {
        Ok(conn) => conn,
        Err(e) if is_damage(&e) && lock.is_some() => {
            let aside = match move_aside(path) {
                Ok(aside) => aside,
                Err(io) => {
                    let why = format!("it is damaged ({e}) and cannot be moved aside ({io})");
                    return fallback(path, why, notices);
                }
            };
            notices.push(format!(
                "{name} was damaged ({e}): moved aside to {}; a new, empty store was made",
                aside.display()
            ));
            connect(path, true).map_err(fail)?
        }
        Err(e) if is_damage(&e) => {
            let why = format!("it is damaged ({e}) and cannot be moved aside");
            return fallback(path, why, notices);
        }
        Err(e) => return fallback(path, format!("cannot open it: {e}"), notices),
    };
    configure(&conn).map_err(fail)?;
    if reason.is_none() && conn.is_readonly(MAIN_DB).unwrap_or(true) {
        reason = Some("the file cannot be written".into());
    }
    let found = match schema::version(&conn) {
        Ok(found) => found,
        // A rollback-journal database under another program's exclusive lock cannot even be
        // read; WAL databases (ours) never get here.
        Err(e) if is_busy(&e) => return fallback(path, LOCKED.into(), notices),
        Err(e) => return Err(fail(e)),
    };
    if found == 0 && has_tables(&conn).map_err(fail)? {
        return fallback(path, "it is not an akhbar store".into(), notices);
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
            match schema::migrate(&mut conn) {
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
            return fallback(path, why, notices);
        }
    }
    // Taking the write lock once tells a store another program is writing to now from a free
    // one, before the user triages anything.
    if reason.is_none() {
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
            if !is_busy(&e) {
                return Err(fail(e));
            }
            reason = Some(LOCKED.into());
        }
    }
    if reason.is_some() {
        // Defence in depth: the connection itself refuses writes too.
        conn.pragma_update(None, "query_only", true).map_err(fail)?;
    }
    // A read-only session must not keep a second akhbar from writing.
    let lock = if reason.is_none() { lock } else { None };
    Ok(Opened {
        read_only: reason.clone(),
        store: Store::new(Sqlite {
            conn,
            location: Location::File(path.to_path_buf()),
            name,
            read_only: reason,
            memory_uri: None,
            _lock: lock,
        }),
        notices,
    })
}

/// Opens the file and reads its schema table, which checks the header: a file that is not a
/// database fails here. A read-only connection to a WAL database whose `-shm` cannot be made
/// (a read-only folder) is retried as immutable.
fn connect(path: &Path, write: bool) -> rusqlite::Result<Connection> {
    let base = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let flags = if write {
        base | OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    } else {
        base | OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match has_tables(&conn) {
        Ok(_) => Ok(conn),
        Err(e) if !write && code(&e) == Some(ErrorCode::CannotOpen) => {
            drop(conn);
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
            has_tables(&conn)?;
            Ok(conn)
        }
        Err(e) => Err(e),
    }
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
fn fallback(path: &Path, why: String, notices: Vec<String>) -> Result<Opened> {
    let reason = format!("{why}; this session shows an empty store and saves nothing");
    let store = Store::new(memory(
        Location::File(path.to_path_buf()),
        Some(reason.clone()),
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
        (None, Location::Memory) => {
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
        _lock: None,
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
fn uri_path(path: &Path) -> String {
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

/// Held for the life of a writable store: one writing akhbar per store file, so two sessions
/// never interleave triage and undo stacks. An advisory `flock` on `NAME.lock` (not on the
/// database, whose POSIX locks SQLite owns), released by the kernel when the process dies,
/// kill -9 included; the file holds the owner's pid for the message.
pub(super) struct WriterLock {
    _file: File,
}

/// How many times a held writer lock is tried, 10 ms apart, before it counts as held.
const LOCK_TRIES: u32 = 15;

enum LockError {
    /// Another process holds it (its pid, when the file says).
    Held(Option<u32>),
    Io(io::Error),
}

impl WriterLock {
    fn acquire(db: &Path) -> std::result::Result<WriterLock, LockError> {
        let path = sibling(db, ".lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // A lock just released can still look held for a moment: a child process forked
            // by this one (any `Command::spawn`) shares the descriptor until it execs. So a
            // held lock is tried a few more times over ~150 ms before it counts as another
            // akhbar's.
            let mut tries = 0;
            loop {
                // SAFETY: flock on a descriptor this function owns for the call's duration.
                let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
                if rc == 0 {
                    break;
                }
                let e = io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EWOULDBLOCK) {
                    return Err(LockError::Io(e));
                }
                tries += 1;
                if tries >= LOCK_TRIES {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    return Err(LockError::Held(pid.trim().parse().ok()));
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        // The pid is only for the message another akhbar shows; failing to write it is harmless.
        let _ = file.set_len(0);
        let _ = writeln!(file, "{}", std::process::id());
        Ok(WriterLock { _file: file })
    }
}
