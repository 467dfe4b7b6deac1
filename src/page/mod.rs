//! An article laid out at one width: title, meta line, the user's note, paragraphs and the
//! links found in them as visual lines, what the reading view draws and `akhbar render`
//! prints (both take the article's blocks from [`blocks`]). Made off the input path and
//! cached by [`DocKey`].

use crate::model::{Article, Direction};
use crate::text::{self, Base, LayoutOptions, VisualLine};
use std::ops::Range;
use std::sync::Arc;

pub mod links;
pub use links::{shift_range, Splice};

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
    /// The user's note, under the meta line.
    Note,
    Body,
    /// The heading of the list of links at the end.
    Links,
    /// One numbered link of that list.
    Link,
}

/// One row of the reading view; `None` is a blank row between blocks.
#[derive(Debug, Clone)]
pub struct DocLine {
    pub kind: LineKind,
    /// Which block the line belongs to: 0 the title, 1 the meta line and the note, 2.. the
    /// paragraphs, then the links (the heading, then link `n` at `2 + paragraphs + n`).
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
    /// The meta line's logical text and the byte ranges of its tag chips in it, for the
    /// reader to colour them.
    pub meta: String,
    pub chips: Vec<Range<usize>>,
    /// The links listed at the end, numbered from 1 in this order (`o`, digits, `L`): the
    /// article's own, its text's, then its enclosures'.
    pub links: Vec<String>,
    /// Per body paragraph, how the text shown differs from the stored one (the link numbers
    /// put in it), to move ranges found in the stored text onto the lines.
    pub splices: Vec<Vec<Splice>>,
}

/// What the user keeps on an article, shown with it: tags as chips at the end of the meta
/// line, the note on the lines under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// Who last wrote the note (tags and notes are shared by the store's users), shown
    /// before it: `✎ amina: text`.
    pub note_author: Option<String>,
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
    notes: &Annotations,
    width_cells: usize,
    mode: TextMode,
    first_rows: usize,
    first: &mut dyn FnMut(Doc),
) -> Doc {
    let mut doc = Doc {
        article: Some(Arc::clone(article)),
        ..Doc::default()
    };
    let numbered = links::number(article);
    let blocks = blocks_numbered(article, notes, &numbered);
    let meta = meta_parts(article, &notes.tags);
    doc.meta = meta.text;
    doc.chips = meta.chips;
    doc.links = all_links(article, numbered.links);
    doc.splices = numbered.splices;
    let last = blocks.len().saturating_sub(1);
    let mut sent = false;
    for (i, b) in blocks.iter().enumerate() {
        if matches!(b.kind, LineKind::Body | LineKind::Links) {
            // A blank row before each paragraph and before the links.
            doc.lines.push(DocLine {
                kind: b.kind,
                block: b.index,
                line: None,
            });
        }
        let dir = (b.kind != LineKind::Note).then_some(b.dir);
        doc.push(b.kind, b.index, &b.text, dir, width_cells, mode);
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
    /// The block number of [`DocLine::block`].
    pub index: usize,
}

/// The article's blocks in page order: the title, the meta line (in the article's
/// direction, so it sits under the title), then each paragraph in its own direction, then
/// the links found in the text, numbered.
pub fn blocks(article: &Article) -> Vec<Block> {
    blocks_annotated(article, &Annotations::default())
}

/// [`blocks`] with the user's tags as chips in the meta line and the note under it.
pub fn blocks_annotated(article: &Article, notes: &Annotations) -> Vec<Block> {
    blocks_numbered(article, notes, &links::number(article))
}

fn blocks_numbered(
    article: &Article,
    notes: &Annotations,
    numbered: &links::Numbered,
) -> Vec<Block> {
    let mut out = Vec::with_capacity(article.paragraphs.len() + 4);
    let block = |kind, text: String, dir, index| Block {
        kind,
        text,
        dir,
        index,
    };
    out.push(block(
        LineKind::Title,
        article.title.clone(),
        article.dir,
        0,
    ));
    let meta = meta_parts(article, &notes.tags).text;
    out.push(block(LineKind::Meta, meta, article.dir, 1));
    if let Some(note) = notes
        .note
        .as_deref()
        .map(crate::ingest::sanitize::clean_line)
    {
        if !note.is_empty() {
            let line = match notes.note_author.as_deref() {
                Some(author) => {
                    format!("✎ {}: {note}", crate::ingest::sanitize::clean_line(author))
                }
                None => format!("✎ {note}"),
            };
            // Laid out in the note's own direction (see `layout_progressively`).
            out.push(block(LineKind::Note, line, article.dir, 1));
        }
    }
    // Paragraphs with the link numbers in them; the references the HTML reader listed at the
    // end are left to the list below.
    out.extend(
        article
            .paragraphs
            .iter()
            .zip(&numbered.shown)
            .enumerate()
            .filter_map(|(i, (p, shown))| {
                Some(block(LineKind::Body, shown.clone()?, p.dir, i + 2))
            }),
    );
    let base = article.paragraphs.len() + 2;
    let links = &numbered.links;
    if !links.is_empty() {
        out.push(block(LineKind::Links, "Links".into(), Direction::Ltr, base));
        out.extend(links.iter().enumerate().map(|(i, l)| {
            block(
                LineKind::Link,
                format!("[{}] {l}", i + 1),
                Direction::Ltr,
                base + i + 1,
            )
        }));
    }
    if !article.enclosures.is_empty() {
        // Numbered on from the links: one list of numbers for digits and `L`.
        let first = links.len();
        let heading = base + first + 1;
        out.push(block(
            LineKind::Links,
            "Media".into(),
            Direction::Ltr,
            heading,
        ));
        out.extend(article.enclosures.iter().enumerate().map(|(i, e)| {
            block(
                LineKind::Link,
                // The type and size hold together (a narrow reader moves the link down).
                format!(
                    "[{}] {}\u{a0}· {}",
                    first + i + 1,
                    e.describe().replace(' ', "\u{a0}"),
                    e.url
                ),
                Direction::Ltr,
                heading + i + 1,
            )
        }));
    }
    out
}

/// The links and then the enclosures, in number order.
fn all_links(article: &Article, mut links: Vec<String>) -> Vec<String> {
    links.extend(article.enclosures.iter().map(|e| e.url.clone()));
    links
}

/// Every link the reader numbers, in number order: the article's own link first, then each
/// http or https link in its paragraphs once, in the order they appear, then its
/// enclosures.
pub fn links_in(article: &Article) -> Vec<String> {
    all_links(article, links::number(article).links)
}

/// Where in a word an http or https link starts, and the link without the punctuation a
/// sentence puts around it.
pub(crate) fn link_in_word(word: &str) -> Option<(usize, String)> {
    let start = word.find("http://").or_else(|| word.find("https://"))?;
    let link = word[start..].trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | ')' | ']' | '>' | '»' | '"' | '\'' | '،' | '؛'
        )
    });
    crate::model::link_host(link)?;
    Some((start, link.to_string()))
}

