//! HTML (a feed entry's content, or a whole page) turned into plain paragraphs: block elements
//! end paragraphs, links become numbered references listed at the end, images are their alt
//! text, scripts and the like vanish, and every paragraph goes through the sanitizer.
//!
//! The parser is `scraper` (with default features off), which is html5ever, the parser of
//! Servo, plus a small tree. Feed HTML is often broken (unclosed tags, stray `</div>`s,
//! double-escaped entities); html5ever builds the tree the way a browser would, so what a
//! reader sees in a browser is what comes out here. It is maintained by the Servo project and
//! used widely; `tl` is faster to build but has had no release since 2022 and does not follow
//! the HTML tree-building rules. The tree is also what the readability scorer in
//! [`super::readable`] needs.

use super::sanitize::{collapse_whitespace, sanitize};
use scraper::node::Element;
use scraper::{Html, Node};
use url::Url;

mod elements;
pub(crate) use elements::{class_words, is_page_furniture};
use elements::{is_block, is_dropped};

mod entities;
pub use entities::{decode_leftover_entities, repair_mojibake};

/// Marks a link reference inside a block until the blocks are final and can be numbered.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Paragraphs of an HTML fragment or document. Links are kept as `text [1]` with a list of
/// `[1] https://...` paragraphs at the end; relative links are resolved against `base_url`.
pub fn html_to_paragraphs(html: &str, base_url: Option<&str>) -> Vec<String> {
    if !html.contains(['<', '&']) {
        let text = clean(html);
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![text]
        };
    }
    let doc = Html::parse_fragment(html);
    let mut walker = Walker::new(base_url, Mode::Fragment);
    walker.walk(*doc.root_element());
    walker.finish(|_| true)
}

/// The text of an HTML snippet on one line: for titles that arrive as HTML. No link list.
pub fn html_to_line(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return clean(html);
    }
    let doc = Html::parse_fragment(html);
    let mut walker = Walker::new(None, Mode::Fragment);
    walker.keep_links = false;
    walker.walk(*doc.root_element());
    walker.finish(|_| true).join(" ")
}

/// Paragraphs of plain text: blank lines separate them, other line breaks are spaces.
/// Entities left in the text (a feed that escaped twice) are decoded.
pub fn text_to_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                out.push(clean(&current));
            }
            current.clear();
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        out.push(clean(&current));
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Leftover entities decoded, mojibake repaired, then sanitized and collapsed to one line.
pub(crate) fn clean(text: &str) -> String {
    collapse_whitespace(&sanitize(&repair_mojibake(&decode_leftover_entities(text))))
}

/// How much of a page the walker keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A feed entry's HTML: everything but scripts, styles and embeds.
    Fragment,
    /// Part of a web page: navigation, footers, forms, share bars and other furniture go too.
    Page,
}

/// One paragraph as the walker found it, before link numbering.
pub(crate) struct Block {
    /// Raw text, link references as `MARK_OPEN index MARK_CLOSE` into `Walker::hrefs`.
    text: String,
    /// Letters and digits seen, and how many of them were inside links.
    chars: usize,
    link_chars: usize,
}

impl Block {
    /// The text without link references, cleaned: for deciding whether to keep the block.
    pub(crate) fn plain(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut in_mark = false;
        for c in self.text.chars() {
            match c {
                MARK_OPEN => in_mark = true,
                MARK_CLOSE => in_mark = false,
                c if !in_mark => out.push(c),
                _ => {}
            }
        }
        clean(&out)
    }

    /// The share of its letters that sit inside links (0 to 1).
    pub(crate) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

pub(crate) struct Walker {
    base: Option<Url>,
    mode: Mode,
    pub(crate) keep_links: bool,
    blocks: Vec<Block>,
    current: Block,
    hrefs: Vec<String>,
    link_depth: usize,
    /// Letters seen so far in the whole walk.
    seen: usize,
    /// Inside `<pre>`: line breaks end paragraphs.
    pre_depth: usize,
}

impl Walker {
    pub(crate) fn new(base_url: Option<&str>, mode: Mode) -> Walker {
        Walker {
            base: base_url.and_then(|b| Url::parse(b).ok()),
            mode,
            keep_links: true,
            blocks: Vec::new(),
            current: Block {
                text: String::new(),
                chars: 0,
                link_chars: 0,
            },
            hrefs: Vec::new(),
            link_depth: 0,
            seen: 0,
            pre_depth: 0,
        }
    }

