//! The flags, validated once into a [`Config`], which alone builds the library objects the
//! commands use (ripgrep's high-level arguments): the opened index, the [`Matcher`] and its
//! [`MatchOptions`], document texts within their limits, the bulk [`Plan`] and
//! [`BulkOptions`], and the [`Output`]. A subcommand parses nothing itself and builds no
//! library object by hand: it asks the configuration, calls the library and renders.

use super::args::{Common, RankArgs, RequirementArgs, Switch};
use super::home::{self, CacheEntry, Home, LastRun};
use super::output::{Output, Writes};
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
use skillmatch::text::input::load;
use skillmatch::text::limits::Limits;
use skillmatch::Error;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Default folder of framework sources, relative to the working directory.
pub const DEFAULT_CORPUS: &str = "corpus";

/// The validated flags of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the index is and what it is built from, or why that is not known.
    index: Result<IndexConfig, String>,
    /// Whether the index was named or lives in the cache.
    place: Place,
    /// The user's folders.
    home: Home,
    /// Framework filter (empty: all).
    pub frameworks: Vec<String>,
    /// No notes on stderr.
    pub quiet: bool,
    /// Where and how the command writes its result.
    pub output: Output,
    /// Fuse the semantic signal (`--semantic`).
    pub semantic: bool,
}

/// Where the index of a run lives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// Named by `--index` or `SKILLMATCH_INDEX`: used as given, as it always was.
    Given,
    /// The corpus set's folder in the cache; `save_default` is the configuration file to
    /// write the corpus to once the index is open (a first `--corpus`, no file yet).
    Cache { save_default: Option<PathBuf> },
}

/// Where a corpus came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Flag,
    Environment,
}

