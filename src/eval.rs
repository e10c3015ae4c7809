//! Evaluation: the ranking and level metrics of `skillmatch eval`, with the protocols of the
//! labelled development sets (see the README's "Measuring quality" section).
//!
//! - SFIA role profiles (JSON lines: `text` and `gold` skills with levels): R@10 and MRR of
//!   the ranking, precision/recall/F1 of the set the tool reports by default, and level
//!   exact / within-one / mean absolute error for gold skills found in the top 10.
//! - The cross-version check: every level description of one framework (SFIA 8) as a query
//!   against another (SFIA 9) must find its own code at its own level.
//! - ESCO job-advert sentences (CSV rows `sentence,span,sub_span,label`): RP@5, RP@10 and
//!   MRR of the ranking of all ESCO skills, labels compared as trimmed preferred labels.

use crate::error::{Error, InputError};
use crate::matching::{MatchOptions, MatchReport, Matcher};
use crate::model::Framework;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::HashSet;
use std::path::Path;

/// One labelled role profile.
#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    /// Role id.
    #[serde(default)]
    pub id: serde_json::Value,
    /// The text to match.
    pub text: String,
    /// The skills the role should show.
    pub gold: Vec<GoldSkill>,
}

/// A gold skill of a role.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSkill {
    /// Skill code.
    pub code: String,
    /// Expected level.
    pub level: u8,
}

/// Read role profiles from a JSON-lines file.
pub fn read_roles(path: &Path) -> Result<Vec<Role>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| {
                Error::Usage(format!("{}: line {}: not a role profile: {e}", path.display(), i + 1))
            })
        })
        .collect()
}

/// Level agreement over the gold skills found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LevelMetrics {
    /// Gold skills compared.
    pub compared: usize,
    /// Share with exactly the gold level.
    pub exact: f64,
    /// Share within one level of gold.
    pub within_one: f64,
    /// Mean absolute level error.
    pub mae: f64,
}

impl LevelMetrics {
    fn from_pairs(pairs: &[(u8, u8)]) -> LevelMetrics {
        if pairs.is_empty() {
            return LevelMetrics::default();
        }
        let n = pairs.len() as f64;
        let diff = |(a, b): &(u8, u8)| (i32::from(*a) - i32::from(*b)).unsigned_abs();
        LevelMetrics {
            compared: pairs.len(),
            exact: pairs.iter().filter(|p| diff(p) == 0).count() as f64 / n,
            within_one: pairs.iter().filter(|p| diff(p) <= 1).count() as f64 / n,
            mae: pairs.iter().map(|p| f64::from(diff(p))).sum::<f64>() / n,
        }
    }
}

/// Metrics on role profiles.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoleMetrics {
    /// Roles evaluated.
    pub roles: usize,
    /// Mean share of gold codes in the top 10.
    pub recall_at_10: f64,
    /// Mean reciprocal rank of the first gold code.
    pub mrr: f64,
    /// Macro precision of the default report.
    pub precision: f64,
    /// Macro recall of the default report.
    pub recall: f64,
    /// Macro F1 of the default report.
    pub f1: f64,
    /// Mean number of skills in the default report.
    pub reported: f64,
    /// Levels of gold skills found in the top 10.
    pub level: LevelMetrics,
}

/// Precision, recall and F1 of a reported set of `reported` items, `hits` of them gold, against
/// `gold` gold items (an empty set has precision 0).
fn set_scores(reported: usize, hits: usize, gold: usize) -> (f64, f64, f64) {
    let hits = hits as f64;
    let p = if reported == 0 { 0.0 } else { hits / reported as f64 };
    let r = hits / gold.max(1) as f64;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f1)
}

