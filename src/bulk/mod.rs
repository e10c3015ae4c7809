//! Bulk scoring: many documents (folders, glob patterns, path lists, CSV rows, JSON lines)
//! matched with one shared [`Matcher`], in parallel, each written as one record.
//!
//! The pipeline: [`inputs::plan`] lists the sources in output order; a reader thread turns
//! them into documents ([`inputs::documents`]) and hands them over a bounded channel; the
//! run takes them in chunks, scores each chunk on a local rayon pool ([`Scorer`]), and writes
//! the chunk's records in input order ([`output`]) before taking the next, so memory stays
//! flat however many documents there are and the output does not depend on `--jobs`.
//!
//! Nothing is lost: every document becomes exactly one [`Record`]. A document that cannot
//! be read, extracted or matched, or whose parser panics, is a record with an `error`; an
//! output file is written as `FILE.partial` and renamed to `FILE` only at the end, and an
//! interrupted JSONL run can be resumed ([`resume`]).

pub mod inputs;
pub mod output;
pub mod resume;

use crate::error::{Error, InputError};
use crate::matching::{MatchReport, Matcher};
use crate::text::extract::DocFormat;
use crate::text::input::{extract_within, load_as};
use inputs::{Body, Columns, DocId, Document, DocumentError, Plan};
use output::{file_error, partial_path, OutFile, OutputFormat, RecordWriter};
use rayon::prelude::*;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};
use std::time::{Duration, Instant};
use thiserror::Error;

pub use crate::text::limits::{Limits, DEFAULT_MAX_BYTES, REFUSE_FACTOR};
/// Documents per chunk when writing to a file.
pub const CHUNK: usize = 256;
/// Documents per chunk when streaming to standard output (flushed after each).
pub const STREAM_CHUNK: usize = 64;

/// One document's result: the `match` report plus where it came from and how it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The id the source gave, else the path, else the row or line number.
    pub id: DocId,
    /// The file the document is or comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The 1-based CSV row (header excluded) or JSONL line in that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// The format the text was read as ("txt", "pdf", "csv", "jsonl", …); `null` if unknown.
    pub format: Option<&'static str>,
    /// Size of the input in bytes (the file, or the row's or line's text).
    pub bytes: u64,
    /// Time spent on this document (read, extract, match), in milliseconds.
    pub elapsed_ms: f64,
    /// Set when the text was cut at `--max-bytes`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Things to know: a guessed encoding, a truncation, …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Why the document could not be scored (its `matches` are then empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `source`, `framework`, `matches`: as `skillmatch match --format json`.
    #[serde(flatten)]
    pub report: MatchReport,
}

impl Record {
    /// Whether the document was scored (with or without matches).
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Why a document has no report: its record's `error`, the one place it becomes words.
#[derive(Debug, Error)]
pub enum ScoreError {
    /// The document could not be taken from its source (a missing path, a bad CSV row, …).
    #[error(transparent)]
    Unread(#[from] DocumentError),
    /// Reading, extracting or matching its text failed.
    #[error(transparent)]
    Failed(#[from] Error),
    /// A parser panicked on it (caught, so the run goes on).
    #[error("{document}: internal error while reading: {what}")]
    Panic {
        /// The document as its report names it (`path`, `path:row`, `-:line`).
        document: String,
        /// The panic's message.
        what: String,
    },
}

/// Scores documents with one shared matcher. `Sync`: one per run, used by every worker.
pub struct Scorer<'m, 'i> {
    matcher: &'m Matcher<'i>,
    limits: Limits,
    /// The report's `framework`, for records of failed documents.
    framework: Option<String>,
}

impl<'m, 'i> Scorer<'m, 'i> {
    /// A scorer over `matcher`.
    pub fn new(matcher: &'m Matcher<'i>, limits: Limits) -> Result<Self, Error> {
        // An empty text matches nothing but names the framework, as every record does.
        let framework = matcher.match_text("", "")?.framework;
        Ok(Scorer { matcher, limits, framework })
    }

    /// Score one document. Never fails: a document that cannot be read, extracted or
    /// matched, or whose parser panics, is a record with an `error`.
    pub fn score(&self, doc: Document) -> Record {
        let start = Instant::now();
        let source = doc.source_label();
        let mut record = Record {
            id: doc.id,
            path: doc.path,
            row: doc.row,
            format: None,
            bytes: 0,
            elapsed_ms: 0.0,
            truncated: false,
            warnings: Vec::new(),
            error: None,
            report: MatchReport {
                source,
                framework: self.framework.clone(),
                cut_off: None,
                document_level: None,
                matches: Vec::new(),
            },
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| self.score_body(doc.body, &mut record)))
            .unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(ScoreError::Panic { document: record.report.source.clone(), what })
            });
        match outcome {
            Ok(report) => record.report = report,
            Err(error) => record.error = Some(error.to_string()),
        }
        record.elapsed_ms = (start.elapsed().as_secs_f64() * 100_000.0).round() / 100.0;
        record
    }

