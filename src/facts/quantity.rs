//! Quantities: a number with its unit or counted noun (1150 كيلومترًا مربعًا, 82 بلدة,
//! ثلاثة عقود, 5.5%, $3 billion, between 3 and 5 kilometers), a dual noun alone (يومين), and
//! a few bare units (a kilogram). The rest of the numbers are plain `number` facts.

use super::date_words::is;
use super::dec::Dec;
use super::lexicon::{sections, word_set, FastSet, PhraseMap};
use super::number::{self, Num};
use super::token::{Class, Para};
use std::sync::OnceLock;

/// A quantity at tokens `a..b` with its amount.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub a: usize,
    pub b: usize,
    pub value: Option<Dec>,
}

struct Units {
    unit: PhraseMap<String>,
    prefix: PhraseMap<String>,
    bare: PhraseMap<String>,
    compare: PhraseMap<String>,
    after: FastSet<String>,
    particles: FastSet<String>,
}

fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(|| {
        let s = sections(include_str!("data/units.txt"));
        let map = |name: &str| {
            let mut m = PhraseMap::default();
            for (k, v) in s.get(name).into_iter().flatten() {
                m.insert(k, v.clone());
            }
            m
        };
        let cues = sections(include_str!("data/cues.txt"));
        Units {
            unit: map("unit"),
            prefix: map("prefix"),
            bare: map("bare"),
            compare: map("compare"),
            after: word_set(s.get("after")),
            particles: word_set(cues.get("particle")),
        }
    })
}

/// Function words (من, في, the, of ...): never a counted noun.
pub fn is_particle(w: &str) -> bool {
    units().particles.contains(w)
}

fn is_arabic(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| ('\u{0620}'..='\u{064A}').contains(&c))
}

/// The end of a unit or counted noun right after a number ending at `b`.
fn unit_end(p: &Para, b: usize, n: &Num) -> Option<usize> {
    let u = units();
    if let Some((e, _)) = u.unit.longest(p, b, p.f(b)) {
        // A glued single letter is a unit only for measures (9m, 5"), not 100K.
        let mut e = e;
        while u.after.contains(p.f(e)) {
            if p.f(e) == "of" {
                if p.is_word(e + 1) && !is_particle(p.f(e + 1)) {
                    e += 2;
                }
                break;
            }
            e += 1;
        }
        return Some(e);
    }
    let w = p.f(b);
    if p.class(b) != Some(Class::Word) || is_particle(w) {
        return None;
    }
    // Counted Arabic nouns are indefinite: 82 بلدة, ثلاثة عقود, not 2003 الماضي.
    if is_arabic(w) {
        let plain_year = n.plain && n.value.as_int().is_some_and(|v| (1800..2100).contains(&v));
        if w.starts_with("ال") || w.starts_with('و') && w.chars().count() > 3 || plain_year {
            return None;
        }
        if super::date_words::lookup(&super::date_words::cal().months, p, b).is_some() {
            return None;
        }
        if number::at(p, b).is_some() {
            return None;
        }
        return Some(b + 1);
    }
    // English: a plural noun (82 towns, 3 people).
    let lower = p.tokens.get(b).is_some_and(|t| !t.upper);
    if lower
        && (w.ends_with('s') && w.len() > 3 || matches!(w, "people" | "children" | "men" | "women"))
    {
        return Some(b + 1);
    }
    None
}

