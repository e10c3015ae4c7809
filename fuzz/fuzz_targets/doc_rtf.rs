//! Fuzz the extractor for Rich Text Format (control words, groups, code pages, Unicode escapes), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Rtf, data);
}));
