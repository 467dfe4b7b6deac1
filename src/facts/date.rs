//! Dates: found in a paragraph and normalized to ISO 8601 against the article's date
//! (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an inclusive range `A/B`). Relative words, weekdays,
//! a day and month without a year (the nearest occurrence, tense-aware), ranges, month names in
//! every regional form, Hijri months and holidays.

use super::calendar::{
    add_months, days_in_month, hijri_to_date, in_week, monday, nearest_md, nearest_month,
    next_weekday, nth_weekday, prev_weekday, ymd, Tense,
};
use super::date_words::{
    day_at, dir_at, is, lookup, month_at, month_at_with, weekday_at, year_after, year_digits, Dir,
    MonthIs, MonthRef, YearIs,
};
use super::holiday;
use super::number;
use super::token::Para;
use super::vocab;
use chrono::{Datelike, Duration, NaiveDate};

/// What resolving needs to know about the paragraph.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub reference: Option<NaiveDate>,
    pub tense: Tense,
    /// Numeric dates read day first (Arabic text) rather than month first (English).
    pub day_first: bool,
    /// The year the text last stated (خريف 2024 … في الثالث من نوفمبر): a month or a day
    /// and month with no year and no direction of its own falls in it, not near the
    /// reference. `None` once the text speaks of now again (نوفمبر المقبل, أمس).
    pub topic: Option<i32>,
}

impl Ctx {
    /// Day `d` of month `m` with no year stated: in the text's year when it has one, else
    /// the occurrence nearest the reference ([`nearest_md`]).
    pub(super) fn bare_md(&self, m: u32, d: u32, tense: Tense) -> Option<NaiveDate> {
        match self.topic {
            Some(y) => ymd(y, m, d).or_else(|| ymd(y, m, days_in_month(y, m))),
            None => nearest_md(self.reference?, m, d, tense),
        }
    }
}

/// A date found at tokens `a..b`; `value` is `None` when it needs a reference date that the
/// article does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub a: usize,
    pub b: usize,
    pub value: Option<String>,
}

pub(super) type Hit = Option<(usize, Option<String>)>;

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn range(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        day(a)
    } else {
        format!("{}/{}", day(a), day(b))
    }
}

pub(super) fn month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// Words before a date that are not part of it.
const FILLERS: [&str; 15] = [
    "في",
    "غضون",
    "after",
    "within",
    "on",
    "in",
    "during",
    "at",
    "قرابه",
    "around",
    "about",
    "حوالي",
    "خلال",
    "منذ",
    "since",
];

/// Every date in the paragraph, left to right, not overlapping: the pieces each rule finds,
/// then joined where they form one expression ([`super::date_compose`]).
/// Each date leans the way its clause does ([`super::date_tense`]), read once the paragraph
/// is seen to hold a word a date may start with.
#[cfg(test)]
pub fn find(p: &Para, ctx: &Ctx) -> Vec<Found> {
    find_in_text(p, ctx).0
}

/// [`find`], and the year this paragraph last stated, if it stated one and did not return
/// to the present after it: the next paragraph's [`Ctx::topic`].
pub fn find_in_text(p: &Para, ctx: &Ctx) -> (Vec<Found>, Option<i32>) {
    let mut out = Vec::new();
    let mut topic = ctx.topic;
    let mut stated = None;
    let tenses = std::cell::OnceCell::new();
    let mut i = 0;
    while i < p.len() {
        // "the" before a date is part of it (the next three days, the beginning of next week).
        // When nothing starts after it, the word after "the" has just been tried: skip it too.
        let the = p.f(i) == "the";
        let at = if the { i + 1 } else { i };
        let hit = if may_start(p, at) || FILLERS.contains(&p.f(at)) {
            let t = tenses.get_or_init(|| super::date_tense::clause_tenses(p));
            let here = Ctx {
                tense: t.get(at).copied().unwrap_or(ctx.tense),
                topic,
                ..*ctx
            };
            best_at(p, at, &here)
        } else {
            None
        };
        match hit {
            Some((b, value)) if b > i => {
                match year_stated(p, i, b, value.as_deref()) {
                    // English news names a year only when it is not the current one (the
                    // wire agencies' style), so a year there dates one event and leaves a later
                    // «Jan. 8» to the reference; Arabic news states the year once and leaves it
                    // out after, so there it carries.
                    Topic::Year(y) if ctx.day_first => {
                        topic = Some(y);
                        stated = Some(y);
                    }
                    Topic::Year(_) => {}
                    Topic::Now => {
                        topic = None;
                        stated = None;
                    }
                    Topic::Same => {}
                }
                out.push(Found { a: i, b, value });
                i = b;
            }
            _ => i += if the && p.f(i + 1) != "the" { 2 } else { 1 },
        }
    }
    (super::date_compose::compose(p, out), stated)
}

/// What a date found at `a..b` does to the year the text is speaking of.
enum Topic {
    /// It states a year of its own (نوفمبر 2023, خريف 2024, عام 2024).
    Year(i32),
    /// It speaks from the present (نوفمبر المقبل, أمس, this year, منذ 2015 …).
    Now,
    /// Neither: a month or day with no year, a weekday, a holiday.
    Same,
}

