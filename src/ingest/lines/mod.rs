//! One line of a scraped page seen alone: its shallow features (words, sentence punctuation,
//! stopword density, date shape, doubled halves) and what its own words say it is (a byline,
//! a tag line, a share bar, a heading over related links, ...). `page/` adds what only the
//! whole page knows: position, the title, the blocks around it, lines recurring across pages.
//!
//! The parts, one concern each: `cue` reads what a line's words say it is, `shapes` knows
//! furniture by its shape (stamps, menus, captions), `names` reads the name after a label.

mod cue;
mod names;
mod shapes;

#[cfg(test)]
mod tests;

pub use names::name_after;

use super::cues::{cues, split_words, Phrase, Word};
use super::dates::{self, Hint};
use super::sanitize::collapse_whitespace;
use crate::text::hash::{FastHash, Fnv};
use crate::text::normalize::fold_into;
use chrono::NaiveDate;
use cue::cue_of;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// The key of a line for counting recurrences: its folded words, hashed (FNV-1a: the keys
/// are compared only among the pages of one load, never stored).
pub fn line_key(folded_words: &[Word]) -> u64 {
    line_key_of(folded_words.iter().map(Word::as_str))
}

/// [`line_key`] of words given one by one, so a caller need not collect them.
pub fn line_key_of<'a>(folded_words: impl Iterator<Item = &'a str>) -> u64 {
    let mut h = Fnv::default();
    for w in folded_words {
        // A str hashes its bytes and a terminator: the words stay apart.
        w.hash(&mut h);
    }
    h.finish()
}

/// A set of line keys ([`line_key`]), hashed by FNV-1a like them.
pub type KeySet = HashSet<u64, FastHash>;

/// Why a line was dropped; `--explain` prints these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A rule of `furniture.txt`.
    Listed,
    Byline,
    Desk,
    SourceLine,
    Tags,
    /// A heading over related links, a ticker, comments.
    Heading,
    /// A short headline line under such a heading.
    UnderHeading,
    Timestamp,
    Breadcrumb,
    Navigation,
    ShareBar,
    Caption,
    Doubled,
    Junk,
    Staff,
    Copyright,
    Masthead,
    TitleRepeat,
    /// The same line recurs on other pages of the same source.
    Recurring,
    /// A short line above the title.
    AboveTitle,
    /// A short line between the title and the text that does not read as prose.
    BeforeText,
    /// A short line after the article's last paragraph.
    AfterText,
    /// The readers' comments, from their heading to the end of the page.
    Comments,
    /// A newsletter or sign-up box, and the short lines of its block.
    Signup,
    /// An opinion page's disclaimer.
    Disclaimer,
    /// A note on who the author is, after the text.
    Bio,
    /// A gallery's or pager's counter (`3 / 8`, `Image 2 of 5`).
    Counter,
    /// A count of the readers' comments (`23 comments`, `5 תגובות`).
    CommentCount,
    /// A standfirst or subtitle: between the title and the byline or time stamp, not prose
    /// beyond doubt.
    Standfirst,
    /// After the text, a block shaped as a list of links: a short heading line and two or
    /// more headline lines under it, none a sentence.
    LinkList,
    /// The label of an advertisement's slot.
    Advert,
    /// A pull quote: words the text says again inside one of its paragraphs.
    PullQuote,
}

impl Reason {
    /// A few words for `--explain`.
    pub fn describe(&self) -> &'static str {
        match self {
            Reason::Listed => "listed in furniture.txt",
            Reason::Byline => "byline (gives the author)",
            Reason::Desk => "byline of a desk, not a person",
            Reason::SourceLine => "names the source",
            Reason::Tags => "tag line",
            Reason::Heading => "heading of a related-links, ticker or comments block",
            Reason::UnderHeading => "headline under a related-links or ticker heading",
            Reason::Timestamp => "date or time stamp",
            Reason::Breadcrumb => "breadcrumb",
            Reason::Navigation => "navigation menu",
            Reason::ShareBar => "share buttons",
            Reason::Caption => "photo caption or credit",
            Reason::Doubled => "the same words twice, or the same line twice (a doubled caption)",
            Reason::Junk => "no words (a widget label)",
            Reason::Staff => "masthead staff line",
            Reason::Copyright => "copyright notice",
            Reason::Masthead => "masthead (the outlet's name)",
            Reason::TitleRepeat => "repeats the title",
            Reason::Recurring => "recurs on other pages of this source",
            Reason::AboveTitle => "short line above the title",
            Reason::BeforeText => "short line between the title and the text, not prose",
            Reason::AfterText => "short line after the article's text",
            Reason::Comments => "readers' comments (after their heading, nothing is the article's)",
            Reason::Signup => "newsletter or sign-up box",
            Reason::Disclaimer => "disclaimer of an opinion page",
            Reason::Bio => "note on the author, after the text",
            Reason::Counter => "counter of a gallery or pager",
            Reason::CommentCount => "count of the readers' comments",
            Reason::Standfirst => "standfirst: between the title and the byline, not prose",
            Reason::LinkList => "a list of links after the text (a short heading, headlines)",
            Reason::PullQuote => "pull quote (the text says it again in a paragraph)",
            Reason::Advert => "label of an advertisement's slot",
        }
    }
}

/// What a line's own words say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// Nothing: judge by shape and position.
    None,
    Drop(Reason),
    /// A byline; the name (may be empty when the line names a desk).
    Byline(String),
    /// A source line; the name.
    Source(String),
    /// A copyright line; the outlet named in it, when it names one.
    Copyright(Option<String>),
    /// Opens a block whose short lines go with it.
    Heading,
    /// Opens the readers' comments.
    Comments,
}

