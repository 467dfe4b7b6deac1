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

    /// The store every command reads and the dashboard triages into: a SQLite file, `:memory:`
    /// for a session that writes nothing, or a PostgreSQL URL (postgres://USER@HOST:PORT/DB,
    /// the team store). Default: $AKHBAR_STORE, else $XDG_DATA_HOME/akhbar/akhbar.db.
    #[arg(long, global = true, value_name = "PATH")]
    pub store: Option<std::ffi::OsString>,

    /// Act as this user: read, starred and archived are each user's own, tags and notes are
    /// shared and carry their author. 1-64 letters, digits, '.', '_' or '-'. Default:
    /// $AKHBAR_USER, else the login name.
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Dashboard: refresh every subscribed feed as it opens (as R does).
    #[arg(long)]
    pub refresh: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How text is shown; accepted by the dashboard and by `render`.
#[derive(Debug, Clone, clap::Args)]
pub struct ViewArgs {
    /// Dashboard: colour theme: dark, light, high-contrast, or a file name in the user's
    /// themes folder.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

    /// Dashboard and render: reorder right-to-left text for the screen (on), or send logical
    /// order for terminals that do their own bidi (off).
    #[arg(long, global = true, value_name = "on|off")]
    pub bidi: Option<Switch>,

    /// Dashboard and render: join Arabic letters with presentation forms (on), or leave
    /// shaping to the terminal (off).
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
        /// One JSON object per line: id, store_id, title, source, author (or null), date (or
        /// null), lang, dir, paragraphs, words, path, read, starred, archived, tags.
        #[arg(long)]
        json: bool,
        /// At most this many articles: the first N of the view, in list order (newest first),
        /// or of the files given.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Without PATHs, which articles of the store: unread, starred, archived or all.
        #[arg(long, value_name = "VIEW", default_value = "all")]
        view: String,
        /// Article files, folders or .jsonl corpora (default: the store, with the bundled
        /// articles in it).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Import article files, folders or .jsonl corpora into the store (a progress bar on
    /// stderr when it is a terminal); duplicates are skipped.
    Import {
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
    },
    /// Rebuild the full-text index from the stored articles (a progress bar on stderr when it
    /// is a terminal). Also indexes a store made before the index, once.
    Reindex,
    /// Rank articles against a filter query, as the dashboard's filter line does: from the
    /// store, or from the given files, folders or .jsonl corpora.
    Search {
        /// The query: words (title and body, whole words), "phrases", !not, title: body:
        /// source: tag: lang: is: after: before: fact:.
        #[arg(value_name = "QUERY")]
        query: String,
        /// One JSON object per line: id, store_id, score, title, source, date, matches (the
        /// matched byte ranges of the title), and snippet, paragraph, offset_chars and
        /// len_chars of the first body match (or null).
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Without PATHs, which articles of the store: unread, starred, archived or all.
        #[arg(long, value_name = "VIEW", default_value = "all")]
        view: String,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write articles from the store to stdout, with their triage state and cached facts.
    Export {
        /// unread, starred, archived or all.
        #[arg(long, value_name = "VIEW", default_value = "all")]
        view: String,
        /// Only articles with this tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// json or markdown (the subscriptions as OPML: `akhbar export-opml`). JSON: an array,
        /// one object per line: id, key, title, source, author, date, url, lang, dir, tags,
        /// tag_authors, note, note_author, user, read, starred, archived, origin, paragraphs,
        /// facts. Where: tag_authors maps each tag to the user who put it on (null for a
        /// feed's own tag), note_author is who last wrote the note, and read, starred and
        /// archived are those of user, the user the export acts as (--user).
        #[arg(long, value_name = "FORMAT")]
        format: String,
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
        /// Instead of the article, list every line of the page that was dropped and why, and
        /// where the title, date, source and author were read.
        #[arg(long, requires = "file", conflicts_with = "json")]
        explain: bool,
        /// The article file, or - for standard input; with none, the bundled seed article.
        #[arg(value_name = "FILE|-")]
        file: Option<PathBuf>,
    },
    /// Subscribe to a feed (RSS, Atom or JSON Feed): appends a [[feeds]] table to the
    /// config file. `akhbar fetch` or R in the dashboard brings its articles in.
    Add {
        /// The feed's address (http or https).
        #[arg(value_name = "URL")]
        url: String,
        /// A title shown instead of the feed's own.
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// A tag for the feed (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Force the direction of its articles, or detect it (auto).
        #[arg(long, value_enum, default_value_t = DirArg::Auto)]
        direction: DirArg,
    },
    /// Subscribe to every feed of an OPML file (category outlines become tags).
    #[command(name = "import-opml")]
    ImportOpml {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the subscriptions as OPML 2.0 on stdout.
    #[command(name = "export-opml")]
    ExportOpml,
    /// Subscribe to the feeds of a newsboat `urls` file, with their tags and "~titles";
    /// exec: and filter: lines are reported as skipped. Default: ~/.newsboat/urls, else
    /// $XDG_CONFIG_HOME/newsboat/urls.
    #[command(name = "import-newsboat")]
    ImportNewsboat {
        #[arg(value_name = "URLS_FILE")]
        file: Option<PathBuf>,
    },
    /// The subscriptions and what the last refresh of each did: articles, unread, when
    /// fetched, last error. --json for JSON Lines.
    Feeds {
        #[arg(long)]
        json: bool,
    },
    /// Refresh every subscribed feed into the store and exit: a progress bar on stderr when it
    /// is a terminal, then `N feeds, M new articles, K failed`; exit code 1 if any failed.
    Fetch,
    /// Print the manual page (roff) on stdout, made from these definitions:
    /// `akhbar man > ~/.local/share/man/man1/akhbar.1`.
    Man,
    /// Print a completion script for a shell on stdout, made from these definitions.
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: ShellArg,
    },
    /// Serve the dashboard over SSH: each login is one dashboard on this store, as the user
    /// its key names. Public keys only; feeds refresh once, in the server.
    Serve {
        /// The address to listen on, ADDR:PORT (127.0.0.1:2222, [::]:2222).
        #[arg(long, value_name = "ADDR:PORT")]
        listen: std::net::SocketAddr,
        /// OpenSSH's authorized_keys format; each key's comment is the user it logs in as.
        /// Read again for new logins when it changes (or on SIGHUP).
        #[arg(long, value_name = "FILE")]
        authorized_keys: PathBuf,
        /// The server's private key (OpenSSH format); made (ed25519, mode 600) when missing.
        #[arg(long, value_name = "FILE")]
        host_key: PathBuf,
        /// A session with no input for this long is closed: 90s, 30m, 2h.
        #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
        idle_timeout: std::time::Duration,
        /// Sessions open at once; a login past it is told the server is full.
        #[arg(long, value_name = "N", default_value_t = 64)]
        max_sessions: usize,
        /// Where logins, refusals and session ends are written. Default:
        /// $XDG_DATA_HOME/akhbar/serve.log (~/.local/share/akhbar/serve.log).
        #[arg(long, value_name = "FILE")]
        log: Option<PathBuf>,
    },
    /// Print the facts of one text (people, places, organizations, dates, numbers,
    /// quantities, quotes, sources), grouped by kind. --json prints the form the evaluation
    /// scorer reads, with offsets in chars into the whole text.
    Facts {
        /// {"entities":[{"kind","name","mentions"}],"facts":[{"kind","text","value","role",
        /// "start","end"}]} instead of a table.
        #[arg(long)]
        json: bool,
        /// The reference date for relative dates (today, next week), YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The text file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirArg {
    Auto,
    Rtl,
    Ltr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaseArg {
    Auto,
    Rtl,
    Ltr,
}

/// A duration as `--idle-timeout` takes it: a number with `ms`, `s`, `m` or `h` (a bare
/// number is seconds).
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write 90s, 30m or 2h"))?;
    let ms = match unit {
        "ms" => Some(n),
        "" | "s" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {text:?}: use ms, s, m or h"
            ))
        }
    };
    let ms = ms.ok_or_else(|| format!("{text:?} is too long"))?;
    if ms == 0 {
        return Err("the duration must be more than zero".into());
    }
    Ok(std::time::Duration::from_millis(ms))
}

