//! The `skillmatch` binary end to end, on the real framework files and seeds in ../shared.

mod common;

use assert_cmd::Command;
use common::{json_of, shared_dir, skillmatch};
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

fn sfia9() -> PathBuf {
    shared_dir().join("frameworks/sfia-9")
}

fn sfia8() -> PathBuf {
    shared_dir().join("frameworks/sfia-8")
}

fn seed(prefix: &str) -> PathBuf {
    let dir = shared_dir().join("seeds");
    std::fs::read_dir(&dir)
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()))
}

fn codes(report: &Value) -> Vec<String> {
    report["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn index_counts_sfia_9_from_xlsx_and_csv_merged() {
    let dir = TempDir::new().unwrap();
    let summary =
        json_of(skillmatch(dir.path()).args(["index", "--format", "json", "--corpus"]).arg(sfia9()));
    let frameworks = summary["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 1, "{summary}");
    assert_eq!(frameworks[0]["framework"], "sfia-9");
    assert_eq!(frameworks[0]["skills"], 147);
    assert_eq!(frameworks[0]["level_descriptions"], 672);
    assert_eq!(frameworks[0]["responsibility_levels"], 7);
}

#[test]
fn index_counts_sfia_8() {
    let dir = TempDir::new().unwrap();
    let summary =
        json_of(skillmatch(dir.path()).args(["index", "--format", "json", "--corpus"]).arg(sfia8()));
    assert_eq!(summary["frameworks"][0]["framework"], "sfia-8");
    assert_eq!(summary["frameworks"][0]["skills"], 121);
    assert_eq!(summary["frameworks"][0]["level_descriptions"], 495);
}

#[test]
fn match_on_the_itmg_web_page_puts_itmg_first_with_evidence() {
    let dir = TempDir::new().unwrap();
    let page = seed("002_");
    let report = json_of(
        skillmatch(dir.path()).args(["match", "--format", "json", "--corpus"]).arg(sfia9()).arg(&page),
    );
    assert_eq!(report["framework"], "sfia-9");
    assert_eq!(codes(&report)[0], "ITMG", "{report:#}");
    let top = &report["matches"][0];
    let text = std::fs::read_to_string(&page).unwrap();
    let evidence = top["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        let (start, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], e["text"].as_str().unwrap(), "offsets point at the sentence");
        assert!(!e["terms"].as_array().unwrap().is_empty());
    }
    let level_sum: f64 = top["levels"].as_array().unwrap().iter().map(|l| l["score"].as_f64().unwrap()).sum();
    assert!((level_sum - 1.0).abs() < 0.01, "level scores sum to 1: {level_sum}");
    let score = top["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
}

#[test]
fn match_on_the_service_management_competency_page_finds_itmg_or_slmo() {
    let dir = TempDir::new().unwrap();
    let report = json_of(
        skillmatch(dir.path()).args(["match", "--format", "json", "--corpus"]).arg(sfia9()).arg(seed("004_")),
    );
    let top3: Vec<String> = codes(&report).into_iter().take(3).collect();
    assert!(top3.iter().any(|c| c == "ITMG" || c == "SLMO"), "top 3: {top3:?}");
}

#[test]
fn query_incident_management_finds_usup() {
    let dir = TempDir::new().unwrap();
    let report = json_of(
        skillmatch(dir.path())
            .args(["query", "--format", "json", "--corpus"])
            .arg(sfia9())
            .arg("incident management ITIL service desk"),
    );
    assert_eq!(report["source"], "query");
    let top3: Vec<String> = codes(&report).into_iter().take(3).collect();
    assert!(top3.contains(&"USUP".to_string()), "top 3: {top3:?}");
}

#[test]
fn old_names_from_the_change_request_find_itmg() {
    let dir = TempDir::new().unwrap();
    let report = json_of(
        skillmatch(dir.path())
            .args(["query", "--format", "json", "--corpus"])
            .arg(sfia9())
            .arg("--corpus")
            .arg(seed("003_"))
            .arg("Technical Service Delivery Management"),
    );
    assert_eq!(codes(&report).first().map(String::as_str), Some("ITMG"), "{report:#}");
}

#[test]
fn stdin_gives_the_same_report_as_the_file() {
    let dir = TempDir::new().unwrap();
    let page = seed("002_");
    let from_file = json_of(
        skillmatch(dir.path()).args(["match", "--format", "json", "--corpus"]).arg(sfia9()).arg(&page),
    );
    let from_stdin = json_of(
        skillmatch(dir.path())
            .args(["match", "--format", "json", "-"])
            .write_stdin(std::fs::read(&page).unwrap()),
    );
    assert_eq!(from_stdin["source"], "-");
    assert_eq!(from_file["matches"], from_stdin["matches"]);
}

#[test]
fn table_output_fits_100_columns() {
    let dir = TempDir::new().unwrap();
    let output =
        skillmatch(dir.path()).args(["match", "--corpus"]).arg(sfia9()).arg(seed("002_")).assert().success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("ITMG"));
    for line in stdout.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line}");
    }
}

