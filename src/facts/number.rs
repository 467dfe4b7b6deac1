//! Numbers: digit runs in any script with their separators (`1,200,000`, `١٬٠٠٠٬٠٠٠٫٠٠`,
//! `.77`, `-504`, `1.2M`, `3/4`), number words in Arabic (standard and spoken: ثلاثمائة وخمسين,
//! متين تلاتة وستين) and English (two point two million, three hundred crores), and digits
//! followed by a scale word (3 ملايين, 12 lakhs).

use super::dec::Dec;
use super::lexicon::{sections, FastMap, PhraseMap};
use super::token::{Class, Para};
use std::sync::OnceLock;

/// A number found in a paragraph: tokens `a..b` and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    pub a: usize,
    pub b: usize,
    pub value: Dec,
    /// Written (at least partly) in words.
    pub words: bool,
    /// Plain digits with no separators, sign, fraction or scale (a candidate year or day).
    pub plain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Unit,
    Ten,
    Hundred,
    Scale,
}

struct Words {
    roles: FastMap<String, (Role, i128)>,
    ordinals: PhraseMap<u32>,
    duals: FastMap<String, String>,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let s = sections(include_str!("data/numbers.txt"));
        let mut roles = FastMap::default();
        for (name, role) in [
            ("unit", Role::Unit),
            ("ten", Role::Ten),
            ("hundred", Role::Hundred),
            ("scale", Role::Scale),
        ] {
            for (k, v) in s.get(name).into_iter().flatten() {
                if let Ok(n) = v.parse::<i128>() {
                    roles.entry(k.clone()).or_insert((role, n));
                }
            }
        }
        let mut ordinals = PhraseMap::default();
        for (k, v) in s.get("ordinal").into_iter().flatten() {
            if let Ok(n) = v.parse() {
                ordinals.insert(k, n);
            }
        }
        let duals = s
            .get("dual")
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Words {
            roles,
            ordinals,
            duals,
        }
    })
}

/// Words that are a number only before عشر (أحد عشر); alone they mean "someone", "one of".
const TEEN_ONLY: [&str; 4] = ["احد", "احدي", "اثنا", "اثني"];

fn role_of(w: &str) -> Option<(Role, i128)> {
    words().roles.get(w).copied()
}

/// Every number word (for the date finder's quick filter).
pub fn number_words() -> impl Iterator<Item = &'static String> {
    words().roles.keys().chain(words().ordinals.firsts())
}

/// Every dual form (يومين).
pub fn dual_words() -> impl Iterator<Item = &'static String> {
    words().duals.keys()
}

/// The noun a dual form counts (يومين -> يوم), if the word is one.
pub fn dual(w: &str) -> Option<&'static str> {
    words().duals.get(w).map(String::as_str)
}

/// An ordinal word or phrase at token `i` (الثالث, twenty-first is not handled): (end, n).
pub fn ordinal(p: &Para, i: usize) -> Option<(usize, u32)> {
    let w = p.f(i);
    // The mark covers the word and its clitic splits; و is cut below even off short words.
    if p.mark(i) & super::vocab::NUMBER == 0 && !w.starts_with('و') {
        return None;
    }
    let w = if w.starts_with('و') && words().ordinals.contains_first(&w[2..]) {
        &w[2..]
    } else {
        w
    };
    // twenty-ninth, thirty first: an English tens word, then an ordinal unit.
    if let Some((Role::Ten, t)) = role_of(w).filter(|_| w.is_ascii()) {
        let k = if p.f(i + 1) == "-" && p.glued(i + 1) {
            i + 2
        } else {
            i + 1
        };
        if let Some((e, &u)) = words().ordinals.longest(p, k, p.f(k)) {
            if u < 10 {
                return Some((e, t as u32 + u));
            }
        }
    }
    let (end, &n) = words().ordinals.longest(p, i, w)?;
    // الثالث والعشرون: an ordinal unit, و, and a tens word.
    if n < 10 && p.f(end).starts_with('و') {
        let next = p.f(end);
        let rest = if next == "و" {
            p.f(end + 1)
        } else {
            &next[2..]
        };
        let skip = if next == "و" { 2 } else { 1 };
        let tens = rest.strip_prefix("ال").unwrap_or(rest);
        if let Some((Role::Ten, t)) = role_of(tens) {
            return Some((end + skip, n + t as u32));
        }
    }
    Some((end, n))
}

