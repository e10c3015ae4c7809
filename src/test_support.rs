//! Helpers shared by the unit tests.

/// A deterministic xorshift64 generator for fuzz tests (no dependency): each call returns
/// the next number of the sequence started at `seed` (non-zero).
pub fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
