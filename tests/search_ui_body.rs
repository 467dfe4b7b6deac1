//! `body:` in the dashboard's filter, through `update`: the list shows exactly the articles
//! whose bodies hold the term as a word (checked against the store's bodies, token by
//! token), with no body scanned (the index answers `body:` with the rest of the query), a
//! stale filter's answers are dropped, a body term is a whole word (not a
//! substring), and the rest of the query can change without the index being asked again.

mod common;

use akhbar::text::fold_for_match;
use akhbar::text::tokens::{query_tokens, tokens, variants};
use akhbar::ui::app::Effect;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::BTreeSet;

fn app() -> App {
    common::seed_app(None, Rect::new(0, 0, 120, 40))
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

/// The rows whose bodies, read from the store, hold every term as a word (its token or a
/// proclitic variant of it).
fn expected(app: &App, terms: &[&str]) -> BTreeSet<i64> {
    let wanted: Vec<Vec<String>> = terms
        .iter()
        .map(|t| variants(&query_tokens(t)[0]))
        .collect();
    let store = app.stores().reader();
    app.rows()
        .iter()
        .filter(|r| {
            let body: Vec<String> = tokens(&store.body_text(r.id).unwrap())
                .into_iter()
                .map(|t| t.text)
                .collect();
            wanted.iter().all(|w| body.iter().any(|b| w.contains(b)))
        })
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
    // The index answers the `body:` term with the rest of the query: no body is scanned.
    assert!(!kinds.iter().any(|k| k == "BodyScan"), "{kinds:?}");
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
fn a_body_term_is_a_whole_word_not_a_substring() {
    let mut app = app();
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:كيلومترا");
    run(&mut app);
    let whole = shown(&app);
    assert!(!whole.is_empty(), "{whole:?}");
    assert_eq!(whole, expected(&app, &["كيلومترا"]));
    // The first letters of that word are not a word of any body.
    for _ in 0.."مترا".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    run(&mut app);
    assert_eq!(shown(&app), expected(&app, &["كيلو"]));
}

#[test]
fn a_stale_filter_is_dropped() {
    let mut app = app();
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    type_str(&mut app, "body:opec");
    // The query's filter job is kept aside instead of run.
    let stale: Vec<Effect> = common::take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::Filter { .. }))
        .collect();
    let old = stale.into_iter().last().expect("a filter job");
    // A new body term replaces it before it answers.
    for _ in 0.."opec".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "the");
    run(&mut app);
    let want = expected(&app, &["the"]);
    assert_eq!(shown(&app), want);
    assert!(!app.body().running());
    // The old job was cancelled, and whatever it would say is ignored.
    if let Effect::Filter { cancel, .. } = &old {
        assert!(cancel.load(std::sync::atomic::Ordering::Relaxed));
    }
    let opec = expected(&app, &["opec"]);
    assert!(!opec.is_empty() && opec != want, "{opec:?}");
    let Effect::Filter { generation, .. } = &old else {
        unreachable!()
    };
    let index: Vec<usize> = app
        .rows()
        .iter()
        .enumerate()
        .filter(|(_, r)| opec.contains(&r.id))
        .map(|(i, _)| i)
        .collect();
    for late in [
        Action::FilterPreview {
            generation: *generation,
            hits: index
                .iter()
                .map(|&index| akhbar::search::Hit { index, score: 1 })
                .collect(),
        },
        Action::FilterReady {
            generation: *generation,
            hits: index
                .iter()
                .map(|&index| akhbar::search::Hit { index, score: 1 })
                .collect(),
        },
    ] {
        update(&mut app, late);
        assert_eq!(
            shown(&app),
            want,
            "an old generation's answer changes nothing"
        );
    }
}
