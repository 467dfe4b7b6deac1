//! The HTTP client against a real server on 127.0.0.1, started by each test on port 0: good
//! feeds, conditional GET, redirects, compression, and faults (errors, retries, stalls,
//! endless and oversized bodies, a gzip bomb), and the concurrency limits counted by the
//! server itself. Nothing here leaves the loopback address: other host names are pinned to
//! 127.0.0.1 through `HttpConfig::resolve`.
//!
//! Tests assert behaviour. The only clock checks are loose upper bounds proving a timeout fired
//! (far below the 30 s stall), and a lower bound proving a `Retry-After: 1` was waited out.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use akhbar::net::{Client, HttpConfig, NetError, Request, Response};
use bytes::Bytes;
use futures::StreamExt;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار الاختبار</title><link>http://a.test/</link>
<description>خلاصة كتبت لاختبارات akhbar</description>
<item><title>خبر أول</title><link>http://a.test/1</link><description>نص الخبر الأول.</description></item>
<item><title>خبر ثان</title><link>http://a.test/2</link><description>نص الخبر الثاني.</description></item>
</channel></rss>
"#;

const ETAG: &str = "\"v1\"";
const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
/// Host names the concurrency tests spread over; each is pinned to 127.0.0.1.
const HOSTS: [&str; 5] = ["a.test", "b.test", "c.test", "d.test", "e.test"];

// ---------------------------------------------------------------------------------------------
// The server

type Body = BoxBody<Bytes, Infallible>;

#[derive(Default)]
struct Counters {
    /// Requests seen, by path.
    hits: Mutex<HashMap<String, Vec<Instant>>>,
    /// Requests being answered on /slow right now, over all hosts and per host (HOSTS order).
    now_total: AtomicUsize,
    peak_total: AtomicUsize,
    now_host: [AtomicUsize; 5],
    peak_host: [AtomicUsize; 5],
}

impl Counters {
    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).map_or(0, Vec::len)
    }
    fn hit_times(&self, path: &str) -> Vec<Instant> {
        self.hits
            .lock()
            .unwrap()
            .get(path)
            .cloned()
            .unwrap_or_default()
    }
}

struct Server {
    addr: SocketAddr,
    counters: Arc<Counters>,
}

/// Compressed bodies, made once for all tests.
fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(Fixtures::new)
}

struct Fixtures {
    gzip_feed: Vec<u8>,
    deflate_feed: Vec<u8>,
    brotli_feed: Vec<u8>,
    bomb: Vec<u8>,
}

/// Decompresses to this many bytes of zeros.
const BOMB_SIZE: usize = 8 * 1024 * 1024;

impl Fixtures {
    fn new() -> Fixtures {
        let gzip = |data: &[u8]| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        };
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        zlib.write_all(FEED.as_bytes()).unwrap();
        let mut brotli = Vec::new();
        {
            let mut enc = brotli::CompressorWriter::new(&mut brotli, 4096, 9, 22);
            enc.write_all(FEED.as_bytes()).unwrap();
        }
        Fixtures {
            gzip_feed: gzip(FEED.as_bytes()),
            brotli_feed: brotli,
            deflate_feed: zlib.finish().unwrap(),
            bomb: gzip(&vec![0u8; BOMB_SIZE]),
        }
    }
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let counters = Arc::new(Counters::default());
        let c = counters.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let c = c.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let c = c.clone();
                        async move { Ok::<_, Infallible>(route(req, &c).await) }
                    });
                    // A client that hangs up mid-body is an error here, and expected.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Server { addr, counters }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The URL on one of the pinned host names.
    fn url_on(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    fn hits(&self, path: &str) -> usize {
        self.counters.hits(path)
    }
}

fn full(status: u16, body: impl Into<Bytes>) -> hyper::Response<Body> {
    hyper::Response::builder()
        .status(status)
        .body(Full::new(body.into()).boxed())
        .unwrap()
}

fn redirect(status: u16, to: &str) -> hyper::Response<Body> {
    hyper::Response::builder()
        .status(status)
        .header("location", to)
        .body(Full::new(Bytes::new()).boxed())
        .unwrap()
}

fn stream_body(stream: impl futures::Stream<Item = Bytes> + Send + Sync + 'static) -> Body {
    BodyExt::boxed(StreamBody::new(
        stream.map(|b| Ok::<_, Infallible>(Frame::data(b))),
    ))
}

