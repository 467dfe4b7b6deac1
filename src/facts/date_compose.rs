//! Rules that join dates found side by side into one expression, the way a reader takes them:
//! a weekday and the date it names (الخميس الموافق 14 شباط, Thursday, February 14), two dates
//! as a range (من 28 فبراير إلى 3 مارس, from March 3 to March 5, بين عامي 2010 و2012), and a
//! date moved by a count (قبل عيد الفطر بيومين, two days after Christmas). Each rule sees only
//! the values of the pieces and the words between them, so it composes with every piece the
//! grammar knows; the joined expression replaces its pieces (one span per expression).

use super::calendar::{add_months, days_in_month, ymd};
use super::date::Found;
use super::date_words::{cal, dir_at, is, lookup, unit_at, weekday_at, year_digits, Unit};
use super::number;
use super::token::Para;
use chrono::{Datelike, Duration, NaiveDate};

/// How fine a date value is: what the joined value is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Grain {
    Day,
    Month,
    Year,
}

/// A date value as first and last day (inclusive) and its grain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    a: NaiveDate,
    b: NaiveDate,
    grain: Grain,
}

fn parse_one(v: &str) -> Option<Span> {
    let parts: Vec<&str> = v.split('-').collect();
    let n = |i: usize| parts.get(i).and_then(|s| s.parse::<i64>().ok());
    let y = i32::try_from(n(0)?).ok()?;
    match parts.len() {
        1 => Some(Span {
            a: ymd(y, 1, 1)?,
            b: ymd(y, 12, 31)?,
            grain: Grain::Year,
        }),
        2 => {
            let m = u32::try_from(n(1)?).ok()?;
            Some(Span {
                a: ymd(y, m, 1)?,
                b: ymd(y, m, days_in_month(y, m))?,
                grain: Grain::Month,
            })
        }
        3 => {
            let d = ymd(y, u32::try_from(n(1)?).ok()?, u32::try_from(n(2)?).ok()?)?;
            Some(Span {
                a: d,
                b: d,
                grain: Grain::Day,
            })
        }
        _ => None,
    }
}

/// Reads a value as [`super::date`] writes it: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `A/B`.
fn parse(v: &str) -> Option<Span> {
    match v.split_once('/') {
        Some((x, y)) => {
            let (x, y) = (parse_one(x)?, parse_one(y)?);
            Some(Span {
                a: x.a,
                b: y.b,
                grain: x.grain.min(y.grain),
            })
        }
        None => parse_one(v),
    }
}

fn write(s: Span) -> String {
    let one = |d: NaiveDate, g: Grain| match g {
        Grain::Day => d.format("%Y-%m-%d").to_string(),
        Grain::Month => d.format("%Y-%m").to_string(),
        Grain::Year => format!("{:04}", d.year()),
    };
    let (x, y) = (one(s.a, s.grain), one(s.b, s.grain));
    if x == y {
        x
    } else {
        format!("{x}/{y}")
    }
}

/// Joins neighbouring dates of one paragraph (left to right, each join may join again).
pub fn compose(p: &Para, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for next in found {
        let mut cur = next;
        while let Some(prev) = out.last() {
            match join(p, prev, &cur) {
                Some(j) => {
                    cur = j;
                    out.pop();
                }
                None => break,
            }
        }
        out.push(cur);
    }
    let mut out: Vec<Found> = out.into_iter().map(|f| shifted(p, f)).collect();
    bare_year_ranges(p, &mut out);
    super::date_time::attach(p, &mut out);
    out
}

fn join(p: &Para, l: &Found, r: &Found) -> Option<Found> {
    weekday_and_date(p, l, r)
        .or_else(|| year_owns(p, l, r))
        .or_else(|| range(p, l, r))
        .or_else(|| day_next_to(p, l, r))
}

