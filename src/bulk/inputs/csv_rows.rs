//! CSV files as documents: one per row, the text and id columns found by name (or the
//! text column by its average length), every row bounded so a runaway quote cannot hold the
//! rest of the file in memory.

use super::{failed_file, Body, Columns, DocId, Document, ID_COLUMNS, TEXT_COLUMNS};
use crate::text::input::open_regular;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Rows sampled to find the CSV text column by its average length when no name says it.
const SAMPLE_ROWS: usize = 200;

/// in a large file) is an error instead of the rest of the file held in memory.
/// A reader that fails once more than `limit` bytes were read since the last
/// [`Bounded::reset`]: bounds one CSV row, so that a row that never ends (an unclosed quote
/// in a large file) is an error instead of the rest of the file held in memory.
struct Bounded<R> {
    inner: R,
    used: u64,
    limit: u64,
}

impl<R> Bounded<R> {
    fn reset(&mut self) {
        self.used = 0;
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used > self.limit {
            return Err(std::io::Error::other(RowTooLong(self.limit)));
        }
        let n = self.inner.read(buf)?;
        self.used += n as u64;
        Ok(n)
    }
}

/// The error [`Bounded`] fails with.
#[derive(Debug)]
struct RowTooLong(u64);

impl fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the row goes on for more than {} bytes (20 × --max-bytes)", self.0)
    }
}

impl std::error::Error for RowTooLong {}

/// Whether the CSV data from `start` (a record's first byte) to the end of the file ends
/// inside a quoted field: a quote that is never closed, which the CSV reader silently runs
/// to the end of the file. Same dialect as the reader: `,` between fields, `"` quotes,
/// `""` a quote inside them.
fn ends_in_open_quote(path: &Path, start: u64) -> std::io::Result<bool> {
    use std::io::{Seek, SeekFrom};
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::new(file);
    let mut state = State::FieldStart;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(state == State::Quoted);
        }
        for &b in chunk {
            let end_of_field = matches!(b, b',' | b'\n' | b'\r');
            state = match state {
                State::FieldStart if b == b'"' => State::Quoted,
                State::FieldStart | State::Unquoted | State::QuoteInQuoted if end_of_field => {
                    State::FieldStart
                }
                State::FieldStart | State::Unquoted => State::Unquoted,
                State::Quoted if b == b'"' => State::QuoteInQuoted,
                State::Quoted => State::Quoted,
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                // Text after a closing quote is kept in the field, as the reader does.
                State::QuoteInQuoted => State::Unquoted,
            };
        }
        let n = chunk.len();
        reader.consume(n);
    }
}

/// Rows of a CSV file as documents.
pub(super) struct CsvRows {
    path: String,
    /// The file, to look for an unclosed quote when a row reaches its end.
    file: PathBuf,
    /// The file's length when opened.
    len: u64,
    reader: Option<csv::Reader<Bounded<BufReader<File>>>>,
    /// Rows read ahead to choose the text column, served first (with the error of a row
    /// that opens a quote it never closes).
    buffered: std::collections::VecDeque<(csv::ByteRecord, Option<String>)>,
    text: usize,
    id: Option<usize>,
    row: u64,
    /// An error document to emit before (or instead of) the rows.
    pending: Option<Document>,
}

