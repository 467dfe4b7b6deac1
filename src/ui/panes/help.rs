//! The help overlay: every binding of the keymap with its description, generated, so it can
//! never disagree with the keys that work.

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
            (keys.join(", "), b.description.clone())
        })
        .collect();
    rows.push((String::new(), String::new()));
    rows.push((
        "In the filter".into(),
        "Enter keeps it, Esc clears it".into(),
    ));
    rows.push(("Mouse".into(), "click selects, wheel scrolls".into()));
    rows
}

pub fn draw(app: &App, screen: Rect, buf: &mut Buffer, offset: usize) {
    let rows = rows(app);
    let keys_w = rows
        .iter()
        .map(|(k, _)| crate::text::width_cells(k))
        .max()
        .unwrap_or(0) as u16;
    let want_w = 72
        .min(screen.width.saturating_sub(2))
        .max(screen.width.min(20));
    let want_h = (rows.len() as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width.saturating_sub(want_w)) / 2,
        y: screen.y + (screen.height.saturating_sub(want_h)) / 2,
        width: want_w.min(screen.width),
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
    let offset = offset.min(rows.len().saturating_sub(inner.height as usize));
    for (i, (keys, desc)) in rows
        .iter()
        .skip(offset)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        paint::put_str(
            buf,
            inner,
            inner.x + 1,
            y,
            keys,
            app.theme.style("help.key"),
        );
        let dx = inner.x + 1 + keys_w + 2;
        paint::put_str(buf, inner, dx, y, desc, app.theme.style("help.text"));
    }
}
