//! Command-line arguments, parsed into a [`Cli`]; no I/O here.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "akhbar",
    version,
    about = "A terminal news dashboard, Arabic first: read and triage news from the keyboard.",
    long_about = "A terminal news dashboard, Arabic first: read and triage news from the keyboard.\n\n\
With no PATH, akhbar opens the articles bundled in the binary. PATHs may be article files \
(the scraped-page layout, with an optional NAME.toml sidecar), folders of them, or JSON Lines \
corpora (*.jsonl).",
    args_conflicts_with_subcommands = true,
    after_help = "Keys: press ? in the dashboard for the full list. Config: $XDG_CONFIG_HOME/akhbar/config.toml"
)]
pub struct Cli {
    /// Article files, folders or .jsonl corpora to open instead of the bundled articles.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub view: ViewArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How text is shown; accepted by the dashboard and by `render`.
#[derive(Debug, Clone, clap::Args)]
pub struct ViewArgs {
    /// Colour theme: dark, light, high-contrast, or a file name in the user's themes folder.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

    /// Reorder right-to-left text for the screen (on), or send logical order for terminals
    /// that do their own bidi (off).
    #[arg(long, global = true, value_name = "on|off")]
    pub bidi: Option<Switch>,

    /// Join Arabic letters with presentation forms (on), or leave shaping to the terminal (off).
    #[arg(long, global = true, value_name = "on|off")]
    pub shaping: Option<Switch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles: date, source, language, paragraphs and title; --json for JSON Lines.
    List {
        /// One JSON object per line: id, title, source, date (or null), lang, dir, paragraphs, path.
        #[arg(long)]
        json: bool,
        /// Article files, folders or .jsonl corpora (default: the bundled articles).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print an article as the reading view draws it: title, meta line (source, date,
    /// language, words), then the paragraphs; one visual line per line, no escape codes.
    Render {
        /// Width of the text area in terminal cells.
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..))]
        width: u16,
        /// The bidi-oracle JSON contract: paragraphs and lines with logical and visual text.
        #[arg(long)]
        json: bool,
        /// Base direction: auto (first strong character), rtl or ltr.
        #[arg(long, value_enum, default_value_t = BaseArg::Auto)]
        base: BaseArg,
        /// The article file, or - for standard input; with none, the bundled seed article.
        #[arg(value_name = "FILE|-")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaseArg {
    Auto,
    Rtl,
    Ltr,
}
