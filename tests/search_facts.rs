//! The facts in the full-text index: the names of the people, places and organizations the
//! extractor found go into the index's `facts` column in the transaction that caches them;
//! a reindex reads them back from the cache (never running the extractor); a full text
//! that replaces the body drops them with the cache; a store made at schema 9 (the index
//! without facts) is upgraded and indexed again with its cached facts.

mod search_common;

use akhbar::facts::{extract_article, Fact, Facts, Kind, EXTRACTOR_VERSION};
use akhbar::model::{Article, TextField, TextMatch, TextQuery};
use akhbar::store::{schema, Extractor, Location, Shared, Store};
use akhbar::text::tokens::{query_tokens, variants};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;

/// An article of the test, dated 2024-08-18.
fn article(id: &str, title: &str, body: &[&str]) -> Article {
    search_common::article(id, title, body, "2024-08-18")
}

/// A query for the words of `text` in order (a phrase when there are several), anywhere.
fn query(text: &str) -> TextQuery {
    let words = query_tokens(text);
    TextQuery {
        all: vec![TextMatch {
            field: TextField::Any,
            words: words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == 0 { variants(w) } else { vec![w.clone()] })
                .collect(),
        }],
    }
}

fn found(store: &Store, text: &str) -> BTreeSet<i64> {
    store
        .search_ids(&query(text))
        .unwrap()
        .into_iter()
        .collect()
}

/// The ids whose facts column alone matches the FTS5 expression `expr`.
fn in_facts(path: &Path, expr: &str) -> BTreeSet<i64> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
        .unwrap();
    let rows = stmt
        .query_map([format!("facts : ({expr})")], |r| r.get(0))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

const FACTS: Extractor<'static, Facts> = Extractor {
    version: EXTRACTOR_VERSION,
    extract: &extract_article,
};

/// Facts whose canonical name is not written in the text: what the cache may hold from an
/// extractor that resolves a short form against what it knows (and the form the real
/// extractor serializes).
fn facts_naming(text: &str, canonical: &str) -> String {
    serde_json::to_string(&Facts {
        facts: vec![
            Fact {
                kind: Kind::Person,
                text: text.into(),
                para: 0,
                start: 0,
                end: text.chars().count(),
                value: Some(canonical.into()),
                role: None,
            },
            Fact {
                kind: Kind::Date,
                text: "اليوم الأحد".into(),
                para: 0,
                start: 0,
                end: 1,
                value: Some("2024-08-18".into()),
                role: None,
            },
        ],
        entities: Vec::new(),
    })
    .unwrap()
}

#[test]
fn extracted_names_reach_the_index_with_their_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let store = Store::open(&Location::File(path.clone())).unwrap().store;
    let shared = Shared::new(store).unwrap();
    let mut w = shared.writer();
    let stats = w
        .import(&[
            article(
                "a",
                "محادثات في باكو",
                &[
                    "التقى الرئيس الروسي فلاديمير بوتين في باكو نظيره الأذربيجاني إلهام علييف.",
                    "وقال بوتين إن المحادثات كانت مثمرة.",
                ],
            ),
            article("b", "أسعار النفط", &["ارتفعت أسعار النفط اليوم الأحد."]),
        ])
        .unwrap();
    drop(w);
    let (a, b) = (stats.ids[0], stats.ids[1]);
    // Nothing is in the facts column before the facts are cached.
    assert!(in_facts(&path, "\"بوتين\"").is_empty());
    let extracted = shared.cached_or_extract(&[a, b], &[], &FACTS);
    assert_eq!(extracted.len(), 2);
    assert_eq!(in_facts(&path, "\"فلاديمير بوتين\""), BTreeSet::from([a]));
    assert_eq!(in_facts(&path, "\"باكو\""), BTreeSet::from([a]));
    // Names are kept apart: a phrase never runs from one name into the next.
    for crossing in ["\"بوتين باكو\"", "\"بوتين الهام\"", "\"باكو الهام\""]
    {
        assert!(in_facts(&path, crossing).is_empty(), "{crossing}");
    }
    // Dates are not names.
    assert!(in_facts(&path, "\"اليوم\" OR \"احد\"").is_empty());
    // Title and body are still there beside the facts.
    assert_eq!(found(&shared.reader(), "مثمرة"), BTreeSet::from([a]));
    assert_eq!(found(&shared.reader(), "النفط"), BTreeSet::from([b]));
    // A reindex reads the facts back from the cache.
    let mut w = shared.writer();
    w.reindex().unwrap();
    while w.index_pending(1).unwrap().left > 0 {}
    drop(w);
    assert_eq!(in_facts(&path, "\"فلاديمير بوتين\""), BTreeSet::from([a]));
    assert_eq!(found(&shared.reader(), "مثمرة"), BTreeSet::from([a]));
    // A full text replaces the body and drops the cached facts: its names go with them.
    shared
        .writer()
        .put_full_text(a, &[search_common::para("نص كامل عن الطاقة")])
        .unwrap();
    assert!(in_facts(&path, "\"بوتين\"").is_empty());
    assert_eq!(found(&shared.reader(), "الطاقة"), BTreeSet::from([a]));
    assert!(found(&shared.reader(), "مثمرة").is_empty());
}

