//! A remote session's screen: ratatui's crossterm backend writing into a buffer that goes
//! out as SSH channel data, at the size the client's pty says. Nothing here touches the
//! server's own terminal: the size and the cursor are what the session knows, never asked
//! of a tty.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, queue};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Write};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;

/// The largest pty a client may ask for: bigger requests are drawn at this size, so a
/// window-change of 65535 x 65535 cannot make the server allocate gigabytes of cells.
pub const MAX_COLS: u16 = 400;
pub const MAX_ROWS: u16 = 150;

/// Output queued for a client that does not read it; past this the session is ended
/// (each frame is small; only a client that stopped reading gets here).
pub const MAX_QUEUED: usize = 8 << 20;

/// A size a client asked for, made safe: at least 1 x 1, at most the maximum.
pub fn clamp(cols: u32, rows: u32) -> (u16, u16) {
    let c = cols.clamp(1, u32::from(MAX_COLS)) as u16;
    let r = rows.clamp(1, u32::from(MAX_ROWS)) as u16;
    (c, r)
}

/// The session's size as the input side last saw it, shared with the screen.
#[derive(Debug, Clone, Default)]
pub struct SharedSize(Arc<AtomicU32>);

impl SharedSize {
    pub fn new(cols: u16, rows: u16) -> SharedSize {
        let s = SharedSize::default();
        s.set(cols, rows);
        s
    }

    pub fn set(&self, cols: u16, rows: u16) {
        self.0
            .store((u32::from(cols) << 16) | u32::from(rows), Ordering::Relaxed);
    }

    pub fn get(&self) -> Size {
        let v = self.0.load(Ordering::Relaxed);
        Size::new((v >> 16) as u16, v as u16)
    }
}

/// Where frames are written: a buffer, handed to the channel's writer on each flush.
pub struct Sink {
    buf: Vec<u8>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    queued: Arc<AtomicUsize>,
}

impl Sink {
    /// A sink sending to `out`; `queued` counts the bytes sent and not yet written to the
    /// channel (the writer takes them off).
    pub fn new(out: mpsc::UnboundedSender<Vec<u8>>, queued: Arc<AtomicUsize>) -> Sink {
        Sink {
            buf: Vec::new(),
            out,
            queued,
        }
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let n = self.buf.len();
        if self.queued.fetch_add(n, Ordering::Relaxed) + n > MAX_QUEUED {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client stopped reading",
            ));
        }
        self.out
            .send(std::mem::take(&mut self.buf))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the channel is closed"))
    }
}

/// ratatui's crossterm backend over a [`Sink`], answering size and cursor questions from
/// what the session knows instead of asking the server's tty.
pub struct ChannelBackend {
    inner: CrosstermBackend<Sink>,
    size: SharedSize,
    cursor: Position,
}

impl Backend for ChannelBackend {
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.cursor = p;
        self.inner.set_cursor_position(p)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// ECMA-48 BDSM, as the local terminal sends it (see `ui::terminal`).
const BIDI_EXPLICIT: &[u8] = b"\x1b[8l";
const BIDI_IMPLICIT: &[u8] = b"\x1b[8h";

/// A session's screen for the event loop.
pub struct Remote {
    terminal: Terminal<ChannelBackend>,
}

impl Remote {
    /// Takes the client's terminal as the local dashboard takes its own: the alternate
    /// screen, mouse reports, the cursor hidden, bidi mode.
    pub fn enter(sink: Sink, size: SharedSize, explicit_bidi: bool) -> io::Result<Remote> {
        let s = size.get();
        let backend = ChannelBackend {
            inner: CrosstermBackend::new(sink),
            size,
            cursor: Position::ORIGIN,
        };
        let viewport = Viewport::Fixed(Rect::new(0, 0, s.width, s.height));
        let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport })?;
        let out = &mut terminal.backend_mut().inner;
        queue!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
        out.write_all(if explicit_bidi {
            BIDI_EXPLICIT
        } else {
            BIDI_IMPLICIT
        })?;
        Write::flush(out)?;
        Ok(Remote { terminal })
    }

    /// Gives the client's terminal back as it was, then `farewell` on the normal screen.
    pub fn leave(mut self, explicit_bidi: bool, farewell: &str) -> io::Result<()> {
        let out = &mut self.terminal.backend_mut().inner;
        if explicit_bidi {
            out.write_all(BIDI_IMPLICIT)?;
        }
        queue!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show)?;
        if !farewell.is_empty() {
            out.write_all(farewell.as_bytes())?;
            out.write_all(b"\r\n")?;
        }
        Write::flush(out)
    }
}

impl crate::ui::run::Screen for Remote {
    type Backend = ChannelBackend;

    fn terminal(&mut self) -> &mut Terminal<ChannelBackend> {
        &mut self.terminal
    }

    fn set_bidi_mode(&mut self, explicit: bool) -> io::Result<()> {
        let out = &mut self.terminal.backend_mut().inner;
        out.write_all(if explicit {
            BIDI_EXPLICIT
        } else {
            BIDI_IMPLICIT
        })?;
        Write::flush(out)
    }

    /// A session has no shell of the server's to go back to: Ctrl-Z does nothing (the loop
    /// redraws).
    fn suspend(&mut self, _explicit_bidi: bool) -> io::Result<()> {
        Ok(())
    }

    fn send(&mut self, bytes: &[u8]) -> io::Result<bool> {
        let out = &mut self.terminal.backend_mut().inner;
        out.write_all(bytes)?;
        Write::flush(out)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_kept_in_bounds() {
        assert_eq!(clamp(0, 0), (1, 1));
        assert_eq!(clamp(80, 24), (80, 24));
        assert_eq!(clamp(u32::MAX, 65535), (MAX_COLS, MAX_ROWS));
    }

    #[test]
    fn a_client_that_does_not_read_ends_its_session() {
        let (tx, _rx) = mpsc::unbounded_channel();
        let mut sink = Sink::new(tx, Arc::new(AtomicUsize::new(0)));
        let chunk = vec![b'x'; 1 << 20];
        let mut failed = None;
        for i in 0..16 {
            sink.write_all(&chunk).unwrap();
            if let Err(e) = sink.flush() {
                failed = Some((i, e.kind()));
                break;
            }
        }
        assert_eq!(failed, Some((8, io::ErrorKind::BrokenPipe)));
    }
}