/// next year's March, last year's October 3: a relative year with the possessive and a month
/// (or a month and day) right after it that states no year: that month in that year.
fn year_owns(p: &Para, l: &Found, r: &Found) -> Option<Found> {
    if r.a != l.b || p.f(l.b - 1) != "year's" || (r.a..r.b).any(|k| year_digits(p, k).is_some()) {
        return None;
    }
    let y = l.value.as_deref().filter(|v| v.len() == 4)?;
    let v = r.value.as_deref()?;
    // YYYY-MM or YYYY-MM-DD, one month or day.
    if !(v.len() == 7 || v.len() == 10) || v.contains('/') {
        return None;
    }
    let mut value = format!("{y}{}", &v[4..]);
    if value.len() == 10 && NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_err() {
        value = v.to_string();
    }
    Some(Found {
        a: l.a,
        b: r.b,
        value: Some(value),
    })
}

/// اليوم التالي لعيد الميلاد, اليوم السابق للانتخابات ... : "the day after / before" and a
/// date with the ل of "to" on it: that date moved by one day (read alone, «اليوم التالي» is
/// the day after the article's).
fn day_next_to(p: &Para, l: &Found, r: &Found) -> Option<Found> {
    if l.b != l.a + 2 || r.a != l.b || !is(p, l.a, &["اليوم", "يوم"]) {
        return None;
    }
    let sign = if is(p, l.a + 1, &["التالي"]) {
        1
    } else if is(p, l.a + 1, &["السابق"]) {
        -1
    } else {
        return None;
    };
    if !p.f(r.a).starts_with('ل') || !p.splits(r.a).any(|(cut, _)| cut > 0) {
        return None;
    }
    let d = parse(r.value.as_deref()?)?;
    let day = if sign > 0 {
        d.b + Duration::days(1)
    } else {
        d.a - Duration::days(1)
    };
    Some(Found {
        a: l.a,
        b: r.b,
        value: Some(day.format("%Y-%m-%d").to_string()),
    })
}

/// Words that tie a weekday (or a date) to the date it names.
const SAME_DAY: [&str; 6] = [",", "،", "الموافق", "الموافقه", "-", "الموافق ل"];

/// Is `a..b` a weekday alone (يوم الخميس, Thursday, on Thursday)?
fn weekday_only(p: &Para, a: usize, b: usize) -> bool {
    let j = if is(p, a, &["يوم", "on"]) {
        a + 1
    } else {
        a
    };
    weekday_at(p, j).is_some_and(|(e, _)| e == b)
}

/// Is `a..b` a weekday with its direction (الأحد المقبل, next Sunday)? Before the date it
/// names, the date says which one.
fn weekday_with_direction(p: &Para, a: usize, b: usize) -> bool {
    let j = if is(p, a, &["يوم", "on"]) {
        a + 1
    } else {
        a
    };
    let after = weekday_at(p, j)
        .and_then(|(e, _)| dir_at(p, e))
        .map(|(e, _)| e);
    let before = dir_at(p, j)
        .and_then(|(e, _)| weekday_at(p, e))
        .map(|(e, _)| e);
    after.or(before) == Some(b)
}

/// Weekday + [الموافق | ,] + date, and date + الموافق + date (a Hijri date and its Gregorian
/// twin): one expression, with the date's value.
fn weekday_and_date(p: &Para, l: &Found, r: &Found) -> Option<Found> {
    let gap: Vec<&str> = (l.b..r.a).map(|i| p.f(i)).collect();
    let tie = match gap.as_slice() {
        [] => "",
        [w] if SAME_DAY.contains(w) => w,
        [w] if is(p, l.b, &["الموافق", "الموافقه"]) => w,
        ["الموافق" | "الموافقه", "ل"] => "الموافق",
        _ => return None,
    };
    // الاثنين والأربعاء: two weekdays are two days, never one named twice.
    if weekday_only(p, r.a, r.b) || (tie.is_empty() && p.f(r.a).starts_with('و')) {
        return None;
    }
    let muwafiq = tie.starts_with("الموافق") || is(p, l.b, &["الموافق", "الموافقه"]);
    let value = if weekday_only(p, l.a, l.b) || weekday_with_direction(p, l.a, l.b) {
        agree_with_weekday(p, l, r)?
    } else if muwafiq {
        // Two calendars for one day: the Gregorian date the article states wins over the
        // Hijri one (a sighted month may start a day off the Umm al-Qura tables).
        let hijri = |f: &Found| (f.a..f.b).any(|k| lookup(&cal().hijri, p, k).is_some());
        if hijri(l) {
            r.value.clone().or_else(|| l.value.clone())?
        } else {
            l.value.clone().or_else(|| r.value.clone())?
        }
    } else {
        return None;
    };
    parse(&value).filter(|s| s.grain == Grain::Day)?;
    Some(Found {
        a: l.a,
        b: r.b,
        value: Some(value),
    })
}

