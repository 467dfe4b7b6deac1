//! Plain data shared by every layer: articles, paragraphs, languages and directions.
//! Nothing here knows about terminals, files or storage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable identifier for an article within one loaded collection.
///
/// For files it is the file stem (`000_58f7478ab411ec6c`); for JSON Lines corpora the
/// record's own `id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// How the id of a feed entry without a guid of its own starts: such an entry is known by
    /// its link, title and date within its feed, not by this id (see `store::import`).
    pub const NO_GUID: &'static str = "no-guid:";

    /// Whether the id was made up by akhbar for an entry that had none.
    pub fn is_made_up(&self) -> bool {
        self.0.starts_with(Self::NO_GUID)
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The language of a paragraph or an article, as far as akhbar needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    Fa,
    He,
    Ur,
    En,
    /// Latin script that is not recognisably English (French, German, ...).
    Latin,
    /// Two scripts in roughly equal measure (an Arabic article quoting English).
    Mixed,
    /// No letters at all (numbers, punctuation).
    Unknown,
}

impl Lang {
    /// The short code shown in the list and printed by `akhbar list --json`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Fa => "fa",
            Lang::He => "he",
            Lang::Ur => "ur",
            Lang::En => "en",
            Lang::Latin => "latin",
            Lang::Mixed => "mixed",
            Lang::Unknown => "und",
        }
    }

    /// Parses a code as written in headers and sidecars (`ar`, `en`, `fa`, ...).
    pub fn from_code(code: &str) -> Option<Lang> {
        Some(match code.trim().to_ascii_lowercase().as_str() {
            "ar" | "arabic" => Lang::Ar,
            "fa" | "persian" | "farsi" => Lang::Fa,
            "he" | "iw" | "hebrew" => Lang::He,
            "ur" | "urdu" => Lang::Ur,
            "en" | "english" => Lang::En,
            "latin" | "fr" | "de" | "es" | "it" | "pt" => Lang::Latin,
            "mixed" => Lang::Mixed,
            "und" | "unknown" => Lang::Unknown,
            _ => return None,
        })
    }
}

/// Base direction of a paragraph (UAX #9 terms: the paragraph embedding level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    pub fn from_code(code: &str) -> Option<Direction> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ltr" => Some(Direction::Ltr),
            "rtl" => Some(Direction::Rtl),
            _ => None,
        }
    }
}

/// One paragraph of body text, already sanitized: no control characters, no explicit bidi
/// embeddings, overrides or isolates, no tabs, no line breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    pub lang: Lang,
    /// Base direction by the first strong character, or the article's override.
    pub dir: Direction,
}

/// Where an article came from, for `akhbar list --json` and the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "path", rename_all = "lowercase")]
pub enum Origin {
    /// Compiled into the binary from `seeds/`; the value is the file name.
    Embedded(String),
    /// A file on disk (for a JSON Lines corpus: the corpus file).
    File(String),
    /// An entry of a feed: the feed's URL. Its [`Article::id`] is the entry's own id (guid,
    /// Atom id or JSON Feed id, else its link), which the store scopes by this URL.
    Feed(String),
}

impl Origin {
    /// The path as printed: `seeds/NAME` for embedded articles.
    pub fn path(&self) -> String {
        match self {
            Origin::Embedded(name) => format!("seeds/{name}"),
            Origin::File(path) => path.clone(),
            Origin::Feed(url) => url.clone(),
        }
    }
}

/// An article as akhbar reads it: sanitized title, metadata and body paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    /// Who published it (header, sidecar, feed, or read off the page: a source line, a
    /// copyright line, the masthead, the URL's host); `None` when unknown.
    pub source: Option<String>,
    /// Who wrote it (a byline), when the page names a person; never the outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date; `None` means "no date" and is never replaced by a guess.
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    /// The article's dominant language.
    pub lang: Lang,
    /// The title's base direction (from the override or the first strong character).
    pub dir: Direction,
    /// Set by a `dir` header or sidecar field: every paragraph takes this direction.
    pub dir_override: Option<Direction>,
    pub paragraphs: Vec<Paragraph>,
    pub origin: Origin,
    /// Media a feed entry carries beside its text (podcast audio, images), in feed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enclosures: Vec<Enclosure>,
}

/// A file a feed entry points to beside its text: an RSS `<enclosure>`, a Media RSS
/// `<media:content>`, an Atom `rel="enclosure"` link or a JSON Feed attachment. Only http
/// and https links are kept; the type and size are the feed's word for them (never fetched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub url: String,
    /// The media type the feed gives (`audio/mpeg`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// The size the feed gives, in bytes, if any (and not 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

