//! The worker: does the effects `update` asks for (see [`crate::ui::app::Effect`]) on a
//! thread of the blocking pool, or at once for tests and tools ([`settle`]), and reports
//! each result back as actions.

use super::app::{self, Action, App, Effect};
use crate::facts::{extract_article, Facts, EXTRACTOR_VERSION};
use crate::ingest;
use crate::page::layout_progressively;
use crate::search;
use crate::store::Extractor;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The store as the dashboard's workers share it.
pub use crate::store::Shared as Stores;

/// The facts extractor as the store's cache knows it.
pub const FACTS: Extractor<'static, Facts> = Extractor {
    version: EXTRACTOR_VERSION,
    extract: &extract_article,
};

/// Does the work of an effect; `emit` receives the actions that carry its results (a layout
/// may send its first screenful ahead of the whole, a view comes in batches).
pub fn perform(effect: Effect, stores: &Stores, emit: &mut dyn FnMut(Action)) {
    match effect {
        Effect::Layout { key, first_rows } => {
            let article = stores.reader().article(key.article);
            match article {
                Ok(article) => {
                    let article = Arc::new(article);
                    let width = key.width_cells as usize;
                    let mut doc =
                        layout_progressively(&article, width, key.mode, first_rows, &mut |d| {
                            emit(Action::DocReady(key, Arc::new(d)))
                        });
                    // Facts do not depend on the width: a resize reads them from the cache.
                    let facts = stores
                        .cached_or_extract(&[key.article], &[(key.article, &article)], &FACTS)
                        .pop()
                        .map(|(_, f)| f)
                        .unwrap_or_default();
                    doc.facts = Some(Arc::new(facts));
                    emit(Action::DocReady(key, Arc::new(doc)));
                }
                Err(e) => emit(Action::Failed(e.to_string())),
            }
        }
        Effect::Filter {
            generation,
            query,
            haystacks,
            within,
            cancel,
        } => {
            let within = within.as_deref().map(Vec::as_slice);
            if let Some(hits) = search::filter_within(&haystacks, &query, within, &cancel) {
                emit(Action::FilterReady { generation, hits });
            }
        }
        Effect::LoadView { generation, view } => {
            // Taken before the rows are read: whatever is committed after it moves it, and
            // the next tick reads the view again.
            if let Ok(version) = stores.writer().data_version() {
                emit(Action::StoreVersion(version));
            }
            let result = stores.reader().all_rows(view, ROWS_BATCH, &mut |rows| {
                emit(Action::Rows { generation, rows })
            });
            if let Err(e) = result {
                emit(Action::Failed(e.to_string()));
            }
            finish_loading(stores, generation, Vec::new(), emit);
        }
        Effect::Import { generation, paths } => {
            let mut warnings = Vec::new();
            let result = ingest::stream_paths(&paths, &mut |batch| {
                warnings.extend(batch.warnings);
                if batch.articles.is_empty() {
                    return;
                }
                let imported = stores.writer().import(&batch.articles);
                match imported.and_then(|stats| {
                    let reader = stores.reader();
                    stats.ids.iter().map(|&id| reader.row(id)).collect()
                }) {
                    Ok(rows) => emit(Action::Rows { generation, rows }),
                    Err(e) => warnings.push(e.to_string()),
                }
            });
            if let Err(e) = result {
                warnings.push(e.to_string());
            }
            finish_loading(stores, generation, warnings, emit);
        }
        Effect::Apply {
            change,
            stack,
            label,
        } => {
            let result = stores.writer().apply(&change);
            match result {
                Ok(inverse) => {
                    let counts = stores.reader().counts().unwrap_or_default();
                    emit(Action::Applied {
                        change,
                        inverse,
                        stack,
                        label,
                        counts,
                    });
                }
                Err(e) => emit(Action::Failed(e.to_string())),
            }
        }
        Effect::LoadTags => match stores.reader().tags() {
            Ok(tags) => emit(Action::Tags(tags.into_iter().map(|(t, _)| t).collect())),
            Err(e) => emit(Action::Failed(e.to_string())),
        },
        Effect::LoadNote { id } => match stores.reader().note(id) {
            Ok(note) => emit(Action::NoteLoaded { id, note }),
            Err(e) => {
                emit(Action::Failed(e.to_string()));
                // The prompt stops waiting for it (keys are held until then).
                emit(Action::NoteLoaded { id, note: None });
            }
        },
        Effect::IndexFacts { ids } => index_facts(&ids, stores, emit),
        Effect::BodyScan {
            generation,
            terms,
            ids,
            cancel,
        } => scan_bodies(generation, &terms, &ids, &cancel, stores, emit),
        // The writing connection's version: the reader's would change with this dashboard's
        // own triage too. Never waits for a busy writer; the next tick asks again.
        Effect::CheckStore => {
            if let Ok(store) = stores.writes().try_lock() {
                if let Ok(version) = store.data_version() {
                    emit(Action::StoreVersion(version));
                }
            }
        }
        Effect::LoadFeeds => match stores.reader().feeds() {
            Ok(states) => emit(Action::FeedStates(states)),
            Err(e) => emit(Action::Failed(e.to_string())),
        },
        Effect::Refresh { subs, http, cancel } => refresh(stores, subs, http, &cancel, emit),
        Effect::FullText { id, http } => {
            let result = crate::net::refresh::full_text(stores.writes(), http, id);
            emit(Action::FullText { id, result });
        }
        Effect::Suspend => {}
    }
}

