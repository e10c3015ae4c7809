//! STUB: being written.
use crate::error::SourceError;
use crate::model::SourceDoc;
use std::path::Path;

/// Load one file of this format.
pub fn load(path: &Path, _bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    Err(SourceError::Unrecognised { path: path.to_path_buf(), reason: "loader not written yet".into() })
}
