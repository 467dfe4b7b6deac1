//! The kill -9 harness: trials of a random action (star, tag, note, undo, bulk tag, import,
//! fetch from a feed served on 127.0.0.1) on one store file, each by the real binary in a
//! pseudo-terminal. Each trial waits until the screen shows the action done, kills the
//! process with SIGKILL at once, and then reads the store directly: the action's effect must
//! be there (none lost), SQLite's integrity check must pass, and the full-text index must
//! agree with the articles (every article indexed or waiting to be, no index row without its
//! article, FTS5's own integrity check, and an imported or fetched article found by its
//! words).
//!
//! `cargo test --test pty_kill9 -- --ignored --nocapture` runs the 1,000 trials
//! (`AKHBAR_KILL9_TRIALS=N` for another count, `AKHBAR_KILL9_SEED=S` to replay a run); the
//! small version below runs each kind of action once or twice in every `cargo test`.

mod common;

use akhbar::store::{Location, Store, View};
use common::http::{rss, Route, Server};
use common::pty::{status_line, Session};
use rusqlite::Connection;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Star,
    Tag,
    Note,
    Undo,
    Bulk,
    Import,
    Fetch,
}

const KINDS: [Kind; 7] = [
    Kind::Star,
    Kind::Tag,
    Kind::Note,
    Kind::Undo,
    Kind::Bulk,
    Kind::Import,
    Kind::Fetch,
];

/// The world the trials share: one store, one feed server, a folder for imported files.
struct World {
    dir: tempfile::TempDir,
    db: PathBuf,
    server: Server,
    config: String,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("akhbar.db");
        let server = Server::start();
        // No automatic refresh: only a fetch trial fetches (with R).
        let config = format!(
            "refresh_minutes = 0\n[[feeds]]\nurl = \"{}\"\n",
            server.url("/feed.xml")
        );
        let w = World {
            dir,
            db,
            server,
            config,
        };
        // The first dashboard puts the bundled articles in the store.
        let mut s = w.start(&[]);
        wait_list(&mut s);
        s.send(b"q");
        let _ = s.finish();
        w
    }

    fn start(&self, args: &[&str]) -> Session {
        Session::start_configured(args, 140, 30, Some(&self.db), Some(&self.config))
    }

    fn store(&self) -> Store {
        Store::open(&Location::File(self.db.clone())).unwrap().store
    }

    /// The unread view's first row, as the dashboard opens on it.
    fn first_row(&self) -> akhbar::store::Row {
        self.store().rows(View::Unread, None, 1).unwrap().remove(0)
    }

    fn sql(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The store is whole and its index agrees with its articles.
fn check_consistent(w: &World, trial: usize) {
    let conn = w.sql();
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "trial {trial}: quick_check");
    conn.execute(
        "INSERT INTO search_index(search_index) VALUES('integrity-check')",
        [],
    )
    .unwrap_or_else(|e| panic!("trial {trial}: FTS5 integrity-check: {e}"));
    let unindexed = count(
        &conn,
        "SELECT count(*) FROM articles WHERE id NOT IN (SELECT rowid FROM search_index) \
         AND id NOT IN (SELECT article_id FROM search_pending)",
    );
    assert_eq!(
        unindexed, 0,
        "trial {trial}: articles missing from the index"
    );
    let orphans = count(
        &conn,
        "SELECT count(*) FROM search_index WHERE rowid NOT IN (SELECT id FROM articles)",
    );
    assert_eq!(orphans, 0, "trial {trial}: index rows without an article");
}

