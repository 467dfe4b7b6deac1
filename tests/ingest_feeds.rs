//! Feeds, subscriptions and pages written for akhbar's tests (tests/fixtures/feeds): what
//! each format gives, and what hostile or broken input must not do.

use akhbar::ingest::feed::{parse_feed, FeedError, FeedOptions, ParsedFeed};
use akhbar::ingest::subs::{parse_newsboat_urls, parse_opml, write_opml};
use akhbar::model::{Article, Direction, Lang, Origin, Subscription};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_with(name: &str, opts: FeedOptions) -> Result<ParsedFeed, FeedError> {
    parse_feed(&fixture(name), &opts)
}

fn parse(name: &str, url: &str) -> ParsedFeed {
    parse_with(
        name,
        FeedOptions {
            url,
            ..FeedOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(a: &Article) -> Vec<&str> {
    a.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

fn no_controls(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c))
}

const ARABIC_URL: &str = "https://alwaha.example/rss.xml";

#[test]
fn arabic_rss2() {
    let feed = parse("arabic-rss2.xml", ARABIC_URL);
    assert_eq!(feed.title.as_deref(), Some("أخبار الواحة"));
    assert_eq!(feed.site_url.as_deref(), Some("https://alwaha.example/"));
    assert!(feed.warnings.is_empty(), "{:?}", feed.warnings);
    assert_eq!(feed.entries.len(), 3);

    let first = &feed.entries[0];
    let a = &first.article;
    assert_eq!(a.id.0, "alwaha-2026-0001");
    assert_eq!(a.title, "افتتاح مكتبة عامة جديدة في وسط المدينة");
    assert_eq!(a.source.as_deref(), Some("أخبار الواحة"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2026-11-28"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://alwaha.example/news/library")
    );
    assert_eq!(a.lang, Lang::Ar);
    assert_eq!(a.dir, Direction::Rtl);
    assert_eq!(a.dir_override, None);
    assert_eq!(a.origin, Origin::Feed(ARABIC_URL.into()));
    assert!(first.summary_only, "only a description");
    assert_eq!(
        texts(a),
        [
            "افتتحت البلدية صباح اليوم مكتبة عامة تضم أكثر من عشرين ألف كتاب، بحسب التقرير السنوي [1] للبلدية.",
            "واجهة المكتبة الجديدة",
            "وتفتح المكتبة أبوابها يوميا من التاسعة صباحا.",
            "[1] https://alwaha.example/reports/library-2026",
        ]
    );
    assert!(a.paragraphs[..3].iter().all(|p| p.dir == Direction::Rtl));

    // content:encoded is full content; a relative <link> is resolved against the feed URL.
    let second = &feed.entries[1];
    assert!(!second.summary_only);
    assert_eq!(second.article.paragraphs.len(), 2);
    assert_eq!(
        second.article.url.as_deref(),
        Some("https://alwaha.example/news/vegetables")
    );
    // No guid: the id is made up from the link, and says so.
    assert_eq!(
        second.article.id.0,
        "no-guid:https://alwaha.example/news/vegetables"
    );
    assert!(second.article.id.is_made_up());

    // No guid, no link, no date: an id hashed from title and text.
    let third = &feed.entries[2].article;
    assert!(third.id.0.starts_with("no-guid:hash:"), "{}", third.id);
    assert_eq!(third.url, None);
    assert_eq!(third.date, None);
}

#[test]
fn english_rss2_with_escaped_html() {
    let feed = parse("english-rss2.xml", "https://gazette.example/rss");
    assert_eq!(feed.entries.len(), 2);
    let a = &feed.entries[0].article;
    assert_eq!(a.title, "Ferry timetable changes from Monday");
    assert_eq!(a.lang, Lang::En);
    assert_eq!(a.dir, Direction::Ltr);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2026-11-26"));
    assert_eq!(
        texts(a),
        [
            "The morning ferry will leave at 6:45, fifteen minutes earlier than now.",
            "Details are on the timetable page [1].",
            "[1] https://gazette.example/timetable",
        ]
    );
    assert_eq!(
        feed.entries[1].article.title,
        "Fish & chips shop wins \"best in the county\""
    );
}

#[test]
fn atom_with_html_content() {
    let feed = parse("atom-html.xml", "https://notes.example/blog/atom.xml");
    assert_eq!(feed.title.as_deref(), Some("Field Notes"));
    assert_eq!(feed.entries.len(), 2);
    let birds = &feed.entries[0];
    assert!(!birds.summary_only);
    assert_eq!(birds.article.id.0, "tag:notes.example,2026:birds");
    // published wins over updated.
    assert_eq!(
        birds.article.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-18")
    );
    assert_eq!(
        birds.article.url.as_deref(),
        Some("https://notes.example/blog/posts/birds")
    );
    assert_eq!(
        texts(&birds.article),
        [
            "Morning",
            "We counted 412 birds before nine, most of them curlews [1].",
            "• Curlews: 230",
            "• Gulls: 182",
            "[1] https://notes.example/blog/species/curlew",
        ]
    );
    let tides = &feed.entries[1];
    assert!(tides.summary_only);
    assert_eq!(tides.article.title, "Tide tables & moon phases");
    assert_eq!(
        texts(&tides.article),
        ["A short note on reading tide tables."]
    );
}

#[test]
fn json_feed() {
    let feed = parse("jsonfeed.json", "https://orchard.example/feed.json");
    assert_eq!(feed.title.as_deref(), Some("Orchard Diary"));
    assert_eq!(feed.entries.len(), 2);
    let pear = &feed.entries[0];
    assert_eq!(pear.article.id.0, "orchard-41");
    assert!(!pear.summary_only);
    assert_eq!(
        texts(&pear.article),
        [
            "The pear tree lost three branches this week.",
            "See the pruning guide [1].",
            "[1] https://orchard.example/guides/pruning",
        ]
    );
    assert_eq!(
        pear.article.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-10")
    );
    let apples = &feed.entries[1];
    assert!(apples.summary_only);
    assert_eq!(
        texts(&apples.article),
        ["Six crates of apples are now in the cellar."]
    );
}

#[test]
fn subscription_title_and_direction_override() {
    let feed = parse_with(
        "arabic-rss2.xml",
        FeedOptions {
            url: ARABIC_URL,
            title: Some("My \u{1b}[1mOasis"),
            direction: Some(Direction::Ltr),
            content_type: None,
            max_items: None,
        },
    )
    .unwrap();
    for e in &feed.entries {
        let a = &e.article;
        assert_eq!(a.source.as_deref(), Some("My Oasis"));
        assert_eq!(a.dir_override, Some(Direction::Ltr));
        assert_eq!(a.dir, Direction::Ltr);
        assert!(a.paragraphs.iter().all(|p| p.dir == Direction::Ltr));
    }
    let feed = parse_with(
        "english-rss2.xml",
        FeedOptions {
            url: "https://gazette.example/rss",
            direction: Some(Direction::Rtl),
            ..FeedOptions::default()
        },
    )
    .unwrap();
    assert!(feed.entries.iter().all(|e| e.article.dir == Direction::Rtl
        && e.article.paragraphs.iter().all(|p| p.dir == Direction::Rtl)));
}

#[test]
fn ids_are_stable_across_parses() {
    for (name, url) in [
        ("arabic-rss2.xml", ARABIC_URL),
        ("english-rss2.xml", "https://gazette.example/rss"),
        ("atom-html.xml", "https://notes.example/blog/atom.xml"),
        ("jsonfeed.json", "https://orchard.example/feed.json"),
    ] {
        let ids = || -> Vec<String> {
            parse(name, url)
                .entries
                .into_iter()
                .map(|e| e.article.id.0)
                .collect()
        };
        let first = ids();
        assert_eq!(first, ids(), "{name}");
        let unique: std::collections::HashSet<_> = first.iter().collect();
        assert_eq!(unique.len(), first.len(), "{name}");
    }
}

#[test]
fn charset_from_the_content_type_header() {
    // "חדשות" in windows-1255, with no declaration: only the header says so.
    let mut doc = b"<rss version=\"2.0\"><channel><title>".to_vec();
    doc.extend_from_slice(b"\xe7\xe3\xf9\xe5\xfa");
    doc.extend_from_slice(
        b"</title><item><title>\xe7\xe3\xf9\xe5\xfa</title></item></channel></rss>",
    );
    let feed = parse_feed(
        &doc,
        &FeedOptions {
            url: "https://x.example/rss",
            content_type: Some("application/rss+xml; charset=windows-1255"),
            ..FeedOptions::default()
        },
    )
    .unwrap();
    assert_eq!(feed.title.as_deref(), Some("חדשות"));
    assert_eq!(feed.entries[0].article.dir, Direction::Rtl);
    assert!(feed.warnings.is_empty());
}

fn assert_clear(e: &FeedError) {
    let msg = e.to_string();
    assert!(!msg.is_empty());
    assert!(!msg.contains('\n'), "{msg}");
    assert!(no_controls(&msg), "{msg:?}");
}

#[test]
fn invalid_input_is_a_clear_error() {
    let e = parse_with("invalid.xml", FeedOptions::default()).unwrap_err();
    assert!(matches!(e, FeedError::Xml(_)), "{e:?}");
    assert_clear(&e);

    for (bytes, what) in [
        (&b""[..], "empty"),
        (b"   \n", "blank"),
        (b"<html><body><p>hello</p></body></html>", "a web page"),
        (b"plain words", "text"),
        (
            b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": 3}",
            "bad JSON Feed",
        ),
        (
            b"<rss version=\"2.0\"><channel><title>\x1b]0;x\x07</channel>",
            "hostile and broken",
        ),
    ] {
        let e = parse_feed(bytes, &FeedOptions::default()).expect_err(what);
        assert_clear(&e);
    }
}

#[test]
fn billion_laughs_does_not_expand() {
    let feed = parse("billion-laughs.xml", "https://laughs.example/rss");
    assert_eq!(feed.entries.len(), 1);
    let a = &feed.entries[0].article;
    assert!(a.title.len() < 100, "{}", a.title);
    assert!(a.title.starts_with("Entity bomb"));
    let body: usize = a.paragraphs.iter().map(|p| p.text.len()).sum();
    assert!(body < 100, "{:?}", a.paragraphs);
    assert!(!a.title.contains("lollol"));
}

#[test]
fn external_entities_are_never_read() {
    let feed = parse("external-entity.xml", "https://xxe.example/rss");
    assert_eq!(feed.entries.len(), 1);
    let a = &feed.entries[0].article;
    let all = format!("{} {:?} {:?}", a.title, a.paragraphs, feed.title);
    assert!(!all.contains("root:"), "{all}");
    assert!(a.title.starts_with("Secrets:"));
    assert!(texts(a).concat().contains("before"));
}

#[test]
fn control_sequences_in_feeds_are_sanitized() {
    let feed = parse("hostile-controls.xml", "https://hostile.example/rss");
    assert_eq!(feed.title.as_deref(), Some("Hostile feed"));
    let a = &feed.entries[0].article;
    assert_eq!(a.title, "Red alert cleared reversed");
    assert!(no_controls(&a.title));
    for p in &a.paragraphs {
        assert!(no_controls(&p.text), "{:?}", p.text);
    }
    assert_eq!(texts(a), ["bell and link text end"]);
}

#[test]
fn a_hundred_thousand_items() {
    const N: usize = 100_000;
    let mut doc = String::with_capacity(N * 260);
    doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Big</title>\n");
    for i in 0..N {
        if i % 10 == 0 {
            doc.push_str(&format!(
                "<item><title>خبر رقم {i}</title><link>https://big.example/{i}</link><guid>big-{i}</guid><pubDate>Sat, 28 Nov 2026 09:15:00 +0300</pubDate><description>&lt;p&gt;نص الخبر &lt;a href=\"/x/{i}\"&gt;رابط&lt;/a&gt;&lt;/p&gt;</description></item>\n"
            ));
        } else {
            doc.push_str(&format!(
                "<item><title>Item {i}</title><link>https://big.example/{i}</link><guid>big-{i}</guid><pubDate>Sat, 28 Nov 2026 09:15:00 +0000</pubDate><description>Plain text body of item {i}.</description></item>\n"
            ));
        }
    }
    doc.push_str("</channel></rss>\n");
    let started = std::time::Instant::now();
    let feed = parse_feed(
        doc.as_bytes(),
        &FeedOptions {
            url: "https://big.example/rss",
            // Above the default cap of 10,000: a user who raised `max_items_per_feed`.
            max_items: Some(N),
            ..FeedOptions::default()
        },
    )
    .unwrap();
    let took = started.elapsed();
    eprintln!("100,000-item feed ({} bytes) parsed in {took:?}", doc.len());
    assert_eq!(feed.entries.len(), N);
    assert_eq!(feed.entries[N - 1].article.id.0, format!("big-{}", N - 1));
    assert_eq!(feed.entries[10].article.dir, Direction::Rtl);
    assert_eq!(
        texts(&feed.entries[10].article)[1],
        "[1] https://big.example/x/10"
    );
}

#[test]
fn opml_with_categories() {
    let subs = parse_opml(&fixture("subscriptions.opml")).unwrap();
    let urls: Vec<&str> = subs.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://loose.example/rss",
            "https://alwaha.example/rss.xml",
            "https://goals.example/feed?lang=ar&cat=1",
            "https://gazette.example/rss",
        ]
    );
    assert_eq!(subs[0].title.as_deref(), Some("Loose feed"));
    assert!(subs[0].tags.is_empty());
    assert_eq!(subs[1].title.as_deref(), Some("أخبار الواحة"));
    assert_eq!(subs[1].tags, ["Arabic news"]);
    assert_eq!(subs[2].title.as_deref(), Some("Goals & more"));
    assert_eq!(subs[2].tags, ["Arabic news", "Sport"]);
    // title wins over text; category paths add their last part.
    assert_eq!(subs[3].title.as_deref(), Some("Gazette"));
    assert_eq!(subs[3].tags, ["Tech", "harbour", "weekly"]);

    assert!(matches!(
        parse_opml(b"<rss><channel/></rss>"),
        Err(FeedError::Opml(_))
    ));
    let e = parse_opml(b"<opml><body><outline xmlUrl=\"x\"></body>").unwrap_err();
    assert_clear(&e);
}

