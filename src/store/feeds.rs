//! What the store keeps about feeds: one row per feed URL with the validators of its last
//! response (for conditional GET), when it was last fetched and last succeeded, and its last
//! error; the articles each refresh brought; and full texts fetched on demand.
//!
//! The subscriptions themselves (URL, title, tags, direction, interval, limit) live in the
//! config file, which the user edits; the store only remembers what fetching learnt, keyed by
//! URL, so a subscription removed and added again finds its state.

use super::import::insert_all;
use super::{now_secs, Error, ImportStats, Result, Sqlite};
use crate::model::{Article, Paragraph};
use rusqlite::{named_params, params, OptionalExtension};

/// What the store knows of one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    pub id: i64,
    pub url: String,
    /// The feed's own title, from its last successful parse.
    pub title: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Seconds since the epoch of the last attempt, and of the last success.
    pub fetched_at: Option<i64>,
    pub ok_at: Option<i64>,
    /// The last attempt's error, one line; `None` when it succeeded.
    pub last_error: Option<String>,
    /// Articles of this feed in the store, and how many of them are unread.
    pub articles: usize,
    pub unread: usize,
}

/// One refresh's result for a feed, to be stored in one transaction.
#[derive(Debug, Clone, Default)]
pub struct FeedUpdate<'a> {
    /// The entries, newest first or in feed order, each with whether it is only a summary.
    pub entries: &'a [(Article, bool)],
    /// The feed's own title.
    pub title: Option<&'a str>,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    /// Keep at most this many of the feed's articles (starred, tagged and annotated ones are
    /// always kept); only the newest this many entries are imported.
    pub max_articles: Option<u32>,
    /// The subscription's tags, given to each new article (a tag that is not a valid tag
    /// name is skipped).
    pub tags: &'a [String],
}

/// What storing a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedStats {
    pub import: ImportStats,
    /// Store ids of the articles new to the store.
    pub added: Vec<i64>,
    /// Older articles dropped to keep the feed within its limit.
    pub removed: usize,
}

const FEED_COLUMNS: &str = "f.id, f.url, f.title, f.etag, f.last_modified, f.fetched_at, f.ok_at, \
     f.last_error, \
     (SELECT count(*) FROM articles a WHERE a.feed_id = f.id), \
     (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND NOT EXISTS (SELECT 1 FROM marks m \
      WHERE m.article_id = a.id AND m.user_id = :user AND (m.read = 1 OR m.archived = 1)))";

fn feed_from(r: &rusqlite::Row) -> rusqlite::Result<FeedState> {
    Ok(FeedState {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        etag: r.get(3)?,
        last_modified: r.get(4)?,
        fetched_at: r.get(5)?,
        ok_at: r.get(6)?,
        last_error: r.get(7)?,
        articles: r.get::<_, i64>(8)? as usize,
        unread: r.get::<_, i64>(9)? as usize,
    })
}

impl Sqlite {
    /// The id of the feed at `url`, made on first sight.
    pub fn feed_id(&mut self, url: &str) -> Result<i64> {
        self.writable()?;
        let fail = self.fail();
        self.conn
            .prepare_cached(
                "INSERT INTO feeds (url, added_at) VALUES (?1, ?2) ON CONFLICT (url) DO NOTHING",
            )
            .and_then(|mut s| s.execute(params![url, now_secs()]))
            .map_err(&fail)?;
        self.conn
            .prepare_cached("SELECT id FROM feeds WHERE url = ?1")
            .and_then(|mut s| s.query_row([url], |r| r.get(0)))
            .map_err(fail)
    }

