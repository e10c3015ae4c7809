//! Matching: free text in, ranked skills with a level and evidence out.
//!
//! The text is split into sentences ([`crate::text::sentences`]); each distinct sentence is
//! one query against the index ([`scoring`]), and names of skills found in it as phrases
//! add to it ([`names`]); sentence scores are aggregated to one score per skill, and the
//! whole document's semantic similarity to each such skill is fused in ([`semantic`]); the
//! document's level is decided, and for the skills kept [`levels`] decides each level (the
//! document level its prior) and [`evidence`] cites the sentences.

pub mod cues;
pub mod evidence;
pub mod explain;
/// The hasher of the matcher's maps (it lives at the crate root, shared with [`crate::semantic`]).
pub use crate::fasthash;
pub mod impacts;
pub mod levels;
pub mod names;
pub mod ordinary;
pub mod responsibility;
pub mod scoring;
pub mod semantic;

use crate::error::IndexError;
use crate::index::analyzer::analyze;
use crate::index::schema::FrameworkKind;
use crate::index::SkillIndex;
use crate::text::sentences::split_sentences;
use cues::{find_cues, LevelCue};
use evidence::{citation_order, round3, shared_terms, Evidence, EVIDENCE_PER_SKILL};
use fasthash::{FastMap, FastSet, WordMap, WordSet};
use impacts::{Accumulator, Impacts};
use levels::{
    best_sentence_level, bm25_idf, combine, evidence_distribution, sentence_level_scores, softmax, votes,
    weighted_votes, Distribution, Idf, LevelDecision, LevelScore, LevelSignals, LevelWeights, SkillTexts,
    DEFAULT_LEVEL_WEIGHTS,
};
use names::NamePhrases;
use responsibility::GenericLevels;
use scoring::{aggregate, report_cut_off, score_sentence, SkillKey, MIN_SENTENCE_SCORE};
use semantic::{fuse, SemanticSkills, SEMANTIC_WEIGHT};
use serde::Serialize;
use std::hash::BuildHasher;
use std::sync::{OnceLock, RwLock};

/// What to match and how much to report.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// At most this many skills.
    pub top: usize,
    /// Skills scoring below this are left out; `None` uses the tool's own cut-off,
    /// [`scoring::report_cut_off`], which grows with the length of the text.
    pub min_score: Option<f32>,
    /// Only these frameworks (ids); empty means all in the index.
    pub frameworks: Vec<String>,
    /// How the level signals are mixed.
    pub level_weights: LevelWeights,
    /// Add an [`explain::Explanation`] to every match.
    pub explain: bool,
    /// Fuse the semantic signal ([`semantic`]) with the lexical score.
    pub semantic: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            top: 10,
            min_score: None,
            frameworks: Vec::new(),
            level_weights: DEFAULT_LEVEL_WEIGHTS,
            explain: false,
            semantic: true,
        }
    }
}

/// Similarities to the generic levels differ by a few hundredths; this temperature turns
/// them into a distribution that favours the best level without ignoring the others.
const GENERIC_TEMPERATURE: f32 = 0.05;

/// The result of matching one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchReport {
    /// Where the text came from: a path, "-" for standard input, "query".
    pub source: String,
    /// The framework matched against, when it is one; `null` when several were.
    pub framework: Option<String>,
    /// The score a skill needed to be reported: the tool's cut-off for a text this long
    /// ([`scoring::report_cut_off`]) or the one asked for; absent when nothing was matched
    /// (a bulk record of a document that failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut_off: Option<f64>,
    /// The responsibility level of the document as a whole, where the framework has levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_level: Option<DocumentLevel>,
    /// Skills, best first.
    pub matches: Vec<SkillMatch>,
}

/// The document's overall responsibility level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentLevel {
    /// The level chosen.
    pub level: u8,
    /// False when the runner-up level was close (the lower of the two is then chosen).
    pub confident: bool,
    /// Every level with its share, best first.
    pub levels: Vec<LevelScore>,
    /// The responsibility cues found in the document.
    pub cues: Vec<LevelCue>,
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
    /// The level the signals support best; absent for frameworks without levels.
    pub level: Option<u8>,
    /// False when the runner-up level was close (the lower of the two is then chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_confident: Option<bool>,
    /// Every defined level with its share, best first; the shares sum to 1.
    pub levels: Vec<LevelScore>,
    /// The responsibility cues that moved the level: those in this skill's evidence
    /// sentences and the document-wide ones (titles, years, team and budget sizes).
    pub level_cues: Vec<LevelCue>,
    /// The sentences that drove the match, strongest first.
    pub evidence: Vec<Evidence>,
    /// Why it matched and why this level (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<explain::Explanation>,
}

