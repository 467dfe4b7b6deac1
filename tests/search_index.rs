//! The full-text index against the articles it indexes: after adds, a full text replacing a
//! summary and deletes, every article holding a word is found and none that lacks it; after
//! `akhbar import` is killed with SIGKILL part way, the index agrees with what was committed;
//! and the ranking of `akhbar search --json` (repeats above one mention, phrases in order,
//! positive non-increasing scores with a snippet on the matched word).

mod search_common;

use akhbar::model::{Article, TextField, TextMatch, TextQuery};
use akhbar::store::{Location, Store};
use akhbar::text::tokens::{query_tokens, tokens, variants};
use search_common::{article, para};
use std::collections::BTreeSet;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn word(w: &str) -> TextQuery {
    let t = query_tokens(w);
    TextQuery {
        all: vec![TextMatch {
            field: TextField::Any,
            words: vec![variants(&t[0])],
        }],
    }
}

/// The ids whose title or body, read back from the store, hold the word.
fn holding(store: &Store, w: &str) -> BTreeSet<i64> {
    let v = variants(&query_tokens(w)[0]);
    let mut out = BTreeSet::new();
    for view in [akhbar::store::View::All] {
        for r in store.rows(view, None, 10_000).unwrap() {
            let a = store.article(r.id).unwrap();
            let text = std::iter::once(a.title.clone())
                .chain(a.paragraphs.iter().map(|p| p.text.clone()))
                .collect::<Vec<_>>()
                .join("\n");
            if tokens(&text).iter().any(|t| v.contains(&t.text)) {
                out.insert(r.id);
            }
        }
    }
    out
}

fn found(store: &Store, w: &str) -> BTreeSet<i64> {
    store.search_ids(&word(w)).unwrap().into_iter().collect()
}

#[test]
fn index_agrees_after_add_replace_and_drop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&Location::File(path.clone())).unwrap().store;
    let arts = [
        article(
            "a",
            "بيان من الكرملين",
            &["قال بوتين إن الزيارة ناجحة."],
            "2024-08-01",
        ),
        article(
            "b",
            "Oil prices",
            &["وصل وفد إلى باكو بالكرملين أمس."],
            "2024-08-02",
        ),
        article(
            "c",
            "Putin in Baku",
            &["The Kremlin said the talks went well."],
            "2024-08-03",
        ),
        article(
            "d",
            "وزير الخارجية",
            &["التقى وزير الخارجية نظيره في باكو."],
            "2024-08-04",
        ),
    ];
    let ids = store.import(&arts).unwrap().ids;
    for w in [
        "كرملين",
        "الكرملين",
        "باكو",
        "kremlin",
        "بوتين",
        "وزير",
        "talks",
    ] {
        assert_eq!(found(&store, w), holding(&store, w), "{w} after add");
    }
    // A full text replaces article c's body: its old words leave, the new ones come in.
    let full = vec![para("بيان مطول عن قمة الكرملين في موسكو")];
    store.put_full_text(ids[2], &full).unwrap();
    for w in ["kremlin", "talks", "كرملين", "موسكو"] {
        assert_eq!(found(&store, w), holding(&store, w), "{w} after replace");
    }
    assert!(found(&store, "موسكو").contains(&ids[2]));
    assert!(!found(&store, "talks").contains(&ids[2]));
    // Dropping an article (any DELETE: the trigger takes it out of the index).
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("PRAGMA foreign_keys = ON", []).unwrap();
    conn.execute("DELETE FROM articles WHERE id = ?1", [ids[0]])
        .unwrap();
    drop(conn);
    let store = Store::open(&Location::File(path)).unwrap().store;
    for w in ["كرملين", "بوتين", "باكو"] {
        assert_eq!(found(&store, w), holding(&store, w), "{w} after drop");
    }
    assert!(!found(&store, "بوتين").contains(&ids[0]));
}

