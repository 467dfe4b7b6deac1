//! People, places and organizations: lexicon names (with proclitics split by look-up, never
//! blindly), titles before names (الرئيس الروسي فلاديمير بوتين, President Biden), given names,
//! organization heads (وكالة الأنباء …, Ministry of …), then names carried through the article
//! (فلاديمير بوتين … بوتين) and merged into entities with their mentions.

use super::lexicon::FastMap;
use super::names::{given_at, is_gentilic, match_at, names, offset_after};
use super::quantity::is_particle;
use super::token::Para;
use super::vocab;
use super::{Entity, Fact, Kind};

/// A name found at tokens `a..b` of paragraph `para`; `cut` chars of token `a` are a proclitic;
/// `ruled` when the rules found it (whether or not the tagger chose it too).
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub(super) para: usize,
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) cut: usize,
    pub(super) kind: Kind,
    pub(super) key: String,
    pub(super) ruled: bool,
    /// A person the rules alone found after a title, kept only if the article confirms it
    /// (see `shapes::confirm_titled`).
    pub(super) tentative: bool,
}

impl Cand {
    /// A person found from token `a` to `b` (`cut` proclitic chars off the first token); its
    /// merge key is set when entities are resolved.
    fn person(para: usize, a: usize, b: usize, cut: usize) -> Cand {
        Cand {
            para,
            a,
            b,
            cut,
            kind: Kind::Person,
            key: String::new(),
            ruled: true,
            tentative: false,
        }
    }
}

/// Adjectives that follow an organization's name without being part of it.
const NOT_IN_NAME: [&str; 14] = [
    "الرسميه",
    "الرسمي",
    "الحكوميه",
    "الحكومي",
    "السابق",
    "السابقه",
    "الحالي",
    "الحاليه",
    "الجديد",
    "الجديده",
    "المحليه",
    "المحلي",
    "الخاصه",
    "العامه",
];

pub(super) fn is_arabic(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| ('\u{0620}'..='\u{064A}').contains(&c))
}

/// Does token `i` carry the article as written (الهام folded from إلهام does not)?
pub(super) fn has_article(p: &Para, i: usize) -> bool {
    let Some(t) = p.tokens.get(i) else {
        return false;
    };
    let raw = p.slice(t.start, t.end);
    let bare: String = raw
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
        .take(2)
        .collect();
    bare == "ال" || bare == "ٱل"
}

/// A verb after a name: a speech verb, or a future verb (سيلتقي, ستزور) that is no given name.
fn verb_like(p: &Para, i: usize) -> bool {
    let w = p.f(i);
    names().speech.contains(w)
        || (w.starts_with("سي") || w.starts_with("ست")) && given_at(p, i).is_none()
}

/// Could token `i` be (part of) a person's name?
fn name_like(p: &Para, i: usize) -> bool {
    let w = p.f(i);
    if !p.is_word(i) || is_particle(w) || names().speech.contains(w) {
        return false;
    }
    if is_arabic(w) {
        // Names rarely carry the article; future verbs start with سي / ست.
        w.chars().count() >= 3
            && !has_article(p, i)
            && !w.starts_with("سي")
            && !w.starts_with("ست")
            && names().titles.longest(p, i, w).is_none()
    } else {
        p.tokens.get(i).is_some_and(|t| t.upper) && w.chars().count() >= 2
    }
}

/// The person tokens from `k`: a given name with what follows it, or one name word.
fn person_from(p: &Para, k: usize) -> Option<usize> {
    if !name_like(p, k) {
        return None;
    }
    let mut e = k + 1;
    let latin = !is_arabic(p.f(k));
    let limit = if latin { 4 } else { 3 };
    while e < k + limit {
        let w = p.f(e);
        if matches!(
            w,
            "بن" | "ابن" | "ابو" | "عبد" | "bin" | "al" | "de" | "van" | "von"
        ) && name_like(p, e + 1)
        {
            e += 2;
            continue;
        }
        let more = if latin {
            name_like(p, e) && p.is_word(e)
        } else {
            given_at(p, e - 1).is_some() && name_like(p, e)
        };
        if !more {
            break;
        }
        e += 1;
    }
    Some(e)
}

/// Whether any token of `a..b` is set in `mask` (tokens past its end count as unset).
fn any_in(mask: &[bool], a: usize, b: usize) -> bool {
    mask.get(a..b.min(mask.len()))
        .is_some_and(|s| s.contains(&true))
}

