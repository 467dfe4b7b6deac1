//! The facts cache read and filled as [`crate::facts::Facts`]: extraction's output kept with
//! the version of the extractor that made it, so a newer extractor makes it again.

use super::{Result, Store};
use crate::facts::{extract_article, Facts, EXTRACTOR_VERSION};

impl Store {
    /// An article's cached facts from the current extractor; a missing, stale or unreadable
    /// entry is `None` (it is a cache: the caller extracts again).
    pub fn facts_of(&self, id: i64) -> Option<Facts> {
        let json = self.cached_facts(id, EXTRACTOR_VERSION).ok().flatten()?;
        serde_json::from_str(&json).ok()
    }

    /// An article's facts: from the cache, or extracted now and cached (a read-only store
    /// cannot keep them, which is no error).
    pub fn facts_or_extract(&mut self, id: i64) -> Result<Facts> {
        if let Some(facts) = self.facts_of(id) {
            return Ok(facts);
        }
        let facts = extract_article(&self.article(id)?);
        if let Ok(json) = serde_json::to_string(&facts) {
            let _ = self.put_facts(id, EXTRACTOR_VERSION, &json);
        }
        Ok(facts)
    }
}
