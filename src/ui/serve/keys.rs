//! Who may log in: the authorized-keys file (OpenSSH's format, each key's comment naming its
//! user), read again when it changes or on SIGHUP; and the server's own host key, made when
//! missing.

use russh::keys::ssh_key::authorized_keys::AuthorizedKeys;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{HashAlg, PrivateKey, PublicKey};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A user name as a key's comment may give it: 1 to 32 of ASCII letters, digits, `.`, `_`
/// and `-`, not starting with `-` or `.`. Anything else in a comment is no user.
pub fn is_user_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && !name.starts_with(['-', '.'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The largest authorized-keys file read; a bigger one is refused whole (it is the server
/// operator's file, but a mistake such as pointing at a log must not fill memory).
const MAX_KEYS_FILE: u64 = 4 << 20;

/// The keys that may log in, each with the one user it logs in as.
#[derive(Debug)]
pub struct Keys {
    path: PathBuf,
    /// The file's modification time and size when it was last read.
    stamp: Option<(SystemTime, u64)>,
    entries: Vec<(PublicKey, String)>,
}

impl Keys {
    /// Reads `path`; the lines that are no key, or whose comment is no user name, are
    /// returned as problems (line number and why), the rest are kept.
    pub fn load(path: &Path) -> io::Result<(Keys, Vec<String>)> {
        let mut keys = Keys {
            path: path.to_path_buf(),
            stamp: None,
            entries: Vec::new(),
        };
        let problems = keys.read()?;
        Ok((keys, problems))
    }

    fn read(&mut self) -> io::Result<Vec<String>> {
        let file = std::fs::File::open(&self.path)?;
        let meta = file.metadata()?;
        if meta.len() > MAX_KEYS_FILE {
            return Err(io::Error::other(format!(
                "{} is over {} MiB: not an authorized-keys file",
                self.path.display(),
                MAX_KEYS_FILE >> 20
            )));
        }
        let mut bytes = Vec::new();
        file.take(MAX_KEYS_FILE).read_to_end(&mut bytes)?;
        let text = String::from_utf8_lossy(&bytes);
        let (entries, problems) = parse(&text);
        self.entries = entries;
        self.stamp = Some(stamp(&meta));
        Ok(problems)
    }

    /// Reads the file again if it changed since the last read (or always, when `force`):
    /// returns what to log, or nothing when it did not change. A file that cannot be read
    /// leaves the keys as they were.
    pub fn refresh(&mut self, force: bool) -> Option<String> {
        let now = std::fs::metadata(&self.path).ok().map(|m| stamp(&m));
        if !force && now.is_some() && now == self.stamp {
            return None;
        }
        match self.read() {
            Ok(problems) => {
                let mut line = format!("authorized keys read again: {} keys", self.entries.len());
                for p in problems {
                    line.push_str("; ");
                    line.push_str(&p);
                }
                Some(line)
            }
            Err(e) if self.stamp.is_some() => {
                // Said once: the next look compares with no stamp and stays quiet.
                self.stamp = None;
                Some(format!(
                    "authorized keys cannot be read ({e}); the keys read before stay"
                ))
            }
            Err(_) => None,
        }
    }

    /// Whether `key` may log in as `user`: the file holds this key with `user` as its
    /// comment.
    pub fn allows(&self, user: &str, key: &PublicKey) -> bool {
        self.entries
            .iter()
            .any(|(k, u)| u == user && k.key_data() == key.key_data())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn stamp(meta: &std::fs::Metadata) -> (SystemTime, u64) {
    (
        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        meta.len(),
    )
}

/// The keys of an authorized-keys text with their users, and a line for each line skipped.
pub fn parse(text: &str) -> (Vec<(PublicKey, String)>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // One line at a time, so a bad line is named and skipped, never the whole file.
        match AuthorizedKeys::new(trimmed).next() {
            Some(Ok(entry)) => {
                let key = entry.public_key().clone();
                let user = key.comment().as_str_lossy().trim().to_string();
                if is_user_name(&user) {
                    entries.push((key, user));
                } else {
                    problems.push(format!(
                        "line {}: the key's comment {:?} is no user name",
                        n + 1,
                        crate::ingest::sanitize::for_terminal(&user)
                    ));
                }
            }
            Some(Err(e)) => problems.push(format!("line {}: not a key ({e})", n + 1)),
            None => {}
        }
    }
    (entries, problems)
}

/// The server's key from `path`, made there (ed25519, mode 600, never over an existing file)
/// when there is none; with whether it was made.
pub fn host_key(path: &Path) -> io::Result<(PrivateKey, bool)> {
    match PrivateKey::read_openssh_file(path) {
        Ok(key) => return Ok((key, false)),
        Err(e) if path.exists() => {
            return Err(io::Error::other(format!(
                "{}: not an OpenSSH private key ({e})",
                path.display()
            )))
        }
        Err(_) => {}
    }
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut seed)?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| io::Error::other(e.to_string()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok((key, true))
}

/// A key's fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AMINA: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAf3mitw0970MlqmaRsTXaEklgHZZvAU2KJM9Zs/s4i3 amina";

    #[test]
    fn user_names_are_plain() {
        for good in ["amina", "omar.k", "a_b-c", "x1"] {
            assert!(is_user_name(good), "{good}");
        }
        for bad in ["", "-x", ".x", "a b", "amina@laptop", "\u{1b}[31m", "ع"] {
            assert!(!is_user_name(bad), "{bad:?}");
        }
        assert!(!is_user_name(&"a".repeat(33)));
    }

    #[test]
    fn a_key_logs_in_only_as_its_comment() {
        let text = format!("# team\n\n{AMINA}\nnot a key at all\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAf3mitw0970MlqmaRsTXaEklgHZZvAU2KJM9Zs/s4i3 amina@laptop\n");
        let (entries, problems) = parse(&text);
        assert_eq!(entries.len(), 1, "{problems:?}");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("line 4:"), "{problems:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, &text).unwrap();
        let (keys, _) = Keys::load(&path).unwrap();
        let key = entries[0].0.clone();
        assert!(keys.allows("amina", &key));
        assert!(!keys.allows("omar", &key));
        assert!(!keys.allows("amina@laptop", &key));
    }

    #[test]
    fn options_before_the_key_are_read_past() {
        let (entries, problems) = parse(&format!("restrict,no-pty {AMINA}"));
        assert_eq!(entries.len(), 1, "{problems:?}");
        assert_eq!(entries[0].1, "amina");
    }

    #[test]
    fn an_edited_file_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, "").unwrap();
        let (mut keys, _) = Keys::load(&path).unwrap();
        assert!(keys.is_empty());
        assert_eq!(keys.refresh(false), None);
        std::fs::write(&path, format!("{AMINA}\n")).unwrap();
        let said = keys.refresh(false).expect("a changed file is read");
        assert!(said.contains("1 keys"), "{said}");
        assert_eq!(keys.len(), 1);
        std::fs::remove_file(&path).unwrap();
        assert!(keys.refresh(false).is_some());
        assert_eq!(keys.len(), 1, "a missing file keeps the keys");
    }

    #[test]
    fn a_missing_host_key_is_made_private_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/host_key");
        let (made, created) = host_key(&path).unwrap();
        assert!(created);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (again, created) = host_key(&path).unwrap();
        assert!(!created);
        assert_eq!(
            fingerprint(made.public_key()),
            fingerprint(again.public_key())
        );
        assert!(fingerprint(made.public_key()).starts_with("SHA256:"));
        std::fs::write(&path, "garbage").unwrap();
        assert!(
            host_key(&path).is_err(),
            "a bad key file is never overwritten"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "garbage");
    }
}
