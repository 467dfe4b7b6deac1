//! Unit tests that need the store's insides: the list's queries use their view's index (no
//! sort, no table scan), and the content hash ignores what it should and nothing else.

use super::hash::content_hash;
use super::query::ROW_COLUMNS;
use super::{Location, Store, View};
use crate::model::{Article, ArticleId, Direction, Lang, Origin, Paragraph};

fn plan(store: &super::Sqlite, sql: &str) -> String {
    let mut stmt = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("the query prepares");
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(3))
        .expect("the plan runs");
    rows.map(|r| r.expect("a plan row"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_view_pages_through_its_own_index_without_sorting() {
    let mut store = super::open::memory(Location::Memory, None, "amina").expect("opens");
    store.set_user("amina").unwrap();
    for (view, index) in [
        (View::Unread, "marks_unread"),
        (View::Starred, "marks_starred"),
        (View::Archived, "marks_archived"),
        (View::All, "articles_all"),
    ] {
        let scope = view.scope(true);
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} WHERE {} AND {} < (1, 1) ORDER BY {} LIMIT 100",
            scope.from, scope.condition, scope.key, scope.order
        )
        .replace(":user", "1");
        let list = plan(&store, &sql);
        assert!(
            list.contains(index),
            "{view:?} does not use {index}:\n{list}"
        );
        assert!(!list.contains("TEMP B-TREE"), "{view:?} sorts:\n{list}");
        assert!(
            !list.lines().any(|l| l.trim().starts_with("SCAN m")),
            "{view:?} scans the marks:\n{list}"
        );
    }
    for condition in [
        super::MARKS_UNREAD,
        super::MARKS_STARRED,
        super::MARKS_ARCHIVED,
    ] {
        let count = format!("SELECT count(*) FROM marks m WHERE {condition}").replace(":user", "1");
        let counting = plan(&store, &count);
        assert!(
            counting.contains("COVERING INDEX marks_"),
            "{condition} count does not read its index only:\n{counting}"
        );
    }
}

fn article(title: &str, body: &[&str]) -> Article {
    Article {
        id: ArticleId("x".into()),
        title: title.into(),
        source: Some("S".into()),
        author: None,
        date: None,
        url: None,
        lang: Lang::Ar,
        dir: Direction::Rtl,
        dir_override: None,
        paragraphs: body
            .iter()
            .map(|t| Paragraph {
                text: (*t).into(),
                lang: Lang::Ar,
                dir: Direction::Rtl,
            })
            .collect(),
        origin: Origin::File("f.txt".into()),
        enclosures: Vec::new(),
    }
}

#[test]
fn the_content_hash_ignores_spacing_case_and_harakat_only() {
    let base = content_hash(&article("Oil prices", &["مُحَمَّد said  so"]));
    assert_eq!(
        base,
        content_hash(&article(" OIL   prices ", &["محمد said so"]))
    );
    assert_eq!(
        base,
        content_hash(&article("Oil prices", &["محــمد\u{200F} said so"]))
    );
    assert_ne!(base, content_hash(&article("Oil price", &["محمد said so"])));
    assert_ne!(
        base,
        content_hash(&article("Oil prices", &["محمد said", "so"]))
    );
    // With no body, the source tells two identical headlines apart.
    let mut a = article("Breaking", &[]);
    let b = a.clone();
    a.source = Some("Other".into());
    assert_ne!(content_hash(&a), content_hash(&b));
}

