//! What the filter matches articles against: each article's folded `title · source`, its
//! date and its language, folded once when the article is listed and kept in chunks
//! ([`Keys`]) of a few thousand articles. A chunk keeps its keys back to back in two buffers,
//! one for keys packed one byte a char ([`super::packed`]) and one for the rare keys that
//! stay UTF-8, with 13 bytes of bookkeeping an article: a 100k store's keys take less than
//! its titles do in UTF-8, and scoring reads them front to back.

use super::packed::pack_into;
use crate::model::Lang;
use crate::text::normalize::fold_into;
use chrono::NaiveDate;

const SOURCE_SEPARATOR: &str = " · ";

/// One article's key before it joins a chunk: the folded `title · source` and what the
/// filter needs beside it. [`Keys`] are made from these, or directly by [`KeysBuilder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Haystack {
    /// Folded `title · source`; the folded source starts at `source_at`.
    text: String,
    source_at: usize,
    pub date: Option<NaiveDate>,
    pub lang: Lang,
}

impl Haystack {
    pub fn new(title: &str, source: Option<&str>, date: Option<NaiveDate>, lang: Lang) -> Haystack {
        let mut text = String::with_capacity(title.len() + SOURCE_SEPARATOR.len() + 16);
        let source_at = fold_key(title, source, &mut text);
        Haystack {
            text,
            source_at,
            date,
            lang,
        }
    }

    /// Folded `title · source`: what plain words and phrases match.
    pub fn key(&self) -> &str {
        &self.text
    }

    /// Folded source, for `source:`.
    pub fn source(&self) -> &str {
        &self.text[self.source_at..]
    }
}

/// Appends the folded `title · source` to `out` (no separator when there is no source, or
/// one that folds to nothing); returns where the folded source starts.
fn fold_key(title: &str, source: Option<&str>, out: &mut String) -> usize {
    fold_into(title, out);
    let title_end = out.len();
    out.push_str(SOURCE_SEPARATOR);
    let source_at = out.len();
    fold_into(source.unwrap_or(""), out);
    if out.len() == source_at {
        out.truncate(title_end);
        return title_end;
    }
    source_at
}

/// An article's key text: packed one byte a char, or UTF-8.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Packed(&'a [u8]),
    Utf8(&'a str),
}

/// One article's key as a chunk holds it.
#[derive(Debug, Clone, Copy)]
pub struct KeyRef<'a> {
    /// The folded `title · source`.
    pub key: Key<'a>,
    /// The folded source, the tail of `key`.
    pub source: Key<'a>,
    pub date: Option<NaiveDate>,
    pub lang: Lang,
}

/// The top bit of a start offset: the key is in the UTF-8 buffer.
const UTF8: u32 = 1 << 31;

/// The keys of a chunk of articles, article `i` of the chunk at index `i`.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    packed: Box<[u8]>,
    utf8: Box<str>,
    /// Where each key starts in its buffer (`UTF8` set for the UTF-8 one), and where it ends.
    starts: Box<[u32]>,
    ends: Box<[u32]>,
    /// Where each key's source starts, from the key's start.
    source_at: Box<[u32]>,
    dates: Box<[Option<NaiveDate>]>,
    langs: Box<[Lang]>,
}

impl Keys {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The key of article `i` of the chunk; panics when `i` is out of range, like a slice.
    pub fn get(&self, i: usize) -> KeyRef<'_> {
        let (start, end) = (self.starts[i], self.ends[i] as usize);
        let source_at = self.source_at[i] as usize;
        let (key, source) = if start & UTF8 != 0 {
            let text = &self.utf8[(start & !UTF8) as usize..end];
            (Key::Utf8(text), Key::Utf8(&text[source_at..]))
        } else {
            let text = &self.packed[start as usize..end];
            (Key::Packed(text), Key::Packed(&text[source_at..]))
        };
        KeyRef {
            key,
            source,
            date: self.dates[i],
            lang: self.langs[i],
        }
    }

    /// The key text of article `i` as UTF-8, for tests and tools.
    pub fn text(&self, i: usize) -> String {
        match self.get(i).key {
            Key::Packed(b) => super::packed::unpack(b),
            Key::Utf8(s) => s.to_string(),
        }
    }

    /// Bytes the chunk takes: its buffers and bookkeeping (allocator overhead aside).
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Keys>()
            + self.packed.len()
            + self.utf8.len()
            + self.len()
                * (3 * std::mem::size_of::<u32>()
                    + std::mem::size_of::<Option<NaiveDate>>()
                    + std::mem::size_of::<Lang>())
    }

    /// Bytes of key text alone.
    pub fn text_bytes(&self) -> usize {
        self.packed.len() + self.utf8.len()
    }
}

/// Builds a chunk of keys an article at a time.
#[derive(Debug, Default)]
pub struct KeysBuilder {
    packed: Vec<u8>,
    utf8: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
    source_at: Vec<u32>,
    dates: Vec<Option<NaiveDate>>,
    langs: Vec<Lang>,
    scratch: String,
}

