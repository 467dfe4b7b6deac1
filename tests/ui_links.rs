//! The reader's links and enclosures: numbers put after the links in the text (`[2]`) match
//! the numbered list at the end, right-to-left paragraphs stay right-aligned with them, a
//! podcast episode's audio is listed with its type and size under the links, and digits then
//! Enter open a link by its number straight from the reader (Esc cancels).

mod common;

use akhbar::ingest::feed::{parse_feed, FeedOptions};
use akhbar::model::Article;
use akhbar::ui::app::{Action, App, Effect};
use akhbar::ui::keymap::Command;
use akhbar::ui::layout::Pane;
use akhbar::ui::Overrides;
use common::{cmd, screen_rows, settle, take_effects, update};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The episodes of the podcast feed written for the tests, newest first.
fn episodes() -> Vec<Article> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/podcast/own-podcast.xml"
    );
    let bytes = std::fs::read(path).unwrap();
    let opts = FeedOptions {
        url: "https://pod.example/feed.xml",
        ..FeedOptions::default()
    };
    parse_feed(&bytes, &opts)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.article)
        .collect()
}

fn app_at(width: u16, height: u16) -> App {
    let mut app = akhbar::ui::setup(
        episodes(),
        vec![],
        &Overrides::default(),
        None,
        Rect::new(0, 0, width, height),
    );
    settle(&mut app);
    assert!(app.selected_row().unwrap().title.contains("أسواق الصباح"));
    cmd(&mut app, Command::Open);
    app
}

/// A key as the terminal sends it, turned into an action by the dashboard's own keymap.
fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = akhbar::ui::run::translate(app, event) {
        update(app, action);
    }
    settle(app);
}

fn status(app: &App) -> String {
    screen_rows(app).last().cloned().unwrap_or_default()
}

/// The reader's rows (between the list's border and the facts pane's), without borders.
fn reader_rows(app: &App) -> Vec<String> {
    screen_rows(app)
        .iter()
        .filter_map(|r| r.split("││").nth(1))
        // What holds a field together is a no-break space; compare it as a space.
        .map(|r| r.replace('\u{a0}', " "))
        .collect()
}

#[test]
fn the_list_at_the_end_numbers_links_then_enclosures_with_type_and_size() {
    let mut app = app_at(120, 40);
    cmd(&mut app, Command::Bottom);
    let screen = screen_rows(&app).join("\n");
    let rows: Vec<String> = reader_rows(&app)
        .iter()
        .map(|r| r.trim().to_string())
        .collect();
    let at = |line: &str| {
        rows.iter()
            .position(|r| r == line)
            .unwrap_or_else(|| panic!("{line:?} not a row of\n{screen}"))
    };
    let links = at("Links");
    assert_eq!(at("[1] https://pod.example/show/3"), links + 1);
    assert_eq!(at("[2] https://notes.example/ep3"), links + 2);
    assert_eq!(at("[3] https://pod.example/show/3/transcript"), links + 3);
    let media = at("Media");
    assert_eq!(media, links + 5, "a blank row, then the enclosures");
    // 45 columns: the link moves to the next row whole, type and size stay together.
    assert_eq!(at("[4] audio/mpeg · 24.1 MB ·"), media + 1);
    assert_eq!(at("https://cdn.pod.example/audio/ep3.mp3"), media + 2);
    // The references the feed's HTML gave are in the list, not in the body a second time.
    assert_eq!(
        screen.matches("https://notes.example/ep3").count(),
        1,
        "{screen}"
    );
    assert_eq!(app.focus(), Pane::Reader);
}

