//! Refreshing feeds: download ([`crate::net`]), parse ([`crate::ingest::feed`]) and store
//! ([`crate::store`]), one feed at a time as its download finishes. `akhbar fetch` and the
//! dashboard's background refresh run this same code.
//!
//! Downloads run on a thread of their own with a single-threaded tokio runtime (many feeds at
//! once, a few per host); parsing and storing run on the calling thread, so a slow parse never
//! stalls a download and the store's writer lock is held only while one feed is written. One
//! feed failing (network, HTTP, parse or store) is reported for that feed and never stops the
//! others.

use super::{Client, HttpConfig, Request, Response};
use crate::ignore::Rules;
use crate::ingest::feed::{parse_feed, FeedOptions};
use crate::model::Subscription;
use crate::store::{FeedUpdate, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// One feed to refresh: its subscription and what the store remembers of it.
#[derive(Debug, Clone)]
pub struct Job {
    pub feed_id: i64,
    pub sub: Subscription,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// How one feed's refresh ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fetched and stored: the store ids of the articles new to the store, how many entries
    /// the feed held and how many old articles were dropped to keep it within its limit.
    Stored {
        added: Vec<i64>,
        entries: usize,
        removed: usize,
        warnings: Vec<String>,
        /// How many of `added` the config's ignore rules archived.
        ignored: usize,
    },
    /// The server said nothing changed (304).
    NotModified,
    /// One line, also kept as the feed's last error.
    Failed(String),
}

/// One feed done.
#[derive(Debug, Clone)]
pub struct Report {
    pub feed_id: i64,
    pub url: String,
    /// The subscription's title, else the feed's own.
    pub title: Option<String>,
    pub outcome: Outcome,
}

/// Totals for the summary line: `N feeds, M new articles, K failed`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub feeds: usize,
    pub new_articles: usize,
    pub failed: usize,
    pub not_modified: usize,
    /// New articles the ignore rules archived.
    pub ignored: usize,
}

impl Summary {
    pub fn add(&mut self, report: &Report) {
        self.feeds += 1;
        match &report.outcome {
            Outcome::Stored { added, ignored, .. } => {
                self.new_articles += added.len();
                self.ignored += ignored;
            }
            Outcome::NotModified => self.not_modified += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {} failed",
            plural(self.feeds, "feed", "feeds"),
            plural(self.new_articles, "new article", "new articles"),
            self.failed
        )?;
        if self.ignored > 0 {
            write!(f, ", {} archived by ignore rules", self.ignored)?;
        }
        Ok(())
    }
}

/// The jobs for `subs`: each feed gets its row in the store (made on first sight) and brings
/// its validators for a conditional GET. Subscriptions repeated by URL count once.
pub fn jobs(store: &mut Store, subs: &[Subscription]) -> crate::store::Result<Vec<Job>> {
    let mut seen = std::collections::HashSet::new();
    let mut jobs = Vec::new();
    for sub in subs {
        if !seen.insert(sub.url.clone()) {
            continue;
        }
        let feed_id = store.feed_id(&sub.url)?;
        let state = store.feed(&sub.url)?.unwrap_or_default();
        jobs.push(Job {
            feed_id,
            sub: sub.clone(),
            etag: state.etag,
            last_modified: state.last_modified,
        });
    }
    Ok(jobs)
}

/// Refreshes every job and calls `on_report` as each feed is stored, in the order downloads
/// finish. Blocks until all are done or `cancel` is set (feeds not yet stored are then left
/// as they were). Returns the totals.
pub fn run(
    store: &Mutex<Store>,
    config: HttpConfig,
    jobs: Vec<Job>,
    rules: &Rules,
    cancel: &AtomicBool,
    mut on_report: impl FnMut(Report),
) -> Summary {
    let mut summary = Summary::default();
    let max_items = config.max_items_per_feed;
    let client = match Client::new(config) {
        Ok(client) => client,
        Err(e) => {
            // Without a client nothing can be fetched: every feed fails with the reason.
            let why = format!("cannot start the HTTP client: {e}");
            for job in &jobs {
                let report = fail(store, job, why.clone());
                summary.add(&report);
                on_report(report);
            }
            return summary;
        }
    };
    let (tx, rx) = mpsc::channel();
    let requests: Vec<(usize, Request)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| {
            (
                i,
                Request {
                    url: job.sub.url.clone(),
                    etag: job.etag.clone(),
                    last_modified: job.last_modified.clone(),
                },
            )
        })
        .collect();
    let downloads = std::thread::Builder::new()
        .name("akhbar-fetch".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    for (i, _) in requests {
                        let _ = tx.send((i, Err(format!("cannot start downloads: {e}"))));
                    }
                    return;
                }
            };
            runtime.block_on(client.get_many(requests, |i, result| {
                let _ = tx.send((i, result.map_err(|e| e.to_string())));
            }));
        });
    if let Err(e) = downloads {
        for job in &jobs {
            let report = fail(store, job, format!("cannot start downloads: {e}"));
            summary.add(&report);
            on_report(report);
        }
        return summary;
    }
    for (i, result) in rx {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let job = &jobs[i];
        let report = match result {
            Ok(response) => settle(store, job, response, max_items, rules),
            Err(e) => fail(store, job, e),
        };
        summary.add(&report);
        on_report(report);
    }
    summary
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    // A panic while holding the lock cannot leave a transaction half done (SQLite rolls it
    // back), so a poisoned lock is still usable.
    store.lock().unwrap_or_else(|e| e.into_inner())
}

