//! A scraped page read as a whole: which line is the title, which lines are the article and
//! which are furniture (and why), and the date, source and author the page itself shows.
//! Lines are judged alone first (`lines.rs`), then by position: above the title, between the
//! title and the text, inside it, after its last paragraph, under a heading over related
//! links, or recurring on other pages of the same source.

use super::cues::{cues, Phrase};
use super::dates::Hint;
use super::lang::{detect, ScriptCounts};
use super::lines::{Cue, Line, Params, Reason};
use super::sanitize::collapse_whitespace;
use crate::model::Lang;
use crate::text::normalize::fold_for_match;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

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
    pub recurring: Option<&'a HashSet<u64>>,
    pub params: Params,
    /// How to read the page's dates ([`hint_for`]).
    pub hint: Hint,
}

/// The key of a line for counting recurrences: its folded words, hashed.
pub fn line_key(folded_words: &[String]) -> u64 {
    line_key_of(folded_words.iter().map(String::as_str))
}

/// [`line_key`] of words given one by one, so a caller need not collect them.
pub fn line_key_of<'a>(folded_words: impl Iterator<Item = &'a str>) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for w in folded_words {
        // A str hashes its bytes and a terminator: the words stay apart.
        w.hash(&mut h);
    }
    h.finish()
}

/// The most lines between two prose lines of one article's opening.
const PROSE_RUN_GAP: usize = 8;

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

