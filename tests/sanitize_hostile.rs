//! Untrusted bytes through the loader: escape sequences, C0/C1 controls, bidi overrides and
//! isolates, invalid UTF-8, odd line endings, empty and oversized input. Nothing an article
//! supplies may reach the terminal as a control, neither in the loaded text nor in the cells
//! the dashboard paints.

mod common;

use akhbar::error::{MAX_FILE_BYTES, MAX_TITLE_BYTES};
use akhbar::ingest::sanitize::sanitize;
use akhbar::ingest::{article_from_bytes, load_file, load_paths};
use akhbar::model::{Article, Origin};
use akhbar::ui::app::Action;
use akhbar::ui::keymap::Command;
use akhbar::ui::Overrides;
use common::settle;
use common::update;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// Loads bytes as one article file named `name`.
fn load(bytes: &[u8], name: &str) -> akhbar::error::Result<(Vec<Article>, Vec<String>)> {
    let path = PathBuf::from(name);
    article_from_bytes(bytes, None, &path, Origin::File(name.into()))
}

fn load_one(bytes: &[u8]) -> (Article, Vec<String>) {
    let (mut articles, warnings) = load(bytes, "hostile.txt").expect("the article loads");
    assert_eq!(articles.len(), 1);
    (articles.remove(0), warnings)
}

/// Why a char must never be in loaded text, or None if it is fine.
fn forbidden(c: char) -> Option<&'static str> {
    if c == '\u{1b}' {
        Some("ESC")
    } else if c == '\u{9b}' {
        Some("8-bit CSI")
    } else if c.is_control() {
        Some("a control character")
    } else if ('\u{202A}'..='\u{202E}').contains(&c) {
        Some("a bidi embedding or override")
    } else if ('\u{2066}'..='\u{2069}').contains(&c) {
        Some("a bidi isolate")
    } else {
        None
    }
}

fn assert_clean(what: &str, text: &str) {
    for (i, c) in text.char_indices() {
        if let Some(why) = forbidden(c) {
            panic!("{what}: {why} (U+{:04X}) at byte {i} in {text:?}", c as u32);
        }
    }
}

fn assert_article_clean(a: &Article) {
    assert_clean("title", &a.title);
    for (i, p) in a.paragraphs.iter().enumerate() {
        assert_clean(&format!("paragraph {i}"), &p.text);
    }
    if let Some(s) = &a.source {
        assert_clean("source", s);
    }
}

