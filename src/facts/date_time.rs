//! Times of day on a day: a part of the day (صباح الخميس, مساء أمس, tomorrow morning, Friday
//! evening) or a clock time (الساعة الثالثة فجر اليوم, غدا الساعة العاشرة صباحا, tomorrow at
//! 5pm, at 8 pm on Friday) joined to the day it falls on. The value stays the day's (a date
//! fact is a calendar value; the hour is not one), but the span is the whole expression, so
//! the time is never left over as a piece. Alone, "this morning", "tonight", الليلة and "last
//! night" are days of their own.

use super::date::{day, Ctx, Found, Hit};
use super::date_words::{dir_at, is, Dir};
use super::number;
use super::token::Para;
use chrono::Duration;

/// Parts of the day as nouns that take the day after them (صباح الخميس, بعد ظهر اليوم).
const PART_NOUNS: [&str; 8] = ["صباح", "مساء", "ظهر", "عصر", "فجر", "ليل", "ليله", "ضحي"];

/// Parts of the day after the day: English nouns (tomorrow morning) and Arabic adverbs in the
/// accusative (الخميس صباحا, غدا مساء).
const PART_AFTER: [&str; 14] = [
    "morning",
    "afternoon",
    "evening",
    "night",
    "noon",
    "midnight",
    "صباحا",
    "مساء",
    "مساءا",
    "ظهرا",
    "عصرا",
    "فجرا",
    "ليلا",
    "ضحي",
];

/// Words that lead a clock time and belong to it.
const CLOCK_LEADS: [&str; 8] = ["at", "around", "about", "by", "في", "عند", "حوالي", "نحو"];

/// English hour marks after the digits.
const MERIDIEM: [&str; 4] = ["am", "pm", "o'clock", "h"];

/// A part-of-day noun at `i` (بعد ظهر is one): its end.
fn part_noun_at(p: &Para, i: usize) -> Option<usize> {
    if is(p, i, &["بعد"]) && is(p, i + 1, &["ظهر"]) {
        return Some(i + 2);
    }
    is(p, i, &PART_NOUNS).then_some(i + 1)
}

/// A clock time starting at `i`: its end. English needs a colon, a meridiem or a lead word
/// (at 5pm, 3:30, at 9, noon); Arabic needs الساعة (الساعة 5, الساعة الثالثة والنصف مساء).
pub(super) fn clock_at(p: &Para, i: usize) -> Option<usize> {
    let led = CLOCK_LEADS.contains(&p.f(i)) || is(p, i, &["في", "عند"]);
    let j = if led { i + 1 } else { i };
    if is(p, j, &["الساعه", "ساعه"]) {
        return arabic_clock(p, j + 1);
    }
    if matches!(p.f(j), "noon" | "midnight") {
        return led.then_some(j + 1);
    }
    if !p.is_digits(j) || !p.f(j).parse::<u32>().is_ok_and(|h| h <= 24) {
        return None;
    }
    let mut e = j + 1;
    let colon = minutes_at(p, e);
    if let Some(m) = colon {
        e = m;
    }
    let mer = meridiem_at(p, e);
    if let Some(m) = mer {
        e = m;
    }
    (colon.is_some() || mer.is_some() || (led && p.f(i) == "at")).then_some(e)
}

/// `:MM` glued after an hour.
fn minutes_at(p: &Para, e: usize) -> Option<usize> {
    (p.f(e) == ":" && p.glued(e) && p.is_digits(e + 1) && p.f(e + 1).len() == 2).then_some(e + 2)
}

/// am, pm, a.m., p.m., o'clock after an hour.
fn meridiem_at(p: &Para, e: usize) -> Option<usize> {
    if MERIDIEM.contains(&p.f(e)) {
        return Some(e + 1);
    }
    if matches!(p.f(e), "a" | "p") && p.f(e + 1) == "." && p.f(e + 2) == "m" {
        return Some(if p.f(e + 3) == "." { e + 4 } else { e + 3 });
    }
    None
}

