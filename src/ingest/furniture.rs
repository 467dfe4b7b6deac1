//! Page furniture (bylines, share buttons, cookie notices, ...) recognised from the data list in
//! `furniture.txt`, compiled in. Adding a phrase never needs a code change. This is the list
//! the feed page extractor and the facts command use; scraped pages are read by what each
//! line is (`lines/`, `page/`), with this list as one of the cues.

use crate::text::hash::FastHash;
use crate::text::normalize::fold_into;
use std::collections::HashMap;
use std::sync::OnceLock;

const RULES_TEXT: &str = include_str!("furniture.txt");
/// Prefix rules apply to lines at most this many words longer than the rule, so a real
/// paragraph that happens to open with "Read more" is kept.
const PREFIX_EXTRA_WORDS: usize = 16;
/// A byline names a source in a few words.
const BYLINE_EXTRA_WORDS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Exact,
    Prefix,
    Source,
}

#[derive(Debug)]
struct Rule {
    kind: Kind,
    /// The folded text, as `key` makes it.
    key: String,
    /// The rule's text as written, to cut the source name from the original line.
    words: usize,
}

/// What a line of a scraped page turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Part of the article.
    Text,
    /// Furniture to drop.
    Furniture,
    /// A byline: drop it, and take the name as the source.
    Byline(String),
}

fn key(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    fold_into(s, &mut folded);
    let mut out = String::with_capacity(folded.len());
    for w in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
fn rules() -> &'static [Rule] {
    &ruled().rules
}

/// The rules, and where to look for the ones a line can meet: a line is compared with the
/// exact rule of its text and the prefix rules of its first word, not with every rule.
struct Ruled {
    rules: Vec<Rule>,
    exact: HashMap<String, usize, FastHash>,
    /// The longest exact rule, in bytes: a longer line is not looked up.
    exact_max_len: usize,
    by_first_word: HashMap<String, Vec<usize>, FastHash>,
    /// One-word prefixes ending in a sign (`المصدر:`): they match glued to what follows.
    always: Vec<usize>,
}

fn ruled() -> &'static Ruled {
    static RULED: OnceLock<Ruled> = OnceLock::new();
    RULED.get_or_init(|| {
        let rules = parse_rules(RULES_TEXT);
        let mut exact = HashMap::default();
        let mut by_first_word: HashMap<String, Vec<usize>, FastHash> = HashMap::default();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            match r.kind {
                Kind::Exact => {
                    exact.entry(r.key.clone()).or_insert(i);
                }
                _ if r.words == 1 && r.key.ends_with(|c: char| !c.is_alphanumeric()) => {
                    always.push(i)
                }
                _ => {
                    let first = r.key.split(' ').next().unwrap_or("");
                    by_first_word.entry(first.to_string()).or_default().push(i);
                }
            }
        }
        let exact_max_len = exact.keys().map(String::len).max().unwrap_or(0);
        Ruled {
            rules,
            exact,
            exact_max_len,
            by_first_word,
            always,
        }
    })
}

fn parse_rules(text: &str) -> Vec<Rule> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let (kind, rest) = line.split_once(':')?;
            let kind = match kind.trim() {
                "exact" => Kind::Exact,
                "prefix" => Kind::Prefix,
                "source" => Kind::Source,
                _ => return None,
            };
            // One space after the colon separates; the rest is the text (it may end in a space).
            let text = rest.strip_prefix(' ').unwrap_or(rest);
            let k = key(text);
            (!k.is_empty()).then(|| Rule {
                kind,
                words: k.split(' ').count(),
                key: k,
            })
        })
        .collect()
}

/// Classifies one line (already sanitized and trimmed) of a scraped page.
pub fn classify(line: &str) -> LineKind {
    classify_keyed(line, &key(line))
}

