//! The content hash that deduplicates articles whose text is the same: the title and body
//! normalized (spacing, case, marks that do not change the words), then MurmurHash3.

use crate::model::Article;

/// A 128-bit hash of the article's normalized text: title, then each paragraph, with
/// whitespace runs as one space, letters lowercased, and marks that do not change what the
/// text says dropped (Arabic harakat, tatweel, bidi and joiner controls). Written here rather
/// than taken from the standard library, whose hasher may change between Rust releases:
/// these hashes are stored. MurmurHash3 (x64, 128-bit, seed 0) over the normalized UTF-8;
/// collisions between different articles are not a practical concern at news scale.
pub fn content_hash(a: &Article) -> [u8; 16] {
    let mut text = Vec::with_capacity(a.title.len() + 16 * a.paragraphs.len() + 4096);
    normalize_into(&a.title, &mut text);
    for p in &a.paragraphs {
        text.push(b'\n');
        normalize_into(&p.text, &mut text);
    }
    if a.paragraphs.iter().all(|p| p.text.trim().is_empty()) {
        text.push(0);
        normalize_into(a.source.as_deref().unwrap_or(""), &mut text);
        text.push(0);
        if let Some(d) = a.date {
            text.extend_from_slice(d.to_string().as_bytes());
        }
    }
    let (h1, h2) = murmur3_x64_128(&text);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&h1.to_le_bytes());
    out[8..].copy_from_slice(&h2.to_le_bytes());
    out
}

/// The `content_hash` column of a feed entry: a hash of its identity within its feed (the
/// feed, then its guid, or its link, title and date), not of its text. The column is unique
/// across the store, and two feeds carrying the same story must both keep it; identities in
/// one feed are distinct, so their hashes are too. The leading tag keeps these hashes apart
/// from text hashes.
pub fn identity_hash(parts: &[&str]) -> [u8; 16] {
    let mut bytes = b"feed-entry".to_vec();
    for p in parts {
        bytes.push(0x1f);
        bytes.extend_from_slice(p.as_bytes());
    }
    let (h1, h2) = murmur3_x64_128(&bytes);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&h1.to_le_bytes());
    out[8..].copy_from_slice(&h2.to_le_bytes());
    out
}

/// Appends `s` normalized (see [`content_hash`]) to `out`. Walks bytes, with fast paths for
/// ASCII and the Arabic block, which are most of what akhbar reads.
fn normalize_into(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let (mut space, mut started) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            if b.is_ascii_whitespace() {
                space = started;
                continue;
            }
            if space {
                out.push(b' ');
                space = false;
            }
            started = true;
            out.push(b.to_ascii_lowercase());
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        let raw = &bytes[i..i + len];
        i += len;
        // The Arabic block: no case, no spaces; only its marks are dropped.
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            if !ignorable(c) {
                if space {
                    out.push(b' ');
                    space = false;
                }
                started = true;
                out.extend_from_slice(raw);
            }
            continue;
        }
        if ignorable(c) {
            continue;
        }
        if c.is_whitespace() {
            space = started;
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        started = true;
        if caseless(c) {
            out.extend_from_slice(raw);
        } else {
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// Scripts without case (Hebrew, Arabic, Syriac, Thaana, Arabic presentation forms): skipping
/// the case tables for them keeps hashing Arabic text fast.
fn caseless(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Marks that change how text looks, not what it says.
fn ignorable(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// MurmurHash3, x64 128-bit variant, seed 0 (Austin Appleby's public-domain reference).
fn murmur3_x64_128(data: &[u8]) -> (u64, u64) {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mix1 = |k: u64| k.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    let mix2 = |k: u64| k.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
    let (mut h1, mut h2) = (0u64, 0u64);
    let mut blocks = data.chunks_exact(16);
    for block in &mut blocks {
        h1 ^= mix1(word(&block[..8]));
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        h2 ^= mix2(word(&block[8..]));
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    if tail.len() > 8 {
        h2 ^= mix2(word(&tail[8..]));
    }
    if !tail.is_empty() {
        h1 ^= mix1(word(&tail[..tail.len().min(8)]));
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::murmur3_x64_128;

    #[test]
    fn murmur3_matches_the_reference() {
        assert_eq!(murmur3_x64_128(b""), (0, 0));
        // The reference's output for "hello", seed 0, as printed by common ports (mmh3).
        let (h1, h2) = murmur3_x64_128(b"hello");
        assert_eq!(
            format!("{h1:016x}{h2:016x}"),
            "cbd8a7b341bd9b025b1e906a48ae1d19"
        );
    }
}
