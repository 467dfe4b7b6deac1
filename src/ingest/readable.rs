//! The main text of a web page, for an entry whose feed gives only a summary: a
//! readability-style extractor.
//!
//! Every paragraph-like block (`p`, `pre`, `blockquote`, a `div` holding its own text) scores
//! its parent and, half as much, its grandparent: one point, one per comma, one per hundred
//! letters (at most three). Each container's score is then weighed by how little of its text
//! sits in links, and by its class and id (`article`, `story`, `content` up; `comment`,
//! `share`, `sidebar` down). The best container, with those of its siblings that score
//! nearly as well, is the article. Navigation, footers, asides, forms and furniture-named
//! blocks are never read, link lists are dropped, and every remaining line is checked
//! against the same furniture list the seeds use (`furniture.txt`).

use super::charset;
use super::feed::FeedError;
use super::furniture::{classify, LineKind};
use super::html::{class_words, clean, is_page_furniture, Mode, Walker};
use super::lang::{detect, direction, ScriptCounts};
use crate::model::Paragraph;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::HashMap;

/// What [`extract_page`] found: the page's title and its article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// Pages larger than this are refused.
pub const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

const GOOD_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "news",
    "post",
    "story",
    "text",
];
const BAD_WORDS: &[&str] = &[
    "comment", "comments", "share", "social", "sidebar", "footer", "related", "promo", "ad", "ads",
    "widget", "nav", "menu", "meta", "byline", "author",
];

/// Extracts the article of a web page. The charset comes from the byte-order mark, the
/// Content-Type header, a `<meta>` charset, else a guess; `url` resolves relative links.
pub fn extract_page(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &str,
) -> Result<Extracted, FeedError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let decoded = charset::decode(bytes, content_type, charset::Kind::Html);
    if decoded.text.trim().is_empty() {
        return Err(FeedError::Empty);
    }
    let doc = Html::parse_document(&decoded.text);
    let title = page_title(&doc);

    let body = doc
        .root_element()
        .children()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(*doc.root_element());

    // Score the containers of every paragraph-like block.
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    score_blocks(body, &mut scores);
    let mut best: Option<(NodeId, f64)> = None;
    for (&id, &raw) in &scores {
        let Some(node) = doc.tree.get(id) else {
            continue;
        };
        let score = final_score(node, raw);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((id, score));
        }
    }
    let chosen: Vec<NodeRef<'_, Node>> = match best.and_then(|(id, s)| Some((doc.tree.get(id)?, s)))
    {
        Some((top, top_score)) => with_siblings(top, top_score, &scores),
        None => vec![body],
    };

    let mut walker = Walker::new(Some(url), Mode::Page);
    for node in chosen {
        walker.walk(node);
    }
    let texts = walker.finish(|block| {
        let plain = block.plain();
        if plain.is_empty() {
            return false;
        }
        // A block that is mostly links (a "read more" list, tags, a share bar) is furniture.
        if block.link_density() > 0.5 {
            return false;
        }
        !plain.lines().any(|l| classify(l) != LineKind::Text)
    });
    // The page's own heading repeats the title the reader shows above the text.
    let skip = usize::from(texts.first().is_some_and(|t| Some(t) == title.as_ref()));
    let paragraphs: Vec<Paragraph> = texts
        .into_iter()
        .skip(skip)
        .map(|text| Paragraph {
            lang: detect(&ScriptCounts::of(&text)),
            dir: direction(&text),
            text,
        })
        .collect();
    if !paragraphs.iter().any(|p| !p.text.starts_with('[')) {
        return Err(FeedError::NoText);
    }
    Ok(Extracted { title, paragraphs })
}

/// `og:title`; else an `<h1>` that `<title>` contains (the headline without the site's
/// name); else `<title>`; else the first `<h1>`.
fn page_title(doc: &Html) -> Option<String> {
    let mut og = None;
    let mut title: Option<String> = None;
    let mut h1 = None;
    let mut headline = None;
    for node in doc.tree.root().descendants() {
        let Some(e) = node.value().as_element() else {
            continue;
        };
        match e.name() {
            "meta" if og.is_none() && e.attr("property") == Some("og:title") => {
                og = e.attr("content").map(clean);
            }
            "title" if title.is_none() => title = Some(clean(&text_of(node))),
            "h1" => {
                let text = clean(&text_of(node));
                if headline.is_none()
                    && !text.is_empty()
                    && title.as_ref().is_some_and(|t| t.contains(&text))
                {
                    headline = Some(text.clone());
                }
                h1.get_or_insert(text);
            }
            _ => {}
        }
    }
    [og, headline, title, h1]
        .into_iter()
        .flatten()
        .find(|t| !t.is_empty())
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<Vec<_>>()
        .join("")
}

