//! The dashboard's state and the one function that changes it, [`update`]. Drawing reads the
//! state and never mutates it; background work (see [`Effect`] and [`super::worker`]) comes back as actions.

use super::keymap::{Command, Keymap};
use super::layout::{self, Areas, Pane};
use super::theme::Theme;
use crate::page::{Doc, DocKey, TextMode};
use crate::search::plan::{Marks, Plan};
use crate::search::query;
use crate::search::{Hit, Keys, KeysBuilder};
use crate::store::Shared as Stores;
use crate::store::{Change, Counts, Row, View};
pub use action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
pub use feeds::{FeedDone, Feeds, Progress};
use ratatui::layout::{Position, Rect};
pub use reading::fact_group;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tui_textarea::TextArea;

/// A line for the status bar that stays until the next key press.
#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// What the list holds: a view of the whole store, or exactly the articles of the paths
/// given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    View(View),
    Paths,
}

pub struct App {
    pub(in crate::ui) stores: Stores,
    /// The rows loaded, in store order (newest first); `visible` indexes them.
    pub(in crate::ui) rows: Vec<Row>,
    /// Store id -> position in `rows`.
    row_of: HashMap<i64, usize>,
    haystacks: Arc<Vec<Arc<Keys>>>,
    pub(in crate::ui) scope: Scope,
    /// What the dashboard knows of other programs' writes to the store.
    pub(in crate::ui) watch: watch::Watch,
    /// Rows are still arriving.
    pub(in crate::ui) loading: bool,
    load_generation: u64,
    pub(in crate::ui) counts: Counts,
    /// Positions in `rows` that the filter shows, in display order.
    pub(in crate::ui) visible: Vec<usize>,
    /// Position in `visible` of the selected row.
    pub(in crate::ui) selected: usize,
    /// First row of `visible` shown in the list pane.
    pub(in crate::ui) list_offset: usize,
    pub(in crate::ui) focus: Pane,
    /// The filter line has the keyboard.
    pub(in crate::ui) filtering: bool,
    pub(in crate::ui) filter: TextArea<'static>,
    /// The query `visible` was computed for, as typed and as parsed.
    pub(in crate::ui) query: String,
    /// The marks and quotes of the article on screen, by block (see `marks::BlockMarks`).
    pub(in crate::ui) block_marks: marks::BlockMarks,
    pub(in crate::ui) plan: Plan,
    /// The text matches of `parsed` (before triage clauses), for narrowing the next query.
    last_hits: Option<Arc<Vec<usize>>>,
    filter_generation: u64,
    filter_cancel: Option<Arc<AtomicBool>>,
    /// The first page of hits shown while the whole list is ranked (see `filter_preview`).
    first_page: Option<filtering::Preview>,
    /// The article (store id) the reader shows and its scroll offset in rows.
    pub(in crate::ui) reader_article: Option<i64>,
    pub(in crate::ui) reader_scroll: usize,
    /// The line of the last mark `n`/`N` went to.
    mark_line: Option<usize>,
    docs: HashMap<DocKey, Arc<Doc>>,
    pending_doc: Option<DocKey>,
    /// The facts pane at widths where it is optional.
    pub(in crate::ui) facts_shown: bool,
    /// The entity selected in the facts pane (in its display order); its mentions are
    /// highlighted in the reader while the facts pane has focus.
    pub(in crate::ui) fact_selected: usize,
    /// The reader follows the selection in the list (off: only Enter changes it).
    pub(in crate::ui) preview: bool,
    /// The help overlay, with its scroll offset.
    pub(in crate::ui) help: Option<usize>,
    /// Which page of help is shown (see [`help::PAGES`]).
    pub(in crate::ui) help_page: usize,
    /// A triage prompt (tag, note, confirmation) that has the keyboard.
    pub(in crate::ui) prompt: Option<Prompt>,
    /// The article whose note is being read for the note prompt.
    pub(super) note_pending: Option<i64>,
    /// `;` was pressed: the next triage key acts on every article the filter shows.
    pub(in crate::ui) bulk: bool,
    /// Inverses of the changes made, newest last; redo holds the inverses of undos.
    pub(super) undo: Vec<undo::Undoable>,
    pub(super) redo: Vec<undo::Undoable>,
    /// Tags in the store, for completion in the tag prompt.
    pub(in crate::ui) tags: Vec<String>,
    /// Folded entity key -> the articles that mention it; built in the background.
    entity_index: HashMap<String, Vec<i64>>,
    /// Articles indexed so far, and how many were asked for.
    pub(in crate::ui) indexed: (usize, usize),
    index_started: bool,
    /// The full-text index built in the background for a store older than it: (indexed,
    /// total); `None` before it was looked at, `Some` with indexed == total once done.
    pub(in crate::ui) text_index: Option<(usize, usize)>,
    /// Build the index as soon as a load ends (the dashboard), or only when a `fact:`
    /// filter first needs it (tests and tools).
    pub(in crate::ui) index_eagerly: bool,
    /// The articles a `fact:` clause of the query admits, recomputed as the index grows.
    fact_ids: Option<std::collections::HashSet<i64>>,
    /// The articles a `body:` clause admits, found by a scan of the bodies in the store.
    pub(in crate::ui) body: body::BodyScan,
    /// The body snippets of the hits on screen.
    snippets: snippets::Snippets,
    pub(in crate::ui) message: Option<Message>,
    pub(in crate::ui) size: Rect,
    pub(in crate::ui) theme: Theme,
    pub(in crate::ui) keymap: Keymap,
    pub(in crate::ui) mode: TextMode,
    pub(in crate::ui) quit: bool,
    pub(super) effects: Vec<Effect>,
    /// Subscriptions, their state, the feeds view and a refresh in progress.
    pub(in crate::ui) feeds: feeds::Feeds,
    /// Rows were added out of the store's order (by a refresh): the unfiltered list sorts.
    rows_unsorted: bool,
    /// Short texts the panes paint, laid out once (see [`lines`]).
    lines: lines::Lines,
    /// The newest date of the rows loaded: where the facts sparkline ends.
    newest: Option<chrono::NaiveDate>,
    /// The selected fact's mentions per day, and what was last asked for (name, articles
    /// indexed then).
    mentions: Option<spark::Mentions>,
    mentions_asked: Option<(String, usize)>,
}

