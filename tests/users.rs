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

mod common;

use akhbar::ui::app::{Action, App};
use akhbar::ui::keymap::Command;
use common::{act, cmd, key, keys, screen_rows, settle, update};
use crossterm::event::KeyCode;
use ratatui::layout::Rect;

/// A dashboard on the store file at `path` acting as `user`, showing the unread view.
fn dashboard(path: &std::path::Path, user: &str) -> App {
    let store = open_as(path, user);
    let mut app = akhbar::ui::setup_store(
        store,
        &akhbar::ui::Overrides::default(),
        None,
        Rect::new(0, 0, 120, 40),
    )
    .expect("the app opens");
    act(&mut app, Action::LoadView(View::Unread));
    app
}

fn selected(app: &App) -> i64 {
    app.selected_row().expect("a selected article").id
}

#[test]
fn a_dashboard_triages_as_its_user_only() {
    let (_dir, path) = temp_store();
    open_as(&path, "amina").import(&articles(8)).unwrap();
    let mut amina = dashboard(&path, "amina");
    assert_eq!(amina.rows().len(), 8);
    let first = selected(&amina);
    cmd(&mut amina, Command::ToggleStar);
    assert!(amina.selected_row().unwrap().starred);
    // Archive the next one: it leaves amina's unread view.
    cmd(&mut amina, Command::Down);
    let second = selected(&amina);
    cmd(&mut amina, Command::ToggleArchive);
    assert_eq!(amina.counts().unread, 7);
    assert_eq!(amina.counts().starred, 1);

    // The store holds it for amina only.
    let store = open_as(&path, "amina");
    assert_eq!(ids(&store, View::Starred), vec![first]);
    assert_eq!(ids(&store, View::Archived), vec![second]);
    let omar = open_as(&path, "omar");
    assert!(ids(&omar, View::Starred).is_empty());
    assert!(ids(&omar, View::Archived).is_empty());
    assert_eq!(omar.counts().unwrap().unread, 8);

    // Undo takes back amina's archive, in the store too; redo does it again.
    cmd(&mut amina, Command::Undo);
    assert!(ids(&store, View::Archived).is_empty());
    assert_eq!(amina.counts().unread, 8);
    cmd(&mut amina, Command::Redo);
    assert_eq!(ids(&store, View::Archived), vec![second]);
    // `A` marks every shown article read, for amina alone.
    cmd(&mut amina, Command::MarkAllRead);
    assert_eq!(store.counts().unwrap().unread, 0);
    assert_eq!(omar.counts().unwrap().unread, 8);
    cmd(&mut amina, Command::Undo);
    assert_eq!(store.counts().unwrap().unread, 7);

    // omar's own dashboard shows none of amina's marks.
    let omar_app = dashboard(&path, "omar");
    assert_eq!(omar_app.rows().len(), 8);
    assert!(omar_app
        .rows()
        .iter()
        .all(|r| !r.starred && !r.archived && !r.read));
    assert_eq!(omar_app.counts().starred, 0);
}

#[test]
fn another_users_tag_and_note_show_after_the_next_store_check() {
    let (_dir, path) = temp_store();
    open_as(&path, "amina").import(&articles(4)).unwrap();
    let mut omar = dashboard(&path, "omar");
    // The reader follows the selection; opening it would mark it read, out of this view.
    let id = selected(&omar);
    // A first check records the store's version.
    act(&mut omar, Action::Tick(1));
    let mut store = open_as(&path, "amina");
    store
        .apply(&Change::new(vec![id], Op::AddTag("verify".into())))
        .unwrap();
    store
        .apply(&Change::new(
            vec![id],
            Op::SetNote(Some("check the figures".into())),
        ))
        .unwrap();
    store.apply(&Change::new(vec![id], Op::Star(true))).unwrap();
    // The dashboard checks the store every second (a tick); the next check finds it.
    update(&mut omar, Action::Tick(2));
    settle(&mut omar);
    let row = omar.rows().iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.tags, vec!["verify".to_string()]);
    assert!(!row.starred, "amina's star is not omar's");
    assert_eq!(selected(&omar), id, "the selection stays");
    let screen = screen_rows(&omar).join("\n");
    assert!(screen.contains("#verify"), "{screen}");
    assert!(screen.contains("✎ amina: check the figures"), "{screen}");
    // omar writes a note through the dashboard: he is its author now.
    cmd(&mut omar, Command::Note);
    key(&mut omar, KeyCode::End);
    keys(&mut omar, " (done)");
    key(&mut omar, KeyCode::Enter);
    let note = store.note_entry(id).unwrap().unwrap();
    assert_eq!(note.text, "check the figures (done)");
    assert_eq!(note.author.as_deref(), Some("omar"));
    let screen = screen_rows(&omar).join("\n");
    assert!(
        screen.contains("✎ omar: check the figures (done)"),
        "{screen}"
    );
}

