//! Facts extracted from an article: who (people, organizations), where (places), when
//! (dates), how many (numbers, quantities), who said what (quotes) and according to whom
//! (sources), in Arabic and English.
//!
//! Pure and synchronous: text in, facts out. Every extractor works on the tokens of one
//! paragraph ([`token::Para`]: folded for matching, with char offsets into the original);
//! lexicons are data files under `src/facts/data/`, compiled in. Entities are then merged
//! across the article (فلاديمير بوتين … بوتين) into [`Entity`]s with their mentions.
//! Offsets are in chars (Unicode scalar values), never bytes.

mod calendar;
/// The calendar conversions, also read by ingest for dates written on a page.
pub use calendar::{hijri_to_date, persian_to_date};
mod date;
mod date_compose;
mod date_rel;
mod date_season;
mod date_tense;
#[cfg(test)]
mod date_tests;
mod date_time;
mod date_words;
mod dec;
mod entity;
mod holiday;
mod lexicon;
pub mod lines;
mod names;
mod number;
mod quantity;
mod quote;
mod shapes;
pub mod tagger;
pub mod tagger_en;
mod token;
mod vocab;

pub use lines::{text_facts, text_facts_bounded};

use crate::model::Article;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The kind of a fact. Serialized in lower case, as `akhbar facts --json` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Organization,
    Date,
    Number,
    Quantity,
    Quote,
    Source,
}

impl Kind {
    /// The name used in JSON and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
            Kind::Date => "date",
            Kind::Number => "number",
            Kind::Quantity => "quantity",
            Kind::Quote => "quote",
            Kind::Source => "source",
        }
    }

    /// People, places and organizations: the kinds merged into [`Entity`]s.
    pub fn is_entity(self) -> bool {
        matches!(self, Kind::Person | Kind::Place | Kind::Organization)
    }
}

/// One fact: its surface text and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub kind: Kind,
    /// The text exactly as in the paragraph (`para`'s chars `start..end`).
    pub text: String,
    /// Index of the paragraph in the slice given to [`extract`].
    pub para: usize,
    /// Char offset (Unicode scalar values) of the first char in the paragraph.
    pub start: usize,
    /// Char offset just past the last char (exclusive).
    pub end: usize,
    /// Normalized value: ISO 8601 date or range `A/B` for dates; a plain decimal for numbers
    /// and quantities; the speaker for quotes; the source's name for sources; the canonical
    /// name for people, places and organizations. `None` when unknown (a relative date in an
    /// article with no date, a quote with no speaker).
    pub value: Option<String>,
    /// For a person, the role the article gives them where it names them with a title
    /// («الرئيس الروسي فلاديمير بوتين» -> «الرئيس الروسي», "Foreign Minister"), on every
    /// mention of that person; `None` for other kinds and untitled people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A person, place or organization with every mention in the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: Kind,
    /// The fullest name the article uses (فلاديمير بوتين rather than بوتين).
    pub name: String,
    /// (paragraph, char range) of each mention, in reading order.
    pub mentions: Vec<(usize, Range<usize>)>,
}

/// Bumped whenever extraction changes what it finds, so cached facts are made again.
pub const EXTRACTOR_VERSION: u32 = 5;

/// Everything extracted from one article. Serialized as is into the store's facts cache.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// All facts, by paragraph and then offset.
    pub facts: Vec<Fact>,
    /// People, places and organizations merged across the article, most mentioned first.
    pub entities: Vec<Entity>,
}

