//! The whole dashboard in a `TestBackend`: built from the embedded seeds with `ui::setup`,
//! driven through `update` with the same actions the event loop sends, background work run
//! synchronously by `settle`, and the drawn buffer asserted on.

mod common;

use akhbar::model::Article;
use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use akhbar::ui::layout::{inner, reader_text_width, Pane};
use akhbar::ui::Overrides;
use common::settle;
use common::{act, cmd, key as filter_key, keys as type_in_filter};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SEED_ID: &str = "000_58f7478ab411ec6c";
const ECLIPSE_ID: &str = "006_eclipse-day-path-of-totality";

/// The embedded seeds, loaded once per test binary (the size sweep builds hundreds of apps).
fn seeds() -> Vec<Article> {
    static SEEDS: OnceLock<Vec<Article>> = OnceLock::new();
    SEEDS
        .get_or_init(|| {
            let loaded = akhbar::ingest::load_embedded();
            assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
            loaded.articles
        })
        .clone()
}

fn app_with(w: u16, h: u16, overrides: &Overrides, config_dir: Option<&Path>) -> App {
    let mut app = akhbar::ui::setup(
        seeds(),
        vec![],
        overrides,
        config_dir,
        Rect::new(0, 0, w, h),
    );
    settle(&mut app);
    app
}

fn app(w: u16, h: u16) -> App {
    app_with(w, h, &Overrides::default(), None)
}

/// A drawn frame, cell by cell.
struct Screen {
    buf: Buffer,
}

impl Screen {
    fn of(app: &App) -> Screen {
        let mut term =
            Terminal::new(TestBackend::new(app.size().width, app.size().height)).unwrap();
        term.draw(|f| akhbar::ui::draw::draw(f, app)).unwrap();
        Screen {
            buf: term.backend().buffer().clone(),
        }
    }

    /// The text of a rectangle's row `y`, cell symbols joined.
    fn text(&self, r: Rect, y: u16) -> String {
        (r.x..r.right())
            .map(|x| self.buf[(x, y)].symbol())
            .collect()
    }

    fn row(&self, y: u16) -> String {
        self.text(self.buf.area, y)
    }

    fn rows(&self) -> Vec<String> {
        (0..self.buf.area.height).map(|y| self.row(y)).collect()
    }

    fn all(&self) -> String {
        self.rows().join("\n")
    }

    fn contains(&self, s: &str) -> bool {
        self.rows().iter().any(|r| r.contains(s))
    }

