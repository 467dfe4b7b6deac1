//! Arabic shaping for terminals: letters become their contextual presentation forms
//! (Arabic Presentation Forms-A/B) and lam + alef becomes one of the four mandatory
//! ligatures, so a terminal without its own shaping draws connected script.
//!
//! Forms are decided on LOGICAL neighbours, before reordering. Harakat are transparent (a
//! letter joins across them) and are kept after their letter; harakat between lam and alef
//! move after the ligature. No other ligature (in particular no ﷲ) is formed. A character
//! joins only if its joined form can be drawn: letters without presentation forms stay
//! unjoined, and so do their neighbours on that side.

use std::ops::Range;

use super::tables::{FINAL, INITIAL, ISOLATED, MEDIAL, PRESENTATION_FORMS};
use super::width::{is_format, is_mark, ZWJ, ZWNJ};

pub(crate) const LAM: char = '\u{0644}';
const TATWEEL: char = '\u{0640}';

/// One drawn unit in logical order: the logical bytes it stands for and the bytes of its
/// drawn text in [`Drawn::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Glyph {
    /// Byte range in the text that was shaped (plus the caller's offset).
    pub logical: Range<usize>,
    /// Byte range of the drawn text in [`Drawn::text`].
    pub drawn: Range<usize>,
}

/// The result of shaping a line: drawn text and the glyphs covering it, in logical order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Drawn {
    pub text: String,
    pub glyphs: Vec<Glyph>,
}

impl Drawn {
    fn push(&mut self, logical: Range<usize>, drawn: &[char]) {
        let start = self.text.len();
        self.text.extend(drawn);
        self.glyphs.push(Glyph {
            logical,
            drawn: start..self.text.len(),
        });
    }
}

/// How a character takes part in cursive joining (Unicode Joining_Type, restricted to what
/// a terminal can draw).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Joining {
    /// Joins on both sides and has the forms to show it.
    Dual,
    /// Joins to the preceding letter only (alef, dal, reh, waw, teh marbuta ...).
    Right,
    /// Joins on both sides without changing shape (tatweel, ZWJ).
    Causing,
    /// Never joins: spaces, digits, Latin, hamza, letters without presentation forms.
    None,
    /// Skipped when deciding joins: harakat and other marks, format characters.
    Transparent,
}

impl Joining {
    pub(crate) fn of(c: char) -> Joining {
        if c == ZWJ || c == TATWEEL {
            return Joining::Causing;
        }
        if c != ZWNJ && (is_mark(c) || is_format(c)) {
            return Joining::Transparent;
        }
        match forms(c) {
            Some(f) if f[INITIAL] != 0 && f[MEDIAL] != 0 => Joining::Dual,
            Some(f) if f[FINAL] != 0 => Joining::Right,
            _ => Joining::None,
        }
    }

    pub(crate) fn joins_forward(self) -> bool {
        matches!(self, Joining::Dual | Joining::Causing)
    }

    pub(crate) fn joins_backward(self) -> bool {
        matches!(self, Joining::Dual | Joining::Right | Joining::Causing)
    }
}

/// First and one-past-last letter of [`PRESENTATION_FORMS`].
const FORMS_FIRST: u32 = 0x0621;
const FORMS_END: u32 = 0x06D4;

/// [`PRESENTATION_FORMS`] indexed by `letter - FORMS_FIRST`; all zero for a letter without
/// forms. Built at compile time (an entry out of range fails the build).
static DIRECT_FORMS: [[u16; 4]; (FORMS_END - FORMS_FIRST) as usize] = direct_forms();

const fn direct_forms() -> [[u16; 4]; (FORMS_END - FORMS_FIRST) as usize] {
    let mut out = [[0u16; 4]; (FORMS_END - FORMS_FIRST) as usize];
    let mut i = 0;
    while i < PRESENTATION_FORMS.len() {
        let (letter, f) = PRESENTATION_FORMS[i];
        let mut k = 0;
        while k < 4 {
            assert!(f[k] <= 0xFFFF);
            out[(letter - FORMS_FIRST) as usize][k] = f[k] as u16;
            k += 1;
        }
        i += 1;
    }
    out
}

/// The presentation forms of `c` ([isolated, initial, medial, final], 0 where there is
/// none), or None if `c` has none.
fn forms(c: char) -> Option<[u16; 4]> {
    let cp = u32::from(c);
    if !(FORMS_FIRST..FORMS_END).contains(&cp) {
        return None;
    }
    DIRECT_FORMS
        .get((cp - FORMS_FIRST) as usize)
        .copied()
        .filter(|f| *f != [0; 4])
}

/// Form `form` (ISOLATED, INITIAL, MEDIAL or FINAL) of `c`, if Unicode has it.
#[inline]
pub(crate) fn form_of(c: char, form: usize) -> Option<char> {
    forms(c)
        .and_then(|f| f.get(form).copied())
        .filter(|&g| g != 0)
        .and_then(|g| char::from_u32(u32::from(g)))
}