/// The hour after الساعة: digits (with minutes) or an ordinal word (الثالثة, الحادية عشرة),
/// then a fraction (والنصف, والربع, إلا ربعا) and a part of the day (مساء, فجرا).
fn arabic_clock(p: &Para, j: usize) -> Option<usize> {
    let mut e = if p.is_digits(j) {
        minutes_at(p, j + 1).unwrap_or(j + 1)
    } else {
        // الساعة الثالثة, and the cardinal الواحدة for one o'clock.
        number::ordinal(p, j)
            .filter(|(_, n)| *n <= 12)
            .map(|(e, _)| e)
            .or_else(|| {
                let w = p.f(j);
                let q = Para::new(w.strip_prefix("ال").unwrap_or(w));
                let n = number::at(&q, 0).filter(|n| n.b == 1)?;
                n.value
                    .as_int()
                    .filter(|h| (1..=12).contains(h))
                    .map(|_| j + 1)
            })?
    };
    if is(p, e, &["النصف", "الربع", "الثلث"]) && p.f(e).starts_with('و') {
        e += 1;
    } else if (p.f(e) == "و" && is(p, e + 1, &["النصف", "الربع", "الثلث"]))
        || (p.f(e) == "الا" && is(p, e + 1, &["ربع", "ربعا", "الربع", "ثلث"]))
    {
        e += 2;
    }
    if is(p, e, &PART_AFTER[6..]) || is(p, e, &["صباحا", "ظهرا"]) {
        e += 1;
    } else if is(p, e, &["بتوقيت"]) {
        // بتوقيت مكة, بتوقيت غرينتش: the zone's name is one word.
        e += 2;
    }
    Some(e)
}

/// A day value (`YYYY-MM-DD`), the only grain a time of day can sit on.
fn is_day(f: &Found) -> bool {
    f.value.as_deref().is_none_or(|v| v.len() == 10)
}

/// Widens each day to the part of the day and the clock time around it, never over the date
/// before it.
pub(super) fn attach(p: &Para, found: &mut [Found]) {
    let mut floor = 0;
    let n = found.len();
    for k in 0..n {
        let ceiling = found.get(k + 1).map_or(p.len(), |f| f.a);
        let f = &mut found[k];
        if is_day(f) {
            widen(p, f, floor, ceiling);
        }
        floor = f.b;
    }
}

fn widen(p: &Para, f: &mut Found, floor: usize, ceiling: usize) {
    // Left: مساء الخميس, بعد ظهر اليوم, then a clock before it (الساعة الثالثة فجر اليوم, في
    // الساعة 8:30 من مساء الجمعة, at 8 pm on Friday).
    for back in [2, 1] {
        if let Some(s) = f.a.checked_sub(back).filter(|&s| s >= floor) {
            if part_noun_at(p, s) == Some(f.a) {
                f.a = s;
                break;
            }
        }
    }
    let lo = f.a.saturating_sub(8).max(floor);
    for s in lo..f.a {
        let Some(e) = clock_at(p, s) else { continue };
        let gap = f.a.checked_sub(e);
        let tied = gap == Some(0)
            || (gap == Some(1) && (matches!(p.f(e), "on" | "," | "،" | "of") || is(p, e, &["من"])));
        if tied {
            f.a = s;
            break;
        }
    }
    // Right: tomorrow morning, الخميس صباحا, then a clock (tomorrow at 5pm, غدا الساعة العاشرة).
    if f.b < ceiling && (PART_AFTER.contains(&p.f(f.b)) || is(p, f.b, &PART_AFTER[6..])) {
        f.b += 1;
    }
    let s = if matches!(p.f(f.b), "," | "،") {
        f.b + 1
    } else {
        f.b
    };
    if let Some(e) = clock_at(p, s).filter(|&e| e <= ceiling) {
        f.b = e;
    }
}

