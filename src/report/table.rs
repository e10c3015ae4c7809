//! Tables for a terminal: at most [`WIDTH`] columns, long texts shortened with "…".
//!
//! Every text from a document, a file name or a framework goes through
//! [`super::terminal::sanitize`] (inside [`fit`], [`fit_tail`] and the wrapping helpers, or
//! [`clean`] for the title lines) before it is painted, so no control sequence reaches the
//! terminal but the table's own colours.

use super::color::Paint;
use super::terminal::sanitize;
use super::{levels_label, shortlist_counts, table_code, IndexSummary, Render, SkillDetail, SkillSummary};
use crate::eval::{DocumentMetrics, EvalReport, LevelMetrics, SentenceMetrics};
use crate::index::analyzer::analyze_with_offsets;
use crate::matching::MatchReport;
use crate::recruit::{Candidate, Comparison, Verdict};
use std::collections::HashMap;
use std::io::{self, Write};

/// The width tables fit in.
pub const WIDTH: usize = 100;

/// Text for a title line, with control characters made visible ([`sanitize`]).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    sanitize(text)
}

/// Collapse white space and fit `text` into `width` characters, padding or cutting with "…";
/// control characters are made visible first ([`sanitize`]).
pub fn fit(text: &str, width: usize) -> String {
    let text = sanitize(text);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = collapsed.chars().count();
    if count <= width {
        format!("{collapsed:<width$}")
    } else if width == 0 {
        String::new()
    } else {
        let cut: String = collapsed.chars().take(width - 1).collect();
        format!("{}…", cut.trim_end()).chars().chain(std::iter::repeat(' ')).take(width).collect()
    }
}

/// Like [`fit`], but a long text keeps its end ("…/cvs/123.pdf"): for paths, whose end tells
/// them apart.
pub fn fit_tail(text: &str, width: usize) -> String {
    let text = sanitize(text);
    let text = text.as_ref();
    let count = text.chars().count();
    if count <= width || width == 0 {
        return fit(text, width);
    }
    let tail: String = text.chars().skip(count - (width - 1)).collect();
    format!("…{tail}")
}