/// Reads a page from its lines.
pub fn read(lines: &[Line], ctx: &Context<'_>) -> Reading {
    let p = &ctx.params;
    let n = lines.len();
    let recurring: Vec<bool> = lines
        .iter()
        .map(|l| {
            l.n_words() <= RECURRING_MAX_WORDS
                && ctx
                    .recurring
                    .is_some_and(|set| set.contains(&line_key(&l.words)))
        })
        .collect();
    let under = heading_blocks(lines, p);
    // The same line twice in a row in one block is a caption shown twice (under the photo
    // and in its frame), not text and not a title repeated in the body.
    let doubled: Vec<bool> = (0..n)
        .map(|i| {
            let same = |k: usize| {
                lines[k].block == lines[i].block
                    && lines[k].words == lines[i].words
                    && !lines[i].words.is_empty()
            };
            (i > 0 && same(i - 1)) || (i + 1 < n && same(i + 1))
        })
        .collect();
    // Decisive text: prose that ends a sentence (or is too long to be anything else). Prose
    // without a closing stop (a dek, a headline in a list) is judged by position below.
    let prose: Vec<bool> = lines
        .iter()
        .zip(&recurring)
        .zip(&doubled)
        .map(|((l, &r), &d)| l.cue == Cue::None && !r && !d && l.decisive_prose(p))
        .collect();
    // A lone question in a block of its own is a headline's shape, not the text's start.
    let headline_question: Vec<bool> = (0..n)
        .map(|i| {
            let alone = (i == 0 || lines[i - 1].block != lines[i].block)
                && (i + 1 == n || lines[i + 1].block != lines[i].block);
            prose[i] && alone && lines[i].asks_alone()
        })
        .collect();
    // The title comes before the first line that is prose beyond doubt (a headline can be
    // long and full of function words, but it does not end in a full stop).
    // The text starts at the first prose line that more prose soon follows: a lone
    // sentence at the top (a cookie notice over the menus) is not where the article begins.
    let opens = |i: usize| prose[i] && !headline_question[i];
    let first_prose = (0..n)
        .find(|&i| opens(i) && (i + 1..n.min(i + 1 + PROSE_RUN_GAP)).any(|k| prose[k]))
        .or_else(|| (0..n).find(|&i| opens(i)))
        .unwrap_or(n);

    let mut found = Found::default();
    let skip: Vec<bool> = recurring
        .iter()
        .zip(&doubled)
        .map(|(&r, &d)| r || d)
        .collect();
    let title_at = choose_title(lines, ctx, &skip, &under, first_prose);
    let title_words: Vec<String> = match (ctx.title, title_at) {
        (Some(t), _) => super::cues::fold_words(t),
        (None, Some(i)) => lines[i].words.clone(),
        (None, None) => Vec::new(),
    };
    if let (None, Some(i)) = (ctx.title, title_at) {
        let why = if repeated_later(lines, i) {
            "the first headline, repeated in the body"
        } else {
            "the first line that reads as a headline"
        };
        found.title = Some((
            lines[i].text.clone(),
            format!("line {} ({why})", lines[i].no),
        ));
    }
    let start = title_at.map_or(0, |i| i + 1);

    // Verdicts before position rules: cues, recurrences, title repeats.
    let mut verdicts: Vec<Option<Verdict>> = vec![None; n];
    let mut open_heading = false;
    let mut last_block = usize::MAX;
    let mut text_seen = false;
    let mut comments = false;
    for i in 0..n {
        let l = &lines[i];
        if Some(i) == title_at {
            verdicts[i] = Some(Verdict::Title);
            continue;
        }
        // The readers' comments close the article: nothing after their heading is its text.
        if comments || (l.cue == Cue::Comments && text_seen) {
            comments = true;
            verdicts[i] = Some(Verdict::Dropped(Reason::Comments));
            continue;
        }
        if l.block != last_block && !under[i] && !open_heading_continues(lines, i, p) {
            open_heading = false;
        }
        last_block = l.block;
        if i < start && title_at.is_some() {
            verdicts[i] = Some(Verdict::Dropped(match &l.cue {
                Cue::Drop(r) => r.clone(),
                Cue::Byline(_) => Reason::Byline,
                Cue::Source(_) => Reason::SourceLine,
                Cue::Copyright(_) => Reason::Copyright,
                Cue::Heading | Cue::Comments => Reason::Heading,
                Cue::None if under[i] => Reason::UnderHeading,
                Cue::None if recurring[i] => Reason::Recurring,
                Cue::None if doubled[i] => Reason::Doubled,
                Cue::None if is_masthead(l) => Reason::Masthead,
                Cue::None => Reason::AboveTitle,
            }));
            continue;
        }
        if !title_words.is_empty() && repeats_title(l, &title_words) {
            verdicts[i] = Some(Verdict::Dropped(Reason::TitleRepeat));
            continue;
        }
        verdicts[i] = match &l.cue {
            Cue::Drop(r) => Some(Verdict::Dropped(r.clone())),
            Cue::Byline(name) if name.is_empty() => Some(Verdict::Dropped(Reason::Desk)),
            Cue::Byline(_) => Some(Verdict::Dropped(Reason::Byline)),
            Cue::Source(_) => Some(Verdict::Dropped(Reason::SourceLine)),
            Cue::Copyright(_) => Some(Verdict::Dropped(Reason::Copyright)),
            Cue::Heading | Cue::Comments => {
                open_heading = true;
                Some(Verdict::Dropped(Reason::Heading))
            }
            Cue::None if recurring[i] => Some(Verdict::Dropped(Reason::Recurring)),
            Cue::None if doubled[i] => Some(Verdict::Dropped(Reason::Doubled)),
            Cue::None if under[i] || (open_heading && listed_headline(l, p)) => {
                Some(Verdict::Dropped(Reason::UnderHeading))
            }
            Cue::None if prose[i] => {
                open_heading = false;
                text_seen = true;
                Some(Verdict::Text)
            }
            Cue::None => None,
        };
    }
    // Unsure lines by position: before the text, inside it, after it.
    let first_text = (start..n).find(|&i| verdicts[i] == Some(Verdict::Text));
    let last_text = (start..n)
        .rev()
        .find(|&i| verdicts[i] == Some(Verdict::Text));
    for i in start..n {
        if verdicts[i].is_some() {
            continue;
        }
        let l = &lines[i];
        verdicts[i] = Some(match (first_text, last_text) {
            (Some(f), _) if i < f => {
                if l.n_words() >= p.dek_min_words && l.stop_density > 0.0 {
                    Verdict::Text
                } else {
                    Verdict::Dropped(Reason::BeforeText)
                }
            }
            (_, Some(last)) if i > last => {
                if (l.ends_sentence_proper() && l.n_words() >= 3)
                    || (p.keep_unpunctuated_after && l.reads_as_prose(p))
                {
                    Verdict::Text
                } else {
                    Verdict::Dropped(Reason::AfterText)
                }
            }
            // No line reads as prose: a short note, not a news page. Its lines are all it
            // has; only what a cue names goes.
            (None, None) => Verdict::Text,
            _ => Verdict::Text,
        });
    }

    // A sentence that announces a list (`… three ways:`) right after the text, and the
    // list's short items in its block, end the article; they are not a related-links box.
    let last_kept = (start..n)
        .rev()
        .find(|&i| verdicts[i] == Some(Verdict::Text));
    if let Some(last) = last_kept {
        let next = last + 1;
        let after = verdicts.get(next) == Some(&Some(Verdict::Dropped(Reason::AfterText)));
        let intro = if announces_list(&lines[last], p) {
            Some(last)
        } else if after && announces_list(&lines[next], p) {
            verdicts[next] = Some(Verdict::Text);
            Some(next)
        } else {
            None
        };
        if let Some(i) = intro {
            let mut k = i + 1;
            while k < n
                && lines[k].block == lines[i].block
                && verdicts[k] == Some(Verdict::Dropped(Reason::AfterText))
                && listed_headline(&lines[k], p)
            {
                verdicts[k] = Some(Verdict::Text);
                k += 1;
            }
        }
    }
    // Lines between two kept lines are the text's too (an unpunctuated paragraph, a list
    // item), however the rule after the last sentence judged them.
    if let Some(last) = (start..n)
        .rev()
        .find(|&i| verdicts[i] == Some(Verdict::Text))
    {
        for v in verdicts.iter_mut().take(last).skip(start) {
            if *v == Some(Verdict::Dropped(Reason::AfterText)) {
                *v = Some(Verdict::Text);
            }
        }
    }
    let mut judged: Vec<Judged> = Vec::with_capacity(n);
    for (l, v) in lines.iter().zip(verdicts) {
        judged.push(Judged {
            no: l.no,
            text: l.text.clone(),
            verdict: v.unwrap_or(Verdict::Text),
            cut: None,
        });
    }
    let mut glued_source = None;
    let c = cues();
    for (j, l) in judged.iter_mut().zip(lines) {
        // Only a line whose words hold a label can have one glued on.
        let labelled = l.words.len() > 1
            && c.phrase_within_any(
                &l.words[1..],
                &[Phrase::Source, Phrase::Tags, Phrase::Copyright],
            )
            .is_some();
        if j.verdict == Verdict::Text && labelled {
            if let Some((keep, tail, source)) = cut_glued(&j.text) {
                j.text = keep;
                j.cut = Some(tail);
                if glued_source.is_none() {
                    glued_source = source;
                }
            }
        }
    }
    let paragraphs = paragraphs(lines, &judged);

    found.date = find_date(lines, &judged, ctx, &under);
    found.source = find_source(lines, &judged, glued_source, ctx);
    found.author = find_author(lines, &judged, found.source.as_ref().map(|s| s.0.as_str()));
    Reading {
        paragraphs,
        lines: judged,
        found,
    }
}

