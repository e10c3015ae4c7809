//! `skillmatch bulk` end to end, on the real framework and documents in ../shared.
//!
//! Every test builds its own SFIA 9 index in a temporary folder and drives the binary.

mod common;

use assert_cmd::Command;
use common::{shared_dir, Env};
use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

fn docs(rel: &str) -> PathBuf {
    shared_dir().join("documents").join(rel)
}

// The test folder (`Env::new`, `path`) is shared; the commands are this file's own.
impl Env {
    /// `skillmatch --quiet --corpus sfia-9 --index <tmp>/index bulk …`.
    fn bulk(&self) -> Command {
        let mut cmd = Command::cargo_bin("skillmatch").expect("binary");
        cmd.env_remove("SKILLMATCH_CORPUS")
            .env_remove("SKILLMATCH_INDEX")
            .arg("--quiet")
            .arg("--corpus")
            .arg(shared_dir().join("frameworks/sfia-9"))
            .arg("--index")
            .arg(self.path("index"))
            .arg("bulk");
        cmd
    }
}

/// The JSON lines of `text`, each parsed (panics on a line that is not JSON).
fn records(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

fn read_records(path: &Path) -> Vec<Value> {
    records(&std::fs::read_to_string(path).expect("output file"))
}

/// Records without what changes from run to run.
fn stable(mut records: Vec<Value>) -> Vec<Value> {
    for r in &mut records {
        r.as_object_mut().expect("object").remove("elapsed_ms");
    }
    records
}

fn ids(records: &[Value]) -> Vec<String> {
    records.iter().map(|r| r["id"].to_string()).collect()
}

/// The supported files below `dir`, as the walk lists them.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn stdout_of(cmd: &mut Command) -> String {
    stdout_with(cmd, 0)
}

/// Standard output of a run that exits with `code`.
fn stdout_with(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stdout.clone()).expect("UTF-8 output")
}

#[test]
fn folder_of_text_cvs_to_jsonl_and_csv() {
    let env = Env::new();
    let folder = docs("cvs/kaggle-resumes/txt/INFORMATION-TECHNOLOGY");
    let files = files_below(&folder);
    assert_eq!(files.len(), 120);

    let out = env.path("r.jsonl");
    env.bulk().arg(&folder).arg("--out").arg(&out).assert().success();
    assert!(!env.path("r.jsonl.partial").exists(), "the partial file is renamed at the end");
    let recs = read_records(&out);
    assert_eq!(recs.len(), files.len());
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let got: Vec<String> = recs.iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, paths, "one record per file, sorted by path");
    assert_eq!(ids(&recs).into_iter().collect::<HashSet<_>>().len(), recs.len(), "ids are unique");
    for r in &recs {
        assert_eq!(r["id"], r["path"]);
        assert_eq!(r["source"], r["path"]);
        assert_eq!(r["framework"], "sfia-9");
        assert_eq!(r["format"], "txt");
        assert!(r["bytes"].as_u64().unwrap() > 0);
        assert!(r["elapsed_ms"].as_f64().is_some());
        assert!(r["matches"].is_array());
    }
    let matched = recs.iter().filter(|r| !r["matches"].as_array().unwrap().is_empty()).count();
    assert!(matched > 100, "IT CVs match SFIA skills ({matched} of 120 did)");
    let first = recs.iter().find(|r| !r["matches"].as_array().unwrap().is_empty()).unwrap();
    let m = &first["matches"][0];
    for key in ["code", "name", "score", "level", "evidence"] {
        assert!(m.get(key).is_some(), "match has {key}: {m}");
    }

    // CSV output of the same folder: parses, and every document appears.
    let csv_out = env.path("r.csv");
    env.bulk().arg(&folder).args(["--top", "3", "--out"]).arg(&csv_out).assert().success();
    let mut reader = csv::Reader::from_path(&csv_out).expect("CSV output");
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["id", "path", "rank", "framework", "code", "name", "level", "score", "evidence", "error"]
    );
    let mut seen = Vec::new();
    for row in reader.records() {
        let row = row.expect("CSV row");
        let rank = &row[2];
        assert!(rank.is_empty() || (1..=3).contains(&rank.parse::<u32>().unwrap()), "rank {rank}");
        if seen.last() != Some(&row[0].to_string()) {
            seen.push(row[0].to_string());
        }
    }
    assert_eq!(seen, paths, "every document appears, in order");
}

