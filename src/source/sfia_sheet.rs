//! The official SFIA spreadsheet (.xlsx), read with calamine.
//!
//! - `Skills`: one skill per row, columns found by header name ([`super::columns`]).
//! - `Levels of responsibility`: the generic levels. SFIA 9 lays it out with the levels
//!   across columns (a `Level | 1 | 2 | …` row, then `Guiding phrase`, `Essence of the level`
//!   and `URL` rows); SFIA 8 with the levels down rows (`1 - `, `2 - `, …) and one column
//!   per attribute (Autonomy, Influence, Complexity, Business skills, Knowledge). Both are
//!   recognised from their content, not from the version.
//! - `Attributes` (SFIA 9): one row per attribute or behavioural factor with its
//!   `Level N description` columns; each text becomes an attribute of that level.
//! - `Read Me Notes` (SFIA 9): only used to tell the version when nothing else does.
//!
//! Only `Skills` is required; the other sheets are used when present.

use super::columns::{
    clean_cell, level_header, normalize_header, version_from_name_or_urls, version_from_url,
};
use super::columns::{SkillColumns, HEADER_SEARCH_ROWS};
use super::rows::{cell_text, row_origin, SkillSet};
use crate::error::SourceError;
use crate::model::{ResponsibilityLevel, SourceDoc, UNVERSIONED_SFIA};
use calamine::{Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

/// The sheet holding the skills (required).
pub const SKILLS_SHEET: &str = "Skills";
/// The sheet holding the generic levels of responsibility (optional).
pub const LEVELS_SHEET: &str = "Levels of responsibility";
/// The SFIA 9 sheet holding attribute and behavioural-factor texts per level (optional).
pub const ATTRIBUTES_SHEET: &str = "Attributes";
/// The SFIA 9 sheet of terms of use, which names the version (optional).
pub const README_SHEET: &str = "Read Me Notes";

/// One sheet as text: `rows[i][j]` is the cell at 0-based sheet row `first_row + i`.
struct Grid {
    first_row: usize,
    rows: Vec<Vec<String>>,
}

impl Grid {
    fn cell(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map(String::as_str).unwrap_or("")
    }
}

/// Load an SFIA spreadsheet from its bytes; `path` is used for the file name (version hint)
/// and in errors.
///
/// Errors: [`SourceError::Malformed`] (kind "spreadsheet") when the bytes are not a
/// readable xlsx, [`SourceError::MissingSheet`] without a `Skills` sheet,
/// [`SourceError::MissingColumn`] when its header lacks `Code` or `Skill`, and
/// [`SourceError::BadRow`] for a row with a code but no skill name.
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    // The zip and XML parsing is calamine's; should it panic on a hostile file, report the
    // file as malformed instead of taking the whole corpus load down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_workbook(path, bytes))).unwrap_or_else(
        |panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".into());
            Err(malformed(path, format!("the spreadsheet reader failed: {what}")))
        },
    )
}

