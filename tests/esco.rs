//! ESCO beside SFIA in one index, on the real ESCO 1.1.0 download and the ESCO sentence
//! sets in ../shared: loading, attribution, per-framework statistics and the ranking targets.

mod common;

use common::{json_of, shared_dir, skillmatch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

fn esco() -> PathBuf {
    shared_dir().join("frameworks/esco-1.1.0")
}

fn sfia9() -> PathBuf {
    shared_dir().join("frameworks/sfia-9")
}

/// One index of SFIA 9 and ESCO for every test here (building it takes seconds).
fn both() -> &'static Path {
    static INDEX: OnceLock<TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            skillmatch(&dir.path().join("idx"))
                .arg("--corpus")
                .arg(sfia9())
                .arg("--corpus")
                .arg(esco())
                .arg("index")
                .assert()
                .success();
            dir
        })
        .path()
}

fn both_index() -> PathBuf {
    both().join("idx")
}

#[test]
fn every_esco_skill_loads_with_labels_categories_and_the_notice() {
    let list =
        json_of(skillmatch(&both_index()).args(["--framework", "esco-1.1.0", "--format", "json", "list"]));
    let skills = list.as_array().expect("a list");
    assert_eq!(skills.len(), 13_891);
    let staff = skills.iter().find(|s| s["name"] == "manage musical staff").expect("a known skill");
    assert_eq!(staff["code"], "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab");
    assert!(!staff["category"].as_str().unwrap_or("").is_empty(), "category from the hierarchy: {staff}");
    let with_category = skills.iter().filter(|s| !s["category"].as_str().unwrap_or("").is_empty()).count();
    assert!(with_category > 13_000, "{with_category} skills placed in the hierarchy");

    let table = skillmatch(&both_index()).args(["--framework", "esco-1.1.0", "list"]).assert().success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    assert!(table
        .trim_end()
        .ends_with("This service uses the ESCO classification of the European Commission."));
    assert!(
        table.contains("\n0005c151 "),
        "tables show the URI segment's first 8 characters: {}",
        &table[..300]
    );
    // Those 8 characters tell every ESCO skill apart, so `show` takes what a table shows.
    let shown: std::collections::HashSet<String> = skills
        .iter()
        .map(|s| s["code"].as_str().unwrap().rsplit('/').next().unwrap().chars().take(8).collect())
        .collect();
    assert_eq!(shown.len(), skills.len(), "an 8-character code is shared by two skills");
}

#[test]
fn tables_show_esco_codes_short_names_in_full_and_the_framework_when_several() {
    let sentence = "You have a proactive mindset and the ability to keep an overview in stressed situations";
    let table =
        skillmatch(&both_index()).args(["query", "--framework", "esco-1.1.0", sentence]).assert().success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    let row = table
        .lines()
        .find(|l| l.contains("handle stressful situations"))
        .unwrap_or_else(|| panic!("{table}"));
    let code = row.split_whitespace().nth(1).unwrap();
    assert_eq!(code.len(), 8, "a short code, not a cut UUID: {row}");
    skillmatch(&both_index()).args(["show", code]).assert().success();
    // Unfiltered, the index's two frameworks: every row names its own.
    let mixed = skillmatch(&both_index()).args(["query", "--min-score", "0", sentence]).assert().success();
    let mixed = String::from_utf8_lossy(&mixed.get_output().stdout).into_owned();
    let mut lines = mixed.lines().skip(1);
    assert!(lines.next().unwrap().contains("FRAMEWORK"), "{mixed}");
    assert!(
        lines.take_while(|l| !l.is_empty()).all(|l| l.contains("esco-1.1.0") || l.contains("sfia-9")),
        "{mixed}"
    );
}

#[test]
fn show_finds_an_esco_skill_by_its_uri_segment_and_prints_the_notice() {
    let out = skillmatch(&both_index()).args(["show", "0005c151"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("manage musical staff"), "{text}");
    assert!(text.contains("Also known as: manage staff of music"), "{text}");
    assert!(text.contains("This service uses the ESCO classification of the European Commission."), "{text}");
    let json = json_of(skillmatch(&both_index()).args(["--format", "json", "show", "0005c151"]));
    assert!(json[0]["attribution"].as_str().is_some_and(|a| a.contains("ESCO")), "{json}");
    // Five characters are too few to name an ESCO skill: the error says what is needed.
    let short = skillmatch(&both_index()).args(["show", "0005c"]).assert().code(1);
    let err = String::from_utf8_lossy(&short.get_output().stderr).into_owned();
    assert!(err.contains("at least six characters"), "{err}");
}

#[test]
fn esco_sentences_rank_the_labelled_skills() {
    let report = json_of(skillmatch(&both_index()).args([
        "--framework",
        "esco-1.1.0",
        "--format",
        "json",
        "query",
        "--top",
        "3",
        "Proficiency in one or more modern programming languages - Java and Javascript preferable",
    ]));
    let names: Vec<&str> =
        report["matches"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"JavaScript") && names.contains(&"Java (computer programming)"), "{names:?}");
    assert!(report["matches"].as_array().unwrap().iter().all(|m| m["framework"] == "esco-1.1.0"));
}