#[test]
fn reindex_rebuilds_what_the_writes_built() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&Location::File(path.clone())).unwrap().store;
    let arts: Vec<Article> = (0..30)
        .map(|i| {
            let body = format!("خبر رقم {i} عن الكرملين وباكو and word{}", i % 7);
            article(
                &format!("n{i}"),
                &format!("عنوان {i}"),
                &[&body],
                "2024-01-01",
            )
        })
        .collect();
    store.import(&arts).unwrap();
    let before = found(&store, "word3");
    assert_eq!(store.reindex().unwrap(), 30);
    assert_eq!(store.unindexed().unwrap(), 30);
    assert!(found(&store, "word3").is_empty(), "emptied");
    while store.index_pending(7).unwrap().left > 0 {}
    assert_eq!(found(&store, "word3"), before);
    assert_eq!(found(&store, "كرملين").len(), 30);
}

#[test]
fn an_import_with_the_index_deferred_waits_in_line_and_is_indexed_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&Location::File(dir.path().join("s.db")))
        .unwrap()
        .store;
    let arts: Vec<Article> = (0..20)
        .map(|i| {
            let body = format!("وصلت السفينة {i} إلى الميناء and cargo{}", i % 3);
            article(
                &format!("d{i}"),
                &format!("الميناء {i}"),
                &[&body],
                "2024-02-01",
            )
        })
        .collect();
    store.defer_index(true);
    store.import(&arts[..12]).unwrap();
    assert_eq!(store.unindexed().unwrap(), 12);
    assert!(found(&store, "cargo1").is_empty(), "nothing indexed yet");
    store.defer_index(false);
    store.import(&arts[12..]).unwrap();
    assert_eq!(
        store.unindexed().unwrap(),
        12,
        "indexed in their transaction"
    );
    assert_eq!(found(&store, "سفينة").len(), 8);
    while store.index_pending(5).unwrap().left > 0 {}
    assert_eq!(store.unindexed().unwrap(), 0);
    assert_eq!(found(&store, "سفينة"), holding(&store, "سفينة"));
    assert_eq!(found(&store, "cargo1"), holding(&store, "cargo1"));
    assert_eq!(found(&store, "سفينة").len(), 20);
}

#[test]
fn a_killed_import_leaves_the_index_agreeing_with_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let mut text = String::new();
    for i in 0..40_000 {
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"title\":\"عنوان {i}\",\"source\":\"s\",\"published\":\"2024-01-01\",\"lang\":\"ar\",\"body\":\"نص الخبر marker w{} بالكرملين\"}}\n",
            i % 100
        ));
    }
    std::fs::write(&corpus, text).unwrap();
    let db = dir.path().join("s.db");
    let mut child = Command::new(BIN)
        .arg("--store")
        .arg(&db)
        .arg("import")
        .arg(&corpus)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some batches are committed (or after 10 s at most).
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let n =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
                })
                .unwrap_or(0);
        if n >= 4000 || started.elapsed().as_secs() > 10 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(&Location::File(db)).unwrap().store;
    let all: BTreeSet<i64> = store
        .rows(akhbar::store::View::All, None, 100_000)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(!all.is_empty());
    assert_eq!(found(&store, "marker"), all);
    assert_eq!(found(&store, "كرملين"), all);
    assert_eq!(store.unindexed().unwrap(), 0);
}

