//! The tagger's trained weights, packed, and greedy decoding with them: tags for a
//! paragraph's encoded tokens, made consistent (no I- without its B-) and read as spans.

use super::*;

/// Trained weights, one row of per-tag weights (16 bytes, one cache line at most) for every
/// bucket that has any. Only about a third of the buckets do, so the rows are kept packed in
/// bucket order (1.3 MB rather than 4 MB: far fewer cache misses, the tagger's main cost)
/// and found through a small rank index (64 KB) that says at once when a bucket has none.
pub struct Model {
    /// For each run of 64 buckets: which have a row (bit `b % 64`), and how many rows the
    /// runs before hold.
    index: Vec<Block>,
    rows: Vec<[i16; 8]>,
}

#[derive(Clone, Copy, Default)]
struct Block {
    bits: u64,
    base: u32,
}

impl Model {
    /// Parses the format described at the top of this module; `None` for anything else.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        let u32_at = |o: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
        };
        if b.get(..8)? != MAGIC {
            return None;
        }
        let (bits, ntags, nrows) = (u32_at(8)?, u32_at(12)?, u32_at(20)? as usize);
        if !(8..=BITS).contains(&bits) || ntags as usize != NTAGS {
            return None;
        }
        let row_len = 4 + 2 * NTAGS;
        let body = b.get(24..)?;
        if body.len() != nrows.checked_mul(row_len)? {
            return None;
        }
        let mut dense = vec![[0i16; 8]; 1 << bits];
        for chunk in body.chunks_exact(row_len) {
            let bucket = u32::from_le_bytes(chunk[..4].try_into().ok()?) as usize;
            let row = dense.get_mut(bucket)?;
            for (t, w) in row.iter_mut().take(NTAGS).enumerate() {
                *w = i16::from_le_bytes(chunk[4 + 2 * t..6 + 2 * t].try_into().ok()?);
            }
        }
        // Pack: an all-zero row adds nothing, so leaving it out changes no score.
        let mut index = vec![Block::default(); dense.len() / 64];
        let mut rows = Vec::with_capacity(nrows + 1);
        rows.push([0; 8]);
        for (k, block) in index.iter_mut().enumerate() {
            block.base = rows.len() as u32;
            for (bit, row) in dense[k * 64..(k + 1) * 64].iter().enumerate() {
                if *row != [0; 8] {
                    block.bits |= 1 << bit;
                    rows.push(*row);
                }
            }
        }
        Some(Model { index, rows })
    }

    /// The weights of bucket `f`, `None` when they are all zero.
    /// Where bucket `f`'s row is in `rows`: 0, a zero row, when it has none. No branch: a
    /// mispredicted one would throw away the look-ups after it still waiting on memory.
    #[inline(always)]
    fn slot(&self, f: u32) -> usize {
        let Some(block) = self.index.get((f >> 6) as usize) else {
            return 0;
        };
        let bit = f & 63;
        let has = ((block.bits >> bit) & 1) as usize;
        let rank = (block.bits & ((1u64 << bit) - 1)).count_ones() as usize;
        (block.base as usize + rank) * has
    }

    /// The row of bucket `f`, `None` when it has none.
    #[cfg(test)]
    pub(super) fn row(&self, f: u32) -> Option<&[i16; 8]> {
        Some(self.slot(f))
            .filter(|&k| k > 0)
            .and_then(|k| self.rows.get(k))
    }

    fn add_row(&self, k: usize, scores: &mut [i32; NTAGS]) {
        if let Some(row) = self.rows.get(k) {
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }

    fn add(&self, feats: &[u32], scores: &mut [i32; NTAGS]) {
        for &f in feats {
            self.add_row(self.slot(f), scores);
        }
    }

    /// Asks for row `k` to be brought into the cache ahead of its use.
    #[cfg(target_arch = "x86_64")]
    fn prefetch(&self, k: usize) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        if let Some(row) = self.rows.get(k) {
            // SAFETY: a prefetch is only a hint to the cache: it cannot fault, changes no
            // memory and reads nothing the program sees; the address is that of a live row.
            // Measured: the row loads, cache misses nearly all, are the tagger's main cost.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(row.as_ptr().cast()) }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn prefetch(&self, _k: usize) {}

    /// The tag of every token, greedily left to right. The static features' scores are
    /// summed first for all tokens (the look-ups do not wait on each other's tags), then
    /// each step adds only the few features that depend on the previous tags.
    pub fn tags(&self, enc: &Encoded) -> Vec<usize> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("popcnt")
                && std::arch::is_x86_feature_detected!("avx2")
            {
                // SAFETY: the CPU has both instruction sets, checked just above.
                return unsafe { self.tags_avx2(enc) };
            }
            if std::arch::is_x86_feature_detected!("popcnt") {
                // SAFETY: the CPU has the instruction, checked just above.
                return unsafe { self.tags_popcnt(enc) };
            }
        }
        self.tags_any(enc)
    }

    /// [`Self::tags`] with popcount and AVX2: a row of eight weights is widened and added in
    /// one 256-bit step rather than by SSE2's unpacking. Integer sums, so the same tags.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt,avx2")]
    fn tags_avx2(&self, enc: &Encoded) -> Vec<usize> {
        self.tags_any(enc)
    }

    /// [`Self::tags`] compiled with the CPU's popcount instruction: a bucket's rank in its
    /// block is a popcount, and the portable build computes it with a dozen bit operations.
    /// Measured: those were 5% of all extraction time.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn tags_popcnt(&self, enc: &Encoded) -> Vec<usize> {
        self.tags_any(enc)
    }

    #[inline(always)]
    fn tags_any(&self, enc: &Encoded) -> Vec<usize> {
        // The rows of all the static features, asked for as soon as their place is known,
        // so the cache fetches them all while the rest are being found. A plain loop, not a
        // `map().collect()`: the collect was a function of its own, compiled without the
        // popcount instruction this one has (callgrind: a third of the tagger's count).
        let mut slots: Vec<u32> = Vec::with_capacity(enc.feats.len());
        for &f in &enc.feats {
            let k = self.slot(f);
            self.prefetch(k);
            slots.push(k as u32);
        }
        let mut fixed = vec![[0i32; NTAGS]; enc.len()];
        let mut j = 0;
        for (s, &end) in fixed.iter_mut().zip(&enc.ends) {
            // Summed in a register-sized row of eight (the padding lane stays 0), stored once.
            let mut acc = [0i32; 8];
            let end = (end as usize).clamp(j, slots.len());
            for &k in &slots[j..end] {
                if let Some(row) = self.rows.get(k as usize) {
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += i32::from(w);
                    }
                }
            }
            j = end;
            s.copy_from_slice(&acc[..NTAGS]);
        }
        let mut tags = Vec::with_capacity(enc.len());
        let mut dynamic = Vec::with_capacity(8);
        for (i, fixed) in fixed.iter().enumerate() {
            let t1 = if i > 0 { tags[i - 1] } else { 0 };
            let t2 = if i > 1 { tags[i - 2] } else { 0 };
            if enc.feats(i).is_empty() {
                tags.push(0);
                continue;
            }
            let mut scores = *fixed;
            dynamic.clear();
            enc.dynamic(i, t1, t2, &mut dynamic);
            self.add(&dynamic, &mut scores);
            let mut best = 0;
            for t in 1..NTAGS {
                if allowed(t1, t) && scores[t] > scores[best] {
                    best = t;
                }
            }
            tags.push(best);
        }
        tags
    }
}