/// The date a weekday names, in the year next to the one resolved where that day is the
/// weekday said, when the date states no year of its own (on a Monday 2024-08-19, «يوم
/// الأحد، 19 يناير» is 2025-01-19, a Sunday, not 2024-01-19, a Friday).
fn agree_with_weekday(p: &Para, l: &Found, r: &Found) -> Option<String> {
    let j = if is(p, l.a, &["يوم", "on"]) {
        l.a + 1
    } else {
        l.a
    };
    let wd = weekday_at(p, j)
        .or_else(|| dir_at(p, j).and_then(|(e, _)| weekday_at(p, e)))
        .map(|(_, wd)| wd);
    match wd {
        Some(wd) => agree_year(p, r.a, r.b, wd, r.value.clone()),
        None => r.value.clone(),
    }
}

/// A day `v` read at tokens `a..b` after weekday `wd`: when `a..b` states no year and `v`
/// is not that weekday, the same day and month a year on or back that is.
pub(super) fn agree_year(
    p: &Para,
    a: usize,
    b: usize,
    wd: u32,
    v: Option<String>,
) -> Option<String> {
    let v = v?;
    let Ok(d) = NaiveDate::parse_from_str(&v, "%Y-%m-%d") else {
        return Some(v);
    };
    let said = |d: NaiveDate| d.weekday().number_from_monday() == wd;
    if said(d) || (a..b).any(|k| year_digits(p, k).is_some()) {
        return Some(v);
    }
    let other = [1, -1]
        .into_iter()
        .filter_map(|k| NaiveDate::from_ymd_opt(d.year() + k, d.month(), d.day()))
        .find(|x| said(*x));
    Some(other.map_or(v, |x| x.format("%Y-%m-%d").to_string()))
}

/// Words between the two ends of a range.
const RANGE_TIES: [&str; 14] = [
    "-",
    "–",
    "—",
    "to",
    "through",
    "thru",
    "till",
    "until",
    "الي",
    "حتي",
    "وحتي",
    "لغايه",
    "ولغايه",
    "والي",
];

/// Words before the first end of a range, part of the expression.
const RANGE_OPENERS: [&str; 5] = ["from", "between", "من", "بين", "ما بين"];

