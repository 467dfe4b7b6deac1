//! Who may use whom (ARCHITECTURE.md): only `ui` and `main.rs` touch the terminal crates; the
//! runtime (tokio) is theirs and `net`'s, which fetches feeds but never sees the terminal;
//! `text` uses nothing else of ours. A scan of `src/` keeps that true.

use std::path::{Path, PathBuf};

const TERMINAL_CRATES: [&str; 3] = ["ratatui", "crossterm", "tui_textarea"];
const RUNTIME_CRATE: &str = "tokio";

/// Whether a file (relative to `src/`) is part of the terminal layer.
fn is_terminal_layer(path: &str) -> bool {
    path.starts_with("ui/") || path == "main.rs"
}

/// Whether a file (relative to `src/`) may run on the runtime.
fn may_use_runtime(path: &str) -> bool {
    is_terminal_layer(path) || path.starts_with("net/")
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `src/`, as (path relative to `src/` with `/` separators, text).
fn sources() -> Vec<(String, String)> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let text = code_only(&std::fs::read_to_string(&p).unwrap());
            (rel, text)
        })
        .collect()
}

/// The text with comments blanked out (line count kept), so that docs may name the crates a
/// module stays away from. String literals are kept: `"//"` inside one only hides the rest of
/// its line, which errs toward fewer findings, never false ones.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = 0usize;
    for line in text.lines() {
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_block > 0 {
                match (rest.find("/*"), rest.find("*/")) {
                    (Some(o), Some(c)) if o < c => {
                        in_block += 1;
                        rest = &rest[o + 2..];
                    }
                    (_, Some(c)) => {
                        in_block -= 1;
                        rest = &rest[c + 2..];
                    }
                    _ => break,
                }
            } else {
                match (rest.find("//"), rest.find("/*")) {
                    (Some(l), b) if b.is_none_or(|b| l < b) => {
                        kept.push_str(&rest[..l]);
                        break;
                    }
                    (_, Some(b)) => {
                        kept.push_str(&rest[..b]);
                        in_block += 1;
                        rest = &rest[b + 2..];
                    }
                    _ => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// Whether `word` occurs in `text` as a whole identifier (not inside a longer one).
fn mentions(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).find_map(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let whole = !before.is_some_and(is_ident) && !after.is_some_and(is_ident);
        whole.then(|| text[..i].lines().count().max(1))
    })
}

#[test]
fn the_scan_finds_the_source_tree() {
    let files: Vec<String> = sources().into_iter().map(|(p, _)| p).collect();
    for expected in [
        "lib.rs",
        "main.rs",
        "model.rs",
        "ingest/mod.rs",
        "net/mod.rs",
        "text/mod.rs",
        "ui/mod.rs",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} not found in {files:?}"
        );
    }
    // The scan itself can see a mention: ui uses ratatui.
    let ui = sources()
        .into_iter()
        .filter(|(p, _)| p.starts_with("ui/"))
        .any(|(_, t)| mentions(&t, "ratatui").is_some());
    assert!(ui, "no ui file mentions ratatui: the scan is broken");
    // And net's allowance is not idle: it does use tokio.
    let net = sources()
        .into_iter()
        .filter(|(p, _)| p.starts_with("net/"))
        .any(|(_, t)| mentions(&t, RUNTIME_CRATE).is_some());
    assert!(net, "no net file mentions tokio: the scan is broken");
}