    /// All text inside a rectangle.
    fn region(&self, r: Rect) -> String {
        (r.y..r.bottom())
            .map(|y| self.text(r, y))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The cell column where `s` starts in row `y`, if it is there.
    fn column_of(&self, y: u16, s: &str) -> Option<u16> {
        let first = s.chars().next()?;
        (0..self.buf.area.width).find(|&x| {
            self.buf[(x, y)].symbol().starts_with(first)
                && self
                    .text(Rect::new(x, y, self.buf.area.width - x, 1), y)
                    .starts_with(s)
        })
    }

    fn status(&self) -> String {
        self.row(self.buf.area.height - 1)
    }
}

/// The article key of the row at `index` in `app.rows()`.
fn id_of(app: &App, index: usize) -> &str {
    &app.rows()[index].key.0
}

/// The position in `app.rows()` of the article the reader shows.
fn reader_index(app: &App) -> Option<usize> {
    let id = app.reader_article()?;
    app.rows().iter().position(|r| r.id == id)
}

/// "Reader · line N of M" in the reader's title: (N, M).
fn reader_position(screen: &Screen) -> (usize, usize) {
    let all = screen.all();
    let at = all.find("Reader · line ").expect("a Reader title");
    let rest = &all[at + "Reader · line ".len()..];
    let mut words = rest.split(' ');
    let n = words.next().unwrap_or("");
    assert_eq!(
        words.next(),
        Some("of"),
        "no 'N of M' in the reader title: {rest}"
    );
    let m = words.next().unwrap_or("");
    (n.parse().unwrap(), m.parse().unwrap())
}

#[test]
fn wide_layout_shows_three_panes_side_by_side_with_every_seed() {
    let app = app(120, 40);
    let s = Screen::of(&app);
    let areas = app.areas();
    let (list, reader, facts) = (
        areas.list.unwrap(),
        areas.reader.unwrap(),
        areas.facts.unwrap(),
    );
    assert!(list.right() <= reader.x && reader.right() <= facts.x);
    assert_eq!(list.y, reader.y);
    assert_eq!(reader.y, facts.y);
    let top = s.row(list.y);
    let (xl, xr, xf) = (
        s.column_of(list.y, "Articles 10").expect(&top),
        s.column_of(list.y, "Reader").expect(&top),
        s.column_of(list.y, "Facts").expect(&top),
    );
    assert!(xl < xr && xr < xf, "{top}");
    assert!(reader.contains((xr, list.y).into()) && facts.contains((xf, list.y).into()));

    // Every seed has a row: ten dates (one "no date") in the list's inner area.
    let list_text = s.region(inner(list));
    for a in app.rows() {
        let date = a.date.map_or("no date".to_string(), |d| d.to_string());
        assert!(list_text.contains(&date), "{date} missing:\n{list_text}");
    }
    let rows_with_mark = list_text.lines().filter(|l| l.contains('●')).count();
    assert_eq!(rows_with_mark, 10, "\n{list_text}");
    assert!(s.contains("Japan becomes fifth nation"));
    assert!(s.contains("Four minutes of night"));

    // The facts pane shows the selected seed's facts, and the status bar the counts.
    let facts_text = s.region(facts);
    assert!(facts_text.contains("2024-08-18"), "{facts_text}");
    assert!(facts_text.contains("14 paragraphs"), "{facts_text}");
    assert!(s.status().contains("LIST"), "{}", s.status());
    assert!(s.status().contains("10 shown"), "{}", s.status());
    assert!(s.status().contains("10 unread"), "{}", s.status());
}

#[test]
fn reader_paints_the_title_line_the_text_layer_gives() {
    let app = app(120, 40);
    let s = Screen::of(&app);
    let areas = app.areas();
    let width = reader_text_width(&areas).expect("a reader text width") as usize;
    let i = reader_index(&app).expect("the reader shows an article");
    assert_eq!(id_of(&app, i), SEED_ID);
    let title = &app.rows()[i].title;
    let opts = akhbar::page::options(width, Some(app.rows()[i].dir), app.mode());
    let lines = akhbar::text::layout(title, &opts);
    let first = &lines[0];
    assert!(first.rtl);

    let inside = inner(areas.reader.unwrap());
    let row = s.text(inside, inside.y);
    assert_eq!(
        row.trim(),
        first.visual_text().trim(),
        "reader row: {row:?}"
    );
    // Right-aligned as the layout says: one cell of margin, then the indent.
    let text_x = inside.x + 1;
    let drawn = s.text(Rect::new(text_x, inside.y, width as u16, 1), inside.y);
    assert_eq!(drawn.trim_end(), first.padded_text().trim_end());
    // The second title line follows on the next row.
    if let Some(second) = lines.get(1) {
        assert_eq!(
            s.text(inside, inside.y + 1).trim(),
            second.visual_text().trim()
        );
    }
}

#[test]
fn medium_layout_has_list_and_reader_then_facts_on_demand() {
    let mut app = app(80, 24);
    let s = Screen::of(&app);
    assert!(s.contains("Articles 10"), "{}", s.all());
    assert!(s.contains("Reader"));
    assert!(!s.contains("Facts"), "{}", s.all());
    let list = app.areas().list.unwrap();
    let list_text = s.region(inner(list));
    assert!(list_text.contains("2024-08-18") && list_text.contains("no date"));

    // Tab goes list -> reader -> list while facts are hidden.
    cmd(&mut app, Command::FocusNext);
    assert_eq!(app.focus(), Pane::Reader);
    cmd(&mut app, Command::FocusNext);
    assert_eq!(app.focus(), Pane::List);

    cmd(&mut app, Command::ToggleFacts);
    let s = Screen::of(&app);
    assert!(s.contains("Facts"), "{}", s.all());
    assert!(s.contains("Reader") && s.contains("Articles 10"));
    assert!(s.region(app.areas().facts.unwrap()).contains("2024-08-18"));

    cmd(&mut app, Command::ToggleFacts);
    assert!(!Screen::of(&app).contains("Facts"));
}

#[test]
fn narrow_layout_shows_one_pane_and_tab_moves_between_them() {
    let mut app = app(40, 12);
    let s = Screen::of(&app);
    assert!(s.contains("Articles 10"), "{}", s.all());
    assert!(!s.contains("Reader") && !s.contains("Facts"), "{}", s.all());
    let areas = app.areas();
    assert!(areas.list.is_some() && areas.reader.is_none() && areas.facts.is_none());

    cmd(&mut app, Command::FocusNext);
    let s = Screen::of(&app);
    assert_eq!(app.focus(), Pane::Reader);
    assert!(s.contains("Reader"), "{}", s.all());
    assert!(
        !s.contains("Articles") && !s.contains("Facts"),
        "{}",
        s.all()
    );
    assert!(s.status().contains("READER"), "{}", s.status());

    cmd(&mut app, Command::FocusNext);
    let s = Screen::of(&app);
    assert!(s.contains("Facts") && !s.contains("Reader"), "{}", s.all());

    cmd(&mut app, Command::FocusPrev);
    cmd(&mut app, Command::FocusPrev);
    assert!(Screen::of(&app).contains("Articles 10"));
}

#[test]
fn one_by_one_draws_without_panic() {
    for (w, h) in [
        (1, 1),
        (0, 0),
        (0, 10),
        (10, 0),
        (1, 40),
        (120, 1),
        (2, 2),
        (3, 3),
    ] {
        let mut app = app(w, h);
        let s = Screen::of(&app);
        for cell in &s.buf.content {
            assert!(!cell.symbol().chars().any(char::is_control), "{w}x{h}");
        }
        for c in [
            Command::Open,
            Command::HalfPageDown,
            Command::Bottom,
            Command::FocusNext,
            Command::ToggleFacts,
            Command::Help,
            Command::Down,
            Command::Help,
            Command::Back,
        ] {
            cmd(&mut app, c);
            Screen::of(&app);
        }
    }
    // At 1x1 the one cell still shows something of the list: the first row's unread mark.
    let s = Screen::of(&app(1, 1));
    assert_eq!(s.buf.content.len(), 1);
    assert_eq!(s.buf[(0, 0)].symbol(), "●");
}

#[test]
fn every_size_up_to_130x45_draws_without_panic() {
    let widths: Vec<u16> = (1..=130u16).step_by(7).chain([79, 80, 119, 120]).collect();
    // Sizes are independent: spread them over a few threads to keep the suite quick.
    std::thread::scope(|scope| {
        for chunk in widths.chunks(6) {
            scope.spawn(move || {
                for &w in chunk {
                    for h in (1..=45u16).step_by(4) {
                        let mut app = app(w, h);
                        Screen::of(&app);
                        cmd(&mut app, Command::Open);
                        cmd(&mut app, Command::PageDown);
                        Screen::of(&app);
                        cmd(&mut app, Command::ToggleFacts);
                        cmd(&mut app, Command::FocusNext);
                        cmd(&mut app, Command::Help);
                        Screen::of(&app);
                    }
                }
            });
        }
    });
    // One app resized through many sizes, as a user dragging the window.
    let mut app = app(120, 40);
    cmd(&mut app, Command::Open);
    for (w, h) in [
        (1, 1),
        (200, 60),
        (0, 0),
        (33, 7),
        (80, 24),
        (2, 45),
        (130, 3),
    ] {
        act(&mut app, Action::Resize(w, h));
        Screen::of(&app);
    }
}

#[test]
fn down_open_scroll_and_jump() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    assert_eq!(app.selected(), 2);
    let third = app.visible()[2];
    assert_eq!(id_of(&app, third), "002_cop29-baku-leaders-summit");
    assert_eq!(reader_index(&app), Some(third));
    let s = Screen::of(&app);
    // The facts pane follows the selection; the list paints the third row selected.
    let areas = app.areas();
    assert!(s.region(areas.facts.unwrap()).contains("2024-11-12"));
    let list = inner(areas.list.unwrap());
    let x = s
        .column_of(list.y + 2, "2024-11-12")
        .expect("third row date");
    let selected_bg = app.theme().style("list.selected").bg;
    assert!(selected_bg.is_some());
    assert_eq!(s.buf[(x, list.y + 2)].bg, selected_bg.unwrap());
    assert_ne!(s.buf[(x, list.y)].bg, selected_bg.unwrap());
    assert!(s.status().contains("10 unread"), "{}", s.status());

