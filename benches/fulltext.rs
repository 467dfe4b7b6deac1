//! The full-text index (SQLite FTS5 in the store) at corpus scale, for stores of 50,000 and
//! 100,000 gen-corpus articles (and 1,000,000 with 40-word bodies when `AKHBAR_BENCH_1M=1`):
//!
//! 1. `search_text` for one body word, a common one (in about half the bodies) and a rare
//!    one (the nearest to 1% by ratio: gen-corpus has no word between a handful of bodies
//!    and about 2%), both picked here from the store's own vocabulary (FTS5's `fts5vocab`)
//!    and checked against the actual `body:W` query;
//! 2. what the dashboard does for `body:W`: the Filter effect as the worker performs it
//!    (`ui/worker.rs`), timed to its first page (the newest stored hits ranked among
//!    themselves) and to its whole list, beside the same effect as it was before the first
//!    page (every hit ranked through `rank::ask` and `rank::combine` before anything shows),
//!    which the whole list is checked to equal;
//! 3. what `akhbar search 'body:W' --limit 50` does after opening the store: the TopDown path
//!    taking 50 (each hit's date, row, body and snippet read, the text lines written);
//! 4. how fast the index is built: importing 10,000 articles (the index is written in the
//!    import's own transaction), the same import with the index deferred (`defer_index`:
//!    each article only put in line for the index, so nothing is indexed), `reindex` plus
//!    `index_pending` batches of 2,000 over the same 10,000 (the index alone), the tokenizer
//!    alone, and the index's size against the bodies' (`dbstat`).
//!
//! At the end one table (stderr, outside criterion's timing) answers the same queries by
//! the index, by a plain scan of every body in the store (no index), by `rg -c -F WORD
//! corpus.jsonl` as a process (WORD as the corpus writes it: the index's tokens are folded)
//! and by the `akhbar` binary as a process: medians of several runs, measured in the same
//! run.
//!
//! Corpora come from ../shared/bench/gen-corpus (never committed); without it the benchmarks
//! are skipped with a note. Corpora and stores are cached in CARGO_TARGET_TMPDIR between
//! runs; a size whose corpus and store would not fit on the disk is skipped with a note.
//! `AKHBAR_BENCH_BUILD_ONLY=1` runs part 4 alone (the 50k and 100k stores are not made).

use akhbar::model::Paragraph;
use akhbar::search::plan::{Marks, Plan};
use akhbar::search::rank::{self, TopDown};
use akhbar::search::tokens::{index_text, query_tokens, tokens, variants};
use akhbar::search::{body_holds, query, Hit, Keys, KeysBuilder};
use akhbar::store::{Location, Row, Shared, Store, View};
use akhbar::text::normalize::fold_for_match;
use akhbar::ui::app::{Action, Effect};
use akhbar::ui::worker::perform;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The user every store here is opened as (and the `akhbar` process runs as).
const USER: &str = "bench";
/// Articles imported by the build benchmarks.
const BUILD_N: usize = 10_000;
/// `akhbar reindex`'s batch (src/cmd/import_export.rs).
const REINDEX_BATCH: usize = 2000;
/// Rows the dashboard receives at a time; each batch becomes one chunk of filter keys.
const ROWS_BATCH: usize = 2000;
/// Runs per method in the closing table (3 for a method whose first run takes over 2 s).
const ROUNDS: usize = 5;

fn cache_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fulltext-bench");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn tool() -> Option<PathBuf> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    if tool.exists() {
        Some(tool)
    } else {
        eprintln!(
            "note: {} not found; fulltext benchmarks skipped",
            tool.display()
        );
        None
    }
}

/// Free bytes on the file system holding `path`.
fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs only writes the struct it is given; `c` is a valid C string.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return None;
    }
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// Whether `need` more bytes fit in the cache folder with 1 GiB to spare; says so if not.
fn fits(need: u64, what: &str) -> bool {
    let free = free_bytes(&cache_dir()).unwrap_or(u64::MAX);
    let ok = free > need + (1 << 30);
    if !ok {
        eprintln!(
            "note: {what} needs about {:.1} GB and {:.1} GB are free; skipped",
            need as f64 / 1e9,
            free as f64 / 1e9
        );
    }
    ok
}

/// One store size: its articles and the body length gen-corpus is asked for.
#[derive(Clone, Copy)]
struct Size {
    n: usize,
    body_words: Option<&'static str>,
}