fn load_workbook(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|err| malformed(path, format!("not a readable xlsx file: {err}")))?;
    let sheet_names = workbook.sheet_names();
    let Some(skills_sheet) = find_sheet(&sheet_names, SKILLS_SHEET) else {
        return Err(SourceError::MissingSheet {
            path: path.to_path_buf(),
            sheet: SKILLS_SHEET.into(),
            found: sheet_names.join(", "),
        });
    };

    let grid = read_grid(&mut workbook, path, &skills_sheet)?;
    let (header_index, columns) = SkillColumns::locate(&grid.rows, path, &skills_sheet)?;
    // Merged by code here so that two rows giving one code differently are reported with
    // their row numbers.
    let mut set = SkillSet::default();
    for (index, row) in grid.rows.iter().enumerate().skip(header_index + 1) {
        let row_number = grid.first_row + index + 1;
        if let Some(skill) = columns.skill_from_row(row, path, &skills_sheet, row_number)? {
            set.add(skill, || row_origin(path, &skills_sheet, row_number));
        }
    }
    let warnings = set.warnings();
    let skills = set.into_skills();

    let optional = |workbook: &mut Xlsx<_>, name: &str| -> Result<Option<Grid>, SourceError> {
        find_sheet(&sheet_names, name).map(|sheet| read_grid(workbook, path, &sheet)).transpose()
    };
    let levels_grid = optional(&mut workbook, LEVELS_SHEET)?;
    let attributes_grid = optional(&mut workbook, ATTRIBUTES_SHEET)?;

    let mut levels: BTreeMap<u8, ResponsibilityLevel> = BTreeMap::new();
    if let Some(grid) = &levels_grid {
        read_levels_sheet(grid, &mut levels);
    }
    if let Some(grid) = &attributes_grid {
        read_attributes_sheet(grid, &mut levels);
    }

    let framework = match version_from_name_or_urls(path, &skills) {
        Some(id) => id,
        None => {
            let readme = optional(&mut workbook, README_SHEET)?;
            let readme_text =
                readme.iter().flat_map(|g| g.rows.iter().flatten()).cloned().collect::<Vec<_>>();
            super::sfia_version_hint(&readme_text.join("\n"))
                .or_else(|| {
                    // Last resort: the level and attribute pages linked from those sheets.
                    [&levels_grid, &attributes_grid]
                        .into_iter()
                        .flatten()
                        .flat_map(|g| g.rows.iter().flatten())
                        .filter(|c| c.contains("://"))
                        .find_map(|c| version_from_url(c))
                })
                .unwrap_or_else(|| UNVERSIONED_SFIA.to_string())
        }
    };

    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework,
        skills,
        responsibility_levels: levels.into_values().collect(),
        warnings,
        ..SourceDoc::default()
    })
}

fn malformed(path: &Path, message: String) -> SourceError {
    SourceError::Malformed { path: path.to_path_buf(), kind: "spreadsheet", message }
}

/// The actual name of the sheet called `wanted`, ignoring case and surrounding spaces.
fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted)).cloned()
}

/// Read a sheet as raw (uncleaned) text cells.
fn read_grid<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    path: &Path,
    sheet: &str,
) -> Result<Grid, SourceError> {
    let range =
        workbook.worksheet_range(sheet).map_err(|err| malformed(path, format!("sheet '{sheet}': {err}")))?;
    // calamine's range starts at the first used cell, not at A1: keep its offset so that row
    // numbers in errors are the ones the spreadsheet shows.
    let first_row = range.start().map(|(row, _)| row as usize).unwrap_or(0);
    let rows = range.rows().map(|row| row.iter().map(cell_text).collect()).collect();
    Ok(Grid { first_row, rows })
}

/// A level label: "1", "Level 1", "1 - Follow", "3: Apply". Returns the level and what
/// follows the number (the guiding phrase where the sheet puts it there).
fn level_label(cell: &str) -> Option<(u8, String)> {
    let text = clean_cell(cell);
    let start = if text.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("level")) { 5 } else { 0 };
    let rest = text[start..].trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    // "3D modelling" or "10x" are texts, not level labels.
    if digits == 0 || rest[digits..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let level: u8 = rest[..digits].parse().ok().filter(|n| (1..=9).contains(n))?;
    let phrase = rest[digits..].trim_start_matches(|c: char| c.is_whitespace() || "-–—:.)".contains(c));
    Some((level, phrase.trim().to_string()))
}

/// What a row label (levels across columns) or column header (levels down rows) of the
/// levels sheet holds.
enum Field {
    GuidingPhrase,
    Essence,
    Attribute(String),
    Ignored,
}

fn field_of(label: &str) -> Field {
    let name = clean_cell(label);
    let key = normalize_header(&name);
    if key.is_empty() || matches!(key.as_str(), "level" | "levels" | "url" | "link" | "#") {
        Field::Ignored
    } else if key.contains("guiding phrase") {
        Field::GuidingPhrase
    } else if key.contains("essence") {
        Field::Essence
    } else {
        Field::Attribute(name)
    }
}

