//! The filter in the app: the query typed, the job that scores it, triage and `fact:`
//! clauses checked against the rows, and the entity index that `fact:` reads.

use super::*;

/// Where the selection stood around a first page of hits: before it landed and just after
/// (position in the list, article), so the whole list can tell whether the user moved.
#[derive(Debug, Clone, Copy)]
pub(in crate::ui) struct Preview {
    generation: u64,
    before: (usize, Option<i64>),
    landed: (usize, Option<i64>),
}

impl App {
    pub(in crate::ui) fn filter_text(&self) -> String {
        self.filter.lines().join(" ")
    }

    /// Whether a row belongs in the list now: archived articles leave the views that hide
    /// them as soon as they are archived (and come back on undo); the plan decides the rest,
    /// with the entity index for `fact:` and the body scan for `body:`.
    pub(in crate::ui) fn admits(&self, row: &Row) -> bool {
        let in_view = match self.scope {
            Scope::View(View::Archived) => row.archived,
            Scope::View(View::Unread) => !row.archived,
            Scope::View(View::Starred) => row.starred,
            Scope::View(View::All) | Scope::Paths => true,
        };
        let marks = Marks {
            read: row.read,
            starred: row.starred,
            archived: row.archived,
            tags: &row.tags,
        };
        in_view
            && self.plan.admits(
                &marks,
                || self.fact_ids.as_ref().is_some_and(|s| s.contains(&row.id)),
                || self.body.by_index || self.body.ids.contains(&row.id),
            )
    }

    /// The articles every `fact:` clause of the query admits, from the entity index as far
    /// as it is built.
    pub(in crate::ui) fn compute_fact_ids(&mut self) {
        if !self.plan.wants_facts() {
            self.fact_ids = None;
            return;
        }
        self.start_index();
        let index = self
            .entity_index
            .iter()
            .map(|(k, ids)| (k.as_str(), ids.as_slice()));
        self.fact_ids = self.plan.admitted_by_index(index);
    }

    pub(in crate::ui) fn indexed_batch(&mut self, entries: Vec<(i64, Vec<String>)>) {
        self.indexed.0 += entries.len();
        for (id, keys) in entries {
            for k in keys {
                self.entity_index.entry(k).or_default().push(id);
            }
        }
        if self.fact_ids.is_some() {
            self.compute_fact_ids();
            self.refilter_triage();
        }
    }

    /// Indexes what is loaded by the entities it mentions, in the background (once per
    /// load).
    pub(in crate::ui) fn start_index(&mut self) {
        if self.index_started || self.loading {
            return;
        }
        self.index_started = true;
        let ids: Vec<i64> = self.rows.iter().map(|r| r.id).collect();
        self.indexed = (0, ids.len());
        self.entity_index.clear();
        self.effects.push(Effect::IndexFacts { ids });
    }

    /// Enter on the facts pane: the list shows every article that mentions the selected
    /// person, place or organization.
    pub(in crate::ui) fn filter_by_fact(&mut self) {
        let Some(name) = self.highlighted_entity().map(|e| e.name.clone()) else {
            return;
        };
        self.filter = new_filter(&self.theme);
        self.filter.insert_str(format!("fact:\"{name}\""));
        self.focus = Pane::List;
        self.run_filter();
        if self.indexed.0 < self.indexed.1 {
            self.say(format!(
                "facts indexed in {} of {} articles; more will join",
                self.indexed.0, self.indexed.1
            ));
        }
    }

    pub(in crate::ui) fn start_filter(&mut self) {
        if self.filter_text() == self.query {
            return;
        }
        self.run_filter();
    }

    /// Starts a filter job for the query in the filter line; a running one is cancelled. A
    /// query that cannot be read keeps the list as it is and says why.
    pub(in crate::ui) fn run_filter(&mut self) {
        let text = self.filter_text();
        let parsed = match query::parse(&text) {
            Ok(q) => q,
            Err(e) => {
                self.message = Some(Message {
                    text: format!("filter: {e}"),
                    error: true,
                });
                return;
            }
        };
        if let Some(c) = self.filter_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.filter_generation += 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.filter_cancel = Some(Arc::clone(&cancel));
        // A query that only adds to the one in force matches a subset of its hits; not so
        // for the index's whole words («كرم» does not hold the hits of «كرملين»).
        let words = !Plan::new(parsed.clone()).text_query().is_empty();
        let within = match &self.last_hits {
            Some(hits) if !words && !self.plan.is_empty() && parsed.narrows(self.plan.query()) => {
                Some(Arc::clone(hits))
            }
            _ => None,
        };
        self.effects.push(Effect::Filter {
            generation: self.filter_generation,
            query: parsed,
            haystacks: Arc::clone(&self.haystacks),
            within,
            ids: Arc::new(self.rows.iter().map(|r| r.id).collect()),
            newest: self.rows.iter().filter_map(|r| r.date).max(),
            cancel,
        });
    }