/// The document and the level signals computed once for it.
struct DocumentContext<'t> {
    /// The text matched.
    text: &'t str,
    /// Its distinct analysed sentences.
    sentences: Vec<AnalysedSentence>,
    /// Each sentence's best score for any skill (for evidence specificity).
    best: Vec<f32>,
    /// Every responsibility cue of the document.
    cues: Vec<LevelCue>,
    /// The cues that inform every skill (titles, years, team and budget sizes).
    document_cues: Vec<LevelCue>,
    /// The document's level against each framework reported, as a distribution: the prior
    /// of every skill of that framework (empty without one).
    document: FastMap<u16, Distribution>,
    /// What the semantic signal said about each ranked skill (empty when it is off).
    shares: Shares,
    /// The document's own level.
    document_level: Option<DocumentLevel>,
}

/// A skill of the ranking of [`Matcher::rank_text`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedSkill {
    /// Index of the framework in the catalog.
    pub framework: u16,
    /// Index of the skill in its framework.
    pub skill: u32,
    /// Document score, 0–1.
    pub score: f32,
}

/// A skill, its document score and its (sentence index, sentence score) hits, best first.
type Ranked = (SkillKey, f32, Vec<(usize, f32)>);

/// What the semantic signal said about each ranked skill (empty when it is off).
type Shares = FastMap<SkillKey, semantic::SemanticShare>;

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
    names: NamePhrases<'a>,
    /// Each framework's generic levels of responsibility, where it has them.
    generic: Vec<Option<GenericLevels>>,
    /// Every term's BM25 contributions, read from the index on first use.
    impacts: Impacts,
    /// Each skill's analysed texts, computed on first use: they serve every later document.
    /// Boxed, so the slots of ESCO's 13,891 skills take 0.2 MB, not 1.8, while a query
    /// fills a few dozen.
    texts: Vec<Vec<OnceLock<Box<SkillTexts>>>>,
    /// Each framework's kind, which sets its saturation.
    kinds: Vec<FrameworkKind>,
    /// Documents of each framework retrieved per sentence (by its kind; 0 when it is not
    /// matched).
    hits: Vec<usize>,
    /// IDF of label terms in the name field, by framework, for label coverage.
    name_idf: RwLock<FastMap<(u16, String), f32>>,
    /// Documents of the frameworks with levels: the collection level-text IDF is over, so
    /// that a framework without levels in the same index (ESCO) does not move level choices.
    level_docs: usize,
    /// Whether each framework defines levels for its skills.
    levelled: Vec<bool>,
    /// The semantic signal, unless switched off.
    semantic: Option<SemanticSkills>,
}