#[test]
fn numbers_in_the_text_match_the_list_and_rtl_lines_stay_right() {
    let app = app_at(120, 40);
    let rows = reader_rows(&app);
    // The Arabic paragraph: «صفحة الحلقة» then its number, laid out right to left and
    // right-aligned (the reader's last column before the border holds text).
    let arabic = rows
        .iter()
        .find(|r| r.contains("[2]"))
        .unwrap_or_else(|| panic!("no [2] in\n{}", rows.join("\n")));
    // The title row is right-aligned; the line with the number ends in the same column.
    let width = |s: &str| s.trim_end().chars().count();
    let title = rows.iter().find(|r| !r.trim().is_empty()).unwrap();
    assert_eq!(width(arabic), width(title), "right-aligned: {arabic:?}");
    assert!(arabic.starts_with("   "), "pushed right: {arabic:?}");
    // In visual order the number is left of «صفحة الحلقة» (shaped), so it reads after it.
    let number = arabic.find("[2]").unwrap();
    let words = arabic.find("ﺔﻘﻠﺤﻟﺍ ﺔﺤﻔﺻ").expect("the link's text, shaped");
    assert_eq!(number + "[2] ".len(), words, "{arabic:?}");
    // The English paragraph's bare link has its number after it, left to right.
    let english = rows
        .iter()
        .find(|r| r.contains("https://pod.example/show/3/transcript"))
        .unwrap_or_else(|| panic!("no transcript in\n{}", rows.join("\n")));
    assert_eq!(english.trim(), "https://pod.example/show/3/transcript [3]");
}

#[test]
fn digits_then_enter_open_that_link_from_the_reader_and_esc_cancels() {
    let mut app = app_at(120, 40);
    take_effects();
    // A digit starts a number: the status bar shows it, nothing opens yet.
    press(&mut app, KeyCode::Char('2'));
    assert!(
        status(&app).contains("LINK  link 2_ of 1-4"),
        "{}",
        status(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.prompt().is_none(), "Esc cancels");
    assert!(!status(&app).contains("LINK"), "{}", status(&app));
    // Digits, then Enter: the enclosure, number 4.
    press(&mut app, KeyCode::Char('4'));
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let opened: Vec<String> = take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::OpenLink { url } => Some(url),
            _ => None,
        })
        .collect();
    assert_eq!(opened, ["https://cdn.pod.example/audio/ep3.mp3"]);
    // Two digits: 1 then 2 is link 12, which this article does not have.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('2'));
    assert!(status(&app).contains("link 12_ of 1-4"), "{}", status(&app));
    press(&mut app, KeyCode::Backspace);
    assert!(status(&app).contains("link 1_ of 1-4"), "{}", status(&app));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    let m = app.message().as_ref().unwrap().text.clone();
    assert!(m.contains("no link 12"), "{m}");
    // In the list, digits still pick views.
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.focus(), Pane::List);
    press(&mut app, KeyCode::Char('2'));
    assert!(app.prompt().is_none());
    assert!(screen_rows(&app).join("\n").contains("Starred"));
}

#[test]
fn a_filter_word_after_a_link_number_is_marked_on_its_own_letters() {
    use ratatui::style::Color;
    let mut app = app_at(120, 40);
    update(&mut app, Action::Command(Command::Filter));
    for c in "readers".chars() {
        update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    settle(&mut app);
    let size = app.size();
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.width, size.height))
            .unwrap();
    term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
    let buf = term.backend().buffer().clone();
    // The word comes after `[3]`, which the reader put in: the mark must move with it.
    let marked: Vec<String> = (0..size.height)
        .flat_map(|y| (0..size.width).map(move |x| (x, y)))
        .filter(|&p| {
            let c = &buf[p];
            // The reader's mark in the default theme (links are underlined, so not that).
            c.bg == Color::Yellow
        })
        .map(|p| buf[p].symbol().to_string())
        .collect();
    // In the reader's columns only: the list's snippet line holds the word too.
    let rows = screen_rows(&app);
    let reader_x = rows
        .iter()
        .find_map(|r| {
            let at = r.find("┌ Reader")?;
            Some(r[..at].chars().count())
        })
        .expect("the reader pane");
    let row_of = |word: &str| {
        rows.iter()
            .position(|r| r.chars().skip(reader_x).collect::<String>().contains(word))
            .unwrap_or_else(|| panic!("{word} not on screen"))
    };
    assert!(row_of("transcript [3]") < row_of("for readers."));
    assert_eq!(marked.concat(), "readers", "{:?}", screen_rows(&app));
}
