//! The help overlay: every binding of the keymap with its description, generated, so it can
//! never disagree with the keys that work, and a second page (Tab) with the query language,
//! generated from the parser's own table. Two columns when the screen is wide enough,
//! scrolled with j/k, PgUp/PgDn or the wheel when it is still too short; the title says
//! where it is (`rows 12-30 of 44`).

use crate::text::width_cells;
use crate::ui::app::App;
use crate::ui::layout::bordered;
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The rows of the page shown: (keys, description).
pub fn rows(app: &App) -> Vec<(String, String)> {
    crate::ui::app::help::rows(app)
}

use crate::ui::app::help::COLUMN_CELLS;

pub fn draw(app: &App, screen: Rect, buf: &mut Buffer, offset: usize) {
    let rows = rows(app);
    let keys_w = rows.iter().map(|(k, _)| width_cells(k)).max().unwrap_or(0) as u16;
    // The same numbers `update` keeps the scroll position within.
    let (columns, per_column, height) = crate::ui::app::help::layout(screen, rows.len());
    let want_w = (COLUMN_CELLS * columns + 2).min(screen.width);
    let want_h = (per_column as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - want_w) / 2,
        y: screen.y + (screen.height - want_h) / 2,
        width: want_w,
        height: want_h,
    };
    Clear.render(area, buf);
    // The rows on screen, of how many, for the title.
    let offset = offset.min(per_column.saturating_sub(height));
    let last = (offset + height).min(per_column);
    let page = crate::ui::app::help::PAGES
        .get(app.help_page())
        .copied()
        .unwrap_or("Keys");
    let other = crate::ui::app::help::PAGES
        .iter()
        .find(|p| **p != page)
        .copied()
        .unwrap_or("");
    let title = format!(
        " {page} {}-{last} of {per_column} · j/k PgDn scroll · Tab: {other} · Esc closes ",
        offset + 1
    );
    let inner = if bordered(area) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.border(true))
            .title(Span::styled(title, app.theme.style("help.title")));
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    buf.set_style(inner, app.theme.style("help.text"));
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
            // Through the text layer: an Arabic example reads right to left, shaped.
            let room = u16::try_from(room).unwrap_or(u16::MAX);
            if let Some(line) = app.line(desc, room, None, false) {
                let cell = Rect::new(dx, y, room, 1);
                paint::visual_line(buf, cell, y, &line, app.theme.style("help.text"), &[]);
            }
        }
    }
}
