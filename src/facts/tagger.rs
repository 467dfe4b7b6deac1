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

mod model;
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

/// FNV-1a, continued from `h` (the tag-transition features, a few bytes each).
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xd6e8_feb8_6659_fd93;

/// Hash of a piece of text (a word, a stem, an affix), eight bytes at a time. Each piece is
/// hashed once per token; features then [`mix`] a template number into it, so no feature
/// builds a string or hashes text again.
pub(crate) fn hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = SEED ^ (b.len() as u64).wrapping_mul(K1);
    let mut chunks = b.chunks_exact(8);
    let step = |h: u64, c: &[u8]| {
        // The bytes as a little-endian u64, zero-padded; built byte by byte, since a copy of
        // a variable length calls memcpy, which cost more than the hashing here.
        let word = c
            .iter()
            .enumerate()
            .fold(0u64, |w, (k, &b)| w | u64::from(b) << (8 * k));
        (h ^ word).wrapping_mul(K1).rotate_left(31)
    };
    for c in &mut chunks {
        h = step(h, c);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = step(h, rest);
    }
    h
}

/// A feature: template `t` over the piece hash `h` (a strong 64-bit finalizer, so nearby
/// inputs land in unrelated buckets).
pub(crate) fn mix(t: u8, h: u64) -> u64 {
    let mut x = h ^ (u64::from(t) + 1).wrapping_mul(K1);
    x ^= x >> 32;
    x = x.wrapping_mul(K2);
    x ^= x >> 29;
    x = x.wrapping_mul(K1);
    x ^ (x >> 32)
}

/// Two piece hashes as one (order matters).
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(K2)
}

pub(crate) fn bucket(h: u64) -> u32 {
    // Fold the high bits in: FNV's low bits alone are weak.
    ((h ^ (h >> 29) ^ (h >> 47)) & ((1u64 << BITS) - 1)) as u32
}

/// A tokenized text ready for tagging: each token's char span and its static features.
pub struct Encoded {
    /// Char offsets (start, end) of each token in the text.
    pub spans: Vec<(usize, usize)>,
    /// Feature buckets that do not depend on tags, token after token: token `i`'s are
    /// `feats[ends[i - 1]..ends[i]]`.
    pub(crate) feats: Vec<u32>,
    pub(crate) ends: Vec<u32>,
    /// Hash of each token's word, combined with the previous tag.
    pub(crate) word: Vec<u64>,
    /// Each token's shape and whether it starts with و, combined with the previous tag.
    pub(crate) cls: Vec<u8>,
    /// Hash of each token's last two letters, combined with the previous tag.
    pub(crate) sfx: Vec<u64>,
    /// The model's bucket mask (`2^bits - 1`): the English model has fewer buckets.
    pub(crate) mask: u32,
}

