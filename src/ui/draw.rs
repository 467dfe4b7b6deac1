//! One frame: the panes where the layout puts them, then the feeds view and the help
//! overlay on top.

use super::app::App;
use super::panes;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App) {
    // Placed for the frame's real size, which can be newer than the last resize `update`
    // has seen (a window being dragged): nothing may be drawn outside the buffer.
    let screen = frame.area();
    let areas = super::layout::compute(screen, app.focus, app.facts_shown);
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
    let above_status = ratatui::layout::Rect {
        height: screen.height.saturating_sub(areas.status.height),
        ..screen
    };
    if app.feeds.view.is_some() {
        let now = chrono::Utc::now().timestamp();
        panes::feeds::draw(app, above_status, buf, now);
    }
    if let Some(offset) = app.help {
        // The overlay leaves the status bar visible, with its hint on how to close it.
        panes::help::draw(app, above_status, buf, offset);
    }
}
