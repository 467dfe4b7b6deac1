//! The core's typed error: every variant names the path (and line, where there is one) so the
//! binary can print it as one clear line.

use std::path::PathBuf;

/// Size limits for untrusted input; beyond them loading stops with a clear error.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_TITLE_BYTES: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: the file is empty or holds only whitespace", path.display())]
    Empty { path: PathBuf },
    #[error("{}: {size} bytes is over the limit of {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}: the title is {len} bytes, over the limit of {MAX_TITLE_BYTES}", path.display())]
    TitleTooLong { path: PathBuf, len: usize },
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: not a regular file (a device, FIFO or socket); give - to read standard input", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: not text: {kind}", path.display())]
    Binary { path: PathBuf, kind: &'static str },
    #[error("{}: no articles found", path.display())]
    NoArticles { path: PathBuf },
}

pub type Result<T> = std::result::Result<T, Error>;
