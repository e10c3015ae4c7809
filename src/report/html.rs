//! HTML reports: one self-contained page (inline CSS and SVG, no scripts, no external
//! assets) that reads on a phone as well as on a desktop.
//!
//! A match report shows a chart of the skills on the level axis, the skills with links to
//! their evidence, and the document's text with every evidence sentence highlighted
//! (`<mark id=…>`, linked back to its skills). A comparison adds the gap table and shows both
//! documents; a shortlist is a table of candidates. Every piece of text from a document or
//! the framework goes through [`escape`].

use super::table::fit;
use super::{short_code, unsupported, Format, IndexSummary, Render, SkillDetail, SkillSummary};
use crate::eval::EvalReport;
use crate::matching::evidence::Evidence;
use crate::matching::MatchReport;
use crate::recruit::{Candidate, Comparison, Verdict};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An element id from free text: ASCII letters, digits, `-` and `_` kept, the rest `_`.
fn id_part(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
  --accent: #0969da; --mark: #fff1a8; --met: #1a7f37; --below: #9a6700; --missing: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1rem; max-width: 75rem; color: var(--ink); background: var(--bg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 1rem; overflow-wrap: anywhere; }
.fit { font-size: 2rem; font-weight: 700; }
a { color: var(--accent); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--panel); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr:target { background: #ddf4ff; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 700; }
.met { color: var(--met); font-weight: 700; }
.below { color: var(--below); font-weight: 700; }
.missing { color: var(--missing); font-weight: 700; }
.ev { font-size: .9rem; color: var(--muted); }
.chart { max-width: 34rem; }
.chart svg { width: 100%; height: auto; display: block; }
.legend { font-size: .85rem; color: var(--muted); }
.docs { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 60rem) { .docs.two { grid-template-columns: 1fr 1fr; } }
.doc { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); padding: .75rem;
  border: 1px solid var(--line); border-radius: 6px; font-size: .9rem; max-height: 80vh; overflow-y: auto; }
mark { background: var(--mark); padding: 0 .1em; border-radius: 2px; }
mark:target { outline: 2px solid var(--accent); }
sup.tags a { font-size: .7rem; margin-left: .35em; text-decoration: none; font-weight: 700; }
.bar { display: inline-block; width: 5rem; max-width: 30vw; height: .6rem; background: var(--line);
  border-radius: 3px; vertical-align: middle; margin-right: .3rem; }
.bar span { display: block; height: 100%; background: var(--accent); border-radius: 3px; }
@media (max-width: 40rem) {
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr { display: block; }
  table.stack tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.stack td { display: inline-block; border: 0; padding: .1rem .5rem .1rem 0; text-align: left; }
  table.stack td.wide { display: block; }
  table.stack td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-weight: 400; }
}
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
"#;

/// The page around `body`.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\
         <footer>Made by skillmatch {}. Levels and scores are the tool's reading of the text: \
         check the highlighted evidence.</footer>\n</body>\n</html>\n",
        escape(title),
        env!("CARGO_PKG_VERSION")
    )
}

/// A marked span: its number on the page and the skills (anchor id, code) it is evidence for.
type Mark = (usize, Vec<(String, String)>);

/// The evidence sentences of one document: each distinct span gets one mark id, and
/// knows the skills (anchor id, code) it is evidence for.
struct Marks {
    /// Prefix of the mark ids ("d", "a", "c"): unique per document on the page.
    prefix: &'static str,
    /// (start, end) → (mark number, skills).
    spans: BTreeMap<(usize, usize), Mark>,
}

impl Marks {
    fn new(prefix: &'static str) -> Marks {
        Marks { prefix, spans: BTreeMap::new() }
    }

    /// Register `evidence` for the skill with anchor `anchor` and label `code`; its mark id.
    fn add(&mut self, evidence: &Evidence, anchor: &str, code: &str) -> String {
        let next = self.spans.len() + 1;
        let entry = self.spans.entry((evidence.start, evidence.end)).or_insert_with(|| (next, Vec::new()));
        if !entry.1.iter().any(|(a, _)| a == anchor) {
            entry.1.push((anchor.to_string(), code.to_string()));
        }
        format!("{}-e{}", self.prefix, entry.0)
    }