async fn route(req: hyper::Request<Incoming>, c: &Counters) -> hyper::Response<Body> {
    let path = req.uri().path().to_string();
    let n = {
        let mut hits = c.hits.lock().unwrap();
        let times = hits.entry(path.clone()).or_default();
        times.push(Instant::now());
        times.len()
    };
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    match path.as_str() {
        "/feed.xml" => hyper::Response::builder()
            .header("content-type", "application/rss+xml; charset=utf-8")
            .body(Full::new(Bytes::from_static(FEED.as_bytes())).boxed())
            .unwrap(),
        "/echo" => full(
            200,
            format!(
                "ua={}\naccept={}\naccept-encoding={}\n",
                header("user-agent"),
                header("accept"),
                header("accept-encoding")
            ),
        ),
        "/missing" => full(404, "no such feed"),
        "/big-feed" => {
            let item = "<item><title>خبر</title><description>نص الخبر في فقرة طويلة بعض الشيء.</description></item>\n";
            full(200, item.repeat(600))
        }
        "/always-500" => full(500, "broken"),
        "/flaky" if n == 1 => full(500, "first time unlucky"),
        "/flaky" => full(200, FEED),
        "/busy" if n == 1 => hyper::Response::builder()
            .status(503)
            .header("retry-after", "1")
            .body(Full::new(Bytes::new()).boxed())
            .unwrap(),
        "/busy" => full(200, FEED),
        "/busy-for-an-hour" => hyper::Response::builder()
            .status(503)
            .header("retry-after", "3600")
            .body(Full::new(Bytes::new()).boxed())
            .unwrap(),
        "/rate-limited" if n == 1 => full(429, "slow down"),
        "/rate-limited" => full(200, FEED),
        "/etag" => {
            let mut resp = if header("if-none-match") == ETAG {
                full(304, Bytes::new())
            } else {
                full(200, FEED)
            };
            resp.headers_mut().insert("etag", ETAG.parse().unwrap());
            resp
        }
        "/last-modified" => {
            // The 304 leaves Last-Modified out, as servers may: the client keeps the old one.
            if header("if-modified-since") == LAST_MODIFIED {
                full(304, Bytes::new())
            } else {
                let mut resp = full(200, FEED);
                resp.headers_mut()
                    .insert("last-modified", LAST_MODIFIED.parse().unwrap());
                resp
            }
        }
        "/stall" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            full(200, FEED)
        }
        "/stall-body" => {
            let first = futures::stream::once(async { Bytes::from_static(b"<rss>") });
            hyper::Response::builder()
                .body(stream_body(first.chain(futures::stream::pending())))
                .unwrap()
        }
        "/endless" => {
            let chunk = Bytes::from(vec![b'x'; 16 * 1024]);
            let endless = futures::stream::repeat(chunk);
            hyper::Response::builder()
                .body(stream_body(endless))
                .unwrap()
        }
        "/huge-length" => hyper::Response::builder()
            .header("content-length", (100u64 << 30).to_string())
            .body(stream_body(futures::stream::pending()))
            .unwrap(),
        "/loop-a" => redirect(302, "/loop-b"),
        "/loop-b" => redirect(302, "/loop-a"),
        "/moved" => redirect(301, "/feed.xml"),
        "/to-ftp" => redirect(302, "ftp://127.0.0.1/feed.xml"),
        "/to-file" => redirect(302, "file:///etc/passwd"),
        p if p.starts_with("/chain/") => {
            let left: u32 = p["/chain/".len()..].parse().unwrap_or(0);
            if left == 0 {
                full(200, FEED)
            } else {
                redirect(302, &format!("/chain/{}", left - 1))
            }
        }
        "/gzip" => hyper::Response::builder()
            .header("content-encoding", "gzip")
            .header("content-type", "application/rss+xml")
            .body(Full::new(Bytes::from(fixtures().gzip_feed.clone())).boxed())
            .unwrap(),
        "/deflate" => hyper::Response::builder()
            .header("content-encoding", "deflate")
            .body(Full::new(Bytes::from(fixtures().deflate_feed.clone())).boxed())
            .unwrap(),
        "/brotli" => hyper::Response::builder()
            .header("content-encoding", "br")
            .body(Full::new(Bytes::from(fixtures().brotli_feed.clone())).boxed())
            .unwrap(),
        "/bad-gzip" => hyper::Response::builder()
            .header("content-encoding", "gzip")
            .body(Full::new(Bytes::from_static(b"this is not gzip at all")).boxed())
            .unwrap(),
        "/to-evil" => hyper::Response::builder()
            .status(302)
            // Bidi overrides and a DEL-free but hostile scheme: none of it may reach a message.
            .header(
                "location",
                hyper::header::HeaderValue::from_bytes(
                    "x-evil:\u{202E}gnp.exe\u{2066}\t!".as_bytes(),
                )
                .unwrap(),
            )
            .body(Full::new(Bytes::new()).boxed())
            .unwrap(),
        "/bomb" => hyper::Response::builder()
            .header("content-encoding", "gzip")
            .body(Full::new(Bytes::from(fixtures().bomb.clone())).boxed())
            .unwrap(),
        "/slow" => {
            let host = header("host");
            let name = host.split(':').next().unwrap_or("");
            let slot = HOSTS.iter().position(|h| *h == name);
            let total = c.now_total.fetch_add(1, Ordering::SeqCst) + 1;
            c.peak_total.fetch_max(total, Ordering::SeqCst);
            if let Some(i) = slot {
                let now = c.now_host[i].fetch_add(1, Ordering::SeqCst) + 1;
                c.peak_host[i].fetch_max(now, Ordering::SeqCst);
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
            if let Some(i) = slot {
                c.now_host[i].fetch_sub(1, Ordering::SeqCst);
            }
            c.now_total.fetch_sub(1, Ordering::SeqCst);
            full(200, FEED)
        }
        _ => full(404, "unknown fixture"),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// A config for tests: short waits, no proxies from the environment, and the test host names
/// pinned to 127.0.0.1.
fn test_config(server: &Server) -> HttpConfig {
    HttpConfig {
        request_timeout: Duration::from_secs(5),
        feed_timeout: Duration::from_secs(20),
        backoff: Duration::from_millis(10),
        proxy_from_env: false,
        resolve: HOSTS.iter().map(|h| (h.to_string(), server.addr)).collect(),
        ..HttpConfig::default()
    }
}

fn client(cfg: HttpConfig) -> Client {
    Client::new(cfg).expect("client")
}

async fn fetch(client: &Client, url: String) -> Result<Response, NetError> {
    client.get(&Request::new(url)).await
}

fn body(
    resp: Response,
) -> (
    Vec<u8>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
) {
    match resp {
        Response::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            final_url,
            status,
        } => {
            assert!((200..300).contains(&status), "status {status}");
            (bytes, content_type, etag, last_modified, final_url)
        }
        other => panic!("expected a body, got {other:?}"),
    }
}

/// The error, after checking its message is one clean line.
fn failed(result: Result<Response, NetError>) -> NetError {
    let err = result.expect_err("expected an error");
    let msg = err.to_string();
    assert!(!msg.is_empty(), "{err:?}");
    assert!(
        !msg.chars().any(|c| c.is_control()),
        "control character in {msg:?}"
    );
    assert!(
        !msg.chars().any(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "bidi control in {msg:?}"
    );
    err
}

// ---------------------------------------------------------------------------------------------
// Plain fetches

#[tokio::test]
async fn a_feed_comes_back_whole() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (bytes, content_type, etag, _, final_url) =
        body(fetch(&client, server.url("/feed.xml")).await.unwrap());
    assert_eq!(bytes, FEED.as_bytes());
    assert_eq!(
        content_type.as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(etag, None);
    assert_eq!(final_url, server.url("/feed.xml"));
}

#[tokio::test]
async fn requests_name_akhbar_and_ask_for_feeds_and_compression() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (bytes, ..) = body(fetch(&client, server.url("/echo")).await.unwrap());
    let echo = String::from_utf8(bytes).unwrap();
    let expected_ua = format!(
        "ua=akhbar/{} (+terminal news reader)",
        env!("CARGO_PKG_VERSION")
    );
    assert!(echo.contains(&expected_ua), "{echo}");
    assert!(echo.contains("application/rss+xml"), "{echo}");
    assert!(echo.contains("application/atom+xml"), "{echo}");
    for coding in ["gzip", "deflate", "br"] {
        let line = echo
            .lines()
            .find(|l| l.starts_with("accept-encoding="))
            .unwrap();
        assert!(line.contains(coding), "{coding} missing from {line}");
    }
}

#[tokio::test]
async fn a_404_is_an_error_and_not_retried() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let err = failed(fetch(&client, server.url("/missing")).await);
    assert!(matches!(err, NetError::Status(404)), "{err:?}");
    assert_eq!(err.to_string(), "HTTP 404 Not Found");
    assert_eq!(server.hits("/missing"), 1);
}

