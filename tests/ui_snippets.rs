//! Body snippets in the dashboard's list: with a word of the body in the filter, each hit
//! takes two rows, its title and a line of its body around the first match, laid out by the
//! text layer (an Arabic snippet reordered and shaped) with the matched word marked on its
//! own letters; opening a hit lands the reader on the first match in the body, and `n` goes
//! on to the next.

mod common;

use akhbar::text::fold_for_match;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::paint::one_line;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn filtered(query: &str, width: u16, height: u16) -> App {
    let mut app = common::seed_app(None, Rect::new(0, 0, width, height));
    common::run_effects(&mut app);
    update(&mut app, Action::Command(Command::Filter));
    for c in query.chars() {
        update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    common::run_effects(&mut app);
    app
}

fn draw(app: &App) -> Buffer {
    let size = app.size();
    let mut term = ratatui::Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    term.draw(|f| akhbar::ui::draw::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

/// The symbols of row `y` from `x0` on that are underlined (the theme marks a match so).
fn marked_cells(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    (x0..x1)
        .filter(|&x| buf[(x, y)].modifier.contains(Modifier::UNDERLINED))
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// The row of the screen where the list shows the article of `date` (the date column
/// follows the two mark cells and a space, inside the list's border).
fn date_row(buf: &Buffer, date: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| {
            let row: String = (4..4 + date.chars().count() as u16)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            row == date
        })
        .unwrap_or_else(|| panic!("{date} is not on screen"))
}

#[test]
fn each_hit_shows_its_arabic_snippet_with_the_word_marked_on_its_letters() {
    let (w, h) = (120, 40);
    let app = filtered("body:باكو", w, h);
    assert!(app.visible().len() >= 2, "{} hits", app.visible().len());
    assert_eq!(app.row_height(), 2);
    let buf = draw(&app);
    let mut checked = 0;
    for &i in app.visible().iter().take(3) {
        let row = &app.rows()[i];
        let s = app
            .snippet(row.id)
            .unwrap_or_else(|| panic!("no snippet for {}", row.title));
        let word = &s.text[s.highlight.clone()];
        assert!(fold_for_match(word).text.contains("باكو"), "{word}");
        let y = date_row(&buf, &row.date.unwrap().to_string()) + 1;
        // The word as the text layer draws it alone: reordered and shaped.
        let drawn: String = one_line(word, 40, None, app.mode(), false)
            .unwrap()
            .pieces
            .iter()
            .map(|p| p.text.clone())
            .collect();
        assert_eq!(marked_cells(&buf, y, 0, w), drawn, "{}", row.title);
        // The rest of the snippet line is the snippet's other words, not the title's.
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        assert!(line.contains(&drawn), "{line}");
        checked += 1;
    }
    assert!(checked >= 2);
}

#[test]
fn opening_a_hit_lands_on_its_first_match_and_n_goes_on() {
    let mut app = filtered("body:باكو", 120, 40);
    let id = app.rows()[app.visible()[0]].id;
    let snippet_paragraph = app.snippet(id).unwrap().paragraph;
    update(&mut app, Action::Command(Command::Open));
    common::run_effects(&mut app);
    assert_eq!(app.reader_article(), Some(id));
    let doc = app.doc().cloned().expect("the article laid out");
    let line = app.mark_line().expect("the reader landed on a mark");
    // Block 0 is the title, 1 the meta line, 2 + i body paragraph i: the first match of the
    // body is the snippet's.
    assert_eq!(doc.lines[line].block, snippet_paragraph + 2);
    assert!(app.reader_scroll() <= line && line < app.reader_scroll() + 10);
    update(&mut app, Action::Command(Command::NextMatch));
    common::run_effects(&mut app);
    let next = app.mark_line().unwrap();
    assert_ne!(next, line, "n moves to another marked line");
}

#[test]
fn opening_a_hit_again_lands_on_its_first_match_again() {
    let mut app = filtered("body:باكو", 120, 40);
    update(&mut app, Action::Command(Command::Open));
    common::run_effects(&mut app);
    let first = app.mark_line().expect("the reader landed on a mark");
    update(&mut app, Action::Command(Command::NextMatch));
    common::run_effects(&mut app);
    assert_ne!(app.mark_line(), Some(first));
    // Back to the list and into the same hit: the reader is on the first match again, not
    // where `n` left it.
    update(&mut app, Action::Command(Command::Back));
    common::run_effects(&mut app);
    update(&mut app, Action::Command(Command::Open));
    common::run_effects(&mut app);
    assert_eq!(app.mark_line(), Some(first));
    assert!(app.reader_scroll() <= first && first < app.reader_scroll() + 10);
}

#[test]
fn without_words_or_room_rows_stay_one_line() {
    // A fuzzy title filter has no body words: one line a row.
    let app = filtered("is:unread", 120, 40);
    assert_eq!(app.row_height(), 1);
    // Too short a list for two-line rows: titles only, and every hit still listed.
    let app = filtered("body:باكو", 120, 6);
    assert_eq!(app.row_height(), 1);
    assert!(!app.visible().is_empty());
}
