//! Scoring: one tantivy query per sentence, hits turned into per-skill sentence scores,
//! and sentence scores aggregated into one 0–1 score per skill.
//!
//! The query of a sentence is [`sentence_query`]; the matcher evaluates the same sum from
//! cached term impacts ([`super::impacts`]) because that is several times faster.
//!
//! The shape of the score, and why:
//! - a sentence's raw score for a skill is the BM25 score of the skill document, plus a
//!   share of its best level document, plus a bonus when the sentence names the skill
//!   (its name or an alias as a phrase);
//! - the raw score is squashed to 0–1 with `raw / (raw + SATURATION)`, a fixed function, so
//!   scores mean the same in every document;
//! - each query term counts as much as it is rare in ordinary English as well as in the
//!   framework ([`super::ordinary`]): "experience" or "customers" in a CV is no evidence of
//!   Customer experience;
//! - a skill's document score combines its best distinct sentences like independent
//!   pieces of evidence (`1 − Π(1 − wⱼ·sⱼ)`) with harmonic weights `wⱼ = 1 / (1 + j/2)` over
//!   the best [`EVIDENCE_SENTENCES`]: a skill a document returns to in many sentences beats
//!   one it touches twice, a word repeated in one sentence saturates inside BM25 instead;
//! - the default report keeps a skill when its score beats what a text of as many
//!   sentences would give a skill it does not show ([`report_cut_off`]), so a chef's CV
//!   of a hundred sentences needs far stronger evidence than a one-line role summary.

use super::fasthash::FastMap;
use super::impacts::{Accumulator, Impacts};
use super::ordinary::OrdinaryLanguage;
use crate::index::schema::{field_weights, DocKey, FrameworkKind, TEXT_FIELDS};
use crate::index::SkillIndex;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// Documents of a framework whose skills are defined by level texts retrieved per sentence
/// (skill and level documents together). A skill a sentence ranks 60th can still be one the
/// document returns to in many sentences, so the cut is wide: 40 cost 0.03 nDCG@10 on whole
/// documents against keeping every hit.
pub const HITS_PER_SENTENCE: usize = 200;
/// Documents of a taxonomy retrieved per sentence: its skills are shown by naming them, a
/// sentence at a time, and 200 instead of 40 tripled the cost of a sentence on ESCO without
/// changing its RP@5.
pub const TAXONOMY_HITS_PER_SENTENCE: usize = 40;

/// Documents of a framework of `kind` retrieved per sentence. Each framework of an index
/// gets its own share, so that it ranks its skills as it would alone in the index.
pub fn hits_per_sentence(kind: FrameworkKind) -> usize {
    match kind {
        FrameworkKind::Descriptive => HITS_PER_SENTENCE,
        FrameworkKind::Taxonomy => TAXONOMY_HITS_PER_SENTENCE,
    }
}

/// Share of the best level document's score added to the skill document's.
pub const LEVEL_DOC_WEIGHT: f32 = 1.0;
/// Raw bonus when a sentence contains a skill's two-word name or alias as a phrase
/// (scaled by the name's length in terms).
pub const PHRASE_BONUS: f32 = 10.0;
/// The raw score that maps to 0.5.
pub const SATURATION: f32 = 20.0;
/// Sentence scores below this are not evidence.
pub const MIN_SENTENCE_SCORE: f32 = 0.15;
/// How many of a skill's best distinct sentences its document score combines.
pub const EVIDENCE_SENTENCES: usize = 8;
/// The sentence score a skill gets, one time in a hundred, from a sentence that is not
/// about it: the 99th percentile over every sentence of SFIA 9's own descriptions and level
/// texts, each scored against every skill it does not belong to (467,054 pairs; scores
/// below [`MIN_SENTENCE_SCORE`] count 0). `tests/documents.rs` recomputes it; the 95th
/// percentile is 0.325, the 99.5th 0.460. The default cut-off is built from it.
pub const BACKGROUND_SENTENCE_SCORE: f32 = 0.424;

/// A skill: framework and skill index in the catalog.
pub type SkillKey = (u16, u32);

