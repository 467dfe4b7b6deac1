//! One line of a scraped page seen alone: its shallow features (words, sentence punctuation,
//! stopword density, date shape, doubled halves) and what its own words say it is (a byline,
//! a tag line, a share bar, a heading over related links, ...). `page.rs` adds what only the
//! whole page knows: position, the title, the blocks around it, lines recurring across pages.

use super::cues::{cues, split_words, Cues, Phrase};
use super::dates::{self, Hint};
use super::furniture::{classify_folded, LineKind};
use super::sanitize::collapse_whitespace;
use crate::text::normalize::fold_into;
use chrono::NaiveDate;

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
    pub words: Vec<String>,
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
const LABEL_REST_WORDS: usize = 7;
const SHORT_LINE_WORDS: usize = 14;
/// Longer than any rule of furniture.txt with the 16 extra words its prefix rules allow.
const LISTED_MAX_WORDS: usize = 40;
/// A line this long is a paragraph: no shape rule (time stamp, menu, caption) applies.
const LONG_LINE_WORDS: usize = 3 * SHORT_LINE_WORDS;

fn cue_of(line: &Line, c: &Cues) -> Cue {
    let words = &line.words;
    let n = words.len();
    if n == 0 {
        return Cue::Drop(Reason::Junk);
    }
    if n >= 2 && n % 2 == 0 && words[..n / 2] == words[n / 2..] {
        return Cue::Drop(Reason::Doubled);
    }
    let colon_after = |taken: usize| label_colon(&line.text, taken);
    // A phrase followed by its colon wins over a longer one without (`منبع: خبر روز`).
    let mut matches: Vec<(Phrase, usize, bool)> = c
        .phrases_at_start(words)
        .map(|(k, t)| (k, t, colon_after(t)))
        .collect();
    matches.sort_by_key(|&(_, t, labelled)| (std::cmp::Reverse(labelled), std::cmp::Reverse(t)));
    for (kind, taken, labelled) in matches {
        let rest = n - taken;
        match kind {
            Phrase::Staff if n <= SHORT_LINE_WORDS => return Cue::Drop(Reason::Staff),
            Phrase::Copyright if n <= 3 * SHORT_LINE_WORDS / 2 => {
                return Cue::Copyright(copyright_name(line, c))
            }
            Phrase::Source
                if (labelled || rest <= 3)
                    && rest <= LABEL_REST_WORDS
                    && !line.ends_sentence_proper() =>
            {
                let name = after_label(&line.text, taken);
                return if name.is_empty() {
                    Cue::Drop(Reason::SourceLine)
                } else {
                    Cue::Source(name)
                };
            }
            Phrase::Desk if rest <= 2 => return Cue::Byline(String::new()),
            Phrase::Byline if rest >= 1 && !line.ends_sentence_proper() => {
                let name = byline_name(&line.text, taken, c);
                let name_words = name.split_whitespace().count();
                let after = skip_words(&line.text, taken)
                    .trim_start_matches(|ch: char| ch.is_whitespace() || matches!(ch, ',' | '،'));
                let plain = !after.contains([',', '،']) || name_words < rest;
                if plain && (labelled || name_words <= 4) && name_words <= LABEL_REST_WORDS {
                    return Cue::Byline(name);
                }
            }
            Phrase::Tags if (labelled && rest <= 3 * SHORT_LINE_WORDS) || rest == 0 => {
                return Cue::Drop(Reason::Tags)
            }
            Phrase::Heading if rest <= 2 || (labelled && !line.ends_sentence_proper()) => {
                return Cue::Heading
            }
            Phrase::Caption
                if (labelled || rest <= 2 || comma_after(&line.text, taken))
                    && n <= SHORT_LINE_WORDS =>
            {
                return Cue::Drop(Reason::Caption)
            }
            Phrase::Comments
                if (rest <= 3 && !line.ends_sentence_proper())
                    || labelled
                    || (taken >= 2 && n <= SHORT_LINE_WORDS) =>
            {
                return Cue::Comments
            }
            Phrase::Published | Phrase::Updated if !line.dates.is_empty() || rest <= 1 => {
                return Cue::Drop(Reason::Timestamp)
            }
            _ => {}
        }
    }
    if n <= SHORT_LINE_WORDS && c.glued_at_start(words) == Some(Phrase::Caption) {
        return Cue::Drop(Reason::Caption);
    }
    if n > LONG_LINE_WORDS {
        return Cue::None;
    }
    if line.text.contains('©') && n <= 3 * SHORT_LINE_WORDS / 2 {
        return Cue::Copyright(copyright_name(line, c));
    }
    if n <= SHORT_LINE_WORDS
        && c.phrase_within(words, Phrase::Copyright)
            .is_some_and(|i| i > 0)
    {
        return Cue::Copyright(copyright_name(line, c));
    }
    // furniture.txt's rules are for short lines; a paragraph is never one of them.
    if n <= LISTED_MAX_WORDS && classify_folded(&line.text, &line.folded) == LineKind::Furniture {
        return Cue::Drop(Reason::Listed);
    }
    if is_timestamp(line, c) {
        return Cue::Drop(Reason::Timestamp);
    }
    if let Some(reason) = navigation(line, c) {
        return Cue::Drop(reason);
    }
    // A row of networks and share verbs, maybe with a preposition (`تابعونا على`).
    if n <= 12
        && !line.ends_sentence_proper()
        && words.iter().any(|w| c.share.contains(w.as_str()))
        && words
            .iter()
            .all(|w| c.share.contains(w.as_str()) || (n > 1 && c.stop.contains(w.as_str())))
    {
        return Cue::Drop(Reason::ShareBar);
    }
    if is_junk(line) {
        return Cue::Drop(Reason::Junk);
    }
    if credited_caption(line, c) {
        return Cue::Drop(Reason::Caption);
    }
    Cue::None
}