impl Size {
    fn label(self) -> String {
        if self.n >= 1_000_000 {
            format!("{}m", self.n / 1_000_000)
        } else {
            format!("{}k", self.n / 1000)
        }
    }
    fn words(self) -> &'static str {
        self.body_words.unwrap_or("default")
    }
    /// Rough bytes of its corpus and of its store (measured on gen-corpus output: 4.3 KB a
    /// default article as JSON, about 7 KB stored with its index).
    fn bytes(self) -> (u64, u64) {
        let n = self.n as u64;
        match self.body_words {
            None => (n * 4_400, n * 7_500),
            Some(_) => (n * 700, n * 1_600),
        }
    }
}

fn sizes() -> Vec<Size> {
    let mut v = vec![
        Size {
            n: 50_000,
            body_words: None,
        },
        Size {
            n: 100_000,
            body_words: None,
        },
    ];
    if std::env::var("AKHBAR_BENCH_1M").is_ok_and(|v| v == "1") {
        v.push(Size {
            n: 1_000_000,
            body_words: Some("40"),
        });
    }
    v
}

/// The gen-corpus corpus of a size, generated once.
fn corpus(size: Size) -> Option<PathBuf> {
    let tool = tool()?;
    let out = cache_dir().join(format!("corpus-{}-{}.jsonl", size.n, size.words()));
    if out.exists() {
        return Some(out);
    }
    if !fits(size.bytes().0, &format!("the {} corpus", size.label())) {
        return None;
    }
    let partial = out.with_extension("partial");
    let mut cmd = Command::new("python3");
    cmd.arg(&tool)
        .args(["-n", &size.n.to_string(), "-o"])
        .arg(&partial);
    if let Some(w) = size.body_words {
        cmd.args(["--body-words", w]);
    }
    let start = Instant::now();
    if !cmd.status().ok()?.success() || std::fs::rename(&partial, &out).is_err() {
        eprintln!(
            "note: gen-corpus failed; the {} benchmarks skipped",
            size.label()
        );
        let _ = std::fs::remove_file(&partial);
        return None;
    }
    eprintln!(
        "note: generated {} in {:.1} s",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    Some(out)
}

fn open(path: &Path) -> Store {
    let opened =
        Store::open_as(&Location::File(path.to_path_buf()), USER).expect("the store opens");
    assert!(opened.read_only.is_none(), "{:?}", opened.read_only);
    opened.store
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The store of a size: the corpus imported (index written in the same transactions) and the
/// bundled seeds, as `akhbar search` would add them, so the `akhbar` process sees the same
/// store. Reused while it holds the corpus and nothing waits to be indexed.
fn store_for(size: Size, corpus: &Path) -> Option<(PathBuf, Store)> {
    let path = cache_dir().join(format!("store-{}-{}.db", size.n, size.words()));
    if path.exists() {
        let store = open(&path);
        if store.counts().ok()?.all >= size.n && store.unindexed().ok()? == 0 {
            return Some((path, store));
        }
        drop(store);
        remove_db(&path);
    }
    if !fits(size.bytes().1, &format!("the {} store", size.label())) {
        return None;
    }
    let mut store = open(&path);
    let start = Instant::now();
    let stats = store.import_jsonl(corpus, &mut |_, _| {}).ok()?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "note: imported {} articles into {} in {secs:.1} s ({:.0} a second, index included)",
        stats.added,
        path.display(),
        stats.added as f64 / secs
    );
    store
        .import(&akhbar::ingest::load_embedded().articles)
        .ok()?;
    Some((path, store))
}

/// A connection of our own to a store's file, for what the store's interface does not ask:
/// the index's vocabulary, page counts, and every body in one statement.
fn sql(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the store opens read-only")
}

fn body_plan(word: &str) -> Plan {
    Plan::new(query::parse(&format!("body:{word}")).expect("query"))
}

/// A body word the index holds in about `target` bodies, nearest by ratio (gen-corpus draws
/// its words from a fixed vocabulary: nearly every word is in hundreds of bodies or in a
/// handful, so the nearest by difference could be one in 6 bodies for a target of 500): of
/// the vocabulary's words (letters only, at least 3 of them, that tokenize to themselves)
/// the 12 whose body document count is nearest, then the one whose `body:W` query (with its
/// proclitic variants) finds nearest `target` articles. Returns the word and what it finds.
fn pick_word(vocab: &[(String, i64)], store: &Store, target: usize, not: &str) -> (String, usize) {
    let off = |n: usize| (n.max(1) as f64 / target.max(1) as f64).ln().abs();
    let mut near: Vec<&(String, i64)> = vocab.iter().filter(|(t, _)| t != not).collect();
    near.sort_by(|(a, x), (b, y)| {
        off(*x as usize)
            .total_cmp(&off(*y as usize))
            .then_with(|| a.cmp(b))
    });
    near.truncate(12);
    near.iter()
        .map(|(t, _)| {
            let hits = store
                .search_ids(&body_plan(t).text_query())
                .expect("the index answers")
                .len();
            (t.clone(), hits)
        })
        .min_by(|(a, x), (b, y)| off(*x).total_cmp(&off(*y)).then_with(|| a.cmp(b)))
        .expect("a word")
}

/// The word as the corpus writes it most often in the first 50 bodies holding it (its case,
/// its hamza or ta marbuta, without the proclitics before it): the index's tokens are
/// folded, so this is what `rg -F` must be given to find the same word.
fn written_form(store: &Store, word: &str) -> String {
    let ids = store
        .search_ids(&body_plan(word).text_query())
        .unwrap_or_default();
    let mut forms: HashMap<String, usize> = HashMap::new();
    for &id in ids.iter().take(50) {
        let Ok(body) = store.body_text(id) else {
            continue;
        };
        for t in tokens(&body).into_iter().filter(|t| t.text == word) {
            let written = &body[t.range.clone()];
            let stem = written
                .char_indices()
                .map(|(b, _)| &written[b..])
                .find(|w| fold_for_match(w).text == word);
            if let Some(stem) = stem {
                *forms.entry(stem.to_string()).or_default() += 1;
            }
        }
    }
    forms
        .into_iter()
        .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.cmp(a)))
        .map_or_else(|| word.to_string(), |(form, _)| form)
}

