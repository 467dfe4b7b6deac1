//! `akhbar serve`: the dashboard over SSH for a team on one store (the server itself is
//! `akhbar::ui::serve`). Here: the store made ready (seeds in), the log's place, and the
//! operator's lines printed cleanly.

use akhbar::cli::ViewArgs;
use anyhow::Context;
use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub struct Args {
    pub listen: SocketAddr,
    pub authorized_keys: PathBuf,
    pub host_key: PathBuf,
    pub idle_timeout: Duration,
    pub max_sessions: usize,
    pub log: Option<PathBuf>,
}

pub fn run(store: Option<&OsStr>, args: Args, view: ViewArgs) -> anyhow::Result<()> {
    if args.max_sessions == 0 {
        anyhow::bail!("--max-sessions must be at least 1");
    }
    let mut opened = super::open(store, false)?;
    if let Some(why) = &opened.read_only {
        anyhow::bail!("serve needs a store it can write ({why})");
    }
    for problem in super::import_seeds(&mut opened.store) {
        crate::cmd::eprint_line(&format!("akhbar: warning: {problem}"));
    }
    let location = opened.store.location().clone();
    drop(opened);
    let log = match args.log {
        Some(path) => path,
        None => akhbar::ui::serve::log::default_path()
            .context("no place for the log: set --log, XDG_DATA_HOME or HOME")?,
    };
    let options = akhbar::ui::serve::Options {
        listen: args.listen,
        authorized_keys: args.authorized_keys,
        host_key: args.host_key,
        idle_timeout: args.idle_timeout,
        max_sessions: args.max_sessions,
        log,
        store: location,
        overrides: akhbar::ui::Overrides {
            theme: view.theme,
            bidi: view.bidi.map(|s| s.is_on()),
            shaping: view.shaping.map(|s| s.is_on()),
            refresh: false,
        },
        config_dir: akhbar::config::config_dir(),
    };
    akhbar::ui::serve::run(options, &mut |line| {
        crate::cmd::print_line(&format!("akhbar serve: {line}"))
    })
    .context("serve")
}
