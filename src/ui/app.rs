//! The dashboard's state and the one function that changes it, [`update`]. Drawing reads the
//! state and never mutates it; background work comes back as actions.

use super::doc::{Doc, DocKey, TextMode};
use super::keymap::{Command, Keymap};
use super::layout::{self, Areas, Pane};
use super::theme::Theme;
use crate::ingest::Loaded;
use crate::model::Article;
use crate::search::{Haystack, Hit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tui_textarea::TextArea;

/// Everything that can change the state. Key presses arrive as `Command`s or, while the filter
/// line has the keyboard, as raw `FilterKey`s; the rest come from the terminal and from
/// background jobs.
#[derive(Debug)]
pub enum Action {
    Command(Command),
    FilterKey(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A batch of articles from a loader still running (`done` on the last one).
    Loaded {
        batch: Loaded,
        done: bool,
    },
    DocReady(DocKey, Arc<Doc>),
    FilterReady {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// A signal (SIGTERM, SIGHUP) or the end of input: leave now.
    Quit,
}

/// Work that `update` asks the event loop to do off the input path.
#[derive(Debug)]
pub enum Effect {
    Layout {
        key: DocKey,
        article: Arc<Article>,
        /// Rows the reader needs first (scroll offset plus its height).
        first_rows: usize,
    },
    Filter {
        generation: u64,
        query: String,
        haystacks: Arc<Vec<Arc<[Haystack]>>>,
        cancel: Arc<AtomicBool>,
    },
    Suspend,
}

/// A line for the status bar that stays until the next key press.
#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub articles: Vec<Arc<Article>>,
    haystacks: Arc<Vec<Arc<[Haystack]>>>,
    /// Articles are still arriving from a loader.
    pub loading: bool,
    /// Indices into `articles` that the filter shows, in display order.
    pub visible: Vec<usize>,
    /// Position in `visible` of the selected article.
    pub selected: usize,
    /// First row of `visible` shown in the list pane.
    pub list_offset: usize,
    pub focus: Pane,
    /// The filter line has the keyboard.
    pub filtering: bool,
    pub filter: TextArea<'static>,
    /// The query `visible` was computed for.
    pub query: String,
    filter_generation: u64,
    filter_cancel: Option<Arc<AtomicBool>>,
    /// The article the reader shows and its scroll offset in rows.
    pub reader_article: Option<usize>,
    pub reader_scroll: usize,
    docs: HashMap<DocKey, Arc<Doc>>,
    pending_doc: Option<DocKey>,
    /// The facts pane at widths where it is optional.
    pub facts_shown: bool,
    /// The reader follows the selection in the list (off: only Enter changes it).
    pub preview: bool,
    /// The help overlay, with its scroll offset.
    pub help: Option<usize>,
    /// Read marks for this session, by article index.
    pub read: Vec<bool>,
    pub message: Option<Message>,
    pub size: Rect,
    pub theme: Theme,
    pub keymap: Keymap,
    pub mode: TextMode,
    pub quit: bool,
    effects: Vec<Effect>,
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
    /// More articles will arrive as `Action::Loaded`.
    pub loading: bool,
}

impl App {
    pub fn new(articles: Vec<Article>, setup: Setup) -> App {
        let n = articles.len();
        let haystacks = Arc::new(vec![articles.iter().map(Haystack::of).collect()]);
        let filter = new_filter(&setup.theme);
        let mut app = App {
            articles: articles.into_iter().map(Arc::new).collect(),
            haystacks,
            loading: setup.loading,
            visible: (0..n).collect(),
            selected: 0,
            list_offset: 0,
            focus: Pane::List,
            filtering: false,
            filter,
            query: String::new(),
            filter_generation: 0,
            filter_cancel: None,
            reader_article: None,
            reader_scroll: 0,
            docs: HashMap::new(),
            pending_doc: None,
            facts_shown: setup.facts_shown,
            preview: setup.preview,
            help: None,
            read: vec![false; n],
            message: setup.message,
            size: setup.size,
            theme: setup.theme,
            keymap: setup.keymap,
            mode: setup.mode,
            quit: false,
            effects: Vec::new(),
        };
        app.follow_selection();
        app
    }

    /// The effects asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn areas(&self) -> Areas {
        layout::compute(self.size, self.focus, self.facts_shown)
    }

    pub fn selected_article(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
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

    pub fn unread_count(&self) -> usize {
        self.read.iter().filter(|r| !**r).count()
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
    fn follow_selection(&mut self) {
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
        let article = self.selected_article();
        let follows = self.preview || self.focus != Pane::List || self.reader_article.is_none();
        if follows && article != self.reader_article {
            self.reader_article = article;
            self.reader_scroll = 0;
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
            article: Arc::clone(&self.articles[key.article]),
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
            Pane::Facts => {}
        }
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

    fn open(&mut self) {
        if let Some(i) = self.selected_article() {
            self.read[i] = true;
            self.focus = Pane::Reader;
            if self.reader_article != Some(i) {
                self.reader_article = Some(i);
                self.reader_scroll = 0;
            }
            self.follow_selection();
        }
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

    /// Adds a loaded batch: unfiltered it joins the end of the list; under a filter the
    /// query runs again over everything.
    fn append(&mut self, batch: Loaded) {
        if let Some(w) = batch.warnings.first() {
            let more = batch.warnings.len() - 1;
            let text = if more > 0 {
                format!("{w} (and {more} more warnings)")
            } else {
                w.clone()
            };
            self.message = Some(Message { text, error: true });
        }
        if batch.articles.is_empty() {
            return;
        }
        let start = self.articles.len();
        let chunk: Arc<[Haystack]> = batch.articles.iter().map(Haystack::of).collect();
        let mut chunks = self.haystacks.as_ref().clone();
        chunks.push(chunk);
        self.haystacks = Arc::new(chunks);
        self.articles
            .extend(batch.articles.into_iter().map(Arc::new));
        self.read.resize(self.articles.len(), false);
        if self.query.is_empty() && self.filter.lines().join(" ").is_empty() {
            self.visible.extend(start..self.articles.len());
        } else {
            self.run_filter();
        }
        self.follow_selection();
    }

    fn start_filter(&mut self) {
        let query = self.filter.lines().join(" ");
        if query == self.query {
            return;
        }
        self.run_filter();
    }

    /// Starts a filter job for the query in the filter line; a running one is cancelled.
    fn run_filter(&mut self) {
        let query = self.filter.lines().join(" ");
        if let Some(c) = self.filter_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.filter_generation += 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.filter_cancel = Some(Arc::clone(&cancel));
        self.effects.push(Effect::Filter {
            generation: self.filter_generation,
            query,
            haystacks: Arc::clone(&self.haystacks),
            cancel,
        });
    }

    fn clear_filter(&mut self) {
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
        let previous = self.selected_article();
        self.query = self.filter.lines().join(" ");
        self.visible = hits.into_iter().map(|h| h.index).collect();
        // Keep the same article selected when it survives the filter.
        self.selected = previous
            .and_then(|p| self.visible.iter().position(|&i| i == p))
            .unwrap_or(0);
        self.filter_cancel = None;
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
            if matches!(ev.kind, MouseEventKind::Down(MouseButton::Left))
                && areas.filter.contains(at)
            {
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
        match c {
            Command::Down => self.step(1),
            Command::Up => self.step(-1),
            Command::Top => self.step(isize::MIN / 2),
            Command::Bottom => self.step(isize::MAX / 2),
            Command::HalfPageDown => self.step(self.page(true)),
            Command::HalfPageUp => self.step(-self.page(true)),
            Command::PageDown => self.step(self.page(false)),
            Command::PageUp => self.step(-self.page(false)),
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
        }
    }

    fn say(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }
}

/// An empty one-line filter editor in the theme's colours.
fn new_filter(theme: &Theme) -> TextArea<'static> {
    let mut filter = TextArea::default();
    filter.set_placeholder_text("type to filter titles and sources");
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
        Action::FilterKey(k) => {
            app.message = None;
            app.filter_key(k);
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
        Action::DocReady(key, doc) => {
            let shown = app.doc_key() == Some(key);
            app.doc_ready(key, doc);
            return shown;
        }
        Action::FilterReady { generation, hits } => app.filter_ready(generation, hits),
        Action::Loaded { batch, done } => {
            app.loading = !done;
            app.append(batch);
        }
        Action::Quit => app.quit = true,
    }
    true
}

/// Runs effects at once on this thread: for tests and headless use, where waiting for a
/// worker would only add nondeterminism. Suspend is ignored.
pub fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        let mut actions = Vec::new();
        for e in effects {
            perform(e, &mut |a| actions.push(a));
        }
        for a in actions {
            update(app, a);
        }
    }
}

/// Does the work of an effect; `emit` receives the actions that carry its results (a layout
/// may send its first screenful ahead of the whole).
pub fn perform(effect: Effect, emit: &mut dyn FnMut(Action)) {
    match effect {
        Effect::Layout {
            key,
            article,
            first_rows,
        } => {
            let width = key.width_cells as usize;
            let doc =
                super::doc::layout_progressively(&article, width, key.mode, first_rows, &mut |d| {
                    emit(Action::DocReady(key, Arc::new(d)))
                });
            emit(Action::DocReady(key, Arc::new(doc)));
        }
        Effect::Filter {
            generation,
            query,
            haystacks,
            cancel,
        } => {
            if let Some(hits) = crate::search::filter(&haystacks, &query, &cancel) {
                emit(Action::FilterReady { generation, hits });
            }
        }
        Effect::Suspend => {}
    }
}