/// Every body word the index holds, with the number of bodies it is in.
fn vocabulary(path: &Path) -> Vec<(String, i64)> {
    let conn = sql(path);
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, search_index, 'col')",
    )
    .expect("fts5vocab");
    let mut stmt = conn
        .prepare("SELECT term, doc FROM temp.vocab WHERE col = 'body'")
        .expect("vocab query");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .expect("vocab rows");
    rows.filter_map(Result::ok)
        .filter(|(t, _)| t.chars().count() >= 3 && t.chars().all(char::is_alphabetic))
        .filter(|(t, _)| query_tokens(t) == [t.clone()])
        .collect()
}

/// Page bytes of the index's tables and of the bodies' table, and the bytes stored in
/// `bodies.paragraphs` in bytes (JSON: the text with each paragraph's language and direction;
/// `length` of a text counts chars, which an Arabic body has half as many of).
fn sizes_on_disk(path: &Path) -> (Vec<(String, i64)>, i64, i64) {
    let conn = sql(path);
    let mut stmt = conn
        .prepare(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%' \
             GROUP BY name ORDER BY name",
        )
        .expect("dbstat");
    let fts = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("dbstat rows")
        .filter_map(Result::ok)
        .collect();
    let bodies_pages = conn
        .query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name = 'bodies'",
            [],
            |r| r.get(0),
        )
        .expect("dbstat bodies");
    let bodies_bytes = conn
        .query_row(
            "SELECT sum(length(CAST(paragraphs AS BLOB))) FROM bodies",
            [],
            |r| r.get(0),
        )
        .expect("body bytes");
    (fts, bodies_pages, bodies_bytes)
}

fn report_size(label: &str, path: &Path) {
    let (fts, pages, stored) = sizes_on_disk(path);
    let index: i64 = fts.iter().map(|(_, b)| b).sum();
    let parts: Vec<String> = fts
        .iter()
        .map(|(n, b)| format!("{n} {:.1} MB", *b as f64 / 1e6))
        .collect();
    eprintln!(
        "summary {label} index size: {:.1} MB ({}) for {:.1} MB of stored bodies \
         ({:.1} MB of pages): {:.2}x the stored bodies",
        index as f64 / 1e6,
        parts.join(", "),
        stored as f64 / 1e6,
        pages as f64 / 1e6,
        index as f64 / stored as f64
    );
}

/// What the dashboard holds once a view is loaded: its rows, their filter keys in chunks of
/// a batch each, their ids and the newest date.
struct Loaded {
    rows: Vec<Row>,
    chunks: Arc<Vec<Arc<Keys>>>,
    ids: Arc<Vec<i64>>,
    newest: Option<NaiveDate>,
}

