//! Levels: which of the levels a skill defines its evidence supports, with a score each.
//!
//! Each evidence sentence is compared with each level description of the skill: the sum of
//! the IDF of the terms they share, divided by the square root of the level text's distinct
//! terms (so a long level text does not win by length alone). Those scores, weighted by how
//! strongly the sentence supports the skill, add up per level and are normalised to a
//! distribution. That is the evidence signal; [`combine`] mixes it with the framework's
//! generic levels of responsibility ([`super::responsibility`]) and the responsibility cues
//! of the document ([`super::cues`]) and decides.

use super::fasthash::{FastMap, FastSet};
use crate::index::analyzer::analyze;
use crate::model::Skill;
use std::sync::OnceLock;
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

/// A skill's texts, analysed once per match: its labels when the skill is first met, the
/// rest when a report first describes it.
#[derive(Debug)]
pub struct SkillTexts {
    /// The distinct terms of the name and of each alias, each with its weight (IDF).
    pub labels: Vec<Vec<(String, f32)>>,
    /// Description, guidance and level texts, analysed on first use: a sentence on ESCO
    /// meets forty skills, of which a report describes a few, and the long texts were most
    /// of the analysis.
    detail: OnceLock<SkillDetail>,
}

/// The analysed texts a skill's description in a report needs ([`SkillTexts::detail`]).
#[derive(Debug, Clone)]
pub struct SkillDetail {
    /// Every term of the skill: name, aliases, description, guidance and all level texts.
    pub vocabulary: FastSet<String>,
    /// Each defined level and its length normaliser (the square root of its distinct terms).
    pub levels: Vec<(u8, f32)>,
    /// Each term of the level texts, with the positions in `levels` of the levels it is in:
    /// one lookup per sentence term instead of one per term and level.
    pub level_terms: FastMap<String, Vec<u8>>,
}

impl SkillTexts {
    /// The largest IDF-weighted share of one label's terms (the name's or an alias's) that
    /// `terms` holds: 1 when the text holds a whole label, in any order; a label's rare
    /// words count more than its common ones ("manage", "use").
    pub fn label_coverage(&self, terms: &FastSet<&str>) -> f32 {
        let coverage = |label: &Vec<(String, f32)>| {
            let total: f32 = label.iter().map(|(_, w)| w).sum();
            let found: f32 = label.iter().filter(|(t, _)| terms.contains(t.as_str())).map(|(_, w)| w).sum();
            if total > 0.0 {
                found / total
            } else {
                0.0
            }
        };
        self.labels.iter().map(coverage).fold(0.0, f32::max)
    }

    /// Analyse `skill`'s labels; `label_weight` gives each label term its weight.
    pub fn of(skill: &Skill, mut label_weight: impl FnMut(&str) -> f32) -> SkillTexts {
        let labels = std::iter::once(&skill.name)
            .chain(&skill.aliases)
            .map(|label| {
                let mut terms = analyze(label);
                let mut seen = FastSet::default();
                terms.retain(|t| seen.insert(t.clone()));
                terms.into_iter().map(|t| (label_weight(&t), t)).map(|(w, t)| (t, w)).collect::<Vec<_>>()
            })
            .filter(|label: &Vec<(String, f32)>| !label.is_empty())
            .collect();
        SkillTexts { labels, detail: OnceLock::new() }
    }

    /// The rest of `skill`'s texts (the skill these labels are of), analysed on first use.
    pub fn detail(&self, skill: &Skill) -> &SkillDetail {
        self.detail.get_or_init(|| SkillDetail::of(skill, &self.labels))
    }
}

impl SkillDetail {
    /// Analyse `skill`'s description, guidance and level texts; `labels` are its analysed
    /// labels, whose terms join the vocabulary.
    fn of(skill: &Skill, labels: &[Vec<(String, f32)>]) -> SkillDetail {
        let mut vocabulary: FastSet<String> = labels.iter().flatten().map(|(t, _)| t.clone()).collect();
        for text in [&skill.description, &skill.guidance] {
            vocabulary.extend(analyze(text));
        }
        let mut level_terms: FastMap<String, Vec<u8>> = FastMap::default();
        let levels = skill
            .levels
            .iter()
            .enumerate()
            .map(|(position, level)| {
                let terms: FastSet<String> = analyze(&level.description).into_iter().collect();
                let norm = (terms.len().max(1) as f32).sqrt();
                for term in terms {
                    vocabulary.insert(term.clone());
                    // A skill defines at most seven levels in every framework so far; a
                    // position past 255 could not be told apart, so it is left out.
                    if let Ok(position) = u8::try_from(position) {
                        level_terms.entry(term).or_default().push(position);
                    }
                }
                (level.level, norm)
            })
            .collect();
        SkillDetail { vocabulary, levels, level_terms }
    }
}

