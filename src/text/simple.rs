//! Layout of paragraphs of simple characters, the common case of [`layout`](super::layout): the same pipeline as `layout.rs`, `wrap.rs` and
//! `shape.rs` (which stay the reference and handle every other text), specialised for
//! paragraphs made only of *simple* characters (see `props.rs`: Latin, Greek, Cyrillic,
//! Hebrew, Arabic, general punctuation, presentation forms ... ; not CJK, emoji or Indic).
//!
//! For such text a substring's width is the sum of its characters' widths and grapheme
//! boundaries depend on neighbouring pairs only, so the paragraph is scanned once into a
//! table of characters with their facts, and wrapping, shaping, clustering and reordering
//! work on indices into it: no per-line grapheme segmentation, no binary searches per
//! character, buffers reused between calls. Levels are still resolved by unicode-bidi on
//! the whole paragraph, except when the paragraph cannot have mixed levels (no right-to-left
//! character in an LTR paragraph; nothing left-to-right, no number, in an RTL one); rules L1
//! and L2 are applied here to the line alone instead of to a copy of the paragraph's levels.
//!
//! The output is identical to the reference path's, field for field; `tests.rs` checks it
//! on random text.

use std::cell::RefCell;
use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

use super::bidi::mirror;
use super::line::{Piece, VisualLine};
use super::props::{
    boundary_between, FastBidiData, Info, Props, F_ARABIC, F_BIDI_CONTROL, F_BREAK, F_HIDDEN,
    F_MARK, F_MIRRORED, F_RTL_SCRIPT, F_SIMPLE,
};
use super::shape::{form_of, lam_alef, Joining, LAM};
use super::tables::{FINAL, INITIAL, ISOLATED, MEDIAL};
use super::width::{ZWJ, ZWNJ};
use super::{Base, LayoutOptions};

mod levels;
mod shaping;
use levels::{line_levels, line_runs, resolve_levels};
use shaping::{group_atoms, shape_line};

/// One character of the paragraph.
#[derive(Clone, Copy)]
struct Ch {
    /// Byte offset in the paragraph.
    pos: u32,
    c: char,
    info: Info,
}

/// A drawn unit in logical order: characters `start..end` of the paragraph drawn as
/// `Scratch::drawn[d0..d1]`.
#[derive(Clone, Copy)]
struct Glyph {
    start: u32,
    end: u32,
    d0: u32,
    d1: u32,
}

/// Glyphs `g0..g1` reordered as one unit (a grapheme cluster, a ligature), covering
/// characters `start..end`.
#[derive(Clone, Copy)]
struct AtomIx {
    start: u32,
    end: u32,
    g0: u32,
    g1: u32,
}

/// Buffers reused from one paragraph to the next (per thread).
#[derive(Default)]
struct Scratch {
    chars: Vec<Ch>,
    lines: Vec<Range<usize>>,
    joins: Vec<u8>,
    drawn: Vec<char>,
    glyphs: Vec<Glyph>,
    atoms: Vec<AtomIx>,
    /// Resolved level of every character of the paragraph.
    para_levels: Vec<u8>,
    /// Bidi classes being resolved (`resolve_rtl_without_ltr`).
    classes: Vec<BidiClass>,
    et_run: Vec<usize>,
    /// Levels of the current line after rule L1.
    levels: Vec<u8>,
    runs: Vec<Range<usize>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Lay out `text` (one bidi paragraph at byte `offset` of the caller's text) like the
/// reference path, appending to `out`. Returns false, having appended nothing, if the text
/// holds a character that is not simple.
pub(crate) fn layout_one(
    text: &str,
    offset: usize,
    opts: &LayoutOptions,
    out: &mut Vec<VisualLine>,
) -> bool {
    if u32::try_from(text.len()).is_err() {
        return false;
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let done = run(&mut scratch, text, offset, opts, out);
            scratch.trim();
            done
        }
        Err(_) => run(&mut Scratch::default(), text, offset, opts, out),
    })
}

impl Scratch {
    /// Characters kept room for between paragraphs; a longer paragraph's buffers are given
    /// back after use.
    const KEEP: usize = 1 << 14;

    fn trim(&mut self) {
        if self.chars.capacity() > Self::KEEP {
            *self = Scratch::default();
        }
    }
}

/// What the paragraph's characters allow to skip in bidi resolution.
#[derive(Default)]
struct Summary {
    /// R, AL or AN present.
    rtl: bool,
    /// L present.
    ltr: bool,
    /// EN or AN present.
    number: bool,
    /// BN present (removed by rule X9, which the shortcut resolver does not model).
    bn: bool,
    /// Embedding, override or isolate controls present.
    explicit: bool,
}

