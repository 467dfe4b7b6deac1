//! `akhbar serve` against the real OpenSSH client: the server started on 127.0.0.1 with a
//! store of its own, keys made by `ssh-keygen`, and `ssh -tt` run in a pseudo-terminal
//! whose screen a vt100 parser reads. Skipped, saying so, only when no ssh client is found
//! (`.ci/run` installs one).

mod common;

use common::http::{rss, Route, Server as Http};

use common::pty::{status_line, Session};
use portable_pty::CommandBuilder;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

fn have_ssh() -> bool {
    let found = |p: &str| {
        Command::new(p)
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if found("ssh") && Command::new("ssh-keygen").arg("-?").output().is_ok() {
        return true;
    }
    eprintln!("serve_ssh: SKIPPED: no OpenSSH client (ssh, ssh-keygen) on PATH");
    false
}

/// A server on a store of its own, with keys for amina and omar, and a stranger's key
/// (also commented `amina`) that is not in the authorized-keys file.
struct Desk {
    dir: tempfile::TempDir,
    server: Child,
    port: u16,
    /// What the server printed on start (the operator's lines).
    said: Vec<String>,
}

impl Desk {
    fn start(extra: &[&str]) -> Desk {
        Desk::start_with(extra, None)
    }

    /// With `config` as the server's config.toml.
    fn start_with(extra: &[&str], config: Option<&str>) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        if let Some(config) = config {
            let folder = dir.path().join("config/akhbar");
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("config.toml"), config).unwrap();
        }
        for (file, user) in [("amina", "amina"), ("omar", "omar"), ("stranger", "amina")] {
            let out = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", user, "-f"])
                .arg(dir.path().join(file))
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        }
        let keys: String = ["amina.pub", "omar.pub"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
            .collect();
        std::fs::write(dir.path().join("authorized_keys"), keys).unwrap();
        let mut server = Command::new(common::pty::BIN)
            .arg("--store")
            .arg(dir.path().join("desk.db"))
            .args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys"])
            .arg(dir.path().join("authorized_keys"))
            .arg("--host-key")
            .arg(dir.path().join("host_key"))
            .arg("--log")
            .arg(dir.path().join("serve.log"))
            .args(extra)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env_remove("AKHBAR_STORE")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(server.stdout.take().unwrap());
        let mut said = Vec::new();
        let port = loop {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                let mut err = String::new();
                let _ = server.stderr.take().unwrap().read_to_string(&mut err);
                panic!("the server ended before listening: {said:?} {err}");
            }
            said.push(line.trim_end().to_string());
            if let Some(addr) = line.trim().strip_prefix("akhbar serve: listening on ") {
                break addr.rsplit(':').next().unwrap().parse().unwrap();
            }
        };
        // Whatever else the server prints would be a leak from a session: keep it.
        let rest = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            text
        });
        std::mem::forget(rest);
        Desk {
            dir,
            server,
            port,
            said,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.path("serve.log")).unwrap_or_default()
    }

    fn wait_log(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if ok(&log) {
                return log;
            }
            if start.elapsed() > common::pty::TIMEOUT {
                panic!("timed out waiting in the log for {what}:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `ssh -tt` with `key` as `user`, in a pty of `cols` x `rows`.
    fn ssh(&self, key: &str, user: &str, cols: u16, rows: u16) -> Session {
        self.ssh_with(key, user, cols, rows, &[])
    }

    fn ssh_with(&self, key: &str, user: &str, cols: u16, rows: u16, opts: &[&str]) -> Session {
        self.ssh_term(key, user, cols, rows, opts, "xterm-256color")
    }

    fn ssh_term(
        &self,
        key: &str,
        user: &str,
        cols: u16,
        rows: u16,
        opts: &[&str],
        term: &str,
    ) -> Session {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        cmd.arg("-i");
        cmd.arg(self.path(key));
        cmd.args(["-p", &self.port.to_string()]);
        for o in [
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "IdentitiesOnly=yes",
            "PasswordAuthentication=no",
            "BatchMode=yes",
            "LogLevel=ERROR",
        ] {
            cmd.args(["-o", o]);
        }
        cmd.args(opts);
        cmd.arg(format!("{user}@127.0.0.1"));
        cmd.env("HOME", home.path());
        cmd.env("TERM", term);
        cmd.env_remove("SSH_AUTH_SOCK");
        Session::spawn(cmd, cols, rows, home)
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn wait_for_list(s: &mut Session) -> String {
    s.wait_for("the dashboard", |sc| {
        status_line(sc).contains("10 unread") && sc.contains("Unread 10")
    })
}

/// How many sessions the log's last start or end line says are open.
fn sessions_now(log: &str) -> Option<usize> {
    log.lines()
        .rev()
        .find(|l| l.contains(" session start ") || l.contains(" session end "))
        .and_then(|l| l.rsplit("sessions=").next())
        .and_then(|n| n.trim().parse().ok())
}

/// A refused login: ssh gives up with exit code 255 and says the key was refused.
fn refused(mut s: Session) -> String {
    let (status, bytes) = s.finish();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert_eq!(status.exit_code(), 255, "{text}");
    assert!(text.contains("Permission denied"), "{text}");
    text
}

#[test]
fn each_key_logs_in_only_as_its_own_user_and_tags_are_shared() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&[]);
    assert!(
        desk.said[0].contains("made host key") && desk.said[0].contains("SHA256:"),
        "{:?}",
        desk.said
    );
    // The fingerprint printed is the one OpenSSH computes for the key it made.
    let fp = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(desk.path("host_key"))
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&fp.stdout);
    let fp = fp.split_whitespace().nth(1).unwrap();
    assert!(desk.said[0].ends_with(fp), "{:?} vs {fp}", desk.said);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(desk.path("host_key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let mut amina = desk.ssh("amina", "amina", 120, 32);
    let mut omar = desk.ssh("omar", "omar", 120, 32);
    wait_for_list(&mut amina);
    wait_for_list(&mut omar);
    refused(desk.ssh("amina", "omar", 100, 30));
    refused(desk.ssh("stranger", "amina", 100, 30));
    refused(desk.ssh("omar", "root", 100, 30));
    let log = desk.wait_log("two logins and three refusals", |l| {
        l.matches(" login user=").count() == 2 && l.matches("refused key").count() >= 3
    });
    assert!(
        log.contains("refused key") && log.contains("as user=\"omar\""),
        "{log}"
    );
    assert_eq!(sessions_now(&log), Some(2), "{log}");

    // Amina stars the first article and tags it. The tag is the team's: omar's dashboard
    // shows it without a key pressed. The star is hers: omar's view, read again after both
    // her writes, shows none.
    amina.send(b"s");
    amina.wait_for("amina's star", |sc| {
        sc.contains('★') && status_line(sc).contains("1 starred")
    });
    amina.send(b"t");
    amina.wait_for("the tag prompt", |sc| status_line(sc).contains("PROMPT"));
    amina.send(b"verify\r");
    amina.wait_for("the tag on amina's screen", |sc| sc.contains("#verify"));
    let seen = Instant::now();
    omar.wait_for("amina's tag on omar's screen", |sc| sc.contains("#verify"));
    assert!(
        seen.elapsed() < Duration::from_secs(3),
        "the tag took {:?}",
        seen.elapsed()
    );
    let screen = omar.contents();
    assert!(
        !screen.contains('★'),
        "amina's star on omar's screen:\n{screen}"
    );
    assert!(!status_line(&screen).contains("starred"), "{screen}");
    // And in the store: the same article, starred for amina only, tagged for both.
    let db = desk.path("desk.db");
    let starred_for = |user: &str| {
        let mut store = akhbar::store::Store::open(&akhbar::store::Location::File(db.clone()))
            .unwrap()
            .store;
        store.set_user(user).unwrap();
        store.counts().unwrap().starred
    };
    assert_eq!(starred_for("amina"), 1);
    assert_eq!(starred_for("omar"), 0);

    // q ends amina's session only: her ssh exits 0, omar's dashboard still answers.
    amina.send(b"q");
    let (status, _) = amina.finish();
    assert_eq!(status.exit_code(), 0);
    omar.send(b"2");
    omar.wait_for("omar's starred view", |sc| sc.contains("Starred"));
    let log = desk.wait_log("amina's end", |l| l.contains("session end user=amina"));
    assert!(log.contains("why=quit"), "{log}");
    assert_eq!(sessions_now(&log), Some(1), "{log}");
}

#[test]
fn a_resize_redraws_and_exec_and_forwarding_are_refused() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&[]);
    let mut amina = desk.ssh("amina", "amina", 100, 30);
    wait_for_list(&mut amina);
    // Cells, not chars: the Arabic lines carry zero-width harakat.
    let widest = |sc: &str| sc.lines().map(|l| l.width()).max().unwrap_or(0);
    assert!(widest(&amina.contents()) <= 100);
    amina.resize(140, 40);
    let screen = amina.wait_for("the dashboard at 140x40", |sc| {
        widest(sc) > 130 && sc.lines().count() >= 39 && status_line(sc).contains("10 unread")
    });
    // At 120 columns and more the facts pane joins the list and the reader.
    assert!(
        screen.contains("Facts") || screen.contains("facts"),
        "{screen}"
    );
    amina.resize(60, 20);
    amina.wait_for("the dashboard at 60x20", |sc| {
        widest(sc) <= 60 && status_line(sc).contains("unread")
    });

    // A command instead of a shell is refused; so is a forwarded port.
    let out = Command::new("ssh")
        .args(["-T", "-i"])
        .arg(desk.path("amina"))
        .args(["-p", &desk.port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
        ])
        .args([
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
        ])
        .args(["amina@127.0.0.1", "cat", "/etc/passwd"])
        .env("HOME", desk.path("."))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("root:"),
        "{out:?}"
    );
    let mut forward = desk.ssh_with(
        "omar",
        "omar",
        100,
        30,
        &[
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "127.0.0.1:0:127.0.0.1:22",
        ],
    );
    let (status, bytes) = forward.finish();
    assert_ne!(status.exit_code(), 0, "{}", String::from_utf8_lossy(&bytes));
    desk.wait_log("the refusals", |l| {
        l.contains("refused exec") && l.contains("refused remote port forwarding")
    });
}

