//! The dashboard's state and the one function that changes it, [`update`]. Drawing reads the
//! state and never mutates it; background work (see [`super::effect`]) comes back as actions.

use super::doc::{Doc, DocKey, TextMode};
pub use super::effect::settle;
use super::effect::{Effect, Stack, Stores};
use super::keymap::{Command, Keymap};
use super::layout::{self, Areas, Pane};
use super::theme::Theme;
use super::triage::Prompt;
use crate::search::query::{self, Clause, Flag, Query};
use crate::search::{Haystack, Hit};
use crate::store::{Change, Counts, Row, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tui_textarea::TextArea;

/// Everything that can change the state. Key presses arrive as `Command`s or, while a line
/// editor has the keyboard, as raw `Key`s; the rest come from the terminal and from workers.
#[derive(Debug)]
pub enum Action {
    Command(Command),
    /// A key for the filter line or a prompt.
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A batch of list rows for the view (or import) of this generation.
    Rows {
        generation: u64,
        rows: Vec<Row>,
        done: bool,
    },
    /// A view or an import has finished loading.
    Loaded {
        generation: u64,
        warnings: Vec<String>,
        counts: Counts,
    },
    DocReady(DocKey, Arc<Doc>),
    FilterReady {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// A triage change is committed; `inverse` undoes it.
    Applied {
        change: Change,
        inverse: Change,
        stack: Stack,
        label: String,
        counts: Counts,
    },
    Tags(Vec<String>),
    NoteLoaded {
        id: i64,
        note: Option<String>,
    },
    /// Articles indexed by the entities they mention: (store id, folded entity keys).
    Indexed(Vec<(i64, Vec<String>)>),
    /// Background work failed; the message is one line.
    Failed(String),
    /// A signal (SIGTERM, SIGHUP) or the end of input: leave now.
    Quit,
}

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
    pub stores: Stores,
    /// The rows loaded, in store order (newest first); `visible` indexes them.
    pub rows: Vec<Row>,
    /// Store id -> position in `rows`.
    row_of: HashMap<i64, usize>,
    haystacks: Arc<Vec<Arc<[Haystack]>>>,
    pub scope: Scope,
    /// Rows are still arriving.
    pub loading: bool,
    load_generation: u64,
    pub counts: Counts,
    /// Positions in `rows` that the filter shows, in display order.
    pub visible: Vec<usize>,
    /// Position in `visible` of the selected row.
    pub selected: usize,
    /// First row of `visible` shown in the list pane.
    pub list_offset: usize,
    pub focus: Pane,
    /// The filter line has the keyboard.
    pub filtering: bool,
    pub filter: TextArea<'static>,
    /// The query `visible` was computed for, as typed and as parsed.
    pub query: String,
    pub parsed: Query,
    /// The text matches of `parsed` (before triage clauses), for narrowing the next query.
    last_hits: Option<Arc<Vec<usize>>>,
    filter_generation: u64,
    filter_cancel: Option<Arc<AtomicBool>>,
    /// The article (store id) the reader shows and its scroll offset in rows.
    pub reader_article: Option<i64>,
    pub reader_scroll: usize,
    /// The line of the last mark `n`/`N` went to.
    mark_line: Option<usize>,
    docs: HashMap<DocKey, Arc<Doc>>,
    pending_doc: Option<DocKey>,
    /// The facts pane at widths where it is optional.
    pub facts_shown: bool,
    /// The entity selected in the facts pane (in its display order); its mentions are
    /// highlighted in the reader while the facts pane has focus.
    pub fact_selected: usize,
    /// The reader follows the selection in the list (off: only Enter changes it).
    pub preview: bool,
    /// The help overlay, with its scroll offset.
    pub help: Option<usize>,
    /// A triage prompt (tag, note, confirmation) that has the keyboard.
    pub prompt: Option<Prompt>,
    /// `;` was pressed: the next triage key acts on every article the filter shows.
    pub bulk: bool,
    /// Inverses of the changes made, newest last; redo holds the inverses of undos.
    pub(super) undo: Vec<Change>,
    pub(super) redo: Vec<Change>,
    /// Tags in the store, for completion in the tag prompt.
    pub tags: Vec<String>,
    /// Folded entity key -> the articles that mention it; built in the background.
    entity_index: HashMap<String, Vec<i64>>,
    /// Articles indexed so far, and how many were asked for.
    pub indexed: (usize, usize),
    index_started: bool,
    /// Build the index as soon as a load ends (the dashboard), or only when a `fact:`
    /// filter first needs it (tests and tools).
    pub index_eagerly: bool,
    /// The articles a `fact:` clause of the query admits, recomputed as the index grows.
    fact_ids: Option<std::collections::HashSet<i64>>,
    pub message: Option<Message>,
    pub size: Rect,
    pub theme: Theme,
    pub keymap: Keymap,
    pub mode: TextMode,
    pub quit: bool,
    pub(super) effects: Vec<Effect>,
}

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
            parsed: Query::default(),
            last_hits: None,
            filter_generation: 0,
            filter_cancel: None,
            reader_article: None,
            reader_scroll: 0,
            mark_line: None,
            docs: HashMap::new(),
            pending_doc: None,
            facts_shown: setup.facts_shown,
            fact_selected: 0,
            preview: setup.preview,
            help: None,
            prompt: None,
            bulk: false,
            undo: Vec::new(),
            redo: Vec::new(),
            tags: Vec::new(),
            entity_index: HashMap::new(),
            indexed: (0, 0),
            index_started: false,
            index_eagerly: false,
            fact_ids: None,
            message: setup.message,
            size: setup.size,
            theme: setup.theme,
            keymap: setup.keymap,
            mode: setup.mode,
            quit: false,
            effects: Vec::new(),
        }
    }

    /// Empties the list and streams a view of the store into it.
    pub fn load_view(&mut self, view: View) {
        self.reset_rows(Scope::View(view));
        self.effects.push(Effect::LoadView {
            generation: self.load_generation,
            view,
        });
    }

    /// Empties the list and fills it with what the paths hold, imported into the store.
    /// With no paths the list waits for rows sent by the caller.
    pub fn import(&mut self, paths: Vec<std::path::PathBuf>) {
        self.reset_rows(Scope::Paths);
        if !paths.is_empty() {
            self.effects.push(Effect::Import {
                generation: self.load_generation,
                paths,
            });
        }
    }

    fn reset_rows(&mut self, scope: Scope) {
        self.load_generation += 1;
        self.last_hits = None;
        self.scope = scope;
        self.loading = true;
        self.rows.clear();
        self.row_of.clear();
        self.haystacks = Arc::new(Vec::new());
        self.visible.clear();
        self.selected = 0;
        self.list_offset = 0;
        self.follow_selection();
    }

    /// The generation of the rows being loaded: rows of an older one are stale.
    pub fn load_generation(&self) -> u64 {
        self.load_generation
    }

    /// The effects asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
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
        let width = layout::reader_text_width(&self.areas())?;
        Some(DocKey {
            article,
            width_cells: width,
            mode: self.mode,
        })
    }

    /// Rows the list pane shows at once.
    fn list_rows(&self) -> usize {
        self.areas()
            .list
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
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

    fn max_reader_scroll(&self) -> usize {
        let rows = self.reader_rows();
        self.doc().map_or(0, |d| d.lines.len().saturating_sub(rows))
    }

    fn scroll_reader(&mut self, delta: isize) {
        // While only the first screenful is laid out, the end is not known yet.
        let max = match self.doc() {
            Some(d) if !d.complete => usize::MAX / 2,
            _ => self.max_reader_scroll(),
        };
        self.reader_scroll = self.reader_scroll.saturating_add_signed(delta).min(max);
    }

    fn move_selection(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow_selection();
    }

    /// Moves by `delta` in the focused pane: articles in the list, rows in the reader.
    fn step(&mut self, delta: isize) {
        match self.focus {
            Pane::List => self.move_selection(delta),
            Pane::Reader => self.scroll_reader(delta),
            Pane::Facts => {
                let n = self.entities_in_order().len();
                self.fact_selected = self
                    .fact_selected
                    .saturating_add_signed(delta)
                    .min(n.saturating_sub(1));
            }
        }
    }

    /// Which pane's key bindings apply now.
    pub fn key_context(&self) -> super::keymap::Context {
        match self.focus {
            Pane::List => super::keymap::Context::List,
            Pane::Reader => super::keymap::Context::Reader,
            Pane::Facts => super::keymap::Context::Facts,
        }
    }

    /// `n`/`N`: scrolls the reader to the next (or previous) line holding a mark, wrapping
    /// around at the ends, and says which mark of how many it is.
    fn jump_mark(&mut self, forward: bool) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        let Some(article) = doc.article.clone() else {
            return;
        };
        let lines: Vec<usize> = doc
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| super::marks::line_has(l, &super::marks::ranges(self, &article, l)))
            .map(|(i, _)| i)
            .collect();
        if lines.is_empty() {
            self.say("nothing marked in this article: filter, or pick a fact".into());
            return;
        }
        let here = self.mark_line;
        let next = if forward {
            let after = here.map_or(self.reader_scroll, |h| h + 1);
            lines.iter().position(|&i| i >= after).unwrap_or(0)
        } else {
            let before = here.unwrap_or(self.reader_scroll);
            lines
                .iter()
                .rposition(|&i| i < before)
                .unwrap_or(lines.len() - 1)
        };
        let line = lines[next];
        self.mark_line = Some(line);
        // Two rows of context above the mark.
        self.reader_scroll = line.saturating_sub(2).min(self.max_reader_scroll());
        self.say(format!("mark {} of {}", next + 1, lines.len()));
    }

    /// The reader's article's people, places and organizations in the order the facts pane
    /// lists them: by kind, then most mentioned first.
    pub fn entities_in_order(&self) -> Vec<&crate::facts::Entity> {
        let Some(facts) = self.doc().and_then(|d| d.facts.as_deref()) else {
            return Vec::new();
        };
        let mut order: Vec<&crate::facts::Entity> = facts.entities.iter().collect();
        order.sort_by_key(|e| e.kind);
        order
    }

    /// The mentions to highlight in the reader: the selected entity's, while the facts pane
    /// has focus.
    pub fn highlighted_entity(&self) -> Option<&crate::facts::Entity> {
        if self.focus != Pane::Facts {
            return None;
        }
        self.entities_in_order().get(self.fact_selected).copied()
    }

    fn page(&self, half: bool) -> isize {
        let rows = match self.focus {
            Pane::Reader => self.reader_rows(),
            _ => self.list_rows(),
        };
        let n = if half {
            rows / 2
        } else {
            rows.saturating_sub(1)
        };
        n.max(1) as isize
    }

    /// Shows the selected article in the reader and marks it read (committed to the store
    /// first; the mark shows when the commit is done).
    fn open(&mut self) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let (id, read) = (row.id, row.read);
        self.focus = Pane::Reader;
        if self.reader_article != Some(id) {
            self.reader_article = Some(id);
            self.reader_scroll = 0;
        }
        if !read {
            self.effects.push(Effect::Apply {
                change: Change::new(vec![id], crate::store::Op::Read(true)),
                stack: Stack::None,
                label: String::new(),
            });
        }
        self.follow_selection();
    }

    fn back(&mut self) {
        match self.focus {
            Pane::Reader | Pane::Facts => self.focus = Pane::List,
            Pane::List if !self.query.is_empty() => self.clear_filter(),
            Pane::List => {}
        }
        self.follow_selection();
    }

    /// The panes Tab moves through at this size.
    fn focusable(&self) -> Vec<Pane> {
        match layout::Mode::of(self.size) {
            layout::Mode::Medium if !self.facts_shown => vec![Pane::List, Pane::Reader],
            _ => vec![Pane::List, Pane::Reader, Pane::Facts],
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let panes = self.focusable();
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.focus = panes[next];
        self.follow_selection();
    }

    /// Adds rows that arrived for the current load.
    fn append(&mut self, rows: Vec<Row>) {
        let mut chunk = Vec::with_capacity(rows.len());
        let start = self.rows.len();
        for row in rows {
            if self.row_of.contains_key(&row.id) {
                continue; // the same article twice in the given paths
            }
            self.row_of.insert(row.id, self.rows.len());
            chunk.push(Haystack::new(
                &row.title,
                row.source.as_deref(),
                row.date,
                row.lang,
            ));
            self.rows.push(row);
        }
        if chunk.is_empty() {
            return;
        }
        let mut chunks = self.haystacks.as_ref().clone();
        chunks.push(chunk.into());
        self.haystacks = Arc::new(chunks);
        // New rows were never scored: the next query scans everything.
        self.last_hits = None;
        if self.parsed.is_empty() && self.filter_text().is_empty() {
            let shown: Vec<usize> = (start..self.rows.len())
                .filter(|&i| self.admits(&self.rows[i]))
                .collect();
            self.visible.extend(shown);
        } else {
            self.run_filter();
        }
        self.follow_selection();
    }

    fn filter_text(&self) -> String {
        self.filter.lines().join(" ")
    }

    /// Whether a row belongs in the list now: archived articles leave the views that hide
    /// them as soon as they are archived (and come back on undo); triage clauses of the
    /// query (`is:`, `tag:`) are checked here, where the triage state lives.
    pub(super) fn admits(&self, row: &Row) -> bool {
        let in_view = match self.scope {
            Scope::View(View::Archived) => row.archived,
            Scope::View(View::Unread) => !row.archived,
            Scope::View(View::Starred) => row.starred,
            Scope::View(View::All) | Scope::Paths => true,
        };
        in_view
            && self.parsed.clauses.iter().all(|c| match c {
                Clause::Is(Flag::Unread) => !row.read,
                Clause::Is(Flag::Read) => row.read,
                Clause::Is(Flag::Starred) => row.starred,
                Clause::Is(Flag::Archived) => row.archived,
                Clause::Tag(t) => row
                    .tags
                    .iter()
                    .any(|x| crate::text::fold_for_match(x).text.contains(t.as_str())),
                Clause::Fact(_) => self.fact_ids.as_ref().is_some_and(|s| s.contains(&row.id)),
                _ => true,
            })
    }

    /// The articles every `fact:` clause of the parsed query admits (an article must mention
    /// an entity whose name contains each value).
    fn compute_fact_ids(&mut self) {
        let values: Vec<String> = self
            .parsed
            .clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Fact(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        if values.is_empty() {
            self.fact_ids = None;
            return;
        }
        self.start_index();
        let mut result: Option<std::collections::HashSet<i64>> = None;
        for v in values {
            let ids: std::collections::HashSet<i64> = self
                .entity_index
                .iter()
                .filter(|(k, _)| k.contains(v.as_str()))
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect();
            result = Some(match result {
                Some(r) => r.intersection(&ids).copied().collect(),
                None => ids,
            });
        }
        self.fact_ids = result;
    }

    fn indexed_batch(&mut self, entries: Vec<(i64, Vec<String>)>) {
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
    fn start_index(&mut self) {
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
    fn filter_by_fact(&mut self) {
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

    fn start_filter(&mut self) {
        if self.filter_text() == self.query {
            return;
        }
        self.run_filter();
    }

    /// Starts a filter job for the query in the filter line; a running one is cancelled. A
    /// query that cannot be read keeps the list as it is and says why.
    pub(super) fn run_filter(&mut self) {
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
        if parsed.clauses.iter().any(|c| matches!(c, Clause::Body(_))) {
            self.message = Some(Message {
                text: "filter: body: is not searchable yet".into(),
                error: true,
            });
        }
        if let Some(c) = self.filter_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.filter_generation += 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.filter_cancel = Some(Arc::clone(&cancel));
        // A query that only adds to the one in force matches a subset of its hits.
        let within = match &self.last_hits {
            Some(hits) if !self.parsed.is_empty() && parsed.narrows(&self.parsed) => {
                Some(Arc::clone(hits))
            }
            _ => None,
        };
        self.effects.push(Effect::Filter {
            generation: self.filter_generation,
            query: parsed,
            haystacks: Arc::clone(&self.haystacks),
            within,
            cancel,
        });
    }

    pub(super) fn clear_filter(&mut self) {
        self.filter = new_filter(&self.theme);
        self.start_filter();
    }

    fn filter_key(&mut self, key: KeyEvent) {
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
            // One line only: a newline would make a second query line.
            KeyCode::Char('m' | 'j') if key.modifiers.contains(KeyModifiers::CONTROL) => {}
            _ => {
                self.filter.input(key);
                self.start_filter();
            }
        }
    }

    fn filter_ready(&mut self, generation: u64, hits: Vec<Hit>) {
        if generation != self.filter_generation {
            return; // a newer query has replaced this one
        }
        let previous = self.selected_row().map(|r| r.id);
        self.query = self.filter_text();
        self.parsed = query::parse(&self.query).unwrap_or_default();
        self.compute_fact_ids();
        let matched: Vec<usize> = hits.into_iter().map(|h| h.index).collect();
        self.visible = matched
            .iter()
            .copied()
            .filter(|&i| i < self.rows.len() && self.admits(&self.rows[i]))
            .collect();
        self.last_hits = Some(Arc::new(matched));
        self.reselect(previous);
        self.filter_cancel = None;
    }

    /// Recomputes which rows show (after triage changed what the view admits) without
    /// rescoring, keeping the selection on the same article where it survives.
    pub(super) fn refilter_triage(&mut self) {
        let previous = self.selected_row().map(|r| r.id);
        if self.parsed.is_empty() {
            self.visible = (0..self.rows.len())
                .filter(|&i| self.admits(&self.rows[i]))
                .collect();
            self.reselect(previous);
        } else {
            // Rows may come back (undo): score again.
            self.query.clear();
            self.run_filter();
        }
    }

    fn reselect(&mut self, previous: Option<i64>) {
        let at = self.selected;
        self.selected = previous
            .and_then(|p| self.visible.iter().position(|&i| self.rows[i].id == p))
            .unwrap_or(at.min(self.visible.len().saturating_sub(1)));
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

    fn mouse(&mut self, ev: MouseEvent) {
        let areas = self.areas();
        let at = Position::new(ev.column, ev.row);
        let pane = [
            (Pane::List, areas.list),
            (Pane::Reader, areas.reader),
            (Pane::Facts, areas.facts),
        ]
        .into_iter()
        .find_map(|(p, r)| r.filter(|r| r.contains(at)).map(|r| (p, r)));
        let Some((pane, rect)) = pane else {
            let click = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
            if click && areas.filter.contains(at) {
                self.filtering = true;
            }
            return;
        };
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.filtering = false;
                self.focus = pane;
                if pane == Pane::List {
                    let inner = layout::inner(rect);
                    if inner.contains(at) {
                        let row = self.list_offset + (ev.row - inner.y) as usize;
                        if row < self.visible.len() {
                            self.selected = row;
                        }
                    }
                }
                self.follow_selection();
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if ev.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                match pane {
                    Pane::List => self.move_selection(delta),
                    Pane::Reader => self.scroll_reader(delta),
                    Pane::Facts => {}
                }
            }
            _ => {}
        }
    }

    fn command(&mut self, c: Command) {
        if let Some(offset) = self.help {
            match c {
                Command::Help | Command::Back | Command::Quit => self.help = None,
                Command::Down => self.help = Some(offset + 1),
                Command::Up => self.help = Some(offset.saturating_sub(1)),
                Command::Top => self.help = Some(0),
                Command::Suspend => self.effects.push(Effect::Suspend),
                _ => {}
            }
            return;
        }
        if self.bulk && !c.takes_bulk() {
            self.bulk = false;
            self.say("bulk action cancelled".into());
            return;
        }
        match c {
            Command::Down => self.step(1),
            Command::Up => self.step(-1),
            Command::Top => self.step(isize::MIN / 2),
            Command::Bottom => self.step(isize::MAX / 2),
            Command::HalfPageDown => self.step(self.page(true)),
            Command::HalfPageUp => self.step(-self.page(true)),
            Command::PageDown => self.step(self.page(false)),
            Command::PageUp => self.step(-self.page(false)),
            Command::Open if self.focus == Pane::Facts => self.filter_by_fact(),
            Command::Open => self.open(),
            Command::Back => self.back(),
            Command::FocusNext => self.cycle_focus(true),
            Command::FocusPrev => self.cycle_focus(false),
            Command::Filter => self.filtering = true,
            Command::ToggleFacts => {
                self.facts_shown = !self.facts_shown;
                if !self.facts_shown && self.focus == Pane::Facts {
                    self.focus = Pane::Reader;
                }
                if self.facts_shown && layout::Mode::of(self.size) == layout::Mode::Narrow {
                    self.focus = Pane::Facts;
                }
                self.follow_selection();
            }
            Command::ToggleBidi => {
                self.mode.bidi = !self.mode.bidi;
                self.say(format!("bidi reordering {}", on_off(self.mode.bidi)));
                self.follow_selection();
            }
            Command::ToggleShaping => {
                self.mode.shaping = !self.mode.shaping;
                self.say(format!("Arabic shaping {}", on_off(self.mode.shaping)));
                self.follow_selection();
            }
            Command::Help => self.help = Some(0),
            Command::Suspend => self.effects.push(Effect::Suspend),
            Command::Quit => self.quit = true,
            Command::NextMatch => self.jump_mark(true),
            Command::PrevMatch => self.jump_mark(false),
            c => self.triage_command(c),
        }
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
        if let Some(w) = warnings.first() {
            let more = warnings.len() - 1;
            let text = if more > 0 {
                format!("{w} (and {more} more warnings)")
            } else {
                w.clone()
            };
            self.message = Some(Message { text, error: true });
        }
        self.follow_selection();
    }
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

/// The only place state changes. Returns whether the screen needs drawing again.
pub fn update(app: &mut App, action: Action) -> bool {
    match action {
        Action::Command(c) => {
            app.message = None;
            app.command(c);
        }
        Action::Key(k) => {
            app.message = None;
            if app.prompt.is_some() {
                app.prompt_key(k);
            } else {
                app.filter_key(k);
            }
        }
        Action::Mouse(m) => {
            if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) {
                return false;
            }
            app.mouse(m);
        }
        Action::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            if !app.focusable().contains(&app.focus) {
                app.focus = Pane::Reader;
            }
            app.follow_selection();
        }
        Action::Rows {
            generation, rows, ..
        } => app.rows_arrived(generation, rows),
        Action::Loaded {
            generation,
            warnings,
            counts,
        } => app.loaded(generation, warnings, counts),
        Action::DocReady(key, doc) => {
            let shown = app.doc_key() == Some(key);
            app.doc_ready(key, doc);
            return shown;
        }
        Action::FilterReady { generation, hits } => app.filter_ready(generation, hits),
        Action::Applied {
            change,
            inverse,
            stack,
            label,
            counts,
        } => app.applied(change, inverse, stack, label, counts),
        Action::Tags(tags) => app.tags = tags,
        Action::Indexed(entries) => {
            app.indexed_batch(entries);
            return app.fact_ids.is_some();
        }
        Action::NoteLoaded { id, note } => app.note_loaded(id, note),
        Action::Failed(text) => app.message = Some(Message { text, error: true }),
        Action::Quit => app.quit = true,
    }
    true
}
