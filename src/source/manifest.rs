//! Framework manifests (`*.framework.json`, `skillmatch-framework.json`): a JSON file that
//! names a framework (id, display name, attribution, generic levels) and maps the columns of
//! one or more published tables to skill fields, so files such as O*NET's or NICE's load as
//! they are downloaded. The format is documented in `docs/framework-format.md`.
//!
//! The tables are read by [`super::generic`]; all sources of one manifest feed one
//! [`SkillSet`], so a second source can add aliases or levels to the skills of the first.

use super::columns::HEADER_SEARCH_ROWS;
use super::generic::{self, ColumnMap, Field, RowFilter, Rules};
use super::rows::SkillSet;
use super::tables::{self, Table};
use crate::error::SourceError;
use crate::model::{ResponsibilityLevel, SourceDoc};
use crate::text::decode::decode_source_text;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A manifest as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The framework id, version included ("onet-tech-30.2").
    pub id: String,
    /// The name to show people.
    #[serde(default)]
    pub name: String,
    /// The notice the framework's licence asks to be shown with it.
    #[serde(default)]
    pub attribution: String,
    /// The framework's generic levels, if it has any.
    #[serde(default)]
    pub levels: Vec<GenericLevel>,
    /// The tables to read.
    pub sources: Vec<ManifestSource>,
}

/// A generic level of a framework as manifests and JSON framework files write it; it
/// becomes a [`ResponsibilityLevel`] (name as guiding phrase, description as essence).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericLevel {
    /// The level number, from 1.
    pub level: u8,
    /// Its name ("Follow").
    #[serde(default)]
    pub name: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

impl GenericLevel {
    /// The model's level; `None` for level 0, which the loaders refuse before this.
    pub fn to_model(&self) -> Option<ResponsibilityLevel> {
        (self.level >= 1).then(|| ResponsibilityLevel {
            level: self.level,
            guiding_phrase: self.name.trim().to_string(),
            essence: self.description.trim().to_string(),
            attributes: Vec::new(),
        })
    }
}

/// One table a manifest reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestSource {
    /// The file, relative to the manifest's folder or absolute.
    pub file: PathBuf,
    /// The sheet of a workbook; the first sheet when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The field separator of a text table ("\t", ",", ";", "|"); sniffed when absent.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Field name ("code", "name", …) to the file's header name, or a list of header names
    /// whose non-empty values are joined.
    pub columns: BTreeMap<String, HeaderNames>,
    /// Only rows passing this are read.
    #[serde(default)]
    pub filter: Option<FilterSpec>,
    /// Field name to a value used where the row gives none ("category": "Task").
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
}

/// One header name or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum HeaderNames {
    /// One column.
    One(String),
    /// Several columns, values joined with [`generic::JOIN`] (aliases: each one split).
    Many(Vec<String>),
}

impl HeaderNames {
    fn names(&self) -> Vec<&str> {
        match self {
            HeaderNames::One(name) => vec![name.as_str()],
            HeaderNames::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// A row filter as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// The header name of the column tested.
    pub column: String,
    /// The value it must have (ignoring case).
    #[serde(default)]
    pub equals: Option<String>,
    /// The prefix it must have (ignoring case).
    #[serde(default)]
    pub starts_with: Option<String>,
}

fn malformed(path: &Path, message: String) -> SourceError {
    SourceError::Malformed { path: path.to_path_buf(), kind: "framework manifest", message }
}

/// Parse a manifest. Errors are [`SourceError::Malformed`] naming the line and column.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Manifest, SourceError> {
    let text = decode_source_text(bytes);
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|err| malformed(path, format!("line {}, column {}: {err}", err.line(), err.column())))?;
    if manifest.id.trim().is_empty() {
        return Err(malformed(path, "\"id\" is empty".into()));
    }
    if manifest.sources.is_empty() {
        return Err(malformed(path, "\"sources\" is empty: name at least one file".into()));
    }
    if let Some(i) = manifest.levels.iter().position(|l| l.level == 0) {
        return Err(malformed(path, format!("levels[{i}] is level 0; levels start at 1")));
    }
    Ok(manifest)
}

