//! Rows of framework tables, whatever their format (CSV, TSV, a workbook's sheets, JSON
//! records): the set of skills they merge into by code, where a row came from for messages,
//! and the cell-level readers the table loaders share.

use crate::model::{ConflictLog, Skill};
use calamine::Data;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Skills merged by code (case-insensitive): the first non-empty value of each field wins,
/// levels and aliases accumulate, a different name becomes an alias. Merging a row costs
/// one hash lookup plus one per alias, so 30,000 rows of one class stay fast.
///
/// A row that gives a code's name, texts or a level's text differently from an earlier row
/// ([`Skill::conflicts_with`]) is still merged that way, and noted: [`SkillSet::warnings`]
/// names both rows, so a copy-paste slip in a framework file does not go unseen.
#[derive(Debug, Default)]
pub struct SkillSet {
    skills: Vec<Skill>,
    by_code: HashMap<String, usize>,
    /// Lower-cased aliases and name of each skill, for duplicate checks.
    names: Vec<HashSet<String>>,
    /// Where each skill was first given ("team.csv row 3").
    origins: Vec<String>,
    conflicts: ConflictLog,
}

impl SkillSet {
    /// Whether a skill with this code has been added.
    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(&code.to_lowercase())
    }

    /// Add a skill, or merge it into the one with the same code. `origin` says where the
    /// skill was read ("team.csv row 3"), for a warning when it conflicts with an earlier one.
    pub fn add(&mut self, skill: Skill, origin: impl FnOnce() -> String) {
        let index = match self.by_code.get(&skill.code.to_lowercase()) {
            Some(&index) => {
                let what = self.skills[index].conflicts_with(&skill);
                if !what.is_empty() {
                    let first = &self.origins[index];
                    self.conflicts.note(None, &skill.code, || format!("{first} and {}", origin()), &what);
                }
                index
            }
            None => {
                self.by_code.insert(skill.code.to_lowercase(), self.skills.len());
                self.skills.push(Skill { code: skill.code.clone(), ..Skill::default() });
                self.names.push(HashSet::new());
                self.origins.push(origin());
                self.skills.len() - 1
            }
        };
        self.merge(index, skill);
    }

    /// Warnings about rows that gave a code differently (see [`SkillSet`]), taken out.
    pub fn warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.conflicts).into_warnings()
    }

    fn merge(&mut self, index: usize, other: Skill) {
        let (target, names) = (&mut self.skills[index], &mut self.names[index]);
        let incoming = target.merge_texts_from(other);
        names.insert(target.name.to_lowercase());
        // Skill::add_alias's rule (trimmed, case-insensitive, never the name), with a hash set
        // instead of a scan of the aliases.
        for alias in incoming {
            let alias = alias.trim();
            if !alias.is_empty() && names.insert(alias.to_lowercase()) {
                target.aliases.push(alias.to_string());
            }
        }
    }

    /// How many distinct skills there are.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The skills in the order their codes were first seen, levels sorted.
    pub fn into_skills(self) -> Vec<Skill> {
        let mut skills = self.skills;
        for skill in &mut skills {
            skill.levels.sort_by_key(|l| l.level);
        }
        skills
    }
}

/// "team.csv row 3", or "book.xlsx: Skills row 3" for a sheet of a workbook.
pub fn row_origin(path: &Path, sheet: &str, row: usize) -> String {
    if sheet == file_name(path) {
        format!("{} row {row}", path.display())
    } else {
        format!("{}: {sheet} row {row}", path.display())
    }
}

/// The file's name, standing for the sheet in errors about delimited files.
pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A cell as text: whole numbers without a decimal point (codes and levels are often typed
/// as numbers), errors and empty cells as "".
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The 1-based line of a quoted field that never closes, if any. The csv crate reads such
/// a field to the end of the file without complaint, silently swallowing every later row.
/// `delimiter` is the field separator (a quote only opens a field right after one).
pub fn unterminated_quote_line(text: &str, delimiter: u8) -> Option<usize> {
    let delimiter = char::from(delimiter);
    let mut line = 1;
    let mut opened_at = None;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match opened_at {
            Some(_) if c == '"' => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened_at = None;
                    field_start = false;
                }
            }
            Some(_) => {}
            None => {
                if c == '"' && field_start {
                    opened_at = Some(line);
                }
                field_start = c == delimiter || matches!(c, '\n' | '\r');
            }
        }
    }
    opened_at
}