/// Document-level consistency: a word tagged once as a one-word name of a single kind is
/// tagged so wherever else it stands alone (tagged O between two O tokens).
pub fn consistent(enc: &Encoded, tags: &mut [usize]) {
    let n = tags.len();
    let single =
        |t: &[usize], i: usize| t[i] % 2 == 1 && t.get(i + 1).is_none_or(|&x| x != t[i] + 1);
    let mut named: Vec<(u64, usize)> = Vec::new();
    for i in 0..n {
        if single(tags, i) {
            named.push((enc.word[i], tags[i]));
        }
    }
    if named.is_empty() {
        return;
    }
    named.sort_unstable();
    named.dedup();
    for i in 0..n {
        if tags[i] != 0 || enc.feats(i).is_empty() {
            continue;
        }
        let free = (i == 0 || tags[i - 1] == 0) && tags.get(i + 1).is_none_or(|&x| x == 0);
        if !free {
            continue;
        }
        let w = enc.word[i];
        let a = named.partition_point(|&(x, _)| x < w);
        let kinds: Vec<usize> = named[a..]
            .iter()
            .take_while(|&&(x, _)| x == w)
            .map(|&(_, t)| t)
            .collect();
        if kinds.len() == 1 {
            tags[i] = kinds[0];
        }
    }
}

/// Token spans `(a, b, kind)` of a tag sequence.
pub fn spans_of(tags: &[usize]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(kind) = kind_of(tags[i]) else {
            i += 1;
            continue;
        };
        let mut e = i + 1;
        while e < tags.len() && tags[e] == begin_of(kind) + 1 {
            e += 1;
        }
        out.push((i, e, kind));
        i = e;
    }
    out
}
