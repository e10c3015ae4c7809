//! The top floor's one way out: every command's format comes from `--format`, else the
//! extension of `--out`, else its default, through one resolution and one writer; a
//! format a command does not write is refused before anything is read or built; and
//! `match` and `bulk` read a path to text the same way.

mod common;

use assert_cmd::Command;
use common::Env;
use serde_json::Value;
use skillmatch::bulk::output::CSV_HEADER;
use skillmatch::report::csv::{COMPARISON_HEADER, SHORTLIST_HEADER};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A generous bound that only a real hang reaches.
const HANG: Duration = Duration::from_secs(120);

/// A small framework of the generic table format, quick to index.
const FRAMEWORK: &str = "code,name,description,level,level_description
PROG,Programming,Designing and writing software programs in Rust and Python.,3,Writes and tests program code.
PROG,Programming,Designing and writing software programs in Rust and Python.,4,Designs software modules and reviews code.
DBAD,Database administration,Installing and tuning databases such as PostgreSQL.,3,Tunes queries and backs up databases.
TEST,Testing,Planning and running software tests.,2,Runs test scripts and records defects.
";

const ADVERT: &str = "We need a software developer who writes program code in Rust and Python, \
designs software modules and reviews code. You will tune PostgreSQL databases and run software tests.";
const CV: &str = "I write program code in Python and Rust and design software modules. \
I have tuned PostgreSQL queries and backed up databases.";

/// A test folder with the framework, an advert, a CV and a folder of CVs.
struct Fixture {
    env: Env,
}

impl Fixture {
    fn new() -> Fixture {
        let env = Env::new();
        std::fs::create_dir_all(env.path("corpus")).unwrap();
        std::fs::write(env.path("corpus/team.csv"), FRAMEWORK).unwrap();
        std::fs::write(env.path("advert.txt"), ADVERT).unwrap();
        std::fs::write(env.path("cv.txt"), CV).unwrap();
        std::fs::create_dir_all(env.path("cvs")).unwrap();
        std::fs::write(env.path("cvs/a.txt"), CV).unwrap();
        std::fs::write(env.path("cvs/b.txt"), "I cook pasta and bake bread for a busy restaurant.").unwrap();
        Fixture { env }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.env.path(name)
    }

    /// The binary, quiet, with this fixture's corpus and index.
    fn cmd(&self) -> Command {
        let mut cmd = common::skillmatch(&self.path("index"));
        cmd.env_remove("NO_COLOR").arg("--corpus").arg(self.path("corpus")).timeout(HANG);
        cmd
    }

    /// The binary without `--quiet`, for what it says on stderr.
    fn loud(&self) -> Command {
        let mut cmd = Command::cargo_bin("skillmatch").unwrap();
        cmd.env_remove("SKILLMATCH_CORPUS")
            .env("SKILLMATCH_INDEX", self.path("index"))
            .arg("--corpus")
            .arg(self.path("corpus"))
            .timeout(HANG);
        cmd
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn no_partial(path: &Path) {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    assert!(!Path::new(&partial).exists(), "{} left behind", Path::new(&partial).display());
}

#[test]
fn an_html_out_file_gets_an_html_page_from_every_command_that_writes_one() {
    let f = Fixture::new();
    let gap = f.path("gap.HTML");
    f.cmd()
        .arg("compare")
        .arg("--out")
        .arg(&gap)
        .arg(f.path("advert.txt"))
        .arg(f.path("cv.txt"))
        .assert()
        .success();
    let page = f.read("gap.HTML");
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains("id=\"gaps\""), "the comparison's gap table");
    no_partial(&gap);

    let list = f.path("shortlist.htm");
    f.cmd()
        .arg("rank")
        .arg("--out")
        .arg(&list)
        .arg(f.path("advert.txt"))
        .arg(f.path("cvs"))
        .assert()
        .success();
    let page = f.read("shortlist.htm");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("id=\"shortlist\""), "the shortlist table");
    no_partial(&list);
}

#[test]
fn a_command_without_a_page_refuses_an_html_out_file_before_reading_or_building() {
    let f = Fixture::new();
    let out = f.path("results.html");
    let output = f.cmd().arg("bulk").arg("--out").arg(&out).arg(f.path("cvs")).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("bulk cannot write html"), "{err}");
    assert!(err.contains("results.html"), "names the file: {err}");
    assert!(err.contains("json or csv"), "says what it writes: {err}");
    assert!(!out.exists(), "nothing written");
    no_partial(&out);
    assert!(!f.path("index").exists(), "no index built for a usage error");
}

#[test]
fn format_html_is_refused_by_every_command_without_a_page_naming_those_with_one() {
    let f = Fixture::new();
    let advert = f.path("advert.txt");
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["list".as_ref()],
        vec!["show".as_ref(), "PROG".as_ref()],
        vec!["index".as_ref()],
        vec!["eval".as_ref(), "--roles".as_ref(), "roles.jsonl".as_ref()],
        vec!["bulk".as_ref(), advert.as_os_str()],
    ];
    for args in cases {
        let output = f.cmd().args(["--format", "html"]).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("--format html works with match, query, compare and rank"), "{args:?}: {err}");
    }
    assert!(!f.path("index").exists(), "refused before any index was built");
}