/// Evaluate `roles`: the ranking from a top-10 report without cut-off, the set from the
/// default report.
pub fn evaluate_roles(
    matcher_ranked: &Matcher<'_>,
    matcher_default: &Matcher<'_>,
    roles: &[Role],
) -> Result<RoleMetrics, Error> {
    let mut m = RoleMetrics { roles: roles.len(), ..RoleMetrics::default() };
    let mut level_pairs = Vec::new();
    for role in roles {
        let gold: HashSet<&str> = role.gold.iter().map(|g| g.code.as_str()).collect();
        let ranked = matcher_ranked.match_text("role", &role.text)?;
        let top10: Vec<&str> = ranked.matches.iter().take(10).map(|s| s.code.as_str()).collect();
        m.recall_at_10 +=
            top10.iter().filter(|c| gold.contains(*c)).count() as f64 / gold.len().max(1) as f64;
        if let Some(rank) = top10.iter().position(|c| gold.contains(c)) {
            m.mrr += 1.0 / (rank + 1) as f64;
        }
        for g in &role.gold {
            if let Some(found) = ranked.matches.iter().take(10).find(|s| s.code == g.code) {
                if let Some(level) = found.level {
                    level_pairs.push((level, g.level));
                }
            }
        }
        let reported = matcher_default.match_text("role", &role.text)?;
        let set: HashSet<&str> = reported.matches.iter().map(|s| s.code.as_str()).collect();
        let (p, r, f1) = set_scores(set.len(), set.intersection(&gold).count(), gold.len());
        m.precision += p;
        m.recall += r;
        m.f1 += f1;
        m.reported += set.len() as f64;
    }
    let n = roles.len().max(1) as f64;
    for value in
        [&mut m.recall_at_10, &mut m.mrr, &mut m.precision, &mut m.recall, &mut m.f1, &mut m.reported]
    {
        *value /= n;
    }
    m.level = LevelMetrics::from_pairs(&level_pairs);
    Ok(m)
}

/// Metrics of the cross-version check.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CrossVersionMetrics {
    /// Queries whose code exists in the target framework.
    pub queries: usize,
    /// Share whose own code ranks first.
    pub hit_at_1: f64,
    /// Share whose own code is in the top 5.
    pub hit_at_5: f64,
    /// Levels where the own code is in the top 5 and defines the query's level.
    pub level: LevelMetrics,
}

/// Every level description of `source` as a query; the answer is the same code at the same
/// level in the framework behind `matcher`.
pub fn evaluate_cross_version(
    matcher: &Matcher<'_>,
    source: &Framework,
    target: &Framework,
) -> Result<CrossVersionMetrics, Error> {
    let mut m = CrossVersionMetrics::default();
    let mut level_pairs = Vec::new();
    for skill in &source.skills {
        let Some(target_skill) = target.skill(&skill.code) else { continue };
        for level in &skill.levels {
            m.queries += 1;
            let report: MatchReport = matcher.match_text("query", &level.description)?;
            let rank = report.matches.iter().position(|s| s.code.eq_ignore_ascii_case(&skill.code));
            if rank == Some(0) {
                m.hit_at_1 += 1.0;
            }
            if let Some(r) = rank.filter(|r| *r < 5) {
                m.hit_at_5 += 1.0;
                if target_skill.level(level.level).is_some() {
                    if let Some(found) = report.matches[r].level {
                        level_pairs.push((found, level.level));
                    }
                }
            }
        }
    }
    let n = m.queries.max(1) as f64;
    m.hit_at_1 /= n;
    m.hit_at_5 /= n;
    m.level = LevelMetrics::from_pairs(&level_pairs);
    Ok(m)
}

/// Options for ranking evaluations: no cut-off, ten results.
pub fn ranking_options(frameworks: Vec<String>) -> MatchOptions {
    MatchOptions { top: 10, min_score: Some(0.0), frameworks, ..MatchOptions::default() }
}

/// Labels that mark a span no ESCO skill fits; they are left out of the gold sets.
const NOT_GOLD: [&str; 2] = ["LABEL NOT PRESENT", "UNDERSPECIFIED"];
/// How deep the ranking is read for MRR (a first gold hit below it counts 0).
pub const SENTENCE_RANKING_DEPTH: usize = 100;

