//! Framework sources: find the files under the corpus paths, tell each one's format from
//! its content and extension, and hand it to the loader for that format.
//!
//! One loader per format, each in its own module:
//! - [`sfia_sheet`]: the official SFIA spreadsheet (.xlsx);
//! - [`sfia_csv`]: its Skills sheet saved as CSV (Windows-1252 or UTF-8);
//! - [`logseq`]: Logseq skill pages with `key:: value` properties;
//! - [`sfia_page`]: SFIA skill pages and level-of-responsibility pages as text or markdown;
//! - [`proficiency`]: competency pages with named proficiency levels and no code;
//! - [`change_request`]: SFIA change requests, whose old and draft names become aliases;
//! - [`esco`]: the ESCO classification's CSV download (skills, with its hierarchy).
//!
//! [`columns`] maps the Skills sheet's header names to fields for both spreadsheet loaders.
//!
//! Any other framework comes in the generic format (`docs/framework-format.md`):
//! - [`generic`]: a table (.csv, .tsv, tab-separated .txt, .xlsx) with recognised headers;
//! - [`manifest`]: a JSON manifest mapping published tables' own headers to skill fields;
//! - [`framework_json`]: a whole framework in one JSON file.

pub mod change_request;
pub mod columns;
pub mod esco;
pub mod framework_json;
pub mod generic;
pub mod logseq;
pub mod manifest;
pub mod proficiency;
pub mod rows;
pub mod sfia_csv;
pub mod sfia_page;
pub mod sfia_sheet;
pub mod tables;

use crate::error::SourceError;
use crate::model::{Catalog, SourceDoc};
use crate::text::decode::decode_source_text;
use crate::walk::{walk, Entry, WalkError, WalkOptions};
use std::path::{Path, PathBuf};

/// The format of one source file, decided by [`detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceFormat {
    /// Official SFIA spreadsheet.
    SfiaSheet,
    /// Skills sheet as CSV.
    SfiaCsv,
    /// SFIA skill page or level page (text/markdown).
    SfiaPage,
    /// Logseq skill page.
    Logseq,
    /// Proficiency-level competency page.
    Proficiency,
    /// SFIA change request.
    ChangeRequest,
    /// ESCO skills CSV.
    Esco,
    /// Another file of the ESCO download, read with the skills file or not at all.
    EscoCompanion,
    /// Generic framework table with recognised headers.
    Generic,
    /// JSON framework file (top-level `skills`).
    FrameworkJson,
    /// Framework manifest (top-level `sources`).
    Manifest,
}

/// The corpus after loading: merged frameworks plus what a user should be told.
#[derive(Debug, Default)]
pub struct LoadedCorpus {
    /// The merged frameworks.
    pub catalog: Catalog,
    /// The source files read, in merge order.
    pub files: Vec<PathBuf>,
    /// Files skipped inside folders and other non-fatal problems, one line each.
    pub warnings: Vec<String>,
}

