//! Flag groups that several subcommands share, and the parsers of flag values, so that no
//! subcommand imports another: `match`, `query` and `bulk` rank skills the same way, `match`
//! and `compare` read documents within the same limits, `compare` and `rank` read an
//! advert's requirements the same way. The clap glue for library types (`--format`,
//! `--color`) lives here too, so that the library does not know clap.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use skillmatch::recruit::PRESENCE_MIN_SCORE;
use skillmatch::report::color::ColorChoice;
use skillmatch::report::Format;
use skillmatch::text::limits::{Limits, DEFAULT_MAX_BYTES};
use std::path::PathBuf;

/// The options that are not a command's own (`--corpus`, `--format`, `--quiet`, …), as
/// given before the subcommand or after it. A command offers only those it honours (its
/// `--help` lists no other); before the subcommand every one is accepted, as scripts have
/// always written them (`skillmatch --quiet --index DIR bulk …`).
#[derive(Debug, Clone, Default)]
pub struct Common {
    /// `--corpus` (repeatable).
    pub corpus: Vec<PathBuf>,
    /// `--index`.
    pub index: Option<PathBuf>,
    /// `--framework` (repeatable).
    pub framework: Vec<String>,
    /// `--format`.
    pub format: Option<Format>,
    /// `--color`.
    pub color: Option<ColorArg>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--csv-raw`.
    pub csv_raw: bool,
    /// `--semantic`.
    pub semantic: Option<Switch>,
}

impl Common {
    /// These options, with what `after` (the subcommand's) says winning.
    pub fn then(&self, after: Common) -> Common {
        fn or_vec<T: Clone>(after: Vec<T>, before: &[T]) -> Vec<T> {
            if after.is_empty() {
                before.to_vec()
            } else {
                after
            }
        }
        Common {
            corpus: or_vec(after.corpus, &self.corpus),
            index: after.index.or_else(|| self.index.clone()),
            framework: or_vec(after.framework, &self.framework),
            format: after.format.or(self.format),
            color: after.color.or(self.color),
            quiet: after.quiet || self.quiet,
            csv_raw: after.csv_raw || self.csv_raw,
            semantic: after.semantic.or(self.semantic),
        }
    }
}

/// `--corpus` and `--index`: where the index is and what it is built from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CorpusArgs {
    /// Framework source file or folder (repeatable). Default: $SKILLMATCH_CORPUS (paths
    /// separated by ':'), else ./corpus when it holds sources, else the `corpus` of the
    /// config file (`skillmatch index --list` shows where it is)
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Index folder (a cache, rebuilt when stale). Default: $SKILLMATCH_INDEX, else one
    /// folder per corpus set in the user's cache folder
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// [`CorpusArgs`] and `--framework`: for the commands that match or read skills.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// Where the index is and what it is built from
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Only this framework, e.g. sfia-9 (repeatable)
    #[arg(long, value_name = "ID")]
    pub framework: Vec<String>,
}

/// `--quiet`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct QuietArg {
    /// Say nothing on stderr but errors
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--color`, for the commands whose tables are coloured.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ColorArgs {
    /// Colour tables: auto (on a terminal, unless NO_COLOR is set; the default), always, never
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorArg>,
}

/// `--csv-raw`, for the commands that write CSV.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CsvArgs {
    /// CSV output: write text cells as they are. By default a cell starting with = + - @
    /// (or a tab or carriage return) gets a ' in front so a spreadsheet cannot run it as a
    /// formula; use this when a program, not a person, reads the CSV
    #[arg(long)]
    pub csv_raw: bool,
}

/// `--semantic`, for the commands that match documents.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SemanticArgs {
    /// The semantic signal (static embeddings shipped in the binary, fused with the word
    /// matches): on (the default), or off for words alone
    #[arg(long, value_enum, value_name = "WHEN")]
    pub semantic: Option<Switch>,
}

/// How a command's JSON is laid out, for its `--format` help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonShape {
    /// One JSON document.
    Document,
    /// JSON Lines: one object a line.
    Lines,
}

/// The `--format` values a command writes (its `FORMATS`), each with its help: what
/// `--help` and completions offer is what the command accepts.
pub fn format_parser(formats: &'static [Format], json: JsonShape) -> impl TypedValueParser<Value = Format> {
    let values = formats.iter().map(move |f| {
        let help = match (f, json) {
            (Format::Table, _) => "aligned columns for a terminal",
            (Format::Json, JsonShape::Document) => "JSON, one document",
            (Format::Json, JsonShape::Lines) => "JSON Lines, one object a line",
            (Format::Csv, _) => "CSV with a header row",
            (Format::Html, _) => "one self-contained HTML page",
        };
        PossibleValue::new(f.name()).help(help)
    });
    PossibleValuesParser::new(values).try_map(|name: String| {
        Format::ALL.into_iter().find(|f| f.name() == name).ok_or_else(|| format!("unknown format {name}"))
    })
}

/// `--format`: the values clap offers, each one a [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// JSON: one document (bulk and rank: JSON Lines, one object a line).
    Json,
    /// CSV with a header row.
    Csv,
    /// One self-contained HTML page (match, query, compare, rank).
    Html,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
        }
    }
}

/// A group of common options that puts what it was given into [`Common`].
pub trait Part {
    /// Copy the given options into `common`.
    fn apply(&self, common: &mut Common);
}

impl Part for SourceArgs {
    fn apply(&self, common: &mut Common) {
        let SourceArgs { corpus, framework } = self;
        corpus.apply(common);
        common.framework.clone_from(framework);
    }
}

