//! The database URL: libpq's `postgres://` and `postgresql://` forms
//! (`postgres://user:password@host:port/dbname?sslmode=prefer&connect_timeout=5`). The
//! password comes from the URL, else `$PGPASSWORD`, else `~/.pgpass` (or `$PGPASSFILE`) as
//! libpq reads it; it is never printed: every message names the store by [`PgUrl::redacted`].
//! No TLS connector is built in: `sslmode=disable` and `prefer` (the default, which then
//! talks plain) work, and `require` is refused with a message saying so.

use std::str::FromStr;

/// A PostgreSQL URL as given. Its `Debug` and [`PgUrl::redacted`] leave the password out.
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl(String);

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgUrl({:?})", self.redacted())
    }
}

/// Whether `arg` names a PostgreSQL database (`postgres://` or `postgresql://`, any case).
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..13).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

impl PgUrl {
    pub fn new(url: &str) -> PgUrl {
        PgUrl(url.to_string())
    }

    /// The URL with the password of its user part and any `password=` parameter removed.
    pub fn redacted(&self) -> String {
        let url = self.0.as_str();
        let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
            return "postgres://…".into();
        };
        let (head, rest) = url.split_at(scheme_end);
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
                format!("{user}@{host}")
            }
            None => authority.to_string(),
        };
        let tail = match tail.split_once('?') {
            Some((path, query)) => {
                let kept: Vec<&str> = query
                    .split('&')
                    .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
                    .collect();
                if kept.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{}", kept.join("&"))
                }
            }
            None => tail.to_string(),
        };
        // Outside text: control characters would reach the terminal in a message.
        format!("{head}{authority}{tail}")
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect()
    }

    /// The client's configuration: the URL's settings, with libpq's defaults from the
    /// environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, then
    /// `~/.pgpass`) for what it leaves out, and a connect timeout of 10 s unless it sets one.
    /// `Err` is one line that never holds the password.
    pub fn config(&self) -> Result<postgres::Config, String> {
        let mut config = postgres::Config::from_str(&self.0).map_err(|e| {
            format!(
                "not a valid PostgreSQL URL: {}",
                super::one_line(&e.to_string())
            )
        })?;
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if config.get_hosts().is_empty() {
            config.host(env("PGHOST").as_deref().unwrap_or("localhost"));
        }
        if config.get_ports().is_empty() {
            if let Some(port) = env("PGPORT").and_then(|p| p.parse().ok()) {
                config.port(port);
            }
        }
        if config.get_user().is_none() {
            config.user(&env("PGUSER").unwrap_or_else(crate::store::user::login_name));
        }
        if config.get_dbname().is_none() {
            if let Some(db) = env("PGDATABASE") {
                config.dbname(&db);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        if config.get_ssl_mode() == postgres::config::SslMode::Require {
            return Err(
                "sslmode=require: this akhbar is built without TLS for PostgreSQL; \
                 use sslmode=disable or prefer, or reach the server through a TLS tunnel"
                    .into(),
            );
        }
        if config.get_password().is_none() {
            if let Some(password) = env("PGPASSWORD").or_else(|| from_pgpass(&config)) {
                config.password(password);
            }
        }
        config.application_name("akhbar");
        Ok(config)
    }
}

/// The password `~/.pgpass` (or `$PGPASSFILE`) gives the first host, port, database and user
/// of `config`, as libpq reads it: `host:port:database:user:password` a line, `*` matching
/// anything, `\` escaping `:` and `\`; a file others may read is ignored, as libpq does.
fn from_pgpass(config: &postgres::Config) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 || meta.len() > 1 << 20 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or("").to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    let wanted = [host, port, db, user];
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let fields = split_pgpass(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(&wanted)
                .all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4].clone())
        })
}

/// One `.pgpass` line's fields, with `\:` and `\\` unescaped.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("postgres://h/db"));
        assert!(is_url("PostgreSQL://u@h:5433/db?sslmode=disable"));
        assert!(!is_url("postgres:"));
        assert!(!is_url("./postgres://x"));
        assert!(!is_url("akhbar.db"));
    }

    #[test]
    fn the_password_never_shows() {
        let url = PgUrl::new("postgres://amina:s3cret@db.example:5433/news?sslmode=disable");
        assert_eq!(
            url.redacted(),
            "postgres://amina@db.example:5433/news?sslmode=disable"
        );
        assert!(!format!("{url:?}").contains("s3cret"));
        let url = PgUrl::new("postgresql://h/db?password=s3cret&sslmode=prefer");
        assert_eq!(url.redacted(), "postgresql://h/db?sslmode=prefer");
        let url = PgUrl::new("postgres://u:p@ss@h/db");
        assert_eq!(url.redacted(), "postgres://u@h/db");
    }

    #[test]
    fn require_is_refused_clearly() {
        let err = PgUrl::new("postgres://u:pw@127.0.0.1/db?sslmode=require")
            .config()
            .unwrap_err();
        assert!(err.contains("sslmode=require"), "{err}");
        let err = PgUrl::new("postgres://u:pw@127.0.0.1/db?bogus=1")
            .config()
            .unwrap_err();
        assert!(err.starts_with("not a valid PostgreSQL URL"), "{err}");
        assert!(!err.contains("pw"), "{err}");
    }

    #[test]
    fn pgpass_lines_unescape() {
        assert_eq!(
            split_pgpass(r"h:5432:*:u:pa\:ss\\"),
            vec!["h", "5432", "*", "u", r"pa:ss\"]
        );
    }
}
