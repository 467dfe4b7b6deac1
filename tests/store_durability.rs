//! Many akhbars share one store (both write; a lock held by another program gives busy
//! errors, never a lost change); a store that cannot be written opens read-only with a reason
//! and keeps what it holds: a mode-444 file, a read-only folder, a damaged file (moved aside,
//! byte for byte) and a full disk.
//!
//! Read-only files: tests usually run as root here, and root writes through `chmod 444`. So as
//! root the folder is bind-mounted read-only (a real EROFS, as on a read-only disk); as
//! another user `chmod` is used. If neither works the test says so and skips that part.

mod store_common;

use akhbar::store::{Change, Error, Location, Op, Store, View};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use store_common::{articles, open_file, temp_store};

/// A store file with 10 articles, the first three starred; returns their ids.
fn filled(path: &Path) -> Vec<i64> {
    let mut store = open_file(path).store;
    let ids = store.import(&articles(10)).unwrap().ids;
    store
        .apply(&Change::new(ids[..3].to_vec(), Op::Star(true)))
        .unwrap();
    ids
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn two_akhbars_share_one_store_and_both_write() {
    let (_dir, path) = temp_store();
    let ids = filled(&path);
    let first = open_file(&path);
    let second = open_file(&path);
    assert_eq!(first.read_only, None);
    assert_eq!(second.read_only, None, "a second akhbar writes too");
    let (mut first, mut second) = (first.store, second.store);
    first
        .apply(&Change::new(vec![ids[5]], Op::Star(true)))
        .unwrap();
    second
        .apply(&Change::new(vec![ids[6]], Op::Star(true)))
        .unwrap();
    second.import(&articles(12)).unwrap();
    // Each sees what the other committed.
    assert_eq!(first.counts().unwrap().starred, 5);
    assert_eq!(first.counts().unwrap().all, 12);
    assert_eq!(second.counts().unwrap().starred, 5);
}

#[test]
fn a_write_lock_held_by_another_process_gives_busy_errors_then_writes() {
    let (_dir, path) = temp_store();
    let ids = filled(&path);
    let mut writer = open_file(&path).store;
    let mut holder = store_common::Helper::spawn("hold-lock", &path);
    holder.wait_for("locked");
    // An already open store: apply fails clearly within the busy timeout, changes nothing.
    let start = Instant::now();
    let err = writer
        .apply(&Change::new(vec![ids[4]], Op::Star(true)))
        .unwrap_err();
    assert!(matches!(err, Error::Busy { .. }), "{err}");
    assert!(err.to_string().contains("locked"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(3));
    // Opening while it is held: readable (WAL readers never wait for the writer).
    let opened = open_file(&path);
    assert_eq!(opened.store.counts().unwrap().starred, 3);
    drop(opened);
    holder.finish();
    writer
        .apply(&Change::new(vec![ids[4]], Op::Star(true)))
        .unwrap();
    assert_eq!(writer.counts().unwrap().starred, 4);
}

/// The store as a user who may not write it: the real binary run as `nobody` (setpriv) when
/// this test runs as root, as this user otherwise. A mode-444 file and a read-only folder
/// both list every article, read-only.
#[test]
fn a_store_others_cannot_write_lists_all_its_articles() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = dir.path().join("store");
    let path = folder.join("akhbar.db");
    filled(&path);
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    let run = |case: &str| {
        let exe = env!("CARGO_BIN_EXE_akhbar");
        let mut cmd = if is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe]);
            c
        } else {
            Command::new(exe)
        };
        let out = cmd
            .arg("list")
            .arg("--store")
            .arg(&path)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("none"))
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let stdout = String::from_utf8_lossy(&out.stdout);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(stdout.lines().count(), 10, "{case}: {stdout}{stderr}");
                assert!(stderr.contains("read-only"), "{case}: {stderr}");
                true
            }
            Ok(out) if is_root() && String::from_utf8_lossy(&out.stderr).contains("setpriv") => {
                eprintln!("skipped: setpriv cannot drop rights here");
                false
            }
            Ok(out) => panic!("{case}: {out:?}"),
            Err(e) => {
                eprintln!("skipped: cannot run setpriv ({e})");
                false
            }
        }
    };
    mode(&path, 0o444).unwrap();
    mode(&folder, 0o755).unwrap();
    if !run("a mode-444 file") {
        return;
    }
    for leftover in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(store_common::sibling(&path, leftover));
    }
    mode(&path, 0o644).unwrap();
    mode(&folder, 0o555).unwrap();
    run("a read-only folder");
    mode(&folder, 0o755).unwrap();
}