/// Digits with an English ordinal suffix (`31st`, `2nd`): (end, n).
pub fn digit_ordinal(p: &Para, i: usize) -> Option<(usize, u32)> {
    if !p.is_digits(i) {
        return None;
    }
    let n: u32 = p.f(i).parse().ok()?;
    if p.glued(i + 1) && matches!(p.f(i + 1), "st" | "nd" | "rd" | "th") {
        return Some((i + 2, n));
    }
    None
}

/// Every number in the paragraph, left to right, not overlapping.
pub fn find(p: &Para) -> Vec<Num> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        if let Some(n) = at(p, i) {
            i = n.b.max(i + 1);
            out.push(n);
        } else {
            i += 1;
        }
    }
    out
}

/// A number starting at token `i`.
pub fn at(p: &Para, i: usize) -> Option<Num> {
    let start = digits_at(p, i).or_else(|| words_at(p, i))?;
    Some(start)
}

fn digits_at(p: &Para, i: usize) -> Option<Num> {
    let a = i;
    let mut neg = false;
    let mut j = i;
    let mut int = String::new();
    let mut frac = String::new();
    let mut plain = true;
    // A leading point: .77
    if p.f(i) == "."
        && p.is_digits(i + 1)
        && p.glued(i + 1)
        && !(i > 0 && p.is_digits(i - 1) && p.glued(i))
    {
        frac.push_str(p.f(i + 1));
        j = i + 2;
        plain = false;
    } else {
        if p.f(i) == "-"
            && p.is_digits(i + 1)
            && p.glued(i + 1)
            && !(i > 0 && p.glued(i) && p.class(i - 1) != Some(Class::Punct))
        {
            neg = true;
            j = i + 1;
            plain = false;
        }
        if !p.is_digits(j) {
            return None;
        }
        if j > 0 && p.glued(j) && p.class(j - 1) == Some(Class::Digits) {
            return None;
        }
        int.push_str(p.f(j));
        j += 1;
        // Thousands groups: 1,200,000 and ١٬٠٠٠٬٠٠٠.
        while matches!(p.f(j), "," | "\u{066C}")
            && p.glued(j)
            && p.is_digits(j + 1)
            && p.glued(j + 1)
            && p.f(j + 1).len() == 3
            && int.len() <= 3 + (int.len() / 4) * 4
        {
            int.push_str(p.f(j + 1));
            j += 2;
            plain = false;
        }
        if matches!(p.f(j), "." | "\u{066B}") && p.glued(j) && p.is_digits(j + 1) && p.glued(j + 1)
        {
            // 10.31.1974 is a date, not a number with two points.
            if matches!(p.f(j + 2), "." | "/" | "-") && p.glued(j + 2) && p.is_digits(j + 3) {
                return None;
            }
            frac.push_str(p.f(j + 1));
            j += 2;
            plain = false;
        }
    }
    // 1 فاصلة 1, 1 point 1
    if frac.is_empty() && matches!(p.f(j), "point" | "فاصله") {
        if let Some((end, f)) = decimal_part(p, j + 1) {
            let v = Dec::from_parts(&int, "")?.add(f)?;
            return Some(Num {
                a,
                b: end,
                value: if neg { v.neg() } else { v },
                words: true,
                plain: false,
            });
        }
    }
    let mut value = Dec::from_parts(&int, &frac)?;
    // A fraction: 3/4, ١١/١٠ (dates with a year are claimed by the date finder first).
    if p.f(j) == "/" && p.glued(j) && p.is_digits(j + 1) && p.glued(j + 1) && frac.is_empty() {
        if p.f(j + 2) == "/" && p.glued(j + 2) {
            return None;
        }
        let den = Dec::from_parts(p.f(j + 1), "")?;
        value = value.div(den)?;
        j += 2;
        plain = false;
    }
    // Glued scale letters: 100K, 1.2M, .0012G.
    if p.glued(j) && p.is_word(j) {
        let raw = p.tokens.get(j).map(|t| p.slice(t.start, t.end));
        let mult = match raw.as_deref() {
            Some("k" | "K") => Some(1_000),
            Some("M") => Some(1_000_000),
            Some("G") => Some(1_000_000_000),
            _ => None,
        };
        if let Some(m) = mult {
            value = value.mul(Dec::int(m))?;
            j += 1;
            plain = false;
        }
    }
    let mut words = false;
    // A scale word after the digits: 3 ملايين, 12 lakhs, 1.5 billion.
    if let Some((Role::Scale, s)) = role_of(p.f(j)) {
        if !p.glued(j) && s != 100 || s == 100 && !p.glued(j) {
            value = value.mul(Dec::int(s))?;
            j += 1;
            words = true;
            plain = false;
            // 1.5 million and ... : later words are not part of it.
        }
    }
    if neg {
        value = value.neg();
    }
    Some(Num {
        a,
        b: j,
        value,
        words,
        plain,
    })
}