impl Encoded {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The static features of token `i`; none for punctuation and digits, always tagged O.
    pub fn feats(&self, i: usize) -> &[u32] {
        let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let b = self.ends.get(i).map_or(a, |&e| e as usize);
        self.feats.get(a..b).unwrap_or(&[])
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The features of token `i` that depend on the two tags before it, appended to `out`.
    pub fn dynamic(&self, i: usize, t1: usize, t2: usize, out: &mut Vec<u32>) {
        let m = self.mask;
        let tag = |template: u8, a: usize, b: usize| {
            bucket(fnv(SEED, &[template, 0xfe, a as u8, b as u8])) & m
        };
        out.push(tag(60, t1, 0));
        out.push(tag(61, t1, t2));
        let w = self.word.get(i).copied().unwrap_or(0);
        out.push(bucket(mix(62, w.wrapping_add(t1 as u64))) & m);
        let c = self.cls.get(i).copied().unwrap_or(0);
        out.push(tag(63, t1, usize::from(c)));
        let sfx = self.sfx.get(i).copied().unwrap_or(0);
        out.push(bucket(mix(64, sfx.wrapping_add(t1 as u64))) & m);
    }
}

/// Encodes a text given as one paragraph (the training program's way in), with the rules'
/// names as hints, as extraction gives them.
pub fn encode(text: &str) -> Encoded {
    let p = Para::new(text);
    let blocks = super::paragraph_blocks(&p);
    encode_para(&p, &super::entity::rule_spans(&p, &blocks))
}

// Lexicon flags of a token.
const L_PLACE_B: u32 = 1;
const L_PLACE_I: u32 = 1 << 1;
const L_ORG_B: u32 = 1 << 2;
const L_ORG_I: u32 = 1 << 3;
const L_PER_B: u32 = 1 << 4;
const L_PER_I: u32 = 1 << 5;
pub(crate) const L_GIVEN: u32 = 1 << 6;
const L_TITLE: u32 = 1 << 7;
const L_HEAD: u32 = 1 << 8;
const L_SPEECH: u32 = 1 << 9;
const L_GENTILIC: u32 = 1 << 10;
const L_CLITIC_LEX: u32 = 1 << 11;
const L_RULE: [u32; 6] = [1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17];

pub(crate) fn lexicon_flags(p: &Para, hints: &[(usize, usize, Kind)]) -> Vec<u32> {
    let n = names();
    let mut flags = vec![0u32; p.len()];
    for &(a, b, kind) in hints {
        let k = begin_of(kind) - 1;
        for (i, f) in flags.iter_mut().enumerate().take(b).skip(a) {
            *f |= L_RULE[k + usize::from(i > a)];
        }
    }
    for i in 0..p.len() {
        if !p.is_word(i) {
            continue;
        }
        let w = p.f(i);
        let mark = p.mark(i);
        if mark & vocab::SPEECH != 0 && n.speech.contains(w) {
            flags[i] |= L_SPEECH;
        }
        if is_gentilic(w) {
            flags[i] |= L_GENTILIC;
        }
        if mark & vocab::NAME == 0 {
            continue;
        }
        if let Some((cut, e, (kind, _))) = match_at(&n.names, p, i) {
            let (b, inner) = match kind {
                Kind::Person => (L_PER_B, L_PER_I),
                Kind::Place => (L_PLACE_B, L_PLACE_I),
                _ => (L_ORG_B, L_ORG_I),
            };
            flags[i] |= b;
            if cut > 0 {
                flags[i] |= L_CLITIC_LEX;
            }
            for f in flags.iter_mut().take(e).skip(i + 1) {
                *f |= inner;
            }
        }
        if let Some((_, e, _)) = match_at(&n.titles, p, i) {
            for f in flags.iter_mut().take(e).skip(i) {
                *f |= L_TITLE;
            }
        }
        if let Some((_, e, _)) = match_at(&n.heads, p, i) {
            for f in flags.iter_mut().take(e).skip(i) {
                *f |= L_HEAD;
            }
        }
        if given_at(p, i).is_some() {
            flags[i] |= L_GIVEN;
        }
    }
    flags
}

/// The word without its proclitics: و / ف, then ب / ل / ك (لل for ل + ال), then ال.
pub fn stem(w: &str) -> &str {
    let n = |s: &str| s.chars().count();
    let mut s = w;
    if (s.starts_with('و') || s.starts_with('ف')) && n(s) > 3 {
        s = &s['و'.len_utf8()..];
    }
    if s.starts_with("لل") && n(s) > 4 {
        return &s["لل".len()..];
    }
    if (s.starts_with('ب') || s.starts_with('ل') || s.starts_with('ك')) && n(s) > 3 {
        s = &s['ب'.len_utf8()..];
    }
    if s.starts_with("ال") && n(s) > 4 {
        s = &s["ال".len()..];
    }
    s
}

fn prefix(w: &str, k: usize) -> &str {
    match w.char_indices().nth(k) {
        Some((b, _)) => &w[..b],
        None => w,
    }
}

fn suffix(w: &str, k: usize) -> &str {
    match k.checked_sub(1).and_then(|k| w.char_indices().rev().nth(k)) {
        Some((b, _)) => &w[b..],
        None => w,
    }
}

const SHAPES: [&str; 9] = [
    "edge",
    "digits",
    "punct",
    "ar-short",
    "ar-mid",
    "ar-long",
    "ar-vlong",
    "latin-upper",
    "latin-lower",
];

fn shape_id(p: &Para, i: usize) -> u8 {
    let s = shape(p, i);
    SHAPES.iter().position(|x| *x == s).unwrap_or(0) as u8
}

fn shape(p: &Para, i: usize) -> &'static str {
    let Some(t) = p.tokens.get(i) else {
        return "edge";
    };
    match t.class {
        Class::Digits => "digits",
        Class::Punct => "punct",
        Class::Word => {
            let w = p.f(i);
            let first = w.chars().next().unwrap_or(' ');
            if ('\u{0600}'..='\u{06FF}').contains(&first) {
                match w.chars().count() {
                    0..=2 => "ar-short",
                    3..=4 => "ar-mid",
                    5..=7 => "ar-long",
                    _ => "ar-vlong",
                }
            } else if t.upper {
                "latin-upper"
            } else {
                "latin-lower"
            }
        }
    }
}

/// Per-token hashes of the pieces features are made of, computed once per token and shared
/// by the token's own features and its neighbours'.
/// Words of a lineage inside a person's name (folded).
const KINSHIP: [&str; 7] = ["بن", "ابن", "ابو", "ابي", "بنت", "ال", "ابا"];

