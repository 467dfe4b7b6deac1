//! Body snippets in the filtered list. While the query has words the full-text index answers,
//! each hit takes two rows: its title, and under it a line of the body around the first word
//! that matched, laid out by the text layer like any other line (right-to-left reordered and
//! shaped) with the word marked on its letters. Snippets are read off the input path by a
//! latest-wins job for the rows on screen only, so scrolling a long list reads a screenful at
//! a time. Opening a hit lands the reader on the first marked line of its body; `n`/`N` go on
//! from there.

use super::*;
use crate::search::rank::Snippet;
use std::collections::HashSet;

/// The snippets of the query in force.
#[derive(Debug, Default)]
pub struct Snippets {
    /// The folded words they mark (empty: the query has none, and rows are one line).
    marked: Arc<HashSet<String>>,
    /// Store id -> its snippet (`None`: the body holds none of the words, a title hit).
    found: HashMap<i64, Option<Snippet>>,
    /// The ids last asked for, answered or not: the same screen is not asked again.
    asked: Vec<i64>,
    generation: u64,
    /// The article opened from a hit, whose reader is to land on its first mark once laid
    /// out.
    land: Option<i64>,
}

/// The smallest list (inner rows) that shows snippets: below it a hit keeps one row.
const MIN_ROWS: u16 = 4;

impl App {
    /// Whether list rows are two lines high (a title and its snippet).
    pub fn snippet_rows(&self) -> bool {
        !self.snippets.marked.is_empty()
            && self
                .areas()
                .list
                .is_some_and(|r| layout::inner(r).height >= MIN_ROWS)
    }

    /// Screen lines per list row.
    pub fn row_height(&self) -> usize {
        if self.snippet_rows() {
            2
        } else {
            1
        }
    }

    /// The snippet of article `id`, once read.
    pub fn snippet(&self, id: i64) -> Option<&Snippet> {
        self.snippets.found.get(&id).and_then(Option::as_ref)
    }

    /// After a query took effect: a query with other words drops the snippets read for the
    /// last one.
    pub(in crate::ui) fn update_snippets(&mut self) {
        let marked = self.plan.marked_tokens();
        if *self.snippets.marked == marked {
            return;
        }
        self.snippets = Snippets {
            marked: Arc::new(marked),
            generation: self.snippets.generation + 1,
            land: self.snippets.land,
            ..Snippets::default()
        };
    }

    /// Asks for the snippets of the rows on screen that have none yet.
    pub(in crate::ui) fn want_snippets(&mut self) {
        if !self.snippet_rows() {
            return;
        }
        let rows = self.list_rows();
        let end = (self.list_offset + rows).min(self.visible.len());
        let missing: Vec<i64> = self.visible[self.list_offset.min(end)..end]
            .iter()
            .map(|&i| self.rows[i].id)
            .filter(|id| !self.snippets.found.contains_key(id))
            .collect();
        if missing.is_empty() || missing == self.snippets.asked {
            return;
        }
        self.snippets.asked = missing.clone();
        self.effects.push(Effect::Snippets {
            generation: self.snippets.generation,
            ids: missing,
            marked: Arc::clone(&self.snippets.marked),
        });
    }

    pub(in crate::ui) fn snippets_ready(
        &mut self,
        generation: u64,
        found: Vec<(i64, Option<Snippet>)>,
    ) {
        if generation == self.snippets.generation {
            self.snippets.found.extend(found);
        }
    }

    /// Opening article `id`: with words in the query, its reader lands on the first one.
    pub(in crate::ui) fn land_later(&mut self, id: i64) {
        self.snippets.land = (!self.snippets.marked.is_empty()).then_some(id);
    }

    /// Lands the reader on the first marked line of the body (the title's marks count only
    /// when the body has none), once the article opened from a hit is laid out and marked.
    pub(in crate::ui) fn land_on_mark(&mut self) {
        let Some(id) = self.snippets.land else {
            return;
        };
        if self.reader_article != Some(id) {
            self.snippets.land = None;
            return;
        }
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        if !doc.complete || doc.article.is_none() {
            return;
        }
        self.snippets.land = None;
        let marked: Vec<(usize, usize)> = doc
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| marks::line_has(l, self.block_marks.marks(l)))
            .map(|(i, l)| (i, l.block))
            .collect();
        // Block 0 is the title, 1 the meta line, 2 on the body.
        let Some(&(line, _)) = marked
            .iter()
            .find(|(_, block)| *block >= 2)
            .or(marked.first())
        else {
            return;
        };
        self.mark_line = Some(line);
        self.reader_scroll = line.saturating_sub(2).min(self.max_reader_scroll());
    }
}
