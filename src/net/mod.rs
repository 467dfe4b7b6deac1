//! Fetching feeds over HTTP: one [`Client`] for the whole program, shared by the background
//! refresh, `akhbar fetch` and full-article fetches.
//!
//! The client is polite and defensive. Politeness: a User-Agent naming akhbar, conditional
//! GET (`If-None-Match`, `If-Modified-Since`) so an unchanged feed costs a 304, at most
//! `max_per_host` requests at once to one host and `max_at_once` in all, and `Retry-After`
//! honoured. Defence: only http and https, a time limit per request and per feed, a cap on the
//! body (as decoded, so a gzip bomb stops at the cap), a cap on redirects, and errors that are
//! one clean line whatever the server sent.
//!
//! [`refresh`] puts the pieces together: download here, parse in [`crate::ingest::feed`], store
//! in [`crate::store`], one feed at a time, for `akhbar fetch` and the dashboard alike.
//!
//! This is the only module besides `ui` and `main.rs` that runs on tokio; it never touches the
//! terminal. [`postgres_tls`] is the team store's TLS stream, here because it is written
//! against tokio's I/O traits.

mod error;
pub mod postgres_tls;
pub mod refresh;
mod retry;

pub use error::NetError;
pub use retry::{backoff_delay, parse_retry_after};

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::Url;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

use error::{clean, from_reqwest, RedirectStop};

