//! Replays the fuzzers' corpus on stable: every file in `fuzz/corpus/NAME/` (and any kept
//! crash input in `fuzz/artifacts/NAME/`) goes through the same `akhbar::fuzzing` function
//! the fuzz target `NAME` calls. A panic on any of them fails the test, naming the file.

use std::fs;
use std::panic;
use std::path::Path;

use akhbar::fuzzing::TARGETS;

#[test]
fn every_corpus_input_runs_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, run) in TARGETS {
        let mut files = Vec::new();
        for dir in ["corpus", "artifacts"] {
            let Ok(entries) = fs::read_dir(root.join(dir).join(name)) else {
                continue;
            };
            for e in entries.flatten() {
                if e.path().is_file() {
                    files.push(e.path());
                }
            }
        }
        if files.is_empty() {
            failures.push(format!("{name}: no corpus in fuzz/corpus/{name}"));
        }
        files.sort();
        for path in files {
            let bytes = fs::read(&path).unwrap();
            total += 1;
            if panic::catch_unwind(|| run(&bytes)).is_err() {
                failures.push(format!("{name}: {} panics", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(total > 0);
}
