//! Furniture glued to the end of a kept line (`… مصدر الخبر: X`), cut off.

use crate::ingest::cues::{cues, Phrase};
use crate::text::normalize::fold_for_match;

/// Cuts furniture glued to the end of a kept line: a source, tags or copyright label after the
/// last sentence. Returns the kept text, the cut tail and the source it names.
pub(super) fn cut_glued(text: &str) -> Option<(String, String, Option<String>)> {
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
            if after
                .chars()
                .next()
                .is_some_and(crate::ingest::cues::is_word_char)
            {
                continue;
            }
            let tail_words = crate::ingest::cues::split_words(after).len();
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

/// Wire editors' initials after a paragraph's last sentence (`… وفق أرقام رسمية. م.ع/ س.ح`):
/// tokens of one or two letters joined by dots or slashes. Returns the kept text and the cut
/// tail.
pub(super) fn cut_initials(text: &str) -> Option<(String, String)> {
    let initials = |t: &str| {
        let mut runs = t.split(['.', '/']).filter(|r| !r.is_empty()).peekable();
        t.contains(['.', '/'])
            && runs.peek().is_some()
            && runs.all(|r| r.chars().count() <= 2 && r.chars().all(char::is_alphabetic))
    };
    // Most paragraphs end in a word: look at the end alone before splitting the whole text.
    let tail = text
        .split_whitespace()
        .rev()
        .take_while(|t| initials(t))
        .count();
    if tail == 0 || tail > 4 {
        return None;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tail == tokens.len() {
        return None;
    }
    let before = tokens[tokens.len() - tail - 1];
    if !before.ends_with(['.', '!', '?', '؟', '»', '"', '”']) {
        return None;
    }
    let cut = tokens[tokens.len() - tail..].join(" ");
    let keep = tokens[..tokens.len() - tail].join(" ");
    Some((keep, cut))
}
