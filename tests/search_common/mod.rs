//! What the full-text index tests share: an Arabic article made of a title and body
//! paragraphs, as the store takes it.

#![allow(dead_code)]

use akhbar::model::{Article, ArticleId, Direction, Lang, Origin, Paragraph};

pub fn para(text: &str) -> Paragraph {
    Paragraph {
        text: text.to_string(),
        lang: Lang::Ar,
        dir: Direction::Rtl,
    }
}

/// Article `id` from a file, dated `date` (YYYY-MM-DD; anything else gives no date).
pub fn article(id: &str, title: &str, body: &[&str], date: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        title: title.to_string(),
        source: Some("test".into()),
        author: None,
        date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        url: None,
        lang: Lang::Ar,
        dir: Direction::Rtl,
        dir_override: None,
        paragraphs: body.iter().map(|b| para(b)).collect(),
        origin: Origin::File(format!("/t/{id}.txt")),
        enclosures: Vec::new(),
    }
}
