//! Enclosures (podcast audio, images) read from feeds and kept by the store: every
//! `<enclosure>` of every episode of a real podcast feed comes back from the store with its
//! link, type and size, and a feed written in the same shape keeps its Media RSS image,
//! makes relative links absolute, keeps an enclosure beside a Media RSS image, and drops
//! what is not http or https.

mod store_common;

use akhbar::ingest::feed::{parse_feed, FeedOptions};
use akhbar::model::Enclosure;
use akhbar::store::FeedUpdate;
use std::path::PathBuf;
use store_common::memory;

fn fixture(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `url`, `length` and `type` of each `<enclosure …>` tag, read off the raw text.
fn raw_enclosures(xml: &str) -> Vec<(String, Option<u64>, String)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        tag.find(&key)
            .map(|at| {
                let rest = &tag[at + key.len()..];
                rest[..rest.find('"').unwrap()].replace("&amp;", "&")
            })
            .unwrap_or_default()
    };
    xml.match_indices("<enclosure ")
        .map(|(at, _)| {
            let tag = &xml[at..at + xml[at..].find('>').unwrap()];
            (
                attr(tag, "url"),
                attr(tag, "length").parse().ok(),
                attr(tag, "type"),
            )
        })
        .collect()
}

/// Parses a feed and stores it as a refresh does; returns each stored entry's enclosures in
/// feed order.
fn stored(bytes: &[u8], url: &str) -> Vec<Vec<Enclosure>> {
    let opts = FeedOptions {
        url,
        ..FeedOptions::default()
    };
    let parsed = parse_feed(bytes, &opts).expect("the feed parses");
    let entries: Vec<_> = parsed
        .entries
        .into_iter()
        .map(|e| (e.article, e.summary_only))
        .collect();
    let mut store = memory();
    let feed = store.feed_id(url).unwrap();
    let update = FeedUpdate {
        entries: &entries,
        title: None,
        etag: None,
        last_modified: None,
        max_articles: None,
        tags: &[],
    };
    let stats = store.store_feed(feed, &update).unwrap();
    assert_eq!(stats.added.len(), entries.len(), "every entry is new");
    stats
        .added
        .iter()
        .map(|&id| store.article(id).unwrap().enclosures)
        .collect()
}

#[test]
fn every_enclosure_of_a_real_podcast_is_stored() {
    let bytes = fixture("feeds-real/fr-radiofrance-podcast-rss.xml");
    let raw = raw_enclosures(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(raw.len(), 52, "the feed's own count");
    let got = stored(
        &bytes,
        "http://radiofrance-podcast.net/podcast09/rss_12668.xml",
    );
    assert_eq!(got.len(), 52, "one article per episode");
    let flat: Vec<&Enclosure> = got.iter().flatten().collect();
    assert_eq!(flat.len(), raw.len(), "every enclosure, none twice");
    for (e, (url, length, mime)) in flat.iter().zip(&raw) {
        assert_eq!(&e.url, url);
        assert_eq!(e.bytes, *length);
        assert_eq!(e.mime.as_deref(), Some(mime.as_str()));
    }
    assert_eq!(flat[0].describe(), "audio/mpeg · 85.4 MB");
}

#[test]
fn the_other_real_podcast_keeps_its_enclosures_too() {
    let bytes = fixture("feeds-real/en-theomnishow-podcast-rss.xml");
    let raw = raw_enclosures(std::str::from_utf8(&bytes).unwrap());
    let got = stored(&bytes, "https://feeds.example/omni.xml");
    let urls: Vec<&str> = got.iter().flatten().map(|e| e.url.as_str()).collect();
    let want: Vec<&str> = raw.iter().map(|(u, _, _)| u.as_str()).collect();
    assert_eq!(urls, want);
}

#[test]
fn media_rss_images_relative_links_and_only_http() {
    let got = stored(
        &fixture("podcast/own-podcast.xml"),
        "https://pod.example/feed.xml",
    );
    assert_eq!(got.len(), 5);
    let described: Vec<Vec<String>> = got
        .iter()
        .map(|es| {
            es.iter()
                .map(|e| format!("{} {}", e.describe(), e.url))
                .collect()
        })
        .collect();
    assert_eq!(
        described[0],
        ["audio/mpeg · 24.1 MB https://cdn.pod.example/audio/ep3.mp3"]
    );
    assert_eq!(
        described[1],
        ["image/jpeg · 182.3 kB https://cdn.pod.example/img/studio.jpg"]
    );
    // An empty length is no size; the link is made absolute against the feed.
    assert_eq!(
        described[2],
        ["audio/x-m4a https://pod.example/audio/ep2.m4a"]
    );
    // An episode with a Media RSS cover and an RSS enclosure keeps both (feed-rs alone
    // keeps only the cover).
    assert_eq!(
        described[4],
        [
            "image/jpeg · 50.0 kB https://cdn.pod.example/img/ep0.jpg",
            "audio/mpeg · 1.2 MB https://cdn.pod.example/audio/ep0.mp3",
        ]
    );
    // The javascript: enclosure never reaches the store.
    assert_eq!(
        described[3],
        ["audio/mpeg · 9.0 MB https://cdn.pod.example/audio/ep1.mp3"]
    );
}
