//! Fuzz the official SFIA spreadsheet (.xlsx: Skills, Levels of responsibility, Attributes sheets) loader, through `load_file` as `index` calls it, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::load_as(SourceFormat::SfiaSheet, Path::new("sfia-9_current-standard_en.xlsx"), data);
}));
