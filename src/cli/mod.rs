//! The command line, private to the binary: flags parsed by clap ([`Cli`]), turned once
//! into a validated [`Config`] that builds every library object a command needs (the index,
//! the matcher, the document texts, the bulk plan, the [`output::Output`]), then handed to one
//! subcommand, each in its own file. Subcommands share flag groups ([`args`]) and the
//! configuration, never each other.

pub mod args;
pub mod bulk;
pub mod compare;
pub mod completions;
pub mod config;
pub mod eval;
pub mod home;
pub mod index;
pub mod list;
pub mod man;
pub mod match_cmd;
pub mod output;
pub mod query;
pub mod rank;
pub mod show;

pub use config::Config;

use args::{ColorArg, Common, FormatArg, Switch};
use clap::{Parser, Subcommand};
use output::Writes;
use skillmatch::report::Format;
use skillmatch::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Find the skills of a skills framework (SFIA, …) in job adverts, CVs and role
/// descriptions: which skills, at which level of responsibility, and the sentences that show it.
#[derive(Debug, Parser)]
#[command(name = "skillmatch", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Options for the command that follows (each command's --help lists those it honours).
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The options of every command, accepted before the subcommand too
/// (`skillmatch --quiet --index DIR bulk …`); after it, a command accepts only those it
/// honours.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Framework source file or folder (repeatable). Default: $SKILLMATCH_CORPUS (paths
    /// separated by ':'), else ./corpus when it holds sources, else the `corpus` of the
    /// config file (`skillmatch index --list` shows where it is)
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Index folder (a cache, rebuilt when stale). Default: $SKILLMATCH_INDEX, else one
    /// folder per corpus set in the user's cache folder
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Only this framework, e.g. sfia-9 (repeatable)
    #[arg(long, value_name = "ID")]
    pub framework: Vec<String>,
    /// Output format (each command's --help lists those it writes)
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Colour tables: auto (on a terminal, unless NO_COLOR is set; the default), always, never
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorArg>,
    /// Say nothing on stderr but errors
    #[arg(long, short)]
    pub quiet: bool,
    /// CSV output: write text cells as they are (no ' before a leading = + - @)
    #[arg(long)]
    pub csv_raw: bool,
    /// The semantic signal: on (the default), or off for words alone
    #[arg(long, value_enum, value_name = "WHEN")]
    pub semantic: Option<Switch>,
}

impl GlobalArgs {
    /// As [`Common`] options.
    pub fn common(&self) -> Common {
        Common {
            corpus: self.corpus.clone(),
            index: self.index.clone(),
            framework: self.framework.clone(),
            format: self.format.map(Format::from),
            color: self.color,
            quiet: self.quiet,
            csv_raw: self.csv_raw,
            semantic: self.semantic,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build (or rebuild) the index from the framework sources
    Index(index::Args),
    /// Find skills in a document (a file, or - for standard input)
    Match(match_cmd::Args),
    /// Find skills for words typed on the command line
    Query(query::Args),
    /// Score many documents (folders, globs, path lists, CSV rows, JSON lines) at once
    Bulk(bulk::Args),
    /// Show a skill's descriptions
    Show(show::Args),
    /// List the skills of the framework
    List(list::Args),
    /// Measure ranking and level quality on labelled data
    Eval(eval::Args),
    /// Compare an advert with a CV: per required skill met, below by N levels or missing
    Compare(compare::Args),
    /// Rank CVs against an advert by level-weighted coverage of its skills
    Rank(rank::Args),
    /// Print a shell completion script (bash, zsh, fish, …)
    Completions(completions::Args),
    /// Print the manual page (roff) to standard output
    Man(man::Args),
}

/// Every command's output formats, in the order of [`Command`], from each command's own
/// `FORMATS`: what `--format` and `--out` may ask of it.
pub const WRITES: [Writes; 11] = [
    Writes { command: "index", formats: index::FORMATS },
    Writes { command: "match", formats: match_cmd::FORMATS },
    Writes { command: "query", formats: query::FORMATS },
    Writes { command: "bulk", formats: bulk::FORMATS },
    Writes { command: "show", formats: show::FORMATS },
    Writes { command: "list", formats: list::FORMATS },
    Writes { command: "eval", formats: eval::FORMATS },
    Writes { command: "compare", formats: compare::FORMATS },
    Writes { command: "rank", formats: rank::FORMATS },
    Writes { command: "completions", formats: TEXT },
    Writes { command: "man", formats: TEXT },
];

/// What `completions` and `man` accept: they print text whatever `--format` says, but
/// refuse HTML as every command without a page does.
const TEXT: &[Format] = &[Format::Table, Format::Json, Format::Csv];

impl Command {
    /// What this command writes ([`WRITES`]).
    pub fn writes(&self) -> Writes {
        let i = match self {
            Command::Index(_) => 0,
            Command::Match(_) => 1,
            Command::Query(_) => 2,
            Command::Bulk(_) => 3,
            Command::Show(_) => 4,
            Command::List(_) => 5,
            Command::Eval(_) => 6,
            Command::Compare(_) => 7,
            Command::Rank(_) => 8,
            Command::Completions(_) => 9,
            Command::Man(_) => 10,
        };
        WRITES[i]
    }

    /// The common options given after the subcommand (those it honours).
    pub fn common(&self) -> Common {
        match self {
            Command::Index(args) => args.common(),
            Command::Match(args) => args.common.common(),
            Command::Query(args) => args.common.common(),
            Command::Bulk(args) => args.common.common(),
            Command::Show(args) => args.common.common(),
            Command::List(args) => args.common.common(),
            Command::Eval(args) => args.common.common(),
            Command::Compare(args) => args.common.common(),
            Command::Rank(args) => args.common.common(),
            Command::Completions(_) | Command::Man(_) => Common::default(),
        }
    }

    /// The command's `--out FILE`, when it has one and it was given.
    pub fn out(&self) -> Option<&Path> {
        match self {
            Command::Bulk(args) => args.out.as_deref(),
            Command::Compare(args) => args.out.as_deref(),
            Command::Rank(args) => args.out.as_deref(),
            _ => None,
        }
    }
}

/// Leaves `value` (an index, a matcher and its caches) to the operating system instead of
/// freeing it, for a one-shot command about to return to `main` and exit: freeing a
/// matcher's caches allocation by allocation was a sixth of a `match` on ESCO. Nothing
/// it holds needs dropping to be correct: the index is open read-only and the operating
/// system releases its maps, files and locks at exit.
pub fn leave_for_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let common = cli.global.common().then(cli.command.common());
    let config = Config::new(&common, cli.command.writes(), &WRITES, cli.command.out())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match &cli.command {
        Command::Index(args) => index::run(&config, args, &mut out),
        Command::Match(args) => match_cmd::run(&config, args, &mut out),
        Command::Query(args) => query::run(&config, args, &mut out),
        Command::Bulk(args) => bulk::run(&config, args, &mut out),
        Command::Show(args) => show::run(&config, args, &mut out),
        Command::List(args) => list::run(&config, args, &mut out),
        Command::Eval(args) => eval::run(&config, args, &mut out),
        Command::Compare(args) => compare::run(&config, args, &mut out),
        Command::Rank(args) => rank::run(&config, args, &mut out),
        Command::Completions(args) => completions::run(args, &mut out),
        Command::Man(args) => man::run(args, &mut out),
    }?;
    out.flush().map_err(Error::Output)?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_subcommand_has_its_formats_in_order() {
        let names: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
        let declared: Vec<&str> = WRITES.iter().map(|w| w.command).collect();
        assert_eq!(names, declared);
    }
}
