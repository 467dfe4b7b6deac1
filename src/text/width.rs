//! Terminal cell widths, measured per grapheme cluster, and the character classes the rest
//! of the text layer needs (breaking spaces, bidi controls, marks).
//!
//! unicode-width's `str` width is deliberately not used: it counts an unshaped lam-alef pair
//! as one cell, but a terminal draws U+0644 U+0627 in two cells unless it is shaped to the
//! ligature U+FEFB.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use super::props::{Props, F_SIMPLE};
use super::tables::FORMAT_RANGES;

/// U+200D ZERO WIDTH JOINER.
pub(crate) const ZWJ: char = '\u{200D}';
/// U+200C ZERO WIDTH NON-JOINER.
pub(crate) const ZWNJ: char = '\u{200C}';

/// Width in terminal cells of a string, measured per grapheme cluster: harakat/combining
/// marks and format chars (ZWJ, LRM, RLM, ALM) 0, East Asian wide 2, else 1.
///
/// A cluster is as wide as its widest code point, so a base letter with its harakat is one
/// cell and an emoji ZWJ sequence two. Controls (C0/C1) count 0. Never uses unicode-width's
/// `str` width on Arabic (its lam-alef rule under-counts).
pub fn width_cells(s: &str) -> usize {
    if s.is_ascii() {
        // Fast path for the common Latin case: printable ASCII is one cell each.
        return s.bytes().filter(|b| (0x20..0x7F).contains(b)).count();
    }
    // Text of simple characters (see `props`) holds at most one character of non-zero
    // width per grapheme cluster: the sum of the characters' widths is the same.
    let props = Props::get();
    let mut cells = 0;
    for c in s.chars() {
        let info = props.info(c);
        if info.flags & F_SIMPLE == 0 {
            return s.graphemes(true).map(cluster_width).sum();
        }
        cells += usize::from(info.width);
    }
    cells
}

/// Truncate to at most `max_cells` cells at a grapheme boundary, appending '…' if cut.
///
/// The result (ellipsis included) is never wider than `max_cells`; with `max_cells == 0`
/// a string that does not fit becomes empty. The cut is in logical order.
pub fn truncate_cells(s: &str, max_cells: usize) -> String {
    if width_cells(s) <= max_cells {
        return s.to_owned();
    }
    if max_cells == 0 {
        return String::new();
    }
    let budget = max_cells - 1; // one cell for the ellipsis
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = cluster_width(g);
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// Cells of one grapheme cluster: the widest of its code points.
pub(crate) fn cluster_width(g: &str) -> usize {
    g.chars().map(char_width).max().unwrap_or(0)
}

/// Cells of one code point: 0 for controls, format characters and combining marks, 2 for
/// East Asian Wide/Fullwidth, 1 otherwise.
pub(crate) fn char_width(c: char) -> usize {
    if is_control(c) || is_format(c) {
        return 0;
    }
    // Hangul medial vowels and final consonants are drawn inside the block their leading
    // consonant opened.
    if ('\u{1160}'..='\u{11FF}').contains(&c) {
        return 0;
    }
    c.width().unwrap_or(0)
}

/// Cells a breaking space occupies inside a line. A tab is drawn as one space (the layout
/// replaces it), so it counts one cell although it is a control character.
pub(crate) fn space_width(c: char) -> usize {
    if c == '\t' {
        1
    } else {
        char_width(c)
    }
}

/// C0 and C1 control characters (General_Category Cc).
pub(crate) fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Format characters (General_Category Cf): ZWJ, ZWNJ, LRM, RLM, ALM, embeddings,
/// isolates, soft hyphen, U+FEFF ...
pub(crate) fn is_format(c: char) -> bool {
    let cp = u32::from(c);
    FORMAT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Combining marks (General_Category Mn/Me: harakat, shadda, superscript alef ...):
/// the zero-width characters that are neither controls nor format characters.
pub(crate) fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && !is_control(c)
        && !is_format(c)
        && !('\u{1160}'..='\u{11FF}').contains(&c)
        && c.width() == Some(0)
}

/// Break opportunities for wrapping: space, tab, U+1680, U+2000–U+2006, U+2008–U+200A,
/// U+205F, U+3000. NBSP U+00A0, FIGURE SPACE U+2007 and NARROW NBSP U+202F never break.
pub(crate) fn is_break_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200A}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Characters whose work is done once text is in visual order and that are dropped from
/// drawn text: LRM, RLM, ALM, the embedding/override/isolate controls and U+FEFF.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Paragraph separators (bidi class B): a paragraph never continues across one.
pub(crate) fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{1C}'..='\u{1E}' | '\u{85}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_are_zero_width() {
        // غ د ً ا: the tanween rides on the dal.
        assert_eq!(width_cells("غدًا"), 3);
        assert_eq!(width_cells("وَقَالَ"), 4);
    }

    #[test]
    fn unshaped_lam_alef_is_two_cells() {
        assert_eq!(width_cells("لا"), 2);
        assert_eq!(width_cells("\u{FEFB}"), 1);
    }

    #[test]
    fn wide_and_format_characters() {
        assert_eq!(width_cells("中文"), 4);
        assert_eq!(width_cells("\u{200D}"), 0);
        assert_eq!(width_cells("\u{200E}\u{200F}\u{061C}"), 0);
        assert_eq!(width_cells("a\u{200D}b"), 2);
        assert_eq!(width_cells("abc"), 3);
        assert_eq!(width_cells("a\tb"), 2);
        assert_eq!(width_cells(""), 0);
    }

    #[test]
    fn truncation_respects_graphemes() {
        assert_eq!(truncate_cells("abcdef", 4), "abc…");
        assert_eq!(truncate_cells("abc", 3), "abc");
        assert_eq!(truncate_cells("abc", 0), "");
        // The tanween stays with its dal.
        assert_eq!(truncate_cells("غدًا جدا", 3), "غدً…");
        assert_eq!(truncate_cells("中文字", 4), "中…");
        assert!(width_cells(&truncate_cells("中文字", 4)) <= 4);
    }

    #[test]
    fn character_classes() {
        assert!(is_break_space(' '));
        assert!(is_break_space('\u{3000}'));
        assert!(!is_break_space('\u{A0}'));
        assert!(!is_break_space('\u{2007}'));
        assert!(!is_break_space('\u{202F}'));
        assert!(is_mark('\u{064B}'));
        assert!(is_mark('\u{0670}'));
        assert!(!is_mark('\u{0640}'));
        assert!(!is_mark('\u{200D}'));
        assert!(is_format('\u{200D}'));
        assert!(is_bidi_control('\u{061C}'));
    }
}
