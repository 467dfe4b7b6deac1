//! The dashboard (`akhbar` with no command): the store's unread view, or exactly the articles
//! of the paths given, on the terminal.

use akhbar::cli::ViewArgs;
use akhbar::ui::Source;
use anyhow::Context;
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn run(
    store: Option<&OsStr>,
    paths: Vec<PathBuf>,
    view: ViewArgs,
    refresh: bool,
) -> anyhow::Result<()> {
    // Paths that cannot be read, and a bad user name, are reported before anything else.
    akhbar::ingest::check_paths(&paths)?;
    super::user()?;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the dashboard needs a terminal; use `akhbar list` for plain output");
    }
    let mut opened = super::open(store, true)?;
    let source = if paths.is_empty() {
        let problems = super::import_seeds(&mut opened.store);
        opened.notices.extend(problems);
        Source::Store
    } else {
        if let Some(why) = opened.read_only.take() {
            // The files cannot go into a store that cannot be written: show them from a
            // store in memory, and say that triage will not last.
            let memory =
                akhbar::store::Store::open_as(&akhbar::store::Location::Memory, &super::user()?)?;
            opened.notices.insert(
                0,
                format!("store read-only ({why}): these articles are in memory only; triage will not be saved"),
            );
            opened.store = memory.store;
        }
        Source::Paths(paths)
    };
    let overrides = akhbar::ui::Overrides {
        theme: view.theme,
        bidi: view.bidi.map(|s| s.is_on()),
        shaping: view.shaping.map(|s| s.is_on()),
        refresh,
    };
    akhbar::ui::run(source, opened, &overrides).context("terminal")
}
