//! The reading view: the selected article's title, meta line and paragraphs, laid out by the
//! text layer (RTL paragraphs reordered and right-aligned), scrolled by rows.

use crate::page::LineKind;
use crate::ui::app::App;
use crate::ui::layout::{inner, text_area, Pane};
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let doc = app.doc();
    let title = match doc {
        Some(d) if !d.lines.is_empty() => {
            let rows = inner(area).height as usize;
            let last = (app.reader_scroll + rows).min(d.lines.len());
            // Where the reader is, in words: the last line on screen of how many.
            if d.complete {
                format!(" Reader · line {last} of {} ", d.lines.len())
            } else {
                format!(" Reader · line {last} of … ")
            }
        }
        _ => " Reader ".to_string(),
    };
    super::frame(app, area, buf, &title, Pane::Reader);
    let inner = inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    // The same area `layout::reader_text_width` lays out for.
    let text_area = text_area(area);
    if app.reader_article.is_none() {
        let msg = "No article selected.";
        paint::put_str(
            buf,
            text_area,
            text_area.x,
            text_area.y,
            msg,
            app.theme.style("fact.empty"),
        );
        return;
    };
    let Some(doc) = doc else {
        paint::put_str(
            buf,
            text_area,
            text_area.x,
            text_area.y,
            "…",
            app.theme.style("reader.meta"),
        );
        return;
    };
    if doc.article.is_none() {
        return;
    }
    let quote = app.theme.style("reader.quote");
    let mark = app.theme.style("reader.match");
    for (row, line) in doc
        .lines
        .iter()
        .skip(app.reader_scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let Some(visual) = &line.line else {
            continue;
        };
        let y = inner.y + row as u16;
        let (style, mut highlights) = match line.kind {
            LineKind::Title => (app.theme.style("reader.title"), Vec::new()),
            LineKind::Meta => {
                let chip = app.theme.style("reader.tag");
                let chips = doc.chips.iter().map(|r| (r.clone(), chip)).collect();
                (app.theme.style("reader.meta"), chips)
            }
            LineKind::Note => (app.theme.style("reader.note"), Vec::new()),
            LineKind::Links => (app.theme.style("reader.meta"), Vec::new()),
            LineKind::Link => (app.theme.style("reader.link"), Vec::new()),
            LineKind::Body => {
                let quotes = app.block_marks.quotes(line).iter();
                let quotes = quotes.map(|r| (r.clone(), quote)).collect();
                (app.theme.style("reader.body"), quotes)
            }
        };
        highlights.extend(
            app.block_marks
                .marks(line)
                .iter()
                .map(|r| (r.clone(), mark)),
        );
        paint::visual_line(buf, text_area, y, visual, style, &highlights);
    }
}
