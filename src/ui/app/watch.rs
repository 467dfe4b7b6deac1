//! Seeing what other programs write to the store (a cron `akhbar fetch`, an `import`, a
//! second dashboard): on every tick the worker reads the store's data version; when it moved,
//! the view is read again and the selected article stays selected. A check that finds a
//! server store gone says so in the status bar ([`RECONNECTING`]) until one succeeds again.

use super::{App, Effect, Message, Scope};

/// How the status bar starts while a server store is away (the backend connects again on its
/// next call; a triage key's error reads the same).
pub const RECONNECTING: &str = "store: reconnecting…";

/// The last data version seen, the article to select again once a reload is in, and whether
/// the last check found the store's server away.
#[derive(Debug, Default)]
pub struct Watch {
    version: Option<i64>,
    pub(in crate::ui) reselect: Option<i64>,
    away: bool,
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
        // Back: the status bar no longer says it is reconnecting.
        let back = std::mem::take(&mut self.watch.away)
            && self
                .message
                .take_if(|m| m.text.starts_with(RECONNECTING))
                .is_some();
        // While a view loads, the version comes from its load: the rows are newer than it.
        let before = self.watch.version.replace(version);
        let Scope::View(view) = self.scope else {
            return back;
        };
        if self.loading || before.is_none_or(|b| b == version) {
            return back;
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

    /// A check found the store's server away: the status bar says so (again, after a key
    /// cleared it) until a check succeeds. Returns whether the screen changes.
    pub(in crate::ui) fn store_away(&mut self, text: String) -> bool {
        self.watch.away = true;
        if self.message.as_ref().is_some_and(|m| m.text == text) {
            return false;
        }
        self.message = Some(Message { text, error: true });
        true
    }

    /// Background work (or a key's change) failed: the status bar says so. A failure that
    /// found the server away counts as the check's own, cleared once a check succeeds.
    pub(in crate::ui) fn failed(&mut self, text: String) {
        if text.starts_with(RECONNECTING) {
            self.watch.away = true;
        }
        self.message = Some(Message { text, error: true });
    }
}
