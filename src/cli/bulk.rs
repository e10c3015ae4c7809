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

use super::{Config, RankArgs};
use crate::bulk::inputs::{plan, Columns, FileFilter, InputSpec};
use crate::bulk::output::{partial_path, OutputFormat};
use crate::bulk::{run as run_bulk, BulkOptions, Limits, CHUNK, DEFAULT_MAX_BYTES, STREAM_CHUNK};
use crate::error::Error;
use crate::matching::Matcher;
use crate::report::Format;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
}

/// Run `bulk`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let format = match config.format {
        Format::Json => OutputFormat::Jsonl,
        Format::Csv => OutputFormat::Csv,
        // Table (the global default) means "not said": the --out extension decides.
        Format::Table | Format::Html => {
            args.out.as_deref().and_then(OutputFormat::from_path).unwrap_or(OutputFormat::Jsonl)
        }
    };
    if args.resume && args.out.is_none() {
        return Err(Error::Usage("--resume needs --out FILE (the run to continue is FILE.partial)".into()));
    }
    if args.resume && format != OutputFormat::Jsonl {
        return Err(Error::Usage("--resume works with JSONL output only".into()));
    }
    // Expand the inputs before opening the index: usage errors fail fast, without a build.
    let spec = InputSpec {
        paths: args.inputs.clone(),
        files_from: args.files_from.clone(),
        jsonl_in: args.jsonl_in.clone(),
        filter: FileFilter::new(&args.include, &args.exclude)?,
        ignore: args.out.iter().flat_map(|out| [out.clone(), partial_path(out)]).collect(),
    };
    let plan = plan(&spec)?;
    let index = config.open_index()?;
    let matcher = Matcher::new(&index, args.rank.options(config))?;
    let options = BulkOptions {
        columns: Columns { text: args.text_column.clone(), id: args.id_column.clone() },
        limits: Limits { max_bytes: args.max_bytes },
        jobs: args.jobs.map_or(0, |j| j as usize),
        out: args.out.clone(),
        format,
        resume: args.resume,
        progress: !config.quiet && std::io::stderr().is_terminal(),
        chunk_size: if args.out.is_none() { STREAM_CHUNK } else { CHUNK },
        csv: config.csv,
    };
    let summary = run_bulk(&matcher, plan, &options, out)?;
    if !config.quiet {
        let _ = writeln!(std::io::stderr().lock(), "skillmatch: {}", summary.line());
    }
    Ok(summary.exit_code())
}

/// `--max-bytes`: a size ([`parse_size`]) of at least one byte.
pub(crate) fn parse_max_bytes(value: &str) -> Result<usize, String> {
    match parse_size(value)? {
        0 => Err("--max-bytes must be at least 1".into()),
        n => Ok(n),
    }
}

/// A size in bytes: a number with an optional k/M/G (×1000) or KiB/MiB/GiB (×1024) suffix.
pub(crate) fn parse_size(value: &str) -> Result<usize, String> {
    let v = value.trim();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '_')).unwrap_or(v.len());
    let (digits, unit) = v.split_at(split);
    let number: usize = digits
        .replace('_', "")
        .parse()
        .map_err(|_| format!("'{value}' is not a size in bytes (e.g. 5000000, 5MB)"))?;
    let factor: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => return Err(format!("unknown size unit '{other}' (use k, M, G, KiB, MiB, GiB)")),
    };
    number.checked_mul(factor).ok_or_else(|| format!("'{value}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("5000000"), Ok(5_000_000));
        assert_eq!(parse_size("5MB"), Ok(5_000_000));
        assert_eq!(parse_size("500k"), Ok(500_000));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert!(parse_size("100000000000000G").is_err());
        assert_eq!(parse_size("1000000000000000000"), Ok(1_000_000_000_000_000_000));
        assert!(super::parse_max_bytes("0").is_err());
    }
}
