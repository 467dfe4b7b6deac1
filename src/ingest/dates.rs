//! Dates written on a page: `2024-03-15`, `15/03/2024`, `15 مارس 2024`, `March 15, 2024`,
//! `۲۵ اسفند ۱۴۰۲`, `5 رمضان 1445 هـ`, `15 במרץ 2024`, in any of the digit sets that
//! `text::normalize` folds to ASCII. Hijri and Solar Hijri dates are converted by the facts'
//! calendar code (ICU4X's Umm al-Qura and Persian calendars).

use super::cues::{Calendar, Cues, Word};
use crate::facts::{hijri_to_date, persian_to_date};
use chrono::NaiveDate;

/// How to read a numeric year below 1500: the page's script tells Solar Hijri (Persian) from
/// Hijri (Arabic), and an English page reads `03/04/2024` month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hint {
    pub persian: bool,
    pub month_first: bool,
    /// An Urdu page: Pakistan and India sight the new moon themselves, as a rule a day after
    /// the Umm al-Qura calendar begins the month, so a Hijri day written there falls a day
    /// later.
    pub sighted_late: bool,
}

/// The dates in one line, in the order written. `folded` is the line as
/// `text::normalize::fold_into` makes it; `words` its words (`cues::split_words`).
pub fn find(folded: &str, words: &[Word], cues: &Cues, hint: Hint) -> Vec<NaiveDate> {
    let mut found = numeric(folded, hint);
    if words.iter().any(|w| cues_may_name_a_month(w)) {
        found.extend(named(&split_digits(words), cues, hint));
    }
    found
}

/// Only a line with a number in it can hold a named date.
fn cues_may_name_a_month(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
}

/// `1445هـ` and `2024م` written without a space: the number and the era apart.
fn split_digits(words: &[Word]) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let mut start = 0;
        let mut digit = None;
        for (at, c) in w.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|p| p != d) && at > start {
                out.push(Word::new(&w[start..at]));
                start = at;
            }
            digit = Some(d);
        }
        if start < w.len() {
            out.push(Word::new(&w[start..]));
        }
    }
    out
}

/// Whether `s` is a number of at most `max` ASCII digits; its value.
fn number(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn make(cal: Calendar, y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    let y = i32::try_from(y).ok()?;
    match cal {
        Calendar::Gregorian if (1900..=2100).contains(&y) => NaiveDate::from_ymd_opt(y, m, d),
        Calendar::Hijri if (1300..=1500).contains(&y) => hijri_to_date(y, m, d),
        Calendar::Solar if (1300..=1500).contains(&y) => persian_to_date(y, m, d),
        _ => None,
    }
}

/// The calendar of a bare numeric year.
fn year_calendar(y: u32, hint: Hint) -> Calendar {
    match (y < 1600, hint.persian) {
        (false, _) => Calendar::Gregorian,
        (true, true) => Calendar::Solar,
        (true, false) => Calendar::Hijri,
    }
}

/// `Y-M-D`, `D/M/Y` (or `M/D/Y` on an English page when the day cannot be the month), with
/// the same separator twice.
///
/// Digits and separators are ASCII, and no byte of a char outside ASCII is one, so the
/// folded text is walked as bytes and the numbers are slices of it.
fn numeric(folded: &str, hint: Hint) -> Vec<NaiveDate> {
    let bytes = folded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Where each number starts; it ends at the next separator or at `j`.
        let mut starts = [i, 0, 0];
        let mut parts = 1;
        let mut sep = None;
        let mut j = i;
        while j < bytes.len() {
            let c = bytes[j];
            if c.is_ascii_digit() {
            } else if matches!(c, b'/' | b'-' | b'.')
                && parts < 3
                && sep.is_none_or(|s| s == c)
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                sep = Some(c);
                starts[parts] = j + 1;
                parts += 1;
            } else {
                break;
            }
            j += 1;
        }
        if parts == 3 {
            let (a, b, c) = (
                &folded[starts[0]..starts[1] - 1],
                &folded[starts[1]..starts[2] - 1],
                &folded[starts[2]..j],
            );
            if let Some(d) = numeric_date([a, b, c], hint) {
                out.push(d);
            }
        }
        i = j.max(i + 1);
    }
    out
}

fn numeric_date(parts: [&str; 3], hint: Hint) -> Option<NaiveDate> {
    let [a, b, c] = parts;
    if a.len() == 4 {
        let y = number(a, 4)?;
        return make(year_calendar(y, hint), y, number(b, 2)?, number(c, 2)?);
    }
    // `13.05.24`: a two-digit year is this century's (a time stamp's short form).
    let y = match c.len() {
        4 => number(c, 4)?,
        2 => 2000 + number(c, 2)?,
        _ => return None,
    };
    let (x, z) = (number(a, 2)?, number(b, 2)?);
    let (d, m) = if x > 12 || !hint.month_first || z > 12 {
        (x, z)
    } else {
        (z, x)
    };
    make(year_calendar(y, hint), y, m, d)
}

