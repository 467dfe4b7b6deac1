//! What tools and tests may read of the app's state.

use super::*;

/// Read-only views of the state, for tools and tests: only [`update`] changes it.
impl App {
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn stores(&self) -> &Stores {
        &self.stores
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn message(&self) -> &Option<Message> {
        &self.message
    }

    pub fn feeds(&self) -> &Feeds {
        &self.feeds
    }

    pub fn size(&self) -> Rect {
        self.size
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The reader line `n`/`N` (or opening a hit) last landed on.
    pub fn mark_line(&self) -> Option<usize> {
        self.mark_line
    }

    pub fn reader_scroll(&self) -> usize {
        self.reader_scroll
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn query(&self) -> &String {
        &self.query
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn prompt(&self) -> &Option<Prompt> {
        &self.prompt
    }

    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    pub fn filtering(&self) -> bool {
        self.filtering
    }

    pub fn body(&self) -> &body::BodyScan {
        &self.body
    }

    pub fn reader_article(&self) -> Option<i64> {
        self.reader_article
    }

    pub fn mode(&self) -> TextMode {
        self.mode
    }

    pub fn help(&self) -> Option<usize> {
        self.help
    }

    pub fn fact_selected(&self) -> usize {
        self.fact_selected
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    pub fn loading(&self) -> bool {
        self.loading
    }

    pub fn facts_shown(&self) -> bool {
        self.facts_shown
    }

    pub fn bulk(&self) -> bool {
        self.bulk
    }
}