/// The meta line's text and where its chips are.
struct MetaParts {
    text: String,
    chips: Vec<Range<usize>>,
}

/// First-strong isolate and pop-directional isolate: a field wrapped in them is ordered
/// as its own text, so a date reads `2024-08-18` in a right-to-left line as in the list.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// A field wrapped in isolates, unless it holds right-to-left letters: those stay outside,
/// so the line's first strong letter still gives its direction where it is detected.
fn isolate(field: &str) -> String {
    let rtl = field.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    });
    if rtl {
        field.to_string()
    } else {
        format!("{FSI}{field}{PDI}")
    }
}

/// The meta line: each field isolated and held together (its spaces do not break, so a
/// narrow reader moves a whole field to the next line), joined by ` · `; then the tags as
/// `#tag` chips.
fn meta_parts(article: &Article, tags: &[String]) -> MetaParts {
    let whole = |s: &str| s.split_whitespace().collect::<Vec<_>>().join("\u{a0}");
    let mut text = article
        .meta_fields()
        .iter()
        .map(|f| isolate(&whole(f)))
        .collect::<Vec<_>>()
        // The separator holds to the field before it, so a line never starts with one.
        .join("\u{a0}· ");
    let mut chips = Vec::new();
    let tags: Vec<String> = tags
        .iter()
        .map(|t| whole(&crate::ingest::sanitize::clean_line(t)))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, tag) in tags.iter().enumerate() {
        text.push_str(if i == 0 { "\u{a0}· " } else { " " });
        text.push(FSI);
        let start = text.len();
        text.push('#');
        text.push_str(tag);
        chips.push(start..text.len());
        text.push(PDI);
    }
    MetaParts { text, chips }
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
        let notes = Annotations::default();
        let whole = layout_progressively(&a, &notes, 60, mode, 40, &mut |d| first.push(d));
        assert_eq!(first.len(), 1, "one early screenful for a long article");
        let part = &first[0];
        assert!(!part.complete && whole.complete);
        assert!(part.lines.len() >= 40 && part.lines.len() < whole.lines.len());
        for (p, w) in part.lines.iter().zip(&whole.lines) {
            assert_eq!(p.line, w.line);
        }
        let mut none = 0;
        layout_progressively(&a, &notes, 60, mode, usize::MAX, &mut |_| none += 1);
        assert_eq!(none, 0, "nothing is sent ahead when the whole is needed");
    }
}