/// Lines in the same block as a heading cue, after it: the ticker's or list's items.
fn heading_blocks(lines: &[Line], p: &Params) -> Vec<bool> {
    let mut under = vec![false; lines.len()];
    let mut block = None;
    for (i, l) in lines.iter().enumerate() {
        if matches!(l.cue, Cue::Heading | Cue::Comments) {
            block = Some(l.block);
            continue;
        }
        if block == Some(l.block) && l.cue == Cue::None && listed_headline(l, p) {
            under[i] = true;
        } else if block != Some(l.block) {
            block = None;
        }
    }
    under
}

/// A line as related links and tickers list them: no sentence ending, not too long.
fn listed_headline(l: &Line, p: &Params) -> bool {
    (!l.ends_sentence_proper() || l.asks_alone()) && l.n_words() <= p.headline_max_words
}

/// A clause ending in a colon with function words in it, followed in its block by more lines.
fn announces_list(l: &Line, p: &Params) -> bool {
    l.cue == Cue::None
        && l.ends_sentence
        && l.text.trim_end().ends_with([':', '：'])
        && l.n_words() >= p.headline_min_words
        && l.stop_density > 0.0
}

/// Whether an open heading carries on into the block starting at `i`: every line of that
/// block reads as a headline (a list of related links), none as prose.
fn open_heading_continues(lines: &[Line], i: usize, p: &Params) -> bool {
    let block = lines[i].block;
    lines[i..]
        .iter()
        .take_while(|l| l.block == block)
        .all(|l| l.cue != Cue::None || listed_headline(l, p))
}

fn choose_title(
    lines: &[Line],
    ctx: &Context<'_>,
    recurring: &[bool],
    under: &[bool],
    first_prose: usize,
) -> Option<usize> {
    if let Some(t) = ctx.title {
        let words = super::cues::fold_words(t);
        return lines.iter().position(|l| l.words == words);
    }
    let p = &ctx.params;
    let candidates: Vec<usize> = (0..first_prose.min(lines.len()))
        .filter(|&i| {
            let l = &lines[i];
            l.reads_as_headline(p) && !recurring[i] && !under[i] && !is_masthead(l)
        })
        .collect();
    // A headline has function words and a few words; a menu has neither. Repetition in the
    // body outweighs both; ties go to the first.
    let c = cues();
    let score = |i: usize| {
        let l = &lines[i];
        let nav = l
            .words
            .iter()
            .filter(|w| c.nav.contains(w.as_str()))
            .count();
        5 * u32::from(repeated_later(lines, i))
            + 2 * u32::from(l.stop_density > 0.0)
            + u32::from(l.n_words() >= 5)
            + u32::from(nav * 3 < l.n_words())
            + u32::from(!title_cased(l))
    };
    let mut best: Option<(u32, usize)> = None;
    for &i in &candidates {
        let sc = score(i);
        if best.is_none_or(|(b, _)| sc > b) {
            best = Some((sc, i));
        }
    }
    best.map(|(_, i)| i).or_else(|| {
        // No headline: the first line with words that no cue claims, else the first line.
        (0..lines.len())
            .find(|&i| lines[i].cue == Cue::None && !recurring[i] && !under[i])
            .or(if lines.is_empty() { None } else { Some(0) })
    })
}

