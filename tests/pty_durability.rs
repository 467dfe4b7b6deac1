//! Triage survives kill -9: the real binary in a pseudo-terminal stars and unstars the first
//! article, and is killed with SIGKILL 200 times over one store file: half the time the
//! moment the screen says the change is done, half at a random moment.
//! Every change the screen had shown as done must be in the store afterwards, and the
//! database must pass SQLite's integrity check.

mod common;

use akhbar::store::{Location, Store, View};
use common::pty::{status_line, Session};
use std::time::Duration;

fn first_row_starred(path: &std::path::Path) -> bool {
    let store = Store::open(&Location::File(path.to_path_buf()))
        .unwrap()
        .store;
    let rows = store.rows(View::Unread, None, 1).unwrap();
    rows[0].starred
}

#[test]
fn kill_9_at_random_moments_loses_nothing_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("akhbar.db");
    let rounds = 200;
    let mut rng = common::Rng(0x5eed_cafe);
    let mut confirmed = 0;
    for round in 0..rounds {
        let before = if round == 0 {
            false
        } else {
            first_row_starred(&db)
        };
        let mut s = Session::start_with_store(&[], 80, 24, Some(&db));
        s.wait_for("the list", |sc| status_line(sc).contains("unread"));
        s.send(b"s");
        if round % 2 == 0 {
            // Half the kills come the moment the screen says done, however loaded the
            // machine is; the other half at a random moment, before or after it.
            s.wait_for("the change shown", |sc| {
                let status = status_line(sc);
                status.contains("Starred") || status.contains("Unstarred")
            });
        } else {
            std::thread::sleep(Duration::from_millis(rng.below(120)));
        }
        // What the screen shows now is what the user saw before the kill.
        let screen = s.contents();
        s.signal(libc::SIGKILL);
        let _ = s.finish();
        let status = status_line(&screen).to_string();
        let shown = if status.contains("Unstarred") {
            Some(false)
        } else if status.contains("Starred") {
            Some(true)
        } else {
            None
        };
        let after = first_row_starred(&db);
        // Killed before the screen said so, the change may or may not have been committed
        // and either is right; the next round starts from what is stored.
        if let Some(state) = shown {
            confirmed += 1;
            assert_eq!(
                after, state,
                "round {round}: the screen said done, the store lost it"
            );
            assert_eq!(after, !before, "round {round}");
        }
    }
    println!("{confirmed} of {rounds} kills came after the screen showed the change");
    // The test means something only if many kills came after a confirmed change.
    assert!(
        confirmed >= rounds / 2,
        "only {confirmed} confirmed changes"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
