//! The `skillmatch` binary: parse the command line, run, map errors to exit codes.

mod cli;

use clap::Parser;
use cli::{run, Cli};
use skillmatch::report::terminal::sanitize;
use skillmatch::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        // A closed pipe (`skillmatch list | head`) is the reader's choice, not an error.
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            // File names and document text in the message must not drive the terminal.
            eprintln!("skillmatch: error: {}", sanitize(&err.to_string()));
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
