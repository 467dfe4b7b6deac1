//! Feeds on PostgreSQL: what fetching learnt per feed URL, each refresh's entries stored in
//! one transaction, and full texts fetched on demand; contracts as on SQLite
//! (`store/feeds.rs`). Two processes refreshing one feed at once store each entry once: an
//! entry's identity within its feed is the unique content hash (see `store/import.rs`), and
//! the import inserts with `ON CONFLICT DO NOTHING`.

use super::import::insert_all;
use super::unnamed::Unnamed;
use super::{Audience, OrFail, Postgres};
use crate::model::{Article, Paragraph};
use crate::store::feeds::newest;
use crate::store::{now_secs, Error, FeedState, FeedStats, FeedUpdate, Result};
use postgres::Transaction;

const FEED_COLUMNS: &str = "f.id, f.url, f.title, f.etag, f.last_modified, f.fetched_at, f.ok_at, \
     f.last_error, \
     (SELECT count(*) FROM articles a WHERE a.feed_id = f.id), \
     (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND NOT EXISTS (SELECT 1 FROM marks m \
      WHERE m.article_id = a.id AND m.user_id = $1 AND (m.read OR m.archived)))";

fn feed_from(r: &postgres::Row) -> FeedState {
    FeedState {
        id: r.get(0),
        url: r.get(1),
        title: r.get(2),
        etag: r.get(3),
        last_modified: r.get(4),
        fetched_at: r.get(5),
        ok_at: r.get(6),
        last_error: r.get(7),
        articles: usize::try_from(r.get::<_, i64>(8)).unwrap_or(0),
        unread: usize::try_from(r.get::<_, i64>(9)).unwrap_or(0),
    }
}

impl Postgres {
    /// The id of the feed at `url`, made on first sight.
    pub fn feed_id(&mut self, url: &str) -> Result<i64> {
        let name = self.name.clone();
        self.write(Audience::Nobody, |tx| {
            tx.execute(
                "INSERT INTO feeds (url, added_at) VALUES ($1, $2) ON CONFLICT (url) DO NOTHING",
                &[&url, &now_secs()],
            )
            .or_fail(&name)?;
            Ok(tx
                .query_one("SELECT id FROM feeds WHERE url = $1", &[&url])
                .or_fail(&name)?
                .get(0))
        })
    }

