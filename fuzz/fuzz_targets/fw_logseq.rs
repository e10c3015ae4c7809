//! Fuzz the Logseq skill page (`key:: value` properties) loader, through `load_file` as `index` calls it, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::load_as(SourceFormat::Logseq, Path::new("skill.md"), data);
}));
