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

/// Round a score for output: three decimals are all a reader can use.
pub fn round3(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

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