#[test]
fn a_dropped_client_frees_its_session_and_an_idle_one_is_closed() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&["--idle-timeout", "3s"]);
    let mut amina = desk.ssh("amina", "amina", 100, 30);
    let mut omar = desk.ssh("omar", "omar", 100, 30);
    wait_for_list(&mut amina);
    wait_for_list(&mut omar);
    desk.wait_log("two sessions", |l| sessions_now(l) == Some(2));
    // The client dies without a word: its session goes, the other stays.
    amina.child.kill().unwrap();
    let log = desk.wait_log("amina's session freed", |l| {
        l.contains("session end user=amina") && sessions_now(l) == Some(1)
    });
    assert!(log.contains("why=closed"), "{log}");
    // Omar keeps pressing keys for longer than the idle time: he stays.
    for _ in 0..8 {
        omar.send(b"j");
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(!desk.log().contains("session end user=omar"));
    // Then he stops: the session is closed and says why on his terminal.
    let (status, bytes) = omar.finish();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("closed after 3 s without input"), "{text}");
    assert_ne!(status.exit_code(), 255, "{text}");
    let log = desk.wait_log("omar's idle end", |l| l.contains("session end user=omar"));
    assert!(log.contains("why=idle"), "{log}");
    assert_eq!(sessions_now(&log), Some(0), "{log}");
}

