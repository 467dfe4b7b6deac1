//! The query plan: what each clause of a parsed query means for an article, written once for
//! the dashboard and for `akhbar search`. A title is scored by the fuzzy pass
//! ([`super::filter_top`]); everything else an article must meet is decided here:
//!
//! - triage clauses (`is:`, `tag:`) against the article's marks,
//! - `fact:` against the folded names of the entities it mentions,
//! - `body:` against its folded body text (a scan, for articles not in a store);
//! - plain words, phrases, `title:` and `body:` against the store's full-text index: the
//!   plan says what the index must find ([`Plan::text_query`]), in backend-neutral terms.
//!
//! What a plain word means: the title or the body holds the word (whole word, after the
//! index's folding, see `text::tokens`), ranked by BM25 with a recency boost
//! ([`super::rank`]); below every such article come titles that only match it fuzzily, and
//! only when the fuzzy match falls on word starts ([`super::rank::good_fuzzy`]).
//!
//! The plan never reads a store: callers hand it what they know (the dashboard from an entity
//! index and a background body scan, the command line article by article), so both answer
//! the same question with the same rule.

use super::query::{Clause, Flag, Query};
use super::tokens::{query_tokens, variants};
use crate::model::{TextField, TextMatch, TextQuery};
use std::collections::HashSet;

/// What the index must find for `body:` terms alone (the dashboard's `body:` filter).
pub fn body_query(terms: &[String]) -> TextQuery {
    TextQuery {
        all: terms
            .iter()
            .filter_map(|t| text_match(TextField::Body, t))
            .collect(),
    }
}

/// What the index must find for one clause's text: a word or a phrase, the first word with
/// its proclitic variants. `None` when the text holds no word at all.
fn text_match(field: TextField, text: &str) -> Option<TextMatch> {
    let toks = query_tokens(text);
    let (first, rest) = toks.split_first()?;
    let mut words = vec![variants(first)];
    words.extend(rest.iter().map(|t| vec![t.clone()]));
    Some(TextMatch { field, words })
}

/// What the plan needs of an article beyond its title: its triage state and tags.
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
    pub tags: &'a [String],
}

/// A parsed query, split by what each part needs.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    query: Query,
    flags: Vec<Flag>,
    tags: Vec<String>,
    facts: Vec<String>,
    body: Vec<String>,
}

impl Plan {
    pub fn new(query: Query) -> Plan {
        let mut plan = Plan::default();
        for c in &query.clauses {
            match c {
                Clause::Is(f) => plan.flags.push(*f),
                Clause::Tag(t) => plan.tags.push(t.clone()),
                Clause::Fact(v) => plan.facts.push(v.clone()),
                Clause::Body(t) => plan.body.push(t.clone()),
                _ => {}
            }
        }
        plan.query = query;
        plan
    }

    /// The query as parsed (its title clauses drive the fuzzy pass).
    pub fn query(&self) -> &Query {
        &self.query
    }

    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// Whether the article's marks meet every `is:` and `tag:` clause (a tag clause holds
    /// when a tag's folded text contains the folded value).
    pub fn admits_marks(&self, m: &Marks<'_>) -> bool {
        let flags = self.flags.iter().all(|f| match f {
            Flag::Unread => !m.read,
            Flag::Read => m.read,
            Flag::Starred => m.starred,
            Flag::Archived => m.archived,
        });
        flags
            && self.tags.iter().all(|t| {
                m.tags
                    .iter()
                    .any(|x| crate::text::fold_for_match(x).text.contains(t.as_str()))
            })
    }

    /// Whether the query has `fact:` clauses (someone must know the article's entities).
    pub fn wants_facts(&self) -> bool {
        !self.facts.is_empty()
    }

    /// Whether the query has `body:` clauses (someone must read the article's body).
    pub fn wants_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// The folded `body:` terms.
    pub fn body_terms(&self) -> &[String] {
        &self.body
    }