/// Every word of a Latin line capitalized: a menu (`Tech Science Reviews Deals`).
fn title_cased(l: &Line) -> bool {
    let words: Vec<&str> = l.text.split_whitespace().collect();
    words.len() >= 3
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_ascii_uppercase())
        })
}

/// A short line naming an outlet (`صحيفة الوطن`, `The Daily Ledger`).
fn is_masthead(l: &Line) -> bool {
    let c = cues();
    l.n_words() <= 5
        && !l.ends_sentence_proper()
        && l.words.iter().any(|w| c.outlet.contains(w.as_str()))
        && l.stop_density < 0.3
}

fn repeated_later(lines: &[Line], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .any(|l| repeats_title(l, &lines[i].words))
}

/// The line is the title again: the same words, or the title with a few words around it.
fn repeats_title(l: &Line, title: &[String]) -> bool {
    if l.words.len() < title.len() || title.len() < 2 {
        return false;
    }
    if l.words == title {
        return true;
    }
    let extra = l.words.len() - title.len();
    extra <= 6 && !l.ends_sentence_proper() && l.words.windows(title.len()).any(|w| w == title)
}

/// Cuts furniture glued to the end of a kept line: a source, tags or copyright label after the
/// last sentence. Returns the kept text, the cut tail and the source it names.
fn cut_glued(text: &str) -> Option<(String, String, Option<String>)> {
    let c = cues();
    let folded = fold_for_match(text);
    let ft = folded.text.as_str();
    for (kind, words) in &c.phrases {
        if !matches!(kind, Phrase::Source | Phrase::Tags | Phrase::Copyright) {
            continue;
        }
        let needle = words.join(" ");
        let mut from = 0;
        while let Some(pos) = ft.get(from..).and_then(|s| s.find(&needle)) {
            let at = from + pos;
            from = at + needle.len();
            let before = ft.get(..at).unwrap_or("").trim_end();
            if !before.ends_with(['.', '!', '?', '؟', '»', '"', '”']) {
                continue;
            }
            let after = ft.get(at + needle.len()..).unwrap_or("");
            if after.chars().next().is_some_and(super::cues::is_word_char) {
                continue;
            }
            let tail_words = super::cues::split_words(after).len();
            let labelled = after.trim_start().starts_with([':', '：']);
            if tail_words > 8 || (!labelled && *kind != Phrase::Copyright) {
                continue;
            }
            let range = folded.source_range(at..at + needle.len())?;
            let keep = text.get(..range.start)?.trim_end().to_string();
            let tail = text.get(range.start..)?.trim().to_string();
            let name = text
                .get(range.end..)?
                .trim_matches(|ch: char| ch.is_whitespace() || matches!(ch, ':' | '：' | '.' | '-'))
                .to_string();
            let source = (*kind == Phrase::Source && !name.is_empty()).then_some(name);
            return Some((keep, tail, source));
        }
    }
    None
}

/// Kept lines of a block are one paragraph, unless the block reads as a list (every kept line
/// short, none ending a sentence): then each is its own.
fn paragraphs(lines: &[Line], judged: &[Judged]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let block = lines[i].block;
        let mut kept: Vec<usize> = Vec::new();
        while i < lines.len() && lines[i].block == block {
            if judged[i].verdict == Verdict::Text && !judged[i].text.is_empty() {
                kept.push(i);
            }
            i += 1;
        }
        let list = kept.len() >= 2
            && kept
                .iter()
                .all(|&k| lines[k].n_words() <= 15 && !lines[k].ends_sentence_proper());
        if list {
            out.extend(kept.iter().map(|&k| judged[k].text.clone()));
        } else if !kept.is_empty() {
            let joined: Vec<&str> = kept.iter().map(|&k| judged[k].text.as_str()).collect();
            out.push(collapse_whitespace(&joined.join(" ")));
        }
    }
    out
}

