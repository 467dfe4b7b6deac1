//! Migrations from every earlier schema version: a database is made with the steps up to
//! version N, filled with data as version N wrote it, then opened by the store, which must
//! upgrade it with everything kept. Also: a newer schema opens read-only, and a SQLite file
//! that is not an akhbar store is left alone.

mod store_common;

use akhbar::model::{Direction, Lang, Paragraph};
use akhbar::store::{schema, Change, Op, View};
use rusqlite::Connection;
use std::path::Path;
use store_common::{open_file, temp_store};

// Keep at least one real upgrade to test.
const _: () = assert!(schema::LATEST >= 2);

/// Makes a database at `version` with the data a user of that version would have.
fn make_at(path: &Path, version: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = Connection::open(path).unwrap();
    for step in &schema::MIGRATIONS[..version as usize] {
        conn.execute_batch(step).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    // Version 1 data; later versions add only tables, so it is valid at every version. A step
    // that changes these tables must give this function a branch per version: from 7 the
    // marks are a user's, in `marks` (the triggers make a row per user and article).
    if version >= schema::USERS {
        conn.execute_batch(
            r#"
            INSERT INTO users (id, name, created) VALUES (1, 'someone', 0);
            INSERT INTO sources (id, name) VALUES (1, 'BBC');
            INSERT INTO articles (id, key, guid, url, content_hash, title, source_id, day, lang,
                dir, origin, path, added_at)
            VALUES
                (1, 'a1', NULL, 'https://x/1', x'01', 'First', 1, 738900, 'en', 'ltr', 'file', '/a/1.txt', 0),
                (2, 'a2', NULL, NULL, x'02', 'الثاني', NULL, -1000000000, 'ar', 'rtl', 'embedded', 'seed.txt', 0);
            UPDATE marks SET read = 1 WHERE article_id = 1;
            UPDATE marks SET starred = 1, archived = 1 WHERE article_id = 2;
            INSERT INTO bodies (article_id, paragraphs) VALUES
                (1, '[{"text":"Hello.","lang":"en","dir":"ltr"}]'),
                (2, '[{"text":"مرحبا.","lang":"ar","dir":"rtl"}]');
            INSERT INTO tags (id, name) VALUES (1, 'kept');
            INSERT INTO article_tags (article_id, tag_id, author_id) VALUES (1, 1, 1), (2, 1, 1);
            INSERT INTO notes (article_id, text, updated_at, author_id) VALUES (2, 'a note', 0, 1);
            "#,
        )
        .unwrap();
        return;
    }
    conn.execute_batch(
        r#"
        INSERT INTO sources (id, name) VALUES (1, 'BBC');
        INSERT INTO articles (id, key, guid, url, content_hash, title, source_id, day, lang, dir,
            origin, path, added_at, read, starred, archived)
        VALUES
            (1, 'a1', NULL, 'https://x/1', x'01', 'First', 1, 738900, 'en', 'ltr', 'file', '/a/1.txt', 0, 1, 0, 0),
            (2, 'a2', NULL, NULL, x'02', 'الثاني', NULL, -1000000000, 'ar', 'rtl', 'embedded', 'seed.txt', 0, 0, 1, 1);
        INSERT INTO bodies (article_id, paragraphs) VALUES
            (1, '[{"text":"Hello.","lang":"en","dir":"ltr"}]'),
            (2, '[{"text":"مرحبا.","lang":"ar","dir":"rtl"}]');
        INSERT INTO tags (id, name) VALUES (1, 'kept');
        INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1), (2, 1);
        INSERT INTO notes (article_id, text, updated_at) VALUES (2, 'a note', 0);
        "#,
    )
    .unwrap();
}

#[test]
fn every_earlier_version_upgrades_with_its_data() {
    for version in 1..schema::LATEST {
        let (_dir, path) = temp_store();
        make_at(&path, version);
        let opened = open_file(&path);
        assert_eq!(opened.read_only, None, "from {version}");
        assert!(
            opened.notices.iter().any(|n| n.contains("upgraded")),
            "from {version}: {:?}",
            opened.notices
        );
        let mut store = opened.store;
        if version >= schema::USERS {
            // The marks were made by this store's user, not the one running the test.
            store.set_user("someone").unwrap();
        }
        let rows = store.rows(View::All, None, 10).unwrap();
        assert_eq!(rows.len(), 2, "from {version}");
        assert_eq!((rows[0].id, rows[0].title.as_str()), (1, "First"));
        assert!(rows[0].read && !rows[0].starred);
        assert_eq!(rows[1].date, None);
        assert!(rows[1].starred && rows[1].archived && rows[1].has_note);
        assert_eq!(rows[1].tags, vec!["kept".to_string()]);
        let second = store.article(2).unwrap();
        assert_eq!(
            second.paragraphs,
            vec![Paragraph {
                text: "مرحبا.".into(),
                lang: Lang::Ar,
                dir: Direction::Rtl
            }]
        );
        assert_eq!(store.note(2).unwrap().as_deref(), Some("a note"));
        // What the new version added works.
        store.put_facts(1, 1, "{}").unwrap();
        store
            .apply(&Change::new(vec![1, 2], Op::Star(true)))
            .unwrap();
        drop(store);
        assert_eq!(version_of(&path), schema::LATEST);
        assert_eq!(schema_sql(&path), fresh_schema_sql(), "from {version}");
    }
}

