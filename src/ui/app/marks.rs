//! What the reader marks in an article: the mentions of the entity selected in the facts
//! pane while that pane has focus, else the filter's words. The reader paints these ranges
//! and `n`/`N` jump between the lines that hold them.

use super::App;
use crate::page::DocLine;
use crate::search::query::Query;
use crate::text::fold_for_match;
use std::ops::Range;

/// What the reader marks and colours in each block of the article on screen, worked out by
/// `update` when the article, the query or the highlighted fact changes, so the reader paints
/// ranges it already has rather than folding every visible paragraph on every frame.
#[derive(Debug, Default)]
pub struct BlockMarks {
    /// What the ranges were computed for: the article's layout, the applied query, the
    /// highlighted fact's mentions.
    key: Option<MarksKey>,
    /// Byte ranges to mark, by block.
    marks: Vec<Vec<Range<usize>>>,
    /// Byte ranges of quoted speech, by block.
    quotes: Vec<Vec<Range<usize>>>,
}

#[derive(Debug, PartialEq)]
struct MarksKey {
    article: usize,
    query: Query,
    mentions: Option<Vec<(usize, Range<usize>)>>,
}

impl BlockMarks {
    /// The ranges to mark in the block of `line`.
    pub fn marks(&self, line: &DocLine) -> &[Range<usize>] {
        self.marks.get(line.block).map_or(&[], Vec::as_slice)
    }

    /// The quoted speech in the block of `line`.
    pub fn quotes(&self, line: &DocLine) -> &[Range<usize>] {
        self.quotes.get(line.block).map_or(&[], Vec::as_slice)
    }
}

impl App {
    /// Brings [`BlockMarks`] up to date with what is on screen; does nothing when nothing it
    /// depends on changed.
    pub(in crate::ui) fn fill_marks(&mut self) {
        let Some(article) = self.doc().and_then(|d| d.article.clone()) else {
            self.block_marks = BlockMarks::default();
            return;
        };
        let key = MarksKey {
            article: std::sync::Arc::as_ptr(&article) as usize,
            query: self.plan.query().clone(),
            mentions: self.highlighted_entity().map(|e| e.mentions.clone()),
        };
        if self.block_marks.key.as_ref() == Some(&key) {
            return;
        }
        // Block 0 is the title, 1 the meta line, 2 + i body paragraph i.
        let texts: Vec<&str> = [article.title.as_str(), ""]
            .into_iter()
            .chain(article.paragraphs.iter().map(|p| p.text.as_str()))
            .collect();
        let marks = texts
            .iter()
            .enumerate()
            .map(|(block, text)| match (&key.mentions, block) {
                (_, 1) => Vec::new(),
                // Facts count the title as paragraph 0 and body paragraph i as i + 1.
                (Some(mentions), _) => {
                    let para = block.saturating_sub(1);
                    mentions
                        .iter()
                        .filter(|(p, _)| *p == para)
                        .filter_map(|(_, chars)| byte_range(text, chars))
                        .collect()
                }
                (None, _) => term_ranges(text, self.plan.query()),
            })
            .collect();
        let quotes: Vec<Vec<Range<usize>>> = texts
            .iter()
            .enumerate()
            .map(|(block, text)| {
                if block < 2 {
                    Vec::new()
                } else {
                    quote_ranges(text)
                }
            })
            .collect();
        // The ranges were found in the stored paragraphs; the reader shows them with link
        // numbers put in, so each range moves with the text before it.
        let splices = self.doc().map(|d| d.splices.as_slice()).unwrap_or(&[]);
        let moved = |ranges: Vec<Vec<Range<usize>>>| -> Vec<Vec<Range<usize>>> {
            ranges
                .into_iter()
                .enumerate()
                .map(
                    |(block, rs)| match block.checked_sub(2).and_then(|i| splices.get(i)) {
                        Some(sp) if !sp.is_empty() => {
                            rs.iter().map(|r| crate::page::shift_range(sp, r)).collect()
                        }
                        _ => rs,
                    },
                )
                .collect()
        };
        let marks = moved(marks);
        let quotes = moved(quotes);
        self.block_marks = BlockMarks {
            key: Some(key),
            marks,
            quotes,
        };
    }
}

/// Logical ranges of quoted speech (“…”, «…», "…") in a paragraph, to colour as quotes.
pub fn quote_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '«' | '"') => open = Some((i, c)),
            (Some((start, o)), c)
                if (o == '“' && c == '”') || (o == '«' && c == '»') || (o == '"' && c == '"') =>
            {
                out.push(start..i + c.len_utf8());
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Every place the query's words, phrases and `body:` terms occur in `text`, exactly after
/// folding (the list ranks fuzzily; in a long paragraph only real occurrences are worth a
/// mark).
pub fn term_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let mut terms = query.scored_terms().chain(query.body_terms()).peekable();
    if terms.peek().is_none() {
        return Vec::new();
    }
    let folded = fold_for_match(text);
    let mut out: Vec<Range<usize>> = terms
        .flat_map(|t| {
            folded
                .text
                .match_indices(t)
                .filter_map(|(at, m)| folded.source_range(at..at + m.len()))
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_by_key(|r| r.start);
    out
}

/// Whether a laid-out line shows part of any of `ranges`.
pub fn line_has(line: &DocLine, ranges: &[Range<usize>]) -> bool {
    line.line.as_ref().is_some_and(|l| {
        ranges
            .iter()
            .any(|r| r.start < l.logical.end && l.logical.start < r.end)
    })
}

/// The byte range of a char range of `text`, if it lies inside it.
pub fn byte_range(text: &str, chars: &Range<usize>) -> Option<Range<usize>> {
    let mut at = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let start = at.nth(chars.start)?;
    let end = if chars.end > chars.start {
        at.nth(chars.end - chars.start - 1)?
    } else {
        start
    };
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_ranges_become_byte_ranges() {
        let t = "وصل بوتين";
        let r = byte_range(t, &(4..9)).unwrap();
        assert_eq!(&t[r], "بوتين");
        assert_eq!(byte_range(t, &(0..3)).map(|r| &t[r]), Some("وصل"));
        assert_eq!(byte_range(t, &(8..20)), None);
    }

    #[test]
    fn terms_are_found_folded_and_mapped_back() {
        let q = crate::search::query::parse("اذربيجان غدا").unwrap();
        let t = "زيارة إلى أذربيجان، وسيلتقي غدًا في أذربيجان";
        let found: Vec<&str> = term_ranges(t, &q).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["أذربيجان", "غدًا", "أذربيجان"]);
    }

    #[test]
    fn quotes_of_each_kind_and_unclosed() {
        let t = "قال “نعم” ثم «لا» و\"x\"";
        let q: Vec<_> = quote_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, ["“نعم”", "«لا»", "\"x\""]);
        assert!(quote_ranges("“unclosed").is_empty());
    }
}
