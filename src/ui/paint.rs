//! Painting text that the text layer has already put in visual order into a buffer, clipped
//! to a rectangle so that no size, however small, can write outside it.

use crate::model::Direction;
use crate::page::{options, TextMode};
use crate::text::{self, VisualLine};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::ops::Range;

/// Writes a line at (x, y), clipped to `clip`. Returns the column after the last cell.
pub fn put(buf: &mut Buffer, clip: Rect, x: u16, y: u16, line: &Line<'_>) -> u16 {
    if y < clip.y || y >= clip.bottom() || x >= clip.right() || x < clip.x {
        return x;
    }
    let (end, _) = buf.set_line(x, y, line, clip.right() - x);
    end
}

/// Plain text at (x, y) in one style, clipped.
pub fn put_str(buf: &mut Buffer, clip: Rect, x: u16, y: u16, s: &str, style: Style) -> u16 {
    put(
        buf,
        clip,
        x,
        y,
        &Line::from(Span::styled(s.to_string(), style)),
    )
}

/// Fills a row of `clip` with spaces in `style` (a selected row, the status bar).
pub fn fill_row(buf: &mut Buffer, clip: Rect, y: u16, style: Style) {
    if y >= clip.y && y < clip.bottom() {
        buf.set_style(Rect::new(clip.x, y, clip.width, 1), style);
    }
}

/// Paints a laid-out line at row `y` of `area`, its alignment indent included, with logical
/// ranges highlighted.
pub fn visual_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    line: &VisualLine,
    base: Style,
    highlights: &[(Range<usize>, Style)],
) {
    let indent = u16::try_from(line.indent_cells).unwrap_or(u16::MAX);
    let x = area.x.saturating_add(indent);
    let spans: Vec<Span<'static>> = line
        .styled_runs(base, highlights)
        .into_iter()
        .map(|(t, s)| Span::styled(t, s))
        .collect();
    put(buf, area, x, y, &Line::from(spans));
}

/// Lays out a short text (a title, a source, a fact) as one line of at most `width_cells`:
/// cut at the end of its logical order with '…' when longer, then reordered and shaped like
/// everything else. `align` right-aligns right-to-left text within the width.
pub fn one_line(
    s: &str,
    width_cells: usize,
    dir: Option<Direction>,
    mode: TextMode,
    align: bool,
) -> Option<VisualLine> {
    if width_cells == 0 || s.is_empty() {
        return None;
    }
    let fitted;
    let s = if text::width_cells(s) > width_cells {
        fitted = text::truncate_cells(s, width_cells);
        fitted.as_str()
    } else {
        s
    };
    let mut opts = options(width_cells, dir, mode);
    opts.align = align && mode.bidi;
    text::layout(s, &opts).into_iter().next()
}
