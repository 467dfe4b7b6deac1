//! Extractors through the public API, with Arabic and English cases of our own: clitics split
//! by look-up, regional and Hijri month names, digits in every script, number words, ranges
//! and relative dates across month and year ends.

use akhbar::facts::{extract, Fact, Kind};
use chrono::NaiveDate;

fn date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

fn facts(text: &str, reference: &str) -> Vec<Fact> {
    extract(&[text], date(reference)).facts
}

/// (text, value) of every fact of `kind`.
fn of(text: &str, reference: &str, kind: Kind) -> Vec<(String, Option<String>)> {
    facts(text, reference)
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| (f.text, f.value))
        .collect()
}

fn value(text: &str, reference: &str, kind: Kind) -> Option<String> {
    of(text, reference, kind)
        .into_iter()
        .next()
        .and_then(|(_, v)| v)
}

#[test]
fn clitics_are_split_by_lookup_only() {
    let places = of(
        "زار الوفد لبنان ثم وصل إلى بغداد وبيروت",
        "2024-01-01",
        Kind::Place,
    );
    let names: Vec<&str> = places.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["لبنان", "بغداد", "بيروت"]);
    let moscow = of(
        "وتعبر أرمينيا عن استيائها لموسكو",
        "2024-01-01",
        Kind::Place,
    );
    assert!(moscow.iter().any(|(t, _)| t == "موسكو"), "{moscow:?}");
}

#[test]
fn names_are_carried_through_the_article() {
    let f = extract(
        &["وصل الرئيس فلاديمير بوتين إلى باكو", "والتقى بوتين وعلييف"],
        None,
    );
    let putin = f
        .entities
        .iter()
        .find(|e| e.kind == Kind::Person && e.name == "فلاديمير بوتين");
    assert_eq!(putin.map(|e| e.mentions.len()), Some(2));
}

#[test]
fn regional_month_names() {
    let r = "2024-03-01";
    assert_eq!(
        value("في 5 يناير 2024", r, Kind::Date).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        value("في 5 كانون الثاني 2024", r, Kind::Date).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        value("يوم 5 جانفي 2024", r, Kind::Date).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        value("في 14 يوليوز 2023", r, Kind::Date).as_deref(),
        Some("2023-07-14")
    );
    assert_eq!(
        value("في شهر تشرين الأول 2022", r, Kind::Date).as_deref(),
        Some("2022-10")
    );
    assert_eq!(
        value("on 3 March 2021", r, Kind::Date).as_deref(),
        Some("2021-03-03")
    );
}

#[test]
fn hijri_months_become_gregorian() {
    let ramadan = value("رمضان 2019", "2019-01-01", Kind::Date).unwrap_or_default();
    assert!(ramadan.starts_with("2019-05-0"), "{ramadan}");
    let day = value("في 1 محرم 1446 هـ", "2024-01-01", Kind::Date).unwrap_or_default();
    assert!(day.starts_with("2024-07-0"), "{day}");
}

#[test]
fn digits_in_every_script() {
    assert_eq!(
        value("بلغ المبلغ ٣٬٥٠٠٫٥ دولار", "2024-01-01", Kind::Quantity).as_deref(),
        Some("3500.5")
    );
    assert_eq!(
        value("رقم ۱۲۳۴", "2024-01-01", Kind::Number).as_deref(),
        Some("1234")
    );
    assert_eq!(
        value("1,200,000", "2024-01-01", Kind::Number).as_deref(),
        Some("1200000")
    );
}

#[test]
fn number_words_and_quantities() {
    let r = "2024-08-18";
    assert_eq!(
        of("على مدى ثلاثة عقود", r, Kind::Quantity),
        [("ثلاثة عقود".to_string(), Some("3".to_string()))]
    );
    assert_eq!(
        value("زيارة تستمر لمدة يومين", r, Kind::Quantity).as_deref(),
        Some("2")
    );
    assert_eq!(
        value("The fund lost two million.", r, Kind::Number).as_deref(),
        Some("2000000")
    );
    assert_eq!(
        value("تسيطر على 82 بلدة", r, Kind::Quantity).as_deref(),
        Some("82")
    );
    assert_eq!(
        of("و1150 كيلومترًا مربعًا", r, Kind::Quantity)[0].0,
        "1150 كيلومترًا مربعًا"
    );
    assert_eq!(
        value("prices rose 5.5%", r, Kind::Quantity).as_deref(),
        Some("5.5")
    );
    // Digits inside a date or a quantity are not numbers too.
    assert!(of("في 6 أغسطس وصل 82 بلدة", r, Kind::Number).is_empty());
}

#[test]
fn ranges() {
    assert_eq!(
        value("في الفترة من 1993 إلى 2003", "2024-01-01", Kind::Date).as_deref(),
        Some("1993/2003")
    );
    assert_eq!(
        value("from 13 to 15 of July 2013", "2013-02-12", Kind::Date).as_deref(),
        Some("2013-07-13/2013-07-15")
    );
}

