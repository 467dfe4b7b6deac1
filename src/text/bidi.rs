//! Bidirectional text (UAX #9) on top of `unicode_bidi`: the base direction of a paragraph
//! (P2/P3), embedding levels resolved once on the whole paragraph, the visual runs of one
//! line (L1, L2) and mirrored glyphs (L4). Reordering inside runs, with combining marks kept
//! after their base (L3), happens in `layout`.

use std::ops::Range;

use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};

use super::tables::MIRRORS;
use super::Dir;

/// Base direction of a text by its first strong character (UAX #9 P2/P3); None if no strong char.
///
/// Strong characters are L (Latin, Hebrew is R ...), R and AL (Arabic letters); characters
/// inside isolates (LRI/RLI/FSI ... PDI) are skipped as P2 requires. The whole text is
/// scanned as one paragraph.
pub fn first_strong_direction(s: &str) -> Option<Dir> {
    let mut isolates = 0usize;
    for c in s.chars() {
        match bidi_class(c) {
            BidiClass::L if isolates == 0 => return Some(Dir::Ltr),
            BidiClass::R | BidiClass::AL if isolates == 0 => return Some(Dir::Rtl),
            BidiClass::LRI | BidiClass::RLI | BidiClass::FSI => isolates += 1,
            BidiClass::PDI => isolates = isolates.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The mirrored glyph of `c` (Bidi_Mirroring_Glyph), e.g. `(` for `)` and `»` for `«`.
pub(crate) fn mirror(c: char) -> Option<char> {
    let cp = u32::from(c);
    MIRRORS
        .binary_search_by_key(&cp, |&(from, _)| from)
        .ok()
        .and_then(|i| char::from_u32(MIRRORS[i].1))
}

/// Levels of one paragraph, resolved on the whole paragraph so that a line's neutrals see
/// their neighbours on other lines.
pub(crate) struct Levels<'t> {
    info: ParagraphBidiInfo<'t>,
}

/// A level run of one line, in visual order.
pub(crate) struct Run {
    /// Byte range in the paragraph, logical order inside.
    pub range: Range<usize>,
    /// Drawn right to left (odd level).
    pub rtl: bool,
}

impl<'t> Levels<'t> {
    /// Resolve the paragraph `text` (no paragraph separators inside) at base `rtl`.
    pub(crate) fn new(text: &'t str, rtl: bool) -> Levels<'t> {
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        Levels {
            info: ParagraphBidiInfo::new(text, Some(level)),
        }
    }

    /// The runs of the line `line` (byte range in the paragraph) in visual order after
    /// rules L1 and L2, and the per-byte levels of the paragraph after L1 for this line.
    pub(crate) fn line_runs(&self, line: Range<usize>) -> (Vec<Run>, Vec<Level>) {
        let (levels, runs) = self.info.visual_runs(line);
        let runs = runs
            .into_iter()
            .map(|range| Run {
                rtl: levels.get(range.start).is_some_and(|l| l.is_rtl()),
                range,
            })
            .collect();
        (runs, levels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_strong() {
        assert_eq!(first_strong_direction("2023 كان"), Some(Dir::Rtl));
        assert_eq!(first_strong_direction("iPhone هو"), Some(Dir::Ltr));
        assert_eq!(first_strong_direction("שלום"), Some(Dir::Rtl));
        assert_eq!(first_strong_direction("123 ..."), None);
        assert_eq!(first_strong_direction(""), None);
        // Text inside an isolate does not count (P2).
        assert_eq!(
            first_strong_direction("\u{2067}abc\u{2069} مرحبا"),
            Some(Dir::Rtl)
        );
    }

    #[test]
    fn mirrors() {
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror(']'), Some('['));
        assert_eq!(mirror('{'), Some('}'));
        assert_eq!(mirror('«'), Some('»'));
        assert_eq!(mirror('‹'), Some('›'));
        assert_eq!(mirror('<'), Some('>'));
        assert_eq!(mirror('≤'), Some('≥'));
        assert_eq!(mirror('“'), None);
        assert_eq!(mirror('a'), None);
    }

    #[test]
    fn runs_in_visual_order() {
        let text = "من 1993 إلى 2003";
        let levels = Levels::new(text, true);
        let (runs, _) = levels.line_runs(0..text.len());
        let texts: Vec<&str> = runs.iter().map(|r| &text[r.range.clone()]).collect();
        assert_eq!(texts, ["2003", " إلى ", "1993", "من "]);
        assert!(runs[1].rtl && !runs[0].rtl);
    }
}