/// Load every framework source under `paths` (files or folders, searched recursively).
///
/// A path given explicitly must be a readable, recognised source, or this fails naming it.
/// A file found inside a folder that is not a source is skipped with a warning, so a folder
/// holding a README beside the spreadsheet still loads.
pub fn load_corpus(paths: &[PathBuf]) -> Result<LoadedCorpus, SourceError> {
    // (format, path, bytes, found inside a folder)
    let mut found: Vec<(SourceFormat, PathBuf, Vec<u8>, bool)> = Vec::new();
    // Files in folders that are not sources; reported once the manifests' files are known.
    let mut skipped: Vec<(PathBuf, SourceError)> = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|source| SourceError::Io { path: path.clone(), source })?;
        if meta.is_dir() {
            for file in walk_files(path)? {
                let bytes = read(&file)?;
                match detect(&file, &bytes) {
                    Ok(format) => found.push((format, file, bytes, true)),
                    Err(err) => skipped.push((file, err)),
                }
            }
        } else {
            let bytes = read(path)?;
            let format = detect(path, &bytes)?;
            found.push((format, path.clone(), bytes, false));
        }
    }
    // Spreadsheets first so their text wins a merge; then by path, for a stable result.
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    found.dedup_by(|a, b| a.1 == b.1);
    let read_by_manifests = manifest_files(&found);
    if !read_by_manifests.is_empty() {
        found.retain(|(_, path, _, _)| !read_by_manifests.contains(&same_file_key(path)));
        skipped.retain(|(path, _)| !read_by_manifests.contains(&same_file_key(path)));
    }
    // Why each file in a folder was left out, kept for the error when nothing loads.
    let mut reasons: Vec<String> = skipped.iter().map(|(_, err)| brief(err)).collect();
    warnings.extend(skipped.into_iter().map(|(_, err)| format!("skipped {err}")));

    let mut docs = Vec::with_capacity(found.len());
    let mut files = Vec::with_capacity(found.len());
    for (format, path, bytes, in_folder) in found {
        match load_file(format, &path, &bytes) {
            Ok(mut doc) => {
                if doc.skills.is_empty() && doc.responsibility_levels.is_empty() {
                    // Read, but gave nothing: its warnings (or this line) say why.
                    match doc.warnings.is_empty() {
                        true => reasons.push(format!("{}: read, but it holds no skills", path.display())),
                        false => reasons.extend(doc.warnings.iter().cloned()),
                    }
                }
                warnings.append(&mut doc.warnings);
                if format == SourceFormat::Manifest {
                    if let Ok(parsed) = manifest::parse(&path, &bytes) {
                        files.extend(manifest::source_files(&path, &parsed));
                    }
                }
                docs.push(doc);
                files.push(path);
            }
            // A folder may hold files that look like sources but are not (a template page):
            // skip those with a warning; a file named explicitly must load. A manifest or a
            // JSON framework file states its intent, so its errors are never skipped.
            Err(err)
                if in_folder && !matches!(format, SourceFormat::Manifest | SourceFormat::FrameworkJson) =>
            {
                reasons.push(brief(&err));
                warnings.push(format!("skipped {err}"));
            }
            Err(err) => return Err(err),
        }
    }
    let (catalog, merge_warnings) = Catalog::from_sources(docs);
    warnings.extend(merge_warnings);
    if catalog.skill_count() == 0 {
        let paths = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        reasons.sort();
        return Err(SourceError::EmptyCorpus { paths, skipped: reasons });
    }
    Ok(LoadedCorpus { catalog, files, warnings })
}

/// One line for a skipped file: the error, without the list of supported formats that an
/// unrecognised file's error carries (the list would repeat on every line).
fn brief(err: &SourceError) -> String {
    match err {
        SourceError::Unrecognised { path, reason } => {
            format!("{}: not a recognised framework source ({reason})", path.display())
        }
        other => other.to_string(),
    }
}

/// The files the manifests among `found` read, as [`same_file_key`]s: they belong to their
/// manifest and must not load a second time as sources of their own. A manifest that does
/// not parse claims nothing here; loading it reports the error.
fn manifest_files(found: &[(SourceFormat, PathBuf, Vec<u8>, bool)]) -> std::collections::HashSet<PathBuf> {
    found
        .iter()
        .filter(|(format, ..)| *format == SourceFormat::Manifest)
        .filter_map(|(_, path, bytes, _)| manifest::parse(path, bytes).ok().map(|m| (path, m)))
        .flat_map(|(path, m)| manifest::source_files(path, &m))
        .map(|file| same_file_key(&file))
        .collect()
}

/// A path that is the same for two spellings of one file (`a/../b`, symlinks).
fn same_file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Every regular file below `dir` (and every link to one), sorted, leaving out hidden files
/// and folders; links to folders, dangling links and special files are passed over.
///
/// Errors: [`SourceError::Io`] naming the folder that cannot be listed or the entry whose
/// type cannot be read: a corpus is read whole or not at all.
pub fn walk_files(dir: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let options = WalkOptions { empty_is_cwd: false, stop_at_unreadable: true };
    let entries = walk(dir, options).map_err(|e| match e {
        WalkError::Folder { path, source } | WalkError::Entry { path, source } => {
            SourceError::Io { path, source }
        }
    })?;
    Ok(entries
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::File(path) => Some(path),
            Entry::Bad { .. } | Entry::FolderLink(_) => None,
        })
        .collect())
}