/// The tokens of paragraph `pi` that a candidate or a block already holds.
pub(super) fn taken(
    p: &Para,
    pi: usize,
    cands: &[Cand],
    blocks: &[Vec<(usize, usize)>],
) -> Vec<bool> {
    let held = cands.iter().filter(|c| c.para == pi).map(|c| (c.a, c.b));
    p.mask(held.chain(blocks.get(pi).into_iter().flatten().copied()))
}

/// Candidates of one paragraph, left to right, not overlapping each other or `blocks`.
fn paragraph(para: usize, p: &Para, blocks: &[(usize, usize)]) -> Vec<Cand> {
    let mask = p.mask(blocks.iter().copied());
    let blocked = |a: usize, b: usize| any_in(&mask, a, b);
    let mut out = rule_cands(para, p, blocks);
    let hints: Vec<(usize, usize, Kind)> = out.iter().map(|c| (c.a, c.b, c.kind)).collect();
    let tagged = match super::tagger::tag_para(p, &hints) {
        Some(t) => Some((t, false)),
        None => super::tagger_en::tag_para(p, &hints).map(|t| (t, true)),
    };
    if let Some((tagged, english)) = tagged {
        out = combine(para, p, out, &tagged, english, &blocked);
    }
    for c in &mut out {
        if c.key.is_empty() {
            c.key = strip(p, c);
        }
    }
    out
}

/// The names the rules find in a paragraph (token spans and kinds), a hint for the tagger.
pub fn rule_spans(p: &Para, blocks: &[(usize, usize)]) -> Vec<(usize, usize, Kind)> {
    rule_cands(0, p, blocks)
        .into_iter()
        .map(|c| (c.a, c.b, c.kind))
        .collect()
}

