//! `akhbar export`: a view (optionally one tag) written as JSON, Markdown or OPML, newest
//! first, one article at a time so a 100,000-article export never sits in memory.
//!
//! - JSON: one array, one article object per line (so it is both valid JSON and easy to
//!   grep): `id` (store id), `key`, `title`, `source`, `author`, `date`, `url`, `lang`, `dir`, `tags`,
//!   `tag_authors` (each tag's author, or null for a feed's own tag), `note`, `note_author`,
//!   `user` (whose marks these are), `read`, `starred`, `archived`, `origin`, `paragraphs`
//!   (`text`, `lang`, `dir`) and `facts` (the cached extraction, as JSON, or null when none
//!   was cached).
//!
//! Read, starred and archived (and so the view) are the handle's user's; tags and notes are
//! everyone's, with their authors.
//! - Markdown: a heading per article, a meta line, tags and note, then the paragraphs.
//! - OPML 2.0: the sources (and their feeds, when known) of the exported articles.

use super::query::{dir, lang};
use super::schema::date_of;
use super::{Error, Result, Sqlite, View};
use crate::model::Paragraph;
use rusqlite::named_params;
use serde::Serialize;
use std::io::Write;

/// The output formats of `akhbar export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Markdown,
    Opml,
}

impl ExportFormat {
    /// Parses `--format` (`json`, `markdown` or `md`, `opml`; any case).
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "markdown" | "md" => Some(ExportFormat::Markdown),
            "opml" => Some(ExportFormat::Opml),
            _ => None,
        }
    }
}

/// One exported article, in the JSON form.
#[derive(Serialize)]
pub(super) struct Item {
    pub(super) id: i64,
    pub(super) key: String,
    pub(super) title: String,
    pub(super) source: Option<String>,
    pub(super) author: Option<String>,
    pub(super) date: Option<String>,
    pub(super) url: Option<String>,
    pub(super) lang: &'static str,
    pub(super) dir: &'static str,
    pub(super) tags: Vec<String>,
    /// Tag name to the user who put it on the article (null: a feed's own tag, or unknown).
    pub(super) tag_authors: serde_json::Map<String, serde_json::Value>,
    pub(super) note: Option<String>,
    pub(super) note_author: Option<String>,
    pub(super) user: String,
    pub(super) read: bool,
    pub(super) starred: bool,
    pub(super) archived: bool,
    pub(super) origin: String,
    pub(super) paragraphs: Vec<Paragraph>,
    pub(super) facts: Option<serde_json::Value>,
}

/// An export row's tags, from the column that joins `tag U+001F author` pairs with U+001E:
/// the tags in case-blind order, and each tag's author (null for a feed's own tag).
pub(super) fn tags_of(
    tagged: Option<&str>,
) -> (Vec<String>, serde_json::Map<String, serde_json::Value>) {
    let mut pairs: Vec<(&str, &str)> = tagged
        .iter()
        .flat_map(|t| t.split('\u{1e}'))
        .map(|pair| pair.split_once('\u{1f}').unwrap_or((pair, "")))
        .collect();
    pairs.sort_by_key(|(t, _)| t.to_lowercase());
    let tags = pairs.iter().map(|(t, _)| t.to_string()).collect();
    let authors = pairs
        .into_iter()
        .map(|(t, a)| {
            let a = Some(a.to_string()).filter(|a| !a.is_empty());
            (
                t.to_string(),
                a.map_or(serde_json::Value::Null, serde_json::Value::String),
            )
        })
        .collect();
    (tags, authors)
}

