//! Fuzz the byte-to-text decoders: framework sources (`decode_source_text`), documents with a declared charset (`decode_with_charset`), and documents to match (`decode_input`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::text::decode::{decode_input, decode_source_text, decode_with_charset};
use std::path::Path;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    // The first part (up to a NUL) is the declared charset label, the rest the bytes.
    let parts = skillmatch_fuzz::split_parts(data, 2);
    let label = String::from_utf8_lossy(parts[0]);
    let bytes = parts[1];
    let _ = decode_source_text(bytes);
    let _ = decode_with_charset(bytes, Some(&label));
    let _ = decode_with_charset(bytes, None);
    if let Ok(decoded) = decode_input(Path::new("input.txt"), bytes) {
        assert!(!decoded.text.trim().is_empty(), "decode_input returned no text without an error");
    }
}));
