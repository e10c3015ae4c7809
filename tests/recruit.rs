//! `compare` and `rank` end to end, on a real UK government job description and real CVs
//! from ../shared.

mod common;

use assert_cmd::Command;
use common::shared_dir;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The DfE DevOps engineer job description (DDaT profession).
fn advert() -> PathBuf {
    shared_dir().join("documents/job-ads/dfe-ddat/app/views/jd/devops-engineer.md")
}

fn cv_dir(category: &str) -> PathBuf {
    shared_dir().join("documents/cvs/kaggle-resumes/pdf").join(category)
}

/// The first `n` CVs of a category, by file name.
fn first_cvs(category: &str, n: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cv_dir(category))
        .expect("CV folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files.truncate(n);
    assert_eq!(files.len(), n, "not enough {category} CVs");
    files
}

/// The binary with an isolated index and the SFIA 9 corpus.
fn skillmatch(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("skillmatch").expect("binary");
    cmd.env_remove("SKILLMATCH_CORPUS")
        .env_remove("NO_COLOR")
        .env("SKILLMATCH_INDEX", index)
        .arg("--quiet")
        .arg("--corpus")
        .arg(shared_dir().join("frameworks/sfia-9"));
    cmd
}

/// 10 IT, 5 chef and 5 teacher CVs copied as `<CATEGORY>-<id>.pdf`, and one empty CV.
fn mixed_cvs(root: &Path) -> PathBuf {
    let dir = root.join("cvs");
    std::fs::create_dir_all(&dir).unwrap();
    for (category, n) in [("INFORMATION-TECHNOLOGY", 10), ("CHEF", 5), ("TEACHER", 5)] {
        for cv in first_cvs(category, n) {
            let name = format!("{category}-{}", cv.file_name().unwrap().to_string_lossy());
            std::fs::copy(&cv, dir.join(name)).unwrap();
        }
    }
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    dir
}

fn compare_json(index: &Path, cv: &Path) -> Value {
    let out = skillmatch(index)
        .args(["compare", "--format", "json"])
        .arg(advert())
        .arg(cv)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON comparison")
}

#[test]
fn rank_puts_it_cvs_above_chefs_and_teachers_and_reports_the_empty_cv() {
    let tmp = TempDir::new().unwrap();
    let cvs = mixed_cvs(tmp.path());
    let out = skillmatch(&tmp.path().join("index"))
        .args(["rank", "--format", "json"])
        .arg(advert())
        .arg(&cvs)
        .assert()
        .code(1) // one CV failed: reported, and the run went on
        .get_output()
        .stdout
        .clone();
    let rows: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(rows.len(), 21, "every CV is listed once");
    let failed: Vec<&Value> = rows.iter().filter(|r| r["error"].is_string()).collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["id"].as_str().unwrap().ends_with("empty.txt"), "{}", failed[0]);
    assert!(failed[0]["rank"].is_null() && failed[0]["fit"].is_null());
    assert!(rows.last().unwrap()["error"].is_string(), "failed CVs come last");

    let ranked: Vec<(u64, String, f64)> = rows
        .iter()
        .filter(|r| r["error"].is_null())
        .map(|r| {
            (r["rank"].as_u64().unwrap(), r["id"].as_str().unwrap().to_string(), r["fit"].as_f64().unwrap())
        })
        .collect();
    assert_eq!(ranked.iter().map(|r| r.0).collect::<Vec<_>>(), (1..=20).collect::<Vec<_>>());
    assert!(ranked.windows(2).all(|w| w[0].2 >= w[1].2), "sorted by fit: {ranked:?}");
    let is_it = |id: &str| id.contains("INFORMATION-TECHNOLOGY-");
    // With 10 IT CVs of 20, a random order puts only IT in the top 5 about 1.6% of the time.
    assert!(ranked[..5].iter().all(|r| is_it(&r.1)), "top 5: {:?}", &ranked[..5]);
    assert!(ranked[..10].iter().filter(|r| is_it(&r.1)).count() >= 8, "top 10: {:?}", &ranked[..10]);
    let mean = |it: bool| {
        let ranks: Vec<f64> = ranked.iter().filter(|r| is_it(&r.1) == it).map(|r| r.0 as f64).collect();
        ranks.iter().sum::<f64>() / ranks.len() as f64
    };
    assert!(mean(true) + 5.0 < mean(false), "mean rank IT {} vs others {}", mean(true), mean(false));
    for row in ranked.iter().take(3) {
        let full = rows.iter().find(|r| r["id"] == row.1.as_str()).unwrap();
        assert!(full["strongest_evidence"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{full}");
    }
}

#[test]
fn rank_top_and_csv_output_by_extension() {
    let tmp = TempDir::new().unwrap();
    let cvs = tmp.path().join("cvs");
    std::fs::create_dir_all(&cvs).unwrap();
    for cv in first_cvs("INFORMATION-TECHNOLOGY", 3).into_iter().chain(first_cvs("CHEF", 2)) {
        std::fs::copy(&cv, cvs.join(cv.file_name().unwrap())).unwrap();
    }
    let out = tmp.path().join("shortlist.csv");
    skillmatch(&tmp.path().join("index"))
        .args(["rank", "--top", "2", "--out"])
        .arg(&out)
        .arg(advert())
        .arg(&cvs)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header.iter().take(6).collect::<Vec<_>>(), &["rank", "cv", "fit", "met", "below", "missing"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let ranks: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ranks, ["1", "2"], "the top 2 only");
    assert!(rows.iter().all(|r| r[2].parse::<f64>().is_ok_and(|f| (0.0..=1.0).contains(&f))));
}

#[test]
fn compare_gives_the_it_cv_a_higher_fit_than_the_chef_cv() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let it = compare_json(&index, &first_cvs("INFORMATION-TECHNOLOGY", 1)[0]);
    let chef = compare_json(&index, &first_cvs("CHEF", 1)[0]);
    let fit = |c: &Value| c["fit"].as_f64().expect("fit");
    assert!(fit(&it) > fit(&chef) + 0.2, "IT {} vs chef {}", fit(&it), fit(&chef));
    for c in [&it, &chef] {
        let skills = c["skills"].as_array().unwrap();
        assert_eq!(skills.len(), 10, "the advert's 10 strongest skills");
        let mut counts = [0usize; 3];
        for s in skills {
            match s["verdict"].as_str().unwrap() {
                "met" => {
                    counts[0] += 1;
                    assert!(s["cv_evidence"].as_array().is_some_and(|e| !e.is_empty()), "{s}");
                    assert!(s["cv_level"].as_u64() >= s["required_level"].as_u64(), "{s}");
                }
                "below" => {
                    counts[1] += 1;
                    let gap = s["gap"].as_u64().expect("below carries its gap");
                    assert_eq!(
                        gap,
                        s["required_level"].as_u64().unwrap() - s["cv_level"].as_u64().unwrap(),
                        "{s}"
                    );
                }
                "missing" => {
                    counts[2] += 1;
                    assert!(s["cv_evidence"].as_array().unwrap().is_empty() && s["gap"].is_null(), "{s}");
                }
                other => panic!("unknown verdict {other}"),
            }
            assert!(s["advert_evidence"].as_array().is_some_and(|e| !e.is_empty()), "{s}");
        }
        assert_eq!(
            [c["met"].as_u64(), c["below"].as_u64(), c["missing"].as_u64()],
            counts.map(|n| Some(n as u64))
        );
    }
}