mod access;
mod action;
mod body;
mod editing;
mod effect;
mod feeds;
mod filtering;
pub mod help;
pub mod lines;
mod links;
pub mod marks;
mod navigate;
mod reading;
mod snippets;
pub mod spark;
mod tagview;
mod triage;
mod undo;
mod update;
mod watch;

pub use effect::{Effect, Stack};
pub use triage::Prompt;
pub use update::{update, Update};
pub use watch::RECONNECTING;

/// Cached layouts kept at most; a resize or a mode switch makes the rest stale anyway.
const DOC_CACHE: usize = 32;

/// How `App::new` is set up.
pub struct Setup {
    pub theme: Theme,
    pub keymap: Keymap,
    pub mode: TextMode,
    pub facts_shown: bool,
    pub preview: bool,
    pub size: Rect,
    /// Shown in the status bar at start (load warnings and the like).
    pub message: Option<Message>,
    /// The subscriptions, the HTTP settings and the automatic refresh interval.
    pub feeds: Vec<crate::model::Subscription>,
    pub http: crate::net::HttpConfig,
    pub refresh_minutes: u32,
    /// The config's ignore rules that parsed.
    pub ignore: crate::ignore::Rules,
}

impl App {
    /// An empty dashboard on `stores`; rows arrive by [`App::load_view`] or
    /// [`App::import`].
    pub fn new(stores: Stores, setup: Setup) -> App {
        let filter = new_filter(&setup.theme);
        App {
            stores,
            rows: Vec::new(),
            row_of: HashMap::new(),
            haystacks: Arc::new(Vec::new()),
            scope: Scope::View(View::default()),
            watch: watch::Watch::default(),
            loading: false,
            load_generation: 0,
            counts: Counts::default(),
            visible: Vec::new(),
            selected: 0,
            list_offset: 0,
            focus: Pane::List,
            filtering: false,
            filter,
            query: String::new(),
            block_marks: marks::BlockMarks::default(),
            plan: Plan::default(),
            last_hits: None,
            filter_generation: 0,
            filter_cancel: None,
            first_page: None,
            reader_article: None,
            reader_scroll: 0,
            mark_line: None,
            snippets: Default::default(),
            docs: HashMap::new(),
            pending_doc: None,
            facts_shown: setup.facts_shown,
            fact_selected: 0,
            preview: setup.preview,
            help: None,
            help_page: 0,
            prompt: None,
            note_pending: None,
            bulk: false,
            undo: Vec::new(),
            redo: Vec::new(),
            tags: Vec::new(),
            entity_index: HashMap::new(),
            indexed: (0, 0),
            index_started: false,
            text_index: None,
            index_eagerly: false,
            fact_ids: None,
            body: body::BodyScan::default(),
            message: setup.message,
            size: setup.size,
            theme: setup.theme,
            keymap: setup.keymap,
            mode: setup.mode,
            quit: false,
            effects: Vec::new(),
            feeds: Feeds {
                subs: setup.feeds,
                http: setup.http,
                refresh_minutes: setup.refresh_minutes,
                ignore: Arc::new(setup.ignore),
                ..Feeds::default()
            },
            rows_unsorted: false,
            lines: lines::Lines::default(),
            newest: None,
            mentions: None,
            mentions_asked: None,
        }
    }

