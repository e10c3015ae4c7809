//! `skillmatch show`: read a skill's descriptions.
//!
//! ```text
//! skillmatch show [--level N] [--format table|json|csv] <CODE>
//! ```
//! Shows the skill in every indexed framework that has the code (narrow with --framework).
//! Exit code 1 when no framework has it, or it does not define the level asked for.

use super::args::{command_options, CsvArgs, JsonShape, QuietArg, SourceArgs};
use super::Config;
use skillmatch::model::{Framework, Skill};
use skillmatch::report::{short_code, Format, SkillDetail};
use skillmatch::Error;
use std::io::Write;

/// The formats `show` writes, its default first.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

command_options!(Options, FORMATS, JsonShape::Document, "Output format (default: table)", {
    source: SourceArgs, quiet: QuietArg, csv: CsvArgs
});

/// Flags of `show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The skill's code, e.g. ITMG. For a framework whose codes are URIs (ESCO): the
    /// URI's last segment, or a prefix of it of at least six characters that only one
    /// skill has (tables show such a prefix)
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Only this level's description
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=9))]
    pub level: Option<u8>,
    /// The common options
    #[command(flatten, next_help_heading = "Common options")]
    pub common: Options,
}

/// Run `show`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    let index = config.open_index()?;
    let catalog = index.catalog();
    let mut details = Vec::new();
    for framework in &catalog.frameworks {
        let Some(skill) = find_skill(framework, &args.code).filter(|_| config.wants_framework(&framework.id))
        else {
            continue;
        };
        let mut skill = skill.clone();
        if let Some(level) = args.level {
            let defined: Vec<String> = skill.levels.iter().map(|l| l.level.to_string()).collect();
            skill.levels.retain(|l| l.level == level);
            if skill.levels.is_empty() {
                return Err(Error::NotFound(format!(
                    "{} ({}) is not defined at level {level}; it is defined at: {}",
                    skill.code,
                    framework.id,
                    defined.join(" ")
                )));
            }
        }
        details.push(SkillDetail { framework: &framework.id, attribution: &framework.attribution, skill });
    }
    if details.is_empty() {
        let uris = catalog.frameworks.iter().any(|f| f.skills.iter().any(|s| s.code.contains("://")));
        let hint = if uris {
            " (a URI code, as ESCO's, is found by its last segment or by a prefix of it of at least \
             six characters that only one skill has)"
        } else {
            ""
        };
        return Err(Error::NotFound(format!(
            "no skill with code '{}' in the index{hint}; `skillmatch list` shows the codes",
            args.code
        )));
    }
    config.output.render(out, |r, w| r.details(w, &details))?;
    Ok(0)
}

/// The skill `wanted` names: its code, or for URI codes (ESCO) the URI's last segment or a
/// prefix of it that only one skill has (tables show the segment, shortened).
fn find_skill<'f>(framework: &'f Framework, wanted: &str) -> Option<&'f Skill> {
    if let Some(skill) = framework.skill(wanted) {
        return Some(skill);
    }
    let wanted = wanted.trim_end_matches('…');
    if wanted.len() < 6 {
        return None;
    }
    let mut found = framework.skills.iter().filter(|s| {
        s.code.contains("://")
            && short_code(&s.code).to_ascii_lowercase().starts_with(&wanted.to_ascii_lowercase())
    });
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
