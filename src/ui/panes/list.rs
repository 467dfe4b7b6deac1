//! The article list: triage marks, date, source and title, one article a row; RTL titles are
//! reordered and right-aligned within their column, filter matches highlighted. While the
//! query has words, a hit's second line is its body snippet (see `app/snippets.rs`).

use crate::search::match_ranges;
use crate::ui::app::lines::{list_chips, ListColumns, DATE_CELLS, SOURCE_CELLS};
use crate::ui::app::{App, Scope};
use crate::ui::layout::{inner, Pane};
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let name = match &app.scope {
        Scope::View(v) => capitalised(v.name()),
        Scope::Paths => "Articles".to_string(),
    };
    let title = if app.query.is_empty() {
        format!(" {name} {} ", app.visible.len())
    } else if app.ranking() {
        format!(
            " {name} newest {} of {} · ranking… ",
            app.visible.len(),
            app.rows.len()
        )
    } else {
        format!(" {name} {} of {} ", app.visible.len(), app.rows.len())
    };
    super::frame(app, area, buf, &title, Pane::List);
    let inner = inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.visible.is_empty() {
        let msg = if app.loading {
            "Loading…"
        } else if app.rows.is_empty() {
            "No articles here. 1-4 or v switch views."
        } else {
            "No article matches the filter."
        };
        paint::put_str(
            buf,
            inner,
            inner.x + 1,
            inner.y,
            msg,
            app.theme.style("fact.empty"),
        );
        return;
    }
    let cols = ListColumns::of(inner.width);
    let (show_date, show_source) = (cols.date, cols.source);
    // A hit with a body snippet takes two lines: the title, then the snippet.
    let height = app.row_height() as u16;
    for row in 0..inner.height / height {
        let pos = app.list_offset + row as usize;
        let Some(&index) = app.visible.get(pos) else {
            break;
        };
        let y = inner.y + row * height;
        let item = &app.rows[index];
        let selected = pos == app.selected;
        let patch = |slot: &str| {
            let s = app.theme.style(slot);
            if selected {
                s.patch(app.theme.style("list.selected"))
            } else {
                s
            }
        };
        let title_style = patch(if item.read {
            "list.read"
        } else {
            "list.unread"
        });
        if selected {
            paint::fill_row(buf, inner, y, title_style);
        }
        if height == 2 {
            let style = patch("list.snippet");
            if selected {
                paint::fill_row(buf, inner, y + 1, style);
            }
            let cell =
                Rect::new(inner.x + cols.title_x, y + 1, cols.title_w, 1).intersection(inner);
            if let Some(s) = app.snippet(item.id) {
                let (text, word) = s.fitted(cols.title_w as usize);
                if let Some(line) = app.line(&text, cols.title_w, None, true) {
                    let mark = [(word, patch("list.match"))];
                    paint::visual_line(buf, cell, y + 1, &line, style, &mark);
                }
            }
        }
        // Two cells of marks: unread or archived, then starred.
        let first = match (item.archived, item.read) {
            (true, _) => "▪",
            (false, false) => "●",
            (false, true) => " ",
        };
        let star = if item.starred { "★" } else { " " };
        let mut x = paint::put_str(buf, inner, inner.x, y, first, patch("list.unread"));
        x = paint::put_str(buf, inner, x, y, star, patch("list.source"));
        x = paint::put_str(buf, inner, x, y, " ", title_style);
        if show_date {
            let date = item
                .date
                .map_or_else(|| "no date".to_string(), |d| d.to_string());
            paint::put_str(buf, inner, x, y, &date, patch("list.date"));
            x += DATE_CELLS + 1;
        }
        if show_source {
            let cell = Rect::new(x, y, SOURCE_CELLS, 1).intersection(inner);
            if let Some(line) = item
                .source
                .as_deref()
                .and_then(|s| app.line(s, SOURCE_CELLS, None, false))
            {
                paint::visual_line(buf, cell, y, &line, patch("list.source"), &[]);
            }
            x += SOURCE_CELLS + 1;
        }
        let right = inner.right();
        if x >= right {
            continue;
        }
        let mut cell = Rect::new(x, y, right - x, 1);
        // Tag chips take the right end of the title column.
        if let Some((chips, cells)) = list_chips(&item.tags, cell.width) {
            if let Some(line) = app.line(&chips, cells, None, false) {
                let chip_cell = Rect::new(right - cells, y, cells, 1);
                paint::visual_line(buf, chip_cell, y, &line, patch("list.tag"), &[]);
            }
            cell.width = cell.width.saturating_sub(cells + 1);
        }
        let highlights: Vec<_> = match_ranges(&item.title, app.plan.query())
            .into_iter()
            .map(|r| (r, patch("list.match")))
            .collect();
        if let Some(line) = app.line(&item.title, cell.width, Some(item.dir), true) {
            paint::visual_line(buf, cell, y, &line, title_style, &highlights);
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
