//! The semantic signal: the whole document against each candidate skill's texts in the
//! static embedding space of [`crate::semantic`], fused with the lexical score.
//!
//! - The document's vector is the normalised sum of its distinct sentences' vectors, so
//!   each sentence counts once however long it is (one vector for the whole text, as a
//!   reader takes it in; on the labelled documents this did as well as the mean of each
//!   skill's three best sentences, at one dot product a skill).
//! - A skill's similarity is the best cosine of that vector with the skill's name and
//!   description, or with one of its level descriptions.
//! - It is calibrated: `max(0, (cos − τ) / (1 − τ))`, where τ is the larger of two floors. The
//!   framework's: the cosine that one skill's texts reach with another skill's name and
//!   description one time in ten ([`BACKGROUND_PERCENTILE`], over a fixed sample of the
//!   framework). The document's: its median cosine over the candidate skills, because a long
//!   document's vector, a mean of many sentences, lies near the centre of the framework and
//!   is close to every skill at once. A skill has to stand out from both before the signal
//!   says anything (with the framework's floor alone, a data architect's advert reported ten
//!   skills instead of five).
//! - It is fused as a further, independent piece of evidence:
//!   `1 − (1 − lexical)·(1 − w·semantic)` with `w` = [`SEMANTIC_WEIGHT`], so a score stays
//!   0–1, a skill the words already show is moved little, and a paraphrase the words miss
//!   is lifted.
//!
//! Only skills the lexical stage found are candidates: each reported skill keeps evidence
//! sentences, and a sentence costs the same on ESCO's 13,891 skills as on SFIA's 147. Skill
//! vectors and framework backgrounds are computed when the index is built
//! ([`crate::index::prepared`]) and read on first use, so a query reads only the skills it
//! meets.

use super::scoring::SkillKey;
use crate::index::prepared::SkillVectors as StoredVectors;
use crate::index::SkillIndex;
use crate::model::FrameworkHead;
use crate::semantic::skills::{background_sample, framework_background, skill_rows};
pub use crate::semantic::skills::{percentile, BACKGROUND_PERCENTILE, BACKGROUND_SAMPLE};
use crate::semantic::{dot, normalize, StaticModel};
use std::sync::{Arc, OnceLock};

/// How much the calibrated semantic similarity counts in the fusion (see the module docs).
/// Of 0.25, 0.5, 0.75 and 1, the labelled documents alone prefer 1 (also held out one source
/// at a time), but ESCO's sentence sets fall there (TECH RP@5 76.2 at 0.5, 71.4 at 1): 0.5
/// serves both (README, "Whole documents, before and after").
pub const SEMANTIC_WEIGHT: f32 = 0.5;

/// One skill's vectors: name and description first, then each level description.
#[derive(Debug, Clone, Default)]
struct SkillVectors {
    rows: Vec<Vec<f32>>,
}

/// The shipped model and the vectors of the skills of a catalog: read from the index's
/// stored ones on first use (or made, for a skill they lack).
#[derive(Debug)]
pub struct SemanticSkills {
    model: &'static StaticModel,
    stored: Option<Arc<StoredVectors>>,
    vectors: Vec<Vec<OnceLock<SkillVectors>>>,
    background: Vec<OnceLock<f32>>,
}

/// What the semantic signal said about one skill, for `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SemanticShare {
    /// Best cosine of the document with the skill's texts.
    pub similarity: f32,
    /// The floor τ it had to pass: the framework's background or the document's median.
    pub background: f32,
    /// The calibrated similarity, 0–1.
    pub calibrated: f32,
    /// The skill's lexical score before the fusion.
    pub lexical: f32,
}

