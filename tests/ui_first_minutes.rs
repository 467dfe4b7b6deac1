//! What a new reader meets first, in a `TestBackend` and through `update`: the reader's meta
//! line (whole fields at every width, no doubled separator, one date form, the link's host),
//! tags as chips in the list and the reader, the note under the meta line, `n` meaning next
//! everywhere, undo that names what it undid, and readline keys in the text fields.

mod common;

use akhbar::page::{layout_progressively, Annotations, LineKind, TextMode};
use akhbar::ui::app::App;
use akhbar::ui::keymap::{Command, Context};
use common::{act, cmd, key, keys, screen_rows};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::sync::Arc;

fn app(w: u16, h: u16) -> App {
    common::seed_app(None, Rect::new(0, 0, w, h))
}

fn ctrl(app: &mut App, c: char) {
    act(
        app,
        akhbar::ui::app::Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

const MODE: TextMode = TextMode {
    bidi: true,
    shaping: true,
};

/// Every field of the meta line lies on one laid-out line, at every width from 40 to 120,
/// for every seed, with tags; and no separator is doubled.
#[test]
fn the_meta_line_never_breaks_inside_a_field() {
    let notes = Annotations {
        tags: vec!["verify".into(), "later on".into()],
        note: None,
        note_author: None,
    };
    for mut article in akhbar::ingest::load_embedded().articles {
        // A long source and a link, so the line has to wrap at 40.
        article.url = Some("https://www.example.org/news/1".into());
        let article = Arc::new(article);
        for width in 40..=120 {
            let doc = layout_progressively(&article, &notes, width, MODE, usize::MAX, &mut |_| {});
            let plain: String = doc
                .meta
                .chars()
                .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
                .map(|c| if c == '\u{a0}' { ' ' } else { c })
                .collect();
            assert!(!plain.contains("· ·"), "doubled separator: {plain}");
            assert!(!plain.starts_with('·') && !plain.trim_end().ends_with('·'));
            assert!(plain.contains("example.org"), "the host is shown: {plain}");
            let meta: Vec<_> = doc
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Meta)
                .filter_map(|l| l.line.as_ref())
                .collect();
            assert!(!meta.is_empty());
            // Each field: a run of the logical text between separators.
            let mut at = 0;
            for field in doc.meta.split(" · ").flat_map(|f| f.split(' ')) {
                let start = doc.meta[at..].find(field).unwrap() + at;
                let end = start + field.len();
                at = end;
                let whole = meta
                    .iter()
                    .any(|l| l.logical.start <= start && end <= l.logical.end);
                assert!(
                    whole,
                    "width {width}: field {field:?} of {plain:?} is split across lines"
                );
            }
            if width >= 100 {
                assert_eq!(meta.len(), 1, "one line at {width}: {plain}");
            }
        }
    }
}

/// The reader's date reads as the list's (`2024-08-18`) in a right-to-left meta line, and
/// its title says where the reader is in words.
#[test]
fn one_date_form_and_the_reader_title_in_words() {
    let mut app = app(60, 24);
    let date = app.selected_row().unwrap().date.unwrap().to_string();
    cmd(&mut app, Command::Open);
    let rows = screen_rows(&app);
    let all = rows.join("\n");
    assert!(all.contains(&date), "{date} in the reader:\n{all}");
    assert!(all.contains("Reader · line "), "{all}");
    assert!(all.contains(" of "), "{all}");
}

#[test]
fn tags_show_as_chips_and_the_note_under_the_meta_line() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Tag);
    keys(&mut app, "verify");
    key(&mut app, KeyCode::Enter);
    cmd(&mut app, Command::Note);
    keys(&mut app, "check the figures");
    key(&mut app, KeyCode::Enter);
    let rows = screen_rows(&app);
    let areas = app.areas();
    let list = areas.list.unwrap();
    let reader = areas.reader.unwrap();
    let in_area = |r: Rect, needle: &str| {
        rows[r.y as usize..r.bottom() as usize].iter().any(|row| {
            let cells: String = row
                .chars()
                .skip(r.x as usize)
                .take(r.width as usize)
                .collect();
            cells.contains(needle)
        })
    };
    assert!(
        in_area(list, "#verify"),
        "chip in the list:\n{}",
        rows.join("\n")
    );
    assert!(
        in_area(reader, "#verify"),
        "chip in the reader:\n{}",
        rows.join("\n")
    );
    // The note line names its author: the user the dashboard acts as.
    let note = format!("✎ {}: check the figures", app.stores().reader().user());
    assert!(
        in_area(reader, &note),
        "note in the reader:\n{}",
        rows.join("\n")
    );
    // The note sits right under the meta line: the reader's row after the one that ends
    // with the chip.
    let reader_text = |y: u16| -> String {
        rows[y as usize]
            .chars()
            .skip(reader.x as usize)
            .take(reader.width as usize)
            .collect()
    };
    let chip_y = (reader.y..reader.bottom())
        .find(|&y| reader_text(y).contains("#verify"))
        .unwrap();
    assert!(
        reader_text(chip_y + 1).contains(&note),
        "{}",
        rows.join("\n")
    );
    // Removing the tag takes the chip away, from both panes.
    cmd(&mut app, Command::Tag);
    keys(&mut app, "-verify");
    key(&mut app, KeyCode::Enter);
    let rows = screen_rows(&app);
    assert!(!rows.join("\n").contains("#verify"));
}

