//! `T`: the tags of the store with how many articles carry each, in a prompt that filters
//! the list by the one chosen (`Tab` completes, `Enter` filters, `Esc` leaves).

use super::triage::Prompt;
use super::{new_filter, App, Effect};
use crate::ui::layout::Pane;
use crossterm::event::{KeyCode, KeyEvent};
use tui_textarea::TextArea;

/// Tags named in the prompt at most (the most used first); Tab completes any of them.
const NAMED: usize = 6;

/// The prompt's label: the most used tags with their counts.
pub fn label(counts: &[(String, usize)]) -> String {
    if counts.is_empty() {
        return "filter by tag (no tags yet) › ".into();
    }
    let mut by_use: Vec<&(String, usize)> = counts.iter().collect();
    by_use.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let named: Vec<String> = by_use
        .iter()
        .take(NAMED)
        .map(|(t, n)| format!("{} {n}", crate::ingest::sanitize::clean_line(t)))
        .collect();
    let more = counts.len().saturating_sub(NAMED);
    let more = if more > 0 {
        format!(" +{more}")
    } else {
        String::new()
    };
    format!("filter by tag ({}{more}) › ", named.join(" · "))
}

impl App {
    pub(super) fn open_tag_view(&mut self) {
        self.effects.push(Effect::LoadTagCounts);
        let mut input = new_filter(&self.theme);
        input.set_placeholder_text("");
        self.prompt = Some(Prompt::TagFilter {
            counts: Vec::new(),
            input,
        });
    }

    pub(super) fn tag_counts(&mut self, counts: Vec<(String, usize)>) {
        self.tags = counts.iter().map(|(t, _)| t.clone()).collect();
        if let Some(Prompt::TagFilter { counts: c, .. }) = &mut self.prompt {
            *c = counts;
        }
    }

    /// A key in the tag view's prompt.
    pub(super) fn tag_filter_key(
        &mut self,
        counts: Vec<(String, usize)>,
        mut input: TextArea<'static>,
        key: KeyEvent,
    ) {
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                let tag = input.lines().join(" ").trim().to_string();
                if !tag.is_empty() {
                    let clause = if tag.contains(char::is_whitespace) || tag.contains('"') {
                        format!("tag:\"{}\"", tag.replace('"', ""))
                    } else {
                        format!("tag:{tag}")
                    };
                    self.filter = new_filter(&self.theme);
                    self.filter.insert_str(clause);
                    self.focus = Pane::List;
                    self.run_filter();
                }
            }
            KeyCode::Tab => {
                let names: Vec<String> = counts.iter().map(|(t, _)| t.clone()).collect();
                let typed = input.lines().join(" ");
                if let Some(done) = super::triage::complete(&typed, &names) {
                    input = new_filter(&self.theme);
                    input.set_placeholder_text("");
                    input.insert_str(done);
                }
                self.prompt = Some(Prompt::TagFilter { counts, input });
            }
            _ => {
                super::editing::edit_line(&mut input, key);
                self.prompt = Some(Prompt::TagFilter { counts, input });
            }
        }
    }
}
