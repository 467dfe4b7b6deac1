//! Everything that turns outside bytes into [`Article`]s: the bundled seeds, article files in
//! the scraped-page layout, JSON Lines corpora. Text is sanitized here, once.

pub mod binary;
pub mod bounded;
pub mod charset;
pub mod cues;
pub mod dates;
pub mod explain;
pub mod feed;
pub mod furniture;
pub mod html;
pub mod jsonl;
pub mod lang;
pub mod lines;
pub mod meta;
pub mod page;
pub mod readable;
pub mod recurring;
pub mod sanitize;
pub mod scraped;
pub mod subs;

use crate::error::{Error, Result, MAX_FILE_BYTES};
use crate::model::{Article, ArticleId, Origin};
use recurring::Recurring;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// Articles loaded from one or more sources, with the one-line warnings met on the way
/// (a skipped file, a bad header, replaced bytes). Warnings never stop a load.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub warnings: Vec<String>,
}

/// The seeds compiled into the binary: the embedded default.
pub fn load_embedded() -> Loaded {
    let mut loaded = Loaded::default();
    for (name, bytes) in embedded::SEED_FILES {
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        let sidecar = embedded::SEED_FILES
            .iter()
            .find(|(n, _)| n.strip_suffix(".toml") == Some(stem))
            .map(|(n, b)| Sidecar {
                text: String::from_utf8_lossy(b).into_owned(),
                path: PathBuf::from(format!("seeds/{n}")),
            });
        let path = PathBuf::from(format!("seeds/{name}"));
        match article_from_bytes(
            bytes,
            sidecar.as_ref(),
            &path,
            Origin::Embedded(name.to_string()),
        ) {
            Ok((articles, warnings)) => {
                loaded.articles.extend(articles);
                loaded.warnings.extend(warnings);
            }
            Err(e) => loaded.warnings.push(e.to_string()),
        }
    }
    loaded
}

/// Loads the given files and folders. A path that does not exist or cannot be read, or a
/// named file that is not an article, is an error; a bad file inside a folder is a warning.
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded> {
    load_paths_after(paths, None)
}

/// The lines of a site's earlier articles (each article a list of lines), asked once per
/// site: `group` is a URL's host without `www.`, else a source's name
/// ([`recurring::group_of`]). A store answers with its newest articles of that site.
pub type Earlier<'a> = dyn FnMut(&str) -> Vec<Vec<String>> + 'a;

/// How many of a site's newest stored articles an import counts as earlier pages of it.
pub const EARLIER_PER_SITE: usize = 30;

/// Like [`load_paths`], with a site's earlier articles counted as pages of it when finding the
/// lines that recur across its pages: a line found on enough earlier articles of a site is its
/// furniture even when a page is loaded alone (`akhbar import` passes the store's).
pub fn load_paths_after(paths: &[PathBuf], earlier: Option<&mut Earlier<'_>>) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    stream_paths_after(paths, earlier, &mut |batch| {
        loaded.articles.extend(batch.articles);
        loaded.warnings.extend(batch.warnings);
    })?;
    Ok(loaded)
}

/// Checks that every path exists and can be read, without loading anything: the errors a
/// user must see before a dashboard takes the screen.
pub fn check_paths(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| io_error(path, source))?;
        if meta.is_dir() {
            std::fs::read_dir(path).map_err(|source| io_error(path, source))?;
        } else {
            bounded::open_regular(path)?;
        }
    }
    Ok(())
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: path.to_path_buf(),
        },
        _ => Error::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Like [`load_paths`], but hands articles to `sink` in batches as they are read, so a
/// large corpus can be shown while it loads. Ids are made unique across batches.
pub fn stream_paths(paths: &[PathBuf], sink: &mut dyn FnMut(Loaded)) -> Result<()> {
    stream_paths_after(paths, None, sink)
}

/// Like [`stream_paths`], with a site's earlier articles counted as in [`load_paths_after`]:
/// what the dashboard uses to import paths into a store.
pub fn stream_paths_after(
    paths: &[PathBuf],
    earlier: Option<&mut Earlier<'_>>,
    sink: &mut dyn FnMut(Loaded),
) -> Result<()> {
    let (recurring, mut prepared) =
        recurring_in(paths, lines::Params::default().recurring_pages, earlier);
    let recurring = recurring.as_ref();
    let mut ids = UniqueIds::default();
    let mut deliver = |mut articles: Vec<Article>, warnings: Vec<String>| {
        ids.fix(&mut articles);
        sink(Loaded { articles, warnings });
    };
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| io_error(path, source))?;
        if meta.is_dir() {
            let mut found = 0;
            for file in read_folder(path)? {
                match load_file_into(&file, recurring, &mut prepared, &mut deliver) {
                    Ok(n) => found += n,
                    Err(e) => deliver(Vec::new(), vec![e.to_string()]),
                }
            }
            if found == 0 {
                let w = format!(
                    "{}: no articles (*.txt, *.jsonl) in this folder",
                    path.display()
                );
                deliver(Vec::new(), vec![w]);
            }
        } else {
            load_file_into(path, recurring, &mut prepared, &mut deliver)?;
        }
    }
    Ok(())
}