#[tokio::test]
async fn only_http_and_https_urls_are_fetched() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    for url in [
        "file:///etc/passwd",
        "ftp://127.0.0.1/feed.xml",
        "data:text/xml,<rss/>",
        "gopher://127.0.0.1/",
        "",
        "not a url",
        "http://",
        "127.0.0.1/feed.xml",
    ] {
        let err = failed(fetch(&client, url.to_string()).await);
        assert!(matches!(err, NetError::BadUrl(_)), "{url}: {err:?}");
        assert!(
            err.to_string().starts_with("not an http(s) URL"),
            "{url}: {err}"
        );
    }
}

#[tokio::test]
async fn a_closed_port_is_a_connection_error() {
    let server = Server::start().await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = client(HttpConfig {
        retries: 1,
        ..test_config(&server)
    });
    let err = failed(fetch(&client, format!("http://127.0.0.1:{closed}/feed.xml")).await);
    assert!(matches!(err, NetError::Connect(_)), "{err:?}");
    assert!(err.to_string().starts_with("cannot connect: "), "{err}");
}

#[tokio::test]
async fn https_to_a_plain_http_server_fails_cleanly() {
    // The TLS stack (rustls) starts up and its handshake failure is a connection error.
    let server = Server::start().await;
    let client = client(HttpConfig {
        retries: 0,
        ..test_config(&server)
    });
    let url = format!("https://127.0.0.1:{}/feed.xml", server.addr.port());
    let err = failed(fetch(&client, url).await);
    assert!(matches!(err, NetError::Connect(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn a_500_then_200_succeeds_on_retry() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (bytes, ..) = body(fetch(&client, server.url("/flaky")).await.unwrap());
    assert_eq!(bytes, FEED.as_bytes());
    assert_eq!(server.hits("/flaky"), 2);
}

#[tokio::test]
async fn a_lasting_500_fails_after_the_retries() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        retries: 3,
        ..test_config(&server)
    });
    let err = failed(fetch(&client, server.url("/always-500")).await);
    assert!(matches!(err, NetError::Status(500)), "{err:?}");
    assert_eq!(err.to_string(), "HTTP 500 Internal Server Error");
    assert_eq!(
        server.hits("/always-500"),
        4,
        "one attempt and three retries"
    );
}

