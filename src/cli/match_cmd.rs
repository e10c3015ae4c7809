//! `skillmatch match`: the skills one document shows, with levels and evidence.
//!
//! ```text
//! skillmatch match [--top N] [--min-score S] [--format table|json|csv|html] <FILE | ->
//! ```
//! FILE is a document in any format `bulk` reads (text, markdown, HTML, PDF, DOCX, ODT,
//! RTF); a file with another extension is read as text; `-` reads text from standard input.
//! Exit code 1 when the document is missing, empty, binary or unreadable.

use super::{write_report, Config, RankArgs};
use crate::error::{Error, InputError};
use crate::matching::Matcher;
use crate::text::extract::{extract, DocFormat};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Flags of `match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to match, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How many skills and which
    #[command(flatten)]
    pub rank: RankArgs,
}

/// Run `match`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    // Read the document before the index: a bad input path fails fast, without a build.
    let bytes = read_document(&args.file)?;
    let format = DocFormat::from_path(&args.file).unwrap_or(DocFormat::Txt);
    let extracted = extract(&args.file, &bytes, format)?;
    for warning in &extracted.warnings {
        config.warn(warning);
    }
    let index = config.open_index()?;
    let matcher = Matcher::new(&index, args.rank.options(config))?;
    let report = matcher.match_text(&args.file.display().to_string(), &extracted.text)?;
    write_report(config, &report, &extracted.text, out)?;
    Ok(0)
}

/// The bytes of `path`, or of standard input for `-`.
pub fn read_document(path: &Path) -> Result<Vec<u8>, InputError> {
    let io_err = |source| InputError::Io { path: path.to_path_buf(), source };
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).map_err(io_err)?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(io_err)
    }
}
