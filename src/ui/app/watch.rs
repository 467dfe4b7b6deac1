//! Seeing what other programs write to the store (a cron `akhbar fetch`, an `import`, a
//! second dashboard): on every tick the worker reads the store's data version; when it moved,
//! the view is read again and the selected article stays selected.

use super::{App, Effect, Scope};

/// The last data version seen, and the article to select again once a reload is in.
#[derive(Debug, Default)]
pub struct Watch {
    version: Option<i64>,
    pub(in crate::ui) reselect: Option<i64>,
}

impl App {
    /// Asks for the store's version, unless a view is loading (it reads the store anyway) or
    /// the list shows files rather than a view of the store.
    pub(in crate::ui) fn check_store(&mut self) {
        if !self.loading && matches!(self.scope, Scope::View(_)) {
            self.effects.push(Effect::CheckStore);
        }
    }

    /// Returns whether the screen changes: the view is read again when the version moved.
    pub(in crate::ui) fn store_version(&mut self, version: i64) -> bool {
        // While a view loads, the version comes from its load: the rows are newer than it.
        let before = self.watch.version.replace(version);
        let Scope::View(view) = self.scope else {
            return false;
        };
        if self.loading || before.is_none_or(|b| b == version) {
            return false;
        }
        let previous = self.selected_row().map(|r| r.id);
        // Another user's tag or note on an article laid out here shows in the reader too:
        // its cached layouts are made again (the open one keeps showing until then).
        let laid_out: Vec<i64> = self.docs.keys().map(|k| k.article).collect();
        self.relayout(&laid_out);
        self.load_view(view);
        self.watch.reselect = previous;
        true
    }
}
