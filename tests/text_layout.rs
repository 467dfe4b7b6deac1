//! Golden tests of the text layer against the reference layout of `bidi-oracle` (GNU FriBidi,
//! python arabic-reshaper). The references are stored in `tests/golden/render/` (regenerate
//! with `sh tests/golden/render/regen.sh`), so this runs without Python or FriBidi; when the
//! oracle is installed, our JSON is also checked by it directly.
//!
//! Inputs: the seed article and every `*.txt` in `tests/golden/render/` (copies of the
//! oracle's example inputs: `mixed.txt`, `context.txt`, ...), each at every width of
//! [`WIDTHS`], shaped and unshaped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use akhbar::text::{first_strong_direction, layout, render_json, Dir, LayoutOptions, VisualLine};
use serde_json::Value;

const WIDTHS: [usize; 5] = [20, 40, 60, 80, 120];
const SEED: &str = "seeds/000_58f7478ab411ec6c.txt";
const GOLDEN_DIR: &str = "tests/golden/render";
/// Where the oracle's example inputs come from (only used to check our copies are current).
const EXAMPLES_DIR: &str = "/work/shared/tools/examples";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn load_json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// Whether a file name in the examples folder is an input text (not a reference output
/// such as `seed-w60.txt` or `context-w30.txt`).
fn is_input_text(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".txt") else {
        return false;
    };
    !stem.split('-').any(|part| {
        part.len() > 1 && part.starts_with('w') && part[1..].bytes().all(|b| b.is_ascii_digit())
    })
}