/// What one sentence's query found for one skill.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SentenceSkillScore {
    /// BM25 score of the skill document.
    pub skill_doc: f32,
    /// Best BM25 score among the skill's level documents.
    pub best_level_doc: f32,
    /// Length in terms of the skill's name (or alias) found in the sentence; 0 if none.
    pub named_terms: usize,
    /// For a skill of a taxonomy, the weighted share of its best-covered label the
    /// sentence holds.
    pub label_coverage: Option<f32>,
}

impl SentenceSkillScore {
    /// The combined raw score for a skill of a framework of `kind`.
    pub fn raw(&self, kind: FrameworkKind) -> f32 {
        // Longer names are more specific: a four-word name found verbatim counts twice a two-word one.
        // The bonus scales with the name weight so that it means as much in every kind.
        let phrase = PHRASE_BONUS * name_weight_ratio(kind) * self.named_terms as f32 / 2.0;
        let words = self.skill_doc + LEVEL_DOC_WEIGHT * self.best_level_doc;
        // A taxonomy's skill is shown by its label: the words count in proportion to how
        // much of the best-covered label the sentence holds, so one shared word of a long
        // label ("experience" of "manage the customer experience") is weak evidence.
        words * self.label_coverage.unwrap_or(1.0) + phrase
    }

    /// The 0–1 sentence score, for a skill of a framework of `kind`.
    pub fn score(&self, kind: FrameworkKind) -> f32 {
        saturate(self.raw(kind), saturation(kind))
    }
}

/// The raw score that maps to 0.5 for a framework of `kind`: [`SATURATION`] scaled by the
/// kind's name weight, so that a skill named outright scores alike in SFIA and in ESCO, and
/// one shared common word does not pass the default cut-off in a taxonomy.
pub fn saturation(kind: FrameworkKind) -> f32 {
    SATURATION * name_weight_ratio(kind)
}

/// How much more a name weighs in a framework of `kind` than in a descriptive one.
fn name_weight_ratio(kind: FrameworkKind) -> f32 {
    field_weights(kind)[0] / field_weights(FrameworkKind::Descriptive)[0]
}

/// `raw / (raw + saturation)`: monotone, 0 at 0, 0.5 at `saturation`, below 1.
pub fn saturate(raw: f32, saturation: f32) -> f32 {
    if raw <= 0.0 {
        0.0
    } else {
        raw / (raw + saturation)
    }
}

/// Combine a skill's sentence scores (any order) into its document score.
pub fn aggregate(sentence_scores: &mut [f32]) -> f32 {
    sentence_scores.sort_by(|a, b| b.total_cmp(a));
    let miss: f32 = sentence_scores
        .iter()
        .take(EVIDENCE_SENTENCES)
        .enumerate()
        .map(|(j, score)| 1.0 - score * sentence_weight(j))
        .product();
    1.0 - miss
}

/// The weight of a skill's `j`-th best sentence (from 0): `1 / (1 + j/2)`.
pub fn sentence_weight(j: usize) -> f32 {
    1.0 / (1.0 + j as f32 / 2.0)
}

/// The default cut-off for a text of `sentences` distinct sentences: the document score a
/// skill would reach if each of its best sentences scored [`BACKGROUND_SENTENCE_SCORE`], i.e.
/// what a text this long can give a skill it does not show when its sentences share a topic
/// (they are not independent draws: a data advert's sentences all touch the data skills).
/// One sentence: 0.42; four: 0.73; eight or more: 0.83. Measured against two laxer
/// backgrounds (independent sentences; the j-th best sentence at the 99−j th percentile),
/// which let 7.7 and 2.0 skills through on documents without framework content.
pub fn report_cut_off(sentences: usize) -> f32 {
    let mut background = vec![BACKGROUND_SENTENCE_SCORE; sentences.clamp(1, EVIDENCE_SENTENCES)];
    aggregate(&mut background)
}

