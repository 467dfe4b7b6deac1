//! `o`, `L` and the link list, with a fake `$BROWSER`: a script that records the arguments
//! it is given. A hostile link (`;`, `$(…)`, spaces) arrives as one argument and nothing in
//! it runs; only http and https links leave. One test in its own binary, because it sets
//! `$BROWSER` for the process.

mod common;

use akhbar::ui::keymap::Command;
use akhbar::ui::Overrides;
use common::{cmd, key, keys, screen_rows};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::time::{Duration, Instant};

fn wait_for_lines(path: &Path, n: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.len() >= n || start.elapsed() > Duration::from_secs(20) {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn links_open_with_browser_as_one_argument_and_never_through_a_shell() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("args");
    let pwned = dir.path().join("pwned");
    let script = dir.path().join("browser");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf 'arg:%s\\n' \"$a\" >> '{}'; done\nprintf 'count:%s\\n' \"$#\" >> '{}'\n",
            record.display(),
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::env::set_var("BROWSER", &script);

    let hostile = format!(
        "https://news.example.org/a b;c$(touch {}) `touch {}` 'q\"",
        pwned.display(),
        pwned.display()
    );
    let mut articles = akhbar::ingest::load_embedded().articles;
    articles.sort_by_key(|a| std::cmp::Reverse(a.date));
    articles[0].url = Some(hostile.clone());
    articles[0]
        .paragraphs
        .last_mut()
        .unwrap()
        .text
        .push_str(" See https://second.example/x, then.");
    // A podcast episode's audio, its link as hostile as the article's.
    let audio = format!(
        "https://cdn.example.org/ep 1.mp3?a=1;b=$(touch {})&c=`touch {}`",
        pwned.display(),
        pwned.display()
    );
    articles[0].enclosures = vec![akhbar::model::Enclosure {
        url: audio.clone(),
        mime: Some("audio/mpeg".into()),
        bytes: Some(24_100_000),
    }];
    articles[1].url = Some("javascript:alert(1)".into());
    let mut app = akhbar::ui::setup(
        articles.clone(),
        vec![],
        &Overrides::default(),
        None,
        Rect::new(0, 0, 120, 40),
    );
    // The newest article first; the reader shows it, its host and its links at the end.
    assert_eq!(app.selected_row().unwrap().title, articles[0].title);
    cmd(&mut app, Command::Open);
    cmd(&mut app, Command::Bottom);
    let screen = screen_rows(&app).join("\n");
    assert!(screen.contains("news.example.org"), "{screen}");
    assert!(screen.contains("[2] https://second.example/x"), "{screen}");

    cmd(&mut app, Command::OpenLink);
    let lines = wait_for_lines(&record, 2);
    assert_eq!(
        lines,
        [format!("arg:{hostile}"), "count:1".to_string()],
        "the link is one argument, byte for byte"
    );
    // `L`, then a number and Enter: the second link.
    cmd(&mut app, Command::Links);
    keys(&mut app, "x2");
    key(&mut app, KeyCode::Enter);
    let lines = wait_for_lines(&record, 4);
    assert_eq!(lines[2..], ["arg:https://second.example/x", "count:1"]);
    // The enclosure is listed with its type and size, numbered after the links; its number
    // then Enter, typed in the reader, opens it with the same opener, as one argument.
    let screen = screen_rows(&app).join("\n").replace('\u{a0}', " ");
    assert!(screen.contains("[3] audio/mpeg · 24.1 MB ·"), "{screen}");
    let event = Event::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    let action = akhbar::ui::run::translate(&app, event).expect("a digit acts in the reader");
    common::update(&mut app, action);
    key(&mut app, KeyCode::Enter);
    let lines = wait_for_lines(&record, 6);
    assert_eq!(lines[4..], [format!("arg:{audio}"), "count:1".to_string()]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!pwned.exists(), "nothing in the link ran");

    // A javascript: link is not a link akhbar opens.
    cmd(&mut app, Command::Back);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Open);
    cmd(&mut app, Command::OpenLink);
    let m = app.message().as_ref().unwrap().text.clone();
    assert!(m.contains("no link"), "{m}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        wait_for_lines(&record, 6).len(),
        6,
        "nothing more was opened"
    );
}