    cmd(&mut app, Command::Open);
    assert_eq!(app.focus(), Pane::Reader);
    assert!(app.rows()[third].read);
    let s = Screen::of(&app);
    assert!(s.status().contains("READER"), "{}", s.status());
    assert!(s.status().contains("9 unread"), "{}", s.status());
    // The read article loses its unread mark.
    assert!(!s.text(list, list.y + 2).contains('●'));
    assert!(s.text(list, list.y + 1).contains('●'));

    let (n0, m) = reader_position(&s);
    assert!(m > n0, "the article is longer than the pane: {n0}/{m}");
    cmd(&mut app, Command::HalfPageDown);
    let (n1, m1) = reader_position(&Screen::of(&app));
    assert_eq!(m1, m);
    assert!(n1 > n0, "{n0} -> {n1}");
    assert_eq!(app.reader_scroll(), n1 - n0);

    cmd(&mut app, Command::Bottom);
    let (nb, _) = reader_position(&Screen::of(&app));
    assert_eq!(nb, m, "Bottom shows the last line");
    cmd(&mut app, Command::Top);
    let (nt, _) = reader_position(&Screen::of(&app));
    assert_eq!(nt, n0);
    assert_eq!(app.reader_scroll(), 0);

    // Back to the list, where Bottom and Top move the selection.
    cmd(&mut app, Command::Back);
    assert_eq!(app.focus(), Pane::List);
    cmd(&mut app, Command::Bottom);
    assert_eq!(app.selected(), 9);
    assert!(Screen::of(&app)
        .region(app.areas().facts.unwrap())
        .contains("no date"));
    cmd(&mut app, Command::Top);
    assert_eq!(app.selected(), 0);
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Help);
    let s = Screen::of(&app);
    assert!(s.contains("Keys"), "{}", s.all());
    assert!(s.status().contains("HELP"));
    for b in app.keymap().bindings() {
        assert!(
            !b.description.is_empty(),
            "{:?} has no description",
            b.command
        );
        assert!(
            s.contains(&b.description),
            "help lacks {:?}: {}\n{}",
            b.command,
            b.description,
            s.all()
        );
        if let Some(k) = b.keys.first() {
            assert!(s.contains(&k.label()), "help lacks key {}", k.label());
        }
    }
    // At 80x24 the overlay is clipped to what fits, and the status bar stays visible below it.
    let mut small = app_with(80, 24, &Overrides::default(), None);
    cmd(&mut small, Command::Help);
    let s = Screen::of(&small);
    assert!(s.contains("Keys"), "{}", s.all());
    assert!(s.status().contains("HELP"), "{}", s.all());
    assert!(s.status().contains("Esc"), "{}", s.status());

    // While help is open, keys do not move the list; Back closes it.
    cmd(&mut app, Command::Open);
    assert_eq!(app.focus(), Pane::List);
    cmd(&mut app, Command::Back);
    assert!(app.help().is_none());
    assert!(!Screen::of(&app).contains("Keys"));
    cmd(&mut app, Command::Help);
    cmd(&mut app, Command::Help);
    assert!(app.help().is_none(), "Help toggles the overlay");
}