#[test]
fn a_read_only_folder_gives_a_readable_read_only_store() {
    let dir = tempfile::tempdir().unwrap();
    let rw = dir.path().join("rw");
    let path = rw.join("akhbar.db");
    let ids = filled(&path);
    let Some(guard) = read_only_view(&rw, &dir.path().join("ro")) else {
        eprintln!("skipped: cannot make a read-only folder here (not root and chmod ignored?)");
        return;
    };
    let ro_path = guard.path.join("akhbar.db");
    let opened = open_file(&ro_path);
    let reason = opened.read_only.clone().expect("read-only");
    assert!(!reason.is_empty());
    let mut store = opened.store;
    assert!(store.is_read_only());
    assert_eq!(store.counts().unwrap().all, 10);
    assert_eq!(store.rows(View::Starred, None, 10).unwrap().len(), 3);
    let err = store
        .apply(&Change::new(vec![ids[0]], Op::Read(true)))
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(store.put_facts(ids[0], 1, "{}").is_err());
    // A store that cannot even be created there: empty, read-only, with the reason.
    let fresh = open_file(&guard.path.join("new").join("akhbar.db"));
    assert!(fresh
        .read_only
        .expect("read-only")
        .contains("cannot create"));
    assert_eq!(fresh.store.counts().unwrap().all, 0);
    drop(store);
    drop(guard);
    assert_eq!(open_file(&path).store.counts().unwrap().starred, 3);
}

#[test]
fn a_folder_that_cannot_exist_gives_an_empty_read_only_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let opened = Store::open(&Location::File(file.join("akhbar.db"))).unwrap();
    let reason = opened.read_only.expect("read-only");
    assert!(reason.contains("cannot create the folder"), "{reason}");
    assert_eq!(opened.store.counts().unwrap().all, 0);
}

#[test]
fn a_damaged_file_is_moved_aside_and_a_fresh_store_made() {
    let (_dir, path) = temp_store();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    std::fs::write(store_common::sibling(&path, "-wal"), b"stale wal").unwrap();
    let opened = open_file(&path);
    assert_eq!(opened.read_only, None);
    let notice = opened.notices.join("\n");
    let aside = find_aside(&path).expect("a moved-aside file");
    assert!(notice.contains(&aside.display().to_string()), "{notice}");
    assert!(
        std::fs::read(&aside).unwrap() == garbage,
        "moved byte for byte"
    );
    assert_eq!(
        std::fs::read(store_common::sibling(&aside, "-wal")).unwrap(),
        b"stale wal"
    );
    let mut store = opened.store;
    assert_eq!(store.counts().unwrap().all, 0);
    store.import(&articles(2)).unwrap();
    drop(store);
    // Damaged again: a second aside file, the first one untouched.
    std::fs::write(&path, &garbage[..5000]).unwrap();
    let opened = open_file(&path);
    assert_eq!(opened.notices.len(), 1);
    assert!(std::fs::read(&aside).unwrap() == garbage);
}

