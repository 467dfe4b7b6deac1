//! Quotes and sources. A quote is quoted speech of three words or more beside a speech verb,
//! with its speaker where the text says who (a quoted name such as “ريا نوفوستي” is not a
//! quote). A source is an attribution cue with its source (أفادت وكالة …, وفقًا للوكالة الروسية,
//! بحسب كييف, according to Reuters, the ministry said).

use super::lexicon::clitic_splits;
use super::names::{match_at, names, offset_after};
use super::token::Para;
use super::vocab;
use super::{Fact, Kind};

const OPEN: [char; 5] = ['“', '«', '"', '„', '‹'];
const CLOSE: [char; 5] = ['”', '»', '"', '“', '›'];

fn orig_char(p: &Para, i: usize) -> Option<char> {
    p.tokens.get(i).and_then(|t| p.char_at(t.start))
}

/// The entity facts `mine` (indices into `facts`, all of this paragraph) as (first token,
/// end token, fact index).
fn entity_tokens(p: &Para, facts: &[Fact], mine: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for &fi in mine {
        let Some(f) = facts.get(fi) else { continue };
        // Tokens are in order: binary searches keep this linear in the facts.
        let a = p.tokens.partition_point(|t| t.end <= f.start);
        let b = p.tokens.partition_point(|t| t.start < f.end);
        if a < b {
            out.push((a, b, fi));
        }
    }
    out
}

/// Adds quote and source facts for every paragraph.
pub fn attach(paras: &[Para], facts: &mut Vec<Fact>) {
    // The entity facts of each paragraph, found in one pass over the facts.
    let mut by_para: Vec<Vec<usize>> = vec![Vec::new(); paras.len()];
    for (fi, f) in facts.iter().enumerate() {
        if let (true, Some(list)) = (f.kind.is_entity(), by_para.get_mut(f.para)) {
            list.push(fi);
        }
    }
    let mut new = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        if p.is_empty() {
            continue;
        }
        let ents = entity_tokens(p, facts, &by_para[pi]);
        let sources = sources(p, pi, &ents, facts);
        quotes(p, pi, &ents, facts, &sources, &mut new);
        new.extend(sources.into_iter().map(|(_, f)| f));
    }
    facts.extend(new);
}

/// An entity starting at token `i`: (end, value).
fn entity_at(
    ents: &[(usize, usize, usize)],
    facts: &[Fact],
    i: usize,
) -> Option<(usize, Option<String>)> {
    ents.iter()
        .find(|(a, _, _)| *a == i)
        .map(|&(_, b, fi)| (b, facts.get(fi).map(|f| f.text.clone())))
}

fn sources(
    p: &Para,
    pi: usize,
    ents: &[(usize, usize, usize)],
    facts: &[Fact],
) -> Vec<(usize, Fact)> {
    let n = names();
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        let cue = p.mark(i) & vocab::SOURCE != 0;
        let Some((cut, e, _)) = cue.then(|| match_at(&n.sources, p, i)).flatten() else {
            i += 1;
            continue;
        };
        let english_after = matches!(p.f(i), "said" | "reported" | "told" | "says");
        if english_after {
            // Reuters reported, the ministry said: the organization or place right before. A
            // person who said something is a speaker, not a source.
            let before = ents.iter().find(|(_, b, _)| *b == i);
            if let Some(&(a, _, fi)) = before {
                let fact = facts.get(fi);
                if fact.is_some_and(|f| f.kind != Kind::Person) {
                    push(p, pi, a, 0, e, fact.map(|f| f.text.clone()), &mut out);
                }
            }
            i = e;
            continue;
        }
        let (mut k, value) = match source_np(p, e, ents, facts) {
            Some(hit) => hit,
            None => {
                i += 1;
                continue;
            }
        };
        // Adjectives after the name belong to the attribution (الرسمية, الروسية), but a
        // date after it does not (أفادت الوكالة اليوم الخميس).
        let dated = |k: usize| {
            p.tokens.get(k).is_some_and(|t| {
                facts.iter().any(|f| {
                    f.kind == Kind::Date && f.para == pi && f.start <= t.start && t.start < f.end
                })
            })
        };
        let mut value = value;
        while k < e + 8 && p.f(k).starts_with("ال") && p.is_word(k) && k > e && !dated(k) {
            k += 1;
        }
        // الوكالة الوطنية للإعلام: after an institution's adjective a لل-noun and its own
        // adjectives go on with the name (and with its value when the name was read alone).
        if k > e
            && n.org_adjectives.contains(p.f(k - 1))
            && p.f(k).starts_with("لل")
            && p.is_word(k)
            && p.f(k).chars().count() > 4
            && !dated(k)
        {
            let from = k;
            k += 1;
            while k < from + 4 && p.f(k).starts_with("ال") && p.is_word(k) && !dated(k) {
                k += 1;
            }
            if let (Some(v), Some(last)) = (value.as_mut(), p.tokens.get(k - 1)) {
                let name_end = p.tokens.get(from - 1).map_or(0, |t| t.end);
                if v.ends_with(&p.slice(p.tokens[from - 1].start, name_end)) {
                    v.push_str(&p.slice(name_end, last.end));
                }
            }
        }
        push(p, pi, i, cut, k, value, &mut out);
        i = k;
    }
    out
}

