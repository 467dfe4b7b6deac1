//! Feed XML made parseable before feed-rs reads it: a DOCTYPE refused, markup in RSS 0.9x
//! descriptions wrapped, empty text elements that would fail the parse dropped.

use super::*;

/// The XML from its root element on: no declaration (the text is UTF-8 now, whatever it
/// said), no DOCTYPE, no prolog comments; an `<rss>` root without a version known to
/// feed-rs gets `version="2.0"`.
pub(super) fn prepare_xml(text: &str) -> Result<String, FeedError> {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or_else(|| FeedError::Xml("a processing instruction is not closed".into()))?;
            rest = &rest[end + 2..];
        } else if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .ok_or_else(|| FeedError::Xml("a comment is not closed".into()))?;
            rest = &rest[end + 3..];
        } else if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            // Bytes: a str cut at byte 9 may fall inside a character (found by fuzzing).
            rest = &rest[doctype_len(rest)?..];
        } else {
            break;
        }
    }
    if !rest.starts_with('<') {
        return Err(FeedError::Xml("no root element".into()));
    }
    let tag_end =
        tag_end(rest).ok_or_else(|| FeedError::Xml("the root tag is not closed".into()))?;
    let tag = &rest[..tag_end];
    let name_end = tag[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(tag.len(), |i| i + 1);
    let root = match &tag[1..name_end] {
        "rss" => match attr_value_range(tag, "version") {
            Some(range) if matches!(&tag[range.clone()], "2.0" | "0.91" | "0.92") => {
                rest.to_owned()
            }
            Some(range) => format!("{}2.0{}", &rest[..range.start], &rest[range.end..]),
            None => format!("<rss version=\"2.0\"{}", &rest[4..]),
        },
        // RSS 0.90 is RSS 1.0's elements in Netscape's namespace: read it as RSS 1.0.
        name if name.ends_with("RDF") && tag.contains(RSS090_NS) => format!(
            "{}{}",
            tag.replace(RSS090_NS, "http://purl.org/rss/1.0/"),
            &rest[tag_end..]
        ),
        _ => {
            return Ok(drop_empty_text_elements(drop_late_declarations(
                rest.to_owned(),
            )))
        }
    };
    Ok(drop_empty_text_elements(wrap_markup_descriptions(
        drop_late_declarations(root),
    )))
}

/// XML declarations (`<?xml … ?>`) after the root element has begun: only the document's
/// start may hold one, and quick-xml panics on one met later when it names an encoding (a
/// feed that pasted another feed's text into an entry; found by fuzzing). The text is UTF-8
/// already, so a late declaration says nothing and is removed, wherever it stands: a scan
/// that tried to skip CDATA, comments or attribute values could read them differently from
/// the parser (the fuzzer found such a document), so the literal text of a declaration
/// inside a CDATA section is removed too.
pub(super) fn drop_late_declarations(xml: String) -> String {
    let is_decl = |s: &str| {
        s.strip_prefix("<?xml")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace() || c == '?'))
    };
    if !xml
        .match_indices("<?xml")
        .any(|(at, _)| is_decl(&xml[at..]))
    {
        return xml;
    }
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<?xml") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if !is_decl(rest) {
            out.push_str("<?xml");
            rest = &rest["<?xml".len()..];
            continue;
        }
        match rest.find("?>") {
            Some(end) => rest = &rest[end + 2..],
            // Unclosed: the parser reports it and reads no declaration.
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// RSS `<description>`s that hold raw (X)HTML elements instead of escaped text (the infomed
/// feed's `<description><div dir="rtl">...</div></description>`): feed-rs reads only text
/// there, so the markup is wrapped in CDATA and read as the HTML it is.
pub(super) fn wrap_markup_descriptions(xml: String) -> String {
    const OPEN: &str = "<description>";
    const CLOSE: &str = "</description>";
    let needs = xml.match_indices(OPEN).any(|(at, _)| {
        let inner = xml[at + OPEN.len()..].trim_start();
        inner.starts_with('<') && !inner.starts_with("<![CDATA[") && !inner.starts_with(CLOSE)
    });
    if !needs {
        return xml;
    }
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml.as_str();
    while let Some(at) = rest.find(OPEN) {
        let start = at + OPEN.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let inner = rest.trim_start();
        let wrap = inner.starts_with('<') && !inner.starts_with("<![CDATA[");
        let Some(end) = rest.find(CLOSE).filter(|_| wrap) else {
            continue;
        };
        out.push_str("<![CDATA[");
        out.push_str(&rest[..end].replace("]]>", "]]]]><![CDATA[>"));
        out.push_str("]]>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

const RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";

/// Text elements that feed-rs refuses when they are empty (`<media:description/>` in the New
/// York Times feed): an empty one says nothing, so it is removed.
const MAYBE_EMPTY: &[&str] = &[
    "media:title",
    "media:description",
    "media:text",
    "title",
    "subtitle",
    "summary",
    "rights",
];

pub(super) fn drop_empty_text_elements(mut xml: String) -> String {
    for name in MAYBE_EMPTY {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        if !xml.contains(&open) {
            continue;
        }
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml.as_str();
        while let Some(at) = rest.find(&open) {
            out.push_str(&rest[..at]);
            let candidate = &rest[at..];
            let after_name = candidate[open.len()..].chars().next();
            let is_tag = matches!(after_name, Some(c) if c.is_whitespace() || c == '/' || c == '>');
            let Some(end) = tag_end(candidate).filter(|_| is_tag) else {
                out.push_str(&open);
                rest = &candidate[open.len()..];
                continue;
            };
            if candidate[..end].ends_with("/>") {
                rest = &candidate[end..];
                continue;
            }
            let body = &candidate[end..];
            let trimmed = body.trim_start();
            if trimmed.starts_with(&close) {
                rest = &trimmed[close.len()..];
                continue;
            }
            out.push_str(&candidate[..end]);
            rest = body;
        }
        out.push_str(rest);
        xml = out;
    }
    xml
}

/// The length of a `<!DOCTYPE ...>` at the start of `s`, internal subset included.
fn doctype_len(s: &str) -> Result<usize, FeedError> {
    markup_end(s, true).ok_or_else(|| FeedError::Xml("the DOCTYPE is not closed".into()))
}

/// Where the start tag at the beginning of `s` ends (just past `>`), quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    markup_end(s, false)
}

/// Just past the `>` that closes the markup at the start of `s`, skipping quoted values and,
/// with `subset`, a `[...]` internal subset.
fn markup_end(s: &str, subset: bool) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') if subset => depth += 1,
            (None, ']') if subset => depth = depth.saturating_sub(1),
            (None, '>') if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The byte range of an attribute's value inside a start tag.
fn attr_value_range(tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start > 0 && bytes[start - 1].is_ascii_whitespace();
        let after = tag[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let after_eq = after[1..].trim_start();
        let quote = after_eq.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_start = tag.len() - after_eq.len() + 1;
        let value_len = tag[value_start..].find(quote)?;
        return Some(value_start..value_start + value_len);
    }
    None
}