/// A sentence with the labels of the skills it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    /// The sentence.
    pub text: String,
    /// Gold preferred labels, trimmed, distinct, in order of first appearance.
    pub gold: Vec<String>,
}

/// One annotated file of sentences ("tech_validation").
#[derive(Debug, Clone)]
pub struct SentenceSplit {
    /// The split's name, from the file name.
    pub name: String,
    /// Sentences with a non-empty gold set.
    pub sentences: Vec<LabelledSentence>,
}

/// Read the annotated sentence files under `path`: a `*_annotations.csv` file, or every such
/// file in a folder (sorted). Rows are grouped by sentence; sentences whose gold set is
/// empty are dropped.
pub fn read_sentence_splits(path: &Path) -> Result<Vec<SentenceSplit>, Error> {
    let files = if path.is_dir() {
        let mut files: Vec<_> = crate::source::walk_files(path)?
            .into_iter()
            .filter(|f| f.to_string_lossy().ends_with("_annotations.csv"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    if files.is_empty() {
        return Err(Error::Usage(format!("{}: no *_annotations.csv files", path.display())));
    }
    files.iter().map(|file| read_sentence_split(file)).collect()
}

fn read_sentence_split(path: &Path) -> Result<SentenceSplit, Error> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    let bad = |message: String| Error::Usage(format!("{}: {message}", path.display()));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|e| bad(format!("not a CSV: {e}")))?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h.trim() == name).ok_or_else(|| bad(format!("no '{name}' column")))
    };
    let (sentence_col, label_col) = (column("sentence")?, column("label")?);
    let mut order: Vec<String> = Vec::new();
    let mut gold: HashMap<String, Vec<String>> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(format!("malformed CSV: {e}")))?;
        let (Some(sentence), Some(label)) = (record.get(sentence_col), record.get(label_col)) else {
            continue;
        };
        let labels = gold.entry(sentence.to_string()).or_insert_with(|| {
            order.push(sentence.to_string());
            Vec::new()
        });
        let label = label.trim();
        if !label.is_empty() && !NOT_GOLD.contains(&label) && !labels.iter().any(|l| l == label) {
            labels.push(label.to_string());
        }
    }
    let sentences = order
        .into_iter()
        .filter_map(|text| {
            let gold = gold.remove(&text).unwrap_or_default();
            (!gold.is_empty()).then_some(LabelledSentence { text, gold })
        })
        .collect();
    let name = path.file_stem().map(|s| s.to_string_lossy().replace("_annotations", "")).unwrap_or_default();
    Ok(SentenceSplit { name, sentences })
}

/// Ranking metrics of one sentence split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SentenceMetrics {
    /// The split.
    pub split: String,
    /// Sentences scored.
    pub sentences: usize,
    /// Mean of |top-5 ∩ gold| / min(5, |gold|), in percent.
    pub rp_at_5: f64,
    /// Mean of |top-10 ∩ gold| / min(10, |gold|), in percent.
    pub rp_at_10: f64,
    /// Mean reciprocal rank of the first gold label, in percent.
    pub mrr: f64,
    /// Precision of the set the tool reports by default (its own cut-off), macro-averaged.
    pub precision: f64,
    /// Recall of the default set.
    pub recall: f64,
    /// F1 of the default set, macro-averaged over sentences.
    pub f1: f64,
    /// Skills reported by default per sentence.
    pub reported: f64,
    /// Gold labels that are no skill's preferred label in the framework (should be 0).
    pub unknown_labels: usize,
    /// Mean time to rank one sentence, in microseconds.
    pub micros_per_sentence: f64,
}

