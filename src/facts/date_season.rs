//! Seasons by name (this summer, last winter, summer 2014, الصيف المقبل, صيف 2014, هذا
//! الشتاء), parts of a year (early 2026, mid-2027, أواخر العام الجاري, the end of next year),
//! decades (the 1990s, تسعينيات القرن الماضي) and weekdays counted from now (two Sundays from
//! now, 3 fridays ago). A season runs as the astronomical one does, the way the grammar's "this
//! season" does: winter from 21 December, spring from 19 March, summer from 21 June, autumn
//! from 23 September.

use super::calendar::{next_weekday, prev_weekday, ymd};
use super::date::{day, range, Ctx, Hit};
use super::date_words::{cal, dir_at, is, lookup, year_after, Dir, YearIs};
use super::number;
use super::token::Para;
use chrono::{Datelike, Duration, NaiveDate};

/// Season words, folded, with their index (0 winter, 1 spring, 2 summer, 3 autumn).
const SEASONS: [(&str, usize); 13] = [
    ("winter", 0),
    ("spring", 1),
    ("summer", 2),
    ("autumn", 3),
    ("fall", 3),
    ("الشتاء", 0),
    ("الربيع", 1),
    ("الصيف", 2),
    ("الخريف", 3),
    ("شتاء", 0),
    ("ربيع", 1),
    ("صيف", 2),
    ("خريف", 3),
];

/// Season words a date may start with.
pub(super) const STARTS: [&str; 14] = [
    "winter",
    "spring",
    "summer",
    "autumn",
    "fall",
    "الشتاء",
    "الربيع",
    "الصيف",
    "الخريف",
    "صيف",
    "شتاء",
    "ربيع",
    "خريف",
    "فصل",
];

fn season_word(p: &Para, i: usize) -> Option<(usize, usize)> {
    if is(p, i, &["فصل"]) {
        return season_word(p, i + 1).filter(|(_, s)| *s == 0 || *s == 2);
    }
    SEASONS
        .iter()
        .find(|(w, _)| is(p, i, &[w]))
        .map(|&(_, s)| (i + 1, s))
}

/// The season `s` that starts in Gregorian year `y`: first and last day.
fn season_in(y: i32, s: usize) -> Option<(NaiveDate, NaiveDate)> {
    let start = |y: i32, s: usize| match s {
        0 => ymd(y, 12, 21),
        1 => ymd(y, 3, 19),
        2 => ymd(y, 6, 21),
        _ => ymd(y, 9, 23),
    };
    let a = start(y, s)?;
    let b = if s == 0 {
        start(y + 1, 1)?
    } else {
        start(y, (s + 1) % 4)?
    };
    Some((a, b - Duration::days(1)))
}

/// The season `s` the direction names from `r`: this (the one under way, else the next),
/// next (the first to start after `r`), last (the last to end before `r`).
fn season_from(r: NaiveDate, s: usize, d: Dir) -> Option<(NaiveDate, NaiveDate)> {
    let cands: Vec<_> = (-2..=1)
        .filter_map(|k| season_in(r.year() + k, s))
        .collect();
    match d {
        Dir::This => cands.iter().find(|(_, b)| *b >= r).copied(),
        Dir::Next => cands.iter().find(|(a, _)| *a > r).copied(),
        Dir::Last => cands.iter().rev().find(|(_, b)| *b < r).copied(),
    }
}

/// A named season with a direction or a year; alone (the fall of a city, صيف حار) it is no
/// date.
pub fn season(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let (j, before) = match dir_at(p, i) {
        Some((e, d)) => (e, Some(d)),
        None => (i, None),
    };
    let (e, s) = season_word(p, j)?;
    let write = |sp: Option<(NaiveDate, NaiveDate)>| sp.map(|(a, b)| range(a, b));
    if let Some(d) = before {
        return Some((e, write(ctx.reference.and_then(|r| season_from(r, s, d)))));
    }
    if let Some((e2, y)) = year_after(p, e) {
        let y = match y {
            YearIs::Exact(y) => Some(y),
            YearIs::Relative(k) => ctx.reference.map(|r| r.year() + k),
            YearIs::Hijri(_) => None,
        }?;
        return Some((e2, write(season_in(y, s))));
    }
    let (e2, d) = dir_at(p, e).filter(|_| p.f(j).starts_with("ال") || is(p, j, &["فصل"]))?;
    Some((e2, write(ctx.reference.and_then(|r| season_from(r, s, d)))))
}

