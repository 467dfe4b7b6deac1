//! Terminal input bytes to events: what a terminal sends for keys, the mouse (SGR reports) and
//! bracketed paste, parsed into crossterm's `Event`s, so that a session whose bytes arrive over
//! a channel (`akhbar serve`) and the tests drive the same loop as the local terminal, whose
//! events crossterm reads itself.
//!
//! The parser keeps what it could not finish (a sequence split across two reads) and never
//! holds more than [`MAX_PENDING`] bytes: input is untrusted, and a sequence that never ends
//! must not grow without bound. Unknown sequences are dropped whole, never passed on as keys.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

/// Bytes kept for an unfinished escape sequence; past this it is dropped.
pub const MAX_PENDING: usize = 256;

/// Bytes of one bracketed paste kept; the rest of an oversized paste is dropped.
pub const MAX_PASTE: usize = 1 << 20;

const ESC: u8 = 0x1b;

/// An incremental parser of terminal input.
#[derive(Debug, Default)]
pub struct Parser {
    pending: Vec<u8>,
    /// Inside a bracketed paste: the text so far (capped) and whether it was cut.
    paste: Option<Vec<u8>>,
}

/// What one attempt at the front of the buffer found.
enum Step {
    /// An event (or nothing, for a sequence that means nothing to us) took this many bytes.
    Done(Option<Event>, usize),
    /// The bytes so far are the start of a sequence: wait for more.
    Incomplete,
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Parses `bytes` and returns the events they complete, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        self.pending.extend_from_slice(bytes);
        let mut at = 0;
        while at < self.pending.len() {
            if let Some(paste) = &mut self.paste {
                let rest = &self.pending[at..];
                match find(rest, b"\x1b[201~") {
                    Some(end) => {
                        keep_capped(paste, &rest[..end]);
                        let text = String::from_utf8_lossy(paste).into_owned();
                        self.paste = None;
                        out.push(Event::Paste(text));
                        at += end + 6;
                        continue;
                    }
                    None => {
                        // Keep a possible start of the end marker for the next read.
                        let keep = partial_suffix(rest, b"\x1b[201~");
                        keep_capped(paste, &rest[..rest.len() - keep]);
                        at = self.pending.len() - keep;
                        break;
                    }
                }
            }
            match step(&self.pending[at..]) {
                Step::Done(event, used) => {
                    at += used;
                    match event {
                        Some(Event::Paste(_)) => self.paste = Some(Vec::new()),
                        Some(e) => out.push(e),
                        None => {}
                    }
                }
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        if self.pending.len() > MAX_PENDING && self.paste.is_none() {
            self.pending.clear();
        }
        out
    }

    /// Whether bytes wait for the rest of a sequence (a lone ESC may be the Esc key: the
    /// caller calls [`Parser::flush`] when no more bytes come soon).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() && self.paste.is_none()
    }

    /// Ends what is pending as keys: a lone ESC is Esc, ESC + a char is Alt + that char.
    pub fn flush(&mut self) -> Vec<Event> {
        if self.paste.is_some() {
            return Vec::new();
        }
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [] => Vec::new(),
            [ESC] => vec![key(KeyCode::Esc, KeyModifiers::NONE)],
            [ESC, rest @ ..] => match std::str::from_utf8(rest)
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) => vec![key(KeyCode::Char(c), KeyModifiers::ALT)],
                None => vec![key(KeyCode::Esc, KeyModifiers::NONE)],
            },
            // An unfinished UTF-8 char that never finished: nothing to type.
            _ => Vec::new(),
        }
    }
}