/// Inverse document frequencies from the index, cached per term.
pub struct Idf<'a> {
    searcher: &'a Searcher,
    field: Field,
    docs: u64,
    cache: FastMap<String, f32>,
}

/// BM25's IDF of a term found in `df` of `docs` documents: `ln(1 + (N − df + 0.5) / (df + 0.5))`.
pub fn bm25_idf(df: u64, docs: u64) -> f32 {
    let (df, docs) = (df as f32, docs as f32);
    (1.0 + (docs - df + 0.5) / (df + 0.5)).ln()
}

impl<'a> Idf<'a> {
    /// IDF over `field` of the index behind `searcher`, among `docs` documents: the
    /// documents of the frameworks that have levels, so that a framework without levels
    /// in the same index (ESCO) does not change level choices.
    pub fn new(searcher: &'a Searcher, field: Field, docs: usize) -> Idf<'a> {
        Idf { searcher, field, docs: docs as u64, cache: FastMap::default() }
    }

    /// The searcher the frequencies come from.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// BM25's IDF of `term` ([`bm25_idf`]).
    pub fn get(&mut self, term: &str) -> f32 {
        if let Some(&idf) = self.cache.get(term) {
            return idf;
        }
        let df = self.searcher.doc_freq(&Term::from_field_text(self.field, term)).unwrap_or(0);
        let idf = bm25_idf(df, self.docs);
        self.cache.insert(term.to_string(), idf);
        idf
    }
}

/// How well one sentence's distinct terms match each level text of the skill.
pub fn sentence_level_scores(terms: &[String], texts: &SkillDetail, idf: &mut Idf<'_>) -> Vec<(u8, f32)> {
    let mut shared = vec![0.0f32; texts.levels.len()];
    for term in terms {
        if let Some(positions) = texts.level_terms.get(term.as_str()) {
            let weight = idf.get(term);
            for &position in positions {
                shared[usize::from(position)] += weight;
            }
        }
    }
    texts.levels.iter().zip(shared).map(|(&(level, norm), shared)| (level, shared / norm)).collect()
}

/// The evidence signal: weighted per-sentence level scores summed per defined level and
/// normalised; empty when no evidence sentence shares a term with any level text.
pub fn evidence_distribution(defined: &[u8], evidence: &[(f32, Vec<(u8, f32)>)]) -> Distribution {
    let mut mass: Vec<(u8, f32)> = defined.iter().map(|&l| (l, 0.0)).collect();
    for (weight, scores) in evidence {
        for (level, score) in scores {
            if let Some(slot) = mass.iter_mut().find(|(l, _)| l == level) {
                slot.1 += weight * score;
            }
        }
    }
    normalise(&mass)
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
    fn label_coverage_takes_the_best_label_and_weighs_rare_words() {
        let skill = Skill {
            name: "manage the customer experience".into(),
            aliases: vec!["customer experience".into()],
            ..Skill::default()
        };
        // "manag" is a common word of labels, "custom" and "experi" rarer.
        let texts = SkillTexts::of(&skill, |term| if term == "manag" { 0.5 } else { 2.0 });
        let terms = |words: &[&'static str]| words.iter().copied().collect::<FastSet<&str>>();
        assert_eq!(texts.label_coverage(&terms(&["custom", "experi"])), 1.0, "the alias is whole");
        assert!((texts.label_coverage(&terms(&["experi"])) - 0.5).abs() < 1e-6, "half of the alias");
        assert!((texts.label_coverage(&terms(&["manag"])) - 0.5 / 4.5).abs() < 1e-6);
        assert_eq!(texts.label_coverage(&terms(&["other"])), 0.0);
    }

    #[test]
    fn evidence_distribution_sums_to_one_or_is_empty() {
        let dist = evidence_distribution(&[3, 4, 5], &[(1.0, vec![(3, 0.1), (4, 0.2), (5, 0.7)])]);
        let sum: f32 = dist.iter().map(|l| l.1).sum();
        assert!((sum - 1.0).abs() < 1e-6);
        assert!(evidence_distribution(&[5, 6, 7], &[]).is_empty());
    }

    #[test]
    fn best_sentence_level_needs_a_shared_term() {
        assert_eq!(best_sentence_level(&[(3, 0.0), (4, 0.0)]), None);
        assert_eq!(best_sentence_level(&[(3, 0.5), (4, 0.7)]), Some(4));
        assert_eq!(best_sentence_level(&[(3, 0.7), (4, 0.7)]), Some(3));
    }
}

/// How much each level signal counts when they are mixed (see [`combine`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LevelWeights {
    /// The skill's evidence sentences against its own level descriptions.
    pub evidence: f32,
    /// The document against the framework's generic levels of responsibility (this informs
    /// the document level, and through it every skill).
    pub generic: f32,
    /// Responsibility cues: the document's for the document level, those in a skill's
    /// evidence sentences for the skill.
    pub cues: f32,
    /// The document's level, as the prior of every skill's level: a role or a career is
    /// held at one level of responsibility, and most of its skills are shown at that level.
    pub document: f32,
    /// How many votes a cue in the document's title (its first sentence) casts: the title
    /// names the role or the person's job, while a title mentioned further down is often
    /// someone else's ("reporting to the Head of Data").
    pub title: f32,
}

/// The weights `match` uses; `eval --ablation` measures each signal alone.
///
/// Three quarters of the gold skill levels of the labelled documents equal their document
/// level (70 of 93), so each skill's level leans on the document level, moved by its own
/// evidence where that is sharp (a sentence that paraphrases one level description). The
/// weights were chosen on a grid (evidence 0.5–4, generic 0.2–0.4, cues 1–2, document 1–32,
/// title 1–8) for the mean level exactness over four sets: the documents' skill levels, their
/// document levels, the role profiles and the SFIA 8 → 9 cross-version check. Held out one
/// source at a time (each document source, the roles, the cross-version check), the choice
/// made on the others gives exact 0.385 / 0.450 / 0.462 / 0.715 on the held-out ones, against
/// 0.354 / 0.350 / 0.346 / 0.568 for the best mix of the signals without the document prior
/// and title votes (the README's "Levels" section has the table).
pub const DEFAULT_LEVEL_WEIGHTS: LevelWeights =
    LevelWeights { evidence: 2.5, generic: 0.2, cues: 1.0, document: 8.0, title: 4.0 };

/// Added to every share before the product, so one signal that gives a level nothing
/// cannot veto it alone.
pub const SIGNAL_FLOOR: f32 = 0.05;

/// Two levels whose shares differ by less than this are a toss-up: the lower is chosen
/// and the level is marked not confident.
pub const CONFIDENCE_MARGIN: f64 = 0.1;

/// A distribution over levels, as (level, share) pairs summing to 1 (or empty).
pub type Distribution = Vec<(u8, f32)>;

/// Normalise non-negative scores to sum 1; empty when they are all zero.
pub fn normalise(scores: &[(u8, f32)]) -> Distribution {
    let total: f32 = scores.iter().map(|(_, s)| s.max(0.0)).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    scores.iter().map(|&(l, s)| (l, s.max(0.0) / total)).collect()
}

/// Softmax of similarities with a temperature: turns the generic-level similarities, which
/// differ by little in absolute terms, into a distribution that still favours the best.
pub fn softmax(scores: &[(u8, f32)], temperature: f32) -> Distribution {
    let max = scores.iter().map(|(_, s)| *s).fold(f32::MIN, f32::max);
    let exp: Vec<(u8, f32)> = scores.iter().map(|&(l, s)| (l, ((s - max) / temperature).exp())).collect();
    normalise(&exp)
}

/// Votes for levels (one per cue) as a distribution, each vote shared a little with the
/// neighbouring levels: a cue says "about this level", not "exactly".
pub fn votes(levels: impl IntoIterator<Item = u8>, max_level: u8) -> Distribution {
    weighted_votes(levels.into_iter().map(|level| (level, 1.0)), max_level)
}

/// [`votes`] where each vote has its own weight.
pub fn weighted_votes(levels: impl IntoIterator<Item = (u8, f32)>, max_level: u8) -> Distribution {
    let mut mass: Vec<(u8, f32)> = (1..=max_level).map(|l| (l, 0.0)).collect();
    for (level, weight) in levels {
        for (l, m) in &mut mass {
            let distance = (i16::from(*l) - i16::from(level)).unsigned_abs();
            *m += weight
                * match distance {
                    0 => 1.0,
                    1 => 0.25,
                    _ => 0.0,
                };
        }
    }
    normalise(&mass)
}

/// Move a distribution onto the levels a skill defines: mass on an undefined level goes to
/// the nearest defined one (a "level 7" cue on a skill that stops at 5 supports 5).
pub fn onto_defined(distribution: &[(u8, f32)], defined: &[u8]) -> Distribution {
    let mut mass: Vec<(u8, f32)> = defined.iter().map(|&l| (l, 0.0)).collect();
    for &(level, share) in distribution {
        let nearest = defined.iter().min_by_key(|&&d| ((i16::from(d) - i16::from(level)).abs(), d));
        if let Some(&nearest) = nearest {
            if let Some(slot) = mass.iter_mut().find(|(l, _)| *l == nearest) {
                slot.1 += share;
            }
        }
    }
    normalise(&mass)
}

/// The signals for one skill, each a distribution (empty when the signal has nothing).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LevelSignals {
    /// Evidence sentences against the skill's level descriptions.
    pub evidence: Distribution,
    /// The document against the generic levels of responsibility.
    pub generic: Distribution,
    /// Responsibility cues (the skill's sentences and the document's).
    pub cues: Distribution,
    /// The document's level (empty for the document itself).
    pub document: Distribution,
}

