//! The index as a cache shared by many processes: first use by several at once, queries
//! during rebuilds, read-only folders, damaged files, a full disk, leftovers and moves.

mod common;

use assert_cmd::Command;
use common::{shared_dir, skillmatch};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use tempfile::TempDir;

const QUERY: &str = "incident management, ITIL, service desk";

fn sfia9() -> PathBuf {
    shared_dir().join("frameworks/sfia-9")
}

fn sfia8() -> PathBuf {
    shared_dir().join("frameworks/sfia-8")
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("skillmatch")
}

/// `query QUERY` as JSON on `index`, with `--corpus` when given.
fn query(index: &Path, corpus: Option<&Path>) -> std::process::Command {
    let mut cmd = std::process::Command::new(binary());
    cmd.env_remove("SKILLMATCH_CORPUS").arg("--index").arg(index);
    if let Some(corpus) = corpus {
        cmd.arg("--corpus").arg(corpus);
    }
    cmd.args(["--format", "json", "query", QUERY]);
    cmd
}

/// The framework and codes of a query's JSON answer.
fn answer(output: &Output) -> (String, Vec<String>) {
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    let matches = report["matches"].as_array().expect("matches");
    let frameworks: Vec<&str> = matches.iter().filter_map(|m| m["framework"].as_str()).collect();
    let codes = matches.iter().filter_map(|m| m["code"].as_str()).map(String::from).collect();
    (frameworks.first().copied().unwrap_or("").to_string(), codes)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The published generation folder.
fn generation(index: &Path) -> PathBuf {
    let name = std::fs::read_to_string(index.join("skillmatch-current")).expect("pointer");
    index.join(name.trim())
}

fn fresh_index(dir: &Path) -> (String, Vec<String>) {
    skillmatch(dir).args(["index", "--corpus"]).arg(sfia9()).assert().success();
    let output = query(dir, None).output().expect("run");
    assert!(output.status.success());
    answer(&output)
}

#[test]
fn processes_started_together_on_an_empty_folder_all_answer_and_build_once() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let children: Vec<_> = (0..6)
        .map(|_| {
            query(&index, Some(&sfia9()))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().expect("wait")).collect();
    for output in &outputs {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let first = answer(&outputs[0]);
    assert_eq!(first.0, "sfia-9");
    assert!(first.1.contains(&"USUP".to_string()), "{first:?}");
    assert!(outputs.iter().all(|o| answer(o) == first));
    let built =
        outputs.iter().filter(|o| String::from_utf8_lossy(&o.stderr).contains("built the index")).count();
    assert_eq!(built, 1, "one process builds, the others wait for it and open its index");
    let names = entries(&index);
    assert_eq!(names.iter().filter(|n| n.starts_with("gen-")).count(), 1, "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with(".build-")), "{names:?}");
}

#[test]
fn queries_during_rebuilds_answer_from_the_index_they_asked_for() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    // A ./corpus with another framework: a reader that lost the index would rebuild from it.
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    std::os::unix::fs::symlink(sfia8(), cwd.join("corpus")).unwrap();
    let expected = fresh_index(&index);
    let rebuilder = {
        let index = index.clone();
        std::thread::spawn(move || {
            for _ in 0..8 {
                let status = std::process::Command::new(binary())
                    .env_remove("SKILLMATCH_CORPUS")
                    .arg("--quiet")
                    .arg("--index")
                    .arg(&index)
                    .arg("index")
                    .stdout(Stdio::null())
                    .status()
                    .expect("rebuild");
                assert!(status.success());
            }
        })
    };
    let mut answered = 0;
    while !rebuilder.is_finished() || answered < 10 {
        let output = query(&index, None).current_dir(&cwd).output().expect("run");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(!String::from_utf8_lossy(&output.stderr).contains("built the index"));
        assert_eq!(answer(&output), expected);
        answered += 1;
    }
    rebuilder.join().expect("rebuilder");
}

/// Run `cmd` as another user (root only) and return its output, or `None` where that
/// cannot be done here.
fn as_nobody(cmd: &std::process::Command) -> Option<Output> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return None;
    }
    let mut wrapped = std::process::Command::new("setpriv");
    wrapped.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(cmd.get_program());
    wrapped.args(cmd.get_args()).env_remove("SKILLMATCH_CORPUS");
    wrapped.output().ok()
}