#[test]
fn opml_entities_never_expand() {
    let doc = br#"<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<opml version="2.0"><body>
  <outline text="&c; &xxe;" xmlUrl="https://e.example/&c;"/>
</body></opml>"#;
    let subs = parse_opml(doc).unwrap();
    assert_eq!(subs.len(), 1);
    let s = &subs[0];
    assert!(s.url.len() < 40, "{}", s.url);
    let title = s.title.as_deref().unwrap_or("");
    assert!(
        !title.contains("aaaa") && !title.contains("root:"),
        "{title}"
    );
}

#[test]
fn opml_round_trips() {
    let subs = vec![
        Subscription {
            url: "https://alwaha.example/rss.xml?a=1&b=2".into(),
            title: Some("أخبار \"الواحة\" <عاجل> & more".into()),
            tags: vec!["arabic".into(), "news & views".into()],
            direction: Some(Direction::Rtl),
            refresh_minutes: Some(15),
            max_articles: Some(500),
        },
        Subscription {
            url: "https://plain.example/feed".into(),
            ..Subscription::default()
        },
        Subscription {
            url: "https://gazette.example/rss".into(),
            title: Some("Gazette".into()),
            tags: vec!["news & views".into()],
            direction: Some(Direction::Ltr),
            ..Subscription::default()
        },
    ];
    let text = write_opml(&subs, "akhbar <feeds> & more");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
    assert!(text.contains("<title>akhbar &lt;feeds&gt; &amp; more</title>"));
    let back = parse_opml(text.as_bytes()).unwrap();
    // Grouping by first tag may reorder the feeds; nothing else changes.
    let mut expected = subs.clone();
    expected.sort_by(|a, b| a.url.cmp(&b.url));
    let mut got = back;
    got.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(got, expected);
}

