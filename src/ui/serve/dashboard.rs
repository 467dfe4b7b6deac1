//! A session's dashboard: the local dashboard's `App`, `update` and event loop, fed by the
//! channel's bytes through the same input parser and drawn into the channel. It ends on `q`,
//! on the end of the channel or the connection, or after the idle timeout; then everything
//! it held (the app, its store handles, its tasks) is dropped.

use super::screen::{Remote, SharedSize, Sink};
use super::Server;
use crate::store::View;
use crate::ui::app::Action;
use crate::ui::input::{Parser, ESC_WAIT};
use crate::ui::run::{self, Input};
use crossterm::event::Event;
use ratatui::layout::Rect;
use russh::server::Handle;
use russh::ChannelId;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio::time::Instant;

/// What the connection hands a session: input in the order it came.
#[derive(Debug)]
pub enum Incoming {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

/// Everything a session starts from.
pub struct Start {
    pub server: Arc<Server>,
    /// The session's place among `--max-sessions`; given back when the session ends.
    pub permit: OwnedSemaphorePermit,
    pub user: String,
    pub peer: SocketAddr,
    pub handle: Handle,
    pub channel: ChannelId,
    pub term: String,
    pub cols: u16,
    pub rows: u16,
    pub no_color: bool,
    pub input: mpsc::Receiver<Incoming>,
}

/// Why a session ended, as the input side saw it (none: the user quit).
type Ended = Arc<Mutex<Option<&'static str>>>;

/// Whether a `TERM` can show colours: the monochrome terminals and `dumb` cannot, and get
/// what `NO_COLOR` gives (reverse video for the selection).
pub fn term_has_colour(term: &str) -> bool {
    let mono = [
        "", "dumb", "vt52", "vt100", "vt102", "vt220", "vt320", "vt420",
    ];
    !(mono.contains(&term) || term.ends_with("-m") || term.ends_with("-mono"))
}

/// Tells a client why it gets no dashboard, and closes its channel.
pub fn refuse(handle: Handle, channel: ChannelId, text: &str) {
    let text = text.to_string();
    tokio::spawn(async move {
        let _ = handle.data(channel, text.into_bytes()).await;
        close(&handle, channel, 1).await;
    });
}

async fn close(handle: &Handle, channel: ChannelId, status: u32) {
    let _ = handle.exit_status_request(channel, status).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

/// Runs one session to its end and logs it.
pub async fn run(start: Start) {
    let server = Arc::clone(&start.server);
    let user = start.user.clone();
    let peer = start.peer;
    let open = server.live.fetch_add(1, Ordering::SeqCst) + 1;
    server.log.line(&format!(
        "session start user={user} from={peer} term={:?} size={}x{} sessions={open}",
        start.term, start.cols, start.rows
    ));
    let why = match session(start).await {
        Ok(why) => why.to_string(),
        Err(e) => format!("error: {e}"),
    };
    let open = server.live.fetch_sub(1, Ordering::SeqCst) - 1;
    server.log.line(&format!(
        "session end user={user} from={peer} why={why} sessions={open}"
    ));
}

async fn session(start: Start) -> std::io::Result<&'static str> {
    let Start {
        server,
        permit,
        user,
        handle,
        channel,
        term,
        cols,
        rows,
        no_color,
        input,
        ..
    } = start;
    let _permit = permit;
    let stores = {
        let server = Arc::clone(&server);
        let user = user.clone();
        tokio::task::spawn_blocking(move || server.session_stores(&user))
            .await
            .map_err(std::io::Error::other)??
    };
    let monochrome = no_color || !term_has_colour(&term);
    let options = &server.options;
    let app = crate::ui::session_app(
        stores,
        &options.overrides,
        options.config_dir.as_deref(),
        monochrome,
        Rect::new(0, 0, cols, rows),
    );
    let explicit_bidi = app.mode.bidi;
    let (out, out_rx) = mpsc::unbounded_channel();
    let queued = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn(write_out(
        handle.clone(),
        channel,
        out_rx,
        Arc::clone(&queued),
    ));
    let size = SharedSize::new(cols, rows);
    let sink = Sink::new(out, queued);
    let mut screen = Remote::enter(sink, size.clone(), explicit_bidi)?;
    let ended: Ended = Arc::default();
    let idle = options.idle_timeout;
    let events = events(input, size, idle, Arc::clone(&ended));
    let first = vec![Action::LoadFeeds, Action::LoadView(View::default())];
    let result = run::run(app, first, &mut screen, events).await;
    let why = ended
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .unwrap_or("quit");
    let explicit = result.as_ref().map_or(explicit_bidi, |app| app.mode.bidi);
    // The app and its store handles go first; then the client's terminal is given back.
    let result = result.map(drop);
    let farewell = match why {
        "idle" => format!("akhbar: closed after {} without input", words(idle)),
        _ => String::new(),
    };
    // Leaving drops the screen: the writer ends once it has sent what is queued.
    let _ = screen.leave(explicit, &farewell);
    let mut writer = writer;
    if tokio::time::timeout(Duration::from_secs(2), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
    close(&handle, channel, u32::from(why != "quit")).await;
    // A client that keeps the connection open after its session has nothing more to get.
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let _ = handle
            .disconnect(
                russh::Disconnect::ByApplication,
                "session ended".into(),
                String::new(),
            )
            .await;
    });
    result.map(|_| why)
}

