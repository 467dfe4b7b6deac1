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
