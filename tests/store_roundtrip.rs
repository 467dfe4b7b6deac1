//! Store round trips: import -> rows -> article, deduplication, views and counts, keyset
//! pagination, the facts cache, a second (reader) connection and a JSON Lines import.

mod store_common;

use akhbar::model::{ArticleId, Origin};
use akhbar::store::{Change, Counts, Location, Op, RowKey, Store, View};
use std::collections::HashSet;
use store_common::{article, articles, memory, open_file, temp_store};

#[test]
fn import_then_rows_then_article_gives_back_the_same_article() {
    let mut store = memory();
    let input = articles(30);
    let stats = store.import(&input).unwrap();
    assert_eq!((stats.added, stats.duplicates), (30, 0));
    assert_eq!(stats.ids.len(), 30);
    for (a, &id) in input.iter().zip(&stats.ids) {
        assert_eq!(&store.article(id).unwrap(), a, "article {id}");
        let row = store.row(id).unwrap();
        assert_eq!(row.key, a.id);
        assert_eq!(row.title, a.title);
        assert_eq!(row.source, a.source);
        assert_eq!(row.date, a.date);
        assert_eq!((row.lang, row.dir), (a.lang, a.dir));
        assert!(!row.read && !row.starred && !row.archived && !row.has_note);
    }
}

#[test]
fn embedded_origin_and_missing_fields_survive() {
    let mut store = memory();
    let mut a = article(4);
    a.origin = Origin::Embedded("seed.txt".into());
    a.source = None;
    a.url = None;
    a.date = None;
    a.paragraphs.clear();
    let id = store.import(std::slice::from_ref(&a)).unwrap().ids[0];
    assert_eq!(store.article(id).unwrap(), a);
}

#[test]
fn a_file_store_keeps_articles_across_opens() {
    let (_dir, path) = temp_store();
    let ids = {
        let mut store = open_file(&path).store;
        store.import(&articles(5)).unwrap().ids
    };
    let store = open_file(&path).store;
    assert_eq!(store.counts().unwrap().all, 5);
    assert_eq!(store.article(ids[2]).unwrap(), article(2));
}

#[test]
fn duplicates_are_kept_once() {
    let mut store = memory();
    let first = store.import(&[article(1)]).unwrap();
    // The same article again.
    let again = store.import(&[article(1)]).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 1));
    assert_eq!(again.ids, first.ids);
    // Same url, different id and text.
    let mut same_url = article(2);
    same_url.url = article(1).url;
    let s = store.import(&[same_url]).unwrap();
    assert_eq!(
        (s.added, s.duplicates, s.ids.clone()),
        (0, 1, first.ids.clone())
    );
    // Same content (spacing, case and harakat aside), different id and url.
    let mut same_text = article(1);
    same_text.id = ArticleId("other".into());
    same_text.url = Some("https://elsewhere.example/1".into());
    same_text.title = format!("  {}  ", same_text.title.to_uppercase().replace(' ', "   "));
    same_text.paragraphs[0].text = same_text.paragraphs[0].text.replace('.', "\u{064E}.");
    let s = store.import(&[same_text]).unwrap();
    assert_eq!((s.added, s.duplicates), (0, 1));
    // Within one import too.
    let s = store.import(&[article(3), article(3)]).unwrap();
    assert_eq!((s.added, s.duplicates), (1, 1));
    assert_eq!(s.ids[0], s.ids[1]);
    assert_eq!(store.counts().unwrap().all, 2);
}

#[test]
fn corpus_ids_are_guids_scoped_by_source_and_file_stems_are_not() {
    let mut store = memory();
    let corpus = |n: usize, id: &str, source: &str| {
        let mut a = article(n);
        a.id = ArticleId(id.into());
        a.url = None;
        a.source = Some(source.into());
        a.origin = Origin::File("/c/corpus.jsonl".into());
        a
    };
    store.import(&[corpus(1, "7", "BBC")]).unwrap();
    // Same guid and source, different text: an updated entry, a duplicate.
    let s = store.import(&[corpus(2, "7", "BBC")]).unwrap();
    assert_eq!(s.duplicates, 1);
    // Same guid from another source: a different article.
    assert_eq!(store.import(&[corpus(3, "7", "CNN")]).unwrap().added, 1);
    // Same file stem in two folders: two articles.
    let mut a = article(4);
    let mut b = article(5);
    a.id = ArticleId("001".into());
    b.id = ArticleId("001".into());
    assert_eq!(store.import(&[a, b]).unwrap().added, 2);
}

#[test]
fn views_and_counts_follow_triage() {
    let mut store = memory();
    let ids = store.import(&articles(20)).unwrap().ids;
    let all = Counts {
        all: 20,
        unread: 20,
        starred: 0,
        archived: 0,
    };
    assert_eq!(store.counts().unwrap(), all);
    store
        .apply(&Change::new(ids[0..5].to_vec(), Op::Read(true)))
        .unwrap();
    store
        .apply(&Change::new(ids[3..8].to_vec(), Op::Star(true)))
        .unwrap();
    store
        .apply(&Change::new(ids[6..10].to_vec(), Op::Archive(true)))
        .unwrap();
    let counts = store.counts().unwrap();
    // Unread: not read (5 read) and not archived (4 archived, none of them read).
    assert_eq!(
        counts,
        Counts {
            all: 20,
            unread: 11,
            starred: 5,
            archived: 4
        }
    );
    for view in View::EVERY {
        let rows = store.rows(view, None, 100).unwrap();
        assert_eq!(rows.len(), counts.of(view), "{view:?}");
        for r in &rows {
            let ok = match view {
                View::Unread => !r.read && !r.archived,
                View::Starred => r.starred,
                View::Archived => r.archived,
                View::All => true,
            };
            assert!(ok, "{view:?} shows {r:?}");
        }
    }
    // Starred includes archived starred articles (ids 6 and 7).
    let starred: HashSet<i64> = store
        .rows(View::Starred, None, 100)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert!(starred.contains(&ids[6]) && starred.contains(&ids[7]));
    assert_eq!(View::parse("Starred"), Some(View::Starred));
    assert_eq!(View::default(), View::Unread);
}

