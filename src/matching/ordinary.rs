//! Ordinary language: how common a term is in everyday English, beside how rare it is
//! in the framework.
//!
//! BM25's IDF is computed over the framework's own texts, where "experience", "customer",
//! "employee" or "support" are rare: a handful of SFIA skills use them, so one such word
//! in a sentence is strong evidence for those skills. In adverts and CVs the same words are
//! everywhere ("Experience of …", "customers", "staff"), which is how a chef's CV came to
//! "show" Customer experience and Employee experience. A term is specific evidence only when
//! it is rare in the framework *and* in ordinary English, so each query term's BM25
//! contribution is multiplied by [`OrdinaryLanguage::weight`]: 1 for words rarer than
//! [`COMMON_ZIPF`] (one in ten thousand words of ordinary English), and for commoner words
//! their general-language IDF over that of a word at [`COMMON_ZIPF`].
//!
//! Measured on every eval set (README, "Measuring quality"): this weight (linear) kept
//! nDCG@10 on whole documents (0.622 against 0.627 without it) while the scores of documents
//! without framework content fell below those of real ones, which is what lets the default
//! report abstain; squared, it cost 0.025 nDCG@10 and role-profile R@10; ESCO sentence RP@5
//! rose with it (TECH 68.7 → 70.9).
//!
//! The frequencies are wordfreq's (see `models/make_english_frequency.py`, which writes the
//! shipped table, and the README for its licence). The binary carries them already turned
//! into the analyzer's terms (`models/ordinary-term-weights.tsv`): analysing the 7,000
//! words took a third of a short query's time at every start. A test checks that the
//! analysed table is what [`OrdinaryLanguage::from_table`] makes of the word table with
//! this analyzer, and rewrites it when run with `SKILLMATCH_BLESS=1`.

use super::fasthash::FastMap;
use crate::index::analyzer::analyze;
use std::sync::OnceLock;

/// The shipped table of `word<TAB>zipf` lines, `#` comments (what the analysed one is made
/// from, and checked against).
#[cfg(test)]
const TABLE: &str = include_str!("../../models/english-word-frequency.tsv");
/// The path of the analysed table, from the crate root.
#[cfg(test)]
const ANALYSED_PATH: &str = "models/ordinary-term-weights.tsv";
/// [`TABLE`] analysed: `term<TAB>weight` lines, sorted by term, `#` comments.
const ANALYSED: &str = include_str!("../../models/ordinary-term-weights.tsv");
/// Zipf frequency (log10 of occurrences per billion words) from which a word counts as
/// common: 4 is one word in ten thousand ("database", "deployment" are just below it).
pub const COMMON_ZIPF: f32 = 4.0;
/// The Zipf scale's top: log10 of a billion. `TOP - zipf` is a word's general-language IDF
/// (in log10 units).
const TOP: f32 = 9.0;

/// Each common term (after analysis) with its weight below 1.
#[derive(Debug, Default)]
pub struct OrdinaryLanguage {
    weights: FastMap<String, f32>,
}

impl OrdinaryLanguage {
    /// The shipped weights, read once per process.
    pub fn get() -> &'static OrdinaryLanguage {
        static TABLE_WEIGHTS: OnceLock<OrdinaryLanguage> = OnceLock::new();
        TABLE_WEIGHTS.get_or_init(|| OrdinaryLanguage::from_weights(ANALYSED))
    }

    /// Weights from `term<TAB>weight` lines ([`OrdinaryLanguage::to_weights`]).
    fn from_weights(table: &str) -> OrdinaryLanguage {
        let weights = table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let (term, weight) = line.split_once('\t')?;
                Some((term.to_string(), weight.parse::<f32>().ok()?))
            })
            .collect();
        OrdinaryLanguage { weights }
    }

    /// The weights as `term<TAB>weight` lines sorted by term; each weight is written as
    /// the shortest decimal that reads back to the same `f32`.
    #[cfg(test)]
    fn to_weights(&self) -> String {
        let mut terms: Vec<(&String, &f32)> = self.weights.iter().collect();
        terms.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::from(
            "# Generated from english-word-frequency.tsv by the analyzer (src/matching/ordinary.rs):\n\
             # SKILLMATCH_BLESS=1 cargo test --lib ordinary\n",
        );
        for (term, weight) in terms {
            out.push_str(&format!("{term}\t{weight}\n"));
        }
        out
    }

    /// Weights from a `word<TAB>zipf` table. The forms of one term ("manage", "managed",
    /// "management") add up: the term is as common as all its words together.
    pub fn from_table(table: &str) -> OrdinaryLanguage {
        let mut frequency: FastMap<String, f64> = FastMap::default();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, zipf)) = line.split_once('\t') else { continue };
            let Ok(zipf) = zipf.trim().parse::<f64>() else { continue };
            for term in analyze(word) {
                *frequency.entry(term).or_default() += 10f64.powf(zipf);
            }
        }
        let weights = frequency
            .into_iter()
            .filter_map(|(term, f)| {
                let zipf = f.log10() as f32;
                (zipf > COMMON_ZIPF).then(|| (term, (TOP - zipf).max(0.0) / (TOP - COMMON_ZIPF)))
            })
            .collect();
        OrdinaryLanguage { weights }
    }

    /// How much an analysed term counts: 1 for a word rarer than [`COMMON_ZIPF`], less the
    /// more common it is (about 0.7 for "experience" or "data", 0.6 for "work").
    pub fn weight(&self, term: &str) -> f32 {
        self.weights.get(term).copied().unwrap_or(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_weigh_less_and_word_forms_add_up() {
        let table = "# comment\nmanage\t4.8\nmanagement\t5.1\nforensics\t3.2\nwork\t6.0\n";
        let ordinary = OrdinaryLanguage::from_table(table);
        let work = ordinary.weight(&analyze("work")[0]);
        assert!((work - 0.6).abs() < 0.01, "{work}");
        // "manage" and "management" share a stem; together they are more common than either.
        let manage = ordinary.weight(&analyze("management")[0]);
        let alone = OrdinaryLanguage::from_table("management\t5.1\n").weight(&analyze("management")[0]);
        assert!(manage < alone, "{manage} >= {alone}");
        assert_eq!(ordinary.weight(&analyze("forensics")[0]), 1.0);
        assert_eq!(ordinary.weight("neverseen"), 1.0);
    }

    #[test]
    fn the_analysed_table_is_the_word_table_through_this_analyzer() {
        let made = OrdinaryLanguage::from_table(TABLE).to_weights();
        if std::env::var_os("SKILLMATCH_BLESS").is_some() {
            std::fs::write(ANALYSED_PATH, &made).expect("write the analysed table");
            return;
        }
        assert!(
            made == ANALYSED,
            "{ANALYSED_PATH} is stale (the analyzer or the word table changed): run \
             SKILLMATCH_BLESS=1 cargo test --lib ordinary"
        );
        let shipped = OrdinaryLanguage::get();
        let fresh = OrdinaryLanguage::from_table(TABLE);
        assert_eq!(shipped.weights, fresh.weights);
    }

    #[test]
    fn the_shipped_table_knows_common_words() {
        let ordinary = OrdinaryLanguage::get();
        let experience = ordinary.weight(&analyze("experience")[0]);
        assert!(experience < 0.8 && experience > 0.5, "{experience}");
        assert_eq!(ordinary.weight(&analyze("kubernetes")[0]), 1.0);
    }
}
