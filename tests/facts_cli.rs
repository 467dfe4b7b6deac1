//! `akhbar facts` on hostile input: valid JSON or one clear line and exit 2, never a panic.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .output()
        .expect("run akhbar")
}

fn json_facts(path: &std::path::Path) -> serde_json::Value {
    let out = run(&[
        "facts",
        "--json",
        "--date",
        "2024-08-18",
        path.to_str().unwrap_or(""),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn hostile_files_give_valid_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Empty input and NUL bytes (binary) are refused, like every command refuses them.
    let nuls = b"a\x00b".repeat(400);
    for (name, bytes) in [("empty.txt", &b""[..]), ("nul.txt", &nuls[..])] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = run(&["facts", "--json", path.to_str().unwrap_or("")]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "controls.txt",
            b"\x01\x1b[2J \xd8\xa8\xd9\x88\xd8\xaa\xd9\x8a\xd9\x86 \x7f\r\n\xff\xfe".to_vec(),
        ),
        (
            "long.txt",
            "وصل بوتين إلى باكو في 6 أغسطس، “قال الرئيس كلامًا” "
                .repeat(20_000)
                .into_bytes(),
        ),
        ("quotes.txt", "“".repeat(50_000).into_bytes()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let v = json_facts(&path);
        let n = String::from_utf8_lossy(&bytes).chars().count() as u64;
        for f in v["facts"].as_array().expect("facts list") {
            let (s, e) = (
                f["start"].as_u64().unwrap_or(0),
                f["end"].as_u64().unwrap_or(0),
            );
            assert!(s < e && e <= n, "{name}: {f}");
        }
    }
}

#[test]
fn offsets_are_chars_into_the_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "عنوان\n\nوصل بوتين غدًا").expect("write");
    let v = json_facts(&path);
    let date = v["facts"]
        .as_array()
        .and_then(|l| l.iter().find(|f| f["kind"] == "date"))
        .cloned()
        .expect("a date");
    assert_eq!(date["start"], 17);
    assert_eq!(date["value"], "2024-08-19");
}

#[test]
fn bad_arguments_are_one_line_and_exit_2() {
    let out = run(&["facts", "--json", "/nonexistent/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "text").expect("write");
    let out = run(&["facts", "--date", "18/08/2024", path.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date"));
}