#[test]
fn jsonl_in_from_a_file_and_from_stdin_keep_count_and_order() {
    let env = Env::new();
    let postings = docs("job-ads/skillspan-postings/postings.jsonl");
    let lines = std::fs::read_to_string(&postings).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines, 263);

    let out = env.path("r.jsonl");
    env.bulk().arg("--jsonl-in").arg(&postings).arg("--out").arg(&out).assert().success();
    let from_file = read_records(&out);
    assert_eq!(from_file.len(), 263);
    // No "id" field in these postings: the id is the line number, written as a string.
    let expected: Vec<String> = (1..=263).map(|n: u32| format!("\"{n}\"")).collect();
    assert_eq!(ids(&from_file), expected);
    assert_eq!(from_file[0]["path"], postings.display().to_string());
    assert_eq!(from_file[0]["format"], "jsonl");

    let stdout = stdout_of(env.bulk().args(["--jsonl-in", "-"]).pipe_stdin(&postings).unwrap());
    let from_stdin = records(&stdout);
    assert_eq!(ids(&from_stdin), expected);
    assert!(from_stdin[0].get("path").is_none());
    assert_eq!(from_stdin[4]["source"], "-:5");
    for (a, b) in from_file.iter().zip(&from_stdin) {
        assert_eq!(a["matches"], b["matches"], "same text, same matches");
    }

    // The posting_id field as the id.
    let stdout = stdout_of(
        env.bulk()
            .args(["--jsonl-in", "-", "--id-column", "posting_id", "--top", "1"])
            .pipe_stdin(&postings)
            .unwrap(),
    );
    assert_eq!(records(&stdout)[0]["id"], "train-tech-1");
}

