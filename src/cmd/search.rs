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
    use akhbar::search::plan::Plan;
    use akhbar::search::query;
    let parsed = query::parse(args.query).map_err(|e| anyhow::anyhow!("query: {e}"))?;
    let plan = Plan::new(parsed);
    let view = view(args.view)?;
    let mut store = open(flag, false)?.store;
    if args.paths.is_empty() {
        for w in import_seeds(&mut store) {
            crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
        }
        // Words and no fuzzy part: the index alone answers, and only the rows shown are read.
        if !plan.has_fuzzy() && !plan.text_query().is_empty() {
            return from_index(store, &plan, view, args);
        }
    }
    from_rows(store, &plan, view, args)
}

fn marks(r: &Row) -> akhbar::search::plan::Marks<'_> {
    akhbar::search::plan::Marks {
        read: r.read,
        starred: r.starred,
        archived: r.archived,
        tags: &r.tags,
    }
}

/// One result to print: the row, its score, and whether the full-text index found it (only
/// those have a body snippet).
struct Found {
    row: Row,
    score: f64,
    text: bool,
}

/// The ranked answer from the index's hits and their dates alone; each row is read as it
/// comes up, and triage and key clauses (`source:`, dates, languages) are checked on it.
fn from_index(
    store: akhbar::store::Store,
    plan: &akhbar::search::plan::Plan,
    view: akhbar::store::View,
    args: &SearchArgs,
) -> anyhow::Result<()> {
    use akhbar::search::{filter_within, KeysBuilder};
    let hits = store.search_text(&plan.text_query())?;
    let mut excluded = std::collections::HashSet::new();
    for q in plan.excluded_queries() {
        excluded.extend(store.search_ids(&q)?);
    }
    let newest = store.newest_date(view)?;
    let key_query = plan.key_query();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let keys_admit = |r: &Row| {
        if key_query.is_empty() {
            return true;
        }
        let mut keys = KeysBuilder::with_capacity(1);
        keys.push(&r.title, r.source.as_deref(), r.date, r.lang);
        let chunks = [std::sync::Arc::new(keys.finish())];
        filter_within(&chunks, &key_query, None, &cancel).is_some_and(|h| !h.is_empty())
    };
    // One connection reads the dates (for the ranking), the rows it hands out and their
    // bodies: each connection maps the file afresh. The ranking's order does not depend on
    // the view, so rows are checked against it once handed out.
    let lookup = |ids: &[i64]| -> anyhow::Result<Vec<_>> {
        let dates = store.dates_of(ids)?;
        Ok(ids
            .iter()
            .zip(dates)
            .map(|(&id, date)| date.map(|d| (d, id)))
            .collect())
    };
    let ranked = akhbar::search::rank::TopDown::new(hits, &excluded, newest, lookup);
    let found = ranked.filter_map(|r| {
        let (row, score) = match r.and_then(|(id, score)| Ok((store.row(id)?, score))) {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let held = view.holds(&row) && plan.admits_marks(&marks(&row)) && keys_admit(&row);
        held.then_some(Ok(Found {
            row,
            score,
            text: true,
        }))
    });
    // `fact:` reads entities through the facts cache, on a store shared for it alone.
    let facts = if plan.wants_facts() {
        Some(akhbar::store::Shared::new(store.reader()?)?)
    } else {
        None
    };
    let entities = |id| {
        facts
            .as_ref()
            .map(|f| entity_keys(f, id))
            .unwrap_or_default()
    };
    print(plan, args, found, &|id| Ok(store.article(id)?), &entities)
}

/// The ranked answer over every row of the view (or of the paths given): the rows are read
/// and their titles folded, for the fuzzy title pass.
fn from_rows(
    mut store: akhbar::store::Store,
    plan: &akhbar::search::plan::Plan,
    view: akhbar::store::View,
    args: &SearchArgs,
) -> anyhow::Result<()> {
    use akhbar::search::rank::{combine, Ranked};
    use akhbar::search::{filter_top, Keys, KeysBuilder};
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
    let cancel = std::sync::atomic::AtomicBool::new(false);
    // The index answers for store ids; the rows give them their places in the list.
    let index_of: std::collections::HashMap<i64, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let text = plan.text_query();
    let answer = {
        let reader = store.reader()?;
        akhbar::search::rank::ask(
            plan,
            rows.iter().filter_map(|r| r.date).max(),
            &|id| index_of.get(&id).copied(),
            &mut |q| reader.search_text(q),
            &mut |q| reader.search_ids(q),
        )?
    };
    let hits = if text.is_empty() {
        // No words at all: the filter alone, scored as before (0 for every article).
        filter_top(&haystacks, plan.query(), None, &cancel, usize::MAX)
            .unwrap_or_default()
            .into_iter()
            .filter(|h| !answer.excluded.contains(&h.index))
            .map(|h| Ranked {
                index: h.index,
                score: h.score as f64,
                text: false,
            })
            .collect()
    } else {
        combine(&haystacks, plan, &answer, &cancel).unwrap_or_default()
    };
    drop(haystacks);
    let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    let found = hits.into_iter().filter_map(move |hit| {
        rows[hit.index].take().map(|row| {
            Ok(Found {
                row,
                score: hit.score,
                text: hit.text,
            })
        })
    });
    let store = akhbar::store::Shared::new(store)?;
    print(
        plan,
        args,
        found,
        &|id| Ok(store.reader().article(id)?),
        &|id| entity_keys(&store, id),
    )
}

/// Prints the results in rank order up to the limit, the `fact:` clauses checked on each (its
/// entities read from the facts cache, or extracted and cached), with a body snippet for
/// each article the index found.
fn print(
    plan: &akhbar::search::plan::Plan,
    args: &SearchArgs,
    found: impl Iterator<Item = anyhow::Result<Found>>,
    article: &dyn Fn(i64) -> anyhow::Result<akhbar::model::Article>,
    entities: &dyn Fn(i64) -> Vec<String>,
) -> anyhow::Result<()> {
    use akhbar::search::match_ranges;
    use akhbar::search::rank::snippet;
    let limit = args.limit.unwrap_or(usize::MAX);
    let marked = plan.marked_tokens();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut shown = 0;
    for f in found {
        if shown == limit {
            break;
        }
        let Found {
            row: r,
            score,
            text,
        } = f?;
        // The index has already answered for the body.
        let admitted = plan.admits(
            &marks(&r),
            || plan.admits_entities(&entities(r.id)),
            || true,
        );
        if !admitted {
            continue;
        }
        shown += 1;
        let snip = if text {
            let article = article(r.id)?;
            let paras: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            snippet(&paras, &marked)
        } else {
            None
        };
        if args.json {
            let ranges: Vec<[usize; 2]> = match_ranges(&r.title, plan.query())
                .into_iter()
                .map(|m| [m.start, m.end])
                .collect();
            let v = serde_json::json!({
                "id": r.key,
                "store_id": r.id,
                "score": (score * 1000.0).round() / 1000.0,
                "title": r.title,
                "source": r.source,
                "date": r.date.map(|d| d.to_string()),
                "matches": ranges,
                "snippet": snip.as_ref().map(|s| s.text.clone()),
                "paragraph": snip.as_ref().map(|s| s.paragraph),
                "offset_chars": snip.as_ref().map(|s| s.offset_chars),
                "len_chars": snip.as_ref().map(|s| s.len_chars),
            });
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{:>7.2}  {}  {}",
                score,
                r.source.as_deref().unwrap_or("-"),
                r.title
            )?;
            if let Some(s) = &snip {
                writeln!(out, "         {}", s.text)?;
            }
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