    /// Empties the list and streams a view of the store into it.
    pub(in crate::ui) fn load_view(&mut self, view: View) {
        self.reset_rows(Scope::View(view));
        self.effects.push(Effect::LoadView {
            generation: self.load_generation,
            view,
        });
    }

    /// Empties the list and fills it with what the paths hold, imported into the store.
    /// With no paths the list waits for rows sent by the caller.
    pub(in crate::ui) fn import(&mut self, paths: Vec<std::path::PathBuf>) {
        self.reset_rows(Scope::Paths);
        if !paths.is_empty() {
            self.effects.push(Effect::Import {
                generation: self.load_generation,
                paths,
                ignore: Arc::clone(&self.feeds.ignore),
            });
        }
    }

    fn reset_rows(&mut self, scope: Scope) {
        self.load_generation += 1;
        self.last_hits = None;
        self.scope = scope;
        self.loading = true;
        self.rows.clear();
        self.rows_unsorted = false;
        self.row_of.clear();
        self.newest = None;
        self.mentions_asked = None;
        self.haystacks = Arc::new(Vec::new());
        self.visible.clear();
        self.selected = 0;
        self.list_offset = 0;
        self.follow_selection();
    }

    /// Whether keys go to a line editor (the filter line or a prompt) as text.
    pub fn line_editing(&self) -> bool {
        (self.filtering || self.prompt.is_some()) && self.help.is_none()
    }

    /// Whether input must wait: a view is loading and has not given its first rows yet (a
    /// key now would act on an empty list), or a note is still being read for its prompt
    /// (text typed now would be lost when the note arrives).
    pub fn holds_input(&self) -> bool {
        let view_pending = self.loading && self.rows.is_empty();
        view_pending || self.note_pending.is_some()
    }

    /// The generation of the rows being loaded: rows of an older one are stale.
    pub fn load_generation(&self) -> u64 {
        self.load_generation
    }

    pub fn areas(&self) -> Areas {
        layout::compute(self.size, self.focus, self.facts_shown)
    }

    /// The position in `rows` of the selected article.
    pub fn selected_article(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }

    pub fn row(&self, id: i64) -> Option<&Row> {
        self.row_of.get(&id).map(|&i| &self.rows[i])
    }

    pub(super) fn row_mut(&mut self, id: i64) -> Option<&mut Row> {
        self.row_of.get(&id).map(|&i| &mut self.rows[i])
    }

    /// The reader's layout, if it is ready for the current width and mode.
    pub fn doc(&self) -> Option<&Arc<Doc>> {
        self.docs.get(&self.doc_key()?)
    }

    fn doc_key(&self) -> Option<DocKey> {
        let article = self.reader_article?;
        // The facts pane shows the facts of the reader's document; where the reader is not on
        // screen (one pane at a time), the document is the one the reader would show.
        let areas = self.areas();
        let width = match areas.reader {
            Some(_) => layout::reader_text_width(&areas)?,
            None => layout::reader_text_width(&layout::compute(
                self.size,
                Pane::Reader,
                self.facts_shown,
            ))?,
        };
        Some(DocKey {
            article,
            width_cells: width,
            mode: self.mode,
        })
    }

    /// Rows the list pane shows at once (a hit with a snippet is two lines high).
    fn list_rows(&self) -> usize {
        let lines = self
            .areas()
            .list
            .map_or(1, |r| layout::inner(r).height.max(1) as usize);
        (lines / self.row_height()).max(1)
    }

