//! The English instance of the name tagger: the same averaged perceptron, tags, decoding and
//! weight format as the Arabic one ([`super::tagger`]), with its own features and weights.
//!
//! English names are told mostly by case, so the features are the lower-cased word and its
//! affixes, the word's case class (lower, Capitalized, ALL CAPS, one capital, mIxed) and
//! shape (`Xx.`, `XX`, `x'x`), whether it starts a sentence, how much of the paragraph is
//! capitalized (web text is often all lower case, or shouted), the neighbouring words and
//! their case, and the project's lexicons and rules as hints: listed places, organizations
//! and people, given names, titles (President), organization heads (Ministry, Agency), the
//! English cue words (`en-not-name`, `en-org-word`, `en-place-word` in `data/cues.txt`) and
//! the names the rules found.
//!
//! Features go to `2^BITS` buckets, fewer than Arabic's: the English training data is small.
//! The weights are trained by `examples/train_tagger.rs --lang en` on Universal NER English
//! EWT (see `data/tagger_en.ATTRIBUTION.md`) and compiled in from `data/tagger_en.bin`;
//! `AKHBAR_TAGGER_EN_WEIGHTS=FILE` loads FILE instead (for cross-validation).
//!
//! Scores (UNER EWT dev, 5-fold cross-validated, pooled token F1, whole extraction): 0.676
//! against the rules' 0.578 with the same lexicons. Cost: on the mixed bench corpus
//! (`examples/facts_speed.rs`, one core) the same binary with the English model off runs
//! 30-40% faster (measured side by side on a loaded machine): on English articles the model
//! is the largest single cost.

use super::names::{given_at, is_gentilic, names};
use super::tagger::{self, combine, hash, lexicon_flags, mix, prefix, suffix, Encoded, Model};
use super::token::{Class, Para};
use super::Kind;
use std::sync::OnceLock;

/// log2 of the number of feature buckets.
pub const BITS: u32 = 16;
const MASK: u32 = (1 << BITS) - 1;

// English cue-word flags, above the shared lexicon flags.
const E_NOT_NAME: u32 = 1 << 20;
const E_ORG_WORD: u32 = 1 << 21;
const E_PLACE_WORD: u32 = 1 << 22;
const E_GENTILIC: u32 = 1 << 23;

/// Case classes of a token.
const C_EDGE: u8 = 0;
const C_LOWER: u8 = 1;
const C_CAP: u8 = 2;
const C_CAPS: u8 = 3;
const C_ONE: u8 = 4;
const C_MIXED: u8 = 5;
const C_DIGITS: u8 = 6;
const C_PUNCT: u8 = 7;

