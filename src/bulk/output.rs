//! Writing bulk records: JSON lines (one object per document) or CSV (one row per document
//! and matched skill), and the `FILE.partial` that becomes `FILE` only when a run completes.

use super::inputs::DocId;
use super::Record;
use crate::error::Error;
use crate::report::csv::{Cell, CellGuard, CsvWriter};
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The output format of a bulk run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line and document.
    Jsonl,
    /// CSV with a header: one row per document and matched skill ([`CSV_HEADER`]).
    Csv,
}

/// Header of the CSV output. A document with matches has one row per match (rank 1…); a
/// document without any, or that failed, has one row with an empty rank (and its error).
pub const CSV_HEADER: [&str; 10] =
    ["id", "path", "rank", "framework", "code", "name", "level", "score", "evidence", "error"];

/// Writes records in one format.
pub enum RecordWriter<W: Write> {
    /// JSON lines.
    Jsonl(W),
    /// CSV rows, text cells guarded against formula injection unless raw (see
    /// [`crate::report::csv`]).
    Csv(CsvWriter<W>),
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` to `out`; `header` writes the CSV header first; `guard` says
    /// how CSV text cells that look like formulas are written.
    pub fn new(out: W, format: OutputFormat, header: bool, guard: CellGuard) -> io::Result<RecordWriter<W>> {
        Ok(match format {
            OutputFormat::Jsonl => RecordWriter::Jsonl(out),
            OutputFormat::Csv => {
                let mut w = CsvWriter::new(out, guard);
                if header {
                    w.header(&CSV_HEADER)?;
                }
                RecordWriter::Csv(w)
            }
        })
    }

    /// Write one document's record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(out) => {
                serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            RecordWriter::Csv(w) => write_csv(w, record),
        }
    }

    /// Push everything written so far to the underlying writer and flush it.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(out) => out.flush(),
            RecordWriter::Csv(w) => w.flush(),
        }
    }

    /// The underlying writer, flushed.
    pub fn into_inner(self) -> io::Result<W> {
        match self {
            RecordWriter::Jsonl(mut out) => {
                out.flush()?;
                Ok(out)
            }
            RecordWriter::Csv(w) => w.into_inner(),
        }
    }
}

fn write_csv<W: Write>(w: &mut CsvWriter<W>, record: &Record) -> io::Result<()> {
    let id_text = record.id.to_string();
    // A numeric id (a row number, a JSON number) is a real number: never guarded.
    let id = match &record.id {
        DocId::Text(_) => Cell::Text(&id_text),
        DocId::Number(_) => Cell::Number(&id_text),
    };
    let path = Cell::Text(record.path.as_deref().unwrap_or(""));
    let framework = record.report.framework.as_deref().unwrap_or("");
    let empty = Cell::Number("");
    if record.report.matches.is_empty() {
        let error = Cell::Text(record.error.as_deref().unwrap_or(""));
        let framework = Cell::Text(framework);
        return w.record(&[id, path, empty, framework, empty, empty, empty, empty, empty, error]);
    }
    for (rank, m) in record.report.matches.iter().enumerate() {
        let rank = (rank + 1).to_string();
        let level = m.level.map(|l| l.to_string()).unwrap_or_default();
        let score = format!("{:.3}", m.score);
        w.record(&[
            id,
            path,
            Cell::Number(&rank),
            Cell::Text(&m.framework),
            Cell::Text(&m.code),
            Cell::Text(&m.name),
            Cell::Number(&level),
            Cell::Number(&score),
            Cell::Text(m.evidence.first().map_or("", |e| e.text.as_str())),
            empty,
        ])?;
    }
    Ok(())
}

/// An `--out` file being written, the one way every command writes a file: a regular file
/// is written as `FILE.partial`, locked against a second run ([`lock_partial`]), and
/// renamed to `FILE` by [`OutFile::finish`] only when complete, so `FILE` is never half
/// written; a device or pipe ([`is_stream`]) is written directly.
#[derive(Debug)]
pub struct OutFile {
    out: PathBuf,
    partial: Option<PathBuf>,
}

impl OutFile {
    /// Open `out` for writing: a stream as it is, a regular file as its locked
    /// `FILE.partial`, created if missing and not truncated (a resumed run keeps it).
    ///
    /// Errors: [`Error::Output`] naming the file when `out` is a folder, another run holds
    /// the lock, or the file cannot be opened.
    pub fn open(out: &Path) -> Result<(OutFile, File), Error> {
        if is_stream(out) {
            let file = open_stream(out)?;
            return Ok((OutFile { out: out.to_path_buf(), partial: None }, file));
        }
        if out.is_dir() {
            return Err(file_error(out, "write", io::Error::other("it is a folder")));
        }
        let partial = partial_path(out);
        let file = lock_partial(&partial, out)?;
        Ok((OutFile { out: out.to_path_buf(), partial: Some(partial) }, file))
    }

    /// The file asked for (`--out`).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// `FILE.partial`, unless `--out` is a stream.
    pub fn partial(&self) -> Option<&Path> {
        self.partial.as_deref()
    }

    /// What is being written: the partial file, or the stream itself.
    pub fn written(&self) -> &Path {
        self.partial.as_deref().unwrap_or(&self.out)
    }

    /// A write error, naming the file written.
    pub fn write_error(&self, e: io::Error) -> Error {
        file_error(self.written(), "write", e)
    }

    /// Empty the partial file (a new run, not a resumed one); a stream is left alone.
    pub fn truncate(&self, file: &File) -> Result<(), Error> {
        match &self.partial {
            Some(partial) => file.set_len(0).map_err(|e| file_error(partial, "truncate", e)),
            None => Ok(()),
        }
    }

    /// The output is complete: sync the partial file and rename it to `FILE` while `file`
    /// (and its lock) is still held, so no other run can lock and truncate the finished
    /// file before it has left the partial name.
    pub fn finish(self, file: File) -> Result<(), Error> {
        if let Some(partial) = &self.partial {
            file.sync_all().map_err(|e| file_error(partial, "write", e))?;
            std::fs::rename(partial, &self.out)
                .map_err(|e| file_error(&self.out, "rename the finished output to", e))?;
        }
        drop(file);
        Ok(())
    }
}

/// `FILE.partial`: where a run writes until it has written every document.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = OsString::from(out.as_os_str());
    name.push(".partial");
    PathBuf::from(name)
}

/// An output error naming the file.
pub fn file_error(path: &Path, what: &str, e: io::Error) -> Error {
    Error::Output(io::Error::new(e.kind(), format!("{}: cannot {what}: {e}", path.display())))
}

/// Whether `--out` names something that is not a file to replace: a character device
/// (`/dev/null`, `/dev/full`), a FIFO or a socket, or anything under `/dev` or `/proc`
/// (`/dev/stdout` resolves to a regular file when standard output is redirected to one).
/// Such a target is written directly: writing `/dev/null.partial` and renaming it over
/// `/dev/null` would replace the device.
pub fn is_stream(out: &Path) -> bool {
    out.starts_with("/dev")
        || out.starts_with("/proc")
        || std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Open a stream target ([`is_stream`]) for writing, without truncating or renaming it.
pub fn open_stream(out: &Path) -> Result<File, Error> {
    OpenOptions::new().write(true).open(out).map_err(|e| file_error(out, "open", e))
}

/// Open `partial` (`FILE.partial` of `out`) for appending, created if missing and never
/// truncated here, holding an exclusive lock on it until the returned file is dropped.
///
/// Two runs writing one `--out` would interleave their records in one file; the second
/// is refused instead. The lock is taken before anything is truncated, and the writer keeps
/// it until the partial file has been renamed to `out`, so a run never truncates a file
/// another run is still writing or has just finished.
///
/// Errors: [`Error::Output`] naming `out` when another run holds the lock ("another
/// skillmatch run is writing OUT"), or when the file cannot be created. A file system
/// without lock support (some network mounts) is written without one.
pub fn lock_partial(partial: &Path, out: &Path) -> Result<File, Error> {
    // A few rounds at most: each retry means another run renamed the file between our
    // open and our lock, so the path now names a newer file (or none).
    for _ in 0..8 {
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(partial)
            .map_err(|e| file_error(partial, "create", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(busy(out)),
            Err(std::fs::TryLockError::Error(_)) => return Ok(file),
        }
        if still_at(&file, partial) {
            return Ok(file);
        }
    }
    Err(busy(out))
}

fn busy(out: &Path) -> Error {
    Error::Output(io::Error::new(
        io::ErrorKind::WouldBlock,
        format!(
            "another skillmatch run is writing {} (its {} is locked); wait for it to finish or \
             choose another --out",
            out.display(),
            partial_path(out).display()
        ),
    ))
}

/// Whether the open `file` is still the one at `path` (not renamed away or replaced).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the one at `path`: without inode numbers, trust it.
#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_name() {
        assert_eq!(partial_path(Path::new("out/r.jsonl")), PathBuf::from("out/r.jsonl.partial"));
    }

    #[test]
    fn devices_and_proc_paths_are_streams_files_are_not() {
        assert!(is_stream(Path::new("/dev/stdout")));
        assert!(is_stream(Path::new("/proc/self/fd/1")));
        let dir = std::env::temp_dir();
        assert!(!is_stream(&dir.join("skillmatch-no-such-output.jsonl")));
        assert!(!is_stream(&dir), "a folder is refused elsewhere, not written as a stream");
    }
}
