//! A cap on what an XML feed may hold before feed-rs builds it in memory: at most
//! `max_items` items (RSS `<item>`, Atom `<entry>`) and elements nested at most
//! [`MAX_DEPTH`] deep. feed-rs keeps every entry it reads (a 20 MB feed of millions of empty
//! `<item/>` took gigabytes), so the document is cut after the last item kept and its open
//! elements are closed; the items beyond are counted (never silently dropped: the caller
//! warns). One streaming pass that keeps only the names of the open elements.

use super::FeedError;
use opml_xml::events::Event;

/// Elements nested deeper than this make the feed invalid: no real feed comes near it, and
/// a million nested elements must not reach a recursive parser.
pub const MAX_DEPTH: usize = 256;

/// Items kept per feed when the subscription does not say.
pub const DEFAULT_MAX_ITEMS: usize = 10_000;

/// The document cut after its `max_items`-th item (or whole), and how many items it held.
pub(super) fn cap_items(xml: String, max_items: usize) -> Result<(String, usize), FeedError> {
    let mut reader = opml_xml::Reader::from_str(&xml);
    reader.config_mut().check_end_names = false;
    let mut open: Vec<String> = Vec::new();
    let (mut items, mut cut) = (0usize, None);
    // Malformed XML ends the scan: feed-rs gives the error its own words; only the cap is ours.
    while let Ok(event) = reader.read_event() {
        let is_item = |name: &str| matches!(local(name), "item" | "entry");
        match event {
            Event::Start(e) => {
                if open.len() >= MAX_DEPTH {
                    return Err(FeedError::Xml(format!(
                        "elements are nested deeper than {MAX_DEPTH}"
                    )));
                }
                open.push(e.name().into_inner().to_owned());
            }
            Event::End(e) => {
                open.pop();
                if is_item(e.name().into_inner()) && open.len() <= 2 {
                    items += 1;
                    if items == max_items {
                        cut = Some((reader.buffer_position() as usize, open.clone()));
                    }
                }
            }
            Event::Empty(e) if is_item(e.name().into_inner()) && open.len() <= 2 => {
                items += 1;
                if items == max_items {
                    cut = Some((reader.buffer_position() as usize, open.clone()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some((at, open)) = cut.filter(|_| items > max_items) else {
        return Ok((xml, items));
    };
    let mut out = String::with_capacity(at + 64);
    out.push_str(xml.get(..at).unwrap_or(&xml));
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    Ok((out, items))
}

/// The local part of a qualified name (`atom:entry` -> `entry`).
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_over_the_cap_is_cut_after_its_last_kept_item() {
        let xml = format!(
            "<rss version=\"2.0\"><channel><title>t</title>{}</channel></rss>",
            "<item><title>x</title></item><item/>".repeat(3)
        );
        let (cut, items) = cap_items(xml.clone(), 4).unwrap();
        assert_eq!(items, 6);
        assert!(cut.ends_with("<item><title>x</title></item><item/></channel></rss>"));
        assert_eq!(cut.matches("<item").count(), 4);
        let (whole, items) = cap_items(xml.clone(), 6).unwrap();
        assert_eq!((whole, items), (xml, 6));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(cap_items(xml, 10).is_err());
    }
}
