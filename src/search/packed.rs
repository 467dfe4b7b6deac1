//! One byte a letter for folded filter keys. After folding, a title is nearly always ASCII,
//! Arabic letters, or a few accented Latin letters and punctuation; in UTF-8 each Arabic
//! letter takes two bytes. A key whose every char is in [`CODE_PAGE`] is kept one byte a
//! char instead: ASCII as itself, the page's chars as `0x80 + position`. That halves an
//! Arabic key, and scoring reads it byte by byte with a table instead of decoding UTF-8.
//! Keys with any other char (Cyrillic, CJK, emoji...) stay UTF-8. The mapping is one to one,
//! so a packed key scores exactly as its UTF-8 text does.

/// The chars of bytes `0x80..=0xFF`, in order. What folded news titles hold beyond ASCII:
/// Arabic letters and punctuation (folding keeps hamza on waw and ya, drops harakat and
/// turns the digits to ASCII), the Persian and Urdu letters folding keeps, Latin-1 and common
/// Latin Extended-A lowercase letters (folding lowercases), and typographic punctuation.
pub const CODE_PAGE: [char; 128] = [
    // Arabic letters U+0621..=U+063A (26).
    'ء', 'آ', 'أ', 'ؤ', 'إ', 'ئ', 'ا', 'ب', 'ة', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س',
    'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', // U+0640..=U+064A (11).
    'ـ', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ى', 'ي', // Arabic punctuation (7).
    '،', '؛', '؟', '٪', '٫', '٬', '٭', // Persian and Urdu letters (13).
    'پ', 'چ', 'ژ', 'گ', 'ۀ', 'ہ', 'ے', 'ٹ', 'ڈ', 'ڑ', 'ں', 'ھ', '۔',
    // Latin-1 punctuation and signs (8).
    '«', '»', '·', '°', '£', '©', '®', '§', // Latin-1 lowercase U+00DF..=U+00FF (33).
    'ß', 'à', 'á', 'â', 'ã', 'ä', 'å', 'æ', 'ç', 'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï', 'ð', 'ñ',
    'ò', 'ó', 'ô', 'õ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü', 'ý', 'þ', 'ÿ',
    // Typographic punctuation and the euro (9).
    '–', '—', '‘', '’', '“', '”', '…', '•', '€', // Latin Extended-A lowercase (21).
    'ā', 'ć', 'č', 'ē', 'ę', 'ğ', 'ī', 'ı', 'ł', 'ń', 'ō', 'ő', 'œ', 'ř', 'ś', 'ş', 'š', 'ū', 'ź',
    'ż', 'ž',
];

/// The char of every byte of a packed key.
pub const DECODE: [char; 256] = {
    let mut t = ['\0'; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = i as u8 as char;
        t[128 + i] = CODE_PAGE[i];
        i += 1;
    }
    t
};

/// Chars below U+0800 that the page holds, by code point: their byte (0 for none).
const LOW: [u8; 0x800] = {
    let mut t = [0u8; 0x800];
    let mut i = 0;
    while i < 128 {
        let c = CODE_PAGE[i] as usize;
        if c < 0x800 {
            t[c] = 0x80 + i as u8;
        }
        i += 1;
    }
    t
};

/// The byte of `c` in a packed key, if it has one.
pub fn encode(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    match LOW.get(c as usize) {
        Some(&0) => None,
        Some(&b) => Some(b),
        None => CODE_PAGE
            .iter()
            .position(|&p| p == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// `text` packed, appended to `out`; `false` (and `out` as it was) when a char is not in the
/// page.
pub fn pack_into(text: &str, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    for c in text.chars() {
        match encode(c) {
            Some(b) => out.push(b),
            None => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// `text` packed, if every char is in the page.
pub fn pack(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    pack_into(text, &mut out).then_some(out)
}

/// The text of a packed key.
pub fn unpack(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| DECODE[usize::from(b)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_one_to_one_and_beyond_ascii() {
        for (i, &c) in CODE_PAGE.iter().enumerate() {
            assert!(!c.is_ascii(), "{c:?}");
            assert_eq!(encode(c), Some(0x80 + i as u8), "{c:?} is listed once");
        }
        for b in 0..=255u8 {
            assert_eq!(encode(DECODE[usize::from(b)]), Some(b));
        }
    }

    #[test]
    fn arabic_and_latin_keys_pack_and_unpack() {
        for s in [
            "بوتين يصل الي باكو · العربية الان",
            "putin arrives in baku — «state visit» · meridian",
            "café zürich: 5.5% ٪",
            "",
        ] {
            let packed = pack(s).unwrap_or_else(|| panic!("{s} packs"));
            assert_eq!(packed.len(), s.chars().count());
            assert_eq!(unpack(&packed), s);
        }
        let mut out = b"kept".to_vec();
        assert!(!pack_into("путин", &mut out));
        assert_eq!(
            out, b"kept",
            "a key that does not pack leaves nothing behind"
        );
        assert_eq!(pack("東京"), None);
        assert_eq!(pack("emoji 🎉"), None);
    }
}