/// Makes ids unique: a repeated id gets `~2`, `~3`, ... in load order.
#[derive(Default)]
struct UniqueIds(HashSet<ArticleId>);

impl UniqueIds {
    fn fix(&mut self, articles: &mut [Article]) {
        for a in articles {
            if !self.0.insert(a.id.clone()) {
                let mut n = 2;
                while !self.0.insert(ArticleId(format!("{}~{n}", a.id))) {
                    n += 1;
                }
                a.id = ArticleId(format!("{}~{n}", a.id));
            }
        }
    }
}

/// Pages prepared while counting recurrences, kept for reading them ([`recurring_in`]).
pub(crate) type PreparedPages = HashMap<PathBuf, PreparedPage>;

/// The most bytes of page text kept prepared between counting and reading: past it, a page
/// is prepared again when it is read, so memory stays bounded however many pages a folder
/// holds.
const PREPARED_BUDGET_BYTES: usize = 32 << 20;

/// The pages among `paths` (files, and the article files of folders) that are in the
/// scraped-page layout, prepared once to count the lines recurring across them (`None` when
/// there are too few pages for any line to recur), and the prepared pages, so that reading
/// them does not read and prepare them again (up to [`PREPARED_BUDGET_BYTES`]).
pub(crate) fn recurring_in(
    paths: &[PathBuf],
    min_pages: usize,
    earlier: Option<&mut Earlier<'_>>,
) -> (Option<Recurring>, PreparedPages) {
    recurring_within(paths, min_pages, earlier, PREPARED_BUDGET_BYTES)
}

/// [`recurring_in`] keeping at most `budget` bytes of pages prepared.
fn recurring_within(
    paths: &[PathBuf],
    min_pages: usize,
    mut earlier: Option<&mut Earlier<'_>>,
    budget: usize,
) -> (Option<Recurring>, PreparedPages) {
    let mut kept = PreparedPages::new();
    let mut pages = Vec::new();
    for path in paths {
        if path.is_dir() {
            let Ok(files) = read_folder(path) else {
                return (None, kept);
            };
            pages.extend(files.into_iter().filter(|p| !is_corpus(p)));
        } else if !is_corpus(path) {
            pages.push(path.clone());
        }
    }
    if pages.is_empty() || (pages.len() < min_pages && earlier.is_none()) {
        return (None, kept);
    }
    let mut counter = recurring::Counter::default();
    let mut asked: HashSet<String> = HashSet::new();
    let mut budget = budget;
    for path in &pages {
        let Ok((bytes, sidecar)) = read_article_file(path) else {
            continue;
        };
        let page = PageBytes {
            bytes: &bytes,
            sidecar: sidecar.as_ref(),
            path,
            origin: Origin::File(path.display().to_string()),
        };
        // A page that does not read (too large, binary, empty) is read again, to report why.
        let Ok(prepared) = prepare_page(&page) else {
            continue;
        };
        let group = recurring::group_of(&prepared.prepared.meta);
        if let Some(ask) = earlier.as_deref_mut() {
            if !group.is_empty() && asked.insert(group.clone()) {
                for article in ask(&group) {
                    counter.add(&group, article.iter().map(String::as_str));
                }
            }
        }
        counter.add_lines(&group, &prepared.prepared.lines);
        if bytes.len() <= budget {
            budget -= bytes.len();
            kept.insert(path.clone(), prepared);
        }
    }
    (Some(counter.finish(min_pages)), kept)
}

fn load_file_into(
    path: &Path,
    recurring: Option<&Recurring>,
    prepared: &mut PreparedPages,
    deliver: &mut dyn FnMut(Vec<Article>, Vec<String>),
) -> Result<usize> {
    if is_corpus(path) {
        let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
        return jsonl::stream(file, path, deliver);
    }
    let (articles, warnings) = match prepared.remove(path) {
        Some(page) => {
            let (article, warnings, _) = finish_page(page, recurring, lines::Params::default())?;
            (vec![article], warnings)
        }
        None => load_file_in(path, recurring)?,
    };
    let n = articles.len();
    deliver(articles, warnings);
    Ok(n)
}

fn is_corpus(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("jsonl")
}

