//! Reading a document to match, within bounds: what `match`, `compare`, `rank` and `bulk`
//! share so that no input can hang a run or exhaust memory.
//!
//! * Only regular files are opened. A FIFO, socket, device or folder is refused from its
//!   metadata, before it is opened (opening a FIFO for reading blocks until a writer comes).
//! * A file over [`Limits::refuse_over`] bytes is refused unread; a smaller one is read with
//!   a bound (it may grow while it is read).
//! * Standard input (`-`) is read up to [`Limits::stdin_limit`] bytes and cut there, so an
//!   endless stream is not slurped.
//! * Zip members (DOCX, ODT) are inflated up to [`Limits::inflate_limit`] bytes in all (see
//!   [`crate::text::extract::extract_with`]).
//! * The extracted text is cut to [`Limits::max_bytes`] at a character boundary ([`cut`]).
//!
//! The limits themselves are in [`crate::text::limits`], which the extractors share.

use crate::error::{Error, InputError};
use crate::text::extract::{extract_with, sniff, DocFormat, Extracted};
use crate::text::limits::{Limits, REFUSE_FACTOR};
use crate::walk::kind_of;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// A document's bytes as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadBytes {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The input's size: the file's length, or the bytes read from standard input.
    pub len: u64,
    /// Set when standard input went on past [`Limits::stdin_limit`] and was cut.
    pub cut: bool,
}

/// The metadata of `path` (following links) when it is a regular file; otherwise
/// [`InputError::NotAFile`] saying what it is, or [`InputError::Io`]. Nothing is opened.
pub fn regular_file(path: &Path) -> Result<Metadata, InputError> {
    let meta =
        std::fs::metadata(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    if meta.is_file() {
        Ok(meta)
    } else {
        Err(InputError::NotAFile { path: path.to_path_buf(), kind: kind_of(&meta.file_type()) })
    }
}

/// Open `path` for reading if it is a regular file (checked before opening, and again on
/// the open file), with its length.
pub fn open_regular(path: &Path) -> Result<(File, u64), InputError> {
    let io = |source| InputError::Io { path: path.to_path_buf(), source };
    regular_file(path)?;
    let file = File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the open.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotAFile { path: path.to_path_buf(), kind: kind_of(&meta.file_type()) });
    }
    Ok((file, meta.len()))
}

