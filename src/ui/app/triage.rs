//! Triage in the dashboard: read, star, archive, tags and notes on one article or, after `;`,
//! on every article the filter shows; undo and redo. Every change goes to the store first
//! ([`Effect::Apply`]) and shows on screen only when [`Action::Applied`] says it is
//! committed; its inverse, from the store, is what undo applies.

use super::{new_filter, App};
use super::{Effect, Stack};
use crate::store::{Change, Counts, Op, Row, View};
use crate::ui::keymap::Command;
use crate::ui::layout::Pane;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

/// Bulk actions touching more than this many articles ask first.
pub const CONFIRM_ABOVE: usize = 10;

/// A question in the top line that has the keyboard until Enter or Esc.
pub enum Prompt {
    /// Tags to add (or `-tag` to remove) on these articles; Tab completes.
    Tag {
        ids: Vec<i64>,
        input: TextArea<'static>,
    },
    /// The note of one article; empty removes it.
    Note { id: i64, input: TextArea<'static> },
    /// A bulk change waiting for y/n.
    Confirm { change: Change, label: String },
    /// The tag view (`T`): the store's tags with their counts; Enter filters by one.
    TagFilter {
        counts: Vec<(String, usize)>,
        input: TextArea<'static>,
    },
    /// The number of a link of the article, to open it (`L`).
    Link {
        count: usize,
        input: TextArea<'static>,
    },
}

impl Prompt {
    /// The text before the editor, and the editor if there is one.
    pub fn parts(&self) -> (String, Option<&TextArea<'static>>) {
        match self {
            Prompt::Tag { ids, input } if ids.len() == 1 => {
                ("tag (-tag removes) › ".into(), Some(input))
            }
            Prompt::Tag { ids, input } => (format!("tag {} articles › ", ids.len()), Some(input)),
            Prompt::Note { input, .. } => ("note › ".into(), Some(input)),
            Prompt::Confirm { label, change } => {
                (format!("{label} {} articles? y/n", change.len()), None)
            }
            Prompt::Link { count, input } => (format!("open link 1-{count} › "), Some(input)),
            Prompt::TagFilter { counts, input } => (super::tagview::label(counts), Some(input)),
        }
    }
}

impl Command {
    /// Commands that `;` applies to every article the filter shows.
    pub fn takes_bulk(self) -> bool {
        matches!(
            self,
            Command::ToggleRead | Command::ToggleStar | Command::ToggleArchive | Command::Tag
        )
    }
}

/// The view after `view` in the cycle `v` walks.
fn next_view(view: View) -> View {
    let all = View::EVERY;
    let at = all.iter().position(|v| *v == view).unwrap_or(0);
    all[(at + 1) % all.len()]
}

impl App {
    /// The article a triage key acts on: the one in the reader when it has focus, else the
    /// selected one.
    pub(super) fn target(&self) -> Option<&Row> {
        match (self.focus, self.reader_article) {
            (Pane::Reader | Pane::Facts, Some(id)) => self.row(id),
            _ => self.selected_row(),
        }
    }

    fn shown_ids(&self) -> Vec<i64> {
        self.visible.iter().map(|&i| self.rows[i].id).collect()
    }

    pub(super) fn request(&mut self, change: Change, label: &str) {
        if change.is_empty() {
            return;
        }
        if change.len() > CONFIRM_ABOVE {
            self.prompt = Some(Prompt::Confirm {
                change,
                label: label.to_string(),
            });
            return;
        }
        self.effects.push(Effect::Apply {
            change,
            stack: Stack::Do,
            label: label.to_string(),
        });
    }

