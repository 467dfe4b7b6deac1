//! Blocks of a page: the headlines listed under a related-links or ticker heading, a list
//! announced by the text's last sentence, and the kept lines of a block made paragraphs.

use super::{Judged, Verdict};
use crate::ingest::cues::{cues, Phrase, Word};
use crate::ingest::lines::{Cue, Line, Params, Reason};
use crate::ingest::sanitize::collapse_whitespace;
use std::collections::HashSet;

/// Lines in the same block as a heading cue, after it: the ticker's or list's items.
pub(super) fn heading_blocks(lines: &[Line], p: &Params) -> Vec<bool> {
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

/// Blocks shaped as a list of links: a first line of at most a few words that is not a
/// sentence nor announces one (no closing colon), then two or more lines that read as listed
/// headlines, with no cue that names them something else. Whatever their heading says
/// (`قد يهمك أيضاً`, `More from this writer`), such a block after the text is not the article.
pub(super) fn link_list_blocks(lines: &[Line], p: &Params) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let block = lines[i].block;
        let end = (i..lines.len())
            .find(|&k| lines[k].block != block)
            .unwrap_or(lines.len());
        let head = &lines[i];
        let short_head = head.n_words() <= LIST_HEAD_WORDS
            && !head.ends_sentence
            && matches!(head.cue, Cue::None | Cue::Heading);
        let items = &lines[i + 1..end];
        let listed = items.len() >= 2
            && items
                .iter()
                .all(|l| l.cue == Cue::None && listed_headline(l, p) && l.n_words() >= 2);
        if short_head && listed {
            out[i..end].iter_mut().for_each(|v| *v = true);
        }
        i = end;
    }
    out
}

/// The line after a caption's label standing alone (`مصدر الصورة` / `Getty Images`,
/// `Image caption,` / the caption): in the label's block, short and not a sentence.
pub(super) fn after_caption_label(lines: &[Line]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    for i in 1..lines.len() {
        let (label, l) = (&lines[i - 1], &lines[i]);
        let alone = label.cue == Cue::Drop(Reason::Caption) && label.n_words() <= 3;
        if alone
            && l.block == label.block
            && l.cue == Cue::None
            && l.n_words() <= CAPTION_LINE_WORDS
            && !l.ends_sentence_proper()
        {
            out[i] = true;
        }
    }
    out
}

/// The longest caption taken with its label.
const CAPTION_LINE_WORDS: usize = 20;

/// A caption credited to the site itself (`… في شارع عزمي (المدى)`): it ends in brackets
/// holding the words of the page's first line, the site's name.
pub(super) fn credited_to_site(l: &Line, lines: &[Line]) -> bool {
    let text = l.text.trim_end();
    let (Some(site), Some(open)) = (lines.first(), text.rfind('(')) else {
        return false;
    };
    if !text.ends_with(')') || open == 0 || l.ends_sentence_proper() || site.n_words() > 4 {
        return false;
    }
    let inner = crate::ingest::cues::fold_words(text.get(open + 1..text.len() - 1).unwrap_or(""));
    !inner.is_empty() && inner == site.words
}

/// The longest heading a list of links has.
const LIST_HEAD_WORDS: usize = 5;

/// The short lines in the same block as a sign-up box's line (`Enter your email`): its
/// pitch and button go with it.
pub(super) fn signup_blocks(lines: &[Line]) -> Vec<bool> {
    let boxed: HashSet<usize> = lines
        .iter()
        .filter(|l| l.cue == Cue::Drop(Reason::Signup))
        .map(|l| l.block)
        .collect();
    lines
        .iter()
        .map(|l| boxed.contains(&l.block) && l.cue == Cue::None && l.n_words() <= SIGNUP_WORDS)
        .collect()
}

/// The longest line a sign-up box takes with it.
const SIGNUP_WORDS: usize = 14;

/// After the text, a note on who wrote it: it starts with a footnote's asterisk, with a
/// phrase that says so (`הכותב הוא`), with the name a byline gave, or with one of `names`
/// (the bare name lines above the text, a byline without its label).
pub(super) fn about_the_author(l: &Line, lines: &[Line], names: &[&[Word]]) -> bool {
    if l.n_words() > BIO_MAX_WORDS {
        return false;
    }
    if l.text.starts_with(['*', '٭']) {
        return true;
    }
    let c = cues();
    if c.phrases_at_start(&l.words).any(|(k, _)| k == Phrase::Bio) {
        return true;
    }
    let opens_with = |name: &[Word]| l.words.len() > name.len() && l.words.starts_with(name);
    if names.iter().any(|name| opens_with(name)) {
        return true;
    }
    lines.iter().any(|b| match &b.cue {
        Cue::Byline(name) if !name.is_empty() => {
            let name = crate::ingest::cues::fold_words(name);
            name.len() >= 2 && l.words.len() > name.len() && l.words.starts_with(&name)
        }
        _ => false,
    })
}

/// A note on the author is a sentence or two.
const BIO_MAX_WORDS: usize = 40;

/// A line as related links and tickers list them: no sentence ending, not too long.
pub(super) fn listed_headline(l: &Line, p: &Params) -> bool {
    (!l.ends_sentence_proper() || l.asks_alone()) && l.n_words() <= p.headline_max_words
}

/// A clause ending in a colon with function words in it, followed in its block by more lines.
pub(super) fn announces_list(l: &Line, p: &Params) -> bool {
    l.cue == Cue::None
        && l.ends_sentence
        && l.text.trim_end().ends_with([':', '：'])
        && l.n_words() >= p.headline_min_words
        && l.stop_density > 0.0
}

/// Whether an open heading carries on into the block starting at `i`: every line of that
/// block reads as a headline (a list of related links), none as prose.
pub(super) fn open_heading_continues(lines: &[Line], i: usize, p: &Params) -> bool {
    let block = lines[i].block;
    lines[i..]
        .iter()
        .take_while(|l| l.block == block)
        .all(|l| l.cue != Cue::None || listed_headline(l, p))
}

/// Kept lines of a block are one paragraph, unless the block reads as a list (every kept line
/// short, none ending a sentence): then each is its own.
pub(super) fn paragraphs(lines: &[Line], judged: &[Judged]) -> Vec<String> {
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
