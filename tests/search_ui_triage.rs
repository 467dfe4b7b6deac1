//! A filtered list after a triage change: rows leave and come back (undo) in their ranked
//! places without the query being scored again, so moving through a filtered list (which
//! marks articles read) redraws only what moved.

mod common;

use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn app() -> App {
    common::seed_app(None, Rect::new(0, 0, 120, 40))
}

fn run(app: &mut App) -> Vec<String> {
    common::run_effects(app)
}

fn shown(app: &App) -> Vec<i64> {
    app.visible().iter().map(|&i| app.rows()[i].id).collect()
}

#[test]
fn triage_in_a_filtered_list_does_not_score_again() {
    let mut app = app();
    run(&mut app);
    // The unread view, which archived articles leave.
    update(&mut app, Action::Command(Command::ViewUnread));
    run(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    // A word most seeds' titles or bodies hold (the full-text index answers for it).
    for c in "في".chars() {
        update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    run(&mut app);
    let before = shown(&app);
    assert!(before.len() > 2, "most seeds say في");
    let gone = before[1];
    update(&mut app, Action::Command(Command::Down));
    run(&mut app);
    // Archiving in the unread view: the row leaves the list.
    update(&mut app, Action::Command(Command::ToggleArchive));
    let work = run(&mut app);
    assert!(
        !work.iter().any(|e| e.starts_with("Filter")),
        "no filter job: {work:?}"
    );
    let after = shown(&app);
    let expected: Vec<i64> = before.iter().copied().filter(|&id| id != gone).collect();
    assert_eq!(after, expected);
    // Undo: it comes back in its ranked place, still without scoring.
    update(&mut app, Action::Command(Command::Undo));
    let work = run(&mut app);
    assert!(
        !work.iter().any(|e| e.starts_with("Filter")),
        "no filter job: {work:?}"
    );
    assert_eq!(shown(&app), before);
}
