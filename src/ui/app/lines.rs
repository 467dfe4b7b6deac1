//! Short texts laid out once, not once a frame: list titles and sources, and the facts pane's
//! items, each kept as a visual line by (text, width, direction, mode). `update` lays out the
//! rows that have come into view (a scroll by one row lays out one title); panes paint from
//! the cache and lay a line out themselves only on a miss, so a frame does no bidi or shaping
//! in the common case.

use super::*;
use crate::model::Direction;
use crate::text::VisualLine;

/// Lines kept at most; past it the cache starts again (a resize or a mode switch has made
/// most of it stale anyway).
const MAX_LINES: usize = 8192;

/// What a line was laid out for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LineKey {
    pub text: String,
    pub width_cells: u16,
    pub dir: Option<Direction>,
    pub align: bool,
    pub mode: TextMode,
}

/// The list's columns at an inner width: whether the date and source show, and where the
/// title starts and how wide it is (cells from the inner left edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListColumns {
    pub date: bool,
    pub source: bool,
    pub title_x: u16,
    pub title_w: u16,
}

pub const DATE_CELLS: u16 = 10;
pub const SOURCE_CELLS: u16 = 14;
/// The facts pane's label column: values start this many cells into the pane's text.
pub const LABEL_CELLS: u16 = 8;

impl ListColumns {
    pub fn of(inner_width: u16) -> ListColumns {
        let date = inner_width >= 30;
        let source = inner_width >= 50;
        // Two mark cells and a space, then the date and the source with a space after each.
        let mut x = 3;
        if date {
            x += DATE_CELLS + 1;
        }
        if source {
            x += SOURCE_CELLS + 1;
        }
        ListColumns {
            date,
            source,
            title_x: x,
            title_w: inner_width.saturating_sub(x),
        }
    }
}

/// A row's tags as chips after its title in the list: `#tag` words, given at most a third of
/// the title column (cut with '…' past it): the text and its cells. `None` without tags or
/// room; the title then keeps the whole column.
pub fn list_chips(tags: &[String], title_w: u16) -> Option<(String, u16)> {
    // A third of the column, but room for a short tag where the column is narrow.
    let room = (title_w / 3).max(9.min(title_w / 2)) as usize;
    if tags.is_empty() || room < 3 {
        return None;
    }
    let text = tags
        .iter()
        .map(|t| crate::ingest::sanitize::clean_line(t))
        .filter(|t| !t.is_empty())
        .map(|t| format!("#{}", t.replace(' ', "\u{a0}")))
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return None;
    }
    let text = crate::text::truncate_cells(&text, room);
    let cells = crate::text::width_cells(&text) as u16;
    Some((text, cells))
}

/// The feeds view's title column at an inner width (the view covers the screen above the
/// status bar, inside a border): what is left after the mark, the counts and the fetch time,
/// up to a readable width.
pub fn feed_title_cells(inner_width: u16) -> u16 {
    let counts_w: u16 = 11;
    let when_w: u16 = if inner_width >= 60 { 12 } else { 0 };
    inner_width
        .saturating_sub(2 + counts_w + when_w + 1)
        .min(72)
}

#[derive(Debug, Default)]
pub struct Lines {
    map: HashMap<LineKey, Option<Arc<VisualLine>>>,
    /// Lines a pane had to lay out itself (not in the cache), for tests and diagnostics.
    misses: std::sync::atomic::AtomicUsize,
}

impl Lines {
    /// The cached line, if this text was laid out for this key (the inner `None`: the text
    /// lays out to nothing, an empty string).
    pub fn get(&self, key: &LineKey) -> Option<Option<&Arc<VisualLine>>> {
        self.map.get(key).map(Option::as_ref)
    }

