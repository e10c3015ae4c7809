//! STUB: being written.
use crate::error::SourceError;
use crate::model::SourceDoc;
use std::path::Path;

/// Whether `text` looks like this format.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parse one file of this format.
pub fn parse(path: &Path, _text: &str) -> Result<SourceDoc, SourceError> {
    Err(SourceError::Unrecognised { path: path.to_path_buf(), reason: "loader not written yet".into() })
}