#[test]
fn jsonl_on_stdin_streams_answers_before_the_input_ends() {
    let env = Env::new();
    // Build the index first: the streaming run must not wait for a build.
    env.bulk().args(["--jsonl-in", "-"]).write_stdin("").assert().success();
    let bin = assert_cmd::cargo::cargo_bin("skillmatch");
    let mut child = std::process::Command::new(bin)
        .env_remove("SKILLMATCH_CORPUS")
        .args(["--quiet", "--index"])
        .arg(env.path("index"))
        .args(["bulk", "--jsonl-in", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    writeln!(stdin, r#"{{"id": "a", "text": "Managed the IT infrastructure and the network."}}"#).unwrap();
    stdin.flush().unwrap();
    let first = rx.recv_timeout(Duration::from_secs(60)).expect("an answer while stdin is still open");
    assert_eq!(serde_json::from_str::<Value>(&first).unwrap()["id"], "a");
    writeln!(stdin, r#"{{"id": 2, "text": "Wrote Python and SQL."}}"#).unwrap();
    drop(stdin);
    let second = rx.recv_timeout(Duration::from_secs(60)).expect("second answer");
    assert_eq!(serde_json::from_str::<Value>(&second).unwrap()["id"], "2", "ids are always strings");
    assert!(child.wait().unwrap().success());
}

#[test]
fn csv_inputs_give_one_record_per_row() {
    let env = Env::new();
    let resumes = docs("cvs/resume-dataset-962/UpdatedResumeDataSet.csv");
    let stdout = stdout_of(env.bulk().arg(&resumes).args(["--top", "1"]));
    let recs = records(&stdout);
    assert_eq!(recs.len(), 962);
    let rows: Vec<u64> = recs.iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, (1..=962).collect::<Vec<_>>());
    assert_eq!(recs[0]["id"], "1", "no id column: the row number, as a string");
    assert!(recs.iter().all(|r| r["id"].is_string()), "every id is a string");
    assert_eq!(recs[0]["format"], "csv");
    assert!(recs.iter().all(|r| r.get("error").is_none()), "the Resume column is found by name");

    let dice = docs("job-ads/dice/dice_com-job_us_sample.csv");
    let recs = records(&stdout_of(env.bulk().arg(&dice).args(["--top", "1"])));
    assert_eq!(recs.len(), 658);
    assert_eq!(recs[0]["id"], "0", "pandas' unnamed index column is the id");
    assert!(recs.iter().filter(|r| r.get("error").is_some()).count() < 5);

    // A named text column that is not there: one error record for the file.
    let out = env.bulk().arg(&dice).args(["--text-column", "nope"]).assert().code(1);
    let recs = records(std::str::from_utf8(&out.get_output().stdout).unwrap());
    assert_eq!(recs.len(), 1);
    assert!(recs[0]["error"].as_str().unwrap().contains("no column 'nope'"));
}

#[test]
fn mixed_folder_every_file_once_and_junk_is_an_error_record() {
    let env = Env::new();
    let folder = docs("job-ads/la-city/files");
    let files = files_below(&folder);
    let out = env.path("r.jsonl");
    let assert = env.bulk().arg(&folder).arg("--out").arg(&out).assert();
    let recs = read_records(&out);
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let got: Vec<String> = recs.iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, paths, "every file exactly once, sorted");
    let lock = recs
        .iter()
        .find(|r| r["path"].as_str().unwrap().contains("~$"))
        .expect("the Word lock file has a record");
    assert!(lock["error"].is_string(), "{lock}");
    assert_eq!(lock["matches"], Value::Array(vec![]));
    let failed = recs.iter().filter(|r| r.get("error").is_some()).count();
    assert!(failed >= 1);
    assert.code(1);
}

#[test]
fn resume_after_an_interrupted_run_equals_a_clean_run() {
    let env = Env::new();
    let folder = docs("cvs/kaggle-resumes/txt/INFORMATION-TECHNOLOGY");
    let clean = env.path("clean.jsonl");
    env.bulk().arg(&folder).args(["--top", "3", "--out"]).arg(&clean).assert().success();
    let clean_text = std::fs::read_to_string(&clean).unwrap();
    let lines: Vec<&str> = clean_text.lines().collect();

    // An interrupted run: 37 complete lines and half of the 38th.
    let out = env.path("r.jsonl");
    let mut partial = lines[..37].join("\n");
    partial.push('\n');
    partial.push_str(&lines[37][..lines[37].len() / 2]);
    std::fs::write(env.path("r.jsonl.partial"), partial).unwrap();

    env.bulk().arg(&folder).args(["--top", "3", "--resume", "--out"]).arg(&out).assert().success();
    assert!(!env.path("r.jsonl.partial").exists());
    let resumed = read_records(&out);
    assert_eq!(resumed.len(), 120);
    assert_eq!(ids(&resumed).into_iter().collect::<HashSet<_>>().len(), 120, "each document once");
    assert_eq!(stable(resumed), stable(records(&clean_text)));

    // Without --resume, a stale partial file is replaced.
    std::fs::write(env.path("r.jsonl.partial"), "garbage\n").unwrap();
    env.bulk().arg(&folder).args(["--top", "3", "--out"]).arg(&out).assert().success();
    assert_eq!(stable(read_records(&out)), stable(records(&clean_text)));
}

/// A small synthetic tree: nested folders, a hidden file, an unknown extension.
fn small_tree(root: &Path) -> PathBuf {
    let dir = root.join("docs");
    std::fs::create_dir_all(dir.join("b/deeper")).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let cv = "Led a team of software developers. Designed databases and wrote SQL queries.\n\
              Managed IT infrastructure, networks and servers. Ran the service desk.\n";
    std::fs::write(dir.join("a.txt"), cv).unwrap();
    std::fs::write(dir.join("b/c.md"), format!("# CV\n\n{cv}")).unwrap();
    std::fs::write(dir.join("b/deeper/d.txt"), cv.repeat(3)).unwrap();
    std::fs::write(dir.join("b/notes.cv"), cv).unwrap();
    std::fs::write(dir.join("b/empty.txt"), "   \n").unwrap();
    std::fs::write(dir.join(".hidden.txt"), cv).unwrap();
    std::fs::write(dir.join(".git/config.txt"), cv).unwrap();
    dir
}

#[test]
fn globs_lists_filters_and_jobs_give_the_same_records() {
    let env = Env::new();
    let dir = small_tree(env.dir.path());
    let shown = |rel: &str| dir.join(rel).display().to_string();
    // The empty file is an error record: exit code 1.
    let folder_run = records(&stdout_with(env.bulk().arg(&dir).arg("--jobs").arg("1"), 1));
    let paths: Vec<&str> = folder_run.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, [shown("a.txt"), shown("b/c.md"), shown("b/deeper/d.txt"), shown("b/empty.txt")]);
    let empty = &folder_run[3];
    assert!(empty["error"].as_str().unwrap().contains("empty"), "{empty}");

    let default_jobs = records(&stdout_with(env.bulk().arg(&dir), 1));
    assert_eq!(stable(default_jobs), stable(folder_run.clone()));

    // The same files by a list on stdin.
    let list: String = paths.iter().map(|p| format!("{p}\n")).collect();
    let listed = records(&stdout_with(env.bulk().args(["--files-from", "-"]).write_stdin(list), 1));
    assert_eq!(stable(listed), stable(folder_run.clone()));

    // By glob (the walk is below the pattern's literal folder).
    let pattern = format!("{}/**/*.txt", dir.display());
    let globbed = records(&stdout_with(env.bulk().arg(&pattern), 1));
    let globbed_paths: Vec<&str> = globbed.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(globbed_paths, [shown("a.txt"), shown("b/deeper/d.txt"), shown("b/empty.txt")]);
    let pattern = format!("{}/*/*/*.txt", dir.display());
    let globbed = records(&stdout_of(env.bulk().arg(&pattern)));
    assert_eq!(globbed.len(), 1, "* stays within one folder");
    assert_eq!(globbed[0]["path"], shown("b/deeper/d.txt"));

    // --include reads an unknown extension as text; --exclude drops files.
    let included =
        // (The whole ranking: a four-line CV is short of the default report's evidence.)
        records(&stdout_of(env.bulk().arg(&dir).args(["--include", "*.cv", "--include", "a.txt", "--min-score", "0"])));
    let included_paths: Vec<&str> = included.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(included_paths, [shown("a.txt"), shown("b/notes.cv")]);
    assert!(!included[1]["matches"].as_array().unwrap().is_empty());
    let excluded = records(&stdout_of(env.bulk().arg(&dir).args(["--exclude", "b/**", "--exclude", "*.md"])));
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0]["path"], shown("a.txt"));
    assert_eq!(stable(excluded)[0], stable(folder_run.clone())[0]);
}