    fn ensure(&mut self, key: LineKey) {
        if self.map.contains_key(&key) {
            return;
        }
        if self.map.len() >= MAX_LINES {
            self.map.clear();
        }
        let line = crate::ui::paint::one_line(
            &key.text,
            key.width_cells as usize,
            key.dir,
            key.mode,
            key.align,
        )
        .map(Arc::new);
        self.map.insert(key, line);
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// How many lines panes have laid out themselves so far.
    pub fn misses(&self) -> usize {
        self.misses.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl App {
    /// The cache of laid-out short lines.
    pub fn lines(&self) -> &Lines {
        &self.lines
    }

    /// Forgets every laid-out line: the panes lay out what they paint until the next update.
    pub fn clear_lines(&mut self) {
        self.lines.map.clear();
    }

    /// A line for a pane: from the cache when `update` laid it out, else laid out now.
    pub fn line(
        &self,
        text: &str,
        width_cells: u16,
        dir: Option<Direction>,
        align: bool,
    ) -> Option<Arc<VisualLine>> {
        let key = LineKey {
            text: text.to_string(),
            width_cells,
            dir,
            align,
            mode: self.mode,
        };
        match self.lines.get(&key) {
            Some(line) => line.cloned(),
            None => {
                self.lines
                    .misses
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                crate::ui::paint::one_line(text, width_cells as usize, dir, self.mode, align)
                    .map(Arc::new)
            }
        }
    }

    /// The facts pane's fields of an article: (label, value, theme slot).
    pub fn fact_fields(&self, row: &Row) -> Vec<(&'static str, String, &'static str)> {
        let article = self.doc().and_then(|d| d.article.as_deref());
        let date = row
            .date
            .map_or_else(|| "no date".to_string(), |d| d.to_string());
        let mut state = Vec::new();
        state.push(if row.read { "read" } else { "unread" });
        if row.starred {
            state.push("starred");
        }
        if row.archived {
            state.push("archived");
        }
        if row.has_note {
            state.push("note");
        }
        let mut rows: Vec<(&str, String, &str)> = vec![
            (
                "Source",
                row.source.clone().unwrap_or_else(|| "unknown".into()),
                "fact.source",
            ),
            ("Date", date, "fact.date"),
            (
                "Lang",
                format!("{} · {}", row.lang.code(), row.dir.code()),
                "fact.value",
            ),
        ];
        if let Some(a) = article {
            rows.push((
                "Length",
                format!(
                    "{} paragraphs · {} words",
                    a.paragraphs.len(),
                    a.word_count()
                ),
                "fact.number",
            ));
            rows.push(("From", a.origin.path(), "fact.value"));
        }
        rows.push(("State", state.join(" · "), "fact.value"));
        if !row.tags.is_empty() {
            rows.push(("Tags", row.tags.join(", "), "fact.organization"));
        }
        rows
    }

    /// Lays out what the list and the facts pane show now and is not cached yet.
    pub(super) fn fill_lines(&mut self) {
        let areas = self.areas();
        let mode = self.mode;
        let mut wanted = Vec::new();
        if let Some(list) = areas.list {
            let inner = layout::inner(list);
            let cols = ListColumns::of(inner.width);
            let end = (self.list_offset + self.list_rows()).min(self.visible.len());
            let snippets = self.snippet_rows();
            for &i in &self.visible[self.list_offset.min(end)..end] {
                let row = &self.rows[i];
                if let (true, Some(s)) = (snippets, self.snippet(row.id)) {
                    wanted.push(LineKey {
                        text: s.fitted(cols.title_w as usize).0,
                        width_cells: cols.title_w,
                        dir: None,
                        align: true,
                        mode,
                    });
                }
                let mut title_w = cols.title_w;
                if let Some((chips, cells)) = list_chips(&row.tags, cols.title_w) {
                    title_w = title_w.saturating_sub(cells + 1);
                    wanted.push(LineKey {
                        text: chips,
                        width_cells: cells,
                        dir: None,
                        align: false,
                        mode,
                    });
                }
                if title_w > 0 {
                    wanted.push(LineKey {
                        text: row.title.clone(),
                        width_cells: title_w,
                        dir: Some(row.dir),
                        align: true,
                        mode,
                    });
                }
                if let (true, Some(s)) = (cols.source, &row.source) {
                    wanted.push(LineKey {
                        text: s.clone(),
                        width_cells: SOURCE_CELLS,
                        dir: None,
                        align: false,
                        mode,
                    });
                }
            }
        }
        if let Some(facts) = areas.facts {
            let area = layout::text_area(facts);
            let fields = self
                .reader_article
                .and_then(|id| self.row(id))
                .map(|row| self.fact_fields(row))
                .unwrap_or_default();
            let value_w = area.width.saturating_sub(LABEL_CELLS);
            wanted.extend(
                fields
                    .into_iter()
                    .filter(|_| value_w > 0)
                    .map(|(_, text, _)| LineKey {
                        text,
                        width_cells: value_w,
                        dir: None,
                        align: false,
                        mode,
                    }),
            );
            let width = area.width.saturating_sub(1);
            if width > 0 {
                let entities = self.entities_in_order();
                let listed = self.listed_facts();
                let facts = self.doc().and_then(|d| d.facts.as_deref());
                let items = entities
                    .iter()
                    .map(|e| entity_text(e, facts))
                    .chain(listed.iter().map(|f| fact_text(f)));
                wanted.extend(items.map(|text| LineKey {
                    text,
                    width_cells: width,
                    dir: None,
                    align: false,
                    mode,
                }));
            }
        }
        if self.feeds.view.is_some() {
            let title_w = feed_title_cells(self.size.width.saturating_sub(2));
            if title_w > 0 {
                wanted.extend(self.feeds.subs.iter().map(|sub| LineKey {
                    text: self.feeds.title(sub),
                    width_cells: title_w,
                    dir: None,
                    align: true,
                    mode,
                }));
            }
        }
        for key in wanted {
            self.lines.ensure(key);
        }
    }
}

/// An entity as the facts pane lists it: its name, how often it is mentioned, and for a
/// person the role the article gives them («الرئيس الروسي»), when it gives one.
pub fn entity_text(e: &crate::facts::Entity, facts: Option<&crate::facts::Facts>) -> String {
    let role = facts.and_then(|f| {
        f.facts
            .iter()
            .find(|x| x.kind == e.kind && x.role.is_some() && x.value.as_deref() == Some(&e.name))
            .and_then(|x| x.role.as_deref())
    });
    match role {
        Some(r) => format!("{} ×{} · {r}", e.name, e.mentions.len()),
        None => format!("{} ×{}", e.name, e.mentions.len()),
    }
}

/// A fact as the facts pane lists it: a date with its value, a quote with its speaker.
///
/// A date's value is isolated left to right (LRI … PDI). On an Arabic line the bidi algorithm
/// makes digits after Arabic letters Arabic numbers, which a hyphen does not join, so a bare
/// `2024-11-12` would read `12-11-2024`.
pub fn fact_text(f: &crate::facts::Fact) -> String {
    use crate::facts::Kind;
    match (f.kind, &f.value) {
        (Kind::Date, Some(v)) => format!("{} = \u{2066}{v}\u{2069}", f.text),
        (Kind::Quote, Some(who)) => format!("{} — {who}", f.text),
        _ => f.text.clone(),
    }
}
