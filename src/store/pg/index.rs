//! The full-text index on PostgreSQL: each article's tokens, folded by akhbar's own tokenizer
//! (`text::tokens::index_text`, exactly as the SQLite index stores them), sent as a `tsvector`
//! in the server's binary form ([`Doc`]), so the server's parser and dictionaries never touch
//! the text (the `simple` configuration would split and fold it again, differently), and the
//! server does not parse a `tsvector` literal either: it copies the lexemes and positions as
//! they come, already in its order. Title tokens carry weight A and body tokens D, at their
//! positions (the body's start one past the title's end, so no phrase spans the two). A
//! [`TextQuery`] becomes a `tsquery` literal: each match's variants joined by `|`, a phrase's
//! words by `<->`, the matches by `&`, a `title:` or `body:` match restricted to weight A or
//! D. Ranked by `ts_rank` with the title weighing [`TITLE_WEIGHT`] times the body, as SQLite's
//! BM25 does.

use super::unnamed::Unnamed;
use super::{OrFail, Postgres};
use crate::model::{Paragraph, TextField, TextQuery};
use crate::store::{IndexProgress, Result};
use crate::text::tokens::index_text;
use bytes::{BufMut, BytesMut};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::GenericClient;

/// How the title's words weigh against the body's.
const TITLE_WEIGHT: f32 = 3.0;

/// The server's limits: a position is at most 16,383, a lexeme keeps 256 positions and is at
/// most 2,047 bytes, and a whole `tsvector` stays under 1 MB (this keeps it well under).
const MAX_POS: u16 = 16_383;
const MAX_POSITIONS: usize = 256;
const MAX_LEXEME_BYTES: usize = 2_047;
const MAX_DOC_BYTES: usize = 512 * 1024;

/// Weight A in a position's top two bits, as the server keeps it (D is 0).
const WEIGHT_A: u16 = 3 << 14;

/// An article's index document: its lexemes in the server's order (by their bytes), each with
/// its positions, increasing, weight in the top two bits. Sent as a `tsvector` parameter or
/// `COPY` field in the binary form the server reads (`tsvectorrecv`): the lexeme count, then
/// each lexeme NUL-terminated, its position count and its positions, all big-endian.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Doc(Vec<(String, Vec<u16>)>);

/// The index document of a title and body.
pub(super) fn doc(title: &str, paragraphs: &[Paragraph]) -> Doc {
    let mut scratch = String::new();
    let mut t = String::new();
    index_text(title, &mut t, &mut scratch);
    let mut b = String::new();
    for p in paragraphs {
        index_text(&p.text, &mut b, &mut scratch);
    }
    // Every occurrence with its position, then sorted by lexeme (and, within one, by when it
    // came, which is position order): an import makes a document for every article, and a
    // sort is cheaper than a hash map of lexemes.
    let mut seen: Vec<(&str, u32, u16)> = Vec::new();
    let mut pos = 0u16;
    for (text, weight) in [(&t, WEIGHT_A), (&b, 0)] {
        for tok in text.split(' ').filter(|w| !w.is_empty()) {
            pos = (pos + 1).min(MAX_POS);
            if tok.len() > MAX_LEXEME_BYTES {
                continue;
            }
            let n = u32::try_from(seen.len()).unwrap_or(u32::MAX);
            seen.push((tok, n, pos | weight));
        }
        // A gap between title and body.
        pos = (pos + 1).min(MAX_POS);
    }
    seen.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1)));
    // (first occurrence, lexeme, positions)
    let mut entries: Vec<(u32, &str, Vec<u16>)> = Vec::new();
    for (tok, n, p) in seen {
        match entries.last_mut() {
            Some((_, last_tok, list)) if *last_tok == tok => match list.last_mut() {
                // Past the last position every token is at it: once, A if any is.
                Some(last) if *last & MAX_POS == p & MAX_POS => *last |= p & !MAX_POS,
                _ => {
                    if list.len() < MAX_POSITIONS {
                        list.push(p);
                    }
                }
            },
            _ => entries.push((n, tok, vec![p])),
        }
    }
    let size_of = |e: &(u32, &str, Vec<u16>)| e.1.len() + 3 + 2 * e.2.len();
    if entries.iter().map(size_of).sum::<usize>() > MAX_DOC_BYTES {
        // Too large: the lexemes met first are kept, up to the limit.
        entries.sort_unstable_by_key(|e| e.0);
        let mut size = 0usize;
        let keep = entries
            .iter()
            .take_while(|e| {
                let fits = size <= MAX_DOC_BYTES;
                size += size_of(e);
                fits
            })
            .count();
        entries.truncate(keep);
        entries.sort_unstable_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    }
    // The server takes no NUL in a lexeme (it ends one).
    let mut out: Vec<(String, Vec<u16>)> = entries
        .into_iter()
        .map(|(_, tok, list)| (tok.to_string(), list))
        .collect();
    if out.iter().any(|(tok, _)| tok.contains('\0')) {
        for e in &mut out {
            e.0 = e.0.replace('\0', "\u{fffd}");
        }
        out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        out.dedup_by(|a, b| a.0 == b.0);
    }
    Doc(out)
}