fn year_stated(p: &Para, a: usize, b: usize, value: Option<&str>) -> Topic {
    let c = super::date_words::cal();
    if (a..b).any(|k| dir_at(p, k).is_some() || lookup(&c.relative, p, k).is_some()) {
        return Topic::Now;
    }
    let Some(v) = value else {
        return Topic::Same;
    };
    if !(a..b).any(|k| year_digits(p, k).is_some()) {
        return Topic::Same;
    }
    // منذ 2015, since 2015: a span that runs up to now; 1993/2003: no one year.
    let since = a > 0 && is(p, a - 1, &["منذ", "since"]) || is(p, a, &["منذ", "since"]);
    let (x, y) = v.split_once('/').unwrap_or((v, v));
    match (x.get(..4).and_then(|s| s.parse().ok()), y.get(..4)) {
        (Some(yx), Some(yy)) if !since && x.get(..4) == Some(yy) => Topic::Year(yx),
        _ => Topic::Now,
    }
}

/// Words a date may start with besides the lexicons' (pattern words in the code).
const STARTERS: [&str; 67] = [
    "the",
    "يومي",
    "final",
    "weekend",
    "عطله",
    "غضون",
    "eve",
    "عشيه",
    "couple",
    "few",
    "fortnight",
    "غره",
    "on",
    "الليله",
    "صباح",
    "مساء",
    "ظهر",
    "فجر",
    "عصر",
    "q",
    "h",
    "الربع",
    "ربع",
    "الفصل",
    "الثلاثي",
    "السداسي",
    "النصف",
    "half",
    "from",
    "between",
    "من",
    "بين",
    "beginning",
    "بدايه",
    "بدايات",
    "start",
    "مطلع",
    "late",
    "early",
    "mid",
    "middle",
    "end",
    "اواخر",
    "اوائل",
    "منتصف",
    "نص",
    "نصف",
    "اواسط",
    "نهايه",
    "اول",
    "اخر",
    "last",
    "اليوم",
    "يوم",
    "عام",
    "العام",
    "سنه",
    "السنه",
    "year",
    "قبل",
    "بعد",
    "خلال",
    "closest",
    "week",
    "اسبوع",
    "الاسبوع",
    "a",
];

/// Every word a date may start with: the ones above, and the first words of the calendar
/// lexicons (months, weekdays, relative days, directions, units, holidays, number words).
pub(super) fn starters() -> impl Iterator<Item = String> {
    let c = super::date_words::cal();
    STARTERS
        .iter()
        .map(|w| w.to_string())
        .chain(c.months.firsts().cloned())
        .chain(c.hijri.firsts().cloned())
        .chain(c.weekdays.firsts().cloned())
        .chain(c.relative.firsts().cloned())
        .chain(c.dirs.firsts().cloned())
        .chain(c.units.firsts().cloned())
        .chain(holiday::names().firsts().cloned())
        .chain(super::date_season::STARTS.iter().map(|w| w.to_string()))
        .chain(super::date_season::decade_starts())
        .chain(["mid", "middle", "اواسط", "مستهل", "ختام", "'", "’"].map(String::from))
        .chain(number::number_words().cloned())
        // الأسبوعين المقبلين: a definite dual counts its unit.
        .chain(number::dual_words().map(|w| format!("ال{w}")))
}

/// Could a date start at token `i`? Most words cannot; checking once saves running every
/// pattern on them.
fn may_start(p: &Para, i: usize) -> bool {
    p.is_digits(i)
        || matches!(p.f(i), "." | "-")
        || p.mark(i) & vocab::DATE != 0
        || p.f(i).starts_with("لل")
        || p.f(i).starts_with("هال")
        || p.f(i).ends_with("'s")
}

fn best_at(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    if FILLERS.contains(&p.f(i)) {
        // "in three days", منذ ثلاثة أيام: the filler carries the sense of a count.
        return super::date_rel::counted_from_now(p, i, ctx).or_else(|| day_alone(p, i, ctx));
    }
    if !may_start(p, i) {
        return None;
    }
    // The commonest starters (من, بين, from, a) begin a date only when a date word follows
    // them; checking that first spares the rules on every other من.
    if matches!(p.f(i), "من" | "بين" | "from" | "between" | "a" | "an")
        && !may_start(p, i + 1)
        && !is(p, i + 1, &["عامي", "سنتي", "شهري", "يومي"])
    {
        return None;
    }
    let tries: [fn(&Para, usize, &Ctx) -> Hit; 22] = [
        super::date_rel::weekend,
        last_day,
        tenth_part,
        super::date_season::season,
        super::date_season::year_part,
        super::date_season::decade,
        super::date_season::counted_weekday,
        day_alone,
        super::date_time::part_alone,
        super::date_rel::closest,
        super::date_rel::season,
        relative_day,
        super::date_rel::unit_relative,
        super::date_rel::weekday,
        day_month,
        month_day,
        month_only,
        numeric,
        year,
        super::date_rel::holiday,
        super::date_rel::week_in,
        super::date_rel::quarter,
    ];
    let mut best: Hit = None;
    for t in tries {
        if let Some((e, v)) = t(p, i, ctx) {
            if best.as_ref().is_none_or(|(be, _)| e > *be) {
                best = Some((e, v));
            }
        }
    }
    best
}

