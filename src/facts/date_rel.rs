//! Dates relative to the reference: this/next/last week, month, year or quarter; "three
//! weeks ago", قبل أسبوع; "next 3 days"; weekdays with their qualifiers and the nth weekday of a
//! month; the week of a date; holidays.

use super::calendar::{add_months, Tense};
use super::date::{
    day, in_week_of, month, nth_wd, range, range_sep, resolve_month, week_of, week_range,
    weekday_fns, Ctx, Hit,
};
use super::date_words::{
    day_at, dir_at, is, lookup, month_at, unit_at, weekday_at, year_after, year_digits, Dir,
    MonthIs, Unit, YearIs,
};
use super::holiday;
use super::number;
use super::token::Para;
use chrono::{Datelike, Duration, NaiveDate};

fn shift_by(r: NaiveDate, unit: Unit, k: i64) -> Option<String> {
    Some(match unit {
        Unit::Day => day(r + Duration::days(k)),
        Unit::Week => week_range(week_of(r) + Duration::weeks(k)),
        Unit::Month => {
            let (y, m) = add_months(r.year(), r.month(), k as i32);
            month(y, m)
        }
        Unit::Year => format!("{:04}", r.year() + k as i32),
        Unit::Quarter => {
            let q0 = (r.month() as i32 - 1) / 3 + k as i32;
            let (y, m) = add_months(r.year(), 1, q0 * 3);
            let (y2, m2) = add_months(y, m, 2);
            format!("{}/{}", month(y, m), month(y2, m2))
        }
    })
}

fn k_of(d: Dir) -> i64 {
    match d {
        Dir::Next => 1,
        Dir::Last => -1,
        Dir::This => 0,
    }
}

/// A count before a unit: digits, number words, "a", or nothing (قبل أسبوع).
fn count_at(p: &Para, i: usize) -> Option<(usize, i64)> {
    // a couple of days, a few weeks
    let a = usize::from(p.f(i) == "a");
    if p.f(i + a) == "couple" && p.f(i + a + 1) == "of" {
        return Some((i + a + 2, 2));
    }
    if a == 1 && p.f(i + 1) == "few" {
        return Some((i + 2, 3));
    }
    if matches!(p.f(i), "a" | "an" | "one") {
        return Some((i + 1, 1));
    }
    if p.f(i) == "few" {
        return Some((i + 1, 3));
    }
    let n = number::at(p, i)?;
    Some((n.b, n.value.as_int()?))
}