struct Pieces {
    word: u64,
    stem: u64,
    stem_sfx2: u64,
    sfx2: u64,
    shape: u8,
}

const EDGE: Pieces = Pieces {
    word: 0x5eed_ed9e_0000_0001,
    stem: 0x5eed_ed9e_0000_0001,
    stem_sfx2: 0x5eed_ed9e_0000_0002,
    sfx2: 0x5eed_ed9e_0000_0002,
    shape: 0,
};

fn pieces(p: &Para, i: usize) -> Pieces {
    let w = p.f(i);
    let s = stem(w);
    Pieces {
        word: hash(w),
        stem: hash(s),
        stem_sfx2: hash(suffix(s, 2)),
        sfx2: hash(suffix(w, 2)),
        shape: shape_id(p, i),
    }
}

/// Encodes a paragraph's tokens: the static features of each word and the per-token hashes
/// the tag-dependent features combine with the previous tags.
pub(crate) fn encode_para(p: &Para, hints: &[(usize, usize, Kind)]) -> Encoded {
    let flags = lexicon_flags(p, hints);
    let n = p.len();
    let pcs: Vec<Pieces> = (0..n).map(|i| pieces(p, i)).collect();
    let at = |i: isize| -> &Pieces {
        if i < 0 {
            &EDGE
        } else {
            pcs.get(i as usize).unwrap_or(&EDGE)
        }
    };
    let flag_at = |i: isize| -> u32 {
        if i < 0 || i as usize >= n {
            0
        } else {
            flags[i as usize]
        }
    };
    let mut feats = Vec::with_capacity(n * 40);
    let mut ends = Vec::with_capacity(n);
    let mut word = Vec::with_capacity(n);
    let mut cls = Vec::with_capacity(n);
    let mut sfx = Vec::with_capacity(n);
    for (i, me) in pcs.iter().enumerate() {
        let ii = i as isize;
        let w = p.f(i);
        word.push(mix(50, me.word));
        cls.push(me.shape * 2 + u8::from(w.starts_with('و')));
        sfx.push(mix(51, me.sfx2));
        if !p.is_word(i) {
            ends.push(feats.len() as u32);
            continue;
        }
        let f = &mut feats;
        let s = stem(w);
        let (wp, wn, wp2, wn2) = (at(ii - 1), at(ii + 1), at(ii - 2), at(ii + 2));
        let mut put = |template: u8, h: u64| f.push(bucket(mix(template, h)));
        put(0, 0);
        put(1, me.word);
        put(2, me.stem);
        put(3, hash(prefix(w, 2)));
        put(4, hash(prefix(w, 3)));
        put(5, hash(suffix(w, 1)));
        put(6, me.sfx2);
        put(7, hash(suffix(w, 3)));
        put(8, hash(prefix(s, 2)));
        put(9, me.stem_sfx2);
        put(10, wp.word);
        put(11, wn.word);
        put(12, wp2.word);
        put(13, wn2.word);
        put(14, wp.stem);
        put(15, wn.stem);
        put(16, u64::from(me.shape));
        put(17, u64::from(wn.shape));
        put(18, u64::from(wp.shape));
        put(19, combine(wp.word, me.word));
        put(20, combine(me.word, wn.word));
        put(21, combine(wp.stem, me.stem));
        put(22, wp.sfx2);
        put(23, wn.sfx2);
        put(24, hash(prefix(w, 1)));
        let lens = (w.len() - s.len()) as u64 * 16 + s.chars().count().min(8) as u64;
        put(25, lens);
        flag_window(ii, &flag_at, &mut put);
        // The flags of this token with its stem, and with the word before.
        let fl = flag_at(ii);
        if fl != 0 {
            put(35, combine(me.stem, u64::from(fl)));
        }
        let flp = flag_at(ii - 1);
        if flp != 0 {
            put(36, combine(me.stem, u64::from(flp)));
        }
        // Character n-grams of the stem (the word once its clitics are off), which a name
        // never seen shares with others of its kind: -وف, -سكي, عبد-, -ستان.
        put(37, hash(prefix(s, 3)));
        put(38, hash(suffix(s, 3)));
        put(39, hash(suffix(s, 4)));
        // Kinship and nisba patterns around the word: بن / ابن / أبو / بنت / آل before or
        // after it, and a nisba ending (-ي) after a name word.
        let kin =
            |k: isize| (k >= 0 && (k as usize) < n).then(|| KINSHIP.contains(&p.f(k as usize)));
        if kin(ii - 1) == Some(true) {
            put(40, 1);
        }
        if kin(ii + 1) == Some(true) {
            put(40, 2);
        }
        ends.push(feats.len() as u32);
    }
    Encoded {
        spans: p.tokens.iter().map(|t| (t.start, t.end)).collect(),
        feats,
        ends,
        word,
        cls,
        sfx,
        mask: (1 << BITS) - 1,
    }
}

