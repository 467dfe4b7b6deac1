//! The `body:` clauses of the filter in the dashboard. Bodies live in the store, not in the
//! filter keys. When the query has words for the full-text index (any `body:` term with a
//! letter or digit), the filter job asks the index for them with the rest of the query, so
//! every hit it sends already holds the terms and nothing is scanned (`BodyScan::by_index`).
//! Otherwise a background job asks the index which articles hold every term; the list shows
//! those as they are found, the status bar says how far the scan is, and a newer `body:` query
//! cancels an older scan.

use super::*;
use std::collections::HashSet;

/// The state of the scan for the query's `body:` terms.
#[derive(Debug, Default)]
pub struct BodyScan {
    /// The folded terms the scan is for (empty: no `body:` clause).
    pub terms: Vec<String>,
    /// Articles found so far whose bodies hold every term.
    pub ids: HashSet<i64>,
    /// The full-text index answered the query with its `body:` clauses (every hit of the
    /// filter holds the terms): nothing is scanned.
    pub by_index: bool,
    /// Articles scanned so far, and how many the scan was given.
    pub scanned: usize,
    pub total: usize,
    generation: u64,
    cancel: Option<Arc<AtomicBool>>,
}

impl BodyScan {
    /// Whether a scan is still reading bodies.
    pub fn running(&self) -> bool {
        !self.terms.is_empty() && self.scanned < self.total
    }

    fn stop(&mut self) {
        if let Some(c) = self.cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
    }
}

impl App {
    /// After a query took effect: starts a scan when its `body:` terms changed, narrowing
    /// from the last complete scan when every old term lies inside a new one (a longer term
    /// matches a subset of the bodies), and drops the scan when the query has none.
    pub(in crate::ui) fn update_body_scan(&mut self) {
        let terms: Vec<String> = self.plan.body_terms().to_vec();
        // The filter's hits came from the index, `body:` clauses included, when the query
        // has words for it (a term of no letters or digits has none).
        let by_index = !terms.is_empty() && !self.plan.text_query().is_empty();
        if terms == self.body.terms && by_index == self.body.by_index {
            return;
        }
        self.body.stop();
        if terms.is_empty() || by_index {
            self.body = BodyScan {
                terms,
                by_index,
                generation: self.body.generation,
                ..BodyScan::default()
            };
            return;
        }
        // Terms are whole words in the index: a longer term is a different word, not a
        // subset of the shorter one's finds, so nothing narrows.
        let narrows = false;
        // The list's hits first, best first, so what the list will show is found first.
        let mut seen: HashSet<i64> = HashSet::new();
        let mut ids: Vec<i64> = Vec::new();
        let hits = self.last_hits.clone();
        let order = hits
            .iter()
            .flat_map(|h| h.iter().copied())
            .chain(0..self.rows.len());
        for i in order {
            let Some(row) = self.rows.get(i) else {
                continue;
            };
            if (!narrows || self.body.ids.contains(&row.id)) && seen.insert(row.id) {
                ids.push(row.id);
            }
        }
        let generation = self.body.generation + 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.body = BodyScan {
            terms: terms.clone(),
            by_index: false,
            ids: HashSet::new(),
            scanned: 0,
            total: ids.len(),
            generation,
            cancel: Some(Arc::clone(&cancel)),
        };
        self.effects.push(Effect::BodyScan {
            generation,
            terms,
            ids,
            cancel,
        });
    }

    /// Articles that joined the list while a `body:` filter is in force are scanned too.
    pub(in crate::ui) fn scan_new_bodies(&mut self, ids: Vec<i64>) {
        if self.body.terms.is_empty() || self.body.by_index || ids.is_empty() {
            return;
        }
        let Some(cancel) = self.body.cancel.clone() else {
            return;
        };
        self.body.total += ids.len();
        self.effects.push(Effect::BodyScan {
            generation: self.body.generation,
            terms: self.body.terms.clone(),
            ids,
            cancel,
        });
    }

    /// A batch of the scan: the articles of it whose bodies hold every term.
    pub(in crate::ui) fn bodies_scanned(
        &mut self,
        generation: u64,
        matched: Vec<i64>,
        scanned: usize,
    ) {
        if generation != self.body.generation || self.body.terms.is_empty() {
            return; // a newer `body:` query replaced this scan
        }
        self.body.scanned += scanned;
        if !self.body.running() {
            self.body.cancel = None;
        }
        if matched.is_empty() && self.body.running() {
            return;
        }
        self.body.ids.extend(matched);
        self.refilter_triage();
    }
}
