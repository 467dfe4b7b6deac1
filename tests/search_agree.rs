//! The dashboard's filter and `akhbar search` answer a query with the same articles: both
//! decide by `search::plan`, and this keeps them from drifting apart.

mod common;

use akhbar::ui::app::{Action, App};
use common::settle;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::BTreeSet;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn dashboard(app: &mut App, query: &str) -> BTreeSet<String> {
    update(app, Action::Command(akhbar::ui::keymap::Command::Filter));
    // Clear what the last query left, then type this one.
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    update(app, Action::Command(akhbar::ui::keymap::Command::Filter));
    for c in query.chars() {
        update(
            app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    settle(app);
    app.visible()
        .iter()
        .map(|&i| app.rows()[i].key.0.clone())
        .collect()
}

fn command_line(query: &str) -> BTreeSet<String> {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let out = Command::new(BIN)
        .args(["--store", ":memory:", "search", "--json", query, seeds])
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn the_filter_and_search_agree_on_every_kind_of_clause() {
    let mut app = common::seed_app(None, Rect::new(0, 0, 120, 30));
    let queries = [
        "بوتين",
        "fact:بوتين",
        "body:الكرملين",
        "fact:بوتين body:باكو",
        "lang:en",
        "lang:ar !بوتين",
        "is:unread",
        "is:starred",
        "body:zzzznothing",
        "apple",
    ];
    let mut nonempty = 0;
    for q in queries {
        let ui = dashboard(&mut app, q);
        let cli = command_line(q);
        assert_eq!(ui, cli, "query {q:?}");
        nonempty += usize::from(!ui.is_empty());
    }
    assert!(nonempty >= 6, "most queries find something: {nonempty}");
}
