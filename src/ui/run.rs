//! The event loop: terminal events, background results and signals meet in one `select!`;
//! `update` changes the state; a frame is drawn only when something changed, at most one per
//! 16 ms. Layout and filtering run on the blocking pool, never on the input path.

use super::app::{self, Action, App};
use super::effect::{self, Effect};
use super::terminal::{self, Term};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use std::io;
use std::time::Duration;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// At most one frame per this interval (about 60 Hz).
pub const FRAME: Duration = Duration::from_millis(16);

/// How often the dashboard looks for feeds due for their automatic refresh; the first look
/// is a second after start, once the list and the feeds' state have been read.
pub const TICK: Duration = Duration::from_secs(5);

/// Turns a terminal event into an action, or nothing (key releases, focus changes).
pub fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) if (app.filtering || app.prompt.is_some()) && app.help.is_none() => {
            Some(Action::Key(k))
        }
        Event::Key(k) => app
            .keymap
            .command_in(app.key_context(), &k)
            .map(Action::Command),
        Event::Mouse(m) => Some(Action::Mouse(m)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Runs the dashboard until the user quits or a signal says to stop.
pub async fn run(mut app: App, term: &mut Term) -> io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let size = term.size()?;
    app::update(&mut app, Action::Resize(size.width, size.height));
    let mut dirty = true;
    let mut last_draw: Option<Instant> = None;
    let mut explicit_bidi = app.mode.bidi;
    let mut ticks = tokio::time::interval_at(Instant::now() + Duration::from_secs(1), TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);

    loop {
        dirty |= spawn_effects(&mut app, &tx, term, explicit_bidi)?;
        if app.quit {
            app.cancel_refresh();
            return Ok(());
        }
        if app.mode.bidi != explicit_bidi {
            explicit_bidi = app.mode.bidi;
            terminal::set_bidi_mode(term.backend_mut(), explicit_bidi)?;
        }
        let now = Instant::now();
        let due = last_draw.map_or(now, |t| t + FRAME);
        if dirty && now >= due {
            term.draw(|f| super::draw::draw(f, &app))?;
            last_draw = Some(now);
            dirty = false;
        }
        let wake = dirty.then_some(due);
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(e)) => translate(&app, e),
                Some(Err(_)) | None => Some(Action::Quit),
            },
            Some(action) = rx.recv() => Some(action),
            _ = sigterm.recv() => Some(Action::Quit),
            _ = sighup.recv() => Some(Action::Quit),
            _ = ticks.tick() => Some(Action::Tick(chrono::Utc::now().timestamp())),
            _ = sleep_until(wake) => None,
        };
        if let Some(action) = action {
            dirty |= app::update(&mut app, action);
        }
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
fn spawn_effects(
    app: &mut App,
    tx: &mpsc::UnboundedSender<Action>,
    term: &mut Term,
    explicit_bidi: bool,
) -> io::Result<bool> {
    let mut redraw = false;
    for effect in app.take_effects() {
        match effect {
            Effect::Suspend => {
                terminal::suspend(term, explicit_bidi)?;
                let size = term.size()?;
                app::update(app, Action::Resize(size.width, size.height));
                redraw = true;
            }
            work => {
                let tx = tx.clone();
                let stores = app.stores.clone();
                tokio::task::spawn_blocking(move || {
                    effect::perform(work, &stores, &mut |action| {
                        let _ = tx.send(action);
                    });
                });
            }
        }
    }
    Ok(redraw)
}