#[test]
fn hostile_input_neither_crashes_the_server_nor_reaches_another_session() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&[]);
    let mut amina = desk.ssh("amina", "amina", 100, 30);
    let mut omar = desk.ssh("omar", "omar", 100, 30);
    wait_for_list(&mut amina);
    wait_for_list(&mut omar);
    let before = omar.raw().len();
    // Escape sequences of every kind, unfinished ones, invalid UTF-8, a title-setting OSC.
    amina.send(b"\x1b]0;PWNED-TITLE\x07\x1b[?1049l\x1b[999;999H\x1bP+q\x1b\\\x1b[");
    amina.send(&[
        0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80,
    ]);
    amina.send(b"\x1b[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27~");
    // A 1 MB paste into the filter, bracketed as terminals send it: it lands in the filter
    // line as text, and Esc clears it.
    amina.send(b"/");
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend(std::iter::repeat_n(b'x', 1 << 20));
    paste.extend_from_slice(b"PWNED-PASTE\x1b[201~");
    amina.send(&paste);
    amina.wait_for("the paste in amina's filter line", |sc| {
        sc.lines().next().is_some_and(|l| l.contains("/ xxxxxxxx"))
    });
    amina.send(b"\x1b");
    amina.wait_for("the filter cleared", |sc| {
        sc.lines()
            .next()
            .is_some_and(|l| l.contains("press / to filter"))
    });
    // 1 MB of bytes that are no key and no UTF-8: nothing happens, and keys still work.
    amina.send(&vec![0x80u8; 1 << 20]);
    amina.send(b"2");
    amina.wait_for("amina's starred view after the flood", |sc| {
        sc.contains("Starred 0")
    });
    // So does omar's, and nothing of amina's reached his terminal.
    omar.send(b"3");
    omar.wait_for("omar's archived view", |sc| sc.contains("Archived 0"));
    let omars = omar.raw();
    let theirs = String::from_utf8_lossy(&omars[before..]);
    assert!(!theirs.contains("PWNED"), "amina's input reached omar");
    assert!(
        omars.len() - before < 100_000,
        "omar got {} bytes",
        omars.len() - before
    );
    // The server lives, logged nothing it should not, and printed nothing after start.
    let log = desk.log();
    assert!(!log.contains("panic"), "{log}");
    assert!(!log.contains('\u{1b}'), "{log}");
    assert_eq!(sessions_now(&log), Some(2), "{log}");
    let mut again = desk.ssh("amina", "amina", 80, 24);
    again.wait_for("a new login after the flood", |sc| {
        status_line(sc).contains("unread")
    });
}

