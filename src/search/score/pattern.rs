//! A pattern compiled for scoring: its chars, smart case, the tables that say which pattern
//! chars each title char (or packed key byte) matches, and the titles it can be scored
//! against (`&str` and packed keys, through [`Choice`]).

use super::*;

/// Chars looked up in a pattern's table rather than searched for.
const TABLE_CHARS: usize = 0x800;

/// A pattern ready to score many titles with.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub(super) chars: Vec<char>,
    /// Skim's smart case: an ASCII capital in the pattern makes the match case-sensitive.
    pub(super) case_sensitive: bool,
    /// For each char below U+0800 (Latin and Arabic letters among them), which pattern chars
    /// it matches (bit `i` for char `i`, the first 32) and which it equals exactly; the same
    /// for the pattern's chars above.
    pub(super) table: Box<[(u32, u32)]>,
    pub(super) other: Vec<(char, u32)>,
    /// The pattern packed one byte a char, or `None` when a char of it is not in the code
    /// page: then no packed key can match it.
    pub(super) packed: Option<Vec<u8>>,
    /// For each byte of a packed key: its char's kind and masks.
    pub(super) bytes: Box<[(Kind, u32, u32)]>,
    /// The bytes that match the pattern's first char and its last (one or two each, for a
    /// byte scan), when the pattern packs.
    pub(super) edges: Option<(Vec<u8>, Vec<u8>)>,
    /// The most a match of the second char right after one of the first gains on top of its
    /// match score (the in-place or the consecutive bonus), over the kinds of chars they can
    /// match: what bounds a two-char pattern's later matches.
    pub(super) follow_bonus: i32,
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

    pub(super) fn eq(&self, c: char, p: char) -> bool {
        if self.case_sensitive {
            c == p
        } else {
            c.eq_ignore_ascii_case(&p)
        }
    }

    pub(super) fn match_score(&self, c: char, p: char) -> i32 {
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
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) prev: Kind,
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

pub(super) fn bytes_mask(bytes: &[(Kind, u32, u32)], b: u8) -> u32 {
    bytes[usize::from(b)].1
}

/// [`Pattern::masks`] from the pattern's tables.
pub(super) fn lookup(table: &[(u32, u32)], other: &[(char, u32)], c: char) -> (u32, u32) {
    match table.get(c as usize) {
        Some(&m) => m,
        None => other
            .iter()
            .find(|(p, _)| *p == c)
            .map_or((0, 0), |&(_, m)| (m, m)),
    }
}
