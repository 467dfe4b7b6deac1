//! What the reader marks in an article: the mentions of the entity selected in the facts
//! pane while that pane has focus, else the filter's words. The reader paints these ranges
//! and `n`/`N` jump between the lines that hold them.

use super::App;
use crate::model::Article;
use crate::page::{DocLine, LineKind};
use crate::search::query::Query;
use crate::text::fold_for_match;
use std::ops::Range;

/// The text of a laid-out line's block: the title, or a body paragraph (the meta line has
/// nothing to mark).
fn block_text<'a>(article: &'a Article, line: &DocLine) -> Option<&'a str> {
    match line.kind {
        LineKind::Title => Some(&article.title),
        LineKind::Body => article
            .paragraphs
            .get(line.block.checked_sub(2)?)
            .map(|p| p.text.as_str()),
        LineKind::Meta | LineKind::Note | LineKind::Links | LineKind::Link => None,
    }
}

/// Byte ranges to mark in the block of `line` (ranges of the block's whole text).
pub fn ranges(app: &App, article: &Article, line: &DocLine) -> Vec<Range<usize>> {
    let Some(text) = block_text(article, line) else {
        return Vec::new();
    };
    if let Some(e) = app.highlighted_entity() {
        // Facts count the title as paragraph 0 and body paragraph i as i + 1.
        let para = match line.kind {
            LineKind::Title => 0,
            _ => line.block - 1,
        };
        return e
            .mentions
            .iter()
            .filter(|(p, _)| *p == para)
            .filter_map(|(_, chars)| byte_range(text, chars))
            .collect();
    }
    term_ranges(text, app.plan.query())
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
}