pub fn unit_relative(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let r = ctx.reference;
    // الأسبوعين المقبلين, اليومين الماضيين: a definite dual counts two; الأيام المقبلة, a
    // definite plural with no count, a few (three, as "the next few days").
    if let Some(stem) = p.f(i).strip_prefix("ال") {
        let unit = number::dual(stem)
            .and_then(|noun| unit_at(&Para::new(noun), 0))
            .map(|(_, u)| (u, 2))
            .or_else(|| {
                PLURAL_UNITS
                    .contains(&stem)
                    .then(|| unit_at(p, i))
                    .flatten()
                    .filter(|(e, _)| *e == i + 1)
                    .map(|(_, u)| (u, 3))
            });
        if let Some((unit, n)) = unit {
            match dir_at(p, i + 1) {
                Some((e, Dir::Next)) => return Some((e, r.and_then(|r| next_span(r, unit, n)))),
                Some((e, Dir::Last)) => return Some((e, r.and_then(|r| last_n(r, unit, n)))),
                _ => {}
            }
        }
    }
    // beginning of next week / بداية الاسبوع المقبل
    if is(
        p,
        i,
        &["beginning", "بدايه", "start", "مطلع", "early", "اوائل"],
    ) {
        let j = if p.f(i + 1) == "of" { i + 2 } else { i + 1 };
        let j = if p.f(j) == "around" { j + 1 } else { j };
        if let Some((e, Unit::Week, k)) = dir_unit(p, j) {
            let v = r.map(|r| {
                let mon = week_of(r) + Duration::weeks(k);
                range(mon, mon + Duration::days(2))
            });
            return Some((e, v));
        }
    }
    if let Some((e, unit, k)) = dir_unit(p, i) {
        return Some((e, r.and_then(|r| shift_by(r, unit, k))));
    }
    // next 3 weeks, next few days, upcoming two years, 2 upcoming years. "the next five
    // years" are every one of them, as the Arabic plural is; "upcoming two years" counts to
    // the second one.
    if let Some((e, Dir::Next)) = dir_at(p, i) {
        if let Some((e2, n)) = count_at(p, e) {
            if let Some((e3, unit)) = unit_at(p, e2) {
                let v = if is(p, i, &["upcoming"]) {
                    r.and_then(|r| next_n(r, unit, n))
                } else {
                    r.and_then(|r| next_span(r, unit, n))
                };
                return Some((e3, v));
            }
        }
    }
    if let Some((e, n)) = count_at(p, i) {
        if let Some((e2, Dir::Next)) = dir_at(p, e) {
            if let Some((e3, unit)) = unit_at(p, e2) {
                return Some((e3, r.and_then(|r| next_n(r, unit, n))));
            }
        }
    }
    // الأيام الثلاثة المقبلة, الأسابيع الثلاثة الماضية: unit, count, direction.
    if let Some((e, unit)) = unit_at(p, i).filter(|_| p.f(i).starts_with("ال")) {
        let definite = p.f(e).strip_prefix("ال").and_then(|w| {
            let q = Para::new(w);
            let n = number::at(&q, 0).filter(|n| n.b == q.len())?;
            Some((e + 1, n.value.as_int()?))
        });
        if let Some((e2, n)) = definite.or_else(|| count_at(p, e)) {
            // الأشهر الثلاثة الأخيرة: "the last" after a counted plural is the past ones.
            let last = is(p, e2, &["الاخيره", "الاخير", "الاخيرين", "الاخيرتين"])
                .then_some((e2 + 1, Dir::Last));
            match dir_at(p, e2).or(last) {
                Some((e3, Dir::Next)) => return Some((e3, r.and_then(|r| next_span(r, unit, n)))),
                Some((e3, Dir::Last)) => return Some((e3, r.and_then(|r| last_n(r, unit, n)))),
                _ => {}
            }
        }
    }
    // آخر يومين, آخر ثلاثة أسابيع: the last N units.
    if is(p, i, &["اخر"]) {
        let dual = number::dual(p.f(i + 1))
            .and_then(|noun| unit_at(&Para::new(noun), 0))
            .map(|(_, u)| (i + 2, u, 2));
        let counted = count_at(p, i + 1)
            .filter(|(_, n)| *n > 1)
            .and_then(|(e, n)| unit_at(p, e).map(|(e2, u)| (e2, u, n)));
        if let Some((e, unit, n)) = dual.or(counted) {
            return Some((e, r.and_then(|r| last_n(r, unit, n))));
        }
    }
    // the past three days, last 2 weeks
    if let Some((e, Dir::Last)) = dir_at(p, i) {
        if let Some((e2, n)) = count_at(p, e).filter(|(_, n)| *n > 1) {
            if let Some((e3, unit)) = unit_at(p, e2) {
                return Some((e3, r.and_then(|r| last_n(r, unit, n))));
            }
        }
    }
    // قبل أسبوع, قبل ثلاثة أيام, من أسبوع, بعد يومين, منذ ثلاثة أيام
    if is(p, i, &["قبل", "بعد", "من", "خلال", "منذ"]) && p.f(i).chars().count() >= 2
    {
        let sign = if is(p, i, &["قبل", "من", "منذ"]) {
            -1
        } else {
            1
        };
        // قبل نحو أسبوعين, منذ حوالي ثلاثة أيام: a hedge before the count is part of it.
        let c = if is(p, i + 1, &HEDGES) { i + 2 } else { i + 1 };
        let counted = count_at(p, c);
        // منذ سنوات, قبل أيام: a plural with no count is no date.
        if counted.is_none() && PLURAL_UNITS.contains(&p.f(c)) {
            return None;
        }
        let (j, n) = counted.unwrap_or((c, 1));
        // خلال الأشهر الثلاثة الماضية, بعد الأسبوع: a definite unit is no count.
        if counted.is_none() && p.f(j).starts_with("ال") {
            return None;
        }
        let (e, unit, n) = match unit_at(p, j) {
            Some((e, u)) => (e, u, n),
            None => {
                let w = p.f(j);
                let noun = number::dual(w)?;
                let (_, u) = unit_at(&Para::new(noun), 0)?;
                (j + 1, u, 2)
            }
        };
        // منذ شهر واحد: the count "one" after its noun.
        let e = if is(p, e, &["واحد", "واحده"]) {
            e + 1
        } else {
            e
        };
        // بعد أسبوع من الآن, قبل أسبوع من اليوم: counted from now, said outright.
        if p.f(e) == "من" && matches!(p.f(e + 1), "الان" | "اليوم") && unit != Unit::Quarter
        {
            return Some((e + 2, r.and_then(|r| ago(r, unit, sign * n))));
        }
        // من شهر عشرة is "from October", not "a month ago".
        let continues = number::at(p, e).is_some() || p.is_digits(e);
        // بعد عام على استضافة دبي, قبل أسبوع من الانتخابات: counted from an event the text
        // names, not from the article's day.
        let from_event = is(p, e, &["علي"]) || (p.f(e) == "من" && p.is_word(e + 1));
        if unit == Unit::Quarter || continues || from_event || (is(p, i, &["من"]) && n != 1) {
            return None;
        }
        // خلال أسبوعين: within two weeks, every day from today to then.
        if is(p, i, &["خلال"]) {
            return Some((e, r.and_then(|r| within_or_at(r, unit, n, true))));
        }
        return Some((e, r.and_then(|r| ago(r, unit, sign * n))));
    }
    // three weeks ago, a week hence, in 3 days, two weeks from tomorrow
    let (e, n) = count_at(p, i)?;
    let (e2, unit, n) = counted_unit(p, e, n)?;
    let base = |k: i64| r.map(|r| r + Duration::days(k));
    match p.f(e2) {
        "ago" => Some((e2 + 1, r.and_then(|r| ago(r, unit, -n)))),
        "hence" | "later" => Some((e2 + 1, r.and_then(|r| ago(r, unit, n)))),
        "from" => {
            let from = match p.f(e2 + 1) {
                "now" | "today" => base(0),
                "tomorrow" => base(1),
                "yesterday" => base(-1),
                _ => return None,
            };
            Some((e2 + 2, from.and_then(|d| ago(d, unit, n))))
        }
        _ => None,
    }
}

/// A unit after a count, and the count in that unit: a fortnight is two weeks.
fn counted_unit(p: &Para, e: usize, n: i64) -> Option<(usize, Unit, i64)> {
    if matches!(p.f(e), "fortnight" | "fortnights") {
        return Some((e + 1, Unit::Week, 2 * n));
    }
    unit_at(p, e).map(|(e2, u)| (e2, u, n))
}

