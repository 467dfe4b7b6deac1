//! The server's log: logins, refusals, session ends and reloads, one line each, appended to
//! a file and never shown on anyone's screen. What a client sent (a user name, a reason)
//! is cleaned first, so a line can hold no escape sequence and no line break.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Log {
    file: Mutex<std::fs::File>,
    path: PathBuf,
}

/// The longest line written; a longer one (a client's long user name, say) is cut.
const MAX_LINE_CHARS: usize = 1000;

impl Log {
    /// Opens `path` for appending (made, with its folder, when missing; mode 600: it names
    /// who logged in from where).
    pub fn open(path: &Path) -> io::Result<Log> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path)?;
        Ok(Log {
            file: Mutex::new(file),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line with the time in front. A log that cannot be written (a full disk)
    /// does not stop the server.
    pub fn line(&self, text: &str) {
        let clean: String = crate::ingest::sanitize::for_terminal(text)
            .chars()
            .map(|c| if c == '\n' { ' ' } else { c })
            .take(MAX_LINE_CHARS)
            .collect();
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ");
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(file, "{now} {clean}");
    }
}

/// The default log file, in akhbar's data folder beside the default store:
/// `$XDG_DATA_HOME/akhbar/serve.log` (an absolute `XDG_DATA_HOME` only), else
/// `$HOME/.local/share/akhbar/serve.log`.
pub fn default_path() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    let data = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|home| Path::new(&home).join(".local/share")))?;
    Some(data.join("akhbar").join("serve.log"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_holds_no_escape_and_no_break() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/serve.log");
        let log = Log::open(&path).unwrap();
        log.line("refused user=\u{1b}]0;owned\u{7}x\nforged line");
        log.line(&"y".repeat(5000));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text:?}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(lines[0].ends_with("refused user=x forged line"), "{text:?}");
        assert!(lines[1].len() < 1100);
    }
}