#[test]
fn newsboat_urls_file() {
    let text = String::from_utf8(fixture("newsboat-urls")).unwrap();
    let import = parse_newsboat_urls(&text);
    let subs = &import.subscriptions;
    assert_eq!(subs.len(), 4, "{subs:?}");
    assert_eq!(subs[0].url, "https://alwaha.example/rss.xml");
    assert_eq!(subs[0].tags, ["arabic", "news"]);
    assert_eq!(subs[0].title.as_deref(), Some("أخبار الواحة"));
    assert_eq!(subs[1].tags, ["local", "weekly papers"]);
    assert_eq!(subs[1].title.as_deref(), Some("Harbour Town Gazette"));
    assert_eq!(subs[2].url, "https://notes.example/blog/atom.xml");
    assert_eq!(subs[2].tags, ["blogs"]);
    assert_eq!(subs[3].url, "https://orchard.example/feed.json");
    assert!(subs[3].tags.is_empty() && subs[3].title.is_none());
    assert_eq!(
        import.skipped,
        [
            "line 5: the \"!\" (hidden) tag has no meaning in akhbar; the feed is imported without it",
            "line 6: exec: feeds are not supported, skipped",
            "line 7: filter: feeds are not supported, skipped",
            "line 8: query: feeds are not supported, skipped",
            "line 10: not an http(s) address (ftp://old.example/feed.xml), skipped",
        ]
    );
    // Hostile text in a urls file stays out of titles and tags.
    let import = parse_newsboat_urls("https://x.example/f \"~a\u{1b}[2Jb\" \"t\u{7}ag\"\n");
    assert_eq!(import.subscriptions[0].title.as_deref(), Some("ab"));
    assert_eq!(import.subscriptions[0].tags, ["tag"]);
}

