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
    x = paint::put_str(buf, area, x, area.y, " / ", prompt);
    if x >= area.right() {
        return;
    }
    let rest = Rect::new(x, area.y, area.right() - x, 1);
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
