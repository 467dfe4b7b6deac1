//! The binary's commands, one file per family, and what they share: opening the store as
//! the flags say, the bundled seeds, reading paths and standard input. Part of the binary
//! (uses anyhow), not of the library; `main.rs` only parses and dispatches.

pub mod dashboard;
pub mod docs;
pub mod facts;
pub mod feeds;
pub mod import_export;
pub mod list;
pub mod render;
pub mod search;
pub mod serve;

use akhbar::ingest;
use akhbar::store::{Location, Opened, Store, View};
use anyhow::Context;

/// The one way the commands print a line of outside text to stderr: cleaned for the
/// terminal first (`tests/print_clean.rs` checks that nothing else prints).
pub fn eprint_line(line: &str) {
    eprintln!("{}", ingest::sanitize::for_terminal(line));
}

/// The same for stdout.
pub fn print_line(line: &str) {
    println!("{}", ingest::sanitize::for_terminal(line));
}
use std::ffi::OsStr;
use std::path::PathBuf;

use akhbar::ingest::Loaded;

/// `--user`, as given on the command line; set once by `main` before any command runs.
static USER_FLAG: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

pub fn set_user_flag(name: Option<String>) {
    let _ = USER_FLAG.set(name);
}

/// The user every command acts as: `--user`, else `$AKHBAR_USER`, else the login name. A bad
/// name from the flag or the variable is an error (exit 2), checked when a command first
/// needs the store, so commands that never touch triage do not care.
pub fn user() -> anyhow::Result<String> {
    let flag = USER_FLAG.get().and_then(|f| f.as_deref());
    akhbar::store::user::resolve(flag).map_err(anyhow::Error::msg)
}

/// Opens the store the flags and environment name, acting as [`user`]; read-only reasons
/// and notices are printed as warnings when `quiet` is false (the dashboard shows them
/// itself).
pub fn open(flag: Option<&OsStr>, quiet: bool) -> anyhow::Result<Opened> {
    let user = user()?;
    let location = Location::resolve(flag)
        .context("no place for the store: set --store, AKHBAR_STORE or HOME")?;
    let opened = match Store::open_as(&location, &user) {
        // The server's errors name the store (its URL without the password) already.
        Err(e) if matches!(location, Location::Postgres(_)) => return Err(e.into()),
        opened => opened.with_context(|| location.display())?,
    };
    if !quiet {
        if let Some(why) = &opened.read_only {
            crate::cmd::eprint_line(&format!("akhbar: warning: store is read-only: {why}"));
        }
        for n in &opened.notices {
            crate::cmd::eprint_line(&format!("akhbar: warning: {n}"));
        }
    }
    Ok(opened)
}

/// Puts the bundled seeds in the store (duplicates are skipped, so this is cheap after the
/// first run). A read-only store keeps what it has.
pub fn import_seeds(store: &mut Store) -> Vec<String> {
    let loaded = ingest::load_embedded();
    let mut warnings = loaded.warnings;
    if !store.is_read_only() {
        if let Err(e) = store.import(&loaded.articles) {
            warnings.push(e.to_string());
        }
    }
    warnings
}

pub fn view(name: &str) -> anyhow::Result<View> {
    View::parse(name)
        .with_context(|| format!("unknown view {name:?}: use unread, starred, archived or all"))
}

pub fn load(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    if paths.is_empty() {
        return Ok(ingest::load_embedded());
    }
    let loaded = ingest::load_paths(paths)?;
    if loaded.articles.is_empty() {
        anyhow::bail!("no articles could be loaded from the given paths");
    }
    Ok(loaded)
}

pub fn print_warnings(warnings: &[String]) {
    for w in warnings {
        crate::cmd::eprint_line(&format!("akhbar: warning: {w}"));
    }
}

/// Standard input, up to the size limit of an article file.
pub fn read_stdin_bytes() -> anyhow::Result<Vec<u8>> {
    Ok(ingest::bounded::read_stdin()?)
}

/// One article in the scraped-page layout from standard input.
pub fn read_stdin() -> anyhow::Result<Loaded> {
    let bytes = read_stdin_bytes()?;
    let path = std::path::Path::new("-");
    let origin = akhbar::model::Origin::File("-".into());
    let (articles, warnings) = ingest::article_from_bytes(&bytes, None, path, origin)?;
    Ok(Loaded { articles, warnings })
}