/// The article files of a folder (not recursive), sorted by name.
fn read_folder(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let is_article = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        );
        // The entry's own type, without a second look at the disk; a link is followed.
        let is_file = |path: &Path| match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_file(),
            _ => path.is_file(),
        };
        if is_article && is_file(&path) {
            files.push(path);
        }
    }
    // All in one folder: their order is their names' order (each name taken out once, not
    // parsed again from the path at every comparison).
    files.sort_by_cached_key(|p| p.file_name().map(|n| n.to_os_string()));
    Ok(files)
}

/// Loads one file: a `.jsonl` corpus or one article in the scraped-page layout (with its
/// sidecar `NAME.toml`, if there is one).
pub fn load_file(path: &Path) -> Result<(Vec<Article>, Vec<String>)> {
    load_file_in(path, None)
}

/// [`load_file`] with the lines recurring on the pages loaded with it.
fn load_file_in(path: &Path, recurring: Option<&Recurring>) -> Result<(Vec<Article>, Vec<String>)> {
    if is_corpus(path) {
        let mut loaded = Loaded::default();
        let file = bounded::open_regular(path)?;
        jsonl::stream(file, path, &mut |a, w| {
            loaded.articles.extend(a);
            loaded.warnings.extend(w);
        })?;
        return Ok((loaded.articles, loaded.warnings));
    }
    let (bytes, sidecar) = read_article_file(path)?;
    article_from_bytes_in(
        &bytes,
        sidecar.as_ref(),
        path,
        Origin::File(path.display().to_string()),
        recurring,
    )
}

/// A file's bytes and its sidecar, as [`load_file`] reads them.
pub(crate) fn read_article_file(path: &Path) -> Result<(Vec<u8>, Option<Sidecar>)> {
    let bytes = bounded::read_file(path)?;
    let sidecar_path = path.with_extension("toml");
    let sidecar = bounded::read_file(&sidecar_path).ok().map(|b| Sidecar {
        text: String::from_utf8_lossy(&b).into_owned(),
        path: sidecar_path,
    });
    Ok((bytes, sidecar))
}

/// A sidecar `NAME.toml`'s text and where it came from (for warnings).
pub struct Sidecar {
    pub text: String,
    pub path: PathBuf,
}

/// One article from the bytes of a file in the scraped-page layout.
pub fn article_from_bytes(
    bytes: &[u8],
    sidecar: Option<&Sidecar>,
    path: &Path,
    origin: Origin,
) -> Result<(Vec<Article>, Vec<String>)> {
    article_from_bytes_in(bytes, sidecar, path, origin, None)
}

fn article_from_bytes_in(
    bytes: &[u8],
    sidecar: Option<&Sidecar>,
    path: &Path,
    origin: Origin,
    recurring: Option<&Recurring>,
) -> Result<(Vec<Article>, Vec<String>)> {
    let page = PageBytes {
        bytes,
        sidecar,
        path,
        origin,
    };
    let (article, warnings, _) = read_page(&page, recurring, lines::Params::default())?;
    Ok((vec![article], warnings))
}

/// One page's bytes and where they came from.
pub(crate) struct PageBytes<'a> {
    pub bytes: &'a [u8],
    pub sidecar: Option<&'a Sidecar>,
    pub path: &'a Path,
    pub origin: Origin,
}

/// The most of a page's text that is read as an article, in bytes and in lines. No news
/// article comes near either (the longest page of the seeds and the scraped fixtures is
/// 37 KB, 109 lines); past them a page is cut, with a warning, so the time and memory
/// of reading it stay bounded whatever was sent (issue 16: 16 MiB within 2 s and 256 MB).
pub const MAX_ARTICLE_BYTES: usize = 1 << 20;
pub const MAX_ARTICLE_LINES: usize = 20_000;

/// `text` cut after [`MAX_ARTICLE_LINES`] lines or at [`MAX_ARTICLE_BYTES`] (at the last line
/// end before it, else at a char boundary); `None` when it is within both.
fn cut_page(text: &str) -> Option<(usize, &'static str)> {
    let mut lines = 0;
    for (i, b) in text.bytes().enumerate() {
        if i >= MAX_ARTICLE_BYTES {
            let mut at = MAX_ARTICLE_BYTES;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let head = &text[..at];
            let end = head.rfind('\n').map_or(head.len(), |n| n + 1);
            return Some((end, "1 MiB"));
        }
        if b == b'\n' {
            lines += 1;
            if lines == MAX_ARTICLE_LINES && i + 1 < text.len() {
                return Some((i + 1, "20,000 lines"));
            }
        }
    }
    None
}

/// Reads one page in the scraped-page layout: the article, the warnings, and every line's
/// verdict.
pub(crate) fn read_page(
    page: &PageBytes<'_>,
    recurring: Option<&Recurring>,
    params: lines::Params,
) -> Result<(Article, Vec<String>, page::Reading)> {
    finish_page(prepare_page(page)?, recurring, params)
}