    /// [`Scorer::score`], the document counted on `bar` when there is one.
    fn score_counted(&self, doc: Document, bar: Option<&indicatif::ProgressBar>) -> Record {
        let record = self.score(doc);
        if let Some(bar) = bar {
            bar.inc(1);
        }
        record
    }

    /// Read, extract, cut and match; fills `record`'s format, bytes, warnings, truncation.
    fn score_body(&self, body: Body, record: &mut Record) -> Result<MatchReport, ScoreError> {
        let source = record.report.source.clone();
        let extracted = match body {
            Body::Failed { format, error } => {
                record.format = format;
                return Err(error.into());
            }
            Body::Inline { bytes, format } => {
                record.format = Some(format);
                record.bytes = bytes.len() as u64;
                extract_within(Path::new(&source), &bytes, DocFormat::Txt, self.limits)
            }
            Body::File { path, format } => {
                record.format = Some(format.name());
                let (len, extracted) = load_as(&path, format, self.limits);
                record.bytes = len;
                extracted.inspect(|e| record.format = Some(e.format.name()))
            }
        };
        let mut extracted = extracted?;
        record.warnings.append(&mut extracted.warnings);
        record.truncated = extracted.truncated;
        Ok(self.matcher.match_text(&source, &extracted.text)?)
    }
}

/// A rayon pool of `jobs` threads (0: one per core).
pub fn thread_pool(jobs: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("skillmatch-bulk-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))
}

/// Score document files in parallel on `jobs` threads (0: all cores), one record per path
/// in the order given; the format comes from each file's extension (unknown: plain text).
pub fn score_paths(matcher: &Matcher<'_>, paths: &[PathBuf], jobs: usize) -> Result<Vec<Record>, Error> {
    let scorer = Scorer::new(matcher, Limits::default())?;
    let pool = thread_pool(jobs)?;
    Ok(pool.install(|| {
        paths
            .par_iter()
            .map(|path| {
                let shown = path.display().to_string();
                scorer.score(Document {
                    id: DocId::Text(shown.clone()),
                    path: Some(shown),
                    row: None,
                    body: Body::File {
                        path: path.clone(),
                        format: DocFormat::from_path(path).unwrap_or(DocFormat::Txt),
                    },
                })
            })
            .collect()
    }))
}

/// Score every document of `plan` in parallel on `options.jobs` threads (0: all cores),
/// read with `options.columns` and `options.limits`, and turn each record into a `T` with
/// `each`, on the worker that scored it; the results come back in input order. For callers
/// that need every result before writing (a ranking): `options`' output fields are not
/// used, and [`run`] streams instead. A failed document is a record with an `error`, never
/// dropped.
pub fn score_plan<T, F>(
    matcher: &Matcher<'_>,
    plan: Plan,
    options: &BulkOptions,
    each: F,
) -> Result<Vec<T>, Error>
where
    T: Send,
    F: Fn(Record) -> T + Sync,
{
    let scorer = Scorer::new(matcher, options.limits)?;
    let pool = thread_pool(options.jobs)?;
    let bar = options.progress.then(|| progress_bar(plan.known_len()));
    // File documents are read by the workers: listing them first costs nothing.
    let docs: Vec<Document> =
        inputs::documents(plan, options.columns.clone(), options.limits.refuse_over()).collect();
    let results = pool
        .install(|| docs.into_par_iter().map(|doc| each(scorer.score_counted(doc, bar.as_ref()))).collect());
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(results)
}

/// How a bulk run reads and writes.
#[derive(Debug, Clone)]
pub struct BulkOptions {
    /// CSV columns / JSONL fields of the text and the id.
    pub columns: Columns,
    /// Size limits.
    pub limits: Limits,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Output file (written as `FILE.partial`, renamed at the end); `None`: standard output.
    pub out: Option<PathBuf>,
    /// Output format.
    pub format: OutputFormat,
    /// Continue the interrupted run in `FILE.partial` (JSONL only); with no `FILE.partial`
    /// but a finished `FILE`, add the documents `FILE` lacks to its end.
    pub resume: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Documents per chunk; with standard output, each chunk is flushed as soon as it is
    /// written and takes only the documents already available (a streaming stage).
    pub chunk_size: usize,
    /// How CSV text cells that look like formulas are written (`--csv-raw`).
    pub csv: crate::report::csv::CellGuard,
}

impl BulkOptions {
    /// Check that the options go together: the one place bulk options are validated, called
    /// by the command line before anything is read and by [`run`].
    ///
    /// Errors ([`Error::Usage`]): `--resume` without an output file, with CSV output, or with
    /// a device or pipe as the output.
    pub fn check(&self) -> Result<(), Error> {
        if !self.resume {
            return Ok(());
        }
        let Some(out) = &self.out else {
            return Err(Error::Usage(
                "--resume needs --out FILE (the run to continue is FILE.partial)".into(),
            ));
        };
        if self.format != OutputFormat::Jsonl {
            return Err(Error::Usage("--resume works with JSONL output only".into()));
        }
        if output::is_stream(out) {
            return Err(Error::Usage(format!(
                "--resume needs a regular --out file; {} is a device or pipe",
                out.display()
            )));
        }
        Ok(())
    }
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            columns: Columns::default(),
            limits: Limits::default(),
            jobs: 0,
            out: None,
            format: OutputFormat::Jsonl,
            resume: false,
            progress: false,
            chunk_size: CHUNK,
            csv: crate::report::csv::CellGuard::default(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Documents scored (including those a resumed run found already written).
    pub ok: usize,
    /// Documents written with an error.
    pub failed: usize,
    /// Files left out: unsupported extension or filtered out.
    pub skipped: usize,
    /// Documents a resumed run found already written.
    pub resumed: usize,
    /// Documents scored by this run (the others were already written).
    pub scored: usize,
    /// Time of this run.
    pub elapsed: Duration,
}

impl Summary {
    /// The process exit code: 0 when every document was scored, 1 when some failed.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.failed > 0)
    }

    /// The one-line summary printed on stderr.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 { self.scored as f64 / secs } else { 0.0 };
        let resumed = if self.resumed > 0 {
            format!(" ({} already done before resuming)", self.resumed)
        } else {
            String::new()
        };
        format!(
            "bulk: {} documents: {} ok, {} failed, {} skipped (unsupported extension or filtered out){resumed}; \
             {secs:.2} s, {rate:.1} documents/s",
            self.ok + self.failed,
            self.ok,
            self.failed,
            self.skipped
        )
    }
}

