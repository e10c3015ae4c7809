//! Text extraction: a document file (text, markdown, HTML, PDF, DOCX, ODT, RTF, legacy DOC)
//! to the plain text the matcher reads.
//!
//! One module per format, all pure Rust and never panicking on bad input (the PDF parser is
//! additionally run under `catch_unwind`). [`extract`] first refuses lock files by name,
//! then checks the bytes against the format the name claims (a `.doc` that is really RTF
//! or a `.docx`, …) and reads them as what they are, then normalises the text the same way
//! for every extracted format (see [`normalize`]). Plain text and markdown are decoded by
//! [`decode_input`] and passed through unchanged.

mod doc;
mod docx;
mod html;
mod markdown;
mod odt;
mod pdf;
mod rtf;
mod xml;

use crate::error::{Error, ExtractError, InputError};
use crate::text::decode::decode_input;
use crate::text::limits::Limits;
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
    /// Set when only part of the document was read (see [`extract_with`]).
    pub truncated: bool,
}

/// Why a format reader failed, before the path is attached (the readers do not know it).
#[derive(Debug)]
pub(crate) enum Failure {
    /// [`ExtractError::Corrupt`]: the bytes are broken for this format.
    Corrupt(String),
    /// [`ExtractError::NoText`]: readable, but no text in it.
    NoText(&'static str),
    /// [`ExtractError::Unsupported`]: a variant of the format we do not read.
    Unsupported(String),
}

/// A format reader's result: the raw text (normalised later) and warnings.
pub(crate) type Raw = Result<(String, Vec<String>), Failure>;

/// The reason given for Word and LibreOffice lock files.
const WORD_LOCK_REASON: &str = "a Word lock file (~$…)";
const LIBREOFFICE_LOCK_REASON: &str = "a LibreOffice lock file (.~lock.…#), not a document";

/// Extract the text of `bytes`, read from `path`, as `format`.
///
/// * A lock file left by an office program (`~$report.docx`, `.~lock.cv.odt#`) is
///   [`ExtractError::Junk`], whatever the format.
/// * When the bytes are plainly another binary format than `format` says (an RTF or DOCX
///   saved as `.doc`, a PDF named `.docx`, …), they are read as that format, with a warning;
///   [`Extracted::format`] tells which.
/// * Extracted formats are normalised alike: `\n` line ends, no control characters (other
///   than tab and newline), no-break spaces as spaces, soft hyphens and zero-width characters
///   removed, typographic ligatures (ﬁ, ﬂ, …) spelled out, trailing white space removed from
///   lines, at most one blank line in a row. Plain text and markdown are returned as
///   [`decode_input`] decoded them.
///
/// Errors: [`ExtractError`] for format problems (`Corrupt` names the format, `NoText` for a
/// PDF without a text layer, `Unsupported` with what to do instead), and
/// [`InputError::Empty`] when there is no text ([`InputError::Binary`] for text, markdown and
/// HTML files that hold binary data).
pub fn extract(path: &Path, bytes: &[u8], format: DocFormat) -> Result<Extracted, Error> {
    extract_with(path, bytes, format, Limits::default())
}

/// [`extract`] within `limits`: the members of a zip package (DOCX, ODT) are inflated up to
/// [`Limits::inflate_limit`] bytes in all, and a document whose markup goes on beyond that
/// is read up to there, with [`Extracted::truncated`] set and a warning (a zip bomb costs no
/// more memory than the limit). The text itself is not cut here: the reader cuts it to
/// [`Limits::max_bytes`].
pub fn extract_with(
    path: &Path,
    bytes: &[u8],
    format: DocFormat,
    limits: Limits,
) -> Result<Extracted, Error> {
    if let Some(reason) = lock_file_reason(path) {
        return Err(ExtractError::Junk { path: path.to_path_buf(), reason: reason.into() }.into());
    }
    match format {
        DocFormat::Txt | DocFormat::Md => {
            let decoded = decode_input(path, bytes)?;
            let text =
                if format == DocFormat::Md { markdown::blank_markup(&decoded.text) } else { decoded.text };
            if text.trim().is_empty() {
                return Err(InputError::Empty { path: path.to_path_buf() }.into());
            }
            return Ok(Extracted {
                text,
                format,
                warnings: decoded.warning.into_iter().collect(),
                truncated: false,
            });
        }
        _ if bytes.iter().all(u8::is_ascii_whitespace) => {
            return Err(InputError::Empty { path: path.to_path_buf() }.into());
        }
        _ => {}
    }
    let mut warnings = Vec::new();
    let actual = match sniff(bytes) {
        Some(sniffed) if sniffed != format => {
            warnings.push(format!(
                "{} is named as {} but is {}; read as {}",
                path.display(),
                format.name().to_uppercase(),
                sniffed.name().to_uppercase(),
                sniffed.name().to_uppercase()
            ));
            sniffed
        }
        _ => format,
    };
    let wide_bom =
        [&b"\xFF\xFE"[..], b"\xFE\xFF", b"\x00\x00\xFE\xFF"].iter().any(|bom| bytes.starts_with(bom));
    if actual == DocFormat::Html && !wide_bom {
        // A NUL byte in a page without a UTF-16/32 BOM: an image or archive named .html.
        if let Some(offset) = bytes[..bytes.len().min(8192)].iter().position(|&b| b == 0) {
            return Err(InputError::Binary { path: path.to_path_buf(), offset }.into());
        }
    }
    let mut budget = xml::Budget::new(limits.inflate_limit());
    let raw = match actual {
        DocFormat::Html => Ok(html::extract(bytes)),
        DocFormat::Pdf => pdf::extract(bytes),
        DocFormat::Docx => docx::extract(bytes, &mut budget),
        DocFormat::Odt => odt::extract(bytes, &mut budget),
        DocFormat::Rtf => rtf::extract(bytes),
        DocFormat::Doc => doc::extract(bytes),
        // Returned above; sniffing never yields a text format.
        DocFormat::Txt | DocFormat::Md => Ok((crate::text::decode::decode_source_text(bytes), Vec::new())),
    };
    let (text, more) = raw.map_err(|failure| {
        let path = path.to_path_buf();
        match failure {
            Failure::Corrupt(message) => {
                ExtractError::Corrupt { path, format: format_label(actual), message }
            }
            Failure::NoText(reason) => ExtractError::NoText { path, reason: reason.into() },
            Failure::Unsupported(hint) => ExtractError::Unsupported { path, hint },
        }
    })?;
    warnings.extend(more);
    if budget.cut {
        warnings.push(format!(
            "{}: the {} inflates to more than {} bytes; text read up to there (--max-bytes)",
            path.display(),
            format_label(actual),
            budget.limit
        ));
    }
    let text = normalize(&text);
    if text.trim().is_empty() && budget.cut {
        let reason = format!(
            "none in the first {} bytes its zip members inflate to, and it inflates to more (a zip bomb?); \
             a larger --max-bytes reads more",
            budget.limit
        );
        return Err(ExtractError::NoText { path: path.to_path_buf(), reason }.into());
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty { path: path.to_path_buf() }.into());
    }
    Ok(Extracted { text, format: actual, warnings, truncated: budget.cut })
}

