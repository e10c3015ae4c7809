//! Per-sentence latency on ESCO: ranking all 13,891 ESCO 1.1.0 skills for one job-advert
//! sentence, on one core.
//!
//! Run with `cargo bench --bench esco`. ESCO and the sentences are read from
//! `$SKILLMATCH_SHARED` (default `../shared`); nothing of them is in the repository.
//!
//! - `rank_sentence/warm`: every sentence of the ESCO validation sets (136) ranked once per
//!   iteration, with the term cache filled by an earlier pass: the steady state of `eval`,
//!   `bulk --jsonl-in` and any long-lived matcher. Divide by 136 for one sentence.
//! - `rank_sentence/cold`: the same 136 sentences with a fresh matcher (empty term cache)
//!   each iteration: what the first sentences of a run pay.
//! - `open_matcher`: preparing a matcher over the ESCO index (document keys, per-framework
//!   statistics), paid once per process.

use skillmatch::eval::{ranking_options, read_sentence_splits, SENTENCE_RANKING_DEPTH};
use skillmatch::index::SkillIndex;
use skillmatch::matching::Matcher;
use skillmatch::source::load_corpus;
use std::sync::OnceLock;

// This benchmark uses only the shared-data path of the common set-up.
#[allow(dead_code)]
mod common;

use common::shared;

fn main() {
    divan::main();
}

fn esco_index() -> &'static SkillIndex {
    static INDEX: OnceLock<SkillIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = load_corpus(&[shared().join("frameworks/esco-1.1.0")]).expect("ESCO 1.1.0");
        SkillIndex::build_in_ram(corpus.catalog).expect("index")
    })
}

fn sentences() -> Vec<String> {
    let splits = read_sentence_splits(&shared().join("eval/esco-sentences")).expect("ESCO sentences");
    splits.into_iter().flat_map(|s| s.sentences.into_iter().map(|l| l.text)).collect()
}

mod rank_sentence {
    use super::*;

    #[divan::bench(sample_count = 30)]
    fn warm(bencher: divan::Bencher) {
        let matcher = Matcher::new(esco_index(), ranking_options(Vec::new())).expect("matcher");
        let sentences = sentences();
        for s in &sentences {
            matcher.rank_text(s, SENTENCE_RANKING_DEPTH).expect("rank");
        }
        bencher.bench(|| {
            for s in &sentences {
                divan::black_box(matcher.rank_text(s, SENTENCE_RANKING_DEPTH).expect("rank"));
            }
        });
    }

    #[divan::bench(sample_count = 10)]
    fn cold(bencher: divan::Bencher) {
        let sentences = sentences();
        bencher
            .with_inputs(|| Matcher::new(esco_index(), ranking_options(Vec::new())).expect("matcher"))
            .bench_values(|matcher| {
                for s in &sentences {
                    divan::black_box(matcher.rank_text(s, SENTENCE_RANKING_DEPTH).expect("rank"));
                }
            });
    }
}

#[divan::bench(sample_count = 10)]
fn open_matcher() -> usize {
    let matcher = Matcher::new(esco_index(), ranking_options(Vec::new())).expect("matcher");
    divan::black_box(&matcher);
    1
}
