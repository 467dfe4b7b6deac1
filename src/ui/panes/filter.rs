//! The filter line on top: the program's name, a `/` prompt and the query being edited (a
//! tui-textarea), or the query in force, or a hint. A query or prompt with right-to-left
//! text is drawn through the text layer, in visual order, with the cursor on its letter.

use crate::text::{self, Base, LayoutOptions};
use crate::ui::app::App;
use crate::ui::paint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let prompt = app.theme.style("filter.prompt");
    let mut x = paint::put_str(buf, area, area.x, area.y, " akhbar ", prompt);
    // The slash stands before a query being typed; the hint alone says which key filters.
    let sign = if app.prompt.is_some() {
        " › "
    } else if app.filtering || !app.query.is_empty() {
        " / "
    } else {
        "  "
    };
    x = paint::put_str(buf, area, x, area.y, sign, prompt);
    if x >= area.right() {
        return;
    }
    let rest = Rect::new(x, area.y, area.right() - x, 1);
    if let Some(prompt) = &app.prompt {
        let (label, input) = prompt.parts();
        let px = paint::put_str(buf, rest, rest.x, rest.y, &label, prompt_style(app));
        if let (Some(input), true) = (input, px < rest.right()) {
            editor(app, input, Rect::new(px, rest.y, rest.right() - px, 1), buf);
        }
        return;
    }
    if app.filtering || !app.query.is_empty() {
        editor(app, &app.filter, rest, buf);
    } else {
        let hint = match app.keymap.hint(crate::ui::keymap::Command::Filter) {
            Some(k) => format!("press {k} to filter"),
            None => String::new(),
        };
        paint::put_str(
            buf,
            rest,
            rest.x,
            rest.y,
            &hint,
            app.theme.style("filter.placeholder"),
        );
    }
}

fn prompt_style(app: &App) -> ratatui::style::Style {
    app.theme.style("status.message")
}

/// Draws a one-line editor. Left-to-right text is left to tui-textarea; text with any
/// right-to-left letter is laid out by the text layer (an Arabic query reads right to left
/// while it is typed) and the cursor cell is found by marking the logical character it is on.
fn editor(app: &App, input: &tui_textarea::TextArea<'static>, area: Rect, buf: &mut Buffer) {
    let line = input.lines().first().map(String::as_str).unwrap_or("");
    let rtl = line
        .chars()
        .any(|c| text::first_strong_direction(&c.to_string()) == Some(text::Dir::Rtl));
    if !rtl || !app.mode.bidi {
        input.render(area, buf);
        return;
    }
    // The cursor's byte offset: tui-textarea counts chars.
    let col = input.cursor().1;
    let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let end = line[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let opts = LayoutOptions {
        width_cells: usize::MAX / 4,
        base: Base::Auto,
        bidi: true,
        shaping: app.mode.shaping,
        align: false,
    };
    let Some(visual) = text::layout(line, &opts).into_iter().next() else {
        input.render(area, buf);
        return;
    };
    let style = app.theme.style("filter.text");
    let cursor = style.add_modifier(ratatui::style::Modifier::REVERSED);
    // Past the last character the cursor is a blank cell where the next letter will go: at
    // the visual left of a right-to-left line.
    let (runs, lead, trail) = if at == line.len() {
        let runs = visual.styled_runs(style, &[]);
        if visual.rtl {
            (runs, true, false)
        } else {
            (runs, false, true)
        }
    } else {
        (
            visual.styled_runs(style, &[(at..end, cursor)]),
            false,
            false,
        )
    };
    let mut spans: Vec<ratatui::text::Span> = Vec::new();
    if lead {
        spans.push(ratatui::text::Span::styled(" ", cursor));
    }
    spans.extend(
        runs.into_iter()
            .map(|(t, s)| ratatui::text::Span::styled(t, s)),
    );
    if trail {
        spans.push(ratatui::text::Span::styled(" ", cursor));
    }
    paint::put(buf, area, area.x, area.y, &ratatui::text::Line::from(spans));
}
