//! The binary's feed commands: `add`, `import-opml`, `export-opml`, `import-newsboat`,
//! `feeds` and `fetch`. Subscriptions live in the config file (`[[feeds]]`); what fetching
//! learnt lives in the store. Part of the binary (uses anyhow), not of the library.

use akhbar::config::{self, Config};
use akhbar::ingest::subs;
use akhbar::model::{Direction, Subscription};
use akhbar::net::refresh::{self, Outcome};
use anyhow::{bail, Context};
use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

fn config_dir() -> anyhow::Result<PathBuf> {
    config::config_dir().context("no place for the config file: set XDG_CONFIG_HOME or HOME")
}

/// The config, with any problem in it printed as a warning.
fn load_config() -> Config {
    let dir = config::config_dir();
    let (config, problems) = Config::load(dir.as_deref());
    for p in problems {
        crate::cmd::eprint_line(&format!("akhbar: warning: {p}"));
    }
    config
}

/// The config's ignore rules that parse; each one that does not is a warning line.
pub(crate) fn ignore_rules(config: &Config) -> akhbar::ignore::Rules {
    let (rules, problems) = akhbar::ignore::Rules::parse(&config.ignore);
    for p in problems {
        crate::cmd::eprint_line(&format!("akhbar: warning: {p}"));
    }
    rules
}

/// The config, with its problems printed as warnings (for commands outside this file).
pub(crate) fn config_with_warnings() -> Config {
    load_config()
}

/// Only http and https feeds can be fetched; anything else is refused before it is saved.
fn check_url(url: &str) -> anyhow::Result<()> {
    if !akhbar::net::is_web_url(url) {
        bail!("{url:?} is not an http(s) feed address");
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        bail!(
            "{:?} is not a feed address: it holds spaces or control characters",
            url
        );
    }
    Ok(())
}

fn report_added(added: &config::Added, dir: &Path) {
    for url in &added.added {
        crate::cmd::print_line(&format!("added {url}"));
    }
    for url in &added.already {
        crate::cmd::print_line(&format!("already subscribed: {url}"));
    }
    crate::cmd::print_line(&format!(
        "{} added, {} already subscribed ({})",
        added.added.len(),
        added.already.len(),
        dir.join("config.toml").display()
    ));
}

/// `akhbar add URL`.
pub fn add(
    url: &str,
    title: Option<String>,
    tags: Vec<String>,
    direction: Option<Direction>,
) -> anyhow::Result<()> {
    check_url(url)?;
    let sub = Subscription {
        url: url.trim().to_string(),
        title,
        tags,
        direction,
        ..Subscription::default()
    };
    let dir = config_dir()?;
    let added = config::add_feeds(&dir, &[sub]).map_err(anyhow::Error::msg)?;
    report_added(&added, &dir);
    Ok(())
}

/// Subscriptions from a file, the ones that cannot be fetched reported and left out.
fn keep_fetchable(found: Vec<Subscription>) -> Vec<Subscription> {
    found
        .into_iter()
        .filter(|s| match check_url(&s.url) {
            Ok(()) => true,
            Err(e) => {
                crate::cmd::eprint_line(&format!("akhbar: skipped: {e}"));
                false
            }
        })
        .collect()
}

fn read_limited(path: &Path) -> anyhow::Result<Vec<u8>> {
    Ok(akhbar::ingest::bounded::read_file(path)?)
}

/// `akhbar import-opml FILE`.
pub fn import_opml(file: &Path) -> anyhow::Result<()> {
    let bytes = read_limited(file)?;
    let found = subs::parse_opml(&bytes).with_context(|| file.display().to_string())?;
    if found.is_empty() {
        bail!("{}: no feeds in it (outlines with xmlUrl)", file.display());
    }
    let dir = config_dir()?;
    let added = config::add_feeds(&dir, &keep_fetchable(found)).map_err(anyhow::Error::msg)?;
    report_added(&added, &dir);
    Ok(())
}