/// A match report: rank, code, name, level, score and the best evidence sentence; codes and
/// levels painted with `paint`.
pub fn write_report(out: &mut dyn Write, report: &MatchReport, paint: Paint) -> io::Result<()> {
    let framework = report.framework.as_deref().unwrap_or("all frameworks");
    writeln!(
        out,
        "{} · {} · {}",
        clean(&report.source),
        clean(framework),
        super::count(report.matches.len(), "skill", "skills")
    )?;
    if report.matches.is_empty() {
        return writeln!(out, "no skill scored above the cut-off (try --min-score 0.1)");
    }
    let code_width =
        report.matches.iter().map(|m| table_code(&m.code).chars().count()).max().unwrap_or(4).clamp(4, 12);
    // Names in full where they fit (ESCO's are often longer than SFIA's), the evidence
    // keeping at least 30 columns.
    let name_width = report.matches.iter().map(|m| m.name.chars().count()).max().unwrap_or(0).clamp(28, 44);
    // Matches from several frameworks (an index holding more than one, no --framework):
    // each row names its own.
    let fw_width = match report.framework {
        Some(_) => 0,
        None => report.matches.iter().map(|m| m.framework.chars().count()).max().unwrap_or(0).max(9) + 1,
    };
    // rank(2) + framework + code + name + level(3) + score(5) + five separating spaces
    let evidence_width = WIDTH.saturating_sub(2 + fw_width + code_width + name_width + 3 + 5 + 5).max(10);
    writeln!(
        out,
        " # {}{} {} LVL SCORE EVIDENCE",
        fit(if fw_width > 0 { "FRAMEWORK" } else { "" }, fw_width),
        fit("CODE", code_width),
        fit("SKILL", name_width),
    )?;
    for (rank, m) in report.matches.iter().enumerate() {
        let evidence = m.evidence.first().map_or("", |e| e.text.as_str());
        let level = m.level.map_or("-".to_string(), |l| l.to_string());
        let line = format!(
            "{:>2} {}{} {} {} {:>5.2} {}",
            rank + 1,
            fit(&m.framework, fw_width),
            paint.code(&fit(table_code(&m.code), code_width)),
            fit(&m.name, name_width),
            paint.level(&format!("{level:>3}")),
            m.score,
            fit(evidence, evidence_width)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The words of `text` behind each analysed term (a stem, `incid`), as the text wrote them
/// (lower-cased, first seen first), so `--explain` can show "incident" rather than "incid".
pub fn surface_forms(text: &str) -> HashMap<String, Vec<String>> {
    let mut forms: HashMap<String, Vec<String>> = HashMap::new();
    for term in analyze_with_offsets(text) {
        let Some(word) = text.get(term.start..term.end) else { continue };
        let word = word.to_lowercase();
        let seen = forms.entry(term.text).or_default();
        if !seen.contains(&word) {
            seen.push(word);
        }
    }
    forms
}

/// A term as `--explain` shows it: the document's word for it ("incident"), or its words
/// when it wrote several ("management/managing"); the stem itself only when the document
/// has no word for it (a term from a normalised spelling, or an empty map).
fn shown_term(term: &str, forms: &HashMap<String, Vec<String>>) -> String {
    match forms.get(term).map(Vec::as_slice) {
        Some([]) | None => term.to_string(),
        Some(words) => {
            let mut shown: Vec<&str> = words.iter().take(3).map(String::as_str).collect();
            if words.len() > 3 {
                shown.push("…");
            }
            shown.join("/")
        }
    }
}

/// The `--explain` block after a match table: per skill, the terms behind the score (as
/// `text` wrote them, see [`surface_forms`]), the level shares per signal and the cues.
/// Lines are wrapped to [`WIDTH`].
pub fn write_explanations(out: &mut dyn Write, report: &MatchReport, text: &str) -> io::Result<()> {
    let forms =
        if report.matches.iter().any(|m| m.explain.is_some()) { surface_forms(text) } else { HashMap::new() };
    let pairs = |d: &[(u8, f32)]| d.iter().map(|(l, s)| format!("{l}:{s:.2}")).collect::<Vec<_>>().join(" ");
    for m in &report.matches {
        let Some(explain) = &m.explain else { continue };
        writeln!(out)?;
        let level = match (m.level, m.level_confident) {
            (Some(l), Some(true)) => format!("level {l}"),
            (Some(l), _) => format!("level {l} (not confident: the lower of two close levels)"),
            (None, _) => "no levels".into(),
        };
        let cut_off = report.cut_off.map(|c| format!(" (cut-off {c:.2})")).unwrap_or_default();
        writeln!(out, "{} {} · score {:.2}{cut_off} · {level}", clean(&m.code), clean(&m.name), m.score)?;
        let terms: Vec<String> = explain
            .terms
            .iter()
            .take(12)
            .map(|t| {
                // A common English word counts less: show by how much.
                let weight = if t.weight < 0.995 { format!(" ×{:.2}", t.weight) } else { String::new() };
                let term = shown_term(&t.term, &forms);
                match t.level {
                    Some(l) => format!("{term} {} {l} {:.0}%{weight}", t.field, t.share * 100.0),
                    None => format!("{term} {} {:.0}%{weight}", t.field, t.share * 100.0),
                }
            })
            .collect();
        write_labelled(out, "matched", &terms)?;
        let evidence: Vec<String> = m
            .evidence
            .iter()
            .map(|e| format!("@{} score {:.2} specificity {:.2}", e.start, e.score, e.specificity))
            .collect();
        write_labelled(out, "evidence", &evidence)?;
        let shares: Vec<String> = m.levels.iter().map(|l| format!("{}:{:.2}", l.level, l.score)).collect();
        write_labelled(out, "levels", &shares)?;
        let s = &explain.level_signals;
        let w = &explain.level_weights;
        let signals = [
            format!("evidence×{} [{}]", w.evidence, pairs(&s.evidence)),
            format!("cues×{} [{}]", w.cues, pairs(&s.cues)),
            format!("document level×{} [{}]", w.document, pairs(&s.document)),
        ];
        write_labelled(out, "signals", &signals)?;
        if let Some(share) = &explain.semantic {
            let line = format!(
                "similarity {:.2} over the framework's background {:.2} → {:.2}; words alone {:.2}",
                share.similarity, share.background, share.calibrated, share.lexical
            );
            write_labelled(out, "semantic", &[line])?;
        }
        let cues: Vec<String> = m
            .level_cues
            .iter()
            .map(|c| format!("\"{}\"→{} ({}, @{})", c.text, c.level, c.kind, c.start))
            .collect();
        write_labelled(out, "cues", &cues)?;
    }
    if let Some(doc) = &report.document_level {
        let explained = report.matches.iter().any(|m| m.explain.is_some());
        if explained || (!report.matches.is_empty() && !doc.cues.is_empty()) {
            writeln!(out)?;
        }
        if explained {
            let shares: Vec<String> =
                doc.levels.iter().map(|l| format!("{}:{:.2}", l.level, l.score)).collect();
            write_labelled(out, &format!("document level {}", doc.level), &shares)?;
            let cues: Vec<String> = doc
                .cues
                .iter()
                .map(|c| format!("\"{}\"→{} ({}, @{})", c.text, c.level, c.kind, c.start))
                .collect();
            write_labelled(out, "document cues", &cues)?;
        } else if !report.matches.is_empty() && !doc.cues.is_empty() {
            // Only where the text gives evidence of it (a cue: a title, a verb, years, a
            // team size): a three-word query or a report without skills says nothing.
            writeln!(out, "document level: {} (--explain says why)", doc.level)?;
        }
    }
    Ok(())
}

/// "  label: item · item · …" wrapped to [`WIDTH`] with continuation lines indented.
fn write_labelled(out: &mut dyn Write, label: &str, items: &[String]) -> io::Result<()> {
    let items: Vec<String> = items.iter().map(|i| sanitize(i).replace('\n', " ")).collect();
    let head = format!("  {label}: ");
    let indent = " ".repeat(head.chars().count());
    let mut line = head.clone();
    if items.is_empty() {
        return writeln!(out, "{line}none");
    }
    for (i, item) in items.iter().enumerate() {
        let piece = if i == 0 { item.clone() } else { format!(" · {item}") };
        if line.chars().count() + piece.chars().count() > WIDTH && line.trim().len() > label.len() + 1 {
            writeln!(out, "{line}")?;
            line = format!("{indent}{}", item);
        } else {
            line.push_str(&piece);
        }
    }
    writeln!(out, "{line}")
}

/// A skill list: code, name, category, levels.
pub fn write_list(out: &mut dyn Write, skills: &[SkillSummary<'_>]) -> io::Result<()> {
    let code_width =
        skills.iter().map(|s| table_code(s.code).chars().count()).max().unwrap_or(4).clamp(4, 16);
    let several = skills.windows(2).any(|w| w[0].framework != w[1].framework);
    let fw_width = if several { skills.iter().map(|s| s.framework.len()).max().unwrap_or(0) + 1 } else { 0 };
    let name_width = 34;
    let category_width = WIDTH.saturating_sub(fw_width + code_width + name_width + 8 + 3).max(10);
    writeln!(
        out,
        "{}{} {} {} LEVELS",
        fit(if several { "FRAMEWORK" } else { "" }, fw_width),
        fit("CODE", code_width),
        fit("SKILL", name_width),
        fit("CATEGORY / SUBCATEGORY", category_width),
    )?;
    for s in skills {
        let category = match (s.category.is_empty(), s.subcategory.is_empty()) {
            (false, false) => format!("{} / {}", s.category, s.subcategory),
            (false, true) => s.category.to_string(),
            _ => s.subcategory.to_string(),
        };
        let line = format!(
            "{}{} {} {} {}",
            fit(s.framework, fw_width),
            fit(table_code(s.code), code_width),
            fit(s.name, name_width),
            fit(&category, category_width),
            levels_label(&s.levels)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "{}", super::count(skills.len(), "skill", "skills"))
}

/// Skill details as readable text, wrapped to [`WIDTH`].
pub fn write_details(out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
    for (i, d) in details.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let s = &d.skill;
        writeln!(out, "{} {} ({})", clean(&s.code), clean(&s.name), clean(d.framework))?;
        if !s.category.is_empty() {
            writeln!(out, "{} / {}", clean(&s.category), clean(&s.subcategory))?;
        }
        if !s.aliases.is_empty() {
            writeln!(out, "Also known as: {}", clean(&s.aliases.join("; ")))?;
        }
        if let Some(url) = &s.url {
            writeln!(out, "{}", clean(url))?;
        }
        for (title, body) in [("Description", &s.description), ("Guidance notes", &s.guidance)] {
            if !body.trim().is_empty() {
                writeln!(out, "\n{title}")?;
                write_wrapped(out, body, "  ")?;
            }
        }
        for level in &s.levels {
            let name =
                if level.name.is_empty() { String::new() } else { format!(" ({})", clean(&level.name)) };
            writeln!(out, "\nLevel {}{name}", level.level)?;
            write_wrapped(out, &level.description, "  ")?;
        }
        if !d.attribution.is_empty() {
            writeln!(out, "\n{}", clean(d.attribution))?;
        }
    }
    Ok(())
}

/// Write `text` paragraph by paragraph, each line at most [`WIDTH`] columns with `indent`.
fn write_wrapped(out: &mut dyn Write, text: &str, indent: &str) -> io::Result<()> {
    let text = sanitize(text);
    let width = WIDTH - indent.chars().count();
    for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                writeln!(out, "{indent}{line}")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            writeln!(out, "{indent}{line}")?;
        }
    }
    Ok(())
}

/// A verdict painted by its kind: met green, below yellow, missing red.
fn paint_verdict(paint: Paint, verdict: Verdict, text: &str) -> String {
    match verdict {
        Verdict::Met => paint.good(text),
        Verdict::Below => paint.warn(text),
        Verdict::Missing => paint.bad(text),
    }
}

/// A comparison: per required skill the level asked, the level shown, the verdict and the
/// CV's best evidence (the advert's, marked, when the CV shows nothing).
pub fn write_comparison(out: &mut dyn Write, c: &Comparison, paint: Paint) -> io::Result<()> {
    let framework = c.framework.as_deref().unwrap_or("all frameworks");
    writeln!(out, "{} vs {} · {}", clean(&c.advert), clean(&c.cv), clean(framework))?;
    writeln!(
        out,
        "fit {:.2} · {} met, {} below, {} missing of {} required skills",
        c.fit,
        c.met,
        c.below,
        c.missing,
        c.skills.len()
    )?;
    if c.skills.is_empty() {
        return writeln!(out, "the advert shows no skill above the cut-off (try --min-score 0.1)");
    }
    let code_width =
        c.skills.iter().map(|s| table_code(&s.code).chars().count()).max().unwrap_or(4).clamp(4, 12);
    let (name_width, verdict_width) = (24, 11);
    // rank(2) + code + name + need(4) + has(3) + verdict + six separating spaces
    let evidence_width =
        WIDTH.saturating_sub(2 + code_width + name_width + 4 + 3 + verdict_width + 6).max(10);
    writeln!(
        out,
        " # {} {} NEED HAS {} EVIDENCE (CV; advert when missing)",
        fit("CODE", code_width),
        fit("SKILL", name_width),
        fit("VERDICT", verdict_width)
    )?;
    let level = |l: Option<u8>| l.map_or("-".to_string(), |l| l.to_string());
    for (rank, s) in c.skills.iter().enumerate() {
        let evidence = match (s.cv_evidence.first(), s.advert_evidence.first()) {
            (Some(e), _) => e.text.clone(),
            (None, Some(e)) => format!("advert: {}", e.text),
            (None, None) => String::new(),
        };
        let line = format!(
            "{:>2} {} {} {} {} {} {}",
            rank + 1,
            paint.code(&fit(table_code(&s.code), code_width)),
            fit(&s.name, name_width),
            paint.level(&format!("{:>4}", level(s.required_level))),
            paint.level(&format!("{:>3}", level(s.cv_level))),
            paint_verdict(paint, s.verdict, &fit(&s.verdict_label(), verdict_width)),
            fit(&evidence, evidence_width)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A shortlist: rank, fit, verdict counts, the CV, its strongest evidence and its biggest
/// gap; CVs that could not be scored follow with their error. `total` is the number of CVs
/// ranked (`candidates` may be the top of them).
pub fn write_shortlist(
    out: &mut dyn Write,
    advert: &str,
    candidates: &[Candidate],
    total: usize,
    paint: Paint,
) -> io::Result<()> {
    let requirements = candidates.iter().map(|c| c.skills.len()).max().unwrap_or(0);
    let shown = shortlist_counts(candidates, total);
    writeln!(out, "shortlist for {} · {shown} · {requirements} required skills", clean(advert))?;
    let (cv_width, gap_width) = (24, 18);
    // rank(3) + fit(4) + met(3) + below(3) + missing(3) + cv + gap + seven separating spaces
    let evidence_width = WIDTH.saturating_sub(3 + 4 + 3 + 3 + 3 + cv_width + gap_width + 7).max(10);
    writeln!(
        out,
        "  #  FIT MET BLW MIS {} {} BIGGEST GAP",
        fit("CV", cv_width),
        fit("STRONGEST EVIDENCE", evidence_width)
    )?;
    for c in candidates {
        let line = match (&c.error, c.fit) {
            (None, Some(score)) => {
                let evidence = c
                    .strongest_evidence
                    .as_ref()
                    .map_or(String::new(), |h| format!("{}: {}", table_code(&h.code), h.text));
                let gap = match &c.biggest_gap {
                    Some(g) => {
                        let text = fit(&format!("{} {}", table_code(&g.code), g.verdict_label()), gap_width);
                        paint_verdict(paint, g.verdict, &text)
                    }
                    None => paint.good(&fit("none", gap_width)),
                };
                format!(
                    "{:>3} {:>4.2} {:>3} {:>3} {:>3} {} {} {}",
                    c.rank.map_or("-".to_string(), |r| r.to_string()),
                    score,
                    c.met,
                    c.below,
                    c.missing,
                    fit_tail(&c.id, cv_width),
                    fit(&evidence, evidence_width),
                    gap
                )
            }
            (error, _) => format!(
                "  - {} {} {}",
                paint.bad(&fit("error", 16)),
                fit_tail(&c.id, cv_width),
                fit(error.as_deref().unwrap_or("not scored"), WIDTH.saturating_sub(22 + cv_width))
            ),
        };
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The `index` summary: files read, then one line per framework with its counts.
pub fn write_index_summary(out: &mut dyn Write, summary: &IndexSummary<'_>) -> io::Result<()> {
    writeln!(
        out,
        "Indexed {} into {} in {} ms",
        super::count(summary.files.len(), "file", "files"),
        sanitize(&summary.index),
        summary.elapsed_ms
    )?;
    // Ids of frameworks brought by users ("onet-tasks-30.2") outgrow SFIA's.
    let width = summary.frameworks.iter().map(|f| f.framework.chars().count()).max().unwrap_or(0).max(12);
    writeln!(
        out,
        "{:<width$} {:>7} {:>19} {:>22}",
        "FRAMEWORK", "SKILLS", "LEVEL DESCRIPTIONS", "RESPONSIBILITY LEVELS"
    )?;
    for f in &summary.frameworks {
        writeln!(
            out,
            "{:<width$} {:>7} {:>19} {:>22}",
            sanitize(f.framework),
            f.skills,
            f.level_descriptions,
            f.responsibility_levels
        )?;
    }
    Ok(())
}

/// Evaluation metrics: one block per run.
pub fn write_eval(out: &mut dyn Write, o: &EvalReport) -> std::io::Result<()> {
    for run in &o.runs {
        writeln!(out, "== level signals: {}", run.signals)?;
        if let Some(r) = &run.roles {
            writeln!(out, "Role profiles ({} roles)", r.roles)?;
            writeln!(out, "  R@10 {:.3}  MRR {:.3}", r.recall_at_10, r.mrr)?;
            writeln!(
                out,
                "  default report: P {:.3}  R {:.3}  F1 {:.3}  ({:.1} skills per role)",
                r.precision, r.recall, r.f1, r.reported
            )?;
            write_level(out, "found", &r.level)?;
        }
        if let Some(c) = &run.cross_version {
            writeln!(out, "Cross-version check ({} level descriptions)", c.queries)?;
            writeln!(out, "  code hit@1 {:.3}  hit@5 {:.3}", c.hit_at_1, c.hit_at_5)?;
            write_level(out, "compared", &c.level)?;
        }
        if let Some(d) = &run.documents {
            write_documents(out, d)?;
        }
        if !run.sentences.is_empty() {
            write_sentences(out, &run.sentences)?;
        }
    }
    writeln!(out, "{} ms", o.elapsed_ms)
}
/// One level line of a role or cross-version block: `how` says what the count counts.
fn write_level(out: &mut dyn Write, how: &str, l: &LevelMetrics) -> std::io::Result<()> {
    writeln!(
        out,
        "  level ({} {how}): exact {:.3}  within one {:.3}  MAE {:.3}",
        l.compared, l.exact, l.within_one, l.mae
    )
}

/// The sentence splits of one run.
fn write_sentences(out: &mut dyn Write, sentences: &[SentenceMetrics]) -> std::io::Result<()> {
    writeln!(out, "Sentences (ranking every skill of the framework)")?;
    writeln!(
        out,
        "  {:<18} {:>9} {:>5} {:>5} {:>5} {:>11} | default report: {:>5} {:>5} {:>5} {:>6}",
        "SPLIT", "SENTENCES", "RP@5", "RP@10", "MRR", "µs/SENTENCE", "P", "R", "F1", "SKILLS"
    )?;
    for m in sentences {
        writeln!(
            out,
            "  {:<18} {:>9} {:>5.1} {:>5.1} {:>5.1} {:>11.0} |                  {:>5.3} {:>5.3} {:>5.3} {:>6.1}",
            m.split,
            m.sentences,
            m.rp_at_5,
            m.rp_at_10,
            m.mrr,
            m.micros_per_sentence,
            m.precision,
            m.recall,
            m.f1,
            m.reported
        )?;
        if m.unknown_labels > 0 {
            writeln!(
                out,
                "  ({} gold labels of {} are no skill's name in the framework)",
                m.unknown_labels, m.split
            )?;
        }
    }
    Ok(())
}

fn write_documents(out: &mut dyn Write, d: &DocumentMetrics) -> std::io::Result<()> {
    writeln!(
        out,
        "Documents ({} documents, {} with gold skills, {} without)",
        d.documents, d.with_gold, d.empty_documents
    )?;
    writeln!(
        out,
        "  {:<24} {:>4} {:>7} {:>5} {:>5} | default report: {:>5} {:>5} {:>5} {:>6} | {:>6} | level {:>5} {:>5} | doc level {:>5} {:>5}",
        "SOURCE", "DOCS", "nDCG@10", "P@5", "R@10", "P", "R", "F1", "SKILLS", "ALARMS", "exact", "±1", "exact", "±1"
    )?;
    let row = |out: &mut dyn Write, name: &str, m: &DocumentMetrics| {
        let alarms = if m.empty_documents > 0 { format!("{:.1}", m.false_alarms) } else { "-".into() };
        writeln!(
            out,
            "  {:<24} {:>4} {:>7.3} {:>5.3} {:>5.3} |                 {:>5.3} {:>5.3} {:>5.3} {:>6.1} | {:>6} |       {:>5.3} {:>5.3} |           {:>5.3} {:>5.3}",
            name,
            m.documents,
            m.ndcg_at_10,
            m.p_at_5,
            m.r_at_10,
            m.precision,
            m.recall,
            m.f1,
            m.reported,
            alarms,
            m.level.exact,
            m.level.within_one,
            m.document_level.exact,
            m.document_level.within_one
        )
    };
    row(out, "all", d)?;
    for (name, m) in &d.by_source {
        row(out, name, m)?;
    }
    Ok(())
}

/// The table writer, coloured by `paint`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Table {
    /// Colours (off for files and pipes unless `--color always`).
    pub paint: Paint,
}

impl Render for Table {
    fn report(&self, out: &mut dyn Write, report: &MatchReport, text: &str) -> io::Result<()> {
        write_report(out, report, self.paint)?;
        write_explanations(out, report, text)
    }

    fn skills(
        &self,
        out: &mut dyn Write,
        skills: &[SkillSummary<'_>],
        attributions: &[&str],
    ) -> io::Result<()> {
        write_list(out, skills)?;
        // The notices the frameworks' licences ask for (ESCO's), under the table.
        attributions.iter().try_for_each(|a| writeln!(out, "{}", sanitize(a)))
    }

    fn details(&self, out: &mut dyn Write, details: &[SkillDetail<'_>]) -> io::Result<()> {
        write_details(out, details)
    }

    fn comparison(&self, out: &mut dyn Write, c: &Comparison, _: &str, _: &str) -> io::Result<()> {
        write_comparison(out, c, self.paint)
    }

    fn shortlist(
        &self,
        out: &mut dyn Write,
        advert: &str,
        candidates: &[Candidate],
        total: usize,
    ) -> io::Result<()> {
        write_shortlist(out, advert, candidates, total, self.paint)
    }

    fn index_summary(&self, out: &mut dyn Write, summary: &IndexSummary<'_>) -> io::Result<()> {
        write_index_summary(out, summary)
    }

    fn eval(&self, out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
        write_eval(out, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("a\n  b", 5), "a b  ");
        assert_eq!(fit("héllo wörld", 6).chars().count(), 6);
        assert_eq!(fit_tail("/tmp/cvs/123.pdf", 9), "…/123.pdf");
        assert_eq!(fit_tail("a.pdf", 7), "a.pdf  ");
    }

    #[test]
    fn explained_terms_are_the_documents_words() {
        let forms = surface_forms("Incident management: managing incidents and the Service Desk.");
        let stem = |w: &str| crate::index::analyzer::analyze(w).remove(0);
        assert_eq!(shown_term(&stem("incident"), &forms), "incident/incidents");
        assert_eq!(stem("management"), stem("managing"));
        assert_eq!(shown_term(&stem("managing"), &forms), "management/managing");
        assert_eq!(shown_term(&stem("desk"), &forms), "desk");
        // A term the text does not have stays as it is.
        assert_eq!(shown_term("zzz", &forms), "zzz");
    }
}
