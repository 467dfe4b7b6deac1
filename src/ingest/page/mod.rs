//! A scraped page read as a whole: which line is the title, which lines are the article and
//! which are furniture (and why), and the date, source and author the page itself shows.
//! Lines are judged alone first (`lines/`), then by position: above the title, between the
//! title and the text, inside it, after its last paragraph, under a heading over related
//! links, or recurring on other pages of the same source.
//!
//! The parts, one concern each: `verdicts` walks the lines and gives each its verdict,
//! `title` picks the headline, `blocks` reads headings, lists and paragraphs, `glued` cuts
//! tails off kept lines, and `date`, `source` and `author` read what the page shows.

mod author;
mod blocks;
mod date;
mod glued;
mod source;
mod title;
mod verdicts;

#[cfg(test)]
mod tests;

pub use verdicts::read;

use super::dates::Hint;
use super::lang::{detect, ScriptCounts};
pub use super::lines::{line_key, line_key_of, KeySet};
use super::lines::{Line, Params, Reason};
use crate::model::Lang;
use chrono::NaiveDate;

/// What became of one line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Title,
    Text,
    Dropped(Reason),
}

/// One line's verdict, for `--explain` and the scorer.
#[derive(Debug, Clone)]
pub struct Judged {
    /// 1-based line number in the file.
    pub no: usize,
    pub text: String,
    pub verdict: Verdict,
    /// Furniture cut off the end of a kept line (`… مصدر الخبر: X`).
    pub cut: Option<String>,
}

/// Metadata the page shows, each with where it was read.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub title: Option<(String, String)>,
    pub date: Option<(NaiveDate, String)>,
    pub source: Option<(String, String)>,
    pub author: Option<(String, String)>,
}

/// The page read: its paragraphs (lines of a block joined, or kept apart when the block is
/// a list), every line's verdict and what it shows.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub paragraphs: Vec<String>,
    pub lines: Vec<Judged>,
    pub found: Found,
}

/// What the page is read with besides its lines.
pub struct Context<'a> {
    /// A title given by a header or sidecar: the line that repeats it is dropped.
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    /// Keys ([`line_key`]) of lines that recur on other pages of the same source.
    pub recurring: Option<&'a KeySet>,
    pub params: Params,
    /// How to read the page's dates ([`hint_for`]).
    pub hint: Hint,
}

/// The most lines between two prose lines of one article's opening.
pub(super) const PROSE_RUN_GAP: usize = 8;

/// Lines longer than this are never counted as recurring furniture.
pub const RECURRING_MAX_WORDS: usize = 20;

/// The date and script hints for a page's text, judged by its first few thousand bytes.
pub fn hint_for(text: &str) -> Hint {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lang = detect(&ScriptCounts::of(text.get(..end).unwrap_or(text)));
    Hint {
        persian: lang == Lang::Fa,
        month_first: lang == Lang::En,
        sighted_late: lang == Lang::Ur,
    }
}

/// Splits a page body (after any header lines) into judged lines: `first_no` is the file's
/// line number of `body[0]`.
pub fn lines_of(body: &[&str], first_no: usize, hint: Hint) -> Vec<Line> {
    let mut out = Vec::with_capacity(body.len());
    let mut block = 0;
    let mut gap = false;
    for (i, raw) in body.iter().enumerate() {
        if raw.trim().is_empty() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            block += 1;
        }
        gap = false;
        out.push(Line::new(first_no + i, block, raw, hint));
    }
    out
}
