//! What the zip-and-XML formats (DOCX, ODT) share: opening the package, reading a part as
//! text with a size cap, XML entity references, and the line/table layout of the output.

use super::Failure;
use crate::text::decode::decode_source_text;
use quick_xml::events::BytesRef;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The largest XML part read (decompressed): far above any real document, low enough that a
/// zip bomb cannot exhaust memory.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// A zip package read from memory.
pub(crate) type Package<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Open `bytes` as a zip package, or say why it is not one.
pub(crate) fn open_package(bytes: &[u8]) -> Result<Package<'_>, Failure> {
    ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Failure::Corrupt(format!("not a readable zip package: {e}")))
}

/// How many bytes may still be inflated from a package's members, shared by every part
/// read from one document: a zip bomb is read up to the limit and no further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Budget {
    /// The bytes allowed in all.
    pub(crate) limit: u64,
    /// The bytes still allowed.
    left: u64,
    /// Set when a part was cut (or left out) because the budget ran out.
    pub(crate) cut: bool,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub(crate) fn new(limit: u64) -> Budget {
        Budget { limit, left: limit, cut: false }
    }
}

/// The part `name` of the package as text, `None` when there is no such part. XML parts are
/// UTF-8 (a BOM or UTF-16 is decoded too). At most what is left of `budget` is inflated: a
/// longer part is cut before its last `<` (so no tag is left half read; the lenient readers
/// keep the text of unclosed elements) and `budget.cut` is set.
pub(crate) fn read_part(
    zip: &mut Package<'_>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, Failure> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Failure::Corrupt(format!("cannot read {name}: {e}"))),
    };
    let allowed = budget.left.min(MAX_PART_BYTES);
    // The declared size is only a hint (a bomb can lie): never reserve more than allowed.
    let mut bytes = Vec::with_capacity(file.size().min(allowed).min(1 << 20) as usize);
    file.take(allowed.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Corrupt(format!("cannot decompress {name}: {e}")))?;
    if bytes.len() as u64 > allowed {
        if allowed == MAX_PART_BYTES && budget.left > MAX_PART_BYTES {
            return Err(Failure::Corrupt(format!("{name} is larger than {} MiB", MAX_PART_BYTES >> 20)));
        }
        budget.cut = true;
        let keep = bytes[..allowed as usize].iter().rposition(|&b| b == b'<').unwrap_or(0);
        bytes.truncate(keep);
    }
    budget.left -= (bytes.len() as u64).min(budget.left);
    if budget.cut {
        // Nothing more is read once the budget ran out, even if a few bytes are left.
        budget.left = 0;
    }
    Ok(Some(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => decode_source_text(e.as_bytes()),
    }))
}

/// Make a reader forgiving: mismatched or stray end tags and bare `&` are read on.
pub(crate) fn lenient(reader: &mut quick_xml::Reader<&[u8]>) {
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
}

/// The names of the package's parts, in archive order.
pub(crate) fn part_names(zip: &Package<'_>) -> Vec<String> {
    zip.file_names().filter_map(Result::ok).map(|name| name.into_owned()).collect()
}

/// The text an entity or character reference stands for (`&amp;`, `&#x2013;`); unknown
/// entities (a DTD could define them; office XML has none) give nothing.
pub(crate) fn reference_text(r: &BytesRef<'_>, out: &mut String) {
    if r.is_char_ref() {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            out.push(c);
        }
        return;
    }
    out.push_str(match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    });
}

/// A table being read: rows of cells of paragraphs (lines).
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// The current row's cells, each a list of lines.
    row: Vec<Vec<String>>,
    /// A cell is open (lines go to the last cell of `row`).
    in_cell: bool,
}

/// Output in lines, with tables laid out as rows: a row whose cells each hold at most one
/// line becomes one line, cells separated by " | " (the sentence splitter treats each
/// cell on its own); a row with longer cells (a CV laid out with a table) keeps each cell's
/// lines as lines.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// The text so far.
    pub(crate) out: String,
    /// Open tables, innermost last.
    tables: Vec<Table>,
}

impl Lines {
    /// Add a finished line (paragraph) to the innermost open cell, or to the output.
    pub(crate) fn line(&mut self, line: &str) {
        if let Some(table) = self.tables.last_mut() {
            if table.in_cell {
                if let Some(cell) = table.row.last_mut() {
                    cell.push(line.to_owned());
                    return;
                }
            }
        }
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// Add a blank line (a break between sections) where the output is not already blank.
    pub(crate) fn blank(&mut self) {
        if self.tables.is_empty() && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A table starts.
    pub(crate) fn table_start(&mut self) {
        self.blank();
        self.tables.push(Table::default());
    }

    /// The innermost table ends (an open row is flushed first).
    pub(crate) fn table_end(&mut self) {
        self.row_end();
        self.tables.pop();
        self.blank();
    }

    /// A row of the innermost table starts.
    pub(crate) fn row_start(&mut self) {
        self.row_end();
    }

    /// A cell of the current row starts.
    pub(crate) fn cell_start(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.row.push(Vec::new());
            table.in_cell = true;
        }
    }

    /// The current cell ends.
    pub(crate) fn cell_end(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.in_cell = false;
        }
    }

    /// The current row ends: lay it out into the enclosing cell or the output.
    pub(crate) fn row_end(&mut self) {
        let Some(table) = self.tables.last_mut() else { return };
        let row = std::mem::take(&mut table.row);
        table.in_cell = false;
        let cells: Vec<Vec<String>> = row
            .into_iter()
            .map(|lines| lines.into_iter().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>())
            .filter(|lines| !lines.is_empty())
            .collect();
        if cells.is_empty() {
            return;
        }
        // Lines go to the enclosing level while this table is set aside.
        let table = self.tables.pop();
        if cells.iter().all(|c| c.len() == 1) {
            let joined = cells.iter().map(|c| c[0].trim()).collect::<Vec<_>>().join(" | ");
            self.line(&joined);
        } else {
            for cell in &cells {
                for line in cell {
                    self.line(line);
                }
            }
        }
        if let Some(table) = table {
            self.tables.push(table);
        }
    }

    /// The text, with any unclosed table flushed.
    pub(crate) fn finish(mut self) -> String {
        while !self.tables.is_empty() {
            self.table_end();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_layout() {
        let mut l = Lines::default();
        l.line("Intro");
        l.table_start();
        for row in [["Skill", "Level"], ["Rust", "Expert"]] {
            l.row_start();
            for cell in row {
                l.cell_start();
                l.line(cell);
                l.cell_end();
            }
            l.row_end();
        }
        l.row_start();
        l.cell_start();
        l.line("2019");
        l.cell_end();
        l.cell_start();
        l.line("Led a team.");
        l.line("• Shipped it.");
        l.cell_end();
        l.row_end();
        l.table_end();
        l.line("After");
        assert_eq!(
            l.finish(),
            "Intro\n\nSkill | Level\nRust | Expert\n2019\nLed a team.\n• Shipped it.\n\nAfter\n"
        );
    }

    #[test]
    fn nested_and_unclosed_tables() {
        let mut l = Lines::default();
        l.table_start();
        l.row_start();
        l.cell_start();
        l.table_start();
        l.row_start();
        l.cell_start();
        l.line("a");
        l.cell_end();
        l.cell_start();
        l.line("b");
        // Unclosed: finish flushes both tables.
        assert_eq!(l.finish(), "a | b\n\n");
    }
}