fn words(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => format!("{} ms", d.as_millis()),
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// Sends what the screen wrote, in order; each chunk waits for the client's SSH window.
async fn write_out(
    handle: Handle,
    channel: ChannelId,
    mut chunks: mpsc::UnboundedReceiver<Vec<u8>>,
    queued: Arc<AtomicUsize>,
) {
    while let Some(chunk) = chunks.recv().await {
        let n = chunk.len();
        if handle.data(channel, chunk).await.is_err() {
            return;
        }
        queued.fetch_sub(n, Ordering::Relaxed);
    }
}

/// The event loop's input from the connection: bytes parsed into key, mouse and paste
/// events (a lone ESC becomes Esc after [`ESC_WAIT`]), window changes as resizes, and
/// [`Input::Quit`] when the connection ends or nothing came for `idle`.
fn events(
    input: mpsc::Receiver<Incoming>,
    size: SharedSize,
    idle: Duration,
    ended: Ended,
) -> impl futures::Stream<Item = Input> + Unpin {
    struct State {
        input: mpsc::Receiver<Incoming>,
        parser: Parser,
        ready: VecDeque<Event>,
        last: Instant,
        done: bool,
    }
    let state = State {
        input,
        parser: Parser::new(),
        ready: VecDeque::new(),
        last: Instant::now(),
        done: false,
    };
    let end = move |why: &'static str| {
        ended
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(why);
    };
    Box::pin(futures::stream::unfold(state, move |mut st| {
        let size = size.clone();
        let end = end.clone();
        async move {
            loop {
                if let Some(e) = st.ready.pop_front() {
                    return Some((Input::Event(e), st));
                }
                if st.done {
                    return None;
                }
                let idle_at = st.last + idle;
                let wait_until = if st.parser.has_pending() {
                    idle_at.min(Instant::now() + ESC_WAIT)
                } else {
                    idle_at
                };
                let next = tokio::time::timeout_at(wait_until, st.input.recv()).await;
                match next {
                    Ok(Some(Incoming::Bytes(bytes))) => {
                        st.last = Instant::now();
                        st.ready.extend(st.parser.feed(&bytes));
                    }
                    Ok(Some(Incoming::Resize(cols, rows))) => {
                        st.last = Instant::now();
                        size.set(cols, rows);
                        st.ready.push_back(Event::Resize(cols, rows));
                    }
                    Ok(None) => {
                        end("closed");
                        st.done = true;
                        return Some((Input::Quit, st));
                    }
                    Err(_) if Instant::now() >= idle_at => {
                        end("idle");
                        st.done = true;
                        return Some((Input::Quit, st));
                    }
                    Err(_) => st.ready.extend(st.parser.flush()),
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[test]
    fn monochrome_terminals_get_no_colour() {
        for mono in ["dumb", "vt100", "", "xterm-mono", "wy50-m"] {
            assert!(!term_has_colour(mono), "{mono}");
        }
        for colour in ["xterm-256color", "screen", "linux", "tmux-256color"] {
            assert!(term_has_colour(colour), "{colour}");
        }
    }

    #[tokio::test]
    async fn input_ends_on_idle_and_a_lone_esc_is_esc() {
        let (tx, rx) = mpsc::channel(4);
        let ended: Ended = Arc::default();
        let size = SharedSize::new(80, 24);
        let idle = Duration::from_millis(400);
        let mut events = events(rx, size.clone(), idle, Arc::clone(&ended));
        tx.send(Incoming::Bytes(b"j\x1b".to_vec())).await.unwrap();
        tx.send(Incoming::Resize(100, 30)).await.unwrap();
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(format!("{:?}", events.next().await));
        }
        assert!(got[0].contains("Char('j')"), "{got:?}");
        assert!(
            got[1].contains("Esc") || got[1].contains("Resize"),
            "{got:?}"
        );
        assert!(got.iter().any(|g| g.contains("Resize(100, 30)")), "{got:?}");
        assert_eq!(size.get(), ratatui::layout::Size::new(100, 30));
        // Nothing more for the idle time: the session is over, for being idle.
        let waited = Instant::now();
        let quit = events.next().await;
        assert!(waited.elapsed() >= idle / 2, "{:?}", waited.elapsed());
        assert!(matches!(quit, Some(Input::Quit)), "{quit:?}");
        assert_eq!(*ended.lock().unwrap(), Some("idle"));
        drop(tx);
    }

    #[tokio::test]
    async fn input_ends_when_the_connection_does() {
        let (tx, rx) = mpsc::channel(4);
        let ended: Ended = Arc::default();
        let mut events = events(
            rx,
            SharedSize::new(80, 24),
            Duration::from_secs(60),
            Arc::clone(&ended),
        );
        tx.send(Incoming::Bytes(b"q".to_vec())).await.unwrap();
        drop(tx);
        assert!(matches!(events.next().await, Some(Input::Event(_))));
        assert!(matches!(events.next().await, Some(Input::Quit)));
        assert!(events.next().await.is_none());
        assert_eq!(*ended.lock().unwrap(), Some("closed"));
    }
}
