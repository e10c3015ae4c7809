//! `skillmatch man`: the manual page in roff, made from the command line's own definition.
//!
//! ```text
//! skillmatch man > skillmatch.1 && man ./skillmatch.1
//! ```

use super::Cli;
use clap::CommandFactory;
use skillmatch::Error;
use std::io::Write;

/// Flags of `man` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `man`: the page on `out`.
pub fn run(_args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    clap_mangen::Man::new(Cli::command()).render(out).map_err(Error::Output)?;
    Ok(0)
}
