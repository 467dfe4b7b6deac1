//! The date a page shows: a labelled stamp, a stamp above or after the text, a dateline,
//! the URL.

use super::{Context, Judged, Verdict};
use crate::ingest::cues::cues;
use crate::ingest::dates::Hint;
use crate::ingest::lines::{Line, Reason};
use chrono::NaiveDate;

pub(super) fn find_date(
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
        let head: Vec<crate::ingest::cues::Word> = l.words.iter().take(10).cloned().collect();
        let head_text = head.join(" ");
        let c = cues();
        if let Some(&d) = crate::ingest::dates::find(&head_text, &head, c, ctx.hint).first() {
            offer(2, d, format!("line {} (dateline)", l.no));
        }
    }
    if let Some(url) = ctx.url {
        let mut folded = String::new();
        crate::text::normalize::fold_into(url, &mut folded);
        let words = crate::ingest::cues::split_words(&folded);
        if let Some(&d) =
            crate::ingest::dates::find(&folded, &words, cues(), Hint::default()).first()
        {
            offer(5, d, "the URL".to_string());
        }
    }
    best.map(|(_, d, why)| (d, why))
}
