//! `skillmatch compare`: the skills an advert asks for against those a CV shows.
//!
//! ```text
//! skillmatch compare advert.pdf cv.docx                          # table on the terminal
//! skillmatch compare advert.pdf cv.docx --format json            # verdicts, gaps, fit, evidence
//! skillmatch compare advert.pdf cv.docx --format html --out gap.html
//! skillmatch compare [--skills N] [--min-score S] [--cv-min-score S] [--max-bytes BYTES] [--out FILE] ADVERT CV
//! ```
//! The advert's skills (its top `--skills`, at the level it implies) are the requirements;
//! each is met, below by N levels, or missing in the CV (see [`skillmatch::recruit`]), and the
//! fit is their level-weighted coverage. Both documents may be in any format `match` reads.
//! `--out FILE` writes there (format from `--format`, else from the extension: .json,
//! .csv, .html) instead of standard output.
//! Text beyond `--max-bytes` is cut, with a warning (as `match` does).
//! Exit code 1 when either document is missing, empty, too large or unreadable.

use super::args::{command_options, ColorArgs, CsvArgs, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::args::{LimitArgs, RequirementArgs};
use super::{leave_for_exit, Config};
use skillmatch::recruit::compare;
use skillmatch::report::Format;
use skillmatch::Error;
use std::io::Write;
use std::path::PathBuf;

/// The formats `compare` writes, its default first.
pub const FORMATS: &[Format] = &Format::ALL;

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table, or the --out extension)", {
    source: SourceArgs, color: ColorArgs, quiet: QuietArg, csv: CsvArgs, semantic: SemanticArgs
});

/// Flags of `compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job advert (or role description)
    #[arg(value_name = "ADVERT")]
    pub advert: PathBuf,
    /// The CV
    #[arg(value_name = "CV")]
    pub cv: PathBuf,
    /// Which of the advert's skills are requirements, and what a CV must show
    #[command(flatten)]
    pub requirements: RequirementArgs,
    /// Write to FILE instead of standard output; .json, .csv, .html choose the format
    /// unless --format says
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How much of each document is read
    #[command(flatten)]
    pub limits: LimitArgs,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `compare`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Both documents are read before the index: a bad path fails fast, without a build.
    let advert_text = config.read_text(&args.advert, args.limits.limits())?;
    let cv_text = config.read_text(&args.cv, args.limits.limits())?;
    let index = config.open_index()?;
    let advert_matcher = config.advert_matcher(&index, &args.requirements)?;
    let cv_matcher = config.cv_matcher(&index)?;
    let advert = advert_matcher.match_text(&args.advert.display().to_string(), &advert_text)?;
    let cv = cv_matcher.match_text(&args.cv.display().to_string(), &cv_text)?;
    let comparison = compare(&advert, &cv, config.compare_options(&args.requirements));
    config.output.render(out, |r, w| r.comparison(w, &comparison, &advert_text, &cv_text))?;
    leave_for_exit((advert_matcher, cv_matcher));
    leave_for_exit(index);
    Ok(0)
}