/// The chosen level and the distribution behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelDecision {
    /// The level chosen.
    pub level: u8,
    /// Whether it clearly beat the runner-up.
    pub confident: bool,
    /// Every defined level with its share, best first.
    pub levels: Vec<LevelScore>,
}

/// Mix the signals and decide. Each signal's distribution is moved onto the defined levels
/// and they are multiplied, each raised to its weight (a product of experts): a level wins
/// when the signals agree on it, and a sharp signal outweighs a flat one. A signal with
/// nothing to say drops out. Without any signal every defined level gets the same share and
/// the lowest is chosen, not confidently.
pub fn combine(defined: &[u8], signals: &LevelSignals, weights: LevelWeights) -> Option<LevelDecision> {
    if defined.is_empty() {
        return None;
    }
    let mut mass: Vec<(u8, f32)> = defined.iter().map(|&l| (l, 1.0)).collect();
    let mut any = false;
    for (distribution, weight) in [
        (&signals.evidence, weights.evidence),
        (&signals.generic, weights.generic),
        (&signals.cues, weights.cues),
        (&signals.document, weights.document),
    ] {
        if weight <= 0.0 || distribution.is_empty() {
            continue;
        }
        any = true;
        for (level, share) in onto_defined(distribution, defined) {
            if let Some(slot) = mass.iter_mut().find(|(l, _)| *l == level) {
                slot.1 *= (share + SIGNAL_FLOOR).powf(weight);
            }
        }
    }
    let mut shares = if any { normalise(&mass) } else { Vec::new() };
    if shares.is_empty() {
        shares = defined.iter().map(|&l| (l, 1.0 / defined.len() as f32)).collect();
    }
    let mut levels: Vec<LevelScore> =
        shares.into_iter().map(|(level, share)| LevelScore { level, score: f64::from(share) }).collect();
    levels.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.level.cmp(&b.level)));
    let (level, confident) = match levels.as_slice() {
        [best, second, ..] if best.score - second.score < CONFIDENCE_MARGIN => {
            if best.level.abs_diff(second.level) == 1 {
                (best.level.min(second.level), false)
            } else {
                // Two close peaks levels apart: the evidence is spread, so take the median
                // level of the distribution rather than jump to the far lower peak.
                (median_level(&levels), false)
            }
        }
        [best, ..] => (best.level, true),
        [] => return None,
    };
    Some(LevelDecision { level, confident, levels })
}