/// Record one text of a level; texts that repeat their label ("Essence of the level: …")
/// lose that prefix.
fn apply(levels: &mut BTreeMap<u8, ResponsibilityLevel>, level: u8, field: &Field, label: &str, raw: &str) {
    let mut text = clean_cell(raw);
    let label = clean_cell(label);
    if !label.is_empty()
        && text.len() > label.len()
        && text.is_char_boundary(label.len())
        && text[..label.len()].eq_ignore_ascii_case(&label)
        && text[label.len()..].starts_with(':')
    {
        text = text[label.len() + 1..].trim_start().to_string();
    }
    if text.is_empty() {
        return;
    }
    let entry = level_entry(levels, level);
    match field {
        Field::GuidingPhrase if entry.guiding_phrase.is_empty() => entry.guiding_phrase = text,
        Field::Essence if entry.essence.is_empty() => entry.essence = text,
        // A link to the level's web page is not a description of it.
        Field::Attribute(name)
            if !text.starts_with("http")
                && !entry.attributes.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) =>
        {
            entry.attributes.push((name.clone(), text))
        }
        _ => {}
    }
}

fn level_entry(levels: &mut BTreeMap<u8, ResponsibilityLevel>, level: u8) -> &mut ResponsibilityLevel {
    levels.entry(level).or_insert_with(|| ResponsibilityLevel {
        level,
        guiding_phrase: String::new(),
        essence: String::new(),
        attributes: Vec::new(),
    })
}

/// Read the `Levels of responsibility` sheet in either layout (see the module doc).
fn read_levels_sheet(grid: &Grid, levels: &mut BTreeMap<u8, ResponsibilityLevel>) {
    // Levels across columns: a row with several level numbers after its label cell.
    let across = grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(index, row)| {
        let columns: Vec<(usize, u8, String)> = row
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(col, cell)| level_label(cell).map(|(level, phrase)| (col, level, phrase)))
            .collect();
        (columns.len() >= 2).then_some((index, columns))
    });
    if let Some((header_index, columns)) = across {
        for (_, level, phrase) in &columns {
            apply(levels, *level, &Field::GuidingPhrase, "", phrase);
            level_entry(levels, *level);
        }
        for (index, row) in grid.rows.iter().enumerate() {
            let label = grid.cell(index, 0);
            if index == header_index || label.trim().is_empty() {
                continue;
            }
            let field = field_of(label);
            for (col, level, _) in &columns {
                apply(levels, *level, &field, label, row.get(*col).map(String::as_str).unwrap_or(""));
            }
        }
        return;
    }

    // Levels down rows: the first column labels each row with its level; the last non-empty
    // row above the first level row names the columns.
    let level_rows: Vec<(usize, u8, String)> = grid
        .rows
        .iter()
        .enumerate()
        .filter_map(|(index, row)| row.first().and_then(|c| level_label(c)).map(|(l, p)| (index, l, p)))
        .collect();
    let Some(&(first_level_row, _, _)) = level_rows.first() else { return };
    let header =
        grid.rows[..first_level_row].iter().rev().find(|row| row.iter().any(|c| !c.trim().is_empty()));
    for (index, level, phrase) in &level_rows {
        apply(levels, *level, &Field::GuidingPhrase, "", phrase);
        level_entry(levels, *level);
        let Some(header) = header else { continue };
        for (col, label) in header.iter().enumerate().skip(1) {
            apply(levels, *level, &field_of(label), label, grid.cell(*index, col));
        }
    }
}

