//! Reading an article in the app: which pane's keys apply, the facts pane's selected
//! entity, and `n`/`N` between the marks in the reader.

use super::*;

impl App {
    /// Which pane's key bindings apply now.
    pub fn key_context(&self) -> crate::ui::keymap::Context {
        if self.feeds.view.is_some() {
            return crate::ui::keymap::Context::Feeds;
        }
        match self.focus {
            Pane::List => crate::ui::keymap::Context::List,
            Pane::Reader => crate::ui::keymap::Context::Reader,
            Pane::Facts => crate::ui::keymap::Context::Facts,
        }
    }

    /// `n`/`N`: scrolls the reader to the next (or previous) line holding a mark, wrapping
    /// around at the ends, and says which mark of how many it is.
    pub(in crate::ui) fn jump_mark(&mut self, forward: bool) {
        let Some(doc) = self.doc().cloned() else {
            return;
        };
        if doc.article.is_none() {
            return;
        }
        let lines: Vec<usize> = doc
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| crate::ui::app::marks::line_has(l, self.block_marks.marks(l)))
            .map(|(i, _)| i)
            .collect();
        if lines.is_empty() {
            self.say("nothing marked in this article: filter, or pick a fact".into());
            return;
        }
        let here = self.mark_line;
        let next = if forward {
            let after = here.map_or(self.reader_scroll, |h| h + 1);
            lines.iter().position(|&i| i >= after).unwrap_or(0)
        } else {
            let before = here.unwrap_or(self.reader_scroll);
            lines
                .iter()
                .rposition(|&i| i < before)
                .unwrap_or(lines.len() - 1)
        };
        let line = lines[next];
        self.mark_line = Some(line);
        // Two rows of context above the mark.
        self.reader_scroll = line.saturating_sub(2).min(self.max_reader_scroll());
        self.say(format!("mark {} of {}", next + 1, lines.len()));
    }

    /// The reader's article's people, places and organizations in the order the facts pane
    /// lists them: by kind, then most mentioned first.
    pub fn entities_in_order(&self) -> Vec<&crate::facts::Entity> {
        let Some(facts) = self.doc().and_then(|d| d.facts.as_deref()) else {
            return Vec::new();
        };
        let mut order: Vec<&crate::facts::Entity> = facts.entities.iter().collect();
        order.sort_by_key(|e| e.kind);
        order
    }

    /// The facts the pane lists below the entities, in its order: dates, numbers and
    /// quantities, quotes, sources.
    pub fn listed_facts(&self) -> Vec<&crate::facts::Fact> {
        use crate::facts::Kind;
        let Some(facts) = self.doc().and_then(|d| d.facts.as_deref()) else {
            return Vec::new();
        };
        let mut listed: Vec<&crate::facts::Fact> = facts
            .facts
            .iter()
            .filter(|f| !matches!(f.kind, Kind::Person | Kind::Place | Kind::Organization))
            .collect();
        listed.sort_by_key(|f| fact_group(f.kind));
        listed
    }

    /// How many lines of the facts pane can be selected: entities, then the other facts.
    pub fn fact_items(&self) -> usize {
        self.entities_in_order().len() + self.listed_facts().len()
    }

    /// The mentions to highlight in the reader: the selected entity's, while the facts pane
    /// has focus.
    pub fn highlighted_entity(&self) -> Option<&crate::facts::Entity> {
        if self.focus != Pane::Facts {
            return None;
        }
        self.entities_in_order().get(self.fact_selected).copied()
    }
}

/// The facts pane's groups below the entities, in order.
pub fn fact_group(kind: crate::facts::Kind) -> usize {
    use crate::facts::Kind;
    match kind {
        Kind::Date => 0,
        Kind::Number | Kind::Quantity => 1,
        Kind::Quote => 2,
        _ => 3,
    }
}
