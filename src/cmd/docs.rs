//! `akhbar man` and `akhbar completions SHELL`: the manual page and the shell completion
//! scripts, made from the clap definition in `cli.rs`, so they list exactly the commands and
//! options the binary takes.

use akhbar::cli::{Cli, ShellArg};
use clap::CommandFactory;
use std::io::Write;

/// The manual page in roff on stdout: synopsis, options and every subcommand with what it
/// does (`akhbar COMMAND --help` gives each one's options).
pub fn man() -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(())
}

/// A completion script for bash, zsh or fish on stdout.
pub fn completions(shell: ShellArg) -> anyhow::Result<()> {
    use clap_complete::aot::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut cmd = Cli::command();
    // Made in memory first: clap_complete panics on a write error, and a reader that
    // stops reading (`| head`) is not one.
    let mut script = Vec::new();
    clap_complete::aot::generate(shell, &mut cmd, "akhbar", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
