//! The English analyzer. STUB: being written.
