//! `akhbar search`: the dashboard's query language and ranking over the store or the paths given.

use akhbar::ingest;
use akhbar::store::Row;
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use super::*;

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
                crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
            }
            store.all_rows(view, 2000, &mut |batch| {
                let _ = tx.send(batch);
            })?;
        } else {
            let loaded = ingest::load_paths(args.paths)?;
            for w in &loaded.warnings {
                crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
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
