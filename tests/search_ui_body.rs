//! `body:` in the dashboard's filter, through `update`: the list shows exactly the articles
//! whose bodies hold the term (checked against the store's bodies), a stale scan's answers
//! are dropped, a longer term scans only what the shorter one found, and the rest of the
//! query can change without the bodies being read again.

mod common;

use akhbar::search::body_holds;
use akhbar::text::fold_for_match;
use akhbar::ui::app::Effect;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::worker::perform;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::BTreeSet;

fn app() -> App {
    common::seed_app(None, Rect::new(0, 0, 120, 40))
}

fn answers(app: &App, e: Effect) -> Vec<Action> {
    let stores = app.stores().clone();
    let mut out = Vec::new();
    perform(e, &stores, &mut |a| out.push(a));
    out
}

fn run(app: &mut App) -> Vec<String> {
    common::run_effects(app)
}

fn key(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn shown(app: &App) -> BTreeSet<i64> {
    app.visible().iter().map(|&i| app.rows()[i].id).collect()
}

/// The rows whose bodies, read from the store, hold every term.
fn expected(app: &App, terms: &[&str]) -> BTreeSet<i64> {
    let folded: Vec<String> = terms.iter().map(|t| fold_for_match(t).text).collect();
    let store = app.stores().reader();
    app.rows()
        .iter()
        .filter(|r| body_holds(&store.body_text(r.id).unwrap(), &folded))
        .map(|r| r.id)
        .collect()
}

#[test]
fn body_terms_filter_the_list_by_what_the_bodies_hold() {
    let mut app = app();
    run(&mut app);
    let all = app.rows().len();
    update(&mut app, Action::Command(Command::Filter));
    // «كيلومترا» without its tanween finds «كيلومترًا» in the seed's body, not its title.
    type_str(&mut app, "body:كيلومترا");
    let kinds = run(&mut app);
    assert!(kinds.iter().any(|k| k == "BodyScan"), "{kinds:?}");
    let want = expected(&app, &["كيلومترا"]);
    assert!(!want.is_empty() && want.len() < all, "{want:?}");
    assert_eq!(shown(&app), want);
    assert!(!app.body().running());
    assert!(
        app.message().as_ref().is_none_or(|m| !m.error),
        "{:?}",
        app.message()
    );

    // A word in English bodies: several articles, each holding it.
    key(&mut app, KeyCode::Esc);
    run(&mut app);
    assert_eq!(app.visible().len(), all, "Esc restores the whole list");
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:the");
    run(&mut app);
    let want = expected(&app, &["the"]);
    assert!(want.len() >= 2, "{want:?}");
    assert_eq!(shown(&app), want);
}

#[test]
fn title_terms_and_body_terms_combine_and_the_bodies_are_read_once() {
    let mut app = app();
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:باكو");
    run(&mut app);
    let in_bodies = expected(&app, &["باكو"]);
    assert!(in_bodies.len() >= 2, "{in_bodies:?}");
    assert_eq!(shown(&app), in_bodies);
    // Adding a title phrase narrows the list without reading a body again.
    type_str(&mut app, " \"بوتين\"");
    let kinds = run(&mut app);
    assert!(!kinds.iter().any(|k| k == "BodyScan"), "{kinds:?}");
    let both = shown(&app);
    assert!(!both.is_empty() && both.len() < in_bodies.len(), "{both:?}");
    assert!(both.is_subset(&in_bodies));
    for &i in app.visible() {
        let title = fold_for_match(&app.rows()[i].title).text;
        assert!(title.contains("بوتين"), "{title}");
    }
}

#[test]
fn a_longer_body_term_scans_only_what_the_shorter_found() {
    let mut app = app();
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:كيلو");
    run(&mut app);
    let short = shown(&app);
    assert!(short.len() >= 2, "{short:?}");
    type_str(&mut app, "مترا");
    // The filter job answers first; the scan it starts is given the shorter term's finds.
    let effects = common::take_effects();
    for e in effects {
        for a in answers(&app, e) {
            update(&mut app, a);
        }
    }
    assert_eq!(app.body().total, short.len(), "narrowed from the last scan");
    run(&mut app);
    assert_eq!(shown(&app), expected(&app, &["كيلومترا"]));
    assert!(shown(&app).len() < short.len());
}

#[test]
fn a_stale_scan_is_dropped() {
    let mut app = app();
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:opec");
    // Score the query; keep its body scan aside instead of running it.
    let mut stale = Vec::new();
    loop {
        let effects = common::take_effects();
        if effects.is_empty() {
            break;
        }
        for e in effects {
            if matches!(e, Effect::BodyScan { .. }) {
                stale.push(e);
            } else {
                for a in answers(&app, e) {
                    update(&mut app, a);
                }
            }
        }
    }
    assert_eq!(stale.len(), 1);
    assert!(app.body().running());
    // A new body term replaces it before it answers.
    for _ in 0.."opec".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "the");
    run(&mut app);
    let want = expected(&app, &["the"]);
    assert_eq!(shown(&app), want);
    // The old scan was cancelled, and whatever it would say is ignored.
    let old = stale.pop().unwrap();
    if let Effect::BodyScan { cancel, .. } = &old {
        assert!(cancel.load(std::sync::atomic::Ordering::Relaxed));
    }
    let late = answers(&app, old);
    assert!(late.is_empty(), "a cancelled scan stops before reading");
    let opec = expected(&app, &["opec"]);
    let fake = Action::BodiesScanned {
        generation: 1,
        matched: opec.iter().copied().collect(),
        scanned: opec.len(),
    };
    update(&mut app, fake);
    assert_eq!(
        shown(&app),
        want,
        "an old generation's answer changes nothing"
    );
}
