//! The date grammar rule by rule, in Arabic and English, on expressions written for akhbar
//! (`tests/fixtures/facts/dates-own.jsonl`, reference Tuesday 2013-02-12): each expression is
//! one date fact (never its pieces too) with the composed value.

use akhbar::facts::{extract, Kind};

struct Case {
    rule: String,
    lang: String,
    text: String,
    value: String,
}

fn cases() -> Vec<Case> {
    include_str!("fixtures/facts/dates-own.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("fixture line is JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Case {
                rule: s("rule"),
                lang: s("lang"),
                text: s("text"),
                value: s("value"),
            }
        })
        .collect()
}

/// Every case of `rule`: one date fact, with the gold value. Both languages where the
/// fixture has them.
fn check(rule: &str) {
    let reference = "2013-02-12".parse().ok();
    let mut seen = 0;
    let mut bad = Vec::new();
    for c in cases().iter().filter(|c| c.rule == rule) {
        seen += 1;
        let dates: Vec<_> = extract(&[&c.text], reference)
            .facts
            .into_iter()
            .filter(|f| f.kind == Kind::Date)
            .collect();
        let got: Vec<_> = dates.iter().map(|f| f.value.clone()).collect();
        if got != [Some(c.value.clone())] {
            bad.push(format!(
                "[{}] {} -> {got:?}, want {}",
                c.lang, c.text, c.value
            ));
        }
    }
    assert!(seen > 0, "no fixture cases for rule {rule}");
    assert!(bad.is_empty(), "{rule}:\n{}", bad.join("\n"));
}

macro_rules! rules {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
    };
}

rules!(
    relative_day,
    weekday,
    weekday_date,
    weekday_muwafiq,
    day_month,
    month_day,
    month_year,
    month_alias,
    year,
    numeric,
    count_rel,
    dir_unit,
    next_n,
    last_n,
    nth_weekday,
    range,
    month_part,
    hijri,
    holiday,
    holiday_rel,
    quarter,
    part_of_day,
    clock,
    last_day,
    weekday_week,
    day_of_month,
    count_weekday,
    week_of,
    nth_week,
    season,
    day_alone,
);

#[test]
fn every_fixture_rule_has_a_test() {
    let known = [
        "relative_day",
        "weekday",
        "weekday_date",
        "weekday_muwafiq",
        "day_month",
        "month_day",
        "month_year",
        "month_alias",
        "year",
        "numeric",
        "count_rel",
        "dir_unit",
        "next_n",
        "last_n",
        "nth_weekday",
        "range",
        "month_part",
        "hijri",
        "holiday",
        "holiday_rel",
        "quarter",
        "part_of_day",
        "clock",
        "last_day",
        "weekday_week",
        "day_of_month",
        "count_weekday",
        "week_of",
        "nth_week",
        "season",
        "day_alone",
    ];
    for c in cases() {
        assert!(known.contains(&c.rule.as_str()), "untested rule {}", c.rule);
    }
}

/// A count tied to an event the text names (بعد عام على, قبل أسبوع من الانتخابات) is counted
/// from that event, so it is no date resolved against the article's day; with no event it is.
#[test]
fn counts_from_an_event_are_not_dates() {
    let reference = "2013-02-12".parse().ok();
    let dates = |t: &str| -> Vec<Option<String>> {
        extract(&[t], reference)
            .facts
            .into_iter()
            .filter(|f| f.kind == Kind::Date)
            .map(|f| f.value)
            .collect()
    };
    assert!(dates("بعد نحو عام على استضافة دبي للقمة").is_empty());
    assert!(dates("قبل أسبوع من الانتخابات").is_empty());
    assert_eq!(
        dates("وصل قبل نحو أسبوعين"),
        [Some("2013-01-29".to_string())]
    );
}

/// A sentence's full stop after an Arabic weekday is not the period of an abbreviation (mon.),
/// so the weekday still closes a range.
#[test]
fn a_full_stop_after_an_arabic_weekday_is_not_part_of_it() {
    let facts = extract(
        &["واستمر من الاثنين إلى الأربعاء."],
        "2013-02-12".parse().ok(),
    )
    .facts;
    let dates: Vec<_> = facts
        .iter()
        .filter(|f| f.kind == Kind::Date)
        .map(|f| (f.text.as_str(), f.value.as_deref()))
        .collect();
    assert_eq!(
        dates,
        [("من الاثنين إلى الأربعاء", Some("2013-02-18/2013-02-20"))]
    );
}

