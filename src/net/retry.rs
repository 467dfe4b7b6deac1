//! When to try again: the server's `Retry-After`, or our own backoff.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::{Duration, Instant, SystemTime};

/// No single wait is longer than this, however the numbers multiply out. The feed's own time
/// limit usually ends things far sooner.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// The wait a `Retry-After` value asks for, at `now`: either whole seconds ("120") or an
/// HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT", or the two obsolete forms HTTP still allows).
/// A date already past asks for no wait. `None` when the value is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long wait", not garbage.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait before retry number `retry + 1` (the first retry is `retry == 0`): `base`
/// doubled `retry` times, plus up to a quarter more for `jitter` in `0.0..1.0`, so feeds
/// that failed together do not all come back together.
pub fn backoff_delay(base: Duration, retry: u32, jitter: f64) -> Duration {
    let doubled = 2u32
        .checked_pow(retry)
        .and_then(|factor| base.checked_mul(factor))
        .unwrap_or(LONGEST_WAIT)
        .min(LONGEST_WAIT);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (doubled + doubled.mul_f64(jitter / 4.0)).min(LONGEST_WAIT)
}

/// A number in `0.0..1.0` that differs from call to call; good enough to spread retries, and
/// needs no random-number crate.
pub fn jitter() -> f64 {
    let bits = RandomState::new().hash_one(Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
    const OCT_21: u64 = 1_445_412_480;

    #[test]
    fn retry_after_in_seconds() {
        let now = at(OCT_21);
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = at(OCT_21 - 90);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(90))
        );
        // The two obsolete forms a server may still send.
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:00 2015", now),
            Some(Duration::from_secs(90))
        );
    }

    #[test]
    fn retry_after_in_the_past_means_now() {
        let now = at(OCT_21 + 3600);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_garbage_is_none() {
        let now = at(OCT_21);
        for bad in [
            "",
            "soon",
            "-5",
            "1.5",
            "12s",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "\u{1b}[2J",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn backoff_doubles() {
        let base = Duration::from_millis(500);
        assert_eq!(backoff_delay(base, 0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff_delay(base, 1, 0.0), Duration::from_millis(1000));
        assert_eq!(backoff_delay(base, 2, 0.0), Duration::from_millis(2000));
        assert_eq!(backoff_delay(base, 3, 0.0), Duration::from_millis(4000));
    }

    #[test]
    fn jitter_adds_at_most_a_quarter() {
        let base = Duration::from_millis(400);
        assert_eq!(backoff_delay(base, 1, 0.5), Duration::from_millis(900));
        assert_eq!(backoff_delay(base, 1, 1.0), Duration::from_millis(1000));
        // Out-of-range jitter is clamped, never a panic.
        assert_eq!(backoff_delay(base, 0, 7.0), Duration::from_millis(500));
        assert_eq!(backoff_delay(base, 0, -1.0), Duration::from_millis(400));
        assert_eq!(backoff_delay(base, 0, f64::NAN), Duration::from_millis(400));
        for _ in 0..100 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j), "{j}");
            let d = backoff_delay(base, 0, j);
            assert!(d >= base && d <= base + base / 4, "{d:?}");
        }
    }

    #[test]
    fn backoff_never_overflows() {
        assert_eq!(
            backoff_delay(Duration::from_secs(1), 200, 0.9),
            LONGEST_WAIT
        );
        assert_eq!(backoff_delay(Duration::MAX, 0, 1.0), LONGEST_WAIT);
        assert_eq!(backoff_delay(Duration::ZERO, 5, 1.0), Duration::ZERO);
    }
}
