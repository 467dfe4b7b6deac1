//! The loader on every bundled seed: titles, sources, dates, languages and paragraph counts as
//! written, no page furniture left in any paragraph, and the same articles whether the seeds
//! come from the binary or from the `seeds/` folder on disk.

use akhbar::ingest::{load_embedded, load_paths};
use akhbar::model::{Article, Direction, Lang};
use chrono::NaiveDate;
use std::path::Path;

const SEED_ID: &str = "000_58f7478ab411ec6c";

/// What one seed must load as.
struct Expect {
    file: &'static str,
    title: &'static str,
    source: &'static str,
    /// `None`: the seed has no date and must not be given one.
    date: Option<&'static str>,
    lang: &'static str,
    paragraphs: usize,
}

/// One row per seed.
const EXPECTED: &[Expect] = &[
    Expect {
        file: "000_58f7478ab411ec6c.txt",
        title: "زيارة بوتين إلى أذربيجان: تعزيز العلاقات والتعاون بين البلدين",
        source: "العربية الآن",
        date: Some("2024-08-18"),
        lang: "ar",
        paragraphs: 14,
    },
    Expect {
        file: "001_opec-plus-saudi-cut.txt",
        title: "السعودية تعلن خفضًا طوعيًا إضافيًا بمليون برميل يوميًا عقب اجتماع «أوبك+» في فيينا",
        source: "وكالة المدار",
        date: Some("2023-06-05"),
        lang: "ar",
        paragraphs: 9,
    },
    Expect {
        file: "002_cop29-baku-leaders-summit.txt",
        title: "قمة القادة في مؤتمر المناخ (كوب 29) بباكو تنطلق وسط خلاف حاد حول تمويل الدول النامية",
        source: "صحيفة الأفق",
        date: Some("2024-11-12"),
        lang: "ar",
        paragraphs: 10,
    },
    Expect {
        file: "003_japan-slim-moon-landing.txt",
        title: "Japan becomes fifth nation to land on the Moon, but SLIM probe's solar cells are not charging",
        source: "Meridian Wire",
        date: Some("2024-01-20"),
        lang: "en",
        paragraphs: 9,
    },
    Expect {
        file: "004_paris-2024-arab-medals.txt",
        title: "حصاد عربي لافت في أولمبياد باريس 2024: ذهبيات في ألعاب القوى والجمباز والملاكمة والخماسي الحديث",
        source: "موقع الملعب",
        date: Some("2024-08-12"),
        lang: "ar",
        paragraphs: 8,
    },
    Expect {
        file: "005_iphone-16-apple-intelligence.txt",
        title: "Apple تكشف iPhone 16 بشريحة A18 وتراهن على Apple Intelligence رغم غياب العربية عند الإطلاق",
        source: "بوابة التقنية",
        date: Some("2024-09-10"),
        lang: "ar",
        paragraphs: 9,
    },
    Expect {
        file: "006_eclipse-day-path-of-totality.txt",
        title: "Four minutes of night at noon: a day in the path of the great North American eclipse",
        source: "The Northern Review",
        date: Some("2024-04-09"),
        lang: "en",
        paragraphs: 10,
    },
    Expect {
        file: "007_iran-runoff-pezeshkian.txt",
        title: "مسعود پزشکیان با پیروزی در دور دوم انتخابات، نهمین رئیس‌جمهور ایران شد",
        source: "روزنامه سپیده",
        date: Some("2024-07-06"),
        lang: "fa",
        paragraphs: 7,
    },
    Expect {
        file: "008_gulf-economies-crossroads-2025.txt",
        title: "الخليج على مفترق طرق: قراءة معمّقة في النفط و«أوبك+» والتنويع الاقتصادي وتحديات التحول الطاقي",
        source: "مجلة الرصد الاقتصادي",
        date: Some("2025-01-20"),
        lang: "ar",
        paragraphs: 47,
    },
    Expect {
        file: "009_alneyadi-returns-to-earth.txt",
        title: "سلطان النيادي يعود إلى الأرض بعد أطول مهمة فضائية عربية استمرت نحو ستة أشهر",
        source: "صحيفة الواحة",
        date: None,
        lang: "ar",
        paragraphs: 8,
    },
];

/// Page furniture that appears in the seed files and must never survive as a paragraph.
const FURNITURE: &[&str] = &[
    "Photo of author",
    "By العربية الآن",
    "رابط المصدر",
    "أضف تعليق",
    "For security, use of Google's reCAPTCHA service is required which is subject to the Google Privacy Policy and Terms of Use.",
    "شارك على فيسبوك",
    "شارك المقال",
    "إعلان",
    "اقرأ أيضًا",
    "By صحيفة الأفق",
    "Share on Facebook",
    "Share on X",
    "Advertisement",
    "Follow us on",
    "All rights reserved",
    "اشترك في النشرة البريدية",
    "نستخدم ملفات تعريف الارتباط لتحسين تجربتك",
    "We use cookies to improve your experience. Accept",
    "By The Northern Review",
    "Share this article",
    "Read more:",
    "Subscribe to our newsletter",
    "Related articles",
    "By مجلة الرصد الاقتصادي",
    "By صحيفة الواحة",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn embedded() -> Vec<Article> {
    let loaded = load_embedded();
    assert!(
        loaded.warnings.is_empty(),
        "warnings loading the embedded seeds: {:#?}",
        loaded.warnings
    );
    loaded.articles
}

fn find<'a>(articles: &'a [Article], file: &str) -> &'a Article {
    let stem = file.strip_suffix(".txt").unwrap_or(file);
    articles
        .iter()
        .find(|a| a.id.0 == stem)
        .unwrap_or_else(|| panic!("no article with id {stem}"))
}

