//! Fuzz the extractor for PDF files (lopdf's object parser, our content-stream scanner, fonts and CMaps), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Pdf, data);
}));
