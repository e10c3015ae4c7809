//! The flags, validated once into a [`Config`], which alone builds the library objects the
//! commands use (ripgrep's high-level arguments): the opened index, the [`Matcher`] and its
//! [`MatchOptions`], document texts within their limits, the bulk [`Plan`] and
//! [`BulkOptions`], and the [`Output`]. A subcommand parses nothing itself and builds no
//! library object by hand: it asks the configuration, calls the library and renders.

use super::args::{RankArgs, RequirementArgs, Switch};
use super::output::{Output, Writes};
use super::GlobalArgs;
use skillmatch::bulk::inputs::{plan, Columns, FileFilter, InputSpec, Plan};
use skillmatch::bulk::output::{partial_path, OutputFormat};
use skillmatch::bulk::{BulkOptions, CHUNK, STREAM_CHUNK};
use skillmatch::index::{open_or_build, BuildReport, IndexConfig, SkillIndex};
use skillmatch::matching::{MatchOptions, Matcher};
use skillmatch::recruit::CompareOptions;
use skillmatch::report::color::{ColorChoice, Paint};
use skillmatch::report::csv::CellGuard;
use skillmatch::report::terminal::sanitize;
use skillmatch::report::Format;
use skillmatch::text::input::{load, Limits};
use skillmatch::Error;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Default folder of framework sources, relative to the working directory.
pub const DEFAULT_CORPUS: &str = "corpus";

/// The validated flags of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the index is and what it is built from.
    pub index: IndexConfig,
    /// Framework filter (empty: all).
    pub frameworks: Vec<String>,
    /// No notes on stderr.
    pub quiet: bool,
    /// Where and how the command writes its result.
    pub output: Output,
    /// Fuse the semantic signal (`--semantic`).
    pub semantic: bool,
}

/// What `bulk` and `rank` read, as their flags say; what a command does not have stays at
/// its default.
#[derive(Debug, Clone, Default)]
pub struct ScanFlags<'a> {
    /// Files, folders and glob patterns.
    pub paths: &'a [PathBuf],
    /// `--files-from`.
    pub files_from: Option<&'a Path>,
    /// `--jsonl-in`.
    pub jsonl_in: Option<&'a Path>,
    /// `--include`.
    pub include: &'a [String],
    /// `--exclude`.
    pub exclude: &'a [String],
    /// `--text-column` and `--id-column`.
    pub columns: Columns,
    /// `--max-bytes` (default: [`Limits::default`]).
    pub limits: Limits,
    /// `--jobs`.
    pub jobs: Option<u32>,
    /// `--resume`.
    pub resume: bool,
}

