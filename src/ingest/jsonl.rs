//! JSON Lines corpora, one article an object: `{"id","title","source","published","lang","body"}`
//! as `bench/gen-corpus` writes them, body paragraphs separated by blank lines.

use super::meta::{parse_date, Meta};
use super::sanitize::{clean_line, collapse_whitespace, sanitize_owned};
use super::scraped::{build, Parts};
use crate::error::{Error, Result, MAX_FILE_BYTES, MAX_TITLE_BYTES};
use crate::model::{Article, ArticleId, Lang, Origin};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{mpsc, Mutex};

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

/// Lines parsed together; one batch reaches the caller at a time, in file order.
const BATCH_LINES: usize = 2048;
/// The first batch is small, so the first articles reach the screen quickly.
const FIRST_BATCH_LINES: usize = 128;

/// A batch of raw lines: its index in the file's batch order, the line number of its first
/// line (0-based) and the lines.
type RawBatch = (usize, usize, Vec<Vec<u8>>);

/// Reads a corpus and hands its articles to `sink` in batches, in file order, as soon as each
/// batch is parsed, so a dashboard can show the first ones while the rest load. One thread
/// reads lines, the others parse them; the file is never held in memory whole. A bad line is
/// a warning naming its line number; the rest still loads. Returns the number of articles.
pub fn stream(
    reader: impl Read + Send,
    path: &Path,
    sink: &mut dyn FnMut(Vec<Article>, Vec<String>),
) -> Result<usize> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let origin = Origin::File(path.display().to_string());
    // Bounded, so a fast reader cannot run far ahead of the parsers.
    let (raw_tx, raw_rx) = mpsc::sync_channel::<RawBatch>(threads * 2);
    let raw_rx = Mutex::new(raw_rx);
    // Bounded too: parsed batches must not pile up while the caller (say, a store) is
    // slower than the parsers.
    let (done_tx, done_rx) = mpsc::sync_channel(threads * 2);
    let mut loaded = 0;
    let mut bad = 0;
    let read_result = std::thread::scope(|scope| {
        let reading = scope.spawn(move || read_batches(reader, raw_tx));
        for _ in 0..threads {
            let (done_tx, raw_rx, origin) = (done_tx.clone(), &raw_rx, &origin);
            scope.spawn(move || loop {
                let next = raw_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((k, first, lines))) = next else {
                    return;
                };
                let result = load_lines(&lines, first, path, origin);
                if done_tx.send((k, result)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // Batches finish out of order; hold the early ones until their turn.
        let mut waiting = BTreeMap::new();
        let mut turn = 0;
        for (k, result) in done_rx {
            waiting.insert(k, result);
            while let Some((articles, warnings)) = waiting.remove(&turn) {
                loaded += articles.len();
                bad += warnings.len();
                sink(articles, warnings);
                turn += 1;
            }
        }
        reading.join().unwrap_or(Ok(()))
    });
    read_result.map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if loaded == 0 {
        return Err(if bad == 0 {
            Error::Empty {
                path: path.to_path_buf(),
            }
        } else {
            Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: format!("no valid records ({bad} bad lines)"),
            }
        });
    }
    Ok(loaded)
}

/// Splits the input into batches of lines for the parsers.
fn read_batches(reader: impl Read, tx: mpsc::SyncSender<RawBatch>) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut batch = Vec::new();
    let (mut k, mut first, mut line_no) = (0, 0, 0);
    let mut size = FIRST_BATCH_LINES;
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line)?;
        if n > 0 {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            batch.push(line);
            line_no += 1;
        }
        if batch.len() >= size || (n == 0 && !batch.is_empty()) {
            if tx.send((k, first, std::mem::take(&mut batch))).is_err() {
                return Ok(());
            }
            k += 1;
            first = line_no;
            size = BATCH_LINES;
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// Parses consecutive lines; `first` is the index of the first one in the file.
fn load_lines(
    lines: &[Vec<u8>],
    first: usize,
    path: &Path,
    origin: &Origin,
) -> (Vec<Article>, Vec<String>) {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for (i, bytes) in lines.iter().enumerate() {
        let line_no = first + i + 1;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            warnings.push(format!(
                "{}:{line_no}: record over {MAX_FILE_BYTES} bytes skipped",
                path.display()
            ));
            continue;
        }
        // Valid UTF-8 (nearly every record) is read where it lies, without a copy.
        let (text, bad) = match std::str::from_utf8(bytes) {
            Ok(s) if !s.starts_with('\u{feff}') => (std::borrow::Cow::Borrowed(s), 0),
            _ => {
                let (s, bad) = super::sanitize::decode_utf8(bytes);
                (std::borrow::Cow::Owned(s), bad)
            }
        };
        if bad > 0 {
            warnings.push(format!(
                "{}:{line_no}: invalid UTF-8 replaced with U+FFFD",
                path.display()
            ));
        }
        if text.trim().is_empty() {
            continue;
        }
        match record(&text, line_no, origin) {
            Ok(a) => articles.push(a),
            Err(e) => warnings.push(format!("{}:{line_no}: {e}", path.display())),
        }
    }
    (articles, warnings)
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
        author: None,
        title: None,
        date: r.published.as_deref().and_then(|d| parse_date(d).ok()),
        source: r.source.map(|s| clean_line(&s)),
        url: r.url.map(|s| clean_line(&s)),
        // "mixed" in a corpus is a label for the article, not a direction policy.
        lang: r.lang.as_deref().and_then(Lang::from_code),
        dir: None,
    };
    let body = sanitize_owned(r.body);
    let paragraphs = body
        .split("\n\n")
        .map(collapse_whitespace)
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
