//! The text layer: the one place that measures, wraps, reorders (bidi) and shapes text for a
//! terminal. Every pane and `akhbar render` go through [`layout`]; search and ingest use
//! [`fold_for_match`] and [`width_cells`].
//!
//! Pipeline per paragraph: base direction by first strong character (UAX #9 P2/P3) unless
//! forced; embedding levels resolved once on the whole paragraph; greedy wrap in logical
//! order by cell width (after shaping); then each line is shaped, reordered run by run with
//! combining marks kept after their base, mirrored, stripped of bidi controls and, for RTL,
//! right-aligned. The reference for all of it is the `bidi-oracle` tool (GNU FriBidi).
//!
//! Speed: paragraphs made only of common characters (Latin, Hebrew, Arabic, punctuation,
//! presentation forms; see `props`) take a fast path (`fast`) that does the same work on a
//! per-character table built once, with reused buffers; everything else goes through
//! `layout`/`wrap`/`shape`, which stay the reference the fast path is tested against.
//!
//! This module uses nothing else of ours and nothing of the terminal.

mod bidi;
pub mod hash;
mod layout;
mod line;
pub mod normalize;
mod props;
pub mod render_json;
mod shape;
mod simple;
mod tables;
pub mod tokens;
mod width;
mod wrap;

pub use bidi::first_strong_direction;
pub use layout::layout;
pub use line::{Piece, VisualLine};
pub use normalize::{fold_for_match, Folded};
pub use render_json::{render_json, render_text, write_text};
pub use width::{truncate_cells, width_cells};

/// A resolved writing direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Left to right (Latin, digits by themselves).
    Ltr,
    /// Right to left (Arabic, Hebrew).
    Rtl,
}

/// Base direction policy for a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// First strong character (UAX #9 P2/P3), LTR if there is none.
    Auto,
    /// Forced right to left (a higher-level protocol, HL1).
    Rtl,
    /// Forced left to right.
    Ltr,
}

/// How [`layout`] lays a paragraph out.
#[derive(Clone, Copy, Debug)]
pub struct LayoutOptions {
    /// Width of the text area in terminal cells; 0 is treated as 1.
    pub width_cells: usize,
    /// Paragraph base direction policy.
    pub base: Base,
    /// Reorder to visual order (off for terminals that do their own bidi: lines stay in
    /// logical order, left-aligned, with their bidi controls).
    pub bidi: bool,
    /// Draw Arabic with presentation forms and lam-alef ligatures (for terminals that do not
    /// shape). Widths are measured after shaping.
    pub shaping: bool,
    /// Right-align RTL lines by padding (`VisualLine::indent_cells`); only with `bidi`.
    pub align: bool,
}

impl LayoutOptions {
    /// Everything on (bidi, shaping, alignment), automatic base direction.
    pub fn new(width_cells: usize) -> LayoutOptions {
        LayoutOptions {
            width_cells,
            base: Base::Auto,
            bidi: true,
            shaping: true,
            align: true,
        }
    }
}

impl Default for LayoutOptions {
    /// 80 cells, everything on.
    fn default() -> LayoutOptions {
        LayoutOptions::new(80)
    }
}

#[cfg(test)]
mod tests;
