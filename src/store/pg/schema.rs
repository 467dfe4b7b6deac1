//! The schema on PostgreSQL as a list of migrations, as on SQLite: `MIGRATIONS[i]` takes a
//! database from version `i` to `i + 1`; the version lives in the one-row table
//! `akhbar_schema` (none: version 0, a new database). [`migrate`] runs the missing steps in
//! one transaction under an advisory lock, so two processes opening a new database at once
//! migrate it once, and a failure leaves the old version intact. Steps are never edited once
//! released: a change is a new step at the end, and `tests/store_pg.rs` opens a database
//! made at every earlier version.
//!
//! The tables mirror SQLite's at its latest version (see `store/schema.rs` for why triage
//! flags live in `marks`, one row per article and user, with the article's day and a partial
//! index per view). Differences: booleans are `boolean`, the content hash `bytea`; tag names
//! are unique without regard to ASCII case through `akhbar_fold` (SQLite's NOCASE folds ASCII
//! only, and so does this); new articles get their users' marks from one statement-level
//! trigger (a `COPY` of 2,000 articles fires it once).

use super::unnamed::Unnamed;
use postgres::Client;

/// Version 1: articles, bodies, sources, feeds, users and their marks, tags and notes,
/// cached facts, enclosures, ignore rules, and the write counter.
const V1: &str = r#"
CREATE TABLE store_version (n bigint NOT NULL);
INSERT INTO store_version (n) VALUES (0);
CREATE FUNCTION akhbar_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;
CREATE TABLE sources (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE feeds (
    id bigserial PRIMARY KEY,
    url text NOT NULL UNIQUE,
    title text,
    source_id bigint REFERENCES sources(id),
    added_at bigint NOT NULL,
    etag text,
    last_modified text,
    fetched_at bigint,
    ok_at bigint,
    last_error text
);
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created bigint NOT NULL
);
CREATE TABLE articles (
    id bigserial PRIMARY KEY,
    key text NOT NULL,
    feed_id bigint REFERENCES feeds(id),
    guid text,
    url text,
    content_hash bytea NOT NULL UNIQUE,
    title text NOT NULL,
    source_id bigint REFERENCES sources(id),
    day bigint NOT NULL,
    lang text NOT NULL,
    dir text NOT NULL,
    dir_override text,
    origin text NOT NULL,
    path text NOT NULL,
    added_at bigint NOT NULL,
    summary_only boolean NOT NULL DEFAULT false,
    author text
);
CREATE UNIQUE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_all ON articles(day DESC, id DESC);
CREATE INDEX articles_feed ON articles(feed_id, day DESC) WHERE feed_id IS NOT NULL;
CREATE TABLE bodies (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    paragraphs text NOT NULL
);
CREATE TABLE full_texts (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    paragraphs text NOT NULL,
    fetched_at bigint NOT NULL
);
CREATE TABLE notes (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text text NOT NULL,
    updated_at bigint NOT NULL,
    author_id bigint REFERENCES users(id)
);
CREATE TABLE tags (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (akhbar_fold(name));
CREATE TABLE article_tags (
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id bigint NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    author_id bigint REFERENCES users(id),
    tagged_at bigint,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id);
CREATE TABLE marks (
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day bigint NOT NULL,
    read boolean NOT NULL DEFAULT false,
    starred boolean NOT NULL DEFAULT false,
    archived boolean NOT NULL DEFAULT false,
    triaged_at bigint,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX marks_unread ON marks(user_id, day DESC, article_id DESC)
    WHERE NOT read AND NOT archived;
CREATE INDEX marks_starred ON marks(user_id, day DESC, article_id DESC) WHERE starred;
CREATE INDEX marks_archived ON marks(user_id, day DESC, article_id DESC) WHERE archived;
CREATE TABLE facts_cache (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    extractor_version bigint NOT NULL,
    json text NOT NULL,
    created_at bigint NOT NULL
);
CREATE TABLE enclosures (
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position integer NOT NULL,
    url text NOT NULL,
    mime text,
    bytes bigint,
    PRIMARY KEY (article_id, position)
);
CREATE TABLE ignored (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    rule text NOT NULL,
    at bigint NOT NULL
);
CREATE INDEX ignored_rule ON ignored(rule);
CREATE FUNCTION akhbar_articles_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marks (article_id, user_id, day)
        SELECT n.id, u.id, n.day FROM new_articles n CROSS JOIN users u
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_marks AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_articles FOR EACH STATEMENT
    EXECUTE FUNCTION akhbar_articles_marks();
CREATE FUNCTION akhbar_articles_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE marks SET day = NEW.day WHERE article_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_marks_day AFTER UPDATE OF day ON articles
    FOR EACH ROW EXECUTE FUNCTION akhbar_articles_day();
CREATE FUNCTION akhbar_users_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO marks (article_id, user_id, day, archived)
        SELECT a.id, NEW.id, a.day, i.article_id IS NOT NULL
        FROM articles a LEFT JOIN ignored i ON i.article_id = a.id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER users_marks AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION akhbar_users_marks();
"#;

/// Version 2: the full-text index (issue 15) in the server's own text search. Each article's
/// tokens (akhbar's own, `text::tokens`, as on SQLite) are stored as a `tsvector` built by
/// akhbar itself, title words weighted A and body words D, with their positions for phrases;
/// a GIN index answers `@@`. Articles stored before this version wait in `search_pending`.
const V2: &str = r#"
CREATE TABLE search_index (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    doc tsvector NOT NULL
);
CREATE INDEX search_index_doc ON search_index USING gin (doc);
CREATE TABLE search_pending (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO search_pending (article_id) SELECT id FROM articles;
"#;

/// Version 3: the link rule is a unique key. An article that is not a feed entry is the same
/// as any stored one with its link (`store/import.rs`); `link_key` holds the link of the
/// first such article to claim it, unique, so two importers storing different texts under
/// one link at once store one of them (the other is counted a duplicate), where the lookup
/// before the insert could let both in. Existing articles: the oldest of each link claims it.
const V3: &str = r#"
ALTER TABLE articles ADD COLUMN link_key text;
UPDATE articles a SET link_key = a.url
    FROM (SELECT min(id) AS id FROM articles WHERE url IS NOT NULL AND origin <> 'feed'
          GROUP BY url) o
    WHERE a.id = o.id;
CREATE UNIQUE INDEX articles_link_key ON articles(link_key) WHERE link_key IS NOT NULL;
"#;

/// Version 4: bodies, full texts and index documents are compressed with lz4 rather than the
/// server's own pglz when they are large enough to be (TOAST): several times faster to
/// compress, which an import of bodies spends much of its server time on. A server built
/// without lz4 (or older than 14) keeps pglz; values stored before stay as they are.
const V4: &str = r#"
DO $$
BEGIN
    EXECUTE 'ALTER TABLE bodies ALTER COLUMN paragraphs SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE full_texts ALTER COLUMN paragraphs SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE search_index ALTER COLUMN doc SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error THEN
    NULL;
END $$;
"#;

/// Version 5: a read, star or archive step as one server function, so that a triage key is
/// one message to the server (`BEGIN`, the step, the counter, `NOTIFY`, `COMMIT`) instead of
/// a round trip for each statement (`triage.rs`). It refuses the whole step when any id is
/// not an article (`P0002`, the first such id in order as its detail), makes a mark missing
/// for the user (a user made while the article was being imported elsewhere), then changes
/// the flag where it differs and returns the ids it changed.
const V5: &str = r#"
CREATE FUNCTION akhbar_flag(p_ids bigint[], p_user bigint, p_flag text, p_on boolean,
                            p_at bigint) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT w.i INTO missing FROM unnest(p_ids) WITH ORDINALITY AS w(i, n)
        WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = w.i) ORDER BY w.n LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'no such article %', missing USING ERRCODE = 'P0002',
            DETAIL = missing::text;
    END IF;
    INSERT INTO marks (article_id, user_id, day)
        SELECT a.id, p_user, a.day FROM articles a WHERE a.id = ANY(p_ids)
        ON CONFLICT DO NOTHING;
    IF p_flag = 'read' THEN
        RETURN QUERY UPDATE marks m SET read = p_on, triaged_at = p_at
            WHERE m.article_id = ANY(p_ids) AND m.user_id = p_user AND m.read <> p_on
            RETURNING m.article_id;
    ELSIF p_flag = 'starred' THEN
        RETURN QUERY UPDATE marks m SET starred = p_on, triaged_at = p_at
            WHERE m.article_id = ANY(p_ids) AND m.user_id = p_user AND m.starred <> p_on
            RETURNING m.article_id;
    ELSIF p_flag = 'archived' THEN
        RETURN QUERY UPDATE marks m SET archived = p_on, triaged_at = p_at
            WHERE m.article_id = ANY(p_ids) AND m.user_id = p_user AND m.archived <> p_on
            RETURNING m.article_id;
    ELSE
        RAISE EXCEPTION 'akhbar_flag: no flag %', p_flag;
    END IF;
END $$;
"#;

/// Every step, in order: `MIGRATIONS[i]` takes version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// The advisory lock key that serializes migrations ("akhbar" in ASCII).
const MIGRATION_LOCK: i64 = 0x616b_6862_6172;

/// The schema version of the database (0 for a new one).
pub fn version(client: &mut Client) -> Result<u32, postgres::Error> {
    let exists: bool = client
        .read_one("SELECT to_regclass('akhbar_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.read_opt("SELECT version FROM akhbar_schema", &[])?;
    Ok(row.map_or(0, |r| u32::try_from(r.get::<_, i32>(0)).unwrap_or(0)))
}

/// Runs the steps from the version found up to `target` in one transaction; returns the
/// version found. A database newer than `target` is left alone.
pub fn migrate_to(client: &mut Client, target: u32) -> Result<u32, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS akhbar_schema (version integer NOT NULL)")?;
    // Read inside the lock: another process may have migrated meanwhile.
    let found = tx
        .query_opt("SELECT version FROM akhbar_schema", &[])?
        .map_or(0, |r| u32::try_from(r.get::<_, i32>(0)).unwrap_or(0));
    if found >= target {
        tx.commit()?;
        return Ok(found);
    }
    for step in &MIGRATIONS[found as usize..target as usize] {
        tx.batch_execute(step)?;
    }
    tx.execute("DELETE FROM akhbar_schema", &[])?;
    let v = i32::try_from(target).unwrap_or(i32::MAX);
    tx.execute("INSERT INTO akhbar_schema (version) VALUES ($1)", &[&v])?;
    tx.commit()?;
    Ok(found)
}

/// [`migrate_to`] the [`LATEST`] version.
pub(super) fn migrate(client: &mut Client) -> Result<u32, postgres::Error> {
    migrate_to(client, LATEST)
}