#[test]
fn damaged_pages_give_errors_not_panics() {
    let (_dir, path) = temp_store();
    filled(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(8192) {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let opened = open_file(&path);
    if opened.notices.is_empty() {
        // Page 1 still reads; the damage shows on the first query that reaches it.
        let store = opened.store;
        let results = [
            store.counts().map(|_| ()),
            store.rows(View::All, None, 100).map(|_| ()),
            store.article(1).map(|_| ()),
        ];
        assert!(results.iter().any(Result::is_err));
    } else {
        assert!(find_aside(&path).is_some());
    }
}

#[test]
fn a_full_disk_fails_the_change_and_loses_nothing() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    // 1 MiB: the store with its full-text index outgrows 256 KiB before the disk is filled.
    let Some(guard) = Mounted::new(&mnt, &["-t", "tmpfs", "-o", "size=1m", "tmpfs"]) else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let path = guard.path.join("akhbar.db");
    let ids = filled(&path);
    let mut store = open_file(&path).store;
    store
        .apply(&Change::new(vec![ids[9]], Op::Archive(true)))
        .unwrap();
    fill_disk(&guard.path.join("filler"));
    let note = "ملاحظة طويلة ".repeat(150);
    let err = store
        .apply(&Change::new(ids.clone(), Op::SetNote(Some(note))))
        .expect_err("no space for the notes");
    assert!(matches!(err, Error::DiskFull { .. }), "{err}");
    assert!(err.to_string().contains("disk is full"), "{err}");
    // Still readable, with the earlier changes, in this session and the next.
    assert_eq!(store.counts().unwrap().starred, 3);
    assert_eq!(store.note(ids[0]).unwrap(), None);
    drop(store);
    std::fs::remove_file(guard.path.join("filler")).unwrap();
    let store = open_file(&path).store;
    let counts = store.counts().unwrap();
    assert_eq!((counts.all, counts.starred, counts.archived), (10, 3, 1));
    drop(store);
    assert_eq!(integrity(&path), "ok");
}

/// Writes to `path` until the file system is full.
fn fill_disk(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn find_aside(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            n.starts_with(&format!("{name}.corrupt-"))
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// A mount point, unmounted on drop (lazily, so a leaked file handle cannot block it).
struct Mounted {
    path: PathBuf,
}

impl Mounted {
    fn new(at: &Path, args: &[&str]) -> Option<Mounted> {
        let ok = Command::new("mount")
            .args(args)
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mounted {
            path: at.to_path_buf(),
        })
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// A read-only view of `dir`: as root a read-only bind mount at `at`; otherwise `dir` itself
/// with its write bits removed (restored on drop).
fn read_only_view(dir: &Path, at: &Path) -> Option<ReadOnly> {
    if is_root() {
        std::fs::create_dir(at).ok()?;
        let src = dir.to_str()?;
        let bind = Mounted::new(at, &["--bind", src])?;
        let ro = Command::new("mount")
            .args(["-o", "remount,ro,bind"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        return ro.then(|| ReadOnly {
            path: at.to_path_buf(),
            _mount: Some(bind),
        });
    }
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).ok()? {
        let p = entry.ok()?.path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).ok()?;
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).ok()?;
    Some(ReadOnly {
        path: dir.to_path_buf(),
        _mount: None,
    })
}

struct ReadOnly {
    path: PathBuf,
    _mount: Option<Mounted>,
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self._mount.is_none() {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
            if let Ok(entries) = std::fs::read_dir(&self.path) {
                for e in entries.flatten() {
                    let _ =
                        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644));
                }
            }
        }
    }
}

/// Run by [`store_common::Helper`] in a child process of this test binary.
#[test]
#[ignore = "a helper process for the other tests"]
fn helper() {
    let Some((role, path)) = store_common::Helper::role() else {
        return;
    };
    if role == "hold-lock" {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        store_common::Helper::say("locked");
        // Hold the lock until the parent closes our stdin.
        let _ = BufReader::new(std::io::stdin()).lines().count();
        conn.execute_batch("ROLLBACK").unwrap();
    }
}

#[test]
fn the_data_version_moves_when_another_connection_commits() {
    let (_dir, path) = temp_store();
    filled(&path);
    let mut mine = open_file(&path).store;
    let mut other = open_file(&path).store;
    let before = mine.data_version().unwrap();
    mine.apply(&Change::new(vec![1], Op::Read(true))).unwrap();
    assert_eq!(
        mine.data_version().unwrap(),
        before,
        "its own commits do not count"
    );
    other.import(&articles(12)).unwrap();
    assert_ne!(mine.data_version().unwrap(), before);
}
