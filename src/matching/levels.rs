//! Levels: which of the levels a skill defines its evidence supports, with a score each.
//!
//! Each evidence sentence is compared with each level description of the skill: the sum of
//! the IDF of the terms they share, divided by the square root of the level text's distinct
//! terms (so a long level text does not win by length alone). Those scores, weighted by how
//! strongly the sentence supports the skill, add up per level and are normalised to a
//! distribution. The generic levels of responsibility and the document's own responsibility
//! cues are further signals that belong here.

use crate::index::analyzer::analyze;
use crate::model::Skill;
use std::collections::{HashMap, HashSet};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// A level and its share of the evidence.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LevelScore {
    /// The level.
    pub level: u8,
    /// Share of the evidence, 0–1; a skill's level scores sum to 1.
    pub score: f64,
}

/// A skill's texts, analysed once per match.
#[derive(Debug, Clone)]
pub struct SkillTexts {
    /// Every term of the skill: name, aliases, description, guidance and all level texts.
    pub vocabulary: HashSet<String>,
    /// Each defined level's distinct terms and the length normaliser.
    pub levels: Vec<(u8, HashSet<String>, f32)>,
}

impl SkillTexts {
    /// Analyse `skill`'s texts.
    pub fn of(skill: &Skill) -> SkillTexts {
        let mut vocabulary: HashSet<String> = HashSet::new();
        for text in [&skill.name, &skill.description, &skill.guidance].into_iter().chain(&skill.aliases) {
            vocabulary.extend(analyze(text));
        }
        let levels = skill
            .levels
            .iter()
            .map(|level| {
                let terms: HashSet<String> = analyze(&level.description).into_iter().collect();
                vocabulary.extend(terms.iter().cloned());
                let norm = (terms.len().max(1) as f32).sqrt();
                (level.level, terms, norm)
            })
            .collect();
        SkillTexts { vocabulary, levels }
    }
}

/// Inverse document frequencies from the index, cached per term.
pub struct Idf<'a> {
    searcher: &'a Searcher,
    field: Field,
    docs: f32,
    cache: HashMap<String, f32>,
}

impl<'a> Idf<'a> {
    /// IDF over `field` of the index behind `searcher`.
    pub fn new(searcher: &'a Searcher, field: Field) -> Idf<'a> {
        Idf { searcher, field, docs: searcher.num_docs() as f32, cache: HashMap::new() }
    }

    /// BM25's IDF of `term`: `ln(1 + (N − df + 0.5) / (df + 0.5))`.
    pub fn get(&mut self, term: &str) -> f32 {
        if let Some(&idf) = self.cache.get(term) {
            return idf;
        }
        let df = self.searcher.doc_freq(&Term::from_field_text(self.field, term)).unwrap_or(0) as f32;
        let idf = (1.0 + (self.docs - df + 0.5) / (df + 0.5)).ln();
        self.cache.insert(term.to_string(), idf);
        idf
    }
}

/// How well one sentence's distinct terms match each level text of the skill.
pub fn sentence_level_scores(terms: &[String], texts: &SkillTexts, idf: &mut Idf<'_>) -> Vec<(u8, f32)> {
    texts
        .levels
        .iter()
        .map(|(level, level_terms, norm)| {
            let shared: f32 = terms.iter().filter(|t| level_terms.contains(*t)).map(|t| idf.get(t)).sum();
            (*level, shared / norm)
        })
        .collect()
}

/// Turn weighted per-sentence level scores into a distribution over the defined levels,
/// best first. Without any level evidence every defined level gets the same share.
pub fn level_distribution(defined: &[u8], evidence: &[(f32, Vec<(u8, f32)>)]) -> Vec<LevelScore> {
    if defined.is_empty() {
        return Vec::new();
    }
    let mut mass: Vec<(u8, f32)> = defined.iter().map(|&l| (l, 0.0)).collect();
    for (weight, scores) in evidence {
        for (level, score) in scores {
            if let Some(slot) = mass.iter_mut().find(|(l, _)| l == level) {
                slot.1 += weight * score;
            }
        }
    }
    let total: f32 = mass.iter().map(|(_, m)| m).sum();
    let mut out: Vec<LevelScore> = mass
        .into_iter()
        .map(|(level, m)| LevelScore {
            level,
            score: if total > 0.0 { f64::from(m / total) } else { 1.0 / defined.len() as f64 },
        })
        .collect();
    // Best first; on a tie the lower level first, as the cautious reading.
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.level.cmp(&b.level)));
    out
}

/// The level a distribution supports best (the lower one on a tie).
pub fn chosen_level(distribution: &[LevelScore]) -> Option<u8> {
    distribution.first().map(|l| l.level)
}

/// The level one sentence matches best, if it shares any term with a level text.
pub fn best_sentence_level(scores: &[(u8, f32)]) -> Option<u8> {
    scores
        .iter()
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(level, _)| *level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_sums_to_one_and_prefers_the_evidence() {
        let dist = level_distribution(&[3, 4, 5], &[(1.0, vec![(3, 0.1), (4, 0.2), (5, 0.9)])]);
        let sum: f64 = dist.iter().map(|l| l.score).sum();
        assert!((sum - 1.0).abs() < 1e-6);
        assert_eq!(chosen_level(&dist), Some(5));
    }

    #[test]
    fn no_evidence_gives_uniform_and_the_lowest_level() {
        let dist = level_distribution(&[5, 6, 7], &[]);
        assert_eq!(dist.len(), 3);
        assert!(dist.iter().all(|l| (l.score - 1.0 / 3.0).abs() < 1e-9));
        assert_eq!(chosen_level(&dist), Some(5));
    }

    #[test]
    fn best_sentence_level_needs_a_shared_term() {
        assert_eq!(best_sentence_level(&[(3, 0.0), (4, 0.0)]), None);
        assert_eq!(best_sentence_level(&[(3, 0.5), (4, 0.7)]), Some(4));
        assert_eq!(best_sentence_level(&[(3, 0.7), (4, 0.7)]), Some(3));
    }
}