/// The lexicon-flag features of token `ii` and its two neighbours on each side (templates
/// 30 to 34: one per flag set), with a feature of its own for a token that has none.
pub(crate) fn flag_window(
    ii: isize,
    flag_at: &impl Fn(isize) -> u32,
    put: &mut impl FnMut(u8, u64),
) {
    for (template, at) in [
        (30u8, ii),
        (31, ii - 1),
        (32, ii + 1),
        (33, ii - 2),
        (34, ii + 2),
    ] {
        let fl = flag_at(at);
        let mut rest = fl;
        while rest != 0 {
            put(template, u64::from(rest.trailing_zeros()));
            rest &= rest - 1;
        }
        if fl == 0 && template == 30 {
            put(template, 0xfc);
        }
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

/// Is the paragraph mostly Arabic? Only Arabic text is tagged.
pub(crate) fn is_arabic_para(p: &Para) -> bool {
    let (ar, other) = script_words(p, |c| ('\u{0600}'..='\u{06FF}').contains(&c));
    ar > 0 && ar >= other
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

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "التقى وزير الخارجية سامح شكري نظيره الأردني أيمن الصفدي في عمان أمس .";

    #[test]
    fn compiled_in_weights_load() {
        assert!(
            Model::from_bytes(WEIGHTS).is_some(),
            "tagger.bin does not parse"
        );
        assert!(model().is_some());
        // A bad file gives no model rather than a panic.
        assert!(Model::from_bytes(b"").is_none());
        assert!(Model::from_bytes(&WEIGHTS[..WEIGHTS.len() - 3]).is_none());
        let mut wrong = WEIGHTS.to_vec();
        wrong[0] = b'X';
        assert!(Model::from_bytes(&wrong).is_none());
    }

    #[test]
    fn tags_a_person_and_a_place() {
        let found = tag_text(SENTENCE);
        let chars: Vec<char> = SENTENCE.chars().collect();
        let named: Vec<(String, Kind)> = found
            .iter()
            .map(|&(s, e, k)| (chars[s..e].iter().collect(), k))
            .collect();
        assert!(
            named.contains(&("أيمن الصفدي".to_string(), Kind::Person)),
            "{named:?}"
        );
        assert!(
            named.contains(&("عمان".to_string(), Kind::Place)),
            "{named:?}"
        );
        assert!(
            !named.iter().any(|(t, _)| t.contains("الأردني")),
            "a gentilic is no name: {named:?}"
        );
    }

    #[test]
    fn tagging_is_deterministic() {
        let a = tag_text(SENTENCE);
        for _ in 0..3 {
            assert_eq!(tag_text(SENTENCE), a);
        }
        let m = Model::from_bytes(WEIGHTS).expect("weights");
        let enc = encode(SENTENCE);
        assert_eq!(m.tags(&enc), m.tags(&encode(SENTENCE)));
    }

    #[test]
    fn english_text_is_left_to_the_rules() {
        assert!(tag_text("President Biden met Emmanuel Macron in Paris.").is_empty());
    }

    #[test]
    fn written_weights_read_back() {
        let mut w = vec![0f32; (1 << BITS) * NTAGS];
        w[5 * NTAGS + 1] = 2.5;
        w[9 * NTAGS + 3] = -1.0;
        w[11 * NTAGS] = 0.01;
        let mut bytes = Vec::new();
        assert_eq!(
            write_model(&w, 0.05, &mut bytes),
            2,
            "the small row is pruned"
        );
        let m = Model::from_bytes(&bytes).expect("read back");
        assert_eq!(m.row(5).map(|r| r[1]), Some(32767));
        assert_eq!(m.row(9).map(|r| r[3]), Some(-13107));
        assert_eq!(m.row(11), None);
        assert_eq!(m.row(6), None);
    }

    #[test]
    fn bio_constraint_and_spans() {
        assert!(allowed(1, 2) && allowed(2, 2) && allowed(0, 1));
        assert!(!allowed(0, 2) && !allowed(3, 2) && !allowed(1, 4));
        assert_eq!(
            spans_of(&[0, 1, 2, 0, 3, 5, 6, 6]),
            vec![
                (1, 3, Kind::Person),
                (4, 5, Kind::Place),
                (5, 8, Kind::Organization)
            ]
        );
    }

    #[test]
    fn stems_lose_their_proclitics() {
        assert_eq!(stem("والقاهره"), "قاهره");
        assert_eq!(stem("للرئيس"), "رئيس");
        assert_eq!(stem("مصر"), "مصر");
    }
}