/// Read the `Attributes` sheet: each row's `Level N description` texts become attribute
/// `(name, text)` pairs of level N, in sheet order.
fn read_attributes_sheet(grid: &Grid, levels: &mut BTreeMap<u8, ResponsibilityLevel>) {
    let header = grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(index, row)| {
        let name_col = row.iter().position(|c| {
            matches!(normalize_header(c).as_str(), "attribute name" | "attribute" | "name" | "factor")
        })?;
        let level_cols: Vec<(usize, u8)> =
            row.iter().enumerate().filter_map(|(col, c)| level_header(c).map(|l| (col, l))).collect();
        (!level_cols.is_empty()).then_some((index, name_col, level_cols))
    });
    let Some((header_index, name_col, level_cols)) = header else { return };
    for (index, _) in grid.rows.iter().enumerate().skip(header_index + 1) {
        let name = clean_cell(grid.cell(index, name_col));
        if name.is_empty() {
            continue;
        }
        let field = Field::Attribute(name.clone());
        for &(col, level) in &level_cols {
            apply(levels, level, &field, &name, grid.cell(index, col));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    /// Write `sheets` (name, rows of cells) to an in-memory xlsx. Cells that parse as
    /// numbers are written as numbers, like the level numbers of the real files.
    fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
        let mut workbook = Workbook::new();
        for (name, rows) in sheets {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    match cell.parse::<f64>() {
                        Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                        Err(_) => sheet.write_string(r as u32, c as u16, *cell).unwrap(),
                    };
                }
            }
        }
        workbook.save_to_buffer().unwrap()
    }

    const HEADER: &[&str] = &[
        "#",
        "Levels",
        "",
        "Code",
        "URL",
        "Skill",
        "Category",
        "Subcategory",
        "Overall description",
        "Guidance notes",
        "Level 1 description",
        "Level 2 description",
        "Level 3 description",
    ];

    fn skills_rows() -> Vec<Vec<&'static str>> {
        vec![
            HEADER.to_vec(),
            vec![
                "1",
                "2",
                "3",
                "WXYZ",
                "https://example.org/en/skillcode/4/WXYZ",
                "Widget tuning",
                "Making",
                "Widgets",
                "Tuning widgets.",
                "Line one_x000D_\r\nLine\u{a0}two ",
                "",
                "Tunes a widget.",
                "Tunes many widgets.\r\nTeaches tuning.",
            ],
            vec!["", "", "", "", "", "", "", "", "", "", "", "", ""],
            vec![
                "2",
                "1",
                "",
                "QRST",
                "",
                "Gadget care",
                "Making",
                "Gadgets",
                "Caring.",
                "",
                "Cares.",
                "",
                "",
            ],
        ]
    }

    #[test]
    fn loads_skills_by_header_name() {
        let bytes = xlsx(&[("Notes", vec![vec!["Invented workbook"]]), ("Skills", skills_rows())]);
        let doc = load(Path::new("workbook.xlsx"), &bytes).unwrap();
        assert_eq!(doc.skills.len(), 2);
        let w = &doc.skills[0];
        assert_eq!((w.code.as_str(), w.name.as_str()), ("WXYZ", "Widget tuning"));
        assert_eq!((w.category.as_str(), w.subcategory.as_str()), ("Making", "Widgets"));
        assert_eq!(w.guidance, "Line one\nLine two");
        let levels: Vec<(u8, &str)> = w.levels.iter().map(|l| (l.level, l.description.as_str())).collect();
        assert_eq!(levels, vec![(2, "Tunes a widget."), (3, "Tunes many widgets.\nTeaches tuning.")]);
        assert_eq!(doc.skills[1].url, None);
        // No version in the file name: the skill URL gives it.
        assert_eq!(doc.framework, "sfia-4");
        assert!(doc.responsibility_levels.is_empty());
    }

    #[test]
    fn version_from_file_name_then_readme_then_unversioned() {
        let mut rows = skills_rows();
        rows[1][4] = "";
        let bytes = xlsx(&[("Skills", rows.clone())]);
        assert_eq!(load(Path::new("dir/sfia-7_x.xlsx"), &bytes).unwrap().framework, "sfia-7");
        assert_eq!(load(Path::new("x.xlsx"), &bytes).unwrap().framework, UNVERSIONED_SFIA);
        let bytes = xlsx(&[("Read Me Notes", vec![vec!["About the SFIA 6 workbook"]]), ("Skills", rows)]);
        assert_eq!(load(Path::new("x.xlsx"), &bytes).unwrap().framework, "sfia-6");
    }

    #[test]
    fn levels_across_columns_and_attributes_sheet() {
        let levels = vec![
            vec!["Level", "1", "2", "3"],
            vec!["Guiding phrase", "Wait", "Try", "Do, show"],
            vec!["Essence of the level", "Essence of the level: Waits.", "Tries.", ""],
            vec!["URL", "https://example.org/lor/4/1", "https://example.org/lor/4/2", ""],
        ];
        let attributes = vec![
            vec![
                "Levels",
                "",
                "Code",
                "Attribute name",
                "Type",
                "Level 1 description",
                "Level 3 description",
            ],
            vec!["1", "3", "PACE", "Pace", "Attributes", "Slow.", "Fast.\u{a0}"],
            vec!["1", "", "CARE", "Care", "Factors", "\r\nSome care.\r\n", ""],
        ];
        let bytes = xlsx(&[
            ("Skills", skills_rows()),
            ("Attributes", attributes),
            ("Levels of responsibility", levels),
        ]);
        let doc = load(Path::new("x.xlsx"), &bytes).unwrap();
        let got: Vec<(u8, &str, &str)> = doc
            .responsibility_levels
            .iter()
            .map(|l| (l.level, l.guiding_phrase.as_str(), l.essence.as_str()))
            .collect();
        assert_eq!(got, vec![(1, "Wait", "Waits."), (2, "Try", "Tries."), (3, "Do, show", "")]);
        let pairs = |i: usize| doc.responsibility_levels[i].attributes.clone();
        assert_eq!(pairs(0), vec![("Pace".into(), "Slow.".into()), ("Care".into(), "Some care.".into())]);
        assert!(pairs(1).is_empty(), "URLs are not attributes: {:?}", pairs(1));
        assert_eq!(pairs(2), vec![("Pace".to_string(), "Fast.".to_string())]);
    }

    #[test]
    fn levels_down_rows_grid() {
        let levels = vec![
            vec!["", "Reach", "Depth"],
            vec!["1 - ", "Near.", "Shallow."],
            vec!["2 - Stretch", "Far.", ""],
        ];
        let bytes = xlsx(&[("Skills", skills_rows()), ("Levels of responsibility", levels)]);
        let doc = load(Path::new("x.xlsx"), &bytes).unwrap();
        let l = &doc.responsibility_levels;
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].guiding_phrase, "");
        assert_eq!(
            l[0].attributes,
            vec![("Reach".into(), "Near.".into()), ("Depth".into(), "Shallow.".into())]
        );
        assert_eq!(l[1].guiding_phrase, "Stretch");
        assert_eq!(l[1].attributes, vec![("Reach".to_string(), "Far.".to_string())]);
    }

    #[test]
    fn level_labels() {
        assert_eq!(level_label("1 - "), Some((1, String::new())));
        assert_eq!(level_label("Level 5 – Ensure, advise"), Some((5, "Ensure, advise".into())));
        assert_eq!(level_label("3"), Some((3, String::new())));
        assert_eq!(level_label("3D modelling"), None);
        assert_eq!(level_label("Autonomy"), None);
    }

    #[test]
    fn missing_sheet_and_missing_column() {
        let bytes = xlsx(&[("Other", vec![vec!["x"]])]);
        let err = load(Path::new("a.xlsx"), &bytes).unwrap_err();
        assert!(
            matches!(&err, SourceError::MissingSheet { sheet, found, .. } if sheet == "Skills" && found == "Other")
        );

        let bytes = xlsx(&[("Skills", vec![vec!["#", "Skill", "Category"], vec!["1", "Widgets", "Making"]])]);
        let err = load(Path::new("a.xlsx"), &bytes).unwrap_err();
        match &err {
            SourceError::MissingColumn { path, sheet, column, found } => {
                assert_eq!(
                    (path.to_str(), sheet.as_str(), column.as_str()),
                    (Some("a.xlsx"), "Skills", "Code")
                );
                assert_eq!(found, "#, Skill, Category");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn code_without_name_is_a_bad_row_with_its_sheet_row() {
        let mut rows = skills_rows();
        rows[3][5] = "";
        let bytes = xlsx(&[("Skills", rows)]);
        let err = load(Path::new("a.xlsx"), &bytes).unwrap_err();
        assert!(matches!(&err, SourceError::BadRow { sheet, row: 4, .. } if sheet == "Skills"), "{err:?}");
        assert!(err.to_string().contains("a.xlsx") && err.to_string().contains("QRST"), "{err}");
    }

    #[test]
    fn corrupt_files_are_malformed_not_panics() {
        let good = xlsx(&[("Skills", skills_rows())]);
        let truncated = &good[..good.len() / 2];
        for bytes in [b"not a spreadsheet at all".as_slice(), b"PK\x03\x04garbage", truncated, &[]] {
            let err = load(Path::new("bad.xlsx"), bytes).unwrap_err();
            assert!(
                matches!(&err, SourceError::Malformed { kind: "spreadsheet", message, .. } if !message.is_empty()),
                "{err:?}"
            );
            assert!(err.to_string().contains("bad.xlsx"), "{err}");
        }
    }
}