    /// `text` escaped, with every registered span that lies on character boundaries and
    /// does not overlap an earlier one wrapped in a `<mark>` followed by its skills' links.
    fn render(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 11 / 10);
        let mut cursor = 0;
        for (&(start, end), (number, skills)) in &self.spans {
            // Offsets come from the matcher on this very text; a span that does not fit
            // (overlap, foreign offsets) is left unmarked rather than trusted.
            if start < cursor {
                continue;
            }
            let (Some(before), Some(sentence)) = (text.get(cursor..start), text.get(start..end)) else {
                continue;
            };
            out.push_str(&escape(before));
            out.push_str(&format!("<mark id=\"{}-e{number}\">{}</mark>", self.prefix, escape(sentence)));
            out.push_str("<sup class=\"tags\">");
            for (anchor, code) in skills {
                out.push_str(&format!("<a href=\"#{}\">{}</a>", escape(anchor), escape(code)));
            }
            out.push_str("</sup>");
            cursor = end;
        }
        out.push_str(&escape(text.get(cursor..).unwrap_or("")));
        out
    }
}

/// One row of the level chart.
struct ChartRow {
    anchor: String,
    code: String,
    name: String,
    /// The level asked for (comparisons) or found (match reports).
    level: Option<u8>,
    /// The level the CV shows, and the verdict (comparisons only).
    shown: Option<(Option<u8>, Verdict)>,
}

/// Horizontal bars on a 1–7 level axis, one row per skill that has a level, each linking to
/// its skill. Comparisons draw the required level as an outline and the CV's as a bar.
fn level_chart(rows: &[ChartRow], max_level: u8) -> String {
    let rows: Vec<&ChartRow> = rows.iter().filter(|r| r.level.is_some()).collect();
    if rows.is_empty() {
        return "<p class=\"legend\">No levels: this framework defines none.</p>\n".into();
    }
    let max_level = max_level.max(1);
    let (left, right, top, row_h) = (64.0, 352.0, 26.0, 24.0);
    let x = |level: f64| left + (right - left) * level / f64::from(max_level);
    let height = top + row_h * rows.len() as f64 + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 {height}\" role=\"img\" \
         aria-labelledby=\"chart-title\" font-family=\"system-ui, sans-serif\" font-size=\"11\">\
         <title id=\"chart-title\">Skills by level</title>"
    );
    for level in 1..=max_level {
        let gx = x(f64::from(level));
        svg.push_str(&format!(
            "<line x1=\"{gx:.1}\" y1=\"{}\" x2=\"{gx:.1}\" y2=\"{:.1}\" stroke=\"#d1d9e0\"/>\
             <text x=\"{gx:.1}\" y=\"14\" text-anchor=\"middle\" fill=\"#59636e\">{level}</text>",
            top - 6.0,
            height - 4.0
        ));
    }
    svg.push_str(&format!(
        "<text x=\"0\" y=\"14\" fill=\"#59636e\">level</text><line x1=\"{left}\" y1=\"{}\" x2=\"{left}\" \
         y2=\"{:.1}\" stroke=\"#59636e\"/>",
        top - 6.0,
        height - 4.0
    ));
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let level = f64::from(row.level.unwrap_or(0));
        svg.push_str(&format!(
            "<a href=\"#{}\"><title>{} {}</title><text x=\"0\" y=\"{:.1}\" font-weight=\"700\" \
             fill=\"#0969da\">{}</text>",
            escape(&row.anchor),
            escape(&row.code),
            escape(&row.name),
            y + 15.0,
            escape(fit(super::table_code(&row.code), 9).trim_end())
        ));
        match row.shown {
            None => svg.push_str(&format!(
                "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"3\" fill=\"#0969da\"/>",
                y + 4.0,
                x(level) - left
            )),
            Some((shown, verdict)) => {
                let colour = match verdict {
                    Verdict::Met => "#1a7f37",
                    Verdict::Below => "#bf8700",
                    Verdict::Missing => "#cf222e",
                };
                svg.push_str(&format!(
                    "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"18\" rx=\"3\" fill=\"none\" \
                     stroke=\"#59636e\" stroke-dasharray=\"3 2\"/>",
                    y + 2.0,
                    x(level) - left
                ));
                match shown {
                    Some(has) if verdict != Verdict::Missing => svg.push_str(&format!(
                        "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"2\" fill=\"{colour}\"/>",
                        y + 6.0,
                        x(f64::from(has)) - left
                    )),
                    None if verdict == Verdict::Met => svg.push_str(&format!(
                        "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"2\" fill=\"{colour}\"/>",
                        y + 6.0,
                        x(level) - left
                    )),
                    _ => svg.push_str(&format!(
                        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\" font-weight=\"700\">missing</text>",
                        left + 6.0,
                        y + 15.0
                    )),
                }
            }
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    format!("<div class=\"chart\">{svg}</div>\n")
}