#[test]
fn csv_output_has_a_header_and_a_row_per_match() {
    let dir = TempDir::new().unwrap();
    let output = skillmatch(dir.path())
        .args(["query", "--format", "csv", "--top", "3", "--corpus"])
        .arg(sfia9())
        .arg("incident management ITIL service desk")
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    assert_eq!(reader.headers().unwrap().get(3), Some("code"));
    let rows = reader.records().count();
    assert!((1..=3).contains(&rows), "{stdout}");
}

#[test]
fn show_and_list_in_every_format() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path())
        .args(["show", "ITMG", "--level", "5", "--corpus"])
        .arg(sfia9())
        .assert()
        .success()
        .stdout(predicate::str::contains("ITMG").and(predicate::str::contains("Level 5")));
    let details = json_of(skillmatch(dir.path()).args(["show", "itmg", "--format", "json"]));
    let levels: Vec<u64> =
        details[0]["levels"].as_array().unwrap().iter().map(|l| l["level"].as_u64().unwrap()).collect();
    assert_eq!(levels, vec![5, 6, 7]);
    skillmatch(dir.path())
        .args(["show", "ITMG", "--format", "csv", "--level", "6"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("framework,code,name").and(predicate::str::contains("ITMG,")));

    let list = json_of(skillmatch(dir.path()).args([
        "list",
        "--format",
        "json",
        "--category",
        "delivery and operation",
    ]));
    let list = list.as_array().unwrap();
    assert!(list.len() > 10 && list.len() < 147, "{}", list.len());
    assert!(list.iter().all(|s| s["category"] == "Delivery and operation"));
    let table = skillmatch(dir.path()).arg("list").assert().success();
    let stdout = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(stdout.trim_end().ends_with("147 skills"), "{stdout}");
    skillmatch(dir.path())
        .args(["list", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("framework,code,name,category,subcategory,levels"));
}

#[test]
fn unknown_skill_code_and_level_exit_1() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path())
        .args(["show", "NOPE", "--corpus"])
        .arg(sfia9())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("NOPE"));
    skillmatch(dir.path())
        .args(["show", "ITMG", "--level", "2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("5 6 7"));
    skillmatch(dir.path()).args(["list", "--category", "Cooking"]).assert().code(1);
}

#[test]
fn the_index_is_reused_then_rebuilt_when_the_corpus_changes() {
    let dir = TempDir::new().unwrap();
    let build_note = "built the index";
    let mut cmd = Command::cargo_bin("skillmatch").unwrap();
    cmd.env_remove("SKILLMATCH_CORPUS")
        .args(["list", "--index"])
        .arg(dir.path())
        .arg("--corpus")
        .arg(sfia9());
    cmd.assert().success().stderr(predicate::str::contains(build_note));
    // Same corpus (taken from the stamp): no rebuild.
    let mut again = Command::cargo_bin("skillmatch").unwrap();
    again.env_remove("SKILLMATCH_CORPUS").args(["list", "--index"]).arg(dir.path());
    again.assert().success().stderr(predicate::str::contains(build_note).not());
    // Another corpus: rebuilt, and the index now holds SFIA 8.
    let mut other = Command::cargo_bin("skillmatch").unwrap();
    other.env_remove("SKILLMATCH_CORPUS").args(["list", "--format", "json", "--index"]).arg(dir.path());
    other.arg("--corpus").arg(sfia8());
    let output = other.assert().success().stderr(predicate::str::contains("corpus paths changed"));
    let list: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 121);
}

