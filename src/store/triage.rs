//! Triage changes and their inverses. A [`Change`] is a list of steps, each an operation on
//! a set of articles; [`Store::apply`] runs all of it in one transaction, committed before it
//! returns, and gives back the change that undoes it exactly: for a bulk star over a mix of
//! starred and unstarred articles the inverse unstars only those that were not starred. The
//! inverse of the inverse redoes the change, so an undo/redo stack needs nothing else.
//!
//! The inverse restores flags, tags and notes; the `triaged_at`/`updated_at` times record the
//! last change made, undo included.
//!
//! Flags (read, starred, archived) are the handle's user's own, in `marks`; tags and notes are
//! shared, and each tag on an article and each note records the user who wrote it; an undo
//! that puts a tag or a note back puts back its author too ([`Op::TagBy`], [`Op::NoteBy`]).

use super::{now_secs, Error, Result, Sqlite};
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::BTreeMap;

/// One triage operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Op {
    Read(bool),
    Star(bool),
    Archive(bool),
    AddTag(String),
    RemoveTag(String),
    /// `None` (or a blank text) removes the note.
    SetNote(Option<String>),
    /// Puts the tag on as the named user did (`None`: no author, as a feed's own tags): what
    /// undoing a removal gives, so the tag keeps the author it had.
    TagBy(String, Option<String>),
    /// Sets the note as written by the named user: what undoing a note's change gives, so
    /// the note it puts back keeps its author.
    NoteBy(Option<String>, Option<String>),
}

/// An operation on a set of articles (store ids; a repeated id counts once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub ids: Vec<i64>,
    pub op: Op,
}

/// Steps applied in order, as one unit: all or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub steps: Vec<Step>,
}

impl Change {
    /// A change of one step.
    pub fn new(ids: Vec<i64>, op: Op) -> Change {
        Change {
            steps: vec![Step { ids, op }],
        }
    }

    /// True when applying it changes nothing (e.g. the inverse of a change that found every
    /// article already in the asked state).
    pub fn is_empty(&self) -> bool {
        self.steps.iter().all(|s| s.ids.is_empty())
    }

    /// How many (article, step) pairs it names: what a "more than 10 articles" confirmation
    /// counts for a one-step bulk action.
    pub fn len(&self) -> usize {
        self.steps.iter().map(|s| s.ids.len()).sum()
    }
}

/// An article's note, with the user who last wrote it (`None` for a note whose author the
/// store does not know) and when (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub author: Option<String>,
    pub updated_at: i64,
}

/// Longest note kept, in characters: "a short text".
pub const MAX_NOTE_CHARS: usize = 2000;
/// Longest tag name, in characters.
pub const MAX_TAG_CHARS: usize = 64;

impl Sqlite {
    /// Applies `change` in one transaction that is committed (and synced to disk) before this
    /// returns, and returns its inverse. On any error nothing is changed: an unknown id, a bad
    /// tag or note, a full disk ([`Error::DiskFull`]), a lock held elsewhere
    /// ([`Error::Busy`]) or a read-only store ([`Error::ReadOnly`]).
    pub fn apply(&mut self, change: &Change) -> Result<Change> {
        self.writable()?;
        let change = clean(change)?;
        let user = self.user_id.ok_or_else(|| Error::ReadOnly {
            store: self.name.clone(),
            reason: format!("it does not know the user {}", self.user),
        })?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        let now = now_secs();
        let mut inverses = Vec::with_capacity(change.steps.len());
        for step in &change.steps {
            inverses.push(apply_step(&tx, step, user, now).map_err(|e| match e {
                StepError::Missing(id) => Error::NoSuchArticle(id),
                StepError::Sql(e) => fail(e),
            })?);
        }
        tx.commit().map_err(fail)?;
        // Undo runs the steps' inverses last step first.
        let steps = inverses.into_iter().rev().flatten().collect();
        Ok(Change { steps })
    }
}

/// Validates tags and notes and puts them in their stored form.
pub(super) fn clean(change: &Change) -> Result<Change> {
    let mut out = change.clone();
    for step in &mut out.steps {
        match &mut step.op {
            Op::AddTag(name) | Op::RemoveTag(name) | Op::TagBy(name, _) => *name = tag_name(name)?,
            Op::SetNote(note) | Op::NoteBy(note, _) => {
                let text: String = note
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                let text = text.trim();
                let len = text.chars().count();
                if len > MAX_NOTE_CHARS {
                    return Err(Error::NoteTooLong {
                        len,
                        limit: MAX_NOTE_CHARS,
                    });
                }
                *note = (!text.is_empty()).then(|| text.to_string());
            }
            Op::Read(_) | Op::Star(_) | Op::Archive(_) => {}
        }
    }
    Ok(out)
}

