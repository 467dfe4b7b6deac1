//! Pages read whole: titles, dates, sources and authors off small pages.

use super::*;

fn read_text(text: &str, url: Option<&str>) -> Reading {
    let body: Vec<&str> = text.lines().collect();
    let hint = hint_for(text);
    let lines = lines_of(&body, 1, hint);
    read(
        &lines,
        &Context {
            title: None,
            url,
            recurring: None,
            params: Params::default(),
            hint,
        },
    )
}

#[test]
fn ticker_headlines_go_and_the_headline_is_the_title() {
    let r = read_text(
        "الأفق\n\nعاجل\nسقوط أمطار غزيرة على العاصمة\nارتفاع أسعار الذهب عالميا\n\n\
         البرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة\n\n\
         أقر البرلمان مساء الأحد قانون الانتخابات الجديد بأغلبية 120 صوتًا، بعد نقاش استمر ثلاثة أيام.\n",
        Some("https://www.alofoq.example/news/1"),
    );
    let title = r.found.title.as_ref().map(|t| t.0.as_str());
    assert_eq!(
        title,
        Some("البرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة")
    );
    assert_eq!(r.paragraphs.len(), 1);
    let source = r.found.source.as_ref().map(|s| s.0.as_str());
    assert_eq!(source, Some("الأفق"), "the site's name at the top");
}

#[test]
fn the_host_names_the_source_when_the_page_does_not() {
    let r = read_text(
        "Council approves the new budget for schools\n\n\
         The council approved the budget on Monday after a long debate.\n",
        Some("https://www.example-news.example/a/1"),
    );
    let source = r.found.source.as_ref().map(|s| s.0.as_str());
    assert_eq!(source, Some("example-news.example"));
}

#[test]
fn published_wins_over_updated_and_a_related_date_is_ignored() {
    let r = read_text(
        "Ferry service to resume after the winter storms\n\n\
         Updated: 12 March 2024\n\nPublished: 10 March 2024\n\n\
         The ferry service between the islands will resume next week, the operator said.\n\n\
         Related\nStorm damage closes harbour on 2 January 2024\n",
        None,
    );
    assert_eq!(
        r.found.date.map(|d| d.0.to_string()).as_deref(),
        Some("2024-03-10")
    );
}

#[test]
fn the_comments_close_the_article_and_a_question_can_be_the_title() {
    let r = read_text(
        "الرأي الحر\n\nالمدن العربية والحر: ما الذي تغير؟\n\n\
         كل صيف نعيد النقاش نفسه حول قدرة مدننا على احتمال الحر، ثم ننسى المسألة مع الخريف.\n\n\
         المشكلة ليست في الطقس وحده، بل في طريقة بناء الأحياء الجديدة التي استبدلت الأشجار بالإسفلت.\n\n\
         التعليقات (2)\nسامر\nمقال ممتاز ويطرح سؤالا مهما عن مستقبل المدن في المنطقة.\n",
        None,
    );
    assert_eq!(
        r.found.title.as_ref().map(|t| t.0.as_str()),
        Some("المدن العربية والحر: ما الذي تغير؟")
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
    let dropped = |text: &str| {
        r.lines
            .iter()
            .find(|j| j.text == text)
            .map(|j| j.verdict.clone())
    };
    assert_eq!(
        dropped("مقال ممتاز ويطرح سؤالا مهما عن مستقبل المدن في المنطقة."),
        Some(Verdict::Dropped(Reason::Comments))
    );
}

#[test]
fn a_list_announced_by_the_last_sentence_is_kept() {
    let r = read_text(
        "Battery life on new phones is falling\n\n\
         Users of new phones complain that the battery lasts less than a day, although capacities have grown.\n\n\
         A few simple ways to make it last longer:\nLower the screen refresh rate\nTurn off constant location\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 4, "{:?}", r.paragraphs);
    assert_eq!(r.paragraphs[3], "Turn off constant location");
}

#[test]
fn bylines_in_a_stamp_and_agencies_in_a_dateline() {
    let r = read_text(
        "Posted on April 3, 2024 by Sam Lee\n\n\
         New repair law will force laptop makers to sell parts\n\n\
         A new state law signed on Wednesday will require laptop makers to sell spare parts to shops.\n",
        None,
    );
    assert_eq!(r.found.author.map(|a| a.0).as_deref(), Some("Sam Lee"));
    let r = read_text(
        "الرياض 07 ذو القعدة 1445 هـ الموافق 15 مايو 2024 م واس\n\nانطلاق أعمال المؤتمر الدولي لسلامة الغذاء\n\n\
         انطلقت اليوم أعمال المؤتمر الدولي لسلامة الغذاء بمشاركة خبراء من أربعين دولة.\n",
        None,
    );
    assert_eq!(r.found.source.map(|s| s.0).as_deref(), Some("واس"));
    assert_eq!(r.found.author, None, "an agency is not an author");
    assert_eq!(
        r.found.date.map(|d| d.0.to_string()).as_deref(),
        Some("2024-05-15")
    );
}

#[test]
fn bad_input_never_panics() {
    for text in [
        "",
        "\n\n\n",
        "(",
        "© ©",
        "كتب:",
        "15/",
        "1/1/1",
        "מאת",
        "١٤٤٥هـ",
        ")(",
        "a\u{200c}",
    ] {
        let _ = read_text(text, Some("not a url"));
    }
}