    fn reader_rows(&self) -> usize {
        self.areas()
            .reader
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    /// After the selection, size or mode changed: keep the selection in view, point the
    /// reader at the selected article and ask for its layout if it is not cached.
    pub(super) fn follow_selection(&mut self) {
        if self.selected >= self.visible.len() {
            self.selected = self.visible.len().saturating_sub(1);
        }
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let max_offset = self.visible.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(max_offset);
        // Without preview the reader keeps the article last opened until another is opened.
        let article = self.selected_row().map(|r| r.id);
        let follows = self.preview || self.focus != Pane::List || self.reader_article.is_none();
        if follows && article != self.reader_article {
            self.reader_article = article;
            self.reader_scroll = 0;
            self.fact_selected = 0;
            self.mark_line = None;
        }
        self.request_doc();
    }

    fn request_doc(&mut self) {
        let Some(key) = self.doc_key() else {
            return;
        };
        let complete = self.docs.get(&key).is_some_and(|d| d.complete);
        if complete || self.pending_doc == Some(key) {
            return;
        }
        self.pending_doc = Some(key);
        self.effects.push(Effect::Layout {
            key,
            first_rows: self.reader_scroll + self.reader_rows(),
        });
    }

    /// What these articles show has changed: their cached layouts go, except the one on
    /// screen, which stays painted until its new layout replaces it.
    pub(super) fn relayout(&mut self, ids: &[i64]) {
        let current = self.doc_key();
        self.docs
            .retain(|k, _| Some(*k) == current || !ids.contains(&k.article));
        if let Some(key) = current.filter(|k| ids.contains(&k.article)) {
            self.pending_doc = Some(key);
            self.effects.push(Effect::Layout {
                key,
                first_rows: usize::MAX,
            });
        }
    }

    fn max_reader_scroll(&self) -> usize {
        let rows = self.reader_rows();
        self.doc().map_or(0, |d| d.lines.len().saturating_sub(rows))
    }

    /// Adds rows that arrived for the current load.
    fn append(&mut self, rows: Vec<Row>) {
        let mut chunk = KeysBuilder::with_capacity(rows.len());
        let start = self.rows.len();
        for row in rows {
            if self.row_of.contains_key(&row.id) {
                continue; // the same article twice in the given paths
            }
            self.row_of.insert(row.id, self.rows.len());
            self.newest = self.newest.max(row.date);
            chunk.push(&row.title, row.source.as_deref(), row.date, row.lang);
            self.rows.push(row);
        }
        if chunk.is_empty() {
            return;
        }
        let mut chunks = self.haystacks.as_ref().clone();
        chunks.push(Arc::new(chunk.finish()));
        self.haystacks = Arc::new(chunks);
        // New rows were never scored: the next query scans everything.
        self.last_hits = None;
        let new_ids = self.rows[start..].iter().map(|r| r.id).collect();
        self.scan_new_bodies(new_ids);
        if self.plan.is_empty() && self.filter_text().is_empty() {
            let shown: Vec<usize> = (start..self.rows.len())
                .filter(|&i| self.admits(&self.rows[i]))
                .collect();
            self.visible.extend(shown);
        } else {
            self.run_filter();
        }
        self.reselect_arrived();
        self.follow_selection();
    }

    fn doc_ready(&mut self, key: DocKey, doc: Arc<Doc>) {
        if !doc.complete {
            // The first screenful, ahead of the rest: show it unless the whole is here.
            self.docs.entry(key).or_insert(doc);
            return;
        }
        if self.pending_doc == Some(key) {
            self.pending_doc = None;
        }
        if self.docs.len() >= DOC_CACHE {
            self.docs.clear();
        }
        self.docs.insert(key, doc);
        self.reader_scroll = self.reader_scroll.min(self.max_reader_scroll());
    }

    pub(super) fn say(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    fn rows_arrived(&mut self, generation: u64, rows: Vec<Row>) {
        if generation == self.load_generation {
            self.append(rows);
        }
    }

    fn loaded(&mut self, generation: u64, warnings: Vec<String>, counts: Counts) {
        if generation != self.load_generation {
            return;
        }
        self.loading = false;
        self.counts = counts;
        self.index_started = false;
        if self.index_eagerly {
            self.start_index();
        }
        if let Some(text) = warnings_line(&warnings) {
            self.message = Some(Message { text, error: true });
        }
        if let Some(previous) = self.watch.reselect.take() {
            self.reselect(Some(previous));
        }
        self.follow_selection();
        if self.text_index.is_none() {
            self.text_index = Some((0, 0));
            self.effects.push(Effect::BuildIndex);
        }
    }

    /// A batch of the background index build: the next one is asked for while articles
    /// wait; when the last is in, the query in force is asked again (it may find more).
    fn index_built(&mut self, done: usize, left: usize) {
        let (indexed, total) = self.text_index.unwrap_or((0, 0));
        let indexed = indexed + done;
        let total = total.max(indexed + left);
        self.text_index = Some((indexed, total));
        if left > 0 && done > 0 {
            self.effects.push(Effect::BuildIndex);
        } else if indexed > 0 && !self.query.is_empty() {
            self.query.clear();
            self.run_filter();
        }
    }

    /// The background index build, while it runs: (indexed, total).
    pub fn text_index_building(&self) -> Option<(usize, usize)> {
        self.text_index.filter(|&(i, t)| i < t)
    }
}

/// Warnings as one status-bar line: the first, and how many more there are.
pub fn warnings_line(warnings: &[String]) -> Option<String> {
    let first = warnings.first()?;
    Some(match warnings.len() - 1 {
        0 => first.clone(),
        more => format!("{first} (and {more} more warnings)"),
    })
}

/// An empty one-line editor in the theme's colours.
pub(super) fn new_filter(theme: &Theme) -> TextArea<'static> {
    let mut filter = TextArea::default();
    filter.set_placeholder_text(
        "type to filter: words, \"phrase\", !not, source: is: tag: lang: after: before:",
    );
    filter.set_cursor_line_style(ratatui::style::Style::default());
    filter.set_style(theme.style("filter.text"));
    filter.set_placeholder_style(theme.style("filter.placeholder"));
    filter
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}
