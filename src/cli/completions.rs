//! `skillmatch completions`: a shell completion script, made from the command line's own
//! definition so it never falls behind.
//!
//! Per user, as the README sets them up (bash needs the `bash-completion` package; zsh needs
//! `fpath=(~/.zfunc $fpath)` before `compinit` in `~/.zshrc`):
//!
//! ```text
//! skillmatch completions bash > ~/.local/share/bash-completion/completions/skillmatch
//! skillmatch completions zsh > ~/.zfunc/_skillmatch
//! skillmatch completions fish > ~/.config/fish/completions/skillmatch.fish
//! ```

use super::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use skillmatch::Error;
use std::io::Write;

/// Flags of `completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: Shell,
}

/// Run `completions`: the script on `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    clap_complete::generate(args.shell, &mut Cli::command(), "skillmatch", out);
    Ok(0)
}