fn search(dir: &std::path::Path, query: &str) -> Vec<serde_json::Value> {
    let out = Command::new(BIN)
        .arg("--store")
        .arg(":memory:")
        .args(["search", "--json", query])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn repeats_rank_above_one_mention_and_phrases_match_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "once.txt",
            "أخبار اليوم",
            "قال مصدر إن الكرملين لم يعلق على الأنباء الواردة من العاصمة اليوم.",
        ),
        (
            "many.txt",
            "الكرملين يرد",
            "أكد الكرملين أن بيان الكرملين واضح، وقال متحدث باسم الكرملين إنه نهائي.",
        ),
        (
            "order.txt",
            "لقاء",
            "التقى وزير الخارجية نظيره في موسكو صباح اليوم.",
        ),
        (
            "reversed.txt",
            "بيان",
            "قالت الخارجية إن الوزير سيسافر غدا، وقال وزير آخر إنه لن يسافر.",
        ),
    ];
    for (name, title, body) in files {
        std::fs::write(
            dir.path().join(name),
            format!("date: 2024-08-01\n\n{title}\n\n{body}\n"),
        )
        .unwrap();
    }
    let hits = search(dir.path(), "كرملين");
    let titles: Vec<&str> = hits.iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["الكرملين يرد", "أخبار اليوم"]);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.iter().all(|&s| s > 0.0) && scores.windows(2).all(|w| w[0] >= w[1]));
    // The snippet holds the word, at the paragraph and offsets given.
    let once = &hits[1];
    let snippet = once["snippet"].as_str().unwrap();
    assert!(snippet.contains("الكرملين"), "{snippet}");
    assert_eq!(once["paragraph"], 0);
    assert_eq!(once["len_chars"], "الكرملين".chars().count());
    let phrase = search(dir.path(), "\"وزير الخارجية\"");
    let titles: Vec<&str> = phrase
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["لقاء"]);
    assert_eq!(search(dir.path(), "body:وزير !موسكو").len(), 1);
}

/// A JSON Lines import makes each batch's index text, content hashes and stored bodies on
/// another thread than the writer's: what it stores and indexes must be what an import of the
/// same articles in one call stores and indexes, duplicates (a repeated text under a new id)
/// included.
#[test]
fn a_jsonl_import_stores_and_indexes_what_a_plain_import_does() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let mut text = String::new();
    for i in 0..4500 {
        // Every 7th record repeats an earlier one's text under a new id: a duplicate.
        let k = if i % 7 == 6 { i - 3 } else { i };
        let body = match k % 3 {
            0 => format!("قال وزير الخارجية {k} إن المحادثات مع الكرملين مستمرة"),
            1 => format!("The minister said talks on item{} went on", k % 50),
            _ => format!("وصلت السفينة {k} إلى الميناء بالكرملين and cargo{}", k % 11),
        };
        text.push_str(&format!(
            "{{\"id\":\"r{i}\",\"title\":\"خبر {k}\",\"source\":\"s{}\",\"published\":\"2024-03-0{}\",\"lang\":\"ar\",\"body\":\"{body}\"}}\n",
            k % 4,
            1 + k % 9
        ));
    }
    std::fs::write(&corpus, text).unwrap();
    let mut streamed = Store::open(&Location::File(dir.path().join("a.db")))
        .unwrap()
        .store;
    let a = streamed.import_jsonl(&corpus, &mut |_, _| {}).unwrap();
    let mut loaded = Vec::new();
    let file = std::fs::File::open(&corpus).unwrap();
    akhbar::ingest::jsonl::stream(file, &corpus, &mut |batch, _| loaded.extend(batch)).unwrap();
    let mut plain = Store::open(&Location::File(dir.path().join("b.db")))
        .unwrap()
        .store;
    let b = plain.import(&loaded).unwrap();
    assert_eq!((a.added, a.duplicates), (b.added, b.duplicates));
    assert!(a.duplicates >= 600, "{}", a.duplicates);
    assert_eq!(a.ids, b.ids);
    for id in a.added_ids.iter().step_by(97) {
        assert_eq!(streamed.article(*id).unwrap(), plain.article(*id).unwrap());
    }
    for w in ["كرملين", "وزير", "cargo3", "item7", "سفينة", "minister"] {
        let got = found(&streamed, w);
        assert!(!got.is_empty(), "{w}");
        assert_eq!(got, found(&plain, w), "{w}");
    }
    for w in ["كرملين", "cargo3"] {
        assert_eq!(found(&streamed, w), holding(&streamed, w), "{w}");
    }
    assert_eq!(streamed.unindexed().unwrap(), 0);
}

/// A new store's index holds up to 16 MB of postings before writing a segment (schema 9).
#[test]
fn the_index_writes_segments_of_a_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    drop(Store::open(&Location::File(db.clone())).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let size: i64 = conn
        .query_row(
            "SELECT v FROM search_index_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(size, 16 << 20);
}
