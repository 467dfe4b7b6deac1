//! Subscriptions in and out: OPML (what most feed readers import and export) and newsboat's
//! `urls` file.
//!
//! OPML is read with quick-xml (the XML reader feed-rs itself uses, so it costs no extra
//! build). Like feeds, an OPML file is decoded from its charset first and its DOCTYPE is never
//! read: only the predefined entities and character references are expanded.

use super::charset;
use super::feed::{one_line, FeedError};
use super::sanitize::clean_line;
use crate::model::{Direction, Subscription};
use opml_xml::events::Event;
use opml_xml::XmlVersion;

/// Reads the subscriptions of an OPML file: every `outline` with an `xmlUrl`. The `text` (or
/// `title`) of the outlines that enclose it become its tags, and so do the last parts of its
/// `category` paths; its own `title` (or `text`) is its title. `direction`, `refreshMinutes`
/// and `maxArticles` attributes, which [`write_opml`] writes, are read back.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<Subscription>, FeedError> {
    let decoded = charset::decode(bytes, None, charset::Kind::Xml);
    let text = strip_declaration(&decoded.text);
    if text.trim().is_empty() {
        return Err(FeedError::Empty);
    }
    let mut reader = opml_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);

    let mut subs = Vec::new();
    let mut saw_opml = false;
    // One entry per open `outline`: the tag it gives its children, if any.
    let mut open: Vec<Option<String>> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| FeedError::Opml(one_line(&format!("invalid XML: {e}"))))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if name.eq_ignore_ascii_case("opml") {
                    saw_opml = true;
                    continue;
                }
                if !name.eq_ignore_ascii_case("outline") {
                    continue;
                }
                let attrs = Attrs::of(e);
                let tag = if let Some(url) = attrs.get("xmlurl").map(|u| clean_line(&u)) {
                    if !url.is_empty() {
                        subs.push(attrs.subscription(url, &open));
                    }
                    None
                } else {
                    attrs
                        .get("text")
                        .or_else(|| attrs.get("title"))
                        .map(|t| clean_line(&t))
                        .filter(|t| !t.is_empty())
                };
                if !is_empty {
                    open.push(tag);
                }
            }
            Event::End(ref e) if e.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(FeedError::Opml("no <opml> element".into()));
    }
    Ok(subs)
}

/// The XML from its first element on, without the declaration: the text is UTF-8 now.
fn strip_declaration(text: &str) -> &str {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    match t.strip_prefix("<?xml") {
        Some(rest) => rest.find("?>").map_or(t, |end| &rest[end + 2..]),
        None => t,
    }
}

