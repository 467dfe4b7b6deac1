//! Scoring the scraped-page reader against pages with their expected reading
//! (`NAME.txt` + `NAME.gold.json`, see tests/fixtures/scraped/README.md): per-line content
//! recall and precision, and titles, dates, sources and authors right. Shared by
//! `tests/scraped_pages.rs` and `examples/scraped_score.rs`.

#![allow(dead_code)]

use akhbar::ingest::explain::{explain_together, Explanation};
use akhbar::ingest::lines::Params;
use akhbar::ingest::page::Verdict;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    pub paragraphs: Vec<String>,
}

/// One page's figures.
#[derive(Debug, Default, Clone)]
pub struct PageScore {
    pub name: String,
    /// Article-text units (lines, or the text part of a line with furniture glued on).
    pub content: usize,
    pub content_kept: usize,
    /// Every unit kept as article text, right or wrong.
    pub kept: usize,
    pub title: bool,
    pub date: bool,
    pub source: bool,
    pub author: bool,
    /// What went wrong, for the report.
    pub notes: Vec<String>,
}

/// Totals over pages.
#[derive(Debug, Default, Clone)]
pub struct Total {
    pub pages: usize,
    pub content: usize,
    pub content_kept: usize,
    pub kept: usize,
    pub titles: usize,
    pub dates: usize,
    pub sources: usize,
    pub authors: usize,
}

