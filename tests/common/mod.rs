//! Helpers shared by the integration tests.
// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

/// The binary with an isolated index folder and no corpus from the environment.
pub fn skillmatch(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("skillmatch").expect("binary");
    cmd.env_remove("SKILLMATCH_CORPUS").env("SKILLMATCH_INDEX", index).arg("--quiet");
    isolate(&mut cmd, index);
    cmd
}

/// Keep the user's configuration and cache out of a test's run: point the XDG folders at
/// paths beside `index` that are never created (a run with an index folder named writes
/// neither; without this, a developer's own default corpus could answer for a test).
pub fn isolate(cmd: &mut Command, index: &Path) {
    let beside = |name: &str| {
        let mut path = index.as_os_str().to_owned();
        path.push(name);
        PathBuf::from(path)
    };
    cmd.env("XDG_CONFIG_HOME", beside(".no-config")).env("XDG_CACHE_HOME", beside(".no-cache"));
}

/// Run `cmd`, require success and parse its standard output as JSON.
pub fn json_of(cmd: &mut Command) -> Value {
    let output = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&output).expect("JSON output")
}

/// A test's own folder (and index inside it, `path("index")`), removed when dropped.
pub struct Env {
    /// The folder itself.
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A fresh, empty folder.
    pub fn new() -> Env {
        Env { dir: tempfile::TempDir::new().expect("temp dir") }
    }

    /// `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}