#[tokio::test]
async fn no_retries_means_one_attempt() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        retries: 0,
        ..test_config(&server)
    });
    failed(fetch(&client, server.url("/flaky")).await);
    assert_eq!(server.hits("/flaky"), 1);
}

#[tokio::test]
async fn a_429_is_retried() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    body(fetch(&client, server.url("/rate-limited")).await.unwrap());
    assert_eq!(server.hits("/rate-limited"), 2);
}

#[tokio::test]
async fn a_503_with_retry_after_is_waited_out() {
    let server = Server::start().await;
    // The backoff alone would retry after 10 ms: the 1 s gap can only be Retry-After's.
    let client = client(test_config(&server));
    let (bytes, ..) = body(fetch(&client, server.url("/busy")).await.unwrap());
    assert_eq!(bytes, FEED.as_bytes());
    let times = server.counters.hit_times("/busy");
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    assert!(gap >= Duration::from_millis(900), "retried after {gap:?}");
}

#[tokio::test]
async fn a_retry_after_over_the_limit_fails_at_once() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let err = failed(fetch(&client, server.url("/busy-for-an-hour")).await);
    assert!(
        matches!(err, NetError::RetryAfterTooLong { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "HTTP 503 Service Unavailable, and the server asks to wait 3600 s before retrying \
         (over the 30 s limit)"
    );
    assert_eq!(server.hits("/busy-for-an-hour"), 1);
}

// ---------------------------------------------------------------------------------------------
// Conditional GET

#[tokio::test]
async fn an_etag_turns_the_second_fetch_into_a_304() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (bytes, _, etag, ..) = body(fetch(&client, server.url("/etag")).await.unwrap());
    assert_eq!(bytes, FEED.as_bytes());
    assert_eq!(etag.as_deref(), Some(ETAG));

    let again = Request {
        url: server.url("/etag"),
        etag,
        last_modified: None,
    };
    match client.get(&again).await.unwrap() {
        Response::NotModified {
            etag,
            last_modified,
        } => {
            assert_eq!(etag.as_deref(), Some(ETAG));
            assert_eq!(last_modified, None);
        }
        other => panic!("expected 304, got {other:?}"),
    }
    assert_eq!(server.hits("/etag"), 2);
}