/// A part of today or last night on its own: this morning, this evening, tonight, الليلة,
/// last night, الليلة الماضية, هذا الصباح, هذا المساء.
pub fn part_alone(p: &Para, i: usize, ctx: &Ctx) -> Hit {
    let at = |k: i64| ctx.reference.map(|r| day(r + Duration::days(k)));
    if p.f(i) == "last" && p.f(i + 1) == "night" {
        return Some((i + 2, at(-1)));
    }
    if p.f(i) == "this" && matches!(p.f(i + 1), "morning" | "afternoon" | "evening") {
        return Some((i + 2, at(0)));
    }
    if is(p, i, &["هذا"]) && is(p, i + 1, &["الصباح", "المساء", "الفجر"]) {
        return Some((i + 2, at(0)));
    }
    // ظهر غد, صباح غد: the bare غد is tomorrow after a part of the day.
    if let Some(e) = part_noun_at(p, i).filter(|&e| p.f(e) == "غد") {
        return Some((e + 1, at(1)));
    }
    if is(p, i, &["الليله"]) {
        return match dir_at(p, i + 1) {
            Some((e, Dir::Last)) => Some((e, at(-1))),
            Some((e, Dir::This)) => Some((e, at(0))),
            Some((_, Dir::Next)) => None,
            None => Some((i + 1, at(0))),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::token::Para;
    use super::clock_at;
    use crate::facts::{extract, Kind};

    /// The date facts of one text against Tuesday 2013-02-12: (text, value).
    fn dates(text: &str) -> Vec<(String, String)> {
        extract(&[text], "2013-02-12".parse().ok())
            .facts
            .into_iter()
            .filter(|f| f.kind == Kind::Date)
            .map(|f| (f.text, f.value.unwrap_or_default()))
            .collect()
    }

    fn one(text: &str, want_span: &str, want: &str) {
        assert_eq!(
            dates(text),
            [(want_span.to_string(), want.to_string())],
            "{text}"
        );
    }

    #[test]
    fn clock_pieces() {
        let end = |t: &str| clock_at(&Para::new(t), 0);
        assert_eq!(end("at 5pm"), Some(3));
        assert_eq!(end("3:30 this"), Some(3));
        assert_eq!(end("at 9 a.m."), Some(6));
        assert_eq!(end("الساعة الثالثة فجرا"), Some(3));
        assert_eq!(end("الساعة 8:30 مساء"), Some(5));
        assert_eq!(end("في الساعة العاشرة والنصف"), Some(4));
        // Digits alone are no time (5 people), nor is an hour past 24.
        assert_eq!(end("5 people"), None);
        assert_eq!(end("at 31"), None);
    }

    #[test]
    fn part_of_day_before_a_day() {
        // وصل is a perfect: the Thursday gone by.
        one("وصل مساء الخميس إلى المدينة", "مساء الخميس", "2013-02-07");
        one("يصل مساء الخميس إلى المدينة", "مساء الخميس", "2013-02-14");
        one("غادر صباح أمس", "صباح أمس", "2013-02-11");
        one("بعد ظهر اليوم", "بعد ظهر اليوم", "2013-02-12");
        one("ظهر غد", "ظهر غد", "2013-02-13");
    }

    #[test]
    fn part_of_day_after_a_day() {
        one(
            "They meet tomorrow morning.",
            "tomorrow morning",
            "2013-02-13",
        );
        one("on Friday evening", "Friday evening", "2013-02-15");
        one("يصل الخميس صباحا", "الخميس صباحا", "2013-02-14");
    }

    #[test]
    fn clock_times_join_their_day() {
        one("tomorrow at 5pm", "tomorrow at 5pm", "2013-02-13");
        one("at 8 pm on Friday", "at 8 pm on Friday", "2013-02-15");
        one(
            "at 3:30 this afternoon",
            "at 3:30 this afternoon",
            "2013-02-12",
        );
        one(
            "غدا الساعة العاشرة صباحا",
            "غدا الساعة العاشرة صباحا",
            "2013-02-13",
        );
        one(
            "في الساعة 8:30 من مساء الجمعة",
            "في الساعة 8:30 من مساء الجمعة",
            "2013-02-15",
        );
        one(
            "أمس عند الساعة الواحدة ظهرا",
            "أمس عند الساعة الواحدة ظهرا",
            "2013-02-11",
        );
    }

    #[test]
    fn parts_of_today_alone() {
        one("this morning", "this morning", "2013-02-12");
        one("last night", "last night", "2013-02-11");
        one("الليلة", "الليلة", "2013-02-12");
        one("الليلة الماضية", "الليلة الماضية", "2013-02-11");
        // A part of the day with no day is no date.
        assert!(dates("في الصباح").is_empty());
        assert!(dates("in the morning").is_empty());
    }
}
