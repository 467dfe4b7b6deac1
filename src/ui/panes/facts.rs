//! The facts pane: what is known about the selected article (source, date, language, size,
//! origin) and the facts extracted from it, or a plain empty state when there are none.

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
    let Some(index) = app.reader_article else {
        paint::put_str(buf, area, area.x, area.y, "No article selected.", empty);
        return;
    };
    let a = &app.articles[index];
    let date = a
        .date
        .map_or_else(|| "no date".to_string(), |d| d.to_string());
    let rows: Vec<(&str, String, &str)> = vec![
        (
            "Source",
            a.source.clone().unwrap_or_else(|| "unknown".into()),
            "fact.source",
        ),
        ("Date", date, "fact.date"),
        (
            "Lang",
            format!("{} · {}", a.lang.code(), a.dir.code()),
            "fact.value",
        ),
        (
            "Length",
            format!(
                "{} paragraphs · {} words",
                a.paragraphs.len(),
                a.word_count()
            ),
            "fact.number",
        ),
        ("From", a.origin.path(), "fact.value"),
    ];
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