pub(super) fn tag_name(name: &str) -> Result<String> {
    let name = name.trim();
    let bad = |problem| {
        Err(Error::InvalidTag {
            name: name.to_string(),
            problem,
        })
    };
    if name.is_empty() {
        return bad("empty");
    }
    if name.chars().count() > MAX_TAG_CHARS {
        return bad("longer than 64 characters");
    }
    if name.chars().any(char::is_control) {
        return bad("holds control characters");
    }
    Ok(name.to_string())
}

enum StepError {
    Missing(i64),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StepError {
    fn from(e: rusqlite::Error) -> StepError {
        StepError::Sql(e)
    }
}

type StepResult = std::result::Result<Vec<Step>, StepError>;

/// Who makes a step and when.
#[derive(Clone, Copy)]
struct By {
    user: i64,
    now: i64,
}

/// Applies one step; returns the steps that undo it (touching only articles it changed).
fn apply_step(tx: &Transaction, step: &Step, user: i64, now: i64) -> StepResult {
    let by = By { user, now };
    match &step.op {
        Op::Read(on) => flag(tx, &step.ids, Flag::Read, *on, by),
        Op::Star(on) => flag(tx, &step.ids, Flag::Starred, *on, by),
        Op::Archive(on) => flag(tx, &step.ids, Flag::Archived, *on, by),
        Op::AddTag(name) => add_tag(tx, &step.ids, name, Some(by.user), now),
        Op::TagBy(name, author) => add_tag(tx, &step.ids, name, author_id(tx, author)?, now),
        Op::RemoveTag(name) => remove_tag(tx, &step.ids, name),
        Op::SetNote(note) => set_note(tx, &step.ids, note.as_deref(), Some(by.user), now),
        Op::NoteBy(note, author) => {
            let author = author_id(tx, author)?;
            set_note(tx, &step.ids, note.as_deref(), author, now)
        }
    }
}

#[derive(Clone, Copy)]
enum Flag {
    Read,
    Starred,
    Archived,
}

impl Flag {
    fn column(self) -> &'static str {
        match self {
            Flag::Read => "read",
            Flag::Starred => "starred",
            Flag::Archived => "archived",
        }
    }

    fn op(self, on: bool) -> Op {
        match self {
            Flag::Read => Op::Read(on),
            Flag::Starred => Op::Star(on),
            Flag::Archived => Op::Archive(on),
        }
    }
}

