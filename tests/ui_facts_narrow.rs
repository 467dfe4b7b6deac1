//! The facts pane where only one pane fits (below 80 columns): it lists the article's people,
//! places and the rest, and j/k move through all of them, scrolling the pane.

mod common;

use common::screen_rows as screen;

use akhbar::ui::app::App;
use akhbar::ui::keymap::Command;
use akhbar::ui::layout::Pane;
use common::cmd;
use ratatui::layout::Rect;

const SEED_ID: &str = "000_58f7478ab411ec6c";

/// The dashboard at `w`x`h` with the seed selected and the facts pane focused.
fn on_seed_facts(w: u16, h: u16) -> App {
    let mut app = common::seed_app(None, Rect::new(0, 0, w, h));
    let at = app
        .visible()
        .iter()
        .position(|&i| app.rows()[i].key.0 == SEED_ID)
        .expect("the seed is listed");
    cmd(&mut app, Command::Top);
    for _ in 0..at {
        cmd(&mut app, Command::Down);
    }
    while app.focus() != Pane::Facts {
        cmd(&mut app, Command::FocusNext);
    }
    app
}

#[test]
fn below_80_columns_the_facts_pane_lists_the_facts_and_scrolls() {
    let mut app = on_seed_facts(50, 24);
    let first = screen(&app).join("\n");
    assert!(first.contains("People ("), "{first}");
    assert!(first.contains("Places ("), "{first}");
    let items = app.fact_items();
    assert!(items > 20, "the seed has many facts: {items}");
    // j goes through every item, past the entities to the dates and the rest; the pane
    // scrolls to keep the selection in view.
    for _ in 0..items {
        cmd(&mut app, Command::Down);
    }
    assert_eq!(app.fact_selected(), items - 1);
    let last = screen(&app).join("\n");
    assert_ne!(first, last, "the pane scrolled");
    assert!(last.contains("Sources ("), "{last}");
    assert!(!last.contains("People ("), "{last}");
    cmd(&mut app, Command::Top);
    assert_eq!(app.fact_selected(), 0);
    assert!(screen(&app).join("\n").contains("People ("));
}

#[test]
fn at_80x24_the_focused_facts_pane_takes_the_larger_share() {
    let mut app = common::seed_app(None, Rect::new(0, 0, 80, 24));
    cmd(&mut app, Command::ToggleFacts);
    let reader_first = app.areas().reader.unwrap().height;
    while app.focus() != Pane::Facts {
        cmd(&mut app, Command::FocusNext);
    }
    let areas = app.areas();
    assert!(areas.facts.unwrap().height > reader_first / 2 + 1);
    assert!(areas.facts.unwrap().height > areas.reader.unwrap().height);
    assert!(screen(&app).join("\n").contains("People ("));
}