#[test]
fn keyset_pages_cover_every_row_once_newest_first() {
    let mut store = memory();
    store.import(&articles(137)).unwrap();
    for view in [View::All, View::Unread] {
        let mut seen = Vec::new();
        let mut after: Option<RowKey> = None;
        loop {
            let page = store.rows(view, after.as_ref(), 10).unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(RowKey::from);
            seen.extend(page);
        }
        assert_eq!(seen.len(), 137);
        let unique: HashSet<i64> = seen.iter().map(|r| r.id).collect();
        assert_eq!(unique.len(), 137);
        // Newest first; undated last; ties by id descending.
        for w in seen.windows(2) {
            let key = |r: &akhbar::store::Row| (r.date.is_some(), r.date, r.id);
            assert!(key(&w[0]) > key(&w[1]), "{:?} before {:?}", w[0], w[1]);
        }
        let mut streamed = Vec::new();
        store
            .all_rows(view, 16, &mut |batch| {
                assert!(batch.len() <= 16);
                streamed.extend(batch);
            })
            .unwrap();
        assert_eq!(streamed, seen);
    }
}

#[test]
fn rows_carry_tags_and_notes_and_tags_lists_them() {
    let mut store = memory();
    let ids = store.import(&articles(4)).unwrap().ids;
    store
        .apply(&Change::new(
            ids[..3].to_vec(),
            Op::AddTag("economy".into()),
        ))
        .unwrap();
    store
        .apply(&Change::new(vec![ids[0]], Op::AddTag("Gulf".into())))
        .unwrap();
    store
        .apply(&Change::new(
            vec![ids[0]],
            Op::SetNote(Some("call back".into())),
        ))
        .unwrap();
    let row = store.row(ids[0]).unwrap();
    assert_eq!(row.tags, vec!["economy".to_string(), "Gulf".to_string()]);
    assert!(row.has_note);
    assert_eq!(store.note(ids[0]).unwrap().as_deref(), Some("call back"));
    assert_eq!(store.note(ids[1]).unwrap(), None);
    assert_eq!(
        store.tags().unwrap(),
        vec![("economy".to_string(), 3), ("Gulf".to_string(), 1)]
    );
}

#[test]
fn facts_cache_is_per_extractor_version() {
    let mut store = memory();
    let id = store.import(&[article(1)]).unwrap().ids[0];
    assert_eq!(store.cached_facts(id, 1).unwrap(), None);
    store.put_facts(id, 1, r#"{"dates":[]}"#).unwrap();
    assert_eq!(
        store.cached_facts(id, 1).unwrap().as_deref(),
        Some(r#"{"dates":[]}"#)
    );
    assert_eq!(store.cached_facts(id, 2).unwrap(), None);
    store.put_facts(id, 2, "{}").unwrap();
    assert_eq!(store.cached_facts(id, 2).unwrap().as_deref(), Some("{}"));
    assert!(store.put_facts(9999, 1, "{}").is_err());
}

#[test]
fn a_reader_sees_the_writers_commits() {
    let (_dir, path) = temp_store();
    for loc in [Location::Memory, Location::File(path)] {
        let mut store = Store::open(&loc).unwrap().store;
        let reader = store.reader().unwrap();
        assert!(reader.is_read_only());
        let ids = store.import(&articles(3)).unwrap().ids;
        let moved = std::thread::spawn(move || reader.counts().unwrap().all);
        assert_eq!(moved.join().unwrap(), 3, "{loc:?}");
        let reader = store.reader().unwrap();
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
        assert_eq!(reader.counts().unwrap().starred, 1);
    }
}

#[test]
fn a_jsonl_corpus_imports_in_batches_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"id\":\"s1-{i:07}\",\"title\":\"عنوان {i}\",\"source\":\"S{}\",\"published\":\"2023-05-04T12:00:00+03:00\",\"lang\":\"ar\",\"body\":\"فقرة {i}\\n\\nsecond {i}\"}}\n",
            i % 5
        ));
    }
    text.push_str("not json\n");
    std::fs::write(&path, &text).unwrap();
    let mut store = memory();
    let mut calls = Vec::new();
    let stats = store
        .import_jsonl(&path, &mut |done, total| calls.push((done, total)))
        .unwrap();
    assert_eq!((stats.added, stats.duplicates), (3000, 0));
    assert_eq!(stats.warnings.len(), 1, "{:?}", stats.warnings);
    assert!(calls.len() >= 2);
    assert_eq!(calls.last(), Some(&(text.len() as u64, text.len() as u64)));
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    // Again: every record is a duplicate by guid.
    let again = store.import_jsonl(&path, &mut |_, _| {}).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 3000));
    let row = &store.rows(View::All, None, 1).unwrap()[0];
    let a = store.article(row.id).unwrap();
    assert_eq!(a.paragraphs.len(), 2);
    assert!(matches!(a.origin, Origin::File(p) if p.ends_with("corpus.jsonl")));
}

#[test]
fn location_parsing_and_default_path() {
    assert_eq!(Location::parse(":memory:"), Location::Memory);
    assert_eq!(Location::parse("x/y.db"), Location::File("x/y.db".into()));
    // default_path reads the environment; only check its shape when it answers.
    if let Some(p) = akhbar::store::default_path() {
        assert!(p.ends_with("akhbar.db") || std::env::var_os("AKHBAR_STORE").is_some());
    }
}