/// this week, next month, the following week; الاسبوع المقبل, هذا العام, السنة القادمة.
pub(super) fn dir_unit(p: &Para, i: usize) -> Option<(usize, Unit, i64)> {
    // هالأسبوع, هالشهر, هالسنة: the spoken هال (هذا + ال) glued to its unit.
    if let Some(rest) = p.f(i).strip_prefix("هال") {
        let word = format!("ال{rest}");
        return unit_at(&Para::new(&word), 0)
            .filter(|(e, _)| *e == 1)
            .map(|(_, u)| (i + 1, u, 0));
    }
    if let Some((e, d)) = dir_at(p, i) {
        if let Some((e2, u)) = unit_at(p, e) {
            return Some((e2, u, k_of(d)));
        }
    }
    let (e, u) = unit_at(p, i)?;
    // the week after next, العام قبل الماضي: a singular unit two steps away.
    if matches!(
        p.f(i),
        "week" | "month" | "year" | "الاسبوع" | "الشهر" | "العام" | "السنه"
    ) {
        if let Some((e2, k)) = super::date_words::twice_removed(p, e) {
            return Some((e2, u, k));
        }
    }
    // Only the definite Arabic unit words take a direction after them.
    if !p.f(i).starts_with("ال") && !p.f(i).contains("ال") {
        return None;
    }
    let (e2, d) = dir_at(p, e)?;
    Some((e2, u, k_of(d)))
}

fn ago(r: NaiveDate, unit: Unit, n: i64) -> Option<String> {
    // Counts come from the text: keep them to a sane range so no date arithmetic overflows.
    if n.abs() > 10_000 {
        return None;
    }
    Some(day(match unit {
        Unit::Day => r.checked_add_signed(Duration::try_days(n)?)?,
        Unit::Week => r.checked_add_signed(Duration::try_weeks(n)?)?,
        Unit::Month | Unit::Quarter => {
            let months = if unit == Unit::Quarter { 3 * n } else { n };
            let (y, m) = add_months(r.year(), r.month(), months as i32);
            let last = super::calendar::days_in_month(y, m);
            super::calendar::ymd(y, m, r.day().min(last))?
        }
        Unit::Year => {
            let y = r.year() + n as i32;
            super::calendar::ymd(y, r.month(), r.day())
                .or_else(|| super::calendar::ymd(y, r.month(), 28))?
        }
    }))
}

/// Words that make a count approximate (نحو, حوالي, قرابة, زهاء): they change no value.
const HEDGES: [&str; 4] = ["نحو", "حوالي", "قرابه", "زهاء"];

/// Unit words in the plural: a count must come with them.
const PLURAL_UNITS: [&str; 12] = [
    "ايام",
    "اسابيع",
    "اشهر",
    "شهور",
    "سنوات",
    "سنين",
    "اعوام",
    "days",
    "weeks",
    "months",
    "years",
    "عقود",
];

/// "in three days", "in a week": the day that far from the reference; منذ and خلال as
/// [`unit_relative`] reads them.
pub fn counted_from_now(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    match p.f(i) {
        "in" | "after" | "within" | "غضون" => {
            // في غضون أسبوعين: an Arabic dual is its own count.
            let dual = number::dual(p.f(i + 1))
                .and_then(|noun| unit_at(&Para::new(noun), 0))
                .map(|(_, u)| (i + 2, u, 2));
            let (e2, unit, n) = match dual {
                Some(hit) => hit,
                None => {
                    let (e, n) = count_at(p, i + 1)?;
                    counted_unit(p, e, n)?
                }
            };
            if unit == Unit::Quarter {
                return None;
            }
            // within two weeks, في غضون أسبوعين: every day from today to that one.
            let within = matches!(p.f(i), "within" | "غضون");
            Some((
                e2,
                ctx.reference.and_then(|r| within_or_at(r, unit, n, within)),
            ))
        }
        "منذ" | "خلال" => unit_relative(p, i, ctx),
        _ => None,
    }
}

/// The day `n` units from `r`, or with `within` every day from `r` to it.
fn within_or_at(r: NaiveDate, unit: Unit, n: i64, within: bool) -> Option<String> {
    let at = ago(r, unit, n)?;
    if !within || n <= 0 {
        return Some(at);
    }
    let b = at.parse::<NaiveDate>().ok()?;
    Some(range(r, b))
}

/// The weekend, Saturday and Sunday: this weekend, the weekend (the one under way or to come;
/// in a past clause on a weekday, the one gone by), over the weekend, next / last weekend, the
/// last weekend of March, the first weekend of May.
pub fn weekend(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = if p.f(i) == "the" { i + 1 } else { i };
    // ORD weekend of MONTH
    if let Some((e, n)) = nth_word(p, j).filter(|(e, _)| is(p, e + 1, &["of", "in"])) {
        if !matches!(p.f(e), "weekend") {
            return None;
        }
        let r = month_at(p, e + 2)?;
        let v = resolve_month(&r, ctx)
            .and_then(|(y, m)| nth_wd(y, m, 6, n))
            .map(|sat| range(sat, sat + Duration::days(1)));
        return Some((r.end, v));
    }
    // عطلة نهاية الأسبوع [المقبل], عطلة الأسبوع, نهاية هذا الأسبوع: the Arabic weekend is a
    // holiday (عطلة) or the end of this week said with هذا; «نهاية الأسبوع» alone is the end
    // of a week, read elsewhere.
    if is(p, j, &["عطله", "نهايه"]) {
        let rest = is(p, j, &["عطله"]);
        let mut k = j + 1;
        if rest && is(p, k, &["نهايه"]) {
            k += 1;
        }
        let this = is(p, k, &["هذا"]);
        if this {
            k += 1;
        }
        if !is(p, k, &["الاسبوع"]) || !(rest || this) || (this && dir_at(p, k + 1).is_some())
        {
            return None;
        }
        let (e, week) = match dir_at(p, k + 1) {
            Some((e, d)) => (e, k_of(d)),
            None => (k + 1, 0),
        };
        let v = ctx.reference.map(|r| {
            let sat = in_week_of(week_of(r) + Duration::weeks(week), 6);
            range(sat, sat + Duration::days(1))
        });
        return Some((e, v));
    }
    let (e, k) = match dir_at(p, j) {
        Some((e, d)) => (e, Some(k_of(d))),
        None => (j, None),
    };
    // "weekend" alone is a date after "the" (a weekend trip is none).
    let the = i > 0 && p.f(i - 1) == "the";
    if !matches!(p.f(e), "weekend") || (e == i && k.is_none() && !the) {
        return None;
    }
    let v = ctx.reference.map(|r| {
        let week = k.unwrap_or_else(|| {
            let weekday = r.weekday().number_from_monday() <= 5;
            -i64::from(weekday && ctx.tense == Tense::Past)
        });
        let sat = in_week_of(week_of(r) + Duration::weeks(week), 6);
        range(sat, sat + Duration::days(1))
    });
    Some((e + 1, v))
}