/// Global options that take a value, as they may stand before a subcommand.
const VALUE_OPTIONS: &[&str] = &["--store", "--user", "--theme", "--bidi", "--shaping"];

/// Moves global options written before a subcommand (`akhbar --store x.db list`) to after
/// it, so the subcommand is not taken for a PATH of the dashboard. Options are global, so
/// they mean the same in either place.
pub fn hoist_subcommand(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let is_subcommand = |a: &std::ffi::OsString| {
        a.to_str()
            .is_some_and(|s| cmd.get_subcommands().any(|c| c.get_name() == s) || s == "help")
    };
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--" || !a.starts_with('-') {
            break;
        }
        let takes_value = VALUE_OPTIONS.contains(&a.as_ref());
        i += if takes_value { 2 } else { 1 };
    }
    if i == 1 || i >= args.len() || !is_subcommand(&args[i]) {
        return args;
    }
    let mut out = vec![args[0].clone(), args[i].clone()];
    out.extend_from_slice(&args[1..i]);
    out.extend_from_slice(&args[i + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<std::ffi::OsString> {
        v.iter().map(Into::into).collect()
    }

    #[test]
    fn options_before_a_subcommand_move_after_it() {
        assert_eq!(
            hoist_subcommand(os(&["akhbar", "--store", "x.db", "list", "--json"])),
            os(&["akhbar", "list", "--store", "x.db", "--json"])
        );
        let unchanged = os(&["akhbar", "--theme", "dark", "notes.txt"]);
        assert_eq!(hoist_subcommand(unchanged.clone()), unchanged);
        let plain = os(&["akhbar", "list"]);
        assert_eq!(hoist_subcommand(plain.clone()), plain);
        let cli = Cli::try_parse_from(hoist_subcommand(os(&[
            "akhbar", "--store", ":memory:", "list",
        ])))
        .unwrap();
        assert!(matches!(cli.command, Some(Command::List { .. })));
        assert_eq!(cli.store.as_deref(), Some(std::ffi::OsStr::new(":memory:")));
    }

    #[test]
    fn durations_read_with_their_units() {
        use std::time::Duration;
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        for bad in ["", "m", "5x", "-3s", "0s", "99999999999999999999h"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serve_takes_the_interface_the_scripts_use() {
        let cli = Cli::try_parse_from(hoist_subcommand(os(&[
            "akhbar",
            "--store",
            "s.db",
            "serve",
            "--listen",
            "127.0.0.1:2222",
            "--authorized-keys",
            "keys",
            "--host-key",
            "host",
        ])))
        .unwrap();
        let Some(Command::Serve {
            listen,
            idle_timeout,
            max_sessions,
            ..
        }) = cli.command
        else {
            panic!("not serve: {cli:?}");
        };
        assert_eq!(listen.port(), 2222);
        assert_eq!(idle_timeout, std::time::Duration::from_secs(1800));
        assert_eq!(max_sessions, 64);
    }
}