/// A refresh: each feed's report goes to the dashboard with the feed's new state and the
/// rows of the articles it brought, as soon as that feed is stored.
fn refresh(
    stores: &Stores,
    subs: Vec<crate::model::Subscription>,
    http: crate::net::HttpConfig,
    cancel: &AtomicBool,
    emit: &mut dyn FnMut(Action),
) {
    use crate::net::refresh::{self, Outcome};
    let jobs = refresh::jobs(&mut stores.writer(), &subs);
    let jobs = match jobs {
        Ok(jobs) => jobs,
        Err(e) => {
            emit(Action::Failed(format!("refresh: {e}")));
            emit(Action::RefreshDone(refresh::Summary::default()));
            return;
        }
    };
    let summary = refresh::run(stores.writes(), http, jobs, cancel, |report| {
        let mut rows = Vec::new();
        if let Outcome::Stored { added, .. } = &report.outcome {
            // A batch at a time, so opening an article never waits long behind a big feed.
            for batch in added.chunks(ROWS_BATCH) {
                let reader = stores.reader();
                rows.extend(batch.iter().filter_map(|&id| reader.row(id).ok()));
            }
        }
        let reader = stores.reader();
        let counts = (!rows.is_empty()).then(|| reader.counts().ok()).flatten();
        let state = reader.feed(&report.url).ok().flatten();
        drop(reader);
        emit(Action::FeedDone(Box::new(app::FeedDone::new(
            report, state, rows, counts,
        ))));
    });
    emit(Action::RefreshDone(summary));
}

/// Articles indexed per message while the entity index is built.
const INDEX_BATCH: usize = 250;

fn index_facts(ids: &[i64], stores: &Stores, emit: &mut dyn FnMut(Action)) {
    for chunk in ids.chunks(INDEX_BATCH) {
        let entries = stores
            .cached_or_extract(chunk, &[], &FACTS)
            .into_iter()
            .map(|(id, facts)| (id, facts.entity_keys()))
            .collect();
        emit(Action::Indexed(entries));
    }
}

/// Bodies read under the reader's lock at a time: few enough that opening an article never
/// waits long behind a scan.
const BODY_BATCH: usize = 64;

/// A `body:` scan: the bodies are read a batch at a time and folded outside the lock; each
/// batch reports which of its articles hold every term. A body that cannot be read does not
/// match. Stops when cancelled (a newer `body:` query).
fn scan_bodies(
    generation: u64,
    terms: &[String],
    ids: &[i64],
    cancel: &AtomicBool,
    stores: &Stores,
    emit: &mut dyn FnMut(Action),
) {
    use std::sync::atomic::Ordering;
    for chunk in ids.chunks(BODY_BATCH) {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let bodies: Vec<(i64, crate::store::Result<String>)> = {
            let reader = stores.reader();
            chunk.iter().map(|&id| (id, reader.body_text(id))).collect()
        };
        let matched = bodies
            .into_iter()
            .filter(|(_, body)| body.as_ref().is_ok_and(|b| search::body_holds(b, terms)))
            .map(|(id, _)| id)
            .collect();
        emit(Action::BodiesScanned {
            generation,
            matched,
            scanned: chunk.len(),
        });
    }
}