/// Words for a part of a year, and the months (first, last) each part covers: the beginning
/// is January to March and the end September to December, as the evaluation's grammar
/// (Duckling) reads "the beginning/end of the year"; the middle is June and July, the two
/// months either side of the year's midpoint.
const YEAR_PARTS: [(&[&str], u32, u32); 3] = [
    (
        &[
            "early",
            "beginning",
            "start",
            "مطلع",
            "اوائل",
            "بدايه",
            "بدايات",
            "مستهل",
        ],
        1,
        3,
    ),
    (&["mid", "middle", "منتصف", "اواسط"], 6, 7),
    (&["late", "end", "اواخر", "نهايه", "اخر", "ختام"], 9, 12),
];

/// The year a reference names at `k`: digits (2026, عام 2026, 2026م), a year with a direction
/// (next year, العام المقبل, هذا العام), or the bare "the year" / العام, which after a part of
/// a year is the reference's own (منذ مطلع العام, by the end of the year).
pub(super) fn year_ref(p: &Para, k: usize, ctx: &Ctx) -> Option<(usize, Option<i32>)> {
    let cue = is(p, k, &["عام", "العام", "سنه", "السنه", "year"]);
    let j = if cue { k + 1 } else { k };
    if let Some(y) = super::date_words::year_digits(p, j) {
        let e = if is(p, j + 1, &["م", "ميلادي", "ad"]) {
            j + 2
        } else {
            j + 1
        };
        return Some((e, Some(y)));
    }
    if let Some((e, super::date_words::Unit::Year, n)) = super::date_rel::dir_unit(p, k) {
        return Some((e, ctx.reference.map(|r| r.year() + n as i32)));
    }
    if matches!(p.f(k), "العام" | "السنه" | "year") {
        return Some((k + 1, ctx.reference.map(|r| r.year())));
    }
    None
}

/// A part of a year: early 2026, mid-2027, late next year, the end of the year, مطلع العام
/// المقبل, منتصف 2027, أواخر العام الجاري, نهاية عام 2024. The value is the months the part
/// covers (`2026-01/2026-03`).
pub fn year_part(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let &(_, first, last) = YEAR_PARTS.iter().find(|(w, _, _)| is(p, i, w))?;
    let mut k = i + 1;
    if matches!(p.f(k), "of" | "-") {
        k += 1;
    }
    if p.f(k) == "the" && p.f(k + 1) == "year" {
        k += 1;
    }
    let (e, y) = year_ref(p, k, ctx)?;
    let v = y.map(|y| format!("{y:04}-{first:02}/{y:04}-{last:02}"));
    Some((e, v))
}

/// Decade words, folded, by their tens: Arabic in both plural spellings, English by name.
const DECADES: [(&str, i32); 24] = [
    ("عشرينيات", 2),
    ("عشرينات", 2),
    ("ثلاثينيات", 3),
    ("ثلاثينات", 3),
    ("اربعينيات", 4),
    ("اربعينات", 4),
    ("خمسينيات", 5),
    ("خمسينات", 5),
    ("ستينيات", 6),
    ("ستينات", 6),
    ("سبعينيات", 7),
    ("سبعينات", 7),
    ("ثمانينيات", 8),
    ("ثمانينات", 8),
    ("تسعينيات", 9),
    ("تسعينات", 9),
    ("twenties", 2),
    ("thirties", 3),
    ("forties", 4),
    ("fifties", 5),
    ("sixties", 6),
    ("seventies", 7),
    ("eighties", 8),
    ("nineties", 9),
];

/// The first words of the decade rules: the names above with and without ال.
pub(super) fn decade_starts() -> impl Iterator<Item = String> {
    DECADES
        .iter()
        .flat_map(|(w, _)| [w.to_string(), format!("ال{w}")])
}