/// The step to per-feed identity: a version-5 store (the last before it) holds a feed's entry (starred, tagged,
/// with a note) made when links were unique; after the upgrade its marks stay, a refresh
/// finds it again (guid-less entries by link, title and date), and another feed's entry
/// with the same link is stored beside it.
#[test]
fn per_feed_identity_keeps_every_mark_and_every_entry() {
    use akhbar::model::{Article, ArticleId, Origin};
    use akhbar::store::FeedUpdate;
    let (_dir, path) = temp_store();
    make_at(&path, 5);
    let feed = "https://a.example/rss";
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            r#"
            INSERT INTO feeds (id, url, added_at) VALUES (1, '{feed}', 0);
            INSERT INTO articles (id, key, feed_id, guid, url, content_hash, title, day, lang,
                dir, origin, path, added_at, starred)
            VALUES (3, 'https://a.example/ep', 1, '{feed}' || char(31) || 'https://a.example/ep',
                'https://a.example/ep', x'03', 'Episode one', 739000, 'en', 'ltr', 'feed',
                '{feed}', 0, 1);
            INSERT INTO bodies (article_id, paragraphs) VALUES (3, '[]');
            INSERT INTO article_tags (article_id, tag_id) VALUES (3, 1);
            INSERT INTO notes (article_id, text, updated_at) VALUES (3, 'listen', 0);
            "#
        ))
        .unwrap();
    let mut store = open_file(&path).store;
    let row = store
        .rows(View::All, None, 10)
        .unwrap()
        .into_iter()
        .find(|r| r.id == 3)
        .unwrap();
    assert!(row.starred && row.has_note && row.tags == vec!["kept".to_string()]);
    let entry = |title: &str, url: &str, feed: &str| {
        let a = Article {
            id: ArticleId(format!("{}https://a.example/ep", ArticleId::NO_GUID)),
            title: title.into(),
            url: Some(url.into()),
            date: schema::date_of(739000),
            paragraphs: Vec::new(),
            origin: Origin::Feed(feed.into()),
            enclosures: Vec::new(),
            ..store_common::article(1)
        };
        (a, false)
    };
    let update = |entries| FeedUpdate {
        entries,
        ..FeedUpdate::default()
    };
    // The same episode again, and a second one sharing its link.
    let again = [
        entry("Episode one", "https://a.example/ep", feed),
        entry("Episode two", "https://a.example/ep", feed),
    ];
    let stats = store.store_feed(1, &update(&again)).unwrap();
    assert_eq!(stats.import.ids[0], 3);
    assert_eq!(stats.added.len(), 1);
    // Another feed carrying the first episode keeps its own copy.
    let other = store.feed_id("https://b.example/rss").unwrap();
    let copy = [entry(
        "Episode one",
        "https://a.example/ep",
        "https://b.example/rss",
    )];
    assert_eq!(
        store.store_feed(other, &update(&copy)).unwrap().added.len(),
        1
    );
    assert_eq!(store.counts().unwrap().all, 5);
    assert_eq!(store.note(3).unwrap().as_deref(), Some("listen"));
}

#[test]
fn opening_again_runs_nothing() {
    let (_dir, path) = temp_store();
    drop(open_file(&path));
    let opened = open_file(&path);
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    assert_eq!(version_of(&path), schema::LATEST);
}

#[test]
fn a_newer_schema_opens_read_only_and_readable() {
    let (_dir, path) = temp_store();
    make_at(&path, schema::LATEST);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", schema::LATEST + 1)
        .unwrap();
    let opened = open_file(&path);
    let reason = opened.read_only.expect("read-only");
    assert!(reason.contains("newer"), "{reason}");
    let mut store = opened.store;
    assert_eq!(store.counts().unwrap().all, 2);
    let err = store
        .apply(&Change::new(vec![1], Op::Read(true)))
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    drop(store);
    assert_eq!(version_of(&path), schema::LATEST + 1);
}

#[test]
fn a_sqlite_file_that_is_not_ours_is_left_alone() {
    let (_dir, path) = temp_store();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (42);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let opened = open_file(&path);
    assert!(opened.read_only.unwrap().contains("not an akhbar store"));
    drop(opened.store);
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
}

fn version_of(path: &Path) -> u32 {
    let conn = Connection::open(path).unwrap();
    schema::version(&conn).unwrap()
}

fn schema_sql(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn fresh_schema_sql() -> Vec<String> {
    let (_dir, path) = temp_store();
    drop(open_file(&path));
    schema_sql(&path)
}