/// Links to the marks of a skill's evidence: "label: 1 2 3" (nothing without evidence).
fn evidence_links(ids: &[String], label: &str) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let links: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!("<a href=\"#{id}\" title=\"{label} evidence {}\">{}</a>", i + 1, i + 1))
        .collect();
    format!("<span class=\"ev\">{label}:</span> {}", links.join(" "))
}

/// A match report of `text` as an HTML page.
pub fn write_report(out: &mut dyn Write, report: &MatchReport, text: &str) -> io::Result<()> {
    let mut marks = Marks::new("d");
    let mut rows = Vec::new();
    let mut table = String::from(
        "<div class=\"scroll\"><table id=\"skills\" class=\"stack\"><thead><tr><th class=\"num\">#</th><th>Skill</th>\
         <th class=\"num\">Level</th><th class=\"num\">Score</th><th>Evidence</th></tr></thead><tbody>\n",
    );
    for (rank, m) in report.matches.iter().enumerate() {
        let anchor = format!("s-{}", id_part(&m.code));
        let ids: Vec<String> = m.evidence.iter().map(|e| marks.add(e, &anchor, &m.code)).collect();
        let best = m.evidence.first().map_or(String::new(), |e| escape(&e.text));
        table.push_str(&format!(
            "<tr id=\"{anchor}\"><td class=\"num\">{}</td><td><span class=\"code\">{}</span> {}</td>\
             <td class=\"num\" data-label=\"level\">{}</td><td class=\"num\" data-label=\"score\">{:.2}</td>\
             <td class=\"wide\"><span class=\"ev\">{best}</span> {}</td></tr>\n",
            rank + 1,
            escape(short_code(&m.code)),
            escape(&m.name),
            m.level.map_or("-".into(), |l| l.to_string()),
            m.score,
            evidence_links(&ids, "evidence")
        ));
        rows.push(ChartRow {
            anchor,
            code: m.code.clone(),
            name: m.name.clone(),
            level: m.level,
            shown: None,
        });
    }
    table.push_str("</tbody></table></div>\n");
    let framework = report.framework.as_deref().unwrap_or("all frameworks");
    let level =
        report.document_level.as_ref().map_or(String::new(), |d| format!(" · document level {}", d.level));
    let mut body = format!(
        "<h1>Skills in {}</h1>\n<p class=\"meta\">{} · {}{}</p>\n",
        escape(&report.source),
        escape(framework),
        super::count(report.matches.len(), "skill", "skills"),
        escape(&level)
    );
    body.push_str("<h2>Skills by level</h2>\n");
    body.push_str(&level_chart(&rows, 7));
    body.push_str("<h2>Skills</h2>\n");
    body.push_str(&table);
    body.push_str("<h2>Document</h2>\n<p class=\"legend\">Evidence sentences are highlighted; the codes after them link to their skills.</p>\n");
    body.push_str(&format!("<div class=\"doc\" id=\"document\">{}</div>\n", marks.render(text)));
    out.write_all(page(&format!("skillmatch: {}", report.source), &body).as_bytes())
}