/// The schema the release before users made (versions 1 to 6), kept as it was.
const SCHEMA_V6: &str = include_str!("fixtures/users/schema_v1_v6.sql");

/// A store as the previous release left it: five articles, some read, starred or archived,
/// tags, notes, a feed and cached facts.
fn make_v6(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(SCHEMA_V6).unwrap();
    conn.pragma_update(None, "user_version", 6).unwrap();
    conn.execute_batch(
        r#"
        INSERT INTO sources (id, name) VALUES (1, 'BBC'), (2, 'الجزيرة');
        INSERT INTO feeds (id, url, title, source_id, added_at) VALUES
            (1, 'http://127.0.0.1:9/rss', 'BBC', 1, 0);
        INSERT INTO articles (id, key, feed_id, guid, url, content_hash, title, source_id, day,
            lang, dir, origin, path, added_at, read, starred, archived, triaged_at, author)
        VALUES
            (1, 'a1', 1, 'g1', 'https://x/1', x'01', 'Read and starred', 1, 738900, 'en', 'ltr',
             'feed', 'http://127.0.0.1:9/rss', 0, 1, 1, 0, 100, NULL),
            (2, 'a2', NULL, NULL, NULL, x'02', 'مؤرشف', 2, 738901, 'ar', 'rtl',
             'file', '/a/2.txt', 0, 1, 0, 1, 101, 'كاتب'),
            (3, 'a3', NULL, NULL, NULL, x'03', 'Unread, tagged', 1, 738902, 'en', 'ltr',
             'file', '/a/3.txt', 0, 0, 0, 0, NULL, NULL),
            (4, 'a4', NULL, NULL, NULL, x'04', 'Starred and archived', 1, -1000000000, 'en',
             'ltr', 'embedded', 'seed.txt', 0, 0, 1, 1, 102, NULL),
            (5, 'a5', NULL, NULL, NULL, x'05', 'Untouched', 2, 738903, 'ar', 'rtl',
             'file', '/a/5.txt', 0, 0, 0, 0, NULL, NULL);
        INSERT INTO bodies (article_id, paragraphs) VALUES
            (1, '[{"text":"Hello.","lang":"en","dir":"ltr"}]'),
            (2, '[{"text":"مرحبا.","lang":"ar","dir":"rtl"}]');
        INSERT INTO tags (id, name) VALUES (1, 'verify'), (2, 'مهم');
        INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1), (3, 1), (3, 2);
        INSERT INTO notes (article_id, text, updated_at) VALUES (2, 'a note', 50), (4, 'ملاحظة', 60);
        INSERT INTO facts_cache (article_id, extractor_version, json, created_at)
            VALUES (1, 3, '{}', 0);
        INSERT INTO search_pending (article_id) VALUES (1), (2), (3), (4), (5);
        "#,
    )
    .unwrap();
}

