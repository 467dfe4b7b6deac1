//! Reading the store: the list's pages (keyset pagination over each view's partial index),
//! counts, one article's body on demand, tags, notes and the facts cache.

use super::schema::date_of;
use super::{now_secs, Counts, Error, Note, Result, Row, RowKey, Sqlite, View};
use crate::model::{Article, ArticleId, Direction, Enclosure, Lang, Origin, Paragraph};
use rusqlite::{named_params, params, OptionalExtension};
use std::collections::{HashMap, HashSet};

/// The columns of a [`Row`], in the order [`row_from`] reads them; `a` is `articles`, `m` the
/// user's `marks` (NULL when the store does not know the user), `s` `sources`.
pub(super) const ROW_COLUMNS: &str = "a.id, a.key, a.title, s.name, a.day, a.lang, a.dir, \
     coalesce(m.read, 0), coalesce(m.starred, 0), coalesce(m.archived, 0), \
     (SELECT group_concat(t.name, char(31)) FROM article_tags x JOIN tags t ON t.id = x.tag_id \
      WHERE x.article_id = a.id), \
     EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id)";

/// The columns of a [`Row`] without its tags and note flag, in the order [`plain_row`] reads
/// them.
const PLAIN_COLUMNS: &str = "a.id, a.key, a.title, s.name, a.day, a.lang, a.dir, \
     coalesce(m.read, 0), coalesce(m.starred, 0), coalesce(m.archived, 0)";

/// A row from a statement selecting [`PLAIN_COLUMNS`] first; no tags, no note.
fn plain_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        key: ArticleId(r.get(1)?),
        title: r.get(2)?,
        source: r.get(3)?,
        date: date_of(r.get(4)?),
        lang: lang(&r.get::<_, String>(5)?),
        dir: dir(&r.get::<_, String>(6)?),
        read: r.get(7)?,
        starred: r.get(8)?,
        archived: r.get(9)?,
        tags: Vec::new(),
        has_note: false,
    })
}

/// Builds a row from a statement selecting [`ROW_COLUMNS`] first.
pub(super) fn row_from(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    let tags: Option<String> = r.get(10)?;
    let mut tags: Vec<String> = tags
        .map(|t| t.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default();
    tags.sort_by_key(|t| t.to_lowercase());
    Ok(Row {
        tags,
        has_note: r.get(11)?,
        ..plain_row(r)?
    })
}

pub(super) fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Unknown)
}

pub(super) fn dir(code: &str) -> Direction {
    Direction::from_code(code).unwrap_or(Direction::Ltr)
}

/// The position before the first row of every view.
const START: RowKey = RowKey {
    day: i64::MAX,
    id: i64::MAX,
};

