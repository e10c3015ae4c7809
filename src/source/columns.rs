//! The SFIA Skills sheet's columns, found by header name, shared by the spreadsheet loader
//! ([`super::sfia_sheet`]) and the CSV loader ([`super::sfia_csv`]).
//!
//! Columns are looked up by their header text, never by position: SFIA 8 has no `URL`
//! column and SFIA 9 does, so everything after it moves. Both loaders turn their rows into
//! plain strings and hand them to [`SkillColumns::skill_from_row`], which is what makes the
//! xlsx and its CSV export give identical skills.

use crate::error::SourceError;
use crate::model::{Skill, SkillLevel};
use std::path::Path;

/// How many rows from the top are searched for the header row (the real files have it on
/// row 1; a title row or two above it is tolerated).
pub const HEADER_SEARCH_ROWS: usize = 10;

/// Excel's escape for a carriage return, left in the text by some exports.
const ESCAPED_CR: &str = "_x000D_";

/// Clean one cell's text: drop Excel's literal `_x000D_`, turn non-breaking spaces into
/// spaces, normalise `\r\n` and `\r` to `\n`, trim each line's trailing white space and
/// the whole cell.
pub fn clean_cell(s: &str) -> String {
    let unified = s.replace(ESCAPED_CR, "").replace('\u{a0}', " ").replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// A header cell reduced for comparison: cleaned, lower case, inner white space collapsed.
pub fn normalize_header(s: &str) -> String {
    clean_cell(s).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The level a `Level N description` header (or a bare `Level N`) stands for.
pub fn level_header(header: &str) -> Option<u8> {
    let h = normalize_header(header);
    let rest = h.strip_prefix("level")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = rest[digits.len()..].trim();
    if digits.is_empty() || !(tail.is_empty() || tail == "description") {
        return None;
    }
    digits.parse().ok().filter(|n| (1..=9).contains(n))
}

/// Where each field of a [`Skill`] is in the Skills sheet's rows (0-based cell indexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillColumns {
    /// `Code`.
    pub code: usize,
    /// `Skill`: the skill's name.
    pub name: usize,
    /// `URL`, absent in SFIA 8.
    pub url: Option<usize>,
    /// `Category`.
    pub category: Option<usize>,
    /// `Subcategory`.
    pub subcategory: Option<usize>,
    /// `Overall description`.
    pub description: Option<usize>,
    /// `Guidance notes`.
    pub guidance: Option<usize>,
    /// `Level N description` columns as (level, index), sorted by level, one per level.
    pub levels: Vec<(u8, usize)>,
}

/// The header names each field accepts, compared after [`normalize_header`].
const CODE: &[&str] = &["code", "skill code"];
const NAME: &[&str] = &["skill", "skill name"];
const URL: &[&str] = &["url", "link"];
const CATEGORY: &[&str] = &["category"];
const SUBCATEGORY: &[&str] = &["subcategory", "sub-category", "sub category"];
const DESCRIPTION: &[&str] = &["overall description", "description"];
const GUIDANCE: &[&str] = &["guidance notes", "guidance"];

impl SkillColumns {
    /// Map a header row. `None` unless it has both a `Code` and a `Skill` column.
    pub fn from_header<S: AsRef<str>>(header: &[S]) -> Option<SkillColumns> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h.as_ref())).collect();
        // The first column with a matching name wins, so a stray duplicate further right
        // cannot replace the real column.
        let find = |accepted: &[&str]| names.iter().position(|n| accepted.contains(&n.as_str()));
        let mut levels: Vec<(u8, usize)> = Vec::new();
        for (index, cell) in header.iter().enumerate() {
            if let Some(level) = level_header(cell.as_ref()) {
                if !levels.iter().any(|(l, _)| *l == level) {
                    levels.push((level, index));
                }
            }
        }
        levels.sort_unstable();
        Some(SkillColumns {
            code: find(CODE)?,
            name: find(NAME)?,
            url: find(URL),
            category: find(CATEGORY),
            subcategory: find(SUBCATEGORY),
            description: find(DESCRIPTION),
            guidance: find(GUIDANCE),
            levels,
        })
    }

    /// Find the header row among the first [`HEADER_SEARCH_ROWS`] rows: the first one with
    /// both a `Code` and a `Skill` column. Returns its index in `rows` and its mapping.
    ///
    /// Without one, a [`SourceError::MissingColumn`] names the column missing from the most
    /// header-like row (one with `Code` or `Skill`, else the first non-empty row) and lists
    /// that row's cells.
    pub fn locate<S: AsRef<str>>(
        rows: &[Vec<S>],
        path: &Path,
        sheet: &str,
    ) -> Result<(usize, SkillColumns), SourceError> {
        let top = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
        if let Some(found) =
            top.iter().enumerate().find_map(|(i, row)| SkillColumns::from_header(row).map(|c| (i, c)))
        {
            return Ok(found);
        }
        let has = |row: &Vec<S>, accepted: &[&str]| {
            row.iter().any(|c| accepted.contains(&normalize_header(c.as_ref()).as_str()))
        };
        let best = top
            .iter()
            .find(|row| has(row, CODE) || has(row, NAME))
            .or_else(|| top.iter().find(|row| row.iter().any(|c| !c.as_ref().trim().is_empty())));
        let (column, found) = match best {
            Some(row) => {
                let column = if has(row, CODE) { "Skill" } else { "Code" };
                let cells: Vec<String> =
                    row.iter().map(|c| clean_cell(c.as_ref())).filter(|c| !c.is_empty()).collect();
                (column, cells.join(", "))
            }
            None => ("Code", "(no header row: the sheet is empty)".to_string()),
        };
        Err(SourceError::MissingColumn {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            column: column.to_string(),
            found,
        })
    }

    /// The skill a data row describes, or `None` for a row without a code (blank or
    /// trailing rows). A row with a code but no name is a [`SourceError::BadRow`]; `row` is
    /// the 1-based row (spreadsheet) or line (CSV) number used in that error.
    pub fn skill_from_row<S: AsRef<str>>(
        &self,
        cells: &[S],
        path: &Path,
        sheet: &str,
        row: usize,
    ) -> Result<Option<Skill>, SourceError> {
        let cell = |index: usize| cells.get(index).map(|c| clean_cell(c.as_ref())).unwrap_or_default();
        let optional = |index: Option<usize>| index.map(cell).unwrap_or_default();
        let code = cell(self.code);
        if code.is_empty() {
            return Ok(None);
        }
        let name = cell(self.name);
        if name.is_empty() {
            return Err(SourceError::BadRow {
                path: path.to_path_buf(),
                sheet: sheet.to_string(),
                row,
                message: format!("skill {code} has no name (its 'Skill' cell is empty)"),
            });
        }
        let levels = self
            .levels
            .iter()
            .filter_map(|&(level, index)| {
                let description = cell(index);
                (!description.is_empty()).then(|| SkillLevel { level, name: String::new(), description })
            })
            .collect();
        let url = optional(self.url);
        Ok(Some(Skill {
            code,
            name,
            category: optional(self.category),
            subcategory: optional(self.subcategory),
            description: optional(self.description),
            guidance: optional(self.guidance),
            levels,
            aliases: Vec::new(),
            url: (!url.is_empty()).then_some(url),
        }))
    }
}

