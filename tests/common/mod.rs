//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The folder holding the real framework files: `$SKILLMATCH_SHARED`, else `../shared`
/// beside the crate. Panics with a clear message when it is missing.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("SKILLMATCH_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("shared"),
    };
    assert!(
        dir.is_dir(),
        "shared data folder {} not found: set SKILLMATCH_SHARED to the folder holding frameworks/",
        dir.display()
    );
    dir
}
