//! CSV files as documents: one per row, the text and id columns found by name (or the
//! text column by its average length), every row bounded so a runaway quote cannot hold the
//! rest of the file in memory.

use super::{failed_file, Body, Columns, DocId, Document, ID_COLUMNS, TEXT_COLUMNS};
use crate::text::input::open_regular;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a CSV file, or one of its rows, gives no document.
#[derive(Debug, Error)]
pub enum CsvError {
    /// The header row cannot be read.
    #[error("{}: malformed CSV header: {source}", path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// What the CSV reader said.
        #[source]
        source: csv::Error,
    },
    /// `--text-column` or `--id-column` names a column the header does not have.
    #[error("{}: no column '{name}' ({flag}); the header row has: {}", path.display(), header.join(", "))]
    NoColumn {
        /// The file.
        path: PathBuf,
        /// The flag that named it.
        flag: &'static str,
        /// The column asked for.
        name: String,
        /// The header row's cells.
        header: Vec<String>,
    },
    /// The last row opens a quoted field it never closes: read as it is, it would be one
    /// document running to the end of the file.
    #[error(
        "{}: malformed CSV: the row starting on line {line} opens a quoted field that is never closed \
         (it would run to the end of the file, line {end}, as one document); close the quote",
        path.display()
    )]
    UnclosedQuote {
        /// The file.
        path: PathBuf,
        /// The line the row starts on.
        line: u64,
        /// The file's last line.
        end: u64,
    },
    /// A row too short to have the text column.
    #[error("{}:{row}: the row has no column {column} (it has {cells} cells)", path.display())]
    MissingCell {
        /// The file.
        path: PathBuf,
        /// The row (1-based, header excluded).
        row: u64,
        /// The text column, 1-based.
        column: usize,
        /// The cells the row has.
        cells: usize,
    },
    /// A row longer than the bound (20 × `--max-bytes`), which an unclosed quote makes: the
    /// rest of the file is not read.
    #[error(
        "{}: malformed CSV: the row starting on line {line} {source} (an unclosed quote?); \
         the rest of the file is not read",
        path.display()
    )]
    RowTooLong {
        /// The file.
        path: PathBuf,
        /// The row (1-based, header excluded).
        row: u64,
        /// The line the row starts on.
        line: u64,
        /// The reader's error, which says the bound.
        #[source]
        source: csv::Error,
    },
    /// A row the CSV reader rejects, or a read error (which ends the file).
    #[error("{}: malformed CSV: {source}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The row (1-based, header excluded).
        row: u64,
        /// What the CSV reader said (with the position).
        #[source]
        source: csv::Error,
    },
}

/// Rows sampled to find the CSV text column by its average length when no name says it.
const SAMPLE_ROWS: usize = 200;

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
    buffered: std::collections::VecDeque<(csv::ByteRecord, Option<CsvError>)>,
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
                rows.pending = Some(failed_file(&shown, Some("csv"), e.into()));
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
            Err(source) => {
                let error = CsvError::Header { path, source };
                rows.pending = Some(failed_file(&shown, Some("csv"), error.into()));
                return rows;
            }
        };
        let named = |names: &[&str]| {
            names.iter().find_map(|want| headers.iter().position(|h| h.eq_ignore_ascii_case(want)))
        };
        let pick = |flag: &'static str, name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
                .ok_or_else(|| CsvError::NoColumn {
                    path: path.clone(),
                    flag,
                    name: name.to_string(),
                    header: headers.clone(),
                })
        };
        rows.id = match &columns.id {
            Some(name) => match pick("--id-column", name) {
                Ok(i) => Some(i),
                Err(error) => {
                    rows.pending = Some(failed_file(&shown, Some("csv"), error.into()));
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
                rows.pending = Some(failed_file(&shown, Some("csv"), error.into()));
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
    ) -> Option<CsvError> {
        let start = record.position()?;
        if reader.position().byte() < self.len {
            return None;
        }
        match ends_in_open_quote(&self.file, start.byte()) {
            Ok(true) => Some(CsvError::UnclosedQuote {
                path: self.file.clone(),
                line: start.line(),
                end: reader.position().line(),
            }),
            _ => None,
        }
    }

    /// The document of `record`, or its error when it holds an unclosed quote.
    fn row_document(&self, record: &csv::ByteRecord, unclosed: Option<CsvError>) -> Document {
        match unclosed {
            Some(error) => self.failed_row(error),
            None => self.document(record),
        }
    }

    /// The error document of the current row, named by its number.
    fn failed_row(&self, error: CsvError) -> Document {
        Document {
            id: DocId::number(self.row),
            path: Some(self.path.clone()),
            row: Some(self.row),
            body: Body::Failed { format: Some("csv"), error: error.into() },
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
                error: CsvError::MissingCell {
                    path: self.file.clone(),
                    row,
                    column: self.text + 1,
                    cells: record.len(),
                }
                .into(),
            },
        };
        Document { id, path: Some(self.path.clone()), row: Some(row), body }
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
                let (path, row) = (self.file.clone(), self.row);
                let too_long = matches!(
                    e.kind(),
                    csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|i| i.is::<RowTooLong>())
                );
                Some(self.failed_row(if too_long {
                    CsvError::RowTooLong { path, row, line: start_line, source: e }
                } else {
                    CsvError::Malformed { path, row, source: e }
                }))
            }
        }
    }
}
