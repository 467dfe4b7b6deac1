//! Seasons by name (this summer, last winter, summer 2014, الصيف المقبل, صيف 2014, هذا
//! الشتاء) and weekdays counted from now (two Sundays from now, 3 fridays ago). A season runs
//! as the astronomical one does, the way the grammar's "this season" does: winter from
//! 21 December, spring from 19 March, summer from 21 June, autumn from 23 September.

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
    fn weekdays_counted_from_now() {
        assert_eq!(values("two sundays from now"), ["2013-02-24"]);
        assert_eq!(values("3 fridays ago"), ["2013-01-25"]);
        assert!(values("two sundays").is_empty());
    }
}
