//! Triage through `update`, as the event loop drives it: every action reaches the store before
//! the screen shows it, undo and redo walk the store's inverses, bulk actions cover exactly
//! what the filter shows and ask first above ten articles, views follow the store.

mod common;

use akhbar::store::View;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::Overrides;
use common::settle;
use common::update;
use common::{cmd, key, keys};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn app() -> App {
    common::seed_app(None, Rect::new(0, 0, 120, 40))
}

/// The article keys the list shows, in order.
fn shown_keys(app: &App) -> Vec<&str> {
    app.visible()
        .iter()
        .map(|&i| app.rows()[i].key.0.as_str())
        .collect()
}

/// The selected article's state as the store has it.
fn stored(app: &App) -> akhbar::store::Row {
    let id = app.selected_row().expect("a selection").id;
    app.stores().reader().row(id).expect("the row")
}

#[test]
fn each_action_is_in_the_store_and_undo_redo_walk_back_and_forth() {
    let mut app = app();
    cmd(&mut app, Command::ToggleStar);
    assert!(stored(&app).starred && app.selected_row().unwrap().starred);
    cmd(&mut app, Command::ToggleRead);
    assert!(stored(&app).read);
    cmd(&mut app, Command::Tag);
    keys(&mut app, "later");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app).tags, ["later"]);
    cmd(&mut app, Command::Note);
    keys(&mut app, "check the figures");
    key(&mut app, KeyCode::Enter);
    let id = app.selected_row().unwrap().id;
    assert_eq!(
        app.stores().reader().note(id).unwrap().as_deref(),
        Some("check the figures")
    );

    // Undo all four, newest first; the store follows each step.
    cmd(&mut app, Command::Undo);
    assert!(app.stores().reader().note(id).unwrap().is_none());
    cmd(&mut app, Command::Undo);
    assert!(stored(&app).tags.is_empty());
    cmd(&mut app, Command::Undo);
    assert!(!stored(&app).read);
    cmd(&mut app, Command::Undo);
    assert!(!stored(&app).starred && !app.selected_row().unwrap().starred);
    cmd(&mut app, Command::Undo);
    assert_eq!(app.message().as_ref().unwrap().text, "nothing to undo");

    cmd(&mut app, Command::Redo);
    cmd(&mut app, Command::Redo);
    assert!(stored(&app).starred && stored(&app).read);
    // A new action forgets what could be redone.
    cmd(&mut app, Command::ToggleArchive);
    cmd(&mut app, Command::Redo);
    assert_eq!(app.message().as_ref().unwrap().text, "nothing to redo");
}

#[test]
fn tag_prompt_completes_from_existing_tags_and_minus_removes() {
    let mut app = app();
    cmd(&mut app, Command::Tag);
    keys(&mut app, "economy");
    key(&mut app, KeyCode::Enter);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Tag);
    keys(&mut app, "ec");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app).tags, ["economy"]);
    cmd(&mut app, Command::Tag);
    keys(&mut app, "-economy");
    key(&mut app, KeyCode::Enter);
    assert!(stored(&app).tags.is_empty());
    // Esc cancels without a change.
    cmd(&mut app, Command::Tag);
    keys(&mut app, "nope");
    key(&mut app, KeyCode::Esc);
    assert!(stored(&app).tags.is_empty() && app.prompt().is_none());
}

#[test]
fn bulk_acts_on_what_the_filter_shows() {
    let mut app = app();
    cmd(&mut app, Command::Filter);
    keys(&mut app, "lang:en");
    key(&mut app, KeyCode::Enter);
    let shown: Vec<i64> = app.visible().iter().map(|&i| app.rows()[i].id).collect();
    assert_eq!(shown.len(), 2, "the two English seeds");
    cmd(&mut app, Command::Bulk);
    cmd(&mut app, Command::ToggleStar);
    let reader = app.stores().reader();
    for row in app.rows() {
        let starred = reader.row(row.id).unwrap().starred;
        assert_eq!(starred, shown.contains(&row.id), "{}", row.title);
    }
    drop(reader);
    // One undo takes the whole bulk action back.
    cmd(&mut app, Command::Undo);
    assert_eq!(app.stores().reader().counts().unwrap().starred, 0);
    // A key other than r, s, a, t after ; cancels it.
    cmd(&mut app, Command::Bulk);
    cmd(&mut app, Command::Down);
    assert!(!app.bulk());
    assert_eq!(app.stores().reader().counts().unwrap().starred, 0);
}

