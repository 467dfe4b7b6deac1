//! The scraped-page layout: optional header lines, then the page's text as scraped, one line
//! per element and blank lines between blocks, furniture and all. `page/` finds the title,
//! the article's lines, the date, source and author; this file turns that into an Article.

use super::dates::Hint;
use super::lang::{detect, direction, ScriptCounts};
use super::lines::{Line, Params};
use super::meta::{parse_headers, Meta};
use super::page::{self, Context, Reading};
use super::recurring::Recurring;
use super::sanitize::{collapse_whitespace, sanitize_cow};
use crate::error::{Error, Result, MAX_TITLE_BYTES};
use crate::model::{Article, ArticleId, Origin, Paragraph};
use std::path::Path;

/// Everything [`parse`] needs besides the text.
pub struct Input<'a> {
    /// The decoded (not yet sanitized) text of the file.
    pub text: &'a str,
    /// Metadata from a sidecar, already parsed; headers in the text win over it.
    pub sidecar: Meta,
    pub id: ArticleId,
    pub origin: Origin,
    /// For error messages.
    pub path: &'a Path,
    /// Lines recurring on pages loaded together with this one (see [`super::recurring`]);
    /// `None` when the page is read alone.
    pub recurring: Option<&'a Recurring>,
}

/// Parses one article. Returns it with any warnings (bad header values and the like).
pub fn parse(input: Input<'_>) -> Result<(Article, Vec<String>)> {
    parse_read(input, Params::default()).map(|(a, w, _)| (a, w))
}

/// Like [`parse`], with the rules' thresholds given, and with the page's reading (every
/// line's verdict) returned too: what `--explain` and the scorer show.
pub fn parse_read(input: Input<'_>, params: Params) -> Result<(Article, Vec<String>, Reading)> {
    let prepared = prepare(input.text, input.sidecar);
    let warnings = prepared.header_problems.clone();
    let (article, reading) = finish(
        prepared,
        Finish {
            id: input.id,
            origin: input.origin,
            path: input.path,
            recurring: input.recurring,
            params,
        },
    )?;
    Ok((article, warnings, reading))
}

/// A page read as far as it can be alone: sanitized, its headers parsed, every line with its
/// features. Counting the lines that recur across pages and reading the page both start
/// from this, so each page is prepared once.
#[derive(Debug)]
pub struct Prepared {
    /// The headers' metadata over the sidecar's.
    pub meta: Meta,
    /// Bad header values and the like, one line each.
    pub header_problems: Vec<String>,
    pub lines: Vec<Line>,
    hint: Hint,
}

/// Prepares the decoded text of a page (see [`Prepared`]).
pub fn prepare(text: &str, sidecar: Meta) -> Prepared {
    let clean = sanitize_cow(text);
    let lines: Vec<&str> = clean.lines().collect();
    let (headers, used, header_problems) = parse_headers(&lines);
    let meta = headers.or(sidecar);
    let body = lines.get(used..).unwrap_or(&[]);
    let hint = page::hint_for(&clean);
    let lines = page::lines_of(body, used + 1, hint);
    Prepared {
        meta,
        header_problems,
        lines,
        hint,
    }
}

/// What [`finish`] needs besides the prepared page.
pub struct Finish<'a> {
    pub id: ArticleId,
    pub origin: Origin,
    /// For error messages.
    pub path: &'a Path,
    pub recurring: Option<&'a Recurring>,
    pub params: Params,
}

/// Reads a prepared page into its article: title, text, date, source and author.
pub fn finish(prepared: Prepared, f: Finish<'_>) -> Result<(Article, Reading)> {
    let Prepared {
        meta, lines, hint, ..
    } = prepared;
    let reading = page::read(
        &lines,
        &Context {
            title: meta.title.as_deref(),
            url: meta.url.as_deref(),
            recurring: f.recurring.and_then(|r| r.for_meta(&meta)),
            params: f.params,
            hint,
        },
    );
    let title = match (&meta.title, &reading.found.title) {
        (Some(t), _) => t.clone(),
        (None, Some((t, _))) => collapse_whitespace(t),
        (None, None) => {
            return Err(Error::Empty {
                path: f.path.to_path_buf(),
            })
        }
    };
    if title.len() > MAX_TITLE_BYTES {
        return Err(Error::TitleTooLong {
            path: f.path.to_path_buf(),
            len: title.len(),
        });
    }
    let found = &reading.found;
    let source = meta
        .source
        .clone()
        .or_else(|| found.source.as_ref().map(|s| s.0.clone()));
    let source_words = source.as_deref().map(super::cues::fold_words);
    let author = meta.author.clone().or_else(|| {
        found
            .author
            .as_ref()
            .map(|a| a.0.clone())
            .filter(|a| source_words.as_ref() != Some(&super::cues::fold_words(a)))
    });
    let article = build(Parts {
        id: f.id,
        title,
        meta: Meta {
            source,
            author,
            date: meta.date.or(found.date.as_ref().map(|d| d.0)),
            ..meta
        },
        paragraphs: reading.paragraphs.clone(),
        origin: f.origin,
    });
    Ok((article, reading))
}

/// The pieces every loader gathers before an [`Article`] is made.
pub struct Parts {
    pub id: ArticleId,
    pub title: String,
    pub meta: Meta,
    /// Cleaned paragraph texts, in order.
    pub paragraphs: Vec<String>,
    pub origin: Origin,
}

/// Gives every paragraph its language and direction and the article its own, honouring the
/// metadata's `lang` and `dir`.
pub fn build(parts: Parts) -> Article {
    let dir_override = parts.meta.dir;
    let mut total = ScriptCounts::of(&parts.title);
    let paragraphs: Vec<Paragraph> = parts
        .paragraphs
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|text| {
            let counts = ScriptCounts::of(&text);
            total.add(&counts);
            Paragraph {
                lang: detect(&counts),
                dir: dir_override.unwrap_or_else(|| direction(&text)),
                text,
            }
        })
        .collect();
    let lang = parts.meta.lang.unwrap_or_else(|| detect(&total));
    let dir = dir_override.unwrap_or_else(|| direction(&parts.title));
    Article {
        id: parts.id,
        title: parts.title,
        source: parts.meta.source.filter(|s| !s.is_empty()),
        author: parts.meta.author.filter(|s| !s.is_empty()),
        date: parts.meta.date,
        url: parts.meta.url.filter(|s| !s.is_empty()),
        lang,
        dir,
        dir_override,
        paragraphs,
        origin: parts.origin,
        enclosures: Vec::new(),
    }
}