/// The number word at `i` once a leading و is split off, when we are inside a number.
fn joined_word(w: &str) -> Option<(Role, i128)> {
    w.strip_prefix('و').and_then(role_of)
}

fn words_at(p: &Para, i: usize) -> Option<Num> {
    // A number in words starts with a number word or one of these.
    let lead = matches!(
        p.f(i),
        "point"
            | "negative"
            | "minus"
            | "سالب"
            | "ناقص"
            | "a"
            | "an"
            | "نصف"
            | "ربع"
            | "half"
            | "quarter"
    );
    if !lead && p.mark(i) & super::vocab::NUMBER == 0 {
        return None;
    }
    let mut j = i;
    let mut neg = false;
    // point 77
    if p.f(i) == "point" {
        let (end, f) = decimal_part(p, i + 1)?;
        return Some(Num {
            a: i,
            b: end,
            value: f,
            words: true,
            plain: false,
        });
    }
    if matches!(p.f(j), "negative" | "minus" | "سالب" | "ناقص") {
        neg = true;
        j += 1;
        // minus 1,200,000: the sign word before digits.
        if let Some(n) = digits_at(p, j).filter(|n| !n.value.is_zero()) {
            return Some(Num {
                a: i,
                value: n.value.neg(),
                plain: false,
                ..n
            });
        }
    }
    // a couple, a couple of: two. Not "a pair of", which mostly names one thing (a pair of
    // glasses, of scissors).
    if matches!(p.f(j), "a" | "an") && p.f(j + 1) == "couple" {
        let b = if p.f(j + 2) == "of" { j + 3 } else { j + 2 };
        return Some(Num {
            a: i,
            b,
            value: Dec::int(2),
            words: true,
            plain: false,
        });
    }
    // نصف مليون, ربع مليار, half a million: a fraction of a scale.
    if let Some(f) = fraction_of(p.f(j)) {
        let k = if matches!(p.f(j + 1), "a" | "an") {
            j + 2
        } else {
            j + 1
        };
        if let Some((Role::Scale, s)) = role_of(p.f(k)).filter(|(_, s)| *s >= 1000) {
            return Some(Num {
                a: i,
                b: k + 1,
                value: f.mul(Dec::int(s))?,
                words: true,
                plain: false,
            });
        }
    }
    let mut total = Dec::int(0);
    let mut current = Dec::int(0);
    let mut any = false;
    let mut last: Option<Role> = None;
    let mut last_unit_small = false;
    let mut after_hundred = false;
    let mut last_scale: i128 = 1;
    loop {
        let w = p.f(j);
        let joiner = matches!(w, "و" | "and") && any;
        if joiner && (role_of(p.f(j + 1)).is_some()) {
            j += 1;
            continue;
        }
        // مليون ونصف (المليون), ألف وربع, two and a half: a fraction of the last step more.
        let tied_fraction = w
            .strip_prefix('و')
            .and_then(arabic_fraction)
            .map(|f| (f, j + 1))
            .or_else(|| {
                matches!(w, "و" | "and")
                    .then(|| arabic_fraction(p.f(j + 1)))
                    .flatten()
                    .map(|f| (f, j + 2))
            });
        if let Some((half, k)) = tied_fraction.filter(|_| any) {
            if last == Some(Role::Scale) {
                let step = Dec::int(last_scale);
                total = total.add(step.mul(half)?)?;
                // نصف المليون: the scale repeated with the article.
                let again = p.f(k).strip_prefix("ال").and_then(role_of);
                j = if matches!(again, Some((Role::Scale, _))) {
                    k + 1
                } else {
                    k
                };
                break;
            }
            current = current.add(half)?;
            j = k;
            break;
        }
        if any
            && w == "and"
            && p.f(j + 1) == "a"
            && p.f(j + 2) == "half"
            && last != Some(Role::Scale)
        {
            current = current.add(Dec::from_parts("0", "5")?)?;
            j += 3;
            break;
        }
        // forty-two, sixty-five: tens and units tied by a hyphen.
        if w == "-"
            && last == Some(Role::Ten)
            && p.glued(j)
            && p.glued(j + 1)
            && matches!(role_of(p.f(j + 1)), Some((Role::Unit, u)) if (1..10).contains(&u))
        {
            j += 1;
            continue;
        }
        // one half, three quarters: a count of fractions ends the number.
        if any && last == Some(Role::Unit) && total.is_zero() {
            if let Some(f) = fractions_word(w) {
                current = current.mul(f)?;
                j += 1;
                break;
            }
        }
        // "a hundred", "a dozen", "a million".
        if !any && matches!(w, "a" | "an") {
            if let Some((Role::Scale, _)) = role_of(p.f(j + 1)) {
                current = Dec::int(1);
                any = true;
                j += 1;
                continue;
            }
            return None;
        }
        let role = role_of(w).or_else(|| if any { joined_word(w) } else { None });
        let Some((role, v)) = role else {
            if matches!(w, "point" | "فاصله") && any {
                if let Some((end, frac)) = decimal_part(p, j + 1) {
                    current = current.add(frac)?;
                    j = end;
                    last = Some(Role::Unit);
                    continue;
                }
            }
            break;
        };
        if role == Role::Unit && TEEN_ONLY.contains(&w) && !matches!(p.f(j + 1), "عشر" | "عشره")
        {
            break;
        }
        match role {
            Role::Unit | Role::Ten => {
                if role == Role::Ten
                    && last == Some(Role::Unit)
                    && last_unit_small
                    && !after_hundred
                    && w.is_ascii()
                {
                    // "one twenty two": the first word counts hundreds.
                    current = current.mul(Dec::int(100))?;
                }
                if role == Role::Unit
                    && last == Some(Role::Unit)
                    && w.is_ascii()
                    && v < 10
                    && !last_unit_small
                {
                    break;
                }
                current = current.add(Dec::int(v))?;
                last_unit_small = role == Role::Unit && v < 10;
            }
            // ثلاث مئة: a unit word before مئة counts hundreds, as ثلاثمئة does.
            Role::Hundred if v == 100 && last == Some(Role::Unit) && last_unit_small => {
                current = current.mul(Dec::int(100))?;
                after_hundred = true;
                last_unit_small = false;
            }
            Role::Hundred => {
                current = current.add(Dec::int(v))?;
                after_hundred = true;
                last_unit_small = false;
            }
            Role::Scale if v == 100 => {
                current = if current.is_zero() {
                    Dec::int(1)
                } else {
                    current
                };
                current = current.mul(Dec::int(100))?;
                after_hundred = true;
                last_unit_small = false;
            }
            Role::Scale => {
                last_scale = v;
                if current.is_zero() && !total.is_zero() {
                    total = total.mul(Dec::int(v))?;
                } else {
                    let c = if current.is_zero() {
                        Dec::int(1)
                    } else {
                        current
                    };
                    total = total.add(c.mul(Dec::int(v))?)?;
                }
                current = Dec::int(0);
                after_hundred = false;
                last_unit_small = false;
            }
        }
        any = true;
        last = Some(role);
        j += 1;
    }
    if !any {
        return None;
    }
    let mut value = total.add(current)?;
    if neg {
        value = value.neg();
    }
    Some(Num {
        a: i,
        b: j,
        value,
        words: true,
        plain: false,
    })
}