/// The ids of the articles whose index holds `token` (one of akhbar's tokens: lower case).
fn indexed(w: &World, token: &str) -> Vec<i64> {
    let conn = w.sql();
    let mut stmt = conn
        .prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
        .unwrap();
    let ids = stmt
        .query_map([format!("\"{token}\"")], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<i64>, _>>()
        .unwrap();
    ids
}

/// Waits for the status bar to say `done` (any of them); returns the screen.
fn wait_status(s: &mut Session, what: &str, done: &[&str]) -> String {
    s.wait_for(what, |sc| done.iter().any(|d| status_line(sc).contains(d)))
}

fn wait_list(s: &mut Session) {
    s.wait_for("the list", |sc| status_line(sc).contains("unread"));
}

fn kill(mut s: Session) {
    s.signal(libc::SIGKILL);
    let _ = s.finish();
}

/// One trial; returns what it checked, for the report.
fn trial(w: &World, kind: Kind, n: usize) {
    match kind {
        Kind::Star | Kind::Undo => {
            let before = w.first_row();
            let mut s = w.start(&[]);
            wait_list(&mut s);
            s.send(b"s");
            let said = if before.starred {
                "Unstarred"
            } else {
                "Starred"
            };
            wait_status(&mut s, "the star", &[said]);
            let expect = if kind == Kind::Undo {
                s.send(b"u");
                wait_status(&mut s, "the undo", &["undid:"]);
                before.starred
            } else {
                !before.starred
            };
            kill(s);
            let row = w.store().row(before.id).unwrap();
            assert_eq!(
                row.starred, expect,
                "trial {n} ({kind:?}): the star was lost"
            );
        }
        Kind::Tag => {
            let before = w.first_row();
            let tag = format!("k{n}");
            let mut s = w.start(&[]);
            wait_list(&mut s);
            s.send(format!("t{tag}\r").as_bytes());
            wait_status(&mut s, "the tag", &["Tagged"]);
            kill(s);
            let row = w.store().row(before.id).unwrap();
            assert!(
                row.tags.contains(&tag),
                "trial {n}: tag lost: {:?}",
                row.tags
            );
        }
        Kind::Note => {
            let before = w.first_row();
            let note = format!("note of trial {n}");
            let mut s = w.start(&[]);
            wait_list(&mut s);
            // Ctrl-u clears a note the prompt opened with.
            s.send(format!("e\x15{note}\r").as_bytes());
            wait_status(&mut s, "the note", &["Note saved"]);
            kill(s);
            let stored = w.store().note(before.id).unwrap();
            assert_eq!(
                stored.as_deref(),
                Some(note.as_str()),
                "trial {n}: note lost"
            );
        }
        Kind::Bulk => {
            let shown = w.store().counts().unwrap().of(View::Unread);
            let tag = format!("b{n}");
            let mut s = w.start(&[]);
            s.wait_for("every unread row", |sc| {
                status_line(sc).contains(&format!("{shown} shown"))
            });
            s.send(format!(";t{tag}\r").as_bytes());
            // Above 10 articles it asks first.
            let said = format!("Tag: {shown} articles");
            let screen = s.wait_for("the question or the tags", |sc| {
                let st = status_line(sc);
                st.contains("? y/n") || sc.contains("? y/n") || st.contains(&said)
            });
            if !status_line(&screen).contains(&said) {
                s.send(b"y");
                wait_status(&mut s, "the bulk tag", &[&said]);
            }
            kill(s);
            let conn = w.sql();
            let tagged: i64 = conn
                .query_row(
                    "SELECT count(*) FROM article_tags JOIN tags ON tags.id = tag_id \
                     WHERE tags.name = ?1",
                    [&tag],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(tagged as usize, shown, "trial {n}: bulk tag lost");
        }
        Kind::Import => {
            let word = format!("zqimport{n}");
            let title = format!("Imported headline {n} {word}");
            let file = w.dir.path().join(format!("import-{n}.txt"));
            std::fs::write(
                &file,
                format!(
                    "date: 2024-03-0{}\n\n{title}\n\nThe body of {word}.\n",
                    1 + n % 9
                ),
            )
            .unwrap();
            let mut s = w.start(&[file.to_str().unwrap()]);
            s.wait_for("the imported article", |sc| sc.contains(&word));
            kill(s);
            let hits = indexed(w, &word);
            assert_eq!(hits.len(), 1, "trial {n}: the import was lost");
            let row = w.store().row(hits[0]).unwrap();
            assert_eq!(row.title, title, "trial {n}");
        }
        Kind::Fetch => {
            let tag = format!("f{n}");
            w.server.route(
                "/feed.xml",
                Route::Body {
                    body: rss(&tag, 2, false),
                    content_type: "application/rss+xml",
                    etag: None,
                },
            );
            let mut s = w.start(&[]);
            wait_list(&mut s);
            s.send(b"R");
            // The list keeps the selected row where it was, so the newest may sit just
            // above the top: the status bar's summary is what the screen shows of it.
            wait_status(
                &mut s,
                "the refresh",
                &["refreshed: 1 feed, 2 new articles"],
            );
            kill(s);
            let hits = indexed(w, &tag);
            assert_eq!(hits.len(), 2, "trial {n}: fetched articles lost");
        }
    }
    check_consistent(w, n);
}

/// Runs `trials` trials, their kinds drawn from `seed`; the first seven go through every
/// kind once so that even a short run tries each. Prints the figures.
fn run(trials: usize, seed: u64) {
    let w = World::new();
    let mut rng = common::Rng(seed);
    let mut per_kind = [0usize; KINDS.len()];
    let start = Instant::now();
    for n in 0..trials {
        let k = if n < KINDS.len() {
            n
        } else {
            rng.below(KINDS.len() as u64) as usize
        };
        per_kind[k] += 1;
        trial(&w, KINDS[k], n);
    }
    let wall = start.elapsed();
    let kinds: Vec<String> = KINDS
        .iter()
        .zip(per_kind)
        .map(|(k, c)| format!("{k:?} {c}"))
        .collect();
    println!(
        "{trials} trials (seed {seed:#x}), 0 lost, store consistent after each; {}; \
         wall {:.1} s ({:.0} ms a trial)",
        kinds.join(", "),
        wall.as_secs_f64(),
        wall.as_secs_f64() * 1000.0 / trials as f64,
    );
    let articles = count(&w.sql(), "SELECT count(*) FROM articles");
    println!("the store holds {articles} articles");
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| {
            let v = v.trim();
            match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => v.parse().ok(),
            }
        })
        .unwrap_or(default)
}

#[test]
#[ignore = "1,000 kills of the real binary: several minutes; see the README"]
fn kill_9_a_thousand_random_trials_lose_nothing() {
    let trials = env_or("AKHBAR_KILL9_TRIALS", 1000) as usize;
    run(trials, env_or("AKHBAR_KILL9_SEED", 0x9e37_79b9_7f4a_7c15));
}

#[test]
fn kill_9_after_each_kind_of_action_loses_nothing() {
    run(10, 0x5eed_0016);
}

/// The harness's own check: a store whose index lost a row is caught.
#[test]
fn the_consistency_check_catches_an_index_out_of_step() {
    let w = World::new();
    check_consistent(&w, 0);
    let conn = w.sql();
    let id = count(&conn, "SELECT min(id) FROM articles");
    conn.execute("DELETE FROM search_index WHERE rowid = ?1", [id])
        .unwrap();
    let caught = std::panic::catch_unwind(|| check_consistent(&w, 0)).is_err();
    assert!(caught, "an article missing from the index went unnoticed");
}
