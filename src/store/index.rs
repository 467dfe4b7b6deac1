//! The full-text index in SQLite: an FTS5 table (schema version 10) that holds, under each
//! article's id, the tokens of its title, its body and the names in its cached facts
//! (`text::tokens`, joined by spaces) and no copy of the text. It is written in the same
//! transaction as the article: on import (and a feed's new entries), when a full text
//! replaces a summary, and on delete (a trigger), so it is never stale and a crash leaves it
//! agreeing with the articles; the facts column in the transaction that caches the facts
//! (they are extracted after import, by whoever first needs them), from the cache again on a
//! reindex, never by running the extractor. Articles stored before
//! the index existed wait in `search_pending` until [`Sqlite::index_pending`] takes them.
//!
//! A PostgreSQL backend keeps the same tokens in a `tsvector` column built with the `simple`
//! configuration (which only lower-cases and splits at spaces), and asks the same
//! [`TextQuery`] as a `tsquery` (`<->` for phrases, `|` for variants).

use super::{Result, Sqlite};
use crate::model::{Paragraph, TextField, TextQuery};
use crate::text::tokens::index_text;
use rusqlite::{params, Connection, OptionalExtension};

/// How the title's words weigh against the body's in BM25.
const TITLE_WEIGHT: f64 = 3.0;

/// How a name in the article's facts weighs against a body word in BM25. The facts column
/// holds each person, place and organization the extractor found once (its form in the text
/// and its canonical name), so a facts hit counts as one more mention in the body: an article
/// that names someone only through the extractor's canonical name («بوتين» in the text,
/// «فلاديمير بوتين» in its facts) is found, and ranks like one that says the word once, below
/// an article that repeats it.
const FACTS_WEIGHT: f64 = 1.0;

/// Written between two names in the facts column, so a phrase never runs from one name into
/// the next. The tatweel is a token to FTS5 (any non-ASCII char is) but never a query's:
/// folding takes it out of every word.
const NAME_BREAK: &str = "\u{640}";

/// How far a reindex has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexProgress {
    /// Articles indexed by this call.
    pub done: usize,
    /// Articles still waiting.
    pub left: usize,
}

/// An article's index text: the tokens of its title and of its body (its paragraphs', in
/// order), joined by spaces. Worked out apart from the write, so an import can make it on
/// another thread while the writer stores the batch before.
pub(crate) struct Columns {
    title: String,
    body: String,
    /// The names in the article's cached facts (see [`facts_text`]); empty until the facts
    /// are cached.
    facts: String,
}

impl Columns {
    pub(crate) fn of(title: &str, paragraphs: &[Paragraph]) -> Columns {
        let mut scratch = String::new();
        let mut t = String::new();
        index_text(title, &mut t, &mut scratch);
        let mut b = String::with_capacity(paragraphs.iter().map(|p| p.text.len()).sum());
        for p in paragraphs {
            index_text(&p.text, &mut b, &mut scratch);
        }
        Columns {
            title: t,
            body: b,
            facts: String::new(),
        }
    }

    /// [`Columns::of`] with the names of the article's cached facts (their JSON), if any.
    fn with_facts(title: &str, paragraphs: &[Paragraph], facts: Option<&str>) -> Columns {
        let mut c = Columns::of(title, paragraphs);
        if let Some(json) = facts {
            c.facts = facts_text(json);
        }
        c
    }
}

/// What the facts cache holds that the index reads: the facts, each with its kind, its text
/// as written and its canonical value. Anything else in the JSON is skipped.
#[derive(serde::Deserialize)]
struct CachedFacts {
    #[serde(default)]
    facts: Vec<CachedFact>,
}

#[derive(serde::Deserialize)]
struct CachedFact {
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    value: Option<String>,
}

