//! What a line's own words say it is: a label at its start (byline, source, tags, heading,
//! caption, time stamp, ...) and, failing one, its shape.

use super::names::{after_label, byline_name, copyright_name, skip_words};
use super::shapes::{
    comment_count, credited_caption, is_counter, is_junk, is_timestamp, navigation,
};
use super::{
    Cue, Line, Reason, LABEL_REST_WORDS, LISTED_MAX_WORDS, LONG_LINE_WORDS, SHORT_LINE_WORDS,
};
use crate::ingest::cues::{Cues, Phrase};
use crate::ingest::furniture::{classify_folded, LineKind};

pub(super) fn cue_of(line: &Line, c: &Cues) -> Cue {
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
            Phrase::Disclaimer if n <= 3 * SHORT_LINE_WORDS => {
                return Cue::Drop(Reason::Disclaimer)
            }
            _ => {}
        }
    }
    if n <= SHORT_LINE_WORDS && c.glued_at_start(words) == Some(Phrase::Caption) {
        return Cue::Drop(Reason::Caption);
    }
    // A sign-up box's lines are short and name what they sell anywhere in them (an Urdu
    // line ends on its verb: `… نیوز لیٹر سبسکرائب کریں`).
    if n <= SHORT_LINE_WORDS
        && !line.ends_sentence_proper()
        && c.phrase_within(words, Phrase::Signup).is_some()
    {
        return Cue::Drop(Reason::Signup);
    }
    if is_counter(line, c) {
        return Cue::Drop(Reason::Counter);
    }
    if comment_count(line, c) {
        return Cue::Drop(Reason::CommentCount);
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
    // An advertisement's slot label (`Story continues below advertisement`, `إعلان`).
    if n <= AD_LABEL_WORDS
        && !line.ends_sentence_proper()
        && [words.first(), words.last()]
            .into_iter()
            .flatten()
            .any(|w| c.ad.contains(w.as_str()))
    {
        return Cue::Drop(Reason::Advert);
    }
    if is_junk(line) {
        return Cue::Drop(Reason::Junk);
    }
    if credited_caption(line, c) || credit_inline(line, c) {
        return Cue::Drop(Reason::Caption);
    }
    Cue::None
}

/// A caption with its credit labelled after it, `… the floating panels. Image: Cardiff
/// Council`, `… ברחוב הרצל. צילום: דוברות העירייה`: a caption label inside a short line that
/// does not end a sentence, followed by its colon and a name of a few words.
fn credit_inline(line: &Line, c: &Cues) -> bool {
    let (words, n) = (&line.words, line.n_words());
    if n > CAPTION_MAX_WORDS || line.ends_sentence_proper() {
        return false;
    }
    (1..n).any(|k| {
        c.phrases_at_start(&words[k..]).any(|(kind, taken)| {
            let rest = n - k - taken;
            kind == Phrase::Caption && (1..=5).contains(&rest) && label_colon(&line.text, k + taken)
        })
    })
}

/// The longest label of an advertisement's slot.
const AD_LABEL_WORDS: usize = 5;

/// The longest caption with its credit inline.
const CAPTION_MAX_WORDS: usize = 24;

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