/// اليوم, غدًا, أمس, بعد غد, yesterday ...; a weekday right after is part of it (اليوم الأحد).
fn relative_day(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let (mut e, &n) = lookup(&super::date_words::cal().relative, p, i)?;
    // قبل أمس بيومين: قبل is the count's, moving أمس by two days, not "the day before
    // yesterday"; the word after it starts the date.
    if is(p, i, &["قبل", "بعد"]) && super::date_compose::by_count(p, e).is_some() {
        return None;
    }
    if let Some((e2, _)) = weekday_at(p, e) {
        e = e2;
    }
    Some((e, ctx.reference.map(|r| day(r + Duration::days(n)))))
}

/// The year a month reference means, or `None` without a reference date.
pub(super) fn resolve_year(r: &MonthRef, m: u32, ctx: &Ctx, tense: Tense) -> Option<i32> {
    match r.year {
        Some(YearIs::Exact(y)) => Some(y),
        Some(YearIs::Relative(k)) => ctx.reference.map(|d| d.year() + k),
        Some(YearIs::Hijri(_)) => None,
        None => {
            let t = match r.dir {
                Some(Dir::Next) => Tense::Future,
                Some(Dir::Last) => Tense::Past,
                _ => tense,
            };
            match (r.dir, ctx.topic) {
                (None, Some(y)) => Some(y),
                _ => ctx.reference.map(|d| nearest_month(d, m, t)),
            }
        }
    }
}

/// Gregorian (year, month) of a month reference; Hijri months go through [`hijri_month`].
pub(super) fn resolve_month(r: &MonthRef, ctx: &Ctx) -> Option<(i32, u32)> {
    match r.month {
        MonthIs::Gregorian(m) => Some((resolve_year(r, m, ctx, ctx.tense)?, m)),
        MonthIs::Relative(k) => {
            let d = ctx.reference?;
            Some(add_months(d.year(), d.month(), k))
        }
        MonthIs::Hijri(_) => None,
    }
}

/// A Hijri month: with a Hijri year, that month; with a Gregorian year (رمضان 2019), the month
/// as it falls in that year; alone, the next one.
pub(super) fn hijri_month(r: &MonthRef, ctx: &Ctx) -> Option<(NaiveDate, NaiveDate)> {
    let MonthIs::Hijri(m) = r.month else {
        return None;
    };
    let hy = match r.year {
        Some(YearIs::Hijri(y)) => y,
        Some(YearIs::Exact(y)) if y > 1700 => super::calendar::hijri_year_for(y, m)?,
        Some(YearIs::Exact(y)) => y,
        Some(YearIs::Relative(k)) => super::calendar::hijri_year_for(ctx.reference?.year() + k, m)?,
        None => {
            let rule = format!("hijrimonth:{m}");
            return holiday::nearest(&rule, ctx.reference?, true);
        }
    };
    holiday::hijri_month_span(hy, m)
}

/// Connectors of a range: من 1993 إلى 2003, 13 to 15, 1-8 september.
pub(super) fn range_sep(p: &Para, i: usize) -> Option<usize> {
    let w = p.f(i);
    if matches!(
        w,
        "-" | "–"
            | "—"
            | "to"
            | "through"
            | "till"
            | "until"
            | "and"
            | "الي"
            | "حتي"
            | "وحتي"
            | "لغايه"
            | "وحتى"
    ) {
        if w == "to" && p.f(i + 1) == "the" {
            return Some(i + 1);
        }
        return Some(i + 1);
    }
    None
}

fn range_start(p: &Para, i: usize) -> usize {
    // يومي 28 و29 ماي: the dual "the two days" before two days joined by و.
    if matches!(p.f(i), "from" | "between" | "من" | "بين" | "يومي") {
        if p.f(i + 1) == "the" {
            return i + 2;
        }
        return i + 1;
    }
    i
}