/// Rows sent to the dashboard at a time while a view streams in.
const ROWS_BATCH: usize = 2000;

fn finish_loading(
    stores: &Stores,
    generation: u64,
    warnings: Vec<String>,
    emit: &mut dyn FnMut(Action),
) {
    let counts = stores.reader().counts().unwrap_or_default();
    emit(Action::Loaded {
        generation,
        warnings,
        counts,
    });
}

/// Runs effects at once on this thread: for tests and headless use, where waiting for a
/// worker would only add nondeterminism. Suspend is ignored.
pub fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        let stores = app.stores.clone();
        let mut actions = Vec::new();
        for e in effects {
            perform(e, &stores, &mut |a| actions.push(a));
        }
        for a in actions {
            app::update(app, a);
        }
    }
}

/// Kinds of job where only the newest matters: while one runs, a newer request waits in the
/// kind's one slot and replaces any request already waiting there (moving fast through the
/// list lays out the article it stops on, not every one it passed). Every other effect (a
/// triage commit, an import, a refresh) runs as it comes and is never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Layout,
    Filter,
    View,
    BodyScan,
}

impl Slot {
    pub fn of(effect: &Effect) -> Option<Slot> {
        match effect {
            Effect::Layout { .. } => Some(Slot::Layout),
            Effect::Filter { .. } => Some(Slot::Filter),
            Effect::LoadView { .. } => Some(Slot::View),
            Effect::BodyScan { .. } => Some(Slot::BodyScan),
            _ => None,
        }
    }
}

/// The jobs in flight on the blocking pool: one running job per [`Slot`] kind at most, and
/// its latest-wins waiting request.
pub struct Jobs {
    running: std::collections::HashSet<Slot>,
    waiting: std::collections::HashMap<Slot, Effect>,
    done_tx: tokio::sync::mpsc::UnboundedSender<Slot>,
    done_rx: tokio::sync::mpsc::UnboundedReceiver<Slot>,
}

impl Default for Jobs {
    fn default() -> Self {
        let (done_tx, done_rx) = tokio::sync::mpsc::unbounded_channel();
        Jobs {
            running: Default::default(),
            waiting: Default::default(),
            done_tx,
            done_rx,
        }
    }
}

impl Jobs {
    /// Starts `effect`, or puts it in its kind's slot if one of its kind is running.
    pub fn submit(
        &mut self,
        effect: Effect,
        stores: &Stores,
        tx: &tokio::sync::mpsc::UnboundedSender<Action>,
    ) {
        let slot = Slot::of(&effect);
        if let Some(s) = slot {
            if self.running.contains(&s) {
                self.waiting.insert(s, effect);
                return;
            }
            self.running.insert(s);
        }
        let tx = tx.clone();
        let done = self.done_tx.clone();
        let stores = stores.clone();
        tokio::task::spawn_blocking(move || {
            perform(effect, &stores, &mut |action| {
                let _ = tx.send(action);
            });
            if let Some(s) = slot {
                let _ = done.send(s);
            }
        });
    }

    /// Waits until a slotted job ends.
    pub async fn finished(&mut self) -> Slot {
        match self.done_rx.recv().await {
            Some(s) => s,
            // Never: `self` holds a sender.
            None => std::future::pending().await,
        }
    }

    /// A job of `slot`'s kind ended: the request waiting there, if any, starts now.
    pub fn start_waiting(
        &mut self,
        slot: Slot,
        stores: &Stores,
        tx: &tokio::sync::mpsc::UnboundedSender<Action>,
    ) {
        self.running.remove(&slot);
        if let Some(next) = self.waiting.remove(&slot) {
            self.submit(next, stores, tx);
        }
    }

    /// How many requests wait behind a running job (for tests).
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}
