//! Which line of a page is its title, and the lines that repeat it.

use super::Context;
use crate::ingest::cues::cues;
use crate::ingest::lines::{Cue, Line};
use std::collections::HashSet;

pub(super) fn choose_title(
    lines: &[Line],
    ctx: &Context<'_>,
    recurring: &[bool],
    under: &[bool],
    first_prose: usize,
) -> Option<usize> {
    if let Some(t) = ctx.title {
        let words = crate::ingest::cues::fold_words(t);
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
    // body outweighs both, and a headline names what the text's opening tells (a ticker's or
    // a masthead's slogan does not); ties go to the first.
    let c = cues();
    // With one candidate or none there is nothing to choose between: the opening is not read.
    let opening = if candidates.len() > 1 {
        opening_words(lines, first_prose)
    } else {
        HashSet::new()
    };
    let score = |i: usize| {
        let l = &lines[i];
        let nav = l
            .words
            .iter()
            .filter(|w| c.nav.contains(w.as_str()))
            .count();
        5 * u32::from(repeated_later(lines, i))
            + 3 * u32::from(shared_words(l, &opening) >= 2)
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

/// The content words of the text's opening: its first few prose lines from `first_prose`.
fn opening_words(lines: &[Line], first_prose: usize) -> HashSet<&str> {
    let c = cues();
    lines
        .iter()
        .skip(first_prose)
        .take(OPENING_LINES)
        .flat_map(|l| l.words.iter())
        .map(|w| w.as_str())
        .filter(|w| content_word(w, c))
        .collect()
}

/// How many of the text's opening lines a headline is compared with.
const OPENING_LINES: usize = 3;

fn content_word(w: &str, c: &crate::ingest::cues::Cues) -> bool {
    w.chars().count() >= 3 && !c.stop.contains(w) && !w.bytes().all(|b| b.is_ascii_digit())
}

/// How many distinct content words of the line the opening has.
fn shared_words(l: &Line, opening: &HashSet<&str>) -> usize {
    let c = cues();
    let mut seen: HashSet<&str> = HashSet::new();
    l.words
        .iter()
        .map(|w| w.as_str())
        .filter(|w| content_word(w, c) && opening.contains(w) && seen.insert(w))
        .count()
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
pub(super) fn is_masthead(l: &Line) -> bool {
    let c = cues();
    l.n_words() <= 5
        && !l.ends_sentence_proper()
        && l.words.iter().any(|w| c.outlet.contains(w.as_str()))
        // A name has a word of its own besides the outlet's kind (`News` alone is a menu's).
        && l.words.iter().any(|w| !c.outlet.contains(w.as_str()) && !c.nav.contains(w.as_str()))
        && l.stop_density < 0.3
}

pub(super) fn repeated_later(lines: &[Line], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .any(|l| repeats_title(l, &lines[i].words))
}

/// The line is the title again: the same words, or the title with a few words around it.
pub(super) fn repeats_title(l: &Line, title: &[crate::ingest::cues::Word]) -> bool {
    if l.words.len() < title.len() || title.len() < 2 {
        return false;
    }
    if l.words == title {
        return true;
    }
    let extra = l.words.len() - title.len();
    extra <= 6 && !l.ends_sentence_proper() && l.words.windows(title.len()).any(|w| w == title)
}
