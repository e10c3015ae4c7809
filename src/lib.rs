//! skillmatch: find the skills of a skills framework in free text, at a level of
//! responsibility, with the evidence sentences that show them.
//!
//! Data flows one way: [`source`] (framework files) → [`model`] (the catalog) →
//! [`index`] (tantivy, one document per skill and per skill level) → [`matching`]
//! (sentences scored and aggregated to skills and levels) → [`report`] (table, JSON, CSV).
//! [`text`] holds what reads the user's documents: decoding, sentences, normalisation.
//! [`semantic`] embeds text with a static embedding table compiled into the binary.
//! [`walk`] lists folders for both the corpus loader and bulk runs.
//! The `skillmatch` binary is a thin layer over this library: its command line (flags,
//! configuration, one file per subcommand) is private to it, in `src/cli/`.

pub mod bulk;
pub mod error;
pub mod eval;
pub mod fasthash;
pub mod index;
pub mod matching;
pub mod model;
pub mod recruit;
pub mod report;
pub mod semantic;
pub mod source;
pub mod text;
pub mod walk;

#[cfg(test)]
mod test_support;

pub use error::{Error, Result};