/// A page prepared ([`scraped::Prepared`]) with the warnings met so far and where it came
/// from.
pub(crate) struct PreparedPage {
    prepared: scraped::Prepared,
    warnings: Vec<String>,
    path: PathBuf,
    origin: Origin,
}

/// Decodes, bounds and prepares one page: everything of reading it that does not need the
/// other pages.
pub(crate) fn prepare_page(page: &PageBytes<'_>) -> Result<PreparedPage> {
    let (bytes, sidecar, path) = (page.bytes, page.sidecar, page.path);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    // Valid UTF-8 (nearly every page) is found valid once, here.
    let valid = std::str::from_utf8(bytes).ok();
    if let Some(kind) = binary::binary_kind_of(bytes, valid.is_some()) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            kind,
        });
    }
    let (text, replaced) = match (binary::utf16(bytes), valid) {
        (Some(text), _) => (text, 0),
        (None, Some(text)) => (text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(), 0),
        (None, None) => sanitize::decode_utf8(bytes),
    };
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut warnings = Vec::new();
    if replaced > 0 {
        warnings.push(format!(
            "{}: invalid UTF-8 ({replaced} places) replaced with U+FFFD",
            path.display()
        ));
    }
    let mut text = text;
    if let Some((end, limit)) = cut_page(&text) {
        warnings.push(format!(
            "{}: read up to {limit} of its {} bytes; an article is no longer than that, the rest is left out",
            path.display(),
            text.len()
        ));
        text.truncate(end);
    }
    let mut sidecar_meta = meta::Meta::default();
    if let Some(s) = sidecar {
        let (m, problems) = meta::parse_sidecar(&s.text);
        sidecar_meta = m;
        let shown = s.path.display();
        warnings.extend(problems.into_iter().map(|p| format!("{shown}: {p}")));
    }
    let prepared = scraped::prepare(&text, sidecar_meta);
    warnings.extend(
        prepared
            .header_problems
            .iter()
            .map(|p| format!("{}: {p}", path.display())),
    );
    Ok(PreparedPage {
        prepared,
        warnings,
        path: path.to_path_buf(),
        origin: page.origin.clone(),
    })
}

/// Reads a prepared page with the lines recurring on the pages loaded with it.
pub(crate) fn finish_page(
    page: PreparedPage,
    recurring: Option<&Recurring>,
    params: lines::Params,
) -> Result<(Article, Vec<String>, page::Reading)> {
    let path = page.path.as_path();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let (article, reading) = scraped::finish(
        page.prepared,
        scraped::Finish {
            id: ArticleId(stem),
            origin: page.origin,
            path,
            recurring,
            params,
        },
    )?;
    Ok((article, page.warnings, reading))
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    /// Past the budget of prepared pages, a page is read and prepared again when it is
    /// loaded, and reads exactly as a kept one does, recurring lines included.
    #[test]
    fn pages_past_the_prepared_budget_read_as_kept_ones() {
        let dir = std::env::temp_dir().join(format!("akhbar-budget-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let footer = "تصدر عن دار الأفق للنشر والتوزيع في المدينة منذ عام 1990.";
        let mut paths = Vec::new();
        for k in 0..4 {
            let page = format!(
                "خبر رقم {k} عن افتتاح مشروع جديد في المدينة\n\n\
                 افتتحت البلدية اليوم مشروعا جديدا رقم {k} بكلفة كبيرة، بحضور عدد من المسؤولين.\n\n\
                 {footer}\n"
            );
            let path = dir.join(format!("p{k}.txt"));
            std::fs::write(&path, page).expect("write page");
            std::fs::write(
                dir.join(format!("p{k}.toml")),
                "url = \"https://alofoq.example/news/1\"\n",
            )
            .expect("write sidecar");
            paths.push(path);
        }
        let first = std::fs::metadata(&paths[0]).expect("size").len() as usize;
        let (all_rec, mut all) = recurring_within(&paths, 3, None, usize::MAX);
        let (some_rec, mut some) = recurring_within(&paths, 3, None, first);
        assert_eq!(all.len(), 4);
        assert_eq!(some.len(), 1, "only the first page fits the budget");
        for path in &paths {
            let read = |kept: &mut PreparedPages, rec: Option<&Recurring>| {
                let page = kept.remove(path).map(|page| {
                    finish_page(page, rec, lines::Params::default())
                        .expect("reads")
                        .0
                });
                page.unwrap_or_else(|| load_file_in(path, rec).expect("reads").0.remove(0))
            };
            let a = read(&mut all, all_rec.as_ref());
            let b = read(&mut some, some_rec.as_ref());
            assert_eq!(a, b);
            assert_eq!(a.paragraphs.len(), 1, "the recurring footer goes: {a:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