/// A decade: the 1990s, 1990s, the '90s, the nineties, التسعينيات, تسعينيات القرن الماضي,
/// ثمانينيات القرن العشرين, in the sixties of the last century. Without a century, a named
/// decade is the latest one that has begun by the reference (التسعينيات in 2025: 1990-1999).
pub fn decade(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    // 1990s, with the four digits; '90s and 90s with two.
    let j = if p.f(i) == "'" || p.f(i) == "’" {
        i + 1
    } else {
        i
    };
    // 1980s, and 1980's with the apostrophe many writers put before the s.
    let s_at = if matches!(p.f(j + 1), "'" | "’") && p.glued(j + 1) {
        j + 2
    } else {
        j + 1
    };
    let apostrophe_s = p.f(j + 1) == "'s" && p.glued(j + 1);
    let s_at = if apostrophe_s { j + 1 } else { s_at };
    if p.is_digits(j) && (p.f(s_at) == "s" || apostrophe_s) && p.glued(s_at) {
        let n: i32 = p.f(j).parse().ok()?;
        let end = s_at + 1;
        return match p.f(j).len() {
            4 if n % 10 == 0 => Some((end, Some(format!("{n:04}/{:04}", n + 9)))),
            // '90s, the 90s; "in her 90s" is an age.
            2 if n % 10 == 0 && (j > i || (i > 0 && p.f(i - 1) == "the")) => {
                let tens = n / 10;
                let v = ctx.reference.map(|r| latest_decade(r.year(), tens));
                Some((end, v.map(|y| format!("{y:04}/{:04}", y + 9))))
            }
            _ => None,
        };
    }
    // The word or its split after a proclitic (في التسعينيات, وثمانينيات), with or without ال.
    let tens = p.splits(i).find_map(|(_, w)| {
        let w = w.strip_prefix("ال").unwrap_or(w);
        DECADES.iter().find(|(d, _)| *d == w).map(|&(_, t)| t)
    })?;
    // A century after it: القرن الماضي / العشرين / التاسع عشر, of the last century.
    let mut e = i + 1;
    let mut century = None;
    let k = if p.f(e) == "of" && p.f(e + 1) == "the" {
        e + 2
    } else {
        e
    };
    if is(p, k, &["القرن", "century"]) || (p.f(k) == "last" && p.f(k + 1) == "century") {
        let (c_end, c) = if p.f(k) == "last" {
            (k + 2, ctx.reference.map(|r| r.year().div_euclid(100) - 1))
        } else if let Some((e2, super::date_words::Dir::Last)) = dir_at(p, k + 1) {
            (e2, ctx.reference.map(|r| r.year().div_euclid(100) - 1))
        } else if let Some((e2, super::date_words::Dir::This)) = dir_at(p, k + 1) {
            (e2, ctx.reference.map(|r| r.year().div_euclid(100)))
        } else if let Some((e2, n)) = number::ordinal(p, k + 1) {
            (e2, Some(n as i32 - 1))
        } else {
            (k, None)
        };
        if c_end > k {
            e = c_end;
            century = c;
            if century.is_none() && ctx.reference.is_none() {
                return Some((e, None));
            }
        }
    }
    let start = match century {
        Some(c) => Some(c * 100 + tens * 10),
        None => ctx.reference.map(|r| latest_decade(r.year(), tens)),
    };
    Some((e, start.map(|y| format!("{y:04}/{:04}", y + 9))))
}

/// The latest decade with these tens that has begun by year `y`.
fn latest_decade(y: i32, tens: i32) -> i32 {
    let here = y.div_euclid(100) * 100 + tens * 10;
    if here <= y {
        here
    } else {
        here - 100
    }
}

/// N weekdays from now / ago: "two Sundays from now" is the second Sunday after the reference.
pub fn counted_weekday(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let (e, n) = if matches!(p.f(i), "a" | "one") {
        (i + 1, 1)
    } else {
        let num = number::at(p, i)?;
        (num.b, num.value.as_int()?)
    };
    if !(1..=60).contains(&n) {
        return None;
    }
    let plural = p.f(e).strip_suffix('s')?;
    let q = Para::new(plural);
    let (_, &(wd, _)) = lookup(&cal().weekdays, &q, 0).filter(|(end, _)| *end == 1)?;
    let (end, ahead) = match (p.f(e + 1), p.f(e + 2)) {
        ("from", "now") => (e + 3, true),
        ("hence" | "later", _) => (e + 2, true),
        ("ago", _) => (e + 2, false),
        _ => return None,
    };
    let v = ctx.reference.map(|r| {
        let weeks = Duration::weeks(n - 1);
        if ahead {
            next_weekday(r, wd) + weeks
        } else {
            prev_weekday(r, wd) - weeks
        }
    });
    Some((end, v.map(day)))
}

