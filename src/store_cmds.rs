//! The binary's commands that go through the store: opening it as the flags say, `list`,
//! `import` and `export`. Part of the binary (uses anyhow), not of the library.

use akhbar::ingest;
use akhbar::model::Article;
use akhbar::store::{ExportFormat, Location, Opened, Row, Store, View};
use anyhow::Context;
use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Opens the store the flags and environment name; read-only reasons and notices are
/// printed as warnings when `quiet` is false (the dashboard shows them itself).
pub fn open(flag: Option<&OsStr>, quiet: bool) -> anyhow::Result<Opened> {
    let location = Location::resolve(flag)
        .context("no place for the store: set --store, AKHBAR_STORE or HOME")?;
    let opened = Store::open(&location).with_context(|| location.display())?;
    if !quiet {
        if let Some(why) = &opened.read_only {
            eprintln!("akhbar: warning: store is read-only: {why}");
        }
        for n in &opened.notices {
            eprintln!("akhbar: warning: {n}");
        }
    }
    Ok(opened)
}

/// Puts the bundled seeds in the store (duplicates are skipped, so this is cheap after the
/// first run). A read-only store keeps what it has.
pub fn import_seeds(store: &mut Store) -> Vec<String> {
    let loaded = ingest::load_embedded();
    let mut warnings = loaded.warnings;
    if !store.is_read_only() {
        if let Err(e) = store.import(&loaded.articles) {
            warnings.push(e.to_string());
        }
    }
    warnings
}

pub fn view(name: &str) -> anyhow::Result<View> {
    View::parse(name)
        .with_context(|| format!("unknown view {name:?}: use unread, starred, archived or all"))
}

