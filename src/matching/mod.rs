//! Matching: free text in, ranked skills with a level and evidence out.
//!
//! The text is split into sentences ([`crate::text::sentences`]); each distinct sentence is
//! one query against the index ([`scoring`]), and names of skills found in it as phrases
//! add to it ([`names`]); sentence scores are aggregated to one score per skill; for the
//! skills kept, [`levels`] decides the level and [`evidence`] cites the sentences.

pub mod evidence;
pub mod levels;
pub mod names;
pub mod scoring;

use crate::error::IndexError;
use crate::index::analyzer::analyze;
use crate::index::SkillIndex;
use crate::text::sentences::split_sentences;
use evidence::{round3, shared_terms, Evidence, EVIDENCE_PER_SKILL};
use levels::{
    best_sentence_level, chosen_level, level_distribution, sentence_level_scores, Idf, LevelScore, SkillTexts,
};
use names::NamePhrases;
use scoring::{aggregate, score_sentence, SkillKey, DEFAULT_MIN_SCORE, MIN_SENTENCE_SCORE};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What to match and how much to report.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// At most this many skills.
    pub top: usize,
    /// Skills scoring below this are left out; `None` uses the tool's own cut-off.
    pub min_score: Option<f32>,
    /// Only these frameworks (ids); empty means all in the index.
    pub frameworks: Vec<String>,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions { top: 10, min_score: None, frameworks: Vec::new() }
    }
}

/// The result of matching one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchReport {
    /// Where the text came from: a path, "-" for standard input, "query".
    pub source: String,
    /// The framework matched against, when it is one; `null` when several were.
    pub framework: Option<String>,
    /// Skills, best first.
    pub matches: Vec<SkillMatch>,
}

/// One skill found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillMatch {
    /// Framework id.
    pub framework: String,
    /// Skill code.
    pub code: String,
    /// Skill name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Subcategory.
    pub subcategory: String,
    /// 0–1, comparable across documents.
    pub score: f64,
    /// The level the evidence supports best; absent for frameworks without levels.
    pub level: Option<u8>,
    /// Every defined level with its share of the evidence, best first.
    pub levels: Vec<LevelScore>,
    /// The sentences that drove the match, strongest first.
    pub evidence: Vec<Evidence>,
}

/// A skill, its document score and its (sentence index, sentence score) hits, best first.
type Ranked = (SkillKey, f32, Vec<(usize, f32)>);

/// A sentence of the input after analysis.
struct AnalysedSentence {
    start: usize,
    end: usize,
    /// Distinct terms, in order of first occurrence.
    terms: Vec<String>,
}

/// Matches texts against an open index. Cheap to reuse for many texts.
pub struct Matcher<'a> {
    index: &'a SkillIndex,
    options: MatchOptions,
    /// Framework ids to filter on (`None`: all), validated against the catalog.
    filter: Option<Vec<String>>,
    names: NamePhrases,
    /// Each skill's analysed texts, computed on first use: they serve every later document.
    texts: Vec<Vec<OnceLock<SkillTexts>>>,
}

