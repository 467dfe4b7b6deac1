//! What the store keeps of feeds: entries stored once across refreshes (by guid scoped to the
//! feed, by link, by content), validators and errors per feed, the per-feed limit that never
//! drops the user's triage, and full texts beside summaries.

mod store_common;

use akhbar::model::{Article, ArticleId, Origin, Paragraph};
use akhbar::store::{Change, FeedUpdate, Op, Store, View};
use store_common::{article, memory};

const FEED: &str = "https://example.org/feed.xml";

/// Entry `n` of a feed, as the feed parser gives it: origin the feed, id its guid.
fn entry(n: usize) -> Article {
    Article {
        id: ArticleId(format!("urn:entry:{n}")),
        url: Some(format!("https://example.org/story/{n}")),
        origin: Origin::Feed(FEED.into()),
        ..article(n)
    }
}

fn update(entries: &[(Article, bool)]) -> FeedUpdate<'_> {
    FeedUpdate {
        entries,
        title: Some("Example feed"),
        etag: Some("\"v1\""),
        last_modified: Some("Sun, 29 Nov 2026 07:00:00 GMT"),
        max_articles: None,
        tags: &[],
    }
}

fn all_ids(store: &Store) -> Vec<i64> {
    store
        .rows(View::All, None, 10_000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn a_refresh_never_duplicates_and_keeps_validators() {
    let mut store = memory();
    let feed = store.feed_id(FEED).unwrap();
    assert_eq!(store.feed_id(FEED).unwrap(), feed, "one row per URL");
    let first: Vec<(Article, bool)> = (0..5).map(|n| (entry(n), n % 2 == 0)).collect();
    let stats = store.store_feed(feed, &update(&first)).unwrap();
    assert_eq!(stats.added.len(), 5);
    // The same entries again, one with an edited title (same guid): nothing new.
    let mut again = first.clone();
    again[0].0.title.push_str(" (updated)");
    again.push((entry(5), false));
    let stats = store.store_feed(feed, &update(&again)).unwrap();
    assert_eq!(stats.added.len(), 1, "only the new entry");
    assert_eq!(all_ids(&store).len(), 6);
    let state = store.feed(FEED).unwrap().unwrap();
    assert_eq!(state.title.as_deref(), Some("Example feed"));
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    assert_eq!((state.articles, state.unread), (6, 6));
    assert!(state.last_error.is_none() && state.ok_at.is_some());
    // Summary-only entries need their full text; the others do not.
    assert!(!store.needs_full_text(stats.added[0]).unwrap());
    let summary_id = store
        .rows(View::All, None, 100)
        .unwrap()
        .into_iter()
        .find(|r| r.key.0 == "urn:entry:0")
        .unwrap()
        .id;
    assert!(store.needs_full_text(summary_id).unwrap());
}

#[test]
fn the_feed_tags_go_on_its_new_articles() {
    let mut store = memory();
    let feed = store.feed_id(FEED).unwrap();
    let tags = vec!["عربي".to_string(), "news".to_string(), " ".to_string()];
    let entries = [(entry(1), false)];
    let mut tagged = update(&entries);
    tagged.tags = &tags;
    let stats = store.store_feed(feed, &tagged).unwrap();
    let row = store.row(stats.added[0]).unwrap();
    assert_eq!(row.tags, vec!["news".to_string(), "عربي".to_string()]);
}

#[test]
fn the_same_guid_in_two_feeds_is_two_articles() {
    let mut store = memory();
    let a = store.feed_id(FEED).unwrap();
    let b = store.feed_id("https://other.example/rss").unwrap();
    let mut other = entry(1);
    other.origin = Origin::Feed("https://other.example/rss".into());
    other.url = Some("https://other.example/1".into());
    other.title = "A different story".into();
    store.store_feed(a, &update(&[(entry(1), false)])).unwrap();
    let stats = store.store_feed(b, &update(&[(other, false)])).unwrap();
    assert_eq!(stats.added.len(), 1);
    assert_eq!(store.feed(FEED).unwrap().unwrap().articles, 1);
}

#[test]
fn failures_and_not_modified_keep_the_articles() {
    let mut store = memory();
    let feed = store.feed_id(FEED).unwrap();
    store
        .store_feed(feed, &update(&[(entry(1), false), (entry(2), false)]))
        .unwrap();
    store
        .feed_failed(feed, "HTTP 500 Internal Server Error")
        .unwrap();
    let state = store.feed(FEED).unwrap().unwrap();
    assert_eq!(
        state.last_error.as_deref(),
        Some("HTTP 500 Internal Server Error")
    );
    assert_eq!(state.articles, 2);
    assert_eq!(state.etag.as_deref(), Some("\"v1\""), "validators stay");
    store.feed_not_modified(feed, Some("\"v2\""), None).unwrap();
    let state = store.feed(FEED).unwrap().unwrap();
    assert!(state.last_error.is_none());
    assert_eq!(state.etag.as_deref(), Some("\"v2\""));
    assert_eq!(
        state.last_modified.as_deref(),
        Some("Sun, 29 Nov 2026 07:00:00 GMT")
    );
    assert_eq!(store.feeds().unwrap().len(), 1);
}

#[test]
fn the_limit_keeps_the_newest_and_every_triaged_article() {
    let mut store = memory();
    let feed = store.feed_id(FEED).unwrap();
    // Entries 1..=6 dated 2024-01-02 .. 2024-01-07 (article(n) dates by n).
    let dated = |n: usize| {
        let mut e = entry(n);
        e.date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1 + n as u32);
        e
    };
    let first: Vec<(Article, bool)> = (1..=4).map(|n| (dated(n), false)).collect();
    let stats = store.store_feed(feed, &update(&first)).unwrap();
    let oldest = stats.added[0];
    let second_oldest = stats.added[1];
    store
        .apply(&Change::new(vec![oldest], Op::Star(true)))
        .unwrap();
    let later: Vec<(Article, bool)> = (1..=6).map(|n| (dated(n), false)).collect();
    let mut limited = update(&later);
    limited.max_articles = Some(3);
    let stats = store.store_feed(feed, &limited).unwrap();
    // The two newest came in; the unstarred old ones beyond the newest three went; the
    // starred oldest stayed.
    assert_eq!(stats.added.len(), 2);
    let ids = all_ids(&store);
    assert!(ids.contains(&oldest), "starred articles are never dropped");
    assert!(!ids.contains(&second_oldest));
    assert_eq!(ids.len(), 4, "{ids:?}");
}

#[test]
fn a_full_text_is_kept_beside_the_summary() {
    let mut store = memory();
    let feed = store.feed_id(FEED).unwrap();
    let stats = store
        .store_feed(feed, &update(&[(entry(2), true)]))
        .unwrap();
    let id = stats.added[0];
    let summary = store.article(id).unwrap().paragraphs;
    let summary_text: Vec<&str> = summary.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(store.body_text(id).unwrap(), summary_text.join("\n"));
    let version = akhbar::facts::EXTRACTOR_VERSION;
    store.put_facts(id, version, "{\"facts\":[]}").unwrap();
    assert!(store.cached_facts(id, version).unwrap().is_some());
    let full = vec![
        Paragraph {
            text: "الفقرة الكاملة الأولى.".into(),
            lang: akhbar::model::Lang::Ar,
            dir: akhbar::model::Direction::Rtl,
        };
        3
    ];
    store.put_full_text(id, &full).unwrap();
    assert_eq!(store.article(id).unwrap().paragraphs, full);
    assert_eq!(store.full_text(id).unwrap().unwrap(), full);
    assert_eq!(
        store.body_text(id).unwrap(),
        ["الفقرة الكاملة الأولى."; 3].join("\n"),
        "body: searches the full text once fetched"
    );
    assert!(store.body_text(id + 1000).is_err());
    assert_ne!(summary, full);
    assert!(!store.needs_full_text(id).unwrap());
    assert!(
        store.cached_facts(id, version).unwrap().is_none(),
        "facts of the summary are dropped"
    );
    // Fetching again replaces it.
    store.put_full_text(id, &full[..1]).unwrap();
    assert_eq!(store.article(id).unwrap().paragraphs.len(), 1);
}
