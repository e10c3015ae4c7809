//! Term impacts: each analysed term's weighted BM25 contribution to every document of the
//! index, read once from tantivy's postings and kept for every later sentence and document.
//!
//! A sentence's query is a sum over its terms and the text fields of
//! `term weight × field weight × BM25(term, field, document)` (the term weight from
//! [`super::ordinary`], applied as the cache is read) — exactly what the boolean query of
//! [`super::scoring::sentence_query`] computes, with tantivy's own [`Bm25Weight`] and field
//! norms, except that BM25's statistics (document frequency, document count, average field
//! length) are each framework's own: in an index holding SFIA (819 documents) and ESCO
//! (13,891), a word's rarity among ESCO skills must not change SFIA scores. With one
//! framework in the index the two are identical. Building one tantivy query per sentence re-reads the term dictionary and
//! re-derives every weight each time; a document has dozens of sentences and a bulk run
//! thousands of documents sharing a vocabulary of a few thousand terms, so the matcher
//! looks each term up once and then only adds numbers. A test holds the two ways equal.

use super::fasthash::{FastMap, WordSet};
use crate::index::schema::{field_weights, DocKey, FrameworkKind, TEXT_FIELDS};
use crate::index::SkillIndex;
use std::sync::{Arc, RwLock};
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, Term, TERMINATED};

/// The key of a document that points nowhere: its framework is out of every range.
const NO_KEY: DocKey = DocKey { framework: u16::MAX, skill: u32::MAX, level: 0 };

/// (document ordinal, contribution) pairs of one term, by ordinal.
pub type TermImpacts = Arc<[(u32, f32)]>;

/// The impact cache of one open index.
pub struct Impacts {
    searcher: Searcher,
    /// Ordinal of the first document of each segment.
    segment_bases: Vec<u32>,
    /// The catalog position of every document, by ordinal.
    keys: Vec<DocKey>,
    /// BM25 statistics of each framework, by framework index.
    statistics: Vec<FrameworkStatistics>,
    /// Impacts of the terms read so far that the index holds (at most its vocabulary).
    cache: RwLock<FastMap<String, TermImpacts>>,
    /// Terms read so far that no document holds: the names, numbers and typos of the
    /// documents themselves, unbounded over a long bulk run, so kept to [`ABSENT_TERMS`] and
    /// hashed with a random seed (they are the user's words).
    absent: RwLock<WordSet<Box<str>>>,
}

/// Terms known to be absent from the index that the cache remembers before it starts afresh.
const ABSENT_TERMS: usize = 1 << 16;

/// One framework's share of the index, for its own BM25 statistics.
#[derive(Debug, Clone, Default)]
struct FrameworkStatistics {
    /// Documents of the framework.
    documents: u64,
    /// Average field length of each text field over the framework's documents.
    average_fieldnorm: [f32; TEXT_FIELDS.len()],
    /// The weight of each text field for this framework's kind.
    field_weights: [f32; TEXT_FIELDS.len()],
}

impl std::fmt::Debug for Impacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Impacts").field("documents", &self.keys.len()).finish_non_exhaustive()
    }
}

