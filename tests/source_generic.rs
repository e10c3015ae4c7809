//! The generic framework format on real published frameworks: the manifests in
//! `examples/frameworks/` are copied beside the O*NET and NICE files of the shared data folder
//! (`$SKILLMATCH_SHARED`, else `../shared`) in a temporary folder, and the binary indexes and
//! searches them. No framework text is copied into the repository.

mod common;

use common::{json_of, skillmatch};

use serde_json::Value;
use skillmatch::source::{detect, load_corpus, load_file};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const ONET_TECH: &str = "onet-tech-30.2";
const ONET_TASKS: &str = "onet-tasks-30.2";
const NICE: &str = "nice-2.1.0";
/// O*NET's commodity class "Data base user interface and query software".
const ONET_QUERY_SOFTWARE: &str = "43232306";

fn frameworks_dir() -> PathBuf {
    common::shared_dir().join("frameworks")
}

fn manifest(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/frameworks").join(name)
}

/// A folder holding copies of a manifest and the data files it reads, as a user would lay
/// it out after a download.
fn corpus_folder(root: &Path, folder: &str, manifests: &[&str], data_dir: &str, files: &[&str]) -> PathBuf {
    let dir = root.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    for name in manifests {
        std::fs::copy(manifest(name), dir.join(name)).unwrap();
    }
    for file in files {
        let from = frameworks_dir().join(data_dir).join(file);
        std::fs::copy(&from, dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    dir
}

fn onet_tech_folder(root: &Path) -> PathBuf {
    corpus_folder(
        root,
        "onet",
        &["onet-technology-skills.framework.json"],
        "onet-30.2",
        &["Technology Skills.txt"],
    )
}

fn matches(report: &Value) -> &Vec<Value> {
    report["matches"].as_array().expect("matches")
}

fn framework_counts(summary: &Value) -> Vec<(String, u64)> {
    summary["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["framework"].as_str().unwrap().to_string(), f["skills"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_folder_with_a_manifest_loads_its_files_once_through_the_manifest() {
    let tmp = TempDir::new().unwrap();
    let dir = onet_tech_folder(tmp.path());
    let corpus = load_corpus(std::slice::from_ref(&dir)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(corpus.catalog.frameworks.len(), 1, "{:?}", corpus.warnings);
    let framework = &corpus.catalog.frameworks[0];
    assert_eq!(framework.id, ONET_TECH);
    assert!(framework.attribution.contains("O*NET 30.2") && framework.attribution.contains("CC BY 4.0"));
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let names: Vec<String> =
        corpus.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Technology Skills.txt".to_string()), "{names:?}");

    let skill = framework.skill(ONET_QUERY_SOFTWARE).expect("the query software class");
    assert_eq!(skill.name, "Data base user interface and query software");
    assert!(skill.aliases.iter().any(|a| a == "Microsoft SQL Server"), "{:?}", &skill.aliases[..10]);
    let mut lower: Vec<String> = skill.aliases.iter().map(|a| a.to_lowercase()).collect();
    let before = lower.len();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), before, "aliases are deduplicated ignoring case");
    let codes: std::collections::HashSet<&str> = framework.skills.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), framework.skills.len(), "one skill per commodity code");
}

