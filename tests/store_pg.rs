//! One store suite, two backends: each `both` test runs the same steps on a SQLite file and on
//! a fresh database of a throwaway PostgreSQL cluster (tests/pg_common), asserting the same
//! answers on each and that both backends agree. Then what only the server has: migrations
//! from each earlier schema version, two importers and two processes triaging at once, a
//! server restart mid-session, and the real binary pointed at the server.

mod pg_common;
mod store_common;

use akhbar::model::{Article, Origin, TextField, TextMatch, TextQuery};
use akhbar::store::{Change, ExportFormat, FeedUpdate, Location, Op, RowKey, Store, View};
use std::process::Command;
use store_common::{article, articles, Helper};

/// The SQLite store and the PostgreSQL one, each fresh (`None` for the server when the
/// machine has none and this is not CI). The folder keeps the SQLite file alive.
fn both(test: &str) -> (tempfile::TempDir, Vec<(&'static str, Store)>) {
    both_as(test, "amina")
}

fn both_as(test: &str, user: &str) -> (tempfile::TempDir, Vec<(&'static str, Store)>) {
    let dir = tempfile::tempdir().unwrap();
    let file = Location::File(dir.path().join("akhbar.db"));
    let mut stores = vec![("sqlite", Store::open_as(&file, user).unwrap().store)];
    if let Some(cluster) = pg_common::shared(test) {
        let url = cluster.fresh_db();
        let opened = Store::open_as(&Location::parse(&url), user).expect("the server store opens");
        assert_eq!(opened.read_only, None);
        stores.push(("postgres", opened.store));
    }
    (dir, stores)
}

/// A second handle on the same store, as `user`.
fn again(store: &Store, user: &str) -> Store {
    Store::open_as(store.location(), user).unwrap().store
}

fn ids_of(store: &Store, view: View) -> Vec<i64> {
    store
        .rows(view, None, 10_000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

fn query(field: TextField, words: &[&str]) -> TextQuery {
    TextQuery {
        all: vec![TextMatch {
            field,
            words: words.iter().map(|w| vec![w.to_string()]).collect(),
        }],
    }
}

#[test]
fn location_takes_urls_not_folders() {
    for url in [
        "postgres://u@h/db",
        "postgresql://u:pw@127.0.0.1:5433/akhbar?sslmode=disable",
        "POSTGRES://h/db",
    ] {
        let loc = Location::parse(url);
        assert!(matches!(loc, Location::Postgres(_)), "{url}");
        assert!(!loc.display().contains("pw"), "{}", loc.display());
    }
    assert!(matches!(Location::parse("postgres:"), Location::File(_)));
    assert_eq!(Location::parse(":memory:"), Location::Memory);
}

#[test]
fn imports_round_trip_and_duplicates_keep_their_ids() {
    let (_dir, mut stores) = both("imports_round_trip");
    let input = articles(30);
    let mut answers = Vec::new();
    for (name, store) in &mut stores {
        let stats = store.import(&input).unwrap();
        assert_eq!((stats.added, stats.duplicates), (30, 0), "{name}");
        for (a, &id) in input.iter().zip(&stats.ids) {
            assert_eq!(&store.article(id).unwrap(), a, "{name}");
            let text: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(store.body_text(id).unwrap(), text.join("\n"), "{name}");
        }
        // Again, and with a repeat inside the batch: all duplicates, the same ids.
        let mut twice = input.clone();
        twice.push(input[3].clone());
        let again = store.import(&twice).unwrap();
        assert_eq!((again.added, again.duplicates), (0, 31), "{name}");
        assert_eq!(&again.ids[..30], &stats.ids[..], "{name}");
        assert_eq!(again.ids[30], stats.ids[3], "{name}");
        // A different text under a stored link is the same article.
        let mut moved = article(40);
        moved.url = input[5].url.clone();
        let by_link = store.import(&[moved]).unwrap();
        assert_eq!(by_link.ids, vec![stats.ids[5]], "{name}");
        let counts = store.counts().unwrap();
        assert_eq!(
            (counts.all, counts.unread, counts.starred),
            (30, 30, 0),
            "{name}"
        );
        assert!(matches!(
            store.article(999_999),
            Err(akhbar::store::Error::NoSuchArticle(999_999))
        ));
        answers.push(stats.ids);
    }
    answers.dedup();
    assert_eq!(answers.len(), 1, "both backends give the same ids");
}

#[test]
fn pages_follow_the_list_order_on_both() {
    let (_dir, mut stores) = both("pages");
    let mut orders = Vec::new();
    for (name, store) in &mut stores {
        store.import(&articles(50)).unwrap();
        let mut all = Vec::new();
        store
            .all_rows(View::All, 9, &mut |batch| {
                assert!(batch.len() <= 9);
                all.extend(batch)
            })
            .unwrap();
        assert_eq!(all.len(), 50, "{name}");
        // Newest first, undated last, then the newer id first.
        for w in all.windows(2) {
            let key = |r: &akhbar::store::Row| (r.date.is_some(), r.date, r.id);
            assert!(
                key(&w[0]) > key(&w[1]),
                "{name}: {:?} then {:?}",
                w[0],
                w[1]
            );
        }
        let mut paged = Vec::new();
        let mut after: Option<RowKey> = None;
        loop {
            let page = store.rows(View::All, after.as_ref(), 7).unwrap();
            if page.is_empty() {
                break;
            }
            after = Some(RowKey::from(page.last().unwrap()));
            paged.extend(page);
        }
        assert_eq!(paged, all, "{name}");
        let ids: Vec<i64> = all.iter().map(|r| r.id).collect();
        let dates = store.dates_of(&[ids[0], 999_999, ids[49]]).unwrap();
        assert_eq!(dates, vec![Some(all[0].date), None, Some(all[49].date)]);
        assert_eq!(store.newest_date(View::All).unwrap(), all[0].date);
        assert_eq!(store.row(ids[10]).unwrap(), all[10], "{name}");
        orders.push(ids);
    }
    orders.dedup();
    assert_eq!(orders.len(), 1, "both backends list in the same order");
}

#[test]
fn triage_applies_and_undoes_exactly() {
    let (_dir, mut stores) = both("triage");
    for (name, store) in &mut stores {
        let ids = store.import(&articles(10)).unwrap().ids;
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
        // A bulk star over a mix: the inverse unstars only the newly starred.
        let inverse = store
            .apply(&Change::new(
                vec![ids[0], ids[1], ids[2], ids[1]],
                Op::Star(true),
            ))
            .unwrap();
        assert_eq!(
            inverse,
            Change::new(vec![ids[1], ids[2]], Op::Star(false)),
            "{name}"
        );
        assert_eq!(store.counts().unwrap().starred, 3, "{name}");
        store.apply(&inverse).unwrap();
        assert_eq!(ids_of(store, View::Starred), vec![ids[0]], "{name}");
        store
            .apply(&Change::new(vec![ids[3], ids[4]], Op::Read(true)))
            .unwrap();
        store
            .apply(&Change::new(vec![ids[5]], Op::Archive(true)))
            .unwrap();
        let c = store.counts().unwrap();
        assert_eq!((c.all, c.unread, c.archived), (10, 7, 1), "{name}");
        assert!(!ids_of(store, View::Unread).contains(&ids[3]), "{name}");
        // Tags: one tag without regard to ASCII case, keeping its first spelling.
        store
            .apply(&Change::new(vec![ids[0]], Op::AddTag("Economy".into())))
            .unwrap();
        let inverse = store
            .apply(&Change::new(
                vec![ids[0], ids[1]],
                Op::AddTag("economy".into()),
            ))
            .unwrap();
        assert_eq!(
            inverse,
            Change::new(vec![ids[1]], Op::RemoveTag("Economy".into()))
        );
        assert_eq!(
            store.tags().unwrap(),
            vec![("Economy".to_string(), 2)],
            "{name}"
        );
        assert_eq!(store.row(ids[1]).unwrap().tags, vec!["Economy"], "{name}");
        let undo = store
            .apply(&Change::new(
                vec![ids[0], ids[1]],
                Op::RemoveTag("ECONOMY".into()),
            ))
            .unwrap();
        assert_eq!(
            undo,
            Change::new(
                vec![ids[0], ids[1]],
                Op::TagBy("Economy".into(), Some("amina".into()))
            )
        );
        assert!(store.tags().unwrap().is_empty(), "{name}");
        store.apply(&undo).unwrap();
        assert_eq!(store.tags().unwrap().len(), 1, "{name}");
        // Notes, with their author, and the undo that puts the old one back.
        store
            .apply(&Change::new(vec![ids[2]], Op::SetNote(Some("أول".into()))))
            .unwrap();
        let undo = store
            .apply(&Change::new(
                vec![ids[2]],
                Op::SetNote(Some("second".into())),
            ))
            .unwrap();
        let note = store.note_entry(ids[2]).unwrap().unwrap();
        assert_eq!(
            (note.text.as_str(), note.author.as_deref()),
            ("second", Some("amina"))
        );
        store.apply(&undo).unwrap();
        assert_eq!(
            store.note(ids[2]).unwrap().as_deref(),
            Some("أول"),
            "{name}"
        );
        assert!(store.row(ids[2]).unwrap().has_note, "{name}");
        // All or nothing: an unknown id changes nothing.
        let bad = Change {
            steps: vec![
                akhbar::store::Step {
                    ids: vec![ids[7]],
                    op: Op::Star(true),
                },
                akhbar::store::Step {
                    ids: vec![999_999],
                    op: Op::Star(true),
                },
            ],
        };
        assert!(matches!(
            store.apply(&bad),
            Err(akhbar::store::Error::NoSuchArticle(999_999))
        ));
        assert!(!store.row(ids[7]).unwrap().starred, "{name}");
        // One step (a key: on the server, one message) naming a missing article changes
        // nothing either, and the handle goes on working after it.
        for op in [Op::Star(true), Op::Read(true), Op::Archive(true)] {
            let one = Change::new(vec![ids[7], 999_998, 999_999], op);
            assert!(
                matches!(
                    store.apply(&one),
                    Err(akhbar::store::Error::NoSuchArticle(999_998))
                ),
                "{name}"
            );
        }
        let row = store.row(ids[7]).unwrap();
        assert!(!row.starred && !row.read && !row.archived, "{name}");
        let undo = store
            .apply(&Change::new(vec![ids[7], ids[7]], Op::Star(true)))
            .unwrap();
        assert!(store.row(ids[7]).unwrap().starred, "{name}");
        assert_eq!(undo, Change::new(vec![ids[7]], Op::Star(false)), "{name}");
        store.apply(&undo).unwrap();
        assert!(!store.row(ids[7]).unwrap().starred, "{name}");
    }
}

#[test]
fn each_user_keeps_their_own_marks_and_shares_tags() {
    let (_dir, mut stores) = both("users");
    for (name, store) in &mut stores {
        let ids = store.import(&articles(5)).unwrap().ids;
        let mut omar = again(store, "omar");
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
        omar.apply(&Change::new(vec![ids[0], ids[1]], Op::Read(true)))
            .unwrap();
        omar.apply(&Change::new(vec![ids[4]], Op::AddTag("sport".into())))
            .unwrap();
        assert_eq!(ids_of(store, View::Starred), vec![ids[0]], "{name}");
        assert!(ids_of(&omar, View::Starred).is_empty(), "{name}");
        assert_eq!(store.counts().unwrap().unread, 5, "{name}");
        assert_eq!(omar.counts().unwrap().unread, 3, "{name}");
        assert_eq!(store.row(ids[4]).unwrap().tags, vec!["sport"], "{name}");
        assert_eq!(omar.user(), "omar");
    }
}

#[test]
fn search_finds_title_body_and_phrases() {
    let (_dir, mut stores) = both("search");
    let mut answers = Vec::new();
    for (name, store) in &mut stores {
        let ids = store.import(&articles(12)).unwrap().ids;
        // «رقم» is in every Arabic title; «economy» in every English one.
        let mut hits: Vec<i64> = store
            .search_ids(&query(TextField::Title, &["economy"]))
            .unwrap();
        hits.sort();
        let odd: Vec<i64> = ids.iter().copied().skip(1).step_by(2).collect();
        assert_eq!(hits, odd, "{name}");
        assert!(store
            .search_ids(&query(TextField::Body, &["economy"]))
            .unwrap()
            .is_empty());
        // A phrase: the words next to each other, in order.
        let phrase = store
            .search_ids(&query(TextField::Any, &["story", "number", "3"]))
            .unwrap();
        assert_eq!(phrase, vec![ids[3]], "{name}");
        assert!(store
            .search_ids(&query(TextField::Any, &["number", "story"]))
            .unwrap()
            .is_empty());
        // Ranked: positive, every hit once.
        let ranked = store
            .search_text(&query(TextField::Any, &["with"]))
            .unwrap();
        assert_eq!(ranked.len(), 12, "{name}");
        assert!(ranked.iter().all(|(_, r)| *r > 0.0), "{name}: {ranked:?}");
        // The index follows a fetched full text, in the same transaction.
        store
            .put_full_text(
                ids[0],
                &[akhbar::model::Paragraph {
                    text: "kremlin talks".into(),
                    lang: akhbar::model::Lang::En,
                    dir: akhbar::model::Direction::Ltr,
                }],
            )
            .unwrap();
        assert_eq!(
            store
                .search_ids(&query(TextField::Body, &["kremlin"]))
                .unwrap(),
            vec![ids[0]]
        );
        assert_eq!(store.reindex().unwrap(), 12, "{name}");
        assert_eq!(store.unindexed().unwrap(), 12);
        let progress = store.index_pending(100).unwrap();
        assert_eq!((progress.done, progress.left), (12, 0), "{name}");
        assert_eq!(
            store
                .search_ids(&query(TextField::Body, &["kremlin"]))
                .unwrap(),
            vec![ids[0]]
        );
        answers.push(hits);
    }
    answers.dedup();
    assert_eq!(answers.len(), 1);
}

fn entry(feed: &str, n: usize) -> Article {
    let mut a = article(n);
    a.origin = Origin::Feed(feed.to_string());
    a.id = akhbar::model::ArticleId(format!("guid-{n}"));
    a
}

/// One link, one story, whichever came first: a file article and a feed entry with the same
/// link are one article on both backends; two feeds' entries with one link stay two.
#[test]
fn a_file_and_a_feed_entry_with_one_link_are_one_article() {
    let (_dir, mut stores) = both("one_link_story");
    let feed_url = "https://wire.example/rss";
    for (name, store) in &mut stores {
        let feed = store.feed_id(feed_url).unwrap();
        // The file first, then the feed brings the same link (other words, its own guid).
        let mut file = article(40);
        file.url = Some("https://wire.example/a/40".into());
        let file_id = store.import(&[file]).unwrap().ids[0];
        let mut later = entry(feed_url, 41);
        later.url = Some("https://wire.example/a/40".into());
        let update = FeedUpdate {
            entries: &[(later, false)],
            ..Default::default()
        };
        let stats = store.store_feed(feed, &update).unwrap();
        assert_eq!(stats.import.ids, vec![file_id], "{name}");
        assert_eq!(stats.import.added, 0, "{name}");
        // The feed first, then a file with its link: a duplicate of the entry.
        let mut first = entry(feed_url, 42);
        first.url = Some("https://wire.example/a/42".into());
        let update = FeedUpdate {
            entries: &[(first, false)],
            ..Default::default()
        };
        let entry_id = store.store_feed(feed, &update).unwrap().import.ids[0];
        let mut saved = article(43);
        saved.url = Some("https://wire.example/a/42".into());
        assert_eq!(
            store.import(&[saved]).unwrap().ids,
            vec![entry_id],
            "{name}"
        );
        // Another feed's entry with that link is that feed's own.
        let other = store.feed_id("https://other.example/rss").unwrap();
        let mut theirs = entry("https://other.example/rss", 44);
        theirs.url = Some("https://wire.example/a/42".into());
        let update = FeedUpdate {
            entries: &[(theirs, false)],
            ..Default::default()
        };
        assert_eq!(
            store.store_feed(other, &update).unwrap().import.added,
            1,
            "{name}"
        );
    }
}

#[test]
fn feeds_store_each_entry_once_and_remember_validators() {
    let (_dir, mut stores) = both("feeds");
    let url = "https://news.example/rss";
    for (name, store) in &mut stores {
        let feed = store.feed_id(url).unwrap();
        assert_eq!(store.feed_id(url).unwrap(), feed, "{name}");
        let entries: Vec<(Article, bool)> = (0..6).map(|n| (entry(url, n), n % 2 == 0)).collect();
        let update = FeedUpdate {
            entries: &entries,
            title: Some("News"),
            etag: Some("\"v1\""),
            last_modified: None,
            max_articles: None,
            tags: &[],
        };
        let first = store.store_feed(feed, &update).unwrap();
        assert_eq!(first.added.len(), 6, "{name}");
        let second = store.store_feed(feed, &update).unwrap();
        assert!(second.added.is_empty(), "{name}");
        let state = store.feed(url).unwrap().unwrap();
        assert_eq!((state.articles, state.unread), (6, 6), "{name}");
        assert_eq!(state.title.as_deref(), Some("News"));
        assert_eq!(state.etag.as_deref(), Some("\"v1\""));
        assert!(store.needs_full_text(first.added[0]).unwrap(), "{name}");
        // A subscription's tags go on its new entries.
        let other = "https://other.example/atom";
        let other_id = store.feed_id(other).unwrap();
        let other_entries: Vec<(Article, bool)> =
            (10..13).map(|n| (entry(other, n), false)).collect();
        let tags = vec!["World".to_string(), "bad\u{7}".to_string()];
        let tagged = FeedUpdate {
            entries: &other_entries,
            tags: &tags,
            ..Default::default()
        };
        assert_eq!(store.store_feed(other_id, &tagged).unwrap().added.len(), 3);
        assert_eq!(
            store.tags().unwrap(),
            vec![("World".to_string(), 3)],
            "{name}"
        );
        store.feed_failed(feed, "HTTP 500").unwrap();
        assert_eq!(
            store.feeds().unwrap()[0].last_error.as_deref(),
            Some("HTTP 500")
        );
        store.feed_not_modified(feed, Some("\"v2\""), None).unwrap();
        let state = store.feed(url).unwrap().unwrap();
        assert_eq!(
            (state.last_error, state.etag.as_deref()),
            (None, Some("\"v2\""))
        );
        // A limit keeps the newest, and never a starred one.
        store
            .apply(&Change::new(vec![first.added[5]], Op::Star(true)))
            .unwrap();
        let limited = FeedUpdate {
            max_articles: Some(2),
            ..update
        };
        let trimmed = store.store_feed(feed, &limited).unwrap();
        assert!(trimmed.removed > 0, "{name}");
        assert!(
            store.row(first.added[5]).is_ok(),
            "{name}: the starred one stays"
        );
    }
}

#[test]
fn facts_cache_ignore_rules_and_readers() {
    let (_dir, mut stores) = both("facts");
    for (name, store) in &mut stores {
        let ids = store.import(&articles(6)).unwrap().ids;
        store.put_facts(ids[0], 3, "{\"people\":[]}").unwrap();
        assert_eq!(
            store.cached_facts(ids[0], 3).unwrap().as_deref(),
            Some("{\"people\":[]}")
        );
        assert_eq!(store.cached_facts(ids[0], 4).unwrap(), None, "{name}");
        let many = vec![(ids[1], "[1]".to_string()), (999_999, "[2]".to_string())];
        assert_eq!(store.put_facts_many(3, &many).unwrap(), 1, "{name}");
        assert_eq!(store.ignore("source:BBC", &[ids[1], ids[4]]).unwrap(), 2);
        assert_eq!(store.ignore("source:BBC", &[ids[1]]).unwrap(), 0, "{name}");
        assert_eq!(
            store.ignored_counts().unwrap(),
            vec![("source:BBC".to_string(), 2)]
        );
        // A user made later starts with them archived too.
        let late = again(store, "late");
        assert_eq!(late.counts().unwrap().archived, 2, "{name}");
        // A reader sees the same and refuses writes.
        let mut reader = store.reader().unwrap();
        assert_eq!(reader.counts().unwrap(), store.counts().unwrap(), "{name}");
        assert!(reader.is_read_only());
        assert!(matches!(
            reader.apply(&Change::new(vec![ids[0]], Op::Star(true))),
            Err(akhbar::store::Error::ReadOnly { .. })
        ));
    }
}

#[test]
fn data_version_moves_on_others_writes_only() {
    let (_dir, mut stores) = both("data_version");
    for (name, store) in &mut stores {
        let ids = store.import(&articles(3)).unwrap().ids;
        let mut other = again(store, "omar");
        let before = store.data_version().unwrap();
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
        assert_eq!(store.data_version().unwrap(), before, "{name}: own write");
        other
            .apply(&Change::new(vec![ids[0]], Op::AddTag("x".into())))
            .unwrap();
        assert_ne!(
            store.data_version().unwrap(),
            before,
            "{name}: another's write"
        );
    }
}

#[test]
fn exports_are_the_same_on_both_backends() {
    let (_dir, mut stores) = both("exports");
    let mut outputs = Vec::new();
    for (_, store) in &mut stores {
        let ids = store.import(&articles(8)).unwrap().ids;
        store
            .apply(&Change::new(vec![ids[1]], Op::AddTag("Gulf".into())))
            .unwrap();
        store
            .apply(&Change::new(
                vec![ids[1]],
                Op::SetNote(Some("check".into())),
            ))
            .unwrap();
        store
            .apply(&Change::new(vec![ids[2]], Op::Star(true)))
            .unwrap();
        store.put_facts(ids[1], 1, "{\"n\":1}").unwrap();
        let mut one = Vec::new();
        for (view, tag, format) in [
            (View::All, None, ExportFormat::Json),
            (View::Starred, None, ExportFormat::Markdown),
            (View::All, Some("gulf"), ExportFormat::Json),
        ] {
            let mut out = Vec::new();
            store.export(view, tag, format, &mut out).unwrap();
            one.push(String::from_utf8(out).unwrap());
        }
        let json: serde_json::Value = serde_json::from_str(&one[0]).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 8);
        let tagged: serde_json::Value = serde_json::from_str(&one[2]).unwrap();
        assert_eq!(tagged[0]["note"], "check");
        assert_eq!(tagged[0]["facts"]["n"], 1);
        outputs.push(one);
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1], "SQLite and PostgreSQL export alike");
    }
}

// What only the server has.

#[test]
fn migrates_from_each_earlier_version() {
    let Some(cluster) = pg_common::shared("migrates") else {
        return;
    };
    use akhbar::store::pg::schema;
    for from in 0..schema::LATEST {
        let url = cluster.fresh_db();
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        if from > 0 {
            assert_eq!(schema::migrate_to(&mut client, from).unwrap(), 0);
        }
        if from >= 1 {
            // An article stored at version 1, before the index: a user and the article.
            client
                .batch_execute(
                    "INSERT INTO users (name, created) VALUES ('amina', 0); \
                     INSERT INTO articles (key, content_hash, title, day, lang, dir, origin, \
                     path, added_at, url) VALUES ('k', '\\x00', 'Kremlin talks', -1000000000, \
                     'en', 'ltr', 'file', '/x', 0, 'https://example.com/kremlin'); \
                     INSERT INTO bodies (article_id, paragraphs) SELECT id, '[]' FROM articles",
                )
                .unwrap();
        }
        assert_eq!(schema::version(&mut client).unwrap(), from);
        let opened = Store::open_as(&Location::parse(&url), "amina").unwrap();
        let mut store = opened.store;
        assert_eq!(schema::version(&mut client).unwrap(), schema::LATEST);
        if from >= 1 {
            assert_eq!(opened.notices.len(), 1, "{:?}", opened.notices);
            assert_eq!(store.counts().unwrap().unread, 1, "the old article, unread");
            // Its link is claimed by version 3's key (an article stored at 3 or later by
            // hand, as here, claims nothing).
            let claimed: i64 = client
                .query_one(
                    "SELECT count(*) FROM articles WHERE link_key IS NOT NULL",
                    &[],
                )
                .unwrap()
                .get(0);
            assert_eq!(claimed, i64::from(from < 3), "from {from}");
        }
        if from == 1 {
            // Stored before the index: waiting for it.
            assert_eq!(store.unindexed().unwrap(), 1);
            store.index_pending(10).unwrap();
            assert_eq!(
                store
                    .search_ids(&query(TextField::Title, &["kremlin"]))
                    .unwrap()
                    .len(),
                1
            );
        }
        // Opening again changes nothing.
        let again = Store::open_as(&Location::parse(&url), "amina").unwrap();
        assert!(again.notices.is_empty());
    }
}

/// Two threads import `input` into the database at `url` at once, in 50-article batches, one
/// from each end; the articles each counted added.
fn import_from_both_ends(url: &str, input: Vec<Article>) -> Vec<usize> {
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let (url, mut input) = (url.to_string(), input.clone());
            if w == 1 {
                input.reverse();
            }
            std::thread::spawn(move || {
                let mut store = Store::open_as(&Location::parse(&url), "amina")
                    .unwrap()
                    .store;
                input
                    .chunks(50)
                    .map(|chunk| store.import(chunk).unwrap().added)
                    .sum::<usize>()
            })
        })
        .collect();
    workers.into_iter().map(|w| w.join().unwrap()).collect()
}