/// Where a source's file is: relative paths are resolved against the manifest's folder.
pub fn resolve(manifest_path: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        manifest_path.parent().unwrap_or(Path::new("")).join(file)
    }
}

/// The files a manifest reads, resolved, in source order without repeats.
pub fn source_files(manifest_path: &Path, manifest: &Manifest) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for source in &manifest.sources {
        let file = resolve(manifest_path, &source.file);
        if !files.contains(&file) {
            files.push(file);
        }
    }
    files
}

fn field_of(path: &Path, key: &str, place: &str) -> Result<Field, SourceError> {
    Field::ALL.into_iter().find(|f| f.key() == key.trim()).ok_or_else(|| {
        let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        malformed(path, format!("{place}: unknown field '{key}' (fields: {})", known.join(", ")))
    })
}

fn delimiter_of(path: &Path, spec: Option<&str>, place: &str) -> Result<Option<u8>, SourceError> {
    let Some(spec) = spec else { return Ok(None) };
    match spec {
        "\t" | "tab" | "\\t" => Ok(Some(b'\t')),
        s if s.len() == 1 && s.is_ascii() => Ok(Some(s.as_bytes()[0])),
        other => Err(malformed(path, format!("{place}.delimiter '{other}' is not one ASCII character"))),
    }
}

/// Load a manifest and every table it names into one [`SourceDoc`] of the manifest's
/// framework (the document's path is the manifest's).
///
/// Errors: [`SourceError::Malformed`] for a manifest that does not parse or names an unknown
/// field; [`SourceError::ManifestFile`] naming the manifest and a file it cannot read;
/// [`SourceError::MissingSheet`] / [`SourceError::MissingColumn`] naming the data file
/// when a sheet or header name is not there; the table errors of [`generic`].
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let manifest = parse(path, bytes)?;
    let mut set = SkillSet::default();
    let mut warnings = Vec::new();
    for (i, source) in manifest.sources.iter().enumerate() {
        let place = format!("sources[{i}]");
        let file = resolve(path, &source.file);
        let data = std::fs::read(&file).map_err(|source| SourceError::ManifestFile {
            manifest: path.to_path_buf(),
            file: file.clone(),
            source,
        })?;
        let delimiter = delimiter_of(path, source.delimiter.as_deref(), &place)?;
        let tables = tables::read_tables(&file, &data, source.sheet.as_deref(), delimiter)?;
        // Without a sheet named, a workbook's first sheet is read.
        let Some(table) = tables.into_iter().next() else {
            return Err(SourceError::MissingSheet {
                path: file,
                sheet: source.sheet.clone().unwrap_or_else(|| "(any)".into()),
                found: "(none)".into(),
            });
        };
        let (header_index, rules) = rules_for(path, &file, source, &table, &place)?;
        let (_, warning) = generic::read_rows(&table, header_index, &rules, &file, &mut set)?;
        warnings.extend(warning);
    }
    warnings.extend(set.warnings());
    if set.is_empty() {
        warnings.push(format!("{}: the manifest's sources gave no skills", path.display()));
    }
    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework: manifest.id.trim().to_string(),
        framework_name: manifest.name.trim().to_string(),
        attribution: manifest.attribution.trim().to_string(),
        skills: set.into_skills(),
        responsibility_levels: manifest.levels.iter().filter_map(GenericLevel::to_model).collect(),
        warnings,
        ..SourceDoc::default()
    })
}

