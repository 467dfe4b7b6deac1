//! Feed timestamps in the forms publishers really write: RFC 2822 and 3339 and their
//! near misses, local times without a zone, month and day names in other languages.

use super::*;

/// Reads a feed's date. RFC 822 and RFC 3339 first, then what real feeds write: no zone,
/// `2020/1/10 14:33:00`, Portuguese or French day and month names, a bare date.
///
/// Returns the publisher's own wall-clock time labelled UTC: akhbar keeps only the date,
/// and the date the publisher printed is the one a reader expects, not the date in UTC.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let naive = parse_local(text.trim())?;
    Some(DateTime::from_naive_utc_and_offset(naive, Utc))
}

fn parse_local(t: &str) -> Option<NaiveDateTime> {
    if t.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.naive_local());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(t) {
        return Some(d.naive_local());
    }
    let norm = normalise_date_words(t);
    if let Ok(d) = DateTime::parse_from_rfc2822(&norm) {
        return Some(d.naive_local());
    }
    const WITH_ZONE: &[&str] = &[
        "%d %b %Y %H:%M:%S %z",
        "%d %b %Y %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M%:z",
    ];
    for f in WITH_ZONE {
        if let Ok(d) = DateTime::parse_from_str(&norm, f) {
            return Some(d.naive_local());
        }
    }
    // Drop a trailing zone name or "Z" that chrono cannot read, then read the time as given.
    let bare = norm
        .rsplit_once(' ')
        .filter(|(_, z)| z.len() <= 5 && z.chars().all(|c| c.is_ascii_uppercase()))
        .map_or(norm.as_str(), |(head, _)| head);
    let bare = bare.strip_suffix('Z').unwrap_or(bare);
    const NAIVE: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M",
        "%b %d %Y %H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    for f in NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(bare, f) {
            return Some(d);
        }
    }
    const DATE_ONLY: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%b %d %Y", "%d.%m.%Y"];
    for f in DATE_ONLY {
        if let Ok(d) = NaiveDate::parse_from_str(bare, f) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    // A timestamp with trailing text: its leading ISO date.
    let head = t.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Drops a leading day name and commas, and puts English month abbreviations for Portuguese,
/// Spanish, French, German and full English month names.
fn normalise_date_words(t: &str) -> String {
    let t = match t.split_once(',') {
        Some((day, rest)) if day.chars().all(|c| c.is_alphabetic() || c == '.') => rest,
        _ => t,
    };
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| {
            let w = w.trim_end_matches(',');
            let key = w.trim_end_matches('.').to_lowercase();
            MONTHS
                .iter()
                .find(|(names, _)| names.split('|').any(|n| n == key))
                .map_or_else(|| w.to_string(), |(_, en)| en.to_string())
        })
        .collect();
    words.join(" ")
}
