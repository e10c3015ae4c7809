//! The SFIA Skills sheet saved as CSV.
//!
//! Excel saves it as Windows-1252 with line breaks inside quoted cells; UTF-8 files, with or
//! without a BOM, are read too. The header row is found and mapped by name exactly as for
//! the spreadsheet ([`super::columns`]), so a CSV export gives the same skills as its xlsx.
//! A CSV holds no levels of responsibility; its version comes from the file name or the
//! skills' URLs.

use super::columns::{version_from_name_or_urls, SkillColumns, HEADER_SEARCH_ROWS};
use super::rows::{unterminated_quote_line, SkillSet};
use crate::error::SourceError;
use crate::model::{SourceDoc, UNVERSIONED_SFIA};
use std::borrow::Cow;
use std::path::Path;

/// Load a Skills sheet CSV from its bytes; `path` names the file in errors and, being the
/// only "sheet", stands for the sheet too.
///
/// Errors: [`SourceError::Malformed`] (kind "CSV", with the line number) for broken
/// quoting, [`SourceError::MissingColumn`] when the header lacks `Code` or `Skill`, and
/// [`SourceError::BadRow`] (with the line the record starts on) for a code without a name.
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let text = decode(bytes);
    let sheet = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let malformed =
        |message: String| SourceError::Malformed { path: path.to_path_buf(), kind: "CSV", message };
    if let Some(line) = unterminated_quote_line(&text, b',') {
        return Err(malformed(format!("line {line}: quoted field opened here is never closed")));
    }

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Rows may be shorter or longer than the header (trailing empty cells left out).
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| {
            let line = err.position().map(|p| p.line()).unwrap_or(0);
            malformed(format!("line {line}: {err}"))
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(records.len() + 1);
        records.push((line, record.iter().map(str::to_string).collect()));
    }

    let top: Vec<Vec<String>> =
        records.iter().take(HEADER_SEARCH_ROWS).map(|(_, cells)| cells.clone()).collect();
    let (header_index, columns) = SkillColumns::locate(&top, path, &sheet)?;
    // Merged by code here (not only in the catalog) so that two rows giving one code
    // differently are reported with their line numbers.
    let mut set = SkillSet::default();
    for (line, cells) in records.iter().skip(header_index + 1) {
        if let Some(skill) = columns.skill_from_row(cells, path, &sheet, *line)? {
            set.add(skill, || format!("{} line {line}", path.display()));
        }
    }
    let warnings = set.warnings();
    let skills = set.into_skills();
    let framework = version_from_name_or_urls(path, &skills).unwrap_or_else(|| UNVERSIONED_SFIA.to_string());
    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework,
        skills,
        responsibility_levels: Vec::new(),
        warnings,
        ..SourceDoc::default()
    })
}

/// UTF-8 (BOM dropped) when the bytes are valid UTF-8, Windows-1252 otherwise: Excel's
/// "CSV" export writes the ANSI code page, in which `’` is byte 0x92 and invalid UTF-8.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "#,Levels,,Code,URL,Skill,Category,Subcategory,Overall description,Guidance notes,\
Level 1 description,Level 2 description,Level 3 description\r\n";

    fn csv_text() -> String {
        format!(
            "{HEADER}1,2,3,WXYZ,https://example.org/en/skillcode/4/WXYZ,Widget tuning,Making,Widgets,\
\"Tuning widgets, the \u{2019}careful\u{2019} way.\",\"First note_x000D_\r\nSecond\u{a0}note \r\n\",,\
Tunes a widget.,\"Tunes many widgets.\r\nTeaches \"\"tuning\"\".\"\r\n\
,,,,,,,,,,,,\r\n\
2,1,,QRST,,Gadget care,Making,Gadgets,Caring.,,Cares.\r\n"
        )
    }

    fn check(doc: &SourceDoc) {
        assert_eq!(doc.skills.len(), 2);
        let w = &doc.skills[0];
        assert_eq!((w.code.as_str(), w.name.as_str()), ("WXYZ", "Widget tuning"));
        assert_eq!(w.description, "Tuning widgets, the \u{2019}careful\u{2019} way.");
        assert_eq!(w.guidance, "First note\nSecond note");
        let levels: Vec<(u8, &str)> = w.levels.iter().map(|l| (l.level, l.description.as_str())).collect();
        assert_eq!(levels, vec![(2, "Tunes a widget."), (3, "Tunes many widgets.\nTeaches \"tuning\".")]);
        assert_eq!(doc.skills[1].levels.len(), 1);
        assert_eq!(doc.skills[1].url, None);
        assert_eq!(doc.framework, "sfia-4");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let text = csv_text();
        check(&load(Path::new("skills.csv"), text.as_bytes()).unwrap());
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        check(&load(Path::new("skills.csv"), &with_bom).unwrap());
    }

    #[test]
    fn windows_1252() {
        let text = csv_text();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must not be valid UTF-8");
        check(&load(Path::new("skills.csv"), &bytes).unwrap());
    }

    #[test]
    fn version_from_file_name_wins() {
        let doc = load(Path::new("sfia-8-skills.csv"), csv_text().as_bytes()).unwrap();
        assert_eq!(doc.framework, "sfia-8");
        let no_urls = csv_text().replace("https://example.org/en/skillcode/4/WXYZ", "");
        assert_eq!(load(Path::new("s.csv"), no_urls.as_bytes()).unwrap().framework, UNVERSIONED_SFIA);
    }

    #[test]
    fn missing_code_column() {
        let err = load(Path::new("s.csv"), b"Skill,Category\nWidgets,Making\n").unwrap_err();
        match &err {
            SourceError::MissingColumn { sheet, column, found, .. } => {
                assert_eq!(
                    (sheet.as_str(), column.as_str(), found.as_str()),
                    ("s.csv", "Code", "Skill, Category")
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn code_without_name_names_the_line() {
        let text = "Code,Skill\nAB,Alpha\n\"C\nD\",\nEF,\n";
        let err = load(Path::new("s.csv"), text.as_bytes()).unwrap_err();
        assert!(matches!(&err, SourceError::BadRow { row: 3, .. }), "{err:?}");
    }

    #[test]
    fn unterminated_quote_is_malformed_with_its_line() {
        let text = "Code,Skill\nAB,Alpha\nCD,\"Beta\nEF,Gamma\n";
        let err = load(Path::new("s.csv"), text.as_bytes()).unwrap_err();
        match &err {
            SourceError::Malformed { kind, message, .. } => {
                assert_eq!(*kind, "CSV");
                assert!(message.contains("line 3"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        // Quotes inside an unquoted field are literal, not an opening quote.
        assert_eq!(unterminated_quote_line("a,b\"c,d\n", b','), None);
        assert_eq!(unterminated_quote_line("a,\"b\"\"c\"\n\"x\ny\",z", b','), None);
    }
}
