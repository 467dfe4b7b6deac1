//! Per-character facts for the fast path of the text layer, looked up in tables instead of
//! recomputed (binary searches, grapheme segmentation) for every character.
//!
//! The tables cover the blocks news text is made of: U+0000–U+08FF (Latin, Greek, Cyrillic,
//! Hebrew, Arabic, Syriac ...), U+2000–U+20CF (general punctuation, super/subscripts,
//! currency) and U+FB00–U+FEFF (Hebrew and Arabic presentation forms, small forms). They are
//! built once, from the same functions the general path uses, so they cannot disagree with
//! it.
//!
//! A character is *simple* when, in any text made only of simple characters, (1) every
//! grapheme cluster holds at most one character of non-zero width, so the width of any
//! substring is the sum of its characters' widths, and (2) whether a grapheme boundary lies
//! between two characters depends on those two characters only (no emoji ZWJ sequences, no
//! regional-indicator pairs, no Indic conjuncts). Text with a character that is not simple
//! takes the general path. Both properties are checked against `unicode-segmentation` by
//! the tests at the end of this file.

use std::sync::OnceLock;

use unicode_bidi::{bidi_class, BidiClass, BidiDataSource};
use unicode_segmentation::UnicodeSegmentation;

use super::bidi::mirror;
use super::shape::Joining;
use super::width::{char_width, is_bidi_control, is_break_space, is_control, is_mark};

/// Facts about one character (see the `F_*` flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Info {
    /// `F_*` bits.
    pub flags: u16,
    /// Cells of the character alone (`char_width`).
    pub width: u8,
    /// Bidi_Class.
    pub class: BidiClass,
    /// Cursive joining behaviour for shaping.
    pub joining: Joining,
}

/// The character is simple (see the module documentation); the other facts are valid only
/// for simple characters.
pub(crate) const F_SIMPLE: u16 = 1 << 0;
/// Combining mark (`is_mark`).
pub(crate) const F_MARK: u16 = 1 << 1;
/// Breaking space (`is_break_space`).
pub(crate) const F_BREAK: u16 = 1 << 2;
/// Grapheme_Cluster_Break Extend, SpacingMark or ZWJ: no boundary before it (unless after
/// a control).
pub(crate) const F_EXTEND: u16 = 1 << 3;
/// Grapheme_Cluster_Break Prepend: no boundary after it (unless before a control).
pub(crate) const F_PREPEND: u16 = 1 << 4;
/// Grapheme_Cluster_Break Control, CR or LF: boundaries on both sides.
pub(crate) const F_GCB_CONTROL: u16 = 1 << 5;
/// Has a Bidi_Mirroring_Glyph.
pub(crate) const F_MIRRORED: u16 = 1 << 6;
/// Never drawn: C0/C1 controls other than tab, and the soft hyphen.
pub(crate) const F_HIDDEN: u16 = 1 << 7;
/// A bidi control dropped from reordered text (`is_bidi_control`).
pub(crate) const F_BIDI_CONTROL: u16 = 1 << 8;
/// Arabic script block U+0600–U+08FF (shaping may change it).
pub(crate) const F_ARABIC: u16 = 1 << 9;
/// Right-to-left script (Hebrew, Arabic ... and their presentation forms).
pub(crate) const F_RTL_SCRIPT: u16 = 1 << 10;

const LOW: (u32, u32) = (0x0000, 0x0900);
const PUNCT: (u32, u32) = (0x2000, 0x20D0);
const FORMS: (u32, u32) = (0xFB00, 0xFF00);

const NOT_SIMPLE: Info = Info {
    flags: 0,
    width: 0,
    class: BidiClass::ON,
    joining: Joining::None,
};

struct Tables {
    low: Vec<Info>,
    punct: Vec<Info>,
    forms: Vec<Info>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let build = |(lo, hi): (u32, u32)| -> Vec<Info> {
            (lo..hi)
                .map(|cp| char::from_u32(cp).map_or(NOT_SIMPLE, compute))
                .collect()
        };
        Tables {
            low: build(LOW),
            punct: build(PUNCT),
            forms: build(FORMS),
        }
    })
}

