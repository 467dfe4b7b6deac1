//! An averaged-perceptron sequence tagger for Arabic names: BIO tags over person, place and
//! organization, decoded greedily left to right (each tag sees the two before it), with the
//! BIO constraint that `I-X` only follows `B-X` or `I-X`; then a word tagged as a one-word
//! name of one kind is tagged so where it stands alone elsewhere in the paragraph
//! ([`consistent`]).
//!
//! Features are hashed into `2^BITS` buckets; each bucket holds one weight per tag. They are
//! built from the paragraph's tokens ([`Para`], folded by `crate::text::fold_for_match`): the
//! word, its clitic-stripped stem (و ف, then ب ل ك, then ال), prefixes and suffixes, the
//! neighbouring words, the word's shape, its membership in the project's lexicons (places,
//! organizations, people, given names, titles, organization heads, speech verbs, gentilics)
//! and the previous tags. Each piece of text (word, stem, affix) is hashed once per token
//! and shared with the neighbours' features; a feature is its template mixed into that hash.
//!
//! The weights are trained by `examples/train_tagger.rs` on ANERcorp (see
//! `data/tagger.ATTRIBUTION.md`) and compiled in from `data/tagger.bin`. Format, all
//! little-endian:
//!
//! ```text
//! magic   8 bytes  "AKTAG1\0\0"
//! bits    u32      log2 of the number of feature buckets
//! ntags   u32      7: O B-PER I-PER B-LOC I-LOC B-ORG I-ORG
//! scale   f32      weight = i16 value * scale
//! nrows   u32      buckets with any weight left after pruning
//! rows    nrows × (bucket u32, ntags × i16)
//! ```
//!
//! A file that does not parse gives no model, and the tagger finds nothing. For
//! cross-validation, `AKHBAR_TAGGER_WEIGHTS=FILE` makes the process load FILE instead of the
//! compiled-in weights.

use super::names::{given_at, is_gentilic, match_at, names};
use super::token::{Class, Para};
use super::vocab;
use super::Kind;
use std::sync::OnceLock;

mod features;
mod model;
#[cfg(test)]
mod tests;
pub use features::*;
pub use model::{consistent, spans_of, Model};

/// The tags, by index.
pub const TAGS: [&str; NTAGS] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];
pub const NTAGS: usize = 7;
/// log2 of the number of feature buckets.
pub const BITS: u32 = 18;
const MAGIC: &[u8; 8] = b"AKTAG1\0\0";

/// May tag `t` follow tag `prev`? `I-X` only continues `B-X` or `I-X`.
pub fn allowed(prev: usize, t: usize) -> bool {
    t == 0 || t % 2 == 1 || prev == t || prev + 1 == t
}

/// The kind a tag index names (`None` for O).
pub fn kind_of(t: usize) -> Option<Kind> {
    match t {
        1 | 2 => Some(Kind::Person),
        3 | 4 => Some(Kind::Place),
        5 | 6 => Some(Kind::Organization),
        _ => None,
    }
}

/// The B tag of a kind.
pub fn begin_of(kind: Kind) -> usize {
    match kind {
        Kind::Person => 1,
        Kind::Place => 3,
        _ => 5,
    }
}

/// Writes weights (`weights[bucket * NTAGS + tag]`, `2^bits * NTAGS` of them, `bits` at most
/// [`BITS`]) in the format above, dropping buckets whose largest weight is below `prune` in absolute value. Returns
/// the number of rows kept.
pub fn write_model(weights: &[f32], prune: f32, out: &mut Vec<u8>) -> usize {
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-9);
    let scale = max / 32767.0;
    let mut rows = Vec::new();
    for (b, row) in weights.chunks_exact(NTAGS).enumerate() {
        if row.iter().any(|w| w.abs() >= prune) {
            rows.push((b as u32, row));
        }
    }
    let bits = (weights.len() / NTAGS).max(1).trailing_zeros();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (b, row) in &rows {
        out.extend_from_slice(&b.to_le_bytes());
        for w in *row {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
    }
    rows.len()
}