/// `akhbar import-newsboat [URLS_FILE]`.
pub fn import_newsboat(file: Option<PathBuf>) -> anyhow::Result<()> {
    let file = match file {
        Some(f) => f,
        None => newsboat_urls().context(
            "no newsboat urls file found (~/.newsboat/urls or $XDG_CONFIG_HOME/newsboat/urls); name one",
        )?,
    };
    let bytes = read_limited(&file)?;
    let text = String::from_utf8_lossy(&bytes);
    let found = subs::parse_newsboat_urls(&text);
    for line in &found.skipped {
        crate::cmd::eprint_line(&format!("akhbar: skipped: {}: {line}", file.display()));
    }
    if found.subscriptions.is_empty() {
        bail!("{}: no feeds in it", file.display());
    }
    let dir = config_dir()?;
    let added = config::add_feeds(&dir, &keep_fetchable(found.subscriptions))
        .map_err(anyhow::Error::msg)?;
    report_added(&added, &dir);
    Ok(())
}

/// newsboat's own places for its urls file, the first that exists.
fn newsboat_urls() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    [
        home.map(|h| h.join(".newsboat/urls")),
        xdg.map(|x| x.join("newsboat/urls")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.is_file())
}

/// `akhbar export-opml`.
pub fn export_opml() -> anyhow::Result<()> {
    let config = load_config();
    let mut out = std::io::stdout().lock();
    out.write_all(subs::write_opml(&config.feeds, "akhbar subscriptions").as_bytes())?;
    Ok(())
}

/// When a time in seconds since the epoch was, for people.
fn when(secs: Option<i64>) -> String {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(
            || "never".to_string(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
}

/// `akhbar feeds`: every subscription with what the store knows of it.
pub fn feeds(store_flag: Option<&OsStr>, json: bool) -> anyhow::Result<()> {
    let config = load_config();
    let opened = super::open(store_flag, false)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for sub in &config.feeds {
        let state = opened.store.feed(&sub.url)?.unwrap_or_default();
        let title = sub.title.clone().or(state.title.clone());
        if json {
            let v = serde_json::json!({
                "url": sub.url,
                "title": title,
                "tags": sub.tags,
                "articles": state.articles,
                "unread": state.unread,
                "fetched_at": state.fetched_at,
                "ok_at": state.ok_at,
                "last_error": state.last_error,
            });
            writeln!(out, "{v}")?;
        } else {
            let status = match &state.last_error {
                Some(e) => format!("error: {e}"),
                None => format!("fetched {}", when(state.fetched_at)),
            };
            writeln!(
                out,
                "{:>5} {:>5}  {}  {}  {}",
                state.articles,
                state.unread,
                refresh::one_line(title.as_deref().unwrap_or("(untitled)")),
                sub.url,
                status
            )?;
        }
    }
    out.flush()?;
    if config.feeds.is_empty() && !json {
        crate::cmd::eprint_line("akhbar: no subscriptions yet: `akhbar add URL`, `akhbar import-opml FILE` or `akhbar import-newsboat`");
    }
    Ok(())
}

/// `akhbar fetch`: refresh every feed, print the summary, exit 1 if any failed.
pub fn fetch(store_flag: Option<&OsStr>) -> anyhow::Result<ExitCode> {
    let config = load_config();
    if config.feeds.is_empty() {
        bail!("no subscriptions yet: `akhbar add URL`, `akhbar import-opml FILE` or `akhbar import-newsboat`");
    }
    let opened = super::open(store_flag, false)?;
    if let Some(why) = opened.read_only {
        bail!("the store cannot be written ({why}); nothing fetched");
    }
    let mut store = opened.store;
    let jobs = refresh::jobs(&mut store, &config.feeds)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds  {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let rules = ignore_rules(&config);
    let store = Mutex::new(store);
    let cancel = AtomicBool::new(false);
    let mut failures = Vec::new();
    let mut new_articles = 0usize;
    let summary = refresh::run(&store, config.http(), jobs, &rules, &cancel, |report| {
        let name = report.title.clone().unwrap_or_else(|| report.url.clone());
        let name = refresh::one_line(&name);
        match &report.outcome {
            Outcome::Failed(e) => failures.push(format!("{}: {e}", report.url)),
            Outcome::Stored { added, .. } => new_articles += added.len(),
            Outcome::NotModified => {}
        }
        if let Some(bar) = &bar {
            bar.set_message(format!("{new_articles} new · {name}"));
            bar.inc(1);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for f in &failures {
        crate::cmd::eprint_line(&format!("akhbar: failed: {f}"));
    }
    crate::cmd::print_line(&summary.to_string());
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
