//! The generic framework table: any framework as rows of a CSV, TSV, tab-separated `.txt` or
//! `.xlsx` file ([`super::tables`] reads it), taken by header name (see
//! `docs/framework-format.md`).
//!
//! A file loads on its own when its header row uses the recognised names ([`Field`]); a
//! manifest ([`super::manifest`]) maps a file's own header names instead, so published files
//! load unchanged. Either way every row goes through [`Rules::skill_from_row`] and into a
//! [`SkillSet`], which merges the rows of one skill (one row per skill, or one per skill and
//! level) by code in constant time per row.

use super::columns::{clean_cell, HEADER_SEARCH_ROWS};
use super::rows::{file_name, row_origin, SkillSet};
use super::tables::{read_tables, Table};
use crate::error::SourceError;
use crate::model::{Skill, SkillLevel, SourceDoc};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What the values of a field joined from several columns are separated by.
pub const JOIN: &str = " — ";

/// A field of a skill a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The skill's code; derived from the name when no column gives it.
    Code,
    /// The skill's name (required).
    Name,
    /// The overall description.
    Description,
    /// Guidance notes.
    Guidance,
    /// Other names, several in a cell separated by `|` or line breaks.
    Aliases,
    /// Category.
    Category,
    /// Subcategory.
    Subcategory,
    /// The level a row describes (a whole number from 1).
    Level,
    /// The name of that level.
    LevelName,
    /// The skill's description at that level.
    LevelDescription,
    /// The skill's web page.
    Url,
    /// The framework id of the row.
    Framework,
}

impl Field {
    /// Every field, in the order the documentation lists them.
    pub const ALL: [Field; 12] = [
        Field::Code,
        Field::Name,
        Field::Description,
        Field::Guidance,
        Field::Aliases,
        Field::Category,
        Field::Subcategory,
        Field::Level,
        Field::LevelName,
        Field::LevelDescription,
        Field::Url,
        Field::Framework,
    ];