    pub(super) fn triage_command(&mut self, c: Command) {
        let bulk = std::mem::take(&mut self.bulk);
        match c {
            Command::Bulk => {
                self.bulk = true;
                self.say(format!(
                    "; on {} articles: r read · s star · a archive · t tag",
                    self.visible.len()
                ));
            }
            Command::ToggleRead | Command::ToggleStar | Command::ToggleArchive if bulk => {
                let (op, label) = match c {
                    Command::ToggleRead => (Op::Read(true), "Mark read"),
                    Command::ToggleStar => (Op::Star(true), "Star"),
                    _ => (Op::Archive(true), "Archive"),
                };
                let ids = self.shown_ids();
                self.request(Change::new(ids, op), label);
            }
            Command::ToggleRead | Command::ToggleStar | Command::ToggleArchive => {
                let Some(row) = self.target() else { return };
                let (op, label) = match c {
                    Command::ToggleRead => (
                        Op::Read(!row.read),
                        if row.read { "Unread" } else { "Read" },
                    ),
                    Command::ToggleStar => (
                        Op::Star(!row.starred),
                        if row.starred { "Unstarred" } else { "Starred" },
                    ),
                    _ => (
                        Op::Archive(!row.archived),
                        if row.archived {
                            "Unarchived"
                        } else {
                            "Archived"
                        },
                    ),
                };
                let id = row.id;
                self.request(Change::new(vec![id], op), label);
            }
            Command::Tag => {
                let ids = if bulk {
                    self.shown_ids()
                } else {
                    self.target().map(|r| vec![r.id]).unwrap_or_default()
                };
                if ids.is_empty() {
                    return;
                }
                self.effects.push(Effect::LoadTags);
                self.prompt = Some(Prompt::Tag {
                    ids,
                    input: new_filter(&self.theme),
                });
                self.clear_placeholder();
            }
            Command::Note => {
                let Some(id) = self.target().map(|r| r.id) else {
                    return;
                };
                self.effects.push(Effect::LoadNote { id });
                self.note_pending = Some(id);
                self.prompt = Some(Prompt::Note {
                    id,
                    input: new_filter(&self.theme),
                });
                self.clear_placeholder();
            }
            Command::Undo => self.undo_last(),
            Command::Redo => self.redo_last(),
            Command::NextView => {
                let now = match self.scope {
                    super::Scope::View(v) => v,
                    super::Scope::Paths => View::All,
                };
                self.load_view(next_view(now));
            }
            Command::ViewUnread => self.load_view(View::Unread),
            Command::ViewStarred => self.load_view(View::Starred),
            Command::ViewArchived => self.load_view(View::Archived),
            Command::ViewAll => self.load_view(View::All),
            _ => {}
        }
    }

    /// The text field of the open tag or note prompt.
    pub(super) fn prompt_input(&mut self) -> Option<&mut tui_textarea::TextArea<'static>> {
        match &mut self.prompt {
            Some(
                Prompt::Tag { input, .. }
                | Prompt::Note { input, .. }
                | Prompt::Link { input, .. }
                | Prompt::TagFilter { input, .. },
            ) => Some(input),
            _ => None,
        }
    }

    fn clear_placeholder(&mut self) {
        if let Some(Prompt::Tag { input, .. } | Prompt::Note { input, .. }) = &mut self.prompt {
            input.set_placeholder_text("");
        }
    }

    pub(super) fn prompt_key(&mut self, key: KeyEvent) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        match prompt {
            Prompt::Confirm { change, label } => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                    self.effects.push(Effect::Apply {
                        change,
                        stack: Stack::Do,
                        label: label.to_string(),
                    });
                }
                _ => self.say("cancelled".into()),
            },
            Prompt::Tag { ids, mut input } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let text = input.lines().join(" ").trim().to_string();
                    let (op, label) = match text.strip_prefix('-') {
                        // Many articles are asked about first ("Tag 12 articles?"); one is
                        // just done ("Tagged").
                        Some(t) if ids.len() > 1 => (Op::RemoveTag(t.trim().to_string()), "Untag"),
                        Some(t) => (Op::RemoveTag(t.trim().to_string()), "Untagged"),
                        None if ids.len() > 1 => (Op::AddTag(text.clone()), "Tag"),
                        None => (Op::AddTag(text.clone()), "Tagged"),
                    };
                    if !text.trim_start_matches('-').trim().is_empty() {
                        self.request(Change::new(ids, op), label);
                    }
                }
                KeyCode::Tab => {
                    let typed = input.lines().join(" ");
                    if let Some(done) = complete(&typed, &self.tags) {
                        input = new_filter(&self.theme);
                        input.set_placeholder_text("");
                        input.insert_str(done);
                    }
                    self.prompt = Some(Prompt::Tag { ids, input });
                }
                _ => {
                    super::editing::edit_line(&mut input, key);
                    self.prompt = Some(Prompt::Tag { ids, input });
                }
            },
            Prompt::TagFilter { counts, input } => self.tag_filter_key(counts, input, key),
            Prompt::Link { count, mut input } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let typed = input.lines().join("");
                    self.link_chosen(&typed);
                }
                // Digits only: a number of a link.
                KeyCode::Char(c)
                    if !c.is_ascii_digit()
                        && !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    self.prompt = Some(Prompt::Link { count, input });
                }
                _ => {
                    super::editing::edit_line(&mut input, key);
                    self.prompt = Some(Prompt::Link { count, input });
                }
            },
            Prompt::Note { id, mut input } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let text = input.lines().join(" ").trim().to_string();
                    let note = (!text.is_empty()).then_some(text);
                    let label = if note.is_some() {
                        "Note saved"
                    } else {
                        "Note removed"
                    };
                    self.request(Change::new(vec![id], Op::SetNote(note)), label);
                }
                _ => {
                    super::editing::edit_line(&mut input, key);
                    self.prompt = Some(Prompt::Note { id, input });
                }
            },
        }
    }

    pub(super) fn note_loaded(&mut self, id: i64, note: Option<String>) {
        if self.note_pending == Some(id) {
            self.note_pending = None;
        }
        if let Some(Prompt::Note { id: want, input }) = &mut self.prompt {
            if *want == id && input.lines().join("").is_empty() {
                input.insert_str(note.unwrap_or_default());
            }
        }
    }

    /// A change is committed: show it, count it, and keep its inverse for undo.
    pub(super) fn applied(
        &mut self,
        change: Change,
        inverse: Change,
        stack: Stack,
        label: String,
        counts: Counts,
    ) {
        for step in &change.steps {
            for &id in &step.ids {
                if let Some(row) = self.row_mut(id) {
                    apply_to_row(row, &step.op);
                }
            }
        }
        self.counts = counts;
        self.relayout_annotated(&change);
        self.stack_applied(&change, inverse, stack, label);
        self.refilter_triage();
    }
}

