//! The team store as a desk uses it: two real dashboards in pseudo-terminals on one
//! PostgreSQL database (a throwaway cluster, tests/pg_common), as two users. Each keeps its own
//! star; a tag one puts on and an article imported from outside show in the other's list
//! without a key pressed (the dashboard LISTENs for the store's NOTIFY, and polls as a fallback),
//! at once and without moving the selection; the server going away shows as `store: reconnecting…` in both status bars until it is back, and
//! restarting it mid-session leaves both usable.

mod common;
mod pg_common;

use common::pty::{status_line, Session, BIN};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn two_dashboards_on_one_server_see_each_other_live() {
    let Some(_) = pg_common::shared("two_dashboards") else {
        return;
    };
    // Its own cluster, which this test restarts.
    let cluster = pg_common::Cluster::start().expect("a cluster");
    let url = cluster.fresh_db();
    let store = Path::new(&url);
    let mut amina = Session::start_with_store(&["--user", "amina"], 120, 30, Some(store));
    amina.wait_for("the seeds", |s| s.contains("10 unread"));
    let mut omar = Session::start_with_store(&["--user", "omar"], 120, 30, Some(store));
    omar.wait_for("the seeds", |s| s.contains("10 unread"));

    amina.send(b"s");
    amina.wait_for("amina's star", |s| status_line(s).contains("1 starred"));
    amina.send(b"tverify\r");
    amina.wait_for("amina's tag", |s| s.contains("#verify"));
    let screen = omar.wait_for("amina's tag in omar's list", |s| s.contains("#verify"));
    assert!(
        !status_line(&screen).contains("1 starred"),
        "amina's star shows for omar:\n{screen}"
    );

    // An article imported elsewhere appears in both lists.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("extra.txt");
    std::fs::write(
        &file,
        "date: 2031-01-02\n\nA headline from the night desk\n\nBody.\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["import", file.to_str().unwrap()])
        .env("AKHBAR_STORE", &url)
        .env("AKHBAR_USER", "night")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for session in [&mut amina, &mut omar] {
        session.wait_for("the imported article", |s| {
            s.contains("A headline from the night")
        });
    }

    // The server goes away: within the second, without a key pressed, both status bars say
    // the store is reconnecting, and once it is back they stop saying so.
    cluster.stop_now();
    for session in [&mut amina, &mut omar] {
        session.wait_for("`store: reconnecting…` while the server is down", |s| {
            status_line(s).contains("store: reconnecting…")
        });
    }
    cluster.start_again();
    for session in [&mut amina, &mut omar] {
        session.wait_for("the status bar clear once the server is back", |s| {
            !status_line(s).contains("store: reconnecting")
        });
    }

    // Back, the dashboards' keys work again. The first call on a connection the server
    // closed may find it gone: the status bar says `store: reconnecting…` and nothing
    // changes, and the next one connects again.
    omar.send(b"s");
    let screen = omar.wait_for("the first key after the restart", |s| {
        status_line(s).contains("1 starred") || s.contains("store: reconnecting")
    });
    if !status_line(&screen).contains("1 starred") {
        omar.send(b"s");
        omar.wait_for("omar's star", |s| status_line(s).contains("1 starred"));
    }

    for session in [&mut amina, &mut omar] {
        session.send(b"q");
        let (status, _) = session.finish();
        assert!(status.success(), "{status:?}");
    }
    let check = |user: &str| {
        let out = Command::new(BIN)
            .args(["list", "--view", "starred", "--json"])
            .env("AKHBAR_STORE", &url)
            .env("AKHBAR_USER", user)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    assert_eq!(check("amina"), 1);
    assert!(check("omar") >= 1);
}

/// Two `akhbar fetch` runs at once on one server store (a feed served on 127.0.0.1): each
/// entry is stored once, and `feeds` counts them.
#[test]
fn two_fetches_at_once_store_each_entry_once() {
    use common::http::{rss, Route, Server};
    let Some(cluster) = pg_common::shared("two_fetches") else {
        return;
    };
    let url = cluster.fresh_db();
    let server = Server::start();
    server.route(
        "/desk.xml",
        Route::Body {
            body: rss("desk", 25, true),
            content_type: "application/rss+xml",
            etag: None,
        },
    );
    let dir = home_with_feed(&server.url("/desk.xml"));
    let command = |args: &[&str]| amina(dir.path(), &url, args);
    // Started together: two processes racing on the same entries.
    let children: Vec<_> = (0..2)
        .map(|_| {
            command(&["fetch"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut new = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        // "1 feed, N new articles, 0 failed"
        new += said
            .split(", ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{said}"));
    }
    assert_eq!(
        new, 25,
        "the two runs' new articles add up to the feed's entries"
    );
    let out = command(&["feeds", "--json"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let feed: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(feed["articles"], 25, "{text}");
    let out = command(&["list", "--view", "all"]).output().unwrap();
    // The 25 entries and the 10 bundled seeds.
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 35);
}

/// The date the Facts pane shows for the selected article.
fn facts_date(screen: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let at = line.find("│ Date ")?;
        let rest = line[at..].trim_start_matches("│ Date").trim_start();
        Some(rest.split_whitespace().next()?.to_string())
    })
}

/// The dashboard's own LISTEN connection, once its probe came back: idle after its `LISTEN`
/// (a probe that did not come back would have been followed by `UNLISTEN *`), with the probe
/// sent from another connection done.
fn listening(admin: &mut postgres::Client, db: &str) -> i64 {
    admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'idle' \
             AND query LIKE 'LISTEN akhbar;%' AND backend_start < now() - interval '50 ms' \
             AND NOT EXISTS (SELECT 1 FROM pg_stat_activity p WHERE p.datname = $1 \
                             AND p.query LIKE 'NOTIFY akhbar_probe_%')",
            &[&db],
        )
        .unwrap()
        .get(0)
}

/// LISTEN/NOTIFY: what another program commits shows in an open dashboard at once, well
/// within a second (while it listens, the dashboard's fallback poll runs only every few
/// seconds, so three updates in a row that fast are the push), with no key pressed, and the
/// selected article stays the selected one although new rows arrive above it.
#[test]
fn an_outside_import_shows_at_once_and_keeps_the_selection() {
    let Some(cluster) = pg_common::shared("live_push") else {
        return;
    };
    let url = cluster.fresh_db();
    let db = url.rsplit('/').next().unwrap().to_string();
    let mut omar = Session::start_with_store(&["--user", "omar"], 120, 30, Some(Path::new(&url)));
    let screen = omar.wait_for("the seeds", |s| s.contains("10 unread"));
    let first = facts_date(&screen);
    omar.send(b"jj");
    omar.wait_for("the selection two rows down", |s| {
        facts_date(s).is_some() && facts_date(s) != first
    });
    std::thread::sleep(Duration::from_millis(300));
    let selected = facts_date(&omar.contents()).expect("a date in the Facts pane");

    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
    let started = Instant::now();
    while listening(&mut admin, &db) < 1 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the dashboard never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let dir = tempfile::tempdir().unwrap();
    let mut slowest = Duration::ZERO;
    for n in 1..=3 {
        let file = dir.path().join(format!("late{n}.txt"));
        std::fs::write(
            &file,
            format!("date: 2031-02-0{n}\n\nLatebreak{n} from the wire\n\nBody {n}.\n"),
        )
        .unwrap();
        let out = Command::new(BIN)
            .args(["import", file.to_str().unwrap()])
            .env("AKHBAR_STORE", &url)
            .env("AKHBAR_USER", "wire")
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        // Committed when the import has exited.
        let committed = Instant::now();
        let word = format!("Latebreak{n}");
        let screen = omar.wait_for("the imported article", |s| s.contains(&word));
        let took = committed.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < Duration::from_millis(700),
            "article {n} took {took:?} to show:\n{screen}"
        );
        assert_eq!(
            facts_date(&screen).as_deref(),
            Some(selected.as_str()),
            "the selection moved:\n{screen}"
        );
    }
    eprintln!("live_push: slowest of three updates {slowest:?}");
    omar.send(b"q");
    let (status, _) = omar.finish();
    assert!(status.success(), "{status:?}");
}

/// A file whose article carries link L imported while `akhbar fetch` stores a feed entry with
/// link L: two processes at once, round after round (who starts first alternating), store one
/// article for L, the page and the entry being one story. The first two rounds run the two
/// one after the other, in both orders, for the rule itself.
#[test]
fn a_file_and_a_feed_entry_with_one_link_race_to_one_article() {
    use common::http::{Route, Server};
    let Some(cluster) = pg_common::shared("link_race") else {
        return;
    };
    let url = cluster.fresh_db();
    let server = Server::start();
    let dir = home_with_feed(&server.url("/wire.xml"));
    let command = |args: &[&str]| {
        let mut c = amina(dir.path(), &url, args);
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    };
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let rounds = 16;
    for round in 0..rounds {
        let link = format!("https://news.example.org/2031/05/story-{round}");
        // The feed's one entry: its own guid and words, the link shared.
        let rss = format!(
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\
             <link>https://news.example.org/</link><item><title>Wire story {round} on the \
             port strike</title><link>{link}</link><guid>urn:wire:{round}</guid>\
             <pubDate>0{} May 2031 08:00:00 GMT</pubDate><description>Dockers walked out \
             at dawn in round {round}.</description></item></channel></rss>\n",
            round % 9 + 1
        );
        server.route(
            "/wire.xml",
            Route::Body {
                body: rss.into_bytes(),
                content_type: "application/rss+xml",
                etag: None,
            },
        );
        let file = dir.path().join(format!("saved-{round}.txt"));
        std::fs::write(
            &file,
            format!(
                "date: 2031-05-0{}\nurl: {link}\n\nThe port strike, day {round}\n\n\
                 Dockers walked out at dawn, the saved page of round {round} says.\n",
                round % 9 + 1
            ),
        )
        .unwrap();
        let import = || command(&["import", file.to_str().unwrap()]);
        let fetch = || command(&["fetch"]);
        let outs: Vec<std::process::Output> = match round {
            0 => vec![import().output().unwrap(), fetch().output().unwrap()],
            1 => vec![fetch().output().unwrap(), import().output().unwrap()],
            r => {
                let (first, second) = if r % 2 == 0 {
                    (import(), fetch())
                } else {
                    (fetch(), import())
                };
                let children = [first, second].map(|mut c| c.spawn().unwrap());
                children.map(|c| c.wait_with_output().unwrap()).into()
            }
        };
        for out in &outs {
            assert!(out.status.success(), "round {round}: {out:?}");
        }
        let stored: i64 = admin
            .query_one("SELECT count(*) FROM articles WHERE url = $1", &[&link])
            .unwrap()
            .get(0);
        assert_eq!(stored, 1, "round {round}: {stored} articles for {link}");
    }
}

/// A home folder whose config follows the one feed at `feed_url`.
fn home_with_feed(feed_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/akhbar");
    std::fs::create_dir_all(&config).unwrap();
    let feed = format!("[[feeds]]\nurl = \"{feed_url}\"\n");
    std::fs::write(config.join("config.toml"), feed).unwrap();
    dir
}

/// The akhbar binary run with `args` as the user amina, on the store at `url`, with `home` as
/// its home, config and data folders.
fn amina(home: &std::path::Path, url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AKHBAR_STORE", url)
        .env("AKHBAR_USER", "amina");
    c
}