#[test]
fn embedded_load_gives_all_ten_seeds_without_warnings() {
    let articles = embedded();
    assert_eq!(articles.len(), 10, "ids: {:?}", ids(&articles));
    let mut expected: Vec<&str> = EXPECTED
        .iter()
        .map(|e| e.file.strip_suffix(".txt").unwrap())
        .collect();
    expected.sort();
    let mut got = ids(&articles);
    got.sort();
    assert_eq!(got, expected);
}

fn ids(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.id.0.as_str()).collect()
}

#[test]
fn the_seed_article_is_loaded_exactly() {
    let articles = embedded();
    let a = find(&articles, SEED_ID);
    assert_eq!(
        a.title,
        "زيارة بوتين إلى أذربيجان: تعزيز العلاقات والتعاون بين البلدين"
    );
    assert_eq!(a.source.as_deref(), Some("العربية الآن"));
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 8, 18));
    assert_eq!(a.lang, Lang::Ar);
    assert_eq!(a.dir, Direction::Rtl);
    assert_eq!(a.paragraphs.len(), 14, "{:#?}", a.paragraphs);
    for p in &a.paragraphs {
        for bad in [
            "Photo of author",
            "By ",
            "رابط المصدر",
            "أضف تعليق",
            "reCAPTCHA",
        ] {
            assert!(
                !p.text.contains(bad),
                "paragraph contains furniture {bad:?}: {}",
                p.text
            );
        }
    }
    assert!(
        a.paragraphs[0].text.starts_with("وصل الرئيس الروسي"),
        "first paragraph: {}",
        a.paragraphs[0].text
    );
    assert!(a
        .paragraphs
        .iter()
        .all(|p| p.dir == Direction::Rtl && p.lang == Lang::Ar));
}

#[test]
fn the_seed_file_is_byte_identical_to_the_shared_original() {
    let ours = manifest_dir().join("seeds").join(format!("{SEED_ID}.txt"));
    let shared = manifest_dir()
        .join("..")
        .join("shared")
        .join("seeds")
        .join(format!("{SEED_ID}.txt"));
    if !shared.exists() {
        println!(
            "note: {} is absent; byte-identity check skipped",
            shared.display()
        );
        return;
    }
    let a = std::fs::read(&ours).expect("reading our seed");
    let b = std::fs::read(&shared).expect("reading the shared seed");
    assert!(
        a == b,
        "{} differs from {}",
        ours.display(),
        shared.display()
    );
}

#[test]
fn every_seed_matches_its_expected_metadata() {
    let articles = embedded();
    for e in EXPECTED {
        let (file, title, source, date, lang, paragraphs) =
            (e.file, e.title, e.source, e.date, e.lang, e.paragraphs);
        let a = find(&articles, file);
        assert_eq!(a.title, title, "{file}: title");
        assert_eq!(a.source.as_deref(), Some(source), "{file}: source");
        let want_date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        assert_eq!(a.date, want_date, "{file}: date");
        assert_eq!(a.lang.code(), lang, "{file}: lang");
        assert_eq!(a.paragraphs.len(), paragraphs, "{file}: paragraph count");
        let want_dir = if lang == "en" {
            Direction::Ltr
        } else {
            Direction::Rtl
        };
        assert_eq!(a.dir, want_dir, "{file}: title direction");
        assert_eq!(a.origin.path(), format!("seeds/{file}"), "{file}: origin");
        assert!(
            a.paragraphs.iter().all(|p| !p.text.trim().is_empty()),
            "{file}: an empty paragraph"
        );
    }
}

#[test]
fn the_undated_seed_has_no_date() {
    let articles = embedded();
    let undated: Vec<&str> = articles
        .iter()
        .filter(|a| a.date.is_none())
        .map(|a| a.id.0.as_str())
        .collect();
    assert_eq!(undated, ["009_alneyadi-returns-to-earth"]);
}

#[test]
fn no_paragraph_of_any_seed_is_furniture() {
    for a in embedded() {
        for p in &a.paragraphs {
            let text = p.text.trim();
            for f in FURNITURE {
                assert!(
                    !text.starts_with(f),
                    "{}: paragraph is or starts with furniture {f:?}: {text}",
                    a.id
                );
            }
        }
        for f in FURNITURE {
            assert_ne!(a.title.trim(), *f, "{}: the title is furniture", a.id);
        }
    }
}

#[test]
fn the_long_seed_has_at_least_3000_words() {
    let articles = embedded();
    let a = find(&articles, "008_gulf-economies-crossroads-2025.txt");
    assert!(a.word_count() >= 3000, "{} words", a.word_count());
}

#[test]
fn seeds_from_disk_equal_the_embedded_seeds() {
    let loaded = load_paths(&[manifest_dir().join("seeds")]).expect("loading seeds/ from disk");
    assert!(
        loaded.warnings.is_empty(),
        "warnings loading seeds/: {:#?}",
        loaded.warnings
    );
    let embedded = embedded();
    assert_eq!(loaded.articles.len(), embedded.len());
    let mut disk = loaded.articles;
    disk.sort_by(|a, b| a.id.cmp(&b.id));
    let mut mem = embedded;
    mem.sort_by(|a, b| a.id.cmp(&b.id));
    for (d, m) in disk.iter().zip(&mem) {
        // Everything but where it came from.
        let d = Article {
            origin: m.origin.clone(),
            ..d.clone()
        };
        assert_eq!(&d, m, "{}: disk and embedded loads differ", m.id);
    }
}
