//! The worker: does the effects `update` asks for (see [`crate::ui::app::Effect`]) on a
//! thread of the blocking pool, or at once for tests and tools ([`settle`]), and reports
//! each result back as actions.

use super::app::{self, Action, App, Effect};
use crate::facts::{extract_article, Facts, EXTRACTOR_VERSION};
use crate::ingest;
use crate::page::{layout_progressively, Annotations};
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
            // The tags and the note show with the article; a store that cannot give them
            // still shows the article. The reader is let go before the layout.
            let (article, notes) = {
                let reader = stores.reader();
                let note = reader.note_entry(key.article).ok().flatten();
                let notes = Annotations {
                    tags: reader.row(key.article).map(|r| r.tags).unwrap_or_default(),
                    note_author: note.as_ref().and_then(|n| n.author.clone()),
                    note: note.map(|n| n.text),
                };
                (reader.article(key.article), notes)
            };
            match article {
                Ok(article) => {
                    let article = Arc::new(article);
                    let width = key.width_cells as usize;
                    let mut doc = layout_progressively(
                        &article,
                        &notes,
                        width,
                        key.mode,
                        first_rows,
                        &mut |d| emit(Action::DocReady(key, Arc::new(d))),
                    );
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
            ids,
            newest,
            cancel,
        } => {
            let within = within.as_deref().map(Vec::as_slice);
            let asked = Asked { ids: &ids, newest };
            let job = FilterJob {
                stores,
                haystacks: &haystacks,
                query: &query,
                cancel: &cancel,
            };
            filter(&job, within, asked, &mut |hits, last| {
                emit(if last {
                    Action::FilterReady { generation, hits }
                } else {
                    Action::FilterPreview { generation, hits }
                })
            });
        }
        Effect::BuildIndex => {
            let step = stores.writer().index_pending(BUILD_BATCH);
            match step {
                Ok(p) => emit(Action::IndexBuilt {
                    done: p.done,
                    left: p.left,
                }),
                // A read-only store cannot be indexed; it says so in the status bar already.
                Err(crate::store::Error::ReadOnly { .. }) => {}
                Err(e) => emit(Action::Failed(format!("full-text index: {e}"))),
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
        Effect::Import {
            generation,
            paths,
            ignore,
        } => {
            let mut warnings = Vec::new();
            let mut ignored = 0;
            // A site's newest stored articles count as pages of it, as in `akhbar import`,
            // so its furniture is known even when one of its pages is opened alone.
            let mut earlier = |group: &str| {
                stores
                    .reader()
                    .recent_of_site(group, ingest::EARLIER_PER_SITE)
                    .unwrap_or_default()
            };
            let result = ingest::stream_paths_after(&paths, Some(&mut earlier), &mut |batch| {
                warnings.extend(batch.warnings);
                if batch.articles.is_empty() {
                    return;
                }
                let imported = {
                    let mut writer = stores.writer();
                    writer.import(&batch.articles).inspect(|stats| {
                        // Archived before the rows are read, so they arrive archived.
                        match ignore.apply(&mut writer, &stats.added_ids) {
                            Ok(done) => ignored += done.total(),
                            Err(e) => warnings.push(format!("ignore rules: {e}")),
                        }
                    })
                };
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
            if ignored > 0 {
                warnings.push(format!("{ignored} archived by ignore rules"));
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
        Effect::LoadTagCounts => match stores.reader().tags() {
            Ok(tags) => emit(Action::TagCounts(tags)),
            Err(e) => emit(Action::Failed(e.to_string())),
        },
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
        Effect::Snippets {
            generation,
            ids,
            marked,
        } => {
            let store = stores.reader();
            let found = ids
                .into_iter()
                .map(|id| {
                    let snip = store.article(id).ok().and_then(|a| {
                        let paras: Vec<&str> =
                            a.paragraphs.iter().map(|p| p.text.as_str()).collect();
                        crate::search::rank::snippet(&paras, &marked)
                    });
                    (id, snip)
                })
                .collect();
            emit(Action::Snippets { generation, found });
        }
        // The writing connection's version: the reader's would change with this dashboard's
        // own triage too. Never waits for a busy writer; the next tick asks again.
        Effect::CheckStore => {
            let Ok(store) = stores.writes().try_lock() else {
                return emit(Action::StoreBusy);
            };
            match store.data_version() {
                Ok(version) => emit(Action::StoreVersion(version)),
                // The server went away: said until a check finds it back.
                Err(crate::store::Error::Unavailable { store, message }) => emit(
                    Action::StoreAway(format!("{} ({store}: {message})", app::RECONNECTING)),
                ),
                Err(_) => {}
            }
        }
        Effect::LoadFeeds => {
            match stores.reader().feeds() {
                Ok(states) => emit(Action::FeedStates(states)),
                Err(e) => emit(Action::Failed(e.to_string())),
            }
            if let Ok(counts) = stores.reader().ignored_counts() {
                emit(Action::IgnoredCounts(counts));
            }
        }
        Effect::Refresh {
            subs,
            http,
            ignore,
            cancel,
        } => refresh(stores, subs, http, &ignore, &cancel, emit),
        Effect::FullText { id, http } => {
            let result = crate::net::refresh::full_text(stores.writes(), http, id);
            emit(Action::FullText { id, result });
        }
        Effect::Suspend => {}
        Effect::OpenLink { url } => {
            if let Err(e) = crate::ui::open::open_link(&url) {
                emit(Action::Failed(e));
            }
        }
        Effect::Mentions { name, ids, until } => {
            let dates: Vec<chrono::NaiveDate> = {
                let reader = stores.reader();
                ids.iter()
                    .filter_map(|&id| reader.row(id).ok().and_then(|r| r.date))
                    .collect()
            };
            let per_day = crate::ui::app::spark::per_day(dates, until);
            emit(Action::Mentions(crate::ui::app::spark::Mentions {
                name,
                per_day,
                until: Some(until),
            }));
        }
        // Only a screen can copy; without one (tests, tools) there is nothing to do.
        Effect::Copy { .. } => {}
    }
}

/// A refresh: each feed's report goes to the dashboard with the feed's new state and the
/// rows of the articles it brought, as soon as that feed is stored.
fn refresh(
    stores: &Stores,
    subs: Vec<crate::model::Subscription>,
    http: crate::net::HttpConfig,
    ignore: &crate::ignore::Rules,
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
    let summary = refresh::run(stores.writes(), http, jobs, ignore, cancel, |report| {
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
    if summary.ignored > 0 {
        if let Ok(counts) = stores.reader().ignored_counts() {
            emit(Action::IgnoredCounts(counts));
        }
    }
    emit(Action::RefreshDone(summary));
}

/// Articles put in the full-text index per transaction while an older store is indexed in
/// the background: the writer is held that long, so triage never waits long behind it.
const BUILD_BATCH: usize = 500;

/// What the index is asked about the list: the store id of each haystack and the list's
/// newest date.
struct Asked<'a> {
    ids: &'a [i64],
    newest: Option<chrono::NaiveDate>,
}

/// Index hits the dashboard's first page is drawn from: the newest stored that match,
/// ranked among themselves. A screenful of the list is about 20 hits; more make it likelier
/// that the first page is already the whole list's.
pub const PREVIEW_HITS: usize = 256;

/// What a filter job works on.
struct FilterJob<'a> {
    stores: &'a Stores,
    haystacks: &'a search::Chunks,
    query: &'a search::query::Query,
    cancel: &'a AtomicBool,
}

/// The filter job: a query with words asks the full-text index and ranks its hits above
/// word-start fuzzy titles ([`search::rank::combine`]); one without is the fuzzy pass alone.
/// Scores go to the list as thousandths. Each list goes to `send` with whether it is the
/// last; nothing is sent once cancelled.
///
/// Ranking every hit of a word in half the bodies takes the index longer than a frame (its
/// BM25 scores each one), so a query with words first sends the [`PREVIEW_HITS`] newest
/// stored hits, ranked exactly as the whole list ranks them among themselves
/// ([`search::rank::rank_text`]; a cheap question: the index walks its hits from the last
/// stored and scores only those). The whole ranking follows in the same job, unless the
/// first page already held every hit and the query has no fuzzy part: then it is the list.
fn filter(
    job: &FilterJob,
    within: Option<&[usize]>,
    asked: Asked,
    send: &mut dyn FnMut(Vec<search::Hit>, bool),
) {
    use std::sync::atomic::Ordering;
    let FilterJob {
        stores,
        haystacks,
        query,
        cancel,
    } = *job;
    let Asked { ids, newest } = asked;
    let plan = search::plan::Plan::new(query.clone());
    let text = plan.text_query();
    if text.is_empty() {
        if let Some(hits) = search::filter_within(haystacks, query, within, cancel) {
            send(hits, true);
        }
        return;
    }
    let as_hits = |ranked: Vec<search::rank::Ranked>| -> Vec<search::Hit> {
        ranked
            .into_iter()
            .map(|r| search::Hit {
                index: r.index,
                score: (r.score * 1000.0) as i64,
            })
            .collect()
    };
    let first = stores
        .reader()
        .search_newest(&text, &plan.excluded_queries(), PREVIEW_HITS);
    if let Ok(first) = first {
        let complete = first.len() < PREVIEW_HITS;
        let answer = search::rank::IndexAnswer {
            hits: places(ids, first),
            newest,
            ..Default::default()
        };
        let Some(ranked) = search::rank::rank_text(haystacks, &plan, &answer, cancel) else {
            return;
        };
        if complete && !plan.has_fuzzy() {
            send(as_hits(ranked), true);
            return;
        }
        send(as_hits(ranked), false);
    }
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    let index_of: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let reader = stores.reader();
    let answer = search::rank::ask(
        &plan,
        newest,
        &|id| index_of.get(&id).copied(),
        &mut |q| reader.search_text(q),
        &mut |q| reader.search_ids(q),
    );
    drop(reader);
    // An index that cannot be read leaves the fuzzy pass, held to the `title:` and `body:`
    // clauses it cannot check (none pass).
    let answer = answer.unwrap_or_else(|_| search::rank::IndexAnswer {
        scoped: (!plan.scoped_query().is_empty()).then(Default::default),
        ..Default::default()
    });
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    if let Some(ranked) = search::rank::combine(haystacks, &plan, &answer, cancel) {
        send(as_hits(ranked), true);
    }
}

/// The list places of a few store ids (those the list holds), for hits given by id: one pass
/// over the list's ids, each checked against the few by their range and a binary search.
fn places(ids: &[i64], hits: Vec<(i64, f64)>) -> Vec<(usize, f64)> {
    let mut wanted: Vec<(i64, f64)> = hits;
    wanted.sort_unstable_by_key(|&(id, _)| id);
    let (Some(lo), Some(hi)) = (wanted.first().map(|h| h.0), wanted.last().map(|h| h.0)) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(wanted.len());
    for (i, &id) in ids.iter().enumerate() {
        if id < lo || id > hi {
            continue;
        }
        if let Ok(at) = wanted.binary_search_by_key(&id, |h| h.0) {
            out.push((i, wanted[at].1));
        }
    }
    out
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

/// A `body:` clause: one question to the full-text index, which articles of `ids` hold
/// every term in their bodies (no body is read).
fn scan_bodies(
    generation: u64,
    terms: &[String],
    ids: &[i64],
    cancel: &AtomicBool,
    stores: &Stores,
    emit: &mut dyn FnMut(Action),
) {
    use std::sync::atomic::Ordering;
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    let q = search::plan::body_query(terms);
    let found: std::collections::HashSet<i64> = match stores.reader().search_ids(&q) {
        Ok(found) => found.into_iter().collect(),
        Err(e) => {
            emit(Action::Failed(format!("full-text index: {e}")));
            Default::default()
        }
    };
    let matched = ids
        .iter()
        .copied()
        .filter(|id| found.contains(id))
        .collect();
    emit(Action::BodiesScanned {
        generation,
        matched,
        scanned: ids.len(),
    });
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

/// Runs `effects` at once on this thread, and the effects of the actions that answer them,
/// until none is left: for tests and headless use, where waiting for a worker would only add
/// nondeterminism. Suspend is ignored.
pub fn settle(app: &mut App, mut effects: Vec<Effect>) {
    let stores = app.stores.clone();
    while !effects.is_empty() {
        let mut actions = Vec::new();
        for e in effects {
            perform(e, &stores, &mut |a| actions.push(a));
        }
        effects = actions
            .into_iter()
            .flat_map(|a| app::update(app, a).effects)
            .collect();
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
    Snippets,
}

impl Slot {
    pub fn of(effect: &Effect) -> Option<Slot> {
        match effect {
            Effect::Layout { .. } => Some(Slot::Layout),
            Effect::Filter { .. } => Some(Slot::Filter),
            Effect::LoadView { .. } => Some(Slot::View),
            Effect::BodyScan { .. } => Some(Slot::BodyScan),
            Effect::Snippets { .. } => Some(Slot::Snippets),
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
