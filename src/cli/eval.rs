//! `skillmatch eval`: measure ranking and level quality on labelled data.
//!
//! ```text
//! skillmatch eval [--roles FILE.jsonl] [--cross-version PATH] [--ablation] [--format table|json]
//! ```
//! --roles: SFIA role profiles (one JSON object a line: `text`, `gold` codes with levels).
//! --cross-version: framework sources of another version (e.g. SFIA 8); each of its level
//! descriptions is a query that should find its own code at its own level in the index.
//! --ablation: also run with each level signal alone (evidence, generic levels, cues).
//! At least one data set is required. The index is the usual one (--corpus, --index,
//! --framework).

use super::Config;
use crate::error::Error;
use crate::eval::{
    evaluate_cross_version, evaluate_roles, ranking_options, read_roles, CrossVersionMetrics, RoleMetrics,
};
use crate::index::SkillIndex;
use crate::matching::levels::{LevelWeights, DEFAULT_LEVEL_WEIGHTS};
use crate::matching::{MatchOptions, Matcher};
use crate::model::Framework;
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
    /// Also measure each level signal alone
    #[arg(long)]
    pub ablation: bool,
}

/// The metrics of one configuration of level signals.
#[derive(Debug, Serialize)]
struct Run {
    signals: &'static str,
    weights: LevelWeights,
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<RoleMetrics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_version: Option<CrossVersionMetrics>,
}

#[derive(Debug, Serialize)]
struct EvalOutput {
    runs: Vec<Run>,
    elapsed_ms: u128,
}

/// The signal configurations of an ablation: all together first.
const ABLATION: [(&str, LevelWeights); 4] = [
    ("all", DEFAULT_LEVEL_WEIGHTS),
    ("evidence only", LevelWeights { evidence: 1.0, generic: 0.0, cues: 0.0 }),
    ("generic levels only", LevelWeights { evidence: 0.0, generic: 1.0, cues: 0.0 }),
    ("cues only", LevelWeights { evidence: 0.0, generic: 0.0, cues: 1.0 }),
];

/// Run `eval`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    if args.roles.is_none() && args.cross_version.is_none() {
        return Err(Error::Usage("eval needs --roles FILE and/or --cross-version PATH".into()));
    }
    let started = Instant::now();
    let index = config.open_index()?;
    let roles = args.roles.as_deref().map(read_roles).transpose()?;
    let cross = match &args.cross_version {
        Some(path) => {
            let loaded = load_corpus(std::slice::from_ref(path))?;
            let source = loaded.catalog.frameworks.into_iter().next().ok_or_else(|| {
                Error::Usage(format!("{}: no framework to take queries from", path.display()))
            })?;
            Some(source)
        }
        None => None,
    };
    let configurations = if args.ablation { &ABLATION[..] } else { &ABLATION[..1] };
    let mut runs = Vec::new();
    for &(signals, weights) in configurations {
        runs.push(evaluate(config, &index, weights, signals, roles.as_deref(), cross.as_ref())?);
    }
    let output = EvalOutput { runs, elapsed_ms: started.elapsed().as_millis() };
    match config.format {
        Format::Json => crate::report::json::write(out, &output),
        Format::Table | Format::Csv | Format::Html => write_table(out, &output),
    }
    .map_err(Error::Output)?;
    Ok(0)
}

fn evaluate(
    config: &Config,
    index: &SkillIndex,
    weights: LevelWeights,
    signals: &'static str,
    roles: Option<&[crate::eval::Role]>,
    cross: Option<&Framework>,
) -> Result<Run, Error> {
    let ranked = Matcher::new(
        index,
        MatchOptions { level_weights: weights, ..ranking_options(config.frameworks.clone()) },
    )?;
    let default = Matcher::new(
        index,
        MatchOptions {
            frameworks: config.frameworks.clone(),
            level_weights: weights,
            ..MatchOptions::default()
        },
    )?;
    let roles = roles.map(|roles| evaluate_roles(&ranked, &default, roles)).transpose()?;
    let cross_version = match cross {
        Some(source) => {
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
    Ok(Run { signals, weights, roles, cross_version })
}

fn write_table(out: &mut dyn Write, o: &EvalOutput) -> std::io::Result<()> {
    for run in &o.runs {
        writeln!(out, "== level signals: {}", run.signals)?;
        if let Some(r) = &run.roles {
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
        if let Some(c) = &run.cross_version {
            writeln!(out, "Cross-version check ({} level descriptions)", c.queries)?;
            writeln!(out, "  code hit@1 {:.3}  hit@5 {:.3}", c.hit_at_1, c.hit_at_5)?;
            writeln!(
                out,
                "  level ({} compared): exact {:.3}  within one {:.3}  MAE {:.3}",
                c.level.compared, c.level.exact, c.level.within_one, c.level.mae
            )?;
        }
    }
    writeln!(out, "{} ms", o.elapsed_ms)
}