#[tokio::test]
async fn last_modified_turns_the_second_fetch_into_a_304() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (_, _, _, last_modified, _) =
        body(fetch(&client, server.url("/last-modified")).await.unwrap());
    assert_eq!(last_modified.as_deref(), Some(LAST_MODIFIED));

    let again = Request {
        url: server.url("/last-modified"),
        etag: None,
        last_modified,
    };
    match client.get(&again).await.unwrap() {
        // The server's 304 had no Last-Modified: the one sent is handed back to keep.
        Response::NotModified { last_modified, .. } => {
            assert_eq!(last_modified.as_deref(), Some(LAST_MODIFIED))
        }
        other => panic!("expected 304, got {other:?}"),
    }
}

#[tokio::test]
async fn a_validator_that_cannot_be_a_header_is_left_out() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let odd = Request {
        url: server.url("/etag"),
        etag: Some("\"v1\"\r\nX-Injected: yes".into()),
        last_modified: Some("\u{0}".into()),
    };
    // Sent unconditionally: a full body, not an error and not a 304.
    body(client.get(&odd).await.unwrap());
}

// ---------------------------------------------------------------------------------------------
// Time limits

#[tokio::test]
async fn a_stalled_server_times_out_and_is_retried() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        request_timeout: Duration::from_secs(1),
        retries: 1,
        ..test_config(&server)
    });
    let started = Instant::now();
    let err = failed(fetch(&client, server.url("/stall")).await);
    assert!(matches!(err, NetError::Timeout(_)), "{err:?}");
    assert_eq!(err.to_string(), "timed out after 1 s");
    assert_eq!(server.hits("/stall"), 2, "a timeout is retried");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the timeout did not fire"
    );
}

#[tokio::test]
async fn a_body_that_stalls_midway_times_out() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        request_timeout: Duration::from_secs(1),
        retries: 0,
        ..test_config(&server)
    });
    let started = Instant::now();
    let err = failed(fetch(&client, server.url("/stall-body")).await);
    assert!(matches!(err, NetError::Timeout(_)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the timeout did not fire"
    );
}

#[tokio::test]
async fn the_feed_time_limit_covers_all_attempts() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        request_timeout: Duration::from_secs(1),
        feed_timeout: Duration::from_millis(1500),
        retries: 10,
        ..test_config(&server)
    });
    let started = Instant::now();
    let err = failed(fetch(&client, server.url("/stall")).await);
    assert!(matches!(err, NetError::FeedTimeout(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "gave up after 1.5 s (the time limit for one feed)"
    );
    assert!(
        server.hits("/stall") < 11,
        "retries stopped at the feed limit"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the feed limit did not fire"
    );
}

// ---------------------------------------------------------------------------------------------
// Size caps

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_bytes: 256 * 1024,
        ..test_config(&server)
    });
    let err = failed(fetch(&client, server.url("/endless")).await);
    assert!(matches!(err, NetError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.to_string(), "response over the 256 KiB limit");
    assert_eq!(server.hits("/endless"), 1, "a size cap is not retried");
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_reading() {
    let server = Server::start().await;
    // The body never comes: only the header can have stopped this.
    let client = client(HttpConfig {
        request_timeout: Duration::from_secs(30),
        ..test_config(&server)
    });
    let started = Instant::now();
    let err = failed(fetch(&client, server.url("/huge-length")).await);
    assert!(matches!(err, NetError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.to_string(), "response over the 20 MiB limit");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_content_length_just_over_the_cap_is_refused() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_bytes: FEED.len() as u64 - 1,
        ..test_config(&server)
    });
    let err = failed(fetch(&client, server.url("/feed.xml")).await);
    assert!(matches!(err, NetError::TooLarge { .. }), "{err:?}");
    // And exactly at the cap is fine.
    let client = self::client(HttpConfig {
        max_bytes: FEED.len() as u64,
        ..test_config(&server)
    });
    body(fetch(&client, server.url("/feed.xml")).await.unwrap());
}

