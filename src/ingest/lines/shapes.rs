//! Furniture known by its shape rather than its words: time stamps, breadcrumbs and menus,
//! credited captions, widget labels.

use super::{Line, Reason, SHORT_LINE_WORDS};
use crate::ingest::cues::{split_words, Cues, Phrase};

/// A photo caption ending in its agency's credit, `… في الميناء (أ ف ب)`, `… (AFP)`: a
/// line that does not end a sentence and closes on a bracketed abbreviation or outlet.
pub(super) fn credited_caption(line: &Line, c: &Cues) -> bool {
    let text = line.text.trim_end();
    if line.n_words() > 40 || !text.ends_with(')') {
        return false;
    }
    let Some(open) = text.rfind('(') else {
        return false;
    };
    let inner = text.get(open + 1..text.len() - 1).unwrap_or("");
    // `(Derek Olsen / The City Ledger)`: a photographer and an outlet, the credit of a
    // caption of any length.
    let slashed = inner.contains(" / ") && (2..=8).contains(&split_words(inner).len());
    if slashed && !inner.contains(['.', '،', ',']) {
        return open > 0;
    }
    if line.n_words() > 20 || line.ends_sentence_proper() {
        return false;
    }
    let words = crate::ingest::cues::fold_words(inner);
    let abbreviation = words.iter().all(|w| w.chars().count() <= 2)
        || (inner.chars().any(char::is_alphabetic)
            && inner
                .chars()
                .filter(|ch| ch.is_alphabetic())
                .all(|ch| ch.is_ascii_uppercase()));
    let credit = words.iter().any(|w| c.outlet.contains(w.as_str()));
    // `(צילום: אבי שמש)`, `(Photo: Jane Roe)`: the credit is labelled.
    let labelled = c
        .phrases_at_start(&words)
        .any(|(k, t)| k == Phrase::Caption && t < words.len() && words.len() <= t + 4);
    open > 0 && (labelled || ((1..=3).contains(&words.len()) && (abbreviation || credit)))
}

/// A line that is mostly a date or a time: digits, month and day names, relative-time
/// words, date labels.
pub(super) fn is_timestamp(line: &Line, c: &Cues) -> bool {
    let n = line.n_words();
    if n > SHORT_LINE_WORDS || line.ends_sentence_proper() {
        return false;
    }
    // A date beside a separator in a short line: the stamp of a byline cluster, or a date
    // given twice (`ה' באייר תשפ"ד | 13.05.24`, Hebrew or Hijri beside Gregorian).
    if !line.dates.is_empty() && n <= 10 && line.text.contains(['|', '•', '·']) {
        return true;
    }
    let has_time = has_clock(&line.text);
    let labelled = line.date_label.is_some();
    let dated = !line.dates.is_empty() || has_time;
    // Without a date, a time, a label or (in a very short line) a relative-time word, no
    // count of date-like words makes a stamp: most lines stop here, before the count.
    let relative = || line.words.iter().any(|w| c.relative.contains(w.as_str()));
    if !(dated || labelled || (n <= 4 && relative())) {
        return false;
    }
    let mut datey = 0;
    let mut i = 0;
    while i < n {
        if let Some((_, _, len)) = c.month_at(&line.words, i) {
            datey += len;
            i += len;
            continue;
        }
        let w = line.words[i].as_str();
        if w.bytes().all(|b| b.is_ascii_digit())
            || c.weekday.contains(w)
            || c.relative.contains(w)
            || c.era_greg.contains(w)
            || c.era_hijri.contains(w)
            || c.era_solar.contains(w)
            || matches!(w, "am" | "pm" | "ص" | "م" | "gmt" | "utc")
        {
            datey += 1;
        }
        i += 1;
    }
    datey * 3 >= n * 2 || (dated && n - datey <= 3)
}

