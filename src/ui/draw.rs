//! One frame: the panes where the layout puts them, then the help overlay on top.

use super::app::App;
use super::panes;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App) {
    let areas = app.areas();
    let screen = frame.area();
    let buf = frame.buffer_mut();
    buf.set_style(screen, app.theme.style("base"));
    panes::filter::draw(app, areas.filter, buf);
    if let Some(r) = areas.list {
        panes::list::draw(app, r, buf);
    }
    if let Some(r) = areas.reader {
        panes::reader::draw(app, r, buf);
    }
    if let Some(r) = areas.facts {
        panes::facts::draw(app, r, buf);
    }
    panes::status::draw(app, areas.status, buf);
    if let Some(offset) = app.help {
        // The overlay leaves the status bar visible, with its hint on how to close it.
        let above_status = ratatui::layout::Rect {
            height: screen.height - areas.status.height,
            ..screen
        };
        panes::help::draw(app, above_status, buf, offset);
    }
}
