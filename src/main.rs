//! The `akhbar` binary: parse arguments, dispatch to a command, print errors as one line and
//! exit 2 on bad input.

use akhbar::cli::{BaseArg, Cli, Command};
use akhbar::ingest::{self, Loaded};
use akhbar::model::Article;
use akhbar::text::{self, Base, LayoutOptions};
use akhbar::ui::Source;
use anyhow::Context;
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and --version print and succeed; a bad argument is exit 2 (clap's own).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
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
            // Paths that cannot be read are reported here, before the dashboard takes the
            // screen; the articles themselves load in the background.
            let source = if cli.paths.is_empty() {
                Source::Ready(ingest::load_embedded())
            } else {
                ingest::check_paths(&cli.paths)?;
                Source::Paths(cli.paths)
            };
            if !std::io::stdout().is_terminal() {
                anyhow::bail!("the dashboard needs a terminal; use `akhbar list` for plain output");
            }
            let overrides = akhbar::ui::Overrides {
                theme: view.theme,
                bidi: view.bidi.map(|s| s.is_on()),
                shaping: view.shaping.map(|s| s.is_on()),
            };
            akhbar::ui::run(source, &overrides).context("terminal")?;
        }
        Some(Command::List { json, paths }) => {
            let loaded = load(&paths)?;
            print_warnings(&loaded.warnings);
            list(&loaded.articles, json)?;
        }
        Some(Command::Render {
            width,
            json,
            base,
            file,
        }) => {
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
            let mut paragraphs = vec![article.title.clone(), article.meta_line()];
            paragraphs.extend(article.paragraphs.iter().map(|p| p.text.clone()));
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
    }
    Ok(ExitCode::SUCCESS)
}

/// One article in the scraped-page layout from standard input.
fn read_stdin() -> anyhow::Result<Loaded> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
    if bytes.len() as u64 > akhbar::error::MAX_FILE_BYTES {
        anyhow::bail!(
            "standard input is over {} bytes",
            akhbar::error::MAX_FILE_BYTES
        );
    }
    let path = std::path::Path::new("-");
    let origin = akhbar::model::Origin::File("-".into());
    let (articles, warnings) = ingest::article_from_bytes(&bytes, None, path, origin)?;
    Ok(Loaded { articles, warnings })
}

/// `akhbar list`: a table for people, or JSON Lines with `--json`.
fn list(articles: &[Article], json: bool) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for a in articles {
        if json {
            let v = serde_json::json!({
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "date": a.date.map(|d| d.to_string()),
                "lang": a.lang.code(),
                "dir": a.dir.code(),
                "paragraphs": a.paragraphs.len(),
                "words": a.word_count(),
                "path": a.origin.path(),
            });
            writeln!(out, "{v}")?;
        } else {
            let date = a
                .date
                .map_or_else(|| "no date".to_string(), |d| d.to_string());
            writeln!(
                out,
                "{date:<10}  {:<5}  {:>3}  {}  {}",
                a.lang.code(),
                a.paragraphs.len(),
                a.source.as_deref().unwrap_or("-"),
                a.title
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