fn read(path: &Path) -> Result<Vec<u8>, SourceError> {
    std::fs::read(path).map_err(|source| SourceError::Io { path: path.to_path_buf(), source })
}

/// Decide a file's format from its extension and content.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<SourceFormat, SourceError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let unrecognised =
        |reason: &str| SourceError::Unrecognised { path: path.to_path_buf(), reason: reason.into() };
    match ext.as_str() {
        "xlsx" | "xlsm" => return Ok(workbook_format(bytes)),
        "csv" => {
            let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            return Ok(match esco::sniff(&String::from_utf8_lossy(first_line)) {
                Some(esco::EscoFile::Skills) => SourceFormat::Esco,
                Some(esco::EscoFile::Companion) => SourceFormat::EscoCompanion,
                None => csv_format(path, bytes),
            });
        }
        "tsv" => return Ok(SourceFormat::Generic),
        "json" => return json_format(path, bytes),
        "md" | "txt" | "markdown" | "" => {}
        other => return Err(unrecognised(&format!("unsupported extension .{other}"))),
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(SourceFormat::SfiaSheet);
    }
    if bytes.contains(&0) {
        return Err(unrecognised("binary content"));
    }
    let text = decode_source_text(bytes);
    if text.trim().is_empty() {
        return Err(unrecognised("empty file"));
    }
    if ext == "txt" && tab_separated_table(&text) {
        Ok(SourceFormat::Generic)
    } else if logseq::sniff(&text) {
        Ok(SourceFormat::Logseq)
    } else if change_request::sniff(&text) {
        Ok(SourceFormat::ChangeRequest)
    } else if proficiency::sniff(&text) {
        Ok(SourceFormat::Proficiency)
    } else if sfia_page::sniff(&text) {
        Ok(SourceFormat::SfiaPage)
    } else {
        Err(unrecognised("no skill page, Logseq properties, proficiency levels or change request found"))
    }
}

/// An xlsx with a `Skills` sheet is the SFIA spreadsheet (its loader explains what is
/// missing); any other workbook is a generic table. An unreadable one goes to the SFIA
/// loader too, which reports it as malformed.
fn workbook_format(bytes: &[u8]) -> SourceFormat {
    use calamine::Reader as _;
    let sheets = std::panic::catch_unwind(|| {
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map(|w: calamine::Xlsx<_>| w.sheet_names())
    });
    match sheets {
        Ok(Ok(names)) if !names.iter().any(|n| n.trim().eq_ignore_ascii_case(sfia_sheet::SKILLS_SHEET)) => {
            SourceFormat::Generic
        }
        _ => SourceFormat::SfiaSheet,
    }
}

/// A CSV is the SFIA Skills sheet when a top row has `Code`, `Skill` and `Level N
/// description` columns, a generic table when a top row has recognised generic headers,
/// and otherwise the SFIA loader's to explain what is missing.
///
/// A row with `Level N description` columns is SFIA's even without its `Code` column (a
/// renamed header): read as a generic table it would load with made-up codes and without
/// a single level description, so the SFIA loader refuses it, naming the missing column.
fn csv_format(path: &Path, bytes: &[u8]) -> SourceFormat {
    let top = tables::top_rows(path, bytes, columns::HEADER_SEARCH_ROWS);
    let sfia_levels = |row: &Vec<String>| row.iter().filter(|c| columns::level_header(c).is_some()).count();
    if top.iter().any(|row| columns::SkillColumns::from_header(row).is_some_and(|c| !c.levels.is_empty()))
        || top.iter().any(|row| sfia_levels(row) >= 2 && !generic::has_level_column(row))
    {
        SourceFormat::SfiaCsv
    } else if top.iter().any(|row| generic::sniff_header(row, false)) {
        SourceFormat::Generic
    } else {
        SourceFormat::SfiaCsv
    }
}

/// A `.txt` whose first non-empty line is a tab-separated header with a code and a name
/// column. Both are required: a prose page's first line could hold a tab and "Title".
fn tab_separated_table(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    first.contains('\t') && generic::sniff_header(&first.split('\t').collect::<Vec<_>>(), true)
}

