//! The status bar: focus, counts and the latest message on the left; key hints on the right,
//! as many as fit.

use crate::text;
use crate::ui::app::App;
use crate::ui::keymap::Command;
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let bar = app.theme.style("status.bar");
    let key = app.theme.style("status.key");
    paint::fill_row(buf, area, area.y, bar);

    // The number typed for a link (digits in the reader, or `L`), said where the eye is.
    let link_typed = match &app.prompt {
        Some(crate::ui::app::Prompt::Link { count, input }) => {
            Some((*count, input.lines().concat()))
        }
        _ => None,
    };
    let where_ = if link_typed.is_some() {
        "LINK"
    } else if app.prompt.is_some() {
        "PROMPT"
    } else if app.bulk {
        "BULK"
    } else if app.filtering {
        "FILTER"
    } else if app.help.is_some() {
        "HELP"
    } else if app.feeds.view.is_some() {
        "FEEDS"
    } else {
        match app.focus {
            crate::ui::layout::Pane::List => "LIST",
            crate::ui::layout::Pane::Reader => "READER",
            crate::ui::layout::Pane::Facts => "FACTS",
        }
    };
    let c = &app.counts;
    let mut counts = if let Some((count, typed)) = &link_typed {
        format!("link {typed}_ of 1-{count}")
    } else if app.loading {
        format!("loading… {}", app.rows.len())
    } else if app.query.is_empty() {
        format!("{} shown", app.visible.len())
    } else if app.ranking() {
        format!(
            "newest {} of {} · ranking…",
            app.visible.len(),
            app.rows.len()
        )
    } else {
        format!("{} of {}", app.visible.len(), app.rows.len())
    };
    if let Some((indexed, total)) = app.text_index_building() {
        counts.push_str(&format!(" · indexing {indexed}/{total}"));
    }
    if app.body.running() {
        counts.push_str(&format!(
            " · bodies {}/{}",
            app.body.scanned, app.body.total
        ));
    }
    counts.push_str(&format!(" · {} unread", c.unread));
    if c.starred > 0 {
        counts.push_str(&format!(" · {} starred", c.starred));
    }
    if c.archived > 0 {
        counts.push_str(&format!(" · {} archived", c.archived));
    }
    if let Some(p) = &app.feeds.running {
        counts.push_str(&format!(" · refreshing {}/{}", p.summary.feeds, p.total));
        if p.summary.failed > 0 {
            counts.push_str(&format!(", {} failed", p.summary.failed));
        }
    }
    if app.feeds.fetching.is_some() {
        counts.push_str(" · fetching article");
    }
    if app.stores.writer_read_only() {
        counts.push_str(" · read-only");
    }
    let mut x = paint::put_str(buf, area, area.x, area.y, &format!(" {where_} "), key);
    x = paint::put_str(buf, area, x, area.y, &format!(" {counts} "), bar);

    let hints = hints(app);
    let hints_w: usize = hints
        .iter()
        .map(|(k, d)| text::width_cells(k) + text::width_cells(d) + 3)
        .sum();
    let mut hints_x = area.right().saturating_sub(hints_w as u16);
    if let Some(m) = &app.message {
        let style = app.theme.style(if m.error {
            "status.error"
        } else {
            "status.message"
        });
        // A message is there to be read: the hints give way to it when both do not fit.
        let needed = text::width_cells(&m.text) as u16 + 2;
        if hints_x < x + needed {
            hints_x = area.right();
        }
        let room = hints_x.saturating_sub(x + 2) as usize;
        paint::put_str(
            buf,
            area,
            x + 1,
            area.y,
            &text::truncate_cells(&crate::ingest::sanitize::for_terminal(&m.text), room),
            style,
        );
    }
    if hints_x > x && hints_x < area.right() {
        let mut hx = hints_x;
        for (k, d) in hints {
            hx = paint::put_str(buf, area, hx, area.y, &k, key);
            hx = paint::put_str(buf, area, hx, area.y, &format!(" {d}  "), bar);
        }
    }
}

/// The hints for where the keyboard is, most useful first, trimmed to what fits.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    if matches!(app.prompt, Some(crate::ui::app::Prompt::Link { .. })) {
        return vec![("Enter".into(), "open"), ("Esc".into(), "cancel")];
    }
    if app.prompt.is_some() {
        return vec![("Enter".into(), "ok"), ("Esc".into(), "cancel")];
    }
    if app.filtering {
        return vec![("Enter".into(), "keep"), ("Esc".into(), "clear")];
    }
    if app.help.is_some() {
        return vec![("Esc".into(), "close")];
    }
    if app.feeds.view.is_some() {
        return vec![
            ("r".into(), "refresh"),
            ("R".into(), "all"),
            ("Enter".into(), "articles"),
            ("Esc".into(), "close"),
        ];
    }
    let wanted = [
        (Command::Down, "down"),
        (Command::Open, "open"),
        (Command::ToggleStar, "star"),
        (Command::Undo, "undo"),
        (Command::Filter, "filter"),
        (Command::FocusNext, "pane"),
        (Command::Help, "help"),
        (Command::Quit, "quit"),
    ];
    let mut out: Vec<(String, &'static str)> = wanted
        .into_iter()
        .filter_map(|(c, d)| app.keymap.hint(c).map(|k| (k, d)))
        .collect();
    let room = app.size.width as usize / 2;
    while out.len() > 2
        && out
            .iter()
            .map(|(k, d)| text::width_cells(k) + d.len() + 3)
            .sum::<usize>()
            > room
    {
        out.remove(0);
    }
    out
}
