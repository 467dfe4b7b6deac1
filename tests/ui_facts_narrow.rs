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

/// Whether `s` holds `dd-dd-dddd` (`day_first`) or `dddd-dd-dd`, in ASCII digits.
fn has_date_shape(s: &str, day_first: bool) -> bool {
    let shape: &[usize] = if day_first { &[2, 2, 4] } else { &[4, 2, 2] };
    let b = s.as_bytes();
    let len = shape.iter().sum::<usize>() + 2;
    (0..b.len().saturating_sub(len - 1)).any(|i| {
        let mut at = i;
        shape.iter().enumerate().all(|(k, &n)| {
            let digits = b[at..at + n].iter().all(u8::is_ascii_digit);
            at += n;
            let sep = k == 2 || b[at] == b'-';
            at += 1;
            digits && sep
        }) && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + len).is_none_or(|c| !c.is_ascii_digit())
    })
}

#[test]
fn a_dates_value_reads_left_to_right_on_an_arabic_line() {
    // On a right-to-left line the bidi algorithm makes the digits after Arabic letters Arabic
    // numbers, and a hyphen does not join those: 2024-11-12 would show as 12-11-2024. The
    // value is isolated left to right, so it reads as the ISO date it is.
    let mut app = on_seed_facts(50, 24);
    let mut seen = String::new();
    for _ in 0..app.fact_items() {
        seen.push_str(&screen(&app).join("\n"));
        cmd(&mut app, Command::Down);
    }
    assert!(seen.contains("Dates ("), "{seen}");
    assert!(
        has_date_shape(&seen, false),
        "an ISO value is shown: {seen}"
    );
    assert!(!has_date_shape(&seen, true), "no value reversed: {seen}");
}
