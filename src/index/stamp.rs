//! The stamp beside the index: what the index was built from, so a stale index is rebuilt.
//!
//! It records the analyzer's name (which carries its version), the schema version, and
//! every corpus file with its size and modification time. Any difference means rebuild.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What an index was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The analyzer's versioned name.
    pub analyzer: String,
    /// [`super::schema::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The versions of the files kept beside tantivy and the embedding table the skill
    /// vectors were made with ([`super::formats`]); empty for indexes built before they
    /// were kept, which are therefore rebuilt.
    #[serde(default)]
    pub formats: String,
    /// The corpus paths as given (absolute).
    pub corpus: Vec<PathBuf>,
    /// Every file under the corpus paths.
    pub files: Vec<FileStamp>,
}

/// One corpus file's identity for staleness checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Absolute path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 where unavailable).
    pub modified_ns: u128,
}

impl FileStamp {
    /// Stamp the file at `path`; `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns =
            meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        Some(FileStamp { path: path.to_path_buf(), size: meta.len(), modified_ns })
    }
}

/// The name of the stamp file inside the index directory.
pub const STAMP_FILE: &str = "skillmatch-stamp.json";
