//! Fuzz the generic table loader (.csv, .tsv, tab-separated .txt, .xlsx with recognised headers), through `load_file`, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

const NAMES: [&str; 4] = ["skills.csv", "skills.tsv", "skills.txt", "skills.xlsx"];

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    // The first byte picks the file name, whose extension picks the delimiter rules.
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    skillmatch_fuzz::load_as(SourceFormat::Generic, Path::new(name), rest);
}));
