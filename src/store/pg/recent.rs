//! The newest stored articles of one site on PostgreSQL, for the scraped-page reader's
//! recurring-furniture check; the same question as SQLite's `store/recent.rs`.

use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::model::Paragraph;
use crate::store::Result;

impl Postgres {
    /// The paragraph texts of the `limit` newest articles (by when they were added) whose URL's
    /// host is `group` (with or without `www.`) or whose source is named `group`; see
    /// [`crate::store::Backend::recent_of_site`]. At most `limit` articles are read.
    pub fn recent_of_site(&self, group: &str, limit: usize) -> Result<Vec<Vec<String>>> {
        if group.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .db()?
            .read(
                "SELECT b.paragraphs FROM articles a \
                 JOIN bodies b ON b.article_id = a.id \
                 LEFT JOIN sources s ON s.id = a.source_id \
                 WHERE (a.url IS NOT NULL AND (strpos(a.url, '://' || $1 || '/') > 0 \
                        OR strpos(a.url, '://www.' || $1 || '/') > 0)) \
                    OR s.name = $1 \
                 ORDER BY a.added_at DESC, a.id DESC LIMIT $2",
                &[&group, &limit],
            )
            .or_fail(&self.name)?;
        // A body that does not parse is skipped here: this is a hint, not a read.
        Ok(rows
            .iter()
            .filter_map(|r| serde_json::from_str::<Vec<Paragraph>>(r.get::<_, &str>(0)).ok())
            .map(|ps| ps.into_iter().map(|p| p.text).collect())
            .collect())
    }
}