#[test]
fn filter_by_english_and_arabic_and_clear() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Filter);
    assert!(app.filtering());
    assert!(Screen::of(&app).status().contains("FILTER"));
    type_in_filter(&mut app, "eclipse");
    let s = Screen::of(&app);
    // Fuzzy matching may also find the letters scattered in a long title; the article that
    // says it ranks first and the count shown is the count kept.
    let n = app.visible().len();
    assert!((1..10).contains(&n), "{n} matches");
    assert!(s.contains(&format!("{n} of 10")), "{}", s.all());
    assert_eq!(id_of(&app, app.visible()[0]), ECLIPSE_ID);
    assert_eq!(app.selected(), 0);
    assert!(s
        .region(inner(app.areas().list.unwrap()))
        .contains("Four minutes of night"));
    assert!(
        s.row(0).contains("eclipse"),
        "the filter line shows the query: {}",
        s.row(0)
    );

    // Esc clears it: all ten again.
    filter_key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible().len(), 10);

    // Upper case is matched exactly (smart case): one article says "SLIM".
    cmd(&mut app, Command::Filter);
    type_in_filter(&mut app, "SLIM");
    let s = Screen::of(&app);
    assert!(s.contains("1 of 10"), "{}", s.all());
    assert_eq!(app.visible().len(), 1);
    assert_eq!(id_of(&app, app.visible()[0]), "003_japan-slim-moon-landing");
    assert!(s.status().contains("1 of 10"), "{}", s.status());
    filter_key(&mut app, KeyCode::Esc);
    assert!(!app.filtering());
    let s = Screen::of(&app);
    assert_eq!(app.visible().len(), 10);
    assert!(s.contains("Articles 10"), "{}", s.all());
    assert!(!s.contains("of 10"));

    // Arabic.
    cmd(&mut app, Command::Filter);
    type_in_filter(&mut app, "بوتين");
    let ids: Vec<&str> = app.visible().iter().map(|&i| id_of(&app, i)).collect();
    assert!(ids.contains(&SEED_ID), "{ids:?}");
    assert!(Screen::of(&app).contains(&format!("{} of 10", ids.len())));
    filter_key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible().len(), 10);

    // Folding: no hamza in the query, «أذربيجان» in the title.
    cmd(&mut app, Command::Filter);
    type_in_filter(&mut app, "اذربيجان");
    let ids: Vec<&str> = app.visible().iter().map(|&i| id_of(&app, i)).collect();
    assert!(ids.contains(&SEED_ID), "{ids:?}");
    // Enter keeps the filter and gives the keyboard back to the list.
    filter_key(&mut app, KeyCode::Enter);
    assert!(!app.filtering());
    assert_eq!(app.focus(), Pane::List);
    assert!(app.visible().len() < 10 && !app.visible().is_empty());

    // A query nothing matches shows the empty state.
    cmd(&mut app, Command::Back); // clears the kept filter
    assert_eq!(app.visible().len(), 10);
    cmd(&mut app, Command::Filter);
    type_in_filter(&mut app, "zzqxjw");
    let s = Screen::of(&app);
    assert!(s.contains("0 of 10"), "{}", s.all());
    assert!(s.contains("No article matches"), "{}", s.all());
}