/// Score every document of `plan` and write the records (to `options.out`, else to
/// `stdout`). Documents that fail are records, not errors.
///
/// Errors: [`Error::Usage`] for `--resume` without an output file or with CSV output, or a
/// partial file that is not a bulk output; [`Error::Output`] when the output cannot be
/// written; [`Error::Input`] if reading the inputs crashed (the output is then left as
/// `FILE.partial`).
pub fn run(
    matcher: &Matcher<'_>,
    plan: Plan,
    options: &BulkOptions,
    stdout: &mut dyn Write,
) -> Result<Summary, Error> {
    let start = Instant::now();
    options.check()?;
    let scorer = Scorer::new(matcher, options.limits)?;
    let pool = thread_pool(options.jobs)?;
    let mut summary = Summary { skipped: plan.skipped, ..Summary::default() };

    let (mut done, file) = open_output(options)?;
    summary.ok = done.ok;
    summary.failed = done.failed;

    let progress = options.progress.then(|| progress_bar(plan.known_len()));
    let (rx, reader) = spawn_reader(plan, options)?;

    let streaming = options.out.is_none();
    let chunk_size = options.chunk_size.max(1);
    let (target, mut file) = match file {
        Some((target, file)) => (Some(target), Some(file)),
        None => (None, None),
    };
    // A resumed file already has its CSV header; standard output is never resumed.
    let header = target.is_none() || !options.resume || done.is_empty();
    // One writer whatever the sink: the file stays ours, to be finished once complete.
    let sink: &mut dyn Write = match file.as_mut() {
        Some(file) => file,
        None => stdout,
    };
    let mut writer = RecordWriter::new(sink, options.format, header, options.csv).map_err(Error::Output)?;
    loop {
        let (chunk, finished) =
            next_chunk(&rx, chunk_size, streaming, &mut done, &mut summary, progress.as_ref());
        if !chunk.is_empty() {
            let records: Vec<Record> = pool.install(|| {
                chunk.into_par_iter().map(|doc| scorer.score_counted(doc, progress.as_ref())).collect()
            });
            summary.scored += records.len();
            for record in &records {
                if record.is_ok() {
                    summary.ok += 1;
                } else {
                    summary.failed += 1;
                }
                writer.write(record).map_err(|e| write_error(e, target.as_ref()))?;
            }
            writer.flush().map_err(|e| write_error(e, target.as_ref()))?;
        }
        if finished {
            break;
        }
    }
    if let Err(panic) = reader.join() {
        let what = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        return Err(InputError::Io {
            path: PathBuf::from("<inputs>"),
            source: std::io::Error::other(format!("reading the inputs failed: {what}")),
        }
        .into());
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let (Some(target), Some(file)) = (target, file) {
        let file = file.into_inner().map_err(|e| target.write_error(e.into_error()))?;
        target.finish(file)?;
    }
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Start the thread that reads the documents of `plan` and hands them over a channel
/// bounded by the chunk size, so reading stays ahead of scoring by one chunk at most.
fn spawn_reader(
    plan: Plan,
    options: &BulkOptions,
) -> Result<(Receiver<Document>, std::thread::JoinHandle<()>), Error> {
    let (tx, rx) = sync_channel::<Document>(options.chunk_size.max(1));
    let documents = inputs::documents(plan, options.columns.clone(), options.limits.refuse_over());
    let reader = std::thread::Builder::new()
        .name("skillmatch-inputs".into())
        .spawn(move || {
            for doc in documents {
                // The receiver is gone when the run stopped on an output error.
                if tx.send(doc).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| Error::Usage(format!("cannot start the input reader thread: {e}")))?;
    Ok((rx, reader))
}

/// An opened output file and its buffered writer.
type OpenOutput = (OutFile, BufWriter<File>);

/// The output file of a run, opened (locked, truncated unless resumed), and the documents
/// it already holds when resuming; `None` for standard output.
fn open_output(options: &BulkOptions) -> Result<(resume::Done, Option<OpenOutput>), Error> {
    Ok(match &options.out {
        None => (resume::Done::default(), None),
        Some(out) => {
            let had_partial = partial_path(out).exists();
            // Locked before anything is read or truncated: see output::lock_partial.
            let (target, mut file) = OutFile::open(out)?;
            let done = match target.partial() {
                Some(partial) if options.resume && !had_partial && out.exists() => {
                    // A finished output: topped up with the documents it lacks, as if interrupted.
                    let done = resume::load(out)?;
                    std::fs::rename(out, partial)
                        .map_err(|e| file_error(out, "rename to FILE.partial", e))?;
                    // The rename replaced the empty file locked above: lock the one now there.
                    file = output::lock_partial(partial, out)?;
                    done
                }
                Some(partial) if options.resume => resume::load(partial)?,
                _ => {
                    target.truncate(&file)?;
                    resume::Done::default()
                }
            };
            (done, Some((target, BufWriter::new(file))))
        }
    })
}

/// A failed write, naming the file written (the partial file, or `--out` itself when it
/// is a device); standard output is not named.
fn write_error(e: std::io::Error, target: Option<&OutFile>) -> Error {
    match target {
        Some(target) => target.write_error(e),
        None => Error::Output(e),
    }
}

/// The next chunk of documents not already written, and whether the input is finished.
/// Blocks for the first document; when `eager`, takes only what is already available after
/// it (a streaming stage answers each batch of lines without waiting for more).
fn next_chunk(
    rx: &Receiver<Document>,
    size: usize,
    eager: bool,
    done: &mut resume::Done,
    summary: &mut Summary,
    progress: Option<&indicatif::ProgressBar>,
) -> (Vec<Document>, bool) {
    let mut chunk = Vec::with_capacity(size);
    while chunk.len() < size {
        let doc = if chunk.is_empty() || !eager {
            match rx.recv() {
                Ok(doc) => doc,
                Err(_) => return (chunk, true),
            }
        } else {
            match rx.try_recv() {
                Ok(doc) => doc,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return (chunk, true),
            }
        };
        if done.take(&doc) {
            summary.resumed += 1;
            if let Some(bar) = progress {
                bar.inc(1);
            }
            continue;
        }
        chunk.push(doc);
    }
    (chunk, false)
}

/// A progress bar on stderr: with a length when the number of documents is known.
fn progress_bar(len: Option<usize>) -> indicatif::ProgressBar {
    let (bar, template) = match len {
        Some(n) => (
            indicatif::ProgressBar::new(n as u64),
            "{elapsed_precise} [{wide_bar}] {pos}/{len} documents, {rate}, eta {eta}",
        ),
        None => (indicatif::ProgressBar::no_length(), "{elapsed_precise} {pos} documents, {rate}"),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.1} documents/s", state.per_sec());
        };
        bar.set_style(style.progress_chars("=> ").with_key("rate", rate));
    }
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_and_exit_code() {
        let s =
            Summary { ok: 3, failed: 1, skipped: 2, resumed: 0, scored: 4, elapsed: Duration::from_secs(2) };
        assert_eq!(s.exit_code(), 1);
        assert!(s.line().contains("4 documents: 3 ok, 1 failed, 2 skipped"), "{}", s.line());
        assert!(s.line().contains("2.0 documents/s"), "{}", s.line());
    }
}