impl Impacts {
    /// Prepare the cache for `index` (cheap: no term is read until asked for).
    pub fn new(index: &SkillIndex) -> tantivy::Result<Impacts> {
        let searcher = index.searcher();
        let frameworks = index.frameworks().len();
        let mut segment_bases = Vec::with_capacity(searcher.segment_readers().len());
        let mut keys = Vec::new();
        let mut documents = vec![0u64; frameworks];
        // Field lengths as the field norms store them (exact up to 40 terms, then rounded).
        let mut lengths = vec![[0u64; TEXT_FIELDS.len()]; frameworks];
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            segment_bases.push(keys.len() as u32);
            let norms = index
                .fields()
                .text
                .iter()
                .map(|field| segment.get_fieldnorms_reader(*field))
                .collect::<tantivy::Result<Vec<_>>>()?;
            for doc in 0..segment.max_doc() {
                let key = index.doc_key(tantivy::DocAddress::new(ord as u32, doc));
                let key = key.unwrap_or(NO_KEY);
                if let Some(count) = documents.get_mut(usize::from(key.framework)) {
                    *count += 1;
                    for (total, norms) in lengths[usize::from(key.framework)].iter_mut().zip(&norms) {
                        *total += u64::from(norms.fieldnorm(doc));
                    }
                }
                keys.push(key);
            }
        }
        // Scale the rounded lengths so they sum to tantivy's exact token counts: with one
        // framework the statistics are then exactly tantivy's.
        let mut exact = [0u64; TEXT_FIELDS.len()];
        for (total, field) in exact.iter_mut().zip(&index.fields().text) {
            *total = Bm25StatisticsProvider::total_num_tokens(&searcher, *field)?;
        }
        let statistics = (0..frameworks)
            .map(|f| {
                let mut average_fieldnorm = [0.0f32; TEXT_FIELDS.len()];
                for (i, average) in average_fieldnorm.iter_mut().enumerate() {
                    let all: u64 = lengths.iter().map(|l| l[i]).sum();
                    let share = if all == 0 { 0.0 } else { lengths[f][i] as f64 / all as f64 };
                    let tokens = exact[i] as f64 * share;
                    *average = (tokens / documents[f].max(1) as f64) as f32;
                }
                let field_weights = field_weights(FrameworkKind::of_head(&index.frameworks()[f]));
                FrameworkStatistics { documents: documents[f], average_fieldnorm, field_weights }
            })
            .collect();
        Ok(Impacts {
            searcher,
            segment_bases,
            keys,
            statistics,
            cache: RwLock::new(FastMap::default()),
            absent: RwLock::new(WordSet::default()),
        })
    }

    /// How many documents the index has.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The catalog position of the document with this ordinal. An ordinal the index does
    /// not hold (postings of a damaged segment) maps to no framework, so it scores nothing.
    pub fn key(&self, ordinal: u32) -> DocKey {
        self.keys.get(ordinal as usize).copied().unwrap_or(NO_KEY)
    }

    /// How many documents of `framework` hold `term` in the text field `field` (an index
    /// into [`TEXT_FIELDS`]), and how many documents the framework has: the statistics of a
    /// BM25 IDF that, like the impacts, are the framework's own.
    pub fn doc_freq(
        &self,
        framework: u16,
        field: usize,
        term: &str,
        index: &SkillIndex,
    ) -> tantivy::Result<(u64, u64)> {
        let documents = self.statistics.get(usize::from(framework)).map_or(0, |s| s.documents);
        let Some(field) = index.fields().text.get(field) else { return Ok((0, documents)) };
        let term = Term::from_field_text(*field, term);
        let mut count = 0u64;
        if self.searcher.doc_freq(&term)? > 0 {
            for (segment, base) in self.searcher.segment_readers().iter().zip(&self.segment_bases) {
                let Some(mut postings) =
                    segment.inverted_index(term.field())?.read_postings(&term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    count += u64::from(self.key(base + doc).framework == framework);
                    doc = postings.advance();
                }
            }
        }
        Ok((count, documents))
    }

    /// The impacts of `term`, read from the postings on first use.
    pub fn term(&self, term: &str, index: &SkillIndex) -> tantivy::Result<TermImpacts> {
        if let Some(found) = self.cache.read().ok().and_then(|cache| cache.get(term).cloned()) {
            return Ok(found);
        }
        if self.absent.read().is_ok_and(|absent| absent.contains(term)) {
            return Ok(Arc::from([]));
        }
        let impacts = self.read(term, index)?;
        if impacts.is_empty() {
            if let Ok(mut absent) = self.absent.write() {
                if absent.len() >= ABSENT_TERMS {
                    absent.clear();
                }
                absent.insert(term.into());
            }
        } else if let Ok(mut cache) = self.cache.write() {
            cache.insert(term.to_string(), impacts.clone());
        }
        Ok(impacts)
    }

    fn read(&self, term: &str, index: &SkillIndex) -> tantivy::Result<TermImpacts> {
        let mut total: FastMap<u32, f32> = FastMap::default();
        // Fields in the query's order, so each document's contributions add up in the same
        // order as in the boolean query.
        let mut per_field: Vec<Vec<(u32, f32)>> = Vec::with_capacity(TEXT_FIELDS.len());
        for (fi, field) in index.fields().text.iter().enumerate() {
            let term = Term::from_field_text(*field, term);
            // (ordinal, field norm id, term frequency) of every posting.
            let mut postings_found: Vec<(u32, u8, u32)> = Vec::new();
            if self.searcher.doc_freq(&term)? > 0 {
                for (segment, base) in self.searcher.segment_readers().iter().zip(&self.segment_bases) {
                    let Some(mut postings) =
                        segment.inverted_index(*field)?.read_postings(&term, IndexRecordOption::WithFreqs)?
                    else {
                        continue;
                    };
                    let norms = segment.get_fieldnorms_reader(*field)?;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        postings_found.push((base + doc, norms.fieldnorm_id(doc), postings.term_freq()));
                        doc = postings.advance();
                    }
                }
            }
            let mut doc_freq = vec![0u64; self.statistics.len()];
            for &(ordinal, _, _) in &postings_found {
                if let Some(count) = doc_freq.get_mut(usize::from(self.key(ordinal).framework)) {
                    *count += 1;
                }
            }
            let weights: Vec<Bm25Weight> = self
                .statistics
                .iter()
                .zip(&doc_freq)
                .map(|(stats, &df)| {
                    Bm25Weight::for_one_term_without_explain(df, stats.documents, stats.average_fieldnorm[fi])
                })
                .collect();
            let contributions = postings_found
                .into_iter()
                .filter_map(|(ordinal, norm, tf)| {
                    let weight = weights.get(usize::from(self.key(ordinal).framework))?;
                    let framework = usize::from(self.key(ordinal).framework);
                    Some((ordinal, weight.score(norm, tf) * self.statistics[framework].field_weights[fi]))
                })
                .collect();
            per_field.push(contributions);
        }
        for contributions in per_field {
            for (ordinal, score) in contributions {
                *total.entry(ordinal).or_default() += score;
            }
        }
        let mut impacts: Vec<(u32, f32)> = total.into_iter().collect();
        impacts.sort_unstable_by_key(|(ordinal, _)| *ordinal);
        Ok(impacts.into())
    }
}

