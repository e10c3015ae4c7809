//! Fuzz the extractor for OpenDocument text (zip container, content.xml), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Odt, data);
}));