/// The lam-alef ligature for `alef`: (isolated, final), or None if `alef` is not one of
/// ALEF (U+0627), ALEF WITH HAMZA ABOVE/BELOW (U+0623/U+0625), ALEF WITH MADDA (U+0622).
pub(crate) fn lam_alef(alef: char) -> Option<(char, char)> {
    match alef {
        '\u{0622}' => Some(('\u{FEF5}', '\u{FEF6}')),
        '\u{0623}' => Some(('\u{FEF7}', '\u{FEF8}')),
        '\u{0625}' => Some(('\u{FEF9}', '\u{FEFA}')),
        '\u{0627}' => Some(('\u{FEFB}', '\u{FEFC}')),
        _ => None,
    }
}

/// If `chars[i]` is a lam that forms a ligature, the index of its alef. Only harakat may
/// sit between the two (a tatweel or ZWJ/ZWNJ between them asks for no ligature).
fn ligature_partner(chars: &[(usize, char)], i: usize) -> Option<usize> {
    if chars.get(i)?.1 != LAM {
        return None;
    }
    let mut k = i + 1;
    while chars.get(k).is_some_and(|&(_, c)| is_mark(c)) {
        k += 1;
    }
    let &(_, alef) = chars.get(k)?;
    lam_alef(alef).map(|_| k)
}

/// Whether a text contains Arabic script that shaping could change; everything else is
/// passed through untouched.
fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{08FF}').contains(&c))
}

/// Number of lam-alef ligatures shaping forms in `s` (each saves one cell).
pub(crate) fn ligature_count(s: &str) -> usize {
    if !has_arabic(s) {
        return 0;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    (0..chars.len())
        .filter(|&i| ligature_partner(&chars, i).is_some())
        .count()
}

/// Draw `text` (one line, logical order) as glyphs; logical ranges are offset by `offset`.
/// With `shaping` false (or no Arabic in the text) every character is its own glyph.
pub(crate) fn shape(text: &str, offset: usize, shaping: bool) -> Drawn {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Drawn {
        text: String::with_capacity(text.len()),
        glyphs: Vec::with_capacity(chars.len()),
    };
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |&(b, _)| b);
    if !shaping || !has_arabic(text) {
        for (i, &(b, c)) in chars.iter().enumerate() {
            out.push(offset + b..offset + end_of(i), &[c]);
        }
        return out;
    }

    let joining: Vec<Joining> = chars.iter().map(|&(_, c)| Joining::of(c)).collect();
    let (joins_prev, joins_next) = resolve_joins(&joining);
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if let Some(k) = ligature_partner(&chars, i) {
            let (isolated, fin) = lam_alef(chars[k].1).unwrap_or((c, c));
            let mut drawn = vec![if joins_prev[i] { fin } else { isolated }];
            // Harakat written on the lam are drawn after the ligature.
            drawn.extend(chars[i + 1..k].iter().map(|&(_, m)| m));
            out.push(offset + b..offset + end_of(k), &drawn);
            i = k + 1;
            continue;
        }
        if c == ZWJ && joins_arabic(&joining, i) {
            // Its work is done once the neighbours have their joining forms; a terminal
            // that does not know it might draw it.
            out.push(offset + b..offset + end_of(i), &[]);
            i += 1;
            continue;
        }
        let shaped = match (joining[i], forms(c)) {
            (Joining::Dual | Joining::Right | Joining::None, Some(f)) => {
                let form = match (joins_prev[i], joins_next[i]) {
                    (true, true) => MEDIAL,
                    (true, false) => FINAL,
                    (false, true) => INITIAL,
                    (false, false) => ISOLATED,
                };
                char::from_u32(u32::from(f[form]))
                    .filter(|&g| g != '\0')
                    .unwrap_or(c)
            }
            _ => c,
        };
        out.push(offset + b..offset + end_of(i), &[shaped]);
        i += 1;
    }
    out
}

/// Whether the joiner at `i` sits next to a letter that takes joining forms (skipping
/// transparent characters), rather than inside, say, an emoji sequence.
fn joins_arabic(joining: &[Joining], i: usize) -> bool {
    let letter = |j: &Joining| matches!(j, Joining::Dual | Joining::Right);
    let before = joining[..i]
        .iter()
        .rev()
        .find(|&&j| j != Joining::Transparent);
    let after = joining
        .get(i + 1..)
        .unwrap_or(&[])
        .iter()
        .find(|&&j| j != Joining::Transparent);
    before.is_some_and(letter) || after.is_some_and(letter)
}

