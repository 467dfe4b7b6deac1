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
    content_hash_with(a, normalize_into)
}

/// [`content_hash`] with the normalization given (the tests pass the plain rule).
fn content_hash_with(a: &Article, normalize_into: fn(&str, &mut Vec<u8>)) -> [u8; 16] {
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

/// Appends `s` normalized (see [`content_hash`]) to `out`. Walks bytes: ASCII and the Arabic
/// block (most of what akhbar reads) without decoding a char, and stretches that are copied
/// as they are (lower-case words, Arabic letters) in one piece.
fn normalize_into(s: &str, out: &mut Vec<u8>) {
    out.reserve(s.len());
    let bytes = s.as_bytes();
    let (mut space, mut started) = (false, false);
    // `bytes[same..i]` is copied as it is and not yet written.
    let mut same = 0;
    let mut i = 0;
    // Before a char that is written: the pending stretch, then one space if white space
    // came between it and the last one written.
    macro_rules! flush {
        () => {
            out.extend_from_slice(&bytes[same..i]);
        };
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() {
                flush!();
                i += 1;
                same = i;
                space = started;
                continue;
            }
            if space {
                flush!();
                out.push(b' ');
                same = i;
                space = false;
            }
            started = true;
            if b.is_ascii_uppercase() {
                flush!();
                out.push(b.to_ascii_lowercase());
                same = i + 1;
            }
            i += 1;
            continue;
        }
        // U+0600..U+06FF, two bytes: no case, no spaces; only its marks are dropped.
        if (0xD8..=0xDB).contains(&b) && i + 1 < bytes.len() {
            let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            if matches!(c, 0x064B..=0x065F | 0x0670 | 0x0640 | 0x061C) {
                flush!();
                i += 2;
                same = i;
                continue;
            }
            if space {
                flush!();
                out.push(b' ');
                same = i;
                space = false;
            }
            started = true;
            i += 2;
            continue;
        }
        flush!();
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        let raw = &bytes[i..i + len];
        i += len;
        same = i;
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
    out.extend_from_slice(&bytes[same..i.min(bytes.len())]);
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
    use super::*;

    /// The normalization the stored hashes were made with (the code before it read bytes in
    /// stretches): `normalize_into` must give the same bytes.
    fn normalize_slowly(s: &str, out: &mut Vec<u8>) {
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

    #[test]
    fn normalizing_by_bytes_gives_what_the_char_rule_gives() {
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let mut samples = vec![
            all,
            "  Hello\tWORLD  ".to_string(),
            "مُحَمَّدٌ  رَسُولُ\u{200F} ـــ ABC\u{00A0}def \u{061C}x".to_string(),
            "\u{202E}abc\u{202C} İstanbul ẞ ΣΑΣ".to_string(),
            String::new(),
            " ".to_string(),
        ];
        for cp in (0..0x3000u32).step_by(7) {
            if let Some(c) = char::from_u32(cp) {
                samples.push(format!("a{c} {c}b\n{c}"));
            }
        }
        for s in &samples {
            let mut out = b"> ".to_vec();
            normalize_into(s, &mut out);
            let mut want = b"> ".to_vec();
            normalize_slowly(s, &mut want);
            assert!(out == want, "{:?}", s.chars().take(30).collect::<String>());
        }
    }

    #[test]
    fn hashes_of_the_seeds_the_pages_and_a_corpus_sample_are_unchanged() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scraped");
        let mut articles = crate::ingest::load_embedded().articles;
        let more =
            crate::ingest::load_paths(&[root.join("dev"), root.join("gen-corpus-sample.jsonl")])
                .expect("the fixtures load");
        articles.extend(more.articles);
        assert!(articles.len() >= 150, "{} articles", articles.len());
        for a in &articles {
            assert_eq!(
                content_hash(a),
                content_hash_with(a, normalize_slowly),
                "{}",
                a.id
            );
        }
    }

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
