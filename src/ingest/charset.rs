//! Bytes from the web turned into UTF-8 text: feeds and pages still come in windows-1255,
//! windows-1251, KOI8-R, GB2312 and undeclared Latin-1, so the charset is found (byte-order
//! mark, HTTP header, the document's own declaration, else a guess) and the text decoded
//! here, before any parser sees it. Used by the feed, OPML and page readers.

use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, X_USER_DEFINED};

/// Decoded text and how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding used, by its WHATWG name (`windows-1255`, `UTF-8`, ...).
    pub encoding: &'static str,
    /// A one-line note when the bytes did not match what they claimed, or a guess was made.
    pub warning: Option<String>,
}

/// Where a document says its charset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<?xml version="1.0" encoding="..."?>`
    Xml,
    /// `<meta charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`
    Html,
}

/// The `charset` parameter of a Content-Type header value, as a known encoding.
pub fn from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Encoding::for_label(value.as_bytes())
    })
}

/// The encoding named by an XML declaration at the start of `bytes`.
pub fn from_xml_declaration(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let start = skip_ascii_space(head);
    let rest = head[start..].strip_prefix(b"<?xml")?;
    let end = find(rest, b"?>")?;
    let decl = &rest[..end];
    let at = find_ci(decl, b"encoding")?;
    let after = &decl[at + b"encoding".len()..];
    let after = &after[skip_ascii_space(after)..];
    let after = after.strip_prefix(b"=")?;
    let after = &after[skip_ascii_space(after)..];
    let quote = *after.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &after[1..];
    let close = value.iter().position(|&b| b == quote)?;
    Encoding::for_label(&value[..close])
}

/// The encoding named by a `<meta>` tag in the first 1024 bytes of an HTML page.
pub fn from_html_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut from = 0;
    while let Some(at) = find_ci(&head[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = head[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find_ci(tag, b"charset") {
            let after = &tag[c + b"charset".len()..];
            let after = &after[skip_ascii_space(after)..];
            if let Some(after) = after.strip_prefix(b"=") {
                let after = &after[skip_ascii_space(after)..];
                let after = after
                    .strip_prefix(b"\"")
                    .or_else(|| after.strip_prefix(b"'"))
                    .unwrap_or(after);
                let len = after
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(after.len());
                if let Some(enc) = Encoding::for_label(&after[..len]) {
                    return Some(enc);
                }
            }
        }
        from = tag_end;
    }
    None
}

/// Decodes a document. Order: a byte-order mark; bytes that are valid UTF-8 (no legacy
/// text with letters beyond ASCII is); the HTTP charset; the document's declaration; else
/// a guess from the bytes (chardetng), which takes undeclared Latin-1 to windows-1252.
pub fn decode(bytes: &[u8], content_type: Option<&str>, kind: Kind) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            warning: had_errors.then(|| {
                format!(
                    "bytes invalid in {} (its byte-order mark) replaced with U+FFFD",
                    enc.name()
                )
            }),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            warning: None,
        };
    }
    let header = content_type.and_then(from_content_type);
    let declared = match kind {
        Kind::Xml => from_xml_declaration(bytes),
        Kind::Html => from_html_meta(bytes),
    };
    // A declaration of UTF-8 (or of UTF-16, which ASCII-readable bytes cannot be) is already
    // known to be wrong here; a legacy name is taken at its word.
    let usable = |e: &&'static Encoding| {
        ![UTF_8, UTF_16LE, UTF_16BE, REPLACEMENT, X_USER_DEFINED].contains(e)
    };
    let claimed_utf8 = header == Some(UTF_8) || declared == Some(UTF_8);
    let chosen = header.filter(usable).or(declared.filter(usable));
    let (enc, guessed) = match chosen {
        Some(enc) => (enc, false),
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            (detector.guess(None, chardetng::Utf8Detection::Deny), true)
        }
    };
    let (text, _, had_errors) = enc.decode(bytes);
    let warning = if guessed {
        Some(format!(
            "{} bytes that are not UTF-8, decoded as {} (a guess)",
            if claimed_utf8 {
                "declared UTF-8 but has"
            } else {
                "no charset declared and"
            },
            enc.name()
        ))
    } else if had_errors {
        Some(format!(
            "bytes invalid in {} replaced with U+FFFD",
            enc.name()
        ))
    } else {
        None
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        warning,
    }
}

fn skip_ascii_space(b: &[u8]) -> usize {
    b.iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_headers_and_declarations() {
        assert_eq!(
            from_content_type("text/xml; charset=\"windows-1255\"").map(|e| e.name()),
            Some("windows-1255")
        );
        assert_eq!(from_content_type("text/xml"), None);
        assert_eq!(
            from_xml_declaration(b"<?xml version='1.0' encoding='koi8-r'?><rss/>")
                .map(|e| e.name()),
            Some("KOI8-R")
        );
        assert_eq!(
            from_html_meta(b"<html><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1256\">")
                .map(|e| e.name()),
            Some("windows-1256")
        );
        assert_eq!(
            from_html_meta(b"<meta charset=utf-8>").map(|e| e.name()),
            Some("UTF-8")
        );
    }

    #[test]
    fn legacy_bytes_are_decoded() {
        // "שלום" in windows-1255.
        let doc = b"<?xml version=\"1.0\" encoding=\"windows-1255\"?><t>\xf9\xec\xe5\xed</t>";
        let d = decode(doc, None, Kind::Xml);
        assert!(d.text.contains("שלום"), "{}", d.text);
        assert_eq!(d.warning, None);
        // The header wins over the declaration when the bytes are not UTF-8.
        let d = decode(
            b"<t>\xf9\xec\xe5\xed</t>",
            Some("text/xml; charset=windows-1255"),
            Kind::Xml,
        );
        assert!(d.text.contains("שלום"));
        // Undeclared Latin-1 is guessed, with a warning.
        let d = decode(b"<t>Not\xedcias de S\xe3o Paulo</t>", None, Kind::Xml);
        assert!(d.text.contains("Notícias de São Paulo"), "{}", d.text);
        assert!(d.warning.is_some());
        // A BOM wins.
        let d = decode(
            b"\xef\xbb\xbf<t>ok</t>",
            Some("text/xml; charset=koi8-r"),
            Kind::Xml,
        );
        assert_eq!(d.text, "<t>ok</t>");
    }
}
