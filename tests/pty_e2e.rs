//! The real binary in a pseudo-terminal: everything it writes goes through a vt100 parser, and
//! the tests wait on what the parsed screen shows (never fixed sleeps), press keys, resize the
//! terminal, send signals, and check that the terminal is handed back restored.

mod common;

use common::pty::{status_line, Session, BIN};
use std::time::Duration;

const ENTER_ALT_SCREEN: &str = "\x1b[?1049h";
const LEAVE_ALT_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const MOUSE_OFF: &str = "\x1b[?1000l";
const BIDI_EXPLICIT: &str = "\x1b[8l";
const BIDI_IMPLICIT: &str = "\x1b[8h";

/// "Reader · line N of M" in the reader's title: (N, M).
fn reader_position(screen: &str) -> Option<(usize, usize)> {
    let marker = "Reader · line ";
    let at = screen.find(marker)?;
    let mut words = screen[at + marker.len()..].split(' ');
    let n = words.next()?.parse().ok()?;
    (words.next()? == "of").then_some(())?;
    let m = words.next()?.parse().ok()?;
    Some((n, m))
}

fn find(hay: &[u8], needle: &str) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

fn rfind(hay: &[u8], needle: &str) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w == needle.as_bytes())
}

/// The start sequences came first, and the stream ends by giving the terminal back: after the
/// last `CSI 8 h` only private-mode resets (mouse off, leave the alternate screen, show the
/// cursor) follow, with nothing drawn after them.
fn assert_restored(bytes: &[u8]) {
    let shown = || String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(300)..]).into_owned();
    let enter = find(bytes, ENTER_ALT_SCREEN).expect("entered the alternate screen");
    let explicit = find(bytes, BIDI_EXPLICIT).expect("sent BDSM explicit (CSI 8 l)");
    let first_draw = find(bytes, "Unread").expect("drew the list");
    assert!(enter < first_draw && explicit < first_draw);

    let implicit =
        rfind(bytes, BIDI_IMPLICIT).unwrap_or_else(|| panic!("no CSI 8 h: {:?}", shown()));
    assert!(implicit > rfind(bytes, BIDI_EXPLICIT).unwrap());
    for seq in [LEAVE_ALT_SCREEN, SHOW_CURSOR, MOUSE_OFF] {
        let at = rfind(bytes, seq).unwrap_or_else(|| panic!("{seq:?} missing: {:?}", shown()));
        assert!(
            at > implicit,
            "{seq:?} before the final CSI 8 h: {:?}",
            shown()
        );
    }
    assert!(rfind(bytes, LEAVE_ALT_SCREEN) > rfind(bytes, ENTER_ALT_SCREEN));
    // Everything after the final CSI 8 h is `CSI ? digits h|l`.
    let mut tail = &bytes[implicit + BIDI_IMPLICIT.len()..];
    while !tail.is_empty() {
        let Some(rest) = tail.strip_prefix(b"\x1b[?") else {
            panic!(
                "unexpected bytes after the restore: {:?}",
                String::from_utf8_lossy(tail)
            );
        };
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        assert!(digits > 0, "{:?}", String::from_utf8_lossy(tail));
        assert!(
            matches!(rest.get(digits), Some(b'h' | b'l')),
            "{:?}",
            String::from_utf8_lossy(tail)
        );
        tail = &rest[digits + 1..];
    }
}

fn wait_for_list(s: &mut Session) -> String {
    // The whole first frame: the list's first and last rows and the status bar.
    s.wait_for("the article list", |screen| {
        screen.contains("Unread 10")
            && screen.contains("2024-08-18")
            && screen.contains("no date")
            && status_line(screen).contains("LIST")
            && status_line(screen).contains("10 unread")
    })
}

#[test]
fn open_scroll_help_resize_quit() {
    let mut s = Session::start(&[], 80, 24);
    let screen = wait_for_list(&mut s);
    assert!(status_line(&screen).contains("10 unread"), "{screen}");

    s.send(b"jj\r");
    // The reader focused, one article read, and its layout in (the "line N of M" title).
    let screen = s.wait_for("the reader focused", |sc| {
        status_line(sc).contains("READER")
            && status_line(sc).contains("9 unread")
            && reader_position(sc).is_some()
    });
    let (n0, m) = reader_position(&screen).expect("Reader N/M");
    assert!(m > n0, "{n0}/{m}");

    s.send(b"\x04"); // Ctrl-d
    let screen = s.wait_for("the reader scrolled", |sc| {
        reader_position(sc).is_some_and(|(n, _)| n > n0)
    });
    let (n1, m1) = reader_position(&screen).unwrap();
    assert_eq!(m1, m);
    assert!(n1 > n0);

    s.send(b"?");
    s.wait_for("the help overlay", |sc| {
        sc.contains("Keys 1-")
            && sc.contains("Half a page down")
            && status_line(sc).contains("HELP")
    });
    // Esc alone; a pause so that the next key is not read as Alt-<key>.
    s.send(b"\x1b");
    s.wait_for("the overlay closed", |sc| !sc.contains("Keys"));
    std::thread::sleep(Duration::from_millis(100));

    s.resize(120, 40);
    // Facts beside list and reader, about the open article (newest first, the third is
    // the iPhone 16 article of 2024-09-10).
    s.wait_for("three panes at 120x40", |sc| {
        sc.contains("Facts")
            && sc.contains("Unread 10")
            && sc.contains("Reader")
            && sc.contains("9 paragraphs")
            && status_line(sc).contains("READER")
    });

    s.resize(40, 12);
    s.wait_for("one pane at 40x12", |sc| {
        sc.contains("Reader")
            && !sc.contains("Facts")
            && !sc.contains("Unread")
            && status_line(sc).contains("READER")
    });

    s.send(b"q");
    let (status, bytes) = s.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&bytes);
}