#[test]
fn the_shared_cache_extracts_once_and_serves_later_asks_from_the_store() {
    use crate::store::{Extractor, Shared};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut store = Store::open(&Location::Memory).unwrap().store;
    let seeds = crate::ingest::load_embedded().articles;
    let ids = store.import(&seeds[..3]).unwrap().ids;
    let shared = Shared::new(store).unwrap();
    let calls = AtomicUsize::new(0);
    let count_words = |a: &crate::model::Article| {
        calls.fetch_add(1, Ordering::SeqCst);
        a.word_count()
    };
    let extractor = Extractor {
        version: 7,
        extract: &count_words,
    };
    let first = shared.cached_or_extract(&ids, &[], &extractor);
    assert_eq!(first.len(), 3);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let again = shared.cached_or_extract(&ids, &[], &extractor);
    assert_eq!(again, first, "the cache gives the same values");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "and extracts nothing again"
    );
    // A newer version makes them again; an id not in the store is left out.
    let newer = Extractor {
        version: 8,
        extract: &count_words,
    };
    let made = shared.cached_or_extract(&[ids[0], 999_999], &[], &newer);
    assert_eq!(made.len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[test]
fn a_sites_recent_articles_are_found_by_host_or_source_newest_first_and_bounded() {
    let mut store = super::open::memory(Location::Memory, None, "amina").expect("opens");
    let mut with = |n: usize, url: Option<&str>, source: &str| {
        let mut a = article(&format!("عنوان رقم {n}"), &[&format!("فقرة رقم {n}")]);
        a.id = ArticleId(format!("a{n}"));
        a.url = url.map(str::to_string);
        a.source = Some(source.to_string());
        store.import(&[a]).expect("imports");
    };
    with(1, Some("https://www.alghad.example/a/1"), "الغد");
    with(2, Some("https://alghad.example/a/2"), "غير الغد");
    with(3, Some("https://notalghad.example/a/3"), "الغد");
    with(4, Some("https://alghad.example.evil/a/4"), "X");
    with(5, None, "alghad.example");
    let texts = |group: &str, limit: usize| -> Vec<String> {
        store
            .recent_of_site(group, limit)
            .expect("reads")
            .into_iter()
            .map(|p| p.join(" "))
            .collect()
    };
    assert_eq!(
        texts("alghad.example", 10),
        ["فقرة رقم 5", "فقرة رقم 2", "فقرة رقم 1"],
        "the host with and without www, or the source's name; never another host"
    );
    assert_eq!(texts("alghad.example", 2), ["فقرة رقم 5", "فقرة رقم 2"]);
    assert_eq!(texts("الغد", 10), ["فقرة رقم 3", "فقرة رقم 1"]);
    assert!(texts("", 10).is_empty());
    assert!(texts("alghad.example", 0).is_empty());
}

/// An import's index text goes to FTS5 in multi-row statements, not one per article (3 rows
/// a statement in these tests, so 40 articles take 13 full statements and a shorter one);
/// `index_pending` rebuilds the same way, in batches of 16. Either way every article holding
/// a word is found, and only those.
#[test]
fn batched_index_writes_find_every_article_once() {
    use crate::model::{TextField, TextMatch, TextQuery};
    let mut store = super::open::memory(Location::Memory, None, "amina").expect("opens");
    let arts: Vec<Article> = (0..40)
        .map(|i| {
            let body = format!("قال الوزير {i} إن المحادثات بالكرملين w{} مستمرة", i % 4);
            article(&format!("عنوان {i}"), &[&body])
        })
        .collect();
    let stats = store.import(&arts).unwrap();
    assert_eq!(stats.added, 40);
    let q = |w: &str| TextQuery {
        all: vec![TextMatch {
            field: TextField::Any,
            words: vec![vec![w.to_string()]],
        }],
    };
    let ids = |store: &super::Sqlite, w: &str| {
        let mut v = store.search_ids(&q(w)).unwrap();
        v.sort();
        v
    };
    let all: Vec<i64> = {
        let mut v = stats.ids.clone();
        v.sort();
        v
    };
    assert_eq!(ids(&store, "كرملين"), all);
    let w1: Vec<i64> = stats.ids.iter().skip(1).step_by(4).copied().collect();
    assert_eq!(ids(&store, "w1"), w1);
    assert_eq!(store.reindex().unwrap(), 40);
    assert!(ids(&store, "كرملين").is_empty());
    while store.index_pending(16).unwrap().left > 0 {}
    assert_eq!(store.unindexed().unwrap(), 0);
    assert_eq!(ids(&store, "كرملين"), all);
    assert_eq!(ids(&store, "w1"), w1);
    // Each article's rowid is in the index once: a word in every body counts 40 rows.
    let rows: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'كرملين'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 40);
}
