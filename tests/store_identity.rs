//! Entry identity per feed: a guid is unique within its feed only; an entry without one is
//! known by its link, title and date; the same story in two feeds is two articles; and every
//! item of every real publisher's feed (tests/fixtures/feeds-real) is stored, once.

mod store_common;

use akhbar::ingest::feed::{parse_feed, FeedOptions};
use akhbar::model::{Article, ArticleId, Origin};
use akhbar::store::{FeedUpdate, Store, View};
use std::path::PathBuf;
use store_common::{article, memory};

fn update(entries: &[(Article, bool)]) -> FeedUpdate<'_> {
    FeedUpdate {
        entries,
        ..FeedUpdate::default()
    }
}

fn count(store: &Store) -> usize {
    store.rows(View::All, None, 100_000).unwrap().len()
}

/// Entry `n` of `feed` with the guid `guid` (`None`: made up, as the parser does) and `link`.
fn entry(feed: &str, n: usize, guid: Option<&str>, link: &str) -> (Article, bool) {
    let id = match guid {
        Some(g) => g.to_string(),
        None => format!("{}{link}", ArticleId::NO_GUID),
    };
    let a = Article {
        id: ArticleId(id),
        url: Some(link.to_string()),
        origin: Origin::Feed(feed.to_string()),
        enclosures: Vec::new(),
        ..article(n)
    };
    (a, false)
}

#[test]
fn every_item_of_every_real_feed_is_stored_once() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds-real");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml") || n.ends_with(".json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 24);
    let mut store = memory();
    let (mut items, mut per_feed) = (0, Vec::new());
    for file in &files {
        let url = format!("https://feeds.example/{file}");
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let opts = FeedOptions {
            url: &url,
            ..FeedOptions::default()
        };
        let feed = parse_feed(&bytes, &opts).unwrap();
        let entries: Vec<_> = feed
            .entries
            .iter()
            .map(|e| (e.article.clone(), e.summary_only))
            .collect();
        let id = store.feed_id(&url).unwrap();
        let stats = store.store_feed(id, &update(&entries)).unwrap();
        items += entries.len();
        per_feed.push((file.clone(), entries.len(), stats.added.len()));
    }
    let short: Vec<_> = per_feed.iter().filter(|(_, n, added)| n != added).collect();
    assert!(short.is_empty(), "feeds with items not stored: {short:?}");
    assert_eq!(items, 631);
    assert_eq!(count(&store), 631);
    let podcast = per_feed
        .iter()
        .find(|(f, _, _)| f == "fr-radiofrance-podcast-rss.xml")
        .unwrap();
    assert_eq!(podcast.2, 52);

    // A second refresh of every feed adds nothing.
    for file in &files {
        let url = format!("https://feeds.example/{file}");
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let opts = FeedOptions {
            url: &url,
            ..FeedOptions::default()
        };
        let feed = parse_feed(&bytes, &opts).unwrap();
        let entries: Vec<_> = feed
            .entries
            .iter()
            .map(|e| (e.article.clone(), e.summary_only))
            .collect();
        let id = store.feed_id(&url).unwrap();
        let stats = store.store_feed(id, &update(&entries)).unwrap();
        assert!(stats.added.is_empty(), "{file}: {:?}", stats.added);
    }
    assert_eq!(count(&store), 631);
}

#[test]
fn a_feed_reusing_another_feeds_guids_and_links_hides_nothing() {
    let mut store = memory();
    let (real, hostile) = ("https://real.example/rss", "https://hostile.example/rss");
    let real_id = store.feed_id(real).unwrap();
    let hostile_id = store.feed_id(hostile).unwrap();
    // The hostile feed is fetched first and copies the real feed's guid and link with
    // another text.
    let fake = entry(hostile, 9, Some("urn:story:1"), "https://real.example/1");
    store.store_feed(hostile_id, &update(&[fake])).unwrap();
    let genuine = entry(real, 1, Some("urn:story:1"), "https://real.example/1");
    let stats = store.store_feed(real_id, &update(&[genuine])).unwrap();
    assert_eq!(stats.added.len(), 1);
    assert_eq!(store.feed(real).unwrap().unwrap().articles, 1);
    assert_eq!(count(&store), 2);
}

#[test]
fn the_same_story_in_two_feeds_is_stored_twice() {
    let mut store = memory();
    let (a, b) = ("https://a.example/rss", "https://b.example/rss");
    let (ida, idb) = (store.feed_id(a).unwrap(), store.feed_id(b).unwrap());
    // Same text, same link, no guid.
    let first = entry(a, 3, None, "https://wire.example/story");
    let second = entry(b, 3, None, "https://wire.example/story");
    assert_eq!(
        store
            .store_feed(ida, &update(&[first]))
            .unwrap()
            .added
            .len(),
        1
    );
    assert_eq!(
        store
            .store_feed(idb, &update(&[second]))
            .unwrap()
            .added
            .len(),
        1
    );
    assert_eq!(count(&store), 2);
    // A plain file with that link is still a duplicate, as before.
    let mut file = article(3);
    file.url = Some("https://wire.example/story".into());
    assert_eq!(store.import(&[file]).unwrap().duplicates, 1);
}

#[test]
fn entries_without_guid_are_known_by_link_title_and_date() {
    let mut store = memory();
    let feed = "https://podcast.example/rss";
    let id = store.feed_id(feed).unwrap();
    // Three episodes share the show's link; they differ by title.
    let episodes: Vec<_> = (0..3)
        .map(|n| entry(feed, n, None, "https://podcast.example/show"))
        .collect();
    assert_eq!(
        store
            .store_feed(id, &update(&episodes))
            .unwrap()
            .added
            .len(),
        3
    );
    // Fetched again, nothing new; the same link, title and date is the same entry.
    assert!(store
        .store_feed(id, &update(&episodes))
        .unwrap()
        .added
        .is_empty());
    // Another date makes another entry.
    let mut later = episodes[0].clone();
    later.0.date = later.0.date.map(|d| d + chrono::Days::new(7));
    assert_eq!(
        store.store_feed(id, &update(&[later])).unwrap().added.len(),
        1
    );
    // A guid repeated within one feed is one entry.
    let twice = [
        entry(feed, 10, Some("g-10"), "https://podcast.example/10"),
        entry(feed, 11, Some("g-10"), "https://podcast.example/11"),
    ];
    assert_eq!(
        store.store_feed(id, &update(&twice)).unwrap().added.len(),
        1
    );
    assert_eq!(count(&store), 5);
}