/// A gallery's or a pager's counter: two numbers, the first not past the second, with a
/// slash or one function word between them (`3 / 8`, `Image 2 of 5`, `صورة 1 من 8`), and
/// at most one word before.
pub(super) fn is_counter(line: &Line, c: &Cues) -> bool {
    let w = &line.words;
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if line.ends_sentence_proper() || !(2..=4).contains(&w.len()) {
        return false;
    }
    let Some(at) = w.iter().position(|s| number(s).is_some()) else {
        return false;
    };
    let (Some(a), rest) = (number(&w[at]), &w[at + 1..]) else {
        return false;
    };
    let (between, b) = match rest {
        [b] => (None, number(b)),
        [between, b] => (Some(between), number(b)),
        _ => return false,
    };
    let joined = match between {
        Some(word) => c.stop.contains(word.as_str()),
        None => line.text.contains('/'),
    };
    at <= 1 && joined && b.is_some_and(|b| b >= 2 && a >= 1 && a <= b)
}

/// `10:30`, `9:05`: a clock time.
fn has_clock(text: &str) -> bool {
    // Most lines have no colon: nothing to look at.
    if !text.contains(':') {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(4)
        .any(|w| w[0].is_numeric() && w[1] == ':' && w[2].is_numeric() && w[3].is_numeric())
}

/// Breadcrumbs (`الرئيسية > أخبار`, or glued `الرئيسيةأخبار محلية`) and menus (a line of
/// section names).
pub(super) fn navigation(line: &Line, c: &Cues) -> Option<Reason> {
    let n = line.n_words();
    if n > 16 || line.ends_sentence_proper() {
        return None;
    }
    let seps = line
        .text
        .chars()
        .filter(|ch| matches!(ch, '>' | '»' | '›' | '/' | '|' | '<' | '«' | '‹' | '\\'))
        .count();
    let nav = line
        .words
        .iter()
        .filter(|w| c.nav.contains(w.as_str()))
        .count();
    if seps >= 1 && nav >= 1 && !line.text.contains(['"', '“']) {
        let segments = seps + 1;
        if n <= segments * 4 {
            return Some(Reason::Breadcrumb);
        }
    }
    if glued_nav(&line.words[0], c) {
        return Some(Reason::Breadcrumb);
    }
    if n >= 2 && nav * 10 >= n * 6 && line.stop_density < 0.2 {
        return Some(Reason::Navigation);
    }
    None
}

/// A nav word glued to the next one (`الرئيسيةأخبار`): the page joined two links.
fn glued_nav(word: &str, c: &Cues) -> bool {
    if word.len() < 8 || c.nav.contains(word) {
        return false;
    }
    // Every split of the word at a character boundary is looked up, rather than every nav
    // word compared with it: a word has a dozen splits, the menus hundreds of words.
    let nav_prefix = |s: &str, min_chars: usize| {
        s.char_indices()
            .skip(min_chars)
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .any(|i| s.get(..i).is_some_and(|p| c.nav.contains(p)))
    };
    word.char_indices().skip(1).any(|(i, _)| {
        let (head, rest) = word.split_at(i);
        rest.len() > 2 && c.nav.contains(head) && nav_prefix(rest, 3)
    })
}

/// A widget label: no word of three letters, or a run of one- and two-letter Latin tokens
/// (`TT`, `A A`) on a page in another script.
pub(super) fn is_junk(line: &Line) -> bool {
    let n = line.n_words();
    n <= 3
        && line
            .words
            .iter()
            .all(|w| w.chars().count() <= 2 && !w.chars().all(|c| c.is_numeric()))
}

/// A count of the readers' comments: a number and the words that open the comments, nothing
/// else (`23 comments`, `5 תגובות`). The label alone opens the comments; with a number
/// before it, it only says how many there are, wherever it stands.
pub(super) fn comment_count(line: &Line, c: &Cues) -> bool {
    let w = &line.words;
    let n = w.len();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if line.ends_sentence_proper() || !(2..=4).contains(&n) {
        return false;
    }
    let rest = if digits(&w[0]) {
        &w[1..]
    } else if digits(&w[n - 1]) {
        &w[..n - 1]
    } else {
        return false;
    };
    !rest.iter().any(|s| digits(s))
        && c.phrases_at_start(rest)
            .any(|(k, taken)| k == Phrase::Comments && taken == rest.len())
}
