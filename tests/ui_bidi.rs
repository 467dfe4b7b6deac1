//! Right-to-left text as the panes paint it: the seed's title in the list is in visual order
//! and right-aligned in its column, a filter match stays on its letters after reordering and
//! shaping, and `--bidi off` paints logical order.

mod common;

use akhbar::text::{fold_for_match, layout, Base, LayoutOptions};
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::layout::{compute, inner, Pane};
use akhbar::ui::Overrides;
use common::settle;
use common::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::Terminal;

const W: u16 = 120;
const H: u16 = 40;
const SEED_TITLE: &str = "زيارة بوتين إلى أذربيجان: تعزيز العلاقات والتعاون بين البلدين";

fn app(overrides: &Overrides) -> App {
    let seeds = akhbar::ingest::load_embedded().articles;
    let mut app = akhbar::ui::setup(seeds, vec![], overrides, None, Rect::new(0, 0, W, H));
    settle(&mut app);
    app
}

/// Focuses the filter line and types `text` into it, a key at a time.
fn type_query(app: &mut App, text: &str) {
    update(app, Action::Command(Command::Filter));
    for c in text.chars() {
        update(
            app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(W, H)).unwrap();
    t.draw(|f| akhbar::ui::draw::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The cells of row `y` from `x0` to `x1` (exclusive), as (symbol, underlined).
fn cells(buf: &Buffer, y: u16, x0: u16, x1: u16) -> Vec<(String, bool)> {
    (x0..x1)
        .map(|x| {
            let c = &buf[(x, y)];
            (
                c.symbol().to_string(),
                c.modifier.contains(Modifier::UNDERLINED),
            )
        })
        .collect()
}

fn text(cells: &[(String, bool)]) -> String {
    cells.iter().map(|(s, _)| s.as_str()).collect()
}

/// The list row of the seed (it is the first article) and the title column's extent.
fn seed_row(buf: &Buffer) -> (u16, u16, u16) {
    let list = inner(
        compute(Rect::new(0, 0, W, H), Pane::List, false)
            .list
            .unwrap(),
    );
    let _ = buf;
    // Marks (2 + 1), date (10 + 1), and at 50 cells or more the source (14 + 1); then the title.
    let source = if list.width >= 50 { 15 } else { 0 };
    (list.y, list.x + 3 + 11 + source, list.right())
}

#[test]
fn the_seed_title_is_in_visual_order_and_right_aligned_in_the_list() {
    let app = app(&Overrides::default());
    let buf = draw(&app);
    let (y, x0, x1) = seed_row(&buf);
    let row = cells(&buf, y, x0, x1);
    let shown = text(&row);
    // What the text layer makes of the title at this width: the cut keeps the title's
    // logical start, which is its visual right, and puts "…" at the visual left.
    let width = (x1 - x0) as usize;
    let cut = akhbar::text::truncate_cells(SEED_TITLE, width);
    let opts = LayoutOptions {
        base: Base::Rtl,
        ..LayoutOptions::new(width)
    };
    let line = layout(&cut, &opts).remove(0);
    assert_eq!(
        shown,
        line.padded_text(),
        "the list paints the text layer's line"
    );
    assert!(
        shown.trim_start().starts_with('…'),
        "ellipsis at the visual left: {shown}"
    );
    assert!(!shown.ends_with(' '), "right-aligned: {shown:?}");
    // Read right to left and unshaped, the visual title gives the logical one back.
    let read_back: String = fold_for_match(&shown.chars().rev().collect::<String>()).text;
    let start = fold_for_match(&SEED_TITLE[..SEED_TITLE.find(':').unwrap()]).text;
    assert!(read_back.trim().starts_with(&start), "{read_back}");
}

#[test]
fn a_filter_match_stays_on_its_letters() {
    let mut app = app(&Overrides::default());
    type_query(&mut app, "بوتين");
    settle(&mut app);
    let buf = draw(&app);
    let (y, x0, x1) = seed_row(&buf);
    let row = cells(&buf, y, x0, x1);
    let marked: Vec<&(String, bool)> = row.iter().filter(|(_, u)| *u).collect();
    assert!(
        !marked.is_empty(),
        "the match is highlighted: {}",
        text(&row)
    );
    // The highlighted cells are contiguous, and read right to left they are the word.
    let first = row.iter().position(|(_, u)| *u).unwrap();
    let last = row.iter().rposition(|(_, u)| *u).unwrap();
    assert_eq!(last - first + 1, marked.len(), "one piece: {}", text(&row));
    let word: String = marked.iter().rev().map(|(s, _)| s.as_str()).collect();
    assert_eq!(fold_for_match(&word).text, "بوتين");
}

#[test]
fn bidi_off_paints_logical_order() {
    let app = app(&Overrides {
        bidi: Some(false),
        shaping: Some(false),
        ..Overrides::default()
    });
    let buf = draw(&app);
    let (y, x0, x1) = seed_row(&buf);
    let shown = text(&cells(&buf, y, x0, x1));
    assert!(
        shown.starts_with("زيارة بوتين"),
        "logical order, left-aligned: {shown}"
    );
}

#[test]
fn the_bidi_key_switches_at_run_time() {
    let mut app = app(&Overrides::default());
    let before = text(&cells(&draw(&app), 2, 0, W));
    update(&mut app, Action::Command(Command::ToggleBidi));
    settle(&mut app);
    assert!(!app.mode().bidi);
    let after = text(&cells(&draw(&app), 2, 0, W));
    assert_ne!(before, after);
    // Still shaped (presentation forms), but now in logical order.
    let logical = fold_for_match("زيارة بوتين").text;
    assert!(fold_for_match(&after).text.contains(&logical), "{after}");
}

/// With the facts pane focused, the selected person's mentions are highlighted in the reader
/// on exactly their letters, however the line was reordered and shaped.
#[test]
fn a_selected_fact_highlights_its_mentions_in_the_reader() {
    let mut app = app(&Overrides::default());
    // The seed is the first article here.
    update(&mut app, Action::Command(Command::FocusNext));
    update(&mut app, Action::Command(Command::FocusNext));
    settle(&mut app);
    let entity = app
        .highlighted_entity()
        .expect("an entity is selected")
        .clone();
    assert!(entity.name.contains("بوتين"), "{}", entity.name);
    let buf = draw(&app);
    let reader = inner(
        compute(Rect::new(0, 0, W, H), Pane::Facts, false)
            .reader
            .unwrap(),
    );
    let mark_bg = app
        .theme()
        .style("reader.match")
        .bg
        .expect("a match background");
    // Each run of marked cells, read right to left and unshaped, is one mention.
    let mut runs = Vec::new();
    for y in reader.y..reader.bottom() {
        let mut run = String::new();
        for x in reader.x..reader.right() {
            let c = &buf[(x, y)];
            if c.bg == mark_bg {
                run.push_str(c.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    assert!(runs.len() >= 3, "mentions on screen: {runs:?}");
    for run in &runs {
        let read: String = run.chars().rev().collect();
        let word = fold_for_match(read.trim()).text;
        assert!(word.ends_with("بوتين"), "{read:?} is not a mention");
    }
}

/// `n`/`N` in the reader go from one line holding a filter word to the next, wrapping, and
/// the word is marked on its letters there.
#[test]
fn n_and_shift_n_walk_the_marks_of_the_filter() {
    let mut app = app(&Overrides::default());
    type_query(&mut app, "بوتين");
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    update(&mut app, Action::Command(Command::Open));
    settle(&mut app);
    let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(
        app.keymap().command_in(app.key_context(), &n),
        Some(Command::NextMatch),
        "n is next-match in the reader"
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        update(&mut app, Action::Command(Command::NextMatch));
        seen.push(app.reader_scroll());
        let m = app.message().as_ref().expect("which mark").text.clone();
        assert!(m.starts_with("mark "), "{m}");
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "forward: {seen:?}");
    let total: usize = app
        .message()
        .as_ref()
        .unwrap()
        .text
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total >= 5, "the seed names بوتين on many lines");
    update(&mut app, Action::Command(Command::PrevMatch));
    assert!(app.reader_scroll() <= *seen.last().unwrap());
    // The marked cells on screen read back as the word.
    let buf = draw(&app);
    let reader = inner(
        compute(Rect::new(0, 0, W, H), Pane::Reader, false)
            .reader
            .unwrap(),
    );
    let mark_bg = app.theme().style("reader.match").bg.unwrap();
    let mut marked = String::new();
    for y in reader.y..reader.bottom() {
        for x in (reader.x..reader.right()).rev() {
            if buf[(x, y)].bg == mark_bg {
                marked.push_str(buf[(x, y)].symbol());
            }
        }
    }
    assert!(fold_for_match(&marked).text.contains("بوتين"), "{marked}");
}

/// An Arabic query reads right to left in the filter line while it is typed, with the
/// cursor where the next letter goes: at the line's visual left.
#[test]
fn an_arabic_query_is_drawn_in_visual_order_while_typed() {
    let mut app = app(&Overrides::default());
    type_query(&mut app, "بوتين");
    settle(&mut app);
    let buf = draw(&app);
    let row = text(&cells(&buf, 0, 0, W));
    let after = row.split(" / ").nth(1).expect("the prompt").trim_end();
    // A blank cursor cell, then the word in visual order (shaped).
    let word: String = after.trim_start().chars().rev().collect();
    assert_eq!(fold_for_match(&word).text, "بوتين", "{row}");
    let x = row
        .find(" / ")
        .map(|i| row[..i].chars().count() + 3)
        .unwrap() as u16;
    assert!(
        buf[(x, 0)].modifier.contains(Modifier::REVERSED),
        "the cursor cell leads the line"
    );
    // Logical text on screen would start with the first letter on the left; it does not.
    assert!(!row.contains("بوتين"), "{row}");
}
