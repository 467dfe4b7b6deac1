//! `akhbar render --explain FILE`: every line of a scraped page with what became of it and
//! why, and where the title, date, source and author were read. The same reading the loader
//! makes, so what it says is what the reader shows.

use super::lines::Params;
use super::page::{Reading, Verdict};
use super::{finish_page, read_article_file, read_page, recurring_in, PageBytes, Sidecar};
use crate::error::Result;
use crate::model::{Article, Origin};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A page read, with its reading.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub article: Article,
    pub reading: Reading,
    pub warnings: Vec<String>,
}

/// Reads one file alone (as `akhbar render FILE` does).
pub fn explain_file(path: &Path) -> Result<Explanation> {
    let (bytes, sidecar) = read_article_file(path)?;
    explain_bytes(&bytes, sidecar.as_ref(), path, Params::default())
}

/// Reads one page from its bytes (`-` for standard input).
pub fn explain_bytes(
    bytes: &[u8],
    sidecar: Option<&Sidecar>,
    path: &Path,
    params: Params,
) -> Result<Explanation> {
    let page = PageBytes {
        bytes,
        sidecar,
        path,
        origin: Origin::File(path.display().to_string()),
    };
    let (article, warnings, reading) = read_page(&page, None, params)?;
    Ok(Explanation {
        article,
        reading,
        warnings,
    })
}

/// Reads pages together, as loading a folder does (lines recurring across them count), with
/// the given thresholds: what the scorer measures.
pub fn explain_together(paths: &[PathBuf], params: Params) -> Vec<(PathBuf, Result<Explanation>)> {
    let (recurring, mut prepared) = recurring_in(paths, params.recurring_pages, None);
    paths
        .iter()
        .map(|path| {
            let read = match prepared.remove(path) {
                Some(page) => finish_page(page, recurring.as_ref(), params),
                None => read_article_file(path).and_then(|(bytes, sidecar)| {
                    let page = PageBytes {
                        bytes: &bytes,
                        sidecar: sidecar.as_ref(),
                        path,
                        origin: Origin::File(path.display().to_string()),
                    };
                    read_page(&page, recurring.as_ref(), params)
                }),
            };
            let result = read.map(|(article, warnings, reading)| Explanation {
                article,
                reading,
                warnings,
            });
            (path.clone(), result)
        })
        .collect()
}

impl Explanation {
    /// The report `--explain` prints: what was read where, then every dropped line with its
    /// reason and every tail cut off a kept line.
    pub fn report(&self) -> String {
        let a = &self.article;
        let f = &self.reading.found;
        let mut out = String::new();
        let from = |x: Option<&String>, given: bool| match (x, given) {
            (Some(w), _) => format!("  ({w})"),
            (None, true) => "  (header or sidecar)".to_string(),
            (None, false) => String::new(),
        };
        let _ = writeln!(
            out,
            "title: {}{}",
            a.title,
            from(f.title.as_ref().map(|t| &t.1), true)
        );
        let date = a.date.map_or("none".to_string(), |d| d.to_string());
        let date_from = f
            .date
            .as_ref()
            .filter(|d| Some(d.0) == a.date)
            .map(|d| &d.1);
        let _ = writeln!(out, "date: {date}{}", from(date_from, a.date.is_some()));
        let source_from = f
            .source
            .as_ref()
            .filter(|s| Some(&s.0) == a.source.as_ref())
            .map(|s| &s.1);
        let _ = writeln!(
            out,
            "source: {}{}",
            a.source.as_deref().unwrap_or("none"),
            from(source_from, a.source.is_some())
        );
        let author_from = f
            .author
            .as_ref()
            .filter(|s| Some(&s.0) == a.author.as_ref())
            .map(|s| &s.1);
        let _ = writeln!(
            out,
            "author: {}{}",
            a.author.as_deref().unwrap_or("none"),
            from(author_from, a.author.is_some())
        );
        let kept = self
            .reading
            .lines
            .iter()
            .filter(|j| j.verdict == Verdict::Text)
            .count();
        let dropped: Vec<_> = self
            .reading
            .lines
            .iter()
            .filter_map(|j| match &j.verdict {
                Verdict::Dropped(r) => Some((j, r)),
                _ => None,
            })
            .collect();
        let _ = writeln!(
            out,
            "kept {kept} lines in {} paragraphs; dropped {}:",
            a.paragraphs.len(),
            dropped.len()
        );
        for (j, r) in dropped {
            let _ = writeln!(out, "  line {}: {}: {}", j.no, r.describe(), j.text);
        }
        for j in &self.reading.lines {
            if let Some(cut) = &j.cut {
                let _ = writeln!(out, "  line {}: furniture cut off its end: {cut}", j.no);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dropped_line_has_a_reason_in_the_report() {
        let page = "الرئيسيةأخبار محلية\n\nعاجل\nالحكومة تقر الموازنة\n\nوزير المالية يعلن خطة لخفض العجز خلال عامين\n\nكتب: سامي يوسف\n\nأعلن وزير المالية اليوم خطة لخفض العجز في الموازنة العامة خلال عامين، وقال إن الحكومة ستراجع الدعم.\n\nالوسوم: اقتصاد موازنة\n";
        let e = explain_bytes(page.as_bytes(), None, Path::new("x.txt"), Params::default())
            .expect("reads");
        assert_eq!(
            e.article.title,
            "وزير المالية يعلن خطة لخفض العجز خلال عامين"
        );
        assert_eq!(e.article.author.as_deref(), Some("سامي يوسف"));
        assert_eq!(e.article.paragraphs.len(), 1);
        let report = e.report();
        for line in [
            "الرئيسيةأخبار محلية",
            "عاجل",
            "الحكومة تقر الموازنة",
            "كتب: سامي يوسف",
            "الوسوم: اقتصاد موازنة",
        ] {
            assert!(
                report
                    .lines()
                    .any(|l| l.ends_with(line) && l.starts_with("  line ")),
                "{line} not explained in:\n{report}"
            );
        }
    }
}