    pub(crate) fn walk(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => self.push_text(t),
            Node::Element(e) => self.element(node, e),
            Node::Document | Node::Fragment => self.children(node),
            _ => {}
        }
    }

    fn children(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        for child in node.children() {
            self.walk(child);
        }
    }

    fn push_text(&mut self, t: &str) {
        // Preformatted text keeps its lines, one paragraph each.
        if self.pre_depth > 0 && t.contains('\n') {
            let mut lines = t.split('\n');
            if let Some(first) = lines.next() {
                self.push_inline(first);
            }
            for line in lines {
                self.flush();
                self.push_inline(line);
            }
            return;
        }
        self.push_inline(t);
    }

    fn push_inline(&mut self, t: &str) {
        let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
        self.current.chars += letters;
        self.seen += letters;
        if self.link_depth > 0 {
            self.current.link_chars += letters;
        }
        // The marks are ours: a document that carries them loses them.
        self.current
            .text
            .extend(t.chars().filter(|&c| c != MARK_OPEN && c != MARK_CLOSE));
    }

    fn element(&mut self, node: ego_tree::NodeRef<'_, Node>, e: &Element) {
        let name = e.name();
        if is_dropped(name) || (self.mode == Mode::Page && is_page_furniture(name, e)) {
            return;
        }
        match name {
            "br" | "hr" => self.flush(),
            "img" => {
                if let Some(alt) = e.attr("alt").map(str::trim).filter(|a| !a.is_empty()) {
                    self.push_text(" ");
                    self.push_text(alt);
                    self.push_text(" ");
                }
            }
            "a" => {
                let seen_before = self.seen;
                self.link_depth += 1;
                self.children(node);
                self.link_depth -= 1;
                // A link with no text (a tracking pixel, an image without alt) is dropped.
                if self.keep_links && self.link_depth == 0 && self.seen > seen_before {
                    if let Some(href) = e.attr("href").and_then(|h| self.resolve(h)) {
                        let index = self.hrefs.len();
                        self.hrefs.push(href);
                        self.current.text.push(MARK_OPEN);
                        self.current.text.push_str(&index.to_string());
                        self.current.text.push(MARK_CLOSE);
                    }
                }
            }
            "td" | "th" => {
                self.push_text(" ");
                self.children(node);
                self.push_text(" ");
            }
            "pre" => {
                self.flush();
                self.pre_depth += 1;
                self.children(node);
                self.pre_depth -= 1;
                self.flush();
            }
            "li" => {
                self.flush();
                self.current.text.push_str("• ");
                self.children(node);
                self.flush();
            }
            _ if is_block(name) => {
                self.flush();
                self.children(node);
                self.flush();
            }
            _ => self.children(node),
        }
    }