/// The Accept header for feeds: the feed types first, generic XML and JSON next, anything else
/// last (some servers send a feed as text/html or text/plain).
pub const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, \
     */*;q=0.5";

/// How the client behaves. Build one with `HttpConfig { field: ..., ..Default::default() }`.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Sent with every request.
    pub user_agent: String,
    /// One attempt: connecting, the headers and the whole body.
    pub request_timeout: Duration,
    /// One feed: every attempt and the waits between them. The clock starts when the first
    /// attempt starts, so time spent queued behind other feeds of the same host is not counted.
    pub feed_timeout: Duration,
    /// The largest body accepted, counted after decompression; a larger `Content-Length` is
    /// refused before the body is read.
    pub max_bytes: u64,
    /// Redirects followed in a row before giving up.
    pub max_redirects: usize,
    /// Requests in flight at once, over all hosts and all clones of the client. A feed waiting
    /// out a backoff or its host's turn holds no slot.
    pub max_at_once: usize,
    /// Requests in flight at once to one host name (compared case-blind, port ignored). A
    /// redirect to another host still counts against the host first asked.
    pub max_per_host: usize,
    /// Extra attempts after a 5xx, a 429, a timeout or a connection error.
    pub retries: u32,
    /// The wait before the first retry, doubled for each one after (plus a little jitter).
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more fails the attempt.
    pub max_retry_after: Duration,
    /// The Accept header sent with every request ([`FEED_ACCEPT`] by default).
    pub accept: String,
    /// Whether the usual proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
    /// `NO_PROXY`) apply. On by default.
    pub proxy_from_env: bool,
    /// Fixed addresses for host names, like curl's `--resolve`: the URL's port is kept, the
    /// address's is ignored. Empty by default; tests use it to give one local server several
    /// host names.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Items read from one feed at most (the first ones in the document); the rest are
    /// counted in the feed's warnings. Keeps memory in proportion to what is kept.
    pub max_items_per_feed: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: format!(
                "akhbar/{} (+terminal news reader)",
                env!("CARGO_PKG_VERSION")
            ),
            request_timeout: Duration::from_secs(20),
            feed_timeout: Duration::from_secs(60),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            max_items_per_feed: crate::ingest::feed::DEFAULT_MAX_ITEMS,
            max_at_once: 8,
            max_per_host: 2,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            accept: FEED_ACCEPT.to_string(),
            proxy_from_env: true,
            resolve: Vec::new(),
        }
    }
}

/// One GET, conditional when the validators from the last fetch are given.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub url: String,
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Request {
    /// An unconditional GET of `url`.
    pub fn new(url: impl Into<String>) -> Request {
        Request {
            url: url.into(),
            ..Request::default()
        }
    }
}

/// What a successful fetch brought.
#[derive(Debug, Clone)]
pub enum Response {
    /// 304: the feed is as it was. The validators are the server's new ones where it sent
    /// them, otherwise the ones the request carried, so the caller can store them either way.
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A 2xx answer with its body, decoded (gzip, deflate, brotli) and within `max_bytes`.
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        /// Where the body came from after redirects.
        final_url: String,
        status: u16,
    },
}

/// The HTTP client. Cheap to clone: the clones share connections and the concurrency limits.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    cfg: HttpConfig,
    http: reqwest::Client,
    /// `max_at_once` permits, shared by every request of every clone.
    all: Arc<Semaphore>,
    /// `max_per_host` permits for each host name seen so far.
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("cfg", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

/// A failed attempt, with the wait the server asked for before the next one.
struct Failure {
    error: NetError,
    retry_after: Option<Duration>,
}

impl From<NetError> for Failure {
    fn from(error: NetError) -> Failure {
        Failure {
            error,
            retry_after: None,
        }
    }
}

impl Client {
    /// A client for `cfg`. Limits of 0 for `max_at_once` or `max_per_host` are taken as 1.
    /// Fails only when the configuration cannot be expressed (a User-Agent with a newline,
    /// say).
    pub fn new(mut cfg: HttpConfig) -> Result<Client, NetError> {
        cfg.max_at_once = cfg.max_at_once.max(1);
        cfg.max_per_host = cfg.max_per_host.max(1);

        let mut headers = HeaderMap::new();
        let accept = HeaderValue::from_str(&cfg.accept)
            .map_err(|_| NetError::Setup("the Accept header is not valid".into()))?;
        headers.insert(header::ACCEPT, accept);
        let user_agent = HeaderValue::from_str(&cfg.user_agent)
            .map_err(|_| NetError::Setup("the User-Agent is not a valid header".into()))?;

        let max_redirects = cfg.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            let next = attempt.url();
            if next.scheme() != "http" && next.scheme() != "https" {
                let url = next.to_string();
                return attempt.error(RedirectStop::BadScheme(url));
            }
            if attempt.previous().iter().any(|seen| seen == next) {
                let url = next.to_string();
                return attempt.error(RedirectStop::Loop(url));
            }
            // `previous` holds the first URL and every redirect followed so far.
            if attempt.previous().len() > max_redirects {
                return attempt.error(RedirectStop::TooMany(max_redirects));
            }
            attempt.follow()
        });

        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .redirect(policy)
            .referer(false)
            .connect_timeout(cfg.request_timeout)
            .gzip(true)
            .deflate(true)
            .brotli(true);
        if !cfg.proxy_from_env {
            builder = builder.no_proxy();
        }
        for (name, addr) in &cfg.resolve {
            builder = builder.resolve(name, *addr);
        }
        let http = builder
            .build()
            .map_err(|e| NetError::Setup(clean(&e.to_string())))?;

        Ok(Client {
            inner: Arc::new(Inner {
                all: Arc::new(Semaphore::new(cfg.max_at_once)),
                hosts: Mutex::new(HashMap::new()),
                http,
                cfg,
            }),
        })
    }

    /// The configuration in force (with zero limits already raised to 1).
    pub fn config(&self) -> &HttpConfig {
        &self.inner.cfg
    }

    /// Fetches one URL: retries with backoff, `Retry-After`, the per-host and overall limits,
    /// the time limits and the size cap all apply.
    pub async fn get(&self, req: &Request) -> Result<Response, NetError> {
        let url = parse_url(&req.url)?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let cfg = &self.inner.cfg;
        let host_slots = self.host_slots(&host);
        let mut deadline: Option<Instant> = None;
        let mut retry = 0u32;
        loop {
            // The host's slot first, then an overall one: a request waiting for its host holds
            // nothing that requests to other hosts need.
            let host_permit = host_slots.acquire().await;
            let all_permit = self.inner.all.acquire().await;
            if host_permit.is_err() || all_permit.is_err() {
                return Err(NetError::Internal("the request limits were closed".into()));
            }

            let now = Instant::now();
            let deadline = *deadline.get_or_insert(now + cfg.feed_timeout);
            let left = deadline.saturating_duration_since(now);
            if left.is_zero() {
                return Err(NetError::FeedTimeout(cfg.feed_timeout));
            }
            let limit = cfg.request_timeout.min(left);
            let outcome = match tokio::time::timeout(limit, self.attempt(&url, req)).await {
                Ok(outcome) => outcome,
                Err(_) if limit < cfg.request_timeout => {
                    Err(NetError::FeedTimeout(cfg.feed_timeout).into())
                }
                Err(_) => Err(NetError::Timeout(cfg.request_timeout).into()),
            };
            drop((host_permit, all_permit));

            let failure = match outcome {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if !failure.error.is_retryable() || retry >= cfg.retries {
                return Err(failure.error);
            }
            let wait = match failure.retry_after {
                Some(wait) if wait > cfg.max_retry_after => {
                    return Err(NetError::RetryAfterTooLong {
                        status: failure.error.status().unwrap_or_default(),
                        wait,
                        limit: cfg.max_retry_after,
                    });
                }
                Some(wait) => wait,
                None => backoff_delay(cfg.backoff, retry, retry::jitter()),
            };
            // A wait that would end past the feed's limit gains nothing: report what failed.
            if Instant::now() + wait >= deadline {
                return Err(failure.error);
            }
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// Runs every request, at most `max_at_once` at a time and `max_per_host` per host,
    /// calling `on_done` as each finishes (in completion order). Never panics on any input
    /// URL: a bad one is reported through `on_done` like any other failure. Each request runs
    /// as its own task, so a multi-threaded runtime spreads the work, and dropping the future
    /// stops the requests still running.
    pub async fn get_many<K: Send + 'static>(
        &self,
        reqs: Vec<(K, Request)>,
        mut on_done: impl FnMut(K, Result<Response, NetError>),
    ) {
        let mut keys = HashMap::with_capacity(reqs.len());
        let mut tasks = JoinSet::new();
        for (key, req) in reqs {
            let client = self.clone();
            let handle = tasks.spawn(async move { client.get(&req).await });
            keys.insert(handle.id(), key);
        }
        while let Some(joined) = tasks.join_next_with_id().await {
            let (id, result) = match joined {
                Ok((id, result)) => (id, result),
                Err(e) => {
                    let why = if e.is_panic() {
                        "the request task panicked"
                    } else {
                        "the request task was cancelled"
                    };
                    (e.id(), Err(NetError::Internal(why.into())))
                }
            };
            if let Some(key) = keys.remove(&id) {
                on_done(key, result);
            }
        }
    }

    /// The semaphore for one host name, made on first use.
    fn host_slots(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self
            .inner
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.inner.cfg.max_per_host)))
            .clone()
    }

    /// One attempt: send, check the status, read the body under the cap.
    async fn attempt(&self, url: &Url, req: &Request) -> Result<Response, Failure> {
        let cfg = &self.inner.cfg;
        let reqwest_error =
            |e: reqwest::Error| Failure::from(from_reqwest(&e, cfg.request_timeout));

        let mut builder = self.inner.http.get(url.clone());
        // A validator that cannot be a header value (stored from an odd server) is left out:
        // the fetch becomes unconditional, which is always correct.
        if let Some(v) = req
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            builder = builder.header(header::IF_NONE_MATCH, v);
        }
        if let Some(v) = req
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            builder = builder.header(header::IF_MODIFIED_SINCE, v);
        }
        let mut resp = builder.send().await.map_err(reqwest_error)?;

        let status = resp.status();
        let headers = resp.headers();
        let etag = header_text(headers, header::ETAG);
        let last_modified = header_text(headers, header::LAST_MODIFIED);
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Response::NotModified {
                etag: etag.or_else(|| req.etag.clone()),
                last_modified: last_modified.or_else(|| req.last_modified.clone()),
            });
        }
        if status.is_redirection() {
            // Our policy follows every usable redirect, so one that comes back here has a
            // Location that is not a URL we would fetch (file:, say, or garbage).
            if let Some(location) = headers.get(header::LOCATION) {
                let location = String::from_utf8_lossy(location.as_bytes());
                return Err(NetError::BadRedirect(clean(&location)).into());
            }
        }
        if !status.is_success() {
            let retry_after = headers
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            return Err(Failure {
                error: NetError::Status(status.as_u16()),
                retry_after,
            });
        }
        let content_type = header_text(headers, header::CONTENT_TYPE);
        let too_large = NetError::TooLarge {
            limit: cfg.max_bytes,
        };
        // Known only when the body is not compressed; a compressed body is counted as it is
        // decoded below.
        let expected = resp.content_length();
        if expected.is_some_and(|len| len > cfg.max_bytes) {
            return Err(too_large.into());
        }
        let final_url = resp.url().to_string();

        let first_guess = expected.unwrap_or(0).min(cfg.max_bytes).min(1 << 20);
        let mut bytes = Vec::with_capacity(first_guess as usize);
        while let Some(chunk) = resp.chunk().await.map_err(reqwest_error)? {
            if bytes.len() as u64 + chunk.len() as u64 > cfg.max_bytes {
                return Err(too_large.into());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Response::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            final_url,
            status: status.as_u16(),
        })
    }
}

/// Whether `text` is a URL this client would fetch: absolute http or https with a host.
/// The commands that take a feed address check with it before saving one.
pub fn is_web_url(text: &str) -> bool {
    parse_url(text).is_ok()
}

/// The URL if it is an absolute http or https URL with a host.
fn parse_url(text: &str) -> Result<Url, NetError> {
    let bad = || NetError::BadUrl(clean(text));
    let url = Url::parse(text.trim()).map_err(|_| bad())?;
    let web = matches!(url.scheme(), "http" | "https");
    if !web || url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    Ok(url)
}

/// A header's value as text, when it is visible ASCII.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls() {
        assert!(parse_url("http://example.com/feed").is_ok());
        assert!(parse_url("HTTPS://Example.com/feed").is_ok());
        assert!(parse_url("  https://example.com/  ").is_ok());
        for bad in [
            "",
            "feed",
            "/rss.xml",
            "file:///etc/passwd",
            "ftp://example.com/feed",
            "data:text/xml,<rss/>",
            "javascript:alert(1)",
            "http://",
            "mailto:a@b.c",
            "http://exa mple.com/",
            "http://[::1",
        ] {
            let err = parse_url(bad).expect_err(bad);
            assert!(matches!(err, NetError::BadUrl(_)), "{bad}: {err:?}");
            assert!(err.to_string().starts_with("not an http(s) URL: "), "{err}");
        }
    }

    #[test]
    fn bad_url_message_is_clean() {
        let err = parse_url("file:///\x1b[2J\u{202E}x\nboom").unwrap_err();
        let msg = err.to_string();
        assert!(
            !msg.chars().any(|c| c.is_control() || c == '\u{202E}'),
            "{msg:?}"
        );
        assert!(
            msg.contains('\u{FFFD}'),
            "the hidden characters are marked: {msg:?}"
        );
    }

    #[test]
    fn default_config_matches_the_brief() {
        let cfg = HttpConfig::default();
        assert!(cfg.user_agent.starts_with("akhbar/"));
        assert!(cfg.user_agent.ends_with("(+terminal news reader)"));
        assert_eq!(cfg.request_timeout, Duration::from_secs(20));
        assert_eq!(cfg.feed_timeout, Duration::from_secs(60));
        assert_eq!(cfg.max_bytes, 20 * 1024 * 1024);
        assert_eq!(cfg.max_redirects, 5);
        assert_eq!(cfg.max_at_once, 8);
        assert_eq!(cfg.max_per_host, 2);
        assert_eq!(cfg.retries, 2);
        assert_eq!(cfg.backoff, Duration::from_millis(500));
        assert_eq!(cfg.max_retry_after, Duration::from_secs(30));
    }

    #[test]
    fn a_bad_user_agent_is_a_setup_error() {
        let cfg = HttpConfig {
            user_agent: "akhbar\r\nX-Evil: 1".into(),
            ..HttpConfig::default()
        };
        assert!(matches!(Client::new(cfg), Err(NetError::Setup(_))));
    }

    /// The UI spawns refreshes as tasks, which needs these futures to be `Send`.
    #[test]
    fn the_futures_can_be_spawned() {
        fn is_send<T: Send>(_: &T) {}
        let client = Client::new(HttpConfig::default()).unwrap();
        let req = Request::new("http://example.invalid/");
        is_send(&client.get(&req));
        let done = std::sync::mpsc::channel::<u32>().0;
        is_send(&client.get_many(vec![(1u32, req.clone())], move |k, _| {
            let _ = done.send(k);
        }));
        fn is_sync_and_static<T: Send + Sync + 'static>() {}
        is_sync_and_static::<Client>();
        is_sync_and_static::<NetError>();
    }

    #[test]
    fn zero_limits_become_one() {
        let cfg = HttpConfig {
            max_at_once: 0,
            max_per_host: 0,
            ..HttpConfig::default()
        };
        let client = Client::new(cfg).unwrap();
        assert_eq!(client.config().max_at_once, 1);
        assert_eq!(client.config().max_per_host, 1);
    }
}
