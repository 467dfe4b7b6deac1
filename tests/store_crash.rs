//! kill -9 at random moments: a child process applies triage changes in a loop and reports
//! each one after `apply` returns; it is killed with SIGKILL at a random moment. Every change
//! it reported must be in the store, the database must pass `PRAGMA integrity_check`, and the
//! next session must open it writable (the writer lock dies with the process).

mod store_common;

use akhbar::store::{Change, Location, Op, Store, View};
use std::time::Duration;
use store_common::{articles, open_file, temp_store, Helper};

const ROUNDS: u64 = 25;

#[test]
fn every_reported_change_survives_sigkill() {
    let (_dir, path) = temp_store();
    let ids = open_file(&path).store.import(&articles(10)).unwrap().ids;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut reported = 0;
    for round in 0..ROUNDS {
        let mut child = Helper::spawn(&format!("triage:{round}"), &path);
        child.wait_for(&format!("ready {round}"));
        // xorshift: a different moment each round, the same rounds each run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(2 + seed % 60));
        let said = child.kill();
        let opened = Store::open(&Location::File(path.clone())).unwrap();
        assert!(
            opened.read_only.is_none(),
            "round {round}: {:?}",
            opened.read_only
        );
        for msg in said {
            let Some(i) = msg
                .strip_prefix("done ")
                .and_then(|n| n.parse::<usize>().ok())
            else {
                continue;
            };
            let row = opened.store.row(ids[i % ids.len()]).unwrap();
            let tag = format!("r{round}-{i}");
            assert!(
                row.tags.contains(&tag),
                "round {round}: {tag} was reported but is lost"
            );
            reported += 1;
        }
        drop(opened);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
    }
    assert!(reported > 0, "the child never got to apply anything");
    eprintln!("{reported} reported changes checked across {ROUNDS} kills");
}

/// Run by [`Helper`] in a child process of this test binary: tags articles until killed,
/// telling the parent after each change is applied.
#[test]
#[ignore = "a helper process for the other tests"]
fn helper() {
    let Some((role, path)) = Helper::role() else {
        return;
    };
    let Some(round) = role.strip_prefix("triage:") else {
        return;
    };
    let mut store = open_file(&path).store;
    let mut ids: Vec<i64> = store
        .rows(View::All, None, 100)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    Helper::say(&format!("ready {round}"));
    for i in 0.. {
        let id = ids[i % ids.len()];
        store
            .apply(&Change::new(vec![id], Op::AddTag(format!("r{round}-{i}"))))
            .unwrap();
        Helper::say(&format!("done {i}"));
    }
}
