//! Undo and redo in words: each change on the stacks keeps what it did («starred "…"»,
//! «tag verify on 12 articles»), so the status bar can say what `u` took back.

use super::{App, Effect, Stack};
use crate::store::{Change, Op};

/// A change on the undo or redo stack: what applying it does, and what the change it
/// takes back did, in words.
#[derive(Debug, Clone)]
pub struct Undoable {
    pub change: Change,
    pub what: String,
}

/// Title characters a description quotes before it cuts with '…'.
const TITLE_CHARS: usize = 40;

impl App {
    /// A change in words: the operation, then the article's title or how many articles.
    pub(super) fn describe(&self, change: &Change) -> String {
        let Some(step) = change.steps.first() else {
            return "nothing".into();
        };
        let op = match &step.op {
            Op::Read(true) => "read".to_string(),
            Op::Read(false) => "unread".to_string(),
            Op::Star(true) => "starred".to_string(),
            Op::Star(false) => "unstarred".to_string(),
            Op::Archive(true) => "archived".to_string(),
            Op::Archive(false) => "unarchived".to_string(),
            Op::AddTag(t) | Op::TagBy(t, _) => format!("tag {t}"),
            Op::RemoveTag(t) => format!("untag {t}"),
            Op::SetNote(Some(_)) | Op::NoteBy(Some(_), _) => "note".to_string(),
            Op::SetNote(None) | Op::NoteBy(None, _) => "note removed".to_string(),
        };
        let n = change.len();
        match (n, step.ids.first().and_then(|&id| self.row(id))) {
            (1, Some(row)) => format!("{op} «{}»", short(&row.title)),
            (1, None) => op,
            (n, _) => format!("{op} on {n} articles"),
        }
    }

    pub(super) fn undo_last(&mut self) {
        match self.undo.pop() {
            Some(u) => self.effects.push(Effect::Apply {
                change: u.change,
                stack: Stack::Undo,
                label: u.what,
            }),
            None => self.say("nothing to undo".into()),
        }
    }

    pub(super) fn redo_last(&mut self) {
        match self.redo.pop() {
            Some(u) => self.effects.push(Effect::Apply {
                change: u.change,
                stack: Stack::Redo,
                label: u.what,
            }),
            None => self.say("nothing to redo".into()),
        }
    }

    /// Puts a committed change's inverse on the right stack and says what happened. For an
    /// undo or a redo `label` is the description kept with it.
    pub(super) fn stack_applied(
        &mut self,
        change: &Change,
        inverse: Change,
        stack: Stack,
        label: String,
    ) {
        let text = match stack {
            Stack::Do => {
                let what = self.describe(change);
                self.undo.push(Undoable {
                    change: inverse,
                    what,
                });
                self.redo.clear();
                match change.len() {
                    _ if label.is_empty() => None,
                    1 => Some(label),
                    n => Some(format!("{label}: {n} articles")),
                }
            }
            Stack::Undo => {
                let text = format!("undid: {label}");
                self.redo.push(Undoable {
                    change: inverse,
                    what: label,
                });
                Some(text)
            }
            Stack::Redo => {
                let text = format!("redid: {label}");
                self.undo.push(Undoable {
                    change: inverse,
                    what: label,
                });
                Some(text)
            }
            Stack::None => (!label.is_empty()).then_some(label),
        };
        if let Some(text) = text {
            self.say(text);
        }
    }
}

/// A title cut to [`TITLE_CHARS`] characters.
fn short(title: &str) -> String {
    let mut out: String = title.chars().take(TITLE_CHARS).collect();
    if title.chars().nth(TITLE_CHARS).is_some() {
        out.push('…');
    }
    out
}