/// The last `n` whole days, weeks, months or years before the reference.
fn last_n(r: NaiveDate, unit: Unit, n: i64) -> Option<String> {
    if n <= 0 || n > 1000 {
        return None;
    }
    Some(match unit {
        Unit::Day => range(r - Duration::days(n), r - Duration::days(1)),
        Unit::Week => {
            let mon = week_of(r);
            range(mon - Duration::weeks(n), mon - Duration::days(1))
        }
        Unit::Month => {
            let (y, m) = add_months(r.year(), r.month(), -(n as i32));
            let (y2, m2) = add_months(r.year(), r.month(), -1);
            format!("{}/{}", month(y, m), month(y2, m2))
        }
        Unit::Year => format!("{:04}/{:04}", r.year() - n as i32, r.year() - 1),
        Unit::Quarter => return None,
    })
}

/// Quarters and halves: the third quarter of 2014, Q3 2014, الربع الأول من العام, النصف
/// الثاني من 2012, the first half of next year.
pub fn quarter(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    // Q3, and H1 / H2 for the halves, as business news writes them.
    let len_of = match p.f(i) {
        "q" => 3,
        "h" => 6,
        _ => 0,
    };
    // H1N1 is a virus, not a half: nothing glued after the digit.
    let free = len_of == 3 || !p.glued(i + 2) || p.f(i + 2).is_empty();
    let (e, q, len) = if let Some(q) = (len_of > 0 && free && p.glued(i + 1))
        .then(|| p.f(i + 1).parse::<u32>().ok())
        .flatten()
        .filter(|q| (1..=12 / len_of).contains(q))
    {
        (i + 2, q, len_of)
    } else if let Some((e, n)) = nth_word(p, i) {
        let len = if is(p, e, &["quarter", "qtr"]) {
            3
        } else if is(p, e, &["half"]) {
            6
        } else {
            return None;
        };
        let n = if n < 0 { 12 / len } else { n as u32 };
        (e + 1, n, len)
    } else if is(
        p,
        i,
        &["الربع", "ربع", "النصف", "الفصل", "الثلاثي", "السداسي"],
    ) {
        let (e, n) = nth_word(p, i + 1)?;
        let len = if is(p, i, &["النصف", "السداسي"]) {
            6
        } else {
            3
        };
        // الفصل الأول is a quarter only with its year after it (a school term, a chapter
        // otherwise).
        if is(p, i, &["الفصل"]) {
            let k = if is(p, e, &["من", "في"]) && p.f(e).chars().count() <= 2 {
                e + 1
            } else {
                e
            };
            let k = if is(p, k, &["عام", "العام", "سنه", "السنه"]) {
                k + 1
            } else {
                k
            };
            if year_digits(p, k).is_none() && dir_at(p, k).is_none() {
                return None;
            }
        }
        // الربع الأخير: the last of the year's quarters (or halves).
        let n = if n < 0 { 12 / len as i32 } else { n };
        (e, n as u32, len)
    } else {
        return None;
    };
    if q == 0 || q * len > 12 {
        return None;
    }
    let mut k = e;
    if is(p, k, &["of", "in", "من", "في"]) && p.f(k).chars().count() <= 2 {
        k += 1;
    }
    let (end, year) = if let Some((e2, y)) = super::date_words::year_after(p, k) {
        let y = match y {
            YearIs::Exact(y) => Some(y),
            YearIs::Relative(d) => ctx.reference.map(|r| r.year() + d),
            YearIs::Hijri(_) => None,
        };
        (e2, y)
    } else if let Some(y) = year_digits(p, k) {
        (k + 1, Some(y))
    } else if let Some((e2, Unit::Year, d)) = dir_unit(p, k) {
        (e2, ctx.reference.map(|r| r.year() + d as i32))
    } else if is(p, k, &["العام", "السنه", "year"]) && !p.f(k).is_empty() {
        (k + 1, ctx.reference.map(|r| r.year()))
    } else if p.f(k) == "the" && p.f(k + 1) == "year" {
        (k + 2, ctx.reference.map(|r| r.year()))
    } else {
        // A quarter with no year needs the word itself to be clear (Q3, the third quarter).
        (e, ctx.reference.map(|r| r.year()))
    };
    let first = (q - 1) * len + 1;
    Some((
        end,
        year.map(|y| format!("{}/{}", month(y, first), month(y, first + len - 1))),
    ))
}

/// The Arabic plural «السنوات الثلاث المقبلة» names every one of the years, a span; other
/// units as [`next_n`].
fn next_span(r: NaiveDate, unit: Unit, n: i64) -> Option<String> {
    if unit == Unit::Year && (2..=1000).contains(&n) {
        return Some(format!("{:04}/{:04}", r.year() + 1, r.year() + n as i32));
    }
    next_n(r, unit, n)
}

fn next_n(r: NaiveDate, unit: Unit, n: i64) -> Option<String> {
    if n <= 0 || n > 1000 {
        return None;
    }
    Some(match unit {
        Unit::Day => range(r + Duration::days(1), r + Duration::days(n)),
        Unit::Week => {
            let mon = week_of(r) + Duration::weeks(1);
            range(mon, mon + Duration::weeks(n) - Duration::days(1))
        }
        Unit::Month => {
            let (y, m) = add_months(r.year(), r.month(), 1);
            let (y2, m2) = add_months(r.year(), r.month(), n as i32);
            format!("{}/{}", month(y, m), month(y2, m2))
        }
        Unit::Year => format!("{:04}", r.year() + n as i32),
        Unit::Quarter => return None,
    })
}