impl KeysBuilder {
    pub fn with_capacity(n: usize) -> KeysBuilder {
        KeysBuilder {
            packed: Vec::with_capacity(n * 64),
            starts: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            source_at: Vec::with_capacity(n),
            dates: Vec::with_capacity(n),
            langs: Vec::with_capacity(n),
            ..KeysBuilder::default()
        }
    }

    /// Folds and adds an article's key.
    pub fn push(&mut self, title: &str, source: Option<&str>, date: Option<NaiveDate>, lang: Lang) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let source_at = fold_key(title, source, &mut text);
        self.push_folded(&text, source_at, date, lang);
        self.scratch = text;
    }

    /// Adds a key folded already (a [`Haystack`]'s).
    fn push_folded(&mut self, text: &str, source_at: usize, date: Option<NaiveDate>, lang: Lang) {
        // Offsets are 31 bits: a chunk past 2 GiB of keys (never met: chunks hold a few
        // thousand titles of at most 64 KiB) keeps the article with an empty key.
        let fits = |at: usize| at + text.len() < UTF8 as usize;
        let start = self.packed.len();
        let (start, end, source_at) = if fits(start) && pack_into(text, &mut self.packed) {
            // A packed char is one byte: the source starts after as many chars as precede it.
            let source_chars = text[..source_at].chars().count();
            (start as u32, self.packed.len() as u32, source_chars as u32)
        } else if fits(self.utf8.len()) {
            let start = self.utf8.len();
            self.utf8.push_str(text);
            (
                start as u32 | UTF8,
                self.utf8.len() as u32,
                source_at as u32,
            )
        } else {
            (start as u32, start as u32, 0)
        };
        self.starts.push(start);
        self.ends.push(end);
        self.source_at.push(source_at);
        self.dates.push(date);
        self.langs.push(lang);
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    pub fn finish(self) -> Keys {
        Keys {
            packed: self.packed.into_boxed_slice(),
            utf8: self.utf8.into_boxed_str(),
            starts: self.starts.into_boxed_slice(),
            ends: self.ends.into_boxed_slice(),
            source_at: self.source_at.into_boxed_slice(),
            dates: self.dates.into_boxed_slice(),
            langs: self.langs.into_boxed_slice(),
        }
    }
}

impl<'a> FromIterator<&'a Haystack> for Keys {
    fn from_iter<I: IntoIterator<Item = &'a Haystack>>(iter: I) -> Keys {
        let mut b = KeysBuilder::default();
        for h in iter {
            b.push_folded(&h.text, h.source_at, h.date, h.lang);
        }
        b.finish()
    }
}

impl FromIterator<Haystack> for Keys {
    fn from_iter<I: IntoIterator<Item = Haystack>>(iter: I) -> Keys {
        let mut b = KeysBuilder::default();
        for h in iter {
            b.push_folded(&h.text, h.source_at, h.date, h.lang);
        }
        b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_each_article_packed_or_not() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 18);
        let items = [
            ("بوتين يصل إلى باكو", Some("العربية الآن"), d, Lang::Ar),
            ("Путин прибыл в Баку", Some("ТАСС"), None, Lang::Unknown),
            ("Putin arrives in Baku", None, d, Lang::En),
            ("", Some(""), None, Lang::Unknown),
            ("東京 · «x»", Some("NHK"), None, Lang::Mixed),
        ];
        let mut b = KeysBuilder::default();
        for (t, s, d, l) in items {
            b.push(t, s, d, l);
        }
        let keys = b.finish();
        assert_eq!(keys.len(), items.len());
        for (i, (t, s, d, l)) in items.into_iter().enumerate() {
            let h = Haystack::new(t, s, d, l);
            assert_eq!(keys.text(i), h.key(), "{t}");
            let k = keys.get(i);
            let source = match k.source {
                Key::Packed(b) => super::super::packed::unpack(b),
                Key::Utf8(s) => s.to_string(),
            };
            assert_eq!(source, h.source(), "{t}");
            assert_eq!((k.date, k.lang), (d, l));
        }
        assert!(matches!(keys.get(0).key, Key::Packed(_)));
        assert!(matches!(keys.get(1).key, Key::Utf8(_)));
        assert!(matches!(keys.get(4).key, Key::Utf8(_)));
        assert_eq!(keys.text(0), "بوتين يصل الي باكو · العربيه الان");
        // From haystacks: the same chunk.
        let again: Keys = items_again().iter().collect();
        assert_eq!(again.text(0), keys.text(0));
    }

    fn items_again() -> Vec<Haystack> {
        vec![Haystack::new(
            "بوتين يصل إلى باكو",
            Some("العربية الآن"),
            None,
            Lang::Ar,
        )]
    }

    #[test]
    fn an_arabic_key_takes_a_byte_a_letter() {
        let mut b = KeysBuilder::default();
        let title = "قمة القادة في مؤتمر المناخ بباكو";
        b.push(title, None, None, Lang::Ar);
        let keys = b.finish();
        assert_eq!(keys.text_bytes(), title.chars().count());
        assert!(
            keys.text_bytes() * 10 < title.len() * 6,
            "{} of {}",
            keys.text_bytes(),
            title.len()
        );
    }
}