/// A comparison as an HTML page: fit, gap table, level chart, and both documents with their
/// evidence highlighted.
pub fn write_comparison(
    out: &mut dyn Write,
    c: &Comparison,
    advert_text: &str,
    cv_text: &str,
) -> io::Result<()> {
    let (mut advert_marks, mut cv_marks) = (Marks::new("a"), Marks::new("c"));
    let mut rows = Vec::new();
    let mut table = String::from(
        "<div class=\"scroll\"><table id=\"gaps\" class=\"gaps stack\"><thead><tr><th>Skill</th>\
         <th class=\"num\">Needs</th><th class=\"num\">Shows</th><th>Verdict</th><th>Evidence</th></tr></thead><tbody>\n",
    );
    for s in &c.skills {
        let anchor = format!("s-{}", id_part(&s.code));
        let advert_ids: Vec<String> =
            s.advert_evidence.iter().map(|e| advert_marks.add(e, &anchor, &s.code)).collect();
        let cv_ids: Vec<String> = s.cv_evidence.iter().map(|e| cv_marks.add(e, &anchor, &s.code)).collect();
        let level = |l: Option<u8>| l.map_or("-".to_string(), |l| l.to_string());
        let best =
            s.cv_evidence.first().or(s.advert_evidence.first()).map_or(String::new(), |e| escape(&e.text));
        table.push_str(&format!(
            "<tr id=\"{anchor}\"><td class=\"wide\"><span class=\"code\">{}</span> {}</td>\
             <td class=\"num\" data-label=\"needs\">{}</td><td class=\"num\" data-label=\"shows\">{}</td>\
             <td class=\"{}\">{}</td><td class=\"wide\"><span class=\"ev\">{best}</span><br>{}</td></tr>\n",
            escape(short_code(&s.code)),
            escape(&s.name),
            level(s.required_level),
            level(s.cv_level),
            s.verdict.as_str(),
            escape(&s.verdict_label()),
            [evidence_links(&advert_ids, "advert"), evidence_links(&cv_ids, "CV")]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
        ));
        rows.push(ChartRow {
            anchor,
            code: s.code.clone(),
            name: s.name.clone(),
            level: s.required_level,
            shown: Some((s.cv_level, s.verdict)),
        });
    }
    table.push_str("</tbody></table></div>\n");
    let mut body = format!(
        "<h1>Advert vs CV</h1>\n<p class=\"meta\">advert: {}<br>CV: {}</p>\n\
         <p><span class=\"fit\">fit {:.2}</span> · <span class=\"met\">{} met</span> · \
         <span class=\"below\">{} below</span> · <span class=\"missing\">{} missing</span> of {} required skills</p>\n",
        escape(&c.advert),
        escape(&c.cv),
        c.fit,
        c.met,
        c.below,
        c.missing,
        c.skills.len()
    );
    body.push_str("<h2>Levels: asked (outline) and shown (bar)</h2>\n");
    body.push_str(&level_chart(&rows, 7));
    body.push_str(
        "<p class=\"legend\">Dashed outline: the level the advert asks for. Bar: the level the CV shows \
         (<span class=\"met\">met</span>, <span class=\"below\">below</span>); \
         <span class=\"missing\">missing</span>: not shown.</p>\n",
    );
    body.push_str("<h2>Gaps</h2>\n");
    body.push_str(&table);
    body.push_str("<h2>Documents</h2>\n<div class=\"docs two\">\n");
    body.push_str(&format!(
        "<section><h3>Advert</h3><div class=\"doc\" id=\"advert\">{}</div></section>\n",
        advert_marks.render(advert_text)
    ));
    body.push_str(&format!(
        "<section><h3>CV</h3><div class=\"doc\" id=\"cv\">{}</div></section>\n</div>\n",
        cv_marks.render(cv_text)
    ));
    out.write_all(page(&format!("skillmatch: {} vs {}", c.advert, c.cv), &body).as_bytes())
}

/// A shortlist as an HTML page: one row per CV with its fit, strongest evidence and biggest
/// gap; CVs that could not be scored follow with their error. `total` is the number of CVs
/// ranked (`candidates` may be the top of them).
pub fn write_shortlist(
    out: &mut dyn Write,
    advert: &str,
    candidates: &[Candidate],
    total: usize,
) -> io::Result<()> {
    let mut body = format!(
        "<h1>Shortlist</h1>\n<p class=\"meta\">advert: {} · {}</p>\n<div class=\"scroll\">\
         <table id=\"shortlist\" class=\"stack\"><thead><tr><th class=\"num\">#</th><th>CV</th><th>Fit</th>\
         <th class=\"num\">Met</th><th class=\"num\">Below</th><th class=\"num\">Missing</th>\
         <th>Strongest evidence</th><th>Biggest gap</th></tr></thead><tbody>\n",
        escape(advert),
        escape(&super::shortlist_counts(candidates, total))
    );
    for c in candidates {
        match (c.fit, &c.error) {
            (Some(fit), None) => {
                let evidence = c.strongest_evidence.as_ref().map_or(String::new(), |h| {
                    format!(
                        "<span class=\"code\">{}</span> <span class=\"ev\">{}</span>",
                        escape(short_code(&h.code)),
                        escape(&h.text)
                    )
                });
                let gap = c.biggest_gap.as_ref().map_or("<span class=\"met\">none</span>".to_string(), |g| {
                    format!(
                        "<span class=\"code\">{}</span> <span class=\"{}\">{}</span>",
                        escape(short_code(&g.code)),
                        g.verdict.as_str(),
                        escape(&g.verdict_label())
                    )
                });
                body.push_str(&format!(
                    "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\" data-label=\"fit\"><span class=\"bar\">\
                     <span style=\"width:{:.0}%\"></span></span>{fit:.2}</td><td class=\"num\" data-label=\"met\">{}</td>\
                     <td class=\"num\" data-label=\"below\">{}</td><td class=\"num\" data-label=\"missing\">{}</td>\
                     <td class=\"wide\">{evidence}</td><td class=\"wide\" data-label=\"gap\">{gap}</td></tr>\n",
                    c.rank.map_or("-".into(), |r| r.to_string()),
                    escape(&c.id),
                    (fit * 100.0).clamp(0.0, 100.0),
                    c.met,
                    c.below,
                    c.missing
                ));
            }
            (_, error) => body.push_str(&format!(
                "<tr><td class=\"num\">-</td><td>{}</td><td colspan=\"6\" class=\"missing\">{}</td></tr>\n",
                escape(&c.id),
                escape(error.as_deref().unwrap_or("not scored"))
            )),
        }
    }
    body.push_str("</tbody></table></div>\n");
    out.write_all(page(&format!("skillmatch shortlist: {advert}"), &body).as_bytes())
}