/// Rank every skill of `framework` for each sentence of `split` and score the rankings
/// ([`Matcher::rank_text`], no cut-off), and the sets `matcher` reports with its options
/// (the default ones, for the tool's own cut-off).
pub fn evaluate_sentences(
    matcher: &Matcher<'_>,
    framework: &Framework,
    framework_index: u16,
    split: &SentenceSplit,
) -> Result<SentenceMetrics, Error> {
    let known: HashSet<&str> = framework.skills.iter().map(|s| s.name.trim()).collect();
    let mut m =
        SentenceMetrics { split: split.name.clone(), sentences: split.sentences.len(), ..Default::default() };
    let started = std::time::Instant::now();
    for sentence in &split.sentences {
        m.unknown_labels += sentence.gold.iter().filter(|g| !known.contains(g.as_str())).count();
        let ranking: Vec<&str> = matcher
            .rank_text(&sentence.text, SENTENCE_RANKING_DEPTH)?
            .into_iter()
            .filter(|r| r.framework == framework_index)
            .map(|r| framework.skills[r.skill as usize].name.trim())
            .collect();
        let is_gold = |label: &str| sentence.gold.iter().any(|g| g == label);
        let at = |k: usize| {
            let hits = ranking.iter().take(k).filter(|l| is_gold(l)).count();
            hits as f64 / k.min(sentence.gold.len()) as f64
        };
        m.rp_at_5 += at(5);
        m.rp_at_10 += at(10);
        if let Some(rank) = ranking.iter().position(|l| is_gold(l)) {
            m.mrr += 1.0 / (rank + 1) as f64;
        }
        let reported = matcher.match_text("sentence", &sentence.text)?;
        let set: HashSet<&str> = reported.matches.iter().map(|s| s.name.trim()).collect();
        let (p, r, f1) =
            set_scores(set.len(), set.iter().filter(|l| is_gold(l)).count(), sentence.gold.len());
        m.precision += p;
        m.recall += r;
        m.f1 += f1;
        m.reported += set.len() as f64;
    }
    let n = split.sentences.len().max(1) as f64;
    m.micros_per_sentence = started.elapsed().as_secs_f64() * 1e6 / n;
    m.rp_at_5 *= 100.0 / n;
    m.rp_at_10 *= 100.0 / n;
    m.mrr *= 100.0 / n;
    for value in [&mut m.precision, &mut m.recall, &mut m.f1, &mut m.reported] {
        *value /= n;
    }
    Ok(m)
}

/// A gold skill of a labelled document.
#[derive(Debug, Clone, Deserialize)]
pub struct DocumentGold {
    /// Skill code.
    pub code: String,
    /// 2 = central, 1 = present.
    pub grade: u8,
    /// The level the document shows it at, where the text makes it clear.
    #[serde(default)]
    pub level: Option<u8>,
}

/// One labelled whole document (a line of `gold.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledDocument {
    /// Document id: its text is `docs/<id>.txt`.
    pub id: String,
    /// `advert` or `cv`.
    #[serde(default)]
    pub kind: String,
    /// Where the document came from (a path; `#rowN` for a CSV row): its folder is the
    /// document's source group for leave-one-source-out numbers.
    #[serde(default)]
    pub source: String,
    /// The document's overall level.
    #[serde(default)]
    pub document_level: Option<u8>,
    /// The skills it shows; empty for a document with no framework content.
    pub gold: Vec<DocumentGold>,
    /// The text, read from `docs/<id>.txt`.
    #[serde(skip)]
    pub text: String,
}

impl LabelledDocument {
    /// The source group: the folder of `source` below `documents/` (`job-ads/nhs-html`).
    pub fn source_group(&self) -> String {
        let path = self.source.split('#').next().unwrap_or_default();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != "documents").collect();
        parts.iter().take(2).copied().collect::<Vec<_>>().join("/")
    }
}

