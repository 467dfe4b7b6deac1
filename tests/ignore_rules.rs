//! Ignore rules (`[[ignore]]` in the config, a query in the filter's language) through
//! `update` and the real effects: what they match is archived as it arrives, on a refresh
//! from a server on 127.0.0.1 and on an import, never dropped (the archived view has it and
//! `a` brings it back); the feeds view counts what each rule archived; a rule that does not
//! parse is one line at start and the other rules still work.

mod common;

use akhbar::store::View;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use common::http::{rss, Route, Server};
use common::{act, cmd, screen_rows, settle, update};
use ratatui::layout::Rect;

fn app_with(config: &str) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let app = common::seed_app(Some(dir.path()), Rect::new(0, 0, 120, 30));
    (app, dir)
}

fn stored(app: &App, view: View) -> Vec<akhbar::store::Row> {
    app.stores().reader().rows(view, None, 10_000).unwrap()
}

#[test]
fn a_refresh_archives_what_the_rules_match_and_the_feeds_view_counts_it() {
    let server = Server::start();
    for (path, tag) in [("/wire.xml", "wire"), ("/other.xml", "other")] {
        server.route(
            path,
            Route::Body {
                body: rss(tag, 3, false),
                content_type: "application/rss+xml",
                etag: None,
            },
        );
    }
    let config = format!(
        "refresh_minutes = 0\n\
         [[feeds]]\nurl = \"{}\"\ntitle = \"Wire\"\ntags = [\"ads\"]\n\
         [[feeds]]\nurl = \"{}\"\ntitle = \"Other\"\ntags = [\"ads\"]\n\
         [[ignore]]\nquery = \"source:Wire tag:ads\"\n\
         [[ignore]]\nquery = '\"other number 2\"'\n\
         [[ignore]]\nquery = \"is:maybe\"\n",
        server.url("/wire.xml"),
        server.url("/other.xml")
    );
    let (mut app, _dir) = app_with(&config);
    // The bad rule is one line at start; the dashboard opened and the other rules stand.
    let start = app
        .message()
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(start.contains("ignore rule 3 \"is:maybe\""), "{start}");
    assert!(!start.contains('\n'));
    act(&mut app, Action::LoadView(View::Unread));
    let unread_before = app.rows().len();

    act(&mut app, Action::Command(Command::RefreshAll));
    let m = app.message().as_ref().unwrap().text.clone();
    assert!(
        m.contains("6 new articles") && m.contains("4 archived by ignore rules"),
        "{m}"
    );
    // Archived, never dropped: every Wire story, and Other's story 2 (a phrase the full-text
    // index answers), are in the archived view; the rest came in unread.
    let archived: Vec<String> = stored(&app, View::Archived)
        .into_iter()
        .map(|r| r.title)
        .collect();
    let mut want = vec![
        "Story wire number 0 about trade",
        "Story wire number 1 about trade",
        "Story wire number 2 about trade",
        "Story other number 2 about trade",
    ];
    let mut got: Vec<&str> = archived.iter().map(String::as_str).collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    let shown: Vec<&str> = app
        .visible()
        .iter()
        .map(|&i| app.rows()[i].title.as_str())
        .collect();
    assert_eq!(shown.len(), unread_before + 2, "{shown:?}");
    assert!(shown.contains(&"Story other number 0 about trade"));
    assert!(!shown.iter().any(|t| t.contains("wire")), "{shown:?}");

    // The feeds view lists each rule with what it archived.
    cmd(&mut app, Command::Feeds);
    settle(&mut app);
    let screen = screen_rows(&app).join("\n");
    assert!(
        screen.contains("ignore source:Wire tag:ads  · 3 archived"),
        "{screen}"
    );
    assert!(
        screen.contains("ignore \"other number 2\"  · 1 archived"),
        "{screen}"
    );
    cmd(&mut app, Command::Back);

    // `a` in the archived view brings one back; a refresh that brings nothing new leaves
    // it alone (rules act on arrival only).
    act(&mut app, Action::Command(Command::ViewArchived));
    let first = app.selected_row().unwrap().id;
    act(&mut app, Action::Command(Command::ToggleArchive));
    assert!(!app.stores().reader().row(first).unwrap().archived);
    act(&mut app, Action::Command(Command::RefreshAll));
    assert!(!app.stores().reader().row(first).unwrap().archived);
    assert_eq!(stored(&app, View::Archived).len(), 3);
}

#[test]
fn an_import_archives_what_the_rules_match() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("wire.jsonl");
    let line = |id: &str, source: &str, title: &str| {
        serde_json::json!({
            "id": id, "title": title, "source": source, "published": "2025-06-01",
            "lang": "ar", "body": "قال المتحدث إن الاجتماع انتهى دون اتفاق."
        })
        .to_string()
    };
    std::fs::write(
        &corpus,
        [
            line("a1", "Spam Wire", "عرض خاص على الهواتف"),
            line("a2", "Spam Wire", "تخفيضات نهاية الأسبوع"),
            line("a3", "وكالة الأنباء", "اجتماع وزراء الخارجية"),
        ]
        .join("\n"),
    )
    .unwrap();
    let (mut app, _config) = app_with("[[ignore]]\nquery = \"source:spam\"\n");
    act(&mut app, Action::Import(vec![corpus.clone()]));
    let rows: Vec<(String, bool)> = app
        .rows()
        .iter()
        .map(|r| (r.key.0.clone(), r.archived))
        .collect();
    let mut rows = rows;
    rows.sort();
    assert_eq!(
        rows,
        [
            ("a1".to_string(), true),
            ("a2".to_string(), true),
            ("a3".to_string(), false)
        ]
    );
    let m = app
        .message()
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("2 archived by ignore rules"), "{m}");
    // The same file again: nothing new, nothing archived again.
    update(&mut app, Action::Import(vec![corpus]));
    settle(&mut app);
    assert_eq!(stored(&app, View::Archived).len(), 2);
    // With no feed subscribed, the feeds view still lists the rule and what it archived.
    assert!(app.feeds().subs.is_empty());
    cmd(&mut app, Command::Feeds);
    settle(&mut app);
    let screen = screen_rows(&app).join("\n");
    assert!(screen.contains("No feeds yet"), "{screen}");
    assert!(
        screen.contains("ignore source:spam  · 2 archived"),
        "{screen}"
    );
}
