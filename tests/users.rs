//! Users (issue 18, item 1): read, starred and archived are per user; tags and notes are
//! shared and remember who wrote them. Two handles on one store file, acting as amina and
//! omar, at once.

mod store_common;

use akhbar::store::{Change, Error, Location, Op, Store, View};
use store_common::{articles, temp_store};

fn open_as(path: &std::path::Path, user: &str) -> Store {
    let opened = Store::open_as(&Location::File(path.to_path_buf()), user).expect("opens");
    assert_eq!(opened.read_only, None);
    assert_eq!(opened.store.user(), user);
    opened.store
}

fn ids(store: &Store, view: View) -> Vec<i64> {
    store
        .rows(view, None, 1000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn two_handles_keep_their_own_marks_and_share_tags_and_notes() {
    let (_dir, path) = temp_store();
    let mut amina = open_as(&path, "amina");
    let all = amina.import(&articles(12)).unwrap().ids;
    // omar opens the same file at the same time, as another process would.
    let mut omar = open_as(&path, "omar");
    let (starred, read, archived) = (all[0], all[1], all[2]);
    amina
        .apply(&Change::new(vec![starred], Op::Star(true)))
        .unwrap();
    amina
        .apply(&Change::new(vec![read], Op::Read(true)))
        .unwrap();
    amina
        .apply(&Change::new(vec![archived], Op::Archive(true)))
        .unwrap();

    // amina sees her marks.
    assert_eq!(ids(&amina, View::Starred), vec![starred]);
    assert_eq!(ids(&amina, View::Archived), vec![archived]);
    let unread = ids(&amina, View::Unread);
    assert_eq!(unread.len(), 10);
    assert!(!unread.contains(&read) && !unread.contains(&archived));
    let counts = amina.counts().unwrap();
    assert_eq!(
        (counts.all, counts.unread, counts.starred, counts.archived),
        (12, 10, 1, 1)
    );
    assert!(amina.row(starred).unwrap().starred);
    assert!(amina.row(read).unwrap().read);

    // omar sees none of it.
    assert!(ids(&omar, View::Starred).is_empty());
    assert!(ids(&omar, View::Archived).is_empty());
    assert_eq!(ids(&omar, View::Unread).len(), 12);
    let counts = omar.counts().unwrap();
    assert_eq!(
        (counts.all, counts.unread, counts.starred, counts.archived),
        (12, 12, 0, 0)
    );
    let row = omar.row(starred).unwrap();
    assert!(!row.starred && !row.read && !row.archived);
    assert!(omar
        .rows(View::All, None, 100)
        .unwrap()
        .iter()
        .all(|r| !r.starred && !r.read));

    // omar's own star is his alone, and his undo touches only his.
    let undo = omar
        .apply(&Change::new(vec![all[5], starred], Op::Star(true)))
        .unwrap();
    assert_eq!(ids(&omar, View::Starred).len(), 2);
    assert_eq!(ids(&amina, View::Starred), vec![starred]);
    omar.apply(&undo).unwrap();
    assert!(ids(&omar, View::Starred).is_empty());
    assert_eq!(
        ids(&amina, View::Starred),
        vec![starred],
        "amina's star stays"
    );

    // Tags and notes are shared, with their author.
    amina
        .apply(&Change::new(vec![all[3]], Op::AddTag("verify".into())))
        .unwrap();
    amina
        .apply(&Change::new(
            vec![all[3]],
            Op::SetNote(Some("call the source".into())),
        ))
        .unwrap();
    assert_eq!(omar.row(all[3]).unwrap().tags, vec!["verify".to_string()]);
    assert!(omar.row(all[3]).unwrap().has_note);
    assert_eq!(omar.tags().unwrap(), vec![("verify".to_string(), 1)]);
    let note = omar
        .note_entry(all[3])
        .unwrap()
        .expect("omar sees amina's note");
    assert_eq!(note.text, "call the source");
    assert_eq!(note.author.as_deref(), Some("amina"));
    // omar edits it: the note is his now, for both.
    omar.apply(&Change::new(
        vec![all[3]],
        Op::SetNote(Some("called".into())),
    ))
    .unwrap();
    let note = amina.note_entry(all[3]).unwrap().unwrap();
    assert_eq!(
        (note.text.as_str(), note.author.as_deref()),
        ("called", Some("omar"))
    );

    // Export: the user's marks, everyone's tags and notes with authors.
    let mut out = Vec::new();
    omar.export(
        View::All,
        Some("verify"),
        akhbar::store::ExportFormat::Json,
        &mut out,
    )
    .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let item = &items[0];
    assert_eq!(item["tags"], serde_json::json!(["verify"]));
    assert_eq!(item["tag_authors"], serde_json::json!({"verify": "amina"}));
    assert_eq!(item["note_author"], "omar");
    assert_eq!(item["user"], "omar");
}

#[test]
fn set_user_switches_a_handle_and_refuses_bad_names() {
    let (_dir, path) = temp_store();
    let mut store = open_as(&path, "amina");
    let all = store.import(&articles(3)).unwrap().ids;
    store
        .apply(&Change::new(vec![all[0]], Op::Star(true)))
        .unwrap();
    store.set_user("omar").unwrap();
    assert_eq!(store.user(), "omar");
    assert!(ids(&store, View::Starred).is_empty());
    // A user made after the articles has a mark row for each of them.
    store
        .apply(&Change::new(vec![all[1]], Op::Star(true)))
        .unwrap();
    assert_eq!(ids(&store, View::Starred), vec![all[1]]);
    store.set_user("amina").unwrap();
    assert_eq!(ids(&store, View::Starred), vec![all[0]]);
    for bad in ["", "a b", "x\u{1b}[2J", &"a".repeat(65), "عمر"] {
        assert!(
            matches!(store.set_user(bad), Err(Error::InvalidUser { .. })),
            "{bad:?}"
        );
        assert_eq!(store.user(), "amina", "a refused name keeps the user");
    }
    assert!(matches!(
        Store::open_as(&Location::Memory, "no way"),
        Err(Error::InvalidUser { .. })
    ));
    // Articles imported after both users exist are unread for both.
    let later = store.import(&articles(5)[3..]).unwrap().ids;
    assert_eq!(later.len(), 2);
    for user in ["amina", "omar"] {
        store.set_user(user).unwrap();
        let unread = ids(&store, View::Unread);
        assert!(later.iter().all(|id| unread.contains(id)), "{user}");
    }
}

#[test]
fn a_read_only_store_shows_an_unknown_user_everything_unread() {
    let (_dir, path) = temp_store();
    let mut amina = open_as(&path, "amina");
    let all = amina.import(&articles(4)).unwrap().ids;
    amina
        .apply(&Change::new(vec![all[0]], Op::Read(true)))
        .unwrap();
    drop(amina);
    // A store made by a newer akhbar opens read-only (the file mode would not stop root).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let opened = Store::open_as(&Location::File(path.clone()), "stranger").unwrap();
    assert!(opened.read_only.is_some());
    let mut store = opened.store;
    assert_eq!(store.counts().unwrap().unread, 4);
    assert!(matches!(
        store.apply(&Change::new(vec![all[1]], Op::Star(true))),
        Err(Error::ReadOnly { .. })
    ));
    assert_eq!(ids(&store, View::Unread).len(), 4);
    assert!(ids(&store, View::Starred).is_empty());
    // amina, known to the store, still sees her own marks read-only.
    let amina = Store::open_as(&Location::File(path.clone()), "amina")
        .unwrap()
        .store;
    assert_eq!(amina.counts().unwrap().unread, 3);
    assert!(amina.row(all[0]).unwrap().read);
}
