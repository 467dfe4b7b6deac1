//! The verdict on every line of a page: cues and recurrences first, the title, then the
//! unsure lines by their position before, inside or after the text; then the glued tails
//! are cut and the page's date, source and author are read off what was dropped.

use super::author::find_author;
use super::blocks::{
    about_the_author, after_caption_label, announces_list, credited_to_site, heading_blocks,
    link_list_blocks, listed_headline, open_heading_continues, paragraphs, signup_blocks,
};
use super::date::find_date;
use super::glued::{cut_glued, cut_initials};
use super::source::find_source;
use super::title::{choose_title, is_masthead, repeated_later, repeats_title};
use super::{Context, Found, Judged, Reading, Verdict, PROSE_RUN_GAP, RECURRING_MAX_WORDS};
use crate::ingest::cues::{cues, Phrase};
use crate::ingest::lines::{Cue, Line, Reason};

/// Reads a page from its lines.
pub fn read(lines: &[Line], ctx: &Context<'_>) -> Reading {
    let p = &ctx.params;
    let n = lines.len();
    let recurring: Vec<bool> = lines
        .iter()
        .map(|l| {
            l.n_words() <= RECURRING_MAX_WORDS
                && ctx.recurring.is_some_and(|set| set.contains(&l.key))
        })
        .collect();
    let under = heading_blocks(lines, p);
    let signup = signup_blocks(lines);
    let link_list = link_list_blocks(lines, p);
    let captioned = after_caption_label(lines);
    let pulled = pull_quotes(lines);
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
    let title_words: Vec<crate::ingest::cues::Word> = match (ctx.title, title_at) {
        (Some(t), _) => crate::ingest::cues::fold_words(t),
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
                // A desk's word opening the page's first line is the site's name
                // (`חדשות הגליל`), not a byline.
                Cue::Byline(name) if name.is_empty() && i == 0 => Reason::Masthead,
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
            Cue::None if signup[i] => Some(Verdict::Dropped(Reason::Signup)),
            Cue::None if pulled[i] => Some(Verdict::Dropped(Reason::PullQuote)),
            Cue::None if captioned[i] || (!text_seen && credited_to_site(l, lines)) => {
                Some(Verdict::Dropped(Reason::Caption))
            }
            Cue::None if doubled[i] => Some(Verdict::Dropped(Reason::Doubled)),
            Cue::None if under[i] || (open_heading && listed_headline(l, p)) => {
                Some(Verdict::Dropped(Reason::UnderHeading))
            }
            Cue::None if link_list[i] && text_seen => Some(Verdict::Dropped(Reason::LinkList)),
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
    // Bare names above the text (a byline without its label): a note after the text that
    // opens with one is about the writer.
    let bare_names: Vec<&[crate::ingest::cues::Word]> = (start..first_text.unwrap_or(start))
        .filter(|&i| verdicts[i].is_none() && name_alone(&lines[i]))
        .map(|i| lines[i].words.as_slice())
        .collect();
    for i in start..n {
        if verdicts[i].is_some() {
            continue;
        }
        let l = &lines[i];
        verdicts[i] = Some(match (first_text, last_text) {
            (Some(f), _) if i < f => {
                // A name alone (no function words, a few words) is the byline's own line.
                let name_shaped = l.n_words() <= 4 && l.stop_density == 0.0;
                if byline_between(lines, i, f) && !name_shaped {
                    Verdict::Dropped(Reason::Standfirst)
                } else if l.n_words() >= p.dek_min_words && l.stop_density > 0.0 {
                    Verdict::Text
                } else {
                    Verdict::Dropped(Reason::BeforeText)
                }
            }
            (_, Some(last)) if i > last => {
                if about_the_author(l, lines, &bare_names) {
                    Verdict::Dropped(Reason::Bio)
                } else if (l.ends_sentence_proper() && l.n_words() >= 3)
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

    // An agency's lead, printed apart under the title: the first kept line, alone in its
    // block, when the next kept line opens the body as agencies do (`به گزارش …،`).
    let kept: Vec<usize> = (start..n)
        .filter(|&i| verdicts[i] == Some(Verdict::Text))
        .take(2)
        .collect();
    if let [lead, body] = kept[..] {
        let alone = |k: usize| {
            (k == 0 || lines[k - 1].block != lines[k].block)
                && (k + 1 == n || lines[k + 1].block != lines[k].block)
        };
        let c = cues();
        if alone(lead)
            && lines[body].block != lines[lead].block
            && lines[lead].n_words() <= LEAD_MAX_WORDS
            && c.phrases_at_start(&lines[body].words)
                .any(|(k, _)| k == Phrase::Opening)
        {
            verdicts[lead] = Some(Verdict::Dropped(Reason::Standfirst));
        }
    }
    // A note on the author closes the text (`הכותב הוא מהנדס…`, `* نویسنده…`): kept lines at
    // its end that read as one are not the article's, however they are punctuated.
    let first_kept = (start..n).find(|&i| verdicts[i] == Some(Verdict::Text));
    while let Some(last) = (start..n)
        .rev()
        .find(|&i| verdicts[i] == Some(Verdict::Text))
    {
        if Some(last) == first_kept || !about_the_author(&lines[last], lines, &bare_names) {
            break;
        }
        verdicts[last] = Some(Verdict::Dropped(Reason::Bio));
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
        if j.verdict == Verdict::Text && j.cut.is_none() && l.n_words() >= 3 {
            if let Some((keep, tail)) = cut_initials(&j.text) {
                j.text = keep;
                j.cut = Some(tail);
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

/// Whether a byline or a time stamp stands after line `i` and before the text's first line
/// `first_text`: a line above it is a standfirst or subtitle, printed over the byline, not
/// the article's first paragraph.
fn byline_between(lines: &[Line], i: usize, first_text: usize) -> bool {
    lines[i + 1..first_text].iter().any(|l| {
        matches!(
            l.cue,
            Cue::Byline(_) | Cue::Drop(Reason::Timestamp) | Cue::Drop(Reason::Desk)
        )
    })
}

/// Lines whose words another, longer line holds in a row: a pull quote set apart from the
/// paragraph that says it (a caption or standfirst repeating the text goes the same way).
fn pull_quotes(lines: &[Line]) -> Vec<bool> {
    lines
        .iter()
        .map(|l| {
            let n = l.n_words();
            n >= PULL_QUOTE_MIN_WORDS
                && l.cue == Cue::None
                && lines.iter().any(|other| {
                    other.n_words() > n && other.words.windows(n).any(|w| w == l.words.as_slice())
                })
        })
        .collect()
}

/// The longest lead an agency prints apart.
const LEAD_MAX_WORDS: usize = 45;

/// The fewest words a pull quote has: shorter runs recur in a text by chance.
const PULL_QUOTE_MIN_WORDS: usize = 6;

/// A line that is a name alone: two to four words, none a function word or a number, no
/// sentence punctuation, nothing its words name.
fn name_alone(l: &Line) -> bool {
    l.cue == Cue::None
        && (2..=4).contains(&l.n_words())
        && l.stop_density == 0.0
        && !l.ends_sentence
        && !l.folded.bytes().any(|b| b.is_ascii_digit())
}
