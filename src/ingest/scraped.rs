//! The scraped-page layout: optional header lines, the title on the first non-empty line,
//! then paragraphs separated by blank lines, with page furniture mixed in.

use super::furniture::{classify, LineKind};
use super::lang::{detect, direction, ScriptCounts};
use super::meta::{parse_headers, Meta};
use super::sanitize::{collapse_whitespace, sanitize};
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
}

/// Parses one article. Returns it with any warnings (bad header values and the like).
pub fn parse(input: Input<'_>) -> Result<(Article, Vec<String>)> {
    let clean = sanitize(input.text);
    let lines: Vec<&str> = clean.lines().collect();
    let (headers, used, warnings) = parse_headers(&lines);
    let meta = headers.or(input.sidecar);

    let mut rest = lines[used..].iter().map(|l| l.trim());
    let title = match &meta.title {
        Some(t) => t.clone(),
        None => rest
            .by_ref()
            .find(|l| !l.is_empty())
            .map(collapse_whitespace)
            .ok_or_else(|| Error::Empty {
                path: input.path.to_path_buf(),
            })?,
    };
    if title.len() > MAX_TITLE_BYTES {
        return Err(Error::TitleTooLong {
            path: input.path.to_path_buf(),
            len: title.len(),
        });
    }

    let mut byline = None;
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in rest {
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        match classify(line) {
            LineKind::Text => {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&collapse_whitespace(line));
            }
            LineKind::Furniture => {}
            LineKind::Byline(name) => {
                byline.get_or_insert(name);
            }
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }

    let article = build(Parts {
        id: input.id,
        title,
        meta: Meta {
            source: meta.source.clone().or(byline),
            ..meta
        },
        paragraphs: blocks,
        origin: input.origin,
    });
    Ok((article, warnings))
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
        date: parts.meta.date,
        url: parts.meta.url.filter(|s| !s.is_empty()),
        lang,
        dir,
        dir_override,
        paragraphs,
        origin: parts.origin,
    }
}