/// `akhbar list`: the given paths (imported into the store, so their triage state shows) or
/// a view of the store; a table for people, JSON Lines with `--json`.
pub fn list(
    flag: Option<&OsStr>,
    paths: &[PathBuf],
    view_name: &str,
    json: bool,
) -> anyhow::Result<()> {
    let view = view(view_name)?;
    let mut store = open(flag, false)?.store;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if paths.is_empty() {
        for w in import_seeds(&mut store) {
            eprintln!("akhbar: warning: {w}");
        }
        // Streamed row by row: a store of 100k articles is never held in memory.
        let mut failed = None;
        store.all_rows(view, 1000, &mut |batch| {
            for row in batch {
                if failed.is_some() {
                    return;
                }
                let printed = store
                    .article(row.id)
                    .map_err(anyhow::Error::from)
                    .and_then(|a| print_item(&mut out, Some(&row), &a, json));
                if let Err(e) = printed {
                    failed = Some(e);
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        let loaded = ingest::load_paths(paths)?;
        for w in &loaded.warnings {
            eprintln!("akhbar: warning: {w}");
        }
        if loaded.articles.is_empty() {
            anyhow::bail!("no articles could be loaded from the given paths");
        }
        // A read-only store still lists the files, without triage state.
        let ids = match store.import(&loaded.articles) {
            Ok(stats) => stats.ids.into_iter().map(Some).collect(),
            Err(_) => vec![None; loaded.articles.len()],
        };
        for (id, article) in ids.into_iter().zip(&loaded.articles) {
            let row = id.and_then(|id| store.row(id).ok());
            print_item(&mut out, row.as_ref(), article, json)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One line of `akhbar list`: JSON, or a row of the table.
fn print_item(
    out: &mut impl Write,
    row: Option<&Row>,
    a: &Article,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let v = serde_json::json!({
            "id": a.id,
            "store_id": row.map(|r| r.id),
            "title": a.title,
            "source": a.source,
            "author": a.author,
            "date": a.date.map(|d| d.to_string()),
            "lang": a.lang.code(),
            "dir": a.dir.code(),
            "paragraphs": a.paragraphs.len(),
            "words": a.word_count(),
            "path": a.origin.path(),
            "read": row.map(|r| r.read),
            "starred": row.map(|r| r.starred),
            "archived": row.map(|r| r.archived),
            "tags": row.map(|r| r.tags.clone()).unwrap_or_default(),
        });
        writeln!(out, "{v}")?;
    } else {
        let date = a
            .date
            .map_or_else(|| "no date".to_string(), |d| d.to_string());
        let mark = match row {
            Some(r) if r.starred => "★",
            Some(r) if !r.read => "●",
            _ => " ",
        };
        writeln!(
            out,
            "{mark} {date:<10}  {:<5}  {:>3}  {}  {}",
            a.lang.code(),
            a.paragraphs.len(),
            a.source.as_deref().unwrap_or("-"),
            a.title
        )?;
    }
    Ok(())
}

/// `akhbar import`: corpora stream in batches with a progress bar on a terminal; files and
/// folders go in one transaction each. Ends with a summary line on stderr.
pub fn import(flag: Option<&OsStr>, paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut store = open(flag, false)?.store;
    anyhow::ensure!(
        !store.is_read_only(),
        "the store is read-only: {}",
        store.read_only_reason().unwrap_or("")
    );
    ingest::check_paths(paths)?;
    let (mut added, mut duplicates) = (0, 0);
    let started = std::time::Instant::now();
    for path in paths {
        let corpus = path.extension().and_then(|e| e.to_str()) == Some("jsonl");
        let stats = if corpus {
            let bar = progress_bar(path)?;
            let stats = store.import_jsonl(path, &mut |done, total| {
                if let Some(b) = &bar {
                    b.set_length(total);
                    b.set_position(done);
                }
            });
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            stats?
        } else {
            let loaded = ingest::load_paths(std::slice::from_ref(path))?;
            for w in &loaded.warnings {
                eprintln!("akhbar: warning: {w}");
            }
            store.import(&loaded.articles)?
        };
        for w in &stats.warnings {
            eprintln!("akhbar: warning: {w}");
        }
        added += stats.added;
        duplicates += stats.duplicates;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "akhbar: {added} articles added, {duplicates} duplicates skipped in {secs:.1} s ({:.0} a second)",
        (added + duplicates) as f64 / secs.max(1e-6)
    );
    Ok(())
}

fn progress_bar(path: &std::path::Path) -> anyhow::Result<Option<indicatif::ProgressBar>> {
    if !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let total = std::fs::metadata(path)?.len();
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.set_style(style.progress_chars("=> "));
    bar.set_message(path.display().to_string());
    Ok(Some(bar))
}

/// `akhbar export`.
pub fn export(
    flag: Option<&OsStr>,
    view_name: &str,
    tag: Option<&str>,
    format: &str,
) -> anyhow::Result<()> {
    let view = view(view_name)?;
    let format = ExportFormat::parse(format)
        .with_context(|| format!("unknown format {format:?}: use json, markdown or opml"))?;
    let mut store = open(flag, false)?.store;
    for w in import_seeds(&mut store) {
        eprintln!("akhbar: warning: {w}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    store.export(view, tag, format, &mut out)?;
    out.flush()?;
    Ok(())
}

/// What `akhbar search` was asked.
pub struct SearchArgs<'a> {
    pub query: &'a str,
    pub json: bool,
    pub limit: Option<usize>,
    pub view: &'a str,
    pub paths: &'a [PathBuf],
}

/// `akhbar search`: the same parsing, folding and ranking as the dashboard's filter, over
/// the store's view or the articles of the given paths (imported, as `list` does).
pub fn search(flag: Option<&OsStr>, args: &SearchArgs) -> anyhow::Result<()> {
    use akhbar::search::plan::{Marks, Plan};
    use akhbar::search::query;
    use akhbar::search::{filter_top, match_ranges, Keys, KeysBuilder};
    let parsed = query::parse(args.query).map_err(|e| anyhow::anyhow!("query: {e}"))?;
    let plan = Plan::new(parsed);
    let view = view(args.view)?;
    let mut store = open(flag, false)?.store;
    fn marks(r: &Row) -> Marks<'_> {
        Marks {
            read: r.read,
            starred: r.starred,
            archived: r.archived,
            tags: &r.tags,
        }
    }
    // Triage clauses are checked against the rows first, by the plan the dashboard uses; only
    // the rows they admit are folded and scored.
    let admits = |r: &Row| plan.admits_marks(&marks(r));
    // Rows are folded on a second thread as the store hands them over, so folding costs
    // next to nothing on top of reading them.
    type Folded = (Vec<Row>, Vec<std::sync::Arc<Keys>>);
    let (rows, haystacks) = std::thread::scope(|scope| -> anyhow::Result<Folded> {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<Row>>();
        let folder = scope.spawn(|| {
            let mut rows: Vec<Row> = Vec::new();
            let mut chunks: Vec<std::sync::Arc<Keys>> = Vec::new();
            for batch in rx {
                let start = rows.len();
                rows.extend(batch.into_iter().filter(|r| admits(r)));
                let mut keys = KeysBuilder::with_capacity(rows.len() - start);
                for r in &rows[start..] {
                    keys.push(&r.title, r.source.as_deref(), r.date, r.lang);
                }
                chunks.push(std::sync::Arc::new(keys.finish()));
            }
            (rows, chunks)
        });
        if args.paths.is_empty() {
            for w in import_seeds(&mut store) {
                eprintln!("akhbar: warning: {w}");
            }
            store.all_rows(view, 2000, &mut |batch| {
                let _ = tx.send(batch);
            })?;
        } else {
            let loaded = ingest::load_paths(args.paths)?;
            for w in &loaded.warnings {
                eprintln!("akhbar: warning: {w}");
            }
            let stats = store.import(&loaded.articles)?;
            let mut seen = std::collections::HashSet::new();
            let mut batch = Vec::new();
            for id in stats.ids {
                if seen.insert(id) {
                    batch.push(store.row(id)?);
                }
            }
            let _ = tx.send(batch);
        }
        drop(tx);
        folder
            .join()
            .map_err(|_| anyhow::anyhow!("folding titles failed"))
    })?;
    let limit = args.limit.unwrap_or(usize::MAX);
    // Without clauses that need the store per article, only the first `limit` hits need
    // putting in order.
    let top = if plan.wants_facts() || plan.wants_body() {
        usize::MAX
    } else {
        limit
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let hits = filter_top(&haystacks, plan.query(), None, &cancel, top).unwrap_or_default();
    drop(haystacks);
    // From here on the store is read (rows' entities, bodies) and its facts cache filled.
    let store = akhbar::store::Shared::new(store)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut shown = 0;
    for hit in &hits {
        if shown == limit {
            break;
        }
        let r = &rows[hit.index];
        // `fact:` reads the article's entities (the facts cache, or extracted and cached),
        // `body:` its body: each only for an article that passed everything before it.
        let mut body_error = None;
        let admitted = plan.admits(
            &marks(r),
            || plan.admits_entities(&entity_keys(&store, r.id)),
            || match store.reader().body_text(r.id) {
                Ok(body) => plan.admits_body(&body),
                Err(e) => {
                    body_error = Some(e);
                    false
                }
            },
        );
        if let Some(e) = body_error {
            return Err(e.into());
        }
        if !admitted {
            continue;
        }
        shown += 1;
        if args.json {
            let ranges: Vec<[usize; 2]> = match_ranges(&r.title, plan.query())
                .into_iter()
                .map(|m| [m.start, m.end])
                .collect();
            let v = serde_json::json!({
                "id": r.key,
                "store_id": r.id,
                "score": hit.score,
                "title": r.title,
                "source": r.source,
                "date": r.date.map(|d| d.to_string()),
                "matches": ranges,
            });
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{:>5}  {}  {}",
                hit.score,
                r.source.as_deref().unwrap_or("-"),
                r.title
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The folded entity keys of an article (no facts when it cannot be read).
fn entity_keys(store: &akhbar::store::Shared, id: i64) -> Vec<String> {
    let facts = akhbar::store::Extractor {
        version: akhbar::facts::EXTRACTOR_VERSION,
        extract: &akhbar::facts::extract_article,
    };
    store
        .cached_or_extract(&[id], &[], &facts)
        .pop()
        .map(|(_, f)| f.entity_keys())
        .unwrap_or_default()
}
