//! JSON output. The match report's shape is the contract documented in the README.

use super::{SkillDetail, SkillSummary};
use crate::matching::MatchReport;
use serde::Serialize;
use std::io::{self, Write};

/// Write any serialisable value as pretty JSON followed by a newline.
pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// A match report.
pub fn write_report(out: &mut dyn Write, report: &MatchReport) -> io::Result<()> {
    write(out, report)
}

/// A skill list.
pub fn write_list(out: &mut dyn Write, skills: &[SkillSummary<'_>]) -> io::Result<()> {
    write(out, skills)
}

/// Skill details (always an array: a code can exist in several frameworks).
pub fn write_details(out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
    write(out, details)
}
