//! Outside text reaches the terminal only cleaned. The static half: no `println!` or
//! `eprintln!` anywhere in `src/` except the two printers in `src/cmd/mod.rs`, which pass
//! every line through `ingest::sanitize::for_terminal` (the check reads the source, so a new
//! printer that skips the cleaning fails it). The running half: a file name holding escape
//! sequences is printed by the real binary without a single ESC or BEL.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_cleaning_printers_print() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if !(code.contains("println!(") || code.contains("print!(")) {
                continue;
            }
            let printer = file.ends_with("src/cmd/mod.rs")
                && code.contains("ingest::sanitize::for_terminal(line)");
            if !printer {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "print through cmd::print_line / cmd::eprint_line:\n{}",
        found.join("\n")
    );
}

#[test]
fn escape_sequences_in_a_path_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("a\u{1b}]0;pwned\u{7}b\u{1b}[2J.txt");
    for (args, make) in [(vec!["render"], false), (vec!["list"], true)] {
        if make {
            std::fs::write(&hostile, "").unwrap();
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .args(&args)
            .arg(&hostile)
            .env("AKHBAR_STORE", ":memory:")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("ab.txt"),
            "{args:?}: the path is shown, cleaned: {err}"
        );
        assert!(
            !out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07),
            "{args:?}: {err:?}"
        );
    }
}