fn find_date(
    lines: &[Line],
    judged: &[Judged],
    ctx: &Context<'_>,
    under: &[bool],
) -> Option<(NaiveDate, String)> {
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text);
    let last_text = judged.iter().rposition(|j| j.verdict == Verdict::Text);
    let mut best: Option<(u8, NaiveDate, String)> = None;
    let mut offer = |rank: u8, date: NaiveDate, why: String| {
        if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
            best = Some((rank, date, why));
        }
    };
    for (i, (l, j)) in lines.iter().zip(judged).enumerate() {
        let Some(&date) = l.dates.first() else {
            continue;
        };
        let in_heading = under[i] || j.verdict == Verdict::Dropped(Reason::UnderHeading);
        let dropped = matches!(j.verdict, Verdict::Dropped(_));
        let at = format!("line {}", l.no);
        match l.date_label {
            Some(true) if !in_heading => offer(0, date, format!("{at} (labelled published)")),
            Some(false) if !in_heading => offer(4, date, format!("{at} (labelled updated)")),
            _ if dropped && !in_heading && first_text.is_none_or(|f| i < f) => {
                offer(1, date, format!("{at} (time stamp above the text)"))
            }
            _ if dropped && !in_heading && last_text.is_some_and(|t| i > t) => {
                offer(3, date, format!("{at} (time stamp after the text)"))
            }
            _ => {}
        }
    }
    if let Some(f) = first_text {
        // A dateline: a date among the first words of the first paragraph.
        let l = &lines[f];
        let head: Vec<String> = l.words.iter().take(10).cloned().collect();
        let head_text = head.join(" ");
        let c = cues();
        if let Some(&d) = super::dates::find(&head_text, &head, c, ctx.hint).first() {
            offer(2, d, format!("line {} (dateline)", l.no));
        }
    }
    if let Some(url) = ctx.url {
        let mut folded = String::new();
        crate::text::normalize::fold_into(url, &mut folded);
        let words = super::cues::split_words(&folded);
        if let Some(&d) = super::dates::find(&folded, &words, cues(), Hint::default()).first() {
            offer(5, d, "the URL".to_string());
        }
    }
    best.map(|(_, d, why)| (d, why))
}

fn find_source(
    lines: &[Line],
    judged: &[Judged],
    glued: Option<String>,
    ctx: &Context<'_>,
) -> Option<(String, String)> {
    let c = cues();
    let mut copyright = None;
    let mut outlet_byline = None;
    let mut masthead = None;
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text);
    for (i, (l, j)) in lines.iter().zip(judged).enumerate() {
        match &l.cue {
            Cue::Source(name) if j.verdict == Verdict::Dropped(Reason::SourceLine) => {
                return Some((name.clone(), format!("line {} (source line)", l.no)));
            }
            Cue::Copyright(Some(name)) if copyright.is_none() => {
                let name = resolve_name(name, lines);
                copyright = Some((name, format!("line {} (copyright)", l.no)));
            }
            Cue::Byline(name)
                if outlet_byline.is_none()
                    && super::cues::fold_words(name)
                        .iter()
                        .any(|w| c.outlet.contains(w.as_str())) =>
            {
                outlet_byline = Some((
                    name.clone(),
                    format!("line {} (byline naming an outlet)", l.no),
                ));
            }
            Cue::None
                if masthead.is_none()
                    && first_text.is_none_or(|f| i < f)
                    && matches!(
                        j.verdict,
                        Verdict::Dropped(Reason::Masthead) | Verdict::Dropped(Reason::Recurring)
                    )
                    && is_masthead(l) =>
            {
                masthead = Some((l.text.clone(), format!("line {} (masthead)", l.no)));
            }
            _ => {}
        }
    }
    if let Some(g) = glued {
        return Some((g, "a source label glued to a paragraph".to_string()));
    }
    copyright
        .or(outlet_byline)
        .or(masthead)
        .or_else(|| site_name(lines, judged))
        .or_else(|| wire_agency(lines, judged))
        .or_else(|| {
            ctx.url
                .and_then(host)
                .map(|h| (h, "the URL's host".to_string()))
        })
}

/// A name read off a notice, made to agree with the page: when it (or it without a one-letter
/// prefix, `لجريدة` → `جريدة`, `לחדשות` → `חדשות`) is a line of the page, as that line has
/// it; else from its first outlet word on, without function words at its ends.
fn resolve_name(name: &str, lines: &[Line]) -> String {
    let c = cues();
    let words = super::cues::fold_words(name);
    let mut variants = vec![words.clone()];
    if let Some(first) = words.first() {
        let mut chars = first.chars();
        if let (Some(p), rest) = (chars.next(), chars.as_str()) {
            if matches!(p, 'ل' | 'ל' | 'ب' | 'ב') && rest.chars().count() >= 2 {
                let mut v = words.clone();
                v[0] = rest.to_string();
                variants.push(v);
            }
        }
    }
    for v in &variants {
        if let Some(l) = lines.iter().find(|l| l.words == *v) {
            return l.text.clone();
        }
    }
    // The masthead inside the notice (`کلیه حقوق برای روزنامه آسمان محفوظ است`).
    if let Some(l) = lines.iter().take(3).find(|l| {
        (2..=5).contains(&l.n_words())
            && variants
                .iter()
                .any(|v| v.windows(l.n_words()).any(|w| w == l.words.as_slice()))
    }) {
        return l.text.clone();
    }
    let shown: Vec<&str> = name.split_whitespace().collect();
    if shown.len() != words.len() {
        return name.to_string();
    }
    let start = words
        .iter()
        .position(|w| c.outlet.contains(w.as_str()))
        .unwrap_or(0);
    let mut end = words.len();
    while end > start + 1 && c.stop.contains(words[end - 1].as_str()) {
        end -= 1;
    }
    let mut begin = start;
    while begin + 1 < end && c.stop.contains(words[begin].as_str()) {
        begin += 1;
    }
    shown[begin..end].join(" ")
}