/// Read a labelled document set: `DIR/gold.jsonl` and each document's `DIR/docs/<id>.txt`.
pub fn read_documents(dir: &Path) -> Result<Vec<LabelledDocument>, Error> {
    let gold_path = dir.join("gold.jsonl");
    let text = std::fs::read_to_string(&gold_path)
        .map_err(|source| InputError::Io { path: gold_path.clone(), source })?;
    let mut documents = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let mut document: LabelledDocument = serde_json::from_str(line).map_err(|e| {
            Error::Usage(format!("{}: line {}: not a labelled document: {e}", gold_path.display(), i + 1))
        })?;
        if document.id.is_empty() || document.id.contains(['/', '\\']) || document.id.starts_with('.') {
            return Err(Error::Usage(format!(
                "{}: line {}: id '{}' is not a file name",
                gold_path.display(),
                i + 1,
                document.id
            )));
        }
        let path = dir.join("docs").join(format!("{}.txt", document.id));
        let bytes = std::fs::read(&path).map_err(|source| InputError::Io { path: path.clone(), source })?;
        document.text = crate::text::decode::decode_input(&path, &bytes)?.text;
        documents.push(document);
    }
    if documents.is_empty() {
        return Err(Error::Usage(format!("{}: no labelled documents", gold_path.display())));
    }
    Ok(documents)
}

/// Metrics on labelled whole documents (the protocol of `documents-sfia/README.md`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentMetrics {
    /// Documents scored (with and without gold skills).
    pub documents: usize,
    /// Documents with at least one gold skill: the ranking and report metrics average over these.
    pub with_gold: usize,
    /// nDCG@10 of the ranking, gain = grade.
    pub ndcg_at_10: f64,
    /// Gold skills (any grade) among the top 5, over 5.
    pub p_at_5: f64,
    /// Central skills in the top 10 over central skills (all gold skills where none is central).
    pub r_at_10: f64,
    /// Macro precision of the default report.
    pub precision: f64,
    /// Macro recall of the default report.
    pub recall: f64,
    /// Macro F1 of the default report.
    pub f1: f64,
    /// Skills in the default report, per document with gold skills.
    pub reported: f64,
    /// Skills reported by default on documents with no gold skill, averaged over them.
    pub false_alarms: f64,
    /// Documents with no gold skill.
    pub empty_documents: usize,
    /// Levels of gold skills (with a level) found in the top 10.
    pub level: LevelMetrics,
    /// The document level against the gold document level.
    pub document_level: LevelMetrics,
    /// The same metrics per source group (documents of one source folder), by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_source: Vec<(String, DocumentMetrics)>,
}

/// One document's contribution to [`DocumentMetrics`].
#[derive(Debug, Clone, Default)]
struct DocumentScore {
    gold: bool,
    ndcg: f64,
    p5: f64,
    r10: f64,
    p: f64,
    r: f64,
    f1: f64,
    reported: usize,
    levels: Vec<(u8, u8)>,
    document_level: Option<(u8, u8)>,
}

/// nDCG@10 with gain = grade; the ideal ranking is the gold grades sorted.
fn ndcg_at_10(ranking: &[&str], gold: &HashMap<&str, u8>) -> f64 {
    let dcg = |gains: &mut dyn Iterator<Item = f64>| {
        gains.take(10).enumerate().map(|(i, g)| g / ((i + 2) as f64).log2()).sum::<f64>()
    };
    let actual = dcg(&mut ranking.iter().map(|c| f64::from(gold.get(c).copied().unwrap_or(0))));
    let mut ideal: Vec<u8> = gold.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&mut ideal.into_iter().map(f64::from));
    if best > 0.0 {
        actual / best
    } else {
        0.0
    }
}