/// The index of a run and where it lives (see [`Config::new`]); `Err` says why there is
/// none.
fn resolve_index(
    home: &Home,
    named: Option<(Vec<PathBuf>, Origin)>,
    given_index: Option<PathBuf>,
) -> (Result<IndexConfig, String>, Place) {
    let local = PathBuf::from(DEFAULT_CORPUS);
    let local_has_sources = home::holds_sources(&local);
    let config_file = home.config_file();
    // The configuration file is read only when its corpus would be used.
    let configured = || -> Result<Option<Vec<PathBuf>>, String> {
        let Some(file) = &config_file else { return Ok(None) };
        let read = home::read_config(file).map_err(|e| e.to_string())?;
        Ok(read.map(|c| c.corpus).filter(|c| !c.is_empty()))
    };
    if let Some(dir) = given_index {
        // Only an index without a record of its corpus falls back to this; a configuration
        // file this user cannot read (another user's HOME, a cluster worker) is none.
        let default_corpus = if local_has_sources {
            vec![local]
        } else {
            configured().ok().flatten().unwrap_or_else(|| vec![local])
        };
        let config = IndexConfig { dir, corpus: named.map(|(c, _)| c), default_corpus };
        return (Ok(config), Place::Given);
    }
    let mut save_default = None;
    let corpus = match named {
        Some((corpus, origin)) => {
            if origin == Origin::Flag && config_file.as_ref().is_some_and(|f| !f.exists()) {
                save_default = config_file.clone();
            }
            corpus
        }
        None if local_has_sources => vec![local],
        None => match configured() {
            Ok(Some(corpus)) => corpus,
            Ok(None) => {
                let config = config_file.map_or_else(
                    || "a configuration file (set HOME or XDG_CONFIG_HOME)".to_string(),
                    |f| f.display().to_string(),
                );
                return (
                    Err(format!(
                        "no framework sources given: pass --corpus PATH (the first one is then saved as \
                         the default in {config}), set SKILLMATCH_CORPUS, or put the sources in ./corpus"
                    )),
                    Place::Cache { save_default: None },
                );
            }
            Err(e) => return (Err(e), Place::Cache { save_default: None }),
        },
    };
    let corpus: Vec<PathBuf> = corpus.iter().map(|p| home::resolve(p)).collect();
    let Some(dir) = home.index_for(&corpus) else {
        return (
            Err("no cache folder for the index: set HOME or XDG_CACHE_HOME, or give --index DIR".into()),
            Place::Cache { save_default: None },
        );
    };
    let config = IndexConfig { dir, corpus: Some(corpus.clone()), default_corpus: corpus };
    (Ok(config), Place::Cache { save_default })
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
    /// Validate the common options, resolve defaults from the environment, the user
    /// configuration and the cache folder ([`home`]), and resolve the output of the
    /// command that `writes` describes (`out`: its `--out`).
    ///
    /// The index: `--index` (or `SKILLMATCH_INDEX`) is used as given, built from
    /// `--corpus` (or `SKILLMATCH_CORPUS`), else from what it was built from, else from
    /// the default corpus. Without it, the corpus is `--corpus`, `SKILLMATCH_CORPUS`,
    /// `./corpus` when it holds sources, or the configuration file's, and the index is that
    /// corpus set's own folder in the cache. Where none is found, the commands that need
    /// an index fail with a hint ([`Config::index_config`]); the others run.
    ///
    /// Errors ([`Error::Usage`]): an empty `--index`, a format the command does not write.
    pub fn new(
        common: &Common,
        writes: Writes,
        every: &[Writes],
        out: Option<&Path>,
    ) -> Result<Config, Error> {
        let named = if !common.corpus.is_empty() {
            Some((common.corpus.clone(), Origin::Flag))
        } else {
            std::env::var_os("SKILLMATCH_CORPUS")
                .filter(|v| !v.is_empty())
                .map(|v| (std::env::split_paths(&v).collect::<Vec<_>>(), Origin::Environment))
        };
        if common.index.as_ref().is_some_and(|i| i.as_os_str().is_empty()) {
            return Err(Error::Usage("--index needs a folder path".into()));
        }
        let given_index = common
            .index
            .clone()
            .or_else(|| std::env::var_os("SKILLMATCH_INDEX").filter(|v| !v.is_empty()).map(PathBuf::from));
        let home = Home::from_env();
        let (index, place) = resolve_index(&home, named, given_index);
        let color = ColorChoice::from(common.color.unwrap_or_default());
        let paint = Paint::new(
            color.enabled(std::env::var_os("NO_COLOR").as_deref(), std::io::stdout().is_terminal()),
        );
        let csv = if common.csv_raw { CellGuard::Raw } else { CellGuard::Neutralise };
        let output = Output::new(writes, every, common.format, out, paint, csv)?;
        Ok(Config {
            index,
            place,
            home,
            frameworks: common.framework.clone(),
            quiet: common.quiet,
            output,
            semantic: common.semantic.unwrap_or(Switch::On) == Switch::On,
        })
    }

    /// Where the index is and what it is built from.
    ///
    /// Errors ([`Error::Usage`]): no corpus was named and none is configured, or there is
    /// no cache folder to keep the index in; the message says what to do.
    pub fn index_config(&self) -> Result<&IndexConfig, Error> {
        self.index.as_ref().map_err(|message| Error::Usage(message.clone()))
    }

    /// The user's folders (configuration, cache).
    pub fn home(&self) -> &Home {
        &self.home
    }

    /// Open the index, building it first when needed, and tell the user when it was built.
    pub fn open_index(&self) -> Result<SkillIndex, Error> {
        let (index, report) = open_or_build(self.index_config()?)?;
        if let Some(report) = &report {
            self.note_build(&index, report);
        }
        self.opened(&index, report.is_some());
        Ok(index)
    }

    /// What follows opening (or building, `built`) the index in the cache: record what it
    /// holds for `index --list`, save a first corpus as the default, and say which
    /// frameworks this run uses when they differ from the last run's.
    pub fn opened(&self, index: &SkillIndex, built: bool) {
        let (Place::Cache { save_default }, Ok(config)) = (&self.place, &self.index) else { return };
        let corpus = config.corpus.clone().unwrap_or_default();
        let mut frameworks: Vec<String> = index.frameworks().iter().map(|f| f.id.clone()).collect();
        frameworks.sort();
        if built || home::read_entry(&config.dir).is_none() {
            let entry = CacheEntry {
                corpus: corpus.clone(),
                frameworks: frameworks.clone(),
                skills: index.skill_count(),
            };
            home::write_entry(&config.dir, &entry);
        }
        if let Some(path) = save_default {
            match home::write_config(path, &corpus) {
                Ok(()) => self.note(&format!(
                    "saved the corpus as the default in {} (edit it, or pass --corpus, to use another)",
                    sanitize(&path.display().to_string())
                )),
                Err(e) => self.warn(&format!("cannot save the default corpus in {}: {e}", path.display())),
            }
        }
        let run = LastRun { frameworks, corpus };
        if let Some(before) = home::swap_last_run(&self.home, &run) {
            let paths: Vec<String> = run.corpus.iter().map(|p| p.display().to_string()).collect();
            self.note(&format!(
                "frameworks: {} (from {}); the last run used {}",
                sanitize(&run.frameworks.join(", ")),
                sanitize(&paths.join(", ")),
                sanitize(&before.frameworks.join(", "))
            ));
        }
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
            "skillmatch: built the index in {} ({}): {} from {} in {:.2} s",
            sanitize(&self.index_config().map(|c| c.dir.display().to_string()).unwrap_or_default()),
            report.reason,
            skillmatch::report::count(index.skill_count(), "skill", "skills"),
            skillmatch::report::count(report.files.len(), "file", "files"),
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