    /// Every feed the store has met, by URL.
    pub fn feeds(&self) -> Result<Vec<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds f ORDER BY f.url");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.fail())?;
        let rows = stmt
            .query_map(named_params! {":user": self.user_param()}, feed_from)
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.fail())
    }

    /// The feed at `url`, if the store has met it.
    pub fn feed(&self, url: &str) -> Result<Option<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.url = :url");
        let user = self.user_param();
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_row(named_params! {":url": url, ":user": user}, feed_from)
                    .optional()
            })
            .map_err(self.fail())
    }

    /// Stores a successful refresh of feed `feed_id` in one transaction: new entries are
    /// added (an entry already stored, by guid, link or content, changes nothing), the
    /// validators and title are kept, the error is cleared and the feed is trimmed to its
    /// limit. All of it or, on an error, none.
    pub fn store_feed(&mut self, feed_id: i64, update: &FeedUpdate) -> Result<FeedStats> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let entries = newest(update.entries, update.max_articles);
        let articles: Vec<Article> = entries.iter().map(|(a, _)| a.clone()).collect();
        let now = now_secs();
        let tx = super::write_tx(&mut self.conn, name)?;
        let import = insert_all(&tx, &articles).map_err(&fail)?;
        let mut added = Vec::new();
        {
            let mut claim = tx
                .prepare_cached(
                    "UPDATE articles SET feed_id = ?1, summary_only = ?2 \
                     WHERE id = ?3 AND feed_id IS NULL",
                )
                .map_err(&fail)?;
            let mut seen = std::collections::HashSet::new();
            for (&id, (_, summary_only)) in import.ids.iter().zip(&entries) {
                if claim
                    .execute(params![feed_id, summary_only, id])
                    .map_err(&fail)?
                    > 0
                    && seen.insert(id)
                {
                    added.push(id);
                }
            }
        }
        if !added.is_empty() {
            for tag in update.tags {
                if let Ok(name) = super::triage::tag_name(tag) {
                    tag_all(&tx, &added, &name).map_err(&fail)?;
                }
            }
        }
        tx.execute(
            "UPDATE feeds SET title = coalesce(?2, title), etag = ?3, last_modified = ?4, \
             fetched_at = ?5, ok_at = ?5, last_error = NULL WHERE id = ?1",
            params![
                feed_id,
                update.title,
                update.etag,
                update.last_modified,
                now
            ],
        )
        .map_err(&fail)?;
        let removed = match update.max_articles {
            Some(max) => trim(&tx, feed_id, max).map_err(&fail)?,
            None => 0,
        };
        tx.commit().map_err(fail)?;
        Ok(FeedStats {
            import,
            added,
            removed,
        })
    }

    /// Records a 304: nothing changed, the attempt succeeded.
    pub fn feed_not_modified(
        &mut self,
        feed_id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        self.writable()?;
        let now = now_secs();
        self.conn
            .execute(
                "UPDATE feeds SET etag = coalesce(?2, etag), \
                 last_modified = coalesce(?3, last_modified), fetched_at = ?4, ok_at = ?4, \
                 last_error = NULL WHERE id = ?1",
                params![feed_id, etag, last_modified, now],
            )
            .map_err(self.fail())?;
        Ok(())
    }

    /// Records a failed attempt; the feed's articles and validators stay as they were.
    pub fn feed_failed(&mut self, feed_id: i64, error: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "UPDATE feeds SET fetched_at = ?2, last_error = ?3 WHERE id = ?1",
                params![feed_id, now_secs(), error],
            )
            .map_err(self.fail())?;
        Ok(())
    }

    /// Whether the article's feed gave only a summary and no full text has been fetched.
    pub fn needs_full_text(&self, id: i64) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT a.summary_only AND NOT EXISTS \
                 (SELECT 1 FROM full_texts t WHERE t.article_id = a.id) \
                 FROM articles a WHERE a.id = ?1",
            )
            .and_then(|mut s| s.query_row([id], |r| r.get::<_, bool>(0)).optional())
            .map_err(self.fail())?
            .ok_or(Error::NoSuchArticle(id))
    }

    /// Keeps the full text fetched from the article's page beside the feed's summary; from
    /// now on [`Store::article`] gives it. The article's cached facts are dropped, since
    /// they were extracted from the summary.
    pub fn put_full_text(&mut self, id: i64, paragraphs: &[Paragraph]) -> Result<()> {
        self.writable()?;
        let json = serde_json::to_string(paragraphs).map_err(|e| Error::Corrupt {
            store: self.name.clone(),
            message: format!("cannot encode the full text of article {id}: {e}"),
        })?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = self.conn.transaction().map_err(fail)?;
        tx.execute(
            "INSERT INTO full_texts (article_id, paragraphs, fetched_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (article_id) DO UPDATE SET paragraphs = ?2, fetched_at = ?3",
            params![id, json, now_secs()],
        )
        .map_err(&fail)?;
        tx.execute("DELETE FROM facts_cache WHERE article_id = ?1", [id])
            .map_err(&fail)?;
        // The index follows the text the reader now shows, in the same transaction.
        let title: String = tx
            .query_row("SELECT title FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(&fail)?;
        super::index::put_again(&tx, id, &title, paragraphs).map_err(&fail)?;
        tx.commit().map_err(fail)
    }

    /// The full text fetched for an article, if any.
    pub fn full_text(&self, id: i64) -> Result<Option<Vec<Paragraph>>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT paragraphs FROM full_texts WHERE article_id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.fail())?;
        json.map(|j| self.paragraphs(id, Some(&j))).transpose()
    }
}

/// The entries to import: all of them, or the newest `max` (undated ones count as oldest,
/// feed order breaking ties).
pub(super) fn newest(entries: &[(Article, bool)], max: Option<u32>) -> Vec<(Article, bool)> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    if let Some(max) = max {
        order.sort_by(|&a, &b| entries[b].0.date.cmp(&entries[a].0.date).then(a.cmp(&b)));
        order.truncate(max as usize);
        order.sort_unstable();
    }
    order.into_iter().map(|i| entries[i].clone()).collect()
}

/// Gives `name` (made if new, matched case-insensitively) to each of `ids`.
fn tag_all(tx: &rusqlite::Transaction, ids: &[i64], name: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])?;
    let tag: i64 = tx
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([name], |r| r.get(0))?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO article_tags (article_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for &id in ids {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

/// Drops the feed's articles beyond the newest `max`, except those anyone starred, tagged or
/// annotated: no user's triage is ever dropped.
fn trim(tx: &rusqlite::Transaction, feed_id: i64, max: u32) -> rusqlite::Result<usize> {
    tx.execute(
        "DELETE FROM articles WHERE id IN ( \
             SELECT a.id FROM articles a WHERE a.feed_id = ?1 \
             ORDER BY a.day DESC, a.id DESC LIMIT -1 OFFSET ?2) \
         AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.article_id = articles.id AND m.starred = 1) \
         AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = articles.id) \
         AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.article_id = articles.id)",
        params![feed_id, max],
    )
}