/// Build the query for one sentence's distinct terms: every term in every text field,
/// weighted by field and by the term's [`OrdinaryLanguage::weight`], optionally restricted
/// to some frameworks.
pub fn sentence_query(index: &SkillIndex, terms: &[String], frameworks: Option<&[String]>) -> Box<dyn Query> {
    let fields = index.fields();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len() * TEXT_FIELDS.len());
    let ordinary = OrdinaryLanguage::get();
    for term in terms {
        let term_weight = ordinary.weight(term);
        for (field, (_, weight)) in fields.text.iter().zip(TEXT_FIELDS) {
            let query = TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), weight * term_weight))));
        }
    }
    let text_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    match frameworks {
        None => text_query,
        Some(ids) => {
            let filters: Vec<(Occur, Box<dyn Query>)> = ids
                .iter()
                .map(|id| {
                    let term = Term::from_field_text(fields.framework, id);
                    let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, query)
                })
                .collect();
            let filter = ConstScoreQuery::new(Box::new(BooleanQuery::new(filters)), 0.0);
            Box::new(BooleanQuery::new(vec![(Occur::Must, text_query), (Occur::Must, Box::new(filter))]))
        }
    }
}

/// Score one sentence's distinct terms from the impact cache, each weighted by
/// [`OrdinaryLanguage::weight`], and fold the best documents of each framework (at most
/// `hits[f]` of framework `f`, none of a framework without an entry) into per-skill scores.
/// With one framework this gives the same documents and scores as running
/// [`sentence_query`] with a `(TopDocs, Count)` collector (a test holds the two equal).
pub fn score_sentence(
    index: &SkillIndex,
    impacts: &Impacts,
    accumulator: &mut Accumulator,
    terms: &[String],
    hits: &[usize],
) -> tantivy::Result<FastMap<SkillKey, SentenceSkillScore>> {
    let framework_of = |ordinal: u32| usize::from(impacts.key(ordinal).framework);
    let allowed = |ordinal: u32| hits.get(framework_of(ordinal)).is_some_and(|&k| k > 0);
    let ordinary = OrdinaryLanguage::get();
    for term in terms {
        accumulator.add(&impacts.term(term, index)?, ordinary.weight(term), allowed);
    }
    let mut per_skill: FastMap<SkillKey, SentenceSkillScore> = FastMap::default();
    // Each skill keeps its best document of each kind, whatever order the hits come in.
    for &(score, ordinal) in accumulator.select_top_by(framework_of, hits) {
        let DocKey { framework, skill, level } = impacts.key(ordinal);
        let entry = per_skill.entry((framework, skill)).or_default();
        if level == 0 {
            entry.skill_doc = entry.skill_doc.max(score);
        } else {
            entry.best_level_doc = entry.best_level_doc.max(score);
        }
    }
    Ok(per_skill)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturate_is_bounded_and_monotone() {
        assert_eq!(saturate(0.0, SATURATION), 0.0);
        assert_eq!(saturate(-3.0, SATURATION), 0.0);
        assert!((saturate(SATURATION, SATURATION) - 0.5).abs() < 1e-6);
        assert!(saturate(5.0, SATURATION) < saturate(6.0, SATURATION));
        assert!(saturate(1e9, SATURATION) <= 1.0);
    }

    #[test]
    fn several_sentences_beat_one() {
        let one = aggregate(&mut [0.6]);
        let three = aggregate(&mut [0.6, 0.5, 0.5]);
        assert!(three > one, "{three} <= {one}");
        assert!(three < 1.0);
        assert!((aggregate(&mut []) - 0.0).abs() < 1e-6);
    }

    #[test]
    fn longer_texts_need_more_to_be_reported() {
        assert!((report_cut_off(1) - BACKGROUND_SENTENCE_SCORE).abs() < 1e-6);
        assert!((report_cut_off(0) - BACKGROUND_SENTENCE_SCORE).abs() < 1e-6);
        assert!(report_cut_off(3) > report_cut_off(2));
        assert_eq!(report_cut_off(EVIDENCE_SENTENCES), report_cut_off(500));
        // A skill met by one strong sentence in a long document is not reported; one the
        // document returns to is.
        let cut = report_cut_off(40);
        assert!(aggregate(&mut [0.6]) < cut);
        assert!(aggregate(&mut [0.6, 0.55, 0.5, 0.5, 0.45]) > cut);
    }

    #[test]
    fn aggregate_ignores_order() {
        assert_eq!(aggregate(&mut [0.2, 0.9, 0.4]), aggregate(&mut [0.9, 0.4, 0.2]));
    }
}
