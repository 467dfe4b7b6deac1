//! Reading outside files and streams within a limit. Every byte akhbar reads from a path or
//! from standard input comes through here: a path must name a regular file (a FIFO would
//! block forever, `/dev/zero` never ends), and every read goes through `Read::take`, so a
//! file that grows, or a pipe that never ends, stops at the limit instead of filling memory.

use crate::error::{Error, Result, MAX_FILE_BYTES};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Opens `path` for reading if it is a regular file. Opened without blocking, then checked
/// on the open descriptor, so a path swapped for a FIFO after a check cannot hang the open.
pub fn open_regular(path: &Path) -> Result<File> {
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: path.to_path_buf(),
        },
        _ => Error::Io {
            path: path.to_path_buf(),
            source,
        },
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    Ok(file)
}

/// All of `reader` up to `limit` bytes; one byte more is [`Error::TooLarge`] (`name` says
/// what was read, in the error). Memory never exceeds `limit` plus one read's worth.
pub fn read_limited(reader: impl Read, limit: u64, name: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: name.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: name.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// A regular file's bytes, at most [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    if let Ok(meta) = file.metadata() {
        if meta.len() > MAX_FILE_BYTES {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
    }
    read_limited(file, MAX_FILE_BYTES, path)
}

/// Standard input, at most [`MAX_FILE_BYTES`] (`yes | akhbar render -` stops there).
pub fn read_stdin() -> Result<Vec<u8>> {
    read_limited(
        std::io::stdin().lock(),
        MAX_FILE_BYTES,
        Path::new("standard input"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_at_the_limit() {
        let err = read_limited(std::io::repeat(b'y'), 1000, Path::new("-")).unwrap_err();
        assert!(matches!(err, Error::TooLarge { size: 1001, .. }), "{err}");
        assert_eq!(
            read_limited(&b"abc"[..], 3, Path::new("-")).unwrap(),
            b"abc"
        );
    }

    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let err = read_file(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(err, Error::NotAFile { .. }), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo on a NUL-terminated path that lives for the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_file(&fifo).unwrap_err();
        assert!(matches!(err, Error::NotAFile { .. }), "{err}");
    }
}
