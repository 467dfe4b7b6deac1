//! The event loop: input, background results and timers meet in one `select!`; `update`
//! changes the state; a frame is drawn only when something changed, at most one per 16 ms.
//! Layout and filtering run on the blocking pool, never on the input path.
//!
//! The loop is generic over where input comes from (a stream of [`Input`]) and where frames
//! go (a [`Screen`]), so the local terminal and a remote session are two callers of it. Keys
//! are turned into actions here, when they are applied, against the state they act on: keys
//! that arrive while a view is still loading (or a note is being read for its prompt) wait in
//! order and are applied once it is there, so no keystroke is lost or acts on the wrong row.

use super::app::Effect;
use super::app::{self, Action, App};
use super::keymap::Command;
use super::worker::Jobs;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::collections::VecDeque;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// At most one frame per this interval (about 60 Hz).
pub const FRAME: Duration = Duration::from_millis(16);

/// How often the dashboard looks for feeds due for their automatic refresh and for what other
/// programs committed to the store (one cheap PRAGMA); the first look is a second after
/// start, once the list and the feeds' state have been read.
pub const TICK: Duration = Duration::from_secs(1);

/// The longest keys are held for a load to give its first rows; past it they are applied to
/// what is there (a store too slow to answer must not freeze the keyboard).
pub const HOLD_LIMIT: Duration = Duration::from_secs(3);

/// What the loop reads.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// A signal, a closed connection, the end of input: leave now.
    Quit,
}

/// Where frames go, and what a host can do beyond drawing.
pub trait Screen {
    type Backend: Backend;
    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;
    /// Switches the terminal's own bidi off (akhbar reorders) or on (`--bidi off`).
    fn set_bidi_mode(&mut self, explicit: bool) -> io::Result<()>;
    /// Ctrl-Z: give the terminal back until the shell resumes us. A remote session cannot.
    fn suspend(&mut self, explicit_bidi: bool) -> io::Result<()>;
    /// Sends bytes to the terminal outside a frame (the OSC 52 of a copy); returns whether
    /// this screen can. The default cannot.
    fn send(&mut self, _bytes: &[u8]) -> io::Result<bool> {
        Ok(false)
    }
}