/// A photo caption ending in its agency's credit, `… في الميناء (أ ف ب)`, `… (AFP)`: a
/// line that does not end a sentence and closes on a bracketed abbreviation or outlet.
fn credited_caption(line: &Line, c: &Cues) -> bool {
    let text = line.text.trim_end();
    if line.n_words() > 40 || !text.ends_with(')') {
        return false;
    }
    let Some(open) = text.rfind('(') else {
        return false;
    };
    let inner = text.get(open + 1..text.len() - 1).unwrap_or("");
    // `(Derek Olsen / The City Ledger)`: a photographer and an outlet, the credit of a
    // caption of any length.
    let slashed = inner.contains(" / ") && (2..=8).contains(&split_words(inner).len());
    if slashed && !inner.contains(['.', '،', ',']) {
        return open > 0;
    }
    if line.n_words() > 20 || line.ends_sentence_proper() {
        return false;
    }
    let words = super::cues::fold_words(inner);
    let abbreviation = words.iter().all(|w| w.chars().count() <= 2)
        || (inner.chars().any(char::is_alphabetic)
            && inner
                .chars()
                .filter(|ch| ch.is_alphabetic())
                .all(|ch| ch.is_ascii_uppercase()));
    let credit = words.iter().any(|w| c.outlet.contains(w.as_str()));
    // `(צילום: אבי שמש)`, `(Photo: Jane Roe)`: the credit is labelled.
    let labelled = c
        .phrases_at_start(&words)
        .any(|(k, t)| k == Phrase::Caption && t < words.len() && words.len() <= t + 4);
    open > 0 && (labelled || ((1..=3).contains(&words.len()) && (abbreviation || credit)))
}

/// Whether a `:` (or `-`, `|`, `..`, `…`) follows the label's `taken` words in the original
/// text.
fn label_colon(text: &str, taken: usize) -> bool {
    let rest = skip_words(text, taken).trim_start();
    rest.starts_with([':', '：', '-', '–', '|', '…']) || rest.starts_with("..")
}

/// Whether a comma follows the label (`Image caption, …`, `،تصویر کا ذریعہ…`).
fn comma_after(text: &str, taken: usize) -> bool {
    skip_words(text, taken).trim_start().starts_with([',', '،'])
}

/// `text` after its first `taken` words (words as `split_words` counts them), as written.
fn skip_words(text: &str, taken: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, ch) in text.char_indices() {
        let w = super::cues::is_word_char(ch);
        if w && !in_word {
            if seen == taken {
                return &text[i..];
            }
            seen += 1;
        }
        in_word = w;
        if !w && seen == taken {
            return &text[i..];
        }
    }
    ""
}

/// The name after a label: separators trimmed.
fn after_label(text: &str, taken: usize) -> String {
    let rest = skip_words(text, taken);
    clean_name(rest)
}

fn clean_name(s: &str) -> String {
    let s = s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '：' | '-' | '–' | '—' | '|' | '/' | '.' | '،' | ','
            )
    });
    collapse_whitespace(s)
}