fn load(store: &Store, view: View) -> Loaded {
    let mut rows: Vec<Row> = Vec::new();
    let mut chunks = Vec::new();
    store
        .all_rows(view, ROWS_BATCH, &mut |batch| {
            let mut keys = KeysBuilder::with_capacity(batch.len());
            for r in &batch {
                keys.push(&r.title, r.source.as_deref(), r.date, r.lang);
            }
            chunks.push(Arc::new(keys.finish()));
            rows.extend(batch);
        })
        .expect("rows");
    let ids = Arc::new(rows.iter().map(|r| r.id).collect());
    let newest = rows.iter().filter_map(|r| r.date).max();
    Loaded {
        rows,
        chunks: Arc::new(chunks),
        ids,
        newest,
    }
}

/// The dashboard's Filter effect for a query with words as it was before its first page
/// (every hit ranked before anything is shown): the reference the whole list must equal.
fn dashboard_filter(reader: &Store, loaded: &Loaded, q: &query::Query) -> Option<Vec<Hit>> {
    let cancel = AtomicBool::new(false);
    let plan = Plan::new(q.clone());
    let index_of: HashMap<i64, usize> = loaded
        .ids
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i))
        .collect();
    let answer = rank::ask(
        &plan,
        loaded.newest,
        &|id| index_of.get(&id).copied(),
        &mut |q| reader.search_text(q),
        &mut |q| reader.search_ids(q),
    )
    .unwrap_or_default();
    let ranked = rank::combine(&loaded.chunks, &plan, &answer, &cancel)?;
    Some(
        ranked
            .into_iter()
            .map(|r| Hit {
                index: r.index,
                score: (r.score * 1000.0) as i64,
            })
            .collect(),
    )
}

/// The dashboard's Filter effect as the worker runs it (`ui/worker.rs`, `perform`): the time
/// to its first list (the first page, or the whole list when that came first) and to its
/// whole list, and both lists.
struct Dashboard {
    first: Duration,
    last: Duration,
    first_hits: Vec<Hit>,
    hits: Vec<Hit>,
}

fn dashboard(stores: &Shared, loaded: &Loaded, q: &query::Query) -> Dashboard {
    let effect = Effect::Filter {
        generation: 1,
        query: q.clone(),
        haystacks: Arc::clone(&loaded.chunks),
        within: None,
        ids: Arc::clone(&loaded.ids),
        newest: loaded.newest,
        cancel: Arc::new(AtomicBool::new(false)),
    };
    let start = Instant::now();
    let mut first = None;
    let mut out = None;
    perform(effect, stores, &mut |a| match a {
        Action::FilterPreview { hits, .. } => {
            first.get_or_insert((start.elapsed(), hits));
        }
        Action::FilterReady { hits, .. } => out = Some((start.elapsed(), hits)),
        _ => {}
    });
    let (last, hits) = out.expect("the filter ends with its whole list");
    let (first, first_hits) = first.unwrap_or_else(|| (last, hits.clone()));
    Dashboard {
        first,
        last,
        first_hits,
        hits,
    }
}

fn marks(r: &Row) -> Marks<'_> {
    Marks {
        read: r.read,
        starred: r.starred,
        archived: r.archived,
        tags: &r.tags,
    }
}

/// `akhbar search QUERY --limit N` once the store is open (`cmd/search.rs`, `from_index`
/// and `print`, text output into `out`): returns how many it printed.
fn cli_search(store: &Store, plan: &Plan, view: View, limit: usize, out: &mut Vec<u8>) -> usize {
    let hits = store.search_text(&plan.text_query()).expect("hits");
    let mut excluded = HashSet::new();
    for q in plan.excluded_queries() {
        excluded.extend(store.search_ids(&q).expect("excluded"));
    }
    let newest = store.newest_date(view).expect("newest");
    // A batch of ids at a time, as `from_index` asks (`dates_of`).
    let lookup = |ids: &[i64]| -> akhbar::store::Result<Vec<_>> {
        let dates = store.dates_of(ids)?;
        Ok(ids
            .iter()
            .zip(dates)
            .map(|(&id, date)| date.map(|d| (d, id)))
            .collect())
    };
    let marked = plan.marked_tokens();
    let mut shown = 0;
    for r in TopDown::new(hits, &excluded, newest, lookup) {
        if shown == limit {
            break;
        }
        let (id, score) = r.expect("a ranked hit");
        let row = store.row(id).expect("row");
        if !(view.holds(&row) && plan.admits_marks(&marks(&row))) {
            continue;
        }
        shown += 1;
        let article = store.article(id).expect("article");
        let paras: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let snip = rank::snippet(&paras, &marked);
        let _ = writeln!(
            out,
            "{:>7.2}  {}  {}",
            score,
            row.source.as_deref().unwrap_or("-"),
            row.title
        );
        if let Some(s) = &snip {
            let _ = writeln!(out, "         {}", s.text);
        }
    }
    shown
}