    /// The field's name in manifests and documentation ("level_description").
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Description => "description",
            Field::Guidance => "guidance",
            Field::Aliases => "aliases",
            Field::Category => "category",
            Field::Subcategory => "subcategory",
            Field::Level => "level",
            Field::LevelName => "level_name",
            Field::LevelDescription => "level_description",
            Field::Url => "url",
            Field::Framework => "framework",
        }
    }

    /// The header names recognised for the field, as [`header_key`] reduces them.
    fn recognised(self) -> &'static [&'static str] {
        match self {
            Field::Code => &["code", "id", "skillcode", "skillid"],
            Field::Name => &["name", "title", "skill", "skillname"],
            Field::Description => &["description", "definition"],
            Field::Guidance => &["guidance", "guidancenotes"],
            Field::Aliases => &["aliases", "alias", "synonyms", "altlabels"],
            Field::Category => &["category"],
            Field::Subcategory => &["subcategory"],
            Field::Level => &["level"],
            Field::LevelName => &["levelname"],
            Field::LevelDescription => &["leveldescription"],
            Field::Url => &["url", "link"],
            Field::Framework => &["framework", "frameworkid"],
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A header cell reduced for comparison: cleaned, lower case, without white space,
/// underscores or hyphens, so `Level Name`, `level_name` and `LEVEL-NAME` are one name.
pub fn header_key(s: &str) -> String {
    clean_cell(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A stable code or id made from a name: lower case letters and digits, other runs of
/// characters turned into one `-` ("Data analysis (basic)" gives "data-analysis-basic").
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Where each field's values are in a table's rows: 0-based cell indexes, several for a
/// field whose values are joined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    columns: [Vec<usize>; 12],
}

impl ColumnMap {
    /// The columns of `field`.
    pub fn get(&self, field: Field) -> &[usize] {
        &self.columns[field.index()]
    }

    /// Read `field` from these columns.
    pub fn set(&mut self, field: Field, columns: Vec<usize>) {
        self.columns[field.index()] = columns;
    }

    /// Map a header row by the recognised names (the first matching column of each field
    /// wins). `None` unless it has a name or a code column.
    pub fn recognise<S: AsRef<str>>(header: &[S]) -> Option<ColumnMap> {
        let keys: Vec<String> = header.iter().map(|h| header_key(h.as_ref())).collect();
        let mut map = ColumnMap::default();
        for field in Field::ALL {
            if let Some(index) = keys.iter().position(|k| field.recognised().contains(&k.as_str())) {
                map.set(field, vec![index]);
            }
        }
        (!map.get(Field::Name).is_empty() || !map.get(Field::Code).is_empty()).then_some(map)
    }

    /// The non-empty header cells no field reads, for the warning that they are ignored.
    pub fn unused<S: AsRef<str>>(&self, header: &[S]) -> Vec<String> {
        let used: HashSet<usize> = self.columns.iter().flatten().copied().collect();
        header
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(_, h)| clean_cell(h.as_ref()))
            .filter(|h| !h.is_empty())
            .collect()
    }
}

/// Only rows whose `column` cell equals `equals` and/or starts with `starts_with` (both
/// compared ignoring case and surrounding space) are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowFilter {
    /// The cell index.
    pub column: usize,
    /// The value the cell must have.
    pub equals: Option<String>,
    /// The prefix the cell must have.
    pub starts_with: Option<String>,
}

impl RowFilter {
    fn keeps(&self, cells: &[String]) -> bool {
        let cell = cells.get(self.column).map(|c| clean_cell(c).to_lowercase()).unwrap_or_default();
        self.equals.as_ref().is_none_or(|v| cell == v.trim().to_lowercase())
            && self.starts_with.as_ref().is_none_or(|p| cell.starts_with(&p.trim().to_lowercase()))
    }
}

/// How a table's rows become skills.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Where the fields are.
    pub columns: ColumnMap,
    /// Which rows are read; all when `None`.
    pub filter: Option<RowFilter>,
    /// Values used for a field where its columns are empty or unmapped.
    pub defaults: HashMap<Field, String>,
    /// The header cells, to name a column in errors.
    pub header: Vec<String>,
}

/// One row read: the skill it describes and the framework id its `framework` column gives.
#[derive(Debug, Clone, PartialEq)]
pub enum RowSkill {
    /// A skill (or one more level of one).
    Skill(Box<Skill>, Option<String>),
    /// A row with a name but an empty code column: left out and counted.
    NoCode,
    /// A blank row, or one the filter leaves out.
    Nothing,
}

impl Rules {
    fn value(&self, cells: &[String], field: Field) -> String {
        let parts: Vec<String> = self
            .columns
            .get(field)
            .iter()
            .filter_map(|&i| cells.get(i).map(|c| clean_cell(c)))
            .filter(|c| !c.is_empty())
            .collect();
        if parts.is_empty() {
            return self.defaults.get(&field).map(|d| d.trim().to_string()).unwrap_or_default();
        }
        parts.join(JOIN)
    }

    fn column_name(&self, field: Field) -> String {
        let names: Vec<&str> =
            self.columns.get(field).iter().filter_map(|&i| self.header.get(i).map(|h| h.trim())).collect();
        if names.is_empty() {
            field.key().to_string()
        } else {
            names.join("', '")
        }
    }

