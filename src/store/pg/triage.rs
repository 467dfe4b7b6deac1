//! Triage on PostgreSQL: [`Postgres::apply`] runs a [`Change`] in one transaction, committed
//! before it returns, and gives back its exact inverse, as on SQLite (`store/triage.rs`).
//! Each flag step is one `UPDATE … WHERE flag <> new RETURNING`: the server locks each mark
//! and checks it again, so two processes starring the same article for the same user change
//! it once, and marks of different users are different rows that never meet. Also the ignore
//! rules' archive.

use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::store::triage::{clean, note_undo, tag_undo, Change, Op, Step};
use crate::store::{now_secs, Error, Result};
use postgres::Transaction;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Who makes a step and when.
struct By<'a> {
    user: i64,
    now: i64,
    store: &'a str,
}

impl Postgres {
    /// Applies `change` in one transaction committed before this returns, and returns its
    /// inverse; on any error nothing is changed.
    pub fn apply(&mut self, change: &Change) -> Result<Change> {
        self.writable()?;
        let change = clean(change)?;
        let user = self.user_id.ok_or_else(|| Error::ReadOnly {
            store: self.name.clone(),
            reason: format!("it does not know the user {}", self.user),
        })?;
        let by = By {
            user,
            now: now_secs(),
            store: &self.name,
        };
        // Marks are the user's own; tags and notes everyone's.
        let audience = if change
            .steps
            .iter()
            .all(|s| matches!(s.op, Op::Read(_) | Op::Star(_) | Op::Archive(_)))
        {
            super::Audience::User(user)
        } else {
            super::Audience::Everyone
        };
        // The triage key: one read, star or archive step, sent as one message.
        if let [step] = change.steps.as_slice() {
            if let Some((column, on, inverse)) = flag_of(&step.op) {
                let changed = self.flag_at_once(&distinct(&step.ids), column, on, &by)?;
                return Ok(Change {
                    steps: one(changed, inverse),
                });
            }
        }
        let inverses = self.write(audience, |tx| {
            let mut inverses = Vec::with_capacity(change.steps.len());
            for step in &change.steps {
                inverses.push(apply_step(tx, step, &by)?);
            }
            Ok(inverses)
        })?;
        // Undo runs the steps' inverses last step first.
        Ok(Change {
            steps: inverses.into_iter().rev().flatten().collect(),
        })
    }

    /// One flag step in one transaction and one message to the server (one round trip and the
    /// commit's WAL flush, where the statements one by one took eight round trips): `BEGIN`,
    /// the lock timeout, `akhbar_flag` (schema V5, the same statements as [`flag`]), the
    /// counter, `NOTIFY` and `COMMIT`, all values integers or booleans written into the text.
    /// On an error the server skips the rest of the message, so nothing is committed, and the
    /// failed transaction is rolled back. Returns the ids changed, in `ids`' order.
    fn flag_at_once(&self, ids: &[i64], column: &str, on: bool, by: &By) -> Result<Vec<i64>> {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let audience = super::Audience::User(by.user);
        let sql = format!(
            "BEGIN; SET LOCAL lock_timeout = '{timeout}'; \
             SELECT akhbar_flag('{{{list}}}'::bigint[], {user}, '{column}', {on}, {now}); \
             UPDATE store_version SET n = n + 1; NOTIFY {channel}, '{payload}'; COMMIT",
            timeout = super::LOCK_TIMEOUT,
            list = list.join(","),
            user = by.user,
            now = by.now,
            channel = super::CHANNEL,
            payload = audience.payload(),
        );
        let mut db = self.db()?;
        let messages = match db.simple_query(&sql) {
            Ok(messages) => messages,
            Err(e) => {
                if !db.is_closed() {
                    // Leaves the failed transaction (a warning only when there is none).
                    let _ = db.batch_execute("ROLLBACK");
                }
                return Err(match e.as_db_error() {
                    Some(db_error) if db_error.code().code() == "P0002" => db_error
                        .detail()
                        .and_then(|d| d.parse().ok())
                        .map_or_else(|| super::classify(by.store, e), Error::NoSuchArticle),
                    _ => super::classify(by.store, e),
                });
            }
        };
        drop(db);
        self.own_writes.set(self.own_writes.get() + 1);
        let changed: HashSet<i64> = messages
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => row.get(0)?.parse().ok(),
                _ => None,
            })
            .collect();
        Ok(in_order(ids, &changed))
    }

    /// Archives `ids` for the ignore rule `rule`, for every user, and records the rule
    /// against each; returns how many were archived now.
    pub fn ignore(&mut self, rule: &str, ids: &[i64]) -> Result<usize> {
        let name = self.name.clone();
        let ids = distinct(ids);
        self.write(super::Audience::Everyone, |tx| {
            let archived = tx
                .read(
                    "UPDATE marks SET archived = true, triaged_at = $2 \
                     WHERE article_id = ANY($1) AND NOT archived RETURNING article_id",
                    &[&ids, &now_secs()],
                )
                .or_fail(&name)?;
            let changed: Vec<i64> = archived
                .iter()
                .map(|r| r.get::<_, i64>(0))
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            tx.execute(
                "INSERT INTO ignored (article_id, rule, at) \
                 SELECT id, $2, $3 FROM articles WHERE id = ANY($1) \
                 ON CONFLICT (article_id) DO NOTHING",
                &[&changed, &rule, &now_secs()],
            )
            .or_fail(&name)?;
            Ok(changed.len())
        })
    }

    /// Each ignore rule that has archived articles, with how many, most first.
    pub fn ignored_counts(&self) -> Result<Vec<(String, usize)>> {
        let rows = self
            .db()?
            .read(
                "SELECT rule, count(*) FROM ignored GROUP BY rule ORDER BY count(*) DESC, rule",
                &[],
            )
            .or_fail(&self.name)?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), usize::try_from(r.get::<_, i64>(1)).unwrap_or(0)))
            .collect())
    }
}

