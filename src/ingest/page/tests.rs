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

#[test]
fn a_sign_up_box_goes_whole_and_a_note_on_the_author_ends_the_text() {
    let r = read_text(
        "The Lakeshore Times\n\nOur libraries are the last free indoor places left\n\n\
         By Maria Okafor\n\n\
         Try to think of a place in town where you can sit indoors for an afternoon without buying anything.\n\n\
         That is why the proposal to close two branches on Sundays deserves more debate than it got.\n\n\
         Maria Okafor is a retired teacher and a volunteer at the Eastside branch.\n\n\
         Sign up for Opinion Weekly\nThe best of our columnists, in your inbox every Friday.\nSubscribe\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
    let verdict = |text: &str| {
        r.lines
            .iter()
            .find(|j| j.text == text)
            .map(|j| j.verdict.clone())
    };
    assert_eq!(
        verdict("Maria Okafor is a retired teacher and a volunteer at the Eastside branch."),
        Some(Verdict::Dropped(Reason::Bio))
    );
    assert_eq!(
        verdict("The best of our columnists, in your inbox every Friday."),
        Some(Verdict::Dropped(Reason::Signup))
    );
}

#[test]
fn a_last_paragraph_is_not_taken_for_a_note_on_the_author() {
    let r = read_text(
        "Ferry service to resume after the winter storms\n\nBy Sam Lee\n\n\
         The ferry service between the islands will resume next week, the operator said.\n\n\
         Sam said nothing about the fares.\n\n\
         The operator is a company owned by the two island councils and the port.\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 3, "{:?}", r.paragraphs);
}

#[test]
fn a_site_name_may_hold_one_common_word() {
    for (top, name) in [("קול היום", "קול היום"), ("نامه روز", "نامه روز")]
    {
        let r = read_text(
            &format!(
                "{top}\n\nالبرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة\n\n\
                 أقر البرلمان مساء الأحد قانون الانتخابات الجديد بأغلبية 120 صوتًا، بعد نقاش استمر ثلاثة أيام.\n"
            ),
            None,
        );
        assert_eq!(r.found.source.map(|s| s.0).as_deref(), Some(name));
    }
    // A menu item alone, or two menu words, are not a name.
    let r = read_text(
        "أخبار محلية\n\nالبرلمان يقر قانون الانتخابات الجديد بأغلبية كبيرة\n\n\
         أقر البرلمان مساء الأحد قانون الانتخابات الجديد بأغلبية 120 صوتًا، بعد نقاش استمر ثلاثة أيام.\n",
        None,
    );
    assert_eq!(r.found.source, None);
}

/// The verdict of the line whose text starts with `start`.
fn verdict_of(r: &Reading, start: &str) -> Verdict {
    r.lines
        .iter()
        .find(|j| j.text.starts_with(start))
        .map(|j| j.verdict.clone())
        .unwrap_or_else(|| panic!("no line {start:?}"))
}

#[test]
fn a_list_of_links_after_the_text_goes_whatever_its_heading_says() {
    // No cue names this heading: the block's shape (a few words, then headlines) does.
    let r = read_text(
        "Rail strike called off after late pay offer\n\n\
         Union leaders called off Friday's rail strike after the operator improved its pay offer overnight.\n\n\
         Trains will run to the normal timetable, the operator said in a statement on its website.\n\n\
         Elsewhere on the network\n\
         New timetable brings faster trains to the coast\n\
         Why are season tickets rising again?\n\
         Station car park fees to double next spring\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
    for start in ["Elsewhere", "New timetable", "Why are", "Station car"] {
        assert_eq!(verdict_of(&r, start), Verdict::Dropped(Reason::LinkList));
    }
}

#[test]
fn a_list_closing_the_text_after_its_announcing_sentence_stays() {
    let r = read_text(
        "What the new budget changes for families\n\n\
         The government published its budget on Tuesday with three measures for families:\n\
         Free school meals for all pupils\n\
         A higher child benefit rate\n\
         Cheaper bus passes for students\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 4, "{:?}", r.paragraphs);
}

#[test]
fn a_standfirst_over_the_byline_is_not_a_paragraph() {
    let r = read_text(
        "الحكومة ترفع الحد الأدنى للأجور اعتبارا من يناير\n\
         الزيادة تشمل العاملين في القطاعين العام والخاص وتكلف الخزينة نحو مليار\n\n\
         كتب: سامر الحلبي\n12 نوفمبر 2024\n\n\
         أعلنت الحكومة رفع الحد الأدنى للأجور بنسبة عشرة بالمئة اعتبارا من مطلع يناير المقبل، في خطوة طال انتظارها.\n",
        None,
    );
    assert_eq!(
        verdict_of(&r, "الزيادة تشمل"),
        Verdict::Dropped(Reason::Standfirst)
    );
    assert_eq!(r.paragraphs.len(), 1);
    let author = r.found.author.as_ref().map(|a| a.0.as_str());
    assert_eq!(author, Some("سامر الحلبي"));
}

#[test]
fn captions_go_by_their_inline_credit_their_label_or_the_site_credited() {
    let r = read_text(
        "صدى المدينة\n\n\
         افتتاح أول حديقة عامة في حي الميناء بعد سنوات من الانتظار\n\n\
         الأحد 3 مارس 2024\n\n\
         أطفال يلعبون في الحديقة الجديدة صباح الافتتاح (صدى المدينة)\n\n\
         Children at the new park on its first morning. Photo: Lena Ortiz\n\n\
         مصدر الصورة\nوكالة الصور الحرة\n\n\
         افتتحت البلدية صباح الأحد أول حديقة عامة في حي الميناء، على مساحة أربعة آلاف متر مربع.\n\n\
         وقال رئيس البلدية إن الحديقة ستفتح أبوابها يوميا من السابعة صباحا حتى العاشرة مساء.\n",
        None,
    );
    for start in ["أطفال يلعبون", "Children at", "مصدر الصورة", "وكالة الصور"]
    {
        assert_eq!(
            verdict_of(&r, start),
            Verdict::Dropped(Reason::Caption),
            "{start}"
        );
    }
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
}

#[test]
fn a_wire_desks_initials_are_cut_off_the_last_paragraph() {
    let r = read_text(
        "وزارة الزراعة تبدأ حملة لتطعيم المواشي في المحافظات الشمالية\n\n\
         بدأت وزارة الزراعة اليوم حملة وطنية لتطعيم المواشي تستمر ثلاثة أسابيع في المحافظات الشمالية.\n\n\
         وتستهدف الحملة أكثر من مليون رأس من الأغنام والماعز، بحسب بيان الوزارة. ن.ق/ ع.م\n",
        None,
    );
    assert_eq!(
        r.paragraphs.last().map(String::as_str),
        Some("وتستهدف الحملة أكثر من مليون رأس من الأغنام والماعز، بحسب بيان الوزارة.")
    );
    // Numbers and words after a stop are text: `3.2` is not a pair of initials.
    assert_eq!(glued::cut_initials("بلغت النسبة 3.2 بالمئة."), None);
    assert_eq!(glued::cut_initials("انتهى الاجتماع. وبدأ"), None);
}

#[test]
fn the_title_is_the_headline_the_texts_opening_tells_not_a_ticker_above_it() {
    let r = read_text(
        "روزنامہ شام\n\nتازہ خبریں\nبجلی کے نرخوں میں اضافے کی تجویز مسترد\nموسم سرما کی تعطیلات کا اعلان\n\n\
         لاہور میں نئی میٹرو لائن پر کام کا آغاز\n\n\
         لاہور میں نئی میٹرو لائن پر تعمیراتی کام کا باقاعدہ آغاز کر دیا گیا ہے جو دو سال میں مکمل ہوگا۔\n\n\
         حکام کے مطابق منصوبے سے روزانہ ایک لاکھ مسافر فائدہ اٹھائیں گے۔\n",
        None,
    );
    let title = r.found.title.as_ref().map(|t| t.0.as_str());
    assert_eq!(title, Some("لاہور میں نئی میٹرو لائن پر کام کا آغاز"));
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
}

#[test]
fn a_notice_or_label_naming_the_site_gives_the_name_its_top_shows() {
    let r = read_text(
        "The Lakeside Courier\nNews\nSport\n\n\
         Ferry timetable cut for the winter months\n\n\
         The ferry company will run four crossings a day instead of six from next week, it said on Monday.\n\n\
         Passengers have criticised the change, saying it leaves commuters with long waits.\n\n\
         © 2024 Lakeside Courier Publishing Ltd. All rights reserved.\n",
        None,
    );
    let source = r.found.source.as_ref().map(|s| s.0.as_str());
    assert_eq!(source, Some("The Lakeside Courier"));
    // A source line naming another outlet stays what it says.
    let r = read_text(
        "جريدة الفجر\n\nارتفاع أسعار القمح في الأسواق العالمية\n\n\
         ارتفعت أسعار القمح في الأسواق العالمية بنسبة ثلاثة بالمئة خلال الأسبوع الماضي، وفق بيانات البورصة.\n\n\
         المصدر: رويترز\n",
        None,
    );
    let source = r.found.source.as_ref().map(|s| s.0.as_str());
    assert_eq!(source, Some("رويترز"));
}

#[test]
fn a_city_and_a_colon_before_a_name_under_the_title_give_the_author() {
    let r = read_text(
        "افتتاح معرض الكتاب الدولي بمشاركة 400 دار نشر\n\n\
         الدوحة: منى السعدي\n12 يناير 2025\n\n\
         افتتح معرض الكتاب الدولي أبوابه صباح اليوم بمشاركة أربعمئة دار نشر من ثلاثين دولة.\n",
        None,
    );
    let author = r.found.author.as_ref().map(|a| a.0.as_str());
    assert_eq!(author, Some("منى السعدي"));
}

#[test]
fn a_pull_quote_and_an_advert_slot_inside_the_text_go() {
    let r = read_text(
        "Town hall to stay open late on Thursdays\n\n\
         The town hall will stay open until 8pm on Thursdays from next month, the council said on Tuesday.\n\n\
         Advertisement\n\n\
         Continue reading below the advertisement\n\n\
         \"People who work all day cannot come in at lunchtime\"\n\n\
         Council leader Ruth Ames said the change followed complaints. \"People who work all day cannot come in at lunchtime,\" she said.\n",
        None,
    );
    assert_eq!(
        verdict_of(&r, "Continue reading"),
        Verdict::Dropped(Reason::Advert)
    );
    assert_eq!(
        verdict_of(&r, "\"People who"),
        Verdict::Dropped(Reason::PullQuote)
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
}

#[test]
fn an_agencys_lead_over_its_body_is_not_a_paragraph() {
    let r = read_text(
        "افتتاح کتابخانه عمومی جدید در مرکز شهر\n\n\
         شهردار منطقه دو از افتتاح کتابخانه عمومی جدید در مرکز شهر خبر داد.\n\n\
         به گزارش خبرگزاری آسمان، این کتابخانه با ده هزار جلد کتاب و سالن مطالعه برای دویست نفر افتتاح شد.\n\n\
         وی افزود: ساعت کار کتابخانه تا ده شب است.\n",
        None,
    );
    assert_eq!(
        verdict_of(&r, "شهردار منطقه"),
        Verdict::Dropped(Reason::Standfirst)
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
    // Without the agency's opening, the first sentence is the text's.
    let r = read_text(
        "افتتاح کتابخانه عمومی جدید در مرکز شهر\n\n\
         شهردار منطقه دو از افتتاح کتابخانه عمومی جدید در مرکز شهر خبر داد.\n\n\
         این کتابخانه با ده هزار جلد کتاب و سالن مطالعه برای دویست نفر افتتاح شد.\n",
        None,
    );
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
}

#[test]
fn a_summary_box_over_the_byline_gives_no_author() {
    let r = read_text(
        "Council approves a new swimming pool for the east side\n\n\
         In brief\nConstruction starts in June\nOpening planned for spring\n\n\
         Dana Whitfield\nMarch 4, 2025\n\n\
         The council approved plans for a new public swimming pool on the east side on Monday evening.\n",
        None,
    );
    let author = r.found.author.as_ref().map(|a| a.0.as_str());
    assert_eq!(author, Some("Dana Whitfield"));
}

#[test]
fn a_note_opening_with_a_bare_byline_name_is_about_the_writer() {
    let page = |note: &str| {
        read_text(
            &format!(
                "The Valley Post\n\nClinic to open in the north of town next month\n\n\
                 Dana Brook\n\n\
                 The health ministry approved the new clinic, which will serve about ten thousand people.\n\n\
                 It will have family doctors, a children's doctor and a blood test centre.\n\n\
                 {note}\n"
            ),
            None,
        )
    };
    let r = page("Dana Brook is the health reporter of The Valley Post and covers the north.");
    assert_eq!(r.paragraphs.len(), 2, "{:?}", r.paragraphs);
    // Another name, or the same words not at the start, are the article's.
    let r = page("Sam Hill is the head of the clinic and said it would open on a Monday.");
    assert_eq!(r.paragraphs.len(), 3, "{:?}", r.paragraphs);
}
