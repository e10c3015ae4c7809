//! `skillmatch eval`: measure ranking and level quality on labelled data.
//!
//! ```text
//! skillmatch eval [--roles FILE.jsonl] [--cross-version PATH] [--format table|json]
//! ```
//! --roles: SFIA role profiles (one JSON object a line: `text`, `gold` codes with levels).
//! --cross-version: framework sources of another version (e.g. SFIA 8); each of its level
//! descriptions is a query that should find its own code at its own level in the index.
//! At least one is required. The index is the usual one (--corpus, --index, --framework).

use super::Config;
use crate::error::Error;
use crate::eval::{evaluate_cross_version, evaluate_roles, ranking_options, read_roles, CrossVersionMetrics, RoleMetrics};
use crate::matching::{MatchOptions, Matcher};
use crate::report::Format;
use crate::source::load_corpus;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Flags of `eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Role profiles with gold skills and levels (JSON lines)
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// Framework sources of another version whose level descriptions become queries
    #[arg(long, value_name = "PATH")]
    pub cross_version: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct EvalOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<RoleMetrics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_version: Option<CrossVersionMetrics>,
    elapsed_ms: u128,
}

/// Run `eval`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    if args.roles.is_none() && args.cross_version.is_none() {
        return Err(Error::Usage("eval needs --roles FILE and/or --cross-version PATH".into()));
    }
    let started = Instant::now();
    let index = config.open_index()?;
    let ranked = Matcher::new(&index, ranking_options(config.frameworks.clone()))?;
    let default =
        Matcher::new(&index, MatchOptions { frameworks: config.frameworks.clone(), ..MatchOptions::default() })?;
    let roles = match &args.roles {
        Some(path) => Some(evaluate_roles(&ranked, &default, &read_roles(path)?)?),
        None => None,
    };
    let cross_version = match &args.cross_version {
        Some(path) => {
            let source = load_corpus(std::slice::from_ref(path))?;
            let source = source.catalog.frameworks.first().ok_or_else(|| {
                Error::Usage(format!("{}: no framework to take queries from", path.display()))
            })?;
            let catalog = index.catalog();
            let target = match config.frameworks.first() {
                Some(id) => catalog.framework(id),
                None => catalog.frameworks.iter().find(|f| f.id != source.id),
            }
            .ok_or_else(|| Error::Usage("the index holds no framework to check against".into()))?;
            Some(evaluate_cross_version(&ranked, source, target)?)
        }
        None => None,
    };
    let output = EvalOutput { roles, cross_version, elapsed_ms: started.elapsed().as_millis() };
    match config.format {
        Format::Json => crate::report::json::write(out, &output),
        Format::Table | Format::Csv => write_table(out, &output),
    }
    .map_err(Error::Output)?;
    Ok(0)
}

fn write_table(out: &mut dyn Write, o: &EvalOutput) -> std::io::Result<()> {
    if let Some(r) = &o.roles {
        writeln!(out, "Role profiles ({} roles)", r.roles)?;
        writeln!(out, "  R@10 {:.3}  MRR {:.3}", r.recall_at_10, r.mrr)?;
        writeln!(
            out,
            "  default report: P {:.3}  R {:.3}  F1 {:.3}  ({:.1} skills per role)",
            r.precision, r.recall, r.f1, r.reported
        )?;
        writeln!(
            out,
            "  level ({} found): exact {:.3}  within one {:.3}  MAE {:.3}",
            r.level.compared, r.level.exact, r.level.within_one, r.level.mae
        )?;
    }
    if let Some(c) = &o.cross_version {
        writeln!(out, "Cross-version check ({} level descriptions)", c.queries)?;
        writeln!(out, "  code hit@1 {:.3}  hit@5 {:.3}", c.hit_at_1, c.hit_at_5)?;
        writeln!(
            out,
            "  level ({} compared): exact {:.3}  within one {:.3}  MAE {:.3}",
            c.level.compared, c.level.exact, c.level.within_one, c.level.mae
        )?;
    }
    writeln!(out, "{} ms", o.elapsed_ms)
}
