//! The command line on scraped pages: `render --explain` says why each line went, `list
//! --json` carries the author read off the page, and a user's own cue words count.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_akhbar");

fn run(args: &[&str], config: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", config.join("home"))
        .env("XDG_CONFIG_HOME", config)
        .env_remove("XDG_DATA_HOME")
        .env("AKHBAR_STORE", ":memory:")
        .env_remove("AKHBAR_LOG")
        .output()
        .expect("running akhbar")
}

fn no_config() -> PathBuf {
    std::env::temp_dir().join("akhbar-scraped-cli-no-config")
}

fn text(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

#[test]
fn explain_lists_every_dropped_line_with_its_reason() {
    let page = "tests/fixtures/scraped/dev/ar-nile-1.txt";
    let out = text(&run(&["render", "--explain", page], &no_config()));
    assert!(
        out.contains("title: إنقاذ 14 صيادًا بعد غرق مركبهم قبالة سواحل البحر المتوسط"),
        "{out}"
    );
    assert!(out.contains("date: 2024-05-12  (line "), "{out}");
    assert!(out.contains("source: الوطنية"), "{out}");
    for (line, reason) in [
        (
            "عاجل",
            "heading of a related-links, ticker or comments block",
        ),
        ("انخفاض أسعار الذهب في التعاملات المسائية", "headline under"),
        ("الرئيسية › أخبار مصر › حوادث", "breadcrumb"),
        ("آخر تحديث: 2024/05/13 - 11:02", "date or time stamp"),
        ("TT", "no words"),
        ("ضبط مركب صيد مخالف في بحيرة المنزلة", "headline under"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with("  line ") && l.contains(reason) && l.ends_with(line)),
            "{line} ({reason}) not in:\n{out}"
        );
    }
    assert!(
        out.contains("furniture cut off its end: مصدر الخبر : الوطنية"),
        "{out}"
    );
}

#[test]
fn list_json_has_the_author_and_the_pages_own_date_and_source() {
    let page = "tests/fixtures/scraped/dev/ar-wadi-1.txt";
    let out = text(&run(&["list", "--json", page], &no_config()));
    let v: Value = serde_json::from_str(out.lines().next().expect("a line")).expect("JSON");
    assert_eq!(v["author"], "سامر الخطيب");
    assert_eq!(v["source"], "صحيفة الوادي");
    assert_eq!(v["date"], "2024-03-14");
    assert_eq!(
        v["title"],
        "المحافظة تبدأ تجديد شبكة المياه في الأحياء الشرقية بكلفة 40 مليون دينار"
    );
    assert_eq!(v["paragraphs"], 3);
}

#[test]
fn a_users_cue_words_are_used() {
    let dir = std::env::temp_dir().join(format!("akhbar-scraped-cues-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("akhbar")).expect("config dir");
    let page = dir.join("page.txt");
    std::fs::write(
        &page,
        "ارتفاع عدد السياح في الربع الأول من العام\n\n\
         قال وزير السياحة إن عدد السياح ارتفع بنسبة عشرين بالمئة في الربع الأول من العام.\n\n\
         حكايات الأسبوع\n\n\
         رحلة إلى قرى الجبل المنسية في الشتاء\n\n\
         وأضاف الوزير أن الفنادق سجلت نسب إشغال قياسية خلال العطلات الرسمية.\n",
    )
    .expect("page");
    let path = page.to_string_lossy().into_owned();
    let before = text(&run(&["list", "--json", &path], &dir));
    let v: Value = serde_json::from_str(before.trim()).expect("JSON");
    assert_eq!(
        v["paragraphs"], 4,
        "without the user's cue the heading reads as text"
    );
    std::fs::write(dir.join("akhbar/cues.txt"), "heading: حكايات الأسبوع\n").expect("cues");
    let after = text(&run(&["list", "--json", &path], &dir));
    let v: Value = serde_json::from_str(after.trim()).expect("JSON");
    assert_eq!(
        v["paragraphs"], 2,
        "the heading and the headline under it go"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_author_survives_the_store() {
    let dir = std::env::temp_dir().join(format!("akhbar-scraped-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let store = dir.join("store.db");
    let with_store = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", dir.join("home"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env_remove("XDG_DATA_HOME")
            .env("AKHBAR_STORE", &store)
            .env_remove("AKHBAR_LOG")
            .output()
            .expect("running akhbar")
    };
    text(&with_store(&[
        "import",
        "tests/fixtures/scraped/dev/he-emek-1.txt",
    ]));
    let out = text(&with_store(&["list", "--json"]));
    let found = out
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["id"] == "he-emek-1")
        .expect("the imported page is listed");
    assert_eq!(found["author"], "דנה לוי");
    assert_eq!(found["source"], "חדשות העמק");
    assert_eq!(found["date"], "2024-03-15");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `akhbar import` counts a site's stored articles as pages of it: a footer that reads as a
/// sentence is kept on the site's first pages, imported one at a time, and goes once it has
/// been seen on enough of them.
#[test]
fn import_knows_a_sites_furniture_from_its_stored_articles() {
    let dir = std::env::temp_dir().join(format!("akhbar-scraped-earlier-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let store = dir.join("store.db");
    let with_store = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", dir.join("home"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env_remove("XDG_DATA_HOME")
            .env("AKHBAR_STORE", &store)
            .env_remove("AKHBAR_LOG")
            .output()
            .expect("running akhbar")
    };
    let footer = "تصدر صحيفة الغد عن مؤسسة الغد للصحافة والنشر منذ عام 1990 في العاصمة.";
    let pages = [
        ("a", "ارتفاع أسعار الوقود للمرة الثانية هذا العام", "رفعت الحكومة أسعار الوقود بنسبة خمسة بالمئة اعتبارًا من منتصف الليل، في ثاني زيادة منذ بداية العام."),
        ("b", "افتتاح جسر جديد يربط ضفتي النهر في المدينة", "افتتح رئيس البلدية جسرًا جديدًا يربط ضفتي النهر، ويتوقع أن يخفف الازدحام في وسط المدينة."),
        ("c", "المنتخب يتأهل إلى نهائيات البطولة القارية", "تأهل المنتخب إلى نهائيات البطولة القارية بعد فوزه خارج أرضه بهدفين دون رد مساء الثلاثاء."),
        ("d", "بدء موسم قطف الزيتون في القرى الجبلية", "بدأ المزارعون في القرى الجبلية قطف الزيتون هذا الأسبوع، وسط توقعات بإنتاج أعلى من العام الماضي."),
    ];
    for (stem, title, body) in pages {
        let page = dir.join(format!("{stem}.txt"));
        std::fs::write(&page, format!("{title}\n\n{body}\n\n{footer}\n")).expect("page");
        std::fs::write(
            dir.join(format!("{stem}.toml")),
            format!("url = \"https://www.alghad.example/news/{stem}\"\n"),
        )
        .expect("sidecar");
        // One page per import: only the store can tell the footer recurs.
        text(&with_store(&["import", page.to_str().expect("path")]));
    }
    let out = text(&with_store(&["list", "--json"]));
    let paragraphs = |id: &str| {
        out.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|v| v["id"] == id)
            .map(|v| v["paragraphs"].clone())
            .unwrap_or_else(|| panic!("{id} listed in {out}"))
    };
    assert_eq!(paragraphs("a"), 2, "the first page alone keeps the footer");
    assert_eq!(paragraphs("b"), 2, "two pages are not yet a pattern");
    assert_eq!(paragraphs("c"), 1, "on a third page the footer recurs");
    assert_eq!(paragraphs("d"), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