    /// An absolute http(s) or mailto address for `href`, or `None` for anything else
    /// (fragments, `javascript:`, unparsable).
    fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let url = match &self.base {
            Some(base) => base.join(href).ok()?,
            None => Url::parse(href).ok()?,
        };
        matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
    }

    fn flush(&mut self) {
        let block = std::mem::replace(
            &mut self.current,
            Block {
                text: String::new(),
                chars: 0,
                link_chars: 0,
            },
        );
        let has_text = block
            .text
            .chars()
            .any(|c| c.is_alphanumeric() || (!c.is_whitespace() && c != '•'));
        if has_text {
            self.blocks.push(block);
        }
    }

    /// The paragraphs of the blocks `keep` accepts, links numbered in reading order (one
    /// number per address) and listed at the end.
    pub(crate) fn finish(mut self, mut keep: impl FnMut(&Block) -> bool) -> Vec<String> {
        self.flush();
        let mut numbered: Vec<&str> = Vec::new();
        let mut out = Vec::with_capacity(self.blocks.len());
        for block in self.blocks.iter().filter(|b| keep(b)) {
            let mut text = String::with_capacity(block.text.len());
            let mut rest = block.text.as_str();
            while let Some(open) = rest.find(MARK_OPEN) {
                text.push_str(&rest[..open]);
                let after = &rest[open + MARK_OPEN.len_utf8()..];
                let close = after.find(MARK_CLOSE).unwrap_or(after.len());
                if let Some(href) = after[..close]
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.hrefs.get(i))
                {
                    let n = match numbered.iter().position(|h| *h == href) {
                        Some(i) => i + 1,
                        None => {
                            numbered.push(href);
                            numbered.len()
                        }
                    };
                    text.push_str(&format!(" [{n}]"));
                }
                rest = after.get(close + MARK_CLOSE.len_utf8()..).unwrap_or("");
            }
            text.push_str(rest);
            let text = clean(&text);
            if !text.is_empty() && text != "•" {
                out.push(text);
            }
        }
        for (i, href) in numbered.iter().enumerate() {
            out.push(format!("[{}] {}", i + 1, clean(href)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let p = html_to_paragraphs(
            "<p>First   paragraph\nwith a break.</p><div>Second <b>bold</b> one</div>Tail<br>After break",
            None,
        );
        assert_eq!(
            p,
            [
                "First paragraph with a break.",
                "Second bold one",
                "Tail",
                "After break"
            ]
        );
    }

    #[test]
    fn links_are_numbered_and_listed() {
        let p = html_to_paragraphs(
            r##"<p>Read <a href="/a/1">the report</a> and <a href="https://x.example/b">this</a>, again <a href="/a/1">the report</a>.</p>
               <p><a href="javascript:alert(1)">js</a> <a href="#top">top</a> <a href="/pixel"><img src="p.gif"></a></p>"##,
            Some("https://news.example/feed.xml"),
        );
        assert_eq!(
            p,
            [
                "Read the report [1] and this [2], again the report [1].",
                "js top",
                "[1] https://news.example/a/1",
                "[2] https://x.example/b",
            ]
        );
    }

    #[test]
    fn images_scripts_and_entities() {
        let p = html_to_paragraphs(
            r#"<p><img src="a.jpg" alt="متظاهرون في القاهرة"> <img src="t.gif"></p><script>alert("x")</script><style>p{}</style><iframe src="x">frame</iframe><p>Fish &amp; chips &amp;#8220;quoted&amp;#8221; &amp;amp; &copy;</p>"#,
            None,
        );
        assert_eq!(p, ["متظاهرون في القاهرة", "Fish & chips “quoted” & ©"]);
    }

    #[test]
    fn controls_from_entities_are_removed() {
        let p = html_to_paragraphs("<p>a&#27;[31mred&#x1b;]0;t&#7;b\u{202e}c</p>", None);
        assert_eq!(p, ["aredbc"]);
        assert!(p.iter().all(|s| !s.chars().any(char::is_control)));
    }

    #[test]
    fn preformatted_lines_stay_apart() {
        assert_eq!(
            html_to_paragraphs("<pre>fn main() {\n    run();\n}\n</pre><p>after</p>", None),
            ["fn main() {", "run();", "}", "after"]
        );
    }

    #[test]
    fn lists_and_empty_input() {
        assert!(html_to_paragraphs("", None).is_empty());
        assert!(html_to_paragraphs("<p> </p><div><br></div>", None).is_empty());
        assert_eq!(
            html_to_paragraphs("<ul><li>one</li><li>two</li><li></li></ul>", None),
            ["• one", "• two"]
        );
        assert_eq!(html_to_paragraphs("plain  text", None), ["plain text"]);
    }

    #[test]
    fn mojibake_is_repaired_and_real_text_kept() {
        assert_eq!(
            repair_mojibake("Huluâ€™s â€œsmallâ€\u{9d} fee cafÃ©"),
            "Hulu’s “small” fee café"
        );
        for keep in [
            "São Paulo",
            "für",
            "à » x",
            "Â",
            "naïve",
            "€5",
            "مرحبا",
            "ÀÉÎ",
        ] {
            assert_eq!(repair_mojibake(keep), keep);
        }
    }

    #[test]
    fn titles_and_plain_text() {
        assert_eq!(
            html_to_line("A &lt;b&gt; &amp;#8220;x&amp;#8221;"),
            "A <b> “x”"
        );
        assert_eq!(html_to_line("<b>Bold</b> <i>title</i>"), "Bold title");
        assert_eq!(
            text_to_paragraphs("one\r\nline\r\n\r\ntwo &#8220;q&#8221;\n\n\n"),
            ["one line", "two “q”"]
        );
    }
}
