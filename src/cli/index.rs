//! `skillmatch index`: build the index from the framework sources.
//!
//! ```text
//! skillmatch index [--corpus PATH]... [--index DIR] [--format table|json|csv]
//! ```
//! Always rebuilds. `match`, `query`, `show` and `list` build the index themselves when it
//! is missing or stale, so this is only needed to choose the corpus or to see what it holds.

use super::Config;
use crate::error::Error;
use crate::report::Format;
use serde::Serialize;
use std::io::Write;

/// Flags of `index`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// What the index holds, per framework.
#[derive(Debug, Serialize)]
struct FrameworkCounts<'a> {
    framework: &'a str,
    skills: usize,
    level_descriptions: usize,
    responsibility_levels: usize,
}

/// What `index` reports.
#[derive(Debug, Serialize)]
struct IndexSummary<'a> {
    index: String,
    frameworks: Vec<FrameworkCounts<'a>>,
    files: Vec<String>,
    warnings: &'a [String],
    elapsed_ms: u128,
}

/// Run `index`.
pub fn run(config: &Config, _args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let corpus = crate::index::resolve_corpus(&config.index);
    let (index, report) = crate::index::build(&config.index.dir, &corpus)?;
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
    write_summary(config.format, config.csv, &summary, out).map_err(Error::Output)?;
    Ok(0)
}

fn write_summary(
    format: Format,
    guard: crate::report::csv::CellGuard,
    summary: &IndexSummary<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => crate::report::json::write(out, summary),
        Format::Csv => {
            use crate::report::csv::{Cell, CsvWriter};
            // Framework ids come from users' files: quoted and guarded like any CSV text.
            let mut w = CsvWriter::new(out, guard);
            w.header(&["framework", "skills", "level_descriptions", "responsibility_levels"])?;
            for f in &summary.frameworks {
                let numbers = [
                    f.skills.to_string(),
                    f.level_descriptions.to_string(),
                    f.responsibility_levels.to_string(),
                ];
                w.record(&[
                    Cell::Text(f.framework),
                    Cell::Number(&numbers[0]),
                    Cell::Number(&numbers[1]),
                    Cell::Number(&numbers[2]),
                ])?;
            }
            w.flush()
        }
        Format::Table | Format::Html => {
            writeln!(
                out,
                "Indexed {} files into {} in {} ms",
                summary.files.len(),
                crate::report::terminal::sanitize(&summary.index),
                summary.elapsed_ms
            )?;
            // Ids of frameworks brought by users ("onet-tasks-30.2") outgrow SFIA's.
            let width =
                summary.frameworks.iter().map(|f| f.framework.chars().count()).max().unwrap_or(0).max(12);
            writeln!(
                out,
                "{:<width$} {:>7} {:>19} {:>22}",
                "FRAMEWORK", "SKILLS", "LEVEL DESCRIPTIONS", "RESPONSIBILITY LEVELS"
            )?;
            for f in &summary.frameworks {
                writeln!(
                    out,
                    "{:<width$} {:>7} {:>19} {:>22}",
                    crate::report::terminal::sanitize(f.framework),
                    f.skills,
                    f.level_descriptions,
                    f.responsibility_levels
                )?;
            }
            Ok(())
        }
    }
}
