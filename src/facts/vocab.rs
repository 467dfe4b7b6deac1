//! Which lexicons a token could be looked up in, found once per token.
//!
//! Every extractor asks of the same tokens whether they start a name, are a speech verb,
//! could start a date, and so on: each question a hash look-up of every clitic split of
//! the token. One map from every lexicon word to the lexicons it is in answers all of them
//! at once: [`Para::mark`] is the union of the marks of a token's splits, so a look-up whose
//! lexicon's mark is missing cannot match and is skipped. A mark is only a filter: where it
//! is set, the real look-up still decides.

use super::lexicon::FastMap;
use super::token::Para;
use std::sync::OnceLock;

/// The first word of a name, title, organization head, or a given name.
pub const NAME: u32 = 1;
/// A speech verb (قال, said).
pub const SPEECH: u32 = 1 << 1;
/// A word a date may start with (see `date::may_start`).
pub const DATE: u32 = 1 << 2;
/// The first word of a source cue (وفقا, according).
pub const SOURCE: u32 = 1 << 3;
/// A number word (ثلاثة, million) or an ordinal's first word.
pub const NUMBER: u32 = 1 << 4;
/// A dual that counts two of something (يومين) or the first word of a bare quantity.
pub const QUANTITY: u32 = 1 << 5;

fn words() -> &'static FastMap<String, u32> {
    static W: OnceLock<FastMap<String, u32>> = OnceLock::new();
    W.get_or_init(|| {
        let mut m: FastMap<String, u32> = FastMap::default();
        let mut add = |w: &String, mark: u32| *m.entry(w.clone()).or_default() |= mark;
        let n = super::names::names();
        n.firsts.iter().for_each(|w| add(w, NAME));
        n.speech.iter().for_each(|w| add(w, SPEECH));
        n.sources.firsts().for_each(|w| add(w, SOURCE));
        super::date::starters().for_each(|w| add(&w, DATE));
        super::number::number_words().for_each(|w| add(w, NUMBER));
        super::number::dual_words().for_each(|w| add(w, QUANTITY));
        super::quantity::bare_firsts().for_each(|w| add(w, QUANTITY));
        m
    })
}

/// The marks of every token of `p`: the union over the token and its clitic splits.
pub(super) fn marks(p: &Para) -> Vec<u32> {
    let w = words();
    (0..p.len())
        .map(|i| {
            p.splits(i)
                .map(|(_, s)| w.get(s).copied().unwrap_or(0))
                .fold(0, |a, b| a | b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cover_the_splits() {
        let p = Para::new("وقال الرئيس بوتين أمس وفقا لوكالة");
        let m: Vec<u32> = (0..p.len()).map(|i| p.mark(i)).collect();
        assert_ne!(m[0] & SPEECH, 0, "وقال: و + قال");
        assert_ne!(m[1] & NAME, 0, "a title");
        assert_ne!(m[3] & DATE, 0, "أمس");
        assert_ne!(m[4] & SOURCE, 0, "وفقا");
        assert_ne!(Para::new("وثلاثة").mark(0) & NUMBER, 0);
        assert_eq!(Para::new("xyzzy").mark(0), 0);
        assert_eq!(p.mark(99), 0);
    }
}
