//! Fuzz the SFIA Skills-sheet CSV (Windows-1252 or UTF-8, quoted multi-line cells) loader, through `load_file` as `index` calls it, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::load_as(SourceFormat::SfiaCsv, Path::new("sfia-9-skills.csv"), data);
}));
