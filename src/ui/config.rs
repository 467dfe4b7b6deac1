//! The user's settings: `$XDG_CONFIG_HOME/akhbar/config.toml` (default `~/.config/akhbar`),
//! over defaults that are built in. Command-line flags win over the file.

use super::keymap::Entry;
use serde::Deserialize;
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

impl Config {
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
                let first = e
                    .message()
                    .lines()
                    .next()
                    .unwrap_or("invalid TOML")
                    .to_string();
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