/// The page's first line when it reads as a site's name (a logo's text): above the title,
/// one to four words, none of them a function, menu, share or time word, not Latin
/// lower case.
fn site_name(lines: &[Line], judged: &[Judged]) -> Option<(String, String)> {
    let c = cues();
    let (l, j) = lines.first().zip(judged.first())?;
    let above = matches!(
        j.verdict,
        Verdict::Dropped(Reason::AboveTitle | Reason::Masthead | Reason::Recurring)
    );
    let plain = l.words.iter().all(|w| {
        let w = w.as_str();
        !(c.stop.contains(w)
            || c.nav.contains(w)
            || c.share.contains(w)
            || c.relative.contains(w)
            || c.weekday.contains(w)
            || w.bytes().any(|b| b.is_ascii_digit()))
    });
    let starts_lower = l
        .text
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_lowercase());
    (above
        && plain
        && (1..=4).contains(&l.n_words())
        && !starts_lower
        && l.text.chars().count() >= 3)
        .then(|| {
            (
                l.text.clone(),
                format!("line {} (the site's name at the top)", l.no),
            )
        })
}

/// A wire agency signing a dateline above the text: `الرياض - واس`, `صنعاء - سبأ`, or
/// the one word after the date of `الرياض 07 ذو القعدة 1445 هـ الموافق 15 مايو 2024 م واس`.
/// An agency signs with one word (its initials); a reporter's name has two or more.
fn wire_agency(lines: &[Line], judged: &[Judged]) -> Option<(String, String)> {
    let c = cues();
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text)?;
    (0..first_text).find_map(|i| {
        let l = &lines[i];
        if !matches!(judged[i].verdict, Verdict::Dropped(_)) || l.n_words() < 2 {
            return None;
        }
        let last = l.words.last()?;
        let plain = last.chars().count() >= 2
            && !last.bytes().any(|b| b.is_ascii_digit())
            && !(c.stop.contains(last.as_str())
                || c.nav.contains(last.as_str())
                || c.era_greg.contains(last.as_str())
                || c.era_hijri.contains(last.as_str())
                || c.era_solar.contains(last.as_str())
                || c.weekday.contains(last.as_str())
                || c.relative.contains(last.as_str())
                || c.month_at(&l.words, l.words.len() - 1).is_some());
        let shown = l.text.split_whitespace().last()?;
        let dashed = l.text.rsplit_once(" - ").is_some_and(|(city, agency)| {
            super::cues::fold_words(agency).len() == 1
                && (1..=2).contains(&super::cues::fold_words(city).len())
        });
        let stamped = !l.dates.is_empty() && l.cue == Cue::Drop(Reason::Timestamp);
        (plain && (dashed || stamped) && super::cues::fold_words(shown).len() == 1).then(|| {
            (
                shown
                    .trim_matches(|ch: char| !ch.is_alphanumeric())
                    .to_string(),
                format!("line {} (a wire agency signing the dateline)", l.no),
            )
        })
    })
}

/// The URL's host without `www.`.
fn host(url: &str) -> Option<String> {
    let u = url::Url::parse(url.trim()).ok()?;
    let h = u.host_str()?;
    Some(h.strip_prefix("www.").unwrap_or(h).to_string())
}

fn find_author(
    lines: &[Line],
    judged: &[Judged],
    source: Option<&str>,
) -> Option<(String, String)> {
    cued_author(lines, judged, source)
        .or_else(|| stamped_author(lines, judged))
        .or_else(|| named_author(lines, judged))
}

/// A byline inside a time stamp, after the date: `Posted on April 3, 2024 by Sam Lee`.
fn stamped_author(lines: &[Line], judged: &[Judged]) -> Option<(String, String)> {
    let c = cues();
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text)?;
    (0..first_text).find_map(|i| {
        let l = &lines[i];
        if l.cue != Cue::Drop(Reason::Timestamp) || l.dates.is_empty() {
            return None;
        }
        let at = (1..l.words.len()).find(|&k| {
            c.phrases_at_start(&l.words[k..])
                .any(|(kind, _)| kind == Phrase::Byline)
        })?;
        let name = super::lines::name_after(&l.text, at, c)?;
        let words = name.split_whitespace().count();
        (2..=4)
            .contains(&words)
            .then(|| (name, format!("line {} (byline in the time stamp)", l.no)))
    })
}

