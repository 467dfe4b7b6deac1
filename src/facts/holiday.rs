//! Holidays: names from `data/holidays.txt`, each with a rule that gives its date in a
//! Gregorian year (fixed days, nth weekdays, Easter, the Hijri and Hebrew calendars, and for the
//! lunisolar Hindu, Chinese and Buddhist feasts the dates a package publishes per year).

use super::calendar::{
    easter, hijri_to_date, hijri_year_for, nth_weekday, orthodox_easter, shift, ymd,
};
use super::lexicon::{sections, PhraseMap};
use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::OnceLock;

/// A holiday's date in one year: one day or an inclusive range.
pub type Span = (NaiveDate, NaiveDate);

pub fn names() -> &'static PhraseMap<String> {
    static H: OnceLock<PhraseMap<String>> = OnceLock::new();
    H.get_or_init(|| {
        let mut m = PhraseMap::default();
        for (k, v) in sections(include_str!("data/holidays.txt"))
            .get("holiday")
            .into_iter()
            .flatten()
        {
            // Eid al-Fitr and Eid al Fitr: a hyphen inside a name is written or left out.
            if k.contains(" - ") {
                m.insert(&k.replace(" - ", " "), v.clone());
            }
            m.insert(k, v.clone());
        }
        m
    })
}

/// Dates by year for holidays of calendars not computed here, from `data/holiday_tables.txt`.
fn tables() -> &'static std::collections::HashMap<String, Vec<NaiveDate>> {
    static T: OnceLock<std::collections::HashMap<String, Vec<NaiveDate>>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("data/holiday_tables.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| {
                let days = v.split(',').filter_map(|d| d.trim().parse().ok()).collect();
                (k.to_string(), days)
            })
            .collect()
    })
}

fn num<T: std::str::FromStr>(s: Option<&str>) -> Option<T> {
    s?.trim().parse().ok()
}

fn md(s: Option<&str>) -> Option<(u32, u32)> {
    let (m, d) = s?.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

/// The holiday's date (or range) in Gregorian year `y`.
pub fn in_year(rule: &str, y: i32) -> Option<Span> {
    let mut parts = rule.split(':');
    let kind = parts.next()?;
    let a = parts.next();
    let b = parts.next();
    let c = parts.next();
    let one = |d: NaiveDate| Some((d, d));
    match kind {
        "fixed" => one(ymd(y, md(a)?.0, md(a)?.1)?),
        "satback" => {
            let d = ymd(y, md(a)?.0, md(a)?.1)?;
            one(if d.weekday() == Weekday::Sun {
                shift(d, -1)
            } else {
                d
            })
        }
        "weekday" => {
            let d = ymd(y, md(a)?.0, md(a)?.1)?;
            one(match d.weekday() {
                Weekday::Sat => shift(d, -1),
                Weekday::Sun => shift(d, 1),
                _ => d,
            })
        }
        "nth" => one(nth_weekday(y, num(a)?, num(b)?, num(c)?)?),
        "easter" => {
            let e = easter(y)?;
            let from = shift(e, num(a)?);
            match num::<i64>(b) {
                Some(to) => Some((from, shift(e, to))),
                None => one(from),
            }
        }
        "orthodox" => {
            let e = orthodox_easter(y)?;
            let from = shift(e, num(a)?);
            match num::<i64>(b) {
                Some(to) => Some((from, shift(e, to))),
                None => one(from),
            }
        }
        "hijri" => {
            let (m, d): (u32, u32) = (num(a)?, num(b)?);
            let hy = hijri_year_for(y, m)?;
            one(hijri_to_date(hy, m, d)?)
        }
        "hijrimonth" => {
            let m: u32 = num(a)?;
            hijri_month_span(hijri_year_for(y, m)?, m)
        }
        "hebrew" => {
            let (m, d, len): (u32, u32, i64) = (num(a)?, num(b)?, num(c)?);
            let day = hebrew_in_gregorian(y, m, d)?;
            // Tisha b'Av on a Sabbath is kept on the Sunday.
            let day = if m == 5 && d == 9 && day.weekday() == Weekday::Sat {
                shift(day, 1)
            } else {
                day
            };
            let eve = shift(day, -1);
            Some((eve, shift(eve, len)))
        }
        "cny" => one(chinese_new_year(y)?),
        "table" => one(*tables().get(a?)?.iter().find(|d| d.year() == y)?),
        // N days from the Nth weekday WD of month MM (Black Friday: the day after Thanksgiving).
        "nthshift" => one(shift(
            nth_weekday(y, num(a)?, num(b)?, num(c)?)?,
            num(parts.next())?,
        )),
        // LEN days from MM-DD (Kwanzaa, December 26 for seven days).
        "span" => {
            let (m, d) = md(a)?;
            let from = ymd(y, m, d)?;
            Some((from, shift(from, num::<i64>(b)? - 1)))
        }
        _ => None,
    }
}

/// First and last day of Hijri month `m` of Hijri year `hy`.
pub fn hijri_month_span(hy: i32, m: u32) -> Option<Span> {
    let first = hijri_to_date(hy, m, 1)?;
    let next = if m == 12 {
        hijri_to_date(hy + 1, 1, 1)?
    } else {
        hijri_to_date(hy, m + 1, 1)?
    };
    Some((first, shift(next, -1)))
}

/// The first occurrence at or after `from` (`forward`) or the last one before it.
pub fn nearest(rule: &str, from: NaiveDate, forward: bool) -> Option<Span> {
    let y = from.year();
    if forward {
        (y - 1..=y + 1)
            .filter_map(|yy| in_year(rule, yy))
            .find(|(a, _)| *a >= from)
    } else {
        (y - 1..=y + 1)
            .rev()
            .filter_map(|yy| in_year(rule, yy))
            .find(|(a, _)| *a < from)
    }
}

// --- the Hebrew calendar (arithmetic rules of the fixed calendar) ---

const HEBREW_EPOCH: i64 = -1_373_427;

fn hebrew_leap(y: i64) -> bool {
    (7 * y + 1).rem_euclid(19) < 7
}

fn elapsed_days(y: i64) -> i64 {
    let months = (235 * y - 234).div_euclid(19);
    let parts = 12084 + 13753 * months;
    let day = months * 29 + parts.div_euclid(25920);
    if (3 * (day + 1)).rem_euclid(7) < 3 {
        day + 1
    } else {
        day
    }
}

fn new_year_delay(y: i64) -> i64 {
    let (ny0, ny1, ny2) = (elapsed_days(y - 1), elapsed_days(y), elapsed_days(y + 1));
    if ny2 - ny1 == 356 {
        2
    } else if ny1 - ny0 == 382 {
        1
    } else {
        0
    }
}

fn hebrew_new_year(y: i64) -> i64 {
    HEBREW_EPOCH + elapsed_days(y) + new_year_delay(y)
}

fn month_length(y: i64, m: u32) -> i64 {
    let year_len = hebrew_new_year(y + 1) - hebrew_new_year(y);
    match m {
        2 | 4 | 6 | 10 | 13 => 29,
        8 if year_len % 10 != 5 => 29,
        9 if year_len % 10 == 3 => 29,
        12 if !hebrew_leap(y) => 29,
        _ => 30,
    }
}

/// Days from 0001-01-01 (= 1) of day `d` of month `m` in Hebrew year `y`.
fn hebrew_fixed(y: i64, m: u32, d: u32) -> i64 {
    let last = if hebrew_leap(y) { 13 } else { 12 };
    let mut days = hebrew_new_year(y) + i64::from(d) - 1;
    if m < 7 {
        days += (7..=last).map(|mm| month_length(y, mm)).sum::<i64>();
        days += (1..m).map(|mm| month_length(y, mm)).sum::<i64>();
    } else {
        days += (7..m).map(|mm| month_length(y, mm)).sum::<i64>();
    }
    days
}

/// Day `d` of Hebrew month `m` falling in Gregorian year `gy`. Adar (12) means the second
/// Adar in a leap year, when Purim is kept.
fn hebrew_in_gregorian(gy: i32, m: u32, d: u32) -> Option<NaiveDate> {
    // Tishri, Heshvan and Kislev fall in the autumn that starts Hebrew year gy + 3761; the
    // months after them in the winter and spring of the same Hebrew year, in gy + 1.
    let hy = i64::from(gy) + if (7..=9).contains(&m) { 3761 } else { 3760 };
    let m = if m == 12 && hebrew_leap(hy) { 13 } else { m };
    let fixed = hebrew_fixed(hy, m, d);
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(fixed).ok()?)
}

