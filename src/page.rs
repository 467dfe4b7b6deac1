//! An article laid out at one width: title, meta line and paragraphs as visual lines, what
//! the reading view draws and `akhbar render` prints (both take the article's blocks from
//! [`blocks`]). Made off the input path and cached by [`DocKey`].

use crate::model::{Article, Direction};
use crate::text::{self, Base, LayoutOptions, VisualLine};
use std::sync::Arc;

/// Display switches that change a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextMode {
    pub bidi: bool,
    pub shaping: bool,
}

/// What a cached layout was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// The article's store id.
    pub article: i64,
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
#[derive(Debug, Clone)]
pub struct DocLine {
    pub kind: LineKind,
    /// Which block the line belongs to: 0 the title, 1 the meta line, 2.. the paragraphs.
    pub block: usize,
    pub line: Option<VisualLine>,
}

#[derive(Debug, Default, Clone)]
pub struct Doc {
    /// The article laid out (its body was read from the store for this).
    pub article: Option<Arc<Article>>,
    /// What was extracted from it (set by whoever made the layout, from the store's cache);
    /// `None` on the first screenful sent ahead.
    pub facts: Option<Arc<crate::facts::Facts>>,
    pub lines: Vec<DocLine>,
    /// False for the first screenful sent ahead while the rest is still being laid out.
    pub complete: bool,
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

/// Lays the article out, handing `first` a copy of the first `first_rows` rows (or more, to
/// the end of a paragraph) as soon as they are ready, so a resized reader can paint its
/// screen before a long article is laid out to the end. Articles shorter than that are
/// only returned whole.
pub fn layout_progressively(
    article: &Arc<Article>,
    width_cells: usize,
    mode: TextMode,
    first_rows: usize,
    first: &mut dyn FnMut(Doc),
) -> Doc {
    let mut doc = Doc {
        article: Some(Arc::clone(article)),
        ..Doc::default()
    };
    let blocks = blocks(article);
    let last = blocks.len().saturating_sub(1);
    let mut sent = false;
    for (i, b) in blocks.iter().enumerate() {
        if b.kind == LineKind::Body {
            // A blank row before each paragraph.
            doc.lines.push(DocLine {
                kind: LineKind::Body,
                block: i,
                line: None,
            });
        }
        doc.push(b.kind, i, &b.text, Some(b.dir), width_cells, mode);
        if !sent && b.kind == LineKind::Body && i < last && doc.lines.len() >= first_rows {
            first(doc.clone());
            sent = true;
        }
    }
    doc.complete = true;
    doc
}

/// One block of an article's page: its kind, text and the direction it is laid out in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: LineKind,
    pub text: String,
    pub dir: Direction,
}

/// The article's blocks in page order: the title, the meta line (in the article's
/// direction, so it sits under the title), then each paragraph in its own direction.
pub fn blocks(article: &Article) -> Vec<Block> {
    let mut out = Vec::with_capacity(article.paragraphs.len() + 2);
    out.push(Block {
        kind: LineKind::Title,
        text: article.title.clone(),
        dir: article.dir,
    });
    out.push(Block {
        kind: LineKind::Meta,
        text: article.meta_line(),
        dir: article.dir,
    });
    out.extend(article.paragraphs.iter().map(|p| Block {
        kind: LineKind::Body,
        text: p.text.clone(),
        dir: p.dir,
    }));
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn long_seed() -> Arc<Article> {
        let a = crate::ingest::load_embedded()
            .articles
            .into_iter()
            .max_by_key(|a| a.word_count())
            .expect("seeds");
        Arc::new(a)
    }

    #[test]
    fn the_first_screenful_is_a_prefix_of_the_whole() {
        let a = long_seed();
        let mode = TextMode {
            bidi: true,
            shaping: true,
        };
        let mut first = Vec::new();
        let whole = layout_progressively(&a, 60, mode, 40, &mut |d| first.push(d));
        assert_eq!(first.len(), 1, "one early screenful for a long article");
        let part = &first[0];
        assert!(!part.complete && whole.complete);
        assert!(part.lines.len() >= 40 && part.lines.len() < whole.lines.len());
        for (p, w) in part.lines.iter().zip(&whole.lines) {
            assert_eq!(p.line, w.line);
        }
        let mut none = 0;
        layout_progressively(&a, 60, mode, usize::MAX, &mut |_| none += 1);
        assert_eq!(none, 0, "nothing is sent ahead when the whole is needed");
    }
}
