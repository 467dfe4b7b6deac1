//! Everything that turns outside bytes into [`Article`]s: the bundled seeds, article files in
//! the scraped-page layout, JSON Lines corpora. Text is sanitized here, once.

pub mod charset;
pub mod feed;
pub mod furniture;
pub mod html;
pub mod jsonl;
pub mod lang;
pub mod meta;
pub mod readable;
pub mod sanitize;
pub mod scraped;
pub mod subs;

use crate::error::{Error, Result, MAX_FILE_BYTES};
use crate::model::{Article, ArticleId, Origin};
use std::collections::HashSet;
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
    let mut loaded = Loaded::default();
    stream_paths(paths, &mut |batch| {
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
            std::fs::File::open(path).map_err(|source| io_error(path, source))?;
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
                match load_file_into(&file, &mut deliver) {
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
            load_file_into(path, &mut deliver)?;
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

fn load_file_into(
    path: &Path,
    deliver: &mut dyn FnMut(Vec<Article>, Vec<String>),
) -> Result<usize> {
    if is_corpus(path) {
        let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
        return jsonl::stream(file, path, deliver);
    }
    let (articles, warnings) = load_file(path)?;
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
        let path = entry.map_err(io)?.path();
        let is_article = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        );
        if is_article && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Loads one file: a `.jsonl` corpus or one article in the scraped-page layout (with its
/// sidecar `NAME.toml`, if there is one).
pub fn load_file(path: &Path) -> Result<(Vec<Article>, Vec<String>)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_corpus(path) {
        let mut loaded = Loaded::default();
        let file = std::fs::File::open(path).map_err(io)?;
        jsonl::stream(file, path, &mut |a, w| {
            loaded.articles.extend(a);
            loaded.warnings.extend(w);
        })?;
        return Ok((loaded.articles, loaded.warnings));
    }
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let sidecar_path = path.with_extension("toml");
    let sidecar = std::fs::read(&sidecar_path).ok().map(|b| Sidecar {
        text: String::from_utf8_lossy(&b).into_owned(),
        path: sidecar_path,
    });
    article_from_bytes(
        &bytes,
        sidecar.as_ref(),
        path,
        Origin::File(path.display().to_string()),
    )
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
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let (text, replaced) = sanitize::decode_utf8(bytes);
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
    let mut sidecar_meta = meta::Meta::default();
    if let Some(s) = sidecar {
        let (m, problems) = meta::parse_sidecar(&s.text);
        sidecar_meta = m;
        let shown = s.path.display();
        warnings.extend(problems.into_iter().map(|p| format!("{shown}: {p}")));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let (article, header_problems) = scraped::parse(scraped::Input {
        text: &text,
        sidecar: sidecar_meta,
        id: ArticleId(stem),
        origin,
        path,
    })?;
    warnings.extend(
        header_problems
            .into_iter()
            .map(|p| format!("{}: {p}", path.display())),
    );
    Ok((vec![article], warnings))
}
