//! Names read after a label as written: a byline's person, a source's or a copyright
//! notice's outlet.

use super::Line;
use crate::ingest::cues::{split_words, Cues, Phrase};
use crate::ingest::sanitize::collapse_whitespace;
use crate::text::normalize::fold_into;

/// `text` after its first `taken` words (words as `split_words` counts them), as written.
pub(super) fn skip_words(text: &str, taken: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, ch) in text.char_indices() {
        let w = crate::ingest::cues::is_word_char(ch);
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
pub(super) fn after_label(text: &str, taken: usize) -> String {
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
pub(super) fn byline_name(text: &str, taken: usize, c: &Cues) -> String {
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
    let folded = crate::ingest::cues::fold_words(&name);
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
/// notice's own words nor a year, when that is a short name. `page/` checks it against the
/// page's other lines (a Hebrew or Arabic prefix `ל`/`لـ` may still be on it).
pub(super) fn copyright_name(line: &Line, c: &Cues) -> Option<String> {
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
        let words = crate::ingest::cues::fold_words(seg);
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
    let names: Vec<String> = plain
        .into_iter()
        .chain(tails)
        .map(|s| clean_name(&strip_years(&s)))
        .filter(|name| (1..=6).contains(&name.split_whitespace().count()))
        .collect();
    // A part naming a kind of outlet (`The Northbridge Post`) before the other parts of the
    // line (`Terms of use`, the notice's own `محفوظ ہیں`).
    let outlet = |name: &String| {
        crate::ingest::cues::fold_words(name)
            .iter()
            .any(|w| c.outlet.contains(w.as_str()))
    };
    names.iter().find(|n| outlet(n)).or(names.first()).cloned()
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