/// The store at `url` holds `n` articles, each with amina's unread mark.
fn assert_each_stored_once_with_its_mark(url: &str, n: usize) {
    let store = Store::open_as(&Location::parse(url), "amina")
        .unwrap()
        .store;
    assert_eq!(store.counts().unwrap().all, n);
    assert_eq!(
        store.counts().unwrap().unread,
        n,
        "every article has its mark"
    );
}

#[test]
fn two_importers_at_once_store_each_article_once() {
    let Some(cluster) = pg_common::shared("two_importers") else {
        return;
    };
    let url = cluster.fresh_db();
    import_from_both_ends(&url, articles(400));
    assert_each_stored_once_with_its_mark(&url, 400);
}

/// Articles without links take no link lock, so two importers of the same ones meet at the
/// content hash itself: one's `COPY` straight into `articles` is refused (or waits for the
/// other's commit and then is), it falls back to the staging table, and between them each
/// article is stored once and counted added once.
#[test]
fn two_importers_without_links_fall_back_and_store_each_once() {
    let Some(cluster) = pg_common::shared("two_importers_no_links") else {
        return;
    };
    let url = cluster.fresh_db();
    let mut input = articles(400);
    for a in &mut input {
        a.url = None;
    }
    let added: usize = import_from_both_ends(&url, input).iter().sum();
    assert_eq!(added, 400, "each article counted added once");
    assert_each_stored_once_with_its_mark(&url, 400);
}

