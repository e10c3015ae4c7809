//! Fuzz the corpus loader's dispatch: `detect` tells a file's format from its name and bytes, then that format's loader reads it, then the catalog merge (what `load_corpus` does for each file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::{detect, SourceFormat};
use std::path::Path;

const NAMES: [&str; 8] = ["f.xlsx", "f.csv", "f.tsv", "f.json", "f.md", "f.txt", "f", "x.framework.json"];

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let path = Path::new(NAMES[usize::from(pick) % NAMES.len()]);
    match detect(path, rest) {
        // A manifest reads the files it names from disk: fw_manifest covers it in a sandbox;
        // an ESCO skills file looks for its companions beside it (none here).
        Ok(SourceFormat::Manifest) | Err(_) => {}
        Ok(format) => skillmatch_fuzz::load_as(format, path, rest),
    }
}));
