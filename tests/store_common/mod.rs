//! Shared by the `store_*` tests: small articles in Arabic and English and a temporary store.
#![allow(dead_code)]

use akhbar::model::{Article, ArticleId, Direction, Lang, Origin, Paragraph};
use akhbar::store::{Location, Opened, Store};
use chrono::NaiveDate;
use std::path::PathBuf;

/// Article `n`: Arabic when `n` is even, English when odd, dated by `n` (some undated), with a
/// url, a source and two paragraphs, all distinct per `n`.
pub fn article(n: usize) -> Article {
    let arabic = n % 2 == 0;
    let (lang, dir) = if arabic {
        (Lang::Ar, Direction::Rtl)
    } else {
        (Lang::En, Direction::Ltr)
    };
    let title = if arabic {
        format!("خبر رقم {n} عن الاقتصاد")
    } else {
        format!("Story number {n} about the economy")
    };
    let paragraphs = vec![
        Paragraph {
            text: if arabic {
                format!("الفقرة الأولى من الخبر {n}.")
            } else {
                format!("The first paragraph of story {n}.")
            },
            lang,
            dir,
        },
        Paragraph {
            text: format!("Mixed فقرة {n} with English"),
            lang: Lang::Mixed,
            dir: Direction::Ltr,
        },
    ];
    Article {
        id: ArticleId(format!("a{n}")),
        title,
        source: Some(["Al Jazeera", "BBC", "Reuters & Co <x>"][n % 3].to_string()),
        author: None,
        date: (n % 7 != 3).then(|| {
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new((n % 40) as u64)
        }),
        url: Some(format!("https://example.com/news/{n}")),
        lang,
        dir,
        dir_override: (n % 5 == 0).then_some(Direction::Rtl),
        paragraphs,
        origin: Origin::File(format!("/data/{n}.txt")),
        enclosures: Vec::new(),
    }
}

pub fn articles(count: usize) -> Vec<Article> {
    (0..count).map(article).collect()
}

/// A fresh in-memory store.
pub fn memory() -> Store {
    let opened = Store::open(&Location::Memory).expect("an in-memory store opens");
    assert_eq!(opened.read_only, None);
    opened.store
}

/// A temporary folder and the store path inside it (the folder is removed on drop).
pub fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("sub").join("akhbar.db");
    (dir, path)
}

pub fn open_file(path: &std::path::Path) -> Opened {
    Store::open(&Location::File(path.to_path_buf())).expect("the store opens")
}

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &std::path::Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A child process running this test binary's `helper` test in a given role, talking by
/// lines on stdout (prefixed, to tell them from the test harness's own output). Every wait
/// has a deadline and the child is killed on drop, so a broken helper fails a test instead of
/// hanging the suite.
pub struct Helper {
    child: std::process::Child,
    messages: std::sync::mpsc::Receiver<String>,
}

const ROLE: &str = "AKHBAR_STORE_TEST_ROLE";
const PATH: &str = "AKHBAR_STORE_TEST_PATH";
const PREFIX: &str = "helper-says:";
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

impl Helper {
    pub fn spawn(role: &str, path: &std::path::Path) -> Helper {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let exe = std::env::current_exe().expect("the test binary");
        let mut child = Command::new(exe)
            .args([
                "helper",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ROLE, role)
            .env(PATH, path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the helper starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                // Anywhere in the line: the harness may have printed "test helper ... " first.
                if let Some((_, msg)) = line.split_once(PREFIX) {
                    if tx.send(msg.to_string()).is_err() {
                        return;
                    }
                }
            }
        });
        Helper { child, messages }
    }

    /// The next message, or `None` once the helper has exited. Panics after the deadline.
    pub fn next(&mut self) -> Option<String> {
        use std::sync::mpsc::RecvTimeoutError;
        match self.messages.recv_timeout(DEADLINE) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => panic!("the helper said nothing for {DEADLINE:?}"),
        }
    }

    pub fn wait_for(&mut self, msg: &str) {
        while let Some(m) = self.next() {
            if m == msg {
                return;
            }
        }
        panic!("the helper exited before saying {msg:?}");
    }

    /// Closes the helper's stdin (its cue to finish) and waits for it.
    pub fn finish(mut self) {
        drop(self.child.stdin.take());
        while self.next().is_some() {}
        let _ = self.child.wait();
    }

    /// Kills the helper (SIGKILL) and returns what it said before dying.
    pub fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut said = Vec::new();
        while let Some(m) = self.next() {
            said.push(m);
        }
        said
    }

    /// In the helper: its role and store path, or `None` when run as an ordinary test.
    pub fn role() -> Option<(String, PathBuf)> {
        Some((std::env::var(ROLE).ok()?, std::env::var_os(PATH)?.into()))
    }

    /// In the helper: tells the parent something, at once.
    pub fn say(msg: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{PREFIX}{msg}");
        let _ = out.flush();
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
