//! Lines judged alone: labels, shapes, and words that open real paragraphs.

use super::*;

fn cue(s: &str) -> Cue {
    Line::new(1, 0, s, Hint::default()).cue
}

#[test]
fn labelled_lines() {
    assert_eq!(cue("كتب: محمد علي"), Cue::Byline("محمد علي".into()));
    assert_eq!(cue("كتبت: سارة أحمد"), Cue::Byline("سارة أحمد".into()));
    assert_eq!(cue("بقلم: د. خالد"), Cue::Byline("د. خالد".into()));
    assert_eq!(
        cue("By Jane Doe | 5 March 2024"),
        Cue::Byline("Jane Doe".into())
    );
    assert_eq!(cue("מאת: דנה לוי"), Cue::Byline("דנה לוי".into()));
    assert_eq!(cue("نیوز ڈیسک"), Cue::Byline(String::new()));
    assert_eq!(cue("المصدر : الوطنية"), Cue::Source("الوطنية".into()));
    assert_eq!(
        cue("مصدر الخبر: وكالة الأنباء"),
        Cue::Source("وكالة الأنباء".into())
    );
    assert_eq!(cue("كلمات دلالية: النفط الخليج"), Cue::Drop(Reason::Tags));
    assert_eq!(cue("برچسب‌ها: اقتصاد"), Cue::Drop(Reason::Tags));
    assert_eq!(cue("תגיות: כלכלה"), Cue::Drop(Reason::Tags));
    assert_eq!(cue("رئيس التحرير: أحمد سامي"), Cue::Drop(Reason::Staff));
    assert_eq!(cue("اقرأ أيضاً:"), Cue::Heading);
    assert_eq!(cue("مزيد من الأخبار"), Cue::Heading);
    assert_eq!(cue("עוד כתבות שיעניינו אותך"), Cue::Heading);
    assert_eq!(
        cue("© 2024 صحيفة المساء. جميع الحقوق محفوظة"),
        Cue::Copyright(Some("صحيفة المساء".into()))
    );
    assert_eq!(
        cue("© ٢٠٢٤ قناة 24 - جميع الحقوق محفوظة"),
        Cue::Copyright(Some("قناة 24".into()))
    );
}

