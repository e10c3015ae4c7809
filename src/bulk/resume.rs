//! Resuming an interrupted JSONL run: what `FILE.partial` already holds.
//!
//! A run writes whole chunks of lines and flushes after each, so an interruption leaves
//! complete lines plus at most one torn line. [`load`] cuts the torn line off and counts the
//! documents already written, keyed by (path, id); the run then skips exactly that many
//! occurrences of each key, in input order, so documents that share an id (the same id in
//! two CSV files, a JSONL file with duplicate ids) are still each written exactly once.

use super::inputs::{DocId, Document};
use super::output::file_error;
use crate::error::Error;
use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::Read;
use std::path::Path;

/// The documents a partial output already holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done {
    keys: HashMap<String, usize>,
    /// Documents written with matches or no matches.
    pub ok: usize,
    /// Documents written with an error.
    pub failed: usize,
}

impl Done {
    /// Whether `doc` is already written; each call consumes one occurrence of its key.
    pub fn take(&mut self, doc: &Document) -> bool {
        if self.keys.is_empty() {
            return false;
        }
        match self.keys.get_mut(&key(doc.path.as_deref(), &doc.id)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Documents already written.
    pub fn len(&self) -> usize {
        self.ok + self.failed
    }

    /// Whether nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A document's identity across runs: its path (if any) and its id.
pub fn key(path: Option<&str>, id: &DocId) -> String {
    // Ids are written as strings, so a number and its digits are one id, as in the output.
    serde_json::to_string(&(path, id)).unwrap_or_default()
}

/// Read the complete lines of `partial` and cut off a torn last line (the file is truncated
/// after its last newline). A missing file is an empty [`Done`].
///
/// Errors: the file cannot be read or truncated ([`Error::Output`]); a complete line is not
/// a bulk record ([`Error::Usage`]: the file is not this tool's output, remove it).
pub fn load(partial: &Path) -> Result<Done, Error> {
    let mut file = match OpenOptions::new().read(true).write(true).open(partial) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Done::default()),
        Err(e) => return Err(file_error(partial, "open", e)),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| file_error(partial, "read", e))?;
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut done = Done::default();
    for (n, line) in bytes[..complete].split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let not_ours = || {
            Error::Usage(format!(
                "{}: line {} is not a bulk record; cannot resume (delete the file to start again)",
                partial.display(),
                n + 1
            ))
        };
        let value: serde_json::Value = serde_json::from_slice(line).map_err(|_| not_ours())?;
        let id = match value.get("id") {
            Some(serde_json::Value::String(s)) => DocId::Text(s.clone()),
            Some(serde_json::Value::Number(n)) => DocId::Number(n.clone()),
            _ => return Err(not_ours()),
        };
        let path = value.get("path").and_then(|p| p.as_str());
        *done.keys.entry(key(path, &id)).or_default() += 1;
        if value.get("error").is_some_and(|e| !e.is_null()) {
            done.failed += 1;
        } else {
            done.ok += 1;
        }
    }
    // Cut the torn line only once the file is known to be a bulk output.
    if complete < bytes.len() {
        file.set_len(complete as u64).map_err(|e| file_error(partial, "truncate", e))?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::inputs::{Body, PlanError};

    fn doc(path: Option<&str>, id: DocId) -> Document {
        Document {
            id,
            path: path.map(String::from),
            row: None,
            body: Body::Failed {
                format: None,
                error: PlanError::Missing { path: std::path::PathBuf::new() }.into(),
            },
        }
    }

    #[test]
    fn torn_line_is_cut_and_keys_counted() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join("r.jsonl.partial");
        std::fs::write(
            &partial,
            "{\"id\":\"a.txt\",\"path\":\"a.txt\"}\n{\"id\":1,\"error\":\"x\"}\n{\"id\":1}\n{\"id\":\"b.t",
        )
        .unwrap();
        let mut done = load(&partial).unwrap();
        assert_eq!((done.ok, done.failed), (2, 1));
        assert!(std::fs::read_to_string(&partial).unwrap().ends_with("{\"id\":1}\n"));
        assert!(done.take(&doc(Some("a.txt"), DocId::Text("a.txt".into()))));
        assert!(!done.take(&doc(Some("a.txt"), DocId::Text("a.txt".into()))));
        // Ids are written as strings: a number and its digits are one id, as in the output.
        assert!(done.take(&doc(None, DocId::Text("1".into()))));
        assert!(done.take(&doc(None, DocId::number(1))));
        assert!(!done.take(&doc(None, DocId::number(1))));
    }

    #[test]
    fn foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join("r.jsonl.partial");
        std::fs::write(&partial, "hello\n").unwrap();
        assert!(matches!(load(&partial), Err(Error::Usage(_))));
        assert_eq!(load(&dir.path().join("none")).unwrap(), Done::default());
    }
}