/// Hostile snippets, each put in a title and in a body paragraph.
const HOSTILE: &[(&str, &str)] = &[
    ("CSI colour", "\x1b[31mred\x1b[0m"),
    ("CSI clear screen", "\x1b[2J\x1b[H"),
    ("OSC 0 window title (BEL)", "\x1b]0;pwned\x07"),
    ("OSC 0 window title (ST)", "\x1b]0;pwned\x1b\\"),
    (
        "OSC 8 hyperlink",
        "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    ),
    ("DCS", "\x1bP1$r0m\x1b\\"),
    ("8-bit CSI", "\u{9b}31m"),
    ("8-bit OSC", "\u{9d}0;t\u{9c}"),
    ("NUL", "a\0b"),
    ("BEL", "a\x07b"),
    ("DEL", "a\x7fb"),
    ("backspace", "abc\x08\x08\x08xyz"),
    ("RLO", "\u{202E}gnirts desrever"),
    ("LRE RLE PDF LRO", "\u{202A}a\u{202B}b\u{202C}c\u{202D}d"),
    (
        "isolates",
        "\u{2066}lri\u{2069} \u{2067}rli\u{2069} \u{2068}fsi\u{2069}",
    ),
    ("tab", "a\tb"),
    ("C1 NEL", "a\u{85}b"),
    ("Arabic with RLO", "مرحبا \u{202E}بالعالم\u{202C}"),
];

#[test]
fn every_hostile_snippet_is_removed_from_titles_and_bodies() {
    for (name, snippet) in HOSTILE {
        let text = format!("Title {snippet} here\n\nBody before {snippet} after.\n");
        let (a, _) = load_one(text.as_bytes());
        assert_article_clean(&a);
        assert!(a.title.starts_with("Title"), "{name}: title {:?}", a.title);
        assert!(a.title.ends_with("here"), "{name}: title {:?}", a.title);
        assert_eq!(a.paragraphs.len(), 1, "{name}: {:?}", a.paragraphs);
        let body = &a.paragraphs[0].text;
        assert!(
            body.starts_with("Body before") && body.ends_with("after."),
            "{name}: body {body:?}"
        );
    }
}

#[test]
fn escape_sequence_payloads_go_with_their_introducers() {
    let (a, warnings) = load_one(&std::fs::read(fixture("hostile.txt")).unwrap());
    assert_article_clean(&a);
    // ESC [31m, OSC 0 "pwned" BEL, RLO and ESC [0m all gone, payloads included.
    assert_eq!(a.title, "Red title evil");
    let all: String = a
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for payload in ["pwned", "evil.example", "1$r0m", "31m", "[0m"] {
        assert!(
            !all.contains(payload),
            "payload {payload:?} survived: {all}"
        );
    }
    assert!(all.contains("Body with a link and DCS gone."), "{all}");
    // Tabs become spaces; a lone CR is a line break inside the paragraph, so the two lines join.
    assert!(
        all.contains("tab here. lone CR line"),
        "tab and lone CR: {all}"
    );
    // Isolates and embeddings removed, LRM and RLM kept.
    assert!(all.contains("Isolates inner x y embeddings"), "{all}");
    assert!(
        all.contains('\u{200E}') && all.contains('\u{200F}'),
        "{all}"
    );
    // Invalid UTF-8 becomes U+FFFD, with a warning.
    assert!(all.contains('\u{FFFD}'), "{all}");
    assert!(
        warnings.iter().any(|w| w.contains("UTF-8")),
        "warnings: {warnings:?}"
    );
    assert_eq!(a.paragraphs.len(), 4, "{:#?}", a.paragraphs);
}

#[test]
fn lrm_rlm_and_alm_survive() {
    let (a, _) = load_one("Title \u{200E}x\u{200F}\n\nBody \u{061C}y\u{200F} z\n".as_bytes());
    assert!(a.title.contains('\u{200E}') && a.title.contains('\u{200F}'));
    let body = &a.paragraphs[0].text;
    assert!(
        body.contains('\u{061C}') && body.contains('\u{200F}'),
        "{body:?}"
    );
}

#[test]
fn crlf_and_lone_cr_separate_paragraphs_like_lf() {
    let (a, _) = load_one(b"Title\r\n\r\nFirst paragraph.\r\rSecond paragraph.\r\n\r\nThird.\r\n");
    assert_eq!(a.title, "Title");
    let texts: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["First paragraph.", "Second paragraph.", "Third."]);
}

