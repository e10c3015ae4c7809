//! `skillmatch rank`: every CV against one advert, best fit first.
//!
//! ```text
//! skillmatch rank advert.pdf cvs/ --top 20                  # table on the terminal
//! skillmatch rank advert.pdf cvs/ --top 20 --out shortlist.csv
//! skillmatch rank advert.md 'cvs/**/*.pdf' more.docx --out shortlist.html
//! skillmatch rank advert.md cvs/ --exclude '*draft*' --format json   # one JSON line per CV
//! ```
//! CVs are files, folders (walked recursively) and glob patterns, read in any format `bulk`
//! reads, scored in parallel. Each is compared with the advert's requirements (see
//! [`skillmatch::recruit`]): fit = Σ credit / Σ w over the advert's skills, where w is the
//! advert's score for the skill and credit is w when the CV shows the skill at the level
//! asked or above, w/(1+N) when N levels below, 0 when it does not show it. Ties go to
//! more skills met, then fewer missing, then the path. Each CV is shown with its strongest
//! evidence and its biggest gap. A CV that cannot be read is listed after the others with
//! its error, never dropped. Output: a table, or `--out FILE` by extension (.csv, .jsonl,
//! .html) unless `--format` says.
//! Exit code 0 when every CV was scored, 1 when the advert is unusable or some CV failed,
//! 2 for usage, corpus and index errors.

use super::args::RequirementArgs;
use super::args::{command_options, ColorArgs, CsvArgs, JsonShape, QuietArg, SemanticArgs, SourceArgs};
use super::config::ScanFlags;
use super::Config;
use skillmatch::bulk::score_plan;
use skillmatch::recruit::{compare, shortlist, Candidate};
use skillmatch::report::Format;
use skillmatch::text::limits::Limits;
use skillmatch::Error;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// The formats `rank` writes, its default first (JSON is one line a CV).
pub const FORMATS: &[Format] = &Format::ALL;

command_options!(Options, FORMATS, JsonShape::Lines, "Output format (default: table, or the --out extension)", {
    source: SourceArgs, color: ColorArgs, quiet: QuietArg, csv: CsvArgs, semantic: SemanticArgs
});

/// Flags of `rank`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job advert (or role description)
    #[arg(value_name = "ADVERT")]
    pub advert: PathBuf,
    /// CVs: files, folders (walked recursively) and glob patterns ('cvs/**/*.pdf')
    #[arg(value_name = "CV", required = true)]
    pub cvs: Vec<PathBuf>,
    /// Show the N best candidates (CVs that failed are always listed)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: Option<u32>,
    /// Write to FILE instead of standard output; .csv, .jsonl, .html choose the format
    /// unless --format says
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Rank only files matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core)
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Which of the advert's skills are requirements, and what a CV must show
    #[command(flatten)]
    pub requirements: RequirementArgs,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `rank`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let start = Instant::now();
    // The advert and the inputs are checked before the index: bad paths fail fast.
    let advert_text = config.read_text(&args.advert, Limits::default())?;
    let (plan, options) = config.scan(ScanFlags {
        paths: &args.cvs,
        include: &args.include,
        exclude: &args.exclude,
        jobs: args.jobs,
        ..ScanFlags::default()
    })?;
    let skipped = plan.skipped;
    let index = config.open_index()?;
    let advert_matcher = config.advert_matcher(&index, &args.requirements)?;
    let cv_matcher = config.cv_matcher(&index)?;
    let advert_name = args.advert.display().to_string();
    let advert = advert_matcher.match_text(&advert_name, &advert_text)?;
    let compare_options = config.compare_options(&args.requirements);
    let candidates = score_plan(&cv_matcher, plan, &options, |record| {
        let id = record.path.clone().unwrap_or_else(|| record.id.to_string());
        match &record.error {
            Some(error) => Candidate::failed(id, error.clone()),
            None => Candidate::scored(id, &compare(&advert, &record.report, compare_options)),
        }
    })?;
    let total = candidates.len();
    let mut candidates = shortlist(candidates);
    let failed = candidates.iter().filter(|c| c.fit.is_none()).count();
    if let Some(top) = args.top {
        let mut kept = 0;
        candidates.retain(|c| {
            let keep = c.fit.is_none() || kept < top as usize;
            kept += usize::from(c.fit.is_some());
            keep
        });
    }
    config.output.render(out, |r, w| r.shortlist(w, &advert_name, &candidates, total))?;
    let secs = start.elapsed().as_secs_f64();
    config.note(&format!(
        "rank: {total} CVs: {} scored, {failed} failed, {skipped} skipped (unsupported extension or \
         filtered out); {secs:.2} s, {:.1} CVs/s",
        total - failed,
        if secs > 0.0 { total as f64 / secs } else { 0.0 }
    ));
    Ok(i32::from(failed > 0))
}
