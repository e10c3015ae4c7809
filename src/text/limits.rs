//! How much of a document is read: the one size setting (`--max-bytes`) and the bounds
//! derived from it.
//!
//! A module of its own so that both the reader ([`crate::text::input`]) and the extractors
//! ([`crate::text::extract`], which bound how much a zip package inflates) can use it while
//! the imports run one way: `input` → `extract` → `limits`.
//!
//! All sizes use saturating arithmetic: an absurd `--max-bytes` means "no practical limit",
//! never a wrap-around.

/// Default `--max-bytes`: text beyond this is cut off.
pub const DEFAULT_MAX_BYTES: usize = 5_000_000;
/// A file over this many times `--max-bytes` is refused unread; zip members are inflated up
/// to this many times `--max-bytes` (office XML is mostly markup around the text).
pub const REFUSE_FACTOR: usize = 20;
/// Standard input is read up to this many times `--max-bytes`: enough for the text to reach
/// the limit in any encoding (UTF-32 takes 4 bytes a character).
pub const STDIN_FACTOR: usize = 4;

/// How much of a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Text beyond this many bytes (cut at a character boundary) is not matched.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: DEFAULT_MAX_BYTES }
    }
}

impl Limits {
    /// Files (and JSON lines) larger than this are refused without being read.
    pub fn refuse_over(&self) -> usize {
        self.max_bytes.saturating_mul(REFUSE_FACTOR)
    }

    /// The most bytes inflated from a zip package's members (DOCX, ODT), all members
    /// together; beyond it the document's text is cut.
    pub fn inflate_limit(&self) -> u64 {
        u64::try_from(self.refuse_over()).unwrap_or(u64::MAX)
    }

    /// The most bytes read from standard input; beyond it the input is cut.
    pub fn stdin_limit(&self) -> u64 {
        u64::try_from(self.max_bytes.saturating_mul(STDIN_FACTOR)).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_limits_saturate() {
        let huge = Limits { max_bytes: usize::MAX / 2 };
        assert_eq!(huge.refuse_over(), usize::MAX);
        assert_eq!(huge.inflate_limit(), u64::MAX);
        assert_eq!(huge.stdin_limit(), u64::MAX);
    }
}
