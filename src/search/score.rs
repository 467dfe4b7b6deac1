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

/// Chars looked up in a pattern's table rather than searched for.
const TABLE_CHARS: usize = 0x800;

/// A pattern ready to score many titles with.
#[derive(Debug, Clone)]
pub struct Pattern {
    chars: Vec<char>,
    /// Skim's smart case: an ASCII capital in the pattern makes the match case-sensitive.
    case_sensitive: bool,
    /// For each char below U+0800 (Latin and Arabic letters among them), which pattern chars
    /// it matches (bit `i` for char `i`, the first 32) and which it equals exactly; the same
    /// for the pattern's chars above.
    table: Box<[(u32, u32)]>,
    other: Vec<(char, u32)>,
    /// The pattern packed one byte a char, or `None` when a char of it is not in the code
    /// page: then no packed key can match it.
    packed: Option<Vec<u8>>,
    /// For each byte of a packed key: its char's kind and masks.
    bytes: Box<[(Kind, u32, u32)]>,
    /// The bytes that match the pattern's first char and its last (one or two each, for a
    /// byte scan), when the pattern packs.
    edges: Option<(Vec<u8>, Vec<u8>)>,
    /// The most a match of the second char right after one of the first gains on top of its
    /// match score (the in-place or the consecutive bonus), over the kinds of chars they can
    /// match: what bounds a two-char pattern's later matches.
    follow_bonus: i32,
}

impl Pattern {
    pub fn new(pattern: &str) -> Pattern {
        let chars: Vec<char> = pattern.chars().collect();
        let case_sensitive = chars.iter().any(|c| c.is_ascii_uppercase());
        let mut table = vec![(0u32, 0u32); TABLE_CHARS].into_boxed_slice();
        let mut other: Vec<(char, u32)> = Vec::new();
        for (i, &p) in chars.iter().enumerate().take(32) {
            let bit = 1u32 << i;
            if p.is_ascii() {
                for (b, slot) in table.iter_mut().enumerate().take(128) {
                    let c = b as u8 as char;
                    let eq = if case_sensitive {
                        c == p
                    } else {
                        c.eq_ignore_ascii_case(&p)
                    };
                    if eq {
                        slot.0 |= bit;
                        if c == p {
                            slot.1 |= bit;
                        }
                    }
                }
            } else if (p as usize) < TABLE_CHARS {
                table[p as usize].0 |= bit;
                table[p as usize].1 |= bit;
            } else {
                match other.iter_mut().find(|(c, _)| *c == p) {
                    Some((_, mask)) => *mask |= bit,
                    None => other.push((p, bit)),
                }
            }
        }
        let bytes: Box<[(Kind, u32, u32)]> = DECODE
            .iter()
            .map(|&c| {
                let (mask, exact) = lookup(&table, &other, c);
                (kind_of(c), mask, exact)
            })
            .collect();
        let matching = |bit: u32| -> Vec<u8> {
            (0..=255u8)
                .filter(|&b| bytes_mask(&bytes, b) & bit != 0)
                .collect()
        };
        let edges = match chars.len() {
            1..=32 => {
                let (first, last) = (matching(1), matching(1 << (chars.len() - 1)));
                (first.len() <= 2 && last.len() <= 2).then_some((first, last))
            }
            _ => None,
        };
        let kinds = |p: char| -> Vec<Kind> {
            if p.is_ascii_alphabetic() && !case_sensitive {
                vec![Kind::Upper, Kind::Lower]
            } else {
                vec![kind_of(p)]
            }
        };
        let follow_bonus = match chars[..] {
            [a, b, ..] => kinds(a)
                .iter()
                .flat_map(|&ka| kinds(b).into_iter().map(move |kb| in_place_bonus(ka, kb)))
                .fold(BONUS_CONSECUTIVE, i32::max),
            _ => BONUS_CONSECUTIVE,
        };
        Pattern {
            packed: pack(pattern),
            bytes,
            edges,
            follow_bonus,
            chars,
            case_sensitive,
            table,
            other,
        }
    }