/// A byline's name: after the label, before any date, time or separator.
fn byline_name(text: &str, taken: usize, c: &Cues) -> String {
    let rest = skip_words(text, taken);
    let rest = rest.trim_start_matches(|ch: char| {
        ch.is_whitespace() || matches!(ch, ':' | '：' | '-' | '–' | '|' | ',' | '،')
    });
    let cut = rest
        .find([
            '|', '·', '•', '،', ',', ';', '؛', '-', '–', '—', '(', '/', '0', '1', '2', '3', '4',
            '5', '6', '7', '8', '9', '٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩', '۰', '۱',
            '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹',
        ])
        .unwrap_or(rest.len());
    let name = clean_name(&rest[..cut]);
    let folded = super::cues::fold_words(&name);
    if folded.is_empty()
        || c.phrases
            .iter()
            .any(|(k, p)| *k == Phrase::Desk && *p == folded)
    {
        return String::new();
    }
    name
}

/// The name after a byline label at word `at` of a line (`… by Sam Lee`), when there is one.
pub fn name_after(text: &str, at: usize, c: &Cues) -> Option<String> {
    let words = split_words(&{
        let mut f = String::new();
        fold_into(text, &mut f);
        f
    });
    let taken = c
        .phrases_at_start(words.get(at..)?)
        .filter(|(k, _)| *k == Phrase::Byline)
        .map(|(_, t)| t)
        .max()?;
    let name = byline_name(text, at + taken, c);
    (!name.is_empty()).then_some(name)
}

/// The outlet a copyright line names, as written: the part of the line that is neither the
/// notice's own words nor a year, when that is a short name. `page.rs` checks it against the
/// page's other lines (a Hebrew or Arabic prefix `ל`/`لـ` may still be on it).
fn copyright_name(line: &Line, c: &Cues) -> Option<String> {
    let mut marked = String::with_capacity(line.text.len());
    let mut chars = line.text.chars().peekable();
    while let Some(ch) = chars.next() {
        let end_stop = ch == '.' && chars.peek().is_none_or(|n| n.is_whitespace());
        let dash = ch == '-' && chars.peek().is_some_and(|n| n.is_whitespace());
        if matches!(ch, '©' | '|' | '–' | '—' | '،' | ',' | '(' | ')') || end_stop || dash {
            marked.push('\u{1}');
        } else {
            marked.push(ch);
        }
    }
    let mut plain = Vec::new();
    let mut tails = Vec::new();
    for seg in marked.split('\u{1}') {
        let words = super::cues::fold_words(seg);
        match c.phrase_within(&words, Phrase::Copyright) {
            Some(i) => {
                let len = c
                    .phrases
                    .iter()
                    .filter(|(k, p)| *k == Phrase::Copyright && words[i..].starts_with(p))
                    .map(|(_, p)| p.len())
                    .max()
                    .unwrap_or(0);
                if i > 0 {
                    tails.push(take_words(seg, i).to_string());
                }
                tails.push(skip_words(seg, i + len).to_string());
            }
            None => plain.push(seg.to_string()),
        }
    }
    plain
        .into_iter()
        .chain(tails)
        .map(|s| clean_name(&strip_years(&s)))
        .find(|name| (1..=6).contains(&name.split_whitespace().count()))
}

/// The first `n` words of `text` and what lies between them, as written.
fn take_words(text: &str, n: usize) -> &str {
    let rest = skip_words(text, n);
    &text[..text.len() - rest.len()]
}