/// Every input with a golden stem: ("seed", seed path), then each `*.txt` of the golden
/// folder in name order ("mixed", "tests/golden/render/mixed.txt"), ...
fn inputs() -> Vec<(String, String)> {
    let mut texts: Vec<String> = std::fs::read_dir(repo(GOLDEN_DIR))
        .expect("golden folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| is_input_text(name))
        .collect();
    texts.sort();
    let mut out = vec![("seed".to_owned(), SEED.to_owned())];
    for name in texts {
        let stem = name.trim_end_matches(".txt").to_owned();
        out.push((stem, format!("{GOLDEN_DIR}/{name}")));
    }
    out
}

/// Paragraphs of a text file the way `bidi-oracle --para newline` splits them.
fn paragraphs(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ");
    let text = text.strip_suffix('\n').unwrap_or(&text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|l| l.trim_matches(' ').to_owned())
        .collect()
}

fn options(width: usize, shaped: bool) -> LayoutOptions {
    let mut opts = LayoutOptions::new(width);
    opts.shaping = shaped;
    opts
}

fn golden_name(stem: &str, width: usize, shaped: bool) -> String {
    let suffix = if shaped { "-shaped" } else { "" };
    format!("{GOLDEN_DIR}/{stem}-w{width}{suffix}.json")
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Compare our layout of every paragraph with one golden file, line by line (logical text,
/// visual text with its padding, direction); returns the differences.
fn compare_with_golden(stem: &str, input: &str, width: usize, shaped: bool) -> Vec<String> {
    let name = golden_name(stem, width, shaped);
    let golden = load_json(&name);
    let paras = paragraphs(&read(input));
    let stored: Vec<String> = golden["paragraphs"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        stored, paras,
        "{name} is stale: its paragraphs differ from {input}; run regen.sh"
    );
    assert_eq!(golden["shaped"].as_bool(), Some(shaped), "{name}");
    assert_eq!(golden["width"].as_u64(), Some(width as u64), "{name}");
    let opts = options(width, shaped);
    let golden_lines = golden["lines"].as_array().cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut ours_total = 0;
    for (k, para) in paras.iter().enumerate() {
        let expected: Vec<&Value> = golden_lines
            .iter()
            .filter(|l| l["para"].as_u64() == Some(k as u64))
            .collect();
        let ours = layout(para, &opts);
        ours_total += ours.len();
        if ours.len() != expected.len() {
            problems.push(format!(
                "{name} para {k}: {} lines, expected {}",
                ours.len(),
                expected.len()
            ));
        }
        for (i, (line, exp)) in ours.iter().zip(&expected).enumerate() {
            let logical = para.get(line.logical.clone()).unwrap_or_default();
            let visual = line.padded_text();
            if logical != str_at(exp, "logical") || visual != str_at(exp, "visual") {
                problems.push(format!(
                    "{name} para {k} line {i}:\n  logical  {logical:?}\n  expected {:?}\n  visual   {visual:?}\n  expected {:?}",
                    str_at(exp, "logical"),
                    str_at(exp, "visual")
                ));
            }
            if line.rtl != exp["rtl"].as_bool().unwrap_or(!line.rtl) {
                problems.push(format!("{name} para {k} line {i}: rtl={}", line.rtl));
            }
        }
    }
    if ours_total != golden_lines.len() {
        problems.push(format!(
            "{name}: {ours_total} lines in all, expected {}",
            golden_lines.len()
        ));
    }
    problems
}

#[test]
fn every_input_has_its_goldens() {
    let inputs = inputs();
    let stems: Vec<&str> = inputs.iter().map(|(s, _)| s.as_str()).collect();
    for needed in ["seed", "mixed", "context"] {
        assert!(stems.contains(&needed), "no {needed} input in {GOLDEN_DIR}");
    }
    for (stem, _) in &inputs {
        for width in WIDTHS {
            for shaped in [false, true] {
                let name = golden_name(stem, width, shaped);
                assert!(repo(&name).is_file(), "{name} missing; run regen.sh");
            }
        }
    }
}

/// Our copies of the oracle's example inputs must be the current ones (and none missing).
#[test]
fn golden_inputs_are_the_oracle_examples() {
    let Ok(entries) = std::fs::read_dir(EXAMPLES_DIR) else {
        println!("note: {EXAMPLES_DIR} not available; copies of the example inputs not compared");
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_input_text(&name) {
            continue;
        }
        let ours = std::fs::read(repo(&format!("{GOLDEN_DIR}/{name}"))).unwrap_or_else(|_| {
            panic!("{name} of {EXAMPLES_DIR} has no copy in {GOLDEN_DIR}; run regen.sh")
        });
        let theirs = std::fs::read(entry.path()).expect("read example");
        assert!(
            ours == theirs,
            "{GOLDEN_DIR}/{name} differs from {EXAMPLES_DIR}/{name}; run regen.sh"
        );
    }
}

#[test]
fn input_names_are_told_from_reference_outputs() {
    assert!(is_input_text("mixed.txt"));
    assert!(is_input_text("context.txt"));
    assert!(is_input_text("two-words.txt"));
    assert!(!is_input_text("seed-w60.txt"));
    assert!(!is_input_text("seed-w60-shaped.txt"));
    assert!(!is_input_text("context-w30.txt"));
    assert!(!is_input_text("mixed-w40.json"));
}

#[test]
fn layout_matches_fribidi_golden_files() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for (stem, input) in inputs() {
        for width in WIDTHS {
            for shaped in [false, true] {
                problems.extend(compare_with_golden(&stem, &input, width, shaped));
                compared += 1;
            }
        }
    }
    assert!(compared >= 30, "only {compared} golden files compared");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- mistake detectors

const HARAKAT: std::ops::RangeInclusive<char> = '\u{064B}'..='\u{065F}';
const BRACKETS: &[(char, char)] = &[
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('«', '»'),
    ('<', '>'),
    ('‹', '›'),
];

fn is_mark(c: char) -> bool {
    HARAKAT.contains(&c) || c == '\u{0670}'
}

fn mirrored(c: char) -> Option<char> {
    BRACKETS
        .iter()
        .find_map(|&(a, b)| (c == a).then_some(b).or((c == b).then_some(a)))
}

/// (base, mark) pairs: each haraka with the letter it is written on.
fn mark_pairs(s: &str) -> HashSet<(char, char)> {
    let mut out = HashSet::new();
    let mut base = None;
    for c in s.chars() {
        if is_mark(c) {
            out.insert((base.unwrap_or(' '), c));
        } else {
            base = Some(c);
        }
    }
    out
}

fn digit_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit() && !('٠'..='٩').contains(&c))
        .filter(|r| r.chars().count() > 1)
        .map(str::to_owned)
        .collect()
}

/// The mistakes of `examples/bad-w40.json`, found without a bidi engine, in a JSON contract
/// document. `marks` enables the harakat check (only meaningful unshaped).
fn mistakes(doc: &Value, marks: bool) -> Vec<String> {
    let width = doc["width"].as_u64().unwrap_or(0) as usize;
    let paras: Vec<&str> = doc["paragraphs"]
        .as_array()
        .map(|a| a.iter().map(|p| p.as_str().unwrap_or_default()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut rtl_of_para = std::collections::HashMap::new();
    for (i, line) in doc["lines"].as_array().into_iter().flatten().enumerate() {
        let (logical, visual) = (str_at(line, "logical"), str_at(line, "visual"));
        let rtl = line["rtl"].as_bool().unwrap_or(false);
        let para = line["para"].as_u64().unwrap_or(0) as usize;
        let text = visual.trim_matches(' ');
        if akhbar::text::width_cells(visual) > width {
            out.push(format!("width: line {i} too wide: {visual:?}"));
        }
        let (lead, trail) = (
            visual.len() - visual.trim_start_matches(' ').len(),
            visual.len() - visual.trim_end_matches(' ').len(),
        );
        if (rtl && (trail > 0 || (lead > 0 && akhbar::text::width_cells(visual) != width)))
            || (!rtl && lead > 0)
        {
            out.push(format!("align: line {i}: {visual:?}"));
        }
        let auto =
            first_strong_direction(paras.get(para).copied().unwrap_or_default()) == Some(Dir::Rtl);
        if *rtl_of_para.entry(para).or_insert(rtl) != rtl || rtl != auto {
            out.push(format!("base-direction: line {i}"));
        }
        if let Some(run) = digit_runs(logical)
            .into_iter()
            .find(|r| !text.contains(r.as_str()))
        {
            out.push(format!("digits: line {i}: {run} reversed in {text:?}"));
        }
        if marks && !mark_pairs(text).is_subset(&mark_pairs(logical)) {
            out.push(format!("marks: line {i}: harakat moved in {text:?}"));
        }
        if rtl {
            // Read right to left, with mirrored glyphs read back, brackets come in logical order.
            let read_back: String = text.chars().rev().filter_map(mirrored).collect();
            let logical_brackets: String =
                logical.chars().filter(|&c| mirrored(c).is_some()).collect();
            if read_back != logical_brackets {
                out.push(format!("mirroring: line {i}: {text:?}"));
            }
        }
    }
    out
}

/// Mistakes seen through our own pieces: a haraka opening a piece or following a space (L3
/// broken), brackets of a reversed piece not mirrored (L4).
fn piece_mistakes(para: &str, lines: &[VisualLine]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        for p in &line.pieces {
            let starts_with_mark = p.text.chars().next().is_some_and(is_mark);
            if starts_with_mark || p.text.contains(" \u{064B}") || p.text.contains(" \u{064E}") {
                out.push(format!("L3: {:?}", p.text));
            }
            let logical = para.get(p.logical.clone()).unwrap_or_default();
            let mut expected: Vec<char> =
                logical.chars().filter(|&c| mirrored(c).is_some()).collect();
            if p.rtl {
                expected = expected.into_iter().rev().filter_map(mirrored).collect();
            }
            let drawn: Vec<char> = p.text.chars().filter(|&c| mirrored(c).is_some()).collect();
            if drawn != expected {
                out.push(format!("L4: {:?} from {logical:?}", p.text));
            }
        }
    }
    out
}

#[test]
fn detectors_catch_the_bad_example() {
    let bad = load_json("tests/golden/render/bad-w40.json");
    let found = mistakes(&bad, true).join("\n");
    for kind in [
        "width:",
        "align:",
        "base-direction:",
        "digits:",
        "marks:",
        "mirroring:",
    ] {
        assert!(
            found.contains(kind),
            "the {kind} detector missed bad-w40.json:\n{found}"
        );
    }
}

#[test]
fn no_bad_example_mistakes_in_our_output() {
    let mut problems = Vec::new();
    for (_, input) in inputs() {
        let paras = paragraphs(&read(&input));
        for width in WIDTHS {
            for shaped in [false, true] {
                let opts = options(width, shaped);
                let doc = render_json(&paras, &opts);
                problems.extend(
                    mistakes(&doc, !shaped)
                        .into_iter()
                        .map(|m| format!("{input} w{width} shaped={shaped}: {m}")),
                );
                for para in &paras {
                    problems.extend(piece_mistakes(para, &layout(para, &opts)));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------- the oracle itself

/// The oracle command, if it and its dependencies (libfribidi, python arabic_reshaper) exist.
fn oracle() -> Option<PathBuf> {
    let path = std::env::var_os("AKHBAR_BIDI_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/tools/bidi-oracle"));
    let ok = |cmd: &mut Command| cmd.output().map(|o| o.status.success()).unwrap_or(false);
    let ready = path.is_file()
        && ok(Command::new("fribidi").arg("--version"))
        && ok(Command::new("python3").args(["-c", "import arabic_reshaper"]));
    ready.then_some(path)
}

/// `bidi-oracle --check --strict-wrap --all-paragraphs --source INPUT` on our JSON for every
/// input, width and shaping; prints one verdict line per case (`cargo test -- --nocapture`).
#[test]
fn oracle_check_passes_on_our_json() {
    let Some(oracle) = oracle() else {
        println!("note: bidi-oracle, fribidi or python arabic_reshaper not available; oracle check skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let check = |stem: &str, input: &str, width: usize, shaped: bool| -> Result<String, String> {
        let paras = paragraphs(&read(input));
        let json = render_json(&paras, &options(width, shaped));
        let file = dir.path().join(format!("{stem}-w{width}-{shaped}.json"));
        std::fs::write(&file, json.to_string()).expect("write json");
        let out = Command::new("python3")
            .arg(&oracle)
            .arg("--check")
            .arg(&file)
            .arg("--source")
            .arg(repo(input))
            .args(["--strict-wrap", "--all-paragraphs"])
            .output()
            .expect("run bidi-oracle");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let verdict = stdout.lines().last().unwrap_or_default().to_owned();
        let case = format!(
            "{stem} w{width} {}",
            if shaped { "shaped" } else { "unshaped" }
        );
        if out.status.success() {
            Ok(format!("{case}: {verdict}"))
        } else {
            Err(format!(
                "{case}:\n{stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    let inputs = inputs();
    // One thread per input: the oracle is a Python process per case.
    let results: Vec<Result<String, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .iter()
            .map(|(stem, input)| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    for width in WIDTHS {
                        for shaped in [false, true] {
                            out.push(check(stem, input, width, shaped));
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("oracle thread"))
            .collect()
    });
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(line) => println!("{line}"),
            Err(problem) => failures.push(problem),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