#[test]
fn resize_keeps_the_selection() {
    let mut app = app(120, 40);
    for _ in 0..3 {
        cmd(&mut app, Command::Down);
    }
    let chosen = app.selected_article();
    for (w, h) in [(80, 24), (40, 12), (1, 1), (200, 50), (120, 40)] {
        act(&mut app, Action::Resize(w, h));
        assert_eq!(app.size(), Rect::new(0, 0, w, h));
        assert_eq!(app.selected_article(), chosen, "after resize to {w}x{h}");
        Screen::of(&app);
    }
    let s = Screen::of(&app);
    assert!(s
        .region(app.areas().facts.unwrap())
        .contains("Meridian Wire"));
    // The reader follows the new width: a different text width gives a fresh layout.
    let doc = app.doc().expect("a layout for the current width");
    assert!(!doc.lines.is_empty());
}

#[test]
fn every_builtin_theme_renders_cleanly() {
    let mut bases = Vec::new();
    for (name, _) in akhbar::ui::theme::BUILTIN {
        let overrides = Overrides {
            theme: Some(name.to_string()),
            ..Overrides::default()
        };
        for (w, h) in [(120, 40), (80, 24), (40, 12)] {
            let mut app = app_with(w, h, &overrides, None);
            assert_eq!(app.theme().name, *name);
            assert!(app.message().is_none(), "{name}: {:?}", app.message());
            let s = Screen::of(&app);
            assert!(s.contains("Articles 10"), "{name} {w}x{h}");
            cmd(&mut app, Command::Open);
            cmd(&mut app, Command::Help);
            assert!(Screen::of(&app).contains("Keys"), "{name} {w}x{h}");
        }
        bases.push(
            app_with(120, 40, &overrides, None)
                .theme()
                .style("list.selected"),
        );
    }
    assert_eq!(bases.len(), 3);
    // The themes are not all the same theme.
    assert!(bases.windows(2).any(|p| p[0] != p[1]), "{bases:?}");

    // An unknown theme falls back and says so.
    let overrides = Overrides {
        theme: Some("no-such-theme".into()),
        ..Overrides::default()
    };
    let app = app_with(120, 40, &overrides, None);
    let m = app.message().as_ref().expect("a message about the theme");
    assert!(m.error && m.text.contains("no-such-theme"), "{}", m.text);
    assert!(Screen::of(&app).status().contains("no-such-theme"));
}

