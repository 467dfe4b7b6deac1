//! JSON Lines corpora, one article an object: `{"id","title","source","published","lang","body"}`
//! as `bench/gen-corpus` writes them, body paragraphs separated by blank lines.

use super::meta::{parse_date, Meta};
use super::sanitize::{clean_line, sanitize};
use super::scraped::{build, Parts};
use crate::error::{Error, Result, MAX_FILE_BYTES, MAX_TITLE_BYTES};
use crate::model::{Article, ArticleId, Lang, Origin};
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    title: String,
    source: Option<String>,
    #[serde(alias = "date")]
    published: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    body: String,
    url: Option<String>,
}

/// Reads a corpus. A bad line is a warning naming its line number; the rest still loads.
pub fn load(reader: impl BufRead, path: &Path) -> Result<(Vec<Article>, Vec<String>)> {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let origin = Origin::File(path.display().to_string());
    for (i, line) in reader.split(b'\n').enumerate() {
        let line_no = i + 1;
        let bytes = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            warnings.push(format!(
                "{}:{line_no}: record over {MAX_FILE_BYTES} bytes skipped",
                path.display()
            ));
            continue;
        }
        let (text, bad) = super::sanitize::decode_utf8(&bytes);
        if bad > 0 {
            warnings.push(format!(
                "{}:{line_no}: invalid UTF-8 replaced with U+FFFD",
                path.display()
            ));
        }
        if text.trim().is_empty() {
            continue;
        }
        match record(&text, line_no, &origin) {
            Ok(a) => articles.push(a),
            Err(e) => warnings.push(format!("{}:{line_no}: {e}", path.display())),
        }
    }
    if articles.is_empty() {
        return Err(if warnings.is_empty() {
            Error::Empty {
                path: path.to_path_buf(),
            }
        } else {
            Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: format!("no valid records ({} bad lines)", warnings.len()),
            }
        });
    }
    Ok((articles, warnings))
}

fn record(text: &str, line_no: usize, origin: &Origin) -> std::result::Result<Article, String> {
    let r: Record = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let title = clean_line(&r.title);
    if title.is_empty() {
        return Err("empty title".into());
    }
    if title.len() > MAX_TITLE_BYTES {
        return Err(format!("title over {MAX_TITLE_BYTES} bytes"));
    }
    let id = match r.id {
        Some(serde_json::Value::String(s)) => clean_line(&s),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("line-{line_no}"),
    };
    let meta = Meta {
        title: None,
        date: r.published.as_deref().and_then(|d| parse_date(d).ok()),
        source: r.source.map(|s| clean_line(&s)),
        url: r.url.map(|s| clean_line(&s)),
        // "mixed" in a corpus is a label for the article, not a direction policy.
        lang: r.lang.as_deref().and_then(Lang::from_code),
        dir: None,
    };
    let body = sanitize(&r.body);
    let paragraphs = body
        .split("\n\n")
        .map(clean_line)
        .filter(|p| !p.is_empty())
        .collect();
    Ok(build(Parts {
            id: ArticleId(id),
            title,
            meta,
            paragraphs,
            origin: origin.clone(),
    }))
}
