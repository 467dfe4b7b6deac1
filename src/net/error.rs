//! What can go wrong fetching a URL, said in one clean line.
//!
//! Every message is built here from parts we choose: a status code's standard reason (never
//! the server's own phrase), a URL as the `url` crate re-serialises it, or the innermost cause
//! of a transport error. Whatever text came from outside passes through [`clean`], so a hostile
//! server cannot put escape sequences or bidi overrides into the status bar or a log.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// Why a fetch failed. `Display` is one line, free of control characters.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// The URL did not parse, or its scheme is not http or https (file:, ftp:, data: ...).
    #[error("not an http(s) URL: {0}")]
    BadUrl(String),
    /// One request (connect and whole body) took longer than `request_timeout`.
    #[error("timed out after {}", Secs(*.0))]
    Timeout(Duration),
    /// The feed as a whole (attempts and the waits between them) took longer than
    /// `feed_timeout`.
    #[error("gave up after {} (the time limit for one feed)", Secs(*.0))]
    FeedTimeout(Duration),
    /// The server answered with a status that is neither success nor 304.
    #[error("HTTP {}", StatusLine(*.0))]
    Status(u16),
    /// The server asked for a wait (`Retry-After`) longer than `max_retry_after`.
    #[error("HTTP {}, and the server asks to wait {} before retrying (over the {} limit)",
        StatusLine(*status), Secs(*wait), Secs(*limit))]
    RetryAfterTooLong {
        status: u16,
        wait: Duration,
        limit: Duration,
    },
    /// The body (as decoded) grew past `max_bytes`, or `Content-Length` said it would.
    #[error("response over the {} limit", Bytes(*limit))]
    TooLarge { limit: u64 },
    /// More than `max_redirects` redirects in a row.
    #[error("too many redirects (over {0})")]
    TooManyRedirects(usize),
    /// A redirect led back to a URL already visited.
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    /// A redirect pointed somewhere other than http or https.
    #[error("redirected to a non-http(s) URL: {0}")]
    BadRedirect(String),
    /// No connection: DNS, refused, reset, TLS.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The body could not be decoded (corrupt gzip, deflate or brotli).
    #[error("cannot decode the response: {0}")]
    Decode(String),
    /// The transfer broke in some other way (say the connection dropped mid-body).
    #[error("request failed: {0}")]
    Transfer(String),
    /// The HTTP client could not be built from the configuration (say a User-Agent with a
    /// newline in it).
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
    /// A bug on our side, caught rather than spread (a request task that panicked).
    #[error("internal error: {0}")]
    Internal(String),
}

impl NetError {
    /// Whether another attempt may do better: 5xx, 429, timeouts, connection trouble and
    /// transfers cut short. A 404, a size cap or a bad URL stays what it is.
    pub fn is_retryable(&self) -> bool {
        match self {
            NetError::Status(code) => *code == 429 || (500..600).contains(code),
            NetError::Timeout(_) | NetError::Connect(_) | NetError::Transfer(_) => true,
            _ => false,
        }
    }

    /// The HTTP status behind the error, if the server answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            NetError::Status(code) | NetError::RetryAfterTooLong { status: code, .. } => {
                Some(*code)
            }
            _ => None,
        }
    }
}

/// Why our redirect policy stopped following; carried through reqwest as the error's source
/// and turned back into a [`NetError`] by [`from_reqwest`].
#[derive(Debug)]
pub(crate) enum RedirectStop {
    TooMany(usize),
    Loop(String),
    BadScheme(String),
}

impl fmt::Display for RedirectStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectStop::TooMany(n) => write!(f, "too many redirects (over {n})"),
            RedirectStop::Loop(url) => write!(f, "redirect loop at {url}"),
            RedirectStop::BadScheme(url) => write!(f, "redirected to a non-http(s) URL: {url}"),
        }
    }
}

impl StdError for RedirectStop {}

/// A reqwest error as one of ours. Its own `Display` names the URL and wraps the cause in
/// several layers; we keep the kind and the innermost cause only.
pub(crate) fn from_reqwest(err: &reqwest::Error, request_timeout: Duration) -> NetError {
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(s) = source {
        if let Some(stop) = s.downcast_ref::<RedirectStop>() {
            return match stop {
                RedirectStop::TooMany(n) => NetError::TooManyRedirects(*n),
                RedirectStop::Loop(url) => NetError::RedirectLoop(clean(url)),
                RedirectStop::BadScheme(url) => NetError::BadRedirect(clean(url)),
            };
        }
        source = s.source();
    }
    let cause = clean(&innermost(err));
    if err.is_timeout() {
        NetError::Timeout(request_timeout)
    } else if err.is_connect() {
        NetError::Connect(cause)
    } else if err.is_decode() {
        NetError::Decode(cause)
    } else if err.is_builder() {
        NetError::BadUrl(err.url().map(|u| clean(u.as_str())).unwrap_or(cause))
    } else {
        NetError::Transfer(cause)
    }
}

