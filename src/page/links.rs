//! The numbers the reader gives links: `[1]` the article's own link, then each link of its
//! text in reading order (one number per address), then its enclosures. The text says the
//! same numbers: a `[k]` the HTML reader left after a link's text is renumbered to the
//! list's number, a bare address gets ` [n]` after it, and the `[k] address` paragraphs the
//! HTML reader put at the end of the body leave it (the list at the end says them). The
//! changes are kept as [`Splice`]s, so ranges found in the stored text (search marks,
//! mentions, quotes) can be moved onto the text shown.

use crate::model::Article;
use std::collections::HashMap;
use std::ops::Range;

/// Links numbered at most: past this many a page is a link farm, not an article.
pub const MAX_LINKS: usize = 99;

/// Bytes `start..end` of a stored paragraph become `text` in the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// How far the splices before this one moved the text (bytes), so a place is moved in
    /// one binary search.
    pub before: isize,
}

/// The article's links numbered, and its paragraphs as the reader shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Numbered {
    /// The links in number order (number `i + 1` at `i`): the article's own, then its text's.
    pub links: Vec<String>,
    /// Per stored paragraph: the text shown, or `None` for a reference paragraph that only
    /// the list at the end shows.
    pub shown: Vec<Option<String>>,
    /// Per stored paragraph: the changes that made the text shown, in order.
    pub splices: Vec<Vec<Splice>>,
}

/// A `[k] https://…` paragraph, as the HTML reader writes its list of references.
fn reference(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix('[')?;
    let (k, url) = rest.split_once("] ")?;
    let k = k.parse::<usize>().ok()?;
    let url = url.trim();
    (!url.contains(char::is_whitespace) && crate::model::link_host(url).is_some())
        .then_some((k, url))
}

/// What the scan of a paragraph finds, at a byte offset.
enum Found<'a> {
    /// A `[k]` marker (bytes `range`, the space before it included when there is one).
    Marker {
        range: Range<usize>,
        spaced: bool,
        url: &'a str,
    },
    /// A bare link ending at `end`.
    Bare { end: usize, url: String },
}

impl Found<'_> {
    fn at(&self) -> usize {
        match self {
            Found::Marker { range, .. } => range.start,
            Found::Bare { end, .. } => *end,
        }
    }
}

/// Numbers the links of `article` (see the module docs).
pub fn number(article: &Article) -> Numbered {
    let mut out = Numbered::default();
    if let Some(own) = article
        .url
        .as_deref()
        .filter(|u| crate::model::link_host(u).is_some())
    {
        out.links.push(own.to_string());
    }
    let paras = &article.paragraphs;
    // The references are the run of `[k] link` paragraphs that ends the body.
    let mut refs: Vec<(usize, &str)> = Vec::new();
    let mut body_end = paras.len();
    while body_end > 0 {
        match reference(&paras[body_end - 1].text) {
            Some(r) => refs.push(r),
            None => break,
        }
        body_end -= 1;
    }
    let by_number: HashMap<usize, &str> = refs.iter().copied().collect();
    for (i, p) in paras.iter().enumerate() {
        if i >= body_end {
            out.shown.push(None);
            out.splices.push(Vec::new());
            continue;
        }
        let splices = number_paragraph(&p.text, &by_number, &mut out.links);
        out.shown.push(Some(apply(&p.text, &splices)));
        out.splices.push(splices);
    }
    // References no marker named (a stored article cut short) are still listed.
    refs.sort_unstable();
    for (_, url) in refs {
        add(&mut out.links, url);
    }
    out
}

/// The number of `url` in `links`, adding it when there is room.
fn add(links: &mut Vec<String>, url: &str) -> Option<usize> {
    if let Some(i) = links.iter().position(|l| l == url) {
        return Some(i + 1);
    }
    if links.len() >= MAX_LINKS {
        return None;
    }
    links.push(url.to_string());
    Some(links.len())
}

fn number_paragraph<'a>(
    text: &str,
    refs: &HashMap<usize, &'a str>,
    links: &mut Vec<String>,
) -> Vec<Splice> {
    let mut found: Vec<Found<'a>> = Vec::new();
    // Markers: `[digits]` naming a reference.
    for (at, _) in text.match_indices('[') {
        let rest = &text[at + 1..];
        // A marker is at most `[99]`: look no further, so a text of many `[` stays linear.
        let Some(close) = rest.bytes().take(4).position(|b| b == b']') else {
            continue;
        };
        let Ok(k) = rest[..close].parse::<usize>() else {
            continue;
        };
        if let Some(&url) = refs.get(&k) {
            let spaced = text[..at].ends_with(' ');
            found.push(Found::Marker {
                range: if spaced { at - 1 } else { at }..at + close + 2,
                spaced,
                url,
            });
        }
    }
    // Bare links: words that are (or start with) an http or https address.
    for word in text.split(char::is_whitespace) {
        // The word's own offset in the text (it is a slice of it).
        let offset = word.as_ptr() as usize - text.as_ptr() as usize;
        if let Some((start, link)) = super::link_in_word(word) {
            found.push(Found::Bare {
                end: offset + start + link.len(),
                url: link,
            });
        }
    }
    found.sort_by_key(Found::at);
    let mut splices = Vec::new();
    for (i, f) in found.iter().enumerate() {
        match f {
            Found::Marker { range, spaced, url } => {
                let space = if *spaced { " " } else { "" };
                let text = add(links, url).map_or(String::new(), |n| format!("{space}[{n}]"));
                splices.push(Splice {
                    start: range.start,
                    end: range.end,
                    text,
                    before: 0,
                });
            }
            Found::Bare { end, url } => {
                // A link whose text is its address already has its marker after it.
                let marked = matches!(found.get(i + 1),
                    Some(Found::Marker { range, url: u, .. }) if range.start == *end && *u == url);
                if marked {
                    continue;
                }
                if let Some(n) = add(links, url) {
                    splices.push(Splice {
                        start: *end,
                        end: *end,
                        text: format!(" [{n}]"),
                        before: 0,
                    });
                }
            }
        }
    }
    // A splice never overlaps another: markers are apart, and a bare link ends before `[`.
    splices.retain(|s| text.get(s.start..s.end).is_some());
    let mut moved = 0;
    for s in &mut splices {
        s.before = moved;
        moved += s.text.len() as isize - (s.end - s.start) as isize;
    }
    splices
}