#[test]
fn an_index_owned_by_another_user_answers_and_a_stale_one_says_it_cannot_be_rebuilt() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let expected = fresh_index(&index);
    let before = entries(&index);
    let mut cmd = query(&index, None);
    let readonly = if let Some(output) = as_nobody(&cmd) {
        output
    } else {
        // Not root: take the write bits away from ourselves instead.
        let run = |mode| {
            std::process::Command::new("chmod").args(["-R", mode]).arg(&index).status().expect("chmod")
        };
        assert!(run("a-w").success());
        let output = cmd.output().expect("run");
        assert!(run("u+w").success());
        output
    };
    assert!(readonly.status.success(), "{}", String::from_utf8_lossy(&readonly.stderr));
    assert_eq!(answer(&readonly), expected);
    assert_eq!(entries(&index), before, "a reader creates nothing");

    let mut stale = query(&index, Some(&sfia8()));
    if let Some(output) = as_nobody(&stale) {
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("the corpus paths changed") && stderr.contains("cannot be written"),
            "{stderr}"
        );
    } else {
        eprintln!("skipped the stale half: needs root to run as another user");
        let _ = stale.output();
    }
    // The query itself still works for the owner, unchanged.
    cmd = query(&index, None);
    assert_eq!(answer(&cmd.output().expect("run")), expected);
}

#[test]
fn an_index_on_a_read_only_mount_answers() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let expected = fresh_index(&index);
    // A read-only bind mount inside a private user and mount namespace.
    let probe = std::process::Command::new("unshare").args(["-rm", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: this machine cannot make a user namespace (unshare -rm) for a read-only mount");
        return;
    }
    let script = format!(
        "mount --bind {dir} {dir} && mount -o remount,ro,bind {dir} && \
         if touch {dir}/probe 2>/dev/null; then echo writable; exit 3; fi && \
         exec {bin} --index {dir} --format json query '{QUERY}'",
        dir = index.display(),
        bin = binary().display()
    );
    let output = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .env_remove("SKILLMATCH_CORPUS")
        .output()
        .expect("unshare");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(answer(&output), expected);
}

/// Overwrite `len` bytes in the middle of `path` with pseudo-random ones.
fn scribble(path: &Path, seed: u64) {
    let mut bytes = std::fs::read(path).expect("read");
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let len = bytes.len().clamp(1, 64);
    if bytes.is_empty() {
        bytes.push(0);
    }
    let start = (bytes.len() - len.min(bytes.len())) / 2;
    for byte in bytes.iter_mut().skip(start).take(len) {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *byte = (state >> 33) as u8;
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn damage_to_any_index_file_means_rebuilt_never_a_panic_or_a_wrong_answer() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let expected = fresh_index(&index);
    let mut kinds: Vec<String> = Vec::new();
    // Segment files are named anew at each build, so each kind is found afresh.
    let tantivy_kinds = ["idx", "pos", "term", "store", "fast", "fieldnorm", "meta.json", ".managed.json"];
    let find = |kind: &str| -> PathBuf {
        let gen = generation(&index);
        match kind {
            "pointer" => index.join("skillmatch-current"),
            "catalog.bin" | "prepared.bin" | "skillmatch-stamp.json" | "manifest.json" => gen.join(kind),
            _ => std::fs::read_dir(gen.join("tantivy"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    name == kind || p.extension().is_some_and(|e| e == kind)
                })
                .unwrap_or_else(|| panic!("no {kind} file")),
        }
    };
    let all_kinds = tantivy_kinds.iter().copied().chain([
        "catalog.bin",
        "prepared.bin",
        "skillmatch-stamp.json",
        "manifest.json",
        "pointer",
    ]);
    for (seed, kind) in all_kinds.enumerate() {
        for damage in ["scribble", "truncate", "empty"] {
            let path = find(kind);
            match damage {
                "scribble" => scribble(&path, seed as u64),
                "truncate" => {
                    let len = std::fs::metadata(&path).unwrap().len();
                    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                    file.set_len(len / 2).unwrap();
                }
                _ => std::fs::write(&path, b"").unwrap(),
            }
            let output = query(&index, Some(&sfia9())).output().expect("run");
            let what = format!("{damage} {kind}");
            assert!(output.status.success(), "{what}: {}", String::from_utf8_lossy(&output.stderr));
            assert!(
                String::from_utf8_lossy(&output.stderr).contains("built the index"),
                "{what}: not rebuilt"
            );
            assert_eq!(answer(&output), expected, "{what}");
            kinds.push(what);
            // And the rebuilt index is whole again.
            let again = query(&index, None).output().expect("run");
            assert!(!String::from_utf8_lossy(&again.stderr).contains("built the index"), "{damage}");
        }
    }
    assert!(kinds.len() >= 3 * 10, "{kinds:?}");
}

#[test]
fn an_edited_document_count_is_caught() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let expected = fresh_index(&index);
    let meta = generation(&index).join("tantivy/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let edited = text.replacen("\"max_doc\":", "\"max_doc\":1", 1);
    assert_ne!(edited, text);
    std::fs::write(&meta, edited).unwrap();
    let output = query(&index, None).output().expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("damaged"));
    assert_eq!(answer(&output), expected);
}