/// A handle on the tables, fetched once per paragraph.
#[derive(Clone, Copy)]
pub(crate) struct Props(&'static Tables);

impl Props {
    pub(crate) fn get() -> Props {
        Props(tables())
    }

    /// Facts about `c`; `flags & F_SIMPLE == 0` for characters outside the tables.
    #[inline]
    pub(crate) fn info(self, c: char) -> Info {
        let cp = u32::from(c);
        let t = self.0;
        let found = if cp < LOW.1 {
            t.low.get(cp as usize)
        } else if (PUNCT.0..PUNCT.1).contains(&cp) {
            t.punct.get((cp - PUNCT.0) as usize)
        } else if (FORMS.0..FORMS.1).contains(&cp) {
            t.forms.get((cp - FORMS.0) as usize)
        } else {
            None
        };
        found.copied().unwrap_or(NOT_SIMPLE)
    }
}

/// Bidi classes from the tables where they cover the character, else from unicode-bidi.
pub(crate) struct FastBidiData(pub Props);

impl BidiDataSource for FastBidiData {
    #[inline]
    fn bidi_class(&self, c: char) -> BidiClass {
        let info = self.0.info(c);
        if info.flags & F_SIMPLE != 0 {
            info.class
        } else {
            bidi_class(c)
        }
    }
}

/// Whether there is a grapheme boundary between two simple characters `prev` and `next`
/// (rules GB3–GB9b; the others need characters that are not simple).
#[inline]
pub(crate) fn boundary_between(prev: char, prev_flags: u16, next: char, next_flags: u16) -> bool {
    if prev == '\r' && next == '\n' {
        return false;
    }
    if (prev_flags | next_flags) & F_GCB_CONTROL != 0 {
        return true;
    }
    next_flags & F_EXTEND == 0 && prev_flags & F_PREPEND == 0
}

fn grapheme_count(s: &str) -> usize {
    s.graphemes(true).count()
}

/// The facts about `c`, computed the slow way.
fn compute(c: char) -> Info {
    let s = |parts: &[char]| parts.iter().collect::<String>();
    let extend = grapheme_count(&s(&['a', c])) == 1;
    let prepend = grapheme_count(&s(&[c, 'a'])) == 1;
    let gcb_control = grapheme_count(&s(&[c, '\u{0301}'])) == 2;
    // Extended_Pictographic: joins another one across a ZWJ (GB11).
    let pictographic = !extend && grapheme_count(&s(&[c, '\u{200D}', c])) == 1;
    let width = char_width(c);
    let simple = !pictographic && (width == 0 || !(extend || prepend));
    let cp = u32::from(c);
    let mut flags = 0;
    let mut set = |on: bool, flag: u16| {
        if on {
            flags |= flag;
        }
    };
    set(simple, F_SIMPLE);
    set(is_mark(c), F_MARK);
    set(is_break_space(c), F_BREAK);
    set(extend, F_EXTEND);
    set(prepend, F_PREPEND);
    set(gcb_control, F_GCB_CONTROL);
    set(mirror(c).is_some(), F_MIRRORED);
    set((is_control(c) && c != '\t') || c == '\u{00AD}', F_HIDDEN);
    set(is_bidi_control(c), F_BIDI_CONTROL);
    set((0x0600..=0x08FF).contains(&cp), F_ARABIC);
    set(super::layout::is_rtl_script(c), F_RTL_SCRIPT);
    Info {
        flags,
        width: width as u8,
        class: bidi_class(c),
        joining: Joining::of(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tables::PRESENTATION_FORMS;

    fn all_simple() -> Vec<char> {
        let p = Props::get();
        [LOW, PUNCT, FORMS]
            .iter()
            .flat_map(|&(lo, hi)| lo..hi)
            .filter_map(char::from_u32)
            .filter(|&c| p.info(c).flags & F_SIMPLE != 0)
            .collect()
    }

    #[test]
    fn tables_agree_with_the_slow_functions() {
        let p = Props::get();
        for c in all_simple() {
            let i = p.info(c);
            assert_eq!(usize::from(i.width), char_width(c), "{c:?}");
            assert_eq!(i.class, bidi_class(c), "{c:?}");
            assert_eq!(i.joining, Joining::of(c), "{c:?}");
            assert_eq!(i.flags & F_MARK != 0, is_mark(c), "{c:?}");
            assert_eq!(i.flags & F_BREAK != 0, is_break_space(c), "{c:?}");
        }
        assert_eq!(p.info('\u{4E2D}').flags & F_SIMPLE, 0);
        assert_eq!(p.info('\u{1F600}').flags & F_SIMPLE, 0);
        // Extended_Pictographic characters are not simple (emoji ZWJ sequences).
        assert_eq!(p.info('\u{00A9}').flags & F_SIMPLE, 0);
        assert_eq!(p.info('\u{203C}').flags & F_SIMPLE, 0);
        for c in [
            'a', ' ', 'ب', '\u{064B}', '\u{200D}', '\u{200C}', '\u{A0}', '\u{FEFB}',
        ] {
            assert_ne!(p.info(c).flags & F_SIMPLE, 0, "{c:?}");
        }
    }

    /// A cluster never holds two characters of non-zero width, so widths add up.
    #[test]
    fn simple_clusters_have_one_wide_character_at_most() {
        let p = Props::get();
        for c in all_simple() {
            let i = p.info(c);
            if i.flags & (F_EXTEND | F_PREPEND) != 0 {
                assert_eq!(i.width, 0, "{c:?} joins a cluster and has width");
            }
        }
    }

    /// Drawing never leaves the simple set: mirrored glyphs and presentation forms of simple
    /// characters are simple too.
    #[test]
    fn drawn_forms_stay_simple() {
        let p = Props::get();
        for c in all_simple() {
            if let Some(m) = mirror(c) {
                assert_ne!(p.info(m).flags & F_SIMPLE, 0, "{c:?} mirrors to {m:?}");
                assert_ne!(p.info(c).flags & F_MIRRORED, 0);
            }
        }
        for (_, forms) in PRESENTATION_FORMS {
            for &f in forms.iter().filter(|&&f| f != 0) {
                let f = char::from_u32(f).unwrap_or('?');
                assert_ne!(p.info(f).flags & F_SIMPLE, 0, "{f:?}");
            }
        }
        for lig in '\u{FEF5}'..='\u{FEFC}' {
            assert_ne!(p.info(lig).flags & F_SIMPLE, 0, "{lig:?}");
        }
    }

    /// `boundary_between` agrees with unicode-segmentation on every simple character paired,
    /// both ways, with representatives of every combination of boundary flags.
    #[test]
    fn boundaries_agree_with_unicode_segmentation() {
        let p = Props::get();
        let simple = all_simple();
        let key = |c: char| {
            let f = p.info(c).flags & (F_EXTEND | F_PREPEND | F_GCB_CONTROL);
            (f, c == '\r', c == '\n')
        };
        let mut reps: Vec<char> = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for &c in &simple {
            let n = seen.entry(key(c)).or_insert(0);
            if *n < 3 {
                reps.push(c);
                *n += 1;
            }
        }
        assert!(reps.len() >= 10, "{reps:?}");
        for &a in &simple {
            for &b in &reps {
                for (x, y) in [(a, b), (b, a)] {
                    let expected = grapheme_count(&format!("{x}{y}")) == 2;
                    let got = boundary_between(x, p.info(x).flags, y, p.info(y).flags);
                    assert_eq!(got, expected, "{:04X} {:04X}", u32::from(x), u32::from(y));
                }
            }
        }
    }
}
