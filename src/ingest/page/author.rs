//! The author a page names: a labelled byline, a byline inside the time stamp, or a name
//! on a line of its own under the title.

use super::{Judged, Verdict};
use crate::ingest::cues::{cues, Phrase};
use crate::ingest::lines::{Cue, Line, Reason};

pub(super) fn find_author(
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
        let name = crate::ingest::lines::name_after(&l.text, at, c)?;
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
        // A byline's own block, or the stamp's: not a line of a summary box or a menu.
        let block: Vec<&Line> = lines.iter().filter(|b| b.block == l.block).collect();
        let bylined = block.len() == 1
            || block.iter().any(|b| {
                matches!(
                    b.cue,
                    Cue::Drop(Reason::Timestamp) | Cue::Byline(_) | Cue::Drop(Reason::Desk)
                )
            });
        if !bylined {
            return None;
        }
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
            if crate::ingest::cues::fold_words(city).len() == 1
                && !rest.contains(|ch: char| ch.is_numeric() || matches!(ch, '|' | '-' | '،' | ','))
            {
                name = rest;
            }
        }
        // `الشارقة: ريم الكعبي`: a one-word dateline city before a colon, then the name (a
        // label before a colon is a cue's, `رقم الخبر:`, or two words).
        if let Some((city, rest)) = name.split_once([':', '：']) {
            let city_words = crate::ingest::cues::fold_words(city);
            if city_words.len() == 1 && c.phrases_at_start(&city_words).next().is_none() {
                name = rest.trim();
            }
        }
        if name.contains([':', '：']) {
            // A label (`رقم الخبر:`), not a name.
            return None;
        }
        let words = crate::ingest::cues::fold_words(name);
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
    let source_words = source.map(crate::ingest::cues::fold_words);
    lines.iter().zip(judged).find_map(|(l, j)| match &l.cue {
        Cue::Byline(name)
            if !name.is_empty() && matches!(j.verdict, Verdict::Dropped(Reason::Byline)) =>
        {
            let words = crate::ingest::cues::fold_words(name);
            let outlet = words.iter().any(|w| c.outlet.contains(w.as_str()));
            let is_source = source_words.as_ref() == Some(&words);
            (!outlet && !is_source).then(|| (name.clone(), format!("line {} (byline)", l.no)))
        }
        _ => None,
    })
}