/// The lowest level at which the shares, summed from the lowest level up, reach one half.
fn median_level(levels: &[LevelScore]) -> u8 {
    let mut by_level: Vec<&LevelScore> = levels.iter().collect();
    by_level.sort_by_key(|l| l.level);
    let mut cumulative = 0.0;
    for l in &by_level {
        cumulative += l.score;
        if cumulative >= 0.5 {
            return l.level;
        }
    }
    by_level.last().map_or(1, |l| l.level)
}

#[cfg(test)]
mod combine_tests {
    use super::*;

    #[test]
    fn cues_outside_the_defined_range_go_to_the_nearest_level() {
        let moved = onto_defined(&[(7, 1.0)], &[3, 4, 5]);
        assert_eq!(moved, vec![(3, 0.0), (4, 0.0), (5, 1.0)]);
    }

    #[test]
    fn a_close_call_prefers_the_lower_level() {
        let signals = LevelSignals { evidence: vec![(4, 0.48), (5, 0.52)], ..LevelSignals::default() };
        let decision = combine(&[4, 5], &signals, DEFAULT_LEVEL_WEIGHTS).unwrap();
        assert_eq!(decision.level, 4);
        assert!(!decision.confident);
    }

    #[test]
    fn flat_evidence_lets_the_other_signals_decide() {
        let signals = LevelSignals {
            evidence: vec![(3, 0.33), (4, 0.33), (5, 0.34)],
            cues: votes([5, 5], 7),
            document: vec![(5, 0.8), (4, 0.2)],
            ..LevelSignals::default()
        };
        let decision = combine(&[3, 4, 5], &signals, DEFAULT_LEVEL_WEIGHTS).unwrap();
        let sum: f64 = decision.levels.iter().map(|l| l.score).sum();
        assert!((sum - 1.0).abs() < 1e-6);
        assert_eq!(decision.level, 5);
        assert!(decision.confident);
    }