/// For every character: does it join its previous / next non-transparent neighbour?
fn resolve_joins(joining: &[Joining]) -> (Vec<bool>, Vec<bool>) {
    let mut joins_prev = vec![false; joining.len()];
    let mut joins_next = vec![false; joining.len()];
    let mut prev: Option<usize> = None;
    for (i, &j) in joining.iter().enumerate() {
        if j == Joining::Transparent {
            continue;
        }
        if let Some(p) = prev {
            if joining[p].joins_forward() && j.joins_backward() {
                joins_prev[i] = true;
                joins_next[p] = true;
            }
        }
        prev = Some(i);
    }
    (joins_prev, joins_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(s: &str) -> String {
        shape(s, 0, true).text
    }

    #[test]
    fn contextual_forms() {
        // beh: isolated, then initial + final, then initial + medial + final.
        assert_eq!(drawn("ب"), "\u{FE8F}");
        assert_eq!(drawn("بب"), "\u{FE91}\u{FE90}");
        assert_eq!(drawn("ببب"), "\u{FE91}\u{FE92}\u{FE90}");
        // A right-joining letter (dal) ends the join: the following beh starts afresh.
        assert_eq!(drawn("بدب"), "\u{FE91}\u{FEAA}\u{FE8F}");
        // Hamza never joins and has an isolated form.
        assert_eq!(drawn("ء"), "\u{FE80}");
    }

    #[test]
    fn lam_alef_ligatures() {
        assert_eq!(drawn("لا"), "\u{FEFB}");
        assert_eq!(drawn("لأ"), "\u{FEF7}");
        assert_eq!(drawn("لإ"), "\u{FEF9}");
        assert_eq!(drawn("لآ"), "\u{FEF5}");
        // After a joining letter the final forms are used: seen initial + lam-alef final.
        assert_eq!(drawn("سلا"), "\u{FEB3}\u{FEFC}");
        assert_eq!(drawn("سلأ"), "\u{FEB3}\u{FEF8}");
        assert_eq!(drawn("سلإ"), "\u{FEB3}\u{FEFA}");
        assert_eq!(drawn("سلآ"), "\u{FEB3}\u{FEF6}");
        assert_eq!(ligature_count("لا سلام بلا"), 3);
    }

    #[test]
    fn harakat_are_kept_and_transparent() {
        // قَالَ: qaf initial, fatha, alef final, lam isolated, fatha.
        assert_eq!(drawn("قَالَ"), "\u{FED7}\u{064E}\u{FE8E}\u{FEDD}\u{064E}");
        // A haraka between lam and alef moves after the ligature.
        assert_eq!(drawn("لَا"), "\u{FEFB}\u{064E}");
        let d = shape("لَا", 10, true);
        assert_eq!(d.glyphs.len(), 1);
        assert_eq!(d.glyphs[0].logical, 10..16);
    }

    #[test]
    fn no_allah_ligature_and_tatweel_joins() {
        // الله: alef, lam initial, lam medial, heh final; no U+FDF2.
        assert_eq!(drawn("الله"), "\u{FE8D}\u{FEDF}\u{FEE0}\u{FEEA}");
        // كـــتاب: kaf initial, tatweels, teh medial, alef final, beh isolated.
        assert_eq!(
            drawn("كـــتاب"),
            "\u{FEDB}\u{0640}\u{0640}\u{0640}\u{FE98}\u{FE8E}\u{FE8F}"
        );
    }

    #[test]
    fn persian_letters() {
        // پ چ ژ گ ک ی isolated.
        assert_eq!(
            drawn("پ چ ژ گ ک ی"),
            "\u{FB56} \u{FB7A} \u{FB8A} \u{FB92} \u{FB8E} \u{FBFC}"
        );
        // گپ: gaf initial, peh final.
        assert_eq!(drawn("گپ"), "\u{FB94}\u{FB57}");
    }

    #[test]
    fn zwj_forces_joining_and_is_dropped() {
        // heh + ZWJ: the heh takes its initial form; the ZWJ is not drawn.
        assert_eq!(drawn("ه\u{200D}"), "\u{FEEB}");
        // ZWNJ prevents joining and is kept.
        assert_eq!(drawn("ب\u{200C}ب"), "\u{FE8F}\u{200C}\u{FE8F}");
        // A ZWJ between emoji is left alone.
        assert_eq!(drawn("ب 👨\u{200D}👩"), "\u{FE8F} 👨\u{200D}👩");
    }

    #[test]
    fn direct_forms_agree_with_the_table() {
        for &(letter, f) in PRESENTATION_FORMS {
            let c = char::from_u32(letter).unwrap_or('?');
            for (k, &form) in f.iter().enumerate() {
                assert_eq!(form_of(c, k).map(u32::from), (form != 0).then_some(form));
            }
        }
        assert_eq!(forms('a'), None);
        assert_eq!(forms('\u{0640}'), None);
        assert_eq!(forms('\u{06D4}'), None);
        assert_eq!(form_of('\u{0628}', FINAL), Some('\u{FE90}'));
    }

    #[test]
    fn non_arabic_is_untouched() {
        let d = shape("iPhone 16", 3, true);
        assert_eq!(d.text, "iPhone 16");
        assert_eq!(d.glyphs.len(), 9);
        assert_eq!(d.glyphs[0].logical, 3..4);
        assert_eq!(shape("بب", 0, false).text, "بب");
    }
}
