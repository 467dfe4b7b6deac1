//! The schema as a list of migrations. `MIGRATIONS[i]` takes a database from version `i` to
//! `i + 1`; the version lives in SQLite's `user_version` (0 for a new file).
//! [`Store::open`](super::Store::open) runs the missing steps in one transaction, so a crash
//! mid-way leaves the old version intact.
//! Steps are never edited once released: a change is a new step at the end, and
//! `tests/store_migrate.rs` opens a database made at every earlier version.
//!
//! Why triage flags live in `marks`, one row per (article, user) with a copy of the article's
//! `day`: each view's list is a partial index on `(user_id, day DESC, article_id DESC)` whose
//! WHERE clause is the view's condition, so the first page of any view (and its count) is an
//! index range scan for any user even at 100,000 articles; that needs the flags, the user and
//! the sort key in one table. Triggers keep the invariant "every user has a row for every
//! article": a new article gets a row per user, a new user a row per article, and a change of
//! an article's day is copied to its rows.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, TransactionBehavior};

/// Version 1: articles, bodies, sources, feeds, triage, tags and notes.
const V1: &str = r#"
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- For the feeds issue: the minimum an OPML export and a fetch need.
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    source_id INTEGER REFERENCES sources(id),
    added_at INTEGER NOT NULL
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    -- The article's own id (file stem, corpus id); not unique across sources.
    key TEXT NOT NULL,
    feed_id INTEGER REFERENCES feeds(id),
    -- A feed or corpus guid scoped by its source ("source<US>id"), when the article has one.
    guid TEXT,
    url TEXT,
    -- 16 bytes: FNV-1a 128 of the normalized title and body (see import.rs).
    content_hash BLOB NOT NULL UNIQUE,
    title TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    -- Days from 0001-01-01 (chrono's num_days_from_ce); NO_DAY when there is no date.
    day INTEGER NOT NULL,
    lang TEXT NOT NULL,
    dir TEXT NOT NULL,
    dir_override TEXT,
    -- 'embedded' (path is the seed's file name) or 'file' (path is the file read).
    origin TEXT NOT NULL,
    path TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    triaged_at INTEGER
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
CREATE INDEX articles_all ON articles(day DESC, id DESC);
CREATE INDEX articles_unread ON articles(day DESC, id DESC) WHERE read = 0 AND archived = 0;
CREATE INDEX articles_starred ON articles(day DESC, id DESC) WHERE starred = 1;
CREATE INDEX articles_archived ON articles(day DESC, id DESC) WHERE archived = 1;
-- Bodies apart, so the list's pages never read them: a JSON array of {text, lang, dir}.
CREATE TABLE bodies (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    paragraphs TEXT NOT NULL
);
CREATE TABLE notes (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag_id);
"#;

/// Version 2: the cache of extracted facts, kept per extractor version so a newer extractor
/// recomputes instead of showing stale results.
const V2: &str = r#"
CREATE TABLE facts_cache (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    extractor_version INTEGER NOT NULL,
    json TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
"#;

/// Version 3: what refreshing feeds needs. Per feed: the validators of the last response
/// (conditional GET), when it was last fetched and last succeeded, its last error and its own
/// title. Per article: whether its feed gave only a summary, and the full text fetched on
/// demand, kept beside the summary (the body stays as the feed gave it).
const V3: &str = r#"
ALTER TABLE feeds ADD COLUMN etag TEXT;
ALTER TABLE feeds ADD COLUMN last_modified TEXT;
ALTER TABLE feeds ADD COLUMN fetched_at INTEGER;
ALTER TABLE feeds ADD COLUMN ok_at INTEGER;
ALTER TABLE feeds ADD COLUMN last_error TEXT;
ALTER TABLE articles ADD COLUMN summary_only INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_feed ON articles(feed_id, day DESC) WHERE feed_id IS NOT NULL;
CREATE TABLE full_texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    paragraphs TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
"#;

/// Version 4: an article's author, read off a scraped page's byline (never its outlet,
/// which stays in `sources`).
const V4: &str = r#"
ALTER TABLE articles ADD COLUMN author TEXT;
"#;

/// Version 5: the full-text index (issue 15). An FTS5 table with no content of its own
/// (`content=''`): it holds the index of each article's title and body under the article's
/// id and no second copy of the text; `contentless_delete` lets a row be dropped by id. Its
/// text is akhbar's own tokens (`text::tokens`) joined by spaces, so FTS5's `ascii`
/// tokenizer only has to split at the spaces (every non-ASCII char is a token char for it).
/// Articles stored before this version wait in `search_pending` until they are indexed
/// (`akhbar reindex`, or the dashboard in the background); a deleted article leaves the
/// index by the trigger, whichever statement deletes it.
const V5: &str = r#"
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, content='', contentless_delete=1, tokenize='ascii'
);
CREATE TABLE search_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO search_pending (article_id) SELECT id FROM articles;
CREATE TRIGGER articles_unindex AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;
"#;

/// Version 6: a feed entry is known within its feed (its guid, or its link, title and date),
/// so a link no longer has to be unique across the store: episodes of a podcast share one, and
/// two feeds may carry the same story. The unique index on `url` becomes a plain one; a lookup
/// index serves guid-less entries. Only indexes change: every row and every mark stays.
const V6: &str = r#"
DROP INDEX articles_url;
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_entry ON articles(path, title) WHERE origin = 'feed';
"#;

/// Version 7: users (issue 18). Read, starred and archived become per user, in `marks`; tags
/// and notes stay shared and remember who wrote them (`author_id`; NULL for a feed's own tags).
/// The marks an older store held go to the user the upgrading process acts as, named in
/// `temp.migrating_user` by [`migrate`] (empty for a new store, or when the step is run on its
/// own), recorded in `users.migrated`;
/// its tags and notes get that user as their author. The old columns are dropped once copied,
/// so nothing reads a stale flag.
const V7: &str = r#"
CREATE TEMP TABLE IF NOT EXISTS migrating_user (name TEXT NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- 1-64 of letters, digits and ._- (see store/user.rs).
    name TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL,
    -- 1 for the user an upgrade from schema 6 gave the store's earlier marks to.
    migrated INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE marks (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The article's day, so each view's index orders by it.
    day INTEGER NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    triaged_at INTEGER,
    PRIMARY KEY (article_id, user_id)
) WITHOUT ROWID;
INSERT INTO users (name, created, migrated)
    SELECT name, CAST(strftime('%s', 'now') AS INTEGER), 1 FROM temp.migrating_user;
INSERT INTO marks (article_id, user_id, day, read, starred, archived, triaged_at)
    SELECT a.id, u.id, a.day, a.read, a.starred, a.archived, a.triaged_at
    FROM articles a, users u;
CREATE INDEX marks_unread ON marks(user_id, day DESC, article_id DESC)
    WHERE read = 0 AND archived = 0;
CREATE INDEX marks_starred ON marks(user_id, day DESC, article_id DESC) WHERE starred = 1;
CREATE INDEX marks_archived ON marks(user_id, day DESC, article_id DESC) WHERE archived = 1;
CREATE TRIGGER articles_marks AFTER INSERT ON articles BEGIN
    INSERT INTO marks (article_id, user_id, day) SELECT new.id, id, new.day FROM users;
END;
CREATE TRIGGER articles_marks_day AFTER UPDATE OF day ON articles BEGIN
    UPDATE marks SET day = new.day WHERE article_id = new.id;
END;
CREATE TRIGGER users_marks AFTER INSERT ON users BEGIN
    INSERT INTO marks (article_id, user_id, day) SELECT id, new.id, day FROM articles;
END;
ALTER TABLE article_tags ADD COLUMN author_id INTEGER REFERENCES users(id);
ALTER TABLE article_tags ADD COLUMN tagged_at INTEGER;
ALTER TABLE notes ADD COLUMN author_id INTEGER REFERENCES users(id);
UPDATE article_tags SET author_id = (SELECT id FROM users);
UPDATE notes SET author_id = (SELECT id FROM users);
DROP INDEX articles_unread;
DROP INDEX articles_starred;
DROP INDEX articles_archived;
ALTER TABLE articles DROP COLUMN read;
ALTER TABLE articles DROP COLUMN starred;
ALTER TABLE articles DROP COLUMN archived;
ALTER TABLE articles DROP COLUMN triaged_at;
DROP TABLE temp.migrating_user;
"#;

/// Version 8 (issue 17): the media a feed entry carries (podcast audio, images), in feed
/// order, and which ignore rule of the config archived an article as it arrived, so the
/// feeds view can say how many each archived. Both go with their article. A user made after
/// a rule archived an article starts with it archived, as the others have it.
const V8: &str = r#"
CREATE TABLE enclosures (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    mime TEXT,
    bytes INTEGER,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE TABLE ignored (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ignored_rule ON ignored(rule);
DROP TRIGGER users_marks;
CREATE TRIGGER users_marks AFTER INSERT ON users BEGIN
    INSERT INTO marks (article_id, user_id, day, archived)
        SELECT a.id, new.id, a.day, i.article_id IS NOT NULL
        FROM articles a LEFT JOIN ignored i ON i.article_id = a.id;
END;
"#;

/// Version 9 (issue 15): the full-text index keeps up to 16 MB of new postings in memory
/// before writing them out as a segment (FTS5's `hashsize`, 1 MB by default, a setting
/// stored in the index). At 1 MB an import batch of 2,000 articles was written as several
/// small segments that FTS5 then merged again within the same transaction; merging was 28%
/// of the writer's instructions. At 16 MB a batch is about one segment. The memory is held
/// only while a write transaction indexes.
const V9: &str = r#"
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);
"#;

/// Version 10 (issue 15): the full-text index takes a third column, `facts`: the names of the
/// people, places and organizations in the article's cached facts. FTS5 cannot add a column
/// to a table, so the index is made again (with V9's `hashsize`) and every article waits in
/// `search_pending` to be indexed again, its facts read from the cache (`akhbar reindex`, or
/// the dashboard in the background, as for a store older than V5). The delete trigger names
/// the table, not its columns, and stays.
const V10: &str = r#"
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, facts, content='', contentless_delete=1, tokenize='ascii'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);
INSERT INTO search_pending (article_id) SELECT id FROM articles WHERE true
    ON CONFLICT DO NOTHING;
"#;

/// Every step, in order: `MIGRATIONS[i]` takes version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10];

/// The version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// `day` for an article without a date: below every date chrono can represent, so undated
/// articles sort last in a newest-first list.
pub const NO_DAY: i64 = -1_000_000_000;

/// The `day` column for a date.
pub fn day_of(date: Option<NaiveDate>) -> i64 {
    date.map_or(NO_DAY, |d| i64::from(d.num_days_from_ce()))
}

/// The date of a `day` column.
pub fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The schema version of an open database (0 for a new, empty file).
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Runs the missing steps in one immediate transaction; returns the version found. A database
/// newer than [`LATEST`] is left alone (the caller opens it read-only). `user` is who the
/// opening process acts as: an upgrade from before users (versions 1 to 6) gives it the
/// store's existing marks, tags and notes.
pub(super) fn migrate(conn: &mut Connection, user: &str) -> rusqlite::Result<u32> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the transaction: another process may have migrated meanwhile.
    let found = version(&tx)?;
    if found >= LATEST {
        return Ok(found);
    }
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS migrating_user (name TEXT NOT NULL)")?;
    tx.execute("DELETE FROM temp.migrating_user", [])?;
    if (1..USERS).contains(&found) {
        tx.execute("INSERT INTO temp.migrating_user (name) VALUES (?1)", [user])?;
    }
    for step in &MIGRATIONS[found as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(found)
}

/// The version that brought users (`V7`).
pub const USERS: u32 = 7;
