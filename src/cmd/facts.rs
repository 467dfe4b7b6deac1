//! `akhbar facts`: the facts of one text file as a table or as the JSON the evaluation
//! scorer reads. Each line of the file is a paragraph (see [`akhbar::facts::text_facts`]); offsets in the JSON are chars
//! (Unicode scalar values) into the whole file's text, as `../shared/eval/README.md` says.

use akhbar::facts::{text_facts_bounded, Fact, Facts, Kind};
use chrono::NaiveDate;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

/// Largest input read (the same bound as an article file).
const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Why `akhbar facts` could not run; printed as one line.
#[derive(Debug)]
pub enum CliError {
    BadDate(String),
    TooLarge(String),
    Io(String, std::io::Error),
    NotText(String, &'static str),
    Empty(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::BadDate(d) => write!(f, "--date {d:?} is not a date (YYYY-MM-DD)"),
            CliError::TooLarge(p) => write!(f, "{p}: over {MAX_INPUT_BYTES} bytes"),
            CliError::Io(p, e) => write!(f, "{p}: {e}"),
            CliError::NotText(p, kind) => write!(f, "{p}: not text: {kind}"),
            CliError::Empty(p) => write!(f, "{p}: the file is empty or holds only whitespace"),
        }
    }
}

impl std::error::Error for CliError {}

/// Reads a file, or standard input for `-`, as text (invalid UTF-8 becomes U+FFFD).
pub fn read_input(path: &Path) -> Result<String, CliError> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let res = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        match akhbar::ingest::bounded::open_regular(path) {
            Ok(f) => f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes),
            Err(akhbar::error::Error::Io { source, .. }) => Err(source),
            Err(akhbar::error::Error::NotFound { .. }) => Err(std::io::ErrorKind::NotFound.into()),
            Err(_) => Err(std::io::Error::other(
                "not a regular file (a device, FIFO or socket); give - to read standard input",
            )),
        }
    };
    res.map_err(|e| CliError::Io(name.clone(), e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(CliError::TooLarge(name));
    }
    if let Some(kind) = akhbar::ingest::binary::binary_kind(&bytes) {
        return Err(CliError::NotText(name, kind));
    }
    let text = match akhbar::ingest::binary::utf16(&bytes) {
        Some(text) => text,
        None => String::from_utf8_lossy(&bytes).into_owned(),
    };
    if text.trim().is_empty() {
        return Err(CliError::Empty(name));
    }
    Ok(text)
}

/// Parses `--date`.
pub fn parse_date(s: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    s.map(|d| {
        d.trim()
            .parse()
            .map_err(|_| CliError::BadDate(d.to_string()))
    })
    .transpose()
}

/// What to print and how.
pub struct Options<'a> {
    pub reference: Option<NaiveDate>,
    pub json: bool,
    /// Lines of page furniture (bylines, comment boxes) that carry no facts; only asked when
    /// the text has more than one line, so a one-line text is always read.
    pub is_furniture: &'a dyn Fn(&str) -> bool,
}

/// Prints the facts of `text` to `out`; returns the byte where reading stopped when the text
/// is beyond the bounds of [`akhbar::facts::text_facts_bounded`].
pub fn print(
    text: &str,
    opts: &Options<'_>,
    out: &mut dyn Write,
) -> std::io::Result<Option<usize>> {
    let (facts, cut) = text_facts_bounded(text, opts.reference, opts.is_furniture);
    if opts.json {
        let list: Vec<serde_json::Value> = facts.facts.iter().map(json_fact).collect();
        let entities: Vec<serde_json::Value> = facts
            .entities
            .iter()
            .map(|e| serde_json::json!({"kind": e.kind, "name": e.name, "mentions": e.mentions.len()}))
            .collect();
        let v = serde_json::json!({"facts": list, "entities": entities});
        writeln!(out, "{v}")?;
        return Ok(cut);
    }
    print_table(&facts, out)?;
    Ok(cut)
}

fn json_fact(f: &Fact) -> serde_json::Value {
    let mut v = serde_json::json!({
        "kind": f.kind,
        "text": f.text,
        "value": f.value,
        "start": f.start,
        "end": f.end,
    });
    if let (Some(role), Some(map)) = (&f.role, v.as_object_mut()) {
        map.insert("role".into(), serde_json::Value::from(role.as_str()));
    }
    v
}

fn print_table(facts: &Facts, out: &mut dyn Write) -> std::io::Result<()> {
    const ORDER: [Kind; 8] = [
        Kind::Person,
        Kind::Place,
        Kind::Organization,
        Kind::Date,
        Kind::Quantity,
        Kind::Number,
        Kind::Quote,
        Kind::Source,
    ];
    for kind in ORDER {
        if kind.is_entity() {
            let ents: Vec<_> = facts.entities.iter().filter(|e| e.kind == kind).collect();
            if ents.is_empty() {
                continue;
            }
            writeln!(out, "{} ({})", kind.name(), ents.len())?;
            for e in ents {
                let role = facts
                    .facts
                    .iter()
                    .filter(|f| f.kind == kind && f.value.as_deref() == Some(e.name.as_str()))
                    .find_map(|f| f.role.as_deref());
                match role {
                    Some(r) => writeln!(out, "  {} ({r})  ×{}", e.name, e.mentions.len())?,
                    None => writeln!(out, "  {}  ×{}", e.name, e.mentions.len())?,
                }
            }
            continue;
        }
        let list: Vec<_> = facts.facts.iter().filter(|f| f.kind == kind).collect();
        if list.is_empty() {
            continue;
        }
        writeln!(out, "{} ({})", kind.name(), list.len())?;
        for f in list {
            let text: String = f.text.chars().take(100).collect();
            match &f.value {
                Some(v) if *v != f.text => writeln!(out, "  {text}  → {v}")?,
                _ => writeln!(out, "  {text}")?,
            }
        }
    }
    Ok(())
}

/// `akhbar facts [--json] [--date D] FILE|-`.
pub fn run(json: bool, date: Option<&str>, file: &Path) -> anyhow::Result<()> {
    let text = read_input(file)?;
    let is_furniture = |line: &str| {
        akhbar::ingest::furniture::classify(line) != akhbar::ingest::furniture::LineKind::Text
    };
    let opts = Options {
        reference: parse_date(date)?,
        json,
        is_furniture: &is_furniture,
    };
    let cut = print(&text, &opts, &mut std::io::stdout().lock())?;
    if let Some(at) = cut {
        super::eprint_line(&format!(
            "akhbar: {}: facts read from the first {at} of {} bytes (at most {} lines, {} bytes)",
            file.display(),
            text.len(),
            akhbar::facts::lines::MAX_LINES,
            akhbar::facts::lines::MAX_TEXT_BYTES,
        ));
    }
    Ok(())
}
