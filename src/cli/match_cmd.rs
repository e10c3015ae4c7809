//! `skillmatch match`: the skills one document shows, with levels and evidence.
//!
//! ```text
//! skillmatch match [--top N] [--min-score S] [--max-bytes BYTES] [--format table|json|csv|html] <FILE | ->
//! ```
//! FILE is a document in any format `bulk` reads (text, markdown, HTML, PDF, DOCX, ODT,
//! RTF); a file with another extension is read as text; `-` reads text from standard input.
//! Text beyond `--max-bytes` is cut, with a warning; a file over 20 times it is refused, as
//! are FIFOs, devices and folders (see [`skillmatch::text::input`]).
//! Exit code 1 when the document is missing, empty, binary, too large or unreadable.

use super::args::{command_options, ColorArgs, CsvArgs, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::args::{LimitArgs, RankArgs};
use super::{leave_for_exit, Config};
use skillmatch::report::Format;
use skillmatch::Error;
use std::io::Write;
use std::path::PathBuf;

/// The formats `match` writes, its default first.
pub const FORMATS: &[Format] = &Format::ALL;

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table)", {
    source: SourceArgs, color: ColorArgs, quiet: QuietArg, csv: CsvArgs, semantic: SemanticArgs
});

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
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `match`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Read the document before the index: a bad input path fails fast, without a build.
    let text = config.read_text(&args.file, args.limits.limits())?;
    let index = config.open_index()?;
    let matcher = config.matcher(&index, &args.rank)?;
    let report = matcher.match_text(&args.file.display().to_string(), &text)?;
    config.output.render(out, |r, w| r.report(w, &report, &text))?;
    leave_for_exit(matcher);
    leave_for_exit(index);
    Ok(0)
}
