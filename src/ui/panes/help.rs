//! The help overlay: every binding of the keymap with its description, generated, so it can
//! never disagree with the keys that work. Two columns when the screen is wide enough,
//! scrolled with j/k when it is still too short.

use crate::text::{truncate_cells, width_cells};
use crate::ui::app::App;
use crate::ui::layout::bordered;
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The rows of the overlay: (keys, description).
pub fn rows(app: &App) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = app
        .keymap
        .bindings()
        .iter()
        .filter(|b| !b.keys.is_empty())
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
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
    rows.push(("In a prompt".into(), "Enter accepts, Esc cancels".into()));
    rows.push(("Mouse".into(), "click selects, wheel scrolls".into()));
    rows
}

/// Width of one column of the overlay: keys, a gap, the description.
const COLUMN_CELLS: u16 = 58;

pub fn draw(app: &App, screen: Rect, buf: &mut Buffer, offset: usize) {
    let rows = rows(app);
    let keys_w = rows.iter().map(|(k, _)| width_cells(k)).max().unwrap_or(0) as u16;
    let columns: u16 =
        if screen.width >= 2 * COLUMN_CELLS + 2 && rows.len() + 2 > screen.height as usize {
            2
        } else {
            1
        };
    let per_column = rows.len().div_ceil(columns as usize);
    let want_w = (COLUMN_CELLS * columns + 2).min(screen.width);
    let want_h = (per_column as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - want_w) / 2,
        y: screen.y + (screen.height - want_h) / 2,
        width: want_w,
        height: want_h,
    };
    Clear.render(area, buf);
    let inner = if bordered(area) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.border(true))
            .title(Span::styled(
                " Keys (Esc closes) ",
                app.theme.style("help.title"),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    buf.set_style(inner, app.theme.style("help.text"));
    let height = inner.height as usize;
    let offset = offset.min(per_column.saturating_sub(height));
    let col_w = inner.width / columns;
    for c in 0..columns {
        let col = Rect {
            x: inner.x + c * col_w,
            width: col_w,
            ..inner
        };
        let start = c as usize * per_column + offset;
        let end = (c as usize + 1) * per_column;
        for (i, (keys, desc)) in rows[start.min(end)..end.min(rows.len())]
            .iter()
            .take(height)
            .enumerate()
        {
            let y = col.y + i as u16;
            paint::put_str(buf, col, col.x + 1, y, keys, app.theme.style("help.key"));
            let dx = col.x + 1 + keys_w + 2;
            let room = col.right().saturating_sub(dx) as usize;
            let shown = truncate_cells(desc, room);
            paint::put_str(buf, col, dx, y, &shown, app.theme.style("help.text"));
        }
    }
}