#[test]
fn items_beyond_the_cap_are_counted_not_built() {
    let items: String = (0..25_000)
        .map(|i| format!("<item><guid>g{i}</guid><title>t{i}</title></item>"))
        .collect();
    let xml = format!("<rss version=\"2.0\"><channel><title>big</title>{items}</channel></rss>");
    let opts = FeedOptions {
        url: "https://big.example/rss",
        ..FeedOptions::default()
    };
    let feed = parse_feed(xml.as_bytes(), &opts).unwrap();
    assert_eq!(feed.entries.len(), 10_000);
    assert_eq!(feed.entries[9_999].article.id.0, "g9999");
    assert!(
        feed.warnings.iter().any(|w| w.contains("25000 items")),
        "{:?}",
        feed.warnings
    );
    let few = FeedOptions {
        max_items: Some(3),
        ..opts
    };
    assert_eq!(parse_feed(xml.as_bytes(), &few).unwrap().entries.len(), 3);
    // A million nested elements are refused, not recursed into.
    let deep = format!(
        "<rss version=\"2.0\"><channel>{}</channel></rss>",
        "<x>".repeat(1_000_000)
    );
    assert!(parse_feed(deep.as_bytes(), &opts).is_err());
}

#[test]
fn json_feed_items_beyond_the_cap_are_counted_not_built() {
    let items: Vec<String> = (0..25_000)
        .map(|i| format!("{{\"id\": \"j{i}\", \"title\": \"t{i}\", \"content_text\": \"b\"}}"))
        .collect();
    let json = format!(
        "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"big\", \"items\": [{}]}}",
        items.join(",")
    );
    let opts = FeedOptions {
        url: "https://big.example/feed.json",
        ..FeedOptions::default()
    };
    let feed = parse_feed(json.as_bytes(), &opts).unwrap();
    assert_eq!(feed.entries.len(), 10_000);
    assert_eq!(feed.entries[9_999].article.id.0, "j9999");
    assert_eq!(feed.title.as_deref(), Some("big"));
    assert!(
        feed.warnings.iter().any(|w| w.contains("25000 items")),
        "{:?}",
        feed.warnings
    );
    let few = FeedOptions {
        max_items: Some(3),
        ..opts
    };
    let feed = parse_feed(json.as_bytes(), &few).unwrap();
    let ids: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.article.id.0.as_str())
        .collect();
    assert_eq!(ids, ["j0", "j1", "j2"]);
    // Within the cap: every item, no warning.
    let all = FeedOptions {
        max_items: Some(25_000),
        ..opts
    };
    let feed = parse_feed(json.as_bytes(), &all).unwrap();
    assert_eq!(feed.entries.len(), 25_000);
    assert!(
        feed.warnings.iter().all(|w| !w.contains("items;")),
        "{:?}",
        feed.warnings
    );
}