/// The bytes of document `path` (`-`: standard input), within `limits` (see the module
/// documentation).
///
/// Errors: [`InputError::NotAFile`] for anything but a regular file, [`InputError::TooLarge`]
/// for a file over [`Limits::refuse_over`], [`InputError::Io`] when reading fails.
pub fn read_document(path: &Path, limits: Limits) -> Result<ReadBytes, InputError> {
    let io = |source| InputError::Io { path: path.to_path_buf(), source };
    if path == Path::new("-") {
        let limit = limits.stdin_limit();
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
        let cut = bytes.len() as u64 > limit;
        if cut {
            bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            trim_partial_char(&mut bytes);
        }
        let len = bytes.len() as u64;
        return Ok(ReadBytes { bytes, len, cut });
    }
    let refuse = u64::try_from(limits.refuse_over()).unwrap_or(u64::MAX);
    let too_large = |bytes: u64| InputError::TooLarge {
        path: path.to_path_buf(),
        bytes,
        limit: refuse,
        factor: REFUSE_FACTOR,
    };
    let len = regular_file(path)?.len();
    if len > refuse {
        return Err(too_large(len));
    }
    let (file, _) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // `take` bounds the read even if the file grows while it is read.
    file.take(refuse.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > refuse {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(ReadBytes { bytes, len, cut: false })
}

/// Drop an incomplete character at the end of `bytes` (left by cutting them): whole code
/// units for UTF-16 and UTF-32 (by their byte-order mark), else a partial UTF-8 sequence.
fn trim_partial_char(bytes: &mut Vec<u8>) {
    let unit = if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        4
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        2
    } else {
        return trim_partial_utf8(bytes);
    };
    bytes.truncate(bytes.len() - bytes.len() % unit);
}

/// Drop an incomplete UTF-8 sequence at the end of `bytes` (left by cutting them), so the
/// cut does not look like an encoding error. Bytes that are not UTF-8 are left alone.
fn trim_partial_utf8(bytes: &mut Vec<u8>) {
    let n = bytes.len();
    // A UTF-8 character is at most 4 bytes: its lead byte is within the last 4.
    for back in 1..=n.min(4) {
        let b = bytes[n - back];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let need = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        if need > back {
            bytes.truncate(n - back);
        }
        return;
    }
}

/// Cut `text` to at most `max` bytes at a character boundary; whether it was cut.
pub fn cut(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

/// Read document `path` (`-`: standard input, read as text) and extract its text within
/// `limits`: the text is cut to `--max-bytes`, with a warning in
/// [`Extracted::warnings`] and [`Extracted::truncated`] set. The format comes from the
/// extension (unknown: plain text). For `match`, `compare` and `rank`'s advert; `bulk`
/// reads its files with [`load_as`].
pub fn load(path: &Path, limits: Limits) -> Result<Extracted, Error> {
    load_as(path, DocFormat::from_path(path).unwrap_or(DocFormat::Txt), limits).1
}

/// Read document `path` (`-`: standard input) as `format` and extract its text within
/// `limits`, as [`load`] does: the one way from a path to text. Also returns the input's
/// size in bytes as far as it is known, even when reading or extracting fails (a file too
/// large has its length; one that cannot be opened has 0), for `bulk`'s records.
pub fn load_as(path: &Path, format: DocFormat, limits: Limits) -> (u64, Result<Extracted, Error>) {
    let read = match read_document(path, limits) {
        Ok(read) => read,
        Err(e) => {
            let len = if let InputError::TooLarge { bytes, .. } = e { bytes } else { 0 };
            return (len, Err(e.into()));
        }
    };
    // Standard input has no extension: its bytes tell a PDF, DOCX, ODT, RTF, DOC or HTML
    // page piped in, as they do for a misnamed file.
    let format = match format {
        DocFormat::Txt if path == Path::new("-") => sniff(&read.bytes).unwrap_or(DocFormat::Txt),
        other => other,
    };
    let extracted = extract_with(path, &read.bytes, format, limits).map(|mut extracted| {
        if read.cut {
            extracted.truncated = true;
            extracted.warnings.push(format!(
                "{}: standard input cut after its first {} bytes (--max-bytes)",
                path.display(),
                read.len
            ));
        }
        cut_to_limit(path, extracted, limits)
    });
    (read.len, extracted)
}

/// Extract the text of a document held in memory (a CSV cell, a JSON line's text) named
/// `name` in messages, as `format`, within `limits` as [`load`] does.
pub fn extract_within(
    name: &Path,
    bytes: &[u8],
    format: DocFormat,
    limits: Limits,
) -> Result<Extracted, Error> {
    extract_with(name, bytes, format, limits).map(|extracted| cut_to_limit(name, extracted, limits))
}

/// `extracted` with its text cut to `--max-bytes`, saying so.
fn cut_to_limit(name: &Path, mut extracted: Extracted, limits: Limits) -> Extracted {
    if cut(&mut extracted.text, limits.max_bytes) {
        extracted.truncated = true;
        extracted.warnings.push(format!(
            "{}: text cut to its first {} bytes (--max-bytes)",
            name.display(),
            extracted.text.len()
        ));
    }
    extracted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_respects_char_boundaries() {
        let mut s = String::from("aé€b");
        assert!(cut(&mut s, 4));
        assert_eq!(s, "aé");
        let mut s = String::from("abc");
        assert!(!cut(&mut s, 3));
    }

    #[test]
    fn partial_utf8_is_trimmed() {
        let mut v = "a€".as_bytes()[..3].to_vec();
        trim_partial_utf8(&mut v);
        assert_eq!(v, b"a");
        let mut v = "a€".as_bytes().to_vec();
        trim_partial_utf8(&mut v);
        assert_eq!(v, "a€".as_bytes());
        let mut v = b"abc".to_vec();
        trim_partial_utf8(&mut v);
        assert_eq!(v, b"abc");
        let mut v = vec![0x80, 0x80, 0x80, 0x80, 0x80];
        trim_partial_utf8(&mut v);
        assert_eq!(v.len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_unopened() {
        let dir = tempfile::TempDir::new().unwrap();
        match read_document(dir.path(), Limits::default()) {
            Err(InputError::NotAFile { kind, .. }) => assert_eq!(kind, "a folder"),
            other => panic!("{other:?}"),
        }
        match read_document(Path::new("/dev/zero"), Limits::default()) {
            Err(InputError::NotAFile { kind, .. }) => assert_eq!(kind, "a character device"),
            other => panic!("{other:?}"),
        }
        let file = dir.path().join("big.txt");
        std::fs::write(&file, "x".repeat(100)).unwrap();
        assert!(matches!(
            read_document(&file, Limits { max_bytes: 4 }),
            Err(InputError::TooLarge { bytes: 100, limit: 80, .. })
        ));
        assert_eq!(read_document(&file, Limits { max_bytes: 5 }).unwrap().bytes.len(), 100);
    }
}
