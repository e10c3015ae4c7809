//! Typed errors. Every error names the file (and the row, column or byte offset where it
//! helps) so a user can act on it; [`Error::exit_code`] maps them to the documented exit codes.

use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// The source formats the loaders read, listed in "unrecognised source" errors.
pub const SUPPORTED_SOURCE_FORMATS: &str = "SFIA spreadsheet (.xlsx), SFIA Skills sheet as CSV (.csv), \
Logseq skill pages (key:: value properties, .md/.txt), SFIA skill or level pages (.md/.txt), \
proficiency-level competency pages (.md/.txt), SFIA change requests (.md/.txt), \
generic framework tables with recognised headers (.csv, .tsv, tab-separated .txt, .xlsx), \
framework manifests (.json with \"sources\"), JSON framework files (.json with \"skills\"); \
see docs/framework-format.md";

/// A framework source could not be read.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The file or folder could not be opened or read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The content is none of the supported source formats.
    #[error("{}: not a recognised framework source ({reason}); supported formats: {SUPPORTED_SOURCE_FORMATS}", path.display())]
    Unrecognised {
        /// The file.
        path: PathBuf,
        /// Why it was not recognised.
        reason: String,
    },
    /// A spreadsheet or CSV lacks a column the loader needs.
    #[error("{}: sheet '{sheet}' has no '{column}' column (header row has: {found})", path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The sheet ("Skills"; the file name for CSV).
        sheet: String,
        /// The column looked for.
        column: String,
        /// The header cells that were found.
        found: String,
    },
    /// A spreadsheet lacks a sheet the loader needs.
    #[error("{}: no '{sheet}' sheet (sheets: {found})", path.display())]
    MissingSheet {
        /// The file.
        path: PathBuf,
        /// The sheet looked for.
        sheet: String,
        /// The sheets present.
        found: String,
    },
    /// A row has a value the loader cannot use.
    #[error("{}: {sheet} row {row}: {message}", path.display())]
    BadRow {
        /// The file.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// 1-based row number as a spreadsheet shows it.
        row: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is of a recognised kind but malformed (corrupt zip, broken CSV quoting, …).
    #[error("{}: malformed {kind}: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// "spreadsheet", "CSV", "Logseq page", …
        kind: &'static str,
        /// What the parser said, with its position where it gave one.
        message: String,
    },
    /// A framework manifest names a source file that cannot be read.
    #[error("{}: source file {} named in the manifest cannot be read: {source}", manifest.display(), file.display())]
    ManifestFile {
        /// The manifest.
        manifest: PathBuf,
        /// The source file, resolved against the manifest's folder.
        file: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The corpus paths gave no skills at all.
    #[error("no framework skills found in {paths}; point --corpus (or SKILLMATCH_CORPUS) at your SFIA download, e.g. the SFIA 9 spreadsheet{}", skipped_list(skipped))]
    EmptyCorpus {
        /// The paths searched, comma-separated.
        paths: String,
        /// Why each file found in them was skipped, one line each, naming the file: the
        /// reason a broken source failed must not be lost because it sat in a folder.
        skipped: Vec<String>,
    },
}

/// How many skipped files an [`SourceError::EmptyCorpus`] error lists before counting.
const SKIPPED_LISTED: usize = 20;

/// The skipped files of an [`SourceError::EmptyCorpus`] error, one indented line each.
fn skipped_list(skipped: &[String]) -> String {
    let mut out = String::new();
    if !skipped.is_empty() {
        out.push_str("\nfiles skipped:");
    }
    for line in skipped.iter().take(SKIPPED_LISTED) {
        out.push_str("\n  ");
        out.push_str(line);
    }
    if skipped.len() > SKIPPED_LISTED {
        out.push_str(&format!("\n  … and {} more", skipped.len() - SKIPPED_LISTED));
    }
    out
}

/// A document to match could not be used.
#[derive(Debug, Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path given ("-" for standard input).
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// Not a regular file: a FIFO, socket, device or folder (refused before opening it, as
    /// opening a FIFO blocks).
    #[error("{}: cannot read: it is {kind}, not a regular file; give a document file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
        /// What it is: "a FIFO (named pipe)", "a socket", "a character device", "a folder", …
        kind: &'static str,
    },
    /// A file too large to be worth reading (over `factor` × `--max-bytes`).
    #[error("{}: too large: {bytes} bytes, over {factor} × --max-bytes ({limit} bytes); not read", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (or the bytes read when it grew while being read).
        bytes: u64,
        /// The size over which files are refused.
        limit: u64,
        /// `limit` as a multiple of `--max-bytes` (the reader's refuse factor).
        factor: usize,
    },
    /// No text at all, or only white space.
    #[error("{}: the input is empty (no text to match)", path.display())]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// The bytes are not text.
    #[error("{}: looks like binary data, not text (NUL or control byte at offset {offset}); give a text file", path.display())]
    Binary {
        /// The input.
        path: PathBuf,
        /// Byte offset of the first NUL or control byte.
        offset: usize,
    },
}