    /// Which pattern chars `c` matches, and which it equals exactly.
    fn masks(&self, c: char) -> (u32, u32) {
        lookup(&self.table, &self.other, c)
    }

    fn eq(&self, c: char, p: char) -> bool {
        if self.case_sensitive {
            c == p
        } else {
            c.eq_ignore_ascii_case(&p)
        }
    }

    fn match_score(&self, c: char, p: char) -> i32 {
        if !self.case_sensitive && c != p {
            (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
        } else {
            SCORE_MATCH
        }
    }

    /// Whether every char of the pattern occurs in `text` in order: a scan for each char's
    /// bytes (memchr under `str::find`), which rejects most titles before any scoring.
    pub fn in_order_in(&self, text: &str) -> bool {
        let mut rest = text;
        for &p in &self.chars {
            let found = if !self.case_sensitive && p.is_ascii_alphabetic() {
                let lower = rest.find(p.to_ascii_lowercase());
                let upper = rest[..lower.unwrap_or(rest.len())].find(p.to_ascii_uppercase());
                upper.or(lower)
            } else {
                rest.find(p)
            };
            match found {
                Some(at) => rest = &rest[at + p.len_utf8()..],
                None => return false,
            }
        }
        true
    }

    /// [`Pattern::in_order_in`] for a packed key: a byte scan for each char's byte.
    pub fn in_order_in_packed(&self, key: &[u8]) -> bool {
        let Some(packed) = &self.packed else {
            return false;
        };
        let mut rest = key;
        for &b in packed {
            let found = if !self.case_sensitive && b.is_ascii_alphabetic() {
                memchr::memchr2(b.to_ascii_lowercase(), b.to_ascii_uppercase(), rest)
            } else {
                memchr::memchr(b, rest)
            };
            match found {
                Some(at) => rest = &rest[at + 1..],
                None => return false,
            }
        }
        true
    }
}

/// A text to score: a `&str`, or a key packed one byte a char ([`Packed`]). The scorer
/// reads either as chars, so both score alike.
pub trait Choice: Copy {
    fn chars(self) -> impl Iterator<Item = char>;
    /// Each char's kind and which pattern chars it matches (and equals exactly): all the
    /// sparse scorers need to know of it.
    fn classes(self, pattern: &Pattern) -> impl Iterator<Item = (Kind, u32, u32)>;
    /// The chars worth reading: from the first that matches the pattern's first char to the
    /// last that matches its last (no alignment starts before or ends after them), with the
    /// kind of the char before the window, for the bonus of its first char.
    fn window(self, _pattern: &Pattern) -> Window {
        Window {
            from: 0,
            to: usize::MAX,
            prev: Kind::Empty,
        }
    }
    /// [`Choice::classes`] of the chars in the window.
    fn classes_in(self, pattern: &Pattern, w: &Window) -> impl Iterator<Item = (Kind, u32, u32)> {
        self.classes(pattern).skip(w.from).take(w.to - w.from)
    }
    /// Whether every char of the pattern occurs in order (see [`Pattern::in_order_in`]).
    fn has_in_order(self, pattern: &Pattern) -> bool;
}

impl Choice for &str {
    fn chars(self) -> impl Iterator<Item = char> {
        str::chars(self)
    }

    fn classes(self, pattern: &Pattern) -> impl Iterator<Item = (Kind, u32, u32)> {
        str::chars(self).map(|c| {
            let (mask, exact) = pattern.masks(c);
            (kind_of(c), mask, exact)
        })
    }

    fn has_in_order(self, pattern: &Pattern) -> bool {
        pattern.in_order_in(self)
    }
}

/// Where in a choice the scorers read (see [`Choice::window`]).
pub struct Window {
    from: usize,
    to: usize,
    prev: Kind,
}

/// A key packed by [`super::packed`].
#[derive(Clone, Copy, Debug)]
pub struct Packed<'a>(pub &'a [u8]);

