//! A store shared by threads: one connection for writes (triage, imports, refreshes) and one
//! for reads (rows, bodies), so streaming a large view never holds up a triage commit; and
//! the derived-data cache (an article's extracted facts) read and filled in one place.
//!
//! The cache stores whatever the caller's extractor makes, as JSON, with the extractor's
//! version: the store knows nothing of how facts are found, and a newer extractor makes them
//! again.

use super::{Result, Store};
use crate::model::Article;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone)]
pub struct Shared {
    writes: Arc<Mutex<Store>>,
    reads: Arc<Mutex<Store>>,
}

/// What fills the cache: a version (bump it when the output changes) and the work.
pub struct Extractor<'a, T> {
    pub version: u32,
    pub extract: &'a (dyn Fn(&Article) -> T + Sync),
}

impl Shared {
    pub fn new(store: Store) -> Result<Shared> {
        let reader = store.reader()?;
        Ok(Shared {
            writes: Arc::new(Mutex::new(store)),
            reads: Arc::new(Mutex::new(reader)),
        })
    }

    /// The writing connection. A worker that panicked while holding it cannot have left a
    /// transaction half done (SQLite rolls it back), so a poisoned lock is still usable.
    pub fn writer(&self) -> MutexGuard<'_, Store> {
        self.writes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The writing connection's lock itself, for work that takes it once per step (a
    /// refresh stores one feed at a time).
    pub fn writes(&self) -> &Mutex<Store> {
        &self.writes
    }

    pub fn reader(&self) -> MutexGuard<'_, Store> {
        self.reads.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether triage cannot be saved. Never waits: a store busy with a worker reports as
    /// writable (it was when the worker took it).
    pub fn writer_read_only(&self) -> bool {
        self.writes
            .try_lock()
            .map(|s| s.is_read_only())
            .unwrap_or(false)
    }

    /// The extractor's output for each article: from the cache where the same version made
    /// it, else extracted now (no lock held meanwhile) and cached in one transaction for the
    /// batch. `known` gives articles the caller has already read, so they are not read
    /// again. An article that cannot be read is left out; a cache that cannot be written (a
    /// read-only store) is no error: it is made again next time.
    pub fn cached_or_extract<T>(
        &self,
        ids: &[i64],
        known: &[(i64, &Article)],
        extractor: &Extractor<'_, T>,
    ) -> Vec<(i64, T)>
    where
        T: Serialize + DeserializeOwned,
    {
        let mut out = Vec::with_capacity(ids.len());
        let mut to_cache = Vec::new();
        for &id in ids {
            // Bound first: a guard in the match's head would live through the arms, and the
            // arm below takes the reader again.
            let cached = self.cached(id, extractor.version);
            let value = match cached {
                Some(v) => v,
                None => {
                    let value = match known.iter().find(|(k, _)| *k == id) {
                        Some((_, a)) => (extractor.extract)(a),
                        None => {
                            let Ok(article) = self.reader().article(id) else {
                                continue;
                            };
                            (extractor.extract)(&article)
                        }
                    };
                    if let Ok(json) = serde_json::to_string(&value) {
                        to_cache.push((id, json));
                    }
                    value
                }
            };
            out.push((id, value));
        }
        if !to_cache.is_empty() {
            let _ = self.writer().put_facts_many(extractor.version, &to_cache);
        }
        out
    }

    fn cached<T: DeserializeOwned>(&self, id: i64, version: u32) -> Option<T> {
        let json = self.reader().cached_facts(id, version).ok().flatten()?;
        serde_json::from_str(&json).ok()
    }
}