/// The fraction words that follow و after a number (مليون ونصف, ألف وربع, ساعتين وثلث).
fn arabic_fraction(w: &str) -> Option<Dec> {
    match w {
        "نصف" => Dec::from_parts("0", "5"),
        "ربع" => Dec::from_parts("0", "25"),
        _ => None,
    }
}

/// A fraction word before a scale (نصف مليون, half a million).
fn fraction_of(w: &str) -> Option<Dec> {
    match w {
        "نصف" | "half" => Dec::from_parts("0", "5"),
        "ربع" | "quarter" => Dec::from_parts("0", "25"),
        _ => None,
    }
}

/// A fraction word after a count (one half, three quarters, two fifths).
fn fractions_word(w: &str) -> Option<Dec> {
    match w {
        "half" | "halves" => Dec::from_parts("0", "5"),
        "quarter" | "quarters" | "fourth" | "fourths" => Dec::from_parts("0", "25"),
        "fifth" | "fifths" => Dec::from_parts("0", "2"),
        "tenth" | "tenths" => Dec::from_parts("0", "1"),
        // ثلاثة أرباع, خمسة أعشار: the Arabic broken plurals of the same fractions.
        "ارباع" => Dec::from_parts("0", "25"),
        "اخماس" => Dec::from_parts("0", "2"),
        "اعشار" => Dec::from_parts("0", "1"),
        _ => None,
    }
}