/// A day and a month: 6 أغسطس, الرابع من ابريل, the 2nd of march, 31st Oct 1974,
/// 20th of the previous month; ranges 13 to 15 of July, من الثالث والعشرون وحتى السادس
/// والعشرين من شهر اكتوبر, 1-8 september.
fn day_month(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = range_start(p, i);
    let ranged = j > i;
    let (e, d1) = day_at(p, j)?;
    // الفصل الثاني في غشت: an ordinal after a definite noun is that noun's (the second
    // quarter), not a day of the month.
    if !ranged && !p.is_digits(j) && j == i && i > 0 {
        let b = i - 1;
        let noun = p.is_word(b)
            && p.f(b).starts_with("ال")
            && weekday_at(p, b).is_none()
            && lookup(&super::date_words::cal().relative, p, b).is_none()
            && super::date_words::unit_at(p, b).is_none()
            && !is(p, b, &["الموافق", "الموافقه"]);
        if noun {
            return None;
        }
    }
    let mut d2 = None;
    let mut k = e;
    // بين 13 و15: و ties the ends only after بين / between.
    let between = matches!(p.f(i), "بين" | "between" | "يومي");
    let and = ranged && matches!(p.f(e), "و" | "and") && between;
    // من 5 لـ 10 مارس: the colloquial ل "to" ties the ends after من.
    let to = ranged && p.f(e) == "ل" && p.f(i) == "من";
    if let Some(s) = range_sep(p, e).or((and || to).then_some(e + 1)) {
        if let Some((e2, d)) = day_at(p, s) {
            d2 = Some(d);
            k = e2;
        }
    } else if ranged && between && p.f(e).starts_with('و') {
        // بين الأول والخامس: و glued to the second end (an ordinal reads through it).
        if let Some((e2, d)) = day_at(p, e) {
            d2 = Some(d);
            k = e2;
        }
    }
    if ranged && d2.is_none() {
        return None;
    }
    if is(p, k, &["من", "of", "في"]) && p.f(k).chars().count() <= 2 {
        k += 1;
    }
    let before_the = k;
    if p.f(k) == "the" {
        k += 1;
    }
    // يوم 3 من الشهر, the 3rd of the month: the definite month alone is the reference's.
    let r = month_at_with(p, k, true).or_else(|| this_month(p, before_the))?;
    if let MonthIs::Hijri(m) = r.month {
        let hy = match r.year {
            Some(YearIs::Hijri(y)) => y,
            Some(YearIs::Exact(y)) if y < 1700 => y,
            // 15 رمضان, اليوم الأول من رمضان: that day of the month the name alone means.
            None => {
                let v = hijri_month(&r, ctx).and_then(|(a, b)| {
                    let at =
                        |d: u32| Some(a + Duration::days(i64::from(d) - 1)).filter(|x| *x <= b);
                    let x = at(d1)?;
                    Some(range(x, d2.map_or(Some(x), at)?))
                });
                return Some((r.end, v));
            }
            _ => return Some((r.end, None)),
        };
        let a = hijri_to_date(hy, m, d1);
        let b = d2.and_then(|d| hijri_to_date(hy, m, d));
        return Some((r.end, a.map(|a| range(a, b.unwrap_or(a)))));
    }
    let tense = ctx.tense;
    let value = (|| {
        let m = match r.month {
            MonthIs::Gregorian(m) => m,
            _ => resolve_month(&r, ctx)?.1,
        };
        let a = match (r.year, r.month) {
            (None, MonthIs::Gregorian(_)) if r.dir.is_none() => ctx.bare_md(m, d1, tense)?,
            _ => ymd(resolve_month(&r, ctx)?.0, m, d1)?,
        };
        let b = match d2 {
            Some(d) => ymd(a.year(), m, d)?,
            None => a,
        };
        Some(range(a, b))
    })();
    Some((r.end, value))
}

/// A month and then a day: march 3, Feb 18, 2013, تموز 13 الى 15, march first.
fn month_day(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let r = month_at_with(p, i, true)?;
    if r.year.is_some() || r.dir.is_some() {
        return None;
    }
    let MonthIs::Gregorian(m) = r.month else {
        return None;
    };
    let (mut e, d1) = day_at(p, r.end)?;
    let mut d2 = None;
    if let Some(s) = range_sep(p, e) {
        if let Some((e2, d)) = day_at(p, s) {
            d2 = Some(d);
            e = e2;
        }
    }
    let mut year = None;
    if let Some((e2, YearIs::Exact(y))) = year_after(p, e) {
        year = Some(y);
        e = e2;
    }
    let value = (|| {
        let a = match year {
            Some(y) => ymd(y, m, d1)?,
            None => ctx.bare_md(m, d1, ctx.tense)?,
        };
        let b = d2.and_then(|d| ymd(a.year(), m, d)).unwrap_or(a);
        Some(range(a, b))
    })();
    Some((e, value))
}

/// A month alone or with its year, maybe qualified: سبتمبر 2018, نوفمبر المقبل, next March,
/// late March, في أوائل شهر مارس, منتصف آذار, بداية شهر 3, رمضان 2019.
fn month_only(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let mut part = None;
    let mut j = i;
    if let Some((e, d)) = dir_at(p, i) {
        // next March
        if let Some(r) = month_at(p, e) {
            if matches!(r.month, MonthIs::Gregorian(_)) && r.year.is_none() {
                let m = match r.month {
                    MonthIs::Gregorian(m) => m,
                    _ => 0,
                };
                let t = if d == Dir::Last {
                    Tense::Past
                } else {
                    Tense::Future
                };
                let y = ctx.reference.map(|rf| nearest_month(rf, m, t));
                return Some((r.end, y.map(|y| month(y, m))));
            }
        }
    }
    for (words, which) in [
        (&["late", "اواخر", "نهايه", "end"][..], 3u8),
        (&["early", "اوائل", "مطلع"][..], 1),
        (&["mid", "منتصف", "نص", "نصف", "middle", "اواسط"][..], 2),
        (
            &["beginning", "بدايه", "بدايات", "اول", "start", "غره"][..],
            4,
        ),
    ] {
        if is(p, i, words) {
            part = Some(which);
            j = i + 1;
            if matches!(p.f(j), "of" | "-") {
                j += 1;
            }
            break;
        }
    }
    let r = month_at(p, j).or_else(|| this_month(p, j).filter(|_| part.is_some()))?;
    if matches!(r.month, MonthIs::Hijri(_)) {
        // غرة رمضان, منتصف رمضان, أواخر رمضان: the same parts as a Gregorian month's.
        let span = hijri_month(&r, ctx).map(|(a, b)| match part {
            Some(1) => range(a, a + Duration::days(9)),
            Some(2) => day(a + Duration::days(14)),
            Some(3) => range(a + Duration::days(20), b),
            Some(_) => day(a),
            None => range(a, b),
        });
        return Some((r.end, span));
    }
    // A bare month name needs some weight: a cue, a year, a part, or a direction.
    let value = (|| {
        let (y, m) = resolve_month(&r, ctx)?;
        let last = days_in_month(y, m);
        Some(match part {
            Some(1) => range(ymd(y, m, 1)?, ymd(y, m, 10)?),
            Some(2) => day(ymd(y, m, 15)?),
            Some(3) => range(ymd(y, m, 21)?, ymd(y, m, last)?),
            Some(_) => day(ymd(y, m, 1)?),
            None => month(y, m),
        })
    })();
    Some((r.end, value))
}

