//! The pieces dates are built from: month references (a name in any regional form, شهر + a
//! number, "the previous month"), day references (6, 31st, الرابع, first), years, weekdays and
//! direction words, read from `data/calendar.txt`.

use super::lexicon::{sections, PhraseMap};
use super::number::{self, digit_ordinal, ordinal};
use super::token::Para;
use std::sync::OnceLock;

/// Direction words: next / last / this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Next,
    Last,
    This,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
    Quarter,
}

pub struct Cal {
    pub months: PhraseMap<(u32, bool)>,
    pub hijri: PhraseMap<(u32, bool)>,
    pub weekdays: PhraseMap<(u32, bool)>,
    pub relative: PhraseMap<i64>,
    pub dirs: PhraseMap<Dir>,
    pub units: PhraseMap<Unit>,
}

pub fn cal() -> &'static Cal {
    static C: OnceLock<Cal> = OnceLock::new();
    C.get_or_init(|| {
        let s = sections(include_str!("data/calendar.txt"));
        let entries = |name: &str| s.get(name).cloned().unwrap_or_default();
        let month_map = |name: &str| {
            let mut m = PhraseMap::default();
            for (k, v) in entries(name) {
                let amb = v.ends_with('?');
                if let Ok(n) = v.trim_end_matches('?').parse() {
                    m.insert(&k, (n, amb));
                }
            }
            m
        };
        let mut weekdays = PhraseMap::default();
        for (k, v) in entries("weekday") {
            if let Ok(n) = v.trim_end_matches('?').parse() {
                weekdays.insert(&k, (n, v.ends_with('?')));
            }
        }
        let mut relative = PhraseMap::default();
        for (k, v) in entries("relative") {
            if let Some(n) = v.strip_prefix("day:").and_then(|n| n.parse().ok()) {
                relative.insert(&k, n);
            }
        }
        let mut dirs = PhraseMap::default();
        for (name, d) in [
            ("next", Dir::Next),
            ("last", Dir::Last),
            ("this", Dir::This),
        ] {
            for (k, _) in entries(name) {
                dirs.insert(&k, d);
            }
        }
        let mut units = PhraseMap::default();
        for (k, v) in entries("unit") {
            let u = match v.as_str() {
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => Unit::Quarter,
            };
            units.insert(&k, u);
        }
        Cal {
            months: month_map("month"),
            hijri: month_map("hijri"),
            weekdays,
            relative,
            dirs,
            units,
        }
    })
}

/// A phrase of `map` at token `i`, allowing a proclitic (بايلول, وفبراير) on its first word.
pub fn lookup<'m, V>(map: &'m PhraseMap<V>, p: &Para, i: usize) -> Option<(usize, &'m V)> {
    // Every calendar lexicon's first words are date starters: no mark, no match, except a
    // one-word entry with the English possessive (Tuesday's vote, yesterday's attack, next
    // week's summit).
    if p.mark(i) & super::vocab::DATE == 0 {
        let stem = p.f(i).strip_suffix("'s")?;
        return map.longest(p, i, stem).filter(|(e, _)| *e == i + 1);
    }
    for (_, rest) in p.splits(i) {
        if let Some(hit) = map.longest(p, i, rest) {
            return Some(hit);
        }
    }
    None
}

/// "after next" / "before last" after a unit or weekday: two steps from the reference, not
/// one (the week after next, the year before last, العام قبل الماضي, الخميس بعد المقبل).
pub fn twice_removed(p: &Para, e: usize) -> Option<(usize, i64)> {
    // الأسبوع اللي بعد الجاي, الأسبوع الذي يلي الأسبوع المقبل: a relative pronoun may stand
    // before بعد / قبل, and "that follows" names the unit again with its direction.
    if matches!(p.f(e), "اللي" | "الي" | "الذي" | "التي") {
        if matches!(p.f(e + 1), "يلي" | "تلي") && unit_at(p, e + 2).is_some() {
            let (e2, _) = unit_at(p, e + 2)?;
            return match dir_at(p, e2)? {
                (end, Dir::Next) => Some((end, 2)),
                _ => None,
            };
        }
        return twice_removed(p, e + 1).filter(|_| is(p, e + 1, &["بعد", "قبل"]));
    }
    match (p.f(e), p.f(e + 1)) {
        ("after", "next") => return Some((e + 2, 2)),
        ("before", "last") => return Some((e + 2, -2)),
        _ => {}
    }
    let sign = if is(p, e, &["بعد"]) {
        Dir::Next
    } else if is(p, e, &["قبل"]) {
        Dir::Last
    } else {
        return None;
    };
    let (end, d) = dir_at(p, e + 1)?;
    (d == sign).then_some((end, if d == Dir::Next { 2 } else { -2 }))
}

