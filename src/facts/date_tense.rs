//! The tense of the clause around each token: which way a weekday or a day and month with no
//! year leans. «أعلنت الوزارة مساء الأحد» is a Sunday gone by, «ستعقد القمة الأحد» one to come,
//! and one paragraph may hold both; so the tense is read per token, from the nearest verb
//! before it in its sentence (or, when the sentence starts with the date, the first verb after
//! it), not once per paragraph.
//!
//! Verbs are told by their shape, not by a list of verbs:
//! - Arabic perfect (past): the third person suffixes ـت (أعلنت، قالت) and ـوا (قالوا), also
//!   with an object pronoun after them (نشرته، أعلنتها); the particles قد/لقد before a perfect
//!   and لم before an imperfect; كان and a closed set of the commonest suffixless perfects of
//!   reporting (قال، أعلن، أكد …), which no suffix marks.
//! - Arabic imperfect (present, no lean): the prefixes ي/ت/ن; with سـ or after سوف/لن, future.
//! - English: the -ed past and the common irregular pasts; will/shall for the future; a
//!   participle after a form of "be" (is scheduled, was expected) takes the auxiliary's tense.
//! - Markers: ago, الماضي (past); next, upcoming, المقبل, القادم (future).

use super::calendar::Tense;
use super::token::Para;

/// Arabic perfects with no suffix to show them (3rd person masculine singular), the
/// reporting and event verbs news is written with; folded spelling.
const AR_PERFECTS: [&str; 24] = [
    "قال",
    "اعلن",
    "اكد",
    "ذكر",
    "اضاف",
    "اوضح",
    "اشار",
    "افاد",
    "كان",
    "عقد",
    "التقي",
    "زار",
    "وصل",
    "بدا",
    "جري",
    "شهد",
    "وقع",
    "اعتبر",
    "صرح",
    "نفي",
    "دعا",
    "استقبل",
    "غادر",
    "توفي",
];

/// Arabic words that end like a perfect and are not verbs (place names, nouns of the news).
const AR_NOT_PERFECT: [&str; 8] = [
    "بيروت",
    "توقيت",
    "بتوقيت",
    "موقت",
    "ثابت",
    "انترنت",
    "الانترنت",
    "صوت",
];

/// English irregular pasts (the -ed ones are told by their ending).
const EN_PASTS: [&str; 44] = [
    "said", "told", "was", "were", "had", "did", "met", "held", "went", "came", "took", "made",
    "gave", "saw", "left", "began", "won", "lost", "fell", "rose", "led", "sent", "spent", "found",
    "became", "spoke", "wrote", "brought", "bought", "paid", "kept", "struck", "got", "ran",
    "chose", "flew", "stood", "sold", "fought", "thought", "knew", "broke", "drove", "shot",
];

/// English words ending in -ed that are no past tense.
const EN_NOT_PAST: [&str; 10] = [
    "need", "speed", "indeed", "seed", "feed", "bed", "red", "hundred", "shed", "breed",
];

/// Participles that look ahead whatever their form (scheduled for Monday, due on Friday).
const EN_AHEAD: [&str; 5] = ["scheduled", "expected", "planned", "due", "set"];

const EN_BE_PRESENT: [&str; 4] = ["is", "are", "am", "be"];

/// Words after "to" that make it a preposition, not an infinitive's.
const DETERMINERS: [&str; 12] = [
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
];

/// Words of intent and expectation an infinitive follows (the -ed ones by their ending).
const INTENT: [&str; 16] = [
    "expect", "expects", "plan", "plans", "set", "due", "going", "hope", "hopes", "want", "wants",
    "aim", "aims", "likely", "seeks", "vows",
];

/// Prepositions that point a date ahead of its clause: a strike called for Thursday, a heatwave
/// to last until Tuesday, a law in force by Friday, بحلول نهاية العام.
const AHEAD_OF: [&str; 5] = ["for", "until", "till", "by", "بحلول"];

/// The tense a word gives its clause, if it is a verb or a marker of time.
fn word_tense(p: &Para, i: usize) -> Option<Tense> {
    let w = p.f(i);
    if w.is_empty() || !p.is_word(i) {
        return None;
    }
    if w.is_ascii() {
        return english(p, i, w);
    }
    arabic(p, i, w)
}

