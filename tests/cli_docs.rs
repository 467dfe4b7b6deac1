//! The command line's own documentation, checked against the binary: the man page names
//! every command, completions come for bash, zsh and fish, each JSON field that `--help`
//! documents is in the real output (and each one printed is documented), one OPML export,
//! and `akhbar list` marks a starred unread article with both marks.

use akhbar::store::{Change, Location, Op, Store, View};
use clap::CommandFactory;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn akhbar(args: &[&str], store: &str) -> Output {
    let home = std::env::temp_dir().join("akhbar-cli-docs-no-home");
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("XDG_DATA_HOME")
        .env("AKHBAR_STORE", store)
        .output()
        .expect("running akhbar")
}

fn text(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

#[test]
fn the_man_page_names_every_command() {
    let out = akhbar(&["man"], ":memory:");
    assert!(out.status.success());
    let page = text(&out);
    assert!(
        page.starts_with(".ie") || page.contains(".TH"),
        "roff: {page}"
    );
    let cli = akhbar::cli::Cli::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    assert!(names.len() >= 14, "{names:?}");
    for name in names {
        // roff escapes the hyphen.
        let escaped = name.replace('-', "\\-");
        assert!(
            page.contains(&format!("akhbar\\-{escaped}")),
            "the man page does not name {name}"
        );
    }
    assert!(!page.contains('\x1b'));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let out = akhbar(&["completions", shell], ":memory:");
        assert!(out.status.success(), "{shell}");
        let script = text(&out);
        for sub in ["export-opml", "import-newsboat", "completions", "man"] {
            assert!(script.contains(sub), "{shell} completes {sub}");
        }
    }
    let bad = akhbar(&["completions", "tcsh"], ":memory:");
    assert_eq!(bad.status.code(), Some(2));
}

/// The field names a `--help` text lists after `marker`, up to `end` (the next option).
fn documented(help: &str, marker: &str, end: &str) -> Vec<String> {
    const PROSE: [&str; 11] = [
        "or", "null", "and", "the", "matched", "byte", "ranges", "of", "first", "body", "match",
    ];
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {flat}"))
        + marker.len();
    let rest = &flat[at..];
    let rest = &rest[..rest.find(end).unwrap_or(rest.len())];
    let mut out: Vec<String> = rest
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !PROSE.contains(w))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_documented_json_field_is_printed_and_every_printed_one_documented() {
    let help = text(&akhbar(&["list", "--help"], ":memory:"));
    let fields = documented(&help, "One JSON object per line:", "--theme");
    let out = akhbar(&["list", "--json"], ":memory:");
    let first: serde_json::Value =
        serde_json::from_str(text(&out).lines().next().unwrap()).unwrap();
    let mut printed: Vec<String> = first.as_object().unwrap().keys().cloned().collect();
    printed.sort();
    assert_eq!(fields, printed, "list --help against list --json");

    let help = text(&akhbar(&["search", "--help"], ":memory:"));
    let fields = documented(&help, "One JSON object per line:", "--theme");
    let out = akhbar(&["search", "--json", "بوتين"], ":memory:");
    let first: serde_json::Value =
        serde_json::from_str(text(&out).lines().next().unwrap()).unwrap();
    let mut printed: Vec<String> = first.as_object().unwrap().keys().cloned().collect();
    printed.sort();
    assert_eq!(fields, printed, "search --help against search --json");

    let help = text(&akhbar(&["export", "--help"], ":memory:"));
    let fields = documented(&help, "one object per line:", "Where:");
    let out = akhbar(&["export", "--format", "json"], ":memory:");
    let items: serde_json::Value = serde_json::from_str(&text(&out)).unwrap();
    let mut printed: Vec<String> = items[0].as_object().unwrap().keys().cloned().collect();
    printed.sort();
    assert_eq!(
        fields, printed,
        "export --help against export --format json"
    );

    let help = text(&akhbar(&["facts", "--help"], ":memory:"));
    let flat = help.split_whitespace().collect::<String>();
    let out = akhbar(
        &["facts", "--json", "seeds/000_58f7478ab411ec6c.txt"],
        ":memory:",
    );
    let v: serde_json::Value = serde_json::from_str(&text(&out)).unwrap();
    for (group, items) in v.as_object().unwrap() {
        assert!(flat.contains(&format!("\"{group}\"")), "{group} documented");
        let item = items.as_array().unwrap().first().unwrap();
        for key in item.as_object().unwrap().keys() {
            assert!(
                flat.contains(&format!("\"{key}\"")),
                "{group}.{key} documented"
            );
        }
    }
    assert!(!help.contains("each line is a paragraph"));
}

#[test]
fn one_opml_export() {
    let out = akhbar(&["export", "--format", "opml"], ":memory:");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("akhbar export-opml"), "{err}");
    let help = text(&akhbar(&["export", "--help"], ":memory:"));
    assert!(help.contains("export-opml"));
}

#[test]
fn list_marks_a_starred_unread_article_with_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    {
        let mut store = Store::open(&Location::parse(&path)).unwrap().store;
        let ids = store
            .import(&akhbar::ingest::load_embedded().articles)
            .unwrap()
            .ids;
        store
            .apply(&Change::new(vec![ids[0]], Op::Star(true)))
            .unwrap();
        let starred = store.rows(View::Starred, None, 10).unwrap();
        assert_eq!(starred.len(), 1);
    }
    let out = akhbar(&["list"], path.to_str().unwrap());
    assert!(out.status.success());
    let table = text(&out);
    let both = table.lines().filter(|l| l.starts_with("●★ ")).count();
    let unread_only = table.lines().filter(|l| l.starts_with("●  ")).count();
    assert_eq!((both, unread_only), (1, 9), "{table}");
    let _ = Path::new(&path);
}
