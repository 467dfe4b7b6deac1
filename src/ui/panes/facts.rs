//! The facts pane: what is known about the selected article (source, date, language, size,
//! origin, triage state) and the facts extracted from it, or a plain empty state when there
//! are none.

use crate::ui::app::App;
use crate::ui::layout::{inner, text_area, Pane};
use crate::ui::paint::{self, one_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const LABEL_CELLS: u16 = 8;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    super::frame(app, area, buf, " Facts ", Pane::Facts);
    let inner = inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let area = text_area(area);
    let empty = app.theme.style("fact.empty");
    let Some(row) = app.reader_article.and_then(|id| app.row(id)) else {
        paint::put_str(buf, area, area.x, area.y, "No article selected.", empty);
        return;
    };
    let article = app.doc().and_then(|d| d.article.as_deref());
    let date = row
        .date
        .map_or_else(|| "no date".to_string(), |d| d.to_string());
    let mut state = Vec::new();
    state.push(if row.read { "read" } else { "unread" });
    if row.starred {
        state.push("starred");
    }
    if row.archived {
        state.push("archived");
    }
    if row.has_note {
        state.push("note");
    }
    let mut rows: Vec<(&str, String, &str)> = vec![
        (
            "Source",
            row.source.clone().unwrap_or_else(|| "unknown".into()),
            "fact.source",
        ),
        ("Date", date, "fact.date"),
        (
            "Lang",
            format!("{} · {}", row.lang.code(), row.dir.code()),
            "fact.value",
        ),
    ];
    if let Some(a) = article {
        rows.push((
            "Length",
            format!(
                "{} paragraphs · {} words",
                a.paragraphs.len(),
                a.word_count()
            ),
            "fact.number",
        ));
        rows.push(("From", a.origin.path(), "fact.value"));
    }
    rows.push(("State", state.join(" · "), "fact.value"));
    if !row.tags.is_empty() {
        rows.push(("Tags", row.tags.join(", "), "fact.organization"));
    }
    let label = app.theme.style("fact.label");
    let mut y = area.y;
    for (name, value, slot) in rows {
        if y >= area.bottom() {
            return;
        }
        let x = paint::put_str(buf, area, area.x, y, name, label);
        let vx = (area.x + LABEL_CELLS).max(x + 1);
        if vx < area.right() {
            let cell = Rect::new(vx, y, area.right() - vx, 1);
            if let Some(line) = one_line(&value, cell.width as usize, None, app.mode, false) {
                paint::visual_line(buf, cell, y, &line, app.theme.style(slot), &[]);
            }
        }
        y += 1;
    }
    y += 1;
    paint::put_str(
        buf,
        area,
        area.x,
        y,
        "No facts extracted for this article.",
        empty,
    );
}
