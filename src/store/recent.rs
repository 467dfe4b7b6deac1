//! The newest stored articles of one site, for the scraped-page reader: lines that recur on
//! a site's earlier articles are its furniture (see `ingest::recurring`).

use super::{Result, Sqlite};
use crate::model::Paragraph;

impl Sqlite {
    /// The paragraph texts of the `limit` newest articles (by when they were added) whose URL's
    /// host is `group` (with or without `www.`) or whose source is named `group`. At most
    /// `limit` articles are read, whatever the store holds.
    pub fn recent_of_site(&self, group: &str, limit: usize) -> Result<Vec<Vec<String>>> {
        if group.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT b.paragraphs FROM articles a \
                 JOIN bodies b ON b.article_id = a.id \
                 LEFT JOIN sources s ON s.id = a.source_id \
                 WHERE (a.url IS NOT NULL AND (instr(a.url, '://' || ?1 || '/') > 0 \
                        OR instr(a.url, '://www.' || ?1 || '/') > 0)) \
                    OR s.name = ?1 \
                 ORDER BY a.added_at DESC, a.id DESC LIMIT ?2",
            )
            .map_err(self.fail())?;
        let rows = stmt
            .query_map(rusqlite::params![group, limit], |r| r.get::<_, String>(0))
            .map_err(self.fail())?;
        let mut out = Vec::new();
        for json in rows {
            let json = json.map_err(self.fail())?;
            // A body that does not parse is skipped here: this is a hint, not a read.
            if let Ok(paragraphs) = serde_json::from_str::<Vec<Paragraph>>(&json) {
                out.push(paragraphs.into_iter().map(|p| p.text).collect());
            }
        }
        Ok(out)
    }
}
