//! The command line: flags parsed by clap, turned once into a validated [`Config`], then
//! handed to one subcommand, each in its own file.

pub mod bulk;
pub mod compare;
pub mod completions;
pub mod eval;
pub mod index;
pub mod list;
pub mod man;
pub mod match_cmd;
pub mod query;
pub mod rank;
pub mod show;

use crate::error::Error;
use crate::index::{open_or_build, BuildReport, IndexConfig, SkillIndex};
use crate::report::color::{ColorChoice, Paint};
use crate::report::csv::CellGuard;
use crate::report::terminal::sanitize;
use crate::report::Format;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Default folder of framework sources, relative to the working directory.
pub const DEFAULT_CORPUS: &str = "corpus";
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
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Colour tables: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Say nothing on stderr but errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// CSV output: write text cells as they are. By default a cell starting with = + - @
    /// (or a tab or carriage return) gets a ' in front so a spreadsheet cannot run it as a
    /// formula; use this when a program, not a person, reads the CSV
    #[arg(long, global = true)]
    pub csv_raw: bool,
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

/// The global options, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the index is and what it is built from.
    pub index: IndexConfig,
    /// Framework filter (empty: all).
    pub frameworks: Vec<String>,
    /// Output format.
    pub format: Format,
    /// No notes on stderr.
    pub quiet: bool,
    /// Colours for table output (resolved from `--color`, `NO_COLOR` and the terminal).
    pub paint: Paint,
    /// How CSV text cells that look like formulas are written (`--csv-raw`).
    pub csv: CellGuard,
}

impl Config {
    /// Validate the global options and resolve defaults from the environment.
    pub fn from_args(args: &GlobalArgs) -> Result<Config, Error> {
        let corpus = if !args.corpus.is_empty() {
            Some(args.corpus.clone())
        } else {
            std::env::var_os("SKILLMATCH_CORPUS")
                .filter(|v| !v.is_empty())
                .map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
        };
        if args.index.as_os_str().is_empty() {
            return Err(Error::Usage("--index needs a folder path".into()));
        }
        Ok(Config {
            index: IndexConfig {
                dir: args.index.clone(),
                corpus,
                default_corpus: vec![PathBuf::from(DEFAULT_CORPUS)],
            },
            frameworks: args.framework.clone(),
            format: args.format,
            quiet: args.quiet,
            paint: Paint::new(
                args.color.enabled(std::env::var_os("NO_COLOR").as_deref(), std::io::stdout().is_terminal()),
            ),
            csv: if args.csv_raw { CellGuard::Raw } else { CellGuard::Neutralise },
        })
    }

    /// Open the index, building it first when needed, and tell the user when it was built.
    pub fn open_index(&self) -> Result<SkillIndex, Error> {
        let (index, report) = open_or_build(&self.index)?;
        if let Some(report) = report {
            self.note_build(&index, &report);
        }
        Ok(index)
    }

    /// Whether the `--framework` filter lets framework `id` through (no filter: all).
    pub fn wants_framework(&self, id: &str) -> bool {
        self.frameworks.is_empty() || self.frameworks.iter().any(|f| f.eq_ignore_ascii_case(id))
    }

    /// Print a build report on stderr unless quiet.
    pub fn note_build(&self, index: &SkillIndex, report: &BuildReport) {
        if self.quiet {
            return;
        }
        let mut err = std::io::stderr().lock();
        for warning in &report.warnings {
            let _ = writeln!(err, "skillmatch: warning: {}", sanitize(warning));
        }
        let _ = writeln!(
            err,
            "skillmatch: built the index in {} ({}): {} skills from {} files in {:.2} s",
            sanitize(&self.index.dir.display().to_string()),
            report.reason,
            index.catalog().skill_count(),
            report.files.len(),
            report.elapsed.as_secs_f64()
        );
    }

