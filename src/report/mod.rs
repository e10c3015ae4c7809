//! Output: the same facts as a table for people, JSON for programs, CSV for spreadsheets,
//! HTML for reading and sharing.
//!
//! Every command that prints results goes through one seam, [`Render`]: [`writer`] picks
//! the writer of a [`Format`] (the one place that switches on the format), and each
//! writer ([`table::Table`], [`json::Json`], [`csv::Csv`], [`html::Html`]) renders every
//! kind of result: match reports, skill lists and details, comparisons, shortlists, the
//! index summary and evaluation metrics. HTML renders reports, comparisons and shortlists
//! only; the others are refused before a command runs. [`color`] paints table cells;
//! [`terminal`] makes text safe for a terminal.

pub mod color;
pub mod csv;
pub mod html;
pub mod json;
pub mod table;
pub mod terminal;

use crate::eval::EvalReport;
use crate::matching::MatchReport;
use crate::model::{Framework, Skill};
use crate::recruit::{Candidate, Comparison};
use color::Paint;
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 4] = [Format::Table, Format::Json, Format::Csv, Format::Html];

    /// The format's name as `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }

    /// The format an output file's extension asks for, ignoring case: `.json`, `.jsonl`,
    /// `.ndjson` → JSON (JSON lines where a command writes one record a line), `.csv` →
    /// CSV, `.html`, `.htm` → HTML; `None` for any other extension or none.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" | "jsonl" | "ndjson" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// How writers style their output: table colours and the CSV formula guard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Colours for tables (off for files).
    pub paint: Paint,
    /// How CSV text cells that look like formulas are written (`--csv-raw`).
    pub csv: csv::CellGuard,
}

/// The seam between commands and output formats: one writer per [`Format`], each able to
/// render every kind of result a command prints. A command asks [`writer`] for the writer
/// of its format and calls the method for its result; it never switches on the format.
///
/// Adding a format means one more implementation and one more arm in [`writer`]; adding a
/// kind of result means one more method, which every writer then implements (or refuses,
/// as HTML refuses skill lists).
pub trait Render {
    /// A match report of `text` (HTML highlights the evidence in it).
    fn report(&self, out: &mut dyn Write, report: &MatchReport, text: &str) -> io::Result<()>;
    /// A skill list, with the notices the frameworks' licences ask for (`attributions`).
    fn skills(
        &self,
        out: &mut dyn Write,
        skills: &[SkillSummary<'_>],
        attributions: &[&str],
    ) -> io::Result<()>;
    /// Skill details.
    fn details(&self, out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()>;
    /// An advert compared with a CV (HTML shows both texts with their evidence).
    fn comparison(
        &self,
        out: &mut dyn Write,
        c: &Comparison,
        advert_text: &str,
        cv_text: &str,
    ) -> io::Result<()>;
    /// A shortlist of CVs against `advert`; `total` is the number of CVs ranked.
    fn shortlist(
        &self,
        out: &mut dyn Write,
        advert: &str,
        candidates: &[Candidate],
        total: usize,
    ) -> io::Result<()>;
    /// What an index build produced.
    fn index_summary(&self, out: &mut dyn Write, summary: &IndexSummary<'_>) -> io::Result<()>;
    /// Evaluation metrics.
    fn eval(&self, out: &mut dyn Write, report: &EvalReport) -> io::Result<()>;
}

/// The writer of `format`: the one place output switches on the format.
pub fn writer(format: Format, style: Style) -> Box<dyn Render> {
    match format {
        Format::Table => Box::new(table::Table { paint: style.paint }),
        Format::Json => Box::new(json::Json),
        Format::Csv => Box::new(csv::Csv { guard: style.csv }),
        Format::Html => Box::new(html::Html),
    }
}

/// The error of a writer asked for a result its format does not render.
pub fn unsupported(format: Format, what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::Unsupported, format!("--format {} cannot show {what}", format.name()))
}

/// What an index holds, per framework (`skillmatch index`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkCounts<'a> {
    /// Framework id.
    pub framework: &'a str,
    /// Skills.
    pub skills: usize,
    /// Level descriptions over all skills.
    pub level_descriptions: usize,
    /// Generic levels of responsibility.
    pub responsibility_levels: usize,
}

/// What `skillmatch index` reports: the index folder, its frameworks, the files read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexSummary<'a> {
    /// The index folder.
    pub index: String,
    /// Per framework counts.
    pub frameworks: Vec<FrameworkCounts<'a>>,
    /// The corpus files read.
    pub files: Vec<String>,
    /// Warnings from loading the corpus.
    pub warnings: &'a [String],
    /// Build time in milliseconds.
    pub elapsed_ms: u128,
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

/// `n` and the noun, singular for one: "1 skill", "3 skills", "0 files".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// A code as a table column shows it: [`short_code`], and for a long URI segment (ESCO's
/// UUIDs) its first [`TABLE_CODE_CHARS`] characters, which `skillmatch show` takes as a
/// prefix (ESCO 1.1.0's 13,891 skills differ in their first seven; a test holds it). JSON
/// and CSV carry the whole code.
pub fn table_code(code: &str) -> &str {
    let short = short_code(code);
    if short.len() > 12 && short.len() != code.len() {
        let end = short.char_indices().nth(TABLE_CODE_CHARS).map_or(short.len(), |(i, _)| i);
        &short[..end]
    } else {
        short
    }
}

/// How many characters of a long URI code a table shows ([`table_code`]).
pub const TABLE_CODE_CHARS: usize = 8;

/// The counts of a shortlist's title: "6 of 20 CVs ranked · 1 failed". `total` is every CV
/// given, scored or failed; `candidates` the ones shown (the top of the ranked ones, and
/// every failed one).
pub fn shortlist_counts(candidates: &[Candidate], total: usize) -> String {
    let failed = candidates.iter().filter(|c| c.fit.is_none()).count();
    let ranked = total.saturating_sub(failed);
    let shown = candidates.len() - failed;
    let mut counts = if shown < ranked {
        format!("{shown} of {ranked} CVs ranked")
    } else {
        format!("{ranked} CVs ranked")
    };
    if failed > 0 {
        counts.push_str(&format!(" · {failed} failed"));
    }
    counts
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
    fn counts_are_singular_for_one() {
        assert_eq!(
            [count(0, "skill", "skills"), count(1, "skill", "skills"), count(2, "index", "indexes")],
            ["0 skills", "1 skill", "2 indexes"]
        );
    }

    #[test]
    fn table_codes_are_short() {
        let uri = "http://data.europa.eu/esco/skill/a8460be3-f4a1-4bd1-9a2b-6e6d5b0b0a11";
        assert_eq!(table_code(uri), "a8460be3");
        assert_eq!(table_code("USUP"), "USUP");
        assert_eq!(table_code("http://x.org/skill/S12"), "S12");
    }

    #[test]
    fn level_labels() {
        assert_eq!(levels_label(&[]), "-");
        assert_eq!(levels_label(&[4]), "4");
        assert_eq!(levels_label(&[5, 6, 7]), "5-7");
        assert_eq!(levels_label(&[2, 4, 6]), "2 4 6");
    }
}
