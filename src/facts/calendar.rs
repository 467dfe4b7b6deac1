//! Calendar arithmetic for resolving dates: weeks (Monday first, as ISO 8601 and Duckling
//! count them), nth weekdays, the nearest occurrence of a day and month, the Hijri calendar
//! (Umm al-Qura, through ICU4X), and Easter (Western and Orthodox).

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

/// Day `d` of month `m` of Hijri year `y` in the Umm al-Qura calendar (Saudi Arabia's, the
/// one Gulf and most Arab news dates by), through ICU4X: KACST's published month starts where
/// they exist (1300-1600 AH), ICU4X's tabular fallback outside. `None` for a day the month does
/// not have (30 in a 29-day month) or a year out of range.
pub fn hijri_to_date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    use icu_calendar::cal::Hijri;
    if !(1..=12).contains(&m) || !(1..=30).contains(&d) || !(1..=9999).contains(&y) {
        return None;
    }
    let h = icu_calendar::Date::try_new_hijri_with_calendar(
        y,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
        Hijri::new_umm_al_qura(),
    )
    .ok()?;
    gregorian(h.to_rata_die())
}

/// The Gregorian date of an ICU4X day: its rata die and chrono's days from the common era
/// both count 0001-01-01 as day 1.
fn gregorian(rd: icu_calendar::types::RataDie) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(rd.to_i64_date()).ok()?)
}

/// Day `d` of month `m` of Solar Hijri year `y` (the Persian calendar of Iranian and Afghan
/// news), through ICU4X's astronomical Persian calendar. `None` for a day the month does not
/// have (31 in Mehr, 30 in Esfand of a common year) or a year out of range.
pub fn persian_to_date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1..=9999).contains(&y) {
        return None;
    }
    let p = icu_calendar::Date::try_new_persian(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
        .ok()?;
    gregorian(p.to_rata_die())
}

/// The Hijri (Umm al-Qura) year, month and day of a Gregorian date.
pub fn date_to_hijri(d: NaiveDate) -> (i32, u32, u32) {
    use icu_calendar::cal::Hijri;
    let rd = icu_calendar::types::RataDie::new(i64::from(d.num_days_from_ce()));
    let h = icu_calendar::Date::from_rata_die(rd, Hijri::new_umm_al_qura());
    (
        h.era_year().year,
        u32::from(h.month().ordinal),
        u32::from(h.day_of_month().0),
    )
}

/// The Hijri year in which month `m` starts inside Gregorian year `gy` (the first such).
pub fn hijri_year_for(gy: i32, m: u32) -> Option<i32> {
    let (hy, _, _) = date_to_hijri(ymd(gy, 1, 1)?);
    (hy..=hy + 1).find(|&y| hijri_to_date(y, m, 1).is_some_and(|d| d.year() == gy))
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
        // Umm al-Qura month starts, as Saudi Arabia published them.
        assert_eq!(hijri_to_date(1440, 9, 1), Some(d("2019-05-06")));
        assert_eq!(hijri_to_date(1434, 10, 1), Some(d("2013-08-08")));
        assert_eq!(hijri_to_date(1435, 1, 1), Some(d("2013-11-04")));
        assert_eq!(date_to_hijri(d("2013-08-08")), (1434, 10, 1));
        assert_eq!(hijri_year_for(2019, 9), Some(1440));
        // Dhu al-Qadah 1434 has 29 days in the tables: there is no 30th.
        assert_eq!(hijri_to_date(1434, 11, 30), None);
    }

    #[test]
    fn solar_hijri_known_days() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        // Nowruz of four years, one of them after a leap year, and mid-year days.
        assert_eq!(persian_to_date(1403, 1, 1), d(2024, 3, 20));
        assert_eq!(persian_to_date(1402, 1, 1), d(2023, 3, 21));
        assert_eq!(persian_to_date(1399, 1, 1), d(2020, 3, 20));
        assert_eq!(persian_to_date(1404, 1, 1), d(2025, 3, 21));
        assert_eq!(persian_to_date(1403, 4, 16), d(2024, 7, 6));
        assert_eq!(persian_to_date(1402, 12, 29), d(2024, 3, 19));
        assert_eq!(persian_to_date(1403, 12, 30), d(2025, 3, 20));
        assert_eq!(persian_to_date(1357, 11, 22), d(1979, 2, 11));
        assert_eq!(persian_to_date(1402, 12, 30), None, "1402 is not leap");
        assert_eq!(persian_to_date(1403, 13, 1), None);
        assert_eq!(persian_to_date(1403, 7, 31), None, "Mehr has 30 days");
    }

    #[test]
    fn hijri_months_end_where_the_next_begins() {
        // Umm al-Qura months have 29 or 30 days by the sighting tables: day 30 exists exactly
        // when the next month does not start the day after day 29.
        for y in 1440..1450 {
            for m in 1..12 {
                let d29 = hijri_to_date(y, m, 29).unwrap();
                let next = hijri_to_date(y, m + 1, 1).unwrap();
                match hijri_to_date(y, m, 30) {
                    Some(d30) => assert_eq!(
                        (d30 - d29, next - d30),
                        (Duration::days(1), Duration::days(1))
                    ),
                    None => assert_eq!(next - d29, Duration::days(1), "{y}-{m}"),
                }
            }
        }
        assert_eq!(hijri_to_date(1445, 0, 1), None);
        assert_eq!(hijri_to_date(1445, 13, 1), None);
    }
}
