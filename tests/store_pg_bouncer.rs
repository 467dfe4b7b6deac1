//! The team store behind a real connection pooler: PgBouncer in transaction pooling mode
//! (tests/pg_common's [`Bouncer`], in front of the throwaway cluster), where a server
//! connection is a client's for one transaction only, so no named prepared statement, session
//! setting or `LISTEN` survives from one transaction to the next. Every command works through
//! it, several processes at once; the dashboard finds that notifications do not come back,
//! polls instead, and still shows an import made elsewhere within about a second.

mod common;
mod pg_common;

use akhbar::model::{TextField, TextMatch, TextQuery};
use akhbar::store::{Change, Location, Op, Store, View};
use common::pty::{Session, BIN};
use pg_common::Bouncer;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn akhbar(url: &str, user: &str, args: &[&str], home: &Path) -> Output {
    Command::new(BIN)
        .args(["--store", url])
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AKHBAR_USER", user)
        .output()
        .expect("akhbar runs")
}

fn ok_stdout(out: Output, what: &str) -> String {
    assert!(out.status.success(), "{what}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Writes `n` small articles, each with its own headline word, into `dir`.
fn articles(dir: &Path, n: usize, word: &str) {
    for i in 0..n {
        std::fs::write(
            dir.join(format!("{word}{i}.txt")),
            format!(
                "date: 2030-03-{:02}\n\n{word}{i} reaches the harbour\n\nThe {word}{i} \
                 convoy reached the harbour at dawn, officials said.\n",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
}

#[test]
fn every_command_works_through_a_transaction_pooler() {
    let Some(cluster) = pg_common::shared("bouncer commands") else {
        return;
    };
    let Some(bouncer) = Bouncer::start(cluster, "bouncer commands") else {
        return;
    };
    let direct = cluster.fresh_db();
    let db = direct.rsplit('/').next().unwrap().to_string();
    let pooled = bouncer.url(&db);
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    articles(files.path(), 30, "Convoy");

    // The first open migrates the new database through the pooler (one transaction).
    let out = akhbar(
        &pooled,
        "amina",
        &["import", files.path().to_str().unwrap()],
        home.path(),
    );
    assert!(out.status.success(), "import: {out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("30 articles added"), "{said}");
    let list = ok_stdout(akhbar(&pooled, "amina", &["list"], home.path()), "list");
    assert_eq!(
        list.lines().count(),
        40,
        "30 imported and 10 seeds:\n{list}"
    );
    let found = ok_stdout(
        akhbar(&pooled, "amina", &["search", "Convoy7"], home.path()),
        "search",
    );
    let hits: Vec<&str> = found
        .lines()
        .filter(|l| l.contains("reaches the"))
        .collect();
    assert_eq!(hits.len(), 1, "{found}");
    assert!(hits[0].contains("Convoy7 reaches"), "{found}");
    let export = ok_stdout(
        akhbar(
            &pooled,
            "amina",
            &["export", "--format", "json"],
            home.path(),
        ),
        "export",
    );
    assert!(export.contains("Convoy29"), "{export}");
    // What the pooler shows is what the server holds.
    let direct_list = ok_stdout(akhbar(&direct, "amina", &["list"], home.path()), "list");
    assert_eq!(list, direct_list);

    // Triage through the pooler, and its undo, exact.
    let mut store = Store::open_as(&Location::parse(&pooled), "amina")
        .expect("opens through the pooler")
        .store;
    let rows = store.rows(View::Unread, None, 5).unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let undo = store
        .apply(&Change::new(ids.clone(), Op::Star(true)))
        .unwrap();
    assert_eq!(store.counts().unwrap().starred, 5);
    store.apply(&undo).unwrap();
    assert_eq!(store.counts().unwrap().starred, 0);
    store
        .apply(&Change::new(vec![ids[0]], Op::AddTag("harbour".into())))
        .unwrap();

    // Several processes' worth of connections at once: each read and write lands on
    // whichever server connection is free, so anything kept between two exchanges (a named
    // statement, a session setting) would be missing on the next one.
    let workers: Vec<_> = (0..6)
        .map(|w| {
            let pooled = pooled.clone();
            std::thread::spawn(move || {
                let user = format!("worker{w}");
                let mut store = Store::open_as(&Location::parse(&pooled), &user)
                    .expect("opens through the pooler")
                    .store;
                let word = |w: &str| TextMatch {
                    field: TextField::Any,
                    words: vec![vec![w.to_string()]],
                };
                let query = TextQuery {
                    all: vec![word("harbour"), word("convoy")],
                };
                // Each article starred in the first 40 rounds, unstarred in the next 40.
                for round in 0..80 {
                    let rows = store.rows(View::All, None, 48).unwrap();
                    assert_eq!(rows.len(), 40);
                    store.counts().unwrap();
                    assert!(!store.search_ids(&query).unwrap().is_empty());
                    store.article(rows[round % 40].id).unwrap();
                    store
                        .apply(&Change::new(
                            vec![rows[round % 40].id],
                            Op::Star(round < 40),
                        ))
                        .unwrap();
                }
                store.counts().unwrap().starred
            })
        })
        .collect();
    for w in workers {
        assert_eq!(w.join().expect("a worker"), 0, "each worker unstarred all");
    }
    let tags = store.tags().unwrap();
    assert_eq!(tags, vec![("harbour".to_string(), 1)]);
    assert!(
        !bouncer.log().contains("does not exist"),
        "{}",
        bouncer.log()
    );
}

#[test]
fn the_dashboard_polls_behind_the_pooler_and_still_shows_an_import_at_once() {
    let Some(cluster) = pg_common::shared("bouncer live") else {
        return;
    };
    let Some(bouncer) = Bouncer::start(cluster, "bouncer live") else {
        return;
    };
    let direct = cluster.fresh_db();
    let db = direct.rsplit('/').next().unwrap().to_string();
    let pooled = bouncer.url(&db);
    let mut omar =
        Session::start_with_store(&["--user", "omar"], 120, 30, Some(Path::new(&pooled)));
    omar.wait_for("the seeds", |s| s.contains("10 unread"));
    // Past the dashboard's probe of its notifications (5 s at most): from then on it polls.
    std::thread::sleep(Duration::from_secs(6));
    let home = tempfile::tempdir().unwrap();
    let mut slowest = Duration::ZERO;
    for n in 1..=3 {
        let file = home.path().join(format!("pooled{n}.txt"));
        std::fs::write(
            &file,
            format!("date: 2031-04-0{n}\n\nPooledwire{n} reaches the desk\n\nBody {n}.\n"),
        )
        .unwrap();
        ok_stdout(
            akhbar(
                &pooled,
                "wire",
                &["import", file.to_str().unwrap()],
                home.path(),
            ),
            "import",
        );
        let committed = Instant::now();
        let word = format!("Pooledwire{n}");
        let screen = omar.wait_for("the imported article", |s| s.contains(&word));
        let took = committed.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < Duration::from_millis(1500),
            "article {n} took {took:?} to show behind the pooler:\n{screen}"
        );
        // Not all in step with the poll.
        std::thread::sleep(Duration::from_millis(300 * n));
    }
    eprintln!("bouncer live: slowest of three updates {slowest:?}");
    // The dashboard's listening connection left nothing listening on the pooler's server
    // connections, which other clients get next.
    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
    let listening: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'",
            &[&db],
        )
        .unwrap()
        .get(0);
    assert_eq!(listening, 0, "a server connection was left listening");
    omar.send(b"q");
    let (status, _) = omar.finish();
    assert!(status.success(), "{status:?}");
}
