//! The tantivy index over every skill and skill level. STUB: being written.
pub mod analyzer;
