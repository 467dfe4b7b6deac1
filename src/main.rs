//! The `akhbar` binary: parse arguments, dispatch to a command, print errors as one line and
//! exit 2 on bad input.

use akhbar::cli::{BaseArg, Cli, Command, DirArg};
use akhbar::ingest::{self, Loaded};
use akhbar::text::{self, Base, LayoutOptions};
use akhbar::ui::Source;
use anyhow::Context;
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod feed_cmds;
mod store_cmds;

fn main() -> ExitCode {
    let cli =
        match Cli::try_parse_from(akhbar::cli::hoist_subcommand(std::env::args_os().collect())) {
            Ok(c) => c,
            Err(e) => {
                // --help and --version print and succeed; a bad argument is exit 2 (clap's own).
                let _ = e.print();
                return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            }
        };
    match run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`akhbar list | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("akhbar: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}

fn load(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    if paths.is_empty() {
        return Ok(ingest::load_embedded());
    }
    let loaded = ingest::load_paths(paths)?;
    if loaded.articles.is_empty() {
        anyhow::bail!("no articles could be loaded from the given paths");
    }
    Ok(loaded)
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("akhbar: warning: {w}");
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let view = cli.view;
    match cli.command {
        None => {
            // Paths that cannot be read are reported before anything else.
            ingest::check_paths(&cli.paths)?;
            if !std::io::stdout().is_terminal() {
                anyhow::bail!("the dashboard needs a terminal; use `akhbar list` for plain output");
            }
            let mut opened = store_cmds::open(cli.store.as_deref(), true)?;
            let source = if cli.paths.is_empty() {
                let problems = store_cmds::import_seeds(&mut opened.store);
                opened.notices.extend(problems);
                Source::Store
            } else {
                if let Some(why) = opened.read_only.take() {
                    // The files cannot go into a store that cannot be written: show them from
                    // a store in memory, and say that triage will not last.
                    let memory = akhbar::store::Store::open(&akhbar::store::Location::Memory)?;
                    opened.notices.insert(
                        0,
                        format!("store read-only ({why}): these articles are in memory only; triage will not be saved"),
                    );
                    opened.store = memory.store;
                }
                Source::Paths(cli.paths)
            };
            let overrides = akhbar::ui::Overrides {
                theme: view.theme,
                bidi: view.bidi.map(|s| s.is_on()),
                shaping: view.shaping.map(|s| s.is_on()),
            };
            akhbar::ui::run(source, opened, &overrides).context("terminal")?;
        }
        Some(Command::List { json, view, paths }) => {
            store_cmds::list(cli.store.as_deref(), &paths, &view, json)?;
        }
        Some(Command::Search {
            query,
            json,
            limit,
            view,
            paths,
        }) => store_cmds::search(
            cli.store.as_deref(),
            &store_cmds::SearchArgs {
                query: &query,
                json,
                limit,
                view: &view,
                paths: &paths,
            },
        )?,
        Some(Command::Import { paths }) => store_cmds::import(cli.store.as_deref(), &paths)?,
        Some(Command::Export { view, tag, format }) => {
            store_cmds::export(cli.store.as_deref(), &view, tag.as_deref(), &format)?
        }
        Some(Command::Render {
            width,
            json,
            base,
            explain,
            file,
        }) => {
            if explain {
                let e = match file.as_deref() {
                    Some(f) if f.as_os_str() == "-" => ingest::explain::explain_bytes(
                        &read_stdin_bytes()?,
                        None,
                        f,
                        Default::default(),
                    )?,
                    Some(f) => ingest::explain::explain_file(f)?,
                    None => anyhow::bail!("--explain needs a FILE"),
                };
                print_warnings(&e.warnings);
                write!(std::io::stdout().lock(), "{}", e.report())?;
                return Ok(ExitCode::SUCCESS);
            }
            let loaded = match file {
                Some(f) if f.as_os_str() == "-" => read_stdin()?,
                Some(f) => load(&[f])?,
                None => ingest::load_embedded(),
            };
            print_warnings(&loaded.warnings);
            let article = loaded.articles.first().context("no article to render")?;
            let opts = LayoutOptions {
                width_cells: width as usize,
                base: match base {
                    BaseArg::Auto => Base::Auto,
                    BaseArg::Rtl => Base::Rtl,
                    BaseArg::Ltr => Base::Ltr,
                },
                bidi: view.bidi.is_none_or(|s| s.is_on()),
                shaping: view.shaping.is_none_or(|s| s.is_on()),
                align: true,
            };
            // The reader's blocks, laid out under one base direction policy (`--base`).
            let paragraphs: Vec<String> = akhbar::page::blocks(article)
                .into_iter()
                .map(|b| b.text)
                .collect();
            let mut out = std::io::stdout().lock();
            if json {
                let v = text::render_json::render_json(&paragraphs, &opts);
                writeln!(out, "{v}")?;
            } else {
                write!(
                    out,
                    "{}",
                    text::render_json::render_text(&paragraphs, &opts)
                )?;
            }
        }
        Some(Command::Add {
            url,
            title,
            tags,
            direction,
        }) => {
            let direction = match direction {
                DirArg::Auto => None,
                DirArg::Rtl => Some(akhbar::model::Direction::Rtl),
                DirArg::Ltr => Some(akhbar::model::Direction::Ltr),
            };
            feed_cmds::add(&url, title, tags, direction)?
        }
        Some(Command::ImportOpml { file }) => feed_cmds::import_opml(&file)?,
        Some(Command::ExportOpml) => feed_cmds::export_opml()?,
        Some(Command::ImportNewsboat { file }) => feed_cmds::import_newsboat(file)?,
        Some(Command::Feeds { json }) => feed_cmds::feeds(cli.store.as_deref(), json)?,
        Some(Command::Fetch) => return feed_cmds::fetch(cli.store.as_deref()),
        Some(Command::Facts { json, date, file }) => {
            use akhbar::facts::cli as facts;
            let text = facts::read_input(&file)?;
            let is_furniture =
                |line: &str| ingest::furniture::classify(line) != ingest::furniture::LineKind::Text;
            let reference = facts::parse_date(date.as_deref())?;
            let opts = facts::Options {
                reference,
                json,
                is_furniture: &is_furniture,
            };
            facts::print(&text, &opts, &mut std::io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Standard input, up to the size limit of an article file.
fn read_stdin_bytes() -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
    if bytes.len() as u64 > akhbar::error::MAX_FILE_BYTES {
        anyhow::bail!(
            "standard input is over {} bytes",
            akhbar::error::MAX_FILE_BYTES
        );
    }
    Ok(bytes)
}

/// One article in the scraped-page layout from standard input.
fn read_stdin() -> anyhow::Result<Loaded> {
    let bytes = read_stdin_bytes()?;
    let path = std::path::Path::new("-");
    let origin = akhbar::model::Origin::File("-".into());
    let (articles, warnings) = ingest::article_from_bytes(&bytes, None, path, origin)?;
    Ok(Loaded { articles, warnings })
}