    /// Print a warning on stderr unless quiet, control characters made visible.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "skillmatch: warning: {}", sanitize(message));
        }
    }
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let config = Config::from_args(&cli.global)?;
    // One check for every command without an HTML report (their writers never see Html).
    if config.format == Format::Html
        && !matches!(
            cli.command,
            Command::Match(_) | Command::Query(_) | Command::Compare(_) | Command::Rank(_)
        )
    {
        return Err(Error::Usage(
            "--format html works with match, query, compare and rank; use table, json or csv here".into(),
        ));
    }
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

/// Options shared by `match` and `query`.
#[derive(Debug, Clone, clap::Args)]
pub struct RankArgs {
    /// Report at most N skills
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub top: u32,
    /// Report only skills scoring at least this (0–1); default: the tool's own cut-off
    #[arg(long, value_name = "SCORE", value_parser = parse_unit_interval)]
    pub min_score: Option<f32>,
    /// Explain each skill: the terms behind its score and the signals behind its level
    #[arg(long)]
    pub explain: bool,
}

impl RankArgs {
    /// Matching options from these flags and the global framework filter.
    pub fn options(&self, config: &Config) -> crate::matching::MatchOptions {
        crate::matching::MatchOptions {
            top: self.top as usize,
            min_score: self.min_score,
            frameworks: config.frameworks.clone(),
            explain: self.explain,
            ..crate::matching::MatchOptions::default()
        }
    }
}

pub(crate) fn parse_unit_interval(value: &str) -> Result<f32, String> {
    let number: f32 = value.parse().map_err(|_| format!("'{value}' is not a number"))?;
    if (0.0..=1.0).contains(&number) {
        Ok(number)
    } else {
        Err(format!("{number} is not between 0 and 1"))
    }
}

/// Write a match report of `text` in the configured format.
pub fn write_report(
    config: &Config,
    report: &crate::matching::MatchReport,
    text: &str,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match config.format {
        Format::Table => crate::report::table::write_report(out, report, config.paint)
            .and_then(|()| crate::report::table::write_explanations(out, report)),
        Format::Json => crate::report::json::write_report(out, report),
        Format::Csv => crate::report::csv::write_report(out, report, true, config.csv),
        Format::Html => crate::report::html::write_report(out, report, text),
    }
    .map_err(Error::Output)
}

/// Write to `--out FILE` (created, or replaced when the output is complete) or to `out`.
///
/// A regular file is written as `FILE.partial`, locked against a second run writing the
/// same `--out` ([`crate::bulk::output::lock_partial`]), and renamed when complete; a
/// device or pipe (`/dev/stdout`) is written directly.
pub fn write_to(
    path: Option<&std::path::Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    use crate::bulk::output::{file_error, is_stream, lock_partial, open_stream, partial_path};
    let Some(path) = path else { return write(out) };
    if is_stream(path) {
        let mut file = std::io::BufWriter::new(open_stream(path)?);
        write(&mut file).map_err(|e| name_output(e, path))?;
        return file.flush().map_err(|e| file_error(path, "write", e));
    }
    let partial = partial_path(path);
    let file = lock_partial(&partial, path)?;
    file.set_len(0).map_err(|e| file_error(&partial, "truncate", e))?;
    let mut writer = std::io::BufWriter::new(file);
    write(&mut writer).map_err(|e| name_output(e, &partial))?;
    writer.flush().map_err(|e| file_error(&partial, "write", e))?;
    // Renamed before the file (and its lock) is let go: see lock_partial.
    let file = writer.into_inner().map_err(|e| file_error(&partial, "write", e.into_error()))?;
    std::fs::rename(&partial, path).map_err(|e| file_error(path, "rename the finished output to", e))?;
    drop(file);
    Ok(())
}

/// An output error from a writer that does not know the file's name, with the name added.
fn name_output(err: Error, path: &std::path::Path) -> Error {
    match err {
        Error::Output(e) => crate::bulk::output::file_error(path, "write", e),
        other => other,
    }
}