/// The case class and a hash of the shape of token `i` (each char as `X`, `x`, `d` or
/// itself, runs of one kind written once).
fn case_shape(p: &Para, i: usize) -> (u8, u64) {
    let Some(t) = p.tokens.get(i) else {
        return (C_EDGE, 0);
    };
    match t.class {
        Class::Digits => return (C_DIGITS, 1),
        Class::Punct => {
            let c = p.char_at(t.start).unwrap_or(' ');
            return (C_PUNCT, 2 + u64::from(c));
        }
        Class::Word => {}
    }
    let (mut upper, mut lower, mut first_upper) = (0usize, 0usize, false);
    let mut shape = [0u8; 8];
    let mut n = 0;
    for (k, ci) in (t.start..t.end).enumerate() {
        let c = p.char_at(ci).unwrap_or(' ');
        let s = if c.is_uppercase() {
            upper += 1;
            first_upper |= k == 0;
            b'X'
        } else if c.is_lowercase() {
            lower += 1;
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_alphabetic() {
            b'a'
        } else {
            b'\''
        };
        if n < shape.len() && (n == 0 || shape[n - 1] != s) {
            shape[n] = s;
            n += 1;
        }
    }
    let class = if upper == 0 {
        C_LOWER
    } else if lower == 0 {
        if upper == 1 {
            C_ONE
        } else {
            C_CAPS
        }
    } else if first_upper {
        C_CAP
    } else {
        C_MIXED
    };
    let glued_dot = p.f(i + 1) == "." && p.glued(i + 1);
    let h = hash(std::str::from_utf8(&shape[..n]).unwrap_or("")) ^ u64::from(glued_dot);
    (class, h)
}

/// Does token `i` start a sentence: first in the paragraph, or after . ! ? : or an opening
/// mark?
fn sentence_start(p: &Para, i: usize) -> bool {
    i == 0
        || matches!(p.f(i - 1), "." | "!" | "?" | ":" | "\"" | "(" | "-" | "*")
        || (i >= 2 && p.f(i - 2) == "." && !p.is_word(i - 1))
}

fn is_upper_class(c: u8) -> bool {
    matches!(c, C_CAP | C_CAPS | C_ONE | C_MIXED)
}

/// Per-token pieces, computed once and shared with the neighbours' features.
#[derive(Clone, Copy)]
struct Pieces {
    word: u64,
    case: u8,
    shape: u64,
}

const EDGE: Pieces = Pieces {
    word: 0x5eed_ed9e_0000_0001,
    case: C_EDGE,
    shape: 0,
};

fn bucket(h: u64) -> u32 {
    tagger::bucket(h) & MASK
}

/// Encodes an English paragraph for the English model, with the rules' names as hints.
pub(crate) fn encode_para(p: &Para, hints: &[(usize, usize, Kind)]) -> Encoded {
    let n = p.len();
    let nm = names();
    let mut flags = lexicon_flags(p, hints);
    for (i, f) in flags.iter_mut().enumerate() {
        if !p.is_word(i) {
            continue;
        }
        let w = p.f(i);
        if nm.en_not_name.contains(w) {
            *f |= E_NOT_NAME;
        }
        if nm.en_org_words.contains(w) {
            *f |= E_ORG_WORD;
        }
        if nm.en_place_words.contains(w) {
            *f |= E_PLACE_WORD;
        }
        if is_gentilic(w) {
            *f |= E_GENTILIC;
        }
    }
    let pcs: Vec<Pieces> = (0..n)
        .map(|i| {
            let (case, shape) = case_shape(p, i);
            Pieces {
                word: hash(p.f(i)),
                case,
                shape,
            }
        })
        .collect();
    // How much of the paragraph is capitalized: 0 hardly any, 1 some, 2 most words.
    let words = (0..n).filter(|&i| p.is_word(i)).count().max(1);
    let caps = pcs.iter().filter(|x| is_upper_class(x.case)).count();
    let casing = match caps * 10 / words {
        0 => 0u64,
        1..=4 => 1,
        _ => 2,
    };
    // How each word is written elsewhere in the paragraph: in lower case anywhere (then a
    // capitalized sentence start is likely no name), capitalized inside a sentence.
    let mut seen: Vec<(u64, u8)> = Vec::with_capacity(n);
    for (i, x) in pcs.iter().enumerate() {
        if p.is_word(i) {
            let mid = i > 0 && !sentence_start(p, i) && is_upper_class(x.case);
            seen.push((x.word, u8::from(x.case == C_LOWER) | (2 * u8::from(mid))));
        }
    }
    seen.sort_unstable();
    // One entry per word, its flags or-ed: a lookup is one binary search, however often the
    // word repeats (scanning the repeats made a paragraph of one word said 100k times
    // quadratic).
    seen.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 |= later.1;
        }
        same
    });
    let elsewhere = |w: u64| -> u64 {
        match seen.binary_search_by(|&(x, _)| x.cmp(&w)) {
            Ok(at) => u64::from(seen[at].1),
            Err(_) => 0,
        }
    };
    let at = |i: isize| -> Pieces {
        if i < 0 {
            EDGE
        } else {
            pcs.get(i as usize).copied().unwrap_or(EDGE)
        }
    };
    let flag_at = |i: isize| -> u32 {
        if i < 0 {
            0
        } else {
            flags.get(i as usize).copied().unwrap_or(0)
        }
    };
    // Runs of capitalized words (Georgia Institute of Technology, Phillip Allen): each word's
    // run length and whether it opens or closes it, "of" / "de" / "&" inside a run joining it.
    let upper_at = |i: usize| p.is_word(i) && is_upper_class(pcs[i].case);
    let joiner = |i: usize| matches!(p.f(i), "of" | "de" | "&" | "al" | "van" | "von" | "del");
    let mut run_of = vec![0u64; n];
    let mut i = 0;
    while i < n {
        if !upper_at(i) {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < n && (upper_at(e) || joiner(e) && e + 1 < n && upper_at(e + 1)) {
            e += 1;
        }
        for (k, r) in run_of.iter_mut().enumerate().take(e).skip(i) {
            let len = (e - i).min(4) as u64;
            *r = 1 + len * 4 + u64::from(k == i) + 2 * u64::from(k + 1 == e);
        }
        i = e;
    }
    let mut feats = Vec::with_capacity(n * 48);
    let mut ends = Vec::with_capacity(n);
    let mut word = Vec::with_capacity(n);
    let mut cls = Vec::with_capacity(n);
    let mut sfx = Vec::with_capacity(n);
    for (i, me) in pcs.iter().enumerate() {
        let ii = i as isize;
        let w = p.f(i);
        // Sentence-initial: first in the paragraph, or after . ! ? : or a quotation mark.
        let init = sentence_start(p, i);
        let s3 = hash(suffix(w, 3));
        // With the previous tag: the word; its case, sentence start, given name, the rules'
        // name start and a repeat of the word before; its lexicon flags and case.
        let fl = flag_at(ii);
        let given = fl & tagger::L_GIVEN != 0;
        let rule_start = hints.iter().any(|h| h.0 == i);
        let again = i > 0 && pcs[i - 1].word == me.word;
        word.push(mix(50, me.word));
        cls.push(
            (((me.case * 2 + u8::from(init)) * 2 + u8::from(given)) * 2 + u8::from(rule_start)) * 2
                + u8::from(again),
        );
        sfx.push(mix(51, combine(u64::from(fl), u64::from(me.case))));
        if !p.is_word(i) {
            ends.push(feats.len() as u32);
            continue;
        }
        let f = &mut feats;
        let (wp, wn, wp2, wn2) = (at(ii - 1), at(ii + 1), at(ii - 2), at(ii + 2));
        let case = u64::from(me.case);
        let mut put = |template: u8, h: u64| f.push(bucket(mix(template, h)));
        put(0, 0);
        put(1, me.word);
        put(2, combine(me.word, case));
        put(3, hash(prefix(w, 2)));
        put(4, hash(prefix(w, 3)));
        put(5, hash(suffix(w, 2)));
        put(6, s3);
        put(7, hash(suffix(w, 4)));
        put(8, me.shape);
        put(9, case * 2 + u64::from(init));
        put(10, wp.word);
        put(11, wn.word);
        put(12, wp2.word);
        put(13, wn2.word);
        put(14, u64::from(wp.case) * 16 + u64::from(wn.case));
        put(15, combine(wp.word, case));
        put(16, combine(wn.word, case));
        put(17, combine(wp.word, me.word));
        put(18, combine(me.word, wn.word));
        put(19, casing * 16 + case);
        put(20, combine(me.word, u64::from(init) + 2 * case));
        put(21, wp.shape);
        put(22, wn.shape);
        put(
            23,
            (u64::from(wp2.case) * 16 + u64::from(wp.case)) * 16 + case,
        );
        put(
            24,
            (case * 16 + u64::from(wn.case)) * 16 + u64::from(wn2.case),
        );
        put(25, w.chars().count().min(12) as u64 + 16 * case);
        // The same word again (a name written twice, a list of names).
        put(
            26,
            u64::from(wp.word == me.word) + 2 * u64::from(wn.word == me.word),
        );
        put(27, (elsewhere(me.word) * 16 + case) * 2 + u64::from(init));
        tagger::flag_window(ii, &flag_at, &mut put);
        let mut rest = fl;
        while rest != 0 {
            let bit = u64::from(rest.trailing_zeros());
            put(35, bit * 32 + case * 2 + u64::from(init));
            put(
                36,
                bit * 16 + casing * 4 + u64::from(is_upper_class(me.case)),
            );
            rest &= rest - 1;
        }
        put(37, combine(u64::from(fl), u64::from(flag_at(ii - 1))));
        put(38, run_of[i] * 2 + u64::from(init));
        put(39, combine(run_of[i], wn.word));
        ends.push(feats.len() as u32);
    }
    Encoded {
        spans: p.tokens.iter().map(|t| (t.start, t.end)).collect(),
        feats,
        ends,
        word,
        cls,
        sfx,
        mask: MASK,
    }
}

