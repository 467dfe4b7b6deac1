//! Taking the terminal and giving it back: raw mode, the alternate screen, mouse capture and
//! bidi mode on the way in; all of it undone on the way out, on a panic, on SIGTERM/SIGHUP and
//! around Ctrl-Z.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// ECMA-48 BDSM: `CSI 8 l` asks terminals that implement bidi (VTE, mintty, wezterm) to show
/// cells as sent, because akhbar has already put them in visual order; `CSI 8 h` restores
/// their implicit mode. Terminals that do not know it ignore it.
const BIDI_EXPLICIT: &[u8] = b"\x1b[8l";
const BIDI_IMPLICIT: &[u8] = b"\x1b[8h";

/// Whether the terminal is ours now, so restoring twice (panic hook, then drop) is harmless.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether we sent BDSM explicit mode and so must send implicit mode on the way out.
static EXPLICIT_BIDI: AtomicBool = AtomicBool::new(false);

/// Takes the terminal. `explicit_bidi`: akhbar reorders right-to-left text itself.
pub fn enter(explicit_bidi: bool) -> io::Result<Term> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
    set_bidi_mode(&mut out, explicit_bidi)?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Switches the terminal's own bidi off (akhbar reorders) or back on (`--bidi off`).
pub fn set_bidi_mode(out: &mut impl Write, explicit: bool) -> io::Result<()> {
    EXPLICIT_BIDI.store(explicit, Ordering::SeqCst);
    out.write_all(if explicit {
        BIDI_EXPLICIT
    } else {
        BIDI_IMPLICIT
    })?;
    out.flush()
}

/// Gives the terminal back. Safe to call more than once and from the panic hook.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if EXPLICIT_BIDI.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(BIDI_IMPLICIT);
    }
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the default panic message prints, so it is readable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Ctrl-Z: gives the terminal back, stops the process as the shell expects, and takes the
/// terminal again when the shell says `fg`.
pub fn suspend(term: &mut Term, explicit_bidi: bool) -> io::Result<()> {
    restore();
    // SAFETY: raising a signal on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    // Execution continues here after SIGCONT.
    let fresh = enter(explicit_bidi)?;
    *term = fresh;
    term.clear()
}

/// The local terminal as the event loop's screen.
pub struct Local(pub Term);

impl super::run::Screen for Local {
    type Backend = CrosstermBackend<Stdout>;

    fn terminal(&mut self) -> &mut Term {
        &mut self.0
    }

    fn set_bidi_mode(&mut self, explicit: bool) -> io::Result<()> {
        set_bidi_mode(self.0.backend_mut(), explicit)
    }

    fn suspend(&mut self, explicit_bidi: bool) -> io::Result<()> {
        suspend(&mut self.0, explicit_bidi)
    }

    fn send(&mut self, bytes: &[u8]) -> io::Result<bool> {
        let out = self.0.backend_mut();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(true)
    }
}

/// The local terminal's input for the event loop: the terminal's bytes read by akhbar's own
/// parser ([`super::input::events`], the one remote sessions use), window changes as
/// resizes, and SIGTERM or SIGHUP as the word to quit.
///
/// Not crossterm's event reader: it takes ESC ESC arriving in one read for a single Esc, so
/// a quick second Esc (or two sent by a multiplexer in one burst) was lost.
pub fn local_input() -> io::Result<impl futures::Stream<Item = super::run::Input> + Unpin> {
    use super::run::Input;
    use futures::StreamExt;
    use tokio::signal::unix::{signal, SignalKind};
    let bytes = terminal_bytes()?;
    let on_signal = |kind| -> io::Result<_> {
        let s = signal(kind)?;
        Ok(futures::stream::unfold(s, |mut s| async move {
            s.recv().await.map(|_| ((), s))
        }))
    };
    let resizes = on_signal(SignalKind::window_change())?.filter_map(|()| async {
        crossterm::terminal::size()
            .ok()
            .map(|(w, h)| Input::Event(crossterm::event::Event::Resize(w, h)))
    });
    let quits = futures::stream::select(
        on_signal(SignalKind::terminate())?,
        on_signal(SignalKind::hangup())?,
    )
    .map(|()| Input::Quit);
    // The end of the terminal's bytes ends the stream with Quit (`events` says so last).
    let events = super::input::events(bytes);
    Ok(Box::pin(futures::stream::select(
        events,
        futures::stream::select(resizes, quits),
    )))
}

/// The terminal's bytes as they come, read on a thread of their own (a read blocks): from
/// stdin when it is the terminal, else from `/dev/tty`. The stream ends when the terminal
/// does.
fn terminal_bytes() -> io::Result<impl futures::Stream<Item = Vec<u8>> + Unpin> {
    use std::io::{IsTerminal, Read};
    let mut source: Box<dyn Read + Send> = if io::stdin().is_terminal() {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open("/dev/tty")?)
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    std::thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match source.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if tx.blocking_send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
        })?;
    Ok(Box::pin(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (b, rx))
    })))
}

/// Undoes `enter` when dropped, so an early return or `?` still restores the terminal.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
