//! What the config's ignore rules did: articles archived as they arrived, each with the
//! rule (its query) that archived it, for the feeds view's counts. The rules themselves are
//! matched above the store (`crate::ignore`); the store only keeps the outcome.

use super::{now_secs, Result, Sqlite};
use rusqlite::params;

impl Sqlite {
    /// Archives `ids` for the ignore rule `rule` in one transaction, for every user of the
    /// store (the rule filters what arrives for the whole store; a user made later starts
    /// with it archived too, by the `users_marks` trigger of V8), and records the rule
    /// against each (an article keeps the first rule that archived it). Returns how many
    /// were archived now (those every user had archived already are not counted).
    pub fn ignore(&mut self, rule: &str, ids: &[i64]) -> Result<usize> {
        self.writable()?;
        let name = &self.name;
        let fail = |e| super::error::classify(name, e);
        let tx = super::write_tx(&mut self.conn, name)?;
        let now = now_secs();
        let mut archived = 0;
        {
            let mut archive = tx
                .prepare_cached(
                    "UPDATE marks SET archived = 1, triaged_at = ?2 \
                     WHERE article_id = ?1 AND archived = 0",
                )
                .map_err(&fail)?;
            let mut record = tx
                .prepare_cached(
                    "INSERT INTO ignored (article_id, rule, at) \
                     SELECT id, ?2, ?3 FROM articles WHERE id = ?1 \
                     ON CONFLICT (article_id) DO NOTHING",
                )
                .map_err(&fail)?;
            for &id in ids {
                let n = archive.execute(params![id, now]).map_err(&fail)?;
                if n > 0 {
                    record.execute(params![id, rule, now]).map_err(&fail)?;
                    archived += 1;
                }
            }
        }
        tx.commit().map_err(fail)?;
        Ok(archived)
    }

    /// Each ignore rule that has archived articles, with how many (those since deleted
    /// not counted), most first.
    pub fn ignored_counts(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rule, count(*) FROM ignored GROUP BY rule ORDER BY count(*) DESC, rule",
            )
            .map_err(self.fail())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
            .map_err(self.fail())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.fail())
    }
}