#[test]
fn a_second_framework_leaves_sfia_scores_unchanged() {
    let alone = tempfile::tempdir().unwrap();
    let advert = "We need an experienced service desk lead to run incident management and ITIL \
                  processes, manage problem records and report on service levels.";
    let sfia_only = json_of(
        skillmatch(&alone.path().join("idx"))
            .arg("--corpus")
            .arg(sfia9())
            .args(["--format", "json", "query", advert]),
    );
    let side_by_side = json_of(skillmatch(&both_index()).args([
        "--framework",
        "sfia-9",
        "--format",
        "json",
        "query",
        advert,
    ]));
    let summary = |report: &Value| -> Vec<(String, f64, Value)> {
        report["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (m["code"].as_str().unwrap().to_string(), m["score"].as_f64().unwrap(), m["level"].clone())
            })
            .collect()
    };
    let (a, b) = (summary(&sfia_only), summary(&side_by_side));
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len(), "{a:?}\n{b:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.0, y.0);
        assert!((x.1 - y.1).abs() <= 0.002, "{x:?} vs {y:?}");
        assert_eq!(x.2, y.2, "level of {}", x.0);
    }
}

/// Code, score, level and framework of each match of a report.
fn matches_of(report: &Value) -> Vec<(String, f64, Value, String)> {
    report["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let text = |k: &str| m[k].as_str().unwrap().to_string();
            (text("code"), m["score"].as_f64().unwrap(), m["level"].clone(), text("framework"))
        })
        .collect()
}

#[test]
fn an_unfiltered_mixed_index_ranks_each_frameworks_skills_as_that_framework_alone() {
    let alone = tempfile::tempdir().unwrap();
    let esco_alone = tempfile::tempdir().unwrap();
    for query in [
        "incident management",
        "incident management, ITIL, service desk",
        "We need an experienced service desk lead to run incident management and ITIL processes, \
         manage problem records and report on service levels.",
    ] {
        let run = |index: &Path, corpus: Option<PathBuf>| {
            let mut command = skillmatch(index);
            if let Some(corpus) = corpus {
                command.arg("--corpus").arg(corpus);
            }
            let flags = ["--format", "json", "query", "--top", "60", "--min-score", "0", query];
            matches_of(&json_of(command.args(flags)))
        };
        let mixed = run(&both_index(), None);
        for (id, own) in [
            ("sfia-9", run(&alone.path().join("idx"), Some(sfia9()))),
            ("esco-1.1.0", run(&esco_alone.path().join("idx"), Some(esco()))),
        ] {
            let side_by_side: Vec<_> = mixed.iter().filter(|m| m.3 == id).cloned().collect();
            assert!(!own.is_empty(), "{id} alone finds something for {query:?}");
            // Both share the mixed report's 60 places: its skills of one framework are the
            // best of that framework's own report, in the same order.
            assert!(!side_by_side.is_empty(), "{id} in the mixed index for {query:?}: {mixed:?}");
            for (x, y) in side_by_side.iter().zip(&own) {
                assert_eq!(x.0, y.0, "{id}, {query:?}:\n{side_by_side:?}\n{own:?}");
                assert!((x.1 - y.1).abs() <= 0.002, "{id}, {query:?}: {x:?} vs {y:?}");
                assert_eq!(x.2, y.2, "level of {} for {query:?}", x.0);
            }
        }
    }
}

#[test]
fn eval_meets_the_esco_targets_and_keeps_the_sfia_numbers() {
    let eval = shared_dir().join("eval");
    let out = json_of(
        skillmatch(&both_index())
            .args(["--format", "json", "eval", "--sentences"])
            .arg(eval.join("esco-sentences"))
            .arg("--roles")
            .arg(eval.join("sfia-roles/eu-ict-roles-dev.jsonl")),
    );
    let run = &out["runs"][0];
    let split = |name: &str| {
        run["sentences"].as_array().unwrap().iter().find(|s| s["split"] == name).cloned().expect(name)
    };
    let (tech, house) = (split("tech_validation"), split("house_validation"));
    assert_eq!(tech["sentences"], 75);
    assert_eq!(house["sentences"], 61);
    assert_eq!(tech["unknown_labels"], 0);
    assert_eq!(house["unknown_labels"], 0);
    // The targets (reference: BM25 over preferred labels gives 51.7 and 32.1).
    assert!(tech["rp_at_5"].as_f64().unwrap() >= 62.0, "{tech}");
    assert!(house["rp_at_5"].as_f64().unwrap() >= 45.0, "{house}");
    // ESCO in the index does not move the SFIA role metrics (measured on SFIA alone).
    let roles = &run["roles"];
    assert!((roles["recall_at_10"].as_f64().unwrap() - 0.431).abs() < 0.01, "{roles}");
    assert!(roles["level"]["exact"].as_f64().unwrap() >= 0.6, "{roles}");
}
