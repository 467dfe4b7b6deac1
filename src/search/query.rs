//! The filter's small query language, parsed into a typed [`Query`]:
//!
//! - `word` — a whole word of the title or body (the full-text index), or a fuzzy match on
//!   word starts of the title (every term must match);
//! - `"exact phrase"` — the words in order;
//! - `!word` — excludes articles whose title, source or body holds it;
//! - `source:X`, `tag:X`, `lang:ar|en|fa|he|…`, `is:unread|read|starred|archived`,
//!   `after:YYYY-MM-DD`, `before:YYYY-MM-DD`, `fact:X`, `body:X`, `title:X`.
//!
//! Only these keys are read as filters, so `09:30` or `COP29:` stay plain words. A bad value or
//! an unclosed quote is an error with the offset (in chars) where it starts, for the filter
//! line to show; it never panics.

use crate::model::Lang;
use crate::text::normalize::fold_for_match;
use chrono::NaiveDate;
use std::fmt;

/// A triage flag `is:` asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Unread,
    Read,
    Starred,
    Archived,
}

/// One condition; an article matches a query when it meets every clause. Text values are
/// folded (see [`fold_for_match`]) so they compare with folded haystacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Fuzzy(String),
    Phrase(String),
    Not(String),
    Source(String),
    Tag(String),
    Lang(Lang),
    Is(Flag),
    After(NaiveDate),
    Before(NaiveDate),
    Fact(String),
    Body(String),
    /// `title:X`: the title holds the word (the full-text index, whole words).
    Title(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The fuzzy terms and phrases: what is scored and highlighted in titles.
    pub fn scored_terms(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().filter_map(|c| match c {
            Clause::Fuzzy(t) | Clause::Phrase(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// The `body:` terms (folded): each must occur in the folded body text.
    pub fn body_terms(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().filter_map(|c| match c {
            Clause::Body(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// Whether every article this query matches is also matched by `previous`, so results
    /// can be narrowed from the previous ones instead of rescanning: true when this query
    /// only adds clauses or lengthens a fuzzy term (a longer fuzzy pattern matches a subset).
    pub fn narrows(&self, previous: &Query) -> bool {
        if previous.clauses.len() > self.clauses.len() {
            return false;
        }
        previous
            .clauses
            .iter()
            .zip(&self.clauses)
            .all(|(p, c)| match (p, c) {
                (Clause::Fuzzy(a), Clause::Fuzzy(b)) => b.starts_with(a.as_str()),
                (a, b) => a == b,
            })
    }
}

/// A query that could not be read: what is wrong and where (a char offset in the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub offset_chars: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {})", self.message, self.offset_chars + 1)
    }
}

/// One form of the query language: how it is written, what it does and an example. The
/// parser takes its keys from this table and the dashboard's help prints it, so the two
/// cannot disagree.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// The key before `:`, for the keyed forms.
    pub key: Option<&'static str>,
    pub written: &'static str,
    pub means: &'static str,
    pub example: &'static str,
}

pub const FORMS: &[Form] = &[
    Form {
        key: None,
        written: "word",
        means: "a word of the title or body, ranked",
        example: "اذربيجان",
    },
    Form {
        key: None,
        written: "\"a phrase\"",
        means: "these words in this order",
        example: "\"قمة المناخ\"",
    },
    Form {
        key: None,
        written: "!word",
        means: "leaves out articles that hold it",
        example: "!sport",
    },
    Form {
        key: Some("source"),
        written: "source:X",
        means: "the source's name holds X",
        example: "source:\"Gulf Ledger\"",
    },
    Form {
        key: Some("tag"),
        written: "tag:X",
        means: "articles you tagged X",
        example: "tag:later",
    },
    Form {
        key: Some("lang"),
        written: "lang:CODE",
        means: "language: ar en fa he ur latin",
        example: "lang:ar",
    },
    Form {
        key: Some("is"),
        written: "is:STATE",
        means: "unread, read, starred or archived",
        example: "is:starred",
    },
    Form {
        key: Some("after"),
        written: "after:YYYY-MM-DD",
        means: "published on or after the day",
        example: "after:2024-08-01",
    },
    Form {
        key: Some("before"),
        written: "before:YYYY-MM-DD",
        means: "published before the day",
        example: "before:2025-01-01",
    },
    Form {
        key: Some("fact"),
        written: "fact:X",
        means: "mentions this person, place or org.",
        example: "fact:بوتين",
    },
    Form {
        key: Some("body"),
        written: "body:X",
        means: "a word of the article's text",
        example: "body:باكو",
    },
    Form {
        key: Some("title"),
        written: "title:X",
        means: "a word of the title",
        example: "title:قمة",
    },
];

/// Whether `key` is one of the keyed forms: only these are read as filters.
fn is_key(key: &str) -> bool {
    FORMS.iter().any(|f| f.key == Some(key))
}

/// Parses a query. An empty or blank query gives an empty [`Query`] (everything matches).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if chars[i] == '"' {
            let (phrase, next) = quoted(&chars, i)?;
            if let Some(p) = folded(&phrase) {
                clauses.push(Clause::Phrase(p));
            }
            i = next;
            continue;
        }
        let (word, next) = word(&chars, i)?;
        i = next;
        if let Some(rest) = word.strip_prefix('!') {
            match folded(rest) {
                Some(t) => clauses.push(Clause::Not(t)),
                None => return Err(error("nothing after !", start)),
            }
            continue;
        }
        match word.split_once(':') {
            Some((key, value)) if is_key(key) => {
                clauses.push(keyed(key, value, start + key.chars().count() + 1)?)
            }
            _ => {
                if let Some(t) = folded(&word) {
                    clauses.push(Clause::Fuzzy(t));
                }
            }
        }
    }
    Ok(Query { clauses })
}

fn error(message: impl Into<String>, offset_chars: usize) -> QueryError {
    QueryError {
        message: message.into(),
        offset_chars,
    }
}

fn folded(s: &str) -> Option<String> {
    let f = fold_for_match(s.trim()).text;
    (!f.is_empty()).then_some(f)
}

/// A `"…"` starting at `at`; returns its text and the index after the closing quote.
fn quoted(chars: &[char], at: usize) -> Result<(String, usize), QueryError> {
    let end = chars[at + 1..]
        .iter()
        .position(|&c| c == '"')
        .ok_or_else(|| error("unclosed quote", at))?;
    let text = chars[at + 1..at + 1 + end].iter().collect();
    Ok((text, at + end + 2))
}

/// A word up to the next space; a value may be quoted (`source:"Gulf Ledger"`).
fn word(chars: &[char], at: usize) -> Result<(String, usize), QueryError> {
    let mut out = String::new();
    let mut i = at;
    while i < chars.len() && !chars[i].is_whitespace() {
        if chars[i] == '"' && out.ends_with(':') {
            let (text, next) = quoted(chars, i)?;
            out.push_str(&text);
            i = next;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    Ok((out, i))
}

fn keyed(key: &str, value: &str, at: usize) -> Result<Clause, QueryError> {
    if value.trim().is_empty() {
        return Err(error(format!("{key}: needs a value"), at));
    }
    let text = || folded(value).ok_or_else(|| error(format!("{key}: needs a value"), at));
    let date = || {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| error(format!("{key}: wants a date like 2024-08-01"), at))
    };
    Ok(match key {
        "source" => Clause::Source(text()?),
        "tag" => Clause::Tag(text()?),
        "fact" => Clause::Fact(text()?),
        "body" => Clause::Body(text()?),
        "title" => Clause::Title(text()?),
        "lang" => Clause::Lang(
            Lang::from_code(value)
                .ok_or_else(|| error(format!("lang: unknown language {value:?}"), at))?,
        ),
        "is" => Clause::Is(match value.to_ascii_lowercase().as_str() {
            "unread" | "new" => Flag::Unread,
            "read" => Flag::Read,
            "starred" | "star" => Flag::Starred,
            "archived" | "archive" => Flag::Archived,
            _ => return Err(error("is: wants unread, read, starred or archived", at)),
        }),
        "after" => Clause::After(date()?),
        _ => Clause::Before(date()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<Clause> {
        parse(s).expect(s).clauses
    }

    #[test]
    fn every_operator() {
        assert_eq!(
            q(
                r#"putin "state visit" !moscow source:العربية tag:later lang:ar is:starred after:2024-08-01 before:2024-09-01 fact:بوتين body:باكو"#
            ),
            vec![
                Clause::Fuzzy("putin".into()),
                Clause::Phrase("state visit".into()),
                Clause::Not("moscow".into()),
                Clause::Source(fold_for_match("العربية").text),
                Clause::Tag("later".into()),
                Clause::Lang(Lang::Ar),
                Clause::Is(Flag::Starred),
                Clause::After(NaiveDate::from_ymd_opt(2024, 8, 1).unwrap()),
                Clause::Before(NaiveDate::from_ymd_opt(2024, 9, 1).unwrap()),
                Clause::Fact("بوتين".into()),
                Clause::Body("باكو".into()),
            ]
        );
    }

    #[test]
    fn arabic_terms_are_folded_and_quoted_values_kept_whole() {
        assert_eq!(q("أذربيجان"), vec![Clause::Fuzzy("اذربيجان".into())]);
        assert_eq!(
            q(r#"source:"Gulf Ledger""#),
            vec![Clause::Source("gulf ledger".into())]
        );
        assert_eq!(q("  "), vec![]);
        // Colons that are not keys stay plain words.
        assert_eq!(q("09:30"), vec![Clause::Fuzzy("09:30".into())]);
    }

    #[test]
    fn bad_syntax_is_an_error_value() {
        for bad in [
            r#""unclosed"#,
            "lang:xx",
            "is:maybe",
            "after:yesterday",
            "before:2024-13-01",
            "source:",
            "!",
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(!e.message.is_empty());
        }
        assert_eq!(parse("abc lang:zz").unwrap_err().offset_chars, 9);
    }

    #[test]
    fn narrowing() {
        let a = parse("put").unwrap();
        let b = parse("putin").unwrap();
        let c = parse("putin is:unread").unwrap();
        assert!(b.narrows(&a) && c.narrows(&b) && c.narrows(&a));
        assert!(!a.narrows(&b));
        assert!(!parse("pu").unwrap().narrows(&parse("!x").unwrap()));
    }

    #[test]
    fn every_example_of_the_table_parses_as_its_form() {
        for f in FORMS {
            let q = parse(f.example).unwrap_or_else(|e| panic!("{}: {e}", f.example));
            assert_eq!(q.clauses.len(), 1, "{}", f.example);
            let keyed = !matches!(
                q.clauses[0],
                Clause::Fuzzy(_) | Clause::Phrase(_) | Clause::Not(_)
            );
            assert_eq!(keyed, f.key.is_some(), "{}", f.example);
            if let Some(k) = f.key {
                assert!(f.example.starts_with(&format!("{k}:")));
            }
        }
    }
}