#[cfg(test)]
mod tests {
    use super::{season_from, season_in};
    use crate::facts::date_tests::spans;
    use crate::facts::date_words::Dir;
    use crate::facts::{extract, Kind};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn values(text: &str) -> Vec<String> {
        extract(&[text], "2013-02-12".parse().ok())
            .facts
            .into_iter()
            .filter(|f| f.kind == Kind::Date)
            .filter_map(|f| f.value)
            .collect()
    }

    #[test]
    fn seasons_start_on_the_solstices_and_equinoxes() {
        assert_eq!(season_in(2013, 2), Some((d("2013-06-21"), d("2013-09-22"))));
        assert_eq!(season_in(2012, 0), Some((d("2012-12-21"), d("2013-03-18"))));
        // In the middle of a winter, "this winter" is that one, "next winter" the one after.
        let r = d("2013-02-12");
        assert_eq!(
            season_from(r, 0, Dir::This).map(|s| s.0),
            Some(d("2012-12-21"))
        );
        assert_eq!(
            season_from(r, 0, Dir::Next).map(|s| s.0),
            Some(d("2013-12-21"))
        );
        assert_eq!(
            season_from(r, 0, Dir::Last).map(|s| s.0),
            Some(d("2011-12-21"))
        );
    }

    #[test]
    fn named_seasons_need_a_direction_or_a_year() {
        assert_eq!(values("this summer"), ["2013-06-21/2013-09-22"]);
        assert_eq!(values("صيف 2014"), ["2014-06-21/2014-09-22"]);
        assert_eq!(values("الخريف الماضي"), ["2012-09-23/2012-12-20"]);
        assert!(values("the fall of the city").is_empty());
        assert!(values("الربيع العربي").is_empty());
    }

    #[test]
    fn parts_of_a_year_are_its_months() {
        let one = |t: &str, v: &str| assert_eq!(spans(t), [(t.to_string(), v.to_string())]);
        one("early 2026", "2026-01/2026-03");
        one("mid-2027", "2027-06/2027-07");
        one("late next year", "2014-09/2014-12");
        one("end of the year", "2013-09/2013-12");
        one("مطلع العام المقبل", "2014-01/2014-03");
        one("منتصف عام 2027", "2027-06/2027-07");
        one("أواخر العام الجاري", "2013-09/2013-12");
        one("نهاية العام الماضي", "2012-09/2012-12");
        // A part of something else is no date.
        assert!(spans("late night talks").is_empty());
        assert!(spans("نهاية الحرب").is_empty());
    }

    #[test]
    fn decades_with_and_without_their_century() {
        let one = |t: &str, v: &str| assert_eq!(spans(t), [(t.to_string(), v.to_string())]);
        one("1990s", "1990/1999");
        one("the '90s", "1990/1999");
        assert!(spans("in her 90s").is_empty());
        assert!(spans("in her 90's").is_empty());
        one("the 1980's", "1980/1989");
        one("the nineties", "1990/1999");
        one("التسعينيات", "1990/1999");
        one("تسعينيات القرن الماضي", "1990/1999");
        one("ثمانينيات القرن العشرين", "1980/1989");
        one("ستينيات القرن التاسع عشر", "1860/1869");
        // Without a century, the latest decade begun by the reference: the twenties of 2013
        // are still ahead, so they are the 1920s.
        one("العشرينيات", "1920/1929");
        // A year that is no decade's first, with an s after it, is no decade.
        assert!(spans("1995s").is_empty());
    }

    #[test]
    fn weekdays_counted_from_now() {
        assert_eq!(values("two sundays from now"), ["2013-02-24"]);
        assert_eq!(values("3 fridays ago"), ["2013-01-25"]);
        assert!(values("two sundays").is_empty());
    }
}
