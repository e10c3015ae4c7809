//! Fuzz the SFIA skill page and level-of-responsibility page (text or markdown) loader, through `load_file` as `index` calls it, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::load_as(SourceFormat::SfiaPage, Path::new("skill.md"), data);
}));
