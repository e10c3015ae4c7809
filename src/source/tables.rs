//! Table files as rows of text cells: every sheet of an xlsx workbook, or one delimited text
//! file (CSV, TSV, semicolons), with a broken quote or a truncated workbook named as such.
//! The generic loader and framework manifests read their files through it.

use super::rows::{cell_text, file_name, unterminated_quote_line};
use crate::error::SourceError;
use crate::text::decode::decode_source_text;
use calamine::{Reader, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// One sheet of a workbook, or a whole delimited file, as text cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet's name; the file name for delimited text.
    pub sheet: String,
    /// Each row with its 1-based number as the spreadsheet shows it (the line the record
    /// starts on for delimited text).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Whether `path` and `bytes` are an xlsx workbook rather than delimited text.
pub fn is_workbook(path: &Path, bytes: &[u8]) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm") || bytes.starts_with(b"PK\x03\x04")
}

/// Read a file as tables: every sheet of a workbook (only `sheet` when given), or the one
/// table of a delimited file split on `delimiter` (sniffed when `None`).
pub fn read_tables(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    delimiter: Option<u8>,
) -> Result<Vec<Table>, SourceError> {
    if is_workbook(path, bytes) {
        // The zip and XML parsing is calamine's; a panic on a hostile file must not take the
        // whole corpus load down.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(path, bytes, sheet)))
            .unwrap_or_else(|_| Err(malformed(path, "spreadsheet", "the spreadsheet reader failed".into())))
    } else {
        read_delimited(path, bytes, delimiter).map(|table| vec![table])
    }
}

fn malformed(path: &Path, kind: &'static str, message: String) -> SourceError {
    SourceError::Malformed { path: path.to_path_buf(), kind, message }
}

fn read_workbook(path: &Path, bytes: &[u8], wanted: Option<&str>) -> Result<Vec<Table>, SourceError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|err| malformed(path, "spreadsheet", format!("not a readable xlsx file: {err}")))?;
    let names = workbook.sheet_names();
    let chosen: Vec<String> = match wanted {
        Some(wanted) => match names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())) {
            Some(name) => vec![name.clone()],
            None => {
                return Err(SourceError::MissingSheet {
                    path: path.to_path_buf(),
                    sheet: wanted.to_string(),
                    found: names.join(", "),
                })
            }
        },
        None => names,
    };
    let mut tables = Vec::with_capacity(chosen.len());
    for sheet in chosen {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|err| malformed(path, "spreadsheet", format!("sheet '{sheet}': {err}")))?;
        // The range starts at the first used cell, not at A1: keep its offset so that row
        // numbers in errors are the ones the spreadsheet shows.
        let first_row = range.start().map(|(row, _)| row as usize).unwrap_or(0);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| (first_row + i + 1, row.iter().map(cell_text).collect()))
            .collect();
        tables.push(Table { sheet, rows });
    }
    Ok(tables)
}

/// The delimiter of a text table: tab for `.tsv`; otherwise the most frequent of tab, comma
/// and semicolon on the first non-empty line; tab for a `.txt` without any.
pub fn sniff_delimiter(path: &Path, text: &str) -> u8 {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "tsv" {
        return b'\t';
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |d: char| first.chars().filter(|c| *c == d).count();
    let (tabs, commas, semicolons) = (count('\t'), count(','), count(';'));
    if tabs > 0 && tabs >= commas && tabs >= semicolons {
        b'\t'
    } else if commas > 0 && commas >= semicolons {
        b','
    } else if semicolons > 0 {
        b';'
    } else if ext == "txt" {
        b'\t'
    } else {
        b','
    }
}

fn read_delimited(path: &Path, bytes: &[u8], delimiter: Option<u8>) -> Result<Table, SourceError> {
    let text = decode_source_text(bytes);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(path, &text));
    if let Some(line) = unterminated_quote_line(&text, delimiter) {
        return Err(malformed(path, "CSV", format!("line {line}: quoted field opened here is never closed")));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| {
            let line = err.position().map(|p| p.line()).unwrap_or(0);
            malformed(path, "CSV", format!("line {line}: {err}"))
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(rows.len() + 1);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { sheet: file_name(path), rows })
}

/// The first `count` records of a text table, for telling its kind from its header: read
/// from the file's first 64 KiB (cut at a line end), stopping at the first broken record.
pub fn top_rows(path: &Path, bytes: &[u8], count: usize) -> Vec<Vec<String>> {
    const SAMPLE: usize = 64 * 1024;
    let sample = if bytes.len() > SAMPLE {
        let cut = bytes[..SAMPLE].iter().rposition(|b| *b == b'\n').map_or(SAMPLE, |i| i + 1);
        &bytes[..cut]
    } else {
        bytes
    };
    let text = decode_source_text(sample);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(path, &text))
        .from_reader(text.as_bytes());
    reader
        .records()
        .take(count)
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}
