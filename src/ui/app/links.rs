//! The article's links in the dashboard (`o` opens, `L` asks for a number, `y` copies) and
//! the newsboat habits around reading: `A` marks every article shown read, `]`/`[` go to
//! the next or previous unread one.

use super::triage::Prompt;
use super::{new_filter, App, Effect};
use crate::store::{Change, Op};

impl App {
    /// The links of the article triage keys act on, numbered from 1 as the reader lists
    /// them; `None` while its layout is not there (another article is in the reader).
    fn target_links(&self) -> Option<&[String]> {
        let id = self.target()?.id;
        if self.reader_article != Some(id) {
            return None;
        }
        Some(self.doc()?.links.as_slice())
    }

    /// Opens link `n` (1: the article's own link, else the first link in its text).
    pub(super) fn open_link(&mut self, n: usize) {
        let Some(links) = self.target_links() else {
            self.say("open the article (Enter) to reach its links".into());
            return;
        };
        match links.get(n.wrapping_sub(1)).cloned() {
            Some(url) => {
                let host = crate::model::link_host(&url).unwrap_or_default();
                self.effects.push(Effect::OpenLink { url });
                self.say(format!("opening {host} with {}", crate::ui::open::opener()));
            }
            None if links.is_empty() => self.say("this article has no link".into()),
            None => self.say(format!("no link {n}: this article has 1-{}", links.len())),
        }
    }

    pub(super) fn copy_link(&mut self) {
        match self.target_links().and_then(|l| l.first()).cloned() {
            Some(url) => {
                self.say(format!("copied {url}"));
                self.effects.push(Effect::Copy { text: url });
            }
            None => self.say("no link to copy (open the article first)".into()),
        }
    }

    /// `L`: a prompt for the number of one of the links listed at the end of the article.
    pub(super) fn ask_link(&mut self) {
        let count = self.target_links().map_or(0, <[String]>::len);
        if count == 0 {
            self.say("no links in this article (open it first)".into());
            return;
        }
        let mut input = new_filter(&self.theme);
        input.set_placeholder_text("");
        self.prompt = Some(Prompt::Link { count, input });
    }

    /// A digit in the reader: the link prompt opens with it typed, so the status bar shows
    /// the number as it grows; Enter opens that link, Esc cancels.
    pub(super) fn link_digit(&mut self, digit: char) {
        self.ask_link();
        if let Some(Prompt::Link { input, .. }) = &mut self.prompt {
            input.insert_char(digit);
        }
    }

    /// Enter in the link prompt.
    pub(super) fn link_chosen(&mut self, typed: &str) {
        match typed.trim().parse::<usize>() {
            Ok(n) => self.open_link(n),
            Err(_) => self.say(format!("not a link number: {typed}")),
        }
    }

    /// `A`: every article shown and not read yet is marked read, as one undoable change.
    pub(super) fn mark_all_read(&mut self) {
        let ids: Vec<i64> = self
            .visible
            .iter()
            .map(|&i| &self.rows[i])
            .filter(|r| !r.read)
            .map(|r| r.id)
            .collect();
        if ids.is_empty() {
            self.say("every article shown is read".into());
            return;
        }
        self.request(Change::new(ids, Op::Read(true)), "Mark read");
    }

    /// `]` / `[`: the selection moves to the next (previous) unread article shown, wrapping
    /// around the list.
    pub(super) fn step_unread(&mut self, forward: bool) {
        let n = self.visible.len();
        let found = (1..=n)
            .map(|k| {
                if forward {
                    (self.selected + k) % n
                } else {
                    (self.selected + n - k % n) % n
                }
            })
            .find(|&p| !self.rows[self.visible[p]].read && p != self.selected);
        match found {
            Some(p) => {
                self.selected = p;
                self.follow_selection();
            }
            None => self.say("no other unread article here".into()),
        }
    }
}