/// D1 (to | - | حتى | إلى) D2, from D1 to D2, between D1 and D2, بين D1 و D2.
fn range(p: &Para, l: &Found, r: &Found) -> Option<Found> {
    // بين شهري مارس ومايو, بين عامي 2010 و2012: the dual of the unit may stand between.
    let dual =
        l.a.checked_sub(1)
            .is_some_and(|d| is(p, d, &["شهري", "عامي", "سنتي", "يومي"]));
    let opener =
        l.a.checked_sub(1 + usize::from(dual))
            .filter(|&o| RANGE_OPENERS.contains(&p.f(o)) || is(p, o, &["من", "بين"]));
    // يومي الأربعاء والخميس: the dual "the two days" opens a pair joined by و on its own.
    let two_days = opener.is_none() && dual && p.f(l.a - 1) == "يومي";
    let opener = if two_days { Some(l.a - 1) } else { opener };
    let between =
        two_days || opener.is_some_and(|o| matches!(p.f(o), "between") || is(p, o, &["بين"]));
    let tie_ok = match r.a.checked_sub(l.b) {
        Some(1) => {
            let w = p.f(l.b);
            RANGE_TIES.contains(&w)
                || is(p, l.b, &["الي", "حتي", "لغايه"])
                || (between && (w == "and" || w == "و"))
        }
        // و glued to the second end: بين 13 و15 is tokenized و|15, but a date of its own
        // starts after و (وحتى is one token, handled above).
        // ومايو after بين شهري مارس: the و is the second end's own first letter.
        Some(0) => {
            between
                && p.tokens.get(r.a).is_some_and(|t| !t.space_before) | p.f(r.a).starts_with('و')
        }
        _ => false,
    };
    if !tie_ok {
        return None;
    }
    let (mut x, mut y) = (parse(l.value.as_deref()?)?, parse(r.value.as_deref()?)?);
    // from Monday to Wednesday, من الاثنين إلى الأربعاء: the second weekday is the first one
    // on or after the first.
    if weekday_only(p, r.a, r.b) && y.a < x.a {
        let weeks = (x.a - y.a).num_days().div_euclid(7) + 1;
        y.a += Duration::weeks(weeks);
        y.b = y.a;
    }
    // "March 3 to March 5, 2014": the first end takes the year the second one states.
    let stated = (l.a..l.b).any(|i| year_digits(p, i).is_some());
    // من يناير إلى مارس 2026: months take the stated year the same way.
    if x.grain == Grain::Month && y.grain == Grain::Month && !stated && x.a.year() != y.a.year() {
        let year = if x.a.month() > y.a.month() {
            y.a.year() - 1
        } else {
            y.a.year()
        };
        let a = ymd(year, x.a.month(), 1)?;
        x = Span {
            a,
            b: ymd(year, x.a.month(), days_in_month(year, x.a.month()))?,
            grain: Grain::Month,
        };
    }
    if x.grain == Grain::Day && y.grain == Grain::Day && !stated && x.a.year() != y.a.year() {
        let moved = ymd(y.a.year(), x.a.month(), x.a.day())?;
        // December 28 to January 3, 2014 starts in the year before.
        let moved = if moved > y.a && x.a.month() > y.a.month() {
            ymd(y.a.year() - 1, x.a.month(), x.a.day())?
        } else {
            moved
        };
        x = Span {
            a: moved,
            b: moved,
            grain: Grain::Day,
        };
    }
    if x.a > y.b {
        return None;
    }
    Some(Found {
        a: opener.unwrap_or(l.a),
        b: r.b,
        value: Some(write(Span {
            a: x.a,
            b: y.b,
            grain: x.grain.min(y.grain),
        })),
    })
}

/// بين عامي 2010 و2012, from 2010 to 2012 when only the first year was a date: the second is a
/// bare year right after the tie.
fn bare_year_ranges(p: &Para, out: &mut [Found]) {
    for f in out.iter_mut() {
        let Some(x) = f.value.as_deref().and_then(parse) else {
            continue;
        };
        if x.grain != Grain::Year || x.a.year() != x.b.year() {
            continue;
        }
        let k = if p.f(f.b) == "و" || p.f(f.b) == "and" || RANGE_TIES.contains(&p.f(f.b)) {
            f.b + 1
        } else {
            continue;
        };
        let opened =
            f.a.checked_sub(1)
                .is_some_and(|o| RANGE_OPENERS.contains(&p.f(o)) || is(p, o, &["من", "بين"]))
                || is(p, f.a, &["عامي", "سنتي"]);
        let Some(y2) = year_digits(p, k) else {
            continue;
        };
        if !opened || y2 <= x.a.year() {
            continue;
        }
        f.value = Some(format!("{:04}/{y2:04}", x.a.year()));
        if f.a > 0 && (RANGE_OPENERS.contains(&p.f(f.a - 1)) || is(p, f.a - 1, &["من", "بين"]))
        {
            f.a -= 1;
        }
        f.b = k + 1;
    }
}

/// A count and its unit at `i` (two days, a week, 3 weeks, يومين, ثلاثة أيام), and its end.
fn count_unit(p: &Para, i: usize) -> Option<(usize, i64, Unit)> {
    if let Some((e, u)) = unit_at(p, i) {
        // the day after, a day before; a bare unit counts one.
        return Some((e, 1, u));
    }
    let (j, n) = match p.f(i) {
        "a" | "an" | "one" | "the" => (i + 1, 1),
        _ => {
            let n = number::at(p, i)?;
            (n.b, n.value.as_int()?)
        }
    };
    let (e, u) = unit_at(p, j)?;
    Some((e, n, u))
}