    /// Read one data row; `known` tells whether a code has been seen, so that a row adding a
    /// level to a known skill may leave the name empty.
    pub fn skill_from_row(
        &self,
        cells: &[String],
        path: &Path,
        sheet: &str,
        row: usize,
        known: impl Fn(&str) -> bool,
    ) -> Result<RowSkill, SourceError> {
        if self.filter.as_ref().is_some_and(|f| !f.keeps(cells)) {
            return Ok(RowSkill::Nothing);
        }
        let bad = |message: String| SourceError::BadRow {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            row,
            message,
        };
        let name = self.value(cells, Field::Name);
        let code_mapped =
            !self.columns.get(Field::Code).is_empty() || self.defaults.contains_key(&Field::Code);
        let code = if code_mapped { self.value(cells, Field::Code) } else { slug(&name) };
        if code.is_empty() {
            return Ok(if name.is_empty() || !code_mapped { RowSkill::Nothing } else { RowSkill::NoCode });
        }
        if name.is_empty() && !known(&code) {
            return Err(bad(format!(
                "skill {code} has no name (column '{}' is empty)",
                self.column_name(Field::Name)
            )));
        }
        let level_text = self.value(cells, Field::Level);
        let level_name = self.value(cells, Field::LevelName);
        let level_description = self.value(cells, Field::LevelDescription);
        let mut levels = Vec::new();
        if level_text.is_empty() {
            if !level_description.is_empty() || !level_name.is_empty() {
                return Err(bad(format!(
                    "skill {code} has a level description but no level (column '{}' is empty)",
                    self.column_name(Field::Level)
                )));
            }
        } else {
            let Some(level) = parse_level(&level_text) else {
                return Err(bad(format!(
                    "level '{level_text}' in column '{}' is not a whole number from 1 to 255",
                    self.column_name(Field::Level)
                )));
            };
            if !level_description.is_empty() || !level_name.is_empty() {
                levels.push(SkillLevel { level, name: level_name, description: level_description });
            }
        }
        let framework = Some(self.value(cells, Field::Framework)).filter(|f| !f.is_empty());
        let url = self.value(cells, Field::Url);
        let skill = Skill {
            code,
            name,
            category: self.value(cells, Field::Category),
            subcategory: self.value(cells, Field::Subcategory),
            description: self.value(cells, Field::Description),
            guidance: self.value(cells, Field::Guidance),
            levels,
            aliases: split_aliases(&self.value(cells, Field::Aliases)),
            url: (!url.is_empty()).then_some(url),
        };
        Ok(RowSkill::Skill(Box::new(skill), framework))
    }
}

/// A level cell as a number: `3`, `3.0` (a spreadsheet's number) or `Level 3`.
pub fn parse_level(text: &str) -> Option<u8> {
    let t = text.trim();
    let t = t.get(..5).filter(|p| p.eq_ignore_ascii_case("level")).map_or(t, |_| t[5..].trim());
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<u8>().ok().filter(|l| *l >= 1)
}

/// The aliases of a cell: separated by `|` or line breaks, trimmed, empty ones left out.
pub fn split_aliases(cell: &str) -> Vec<String> {
    cell.split(['|', '\n']).map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect()
}

/// Read every data row of `table` after `header_index` into `set`. Returns the framework
/// id the rows' `framework` column gives (one per file: a second id is an error) and a
/// warning when rows with a name but no code were left out.
pub fn read_rows(
    table: &Table,
    header_index: usize,
    rules: &Rules,
    path: &Path,
    set: &mut SkillSet,
) -> Result<(Option<String>, Option<String>), SourceError> {
    let mut framework: Option<(String, usize)> = None;
    let mut no_code: Vec<usize> = Vec::new();
    for (row, cells) in table.rows.iter().skip(header_index + 1) {
        match rules.skill_from_row(cells, path, &table.sheet, *row, |code| set.contains(code))? {
            RowSkill::Skill(skill, row_framework) => {
                if let Some(id) = row_framework {
                    match &framework {
                        None => framework = Some((id, *row)),
                        Some((first, first_row)) if !first.eq_ignore_ascii_case(&id) => {
                            return Err(SourceError::BadRow {
                                path: path.to_path_buf(),
                                sheet: table.sheet.clone(),
                                row: *row,
                                message: format!(
                                    "framework '{id}' differs from '{first}' given on row {first_row}; \
                                     a file holds one framework"
                                ),
                            });
                        }
                        Some(_) => {}
                    }
                }
                set.add(*skill, || row_origin(path, &table.sheet, *row));
            }
            RowSkill::NoCode => no_code.push(*row),
            RowSkill::Nothing => {}
        }
    }
    let warning = no_code.first().map(|first| {
        format!(
            "{}: {}: {} row(s) with a name but an empty code column were left out (first: row {first})",
            path.display(),
            table.sheet,
            no_code.len()
        )
    });
    Ok((framework.map(|(id, _)| id), warning))
}

