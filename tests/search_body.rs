//! `body:` in `akhbar search`: the folded term must occur in the folded body; titles-only
//! queries do not read bodies and are unchanged. Runs the binary on article files with a
//! store in a temp folder, so no real store is touched.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn search(dir: &Path, args: &[&str]) -> Vec<String> {
    let home = dir.join("home");
    let out = Command::new(BIN)
        .arg("search")
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("XDG_DATA_HOME")
        .env("AKHBAR_STORE", dir.join("store.db"))
        .env_remove("AKHBAR_LOG")
        .output()
        .expect("running akhbar");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["title"].as_str().expect("title").to_string()
        })
        .collect()
}

fn articles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        (
            "oil.txt",
            "Oil prices rise in Baku\n\nMinisters spoke of «الخطة الاقتصاديّة» for the region.\n\nA second paragraph on ٢٠٢٤ budgets.\n",
        ),
        (
            "visit.txt",
            "Putin arrives in Baku\n\nA state visit; nothing on money.\n",
        ),
        (
            "summit.txt",
            "قمة في باكو\n\nتحدث الوزراء عن أسعار النفط والاقتصاد.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write article");
    }
    dir
}

#[test]
fn body_terms_match_folded_body_text() {
    let dir = articles();
    let paths = ["oil.txt", "visit.txt", "summit.txt"];
    let run = |q: &str| {
        let mut args = vec![q, "--json"];
        args.extend(paths);
        search(dir.path(), &args)
    };
    // Harakat in the body and ta marbuta fold away: «اقتصاديه» finds «الاقتصاديّة».
    assert_eq!(run("body:اقتصاديه"), ["Oil prices rise in Baku"]);
    // Arabic-Indic digits in the body fold to ASCII.
    assert_eq!(run("body:2024"), ["Oil prices rise in Baku"]);
    // A body term is a substring of the body, in either language.
    assert_eq!(run("body:النفط"), ["قمة في باكو"]);
    assert_eq!(run("body:money"), ["Putin arrives in Baku"]);
    // With a title term, both must hold.
    assert_eq!(run("baku body:visit"), ["Putin arrives in Baku"]);
    assert!(run("putin body:النفط").is_empty());
    // Every body term must occur.
    assert!(run("body:money body:budgets").is_empty());
    // A titles-only query is as before.
    let mut titles = run("baku");
    titles.sort();
    assert_eq!(titles, ["Oil prices rise in Baku", "Putin arrives in Baku"]);
}
