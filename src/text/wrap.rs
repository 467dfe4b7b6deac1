//! Greedy word wrapping of one paragraph in LOGICAL order, by terminal cell width.
//!
//! Lines break only at breaking spaces (see [`is_break_space`]); the spaces at a break belong
//! to no line. A word wider than the width is cut at grapheme boundaries. With shaping on,
//! widths are those of the shaped text (a lam-alef ligature is one cell), shaping each line
//! on its own as the reference layout does.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::shape::ligature_count;
use super::width::{is_break_space, space_width, width_cells};

/// Cells `s` occupies once drawn (shaped when `shaping`).
pub(crate) fn drawn_width(s: &str, shaping: bool) -> usize {
    let raw = width_cells(s);
    if shaping {
        raw.saturating_sub(ligature_count(s))
    } else {
        raw
    }
}

/// Byte ranges of the maximal runs of non-breaking-space characters ("words").
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_break_space(c), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Greedy wrap of `text` to `width` cells (at least 1). Returns the byte range of each
/// line, top to bottom; no range starts or ends with a breaking space, and the ranges
/// cover every word in order. Empty or all-space text gives no lines.
pub(crate) fn wrap(text: &str, width: usize, shaping: bool) -> Vec<Range<usize>> {
    let width = width.max(1);
    let measure = |r: Range<usize>| text.get(r).map_or(0, |s| drawn_width(s, shaping));
    let mut lines = Vec::new();
    // The line being filled: its byte range and its width in cells.
    let mut cur: Option<(Range<usize>, usize)> = None;
    for word in words(text) {
        let word_width = measure(word.clone());
        if let Some((line, line_width)) = cur.take() {
            // Joining never crosses a breaking space, so widths simply add up.
            let gap: usize = text
                .get(line.end..word.start)
                .map_or(0, |g| g.chars().map(space_width).sum());
            let joined = line_width + gap + word_width;
            if joined <= width {
                cur = Some((line.start..word.end, joined));
                continue;
            }
            lines.push(line);
        }
        if word_width <= width {
            cur = Some((word, word_width));
            continue;
        }
        // Too long for any line: cut at grapheme boundaries, each piece as full as fits.
        let mut piece_start = word.start;
        let mut pos = word.start;
        for g in text.get(word.clone()).unwrap_or("").graphemes(true) {
            let next = pos + g.len();
            if pos > piece_start && measure(piece_start..next) > width {
                lines.push(piece_start..pos);
                piece_start = pos;
            }
            pos = next;
        }
        cur = Some((piece_start..word.end, measure(piece_start..word.end)));
    }
    if let Some((line, _)) = cur {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize, shaping: bool) -> Vec<&str> {
        wrap(text, width, shaping)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn greedy_and_spaces_belong_to_no_line() {
        assert_eq!(lines("aa bb cc", 5, false), ["aa bb", "cc"]);
        assert_eq!(lines("  aa   bb  ", 5, false), ["aa", "bb"]);
        assert_eq!(lines("aa bb", 5, false), ["aa bb"]);
        assert!(lines("   ", 5, false).is_empty());
        assert!(lines("", 5, false).is_empty());
    }

    #[test]
    fn arabic_wraps_by_cells() {
        // غدًا is 3 cells; two of them plus a space are 7.
        assert_eq!(lines("غدًا غدًا غدًا", 7, false), ["غدًا غدًا", "غدًا"]);
    }

    #[test]
    fn nbsp_never_breaks() {
        assert_eq!(lines("a\u{A0}b c", 3, false), ["a\u{A0}b", "c"]);
        assert_eq!(lines("ab\u{202F}cd", 5, false), ["ab\u{202F}cd"]);
        assert_eq!(lines("1\u{2007}000 x", 5, false), ["1\u{2007}000", "x"]);
        // Ideographic space does break (and is two cells).
        assert_eq!(lines("a\u{3000}b", 3, false), ["a", "b"]);
    }

    #[test]
    fn long_word_is_cut_at_graphemes() {
        assert_eq!(lines("abcdefgh ij", 3, false), ["abc", "def", "gh", "ij"]);
        assert_eq!(lines("x abcdefg", 3, false), ["x", "abc", "def", "g"]);
        // The tanween is never separated from its dal.
        assert_eq!(lines("غدًاغدًا", 2, false), ["غدً", "اغ", "دًا"]);
        // A grapheme wider than the width still gets a line of its own.
        assert_eq!(lines("中文", 1, false), ["中", "文"]);
    }

    #[test]
    fn shaped_lam_alef_is_one_cell() {
        assert_eq!(lines("لا لا", 3, false), ["لا", "لا"]);
        assert_eq!(lines("لا لا", 3, true), ["لا لا"]);
        assert_eq!(drawn_width("سلام", true), 3);
        assert_eq!(drawn_width("سلام", false), 4);
    }
}
