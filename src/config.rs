//! The user's settings: `$XDG_CONFIG_HOME/akhbar/config.toml` (default `~/.config/akhbar`),
//! over defaults that are built in. Command-line flags win over the file. Shared by every
//! command and the dashboard; the key bindings are data here (what can be bound, and to
//! which pane), and the dashboard's keymap turns them into keys.

use crate::model::Subscription;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Theme name: a built-in one or a file in the themes folder.
    pub theme: String,
    /// Reorder right-to-left text for terminals that do no bidi.
    pub bidi: bool,
    /// Join Arabic letters for terminals that do no shaping.
    pub shaping: bool,
    /// Show the facts pane at widths where it is optional (80-119 columns).
    pub show_facts: bool,
    /// The reader shows the selected article as the selection moves; off, only Enter
    /// changes it (fewer bytes per key press over a slow link).
    pub preview: bool,
    /// Key bindings over the defaults; see `src/ui/keys.toml` for the shape.
    pub keys: Vec<Entry>,
    /// Minutes between automatic refreshes of each feed (a feed's own `refresh_minutes`
    /// wins); 0 refreshes only when asked (`R`, `akhbar fetch`).
    pub refresh_minutes: u32,
    /// Feeds downloaded at once.
    pub max_feeds_at_once: usize,
    /// Seconds one request may take, connection and whole body.
    pub request_timeout_seconds: u64,
    /// Items read from one feed at most (default 10,000); a feed holding more is read up to
    /// there, with a warning that counts the rest.
    pub max_items_per_feed: usize,
    /// The subscriptions: `[[feeds]]` tables with `url` and optionally `title`, `tags`,
    /// `direction` (rtl, ltr, auto), `refresh_minutes` and `max_articles`.
    pub feeds: Vec<Subscription>,
    /// Ignore rules: `[[ignore]]` tables with a `query` in the filter's language; what they
    /// match is archived as it arrives (see `crate::ignore`).
    pub ignore: Vec<crate::ignore::IgnoreEntry>,
}

/// What a key can be bound to. Internal actions (results of background work) are not here:
/// they cannot be bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    Down,
    Up,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Open,
    Back,
    FocusNext,
    FocusPrev,
    Filter,
    ToggleFacts,
    ToggleBidi,
    ToggleShaping,
    Help,
    Suspend,
    Quit,
    ToggleRead,
    ToggleStar,
    ToggleArchive,
    Tag,
    Note,
    Undo,
    Redo,
    Bulk,
    NextView,
    ViewUnread,
    ViewStarred,
    ViewArchived,
    ViewAll,
    NextMatch,
    PrevMatch,
    Feeds,
    RefreshAll,
    RefreshFeed,
    FullText,
    /// Open the article's link in the browser.
    OpenLink,
    /// Copy the article's link to the clipboard (OSC 52).
    CopyLink,
    /// Ask for a link number of the article and open that link.
    Links,
    /// A digit in the reader: starts typing a link number (Enter opens it, Esc cancels).
    LinkNumber,
    /// Mark every article shown read.
    MarkAllRead,
    /// The store's tags with counts; filter by one.
    TagView,
    NextUnread,
    PrevUnread,
}

/// Where a binding applies: a binding for the focused pane wins over a global one, so `n`
/// can write a note in the list and jump to the next match in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    List,
    Reader,
    Facts,
    /// The feeds view (`F`).
    Feeds,
}

/// One binding as written in a TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub action: Command,
    pub keys: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Only while this pane has focus; none: everywhere.
    #[serde(default)]
    pub context: Option<Context>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: "dark".into(),
            bidi: true,
            shaping: true,
            show_facts: false,
            preview: true,
            keys: Vec::new(),
            refresh_minutes: 30,
            max_feeds_at_once: 8,
            request_timeout_seconds: 20,
            max_items_per_feed: crate::ingest::feed::DEFAULT_MAX_ITEMS,
            feeds: Vec::new(),
            ignore: Vec::new(),
        }
    }
}

/// `$XDG_CONFIG_HOME/akhbar`, or `~/.config/akhbar`; `None` when neither can be known.
pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    let base = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback)))?;
    Some(base.join("akhbar"))
}

/// The first line of a TOML error: the status bar and stderr get one line.
fn first_line(e: &toml::de::Error) -> String {
    e.message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string()
}

/// What [`add_feeds`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// Subscriptions appended to the file.
    pub added: Vec<String>,
    /// URLs the file already had (or that were repeated), left alone.
    pub already: Vec<String>,
}

