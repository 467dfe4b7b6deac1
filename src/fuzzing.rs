//! Entry points shared by the fuzz targets (`fuzz/`, run with `cargo +nightly fuzz run NAME`)
//! and the replay test (`tests/fuzz_replay.rs`, on stable), so both feed outside bytes to the
//! same code paths. Each function takes any bytes, calls the real parser or layout on them and
//! asserts the cheap invariants the code promises; a panic here is a bug.
//!
//! [`TARGETS`] names every function: the fuzz target and its corpus folder
//! (`fuzz/corpus/NAME/`) carry the same name.

use std::path::Path;

use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;

use crate::ingest::feed::{parse_feed, FeedOptions, DEFAULT_MAX_ITEMS};
use crate::ingest::{article_from_bytes, html, subs, Sidecar};
use crate::model::Origin;
use crate::text::{layout, Base, LayoutOptions};

/// A target: it takes any bytes and panics only on a bug.
pub type Target = fn(&[u8]);

/// Every target by name, as the fuzz targets and corpus folders are named.
pub const TARGETS: &[(&str, Target)] = &[
    ("article", article),
    ("feed", feed),
    ("html", html_paragraphs),
    ("opml", opml),
    ("query", query),
    ("layout", layout_text),
    ("facts", facts),
];

/// What separates a page from its sidecar (`NAME.toml`) in [`article`]'s input.
pub const SIDECAR_SEPARATOR: &[u8] = b"\n+++TOML+++\n";

/// The article loader: a file in the scraped-page layout, with a sidecar when the input holds
/// [`SIDECAR_SEPARATOR`] (page before it, sidecar text after).
pub fn article(data: &[u8]) {
    let (page, sidecar) = match find(data, SIDECAR_SEPARATOR) {
        Some(at) => (
            &data[..at],
            Some(Sidecar {
                text: String::from_utf8_lossy(&data[at + SIDECAR_SEPARATOR.len()..]).into_owned(),
                path: "fuzz.toml".into(),
            }),
        ),
        None => (data, None),
    };
    let path = Path::new("fuzz.txt");
    if let Ok((articles, _warnings)) = article_from_bytes(
        page,
        sidecar.as_ref(),
        path,
        Origin::File("fuzz.txt".into()),
    ) {
        for a in &articles {
            for p in &a.paragraphs {
                assert!(!p.text.contains('\u{1b}'), "escape kept: {:?}", p.text);
            }
        }
    }
}

/// The feed parser (RSS, Atom, JSON Feed), with no Content-Type and the default item cap.
pub fn feed(data: &[u8]) {
    let opts = FeedOptions {
        url: "https://example.com/feed.xml",
        title: None,
        direction: None,
        content_type: None,
        max_items: None,
    };
    if let Ok(parsed) = parse_feed(data, &opts) {
        assert!(parsed.entries.len() <= DEFAULT_MAX_ITEMS);
        for e in &parsed.entries {
            assert!(!e.article.title.contains('\u{1b}'));
        }
    }
}

/// HTML to paragraphs (and to one line, and plain text to paragraphs), with a base URL.
pub fn html_paragraphs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = html::html_to_paragraphs(&text, Some("https://example.com/news/a.html"));
    let _ = html::html_to_paragraphs(&text, None);
    let line = html::html_to_line(&text);
    assert!(!line.contains('\n'), "a line holds a newline: {line:?}");
    let _ = html::text_to_paragraphs(&text);
}

/// OPML: parsed, and what parses is written back and gives the same feeds again (as
/// `write_opml` promises; the writer groups feeds by folder, so the order may change).
pub fn opml(data: &[u8]) {
    if let Ok(list) = subs::parse_opml(data) {
        let written = subs::write_opml(&list, "fuzz");
        let again = subs::parse_opml(written.as_bytes()).expect("written OPML parses");
        let urls = |l: &[crate::model::Subscription]| -> Vec<String> {
            let mut urls: Vec<String> = l.iter().map(|s| s.url.clone()).collect();
            urls.sort();
            urls
        };
        assert_eq!(urls(&list), urls(&again), "OPML round trip");
    }
}

/// The search query parser, on the bytes as UTF-8 (lossy).
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(q) = crate::search::query::parse(&text) {
        let _ = q.is_empty();
        let _ = q.scored_terms().count();
        let _ = q.body_terms().count();
        let _ = q.narrows(&q);
    }
}

/// Layout of the bytes as UTF-8 (lossy) at a few widths, every base direction, with and
/// without bidi and shaping: no line is wider than the width unless it is a single grapheme,
/// pieces' widths add up, and ranges stay inside the paragraph on char boundaries.
pub fn layout_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for width in [0, 1, 2, 7, 20, 80] {
        for base in [Base::Auto, Base::Rtl, Base::Ltr] {
            for (bidi, shaping) in [(true, true), (false, false)] {
                let opts = LayoutOptions {
                    width_cells: width,
                    base,
                    bidi,
                    shaping,
                    align: bidi,
                };
                for line in layout(&text, &opts) {
                    check_line(&text, &line, width.max(1));
                }
            }
        }
    }
}

fn check_line(text: &str, line: &crate::text::VisualLine, width: usize) {
    assert!(line.logical.start <= line.logical.end && line.logical.end <= text.len());
    let logical = text
        .get(line.logical.clone())
        .expect("line range on char boundaries");
    let sum: usize = line.pieces.iter().map(|p| p.width_cells).sum();
    assert_eq!(sum, line.width_cells, "pieces' widths add up to the line's");
    for p in &line.pieces {
        assert!(!p.text.is_empty(), "empty piece");
        assert!(p.logical.end <= text.len() && text.get(p.logical.clone()).is_some());
    }
    if line.indent_cells + line.width_cells > width {
        assert!(
            logical.graphemes(true).count() <= 1,
            "line of {} + {} cells at width {width}: {logical:?}",
            line.indent_cells,
            line.width_cells
        );
    }
}

/// Facts of a text: one paragraph per line, dates resolved against a fixed day. Every fact's
/// text is its paragraph's chars `start..end`.
pub fn facts(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let paras: Vec<&str> = text.split('\n').collect();
    let day = NaiveDate::from_ymd_opt(2024, 3, 15);
    let found = crate::facts::extract(&paras, day);
    for f in &found.facts {
        assert!(f.para < paras.len(), "fact in paragraph {}", f.para);
        assert!(f.start <= f.end, "fact range {}..{}", f.start, f.end);
        let chars: String = paras[f.para]
            .chars()
            .skip(f.start)
            .take(f.end - f.start)
            .collect();
        assert_eq!(chars, f.text, "fact text is its paragraph's chars");
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