#[test]
fn invalid_utf8_becomes_replacement_char_with_a_warning() {
    let (a, warnings) = load_one(b"Ti\xfftle\n\nBody \xc3\x28 and \xed\xa0\x80 end\n");
    assert!(a.title.contains('\u{FFFD}'), "{:?}", a.title);
    assert!(a.paragraphs[0].text.contains('\u{FFFD}'));
    assert!(a.paragraphs[0].text.ends_with("end"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("UTF-8"), "{warnings:?}");
    assert!(warnings[0].contains("hostile.txt"), "{warnings:?}");

    let (_, clean_warnings) = load_one("عنوان\n\nنص سليم.\n".as_bytes());
    assert!(clean_warnings.is_empty(), "{clean_warnings:?}");
}

#[test]
fn the_sanitizer_alone() {
    assert_eq!(sanitize("a\x1b[1;31mb\x1b[0mc"), "abc");
    assert_eq!(sanitize("x\x1b]0;title\x07y"), "xy");
    assert_eq!(sanitize("x\x1b]8;;http://e\x1b\\l\x1b]8;;\x1b\\y"), "xly");
    assert_eq!(sanitize("x\x1bP1$r\x1b\\y"), "xy");
    assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
    assert_eq!(sanitize("a\0b\x07c\x7fd"), "abcd");
    assert_eq!(sanitize("a\tb"), "a b");
    assert_eq!(sanitize("end\x1b"), "end");
    assert_eq!(sanitize("end\u{9b}"), "end");
    assert_eq!(sanitize("a\r\nb\rc\nd"), "a\nb\nc\nd");
    assert_eq!(
        sanitize("\u{202A}a\u{202B}b\u{202C}c\u{202D}d\u{202E}e"),
        "abcde"
    );
    assert_eq!(sanitize("\u{2066}a\u{2067}b\u{2068}c\u{2069}"), "abc");
    assert_eq!(
        sanitize("a\u{200E}b\u{200F}c\u{061C}"),
        "a\u{200E}b\u{200F}c\u{061C}"
    );
    for (name, snippet) in HOSTILE {
        let out = sanitize(snippet);
        for c in out.chars() {
            assert!(
                forbidden(c).is_none(),
                "{name}: U+{:04X} survived in {out:?}",
                c as u32
            );
        }
    }
    // Every char from U+0000 to U+00A0 and the bidi controls, one at a time.
    for u in (0u32..=0xA0).chain(0x2000..=0x206F) {
        let Some(c) = char::from_u32(u) else { continue };
        let out = sanitize(&format!("a{c}b"));
        assert!(
            out.chars().all(|c| c == '\n' || forbidden(c).is_none()),
            "U+{u:04X}: {out:?}"
        );
    }
}

#[test]
fn empty_and_whitespace_only_files_are_errors() {
    for (bytes, what) in [
        (&b""[..], "empty"),
        (&b" \t\r\n\n   \n\t\n"[..], "whitespace"),
        (&b"\x1b[31m\x1b[0m\n\x07\n"[..], "only controls"),
    ] {
        let err = load(bytes, "x.txt").expect_err(what).to_string();
        assert!(err.contains("empty"), "{what}: {err}");
        assert!(err.contains("x.txt"), "{what}: {err}");
    }
    for name in ["empty.txt", "whitespace.txt"] {
        let err = load_file(&fixture(name)).expect_err(name).to_string();
        assert!(err.contains("empty"), "{name}: {err}");
    }
}

#[test]
fn a_file_over_16_mib_is_refused_with_the_limit() {
    assert_eq!(MAX_FILE_BYTES, 16 * 1024 * 1024);
    // A sparse file on disk: refused by its size, without being read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let err = load_file(&path).expect_err("over the limit").to_string();
    assert!(err.contains(&MAX_FILE_BYTES.to_string()), "{err}");
    assert!(err.contains("limit"), "{err}");
    // Named explicitly it is an error; inside a folder, a warning.
    assert!(load_paths(std::slice::from_ref(&path)).is_err());
    std::fs::write(dir.path().join("ok.txt"), "Title\n\nBody.\n").unwrap();
    let loaded = load_paths(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(loaded.articles.len(), 1);
    assert!(
        loaded.warnings.iter().any(|w| w.contains("limit")),
        "{:?}",
        loaded.warnings
    );

    // The same limit on bytes already in memory.
    let mut bytes = b"Title\n\n".to_vec();
    bytes.resize(MAX_FILE_BYTES as usize + 1, b'a');
    let err = load(&bytes, "big.txt")
        .expect_err("over the limit")
        .to_string();
    assert!(err.contains(&MAX_FILE_BYTES.to_string()), "{err}");
    // Exactly at the limit passes the size check (and fails later, cheaply, as empty).
    let blank = vec![b' '; MAX_FILE_BYTES as usize];
    let err = load(&blank, "big.txt").expect_err("blank").to_string();
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn a_title_over_64_kib_is_refused() {
    let mut text = "ع".repeat(MAX_TITLE_BYTES / 2 + 1); // 2 bytes each: just over
    text.push_str("\n\nBody.\n");
    let err = load(text.as_bytes(), "t.txt")
        .expect_err("title too long")
        .to_string();
    assert!(err.contains("title"), "{err}");
    assert!(err.contains(&MAX_TITLE_BYTES.to_string()), "{err}");

    let mut ok = "a".repeat(MAX_TITLE_BYTES);
    ok.push_str("\n\nBody.\n");
    assert!(load(ok.as_bytes(), "t.txt").is_ok());
}

/// Every cell of the buffer, as text.
fn assert_buffer_clean(buf: &ratatui::buffer::Buffer, what: &str) {
    for (i, cell) in buf.content.iter().enumerate() {
        let s = cell.symbol();
        assert!(
            !s.chars().any(|c| c.is_control() || forbidden(c).is_some()),
            "{what}: cell {i} ({},{}) holds {s:?}",
            i as u16 % buf.area.width,
            i as u16 / buf.area.width
        );
    }
}

#[test]
fn hostile_articles_paint_no_control_into_the_terminal_buffer() {
    let (hostile, _) = load_one(&std::fs::read(fixture("hostile.txt")).unwrap());
    let mut articles = vec![hostile];
    for (i, (_, snippet)) in HOSTILE.iter().enumerate() {
        let text = format!(
            "{snippet} title {i} {snippet}\n\nBy {snippet}Evil\n\n{snippet} body {snippet}\n"
        );
        let (mut a, _) = load(text.as_bytes(), &format!("h{i}.txt")).unwrap();
        articles.append(&mut a);
    }
    let n = articles.len();
    for (w, h) in [(120u16, 40u16), (80, 24), (40, 12)] {
        let mut app = akhbar::ui::setup(
            articles.clone(),
            vec![],
            &Overrides::default(),
            None,
            Rect::new(0, 0, w, h),
        );
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        for step in 0..n {
            settle(&mut app);
            term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
            assert_buffer_clean(term.backend().buffer(), &format!("{w}x{h} article {step}"));
            if step == 0 {
                // The reader too, in every layout.
                update(&mut app, Action::Command(Command::Open));
                settle(&mut app);
                term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
                assert_buffer_clean(term.backend().buffer(), &format!("{w}x{h} reader"));
                update(&mut app, Action::Command(Command::Back));
            }
            update(&mut app, Action::Command(Command::Down));
        }
    }
}

/// File names are outside bytes too: a file called `\e]0;pwned\a.txt` in a folder, loaded and
/// shown (the facts pane prints where an article came from; the status bar shows warnings
/// naming files). None of it may reach the terminal as a control.
#[test]
fn hostile_file_names_paint_no_control() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\x1b]0;pwned\x07\x1b[2J\u{9b}31m.txt";
    std::fs::write(dir.path().join(evil), "Title\n\nBody.\n").unwrap();
    std::fs::write(dir.path().join("empty\x1b[5m\x07.txt"), "").unwrap();
    let loaded = load_paths(&[dir.path().to_path_buf()]).expect("the folder loads");
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    for (w, h) in [(120u16, 40u16), (80, 24)] {
        let mut app = akhbar::ui::setup(
            loaded.articles.clone(),
            loaded.warnings.clone(),
            &Overrides::default(),
            None,
            Rect::new(0, 0, w, h),
        );
        settle(&mut app);
        update(&mut app, Action::Command(Command::ToggleFacts));
        settle(&mut app);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| akhbar::ui::draw::draw(f, &app)).unwrap();
        assert_buffer_clean(term.backend().buffer(), &format!("{w}x{h}"));
    }
}