/// Quantities among `nums`; `taken(a, b)` says a token range is already a date.
pub fn find(p: &Para, nums: &[Num], taken: &dyn Fn(usize, usize) -> bool) -> Vec<Quantity> {
    let u = units();
    let mut out: Vec<Quantity> = Vec::new();
    let mut k = 0;
    while k < nums.len() {
        let n = nums[k];
        k += 1;
        if taken(n.a, n.b) || in_name(p, &n) {
            continue;
        }
        let mut a = n.a;
        let mut b = n.b;
        // A range: 3-5 km, between 3 and 5 km, from 3km to 5km.
        if let Some(next) = nums.get(k) {
            let sep = p.f(b);
            let joined = matches!(sep, "-" | "to" | "and" | "الي" | "و") && next.a == b + 1;
            let unit_between = unit_end(p, b, &n)
                .filter(|&e| matches!(p.f(e), "to" | "-" | "الي" | "and") && next.a == e + 1);
            if joined || unit_between.is_some() {
                if let Some(e) = unit_end(p, next.b, next) {
                    if unit_between.is_some() || u.unit.longest(p, next.b, p.f(next.b)).is_some() {
                        b = e;
                        k += 1;
                    }
                }
            }
        }
        if b == n.b {
            match unit_end(p, b, &n) {
                Some(e) => b = e,
                None => continue,
            }
        }
        // 7 feet and 10 inches, 1 kilometer and 1 mile (measures, not 82 بلدة و1150 كيلومترًا)
        let measured = u.unit.longest(p, n.b, p.f(n.b)).is_some();
        if let Some(next) = nums.get(k).filter(|_| measured) {
            let gap = next.a.saturating_sub(b);
            if gap <= 1 && (gap == 0 || matches!(p.f(b), "and" | "," | "و")) {
                if let Some(e) = unit_end(p, next.b, next)
                    .filter(|_| u.unit.longest(p, next.b, p.f(next.b)).is_some())
                {
                    b = e;
                    k += 1;
                }
            }
        }
        // Bounds before: more than, أكثر من, between, $ sign.
        if a > 0 {
            if let Some((e, _)) = u.prefix.longest(p, a - 1, p.f(a - 1)) {
                if e == a {
                    a -= 1;
                }
            }
        }
        for back in (1..=3).rev() {
            if a >= back {
                if let Some((e, _)) = u.compare.longest(p, a - back, p.f(a - back)) {
                    if e == a {
                        a -= back;
                        break;
                    }
                }
            }
        }
        out.push(Quantity {
            a,
            b,
            value: Some(n.value),
        });
    }
    out.extend(duals_and_bare(p, &out, taken));
    out.sort_by_key(|q| q.a);
    out
}

fn duals_and_bare(
    p: &Para,
    found: &[Quantity],
    taken: &dyn Fn(usize, usize) -> bool,
) -> Vec<Quantity> {
    let u = units();
    let mut out = Vec::new();
    let found_mask = p.mask(found.iter().map(|q| (q.a, q.b)));
    let covered = |i: usize| found_mask.get(i).copied().unwrap_or(false) || taken(i, i + 1);
    let mut i = 0;
    while i < p.len() {
        if covered(i) || p.mark(i) & super::vocab::QUANTITY == 0 {
            i += 1;
            continue;
        }
        if number::dual(p.f(i)).is_some() {
            out.push(Quantity {
                a: i,
                b: i + 1,
                value: Some(Dec::int(2)),
            });
        } else if let Some((e, _)) = u.bare.longest(p, i, p.f(i)) {
            let after_number = i > 0 && number::at(p, i - 1).is_some();
            if !after_number {
                let mut a = i;
                for back in (1..=3).rev() {
                    if a >= back
                        && u.compare
                            .longest(p, a - back, p.f(a - back))
                            .is_some_and(|(e, _)| e == a)
                    {
                        a -= back;
                        break;
                    }
                }
                out.push(Quantity {
                    a,
                    b: e,
                    value: Some(Dec::int(1)),
                });
                i = e;
                continue;
            }
        }
        i += 1;
    }
    let _ = is;
    out
}

/// The first words of the bare quantities (a dozen, عشرات).
pub(super) fn bare_firsts() -> impl Iterator<Item = &'static String> {
    units().bare.firsts()
}

/// A number that is part of a name: COP29, “كوب 29”, Airbus A320.
pub fn in_name(p: &Para, n: &Num) -> bool {
    if n.a == 0 || !n.plain {
        return false;
    }
    let prev = n.a - 1;
    // و1150 is a conjunction and a number; COP29 is a name.
    if p.glued(n.a) && p.is_word(prev) {
        return !matches!(p.f(prev), "و" | "ف" | "ب" | "ل" | "ك" | "بـ" | "لـ");
    }
    let closes = matches!(p.f(n.b), "\"" | ")") && p.glued(n.b);
    p.is_word(prev)
        && !is_particle(p.f(prev))
        && (closes || p.tokens.get(prev).is_some_and(|t| t.upper))
}
