//! Hijri (lunar) and Solar Hijri (Persian) dates to Gregorian, with chrono arithmetic: the
//! tabular Islamic calendar (civil epoch, the 30-year cycle with leap years 2, 5, 7, 10, 13,
//! 16, 18, 21, 24, 26, 29) and the Solar Hijri calendar by Borkowski's break years (the
//! algorithm of jalaali-js), exact for years 1 to 3177 AP.
//!
//! The tabular Islamic calendar can differ by a day or two from a calendar fixed by sighting
//! the moon or by Umm al-Qura; a page's date is a day, so that is the accuracy here.

use chrono::{Days, NaiveDate};

/// 1 Muharram 1 AH in the proleptic Gregorian calendar (civil epoch, 16 July 622 Julian).
fn hijri_epoch() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(622, 7, 19)
}

/// The Gregorian date of a tabular Hijri date; `None` when it does not exist.
pub fn from_hijri(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let y = i64::from(year);
    let m = i64::from(month);
    // Months alternate 30 and 29 days; the 12th has 30 in a leap year.
    let month_len = if m % 2 == 1 || (m == 12 && (14 + 11 * y) % 30 < 11) {
        30
    } else {
        29
    };
    if i64::from(day) > month_len {
        return None;
    }
    let days = (y - 1) * 354 + (3 + 11 * y) / 30 + (295 * (m - 1) + 9) / 10 + i64::from(day) - 1;
    hijri_epoch()?.checked_add_days(Days::new(u64::try_from(days).ok()?))
}

const BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// The Gregorian year in which Solar Hijri year `jy` begins and the day of March of 1
/// Farvardin, and whether `jy` is a leap year.
fn jal_cal(jy: i64) -> Option<(i64, i64, bool)> {
    if jy < BREAKS[0] || jy >= BREAKS[19] {
        return None;
    }
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = BREAKS[0];
    let mut jump = 0;
    for &jm in &BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += jump / 33 * 8 + (jump % 33) / 4;
        jp = jm;
    }
    let mut n = jy - jp;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    let march = 20 + leap_j - leap_g;
    if jump - n < 6 {
        n = n - jump + (jump + 4) / 33 * 33;
    }
    let mut leap = ((n + 1) % 33 - 1) % 4;
    if leap == -1 {
        leap = 4;
    }
    Some((gy, march, leap == 0))
}

/// The Gregorian date of a Solar Hijri date; `None` when it does not exist.
pub fn from_solar(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let (gy, march, leap) = jal_cal(i64::from(year))?;
    let len = match month {
        1..=6 => 31,
        7..=11 => 30,
        12 if leap => 30,
        12 => 29,
        _ => return None,
    };
    if day == 0 || day > len {
        return None;
    }
    let m = i64::from(month);
    let offset = if m <= 6 {
        (m - 1) * 31
    } else {
        186 + (m - 7) * 30
    } + i64::from(day)
        - 1;
    let start = NaiveDate::from_ymd_opt(i32::try_from(gy).ok()?, 3, 1)?
        .checked_add_days(Days::new(u64::try_from(march - 1).ok()?))?;
    start.checked_add_days(Days::new(u64::try_from(offset).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn solar_hijri_known_days() {
        // Nowruz of four years, one of them after a leap year, and mid-year days.
        assert_eq!(from_solar(1403, 1, 1), d(2024, 3, 20));
        assert_eq!(from_solar(1402, 1, 1), d(2023, 3, 21));
        assert_eq!(from_solar(1399, 1, 1), d(2020, 3, 20));
        assert_eq!(from_solar(1404, 1, 1), d(2025, 3, 21));
        assert_eq!(from_solar(1403, 4, 16), d(2024, 7, 6));
        assert_eq!(from_solar(1402, 12, 29), d(2024, 3, 19));
        assert_eq!(from_solar(1403, 12, 30), d(2025, 3, 20));
        assert_eq!(from_solar(1357, 11, 22), d(1979, 2, 11));
        assert_eq!(from_solar(1402, 12, 30), None, "1402 is not leap");
        assert_eq!(from_solar(1403, 13, 1), None);
        assert_eq!(from_solar(1403, 7, 31), None);
    }

    #[test]
    fn hijri_known_days() {
        // Within a day of Umm al-Qura for recent years.
        let near = |got: Option<NaiveDate>, want: Option<NaiveDate>| {
            let (g, w) = (got.unwrap(), want.unwrap());
            assert!((g - w).num_days().abs() <= 1, "{g} vs {w}");
        };
        near(from_hijri(1445, 9, 1), d(2024, 3, 11));
        near(from_hijri(1446, 1, 1), d(2024, 7, 7));
        near(from_hijri(1444, 10, 1), d(2023, 4, 21));
        assert_eq!(from_hijri(1, 1, 1), d(622, 7, 19));
        assert_eq!(from_hijri(1445, 2, 30), None, "Safar has 29 days");
        assert_eq!(from_hijri(1445, 0, 1), None);
    }
}