impl Enclosure {
    /// How the reader describes it: `audio/mpeg · 24.1 MB` (decimal units), or the parts
    /// known.
    pub fn describe(&self) -> String {
        let size = self.bytes.map(human_size);
        match (self.mime.as_deref(), size) {
            (Some(m), Some(s)) => format!("{m} · {s}"),
            (Some(m), None) => m.to_string(),
            (None, Some(s)) => s,
            (None, None) => "file".to_string(),
        }
    }
}

/// A size in bytes as people read it: `824 B`, `12.5 kB`, `24.1 MB`, `1.2 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

impl Article {
    /// The fields of the line under the title in the reader and in `akhbar render`, in
    /// order: source · host · author · date (or "no date") · language · words. A part that
    /// is unknown or empty is left out (the date says "no date"), so no separator is ever
    /// doubled.
    pub fn meta_fields(&self) -> Vec<String> {
        let date = self
            .date
            .map_or_else(|| "no date".to_string(), |d| d.to_string());
        let mut parts = Vec::with_capacity(6);
        if let Some(s) = &self.source {
            parts.push(s.clone());
        }
        if let Some(h) = self.host() {
            // The host is worth a field only when the source does not already say it.
            if !parts.iter().any(|p| p.eq_ignore_ascii_case(&h)) {
                parts.push(h);
            }
        }
        if let Some(a) = &self.author {
            parts.push(a.clone());
        }
        parts.push(date);
        parts.push(self.lang.code().to_string());
        parts.push(format!("{} words", self.word_count()));
        parts.retain(|p| !p.trim().is_empty());
        parts
    }

    /// The meta line as one string: [`Article::meta_fields`] joined by ` · `.
    pub fn meta_line(&self) -> String {
        self.meta_fields().join(" · ")
    }

    /// The host of the article's link (`www.` dropped), when it has an http or https one.
    pub fn host(&self) -> Option<String> {
        link_host(self.url.as_deref()?)
    }

    /// Number of words in the body, counting runs separated by whitespace.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum()
    }
}

/// The host of an http or https link, lower-cased, without user info, port or a leading
/// `www.`; `None` for anything else (a `javascript:` or `file:` link has no host to show).
pub fn link_host(link: &str) -> Option<String> {
    let link = link.trim();
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &link[8..]
    } else if lower.starts_with("http://") {
        &link[7..]
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        // An IPv6 literal keeps its brackets.
        Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or("")),
        None => host_port.split(':').next().unwrap_or("").to_string(),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let printable = host.chars().all(|c| !c.is_control() && !c.is_whitespace());
    (!host.is_empty() && printable).then_some(host)
}

/// A feed the user subscribes to, as the config file's `[[feeds]]` list, OPML and newsboat's
/// `urls` file describe it. Only `url` is required.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    pub url: String,
    /// Shown instead of the feed's own title (newsboat's `"~title"`, OPML's `title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `rtl` or `ltr` forces every article's direction; absent (or `auto`) detects it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "direction_setting"
    )]
    pub direction: Option<Direction>,
    /// Minutes between automatic refreshes of this feed; absent: the global interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_minutes: Option<u32>,
    /// The most articles of this feed kept; older unstarred ones beyond it are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_articles: Option<u32>,
}

/// `direction = "rtl" | "ltr" | "auto"` in the config file.
mod direction_setting {
    use super::Direction;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(dir: &Option<Direction>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(dir.map_or("auto", Direction::code))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Direction>, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        Direction::from_code(&text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!("direction {text:?}: use rtl, ltr or auto"))
        })
    }
}

/// Where a full-text match must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// The title or the body.
    Any,
    Title,
    Body,
}

/// One thing a full-text index must find in an article: a word (one position) or a phrase
/// (positions in order, next to each other). Each position holds index tokens
/// (`text::tokens`), any of which will do there; only the first position of a phrase may
/// hold more than one. Plain data, so every store backend reads the same question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub field: TextField,
    pub words: Vec<Vec<String>>,
}

/// A question for the full-text index: articles that meet every match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextQuery {
    pub all: Vec<TextMatch>,
}

impl TextQuery {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_links() {
        assert_eq!(
            link_host("https://www.Example.org:8443/a?b#c").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            link_host("http://user@news.example/x").as_deref(),
            Some("news.example")
        );
        assert_eq!(link_host("javascript:alert(1)"), None);
        assert_eq!(link_host("file:///etc/passwd"), None);
        assert_eq!(link_host("https://"), None);
        assert_eq!(link_host("ftp://example.org/"), None);
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(24_100_000), "24.1 MB");
        assert_eq!(human_size(85_370_880), "85.4 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(u64::MAX), "18446744.1 TB");
        assert_eq!(link_host("https://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(
            link_host("بوتين"),
            None,
            "non-ASCII never slices mid-character"
        );
    }
}