impl ToSql for Doc {
    fn to_sql(
        &self,
        _: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.put_i32(i32::try_from(self.0.len())?);
        for (lexeme, positions) in &self.0 {
            out.put_slice(lexeme.as_bytes());
            out.put_u8(0);
            out.put_u16(u16::try_from(positions.len())?);
            for &p in positions {
                out.put_u16(p);
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::TS_VECTOR
    }

    to_sql_checked!();
}

/// A lexeme in quotes, with `'` doubled and `\` escaped (tokens are letters and digits, but
/// the literal must hold whatever comes).
fn quote_into(tok: &str, out: &mut String) {
    out.push('\'');
    for c in tok.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// The `tsquery` literal for a query; `None` for a query with nothing to find.
pub(super) fn query(q: &TextQuery) -> Option<String> {
    let mut parts = Vec::new();
    for m in &q.all {
        let Some((first, rest)) = m.words.split_first() else {
            continue;
        };
        let weight = match m.field {
            TextField::Any => "",
            TextField::Title => ":A",
            TextField::Body => ":D",
        };
        let term = |w: &str| {
            let mut s = String::new();
            quote_into(w, &mut s);
            s.push_str(weight);
            s
        };
        let rest: Vec<String> = rest
            .iter()
            .filter_map(|w| w.first())
            .filter(|w| !w.is_empty())
            .map(|w| term(w))
            .collect();
        let alts: Vec<String> = first
            .iter()
            .filter(|f| !f.is_empty())
            .map(|f| {
                let mut words = vec![term(f)];
                words.extend(rest.iter().cloned());
                words.join(" <-> ")
            })
            .collect();
        if alts.is_empty() {
            continue;
        }
        parts.push(format!("({})", alts.join(" | ")));
    }
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// Indexes an article (again): its row in `search_index` replaced.
pub(super) fn put(
    tx: &mut impl GenericClient,
    id: i64,
    title: &str,
    paragraphs: &[Paragraph],
) -> std::result::Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO search_index (article_id, doc) VALUES ($1, $2) \
         ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc",
        &[&id, &doc(title, paragraphs)],
    )?;
    Ok(())
}

impl Postgres {
    /// Every article the index says meets `q`, with its `ts_rank` relevance (positive,
    /// higher is better), in no set order.
    pub fn search_text(&self, q: &TextQuery) -> Result<Vec<(i64, f64)>> {
        let Some(expr) = query(q) else {
            return Ok(Vec::new());
        };
        // {D, C, B, A}; the server takes weights up to 1 only.
        let weights = format!("{{{}, 0.1, 0.1, 1}}", 1.0 / TITLE_WEIGHT);
        let rows = self
            .db()?
            .read(
                "SELECT article_id, ts_rank($2::text::float4[], doc, q)::float8 \
                 FROM search_index, CAST($1::text AS tsquery) q WHERE doc @@ q",
                &[&expr, &weights],
            )
            .or_fail(&self.name)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The ids of every article the index says meets `q`, unranked.
    pub fn search_ids(&self, q: &TextQuery) -> Result<Vec<i64>> {
        let Some(expr) = query(q) else {
            return Ok(Vec::new());
        };
        let rows = self
            .db()?
            .read(
                "SELECT article_id FROM search_index WHERE doc @@ $1::text::tsquery",
                &[&expr],
            )
            .or_fail(&self.name)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// How many articles wait to be indexed.
    pub fn unindexed(&self) -> Result<usize> {
        let n: i64 = self
            .db()?
            .read_one("SELECT count(*) FROM search_pending", &[])
            .or_fail(&self.name)?
            .get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Indexes up to `max` waiting articles in one transaction.
    pub fn index_pending(&mut self, max: usize) -> Result<IndexProgress> {
        let name = self.name.clone();
        let max = i64::try_from(max).unwrap_or(i64::MAX);
        self.write(super::Audience::Nobody, |tx| {
            let batch = tx
                .query(
                    "SELECT a.id, a.title, coalesce(f.paragraphs, b.paragraphs) \
                     FROM search_pending p JOIN articles a ON a.id = p.article_id \
                     LEFT JOIN full_texts f ON f.article_id = a.id \
                     LEFT JOIN bodies b ON b.article_id = a.id \
                     ORDER BY p.article_id LIMIT $1 FOR UPDATE OF p SKIP LOCKED",
                    &[&max],
                )
                .or_fail(&name)?;
            for r in &batch {
                let id: i64 = r.get(0);
                let title: String = r.get(1);
                let body: Option<String> = r.get(2);
                // A body that does not parse is indexed by its title alone.
                let paragraphs: Vec<Paragraph> = body
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok())
                    .unwrap_or_default();
                put(tx, id, &title, &paragraphs).or_fail(&name)?;
                tx.execute("DELETE FROM search_pending WHERE article_id = $1", &[&id])
                    .or_fail(&name)?;
            }
            let left: i64 = tx
                .query_one("SELECT count(*) FROM search_pending", &[])
                .or_fail(&name)?
                .get(0);
            Ok(IndexProgress {
                done: batch.len(),
                left: usize::try_from(left).unwrap_or(0),
            })
        })
    }

    /// Empties the index and puts every article back in line; returns how many wait.
    pub fn reindex(&mut self) -> Result<usize> {
        let name = self.name.clone();
        self.write(super::Audience::Nobody, |tx| {
            tx.batch_execute(
                "DELETE FROM search_index; \
                 INSERT INTO search_pending (article_id) SELECT id FROM articles \
                 ON CONFLICT DO NOTHING",
            )
            .or_fail(&name)?;
            let n: i64 = tx
                .query_one("SELECT count(*) FROM search_pending", &[])
                .or_fail(&name)?
                .get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextMatch;
    use std::collections::HashMap;

    /// The document as first made (a map of lexemes): the sort that replaced it must make the
    /// same.
    fn doc_by_map(title: &str, paragraphs: &[Paragraph]) -> Doc {
        let mut scratch = String::new();
        let mut t = String::new();
        index_text(title, &mut t, &mut scratch);
        let mut b = String::new();
        for p in paragraphs {
            index_text(&p.text, &mut b, &mut scratch);
        }
        let mut order: Vec<&str> = Vec::new();
        let mut seen: HashMap<&str, Vec<u16>> = HashMap::new();
        let mut pos = 0u16;
        for (text, weight) in [(&t, WEIGHT_A), (&b, 0)] {
            for tok in text.split(' ').filter(|w| !w.is_empty()) {
                pos = (pos + 1).min(MAX_POS);
                if tok.len() > MAX_LEXEME_BYTES {
                    continue;
                }
                let list = seen.entry(tok).or_insert_with(|| {
                    order.push(tok);
                    Vec::new()
                });
                match list.last_mut() {
                    // Past the last position every token is at it: once, A if any is.
                    Some(last) if *last & MAX_POS == pos => *last |= weight,
                    _ => {
                        if list.len() < MAX_POSITIONS {
                            list.push(pos | weight);
                        }
                    }
                }
            }
            // A gap between title and body.
            pos = (pos + 1).min(MAX_POS);
        }
        let mut size = 0usize;
        let mut entries = Vec::with_capacity(order.len());
        for tok in order {
            if size > MAX_DOC_BYTES {
                break;
            }
            let positions = seen.remove(tok).unwrap_or_default();
            size += tok.len() + 3 + 2 * positions.len();
            // The server takes no NUL in a lexeme (it ends one).
            entries.push((tok.replace('\0', "\u{fffd}"), positions));
        }
        entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        entries.dedup_by(|a, b| a.0 == b.0);
        Doc(entries)
    }

    #[test]
    fn the_sorted_document_is_the_mapped_one() {
        let para = |text: String| Paragraph {
            text,
            lang: crate::model::Lang::Mixed,
            dir: crate::model::Direction::Ltr,
        };
        let words = [
            "الحكومة",
            "talks",
            "in",
            "Baku",
            "وزير",
            "talks",
            "x\0y",
            "المالية",
        ];
        for n in [0usize, 1, 7, 300, 20_000] {
            let body: String = (0..n)
                .map(|i| words[(i * 7 + i / 3) % words.len()])
                .collect::<Vec<_>>()
                .join(" ");
            let long = "w".repeat(MAX_LEXEME_BYTES + 1);
            let paragraphs = [para(body), para(format!("{long} tail"))];
            let title = "Talks in Baku: الحكومة";
            assert_eq!(
                doc(title, &paragraphs),
                doc_by_map(title, &paragraphs),
                "{n}"
            );
        }
        // Over the size limit: many distinct lexemes.
        let body: String = (0..60_000).map(|i| format!("w{i} ")).collect();
        let paragraphs = [para(body)];
        assert_eq!(doc("t", &paragraphs), doc_by_map("t", &paragraphs));
    }

    #[test]
    fn docs_weigh_the_title_and_keep_positions() {
        let body = [Paragraph {
            text: "talks in Baku, talks".into(),
            lang: crate::model::Lang::En,
            dir: crate::model::Direction::Ltr,
        }];
        let d = doc("Talks: Baku", &body);
        let a = |p: u16| p | WEIGHT_A;
        assert_eq!(
            d,
            Doc(vec![
                ("baku".into(), vec![a(2), 6]),
                ("in".into(), vec![5]),
                ("talks".into(), vec![a(1), 4, 7]),
            ])
        );
        let mut wire = BytesMut::new();
        Doc(vec![("b".into(), vec![a(1), 3])])
            .to_sql(&Type::TS_VECTOR, &mut wire)
            .unwrap();
        assert_eq!(&wire[..], &[0, 0, 0, 1, b'b', 0, 0, 2, 0xc0, 1, 0, 3]);
        let q = TextQuery {
            all: vec![
                TextMatch {
                    field: TextField::Title,
                    words: vec![vec!["baku".into(), "wbaku".into()], vec!["talks".into()]],
                },
                TextMatch {
                    field: TextField::Any,
                    words: vec![vec!["it's".into()]],
                },
            ],
        };
        assert_eq!(
            query(&q).unwrap(),
            "('baku':A <-> 'talks':A | 'wbaku':A <-> 'talks':A) & ('it''s')"
        );
        assert_eq!(query(&TextQuery::default()), None);
    }
}
