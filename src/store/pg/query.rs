//! Reading the store on PostgreSQL: the list's pages (keyset pagination over each view's
//! partial index on `marks`, as on SQLite), counts, one article on demand, tags, notes and the
//! facts cache.

use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::model::{Article, ArticleId, Enclosure, Origin, Paragraph};
use crate::store::query::parse_body;
use crate::store::query::{dir, lang};
use crate::store::schema::date_of;
use crate::store::{now_secs, Counts, Error, Note, Result, Row, RowKey, View};

/// A view's list as SQL pieces, as `View::scope` on SQLite; `$1` is the user's id.
pub(super) struct Scope {
    pub(super) from: &'static str,
    pub(super) condition: &'static str,
    pub(super) key: &'static str,
    pub(super) order: &'static str,
}

pub(super) const UNREAD: &str = "m.user_id = $1 AND NOT m.read AND NOT m.archived";
pub(super) const STARRED: &str = "m.user_id = $1 AND m.starred";
pub(super) const ARCHIVED: &str = "m.user_id = $1 AND m.archived";

pub(super) fn scope(view: View, known: bool) -> Scope {
    let marked = |condition| Scope {
        from: "marks m JOIN articles a ON a.id = m.article_id \
               LEFT JOIN sources s ON s.id = a.source_id",
        condition,
        key: "(m.day, m.article_id)",
        order: "m.day DESC, m.article_id DESC",
    };
    let every = |condition| Scope {
        from: "articles a LEFT JOIN marks m ON m.article_id = a.id AND m.user_id = $1 \
               LEFT JOIN sources s ON s.id = a.source_id",
        condition,
        key: "(a.day, a.id)",
        order: "a.day DESC, a.id DESC",
    };
    match (view, known) {
        (View::All, _) | (View::Unread, false) => every("true"),
        (View::Starred | View::Archived, false) => every("false"),
        (View::Unread, true) => marked(UNREAD),
        (View::Starred, true) => marked(STARRED),
        (View::Archived, true) => marked(ARCHIVED),
    }
}

/// The columns of a [`Row`], in the order [`row_from`] reads them.
const ROW_COLUMNS: &str = "a.id, a.key, a.title, s.name, a.day, a.lang, a.dir, \
     coalesce(m.read, false), coalesce(m.starred, false), coalesce(m.archived, false), \
     (SELECT string_agg(t.name, chr(31)) FROM article_tags x JOIN tags t ON t.id = x.tag_id \
      WHERE x.article_id = a.id), \
     EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id)";

