//! The filter line on top: the program's name, a `/` prompt and the query being edited (a
//! tui-textarea), or the query in force, or a hint.

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
    let sign = if app.prompt.is_some() { " › " } else { " / " };
    x = paint::put_str(buf, area, x, area.y, sign, prompt);
    if x >= area.right() {
        return;
    }
    let rest = Rect::new(x, area.y, area.right() - x, 1);
    if let Some(prompt) = &app.prompt {
        let (label, input) = prompt.parts();
        let px = paint::put_str(buf, rest, rest.x, rest.y, &label, prompt_style(app));
        if let (Some(input), true) = (input, px < rest.right()) {
            input.render(Rect::new(px, rest.y, rest.right() - px, 1), buf);
        }
        return;
    }
    if app.filtering || !app.query.is_empty() {
        app.filter.render(rest, buf);
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
