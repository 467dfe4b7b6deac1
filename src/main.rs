//! The `akhbar` binary: parse arguments, dispatch to a command, print errors as one line and
//! exit 2 on bad input.

use akhbar::cli::{Cli, Command, DirArg};
use clap::Parser;
use std::process::ExitCode;

mod cmd;

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
            crate::cmd::eprint_line(&format!("akhbar: {}", chain.join(": ")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    cmd::set_user_flag(cli.user.clone());
    let view = cli.view;
    match cli.command {
        None => cmd::dashboard::run(cli.store.as_deref(), cli.paths, view, cli.refresh)?,
        Some(Command::List {
            json,
            limit,
            view,
            paths,
        }) => {
            cmd::list::list(cli.store.as_deref(), &paths, &view, json, limit)?;
        }
        Some(Command::Search {
            query,
            json,
            limit,
            view,
            paths,
        }) => cmd::search::search(
            cli.store.as_deref(),
            &cmd::search::SearchArgs {
                query: &query,
                json,
                limit,
                view: &view,
                paths: &paths,
            },
        )?,
        Some(Command::Reindex) => cmd::import_export::reindex(cli.store.as_deref())?,
        Some(Command::Import { paths }) => {
            cmd::import_export::import(cli.store.as_deref(), &paths)?
        }
        Some(Command::Export { view, tag, format }) => {
            cmd::import_export::export(cli.store.as_deref(), &view, tag.as_deref(), &format)?
        }
        Some(Command::Render {
            width,
            json,
            base,
            explain,
            file,
        }) => cmd::render::run(
            cmd::render::Args {
                width,
                json,
                base,
                explain,
                file,
            },
            &view,
        )?,
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
            cmd::feeds::add(&url, title, tags, direction)?
        }
        Some(Command::ImportOpml { file }) => cmd::feeds::import_opml(&file)?,
        Some(Command::ExportOpml) => cmd::feeds::export_opml()?,
        Some(Command::ImportNewsboat { file }) => cmd::feeds::import_newsboat(file)?,
        Some(Command::Feeds { json }) => cmd::feeds::feeds(cli.store.as_deref(), json)?,
        Some(Command::Fetch) => return cmd::feeds::fetch(cli.store.as_deref()),
        Some(Command::Man) => cmd::docs::man()?,
        Some(Command::Completions { shell }) => cmd::docs::completions(shell)?,
        Some(Command::Facts { json, date, file }) => cmd::facts::run(json, date.as_deref(), &file)?,
        Some(Command::Serve {
            listen,
            authorized_keys,
            host_key,
            idle_timeout,
            max_sessions,
            log,
        }) => cmd::serve::run(
            cli.store.as_deref(),
            cmd::serve::Args {
                listen,
                authorized_keys,
                host_key,
                idle_timeout,
                max_sessions,
                log,
            },
            view,
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