#[test]
fn only_ui_and_main_use_terminal_crates() {
    let mut offences = Vec::new();
    for (path, text) in sources() {
        if is_terminal_layer(&path) {
            continue;
        }
        for krate in TERMINAL_CRATES {
            if let Some(line) = mentions(&text, krate) {
                offences.push(format!("src/{path}:{line} mentions {krate}"));
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn only_ui_main_and_net_use_the_runtime() {
    let mut offences = Vec::new();
    for (path, text) in sources() {
        if may_use_runtime(&path) {
            continue;
        }
        if let Some(line) = mentions(&text, RUNTIME_CRATE) {
            offences.push(format!("src/{path}:{line} mentions {RUNTIME_CRATE}"));
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn the_allowances_are_as_narrow_as_stated() {
    assert!(is_terminal_layer("ui/mod.rs") && is_terminal_layer("main.rs"));
    assert!(!is_terminal_layer("net/mod.rs") && !is_terminal_layer("ingest/mod.rs"));
    assert!(may_use_runtime("net/mod.rs") && may_use_runtime("net/retry.rs"));
    for core in [
        "model.rs",
        "ingest/mod.rs",
        "text/mod.rs",
        "search/mod.rs",
        "lib.rs",
    ] {
        assert!(!may_use_runtime(core), "{core}");
    }
}

#[test]
fn text_uses_nothing_else_of_ours() {
    let mut offences = Vec::new();
    for (path, text) in sources() {
        if !path.starts_with("text/") {
            continue;
        }
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if module != "text" {
                let line = text[..i].lines().count().max(1);
                offences.push(format!("src/{path}:{line} uses crate::{module}"));
            }
        }
        // `super::super::` would reach outside text/ just as well.
        if let Some(line) = text
            .lines()
            .position(|l| l.contains("super::super::") && path.matches('/').count() < 2)
        {
            offences.push(format!("src/{path}:{} reaches above text/", line + 1));
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn comments_are_not_code() {
    let t = code_only("//! uses no ratatui\nuse a; // not tokio\n/* crossterm\n more */ let x;\n");
    assert_eq!(t, "\nuse a; \n\n let x;\n");
    assert!(mentions(&t, "ratatui").is_none() && mentions(&t, "crossterm").is_none());
}

#[test]
fn mentions_is_whole_word() {
    assert!(mentions("use ratatui::Frame;", "ratatui").is_some());
    assert!(mentions("x\nuse tokio;", "tokio").is_some_and(|l| l == 2));
    assert!(mentions("my_tokio_thing", "tokio").is_none());
    assert!(mentions("ratatuix", "ratatui").is_none());
}

/// The modules of ours a file names by `crate::NAME` (the first segment after `crate::`).
fn crate_uses(text: &str) -> Vec<(String, usize)> {
    text.match_indices("crate::")
        .map(|(i, _)| {
            let module: String = text[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (module, text[..i].lines().count().max(1))
        })
        .collect()
}

#[test]
fn facts_and_search_never_use_the_store_and_the_store_never_uses_facts() {
    let rules: [(&str, &[&str]); 3] = [
        ("facts/", &["store", "ui", "search"]),
        ("search/", &["store", "ui", "facts"]),
        ("store/", &["facts", "ui", "search"]),
    ];
    let mut offences = Vec::new();
    for (path, text) in sources() {
        for (prefix, banned) in rules {
            if !path.starts_with(prefix) {
                continue;
            }
            for (module, line) in crate_uses(&text) {
                if banned.contains(&module.as_str()) {
                    offences.push(format!("src/{path}:{line} uses crate::{module}"));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The files of `ui/` that each file of `ui/` names, as edges between top-level modules
/// (`ui/app.rs` and `ui/app/*.rs` are both `app`).
fn ui_module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("ui/")?;
    let first = rest.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn the_modules_of_ui_import_each_other_in_no_circle() {
    use std::collections::{BTreeMap, BTreeSet};
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules: BTreeSet<String> = sources()
        .iter()
        .filter_map(|(p, _)| ui_module_of(p))
        .filter(|m| m != "mod")
        .collect();
    for (path, text) in sources() {
        let Some(from) = ui_module_of(&path) else {
            continue;
        };
        if from == "mod" {
            continue; // the module list names every module
        }
        // Sibling modules are reached as `crate::ui::NAME`, or `super::NAME` from a top file.
        let top_file = path.matches('/').count() == 1;
        for to in &modules {
            let named = text.contains(&format!("crate::ui::{to}::"))
                || text.contains(&format!("crate::ui::{to};"))
                || (top_file && text.contains(&format!("super::{to}::")))
                || (top_file && text.contains(&format!("super::{to};")))
                || (top_file && text.contains(&format!("super::{{{to}")));
            if named && *to != from {
                edges.entry(from.clone()).or_default().insert(to.clone());
            }
        }
    }
    assert!(
        edges.get("worker").is_some_and(|e| e.contains("app")),
        "the scan sees worker -> app: {edges:?}"
    );
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!("a circle in ui/: {}", cycle.join(" -> "));
        }
    }
}