/// Encodes a text given as one paragraph (the training program's way in), with the rules'
/// names as hints, as extraction gives them.
pub fn encode(text: &str) -> Encoded {
    let p = Para::new(text);
    let blocks = super::paragraph_blocks(&p);
    encode_para(&p, &super::entity::rule_spans(&p, &blocks))
}

static WEIGHTS: &[u8] = include_bytes!("data/tagger_en.bin");

/// The English model: `AKHBAR_TAGGER_EN_WEIGHTS`'s file if set, else the compiled-in
/// weights. Loaded once.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| tagger::load("AKHBAR_TAGGER_EN_WEIGHTS", WEIGHTS))
        .as_ref()
}

/// Is the paragraph mostly Latin-script words? Those are tagged by the English model.
pub(crate) fn is_latin_para(p: &Para) -> bool {
    let (latin, other) = tagger::script_words(p, |c| {
        c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
    });
    latin > 0 && latin > other
}

/// Token spans of the names the English model finds in a Latin-script paragraph; `None`
/// for other text or without a model.
pub(crate) fn tag_para(
    p: &Para,
    hints: &[(usize, usize, Kind)],
) -> Option<Vec<(usize, usize, Kind)>> {
    let m = model()?;
    if !is_latin_para(p) {
        return None;
    }
    let enc = encode_para(p, hints);
    let mut tags = m.tags(&enc);
    tagger::consistent(&enc, &mut tags);
    let mut spans = join_glued(p, split_people(p, tagger::spans_of(&tags)));
    spans = whole_rule_names(spans, hints);
    spans.retain(|&(a, b, _)| !in_address(p, a, b));
    trim_not_names(p, &mut spans);
    Some(company_suffix(p, spans))
}