impl Total {
    pub fn add(&mut self, p: &PageScore) {
        self.pages += 1;
        self.content += p.content;
        self.content_kept += p.content_kept;
        self.kept += p.kept;
        self.titles += usize::from(p.title);
        self.dates += usize::from(p.date);
        self.sources += usize::from(p.source);
        self.authors += usize::from(p.author);
    }
    pub fn recall(&self) -> f64 {
        ratio(self.content_kept, self.content)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.content_kept, self.kept)
    }
    /// What the rules are chosen by: a dropped line of text costs three kept lines of
    /// furniture; titles, dates and sources count as much as a unit of recall together.
    pub fn objective(&self) -> f64 {
        let n = self.pages.max(1) as f64;
        3.0 * self.recall()
            + self.precision()
            + (self.titles + self.dates + self.sources) as f64 / (3.0 * n)
    }
    pub fn line(&self) -> String {
        format!(
            "pages {:>2}  recall {:.3} ({}/{})  precision {:.3} ({}/{})  titles {}/{}  dates {}/{}  sources {}/{}  authors {}/{}",
            self.pages,
            self.recall(),
            self.content_kept,
            self.content,
            self.precision(),
            self.content_kept,
            self.kept,
            self.titles,
            self.pages,
            self.dates,
            self.pages,
            self.sources,
            self.pages,
            self.authors,
            self.pages
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The pages of a folder: every `NAME.txt` that has a `NAME.gold.json`, sorted.
pub fn pages_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .filter(|p| gold_path(p).exists())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn gold_path(txt: &Path) -> PathBuf {
    txt.with_extension("gold.json")
}

pub fn load_gold(txt: &Path) -> Gold {
    let text = std::fs::read_to_string(gold_path(txt)).expect("gold file");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", gold_path(txt).display()))
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => norm(a).to_lowercase() == norm(b).to_lowercase(),
        (None, None) => true,
        _ => false,
    }
}

/// Reads `pages` together (as loading their folder does) with `params` and scores each.
pub fn score_pages(pages: &[PathBuf], params: Params) -> Vec<PageScore> {
    explain_together(pages, params)
        .into_iter()
        .map(|(path, result)| {
            let gold = load_gold(&path);
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match result {
                Ok(e) => score(&name, &e, &gold),
                Err(err) => PageScore {
                    name,
                    content: gold.paragraphs.len(),
                    notes: vec![format!("did not load: {err}")],
                    ..PageScore::default()
                },
            }
        })
        .collect()
}

/// What the gold says a line is.
enum Label {
    Title,
    Text,
    Furniture,
    /// Text with furniture glued to its end.
    TextThenFurniture,
}

/// Labels the page's lines from the gold paragraphs by walking both in order: a line is text
/// when the rest of the current gold paragraph starts with it.
fn labels(lines: &[String], gold: &Gold) -> Vec<Label> {
    let paras: Vec<String> = gold.paragraphs.iter().map(|p| norm(p)).collect();
    let title = norm(&gold.title);
    let mut title_seen = false;
    let (mut pi, mut off) = (0usize, 0usize);
    let mut out = Vec::with_capacity(lines.len());
    let normed: Vec<String> = lines.iter().map(|l| norm(l)).collect();
    for (li, line) in normed.iter().enumerate() {
        let line = line.clone();
        while pi < paras.len() && off >= paras[pi].len() {
            pi += 1;
            off = 0;
        }
        let rest = paras.get(pi).map(|p| p[off..].trim_start()).unwrap_or("");
        let skipped = paras.get(pi).map_or(0, |p| p[off..].len() - rest.len());
        if !rest.is_empty() && !line.is_empty() {
            // A line that is only the start of the paragraph's rest counts when the next
            // line goes on with it: a masthead can be the first words of a dateline.
            let goes_on = |after: &str| {
                let after = after.trim_start();
                normed[li + 1..]
                    .iter()
                    .find(|l| !l.is_empty())
                    .is_some_and(|next| {
                        after.starts_with(next.as_str())
                            || next.starts_with(after) && next[after.len()..].starts_with(' ')
                    })
            };
            if rest.starts_with(&line)
                && (rest.len() == line.len()
                    || (rest[line.len()..].starts_with(' ') && goes_on(&rest[line.len()..])))
            {
                off += skipped + line.len();
                out.push(Label::Text);
                continue;
            }
            if line.starts_with(rest) && line[rest.len()..].starts_with(' ') {
                off += skipped + rest.len();
                out.push(Label::TextThenFurniture);
                continue;
            }
        }
        if !title_seen && line == title {
            title_seen = true;
            out.push(Label::Title);
        } else {
            out.push(Label::Furniture);
        }
    }
    out
}

pub fn score(name: &str, e: &Explanation, gold: &Gold) -> PageScore {
    let judged = &e.reading.lines;
    let texts: Vec<String> = judged
        .iter()
        .map(|j| match &j.cut {
            Some(cut) => format!("{} {cut}", j.text),
            None => j.text.clone(),
        })
        .collect();
    let labels = labels(&texts, gold);
    let mut s = PageScore {
        name: name.to_string(),
        ..PageScore::default()
    };
    for ((j, label), text) in judged.iter().zip(&labels).zip(&texts) {
        let kept = j.verdict == Verdict::Text;
        let (content_units, furniture_units) = match label {
            Label::Text => (1, 0),
            Label::TextThenFurniture => (1, 1),
            Label::Title | Label::Furniture => (0, 1),
        };
        // A kept line keeps its glued tail unless the reader cut it off.
        let kept_furniture = if kept {
            match label {
                Label::TextThenFurniture => usize::from(j.cut.is_none()),
                _ => furniture_units,
            }
        } else {
            0
        };
        s.content += content_units;
        if kept {
            s.content_kept += content_units;
            s.kept += content_units + kept_furniture;
        }
        if content_units > 0 && !kept {
            s.notes.push(format!("dropped text, line {}: {text}", j.no));
        }
        if kept_furniture > 0 {
            s.notes
                .push(format!("kept furniture, line {}: {text}", j.no));
        }
    }
    let a = &e.article;
    s.title = norm(&a.title) == norm(&gold.title);
    s.date = a.date.map(|d| d.to_string()) == gold.date;
    s.source = same(a.source.as_deref(), gold.source.as_deref());
    s.author = same(a.author.as_deref(), gold.author.as_deref());
    if !s.title {
        s.notes
            .push(format!("title {:?}, want {:?}", a.title, gold.title));
    }
    if !s.date {
        s.notes
            .push(format!("date {:?}, want {:?}", a.date, gold.date));
    }
    if !s.source {
        s.notes
            .push(format!("source {:?}, want {:?}", a.source, gold.source));
    }
    if !s.author {
        s.notes
            .push(format!("author {:?}, want {:?}", a.author, gold.author));
    }
    s
}
