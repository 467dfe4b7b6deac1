//! A damaged store is moved aside and what can still be read of it is salvaged into the fresh
//! one: a store of 300 articles with stars, tags and notes has pages of its articles overwritten
//! with garbage; opening it moves the file aside byte for byte, says `salvaged N of M
//! articles from …` in one clean line, and every salvaged article comes back whole, with its
//! marks, tags and note, in a store that passes SQLite's integrity check and whose full-text
//! index finds it once rebuilt.

mod store_common;

use akhbar::store::{Change, Op, View};
use std::path::Path;
use store_common::{articles, open_file, temp_store};

const PAGE: usize = 4096;

/// What the test remembers of each article before the damage: title, star, tags, note.
type Kept = (String, bool, Vec<String>, Option<String>);

fn build(path: &Path) -> Vec<(i64, Kept)> {
    let mut store = open_file(path).store;
    let ids = store.import(&articles(300)).unwrap().ids;
    let every = |k: usize| ids.iter().copied().step_by(k).collect::<Vec<i64>>();
    store.apply(&Change::new(every(3), Op::Star(true))).unwrap();
    store
        .apply(&Change::new(every(5), Op::AddTag("verify".into())))
        .unwrap();
    for &id in every(7).iter() {
        let note = format!("note on {id}");
        store
            .apply(&Change::new(vec![id], Op::SetNote(Some(note))))
            .unwrap();
    }
    let kept = ids
        .iter()
        .map(|&id| {
            let row = store.row(id).unwrap();
            let note = store.note(id).unwrap();
            (id, (row.title, row.starred, row.tags, note))
        })
        .collect();
    drop(store);
    kept
}

/// The pages of the schema table (page 1, and the leaves it points to when it is an interior
/// page), numbered from 1 as SQLite does.
fn schema_pages(db: &[u8]) -> Vec<usize> {
    let be16 = |at: usize| u16::from_be_bytes([db[at], db[at + 1]]) as usize;
    let be32 =
        |at: usize| u32::from_be_bytes([db[at], db[at + 1], db[at + 2], db[at + 3]]) as usize;
    let mut pages = vec![1];
    // The b-tree header follows the 100-byte file header; 5 is an interior table page.
    if db[100] == 5 {
        let cells = be16(103);
        pages.push(be32(108));
        for i in 0..cells {
            pages.push(be32(be16(112 + 2 * i)));
        }
    }
    pages
}

#[test]
fn a_store_with_garbage_pages_is_salvaged_with_its_marks() {
    let (_dir, path) = temp_store();
    let before = build(&path);
    // Closed: the WAL is checkpointed into the file. Overwrite three leaf pages of the
    // articles table from a third of the way through it (SQLite's own `dbstat` says which
    // pages those are), sparing page 1 and the schema's pages: with those gone nothing says
    // where any table is.
    let leaves: Vec<usize> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' \
                 ORDER BY pageno",
            )
            .unwrap();
        let pages = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .unwrap()
            .map(|p| p.unwrap() as usize)
            .collect();
        pages
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / PAGE;
    assert!(pages > 40, "a store of {pages} pages");
    let schema = schema_pages(&bytes);
    let damaged: Vec<usize> = leaves
        .iter()
        .copied()
        .filter(|p| *p > 1 && !schema.contains(p))
        .skip(leaves.len() / 3)
        .take(3)
        .collect();
    assert_eq!(damaged.len(), 3, "articles' leaves: {leaves:?}");
    let mut x = 0x2545_f491u32;
    for page in damaged {
        for b in &mut bytes[(page - 1) * PAGE..page * PAGE] {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
    }
    std::fs::write(&path, &bytes).unwrap();

    let opened = open_file(&path);
    assert_eq!(opened.read_only, None, "{:?}", opened.notices);
    let line = opened
        .notices
        .iter()
        .find(|n| n.starts_with("salvaged "))
        .unwrap_or_else(|| panic!("no salvage line in {:?}", opened.notices));
    assert!(!line.contains('\n') && !line.contains('\x1b'), "{line:?}");
    let words: Vec<&str> = line.split(' ').collect();
    let saved: usize = words[1].parse().unwrap();
    assert_eq!(words[2], "of");
    let seen: usize = words[3].parse().unwrap();
    assert!(
        line.contains(" articles from ") && line.contains(".corrupt-"),
        "{line}"
    );
    println!("{line}");
    assert!(saved > 0 && saved <= seen && seen <= before.len(), "{line}");
    assert!(saved < before.len(), "the damage cost nothing? {line}");
    // The damaged file itself is untouched beside the new store.
    let aside = line.split(" articles from ").nth(1).unwrap();
    let aside = aside.split(" (with").next().unwrap();
    assert!(
        std::fs::read(aside).unwrap() == bytes,
        "moved aside byte for byte"
    );

    let mut store = opened.store;
    assert_eq!(store.counts().unwrap().all, saved);
    let mut found = 0;
    for (id, (title, starred, tags, note)) in &before {
        let Ok(row) = store.row(*id) else { continue };
        found += 1;
        assert_eq!(&row.title, title, "article {id}");
        assert_eq!(row.starred, *starred, "article {id}: its star");
        assert_eq!(&row.tags, tags, "article {id}: its tags");
        assert_eq!(&store.note(*id).unwrap(), note, "article {id}: its note");
        let article = store.article(*id).unwrap();
        assert!(!article.paragraphs.is_empty(), "article {id}: its body");
    }
    assert_eq!(found, saved);
    assert_eq!(
        store.counts().unwrap().starred,
        before
            .iter()
            .filter(|(id, k)| k.1 && store.row(*id).is_ok())
            .count()
    );
    // The index is built again for them, and finds them.
    while store.index_pending(1000).unwrap().left > 0 {}
    let rows = store.rows(View::All, None, 1000).unwrap();
    assert_eq!(rows.len(), saved);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed as usize, saved);
}