fn english(p: &Para, i: usize, w: &str) -> Option<Tense> {
    match w {
        "will" | "shall" | "won't" | "next" | "upcoming" => return Some(Tense::Future),
        "ago" => return Some(Tense::Past),
        "is" | "are" | "am" | "says" | "say" | "could" | "would" | "can" | "might" | "should"
        | "must" => return Some(Tense::Neutral),
        // May is a month; may, in lower case, a modal.
        "may" if !p.tokens.get(i).is_some_and(|t| t.upper) => return Some(Tense::Neutral),
        // agreed to meet, plans to hold: an infinitive after a verb of intent looks ahead
        // from whatever tense is around it ("a note to clients" is no infinitive).
        "to" if p.is_word(i + 1)
            && !p.tokens.get(i + 1).is_some_and(|t| t.upper)
            && p.mark(i + 1) & super::vocab::DATE == 0
            && !DETERMINERS.contains(&p.f(i + 1))
            && i > 0
            && (INTENT.contains(&p.f(i - 1)) || p.f(i - 1).ends_with("ed")) =>
        {
            return Some(Tense::Neutral)
        }
        _ => {}
    }
    if w.ends_with("'ll") {
        return Some(Tense::Future);
    }
    let before = i.checked_sub(1).map(|k| p.f(k)).unwrap_or("");
    if EN_AHEAD.contains(&w) {
        return Some(match before {
            "was" | "were" => Tense::Past,
            _ => Tense::Neutral,
        });
    }
    let past = EN_PASTS.contains(&w)
        || (w.len() >= 5
            && w.ends_with("ed")
            && !EN_NOT_PAST.contains(&w)
            && !p.tokens.get(i).is_some_and(|t| t.upper));
    if !past {
        return None;
    }
    // is held, will be reopened: the auxiliary says the tense.
    if EN_BE_PRESENT.contains(&before) && !EN_PASTS.contains(&w) {
        return Some(Tense::Neutral);
    }
    Some(Tense::Past)
}

fn arabic(p: &Para, i: usize, w: &str) -> Option<Tense> {
    match w {
        "سوف" | "لن" | "المقبل" | "المقبله" | "القادم" | "القادمه" => {
            return Some(Tense::Future)
        }
        "قد" | "لقد" | "وقد" | "لم" | "ولم" | "الماضي" | "الماضيه" | "المنصرم" | "المنصرمه" => {
            return Some(Tense::Past)
        }
        _ => {}
    }
    // A date word is no verb (يوم, يناير, يونيو start like an imperfect).
    if p.mark(i) & super::vocab::DATE != 0 {
        return None;
    }
    // The conjunctions و and ف are the only proclitics a verb here takes.
    let stem = match w.strip_prefix('و').or_else(|| w.strip_prefix('ف')) {
        Some(s) if s.chars().count() >= 3 => s,
        _ => w,
    };
    if AR_PERFECTS.contains(&stem) || matches!(stem, "كانت" | "كانوا") {
        return Some(Tense::Past);
    }
    if stem.starts_with("ال") || AR_NOT_PERFECT.contains(&stem) {
        return None;
    }
    let n = stem.chars().count();
    // سيعقد, ستبدأ, سنعلن: the future prefix on an imperfect.
    // The imperfect after سـ has four letters or more (ستاد, ستين, سيدي are nouns); سيتم,
    // the commonest three-letter one, is named.
    if let Some(rest) = stem.strip_prefix('س') {
        let verb = rest.starts_with(['ي', 'ت', 'ن']) && rest.chars().count() >= 4;
        if (verb && !noun_ending(rest)) || matches!(rest, "يتم" | "تتم") {
            return Some(Tense::Future);
        }
    }
    // نشرته, أعلنتها: an object pronoun after the subject suffix.
    let bare = ["ها", "هم", "ه"]
        .iter()
        .find_map(|s| {
            stem.strip_suffix(s)
                .filter(|b| b.ends_with('ت') || b.ends_with("وا"))
        })
        .unwrap_or(stem);
    let bn = bare.chars().count();
    if (4..=8).contains(&bn) && bare.ends_with("وا") && !bare.starts_with(['ي', 'ت', 'ن']) {
        return Some(Tense::Past);
    }
    if (4..=7).contains(&bn)
        && bare.ends_with('ت')
        && !bare.ends_with("ات")
        && !bare.starts_with('ي')
    {
        return Some(Tense::Past);
    }
    // يزور, تعقد, نعلن: the imperfect, present or to come; it takes back a past before it.
    if (3..=7).contains(&n) && stem.starts_with(['ي', 'ت', 'ن']) && !noun_ending(stem) {
        return Some(Tense::Neutral);
    }
    None
}

/// Endings of nouns, never of an imperfect verb: ta marbuta (folded to ه), the feminine
/// plural, the nisba.
fn noun_ending(w: &str) -> bool {
    w.ends_with('ه') || w.ends_with("ات") || w.ends_with("يه") || w.ends_with('ء')
}

/// Does token `i` end a sentence? A full stop (not a decimal point nor an abbreviation's
/// period), ! ? ؟ ; ؛.
fn sentence_end(p: &Para, i: usize) -> bool {
    match p.f(i) {
        "!" | "?" | "؟" | ";" | "؛" => true,
        "." => {
            let decimal = p.is_digits(i + 1) && p.glued(i + 1);
            let abbreviation = i > 0
                && p.glued(i)
                && p.is_word(i - 1)
                && p.f(i - 1).is_ascii()
                && p.f(i - 1).len() <= 4
                && p.tokens.get(i - 1).is_some_and(|t| t.upper);
            !decimal && !abbreviation
        }
        _ => false,
    }
}