fn run(
    s: &mut Scratch,
    text: &str,
    offset: usize,
    opts: &LayoutOptions,
    out: &mut Vec<VisualLine>,
) -> bool {
    let props = Props::get();
    s.chars.clear();
    let mut summary = Summary::default();
    let mut first_strong: Option<bool> = None;
    let mut isolates = 0usize;
    for (i, c) in text.char_indices() {
        let info = props.info(c);
        if info.flags & F_SIMPLE == 0 {
            return false;
        }
        use BidiClass::*;
        match info.class {
            R | AL => {
                summary.rtl = true;
                if isolates == 0 && first_strong.is_none() {
                    first_strong = Some(true);
                }
            }
            L => {
                summary.ltr = true;
                if isolates == 0 && first_strong.is_none() {
                    first_strong = Some(false);
                }
            }
            AN => {
                summary.rtl = true;
                summary.number = true;
            }
            EN => summary.number = true,
            BN => summary.bn = true,
            LRI | RLI | FSI => {
                summary.explicit = true;
                isolates += 1;
            }
            PDI => {
                summary.explicit = true;
                isolates = isolates.saturating_sub(1);
            }
            LRE | RLE | LRO | RLO | PDF => summary.explicit = true,
            _ => {}
        }
        s.chars.push(Ch {
            pos: i as u32,
            c,
            info,
        });
    }
    let rtl = match opts.base {
        Base::Rtl => true,
        Base::Ltr => false,
        Base::Auto => first_strong == Some(true),
    };
    let width = opts.width_cells.max(1);
    wrap(s, width, opts.shaping);
    if s.lines.is_empty() {
        return true;
    }

    let para_level = u8::from(rtl);
    if opts.bidi {
        resolve_levels(s, text, props, rtl, &summary);
    }
    let lines = std::mem::take(&mut s.lines);
    for line in &lines {
        let (a, b) = (line.start, line.end);
        shape_line(s, a, b, opts.shaping);
        group_atoms(s, a);
        let mut pieces = Vec::new();
        if opts.bidi {
            line_levels(s, a, b, para_level);
            line_runs(s, a);
            for k in 0..s.runs.len() {
                let run = s.runs[k].clone();
                let piece = visual_piece(s, text, offset, props, run, a);
                if !piece.text.is_empty() {
                    pieces.push(piece);
                }
            }
        } else {
            let piece = logical_piece(s, text, offset, props, a, b);
            if !piece.text.is_empty() {
                pieces.push(piece);
            }
        }
        let line_width: usize = pieces.iter().map(|p| p.width_cells).sum();
        let indent_cells = if rtl && opts.bidi && opts.align {
            width.saturating_sub(line_width)
        } else {
            0
        };
        out.push(VisualLine {
            logical: offset + pos(&s.chars, text, a)..offset + pos(&s.chars, text, b),
            rtl,
            indent_cells,
            width_cells: line_width,
            pieces,
        });
    }
    s.lines = lines;
    true
}

/// Byte offset of character `i` (the text's length for one past the last).
#[inline]
fn pos(chars: &[Ch], text: &str, i: usize) -> usize {
    chars.get(i).map_or(text.len(), |ch| ch.pos as usize)
}

fn is_alef(c: char) -> bool {
    lam_alef(c).is_some()
}

/// If character `i` is a lam that forms a ligature with an alef before `end` (only harakat
/// between them), the alef's index.
#[inline]
fn ligature_partner(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    if chars[i].c != LAM {
        return None;
    }
    let mut k = i + 1;
    while k < end && chars[k].info.flags & F_MARK != 0 {
        k += 1;
    }
    (k < end && is_alef(chars[k].c)).then_some(k)
}

/// Cells characters `a..b` take once drawn (`wrap::drawn_width` of their text).
fn measure(chars: &[Ch], a: usize, b: usize, shaping: bool) -> usize {
    let mut cells = 0usize;
    let mut ligatures = 0usize;
    for (i, ch) in chars[a..b].iter().enumerate() {
        cells += usize::from(ch.info.width);
        if shaping && ch.c == LAM && ligature_partner(chars, a + i, b).is_some() {
            ligatures += 1;
        }
    }
    cells.saturating_sub(ligatures)
}