/// A third of a month by its ten days, as Arabic counts them: العشر الأوائل من ذي الحجة
/// (days 1-10), العشر الأواسط (11-20), العشر الأواخر من رمضان (21 to the month's end).
fn tenth_part(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    if !is(p, i, &["العشر"]) {
        return None;
    }
    let part = if is(p, i + 1, &["الاوائل", "الاولي"]) {
        0
    } else if is(p, i + 1, &["الاواسط", "الوسطي"]) {
        1
    } else if is(p, i + 1, &["الاواخر", "الاخيره"]) {
        2
    } else {
        return None;
    };
    let k = if is(p, i + 2, &["من", "في"]) && p.f(i + 2).chars().count() <= 2 {
        i + 3
    } else {
        i + 2
    };
    let r = month_at(p, k)?;
    let span = match r.month {
        MonthIs::Hijri(_) => hijri_month(&r, ctx),
        _ => resolve_month(&r, ctx)
            .and_then(|(y, m)| Some((ymd(y, m, 1)?, ymd(y, m, days_in_month(y, m))?))),
    };
    let v = span.map(|(a, b)| match part {
        0 => range(a, a + Duration::days(9)),
        1 => range(a + Duration::days(10), a + Duration::days(19)),
        _ => range(a + Duration::days(20), b),
    });
    Some((r.end, v))
}

/// Numeric dates: 10/31/1974, 31/10/74, 10.31.1974, 31-Oct-74, 2024-08-18, 2014-10,
/// 2014/10, 2/2013.
fn numeric(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    // Not the tail of something glued before it (12:30/45, a.1/2), except after a word.
    if !p.is_digits(i) || (i > 0 && p.glued(i) && !p.is_word(i - 1) && p.f(i - 1) != "(") {
        return None;
    }
    let sep = p.f(i + 1);
    if !matches!(sep, "/" | "-" | ".") || !p.glued(i + 1) || !p.glued(i + 2) {
        return None;
    }
    let a = p.f(i);
    // The middle part may be a month name (31-Oct-74).
    let mid_month = lookup(&super::date_words::cal().months, p, i + 2)
        .filter(|(e, _)| *e == i + 3)
        .map(|(_, &(m, _))| m);
    if !p.is_digits(i + 2) && mid_month.is_none() {
        return None;
    }
    let b = p.f(i + 2);
    let third = p.f(i + 3) == sep && p.glued(i + 3) && p.is_digits(i + 4) && p.glued(i + 4);
    let num = |s: &str| s.parse::<i32>().ok();
    if !third {
        if mid_month.is_some() || sep == "." {
            return None;
        }
        // YYYY-MM, YYYY/MM, M/YYYY
        let (x, y) = (num(a)?, num(b)?);
        if a.len() == 4 && (1..=12).contains(&y) && b.len() <= 2 {
            return Some((i + 3, Some(month(x, y as u32))));
        }
        if b.len() == 4 && (1..=12).contains(&x) && a.len() <= 2 && sep == "/" {
            return Some((i + 3, ymd(y, x as u32, 1).map(day)));
        }
        // on 2/15, في 15/2: a day and month with no year only after a word that says a date
        // follows; alone, 1/16 and 3/20 are fractions as often as days.
        if sep == "/"
            && a.len() <= 2
            && b.len() <= 2
            && (1..=31).contains(&x)
            && (1..=31).contains(&y)
        {
            if !(i > 0 && is(p, i - 1, &["on", "في", "يوم", "بتاريخ"])) {
                return None;
            }
            let (m, d) = if x > 12 || (ctx.day_first && y <= 12) {
                (y as u32, x as u32)
            } else {
                (x as u32, y as u32)
            };
            if m > 12 {
                return None;
            }
            let v = ctx.bare_md(m, d, ctx.tense).map(day);
            return Some((i + 3, v));
        }
        return None;
    }
    let c = p.f(i + 4);
    // 1446/09/01 هـ, 01/09/1446هـ: a numeric Hijri date, day first when the year is last.
    if is(p, i + 5, &["هـ", "ه", "هجري", "هجريه"]) {
        let (y, m, d) = if a.len() == 4 {
            (num(a)?, num(b)?, num(c)?)
        } else if c.len() == 4 {
            (num(c)?, num(b)?, num(a)?)
        } else {
            return None;
        };
        let v = hijri_to_date(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?);
        return Some((i + 6, v.map(day)));
    }
    let year_of = |s: &str| -> Option<i32> {
        let y = num(s)?;
        match s.len() {
            4 => Some(y),
            2 if y >= 50 => Some(1900 + y),
            2 => Some(2000 + y),
            _ => None,
        }
    };
    let value = if a.len() == 4 {
        ymd(num(a)?, num(b)? as u32, num(c)? as u32)
    } else {
        let y = year_of(c)?;
        let (x, z) = (
            num(a)? as u32,
            mid_month.map_or_else(|| num(b).map(|v| v as u32), Some)?,
        );
        let (m, d) = if mid_month.is_some() || x > 12 || (ctx.day_first && z <= 12) {
            (z, x)
        } else {
            (x, z)
        };
        ymd(y, m, d)
    };
    let _ = ctx;
    value.map(|v| (i + 5, Some(day(v))))
}