/// A window being dragged: many sizes in quick succession while layouts are being made for
/// each. The program must stay up and end drawn for the last size.
#[test]
fn rapid_resizes_keep_it_running() {
    let mut s = Session::start(&[], 80, 24);
    wait_for_list(&mut s);
    s.send(b"\r");
    s.wait_for("the reader", |sc| reader_position(sc).is_some());
    for round in 0..3u16 {
        for (cols, rows) in [(120, 40), (40, 12), (100, 30), (30, 8), (130, 45), (60, 20)] {
            s.resize(cols + round, rows);
            std::thread::sleep(Duration::from_millis(3));
        }
    }
    s.resize(120, 40);
    s.wait_for("three panes at 120x40", |sc| {
        sc.contains("Facts") && sc.contains("Unread 10") && reader_position(sc).is_some()
    });
    s.send(b"q");
    let (status, bytes) = s.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&bytes);
}

fn signal_restores(sig: libc::c_int) {
    let mut s = Session::start(&[], 80, 24);
    wait_for_list(&mut s);
    let (_, first_len) = reader_position(&s.wait_for("the first article's layout", |sc| {
        reader_position(sc).is_some()
    }))
    .unwrap();
    // The reader follows the selection: the second article has its own length.
    s.send(b"j");
    s.wait_for("the second article in the reader", |sc| {
        reader_position(sc).is_some_and(|(_, m)| m != first_len)
    });
    s.signal(sig);
    let (status, bytes) = s.finish();
    assert!(status.success(), "signal {sig}: {status:?}");
    assert_restored(&bytes);
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores(libc::SIGHUP);
}

#[test]
fn a_missing_path_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    let out = std::process::Command::new(BIN)
        .arg(&missing)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("running akhbar");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("akhbar:"), "{stderr}");
    assert!(stderr.contains("nonexistent"), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// The screen shows right-to-left text in visual order: the seed's title reads, cell by
/// cell, as the text layer lays it out for the reader (reordered, shaped, right-aligned).
#[test]
fn the_screen_shows_visual_order() {
    use akhbar::text::{layout, Base, LayoutOptions};
    use akhbar::ui::layout::{compute, reader_text_width, Pane};
    let title = "زيارة بوتين إلى أذربيجان: تعزيز العلاقات والتعاون بين البلدين";
    let areas = compute(ratatui::layout::Rect::new(0, 0, 80, 24), Pane::List, false);
    let width = reader_text_width(&areas).expect("a reader at 80x24") as usize;
    let opts = LayoutOptions {
        base: Base::Rtl,
        ..LayoutOptions::new(width)
    };
    let first = layout(title, &opts).remove(0).visual_text();
    let mut s = Session::start(&[], 80, 24);
    wait_for_list(&mut s);
    // Newest first: the seed (2024-08-18) is the fourth article.
    s.send(b"jjj");
    let screen = s.wait_for("the seed's title in visual order", |sc| sc.contains(&first));
    // And not in logical order anywhere.
    assert!(!screen.contains("زيارة بوتين"), "{screen}");
    s.send(b"q");
    let (status, _) = s.finish();
    assert!(status.success());
}

/// Two Escs in one write (a user quick on the key, or a multiplexer passing keys on in one
/// burst) are two keys: the first leaves the reader, the second clears the filter. A parser
/// that read ESC ESC as one key lost the second.
/// The dashboard at 80x24 with the list filtered to the one Apple story, the list focused.
fn filtered_to_one() -> Session {
    let mut s = Session::start(&[], 80, 24);
    wait_for_list(&mut s);
    s.send(b"/Apple\r");
    s.wait_for("the filtered list", |sc| {
        sc.contains("Unread 1 of 10") && status_line(sc).contains("LIST")
    });
    s
}

#[test]
fn escape_and_a_key_in_one_write_are_two_keys() {
    // ESC q in one read is how a terminal sends Alt-q; nothing is bound to Alt-q, so it is
    // Esc (the filter cleared) and then q (quit), as tmux's `send-keys Escape q` means.
    let mut s = filtered_to_one();
    s.send(b"\x1bq");
    let (status, bytes) = s.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&bytes);
}

#[test]
fn two_escapes_in_one_write_are_two_keys() {
    let mut s = filtered_to_one();
    s.send(b"\r");
    s.wait_for("the reader focused", |sc| {
        status_line(sc).contains("READER")
    });
    s.send(b"\x1b\x1b");
    s.wait_for("the list, unfiltered", |sc| {
        sc.contains("press / to filter")
            && !sc.contains(" of 10")
            && status_line(sc).contains("LIST")
    });
    s.send(b"q");
    let (status, bytes) = s.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&bytes);
}
