//! Where each pane goes for a terminal size. Pure: the same function places panes for drawing
//! and finds the pane under a mouse click.

use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Reader,
    Facts,
}

impl Pane {
    pub fn name(self) -> &'static str {
        match self {
            Pane::List => "list",
            Pane::Reader => "reader",
            Pane::Facts => "facts",
        }
    }
}

/// The three layouts: all panes side by side; list and reader with facts on demand; one pane
/// at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Wide,
    Medium,
    Narrow,
}

impl Mode {
    pub const WIDE_COLS: u16 = 120;
    pub const MEDIUM_COLS: u16 = 80;

    pub fn of(size: Rect) -> Mode {
        if size.width >= Self::WIDE_COLS {
            Mode::Wide
        } else if size.width >= Self::MEDIUM_COLS {
            Mode::Medium
        } else {
            Mode::Narrow
        }
    }
}

/// The rectangles of one frame. A pane that is not shown is `None`; a zero-sized rectangle
/// is possible at tiny sizes and draws nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub filter: Rect,
    pub status: Rect,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub facts: Option<Rect>,
}

/// Places the panes. `focus` picks the pane shown in the narrow layout.
pub fn compute(size: Rect, focus: Pane, facts_shown: bool) -> Areas {
    let (filter, body, status) = rows(size);
    let mut areas = Areas {
        filter,
        status,
        list: None,
        reader: None,
        facts: None,
    };
    match Mode::of(size) {
        Mode::Wide => {
            let list_w = body.width * 36 / 100;
            let facts_w = (body.width * 24 / 100).max(30);
            let reader_w = body.width.saturating_sub(list_w + facts_w);
            let (list, rest) = split_cols(body, list_w);
            let (reader, facts) = split_cols(rest, reader_w);
            areas.list = Some(list);
            areas.reader = Some(reader);
            areas.facts = Some(facts);
        }
        Mode::Medium => {
            let list_w = (body.width * 40 / 100).max(32);
            let (list, right) = split_cols(body, list_w);
            areas.list = Some(list);
            if facts_shown {
                // The pane with focus takes the larger share of the height.
                let share = if focus == Pane::Facts { 40 } else { 60 };
                let reader_h = right.height * share / 100;
                let reader = Rect {
                    height: reader_h,
                    ..right
                };
                let facts = Rect {
                    y: right.y + reader_h,
                    height: right.height - reader_h,
                    ..right
                };
                areas.reader = Some(reader);
                areas.facts = Some(facts);
            } else {
                areas.reader = Some(right);
            }
        }
        Mode::Narrow => match focus {
            Pane::List => areas.list = Some(body),
            Pane::Reader => areas.reader = Some(body),
            Pane::Facts => areas.facts = Some(body),
        },
    }
    areas
}

/// The filter line on top, the status bar at the bottom and the panes between, as height
/// allows: (filter, body, status).
fn rows(size: Rect) -> (Rect, Rect, Rect) {
    let row = |y: u16, height: u16| Rect {
        y: size.y + y,
        height,
        ..size
    };
    match size.height {
        0 => (row(0, 0), row(0, 0), row(0, 0)),
        1 => (row(0, 0), row(0, 1), row(0, 0)),
        2 => (row(0, 0), row(0, 1), row(1, 1)),
        h => (row(0, 1), row(1, h - 2), row(h - 1, 1)),
    }
}

fn split_cols(r: Rect, left_w: u16) -> (Rect, Rect) {
    let left_w = left_w.min(r.width);
    (
        Rect { width: left_w, ..r },
        Rect {
            x: r.x + left_w,
            width: r.width - left_w,
            ..r
        },
    )
}

/// Whether a pane of this size has room for a border.
pub fn bordered(r: Rect) -> bool {
    r.width >= 3 && r.height >= 3
}

/// The inside of a pane: within its border when it has one.
pub fn inner(r: Rect) -> Rect {
    if bordered(r) {
        Rect {
            x: r.x + 1,
            y: r.y + 1,
            width: r.width - 2,
            height: r.height - 2,
        }
    } else {
        r
    }
}

/// Where a pane's text goes: its inside less a margin of one cell each side, when it is wide
/// enough to spare them.
pub fn text_area(pane: Rect) -> Rect {
    let r = inner(pane);
    if r.width > 4 {
        Rect {
            x: r.x + 1,
            width: r.width - 2,
            ..r
        }
    } else {
        r
    }
}

/// Cells the reader lays text out for: the width of its [`text_area`].
pub fn reader_text_width(areas: &Areas) -> Option<u16> {
    let w = text_area(areas.reader?).width;
    (w > 0).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_gives_rects_inside_the_screen() {
        for w in 0..=130u16 {
            for h in 0..=12u16 {
                let size = Rect::new(0, 0, w, h);
                for focus in [Pane::List, Pane::Reader, Pane::Facts] {
                    for shown in [false, true] {
                        let a = compute(size, focus, shown);
                        for r in [Some(a.filter), Some(a.status), a.list, a.reader, a.facts]
                            .into_iter()
                            .flatten()
                        {
                            assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn modes_by_width() {
        let a = compute(Rect::new(0, 0, 120, 40), Pane::List, false);
        assert!(a.list.is_some() && a.reader.is_some() && a.facts.is_some());
        let a = compute(Rect::new(0, 0, 80, 24), Pane::List, false);
        assert!(a.list.is_some() && a.reader.is_some() && a.facts.is_none());
        let a = compute(Rect::new(0, 0, 80, 24), Pane::List, true);
        assert!(a.facts.is_some());
        let a = compute(Rect::new(0, 0, 79, 24), Pane::Reader, false);
        assert!(a.list.is_none() && a.reader.is_some() && a.facts.is_none());
    }
}
