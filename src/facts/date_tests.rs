//! What the date rules' unit tests share: the date facts of one text against one fixed
//! reference day, Tuesday 2013-02-12.

use crate::facts::{extract, Kind};

/// The date facts of `text` as (text, value), against Tuesday 2013-02-12.
pub(super) fn spans(text: &str) -> Vec<(String, String)> {
    extract(&[text], "2013-02-12".parse().ok())
        .facts
        .into_iter()
        .filter(|f| f.kind == Kind::Date)
        .map(|f| (f.text, f.value.unwrap_or_default()))
        .collect()
}

/// `text` is one date, the whole of it, worth `value`.
pub(super) fn one(text: &str, value: &str) {
    assert_eq!(
        spans(text),
        [(text.to_string(), value.to_string())],
        "{text}"
    );
}
