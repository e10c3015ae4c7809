//! `skillmatch bulk`: score many documents at once, one record per document.
//!
//! ```text
//! skillmatch bulk cvs/ --out results.jsonl                 # every supported file below cvs/
//! skillmatch bulk 'adverts/**/*.html' more.pdf --out results.csv --top 5
//! find . -name '*.docx' | skillmatch bulk --files-from - --out r.jsonl
//! skillmatch bulk --jsonl-in docs.jsonl --out r.jsonl      # {"id": …, "text": …} per line
//! skillmatch bulk --jsonl-in - < docs.jsonl                # a streaming stage: JSONL in, JSONL out
//! ```
//! Inputs are files, folders (walked recursively, hidden files left out, sorted by path),
//! glob patterns, `--files-from` lists and `--jsonl-in` streams; a `.csv` or `.jsonl` file
//! holds one document per row or line. Files of other extensions are skipped and counted.
//! Output is JSON lines (`--format json`, or `--out *.jsonl`) or CSV (`--format csv`, or
//! `--out *.csv`), in input order, to `--out FILE` (written as `FILE.partial` until the run
//! completes; `--resume` continues an interrupted JSONL run) or standard output.
//! Exit code 0 when every document was scored, 1 when some failed (each has an `error`
//! record), 2 for usage, corpus and index errors.

use super::args::{command_options, CsvArgs, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::args::{parse_max_bytes, RankArgs};
use super::config::ScanFlags;
use super::Config;
use skillmatch::bulk::inputs::Columns;
use skillmatch::bulk::run as run_bulk;
use skillmatch::report::Format;
use skillmatch::text::limits::{Limits, DEFAULT_MAX_BYTES};
use skillmatch::Error;
use std::io::Write;
use std::path::PathBuf;

/// The formats `bulk` writes, its default first: JSON lines (one record a line) or CSV.
pub const FORMATS: &[Format] = &[Format::Json, Format::Csv];

command_options!(Options, FORMATS, JsonShape::Lines, "Output format (default: the --out extension, else json)", {
    source: SourceArgs, quiet: QuietArg, csv: CsvArgs, semantic: SemanticArgs
});

/// Flags of `bulk`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (walked recursively) and glob patterns ('adverts/**/*.html'); .csv and
    /// .jsonl files hold one document per row or line
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Read document paths from FILE, one per line (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Read documents as JSON lines {"id": …, "text": …} from FILE (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub jsonl_in: Option<PathBuf>,
    /// Write to FILE (as FILE.partial until done) instead of standard output; .jsonl/.json
    /// means JSON lines, .csv CSV, unless --format says
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Continue an interrupted JSONL run: keep what --out's FILE.partial holds, score the rest
    /// (with no FILE.partial but a finished FILE: add the documents FILE lacks)
    #[arg(long)]
    pub resume: bool,
    /// CSV column (or JSONL field) holding the text. Default: text, resume, description,
    /// jobdescription, body or content, else the longest column on average (JSONL: text)
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// CSV column (or JSONL field) holding the id. Default: id or index (an unnamed first
    /// CSV column too), else the row or line number
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Score only files matching GLOB (repeatable); files it names with an unknown
    /// extension are read as text. Tried on the name, the path below the folder, the path
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Match at most this much text per document (bytes; 5MB, 500k, 2MiB also work); longer
    /// text is cut and flagged "truncated", files over 20 times this are refused
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
    /// Worker threads (default: one per core)
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// How many skills and which
    #[command(flatten)]
    pub rank: RankArgs,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `bulk`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Expand the inputs before opening the index: usage errors fail fast, without a build.
    let (plan, options) = config.scan(ScanFlags {
        paths: &args.inputs,
        files_from: args.files_from.as_deref(),
        jsonl_in: args.jsonl_in.as_deref(),
        include: &args.include,
        exclude: &args.exclude,
        columns: Columns { text: args.text_column.clone(), id: args.id_column.clone() },
        limits: Limits { max_bytes: args.max_bytes },
        jobs: args.jobs,
        resume: args.resume,
    })?;
    let index = config.open_index()?;
    let matcher = config.matcher(&index, &args.rank)?;
    let summary = run_bulk(&matcher, plan, &options, out)?;
    config.note(&summary.line());
    Ok(summary.exit_code())
}