fn score_document(
    ranked: &Matcher<'_>,
    default: &Matcher<'_>,
    document: &LabelledDocument,
) -> Result<DocumentScore, Error> {
    let gold: HashMap<&str, u8> = document.gold.iter().map(|g| (g.code.as_str(), g.grade)).collect();
    let report = ranked.match_text(&document.id, &document.text)?;
    let reported = default.match_text(&document.id, &document.text)?;
    let mut s = DocumentScore {
        gold: !gold.is_empty(),
        reported: reported.matches.len(),
        document_level: report
            .document_level
            .as_ref()
            .zip(document.document_level)
            .map(|(d, g)| (d.level, g)),
        ..DocumentScore::default()
    };
    if gold.is_empty() {
        return Ok(s);
    }
    let ranking: Vec<&str> = report.matches.iter().map(|m| m.code.as_str()).collect();
    s.ndcg = ndcg_at_10(&ranking, &gold);
    s.p5 = ranking.iter().take(5).filter(|c| gold.contains_key(*c)).count() as f64 / 5.0;
    let central: Vec<&str> = {
        let central: Vec<&str> =
            document.gold.iter().filter(|g| g.grade >= 2).map(|g| g.code.as_str()).collect();
        if central.is_empty() {
            gold.keys().copied().collect()
        } else {
            central
        }
    };
    s.r10 = central.iter().filter(|c| ranking.iter().take(10).any(|r| r == *c)).count() as f64
        / central.len() as f64;
    for g in &document.gold {
        let found = report.matches.iter().take(10).find(|m| m.code == g.code);
        if let (Some(gold_level), Some(level)) = (g.level, found.and_then(|m| m.level)) {
            s.levels.push((level, gold_level));
        }
    }
    let set: HashSet<&str> = reported.matches.iter().map(|m| m.code.as_str()).collect();
    let hits = set.iter().filter(|c| gold.contains_key(*c)).count();
    (s.p, s.r, s.f1) = set_scores(set.len(), hits, gold.len());
    Ok(s)
}

fn summarise(scores: &[&DocumentScore]) -> DocumentMetrics {
    let with_gold: Vec<&&DocumentScore> = scores.iter().filter(|s| s.gold).collect();
    let empty: Vec<&&DocumentScore> = scores.iter().filter(|s| !s.gold).collect();
    let mean = |f: &dyn Fn(&DocumentScore) -> f64| {
        with_gold.iter().map(|s| f(s)).sum::<f64>() / with_gold.len().max(1) as f64
    };
    let levels: Vec<(u8, u8)> = scores.iter().flat_map(|s| s.levels.iter().copied()).collect();
    let document_levels: Vec<(u8, u8)> = scores.iter().filter_map(|s| s.document_level).collect();
    DocumentMetrics {
        documents: scores.len(),
        with_gold: with_gold.len(),
        ndcg_at_10: mean(&|s| s.ndcg),
        p_at_5: mean(&|s| s.p5),
        r_at_10: mean(&|s| s.r10),
        precision: mean(&|s| s.p),
        recall: mean(&|s| s.r),
        f1: mean(&|s| s.f1),
        reported: mean(&|s| s.reported as f64),
        false_alarms: empty.iter().map(|s| s.reported as f64).sum::<f64>() / empty.len().max(1) as f64,
        empty_documents: empty.len(),
        level: LevelMetrics::from_pairs(&levels),
        document_level: LevelMetrics::from_pairs(&document_levels),
        by_source: Vec::new(),
    }
}