#[test]
fn a_left_click_on_the_fifth_row_selects_it() {
    let mut app = app(120, 40);
    let list = inner(app.areas().list.unwrap());
    let click = |column, row| {
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    act(&mut app, click(list.x + 5, list.y + 4));
    assert_eq!(app.selected(), 4);
    assert_eq!(
        id_of(&app, app.selected_article().unwrap()),
        "004_paris-2024-arab-medals"
    );
    let s = Screen::of(&app);
    assert!(s.region(app.areas().facts.unwrap()).contains("2024-08-12"));

    // A click in the reader focuses it; the wheel scrolls it.
    let reader = inner(app.areas().reader.unwrap());
    act(&mut app, click(reader.x + 3, reader.y + 3));
    assert_eq!(app.focus(), Pane::Reader);
    assert_eq!(
        app.selected(),
        4,
        "a click in the reader keeps the selection"
    );
    act(
        &mut app,
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: reader.x + 3,
            row: reader.y + 3,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.reader_scroll(), 3);
    // A click below the last row changes nothing.
    act(&mut app, click(list.x + 5, list.y + 20));
    assert_eq!(app.selected(), 4);
}

fn config_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

#[test]
fn a_bad_config_gives_defaults_and_a_message() {
    let app = app_with(120, 40, &Overrides::default(), Some(&config_fixture("bad")));
    let m = app.message().as_ref().expect("a message about the config");
    assert!(m.error, "{}", m.text);
    assert!(m.text.contains("config.toml"), "{}", m.text);
    assert_eq!(app.theme().name, "dark");
    let s = Screen::of(&app);
    assert!(s.contains("Articles 10"));
    // The status bar shows the start of the message (the config file's path).
    let shown: String = m.text.chars().take(12).collect();
    assert!(s.status().contains(&shown), "{}", s.status());
}

#[test]
fn a_user_config_shows_facts_and_rebinds_keys() {
    let mut app = app_with(
        80,
        24,
        &Overrides::default(),
        Some(&config_fixture("custom")),
    );
    assert!(app.facts_shown());
    assert!(Screen::of(&app).contains("Facts"));
    let m = app
        .message()
        .as_ref()
        .expect("the bad key name is reported");
    assert!(m.text.contains("hyper-q"), "{}", m.text);
    let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(app.keymap().command(&x), Some(Command::Quit));
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(app.keymap().command(&q), None);
    act(&mut app, Action::Resize(120, 40));
    cmd(&mut app, Command::Help);
    assert!(Screen::of(&app).contains("Leave akhbar now"));
}

#[test]
fn articles_arriving_in_batches_join_the_list() {
    let all = seeds();
    let mut app = akhbar::ui::setup(
        vec![],
        vec![],
        &Overrides::default(),
        None,
        Rect::new(0, 0, 120, 40),
    );
    // The rows come from the dashboard's own store, as an import would send them.
    let rows: Vec<akhbar::store::Row> = {
        let mut store = app.stores().writer();
        let stats = store.import(&all).unwrap();
        stats.ids.iter().map(|&id| store.row(id).unwrap()).collect()
    };
    common::update(&mut app, Action::Import(vec![]));
    let generation = app.load_generation();
    settle(&mut app);
    let s = Screen::of(&app);
    assert!(s.contains("Articles 0"), "{}", s.all());
    assert!(app.reader_article().is_none());

    // A filter typed before its article has arrived.
    cmd(&mut app, Command::Filter);
    type_in_filter(&mut app, "SLIM");
    assert!(app.visible().is_empty());
    filter_key(&mut app, KeyCode::Enter);

    act(
        &mut app,
        Action::Rows {
            generation,
            rows: rows[..2].to_vec(),
        },
    );
    assert_eq!(app.rows().len(), 2);
    assert!(
        app.visible().is_empty(),
        "nothing of the first two matches SLIM"
    );
    act(
        &mut app,
        Action::Rows {
            generation,
            rows: rows[2..].to_vec(),
        },
    );
    act(
        &mut app,
        Action::Loaded {
            generation,
            warnings: vec!["x.txt: a warning".into()],
            counts: Default::default(),
        },
    );
    assert!(!app.loading());
    assert_eq!(app.rows().len(), 10);
    let ids: Vec<&str> = app.visible().iter().map(|&i| id_of(&app, i)).collect();
    assert_eq!(ids, ["003_japan-slim-moon-landing"]);
    let s = Screen::of(&app);
    assert!(s.contains("1 of 10"), "{}", s.all());
    assert!(s.status().contains("x.txt: a warning"), "{}", s.status());

    // Cleared, the list holds all ten in load order, the selection on the match.
    cmd(&mut app, Command::Back);
    assert_eq!(app.visible(), (0..10).collect::<Vec<_>>());
    assert_eq!(
        id_of(&app, app.selected_article().unwrap()),
        "003_japan-slim-moon-landing"
    );
    assert!(Screen::of(&app).contains("Articles 10"));
}

/// The event loop draws into the terminal's real size (ratatui resizes its buffer to it on
/// every draw) while `app.size()` is the last `Resize` event handled. When the window shrinks
/// again before that event is read (a window being dragged; a layout result arriving between
/// two resizes), the frame is smaller than the layout. That must not panic.
#[test]
fn a_frame_smaller_or_larger_than_the_last_resize_does_not_panic() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Open);
    for help in [false, true] {
        if help {
            cmd(&mut app, Command::Help);
        }
        for (w, h) in [(40, 12), (80, 24), (119, 39), (1, 1), (200, 60)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
            }));
            assert!(
                drawn.is_ok(),
                "drawing a {}x{} layout into a {w}x{h} frame panicked (help: {help})",
                app.size().width,
                app.size().height
            );
        }
    }
}
