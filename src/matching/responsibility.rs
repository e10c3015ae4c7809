//! The framework's generic levels of responsibility as a level signal.
//!
//! Each generic level (guiding phrase, essence and attribute texts, read from the framework
//! sources) becomes a weighted term vector. Weights are TF-IDF over the levels themselves,
//! so words every level uses ("work", "team") weigh little and words that set levels apart
//! ("supervision", "strategy", "authoritative") weigh much. A text's similarity to each
//! level is the sum of the weights of its distinct terms.

use super::fasthash::FastMap;
use crate::index::analyzer::analyze;
use crate::model::ResponsibilityLevel;
use std::collections::HashMap;

/// The generic levels of one framework as term vectors.
#[derive(Debug, Clone, Default)]
pub struct GenericLevels {
    /// (level, term → weight), each vector of unit length.
    levels: Vec<(u8, FastMap<String, f32>)>,
}

impl GenericLevels {
    /// Build from a framework's responsibility levels; `None` when it has fewer than two.
    pub fn new(responsibility_levels: &[ResponsibilityLevel]) -> Option<GenericLevels> {
        let texts: Vec<(u8, Vec<String>)> = responsibility_levels
            .iter()
            .map(|level| {
                let mut text = format!("{}\n{}", level.guiding_phrase, level.essence);
                for (name, body) in &level.attributes {
                    text.push('\n');
                    text.push_str(name);
                    text.push('\n');
                    text.push_str(body);
                }
                (level.level, analyze(&text))
            })
            .filter(|(_, terms)| !terms.is_empty())
            .collect();
        if texts.len() < 2 {
            return None;
        }
        let mut document_frequency: HashMap<&str, usize> = HashMap::new();
        for (_, terms) in &texts {
            let mut seen: Vec<&str> = terms.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for term in seen {
                *document_frequency.entry(term).or_default() += 1;
            }
        }
        let n = texts.len() as f32;
        let levels = texts
            .iter()
            .map(|(level, terms)| {
                let mut tf: FastMap<String, f32> = FastMap::default();
                for term in terms {
                    *tf.entry(term.clone()).or_default() += 1.0;
                }
                let mut weights: FastMap<String, f32> = tf
                    .into_iter()
                    .map(|(term, count)| {
                        let idf = (n / document_frequency[term.as_str()] as f32).ln();
                        (term, (1.0 + count.ln()) * idf)
                    })
                    .filter(|(_, w)| *w > 0.0)
                    .collect();
                // Summed in term order: a hash map's order differs between processes, and
                // float sums in another order would move results in the last digit.
                let mut squares: Vec<(&String, f32)> = weights.iter().map(|(t, w)| (t, w * w)).collect();
                squares.sort_by(|a, b| a.0.cmp(b.0));
                let norm = squares.iter().map(|(_, sq)| sq).sum::<f32>().sqrt().max(f32::EPSILON);
                weights.values_mut().for_each(|w| *w /= norm);
                (*level, weights)
            })
            .collect();
        Some(GenericLevels { levels })
    }

    /// Similarity of a text's distinct terms to each generic level.
    pub fn score(&self, distinct_terms: &[impl AsRef<str>]) -> Vec<(u8, f32)> {
        self.levels
            .iter()
            .map(|(level, weights)| {
                (*level, distinct_terms.iter().filter_map(|t| weights.get(t.as_ref())).sum())
            })
            .collect()
    }

    /// Whether there are levels to score against.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Framework;

    fn level(level: u8, phrase: &str, essence: &str) -> ResponsibilityLevel {
        ResponsibilityLevel {
            level,
            guiding_phrase: phrase.into(),
            essence: essence.into(),
            attributes: vec![],
        }
    }

    #[test]
    fn distinctive_words_pick_their_level() {
        let framework = Framework {
            id: "x".into(),
            responsibility_levels: vec![
                level(1, "Follow", "Works under close supervision and follows instructions."),
                level(2, "Assist", "Assists colleagues and works under routine supervision."),
                level(3, "Decide", "Sets organisational strategy and inspires the whole organisation."),
            ],
            ..Framework::default()
        };
        let generic = GenericLevels::new(&framework.responsibility_levels).unwrap();
        let scores = generic.score(&analyze("sets the strategy for the organisation"));
        let best = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(best.0, 3, "{scores:?}");
        let scores = generic.score(&analyze("follows instructions under close supervision"));
        let best = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(best.0, 1, "{scores:?}");
    }

    #[test]
    fn no_levels_means_no_model() {
        assert!(GenericLevels::new(&[]).is_none());
    }
}
