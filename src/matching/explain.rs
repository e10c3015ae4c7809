//! `--explain`: why a skill matched (each term's share of the score and the field it hit)
//! and why this level (the per-signal level distributions and the cues).
//!
//! Term shares are exact BM25: each (term, field) pair of the evidence sentences is scored
//! alone against the skill's document (and, for level texts, the level document the
//! sentence matched) with tantivy's `explain`, weighted like the real query: by field and
//! by the term's ordinary-language weight.

use super::levels::{LevelSignals, LevelWeights};
use super::ordinary::OrdinaryLanguage;
use crate::index::schema::{field_weights, DocKey, FrameworkKind, TEXT_FIELDS};
use crate::index::SkillIndex;
use serde::Serialize;
use std::collections::HashMap;
use tantivy::collector::TopDocs;
use tantivy::query::{BoostQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

/// One term's part in a skill's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermShare {
    /// The analysed term.
    pub term: String,
    /// The field it hit: name, aliases, description, guidance, or level_text.
    pub field: &'static str,
    /// For level_text, the level whose text it hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// How much the term counts, from how common it is in ordinary English
    /// ([`super::ordinary`]): 1 for a rare word.
    pub weight: f64,
    /// Its BM25 contribution times `weight`, summed over the evidence sentences.
    pub score: f64,
    /// Its share of the skill's explained score, 0–1.
    pub share: f64,
}

/// Why one skill matched and why its level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Terms by share, largest first.
    pub terms: Vec<TermShare>,
    /// Each level signal's distribution (before mixing).
    pub level_signals: LevelSignals,
    /// How the signals were weighted.
    pub level_weights: LevelWeights,
    /// What the semantic signal added (absent with `--semantic off`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<super::semantic::SemanticShare>,
}

/// (term, field index, level of the level text) a contribution is summed under.
type ShareKey = (String, usize, Option<u8>);

/// The address of the document with this key.
fn address_of(index: &SkillIndex, searcher: &Searcher, key: DocKey) -> Option<DocAddress> {
    let term = Term::from_field_u64(index.fields().key, key.pack());
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    searcher.search(&query, &TopDocs::with_limit(1).order_by_score()).ok()?.first().map(|(_, a)| *a)
}

/// Per-term, per-field contributions of `sentences` (distinct terms, and the level each
/// matched) to the skill `(framework, skill)`, from tantivy's own explanation. They are the
/// matcher's exact numbers when the index holds one framework; with several, tantivy's
/// statistics span all of them while the matcher's are per framework, so the shares are
/// close but not exact.
pub fn term_shares(
    index: &SkillIndex,
    searcher: &Searcher,
    framework: u16,
    skill: u32,
    sentences: &[(&[String], Option<u8>)],
) -> Vec<TermShare> {
    let skill_doc = address_of(index, searcher, DocKey { framework, skill, level: 0 });
    let mut level_docs: HashMap<u8, Option<DocAddress>> = HashMap::new();
    let mut totals: HashMap<ShareKey, f64> = HashMap::new();
    let weights = field_weights(FrameworkKind::of_head(&index.frameworks()[usize::from(framework)]));
    for (terms, level) in sentences {
        let level_doc = level.map(|l| {
            *level_docs
                .entry(l)
                .or_insert_with(|| address_of(index, searcher, DocKey { framework, skill, level: l }))
        });
        for term in terms.iter() {
            for (fi, (field, ((name, _), weight))) in
                index.fields().text.iter().zip(TEXT_FIELDS.iter().zip(weights)).enumerate()
            {
                let (doc, doc_level) =
                    if *name == "level_text" { (level_doc.flatten(), *level) } else { (skill_doc, None) };
                let Some(doc) = doc else { continue };
                let query = BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(*field, term),
                        IndexRecordOption::WithFreqs,
                    )),
                    weight,
                );
                // A term that does not occur in the field explains to an error: no contribution.
                if let Ok(explanation) = query.explain(searcher, doc) {
                    let value = f64::from(explanation.value() * OrdinaryLanguage::get().weight(term));
                    if value > 0.0 {
                        *totals.entry((term.clone(), fi, doc_level)).or_default() += value;
                    }
                }
            }
        }
    }
    // Sorted before summing, so the total does not depend on the hash map's order.
    let mut totals: Vec<(ShareKey, f64)> = totals.into_iter().collect();
    totals.sort_by(|a, b| a.0.cmp(&b.0));
    let total: f64 = totals.iter().map(|(_, score)| score).sum();
    let mut shares: Vec<TermShare> = totals
        .into_iter()
        .map(|((term, fi, level), score)| TermShare {
            weight: (f64::from(OrdinaryLanguage::get().weight(&term)) * 1000.0).round() / 1000.0,
            term,
            field: TEXT_FIELDS[fi].0,
            level,
            score: (score * 1000.0).round() / 1000.0,
            share: if total > 0.0 { ((score / total) * 1000.0).round() / 1000.0 } else { 0.0 },
        })
        .collect();
    shares.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.term.cmp(&b.term)));
    shares
}