impl Sqlite {
    /// Up to `limit` rows of `view`, newest first (day descending, undated last, then store id
    /// descending), starting after `after` (from the start when `None`). Pass the last row's
    /// `RowKey::from(&row)` to get the next page: no row is repeated, and no row that stays in
    /// the view is skipped, even when triage moves other rows in or out between pages.
    pub fn rows(&self, view: View, after: Option<&RowKey>, limit: usize) -> Result<Vec<Row>> {
        let after = after.unwrap_or(&START);
        let scope = view.scope(self.user_id.is_some());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} WHERE {} AND {} < (:day, :id) ORDER BY {} LIMIT :limit",
            scope.from, scope.condition, scope.key, scope.order
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.fail())?;
        let rows = stmt
            .query_map(
                named_params! {":day": after.day, ":id": after.id, ":limit": limit,
                ":user": self.user_param()},
                row_from,
            )
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.fail())
    }

    /// The dates alone of articles `ids`, in their order (`None`: not stored; `Some(None)`:
    /// undated), for ranking hits by recency before their rows are read: one statement per
    /// few thousand ids, each a probe of the articles table by primary key.
    pub fn dates_of(&self, ids: &[i64]) -> Result<Vec<Option<Option<chrono::NaiveDate>>>> {
        // Under SQLite's smallest default limit of bound parameters (999).
        const CHUNK: usize = 900;
        let mut found: HashMap<i64, Option<chrono::NaiveDate>> = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT id, day FROM articles WHERE id IN ({marks})");
            let mut stmt = self.conn.prepare_cached(&sql).map_err(self.fail())?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(chunk), |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })
                .map_err(self.fail())?;
            for row in rows {
                let (id, day) = row.map_err(self.fail())?;
                found.insert(id, date_of(day));
            }
        }
        Ok(ids.iter().map(|id| found.get(id).copied()).collect())
    }

    /// The newest date of `view` (the first dated row of the list), `None` when nothing in it
    /// is dated: what the search's recency boost counts back from.
    pub fn newest_date(&self, view: View) -> Result<Option<chrono::NaiveDate>> {
        let scope = view.scope(self.user_id.is_some());
        let sql = format!(
            "SELECT a.day FROM {} WHERE {} ORDER BY {} LIMIT 1",
            scope.from, scope.condition, scope.order
        );
        let day: Option<i64> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_row(named_params! {":user": self.user_param()}, |r| r.get(0))
                    .optional()
            })
            .map_err(self.fail())?;
        Ok(day.and_then(date_of))
    }

    /// Every row of `view` in list order, handed to `sink` in batches of `batch` rows (the
    /// last may be shorter), so a dashboard can fill its list while the first page shows.
    /// One statement reads them all: no row is missed or repeated.
    pub fn all_rows(&self, view: View, batch: usize, sink: &mut dyn FnMut(Vec<Row>)) -> Result<()> {
        let batch = batch.max(1);
        // Tags and notes are few beside articles: read once into maps, rather than two
        // subqueries per row (most of the time of a 100,000-row view).
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT x.article_id, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id",
                )
                .map_err(self.fail())?;
            let mut found = stmt.query([]).map_err(self.fail())?;
            while let Some(r) = found.next().map_err(self.fail())? {
                let id: i64 = r.get(0).map_err(self.fail())?;
                tags.entry(id)
                    .or_default()
                    .push(r.get(1).map_err(self.fail())?);
            }
        }
        for list in tags.values_mut() {
            list.sort_by_key(|t| t.to_lowercase());
        }
        let notes: HashSet<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT article_id FROM notes")
                .map_err(self.fail())?;
            let ids = stmt.query_map([], |r| r.get(0)).map_err(self.fail())?;
            ids.collect::<rusqlite::Result<_>>().map_err(self.fail())?
        };
        let scope = view.scope(self.user_id.is_some());
        let sql = format!(
            "SELECT {PLAIN_COLUMNS} FROM {} WHERE {} ORDER BY {}",
            scope.from, scope.condition, scope.order
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.fail())?;
        let mut rows = stmt
            .query(named_params! {":user": self.user_param()})
            .map_err(self.fail())?;
        let mut out = Vec::with_capacity(batch);
        while let Some(r) = rows.next().map_err(self.fail())? {
            let mut row = plain_row(r).map_err(self.fail())?;
            row.tags = tags.remove(&row.id).unwrap_or_default();
            row.has_note = notes.contains(&row.id);
            out.push(row);
            if out.len() == batch {
                sink(std::mem::replace(&mut out, Vec::with_capacity(batch)));
            }
        }
        if !out.is_empty() {
            sink(out);
        }
        Ok(())
    }

    /// One row by store id (after a triage change, to redraw it).
    pub fn row(&self, id: i64) -> Result<Row> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} WHERE a.id = :id",
            View::All.scope(false).from
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.fail())?;
        stmt.query_row(
            named_params! {":id": id, ":user": self.user_param()},
            row_from,
        )
        .optional()
        .map_err(self.fail())?
        .ok_or(Error::NoSuchArticle(id))
    }

    /// How many articles each view holds for this handle's user; each count reads only its
    /// view's index.
    pub fn counts(&self) -> Result<Counts> {
        let count = |sql: &str| -> Result<usize> {
            let n: i64 = self
                .conn
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row([], |r| r.get(0)))
                .map_err(self.fail())?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        let all = count("SELECT count(*) FROM articles")?;
        let Some(user) = self.user_id else {
            // A user the store has never seen has marked nothing.
            return Ok(Counts {
                all,
                unread: all,
                ..Counts::default()
            });
        };
        let marked = |condition: &str| -> Result<usize> {
            let sql = format!("SELECT count(*) FROM marks m WHERE {condition}");
            let n: i64 = self
                .conn
                .prepare_cached(&sql)
                .and_then(|mut s| s.query_row(named_params! {":user": user}, |r| r.get(0)))
                .map_err(self.fail())?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            all,
            unread: marked(super::MARKS_UNREAD)?,
            starred: marked(super::MARKS_STARRED)?,
            archived: marked(super::MARKS_ARCHIVED)?,
        })
    }

    /// The whole article, body included, as it was imported; for a feed entry whose full
    /// text was fetched ([`Store::put_full_text`]), with that text as its body.
    pub fn article(&self, id: i64) -> Result<Article> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.key, a.title, s.name, a.day, a.url, a.lang, a.dir, a.dir_override, \
                 a.origin, a.path, b.paragraphs, a.author \
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id \
                 LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = ?1",
            )
            .map_err(self.fail())?;
        let found = stmt
            .query_row([id], |r| {
                Ok((
                    Article {
                        id: ArticleId(r.get(0)?),
                        title: r.get(1)?,
                        source: r.get(2)?,
                        author: r.get(11)?,
                        date: date_of(r.get(3)?),
                        url: r.get(4)?,
                        lang: lang(&r.get::<_, String>(5)?),
                        dir: dir(&r.get::<_, String>(6)?),
                        dir_override: r.get::<_, Option<String>>(7)?.map(|d| dir(&d)),
                        paragraphs: Vec::new(),
                        origin: match r.get::<_, String>(8)?.as_str() {
                            "embedded" => Origin::Embedded(r.get(9)?),
                            "feed" => Origin::Feed(r.get(9)?),
                            _ => Origin::File(r.get(9)?),
                        },
                        enclosures: Vec::new(),
                    },
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .optional()
            .map_err(self.fail())?;
        let (mut article, body) = found.ok_or(Error::NoSuchArticle(id))?;
        article.paragraphs = match self.full_text(id)? {
            Some(full) => full,
            None => self.paragraphs(id, body.as_deref())?,
        };
        article.enclosures = self.enclosures(id)?;
        Ok(article)
    }

    /// The article's enclosures in feed order.
    fn enclosures(&self, id: i64) -> Result<Vec<Enclosure>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT url, mime, bytes FROM enclosures WHERE article_id = ?1 ORDER BY position",
            )
            .map_err(self.fail())?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Enclosure {
                    url: r.get(0)?,
                    mime: r.get(1)?,
                    bytes: r
                        .get::<_, Option<i64>>(2)?
                        .and_then(|b| u64::try_from(b).ok()),
                })
            })
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.fail())
    }

    /// The text of an article's body as the reader shows it (the fetched full text when
    /// there is one), its paragraphs joined by newlines: what a `body:` filter searches. One
    /// look-up, without the rest of the article.
    pub fn body_text(&self, id: i64) -> Result<String> {
        let json: Option<Option<String>> = self
            .conn
            .prepare_cached(
                "SELECT coalesce(f.paragraphs, b.paragraphs) FROM articles a \
                 LEFT JOIN full_texts f ON f.article_id = a.id \
                 LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = ?1",
            )
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.fail())?;
        let json = json.ok_or(Error::NoSuchArticle(id))?;
        let paragraphs = self.paragraphs(id, json.as_deref())?;
        let mut text = String::with_capacity(paragraphs.iter().map(|p| p.text.len() + 1).sum());
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&p.text);
        }
        Ok(text)
    }

    /// Parses a stored body; a body that does not parse is damage, named as such.
    pub(super) fn paragraphs(&self, id: i64, body: Option<&str>) -> Result<Vec<Paragraph>> {
        parse_body(&self.name, id, body)
    }

    /// Every tag in use with the number of articles carrying it, most used first, for the tag
    /// prompt's completion.
    pub fn tags(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.name, count(*) AS n FROM tags t JOIN article_tags x ON x.tag_id = t.id \
                 GROUP BY t.id ORDER BY n DESC, t.name",
            )
            .map_err(self.fail())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?)))
            .map_err(self.fail())?;
        rows.map(|r| r.map(|(name, n)| (name, usize::try_from(n).unwrap_or(0))))
            .collect::<rusqlite::Result<_>>()
            .map_err(self.fail())
    }

    /// The article's note, if it has one.
    pub fn note(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT text FROM notes WHERE article_id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.fail())
    }

    /// The article's note with who wrote it last and when, if it has one.
    pub fn note_entry(&self, id: i64) -> Result<Option<Note>> {
        self.conn
            .prepare_cached(
                "SELECT n.text, u.name, n.updated_at FROM notes n \
                 LEFT JOIN users u ON u.id = n.author_id WHERE n.article_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    Ok(Note {
                        text: r.get(0)?,
                        author: r.get(1)?,
                        updated_at: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(self.fail())
    }

    /// The cached facts (JSON) of an article, if they were stored by the same
    /// `extractor_version`; an older extractor's result counts as missing.
    pub fn cached_facts(&self, id: i64, extractor_version: u32) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT json FROM facts_cache WHERE article_id = ?1 AND extractor_version = ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![id, extractor_version], |r| r.get(0))
                    .optional()
            })
            .map_err(self.fail())
    }

    /// Caches an article's facts (JSON), replacing what an earlier run stored. A cache, not
    /// user data: callers may ignore an error (a read-only store refuses it).
    pub fn put_facts(&mut self, id: i64, extractor_version: u32, json: &str) -> Result<()> {
        let stored = self.put_facts_many(extractor_version, &[(id, json.to_string())])?;
        if stored == 0 {
            return Err(Error::NoSuchArticle(id));
        }
        Ok(())
    }

    /// Caches the facts of many articles in one transaction (one sync to disk, not one per
    /// article: the dashboard fills the cache for a whole store in the background). Ids no
    /// longer in the store are skipped; returns how many were stored.
    pub fn put_facts_many(
        &mut self,
        extractor_version: u32,
        entries: &[(i64, String)],
    ) -> Result<usize> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = self.conn.transaction().map_err(fail)?;
        let mut stored = 0;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO facts_cache (article_id, extractor_version, json, created_at) \
                     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1) \
                     ON CONFLICT (article_id) DO UPDATE SET extractor_version = excluded.extractor_version, \
                     json = excluded.json, created_at = excluded.created_at",
                )
                .map_err(fail)?;
            let now = now_secs();
            for (id, json) in entries {
                stored += stmt
                    .execute(params![id, extractor_version, json, now])
                    .map_err(fail)?;
            }
        }
        // The full-text index takes the facts' names in the same transaction.
        let ids: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
        super::index::put_facts(&tx, &ids).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(stored)
    }
}

/// A stored body's paragraphs (none when there is no body); a body that does not parse is
/// damage to the store named `store`, said as such. Both backends read bodies through this.
pub(super) fn parse_body(store: &str, id: i64, body: Option<&str>) -> Result<Vec<Paragraph>> {
    match body {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json).map_err(|e| Error::Corrupt {
            store: store.to_string(),
            message: format!("the body of article {id} does not parse: {e}"),
        }),
    }
}