/// Arabic ب + count and unit after the date (بيومين, بثلاثة أيام, بأسبوع).
pub(super) fn by_count(p: &Para, i: usize) -> Option<(usize, i64, Unit)> {
    let rest = p.splits(i).find(|(cut, _)| *cut == 1).map(|(_, r)| r)?;
    if !p.f(i).starts_with('ب') {
        return None;
    }
    if let Some(noun) = number::dual(rest) {
        let (_, u) = unit_at(&Para::new(noun), 0)?;
        return Some((i + 1, 2, u));
    }
    let q = Para::new(rest);
    if let Some((_, u)) = unit_at(&q, 0).filter(|(e, _)| *e == 1) {
        return Some((i + 1, 1, u));
    }
    let n = number::at(&q, 0).filter(|n| n.b == q.len())?;
    let (e, u) = unit_at(p, i + 1)?;
    Some((e, n.value.as_int()?, u))
}

fn move_by(d: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    if n.abs() > 10_000 {
        return None;
    }
    match unit {
        Unit::Day => d.checked_add_signed(Duration::try_days(n)?),
        Unit::Week => d.checked_add_signed(Duration::try_weeks(n)?),
        Unit::Month | Unit::Quarter | Unit::Year => {
            let months = match unit {
                Unit::Month => n,
                Unit::Quarter => 3 * n,
                _ => 12 * n,
            };
            let (y, m) = add_months(d.year(), d.month(), i32::try_from(months).ok()?);
            ymd(y, m, d.day().min(days_in_month(y, m)))
        }
    }
}

