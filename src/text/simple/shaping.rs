//! Shaping for the simple-character layout: a line's characters to glyphs (Arabic joining
//! forms and lam-alef ligatures, from the same tables as `shape.rs`) and the atoms that
//! reordering keeps together.

use super::*;

/// `shape::shape` of characters `a..b` (one line): fills `s.glyphs` and `s.drawn`.
pub(super) fn shape_line(s: &mut Scratch, a: usize, b: usize, shaping: bool) {
    let Scratch {
        chars,
        joins,
        drawn,
        glyphs,
        ..
    } = s;
    glyphs.clear();
    drawn.clear();
    let line = &chars[a..b];
    if !shaping || !line.iter().any(|ch| ch.info.flags & F_ARABIC != 0) {
        drawn.extend(line.iter().map(|ch| ch.c));
        glyphs.extend((0..line.len()).map(|i| Glyph {
            start: (a + i) as u32,
            end: (a + i + 1) as u32,
            d0: i as u32,
            d1: (i + 1) as u32,
        }));
        return;
    }
    // Joins with the previous / next non-transparent character of the line.
    const PREV: u8 = 1;
    const NEXT: u8 = 2;
    joins.clear();
    joins.resize(line.len(), 0);
    let mut prev: Option<usize> = None;
    for (i, ch) in line.iter().enumerate() {
        let j = ch.info.joining;
        if j == Joining::Transparent {
            continue;
        }
        if let Some(p) = prev {
            if line[p].info.joining.joins_forward() && j.joins_backward() {
                joins[i] |= PREV;
                joins[p] |= NEXT;
            }
        }
        prev = Some(i);
    }
    let mut i = 0;
    while i < line.len() {
        let ch = line[i];
        if let Some(k) = ligature_partner(line, i, line.len()) {
            let (isolated, fin) = lam_alef(line[k].c).unwrap_or((ch.c, ch.c));
            let lig = if joins[i] & PREV != 0 { fin } else { isolated };
            // Harakat written on the lam are drawn after the ligature.
            let marks = line[i + 1..k].iter().map(|m| m.c);
            push_glyph(
                drawn,
                glyphs,
                a + i..a + k + 1,
                std::iter::once(lig).chain(marks),
            );
            i = k + 1;
            continue;
        }
        if ch.c == ZWJ && joins_arabic(line, i) {
            push_glyph(drawn, glyphs, a + i..a + i + 1, None);
            i += 1;
            continue;
        }
        let shaped = match ch.info.joining {
            Joining::Dual | Joining::Right | Joining::None => {
                let form = match (joins[i] & PREV != 0, joins[i] & NEXT != 0) {
                    (true, true) => MEDIAL,
                    (true, false) => FINAL,
                    (false, true) => INITIAL,
                    (false, false) => ISOLATED,
                };
                form_of(ch.c, form).unwrap_or(ch.c)
            }
            _ => ch.c,
        };
        push_glyph(drawn, glyphs, a + i..a + i + 1, Some(shaped));
        i += 1;
    }
}

/// Append a glyph for characters `chars` drawn as `text`.
fn push_glyph(
    drawn: &mut Vec<char>,
    glyphs: &mut Vec<Glyph>,
    chars: Range<usize>,
    text: impl IntoIterator<Item = char>,
) {
    let d0 = drawn.len() as u32;
    drawn.extend(text);
    glyphs.push(Glyph {
        start: chars.start as u32,
        end: chars.end as u32,
        d0,
        d1: drawn.len() as u32,
    });
}

/// `shape::joins_arabic`: the joiner at `i` is next to a letter that takes joining forms.
fn joins_arabic(line: &[Ch], i: usize) -> bool {
    let letter = |ch: &Ch| matches!(ch.info.joining, Joining::Dual | Joining::Right);
    let not_transparent = |ch: &&Ch| ch.info.joining != Joining::Transparent;
    let before = line[..i].iter().rev().find(not_transparent);
    let after = line[i + 1..].iter().find(not_transparent);
    before.is_some_and(letter) || after.is_some_and(letter)
}

/// `layout::group_atoms` for the line starting at character `a`: fills `s.atoms`.
pub(super) fn group_atoms(s: &mut Scratch, a: usize) {
    let Scratch {
        chars,
        glyphs,
        atoms,
        ..
    } = s;
    atoms.clear();
    let mut prev_char: Option<Ch> = None;
    let mut after_joiner = false;
    for (gi, g) in glyphs.iter().enumerate() {
        let first = chars[g.start as usize];
        let at_boundary = g.start as usize == a || {
            let p = chars[g.start as usize - 1];
            boundary_between(p.c, p.info.flags, first.c, first.info.flags)
        };
        let is_joiner = matches!(first.c, ZWJ | ZWNJ)
            && prev_char.is_some_and(|p| p.info.flags & F_RTL_SCRIPT != 0);
        let starts_atom = at_boundary || is_joiner || after_joiner;
        after_joiner = is_joiner;
        prev_char = Some(chars[g.end as usize - 1]);
        let gi = gi as u32;
        match atoms.last_mut() {
            Some(atom) if !starts_atom => {
                atom.end = atom.end.max(g.end);
                atom.g1 = gi + 1;
            }
            _ => atoms.push(AtomIx {
                start: g.start,
                end: g.end,
                g0: gi,
                g1: gi + 1,
            }),
        }
    }
}
