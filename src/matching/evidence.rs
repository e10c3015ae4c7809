//! Evidence: the input sentences that drove a skill's match, with byte offsets into the
//! input, their score, the terms they share with the skill and the level text they match.

use super::fasthash::FastSet;
use serde::Serialize;

/// Evidence sentences reported per skill.
pub const EVIDENCE_PER_SKILL: usize = 3;

/// One evidence sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The sentence as it stands in the input.
    pub text: String,
    /// Byte offset of the sentence in the input (UTF-8; for input in another encoding,
    /// in its UTF-8 decoding).
    pub start: usize,
    /// Byte offset one past the sentence's end.
    pub end: usize,
    /// How strongly this sentence supports the skill, 0–1.
    pub score: f64,
    /// This skill's score in the sentence over the sentence's best score for any skill:
    /// 1 when the sentence is about this skill more than about any other. Evidence is
    /// ordered by `score × specificity`, so a generic sentence that touches many skills
    /// does not head their evidence.
    pub specificity: f64,
    /// The analysed terms (stems) the sentence shares with the skill's texts.
    pub terms: Vec<String>,
    /// The level whose description this sentence matches best, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

/// The sentence's distinct terms that occur in the skill's vocabulary, in sentence order.
pub fn shared_terms(sentence_terms: &[String], vocabulary: &FastSet<String>) -> Vec<String> {
    sentence_terms.iter().filter(|t| vocabulary.contains(*t)).cloned().collect()
}

/// The order evidence is cited in: positions into `hits` with their specificity, by
/// `score × specificity`, best first; ties by sentence position. `hits` are (sentence index,
/// score); `best` is each sentence's best score for any skill.
pub fn citation_order(hits: &[(usize, f32)], best: &[f32]) -> Vec<(usize, f32)> {
    let specificity = |&(si, score): &(usize, f32)| {
        let top = best.get(si).copied().unwrap_or(score).max(score);
        if top > 0.0 {
            score / top
        } else {
            1.0
        }
    };
    let mut cited: Vec<(usize, f32)> = hits.iter().map(specificity).enumerate().collect();
    let key = |&(h, spec): &(usize, f32)| hits[h].1 * spec;
    cited.sort_by(|a, b| key(b).total_cmp(&key(a)).then(hits[a.0].0.cmp(&hits[b.0].0)));
    cited
}

/// Round a score for output: three decimals are all a reader can use.
pub fn round3(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_about_the_skill_is_cited_before_a_stronger_generic_one() {
        // Sentence 0 scores 0.5 here but 0.9 for another skill; sentence 1 scores 0.4 and is
        // about this skill.
        let order = citation_order(&[(0, 0.5), (1, 0.4)], &[0.9, 0.4]);
        assert_eq!(order.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 0]);
        assert!((order[0].1 - 1.0).abs() < 1e-6);
        assert!((order[1].1 - 0.5 / 0.9).abs() < 1e-6);
    }

    #[test]
    fn shared_terms_keep_sentence_order() {
        let vocab: FastSet<String> = ["servic", "manag"].iter().map(|s| s.to_string()).collect();
        let terms: Vec<String> = ["manag", "team", "servic"].iter().map(|s| s.to_string()).collect();
        assert_eq!(shared_terms(&terms, &vocab), vec!["manag".to_string(), "servic".to_string()]);
    }

    #[test]
    fn rounding() {
        assert_eq!(round3(0.123_456), 0.123);
        assert_eq!(round3(0.9996), 1.0);
    }
}