impl Config {
    /// Validate the global options, resolve defaults from the environment and resolve the
    /// output of the command that `writes` describes (`out`: its `--out`).
    ///
    /// Errors ([`Error::Usage`]): an empty `--index`, a format the command does not write.
    pub fn new(
        args: &GlobalArgs,
        writes: Writes,
        every: &[Writes],
        out: Option<&Path>,
    ) -> Result<Config, Error> {
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
        let color = ColorChoice::from(args.color);
        let paint = Paint::new(
            color.enabled(std::env::var_os("NO_COLOR").as_deref(), std::io::stdout().is_terminal()),
        );
        let csv = if args.csv_raw { CellGuard::Raw } else { CellGuard::Neutralise };
        let output = Output::new(writes, every, Format::from(args.format), out, paint, csv)?;
        Ok(Config {
            index: IndexConfig {
                dir: args.index.clone(),
                corpus,
                default_corpus: vec![PathBuf::from(DEFAULT_CORPUS)],
            },
            frameworks: args.framework.clone(),
            quiet: args.quiet,
            output,
            semantic: args.semantic == Switch::On,
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

    /// The matcher of `match`, `query` and `bulk`: `--top`, `--min-score`, `--explain` and
    /// the framework filter.
    pub fn matcher<'i>(&self, index: &'i SkillIndex, rank: &RankArgs) -> Result<Matcher<'i>, Error> {
        Matcher::new(
            index,
            MatchOptions {
                top: rank.top as usize,
                min_score: rank.min_score,
                frameworks: self.frameworks.clone(),
                semantic: self.semantic,
                explain: rank.explain,
                ..MatchOptions::default()
            },
        )
    }

    /// The matcher for an advert: its strongest skills only. The report's own cut-off is
    /// not applied: the user says the text is an advert, and a requirement the advert asks
    /// for weakly weighs little in the fit anyway (on the 47 DDaT adverts against IT, chef
    /// and teacher CVs, the cut-off left eight adverts without requirements).
    pub fn advert_matcher<'i>(
        &self,
        index: &'i SkillIndex,
        req: &RequirementArgs,
    ) -> Result<Matcher<'i>, Error> {
        Matcher::new(
            index,
            MatchOptions {
                top: req.skills as usize,
                min_score: Some(req.min_score.unwrap_or(0.0)),
                frameworks: self.frameworks.clone(),
                semantic: self.semantic,
                ..MatchOptions::default()
            },
        )
    }

    /// The matcher for CVs: every skill the CV scores, so that a requirement is judged on
    /// whatever the CV shows (presence is `--cv-min-score`), not on its top ten or on the
    /// cut-off of a report of the CV alone.
    pub fn cv_matcher<'i>(&self, index: &'i SkillIndex) -> Result<Matcher<'i>, Error> {
        Matcher::new(
            index,
            MatchOptions {
                top: usize::MAX,
                min_score: Some(0.0),
                frameworks: self.frameworks.clone(),
                semantic: self.semantic,
                ..MatchOptions::default()
            },
        )
    }

    /// How a comparison decides presence (`--cv-min-score`).
    pub fn compare_options(&self, req: &RequirementArgs) -> CompareOptions {
        CompareOptions { presence_min_score: f64::from(req.cv_min_score) }
    }

    /// The text of a document file (`-`: standard input) within `limits` (cut at
    /// `--max-bytes`), with extraction warnings printed.
    pub fn read_text(&self, path: &Path, limits: Limits) -> Result<String, Error> {
        let extracted = load(path, limits)?;
        for warning in &extracted.warnings {
            self.warn(warning);
        }
        Ok(extracted.text)
    }

    /// What `bulk` and `rank` read and how they score and write it: the one place their
    /// flags become library options, checked ([`BulkOptions::check`]) and planned
    /// ([`plan`]) before any index is opened, so usage errors fail fast, without a build.
    pub fn scan(&self, flags: ScanFlags<'_>) -> Result<(Plan, BulkOptions), Error> {
        let out = self.output.path().map(Path::to_path_buf);
        let options = BulkOptions {
            columns: flags.columns,
            limits: flags.limits,
            jobs: flags.jobs.map_or(0, |j| j as usize),
            format: if self.output.format() == Format::Csv { OutputFormat::Csv } else { OutputFormat::Jsonl },
            resume: flags.resume,
            progress: !self.quiet && std::io::stderr().is_terminal(),
            chunk_size: if out.is_none() { STREAM_CHUNK } else { CHUNK },
            csv: self.output.style().csv,
            out,
        };
        options.check()?;
        let spec = InputSpec {
            paths: flags.paths.to_vec(),
            files_from: flags.files_from.map(Path::to_path_buf),
            jsonl_in: flags.jsonl_in.map(Path::to_path_buf),
            filter: FileFilter::new(flags.include, flags.exclude)?,
            // The run's own output is never read as input.
            ignore: options.out.iter().flat_map(|out| [out.clone(), partial_path(out)]).collect(),
        };
        Ok((plan(&spec)?, options))
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

    /// Print a note on stderr unless quiet (the one-line summary of `bulk` and `rank`).
    pub fn note(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "skillmatch: {message}");
        }
    }
}
