//! The 24 feeds real publishers served (tests/fixtures/feeds-real, see its README): each one
//! imports with all its items, readable titles and bodies in its own script (legacy charsets
//! decoded, no U+FFFD, no mojibake, no controls), dates where the feed has them, and RTL
//! direction for the Urdu, Persian and Hebrew ones.

use akhbar::ingest::feed::{parse_feed, FeedOptions, ParsedFeed};
use akhbar::model::{Direction, Origin};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Script {
    /// Arabic script (Urdu, Persian here).
    Arabic,
    Hebrew,
    Cyrillic,
    Han,
    Latin,
}

struct Case {
    file: &'static str,
    items: usize,
    script: Script,
    /// The feed dates its items.
    dated: bool,
    /// Entries with a body (some items really have none: ORF gives titles only).
    with_body: usize,
    /// Entries carry full content (content:encoded, Atom content, JSON content_html).
    full_content: bool,
}

const fn case(
    file: &'static str,
    items: usize,
    script: Script,
    dated: bool,
    with_body: usize,
    full_content: bool,
) -> Case {
    Case {
        file,
        items,
        script,
        dated,
        with_body,
        full_content,
    }
}

use Script::*;

const CASES: [Case; 24] = [
    case("ur-bbcurdu-atom.xml", 53, Arabic, true, 53, false),
    case("ur-bbcurdu-rss.xml", 26, Arabic, true, 26, false),
    case("ur-voaurdu-rss.xml", 20, Arabic, true, 20, false),
    // Two items have an empty <description>.
    case("fa-hoder-rss.xml", 7, Arabic, true, 5, false),
    case("he-hamakorplanet-atom.xml", 8, Hebrew, true, 8, true),
    // One item has no <description>.
    case(
        "he-notescoil-karny-rss-windows1255.xml",
        19,
        Hebrew,
        true,
        18,
        false,
    ),
    case(
        "he-whatsup-rss091-windows1255.xml",
        10,
        Hebrew,
        false,
        10,
        false,
    ),
    case(
        "he-infomed-rss-windows1255.xml",
        21,
        Hebrew,
        true,
        21,
        false,
    ),
    case("en-nytimes-rss.xml", 33, Latin, true, 33, false),
    case("en-reuters-rss.xml", 10, Latin, true, 10, false),
    case("en-guardian-rss.xml", 55, Latin, true, 55, false),
    case("en-theverge-atom.xml", 10, Latin, true, 10, true),
    case("en-livemint-rss.xml", 25, Latin, true, 25, false),
    case("en-rotoauthority-atom-xhtml.xml", 10, Latin, true, 10, true),
    case("en-daringfireball-jsonfeed.json", 48, Latin, true, 48, true),
    case("en-inessential-jsonfeed.json", 20, Latin, true, 20, true),
    case("en-theomnishow-podcast-rss.xml", 4, Latin, true, 4, true),
    case("fr-radiofrance-podcast-rss.xml", 52, Latin, true, 52, false),
    case("de-orf-rss10.xml", 50, Latin, true, 0, false),
    case("de-heise-rss090.xml", 60, Latin, false, 60, false),
    case("ru-newsru-rss-koi8r.xml", 30, Cyrillic, true, 30, false),
    case(
        "ru-xakep-rss-windows1251.xml",
        25,
        Cyrillic,
        true,
        25,
        false,
    ),
    case("zh-kc0011-rss-gb2312.xml", 20, Han, true, 20, false),
    // Four items have no description.
    case(
        "pt-uolnoticias-rss-latin1-undeclared.xml",
        15,
        Latin,
        true,
        11,
        false,
    ),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds-real")
}

fn url(file: &str) -> String {
    format!("https://feeds.example/{file}")
}