/// The rules' candidates: lexicon names, organization heads, titles before names, given
/// names before family names.
fn rule_cands(para: usize, p: &Para, blocks: &[(usize, usize)]) -> Vec<Cand> {
    let n = names();
    let mask = p.mask(blocks.iter().copied());
    let blocked = |a: usize, b: usize| any_in(&mask, a, b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        // The subject of a speech verb, Arabic being verb first: «وقال رمضان إن», «وقالت
        // جيما أرياس: ...»: name words between the verb and what was said (إن / أن, a colon,
        // a comma, a quotation mark). Kept where the tagger is silent only if the article
        // confirms the name (a given name, or named again), as after a title.
        if !blocked(i, i + 1) && is_arabic(p.f(i)) && p.splits(i).any(|(_, r)| n.speech.contains(r))
        {
            let k = i + 1;
            // A noun is no name: an organization head, a word in ة, ل + the article (ذكرت
            // وكالة «ريا نوفوستي»), unless a given name (حمزة).
            let w = p.f(k);
            let noun =
                (match_at(&n.heads, p, k).is_some() || w.ends_with('ه') || w.starts_with("لل"))
                    && given_at(p, k).is_none();
            if name_like(p, k) && !noun && !super::shapes::stops_name(p, k) && !blocked(k, k + 1) {
                let end = super::shapes::titled_run(p, k, &|j| name_like(p, j));
                let said = matches!(p.f(end), "ان" | ":" | "," | "،" | "\"" | "«" | "“");
                if said && !blocked(k, end) {
                    out.push(Cand::person(para, k, end, 0));
                    i = end;
                    continue;
                }
            }
        }
        if blocked(i, i + 1) || !p.is_word(i) || p.mark(i) & vocab::NAME == 0 {
            i += 1;
            continue;
        }
        // A Latin name is capitalized, and not a word of shouted text (WHO WANTS TO HELP).
        let latin_ok = is_arabic(p.f(i)) || latin_cap(p, i);
        // Country and city names are often typed in lower case (india, mexico); organizations
        // in lower case are mostly words (who, apple).
        let lex = match_at(&n.names, p, i).filter(|(_, e, (kind, _))| {
            // A short Latin organization is an acronym (WHO, not Who).
            let acronym_ok = *kind != Kind::Organization
                || *e > i + 1
                || is_arabic(p.f(i))
                || p.f(i).chars().count() > 4
                || all_caps(p, i);
            acronym_ok
                && !blocked(i, *e)
                && (latin_ok
                    || *kind == Kind::Place
                        && p.f(i).chars().count() >= 4
                        && !(all_caps(p, i) || all_caps(p, i + 1)))
        });
        let org = org_at(p, i).filter(|(_, e)| !blocked(i, *e) && latin_ok);
        match (lex, org) {
            // A listed name of two words or more beats a head-built one (الاتحاد الأوروبي).
            (Some((cut, e, (kind, key))), o) if e > i + 1 || o.is_none_or(|(_, oe)| oe <= e) => {
                out.push(Cand {
                    para,
                    a: i,
                    b: e,
                    cut,
                    kind: *kind,
                    key: key.clone(),
                    ruled: true,
                    tentative: false,
                });
                i = e;
                continue;
            }
            (_, Some((cut, e))) => {
                let key = p.key(i, e);
                let key = super::lexicon::clitic_splits(&key)
                    .get(if cut > 0 { 1 } else { 0 })
                    .map_or(key.clone(), |(_, r)| r.clone());
                out.push(Cand {
                    para,
                    a: i,
                    b: e,
                    cut,
                    kind: Kind::Organization,
                    key,
                    ruled: true,
                    tentative: false,
                });
                i = e;
                continue;
            }
            _ => {}
        }
        // A title, maybe with a gentilic: الرئيس الروسي فلاديمير بوتين, President Biden.
        if let Some((_, e, _)) = match_at(&n.titles, p, i) {
            let mut k = e;
            while k < e + 2 && is_gentilic(p.f(k)) {
                k += 1;
            }
            if match_at(&n.names, p, k).is_some() {
                i = k;
                continue;
            }
            let end = if is_arabic(p.f(k)) {
                super::shapes::titled_name_end(p, e, k, &|i| name_like(p, i))
            } else {
                person_from(p, k)
            };
            if let Some(end) = end.filter(|&end| !blocked(k, end)) {
                // A name right after a title carries no proclitic: «الفريق كامل» is كامل, not
                // ك + أمل (a given name).
                let cut = if is_arabic(p.f(k)) {
                    0
                } else {
                    given_at(p, k).unwrap_or(0)
                };
                out.push(Cand::person(para, k, end, cut));
                i = end;
                continue;
            }
            i = e;
            continue;
        }
        // A given name and a family name: إلهام علييف, John Smith.
        if let Some(cut) = given_at(p, i) {
            if name_like(p, i + 1) || cut > 0 && name_like(p, i + 1) {
                if let Some(end) = person_from(p, i).filter(|&end| end > i + 1 && !blocked(i, end))
                {
                    out.push(Cand::person(para, i, end, cut));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    if !super::tagger::is_arabic_para(p) {
        english_names(para, p, &mut out, &blocked);
    }
    out
}

/// An all-capitals word of two letters or more (NTRC, WHO).
fn all_caps(p: &Para, i: usize) -> bool {
    let Some(t) = p.tokens.get(i) else {
        return false;
    };
    let w = p.slice(t.start, t.end);
    p.is_word(i) && w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase())
}

/// A capitalized Latin word that is not part of shouted text (a neighbour in capitals too).
fn latin_cap(p: &Para, i: usize) -> bool {
    p.is_word(i)
        && !is_arabic(p.f(i))
        && p.tokens.get(i).is_some_and(|t| t.upper)
        && !(all_caps(p, i) && (i > 0 && all_caps(p, i - 1) || all_caps(p, i + 1)))
}

/// English names the lexicons and cues miss: runs of capitalized words (Phillip Allen,
/// Cracker Barrel, Georgia Institute of Technology) outside the candidates found so far,
/// without function words (The, Thanks, Monday). An organization word makes the run an
/// organization (Corp., University), a place word a place (River, Base); otherwise it is a
/// person when it starts with a known given name, and dropped when it does not (an unknown
/// run or acronym is as often a shop, a product or a title as a name). Organization suffixes (Corp., Inc.) also extend names found before.
fn english_names(
    para: usize,
    p: &Para,
    out: &mut Vec<Cand>,
    blocked: &dyn Fn(usize, usize) -> bool,
) {
    let n = names();
    let suffix = |w: &str| matches!(w, "corp" | "inc" | "ltd" | "llc" | "co" | "plc");
    for c in out.iter_mut() {
        if c.b < p.len() && suffix(p.f(c.b)) && latin_cap(p, c.b) {
            c.b += 1;
            c.kind = Kind::Organization;
            if p.f(c.b) == "." && p.glued(c.b) {
                c.b += 1;
            }
        }
    }
    let taken = p.mask(out.iter().map(|c| (c.a, c.b)));
    let free = |i: usize| !taken.get(i).copied().unwrap_or(true) && !blocked(i, i + 1);
    let word = |i: usize| {
        free(i)
            && latin_cap(p, i)
            && p.f(i).chars().count() >= 2
            && !n.en_not_name.contains(p.f(i))
            && !is_gentilic(p.f(i))
    };
    let mut added = Vec::new();
    let mut i = 0;
    while i < p.len() {
        if !word(i) {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < i + 6 {
            // A name written twice in a row (a signature) is two mentions.
            if p.f(e) == p.f(i) {
                break;
            }
            // Two full names side by side (Debra Perlingiere Jackie Taylor): a given name
            // after two words starts the next.
            if e >= i + 2 && given_at(p, e).is_some() {
                break;
            }
            if word(e) {
                e += 1;
            } else if matches!(p.f(e), "of" | "&" | "de" | "del" | "la" | "van" | "von")
                && free(e)
                && word(e + 1)
            {
                e += 2;
            } else {
                break;
            }
        }
        let (a, b) = (i, e);
        i = e;
        let words: Vec<&str> = (a..b).map(|k| p.f(k)).collect();
        let kind = if words.iter().any(|w| n.en_org_words.contains(*w)) {
            Kind::Organization
        } else if words.len() > 1
            && [words.first(), words.last()]
                .iter()
                .flatten()
                .any(|w| n.en_place_words.contains(**w))
        {
            Kind::Place
        } else if words.len() == 1 {
            if given_at(p, a).is_none() || is_gentilic(words[0]) {
                // A lone unknown word is as often a place, a product or a people.
                continue;
            } else {
                Kind::Person
            }
        } else if given_at(p, a).is_none() {
            // An unknown capitalized run is as often a shop, a product or a title.
            continue;
        } else {
            Kind::Person
        };
        let mut b = b;
        if b < p.len() && suffix(p.f(b)) {
            b += 1;
            if p.f(b) == "." && p.glued(b) {
                b += 1;
            }
        }
        added.push(Cand {
            para,
            a,
            b,
            cut: 0,
            kind,
            key: String::new(),
            ruled: true,
            tentative: false,
        });
    }
    out.extend(added);
    out.sort_by_key(|c| c.a);
}

/// The tagger's names in place of the rules' (on ANERcorp every kind of rule candidate the
/// tagger did not choose lowers the score: the rules are its hints instead). A rule candidate
/// on exactly the tagger's tokens lends its proclitic cut and canonical key.
fn combine(
    para: usize,
    p: &Para,
    rules: Vec<Cand>,
    tagged: &[(usize, usize, Kind)],
    english: bool,
    blocked: &dyn Fn(usize, usize) -> bool,
) -> Vec<Cand> {
    // A listed organization of three words or more that the tagger left wholly untagged is
    // kept: the list is surer of it than the tagger's silence (وكالة الأنباء الأذربيجانية).
    // In English so is a person the rules found (a given name and a capitalized word, a
    // title and a name) where the tagger found nothing: UNER EWT dev CV token F1 +0.005;
    // places and organizations kept so lowered it.
    let listed: Vec<Cand> = rules
        .iter()
        .filter(|r| {
            !blocked(r.a, r.b)
                && !tagged.iter().any(|&(a, b, _)| a < r.b && r.a < b)
                && (english && r.kind == Kind::Person
                    || r.kind == Kind::Organization
                        && r.b >= r.a + 3
                        && match_at(&names().names, p, r.a)
                            .is_some_and(|(_, e, (k, _))| e == r.b && *k == Kind::Organization))
        })
        .cloned()
        .collect();
    // An Arabic person after a title (وزير الخارجية الأميركي كولن باول) is kept where the
    // tagger found nothing on its words, if the article confirms it (`shapes::carry`):
    // ANERcorp block CV token F1 (mean of folds) 0.721 -> 0.726. Letting its extent replace
    // a shorter tagger person inside it lowered that to 0.719.
    // Latin words inside Arabic text (a product, a hall, a brand) are the Arabic model's
    // blind spot: it learnt Arabic words and affixes, and tagged «Theater» and «Control» as
    // people. There the rules decide alone: a listed name, a given name and what follows.
    let latin = |a: usize, b: usize| (a..b).any(|k| p.is_word(k) && !is_arabic(p.f(k)));
    // A name neither starts nor ends with a function word (من أين سيأتي: a question).
    let tagged: Vec<(usize, usize, Kind)> = if english {
        tagged.to_vec()
    } else {
        tagged
            .iter()
            .filter_map(|&(mut a, mut b, kind)| {
                while a < b && is_particle(p.f(a)) {
                    a += 1;
                }
                while b > a && is_particle(p.f(b - 1)) {
                    b -= 1;
                }
                (a < b && !latin(a, b)).then_some((a, b, kind))
            })
            .collect()
    };
    let tagged = tagged.as_slice();
    let latin_rules: Vec<Cand> = if english {
        Vec::new()
    } else {
        rules
            .iter()
            .filter(|r| {
                !blocked(r.a, r.b)
                    && (r.a..r.b).all(|k| !p.is_word(k) || !is_arabic(p.f(k)))
                    && !tagged.iter().any(|&(a, b, _)| a < r.b && r.a < b)
                    && !listed.iter().any(|l| l.a == r.a)
            })
            .cloned()
            .collect()
    };
    let mut tagged: Vec<(usize, usize, Kind)> = tagged.to_vec();
    // A person the tagger found without the given name(s) before it that a rule took in
    // (أمين [فارس] after «الخبير الاقتصادي»): the given name is part of it.
    if !english {
        for t in tagged.iter_mut().filter(|t| t.2 == Kind::Person) {
            let wider = rules.iter().find(|r| {
                r.kind == Kind::Person
                    && r.a < t.0
                    && r.b == t.1
                    && (r.a..t.0).all(|k| given_at(p, k).is_some())
            });
            if let Some(r) = wider {
                t.0 = r.a;
            }
        }
    }
    let tagged = tagged.as_slice();
    let titled: Vec<&Cand> = if english {
        Vec::new()
    } else {
        rules
            .iter()
            .filter(|r| {
                r.kind == Kind::Person
                    && !blocked(r.a, r.b)
                    && (role_before(p, r.a).is_some() || speech_before(p, r.a))
            })
            .collect()
    };
    let mut out: Vec<Cand> = tagged
        .iter()
        .filter(|&&(a, b, _)| !blocked(a, b))
        .map(|&(a, b, kind)| {
            // A person the tagger runs on past a rule's name into words that are no name
            // (بوتين سيلتقي) ends where the rule's does.
            let shorter = rules.iter().find(|r| {
                r.a == a
                    && r.b < b
                    && r.kind == kind
                    && kind == Kind::Person
                    && r.b + 1 == b
                    && verb_like(p, r.b)
            });
            match rules.iter().find(|r| r.a == a && r.b == b).or(shorter) {
                Some(r) => Cand { kind, ..r.clone() },
                None => tagged_cand(para, p, a, b, kind),
            }
        })
        .collect();
    let kept = titled
        .into_iter()
        .filter(|r| !out.iter().any(|c| c.a < r.b && r.a < c.b))
        .map(|r| Cand {
            tentative: true,
            ..r.clone()
        })
        .collect::<Vec<_>>();
    let listed: Vec<Cand> = listed.into_iter().chain(kept).chain(latin_rules).collect();
    if !listed.is_empty() {
        out.extend(listed);
        out.sort_by_key(|c| c.a);
    }
    out
}

/// Is the word before token `a` an Arabic speech verb (قال, وأضاف)?
fn speech_before(p: &Para, a: usize) -> bool {
    a > 0 && is_arabic(p.f(a - 1)) && p.splits(a - 1).any(|(_, r)| names().speech.contains(r))
}

/// A candidate for a tagger span: a proclitic is cut when the rest of the first word is a
/// listed name.
fn tagged_cand(para: usize, p: &Para, a: usize, b: usize, kind: Kind) -> Cand {
    let cut = match_at(&names().names, p, a)
        .filter(|(_, e, _)| *e == b)
        .map_or(0, |(cut, _, _)| cut);
    Cand {
        para,
        a,
        b,
        cut,
        kind,
        key: String::new(),
        ruled: false,
        tentative: false,
    }
}

/// The folded name of a candidate without its proclitic.
fn strip(p: &Para, c: &Cand) -> String {
    let mut k = p.key(c.a, c.b);
    if c.cut > 0 {
        k = k.chars().skip(c.cut).collect();
    }
    k
}

/// An organization from its head: وكالة الأنباء الأذربيجانية, وزارة الخارجية, Ministry of
/// Defence. Returns (chars cut from the head, end token).
fn org_at(p: &Para, i: usize) -> Option<(usize, usize)> {
    let (cut, e, _) = match_at(&names().heads, p, i)?;
    if is_arabic(p.f(i)) {
        return arabic_org_end(p, e).map(|k| (cut, k));
    }
    // English: the capitalized run around the head (Ministry of Defence, Supreme Court).
    if !p.tokens.get(i).is_some_and(|t| t.upper) {
        return None;
    }
    let mut k = e;
    loop {
        if matches!(p.f(k), "of" | "for" | "and" | "&")
            && p.tokens.get(k + 1).is_some_and(|t| t.upper)
        {
            k += 2;
        } else if p.is_word(k) && p.tokens.get(k).is_some_and(|t| t.upper) {
            k += 1;
        } else {
            break;
        }
    }
    (k > e).then_some((0, k))
}

/// Where an Arabic organization that starts with a head (tokens `..e`: وزارة, شركة) ends,
/// the head indefinite (construct state): a chain of definite genitives and their adjectives (وزارة الخارجية
/// الأمريكية, جامعة الدول العربية), at most seven words, with one genitive at least.
/// Verbs, particles, titles, dates, numbers, punctuation and adjectives of time (السابق,
/// الجديدة) end it. `None` when nothing names the head (الوزارة alone, الاتحاد الأوروبي,
/// which the list of organizations names).
///
/// Tried and left out (ANERcorp block CV, mean of folds, 3 averaged models): a definite
/// head with adjectives alone (المحكمة العليا), a proper noun after an indefinite head before
/// a definite adjective (شركة أرامكو السعودية), one complement with لـ (للطاقة الذرية): as
/// hints together 0.725 -> 0.724; keeping such names where the tagger is silent, 0.718 ->
/// 0.702 (organization precision 0.70 -> 0.52: ANERcorp leaves descriptive bodies such as
/// قوات الأمن untagged).
fn arabic_org_end(p: &Para, e: usize) -> Option<usize> {
    let nm = names();
    let ends = |k: usize| {
        let w = p.f(k);
        k >= p.len()
            || !p.is_word(k)
            || !is_arabic(w)
            || super::shapes::stops_name(p, k)
            || is_particle(w)
            || NOT_IN_NAME.contains(&w)
            || nm.speech.contains(w)
            || nm.titles.contains_first(w)
    };
    // A definite head (الوزارة, الاتحاد) takes adjectives, not a genitive.
    if has_article(p, e - 1) || p.f(e - 1).starts_with("ال") {
        return None;
    }
    let mut k = e;
    let mut genitive = false;
    while k < e + 7 && !ends(k) && p.f(k).starts_with("ال") {
        genitive |= !is_gentilic(p.f(k));
        k += 1;
    }
    (genitive && k > e).then_some(k)
}

/// Entity facts and merged entities for the whole article.
pub fn resolve(paras: &[Para], blocks: &[Vec<(usize, usize)>]) -> (Vec<Fact>, Vec<Entity>) {
    let mut cands: Vec<Cand> = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        cands.extend(paragraph(i, p, blocks.get(i).map_or(&[], Vec::as_slice)));
    }
    carry_names(paras, blocks, &mut cands);
    super::shapes::carry(paras, blocks, &mut cands);
    let mut facts = Vec::with_capacity(cands.len());
    let mut keys = Vec::with_capacity(cands.len());
    let mut groups: FastMap<(Kind, String), Entity> = FastMap::default();
    let mut roles: FastMap<(Kind, String), String> = FastMap::default();
    let mut order = Vec::new();
    for c in &cands {
        let Some(p) = paras.get(c.para) else { continue };
        let start = offset_after(p, c.a, c.cut);
        let Some(end) =
            c.b.checked_sub(1)
                .and_then(|l| p.tokens.get(l))
                .map(|t| t.end)
        else {
            continue;
        };
        let text = p.slice(start, end);
        let gk = (c.kind, c.key.clone());
        let e = groups.entry(gk.clone()).or_insert_with(|| {
            order.push(gk.clone());
            Entity {
                kind: c.kind,
                name: text.clone(),
                mentions: Vec::new(),
            }
        });
        if text.chars().count() > e.name.chars().count() {
            e.name = text.clone();
        }
        e.mentions.push((c.para, start..end));
        if c.kind == Kind::Person {
            if let Some(r) = role_before(p, c.a) {
                roles.entry(gk.clone()).or_insert(r);
            }
        }
        keys.push(gk);
        facts.push(Fact {
            kind: c.kind,
            text,
            para: c.para,
            start,
            end,
            value: None,
            role: None,
        });
    }
    // Every mention's value is its entity's fullest name, and a person's role the first one
    // the article gives.
    for (f, key) in facts.iter_mut().zip(&keys) {
        f.value = groups.get(key).map(|e| e.name.clone());
        f.role = roles.get(key).cloned();
    }
    let mut entities: Vec<Entity> = order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .collect();
    entities.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
    (facts, entities)
}

/// The title right before a person's name at token `a`, with the adjectives and nouns that
/// make it a role (الرئيس الروسي, وزير الخارجية الأمريكي, Foreign Minister), as the text has
/// it minus a proclitic; `None` when no title ends there.
fn role_before(p: &Para, a: usize) -> Option<String> {
    let titles = &names().titles;
    for s in a.saturating_sub(5)..a {
        let Some((cut, e, _)) = match_at(titles, p, s) else {
            continue;
        };
        // Between the title and the name: gentilics and definite nouns (الخارجية), at most 3.
        // A title may run past the name's first word (the name starts inside it): no role.
        let fits = e <= a
            && a - e <= 3
            && (e..a).all(|k| {
                let w = p.f(k);
                is_gentilic(w)
                    || (is_arabic(w) && w.starts_with("ال"))
                    || names().titles.contains_first(w)
            });
        if fits {
            let start = offset_after(p, s, cut);
            let end = p.tokens.get(a.checked_sub(1)?)?.end;
            return Some(p.slice(start, end)).filter(|r| !r.trim().is_empty());
        }
    }
    None
}

/// Names carried through the article: the family name and the given name of a full name
/// found anywhere (فلاديمير بوتين) mark their later and earlier mentions alone (بوتين,
/// وعلييف, إلهام) as the same person.
fn carry_names(paras: &[Para], blocks: &[Vec<(usize, usize)>], cands: &mut Vec<Cand>) {
    let mut alias: FastMap<String, String> = FastMap::default();
    // The words that mark mentions of their own: in Arabic only those of names the rules
    // found too (a title or a given name before it, a listed name), not those the tagger
    // alone found: on ANERcorp these marked more wrong words (على from علي, الله from عبد
    // الله, common words the tagger ran a name on into) than right ones (CV pooled token F1
    // 0.746 -> 0.752).
    let mut carry: FastMap<String, String> = FastMap::default();
    for c in cands.iter().filter(|c| c.kind == Kind::Person) {
        let words: Vec<&str> = c.key.split(' ').collect();
        if words.len() < 2 {
            continue;
        }
        for w in [words.first(), words.last()].into_iter().flatten() {
            alias.entry(w.to_string()).or_insert_with(|| c.key.clone());
            if c.ruled || !is_arabic(w) {
                carry.entry(w.to_string()).or_insert_with(|| c.key.clone());
            }
        }
    }
    if alias.is_empty() {
        return;
    }
    // A one-word name found on its own (الرئيس بوتين) joins the full name it belongs to.
    for c in cands
        .iter_mut()
        .filter(|c| c.kind == Kind::Person && !c.key.contains(' '))
    {
        if let Some(full) = alias.get(&c.key) {
            c.key = full.clone();
        }
    }
    let mut added = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let taken = taken(p, pi, cands, blocks);
        for i in 0..p.len() {
            if taken.get(i).copied().unwrap_or(true) || !p.is_word(i) {
                continue;
            }
            let hit = p
                .splits(i)
                .find(|(_, r)| carry.contains_key(*r) && r.chars().count() >= 3)
                .map(|(c, r)| (c, r.to_string()));
            if let Some((cut, r)) = hit {
                if !is_arabic(&r) && !p.tokens.get(i).is_some_and(|t| t.upper) {
                    continue;
                }
                let key = alias.get(&r).cloned().unwrap_or(r);
                added.push(Cand {
                    para: pi,
                    a: i,
                    b: i + 1,
                    cut,
                    kind: Kind::Person,
                    key,
                    ruled: false,
                    tentative: false,
                });
            }
        }
    }
    cands.extend(added);
    cands.sort_by_key(|c| (c.para, c.a));
}