fn chinese_new_year(y: i32) -> Option<NaiveDate> {
    const TABLE: [(i32, u32, u32); 31] = [
        (2000, 2, 5),
        (2001, 1, 24),
        (2002, 2, 12),
        (2003, 2, 1),
        (2004, 1, 22),
        (2005, 2, 9),
        (2006, 1, 29),
        (2007, 2, 18),
        (2008, 2, 7),
        (2009, 1, 26),
        (2010, 2, 14),
        (2011, 2, 3),
        (2012, 1, 23),
        (2013, 2, 10),
        (2014, 1, 31),
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        (2030, 2, 3),
    ];
    let &(_, m, d) = TABLE.iter().find(|(yy, _, _)| *yy == y)?;
    ymd(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(rule: &str, y: i32) -> String {
        match in_year(rule, y) {
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a}/{b}"),
            None => "none".into(),
        }
    }

    #[test]
    fn rules() {
        assert_eq!(span("nth:11:4:4", 2012), "2012-11-22");
        assert_eq!(span("satback:04-27", 2014), "2014-04-26");
        assert_eq!(span("weekday:10-16", 2016), "2016-10-17");
        assert_eq!(span("easter:-47", 2013), "2013-02-12");
        assert_eq!(span("orthodox:-48:-9", 2018), "2018-02-19/2018-03-30");
        assert_eq!(span("hebrew:7:1:2", 2018), "2018-09-09/2018-09-11");
        assert_eq!(span("hebrew:12:14:0", 2013), "2013-02-23");
        assert_eq!(span("hebrew:9:25:7", 2018), "2018-12-02/2018-12-09");
        assert_eq!(span("cny", 2013), "2013-02-10");
        assert_eq!(span("table:diwali_india", 2013), "2013-11-03");
        assert_eq!(span("easter:-46:-1", 2013), "2013-02-13/2013-03-30");
        assert_eq!(span("table:diwali_india", 1500), "none");
        assert_eq!(span("nthshift:11:4:4:1", 2013), "2013-11-29");
        assert_eq!(span("span:12-26:7", 2013), "2013-12-26/2014-01-01");
    }
}
