//! Laid-out lines: what a pane paints. A [`VisualLine`] is a list of [`Piece`]s in display
//! order; each piece remembers which logical bytes every part of its drawn text came from,
//! so highlights given in logical byte ranges can be painted on visual text.

use std::ops::Range;

/// One display line of a paragraph, top to bottom order in the `layout` result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisualLine {
    /// Byte range in the paragraph of this line's logical text (no break spaces at either end).
    pub logical: Range<usize>,
    /// Paragraph base direction (same for every line of a paragraph).
    pub rtl: bool,
    /// Left padding in cells for alignment (RTL right-align); 0 for LTR and without bidi.
    pub indent_cells: usize,
    /// Width in cells of the drawn text, without the indent.
    pub width_cells: usize,
    /// Display order, left to right; no piece has empty text.
    pub pieces: Vec<Piece>,
}

/// A stretch of a line drawn in one direction: one bidi level run (or the whole line when
/// bidi is off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// As drawn, left to right: reordered, shaped if shaping, mirrored; bidi controls removed.
    pub text: String,
    /// Bytes in the paragraph it came from (logical order, contiguous).
    pub logical: Range<usize>,
    /// Width of `text` in cells.
    pub width_cells: usize,
    /// Whether the piece was reversed (odd bidi level): its text reads right to left.
    pub rtl: bool,
    /// Smallest units that map back to logical text (grapheme clusters, lam-alef ligatures),
    /// in display order.
    pub(crate) atoms: Vec<Atom>,
}

/// A part of a piece's drawn text and the logical bytes it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Atom {
    /// Bytes in the paragraph.
    pub logical: Range<usize>,
    /// Bytes in [`Piece::text`]; always on char boundaries.
    pub drawn: Range<usize>,
}

impl Piece {
    /// An empty piece for the logical range `logical`, drawn right to left if `rtl`.
    pub(crate) fn new(logical: Range<usize>, rtl: bool) -> Piece {
        Piece {
            text: String::new(),
            logical,
            width_cells: 0,
            rtl,
            atoms: Vec::new(),
        }
    }

    /// Append an atom (in display order) standing for `logical`; its drawn text is whatever
    /// `draw` appends to the piece text. Atoms that draw nothing are not kept.
    pub(crate) fn push_atom(&mut self, logical: Range<usize>, draw: impl FnOnce(&mut String)) {
        let start = self.text.len();
        draw(&mut self.text);
        if self.text.len() > start {
            self.atoms.push(Atom {
                logical,
                drawn: start..self.text.len(),
            });
        }
    }

    /// The logical byte range that the drawn text at `index` (display order) stands for.
    pub fn logical_at(&self, index: usize) -> Option<Range<usize>> {
        self.atoms
            .iter()
            .find(|a| a.drawn.contains(&index))
            .map(|a| a.logical.clone())
    }
}

impl VisualLine {
    /// Pieces joined, WITHOUT the indent.
    pub fn visual_text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// Indent spaces + visual_text: the line exactly as drawn from column 0.
    pub fn padded_text(&self) -> String {
        let mut out = " ".repeat(self.indent_cells);
        for p in &self.pieces {
            out.push_str(&p.text);
        }
        out
    }

    /// Split into styled runs for painting: each highlight is a logical byte range with a style;
    /// returns runs in display order with their style (the default where no highlight covers it).
    /// A highlight that falls apart into several visual pieces covers exactly its characters.
    ///
    /// The indent is not included (paint the runs from column `indent_cells`). The unit is a
    /// grapheme cluster (or a lam-alef ligature): it takes the style of the LAST highlight
    /// that overlaps any of its bytes. Adjacent runs never share a style.
    pub fn styled_runs<S: Clone + PartialEq>(
        &self,
        default: S,
        highlights: &[(Range<usize>, S)],
    ) -> Vec<(String, S)> {
        let mut out: Vec<(String, S)> = Vec::new();
        for piece in &self.pieces {
            for atom in &piece.atoms {
                let style = highlights
                    .iter()
                    .rev()
                    // An empty range marks nothing, even inside a ligature's span.
                    .find(|(r, _)| {
                        r.start < r.end && r.start < atom.logical.end && atom.logical.start < r.end
                    })
                    .map_or(&default, |(_, s)| s);
                let text = piece.text.get(atom.drawn.clone()).unwrap_or("");
                match out.last_mut() {
                    Some((run, s)) if s == style => run.push_str(text),
                    _ => out.push((text.to_owned(), style.clone())),
                }
            }
        }
        out
    }
}