fn flag(tx: &Transaction, ids: &[i64], flag: Flag, on: bool, by: By) -> StepResult {
    let column = flag.column();
    // The article, and the user's mark of it when there is one (the triggers make one for
    // every user and article; a missing one is made here rather than trusted to be there).
    let mut get = tx.prepare_cached(&format!(
        "SELECT coalesce(m.{column}, 0), m.article_id IS NOT NULL FROM articles a \
         LEFT JOIN marks m ON m.article_id = a.id AND m.user_id = ?2 WHERE a.id = ?1"
    ))?;
    let mut make = tx.prepare_cached(
        "INSERT INTO marks (article_id, user_id, day) SELECT id, ?2, day FROM articles \
         WHERE id = ?1 ON CONFLICT DO NOTHING",
    )?;
    let mut set = tx.prepare_cached(&format!(
        "UPDATE marks SET {column} = ?3, triaged_at = ?4 WHERE article_id = ?1 AND user_id = ?2"
    ))?;
    let mut changed = Vec::new();
    for &id in ids {
        let (was, marked): (bool, bool) = get
            .query_row(params![id, by.user], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(StepError::Missing(id))?;
        if was != on {
            if !marked {
                make.execute(params![id, by.user])?;
            }
            set.execute(params![id, by.user, on, by.now])?;
            changed.push(id);
        }
    }
    Ok(one(changed, flag.op(!on)))
}

fn one(ids: Vec<i64>, op: Op) -> Vec<Step> {
    if ids.is_empty() {
        Vec::new()
    } else {
        vec![Step { ids, op }]
    }
}

fn exists(tx: &Transaction, id: i64) -> std::result::Result<(), StepError> {
    tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .ok_or(StepError::Missing(id))
}

/// The stored tag matching `name` (case-insensitively): its id and stored spelling.
fn find_tag(tx: &Transaction, name: &str) -> rusqlite::Result<Option<(i64, String)>> {
    tx.prepare_cached("SELECT id, name FROM tags WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The id of the user named `name`, if the store knows them.
fn author_id(tx: &Transaction, name: &Option<String>) -> rusqlite::Result<Option<i64>> {
    let Some(name) = name else {
        return Ok(None);
    };
    tx.prepare_cached("SELECT id FROM users WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
}

fn add_tag(tx: &Transaction, ids: &[i64], name: &str, author: Option<i64>, now: i64) -> StepResult {
    tx.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])?;
    let (tag, stored) = find_tag(tx, name)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO article_tags (article_id, tag_id, author_id, tagged_at) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
    )?;
    let mut changed = Vec::new();
    for &id in ids {
        exists(tx, id)?;
        if insert.execute(params![id, tag, author, now])? == 1 {
            changed.push(id);
        }
    }
    if changed.is_empty() {
        drop_if_unused(tx, tag)?;
    }
    Ok(one(changed, Op::RemoveTag(stored)))
}

fn remove_tag(tx: &Transaction, ids: &[i64], name: &str) -> StepResult {
    let found = find_tag(tx, name)?;
    // Grouped by who had put the tag on, so undo gives each its author back.
    let mut before: BTreeMap<Option<String>, Vec<i64>> = BTreeMap::new();
    for &id in ids {
        exists(tx, id)?;
        if let Some((tag, _)) = &found {
            let author: Option<Option<String>> = tx
                .prepare_cached(
                    "SELECT u.name FROM article_tags x LEFT JOIN users u ON u.id = x.author_id \
                     WHERE x.article_id = ?1 AND x.tag_id = ?2",
                )?
                .query_row(params![id, tag], |r| r.get(0))
                .optional()?;
            let Some(author) = author else {
                continue;
            };
            tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2")?
                .execute(params![id, tag])?;
            before.entry(author).or_default().push(id);
        }
    }
    let Some((tag, stored)) = found else {
        return Ok(Vec::new());
    };
    drop_if_unused(tx, tag)?;
    Ok(tag_undo(&stored, before))
}

/// A tag no article carries any more is forgotten, so completion offers only live tags.
fn drop_if_unused(tx: &Transaction, tag: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "DELETE FROM tags WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM article_tags WHERE tag_id = ?1)",
    )?
    .execute([tag])?;
    Ok(())
}

fn set_note(
    tx: &Transaction,
    ids: &[i64],
    note: Option<&str>,
    author: Option<i64>,
    now: i64,
) -> StepResult {
    // Grouped by the note each article had and its author, so undo restores each one's own.
    type Was = (Option<String>, Option<String>);
    let mut before: BTreeMap<Was, Vec<i64>> = BTreeMap::new();
    for &id in ids {
        exists(tx, id)?;
        let was: Was = tx
            .prepare_cached(
                "SELECT n.text, u.name FROM notes n LEFT JOIN users u ON u.id = n.author_id \
                 WHERE n.article_id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .map_or((None, None), |(text, name): (String, Option<String>)| {
                (Some(text), name)
            });
        if was.0.as_deref() == note {
            continue;
        }
        match note {
            Some(text) => tx
                .prepare_cached(
                    "INSERT INTO notes (article_id, text, updated_at, author_id) \
                     VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (article_id) DO UPDATE SET text = excluded.text, \
                     updated_at = excluded.updated_at, author_id = excluded.author_id",
                )?
                .execute(params![id, text, now, author])?,
            None => tx
                .prepare_cached("DELETE FROM notes WHERE article_id = ?1")?
                .execute([id])?,
        };
        before.entry(was).or_default().push(id);
    }
    Ok(note_undo(before))
}

/// The undo of removing `tag`: one step per author who had put it on (`None`: a feed's own
/// tag), each giving that author's articles the tag back.
pub(super) fn tag_undo(tag: &str, before: BTreeMap<Option<String>, Vec<i64>>) -> Vec<Step> {
    before
        .into_iter()
        .map(|(author, ids)| Step {
            ids,
            op: Op::TagBy(tag.to_string(), author),
        })
        .collect()
}

/// The undo of changing notes: one step per (note, author) the articles had, each putting
/// that note back, or removing the note where there was none.
pub(super) fn note_undo(before: BTreeMap<(Option<String>, Option<String>), Vec<i64>>) -> Vec<Step> {
    before
        .into_iter()
        .map(|((was, author), ids)| Step {
            ids,
            op: match was {
                None => Op::SetNote(None),
                was => Op::NoteBy(was, author),
            },
        })
        .collect()
}