/// Years: من 1993 إلى 2003, between 1993 and 2003, عام 2014, سنة 2015, in 2014 AD.
fn year(p: &Para, i: usize, _ctx: &Ctx) -> Hit {
    let j = range_start(p, i);
    if j > i {
        let j = if is(p, j, &["عام", "العام", "سنه", "عامي", "سنتي"]) {
            j + 1
        } else {
            j
        };
        let y1 = year_digits(p, j)?;
        let between = matches!(p.f(i), "بين" | "between");
        let s = range_sep(p, j + 1)
            .or_else(|| (between && matches!(p.f(j + 1), "و" | "and")).then_some(j + 2))?;
        let s = if is(p, s, &["عام", "العام", "سنه"]) {
            s + 1
        } else {
            s
        };
        let y2 = year_digits(p, s)?;
        return (y2 > y1).then(|| (s + 1, Some(format!("{y1}/{y2}"))));
    }
    let cue = is(p, i, &["عام", "العام", "سنه", "السنه", "year"]);
    let k = if cue { i + 1 } else { i };
    // سنة ألفين وعشرين, عام ألفين وخمسة وعشرين: after its cue a year may be in words.
    if cue && !p.is_digits(k) {
        let n = number::at(p, k).filter(|n| n.words)?;
        let y = n.value.as_int().filter(|y| (1000..3000).contains(y))?;
        return Some((n.b, Some(format!("{y:04}"))));
    }
    let y = year_digits(p, k)?;
    let mut e = k + 1;
    // 1993-2003
    if !cue && p.f(e) == "-" && p.glued(e) {
        let y2 = year_digits(p, e + 1)?;
        return (y2 > y && p.glued(e + 1)).then(|| (e + 2, Some(format!("{y}/{y2}"))));
    }
    if matches!(p.f(e), "ad" | "م" | "ميلادي" | "ce") {
        e += 1;
    } else if p.f(e) == "a" && p.f(e + 1) == "." && p.f(e + 2) == "d" {
        e += if p.f(e + 3) == "." { 4 } else { 3 };
    } else if is(p, e, &["هـ", "ه", "هجري", "هجريه"]) {
        let a = hijri_to_date(y, 1, 1);
        let b = hijri_to_date(y + 1, 1, 1).map(|d| d - Duration::days(1));
        return Some((e + 1, a.zip(b).map(|(a, b)| range(a, b))));
    }
    let before = i.checked_sub(1).map(|b| p.f(b)).unwrap_or("");
    let preposition = matches!(
        before,
        "في" | "in"
            | "منذ"
            | "since"
            | "by"
            | "until"
            | "before"
            | "after"
            | "of"
            | "خلال"
            | "during"
    );
    if !cue && e == k + 1 && !preposition {
        return None;
    }
    // A count, not a year: "عام 2000 جندي" does not happen, but "2000 جندي" does.
    if !cue && number::at(p, k).is_some_and(|n| n.b > k + 1) {
        return None;
    }
    Some((e, Some(format!("{y:04}"))))
}

/// The last day of a month: اخر يوم بشهر عشرة سنة 2015, اليوم الاخير من شهر عشرة, the last
/// day of March.
fn last_day(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let j = if p.f(i) == "the" { i + 1 } else { i };
    let first = (is(p, j, &["اول", "first"]) && is(p, j + 1, &["يوم", "day"]))
        || (is(p, j, &["اليوم"]) && is(p, j + 1, &["الاول"]));
    let e = if first
        || (is(p, j, &["اخر", "last", "final"]) && is(p, j + 1, &["يوم", "day", "ايام"]))
        || (is(p, j, &["اليوم"]) && is(p, j + 1, &["الاخير"]))
    {
        j + 2
    } else {
        return None;
    };
    let k = if is(p, e, &["من", "في", "of"]) && p.f(e).chars().count() <= 2 {
        e + 1
    } else {
        e
    };
    // The first or last day of a year: آخر يوم من السنة, the first day of 2014, أول يوم من
    // العام المقبل.
    let year_k = if p.f(k) == "the" && p.f(k + 1) == "year" {
        k + 1
    } else {
        k
    };
    if month_at(p, k).is_none() {
        if let Some((e2, y)) = super::date_season::year_ref(p, year_k, ctx) {
            let v = y.and_then(|y| if first { ymd(y, 1, 1) } else { ymd(y, 12, 31) });
            return Some((e2, v.map(day)));
        }
    }
    if first {
        // أول يوم في شهر أيار: day 1, which the day and month rule reads as well.
        return None;
    }
    let r = month_at(p, k).or_else(|| this_month(p, k))?;
    let v = resolve_month(&r, ctx)
        .and_then(|(y, m)| ymd(y, m, days_in_month(y, m)))
        .map(day);
    Some((r.end, v))
}

/// English closed-class words that may follow a date.
const FUNCTION_WORDS: [&str; 24] = [
    "and", "or", "but", "at", "in", "from", "to", "by", "before", "after", "when", "if", "the",
    "a", "an", "we", "i", "you", "he", "she", "they", "it", "there", "this",
];