impl SemanticSkills {
    /// Vectors for the skills of `frameworks`: `stored` (made with `model` at index build),
    /// or made from `model` on first use when there are none.
    pub fn new(
        model: &'static StaticModel,
        frameworks: &[FrameworkHead],
        stored: Option<Arc<StoredVectors>>,
    ) -> SemanticSkills {
        let stored = stored.filter(|s| s.dim() == model.dim());
        SemanticSkills {
            model,
            stored,
            vectors: frameworks.iter().map(|f| (0..f.skills).map(|_| OnceLock::new()).collect()).collect(),
            background: frameworks.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The document's vector from its sentences' spans in `text` (zero when none has a
    /// known word).
    pub fn document_vector<'t>(&self, sentences: impl IntoIterator<Item = &'t str>) -> Vec<f32> {
        let (mut ids, mut v) = (Vec::new(), Vec::new());
        let mut sum = vec![0.0f32; self.model.dim()];
        for sentence in sentences {
            self.model.embed_into(sentence, &mut ids, &mut v);
            sum.iter_mut().zip(&v).for_each(|(s, x)| *s += x);
        }
        normalize(&mut sum);
        sum
    }

    fn skill_vectors(&self, index: &SkillIndex, key: SkillKey) -> &SkillVectors {
        self.vectors[key.0 as usize][key.1 as usize].get_or_init(|| {
            let stored = self.stored.as_ref().and_then(|s| s.rows(key.0, key.1));
            let rows = stored.unwrap_or_else(|| skill_rows(self.model, index.skill(key.0, key.1)));
            SkillVectors { rows }
        })
    }

    /// The best cosine of `document` with any of the skill's texts.
    pub fn similarity(&self, index: &SkillIndex, key: SkillKey, document: &[f32]) -> f32 {
        let vectors = self.skill_vectors(index, key);
        vectors.rows.iter().map(|row| dot(row, document)).fold(0.0, f32::max)
    }

    /// The framework's background cosine τ: the [`BACKGROUND_PERCENTILE`] of the cosines of
    /// sampled skills' texts (name and description, and each level) with the name and
    /// description of every other sampled skill.
    pub fn background(&self, index: &SkillIndex, framework: u16) -> f32 {
        *self.background[framework as usize].get_or_init(|| {
            if let Some(stored) = self.stored.as_ref().and_then(|s| s.background(framework)) {
                return stored;
            }
            let skills = index.frameworks()[framework as usize].skills;
            let sample: Vec<&[Vec<f32>]> = background_sample(skills)
                .into_iter()
                .map(|s| self.skill_vectors(index, (framework, s as u32)).rows.as_slice())
                .collect();
            framework_background(&sample)
        })
    }

    /// Each candidate's semantic share for a document (same order as `candidates`, each with
    /// its lexical score): similarities calibrated against the larger of the framework's
    /// background and the document's median similarity over the framework's candidates.
    pub fn shares(
        &self,
        index: &SkillIndex,
        candidates: &[(SkillKey, f32)],
        document: &[f32],
    ) -> Vec<SemanticShare> {
        let similarities: Vec<f32> =
            candidates.iter().map(|&(key, _)| self.similarity(index, key, document)).collect();
        let mut floors: Vec<(u16, f32)> = Vec::new();
        for &((framework, _), _) in candidates {
            if floors.iter().any(|f| f.0 == framework) {
                continue;
            }
            let mut own: Vec<f32> = candidates
                .iter()
                .zip(&similarities)
                .filter(|((key, _), _)| key.0 == framework)
                .map(|(_, &s)| s)
                .collect();
            let floor = percentile(&mut own, 0.5).max(self.background(index, framework));
            floors.push((framework, floor));
        }
        candidates
            .iter()
            .zip(similarities)
            .map(|(&((framework, _), lexical), similarity)| {
                let background = floors.iter().find(|f| f.0 == framework).map_or(1.0, |f| f.1);
                SemanticShare {
                    similarity,
                    background,
                    calibrated: calibrate(similarity, background),
                    lexical,
                }
            })
            .collect()
    }
}

/// `max(0, (cos − τ) / (1 − τ))`: 0 up to the background, 1 for the same text.
pub fn calibrate(similarity: f32, background: f32) -> f32 {
    if background >= 1.0 {
        return 0.0;
    }
    ((similarity - background) / (1.0 - background)).clamp(0.0, 1.0)
}

/// `1 − (1 − lexical)·(1 − weight·semantic)`.
pub fn fuse(lexical: f32, semantic: f32, weight: f32) -> f32 {
    1.0 - (1.0 - lexical) * (1.0 - weight * semantic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_is_zero_up_to_the_background_and_one_at_identity() {
        assert_eq!(calibrate(0.5, 0.7), 0.0);
        assert_eq!(calibrate(0.7, 0.7), 0.0);
        assert!((calibrate(0.85, 0.7) - 0.5).abs() < 1e-6);
        assert_eq!(calibrate(1.0, 0.7), 1.0);
        assert_eq!(calibrate(0.9, 1.0), 0.0);
    }

    #[test]
    fn fusion_stays_in_range_and_never_lowers_the_lexical_score() {
        for lexical in [0.0, 0.3, 0.9, 1.0] {
            for semantic in [0.0, 0.5, 1.0] {
                let fused = fuse(lexical, semantic, SEMANTIC_WEIGHT);
                assert!((0.0..=1.0).contains(&fused) && fused >= lexical, "{lexical} {semantic} {fused}");
            }
        }
        assert!((fuse(0.4, 0.0, SEMANTIC_WEIGHT) - 0.4).abs() < 1e-6);
        assert!((fuse(0.0, 1.0, SEMANTIC_WEIGHT) - SEMANTIC_WEIGHT).abs() < 1e-6);
    }

    #[test]
    fn percentile_by_nearest_rank() {
        let mut v: Vec<f32> = (1..=10).map(|i| i as f32).collect();
        assert_eq!(percentile(&mut v, 0.9), 9.0);
        assert_eq!(percentile(&mut v, 1.0), 10.0);
        assert_eq!(percentile(&mut [], 0.9), 1.0);
    }
}