/// `ids` without repeats, in their first order.
fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// The ids in `ids` that are not articles: the first one is the step's error.
fn check_exist(tx: &mut Transaction<'_>, ids: &[i64], store: &str) -> Result<()> {
    let rows = tx
        .read("SELECT id FROM articles WHERE id = ANY($1)", &[&ids])
        .or_fail(store)?;
    let found: HashSet<i64> = rows.iter().map(|r| r.get(0)).collect();
    match ids.iter().find(|id| !found.contains(id)) {
        Some(&missing) => Err(Error::NoSuchArticle(missing)),
        None => Ok(()),
    }
}

/// Those of `ids` (in order) that are in `changed`.
fn in_order(ids: &[i64], changed: &HashSet<i64>) -> Vec<i64> {
    ids.iter()
        .copied()
        .filter(|id| changed.contains(id))
        .collect()
}

fn one(ids: Vec<i64>, op: Op) -> Vec<Step> {
    if ids.is_empty() {
        Vec::new()
    } else {
        vec![Step { ids, op }]
    }
}

/// The column, value and inverse of a read, star or archive step.
fn flag_of(op: &Op) -> Option<(&'static str, bool, Op)> {
    match *op {
        Op::Read(on) => Some(("read", on, Op::Read(!on))),
        Op::Star(on) => Some(("starred", on, Op::Star(!on))),
        Op::Archive(on) => Some(("archived", on, Op::Archive(!on))),
        _ => None,
    }
}

fn apply_step(tx: &mut Transaction<'_>, step: &Step, by: &By) -> Result<Vec<Step>> {
    let ids = distinct(&step.ids);
    check_exist(tx, &ids, by.store)?;
    match &step.op {
        Op::Read(on) => flag(tx, &ids, "read", *on, by, Op::Read(!on)),
        Op::Star(on) => flag(tx, &ids, "starred", *on, by, Op::Star(!on)),
        Op::Archive(on) => flag(tx, &ids, "archived", *on, by, Op::Archive(!on)),
        Op::AddTag(name) => add_tag(tx, &ids, name, Some(by.user), by),
        Op::TagBy(name, author) => {
            let author = author_id(tx, author, by.store)?;
            add_tag(tx, &ids, name, author, by)
        }
        Op::RemoveTag(name) => remove_tag(tx, &ids, name, by.store),
        Op::SetNote(note) => set_note(tx, &ids, note.as_deref(), Some(by.user), by),
        Op::NoteBy(note, author) => {
            let author = author_id(tx, author, by.store)?;
            set_note(tx, &ids, note.as_deref(), author, by)
        }
    }
}

fn flag(
    tx: &mut Transaction<'_>,
    ids: &[i64],
    column: &str,
    on: bool,
    by: &By,
    inverse: Op,
) -> Result<Vec<Step>> {
    // The triggers make a mark for every user and article; a missing one (a user made while
    // the article was being imported elsewhere) is made here rather than trusted to be there.
    tx.execute(
        "INSERT INTO marks (article_id, user_id, day) SELECT id, $2, day FROM articles \
         WHERE id = ANY($1) ON CONFLICT DO NOTHING",
        &[&ids, &by.user],
    )
    .or_fail(by.store)?;
    let changed = tx
        .read(
            &format!(
                "UPDATE marks SET {column} = $3, triaged_at = $4 \
                 WHERE article_id = ANY($1) AND user_id = $2 AND {column} <> $3 \
                 RETURNING article_id"
            ),
            &[&ids, &by.user, &on, &by.now],
        )
        .or_fail(by.store)?;
    let changed: HashSet<i64> = changed.iter().map(|r| r.get(0)).collect();
    Ok(one(in_order(ids, &changed), inverse))
}