/// The link rule is a unique key, not a lookup before the insert: two importers storing
/// different texts under the same links at once store one article a link.
#[test]
fn two_importers_of_one_link_store_it_once() {
    let Some(cluster) = pg_common::shared("one_link") else {
        return;
    };
    let url = cluster.fresh_db();
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let url = url.clone();
            // The same links; worker 1's texts differ, so only the link makes them one.
            let mut input = articles(300);
            if w == 1 {
                for a in &mut input {
                    a.id.0.push_str("-rewritten");
                    a.paragraphs[0].text.push_str(" Updated at the desk.");
                }
            }
            std::thread::spawn(move || {
                let mut store = Store::open_as(&Location::parse(&url), "amina")
                    .unwrap()
                    .store;
                let mut added = 0;
                for chunk in input.chunks(25) {
                    added += store.import(chunk).unwrap().added;
                }
                added
            })
        })
        .collect();
    let added: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let store = Store::open_as(&Location::parse(&url), "amina")
        .unwrap()
        .store;
    assert_eq!(store.counts().unwrap().all, 300, "one article a link");
    assert_eq!(added, 300, "the importers' counts agree with the store");
}

/// A user made while an import is under way (its transaction open) gets a mark for each of
/// its articles: the import's trigger cannot see the new user and the user's cannot see the
/// import's articles, so making the user waits for the import to commit.
#[test]
fn a_user_made_during_an_import_gets_its_marks() {
    let Some(cluster) = pg_common::shared("user_mid_import") else {
        return;
    };
    let url = cluster.fresh_db();
    drop(Store::open_as(&Location::parse(&url), "amina").unwrap());
    let mut importer = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut tx = importer.transaction().unwrap();
    tx.batch_execute(
        "INSERT INTO articles (key, content_hash, title, day, lang, dir, origin, path, added_at) \
         VALUES ('mid', '\\x01', 'Imported while omar arrives', 19000, 'en', 'ltr', 'file', \
         '/mid.txt', 0)",
    )
    .unwrap();
    let arriving = {
        let url = url.clone();
        std::thread::spawn(move || {
            let store = Store::open_as(&Location::parse(&url), "omar")
                .unwrap()
                .store;
            ids_of(&store, View::Unread).len()
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(400));
    tx.commit().unwrap();
    assert_eq!(
        arriving.join().unwrap(),
        1,
        "omar's unread view has the article"
    );
    let amina = Store::open_as(&Location::parse(&url), "amina")
        .unwrap()
        .store;
    assert_eq!(ids_of(&amina, View::Unread).len(), 1);
}

/// The child side of [`two_processes_triaging_at_once_lose_no_mark`]: stars and tags every
/// article as its user, one change at a time.
#[test]
#[ignore = "run by the parent test"]
fn helper() {
    let Some((role, url)) = Helper::role() else {
        return;
    };
    let loc = Location::parse(&url);
    let mut store = Store::open_as(&loc, &role).unwrap().store;
    let ids: Vec<i64> = ids_of(&store, View::All);
    Helper::say("ready");
    for id in ids {
        store.apply(&Change::new(vec![id], Op::Star(true))).unwrap();
        store
            .apply(&Change::new(vec![id], Op::AddTag(format!("by-{role}"))))
            .unwrap();
    }
    Helper::say("done");
}

#[test]
fn two_processes_triaging_at_once_lose_no_mark() {
    let Some(cluster) = pg_common::shared("two_processes") else {
        return;
    };
    let url = cluster.fresh_db();
    let loc = Location::parse(&url);
    let mut store = Store::open_as(&loc, "amina").unwrap().store;
    store.import(&articles(60)).unwrap();
    let path = std::path::PathBuf::from(&url);
    let mut a = Helper::spawn("amina", &path);
    let mut b = Helper::spawn("omar", &path);
    a.wait_for("ready");
    b.wait_for("ready");
    a.wait_for("done");
    b.wait_for("done");
    a.finish();
    b.finish();
    let omar = Store::open_as(&loc, "omar").unwrap().store;
    assert_eq!(store.counts().unwrap().starred, 60);
    assert_eq!(omar.counts().unwrap().starred, 60);
    let tags = store.tags().unwrap();
    assert_eq!(
        tags,
        vec![("by-amina".to_string(), 60), ("by-omar".to_string(), 60)]
    );
}

#[test]
fn a_server_restart_is_survived() {
    // Its own cluster: restarting the shared one would fail the tests running beside it.
    let Some(_) = pg_common::shared("restart") else {
        return;
    };
    let cluster = pg_common::Cluster::start().expect("a second cluster");
    let url = cluster.fresh_db();
    let mut store = Store::open_as(&Location::parse(&url), "amina")
        .unwrap()
        .store;
    let ids = store.import(&articles(5)).unwrap().ids;
    cluster.restart();
    // The first call after the restart may find the old connection dead; nothing is lost
    // and the handle connects again by itself.
    let first = store.apply(&Change::new(vec![ids[0]], Op::Star(true)));
    if let Err(e) = &first {
        assert!(matches!(e, akhbar::store::Error::Unavailable { .. }), "{e}");
        assert!(e.to_string().starts_with("store: reconnecting…"), "{e}");
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
    }
    assert_eq!(store.counts().unwrap().starred, 1);
}

// The real binary.

fn akhbar(store: &str, args: &[&str], cwd: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["--store", store])
        .args(args)
        .current_dir(cwd)
        .env("AKHBAR_USER", "amina")
        .env("HOME", cwd)
        .env_remove("AKHBAR_STORE")
        .env_remove("PGPASSWORD")
        .output()
        .unwrap()
}

#[test]
fn bad_urls_and_unreachable_servers_are_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Nothing listens on `port` once the listener above is dropped.
    for url in [
        format!("postgres://amina:s3cret@127.0.0.1:{port}/akhbar"),
        "postgres://amina:s3cret@127.0.0.1/akhbar?sslmode=require".to_string(),
        "postgresql://amina:s3cret@127.0.0.1/akhbar?nonsense=1".to_string(),
    ] {
        let out = akhbar(&url, &["list"], dir.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {err}");
        assert_eq!(err.lines().count(), 1, "{url}: {err}");
        assert!(!err.contains("s3cret"), "{err}");
        assert!(err.contains("postgres"), "{err}");
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no folder named after the URL"
    );
}

#[test]
fn the_binary_imports_lists_searches_and_exports_on_the_server() {
    let Some(cluster) = pg_common::shared("binary") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut lines = String::new();
    for n in 0..40 {
        let a = article(n);
        lines.push_str(
            &serde_json::json!({
                "id": format!("c{n}"),
                "title": a.title,
                "source": a.source,
                "published": a.date.map(|d| d.to_string()),
                "lang": a.lang.code(),
                "body": a.paragraphs.iter().map(|p| p.text.clone()).collect::<Vec<_>>().join("\n\n"),
                "url": a.url,
            })
            .to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(&corpus, lines).unwrap();
    // A database the server does not have: one line, exit 2.
    let out = akhbar(&cluster.url("no_such_db"), &["list"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no_such_db"), "{err}");
    let url = cluster.fresh_db();
    let file = dir.path().join("akhbar.db");
    let file = file.to_str().unwrap();
    let corpus = corpus.to_str().unwrap();
    let mut seen = Vec::new();
    for store in [file, url.as_str()] {
        let run = |args: &[&str]| {
            let out = akhbar(store, args, dir.path());
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        run(&["import", corpus]);
        let again = akhbar(store, &["import", corpus], dir.path());
        assert!(again.status.success());
        seen.push((
            run(&["list", "--view", "all"]),
            run(&["search", "economy", "--view", "all", "--limit", "5"]),
            run(&["search", "title:خبر", "--view", "all", "--json"]),
            run(&["export", "--view", "all", "--format", "json"]),
        ));
    }
    let (sqlite, pg) = (&seen[0], &seen[1]);
    // The corpus and the bundled seeds, which the commands put in a new store.
    assert!(sqlite.0.lines().count() >= 40, "{}", sqlite.0);
    assert_eq!(sqlite.0, pg.0, "list");
    assert_eq!(sqlite.3, pg.3, "export");
    // Search: the same hits (the ranks' scale differs between BM25 and ts_rank).
    let hits = |out: &str| -> Vec<String> {
        let mut v: Vec<String> = out
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|j| j["title"].to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(hits(&sqlite.2), hits(&pg.2), "search hits");
    assert_eq!(hits(&pg.2).len(), 20);
    assert_eq!(
        sqlite.1.lines().count(),
        pg.1.lines().count(),
        "{}\n{}",
        sqlite.1,
        pg.1
    );
}

#[test]
fn a_sites_recent_articles_are_the_same_on_both_backends() {
    let (_dir, mut stores) = both("recent_of_site");
    for (name, store) in &mut stores {
        let sites = [
            (Some("https://www.alghad.example/a/1"), "الغد"),
            (Some("https://alghad.example/a/2"), "غير الغد"),
            (Some("https://notalghad.example/a/3"), "الغد"),
            (Some("https://alghad.example.evil/a/4"), "X"),
            (None, "alghad.example"),
        ];
        for (n, (url, source)) in sites.iter().enumerate() {
            let mut a = article(n);
            a.url = url.map(str::to_string);
            a.source = Some(source.to_string());
            store.import(&[a]).unwrap();
        }
        let firsts = |group: &str, limit: usize| -> Vec<String> {
            store
                .recent_of_site(group, limit)
                .unwrap()
                .into_iter()
                .map(|lines| lines[0].clone())
                .collect()
        };
        let first = |n: usize| article(n).paragraphs[0].text.clone();
        // By host (with or without www., never a longer host or a host that merely ends
        // alike) or by the source's name; newest first; never more than asked.
        assert_eq!(
            firsts("alghad.example", 10),
            vec![first(4), first(1), first(0)],
            "{name}"
        );
        assert_eq!(
            firsts("alghad.example", 2),
            vec![first(4), first(1)],
            "{name}"
        );
        assert_eq!(firsts("الغد", 10), vec![first(2), first(0)], "{name}");
        assert!(firsts("nowhere.example", 10).is_empty(), "{name}");
        assert!(firsts("", 10).is_empty(), "{name}");
    }
}