/// Letters in the visible text of `node` (furniture skipped), and how many are in links.
fn letters(node: NodeRef<'_, Node>, in_link: bool, acc: &mut (usize, usize)) {
    match node.value() {
        Node::Text(t) => {
            let n = t.chars().filter(|c| c.is_alphanumeric()).count();
            acc.0 += n;
            if in_link {
                acc.1 += n;
            }
        }
        Node::Element(e) => {
            if matches!(e.name(), "script" | "style" | "noscript" | "template")
                || is_page_furniture(e.name(), e)
            {
                return;
            }
            let link = in_link || e.name() == "a";
            for c in node.children() {
                letters(c, link, acc);
            }
        }
        _ => {}
    }
}

fn score_blocks(node: NodeRef<'_, Node>, scores: &mut HashMap<NodeId, f64>) {
    let Some(e) = node.value().as_element() else {
        return;
    };
    let name = e.name();
    if matches!(name, "script" | "style" | "noscript" | "template") || is_page_furniture(name, e) {
        return;
    }
    let paragraph_like = match name {
        "p" | "pre" | "blockquote" | "td" => true,
        "div" | "section" => node.children().any(|c| {
            c.value()
                .as_text()
                .is_some_and(|t| t.trim().chars().count() >= 25)
        }),
        _ => false,
    };
    if paragraph_like {
        let text = text_of(node);
        let mut acc = (0, 0);
        letters(node, false, &mut acc);
        if acc.0 >= 25 {
            let commas = text.matches([',', '،', '，']).count() as f64;
            let score = 1.0 + commas + (acc.0 as f64 / 100.0).min(3.0);
            if let Some(parent) = node.parent() {
                *scores.entry(parent.id()).or_default() += score;
                if let Some(grand) = parent.parent().filter(|g| g.value().is_element()) {
                    *scores.entry(grand.id()).or_default() += score / 2.0;
                }
            }
        }
    }
    for c in node.children() {
        score_blocks(c, scores);
    }
}

/// A container's score weighed by its link density and by its class and id.
fn final_score(node: NodeRef<'_, Node>, raw: f64) -> f64 {
    let mut acc = (0, 0);
    letters(node, false, &mut acc);
    let density = if acc.0 == 0 {
        1.0
    } else {
        acc.1 as f64 / acc.0 as f64
    };
    let mut score = raw * (1.0 - density);
    if let Some(e) = node.value().as_element() {
        for w in class_words(e) {
            if GOOD_WORDS.contains(&w.as_str()) {
                score += 5.0;
            }
            if BAD_WORDS.contains(&w.as_str()) {
                score -= 5.0;
            }
        }
        if matches!(e.name(), "article" | "main") {
            score += 5.0;
        }
    }
    score
}

/// The chosen container and those of its siblings that score at least a fifth as well, in
/// document order.
fn with_siblings<'a>(
    top: NodeRef<'a, Node>,
    top_score: f64,
    scores: &HashMap<NodeId, f64>,
) -> Vec<NodeRef<'a, Node>> {
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(3.0);
    parent
        .children()
        .filter(|c| {
            c.id() == top.id()
                || scores
                    .get(&c.id())
                    .is_some_and(|&raw| final_score(*c, raw) >= threshold)
                || is_loose_paragraph(*c)
        })
        .collect()
}