impl<'a> Matcher<'a> {
    /// A matcher over `index`; fails when `options.frameworks` names a framework the index
    /// does not have.
    pub fn new(index: &'a SkillIndex, options: MatchOptions) -> Result<Matcher<'a>, crate::Error> {
        let catalog = index.catalog();
        let mut ids = Vec::new();
        for wanted in &options.frameworks {
            match catalog.framework(wanted) {
                Some(framework) => ids.push(framework.id.clone()),
                None => {
                    let known: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
                    return Err(crate::Error::NotFound(format!(
                        "framework '{wanted}' is not in the index (it has: {})",
                        known.join(", ")
                    )));
                }
            }
        }
        let filter = (!ids.is_empty()).then_some(ids);
        let names = NamePhrases::new(catalog, |fi| {
            filter.as_ref().is_none_or(|ids| ids.contains(&catalog.frameworks[fi as usize].id))
        });
        let texts = catalog.frameworks.iter().map(|f| f.skills.iter().map(|_| OnceLock::new()).collect()).collect();
        Ok(Matcher { index, options, filter, names, texts })
    }

    /// The framework a report names: the one filtered on, or the index's only one.
    fn report_framework(&self) -> Option<String> {
        match &self.filter {
            Some(ids) if ids.len() == 1 => Some(ids[0].clone()),
            Some(_) => None,
            None => match self.index.catalog().frameworks.as_slice() {
                [only] => Some(only.id.clone()),
                _ => None,
            },
        }
    }

    /// Match `text`, naming it `source` in the report.
    pub fn match_text(&self, source: &str, text: &str) -> Result<MatchReport, crate::Error> {
        let searcher = self.index.searcher();
        let sentences = analyse_sentences(text);
        let mut per_skill: HashMap<SkillKey, Vec<(usize, f32)>> = HashMap::new();
        for (si, sentence) in sentences.iter().enumerate() {
            let mut scores = score_sentence(self.index, &searcher, &sentence.terms, self.filter.as_deref())
                .map_err(|source| IndexError::Tantivy { path: "<index>".into(), source })?;
            for (key, length) in self.names.named_in(&sentence.terms) {
                scores.entry(key).or_default().named_terms = length;
            }
            for (key, score) in scores {
                let score = score.score();
                if score >= MIN_SENTENCE_SCORE {
                    per_skill.entry(key).or_default().push((si, score));
                }
            }
        }

        let mut ranked: Vec<Ranked> = per_skill
            .into_iter()
            .map(|(key, mut hits)| {
                hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let mut scores: Vec<f32> = hits.iter().map(|h| h.1).collect();
                (key, aggregate(&mut scores), hits)
            })
            .collect();
        let catalog = self.index.catalog();
        let code_of = |key: SkillKey| &catalog.frameworks[key.0 as usize].skills[key.1 as usize].code;
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| code_of(a.0).cmp(code_of(b.0))));
        let min_score = self.options.min_score.unwrap_or(DEFAULT_MIN_SCORE);
        ranked.retain(|(_, score, _)| *score >= min_score);
        ranked.truncate(self.options.top);

        let mut idf = Idf::new(&searcher, self.index.fields().text[4]);
        let matches = ranked
            .into_iter()
            .map(|(key, score, hits)| self.describe(key, score, &hits, &sentences, text, &mut idf))
            .collect();
        Ok(MatchReport { source: source.to_string(), framework: self.report_framework(), matches })
    }

    /// Level, level distribution and evidence for one ranked skill.
    fn describe(
        &self,
        key: SkillKey,
        score: f32,
        hits: &[(usize, f32)],
        sentences: &[AnalysedSentence],
        text: &str,
        idf: &mut Idf<'_>,
    ) -> SkillMatch {
        let framework = &self.index.catalog().frameworks[key.0 as usize];
        let skill = &framework.skills[key.1 as usize];
        let texts = self.texts[key.0 as usize][key.1 as usize].get_or_init(|| SkillTexts::of(skill));
        let per_sentence_levels: Vec<(f32, Vec<(u8, f32)>)> = hits
            .iter()
            .map(|&(si, weight)| (weight, sentence_level_scores(&sentences[si].terms, texts, idf)))
            .collect();
        let defined: Vec<u8> = skill.levels.iter().map(|l| l.level).collect();
        let levels = level_distribution(&defined, &per_sentence_levels);
        let evidence = hits
            .iter()
            .zip(&per_sentence_levels)
            .take(EVIDENCE_PER_SKILL)
            .map(|(&(si, sentence_score), (_, level_scores))| {
                let sentence = &sentences[si];
                Evidence {
                    text: text[sentence.start..sentence.end].to_string(),
                    start: sentence.start,
                    end: sentence.end,
                    score: round3(sentence_score),
                    terms: shared_terms(&sentence.terms, &texts.vocabulary),
                    level: best_sentence_level(level_scores),
                }
            })
            .collect();
        SkillMatch {
            framework: framework.id.clone(),
            code: skill.code.clone(),
            name: skill.name.clone(),
            category: skill.category.clone(),
            subcategory: skill.subcategory.clone(),
            score: round3(score),
            level: chosen_level(&levels),
            levels: levels
                .into_iter()
                .map(|l| LevelScore { score: (l.score * 1000.0).round() / 1000.0, ..l })
                .collect(),
            evidence,
        }
    }
}

/// Split into sentences and analyse each; identical sentences (same terms) count once.
fn analyse_sentences(text: &str) -> Vec<AnalysedSentence> {
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let mut out = Vec::new();
    for sentence in split_sentences(text) {
        let mut terms = analyze(&text[sentence.start..sentence.end]);
        let mut distinct = HashSet::with_capacity(terms.len());
        terms.retain(|t| distinct.insert(t.clone()));
        if terms.is_empty() || !seen.insert(terms.clone()) {
            continue;
        }
        out.push(AnalysedSentence { start: sentence.start, end: sentence.end, terms });
    }
    out
}
