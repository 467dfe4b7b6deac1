//! Golden tests of the text layer against the reference layout of `bidi-oracle` (GNU FriBidi,
//! python arabic-reshaper). The references are stored in `tests/golden/render/` (regenerate
//! with `sh tests/golden/render/regen.sh`), so this runs without Python or FriBidi; when the
//! oracle is installed, our JSON is also checked by it directly.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use akhbar::text::{first_strong_direction, layout, render_json, Dir, LayoutOptions, VisualLine};
use serde_json::Value;

const WIDTHS: [usize; 4] = [20, 40, 60, 80];
const SEED: &str = "seeds/000_58f7478ab411ec6c.txt";
const MIXED: &str = "tests/golden/render/mixed.txt";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn load_json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
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

fn golden_name(input: &str, width: usize, shaped: bool) -> String {
    let stem = if input == SEED { "seed" } else { "mixed" };
    let suffix = if shaped { "-shaped" } else { "" };
    format!("tests/golden/render/{stem}-w{width}{suffix}.json")
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Compare our layout of every paragraph with one golden file; returns the differences.
fn compare_with_golden(input: &str, width: usize, shaped: bool) -> Vec<String> {
    let name = golden_name(input, width, shaped);
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
    let opts = options(width, shaped);
    let mut problems = Vec::new();
    for (k, para) in paras.iter().enumerate() {
        let expected: Vec<&Value> = golden["lines"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|l| l["para"].as_u64() == Some(k as u64))
                    .collect()
            })
            .unwrap_or_default();
        let ours = layout(para, &opts);
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
    problems
}

#[test]
fn layout_matches_fribidi_golden_files() {
    let mut problems = Vec::new();
    for input in [SEED, MIXED] {
        for width in WIDTHS {
            for shaped in [false, true] {
                problems.extend(compare_with_golden(input, width, shaped));
            }
        }
    }
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
    for input in [SEED, MIXED] {
        let paras = paragraphs(&read(input));
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

#[test]
fn oracle_check_passes_on_our_json() {
    let Some(oracle) = oracle() else {
        println!("note: bidi-oracle, fribidi or python arabic_reshaper not available; oracle check skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for input in [SEED, MIXED] {
        let paras = paragraphs(&read(input));
        for width in WIDTHS {
            for shaped in [false, true] {
                let json = render_json(&paras, &options(width, shaped));
                let file = dir.path().join(format!("w{width}-{shaped}.json"));
                std::fs::write(&file, json.to_string()).expect("write json");
                let out = Command::new("python3")
                    .arg(&oracle)
                    .arg("--check")
                    .arg(&file)
                    .args(["--strict-wrap", "--all-paragraphs"])
                    .output()
                    .expect("run bidi-oracle");
                if !out.status.success() {
                    failures.push(format!(
                        "{input} width {width} shaped {shaped}:\n{}",
                        String::from_utf8_lossy(&out.stdout)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
