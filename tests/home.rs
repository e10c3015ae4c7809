//! An installed binary run from anywhere: the default corpus in the user's configuration
//! file, one index per corpus set in the user's cache, a note when the frameworks change,
//! `index --list` and `--clean`, and `--index`, `SKILLMATCH_INDEX`, `SKILLMATCH_CORPUS` and
//! a `./corpus` with sources still honoured. Every run has its own HOME and XDG folders.

mod common;

use assert_cmd::Command;
use common::shared_dir;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn sfia9() -> PathBuf {
    shared_dir().join("frameworks/sfia-9")
}

fn sfia8() -> PathBuf {
    shared_dir().join("frameworks/sfia-8")
}

/// A user: a home, config and cache folders, and a working folder with nothing in it.
struct User {
    dir: TempDir,
}

impl User {
    fn new() -> User {
        let user = User { dir: TempDir::new().unwrap() };
        std::fs::create_dir_all(user.cwd()).unwrap();
        user
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The folder commands run in.
    fn cwd(&self) -> PathBuf {
        self.path("work")
    }

    fn config_file(&self) -> PathBuf {
        self.path("config/skillmatch/config.toml")
    }

    fn indexes(&self) -> PathBuf {
        self.path("cache/skillmatch/indexes")
    }

    /// The binary as this user runs it, in [`User::cwd`], without -q (the notes are tested).
    fn skillmatch(&self) -> Command {
        let mut cmd = Command::cargo_bin("skillmatch").expect("binary");
        cmd.env_remove("SKILLMATCH_CORPUS")
            .env_remove("SKILLMATCH_INDEX")
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .current_dir(self.cwd());
        cmd
    }

    fn run(&self, args: &[&str], corpus: Option<&Path>) -> (String, String) {
        let mut cmd = self.skillmatch();
        if let Some(corpus) = corpus {
            cmd.arg("--corpus").arg(corpus);
        }
        let output = cmd.args(args).assert().success().get_output().clone();
        (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    }

    fn cached(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.indexes())
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    fn cwd_entries(&self) -> usize {
        std::fs::read_dir(self.cwd()).unwrap().count()
    }
}

const QUERY: &[&str] = &["query", "--format", "json", "incident management, ITIL, service desk"];

#[test]
fn without_any_corpus_the_error_says_what_to_do() {
    let user = User::new();
    let out = user.skillmatch().args(["query", "incident management"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("--corpus PATH"), "{stderr}");
    assert!(stderr.contains(&user.config_file().display().to_string()), "names the config file: {stderr}");
    assert!(!stderr.contains("cannot read"), "no bare '<folder>/corpus: cannot read': {stderr}");
    assert_eq!(user.cwd_entries(), 0);
    // Commands that need no index still run.
    user.skillmatch().args(["completions", "bash"]).assert().success();
    user.skillmatch().args(["index", "--list"]).assert().success();
}

#[test]
fn the_first_corpus_becomes_the_default_and_the_current_folder_stays_empty() {
    let user = User::new();
    let (first, stderr) = user.run(QUERY, Some(&sfia9()));
    assert!(stderr.contains("saved the corpus as the default"), "{stderr}");
    let config = std::fs::read_to_string(user.config_file()).expect("config file written");
    assert!(config.contains(&std::fs::canonicalize(sfia9()).unwrap().display().to_string()), "{config}");
    assert_eq!(user.cwd_entries(), 0, "nothing written into the current folder");
    assert_eq!(user.cached().len(), 1, "{:?}", user.cached());
    assert!(user.cached()[0].starts_with("sfia-9-"), "{:?}", user.cached());

    // From another folder, without --corpus: the saved default, the same index, no rebuild.
    let elsewhere = user.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let output =
        user.skillmatch().current_dir(&elsewhere).args(QUERY).assert().success().get_output().clone();
    assert_eq!(String::from_utf8_lossy(&output.stdout), first);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("built the index"), "the cached index is reused: {stderr}");
    assert!(!stderr.contains("saved"), "the default is saved once: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(report["matches"][0]["code"], "USUP", "{report}");
}

#[test]
fn switching_corpus_keeps_each_index_and_says_which_frameworks_a_run_used() {
    let user = User::new();
    user.run(QUERY, Some(&sfia9()));
    // A one-off run on SFIA 8 builds its own index beside SFIA 9's and says so.
    let (_, stderr) = user.run(QUERY, Some(&sfia8()));
    assert!(stderr.contains("frameworks: sfia-8") && stderr.contains("the last run used sfia-9"), "{stderr}");
    assert_eq!(user.cached().len(), 2, "{:?}", user.cached());
    // Back to the default: SFIA 9 again, its index untouched (no rebuild), and the note.
    let (out, stderr) = user.run(QUERY, None);
    assert!(stderr.contains("frameworks: sfia-9") && stderr.contains("the last run used sfia-8"), "{stderr}");
    assert!(!stderr.contains("built the index"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["framework"], "sfia-9");
    // The same set as the last run: nothing to say.
    let (_, stderr) = user.run(QUERY, None);
    assert!(!stderr.contains("frameworks:"), "{stderr}");

    let (list, _) = user.run(&["index", "--list"], None);
    assert!(list.contains("cache: ") && list.contains("(2 indexes)"), "{list}");
    assert!(list.contains("sfia-8 · 121 skills") && list.contains("sfia-9 · 147 skills"), "{list}");
    assert!(list.contains(&format!("config file: {}", user.config_file().display())), "{list}");

    let (cleaned, _) = user.run(&["index", "--clean"], None);
    assert!(cleaned.contains("2 cached indexes removed"), "{cleaned}");
    assert!(user.cached().is_empty(), "{:?}", user.cached());
    // A user's own folder in the cache is not an index: left alone.
    std::fs::create_dir_all(user.indexes().join("mine")).unwrap();
    user.run(&["index", "--clean"], None);
    assert_eq!(user.cached(), ["mine"]);
}

#[test]
fn an_index_named_by_flag_or_environment_is_used_as_given() {
    let user = User::new();
    let named = user.path("named-index");
    user.run(&["--index", named.to_str().unwrap(), "index"], Some(&sfia8()));
    assert!(named.join("skillmatch-current").is_file(), "built where --index says");
    assert!(!user.config_file().exists(), "--index writes no configuration");
    assert!(user.cached().is_empty(), "nor anything in the cache");
    // SKILLMATCH_INDEX, without --corpus: the index as built (SFIA 8), no hint needed.
    let output =
        user.skillmatch().env("SKILLMATCH_INDEX", &named).args(QUERY).assert().success().get_output().clone();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["framework"], "sfia-8");
    // SKILLMATCH_CORPUS names the corpus of a cached index, and is not saved as the default.
    let output = user
        .skillmatch()
        .env("SKILLMATCH_CORPUS", sfia8())
        .args(QUERY)
        .assert()
        .success()
        .get_output()
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["framework"], "sfia-8");
    assert!(!user.config_file().exists());
    assert_eq!(user.cached().len(), 1);
}

#[test]
fn a_corpus_folder_with_sources_is_the_default_inside_it_and_the_config_elsewhere() {
    let user = User::new();
    // The configured default is SFIA 9.
    user.run(QUERY, Some(&sfia9()));
    // A checkout whose corpus/ holds SFIA 8 (a README alone would not count).
    let checkout = user.path("checkout");
    std::fs::create_dir_all(checkout.join("corpus")).unwrap();
    std::fs::write(checkout.join("corpus/README.md"), "# corpus/\n").unwrap();
    let framework = |cwd: &Path| {
        let output = user.skillmatch().current_dir(cwd).args(QUERY).assert().success().get_output().clone();
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["framework"].clone()
    };
    assert_eq!(framework(&checkout), "sfia-9", "a corpus/ with only its README is not a corpus");
    let xlsx = sfia8().join("sfia-8_en_220221.xlsx");
    std::fs::copy(&xlsx, checkout.join("corpus/sfia-8.xlsx")).unwrap();
    assert_eq!(framework(&checkout), "sfia-8");
    assert!(!checkout.join("index").exists(), "its index is in the cache, not in the checkout");
    assert_eq!(framework(&user.cwd()), "sfia-9");
}

#[test]
fn a_broken_config_file_is_named_with_its_line() {
    let user = User::new();
    std::fs::create_dir_all(user.config_file().parent().unwrap()).unwrap();
    std::fs::write(user.config_file(), "# mine\ncorpus = /no/quotes\n").unwrap();
    let out = user.skillmatch().args(QUERY).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("{}:2:", user.config_file().display())), "{stderr}");
    // A corpus given on the command line does not need the file, and does not overwrite it.
    user.run(QUERY, Some(&sfia8()));
    assert!(std::fs::read_to_string(user.config_file()).unwrap().contains("/no/quotes"));
    // A hand-written file with a list and a ~/ path.
    let home = user.path("home");
    std::fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::symlink(sfia8(), home.join("sfia8")).unwrap();
    std::fs::write(user.config_file(), "corpus = [\n  \"~/sfia8\",  # SFIA 8\n]\n").unwrap();
    let (out, _) = user.run(QUERY, None);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["framework"], "sfia-8");
}