#[test]
fn an_older_store_migrates_its_marks_to_the_opening_user() {
    let (_dir, path) = temp_store();
    make_v6(&path);
    let opened = Store::open_as(&Location::File(path.clone()), "amina").unwrap();
    assert_eq!(opened.read_only, None);
    assert!(
        opened
            .notices
            .iter()
            .any(|n| n.contains("upgraded from schema 6") && n.contains("amina's")),
        "{:?}",
        opened.notices
    );
    let amina = opened.store;
    let flags = |store: &Store, id: i64| {
        let r = store.row(id).unwrap();
        (r.read, r.starred, r.archived)
    };
    // Every mark is amina's now, exactly as it was.
    assert_eq!(flags(&amina, 1), (true, true, false));
    assert_eq!(flags(&amina, 2), (true, false, true));
    assert_eq!(flags(&amina, 3), (false, false, false));
    assert_eq!(flags(&amina, 4), (false, true, true));
    assert_eq!(flags(&amina, 5), (false, false, false));
    assert_eq!(ids(&amina, View::Unread), vec![5, 3]);
    assert_eq!(ids(&amina, View::Starred), vec![1, 4]);
    assert_eq!(ids(&amina, View::Archived), vec![2, 4]);
    assert_eq!(ids(&amina, View::All), vec![5, 3, 2, 1, 4]);
    let counts = amina.counts().unwrap();
    assert_eq!(
        (counts.all, counts.unread, counts.starred, counts.archived),
        (5, 2, 2, 2)
    );
    // Nothing else is lost: bodies, tags, notes, feeds, the facts cache, the index queue.
    assert_eq!(amina.article(2).unwrap().paragraphs[0].text, "مرحبا.");
    assert_eq!(amina.article(2).unwrap().author.as_deref(), Some("كاتب"));
    assert_eq!(amina.row(3).unwrap().tags, vec!["verify", "مهم"]);
    assert_eq!(
        amina.tags().unwrap(),
        vec![("verify".to_string(), 2), ("مهم".to_string(), 1)]
    );
    let note = amina.note_entry(2).unwrap().unwrap();
    assert_eq!(
        (note.text.as_str(), note.author.as_deref(), note.updated_at),
        ("a note", Some("amina"), 50)
    );
    assert_eq!(amina.note(4).unwrap().as_deref(), Some("ملاحظة"));
    assert_eq!(amina.cached_facts(1, 3).unwrap().as_deref(), Some("{}"));
    assert_eq!(amina.unindexed().unwrap(), 5);
    let feed = amina.feed("http://127.0.0.1:9/rss").unwrap().unwrap();
    assert_eq!(
        (feed.articles, feed.unread),
        (1, 0),
        "amina read the feed's one article"
    );
    // The tags and notes the store had are amina's in the export.
    let mut out = Vec::new();
    amina
        .export(View::All, None, akhbar::store::ExportFormat::Json, &mut out)
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let third = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == 3)
        .unwrap();
    assert_eq!(
        third["tag_authors"],
        serde_json::json!({"verify": "amina", "مهم": "amina"})
    );
    let second = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == 2)
        .unwrap();
    assert_eq!(second["note_author"], "amina");
    assert_eq!(
        (second["read"].as_bool(), second["archived"].as_bool()),
        (Some(true), Some(true))
    );
    drop(amina);

    // Another user opening it later starts with nothing marked, and sees the shared tags.
    let omar = open_as(&path, "omar");
    assert_eq!(omar.counts().unwrap().unread, 5);
    assert!(ids(&omar, View::Starred).is_empty());
    assert_eq!(omar.row(3).unwrap().tags, vec!["verify", "مهم"]);
    assert_eq!(
        omar.feed("http://127.0.0.1:9/rss").unwrap().unwrap().unread,
        1
    );
    // Opening again migrates nothing again: amina's marks stay as they were.
    let again = Store::open_as(&Location::File(path.clone()), "omar").unwrap();
    assert!(again.notices.is_empty(), "{:?}", again.notices);
    let amina = open_as(&path, "amina");
    assert_eq!(ids(&amina, View::Starred), vec![1, 4]);
    // The upgrade recorded whom it gave the marks to.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let migrated: String = conn
        .query_row("SELECT name FROM users WHERE migrated = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(migrated, "amina");
}

#[test]
fn an_older_store_with_a_trimmed_feed_keeps_what_anyone_starred() {
    // After the upgrade, trimming a feed keeps an article a user starred even when the
    // user who trims has not starred it.
    let (_dir, path) = temp_store();
    make_v6(&path);
    // Article 1 (the feed's one) is amina's star; its tag goes, so only the star keeps it.
    let mut amina = open_as(&path, "amina");
    amina
        .apply(&Change::new(vec![1], Op::RemoveTag("verify".into())))
        .unwrap();
    let mut omar = open_as(&path, "omar");
    let update = akhbar::store::FeedUpdate {
        entries: &[],
        max_articles: Some(0),
        ..Default::default()
    };
    let stats = omar.store_feed(1, &update).unwrap();
    assert_eq!(stats.removed, 0, "amina's starred article stays");
    assert!(omar.row(1).is_ok());
    // Once amina unstars it, the next trim drops it.
    amina.apply(&Change::new(vec![1], Op::Star(false))).unwrap();
    let stats = omar.store_feed(1, &update).unwrap();
    assert_eq!(stats.removed, 1);
    assert!(omar.row(1).is_err());
}