    #[test]
    fn sharp_evidence_outweighs_cues() {
        let signals = LevelSignals {
            evidence: vec![(3, 0.05), (4, 0.9), (5, 0.05)],
            cues: votes([5], 7),
            ..LevelSignals::default()
        };
        assert_eq!(combine(&[3, 4, 5], &signals, DEFAULT_LEVEL_WEIGHTS).unwrap().level, 4);
    }

    #[test]
    fn the_document_level_leads_a_skill_and_a_doubtful_one_leaves_room_for_its_evidence() {
        let evidence = vec![(3, 0.2), (4, 0.5), (5, 0.3)];
        let sure = LevelSignals {
            evidence: evidence.clone(),
            document: vec![(5, 0.9), (4, 0.1)],
            ..LevelSignals::default()
        };
        assert_eq!(combine(&[3, 4, 5], &sure, DEFAULT_LEVEL_WEIGHTS).unwrap().level, 5);
        let torn = LevelSignals { evidence, document: vec![(5, 0.5), (4, 0.5)], ..LevelSignals::default() };
        assert_eq!(combine(&[3, 4, 5], &torn, DEFAULT_LEVEL_WEIGHTS).unwrap().level, 4);
    }

    #[test]
    fn weighted_votes_count_by_their_weight() {
        let one = weighted_votes([(2, 4.0), (5, 1.0)], 7);
        let share = |d: &Distribution, level: u8| d.iter().find(|l| l.0 == level).map_or(0.0, |l| l.1);
        assert!(share(&one, 2) > 3.0 * share(&one, 5), "{one:?}");
        assert_eq!(votes([2, 5], 7), weighted_votes([(2, 1.0), (5, 1.0)], 7));
    }

    #[test]
    fn close_peaks_levels_apart_give_the_median() {
        let evidence = vec![(1, 0.245), (2, 0.13), (3, 0.283), (4, 0.131), (5, 0.211)];
        let signals = LevelSignals { evidence, ..LevelSignals::default() };
        let decision = combine(&[1, 2, 3, 4, 5], &signals, DEFAULT_LEVEL_WEIGHTS).unwrap();
        assert_eq!(decision.level, 3);
        assert!(!decision.confident);
    }

    #[test]
    fn no_signal_gives_the_lowest_level_not_confidently() {
        let decision = combine(&[5, 6, 7], &LevelSignals::default(), DEFAULT_LEVEL_WEIGHTS).unwrap();
        assert_eq!(decision.level, 5);
        assert!(!decision.confident);
        assert!(combine(&[], &LevelSignals::default(), DEFAULT_LEVEL_WEIGHTS).is_none());
    }
}