#[test]
fn shapes() {
    assert_eq!(cue("الرئيسيةأخبار محلية"), Cue::Drop(Reason::Breadcrumb));
    assert_eq!(
        cue("الرئيسية > أخبار > محلية"),
        Cue::Drop(Reason::Breadcrumb)
    );
    assert_eq!(cue("فيسبوك تويتر واتساب"), Cue::Drop(Reason::ShareBar));
    assert_eq!(cue("صورة أرشيفية صورة أرشيفية"), Cue::Drop(Reason::Doubled));
    assert_eq!(cue("TT"), Cue::Drop(Reason::Junk));
    assert_eq!(
        cue("آخر تحديث: 15 مارس 2024 - 10:30"),
        Cue::Drop(Reason::Timestamp)
    );
    assert_eq!(
        cue("الخميس 14 مارس 2024 10:30 ص"),
        Cue::Drop(Reason::Timestamp)
    );
    assert_eq!(cue("منذ ساعتين"), Cue::Drop(Reason::Timestamp));
    assert_eq!(
        cue("رافعات جديدة في الميناء (أ ف ب)"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(
        cue("Cranes at the new quay (AFP)"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(cue("شاهد لحظة انهيار المبنى القديم (فيديو)"), Cue::None);
    assert_eq!(
        cue("اقرأ أيضًا.. رفع درجة الاستعداد لموسم الحصاد"),
        Cue::Heading
    );
    assert_eq!(
        cue("Image caption, Commuters at a station"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(
        cue("،تصویر کا ذریعہGetty Images"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(
        cue("מבט על הכנרת מכיוון טבריה (צילום: אבי שמש)"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(
        cue("Buses line up on Front Street. (Derek Olsen / The City Ledger)"),
        Cue::Drop(Reason::Caption)
    );
    assert_eq!(cue("التعليقات (3)"), Cue::Comments);
    assert_eq!(cue("Leave a Reply"), Cue::Comments);
    assert_eq!(
        cue("Share on WhatsApp and Telegram"),
        Cue::Drop(Reason::ShareBar)
    );
    assert_eq!(
        cue("ה' באייר תשפ\"ד | 13.05.24"),
        Cue::Drop(Reason::Timestamp)
    );
    assert_eq!(cue("مصنف, سارہ حسن"), Cue::Byline("سارہ حسن".into()));
    let asks = Line::new(1, 0, "Why are trains so expensive?", Hint::default());
    assert!(asks.asks_alone());
    let prose = Line::new(1, 0, "He asked, why now? Nobody knew.", Hint::default());
    assert!(!prose.asks_alone());
}

#[test]
fn comment_words_that_open_real_paragraphs_are_not_headings() {
    for s in [
        "تعليقات الوزير أثارت جدلا واسعا في البرلمان أمس.",
        "Comments by the minister drew criticism from the opposition on Monday.",
    ] {
        assert_eq!(cue(s), Cue::None, "{s}");
    }
}

#[test]
fn words_that_open_real_paragraphs_are_not_labels() {
    for s in [
        "شارك آلاف المتظاهرين في مسيرة جابت شوارع العاصمة مساء السبت.",
        "المصدر الذي تحدث للصحيفة قال إن الاجتماع سيعقد الأسبوع المقبل في القاهرة.",
        "كتب الرئيس رسالة إلى نظيره يدعوه فيها إلى استئناف الحوار.",
        "By the end of the week, the ministry had published its figures.",
        "Source code for the tool was released on Monday, the company said.",
        "وقال إن الاجتماع المقبل سيعقد في 15 مارس 2024 بحضور الوزراء.",
    ] {
        assert_eq!(cue(s), Cue::None, "{s}");
    }
}

#[test]
fn sign_up_boxes_disclaimers_and_counters() {
    assert_eq!(cue("Enter your email"), Cue::Drop(Reason::Signup));
    assert_eq!(cue("اشترك الآن"), Cue::Drop(Reason::Signup));
    // Urdu puts the verb last: the box's words are found anywhere in the line.
    assert_eq!(
        cue("روزانہ خبرنامہ اپنے ای میل پر حاصل کریں"),
        Cue::Drop(Reason::Signup)
    );
    assert_eq!(
        cue("The views expressed in this column are the author's own."),
        Cue::Drop(Reason::Disclaimer)
    );
    assert_eq!(
        cue("הדעות המובעות במאמר הן של הכותב בלבד."),
        Cue::Drop(Reason::Disclaimer)
    );
    assert_eq!(cue("1 / 4"), Cue::Drop(Reason::Counter));
    assert_eq!(cue("Image 2 of 5"), Cue::Drop(Reason::Counter));
    assert_eq!(cue("صورة 3 من 8"), Cue::Drop(Reason::Counter));
    assert_eq!(cue("حاوره: نادر سليم"), Cue::Byline("نادر سليم".into()));
    assert_eq!(cue("23 comments"), Cue::Drop(Reason::CommentCount));
    assert_eq!(cue("5 תגובות"), Cue::Drop(Reason::CommentCount));
    assert_eq!(
        cue("Comments"),
        Cue::Comments,
        "the label alone opens the comments"
    );
}

#[test]
fn text_that_names_a_newsletter_or_numbers_stays() {
    for s in [
        "The council will subscribe to the regional water scheme from next year, the mayor said.",
        "وقال الوزير إن النشرة الجوية ستصدر مرتين يوميا خلال العاصفة.",
        "12/5/24",
        "5 of the 8 ministers voted against the plan on Tuesday.",
        "Scores 3 - 1",
        "23 comments were sent to the council before the vote, most of them against.",
        "3 readers",
    ] {
        assert!(
            !matches!(
                cue(s),
                Cue::Drop(Reason::Signup | Reason::Counter | Reason::CommentCount)
            ),
            "{s}"
        );
    }
}

#[test]
fn a_copyright_line_names_the_part_with_an_outlet_word() {
    let c = crate::ingest::cues::cues();
    let line = Line::new(
        1,
        0,
        "Copyright 2025 The Lakeside Post. Terms of use | Privacy",
        Hint::default(),
    );
    assert_eq!(
        super::names::copyright_name(&line, c).as_deref(),
        Some("The Lakeside Post")
    );
}