/// The message of the deepest error in the chain: "Connection refused (os error 111)" rather
/// than "error sending request for url (...)".
fn innermost(err: &(dyn StdError + 'static)) -> String {
    let mut last: &(dyn StdError + 'static) = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// Longest text taken from outside into a message, in characters.
const MAX_OUTSIDE_CHARS: usize = 200;

/// Outside text made safe for one line: whitespace runs folded to one space, control
/// characters and bidi controls shown as U+FFFD (so a URL with one hidden in it does not read
/// as a clean URL), long text cut with an ellipsis, and nothing at all shown as "(empty)".
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        let c = if c.is_control() || is_bidi_control(c) {
            char::REPLACEMENT_CHARACTER
        } else {
            c
        };
        if count >= MAX_OUTSIDE_CHARS {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            space = false;
            count += 1;
        }
        out.push(c);
        count += 1;
    }
    if out.is_empty() {
        out.push_str("(empty)");
    }
    out
}

/// The invisible marks that reorder text (LRM, RLM, ALM, embeddings, overrides, isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// "404 Not Found", or "599" for a code with no standard reason.
struct StatusLine(u16);

impl fmt::Display for StatusLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|s| s.canonical_reason());
        match reason {
            Some(r) => write!(f, "{} {r}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A duration as a person reads it: "20 s", "1.5 s", "250 ms".
pub(crate) struct Secs(pub Duration);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d < Duration::from_secs(1) {
            write!(f, "{} ms", d.as_millis())
        } else if d.subsec_millis() == 0 {
            write!(f, "{} s", d.as_secs())
        } else {
            write!(f, "{:.1} s", d.as_secs_f64())
        }
    }
}

/// A byte count as a person reads it: "20 MiB", "64 KiB", "1000 B".
struct Bytes(u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * 1024;
        let n = self.0;
        if n >= MIB && n % MIB == 0 {
            write!(f, "{} MiB", n / MIB)
        } else if n >= KIB && n % KIB == 0 {
            write!(f, "{} KiB", n / KIB)
        } else {
            write!(f, "{n} B")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_the_brief_says() {
        assert_eq!(
            NetError::Timeout(Duration::from_secs(20)).to_string(),
            "timed out after 20 s"
        );
        assert_eq!(NetError::Status(404).to_string(), "HTTP 404 Not Found");
        assert_eq!(NetError::Status(599).to_string(), "HTTP 599");
        assert_eq!(
            NetError::TooLarge {
                limit: 20 * 1024 * 1024
            }
            .to_string(),
            "response over the 20 MiB limit"
        );
        assert_eq!(
            NetError::TooManyRedirects(5).to_string(),
            "too many redirects (over 5)"
        );
        assert_eq!(
            NetError::RetryAfterTooLong {
                status: 503,
                wait: Duration::from_secs(120),
                limit: Duration::from_secs(30)
            }
            .to_string(),
            "HTTP 503 Service Unavailable, and the server asks to wait 120 s before retrying \
             (over the 30 s limit)"
        );
    }

    #[test]
    fn durations_and_sizes_read_well() {
        assert_eq!(Secs(Duration::from_millis(250)).to_string(), "250 ms");
        assert_eq!(Secs(Duration::from_millis(1500)).to_string(), "1.5 s");
        assert_eq!(Bytes(64 * 1024).to_string(), "64 KiB");
        assert_eq!(Bytes(1000).to_string(), "1000 B");
    }

    #[test]
    fn clean_marks_controls_and_folds_space() {
        assert_eq!(clean("a\x1b[31mb\r\n\tc\u{7f}"), "a\u{FFFD}[31mb c\u{FFFD}");
        assert_eq!(clean("  x \u{202E}evil\u{2066} "), "x \u{FFFD}evil\u{FFFD}");
        assert_eq!(clean("\u{85}bad\u{9b}"), "bad\u{FFFD}");
        assert_eq!(clean(""), "(empty)");
        assert_eq!(clean(" \n "), "(empty)");
        assert_eq!(clean("خبر عاجل"), "خبر عاجل");
        let long = "x".repeat(500);
        assert_eq!(clean(&long).chars().count(), MAX_OUTSIDE_CHARS + 1);
    }

    #[test]
    fn retryable_kinds() {
        assert!(NetError::Status(500).is_retryable());
        assert!(NetError::Status(503).is_retryable());
        assert!(NetError::Status(429).is_retryable());
        assert!(!NetError::Status(404).is_retryable());
        assert!(NetError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(NetError::Connect("refused".into()).is_retryable());
        assert!(!NetError::TooLarge { limit: 1 }.is_retryable());
        assert!(!NetError::FeedTimeout(Duration::from_secs(1)).is_retryable());
    }
}
