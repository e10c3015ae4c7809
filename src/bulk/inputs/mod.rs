//! Which documents a bulk run scores, in which order.
//!
//! Two steps. [`plan`] turns the command line's inputs (paths, folders, glob patterns,
//! `--files-from`, `--jsonl-in`) into an ordered list of [`Source`]s: folders are walked and
//! glob patterns expanded here, sorted by path, and files with an extension skillmatch does
//! not read are counted and dropped. [`documents`] then turns the sources into a lazy stream
//! of [`Document`]s: one per document file, one per row of a CSV file, one per line of a
//! JSON-lines file, one error document per path that could not be used. Nothing is read
//! before it is needed, so a 100k-row CSV or an endless `--jsonl-in -` stays in flat memory.
//!
//! The planning is in [`plan`] (the walk itself in [`crate::walk`]); CSV rows and JSON lines
//! are read by their own modules. A document that could not be read carries why as a
//! [`DocumentError`], which becomes words only in its record.

mod csv_rows;
mod json_lines;
pub mod plan;

pub use csv_rows::CsvError;
pub use json_lines::LineError;
pub use plan::{plan, FileFilter, InputSpec, Plan, PlanError, Source};

use crate::error::InputError;
use crate::text::extract::DocFormat;
use crate::text::input::open_regular;
use csv_rows::CsvRows;
use json_lines::JsonLines;
use serde::Serialize;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a document could not be taken from its source: the `error` of its record.
#[derive(Debug, Error)]
pub enum DocumentError {
    /// The path or pattern given, or a path a walk met, cannot be used.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A CSV or JSON-lines file refused or not opened (not a regular file, unreadable).
    #[error(transparent)]
    Open(#[from] InputError),
    /// A CSV file's header, or one of its rows.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// A line of a JSON-lines input.
    #[error(transparent)]
    Line(#[from] LineError),
}

/// Column (CSV) or field (JSONL) names that hold a document's text, in order of preference.
pub const TEXT_COLUMNS: [&str; 6] = ["text", "resume", "description", "jobdescription", "body", "content"];
/// Column or field names that hold a document's id, in order of preference.
pub const ID_COLUMNS: [&str; 2] = ["id", "index"];

/// A document's identifier in the output: the id its source gave (string or number), its
/// path, or its row or line number. JSON always carries it as a string (`"2"`, not `2`), so
/// a reader meets one type whatever the input gave.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocId {
    /// A text id or a path.
    Text(String),
    /// A numeric id, or a row or line number.
    Number(serde_json::Number),
}

impl DocId {
    /// A row or line number as an id.
    pub fn number(n: u64) -> DocId {
        DocId::Number(n.into())
    }
}

impl Serialize for DocId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Text(s) => f.write_str(s),
            DocId::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Which CSV columns (or JSONL fields) hold the text and the id; `None` picks the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The text column (`--text-column`).
    pub text: Option<String>,
    /// The id column (`--id-column`).
    pub id: Option<String>,
}

/// One document to score.
#[derive(Debug)]
pub struct Document {
    /// Its id in the output.
    pub id: DocId,
    /// The file it is or comes from (absent for standard input).
    pub path: Option<String>,
    /// Its 1-based row (CSV, header excluded) or line (JSONL) in that file.
    pub row: Option<u64>,
    /// What to read.
    pub body: Body,
}

impl Document {
    /// What the match report calls the document: the path, `path:row`, or `-:line`.
    pub fn source_label(&self) -> String {
        match (&self.path, self.row) {
            (Some(path), Some(row)) => format!("{path}:{row}"),
            (Some(path), None) => path.clone(),
            (None, Some(row)) => format!("-:{row}"),
            (None, None) => self.id.to_string(),
        }
    }
}

/// What a [`Document`] holds.
#[derive(Debug)]
pub enum Body {
    /// A file to read and extract.
    File {
        /// The file.
        path: PathBuf,
        /// How to extract it.
        format: DocFormat,
    },
    /// Text already read from a CSV row or a JSON line (bytes, decoded like a text file).
    Inline {
        /// The text's bytes.
        bytes: Vec<u8>,
        /// "csv" or "jsonl".
        format: &'static str,
    },
    /// Nothing to score: the error to report.
    Failed {
        /// The format, when known.
        format: Option<&'static str>,
        /// What went wrong.
        error: DocumentError,
    },
}

/// The documents of `plan`, read lazily. `max_line` bounds a JSON line's length: a longer
/// line is an error document and is never held in memory whole.
pub fn documents(plan: Plan, columns: Columns, max_line: usize) -> impl Iterator<Item = Document> + Send {
    plan.sources.into_iter().flat_map(move |source| -> Box<dyn Iterator<Item = Document> + Send> {
        match source {
            Source::File { path, format } => {
                let shown = path.display().to_string();
                Box::new(std::iter::once(Document {
                    id: DocId::Text(shown.clone()),
                    path: Some(shown),
                    row: None,
                    body: Body::File { path, format },
                }))
            }
            Source::Failed { path, error } => {
                let format = DocFormat::from_path(Path::new(&path)).map(DocFormat::name);
                Box::new(std::iter::once(failed_file(&path, format, error.into())))
            }
            Source::Csv(path) => Box::new(CsvRows::open(path, &columns, max_line as u64)),
            Source::Jsonl(path) => {
                let opened = open_regular(&path).map(|(file, _)| file);
                json_file(&path, opened, &columns, max_line)
            }
            Source::JsonlStream(path) => {
                // A pipe the user named: opened as it is (it is read as it is written).
                let opened =
                    File::open(&path).map_err(|source| InputError::Io { path: path.clone(), source });
                json_file(&path, opened, &columns, max_line)
            }
            Source::JsonlStdin => {
                Box::new(JsonLines::new(BufReader::new(std::io::stdin()), None, &columns, max_line))
            }
        }
    })
}

/// The documents of the JSON-lines file `path`, or the one error document of a file that
/// could not be opened.
fn json_file(
    path: &Path,
    opened: Result<File, InputError>,
    columns: &Columns,
    max_line: usize,
) -> Box<dyn Iterator<Item = Document> + Send> {
    let shown = path.display().to_string();
    match opened {
        Ok(file) => Box::new(JsonLines::new(BufReader::new(file), Some(shown), columns, max_line)),
        Err(e) => Box::new(std::iter::once(failed_file(&shown, Some("jsonl"), e.into()))),
    }
}

/// An error document for a whole file: a path the plan could not use, a file refused or not
/// opened, a CSV file without a header or the columns asked for.
pub(super) fn failed_file(path: &str, format: Option<&'static str>, error: DocumentError) -> Document {
    Document {
        id: DocId::Text(path.to_string()),
        path: Some(path.to_string()),
        row: None,
        body: Body::Failed { format, error },
    }
}