/// Weekdays: الثلاثاء الماضي, next monday, wednesday of this week, أحد الاسبوع الماضي,
/// Monday, Feb 18, Tuesday the 19th, third tuesday of september 2014, الثلاثاء الثالث من
/// شهر ايلول من عام 2014, the last Sunday of March 2014.
pub fn weekday(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    if let Some(hit) = nth_weekday_of_month(p, i, ctx) {
        return Some(hit);
    }
    let mut j = if is(p, i, &["يوم"]) { i + 1 } else { i };
    let mut dir = None;
    // "this coming Friday", "coming Friday", الخميس المقبل: the nearest one ahead; "next
    // Friday" alone is the one of next week.
    let mut nearest_ahead = false;
    if p.f(j) == "this" && matches!(p.f(j + 1), "coming" | "upcoming") {
        j += 1;
    }
    if let Some((e, d)) = dir_at(p, j) {
        nearest_ahead = matches!(p.f(j), "coming" | "upcoming");
        dir = Some(d);
        j = e;
    }
    let (mut e, wd) = weekday_at(p, j)?;
    // mon., wed.: the period of an English abbreviation, never a sentence's end after Arabic.
    // A full name ("Tuesday.") ends a sentence there; only an abbreviation takes the period.
    if p.f(e) == "." && p.glued(e) && p.f(j).is_ascii() && p.f(j).len() <= 5 {
        e += 1;
    }
    let (next, prev) = weekday_fns();
    let r = ctx.reference;
    // Tuesday after next, الخميس بعد المقبل, الجمعة قبل الماضية: a week past the one "next"
    // or "last" names, as each language reads that.
    if dir.is_none() {
        if let Some((e2, k)) = super::date_words::twice_removed(p, e) {
            let v = r.map(|r| {
                if k > 0 {
                    let once = if p.f(j).is_ascii() {
                        in_week_of(week_of(r) + Duration::weeks(1), wd)
                    } else {
                        next(r, wd)
                    };
                    once + Duration::weeks(1)
                } else {
                    prev(r, wd) - Duration::weeks(1)
                }
            });
            return Some((e2, v.map(day)));
        }
    }
    // of this week / الاسبوع الماضي / من الاسبوع الماضي
    let mut k = e;
    if matches!(p.f(k), "of" | "من" | "from") {
        k += 1;
    }
    if let Some((e2, Unit::Week, wk)) = dir_unit(p, k) {
        return Some((
            e2,
            r.map(|r| day(in_week_of(week_of(r) + Duration::weeks(wk), wd))),
        ));
    }
    if dir.is_none() {
        if let Some((e2, d)) = dir_at(p, e) {
            if unit_at(p, e2).is_none() {
                dir = Some(d);
                nearest_ahead = true;
                e = e2;
            }
        }
    }
    // A date right after: Monday, Feb 18 / الاثنين 18 شباط / يوم الاثنين في 18 شباط
    if dir.is_none() {
        let mut s = e;
        if matches!(p.f(s), "," | "،" | "في" | "the") {
            s += 1;
        }
        if let Some((e2, v)) = super::date::date_after_weekday(p, s, ctx) {
            return Some((e2, super::date_compose::agree_year(p, s, e2, wd, v)));
        }
        // Tuesday the 19th, السبت السادس عشر
        if let Some((e2, dd)) = day_at(p, s) {
            let v = r.and_then(|r| {
                (0..3).find_map(|k| {
                    let (y, m) = add_months(r.year(), r.month(), k);
                    super::calendar::ymd(y, m, dd).filter(|d| {
                        d.weekday().number_from_monday() == wd && *d >= r - Duration::days(7)
                    })
                })
            });
            if v.is_some() {
                return Some((e2, v.map(day)));
            }
        }
    }
    let v = r.map(|r| match dir {
        Some(Dir::Next) if nearest_ahead => next(r, wd),
        Some(Dir::Next) => in_week_of(week_of(r) + Duration::weeks(1), wd),
        Some(Dir::Last) => prev(r, wd),
        Some(Dir::This) => next(r - Duration::days(1), wd),
        // said on Wednesday, in a Wednesday's paper: that day; a past clause reaches back
        // to the latest such day, today included.
        None if ctx.tense == Tense::Past => prev(r + Duration::days(1), wd),
        None => next(r, wd),
    });
    Some((e, v.map(day)))
}

/// The ordinal of an nth weekday: الثالث / ثالث / third / first / last / الاخير / اخر.
fn nth_word(p: &Para, i: usize) -> Option<(usize, i32)> {
    if is(p, i, &["last", "final", "الاخير", "اخر", "الاخيره"]) {
        return Some((i + 1, -1));
    }
    let (e, n) = number::ordinal(p, i).or_else(|| number::digit_ordinal(p, i))?;
    (1..=5).contains(&n).then_some((e, n as i32))
}

