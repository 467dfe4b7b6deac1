//! The facts pane: what is known about the selected article (source, date, language, size,
//! origin, triage state) and the facts extracted from it: people, places and organizations
//! with their mention counts (one selected with j/k when the pane has focus, its mentions
//! highlighted in the reader), dates with their resolved value, numbers and quantities,
//! quotes with their speaker, and sources.

use crate::facts::Kind;
use crate::ui::app::lines::{entity_text, fact_text, LABEL_CELLS};
use crate::ui::app::App;
use crate::ui::layout::{inner, text_area, Pane};
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    super::frame(app, area, buf, " Facts ", Pane::Facts);
    let inner = inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let mut area = text_area(area);
    // The last row: the selected fact's mentions per day, when they are counted.
    if let (Some(m), true) = (app.mentions(), area.height >= 6) {
        area.height -= 1;
        sparkline(
            app,
            m,
            Rect {
                y: area.bottom(),
                height: 1,
                ..area
            },
            buf,
        );
    }
    let empty = app.theme.style("fact.empty");
    let Some(row) = app.reader_article.and_then(|id| app.row(id)) else {
        paint::put_str(buf, area, area.x, area.y, "No article selected.", empty);
        return;
    };
    let article = app.doc().and_then(|d| d.article.as_deref());
    let rows = app.fact_fields(row);
    let label = app.theme.style("fact.label");
    let mut lines: Vec<Entry> = rows
        .into_iter()
        .map(|(name, value, slot)| Entry::Field { name, value, slot })
        .collect();
    lines.push(Entry::Blank);
    match app.doc().and_then(|d| d.facts.as_deref()) {
        None if app.doc().is_none() || article.is_none() => {}
        None => lines.push(Entry::Note("Extracting facts…")),
        Some(f) if f.facts.is_empty() => lines.push(Entry::Note("No facts found in this article.")),
        Some(_) => extracted(app, &mut lines),
    }
    // Keep the selected entity in view.
    let selected_at = lines
        .iter()
        .position(|l| matches!(l, Entry::Item { selected: true, .. }));
    let height = area.height as usize;
    let offset = selected_at.map_or(0, |at| (at + 1).saturating_sub(height));
    for (i, entry) in lines.iter().skip(offset).take(height).enumerate() {
        let y = area.y + i as u16;
        match entry {
            Entry::Blank => {}
            Entry::Note(text) => {
                paint::put_str(buf, area, area.x, y, text, empty);
            }
            Entry::Heading(text) => {
                paint::put_str(buf, area, area.x, y, text, label);
            }
            Entry::Field { name, value, slot } => {
                let x = paint::put_str(buf, area, area.x, y, name, label);
                let vx = (area.x + LABEL_CELLS).max(x + 1);
                cell_text(app, buf, area, vx, y, value, app.theme.style(slot));
            }
            Entry::Item {
                text,
                slot,
                selected,
            } => {
                let mut style = app.theme.style(slot);
                if *selected {
                    style = style.patch(app.theme.style("list.selected"));
                    paint::fill_row(buf, area, y, style);
                }
                cell_text(app, buf, area, area.x + 1, y, text, style);
            }
        }
    }
}

/// `30d ▁▃█ N`: how many articles mention the selected fact on each of the store's last 30
/// days (oldest at the left), with ratatui's Sparkline, and the total.
fn sparkline(app: &App, m: &crate::ui::app::spark::Mentions, row: Rect, buf: &mut Buffer) {
    use ratatui::widgets::{Sparkline, Widget};
    let label = app.theme.style("fact.label");
    let x = paint::put_str(buf, row, row.x, row.y, "30 days", label);
    let total: u64 = m.per_day.iter().sum();
    let tail = format!(" {total}");
    let start = (row.x + LABEL_CELLS).max(x + 1);
    let room = row.right().saturating_sub(start + tail.len() as u16);
    let width = room.min(m.per_day.len() as u16);
    if width == 0 {
        return;
    }
    // The newest days when the pane is narrower than 30 cells.
    let data = &m.per_day[m.per_day.len() - width as usize..];
    Sparkline::default()
        .data(data)
        .max(data.iter().copied().max().unwrap_or(0).max(1))
        .style(app.theme.style("fact.number"))
        .render(Rect::new(start, row.y, width, 1), buf);
    paint::put_str(buf, row, start + width, row.y, &tail, label);
}

/// One line of the pane.
enum Entry {
    Blank,
    Note(&'static str),
    Heading(String),
    Field {
        name: &'static str,
        value: String,
        slot: &'static str,
    },
    Item {
        text: String,
        slot: &'static str,
        selected: bool,
    },
}

/// Text laid out by the text layer (it may be Arabic) from `x` to the right edge.
fn cell_text(
    app: &App,
    buf: &mut Buffer,
    area: Rect,
    x: u16,
    y: u16,
    text: &str,
    style: ratatui::style::Style,
) {
    if x >= area.right() {
        return;
    }
    let cell = Rect::new(x, y, area.right() - x, 1);
    if let Some(line) = app.line(text, cell.width, None, false) {
        paint::visual_line(buf, cell, y, &line, style, &[]);
    }
}

/// The extracted facts: entities by kind (the one selected marked when the pane has focus),
/// then dates with their resolved value, numbers and quantities, quotes with their speaker,
/// and sources.
fn extracted(app: &App, lines: &mut Vec<Entry>) {
    let focused = app.focus == Pane::Facts;
    let entities = app.entities_in_order();
    let facts = app.doc().and_then(|d| d.facts.as_deref());
    let mut kind = None;
    for (i, e) in entities.iter().enumerate() {
        if kind != Some(e.kind) {
            kind = Some(e.kind);
            let n = entities.iter().filter(|x| x.kind == e.kind).count();
            lines.push(Entry::Heading(format!("{} ({n})", heading(e.kind))));
        }
        lines.push(Entry::Item {
            text: entity_text(e, facts),
            slot: slot(e.kind),
            selected: focused && i == app.fact_selected,
        });
    }
    let mut group = None;
    let listed = app.listed_facts();
    for (j, f) in listed.iter().enumerate() {
        let g = crate::ui::app::fact_group(f.kind);
        if group != Some(g) {
            group = Some(g);
            let n = listed
                .iter()
                .filter(|x| crate::ui::app::fact_group(x.kind) == g)
                .count();
            lines.push(Entry::Heading(format!("{} ({n})", heading(f.kind))));
        }
        lines.push(Entry::Item {
            text: fact_text(f),
            slot: slot(f.kind),
            selected: focused && entities.len() + j == app.fact_selected,
        });
    }
}

fn heading(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "People",
        Kind::Place => "Places",
        Kind::Organization => "Organizations",
        Kind::Date => "Dates",
        Kind::Number | Kind::Quantity => "Numbers",
        Kind::Quote => "Quotes",
        Kind::Source => "Sources",
    }
}

fn slot(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "fact.person",
        Kind::Place => "fact.place",
        Kind::Organization => "fact.organization",
        Kind::Date => "fact.date",
        Kind::Number | Kind::Quantity => "fact.number",
        Kind::Quote => "fact.quote",
        Kind::Source => "fact.source",
    }
}