/// The stored tag matching `name` without regard to ASCII case: its id and spelling.
fn find_tag(tx: &mut Transaction<'_>, name: &str, store: &str) -> Result<Option<(i64, String)>> {
    Ok(tx
        .read_opt(
            "SELECT id, name FROM tags WHERE akhbar_fold(name) = akhbar_fold($1)",
            &[&name],
        )
        .or_fail(store)?
        .map(|r| (r.get(0), r.get(1))))
}

fn author_id(tx: &mut Transaction<'_>, name: &Option<String>, store: &str) -> Result<Option<i64>> {
    let Some(name) = name else {
        return Ok(None);
    };
    Ok(tx
        .read_opt("SELECT id FROM users WHERE name = $1", &[name])
        .or_fail(store)?
        .map(|r| r.get(0)))
}

fn add_tag(
    tx: &mut Transaction<'_>,
    ids: &[i64],
    name: &str,
    author: Option<i64>,
    by: &By,
) -> Result<Vec<Step>> {
    tx.execute(
        "INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&name],
    )
    .or_fail(by.store)?;
    let (tag, stored) = find_tag(tx, name, by.store)?.ok_or_else(|| Error::Server {
        store: by.store.to_string(),
        message: format!("the tag {name:?} vanished while being added"),
    })?;
    let added = tx
        .read(
            "INSERT INTO article_tags (article_id, tag_id, author_id, tagged_at) \
             SELECT unnest($1::bigint[]), $2, $3, $4 ON CONFLICT DO NOTHING RETURNING article_id",
            &[&ids, &tag, &author, &by.now],
        )
        .or_fail(by.store)?;
    let added: HashSet<i64> = added.iter().map(|r| r.get(0)).collect();
    if added.is_empty() {
        drop_if_unused(tx, tag, by.store)?;
    }
    Ok(one(in_order(ids, &added), Op::RemoveTag(stored)))
}

fn remove_tag(tx: &mut Transaction<'_>, ids: &[i64], name: &str, store: &str) -> Result<Vec<Step>> {
    let Some((tag, stored)) = find_tag(tx, name, store)? else {
        return Ok(Vec::new());
    };
    let removed = tx
        .read(
            "DELETE FROM article_tags x WHERE x.article_id = ANY($1) AND x.tag_id = $2 \
             RETURNING x.article_id, (SELECT u.name FROM users u WHERE u.id = x.author_id)",
            &[&ids, &tag],
        )
        .or_fail(store)?;
    let authors: HashMap<i64, Option<String>> =
        removed.iter().map(|r| (r.get(0), r.get(1))).collect();
    drop_if_unused(tx, tag, store)?;
    // Grouped by who had put the tag on, so undo gives each its author back.
    let mut before: BTreeMap<Option<String>, Vec<i64>> = BTreeMap::new();
    for id in ids {
        if let Some(author) = authors.get(id) {
            before.entry(author.clone()).or_default().push(*id);
        }
    }
    Ok(tag_undo(&stored, before))
}

/// A tag no article carries any more is forgotten, so completion offers only live tags.
fn drop_if_unused(tx: &mut Transaction<'_>, tag: i64, store: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM tags WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM article_tags WHERE tag_id = $1)",
        &[&tag],
    )
    .or_fail(store)?;
    Ok(())
}

fn set_note(
    tx: &mut Transaction<'_>,
    ids: &[i64],
    note: Option<&str>,
    author: Option<i64>,
    by: &By,
) -> Result<Vec<Step>> {
    type Was = (Option<String>, Option<String>);
    let mut before: BTreeMap<Was, Vec<i64>> = BTreeMap::new();
    for &id in ids {
        // Locked until the commit, so the inverse is of the note this change replaced.
        let was: Was = tx
            .read_opt(
                "SELECT n.text, u.name FROM notes n LEFT JOIN users u ON u.id = n.author_id \
                 WHERE n.article_id = $1 FOR UPDATE OF n",
                &[&id],
            )
            .or_fail(by.store)?
            .map_or((None, None), |r| (Some(r.get(0)), r.get(1)));
        if was.0.as_deref() == note {
            continue;
        }
        match note {
            Some(text) => tx.execute(
                "INSERT INTO notes (article_id, text, updated_at, author_id) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (article_id) DO UPDATE SET \
                 text = excluded.text, updated_at = excluded.updated_at, \
                 author_id = excluded.author_id",
                &[&id, &text, &by.now, &author],
            ),
            None => tx.execute("DELETE FROM notes WHERE article_id = $1", &[&id]),
        }
        .or_fail(by.store)?;
        before.entry(was).or_default().push(id);
    }
    Ok(note_undo(before))
}
