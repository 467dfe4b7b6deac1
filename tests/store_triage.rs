//! Triage through `Store::apply`: every change returns its exact inverse (bulk changes over
//! mixed states included), undo of the undo redoes, and bad changes change nothing.

mod store_common;

use akhbar::store::{Change, Error, Op, Row, Step, Store, View};
use store_common::{articles, memory};

/// Everything triage can change about every article, in id order.
fn state(store: &Store) -> Vec<(Row, Option<String>)> {
    let mut rows = Vec::new();
    store
        .all_rows(View::All, 64, &mut |batch| rows.extend(batch))
        .unwrap();
    rows.sort_by_key(|r| r.id);
    rows.into_iter()
        .map(|r| {
            let note = store.note(r.id).unwrap();
            (r, note)
        })
        .collect()
}

/// A store of 12 articles in a deliberately mixed state.
fn mixed() -> (Store, Vec<i64>) {
    let mut store = memory();
    let ids = store.import(&articles(12)).unwrap().ids;
    let setup = Change {
        steps: vec![
            Step {
                ids: vec![ids[0], ids[2], ids[4]],
                op: Op::Star(true),
            },
            Step {
                ids: vec![ids[1], ids[2], ids[7]],
                op: Op::Read(true),
            },
            Step {
                ids: vec![ids[3], ids[4]],
                op: Op::Archive(true),
            },
            Step {
                ids: vec![ids[0], ids[5]],
                op: Op::AddTag("gulf".into()),
            },
            Step {
                ids: vec![ids[5]],
                op: Op::AddTag("oil".into()),
            },
            Step {
                ids: vec![ids[0]],
                op: Op::SetNote(Some("first".into())),
            },
            Step {
                ids: vec![ids[1], ids[2]],
                op: Op::SetNote(Some("second".into())),
            },
        ],
    };
    store.apply(&setup).unwrap();
    (store, ids)
}

#[test]
fn every_op_over_a_mixed_selection_is_undone_exactly_and_redone() {
    let ops = [
        Op::Read(true),
        Op::Read(false),
        Op::Star(true),
        Op::Star(false),
        Op::Archive(true),
        Op::Archive(false),
        Op::AddTag("gulf".into()),
        Op::AddTag("new".into()),
        Op::RemoveTag("GULF".into()),
        Op::RemoveTag("absent".into()),
        Op::SetNote(Some("bulk note".into())),
        Op::SetNote(None),
    ];
    for op in ops {
        let (mut store, ids) = mixed();
        let before = state(&store);
        let tags_before = store.tags().unwrap();
        let change = Change::new(ids[..8].to_vec(), op.clone());
        let undo = store.apply(&change).unwrap();
        let after = state(&store);
        let redo = store.apply(&undo).unwrap();
        assert_eq!(state(&store), before, "undo of {op:?}");
        assert_eq!(
            store.tags().unwrap(),
            tags_before,
            "tags after undo of {op:?}"
        );
        store.apply(&redo).unwrap();
        assert_eq!(state(&store), after, "redo of {op:?}");
    }
}

#[test]
fn the_inverse_names_only_the_articles_that_changed() {
    let (mut store, ids) = mixed();
    // ids 0, 2, 4 are starred already.
    let undo = store
        .apply(&Change::new(ids[..6].to_vec(), Op::Star(true)))
        .unwrap();
    assert_eq!(
        undo,
        Change::new(vec![ids[1], ids[3], ids[5]], Op::Star(false))
    );
    // Notes: grouped by what each article had, and who wrote it (the store's user here).
    let me = Some(store.user().to_string());
    let undo = store
        .apply(&Change::new(
            ids[..4].to_vec(),
            Op::SetNote(Some("x".into())),
        ))
        .unwrap();
    let mut steps = undo.steps.clone();
    steps.sort_by_key(|s| s.ids.clone());
    assert_eq!(
        steps,
        vec![
            Step {
                ids: vec![ids[0]],
                op: Op::NoteBy(Some("first".into()), me.clone())
            },
            Step {
                ids: vec![ids[1], ids[2]],
                op: Op::NoteBy(Some("second".into()), me.clone())
            },
            Step {
                ids: vec![ids[3]],
                op: Op::SetNote(None)
            },
        ]
    );
    // Nothing to do gives an empty inverse.
    let undo = store
        .apply(&Change::new(vec![ids[0]], Op::SetNote(Some("x".into()))))
        .unwrap();
    assert!(undo.is_empty());
}