/// The source after a cue: an entity, a head with a quoted name (وكالة “ريا نوفوستي”), or a
/// definite noun phrase (للوكالة الروسية). Returns (end, name).
fn source_np(
    p: &Para,
    e: usize,
    ents: &[(usize, usize, usize)],
    facts: &[Fact],
) -> Option<(usize, Option<String>)> {
    if let Some(&(_, b, fi)) = ents.iter().find(|(a, _, _)| *a == e) {
        // A person after the cue is the speaker of what follows, not a source.
        let fact = facts.get(fi)?;
        if fact.kind == Kind::Person {
            return None;
        }
        return Some((b, Some(fact.text.clone())));
    }
    // قال الرئيس الأمريكي: a title names a person, who is a speaker, not a source.
    if match_at(&names().titles, p, e).is_some() {
        return None;
    }
    if let Some((_, he, _)) = match_at(&names().heads, p, e) {
        if orig_char(p, he).is_some_and(|c| OPEN.contains(&c)) {
            if let Some((b, v)) = entity_at(ents, facts, he + 1) {
                let close = if orig_char(p, b).is_some_and(|c| CLOSE.contains(&c)) {
                    b + 1
                } else {
                    b
                };
                return Some((close, v));
            }
        }
    }
    // للوكالة الروسية: a definite noun (after its proclitic) and its adjectives.
    let w = p.f(e);
    let (cut, noun) = clitic_splits(w)
        .into_iter()
        .find(|(_, r)| r.starts_with("ال") && r.chars().count() > 4)?;
    let _ = cut;
    if !p.f(e + 1).starts_with("ال") {
        return None;
    }
    let start = offset_after(p, e, w.chars().count() - noun.chars().count());
    let end = p.tokens.get(e + 1).map(|t| t.end)?;
    let text = p.slice(start, end);
    // لل + noun lost the article's alef in writing: give it back in the value.
    let value = if w.starts_with("لل") || w.starts_with("ولل") {
        let noun_text = p.slice(start, end);
        format!("ا{}", noun_text.trim_start_matches('ل')).replacen('ا', "ال", 1)
    } else {
        text
    };
    Some((e + 2, Some(value)))
}

fn push(
    p: &Para,
    pi: usize,
    a: usize,
    cut: usize,
    b: usize,
    value: Option<String>,
    out: &mut Vec<(usize, Fact)>,
) {
    let start = offset_after(p, a, cut);
    let Some(end) = b
        .checked_sub(1)
        .and_then(|l| p.tokens.get(l))
        .map(|t| t.end)
    else {
        return;
    };
    if end > start {
        out.push((
            a,
            Fact {
                kind: Kind::Source,
                text: p.slice(start, end),
                para: pi,
                start,
                end,
                value,
                role: None,
            },
        ));
    }
}

fn quotes(
    p: &Para,
    pi: usize,
    ents: &[(usize, usize, usize)],
    facts: &[Fact],
    sources: &[(usize, Fact)],
    out: &mut Vec<Fact>,
) {
    let speech = &names().speech;
    let mut i = 0;
    while i < p.len() {
        if !orig_char(p, i).is_some_and(|c| OPEN.contains(&c)) {
            i += 1;
            continue;
        }
        let Some(close) =
            (i + 1..p.len()).find(|&k| orig_char(p, k).is_some_and(|c| CLOSE.contains(&c)))
        else {
            break;
        };
        let words = (i + 1..close).filter(|&k| p.is_word(k)).count();
        if words < 3 {
            i = close + 1;
            continue;
        }
        // A speech verb before the quote (Arabic, and English "X said: “...”") or after it
        // (“...,” he said).
        let before = (0..i).rev().find(|&k| p.mark(k) & vocab::SPEECH != 0);
        let after = (close + 1..(close + 4).min(p.len())).find(|&k| speech.contains(p.f(k)));
        if before.is_none() && after.is_none() {
            i = close + 1;
            continue;
        }
        let speaker = before
            .and_then(|v| {
                sources
                    .iter()
                    .rev()
                    .find(|(a, _)| *a <= v + 1 && *a + 1 >= v)
                    .and_then(|(_, f)| f.value.clone())
                    .or_else(|| entity_at(ents, facts, v + 1).and_then(|(_, s)| s))
                    .or_else(|| {
                        ents.iter()
                            .find(|(_, b, _)| *b == v)
                            .and_then(|&(_, _, fi)| facts.get(fi).map(|f| f.text.clone()))
                    })
            })
            .or_else(|| after.and_then(|v| entity_at(ents, facts, v + 1).and_then(|(_, s)| s)));
        let (Some(s), Some(e)) = (p.tokens.get(i + 1), p.tokens.get(close - 1)) else {
            i = close + 1;
            continue;
        };
        out.push(Fact {
            kind: Kind::Quote,
            text: p.slice(s.start, e.end),
            para: pi,
            start: s.start,
            end: e.end,
            value: speaker,
            role: None,
        });
        i = close + 1;
    }
}