/// The index text of a facts cache entry: the tokens of every distinct name of a person,
/// place or organization (each mention's text and its canonical value), in order of first
/// sight, names apart by [`NAME_BREAK`]. Dates, numbers, quotes and sources are not names
/// and stay out. JSON that does not parse (the cache is not the store's to vouch for) gives
/// no names.
pub(crate) fn facts_text(json: &str) -> String {
    let Ok(cached) = serde_json::from_str::<CachedFacts>(json) else {
        return String::new();
    };
    let mut seen: Vec<String> = Vec::new();
    let mut scratch = String::new();
    let names = cached
        .facts
        .iter()
        .filter(|f| matches!(f.kind.as_str(), "person" | "place" | "organization"))
        .flat_map(|f| [Some(f.text.as_str()), f.value.as_deref()]);
    for name in names.flatten() {
        let mut tokens = String::new();
        index_text(name, &mut tokens, &mut scratch);
        if !tokens.is_empty() && !seen.contains(&tokens) {
            seen.push(tokens);
        }
    }
    seen.join(&format!(" {NAME_BREAK} "))
}

/// Indexes a newly inserted article (its id has never been in the index).
pub(super) fn put_new(
    conn: &Connection,
    id: i64,
    title: &str,
    paragraphs: &[Paragraph],
) -> rusqlite::Result<()> {
    put_many(conn, [(id, &Columns::of(title, paragraphs))])
}

/// Indexes newly inserted articles, in increasing id order, a few hundred rows a statement.
///
/// Not one statement per article: SQLite opens a statement savepoint around every write to a
/// virtual table inside a transaction, and FTS5 answers a savepoint by writing out everything
/// it holds in memory as a new segment, which it merges again later. Indexed one INSERT at a
/// time, an import of 2,000 articles wrote 2,000 one-article segments and spent 69% of the
/// writer's instructions flushing and merging them (callgrind). A multi-row `VALUES` binds
/// each text as it is (a JSON array read by `json_each` was tried first: SQLite parsed each
/// row's JSON again for every column, 17% of a reindex).
pub(super) fn put_many<'a>(
    conn: &Connection,
    rows: impl IntoIterator<Item = (i64, &'a Columns)>,
) -> rusqlite::Result<()> {
    let rows: Vec<(i64, &Columns)> = rows.into_iter().collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from("INSERT INTO search_index (rowid, title, body, facts) VALUES ");
        for i in 0..chunk.len() {
            sql.push_str(if i == 0 { "(?,?,?,?)" } else { ",(?,?,?,?)" });
        }
        let values = chunk
            .iter()
            .flat_map(|(id, c)| [id as &dyn rusqlite::ToSql, &c.title, &c.body, &c.facts]);
        // The full-size statement is kept prepared; a batch's last, shorter one is not, so
        // its varying sizes do not push other statements out of the cache.
        if chunk.len() == ROWS_PER_STATEMENT {
            conn.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
        } else {
            conn.prepare(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
        }
    }
    Ok(())
}

/// Rows of [`put_many`]'s statements: 2,048 parameters, well inside SQLite's 32,766. The
/// library's own unit tests use 3, so every store test there writes batches in several
/// statements, the last one shorter.
const ROWS_PER_STATEMENT: usize = if cfg!(test) { 3 } else { 512 };

/// An article waiting for the index: id, title, stored body (JSON) and cached facts (JSON).
type Waiting = (i64, String, Option<String>, Option<String>);

/// Indexes again, with the names of their newly cached facts, the articles of `ids` that the
/// index holds (one waiting in `search_pending` gets its facts when it is indexed). The
/// index keeps no text, so the title and the body are tokenized again: a few hundred
/// microseconds an article, against the milliseconds the extractor took to make its facts.
/// In the transaction that caches the facts, so the index never names facts the cache lost.
pub(super) fn put_facts(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    let mut again: Vec<(i64, Columns)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.title, coalesce(f.paragraphs, b.paragraphs), c.json \
             FROM articles a JOIN facts_cache c ON c.article_id = a.id \
             LEFT JOIN full_texts f ON f.article_id = a.id \
             LEFT JOIN bodies b ON b.article_id = a.id \
             WHERE a.id = ?1 AND a.id NOT IN (SELECT article_id FROM search_pending)",
        )?;
        for &id in ids {
            let row = stmt
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()?;
            let Some((title, body, facts)) = row else {
                continue;
            };
            let paragraphs: Vec<Paragraph> = body
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            again.push((id, Columns::with_facts(&title, &paragraphs, Some(&facts))));
        }
    }
    // One statement for the batch's rows, as [`put_many`] writes them (see there for why).
    let ids = serde_json::to_string(&again.iter().map(|a| a.0).collect::<Vec<i64>>())
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "DELETE FROM search_index WHERE rowid IN (SELECT value FROM json_each(?1))",
    )?
    .execute([&ids])?;
    put_many(conn, again.iter().map(|(id, c)| (*id, c)))
}