    /// What the full-text index must find: every plain word and phrase in the title or the
    /// body, every `title:` word in the title, every `body:` term in the body. Empty when the
    /// query has none of them.
    pub fn text_query(&self) -> TextQuery {
        let all = self
            .query
            .clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Fuzzy(t) | Clause::Phrase(t) => text_match(TextField::Any, t),
                Clause::Title(t) => text_match(TextField::Title, t),
                Clause::Body(t) => text_match(TextField::Body, t),
                _ => None,
            })
            .collect();
        TextQuery { all }
    }

    /// The index's side of the `title:` and `body:` clauses alone: what an article that
    /// matched only fuzzily must still meet. Empty when there are none.
    pub fn scoped_query(&self) -> TextQuery {
        let mut q = self.text_query();
        q.all.retain(|m| m.field != TextField::Any);
        q
    }

    /// One index query per `!word`: an article the index finds for any of them is left out
    /// (as well as one whose title or source holds it, as before).
    pub fn excluded_queries(&self) -> Vec<TextQuery> {
        self.query
            .clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Not(t) => text_match(TextField::Any, t),
                _ => None,
            })
            .map(|m| TextQuery { all: vec![m] })
            .collect()
    }

    /// Whether the query has plain words (there may be fuzzy title matches).
    pub fn has_fuzzy(&self) -> bool {
        self.query
            .clauses
            .iter()
            .any(|c| matches!(c, Clause::Fuzzy(_)))
    }

    /// The clauses an article found by the index must still meet in its key (`source:`,
    /// `lang:`, dates, `!word` in the title or source), as a query for the fuzzy pass's
    /// filter, which then scores nothing.
    pub fn key_query(&self) -> Query {
        Query {
            clauses: self
                .query
                .clauses
                .iter()
                .filter(|c| {
                    matches!(
                        c,
                        Clause::Not(_)
                            | Clause::Source(_)
                            | Clause::Lang(_)
                            | Clause::After(_)
                            | Clause::Before(_)
                    )
                })
                .cloned()
                .collect(),
        }
    }

    /// The query of the fuzzy title pass: everything but the index-only `title:` and `body:`
    /// clauses (which [`Plan::scoped_query`] checks).
    pub fn fuzzy_query(&self) -> Query {
        Query {
            clauses: self
                .query
                .clauses
                .iter()
                .filter(|c| !matches!(c, Clause::Title(_) | Clause::Body(_)))
                .cloned()
                .collect(),
        }
    }

    /// The folded words a reader or snippet marks in a body: each position's token variants
    /// of every word, phrase, `title:` and `body:` clause.
    pub fn marked_tokens(&self) -> HashSet<String> {
        self.text_query()
            .all
            .into_iter()
            .flat_map(|m| m.words.into_iter().flatten())
            .collect()
    }

    /// Whether an article whose entities have these folded names meets every `fact:`
    /// clause: each value is contained in some name.
    pub fn admits_entities<K: AsRef<str>>(&self, keys: &[K]) -> bool {
        self.facts
            .iter()
            .all(|v| keys.iter().any(|k| k.as_ref().contains(v.as_str())))
    }

    /// The articles an index of entity names admits: for each `fact:` value, the articles
    /// under a name containing it, intersected. `None` when the query has no `fact:` clause
    /// (everything is admitted).
    pub fn admitted_by_index<'a, I>(&self, index: I) -> Option<HashSet<i64>>
    where
        I: IntoIterator<Item = (&'a str, &'a [i64])> + Clone,
    {
        let mut result: Option<HashSet<i64>> = None;
        for v in &self.facts {
            let ids: HashSet<i64> = index
                .clone()
                .into_iter()
                .filter(|(k, _)| k.contains(v.as_str()))
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect();
            result = Some(match result {
                Some(r) => r.intersection(&ids).copied().collect(),
                None => ids,
            });
        }
        result
    }

    /// Whether a body meets every `body:` clause; true when there is none.
    pub fn admits_body(&self, body: &str) -> bool {
        super::body_holds(body, &self.body)
    }

    /// The whole decision for one article, once its title has matched: marks first (free),
    /// then entities and body, each asked only when the query needs it and everything before
    /// it held.
    pub fn admits(
        &self,
        marks: &Marks<'_>,
        entities: impl FnOnce() -> bool,
        body: impl FnOnce() -> bool,
    ) -> bool {
        self.admits_marks(marks)
            && (!self.wants_facts() || entities())
            && (!self.wants_body() || body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn plan(q: &str) -> Plan {
        Plan::new(parse(q).unwrap())
    }

    fn marks(tags: &[String]) -> Marks<'_> {
        Marks {
            read: false,
            starred: true,
            archived: false,
            tags,
        }
    }

    #[test]
    fn triage_clauses_against_marks() {
        let tags = vec!["Verify".to_string()];
        assert!(plan("is:unread is:starred tag:verif").admits_marks(&marks(&tags)));
        assert!(!plan("is:read").admits_marks(&marks(&tags)));
        assert!(!plan("tag:ads").admits_marks(&marks(&tags)));
        assert!(plan("putin").admits_marks(&marks(&[])));
    }

    #[test]
    fn fact_clauses_by_keys_and_by_index() {
        let p = plan("fact:بوتين fact:باكو");
        assert!(p.admits_entities(&["فلاديمير بوتين", "باكو"]));
        assert!(!p.admits_entities(&["فلاديمير بوتين"]));
        let index: Vec<(&str, &[i64])> = vec![("فلاديمير بوتين", &[1, 2]), ("باكو", &[2, 3])];
        let got = p.admitted_by_index(index.iter().copied()).unwrap();
        assert_eq!(got, HashSet::from([2]));
        assert!(plan("x").admitted_by_index(index.iter().copied()).is_none());
    }

    #[test]
    fn lazy_parts_are_asked_only_when_needed() {
        let p = plan("is:read body:x");
        let mut asked = false;
        // Marks fail first: the body is never read.
        assert!(!p.admits(
            &marks(&[]),
            || true,
            || {
                asked = true;
                true
            }
        ));
        assert!(!asked);
        let p = plan("body:اقتصاد");
        assert!(p.admits(&marks(&[]), || unreachable!(), || true));
        assert!(p.admits_body("قال إن الاقتصادية"));
        assert!(!p.admits_body("لا شيء"));
    }
}
