//! Telling text from binary before it is read as an article: an executable, an image or an
//! archive given by mistake is refused with one line rather than stored as a title of
//! `ELF>` and a body of U+FFFD. And text in UTF-16 with a byte-order mark is decoded.

/// What the bytes are when they are not text: a known magic number, NUL bytes, or mostly
/// invalid UTF-8. `None` for text (UTF-16 with a BOM counts as text: see [`utf16`]).
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    binary_kind_of(bytes, false)
}

/// [`binary_kind`] of bytes the caller has already found to be valid UTF-8 when `valid`: they
/// are not checked again.
pub fn binary_kind_of(bytes: &[u8], valid: bool) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an ELF executable"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\x1f\x8b", "gzip-compressed"),
        (b"PK\x03\x04", "a zip archive"),
        (b"%PDF-", "a PDF document"),
        (b"BZh", "bzip2-compressed"),
        (b"\xfd7zXZ\x00", "xz-compressed"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
        (b"SQLite format 3\x00", "a SQLite database"),
        (b"\xca\xfe\xba\xbe", "a Mach-O or Java class file"),
        (b"MZ", "a Windows executable"),
    ];
    if utf16(bytes).is_some() {
        return None;
    }
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        // "MZ" and "BZh" also start ordinary words: only with a NUL soon after are they binary.
        let short = bytes.starts_with(b"MZ") || bytes.starts_with(b"BZh");
        if !short || bytes.iter().take(512).any(|&b| b == 0) {
            return Some(kind);
        }
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    // Shares mean little in a few bytes: a short text with a stray control or a broken
    // character is text to sanitize (the hostile-input tests hold many such).
    if head.len() < 512 {
        return None;
    }
    // A stray NUL in text is a control character like any other (sanitizing drops it); more
    // than one byte in a hundred is what binary files look like.
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && nuls * 100 >= head.len() {
        return Some("binary (it holds NUL bytes)");
    }
    // More than one byte in ten that is not part of valid UTF-8: no text editor wrote it.
    // Valid text (nearly every page) is checked at the standard library's speed; only a
    // head that fails (maybe a char cut at its end) is counted chunk by chunk.
    let invalid: usize = if valid || std::str::from_utf8(head).is_ok() {
        0
    } else {
        head.utf8_chunks().map(|c| c.invalid().len()).sum()
    };
    if invalid * 10 > head.len() {
        return Some("binary (mostly invalid UTF-8)");
    }
    None
}

/// The text of UTF-16 bytes that start with a byte-order mark (either order).
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let encoding = match bytes {
        [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    Some(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executables_images_and_archives_are_binary_text_is_not() {
        assert_eq!(
            binary_kind(b"\x7fELF\x02\x01\x01\0\0"),
            Some("an ELF executable")
        );
        assert_eq!(binary_kind(b"%PDF-1.7\n"), Some("a PDF document"));
        assert!(binary_kind(&b"abc\0def".repeat(100)).is_some());
        let stray = format!("{}\0{}", "text ".repeat(100), "more");
        assert_eq!(binary_kind(stray.as_bytes()), None);
        assert!(binary_kind(&[0xC3; 1000]).is_some());
        assert_eq!(binary_kind("MZ is a word. خبر عاجل".as_bytes()), None);
        assert_eq!(binary_kind(b"\xFF\xFEa\0b\0"), None);
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("خبر".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(utf16(&le).as_deref(), Some("خبر"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("news".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(utf16(&be).as_deref(), Some("news"));
        assert_eq!(utf16(b"plain"), None);
    }
}