/// A date moved by a count: "two days after Christmas", "the day before Easter", قبل عيد
/// الفطر بيومين, بعد الانتخابات ... (only dates), بعد ثلاثة أيام من 5 مارس.
fn shifted(p: &Para, f: Found) -> Found {
    let Some(d) = f.value.as_deref().and_then(parse) else {
        return f;
    };
    let shift = |a: usize, b: usize, sign: i64, n: i64, u: Unit| -> Option<Found> {
        let day = move_by(if sign < 0 { d.a } else { d.b }, u, sign * n)?;
        Some(Found {
            a,
            b,
            value: Some(day.format("%Y-%m-%d").to_string()),
        })
    };
    if let Some(before) = f.a.checked_sub(1) {
        // N unit (after | before) D
        // a week from Monday: "from" a date that is not now is after it.
        let sign = match p.f(before) {
            "after" | "from" => 1,
            "before" => -1,
            _ => 0,
        };
        if sign != 0 {
            for s in before.saturating_sub(3)..before {
                if let Some((_, n, u)) = count_unit(p, s).filter(|(e, _, _)| *e == before) {
                    if let Some(hit) = shift(s, f.b, sign, n, u) {
                        return hit;
                    }
                }
            }
        }
        // (قبل | بعد) D ب-count
        let sign = if is(p, before, &["قبل"]) {
            -1
        } else if is(p, before, &["بعد"]) {
            1
        } else {
            0
        };
        if sign != 0 {
            if let Some((e, n, u)) = by_count(p, f.b) {
                if let Some(hit) = shift(before, e, sign, n, u) {
                    return hit;
                }
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::super::calendar::Tense;
    use super::super::date::{find, Ctx};
    use super::*;

    fn dates(text: &str) -> Vec<(String, Option<String>)> {
        let p = Para::new(text);
        let ctx = Ctx {
            reference: "2013-02-12".parse().ok(),
            tense: Tense::Neutral,
            day_first: text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            topic: None,
        };
        find(&p, &ctx)
            .into_iter()
            .map(|f| {
                let (s, e) = (p.tokens[f.a].start, p.tokens[f.b - 1].end);
                (p.slice(s, e), f.value)
            })
            .collect()
    }

    fn one(text: &str, value: &str) {
        assert_eq!(
            dates(text),
            [(text.to_string(), Some(value.to_string()))],
            "{text}"
        );
    }

    #[test]
    fn values_read_back_as_written() {
        for v in [
            "2013-02-12",
            "2013-02",
            "2013",
            "2013-02-11/2013-02-17",
            "2010/2012",
        ] {
            assert_eq!(parse(v).map(write).as_deref(), Some(v));
        }
        assert_eq!(parse("2013-02-30"), None);
        assert_eq!(parse("x"), None);
    }

    #[test]
    fn weekday_and_its_date_are_one_expression() {
        one("يوم الخميس الموافق 14 فبراير 2013", "2013-02-14");
        one("الخميس الموافق 14 شباط", "2013-02-14");
        one("الأحد الموافق 17/2/2013", "2013-02-17");
        one("Thursday, February 14", "2013-02-14");
    }

    #[test]
    fn a_hijri_date_and_its_gregorian_twin_are_one_expression() {
        one("15 رمضان 1434 الموافق 23 يوليو 2013", "2013-07-23");
        // The Gregorian date as stated wins when the two disagree by a sighting.
        one(
            "الخميس 15 رمضان 1434 هـ الموافق 25 يوليو 2013",
            "2013-07-25",
        );
        one("25 يوليو 2013 الموافق 15 رمضان 1434", "2013-07-25");
    }

    #[test]
    fn two_dates_with_a_tie_are_a_range() {
        one("من 28 فبراير إلى 3 مارس", "2013-02-28/2013-03-03");
        one("from March 3 to March 5", "2013-03-03/2013-03-05");
        one("March 3 to March 5, 2014", "2014-03-03/2014-03-05");
        one("between January 2012 and March 2012", "2012-01/2012-03");
        one("بين عامي 2010 و2012", "2010/2012");
        // The first end takes the year the second states, months as days.
        one("من يناير إلى مارس 2026", "2026-01/2026-03");
        one("from November to January 2014", "2013-11/2014-01");
        // The dual of the unit between the opener and the first end.
        one("بين شهري مارس ومايو", "2013-03/2013-05");
        // Not a range: the second date comes before the first.
        assert_eq!(dates("5 مارس إلى 3 مارس 2012").len(), 2);
    }

    #[test]
    fn a_date_moved_by_a_count() {
        one("two days after Christmas", "2013-12-27");
        one("the day before Christmas", "2013-12-24");
        one("a week before Easter", "2013-03-24");
        one("قبل عيد الفطر بيومين", "2013-08-06");
        one("بعد عيد الأضحى بثلاثة أيام", "2013-10-18");
    }

    #[test]
    fn a_weekday_with_its_direction_takes_the_date_stated() {
        one("الأحد المقبل الموافق 17 فبراير", "2013-02-17");
    }

    #[test]
    fn the_day_after_a_date_with_lam() {
        one("اليوم التالي لعيد الميلاد", "2013-12-26");
        one("اليوم السابق لعيد الميلاد", "2013-12-24");
        // Alone it is the day after the article's.
        one("اليوم التالي", "2013-02-13");
    }

    #[test]
    fn a_count_from_a_date() {
        one("a week from Monday", "2013-02-25");
    }

    #[test]
    fn two_weekdays_joined_by_wa_are_two_days() {
        one("بين الاثنين والأربعاء", "2013-02-18/2013-02-20");
        one("يومي الأربعاء والخميس", "2013-02-13/2013-02-14");
        assert_eq!(dates("الاثنين والأربعاء").len(), 2);
    }

    #[test]
    fn a_weekday_picks_the_neighbouring_year_where_the_date_falls_on_it() {
        // 2013-01-19 was a Saturday; the Sunday the 19th of January next to it is in 2014.
        one("يوم الأحد، 19 يناير", "2014-01-19");
        one("Sunday, January 19", "2014-01-19");
        // A date that is that weekday, or states its year, keeps its value.
        one("يوم السبت، 19 يناير", "2013-01-19");
        one("Sunday, January 19, 2013", "2013-01-19");
    }
}
