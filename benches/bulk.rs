//! In-process benchmarks of bulk scoring, on the real CVs in `$SKILLMATCH_SHARED` (default
//! `../shared`); nothing of them is in the repository.
//!
//! Run with `cargo bench --bench bulk` (a couple of minutes). Throughput is in documents:
//! - `bulk_txt`: the 2,484 text CVs of `documents/cvs/kaggle-resumes/txt`, read, decoded and
//!   matched against SFIA 9 on all cores ([`skillmatch::bulk::score_paths`]);
//! - `read_and_tokenise_txt`: the same files only read, decoded, split into sentences and
//!   analysed, on all cores: the floor under `bulk_txt` (target: bulk ≤ 5 × this);
//! - `bulk_pdf`: the PDFs of `documents/cvs/kaggle-resumes/pdf`, extracted and matched.

use divan::counter::ItemsCount;
use rayon::prelude::*;
use skillmatch::bulk::{score_paths, thread_pool};
use skillmatch::index::analyzer::analyze;
use skillmatch::matching::{MatchOptions, Matcher};
use skillmatch::text::decode::decode_input;
use skillmatch::text::sentences::split_sentences;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[allow(dead_code)]
mod common;

use common::{index, shared};
use skillmatch::source::walk_files;

fn main() {
    divan::main();
}

/// Every file with extension `ext` below `dir`, sorted (the corpus walker's listing).
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let all = walk_files(dir).unwrap_or_else(|e| panic!("{e}"));
    all.into_iter().filter(|p| p.extension().is_some_and(|e| e == ext)).collect()
}

fn txt_cvs() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| files(&shared().join("documents/cvs/kaggle-resumes/txt"), "txt"))
}

fn pdf_cvs() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| files(&shared().join("documents/cvs/kaggle-resumes/pdf"), "pdf"))
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn bulk_txt(bencher: divan::Bencher) {
    let matcher = Matcher::new(index(), MatchOptions::default()).expect("matcher");
    let paths = txt_cvs();
    bencher.counter(ItemsCount::new(paths.len())).bench(|| score_paths(&matcher, paths, 0).expect("bulk"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_and_tokenise_txt(bencher: divan::Bencher) {
    let paths = txt_cvs();
    let pool = thread_pool(0).expect("pool");
    bencher.counter(ItemsCount::new(paths.len())).bench(|| {
        pool.install(|| {
            paths
                .par_iter()
                .map(|path| {
                    let bytes = std::fs::read(path).expect("read");
                    let Ok(decoded) = decode_input(path, &bytes) else { return 0 };
                    let text = decoded.text;
                    split_sentences(&text).iter().map(|s| analyze(s.text(&text)).len()).sum::<usize>()
                })
                .sum::<usize>()
        })
    });
}

#[divan::bench(sample_count = 2, sample_size = 1)]
fn bulk_pdf(bencher: divan::Bencher) {
    let matcher = Matcher::new(index(), MatchOptions::default()).expect("matcher");
    let paths = pdf_cvs();
    bencher.counter(ItemsCount::new(paths.len())).bench(|| score_paths(&matcher, paths, 0).expect("bulk"));
}
