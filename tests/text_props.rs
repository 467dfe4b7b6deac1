//! Property tests of the text layer over random mixed paragraphs (Arabic with harakat,
//! lam-alef and tatweel, Latin words, digits, Arabic-Indic and Persian digits, Hebrew with
//! points, brackets, quotes, punctuation, NBSP, runs of spaces, over-long words) at random
//! widths 1..120:
//!
//! - shaping off: each visual line is a permutation of its logical line's grapheme clusters
//!   (a mirrored bracket counts as its pair), fits the width with its indent, and the lines'
//!   logical ranges, joined by the break spaces between them, give the paragraph back;
//! - shaping on: each line fits the width and the logical ranges still give the paragraph;
//! - bidi off: each line is drawn in logical order, unpadded;
//! - styled runs: a highlight (any logical byte range) covers exactly the grapheme clusters it
//!   touches, however many visual pieces they fall into, and never cuts a letter from its marks.

use std::collections::HashMap;
use std::ops::Range;

use akhbar::text::{layout, width_cells, LayoutOptions, VisualLine};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Arabic (and a few Persian) letters, each with up to two harakat; lam-alef pairs (also with
/// a fatha between lam and alef); tatweel.
const ARABIC_WORD: &str = "([\u{0621}-\u{063A}\u{0641}-\u{064A}\u{067E}\u{0686}\u{0698}\u{06A9}\u{06AF}\u{06CC}][\u{064B}-\u{0652}\u{0670}]{0,2}|\u{0644}\u{064E}?[\u{0627}\u{0623}\u{0625}\u{0622}]|\u{0640}){1,8}";
const HEBREW_WORD: &str = "([\u{05D0}-\u{05EA}][\u{05B0}-\u{05BC}]?){1,6}";
const LATIN_WORD: &str = "[A-Za-z]{1,10}";
const NUMBER: &str = "-?[0-9]{1,4}([.,][0-9]{1,3})?%?";
const INDIC_NUMBER: &str = "[\u{0660}-\u{0669}]{1,5}|[\u{06F0}-\u{06F9}]{1,3}";
const PUNCTUATION: &str = "[.,:;!?\u{060C}\u{061B}\u{061F}/%-]";
const BRACKET: &str = "[()\\[\\]{}<>\u{AB}\u{BB}\u{2039}\u{203A}\u{201C}\u{201D}\"']";
const LONG_WORD: &str = "[a-z]{15,40}|[\u{0628}-\u{062A}\u{0633}-\u{0639}\u{0644}\u{0627}]{15,40}";
const EMAIL: &str = "[a-z]{2,6}@[a-z]{2,6}\\.com";

/// Brackets and their mirrored glyphs (rule L4), as drawn in a right-to-left run.
const MIRRORED: &[(char, char)] = &[
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('<', '>'),
    ('\u{AB}', '\u{BB}'),
    ('\u{2039}', '\u{203A}'),
];

fn token() -> impl Strategy<Value = String> {
    let bracketed = (BRACKET, ARABIC_WORD, BRACKET).prop_map(|(a, w, b)| format!("{a}{w}{b}"));
    let glued = (ARABIC_WORD, PUNCTUATION).prop_map(|(w, p)| format!("{w}{p}"));
    prop_oneof![
        8 => ARABIC_WORD,
        3 => LATIN_WORD,
        2 => NUMBER,
        2 => INDIC_NUMBER,
        1 => HEBREW_WORD,
        2 => PUNCTUATION,
        2 => BRACKET,
        2 => bracketed,
        2 => glued,
        1 => LONG_WORD,
        1 => EMAIL,
    ]
}

fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => Just(" ".to_owned()),
        2 => Just("  ".to_owned()),
        2 => Just("\u{A0}".to_owned()),
        1 => Just("\u{202F}".to_owned()),
        1 => Just(String::new()),
    ]
}

/// A paragraph of 0..40 tokens, sometimes with spaces at either end.
fn paragraph() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((token(), separator()), 0..40),
        "[ ]{0,2}",
        "[ ]{0,2}",
    )
        .prop_map(|(tokens, lead, trail)| {
            let mut out = lead;
            for (t, sep) in tokens {
                out.push_str(&t);
                out.push_str(&sep);
            }
            out.push_str(&trail);
            out
        })
}

fn options(width: usize, bidi: bool, shaping: bool) -> LayoutOptions {
    let mut opts = LayoutOptions::new(width);
    opts.bidi = bidi;
    opts.shaping = shaping;
    opts
}

fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{1680}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}')
}

/// A bracket and its mirror count as the same character.
fn unmirror(c: char) -> char {
    MIRRORED
        .iter()
        .find(|&&(_, close)| close == c)
        .map_or(c, |&(open, _)| open)
}

fn clusters(s: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for g in s.graphemes(true) {
        *out.entry(g.chars().map(unmirror).collect()).or_insert(0) += 1;
    }
    out
}

