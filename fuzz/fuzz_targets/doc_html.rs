//! Fuzz the extractor for HTML pages (the tokenizer, charset sniffing, entity decoding, table and list layout), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Html, data);
}));
