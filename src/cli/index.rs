//! `skillmatch index`: build the index from the framework sources.
//!
//! ```text
//! skillmatch index [--corpus PATH]... [--index DIR] [--format table|json|csv]
//! ```
//! Always rebuilds. `match`, `query`, `show` and `list` build the index themselves when it
//! is missing or stale, so this is only needed to choose the corpus or to see what it holds.

use super::Config;
use skillmatch::report::{Format, FrameworkCounts, IndexSummary};
use skillmatch::Error;
use std::io::Write;

/// The formats `index` writes, its default first.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

/// Flags of `index`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `index`.
pub fn run(config: &Config, _args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let corpus = skillmatch::index::resolve_corpus(&config.index);
    let (index, report) = skillmatch::index::build(&config.index.dir, &corpus)?;
    if !config.quiet {
        for warning in &report.warnings {
            config.warn(warning);
        }
    }
    let summary = IndexSummary {
        index: config.index.dir.display().to_string(),
        frameworks: index
            .catalog()
            .frameworks
            .iter()
            .map(|f| FrameworkCounts {
                framework: &f.id,
                skills: f.skills.len(),
                level_descriptions: f.level_description_count(),
                responsibility_levels: f.responsibility_levels.len(),
            })
            .collect(),
        files: report.files.iter().map(|p| p.display().to_string()).collect(),
        warnings: &report.warnings,
        elapsed_ms: report.elapsed.as_millis(),
    };
    config.output.render(out, |r, w| r.index_summary(w, &summary))?;
    Ok(0)
}