pub fn dir_at(p: &Para, i: usize) -> Option<(usize, Dir)> {
    lookup(&cal().dirs, p, i).map(|(e, d)| (e, *d))
}

pub fn unit_at(p: &Para, i: usize) -> Option<(usize, Unit)> {
    lookup(&cal().units, p, i).map(|(e, u)| (e, *u))
}

/// A weekday name at `i`. An ambiguous one (أحد, sun) needs يوم before it or a direction or
/// week word after it.
pub fn weekday_at(p: &Para, i: usize) -> Option<(usize, u32)> {
    let (e, &(wd, amb)) = lookup(&cal().weekdays, p, i)?;
    if amb {
        let before = i > 0 && is(p, i - 1, &["يوم"]);
        let after = dir_at(p, e).is_some() || is(p, e, &["الاسبوع", "من"]);
        let upper = p.tokens.get(i).is_some_and(|t| t.upper) && p.f(i).is_ascii();
        if !(before || after || upper && p.f(i) != "sun") {
            return None;
        }
    }
    Some((e, wd))
}

/// Is token `i` one of `words` (after splitting off a proclitic)?
pub fn is(p: &Para, i: usize, words: &[&str]) -> bool {
    p.splits(i).any(|(_, r)| words.contains(&r))
}

/// A reference to a month, maybe with its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthRef {
    pub end: usize,
    pub month: MonthIs,
    pub year: Option<YearIs>,
    /// A direction word after it (نوفمبر المقبل, March next year is in `year`).
    pub dir: Option<Dir>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthIs {
    Gregorian(u32),
    Hijri(u32),
    /// "the previous month", الشهر المقبل: months from the reference.
    Relative(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearIs {
    Exact(i32),
    Hijri(i32),
    Relative(i32),
}

const MONTH_CUES: [&str; 3] = ["شهر", "الشهر", "month"];

/// A month reference at `i`: a month name, شهر + number (شهر عشرة, شهر 3), الشهر + ordinal
/// (الشهر التاسع), "the month of X", or a relative month (last month, الشهر الماضي).
pub fn month_at(p: &Para, i: usize) -> Option<MonthRef> {
    month_at_with(p, i, false)
}

/// [`month_at`]; `with_day` says a day number is attached, which is enough to make an
/// ambiguous name (march, may) a month.
pub fn month_at_with(p: &Para, i: usize, with_day: bool) -> Option<MonthRef> {
    let mut j = i;
    if p.f(j) == "the" && p.f(j + 1) == "month" {
        j += 1;
    }
    let cue = is(p, j, &MONTH_CUES);
    if cue {
        j += 1;
        if p.f(j) == "of" {
            j += 1;
        }
    }
    // "last month", "the previous month", "next month".
    if let Some((e, d)) = dir_at(p, i) {
        if let Some((e2, Unit::Month)) = unit_at(p, e) {
            return Some(finish(p, e2, MonthIs::Relative(offset(d)), false));
        }
    }
    if let Some((e, Unit::Month)) = unit_at(p, i) {
        if let Some((e2, d)) = dir_at(p, e) {
            return Some(finish(p, e2, MonthIs::Relative(offset(d)), false));
        }
    }
    if let Some((e, &(m, amb))) = lookup(&cal().months, p, j) {
        let e = month_tail(p, j, e, m);
        let r = finish(p, e, MonthIs::Gregorian(m), true);
        // An ambiguous name (آب, may) needs a cue, a year, or a capital letter.
        let upper = p.tokens.get(j).is_some_and(|t| t.upper);
        if amb && !cue && !with_day && r.year.is_none() && !(upper && p.f(j).is_ascii()) {
            return None;
        }
        return Some(r);
    }
    if let Some((e, &(m, amb))) = lookup(&cal().hijri, p, j) {
        let r = finish(p, e, MonthIs::Hijri(m), true);
        if amb && !cue && r.year.is_none() {
            return None;
        }
        return Some(r);
    }
    if cue {
        // شهر 3, شهر عشرة, الشهر التاسع
        if let Some((e, n)) = ordinal(p, j) {
            if (1..=12).contains(&n) {
                return Some(finish(p, e, MonthIs::Gregorian(n), true));
            }
        }
        if let Some(n) = number::at(p, j) {
            if let Some(v) = n.value.as_int().filter(|v| (1..=12).contains(v)) {
                return Some(finish(p, n.b, MonthIs::Gregorian(v as u32), true));
            }
        }
    }
    None
}

/// What may follow a month name and still be it: the period of an abbreviation (Mar., Sept.),
/// and the same month in another naming system (شباط/فبراير, تموز (يوليو)), as Levantine and
/// Iraqi papers write both.
fn month_tail(p: &Para, start: usize, e: usize, m: u32) -> usize {
    if p.f(e) == "."
        && p.glued(e)
        && e == start + 1
        && p.f(start).len() <= 4
        && p.f(start).is_ascii()
        // May, June and July are whole names: their period ends a sentence.
        && !matches!(p.f(start), "may" | "june" | "july")
    {
        return e + 1;
    }
    let (open, close) = match p.f(e) {
        "/" | "-" => (e + 1, None),
        "(" => (e + 1, Some(")")),
        _ => return e,
    };
    match lookup(&cal().months, p, open) {
        Some((e2, &(m2, _))) if m2 == m => match close {
            Some(c) if p.f(e2) == c => e2 + 1,
            Some(_) => e,
            None => e2,
        },
        _ => e,
    }
}

fn offset(d: Dir) -> i32 {
    match d {
        Dir::Next => 1,
        Dir::Last => -1,
        Dir::This => 0,
    }
}

fn finish(p: &Para, e: usize, month: MonthIs, with_year: bool) -> MonthRef {
    let mut r = MonthRef {
        end: e,
        month,
        year: None,
        dir: None,
    };
    if with_year {
        if let Some((e2, y)) = year_after(p, e) {
            r.end = e2;
            r.year = Some(y);
            return r;
        }
        if let Some((e2, d)) = dir_at(p, e) {
            // "نوفمبر المقبل", but not "March last week".
            if unit_at(p, e2).is_none() {
                r.end = e2;
                r.dir = Some(d);
            }
        }
    }
    r
}

/// A year after a month or day: `2018`, `, 2013`, `من عام 2014`, `لعام 2014`, `1445 هـ`,
/// `السنة القادمة`, `next year`, `74` after a numeric date is handled by the numeric forms.
pub fn year_after(p: &Para, e: usize) -> Option<(usize, YearIs)> {
    let mut j = e;
    if matches!(p.f(j), "," | "،" | "of" | "in") {
        j += 1;
    }
    if is(p, j, &["من", "في"]) && p.f(j).chars().count() <= 2 {
        j += 1;
    }
    let cue = is(p, j, &["عام", "العام", "سنه", "السنه", "year"]);
    if cue {
        j += 1;
    }
    // April '14: two digits after an apostrophe, in the century a numeric date gives them.
    if matches!(p.f(j), "'" | "’")
        && p.is_digits(j + 1)
        && p.f(j + 1).len() == 2
        && p.glued(j + 1)
        && !p.glued(j + 2)
    {
        let yy: i32 = p.f(j + 1).parse().ok()?;
        return Some((
            j + 2,
            YearIs::Exact(if yy >= 50 { 1900 + yy } else { 2000 + yy }),
        ));
    }
    if let Some(y) = year_digits(p, j) {
        let mut end = j + 1;
        if is(p, end, &["هـ", "ه", "هجري", "هجريه"]) {
            end += 1;
            return Some((end, YearIs::Hijri(y)));
        }
        return Some((end, YearIs::Exact(y)));
    }
    if cue {
        if let Some((e2, d)) = dir_at(p, j) {
            return Some((e2, YearIs::Relative(offset(d))));
        }
    }
    // ", next year", "of next year" (March of next year)
    let k = if matches!(p.f(e), "," | "،" | "of") {
        e + 1
    } else {
        e
    };
    if let Some((e2, d)) = dir_at(p, k) {
        if let Some((e3, Unit::Year)) = unit_at(p, e2) {
            return Some((e3, YearIs::Relative(offset(d))));
        }
    }
    if let Some((e2, Unit::Year)) = unit_at(p, k) {
        if let Some((e3, d)) = dir_at(p, e2) {
            return Some((e3, YearIs::Relative(offset(d))));
        }
    }
    None
}

/// A plain four-digit year (1000-2999) at token `i`, not part of a longer number.
pub fn year_digits(p: &Para, i: usize) -> Option<i32> {
    if !p.is_digits(i) || p.f(i).len() != 4 {
        return None;
    }
    if matches!(p.f(i + 1), "," | "." | "\u{066B}" | "\u{066C}")
        && p.glued(i + 1)
        && p.is_digits(i + 2)
        && p.glued(i + 2)
    {
        return None;
    }
    p.f(i).parse().ok().filter(|y| (1000..3000).contains(y))
}

/// A day of the month at `i`: `6`, `31st`, `الرابع`, `first`, `اول`; with an optional
/// "the", اليوم or يوم before it. Returns (end, day).
pub fn day_at(p: &Para, i: usize) -> Option<(usize, u32)> {
    let mut j = i;
    if p.f(j) == "the" || (is(p, j, &["اليوم", "يوم"]) && !p.f(j + 1).is_empty()) {
        j += 1;
    }
    // أول أيام رمضان, أول يوم من مايو: اول is the first only before its noun.
    let first = is(p, j, &["اول"]) && is(p, j + 1, &["يوم", "ايام"]);
    let (e, d) = if first {
        (j + 1, 1)
    } else if let Some(hit) = digit_ordinal(p, j) {
        hit
    } else if p.is_digits(j)
        && p.f(j).len() <= 2
        // 3.5, 3,5, 3/4, 3:30 are not days; "March 3, 2015" is.
        && !(p.glued(j + 1)
            && matches!(p.f(j + 1), "." | "," | "/" | ":" | "٫" | "٬")
            && p.glued(j + 2)
            && p.is_digits(j + 2))
    {
        (j + 1, p.f(j).parse().ok()?)
    } else if let Some(hit) = ordinal(p, j) {
        hit
    } else {
        contracted_ordinal(p, j)?
    };
    if !(1..=31).contains(&d) {
        return None;
    }
    // ثالث يوم من شهر عشرة, the first day of next month: the ordinal, then its noun.
    // ثاني أيام رمضان: an ordinal and "of the days".
    let e = if (is(p, e, &["يوم"])
        || (is(p, e, &["ايام"]) && !p.is_digits(j))
        || (p.f(e) == "day" && p.f(e + 1) == "of"))
        && !p.is_digits(j)
    {
        e + 1
    } else {
        e
    };
    Some((e, d))
}

/// An ordinal after ل, which takes the ال's alif with it (للسابع = ل + السابع, as in الموافق
/// للسابع من مارس): the ordinal read with its ال restored.
fn contracted_ordinal(p: &Para, j: usize) -> Option<(usize, u32)> {
    let rest = p.f(j).strip_prefix("لل")?;
    let word = format!("ال{rest}");
    let q = Para::new(&word);
    let (e, n) = ordinal(&q, 0)?;
    (e == 1).then_some((j + 1, n))
}

#[cfg(test)]
mod tests {
    use super::{day_at, year_after, YearIs};
    use crate::facts::token::Para;

    #[test]
    fn a_year_after_an_apostrophe() {
        assert_eq!(
            year_after(&Para::new("'14"), 0),
            Some((2, YearIs::Exact(2014)))
        );
        assert_eq!(
            year_after(&Para::new("'98"), 0),
            Some((2, YearIs::Exact(1998)))
        );
        // The apostrophe of a possessive or a longer number is not one.
        assert_eq!(year_after(&Para::new("'145"), 0), None);
    }

    #[test]
    fn a_day_ordinal_after_the_contracted_lam() {
        assert_eq!(day_at(&Para::new("للسابع من"), 0), Some((1, 7)));
        assert_eq!(day_at(&Para::new("السابع من"), 0), Some((1, 7)));
        // لل before a word that is no ordinal is nothing.
        assert_eq!(day_at(&Para::new("للسلام"), 0), None);
    }
}