/// The real binary on the store at `store`, with `user` as AKHBAR_USER (None: unset).
fn akhbar(args: &[&str], store: &std::path::Path, user: Option<&str>) -> std::process::Output {
    let home = std::env::temp_dir().join("akhbar-users-test-no-home");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"));
    cmd.args(args)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("XDG_DATA_HOME")
        .env_remove("AKHBAR_LOG")
        .env("AKHBAR_STORE", store);
    match user {
        Some(u) => cmd.env("AKHBAR_USER", u),
        None => cmd.env_remove("AKHBAR_USER"),
    };
    cmd.output().expect("akhbar runs")
}

fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn starred_titles(out: &std::process::Output) -> Vec<String> {
    json_lines(out)
        .iter()
        .map(|v| v["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_binary_acts_as_the_flag_the_variable_or_the_login_name() {
    let (_dir, path) = temp_store();
    let mut amina = open_as(&path, "amina");
    let all = amina.import(&articles(3)).unwrap().ids;
    let title = amina.row(all[0]).unwrap().title;
    amina
        .apply(&Change::new(vec![all[0]], Op::Star(true)))
        .unwrap();
    let login = akhbar::store::user::login_name();
    let mut me = open_as(&path, &login);
    me.apply(&Change::new(vec![all[1]], Op::Star(true)))
        .unwrap();
    let mine = me.row(all[1]).unwrap().title;
    let list = ["list", "--json", "--view", "starred"];

    // --user, before or after the command.
    let out = akhbar(
        &["--user", "amina", "list", "--json", "--view", "starred"],
        &path,
        None,
    );
    assert_eq!(starred_titles(&out), vec![title.clone()]);
    let out = akhbar(&[&list[..], &["--user", "amina"]].concat(), &path, None);
    assert_eq!(starred_titles(&out), vec![title.clone()]);
    // AKHBAR_USER; the flag wins over it.
    let out = akhbar(&list, &path, Some("amina"));
    assert_eq!(starred_titles(&out), vec![title.clone()]);
    let out = akhbar(
        &[&list[..], &["--user", "omar"]].concat(),
        &path,
        Some("amina"),
    );
    assert!(starred_titles(&out).is_empty(), "omar starred nothing");
    // Neither: the login name.
    let out = akhbar(&list, &path, None);
    assert_eq!(starred_titles(&out), vec![mine]);
    // search acts as the user too: is:starred is amina's stars.
    let out = akhbar(
        &["search", "--json", "is:starred", "--user", "amina"],
        &path,
        None,
    );
    let found: Vec<i64> = json_lines(&out)
        .iter()
        .map(|v| v["store_id"].as_i64().unwrap())
        .collect();
    assert_eq!(found, vec![all[0]]);
}

#[test]
fn a_bad_user_name_is_one_line_and_exit_2() {
    let (_dir, path) = temp_store();
    open_as(&path, "amina").import(&articles(1)).unwrap();
    for (args, env) in [
        (vec!["--user", "a b", "list"], None),
        (vec!["list", "--user", "amina\u{1b}[2J"], None),
        (vec!["list", "--user", ""], None),
        (vec!["export", "--format", "json"], Some("x/../y")),
        (vec!["list"], Some(&*"a".repeat(65))),
    ] {
        let out = akhbar(&args, &path, env);
        assert_eq!(out.status.code(), Some(2), "{args:?} {env:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("bad user name"), "{err}");
        assert!(
            !err.contains('\u{1b}'),
            "no escape reaches the terminal: {err:?}"
        );
        assert!(out.stdout.is_empty());
    }
    // Nothing was made for the refused names.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let users: Vec<String> = conn
        .prepare("SELECT name FROM users ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(users, vec!["amina"]);
}

#[test]
fn export_names_the_authors_of_tags_and_notes() {
    let (_dir, path) = temp_store();
    let mut amina = open_as(&path, "amina");
    let all = amina.import(&articles(2)).unwrap().ids;
    amina
        .apply(&Change::new(vec![all[0]], Op::AddTag("verify".into())))
        .unwrap();
    amina
        .apply(&Change::new(vec![all[0]], Op::Read(true)))
        .unwrap();
    let mut omar = open_as(&path, "omar");
    omar.apply(&Change::new(vec![all[0]], Op::AddTag("later".into())))
        .unwrap();
    omar.apply(&Change::new(
        vec![all[0]],
        Op::SetNote(Some("ask the desk".into())),
    ))
    .unwrap();
    let out = akhbar(
        &["export", "--format", "json", "--tag", "verify"],
        &path,
        Some("omar"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &items[0];
    assert_eq!(item["tags"], serde_json::json!(["later", "verify"]));
    assert_eq!(
        item["tag_authors"],
        serde_json::json!({"later": "omar", "verify": "amina"})
    );
    assert_eq!(item["note"], "ask the desk");
    assert_eq!(item["note_author"], "omar");
    assert_eq!(item["user"], "omar");
    assert_eq!(item["read"], false, "amina's read mark is hers");
    let out = akhbar(
        &[
            "export", "--format", "json", "--user", "amina", "--view", "unread",
        ],
        &path,
        None,
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // (export puts the bundled seeds in the store first: they are unread too.)
    let unread: Vec<i64> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert!(
        unread.contains(&all[1]) && !unread.contains(&all[0]),
        "{unread:?}"
    );
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["user"] == "amina"));
    let out = akhbar(&["export", "--format", "markdown"], &path, Some("amina"));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("Tags: later (omar), verify (amina)"), "{md}");
    assert!(md.contains("> Note: ask the desk (by omar)"), "{md}");
}

#[test]
fn the_binary_migrates_an_older_store_to_the_user_it_acts_as() {
    let (_dir, path) = temp_store();
    make_v6(&path);
    let out = akhbar(
        &["list", "--json", "--view", "starred"],
        &path,
        Some("amina"),
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains("upgraded from schema 6") && err.contains("amina's"),
        "{err}"
    );
    assert_eq!(
        starred_titles(&out),
        vec![
            "Read and starred".to_string(),
            "Starred and archived".to_string()
        ]
    );
    let out = akhbar(
        &["list", "--json", "--view", "starred"],
        &path,
        Some("omar"),
    );
    assert!(starred_titles(&out).is_empty());
}

/// Two real dashboards on one store in pseudo-terminals, as `--user amina` and `--user omar`:
/// amina's star stays hers, her tag shows in omar's list without a key pressed.
#[test]
fn two_dashboards_as_two_users_in_pseudo_terminals() {
    use common::pty::{status_line, Session};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("akhbar.db");
    let mut amina = Session::start_with_store(&["--user", "amina"], 120, 30, Some(&store));
    amina.wait_for("the seeds", |s| s.contains("10 unread"));
    let mut omar = Session::start_with_store(&["--user", "omar"], 120, 30, Some(&store));
    omar.wait_for("the seeds", |s| s.contains("10 unread"));
    amina.send(b"s");
    amina.wait_for("amina's star", |s| status_line(s).contains("1 starred"));
    amina.send(b"tverify\r");
    amina.wait_for("amina's tag", |s| s.contains("#verify"));
    let screen = omar.wait_for("amina's tag in omar's list", |s| s.contains("#verify"));
    assert!(
        !status_line(&screen).contains("1 starred"),
        "amina's star shows for omar:\n{screen}"
    );
    for session in [&mut amina, &mut omar] {
        session.send(b"q");
        let (status, _) = session.finish();
        assert!(status.success(), "{status:?}");
    }
    let amina = open_as(&store, "amina");
    assert_eq!(amina.counts().unwrap().starred, 1);
    let omar = open_as(&store, "omar");
    assert_eq!(omar.counts().unwrap().starred, 0);
    assert_eq!(omar.tags().unwrap(), vec![("verify".to_string(), 1)]);
}
