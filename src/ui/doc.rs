//! An article laid out for the reading view at one width: title, meta line and paragraphs as
//! visual lines. Made off the input path and cached by [`DocKey`].

use crate::model::{Article, Direction};
use crate::text::{self, Base, LayoutOptions, VisualLine};

/// Display switches that change a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextMode {
    pub bidi: bool,
    pub shaping: bool,
}

/// What a cached layout was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    pub article: usize,
    pub width_cells: u16,
    pub mode: TextMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Meta,
    Body,
}

/// One row of the reading view; `None` is a blank row between blocks.
#[derive(Debug)]
pub struct DocLine {
    pub kind: LineKind,
    /// Which block the line belongs to: 0 the title, 1 the meta line, 2.. the paragraphs.
    pub block: usize,
    pub line: Option<VisualLine>,
}

#[derive(Debug, Default)]
pub struct Doc {
    pub lines: Vec<DocLine>,
}

/// Options for one block of text at `width_cells`, in the given direction.
pub fn options(width_cells: usize, dir: Option<Direction>, mode: TextMode) -> LayoutOptions {
    LayoutOptions {
        width_cells: width_cells.max(1),
        base: match dir {
            Some(Direction::Rtl) => Base::Rtl,
            Some(Direction::Ltr) => Base::Ltr,
            None => Base::Auto,
        },
        bidi: mode.bidi,
        shaping: mode.shaping,
        align: mode.bidi,
    }
}

/// Lays the article out at `width_cells`.
pub fn layout_article(article: &Article, width_cells: usize, mode: TextMode) -> Doc {
    let mut doc = Doc::default();
    doc.push(
        LineKind::Title,
        0,
        &article.title,
        Some(article.dir),
        width_cells,
        mode,
    );
    // The meta line follows the article's direction, so it sits under the title.
    doc.push(
        LineKind::Meta,
        1,
        &article.meta_line(),
        Some(article.dir),
        width_cells,
        mode,
    );
    for (i, p) in article.paragraphs.iter().enumerate() {
        doc.lines.push(DocLine {
            kind: LineKind::Body,
            block: i + 2,
            line: None,
        });
        doc.push(
            LineKind::Body,
            i + 2,
            &p.text,
            Some(p.dir),
            width_cells,
            mode,
        );
    }
    doc
}

impl Doc {
    fn push(
        &mut self,
        kind: LineKind,
        block: usize,
        text: &str,
        dir: Option<Direction>,
        width_cells: usize,
        mode: TextMode,
    ) {
        let opts = options(width_cells, dir, mode);
        self.lines
            .extend(text::layout(text, &opts).into_iter().map(|l| DocLine {
                kind,
                block,
                line: Some(l),
            }));
    }
}
