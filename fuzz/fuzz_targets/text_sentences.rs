//! Fuzz the text pipeline every document goes through: sentence splitting (its documented invariants are asserted), the index analyzer (token offsets must lie on char boundaries inside the text), and the word normalisers (technical tokens, British spelling, word families).
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::index::analyzer::analyze_with_offsets;
use skillmatch::text::normalize::{normalize_spelling, scan_tech_token, tech_token, word_family};

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    let text = String::from_utf8_lossy(data);
    skillmatch_fuzz::check_sentences(&text);
    for term in analyze_with_offsets(&text) {
        assert!(term.start <= term.end && term.end <= text.len(), "term {term:?} outside the text");
        assert!(
            text.is_char_boundary(term.start) && text.is_char_boundary(term.end),
            "{term:?} off a char boundary"
        );
    }
    // scan_tech_token documents that any start offset is safe; try each one.
    for start in 0..=text.len() {
        if let Some(token) = scan_tech_token(&text, start) {
            assert!(token.end > start && token.end <= text.len(), "token end {} from {start}", token.end);
        }
    }
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let _ = tech_token(word);
        let _ = normalize_spelling(&word.to_lowercase());
        let _ = word_family(word);
    }
}));