#[test]
fn the_out_extension_means_the_same_format_for_compare_rank_and_bulk() {
    let f = Fixture::new();
    let (advert, cv, cvs) = (f.path("advert.txt"), f.path("cv.txt"), f.path("cvs"));

    // .json: one JSON document from compare, JSON lines from the commands with a record per input.
    f.cmd().arg("compare").arg("--out").arg(f.path("c.json")).arg(&advert).arg(&cv).assert().success();
    let comparison: Value = serde_json::from_str(&f.read("c.json")).expect("compare --out c.json is JSON");
    assert!(comparison["fit"].is_number(), "{comparison}");
    for (command, name) in [("bulk", "b.json"), ("rank", "r.json")] {
        let mut cmd = f.cmd();
        cmd.arg(command).arg("--out").arg(f.path(name));
        if command == "rank" {
            cmd.arg(&advert);
        }
        cmd.arg(&cvs).assert().success();
        let text = f.read(name);
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
            .collect();
        assert_eq!(lines.len(), 2, "{command}: one JSON line per CV: {text}");
    }

    // .csv: each command's own CSV header.
    f.cmd().arg("compare").arg("--out").arg(f.path("c.csv")).arg(&advert).arg(&cv).assert().success();
    f.cmd().arg("bulk").arg("--out").arg(f.path("b.CSV")).arg(&cvs).assert().success();
    f.cmd().arg("rank").arg("--out").arg(f.path("r.csv")).arg(&advert).arg(&cvs).assert().success();
    let first = |name: &str| f.read(name).lines().next().unwrap_or_default().to_string();
    assert_eq!(first("c.csv"), COMPARISON_HEADER.join(","));
    assert_eq!(first("b.CSV"), CSV_HEADER.join(","));
    assert_eq!(first("r.csv"), SHORTLIST_HEADER.join(","));

    // No extension that names a format: each command's default (a table; JSON lines for bulk).
    f.cmd().arg("compare").arg("--out").arg(f.path("c.txt")).arg(&advert).arg(&cv).assert().success();
    assert!(serde_json::from_str::<Value>(&f.read("c.txt")).is_err(), "a table, not JSON");
    assert!(!f.read("c.txt").starts_with(&COMPARISON_HEADER.join(",")), "a table, not CSV");
    f.cmd().arg("bulk").arg("--out").arg(f.path("b.txt")).arg(&cvs).assert().success();
    assert!(f.read("b.txt").lines().all(|l| serde_json::from_str::<Value>(l).is_ok()), "JSON lines");
}

#[test]
fn format_beats_the_out_extension() {
    let f = Fixture::new();
    f.cmd()
        .args(["--format", "csv", "compare", "--out"])
        .arg(f.path("c.html"))
        .arg(f.path("advert.txt"))
        .arg(f.path("cv.txt"))
        .assert()
        .success();
    assert!(f.read("c.html").starts_with(&COMPARISON_HEADER.join(",")), "CSV in spite of .html");
    f.cmd()
        .args(["--format", "csv", "bulk", "--out"])
        .arg(f.path("b.jsonl"))
        .arg(f.path("cvs"))
        .assert()
        .success();
    assert!(f.read("b.jsonl").starts_with(&CSV_HEADER.join(",")), "CSV in spite of .jsonl");
}

#[test]
fn a_table_written_to_a_file_has_no_colour_and_one_on_stdout_does() {
    let f = Fixture::new();
    let (advert, cv) = (f.path("advert.txt"), f.path("cv.txt"));
    f.cmd()
        .args(["--color", "always", "compare", "--out"])
        .arg(f.path("gap.txt"))
        .arg(&advert)
        .arg(&cv)
        .assert()
        .success();
    assert!(!f.read("gap.txt").contains('\x1b'), "no escapes in a file");
    let shown = f.cmd().args(["--color", "always", "compare"]).arg(&advert).arg(&cv).output().unwrap();
    assert!(shown.status.success());
    assert!(String::from_utf8_lossy(&shown.stdout).contains('\x1b'), "coloured on stdout when asked");
}

#[test]
fn bulk_resume_mistakes_are_refused_before_any_index_is_built() {
    let f = Fixture::new();
    let cvs = f.path("cvs");
    let cases: [(&[&str], &str); 3] = [
        (&[], "--resume needs --out FILE (the run to continue is FILE.partial)"),
        (&["--out", "r.csv"], "--resume works with JSONL output only"),
        (&["--out", "/dev/null"], "--resume needs a regular --out file; /dev/null is a device or pipe"),
    ];
    for (args, message) in cases {
        let output =
            f.cmd().current_dir(f.path("")).args(["bulk", "--resume"]).args(args).arg(&cvs).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
    }
    assert!(!f.path("index").exists(), "refused before any index was built");
}

#[test]
fn match_and_bulk_cut_a_long_document_in_the_same_place_with_the_same_warning() {
    let f = Fixture::new();
    let long = f.path("long.txt");
    std::fs::write(&long, ADVERT.repeat(20)).unwrap();
    let output = f
        .loud()
        .args(["match", "--max-bytes", "300", "--min-score", "0", "--format", "json"])
        .arg(&long)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let warning =
        err.lines().find(|l| l.contains("text cut to its first")).unwrap_or_else(|| panic!("{err}"));
    let matched: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(matched["matches"].as_array().is_some_and(|m| !m.is_empty()), "{matched}");

    let bulk = f.cmd().args(["bulk", "--max-bytes", "300", "--min-score", "0"]).arg(&long).output().unwrap();
    assert!(bulk.status.success(), "{}", stderr(&bulk));
    let record: Value = serde_json::from_slice(&bulk.stdout).unwrap();
    assert_eq!(record["truncated"], Value::Bool(true));
    let recorded = record["warnings"][0].as_str().unwrap_or_default();
    assert_eq!(warning, format!("skillmatch: warning: {recorded}"), "one warning, one cut");
    assert_eq!(record["matches"], matched["matches"], "the same text matched");
}