#[test]
fn compare_table_colours_verdicts_only_when_asked() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let cv = &first_cvs("CHEF", 1)[0];
    let always =
        skillmatch(&index).args(["--color", "always", "compare"]).arg(advert()).arg(cv).assert().success();
    let text = String::from_utf8(always.get_output().stdout.clone()).unwrap();
    assert!(text.contains("\x1b[31mmissing"), "missing in red: {text}");
    // Only SGR sequences, and every line's last escape is a reset: safe for `less -R`.
    for line in text.lines() {
        for (at, _) in line.match_indices('\x1b') {
            let rest = &line[at + 1..];
            let end = rest.find('m').unwrap_or_else(|| panic!("unterminated escape: {line:?}"));
            assert!(
                rest.starts_with('[') && rest[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                "{line:?}"
            );
        }
        if let Some(last) = line.rfind('\x1b') {
            assert!(line[last..].starts_with("\x1b[0m"), "line not reset: {line:?}");
        }
    }
    assert!(!text.contains("\x1b[H") && !text.contains("\x1b[2J"), "no cursor movement");
    let never =
        skillmatch(&index).args(["--color", "never", "compare"]).arg(advert()).arg(cv).assert().success();
    assert!(!String::from_utf8_lossy(&never.get_output().stdout).contains('\x1b'));
    let no_color =
        skillmatch(&index).env("NO_COLOR", "1").args(["compare"]).arg(advert()).arg(cv).assert().success();
    assert!(!String::from_utf8_lossy(&no_color.get_output().stdout).contains('\x1b'));
    let forced = skillmatch(&index)
        .env("NO_COLOR", "1")
        .args(["--color", "always", "match"])
        .arg(advert())
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&forced.get_output().stdout).contains("\x1b["),
        "--color always beats NO_COLOR"
    );
}

#[test]
fn missing_documents_exit_1_naming_them() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("index");
    let cv = &first_cvs("CHEF", 1)[0];
    skillmatch(&index)
        .args(["compare", "no-such-advert.pdf"])
        .arg(cv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-advert.pdf"));
    skillmatch(&index)
        .arg("compare")
        .arg(advert())
        .arg("no-such-cv.docx")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-cv.docx"));
    skillmatch(&index)
        .args(["rank", "no-such-advert.md"])
        .arg(cv_dir("CHEF"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-advert.md"));
    skillmatch(&index).args(["--format", "html", "list"]).assert().code(2);
}

/// The comparison's shape on real files, scores rounded to 2 decimals; no document text kept.
#[test]
fn snapshot_of_a_comparison() {
    let tmp = TempDir::new().unwrap();
    let c = compare_json(&tmp.path().join("index"), &first_cvs("INFORMATION-TECHNOLOGY", 1)[0]);
    let round = |v: &Value| v.as_f64().map(|f| (f * 100.0).round() / 100.0);
    let skills: Vec<Value> = c["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            serde_json::json!({
                "code": s["code"],
                "required_level": s["required_level"],
                "cv_level": s["cv_level"],
                "verdict": s["verdict"],
                "gap": s["gap"],
                "weight": round(&s["weight"]),
                "credit": round(&s["credit"]),
            })
        })
        .collect();
    let summary = serde_json::json!({
        "fit": round(&c["fit"]),
        "met": c["met"],
        "below": c["below"],
        "missing": c["missing"],
        "skills": skills,
    });
    insta::assert_json_snapshot!(summary);
}
