//! `akhbar render`: an article laid out as the reading view shows it (its blocks from
//! `akhbar::page`), as text or as the bidi oracle's JSON; `--explain` lists the lines of a
//! scraped page that were dropped and why.

use akhbar::cli::{BaseArg, ViewArgs};
use akhbar::ingest;
use akhbar::text::{self, Base, LayoutOptions};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;

pub struct Args {
    pub width: u16,
    pub json: bool,
    pub base: BaseArg,
    pub explain: bool,
    pub file: Option<PathBuf>,
}

pub fn run(args: Args, view: &ViewArgs) -> anyhow::Result<()> {
    let Args {
        width,
        json,
        base,
        explain,
        file,
    } = args;
    if explain {
        let e = match file.as_deref() {
            Some(f) if f.as_os_str() == "-" => ingest::explain::explain_bytes(
                &super::read_stdin_bytes()?,
                None,
                f,
                Default::default(),
            )?,
            Some(f) => ingest::explain::explain_file(f)?,
            None => anyhow::bail!("--explain needs a FILE"),
        };
        super::print_warnings(&e.warnings);
        write!(std::io::stdout().lock(), "{}", e.report())?;
        return Ok(());
    }
    let loaded = match file {
        Some(f) if f.as_os_str() == "-" => super::read_stdin()?,
        Some(f) => super::load(&[f])?,
        None => ingest::load_embedded(),
    };
    super::print_warnings(&loaded.warnings);
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
    // The article's own copy of the text is not needed beside the blocks'.
    drop(loaded);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        let v = text::render_json::render_json(&paragraphs, &opts);
        writeln!(out, "{v}")?;
    } else {
        text::write_text(&paragraphs, &opts, &mut out)?;
    }
    out.flush()?;
    Ok(())
}
