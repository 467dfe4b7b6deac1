//! Feeds in the dashboard: the feeds view (`F`), refreshing in the background (`R` all, `r`
//! one in the feeds view, and on the config's interval), new articles joining the list
//! without moving the selection, and the full text of a summary-only article (`f`).

use super::*;
use crate::model::Subscription;
use crate::net::refresh::{Outcome, Report, Summary};
use crate::net::HttpConfig;
use crate::store::FeedState;

/// Feeds at most this often asked for again by the automatic refresh, whatever a feed's
/// own interval says (a typo of `refresh_minutes = 0.1` must not hammer a server).
const MIN_AUTO_MINUTES: u32 = 5;

/// What the dashboard knows of the feeds.
#[derive(Debug, Default)]
pub struct Feeds {
    /// The subscriptions from the config file, in its order.
    pub subs: Vec<Subscription>,
    /// What the store remembers of each feed, by URL.
    pub states: HashMap<String, FeedState>,
    pub http: HttpConfig,
    /// The config's ignore rules, applied to what a refresh or an import brings.
    pub ignore: Arc<crate::ignore::Rules>,
    /// How many articles each ignore rule has archived, by its query (from the store).
    pub ignored: Vec<(String, usize)>,
    /// Minutes between automatic refreshes; 0: only when asked.
    pub refresh_minutes: u32,
    /// The feeds view is open, with its selected row.
    pub view: Option<usize>,
    /// The refresh in progress.
    pub running: Option<Progress>,
    pub(super) cancel: Option<Arc<AtomicBool>>,
    /// The article whose full text is being fetched.
    pub fetching: Option<i64>,
    /// The feeds view shows the last error of these feeds even if the store has none (a
    /// failure the store could not record).
    pub(super) errors: HashMap<String, String>,
    /// The store's feed states have been read: automatic refreshes may start.
    pub(super) armed: bool,
}

/// One feed of a refresh is done: what happened, its state now, the rows of the articles it
/// brought and the counts after them.
#[derive(Debug)]
pub struct FeedDone {
    pub report: Report,
    pub state: Option<FeedState>,
    pub rows: Vec<Row>,
    /// The rows' filter keys, made on the worker: a feed of 100,000 entries must not fold
    /// 100,000 titles on the input path.
    pub haystacks: Keys,
    pub counts: Option<Counts>,
}

impl FeedDone {
    /// The report with the rows of the articles it added and their filter keys.
    pub fn new(
        report: Report,
        state: Option<FeedState>,
        rows: Vec<Row>,
        counts: Option<Counts>,
    ) -> FeedDone {
        let haystacks = keys_of(&rows);
        FeedDone {
            report,
            state,
            rows,
            haystacks,
            counts,
        }
    }
}

/// The rows' filter keys, as one chunk.
fn keys_of(rows: &[Row]) -> Keys {
    let mut keys = KeysBuilder::with_capacity(rows.len());
    for row in rows {
        keys.push(&row.title, row.source.as_deref(), row.date, row.lang);
    }
    keys.finish()
}

/// A refresh's progress, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    pub summary: Summary,
}

impl Feeds {
    /// The schedule alone, with no dashboard around it: what the server's one fetcher asks
    /// [`Feeds::due`] of, for every session at once.
    pub fn schedule(
        subs: Vec<Subscription>,
        refresh_minutes: u32,
        states: Vec<FeedState>,
    ) -> Feeds {
        Feeds {
            subs,
            refresh_minutes,
            states: states.into_iter().map(|s| (s.url.clone(), s)).collect(),
            ..Feeds::default()
        }
    }

    /// A feed's interval in minutes, or `None` when it is not refreshed automatically.
    fn interval(&self, sub: &Subscription) -> Option<u32> {
        let minutes = sub.refresh_minutes.unwrap_or(self.refresh_minutes);
        (minutes > 0).then_some(minutes.max(MIN_AUTO_MINUTES))
    }

    /// The subscriptions due for an automatic refresh at `now` (seconds since the epoch):
    /// never fetched, or last fetched an interval ago or more.
    pub fn due(&self, now: i64) -> Vec<Subscription> {
        self.subs
            .iter()
            .filter(|sub| {
                let Some(minutes) = self.interval(sub) else {
                    return false;
                };
                match self.states.get(&sub.url).and_then(|s| s.fetched_at) {
                    None => true,
                    Some(at) => now - at >= i64::from(minutes) * 60,
                }
            })
            .cloned()
            .collect()
    }

    /// The title shown for a feed: the subscription's, else the feed's own, else its URL.
    pub fn title(&self, sub: &Subscription) -> String {
        sub.title
            .clone()
            .or_else(|| self.states.get(&sub.url).and_then(|s| s.title.clone()))
            .unwrap_or_else(|| sub.url.clone())
    }

    /// The last error of a feed, if its last attempt failed.
    pub fn error(&self, url: &str) -> Option<&str> {
        self.states
            .get(url)
            .and_then(|s| s.last_error.as_deref())
            .or_else(|| self.errors.get(url).map(String::as_str))
    }
}