#[test]
fn exit_codes_and_error_records() {
    let env = Env::new();
    let dir = small_tree(env.dir.path());
    let good = dir.join("a.txt");

    env.bulk().arg(&good).assert().code(0);
    // A missing path is an error record, not a crash.
    let out = env.bulk().arg(&good).arg(dir.join("missing.pdf")).assert().code(1);
    let recs = records(std::str::from_utf8(&out.get_output().stdout).unwrap());
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["format"], "pdf");
    assert!(recs[1]["error"].as_str().unwrap().contains("no such file"));
    // A glob that matches nothing is an error record too.
    env.bulk().arg(format!("{}/*.nothing", dir.display())).assert().code(1);
    // Usage errors: exit 2, before any output.
    env.bulk().assert().code(2);
    env.bulk().arg(&good).arg("--resume").assert().code(2);
    env.bulk().arg(&good).args(["--resume", "--out"]).arg(env.path("r.csv")).assert().code(2);
    env.bulk().arg(&good).args(["--include", "a[b"]).assert().code(2);
    env.bulk().arg("-").assert().code(2);
    env.bulk().args(["--files-from"]).arg(env.path("no-list.txt")).assert().code(2);
    env.bulk().arg(&good).args(["--framework", "no-such"]).assert().code(1);
    // A JSON line that is not a document: its own error record, the others scored.
    let input = "{\"id\": \"x\", \"text\": \"Managed servers.\"}\nnot json\n\n{\"text\": 5}\n";
    let out = env.bulk().args(["--jsonl-in", "-"]).write_stdin(input).assert().code(1);
    let recs = records(std::str::from_utf8(&out.get_output().stdout).unwrap());
    assert_eq!(ids(&recs), ["\"x\"", "\"2\"", "\"4\""], "a bad line's id is its line number, as a string");
    assert!(recs[0].get("error").is_none());
    assert!(recs[1]["error"].as_str().unwrap().contains("not JSON"));
}

