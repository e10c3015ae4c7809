//! `skillmatch query`: skills for words typed in a shell.
//!
//! ```text
//! skillmatch query [--top N] [--min-score S] [--format table|json|csv|html] <WORDS>...
//! ```
//! The words are matched like a one-line document; the report's source is "query".

use super::args::RankArgs;
use super::args::{command_options, ColorArgs, CsvArgs, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::{leave_for_exit, Config};
use skillmatch::error::{Error, InputError};
use skillmatch::report::Format;
use std::io::Write;

/// The formats `query` writes, its default first.
pub const FORMATS: &[Format] = &Format::ALL;

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table)", {
    source: SourceArgs, color: ColorArgs, quiet: QuietArg, csv: CsvArgs, semantic: SemanticArgs
});

/// Flags of `query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for, e.g. "incident management, ITIL, service desk"
    #[arg(value_name = "WORDS", required = true, num_args = 1..)]
    pub words: Vec<String>,
    /// How many skills and which
    #[command(flatten)]
    pub rank: RankArgs,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `query`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let text = args.words.join(" ");
    if text.trim().is_empty() {
        return Err(InputError::Empty { path: "query".into() }.into());
    }
    let index = config.open_index()?;
    let matcher = config.matcher(&index, &args.rank)?;
    let report = matcher.match_text("query", &text)?;
    config.output.render(out, |r, w| r.report(w, &report, &text))?;
    leave_for_exit(matcher);
    leave_for_exit(index);
    Ok(0)
}