/// Why a document's text could not be extracted (see [`crate::text::extract`]).
#[derive(Debug, Error)]
pub enum ExtractError {
    /// A format skillmatch does not read (legacy .doc, images, …), with what to do instead.
    #[error("{}: unsupported format: {hint}", path.display())]
    Unsupported {
        /// The document.
        path: PathBuf,
        /// What to do instead ("convert to .docx").
        hint: String,
    },
    /// The file is of a supported format but broken (corrupt zip, PDF the parser rejects).
    #[error("{}: corrupt {format}: {message}", path.display())]
    Corrupt {
        /// The document.
        path: PathBuf,
        /// "PDF", "DOCX", …
        format: &'static str,
        /// What the parser said.
        message: String,
    },
    /// The file holds no extractable text (a scanned PDF without a text layer, …).
    #[error("{}: no text found: {reason}", path.display())]
    NoText {
        /// The document.
        path: PathBuf,
        /// Why ("the PDF has no text layer (scanned?)").
        reason: String,
    },
    /// Not a document at all (a Word lock file `~$…`, …).
    #[error("{}: not a document: {reason}", path.display())]
    Junk {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// The index could not be built, opened or searched.
#[derive(Debug, Error)]
pub enum IndexError {
    /// The index directory could not be created, written or cleaned.
    #[error("{}: cannot write the index: {source}", path.display())]
    Io {
        /// The index directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// tantivy refused an operation.
    #[error("{}: index error: {source}", path.display())]
    Tantivy {
        /// The index directory.
        path: PathBuf,
        /// tantivy's error.
        #[source]
        source: tantivy::TantivyError,
    },
    /// The index must be rebuilt but its folder cannot be written (a read-only mount,
    /// another user's folder).
    #[error(
        "{}: the index must be rebuilt ({reason}) but the folder cannot be written: {source}; \
         build it where it can be written (`skillmatch index --index DIR`) and copy it here, \
         or give --index a writable folder",
        path.display()
    )]
    CannotRebuild {
        /// The index directory.
        path: PathBuf,
        /// Why it must be rebuilt.
        reason: String,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The index could not be used and building it again failed too.
    #[error("{}: the index could not be used ({reason}) and rebuilding it failed: {message}", path.display())]
    Rebuild {
        /// The index directory.
        path: PathBuf,
        /// Why the index could not be used.
        reason: String,
        /// Why the rebuild failed.
        message: String,
    },
    /// A generation that was just built does not verify or open.
    #[error("{}: the index just built cannot be opened: {message}", path.display())]
    Damaged {
        /// The generation folder.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The stored catalog beside the index could not be read or written.
    #[error("{}: index catalog: {message}", path.display())]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Anything skillmatch can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// A framework source problem.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A document problem.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An index problem.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A document's text could not be extracted.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The compiled-in static embedding table cannot be used (a damaged build), or a
    /// vector does not fit it.
    #[error("{path}: {0}", path = crate::semantic::SHIPPED_PATH)]
    Semantic(#[from] crate::semantic::SemanticError),
    /// A request that names something that is not there (a skill code, a framework id, …).
    #[error("{0}")]
    NotFound(String),
    /// A request the options make invalid.
    #[error("{0}")]
    Usage(String),
    /// Writing results failed: a full disk, an output file that cannot be created, another
    /// run holding the same `--out`. A closed pipe is not reported as an error (main exits
    /// 0: the reader chose to stop).
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
}

impl Error {
    /// The process exit code: 1 for a problem with the input document or a lookup that
    /// found nothing; 2 when the run itself could not complete: usage, corpus and index
    /// problems, and output that could not be written (exit 1 would tell a caller that only
    /// a document failed while the results it expects are missing or incomplete).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Extract(_) | Error::NotFound(_) => 1,
            Error::Source(_) | Error::Index(_) | Error::Semantic(_) | Error::Usage(_) | Error::Output(_) => 2,
        }
    }
}

/// Result with skillmatch's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