/// Indexes an article again (its text changed, or it was waiting).
pub(super) fn put_again(
    conn: &Connection,
    id: i64,
    title: &str,
    paragraphs: &[Paragraph],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([id])?;
    put_new(conn, id, title, paragraphs)
}

/// The FTS5 expression for a query: each match in parentheses, all of them joined by AND; a
/// phrase's variants of its first word are phrases joined by OR. Tokens are letters and
/// digits only, so quoting them needs no escapes. `None` for a query with nothing to find.
fn expression(q: &TextQuery) -> Option<String> {
    let mut parts = Vec::new();
    for m in &q.all {
        let Some((first, rest)) = m.words.split_first() else {
            continue;
        };
        let rest: Vec<&str> = rest
            .iter()
            .filter_map(|w| w.first().map(String::as_str))
            .collect();
        let alts: Vec<String> = first
            .iter()
            .filter(|t| !t.is_empty() && !t.contains('"'))
            .map(|f| {
                let mut words = vec![f.as_str()];
                words.extend(&rest);
                format!("\"{}\"", words.join(" "))
            })
            .collect();
        if alts.is_empty() {
            continue;
        }
        let expr = format!("({})", alts.join(" OR "));
        parts.push(match m.field {
            TextField::Any => expr,
            TextField::Title => format!("title : {expr}"),
            TextField::Body => format!("body : {expr}"),
        });
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

impl Sqlite {
    /// Every article the index says meets `q`, with its BM25 relevance (positive, higher is
    /// better; title words weigh [`TITLE_WEIGHT`] times body words), in no set order. An
    /// empty query finds nothing.
    pub fn search_text(&self, q: &TextQuery) -> Result<Vec<(i64, f64)>> {
        let Some(expr) = expression(q) else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rowid, -bm25(search_index, ?2, 1.0, ?3) FROM search_index \
                 WHERE search_index MATCH ?1",
            )
            .map_err(self.fail())?;
        let rows = stmt
            .query_map(params![expr, TITLE_WEIGHT, FACTS_WEIGHT], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.fail())
    }

    /// The `limit` articles stored last (highest ids first) that the index says meet `q` and
    /// none of `excluded`, with the same relevance [`Sqlite::search_text`] gives them. FTS5
    /// walks the match's doclist from its end and stops after `limit`, scoring only those,
    /// so this costs about the same for a word in every body as for a rare one: the
    /// dashboard's first page while the whole ranking is worked out.
    pub fn search_newest(
        &self,
        q: &TextQuery,
        excluded: &[TextQuery],
        limit: usize,
    ) -> Result<Vec<(i64, f64)>> {
        let Some(mut expr) = expression(q) else {
            return Ok(Vec::new());
        };
        let not: Vec<String> = excluded.iter().filter_map(expression).collect();
        if !not.is_empty() {
            expr = format!("({expr}) NOT ({})", not.join(" OR "));
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rowid, -bm25(search_index, ?2, 1.0, ?4) FROM search_index \
                 WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3",
            )
            .map_err(self.fail())?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![expr, TITLE_WEIGHT, limit, FACTS_WEIGHT], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.fail())
    }

    /// The ids of every article the index says meets `q`, unranked (cheaper than
    /// [`Sqlite::search_text`]: for exclusions and restrictions).
    pub fn search_ids(&self, q: &TextQuery) -> Result<Vec<i64>> {
        let Some(expr) = expression(q) else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
            .map_err(self.fail())?;
        let rows = stmt.query_map([expr], |r| r.get(0)).map_err(self.fail())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.fail())
    }

    /// How many articles wait to be indexed (stored before the index, or by a reindex).
    pub fn unindexed(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM search_pending", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(self.fail())
    }

    /// Indexes up to `max` waiting articles in one transaction (title and the body the reader
    /// shows: the fetched full text when there is one).
    pub fn index_pending(&mut self, max: usize) -> Result<IndexProgress> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        let batch: Vec<Waiting> = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT a.id, a.title, coalesce(f.paragraphs, b.paragraphs), c.json \
                     FROM search_pending p JOIN articles a ON a.id = p.article_id \
                     LEFT JOIN full_texts f ON f.article_id = a.id \
                     LEFT JOIN bodies b ON b.article_id = a.id \
                     LEFT JOIN facts_cache c ON c.article_id = a.id \
                     ORDER BY p.article_id LIMIT ?1",
                )
                .map_err(&fail)?;
            let rows = stmt
                .query_map([i64::try_from(max).unwrap_or(i64::MAX)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .map_err(&fail)?;
            rows.collect::<rusqlite::Result<_>>().map_err(&fail)?
        };
        // A body that does not parse is indexed by its title alone, not a failed batch.
        let columns: Vec<(i64, Columns)> = batch
            .iter()
            .map(|(id, title, body, facts)| {
                let paragraphs: Vec<Paragraph> = body
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok())
                    .unwrap_or_default();
                (
                    *id,
                    Columns::with_facts(title, &paragraphs, facts.as_deref()),
                )
            })
            .collect();
        // Whole statements over the batch's ids (see [`put_many`] for why not one per
        // article): out of the index, in again, out of the line.
        let ids = serde_json::to_string(&batch.iter().map(|b| b.0).collect::<Vec<i64>>())
            .map_err(|e| fail(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        tx.prepare_cached(
            "DELETE FROM search_index WHERE rowid IN (SELECT value FROM json_each(?1))",
        )
        .and_then(|mut s| s.execute([&ids]))
        .map_err(&fail)?;
        put_many(&tx, columns.iter().map(|(id, c)| (*id, c))).map_err(&fail)?;
        tx.prepare_cached(
            "DELETE FROM search_pending WHERE article_id IN (SELECT value FROM json_each(?1))",
        )
        .and_then(|mut s| s.execute([&ids]))
        .map_err(&fail)?;
        let left: i64 = tx
            .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
            .map_err(&fail)?;
        tx.commit().map_err(fail)?;
        Ok(IndexProgress {
            done: batch.len(),
            left: usize::try_from(left).unwrap_or(0),
        })
    }

    /// Empties the index and puts every article back in line to be indexed; returns how
    /// many wait. [`Sqlite::index_pending`] then rebuilds it.
    pub fn reindex(&mut self) -> Result<usize> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        tx.execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('delete-all'); \
             INSERT INTO search_pending (article_id) SELECT id FROM articles WHERE true \
             ON CONFLICT DO NOTHING;",
        )
        .map_err(&fail)?;
        let n: i64 = tx
            .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
            .map_err(&fail)?;
        tx.commit().map_err(fail)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextMatch;

    fn m(field: TextField, words: &[&[&str]]) -> TextMatch {
        TextMatch {
            field,
            words: words
                .iter()
                .map(|w| w.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn expressions_quote_tokens_and_scope_fields() {
        let q = TextQuery {
            all: vec![
                m(TextField::Any, &[&["كرملين", "وكرملين"]]),
                m(TextField::Title, &[&["وزير", "ووزير"], &["خارجيه"]]),
                m(TextField::Body, &[&["baku"]]),
            ],
        };
        assert_eq!(
            expression(&q).unwrap(),
            "(\"كرملين\" OR \"وكرملين\") AND title : (\"وزير خارجيه\" OR \"ووزير خارجيه\") \
             AND body : (\"baku\")"
        );
        assert_eq!(expression(&TextQuery::default()), None);
        assert_eq!(
            expression(&TextQuery {
                all: vec![m(TextField::Any, &[&["a\"b"]])]
            }),
            None
        );
    }
}