/// A `<p>` beside the chosen container that reads as article text: long, few links.
fn is_loose_paragraph(node: NodeRef<'_, Node>) -> bool {
    if node.value().as_element().is_none_or(|e| e.name() != "p") {
        return false;
    }
    let mut acc = (0, 0);
    letters(node, false, &mut acc);
    acc.0 >= 80 && acc.1 * 4 < acc.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="windows-1256">
<title>الموقع | اجتماع وزراء الزراعة</title>
<meta property="og:title" content="اجتماع وزراء الزراعة العرب في عمّان">
<script>var tracking = "never shown";</script>
<style>body { color: black }</style>
</head><body>
<header class="site-header"><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></header>
<nav><ul><li><a href="/a">سياسة</a></li><li><a href="/b">اقتصاد</a></li></ul></nav>
<div class="page">
  <div id="main-article" class="article-body">
    <h1>اجتماع وزراء الزراعة العرب في عمّان</h1>
    <p class="byline">بقلم سارة الخطيب</p>
    <div class="share-bar"><a href="https://facebook.example/s">فيسبوك</a> <a href="https://x.example/s">إكس</a></div>
    <p>اجتمع وزراء الزراعة العرب، صباح اليوم، في العاصمة الأردنية عمّان لبحث أزمة المياه، وتراجع المحاصيل في المنطقة خلال المواسم الثلاثة الأخيرة.</p>
    <p>وقال وزير الزراعة الأردني إن بلاده تستورد، منذ سنوات، أكثر من نصف حاجتها من القمح، وإن خطة مشتركة <a href="/reports/water">للمياه</a> ستعرض على القمة المقبلة.</p>
    <figure><img src="x.jpg" alt="صورة الوزراء"><figcaption>الوزراء في عمّان</figcaption></figure>
    <p>ومن المنتظر، بحسب مصادر في الجامعة العربية، أن يصدر الاجتماع بيانًا ختاميًا مساء الغد، يتضمن توصيات بشأن الري والأسمدة والتخزين.</p>
    <p>شارك هذا المقال</p>
    <p>اقرأ أيضا: <a href="/x">عنوان آخر طويل هنا جدا</a></p>
  </div>
  <aside class="sidebar"><h3>الأكثر قراءة</h3><p>خبر جانبي، لا علاقة له بالمقال، يتكرر في كل الصفحات ويحتوي فواصل، كثيرة، جدا.</p></aside>
  <div class="comments"><p>تعليق من قارئ، يقول فيه رأيه، بطول كافٍ ليحسب فقرة، وفيه فواصل.</p></div>
</div>
<footer><p>جميع الحقوق محفوظة، 2026، الموقع الإخباري، عمّان، الأردن.</p></footer>
</body></html>"#;

    fn encode_1256(s: &str) -> Vec<u8> {
        let (bytes, _, errors) = encoding_rs::WINDOWS_1256.encode(s);
        assert!(!errors);
        bytes.into_owned()
    }

    #[test]
    fn only_the_article_text_is_kept() {
        let page = encode_1256(PAGE);
        let ex = extract_page(&page, None, "https://news.example/2026/agri").unwrap();
        assert_eq!(
            ex.title.as_deref(),
            Some("اجتماع وزراء الزراعة العرب في عمّان")
        );
        let texts: Vec<&str> = ex.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:#?}");
        assert!(texts[0].starts_with("اجتمع وزراء الزراعة العرب"));
        assert!(
            texts[1].ends_with("للمياه [1] ستعرض على القمة المقبلة."),
            "{}",
            texts[1]
        );
        assert!(texts[2].starts_with("ومن المنتظر"));
        assert_eq!(texts[3], "[1] https://news.example/reports/water");
        for bad in [
            "tracking",
            "فيسبوك",
            "سياسة",
            "الرئيسية",
            "بقلم",
            "شارك",
            "اقرأ أيضا",
            "جانبي",
            "تعليق",
            "الحقوق",
            "الوزراء في عمّان",
        ] {
            assert!(
                !texts.iter().any(|t| t.contains(bad)),
                "{bad} kept: {texts:#?}"
            );
        }
        assert!(ex.paragraphs[..3]
            .iter()
            .all(|p| p.dir == crate::model::Direction::Rtl));
    }

    #[test]
    fn an_english_page_with_related_links_and_a_lede_outside_the_body_div() {
        let page = r#"<html><head><title>Bridge reopens | City Paper</title></head><body>
<div id="top-bar"><a href="/login">Log in</a> <a href="/subscribe">Subscribe</a></div>
<main>
 <h1>Bridge reopens after two years of repairs</h1>
 <p class="lede">The old river bridge opened to traffic again on Tuesday morning, two years after cracks were found in its main span, and a month earlier than planned.</p>
 <div class="story-body">
  <p>Engineers replaced forty steel cables and the whole deck, the city said in a statement, at a cost of twelve million.</p>
  <p>Buses will return to the bridge from Monday, and a new cycle lane, separated from the road by a kerb, opens in the spring.</p>
  <p>Read more: <a href="/a">Cycle lanes</a>, <a href="/b">Buses</a>, <a href="/c">Roads</a></p>
  <div class="related"><h3>Related</h3><ul><li><a href="/x">Ferry fares rise, again, this winter</a></li><li><a href="/y">New tram line approved by the council</a></li></ul></div>
  <p>Share this article</p>
 </div>
</main>
<div class="cookie-banner"><p>We use cookies, and so do our partners, to improve your experience, measure traffic and show ads.</p></div>
</body></html>"#;
        let ex = extract_page(
            page.as_bytes(),
            Some("text/html"),
            "https://paper.example/bridge",
        )
        .unwrap();
        let texts: Vec<&str> = ex.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(ex.title.as_deref(), Some("Bridge reopens | City Paper"));
        assert_eq!(texts.len(), 3, "{texts:#?}");
        assert!(texts[0].starts_with("The old river bridge opened"));
        assert!(texts[1].starts_with("Engineers replaced"));
        assert!(texts[2].starts_with("Buses will return"));
        let with_h1 = page.replace(
            "<title>Bridge reopens | City Paper",
            "<title>Bridge reopens after two years of repairs | City Paper",
        );
        let ex = extract_page(with_h1.as_bytes(), None, "https://paper.example/bridge").unwrap();
        assert_eq!(
            ex.title.as_deref(),
            Some("Bridge reopens after two years of repairs")
        );
    }

    #[test]
    fn header_charset_and_empty_pages() {
        let page = encode_1256(
            "<p>مرحبا بالعالم، هذه فقرة طويلة بما يكفي ليحسبها المستخرج فقرة حقيقية.</p>",
        );
        let ex = extract_page(
            &page,
            Some("text/html; charset=windows-1256"),
            "https://e.example/",
        )
        .unwrap();
        assert!(ex.paragraphs[0].text.starts_with("مرحبا بالعالم"));
        assert!(matches!(
            extract_page(b"  ", None, "https://e.example/"),
            Err(FeedError::Empty)
        ));
        assert!(matches!(
            extract_page(
                b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                None,
                "https://e.example/"
            ),
            Err(FeedError::NoText)
        ));
    }
}