// ---------------------------------------------------------------------------------------------
// Compression

#[tokio::test]
async fn gzip_deflate_and_brotli_bodies_are_decoded() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    for path in ["/gzip", "/deflate", "/brotli"] {
        let (bytes, ..) = body(fetch(&client, server.url(path)).await.unwrap());
        assert_eq!(String::from_utf8(bytes).unwrap(), FEED, "{path}");
    }
}

#[tokio::test]
async fn a_corrupt_gzip_body_is_a_decode_error() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let err = failed(fetch(&client, server.url("/bad-gzip")).await);
    assert!(matches!(err, NetError::Decode(_)), "{err:?}");
    assert_eq!(server.hits("/bad-gzip"), 1, "a corrupt body is not retried");
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_cap() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_bytes: 1024 * 1024,
        ..test_config(&server)
    });
    let err = failed(fetch(&client, server.url("/bomb")).await);
    assert!(matches!(err, NetError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.to_string(), "response over the 1 MiB limit");

    // Under a cap above its decoded size the same body is fine: it is the size that failed.
    let client = self::client(HttpConfig {
        max_bytes: BOMB_SIZE as u64,
        ..test_config(&server)
    });
    let (bytes, ..) = body(fetch(&client, server.url("/bomb")).await.unwrap());
    assert_eq!(bytes.len(), BOMB_SIZE);
}

// ---------------------------------------------------------------------------------------------
// Redirects

#[tokio::test]
async fn a_good_redirect_reports_the_final_url() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (bytes, _, _, _, final_url) = body(fetch(&client, server.url("/moved")).await.unwrap());
    assert_eq!(bytes, FEED.as_bytes());
    assert_eq!(final_url, server.url("/feed.xml"));
}

#[tokio::test]
async fn a_redirect_loop_is_an_error() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let err = failed(fetch(&client, server.url("/loop-a")).await);
    assert!(matches!(err, NetError::RedirectLoop(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("redirect loop at {}", server.url("/loop-a"))
    );
    assert_eq!(server.hits("/loop-a"), 1, "not retried");
}

#[tokio::test]
async fn redirects_are_followed_up_to_the_limit() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let (_, _, _, _, final_url) = body(fetch(&client, server.url("/chain/5")).await.unwrap());
    assert_eq!(final_url, server.url("/chain/0"));
    let err = failed(fetch(&client, server.url("/chain/6")).await);
    assert!(matches!(err, NetError::TooManyRedirects(5)), "{err:?}");
    assert_eq!(err.to_string(), "too many redirects (over 5)");
}

#[tokio::test]
async fn a_redirect_off_the_web_is_refused() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    for path in ["/to-ftp", "/to-file", "/to-evil"] {
        let err = failed(fetch(&client, server.url(path)).await);
        assert!(matches!(err, NetError::BadRedirect(_)), "{path}: {err:?}");
        assert!(err
            .to_string()
            .starts_with("redirected to a non-http(s) URL: "));
    }
}

// ---------------------------------------------------------------------------------------------
// Many at once

fn peaks(server: &Server) -> (usize, Vec<usize>) {
    let c = &server.counters;
    (
        c.peak_total.load(Ordering::SeqCst),
        c.peak_host
            .iter()
            .map(|p| p.load(Ordering::SeqCst))
            .collect(),
    )
}

