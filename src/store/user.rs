//! Who triages: user names and the user a process acts as. A name is 1-64 characters of ASCII
//! letters, digits, `.`, `_` and `-`, so it is safe in a terminal, a log line and a file name
//! without escaping. The acting user is `--user NAME` (the caller passes it), else
//! `$AKHBAR_USER`, else the login name (the password database, else `$USER` or `$LOGNAME`),
//! else `local`.

/// Longest user name, in characters.
pub const MAX_USER_CHARS: usize = 64;

/// The name used when nothing names the user (no login name can be found or it is not a valid
/// name).
pub const FALLBACK: &str = "local";

/// `Ok` when `name` is a valid user name, else what is wrong with it, in a few words.
pub fn check(name: &str) -> std::result::Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.chars().count() > MAX_USER_CHARS {
        return Err("it is longer than 64 characters");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("use only letters, digits, '.', '_' and '-'");
    }
    Ok(())
}

/// Where the acting user's name came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Login,
}

/// The acting user: `flag` (from `--user`) when given, else `$AKHBAR_USER` when set and not
/// empty, else [`login_name`]. A name given by the flag or the variable that is not valid is
/// an error naming where it came from (the caller exits 2); a login name that is not valid
/// falls back to [`FALLBACK`].
pub fn resolve(flag: Option<&str>) -> std::result::Result<String, String> {
    let env = std::env::var("AKHBAR_USER").ok().filter(|v| !v.is_empty());
    let (name, origin) = match (flag, env) {
        (Some(name), _) => (name.to_string(), Origin::Flag),
        (None, Some(name)) => (name, Origin::Env),
        (None, None) => (login_name(), Origin::Login),
    };
    match check(&name) {
        Ok(()) => Ok(name),
        Err(problem) => {
            let from = match origin {
                Origin::Flag => "--user",
                Origin::Env => "AKHBAR_USER",
                Origin::Login => return Ok(FALLBACK.to_string()),
            };
            Err(format!("bad user name {name:?} from {from}: {problem}"))
        }
    }
}

/// The acting user when nothing is passed and nothing may fail: [`resolve`] without a flag,
/// falling back to the login name when `$AKHBAR_USER` is not a valid name.
pub fn default_name() -> String {
    resolve(None).unwrap_or_else(|_| login_name())
}

/// The login name: the password database's entry for the real user id, else `$USER`, else
/// `$LOGNAME`, else [`FALLBACK`]; always a valid user name.
pub fn login_name() -> String {
    let env = |var| std::env::var(var).ok().filter(|v| check(v).is_ok());
    passwd_name()
        .filter(|n| check(n).is_ok())
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"))
        .unwrap_or_else(|| FALLBACK.to_string())
}

/// `getpwuid_r` for the real user id: the thread-safe form, with a buffer that grows while the
/// entry does not fit (up to 1 MiB).
fn passwd_name() -> Option<String> {
    let mut size = 1024usize;
    while size <= 1 << 20 {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: passwd is plain data that getpwuid_r fills; all-zero is a valid value.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call and `buf` is `size` bytes long.
        let rc = unsafe {
            libc::getpwuid_r(
                libc::getuid(),
                &mut entry,
                buf.as_mut_ptr(),
                buf.len(),
                &mut found,
            )
        };
        if rc == libc::ERANGE {
            size *= 4;
            continue;
        }
        if rc != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name points at a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
        return name.to_str().ok().map(str::to_string);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_and_plain() {
        for good in ["amina", "omar.k", "a_b-c", "X9", &"a".repeat(64)] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "a b",
            "amina\u{1b}[2J",
            "عمر",
            "a/b",
            "a@b",
            &"a".repeat(65),
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_login_name_is_always_valid() {
        assert!(check(&login_name()).is_ok());
        assert_eq!(resolve(Some("omar")).as_deref(), Ok("omar"));
        let err = resolve(Some("no way")).unwrap_err();
        assert!(err.contains("--user"), "{err}");
    }
}