impl Part for CorpusArgs {
    fn apply(&self, common: &mut Common) {
        common.corpus.clone_from(&self.corpus);
        common.index.clone_from(&self.index);
    }
}

impl Part for QuietArg {
    fn apply(&self, common: &mut Common) {
        common.quiet = self.quiet;
    }
}

impl Part for ColorArgs {
    fn apply(&self, common: &mut Common) {
        common.color = self.color;
    }
}

impl Part for CsvArgs {
    fn apply(&self, common: &mut Common) {
        common.csv_raw = self.csv_raw;
    }
}

impl Part for SemanticArgs {
    fn apply(&self, common: &mut Common) {
        common.semantic = self.semantic;
    }
}

/// The common options a command honours, as one flattened clap group named `$name`: its
/// `--format` (the values of `$formats`, JSON laid out as `$shape`, `$help` its help line)
/// and the groups listed (`field: Type`, each a [`Part`]).
macro_rules! command_options {
    ($name:ident, $formats:expr, $shape:expr, $help:literal, { $($field:ident : $group:ty),* $(,)? }) => {
        /// The common options this command honours.
        #[derive(Debug, Clone, clap::Args)]
        pub struct $name {
            #[doc = $help]
            #[arg(long, value_name = "FORMAT", value_parser = $crate::cli::args::format_parser($formats, $shape))]
            pub format: Option<skillmatch::report::Format>,
            $(
                #[allow(missing_docs)]
                #[command(flatten)]
                pub $field: $group,
            )*
        }

        impl $name {
            /// As [`Common`]($crate::cli::args::Common) options.
            pub fn common(&self) -> $crate::cli::args::Common {
                #[allow(unused_imports)]
                use $crate::cli::args::Part;
                let mut common = $crate::cli::args::Common { format: self.format, ..Default::default() };
                $( self.$field.apply(&mut common); )*
                common
            }
        }
    };
}
pub(crate) use command_options;

/// An on/off flag value (`--semantic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

/// `--color`: the values clap offers, each one a [`ColorChoice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorArg {
    /// When standard output is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always, even into a pipe or with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(arg: ColorArg) -> ColorChoice {
        match arg {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

/// Options shared by `match`, `query` and `bulk`: how many skills and which.
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

/// `--max-bytes`, shared by `match` and `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Match at most this much text (bytes; 5MB, 500k, 2MiB also work); longer text is cut
    /// with a warning, files over 20 times this are refused
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES, value_parser = parse_max_bytes)]
    pub max_bytes: usize,
}

impl LimitArgs {
    /// The limits these flags set.
    pub fn limits(&self) -> Limits {
        Limits { max_bytes: self.max_bytes }
    }
}

/// Flags shared by `compare` and `rank`: the requirements and the presence threshold.
#[derive(Debug, Clone, clap::Args)]
pub struct RequirementArgs {
    /// The advert's N strongest skills are the requirements
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub skills: u32,
    /// Advert skills scoring below this (0–1) are not requirements; default: none, the N
    /// strongest skills are, each weighing as much as it scores
    #[arg(long, value_name = "SCORE", value_parser = parse_unit_interval)]
    pub min_score: Option<f32>,
    /// A CV shows a skill when it scores at least this (0–1)
    #[arg(long, value_name = "SCORE", default_value_t = PRESENCE_MIN_SCORE as f32, value_parser = parse_unit_interval)]
    pub cv_min_score: f32,
}

/// A score flag: a number from 0 to 1.
pub fn parse_unit_interval(value: &str) -> Result<f32, String> {
    let number: f32 = value.parse().map_err(|_| format!("'{value}' is not a number"))?;
    if (0.0..=1.0).contains(&number) {
        Ok(number)
    } else {
        Err(format!("{number} is not between 0 and 1"))
    }
}

/// `--max-bytes`: a size ([`parse_size`]) of at least one byte.
pub fn parse_max_bytes(value: &str) -> Result<usize, String> {
    match parse_size(value)? {
        0 => Err("--max-bytes must be at least 1".into()),
        n => Ok(n),
    }
}

/// A size in bytes: a number with an optional k/M/G (×1000) or KiB/MiB/GiB (×1024) suffix.
pub fn parse_size(value: &str) -> Result<usize, String> {
    let v = value.trim();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '_')).unwrap_or(v.len());
    let (digits, unit) = v.split_at(split);
    let number: usize = digits
        .replace('_', "")
        .parse()
        .map_err(|_| format!("'{value}' is not a size in bytes (e.g. 5000000, 5MB)"))?;
    let factor: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => return Err(format!("unknown size unit '{other}' (use k, M, G, KiB, MiB, GiB)")),
    };
    number.checked_mul(factor).ok_or_else(|| format!("'{value}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("5000000"), Ok(5_000_000));
        assert_eq!(parse_size("5MB"), Ok(5_000_000));
        assert_eq!(parse_size("500k"), Ok(500_000));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert!(parse_size("100000000000000G").is_err());
        assert_eq!(parse_size("1000000000000000000"), Ok(1_000_000_000_000_000_000));
        assert!(parse_max_bytes("0").is_err());
    }

    #[test]
    fn every_format_and_colour_has_a_flag_value() {
        use clap::ValueEnum;
        let formats: Vec<Format> = FormatArg::value_variants().iter().map(|&f| f.into()).collect();
        assert_eq!(formats, Format::ALL);
        assert_eq!(ColorChoice::from(ColorArg::default()), ColorChoice::default());
    }
}