/// [`classify`] of a line whose folded text the caller already has (`text::normalize`
/// folding, runs of white space made one space): nothing is folded twice.
pub fn classify_folded(line: &str, folded: &str) -> LineKind {
    if folded.contains("  ") || folded.starts_with(' ') || folded.ends_with(' ') {
        return classify_keyed(
            line,
            &folded.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    }
    classify_keyed(line, folded)
}

fn classify_keyed(line: &str, k: &str) -> LineKind {
    if k.is_empty() {
        return LineKind::Furniture;
    }
    let words = k.bytes().filter(|&b| b == b' ').count() + 1;
    let r = ruled();
    let first = k.split_once(' ').map_or(k, |(first, _)| first);
    let exact = (k.len() <= r.exact_max_len)
        .then(|| r.exact.get(k).copied())
        .flatten();
    let by_first = r.by_first_word.get(first).map_or(&[][..], Vec::as_slice);
    // The first rule of the file that matches wins, as when every rule was tried in order:
    // the three lists of candidates, each in file order, are merged.
    let (mut a, mut b) = (0, 0);
    let mut exact = exact;
    loop {
        let next = [exact, by_first.get(a).copied(), r.always.get(b).copied()]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = next else {
            break;
        };
        if exact == Some(i) {
            exact = None;
        }
        if by_first.get(a) == Some(&i) {
            a += 1;
        }
        if r.always.get(b) == Some(&i) {
            b += 1;
        }
        let rule = &r.rules[i];
        let extra = words.saturating_sub(rule.words);
        match rule.kind {
            Kind::Exact if k == rule.key => return LineKind::Furniture,
            Kind::Prefix if extra <= PREFIX_EXTRA_WORDS && starts_with_words(k, &rule.key) => {
                return LineKind::Furniture
            }
            Kind::Source
                if extra <= BYLINE_EXTRA_WORDS
                    && !reads_as_sentence(line)
                    && starts_with_words(k, &rule.key) =>
            {
                let name: Vec<&str> = line.split_whitespace().skip(rule.words).collect();
                let name = name.join(" ");
                let name = name.trim_matches(|c: char| c == ':' || c.is_whitespace());
                if name.is_empty() {
                    return LineKind::Furniture;
                }
                return LineKind::Byline(name.to_string());
            }
            _ => {}
        }
    }
    LineKind::Text
}

/// A byline is a name, not a clause: no commas, no closing full stop or question mark.
fn reads_as_sentence(line: &str) -> bool {
    line.contains([',', '،']) || line.trim_end().ends_with(['.', '!', '?', '؟', '。'])
}

/// Prefix match that ends on a word boundary, so the rule "By" does not take "Byzantium".
fn starts_with_words(line: &str, prefix: &str) -> bool {
    match line.strip_prefix(prefix) {
        Some(rest) => {
            rest.is_empty()
                || rest.starts_with(' ')
                || prefix.ends_with(|c: char| !c.is_alphanumeric())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_parses() {
        let n = RULES_TEXT
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        assert_eq!(rules().len(), n, "a rule in furniture.txt did not parse");
    }

    #[test]
    fn seed_furniture_is_recognised() {
        assert_eq!(classify("Photo of author"), LineKind::Furniture);
        assert_eq!(
            classify("By العربية الآن"),
            LineKind::Byline("العربية الآن".into())
        );
        assert_eq!(classify("رابط المصدر"), LineKind::Furniture);
        assert_eq!(classify("أضف تعليق"), LineKind::Furniture);
        assert_eq!(
            classify("For security, use of Google's reCAPTCHA service is required which is subject to the Google Privacy Policy and Terms of Use."),
            LineKind::Furniture
        );
        assert_eq!(classify("SHARE ON   facebook"), LineKind::Furniture);
    }

    #[test]
    fn real_text_is_kept() {
        assert_eq!(classify("Byzantium fell in 1453."), LineKind::Text);
        assert_eq!(
            classify("By the end of the week, the ministry had published its figures on growth and jobs across every region of the country."),
            LineKind::Text
        );
        assert_eq!(classify("وصل الرئيس الروسي فلاديمير بوتين"), LineKind::Text);
        assert_eq!(classify("Shares fell 3%"), LineKind::Text);
        assert_eq!(classify("By Monday, prices had doubled."), LineKind::Text);
        assert_eq!(classify("بقلم محمد"), LineKind::Byline("محمد".into()));
    }
}
