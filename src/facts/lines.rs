//! The facts of a text whose lines are paragraphs (what `akhbar facts` and the evaluation
//! read), with offsets in chars into the whole text; furniture lines carry no facts.

use super::{extract, Facts};
use chrono::NaiveDate;

/// Facts of a whole text whose lines are paragraphs, with offsets into the whole text.
pub fn text_facts(
    text: &str,
    reference: Option<NaiveDate>,
    is_furniture: &dyn Fn(&str) -> bool,
) -> Facts {
    let lines: Vec<&str> = text.split('\n').collect();
    let many = lines.iter().filter(|l| !l.trim().is_empty()).count() > 1;
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0usize;
    for l in &lines {
        starts.push(at);
        at += l.chars().count() + 1;
    }
    let kept: Vec<&str> = lines
        .iter()
        .map(|l| {
            if many && !l.trim().is_empty() && is_furniture(l.trim()) {
                ""
            } else {
                l
            }
        })
        .collect();
    let mut facts = extract(&kept, reference);
    for f in &mut facts.facts {
        let base = starts.get(f.para).copied().unwrap_or(0);
        f.start += base;
        f.end += base;
    }
    for e in &mut facts.entities {
        for (para, r) in &mut e.mentions {
            let base = starts.get(*para).copied().unwrap_or(0);
            *r = r.start + base..r.end + base;
        }
    }
    facts
}
