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
//! [`crate::recruit`]): fit = Σ credit / Σ w over the advert's skills, where w is the
//! advert's score for the skill and credit is w when the CV shows the skill at the level
//! asked or above, w/(1+N) when N levels below, 0 when it does not show it. Ties go to
//! more skills met, then fewer missing, then the path. Each CV is shown with its strongest
//! evidence and its biggest gap. A CV that cannot be read is listed after the others with
//! its error, never dropped. Output: a table, or `--out FILE` by extension (.csv, .jsonl,
//! .html) unless `--format` says.
//! Exit code 0 when every CV was scored, 1 when the advert is unusable or some CV failed,
//! 2 for usage, corpus and index errors.

use super::compare::{document_text, output_format, RequirementArgs};
use super::{write_to, Config};
use crate::bulk::inputs::{plan, Columns, FileFilter, InputSpec};
use crate::bulk::{score_plan, Limits};
use crate::error::Error;
use crate::matching::Matcher;
use crate::recruit::{compare, shortlist, Candidate};
use crate::report::color::Paint;
use crate::report::Format;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

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
}

/// Run `rank`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let start = Instant::now();
    // The advert and the inputs are checked before the index: bad paths fail fast.
    let advert_text = document_text(config, &args.advert, Limits::default())?;
    let spec = InputSpec {
        paths: args.cvs.clone(),
        files_from: None,
        jsonl_in: None,
        filter: FileFilter::new(&args.include, &args.exclude)?,
        ignore: args.out.iter().flat_map(|o| [o.clone(), crate::bulk::output::partial_path(o)]).collect(),
    };
    let plan = plan(&spec)?;
    let skipped = plan.skipped;
    let index = config.open_index()?;
    let advert_matcher = Matcher::new(&index, args.requirements.advert_options(config))?;
    let cv_matcher = Matcher::new(&index, args.requirements.cv_options(config))?;
    let advert_name = args.advert.display().to_string();
    let advert = advert_matcher.match_text(&advert_name, &advert_text)?;
    let options = args.requirements.compare_options();
    let progress = !config.quiet && std::io::stderr().is_terminal();
    let jobs = args.jobs.map_or(0, |j| j as usize);
    let candidates =
        score_plan(&cv_matcher, plan, Columns::default(), Limits::default(), jobs, progress, |record| {
            let id = record.path.clone().unwrap_or_else(|| record.id.to_string());
            match &record.error {
                Some(error) => Candidate::failed(id, error.clone()),
                None => Candidate::scored(id, &compare(&advert, &record.report, options)),
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
    let paint = if args.out.is_some() { Paint::default() } else { config.paint };
    write_to(args.out.as_deref(), out, |w| {
        match output_format(config, args.out.as_deref()) {
            Format::Table => {
                crate::report::table::write_shortlist(w, &advert_name, &candidates, total, paint)
            }
            Format::Json => candidates.iter().try_for_each(|c| {
                serde_json::to_writer(&mut *w, c).map_err(std::io::Error::from)?;
                w.write_all(b"\n")
            }),
            Format::Csv => crate::report::csv::write_shortlist(w, &candidates, config.csv),
            Format::Html => crate::report::html::write_shortlist(w, &advert_name, &candidates, total),
        }
        .map_err(Error::Output)
    })?;
    if !config.quiet {
        let secs = start.elapsed().as_secs_f64();
        let _ = writeln!(
            std::io::stderr().lock(),
            "skillmatch: rank: {total} CVs: {} scored, {failed} failed, {skipped} skipped (unsupported \
             extension or filtered out); {secs:.2} s, {:.1} CVs/s",
            total - failed,
            if secs > 0.0 { total as f64 / secs } else { 0.0 }
        );
    }
    Ok(i32::from(failed > 0))
}
