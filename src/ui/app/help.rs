//! The help overlay's state: two pages (the keys, from the keymap; the query language,
//! from the table the parser reads, [`crate::search::query::FORMS`]) and a scroll
//! position that j/k, PgUp/PgDn, g and the mouse wheel move.

use super::{App, Effect};
use crate::ui::keymap::Command;

/// The pages of the overlay, in the order Tab walks them.
pub const PAGES: [&str; 2] = ["Keys", "Query language"];

/// The rows of a help page: (left column, right column).
pub fn rows(app: &App) -> Vec<(String, String)> {
    match app.help_page {
        1 => query_rows(),
        _ => key_rows(app),
    }
}

fn key_rows(app: &App) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = app
        .keymap
        .bindings()
        .iter()
        .filter(|b| !b.keys.is_empty())
        .map(|b| {
            let mut keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            // A run of digits (the reader's link numbers) as `1-9`, so the column stays narrow.
            let digits: Vec<u32> = keys
                .iter()
                .filter_map(|k| k.parse::<u32>().ok().filter(|_| k.len() == 1))
                .collect();
            if digits.len() == keys.len()
                && digits.len() > 2
                && digits.windows(2).all(|w| w[1] == w[0] + 1)
            {
                keys = vec![format!("{}-{}", digits[0], digits[digits.len() - 1])];
            }
            let keys = match b.context {
                None => keys.join(", "),
                Some(c) => format!("{} ({})", keys.join(", "), format!("{c:?}").to_lowercase()),
            };
            (keys, b.description.clone())
        })
        .collect();
    rows.push((
        "In the filter".into(),
        "Enter keeps it, Esc clears it".into(),
    ));
    rows.push((
        "Text fields".into(),
        "Ctrl-u clears, Ctrl-w deletes a word, Ctrl-a/e start/end, Alt-b/f words".into(),
    ));
    rows.push(("In a prompt".into(), "Enter accepts, Esc cancels".into()));
    rows.push(("Mouse".into(), "click selects, wheel scrolls".into()));
    rows
}

/// The query language page: each form with what it means, then its example.
fn query_rows() -> Vec<(String, String)> {
    let mut rows = vec![(
        "/ then type".to_string(),
        "every clause must hold".to_string(),
    )];
    for f in crate::search::query::FORMS {
        rows.push((f.written.to_string(), f.means.to_string()));
        rows.push((String::new(), format!("e.g. {}", f.example)));
    }
    rows.push(("together".into(), "e.g. بوتين is:unread !sport".into()));
    rows
}

impl App {
    /// A command while help is open: it scrolls, turns the page or closes.
    pub(super) fn help_command(&mut self, c: Command) {
        let page = self.size.height.saturating_sub(4).max(1) as isize;
        match c {
            Command::Help | Command::Back | Command::Quit => self.help = None,
            Command::Down => self.help_scroll(1),
            Command::Up => self.help_scroll(-1),
            Command::PageDown | Command::HalfPageDown => self.help_scroll(page),
            Command::PageUp | Command::HalfPageUp => self.help_scroll(-page),
            Command::Top => self.help = Some(0),
            Command::Bottom => self.help_scroll(isize::MAX / 2),
            Command::FocusNext | Command::FocusPrev | Command::Open => {
                self.help_page = (self.help_page + 1) % PAGES.len();
                self.help = Some(0);
            }
            Command::Suspend => self.effects.push(Effect::Suspend),
            _ => {}
        }
    }

    /// Moves the help's scroll position, kept where the overlay can show it (so a key back
    /// always moves what is on screen).
    pub(super) fn help_scroll(&mut self, by: isize) {
        let Some(at) = self.help else { return };
        let status = self.areas().status.height;
        let screen = ratatui::layout::Rect {
            height: self.size.height.saturating_sub(status),
            ..self.size
        };
        let (per_column, shown) = fit(screen, rows(self).len());
        let last = per_column.saturating_sub(shown);
        self.help = Some(at.saturating_add_signed(by).min(last));
    }

    pub fn help_page(&self) -> usize {
        self.help_page
    }
}

/// Width of one column of the overlay: keys, a gap, the description.
pub const COLUMN_CELLS: u16 = 58;

/// How `rows` rows of help fit on `screen`: the overlay's columns, the rows in each, and
/// how many of them show at once. The pane draws by the same numbers.
pub fn layout(screen: ratatui::layout::Rect, rows: usize) -> (u16, usize, usize) {
    let columns: u16 = if screen.width >= 2 * COLUMN_CELLS + 2 && rows + 2 > screen.height as usize
    {
        2
    } else {
        1
    };
    let per_column = rows.div_ceil(columns as usize);
    let want_h = (per_column as u16 + 2).min(screen.height);
    let bordered = crate::ui::layout::bordered(ratatui::layout::Rect {
        height: want_h,
        width: (COLUMN_CELLS * columns + 2).min(screen.width),
        ..screen
    });
    let shown = if bordered {
        want_h.saturating_sub(2)
    } else {
        want_h
    };
    (columns, per_column, shown as usize)
}

fn fit(screen: ratatui::layout::Rect, rows: usize) -> (usize, usize) {
    let (_, per_column, shown) = layout(screen, rows);
    (per_column, shown)
}
