//! Feeds in the dashboard, through `update` and the real refresh effect against a server on
//! 127.0.0.1: keys are handled while 50 feeds refresh (the refresh never holds the input
//! path), new articles join the list without moving the selection, a dead feed's error shows
//! in the feeds view and never stops the others.

mod common;

use akhbar::store::View;
use akhbar::ui::app::Effect;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::worker as effect;
use common::http::{rss, Route, Server};
use common::settle;
use common::update;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::sync::mpsc;

/// A dashboard on the seeds in a store in memory, showing the store's All view, with the
/// config file `config` (its feeds).
fn app(config: &str, size: Rect) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let mut app = common::seed_app(Some(dir.path()), size);
    update(&mut app, Action::LoadView(View::All));
    settle(&mut app);
    (app, dir)
}

fn feeds_config(server: &Server, paths: &[String]) -> String {
    let mut config = String::from("refresh_minutes = 0\n");
    for p in paths {
        config.push_str(&format!("[[feeds]]\nurl = \"{}\"\n", server.url(p)));
    }
    config
}

/// Starts the effects `update` asked for on worker threads, as the event loop does; their
/// actions come back through the channel.
fn spawn_effects(app: &mut App, tx: &mpsc::Sender<Action>) {
    for e in common::take_effects() {
        let stores = app.stores().clone();
        let tx = tx.clone();
        std::thread::spawn(move || {
            effect::perform(e, &stores, &mut |a| {
                let _ = tx.send(a);
            })
        });
    }
}

fn assert_newest_first(app: &App) {
    let dates: Vec<_> = app.visible().iter().map(|&i| app.rows()[i].date).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    assert_eq!(dates, sorted);
}

fn selected_key(app: &App) -> String {
    app.selected_row().unwrap().key.0.clone()
}

