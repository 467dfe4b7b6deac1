//! The feeds view (`F`): every subscription with its unread and total articles, when it was
//! last fetched and its last error, over the panes; the selected feed's address and whole
//! error at the bottom. Titles go through the text layer like every other title, so an Urdu
//! or Hebrew feed name reads right.

use crate::text::truncate_cells;
use crate::ui::app::lines::feed_title_cells;
use crate::ui::app::App;
use crate::ui::paint::{self, one_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// "5 min ago", "3 h ago", "2 d ago", or "never".
pub fn ago(now: i64, at: Option<i64>) -> String {
    let Some(at) = at else {
        return "never".into();
    };
    let secs = (now - at).max(0);
    match secs {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86400 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86400),
    }
}

pub fn draw(app: &App, screen: Rect, buf: &mut Buffer, now: i64) {
    if screen.width < 4 || screen.height < 3 {
        return;
    }
    Clear.render(screen, buf);
    let feeds = &app.feeds;
    let running = feeds
        .running
        .as_ref()
        .map(|p| format!(" · refreshing {}/{}", p.summary.feeds, p.total))
        .unwrap_or_default();
    let title = format!(" Feeds {}{running} ", feeds.subs.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(title);
    let inner = block.inner(screen);
    block.render(screen, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let dim = app.theme.style("fact.empty");
    let text = app.theme.style("list.unread");
    let error = app.theme.style("status.error");
    if feeds.subs.is_empty() {
        let lines = [
            "No feeds yet. Subscribe from the shell:",
            "  akhbar add URL",
            "  akhbar import-opml FILE",
            "  akhbar import-newsboat [URLS_FILE]",
            "then press R here, or run akhbar fetch.",
        ];
        for (i, l) in lines.iter().enumerate() {
            paint::put_str(buf, inner, inner.x + 1, inner.y + i as u16, l, dim);
        }
        // The ignore rules apply to imports too: listed even before any feed.
        let top = inner.y + lines.len() as u16;
        let rows = inner.height.saturating_sub(lines.len() as u16 + 1);
        draw_rules(app, buf, inner, top, rows);
        return;
    }
    // A header row, then the feeds; the last two rows: the selected feed's address and its
    // whole error.
    let detail_rows: u16 = if inner.height >= 7 { 2 } else { 0 };
    let header_rows: u16 = if inner.height >= 4 { 1 } else { 0 };
    // The ignore rules under the feeds, a row each, while the feeds keep at least 3 rows.
    let rules = feeds.ignore.rules();
    let room = inner
        .height
        .saturating_sub(detail_rows + header_rows + 3 + 1);
    let rule_rows = (rules.len() as u16).min(room);
    let rules_h = if rule_rows > 0 { rule_rows + 1 } else { 0 };
    let list_h = inner.height - detail_rows - header_rows - rules_h;
    if rule_rows > 0 {
        draw_rules(app, buf, inner, inner.y + header_rows + list_h, rule_rows);
    }
    let selected = feeds.view.unwrap_or(0).min(feeds.subs.len() - 1);
    let offset = selected.saturating_sub(list_h as usize - 1);
    // Columns: mark, counts "unread/all", fetched, then the title takes the rest.
    let counts_w: u16 = 11;
    let when_w: u16 = if inner.width >= 60 { 12 } else { 0 };
    // Titles get what is left, up to a readable width, so the counts stay near them.
    let title_w = feed_title_cells(inner.width);
    let counts_x = inner.x + 2 + title_w + 1;
    if header_rows > 0 {
        paint::put_str(buf, inner, inner.x + 2, inner.y, "feed", dim);
        paint::put_str(buf, inner, counts_x, inner.y, "unread/all", dim);
        if when_w > 0 {
            paint::put_str(buf, inner, counts_x + counts_w, inner.y, "fetched", dim);
        }
    }
    for row in 0..list_h {
        let i = offset + row as usize;
        let Some(sub) = feeds.subs.get(i) else {
            break;
        };
        let y = inner.y + header_rows + row;
        let state = feeds.states.get(&sub.url);
        let is_selected = i == selected;
        let base = if is_selected {
            text.patch(app.theme.style("list.selected"))
        } else {
            text
        };
        if is_selected {
            paint::fill_row(buf, inner, y, base);
        }
        let failed = feeds.error(&sub.url).is_some();
        let mark = if failed { "✗" } else { " " };
        let mark_style = if failed { error } else { base };
        paint::put_str(buf, inner, inner.x, y, mark, mark_style);
        let name = feeds.title(sub);
        // Right-to-left names right-aligned in their column, as in the list.
        if let Some(line) = app.line(&name, title_w, None, true) {
            let area = Rect::new(inner.x + 2, y, title_w, 1);
            paint::visual_line(buf, area, y, &line, base, &[]);
        }
        let (unread, all) = state.map_or((0, 0), |s| (s.unread, s.articles));
        let counts = format!("{unread:>5}/{all:<5}");
        let x = counts_x;
        paint::put_str(buf, inner, x, y, &counts, base);
        if when_w > 0 {
            let when = if failed {
                "failed".to_string()
            } else {
                ago(now, state.and_then(|s| s.fetched_at))
            };
            let style = if failed { error } else { base };
            paint::put_str(buf, inner, x + counts_w, y, &when, style);
        }
    }
    if detail_rows == 0 {
        return;
    }
    let sub = &feeds.subs[selected];
    let y = inner.bottom() - 2;
    let width = inner.width.saturating_sub(1) as usize;
    let url = crate::net::refresh::one_line(&sub.url);
    paint::put_str(
        buf,
        inner,
        inner.x + 1,
        y,
        &truncate_cells(&url, width),
        dim,
    );
    let status = match feeds.error(&sub.url) {
        Some(e) => (
            format!("last error: {}", crate::net::refresh::one_line(e)),
            error,
        ),
        None => {
            let state = feeds.states.get(&sub.url);
            let tags = if sub.tags.is_empty() {
                String::new()
            } else {
                format!(" · tags: {}", sub.tags.join(", "))
            };
            (
                format!(
                    "fetched {}{tags} · r refresh · Enter show articles · Esc close",
                    ago(now, state.and_then(|s| s.fetched_at))
                ),
                dim,
            )
        }
    };
    // Through the text layer: an error or a tag may hold right-to-left words.
    let area = Rect::new(inner.x + 1, y + 1, width as u16, 1);
    let ltr = Some(crate::model::Direction::Ltr);
    if let Some(line) = one_line(&status.0, width, ltr, app.mode, false) {
        paint::visual_line(buf, area, y + 1, &line, status.1, &[]);
    }
}

/// The ignore rules, each with how many articles it archived, on up to `rows` rows after a
/// blank one below `top`.
fn draw_rules(app: &App, buf: &mut Buffer, inner: Rect, top: u16, rows: u16) {
    let feeds = &app.feeds;
    let dim = app.theme.style("fact.empty");
    let rules = feeds.ignore.rules();
    let width = inner.width.saturating_sub(2) as usize;
    let ltr = Some(crate::model::Direction::Ltr);
    for (i, rule) in rules.iter().take(rows as usize).enumerate() {
        let n = feeds
            .ignored
            .iter()
            .find(|(q, _)| *q == rule.query)
            .map_or(0, |(_, n)| *n);
        // The rule's query is the user's own text, cleaned and laid out like any other
        // line (it may hold Arabic words).
        let text = format!(
            "ignore {}  · {n} archived",
            crate::ingest::sanitize::clean_line(&rule.query)
        );
        let y = top + 1 + i as u16;
        let area = Rect::new(inner.x + 2, y, width as u16, 1);
        if let Some(line) = one_line(&text, width, ltr, app.mode, false) {
            paint::visual_line(buf, area, y, &line, dim, &[]);
        }
    }
}