/// The tense of the clause of every token of `p`: the nearest verb or marker before it in its
/// sentence, else the first after it, else [`Tense::Neutral`].
pub fn clause_tenses(p: &Para) -> Vec<Tense> {
    let n = p.len();
    let mut out = vec![Tense::Neutral; n];
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end < n && !sentence_end(p, end) {
            end += 1;
        }
        let verbs: Vec<Option<Tense>> = (start..end).map(|i| word_tense(p, i)).collect();
        // The first verb of the sentence, for the tokens before it.
        let mut last = verbs
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(Tense::Neutral);
        for (k, v) in verbs.iter().enumerate() {
            let i = start + k;
            out[i] = if i > 0 && AHEAD_OF.contains(&p.f(i - 1)) {
                Tense::Neutral
            } else {
                last
            };
            if let Some(t) = v {
                last = *t;
            }
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tense_at(text: &str, word: &str) -> Tense {
        let p = Para::new(text);
        let folded = crate::text::fold_for_match(word).text;
        let i = (0..p.len())
            .find(|&i| p.f(i) == folded)
            .unwrap_or_else(|| panic!("{word} not in {text}"));
        clause_tenses(&p)[i]
    }

    #[test]
    fn arabic_perfects_by_their_suffixes() {
        assert_eq!(tense_at("أعلنت الوزارة مساء الأحد", "الأحد"), Tense::Past);
        assert_eq!(
            tense_at("وقالوا إن الهجوم وقع الخميس", "الخميس"),
            Tense::Past
        );
        assert_eq!(tense_at("نشرته الصحيفة الاثنين", "الاثنين"), Tense::Past);
        assert_eq!(tense_at("وأكد الوزير الثلاثاء أن", "الثلاثاء"), Tense::Past);
        // A feminine plural noun is no perfect.
        assert_eq!(tense_at("الانتخابات الأحد", "الأحد"), Tense::Neutral);
    }

    #[test]
    fn arabic_imperfect_and_future() {
        assert_eq!(tense_at("ستعقد القمة الأحد", "الأحد"), Tense::Future);
        assert_eq!(tense_at("سوف يزور القاهرة الأحد", "الأحد"), Tense::Neutral);
        // The nearest verb wins: a visit to come, announced in the past.
        assert_eq!(
            tense_at("أعلنت الوزارة أن الوزير يزور القاهرة الأحد", "الأحد"),
            Tense::Neutral
        );
        assert_eq!(
            tense_at("أعلنت الوزارة أنها ستفتتح المعرض الأحد", "الأحد"),
            Tense::Future
        );
    }

    #[test]
    fn english_past_future_and_be() {
        assert_eq!(
            tense_at("The ministry announced on Sunday", "Sunday"),
            Tense::Past
        );
        assert_eq!(
            tense_at("He told reporters on Friday", "Friday"),
            Tense::Past
        );
        assert_eq!(
            tense_at("The talks will resume on Monday", "Monday"),
            Tense::Future
        );
        assert_eq!(
            tense_at("The vote is scheduled for Monday", "Monday"),
            Tense::Neutral
        );
        assert_eq!(
            tense_at("The vote was expected on Monday", "Monday"),
            Tense::Past
        );
        // A capitalised -ed word is a name, not a verb.
        assert_eq!(tense_at("United on Saturday", "Saturday"), Tense::Neutral);
    }

    #[test]
    fn nouns_that_start_like_a_future_are_none() {
        assert_eq!(
            tense_at("أقيم في ملعب ستاد دو فرانس الأحد", "الأحد"),
            Tense::Neutral
        );
        assert_eq!(tense_at("سيتم الافتتاح الأحد", "الأحد"), Tense::Future);
        assert_eq!(
            tense_at(
                "said Laura Bennett in a note to clients on Tuesday",
                "Tuesday"
            ),
            Tense::Past
        );
        assert_eq!(
            tense_at("They agreed to meet on Tuesday", "Tuesday"),
            Tense::Neutral
        );
    }

    #[test]
    fn infinitives_modals_and_deadlines_look_ahead() {
        let t = "forecasters reported that the heat was set to last until Tuesday";
        assert_eq!(tense_at(t, "Tuesday"), Tense::Neutral);
        assert_eq!(
            tense_at("He called a strike for Thursday", "Thursday"),
            Tense::Neutral
        );
        assert_eq!(
            tense_at("It was said it could be put to a vote in July", "July"),
            Tense::Neutral
        );
        assert_eq!(
            tense_at("He went to the talks on Monday", "Monday"),
            Tense::Past
        );
    }

    #[test]
    fn each_sentence_and_clause_has_its_own_tense() {
        let t = "He said on Monday. The summit will open on Friday.";
        assert_eq!(tense_at(t, "Monday"), Tense::Past);
        assert_eq!(tense_at(t, "Friday"), Tense::Future);
        // Before any verb, the sentence's first verb.
        assert_eq!(tense_at("مساء الأحد أعلنت الوزارة", "الأحد"), Tense::Past);
        // A decimal point or an abbreviation ends no sentence.
        assert_eq!(tense_at("Mr. Smith said on Friday", "Friday"), Tense::Past);
    }
}