/// The SFIA version a skill URL names: `https://sfia-online.org/en/skillcode/9/ITSP` gives
/// "sfia-9"; links of the `/sfia-9/` kind are recognised too.
pub fn version_from_url(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    for marker in ["/skillcode/", "/shortcode/", "/lor/"] {
        if let Some(pos) = lower.find(marker) {
            let rest = &lower[pos + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && digits.len() <= 2 && rest[digits.len()..].starts_with('/') {
                return Some(format!("sfia-{digits}"));
            }
        }
    }
    super::sfia_version_hint(url)
}

/// The framework id the file name or the skills' URLs give, in that order; `None` when
/// neither names a version (the spreadsheet loader then tries its Read Me sheet).
pub fn version_from_name_or_urls(path: &Path, skills: &[Skill]) -> Option<String> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    super::sfia_version_hint(&file_name)
        .or_else(|| skills.iter().filter_map(|s| s.url.as_deref()).find_map(version_from_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<&'static str> {
        vec![
            "#",
            "Levels",
            "",
            "Code",
            " url ",
            "SKILL",
            "Category",
            "Subcategory",
            "Overall description",
            "Guidance notes",
            "Level 2 description",
            "Level 1 description",
            "Level 7 description",
        ]
    }

    #[test]
    fn clean_cell_removes_excel_escapes_and_normalises_lines() {
        assert_eq!(clean_cell("  One_x000D_\r\nTwo\u{a0}words  \rThree\n\n"), "One\nTwo words\nThree");
        assert_eq!(clean_cell("\r\n\r\nOnly line.\u{a0}\r\n"), "Only line.");
        assert_eq!(clean_cell("a_x000D_\nb"), "a\nb");
        assert_eq!(clean_cell(""), "");
    }

    #[test]
    fn header_is_mapped_by_name_not_position() {
        let c = SkillColumns::from_header(&header()).unwrap();
        assert_eq!((c.code, c.name, c.url), (3, 5, Some(4)));
        assert_eq!(
            (c.category, c.subcategory, c.description, c.guidance),
            (Some(6), Some(7), Some(8), Some(9))
        );
        assert_eq!(c.levels, vec![(1, 11), (2, 10), (7, 12)]);
        let without_url: Vec<&str> = header().into_iter().filter(|h| h.trim() != "url").collect();
        let c = SkillColumns::from_header(&without_url).unwrap();
        assert_eq!((c.code, c.name, c.url), (3, 4, None));
    }

    #[test]
    fn level_headers() {
        assert_eq!(level_header("Level 3 description"), Some(3));
        assert_eq!(level_header(" level\u{a0}5 "), Some(5));
        assert_eq!(level_header("Levels"), None);
        assert_eq!(level_header("Level 3 notes"), None);
        assert_eq!(level_header("Level 0 description"), None);
    }

    #[test]
    fn header_row_is_found_below_a_title_row() {
        let rows = vec![vec!["Invented framework"], header()];
        let (index, _) = SkillColumns::locate(&rows, Path::new("x.csv"), "x.csv").unwrap();
        assert_eq!(index, 1);
    }

    #[test]
    fn missing_skill_column_is_named_with_the_cells_found() {
        let rows = vec![vec!["Code", "Title", "Level 1 description"]];
        let err = SkillColumns::locate(&rows, Path::new("f.csv"), "f.csv").unwrap_err();
        match &err {
            SourceError::MissingColumn { column, found, .. } => {
                assert_eq!(column, "Skill");
                assert_eq!(found, "Code, Title, Level 1 description");
            }
            other => panic!("unexpected {other:?}"),
        }
        let rows = vec![vec!["Skill", "Title"]];
        let err = SkillColumns::locate(&rows, Path::new("f.csv"), "f.csv").unwrap_err().to_string();
        assert!(err.contains("f.csv") && err.contains("'Code'") && err.contains("Skill, Title"), "{err}");
        let empty: Vec<Vec<&str>> = Vec::new();
        assert!(SkillColumns::locate(&empty, Path::new("f.csv"), "f.csv").is_err());
    }

    #[test]
    fn rows_become_skills() {
        let c = SkillColumns::from_header(&header()).unwrap();
        let row = [
            "1",
            "",
            "",
            " ABCD ",
            "https://example.org/skillcode/9/ABCD",
            "Alpha work",
            "Cat",
            "Sub",
            "Does alpha.",
            "Notes_x000D_\r\nmore",
            "Two.",
            "",
            "Seven.\u{a0}",
        ];
        let skill = c.skill_from_row(&row, Path::new("f"), "Skills", 2).unwrap().unwrap();
        assert_eq!(skill.code, "ABCD");
        assert_eq!(skill.guidance, "Notes\nmore");
        assert_eq!(skill.url.as_deref(), Some("https://example.org/skillcode/9/ABCD"));
        let levels: Vec<(u8, &str)> =
            skill.levels.iter().map(|l| (l.level, l.description.as_str())).collect();
        assert_eq!(levels, vec![(2, "Two."), (7, "Seven.")]);
        // Short rows (trailing empty cells left out) are fine.
        assert!(c.skill_from_row(&["", "", "", ""], Path::new("f"), "Skills", 3).unwrap().is_none());
        let err = c.skill_from_row(&["", "", "", "ABCD"], Path::new("f"), "Skills", 4).unwrap_err();
        assert!(matches!(err, SourceError::BadRow { row: 4, .. }), "{err:?}");
    }

    #[test]
    fn url_versions() {
        assert_eq!(
            version_from_url("https://sfia-online.org/en/skillcode/9/ITSP").as_deref(),
            Some("sfia-9")
        );
        assert_eq!(version_from_url("https://sfia-online.org/en/sfia-8/skills/x").as_deref(), Some("sfia-8"));
        assert_eq!(version_from_url("https://sfia-online.org/en/skillcode/ITSP"), None);
        let skills = vec![Skill { url: Some("https://x.org/skillcode/10/AB".into()), ..Skill::default() }];
        assert_eq!(
            version_from_name_or_urls(Path::new("/sfia-9/skills.csv"), &skills).as_deref(),
            Some("sfia-10")
        );
        assert_eq!(version_from_name_or_urls(Path::new("sfia-8.csv"), &skills).as_deref(), Some("sfia-8"));
    }
}
