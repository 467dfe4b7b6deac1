//! The database URL: libpq's `postgres://` and `postgresql://` forms
//! (`postgres://user:password@host:port/dbname?sslmode=prefer&connect_timeout=5`). The
//! password comes from the URL, else `$PGPASSWORD`, else `~/.pgpass` (or `$PGPASSFILE`) as
//! libpq reads it; it is never printed: every message names the store by [`PgUrl::redacted`].
//! `sslmode`, `sslrootcert`, and the client certificate's `sslcert`, `sslkey` and
//! `sslcertmode` (or `$PGSSLMODE`, `$PGSSLROOTCERT`, `$PGSSLCERT`, `$PGSSLKEY`,
//! `$PGSSLCERTMODE`) are read here and mean what they mean to libpq ([`super::tls`]); a key
//! with a passphrase (`sslpassword`) and `sslcertmode=require` are refused in one line.

use super::tls::{SslMode, Tls};
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

    /// The URL with the password of its user part and any `password=` or `sslpassword=`
    /// parameter removed.
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
                    .filter(|p| {
                        let p = p.to_ascii_lowercase();
                        !p.starts_with("password=") && !p.starts_with("sslpassword=")
                    })
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
    /// `~/.pgpass`, `PGSSLMODE`, `PGSSLROOTCERT`) for what it leaves out, and a connect
    /// timeout of 10 s unless it sets one; and its TLS settings. `Err` is one line that never
    /// holds the password.
    pub fn config(&self) -> Result<(postgres::Config, Tls), String> {
        let (rest, ssl) = take_ssl(&self.0)?;
        let mut config = postgres::Config::from_str(&rest).map_err(|e| {
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
        let mode = match ssl.mode.or_else(|| env("PGSSLMODE")) {
            None => SslMode::Prefer,
            Some(m) => SslMode::parse(&m).ok_or_else(|| {
                format!(
                    "sslmode={}: not one of disable, allow, prefer, require, verify-ca, \
                     verify-full",
                    super::one_line(&m)
                )
            })?,
        };
        config.ssl_mode(mode.client_mode());
        let cert_mode = ssl.cert_mode.or_else(|| env("PGSSLCERTMODE"));
        let send_cert = match cert_mode.as_deref() {
            None | Some("allow") => true,
            Some("disable") => false,
            Some("require") => {
                return Err("sslcertmode=require is not supported: use allow (the default)                      or disable"
                    .into())
            }
            Some(other) => {
                return Err(format!(
                    "sslcertmode={}: not one of disable, allow",
                    super::one_line(other)
                ))
            }
        };
        let tls = Tls {
            mode,
            root: ssl.root.or_else(|| env("PGSSLROOTCERT")),
            cert: send_cert
                .then(|| ssl.cert.or_else(|| env("PGSSLCERT")))
                .flatten(),
            key: send_cert
                .then(|| ssl.key.or_else(|| env("PGSSLKEY")))
                .flatten(),
            send_cert,
        };
        if config.get_password().is_none() {
            if let Some(password) = env("PGPASSWORD").or_else(|| from_pgpass(&config)) {
                config.password(password);
            }
        }
        config.application_name("akhbar");
        Ok((config, tls))
    }
}

/// The TLS parameters of a URL's query, which the client library does not read.
#[derive(Default)]
struct SslParams {
    mode: Option<String>,
    root: Option<String>,
    cert: Option<String>,
    key: Option<String>,
    cert_mode: Option<String>,
}

/// `url` without its TLS parameters, and their (decoded) values; `sslpassword` (a key with a
/// passphrase) is an error.
fn take_ssl(url: &str) -> Result<(String, SslParams), String> {
    let mut ssl = SslParams::default();
    let Some((head, query)) = url.split_once('?') else {
        return Ok((url.to_string(), ssl));
    };
    let mut kept = Vec::new();
    for param in query.split('&') {
        let (key, value) = param.split_once('=').unwrap_or((param, ""));
        match key {
            "sslmode" => ssl.mode = Some(percent_decoded(value)),
            "sslrootcert" => ssl.root = Some(percent_decoded(value)),
            "sslcert" => ssl.cert = Some(percent_decoded(value)),
            "sslkey" => ssl.key = Some(percent_decoded(value)),
            "sslcertmode" => ssl.cert_mode = Some(percent_decoded(value)),
            "sslpassword" => {
                return Err(
                    "sslpassword: a client key with a passphrase is not supported; \
                     give sslkey a key file without one (readable by you only)"
                        .into(),
                )
            }
            _ => kept.push(param),
        }
    }
    let rest = if kept.is_empty() {
        head.to_string()
    } else {
        format!("{head}?{}", kept.join("&"))
    };
    Ok((rest, ssl))
}

/// `%XX` escapes decoded (a `+` stays a `+`, as libpq reads URLs); bad escapes are kept as
/// they are, and bytes that are not UTF-8 become U+FFFD.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
        let url = PgUrl::new("postgres://h/db?sslpassword=k3y&sslkey=/a.key");
        assert_eq!(url.redacted(), "postgres://h/db?sslkey=/a.key");
        let url = PgUrl::new("postgres://u:p@ss@h/db");
        assert_eq!(url.redacted(), "postgres://u@h/db");
    }

    #[test]
    fn tls_settings_are_read_off_the_url() {
        let (config, tls) =
            PgUrl::new("postgres://u:pw@127.0.0.1/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca%2B1.crt&connect_timeout=3")
                .config()
                .unwrap();
        assert_eq!(tls.mode, SslMode::VerifyFull);
        assert_eq!(tls.root.as_deref(), Some("/tmp/ca+1.crt"));
        assert_eq!(config.get_ssl_mode(), postgres::config::SslMode::Require);
        assert_eq!(
            config.get_connect_timeout(),
            Some(&std::time::Duration::from_secs(3))
        );
        let (config, tls) = PgUrl::new("postgres://u@h/db?sslmode=disable")
            .config()
            .unwrap();
        assert_eq!(tls.mode, SslMode::Disable);
        assert_eq!(config.get_ssl_mode(), postgres::config::SslMode::Disable);
        let err = PgUrl::new("postgres://u:pw@127.0.0.1/db?sslmode=verify")
            .config()
            .unwrap_err();
        assert!(err.starts_with("sslmode=verify: not one of"), "{err}");
        let (_, tls) = PgUrl::new("postgres://u:pw@h/db?sslcert=%2Fx.crt&sslkey=/x.key")
            .config()
            .unwrap();
        assert_eq!(tls.cert.as_deref(), Some("/x.crt"));
        assert_eq!(tls.key.as_deref(), Some("/x.key"));
        let (_, tls) = PgUrl::new("postgres://u@h/db?sslcert=/x.crt&sslcertmode=disable")
            .config()
            .unwrap();
        assert_eq!((tls.cert, tls.send_cert), (None, false));
        let err = PgUrl::new("postgres://u:pw@h/db?sslkey=/x.key&sslpassword=pw")
            .config()
            .unwrap_err();
        assert!(err.contains("passphrase") && !err.contains("=pw"), "{err}");
        let err = PgUrl::new("postgres://u@h/db?sslcertmode=require")
            .config()
            .unwrap_err();
        assert!(err.contains("not supported"), "{err}");
        let err = PgUrl::new("postgres://u:pw@127.0.0.1/db?bogus=1")
            .config()
            .unwrap_err();
        assert!(err.starts_with("not a valid PostgreSQL URL"), "{err}");
        assert!(!err.contains("pw"), "{err}");
    }

    #[test]
    fn escapes_decode_and_bad_ones_stay() {
        assert_eq!(percent_decoded("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
        assert_eq!(percent_decoded("%ff"), "\u{fffd}");
    }

    #[test]
    fn pgpass_lines_unescape() {
        assert_eq!(
            split_pgpass(r"h:5432:*:u:pa\:ss\\"),
            vec!["h", "5432", "*", "u", r"pa:ss\"]
        );
    }
}