/// A day of the month alone after "on": on the 15th (this month's, or the next month's once
/// it has passed). "the 15th" with no "on" is too often a century or an anniversary.
fn day_alone(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    if p.f(i) != "on" || p.f(i + 1) != "the" {
        return None;
    }
    let (e, d) = number::digit_ordinal(p, i + 2).or_else(|| number::ordinal(p, i + 2))?;
    // What follows must not be the noun the ordinal counts (the 15th floor): end, punctuation
    // or a closed-class word (a pronoun, an article, a preposition, a conjunction).
    if !(1..=31).contains(&d) || p.is_word(e) && !FUNCTION_WORDS.contains(&p.f(e)) {
        return None;
    }
    let v = ctx.reference.and_then(|r| {
        let here = ymd(r.year(), r.month(), d).filter(|x| *x >= r || ctx.tense == Tense::Past);
        here.or_else(|| {
            let (y, m) = add_months(r.year(), r.month(), 1);
            ymd(y, m, d)
        })
    });
    Some((e, v.map(day)))
}

/// "the month" after a part or a last day (the end of the month, the last day of the
/// month): the month of the reference.
fn this_month(p: &Para, j: usize) -> Option<MonthRef> {
    // نهاية الشهر, أواخر الشهر: the definite month alone is the reference's, as "the month".
    let end = if p.f(j) == "the" && p.f(j + 1) == "month" {
        j + 2
    } else if p.f(j) == "الشهر" && dir_at(p, j + 1).is_none() && !p.is_digits(j + 1) {
        j + 1
    } else {
        return None;
    };
    Some(MonthRef {
        end,
        month: MonthIs::Relative(0),
        year: None,
        dir: None,
    })
}

/// A full date right after a weekday (Monday, Feb 18; الاثنين 18 شباط).
pub(super) fn date_after_weekday(p: &Para, s: usize, ctx: &Ctx) -> Hit {
    [day_month, month_day, numeric]
        .iter()
        .filter_map(|f| f(p, s, ctx))
        .max_by_key(|(e, _)| *e)
}

/// Helpers shared with `date_rel`.
pub(super) fn week_range(mon: NaiveDate) -> String {
    range(mon, mon + Duration::days(6))
}

/// A weekday search from a date: the next or previous day with a given weekday.
pub(super) type WeekdayFn = fn(NaiveDate, u32) -> NaiveDate;

pub(super) fn weekday_fns() -> (WeekdayFn, WeekdayFn) {
    (next_weekday, prev_weekday)
}

pub(super) fn nth_wd(y: i32, m: u32, wd: u32, n: i32) -> Option<NaiveDate> {
    nth_weekday(y, m, wd, n)
}

pub(super) fn week_of(d: NaiveDate) -> NaiveDate {
    monday(d)
}

pub(super) fn in_week_of(mon: NaiveDate, wd: u32) -> NaiveDate {
    in_week(mon, wd)
}

#[cfg(test)]
mod tests {
    use crate::facts::date_tests::{one, spans};

    #[test]
    fn thirds_of_a_month_by_ten_days() {
        // Ramadan 1434 ran from 2013-07-09 to 2013-08-07 (Umm al-Qura).
        one("العشر الأواخر من رمضان", "2013-07-29/2013-08-07");
        one("العشر الأوائل من ذي الحجة", "2013-10-06/2013-10-15");
        one("العشر الأواسط من مارس", "2013-03-11/2013-03-20");
        // Ten of something else is no date.
        assert!(spans("العشر الأواخر من المتسابقين").is_empty());
    }

    #[test]
    fn range_ends_tied_as_speech_and_writing_tie_them() {
        one("من 5 لـ 10 مارس", "2013-03-05/2013-03-10");
        one("بين الأول والخامس من مارس", "2013-03-01/2013-03-05");
    }

    #[test]
    fn the_month_alone_after_a_part_is_this_month() {
        one("نهاية الشهر", "2013-02-21/2013-02-28");
        one("the end of the month", "2013-02-21/2013-02-28");
        // الشهر with a direction is that month.
        one("نهاية الشهر المقبل", "2013-03-21/2013-03-31");
    }

    #[test]
    fn a_year_in_words_after_its_cue() {
        one("سنة ألفين وعشرين", "2020");
        one("عام ألفين وخمسة وعشرين", "2025");
        // Words with no cue are a number, not a year.
        assert!(spans("ألفين وعشرين").is_empty());
    }

    #[test]
    fn a_day_of_a_hijri_month_with_no_year_is_in_the_next_such_month() {
        one("أول أيام رمضان", "2013-07-09");
        one("اليوم الأول من رمضان", "2013-07-09");
        one("15 رمضان", "2013-07-23");
    }

    #[test]
    fn english_possessives_of_date_words() {
        let dates = |t: &str| -> Vec<String> { spans(t).into_iter().map(|(_, v)| v).collect() };
        assert_eq!(dates("Tuesday's vote"), ["2013-02-19"]);
        assert_eq!(dates("yesterday's attack"), ["2013-02-11"]);
        assert_eq!(dates("next week's summit"), ["2013-02-18/2013-02-24"]);
        assert_eq!(dates("last year's election"), ["2012"]);
        assert!(dates("Putin's visit").is_empty());
    }

    #[test]
    fn the_first_and_last_day_of_a_year() {
        one("آخر يوم من السنة", "2013-12-31");
        one("أول يوم من السنة القادمة", "2014-01-01");
        one("the last day of the year", "2013-12-31");
        one("the first day of 2014", "2014-01-01");
        // Of a month, as before.
        one("آخر يوم في شهر شباط", "2013-02-28");
    }