    /// Every feed the store has met, by URL.
    pub fn feeds(&self) -> Result<Vec<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds f ORDER BY f.url");
        let rows = self
            .db()?
            .read(&sql, &[&self.user_param()])
            .or_fail(&self.name)?;
        Ok(rows.iter().map(feed_from).collect())
    }

    /// The feed at `url`, if the store has met it.
    pub fn feed(&self, url: &str) -> Result<Option<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.url = $2");
        Ok(self
            .db()?
            .read_opt(&sql, &[&self.user_param(), &url])
            .or_fail(&self.name)?
            .map(|r| feed_from(&r)))
    }

    /// Stores a successful refresh of feed `feed_id` in one transaction.
    pub fn store_feed(&mut self, feed_id: i64, update: &FeedUpdate) -> Result<FeedStats> {
        let name = self.name.clone();
        let entries = newest(update.entries, update.max_articles);
        let articles: Vec<Article> = entries.iter().map(|(a, _)| a.clone()).collect();
        let now = now_secs();
        self.write_then(
            |stats: &FeedStats| {
                if stats.added.is_empty() && stats.removed == 0 {
                    Audience::Nobody
                } else {
                    Audience::Everyone
                }
            },
            |tx| {
                let import = insert_all(tx, &articles, &name)?;
                let mut added = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for (&id, (_, summary_only)) in import.ids.iter().zip(&entries) {
                    let claimed = tx
                        .execute(
                            "UPDATE articles SET feed_id = $1, summary_only = $2 \
                         WHERE id = $3 AND feed_id IS NULL",
                            &[&feed_id, summary_only, &id],
                        )
                        .or_fail(&name)?;
                    if claimed > 0 && seen.insert(id) {
                        added.push(id);
                    }
                }
                if !added.is_empty() {
                    for tag in update.tags {
                        if let Ok(tag) = crate::store::triage::tag_name(tag) {
                            tag_all(tx, &added, &tag, &name)?;
                        }
                    }
                }
                tx.execute(
                    "UPDATE feeds SET title = coalesce($2, title), etag = $3, last_modified = $4, \
                 fetched_at = $5, ok_at = $5, last_error = NULL WHERE id = $1",
                    &[
                        &feed_id,
                        &update.title.map(super::import::clean),
                        &update.etag.map(super::import::clean),
                        &update.last_modified.map(super::import::clean),
                        &now,
                    ],
                )
                .or_fail(&name)?;
                let removed = match update.max_articles {
                    Some(max) => trim(tx, feed_id, max, &name)?,
                    None => 0,
                };
                Ok(FeedStats {
                    import,
                    added,
                    removed,
                })
            },
        )
    }

    /// Records a 304: nothing changed, the attempt succeeded.
    pub fn feed_not_modified(
        &mut self,
        feed_id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        let name = self.name.clone();
        self.write(Audience::Nobody, |tx| {
            tx.execute(
                "UPDATE feeds SET etag = coalesce($2, etag), \
                 last_modified = coalesce($3, last_modified), fetched_at = $4, ok_at = $4, \
                 last_error = NULL WHERE id = $1",
                &[&feed_id, &etag, &last_modified, &now_secs()],
            )
            .or_fail(&name)?;
            Ok(())
        })
    }

    /// Records a failed attempt; the feed's articles and validators stay as they were.
    pub fn feed_failed(&mut self, feed_id: i64, error: &str) -> Result<()> {
        let name = self.name.clone();
        let error = super::import::clean(error);
        self.write(Audience::Nobody, |tx| {
            tx.execute(
                "UPDATE feeds SET fetched_at = $2, last_error = $3 WHERE id = $1",
                &[&feed_id, &now_secs(), &error],
            )
            .or_fail(&name)?;
            Ok(())
        })
    }

    /// Whether the article's feed gave only a summary and no full text has been fetched.
    pub fn needs_full_text(&self, id: i64) -> Result<bool> {
        self.db()?
            .read_opt(
                "SELECT a.summary_only AND NOT EXISTS \
                 (SELECT 1 FROM full_texts t WHERE t.article_id = a.id) \
                 FROM articles a WHERE a.id = $1",
                &[&id],
            )
            .or_fail(&self.name)?
            .map(|r| r.get(0))
            .ok_or(Error::NoSuchArticle(id))
    }

    /// Keeps the full text fetched from the article's page beside the feed's summary; the
    /// article's cached facts are dropped and its index entry follows the new text.
    pub fn put_full_text(&mut self, id: i64, paragraphs: &[Paragraph]) -> Result<()> {
        let name = self.name.clone();
        let json = serde_json::to_string(paragraphs).map_err(|e| Error::Corrupt {
            store: name.clone(),
            message: format!("cannot encode the full text of article {id}: {e}"),
        })?;
        self.write(Audience::Everyone, |tx| {
            let title: String = tx
                .query_opt("SELECT title FROM articles WHERE id = $1", &[&id])
                .or_fail(&name)?
                .ok_or(Error::NoSuchArticle(id))?
                .get(0);
            tx.execute(
                "INSERT INTO full_texts (article_id, paragraphs, fetched_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (article_id) DO UPDATE SET paragraphs = $2, fetched_at = $3",
                &[&id, &json, &now_secs()],
            )
            .or_fail(&name)?;
            tx.execute("DELETE FROM facts_cache WHERE article_id = $1", &[&id])
                .or_fail(&name)?;
            super::index::put(tx, id, &title, paragraphs).or_fail(&name)?;
            Ok(())
        })
    }

    /// The full text fetched for an article, if any.
    pub fn full_text(&self, id: i64) -> Result<Option<Vec<Paragraph>>> {
        let json: Option<String> = self
            .db()?
            .read_opt(
                "SELECT paragraphs FROM full_texts WHERE article_id = $1",
                &[&id],
            )
            .or_fail(&self.name)?
            .map(|r| r.get(0));
        json.map(|j| self.paragraphs(id, Some(&j))).transpose()
    }
}

/// Gives `name` (made if new, matched without regard to ASCII case) to each of `ids`.
fn tag_all(tx: &mut Transaction<'_>, ids: &[i64], name: &str, store: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&name],
    )
    .or_fail(store)?;
    tx.execute(
        "INSERT INTO article_tags (article_id, tag_id) \
         SELECT unnest($1::bigint[]), (SELECT id FROM tags WHERE akhbar_fold(name) = akhbar_fold($2)) \
         ON CONFLICT DO NOTHING",
        &[&ids, &name],
    )
    .or_fail(store)?;
    Ok(())
}

/// Drops the feed's articles beyond the newest `max`, except those anyone starred, tagged or
/// annotated.
fn trim(tx: &mut Transaction<'_>, feed_id: i64, max: u32, store: &str) -> Result<usize> {
    let n = tx
        .execute(
            "DELETE FROM articles WHERE id IN ( \
                 SELECT a.id FROM articles a WHERE a.feed_id = $1 \
                 ORDER BY a.day DESC, a.id DESC OFFSET $2) \
             AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.article_id = articles.id AND m.starred) \
             AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = articles.id) \
             AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.article_id = articles.id)",
            &[&feed_id, &i64::from(max)],
        )
        .or_fail(store)?;
    Ok(usize::try_from(n).unwrap_or(0))
}