    pub(in crate::ui) fn clear_filter(&mut self) {
        self.filter = new_filter(&self.theme);
        self.start_filter();
    }

    pub(in crate::ui) fn filter_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => {
                self.filtering = false;
                self.focus = Pane::List;
            }
            KeyCode::Esc => {
                self.filtering = false;
                self.clear_filter();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.quit = true;
            }
            _ => {
                super::editing::edit_line(&mut self.filter, key);
                self.start_filter();
            }
        }
    }

    /// Pasted text goes into the line editor that has the keyboard, as one clean line (no
    /// control characters, no newlines); pasted anywhere else it is ignored, so a paste can
    /// never run as commands.
    pub(in crate::ui) fn paste(&mut self, text: &str) {
        let line = crate::ingest::sanitize::clean_line(text);
        if line.is_empty() {
            return;
        }
        if let Some(input) = self.prompt_input() {
            input.insert_str(line);
        } else if self.filtering {
            self.filter.insert_str(line);
            self.start_filter();
        }
    }

    /// The whole ranked list of the query in force. After a first page of the same query
    /// ([`App::filter_preview`]), the selection lands as if that page had never been shown,
    /// unless the user moved it since: then it stays on the article they chose.
    pub(in crate::ui) fn filter_ready(&mut self, generation: u64, hits: Vec<Hit>) {
        if generation != self.filter_generation {
            return; // a newer query has replaced this one
        }
        let now = (self.selected, self.selected_row().map(|r| r.id));
        let previous = match self.first_page.take() {
            Some(p) if p.generation == generation && p.landed == now => {
                self.selected = p.before.0;
                p.before.1
            }
            _ => now.1,
        };
        self.show_hits(hits, previous);
        self.filter_cancel = None;
    }

    /// A first page of the query's hits while the whole list is ranked: shown at once, the
    /// job left running.
    pub(in crate::ui) fn filter_preview(&mut self, generation: u64, hits: Vec<Hit>) {
        if generation != self.filter_generation {
            return;
        }
        let before = (self.selected, self.selected_row().map(|r| r.id));
        self.show_hits(hits, before.1);
        self.first_page = Some(Preview {
            generation,
            before,
            landed: (self.selected, self.selected_row().map(|r| r.id)),
        });
    }

    /// True while the list shows a first page and the whole ranked list is still coming: the
    /// counts say so, since the first page holds only the newest hits.
    pub(in crate::ui) fn ranking(&self) -> bool {
        self.filter_cancel.is_some()
            && self
                .first_page
                .as_ref()
                .is_some_and(|p| p.generation == self.filter_generation)
    }

    /// The list becomes `hits` (those the view and the query's other clauses admit), the
    /// selection on `previous` where it is among them.
    fn show_hits(&mut self, hits: Vec<Hit>, previous: Option<i64>) {
        self.query = self.filter_text();
        self.plan = Plan::new(query::parse(&self.query).unwrap_or_default());
        self.compute_fact_ids();
        let matched: Arc<Vec<usize>> = Arc::new(hits.into_iter().map(|h| h.index).collect());
        self.last_hits = Some(Arc::clone(&matched));
        self.update_body_scan();
        self.update_snippets();
        self.visible = if self.plan.is_empty() {
            // No query: the list's own order (rows a refresh added sit by their date).
            self.unfiltered()
        } else {
            matched
                .iter()
                .copied()
                .filter(|&i| i < self.rows.len() && self.admits(&self.rows[i]))
                .collect()
        };
        self.reselect(previous);
    }

    /// Recomputes which rows show (after triage changed what the view admits) without
    /// rescoring, keeping the selection on the same article where it survives.
    pub(in crate::ui) fn refilter_triage(&mut self) {
        let previous = self.selected_row().map(|r| r.id);
        if self.plan.is_empty() {
            self.visible = self.unfiltered();
            self.reselect(previous);
        } else if let Some(hits) = self.last_hits.clone() {
            // The query's text matches do not depend on triage state, and `last_hits` holds
            // all of them (rows the view or an `is:` clause hides included), so rows that
            // come back (undo) are found there without scoring again: moving through a
            // filtered list, which marks articles read, then redraws only what moved.
            self.visible = hits
                .iter()
                .copied()
                .filter(|&i| i < self.rows.len() && self.admits(&self.rows[i]))
                .collect();
            self.reselect(previous);
        } else {
            self.query.clear();
            self.run_filter();
        }
    }

    pub(in crate::ui) fn reselect(&mut self, previous: Option<i64>) {
        let at = self.selected;
        self.selected = previous
            .and_then(|p| self.visible.iter().position(|&i| self.rows[i].id == p))
            .unwrap_or(at.min(self.visible.len().saturating_sub(1)));
        self.follow_selection();
    }
}