#[test]
fn relative_dates_across_month_and_year_ends() {
    let r = "2024-12-31"; // a Tuesday
    assert_eq!(value("اليوم", r, Kind::Date).as_deref(), Some("2024-12-31"));
    assert_eq!(
        value("سيلتقي غدًا", r, Kind::Date).as_deref(),
        Some("2025-01-01")
    );
    assert_eq!(value("أمس", r, Kind::Date).as_deref(), Some("2024-12-30"));
    assert_eq!(
        value("بعد غد", r, Kind::Date).as_deref(),
        Some("2025-01-02")
    );
    assert_eq!(
        value("الأسبوع المقبل", r, Kind::Date).as_deref(),
        Some("2025-01-06/2025-01-12")
    );
    assert_eq!(
        value("last Tuesday", r, Kind::Date).as_deref(),
        Some("2024-12-24")
    );
    assert_eq!(
        value("next month", r, Kind::Date).as_deref(),
        Some("2025-01")
    );
    assert_eq!(
        value("نوفمبر المقبل", "2024-12-10", Kind::Date).as_deref(),
        Some("2025-11")
    );
    assert_eq!(
        value("tomorrow", "2024-01-31", Kind::Date).as_deref(),
        Some("2024-02-01")
    );
    assert_eq!(
        value("yesterday", "2024-03-01", Kind::Date).as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(
        value("next month", "2024-01-31", Kind::Date).as_deref(),
        Some("2024-02")
    );
    // No reference date: the date is found, its value is unknown.
    assert_eq!(of("غدًا", "", Kind::Date), [("غدًا".to_string(), None)]);
}

#[test]
fn quotes_need_three_words_and_a_speech_verb() {
    let t = "أعلن الكرملين أن بوتين سيناقش “القضايا المتعلقة بتطوير العلاقات” مع “ترحيل”";
    let q = of(t, "2024-01-01", Kind::Quote);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1.as_deref(), Some("الكرملين"));
}

#[test]
fn sources_with_their_names() {
    let s = of(
        "وفقًا للوكالة الروسية، وقال مصدر بحسب كييف",
        "2024-01-01",
        Kind::Source,
    );
    let values: Vec<Option<&str>> = s.iter().map(|(_, v)| v.as_deref()).collect();
    assert_eq!(values, [Some("الوكالة الروسية"), Some("كييف")]);
}

#[test]
fn an_institution_s_name_goes_on_through_its_genitive_and_stops_at_a_date() {
    // Sentences written for this test, in the shapes of agency attributions.
    let s = of(
        "ذكرت الهيئة الوطنية للإعلام اليوم الخميس أن الطريق أغلق.",
        "2024-03-07",
        Kind::Source,
    );
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, "ذكرت الهيئة الوطنية للإعلام");
    assert_eq!(s[0].1.as_deref(), Some("الهيئة الوطنية للإعلام"));
    // A لل-noun after a plain noun names whom the source spoke to, not the source.
    let s = of(
        "ذكرت الوزارة الفرنسية للصحفيين أن الطريق أغلق.",
        "2024-03-07",
        Kind::Source,
    );
    assert!(s.iter().all(|(t, _)| !t.contains("للصحفيين")), "{s:?}");
}

#[test]
fn an_institution_that_says_is_a_source_and_a_titled_person_is_not() {
    let s = of(
        "قالت الهيئة العامة للإحصاء إن الأسعار ارتفعت، وقال الرئيس الأمريكي إنه يتابع الأمر.",
        "2024-03-07",
        Kind::Source,
    );
    let values: Vec<Option<&str>> = s.iter().map(|(_, v)| v.as_deref()).collect();
    assert_eq!(values, [Some("الهيئة العامة للإحصاء")], "{s:?}");
}

#[test]
fn a_person_who_said_something_is_a_speaker_not_a_source() {
    let text = "The railway operator Northway Rail said the line would reopen. \
                Maria Okafor said she was relieved.";
    let s = of(text, "2024-03-07", Kind::Source);
    assert!(s.iter().all(|(t, _)| !t.contains("Okafor")), "{s:?}");
}

#[test]
fn hostile_text_never_panics() {
    let long = "بوتين “قال ".repeat(20_000);
    for t in [
        "",
        "\u{0}\u{1b}[31m\u{7f}",
        "\u{FEFB}\u{0640}\u{064B}",
        "٫٬/-.",
        &long,
        "“",
        "9999999999999999999999999999999999999",
    ] {
        let f = extract(&[t, t], date("2024-02-29"));
        for fact in &f.facts {
            let n = t.chars().count();
            assert!(fact.start < fact.end && fact.end <= n);
        }
    }
}

#[test]
fn people_carry_the_role_the_text_gives() {
    let f = extract(
        &[
            "وصل الرئيس الروسي فلاديمير بوتين إلى باكو",
            "وقال بوتين إن الزيارة مهمة",
            "وقال وزير الخارجية الأمريكي أنتوني بلينكن إن المحادثات مستمرة",
        ],
        None,
    );
    let role = |name: &str| {
        f.facts
            .iter()
            .filter(|x| x.kind == Kind::Person && x.text == name)
            .map(|x| x.role.clone())
            .collect::<Vec<_>>()
    };
    // Every mention of the person carries the role, the lone later one too.
    assert_eq!(role("فلاديمير بوتين"), [Some("الرئيس الروسي".to_string())]);
    assert_eq!(role("بوتين"), [Some("الرئيس الروسي".to_string())]);
    assert_eq!(
        role("أنتوني بلينكن"),
        [Some("وزير الخارجية الأمريكي".to_string())]
    );
    // No title, no role; other kinds never have one.
    let g = extract(&["التقى إلهام علييف الوفد في باكو"], None);
    assert!(g.facts.iter().all(|x| x.role.is_none()), "{:?}", g.facts);
}