#[test]
fn max_bytes_truncates_and_refuses_huge_files() {
    let env = Env::new();
    let dir = small_tree(env.dir.path());
    let d = dir.join("b/deeper/d.txt");
    let size = std::fs::metadata(&d).unwrap().len();
    let recs = records(&stdout_of(env.bulk().arg(dir.join("a.txt")).arg(&d).args(["--max-bytes", "200"])));
    assert!(recs[0].get("truncated").is_none(), "a.txt is under 200 bytes: {}", recs[0]);
    assert_eq!(recs[1]["truncated"], true);
    assert_eq!(recs[1]["bytes"], size);
    assert!(recs[1]["warnings"][0].as_str().unwrap().contains("--max-bytes"));
    for m in recs[1]["matches"].as_array().unwrap() {
        for e in m["evidence"].as_array().unwrap() {
            assert!(e["end"].as_u64().unwrap() <= 200);
        }
    }
    // Over 20 × --max-bytes: refused unread.
    let out = env.bulk().arg(&d).args(["--max-bytes", "20"]).assert().code(1);
    let recs = records(std::str::from_utf8(&out.get_output().stdout).unwrap());
    assert!(recs[0]["error"].as_str().unwrap().contains("too large"), "{}", recs[0]);
}

#[test]
fn output_inside_the_walked_folder_is_not_input_and_resume_tops_up_a_finished_run() {
    let env = Env::new();
    let dir = small_tree(env.dir.path());
    std::fs::remove_file(dir.join("b/empty.txt")).unwrap();
    let out = dir.join("results.jsonl");
    env.bulk().arg(&dir).arg("--out").arg(&out).assert().success();
    let first = read_records(&out);
    assert_eq!(first.len(), 3);
    // Run again into the same folder: the earlier results.jsonl is not read as documents.
    env.bulk().arg(&dir).arg("--out").arg(&out).assert().success();
    assert_eq!(stable(read_records(&out)), stable(first.clone()));

    // A new document, then --resume on the finished file: only the new one is scored, appended.
    std::fs::write(dir.join("b/new.txt"), "Ran the service desk and managed incidents.\n").unwrap();
    env.bulk().arg(&dir).args(["--resume", "--out"]).arg(&out).assert().success();
    let topped = read_records(&out);
    assert_eq!(topped.len(), 4);
    assert_eq!(stable(topped[..3].to_vec()), stable(first));
    assert_eq!(topped[3]["path"], dir.join("b/new.txt").display().to_string());
    assert!(!dir.join("results.jsonl.partial").exists());
}

#[test]
fn the_same_cv_as_pdf_and_docx_gives_the_same_top_skills() {
    let env = Env::new();
    let out = env.path("pairs.jsonl");
    // The rankings are compared, not the default reports (whose cut-off may fall between
    // two close scores).
    env.bulk()
        .arg(docs("cvs/resume-pairs/ref_data/resumes"))
        .args(["--min-score", "0"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let records = read_records(&out);
    let top = |ext: &str, stem: &str| -> Vec<String> {
        let record = records
            .iter()
            .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with(&format!("{stem}.{ext}"))))
            .unwrap_or_else(|| panic!("no record for {stem}.{ext}"));
        record["matches"]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|m| m["code"].as_str().unwrap().to_string())
            .collect()
    };
    let mut pairs = 0;
    for record in &records {
        let path = record["path"].as_str().unwrap();
        let Some(stem) = path.strip_suffix(".pdf").and_then(|p| p.rsplit('/').next()) else { continue };
        pairs += 1;
        let (pdf, docx) = (top("pdf", stem), top("docx", stem));
        // Line breaks differ between the two extractions, so close scores may swap places:
        // each one's best skill must be in the other's top 3, and most of the top 3 shared.
        assert!(pdf.first().is_some_and(|c| docx.contains(c)), "{stem}: PDF {pdf:?} vs DOCX {docx:?}");
        assert!(docx.first().is_some_and(|c| pdf.contains(c)), "{stem}: PDF {pdf:?} vs DOCX {docx:?}");
        let shared = pdf.iter().filter(|c| docx.contains(c)).count();
        assert!(shared >= 2, "{stem}: PDF {pdf:?} vs DOCX {docx:?}");
    }
    assert_eq!(pairs, 6, "six CVs exist as both PDF and DOCX");
}