/// The header row of `table` (the first of the top rows holding every header name the
/// source uses) and the rules that read its data rows.
fn rules_for(
    manifest_path: &Path,
    file: &Path,
    source: &ManifestSource,
    table: &Table,
    place: &str,
) -> Result<(usize, Rules), SourceError> {
    let mut wanted: Vec<(Field, Vec<&str>)> = Vec::new();
    for (key, names) in &source.columns {
        let field = field_of(manifest_path, key, &format!("{place}.columns"))?;
        let names = names.names();
        if names.iter().any(|n| generic::header_key(n).is_empty()) || names.is_empty() {
            return Err(malformed(manifest_path, format!("{place}.columns.{key} names no column")));
        }
        wanted.push((field, names));
    }
    if !wanted.iter().any(|(f, _)| *f == Field::Name) {
        return Err(malformed(manifest_path, format!("{place}.columns has no \"name\": map the skill name")));
    }
    let mut defaults = HashMap::new();
    for (key, value) in &source.defaults {
        defaults.insert(field_of(manifest_path, key, &format!("{place}.defaults"))?, value.clone());
    }
    let mut all_names: Vec<&str> = wanted.iter().flat_map(|(_, n)| n.iter().copied()).collect();
    if let Some(filter) = &source.filter {
        all_names.push(filter.column.as_str());
    }
    let position = |cells: &[String], name: &str| {
        let key = generic::header_key(name);
        cells.iter().position(|c| generic::header_key(c) == key)
    };
    let top = table.rows.iter().take(HEADER_SEARCH_ROWS).enumerate();
    let Some((header_index, cells)) = top
        .clone()
        .find(|(_, (_, cells))| all_names.iter().all(|n| position(cells, n).is_some()))
        .map(|(i, (_, c))| (i, c))
    else {
        // Name the first missing header of the row that has the most of them.
        let best = top.max_by_key(|(i, (_, cells))| {
            (all_names.iter().filter(|n| position(cells, n).is_some()).count(), std::cmp::Reverse(*i))
        });
        let cells: &[String] = best.map(|(_, (_, c))| c.as_slice()).unwrap_or(&[]);
        let missing = all_names.iter().find(|n| position(cells, n).is_none()).copied().unwrap_or_default();
        let found: Vec<String> =
            cells.iter().map(|c| super::columns::clean_cell(c)).filter(|c| !c.is_empty()).collect();
        return Err(SourceError::MissingColumn {
            path: file.to_path_buf(),
            sheet: table.sheet.clone(),
            column: missing.to_string(),
            found: if found.is_empty() {
                "(no header row: the table is empty)".into()
            } else {
                found.join(", ")
            },
        });
    };
    let mut columns = ColumnMap::default();
    for (field, names) in &wanted {
        columns.set(*field, names.iter().filter_map(|n| position(cells, n)).collect());
    }
    let filter = source.filter.as_ref().map(|f| RowFilter {
        column: position(cells, &f.column).unwrap_or(usize::MAX),
        equals: f.equals.clone(),
        starts_with: f.starts_with.clone(),
    });
    Ok((header_index, Rules { columns, filter, defaults, header: cells.clone() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn load_path(path: &Path) -> Result<SourceDoc, SourceError> {
        load(path, &std::fs::read(path).unwrap())
    }

    const TOOLS: &str = "Occupation\tExample\tClass Code\tClass Title\tHot\n\
                         11-1\tMicrosoft SQL Server\t43232306\tQuery software\tY\n\
                         11-2\tOracle Database\t43232306\tQuery software\tN\n\
                         11-3\tmicrosoft sql server\t43232306\tQuery software\tN\n\
                         11-3\tExcel\t43232110\tSpreadsheet software\tN\n";

    #[test]
    fn a_manifest_maps_the_files_own_headers_and_merges_rows() {
        let dir = TempDir::new().unwrap();
        write(dir.path(), "tools.txt", TOOLS);
        let manifest = write(
            dir.path(),
            "tools.framework.json",
            r#"{"id": "tools-1", "name": "Tools", "attribution": "Data by someone.",
                "levels": [{"level": 1, "name": "Follow", "description": "Works under direction."}],
                "sources": [{"file": "tools.txt",
                             "columns": {"code": "Class Code", "name": "class_title", "aliases": ["Example"]}}]}"#,
        );
        let doc = load_path(&manifest).unwrap();
        assert_eq!((doc.framework.as_str(), doc.framework_name.as_str()), ("tools-1", "Tools"));
        assert_eq!(doc.attribution, "Data by someone.");
        assert_eq!(doc.responsibility_levels[0].guiding_phrase, "Follow");
        assert_eq!(doc.skills.len(), 2);
        assert_eq!(doc.skills[0].code, "43232306");
        assert_eq!(doc.skills[0].aliases, vec!["Microsoft SQL Server", "Oracle Database"]);
        assert!(doc.warnings.is_empty(), "mapped files do not warn about unread columns");
    }

    #[test]
    fn a_missing_file_names_the_manifest_and_the_file() {
        let dir = TempDir::new().unwrap();
        let manifest = write(
            dir.path(),
            "m.framework.json",
            r#"{"id": "x", "sources": [{"file": "gone.csv", "columns": {"name": "Name"}}]}"#,
        );
        let err = load_path(&manifest).unwrap_err();
        assert!(matches!(err, SourceError::ManifestFile { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("m.framework.json") && text.contains("gone.csv"), "{text}");
    }

    #[test]
    fn a_missing_header_names_the_data_file_and_the_column() {
        let dir = TempDir::new().unwrap();
        write(dir.path(), "tools.txt", TOOLS);
        let manifest = write(
            dir.path(),
            "m.framework.json",
            r#"{"id": "x", "sources": [{"file": "tools.txt", "columns": {"code": "Class Code", "name": "Title"}}]}"#,
        );
        let err = load_path(&manifest).unwrap_err();
        match &err {
            SourceError::MissingColumn { path, column, found, .. } => {
                assert!(path.ends_with("tools.txt"));
                assert_eq!(column, "Title");
                assert!(found.contains("Class Title"), "{found}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn malformed_json_and_unknown_fields_name_the_line() {
        let err = parse(Path::new("m.framework.json"), b"{\"id\": \"x\",\n \"sources\": [\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("m.framework.json") && text.contains("line 3"), "{text}");
        let err = parse(Path::new("m.framework.json"), b"{\"id\": \"x\",\n\"source\": []}").unwrap_err();
        assert!(err.to_string().contains("line 2") && err.to_string().contains("source"), "{err}");
        let err = parse(
            Path::new("m.json"),
            br#"{"id": "x", "levels": [{"level": 0}], "sources": [{"file": "a", "columns": {}}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("levels[0]"), "{err}");
        let dir = TempDir::new().unwrap();
        write(dir.path(), "t.csv", "Name\nA\n");
        let manifest = write(
            dir.path(),
            "m.framework.json",
            r#"{"id": "x", "sources": [{"file": "t.csv", "columns": {"nmae": "Name"}}]}"#,
        );
        let err = load_path(&manifest).unwrap_err().to_string();
        assert!(err.contains("unknown field 'nmae'") && err.contains("sources[0]"), "{err}");
    }

    #[test]
    fn filter_and_defaults_split_one_sheet_into_kinds() {
        let dir = TempDir::new().unwrap();
        write(dir.path(), "s.csv", "Title row\nID,Text\nT1,Do a\nK1,Know b\nT2,Do c\n");
        let manifest = write(
            dir.path(),
            "m.framework.json",
            r#"{"id": "x", "sources": [
                {"file": "s.csv", "columns": {"code": "ID", "name": "Text"},
                 "filter": {"column": "ID", "starts_with": "T"}, "defaults": {"category": "Task"}},
                {"file": "s.csv", "columns": {"code": "ID", "name": "Text"},
                 "filter": {"column": "ID", "starts_with": "K"}, "defaults": {"category": "Knowledge"}}]}"#,
        );
        let doc = load_path(&manifest).unwrap();
        let got: Vec<(&str, &str)> =
            doc.skills.iter().map(|s| (s.code.as_str(), s.category.as_str())).collect();
        assert_eq!(got, vec![("T1", "Task"), ("T2", "Task"), ("K1", "Knowledge")]);
        let files = source_files(&manifest, &parse(&manifest, &std::fs::read(&manifest).unwrap()).unwrap());
        assert_eq!(files, vec![dir.path().join("s.csv")]);
    }
}
