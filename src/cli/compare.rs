//! `skillmatch compare`: the skills an advert asks for against those a CV shows.
//!
//! ```text
//! skillmatch compare advert.pdf cv.docx                          # table on the terminal
//! skillmatch compare advert.pdf cv.docx --format json            # verdicts, gaps, fit, evidence
//! skillmatch compare advert.pdf cv.docx --format html --out gap.html
//! skillmatch compare [--skills N] [--min-score S] [--cv-min-score S] [--max-bytes BYTES] [--out FILE] ADVERT CV
//! ```
//! The advert's skills (its top `--skills`, at the level it implies) are the requirements;
//! each is met, below by N levels, or missing in the CV (see [`crate::recruit`]), and the
//! fit is their level-weighted coverage. Both documents may be in any format `match` reads.
//! `--out FILE` writes there (format from `--format`, else from the extension: .json,
//! .csv, .html) instead of standard output.
//! Text beyond `--max-bytes` is cut, with a warning (as `match` does).
//! Exit code 1 when either document is missing, empty, too large or unreadable.

use super::match_cmd::LimitArgs;
use super::{write_to, Config};
use crate::error::Error;
use crate::matching::{MatchOptions, Matcher};
use crate::recruit::{compare, CompareOptions, PRESENCE_MIN_SCORE};
use crate::report::color::Paint;
use crate::report::Format;
use crate::text::input::{load, Limits};
use std::io::Write;
use std::path::{Path, PathBuf};

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
}

/// Flags shared by `compare` and `rank`: the requirements and the presence threshold.
#[derive(Debug, Clone, clap::Args)]
pub struct RequirementArgs {
    /// The advert's N strongest skills are the requirements
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub skills: u32,
    /// Advert skills scoring below this (0–1) are not requirements; default: none, the N
    /// strongest skills are, each weighing as much as it scores
    #[arg(long, value_name = "SCORE", value_parser = super::parse_unit_interval)]
    pub min_score: Option<f32>,
    /// A CV shows a skill when it scores at least this (0–1)
    #[arg(long, value_name = "SCORE", default_value_t = PRESENCE_MIN_SCORE as f32, value_parser = super::parse_unit_interval)]
    pub cv_min_score: f32,
}

impl RequirementArgs {
    /// Matching options for the advert: its strongest skills only. The report's own cut-off
    /// is not applied: the user says the text is an advert, and a requirement the advert
    /// asks for weakly weighs little in the fit anyway (on the 47 DDaT adverts against IT,
    /// chef and teacher CVs, the cut-off left eight adverts without requirements).
    pub fn advert_options(&self, config: &Config) -> MatchOptions {
        MatchOptions {
            top: self.skills as usize,
            min_score: Some(self.min_score.unwrap_or(0.0)),
            frameworks: config.frameworks.clone(),
            ..MatchOptions::default()
        }
    }

    /// Matching options for CVs: every skill the CV scores, so that a requirement is judged
    /// on whatever the CV shows (presence is `--cv-min-score`), not on its top ten or on the
    /// cut-off of a report of the CV alone.
    pub fn cv_options(&self, config: &Config) -> MatchOptions {
        MatchOptions {
            top: usize::MAX,
            min_score: Some(0.0),
            frameworks: config.frameworks.clone(),
            ..MatchOptions::default()
        }
    }

    /// How the comparison decides presence.
    pub fn compare_options(&self) -> CompareOptions {
        CompareOptions { presence_min_score: f64::from(self.cv_min_score) }
    }
}

/// The text of a document file (`-`: standard input) within `limits` (cut at
/// `--max-bytes`), with extraction warnings printed.
pub fn document_text(config: &Config, path: &Path, limits: Limits) -> Result<String, Error> {
    let extracted = load(path, limits)?;
    for warning in &extracted.warnings {
        config.warn(warning);
    }
    Ok(extracted.text)
}

/// The format to write: `--format` when given, else the extension of `--out`, else a table.
pub fn output_format(config: &Config, out: Option<&Path>) -> Format {
    if config.format != Format::Table {
        return config.format;
    }
    let ext = out.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json" | "jsonl" | "ndjson") => Format::Json,
        Some("csv") => Format::Csv,
        Some("html" | "htm") => Format::Html,
        _ => Format::Table,
    }
}

/// Run `compare`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Both documents are read before the index: a bad path fails fast, without a build.
    let advert_text = document_text(config, &args.advert, args.limits.limits())?;
    let cv_text = document_text(config, &args.cv, args.limits.limits())?;
    let index = config.open_index()?;
    let advert_matcher = Matcher::new(&index, args.requirements.advert_options(config))?;
    let cv_matcher = Matcher::new(&index, args.requirements.cv_options(config))?;
    let advert = advert_matcher.match_text(&args.advert.display().to_string(), &advert_text)?;
    let cv = cv_matcher.match_text(&args.cv.display().to_string(), &cv_text)?;
    let comparison = compare(&advert, &cv, args.requirements.compare_options());
    // A file gets no colour: escapes belong on a terminal.
    let paint = if args.out.is_some() { Paint::default() } else { config.paint };
    write_to(args.out.as_deref(), out, |w| {
        match output_format(config, args.out.as_deref()) {
            Format::Table => crate::report::table::write_comparison(w, &comparison, paint),
            Format::Json => crate::report::json::write(w, &comparison),
            Format::Csv => crate::report::csv::write_comparison(w, &comparison, config.csv),
            Format::Html => crate::report::html::write_comparison(w, &comparison, &advert_text, &cv_text),
        }
        .map_err(Error::Output)
    })?;
    Ok(0)
}