#[test]
fn n_is_next_everywhere_and_the_note_has_its_own_key() {
    let app = app(120, 40);
    let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    let e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE);
    for c in [Context::List, Context::Reader, Context::Facts] {
        assert_eq!(app.keymap().command_in(c, &n), Some(Command::NextMatch));
    }
    assert_eq!(
        app.keymap().command_in(Context::List, &e),
        Some(Command::Note)
    );
}

#[test]
fn undo_names_what_it_undid() {
    let mut app = app(120, 40);
    let title = app.selected_row().unwrap().title.clone();
    let start: String = title.chars().take(10).collect();
    cmd(&mut app, Command::ToggleStar);
    cmd(&mut app, Command::Undo);
    let m = app.message().as_ref().unwrap().text.clone();
    assert!(m.starts_with("undid: starred «"), "{m}");
    assert!(m.contains(&start), "{m}");
    cmd(&mut app, Command::Redo);
    let m = app.message().as_ref().unwrap().text.clone();
    assert!(m.starts_with("redid: starred «"), "{m}");

    let shown = app.visible().len();
    cmd(&mut app, Command::Bulk);
    cmd(&mut app, Command::Tag);
    keys(&mut app, "verify");
    key(&mut app, KeyCode::Enter);
    cmd(&mut app, Command::Undo);
    let m = app.message().as_ref().unwrap().text.clone();
    assert_eq!(m, format!("undid: tag verify on {shown} articles"));
}

#[test]
fn readline_keys_in_the_filter_and_the_prompts() {
    let mut app = app(120, 40);
    cmd(&mut app, Command::Filter);
    keys(&mut app, "باكو putin later");
    ctrl(&mut app, 'w');
    assert_eq!(app.query(), "باكو putin ", "Ctrl-w deletes a word");
    ctrl(&mut app, 'u');
    assert_eq!(app.query(), "", "Ctrl-u clears the line");
    keys(&mut app, "one two");
    ctrl(&mut app, 'a');
    keys(&mut app, "x");
    assert_eq!(app.query(), "xone two", "Ctrl-a goes to the start");
    ctrl(&mut app, 'e');
    keys(&mut app, "!");
    assert_eq!(app.query(), "xone two!", "Ctrl-e to the end");
    key(&mut app, KeyCode::Esc);

    // The note prompt edits the same way.
    cmd(&mut app, Command::Note);
    keys(&mut app, "first draft");
    ctrl(&mut app, 'u');
    keys(&mut app, "kept");
    key(&mut app, KeyCode::Enter);
    let id = app.selected_row().unwrap().id;
    assert_eq!(
        app.stores().reader().note(id).unwrap().as_deref(),
        Some("kept")
    );
}

#[test]
fn mark_all_read_is_one_undoable_change_and_brackets_walk_the_unread() {
    let mut app = app(120, 40);
    // The second article read: `]` from the first skips it.
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::ToggleRead);
    cmd(&mut app, Command::Top);
    cmd(&mut app, Command::NextUnread);
    assert_eq!(app.selected(), 2, "] skips the read article");
    cmd(&mut app, Command::PrevUnread);
    assert_eq!(app.selected(), 0, "[ goes back over it");
    cmd(&mut app, Command::PrevUnread);
    assert_eq!(app.selected(), app.visible().len() - 1, "and wraps around");

    let unread = app.stores().reader().counts().unwrap().unread;
    assert!(unread > 5);
    cmd(&mut app, Command::MarkAllRead);
    assert_eq!(app.stores().reader().counts().unwrap().unread, 0);
    cmd(&mut app, Command::Undo);
    assert_eq!(app.stores().reader().counts().unwrap().unread, unread);
    let m = app.message().as_ref().unwrap().text.clone();
    assert_eq!(m, format!("undid: read on {unread} articles"));
}

/// The rows the help title says are on screen: (first, last, total).
fn help_position(app: &App) -> (usize, usize, usize) {
    let all = screen_rows(app).join("\n");
    let at = all.find(" rows ").map(|i| i + 6).unwrap_or_else(|| {
        let page = if app.help_page() == 0 {
            "Keys "
        } else {
            "Query language "
        };
        all.find(page).expect("a help title") + page.len()
    });
    let words: Vec<&str> = all[at..].split(' ').take(3).collect();
    let (a, b) = words[0].split_once('-').expect("N-M");
    assert_eq!(words[1], "of");
    (
        a.parse().unwrap(),
        b.parse().unwrap(),
        words[2].parse().unwrap(),
    )
}