/// The text with its splices made.
fn apply(text: &str, splices: &[Splice]) -> String {
    let mut out = String::with_capacity(text.len() + splices.len() * 5);
    let mut at = 0;
    for s in splices {
        if s.start < at {
            continue;
        }
        out.push_str(&text[at..s.start]);
        out.push_str(&s.text);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where byte `at` of the stored text is in the text shown (a byte inside a changed part
/// goes to that part's start).
pub fn shift(splices: &[Splice], at: usize) -> usize {
    // The last change that starts before `at` (a place before a change, or where text is
    // only inserted, does not move with it).
    let i = splices.partition_point(|s| s.start < at);
    let Some(s) = i.checked_sub(1).map(|i| &splices[i]) else {
        return at;
    };
    if at < s.end {
        // Inside a replaced part: its new start.
        return (s.start as isize + s.before).max(0) as usize;
    }
    let moved = s.before + s.text.len() as isize - (s.end - s.start) as isize;
    (at as isize + moved).max(0) as usize
}

/// A range of the stored text moved onto the text shown.
pub fn shift_range(splices: &[Splice], r: &Range<usize>) -> Range<usize> {
    if splices.is_empty() {
        return r.clone();
    }
    let start = shift(splices, r.start);
    start..shift(splices, r.end).max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Lang, Origin, Paragraph};

    fn article(url: Option<&str>, paras: &[&str]) -> Article {
        Article {
            id: crate::model::ArticleId("t".into()),
            title: "t".into(),
            source: None,
            author: None,
            date: None,
            url: url.map(str::to_string),
            lang: Lang::Ar,
            dir: Direction::Rtl,
            dir_override: None,
            paragraphs: paras
                .iter()
                .map(|t| Paragraph {
                    text: t.to_string(),
                    lang: Lang::Ar,
                    dir: Direction::Rtl,
                })
                .collect(),
            origin: Origin::File("t".into()),
            enclosures: Vec::new(),
        }
    }

    #[test]
    fn markers_follow_the_list_and_bare_links_get_one() {
        let a = article(
            Some("https://own.example/a"),
            &[
                "قرأ التقرير [1] ثم https://bare.example/x، وعاد إلى التقرير [1] و[2].",
                "See https://own.example/a.",
                "[1] https://report.example/r",
                "[2] https://other.example/o",
            ],
        );
        let n = number(&a);
        assert_eq!(
            n.links,
            [
                "https://own.example/a",
                "https://report.example/r",
                "https://bare.example/x",
                "https://other.example/o"
            ]
        );
        assert_eq!(
            n.shown[0].as_deref(),
            Some("قرأ التقرير [2] ثم https://bare.example/x [3]، وعاد إلى التقرير [2] و[4].")
        );
        assert_eq!(
            n.shown[1].as_deref(),
            Some("See https://own.example/a [1].")
        );
        assert_eq!(n.shown[2..], [None, None]);
    }

    #[test]
    fn a_link_whose_text_is_its_address_gets_one_number() {
        let a = article(
            None,
            &[
                "At https://x.example/p [1] today.",
                "[1] https://x.example/p",
            ],
        );
        let n = number(&a);
        assert_eq!(n.links, ["https://x.example/p"]);
        assert_eq!(
            n.shown[0].as_deref(),
            Some("At https://x.example/p [1] today.")
        );
    }

    #[test]
    fn hostile_text_stays_linear() {
        let mut text = "[".repeat(200_000);
        text.push_str(" https://x.example/a ");
        text.push_str(&"[1".repeat(100_000));
        let a = article(None, &[&text, "[1] https://r.example/"]);
        // Each `[` is looked at once, a few bytes on (a scan to the next `]` from each was
        // quadratic in a text like this).
        let n = number(&a);
        assert_eq!(n.links, ["https://x.example/a", "https://r.example/"]);
    }

    #[test]
    fn ranges_move_with_the_text() {
        let text = "a https://b.example/c d";
        let a = article(None, &[text]);
        let n = number(&a);
        let shown = n.shown[0].as_deref().unwrap();
        assert_eq!(shown, "a https://b.example/c [1] d");
        let d = text.rfind('d').unwrap();
        let moved = shift_range(&n.splices[0], &(d..d + 1));
        assert_eq!(&shown[moved], "d");
        assert_eq!(&shown[shift_range(&n.splices[0], &(0..1))], "a");
    }
}
