//! Text handling for documents and framework sources: reading a document within bounds
//! ([`input`], with the bounds in [`limits`]), decoding bytes to text ([`decode`]), extracting a document's text
//! ([`extract`]), splitting text into sentences with byte offsets ([`sentences`]) and the
//! normalisation of technical tokens and spellings that the analyzer applies ([`normalize`]).

pub mod decode;
pub mod extract;
pub mod input;
pub mod limits;
pub mod normalize;
pub mod sentences;
