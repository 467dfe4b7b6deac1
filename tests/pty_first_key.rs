//! No keystroke typed from the moment akhbar starts is lost: the real binary in a
//! pseudo-terminal gets a key before it has written anything, as its first bytes arrive, and
//! the moment its first frame appears, many times over; and several keys in one write. Each
//! key must have its effect on the screen (the status bar says `Starred`, the selection
//! moved).

mod common;

use common::pty::{status_line, Session};
use std::time::{Duration, Instant};

/// When the key is sent, counted from the spawn.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// Before akhbar has written a byte: it may not even have taken the terminal yet.
    AtSpawn,
    /// As its first bytes arrive (the alternate screen, before any frame).
    FirstBytes,
    /// As soon as the parsed screen shows anything of the first frame.
    FirstFrame,
}

fn wait_until(s: &Session, what: &str, ok: impl Fn(&Session) -> bool) {
    let start = Instant::now();
    while !ok(s) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}:\n{}",
            s.contents()
        );
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Starts akhbar on a fresh store, sends `keys` at `moment`, and returns whether the screen
/// came to show `done` (within the test's timeout; false if it never did).
fn keys_take_effect(moment: Moment, keys: &[u8], done: impl Fn(&str) -> bool) -> bool {
    let mut s = Session::start(&[], 100, 26);
    match moment {
        Moment::AtSpawn => {}
        Moment::FirstBytes => wait_until(&s, "any output", |s| !s.raw().is_empty()),
        Moment::FirstFrame => {
            wait_until(&s, "the first frame", |s| !s.contents().trim().is_empty())
        }
    }
    s.send(keys);
    let start = Instant::now();
    let seen = loop {
        let screen = s.contents();
        if done(&screen) {
            break true;
        }
        if start.elapsed() > Duration::from_secs(15) {
            eprintln!("{moment:?}: the screen never showed the keys' effect:\n{screen}");
            break false;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    s.send(b"q");
    let _ = s.finish();
    seen
}

fn starred(screen: &str) -> bool {
    let status = status_line(screen);
    status.contains("Starred") && status.contains("1 starred")
}

#[test]
fn a_key_at_the_first_frame_is_never_dropped() {
    let mut dropped = Vec::new();
    let runs = [
        (Moment::AtSpawn, 6),
        (Moment::FirstBytes, 6),
        (Moment::FirstFrame, 20),
    ];
    let mut total = 0;
    for (moment, times) in runs {
        for i in 0..times {
            total += 1;
            if !keys_take_effect(moment, b"s", starred) {
                dropped.push(format!("{moment:?} #{i}"));
            }
        }
    }
    assert!(
        dropped.is_empty(),
        "dropped {} of {total}: {dropped:?}",
        dropped.len()
    );
}

#[test]
fn several_keys_in_one_write_at_the_first_frame_all_count() {
    // Down twice, star, down, star: two starred articles, the fourth selected. The list's
    // rows are newest first, so the third and fourth rows are the 2024-09-10 and 2024-08-18
    // articles; both must show the star.
    for i in 0..6 {
        let moment = if i % 2 == 0 {
            Moment::FirstFrame
        } else {
            Moment::AtSpawn
        };
        let ok = keys_take_effect(moment, b"jjsjs", |screen| {
            status_line(screen).contains("2 starred")
                && screen
                    .lines()
                    .any(|l| l.contains('★') && l.contains("2024-08-18"))
                && screen
                    .lines()
                    .any(|l| l.contains('★') && l.contains("2024-09-10"))
        });
        assert!(
            ok,
            "{moment:?} #{i}: not every key of one write took effect"
        );
    }
}
