//! Text that arrives damaged: UTF-8 read as windows-1252 (mojibake) repaired, and character
//! references left undecoded by a feed's double escaping decoded.

/// Repairs UTF-8 that was decoded as windows-1252 somewhere upstream (`Huluâ€™s` in The
/// Verge's feed, as served): each run that spells a valid UTF-8 sequence in windows-1252
/// bytes is decoded back. Ordinary text never holds such runs (`São`, `für`, `à »` do not
/// spell valid UTF-8). Must run before the sanitizer, which would drop the C1 characters
/// some of these runs contain.
pub fn repair_mojibake(text: &str) -> String {
    if !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let need = match cp1252_byte(c) {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
        if need > 0 && i + need < chars.len() {
            let mut bytes = [0u8; 4];
            bytes[0] = cp1252_byte(c).unwrap_or(0);
            let mut ok = true;
            for k in 1..=need {
                match cp1252_byte(chars[i + k]) {
                    Some(b @ 0x80..=0xBF) => bytes[k] = b,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                if let Ok(s) = std::str::from_utf8(&bytes[..=need]) {
                    out.push_str(s);
                    i += need + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The windows-1252 byte of a character (C1 controls standing for themselves, as they do
/// when undefined bytes are decoded), or `None`.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x100 {
        return Some(code as u8);
    }
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    HIGH.iter().find(|(h, _)| *h == c).map(|(_, b)| *b)
}

/// Decodes the entities that survive one round of decoding when a feed escaped its text
/// twice (`&amp;#8220;` arrives as `&#8220;`): numeric references and the common named ones.
/// One round only, so `&amp;amp;amp;` in HTML ends as `&amp;`, not `&`.
pub fn decode_leftover_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match decode_one(rest) {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity at the start of `s` stands for, and the entity's length.
fn decode_one(s: &str) -> Option<(char, usize)> {
    // Bytes, not `&s[..12]`: twelve bytes may end inside a character (found by fuzzing).
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let ch = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        match char::from_u32(code) {
            Some('\0') | None => '\u{FFFD}',
            Some(c) => c,
        }
    } else {
        NAMED.iter().find(|(n, _)| *n == name)?.1
    };
    Some((ch, end + 1))
}

const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("middot", '·'),
    ("bull", '•'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
];

#[cfg(test)]
mod fuzz_found {
    use super::decode_leftover_entities;

    #[test]
    fn an_entity_search_never_cuts_a_character() {
        // The twelfth byte falls inside a two- and a four-byte character.
        assert_eq!(decode_leftover_entities("&abcdefghijÙ;"), "&abcdefghijÙ;");
        assert_eq!(decode_leftover_entities("&abcdefgh𠋪x"), "&abcdefgh𠋪x");
        assert_eq!(decode_leftover_entities("&amp;Ù"), "&Ù");
    }
}