#[test]
fn help_shows_where_it_is_scrolls_and_documents_the_query_language() {
    let mut app = app(100, 30);
    cmd(&mut app, Command::Help);
    let (first, last, total) = help_position(&app);
    assert_eq!(first, 1);
    assert!(
        last < total,
        "at 100x30 the keys do not fit: {last} of {total}"
    );
    let quit_seen = |app: &App| screen_rows(app).join("\n").contains("Quit");
    assert!(!quit_seen(&app), "quit is below the fold");
    cmd(&mut app, Command::PageDown);
    let (first2, last2, _) = help_position(&app);
    assert!(first2 > first && last2 == total, "PgDn: {first2}-{last2}");
    assert!(quit_seen(&app));
    cmd(&mut app, Command::Up);
    assert_eq!(help_position(&app).0, first2 - 1, "k scrolls up a row");
    // The wheel scrolls help, not the list.
    let selected = app.selected();
    act(
        &mut app,
        akhbar::ui::app::Action::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::ScrollUp,
            column: 50,
            row: 15,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(help_position(&app).0, first2 - 4);
    assert_eq!(app.selected(), selected);

    // Tab: the query language, every form of the parser's table with its example.
    cmd(&mut app, Command::FocusNext);
    assert_eq!(app.help_page(), 1);
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&screen_rows(&app).join("\n"));
        cmd(&mut app, Command::PageDown);
    }
    for f in akhbar::search::query::FORMS {
        assert!(seen.contains(f.written), "{} on the query page", f.written);
    }
    assert!(seen.contains("e.g. tag:later"));
    cmd(&mut app, Command::Back);
    assert!(app.help().is_none());
}

/// The selected fact's mentions per day over the store's last 30 days: counted by an
/// effect, drawn as a one-line sparkline at the foot of the facts pane.
#[test]
fn the_facts_pane_draws_a_sparkline_of_the_selected_fact() {
    let mut app = app(120, 40);
    // The newest article, so its fact is mentioned on the last day of the 30.
    let newest = app.rows().iter().filter_map(|r| r.date).max().unwrap();
    while app.selected_row().unwrap().date != Some(newest) {
        cmd(&mut app, Command::Down);
    }
    while app.focus() != akhbar::ui::layout::Pane::Facts {
        cmd(&mut app, Command::FocusNext);
    }
    // Enter on the fact builds the entity index (the dashboard builds it at start).
    let name = app.selected_entity().expect("an entity").name.clone();
    cmd(&mut app, Command::Open);
    common::update(&mut app, akhbar::ui::app::Action::Resize(120, 40));
    let kinds = common::run_effects(&mut app);
    let m = app.mentions().expect("counted").clone();
    assert!(
        kinds.iter().any(|k| k == "Mentions") || m.per_day.len() == 30,
        "{kinds:?}"
    );
    assert_eq!(m.name, name);
    assert_eq!(m.per_day.len(), 30);
    // Counted again here, from the seeds themselves: each article whose facts name it, on
    // its day.
    let key = akhbar::text::fold_for_match(&name).text;
    let mut want = vec![0u64; 30];
    for a in akhbar::ingest::load_embedded().articles {
        let Some(d) = a.date else { continue };
        let back = (newest - d).num_days();
        let names = akhbar::facts::extract_article(&a).entity_keys();
        if (0..30).contains(&back) && names.contains(&key) {
            want[29 - back as usize] += 1;
        }
    }
    assert_eq!(m.per_day, want);
    assert!(*m.per_day.last().unwrap() >= 1, "{:?}", m.per_day);
    let rows = screen_rows(&app);
    let facts = app.areas().facts.unwrap();
    let foot = &rows[facts.bottom() as usize - 2];
    let cells: String = foot.chars().skip(facts.x as usize).collect();
    assert!(cells.contains("30 days"), "{cells}");
    assert!(
        cells.chars().any(|c| ('▁'..='█').contains(&c)),
        "a bar: {cells}"
    );
    let total: u64 = m.per_day.iter().sum();
    assert!(cells.contains(&format!(" {total}")), "{cells}");
}

#[test]
fn the_tag_view_lists_tags_with_counts_and_filters_by_one() {
    let mut app = app(120, 40);
    for (i, tag) in ["verify", "verify", "later"].iter().enumerate() {
        if i > 0 {
            cmd(&mut app, Command::Down);
        }
        cmd(&mut app, Command::Tag);
        keys(&mut app, tag);
        key(&mut app, KeyCode::Enter);
    }
    cmd(&mut app, Command::TagView);
    let (label, _) = app.prompt().as_ref().expect("the tag view").parts();
    assert!(
        label.contains("verify 2") && label.contains("later 1"),
        "{label}"
    );
    let top = screen_rows(&app)[0].clone();
    assert!(top.contains("verify 2"), "{top}");
    keys(&mut app, "ver");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt().is_none());
    assert_eq!(app.query(), "tag:verify");
    assert_eq!(app.visible().len(), 2);
}
