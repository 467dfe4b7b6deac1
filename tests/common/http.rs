//! A small HTTP/1.1 server on 127.0.0.1 for the feed tests: fixed routes, ETag and 304,
//! a status code, and a gate that holds chosen responses until the test opens it. One thread
//! per connection, `Connection: close`: enough for tests, nothing more.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

#[derive(Clone)]
pub enum Route {
    /// 200 with this body and content type; with an ETag, a request that sends it back gets
    /// 304 Not Modified.
    Body {
        body: Vec<u8>,
        content_type: &'static str,
        etag: Option<&'static str>,
    },
    /// This status with a short text body.
    Status(u16),
    /// The inner route, once the gate is open.
    Gated(Box<Route>),
    /// Headers, then nothing for this many seconds (a timeout must fire first).
    Stall(u64),
    /// A body that never ends (a size cap must fire).
    Endless,
    /// 302 to this path.
    Redirect(&'static str),
}

#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    changed: Condvar,
}

pub struct Server {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    gate: Arc<Gate>,
    /// Requests served, and how many of them were answered 304.
    pub requests: Arc<AtomicUsize>,
    pub not_modified: Arc<AtomicUsize>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let server = Server {
            port,
            routes: Arc::default(),
            gate: Arc::default(),
            requests: Arc::default(),
            not_modified: Arc::default(),
        };
        let routes = Arc::clone(&server.routes);
        let gate = Arc::clone(&server.gate);
        let requests = Arc::clone(&server.requests);
        let not_modified = Arc::clone(&server.not_modified);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let gate = Arc::clone(&gate);
                let requests = Arc::clone(&requests);
                let not_modified = Arc::clone(&not_modified);
                std::thread::spawn(move || {
                    let _ = serve(stream, &routes, &gate, &requests, &not_modified);
                });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    /// Lets gated responses through.
    pub fn open_gate(&self) {
        *self.gate.open.lock().unwrap() = true;
        self.gate.changed.notify_all();
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    gate: &Gate,
    requests: &AtomicUsize,
    not_modified: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let mut route = routes.lock().unwrap().get(&path).cloned();
    while let Some(Route::Gated(inner)) = route {
        let mut open = gate.open.lock().unwrap();
        while !*open {
            open = gate.changed.wait(open).unwrap();
        }
        route = Some(*inner);
    }
    let mut out = stream;
    match route {
        Some(Route::Body {
            body,
            content_type,
            etag,
        }) => {
            if etag.is_some() && if_none_match.as_deref() == etag {
                not_modified.fetch_add(1, Ordering::SeqCst);
                write!(
                    out,
                    "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n",
                    etag.unwrap_or_default()
                )?;
                return out.flush();
            }
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            )?;
            if let Some(etag) = etag {
                write!(out, "ETag: {etag}\r\n")?;
            }
            write!(out, "Connection: close\r\n\r\n")?;
            out.write_all(&body)?;
        }
        Some(Route::Status(code)) => {
            let text = format!("status {code}");
            write!(
                out,
                "HTTP/1.1 {code} Status\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            )?;
        }
        Some(Route::Gated(_)) => unreachable!("gates are opened above"),
        Some(Route::Stall(secs)) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100\r\n\r\n<rss>"
            )?;
            out.flush()?;
            std::thread::sleep(std::time::Duration::from_secs(secs));
        }
        Some(Route::Endless) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n<rss version=\"2.0\"><channel>"
            )?;
            let chunk = "<item><title>again</title></item>".repeat(1000);
            // Until the client hangs up.
            loop {
                out.write_all(chunk.as_bytes())?;
            }
        }
        Some(Route::Redirect(to)) => {
            write!(
                out,
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
        None => {
            write!(
                out,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
    }
    out.flush()
}

/// An RSS 2.0 feed with `items` entries (title, link, guid, date, description): Arabic when
/// `arabic`, English otherwise. `tag` keeps two feeds' entries apart.
pub fn rss(tag: &str, items: usize, arabic: bool) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n",
    );
    let title = if arabic {
        "أخبار الاختبار"
    } else {
        "Test News"
    };
    out.push_str(&format!(
        "<title>{title} {tag}</title><link>https://example.org/{tag}</link>\n"
    ));
    for i in 0..items {
        let (t, d) = if arabic {
            (
                format!("خبر {tag} رقم {i} عن الاقتصاد في بغداد"),
                format!("<p>قال وزير المالية إن النمو بلغ {i} في المئة هذا العام.</p>"),
            )
        } else {
            (
                format!("Story {tag} number {i} about trade"),
                format!("<p>The minister said growth reached {i} percent this year.</p>"),
            )
        };
        let day = 1 + i % 28;
        out.push_str(&format!(
            "<item><title>{t}</title><link>https://example.org/{tag}/{i}</link>\
             <guid>urn:{tag}:{i}</guid><pubDate>{day:02} Jun 2025 10:00:00 GMT</pubDate>\
             <description><![CDATA[{d}]]></description></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out.into_bytes()
}