/// Newest first, undated last, then the later import first: the store's order.
fn newest_first(a: &Row, b: &Row) -> std::cmp::Ordering {
    match (a.date, b.date) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(b.id.cmp(&a.id))
}

impl App {
    /// Every row the view admits, in the list's order when no filter is in force.
    pub(in crate::ui) fn unfiltered(&self) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.admits(&self.rows[i]))
            .collect();
        if self.rows_unsorted {
            shown.sort_by(|&a, &b| newest_first(&self.rows[a], &self.rows[b]));
        }
        shown
    }

    /// `R`: refreshes every subscription in the background.
    pub(in crate::ui) fn refresh_all(&mut self) {
        if self.feeds.subs.is_empty() {
            self.say(
                "no feeds yet: `akhbar add URL`, `akhbar import-opml FILE` or `akhbar import-newsboat`"
                    .into(),
            );
            return;
        }
        let subs = self.feeds.subs.clone();
        self.refresh(subs);
    }

    /// `r` in the feeds view: refreshes the selected feed.
    pub(in crate::ui) fn refresh_selected_feed(&mut self) {
        let Some(sub) = self
            .feeds
            .view
            .and_then(|i| self.feeds.subs.get(i))
            .cloned()
        else {
            return;
        };
        self.refresh(vec![sub]);
    }

    /// Reads what the store knows of the feeds; once it is here, the automatic refresh may
    /// start (before, every feed would look never fetched).
    pub(in crate::ui) fn load_feeds(&mut self) {
        self.effects.push(Effect::LoadFeeds);
    }

    /// The store's state of every feed arrived.
    pub(in crate::ui) fn feed_states(&mut self, states: Vec<FeedState>) {
        self.feeds.states = states.into_iter().map(|s| (s.url.clone(), s)).collect();
        self.feeds.armed = true;
    }

    /// The automatic refresh: the feeds that are due, unless a refresh is running, the
    /// list is still loading or the dashboard shows files rather than the store.
    pub(in crate::ui) fn tick(&mut self, now: i64) {
        if !self.feeds.armed
            || self.feeds.running.is_some()
            || self.loading
            || !matches!(self.scope, Scope::View(_))
        {
            return;
        }
        let due = self.feeds.due(now);
        if !due.is_empty() {
            self.refresh(due);
        }
    }

    fn refresh(&mut self, subs: Vec<Subscription>) {
        if self.feeds.running.is_some() {
            self.say("a refresh is already running".into());
            return;
        }
        if self.stores.writer_read_only() {
            self.message = Some(Message {
                text: "the store is read-only: feeds cannot be refreshed".into(),
                error: true,
            });
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.feeds.cancel = Some(Arc::clone(&cancel));
        self.feeds.running = Some(Progress {
            total: subs.len(),
            summary: Summary::default(),
        });
        self.effects.push(Effect::Refresh {
            subs,
            http: self.feeds.http.clone(),
            ignore: Arc::clone(&self.feeds.ignore),
            cancel,
        });
    }

    /// Stops a refresh in progress (at quit): feeds not yet stored stay as they were.
    pub fn cancel_refresh(&mut self) {
        if let Some(c) = self.feeds.cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
    }

    /// One feed is done: its state, and the rows of the articles it brought.
    pub(in crate::ui) fn feed_done(&mut self, done: FeedDone) {
        let FeedDone {
            report,
            state,
            rows,
            haystacks,
            counts,
        } = done;
        if let Some(progress) = &mut self.feeds.running {
            progress.summary.add(&report);
        }
        match &report.outcome {
            Outcome::Failed(e) => {
                self.feeds.errors.insert(report.url.clone(), e.clone());
            }
            _ => {
                self.feeds.errors.remove(&report.url);
            }
        }
        if let Some(state) = state {
            self.feeds.states.insert(state.url.clone(), state);
        }
        if let Some(counts) = counts {
            self.counts = counts;
        }
        if let Scope::View(view) = self.scope {
            // What the ignore rules archived on the way in stays out of the unread view.
            let mut rows = rows;
            rows.retain(|r| view.holds(r));
            self.add_rows(rows, haystacks);
        }
    }

    /// The refresh has ended.
    pub(in crate::ui) fn refresh_done(&mut self, summary: Summary) {
        self.feeds.running = None;
        self.feeds.cancel = None;
        let text = format!("refreshed: {summary}");
        self.message = Some(Message {
            text,
            error: summary.failed > 0,
        });
    }

    /// Rows of articles that arrived while the list is shown: they take their place in the
    /// list, and the selected article stays selected on the same screen row.
    pub(in crate::ui) fn add_rows(&mut self, rows: Vec<Row>, mut haystacks: Keys) {
        let known = rows
            .iter()
            .filter(|r| self.row_of.contains_key(&r.id))
            .count();
        let rows: Vec<Row> = if known > 0 {
            rows.into_iter()
                .filter(|r| !self.row_of.contains_key(&r.id))
                .collect()
        } else {
            rows
        };
        if known > 0 || haystacks.len() != rows.len() {
            haystacks = keys_of(&rows);
        }
        if rows.is_empty() || self.loading {
            // While a view is still streaming in, the new articles come with it.
            return;
        }
        let previous = self.selected_row().map(|r| r.id);
        let screen_row = self.selected.saturating_sub(self.list_offset);
        let first = self.rows.len();
        for row in rows {
            self.row_of.insert(row.id, self.rows.len());
            self.rows.push(row);
        }
        let mut chunks = self.haystacks.as_ref().clone();
        chunks.push(Arc::new(haystacks));
        self.haystacks = Arc::new(chunks);
        self.rows_unsorted = true;
        // The entity index, once built, takes the new articles in too.
        if self.index_started {
            let ids: Vec<i64> = self.rows[first..].iter().map(|r| r.id).collect();
            self.indexed.1 += ids.len();
            self.effects.push(Effect::IndexFacts { ids });
        }
        let new_ids = self.rows[first..].iter().map(|r| r.id).collect();
        self.scan_new_bodies(new_ids);
        self.last_hits = None;
        if self.plan.is_empty() && self.filter_text().is_empty() {
            self.visible = self.unfiltered();
            if let Some(at) =
                previous.and_then(|p| self.visible.iter().position(|&i| self.rows[i].id == p))
            {
                self.selected = at;
                self.list_offset = at.saturating_sub(screen_row);
            }
            self.follow_selection();
        } else {
            self.query.clear();
            self.run_filter();
        }
    }

    /// `F`: opens or closes the feeds view.
    pub(in crate::ui) fn toggle_feeds_view(&mut self) {
        self.feeds.view = match self.feeds.view {
            Some(_) => None,
            None => {
                self.load_feeds();
                Some(0)
            }
        };
    }

    /// Keys while the feeds view is open.
    pub(in crate::ui) fn feeds_command(&mut self, c: Command) {
        let n = self.feeds.subs.len();
        let at = self.feeds.view.unwrap_or(0);
        let last = n.saturating_sub(1);
        let step = |d: isize| (at as isize + d).clamp(0, last as isize) as usize;
        let page = self.size.height.saturating_sub(6).max(1) as isize;
        self.feeds.view = Some(match c {
            Command::Feeds | Command::Back | Command::Quit => {
                self.feeds.view = None;
                return;
            }
            Command::Down => step(1),
            Command::Up => step(-1),
            Command::Top => 0,
            Command::Bottom => last,
            Command::PageDown | Command::HalfPageDown => step(page),
            Command::PageUp | Command::HalfPageUp => step(-page),
            Command::RefreshFeed => {
                self.refresh_selected_feed();
                at
            }
            Command::RefreshAll => {
                self.refresh_all();
                at
            }
            Command::Open => {
                self.show_feed(at);
                return;
            }
            Command::Help => {
                self.help = Some(0);
                at
            }
            Command::Suspend => {
                self.effects.push(Effect::Suspend);
                at
            }
            _ => at,
        });
    }

    /// Enter in the feeds view: the list shows that feed's articles (its source).
    fn show_feed(&mut self, at: usize) {
        let Some(sub) = self.feeds.subs.get(at) else {
            return;
        };
        let title = self.feeds.title(sub).replace('"', " ");
        self.feeds.view = None;
        self.focus = Pane::List;
        let mut filter = new_filter(&self.theme);
        filter.insert_str(format!("source:\"{title}\""));
        self.filter = filter;
        self.start_filter();
    }

    /// `f`: fetches the full text of the article in the reader when its feed gave only a
    /// summary.
    pub(in crate::ui) fn fetch_full_text(&mut self) {
        let Some(id) = self
            .reader_article
            .or_else(|| self.selected_row().map(|r| r.id))
        else {
            return;
        };
        if self.feeds.fetching.is_some() {
            self.say("already fetching an article".into());
            return;
        }
        if self.stores.writer_read_only() {
            self.message = Some(Message {
                text: "the store is read-only: the full text cannot be kept".into(),
                error: true,
            });
            return;
        }
        self.feeds.fetching = Some(id);
        self.say("fetching the full article…".into());
        self.effects.push(Effect::FullText {
            id,
            http: self.feeds.http.clone(),
        });
    }

    /// The full text arrived (or did not): the reader lays the article out again.
    pub(in crate::ui) fn full_text_done(&mut self, id: i64, result: Result<usize, String>) {
        self.feeds.fetching = None;
        match result {
            Ok(n) => {
                self.docs.retain(|k, _| k.article != id);
                if self.pending_doc.is_some_and(|k| k.article == id) {
                    self.pending_doc = None;
                }
                self.say(format!("full article: {n} paragraphs"));
                self.request_doc();
            }
            Err(e) => {
                self.message = Some(Message {
                    text: format!("full article: {e}"),
                    error: true,
                })
            }
        }
    }
}
