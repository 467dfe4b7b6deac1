//! Ignore rules: `[[ignore]]` entries of the config, each a query in the filter's language
//! (`source:X tag:ads`), that archive the articles they match as they arrive (a feed refresh,
//! `akhbar import`, the dashboard's import). An article an ignore rule matches is archived,
//! never dropped: `3` (the archived view) shows it and `a` takes it out again. Which rule
//! archived it is kept in the store, so the feeds view can count what each rule did.
//!
//! A rule matches an article when the filter line, given the same query, would show it
//! among the articles that arrived: the same plan ([`crate::search::plan`]), the same
//! full-text index and the same word-start rule for titles. This sits above `search` and
//! `store` (which may not use each other) and below the callers that bring articles in.

use crate::search::plan::{Marks, Plan};
use crate::search::{query, rank, KeysBuilder};
use crate::store::{Result, Row, Store};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One `[[ignore]]` table as written in the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    /// The query, in the filter's language.
    #[serde(default)]
    pub query: String,
}

/// A rule that parsed.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The query as written (trimmed): the rule's name in the store and the feeds view.
    pub query: String,
    plan: Arc<Plan>,
}

/// The rules of a config that parsed, in config order; the first that matches an article
/// is the one that archived it.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<Rule>,
}

/// What applying the rules did: per rule that archived something, its query and how many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignored {
    pub by_rule: Vec<(String, usize)>,
}

impl Ignored {
    pub fn total(&self) -> usize {
        self.by_rule.iter().map(|(_, n)| n).sum()
    }
}

impl Rules {
    /// The rules that parse; one line for each that does not (`ignore rule 2 "is:mabye":
    /// …; skipped`), so a typo costs that rule only.
    pub fn parse(entries: &[IgnoreEntry]) -> (Rules, Vec<String>) {
        let mut rules = Vec::new();
        let mut problems = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let text = e.query.trim();
            let shown = crate::ingest::sanitize::clean_line(text);
            let parsed = if text.is_empty() {
                Err("it has no query".to_string())
            } else {
                query::parse(text).map_err(|e| e.to_string())
            };
            match parsed {
                Ok(q) if !q.is_empty() => rules.push(Rule {
                    query: text.to_string(),
                    plan: Arc::new(Plan::new(q)),
                }),
                Ok(_) => problems.push(format!(
                    "ignore rule {} {shown:?} matches everything; skipped",
                    i + 1
                )),
                Err(why) => {
                    problems.push(format!("ignore rule {} {shown:?}: {why}; skipped", i + 1))
                }
            }
        }
        (Rules { rules }, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Archives the articles among `ids` (store ids just added) that a rule matches, each
    /// by the first rule that does, and records which rule it was. Articles already
    /// archived, or archived by an earlier rule, are not counted again.
    pub fn apply(&self, store: &mut Store, ids: &[i64]) -> Result<Ignored> {
        let mut out = Ignored::default();
        if self.rules.is_empty() || ids.is_empty() {
            return Ok(out);
        }
        let mut left: Vec<i64> = ids.to_vec();
        left.sort_unstable();
        left.dedup();
        for rule in &self.rules {
            if left.is_empty() {
                break;
            }
            let matched = matching(store, &rule.plan, &left)?;
            if matched.is_empty() {
                continue;
            }
            let n = store.ignore(&rule.query, &matched)?;
            let matched_set: std::collections::HashSet<i64> = matched.iter().copied().collect();
            left.retain(|id| !matched_set.contains(id));
            if n > 0 {
                out.by_rule.push((rule.query.clone(), n));
            }
        }
        Ok(out)
    }
}

/// The articles among `ids` the plan admits, as the filter would show them.
fn matching(store: &Store, plan: &Plan, ids: &[i64]) -> Result<Vec<i64>> {
    let rows: Vec<Row> = ids.iter().filter_map(|&id| store.row(id).ok()).collect();
    fn marks(r: &Row) -> Marks<'_> {
        Marks {
            read: r.read,
            starred: r.starred,
            archived: r.archived,
            tags: &r.tags,
        }
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| plan.admits_marks(&marks(r)))
        .collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut keys = KeysBuilder::with_capacity(rows.len());
    for r in &rows {
        keys.push(&r.title, r.source.as_deref(), r.date, r.lang);
    }
    let chunks = [Arc::new(keys.finish())];
    let index_of: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let newest = rows.iter().filter_map(|r| r.date).max();
    let answer = rank::ask(
        plan,
        newest,
        &|id| index_of.get(&id).copied(),
        &mut |q| store.search_text(q),
        &mut |q| store.search_ids(q),
    )?;
    let never = AtomicBool::new(false);
    let indexes: Vec<usize> = if plan.text_query().is_empty() {
        crate::search::filter_top(&chunks, plan.query(), None, &never, usize::MAX)
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.index)
            .filter(|i| !answer.excluded.contains(i))
            .collect()
    } else {
        rank::combine(&chunks, plan, &answer, &never)
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.index)
            .collect()
    };
    let mut out = Vec::with_capacity(indexes.len());
    for i in indexes {
        let r = &rows[i];
        // `fact:` asks the article's entities, extracted here (the index answered the body).
        let admitted = plan.admits(
            &marks(r),
            || {
                store
                    .article(r.id)
                    .map(|a| plan.admits_entities(&crate::facts::extract_article(&a).entity_keys()))
                    .unwrap_or(false)
            },
            || true,
        );
        if admitted {
            out.push(r.id);
        }
    }
    out.sort_unstable();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_rule_is_one_line_and_the_others_stay() {
        let entries = [
            IgnoreEntry {
                query: "source:Wire tag:ads".into(),
            },
            IgnoreEntry {
                query: "is:maybe".into(),
            },
            IgnoreEntry { query: "  ".into() },
            IgnoreEntry {
                query: "\"unclosed".into(),
            },
        ];
        let (rules, problems) = Rules::parse(&entries);
        assert_eq!(rules.rules().len(), 1);
        assert_eq!(rules.rules()[0].query, "source:Wire tag:ads");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("ignore rule 2 \"is:maybe\": "),
            "{problems:?}"
        );
        assert!(problems[1].contains("no query"), "{problems:?}");
        assert!(problems.iter().all(|p| !p.contains('\n')));
    }
}