/// The format name used in [`ExtractError::Corrupt`] ("PDF", "DOCX", …).
fn format_label(format: DocFormat) -> &'static str {
    match format {
        DocFormat::Txt => "text",
        DocFormat::Md => "markdown",
        DocFormat::Html => "HTML",
        DocFormat::Pdf => "PDF",
        DocFormat::Docx => "DOCX",
        DocFormat::Odt => "ODT",
        DocFormat::Rtf => "RTF",
        DocFormat::Doc => "DOC",
    }
}

/// Why `path` names a lock file rather than a document, if it does. Word writes `~$` plus
/// the document name (shortened) beside an open document; LibreOffice `.~lock.NAME#`.
fn lock_file_reason(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with("~$") {
        Some(WORD_LOCK_REASON)
    } else if name.starts_with(".~lock.") {
        Some(LIBREOFFICE_LOCK_REASON)
    } else {
        None
    }
}

/// The binary format the first bytes show, if they show one: PDF (`%PDF-` near the start),
/// a zip holding a Word document or an OpenDocument text, OLE2 (legacy Word, or an
/// encrypted OOXML package, which [`doc`] reports), RTF, an HTML page.
pub fn sniff(bytes: &[u8]) -> Option<DocFormat> {
    const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(OLE2) {
        return Some(DocFormat::Doc);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(DocFormat::Rtf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // The ODF `mimetype` entry comes first, stored; a Word package names word/ parts.
        if head.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.text") {
            return Some(DocFormat::Odt);
        }
        if head.windows(5).any(|w| w == b"word/") || head.windows(19).any(|w| w == b"[Content_Types].xml") {
            return Some(DocFormat::Docx);
        }
        return None;
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(DocFormat::Pdf);
    }
    // Word can save a web page under a .doc name.
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let lead = head[start..].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[start..]);
    let starts_with = |p: &[u8]| lead.len() >= p.len() && lead[..p.len()].eq_ignore_ascii_case(p);
    if starts_with(b"<!doctype html") || starts_with(b"<html") {
        return Some(DocFormat::Html);
    }
    None
}