/// A manifest has `sources`, a framework file `skills`; other JSON is not a framework.
/// Broken JSON that mentions either key is handed to its loader, which names the line.
fn json_format(path: &Path, bytes: &[u8]) -> Result<SourceFormat, SourceError> {
    let text = decode_source_text(bytes);
    let unrecognised = |reason: String| SourceError::Unrecognised { path: path.to_path_buf(), reason };
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let manifest_name = name.ends_with(".framework.json") || name == "skillmatch-framework.json";
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) if map.contains_key("sources") => Ok(SourceFormat::Manifest),
        Ok(serde_json::Value::Object(map)) if map.contains_key("skills") => Ok(SourceFormat::FrameworkJson),
        Ok(_) if manifest_name => Ok(SourceFormat::Manifest),
        Ok(_) => Err(unrecognised(
            "JSON without a top-level \"skills\" or \"sources\" key: not a skillmatch framework".into(),
        )),
        Err(_) if manifest_name || text.contains("\"sources\"") => Ok(SourceFormat::Manifest),
        Err(_) if text.contains("\"skills\"") => Ok(SourceFormat::FrameworkJson),
        Err(err) => Err(unrecognised(format!(
            "malformed JSON at line {}, column {}: {err}",
            err.line(),
            err.column()
        ))),
    }
}

/// Run the loader for `format` on one file's bytes.
pub fn load_file(format: SourceFormat, path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    match format {
        SourceFormat::SfiaSheet => sfia_sheet::load(path, bytes),
        SourceFormat::SfiaCsv => sfia_csv::load(path, bytes),
        SourceFormat::Esco => esco::load(path, bytes),
        SourceFormat::EscoCompanion => Ok(esco::companion(path)),
        SourceFormat::Generic => generic::load(path, bytes),
        SourceFormat::FrameworkJson => framework_json::load(path, bytes),
        SourceFormat::Manifest => manifest::load(path, bytes),
        other => {
            let text = decode_source_text(bytes);
            match other {
                SourceFormat::Logseq => logseq::parse(path, &text),
                SourceFormat::ChangeRequest => change_request::parse(path, &text),
                SourceFormat::Proficiency => proficiency::parse(path, &text),
                _ => sfia_page::parse(path, &text),
            }
        }
    }
}

/// The SFIA version a path or text names ("sfia-9" for `sfia-9_current-standard…`,
/// `/sfia-9/` links or `SFIA 9`), or `None`.
pub fn sfia_version_hint(haystack: &str) -> Option<String> {
    let lower = haystack.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("sfia") {
        let mut i = from + pos + 4;
        while i < bytes.len() && matches!(bytes[i], b'-' | b'_' | b' ') {
            i += 1;
        }
        let digits_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let followed_by_digit_or_letter = i < bytes.len() && bytes[i].is_ascii_alphanumeric();
        if i > digits_start && i - digits_start <= 2 && !followed_by_digit_or_letter {
            return Some(format!("sfia-{}", &lower[digits_start..i]));
        }
        from = from + pos + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_hints() {
        assert_eq!(sfia_version_hint("sfia-9_current-standard_en_250129.xlsx").as_deref(), Some("sfia-9"));
        assert_eq!(sfia_version_hint("SFIA 8 skills").as_deref(), Some("sfia-8"));
        assert_eq!(
            sfia_version_hint("https://sfia-online.org/en/sfia-9/skills/x").as_deref(),
            Some("sfia-9")
        );
        assert_eq!(sfia_version_hint("sfia-online.org"), None);
        assert_eq!(sfia_version_hint("sfia-8_en_220221.xlsx").as_deref(), Some("sfia-8"));
        assert_eq!(sfia_version_hint("SFIA 2024"), None);
    }

    #[test]
    fn unknown_extension_is_an_error_listing_formats() {
        let err = detect(Path::new("x.pdf"), b"%PDF-1.4").unwrap_err().to_string();
        assert!(err.contains("x.pdf") && err.contains("supported formats"), "{err}");
    }
}