/// Turns a terminal event into an action, or nothing (key releases, focus changes).
pub fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) if app.line_editing() => Some(Action::Key(k)),
        Event::Key(k) => match app.keymap.command_in(app.key_context(), &k) {
            // The digit itself starts the number, so the action carries it.
            Some(Command::LinkNumber) => match k.code {
                KeyCode::Char(c) if c.is_ascii_digit() => Some(Action::LinkDigit(c)),
                _ => Some(Action::Command(Command::LinkNumber)),
            },
            other => other.map(Action::Command),
        },
        Event::Paste(text) if app.line_editing() => Some(Action::Paste(text)),
        Event::Mouse(m) => Some(Action::Mouse(m)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Runs the dashboard until the user quits or the input ends, and gives the app back.
/// `start` is applied first, after the screen's size (what to load, say).
pub async fn run<S, I>(
    mut app: App,
    start: Vec<Action>,
    screen: &mut S,
    input: I,
) -> io::Result<App>
where
    S: Screen,
    I: Stream<Item = Input> + Unpin,
{
    let mut input = input.fuse();
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    // A store that pushes its changes (a server's LISTEN/NOTIFY) wakes the loop at once; one
    // that cannot is polled every tick. Either way the watch is only ever a wake-up: the
    // check that follows reads the store's version as a tick's would.
    let _ = app.stores.writer().watch(Box::new(Pushes(tx.clone())));
    let size = screen.terminal().get_frame().area();
    // The work asked for and not yet started: every update adds to it, and it is emptied
    // at the top of the loop, before anything is drawn or read.
    let mut pending = Vec::new();
    step(
        &mut app,
        &mut pending,
        Action::Resize(size.width, size.height),
    );
    for action in start {
        step(&mut app, &mut pending, action);
    }
    let mut dirty = true;
    let mut last_draw: Option<Instant> = None;
    let mut explicit_bidi = app.mode.bidi;
    let mut ticks = tokio::time::interval_at(Instant::now() + Duration::from_secs(1), TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut held = Held::default();
    let mut jobs = Jobs::default();

    loop {
        let mut spawn = |app: &mut App, pending: &mut Vec<Effect>, screen: &mut S| {
            spawn_effects(app, pending, &mut jobs, &tx, screen, explicit_bidi)
        };
        dirty |= spawn(&mut app, &mut pending, screen)?;
        // Keys that waited are applied as soon as the app can take them, each after the
        // effects of the one before have started (a view switch holds the rest again).
        while !app.holds_input() || held.expired() {
            let Some(event) = held.pop() else { break };
            dirty |= apply(&mut app, &mut pending, screen, event)?;
            dirty |= spawn(&mut app, &mut pending, screen)?;
        }
        if app.quit {
            app.cancel_refresh();
            return Ok(app);
        }
        if app.mode.bidi != explicit_bidi {
            explicit_bidi = app.mode.bidi;
            screen.set_bidi_mode(explicit_bidi)?;
        }
        let now = Instant::now();
        let due = last_draw.map_or(now, |t| t + FRAME);
        if dirty && now >= due {
            screen.terminal().draw(|f| super::draw::draw(f, &app))?;
            last_draw = Some(now);
            dirty = false;
        }
        let wake = earliest(dirty.then_some(due), held.deadline());
        tokio::select! {
            next = input.next() => match next {
                Some(Input::Event(e)) if held.is_empty() && !app.holds_input() => {
                    dirty |= apply(&mut app, &mut pending, screen, e)?;
                }
                // A resize is about the screen, not the list: it never waits.
                Some(Input::Event(e @ Event::Resize(..))) => {
                    dirty |= apply(&mut app, &mut pending, screen, e)?;
                }
                Some(Input::Event(e)) => held.push(e),
                Some(Input::Quit) | None => {
                    step(&mut app, &mut pending, Action::Quit);
                }
            },
            Some(action) = rx.recv() => dirty |= step(&mut app, &mut pending, action),
            slot = jobs.finished() => jobs.start_waiting(slot, &app.stores, &tx),
            _ = ticks.tick() => {
                let now = chrono::Utc::now().timestamp();
                dirty |= step(&mut app, &mut pending, Action::Tick(now));
            }
            _ = sleep_until(wake) => {}
        }
    }
}

/// The store's pushes, as actions of this loop; wanted until the loop has ended.
struct Pushes(mpsc::UnboundedSender<Action>);

impl crate::store::Wake for Pushes {
    fn wake(&self, push: crate::store::Push) -> bool {
        self.0.send(Action::StorePush(push)).is_ok()
    }
    fn wanted(&self) -> bool {
        !self.0.is_closed()
    }
}

/// Applies one terminal event, keeping the work it asks for in `pending`; a resize also
/// resizes the screen.
fn apply<S: Screen>(
    app: &mut App,
    pending: &mut Vec<Effect>,
    screen: &mut S,
    event: Event,
) -> io::Result<bool> {
    if let Event::Resize(w, h) = event {
        screen.terminal().resize(Rect::new(0, 0, w, h))?;
    }
    if let Some([esc, key]) = unbound_alt(app, &event) {
        let first = apply(app, pending, screen, esc)?;
        return Ok(apply(app, pending, screen, key)? | first);
    }
    Ok(match translate(app, event) {
        Some(action) => step(app, pending, action),
        None => false,
    })
}

/// A terminal sends Alt+key as ESC and the key, and so it arrives when Esc is typed just
/// before a key and both come in one read (a quick typist, or a multiplexer's burst: tmux's
/// `send-keys Escape q`). Where Alt with that key means nothing here, it is those two keys:
/// Esc, then the key, so neither is lost.
fn unbound_alt(app: &App, event: &Event) -> Option<[Event; 2]> {
    let Event::Key(k) = event else {
        return None;
    };
    let KeyCode::Char(c) = k.code else {
        return None;
    };
    if k.kind == KeyEventKind::Release || !k.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let bound = if app.line_editing() {
        // The one-line editor's word keys (see `app::editing`).
        matches!(c, 'b' | 'f' | 'd')
    } else {
        app.keymap.command_in(app.key_context(), k).is_some()
    };
    if bound {
        return None;
    }
    let plain = KeyEvent::new(k.code, k.modifiers - KeyModifiers::ALT);
    Some([
        Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        Event::Key(plain),
    ])
}

/// Applies one action, keeping the work it asks for in `pending`; returns whether the screen
/// needs drawing again.
fn step(app: &mut App, pending: &mut Vec<Effect>, action: Action) -> bool {
    let done = app::update(app, action);
    pending.extend(done.effects);
    done.redraw
}

/// Input that waits for the app, oldest first, and since when it waits.
#[derive(Default)]
struct Held {
    events: VecDeque<Event>,
    since: Option<Instant>,
}

impl Held {
    fn push(&mut self, e: Event) {
        self.since.get_or_insert_with(Instant::now);
        self.events.push_back(e);
    }

    fn pop(&mut self) -> Option<Event> {
        let e = self.events.pop_front();
        if self.events.is_empty() {
            self.since = None;
        }
        e
    }

    fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    fn deadline(&self) -> Option<Instant> {
        self.since.map(|t| t + HOLD_LIMIT)
    }

    fn expired(&self) -> bool {
        self.deadline().is_some_and(|d| Instant::now() >= d)
    }
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

async fn sleep_until(t: Option<Instant>) {
    match t {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

/// Starts the work `update` asked for; results come back through `tx` as actions. Returns
/// whether the screen must be drawn again (after a suspend, the terminal is blank).
fn spawn_effects<S: Screen>(
    app: &mut App,
    pending: &mut Vec<Effect>,
    jobs: &mut Jobs,
    tx: &mpsc::UnboundedSender<Action>,
    screen: &mut S,
    explicit_bidi: bool,
) -> io::Result<bool> {
    let mut redraw = false;
    // A resize after a suspend may ask for work of its own: it goes round again.
    while !pending.is_empty() {
        for effect in std::mem::take(pending) {
            match effect {
                Effect::Suspend => {
                    screen.suspend(explicit_bidi)?;
                    let size = screen.terminal().size()?;
                    step(app, pending, Action::Resize(size.width, size.height));
                    redraw = true;
                }
                Effect::Copy { text } => {
                    let sent = screen.send(crate::ui::open::osc52(&text).as_bytes())?;
                    if !sent {
                        let why = "this screen cannot copy to the clipboard".to_string();
                        step(app, pending, Action::Failed(why));
                        redraw = true;
                    }
                }
                work => jobs.submit(work, &app.stores, tx),
            }
        }
    }
    Ok(redraw)
}