/// Normalise extracted text (see [`extract`]): one pass over the characters, then line
/// clean-up.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            // Form feed, vertical tab, line and paragraph separators: line breaks.
            '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            // Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible.
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    // Lines: trailing white space off, leading blank lines off, at most one blank line.
    let mut result = String::with_capacity(out.len());
    let mut blank_run = 0usize;
    for line in out.split('\n') {
        let line = line.trim_end_matches([' ', '\t']);
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !result.is_empty() {
            result.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        result.push_str(line);
    }
    if !result.is_empty() {
        result.push('\n');
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(path: &str, bytes: &[u8], format: DocFormat) -> Error {
        extract(Path::new(path), bytes, format).unwrap_err()
    }

    #[test]
    fn lock_files_are_junk_for_every_format() {
        for format in [DocFormat::Doc, DocFormat::Docx, DocFormat::Pdf, DocFormat::Txt, DocFormat::Odt] {
            match err("dir/~$ME AND CV.doc", b"\x0bJane Owner\x00\x00", format) {
                Error::Extract(ExtractError::Junk { reason, .. }) => assert_eq!(reason, WORD_LOCK_REASON),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            err(".~lock.cv.odt#", b"Jane,host,2024", DocFormat::Odt),
            Error::Extract(ExtractError::Junk { .. })
        ));
    }

    #[test]
    fn empty_input() {
        for format in
            [DocFormat::Pdf, DocFormat::Docx, DocFormat::Odt, DocFormat::Rtf, DocFormat::Doc, DocFormat::Html]
        {
            assert!(matches!(err("x", b"", format), Error::Input(InputError::Empty { .. })), "{format:?}");
            assert!(matches!(err("x", b" \n", format), Error::Input(InputError::Empty { .. })), "{format:?}");
        }
        assert!(matches!(
            err("x.html", b"<html><script>x()</script></html>", DocFormat::Html),
            Error::Input(InputError::Empty { .. })
        ));
        assert!(matches!(err("x.rtf", br"{\rtf1\ansi {\fonttbl x;}}", DocFormat::Rtf), Error::Input(_)));
    }

    #[test]
    fn binary_named_html() {
        assert!(matches!(
            err("logo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", DocFormat::Html),
            Error::Input(InputError::Binary { offset: 8, .. })
        ));
        let utf16: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("<p>Hi</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(extract(Path::new("p.html"), &utf16, DocFormat::Html).unwrap().text, "Hi\n");
    }

    #[test]
    fn garbage_is_corrupt_naming_the_format() {
        let mut next = crate::test_support::xorshift(0x1234_5678_9ABC_DEF0);
        let junk: Vec<u8> = (0..4000).map(|_| next() as u8).collect();
        for (format, label) in [
            (DocFormat::Pdf, "PDF"),
            (DocFormat::Docx, "DOCX"),
            (DocFormat::Odt, "ODT"),
            (DocFormat::Doc, "DOC"),
            (DocFormat::Rtf, "RTF"),
        ] {
            match err("junk", &junk, format) {
                Error::Extract(ExtractError::Corrupt { format, .. }) => assert_eq!(format, label),
                other => panic!("{label}: {other:?}"),
            }
        }
    }

    #[test]
    fn sniffed_format_wins_with_a_warning() {
        let got = extract(Path::new("cv.doc"), br"{\rtf1\ansi Hello from RTF\par}", DocFormat::Doc).unwrap();
        assert_eq!(got.format, DocFormat::Rtf);
        assert_eq!(got.text, "Hello from RTF\n");
        assert_eq!(got.warnings, vec!["cv.doc is named as DOC but is RTF; read as RTF".to_string()]);
        assert_eq!(sniff(b"%PDF-1.4\n"), Some(DocFormat::Pdf));
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"),
            Some(DocFormat::Odt)
        );
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Some(DocFormat::Docx));
        assert_eq!(sniff(b"plain words"), None);
        assert_eq!(sniff(b"\n<!DOCTYPE HTML PUBLIC"), Some(DocFormat::Html));
        let got =
            extract(Path::new("ad.doc"), b"<html><body><p>Saved from Word</p></body></html>", DocFormat::Doc);
        assert_eq!(got.unwrap().format, DocFormat::Html);
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(
            normalize("\n\n  \nTitle  \n\n\n\n\nBody\u{0}\u{1} text\u{A0}here\u{AD}\n\n"),
            "Title\n\nBody text here\n"
        );
        assert_eq!(normalize("e\u{FB03}cient \u{FB01}nance\u{200B}"), "efficient finance\n");
        assert_eq!(normalize("col1\tcol2 \t\npage\u{0C}next"), "col1\tcol2\npage\nnext\n");
        assert_eq!(normalize(" \n\t\n"), "");
    }
}