#[test]
fn onet_technology_skills_index_query_show_and_list() {
    let tmp = TempDir::new().unwrap();
    let dir = onet_tech_folder(tmp.path());
    let index = tmp.path().join("idx");
    let summary = json_of(skillmatch(&index).args(["index", "--format", "json", "--corpus"]).arg(&dir));
    let counts = framework_counts(&summary);
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].0, ONET_TECH);
    assert!(counts[0].1 > 100, "{counts:?}");

    // "database" meets the class names' "data base" only through the SQL aliases: a weak
    // match, ranked first but below the default cut-off.
    let report = json_of(skillmatch(&index).args([
        "query",
        "--format",
        "json",
        "--min-score",
        "0.1",
        "SQL database queries",
    ]));
    let top3: Vec<&str> = matches(&report).iter().take(3).map(|m| m["code"].as_str().unwrap()).collect();
    assert!(top3.contains(&ONET_QUERY_SOFTWARE), "top 3: {report:#}");
    // A product named in full (an alias) passes the default cut-off.
    let report =
        json_of(skillmatch(&index).args(["query", "--format", "json", "We run Microsoft SQL Server"]));
    let top3: Vec<&str> = matches(&report).iter().take(3).map(|m| m["code"].as_str().unwrap()).collect();
    assert!(top3.contains(&ONET_QUERY_SOFTWARE), "top 3: {report:#}");

    let details = json_of(skillmatch(&index).args(["show", ONET_QUERY_SOFTWARE, "--format", "json"]));
    assert_eq!(details[0]["name"], "Data base user interface and query software");
    assert_eq!(details[0]["framework"], ONET_TECH);

    let list = json_of(skillmatch(&index).args(["list", "--format", "json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len() as u64, counts[0].1);
    assert!(list.iter().any(|s| s["code"] == ONET_QUERY_SOFTWARE));
}

#[test]
fn onet_tasks_index_and_query() {
    let tmp = TempDir::new().unwrap();
    let dir = corpus_folder(
        tmp.path(),
        "tasks",
        &["onet-tasks.framework.json"],
        "onet-30.2",
        &["Task Statements.txt"],
    );
    let index = tmp.path().join("idx");
    let summary = json_of(skillmatch(&index).args(["index", "--format", "json", "--corpus"]).arg(&dir));
    let counts = framework_counts(&summary);
    assert_eq!(counts[0].0, ONET_TASKS);
    assert!(counts[0].1 > 17_000, "{counts:?}");
    let report =
        json_of(skillmatch(&index).args(["query", "--format", "json", "prepare payroll and tax returns"]));
    let top = &matches(&report)[0];
    assert_eq!(top["framework"], ONET_TASKS);
    let name = top["name"].as_str().unwrap().to_lowercase();
    assert!(name.contains("payroll") || name.contains("tax"), "{top:#}");
}

#[test]
fn nice_index_query_and_show() {
    let tmp = TempDir::new().unwrap();
    let dir = corpus_folder(
        tmp.path(),
        "nice",
        &["nice-2.1.0.framework.json"],
        "nice-2.1.0",
        &["NICE Framework Components v2.1.0.xlsx"],
    );
    let index = tmp.path().join("idx");
    let summary = json_of(skillmatch(&index).args(["index", "--format", "json", "--corpus"]).arg(&dir));
    let counts = framework_counts(&summary);
    assert_eq!(counts[0].0, NICE);
    // 2,148 task, knowledge and skill statements, plus the work roles and competency areas.
    assert!(counts[0].1 > 2_148 && counts[0].1 < 2_300, "{counts:?}");

    let report = json_of(skillmatch(&index).args(["query", "--format", "json", "incident response"]));
    let top3: Vec<&Value> = matches(&report).iter().take(3).collect();
    assert!(
        top3.iter().all(|m| m["name"].as_str().unwrap().to_lowercase().contains("incident")),
        "{report:#}"
    );

    let details = json_of(skillmatch(&index).args(["show", "K0724", "--format", "json"]));
    assert_eq!(details[0]["category"], "Knowledge");
    let list = json_of(skillmatch(&index).args(["list", "--format", "json", "--category", "work role"]));
    let roles = list.as_array().unwrap();
    assert!(
        roles.len() > 30 && roles.iter().all(|r| r["code"].as_str().unwrap().contains("-WRL-")),
        "{list}"
    );
}

#[test]
fn sfia_and_onet_side_by_side_stay_apart() {
    let tmp = TempDir::new().unwrap();
    let dir = onet_tech_folder(tmp.path());
    let index = tmp.path().join("idx");
    let summary = json_of(
        skillmatch(&index)
            .args(["index", "--format", "json", "--corpus"])
            .arg(frameworks_dir().join("sfia-9"))
            .arg("--corpus")
            .arg(&dir),
    );
    let ids: Vec<String> = framework_counts(&summary).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![ONET_TECH.to_string(), "sfia-9".to_string()]);

    let list = json_of(skillmatch(&index).args(["list", "--format", "json", "--framework", ONET_TECH]));
    let list = list.as_array().unwrap();
    assert!(!list.is_empty() && list.iter().all(|s| s["framework"] == ONET_TECH), "{list:?}");

    let sfia_only = json_of(skillmatch(&index).args([
        "query",
        "--format",
        "json",
        "--framework",
        "sfia-9",
        "SQL database administration",
    ]));
    assert!(!matches(&sfia_only).is_empty());
    assert!(matches(&sfia_only).iter().all(|m| m["framework"] == "sfia-9"), "{sfia_only:#}");

    let both = json_of(skillmatch(&index).args([
        "query",
        "--format",
        "json",
        "--top",
        "20",
        "Microsoft SQL Server database administration",
    ]));
    let frameworks: std::collections::BTreeSet<&str> = matches(&both)
        .iter()
        .map(|m| m["framework"].as_str().expect("each match names its framework"))
        .collect();
    assert!(frameworks.contains(ONET_TECH), "{both:#}");
}

#[test]
fn a_missing_data_file_is_an_error_naming_manifest_and_file() {
    let tmp = TempDir::new().unwrap();
    let dir = corpus_folder(tmp.path(), "onet", &["onet-tasks.framework.json"], "onet-30.2", &[]);
    skillmatch(&tmp.path().join("idx")).args(["index", "--corpus"]).arg(&dir).assert().code(2).stderr(
        predicates::str::contains("onet-tasks.framework.json")
            .and(predicates::str::contains("Task Statements.txt")),
    );
}

#[test]
fn generic_tables_and_json_files_are_detected_in_a_folder() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("team.csv"), "id,title,level,level_description\nX1,Baking,2,Bakes bread.\n")
        .unwrap();
    std::fs::write(dir.join("ops.tsv"), "code\tname\tcategory\nOPS\tOperations\tRun\n").unwrap();
    std::fs::write(dir.join("tools.txt"), "Code\tName\nHAM\tHammering\n").unwrap();
    std::fs::write(dir.join("acme.json"), r#"{"id": "acme", "skills": [{"code": "A", "name": "Alpha"}]}"#)
        .unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "not a framework"}"#).unwrap();
    let corpus = load_corpus(&[dir.to_path_buf()]).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = corpus.catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["acme", "ops", "team", "tools"]);
    assert_eq!(corpus.catalog.framework("team").unwrap().skills[0].levels[0].description, "Bakes bread.");
    assert!(
        corpus
            .warnings
            .iter()
            .any(|w| w.contains("package.json") && w.contains("not a skillmatch framework")),
        "{:?}",
        corpus.warnings
    );
    // Named explicitly, a JSON file that is not a framework is an error.
    assert!(load_corpus(&[dir.join("package.json")]).is_err());
}

/// Garbage of every kind under every generic extension is an error or a load, never a panic.
#[test]
fn random_bytes_never_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet: &[u8] = b"{}[]\",:\t\n\r|;abcXYZ019 _-\\\x00\xff\xfe\xe2\x80\x94PK\x03\x04";
    for round in 0..400 {
        let len = (next() % 300) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
        let mut bytes = bytes;
        if round % 5 == 0 {
            bytes.splice(0..0, b"code,name,level\n".iter().copied());
        }
        if round % 7 == 0 {
            bytes.splice(0..0, b"{\"skills\": [".iter().copied());
        }
        for ext in ["csv", "tsv", "txt", "json", "xlsx"] {
            let path = PathBuf::from(format!("fuzz.{ext}"));
            if let Ok(format) = detect(&path, &bytes) {
                let _ = load_file(format, &path, &bytes);
            }
        }
    }
}

use predicates::prelude::PredicateBooleanExt;
