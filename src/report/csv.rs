//! CSV output: one row per matched skill (with its best evidence sentence), per listed
//! skill, or per level of a shown skill.

use super::{levels_label, SkillDetail, SkillSummary};
use crate::matching::MatchReport;
use std::io::{self, Write};

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().from_writer(out)
}

fn csv_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Header of [`write_report`]'s rows.
pub const MATCH_HEADER: [&str; 12] = [
    "source",
    "rank",
    "framework",
    "code",
    "name",
    "category",
    "subcategory",
    "level",
    "score",
    "evidence",
    "evidence_start",
    "evidence_end",
];

/// A match report: one row per matched skill.
pub fn write_report(out: &mut dyn Write, report: &MatchReport, header: bool) -> io::Result<()> {
    let mut w = writer(out);
    if header {
        w.write_record(MATCH_HEADER).map_err(csv_err)?;
    }
    for (rank, m) in report.matches.iter().enumerate() {
        let best = m.evidence.first();
        w.write_record([
            report.source.as_str(),
            &(rank + 1).to_string(),
            &m.framework,
            &m.code,
            &m.name,
            &m.category,
            &m.subcategory,
            &m.level.map(|l| l.to_string()).unwrap_or_default(),
            &format!("{:.3}", m.score),
            best.map_or("", |e| e.text.as_str()),
            &best.map(|e| e.start.to_string()).unwrap_or_default(),
            &best.map(|e| e.end.to_string()).unwrap_or_default(),
        ])
        .map_err(csv_err)?;
    }
    w.flush()
}

/// A skill list.
pub fn write_list(out: &mut dyn Write, skills: &[SkillSummary<'_>]) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(["framework", "code", "name", "category", "subcategory", "levels"]).map_err(csv_err)?;
    for s in skills {
        w.write_record([s.framework, s.code, s.name, s.category, s.subcategory, &levels_label(&s.levels)])
            .map_err(csv_err)?;
    }
    w.flush()
}

/// Skill details: one row per level.
pub fn write_details(out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(["framework", "code", "name", "category", "subcategory", "level", "description"])
        .map_err(csv_err)?;
    for d in details {
        let s = &d.skill;
        for level in &s.levels {
            w.write_record([
                d.framework,
                &s.code,
                &s.name,
                &s.category,
                &s.subcategory,
                &level.level.to_string(),
                &level.description,
            ])
            .map_err(csv_err)?;
        }
    }
    w.flush()
}
