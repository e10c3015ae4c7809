//! `skillmatch match`: the skills one document shows, with levels and evidence.
//!
//! ```text
//! skillmatch match [--top N] [--min-score S] [--max-bytes BYTES] [--format table|json|csv|html] <FILE | ->
//! ```
//! FILE is a document in any format `bulk` reads (text, markdown, HTML, PDF, DOCX, ODT,
//! RTF); a file with another extension is read as text; `-` reads text from standard input.
//! Text beyond `--max-bytes` is cut, with a warning; a file over 20 times it is refused, as
//! are FIFOs, devices and folders (see [`crate::text::input`]).
//! Exit code 1 when the document is missing, empty, binary, too large or unreadable.

use super::bulk::parse_max_bytes;
use super::{write_report, Config, RankArgs};
use crate::error::Error;
use crate::matching::Matcher;
use crate::text::input::{load, Limits, DEFAULT_MAX_BYTES};
use std::io::Write;
use std::path::PathBuf;

/// Flags of `match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to match, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How many skills and which
    #[command(flatten)]
    pub rank: RankArgs,
    /// How much of the document is read
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `--max-bytes`, shared by `match` and `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Match at most this much text (bytes; 5MB, 500k, 2MiB also work); longer text is cut
    /// with a warning, files over 20 times this are refused
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
}

impl LimitArgs {
    /// The limits these flags set.
    pub fn limits(&self) -> Limits {
        Limits { max_bytes: self.max_bytes }
    }
}

/// Run `match`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Read the document before the index: a bad input path fails fast, without a build.
    let extracted = load(&args.file, args.limits.limits())?;
    for warning in &extracted.warnings {
        config.warn(warning);
    }
    let index = config.open_index()?;
    let matcher = Matcher::new(&index, args.rank.options(config))?;
    let report = matcher.match_text(&args.file.display().to_string(), &extracted.text)?;
    write_report(config, &report, &extracted.text, out)?;
    Ok(0)
}