/// Every body in the store, read in one statement, each handed to `f` as its paragraphs.
fn each_body(conn: &rusqlite::Connection, f: &mut dyn FnMut(&[Paragraph])) {
    let mut stmt = conn
        .prepare_cached("SELECT paragraphs FROM bodies")
        .expect("bodies");
    let mut rows = stmt.query([]).expect("bodies");
    while let Some(r) = rows.next().expect("a body") {
        let json = r.get_ref(0).expect("paragraphs").as_str().expect("text");
        let paras: Vec<Paragraph> = serde_json::from_str(json).unwrap_or_default();
        f(&paras);
    }
}

/// A plain scan with the dashboard's old rule for `body:` (`search::body_holds`: the folded
/// term anywhere in the folded body, the paragraphs joined by newlines as `body_text` gives
/// them): how many bodies hold it.
fn scan_substring(conn: &rusqlite::Connection, term: &str) -> usize {
    let mut n = 0;
    let mut text = String::new();
    each_body(conn, &mut |paras| {
        text.clear();
        for (i, p) in paras.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&p.text);
        }
        n += usize::from(body_holds(&text, &[term]));
    });
    n
}

/// A plain scan with the index's rule: each body tokenized as the index is fed, and counted
/// when a token is the word or one of its proclitic variants. The index's answer, without it.
fn scan_tokens(conn: &rusqlite::Connection, word: &str) -> usize {
    let wanted: HashSet<String> = variants(word).into_iter().collect();
    let (mut n, mut toks, mut scratch) = (0, String::new(), String::new());
    each_body(conn, &mut |paras| {
        toks.clear();
        for p in paras {
            index_text(&p.text, &mut toks, &mut scratch);
        }
        n += usize::from(toks.split(' ').any(|t| wanted.contains(t)));
    });
    n
}

/// CPU seconds of this process (every thread) plus those of its waited-for children.
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime and getrusage only write the structs they are given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9 + tv(u.ru_utime) + tv(u.ru_stime)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One method's answer in the table: what it found, median wall and CPU milliseconds, runs.
#[derive(Clone, Default)]
struct Cell {
    found: Option<usize>,
    wall_ms: f64,
    cpu_ms: f64,
    runs: usize,
    note: Option<String>,
}

/// Runs `f` [`ROUNDS`] times (3 when the first run took over 2 s): the last answer and the
/// median wall and CPU time.
fn measure(mut f: impl FnMut() -> Option<usize>) -> Cell {
    let (mut walls, mut cpus, mut found) = (Vec::new(), Vec::new(), None);
    let mut rounds = ROUNDS;
    let mut i = 0;
    while i < rounds {
        let (w0, c0) = (Instant::now(), cpu_seconds());
        found = f();
        walls.push(w0.elapsed().as_secs_f64() * 1e3);
        cpus.push((cpu_seconds() - c0) * 1e3);
        if i == 0 && walls[0] > 2000.0 {
            rounds = 3;
        }
        i += 1;
    }
    Cell {
        found,
        wall_ms: median(walls),
        cpu_ms: median(cpus),
        runs: rounds,
        note: None,
    }
}

/// Like [`measure`] for a step timed inside a larger one (the first page of a filter job):
/// `f` gives the step's wall time and what it found; CPU time is the whole call's.
fn measure_timed(mut f: impl FnMut() -> (Duration, usize)) -> Cell {
    let (mut walls, mut cpus, mut found) = (Vec::new(), Vec::new(), None);
    for _ in 0..ROUNDS {
        let c0 = cpu_seconds();
        let (wall, n) = f();
        found = Some(n);
        walls.push(wall.as_secs_f64() * 1e3);
        cpus.push((cpu_seconds() - c0) * 1e3);
    }
    Cell {
        found,
        wall_ms: median(walls),
        cpu_ms: median(cpus),
        runs: ROUNDS,
        note: None,
    }
}

