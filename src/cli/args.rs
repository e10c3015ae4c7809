//! Flag groups that several subcommands share, and the parsers of flag values, so that no
//! subcommand imports another: `match`, `query` and `bulk` rank skills the same way, `match`
//! and `compare` read documents within the same limits, `compare` and `rank` read an
//! advert's requirements the same way. The clap glue for library types (`--format`,
//! `--color`) lives here too, so that the library does not know clap.

use skillmatch::recruit::PRESENCE_MIN_SCORE;
use skillmatch::report::color::ColorChoice;
use skillmatch::report::Format;
use skillmatch::text::input::{Limits, DEFAULT_MAX_BYTES};

/// `--format`: the values clap offers, each one a [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// JSON (one document).
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