#[test]
fn a_name_known_only_from_the_facts_finds_its_article_and_ranks_below_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&Location::File(path)).unwrap().store;
    let stats = store
        .import(&[
            article("short", "زيارة رسمية", &["وصل الرئيس بوتين إلى المدينة."]),
            article(
                "full",
                "فلاديمير بوتين في زيارة",
                &["وصل فلاديمير بوتين إلى المدينة، وقال فلاديمير بوتين إنه سعيد."],
            ),
            article("other", "زيارة رسمية أخرى", &["وصل الوزير إلى المدينة."]),
        ])
        .unwrap();
    let (short, full) = (stats.ids[0], stats.ids[1]);
    assert_eq!(found(&store, "فلاديمير"), BTreeSet::from([full]));
    store
        .put_facts(
            short,
            EXTRACTOR_VERSION,
            &facts_naming("بوتين", "فلاديمير بوتين"),
        )
        .unwrap();
    assert_eq!(found(&store, "فلاديمير"), BTreeSet::from([short, full]));
    assert_eq!(
        found(&store, "فلاديمير بوتين"),
        BTreeSet::from([short, full])
    );
    let ranked = store.search_text(&query("فلاديمير")).unwrap();
    let score = |id| ranked.iter().find(|(i, _)| *i == id).unwrap().1;
    assert!(score(short) > 0.0);
    assert!(
        score(full) > score(short),
        "the article that says it three times ranks first: {ranked:?}"
    );
    // Facts that are not JSON the index can read give no names, and no error.
    store
        .put_facts(short, EXTRACTOR_VERSION, "not json")
        .unwrap();
    assert_eq!(found(&store, "فلاديمير"), BTreeSet::from([full]));
}

#[test]
fn a_store_indexed_without_facts_is_indexed_again_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    // A store as schema 9 made it: the article indexed by title and body, its facts cached.
    {
        let conn = Connection::open(&path).unwrap();
        for step in &schema::MIGRATIONS[..9] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", 9).unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO articles (id, key, content_hash, title, day, lang, dir, origin, path,
                added_at)
            VALUES (7, 'a7', x'07', 'زيارة رسمية', 738900, 'ar', 'rtl', 'file', '/a/7.txt', 0);
            INSERT INTO bodies (article_id, paragraphs) VALUES
                (7, '[{"text":"وصل الرئيس بوتين إلى المدينة.","lang":"ar","dir":"rtl"}]');
            INSERT INTO search_index (rowid, title, body)
                VALUES (7, 'زياره رسميه', 'وصل رييس بوتين الي مدينه');
            "#,
        )
        .unwrap();
        conn.execute(
            "INSERT INTO facts_cache (article_id, extractor_version, json, created_at) \
             VALUES (7, ?1, ?2, 0)",
            rusqlite::params![EXTRACTOR_VERSION, facts_naming("بوتين", "فلاديمير بوتين")],
        )
        .unwrap();
    }
    let mut store = Store::open(&Location::File(path.clone())).unwrap().store;
    assert_eq!(store.unindexed().unwrap(), 1, "every article waits again");
    let done = store.index_pending(100).unwrap();
    assert_eq!((done.done, done.left), (1, 0));
    assert_eq!(found(&store, "فلاديمير"), BTreeSet::from([7]));
    assert_eq!(found(&store, "مدينة"), BTreeSet::from([7]));
    assert_eq!(in_facts(&path, "\"فلاديمير بوتين\""), BTreeSet::from([7]));
}