#[test]
fn an_edited_keys_file_takes_effect_for_new_logins() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&[]);
    let keys = desk.path("authorized_keys");
    // Omar's key is taken out: he can no longer log in; amina still can.
    let amina_only = std::fs::read_to_string(desk.path("amina.pub")).unwrap();
    std::fs::write(&keys, &amina_only).unwrap();
    refused(desk.ssh("omar", "omar", 80, 24));
    let mut amina = desk.ssh("amina", "amina", 80, 24);
    amina.wait_for("amina's dashboard", |sc| status_line(sc).contains("unread"));
    // A new key comes in, commented as a new user: it works at once, no restart.
    let stranger = std::fs::read_to_string(desk.path("stranger.pub")).unwrap();
    let renamed = stranger.replace(" amina", " layla");
    std::fs::write(&keys, format!("{amina_only}{renamed}")).unwrap();
    let mut layla = desk.ssh("stranger", "layla", 80, 24);
    layla.wait_for("layla's dashboard", |sc| status_line(sc).contains("unread"));
    let log = desk.log();
    assert!(log.contains("authorized keys read again"), "{log}");
    assert!(log.contains("login user=layla"), "{log}");
    // SIGHUP reads it again whatever its stamp, and the server goes on.
    let before = log.matches("authorized keys read again").count();
    // SAFETY: a signal to the server this test started.
    let rc = unsafe { libc::kill(desk.server.id() as libc::pid_t, libc::SIGHUP) };
    assert_eq!(rc, 0);
    desk.wait_log("the reload on SIGHUP", |l| {
        l.matches("authorized keys read again").count() > before
    });
    let mut again = desk.ssh("amina", "amina", 80, 24);
    again.wait_for("a login after SIGHUP", |sc| {
        status_line(sc).contains("unread")
    });
}