/// An outline's attributes, names lowercased, values unescaped.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn of(e: &opml_xml::events::BytesStart<'_>) -> Attrs {
        Attrs(
            e.attributes()
                .flatten()
                .map(|a| {
                    let key = a.key.local_name().as_ref().to_ascii_lowercase();
                    let value = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| a.value.clone().into_owned());
                    (key, value)
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn subscription(&self, url: String, open: &[Option<String>]) -> Subscription {
        let title = self
            .get("title")
            .or_else(|| self.get("text"))
            .map(|t| clean_line(&t))
            // A title that only repeats the address (OPML needs a `text`) is no title.
            .filter(|t| !t.is_empty() && *t != url);
        let mut tags: Vec<String> = open.iter().flatten().cloned().collect();
        if let Some(cats) = self.get("category") {
            for cat in cats.split(',') {
                let last = cat
                    .trim()
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                let last = clean_line(last);
                if !last.is_empty() {
                    tags.push(last);
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        tags.retain(|t| seen.insert(t.clone()));
        Subscription {
            url,
            title,
            tags,
            direction: self.get("direction").and_then(|d| Direction::from_code(&d)),
            refresh_minutes: self
                .get("refreshminutes")
                .and_then(|v| v.trim().parse().ok()),
            max_articles: self.get("maxarticles").and_then(|v| v.trim().parse().ok()),
        }
    }
}

/// Writes subscriptions as OPML 2.0. Feeds are grouped under an outline named after their
/// first tag (what most readers show as folders); every tag is also in `category`, so
/// [`parse_opml`] gives back the same list.
pub fn write_opml(subs: &[Subscription], title: &str) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str("  <head>\n    <title>");
    out.push_str(&xml_escape(title));
    out.push_str("</title>\n  </head>\n  <body>\n");
    // Folders in the order their first feed appears; untagged feeds at the top level.
    let mut folders: Vec<&str> = Vec::new();
    for s in subs {
        if let Some(first) = s.tags.first() {
            if !folders.contains(&first.as_str()) {
                folders.push(first);
            }
        }
    }
    for s in subs.iter().filter(|s| s.tags.is_empty()) {
        write_outline(&mut out, s, "    ");
    }
    for folder in folders {
        let f = xml_escape(folder);
        out.push_str(&format!("    <outline text=\"{f}\" title=\"{f}\">\n"));
        for s in subs
            .iter()
            .filter(|s| s.tags.first().map(String::as_str) == Some(folder))
        {
            write_outline(&mut out, s, "      ");
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_outline(out: &mut String, s: &Subscription, indent: &str) {
    let title = s.title.as_deref().unwrap_or(&s.url);
    out.push_str(indent);
    out.push_str("<outline type=\"rss\"");
    out.push_str(&format!(" text=\"{}\"", xml_escape(title)));
    if let Some(t) = &s.title {
        out.push_str(&format!(" title=\"{}\"", xml_escape(t)));
    }
    out.push_str(&format!(" xmlUrl=\"{}\"", xml_escape(&s.url)));
    if !s.tags.is_empty() {
        out.push_str(&format!(" category=\"{}\"", xml_escape(&s.tags.join(","))));
    }
    if let Some(d) = s.direction {
        out.push_str(&format!(" direction=\"{}\"", d.code()));
    }
    if let Some(m) = s.refresh_minutes {
        out.push_str(&format!(" refreshMinutes=\"{m}\""));
    }
    if let Some(m) = s.max_articles {
        out.push_str(&format!(" maxArticles=\"{m}\""));
    }
    out.push_str("/>\n");
}

/// Escapes text for an XML attribute or element (newlines and tabs as character references,
/// so attributes keep them); drops characters XML 1.0 cannot hold. The OPML writers (here and
/// the store's export) share it.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// What [`parse_newsboat_urls`] read: the feeds, and a line for each line it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsboatImport {
    pub subscriptions: Vec<Subscription>,
    /// `line N: ...`, one line each.
    pub skipped: Vec<String>,
}

/// Reads newsboat's `urls` file: `URL tag "tag two" "~Custom title"` per line, `#` comments
/// and blank lines ignored. `exec:`, `filter:` and `query:` feeds cannot be fetched by akhbar
/// and are reported in `skipped`, as are lines that are not web addresses. The `!` tag
/// (newsboat's "hidden") has no meaning here: the feed is imported without it, with a note.
pub fn parse_newsboat_urls(text: &str) -> NewsboatImport {
    let mut import = NewsboatImport::default();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let tokens = split_quoted(line);
        let Some(url) = tokens.first() else {
            continue;
        };
        let url = clean_line(url);
        let lower = url.to_ascii_lowercase();
        if let Some(kind) = ["exec:", "filter:", "query:"]
            .into_iter()
            .find(|k| lower.starts_with(k))
        {
            import
                .skipped
                .push(format!("line {n}: {kind} feeds are not supported, skipped"));
            continue;
        }
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            import.skipped.push(format!(
                "line {n}: not an http(s) address ({}), skipped",
                one_line(&shorten_for_note(&url))
            ));
            continue;
        }
        let mut sub = Subscription {
            url,
            ..Subscription::default()
        };
        for token in &tokens[1..] {
            if let Some(title) = token.strip_prefix('~') {
                let title = clean_line(title);
                if !title.is_empty() {
                    sub.title = Some(title);
                }
            } else if token == "!" {
                import.skipped.push(format!(
                    "line {n}: the \"!\" (hidden) tag has no meaning in akhbar; the feed is imported without it"
                ));
            } else {
                let tag = clean_line(token);
                if !tag.is_empty() && !sub.tags.contains(&tag) {
                    sub.tags.push(tag);
                }
            }
        }
        import.subscriptions.push(sub);
    }
    import
}

fn shorten_for_note(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// Splits a line at spaces, keeping `"double quoted"` parts whole (`\"` and `\\` escaped).
fn split_quoted(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut has_token = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_quotes => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '"' => {
                in_quotes = !in_quotes;
                has_token = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if has_token {
                    tokens.push(std::mem::take(&mut current));
                    has_token = false;
                }
            }
            c => {
                current.push(c);
                has_token = true;
            }
        }
    }
    if has_token {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_tokens() {
        assert_eq!(
            split_quoted(r#"https://a.example/rss news "world news" "~My \"title\"""#),
            [
                "https://a.example/rss",
                "news",
                "world news",
                "~My \"title\""
            ]
        );
        assert_eq!(
            split_quoted(r#""query:Unread:unread = \"yes\"""#),
            ["query:Unread:unread = \"yes\""]
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape("a&b<c>\"d'\u{1b}\n"),
            "a&amp;b&lt;c&gt;&quot;d&apos;&#10;"
        );
    }
}
