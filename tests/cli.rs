//! The command line: `akhbar list` (table and JSON Lines) over the embedded seeds, files,
//! folders and `.jsonl` corpora; `akhbar render --json`; help, version, and the one-line
//! error with exit code 2 for bad arguments and paths.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs akhbar in the repository with a config folder that does not exist and a store in
/// memory, so tests neither see nor touch a real store (nor each other's).
fn akhbar(args: &[&str]) -> Output {
    akhbar_with_store(args, ":memory:")
}

fn akhbar_with_store(args: &[&str], store: &str) -> Output {
    let home = std::env::temp_dir().join("akhbar-cli-test-no-home");
    Command::new(BIN)
        .args(args)
        .current_dir(manifest_dir())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("XDG_DATA_HOME")
        .env("AKHBAR_STORE", store)
        .env_remove("AKHBAR_LOG")
        .output()
        .expect("running akhbar")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const KEYS: [&str; 8] = [
    "id",
    "title",
    "source",
    "date",
    "lang",
    "dir",
    "paragraphs",
    "path",
];

#[test]
fn list_json_prints_one_object_per_seed() {
    let out = akhbar(&["list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 10);
    let embedded = akhbar::ingest::load_embedded().articles;
    // The store lists newest first; match each line to its seed by id.
    for v in &lines {
        let a = embedded
            .iter()
            .find(|a| v["id"] == a.id.0.as_str())
            .unwrap_or_else(|| panic!("no seed for {v}"));
        for k in KEYS {
            assert!(v.get(k).is_some(), "no {k:?} in {v}");
        }
        assert_eq!(v["id"], a.id.0.as_str());
        assert_eq!(v["title"], a.title.as_str());
        assert_eq!(v["source"].as_str(), a.source.as_deref());
        assert_eq!(v["lang"], a.lang.code());
        assert_eq!(v["dir"], a.dir.code());
        assert!(v["paragraphs"].is_u64(), "{v}");
        assert_eq!(v["paragraphs"].as_u64(), Some(a.paragraphs.len() as u64));
        assert_eq!(v["path"], format!("seeds/{}.txt", a.id).as_str());
        match a.date {
            Some(d) => assert_eq!(v["date"], d.to_string().as_str()),
            None => assert!(v["date"].is_null(), "{v}"),
        }
    }
    let undated: Vec<&Value> = lines.iter().filter(|v| v["date"].is_null()).collect();
    assert_eq!(undated.len(), 1);
    assert_eq!(undated[0]["id"], "009_alneyadi-returns-to-earth");
    // Newest first, the undated last; every seed unread in a new store.
    assert_eq!(lines[0]["date"], "2025-01-20");
    assert!(lines[9]["date"].is_null());
    assert!(lines
        .iter()
        .all(|v| v["read"] == false && v["starred"] == false));
}

#[test]
fn list_of_the_seed_file_reads_its_sidecar() {
    let out = akhbar(&["list", "seeds/000_58f7478ab411ec6c.txt", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let v = &lines[0];
    assert_eq!(v["paragraphs"], 14);
    assert_eq!(v["date"], "2024-08-18");
    assert_eq!(v["source"], "العربية الآن");
    assert_eq!(v["dir"], "rtl");
    assert_eq!(v["lang"], "ar");
    assert_eq!(v["path"], "seeds/000_58f7478ab411ec6c.txt");
}

#[test]
fn list_limit_gives_the_first_rows_of_the_full_list() {
    let all = stdout(&akhbar(&["list"]));
    let all: Vec<&str> = all.lines().collect();
    for n in [0, 1, 3, 10, 50] {
        let out = akhbar(&["list", "--limit", &n.to_string()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let got: Vec<&str> = text.lines().collect();
        assert_eq!(got, all[..n.min(all.len())], "--limit {n}");
    }
    let out = akhbar(&["list", "--json", "--limit", "2", "seeds"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
    let out = akhbar(&["list", "--limit", "-1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn list_as_a_table() {
    let out = akhbar(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 10, "{text}");
    // Unread and starred marks, date, language, paragraphs, source, title; newest first.
    assert!(text.lines().all(|l| l.starts_with("● ")), "{text}");
    assert!(text.lines().next().unwrap().starts_with("●  2025-01-20"));
    assert!(
        text.lines().last().unwrap().starts_with("●  no date"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn a_folder_with_bad_files_lists_the_good_ones_and_warns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a_good.txt"),
        "date: 2024-03-01\nsource: Test Wire\n\nA good title\n\nFirst paragraph.\n\nSecond paragraph.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b_empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("c_latin1.txt"),
        b"Caf\xe9 title\n\nA body in Latin-1: na\xefve.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "not an article").unwrap();
    let out = akhbar(&["list", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&out);
    let ids: Vec<&str> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a_good", "c_latin1"]);
    assert_eq!(lines[0]["title"], "A good title");
    assert_eq!(lines[0]["date"], "2024-03-01");
    assert_eq!(lines[0]["source"], "Test Wire");
    assert_eq!(lines[0]["paragraphs"], 2);
    assert_eq!(lines[1]["title"], "Caf\u{FFFD} title");

    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().collect();
    assert!(
        warnings
            .iter()
            .any(|l| l.contains("b_empty.txt") && l.contains("empty")),
        "{err}"
    );
    assert!(
        warnings
            .iter()
            .any(|l| l.contains("c_latin1.txt") && l.contains("UTF-8")),
        "{err}"
    );
    assert!(
        warnings.iter().all(|l| l.starts_with("akhbar: warning:")),
        "{err}"
    );
    assert!(!err.contains("notes.md"), "{err}");
}

#[test]
fn a_jsonl_corpus_loads_and_names_the_broken_line() {
    let path = "tests/fixtures/corpus/three.jsonl";
    let out = akhbar(&["list", "--json", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    let ids: Vec<&str> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-001", "c-002", "c-003"]);
    assert_eq!(lines[0]["date"], "2023-05-04");
    assert_eq!(lines[0]["title"], "مجلس الوزراء يقر موازنة العام المقبل");
    assert_eq!(lines[0]["dir"], "rtl");
    assert_eq!(lines[0]["paragraphs"], 2);
    assert_eq!(lines[1]["lang"], "en");
    assert_eq!(lines[1]["dir"], "ltr");
    assert_eq!(lines[1]["paragraphs"], 3);
    assert_eq!(lines[2]["source"], "قناة الوطن");
    for v in &lines {
        assert_eq!(v["path"], path);
    }
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("three.jsonl:4"), "{err}");
}

#[test]
fn version_and_help_succeed() {
    let out = akhbar(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        stdout(&out)
    );
    let out = akhbar(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for word in ["list", "render", "PATH", "--theme"] {
        assert!(help.contains(word), "help lacks {word}: {help}");
    }
    let out = akhbar(&["list", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("--json"));
}

#[test]
fn a_bad_flag_exits_2() {
    let out = akhbar(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--bogus"));
    assert!(out.stdout.is_empty());
    let out = akhbar(&["render", "--width", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_missing_path_exits_2_with_one_line() {
    let out = akhbar(&["list", "/nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("akhbar:"), "{err}");
    assert!(err.contains("/nope"), "{err}");
    assert!(out.stdout.is_empty());

    // A folder with no article in it at all is an error too.
    let dir = tempfile::tempdir().unwrap();
    let out = akhbar(&["list", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let last = stderr(&out);
    assert!(
        last.lines().last().unwrap().starts_with("akhbar:"),
        "{last}"
    );
}

#[test]
fn the_dashboard_refuses_a_pipe_with_exit_2() {
    // stdout is a pipe here, not a terminal.
    let out = akhbar(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("akhbar:"), "{err}");
}

fn render_json(args: &[&str]) -> Value {
    let out = akhbar(args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("render --json prints JSON")
}

#[test]
fn render_json_fits_the_width() {
    let v = render_json(&["render", "--width", "40", "--json"]);
    assert_eq!(v["width"], 40);
    let lines = v["lines"].as_array().expect("lines");
    assert!(!lines.is_empty());
    let paragraphs = v["paragraphs"].as_array().expect("paragraphs");
    // The title, the meta line (as the reader shows them), then the seed's 14 paragraphs.
    assert_eq!(paragraphs.len(), 16, "{paragraphs:?}");
    assert_eq!(
        paragraphs[0],
        "زيارة بوتين إلى أذربيجان: تعزيز العلاقات والتعاون بين البلدين"
    );
    for line in lines {
        let logical = line["logical"].as_str().expect("logical");
        let visual = line["visual"].as_str().expect("visual");
        assert!(line["rtl"].is_boolean(), "{line}");
        assert!(!logical.is_empty());
        let w = akhbar::text::width_cells(visual);
        assert!(w <= 40, "{w} cells: {visual:?}");
        let para = line["para"].as_u64().expect("para") as usize;
        assert!(paragraphs[para].as_str().unwrap().contains(logical));
    }
    // Every paragraph of the seed is right to left.
    assert!(lines.iter().all(|l| l["rtl"] == true));

    oracle_check(&v);
}

#[test]
fn render_of_an_english_file_is_left_to_right() {
    let v = render_json(&[
        "render",
        "--width",
        "30",
        "--json",
        "seeds/003_japan-slim-moon-landing.txt",
    ]);
    let lines = v["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["rtl"] == false));
    assert!(lines
        .iter()
        .all(|l| akhbar::text::width_cells(l["visual"].as_str().unwrap()) <= 30));
    oracle_check(&v);
}

#[test]
fn render_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["render", "--width", "24", "--json", "-"])
        .current_dir(manifest_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running akhbar");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "A title from stdin\n\nمرحبا بالعالم في \x1b[31makhbar\x1b[0m اليوم.\n".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["paragraphs"][0], "A title from stdin");
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines[0]["rtl"], false);
    assert!(lines.iter().any(|l| l["rtl"] == true), "{v}");
    assert!(!stdout(&out).contains("\\u001b"), "ESC survived: {v}");
    for l in lines {
        assert!(akhbar::text::width_cells(l["visual"].as_str().unwrap()) <= 24);
    }
    oracle_check(&v);
}

/// `bidi-oracle --check --strict-wrap` on our JSON, when the oracle and what it needs exist.
fn oracle_check(v: &Value) {
    let oracle = manifest_dir().join("../shared/tools/bidi-oracle");
    let have = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !oracle.exists()
        || !have("fribidi", &["--version"])
        || !have("python3", &["-c", "import arabic_reshaper"])
    {
        println!(
            "note: bidi-oracle, fribidi or python arabic_reshaper missing; oracle check skipped"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("out.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let out = Command::new(&oracle)
        .arg("--check")
        .arg(&file)
        .arg("--strict-wrap")
        .output()
        .expect("running bidi-oracle");
    assert_eq!(
        out.status.code(),
        Some(0),
        "bidi-oracle:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `import`, then `list --view`, then `export` in every format, against one store file.
#[test]
fn import_list_and_export_share_one_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    let store = store.to_str().unwrap();
    let corpus = "tests/fixtures/corpus/three.jsonl";
    let out = akhbar_with_store(&["--store", store, "import", corpus], ":memory:");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 articles added"),
        "{}",
        stderr(&out)
    );
    // Again: nothing new.
    let out = akhbar_with_store(&["import", corpus], store);
    assert!(
        stderr(&out).contains("0 articles added, 3 duplicates"),
        "{}",
        stderr(&out)
    );

    let out = akhbar_with_store(&["list", "--view", "unread", "--json"], store);
    assert!(out.status.success(), "{}", stderr(&out));
    // The three imported and the ten seeds (put in by the first command that lists).
    assert_eq!(json_lines(&out).len(), 13);

    let out = akhbar_with_store(&["export", "--format", "json"], store);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let parsed: Vec<Value> = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(a)) => a,
        _ => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    };
    assert_eq!(parsed.len(), 13);
    let out = akhbar_with_store(&["export", "--format", "markdown"], store);
    assert!(stdout(&out).contains("زيارة بوتين إلى أذربيجان"));
    // One OPML export, the subscriptions: an OPML of articles is refused with the way there.
    let out = akhbar_with_store(&["export", "--format", "opml"], store);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("export-opml"), "{}", stderr(&out));
    let out = akhbar_with_store(&["export", "--format", "pdf"], store);
    assert_eq!(out.status.code(), Some(2));
    let out = akhbar_with_store(&["list", "--view", "bogus"], store);
    assert_eq!(out.status.code(), Some(2));
}

/// `akhbar search` ranks with the dashboard's filter: Arabic folded, words in titles and
/// bodies, matches reported as
/// byte ranges of the title, bad queries one line and exit 2.
#[test]
fn search_ranks_like_the_filter() {
    let out = akhbar(&["search", "--json", "اذربيجان"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = json_lines(&out);
    // A plain word matches bodies too (issue 15); the article that has it in its title as
    // well ranks first, and every hit's body snippet holds it.
    assert!(!hits.is_empty(), "{hits:?}");
    assert_eq!(hits[0]["id"], "000_58f7478ab411ec6c");
    for h in &hits {
        let snippet = akhbar::text::fold_for_match(h["snippet"].as_str().unwrap_or("")).text;
        let title = akhbar::text::fold_for_match(h["title"].as_str().unwrap()).text;
        assert!(
            snippet.contains("اذربيجان") || title.contains("اذربيجان"),
            "{h}"
        );
    }
    let title = hits[0]["title"].as_str().unwrap();
    let marked: String = hits[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &title[m[0].as_u64().unwrap() as usize..m[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(
        marked, "أذربيجان",
        "the hamza form in the title is what matched"
    );

    let out = akhbar(&["search", "--limit", "1", "lang:en"]);
    assert_eq!(stdout(&out).lines().count(), 1);
    let out = akhbar(&["search", "is:starred"]);
    assert!(stdout(&out).is_empty(), "nothing is starred in a new store");
    let out = akhbar(&["search", "after:someday"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let out = akhbar(&["search", "SLIM", "tests/fixtures/corpus/three.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // fact: finds articles by the people, places and organizations they mention.
    let out = akhbar(&["search", "--json", "fact:باكو"]);
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"000_58f7478ab411ec6c".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"002_cop29-baku-leaders-summit".to_string()),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|i| i.starts_with("006_")), "{ids:?}");
}

#[test]
fn import_archives_what_an_ignore_rule_matches_and_names_a_bad_rule() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/akhbar");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[[ignore]]\nquery = \"lang:\"\n[[ignore]]\nquery = \"source:coastal\"\n",
    )
    .unwrap();
    let store = dir.path().join("store.db");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(manifest_dir())
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("AKHBAR_STORE", &store)
            .env_remove("AKHBAR_LOG")
            .output()
            .unwrap()
    };
    let out = run(&["import", "tests/fixtures/corpus/three.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("ignore rule 1 \"lang:\""), "{err}");
    assert!(err.contains("3 articles added"), "{err}");
    assert!(err.contains("1 of them archived by ignore rules"), "{err}");
    let out = run(&["list", "--json", "--view", "archived"]);
    let lines = json_lines(&out);
    let sources: Vec<&str> = lines
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["Coastal Times"]);
}
