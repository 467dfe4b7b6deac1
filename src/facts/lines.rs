//! The facts of a text whose lines are paragraphs (what `akhbar facts` and the evaluation
//! read), with offsets in chars into the whole text; furniture lines carry no facts.
//!
//! Bounded so that any input of 16 MiB is read in linear time and bounded memory: a line
//! longer than [`MAX_PIECE_CHARS`] is read as pieces of at most that many chars (cut after a
//! space where there is one), and reading stops after [`MAX_LINES`] lines or
//! [`MAX_TEXT_BYTES`] bytes. No news article comes near any of them (the evaluation's longest
//! text is 14.8 KB, 40 lines, its longest line 8,255 chars; long features run to 60 KB), so
//! the facts of real text are the same as unbounded; a hostile file (one 16 MiB line,
//! millions of one-letter lines) costs what its first 256 KiB cost.

use super::{extract, Facts};
use chrono::NaiveDate;

/// Lines read at most.
pub const MAX_LINES: usize = 5_000;
/// Bytes of text read at most.
pub const MAX_TEXT_BYTES: usize = 256 << 10;
/// The longest piece of a line read as one paragraph, in chars.
pub const MAX_PIECE_CHARS: usize = 16_384;

/// Facts of a whole text whose lines are paragraphs, with offsets into the whole text.
pub fn text_facts(
    text: &str,
    reference: Option<NaiveDate>,
    is_furniture: &dyn Fn(&str) -> bool,
) -> Facts {
    text_facts_bounded(text, reference, is_furniture).0
}

/// [`text_facts`], and the byte offset where reading stopped when a bound cut it short.
pub fn text_facts_bounded(
    text: &str,
    reference: Option<NaiveDate>,
    is_furniture: &dyn Fn(&str) -> bool,
) -> (Facts, Option<usize>) {
    let read = pieces(text);
    let many = read
        .pieces
        .iter()
        .filter(|p| p.whole && !p.text.trim().is_empty())
        .count()
        > 1;
    let kept: Vec<&str> = read
        .pieces
        .iter()
        .map(|p| {
            // Furniture is a short line of its own; a piece of a long line never is.
            if many && p.whole && !p.text.trim().is_empty() && is_furniture(p.text.trim()) {
                ""
            } else {
                p.text
            }
        })
        .collect();
    let mut facts = extract(&kept, reference);
    let start = |para: usize| read.pieces.get(para).map_or(0, |p| p.start_chars);
    for f in &mut facts.facts {
        let base = start(f.para);
        f.start += base;
        f.end += base;
    }
    for e in &mut facts.entities {
        for (para, r) in &mut e.mentions {
            let base = start(*para);
            *r = r.start + base..r.end + base;
        }
    }
    (facts, read.cut)
}

/// A paragraph as facts read it: a line, or a piece of a long one.
struct Piece<'a> {
    text: &'a str,
    /// Chars before it in the whole text.
    start_chars: usize,
    /// Whether it is a whole line.
    whole: bool,
}

struct Read<'a> {
    pieces: Vec<Piece<'a>>,
    /// The byte where reading stopped, if before the end.
    cut: Option<usize>,
}

/// The paragraphs facts read, within the bounds.
fn pieces(text: &str) -> Read<'_> {
    let mut pieces = Vec::new();
    let (mut at_bytes, mut at_chars) = (0usize, 0usize);
    for (n, line) in text.split('\n').enumerate() {
        if n == MAX_LINES || at_bytes >= MAX_TEXT_BYTES {
            return Read {
                pieces,
                cut: Some(at_bytes),
            };
        }
        let mut rest = line;
        let mut whole = true;
        loop {
            let (piece, chars) = first_piece(rest);
            whole &= piece.len() == rest.len();
            pieces.push(Piece {
                text: piece,
                start_chars: at_chars,
                whole,
            });
            at_bytes += piece.len();
            at_chars += chars;
            rest = &rest[piece.len()..];
            if rest.is_empty() {
                break;
            }
            if at_bytes >= MAX_TEXT_BYTES {
                return Read {
                    pieces,
                    cut: Some(at_bytes),
                };
            }
        }
        // The newline.
        at_bytes += 1;
        at_chars += 1;
    }
    Read { pieces, cut: None }
}

/// The first piece of `line` (all of it when short enough) and its length in chars.
fn first_piece(line: &str) -> (&str, usize) {
    let Some((limit, _)) = line.char_indices().nth(MAX_PIECE_CHARS) else {
        return (line, line.chars().count());
    };
    let window = &line[..limit];
    // After the last space of the window's second half, so a word is not cut in two.
    let end = window
        .char_indices()
        .rev()
        .take_while(|&(i, _)| i > limit / 2)
        .find(|&(_, c)| c.is_whitespace())
        .map_or(limit, |(i, c)| i + c.len_utf8());
    let piece = &line[..end];
    (piece, piece.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_furniture(_: &str) -> bool {
        false
    }

    #[test]
    fn a_long_line_is_read_in_pieces_with_offsets_into_the_whole_text() {
        let sentence = "Vladimir Putin arrived in Baku on 18 August 2024. ";
        let line = sentence.repeat(1000); // 50,000 chars
        let read = pieces(&line);
        assert!(read.pieces.len() >= 4, "{}", read.pieces.len());
        assert!(read
            .pieces
            .iter()
            .all(|p| p.text.chars().count() <= MAX_PIECE_CHARS));
        let joined: String = read.pieces.iter().map(|p| p.text).collect();
        assert_eq!(joined, line, "the pieces cover the line, in order");
        let mut chars = 0;
        for p in &read.pieces {
            assert_eq!(p.start_chars, chars);
            chars += p.text.chars().count();
        }
        // Every fact's offsets point at its text in the whole line.
        let (facts, cut) = text_facts_bounded(&line, None, &no_furniture);
        assert_eq!(cut, None);
        let chars: Vec<char> = line.chars().collect();
        assert!(!facts.facts.is_empty());
        for f in &facts.facts {
            let at: String = chars[f.start..f.end].iter().collect();
            assert_eq!(at, f.text, "{f:?}");
        }
    }

    #[test]
    fn reading_stops_at_the_bounds_and_says_where() {
        let many = "a\n".repeat(MAX_LINES + 10);
        let read = pieces(&many);
        assert_eq!(read.pieces.len(), MAX_LINES);
        assert_eq!(read.cut, Some(2 * MAX_LINES));
        let big = "word ".repeat(MAX_TEXT_BYTES / 5 * 3);
        let read = pieces(&big);
        let cut = read.cut.expect("cut");
        assert!(
            (MAX_TEXT_BYTES..MAX_TEXT_BYTES + 4 * MAX_PIECE_CHARS).contains(&cut),
            "{cut}"
        );
        let kept: usize = read.pieces.iter().map(|p| p.text.len()).sum();
        assert_eq!(kept, cut);
        let short = "one line\nand another";
        assert_eq!(pieces(short).cut, None);
        assert_eq!(pieces(short).pieces.len(), 2);
    }

    #[test]
    fn a_line_without_spaces_is_cut_at_the_limit_inside_no_char() {
        let line = "ب".repeat(MAX_PIECE_CHARS * 2 + 5);
        let read = pieces(&line);
        let lens: Vec<usize> = read.pieces.iter().map(|p| p.text.chars().count()).collect();
        assert_eq!(lens, [MAX_PIECE_CHARS, MAX_PIECE_CHARS, 5]);
        assert_eq!(read.pieces[2].start_chars, 2 * MAX_PIECE_CHARS);
    }
}