#[tokio::test]
async fn limits_hold_per_host_and_in_all() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_at_once: 5,
        max_per_host: 2,
        ..test_config(&server)
    });
    let reqs: Vec<(usize, Request)> = (0..40)
        .map(|i| {
            (
                i,
                Request::new(server.url_on(HOSTS[i % HOSTS.len()], "/slow")),
            )
        })
        .collect();
    let mut ok = 0;
    client
        .get_many(reqs, |_, result| {
            body(result.unwrap());
            ok += 1;
        })
        .await;
    assert_eq!(ok, 40);
    let (total, per_host) = peaks(&server);
    assert!(total <= 5, "{total} requests at once, limit 5");
    assert!(
        per_host.iter().all(|&p| p <= 2),
        "per host {per_host:?}, limit 2"
    );
    // The limits are limits, not a queue of one.
    assert!(total >= 2, "requests never overlapped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_busy_host_gets_two_at_a_time_on_a_threaded_runtime() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let reqs: Vec<(usize, Request)> = (0..12)
        .map(|i| (i, Request::new(server.url_on("a.test", "/slow"))))
        .collect();
    let mut done = 0;
    client
        .get_many(reqs, |_, r| {
            body(r.unwrap());
            done += 1;
        })
        .await;
    assert_eq!(done, 12);
    let (total, per_host) = peaks(&server);
    assert!(per_host[0] <= 2, "{per_host:?}");
    assert!(total <= 2, "{total}");
}

#[tokio::test]
async fn get_called_directly_also_keeps_the_host_limit() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_per_host: 1,
        ..test_config(&server)
    });
    let url = server.url_on("b.test", "/slow");
    let gets = (0..4).map(|_| {
        let (client, url) = (client.clone(), url.clone());
        async move { fetch(&client, url).await }
    });
    for r in futures::future::join_all(gets).await {
        body(r.unwrap());
    }
    assert_eq!(peaks(&server).1[1], 1);
}

#[tokio::test]
async fn two_batches_at_once_share_the_overall_limit() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_at_once: 3,
        ..test_config(&server)
    });
    let batch = |offset: usize| -> Vec<(usize, Request)> {
        (0..15)
            .map(|i| {
                let host = HOSTS[(i + offset) % HOSTS.len()];
                (i, Request::new(server.url_on(host, "/slow")))
            })
            .collect()
    };
    let (mut a, mut b) = (0, 0);
    // A clone shares the limits.
    let other = client.clone();
    futures::join!(
        client.get_many(batch(0), |_, r| {
            body(r.unwrap());
            a += 1;
        }),
        other.get_many(batch(2), |_, r| {
            body(r.unwrap());
            b += 1;
        }),
    );
    assert_eq!((a, b), (15, 15));
    let (total, per_host) = peaks(&server);
    assert!(total <= 3, "{total} at once over two batches, limit 3");
    assert!(per_host.iter().all(|&p| p <= 2), "{per_host:?}");
}

#[tokio::test]
async fn waiting_for_a_busy_host_does_not_count_against_the_feed_limit() {
    // Ten feeds on one host, one at a time, each about 150 ms: the last starts well after the
    // 1 s feed limit would have run out had the queue counted.
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_per_host: 1,
        feed_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(1),
        ..test_config(&server)
    });
    let reqs: Vec<(usize, Request)> = (0..10)
        .map(|i| (i, Request::new(server.url_on("d.test", "/slow"))))
        .collect();
    let mut done = 0;
    client
        .get_many(reqs, |i, r| {
            assert!(r.is_ok(), "feed {i}: {:?}", r.err());
            done += 1;
        })
        .await;
    assert_eq!(done, 10);
    assert_eq!(peaks(&server).1[3], 1);
}

#[tokio::test]
async fn fifty_requests_some_failing_the_rest_succeed() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        retries: 1,
        request_timeout: Duration::from_secs(1),
        ..test_config(&server)
    });
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let bad: Vec<String> = vec![
        server.url("/missing"),
        server.url("/always-500"),
        server.url("/loop-a"),
        server.url("/stall"),
        format!("http://127.0.0.1:{closed}/feed.xml"),
        "file:///etc/passwd".into(),
        "ftp://127.0.0.1/x".into(),
        "".into(),
        "\u{1b}[31mnot a url\u{7}".into(),
        "http://[::1".into(),
    ];
    let mut reqs = Vec::new();
    for i in 0..50usize {
        let url = if i % 5 == 0 {
            bad[i / 5].clone()
        } else {
            match i % 3 {
                0 => server.url_on(HOSTS[i % HOSTS.len()], "/feed.xml"),
                1 => server.url("/gzip"),
                _ => server.url_on(HOSTS[i % HOSTS.len()], "/slow"),
            }
        };
        reqs.push((i, Request::new(url)));
    }
    let mut seen = HashSet::new();
    let mut failures = Vec::new();
    client
        .get_many(reqs, |i, result| {
            assert!(seen.insert(i), "{i} reported twice");
            match result {
                Ok(resp) => {
                    assert!(i % 5 != 0, "bad request {i} succeeded");
                    let (bytes, ..) = body(resp);
                    assert_eq!(bytes, FEED.as_bytes());
                }
                Err(e) => {
                    assert!(i % 5 == 0, "good request {i} failed: {e}");
                    failures.push(failed(Err(e)));
                }
            }
        })
        .await;
    assert_eq!(seen.len(), 50);
    assert_eq!(failures.len(), 10);
}

