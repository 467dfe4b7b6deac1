//! The outlet a page names: a source line, a copyright notice, a byline naming an outlet,
//! the masthead or site name at the top, a wire agency in the dateline, the URL's host.

use super::title::is_masthead;
use super::{Context, Judged, Verdict};
use crate::ingest::cues::cues;
use crate::ingest::lines::{Cue, Line, Reason};

pub(super) fn find_source(
    lines: &[Line],
    judged: &[Judged],
    glued: Option<String>,
    ctx: &Context<'_>,
) -> Option<(String, String)> {
    let c = cues();
    let mut copyright = None;
    let mut outlet_byline = None;
    let mut masthead = None;
    let mut source_line = None;
    let mut raw_copyright = String::new();
    let first_text = judged.iter().position(|j| j.verdict == Verdict::Text);
    for (i, (l, j)) in lines.iter().zip(judged).enumerate() {
        match &l.cue {
            Cue::Source(name) if j.verdict == Verdict::Dropped(Reason::SourceLine) => {
                source_line = Some((name.clone(), format!("line {} (source line)", l.no)));
                break;
            }
            Cue::Copyright(Some(name)) if copyright.is_none() => {
                raw_copyright = name.clone();
                let name = resolve_name(name, lines);
                copyright = Some((name, format!("line {} (copyright)", l.no)));
            }
            Cue::Byline(name)
                if outlet_byline.is_none()
                    && crate::ingest::cues::fold_words(name)
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
    let top = masthead.clone().or_else(|| site_name(lines, judged));
    if let Some(found) = source_line {
        return Some(as_shown_on_top(found, top.as_ref()));
    }
    if let Some(g) = glued {
        return Some(as_shown_on_top(
            (g, "a source label glued to a paragraph".to_string()),
            top.as_ref(),
        ));
    }
    if let Some((name, why)) = copyright {
        // The notice as written (`Harbour Herald Media Ltd`) is compared, not the name
        // resolved from it.
        let (shown, why) = as_shown_on_top((raw_copyright, why), top.as_ref());
        return Some(if why.ends_with(TOP) {
            (shown, why)
        } else {
            (name, why)
        });
    }
    outlet_byline
        .or(masthead)
        .or_else(|| site_name(lines, judged))
        .or_else(|| wire_agency(lines, judged))
        .or_else(|| {
            ctx.url
                .and_then(host)
                .map(|h| (h, "the URL's host".to_string()))
        })
}

/// What [`as_shown_on_top`] adds to the reason when it takes the top's name.
const TOP: &str = ", as the top of the page names it";

/// A name a label or notice gives, as the top of the page shows it: when the masthead or the
/// site's name there shares a word of its own (not an outlet word like `نيوز`, `Media`) with
/// it, the two name one outlet (`Harbour Herald Media Ltd` is `The Harbour Herald`, `دجلة
/// نيوز` is `شبكة دجلة نيوز`), and the top of the page says it as readers know it. A source
/// naming another outlet shares no such word and stays.
fn as_shown_on_top(found: (String, String), top: Option<&(String, String)>) -> (String, String) {
    let Some((shown, _)) = top else {
        return found;
    };
    // A dateline (`صنعاء - سبأ`) or a line of parts is not a name.
    if shown.contains([':', '|', '–', '—']) || shown.contains(" - ") {
        return found;
    }
    let c = cues();
    let own = |s: &str| -> Vec<crate::ingest::cues::Word> {
        crate::ingest::cues::fold_words(s)
            .into_iter()
            .filter(|w| {
                w.chars().count() >= 3
                    && !c.stop.contains(w.as_str())
                    && !c.outlet.contains(w.as_str())
                    && !w.bytes().all(|b| b.is_ascii_digit())
            })
            .collect()
    };
    // `وكالة أنباء المشرق (مشرق)`: the name without the abbreviation after it.
    let shown = match shown
        .trim_end()
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once('('))
    {
        Some((name, _)) if !name.trim().is_empty() => name.trim().to_string(),
        _ => shown.clone(),
    };
    let top_words = own(&shown);
    let shares = own(&found.0).iter().any(|w| top_words.contains(w));
    if shares
        && crate::ingest::cues::fold_words(&shown) != crate::ingest::cues::fold_words(&found.0)
    {
        let why = format!("{}{TOP}", found.1);
        (shown, why)
    } else {
        found
    }
}

/// A name read off a notice, made to agree with the page: when it (or it without a one-letter
/// prefix, `لجريدة` → `جريدة`, `לחדשות` → `חדשות`) is a line of the page, as that line has
/// it; else from its first outlet word on, without function words at its ends.
fn resolve_name(name: &str, lines: &[Line]) -> String {
    let c = cues();
    let words = crate::ingest::cues::fold_words(name);
    let mut variants = vec![words.clone()];
    if let Some(first) = words.first() {
        let mut chars = first.chars();
        if let (Some(p), rest) = (chars.next(), chars.as_str()) {
            if matches!(p, 'ل' | 'ל' | 'ب' | 'ב') && rest.chars().count() >= 2 {
                let mut v = words.clone();
                v[0] = rest.into();
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
/// one to four words, none of them a function or share word or a number, not Latin lower
/// case. A name may hold one common word (`חדשות הגליל`, `نامه روز`) beside a word of its
/// own; a menu item or a label is one such word alone, or only such words.
fn site_name(lines: &[Line], judged: &[Judged]) -> Option<(String, String)> {
    let c = cues();
    let (l, j) = lines.first().zip(judged.first())?;
    let above = matches!(
        j.verdict,
        Verdict::Dropped(Reason::AboveTitle | Reason::Masthead | Reason::Recurring)
    );
    // `The Harbour Herald`: a name may open with an article.
    let skip = usize::from(l.n_words() >= 3);
    let never = l.words.iter().skip(skip).any(|w| {
        let w = w.as_str();
        c.stop.contains(w) || c.share.contains(w) || w.bytes().any(|b| b.is_ascii_digit())
    });
    let common = l
        .words
        .iter()
        .filter(|w| {
            let w = w.as_str();
            c.nav.contains(w) || c.relative.contains(w) || c.weekday.contains(w)
        })
        .count();
    let plain = !never && (common == 0 || (common == 1 && l.n_words() >= 2));
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
            crate::ingest::cues::fold_words(agency).len() == 1
                && (1..=2).contains(&crate::ingest::cues::fold_words(city).len())
        });
        let stamped = !l.dates.is_empty() && l.cue == Cue::Drop(Reason::Timestamp);
        (plain && (dashed || stamped) && crate::ingest::cues::fold_words(shown).len() == 1).then(
            || {
                (
                    shown
                        .trim_matches(|ch: char| !ch.is_alphanumeric())
                        .to_string(),
                    format!("line {} (a wire agency signing the dateline)", l.no),
                )
            },
        )
    })
}

/// The URL's host without `www.`.
fn host(url: &str) -> Option<String> {
    let u = url::Url::parse(url.trim()).ok()?;
    let h = u.host_str()?;
    Some(h.strip_prefix("www.").unwrap_or(h).to_string())
}
