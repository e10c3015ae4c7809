//! JSON output. The match report's shape is the contract documented in the README.

use super::{IndexSummary, Render, SkillDetail, SkillSummary};
use crate::eval::EvalReport;
use crate::matching::MatchReport;
use crate::recruit::{Candidate, Comparison};
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

/// Values as JSON lines: one compact object a line.
pub fn write_lines<T: Serialize>(out: &mut dyn Write, values: &[T]) -> io::Result<()> {
    values.iter().try_for_each(|value| {
        serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// The JSON writer: one pretty document, except a shortlist, which is one JSON line a CV.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Render for Json {
    fn report(&self, out: &mut dyn Write, report: &MatchReport, _text: &str) -> io::Result<()> {
        write_report(out, report)
    }

    fn skills(&self, out: &mut dyn Write, skills: &[SkillSummary<'_>], _: &[&str]) -> io::Result<()> {
        write_list(out, skills)
    }

    fn details(&self, out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
        write_details(out, details)
    }

    fn comparison(&self, out: &mut dyn Write, c: &Comparison, _: &str, _: &str) -> io::Result<()> {
        write(out, c)
    }

    fn shortlist(&self, out: &mut dyn Write, _: &str, candidates: &[Candidate], _: usize) -> io::Result<()> {
        write_lines(out, candidates)
    }

    fn index_summary(&self, out: &mut dyn Write, summary: &IndexSummary<'_>) -> io::Result<()> {
        write(out, summary)
    }

    fn eval(&self, out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
        write(out, report)
    }
}
