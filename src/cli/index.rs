//! `skillmatch index`: build the index from the framework sources, or list and clean the
//! cached indexes.
//!
//! ```text
//! skillmatch index [--corpus PATH]... [--index DIR] [--format table|json|csv]
//! skillmatch index --list        # the configuration file, the cache, each cached index
//! skillmatch index --clean       # remove every cached index (rebuilt on next use)
//! ```
//! Always rebuilds. `match`, `query`, `show` and `list` build the index themselves when it
//! is missing or stale, so this is only needed to see what a corpus holds. Without
//! `--index`, each corpus set has its own index in the user's cache folder (see
//! [`super::home`]).

use super::args::{CorpusArgs, CsvArgs, Part, QuietArg};
use super::home::{self, Cached};
use super::Config;
use skillmatch::report::terminal::sanitize;
use skillmatch::report::{Format, FrameworkCounts, IndexSummary};
use skillmatch::Error;
use std::io::Write;

/// The formats `index` writes, its default first.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

/// Flags of `index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// List the cached indexes (what each holds, its size) and where the configuration
    /// file and the cache are, instead of building
    #[arg(long, conflicts_with = "clean")]
    pub list: bool,
    /// Remove every cached index (each is rebuilt on next use), instead of building
    #[arg(long)]
    pub clean: bool,
    /// Output format (default: table; --list and --clean write text)
    #[arg(long, value_name = "FORMAT", value_parser = super::args::format_parser(FORMATS, super::args::JsonShape::Document))]
    pub format: Option<Format>,
    /// Where the index is and what it is built from
    #[command(flatten, next_help_heading = "Common options")]
    pub corpus: CorpusArgs,
    /// Say nothing on stderr but errors
    #[command(flatten, next_help_heading = "Common options")]
    pub quiet: QuietArg,
    /// CSV cells as they are
    #[command(flatten, next_help_heading = "Common options")]
    pub csv: CsvArgs,
}

impl Args {
    /// The common options given after `index`.
    pub fn common(&self) -> super::args::Common {
        let mut common = super::args::Common { format: self.format, ..Default::default() };
        self.corpus.apply(&mut common);
        self.quiet.apply(&mut common);
        self.csv.apply(&mut common);
        common
    }
}

/// Run `index`.
pub fn run(config: &Config, args: &Args, out: &mut dyn Write) -> Result<i32, Error> {
    if args.list {
        return list(config, out);
    }
    if args.clean {
        return clean(config, out);
    }
    let index_config = config.index_config()?;
    let corpus = skillmatch::index::resolve_corpus(index_config);
    let (index, report) = skillmatch::index::build(&index_config.dir, &corpus)?;
    if !config.quiet {
        for warning in &report.warnings {
            config.warn(warning);
        }
    }
    config.opened(&index, true);
    let summary = IndexSummary {
        index: index_config.dir.display().to_string(),
        frameworks: index
            .frameworks()
            .iter()
            .map(|f| FrameworkCounts {
                framework: &f.id,
                skills: f.skills,
                level_descriptions: f.level_descriptions,
                responsibility_levels: f.responsibility_levels.len(),
            })
            .collect(),
        files: report.files.iter().map(|p| p.display().to_string()).collect(),
        warnings: &report.warnings,
        elapsed_ms: report.elapsed.as_millis(),
    };
    config.output.render(out, |r, w| r.index_summary(w, &summary))?;
    Ok(0)
}

/// `--list`: the configuration file and its corpus, the index this run would use, and the
/// cached indexes.
fn list(config: &Config, out: &mut dyn Write) -> Result<i32, Error> {
    let home = config.home();
    let shown = |p: Option<std::path::PathBuf>| {
        p.map_or_else(
            || "none (set HOME or XDG_*_HOME)".into(),
            |p| sanitize(&p.display().to_string()).into_owned(),
        )
    };
    let io = |e| Error::Output(e);
    let config_file = home.config_file();
    writeln!(out, "config file: {}", shown(config_file.clone())).map_err(io)?;
    if let Some(file) = &config_file {
        match home::read_config(file) {
            Ok(Some(c)) => {
                for path in &c.corpus {
                    writeln!(out, "  corpus: {}", sanitize(&path.display().to_string())).map_err(io)?;
                }
            }
            Ok(None) => writeln!(out, "  (none yet: the first --corpus given is saved there)").map_err(io)?,
            Err(e) => writeln!(out, "  unreadable: {}", sanitize(&e.to_string())).map_err(io)?,
        }
    }
    match config.index_config() {
        Ok(c) => writeln!(out, "index in use: {}", sanitize(&c.dir.display().to_string())).map_err(io)?,
        Err(e) => writeln!(out, "index in use: none ({})", sanitize(&e.to_string())).map_err(io)?,
    }
    let Some(indexes) = home.indexes() else {
        writeln!(out, "cache: none (set HOME or XDG_CACHE_HOME)").map_err(io)?;
        return Ok(0);
    };
    let cached = home::list(&indexes);
    writeln!(
        out,
        "cache: {} ({})",
        sanitize(&indexes.display().to_string()),
        skillmatch::report::count(cached.len(), "index", "indexes")
    )
    .map_err(io)?;
    for c in &cached {
        write_cached(out, c).map_err(io)?;
    }
    Ok(0)
}

fn write_cached(out: &mut dyn Write, c: &Cached) -> std::io::Result<()> {
    let name = c.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let size = format!("{:.1} MB", c.bytes as f64 / 1e6);
    match &c.entry {
        Some(e) => {
            let corpus: Vec<String> = e.corpus.iter().map(|p| p.display().to_string()).collect();
            let missing = e.corpus.iter().any(|p| !p.exists());
            writeln!(
                out,
                "  {}  {} · {} · {size}\n    corpus: {}{}",
                sanitize(&name),
                sanitize(&e.frameworks.join(", ")),
                skillmatch::report::count(e.skills, "skill", "skills"),
                sanitize(&corpus.join(", ")),
                if missing { " (a path is gone: --clean removes it)" } else { "" }
            )
        }
        None => writeln!(out, "  {}  (not described) · {size}", sanitize(&name)),
    }
}

/// `--clean`: remove the cached indexes.
fn clean(config: &Config, out: &mut dyn Write) -> Result<i32, Error> {
    let Some(indexes) = config.home().indexes() else {
        return Err(Error::Usage("no cache folder: set HOME or XDG_CACHE_HOME".into()));
    };
    let removed = home::clean(&indexes)?;
    let bytes: u64 = removed.iter().map(|c| c.bytes).sum();
    for c in &removed {
        writeln!(out, "removed {}", sanitize(&c.dir.display().to_string())).map_err(Error::Output)?;
    }
    writeln!(out, "{} cached indexes removed, {:.1} MB freed", removed.len(), bytes as f64 / 1e6)
        .map_err(Error::Output)?;
    Ok(0)
}
