//! Normalisation of technical tokens and spellings. STUB: being written.