impl<'a> Matcher<'a> {
    /// A matcher over `index`; fails when `options.frameworks` names a framework the index
    /// does not have.
    pub fn new(index: &'a SkillIndex, options: MatchOptions) -> Result<Matcher<'a>, crate::Error> {
        let frameworks = index.frameworks();
        let mut ids = Vec::new();
        for wanted in &options.frameworks {
            match index.framework_position(wanted) {
                Some(position) => ids.push(frameworks[position].id.clone()),
                None => {
                    let known: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
                    return Err(crate::Error::NotFound(format!(
                        "framework '{wanted}' is not in the index (it has: {})",
                        known.join(", ")
                    )));
                }
            }
        }
        let filter = (!ids.is_empty()).then_some(ids);
        let texts = frameworks.iter().map(|f| (0..f.skills).map(|_| OnceLock::new()).collect()).collect();
        let generic = frameworks.iter().map(|f| GenericLevels::new(&f.responsibility_levels)).collect();
        let framework_filter: Option<Vec<u16>> = filter.as_ref().map(|ids| {
            (0..frameworks.len() as u16).filter(|&fi| ids.contains(&frameworks[fi as usize].id)).collect()
        });
        let names = NamePhrases::new(index.prepared().phrases(), framework_filter);
        let impacts =
            Impacts::new(index).map_err(|source| IndexError::Tantivy { path: "<index>".into(), source })?;
        let kinds: Vec<FrameworkKind> = frameworks.iter().map(FrameworkKind::of_head).collect();
        let matched = |id: &String| filter.as_ref().is_none_or(|ids| ids.contains(id));
        let hits = frameworks
            .iter()
            .zip(&kinds)
            .map(|(f, kind)| if matched(&f.id) { scoring::hits_per_sentence(*kind) } else { 0 })
            .collect();
        let name_idf = RwLock::new(FastMap::default());
        let levelled: Vec<bool> = frameworks.iter().map(|f| f.level_descriptions > 0).collect();
        let level_docs = frameworks
            .iter()
            .filter(|f| f.level_descriptions > 0)
            .map(|f| f.skills + f.level_descriptions)
            .sum();
        let semantic = if options.semantic {
            Some(SemanticSkills::new(
                crate::semantic::shipped()?,
                frameworks,
                Some(index.prepared().vectors()),
            ))
        } else {
            None
        };
        Ok(Matcher {
            index,
            options,
            semantic,
            filter,
            names,
            generic,
            impacts,
            texts,
            kinds,
            hits,
            name_idf,
            level_docs,
            levelled,
        })
    }

    /// The framework a report names: the one filtered on, or the index's only one.
    fn report_framework(&self) -> Option<String> {
        match &self.filter {
            Some(ids) if ids.len() == 1 => Some(ids[0].clone()),
            Some(_) => None,
            None => match self.index.frameworks() {
                [only] => Some(only.id.clone()),
                _ => None,
            },
        }
    }

    /// Match `text`, naming it `source` in the report.
    pub fn match_text(&self, source: &str, text: &str) -> Result<MatchReport, crate::Error> {
        let searcher = self.index.searcher();
        let sentences = analyse_sentences(text);
        let (mut ranked, best, shares) = self.score_sentences(text, &sentences)?;
        // The document level follows the best skill's framework (the best of a framework
        // with levels, where there is one), even when no skill is reported.
        let best_framework =
            ranked.iter().find(|r| self.levelled[r.0 .0 as usize]).or(ranked.first()).map(|r| r.0 .0);
        let min_score = self.options.min_score.unwrap_or_else(|| report_cut_off(sentences.len()));
        ranked.retain(|(_, score, _)| *score >= min_score);
        ranked.truncate(self.options.top);
        let mut frameworks: Vec<u16> = ranked.iter().map(|r| r.0 .0).collect();
        frameworks.sort_unstable();
        frameworks.dedup();

        let context = self.document_context(text, sentences, best, shares, best_framework, &frameworks);
        let mut idf = Idf::new(&searcher, self.index.fields().text[4], self.level_docs);
        let mut matches: Vec<SkillMatch> = ranked
            .into_iter()
            .map(|(key, score, hits)| self.describe(key, score, &hits, &context, &mut idf))
            .collect();
        lead_with_distinct_evidence(&mut matches);
        Ok(MatchReport {
            source: source.to_string(),
            framework: self.report_framework(),
            cut_off: Some(round3(min_score)),
            document_level: context.document_level.clone(),
            matches,
        })
    }

    /// The skills `text` shows, best first, with their document scores: the ranking of
    /// [`Matcher::match_text`] without cut-off, levels or evidence (what evaluation needs).
    pub fn rank_text(&self, text: &str, top: usize) -> Result<Vec<RankedSkill>, crate::Error> {
        let (mut ranked, _, _) = self.score_sentences(text, &analyse_sentences(text))?;
        ranked.truncate(top);
        Ok(ranked
            .into_iter()
            .map(|(key, score, _)| RankedSkill { framework: key.0, skill: key.1, score })
            .collect())
    }

    /// A skill's analysed texts, analysed on first use.
    fn skill_texts(&self, key: SkillKey) -> &SkillTexts {
        self.texts[key.0 as usize][key.1 as usize].get_or_init(|| {
            Box::new(SkillTexts::of(self.index.skill(key.0, key.1), |term| self.name_idf(key.0, term)))
        })
    }

    /// BM25's IDF of `term` in the name field among `framework`'s documents (its own
    /// statistics, as the impacts'), cached for every later skill and document.
    fn name_idf(&self, framework: u16, term: &str) -> f32 {
        let key = (framework, term.to_string());
        if let Some(&idf) = self.name_idf.read().ok().as_ref().and_then(|cache| cache.get(&key)) {
            return idf;
        }
        let (df, documents) = self.impacts.doc_freq(framework, 0, term, self.index).unwrap_or((0, 0));
        let idf = bm25_idf(df, documents);
        if let Ok(mut cache) = self.name_idf.write() {
            cache.insert(key, idf);
        }
        idf
    }

    /// Every skill any sentence scores, with its document score and hits, best first; each
    /// sentence's best score for any skill; and what the semantic signal added to each.
    fn score_sentences(
        &self,
        text: &str,
        sentences: &[AnalysedSentence],
    ) -> Result<(Vec<Ranked>, Vec<f32>, Shares), crate::Error> {
        let mut accumulator = Accumulator::new(self.impacts.len());
        let mut per_skill: FastMap<SkillKey, Vec<(usize, f32)>> = FastMap::default();
        let mut best = vec![0.0f32; sentences.len()];
        for (si, sentence) in sentences.iter().enumerate() {
            let mut scores =
                score_sentence(self.index, &self.impacts, &mut accumulator, &sentence.terms, &self.hits)
                    .map_err(|source| IndexError::Tantivy { path: "<index>".into(), source })?;
            for (key, length) in self.names.named_in(&sentence.terms) {
                scores.entry(key).or_default().named_terms = length;
            }
            if self.kinds.contains(&FrameworkKind::Taxonomy) {
                let sentence_terms: FastSet<&str> = sentence.terms.iter().map(String::as_str).collect();
                for (key, score) in scores.iter_mut() {
                    let kind = self.kinds[key.0 as usize];
                    // Coverage is at most 1, so it only lowers a score: a skill below the
                    // evidence floor without it is below it with it, and its labels (a
                    // record read and analysed) are not needed. Most of a sentence's forty
                    // hits on ESCO share one common word with it.
                    if kind == FrameworkKind::Taxonomy && score.score(kind) >= MIN_SENTENCE_SCORE {
                        score.label_coverage = Some(self.skill_texts(*key).label_coverage(&sentence_terms));
                    }
                }
            }
            for (key, score) in scores {
                let score = score.score(self.kinds[key.0 as usize]);
                best[si] = best[si].max(score);
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
        let mut shares = FastMap::default();
        if let Some(semantic) = &self.semantic {
            let vector = semantic.document_vector(sentences.iter().map(|s| &text[s.start..s.end]));
            let candidates: Vec<(SkillKey, f32)> = ranked.iter().map(|r| (r.0, r.1)).collect();
            for ((key, score, _), share) in
                ranked.iter_mut().zip(semantic.shares(self.index, &candidates, &vector))
            {
                *score = fuse(*score, share.calibrated, SEMANTIC_WEIGHT);
                shares.insert(*key, share);
            }
        }
        let code_of = |key: SkillKey| &self.index.skill(key.0, key.1).code;
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| code_of(a.0).cmp(code_of(b.0))));
        Ok((ranked, best, shares))
    }

    /// Level signals that belong to the whole document: its cues, and for each framework
    /// of `frameworks` (those of the skills reported) its similarity to the framework's
    /// generic levels and the document level they give together. The document level
    /// reported is that of `framework` (the best match's framework with levels, or the
    /// only/first one filtered).
    fn document_context<'t>(
        &self,
        text: &'t str,
        sentences: Vec<AnalysedSentence>,
        best: Vec<f32>,
        shares: Shares,
        framework: Option<u16>,
        frameworks: &[u16],
    ) -> DocumentContext<'t> {
        let cues = find_cues(text);
        let framework = framework.map(usize::from).or_else(|| {
            let first = self.filter.as_ref().and_then(|ids| ids.first());
            first.and_then(|id| self.index.frameworks().iter().position(|f| &f.id == id))
        });
        let mut terms: Vec<&str> =
            sentences.iter().flat_map(|s| s.terms.iter().map(String::as_str)).collect();
        terms.sort_unstable();
        terms.dedup();
        // The title is the first sentence: the role advertised, or the CV's own headline.
        let title_end = sentences.first().map_or(0, |s| s.end);
        let decide = |f: Option<usize>| self.document_decision(&terms, &cues, title_end, f);
        let decision = decide(framework);
        let mut document: FastMap<u16, Distribution> = FastMap::default();
        for &f in frameworks {
            let distribution =
                if Some(usize::from(f)) == framework { decision.clone() } else { decide(Some(f.into())) };
            let distribution: Distribution = distribution
                .map(|d| d.levels.iter().map(|l| (l.level, l.score as f32)).collect())
                .unwrap_or_default();
            document.insert(f, distribution);
        }
        let document_cues: Vec<LevelCue> = cues.iter().filter(|c| c.kind != "verb").cloned().collect();
        let document_level = decision.map(|decision| DocumentLevel {
            level: decision.level,
            confident: decision.confident,
            levels: rounded(decision.levels),
            cues: cues.clone(),
        });
        DocumentContext { text, sentences, best, cues, document_cues, document, shares, document_level }
    }

    /// The document's level against `framework`'s generic levels (when it has them) and the
    /// document's `cues`, those in the title (ending at byte `title_end`) counting more.
    fn document_decision(
        &self,
        terms: &[&str],
        cues: &[LevelCue],
        title_end: usize,
        framework: Option<usize>,
    ) -> Option<LevelDecision> {
        let weights = self.options.level_weights;
        let generic_levels = framework.and_then(|f| self.generic.get(f)).and_then(Option::as_ref);
        let generic = match generic_levels {
            Some(model) if weights.generic > 0.0 => softmax(&model.score(terms), GENERIC_TEMPERATURE),
            _ => Vec::new(),
        };
        let max_level = framework
            .and_then(|f| self.index.frameworks()[f].responsibility_levels.iter().map(|l| l.level).max())
            .unwrap_or(7);
        let all_levels: Vec<u8> = (1..=max_level).collect();
        let vote = |c: &LevelCue| (c.level, if c.start < title_end { weights.title } else { 1.0 });
        let doc_signals = LevelSignals {
            generic,
            cues: weighted_votes(cues.iter().map(vote), max_level),
            ..LevelSignals::default()
        };
        let has_levels = generic_levels.is_some() || !cues.is_empty();
        has_levels.then(|| combine(&all_levels, &doc_signals, weights)).flatten()
    }

    /// Level, level distribution and evidence for one ranked skill.
    fn describe(
        &self,
        key: SkillKey,
        score: f32,
        hits: &[(usize, f32)],
        context: &DocumentContext<'_>,
        idf: &mut Idf<'_>,
    ) -> SkillMatch {
        let (sentences, text) = (&context.sentences, context.text);
        let framework = &self.index.frameworks()[key.0 as usize];
        let skill = self.index.skill(key.0, key.1);
        let texts = self.skill_texts(key).detail(skill);
        let per_sentence_levels: Vec<(f32, Vec<(u8, f32)>)> = hits
            .iter()
            .map(|&(si, weight)| (weight, sentence_level_scores(&sentences[si].terms, texts, idf)))
            .collect();
        let defined: Vec<u8> = skill.levels.iter().map(|l| l.level).collect();
        let in_evidence = |cue: &LevelCue| {
            hits.iter().any(|&(si, _)| sentences[si].start <= cue.start && cue.end <= sentences[si].end)
        };
        let mut level_cues: Vec<LevelCue> =
            context.cues.iter().filter(|c| c.kind == "verb" && in_evidence(c)).cloned().collect();
        let max_level = defined.iter().copied().max().unwrap_or(7).max(7);
        // The document-wide cues reach the skill through the document level; its own
        // sentences' cues count directly.
        let signals = LevelSignals {
            evidence: evidence_distribution(&defined, &per_sentence_levels),
            cues: votes(level_cues.iter().map(|c| c.level), max_level),
            document: context.document.get(&key.0).cloned().unwrap_or_default(),
            ..LevelSignals::default()
        };
        level_cues.extend(context.document_cues.iter().cloned());
        level_cues.sort_by_key(|c| c.start);
        // The document level tells a skill what its own sentences do not: in a one-sentence
        // text it is those sentences again, so it counts by the share of the text beyond them.
        let independent = 1.0 - hits.len() as f32 / sentences.len().max(1) as f32;
        let weights = LevelWeights {
            document: self.options.level_weights.document * independent.max(0.0),
            ..self.options.level_weights
        };
        let decision = combine(&defined, &signals, weights);
        let cited: Vec<(usize, f32)> =
            citation_order(hits, &context.best).into_iter().take(EVIDENCE_PER_SKILL).collect();
        let explanation = self.options.explain.then(|| {
            let explained: Vec<(&[String], Option<u8>)> = cited
                .iter()
                .map(|&(h, _)| {
                    (sentences[hits[h].0].terms.as_slice(), best_sentence_level(&per_sentence_levels[h].1))
                })
                .collect();
            explain::Explanation {
                terms: explain::term_shares(self.index, idf.searcher(), key.0, key.1, &explained),
                level_signals: signals.clone(),
                level_weights: weights,
                semantic: context
                    .shares
                    .get(&key)
                    .map(|share| semantic::SemanticShare { lexical: round3(share.lexical) as f32, ..*share }),
            }
        });
        if decision.is_none() {
            level_cues.clear();
        }
        let evidence = cited
            .iter()
            .map(|&(h, specificity)| {
                let (si, sentence_score) = hits[h];
                let level_scores = &per_sentence_levels[h].1;
                let sentence = &sentences[si];
                Evidence {
                    text: text[sentence.start..sentence.end].to_string(),
                    start: sentence.start,
                    end: sentence.end,
                    score: round3(sentence_score),
                    specificity: round3(specificity),
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
            level: decision.as_ref().map(|d| d.level),
            level_confident: decision.as_ref().map(|d| d.confident),
            levels: decision.map(|d| rounded(d.levels)).unwrap_or_default(),
            level_cues,
            evidence,
            explain: explanation,
        }
    }
}

/// One sentence should not head the evidence of many skills: going down the ranking, each
/// skill leads with its first cited sentence that no better skill leads with (when it has
/// one), the rest keeping their order.
fn lead_with_distinct_evidence(matches: &mut [SkillMatch]) {
    let mut heads: FastSet<usize> = FastSet::default();
    for m in matches.iter_mut() {
        if let Some(pos) = m.evidence.iter().position(|e| !heads.contains(&e.start)) {
            m.evidence[..=pos].rotate_right(1);
        }
        if let Some(first) = m.evidence.first() {
            heads.insert(first.start);
        }
    }
}

/// Level shares rounded to three decimals for output.
fn rounded(levels: Vec<LevelScore>) -> Vec<LevelScore> {
    levels.into_iter().map(|l| LevelScore { score: (l.score * 1000.0).round() / 1000.0, ..l }).collect()
}

/// Split into sentences and analyse each; identical sentences (same terms) count once.
fn analyse_sentences(text: &str) -> Vec<AnalysedSentence> {
    // Sentences already kept, by the hash of their terms (keyed by the user's words, so
    // with a seeded hash); equal hashes are told apart by comparing the terms.
    let hasher = <foldhash::fast::RandomState as Default>::default();
    let mut seen: WordMap<u64, Vec<usize>> = WordMap::default();
    let mut out: Vec<AnalysedSentence> = Vec::new();
    for sentence in split_sentences(text) {
        let all = analyze(&text[sentence.start..sentence.end]);
        let mut distinct: WordSet<&str> = WordSet::default();
        let keep: Vec<bool> = all.iter().map(|t| distinct.insert(t.as_str())).collect();
        drop(distinct);
        let terms: Vec<String> =
            all.into_iter().zip(keep).filter_map(|(t, keep)| keep.then_some(t)).collect();
        if terms.is_empty() {
            continue;
        }
        let same = seen.entry(hasher.hash_one(&terms)).or_default();
        if same.iter().any(|&i| out[i].terms == terms) {
            continue;
        }
        same.push(out.len());
        out.push(AnalysedSentence { start: sentence.start, end: sentence.end, terms });
    }
    out
}