#[test]
fn a_lost_stamp_without_a_corpus_says_so() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    fresh_index(&index);
    std::fs::write(generation(&index).join("skillmatch-stamp.json"), b"{garbled").unwrap();
    // No --corpus and no ./corpus in the working folder.
    let output = query(&index, None).current_dir(tmp.path()).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no valid stamp") && stderr.contains("rebuilding it failed"), "{stderr}");
}

#[test]
fn a_full_disk_while_building_leaves_nothing_behind_and_the_old_index_keeps_answering() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let expected = fresh_index(&index);
    let before = entries(&index);
    // Files over 40 KB fail with EFBIG, as on a full disk; the signal is ignored so the
    // process sees the error instead of being killed.
    let script = format!(
        "trap '' XFSZ; ulimit -f 40; exec {} --index {} --corpus {} index",
        binary().display(),
        index.display(),
        sfia9().display()
    );
    let output = std::process::Command::new("bash").args(["-c", &script]).output().expect("bash");
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("too large"));
    assert_eq!(entries(&index), before, "the failed build left nothing behind");
    let output = query(&index, None).output().expect("run");
    assert_eq!(answer(&output), expected);
}

#[test]
fn leftovers_and_the_older_layout_are_cleaned_by_the_next_build() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    std::fs::create_dir_all(index.join(".build-1-2/tantivy")).unwrap();
    std::fs::create_dir_all(index.join("tantivy.tmp-99")).unwrap();
    std::fs::create_dir_all(index.join("tantivy")).unwrap();
    std::fs::write(index.join("catalog.json"), b"{}").unwrap();
    std::fs::write(index.join("skillmatch-stamp.json"), b"{}").unwrap();
    std::fs::write(index.join("notes.txt"), b"mine").unwrap();
    skillmatch(&index)
        .env_remove("SKILLMATCH_CORPUS")
        .args(["--corpus"])
        .arg(sfia9())
        .arg("list")
        .assert()
        .success();
    let names = entries(&index);
    let leftovers = [".build-1-2", "tantivy.tmp-99", "tantivy", "catalog.json", "skillmatch-stamp.json"];
    assert!(leftovers.iter().all(|l| !names.contains(&l.to_string())), "{names:?}");
    assert!(names.contains(&"notes.txt".to_string()), "{names:?}");
    assert_eq!(std::fs::read(index.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn an_index_moved_to_a_machine_without_its_corpus_is_used_as_built() {
    let tmp = TempDir::new().unwrap();
    let corpus = tmp.path().join("corpus-copy");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(sfia9()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    let index = tmp.path().join("index");
    skillmatch(&index).args(["index", "--corpus"]).arg(&corpus).assert().success();
    let expected = answer(&query(&index, None).output().expect("run"));
    std::fs::remove_dir_all(&corpus).unwrap();
    let shipped = tmp.path().join("shipped");
    let status = std::process::Command::new("cp").arg("-a").arg(&index).arg(&shipped).status().unwrap();
    assert!(status.success());
    let output = query(&shipped, None).current_dir(tmp.path()).output().expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("built the index"));
    assert_eq!(answer(&output), expected);
    // Naming a corpus that is not there is still an error, not the old index.
    let mut cmd = Command::new(binary());
    cmd.env_remove("SKILLMATCH_CORPUS").arg("--index").arg(&shipped).arg("--corpus").arg(&corpus);
    cmd.args(["query", QUERY]).assert().code(2).stderr(predicate::str::contains("corpus-copy"));
}

#[test]
fn editing_a_table_a_manifest_names_outside_the_corpus_rebuilds_the_index() {
    let tmp = TempDir::new().unwrap();
    let corpus = tmp.path().join("corpus");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let table = data.join("tools.csv");
    std::fs::write(&table, "Code,Title\nT1,Kubernetes cluster operation\n").unwrap();
    let manifest = format!(
        r#"{{"id": "tools-1", "sources": [{{"file": "{}", "columns": {{"code": "Code", "name": "Title"}}}}]}}"#,
        table.display()
    );
    std::fs::write(corpus.join("tools.framework.json"), manifest).unwrap();
    let index = tmp.path().join("index");
    let list = |expect_build: bool| {
        let output = Command::new(binary())
            .env_remove("SKILLMATCH_CORPUS")
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(&corpus)
            .args(["--format", "json", "list"])
            .output()
            .expect("run");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let built = String::from_utf8_lossy(&output.stderr).contains("built the index");
        assert_eq!(built, expect_build, "{}", String::from_utf8_lossy(&output.stderr));
        let skills: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        skills.as_array().expect("skills").len()
    };
    assert_eq!(list(true), 1);
    assert_eq!(list(false), 1);
    std::fs::write(&table, "Code,Title\nT1,Kubernetes cluster operation\nT2,Terraform modules\n").unwrap();
    assert_eq!(list(true), 2, "the edited table is read again");
}

/// Rewrite the manifest entry of `relative` in `generation` to the file's current size and
/// CRC-32, as a careless copy or a tool that "repairs" checksums would.
fn remanifest(generation: &Path, relative: &str) {
    let path = generation.join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let bytes = std::fs::read(generation.join(relative)).unwrap();
    let entry = manifest["files"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["path"] == relative)
        .unwrap_or_else(|| panic!("{relative} not in the manifest"));
    entry["size"] = bytes.len().into();
    entry["crc32"] = crc32fast::hash(&bytes).into();
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

#[test]
fn a_stale_or_foreign_prepared_file_is_rebuilt_never_trusted() {
    let tmp = TempDir::new().unwrap();
    let (index, other) = (tmp.path().join("index"), tmp.path().join("other"));
    let expected = fresh_index(&index);
    skillmatch(&other).args(["index", "--corpus"]).arg(sfia8()).assert().success();
    let rebuilt_because = |why: &str| {
        let output = query(&index, None).output().expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{why}: {stderr}");
        assert!(stderr.contains("built the index"), "{why}: not rebuilt: {stderr}");
        assert_eq!(answer(&output), expected, "{why}");
        stderr
    };
    // Another index's file, with checksums that agree: it was made from another catalog.
    let foreign = generation(&other).join("prepared.bin");
    std::fs::copy(&foreign, generation(&index).join("prepared.bin")).unwrap();
    remanifest(&generation(&index), "prepared.bin");
    let stderr = rebuilt_because("foreign");
    assert!(stderr.contains("another catalog"), "{stderr}");
    // A stamp from before the file existed, or of another version of it.
    for formats in [None, Some("catalog 1, prepared 0, embeddings 00000000")] {
        let stamp_path = generation(&index).join("skillmatch-stamp.json");
        let mut stamp: Value = serde_json::from_slice(&std::fs::read(&stamp_path).unwrap()).unwrap();
        match formats {
            Some(old) => stamp["formats"] = old.into(),
            None => drop(stamp.as_object_mut().unwrap().remove("formats")),
        }
        std::fs::write(&stamp_path, serde_json::to_vec_pretty(&stamp).unwrap()).unwrap();
        remanifest(&generation(&index), "skillmatch-stamp.json");
        let stderr = rebuilt_because("stale");
        assert!(stderr.contains("format changed"), "{stderr}");
    }
    // A file of an older format version under a current stamp.
    let prepared = generation(&index).join("prepared.bin");
    let mut bytes = std::fs::read(&prepared).unwrap();
    bytes[8..12].copy_from_slice(&0u32.to_le_bytes());
    std::fs::write(&prepared, &bytes).unwrap();
    remanifest(&generation(&index), "prepared.bin");
    let stderr = rebuilt_because("old version");
    assert!(stderr.contains("format version 0"), "{stderr}");
}

#[test]
fn a_fresh_index_and_the_same_index_reopened_answer_byte_for_byte_alike() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let advert = shared_dir().join("documents/job-ads/dfe-ddat/app/views/jd/lead-solution-architect.md");
    let run = || {
        let mut cmd = std::process::Command::new(binary());
        cmd.env_remove("SKILLMATCH_CORPUS").arg("--index").arg(&index).arg("--corpus").arg(sfia9());
        let output = cmd.args(["--format", "json", "match"]).arg(&advert).output().expect("run");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (output.stdout, String::from_utf8_lossy(&output.stderr).contains("built the index"))
    };
    // The first answers from the generation it has just built, the second opens it from disk.
    let (fresh, built) = run();
    let (reopened, built_again) = run();
    assert!(built && !built_again);
    assert!(!answer_codes(&fresh).is_empty());
    assert_eq!(String::from_utf8_lossy(&fresh), String::from_utf8_lossy(&reopened));
}

fn answer_codes(stdout: &[u8]) -> Vec<String> {
    let report: Value = serde_json::from_slice(stdout).expect("JSON");
    report["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter_map(|m| m["code"].as_str())
        .map(String::from)
        .collect()
}
