//! Sentence splitting with byte offsets. STUB: being written.

/// A sentence as a byte range of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// Split `text` into sentences.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        if text[start..i].trim().len() > 0 {
            out.push(Sentence { start, end: i });
        }
        start = i + 1;
    }
    if text[start..].trim().len() > 0 {
        out.push(Sentence { start, end: text.len() });
    }
    out
}