/// Appends subscriptions to `config.toml` in `dir` (made if missing) as `[[feeds]]` tables,
/// skipping URLs it already has. The rest of the file is kept byte for byte, comments too.
/// A file that does not parse is left untouched and is an error.
pub fn add_feeds(dir: &Path, subs: &[Subscription]) -> Result<Added, String> {
    let path = dir.join("config.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let current: Config = toml::from_str(&text).map_err(|e| {
        format!(
            "{}: {}; fix it before adding feeds",
            path.display(),
            first_line(&e)
        )
    })?;
    let mut known: std::collections::HashSet<String> =
        current.feeds.iter().map(|f| f.url.clone()).collect();
    let mut added = Added::default();
    let mut out = text.clone();
    for sub in subs {
        if !known.insert(sub.url.clone()) {
            added.already.push(sub.url.clone());
            continue;
        }
        #[derive(Serialize)]
        struct One<'a> {
            feeds: [&'a Subscription; 1],
        }
        let table = toml::to_string(&One { feeds: [sub] })
            .map_err(|e| format!("cannot write the feed {}: {e}", sub.url))?;
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&table);
        added.added.push(sub.url.clone());
    }
    if added.added.is_empty() {
        return Ok(added);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Written beside and renamed over, so a crash never leaves half a config file.
    let tmp = dir.join("config.toml.new");
    std::fs::write(&tmp, &out)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(added)
}

impl Config {
    /// The HTTP settings this config asks for, over the defaults.
    pub fn http(&self) -> crate::net::HttpConfig {
        crate::net::HttpConfig {
            max_at_once: self.max_feeds_at_once.max(1),
            request_timeout: std::time::Duration::from_secs(self.request_timeout_seconds.max(1)),
            max_items_per_feed: self.max_items_per_feed.max(1),
            ..crate::net::HttpConfig::default()
        }
    }

    /// Reads `config.toml` from `dir`. A missing file gives the defaults; a bad one gives the
    /// defaults and a one-line message.
    pub fn load(dir: Option<&Path>) -> (Config, Vec<String>) {
        let Some(path) = dir.map(|d| d.join("config.toml")) else {
            return (Config::default(), Vec::new());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Config::default(), Vec::new())
            }
            Err(e) => return (Config::default(), vec![format!("{}: {e}", path.display())]),
        };
        match toml::from_str(&text) {
            Ok(c) => (c, Vec::new()),
            Err(e) => {
                let first = first_line(&e);
                (
                    Config::default(),
                    vec![format!("config.toml: {first}; using the defaults")],
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_appended_once_and_the_rest_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let original = "# my settings\ntheme = \"light\"\n";
        std::fs::write(dir.path().join("config.toml"), original).unwrap();
        let sub = |url: &str| Subscription {
            url: url.into(),
            ..Subscription::default()
        };
        let mut arabic = sub("https://example.org/ar.xml");
        arabic.title = Some("أخبار".into());
        arabic.tags = vec!["ar".into(), "news".into()];
        arabic.direction = Some(crate::model::Direction::Rtl);
        let added = add_feeds(dir.path(), &[arabic.clone(), sub("https://b.example/rss")]).unwrap();
        assert_eq!(added.added.len(), 2);
        let again = add_feeds(dir.path(), &[sub("https://b.example/rss")]).unwrap();
        assert_eq!(again.already, vec!["https://b.example/rss".to_string()]);
        let text = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
        assert!(text.starts_with(original), "{text}");
        let (config, problems) = Config::load(Some(dir.path()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.theme, "light");
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[0], arabic);
        // A broken file is never touched.
        std::fs::write(dir.path().join("config.toml"), "theme = [\n").unwrap();
        assert!(add_feeds(dir.path(), &[sub("https://c.example/")]).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
            "theme = [\n"
        );
    }

    #[test]
    fn good_bad_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let (c, p) = Config::load(Some(dir.path()));
        assert!(p.is_empty() && c.bidi && c.theme == "dark");
        std::fs::write(
            dir.path().join("config.toml"),
            "theme = \"light\"\nshaping = false\n[[keys]]\naction = \"quit\"\nkeys = [\"x\"]\n",
        )
        .unwrap();
        let (c, p) = Config::load(Some(dir.path()));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            (c.theme.as_str(), c.shaping, c.keys.len()),
            ("light", false, 1)
        );
        std::fs::write(dir.path().join("config.toml"), "theme = 3\n").unwrap();
        let (c, p) = Config::load(Some(dir.path()));
        assert_eq!(c.theme, "dark");
        assert_eq!(p.len(), 1);
    }
}