/// The HTML writer: reports, comparisons and shortlists; the other results have no page
/// and are refused (commands without one never reach it, see [`super::Render`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Render for Html {
    fn report(&self, out: &mut dyn Write, report: &MatchReport, text: &str) -> io::Result<()> {
        write_report(out, report, text)
    }

    fn skills(&self, _: &mut dyn Write, _: &[SkillSummary<'_>], _: &[&str]) -> io::Result<()> {
        Err(unsupported(Format::Html, "a skill list"))
    }

    fn details(&self, _: &mut dyn Write, _: &[SkillDetail<'_>]) -> io::Result<()> {
        Err(unsupported(Format::Html, "skill details"))
    }

    fn comparison(
        &self,
        out: &mut dyn Write,
        c: &Comparison,
        advert_text: &str,
        cv_text: &str,
    ) -> io::Result<()> {
        write_comparison(out, c, advert_text, cv_text)
    }

    fn shortlist(
        &self,
        out: &mut dyn Write,
        advert: &str,
        candidates: &[Candidate],
        total: usize,
    ) -> io::Result<()> {
        write_shortlist(out, advert, candidates, total)
    }

    fn index_summary(&self, _: &mut dyn Write, _: &IndexSummary<'_>) -> io::Result<()> {
        Err(unsupported(Format::Html, "an index summary"))
    }

    fn eval(&self, _: &mut dyn Write, _: &EvalReport) -> io::Result<()> {
        Err(unsupported(Format::Html, "evaluation metrics"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(escape("R&D \"lead\""), "R&amp;D &quot;lead&quot;");
        assert_eq!(escape("café"), "café");
    }

    fn evidence(text: &str, start: usize) -> Evidence {
        Evidence {
            text: text.into(),
            start,
            end: start + text.len(),
            score: 0.5,
            specificity: 1.0,
            terms: Vec::new(),
            level: None,
        }
    }

    #[test]
    fn marks_wrap_sentences_escape_the_rest_and_skip_bad_offsets() {
        let text = "Use <b>Rust</b> & C. Lead a team. Café.";
        let mut marks = Marks::new("d");
        let first = marks.add(&evidence("Lead a team.", 21), "s-PROG", "PROG");
        let again = marks.add(&evidence("Lead a team.", 21), "s-TEAM", "TEAM");
        assert_eq!(first, again);
        // Inside "é": not a character boundary, left unmarked.
        marks.add(&evidence("x", 38), "s-BAD", "BAD");
        let html = marks.render(text);
        assert!(html.starts_with("Use &lt;b&gt;Rust&lt;/b&gt; &amp; C. "), "{html}");
        assert!(html.contains("<mark id=\"d-e1\">Lead a team.</mark>"), "{html}");
        assert!(html.contains("<a href=\"#s-PROG\">PROG</a><a href=\"#s-TEAM\">TEAM</a>"), "{html}");
        assert!(!html.contains("s-BAD"), "{html}");
        assert!(html.ends_with("Café."), "{html}");
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(id_part("A&B \"x\""), "A_B__x_");
    }

    #[test]
    fn chart_without_levels_says_so() {
        let rows =
            [ChartRow { anchor: "s-A".into(), code: "A".into(), name: "a".into(), level: None, shown: None }];
        assert!(level_chart(&rows, 7).contains("No levels"));
        let rows = [ChartRow {
            anchor: "s-A".into(),
            code: "<A>".into(),
            name: "a".into(),
            level: Some(3),
            shown: None,
        }];
        let svg = level_chart(&rows, 7);
        assert!(svg.contains("<svg") && svg.contains("&lt;A&gt;") && svg.contains("href=\"#s-A\""), "{svg}");
    }
}
