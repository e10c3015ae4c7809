//! JSON lines as documents: one per non-blank line, `{"id": …, "text": …}` (field names
//! from `--id-column` and `--text-column`), every line bounded.

use super::{Body, Columns, DocId, Document};
use std::io::{BufRead, Read};
use thiserror::Error;

/// Why a JSON line gives no document. `path` is the input as the records name it (`None`:
/// standard input, named `-`); `line` is 1-based.
#[derive(Debug, Error)]
pub enum LineError {
    /// Reading the input failed; it ends there.
    #[error("{}: cannot read: {source}", name(path))]
    Read {
        /// The input.
        path: Option<String>,
        /// The line being read.
        line: u64,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A line over the bound, dropped unread.
    #[error("{}:{line}: too large: the line has {len} bytes (limit {limit})", name(path))]
    TooLong {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
        /// Its length in bytes.
        len: u64,
        /// The bound.
        limit: usize,
    },
    /// Not JSON at all.
    #[error("{}:{line}: not JSON: {source}", name(path))]
    NotJson {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// JSON, but not an object.
    #[error("{}:{line}: not a JSON object", name(path))]
    NotObject {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
    },
    /// The id field holds something other than a string or a number.
    #[error("{}:{line}: \"{field}\" must be a string or a number", name(path))]
    BadId {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
        /// The id field's name.
        field: String,
    },
    /// The text field holds something other than a string.
    #[error("{}:{line}: \"{field}\" is not a string", name(path))]
    TextNotString {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
        /// The text field's name.
        field: String,
    },
    /// No text field.
    #[error("{}:{line}: no \"{field}\" field", name(path))]
    NoText {
        /// The input.
        path: Option<String>,
        /// The line.
        line: u64,
        /// The text field's name.
        field: String,
    },
}

/// The input's name in messages: its path, or "-" for standard input.
fn name(path: &Option<String>) -> &str {
    path.as_deref().unwrap_or("-")
}

/// Lines of a JSON-lines stream as documents; blank lines are not documents.
pub(super) struct JsonLines<R> {
    reader: Option<R>,
    path: Option<String>,
    text_field: String,
    id_field: String,
    max_line: usize,
    line: u64,
}

impl<R: BufRead> JsonLines<R> {
    pub(super) fn new(reader: R, path: Option<String>, columns: &Columns, max_line: usize) -> JsonLines<R> {
        JsonLines {
            reader: Some(reader),
            path,
            text_field: columns.text.clone().unwrap_or_else(|| "text".into()),
            id_field: columns.id.clone().unwrap_or_else(|| "id".into()),
            max_line,
            line: 0,
        }
    }

    /// The next line, at most `max_line` bytes kept: `Ok(None)` at the end, `Ok(Some(Err(len)))`
    /// for a line over the limit (the rest of it is read and dropped).
    fn read_line(&mut self) -> std::io::Result<Option<Result<Vec<u8>, u64>>> {
        let Some(reader) = self.reader.as_mut() else { return Ok(None) };
        let mut buf = Vec::new();
        let limit = (self.max_line as u64).saturating_add(1);
        let n = reader.by_ref().take(limit).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&b'\n') || (n as u64) < limit {
            return Ok(Some(Ok(buf)));
        }
        // Over the limit: skip to the end of the line without keeping it.
        let mut total = n as u64;
        loop {
            let (done, used) = {
                let chunk = reader.fill_buf()?;
                if chunk.is_empty() {
                    (true, 0)
                } else {
                    match chunk.iter().position(|&b| b == b'\n') {
                        Some(i) => (true, i + 1),
                        None => (false, chunk.len()),
                    }
                }
            };
            reader.consume(used);
            total += used as u64;
            if done {
                return Ok(Some(Err(total)));
            }
        }
    }

    /// The error record of the current line, which could not be read as a document; `id`
    /// when the line gave one, else the line's number.
    fn failed_line(&self, id: Option<DocId>, error: LineError) -> Document {
        Document {
            id: id.unwrap_or_else(|| DocId::number(self.line)),
            path: self.path.clone(),
            row: Some(self.line),
            body: Body::Failed { format: Some("jsonl"), error: error.into() },
        }
    }

    fn document(&self, line: &[u8]) -> Document {
        let (row, path) = (self.line, self.path.clone());
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the first line.
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(source) => return self.failed_line(None, LineError::NotJson { path, line: row, source }),
        };
        let Some(object) = value.as_object() else {
            return self.failed_line(None, LineError::NotObject { path, line: row });
        };
        let id = match object.get(&self.id_field) {
            None | Some(serde_json::Value::Null) => DocId::number(row),
            Some(serde_json::Value::String(s)) => DocId::Text(s.clone()),
            Some(serde_json::Value::Number(n)) => DocId::Number(n.clone()),
            Some(_) => {
                let field = self.id_field.clone();
                return self.failed_line(None, LineError::BadId { path, line: row, field });
            }
        };
        let field = || self.text_field.clone();
        let body = match object.get(&self.text_field) {
            Some(serde_json::Value::String(text)) => {
                Body::Inline { bytes: text.as_bytes().to_vec(), format: "jsonl" }
            }
            Some(_) => {
                return self
                    .failed_line(Some(id), LineError::TextNotString { path, line: row, field: field() })
            }
            None => return self.failed_line(Some(id), LineError::NoText { path, line: row, field: field() }),
        };
        Document { id, path, row: Some(row), body }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            let line = match self.read_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.reader = None;
                    return None;
                }
                Err(source) => {
                    self.reader = None;
                    self.line += 1;
                    let error = LineError::Read { path: self.path.clone(), line: self.line, source };
                    return Some(self.failed_line(None, error));
                }
            };
            self.line += 1;
            match line {
                Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(bytes) => return Some(self.document(&bytes)),
                Err(len) => {
                    let (path, line, limit) = (self.path.clone(), self.line, self.max_line);
                    return Some(self.failed_line(None, LineError::TooLong { path, line, len, limit }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::inputs::{Body, Columns, DocId, Document};

    #[test]
    fn json_lines_ids_texts_and_errors() {
        let input = b"{\"id\": 7, \"text\": \"a\"}\n\n{\"text\": \"b\"}\nnot json\n{\"id\": \"x\"}\n{\"id\":1,\"text\":\"long long long\"}\n";
        let docs: Vec<Document> = JsonLines::new(&input[..], None, &Columns::default(), 40).collect();
        let ids: Vec<String> = docs.iter().map(|d| d.id.to_string()).collect();
        assert_eq!(ids, ["7", "3", "4", "x", "1"]);
        assert!(matches!(docs[0].body, Body::Inline { .. }));
        assert!(
            matches!(&docs[2].body, Body::Failed { error, .. } if error.to_string().contains("not JSON"))
        );
        assert!(
            matches!(&docs[3].body, Body::Failed { error, .. } if error.to_string().contains("no \"text\""))
        );
        assert!(matches!(&docs[4].body, Body::Inline { .. }));
        let bom = b"\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"x\"}\n";
        let docs: Vec<Document> = JsonLines::new(&bom[..], None, &Columns::default(), 40).collect();
        assert_eq!(docs[0].id, DocId::Text("b".into()));
        let long = b"{\"text\": \"0123456789012345678901234567890123456789\"}\n{\"text\":\"ok\"}";
        let docs: Vec<Document> = JsonLines::new(&long[..], None, &Columns::default(), 20).collect();
        assert_eq!(docs.len(), 2);
        assert!(
            matches!(&docs[0].body, Body::Failed { error, .. } if error.to_string().contains("too large"))
        );
        assert!(matches!(&docs[1].body, Body::Inline { bytes, .. } if bytes == b"ok"));
    }
}