fn parse(file: &str) -> ParsedFeed {
    let bytes = std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let url = url(file);
    parse_feed(
        &bytes,
        &FeedOptions {
            url: &url,
            ..FeedOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn has_script(text: &str, script: Script) -> bool {
    text.chars().any(|c| match script {
        Arabic => ('\u{0600}'..='\u{06FF}').contains(&c),
        Hebrew => ('\u{05D0}'..='\u{05EA}').contains(&c),
        Cyrillic => ('\u{0410}'..='\u{044F}').contains(&c),
        Han => ('\u{4E00}'..='\u{9FFF}').contains(&c),
        Latin => c.is_ascii_alphabetic(),
    })
}

/// Signs of text decoded with the wrong charset.
fn looks_like_mojibake(text: &str) -> bool {
    text.contains('\u{FFFD}')
        || ["Ã©", "Ã£", "Ã§", "â€", "Ð¾", "×©", "Ø§", "Ù"]
            .iter()
            .any(|m| text.contains(m))
}

fn first_strong_is_rtl(text: &str) -> Option<bool> {
    text.chars().find_map(|c| {
        if ('\u{0590}'..='\u{08FF}').contains(&c) && c.is_alphabetic() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        }
    })
}

#[test]
fn the_fixture_folder_holds_exactly_the_24_feeds() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml") || n.ends_with(".json"))
        .collect();
    names.sort();
    let mut expected: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn every_real_feed_imports_whole_and_readable() {
    let mut failures = Vec::new();
    for c in &CASES {
        let feed = parse(c.file);
        let mut fail = |what: String| failures.push(format!("{}: {what}", c.file));
        if feed.entries.len() != c.items {
            fail(format!(
                "{} items, expected {}",
                feed.entries.len(),
                c.items
            ));
        }
        match &feed.title {
            Some(t) if !looks_like_mojibake(t) && !t.is_empty() => {}
            other => fail(format!("feed title {other:?}")),
        }
        let with_script = feed
            .entries
            .iter()
            .filter(|e| has_script(&e.article.title, c.script))
            .count();
        // Titles are in the feed's script; the Hebrew planet aggregates English blogs too
        // (half its posts).
        let share = if c.file.contains("hamakor") { 5 } else { 9 };
        if with_script * 10 < feed.entries.len() * share {
            fail(format!(
                "only {with_script} of {} titles in {:?} letters",
                feed.entries.len(),
                c.script
            ));
        }
        let with_body = feed
            .entries
            .iter()
            .filter(|e| !e.article.paragraphs.is_empty())
            .count();
        if with_body != c.with_body {
            fail(format!(
                "{with_body} entries with a body, expected {}",
                c.with_body
            ));
        }
        let dated = feed
            .entries
            .iter()
            .filter(|e| e.article.date.is_some())
            .count();
        let expected_dated = if c.dated { c.items } else { 0 };
        if dated != expected_dated {
            fail(format!("{dated} dated entries, expected {expected_dated}"));
        }
        if c.full_content && feed.entries.iter().any(|e| e.summary_only) {
            fail("an entry with full content is marked summary-only".into());
        }
        for e in &feed.entries {
            let a = &e.article;
            let texts = std::iter::once(a.title.as_str())
                .chain(a.paragraphs.iter().map(|p| p.text.as_str()));
            for t in texts {
                if t.chars().any(|ch| ch.is_control()) {
                    fail(format!("control character in {t:?}"));
                }
                if looks_like_mojibake(t) {
                    fail(format!("mojibake in {t:?}"));
                }
                if t.contains("&#") || t.contains("&amp;") || t.contains("&quot;") {
                    fail(format!("undecoded entity in {t:?}"));
                }
            }
            if a.title.trim().is_empty() || a.id.0.is_empty() {
                fail(format!("empty title or id: {a:?}"));
            }
            if a.origin != Origin::Feed(url(c.file)) {
                fail(format!("origin {:?}", a.origin));
            }
            if let Some(u) = &a.url {
                if !u.starts_with("http://") && !u.starts_with("https://") {
                    fail(format!("link not absolute: {u}"));
                }
            }
            if a.source != feed.title {
                fail(format!("source {:?}", a.source));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn right_to_left_feeds_come_out_rtl() {
    for c in CASES.iter().filter(|c| matches!(c.script, Arabic | Hebrew)) {
        let feed = parse(c.file);
        let rtl = feed
            .entries
            .iter()
            .filter(|e| e.article.dir == Direction::Rtl)
            .count();
        if c.script == Arabic {
            // Urdu and Persian: every entry.
            assert_eq!(rtl, c.items, "{}", c.file);
        } else {
            // Hebrew: most entries; a headline that opens with a Latin name ("hocr 0.7.0
            // שוחרר") or an English post in the planet takes its first strong letter's side.
            assert!(
                rtl * 2 > c.items || c.file.contains("hamakor"),
                "{}: {rtl}",
                c.file
            );
        }
        for e in &feed.entries {
            let a = &e.article;
            if first_strong_is_rtl(&a.title) == Some(true) {
                assert_eq!(a.dir, Direction::Rtl, "{}: {}", c.file, a.title);
            }
            for p in &a.paragraphs {
                if first_strong_is_rtl(&p.text) == Some(true) {
                    assert_eq!(p.dir, Direction::Rtl, "{}: {}", c.file, p.text);
                }
            }
        }
    }
}

#[test]
fn legacy_encodings_are_decoded_to_their_letters() {
    let first_title = |file: &str| parse(file).entries[0].article.title.clone();
    assert_eq!(
        first_title("he-infomed-rss-windows1255.xml"),
        "פותחה מערכת אלקטרו- אופטית למיפוי של גידולים במוח במהלך הניתוח"
    );
    assert_eq!(
        first_title("he-notescoil-karny-rss-windows1255.xml"),
        "מלחמת המעמדות"
    );
    assert_eq!(
        first_title("ru-newsru-rss-koi8r.xml"),
        "В Турции психически нездоровый мужчина взорвал хлопушку в здании Минюста"
    );
    assert_eq!(
        first_title("ru-xakep-rss-windows1251.xml"),
        "Руководители разведки США шутят об убийстве Сноудена"
    );
    assert_eq!(
        first_title("zh-kc0011-rss-gb2312.xml"),
        "建国35周年纪念，华表，和平鸽"
    );
    let uol = parse("pt-uolnoticias-rss-latin1-undeclared.xml");
    assert_eq!(
        uol.entries[0].article.title,
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    );
    // The guess is reported.
    assert_eq!(uol.warnings.len(), 1, "{:?}", uol.warnings);
    // The BOM of the ORF feed does not reach the title.
    assert_eq!(
        parse("de-orf-rss10.xml").title.as_deref(),
        Some("news.ORF.at")
    );
}

#[test]
fn quirks_of_particular_feeds() {
    // Double-escaped entities in the Hamakor planet's titles are decoded.
    let hamakor = parse("he-hamakorplanet-atom.xml");
    assert!(hamakor
        .entries
        .iter()
        .any(|e| e.article.title.contains('“')));
    // Relative links in whatsup's descriptions are made absolute against the feed URL.
    let whatsup = parse("he-whatsup-rss091-windows1255.xml");
    let links: Vec<&str> = whatsup
        .entries
        .iter()
        .flat_map(|e| e.article.paragraphs.iter())
        .filter(|p| p.text.starts_with('['))
        .map(|p| p.text.as_str())
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|l| l.contains("] http")), "{links:?}");
    // The Verge serves UTF-8 that was once decoded as windows-1252: repaired.
    let verge = parse("en-theverge-atom.xml");
    let body: String = verge.entries[0]
        .article
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert!(body.contains("Hulu’s asking price"), "{body}");
    // Dates as real feeds write them.
    let date = |file: &str| parse(file).entries[0].article.date.map(|d| d.to_string());
    assert_eq!(
        date("he-infomed-rss-windows1255.xml").as_deref(),
        Some("2006-01-04")
    );
    assert_eq!(
        date("zh-kc0011-rss-gb2312.xml").as_deref(),
        Some("2020-01-10")
    );
    assert_eq!(
        date("pt-uolnoticias-rss-latin1-undeclared.xml").as_deref(),
        Some("2018-09-24")
    );
    assert_eq!(date("en-livemint-rss.xml").as_deref(), Some("2019-05-29"));
    // Tracking pixels (images without alt in links) leave nothing behind in Reuters.
    let reuters = parse("en-reuters-rss.xml");
    for e in &reuters.entries {
        assert!(
            e.article
                .paragraphs
                .iter()
                .all(|p| !p.text.contains("feeds.feedburner") || p.text.starts_with('[')),
            "{:?}",
            e.article.paragraphs
        );
    }
}

#[test]
fn ids_are_stable_across_parses() {
    for c in &CASES {
        let a: Vec<_> = parse(c.file)
            .entries
            .into_iter()
            .map(|e| e.article.id)
            .collect();
        let b: Vec<_> = parse(c.file)
            .entries
            .into_iter()
            .map(|e| e.article.id)
            .collect();
        assert_eq!(a, b, "{}", c.file);
    }
}