/// The second development set (`dates-own2.jsonl`, reference Thursday 2025-02-20): each gold
/// value was worked out by hand, and each record also says how to reach it from the reference
/// in a few calendar steps (`calc`). This test takes those steps with chrono alone, so a slip
/// in the hand-made values shows here, apart from anything the grammar does.
mod own2 {
    use chrono::{Datelike, Duration, NaiveDate, Weekday};

    /// A Hijri (year, month) and the Gregorian (year, month, day) of its first day.
    type MonthStart = ((i32, u32), (i32, u32, u32));

    /// Day 1 of a few Umm al-Qura months, as the Saudi calendar published them.
    const HIJRI_MONTH_STARTS: [MonthStart; 12] = [
        ((1434, 9), (2013, 7, 9)),
        ((1434, 10), (2013, 8, 8)),
        ((1435, 12), (2014, 9, 25)),
        ((1446, 7), (2025, 1, 1)),
        ((1446, 9), (2025, 3, 1)),
        ((1446, 10), (2025, 3, 30)),
        ((1446, 12), (2025, 5, 28)),
        ((1447, 1), (2025, 6, 26)),
        ((1445, 9), (2024, 3, 11)),
        ((1445, 10), (2024, 4, 10)),
        ((1445, 12), (2024, 6, 7)),
        ((1446, 1), (2024, 7, 7)),
    ];

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("no date {y}-{m}-{d}"))
    }

    fn month_end(d: NaiveDate) -> NaiveDate {
        let (y, m) = if d.month() == 12 {
            (d.year() + 1, 1)
        } else {
            (d.year(), d.month() + 1)
        };
        ymd(y, m, 1) - Duration::days(1)
    }

    fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
        let total = d.year() * 12 + d.month0() as i32 + n;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let first = ymd(y, m, 1);
        ymd(y, m, d.day().min(month_end(first).day()))
    }

    fn weekday(n: &str) -> Weekday {
        let n: u8 = n.parse().expect("weekday number");
        Weekday::try_from(n - 1).expect("weekday 1..7")
    }

    /// One end of a value: steps from the reference, then `=m` / `=y` for the grain.
    fn end(steps: &str, reference: NaiveDate) -> String {
        let mut d = reference;
        let mut grain = 'd';
        for s in steps.split_whitespace() {
            let num = |t: &str| t.parse::<i32>().unwrap_or_else(|_| panic!("step {s}"));
            match s {
                "ref" => d = reference,
                "=m" => grain = 'm',
                "=y" => grain = 'y',
                "mon" => d -= Duration::days(d.weekday().num_days_from_monday() as i64),
                "sun" => d += Duration::days(6 - d.weekday().num_days_from_monday() as i64),
                "eom" => d = month_end(d),
                _ if s.starts_with("next:") => {
                    let w = weekday(&s[5..]);
                    d += Duration::days(1);
                    while d.weekday() != w {
                        d += Duration::days(1);
                    }
                }
                _ if s.starts_with("prev:") => {
                    let w = weekday(&s[5..]);
                    d -= Duration::days(1);
                    while d.weekday() != w {
                        d -= Duration::days(1);
                    }
                }
                _ if s.starts_with("nth:") => {
                    let (n, w) = s[4..].split_once(':').expect("nth:N:W");
                    let (n, w) = (num(n), weekday(w));
                    let days: Vec<NaiveDate> = (1..=month_end(d).day())
                        .map(|k| ymd(d.year(), d.month(), k))
                        .filter(|x| x.weekday() == w)
                        .collect();
                    d = if n < 0 {
                        days[days.len() - n.unsigned_abs() as usize]
                    } else {
                        days[n as usize - 1]
                    };
                }
                _ if s.starts_with("h:") => {
                    let p: Vec<i32> = s[2..].split(':').map(num).collect();
                    let (_, (y, m, day1)) = HIJRI_MONTH_STARTS
                        .iter()
                        .find(|(k, _)| *k == (p[0], p[1] as u32))
                        .unwrap_or_else(|| panic!("no month start for {s}"));
                    d = ymd(*y, *m, *day1) + Duration::days(p[2] as i64 - 1);
                }
                _ if s.starts_with('Y') => {
                    let y = num(&s[1..]);
                    d = ymd(
                        y,
                        d.month(),
                        d.day().min(month_end(ymd(y, d.month(), 1)).day()),
                    );
                }
                _ if s.starts_with('M') => {
                    let m = num(&s[1..]) as u32;
                    let first = ymd(d.year(), m, 1);
                    d = ymd(d.year(), m, d.day().min(month_end(first).day()));
                }
                _ if s.starts_with('D') => d = ymd(d.year(), d.month(), num(&s[1..]) as u32),
                _ if s.starts_with('+') || s.starts_with('-') => {
                    let (n, unit) = s.split_at(s.len() - 1);
                    let n = num(n);
                    d = match unit {
                        "d" => d + Duration::days(n as i64),
                        "w" => d + Duration::weeks(n as i64),
                        "m" => add_months(d, n),
                        "y" => add_months(d, 12 * n),
                        _ => panic!("unit in {s}"),
                    };
                }
                _ => panic!("unknown step {s}"),
            }
        }
        match grain {
            'm' => d.format("%Y-%m").to_string(),
            'y' => format!("{:04}", d.year()),
            _ => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn calc(steps: &str, reference: NaiveDate) -> String {
        let ends: Vec<String> = steps.split('/').map(|s| end(s, reference)).collect();
        if ends.len() == 2 && ends[0] != ends[1] {
            format!("{}/{}", ends[0], ends[1])
        } else {
            ends[0].clone()
        }
    }
}

#[test]
fn own2_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own2.jsonl"), 150);
}