/// `D Month Y` and `Month D, Y`, the year possibly followed by an era word that names its
/// calendar.
fn named(words: &[Word], cues: &Cues, hint: Hint) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((cal, month, len)) = cues.month_at(words, i) else {
            i += 1;
            continue;
        };
        let after = i + len;
        let day_before = i.checked_sub(1).and_then(|k| number(&words[k], 2));
        let (day, year_at) = match day_before {
            Some(d) => (Some(d), after),
            None => (words.get(after).and_then(|w| number(w, 2)), after + 1),
        };
        let year = words.get(year_at).and_then(|w| number(w, 4));
        if let (Some(d), Some(y)) = (day, year) {
            let era = words.get(year_at + 1).map(Word::as_str);
            let cal = match era {
                Some(e) if cues.era_hijri.contains(e) && cal != Calendar::Solar => Calendar::Hijri,
                Some(e) if cues.era_solar.contains(e) && cal != Calendar::Hijri => Calendar::Solar,
                _ if cal == Calendar::Gregorian && y < 1600 => year_calendar(y, hint),
                _ => cal,
            };
            if let Some(date) = make(cal, y, month, d) {
                let date = if cal == Calendar::Hijri && hint.sighted_late {
                    date.succ_opt().unwrap_or(date)
                } else {
                    date
                };
                out.push((cal, date));
            }
        }
        i = after;
    }
    // A Hijri date beside the Gregorian one it stands for (`15 جمادى الآخرة 1448 هـ - 26
    // نوفمبر 2026 م`): the Gregorian is the day the page means; the Hijri may follow a local
    // sighting a day off the computed calendar.
    let gregorian: Vec<NaiveDate> = out
        .iter()
        .filter(|(c, _)| *c == Calendar::Gregorian)
        .map(|&(_, d)| d)
        .collect();
    out.into_iter()
        .filter(|&(c, d)| {
            c != Calendar::Hijri
                || !gregorian
                    .iter()
                    .any(|g| (*g - d).num_days().abs() <= 2 && *g != d)
        })
        .map(|(_, d)| d)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::cues::{cues, split_words};
    use super::*;
    use crate::text::normalize::fold_into;

    fn dates(line: &str, hint: Hint) -> Vec<String> {
        let mut folded = String::new();
        fold_into(line, &mut folded);
        let words = split_words(&folded);
        find(&folded, &words, cues(), hint)
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn shapes_pages_write() {
        let h = Hint::default();
        assert_eq!(dates("نشر في: 2024-03-15 10:30", h), ["2024-03-15"]);
        assert_eq!(dates("الأحد ١٥/٠٣/٢٠٢٤ - ١٠:٣٠ ص", h), ["2024-03-15"]);
        assert_eq!(dates("الخميس 14 آذار 2024", h), ["2024-03-14"]);
        assert_eq!(dates("السبت، 2 تشرين الثاني 2024", h), ["2024-11-02"]);
        assert_eq!(
            dates("Published March 5, 2024 at 9:00 am", h),
            ["2024-03-05"]
        );
        assert_eq!(dates("Updated 5 Mar 2024", h), ["2024-03-05"]);
        assert_eq!(dates("פורסם: 15 במרץ 2024, 10:05", h), ["2024-03-15"]);
        assert_eq!(dates("15.03.2024 | 10:05", h), ["2024-03-15"]);
        assert_eq!(dates("شائع 12 مارچ 2024", h), ["2024-03-12"]);
        assert_eq!(dates("10:30 - 12.5 مليون", h), Vec::<String>::new());
        assert_eq!(dates("3 يونيو 2024م", h), ["2024-06-03"]);
        assert_eq!(dates("12 ماي 2024 - 18:40", h), ["2024-05-12"]);
        assert_eq!(dates("الخميس 18 جانفي 2024", h), ["2024-01-18"]);
        assert_eq!(dates("ה' באייר תשפ\"ד | 13.05.24", h), ["2024-05-13"]);
        assert_eq!(dates("12/5/24", h), ["2024-05-12"]);
        assert_eq!(dates("version 1.2.3", h), Vec::<String>::new());
    }

    #[test]
    fn the_gregorian_beside_a_hijri_date_wins_and_urdu_pages_sight_a_day_late() {
        let h = Hint::default();
        // Umm al-Qura puts 1 Ramadan 1446 on 1 March 2025; the page's own Gregorian day wins.
        assert_eq!(
            dates("السبت 1 رمضان 1446 هـ - 2 مارس 2025 م", h),
            ["2025-03-02"]
        );
        assert_eq!(dates("1 رمضان 1446 هـ", h), ["2025-03-01"]);
        let ur = Hint {
            sighted_late: true,
            ..Hint::default()
        };
        assert_eq!(dates("1 رمضان 1446ھ", ur), ["2025-03-02"]);
    }

    #[test]
    fn other_calendars_are_converted() {
        let fa = Hint {
            persian: true,
            ..Hint::default()
        };
        assert_eq!(dates("شنبه ۱۶ تیر ۱۴۰۳ - ۱۰:۲۰", fa), ["2024-07-06"]);
        assert_eq!(dates("تاریخ انتشار: ۱۴۰۲/۱۲/۲۵", fa), ["2024-03-15"]);
        let hijri = dates("الجمعة 5 رمضان 1445 هـ", Hint::default());
        assert_eq!(hijri.len(), 1);
        assert!(
            hijri[0] == "2024-03-15" || hijri[0] == "2024-03-14",
            "{hijri:?}"
        );
    }

    #[test]
    fn month_first_only_on_english_pages() {
        let en = Hint {
            sighted_late: false,
            persian: false,
            month_first: true,
        };
        assert_eq!(dates("03/04/2024", en), ["2024-03-04"]);
        assert_eq!(dates("03/04/2024", Hint::default()), ["2024-04-03"]);
        assert_eq!(dates("25/04/2024", en), ["2024-04-25"]);
    }
}
