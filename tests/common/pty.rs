//! A real akhbar in a pseudo-terminal, for the end-to-end tests: everything it writes goes
//! through a vt100 parser, and tests wait on what the parsed screen shows.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_akhbar");
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// What the reader thread has seen: the parsed screen and every raw byte.
pub struct Seen {
    parser: vt100::Parser,
    bytes: Vec<u8>,
    eof: bool,
}

pub struct Session {
    pub master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    seen: Arc<Mutex<Seen>>,
    reader: Option<JoinHandle<()>>,
    _home: tempfile::TempDir,
}

impl Session {
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with_store(args, cols, rows, None)
    }

    /// Starts akhbar on `store` (default: a new store in its own temporary HOME).
    pub fn start_with_store(
        args: &[&str],
        cols: u16,
        rows: u16,
        store: Option<&std::path::Path>,
    ) -> Session {
        Session::start_configured(args, cols, rows, store, None)
    }

    /// As [`Session::start_with_store`], with `config` (TOML) as the user's config.toml.
    pub fn start_configured(
        args: &[&str],
        cols: u16,
        rows: u16,
        store: Option<&std::path::Path>,
        config: Option<&str>,
    ) -> Session {
        let home = tempfile::tempdir().expect("a temporary HOME");
        if let Some(toml) = config {
            let dir = home.path().join("config/akhbar");
            std::fs::create_dir_all(&dir).expect("the config folder");
            std::fs::write(dir.join("config.toml"), toml).expect("config.toml");
        }
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        let store = store.map_or_else(|| home.path().join("akhbar.db"), |p| p.to_path_buf());
        cmd.env("AKHBAR_STORE", store);
        cmd.env_remove("AKHBAR_LOG");
        cmd.env_remove("NO_COLOR");
        // A panic prints its message, not pages of backtrace, so a failure shows it.
        cmd.env("RUST_BACKTRACE", "0");
        Session::spawn(cmd, cols, rows, home)
    }

    /// Runs `cmd` (any program: akhbar, or an ssh client logging in to `akhbar serve`) in a
    /// new pseudo-terminal of `cols` x `rows`; `home` lives as long as the session.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16, home: tempfile::TempDir) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawning the program");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = pair.master.take_writer().expect("a pty writer");
        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(rows, cols, 0),
            bytes: Vec::new(),
            eof: false,
        }));
        let sink = Arc::clone(&seen);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = sink.lock().unwrap();
                        s.parser.process(&buf[..n]);
                        s.bytes.extend_from_slice(&buf[..n]);
                    }
                }
            }
            sink.lock().unwrap().eof = true;
        });
        Session {
            master: pair.master,
            writer,
            child,
            seen,
            reader: Some(reader),
            _home: home,
        }
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().bytes.clone()
    }

    pub fn contents(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    /// Polls the parsed screen until `ok` holds; panics with the screen after the timeout.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if ok(&screen) {
                return screen;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(50)); // let the reader catch up
                panic!(
                    "akhbar exited ({status:?}) while waiting for {what}; screen:\n{screen}\n\
                     last output:\n{}",
                    self.last_output()
                );
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The end of the raw output as text, escape sequences removed: where a panic message
    /// would be.
    pub fn last_output(&self) -> String {
        let bytes = self.seen.lock().unwrap().bytes.clone();
        let text = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(6000)..]).into_owned();
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    while chars.next().is_some_and(|c| !('@'..='~').contains(&c)) {}
                }
                continue;
            }
            out.push(c);
        }
        out
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("writing to the pty");
        self.writer.flush().expect("flushing the pty");
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The parser first, so that the redraw for the new size lands on a screen that size.
        self.seen.lock().unwrap().parser.set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resizing the pty");
    }

    pub fn signal(&self, sig: libc::c_int) {
        let pid = self.child.process_id().expect("a child pid") as libc::pid_t;
        // SAFETY: sending a signal to our own child process.
        let rc = unsafe { libc::kill(pid, sig) };
        assert_eq!(rc, 0, "kill({pid}, {sig})");
    }

    /// Waits for the process to exit and for its output to end; returns the status and
    /// every byte it wrote.
    pub fn finish(&mut self) -> (portable_pty::ExitStatus, Vec<u8>) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!(
                    "akhbar did not exit within {TIMEOUT:?}:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        // The output ends when the child's side of the pty closes.
        let start = Instant::now();
        while !self.seen.lock().unwrap().eof && start.elapsed() < TIMEOUT {
            std::thread::sleep(Duration::from_millis(10));
        }
        if self.seen.lock().unwrap().eof {
            if let Some(r) = self.reader.take() {
                r.join().expect("the reader thread");
            }
        }
        let bytes = self.seen.lock().unwrap().bytes.clone();
        (status, bytes)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn status_line(screen: &str) -> &str {
    screen.trim_end().lines().last().unwrap_or("")
}