    #[test]
    fn the_nth_day_of_a_month() {
        one("first day of next month", "2013-03-01");
        one("اليوم الأول من الشهر المقبل", "2013-03-01");
        one("March of next year", "2014-03");
    }

    #[test]
    fn a_numeric_date_with_the_hijri_mark_is_hijri() {
        one("1434/09/01هـ", "2013-07-09");
        one("01/09/1434 هـ", "2013-07-09");
        // Without the mark it is Gregorian.
        one("2013/07/09", "2013-07-09");
    }

    #[test]
    fn a_day_of_the_month_alone_is_this_months() {
        one("يوم 3 من الشهر", "2013-02-03");
        one("the 3rd of the month", "2013-02-03");
    }

    #[test]
    fn before_yesterday_by_a_count() {
        one("قبل أمس بيومين", "2013-02-09");
        one("أول امبارح", "2013-02-10");
    }

    #[test]
    fn the_two_days_dual_joins_two_days() {
        one("يومي 28 و29 مايو", "2013-05-28/2013-05-29");
    }

    #[test]
    fn an_ordinal_after_a_definite_noun_is_no_day() {
        let got = spans("أرقام الفصل الثاني في أغسطس");
        assert_eq!(got, [("أغسطس".to_string(), "2013-08".to_string())]);
        // On its own it is one.
        one("الثاني من مارس", "2013-03-02");
    }

    #[test]
    fn a_range_without_a_year_leans_as_a_day_does() {
        // Ten days gone is this year's, as a single day is.
        one("Feb 2-4", "2013-02-02/2013-02-04");
        one("March 12-14", "2013-03-12/2013-03-14");
    }

    #[test]
    fn english_compound_ordinals() {
        one("the twenty-ninth of March", "2013-03-29");
        one("March thirty first", "2013-03-31");
    }

    #[test]
    fn a_year_stated_carries_to_later_months_and_days() {
        let got = spans("أرجئت في خريف 2024، ثم أعلن في الثالث من نوفمبر تأجيلًا آخر");
        assert_eq!(
            got[1],
            ("الثالث من نوفمبر".to_string(), "2024-11-03".to_string())
        );
    }

    #[test]
    fn an_english_year_dates_its_own_event_only() {
        // English news names the year only when it is not the current one: the later bare
        // dates resolve from the reference as if the year had not been named.
        let with = spans("The plant opened in 2019. On March 3 it shut and in May it reopened.");
        let without = spans("On March 3 it shut and in May it reopened.");
        assert_eq!(with[0].1, "2019");
        assert_eq!(with[1..], without[..]);
        assert!(!with[1].1.starts_with("2019"), "{with:?}");
    }

    #[test]
    fn a_date_that_speaks_from_now_ends_the_stated_year() {
        let got = spans("زارها في سبتمبر 2018، وستستضيف القمة في نوفمبر المقبل وفي 6 أغسطس");
        let values: Vec<&str> = got.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["2018-09", "2013-11", "2013-08-06"]);
        // A span up to now (منذ 2015) states no year to carry.
        let got = spans("تعمل منذ عام 2015 وتفتح في مارس");
        assert_eq!(got[1].1, "2013-03");
    }

    #[test]
    fn a_stated_year_reaches_the_next_paragraph_only() {
        let facts = crate::facts::extract(
            &[
                "انتهت الحرب عام 2020.",
                "وفي مارس وقعت الهدنة.",
                "وفي مايو تبدأ المحادثات.",
            ],
            "2013-02-12".parse().ok(),
        );
        let values: Vec<String> = facts.facts.iter().filter_map(|f| f.value.clone()).collect();
        assert_eq!(values, ["2020", "2020-03", "2013-05"]);
    }

    #[test]
    fn english_names_of_the_hijri_months_take_a_hijri_year() {
        one("Ramadan 1434", "2013-07-09/2013-08-07");
        let ar = spans("ذو الحجة 1435");
        assert!(ar[0].1.starts_with("2014-09-25/"), "{ar:?}");
        one("Dhu al-Hijjah 1435", &ar[0].1);
        // A Gregorian year puts the month where it falls in that year.
        one("Ramadan 2013", "2013-07-09/2013-08-07");
    }

    #[test]
    fn the_final_day_of_a_month_is_its_last() {
        one("the final day of March", "2013-03-31");
    }

    #[test]
    fn the_arabic_weekend_is_a_holiday_or_the_end_of_this_week() {
        // Tuesday 2013-02-12: this weekend is the 16th and 17th.
        one("عطلة نهاية الأسبوع", "2013-02-16/2013-02-17");
        one("عطلة نهاية الأسبوع المقبل", "2013-02-23/2013-02-24");
        one("عطلة نهاية الأسبوع الماضي", "2013-02-09/2013-02-10");
        one("نهاية هذا الأسبوع", "2013-02-16/2013-02-17");
    }

    #[test]
    fn a_relative_years_possessive_owns_the_month_after_it() {
        one("last year's October", "2012-10");
        one("next year's March 3", "2014-03-03");
        // A month with its own year keeps it.
        let got = spans("next year's March 2020");
        assert_ne!(
            got,
            [("next year's March 2020".to_string(), "2014-03".to_string())]
        );
    }
}