/// Digits after "point" / فاصلة: words (two, seven) or digits, each a decimal digit.
fn decimal_part(p: &Para, i: usize) -> Option<(usize, Dec)> {
    if p.is_digits(i) {
        return Some((i + 1, Dec::from_parts("", p.f(i))?));
    }
    let mut digits = String::new();
    let mut j = i;
    while let Some((Role::Unit, v)) = role_of(p.f(j)) {
        if v > 9 {
            break;
        }
        digits.push(char::from(b'0' + v as u8));
        j += 1;
    }
    (!digits.is_empty()).then(|| Dec::from_parts("", &digits).map(|d| (j, d)))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<String> {
        let p = Para::new(s);
        let n = at(&p, 0)?;
        (n.b == p.len()).then(|| n.value.to_string())
    }

    #[test]
    fn construct_duals_and_egyptian_thousands() {
        // The dual loses its ن before the counted noun: ملياري دولار, ألفي جندي.
        assert_eq!(value("ملياري").as_deref(), Some("2000000000"));
        assert_eq!(value("ألفي").as_deref(), Some("2000"));
        assert_eq!(value("مئتي").as_deref(), Some("200"));
        // Egyptian تلاف after a count, alone or written as one word with it.
        assert_eq!(value("خمستلاف").as_deref(), Some("5000"));
        assert_eq!(value("تلات تلاف").as_deref(), Some("3000"));
        assert_eq!(value("اثنتا عشرة").as_deref(), Some("12"));
    }

    #[test]
    fn fractions_tied_after_a_number_and_signs() {
        assert_eq!(value("مليون وربع").as_deref(), Some("1250000"));
        assert_eq!(value("ثلاثة ملايين ونصف").as_deref(), Some("3500000"));
        assert_eq!(value("ثلاثة أرباع").as_deref(), Some("0.75"));
        assert_eq!(value("ناقص 3").as_deref(), Some("-3"));
        assert_eq!(value("a couple of").as_deref(), Some("2"));
        assert_eq!(value("a pair of"), None);
        // ربع alone after و is no fraction of a number that is not there.
        assert_eq!(value("وربع"), None);
    }

    #[test]
    fn digits_in_every_script() {
        assert_eq!(value("١٬٠٠٠٬٠٠٠٫٠٠").as_deref(), Some("1000000"));
        assert_eq!(value("۱۴۰۲").as_deref(), Some("1402"));
        assert_eq!(value("1,200,000").as_deref(), Some("1200000"));
        assert_eq!(value(".77").as_deref(), Some("0.77"));
        assert_eq!(value("-504").as_deref(), Some("-504"));
        assert_eq!(value("1.2M").as_deref(), Some("1200000"));
        assert_eq!(value("١١/١٠").as_deref(), Some("1.1"));
        assert_eq!(value("3 ملايين").as_deref(), Some("3000000"));
        assert_eq!(value("12 lakhs").as_deref(), Some("1200000"));
    }

    #[test]
    fn arabic_words() {
        assert_eq!(value("خمسمائة و خمسة و عشرون").as_deref(), Some("525"));
        assert_eq!(value("ثلاثمائة وخمسين").as_deref(), Some("350"));
        assert_eq!(value("متين تلاتة وستين").as_deref(), Some("263"));
        assert_eq!(value("سبع عشر").as_deref(), Some("17"));
        assert_eq!(value("الفين").as_deref(), Some("2000"));
        assert_eq!(value("واحد فاصلة واحد").as_deref(), Some("1.1"));
        assert_eq!(value("إتناشر").as_deref(), Some("12"));
        assert_eq!(value("ثلاثة ملايين وخمسمائة ألف").as_deref(), Some("3500000"));
        assert_eq!(value("أحد"), None);
    }

    #[test]
    fn english_words() {
        assert_eq!(value("two million").as_deref(), Some("2000000"));
        assert_eq!(value("two point two million").as_deref(), Some("2200000"));
        assert_eq!(
            value("three thousand millions").as_deref(),
            Some("3000000000")
        );
        assert_eq!(value("three hundred crores").as_deref(), Some("3000000000"));
        assert_eq!(
            value("negative five hundred and four").as_deref(),
            Some("-504")
        );
        assert_eq!(value("ONE TwentY tWO").as_deref(), Some("122"));
        assert_eq!(value("two hundred dozens").as_deref(), Some("2400"));
        assert_eq!(value("one hundred thousand").as_deref(), Some("100000"));
    }

    #[test]
    fn ordinals() {
        let p = Para::new("الثالث والعشرون من");
        assert_eq!(ordinal(&p, 0), Some((2, 23)));
        let p = Para::new("31st Oct");
        assert_eq!(digit_ordinal(&p, 0), Some((2, 31)));
    }
}
