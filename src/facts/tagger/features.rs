//! The tagger's features: hashing of words and templates into buckets, the per-token pieces
//! (word, stem, affixes, shape) and lexicon flags, and a paragraph encoded as the feature
//! hashes of each token (see the tagger's header for the list of templates).

use super::*;

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
    let blocks = crate::facts::paragraph_blocks(&p);
    encode_para(&p, &crate::facts::entity::rule_spans(&p, &blocks))
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

/// The first `k` chars of `w` (all of it if shorter).
pub(crate) fn prefix(w: &str, k: usize) -> &str {
    match w.char_indices().nth(k) {
        Some((b, _)) => &w[..b],
        None => w,
    }
}

/// The last `k` chars of `w` (all of it if shorter).
pub(crate) fn suffix(w: &str, k: usize) -> &str {
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
    /// Where the stem starts in the word (bytes): [`stem`] only takes proclitics off.
    stem_at: usize,
    stem_sfx2: u64,
    sfx2: u64,
    shape: u8,
}

const EDGE: Pieces = Pieces {
    word: 0x5eed_ed9e_0000_0001,
    stem: 0x5eed_ed9e_0000_0001,
    stem_at: 0,
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
        stem_at: w.len() - s.len(),
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
    let cues = mention_cues(p, &flags, &pcs);
    let mut feats = Vec::with_capacity(n * 56);
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
        let s = w.get(me.stem_at..).unwrap_or(w);
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
        // What the paragraph says of this word elsewhere: after a title, before a speech
        // verb, after a given name (see [`mention_cues`]), so a name found by its context
        // once is a name at its other mentions too; and whether it is a role's first or
        // second word after a title with gentilics between (وزير الخارجية الأردني أيمن).
        let (own, others) = (cues.own[i], cues.others[i]);
        let mut rest = others;
        while rest != 0 {
            put(41, u64::from(rest.trailing_zeros()));
            rest &= rest - 1;
        }
        if others != 0 {
            put(42, combine(u64::from(others), u64::from(me.shape)));
        }
        if own & (CUE_TITLE | CUE_TITLE2) != 0 {
            put(43, u64::from(own & (CUE_TITLE | CUE_TITLE2)));
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

// Cues of one mention of a word, for [`mention_cues`].
const CUE_TITLE: u8 = 1;
const CUE_TITLE2: u8 = 1 << 1;
const CUE_SPEECH: u8 = 1 << 2;
const CUE_FAMILY: u8 = 1 << 3;
const CUE_GIVEN_BEFORE: u8 = 1 << 4;

/// Each token's own cues and the cues of the other mentions of its stem in the paragraph.
struct MentionCues {
    own: Vec<u8>,
    others: Vec<u8>,
}

/// The context cues of every Arabic word of three letters or more (its stem, clitics off):
/// right after a title, maybe past up to two gentilics or definite nouns (`CUE_TITLE`), the
/// word after that (`CUE_TITLE2`), before a speech verb (`CUE_SPEECH`), after a given name
/// (`CUE_FAMILY`), a given name before it or not; and for each token the union of the cues
/// of the stem's other mentions. A name is named in full once (الرئيس فلاديمير بوتين) and
/// then alone (وقال بوتين): the second mention carries the first one's cues.
fn mention_cues(p: &Para, flags: &[u32], pcs: &[Pieces]) -> MentionCues {
    let n = p.len();
    let flag = |i: usize| flags.get(i).copied().unwrap_or(0);
    let modifier = |k: usize| {
        let w = p.f(k);
        p.is_word(k) && w.starts_with("ال") && flag(k) & L_TITLE == 0
    };
    let after_title = |i: usize| {
        let mut k = i;
        for _ in 0..3 {
            if k == 0 {
                return false;
            }
            k -= 1;
            if flag(k) & L_TITLE != 0 {
                return true;
            }
            if !modifier(k) {
                return false;
            }
        }
        false
    };
    let mut own = vec![0u8; n];
    let mut stems: Vec<u64> = vec![0; n];
    for i in 0..n {
        let w = p.f(i);
        let Some(pc) = pcs.get(i) else { continue };
        let s = w.get(pc.stem_at..).unwrap_or(w);
        if !p.is_word(i) || !crate::facts::entity::is_arabic(w) || s.chars().count() < 3 {
            continue;
        }
        // The stem's hash, as [`pieces`] made it.
        stems[i] = pc.stem | 1;
        let mut c = 0;
        if after_title(i) {
            c |= CUE_TITLE;
        } else if i > 0 && after_title(i - 1) && flag(i - 1) & L_GENTILIC == 0 {
            c |= CUE_TITLE2;
        }
        if flag(i + 1) & L_SPEECH != 0 {
            c |= CUE_SPEECH;
        }
        if i > 0 && flag(i - 1) & L_GIVEN != 0 {
            c |= CUE_FAMILY;
        }
        if flag(i) & L_GIVEN != 0 {
            c |= CUE_GIVEN_BEFORE;
        }
        own[i] = c;
    }
    // Per stem, how many of its mentions carry each cue; a token's others are the cues
    // some other mention carries.
    let mut counts: crate::facts::lexicon::FastMap<u64, [u16; 5]> = Default::default();
    for i in 0..n {
        if stems[i] != 0 && own[i] != 0 {
            let e = counts.entry(stems[i]).or_default();
            for (b, x) in e.iter_mut().enumerate() {
                *x += u16::from(own[i] >> b & 1);
            }
        }
    }
    let others = (0..n)
        .map(|i| {
            let Some(c) = counts.get(&stems[i]).filter(|_| stems[i] != 0) else {
                return 0;
            };
            (0..5).fold(0u8, |acc, b| {
                let mine = u16::from(own[i] >> b & 1);
                acc | (u8::from(c[b] > mine) << b)
            })
        })
        .collect();
    MentionCues { own, others }
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