impl Sqlite {
    /// Writes the articles of `view` (only those tagged `tag`, when given; tags match without
    /// regard to ASCII case) to `out` in `format`.
    pub fn export(
        &self,
        view: View,
        tag: Option<&str>,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<()> {
        match format {
            ExportFormat::Json => write_json(out, &mut |each| self.each_item(view, tag, each)),
            ExportFormat::Markdown => {
                write_markdown_doc(view, tag, out, &mut |each| self.each_item(view, tag, each))
            }
            ExportFormat::Opml => self.export_opml(view, tag, out),
        }
    }

    /// Calls `each` with every article of the view, newest first.
    fn each_item(
        &self,
        view: View,
        tag: Option<&str>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        let scope = view.scope(self.user_id.is_some());
        // Each tag as name<US>author (empty when none), joined by <RS>.
        let sql = format!(
            "SELECT a.id, a.key, a.title, s.name, a.day, a.url, a.lang, a.dir, \
             coalesce(m.read, 0), coalesce(m.starred, 0), coalesce(m.archived, 0), \
             a.origin, a.path, b.paragraphs, n.text, f.json, \
             (SELECT group_concat(t.name || char(31) || coalesce(u.name, ''), char(30)) \
              FROM article_tags x JOIN tags t ON t.id = x.tag_id \
              LEFT JOIN users u ON u.id = x.author_id WHERE x.article_id = a.id), a.author, \
             (SELECT u.name FROM users u WHERE u.id = n.author_id) \
             FROM {} \
             LEFT JOIN bodies b ON b.article_id = a.id LEFT JOIN notes n ON n.article_id = a.id \
             LEFT JOIN facts_cache f ON f.article_id = a.id \
             WHERE {} AND (:tag IS NULL OR EXISTS (SELECT 1 FROM article_tags x JOIN tags t \
              ON t.id = x.tag_id WHERE x.article_id = a.id AND t.name = :tag)) \
             ORDER BY {}",
            scope.from, scope.condition, scope.order
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.fail())?;
        let mut rows = stmt
            .query(named_params! {":tag": tag, ":user": self.user_param()})
            .map_err(self.fail())?;
        while let Some(r) = rows.next().map_err(self.fail())? {
            let fields = (|| -> rusqlite::Result<_> {
                let origin: String = r.get(11)?;
                let path: String = r.get(12)?;
                let tagged: Option<String> = r.get(16)?;
                let (tags, tag_authors) = tags_of(tagged.as_deref());
                Ok((
                    Item {
                        id: r.get(0)?,
                        key: r.get(1)?,
                        title: r.get(2)?,
                        source: r.get(3)?,
                        author: r.get(17)?,
                        date: date_of(r.get(4)?).map(|d| d.to_string()),
                        url: r.get(5)?,
                        lang: lang(&r.get::<_, String>(6)?).code(),
                        dir: dir(&r.get::<_, String>(7)?).code(),
                        tags,
                        tag_authors,
                        note: r.get(14)?,
                        note_author: r.get(18)?,
                        user: self.user.clone(),
                        read: r.get(8)?,
                        starred: r.get(9)?,
                        archived: r.get(10)?,
                        origin: if origin == "embedded" {
                            format!("seeds/{path}")
                        } else {
                            path
                        },
                        paragraphs: Vec::new(),
                        facts: None,
                    },
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(15)?,
                ))
            })();
            let (mut item, body, facts) = fields.map_err(self.fail())?;
            item.paragraphs = self.paragraphs(item.id, body.as_deref())?;
            // The cache is ours, but a value that does not parse is left out, not fatal.
            item.facts = facts.and_then(|f| serde_json::from_str(&f).ok());
            each(item)?;
        }
        Ok(())
    }

    fn export_opml(&self, view: View, tag: Option<&str>, out: &mut dyn Write) -> Result<()> {
        // Sources of the exported articles, with a feed each where the store knows one.
        let scope = view.scope(self.user_id.is_some());
        let sql = format!(
            "SELECT s.name, f.url, f.title, count(*) FROM {} \
             LEFT JOIN feeds f ON f.source_id = s.id \
             WHERE s.id IS NOT NULL AND {} AND (:tag IS NULL OR EXISTS (SELECT 1 FROM article_tags x \
              JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id AND t.name = :tag)) \
             GROUP BY s.id, f.id ORDER BY s.name, f.url",
            scope.from, scope.condition
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.fail())?;
        let rows = stmt
            .query_map(
                named_params! {":tag": tag, ":user": self.user_param()},
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .map_err(self.fail())?;
        let mut title = format!("akhbar: sources of the {} view", view.name());
        if let Some(tag) = tag {
            title.push_str(&format!(", tag {tag}"));
        }
        let w = |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map_err(Error::Write);
        w(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n",
        )?;
        w(
            out,
            &format!(
                "  <head>\n    <title>{}</title>\n",
                crate::ingest::subs::xml_escape(&title)
            ),
        )?;
        let created = chrono::Utc::now().to_rfc2822();
        w(
            out,
            &format!("    <dateCreated>{created}</dateCreated>\n  </head>\n  <body>\n"),
        )?;
        for row in rows {
            let (source, feed, feed_title) = row.map_err(self.fail())?;
            let text = crate::ingest::subs::xml_escape(feed_title.as_deref().unwrap_or(&source));
            let line = match feed {
                Some(url) => format!(
                    "    <outline type=\"rss\" text=\"{text}\" title=\"{text}\" xmlUrl=\"{}\"/>\n",
                    crate::ingest::subs::xml_escape(&url)
                ),
                None => format!("    <outline text=\"{text}\" title=\"{text}\"/>\n"),
            };
            w(out, &line)?;
        }
        w(out, "  </body>\n</opml>\n")
    }
}

/// A backend's walk over the exported articles: calls its argument with each, newest first.
pub(super) type EachItem<'a> = dyn FnMut(&mut dyn FnMut(Item) -> Result<()>) -> Result<()> + 'a;

/// The JSON export: one array of the items `each_item` gives, one item a line.
pub(super) fn write_json(out: &mut dyn Write, each_item: &mut EachItem) -> Result<()> {
    out.write_all(b"[").map_err(Error::Write)?;
    let mut first = true;
    each_item(&mut |item| {
        out.write_all(if first { b"\n" } else { b",\n" })
            .map_err(Error::Write)?;
        first = false;
        serde_json::to_writer(&mut *out, &item).map_err(|e| Error::Write(e.into()))
    })?;
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
        .map_err(Error::Write)
}

/// The Markdown export: a heading naming the view (and tag), then each item.
pub(super) fn write_markdown_doc(
    view: View,
    tag: Option<&str>,
    out: &mut dyn Write,
    each_item: &mut EachItem,
) -> Result<()> {
    let mut heading = format!("# akhbar: {}", view.name());
    if let Some(tag) = tag {
        heading.push_str(&format!(", tag {}", md_escape(tag)));
    }
    writeln!(out, "{heading}").map_err(Error::Write)?;
    each_item(&mut |item| write_markdown(out, &item).map_err(Error::Write))
}

pub(super) fn write_markdown(out: &mut dyn Write, item: &Item) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", md_escape(&item.title))?;
    let mut meta = Vec::new();
    if let Some(s) = &item.source {
        meta.push(md_escape(s));
    }
    if let Some(a) = &item.author {
        meta.push(md_escape(a));
    }
    meta.push(item.date.clone().unwrap_or_else(|| "no date".into()));
    meta.push(item.lang.to_string());
    let mut marks = Vec::new();
    if item.starred {
        marks.push("starred");
    }
    if item.archived {
        marks.push("archived");
    }
    marks.push(if item.read { "read" } else { "unread" });
    meta.push(marks.join(", "));
    writeln!(out, "*{}*", meta.join(" · "))?;
    if let Some(url) = &item.url {
        writeln!(out, "\n<{}>", url.replace(['<', '>', ' '], ""))?;
    }
    if !item.tags.is_empty() {
        let tags: Vec<String> = item
            .tags
            .iter()
            .map(|t| match item.tag_authors.get(t).and_then(|a| a.as_str()) {
                Some(author) => format!("{} ({})", md_escape(t), md_escape(author)),
                None => md_escape(t),
            })
            .collect();
        writeln!(out, "\nTags: {}", tags.join(", "))?;
    }
    if let Some(note) = &item.note {
        match &item.note_author {
            Some(author) => writeln!(
                out,
                "\n> Note: {} (by {})",
                md_escape(note),
                md_escape(author)
            )?,
            None => writeln!(out, "\n> Note: {}", md_escape(note))?,
        }
    }
    for p in &item.paragraphs {
        writeln!(out, "\n{}", md_escape(&p.text))?;
    }
    Ok(())
}

/// Escapes what Markdown would read as markup, so a title or paragraph shows as written.
pub(super) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // "1. " or "1) " opening a paragraph would start a numbered list.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) || (i == 0 && matches!(c, '-' | '+' | '='))
            || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