/// Drops years and year ranges (`2024`, `1998-2024`); other numbers can be part of a name
/// (`מבזק 24`).
fn strip_years(s: &str) -> String {
    let is_year = |w: &str| {
        let digits: String = w.chars().filter(|c| c.is_ascii_digit()).collect();
        let only = w
            .chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '–' | ',' | '.'));
        only && !digits.is_empty() && digits.len() % 4 == 0
    };
    s.split_whitespace()
        .filter(|w| {
            let mut folded = String::new();
            crate::text::normalize::fold_into(w, &mut folded);
            !is_year(&folded)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line that is mostly a date or a time: digits, month and day names, relative-time
/// words, date labels.
fn is_timestamp(line: &Line, c: &Cues) -> bool {
    let n = line.n_words();
    if n > SHORT_LINE_WORDS || line.ends_sentence_proper() {
        return false;
    }
    // A date beside a separator in a short line: the stamp of a byline cluster, or a date
    // given twice (`ה' באייר תשפ"ד | 13.05.24`, Hebrew or Hijri beside Gregorian).
    if !line.dates.is_empty() && n <= 10 && line.text.contains(['|', '•', '·']) {
        return true;
    }
    let has_time = has_clock(&line.text);
    let mut datey = 0;
    let mut i = 0;
    while i < n {
        if let Some((_, _, len)) = c.month_at(&line.words, i) {
            datey += len;
            i += len;
            continue;
        }
        let w = line.words[i].as_str();
        if w.bytes().all(|b| b.is_ascii_digit())
            || c.weekday.contains(w)
            || c.relative.contains(w)
            || c.era_greg.contains(w)
            || c.era_hijri.contains(w)
            || c.era_solar.contains(w)
            || matches!(w, "am" | "pm" | "ص" | "م" | "gmt" | "utc")
        {
            datey += 1;
        }
        i += 1;
    }
    let relative = line.words.iter().any(|w| c.relative.contains(w.as_str()));
    let labelled = line.date_label.is_some();
    (!line.dates.is_empty() || has_time || (relative && n <= 4) || labelled) && datey * 3 >= n * 2
        || ((!line.dates.is_empty() || has_time) && n - datey <= 3)
}

/// `10:30`, `9:05`: a clock time.
fn has_clock(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(4)
        .any(|w| w[0].is_numeric() && w[1] == ':' && w[2].is_numeric() && w[3].is_numeric())
}

/// Breadcrumbs (`الرئيسية > أخبار`, or glued `الرئيسيةأخبار محلية`) and menus (a line of
/// section names).
fn navigation(line: &Line, c: &Cues) -> Option<Reason> {
    let n = line.n_words();
    if n > 16 || line.ends_sentence_proper() {
        return None;
    }
    let seps = line
        .text
        .chars()
        .filter(|ch| matches!(ch, '>' | '»' | '›' | '/' | '|' | '<' | '«' | '‹' | '\\'))
        .count();
    let nav = line
        .words
        .iter()
        .filter(|w| c.nav.contains(w.as_str()))
        .count();
    if seps >= 1 && nav >= 1 && !line.text.contains(['"', '“']) {
        let segments = seps + 1;
        if n <= segments * 4 {
            return Some(Reason::Breadcrumb);
        }
    }
    if glued_nav(&line.words[0], c) {
        return Some(Reason::Breadcrumb);
    }
    if n >= 2 && nav * 10 >= n * 6 && line.stop_density < 0.2 {
        return Some(Reason::Navigation);
    }
    None
}

/// A nav word glued to the next one (`الرئيسيةأخبار`): the page joined two links.
fn glued_nav(word: &str, c: &Cues) -> bool {
    if word.len() < 8 || c.nav.contains(word) {
        return false;
    }
    // Every split of the word at a character boundary is looked up, rather than every nav
    // word compared with it: a word has a dozen splits, the menus hundreds of words.
    let nav_prefix = |s: &str, min_chars: usize| {
        s.char_indices()
            .skip(min_chars)
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .any(|i| s.get(..i).is_some_and(|p| c.nav.contains(p)))
    };
    word.char_indices().skip(1).any(|(i, _)| {
        let (head, rest) = word.split_at(i);
        rest.len() > 2 && c.nav.contains(head) && nav_prefix(rest, 3)
    })
}

/// A widget label: no word of three letters, or a run of one- and two-letter Latin tokens
/// (`TT`, `A A`) on a page in another script.
fn is_junk(line: &Line) -> bool {
    let n = line.n_words();
    n <= 3
        && line
            .words
            .iter()
            .all(|w| w.chars().count() <= 2 && !w.chars().all(|c| c.is_numeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(s: &str) -> Cue {
        Line::new(1, 0, s, Hint::default()).cue
    }

    #[test]
    fn labelled_lines() {
        assert_eq!(cue("كتب: محمد علي"), Cue::Byline("محمد علي".into()));
        assert_eq!(cue("كتبت: سارة أحمد"), Cue::Byline("سارة أحمد".into()));
        assert_eq!(cue("بقلم: د. خالد"), Cue::Byline("د. خالد".into()));
        assert_eq!(
            cue("By Jane Doe | 5 March 2024"),
            Cue::Byline("Jane Doe".into())
        );
        assert_eq!(cue("מאת: דנה לוי"), Cue::Byline("דנה לוי".into()));
        assert_eq!(cue("نیوز ڈیسک"), Cue::Byline(String::new()));
        assert_eq!(cue("المصدر : الوطنية"), Cue::Source("الوطنية".into()));
        assert_eq!(
            cue("مصدر الخبر: وكالة الأنباء"),
            Cue::Source("وكالة الأنباء".into())
        );
        assert_eq!(cue("كلمات دلالية: النفط الخليج"), Cue::Drop(Reason::Tags));
        assert_eq!(cue("برچسب‌ها: اقتصاد"), Cue::Drop(Reason::Tags));
        assert_eq!(cue("תגיות: כלכלה"), Cue::Drop(Reason::Tags));
        assert_eq!(cue("رئيس التحرير: أحمد سامي"), Cue::Drop(Reason::Staff));
        assert_eq!(cue("اقرأ أيضاً:"), Cue::Heading);
        assert_eq!(cue("مزيد من الأخبار"), Cue::Heading);
        assert_eq!(cue("עוד כתבות שיעניינו אותך"), Cue::Heading);
        assert_eq!(
            cue("© 2024 صحيفة المساء. جميع الحقوق محفوظة"),
            Cue::Copyright(Some("صحيفة المساء".into()))
        );
        assert_eq!(
            cue("© ٢٠٢٤ قناة 24 - جميع الحقوق محفوظة"),
            Cue::Copyright(Some("قناة 24".into()))
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(cue("الرئيسيةأخبار محلية"), Cue::Drop(Reason::Breadcrumb));
        assert_eq!(
            cue("الرئيسية > أخبار > محلية"),
            Cue::Drop(Reason::Breadcrumb)
        );
        assert_eq!(cue("فيسبوك تويتر واتساب"), Cue::Drop(Reason::ShareBar));
        assert_eq!(cue("صورة أرشيفية صورة أرشيفية"), Cue::Drop(Reason::Doubled));
        assert_eq!(cue("TT"), Cue::Drop(Reason::Junk));
        assert_eq!(
            cue("آخر تحديث: 15 مارس 2024 - 10:30"),
            Cue::Drop(Reason::Timestamp)
        );
        assert_eq!(
            cue("الخميس 14 مارس 2024 10:30 ص"),
            Cue::Drop(Reason::Timestamp)
        );
        assert_eq!(cue("منذ ساعتين"), Cue::Drop(Reason::Timestamp));
        assert_eq!(
            cue("رافعات جديدة في الميناء (أ ف ب)"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(
            cue("Cranes at the new quay (AFP)"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(cue("شاهد لحظة انهيار المبنى القديم (فيديو)"), Cue::None);
        assert_eq!(
            cue("اقرأ أيضًا.. رفع درجة الاستعداد لموسم الحصاد"),
            Cue::Heading
        );
        assert_eq!(
            cue("Image caption, Commuters at a station"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(
            cue("،تصویر کا ذریعہGetty Images"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(
            cue("מבט על הכנרת מכיוון טבריה (צילום: אבי שמש)"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(
            cue("Buses line up on Front Street. (Derek Olsen / The City Ledger)"),
            Cue::Drop(Reason::Caption)
        );
        assert_eq!(cue("التعليقات (3)"), Cue::Comments);
        assert_eq!(cue("Leave a Reply"), Cue::Comments);
        assert_eq!(
            cue("Share on WhatsApp and Telegram"),
            Cue::Drop(Reason::ShareBar)
        );
        assert_eq!(
            cue("ה' באייר תשפ\"ד | 13.05.24"),
            Cue::Drop(Reason::Timestamp)
        );
        assert_eq!(cue("مصنف, سارہ حسن"), Cue::Byline("سارہ حسن".into()));
        let asks = Line::new(1, 0, "Why are trains so expensive?", Hint::default());
        assert!(asks.asks_alone());
        let prose = Line::new(1, 0, "He asked, why now? Nobody knew.", Hint::default());
        assert!(!prose.asks_alone());
    }

    #[test]
    fn comment_words_that_open_real_paragraphs_are_not_headings() {
        for s in [
            "تعليقات الوزير أثارت جدلا واسعا في البرلمان أمس.",
            "Comments by the minister drew criticism from the opposition on Monday.",
        ] {
            assert_eq!(cue(s), Cue::None, "{s}");
        }
    }

    #[test]
    fn words_that_open_real_paragraphs_are_not_labels() {
        for s in [
            "شارك آلاف المتظاهرين في مسيرة جابت شوارع العاصمة مساء السبت.",
            "المصدر الذي تحدث للصحيفة قال إن الاجتماع سيعقد الأسبوع المقبل في القاهرة.",
            "كتب الرئيس رسالة إلى نظيره يدعوه فيها إلى استئناف الحوار.",
            "By the end of the week, the ministry had published its figures.",
            "Source code for the tool was released on Monday, the company said.",
            "وقال إن الاجتماع المقبل سيعقد في 15 مارس 2024 بحضور الوزراء.",
        ] {
            assert_eq!(cue(s), Cue::None, "{s}");
        }
    }
}