/// The first row among the top [`HEADER_SEARCH_ROWS`] with a recognised header.
fn recognised_header(table: &Table) -> Option<(usize, ColumnMap)> {
    table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, (_, cells))| ColumnMap::recognise(cells).map(|map| (i, map)))
}

/// Whether a header row has the generic `level` (or `level description`) column, the
/// generic way to give levels (one row per skill and level).
pub fn has_level_column<S: AsRef<str>>(cells: &[S]) -> bool {
    ColumnMap::recognise(cells)
        .is_some_and(|map| !map.get(Field::Level).is_empty() || !map.get(Field::LevelDescription).is_empty())
}

/// Whether a header line names generic columns: a name or code column (`both`: a name
/// and a code column, for `.txt` files, which are far more often prose).
pub fn sniff_header<S: AsRef<str>>(cells: &[S], both: bool) -> bool {
    ColumnMap::recognise(cells).is_some_and(|map| {
        let (name, code) = (!map.get(Field::Name).is_empty(), !map.get(Field::Code).is_empty());
        if both {
            name && code
        } else {
            name || code
        }
    })
}

/// Load a table with recognised headers. The first sheet (or the file) whose header row is
/// recognised is read; its framework id is the `framework` column's, else the file stem
/// made a [`slug`].
///
/// Errors: [`SourceError::MissingColumn`] without a `name` column (or without any
/// recognised header), [`SourceError::BadRow`] for a code without a name, a bad level or a
/// second framework id, [`SourceError::Malformed`] for broken quoting or a broken workbook.
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let tables = read_tables(path, bytes, None, None)?;
    let found = tables.iter().find_map(|t| recognised_header(t).map(|(i, map)| (t, i, map)));
    let (table, header_index, columns) = match found {
        Some((table, index, map)) if !map.get(Field::Name).is_empty() => (table, index, map),
        other => return Err(missing_name(path, &tables, other.map(|(t, i, _)| (t, i)))),
    };
    let header = table.rows[header_index].1.clone();
    let mut warnings = Vec::new();
    let unused = columns.unused(&header);
    if !unused.is_empty() {
        warnings.push(format!(
            "{}: {}: columns not read (not a recognised header name): {}",
            path.display(),
            table.sheet,
            unused.join(", ")
        ));
    }
    let rules = Rules { columns, filter: None, defaults: HashMap::new(), header };
    let mut set = SkillSet::default();
    let (framework, warning) = read_rows(table, header_index, &rules, path, &mut set)?;
    warnings.extend(warning);
    warnings.extend(set.warnings());
    let framework = framework.map(|f| f.trim().to_string()).unwrap_or_else(|| stem_id(path));
    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework,
        skills: set.into_skills(),
        warnings,
        ..SourceDoc::default()
    })
}