/// A name on a line of its own between the title and the text, without a label:
/// `محمد العتيبي - الدمام`, `רונית ברק | 29 במאי 2024`. Two to four words before any
/// separator or digit, none of them a function, menu, outlet, day or month word.
fn named_author(lines: &[Line], judged: &[Judged]) -> Option<(String, String)> {
    let c = cues();
    let title = judged.iter().position(|j| j.verdict == Verdict::Title)?;
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text)?;
    // Above the title, only a line next to the time stamp in its block: a byline cluster
    // (`Published 12 May 2024` / `Tom Hughes`), not a masthead or a menu.
    let stamp = |k: usize| {
        lines
            .get(k)
            .is_some_and(|s| s.cue == Cue::Drop(Reason::Timestamp))
    };
    let beside_stamp = |i: usize| {
        (stamp(i + 1) && lines[i + 1].block == lines[i].block)
            || (i > 0 && stamp(i - 1) && lines[i - 1].block == lines[i].block)
    };
    let above = (0..title)
        .filter(|&i| judged[i].verdict == Verdict::Dropped(Reason::AboveTitle) && beside_stamp(i));
    (title + 1..first_text).chain(above).find_map(|i| {
        let l = &lines[i];
        let dropped = matches!(
            judged[i].verdict,
            Verdict::Dropped(Reason::BeforeText)
                | Verdict::Dropped(Reason::Timestamp)
                | Verdict::Dropped(Reason::AboveTitle)
        );
        if !dropped {
            return None;
        }
        let cut = l
            .text
            .find(|ch: char| {
                matches!(ch, '|' | '-' | '–' | '—' | '،' | ',' | '·') || ch.is_numeric()
            })
            .unwrap_or(l.text.len());
        let mut name = l.text.get(..cut)?.trim();
        // `الرياض - فهد العتيبي`: a one-word dateline city, then the name.
        if let Some((city, rest)) = l.text.split_once(" - ") {
            let rest = rest.trim();
            if super::cues::fold_words(city).len() == 1
                && !rest.contains(|ch: char| ch.is_numeric() || matches!(ch, '|' | '-' | '،' | ','))
            {
                name = rest;
            }
        }
        if name.contains([':', '：']) {
            // A label (`رقم الخبر:`), not a name.
            return None;
        }
        let words = super::cues::fold_words(name);
        let plain = words.iter().all(|w| {
            let w = w.as_str();
            !(c.stop.contains(w)
                || c.nav.contains(w)
                || c.outlet.contains(w)
                || c.share.contains(w)
                || c.weekday.contains(w)
                || c.relative.contains(w))
        });
        let month = (0..words.len()).any(|k| c.month_at(&words, k).is_some());
        ((2..=4).contains(&words.len())
            && plain
            && !month
            && c.phrases_at_start(&words).next().is_none())
        .then(|| {
            (
                name.to_string(),
                format!("line {} (a name under the title)", l.no),
            )
        })
    })
}

