//! `layout`: one paragraph to display lines. Base direction, levels on the whole paragraph,
//! greedy wrap in logical order, then per line: shaping, reordering of grapheme clusters
//! inside each level run (L3), mirroring (L4), removal of bidi controls, alignment.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::bidi::{first_strong_direction, mirror, Levels};
use super::line::{Piece, VisualLine};
use super::shape::{shape, Drawn};
use super::simple;
use super::width::{is_bidi_control, is_control, is_paragraph_separator, width_cells, ZWJ, ZWNJ};
use super::wrap::wrap;
use super::{Base, Dir, LayoutOptions};

/// One paragraph laid out into display lines, top to bottom.
///
/// Byte ranges in the result refer to `paragraph`. A paragraph separator inside (newline,
/// U+2029 ...) starts a new bidi paragraph (UAX #9 P1) with its own base direction; normally
/// callers pass one paragraph. Empty or all-space text gives no lines. Every line is at most
/// `opts.width_cells` cells wide (indent included) unless a single grapheme is wider.
pub fn layout(paragraph: &str, opts: &LayoutOptions) -> Vec<VisualLine> {
    layout_with(paragraph, opts, true)
}

/// [`layout`] without the simple-character path (`simple.rs`): the reference it must agree with.
#[cfg(test)]
pub(crate) fn layout_reference(paragraph: &str, opts: &LayoutOptions) -> Vec<VisualLine> {
    layout_with(paragraph, opts, false)
}

fn layout_with(paragraph: &str, opts: &LayoutOptions, allow_fast: bool) -> Vec<VisualLine> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // Every paragraph separator starts with one of these bytes (U+0085 is C2 85,
        // U+2029 is E2 80 A9); only they need decoding.
        if !matches!(b, b'\n' | b'\r' | 0x1C..=0x1E | 0xC2 | 0xE2) {
            continue;
        }
        let Some(c) = paragraph.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if is_paragraph_separator(c) {
            layout_one(paragraph, start..i, opts, allow_fast, &mut out);
            start = i + c.len_utf8();
        }
    }
    layout_one(
        paragraph,
        start..paragraph.len(),
        opts,
        allow_fast,
        &mut out,
    );
    out
}

/// Lay out `full[range]`, one bidi paragraph, appending to `out`: by the fast path when the
/// text allows it (and `allow_fast`), else here.
fn layout_one(
    full: &str,
    range: Range<usize>,
    opts: &LayoutOptions,
    allow_fast: bool,
    out: &mut Vec<VisualLine>,
) {
    let Some(text) = full.get(range.clone()) else {
        return;
    };
    let offset = range.start;
    if allow_fast && simple::layout_one(text, offset, opts, out) {
        return;
    }
    let rtl = match opts.base {
        Base::Rtl => true,
        Base::Ltr => false,
        Base::Auto => first_strong_direction(text) == Some(Dir::Rtl),
    };
    let width = opts.width_cells.max(1);
    let lines = wrap(text, width, opts.shaping);
    if lines.is_empty() {
        return;
    }
    let levels = opts.bidi.then(|| Levels::new(text, rtl));
    for line in lines {
        let line_text = text.get(line.clone()).unwrap_or("");
        let drawn = shape(line_text, line.start, opts.shaping);
        let atoms = group_atoms(line_text, line.start, &drawn);
        let pieces = match &levels {
            Some(levels) => visual_pieces(levels, line.clone(), &drawn, &atoms, offset),
            None => vec![logical_piece(line.clone(), &drawn, &atoms, offset)],
        };
        let pieces: Vec<Piece> = pieces.into_iter().filter(|p| !p.text.is_empty()).collect();
        let line_width = pieces.iter().map(|p| p.width_cells).sum();
        let indent_cells = if rtl && opts.bidi && opts.align {
            width.saturating_sub(line_width)
        } else {
            0
        };
        out.push(VisualLine {
            logical: offset + line.start..offset + line.end,
            rtl,
            indent_cells,
            width_cells: line_width,
            pieces,
        });
    }
}

/// An atom in logical order: the glyphs (indices into `Drawn::glyphs`) of one grapheme
/// cluster, merged with its neighbours where a ligature spans clusters.
struct AtomRef {
    logical: Range<usize>,
    glyphs: Range<usize>,
}