static WEIGHTS: &[u8] = include_bytes!("data/tagger.bin");

/// The model: `AKHBAR_TAGGER_WEIGHTS`'s file if set (for cross-validation), else the
/// compiled-in weights. Loaded once.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| load("AKHBAR_TAGGER_WEIGHTS", WEIGHTS))
        .as_ref()
}

/// A model from the file that environment variable `var` names if it is set, else from the
/// compiled-in `weights`.
pub(crate) fn load(var: &str, weights: &[u8]) -> Option<Model> {
    match std::env::var_os(var) {
        Some(path) => std::fs::read(path).ok().and_then(|b| Model::from_bytes(&b)),
        None => Model::from_bytes(weights),
    }
}

/// The paragraph's words whose first letter `script` claims, and the other words.
pub(crate) fn script_words(p: &Para, script: impl Fn(char) -> bool) -> (usize, usize) {
    let (mut mine, mut other) = (0, 0);
    for i in 0..p.len() {
        if !p.is_word(i) {
            continue;
        }
        if script(p.f(i).chars().next().unwrap_or(' ')) {
            mine += 1;
        } else {
            other += 1;
        }
    }
    (mine, other)
}

/// Is the paragraph mostly Arabic? Only Arabic text is tagged: not Persian, though it is
/// written in the same script (the model learnt Arabic words and affixes, and on Persian
/// it tagged common words as names: را, دارد, کشورهای).
pub(crate) fn is_arabic_para(p: &Para) -> bool {
    *p.arabic.get_or_init(|| {
        let (ar, other) = script_words(p, |c| ('\u{0600}'..='\u{06FF}').contains(&c));
        ar > 0 && ar >= other && !is_persian(p, ar)
    })
}

/// Letters Persian writes and Arabic does not: keheh ک and Farsi yeh ی (Persian's k and y,
/// in nearly every sentence), and پ چ ژ گ. Arabic text has them only in the odd foreign
/// name, so a paragraph where one word in ten of its `arabic_words` has one is Persian.
fn is_persian(p: &Para, arabic_words: usize) -> bool {
    let persian = |c: char| matches!(c, 'ک' | 'ی' | 'پ' | 'چ' | 'ژ' | 'گ');
    let marked = p
        .tokens
        .iter()
        .filter(|t| {
            t.class == Class::Word && (t.start..t.end).any(|k| p.char_at(k).is_some_and(persian))
        })
        .count();
    marked >= 2 && marked * 10 >= arabic_words
}

/// Token spans of names the tagger finds in an Arabic paragraph; `None` for other text or
/// without a model (the rules alone then decide).
pub(crate) fn tag_para(
    p: &Para,
    hints: &[(usize, usize, Kind)],
) -> Option<Vec<(usize, usize, Kind)>> {
    let m = model()?;
    if !is_arabic_para(p) {
        return None;
    }
    let enc = encode_para(p, hints);
    let mut tags = m.tags(&enc);
    consistent(&enc, &mut tags);
    Some(spans_of(&tags))
}

/// Tags a text given as one paragraph: `(start char, end char, kind)` of each name.
pub fn tag_text(text: &str) -> Vec<(usize, usize, Kind)> {
    tag_text_with(text, tag_para)
}

/// A tagger's paragraph function: token spans of the names in a paragraph, given the rules'
/// spans as hints; `None` where the tagger does not apply.
pub(crate) type TagPara = fn(&Para, &[(usize, usize, Kind)]) -> Option<Vec<(usize, usize, Kind)>>;

/// A text as one paragraph through a tagger's `tag_para` (this one's or the English one's),
/// with the rules' spans as hints: `(start char, end char, kind)` of each name.
pub(crate) fn tag_text_with(text: &str, tag_para: TagPara) -> Vec<(usize, usize, Kind)> {
    let p = Para::new(text);
    let blocks = super::paragraph_blocks(&p);
    let hints = super::entity::rule_spans(&p, &blocks);
    tag_para(&p, &hints)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(a, b, k)| Some((p.tokens.get(a)?.start, p.tokens.get(b - 1)?.end, k)))
        .collect()
}
