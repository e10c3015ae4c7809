//! Fuzz the extractor for legacy Word 97–2003 documents (OLE2 container, piece table), through `extract` as `match` calls it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    skillmatch_fuzz::extract_as(skillmatch::text::extract::DocFormat::Doc, data);
}));