/// Group the glyphs of one line into atoms: an atom starts at a glyph that starts at a
/// grapheme boundary. Reversing atoms rather than characters keeps harakat after their
/// letter (L3) and keeps a ligature whole. A ZWJ/ZWNJ after right-to-left script is an atom
/// of its own, so that it stays between the two letters it joins or separates.
fn group_atoms(line_text: &str, line_start: usize, drawn: &Drawn) -> Vec<AtomRef> {
    let mut boundaries = line_text
        .grapheme_indices(true)
        .map(|(i, _)| line_start + i)
        .peekable();
    let mut atoms: Vec<AtomRef> = Vec::new();
    let mut prev_char: Option<char> = None;
    let mut after_joiner = false;
    for (gi, glyph) in drawn.glyphs.iter().enumerate() {
        while boundaries.next_if(|&b| b < glyph.logical.start).is_some() {}
        let at_boundary = boundaries.next_if_eq(&glyph.logical.start).is_some();
        let logical = line_text
            .get(glyph.logical.start - line_start..glyph.logical.end - line_start)
            .unwrap_or("");
        let is_joiner = matches!(logical.chars().next(), Some(ZWJ | ZWNJ))
            && prev_char.is_some_and(is_rtl_script);
        let starts_atom = at_boundary || is_joiner || after_joiner;
        after_joiner = is_joiner;
        prev_char = logical.chars().last().or(prev_char);
        match atoms.last_mut() {
            Some(atom) if !starts_atom => {
                atom.logical.end = atom.logical.end.max(glyph.logical.end);
                atom.glyphs.end = gi + 1;
            }
            _ => atoms.push(AtomRef {
                logical: glyph.logical.clone(),
                glyphs: gi..gi + 1,
            }),
        }
    }
    atoms
}

/// Hebrew, Arabic, Syriac, Thaana, NKo ... and their presentation forms.
pub(crate) fn is_rtl_script(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The pieces of one line in display order: one per level run; atoms of an odd-level run
/// are reversed and their mirrored characters swapped.
fn visual_pieces(
    levels: &Levels,
    line: Range<usize>,
    drawn: &Drawn,
    atoms: &[AtomRef],
    offset: usize,
) -> Vec<Piece> {
    let (runs, byte_levels) = levels.line_runs(line);
    let mut pieces = Vec::with_capacity(runs.len());
    for run in runs {
        // Each atom belongs to the run holding its first byte.
        let lo = atoms.partition_point(|a| a.logical.start < run.range.start);
        let hi = atoms.partition_point(|a| a.logical.start < run.range.end);
        let mut piece = Piece::new(offset + run.range.start..offset + run.range.end, run.rtl);
        let run_atoms = atoms.get(lo..hi).unwrap_or(&[]);
        let mut emit = |atom: &AtomRef| {
            piece.push_atom(
                offset + atom.logical.start..offset + atom.logical.end,
                |out| {
                    for glyph in drawn.glyphs.get(atom.glyphs.clone()).unwrap_or(&[]) {
                        let odd = byte_levels
                            .get(glyph.logical.start)
                            .is_some_and(|l| l.is_rtl());
                        let text = drawn.text.get(glyph.drawn.clone()).unwrap_or("");
                        for c in text.chars() {
                            let c = if odd { mirror(c).unwrap_or(c) } else { c };
                            push_drawn(out, c, true);
                        }
                    }
                },
            );
        };
        if run.rtl {
            run_atoms.iter().rev().for_each(&mut emit);
        } else {
            run_atoms.iter().for_each(&mut emit);
        }
        piece.width_cells = width_cells(&piece.text);
        pieces.push(piece);
    }
    pieces
}

/// The whole line as one piece in logical order (bidi off: the terminal reorders). Bidi
/// controls are kept because the terminal's own algorithm needs them.
fn logical_piece(line: Range<usize>, drawn: &Drawn, atoms: &[AtomRef], offset: usize) -> Piece {
    let mut piece = Piece::new(offset + line.start..offset + line.end, false);
    for atom in atoms {
        piece.push_atom(
            offset + atom.logical.start..offset + atom.logical.end,
            |out| {
                for glyph in drawn.glyphs.get(atom.glyphs.clone()).unwrap_or(&[]) {
                    let text = drawn.text.get(glyph.drawn.clone()).unwrap_or("");
                    text.chars().for_each(|c| push_drawn(out, c, false));
                }
            },
        );
    }
    piece.width_cells = width_cells(&piece.text);
    piece
}

/// Append a character as a terminal should receive it: a tab becomes a space, other
/// controls are dropped (they would move the cursor), bidi controls dropped if asked. The
/// soft hyphen is dropped too: we never hyphenate, and terminals draw it as a visible
/// one-cell hyphen while it is measured as zero cells.
fn push_drawn(out: &mut String, c: char, drop_bidi_controls: bool) {
    if c == '\t' {
        out.push(' ');
    } else if !is_control(c) && c != SOFT_HYPHEN && !(drop_bidi_controls && is_bidi_control(c)) {
        out.push(c);
    }
}

const SOFT_HYPHEN: char = '\u{00AD}';