fn nth_weekday_of_month(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = if p.f(i) == "the" { i + 1 } else { i };
    // ORD [يوم] WD | WD ORD
    let (e, n, wd) = if let Some((e, n)) = nth_word(p, j) {
        let e = if is(p, e, &["يوم"]) { e + 1 } else { e };
        // After an ordinal even أحد is the weekday (آخر أحد في آذار).
        let (e2, wd) = weekday_at(p, e)
            .or_else(|| lookup(&super::date_words::cal().weekdays, p, e).map(|(e, w)| (e, w.0)))?;
        (e2, n, wd)
    } else {
        let (e, wd) = weekday_at(p, j)?;
        let (e2, n) = nth_word(p, e)?;
        (e2, n, wd)
    };
    let mut k = e;
    if is(p, k, &["of", "in", "من", "في"]) && p.f(k).chars().count() <= 2 {
        k += 1;
    }
    let r = month_at(p, k)?;
    if matches!(r.month, MonthIs::Hijri(_)) {
        // آخر جمعة في رمضان, أول جمعة من شوال: counted inside the Hijri month.
        let value = super::date::hijri_month(&r, ctx).and_then(|(a, b)| {
            let first = (0..7)
                .map(|k| a + Duration::days(k))
                .find(|d| d.weekday().number_from_monday() == wd)?;
            let last = (0..7)
                .map(|k| b - Duration::days(k))
                .find(|d| d.weekday().number_from_monday() == wd)?;
            let d = if n > 0 {
                first + Duration::weeks(i64::from(n - 1))
            } else {
                last - Duration::weeks(i64::from(-n - 1))
            };
            (a..=b).contains(&d).then_some(d)
        });
        return Some((r.end, value.map(day)));
    }
    let value = resolve_month(&r, ctx)
        .and_then(|(y, m)| nth_wd(y, m, wd, n))
        .map(day);
    Some((r.end, value))
}

/// A holiday, maybe with a year or a direction: عيد الفطر, Ramadan 2046, last thanksgiving,
/// thanksgiving 3 months ago, Eid al-Adha 1966.
pub fn holiday(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    // ثاني أيام عيد الفطر, اليوم الثالث من عيد الأضحى, the second day of Eid: counted from
    // the holiday's first day.
    let (i, nth) = nth_day_of(p, i).unwrap_or((i, 0));
    // عشية عيد الفطر, ليلة عيد الفطر, the eve of Easter: the day before (unless the lexicon
    // names the whole phrase, as ليلة القدر).
    let eve_at = if is(p, i, &["عشيه", "ليله"]) {
        Some(i + 1)
    } else if p.f(i) == "eve" && p.f(i + 1) == "of" {
        Some(i + 2)
    } else {
        None
    };
    if let Some(k) = eve_at.filter(|_| nth == 0 && lookup(holiday::names(), p, i).is_none()) {
        let (e, v) = holiday(p, k, ctx)?;
        let v = v.and_then(|v| v.get(..10)?.parse::<NaiveDate>().ok());
        return Some((e, v.map(|d| day(d - Duration::days(1)))));
    }
    let (j, dir) = match dir_at(p, i) {
        Some((e, d)) => (e, Some(d)),
        None => (i, None),
    };
    let (mut e, rule) = lookup(holiday::names(), p, j)?;
    let mut year = None;
    if let Some((e2, YearIs::Exact(y))) = year_after(p, e) {
        year = Some(y);
        e = e2;
    } else if let Some(n) = number::at(p, e).filter(|n| n.words) {
        // orthodox shrove monday two thousand eighteen
        if let Some(y) = n.value.as_int().filter(|y| (1000..3000).contains(y)) {
            year = Some(y as i32);
            e = n.b;
        }
    } else if let Some(y) = year_digits(p, e) {
        year = Some(y);
        e += 1;
    }
    let mut back = dir == Some(Dir::Last);
    // thanksgiving 3 months ago: the last one.
    if let Some((e2, _)) = number::at(p, e).map(|n| (n.b, ())) {
        if unit_at(p, e2).is_some_and(|(e3, _)| p.f(e3) == "ago") {
            back = true;
            e = unit_at(p, e2).map_or(e, |(e3, _)| e3 + 1);
        }
    }
    let span = match (year, ctx.reference) {
        (Some(y), _) => holiday::in_year(rule, y),
        (None, Some(r)) if back => holiday::nearest(rule, r, false),
        (None, Some(r)) if dir == Some(Dir::Next) => {
            holiday::nearest(rule, r + Duration::days(1), true)
        }
        (None, Some(r)) => holiday::nearest(rule, r, true),
        (None, None) => None,
    };
    let _ = range_sep;
    if nth > 0 {
        let v = span.map(|(a, _)| day(a + Duration::days(i64::from(nth) - 1)));
        return Some((e, v));
    }
    Some((e, span.map(|(a, b)| range(a, b))))
}

/// "ORD أيام", "اليوم ORD من", "ORD day of" before a holiday: where the holiday's name starts
/// and the ordinal (1 to 10; a feast lasts days, not weeks).
fn nth_day_of(p: &Para, i: usize) -> Option<(usize, u32)> {
    let (k, n) = if is(p, i, &["اليوم"]) {
        let (e, n) = number::ordinal(p, i + 1)?;
        (is(p, e, &["من"]).then_some(e + 1)?, n)
    } else {
        let (e, n) = number::ordinal(p, i)?;
        if is(p, e, &["ايام"]) {
            (e + 1, n)
        } else if p.f(e) == "day" && p.f(e + 1) == "of" {
            (e + 2, n)
        } else {
            return None;
        }
    };
    ((1..=10).contains(&n) && lookup(holiday::names(), p, k).is_some()).then_some((k, n))
}