#[test]
fn a_multi_step_change_is_undone_in_reverse_order() {
    let (mut store, ids) = mixed();
    let before = state(&store);
    let change = Change {
        steps: vec![
            Step {
                ids: ids.clone(),
                op: Op::AddTag("t".into()),
            },
            Step {
                ids: ids[..3].to_vec(),
                op: Op::RemoveTag("t".into()),
            },
            Step {
                ids: ids[2..6].to_vec(),
                op: Op::Read(true),
            },
            Step {
                ids: ids[2..4].to_vec(),
                op: Op::Read(false),
            },
            Step {
                ids: vec![ids[9], ids[9]],
                op: Op::SetNote(Some(" a\tnote ".into())),
            },
        ],
    };
    let undo = store.apply(&change).unwrap();
    assert_eq!(store.note(ids[9]).unwrap().as_deref(), Some("a note"));
    store.apply(&undo).unwrap();
    assert_eq!(state(&store), before);
}

#[test]
fn a_bad_change_changes_nothing() {
    let (mut store, ids) = mixed();
    let before = state(&store);
    let unknown = Change {
        steps: vec![
            Step {
                ids: ids.clone(),
                op: Op::Read(true),
            },
            Step {
                ids: vec![ids[0], 987_654],
                op: Op::Star(true),
            },
        ],
    };
    assert!(matches!(
        store.apply(&unknown),
        Err(Error::NoSuchArticle(987_654))
    ));
    for op in [
        Op::AddTag("  ".into()),
        Op::AddTag("x".repeat(65)),
        Op::AddTag("a\u{7}b".into()),
        Op::SetNote(Some("n".repeat(2001))),
    ] {
        let change = Change {
            steps: vec![
                Step {
                    ids: ids.clone(),
                    op: Op::Read(true),
                },
                Step {
                    ids: vec![ids[0]],
                    op,
                },
            ],
        };
        let err = store.apply(&change).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    assert_eq!(state(&store), before);
}

#[test]
fn a_blank_note_removes_it_and_tags_ignore_case() {
    let (mut store, ids) = mixed();
    store
        .apply(&Change::new(vec![ids[0]], Op::SetNote(Some("   ".into()))))
        .unwrap();
    assert_eq!(store.note(ids[0]).unwrap(), None);
    assert!(!store.row(ids[0]).unwrap().has_note);
    store
        .apply(&Change::new(vec![ids[1]], Op::AddTag("Gulf".into())))
        .unwrap();
    // Stored once, in its first spelling.
    assert_eq!(store.row(ids[1]).unwrap().tags, vec!["gulf".to_string()]);
    // Removing the last use forgets the tag.
    store
        .apply(&Change::new(vec![ids[5]], Op::RemoveTag("oil".into())))
        .unwrap();
    assert!(store.tags().unwrap().iter().all(|(t, _)| t != "oil"));
}

#[test]
fn bulk_actions_on_a_whole_view() {
    let (mut store, _) = mixed();
    let unread: Vec<i64> = store
        .rows(View::Unread, None, 1000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let change = Change::new(unread.clone(), Op::Read(true));
    assert_eq!(change.len(), unread.len());
    let undo = store.apply(&change).unwrap();
    assert_eq!(store.counts().unwrap().unread, 0);
    store.apply(&undo).unwrap();
    assert_eq!(store.counts().unwrap().unread, unread.len());
}