fn row_from(r: &postgres::Row) -> Row {
    let tags: Option<String> = r.get(10);
    let mut tags: Vec<String> = tags
        .map(|t| t.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default();
    tags.sort_by_key(|t| t.to_lowercase());
    Row {
        id: r.get(0),
        key: ArticleId(r.get(1)),
        title: r.get(2),
        source: r.get(3),
        date: date_of(r.get(4)),
        lang: lang(r.get::<_, &str>(5)),
        dir: dir(r.get::<_, &str>(6)),
        read: r.get(7),
        starred: r.get(8),
        archived: r.get(9),
        tags,
        has_note: r.get(11),
    }
}

impl Postgres {
    /// Up to `limit` rows of `view`, newest first, after `after`; see [`crate::store::Backend::rows`].
    pub fn rows(&self, view: View, after: Option<&RowKey>, limit: usize) -> Result<Vec<Row>> {
        let (day, id) = match after {
            Some(k) => (k.day, k.id),
            None => (i64::MAX, i64::MAX),
        };
        let s = scope(view, self.user_id.is_some());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} WHERE {} AND {} < ($2, $3) ORDER BY {} LIMIT $4",
            s.from, s.condition, s.key, s.order
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .db()?
            .read(&sql, &[&self.user_param(), &day, &id, &limit])
            .or_fail(&self.name)?;
        Ok(rows.iter().map(row_from).collect())
    }

    /// Every row of `view` in list order, in batches of `batch`: page after page by the
    /// list's key, each page its own statement, so `sink` may use this store between
    /// batches. No row is repeated, and no row that stays in the view is skipped.
    pub fn all_rows(&self, view: View, batch: usize, sink: &mut dyn FnMut(Vec<Row>)) -> Result<()> {
        let batch = batch.clamp(1, 1 << 20);
        let mut after: Option<RowKey> = None;
        loop {
            let page = self.rows(view, after.as_ref(), batch)?;
            let done = page.len() < batch;
            after = page.last().map(RowKey::from);
            if !page.is_empty() {
                sink(page);
            }
            if done {
                return Ok(());
            }
        }
    }

    /// One row by store id.
    pub fn row(&self, id: i64) -> Result<Row> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} WHERE a.id = $2",
            scope(View::All, false).from
        );
        self.db()?
            .read_opt(&sql, &[&self.user_param(), &id])
            .or_fail(&self.name)?
            .map(|r| row_from(&r))
            .ok_or(Error::NoSuchArticle(id))
    }

    /// The dates alone of these articles, in order.
    pub fn dates_of(&self, ids: &[i64]) -> Result<Vec<Option<Option<chrono::NaiveDate>>>> {
        let mut found = std::collections::HashMap::with_capacity(ids.len());
        let mut db = self.db()?;
        for chunk in ids.chunks(10_000) {
            let rows = db
                .read(
                    "SELECT id, day FROM articles WHERE id = ANY($1)",
                    &[&chunk.to_vec()],
                )
                .or_fail(&self.name)?;
            for r in rows {
                found.insert(r.get::<_, i64>(0), date_of(r.get(1)));
            }
        }
        Ok(ids.iter().map(|id| found.get(id).copied()).collect())
    }

    /// The newest date of `view`.
    pub fn newest_date(&self, view: View) -> Result<Option<chrono::NaiveDate>> {
        let s = scope(view, self.user_id.is_some());
        let sql = format!(
            "SELECT a.day FROM {} WHERE {} ORDER BY {} LIMIT 1",
            s.from, s.condition, s.order
        );
        let day: Option<i64> = self
            .db()?
            .read_opt(&sql, &[&self.user_param()])
            .or_fail(&self.name)?
            .map(|r| r.get(0));
        Ok(day.and_then(date_of))
    }

    /// How many articles each view holds for this handle's user.
    pub fn counts(&self) -> Result<Counts> {
        let mut db = self.db()?;
        let n = |r: postgres::Row| usize::try_from(r.get::<_, i64>(0)).unwrap_or(0);
        let all = n(db
            .read_one("SELECT count(*) FROM articles", &[])
            .or_fail(&self.name)?);
        let Some(user) = self.user_id else {
            return Ok(Counts {
                all,
                unread: all,
                ..Counts::default()
            });
        };
        let sql = format!(
            "SELECT (SELECT count(*) FROM marks m WHERE {UNREAD}), \
             (SELECT count(*) FROM marks m WHERE {STARRED}), \
             (SELECT count(*) FROM marks m WHERE {ARCHIVED})"
        );
        let r = db.read_one(&sql, &[&user]).or_fail(&self.name)?;
        let c = |i| usize::try_from(r.get::<_, i64>(i)).unwrap_or(0);
        Ok(Counts {
            all,
            unread: c(0),
            starred: c(1),
            archived: c(2),
        })
    }

    /// The whole article, body included, as it was imported (with the fetched full text as
    /// its body when there is one).
    pub fn article(&self, id: i64) -> Result<Article> {
        let found = self
            .db()?
            .read_opt(
                "SELECT a.key, a.title, s.name, a.day, a.url, a.lang, a.dir, a.dir_override, \
                 a.origin, a.path, coalesce(f.paragraphs, b.paragraphs), a.author \
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id \
                 LEFT JOIN bodies b ON b.article_id = a.id \
                 LEFT JOIN full_texts f ON f.article_id = a.id WHERE a.id = $1",
                &[&id],
            )
            .or_fail(&self.name)?
            .ok_or(Error::NoSuchArticle(id))?;
        let path: String = found.get(9);
        let body: Option<String> = found.get(10);
        let mut article = Article {
            id: ArticleId(found.get(0)),
            title: found.get(1),
            source: found.get(2),
            author: found.get(11),
            date: date_of(found.get(3)),
            url: found.get(4),
            lang: lang(found.get::<_, &str>(5)),
            dir: dir(found.get::<_, &str>(6)),
            dir_override: found.get::<_, Option<&str>>(7).map(dir),
            paragraphs: Vec::new(),
            origin: match found.get::<_, &str>(8) {
                "embedded" => Origin::Embedded(path),
                "feed" => Origin::Feed(path),
                _ => Origin::File(path),
            },
            enclosures: Vec::new(),
        };
        article.paragraphs = self.paragraphs(id, body.as_deref())?;
        let rows = self
            .db()?
            .read(
                "SELECT url, mime, bytes FROM enclosures WHERE article_id = $1 ORDER BY position",
                &[&id],
            )
            .or_fail(&self.name)?;
        article.enclosures = rows
            .iter()
            .map(|r| Enclosure {
                url: r.get(0),
                mime: r.get(1),
                bytes: r
                    .get::<_, Option<i64>>(2)
                    .and_then(|b| u64::try_from(b).ok()),
            })
            .collect();
        Ok(article)
    }

    /// The text of an article's body as the reader shows it, its paragraphs joined by
    /// newlines.
    pub fn body_text(&self, id: i64) -> Result<String> {
        let json: Option<String> = self
            .db()?
            .read_opt(
                "SELECT coalesce(f.paragraphs, b.paragraphs) FROM articles a \
                 LEFT JOIN full_texts f ON f.article_id = a.id \
                 LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = $1",
                &[&id],
            )
            .or_fail(&self.name)?
            .ok_or(Error::NoSuchArticle(id))?
            .get(0);
        let paragraphs = self.paragraphs(id, json.as_deref())?;
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        Ok(texts.join("\n"))
    }

    /// Parses a stored body; a body that does not parse is damage, named as such.
    pub(super) fn paragraphs(&self, id: i64, body: Option<&str>) -> Result<Vec<Paragraph>> {
        parse_body(&self.name, id, body)
    }

    /// Every tag in use with the number of articles carrying it, most used first.
    pub fn tags(&self) -> Result<Vec<(String, usize)>> {
        let rows = self
            .db()?
            .read(
                "SELECT t.name, count(*) AS n FROM tags t JOIN article_tags x ON x.tag_id = t.id \
                 GROUP BY t.id, t.name ORDER BY n DESC, t.name",
                &[],
            )
            .or_fail(&self.name)?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), usize::try_from(r.get::<_, i64>(1)).unwrap_or(0)))
            .collect())
    }

    /// The article's note, if it has one.
    pub fn note(&self, id: i64) -> Result<Option<String>> {
        Ok(self.note_entry(id)?.map(|n| n.text))
    }

    /// The article's note with who wrote it last and when.
    pub fn note_entry(&self, id: i64) -> Result<Option<Note>> {
        Ok(self
            .db()?
            .read_opt(
                "SELECT n.text, u.name, n.updated_at FROM notes n \
                 LEFT JOIN users u ON u.id = n.author_id WHERE n.article_id = $1",
                &[&id],
            )
            .or_fail(&self.name)?
            .map(|r| Note {
                text: r.get(0),
                author: r.get(1),
                updated_at: r.get(2),
            }))
    }

    /// The cached facts of an article, if stored by the same extractor version.
    pub fn cached_facts(&self, id: i64, extractor_version: u32) -> Result<Option<String>> {
        Ok(self
            .db()?
            .read_opt(
                "SELECT json FROM facts_cache WHERE article_id = $1 AND extractor_version = $2",
                &[&id, &i64::from(extractor_version)],
            )
            .or_fail(&self.name)?
            .map(|r| r.get(0)))
    }

    /// Caches an article's facts, replacing what an earlier run stored.
    pub fn put_facts(&mut self, id: i64, extractor_version: u32, json: &str) -> Result<()> {
        if self.put_facts_many(extractor_version, &[(id, json.to_string())])? == 0 {
            return Err(Error::NoSuchArticle(id));
        }
        Ok(())
    }

    /// Caches the facts of many articles in one transaction; ids no longer in the store are
    /// skipped; returns how many were stored.
    pub fn put_facts_many(
        &mut self,
        extractor_version: u32,
        entries: &[(i64, String)],
    ) -> Result<usize> {
        let name = self.name.clone();
        // One row per id (the last given wins): an upsert may touch a row once a statement.
        let mut last = std::collections::HashMap::new();
        for (i, (id, _)) in entries.iter().enumerate() {
            last.insert(*id, i);
        }
        let kept: Vec<&(i64, String)> = entries
            .iter()
            .enumerate()
            .filter(|(i, (id, _))| last[id] == *i)
            .map(|(_, e)| e)
            .collect();
        let ids: Vec<i64> = kept.iter().map(|(id, _)| *id).collect();
        let jsons: Vec<&str> = kept.iter().map(|(_, j)| j.as_str()).collect();
        self.write(super::Audience::Nobody, |tx| {
            let n = tx
                .execute(
                    "INSERT INTO facts_cache (article_id, extractor_version, json, created_at) \
                     SELECT e.id, $3, e.json, $4 FROM unnest($1::bigint[], $2::text[]) \
                     WITH ORDINALITY AS e(id, json, i) \
                     WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = e.id) \
                     ORDER BY e.i \
                     ON CONFLICT (article_id) DO UPDATE SET \
                     extractor_version = excluded.extractor_version, json = excluded.json, \
                     created_at = excluded.created_at",
                    &[&ids, &jsons, &i64::from(extractor_version), &now_secs()],
                )
                .or_fail(&name)?;
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }
}
