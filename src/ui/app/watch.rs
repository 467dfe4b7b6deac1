//! Seeing what other programs write to the store (a cron `akhbar fetch`, an `import`, a
//! second dashboard): the worker reads the store's data version, and when it moved the view
//! is read again and the selected article stays selected. It reads it on every tick, or,
//! while the store pushes its changes ([`crate::store::Backend::watch`]: a server's
//! LISTEN/NOTIFY), as soon as a push comes and only every [`POLL_WHILE_LISTENING`] ticks
//! besides. A check that finds a server store gone says so in the status bar
//! ([`RECONNECTING`]) until one succeeds again.

use super::{App, Effect, Message, Scope};
use crate::store::Push;

/// While the store pushes its changes, the tick's check is a safety net only, every this
/// many ticks (a push that was lost, a pooler that stopped passing them on).
pub const POLL_WHILE_LISTENING: u32 = 5;

/// How the status bar starts while a server store is away (the backend connects again on its
/// next call; a triage key's error reads the same).
pub const RECONNECTING: &str = "store: reconnecting…";

/// The last data version seen, the article to select again once a reload is in, whether
/// the last check found the store's server away, and whether the store pushes its changes.
#[derive(Debug, Default)]
pub struct Watch {
    version: Option<i64>,
    pub(in crate::ui) reselect: Option<i64>,
    away: bool,
    /// Pushes arrive ([`Push::Listening`]).
    listening: bool,
    /// A check was due but could not be made (a view loading, the writer busy): the next
    /// tick makes it.
    pub(in crate::ui) missed: bool,
    ticks: u32,
}

impl App {
    /// Asks for the store's version, unless a view is loading (it reads the store anyway) or
    /// the list shows files rather than a view of the store.
    pub(in crate::ui) fn check_store(&mut self) {
        if !self.loading && matches!(self.scope, Scope::View(_)) {
            self.watch.missed = false;
            self.effects.push(Effect::CheckStore);
        } else {
            self.watch.missed = true;
        }
    }

    /// A tick's check: every tick while polling; while the store pushes, only a missed one
    /// and every [`POLL_WHILE_LISTENING`] ticks.
    pub(in crate::ui) fn tick_check_store(&mut self) {
        self.watch.ticks = self.watch.ticks.wrapping_add(1);
        let w = &self.watch;
        if !w.listening || w.missed || w.ticks % POLL_WHILE_LISTENING == 0 {
            self.check_store();
        }
    }

    /// The store's watch spoke: check now (a change; or pushes started, and what came before
    /// may have been missed; or stopped, and the check finds out whether the server is away).
    pub(in crate::ui) fn store_push(&mut self, push: Push) {
        if let Push::Listening(up) = push {
            self.watch.listening = up;
        }
        self.check_store();
    }

    /// Whether the store's changes are pushed to this dashboard now.
    pub fn store_listening(&self) -> bool {
        self.watch.listening
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
        // No frame until rows are in (they redraw): the list does not blink empty, and the
        // selection is back on its article by the first frame that shows them.
        back
    }

    /// Rows of a reload came in: once the article that was selected is among them, it is
    /// selected again at once, rather than when the whole view is in.
    pub(in crate::ui) fn reselect_arrived(&mut self) {
        let Some(id) = self.watch.reselect else {
            return;
        };
        if let Some(at) = self.visible.iter().position(|&i| self.rows[i].id == id) {
            self.watch.reselect = None;
            self.selected = at;
        }
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
