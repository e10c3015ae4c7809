//! Fuzz the extractor for Word 2007+ documents (zip container, document/footnote/text-box XML), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Docx, data);
}));
