//! In-process benchmarks of the core: building the SFIA 9 index and matching documents.
//!
//! Run with `cargo bench --bench core`. The framework and documents are read from
//! `$SKILLMATCH_SHARED` (default `../shared`); nothing of them is in the repository.
//!
//! - `build_index/load_and_index`: SFIA 9 spreadsheet → catalog → in-memory index;
//! - `build_index/index_only`: catalog → in-memory index;
//! - `match_text/advert_5kb`: one 5 KB job advert matched (sentences, queries, semantic
//!   signal, levels, evidence), the index already open;
//! - `match_text/advert_5kb_words_alone`: the same with `--semantic off`, the cost of the
//!   semantic signal being the difference;
//! - `match_text/query`: a recruiter's one-line query.

use skillmatch::index::SkillIndex;
use skillmatch::matching::{MatchOptions, Matcher};
use skillmatch::source::load_corpus;

mod common;

use common::{advert_5kb, index, sfia9_sheet};

fn main() {
    divan::main();
}

mod build_index {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn load_and_index() -> SkillIndex {
        let corpus = load_corpus(&[sfia9_sheet()]).expect("SFIA 9 spreadsheet");
        SkillIndex::build_in_ram(corpus.catalog).expect("index")
    }

    #[divan::bench(sample_count = 20)]
    fn index_only(bencher: divan::Bencher) {
        let catalog = index().catalog().clone();
        bencher.with_inputs(|| catalog.clone()).bench_values(|c| SkillIndex::build_in_ram(c).expect("index"));
    }
}

mod match_text {
    use super::*;

    #[divan::bench]
    fn advert_5kb(bencher: divan::Bencher) {
        let matcher = Matcher::new(index(), MatchOptions::default()).expect("matcher");
        let text = super::advert_5kb();
        bencher.bench(|| matcher.match_text("advert", &text).expect("match"));
    }

    #[divan::bench]
    fn advert_5kb_words_alone(bencher: divan::Bencher) {
        let options = MatchOptions { semantic: false, ..MatchOptions::default() };
        let matcher = Matcher::new(index(), options).expect("matcher");
        let text = super::advert_5kb();
        bencher.bench(|| matcher.match_text("advert", &text).expect("match"));
    }

    #[divan::bench]
    fn query(bencher: divan::Bencher) {
        let matcher = Matcher::new(index(), MatchOptions::default()).expect("matcher");
        bencher
            .bench(|| matcher.match_text("query", "incident management, ITIL, service desk").expect("match"));
    }
}

/// Long queries (a 5 KB advert's 150+ distinct terms in one query, × 5 fields): tantivy's
/// plain top-k path (block-max WAND) against the `(TopDocs, Count)` pair the matcher uses,
/// which visits every matching document and returns the same top-k.
mod long_query {
    use super::*;
    use skillmatch::index::analyzer::analyze;
    use skillmatch::matching::scoring::sentence_query;
    use tantivy::collector::{Count, TopDocs};

    fn terms() -> Vec<String> {
        let mut terms = analyze(&advert_5kb());
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
        terms
    }

    #[divan::bench]
    fn top_docs_only(bencher: divan::Bencher) {
        let index = index();
        let query = sentence_query(index, &terms(), None);
        let searcher = index.searcher();
        bencher.bench(|| searcher.search(&query, &TopDocs::with_limit(40).order_by_score()).expect("search"));
    }

    #[divan::bench]
    fn top_docs_and_count(bencher: divan::Bencher) {
        let index = index();
        let query = sentence_query(index, &terms(), None);
        let searcher = index.searcher();
        bencher.bench(|| {
            searcher.search(&query, &(TopDocs::with_limit(40).order_by_score(), Count)).expect("search")
        });
    }
}
