//! CSV output: one row per matched skill (with its best evidence sentence), per listed
//! skill, or per level of a shown skill.

use super::{levels_label, SkillDetail, SkillSummary};
use crate::matching::MatchReport;
use crate::recruit::{Candidate, Comparison};
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

/// Header of [`write_comparison`]'s rows.
pub const COMPARISON_HEADER: [&str; 15] = [
    "advert",
    "cv",
    "fit",
    "rank",
    "framework",
    "code",
    "name",
    "required_level",
    "cv_level",
    "verdict",
    "gap",
    "weight",
    "credit",
    "advert_evidence",
    "cv_evidence",
];

/// A comparison: one row per required skill (the overall fit repeated on each).
pub fn write_comparison(out: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(COMPARISON_HEADER).map_err(csv_err)?;
    let opt = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    for (rank, s) in c.skills.iter().enumerate() {
        w.write_record([
            c.advert.as_str(),
            &c.cv,
            &format!("{:.3}", c.fit),
            &(rank + 1).to_string(),
            &s.framework,
            &s.code,
            &s.name,
            &opt(s.required_level),
            &opt(s.cv_level),
            s.verdict.as_str(),
            &opt(s.gap),
            &format!("{:.3}", s.weight),
            &format!("{:.3}", s.credit),
            s.advert_evidence.first().map_or("", |e| e.text.as_str()),
            s.cv_evidence.first().map_or("", |e| e.text.as_str()),
        ])
        .map_err(csv_err)?;
    }
    w.flush()
}

/// Header of [`write_shortlist`]'s rows.
pub const SHORTLIST_HEADER: [&str; 13] = [
    "rank",
    "cv",
    "fit",
    "met",
    "below",
    "missing",
    "strongest_code",
    "strongest_evidence",
    "gap_code",
    "gap_verdict",
    "gap",
    "verdicts",
    "error",
];

/// A shortlist: one row per CV, failed ones with an empty rank and their error; `verdicts`
/// lists every requirement as CODE:verdict[:gap].
pub fn write_shortlist(out: &mut dyn Write, candidates: &[Candidate]) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(SHORTLIST_HEADER).map_err(csv_err)?;
    for c in candidates {
        let verdicts: Vec<String> = c
            .skills
            .iter()
            .map(|s| match s.gap {
                Some(n) => format!("{}:{}:{n}", s.code, s.verdict.as_str()),
                None => format!("{}:{}", s.code, s.verdict.as_str()),
            })
            .collect();
        let scored = c.fit.is_some();
        let count = |n: usize| if scored { n.to_string() } else { String::new() };
        w.write_record([
            c.rank.map(|r| r.to_string()).unwrap_or_default(),
            c.id.clone(),
            c.fit.map(|f| format!("{f:.3}")).unwrap_or_default(),
            count(c.met),
            count(c.below),
            count(c.missing),
            c.strongest_evidence.as_ref().map(|h| h.code.clone()).unwrap_or_default(),
            c.strongest_evidence.as_ref().map(|h| h.text.clone()).unwrap_or_default(),
            c.biggest_gap.as_ref().map(|g| g.code.clone()).unwrap_or_default(),
            c.biggest_gap.as_ref().map(|g| g.verdict.as_str().to_string()).unwrap_or_default(),
            c.biggest_gap.as_ref().and_then(|g| g.gap).map(|n| n.to_string()).unwrap_or_default(),
            verdicts.join(" "),
            c.error.clone().unwrap_or_default(),
        ])
        .map_err(csv_err)?;
    }
    w.flush()
}
