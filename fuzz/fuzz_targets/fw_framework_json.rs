//! Fuzz the JSON framework file (top-level `skills`; also SFIA 7's nested layout) loader, through `load_file` as `index` calls it, then the catalog merge.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::load_as(SourceFormat::FrameworkJson, Path::new("framework.json"), data);
}));
