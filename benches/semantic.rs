//! Benchmarks of the static embedding model (src/semantic/).
//!
//! Run with `cargo bench --bench semantic`. The advert is read from `$SKILLMATCH_SHARED`
//! (default `../shared`); nothing of it is in the repository.
//!
//! - `embed/sentence`: one advert sentence → normalised vector (tokenise, look up, mean);
//! - `embed/advert_5kb_by_sentence`: a 5 KB advert split into sentences, each embedded;
//! - `score/esco_sized_matrix`: one sentence vector against 13,891 rows (ESCO's skill count)
//!   of the model's dimension: the dense scoring of a whole framework.

use skillmatch::semantic::{self, EmbeddingMatrix, StaticModel};
use skillmatch::text::sentences::split_sentences;

#[allow(dead_code)]
mod common;

use common::advert_5kb;

/// ESCO's number of skills.
const ESCO_SKILLS: usize = 13_891;

const SENTENCE: &str =
    "You will lead the design of secure, scalable cloud services and mentor a team of developers.";

fn main() {
    divan::main();
}

fn model() -> &'static StaticModel {
    semantic::shipped().expect("shipped table")
}

mod embed {
    use super::*;

    #[divan::bench]
    fn sentence(bencher: divan::Bencher) {
        let m = model();
        let (mut ids, mut v) = (Vec::new(), Vec::new());
        bencher.bench_local(|| {
            m.embed_into(divan::black_box(SENTENCE), &mut ids, &mut v);
            v[0]
        });
    }

    #[divan::bench]
    fn advert_5kb_by_sentence(bencher: divan::Bencher) {
        let m = model();
        let text = advert_5kb();
        let (mut ids, mut v) = (Vec::new(), Vec::new());
        bencher.bench_local(|| {
            let mut sum = 0.0;
            for s in split_sentences(&text) {
                m.embed_into(s.text(&text), &mut ids, &mut v);
                sum += v[0];
            }
            sum
        });
    }
}

mod score {
    use super::*;

    #[divan::bench]
    fn esco_sized_matrix(bencher: divan::Bencher) {
        let m = model();
        // Rows of real vectors (pairs of vocabulary tokens); their content does not change the cost.
        let vocab = m.tokenizer().len() as u32;
        let mut matrix = EmbeddingMatrix::new(m.dim());
        let mut v = Vec::new();
        for i in 0..ESCO_SKILLS as u32 {
            m.embed_ids_into(&[1000 + i % (vocab - 1000), 1000 + (i * 7919) % (vocab - 1000)], &mut v);
            matrix.push(&v).expect("row");
        }
        let query = m.embed(SENTENCE);
        let mut scores = Vec::with_capacity(ESCO_SKILLS);
        bencher.bench_local(|| {
            matrix.scores_into(divan::black_box(&query), &mut scores).expect("scores");
            scores[0]
        });
    }
}
