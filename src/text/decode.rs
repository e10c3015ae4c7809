//! Bytes to text. STUB: being written.
use crate::error::InputError;
use std::path::Path;

/// A document decoded to UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text.
    pub text: String,
    /// Set when the decoding was lossy or guessed, for the user to see.
    pub warning: Option<String>,
}

/// Decode a framework source file: UTF-8 (BOM stripped), UTF-16 with BOM, otherwise Windows-1252.
pub fn decode_source_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Decode a document to match: refuses binary and empty input, decodes invalid UTF-8 lossily with a warning.
pub fn decode_input(path: &Path, bytes: &[u8]) -> Result<DecodedText, InputError> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    if text.trim().is_empty() {
        return Err(InputError::Empty { path: path.to_path_buf() });
    }
    Ok(DecodedText { text, warning: None })
}
