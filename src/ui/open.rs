//! Opening a link outside akhbar and copying one to the clipboard. The opener is
//! `$BROWSER` (its first `:`-separated entry), else `xdg-open` (`open` on macOS), run
//! directly with the link as its one argument: never through a shell, so no character of a
//! hostile link (`;`, `$(…)`, spaces, quotes) is ever interpreted. Only http and https links
//! are opened.

use std::process::{Command, Stdio};

/// The program that opens links: `$BROWSER` when it names one, else the platform's opener.
pub fn opener() -> String {
    let browser = std::env::var("BROWSER").unwrap_or_default();
    match browser.split(':').map(str::trim).find(|b| !b.is_empty()) {
        Some(b) => b.to_string(),
        None if cfg!(target_os = "macos") => "open".into(),
        None => "xdg-open".into(),
    }
}

/// Checks a link before it leaves akhbar: http or https with a host, and no control
/// characters (which no URL holds and a terminal browser could take for input).
pub fn check(link: &str) -> Result<(), String> {
    if link.chars().any(char::is_control) {
        return Err("the link holds control characters; not opened".into());
    }
    match crate::model::link_host(link) {
        Some(_) => Ok(()),
        None => Err("only http and https links are opened".into()),
    }
}

/// Starts the opener on `link` and returns at once; a thread waits for it so it leaves no
/// zombie. Its output goes nowhere: the dashboard owns the terminal.
pub fn open_link(link: &str) -> Result<(), String> {
    check(link)?;
    let program = opener();
    let mut child = Command::new(&program)
        .arg(link)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard (terminals
/// that do not allow it ignore it). The text travels base64-encoded, so nothing in it can
/// end the sequence early.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc4648_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }

    #[test]
    fn only_http_links_leave() {
        assert!(check("https://example.org/a b;$(x)").is_ok());
        assert!(check("javascript:alert(1)").is_err());
        assert!(check("file:///etc/passwd").is_err());
        assert!(check("https://example.org/\x1b[2J").is_err());
    }
}