#[test]
fn keys_are_handled_while_fifty_feeds_refresh_and_the_selection_stays() {
    let server = Server::start();
    let mut paths = Vec::new();
    for i in 0..50 {
        let path = format!("/f{i}.xml");
        let body = Route::Body {
            body: rss(&format!("f{i}"), 3, i % 2 == 0),
            content_type: "application/rss+xml",
            etag: None,
        };
        // The first eight answer at once; the rest wait for the test to open the gate, so
        // the refresh is certainly still running while the keys below are pressed.
        let route = if i < 8 {
            body
        } else {
            Route::Gated(Box::new(body))
        };
        server.route(&path, route);
        paths.push(path);
    }
    // A short screen: the list scrolls, so "the same screen row" means something.
    let (mut app, _dir) = app(&feeds_config(&server, &paths), Rect::new(0, 0, 120, 12));
    let seeds = app.rows().len();
    assert!(seeds > 8, "more articles than list rows");
    update(&mut app, Action::Command(Command::Down));
    update(&mut app, Action::Command(Command::Down));
    let chosen = selected_key(&app);
    let screen_row = app.selected() - app.list_offset();

    let (tx, rx) = mpsc::channel();
    update(&mut app, Action::Command(Command::RefreshAll));
    assert!(app.feeds().running.is_some());
    spawn_effects(&mut app, &tx);

    // Wait for some feeds (the ungated ones) to arrive, then press keys mid-refresh.
    let mut done = 0;
    while done < 8 {
        let action = rx.recv().unwrap();
        if matches!(action, Action::FeedDone(_)) {
            done += 1;
        }
        update(&mut app, action);
        spawn_effects(&mut app, &tx);
    }
    assert_eq!(
        selected_key(&app),
        chosen,
        "new rows never move the selection"
    );
    assert_eq!(app.selected() - app.list_offset(), screen_row);
    assert!(
        app.rows().len() > seeds,
        "the first feeds' articles are in the list"
    );
    let progress = app.feeds().running.clone().expect("still refreshing");
    assert!(progress.summary.feeds < 50);
    // Keys act at once while the other 42 feeds are still being fetched.
    let before = app.selected();
    update(&mut app, Action::Command(Command::Down));
    assert_eq!(
        app.selected(),
        before + 1,
        "j moved the selection mid-refresh"
    );
    update(&mut app, Action::Command(Command::Up));
    assert_eq!(selected_key(&app), chosen);
    update(&mut app, Action::Command(Command::Feeds));
    assert!(
        app.feeds().view.is_some(),
        "F opened the feeds view mid-refresh"
    );
    update(&mut app, Action::Command(Command::Back));
    assert!(app.feeds().view.is_none());
    assert!(app.feeds().running.is_some());

    server.open_gate();
    loop {
        let action = rx.recv().unwrap();
        let end = matches!(action, Action::RefreshDone(_));
        update(&mut app, action);
        spawn_effects(&mut app, &tx);
        if end {
            break;
        }
    }
    assert!(app.feeds().running.is_none());
    assert_eq!(app.rows().len(), seeds + 150);
    assert_eq!(selected_key(&app), chosen);
    assert_eq!(app.selected() - app.list_offset(), screen_row);
    // The list is in the store's order: newest first, the feeds' June 2025 stories above
    // the seeds of 2024; and stays so after triage and after a filter is cleared.
    let message = app.message().clone().unwrap().text;
    assert!(
        message.contains("50 feeds, 150 new articles, 0 failed"),
        "{message}"
    );
    assert_newest_first(&app);
    update(&mut app, Action::Command(Command::ToggleRead));
    settle(&mut app);
    assert_newest_first(&app);
    update(&mut app, Action::Command(Command::Filter));
    for c in ['f', '1'] {
        update(
            &mut app,
            Action::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
    }
    settle(&mut app);
    assert!(app.visible().len() < seeds + 150);
    update(
        &mut app,
        Action::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Esc,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    settle(&mut app);
    assert_eq!(app.visible().len(), seeds + 150);
    assert_newest_first(&app);
}

#[test]
fn a_dead_feed_shows_its_error_and_the_rest_refresh() {
    let server = Server::start();
    server.route(
        "/good.xml",
        Route::Body {
            body: rss("good", 2, true),
            content_type: "application/rss+xml",
            etag: None,
        },
    );
    server.route("/dead.xml", Route::Status(500));
    let paths = vec!["/good.xml".to_string(), "/dead.xml".to_string()];
    let (mut app, _dir) = app(&feeds_config(&server, &paths), Rect::new(0, 0, 100, 30));
    let seeds = app.rows().len();
    update(&mut app, Action::Command(Command::RefreshAll));
    settle(&mut app);
    assert_eq!(app.rows().len(), seeds + 2);
    let message = app.message().clone().unwrap();
    assert!(message.error);
    assert!(message.text.contains("1 failed"), "{}", message.text);

    // The feeds view: the dead feed marked, its error in full when selected.
    update(&mut app, Action::Command(Command::Feeds));
    settle(&mut app);
    update(&mut app, Action::Command(Command::Down));
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
    let screen: Vec<String> = {
        let buf = term.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    };
    let all = screen.join("\n");
    assert!(all.contains("Feeds 2"), "{all}");
    let dead_row = screen
        .iter()
        .find(|l| l.contains("✗"))
        .unwrap_or_else(|| panic!("a failed mark: {all}"));
    assert!(
        dead_row.contains("dead.xml") && dead_row.contains("failed"),
        "{all}"
    );
    assert!(all.contains("last error:") && all.contains("500"), "{all}");
    // The good feed shows its own (Arabic) title and its two unread articles.
    let good_row = screen.iter().find(|l| l.contains("2/2")).unwrap();
    assert!(!good_row.contains("✗"), "{good_row}");
    assert!(
        all.contains("FEEDS"),
        "the status bar says where the keys go"
    );

    // r refreshes just the selected feed; Esc closes the view.
    update(&mut app, Action::Command(Command::RefreshFeed));
    let effects = common::take_effects();
    assert!(
        matches!(&effects[..], [Effect::Refresh { subs, .. }] if subs.len() == 1 && subs[0].url.ends_with("/dead.xml")),
        "{effects:?}"
    );
}

#[test]
fn feeds_are_refreshed_when_due_and_not_before() {
    let server = Server::start();
    server.route(
        "/a.xml",
        Route::Body {
            body: rss("a", 1, false),
            content_type: "application/rss+xml",
            etag: None,
        },
    );
    let config = format!(
        "refresh_minutes = 30\n[[feeds]]\nurl = \"{}\"\n",
        server.url("/a.xml")
    );
    let (mut app, _dir) = app(&config, Rect::new(0, 0, 100, 30));
    // Before the store's feed states are read, nothing is due (it would look never fetched).
    let now = chrono::Utc::now().timestamp();
    update(&mut app, Action::Tick(now));
    assert!(app.feeds().running.is_none());
    update(&mut app, Action::LoadFeeds);
    settle(&mut app);
    update(&mut app, Action::Tick(now));
    assert!(app.feeds().running.is_some(), "never fetched: due");
    settle(&mut app);
    assert!(app.feeds().running.is_none());
    update(&mut app, Action::Tick(now + 60));
    assert!(
        app.feeds().running.is_none(),
        "fetched a minute ago: not due"
    );
    update(&mut app, Action::Tick(now + 31 * 60));
    assert!(app.feeds().running.is_some(), "due again after 30 minutes");
}
