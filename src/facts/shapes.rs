//! Names found by the shape of the article, once the lexicons, titles and the tagger have
//! had their say: a one-word place found once marks its other mentions, with or without a
//! proclitic (أذربيجان … وأذربيجان, لأذربيجان): one sense per article. Nothing here looks a
//! name up.

use super::entity::{is_arabic, taken, Cand};
use super::lexicon::FastSet;
use super::token::Para;
use super::Kind;

/// Adds the candidates the article's shape gives on tokens no candidate or block holds.
///
/// Tried and left out, by ANERcorp train 5-fold CV (token F1, mean of folds, 0.788 with
/// neither): a place head and the word after it (مدينة X, إقليم X, بحر X: 0.782 to 0.784 in
/// four variants, place 0.882 -> 0.873, since ولاية and عاصمة head other things too), and a
/// name tied by و to a name of a known kind (0.772 for people and places, 0.775 for places).
pub(super) fn carry(paras: &[Para], blocks: &[Vec<(usize, usize)>], cands: &mut Vec<Cand>) {
    consistent_places(paras, blocks, cands);
    cands.sort_by_key(|c| (c.para, c.a));
}

/// A one-word Arabic place found anywhere marks its other mentions (with a proclitic cut):
/// one sense per article.
fn consistent_places(paras: &[Para], blocks: &[Vec<(usize, usize)>], cands: &mut Vec<Cand>) {
    let places: FastSet<String> = cands
        .iter()
        .filter(|c| c.kind == Kind::Place && c.b == c.a + 1 && is_arabic(&c.key))
        .filter(|c| c.key.chars().count() >= 4 && !c.key.contains(' '))
        .map(|c| c.key.clone())
        .collect();
    if places.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let taken = taken(p, pi, cands, blocks);
        for i in 0..p.len() {
            if taken.get(i).copied().unwrap_or(true) || !p.is_word(i) || p.f(i).len() < 8 {
                continue;
            }
            if let Some((cut, r)) = p.splits(i).find(|(_, r)| places.contains(*r)) {
                added.push(Cand {
                    para: pi,
                    a: i,
                    b: i + 1,
                    cut,
                    kind: Kind::Place,
                    key: r.to_string(),
                    ruled: false,
                });
            }
        }
    }
    cands.extend(added);
}

#[cfg(test)]
mod tests {
    use crate::facts::{extract, Kind};

    #[test]
    fn a_place_found_once_marks_its_other_mentions() {
        // «لبنان» is a listed place; «وللبنان» is found through it, not through a list.
        let f = extract(&["زار الوفد لبنان أمس", "وقال إن للبنان حقا في ذلك"], None);
        let places: Vec<(usize, String)> = f
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Place)
            .map(|f| (f.para, f.text.clone()))
            .collect();
        assert!(places.contains(&(1, "لبنان".to_string())), "{places:?}");
    }
}
