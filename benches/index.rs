//! What a process pays before its first answer: building an index on disk, opening it, and
//! the first query, on SFIA 9 and on ESCO 1.1.0.
//!
//! Run with `cargo bench --bench index`. The frameworks are read from `$SKILLMATCH_SHARED`
//! (default `../shared`); without them the benchmark says so and runs nothing.
//!
//! - `build/*`: `index::build` into a fresh folder: load the corpus, index it with tantivy,
//!   write the catalog and the prepared file, publish and reopen the generation;
//! - `open/*`: open a built index from disk (verify, decode the catalog and the prepared
//!   file) and make a matcher, as every command does;
//! - `first_query/*`: the same and a recruiter's one-line query, as `skillmatch query`;
//! - `first_match_5kb/*`: the same with a 5 KB advert instead, as `skillmatch match`.
//!
//! The whole-process figures (`/usr/bin/time -v`) are in the README's measurements.

use skillmatch::index::{build, open_or_build, IndexConfig};
use skillmatch::matching::{MatchOptions, Matcher};
use std::path::PathBuf;
use std::sync::OnceLock;
use tempfile::TempDir;

// This benchmark uses the shared-data path and the advert of the common set-up.
#[allow(dead_code)]
mod common;

use common::{advert_5kb, shared};

const QUERY: &str = "manage a team of nurses and plan shifts";

fn sfia9() -> PathBuf {
    shared().join("frameworks/sfia-9")
}

fn esco() -> PathBuf {
    shared().join("frameworks/esco-1.1.0")
}

fn main() {
    let missing: Vec<PathBuf> = [sfia9(), esco()].into_iter().filter(|p| !p.is_dir()).collect();
    if !missing.is_empty() {
        eprintln!("skipped: no {} (set SKILLMATCH_SHARED)", missing[0].display());
        return;
    }
    divan::main();
    for index in [SFIA9.get(), ESCO.get()].into_iter().flatten() {
        let _ = std::fs::remove_dir_all(&index.dir);
    }
}

/// An index of `corpus` built once per benchmark binary, in a folder removed when it ends.
fn built(corpus: PathBuf) -> IndexConfig {
    let dir = TempDir::new().expect("tempdir").keep();
    build(&dir, std::slice::from_ref(&corpus)).expect("build");
    IndexConfig { dir, corpus: Some(vec![corpus]), default_corpus: Vec::new() }
}

static SFIA9: OnceLock<IndexConfig> = OnceLock::new();
static ESCO: OnceLock<IndexConfig> = OnceLock::new();

fn sfia9_index() -> &'static IndexConfig {
    SFIA9.get_or_init(|| built(sfia9()))
}

fn esco_index() -> &'static IndexConfig {
    ESCO.get_or_init(|| built(esco()))
}

/// Open the index and answer `text`, as a fresh process would.
fn first_answer(config: &IndexConfig, text: &str) -> usize {
    let (index, rebuilt) = open_or_build(config).expect("open");
    assert!(rebuilt.is_none(), "the index was rebuilt");
    let matcher = Matcher::new(&index, MatchOptions::default()).expect("matcher");
    matcher.match_text("bench", text).expect("match").matches.len()
}

mod build {
    use super::*;

    fn build_into_fresh_folder(bencher: divan::Bencher, corpus: PathBuf) {
        bencher.with_inputs(|| TempDir::new().expect("tempdir")).bench_values(|dir| {
            let (index, _) = build(dir.path(), std::slice::from_ref(&corpus)).expect("build");
            divan::black_box(index.catalog().skill_count());
            dir
        });
    }

    #[divan::bench(sample_count = 10)]
    fn sfia9(bencher: divan::Bencher) {
        build_into_fresh_folder(bencher, super::sfia9());
    }

    #[divan::bench(sample_count = 5)]
    fn esco(bencher: divan::Bencher) {
        build_into_fresh_folder(bencher, super::esco());
    }
}

mod open {
    use super::*;

    fn open_and_prepare(config: &IndexConfig) -> usize {
        let (index, _) = open_or_build(config).expect("open");
        let matcher = Matcher::new(&index, MatchOptions::default()).expect("matcher");
        divan::black_box(&matcher);
        // The heads only: decoding every skill (`catalog()`) is what `list` does, not an open.
        index.frameworks().iter().map(|f| f.skills).sum()
    }

    #[divan::bench(sample_count = 20)]
    fn sfia9() -> usize {
        open_and_prepare(sfia9_index())
    }

    #[divan::bench(sample_count = 20)]
    fn esco() -> usize {
        open_and_prepare(esco_index())
    }
}

mod first_query {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn sfia9() -> usize {
        first_answer(sfia9_index(), QUERY)
    }

    #[divan::bench(sample_count = 20)]
    fn esco() -> usize {
        first_answer(esco_index(), QUERY)
    }
}

mod first_match_5kb {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn sfia9(bencher: divan::Bencher) {
        let text = advert_5kb();
        bencher.bench(|| first_answer(sfia9_index(), &text));
    }

    #[divan::bench(sample_count = 20)]
    fn esco(bencher: divan::Bencher) {
        let text = advert_5kb();
        bencher.bench(|| first_answer(esco_index(), &text));
    }
}
