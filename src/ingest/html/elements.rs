//! What the walker makes of an element by its name and its classes: dropped with what it
//! holds (scripts, embeds), a block that starts a paragraph, or page furniture (navigation,
//! share bars, comments) by the words of its class and id.

use super::*;

/// Elements whose content is never text to read.
pub(super) fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "frame"
            | "frameset"
            | "template"
            | "object"
            | "embed"
            | "applet"
            | "svg"
            | "math"
            | "canvas"
            | "video"
            | "audio"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "select"
            | "textarea"
            | "input"
            | "button"
    )
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "address"
            | "blockquote"
            | "center"
            | "dd"
            | "dt"
            | "dl"
            | "details"
            | "summary"
            | "dialog"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hgroup"
            | "ol"
            | "ul"
            | "menu"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "caption"
            | "body"
            | "html"
    )
}

/// Words in `class` and `id` that mark page furniture rather than the article.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "disqus",
    "footer",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "popular",
    "popup",
    "promo",
    "recommended",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "taboola",
    "tags",
    "toolbar",
    "trending",
    "widget",
];

/// The words of an element's `class` and `id` (split at spaces, `-` and `_`), lowercased.
pub(crate) fn class_words(e: &Element) -> impl Iterator<Item = String> + '_ {
    e.attr("class")
        .into_iter()
        .chain(e.attr("id"))
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Page parts that are not the article: navigation, footers, asides, forms, hidden parts,
/// and anything whose class or id names furniture (share bars, comments, related links).
pub(crate) fn is_page_furniture(name: &str, e: &Element) -> bool {
    if matches!(
        name,
        "nav" | "footer" | "aside" | "form" | "figure" | "menu" | "dialog"
    ) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = e.attr("role") {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "menu" | "alert"
        ) {
            return true;
        }
    }
    if matches!(name, "body" | "html" | "main" | "article") {
        return false;
    }
    class_words(e).any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}