impl Choice for Packed<'_> {
    fn chars(self) -> impl Iterator<Item = char> {
        self.0.iter().map(|&b| DECODE[usize::from(b)])
    }

    /// A byte is looked up once in the pattern's byte table: no UTF-8 to decode.
    fn classes(self, pattern: &Pattern) -> impl Iterator<Item = (Kind, u32, u32)> {
        self.0.iter().map(|&b| pattern.bytes[usize::from(b)])
    }

    fn has_in_order(self, pattern: &Pattern) -> bool {
        pattern.in_order_in_packed(self.0)
    }

    /// Found with a byte scan from each end.
    fn window(self, pattern: &Pattern) -> Window {
        let key = self.0;
        let whole = Window {
            from: 0,
            to: key.len(),
            prev: Kind::Empty,
        };
        let Some((first, last)) = &pattern.edges else {
            return whole;
        };
        let find = |bytes: &[u8], back: bool| match (bytes, back) {
            ([a], false) => memchr::memchr(*a, key),
            ([a, b], false) => memchr::memchr2(*a, *b, key),
            ([a], true) => memchr::memrchr(*a, key),
            ([a, b], true) => memchr::memrchr2(*a, *b, key),
            _ => None,
        };
        match (find(first, false), find(last, true)) {
            (Some(from), Some(last)) if from <= last => Window {
                from,
                to: last + 1,
                prev: match from {
                    0 => Kind::Empty,
                    _ => pattern.bytes[usize::from(key[from - 1])].0,
                },
            },
            // The pattern cannot occur: an empty window.
            _ => Window {
                from: 0,
                to: 0,
                prev: Kind::Empty,
            },
        }
    }

    fn classes_in(self, pattern: &Pattern, w: &Window) -> impl Iterator<Item = (Kind, u32, u32)> {
        self.0[w.from..w.to]
            .iter()
            .map(|&b| pattern.bytes[usize::from(b)])
    }
}

fn bytes_mask(bytes: &[(Kind, u32, u32)], b: u8) -> u32 {
    bytes[usize::from(b)].1
}

