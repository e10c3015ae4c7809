//! Output: the same facts as a table for people, JSON for programs, CSV for spreadsheets,
//! HTML for reading and sharing.
//!
//! Every command that prints results goes through here: [`table`], [`json`] and [`csv`]
//! each render match reports, skill lists and skill details, and comparisons and
//! shortlists; [`html`] renders reports, comparisons and shortlists as one self-contained
//! page; [`color`] paints table cells; [`terminal`] makes text safe for a terminal.

pub mod color;
pub mod csv;
pub mod html;
pub mod json;
pub mod table;
pub mod terminal;

use crate::model::{Framework, Skill};
use serde::Serialize;

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// JSON (one document).
    Json,
    /// CSV with a header row.
    Csv,
    /// One self-contained HTML page (match, query, compare, rank).
    Html,
}

/// One row of `list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillSummary<'a> {
    /// Framework id.
    pub framework: &'a str,
    /// Skill code.
    pub code: &'a str,
    /// Skill name.
    pub name: &'a str,
    /// Category.
    pub category: &'a str,
    /// Subcategory.
    pub subcategory: &'a str,
    /// The levels the skill defines.
    pub levels: Vec<u8>,
}

impl<'a> SkillSummary<'a> {
    /// Summarise `skill` of `framework`.
    pub fn new(framework: &'a Framework, skill: &'a Skill) -> Self {
        SkillSummary {
            framework: &framework.id,
            code: &skill.code,
            name: &skill.name,
            category: &skill.category,
            subcategory: &skill.subcategory,
            levels: skill.levels.iter().map(|l| l.level).collect(),
        }
    }
}

/// What `show` prints for one skill: the skill, optionally narrowed to one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillDetail<'a> {
    /// Framework id.
    pub framework: &'a str,
    /// The notice the framework's licence asks to be shown with it.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub attribution: &'a str,
    /// The skill (with only the requested level when one was asked for).
    #[serde(flatten)]
    pub skill: Skill,
}

/// A code as a table shows it: a URI code (ESCO's) by its last path segment, which
/// `skillmatch show` accepts too; other codes unchanged.
pub fn short_code(code: &str) -> &str {
    if code.contains("://") {
        code.trim_end_matches('/').rsplit('/').next().unwrap_or(code)
    } else {
        code
    }
}

/// Levels as "5-7" for a run, "2 4 6" otherwise.
pub fn levels_label(levels: &[u8]) -> String {
    match levels {
        [] => "-".into(),
        [only] => only.to_string(),
        [first, .., last] if levels.windows(2).all(|w| w[1] == w[0] + 1) => format!("{first}-{last}"),
        _ => levels.iter().map(u8::to_string).collect::<Vec<_>>().join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_labels() {
        assert_eq!(levels_label(&[]), "-");
        assert_eq!(levels_label(&[4]), "4");
        assert_eq!(levels_label(&[5, 6, 7]), "5-7");
        assert_eq!(levels_label(&[2, 4, 6]), "2 4 6");
    }
}
