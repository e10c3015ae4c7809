//! Text extraction: a document file (text, markdown, HTML, PDF, DOCX, ODT, RTF, …) to the
//! plain text the matcher reads. STUB: the formats are being written; the API is fixed.

use crate::error::{Error, ExtractError};
use crate::text::decode::decode_input;
use std::path::Path;

/// A document format skillmatch can tell from a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    /// Plain text.
    Txt,
    /// Markdown (read as text).
    Md,
    /// HTML page.
    Html,
    /// PDF with a text layer.
    Pdf,
    /// Word 2007+ document.
    Docx,
    /// OpenDocument text.
    Odt,
    /// Rich Text Format.
    Rtf,
    /// Legacy Word 97–2003 document.
    Doc,
}

impl DocFormat {
    /// The format a file name's extension says, if it is one skillmatch knows.
    pub fn from_path(path: &Path) -> Option<DocFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => DocFormat::Txt,
            "md" | "markdown" => DocFormat::Md,
            "html" | "htm" | "xhtml" => DocFormat::Html,
            "pdf" => DocFormat::Pdf,
            "docx" => DocFormat::Docx,
            "odt" => DocFormat::Odt,
            "rtf" => DocFormat::Rtf,
            "doc" => DocFormat::Doc,
            _ => return None,
        })
    }

    /// The lowercase name used in output ("pdf").
    pub fn name(self) -> &'static str {
        match self {
            DocFormat::Txt => "txt",
            DocFormat::Md => "md",
            DocFormat::Html => "html",
            DocFormat::Pdf => "pdf",
            DocFormat::Docx => "docx",
            DocFormat::Odt => "odt",
            DocFormat::Rtf => "rtf",
            DocFormat::Doc => "doc",
        }
    }
}

/// A document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The text; evidence offsets are byte offsets into it.
    pub text: String,
    /// The format it was read as.
    pub format: DocFormat,
    /// Things the user should know (guessed encoding, …).
    pub warnings: Vec<String>,
}

/// Extract the text of `bytes`, read from `path`, as `format`.
/// Errors: [`ExtractError`] for format problems, [`crate::error::InputError`] for empty or
/// binary text.
pub fn extract(path: &Path, bytes: &[u8], format: DocFormat) -> Result<Extracted, Error> {
    match format {
        DocFormat::Txt | DocFormat::Md => {
            let decoded = decode_input(path, bytes)?;
            Ok(Extracted { text: decoded.text, format, warnings: decoded.warning.into_iter().collect() })
        }
        _ => {
            Err(ExtractError::Unsupported { path: path.to_path_buf(), hint: "not written yet".into() }.into())
        }
    }
}
