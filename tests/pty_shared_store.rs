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

/// A page opened in the dashboard (`akhbar PAGE`) is read against its site's stored articles,
/// as `akhbar import` reads it: a footer that three earlier pages of the site carried is
/// furniture on the fourth even though it is opened alone.
#[test]
fn the_dashboard_knows_a_sites_furniture_from_its_stored_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("akhbar.db");
    let akhbar = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("HOME", dir.path().join("home"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env_remove("XDG_DATA_HOME")
            .env("AKHBAR_STORE", &store)
            .env_remove("AKHBAR_LOG")
            .output()
            .expect("running akhbar");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let footer = "تصدر نشرة الوادي عن دار الوادي للطباعة والنشر منذ عام 1987 في المدينة.";
    let pages = [
        ("w", "هطول أمطار غزيرة على المناطق الشمالية", "شهدت المناطق الشمالية أمطارًا غزيرة طوال ليل الأحد، وأغلقت بعض الطرق الفرعية حتى الصباح."),
        ("x", "افتتاح مكتبة عامة في الحي القديم", "افتتحت البلدية مكتبة عامة في الحي القديم تضم آلاف الكتب وقاعة للمطالعة مفتوحة طوال الأسبوع."),
        ("y", "ارتفاع صادرات الحمضيات هذا الموسم", "ارتفعت صادرات الحمضيات هذا الموسم بعد فتح أسواق جديدة، بحسب ما أعلنته جمعية المزارعين."),
        ("z", "مهرجان للفنون الشعبية في الساحة الكبرى", "تستضيف الساحة الكبرى مهرجانًا للفنون الشعبية يستمر ثلاثة أيام بمشاركة فرق من مختلف المحافظات."),
    ];
    for (stem, title, body) in pages {
        let page = dir.path().join(format!("{stem}.txt"));
        std::fs::write(&page, format!("{title}\n\n{body}\n\n{footer}\n")).unwrap();
        std::fs::write(
            dir.path().join(format!("{stem}.toml")),
            format!("url = \"https://alwadi.example/news/{stem}\"\n"),
        )
        .unwrap();
        if stem != "z" {
            akhbar(&["import", page.to_str().unwrap()]);
        }
    }
    let last = dir.path().join("z.txt");
    let mut dash = Session::start_with_store(&[last.to_str().unwrap()], 100, 30, Some(&store));
    dash.wait_for("the opened page", |s| {
        s.contains("1 shown") || s.contains("1 unread")
    });
    dash.send(b"q");
    let (status, _) = dash.finish();
    assert!(status.success(), "the dashboard quits cleanly");
    let listed = akhbar(&["list", "--json"]);
    let paragraphs = |id: &str| {
        listed
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["id"] == id)
            .map(|v| v["paragraphs"].clone())
            .unwrap_or_else(|| panic!("{id} listed in {listed}"))
    };
    assert_eq!(paragraphs("x"), 2, "two pages are not yet a pattern");
    assert_eq!(
        paragraphs("y"),
        1,
        "on the third page by `akhbar import` the footer recurs"
    );
    assert_eq!(
        paragraphs("z"),
        1,
        "and the dashboard drops it from the fourth, opened alone"
    );
}