fn cued_author(
    lines: &[Line],
    judged: &[Judged],
    source: Option<&str>,
) -> Option<(String, String)> {
    let c = cues();
    let source_words = source.map(super::cues::fold_words);
    lines.iter().zip(judged).find_map(|(l, j)| match &l.cue {
        Cue::Byline(name)
            if !name.is_empty() && matches!(j.verdict, Verdict::Dropped(Reason::Byline)) =>
        {
            let words = super::cues::fold_words(name);
            let outlet = words.iter().any(|w| c.outlet.contains(w.as_str()));
            let is_source = source_words.as_ref() == Some(&words);
            (!outlet && !is_source).then(|| (name.clone(), format!("line {} (byline)", l.no)))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, url: Option<&str>) -> Reading {
        let body: Vec<&str> = text.lines().collect();
        let hint = hint_for(text);
        let lines = lines_of(&body, 1, hint);
        read(
            &lines,
            &Context {
                title: None,
                url,
                recurring: None,
                params: Params::default(),
                hint,
            },
        )
    }

    #[test]
    fn ticker_headlines_go_and_the_headline_is_the_title() {
        let r = read_text(
            "الأفق\n\nعاجل\nسقوط أمطار غزيرة على العاصمة\nارتفاع أسعار الذهب عالميا\n\n\
             البرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة\n\n\
             أقر البرلمان مساء الأحد قانون الانتخابات الجديد بأغلبية 120 صوتًا، بعد نقاش استمر ثلاثة أيام.\n",
            Some("https://www.alofoq.example/news/1"),
        );
        let title = r.found.title.as_ref().map(|t| t.0.as_str());
        assert_eq!(
            title,
            Some("البرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة")
        );
        assert_eq!(r.paragraphs.len(), 1);
        let source = r.found.source.as_ref().map(|s| s.0.as_str());
        assert_eq!(source, Some("الأفق"), "the site's name at the top");
    }

    #[test]
    fn the_host_names_the_source_when_the_page_does_not() {
        let r = read_text(
            "Council approves the new budget for schools\n\n\
             The council approved the budget on Monday after a long debate.\n",
            Some("https://www.example-news.example/a/1"),
        );
        let source = r.found.source.as_ref().map(|s| s.0.as_str());
        assert_eq!(source, Some("example-news.example"));
    }

    #[test]
    fn published_wins_over_updated_and_a_related_date_is_ignored() {
        let r = read_text(
            "Ferry service to resume after the winter storms\n\n\
             Updated: 12 March 2024\n\nPublished: 10 March 2024\n\n\
             The ferry service between the islands will resume next week, the operator said.\n\n\
             Related\nStorm damage closes harbour on 2 January 2024\n",
            None,
        );
        assert_eq!(
            r.found.date.map(|d| d.0.to_string()).as_deref(),
            Some("2024-03-10")
        );
    }

    #[test]
    fn the_comments_close_the_article_and_a_question_can_be_the_title() {
        let r = read_text(
            "الرأي الحر\n\nالمدن العربية والحر: ما الذي تغير؟\n\n\
             كل صيف نعيد النقاش نفسه حول قدرة مدننا على احتمال الحر، ثم ننسى المسألة مع الخريف.\n\n\
             المشكلة ليست في الطقس وحده، بل في طريقة بناء الأحياء الجديدة التي استبدلت الأشجار بالإسفلت.\n\n\
             التعليقات (2)\nسامر\nمقال ممتاز ويطرح سؤالا مهما عن مستقبل المدن في المنطقة.\n",
            None,
        );
        assert_eq!(
            r.found.title.as_ref().map(|t| t.0.as_str()),
            Some("المدن العربية والحر: ما الذي تغير؟")
        );
        assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
        let dropped = |text: &str| {
            r.lines
                .iter()
                .find(|j| j.text == text)
                .map(|j| j.verdict.clone())
        };
        assert_eq!(
            dropped("مقال ممتاز ويطرح سؤالا مهما عن مستقبل المدن في المنطقة."),
            Some(Verdict::Dropped(Reason::Comments))
        );
    }

    #[test]
    fn a_list_announced_by_the_last_sentence_is_kept() {
        let r = read_text(
            "Battery life on new phones is falling\n\n\
             Users of new phones complain that the battery lasts less than a day, although capacities have grown.\n\n\
             A few simple ways to make it last longer:\nLower the screen refresh rate\nTurn off constant location\n",
            None,
        );
        assert_eq!(r.paragraphs.len(), 4, "{:?}", r.paragraphs);
        assert_eq!(r.paragraphs[3], "Turn off constant location");
    }

    #[test]
    fn bylines_in_a_stamp_and_agencies_in_a_dateline() {
        let r = read_text(
            "Posted on April 3, 2024 by Sam Lee\n\n\
             New repair law will force laptop makers to sell parts\n\n\
             A new state law signed on Wednesday will require laptop makers to sell spare parts to shops.\n",
            None,
        );
        assert_eq!(r.found.author.map(|a| a.0).as_deref(), Some("Sam Lee"));
        let r = read_text(
            "الرياض 07 ذو القعدة 1445 هـ الموافق 15 مايو 2024 م واس\n\nانطلاق أعمال المؤتمر الدولي لسلامة الغذاء\n\n\
             انطلقت اليوم أعمال المؤتمر الدولي لسلامة الغذاء بمشاركة خبراء من أربعين دولة.\n",
            None,
        );
        assert_eq!(r.found.source.map(|s| s.0).as_deref(), Some("واس"));
        assert_eq!(r.found.author, None, "an agency is not an author");
        assert_eq!(
            r.found.date.map(|d| d.0.to_string()).as_deref(),
            Some("2024-05-15")
        );
    }

    #[test]
    fn bad_input_never_panics() {
        for text in [
            "",
            "\n\n\n",
            "(",
            "© ©",
            "كتب:",
            "15/",
            "1/1/1",
            "מאת",
            "١٤٤٥هـ",
            ")(",
            "a\u{200c}",
        ] {
            let _ = read_text(text, Some("not a url"));
        }
    }
}
