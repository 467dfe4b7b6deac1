//! The reading view: the selected article's title, meta line and paragraphs, laid out by the
//! text layer (RTL paragraphs reordered and right-aligned), scrolled by rows.

use crate::page::LineKind;
use crate::ui::app::marks;
use crate::ui::app::App;
use crate::ui::layout::{inner, text_area, Pane};
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::ops::Range;

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
    let Some(article) = doc.article.as_deref() else {
        return;
    };
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
                let text = article
                    .paragraphs
                    .get(line.block - 2)
                    .map_or("", |p| p.text.as_str());
                (app.theme.style("reader.body"), quotes(text, quote))
            }
        };
        highlights.extend(
            marks::ranges(app, article, line)
                .into_iter()
                .map(|r| (r, mark)),
        );
        paint::visual_line(buf, text_area, y, visual, style, &highlights);
    }
}

/// Logical ranges of quoted speech (“…”, «…», "…") in a paragraph, to colour as quotes.
fn quotes(text: &str, style: Style) -> Vec<(Range<usize>, Style)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '«' | '"') => open = Some((i, c)),
            (Some((start, o)), c)
                if (o == '“' && c == '”') || (o == '«' && c == '»') || (o == '"' && c == '"') =>
            {
                out.push((start..i + c.len_utf8(), style));
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_ranges() {
        let s = Style::default();
        let t = "قال “نعم” ثم «لا» و\"x\"";
        let q: Vec<_> = quotes(t, s).into_iter().map(|(r, _)| &t[r]).collect();
        assert_eq!(q, ["“نعم”", "«لا»", "\"x\""]);
        assert!(quotes("“unclosed", s).is_empty());
    }
}
