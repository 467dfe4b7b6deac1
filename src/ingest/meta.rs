//! Article metadata from outside the text: header lines at the top of a file (`date: …`) or a
//! sidecar `NAME.toml` beside it, so a scraped file can stay byte for byte.

use crate::model::{Direction, Lang};
use chrono::NaiveDate;

/// Metadata fields; each one is optional, and a field from a header wins over the sidecar.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Who wrote it (a byline); never the outlet.
    pub author: Option<String>,
    pub url: Option<String>,
    pub lang: Option<Lang>,
    pub dir: Option<Direction>,
}

impl Meta {
    /// Fills the fields still empty here from `other`.
    pub fn or(self, other: Meta) -> Meta {
        Meta {
            title: self.title.or(other.title),
            date: self.date.or(other.date),
            source: self.source.or(other.source),
            author: self.author.or(other.author),
            url: self.url.or(other.url),
            lang: self.lang.or(other.lang),
            dir: self.dir.or(other.dir),
        }
    }

    /// Sets one field from its textual value. An unknown key or a bad value is an error
    /// message; the field stays empty.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = super::sanitize::clean_line(value);
        match key {
            "title" => self.title = Some(value),
            "source" => self.source = Some(value),
            "author" => self.author = Some(value),
            "url" => self.url = Some(value),
            "date" => self.date = Some(parse_date(&value)?),
            "lang" => {
                self.lang =
                    Some(Lang::from_code(&value).ok_or_else(|| format!("unknown lang {value:?}"))?)
            }
            "dir" => {
                if !value.eq_ignore_ascii_case("auto") {
                    self.dir =
                        Some(Direction::from_code(&value).ok_or_else(|| {
                            format!("dir must be rtl, ltr or auto, not {value:?}")
                        })?)
                }
            }
            _ => return Err(format!("unknown metadata key {key:?}")),
        }
        Ok(())
    }
}

/// `YYYY-MM-DD`, or an RFC 3339 timestamp whose date (in its own offset) is taken.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.date_naive());
    }
    Err(format!("bad date {s:?} (want YYYY-MM-DD)"))
}

const HEADER_KEYS: &[&str] = &["date", "source", "author", "url", "lang", "dir", "title"];

/// Reads `key: value` header lines at the very top of a text. Returns the metadata, the
/// number of lines they took (with the blank line after them), and problems found.
pub fn parse_headers(lines: &[&str]) -> (Meta, usize, Vec<String>) {
    let mut meta = Meta::default();
    let mut problems = Vec::new();
    let mut used = 0;
    for line in lines {
        let Some((key, value)) = line.split_once(':') else {
            break;
        };
        let key = key.trim();
        if !HEADER_KEYS.contains(&key) || key.len() != key.trim_start().len() {
            break;
        }
        if let Err(e) = meta.set(key, value) {
            problems.push(format!("line {}: {e}", used + 1));
        }
        used += 1;
    }
    if used > 0 && lines.get(used).is_some_and(|l| l.trim().is_empty()) {
        used += 1;
    }
    (meta, used, problems)
}

/// Parses a sidecar `NAME.toml`. Bad or unknown fields are reported and skipped; the others
/// are kept.
pub fn parse_sidecar(text: &str) -> (Meta, Vec<String>) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let msg = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            return (Meta::default(), vec![msg]);
        }
    };
    let mut meta = Meta::default();
    let mut problems = Vec::new();
    for (key, value) in &table {
        if !HEADER_KEYS.contains(&key.as_str()) {
            problems.push(format!("unknown field {key:?}"));
            continue;
        }
        // A bare TOML date (`date = 2024-08-18`) is as good as a string.
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                problems.push(format!("{key} must be text, not {}", other.type_str()));
                continue;
            }
        };
        if let Err(e) = meta.set(key, &text) {
            problems.push(e);
        }
    }
    (meta, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_stop_at_the_first_other_line() {
        let lines = [
            "date: 2024-11-11",
            "source: Gulf Ledger",
            "lang: en",
            "",
            "Title: with a colon",
        ];
        let (m, used, problems) = parse_headers(&lines);
        assert_eq!(used, 4);
        assert!(problems.is_empty());
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 11, 11));
        assert_eq!(m.source.as_deref(), Some("Gulf Ledger"));
        assert_eq!(m.lang, Some(Lang::En));
        let (_, used, _) = parse_headers(&["Breaking: news"]);
        assert_eq!(used, 0);
    }

    #[test]
    fn sidecar_fields_and_problems() {
        let (m, p) = parse_sidecar("date = \"2024-08-18\"\nsource = \"العربية الآن\"\n");
        assert!(p.is_empty());
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 8, 18));
        let (m, p) = parse_sidecar("date = 2024-08-18\n");
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 8, 18), "{p:?}");
        let (m, p) = parse_sidecar("date = \"yesterday\"\nsource = \"X\"\n");
        assert_eq!(m.date, None);
        assert_eq!(m.source.as_deref(), Some("X"));
        assert_eq!(p.len(), 1);
        let (_, p) = parse_sidecar("colour = \"red\"\n");
        assert_eq!(p.len(), 1);
    }
}
