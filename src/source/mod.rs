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

pub mod change_request;
pub mod columns;
pub mod esco;
pub mod logseq;
pub mod proficiency;
pub mod sfia_csv;
pub mod sfia_page;
pub mod sfia_sheet;

use crate::error::SourceError;
use crate::model::{Catalog, SourceDoc};
use crate::text::decode::decode_source_text;
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
    let mut warnings = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|source| SourceError::Io { path: path.clone(), source })?;
        if meta.is_dir() {
            for file in walk_files(path)? {
                let bytes = read(&file)?;
                match detect(&file, &bytes) {
                    Ok(format) => found.push((format, file, bytes, true)),
                    Err(err) => warnings.push(format!("skipped {err}")),
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

    let mut docs = Vec::with_capacity(found.len());
    let mut files = Vec::with_capacity(found.len());
    for (format, path, bytes, in_folder) in found {
        match load_file(format, &path, &bytes) {
            Ok(doc) => {
                docs.push(doc);
                files.push(path);
            }
            // A folder may hold files that look like sources but are not (a template page):
            // skip those with a warning; a file named explicitly must load.
            Err(err) if in_folder => warnings.push(format!("skipped {err}")),
            Err(err) => return Err(err),
        }
    }
    let (catalog, merge_warnings) = Catalog::from_sources(docs);
    warnings.extend(merge_warnings);
    if catalog.skill_count() == 0 {
        let paths = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        return Err(SourceError::EmptyCorpus { paths });
    }
    Ok(LoadedCorpus { catalog, files, warnings })
}

/// Every regular file below `dir`, sorted, leaving out hidden files and folders.
pub fn walk_files(dir: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|source| SourceError::Io { path: current.clone(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| SourceError::Io { path: current.clone(), source })?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let file_type =
                entry.file_type().map_err(|source| SourceError::Io { path: path.clone(), source })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
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
        "xlsx" | "xlsm" => return Ok(SourceFormat::SfiaSheet),
        "csv" => {
            let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            return Ok(match esco::sniff(&String::from_utf8_lossy(first_line)) {
                Some(esco::EscoFile::Skills) => SourceFormat::Esco,
                Some(esco::EscoFile::Companion) => SourceFormat::EscoCompanion,
                None => SourceFormat::SfiaCsv,
            });
        }
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
    if logseq::sniff(&text) {
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

/// Run the loader for `format` on one file's bytes.
pub fn load_file(format: SourceFormat, path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    match format {
        SourceFormat::SfiaSheet => sfia_sheet::load(path, bytes),
        SourceFormat::SfiaCsv => sfia_csv::load(path, bytes),
        SourceFormat::Esco => esco::load(path, bytes),
        SourceFormat::EscoCompanion => Ok(esco::companion(path)),
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
