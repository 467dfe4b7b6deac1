//! Calendar arithmetic for resolving dates: weeks (Monday first, as ISO 8601 and Duckling
//! count them), nth weekdays, the nearest occurrence of a day and month, the tabular Islamic
//! calendar, and Easter (Western and Orthodox).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Which way an unqualified day or month leans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// The sentence says nothing: the next occurrence unless it was very recent.
    Neutral,
    Past,
    Future,
}

pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `1` = Monday .. `7` = Sunday.
pub fn weekday_of(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The Monday of `d`'s week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The day with weekday `wd` (1-7) in the week that starts on `monday`.
pub fn in_week(monday: NaiveDate, wd: u32) -> NaiveDate {
    monday + Duration::days(i64::from(wd.clamp(1, 7)) - 1)
}

/// The first day after `d` with weekday `wd`.
pub fn next_weekday(d: NaiveDate, wd: u32) -> NaiveDate {
    let target = weekday_of(wd).num_days_from_monday() as i64;
    let now = d.weekday().num_days_from_monday() as i64;
    let ahead = (target - now).rem_euclid(7);
    d + Duration::days(if ahead == 0 { 7 } else { ahead })
}

/// The last day before `d` with weekday `wd`.
pub fn prev_weekday(d: NaiveDate, wd: u32) -> NaiveDate {
    let target = weekday_of(wd).num_days_from_monday() as i64;
    let now = d.weekday().num_days_from_monday() as i64;
    let back = (now - target).rem_euclid(7);
    d - Duration::days(if back == 0 { 7 } else { back })
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        ymd(y + 1, 1, 1)
    } else {
        ymd(y, m + 1, 1)
    };
    match (next, ymd(y, m, 1)) {
        (Some(n), Some(f)) => (n - f).num_days() as u32,
        _ => 30,
    }
}

/// `(year, month)` shifted by `n` months.
pub fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let idx = y * 12 + m as i32 - 1 + n;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

/// The `n`th (1-based) weekday `wd` of a month; `n = -1` is the last.
pub fn nth_weekday(y: i32, m: u32, wd: u32, n: i32) -> Option<NaiveDate> {
    if n < 0 {
        let last = ymd(y, m, days_in_month(y, m))?;
        let d = if last.weekday() == weekday_of(wd) {
            last
        } else {
            prev_weekday(last, wd)
        };
        return Some(d - Duration::weeks(i64::from(-n - 1)));
    }
    let first = ymd(y, m, 1)?;
    let d = if first.weekday() == weekday_of(wd) {
        first
    } else {
        next_weekday(first, wd)
    };
    let d = d + Duration::weeks(i64::from(n.max(1) - 1));
    (d.month() == m).then_some(d)
}

/// The day `d` of month `m` nearest to `reference` as a reader of a news story means it:
/// the next one, unless it passed within the last two months (or the sentence is in the past).
pub fn nearest_md(reference: NaiveDate, m: u32, d: u32, tense: Tense) -> Option<NaiveDate> {
    let y = reference.year();
    let this = ymd(y, m, d).or_else(|| ymd(y, m, 28))?;
    Some(match tense {
        Tense::Past if this > reference => ymd(y - 1, m, d).unwrap_or(this),
        Tense::Past => this,
        Tense::Future if this < reference => ymd(y + 1, m, d).unwrap_or(this),
        Tense::Future => this,
        Tense::Neutral if this >= reference || (reference - this).num_days() <= 60 => this,
        Tense::Neutral => ymd(y + 1, m, d).unwrap_or(this),
    })
}

/// The year of month `m` as meant against `reference` (see [`nearest_md`]).
pub fn nearest_month(reference: NaiveDate, m: u32, tense: Tense) -> i32 {
    let y = reference.year();
    let r = reference.month();
    match tense {
        Tense::Past if m > r => y - 1,
        Tense::Future if m < r => y + 1,
        Tense::Neutral if m + 2 < r => y + 1,
        _ => y,
    }
}

/// Days from 0001-01-01 (day 1 = Monday 0001-01-01, proleptic Gregorian) to a date.
fn fixed(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_fixed(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// The tabular Islamic calendar (astronomical epoch, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26,
/// 29 of each 30-year cycle). Real months follow the moon and may differ by a day or two.
pub fn hijri_to_date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    // 0622-07-15 (Julian), the astronomical epoch, as days from 0001-01-01 Gregorian: it agrees
    // with the observed calendar more often than the civil epoch a day later.
    const EPOCH: i64 = 227_014;
    if !(1..=12).contains(&m) || !(1..=30).contains(&d) {
        return None;
    }
    let y = i64::from(y);
    let days = EPOCH - 1
        + (y - 1) * 354
        + (3 + 11 * y).div_euclid(30)
        + 29 * (i64::from(m) - 1)
        + (i64::from(m) / 2)
        + i64::from(d);
    from_fixed(days)
}

/// The Hijri year in which month `m` falls inside Gregorian year `gy` (the first such).
pub fn hijri_year_for(gy: i32, m: u32) -> Option<i32> {
    let guess = ((gy - 622) as f64 * 33.0 / 32.0) as i32;
    (guess - 2..=guess + 2).find(|&hy| hijri_to_date(hy, m, 1).is_some_and(|d| d.year() == gy))
}

/// Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm.
pub fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

/// Orthodox Easter Sunday (Julian computus, shown in the Gregorian calendar).
pub fn orthodox_easter(y: i32) -> Option<NaiveDate> {
    let a = y % 4;
    let b = y % 7;
    let c = y % 19;
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    // Julian to Gregorian: 13 days in 1900-2099.
    let julian = ymd(y, month as u32, day as u32)?;
    let shift = y / 100 - y / 400 - 2;
    Some(julian + Duration::days(i64::from(shift)))
}

/// Fixed-day helper used by holiday rules.
pub fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    d + Duration::days(days)
}

#[allow(dead_code)]
fn _fixed_is_used(d: NaiveDate) -> i64 {
    fixed(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_and_weekdays() {
        let r = d("2013-02-12");
        assert_eq!(monday(r), d("2013-02-11"));
        assert_eq!(next_weekday(r, 2), d("2013-02-19"));
        assert_eq!(prev_weekday(r, 7), d("2013-02-10"));
        assert_eq!(nth_weekday(2014, 9, 2, 3), Some(d("2014-09-16")));
        assert_eq!(nth_weekday(2014, 3, 7, -1), Some(d("2014-03-30")));
    }

    #[test]
    fn nearest_day_and_month_across_year_ends() {
        assert_eq!(
            nearest_md(d("2024-08-18"), 8, 6, Tense::Neutral),
            Some(d("2024-08-06"))
        );
        assert_eq!(
            nearest_md(d("2013-02-12"), 10, 23, Tense::Neutral),
            Some(d("2013-10-23"))
        );
        assert_eq!(
            nearest_md(d("2024-12-30"), 1, 3, Tense::Neutral),
            Some(d("2025-01-03"))
        );
        assert_eq!(nearest_month(d("2024-08-18"), 11, Tense::Future), 2024);
        assert_eq!(nearest_month(d("2024-12-18"), 1, Tense::Future), 2025);
    }

    #[test]
    fn easter_and_hijri() {
        assert_eq!(easter(2013), Some(d("2013-03-31")));
        assert_eq!(orthodox_easter(2018), Some(d("2018-04-08")));
        let ramadan = hijri_to_date(1440, 9, 1).unwrap();
        assert!(
            (ramadan - d("2019-05-06")).num_days().abs() <= 1,
            "{ramadan}"
        );
    }
}
