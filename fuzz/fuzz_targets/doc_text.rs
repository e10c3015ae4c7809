//! Fuzz plain-text and markdown input: `decode_input` (BOMs, binary sniffing, the Windows-1252 guess) and markdown's markup blanking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::text::extract::DocFormat;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    // The first byte picks the format, so one corpus serves both.
    let Some((&pick, rest)) = data.split_first() else { return };
    skillmatch_fuzz::extract_as(if pick & 1 == 0 { DocFormat::Txt } else { DocFormat::Md }, rest);
}));