/// `wrap::wrap` on character indices: fills `s.lines`.
fn wrap(s: &mut Scratch, width: usize, shaping: bool) {
    let chars = &s.chars;
    let lines = &mut s.lines;
    lines.clear();
    let n = chars.len();
    let is_break = |i: usize| chars[i].info.flags & F_BREAK != 0;
    // The line being filled: start, end (characters) and width.
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < n {
        if is_break(i) {
            i += 1;
            continue;
        }
        let word_start = i;
        while i < n && !is_break(i) {
            i += 1;
        }
        let word_end = i;
        let word_width = measure(chars, word_start, word_end, shaping);
        if let Some((ls, le, lw)) = cur.take() {
            let gap: usize = chars[le..word_start]
                .iter()
                .map(|ch| {
                    if ch.c == '\t' {
                        1
                    } else {
                        usize::from(ch.info.width)
                    }
                })
                .sum();
            let joined = lw + gap + word_width;
            if joined <= width {
                cur = Some((ls, word_end, joined));
                continue;
            }
            lines.push(ls..le);
        }
        if word_width <= width {
            cur = Some((word_start, word_end, word_width));
            continue;
        }
        // Too long for any line: cut at grapheme boundaries, each piece as full as fits.
        let mut piece_start = word_start;
        let mut g = word_start;
        while g < word_end {
            let mut next = g + 1;
            while next < word_end
                && !boundary_between(
                    chars[next - 1].c,
                    chars[next - 1].info.flags,
                    chars[next].c,
                    chars[next].info.flags,
                )
            {
                next += 1;
            }
            if g > piece_start && measure(chars, piece_start, next, shaping) > width {
                lines.push(piece_start..g);
                piece_start = g;
            }
            g = next;
        }
        cur = Some((
            piece_start,
            word_end,
            measure(chars, piece_start, word_end, shaping),
        ));
    }
    if let Some((ls, le, _)) = cur {
        lines.push(ls..le);
    }
}

/// Append `c` as the terminal should get it (`layout::push_drawn`), mirrored if `mirrored`
/// and it has a mirror; returns its cells.
#[inline]
fn push_drawn(
    out: &mut String,
    props: Props,
    c: char,
    mirrored: bool,
    drop_bidi_controls: bool,
) -> usize {
    if c == '\t' {
        out.push(' ');
        return 1;
    }
    let info = props.info(c);
    if info.flags & F_HIDDEN != 0 || (drop_bidi_controls && info.flags & F_BIDI_CONTROL != 0) {
        return 0;
    }
    if mirrored && info.flags & F_MIRRORED != 0 {
        let m = mirror(c).unwrap_or(c);
        out.push(m);
        return usize::from(props.info(m).width);
    }
    out.push(c);
    usize::from(info.width)
}

/// The piece of one level run (characters `run`) of the line starting at `a`.
fn visual_piece(
    s: &Scratch,
    text: &str,
    offset: usize,
    props: Props,
    run: Range<usize>,
    a: usize,
) -> Piece {
    let chars = &s.chars;
    let rtl = s.levels[run.start - a] % 2 == 1;
    let mut piece = Piece::new(
        offset + pos(chars, text, run.start)..offset + pos(chars, text, run.end),
        rtl,
    );
    let lo = s.atoms.partition_point(|x| (x.start as usize) < run.start);
    let hi = s.atoms.partition_point(|x| (x.start as usize) < run.end);
    let run_atoms = &s.atoms[lo..hi];
    // Drawn characters are at most 3 bytes (all simple characters are in the BMP).
    piece.text.reserve(3 * (run.end - run.start));
    piece.atoms.reserve(run_atoms.len());
    let mut cells = 0;
    let mut emit = |atom: &AtomIx| {
        let logical = offset + pos(chars, text, atom.start as usize)
            ..offset + pos(chars, text, atom.end as usize);
        piece.push_atom(logical, |out| {
            for g in &s.glyphs[atom.g0 as usize..atom.g1 as usize] {
                let odd = s.levels[g.start as usize - a] % 2 == 1;
                for &c in &s.drawn[g.d0 as usize..g.d1 as usize] {
                    cells += push_drawn(out, props, c, odd, true);
                }
            }
        });
    };
    if rtl {
        run_atoms.iter().rev().for_each(&mut emit);
    } else {
        run_atoms.iter().for_each(&mut emit);
    }
    piece.width_cells = cells;
    piece
}

/// The whole line `a..b` as one piece in logical order (bidi off).
fn logical_piece(
    s: &Scratch,
    text: &str,
    offset: usize,
    props: Props,
    a: usize,
    b: usize,
) -> Piece {
    let chars = &s.chars;
    let mut piece = Piece::new(
        offset + pos(chars, text, a)..offset + pos(chars, text, b),
        false,
    );
    piece.text.reserve(3 * (b - a));
    piece.atoms.reserve(s.atoms.len());
    let mut cells = 0;
    for atom in &s.atoms {
        let logical = offset + pos(chars, text, atom.start as usize)
            ..offset + pos(chars, text, atom.end as usize);
        piece.push_atom(logical, |out| {
            for g in &s.glyphs[atom.g0 as usize..atom.g1 as usize] {
                for &c in &s.drawn[g.d0 as usize..g.d1 as usize] {
                    cells += push_drawn(out, props, c, false, false);
                }
            }
        });
    }
    piece.width_cells = cells;
    piece
}