impl Facts {
    /// The folded names and mention forms of the people, places and organizations: what
    /// an index of articles by entity is keyed on, so «فلاديمير بوتين» here and «بوتين»
    /// elsewhere meet under «بوتين».
    pub fn entity_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .facts
            .iter()
            .filter(|f| f.kind.is_entity())
            .flat_map(|f| [Some(f.text.as_str()), f.value.as_deref()])
            .flatten()
            .map(|t| crate::text::fold_for_match(t).text)
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Extracts the facts of an article given as paragraphs of plain text. Relative dates are
/// resolved against `reference_date` (left without a value when it is `None`). Never panics.
pub fn extract(paragraphs: &[&str], reference_date: Option<NaiveDate>) -> Facts {
    let paras: Vec<token::Para> = paragraphs.iter().map(|t| token::Para::new(t)).collect();
    let mut facts = Vec::new();
    let mut spans = Vec::with_capacity(paras.len());
    // A year the text states carries into the rest of its paragraph and into the next one.
    let mut topic = None;
    for (i, p) in paras.iter().enumerate() {
        let found = paragraph_facts(p, reference_date, topic);
        topic = found.topic;
        spans.push(found.entity_blocks);
        facts.extend(found.facts.into_iter().map(|mut f| {
            f.para = i;
            f
        }));
    }
    let (entity_facts, entities) = entity::resolve(&paras, &spans);
    facts.extend(entity_facts);
    quote::attach(&paras, &mut facts);
    facts.sort_by_key(|f| (f.para, f.start, f.kind, f.end));
    Facts { facts, entities }
}

/// Extracts the facts of an article: paragraph 0 is the title, paragraph `i + 1` is
/// `article.paragraphs[i]` (the title names people and places as much as the body does).
/// Dates resolve against the article's date.
pub fn extract_article(article: &Article) -> Facts {
    let mut texts: Vec<&str> = Vec::with_capacity(article.paragraphs.len() + 1);
    texts.push(&article.title);
    texts.extend(article.paragraphs.iter().map(|p| p.text.as_str()));
    extract(&texts, article.date)
}

/// Facts of one paragraph that need no other paragraph, and the token ranges that entity
/// resolution must leave alone (dates, quantities).
struct ParaFacts {
    facts: Vec<Fact>,
    entity_blocks: Vec<(usize, usize)>,
    /// The year this paragraph stated last (see [`date::Ctx::topic`]): the next one's.
    topic: Option<i32>,
}

fn fact(p: &token::Para, kind: Kind, a: usize, b: usize, value: Option<String>) -> Option<Fact> {
    let (s, e) = (p.tokens.get(a)?, p.tokens.get(b.checked_sub(1)?)?);
    (b > a).then(|| Fact {
        kind,
        text: p.slice(s.start, e.end),
        para: 0,
        start: s.start,
        end: e.end,
        value,
        role: None,
    })
}

fn paragraph_facts(p: &token::Para, reference: Option<NaiveDate>, topic: Option<i32>) -> ParaFacts {
    let ctx = date::Ctx {
        reference,
        // Each date takes the tense of its own clause ([`date_tense`]); this is the default.
        tense: calendar::Tense::Neutral,
        day_first: p
            .text
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        topic,
    };
    let (dates, topic) = date::find_in_text(p, &ctx);
    let date_mask = p.mask(dates.iter().map(|d| (d.a, d.b)));
    let in_date = |a: usize, b: usize| {
        date_mask
            .get(a..b.min(date_mask.len()))
            .is_some_and(|s| s.contains(&true))
    };
    let nums = number::find(p);
    let quantities = quantity::find(p, &nums, &in_date);
    let q_mask = p.mask(quantities.iter().map(|q| (q.a, q.b)));
    let in_quantity = |a: usize, b: usize| {
        q_mask
            .get(a..b.min(q_mask.len()))
            .is_some_and(|s| s.contains(&true))
    };
    let mut out = Vec::new();
    for d in &dates {
        out.extend(fact(p, Kind::Date, d.a, d.b, d.value.clone()));
    }
    for q in &quantities {
        out.extend(fact(
            p,
            Kind::Quantity,
            q.a,
            q.b,
            q.value.map(|v| v.to_string()),
        ));
    }
    for n in &nums {
        if in_date(n.a, n.b) || in_quantity(n.a, n.b) || quantity::in_name(p, n) {
            continue;
        }
        out.extend(fact(p, Kind::Number, n.a, n.b, Some(n.value.to_string())));
    }
    let mut blocks: Vec<(usize, usize)> = dates.iter().map(|d| (d.a, d.b)).collect();
    blocks.extend(
        quantities
            .iter()
            .filter(|q| q.b > q.a + 1 || !p.is_word(q.a))
            .map(|q| (q.a, q.b)),
    );
    ParaFacts {
        facts: out,
        entity_blocks: blocks,
        topic,
    }
}

/// The token ranges of a paragraph that entity look-up leaves alone (dates, quantities), as
/// extraction computes them; the tagger's training sees the same.
fn paragraph_blocks(p: &token::Para) -> Vec<(usize, usize)> {
    paragraph_facts(p, None, None).entity_blocks
}