/// The lines' logical ranges are in order, do not start or end with a break space, and with
/// only break spaces between, before and after them they give the paragraph back.
fn check_reassembly(para: &str, lines: &[VisualLine]) -> Result<(), TestCaseError> {
    let mut rebuilt = String::new();
    let mut pos = 0;
    for line in lines {
        let Range { start, end } = line.logical.clone();
        prop_assert!(
            pos <= start && start < end && end <= para.len(),
            "range {start}..{end} after {pos}"
        );
        let gap = &para[pos..start];
        prop_assert!(
            gap.chars().all(is_break_space),
            "non-space {gap:?} between lines"
        );
        let text = &para[start..end];
        prop_assert!(
            !text.starts_with(is_break_space) && !text.ends_with(is_break_space),
            "line {text:?} has break spaces at an end"
        );
        rebuilt.push_str(gap);
        rebuilt.push_str(text);
        pos = end;
    }
    let tail = &para[pos..];
    prop_assert!(tail.chars().all(is_break_space), "{tail:?} left over");
    rebuilt.push_str(tail);
    prop_assert_eq!(rebuilt.as_str(), para);
    if para.chars().any(|c| !is_break_space(c)) {
        prop_assert!(!lines.is_empty(), "no lines for a non-blank paragraph");
    }
    Ok(())
}

fn check_widths(lines: &[VisualLine], width: usize) -> Result<(), TestCaseError> {
    for line in lines {
        let drawn = line.padded_text();
        prop_assert!(width_cells(&drawn) <= width, "{drawn:?} wider than {width}");
        prop_assert_eq!(line.width_cells, width_cells(&line.visual_text()));
        prop_assert_eq!(drawn.len(), line.indent_cells + line.visual_text().len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Failures print their minimal input; no regression files in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn unshaped_lines_are_permutations_that_fit(para in paragraph(), width in 1usize..120) {
        let lines = layout(&para, &options(width, true, false));
        check_reassembly(&para, &lines)?;
        check_widths(&lines, width)?;
        for line in &lines {
            let logical = &para[line.logical.clone()];
            prop_assert_eq!(
                clusters(&line.visual_text()),
                clusters(logical),
                "visual {:?} is not a permutation of {:?}", line.visual_text(), logical
            );
        }
    }

    #[test]
    fn shaped_lines_fit_and_reassemble(para in paragraph(), width in 1usize..120) {
        let lines = layout(&para, &options(width, true, true));
        check_reassembly(&para, &lines)?;
        check_widths(&lines, width)?;
        // Shaping only merges lam-alef pairs: never more cells than unshaped.
        let shaped_cells: usize = lines.iter().map(|l| l.width_cells).sum();
        let plain_cells: usize = lines.iter().map(|l| width_cells(&para[l.logical.clone()])).sum();
        prop_assert!(shaped_cells <= plain_cells);
    }

    #[test]
    fn without_bidi_lines_stay_logical(para in paragraph(), width in 1usize..120) {
        let lines = layout(&para, &options(width, false, false));
        check_reassembly(&para, &lines)?;
        check_widths(&lines, width)?;
        for line in &lines {
            prop_assert_eq!(line.indent_cells, 0);
            prop_assert_eq!(line.visual_text(), &para[line.logical.clone()]);
        }
    }

    #[test]
    fn highlights_cover_exactly_their_clusters(
        para in paragraph(),
        width in 1usize..120,
        a in 0.0f64..1.0,
        b in 0.0f64..1.0,
        shaping in any::<bool>(),
    ) {
        let floor = |x: f64| {
            let mut i = ((para.len() as f64) * x) as usize;
            while !para.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (lo, hi) = (floor(a.min(b)), floor(a.max(b)));
        let highlight = lo..hi;
        for line in layout(&para, &options(width, true, shaping)) {
            let runs = line.styled_runs(false, &[(highlight.clone(), true)]);
            let rebuilt: String = runs.iter().map(|(s, _)| s.as_str()).collect();
            prop_assert_eq!(&rebuilt, &line.visual_text());
            prop_assert!(runs.windows(2).all(|w| w[0].1 != w[1].1), "adjacent runs share a style");
            for (run, _) in &runs {
                let first = run.chars().next();
                prop_assert!(
                    !first.is_some_and(|c| ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || ('\u{05B0}'..='\u{05BC}').contains(&c)),
                    "run {:?} starts with a mark", run
                );
            }
            // The clusters of the line (segmented on its own) that the highlight touches.
            let start = line.logical.start;
            let logical = &para[line.logical.clone()];
            // An empty highlight marks nothing, even inside a cluster.
            let touched: String = logical
                .grapheme_indices(true)
                .filter(|_| !highlight.is_empty())
                .filter(|&(i, g)| highlight.start < start + i + g.len() && start + i < highlight.end)
                .map(|(_, g)| g)
                .collect();
            let lit: String = runs.iter().filter(|(_, on)| *on).map(|(s, _)| s.as_str()).collect();
            if shaping {
                // Shaped glyphs differ from the letters; lam-alef merges two clusters into one
                // cell, so only compare whether anything is lit.
                prop_assert_eq!(lit.is_empty(), touched.is_empty());
            } else {
                prop_assert_eq!(clusters(&lit), clusters(&touched), "lit {:?} for {:?}", lit, touched);
            }
        }
    }
}