/// [`Pattern::masks`] from the pattern's tables.
fn lookup(table: &[(u32, u32)], other: &[(char, u32)], c: char) -> (u32, u32) {
    match table.get(c as usize) {
        Some(&m) => m,
        None => other
            .iter()
            .find(|(p, _)| *p == c)
            .map_or((0, 0), |&(_, m)| (m, m)),
    }
}

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
            return Self::score_one(choice, pattern).map(i64::from);
        }
        if pattern.chars.len() == 2 {
            return Self::score_two(choice, pattern).map(i64::from);
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

    /// Two pattern chars in one pass, what [`Scorer::sparse`] comes to for two rows: the
    /// first char's matches score their bonus (a skip from the start row), and the second
    /// char's, after any first-char match, the better of following one directly (with the
    /// consecutive bonus) or after a gap from the best of them (`best`: the most of
    /// `score + column` over first-char matches at least two columns back).
    fn score_two<C: Choice>(choice: C, pattern: &Pattern) -> Option<i32> {
        let (bit0, bit1) = (1u32, 2u32);
        let mut best_far = NEG_INFINITY; // first-char matches two or more columns back
        let mut left: Option<i32> = None; // a first-char match in the column just before
        let mut seen_first = false;
        let mut result: Option<i32> = None;
        let window = choice.window(pattern);
        let mut prev = window.prev;
        for (j, (k, mask, exact)) in choice.classes_in(pattern, &window).enumerate() {
            let j = j + window.from;
            let mut this_first = None;
            if mask != 0 {
                let mut bonus = in_place_bonus(prev, k);
                if j == 0 {
                    bonus *= FIRST_CHAR_MULTIPLIER;
                }
                let col = j as i32 + 1;
                if mask & bit1 != 0 && seen_first {
                    let x = col - 1;
                    let by_match = left.map_or(NEG_INFINITY, |m| m + bonus.max(BONUS_CONSECUTIVE));
                    let by_skip =
                        best_far.saturating_add(GAP_START + GAP_EXTENSION + 1) - x + bonus;
                    let score = if exact & bit1 != 0 {
                        SCORE_MATCH
                    } else {
                        (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                    };
                    let m = by_match.max(by_skip) + score;
                    result = Some(result.map_or(m, |r| r.max(m)));
                }
                if mask & bit0 != 0 {
                    let score = if exact & bit0 != 0 {
                        SCORE_MATCH
                    } else {
                        (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                    };
                    this_first = Some((GAP_EXTENSION + bonus + score, col));
                }
            }
            // The match one column back moves out of reach of a direct follow.
            if let Some(m) = left.take() {
                best_far = best_far.max(m + j as i32);
            }
            if let Some((m, _)) = this_first {
                left = Some(m);
                seen_first = true;
            }
            prev = k;
            // The most a later column can give: a first-char match there (at most a word
            // start's bonus and an exact match) followed directly or after a gap, the one
            // here followed directly or after a gap, or a gap after those further back.
            if let Some(r) = result {
                let here = left.unwrap_or(NEG_INFINITY);
                let later_first = GAP_EXTENSION + BONUS_HEAD + SCORE_MATCH;
                // Followed directly: the first char's score, the follow bonus and the match.
                let direct = |m: i32| m.saturating_add(pattern.follow_bonus + SCORE_MATCH);
                // After a gap: a first-char match's score plus its column, less the gap to
                // column `x`, plus at most a word start's bonus and the match.
                let gap = |m_col: i32, x: i32| {
                    m_col.saturating_add(
                        GAP_START + GAP_EXTENSION + 1 - x + BONUS_HEAD + SCORE_MATCH,
                    )
                };
                let j = j as i32;
                let bound = direct(later_first)
                    .max(gap(later_first + j + 2, j + 3))
                    .max(direct(here))
                    .max(gap(here.saturating_add(j + 1), j + 2))
                    .max(gap(best_far, j + 1));
                if r >= bound {
                    break;
                }
            }
        }
        result
    }

    /// One pattern char: the best single match, a skip from the start row plus the bonus of
    /// where it lands (what the two-row matrix comes to for one row).
    fn score_one<C: Choice>(choice: C, pattern: &Pattern) -> Option<i32> {
        let mut best = None;
        let window = choice.window(pattern);
        let mut prev = window.prev;
        for (j, (k, mask, exact)) in choice.classes_in(pattern, &window).enumerate() {
            if mask & 1 != 0 {
                let mut bonus = in_place_bonus(prev, k);
                if j + window.from == 0 {
                    bonus *= FIRST_CHAR_MULTIPLIER;
                }
                // Equal, or equal but for case (smart case).
                let score = if exact & 1 != 0 {
                    SCORE_MATCH
                } else {
                    (SCORE_MATCH + PENALTY_CASE_MISMATCH).max(0)
                };
                best = best.max(Some(GAP_EXTENSION + bonus + score));
                // The most any later char can score: a word start's bonus (only the first
                // char doubles it) and an exact match. Reached, the rest cannot beat it.
                if bonus >= BONUS_HEAD && score == SCORE_MATCH {
                    break;
                }
            }
            prev = k;
        }
        best
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
mod tests {
    use super::*;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use fuzzy_matcher::FuzzyMatcher;

    fn skim(choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .smart_case()
            .fuzzy_match(choice, pattern)
    }

    #[test]
    fn same_scores_as_skim_on_news_titles() {
        let titles = [
            "بوتين يصل إلى باكو في زيارة دولة",
            "Putin arrives in Baku for a state visit",
            "COP29: OPEC+ ministers meet in Baku",
            "وزير الاقتصاد: التضخم 3.5% في ٢٠٢٣",
            "iPhone sales (Q3) beat/miss forecasts",
            "aaa bab abab a-b_a",
            "",
        ];
        let mut s = Scorer::default();
        for t in titles {
            for p in [
                "p",
                "pu",
                "putin",
                "ب",
                "بوت",
                "بوتين",
                "ال",
                "الاقتصاد",
                "aa",
                "aba",
                "bab",
                "ab a",
                "Pu",
                "COP",
                "cop29",
                "3.5",
                "a-b",
                "x",
                "زيارة",
                "putin arrives in baku for a state visit and more letters than 32",
            ] {
                assert_eq!(s.score(t, &Pattern::new(p)), skim(t, p), "{p:?} in {t:?}");
            }
        }
    }

    #[test]
    fn unchecked_scoring_still_rejects() {
        let mut s = Scorer::default();
        for (choice, p) in [("oil", "p"), ("oil", "po"), ("بوتين", "ق"), ("", "a")] {
            assert_eq!(
                s.score_unchecked(choice, &Pattern::new(p)),
                None,
                "{p} in {choice}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn same_scores_as_skim_on_random_text(
            choice in "[ab AB/._1ا ب-]{0,24}",
            pattern in "[abAB ._1اب-]{1,5}",
        ) {
            let mut s = Scorer::default();
            // The scratch rows are reused: score something else first.
            let _ = s.score("ab ba ab a.b", &Pattern::new("abba"));
            let p = Pattern::new(&pattern);
            let expected = skim(&choice, &pattern);
            proptest::prop_assert_eq!(s.score(choice.as_str(), &p), expected);
            proptest::prop_assert_eq!(s.score_unchecked(choice.as_str(), &p), expected);
            let dense = if p.in_order_in(&choice) { s.score_dense(choice.as_str(), &p) } else { None };
            proptest::prop_assert_eq!(dense, expected);
        }

        #[test]
        fn two_char_patterns_stop_early_only_when_nothing_later_can_win(
            choice in "[ab AB/._1ا ب-]{0,40}",
            pattern in "[abAB ._1اب-]{2}",
        ) {
            let mut s = Scorer::default();
            let p = Pattern::new(&pattern);
            let expected = skim(&choice, &pattern);
            proptest::prop_assert_eq!(s.score(choice.as_str(), &p), expected);
            if let Some(packed) = crate::search::packed::pack(&choice) {
                proptest::prop_assert_eq!(s.score(Packed(&packed), &p), expected);
            }
        }

        #[test]
        fn packed_keys_score_as_their_text_does(
            choice in "[ab /._1اب-ةيé«»·]{0,40}",
            pattern in "[ab ._1اب-ةé·]{1,6}",
        ) {
            let mut s = Scorer::default();
            let p = Pattern::new(&pattern);
            let packed = crate::search::packed::pack(&choice).expect("the page holds these");
            let expected = skim(&choice, &pattern);
            proptest::prop_assert_eq!(s.score(Packed(&packed), &p), expected);
            proptest::prop_assert_eq!(p.in_order_in_packed(&packed), p.in_order_in(&choice));
            if p.in_order_in(&choice) {
                proptest::prop_assert_eq!(s.score_unchecked(Packed(&packed), &p), expected);
                proptest::prop_assert_eq!(s.score_dense(Packed(&packed), &p), expected);
            }
        }

        #[test]
        fn same_scores_as_skim_with_long_patterns_and_repeats(
            choice in "[aab b.]{0,60}",
            pattern in "[ab]{2,9}",
        ) {
            let mut s = Scorer::default();
            proptest::prop_assert_eq!(s.score(choice.as_str(), &Pattern::new(&pattern)), skim(&choice, &pattern));
        }
    }
}