/// `dates-own3.jsonl`: a third set, written after the grammar had been changed for the
/// second and scored once before it was changed again (its first score is the estimate of
/// how the grammar does on text it was not built for).
#[test]
fn own3_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own3.jsonl"), 100);
}

/// `dates-own4.jsonl`: the same kind of check at the evaluation's own reference (Tuesday
/// 2013-02-12), in the short shapes a date parser's test corpus has; written after own3's
/// changes and scored once before any change for it.
#[test]
fn own4_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own4.jsonl"), 70);
}

/// `dates-own5.jsonl`: more of the same at the evaluation's reference, English-heavy (the
/// evaluation's English is most of its dates), written after own4's changes and scored once
/// before any change for it.
#[test]
fn own5_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own5.jsonl"), 55);
}

/// `dates-own6.jsonl`: at a new reference, Saturday 2024-02-24 in a leap year (the 29th of
/// February, a weekend that has begun), in the families the earlier sets were thin on: days of
/// a relative month, the week of a date, the last week or day of a month, weekends, counts
/// within and from today, weekday ranges, holidays moved by a count, Arabic weekday + date
/// forms; written before any change for it, and scored once before changing anything.
#[test]
fn own6_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own6.jsonl"), 150);
}

/// `dates-own7.jsonl`: the families the earlier sets showed once or twice (days and weeks of
/// a relative month, counts back and ahead, quarters, weekends in both languages, ordinal
/// weekdays, a month of a relative year, middles, ends and beginnings, holidays moved by a
/// count, Arabic duals, Hijri months with years, the regional month names in ranges), at four
/// new references; written and scored once before any change for it.
#[test]
fn own7_hand_values_agree_with_a_second_computation() {
    hand_values_agree(include_str!("fixtures/facts/dates-own7.jsonl"), 150);
}

fn hand_values_agree(fixture: &str, at_least: usize) {
    let mut bad = Vec::new();
    let mut n = 0;
    for line in fixture.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("fixture line is JSON");
        let (text, value, steps) = (
            v["text"].as_str().unwrap_or(""),
            v["value"].as_str().unwrap_or(""),
            v["calc"].as_str().unwrap_or(""),
        );
        let reference: chrono::NaiveDate = v["ref"]
            .as_str()
            .and_then(|r| r.get(..10))
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("{text}: no ref"));
        n += 1;
        let got = own2::calc(steps, reference);
        if got != value {
            bad.push(format!("{text}: hand {value}, computed {got} ({steps})"));
        }
    }
    assert!(n >= at_least, "only {n} records");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