/// A name does not end in a word that is no name by itself (Phillip Attendees, Dan I, Sean
/// Here): such words are cut off its end.
fn trim_not_names(p: &Para, spans: &mut [(usize, usize, Kind)]) {
    let nm = names();
    for s in spans {
        while s.1 > s.0 + 1 && nm.en_not_name.contains(p.f(s.1 - 1)) {
            s.1 -= 1;
        }
    }
}

/// A name followed by a comma and a company suffix (`Google, Inc.`, `CCNG, Ltd`) is an
/// organization up to the suffix and its period; a name found in the suffix goes.
fn company_suffix(p: &Para, spans: Vec<(usize, usize, Kind)>) -> Vec<(usize, usize, Kind)> {
    let suffix = |k: usize| {
        matches!(p.f(k), "inc" | "corp" | "ltd" | "llc" | "plc" | "co")
            && p.tokens.get(k).is_some_and(|t| t.upper)
    };
    let mut out: Vec<(usize, usize, Kind)> = Vec::with_capacity(spans.len());
    for mut s in spans {
        if out.last().is_some_and(|last| s.0 < last.1) {
            continue;
        }
        if p.f(s.1) == "," && suffix(s.1 + 1) {
            s.1 += 2;
            s.2 = Kind::Organization;
            if p.f(s.1) == "." && p.glued(s.1) {
                s.1 += 1;
            }
        }
        out.push(s);
    }
    out
}