/// The error for a file without a recognised name column, listing the cells of the
/// header-like row (`header`: the row with a recognised code column) or the first non-empty
/// row.
fn missing_name(path: &Path, tables: &[Table], header: Option<(&Table, usize)>) -> SourceError {
    let first_non_empty = || {
        tables.first().and_then(|t| {
            t.rows.iter().position(|(_, c)| c.iter().any(|x| !x.trim().is_empty())).map(|i| (t, i))
        })
    };
    let (sheet, found) = match header.or_else(first_non_empty) {
        Some((t, i)) => (
            t.sheet.clone(),
            t.rows[i]
                .1
                .iter()
                .map(|c| clean_cell(c))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        None => (
            tables.first().map(|t| t.sheet.clone()).unwrap_or_else(|| file_name(path)),
            "(no header row: the file is empty)".into(),
        ),
    };
    SourceError::MissingColumn {
        path: path.to_path_buf(),
        sheet,
        column: "name (or title, skill)".into(),
        found,
    }
}

/// The framework id a file's name gives: its stem (up to the first dot) as a [`slug`].
pub fn stem_id(path: &Path) -> String {
    let name = file_name(path);
    let stem = name.split('.').next().unwrap_or("");
    let id = slug(stem);
    if id.is_empty() {
        "framework".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(name: &str, text: &str) -> Result<SourceDoc, SourceError> {
        load(Path::new(name), text.as_bytes())
    }

    #[test]
    fn one_row_per_skill_and_level_merges_into_one_skill() {
        let text = "Code,Name,Level,Level Name,Level Description,Aliases\n\
                    DATA,Data wrangling,2,Assist,Cleans data under guidance.,data munging|ETL\n\
                    DATA,,4,Enable,Designs pipelines.,etl\n\
                    data,Data wrangling,3,Apply,Cleans data alone.,\"Data prep\nwrangling\"\n\
                    ,,,,,\n\
                    CODE,Coding,1,,Writes code.,\n";
        let doc = load_str("team-skills.csv", text).unwrap();
        assert_eq!(doc.framework, "team-skills");
        assert_eq!(doc.skills.len(), 2);
        let data = &doc.skills[0];
        assert_eq!((data.code.as_str(), data.name.as_str()), ("DATA", "Data wrangling"));
        let levels: Vec<(u8, &str, &str)> =
            data.levels.iter().map(|l| (l.level, l.name.as_str(), l.description.as_str())).collect();
        assert_eq!(
            levels,
            vec![
                (2, "Assist", "Cleans data under guidance."),
                (3, "Apply", "Cleans data alone."),
                (4, "Enable", "Designs pipelines.")
            ]
        );
        assert_eq!(data.aliases, vec!["data munging", "ETL", "Data prep", "wrangling"]);
        assert_eq!(doc.skills[1].levels[0].description, "Writes code.");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn headers_match_ignoring_case_spaces_and_underscores() {
        let text = "SKILL_ID\tSkill Name\tlevel_description\tLEVEL\tsub category\tExtra\tframework\n\
                    A1\tAlpha\tAlpha at one\t1\tSub\tx\tmy-fw\n";
        let doc = load_str("whatever.tsv", text).unwrap();
        assert_eq!(doc.framework, "my-fw");
        let s = &doc.skills[0];
        assert_eq!((s.code.as_str(), s.name.as_str(), s.subcategory.as_str()), ("A1", "Alpha", "Sub"));
        assert_eq!(s.levels[0].description, "Alpha at one");
        assert_eq!(doc.warnings.len(), 1);
        assert!(
            doc.warnings[0].contains("Extra") && doc.warnings[0].contains("whatever.tsv"),
            "{:?}",
            doc.warnings
        );
    }

    #[test]
    fn rows_giving_one_code_differently_are_merged_and_warned_of_with_their_rows() {
        let text = "code,name,level,level_description\n\
                    AB,Alpha,1,Does alpha.\n\
                    AB,,2,Does more alpha.\n\
                    AB,Beta,1,Does something else entirely.\n\
                    CD,Gamma,1,Does gamma.\n\
                    cd,gamma,1,Does  gamma!\n";
        let doc = load_str("team.csv", text).unwrap();
        assert_eq!(doc.skills.len(), 2);
        assert_eq!(doc.skills[0].aliases, vec!["Beta".to_string()], "merged as before");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        let w = &doc.warnings[0];
        assert!(
            w.contains("skill AB")
                && w.contains("team.csv row 2 and team.csv row 4")
                && w.contains("name 'Alpha' vs 'Beta'")
                && w.contains("level 1 description"),
            "{w}"
        );
    }

    #[test]
    fn a_missing_code_column_derives_codes_from_names() {
        let doc = load_str("x.csv", "Title;Description\nData analysis (basic);Looks at data.\n").unwrap();
        assert_eq!(doc.skills[0].code, "data-analysis-basic");
        assert_eq!(doc.skills[0].description, "Looks at data.");
        assert_eq!(slug("  Ünïcode: Über  "), "ünïcode-über");
    }

    #[test]
    fn a_missing_name_column_names_file_and_column() {
        let err = load_str("codes.csv", "Code,Description\nA,Alpha\n").unwrap_err();
        match &err {
            SourceError::MissingColumn { path, column, found, .. } => {
                assert_eq!(path, Path::new("codes.csv"));
                assert!(column.starts_with("name"), "{column}");
                assert_eq!(found, "Code, Description");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_bad_level_names_file_row_and_value() {
        let err = load_str("l.csv", "code,name,level,level description\nA,Alpha,2,x\nA,Alpha,high,y\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, SourceError::BadRow { row: 3, .. }), "{err:?}");
        assert!(text.contains("l.csv") && text.contains("'high'") && text.contains("'level'"), "{text}");
        assert_eq!(parse_level("Level 3"), Some(3));
        assert_eq!(parse_level("4.0"), Some(4));
        assert_eq!(parse_level("0"), None);
        assert_eq!(parse_level("300"), None);
    }

    #[test]
    fn a_code_without_a_name_is_a_bad_row_but_a_later_level_row_may_omit_it() {
        let err = load_str("n.csv", "code,name\nA,\n").unwrap_err();
        assert!(matches!(err, SourceError::BadRow { row: 2, .. }), "{err:?}");
        let err = load_str("n.csv", "code,name,level,level description\nA,Alpha,1,x\nB,,2,y\n").unwrap_err();
        assert!(err.to_string().contains("skill B has no name"), "{err}");
    }

    #[test]
    fn two_framework_ids_in_one_file_are_an_error() {
        let err = load_str("f.csv", "code,name,framework\nA,Alpha,one\nB,Beta,two\n").unwrap_err();
        assert!(err.to_string().contains("'two'") && err.to_string().contains("row 2"), "{err}");
    }

    #[test]
    fn empty_and_headerless_files_are_missing_column_errors() {
        for text in ["", "\n\n", "a,b\n1,2\n"] {
            let err = load_str("e.csv", text).unwrap_err();
            assert!(matches!(err, SourceError::MissingColumn { .. }), "{text:?}: {err:?}");
            assert!(err.to_string().contains("e.csv"));
        }
    }

    #[test]
    fn filters_and_defaults_apply() {
        let header: Vec<String> = ["ID", "Text", "Type"].iter().map(|s| s.to_string()).collect();
        let mut columns = ColumnMap::default();
        columns.set(Field::Code, vec![0]);
        columns.set(Field::Name, vec![1, 2]);
        let rules = Rules {
            columns,
            filter: Some(RowFilter { column: 0, equals: None, starts_with: Some("t".into()) }),
            defaults: HashMap::from([(Field::Category, "Task".to_string())]),
            header,
        };
        let table = Table {
            sheet: "S".into(),
            rows: vec![
                (1, vec!["ID".into(), "Text".into(), "Type".into()]),
                (2, vec!["T1".into(), "Do a".into(), "Core".into()]),
                (3, vec!["K1".into(), "Know b".into(), String::new()]),
                (4, vec![String::new(), "No code".into(), String::new()]),
            ],
        };
        let mut set = SkillSet::default();
        let (_, warning) = read_rows(&table, 0, &rules, Path::new("f.xlsx"), &mut set).unwrap();
        assert!(warning.is_none(), "the filter drops the row without a code before it is counted");
        let skills = set.into_skills();
        assert_eq!(skills.len(), 1);
        assert_eq!((skills[0].name.as_str(), skills[0].category.as_str()), ("Do a — Core", "Task"));
    }
}
