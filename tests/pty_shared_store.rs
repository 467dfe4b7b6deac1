//! One store, many akhbars at once: a cron-style `akhbar fetch` (a feed served on 127.0.0.1)
//! and an `akhbar import` run while the real dashboard is open on the same store, in a
//! pseudo-terminal. Both succeed, and the dashboard shows what they wrote without a key
//! pressed (it polls the store's data version on its tick).

mod common;

use common::http::{rss, Route, Server};
use common::pty::{Session, BIN};
use std::process::Command;

#[test]
fn fetch_and_import_while_the_dashboard_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("akhbar.db");
    let mut dash = Session::start_with_store(&[], 120, 30, Some(&store));
    dash.wait_for("the seeds", |s| s.contains("10 unread"));

    let server = Server::start();
    server.route(
        "/cron.xml",
        Route::Body {
            body: rss("cron", 3, false),
            content_type: "application/rss+xml",
            etag: None,
        },
    );
    let config = dir.path().join("config/akhbar");
    std::fs::create_dir_all(&config).unwrap();
    let feed = format!("[[feeds]]\nurl = \"{}\"\n", server.url("/cron.xml"));
    std::fs::write(config.join("config.toml"), feed).unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("AKHBAR_STORE", &store)
            .output()
            .unwrap()
    };
    let out = run(&["fetch"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 feed, 3 new articles, 0 failed"),
        "{out:?}"
    );
    dash.wait_for("the fetched articles", |s| {
        s.contains("Story cron number 0") && s.contains("Story cron number 2")
    });

    let file = dir.path().join("extra.txt");
    std::fs::write(
        &file,
        "date: 2031-01-02\n\nAn imported headline from outside\n\nBody.\n",
    )
    .unwrap();
    let out = run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    dash.wait_for("the imported article", |s| {
        s.contains("An imported headline from")
    });
    dash.send(b"q");
    let (status, _) = dash.finish();
    assert!(status.success(), "{status:?}");
}