impl CsvRows {
    pub(super) fn open(path: PathBuf, columns: &Columns, max_row: u64) -> CsvRows {
        let shown = path.display().to_string();
        let mut rows = CsvRows {
            path: shown.clone(),
            file: path.clone(),
            len: 0,
            reader: None,
            buffered: Default::default(),
            text: 0,
            id: None,
            row: 0,
            pending: None,
        };
        let file = match open_regular(&path) {
            Ok((file, len)) => {
                rows.len = len;
                file
            }
            Err(e) => {
                rows.pending = Some(failed_file(&shown, Some("csv"), e));
                return rows;
            }
        };
        let bounded = Bounded { inner: BufReader::new(file), used: 0, limit: max_row };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bounded);
        let headers = reader.byte_headers().cloned();
        reader.get_mut().reset();
        let headers: Vec<String> = match headers {
            Ok(h) => h
                .iter()
                .map(|cell| String::from_utf8_lossy(cell).trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            Err(e) => {
                rows.pending = Some(failed_csv(&shown, format!("{shown}: malformed CSV header: {e}")));
                return rows;
            }
        };
        let named = |names: &[&str]| {
            names.iter().find_map(|want| headers.iter().position(|h| h.eq_ignore_ascii_case(want)))
        };
        let pick = |flag: &str, name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
                .ok_or_else(|| {
                    format!(
                        "{shown}: no column '{name}' ({flag}); the header row has: {}",
                        headers.join(", ")
                    )
                })
        };
        rows.id = match &columns.id {
            Some(name) => match pick("--id-column", name) {
                Ok(i) => Some(i),
                Err(error) => {
                    rows.pending = Some(failed_csv(&shown, error));
                    return rows;
                }
            },
            // pandas writes its index as a first column with an empty name.
            None => named(&ID_COLUMNS).or_else(|| headers.first().filter(|h| h.is_empty()).map(|_| 0)),
        };
        let text = match &columns.text {
            Some(name) => pick("--text-column", name).map(Some),
            None => Ok(named(&TEXT_COLUMNS)),
        };
        let text = match text {
            Ok(t) => t,
            Err(error) => {
                rows.pending = Some(failed_csv(&shown, error));
                return rows;
            }
        };
        rows.text = match text {
            Some(i) => i,
            None => {
                // No name says which column: take the longest on average over a sample.
                let mut totals = vec![0usize; headers.len()];
                let mut record = csv::ByteRecord::new();
                while rows.buffered.len() < SAMPLE_ROWS {
                    match reader.read_byte_record(&mut record) {
                        Ok(true) => {
                            reader.get_mut().reset();
                            for (i, cell) in record.iter().enumerate().take(totals.len()) {
                                totals[i] += cell.len();
                            }
                            let unclosed = rows.unclosed_quote(&reader, &record);
                            rows.buffered.push_back((record.clone(), unclosed));
                        }
                        // Errors surface again, as row errors, when the rows are read.
                        _ => break,
                    }
                }
                let by_length = totals.iter().enumerate().filter(|(i, _)| Some(*i) != rows.id);
                by_length.max_by_key(|(i, total)| (**total, std::cmp::Reverse(*i))).map_or(0, |(i, _)| i)
            }
        };
        rows.reader = Some(reader);
        rows
    }

    /// When `record` (just read) runs to the end of the file inside a quoted field: the
    /// error for it, naming the line where the row starts. Only the last row can, so the
    /// file is looked at again only then.
    fn unclosed_quote(
        &self,
        reader: &csv::Reader<Bounded<BufReader<File>>>,
        record: &csv::ByteRecord,
    ) -> Option<String> {
        let start = record.position()?;
        if reader.position().byte() < self.len {
            return None;
        }
        match ends_in_open_quote(&self.file, start.byte()) {
            Ok(true) => Some(format!(
                "{}: malformed CSV: the row starting on line {} opens a quoted field that is never closed \
                 (it would run to the end of the file, line {}, as one document); close the quote",
                self.path,
                start.line(),
                reader.position().line()
            )),
            _ => None,
        }
    }

    /// The document of `record`, or its error when it holds an unclosed quote.
    fn row_document(&self, record: &csv::ByteRecord, unclosed: Option<String>) -> Document {
        match unclosed {
            Some(error) => Document {
                id: DocId::number(self.row),
                path: Some(self.path.clone()),
                row: Some(self.row),
                body: Body::Failed { format: Some("csv"), error },
            },
            None => self.document(record),
        }
    }

    fn document(&self, record: &csv::ByteRecord) -> Document {
        let row = self.row;
        let id = self
            .id
            .and_then(|i| record.get(i))
            .map(|cell| String::from_utf8_lossy(cell).trim().to_string())
            .filter(|cell| !cell.is_empty())
            .map_or(DocId::number(row), DocId::Text);
        let body = match record.get(self.text) {
            Some(cell) => Body::Inline { bytes: cell.to_vec(), format: "csv" },
            None => Body::Failed {
                format: Some("csv"),
                error: format!(
                    "{}:{row}: the row has no column {} (it has {} cells)",
                    self.path,
                    self.text + 1,
                    record.len()
                ),
            },
        };
        Document { id, path: Some(self.path.clone()), row: Some(row), body }
    }
}

/// An error document for a whole CSV file (bad header, missing column).
fn failed_csv(path: &str, error: String) -> Document {
    Document {
        id: DocId::Text(path.to_string()),
        path: Some(path.to_string()),
        row: None,
        body: Body::Failed { format: Some("csv"), error },
    }
}

impl Iterator for CsvRows {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if let Some(doc) = self.pending.take() {
            return Some(doc);
        }
        if let Some((record, unclosed)) = self.buffered.pop_front() {
            self.row += 1;
            return Some(self.row_document(&record, unclosed));
        }
        let reader = self.reader.as_mut()?;
        let mut record = csv::ByteRecord::new();
        let start_line = reader.position().line();
        let read = reader.read_byte_record(&mut record);
        reader.get_mut().reset();
        match read {
            Ok(true) => {
                self.row += 1;
                let reader = self.reader.as_ref()?;
                let unclosed = self.unclosed_quote(reader, &record);
                Some(self.row_document(&record, unclosed))
            }
            Ok(false) => {
                self.reader = None;
                None
            }
            Err(e) => {
                self.row += 1;
                // An I/O error ends the file; a parse error is that row's, and reading goes on.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.reader = None;
                }
                Some(Document {
                    id: DocId::number(self.row),
                    path: Some(self.path.clone()),
                    row: Some(self.row),
                    body: Body::Failed {
                        format: Some("csv"),
                        error: match e.kind() {
                            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|i| i.is::<RowTooLong>()) => {
                                format!(
                                    "{}: malformed CSV: the row starting on line {} {io} (an unclosed quote?); \
                                     the rest of the file is not read",
                                    self.path,
                                    start_line
                                )
                            }
                            _ => format!("{}: malformed CSV: {e}", self.path),
                        },
                    },
                })
            }
        }
    }
}