#[tokio::test]
async fn get_many_of_nothing_returns() {
    let server = Server::start().await;
    let client = client(test_config(&server));
    let mut calls = 0;
    client
        .get_many(Vec::<((), Request)>::new(), |_, _| calls += 1)
        .await;
    assert_eq!(calls, 0);
}

#[tokio::test]
async fn odd_urls_never_panic_and_each_is_reported_once() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        retries: 0,
        request_timeout: Duration::from_secs(2),
        ..test_config(&server)
    });
    let port = server.addr.port();
    let odd: Vec<String> = vec![
        format!("http://user:pa%0Ass@127.0.0.1:{port}/echo"),
        format!("http://%FF%FE:x@127.0.0.1:{port}/echo"),
        format!("http://127.0.0.1:{port}/feed.xml?q=\u{645}\u{62B}\u{627}\u{644}#frag"),
        format!("http://127.0.0.1:{port}/\u{0}\u{1b}[2J"),
        format!("http://127.0.0.1:{port}/{}", "x".repeat(100_000)),
        format!("HTTP://A.TEST:{port}/feed.xml"),
        "http://127.0.0.1:0/".into(),
        "http://[::1]:0/".into(),
        "http://256.256.256.256/".into(),
        "http://127.0.0.1:99999/".into(),
        "https://".into(),
        "http:".into(),
        "http://a b/".into(),
        "\u{202E}http://127.0.0.1/".into(),
        "https://127.0.0.1:1/".into(),
        "\t\n".into(),
    ];
    let count = odd.len();
    let reqs: Vec<(usize, Request)> = odd.into_iter().map(Request::new).enumerate().collect();
    let mut seen = HashSet::new();
    client
        .get_many(reqs, |i, result| {
            assert!(seen.insert(i), "{i} reported twice");
            if let Err(e) = result {
                failed(Err(e));
            }
        })
        .await;
    assert_eq!(seen.len(), count);
}

#[tokio::test]
async fn upper_case_host_names_share_the_host_limit() {
    let server = Server::start().await;
    let client = client(HttpConfig {
        max_per_host: 1,
        ..test_config(&server)
    });
    let reqs: Vec<(usize, Request)> = (0..6)
        .map(|i| {
            let host = if i % 2 == 0 { "C.TEST" } else { "c.test" };
            (i, Request::new(server.url_on(host, "/slow")))
        })
        .collect();
    let mut done = 0;
    client
        .get_many(reqs, |_, r| {
            body(r.unwrap());
            done += 1;
        })
        .await;
    assert_eq!(done, 6);
    assert_eq!(peaks(&server).1[2], 1);
}

/// A figure, not a check: 200 feeds of about 60 KiB each over 50 host names, all on the local
/// server. Run with
/// `cargo test --release --test net_http -- --ignored --nocapture two_hundred_feeds`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn two_hundred_feeds_from_the_local_server() {
    let server = Server::start().await;
    let names: Vec<String> = (0..50).map(|i| format!("feed-{i}.test")).collect();
    let client = client(HttpConfig {
        resolve: names.iter().map(|n| (n.clone(), server.addr)).collect(),
        ..test_config(&server)
    });
    let reqs: Vec<(usize, Request)> = (0..200)
        .map(|i| (i, Request::new(server.url_on(&names[i % 50], "/big-feed"))))
        .collect();
    let started = Instant::now();
    let (mut ok, mut bytes) = (0, 0);
    client
        .get_many(reqs, |_, r| {
            let (b, ..) = body(r.unwrap());
            bytes += b.len();
            ok += 1;
        })
        .await;
    let elapsed = started.elapsed();
    assert_eq!(ok, 200);
    println!(
        "200 feeds, {} KiB in all, fetched in {:.0} ms (8 at once, 2 per host)",
        bytes / 1024,
        elapsed.as_secs_f64() * 1000.0
    );
}
