//! Bounds on every input, through the real binary: a path that is not a regular file (a
//! device that never ends, a FIFO no one writes) is refused at once, and an endless standard
//! input stops at the 16 MiB limit; each is one line on stderr and exit code 2.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn akhbar(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("AKHBAR_STORE", ":memory:")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Waits for `child` at most 20 s (killing it then): a hang fails the test, not the suite.
fn finish(child: Child) -> Output {
    finish_within(child, Duration::from_secs(20))
}

/// [`finish`] with a longer guard, for work a debug build does slowly on a busy machine.
fn finish_within(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("akhbar hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn one_line_exit_2(out: &Output, what: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    err
}

#[test]
fn devices_and_fifos_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a NUL-terminated path that lives for the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let fifo = fifo.to_str().unwrap();
    for cmd in ["list", "render", "facts", "import"] {
        for path in ["/dev/zero", fifo] {
            let child = akhbar(&[cmd, path]).stdin(Stdio::null()).spawn().unwrap();
            let out = finish(child);
            let err = one_line_exit_2(&out, &format!("{cmd} {path}"));
            assert!(err.contains("not a regular file"), "{cmd} {path}: {err}");
        }
    }
}

#[test]
fn endless_standard_input_stops_at_the_limit() {
    for cmd in ["render", "facts"] {
        let mut child = akhbar(&[cmd, "-"]).stdin(Stdio::piped()).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // `yes`: writes until akhbar stops reading and closes the pipe.
        let writer = std::thread::spawn(move || {
            let line = b"y\n".repeat(4096);
            let mut sent = 0u64;
            while stdin.write_all(&line).is_ok() {
                sent += line.len() as u64;
                if sent > 1 << 30 {
                    break; // 1 GiB: akhbar did not stop
                }
            }
            sent
        });
        let out = finish(child);
        let sent = writer.join().unwrap();
        let err = one_line_exit_2(&out, cmd);
        assert!(err.contains("16777216"), "{cmd}: {err}");
        assert!(sent < 64 << 20, "{cmd}: {sent} bytes were read");
    }
}

#[test]
fn binary_and_empty_input_are_refused_and_utf16_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let elf = dir.path().join("prog");
    std::fs::write(&elf, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0").unwrap();
    let png = dir.path().join("pic.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    for cmd in ["list", "render", "facts", "import"] {
        for (path, says) in [(&elf, "ELF"), (&png, "PNG"), (&empty, "empty")] {
            let child = akhbar(&[cmd, path.to_str().unwrap()])
                .stdin(Stdio::null())
                .spawn()
                .unwrap();
            let out = finish(child);
            let err = one_line_exit_2(&out, &format!("{cmd} {}", path.display()));
            assert!(err.contains(says), "{cmd}: {err}");
            assert!(out.stdout.is_empty(), "{cmd}: printed something");
        }
    }
    let utf16 = dir.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "عنوان الخبر\n\nنص الخبر هنا.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(&utf16, bytes).unwrap();
    let child = akhbar(&["list", "--json", utf16.to_str().unwrap()])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let out = finish(child);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("عنوان الخبر"),
        "{out:?}"
    );
}

/// Limits the child's address space to 1 GiB.
fn limit_address_space(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; it only limits the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: 1 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// `akhbar facts` on 16 MiB files no article resembles: millions of one-letter lines, and a
/// million nested elements on one line. Run with its address space limited to 1 GiB (the
/// nested file aborted allocating 641 MB under 2 GiB before the bounds), each succeeds, says
/// in one line on stderr how much it read, and prints facts of what it read.
#[test]
fn facts_on_16_mib_of_hostile_text_reads_a_bounded_part() {
    let dir = tempfile::tempdir().unwrap();
    let size = 16 * 1024 * 1024 - 64;
    let mut tiny = "Baghdad\n".repeat(size / 8);
    tiny.truncate(size);
    let nested = format!("{}x{}", "<a>".repeat(1_000_000), "</a>".repeat(1_000_000));
    for (name, text) in [("tiny.txt", tiny), ("nested.xml", nested)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let mut cmd = akhbar(&["facts", "--json", path.to_str().unwrap()]);
        limit_address_space(&mut cmd);
        // To a file: a pipe no one reads would fill and stop it.
        let json = dir.path().join(format!("{name}.json"));
        cmd.stdout(std::fs::File::create(&json).unwrap());
        // Not a timing: a guard against a hang, wide enough for a debug build.
        let mut out = finish_within(cmd.spawn().unwrap(), Duration::from_secs(180));
        out.stdout = std::fs::read(&json).unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains("facts read from the first")
                && err.contains(&format!("of {} bytes", text.len())),
            "{name}: {err}"
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if name == "tiny.txt" {
            // Facts come from the lines read, and from nowhere past them.
            let facts = v["facts"].as_array().unwrap();
            assert!(!facts.is_empty(), "{name}");
            let read = akhbar::facts::lines::MAX_LINES * "Baghdad\n".len();
            assert!(facts
                .iter()
                .all(|f| f["end"].as_u64().unwrap() <= read as u64));
        }
    }
}

/// `akhbar render` on 16 MiB files no article resembles: millions of one-word lines, and
/// random letters with a line end every so often. Under a 1 GiB address-space limit (the
/// one-word lines took 3.9 GB before the cut), each renders the first part of the page, the
/// part an article can be, and says in one line on stderr where it cut.
#[test]
fn render_on_16_mib_of_hostile_text_reads_a_bounded_part() {
    use akhbar::ingest::{MAX_ARTICLE_BYTES, MAX_ARTICLE_LINES};
    let dir = tempfile::tempdir().unwrap();
    let size = 16 * 1024 * 1024 - 64;
    let mut tiny = "Baghdad\n".repeat(size / 8);
    tiny.truncate(size);
    let line = "The minister said growth reached 5 percent in Baghdad today.";
    let mut long = String::new();
    let mut i = 0usize;
    while long.len() < size {
        long.push_str(line);
        // A line end after every 1 to 7 sentences: far fewer lines than the line cap.
        i += 1;
        long.push(if i % (1 + i % 7) == 0 { '\n' } else { ' ' });
    }
    for (name, text, limit) in [
        ("tiny.txt", tiny, "20,000 lines"),
        ("long.txt", long, "1 MiB"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let mut cmd = akhbar(&["render", "--width", "80", path.to_str().unwrap()]);
        limit_address_space(&mut cmd);
        let shown = dir.path().join(format!("{name}.out"));
        cmd.stdout(std::fs::File::create(&shown).unwrap());
        // Not a timing: a guard against a hang, wide enough for a debug build.
        let out = finish_within(cmd.spawn().unwrap(), Duration::from_secs(180));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains(&format!("read up to {limit} of its {} bytes", text.len())),
            "{name}: {err}"
        );
        let shown = std::fs::read_to_string(&shown).unwrap();
        // What is shown is the start of the page and no more than the cut allows.
        let words = |s: &str| s.split_whitespace().filter(|w| *w == "Baghdad").count();
        let kept = &text[..MAX_ARTICLE_BYTES];
        assert!(words(&shown) > 0 && words(&shown) <= words(kept), "{name}");
        if name == "tiny.txt" {
            assert!(words(&shown) <= MAX_ARTICLE_LINES, "{name}");
        }
    }
}