fn title_of(job: &Job, own: Option<&str>) -> Option<String> {
    job.sub.title.clone().or_else(|| own.map(str::to_string))
}

/// A downloaded feed: parsed and stored.
fn settle(
    store: &Mutex<Store>,
    job: &Job,
    response: Response,
    max_items: usize,
    rules: &Rules,
) -> Report {
    let (bytes, content_type, etag, last_modified) = match response {
        Response::NotModified {
            etag,
            last_modified,
        } => {
            let stored = lock(store).feed_not_modified(
                job.feed_id,
                etag.as_deref(),
                last_modified.as_deref(),
            );
            return match stored {
                Ok(()) => Report {
                    feed_id: job.feed_id,
                    url: job.sub.url.clone(),
                    title: title_of(job, None),
                    outcome: Outcome::NotModified,
                },
                Err(e) => fail(store, job, e.to_string()),
            };
        }
        Response::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            ..
        } => (bytes, content_type, etag, last_modified),
    };
    let options = FeedOptions {
        url: &job.sub.url,
        title: job.sub.title.as_deref(),
        direction: job.sub.direction,
        content_type: content_type.as_deref(),
        max_items: Some(max_items),
    };
    let parsed = match parse_feed(&bytes, &options) {
        Ok(parsed) => parsed,
        Err(e) => return fail(store, job, e.to_string()),
    };
    drop(bytes);
    let entries: Vec<_> = parsed
        .entries
        .into_iter()
        .map(|e| (e.article, e.summary_only))
        .collect();
    let update = FeedUpdate {
        entries: &entries,
        title: parsed.title.as_deref(),
        etag: etag.as_deref(),
        last_modified: last_modified.as_deref(),
        max_articles: job.sub.max_articles,
        tags: &job.sub.tags,
    };
    let stored = {
        let mut store = lock(store);
        store.store_feed(job.feed_id, &update).map(|stats| {
            // The feed is stored (and its tags given) first; the rules then archive what
            // they match among the new articles. A rule failing keeps the articles unread.
            let ignored = rules.apply(&mut store, &stats.added);
            (stats, ignored)
        })
    };
    match stored {
        Ok((stats, ignored)) => Report {
            feed_id: job.feed_id,
            url: job.sub.url.clone(),
            title: title_of(job, parsed.title.as_deref()),
            outcome: Outcome::Stored {
                added: stats.added,
                entries: entries.len(),
                removed: stats.removed,
                ignored: ignored.as_ref().map_or(0, |i| i.total()),
                warnings: match ignored {
                    Ok(_) => parsed.warnings,
                    Err(e) => {
                        let mut w = parsed.warnings;
                        w.push(format!("ignore rules: {e}"));
                        w
                    }
                },
            },
        },
        Err(e) => fail(store, job, e.to_string()),
    }
}

/// A failed feed: the error is kept as its last error (if the store can be written).
fn fail(store: &Mutex<Store>, job: &Job, error: String) -> Report {
    let error = one_line(&error);
    let _ = lock(store).feed_failed(job.feed_id, &error);
    Report {
        feed_id: job.feed_id,
        url: job.sub.url.clone(),
        title: title_of(job, None),
        outcome: Outcome::Failed(error),
    }
}

/// Outside text (a server's error, a feed's title or URL) as one printable line: the same
/// cleaning every `net` error message gets.
pub fn one_line(text: &str) -> String {
    super::error::clean(text)
}

/// Fetches the page an article links to, extracts its main text and keeps it beside the
/// feed's summary ([`Store::put_full_text`]). Blocking. Returns how many paragraphs it kept.
pub fn full_text(store: &Mutex<Store>, config: HttpConfig, id: i64) -> Result<usize, String> {
    let article = lock(store).article(id).map_err(|e| e.to_string())?;
    let url = article
        .url
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| "this article has no link to fetch".to_string())?;
    // A web page, not a feed: ask for HTML.
    let config = HttpConfig {
        accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5".into(),
        ..config
    };
    let client = Client::new(config).map_err(|e| format!("cannot start the HTTP client: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start downloads: {e}"))?;
    let request = Request {
        url: url.clone(),
        ..Request::default()
    };
    let response = runtime
        .block_on(client.get(&request))
        .map_err(|e| one_line(&format!("{url}: {e}")))?;
    let Response::Body {
        bytes,
        content_type,
        final_url,
        ..
    } = response
    else {
        return Err(format!("{url}: the server sent no page"));
    };
    let page = crate::ingest::readable::extract_page(&bytes, content_type.as_deref(), &final_url)
        .map_err(|e| one_line(&format!("{url}: {e}")))?;
    if page.paragraphs.is_empty() {
        return Err(format!("{url}: no article text found on the page"));
    }
    let mut paragraphs = page.paragraphs;
    if let Some(dir) = article.dir_override {
        for p in &mut paragraphs {
            p.dir = dir;
        }
    }
    lock(store)
        .put_full_text(id, &paragraphs)
        .map_err(|e| e.to_string())?;
    Ok(paragraphs.len())
}