/// Scores of one sentence over the documents, reused across sentences.
#[derive(Debug)]
pub struct Accumulator {
    scores: Vec<f32>,
    touched: Vec<u32>,
    seen: Vec<bool>,
    /// Scratch space of the selection, kept for the next sentence: each group's candidates,
    /// and the hits selected.
    groups: Vec<Vec<(f32, u32)>>,
    hits: Vec<(f32, u32)>,
}

impl Accumulator {
    /// An accumulator for an index of `documents` documents.
    pub fn new(documents: usize) -> Accumulator {
        Accumulator {
            scores: vec![0.0; documents],
            touched: Vec::new(),
            seen: vec![false; documents],
            groups: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// Add a term's impacts, times `weight` (how much the term counts in this query),
    /// keeping only documents `allowed` accepts.
    pub fn add(&mut self, impacts: &[(u32, f32)], weight: f32, allowed: impl Fn(u32) -> bool) {
        for &(ordinal, score) in impacts {
            let i = ordinal as usize;
            if i >= self.scores.len() || !allowed(ordinal) {
                continue;
            }
            if !self.seen[i] {
                self.seen[i] = true;
                self.touched.push(ordinal);
            }
            self.scores[i] += score * weight;
        }
    }

    /// The `k` best (score, ordinal) pairs, best first (ties: lower ordinal first, as tantivy
    /// orders them), and reset for the next sentence.
    pub fn take_top(&mut self, k: usize) -> Vec<(f32, u32)> {
        self.take_top_by(|_| 0, &[k])
    }

    /// The best (score, ordinal) pairs of each group, at most `limits[g]` of group `g`
    /// (`group` maps an ordinal to its group; one out of range is dropped), all best first,
    /// and reset for the next sentence. Each framework of an index is one group, so that a
    /// large one cannot crowd a small one out of a sentence's hits.
    pub fn take_top_by(&mut self, group: impl Fn(u32) -> usize, limits: &[usize]) -> Vec<(f32, u32)> {
        let mut hits = self.select_top_by(group, limits).to_vec();
        hits.sort_by(by_score);
        hits
    }

    /// The pairs [`Accumulator::take_top_by`] returns, in no particular order: the same set
    /// (ties at a group's limit go to the lower ordinal), without the sort and in reused
    /// buffers, for callers that only fold the hits (sorting 200 hits was a fifth of a
    /// sentence's scoring).
    pub fn select_top_by(&mut self, group: impl Fn(u32) -> usize, limits: &[usize]) -> &[(f32, u32)] {
        self.groups.resize_with(limits.len(), Vec::new);
        for &ordinal in &self.touched {
            if let Some(members) = self.groups.get_mut(group(ordinal)) {
                members.push((self.scores[ordinal as usize], ordinal));
            }
        }
        self.hits.clear();
        for (members, &k) in self.groups.iter_mut().zip(limits) {
            if members.len() > k {
                members.select_nth_unstable_by(k, by_score);
                members.truncate(k);
            }
            self.hits.append(members);
        }
        for &ordinal in &self.touched {
            self.scores[ordinal as usize] = 0.0;
            self.seen[ordinal as usize] = false;
        }
        self.touched.clear();
        &self.hits
    }
}

/// Best score first; ties: lower ordinal first, as tantivy orders them.
fn by_score(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analyzer::analyze;
    use crate::matching::scoring::sentence_query;
    use crate::model::{Catalog, Framework, Skill, SkillLevel};
    use tantivy::collector::{Count, TopDocs};

    fn skill(code: &str, name: &str, description: &str, levels: &[(u8, &str)]) -> Skill {
        Skill {
            code: code.into(),
            name: name.into(),
            description: description.into(),
            guidance: format!("{name} guidance: planning, reviewing and improving {description}"),
            aliases: vec![format!("{name} work")],
            levels: levels
                .iter()
                .map(|(l, d)| SkillLevel { level: *l, name: String::new(), description: d.to_string() })
                .collect(),
            ..Skill::default()
        }
    }

    fn index() -> SkillIndex {
        let skills = vec![
            skill(
                "WIDG",
                "Widget polishing",
                "Polishing widgets until they shine.",
                &[
                    (2, "Assists with polishing widgets under supervision."),
                    (4, "Plans widget polishing for a team and reviews the results."),
                ],
            ),
            skill(
                "GADG",
                "Gadget repair",
                "Repairing gadgets and their widgets.",
                &[
                    (3, "Repairs gadgets using standard tools."),
                    (5, "Leads the gadget repair service and ensures quality standards."),
                ],
            ),
            skill(
                "SPRK",
                "Sprocket design",
                "Designing sprockets for machines.",
                &[
                    (4, "Designs sprockets and reviews designs of others."),
                    (6, "Sets the direction of sprocket design across the organisation."),
                ],
            ),
        ];
        let catalog =
            Catalog { frameworks: vec![Framework { id: "test".into(), skills, ..Framework::default() }] };
        SkillIndex::build_in_ram(catalog).unwrap()
    }

    #[test]
    fn impacts_give_the_same_top_documents_and_scores_as_the_tantivy_query() {
        let index = index();
        let impacts = Impacts::new(&index).unwrap();
        let searcher = index.searcher();
        for sentence in [
            "Leads a team polishing widgets and repairing gadgets",
            "sprocket design reviews",
            "quality standards for the repair service, planning and reviewing",
            "nothing here matches",
        ] {
            let mut terms = analyze(sentence);
            let mut seen = std::collections::HashSet::new();
            terms.retain(|t| seen.insert(t.clone()));
            let query = sentence_query(&index, &terms, None);
            let (expected, _) =
                searcher.search(&query, &(TopDocs::with_limit(40).order_by_score(), Count)).unwrap();
            let mut acc = Accumulator::new(impacts.len());
            let ordinary = crate::matching::ordinary::OrdinaryLanguage::get();
            for term in &terms {
                acc.add(&impacts.term(term, &index).unwrap(), ordinary.weight(term), |_| true);
            }
            let got = acc.take_top(40);
            assert_eq!(got.len(), expected.len(), "{sentence}");
            for ((score, ordinal), (expected_score, address)) in got.iter().zip(&expected) {
                assert_eq!(impacts.key(*ordinal), index.doc_key(*address).unwrap(), "{sentence}");
                assert!((score - expected_score).abs() < 1e-4, "{sentence}: {score} vs {expected_score}");
            }
        }
    }

    #[test]
    fn another_framework_does_not_change_a_frameworks_scores() {
        let alone = index();
        let mut catalog = alone.catalog().clone();
        // A larger framework in which "widget" and "polish" are common words.
        let other: Vec<Skill> = (0..50)
            .map(|i| skill(&format!("O{i}"), &format!("Widget task {i}"), "Polishing widgets daily.", &[]))
            .collect();
        catalog.frameworks.push(Framework { id: "other".into(), skills: other, ..Framework::default() });
        let both = SkillIndex::build_in_ram(catalog).unwrap();
        let (alone_impacts, both_impacts) = (Impacts::new(&alone).unwrap(), Impacts::new(&both).unwrap());
        for term in analyze("widget polishing gadgets") {
            let first: FastMap<DocKey, f32> = alone_impacts
                .term(&term, &alone)
                .unwrap()
                .iter()
                .map(|&(o, s)| (alone_impacts.key(o), s))
                .collect();
            let second: FastMap<DocKey, f32> = both_impacts
                .term(&term, &both)
                .unwrap()
                .iter()
                .map(|&(o, s)| (both_impacts.key(o), s))
                .filter(|(key, _)| key.framework == 0)
                .collect();
            assert_eq!(first.len(), second.len(), "{term}");
            for (key, score) in &first {
                assert!((score - second[key]).abs() < 1e-3, "{term} {key:?}: {score} vs {}", second[key]);
            }
        }
    }

    #[test]
    fn accumulator_ranks_and_resets() {
        let mut acc = Accumulator::new(5);
        acc.add(&[(0, 1.0), (2, 3.0), (4, 2.0)], 1.0, |_| true);
        acc.add(&[(0, 2.5), (3, 9.0)], 1.0, |o| o != 3);
        assert_eq!(acc.take_top(2), vec![(3.5, 0), (3.0, 2)]);
        acc.add(&[(1, 1.0)], 1.0, |_| true);
        assert_eq!(acc.take_top(10), vec![(1.0, 1)]);
    }

    #[test]
    fn each_group_keeps_its_own_best() {
        let mut acc = Accumulator::new(6);
        // Group 0 (ordinals 0-2) outscores group 1 (3-5) everywhere.
        acc.add(&[(0, 9.0), (1, 8.0), (2, 7.0), (3, 3.0), (4, 2.0), (5, 1.0)], 1.0, |_| true);
        let group = |o: u32| (o / 3) as usize;
        assert_eq!(acc.take_top_by(group, &[2, 1]), vec![(9.0, 0), (8.0, 1), (3.0, 3)]);
        acc.add(&[(1, 1.0), (4, 5.0)], 1.0, |_| true);
        assert_eq!(acc.take_top_by(group, &[0, 5]), vec![(5.0, 4)], "a group limited to 0 is dropped");
    }

    #[test]
    fn terms_the_index_lacks_are_remembered_within_a_bound() {
        let index = index();
        let impacts = Impacts::new(&index).expect("impacts");
        let known = analyze("widgets")[0].clone();
        assert!(!impacts.term(&known, &index).expect("term").is_empty());
        for i in 0..ABSENT_TERMS + 5 {
            assert!(impacts.term(&format!("zq{i}x"), &index).expect("term").is_empty());
        }
        assert!(impacts.term("zq7x", &index).expect("term").is_empty(), "asked again");
        assert!(impacts.absent.read().expect("lock").len() <= ABSENT_TERMS);
        let cache = impacts.cache.read().expect("lock");
        assert_eq!(cache.len(), 1, "only terms the index holds are kept for good");
        assert!(cache.contains_key(&known));
    }

    #[test]
    fn selection_is_the_sorted_top_unsorted() {
        let group = |o: u32| (o % 2) as usize;
        let impacts: Vec<(u32, f32)> = (0..40).map(|o| (o, ((o * 7) % 5) as f32)).collect();
        let (mut a, mut b) = (Accumulator::new(40), Accumulator::new(40));
        a.add(&impacts, 1.0, |_| true);
        b.add(&impacts, 1.0, |_| true);
        let sorted = a.take_top_by(group, &[3, 6]);
        let mut selected = b.select_top_by(group, &[3, 6]).to_vec();
        assert_eq!(selected.len(), 9);
        selected.sort_by(by_score);
        assert_eq!(selected, sorted, "ties at the limit go to the lower ordinal in both");
        assert!(b.select_top_by(group, &[3, 6]).is_empty(), "reset for the next sentence");
    }
}