#[test]
fn a_foreign_index_folder_is_used_without_deleting_the_users_files() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
    skillmatch(dir.path()).args(["list", "--corpus"]).arg(sfia9()).assert().success();
    assert_eq!(std::fs::read(dir.path().join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn an_index_path_that_cannot_be_written_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    skillmatch(&blocker)
        .args(["list", "--corpus"])
        .arg(sfia9())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(blocker.display().to_string()));
}

#[test]
fn empty_input_exits_1() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"  \n\n ").unwrap();
    skillmatch(&dir.path().join("idx"))
        .args(["match", "--corpus"])
        .arg(sfia9())
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.txt").and(predicate::str::contains("empty")));
    skillmatch(&dir.path().join("idx")).args(["match", "-"]).write_stdin("").assert().code(1);
}

#[test]
fn binary_input_is_refused() {
    let dir = TempDir::new().unwrap();
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0, 1]).unwrap();
    skillmatch(&dir.path().join("idx"))
        .args(["match", "--corpus"])
        .arg(sfia9())
        .arg(&binary)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("photo.txt").and(predicate::str::contains("binary")));
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let dir = TempDir::new().unwrap();
    let latin1 = dir.path().join("advert.txt");
    std::fs::write(
        &latin1,
        b"Responsable de la gesti\xf3n de incidentes: incident management and service desk.\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("skillmatch").unwrap();
    cmd.env_remove("SKILLMATCH_CORPUS").arg("--index").arg(dir.path().join("idx"));
    cmd.args(["match", "--format", "json", "--corpus"]).arg(sfia9()).arg(&latin1);
    let output = cmd
        .assert()
        .success()
        .stderr(predicate::str::contains("advert.txt").and(predicate::str::contains("UTF-8")));
    let report: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert!(codes(&report).contains(&"USUP".to_string()), "{report:#}");
}

#[test]
fn a_missing_document_exits_1_naming_it() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path())
        .args(["match", "no/such/advert.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/advert.txt"));
}

#[test]
fn a_missing_corpus_exits_2_naming_it() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path())
        .args(["query", "--corpus", "no/such/corpus", "data"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/corpus"));
}

#[test]
fn an_unknown_source_format_lists_the_supported_ones() {
    let dir = TempDir::new().unwrap();
    let source = dir.path().join("framework.pdf");
    std::fs::write(&source, b"%PDF-1.7").unwrap();
    skillmatch(&dir.path().join("idx"))
        .arg("index")
        .arg("--corpus")
        .arg(&source)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("framework.pdf").and(predicate::str::contains("supported formats")));
}

#[test]
fn a_spreadsheet_without_a_code_column_names_the_file_and_column() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("skills.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Skills").unwrap();
    for (col, header) in ["#", "Skill", "Category", "Level 1 description"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 1, "Widget polishing").unwrap();
    workbook.save(&path).unwrap();
    skillmatch(&dir.path().join("idx"))
        .arg("index")
        .arg("--corpus")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("skills.xlsx").and(predicate::str::contains("Code")));
}

#[test]
fn an_unknown_framework_filter_is_an_error() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path())
        .args(["query", "--framework", "esco", "--corpus"])
        .arg(sfia9())
        .arg("data")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("esco").and(predicate::str::contains("sfia-9")));
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new().unwrap();
    skillmatch(dir.path()).args(["match"]).assert().code(2);
    skillmatch(dir.path()).args(["query", "--min-score", "7", "x"]).assert().code(2);
    skillmatch(dir.path()).args(["query", "--format", "yaml", "x"]).assert().code(2);
}

/// The match report's shape on the ITMG page, scores rounded; no framework text is kept.
#[test]
fn snapshot_of_the_itmg_page_report() {
    let dir = TempDir::new().unwrap();
    let report = json_of(
        skillmatch(dir.path())
            .args(["match", "--format", "json", "--top", "5", "--corpus"])
            .arg(sfia9())
            .arg(seed("002_")),
    );
    let round = |v: &Value| (v.as_f64().unwrap() * 10.0).round() / 10.0;
    let summary: Vec<Value> = report["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            serde_json::json!({
                "code": m["code"],
                "level": m["level"],
                "score": round(&m["score"]),
                "evidence_sentences": m["evidence"].as_array().unwrap().len(),
            })
        })
        .collect();
    insta::assert_json_snapshot!(summary);
}
