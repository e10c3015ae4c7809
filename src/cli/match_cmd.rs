//! `skillmatch match`: the skills one document shows, with levels and evidence.
//!
//! ```text
//! skillmatch match [--top N] [--min-score S] [--format table|json|csv] <FILE | ->
//! ```
//! FILE is a text or markdown document; `-` reads standard input. Exit code 1 when the
//! document is missing, empty or binary.

use super::{write_report, Config, RankArgs};
use crate::error::{Error, InputError};
use crate::matching::Matcher;
use crate::text::decode::decode_input;
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
    let decoded = decode_input(&args.file, &bytes)?;
    if let Some(warning) = &decoded.warning {
        config.warn(warning);
    }
    let index = config.open_index()?;
    let matcher = Matcher::new(&index, args.rank.options(config))?;
    let report = matcher.match_text(&args.file.display().to_string(), &decoded.text)?;
    write_report(config, &report, out)?;
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
