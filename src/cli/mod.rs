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
pub mod index;
pub mod list;
pub mod man;
pub mod match_cmd;
pub mod output;
pub mod query;
pub mod rank;
pub mod show;

pub use config::Config;

use args::{ColorArg, FormatArg, Switch};
use clap::{Parser, Subcommand};
use output::Writes;
use skillmatch::report::Format;
use skillmatch::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Default index folder, relative to the working directory.
pub const DEFAULT_INDEX: &str = "index";

/// Find the skills of a skills framework (SFIA, …) in job adverts, CVs and role
/// descriptions: which skills, at which level of responsibility, and the sentences that show it.
#[derive(Debug, Parser)]
#[command(name = "skillmatch", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Options that work with every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that work with every command.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Framework source file or folder (repeatable). Default: $SKILLMATCH_CORPUS (paths
    /// separated by ':'), else what the existing index was built from, else ./corpus
    #[arg(long, global = true, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Index folder (a cache, rebuilt when stale)
    #[arg(long, global = true, value_name = "DIR", env = "SKILLMATCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Only this framework, e.g. sfia-9 (repeatable)
    #[arg(long, global = true, value_name = "ID")]
    pub framework: Vec<String>,
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Colour tables: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Say nothing on stderr but errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// CSV output: write text cells as they are. By default a cell starting with = + - @
    /// (or a tab or carriage return) gets a ' in front so a spreadsheet cannot run it as a
    /// formula; use this when a program, not a person, reads the CSV
    #[arg(long, global = true)]
    pub csv_raw: bool,
    /// The semantic signal (static embeddings shipped in the binary, fused with the word
    /// matches): on, or off for words alone
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Switch::On)]
    pub semantic: Switch,
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

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let config = Config::new(&cli.global, cli.command.writes(), &WRITES, cli.command.out())?;
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
