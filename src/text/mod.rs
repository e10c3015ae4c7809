//! Text handling for documents and framework sources: decoding bytes to text
//! ([`decode`]), splitting text into sentences with byte offsets ([`sentences`]) and the
//! normalisation of technical tokens and spellings that the analyzer applies ([`normalize`]).

pub mod decode;
pub mod extract;
pub mod normalize;
pub mod sentences;
