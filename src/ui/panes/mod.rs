//! The panes. Each draws from `&App` into a buffer: none changes state, none does bidi,
//! shaping or extraction itself.

pub mod facts;
pub mod feeds;
pub mod filter;
pub mod help;
pub mod list;
pub mod reader;
pub mod status;

use super::app::App;
use super::layout::{bordered, Pane};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

/// The border and title of a pane, in the focused style when it has the keyboard.
pub fn frame(app: &App, area: Rect, buf: &mut Buffer, title: &str, pane: Pane) {
    if !bordered(area) {
        return;
    }
    let focused = app.focus == pane && !app.filtering && app.help.is_none();
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(
            title.to_string(),
            app.theme.pane_title(focused),
        ))
        .render(area, buf);
}