impl App {
    /// A tag or a note changed on articles: their cached layouts show the old ones (the
    /// reader's meta line carries the tags, the note sits under it), so they are laid out
    /// again.
    fn relayout_annotated(&mut self, change: &Change) {
        let touched: Vec<i64> = change
            .steps
            .iter()
            .filter(|s| {
                matches!(
                    s.op,
                    Op::AddTag(_)
                        | Op::TagBy(..)
                        | Op::RemoveTag(_)
                        | Op::SetNote(_)
                        | Op::NoteBy(..)
                )
            })
            .flat_map(|s| s.ids.iter().copied())
            .collect();
        if touched.is_empty() {
            return;
        }
        self.relayout(&touched);
    }
}

/// What the store did to a row, mirrored on the row the list shows.
fn apply_to_row(row: &mut Row, op: &Op) {
    match op {
        Op::Read(b) => row.read = *b,
        Op::Star(b) => row.starred = *b,
        Op::Archive(b) => row.archived = *b,
        Op::AddTag(t) | Op::TagBy(t, _) => {
            if !row.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                row.tags.push(t.clone());
                row.tags.sort_by_key(|t| t.to_lowercase());
            }
        }
        Op::RemoveTag(t) => row.tags.retain(|x| !x.eq_ignore_ascii_case(t)),
        Op::SetNote(n) | Op::NoteBy(n, _) => {
            row.has_note = n.as_deref().is_some_and(|s| !s.trim().is_empty())
        }
    }
}

/// Completes a typed tag from the known ones: the one tag that starts with it, or the
/// longest prefix all candidates share. Case is ignored; `-` (remove) is kept.
pub(super) fn complete(typed: &str, tags: &[String]) -> Option<String> {
    let (sign, word) = match typed.strip_prefix('-') {
        Some(w) => ("-", w),
        None => ("", typed),
    };
    let lower = word.to_lowercase();
    let matches: Vec<&String> = tags
        .iter()
        .filter(|t| t.to_lowercase().starts_with(&lower))
        .collect();
    let first = matches.first()?;
    let mut common: Vec<char> = first.chars().collect();
    for m in &matches[1..] {
        let n = common
            .iter()
            .zip(m.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
        common.truncate(n);
    }
    let done: String = common.into_iter().collect();
    (done.chars().count() > word.chars().count()).then(|| format!("{sign}{done}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion() {
        let tags = vec!["later".to_string(), "latest".into(), "Gulf".into()];
        assert_eq!(complete("g", &tags).as_deref(), Some("Gulf"));
        assert_eq!(complete("la", &tags).as_deref(), Some("late"));
        assert_eq!(complete("late", &tags), None);
        assert_eq!(complete("-gu", &tags).as_deref(), Some("-Gulf"));
        assert_eq!(complete("x", &tags), None);
    }
}