/// Score every document: the ranking, levels and document level from `ranked` (no cut-off,
/// top 10 or more), the default report from `default`; overall and per source group.
pub fn evaluate_documents(
    ranked: &Matcher<'_>,
    default: &Matcher<'_>,
    documents: &[LabelledDocument],
) -> Result<DocumentMetrics, Error> {
    let scores: Vec<DocumentScore> =
        documents.iter().map(|d| score_document(ranked, default, d)).collect::<Result<_, _>>()?;
    let mut metrics = summarise(&scores.iter().collect::<Vec<_>>());
    let mut groups: Vec<String> = documents.iter().map(LabelledDocument::source_group).collect();
    groups.sort();
    groups.dedup();
    metrics.by_source = groups
        .into_iter()
        .map(|group| {
            let members: Vec<&DocumentScore> = documents
                .iter()
                .zip(&scores)
                .filter(|(d, _)| d.source_group() == group)
                .map(|(_, s)| s)
                .collect();
            (group, summarise(&members))
        })
        .collect();
    Ok(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_metrics() {
        let m = LevelMetrics::from_pairs(&[(5, 5), (4, 5), (2, 5)]);
        assert_eq!(m.compared, 3);
        assert!((m.exact - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.within_one - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.mae - 4.0 / 3.0).abs() < 1e-9);
        assert_eq!(LevelMetrics::from_pairs(&[]), LevelMetrics::default());
    }

    #[test]
    fn sentences_group_and_drop_non_gold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tech_validation_annotations.csv");
        std::fs::write(
            &path,
            "sentence,span,sub_span,label\n\
             java and sql,java,,Java (computer programming)\n\
             java and sql,sql,,SQL \n\
             java and sql,java,,Java (computer programming)\n\
             we are nice,nice,,LABEL NOT PRESENT\n\
             be vague,vague,,UNDERSPECIFIED\n",
        )
        .unwrap();
        let splits = read_sentence_splits(dir.path()).unwrap();
        assert_eq!(splits.len(), 1);
        assert_eq!(splits[0].name, "tech_validation");
        assert_eq!(
            splits[0].sentences,
            vec![LabelledSentence {
                text: "java and sql".into(),
                gold: vec!["Java (computer programming)".into(), "SQL".into()]
            }]
        );
    }

    #[test]
    fn ndcg_counts_grades_and_ideal_order() {
        let gold: HashMap<&str, u8> = [("A", 2), ("B", 1)].into_iter().collect();
        assert!((ndcg_at_10(&["A", "B", "C"], &gold) - 1.0).abs() < 1e-9);
        let swapped = ndcg_at_10(&["B", "A"], &gold);
        assert!(swapped < 1.0 && swapped > 0.5, "{swapped}");
        assert_eq!(ndcg_at_10(&["C", "D"], &gold), 0.0);
        assert_eq!(ndcg_at_10(&["A"], &HashMap::new()), 0.0);
    }

    #[test]
    fn documents_read_with_their_text_and_source_group() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join("docs/a.txt"), "We build software.").unwrap();
        std::fs::write(
            dir.path().join("gold.jsonl"),
            "{\"id\":\"a\",\"source\":\"documents/job-ads/dice/x.csv#row3\",\"document_level\":3,\
             \"gold\":[{\"code\":\"PROG\",\"grade\":2,\"level\":3,\"why\":\"w\"}]}\n",
        )
        .unwrap();
        let docs = read_documents(dir.path()).unwrap();
        assert_eq!(docs[0].text, "We build software.");
        assert_eq!(docs[0].source_group(), "job-ads/dice");
        assert_eq!(docs[0].gold[0].level, Some(3));
        std::fs::write(dir.path().join("gold.jsonl"), "{\"id\":\"../x\",\"gold\":[]}\n").unwrap();
        let err = read_documents(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a file name"), "{err}");
        std::fs::write(dir.path().join("gold.jsonl"), "{\"id\":\"missing\",\"gold\":[]}\n").unwrap();
        let err = read_documents(dir.path()).unwrap_err().to_string();
        assert!(err.contains("missing.txt"), "{err}");
    }
}

/// The metrics of one configuration of level signals (`skillmatch eval`, one per ablation
/// step).
#[derive(Debug, Clone, Serialize)]
pub struct EvalRun {
    /// Which level signals were on ("all", "evidence only", …).
    pub signals: &'static str,
    /// Their weights.
    pub weights: crate::matching::levels::LevelWeights,
    /// Role-profile metrics, when role profiles were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<RoleMetrics>,
    /// Cross-version metrics, when another version's sources were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_version: Option<CrossVersionMetrics>,
    /// Sentence metrics, one per split (scored in the first run only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceMetrics>,
    /// Whole-document metrics, when labelled documents were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<DocumentMetrics>,
}

/// What `skillmatch eval` reports: its runs and how long they took.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// One run per configuration of level signals, all signals first.
    pub runs: Vec<EvalRun>,
    /// Time of the whole evaluation in milliseconds.
    pub elapsed_ms: u128,
}
