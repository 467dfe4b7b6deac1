//! The fuzzy score of fuzzy-matcher's `SkimMatcherV2` (default configuration, smart case),
//! computed without its per-call costs: no thread-local lookups, no allocation per title, a
//! byte scan that rejects most titles before any scoring, and a single pass for one-letter
//! patterns. The score is the same number `SkimMatcherV2::fuzzy_match` gives on a fresh
//! matcher (tests compare the two on random text); only positions are left to the crate
//! (see [`super::match_ranges`]), as only the visible page needs them.
//!
//! The algorithm is skim's: two rows of a dynamic-programming matrix over the pattern's
//! chars and the title's chars, with an affine gap penalty and bonuses for matches at word
//! starts and for consecutive matches. Its quirks are kept on purpose, so that rankings do
//! not change: the consecutive bonus is written to the cell left of the match, and the
//! compressed rows are not cleared between pattern chars.

/// Skim's default scores.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

use super::packed::{pack, DECODE};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

const fn kind(c: char) -> Kind {
    match c {
        '\0' => Kind::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Kind::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Kind::SoftSep,
        '0'..='9' => Kind::Number,
        'A'..='Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// [`kind`] of every ASCII char, looked up instead of matched.
const ASCII_KINDS: [Kind; 128] = {
    let mut t = [Kind::Lower; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = kind(i as u8 as char);
        i += 1;
    }
    t
};

fn kind_of(c: char) -> Kind {
    match ASCII_KINDS.get(c as usize) {
        Some(&k) => k,
        None => Kind::Lower,
    }
}

/// The bonus for matching a char of kind `cur` after one of kind `prev`.
fn in_place_bonus(prev: Kind, cur: Kind) -> i32 {
    match (prev, cur) {
        (Kind::Empty | Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

mod pattern;
mod short;
pub use pattern::{Choice, Packed, Pattern, Window};

#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

/// Scores at or below this are skim's "minus infinity" and what it adds to it: no
/// alignment. Real scores are small (a few thousand at the most), so the two never mix.
const NONE_BELOW: i32 = NEG_INFINITY / 2;

/// Scratch space for scoring, reused from one title to the next (one per thread).
#[derive(Default)]
pub struct Scorer {
    chars: Vec<char>,
    /// The dense scorer's in-place bonus of each column.
    bonuses: Vec<i32>,
    /// The columns whose char matches some pattern char.
    cols: Vec<Col>,
    /// For each pattern char, the indices in `cols` of the columns it matches.
    of_char: Vec<Vec<u32>>,
    /// The greedy first match of each pattern char (a char index).
    first: Vec<usize>,
    /// Per pattern char, the columns it matches from its first match on, with the score of
    /// the best alignment ending there.
    rows: Vec<Vec<(u32, i32)>>,
    dense: [Vec<Cell>; 2],
}

/// A column whose char matches some pattern char: which (bit `i` for pattern char `i`),
/// which exactly (case included), and skim's in-place bonus there.
#[derive(Clone, Copy)]
struct Col {
    col: u32,
    mask: u32,
    exact: u32,
    bonus: i32,
}

/// The state a row starts from: the cell left of its first match (skim does not clear the
/// compressed matrix, so this holds what the row two above left there).
#[derive(Clone, Copy)]
struct Boundary {
    col: usize,
    m: i32,
    p: i32,
}

impl Scorer {
    /// Skim's score of `choice` for `pattern`, or `None` when the pattern's chars do not all
    /// occur in order. An empty pattern scores 0.
    pub fn score<C: Choice>(&mut self, choice: C, pattern: &Pattern) -> Option<i64> {
        if !choice.has_in_order(pattern) {
            return None;
        }
        self.score_unchecked(choice, pattern)
    }

    /// [`Scorer::score`] without the byte scan first: for titles that matched a shorter
    /// pattern, most of which match this one too, the scan would only add to the work.
    pub fn score_unchecked<C: Choice>(&mut self, choice: C, pattern: &Pattern) -> Option<i64> {
        if pattern.chars.is_empty() {
            return Some(0);
        }
        if pattern.chars.len() == 1 {
            return short::one(choice, pattern).map(i64::from);
        }
        if pattern.chars.len() == 2 {
            return short::two(choice, pattern).map(i64::from);
        }
        if pattern.chars.len() > 32 {
            return self.score_dense(choice, pattern);
        }
        self.columns(choice, pattern)?;
        Some(i64::from(self.sparse(pattern)))
    }

    /// Reads the title: the columns whose char matches some pattern char (column `j` is char
    /// `j - 1`), and the first match of each pattern char. `None` when the pattern does not
    /// occur in order. Patterns of at most 32 chars.
    fn columns<C: Choice>(&mut self, choice: C, pattern: &Pattern) -> Option<()> {
        let want = pattern.chars.len();
        let mut cols = std::mem::take(&mut self.cols);
        let mut first = std::mem::take(&mut self.first);
        let mut of_char = std::mem::take(&mut self.of_char);
        cols.clear();
        first.clear();
        if of_char.len() < want {
            of_char.resize_with(want, Vec::new);
        }
        for v in &mut of_char[..want] {
            v.clear();
        }
        let window = choice.window(pattern);
        let mut prev = window.prev;
        for (j, (k, mask, exact)) in choice.classes_in(pattern, &window).enumerate() {
            let j = j + window.from;
            if mask != 0 {
                let mut bonus = in_place_bonus(prev, k);
                if j == 0 {
                    bonus *= FIRST_CHAR_MULTIPLIER;
                }
                let mut bits = mask;
                while bits != 0 {
                    of_char[bits.trailing_zeros() as usize].push(cols.len() as u32);
                    bits &= bits - 1;
                }
                cols.push(Col {
                    col: j as u32 + 1,
                    mask,
                    exact,
                    bonus,
                });
                if first.len() < want && mask & (1 << first.len()) != 0 {
                    first.push(j);
                }
            }
            prev = k;
        }
        self.cols = cols;
        self.first = first;
        self.of_char = of_char;
        (self.first.len() == want).then_some(())
    }

    /// The matching column `x`, if its char matches some pattern char.
    fn col(&self, x: usize) -> Option<&Col> {
        let at = self.cols.partition_point(|c| (c.col as usize) < x);
        self.cols.get(at).filter(|c| c.col as usize == x)
    }

    fn mask_at(&self, x: usize) -> u32 {
        self.col(x).map_or(0, |c| c.mask)
    }

    /// Skim's two-row matrix, computed at the matching columns only: between two matches a
    /// row's cells are minus infinity and its skip score falls by one a column, so every
    /// cell a later row reads can be had from the matches before it.
    fn sparse(&mut self, pattern: &Pattern) -> i32 {
        let m = pattern.chars.len();
        if self.rows.len() < m {
            self.rows.resize_with(m, Vec::new);
        }
        let mut bounds = [Boundary {
            col: 0,
            m: NEG_INFINITY,
            p: NEG_INFINITY,
        }; 32];
        for i in 0..m {
            let s = self.first[i];
            let boundary = match i {
                0 => Boundary {
                    col: s,
                    m: NEG_INFINITY,
                    p: NEG_INFINITY,
                },
                1 => Boundary {
                    col: s,
                    m: NEG_INFINITY,
                    p: GAP_EXTENSION,
                },
                _ => {
                    let (m_at, p_at) = cell_at(&self.rows[i - 2], bounds[i - 2], s);
                    Boundary {
                        col: s,
                        m: m_at,
                        p: p_at,
                    }
                }
            };
            bounds[i] = boundary;
            let bit = 1u32 << i;
            let mut row = std::mem::take(&mut self.rows[i]);
            row.clear();
            // The row above, walked alongside: its matches before the column read, for the
            // skip score there.
            let (above, above_bound): (&[(u32, i32)], Option<Boundary>) = if i == 0 {
                (&[], None)
            } else {
                (&self.rows[i - 1], Some(bounds[i - 1]))
            };
            let mut q = 0;
            let mut best = above_bound.map_or(NEG_INFINITY, |b| b.m.saturating_add(b.col as i32));
            // The columns this pattern char matches, from its first match on.
            let mine = &self.of_char[i];
            let from = mine.partition_point(|&k| (self.cols[k as usize].col as usize) <= s);
            for &k in &mine[from..] {
                let k = k as usize;
                let here = self.cols[k];
                let col = here.col as usize;
                let x = col - 1;
                // The cell of the row above at column x: its match score and skip score.
                let (m_above, p_above) = match above_bound {
                    // Above the first row is skim's reset row: no match, skips at -1.
                    None => (NEG_INFINITY, GAP_EXTENSION),
                    Some(b) => {
                        while q < above.len() && (above[q].0 as usize) < x {
                            best = best.max(above[q].1 + above[q].0 as i32);
                            q += 1;
                        }
                        let m_at = match above.get(q) {
                            Some(&(c, v)) if c as usize == x => v,
                            _ => NEG_INFINITY,
                        };
                        (m_at, skip_score(b, best, x))
                    }
                };
                let by_match = if m_above > NONE_BELOW {
                    // The bonus left in the cell to the left: the boundary's or a match's
                    // from two rows above; a mismatch cleared it.
                    let left_matched = k > 0
                        && self.cols[k - 1].col as usize == x
                        && self.cols[k - 1].mask & bit != 0;
                    let left = if x == s || left_matched {
                        self.bonus_after(i as isize - 2, x)
                    } else {
                        0
                    };
                    m_above + left.max(here.bonus.max(BONUS_CONSECUTIVE))
                } else {
                    NEG_INFINITY
                };
                let by_skip = p_above + here.bonus;
                let score = if here.exact & bit != 0 {
                    SCORE_MATCH
                } else {
                    (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                };
                row.push((col as u32, by_match.max(by_skip) + score));
            }
            self.rows[i] = row;
        }
        let last = &self.rows[m - 1];
        last.iter().map(|&(_, v)| v).fold(bounds[m - 1].m, i32::max)
    }

    /// The consecutive bonus that pattern char `j`'s pass leaves in column `x` of its row
    /// (0 before any pass).
    fn bonus_after(&self, j: isize, x: usize) -> i32 {
        if j < 0 {
            return 0;
        }
        let ju = j as usize;
        let s = self.first[ju];
        if x < s {
            return self.bonus_after(j - 2, x);
        }
        let bit = 1u32 << ju;
        // Before the pass reaches x + 1: untouched at the boundary or after a match of this
        // row, cleared after a mismatch.
        let before = if x == s || self.mask_at(x) & bit != 0 {
            self.bonus_after(j - 2, x)
        } else {
            0
        };
        match self.col(x + 1) {
            Some(next) if next.mask & bit != 0 => before.max(next.bonus.max(BONUS_CONSECUTIVE)),
            _ => before,
        }
    }

    /// Skim's dense two-row computation, for patterns too long for the sparse one's masks.
    fn score_dense<C: Choice>(&mut self, choice: C, pattern: &Pattern) -> Option<i64> {
        let pat = &pattern.chars;
        self.chars.clear();
        self.chars.extend(choice.chars());
        self.bonuses.clear();
        self.bonuses.push(0);
        self.first.clear();
        let mut prev = Kind::Empty;
        for &c in &self.chars {
            let k = kind_of(c);
            self.bonuses.push(in_place_bonus(prev, k));
            prev = k;
            if self.first.len() < pat.len() && pattern.eq(c, pat[self.first.len()]) {
                self.first.push(self.bonuses.len() - 2);
            }
        }
        if self.first.len() < pat.len() {
            return None;
        }
        self.bonuses[1] *= FIRST_CHAR_MULTIPLIER;
        let cols = self.chars.len() + 1;
        // A fresh matrix: the first row skips at the gap extension's cost; the other starts
        // at minus infinity.
        let [top, other] = &mut self.dense;
        top.clear();
        top.resize(
            cols,
            Cell {
                m: NEG_INFINITY,
                p: GAP_EXTENSION,
                bonus: 0,
            },
        );
        other.clear();
        other.resize(
            cols,
            Cell {
                m: NEG_INFINITY,
                p: NEG_INFINITY,
                bonus: 0,
            },
        );
        for (i, &pc) in pat.iter().enumerate() {
            // Pattern char i writes row (i + 1) % 2 from row i % 2, as skim's compressed
            // matrix does.
            let (cur, prev): (&mut Vec<Cell>, &Vec<Cell>) = if i % 2 == 0 {
                (&mut *other, &*top)
            } else {
                (&mut *top, &*other)
            };
            for col in self.first[i] + 1..cols {
                let c = self.chars[col - 1];
                let in_place = self.bonuses[col];
                if pattern.eq(c, pc) {
                    let consecutive = cur[col - 1].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cur[col - 1].bonus = consecutive;
                    let by_match = prev[col - 1].m + consecutive;
                    let by_skip = prev[col - 1].p + in_place;
                    cur[col].m = by_match.max(by_skip) + pattern.match_score(c, pc);
                } else {
                    cur[col].m = NEG_INFINITY;
                    cur[col].bonus = 0;
                }
                let left = cur[col - 1];
                cur[col].p = (GAP_START + GAP_EXTENSION + left.m).max(GAP_EXTENSION + left.p);
            }
        }
        let last = if pat.len() % 2 == 1 { other } else { top };
        let from = self.first[pat.len() - 1];
        last[from..].iter().map(|c| c.m).max().map(i64::from)
    }
}

/// A row's skip score at column `x`, from its boundary and `best`, the most of
/// `score + column` over its matches (and boundary) left of `x`: a gap opened after the best
/// of them, or the boundary's skip carried on, each falling by one a column.
fn skip_score(b: Boundary, best: i32, x: usize) -> i32 {
    let x = x as i32;
    let carried = b.p.saturating_add(b.col as i32) - x;
    let opened = best.saturating_add(GAP_START + GAP_EXTENSION + 1) - x;
    carried.max(opened)
}

/// A row's match and skip scores at column `x` (right of its boundary).
fn cell_at(row: &[(u32, i32)], b: Boundary, x: usize) -> (i32, i32) {
    let mut best = b.m.saturating_add(b.col as i32);
    let mut m_at = if x == b.col { b.m } else { NEG_INFINITY };
    for &(c, v) in row {
        let c = c as usize;
        if c < x {
            best = best.max(v + c as i32);
        } else {
            if c == x {
                m_at = v;
            }
            break;
        }
    }
    (m_at, skip_score(b, best, x))
}

#[cfg(test)]
mod tests;
