//! Moving around in the app: keys turned into commands, the selection and scrolling, focus,
//! opening an article, and the mouse.

use super::*;

impl App {
    pub(in crate::ui) fn scroll_reader(&mut self, delta: isize) {
        // While only the first screenful is laid out, the end is not known yet.
        let max = match self.doc() {
            Some(d) if !d.complete => usize::MAX / 2,
            _ => self.max_reader_scroll(),
        };
        self.reader_scroll = self.reader_scroll.saturating_add_signed(delta).min(max);
    }

    pub(in crate::ui) fn move_selection(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow_selection();
    }

    /// Moves the facts pane's selection by `delta` items, within its items.
    fn move_fact(&mut self, delta: isize) {
        let last = self.fact_items().saturating_sub(1);
        self.fact_selected = self.fact_selected.saturating_add_signed(delta).min(last);
    }

    /// Moves by `delta` in the focused pane: articles in the list, rows in the reader.
    pub(in crate::ui) fn step(&mut self, delta: isize) {
        match self.focus {
            Pane::List => self.move_selection(delta),
            Pane::Reader => self.scroll_reader(delta),
            Pane::Facts => self.move_fact(delta),
        }
    }

    pub(in crate::ui) fn page(&self, half: bool) -> isize {
        let rows = match self.focus {
            Pane::Reader => self.reader_rows(),
            _ => self.list_rows(),
        };
        let n = if half {
            rows / 2
        } else {
            rows.saturating_sub(1)
        };
        n.max(1) as isize
    }

    /// Shows the selected article in the reader and marks it read (committed to the store
    /// first; the mark shows when the commit is done).
    pub(in crate::ui) fn open(&mut self) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let (id, read) = (row.id, row.read);
        self.focus = Pane::Reader;
        self.land_later(id);
        if self.reader_article != Some(id) {
            self.reader_article = Some(id);
            self.reader_scroll = 0;
        }
        if !read {
            self.effects.push(Effect::Apply {
                change: Change::new(vec![id], crate::store::Op::Read(true)),
                stack: Stack::None,
                label: String::new(),
            });
        }
        self.follow_selection();
    }

    pub(in crate::ui) fn back(&mut self) {
        match self.focus {
            Pane::Reader | Pane::Facts => self.focus = Pane::List,
            Pane::List if !self.query.is_empty() => self.clear_filter(),
            Pane::List => {}
        }
        self.follow_selection();
    }

    /// The panes Tab moves through at this size.
    pub(in crate::ui) fn focusable(&self) -> Vec<Pane> {
        match layout::Mode::of(self.size) {
            layout::Mode::Medium if !self.facts_shown => vec![Pane::List, Pane::Reader],
            _ => vec![Pane::List, Pane::Reader, Pane::Facts],
        }
    }

    pub(in crate::ui) fn cycle_focus(&mut self, forward: bool) {
        let panes = self.focusable();
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.focus = panes[next];
        self.follow_selection();
    }

    pub(in crate::ui) fn mouse(&mut self, ev: MouseEvent) {
        // Over help, the wheel scrolls it and nothing else moves.
        if self.help.is_some() {
            match ev.kind {
                MouseEventKind::ScrollDown => self.help_scroll(3),
                MouseEventKind::ScrollUp => self.help_scroll(-3),
                _ => {}
            }
            return;
        }
        let areas = self.areas();
        let at = Position::new(ev.column, ev.row);
        let pane = [
            (Pane::List, areas.list),
            (Pane::Reader, areas.reader),
            (Pane::Facts, areas.facts),
        ]
        .into_iter()
        .find_map(|(p, r)| r.filter(|r| r.contains(at)).map(|r| (p, r)));
        let Some((pane, rect)) = pane else {
            let click = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
            if click && areas.filter.contains(at) {
                self.filtering = true;
            }
            return;
        };
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.filtering = false;
                self.focus = pane;
                if pane == Pane::List {
                    let inner = layout::inner(rect);
                    if inner.contains(at) {
                        let row =
                            self.list_offset + (ev.row - inner.y) as usize / self.row_height();
                        if row < self.visible.len() {
                            self.selected = row;
                        }
                    }
                }
                self.follow_selection();
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if ev.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                match pane {
                    Pane::List => self.move_selection(delta),
                    Pane::Reader => self.scroll_reader(delta),
                    Pane::Facts => self.move_fact(delta),
                }
            }
            _ => {}
        }
    }
}