/// A name of two words or more that the rules found (a listed name, an organization from its
/// head) where the tagger found only pieces of it, none reaching outside it, replaces them
/// (Gulf of Mexico, not Gulf and Mexico). Not for people: the rules' runs of capitalized
/// words after a given name are less sure than the tagger (CV token F1 0.639 with places
/// and organizations only, 0.605 with people too, 0.635 without).
fn whole_rule_names(
    spans: Vec<(usize, usize, Kind)>,
    hints: &[(usize, usize, Kind)],
) -> Vec<(usize, usize, Kind)> {
    let mut out = spans;
    for &(a, b, kind) in hints {
        if b < a + 2 || kind == Kind::Person {
            continue;
        }
        let inside = |s: &(usize, usize, Kind)| s.0 < b && a < s.1;
        let pieces: Vec<&(usize, usize, Kind)> = out.iter().filter(|s| inside(s)).collect();
        let within = pieces.iter().all(|s| a <= s.0 && s.1 <= b);
        if pieces.is_empty() || !within || pieces.len() == 1 && *pieces[0] == (a, b, kind) {
            continue;
        }
        out.retain(|s| !inside(s));
        out.push((a, b, kind));
        out.sort_unstable_by_key(|s| s.0);
    }
    out
}

/// Is tokens `a..b`'s run of glued tokens a mail or web address or a file name
/// (`anna.berg@example.com`, `www.example.org`, `cv_anna.doc`)? Names there are not tagged.
fn in_address(p: &Para, a: usize, b: usize) -> bool {
    let mut s = a;
    while s > 0 && p.glued(s) {
        s -= 1;
    }
    let mut e = b;
    while e < p.len() && p.glued(e) {
        e += 1;
    }
    let dot_before = |k: usize| k > s && p.f(k - 1) == ".";
    (s..e).any(|k| {
        matches!(p.f(k), "@" | "_" | "http" | "https")
            || p.f(k) == "www" && p.f(k + 1) == "."
            || dot_before(k)
                && matches!(
                    p.f(k),
                    "com" | "org" | "net" | "doc" | "pdf" | "xls" | "htm" | "html"
                )
    })
}

/// People written one after another are split (the tagger runs them together): at a word
/// written twice in a row (Anna Anna), and at a given name after two words (Ann Lee Bob Ray).
fn split_people(p: &Para, spans: Vec<(usize, usize, Kind)>) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::with_capacity(spans.len());
    for (a, b, kind) in spans {
        let mut start = a;
        if kind == Kind::Person {
            for k in a + 1..b {
                let again = p.f(k) == p.f(k - 1);
                if again || k >= start + 2 && given_at(p, k).is_some() {
                    out.push((start, k, kind));
                    start = k;
                }
            }
        }
        out.push((start, b, kind));
    }
    out
}

/// Names of one kind split only by glued punctuation (`U.S`, `AT&T`, `Wal-Mart`) are one:
/// punctuation is always tagged O. So is a person's name split by an initial's period
/// (`Anna K. Berg`).
fn join_glued(p: &Para, spans: Vec<(usize, usize, Kind)>) -> Vec<(usize, usize, Kind)> {
    let mut out: Vec<(usize, usize, Kind)> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut() {
            let glued = (last.1..=s.0).all(|k| p.glued(k)) && (last.1..s.0).all(|k| !p.is_word(k));
            let initial = last.2 == Kind::Person
                && s.0 == last.1 + 1
                && p.f(last.1) == "."
                && p.glued(last.1)
                && p.tokens
                    .get(last.1 - 1)
                    .is_some_and(|t| t.upper && t.end == t.start + 1);
            if last.2 == s.2 && s.0 > last.1 && s.0 <= last.1 + 2 && (glued || initial) {
                last.1 = s.1;
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Tags a text given as one paragraph: `(start char, end char, kind)` of each name.
pub fn tag_text(text: &str) -> Vec<(usize, usize, Kind)> {
    tagger::tag_text_with(text, tag_para)
}

#[cfg(test)]
#[path = "tagger_en_tests.rs"]
mod tests;