#[test]
fn the_server_fetches_once_for_every_session() {
    if !have_ssh() {
        return;
    }
    // The feed answers only once the gate opens, so both sessions are up before it does.
    let http = Http::start();
    let feed = Route::Body {
        body: rss("desk", 3, false),
        content_type: "application/rss+xml",
        etag: None,
    };
    http.route("/desk.xml", Route::Gated(Box::new(feed)));
    let config = format!("[[feeds]]\nurl = \"{}\"\n", http.url("/desk.xml"));
    let desk = Desk::start_with(&[], Some(&config));
    let mut amina = desk.ssh("amina", "amina", 120, 32);
    let mut omar = desk.ssh("omar", "omar", 120, 32);
    wait_for_list(&mut amina);
    wait_for_list(&mut omar);
    http.open_gate();
    for s in [&mut amina, &mut omar] {
        s.wait_for("the fetched articles, no key pressed", |sc| {
            sc.contains("Story desk number 0") && status_line(sc).contains("13 unread")
        });
    }
    let log = desk.wait_log("the refresh", |l| {
        l.contains("refreshed: 1 feed, 3 new articles")
    });
    assert_eq!(log.matches("refreshed:").count(), 1, "{log}");
    // One request for two sessions: the sessions never fetch on their own.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(http.requests.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn at_most_eight_connections_log_in_at_once() {
    if !have_ssh() {
        return;
    }
    use std::net::TcpStream;
    let desk = Desk::start(&[]);
    let addr = format!("127.0.0.1:{}", desk.port);
    // Eight connections that say nothing hold every place for logging in.
    let mut idle: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    for s in &mut idle {
        // Each gets the server's greeting: it is being served.
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut greeting = [0u8; 8];
        s.read_exact(&mut greeting).unwrap();
        assert_eq!(&greeting, b"SSH-2.0-");
    }
    // The ninth is closed at once, before any greeting.
    let mut ninth = TcpStream::connect(&addr).unwrap();
    ninth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 8];
    let n = ninth.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "the ninth connection was served: {:?}", &buf[..n]);
    desk.wait_log("the refusal", |l| l.contains("8 are logging in already"));
    // Once they go, logging in works again.
    drop(idle);
    let mut amina = desk.ssh("amina", "amina", 80, 24);
    amina.wait_for("amina's dashboard", |sc| status_line(sc).contains("unread"));
}

#[test]
fn term_and_no_color_from_the_client_pick_the_colours() {
    if !have_ssh() {
        return;
    }
    let desk = Desk::start(&[]);
    let coloured = |s: &Session| String::from_utf8_lossy(&s.raw()).contains("\x1b[38;5;");
    let mut colour = desk.ssh("amina", "amina", 100, 30);
    wait_for_list(&mut colour);
    assert!(coloured(&colour), "xterm-256color gets colours");
    let mut dumb = desk.ssh_term("omar", "omar", 100, 30, &[], "vt100");
    wait_for_list(&mut dumb);
    assert!(!coloured(&dumb), "a vt100 gets no colours");
    let mut plain = desk.ssh_with("amina", "amina", 100, 30, &["-o", "SetEnv=NO_COLOR=1"]);
    wait_for_list(&mut plain);
    assert!(!coloured(&plain), "NO_COLOR from the client is honoured");
    // The selection still shows, in reverse video.
    assert!(String::from_utf8_lossy(&plain.raw()).contains("\x1b[7m"));
    let log = desk.log();
    assert!(log.contains("term=\"vt100\""), "{log}");
}