#[test]
fn bulk_above_ten_asks_first() {
    // Twelve articles: the ten seeds and two more.
    let mut articles = akhbar::ingest::load_embedded().articles;
    for n in 0..2 {
        let mut extra = articles[3].clone();
        extra.id = akhbar::model::ArticleId(format!("extra-{n}"));
        extra.title = format!("Extra article {n}");
        extra.url = None;
        extra.paragraphs[0].text.push_str(&format!(" ({n})"));
        articles.push(extra);
    }
    let mut app = akhbar::ui::setup(
        articles,
        vec![],
        &Overrides::default(),
        None,
        Rect::new(0, 0, 120, 40),
    );
    assert_eq!(app.visible().len(), 12);
    cmd(&mut app, Command::Bulk);
    cmd(&mut app, Command::ToggleRead);
    assert!(app.prompt().is_some(), "asks before marking 12 read");
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(
        app.stores().reader().counts().unwrap().unread,
        12,
        "declined: nothing changed"
    );
    cmd(&mut app, Command::Bulk);
    cmd(&mut app, Command::ToggleRead);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.stores().reader().counts().unwrap().unread, 0);
    assert!(app.message().as_ref().unwrap().text.contains("12 articles"));
}

#[test]
fn archive_hides_from_the_unread_view_and_views_switch() {
    let mut app = app();
    update(&mut app, Action::LoadView(View::Unread));
    settle(&mut app);
    assert_eq!(app.visible().len(), 10);
    cmd(&mut app, Command::ToggleArchive);
    assert_eq!(
        app.visible().len(),
        9,
        "archived leaves the unread view at once"
    );
    assert_eq!(app.counts().archived, 1);
    cmd(&mut app, Command::Undo);
    assert_eq!(app.visible().len(), 10, "and comes back on undo");
    cmd(&mut app, Command::ToggleStar);
    cmd(&mut app, Command::ViewStarred);
    assert_eq!(app.visible().len(), 1);
    cmd(&mut app, Command::ViewArchived);
    assert_eq!(app.visible().len(), 0);
    cmd(&mut app, Command::NextView);
    assert_eq!(app.visible().len(), 10, "all");
}

#[test]
fn opening_marks_read_in_the_store() {
    let mut app = app();
    cmd(&mut app, Command::Open);
    assert!(stored(&app).read);
    assert_eq!(app.counts().unread, 9);
}

/// Enter on a fact lists every article that mentions it, through the entity index built
/// from the store; `fact:` typed in the filter does the same.
#[test]
fn enter_on_a_fact_lists_every_article_that_mentions_it() {
    let mut app = app();
    cmd(&mut app, Command::FocusNext);
    cmd(&mut app, Command::FocusNext);
    let name = app
        .highlighted_entity()
        .expect("a person is selected")
        .name
        .clone();
    assert!(name.contains("بوتين"), "{name}");
    cmd(&mut app, Command::Open);
    assert!(app.query().starts_with("fact:"), "{}", app.query());
    let shown = shown_keys(&app);
    assert!(shown.contains(&"000_58f7478ab411ec6c"), "{shown:?}");
    assert!(
        !shown.contains(&"006_eclipse-day-path-of-totality"),
        "{shown:?}"
    );
    // Every article listed names him, as its own facts say.
    for &i in app.visible() {
        let article = app.stores().reader().article(app.rows()[i].id).unwrap();
        let keys = akhbar::facts::extract_article(&article).entity_keys();
        assert!(
            keys.iter().any(|k| k.contains("بوتين")),
            "{}",
            article.title
        );
    }
    // The facts were cached in the store on the way.
    let id = app.rows()[0].id;
    let cached = app
        .stores()
        .reader()
        .cached_facts(id, akhbar::facts::EXTRACTOR_VERSION)
        .unwrap();
    assert!(cached.is_some());

    // Typed by hand, with a place.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    cmd(&mut app, Command::Filter);
    key(&mut app, KeyCode::Esc);
    cmd(&mut app, Command::Filter);
    keys(&mut app, "fact:باكو");
    key(&mut app, KeyCode::Enter);
    let shown = shown_keys(&app);
    assert!(shown.contains(&"000_58f7478ab411ec6c"), "{shown:?}");
    assert!(
        shown.contains(&"002_cop29-baku-leaders-summit"),
        "{shown:?}"
    );
}

/// A filter job made stale by a newer keystroke is dropped when its result comes late.
#[test]
fn a_stale_filter_result_is_dropped() {
    let mut app = app();
    cmd(&mut app, Command::Filter);
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE)),
    );
    let stale = common::take_effects();
    assert_eq!(stale.len(), 1, "one filter job for 'e'");
    keys(&mut app, "clipse");
    let fresh: Vec<usize> = app.visible().to_vec();
    assert!(app.query() == "eclipse" && !fresh.is_empty());
    // The job for "e" finishes only now.
    let stores = app.stores().clone();
    let mut late = Vec::new();
    for e in stale {
        akhbar::ui::worker::perform(e, &stores, &mut |a| late.push(a));
    }
    for a in late {
        update(&mut app, a);
    }
    assert_eq!(
        app.visible(),
        fresh,
        "the older query's result did not replace the newer"
    );
    assert_eq!(app.query(), "eclipse");
}