/// A line with its features.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// Index of the block (blank-line separated) it is in.
    pub block: usize,
    /// The text with runs of white space collapsed.
    pub text: String,
    /// Folded text (`text::normalize`).
    pub folded: String,
    pub words: Vec<Word>,
    /// [`line_key`] of the words, computed once.
    pub key: u64,
    pub ends_sentence: bool,
    /// Share of words that are stopwords of any language.
    pub stop_density: f32,
    pub dates: Vec<NaiveDate>,
    /// Labelled published (`true`) or updated (`false`), when a date label starts the line.
    pub date_label: Option<bool>,
    pub cue: Cue,
}

impl Line {
    pub fn new(no: usize, block: usize, raw: &str, hint: Hint) -> Line {
        let text = collapse_whitespace(raw.trim());
        let mut folded = String::with_capacity(text.len());
        fold_into(&text, &mut folded);
        let words = split_words(&folded);
        let key = line_key(&words);
        let c = cues();
        let stops = words.iter().filter(|w| c.stop.contains(w.as_str())).count();
        let stop_density = if words.is_empty() {
            0.0
        } else {
            stops as f32 / words.len() as f32
        };
        let ends_sentence = text
            .trim_end_matches(['"', '”', '»', ')', '\'', '’', ' '])
            .ends_with(['.', '!', '?', '؟', '。', '…', '۔', ':', '؛']);
        // A paragraph's dates are the story's, not the page's (the dateline is read apart).
        let dates = if words.len() <= LONG_LINE_WORDS && folded.bytes().any(|b| b.is_ascii_digit())
        {
            dates::find(&folded, &words, c, hint)
        } else {
            Vec::new()
        };
        let date_label = c.phrases_at_start(&words).find_map(|(k, _)| match k {
            Phrase::Published => Some(true),
            Phrase::Updated => Some(false),
            _ => None,
        });
        let mut line = Line {
            no,
            block,
            text,
            folded,
            words,
            key,
            ends_sentence,
            stop_density,
            dates,
            date_label,
            cue: Cue::None,
        };
        line.cue = cue_of(&line, c);
        line
    }

    pub fn n_words(&self) -> usize {
        self.words.len()
    }

    /// Prose: long enough, and either punctuated as sentences or dense with function words.
    /// Prose beyond doubt: punctuated as a sentence, or too long for anything else.
    pub fn decisive_prose(&self, p: &Params) -> bool {
        self.reads_as_prose(p)
            && (self.ends_sentence_proper() || self.n_words() >= p.prose_long_words)
    }

    pub fn reads_as_prose(&self, p: &Params) -> bool {
        let n = self.n_words();
        n >= p.prose_long_words
            || (n >= p.prose_min_words
                && (self.ends_sentence_proper() || self.stop_density >= p.prose_stop_density))
            || (n >= 4 && self.ends_sentence_proper() && self.stop_density > 0.0)
    }

    /// Ends like a sentence (a full stop, question or exclamation mark), not a label's colon.
    pub fn ends_sentence_proper(&self) -> bool {
        self.ends_sentence && !self.text.trim_end().ends_with([':', '؛'])
    }

    /// Reads as a headline: a few words, no closing full stop (a headline may ask or
    /// exclaim: `Why are trains so expensive?`).
    pub fn reads_as_headline(&self, p: &Params) -> bool {
        let n = self.n_words();
        (p.headline_min_words..=p.headline_max_words).contains(&n)
            && (!self.ends_sentence_proper() || self.asks_alone())
            && self.cue == Cue::None
    }

    /// Ends in a question or exclamation mark with no other sentence before it: one clause
    /// that asks, as headlines do; prose has its sentences and a comma or two.
    pub fn asks_alone(&self) -> bool {
        let t = self
            .text
            .trim_end_matches(['"', '”', '»', ')', '\'', '’', ' ']);
        let Some(body) = t.strip_suffix(['?', '؟', '!']) else {
            return false;
        };
        !body.contains(['.', '?', '؟', '!', '،', ',', ';', '؛', '۔'])
            && self.n_words() <= SHORT_LINE_WORDS
    }
}

/// The thresholds the rules use; the defaults were chosen by cross-validation over the
/// development pages (see `examples/scraped_score.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// A line this long is prose whatever its punctuation.
    pub prose_long_words: usize,
    /// A line at least this long is prose when punctuated or dense with stopwords.
    pub prose_min_words: usize,
    pub prose_stop_density: f32,
    pub headline_min_words: usize,
    pub headline_max_words: usize,
    /// Between the title and the text, an unsure line is kept from this many words on
    /// (when it has stopwords).
    pub dek_min_words: usize,
    /// A line recurring on this many pages of one source is furniture.
    pub recurring_pages: usize,
    /// After the last sentence of the text, keep prose that does not end a sentence (an
    /// unpunctuated last paragraph) rather than drop it (a related headline).
    pub keep_unpunctuated_after: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            prose_long_words: 22,
            prose_min_words: 8,
            prose_stop_density: 0.12,
            headline_min_words: 4,
            headline_max_words: 30,
            dek_min_words: 7,
            recurring_pages: 3,
            keep_unpunctuated_after: true,
        }
    }
}

/// The longest a labelled line (byline, source, tags) may be, in words after its label.
pub(super) const LABEL_REST_WORDS: usize = 7;
pub(super) const SHORT_LINE_WORDS: usize = 14;
/// Longer than any rule of furniture.txt with the 16 extra words its prefix rules allow.
pub(super) const LISTED_MAX_WORDS: usize = 40;
/// A line this long is a paragraph: no shape rule (time stamp, menu, caption) applies.
pub(super) const LONG_LINE_WORDS: usize = 3 * SHORT_LINE_WORDS;