fn rg_available() -> bool {
    Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `rg -c -F WORD corpus.jsonl`: the lines (articles, title included, as written, not
/// folded) holding the bytes of the word.
fn rg_count(corpus: &Path, word: &str) -> Option<usize> {
    let out = Command::new("rg")
        .args(["-c", "-F", word])
        .arg(corpus)
        .output()
        .ok()?;
    // Exit code 1: no line matched.
    match out.status.code() {
        Some(0) => String::from_utf8_lossy(&out.stdout).trim().parse().ok(),
        Some(1) => Some(0),
        _ => None,
    }
}

/// The `akhbar` binary of this build: `akhbar --store DB --user bench search --json --limit
/// 50 'body:W'`, from process start to exit; the results it printed.
fn akhbar_search(db: &Path, word: &str) -> Option<usize> {
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .arg("--store")
        .arg(db)
        .args(["--user", USER, "search", "--json", "--limit", "50"])
        .arg(format!("body:{word}"))
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "note: akhbar search failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    Some(out.stdout.iter().filter(|&&b| b == b'\n').count())
}

/// One row of the closing table.
struct Line {
    size: String,
    kind: &'static str,
    word: String,
    /// The word as the corpus writes it, for `rg -F`.
    written: String,
    cells: Vec<(&'static str, Cell)>,
}

/// The build benchmarks: 10,000 articles imported with the index in the same transaction,
/// the index alone rebuilt over them, and the tokenizer alone.
fn build(c: &mut Criterion) {
    let size = Size {
        n: BUILD_N,
        body_words: None,
    };
    let Some(corpus) = corpus(size) else {
        return;
    };
    // The store the rebuilds start from, imported once and copied for each run.
    let base = cache_dir().join("build-base-10000.db");
    if !base.exists() || open(&base).counts().map(|k| k.all).unwrap_or(0) < BUILD_N {
        remove_db(&base);
        let mut store = open(&base);
        store.import_jsonl(&corpus, &mut |_, _| {}).expect("import");
        // Dropping the only connection checkpoints the WAL into the file.
    }
    let mut bodies: Vec<Vec<Paragraph>> = Vec::new();
    each_body(&sql(&base), &mut |p| bodies.push(p.to_vec()));
    let text_bytes: usize = bodies.iter().flatten().map(|p| p.text.len()).sum();

    let mut g = c.benchmark_group("fulltext build 10k");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(BUILD_N as u64));
    let mut imports: Vec<f64> = Vec::new();
    g.bench_function("import_jsonl 10k, index in the same transaction", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let store = open(&dir.path().join("akhbar.db"));
                (dir, store)
            },
            |(dir, mut store)| {
                let start = Instant::now();
                let stats = store.import_jsonl(&corpus, &mut |_, _| {}).unwrap();
                imports.push(start.elapsed().as_secs_f64());
                assert_eq!(stats.added, BUILD_N);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    // The same import with the index step switched off: each new article only put in line
    // for the index, as the articles of a store older than the index wait.
    let mut plain_imports: Vec<f64> = Vec::new();
    g.bench_function("import_jsonl 10k, index deferred (no index written)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let mut store = open(&dir.path().join("akhbar.db"));
                store.defer_index(true);
                (dir, store)
            },
            |(dir, mut store)| {
                let start = Instant::now();
                let stats = store.import_jsonl(&corpus, &mut |_, _| {}).unwrap();
                plain_imports.push(start.elapsed().as_secs_f64());
                assert_eq!(stats.added, BUILD_N);
                assert_eq!(store.unindexed().unwrap(), BUILD_N);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    let (mut rebuilds, mut resets, mut batches) = (Vec::new(), Vec::new(), Vec::new());
    let mut built = None;
    g.bench_function("reindex + index_pending(2000) until done, 10k", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let path = dir.path().join("akhbar.db");
                std::fs::copy(&base, &path).expect("copy the base store");
                let store = open(&path);
                (dir, store)
            },
            |(dir, mut store)| {
                let start = Instant::now();
                let waiting = store.reindex().unwrap();
                resets.push(start.elapsed().as_secs_f64());
                let mut done = 0;
                loop {
                    let t = Instant::now();
                    let step = store.index_pending(REINDEX_BATCH).unwrap();
                    batches.push(t.elapsed().as_secs_f64());
                    done += step.done;
                    if step.left == 0 || step.done == 0 {
                        break;
                    }
                }
                rebuilds.push(start.elapsed().as_secs_f64());
                assert_eq!(done, waiting);
                built = Some(done);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("index_text over 10k bodies (tokenizer alone)", |b| {
        let mut scratch = String::new();
        b.iter(|| {
            let mut n = 0;
            let mut out = String::new();
            for body in &bodies {
                out.clear();
                for p in body {
                    index_text(&p.text, &mut out, &mut scratch);
                }
                n += out.len();
            }
            n
        })
    });
    g.finish();
    let mut tokenize = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let (mut out, mut scratch) = (String::new(), String::new());
        for body in &bodies {
            out.clear();
            for p in body {
                index_text(&p.text, &mut out, &mut scratch);
            }
        }
        tokenize.push(start.elapsed().as_secs_f64());
    }
    let n = BUILD_N as f64;
    let (import, rebuild) = (median(imports.clone()), median(rebuilds.clone()));
    let tok = median(tokenize);
    eprintln!(
        "summary build 10k: import with the index {import:.2} s median of {} runs \
         ({:.0} articles/s); reindex + index_pending {rebuild:.2} s median of {} runs \
         ({:.0} articles/s; reindex() {:.0} ms, a batch of {REINDEX_BATCH} {:.0} ms median); \
         tokenizer alone {tok:.2} s ({:.0} articles/s, {:.1} MB/s of body text)",
        imports.len(),
        n / import,
        rebuilds.len(),
        n / rebuild,
        median(resets) * 1e3,
        median(batches) * 1e3,
        n / tok,
        text_bytes as f64 / 1e6 / tok
    );
    let plain = median(plain_imports.clone());
    eprintln!(
        "summary build 10k: import with the index deferred (none written) {plain:.2} s median \
         of {} runs ({:.0} articles/s); with the index, {:.2}x as fast as without (the target: \
         at least 0.5x); the index's share of an import {:.0}%",
        plain_imports.len(),
        n / plain,
        plain / import,
        100.0 * (import - plain) / import
    );
    if let Some(done) = built {
        eprintln!("summary build 10k: {done} articles indexed per rebuild");
    }
    report_size("10k", &base);
}

/// The query benchmarks and the closing table.
fn queries(c: &mut Criterion) {
    if std::env::var("AKHBAR_BENCH_BUILD_ONLY").is_ok_and(|v| v == "1") {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    let rg = rg_available();
    for size in sizes() {
        let Some(corpus) = corpus(size) else {
            continue;
        };
        let Some((db, store)) = store_for(size, &corpus) else {
            continue;
        };
        let label = size.label();
        report_size(&label, &db);
        let start = Instant::now();
        let vocab = vocabulary(&db);
        let (common, common_hits) = pick_word(&vocab, &store, size.n / 2, "");
        let (rare, rare_hits) = pick_word(&vocab, &store, size.n / 100, &common);
        drop(vocab);
        eprintln!(
            "summary {label} words (picked in {:.1} s): common {common:?} in {common_hits} \
             bodies ({:.1}%), rare {rare:?} in {rare_hits} ({:.2}%)",
            start.elapsed().as_secs_f64(),
            100.0 * common_hits as f64 / size.n as f64,
            100.0 * rare_hits as f64 / size.n as f64
        );
        let start = Instant::now();
        let loaded = load(&store, View::Unread);
        eprintln!(
            "summary {label}: {} unread rows loaded and keyed in {:.1} s",
            loaded.rows.len(),
            start.elapsed().as_secs_f64()
        );
        let reader = store.reader().expect("a reader");
        let stores = Shared::new(store.reader().expect("a reader")).expect("a shared store");
        let words = [("common", common.clone()), ("rare", rare.clone())];
        let plans: Vec<(&str, String, Plan)> = words
            .iter()
            .map(|(k, w)| (*k, w.clone(), body_plan(w)))
            .collect();
        let written: Vec<String> = plans
            .iter()
            .map(|(_, w, _)| written_form(&store, w))
            .collect();
        for (_, _, plan) in &plans {
            assert!(plan.key_query().is_empty() && !plan.has_fuzzy());
        }

        let mut g = c.benchmark_group(format!("fulltext {label}"));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(3));
        for (kind, _, plan) in &plans {
            let q = plan.text_query();
            g.bench_function(format!("search_text body:{kind}"), |b| {
                b.iter(|| reader.search_text(&q).unwrap().len())
            });
        }
        for (kind, _, plan) in &plans {
            // The whole list is today's exact ranking, and the first page is ranked as the
            // whole list ranks its hits.
            let d = dashboard(&stores, &loaded, plan.query());
            let exact = dashboard_filter(&reader, &loaded, plan.query()).expect("not cancelled");
            assert_eq!(
                d.hits, exact,
                "{label} {kind}: the whole list is the exact ranking"
            );
            let on_page: HashSet<usize> = d.first_hits.iter().map(|h| h.index).collect();
            let order: Vec<&Hit> = exact
                .iter()
                .filter(|h| on_page.contains(&h.index))
                .collect();
            assert_eq!(order.len(), d.first_hits.len());
            assert!(order.iter().zip(&d.first_hits).all(|(a, b)| *a == b));
            g.bench_function(
                format!("dashboard before: every hit ranked body:{kind}"),
                |b| b.iter(|| dashboard_filter(&reader, &loaded, plan.query()).map(|h| h.len())),
            );
            g.bench_function(format!("dashboard first page body:{kind}"), |b| {
                b.iter_custom(|n| {
                    (0..n)
                        .map(|_| dashboard(&stores, &loaded, plan.query()).first)
                        .sum()
                })
            });
            g.bench_function(format!("dashboard whole list body:{kind}"), |b| {
                b.iter_custom(|n| {
                    (0..n)
                        .map(|_| dashboard(&stores, &loaded, plan.query()).last)
                        .sum()
                })
            });
        }
        for (kind, _, plan) in &plans {
            let mut out = Vec::with_capacity(1 << 16);
            g.bench_function(format!("search --limit 50 body:{kind}"), |b| {
                b.iter(|| {
                    out.clear();
                    cli_search(&store, plan, View::Unread, 50, &mut out)
                })
            });
        }
        g.finish();

        // The table: the same queries, by each way of answering them, in this run.
        let conn = sql(&db);
        for ((kind, word, plan), written) in plans.iter().zip(&written) {
            let q = plan.text_query();
            let mut cells = vec![
                (
                    "index search_text",
                    measure(|| Some(reader.search_text(&q).ok()?.len())),
                ),
                (
                    "dashboard before (all ranked)",
                    measure(|| Some(dashboard_filter(&reader, &loaded, plan.query())?.len())),
                ),
                (
                    "dashboard first page",
                    measure_timed(|| {
                        let d = dashboard(&stores, &loaded, plan.query());
                        (d.first, d.first_hits.len())
                    }),
                ),
                (
                    "dashboard whole list",
                    measure_timed(|| {
                        let d = dashboard(&stores, &loaded, plan.query());
                        (d.last, d.hits.len())
                    }),
                ),
                (
                    "search --limit 50",
                    measure(|| {
                        let mut out = Vec::new();
                        Some(cli_search(&store, plan, View::Unread, 50, &mut out))
                    }),
                ),
                (
                    "akhbar search process",
                    measure(|| akhbar_search(&db, word)),
                ),
                (
                    "scan: index's tokens",
                    measure(|| Some(scan_tokens(&conn, word))),
                ),
                (
                    "scan: folded substring",
                    measure(|| Some(scan_substring(&conn, &plan.body_terms()[0]))),
                ),
            ];
            let rg_cell = if rg {
                measure(|| rg_count(&corpus, written))
            } else {
                Cell {
                    note: Some("rg is not installed".into()),
                    ..Cell::default()
                }
            };
            cells.push(("rg -c -F corpus.jsonl", rg_cell));
            lines.push(Line {
                size: label.clone(),
                kind,
                word: word.clone(),
                written: written.clone(),
                cells,
            });
        }
        drop(reader);
        drop(stores);
    }
    print_table(&lines);
}

fn print_table(lines: &[Line]) {
    if lines.is_empty() {
        return;
    }
    eprintln!();
    eprintln!(
        "fulltext: the same body:W query answered each way, measured in this run \
         (found: articles or lines; median wall ms / CPU ms of N runs)"
    );
    eprintln!(
        "{:<5} {:<7} {:<27} {:>9} {:>11} {:>11} {:>4}",
        "size", "word", "method", "found", "wall ms", "cpu ms", "runs"
    );
    for l in lines {
        for (method, cell) in &l.cells {
            match &cell.note {
                Some(note) => eprintln!("{:<5} {:<7} {method:<27} {note}", l.size, l.kind),
                None => eprintln!(
                    "{:<5} {:<7} {method:<27} {:>9} {:>11.2} {:>11.2} {:>4}",
                    l.size,
                    l.kind,
                    cell.found.map_or("-".to_string(), |n| n.to_string()),
                    cell.wall_ms,
                    cell.cpu_ms,
                    cell.runs
                ),
            }
        }
    }
    eprintln!("words:");
    for l in lines {
        eprintln!(
            "  {} {}: {:?} (rg -F {:?})",
            l.size, l.kind, l.word, l.written
        );
    }
    eprintln!(
        "notes: 'dashboard' found = the Filter effect's hits (its first page: the newest \
         stored hits ranked among themselves; its whole list: every hit ranked, which 'before' \
         was the only list); 'search --limit 50' is in-process after the store is open; the process row \
         includes starting akhbar, opening the store and importing the bundled seeds; the \
         scans read every body in one SQL statement and parse its JSON; rg counts lines of \
         the corpus holding the word as written (title included, bytes, substring)."
    );
}

criterion_group!(benches, build, queries);
criterion_main!(benches);