/// Weeks inside a month or year: first week of October 2014, اخر اسبوع في سبتمبر لعام 2014,
/// the third last week of 2018, the week of october 6th.
pub fn week_in(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = if p.f(i) == "the" { i + 1 } else { i };
    // the week of DATE
    if is(p, j, &["week", "اسبوع", "الاسبوع"]) && matches!(p.f(j + 1), "of" | "من") {
        if let Some((e, v)) = super::date::date_after_weekday(p, j + 2, ctx) {
            let v = v.and_then(|s| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
            return Some((e, v.map(|d| week_range(week_of(d)))));
        }
    }
    // ORD [last] week | week ORD
    let (e, n) = if let Some((e, n)) = nth_word(p, j) {
        let (e, n) = if n > 0 && is(p, e, &["last"]) {
            (e + 1, -n)
        } else {
            (e, n)
        };
        if !is(p, e, &["week", "اسبوع", "الاسبوع"]) {
            return None;
        }
        (e + 1, n)
    } else if is(p, j, &["week", "اسبوع", "الاسبوع"]) {
        let (e, n) = nth_word(p, j + 1)?;
        (e, n)
    } else {
        return None;
    };
    let mut k = e;
    if is(p, k, &["of", "in", "من", "في"]) && p.f(k).chars().count() <= 2 {
        k += 1;
    }
    let (end, first, last) = if let Some(r) = month_at(p, k) {
        let (y, m) = resolve_month(&r, ctx)?;
        let last = super::calendar::days_in_month(y, m);
        (
            r.end,
            super::calendar::ymd(y, m, 1)?,
            super::calendar::ymd(y, m, last)?,
        )
    } else {
        // of 2014, of next year, of the year, من العام الجاري
        let k = if p.f(k) == "the" && p.f(k + 1) == "year" {
            k + 1
        } else {
            k
        };
        let (e2, y) = super::date_season::year_ref(p, k, ctx)?;
        let Some(y) = y else {
            return Some((e2, None));
        };
        (
            e2,
            super::calendar::ymd(y, 1, 1)?,
            super::calendar::ymd(y, 12, 31)?,
        )
    };
    // Whole weeks (Monday to Sunday) inside the period.
    let first_mon = if first.weekday().number_from_monday() == 1 {
        first
    } else {
        weekday_fns().0(first, 1)
    };
    let last_sun = if last.weekday().number_from_monday() == 7 {
        last
    } else {
        weekday_fns().1(last, 7)
    };
    let mon = if n > 0 {
        first_mon + Duration::weeks(i64::from(n - 1))
    } else {
        last_sun - Duration::days(6) - Duration::weeks(i64::from(-n - 1))
    };
    let _ = range_sep;
    Some((end, Some(week_range(mon))))
}

/// "the closest Monday to Oct 5th", "the second closest Mon to October fifth", "third
/// tuesday after christmas 2014": a weekday counted from another date.
pub fn closest(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = if p.f(i) == "the" { i + 1 } else { i };
    let (j, n) = match nth_word(p, j) {
        Some((e, n)) if n > 0 => (e, n),
        _ => (j, 1),
    };
    let near = p.f(j) == "closest";
    let j = if near { j + 1 } else { j };
    let (e, wd) = weekday_at(p, j)?;
    let how = p.f(e);
    if !(near && how == "to" || !near && matches!(how, "after" | "before")) {
        return None;
    }
    let (end, v) = [super::date::date_after_weekday, holiday]
        .iter()
        .filter_map(|f| f(p, e + 1, ctx))
        .max_by_key(|(e, _)| *e)?;
    let anchor = v
        .as_deref()
        .and_then(|s| s.get(..10))
        .and_then(|s| s.parse::<NaiveDate>().ok());
    let value = anchor.map(|a| {
        let n = i64::from(n);
        let (next, prev) = weekday_fns();
        day(match how {
            "after" => next(a, wd) + Duration::weeks(n - 1),
            "before" => prev(a, wd) - Duration::weeks(n - 1),
            _ => {
                // Candidates on both sides, nearest first.
                let mut c: Vec<NaiveDate> = (0..4)
                    .flat_map(|k| {
                        [
                            next(a - Duration::days(1), wd) + Duration::weeks(k),
                            prev(a, wd) - Duration::weeks(k),
                        ]
                    })
                    .collect();
                c.sort_by_key(|d| ((*d - a).num_days().abs(), *d));
                c.dedup();
                c.get((n - 1) as usize).copied().unwrap_or(a)
            }
        })
    });
    Some((end, value))
}

/// "this season", "current seasons": the astronomical season around the reference (winter
/// from December 21, spring from March 19, summer from June 21, autumn from September 23).
pub fn season(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let (e, d) = dir_at(p, i)?;
    if !matches!(p.f(e), "season" | "seasons") {
        return None;
    }
    let value = ctx.reference.and_then(|r| {
        let y = r.year();
        let md = |y: i32, m: u32, d: u32| super::calendar::ymd(y, m, d);
        let starts = [
            md(y - 1, 12, 21)?,
            md(y, 3, 19)?,
            md(y, 6, 21)?,
            md(y, 9, 23)?,
            md(y, 12, 21)?,
            md(y + 1, 3, 19)?,
            md(y + 1, 6, 21)?,
        ];
        let now = starts.iter().rposition(|s| *s <= r)?;
        let k = (now as i64 + k_of(d)).clamp(0, 5) as usize;
        Some(range(starts[k], starts[k + 1] - Duration::days(1)))
    });
    Some((e + 1, value))
}

#[cfg(test)]
mod tests {
    use crate::facts::date_tests::{one, spans};

    #[test]
    fn after_next_and_before_last_are_two_steps() {
        one("week after next", "2013-02-25/2013-03-03");
        one("year before last", "2011");
        one("العام قبل الماضي", "2011");
        one("الشهر قبل الماضي", "2012-12");
        one("الأسبوع بعد المقبل", "2013-02-25/2013-03-03");
        // A weekday: a week past the one "next" names in each language (الخميس المقبل is
        // the nearest Thursday, "next Thursday" the one of next week).
        one("الخميس بعد المقبل", "2013-02-21");
        one("Thursday after next", "2013-02-28");
        one("الجمعة قبل الماضية", "2013-02-01");
        // قبل and بعد with no direction word after them start a count, not this rule.
        one("قبل أسبوع", "2013-02-05");
    }

    #[test]
    fn counts_from_eleven_take_the_singular_accusative() {
        one("بعد خمسة عشر يوما", "2013-02-27");
        one("قبل 20 عاماً", "1993-02-12");
        one("منذ 11 شهرا", "2012-03-12");
    }

    #[test]
    fn a_count_from_today_is_from_now() {
        one("a week from today", "2013-02-19");
        one("3 years from today", "2016-02-12");
    }

    #[test]
    fn the_next_n_years_are_a_span_the_upcoming_nth_is_one() {
        one("next three years", "2014/2016");
        one("upcoming two years", "2015");
        one("السنوات الثلاث المقبلة", "2014/2016");
    }

    #[test]
    fn spoken_directions_and_the_glued_this() {
        one("السنة الجاية", "2014");
        one("الشهر الي جاي", "2013-03");
        one("early next week", "2013-02-18/2013-02-20");
        one("الشهر اللي فات", "2013-01");
        one("هالأسبوع", "2013-02-11/2013-02-17");
        one("هالشهر", "2013-02");
        assert!(spans("هالة").is_empty());
    }

    #[test]
    fn counts_in_more_words() {
        one("a fortnight ago", "2013-01-29");
        one("in a fortnight", "2013-02-26");
        one("a couple of days ago", "2013-02-10");
        one("two weeks from tomorrow", "2013-02-27");
        one("منذ شهر واحد", "2013-01-12");
        one("بعد أسبوع من الآن", "2013-02-19");
        one("قبل أسبوع من اليوم", "2013-02-05");
        one("الأشهر الثلاثة الأخيرة", "2012-11/2013-01");
        // Counted from an event, still no date.
        assert!(spans("قبل أسبوع من الاجتماع").is_empty());
    }

    #[test]
    fn a_week_of_a_year_named_by_its_direction() {
        one("the last week of the year", "2013-12-23/2013-12-29");
        one("first week of next year", "2014-01-06/2014-01-12");
    }

    #[test]
    fn a_quarter_of_the_year() {
        one("the last quarter of the year", "2013-10/2013-12");
    }

    #[test]
    fn halves_written_h1_h2() {
        one("H1 2025", "2025-01/2025-06");
        one("H2", "2013-07/2013-12");
        assert!(spans("H3 2025").is_empty());
        assert!(spans("the H1N1 virus").is_empty());
    }

    #[test]
    fn nth_weekday_of_a_hijri_month() {
        // Ramadan 1434: 2013-07-09 (a Tuesday) to 2013-08-07.
        one("آخر جمعة في رمضان", "2013-08-02");
        one("أول جمعة من رمضان", "2013-07-12");
    }

    #[test]
    fn the_eve_of_a_holiday_is_the_day_before() {
        one("عشية عيد الفطر", "2013-08-07");
        one("ليلة عيد الأضحى", "2013-10-14");
        one("eve of Easter", "2013-03-30");
        // A phrase the lexicon names whole keeps its own date.
        one("ليلة القدر", "2013-08-04");
    }

    #[test]
    fn a_saints_day_written_with_st_and_its_period() {
        one("St. Patrick's Day", "2013-03-17");
    }

    #[test]
    fn the_nth_day_of_a_holiday() {
        // عيد الفطر 1434 is 2013-08-08.
        one("ثاني أيام عيد الفطر", "2013-08-09");
        one("اليوم الثالث من عيد الفطر", "2013-08-10");
        one("the second day of Eid al-Fitr", "2013-08-09");
    }

    #[test]
    fn the_day_before_yesterday_in_either_order() {
        one("أول أمس", "2013-02-10");
        one("أمس الأول", "2013-02-10");
    }

    #[test]
    fn the_weekend_is_saturday_and_sunday() {
        one("this weekend", "2013-02-16/2013-02-17");
        one("last weekend", "2013-02-09/2013-02-10");
        one("next weekend", "2013-02-23/2013-02-24");
        one("the last weekend of March", "2013-03-30/2013-03-31");
        // In a past clause on a weekday, the weekend gone by.
        assert_eq!(
            spans("They met over the weekend."),
            [(
                "the weekend".to_string(),
                "2013-02-09/2013-02-10".to_string()
            )]
        );
        assert!(spans("a weekend trip").is_empty());
    }

    #[test]
    fn within_a_count_is_every_day_up_to_it() {
        one("within 2 weeks", "2013-02-12/2013-02-26");
        one("خلال أسبوعين", "2013-02-12/2013-02-26");
        one("خلال ثلاثة أيام", "2013-02-12/2013-02-15");
        assert_eq!(
            spans("في غضون أسبوعين"),
            [(
                "غضون أسبوعين".to_string(),
                "2013-02-12/2013-02-26".to_string()
            )]
        );
        // A year after خلال is that year, not a count.
        assert_eq!(
            spans("خلال عام 2012"),
            [("عام 2012".to_string(), "2012".to_string())]
        );
    }

    #[test]
    fn a_weekday_in_a_past_clause_may_be_the_reference_day() {
        let v: Vec<String> = spans("He said on Tuesday that talks had failed.")
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(v, ["2013-02-12"]);
        let v: Vec<String> = spans("أعلنت الوزارة مساء الأحد")
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(v, ["2013-02-10"]);
    }

    #[test]
    fn after_next_with_a_relative_pronoun_or_that_follows() {
        one("الأسبوع اللي بعد الجاي", "2013-02-25/2013-03-03");
        one("الأسبوع الذي يلي الأسبوع المقبل", "2013-02-25/2013-03-03");
    }

    #[test]
    fn quarters_and_halves_in_maghrebi_and_levantine_words() {
        one("الفصل الأول من 2026", "2026-01/2026-03");
        one("الثلاثي الأول من 2024", "2024-01/2024-03");
        one("السداسي الثاني من 2024", "2024-07/2024-12");
        // الفصل without a year is a chapter or a term.
        assert!(spans("الفصل الأول من الرواية").is_empty());
    }

    #[test]
    fn final_is_last_and_a_full_name_leaves_the_period() {
        one("the final week of June", "2013-06-24/2013-06-30");
        assert_eq!(spans("It ends in July. Then")[0].0, "July");
        assert_eq!(spans("The vote is on Tuesday. Then")[0].0, "Tuesday");
        one("Mon. Feb 18", "2013-02-18");
    }
}
