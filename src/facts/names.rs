//! Name lexicons for people, places and organizations, and the cue words around names
//! (titles, organization heads, speech verbs), all from `data/*.txt`.

use super::lexicon::{sections, word_set, FastSet, PhraseMap};
use super::token::{key_of, Para};
use super::Kind;
use std::sync::OnceLock;

pub struct Names {
    /// Whole names: (kind, canonical key shared by variants).
    pub names: PhraseMap<(Kind, String)>,
    pub given: FastSet<String>,
    pub titles: PhraseMap<()>,
    pub heads: PhraseMap<()>,
    pub speech: FastSet<String>,
    pub sources: PhraseMap<()>,
    /// Adjectives after which a لل-noun goes on with an institution's name.
    pub org_adjectives: FastSet<String>,
    /// English capitalized words that are no name by themselves (The, Thanks, Monday).
    pub en_not_name: FastSet<String>,
    /// English words that make a capitalized name an organization (Corp., University).
    pub en_org_words: FastSet<String>,
    /// English words that end a place name (River, Beach, Base).
    pub en_place_words: FastSet<String>,
    /// Every word any of the maps above starts with: a token with none of these cannot
    /// start a name, a title or a head, and is skipped at once.
    pub firsts: FastSet<String>,
}

fn list(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('\t') {
            Some((n, c)) => (n.trim(), Some(c.trim())),
            None => (l.trim(), None),
        })
}

/// Names every lexicon leaves out, for measuring what the patterns find alone: the file
/// `AKHBAR_LEXICON_WITHOUT` names (one name a line), read once. Each line and each word of it
/// goes: a whole name (فلاديمير بوتين), and its words as given names or one-word places.
fn left_out() -> FastSet<String> {
    let Some(path) = std::env::var_os("AKHBAR_LEXICON_WITHOUT") else {
        return FastSet::default();
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = FastSet::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let k = key_of(line);
        out.extend(k.split(' ').map(str::to_string));
        out.insert(k);
    }
    out
}

pub fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(|| {
        let out = left_out();
        let mut names = PhraseMap::default();
        let names_insert = |names: &mut PhraseMap<(Kind, String)>, k: &str, v: (Kind, String)| {
            if !out.contains(k) {
                names.insert(k, v);
            }
        };
        // Curated lists first: the first value given for a phrase wins.
        for (n, _) in list(include_str!("data/orgs.txt")) {
            names_insert(&mut names, &key_of(n), (Kind::Organization, key_of(n)));
        }
        // No list of people: no package ships one that stays current, and a hand-made one
        // held the names of the articles it was written beside (حيدر علييف from the seed).
        // People are found by their shape: titles, given names, lineage, speech verbs.
        let extra = include_str!("data/places_extra.txt");
        let removed: FastSet<String> = list(extra)
            .filter_map(|(n, _)| n.strip_prefix('-').map(key_of))
            .collect();
        for (n, c) in list(extra).filter(|(n, _)| !n.starts_with('-')) {
            names_insert(
                &mut names,
                &key_of(n),
                (Kind::Place, key_of(c.unwrap_or(n))),
            );
        }
        for file in [
            include_str!("data/places_iso.txt"),
            include_str!("data/places_cldr.txt"),
        ] {
            for (n, c) in list(file) {
                let k = key_of(n);
                if !removed.contains(&k) && k.chars().count() > 2 {
                    names_insert(&mut names, &k, (Kind::Place, c.unwrap_or(n).to_string()));
                }
            }
        }
        let given: FastSet<String> = list(include_str!("data/given_names.txt"))
            .map(|(n, _)| key_of(n))
            .filter(|k| !out.contains(k))
            .collect();
        let cues = sections(include_str!("data/cues.txt"));
        let phrases = |name: &str| {
            let mut m = PhraseMap::default();
            for (k, _) in cues.get(name).into_iter().flatten() {
                m.insert(k, ());
            }
            m
        };
        let titles = phrases("title");
        let heads = phrases("orghead");
        let mut firsts: FastSet<String> = names.firsts().cloned().collect();
        firsts.extend(titles.firsts().cloned());
        firsts.extend(heads.firsts().cloned());
        firsts.extend(given.iter().cloned());
        Names {
            names,
            given,
            titles,
            heads,
            speech: word_set(cues.get("speech")),
            sources: phrases("source"),
            org_adjectives: word_set(cues.get("org-adjective")),
            en_not_name: word_set(cues.get("en-not-name")),
            en_org_words: word_set(cues.get("en-org-word")),
            en_place_words: word_set(cues.get("en-place-word")),
            firsts,
        }
    })
}

/// A match of a phrase at token `i`, maybe after a proclitic on its first word: (chars
/// split off the first word, end token, value).
pub fn match_at<'m, V>(map: &'m PhraseMap<V>, p: &Para, i: usize) -> Option<(usize, usize, &'m V)> {
    for (cut, rest) in p.splits(i) {
        if rest.chars().count() < 2 {
            continue;
        }
        if let Some((e, v)) = map.longest(p, i, rest) {
            return Some((cut, e, v));
        }
    }
    None
}

/// The original char offset inside token `i` after `cut` folded chars (a proclitic), so a
/// span can start after و/ب/ل without splitting a letter from its harakat.
pub fn offset_after(p: &Para, i: usize, cut: usize) -> usize {
    let Some(t) = p.tokens.get(i) else {
        return 0;
    };
    if cut == 0 {
        return t.start;
    }
    let mut seen = 0;
    for (k, c) in p.slice(t.start, t.end).chars().enumerate() {
        let mark = matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}');
        if !mark {
            if seen == cut {
                return t.start + k;
            }
            seen += 1;
        }
    }
    t.start
}

/// A given name (with a proclitic split off if needed): the chars cut.
pub fn given_at(p: &Para, i: usize) -> Option<usize> {
    let g = &names().given;
    p.splits(i)
        .find(|(_, r)| g.contains(*r))
        .map(|(cut, _)| cut)
}

/// Gentilic adjectives (الروسي, الأذربيجانية, Russian) are not names; an Arabic one ends in
/// ي / ية with the article.
pub fn is_gentilic(w: &str) -> bool {
    (w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه")) && w.chars().count() > 4)
        || (w.ends_with("ian") || w.ends_with("ese") || w.ends_with("ish")) && w.is_ascii()
}
