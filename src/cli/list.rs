//! `skillmatch list`: browse the framework's skills.
//!
//! ```text
//! skillmatch list [--category NAME] [--format table|json|csv]
//! ```
//! --category matches a category or a subcategory, ignoring case. Exit code 1 when it
//! matches nothing (the message lists the categories there are).

use super::args::{command_options, CsvArgs, JsonShape, QuietArg, SourceArgs};
use super::Config;
use skillmatch::report::{Format, SkillSummary};
use skillmatch::Error;
use std::collections::BTreeSet;
use std::io::Write;

/// The formats `list` writes, its default first.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table)", {
    source: SourceArgs, quiet: QuietArg, csv: CsvArgs
});

/// Flags of `list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only skills of this category or subcategory, e.g. "Delivery and operation"
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `list`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let index = config.open_index()?;
    let catalog = index.catalog();
    let frameworks: Vec<_> = catalog.frameworks.iter().filter(|f| config.wants_framework(&f.id)).collect();
    if frameworks.is_empty() {
        let known: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
        return Err(Error::NotFound(format!(
            "no framework {} in the index (it has: {})",
            config.frameworks.join(", "),
            known.join(", ")
        )));
    }
    let wanted = |s: &str| args.category.as_deref().is_none_or(|c| s.trim().eq_ignore_ascii_case(c.trim()));
    let skills: Vec<SkillSummary<'_>> = frameworks
        .iter()
        .flat_map(|f| f.skills.iter().map(move |s| (f, s)))
        .filter(|(_, s)| wanted(&s.category) || wanted(&s.subcategory))
        .map(|(f, s)| SkillSummary::new(f, s))
        .collect();
    if skills.is_empty() {
        let categories: BTreeSet<&str> =
            frameworks.iter().flat_map(|f| f.skills.iter().map(|s| s.category.as_str())).collect();
        return Err(Error::NotFound(format!(
            "no skill in category '{}'; categories: {}",
            args.category.as_deref().unwrap_or_default(),
            categories.into_iter().collect::<Vec<_>>().join(", ")
        )));
    }
    let attributions: Vec<&str> =
        frameworks.iter().map(|f| f.attribution.as_str()).filter(|a| !a.is_empty()).collect();
    config.output.render(out, |r, w| r.skills(w, &skills, &attributions))?;
    Ok(0)
}
