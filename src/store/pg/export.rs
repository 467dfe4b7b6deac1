//! `akhbar export` on PostgreSQL: the same JSON, Markdown and OPML as on SQLite
//! (`store/export.rs`, whose item, JSON and Markdown writers this shares), the articles read through
//! a server-side cursor a few hundred at a time, so a 100,000-article export never sits in
//! memory.

use super::query::scope;
use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::store::export::{tags_of, write_json, write_markdown_doc, Item};
use crate::store::query::{dir, lang};
use crate::store::schema::date_of;
use crate::store::{Error, ExportFormat, Result, View};
use std::io::Write;

/// Articles fetched per round trip while exporting.
const BATCH: i32 = 500;

impl Postgres {
    /// Writes the articles of `view` (only those tagged `tag`, when given) to `out`.
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

    fn each_item(
        &self,
        view: View,
        tag: Option<&str>,
        each: &mut dyn FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        let s = scope(view, self.user_id.is_some());
        let sql = format!(
            "SELECT a.id, a.key, a.title, s.name, a.day, a.url, a.lang, a.dir, \
             coalesce(m.read, false), coalesce(m.starred, false), coalesce(m.archived, false), \
             a.origin, a.path, b.paragraphs, n.text, f.json, \
             (SELECT string_agg(t.name || chr(31) || coalesce(u.name, ''), chr(30)) \
              FROM article_tags x JOIN tags t ON t.id = x.tag_id \
              LEFT JOIN users u ON u.id = x.author_id WHERE x.article_id = a.id), a.author, \
             (SELECT u.name FROM users u WHERE u.id = n.author_id) \
             FROM {} \
             LEFT JOIN bodies b ON b.article_id = a.id LEFT JOIN notes n ON n.article_id = a.id \
             LEFT JOIN facts_cache f ON f.article_id = a.id \
             WHERE {} AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM article_tags x JOIN tags t \
              ON t.id = x.tag_id WHERE x.article_id = a.id \
              AND akhbar_fold(t.name) = akhbar_fold($2))) \
             ORDER BY {}",
            s.from, s.condition, s.order
        );
        let name = &self.name;
        let mut db = self.db()?;
        let mut tx = db
            .build_transaction()
            .read_only(true)
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()
            .or_fail(name)?;
        let portal = tx.bind(&sql, &[&self.user_param(), &tag]).or_fail(name)?;
        loop {
            let rows = tx.query_portal(&portal, BATCH).or_fail(name)?;
            for r in &rows {
                let origin: String = r.get(11);
                let path: String = r.get(12);
                let tagged: Option<String> = r.get(16);
                let (tags, tag_authors) = tags_of(tagged.as_deref());
                let id: i64 = r.get(0);
                let body: Option<String> = r.get(13);
                let facts: Option<String> = r.get(15);
                let item = Item {
                    id,
                    key: r.get(1),
                    title: r.get(2),
                    source: r.get(3),
                    author: r.get(17),
                    date: date_of(r.get(4)).map(|d| d.to_string()),
                    url: r.get(5),
                    lang: lang(r.get::<_, &str>(6)).code(),
                    dir: dir(r.get::<_, &str>(7)).code(),
                    tags,
                    tag_authors,
                    note: r.get(14),
                    note_author: r.get(18),
                    user: self.user.clone(),
                    read: r.get(8),
                    starred: r.get(9),
                    archived: r.get(10),
                    origin: if origin == "embedded" {
                        format!("seeds/{path}")
                    } else {
                        path
                    },
                    paragraphs: self.paragraphs(id, body.as_deref())?,
                    // The cache is ours, but a value that does not parse is left out.
                    facts: facts.and_then(|f| serde_json::from_str(&f).ok()),
                };
                each(item)?;
            }
            if rows.len() < BATCH as usize {
                break;
            }
        }
        tx.commit().or_fail(name)
    }

    fn export_opml(&self, view: View, tag: Option<&str>, out: &mut dyn Write) -> Result<()> {
        let s = scope(view, self.user_id.is_some());
        let sql = format!(
            "SELECT s.name, f.url, f.title FROM {} \
             LEFT JOIN feeds f ON f.source_id = s.id \
             WHERE s.id IS NOT NULL AND {} AND ($2::text IS NULL OR EXISTS (SELECT 1 \
              FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id \
              AND akhbar_fold(t.name) = akhbar_fold($2))) \
             GROUP BY s.id, s.name, f.id, f.url, f.title ORDER BY s.name, f.url",
            s.from, s.condition
        );
        let rows = self
            .db()?
            .read(&sql, &[&self.user_param(), &tag])
            .or_fail(&self.name)?;
        let esc = crate::ingest::subs::xml_escape;
        let mut title = format!("akhbar: sources of the {} view", view.name());
        if let Some(tag) = tag {
            title.push_str(&format!(", tag {tag}"));
        }
        let mut text =
            String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
        text.push_str(&format!("  <head>\n    <title>{}</title>\n", esc(&title)));
        let created = chrono::Utc::now().to_rfc2822();
        text.push_str(&format!(
            "    <dateCreated>{created}</dateCreated>\n  </head>\n  <body>\n"
        ));
        for r in &rows {
            let source: String = r.get(0);
            let feed: Option<String> = r.get(1);
            let feed_title: Option<String> = r.get(2);
            let shown = esc(feed_title.as_deref().unwrap_or(&source));
            text.push_str(&match feed {
                Some(url) => format!(
                    "    <outline type=\"rss\" text=\"{shown}\" title=\"{shown}\" xmlUrl=\"{}\"/>\n",
                    esc(&url)
                ),
                None => format!("    <outline text=\"{shown}\" title=\"{shown}\"/>\n"),
            });
        }
        text.push_str("  </body>\n</opml>\n");
        out.write_all(text.as_bytes()).map_err(Error::Write)
    }
}