fn keep_capped(buf: &mut Vec<u8>, more: &[u8]) {
    let room = MAX_PASTE.saturating_sub(buf.len());
    buf.extend_from_slice(&more[..more.len().min(room)]);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The length of the longest end of `hay` that is a proper start of `marker`.
fn partial_suffix(hay: &[u8], marker: &[u8]) -> usize {
    (1..marker.len())
        .rev()
        .find(|&n| n <= hay.len() && hay[hay.len() - n..] == marker[..n])
        .unwrap_or(0)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn step(buf: &[u8]) -> Step {
    match buf[0] {
        ESC => escape(buf),
        b'\r' | b'\n' => Step::Done(Some(key(KeyCode::Enter, KeyModifiers::NONE)), 1),
        b'\t' => Step::Done(Some(key(KeyCode::Tab, KeyModifiers::NONE)), 1),
        0x7f | 0x08 => Step::Done(Some(key(KeyCode::Backspace, KeyModifiers::NONE)), 1),
        0 => Step::Done(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        b @ 0x01..=0x1a => {
            let c = (b - 1 + b'a') as char;
            Step::Done(Some(key(KeyCode::Char(c), KeyModifiers::CONTROL)), 1)
        }
        // Ctrl-\ ] ^ _ : nothing is bound to them; dropped.
        0x1c..=0x1f => Step::Done(None, 1),
        _ => char_at(buf, KeyModifiers::NONE),
    }
}

/// A UTF-8 char at the front; an invalid byte is dropped alone.
fn char_at(buf: &[u8], mods: KeyModifiers) -> Step {
    let len = match buf[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(None, 1),
    };
    if buf.len() < len {
        // Only wait if what is there could still become a char.
        return if buf[1..].iter().all(|b| b & 0xc0 == 0x80) {
            Step::Incomplete
        } else {
            Step::Done(None, 1)
        };
    }
    match std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) if !c.is_control() => {
            let mut mods = mods;
            if c.is_uppercase() {
                mods |= KeyModifiers::SHIFT;
            }
            Step::Done(Some(key(KeyCode::Char(c), mods)), len)
        }
        Some(_) => Step::Done(None, len),
        None => Step::Done(None, 1),
    }
}

fn escape(buf: &[u8]) -> Step {
    let Some(&next) = buf.get(1) else {
        return Step::Incomplete;
    };
    match next {
        b'[' => csi(buf),
        // OSC, DCS, APC, PM strings (a terminal's replies): up to BEL or ST, dropped whole.
        b']' | b'P' | b'_' | b'^' => string_sequence(buf),
        b'O' => match buf.get(2) {
            None => Step::Incomplete,
            Some(&c) => Step::Done(ss3(c).map(|k| key(k, KeyModifiers::NONE)), 3),
        },
        ESC => Step::Done(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        0x7f => Step::Done(Some(key(KeyCode::Backspace, KeyModifiers::ALT)), 2),
        b'\r' => Step::Done(Some(key(KeyCode::Enter, KeyModifiers::ALT)), 2),
        _ => match char_at(&buf[1..], KeyModifiers::ALT) {
            Step::Done(e, n) => Step::Done(e, n + 1),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

fn string_sequence(buf: &[u8]) -> Step {
    let body = &buf[2..];
    match body.iter().position(|&b| b == 0x07 || b == ESC) {
        Some(i) if body[i] == 0x07 => Step::Done(None, 2 + i + 1),
        Some(i) => match body.get(i + 1) {
            None => Step::Incomplete,
            Some(b'\\') => Step::Done(None, 2 + i + 2),
            // Another sequence began: this string ended without its terminator.
            Some(_) => Step::Done(None, 2 + i),
        },
        None => Step::Incomplete,
    }
}

fn ss3(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `ESC [` params final: the final byte is in 0x40..=0x7e; parameters and intermediates
/// before it.
fn csi(buf: &[u8]) -> Step {
    let body = &buf[2..];
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        // Only parameter and intermediate bytes so far: wait, unless something else came.
        return if body.iter().all(|b| (0x20..=0x3f).contains(b)) {
            Step::Incomplete
        } else {
            Step::Done(None, 2)
        };
    };
    let used = 2 + end + 1;
    let params = &body[..end];
    let last = body[end];
    if params.first() == Some(&b'<') {
        return Step::Done(sgr_mouse(&params[1..], last), used);
    }
    let text = std::str::from_utf8(params).unwrap_or("");
    let nums: Vec<u16> = text
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect::<Vec<_>>();
    let mods = nums.get(1).map_or(KeyModifiers::NONE, |&m| modifiers(m));
    let code = match last {
        b'A' => Some(KeyCode::Up),
        b'B' => Some(KeyCode::Down),
        b'C' => Some(KeyCode::Right),
        b'D' => Some(KeyCode::Left),
        b'H' => Some(KeyCode::Home),
        b'F' => Some(KeyCode::End),
        b'Z' => return Step::Done(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        b'~' => match nums.first().copied().unwrap_or(0) {
            200 => return Step::Done(Some(Event::Paste(String::new())), used),
            1 | 7 => Some(KeyCode::Home),
            2 => Some(KeyCode::Insert),
            3 => Some(KeyCode::Delete),
            4 | 8 => Some(KeyCode::End),
            5 => Some(KeyCode::PageUp),
            6 => Some(KeyCode::PageDown),
            n @ 11..=15 => Some(KeyCode::F((n - 10) as u8)),
            n @ 17..=21 => Some(KeyCode::F((n - 11) as u8)),
            n @ 23..=24 => Some(KeyCode::F((n - 12) as u8)),
            _ => None,
        },
        _ => None,
    };
    Step::Done(code.map(|c| key(c, mods)), used)
}

/// xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4).
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// An SGR mouse report: `ESC [ < button ; column ; row M` (press) or `m` (release); column
/// and row count from 1.
fn sgr_mouse(params: &[u8], last: u8) -> Option<Event> {
    if last != b'M' && last != b'm' {
        return None;
    }
    let text = std::str::from_utf8(params).ok()?;
    let mut parts = text.split(';').map(|p| p.parse::<u16>().ok());
    let (b, x, y) = (parts.next()??, parts.next()??, parts.next()??);
    let mut modifiers = KeyModifiers::NONE;
    if b & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    let button = match b & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if b & 64 != 0 {
        match b & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        if b & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if last == b'm' {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        modifiers,
    }))
}

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
pub const ESC_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The event loop's input from a stream of byte chunks (a remote session's channel, a
/// test): every event the bytes hold, in order, then [`Input::Quit`] when the bytes end.
///
/// [`Input::Quit`]: super::run::Input::Quit
pub fn events<S>(bytes: S) -> impl futures::Stream<Item = super::run::Input> + Unpin
where
    S: futures::Stream<Item = Vec<u8>> + Unpin,
{
    use super::run::Input;
    use futures::StreamExt;
    use std::collections::VecDeque;
    struct State<S> {
        bytes: S,
        parser: Parser,
        ready: VecDeque<Event>,
        ended: bool,
        quit_sent: bool,
    }
    let state = State {
        bytes,
        parser: Parser::new(),
        ready: VecDeque::new(),
        ended: false,
        quit_sent: false,
    };
    Box::pin(futures::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(e) = st.ready.pop_front() {
                return Some((Input::Event(e), st));
            }
            if st.ended {
                if st.quit_sent {
                    return None;
                }
                st.quit_sent = true;
                return Some((Input::Quit, st));
            }
            let next = if st.parser.has_pending() {
                match tokio::time::timeout(ESC_WAIT, st.bytes.next()).await {
                    Ok(next) => next,
                    Err(_) => {
                        st.ready.extend(st.parser.flush());
                        continue;
                    }
                }
            } else {
                st.bytes.next().await
            };
            match next {
                Some(chunk) => st.ready.extend(st.parser.feed(&chunk)),
                None => {
                    st.ready.extend(st.parser.flush());
                    st.ended = true;
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        let mut p = Parser::new();
        let mut events = p.feed(bytes);
        events.extend(p.flush());
        events
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn plain_keys_in_one_write_are_all_there_in_order() {
        let got = keys(b"4gjjjn");
        let want: Vec<_> = "4gjjjn".chars().map(|c| (KeyCode::Char(c), NONE)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn arabic_text_and_upper_case() {
        let got = keys("سلام G".as_bytes());
        assert_eq!(got[0], (KeyCode::Char('س'), NONE));
        assert_eq!(got.len(), 6);
        assert_eq!(got[5], (KeyCode::Char('G'), KeyModifiers::SHIFT));
    }

    #[test]
    fn control_keys_enter_tab_backspace() {
        assert_eq!(
            keys(b"\x01\x15\r\t\x7f"),
            vec![
                (KeyCode::Char('a'), KeyModifiers::CONTROL),
                (KeyCode::Char('u'), KeyModifiers::CONTROL),
                (KeyCode::Enter, NONE),
                (KeyCode::Tab, NONE),
                (KeyCode::Backspace, NONE),
            ]
        );
    }

    #[test]
    fn csi_and_ss3_keys_with_modifiers() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[1;5C\x1b[Z\x1b[3~"),
            vec![
                (KeyCode::Up, NONE),
                (KeyCode::Down, NONE),
                (KeyCode::PageUp, NONE),
                (KeyCode::PageDown, NONE),
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Delete, NONE),
            ]
        );
    }

    #[test]
    fn lone_escape_and_alt_letters() {
        assert_eq!(keys(b"\x1b"), vec![(KeyCode::Esc, NONE)]);
        assert_eq!(
            keys(b"\x1bb"),
            vec![(KeyCode::Char('b'), KeyModifiers::ALT)]
        );
        assert_eq!(
            keys(b"\x1b\x1b"),
            vec![(KeyCode::Esc, NONE), (KeyCode::Esc, NONE)]
        );
    }

    #[test]
    fn a_sequence_split_across_reads_is_one_key() {
        let mut p = Parser::new();
        assert!(p.feed(b"\x1b[").is_empty());
        assert!(p.has_pending());
        let e = p.feed(b"B");
        assert_eq!(e, vec![key(KeyCode::Down, NONE)]);
        // And a UTF-8 char split in two.
        let s = "ع".as_bytes();
        assert!(p.feed(&s[..1]).is_empty());
        assert_eq!(p.feed(&s[1..]), vec![key(KeyCode::Char('ع'), NONE)]);
    }

    #[test]
    fn sgr_mouse_reports() {
        let mut p = Parser::new();
        let e = p.feed(b"\x1b[<0;10;5M\x1b[<65;3;4M\x1b[<0;10;5m");
        assert_eq!(e.len(), 3);
        let Event::Mouse(m) = &e[0] else { panic!() };
        assert_eq!(
            (m.kind, m.column, m.row),
            (MouseEventKind::Down(MouseButton::Left), 9, 4)
        );
        let Event::Mouse(m) = &e[1] else { panic!() };
        assert_eq!(m.kind, MouseEventKind::ScrollDown);
        let Event::Mouse(m) = &e[2] else { panic!() };
        assert_eq!(m.kind, MouseEventKind::Up(MouseButton::Left));
    }

    #[test]
    fn bracketed_paste_is_one_event_even_when_split() {
        let mut p = Parser::new();
        let mut e = p.feed(b"x\x1b[200~hello \x1b[2");
        e.extend(p.feed(b"01~y"));
        assert_eq!(
            e,
            vec![
                key(KeyCode::Char('x'), NONE),
                Event::Paste("hello ".into()),
                key(KeyCode::Char('y'), NONE),
            ]
        );
    }

    #[test]
    fn hostile_bytes_never_become_keys_or_grow_the_buffer() {
        let mut p = Parser::new();
        // An OSC title sequence, an unfinished CSI flood and invalid UTF-8.
        assert!(p.feed(b"\x1b]0;evil\x07\x1b]11;rgb:0/0/0\x1b\\").is_empty());
        assert!(!p.has_pending());
        let flood = vec![b'1'; 10_000];
        p.feed(b"\x1b[");
        p.feed(&flood);
        assert!(p.pending.len() <= MAX_PENDING);
        let e = p.feed(&[0xff, 0xfe, b'k']);
        assert_eq!(e.last(), Some(&key(KeyCode::Char('k'), NONE)));
        // A paste that never ends stays within its cap.
        let mut p = Parser::new();
        p.feed(b"\x1b[200~");
        for _ in 0..40 {
            p.feed(&vec![b'a'; 64 * 1024]);
        }
        assert!(p.paste.as_ref().unwrap().len() <= MAX_PASTE);
        assert!(p.pending.len() < 16);
    }
}
