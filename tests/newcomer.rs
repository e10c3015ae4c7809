//! What a newcomer meets: `--help` that lists only what a command honours, usage lines
//! that do not make optional flags look required, one manual page per subcommand, a PDF or
//! DOCX piped to `match -`, and what a recruiter reads in the tables (the shortlist's
//! counts, no document level without evidence, `--explain` in the document's words).

mod common;

use assert_cmd::Command;
use common::{json_of, shared_dir, skillmatch};
use std::path::PathBuf;
use std::sync::OnceLock;
use tempfile::TempDir;

/// One SFIA 9 index for every test here.
fn index() -> PathBuf {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        skillmatch(&dir.path().join("idx"))
            .arg("--corpus")
            .arg(shared_dir().join("frameworks/sfia-9"))
            .arg("index")
            .assert()
            .success();
        dir
    });
    dir.path().join("idx")
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn help(args: &[&str]) -> String {
    stdout_of(skillmatch(&index()).args(args).arg("--help"))
}

fn stderr_of_failure(cmd: &mut Command, code: i32) -> String {
    String::from_utf8_lossy(&cmd.assert().code(code).get_output().stderr).into_owned()
}

#[test]
fn help_lists_only_what_a_command_honours() {
    for command in ["completions", "man"] {
        let text = help(&[command]);
        for option in ["--corpus", "--index", "--format", "--quiet", "--semantic", "--color", "--csv-raw"] {
            assert!(!text.contains(option), "{command} --help offers {option}:\n{text}");
        }
    }
    // show and list write no HTML, so their --format does not offer it.
    for command in ["show", "list"] {
        let text = help(&[command]);
        assert!(text.contains("table") && text.contains("csv"), "{text}");
        assert!(!text.contains("html"), "{command} offers html:\n{text}");
        assert!(!text.contains("--semantic"), "{command} does not match: {text}");
    }
    assert!(help(&["show"]).contains("at least six characters"), "show explains the ESCO rule");
    // bulk and rank write JSON Lines, and say so; match writes one document.
    assert!(help(&["bulk"]).contains("JSON Lines, one object a line"));
    assert!(help(&["rank"]).contains("JSON Lines, one object a line"));
    let matched = help(&["match"]);
    assert!(matched.contains("JSON, one document") && !matched.contains("JSON Lines"), "{matched}");
    assert!(!help(&["bulk"]).contains("--color"), "bulk writes no table");
    assert!(!help(&["index"]).contains("--framework"), "index builds every framework");

    // What a command does not write is refused, not silently ignored.
    let s = stderr_of_failure(skillmatch(&index()).args(["list", "--format", "html"]), 2);
    assert!(s.contains("invalid value 'html'"), "{s}");
    let s = stderr_of_failure(skillmatch(&index()).args(["bulk", "--format", "table", "x.txt"]), 2);
    assert!(s.contains("invalid value 'table'"), "{s}");
    let s =
        stderr_of_failure(skillmatch(&index()).args(["eval", "--format", "csv", "--roles", "r.jsonl"]), 2);
    assert!(s.contains("invalid value 'csv'"), "{s}");
    // Before the subcommand, as scripts write it, a format the command cannot write is an error too.
    let s = stderr_of_failure(skillmatch(&index()).args(["--format", "table", "bulk", "x.txt"]), 2);
    assert!(s.contains("--format table works with"), "{s}");

    // A usage line does not show optional flags as required.
    let s = stderr_of_failure(skillmatch(&index()).arg("query"), 2);
    assert!(s.contains("Usage: skillmatch query <WORDS>..."), "{s}");
    assert!(!s.contains("--index <DIR>"), "{s}");

    // Options before the subcommand still work, and after it for the commands that honour them.
    let before = json_of(skillmatch(&index()).args([
        "--format",
        "json",
        "--semantic",
        "off",
        "query",
        "service desk",
    ]));
    let after = json_of(skillmatch(&index()).args([
        "query",
        "--format",
        "json",
        "--semantic",
        "off",
        "service desk",
    ]));
    assert_eq!(before, after);
}

#[test]
fn one_manual_page_per_subcommand_each_opening_with_its_title() {
    let top = stdout_of(Command::cargo_bin("skillmatch").unwrap().arg("man"));
    assert!(top.starts_with(".TH skillmatch 1"), "{}", &top[..top.len().min(200)]);
    assert!(top.contains("skillmatch\\-match(1)"), "the top page names the subcommands' pages");
    let page = stdout_of(Command::cargo_bin("skillmatch").unwrap().args(["man", "match"]));
    assert!(page.starts_with(".TH skillmatch-match 1"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains("\\-\\-min\\-score"), "the page documents match's own flags");
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("man1");
    stdout_of(Command::cargo_bin("skillmatch").unwrap().args(["man", "--dir"]).arg(&target));
    let mut files: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.contains(&"skillmatch.1".to_string()) && files.contains(&"skillmatch-rank.1".to_string()));
    assert_eq!(files.len(), 12, "the top page and 11 subcommands: {files:?}");
    let s = stderr_of_failure(Command::cargo_bin("skillmatch").unwrap().args(["man", "nope"]), 2);
    assert!(s.contains("the commands are: index, match"), "{s}");
}

#[test]
fn a_pdf_or_docx_piped_to_match_is_read_by_its_bytes() {
    let pdf = shared_dir().join("documents/cvs/kaggle-resumes/pdf/INFORMATION-TECHNOLOGY/10247517.pdf");
    let docx = shared_dir().join("documents/cvs/resume-pairs/ref_data/resumes/02-Desktop Support.docx");
    for file in [pdf, docx] {
        let by_path = json_of(skillmatch(&index()).args(["match", "--format", "json"]).arg(&file));
        let piped = json_of(
            skillmatch(&index())
                .args(["match", "--format", "json", "-"])
                .write_stdin(std::fs::read(&file).unwrap()),
        );
        assert_eq!(piped["source"], "-");
        assert_eq!(piped["matches"], by_path["matches"], "{}", file.display());
        assert!(!piped["matches"].as_array().unwrap().is_empty(), "{}", file.display());
    }
    // Binary data that is no document format is still refused.
    let s = stderr_of_failure(
        skillmatch(&index()).args(["match", "-"]).write_stdin(vec![0u8, 159, 146, 150, 0, 1]),
        1,
    );
    assert!(s.contains("binary"), "{s}");
}

#[test]
fn the_shortlist_counts_ranked_and_failed_cvs_apart() {
    let tmp = TempDir::new().unwrap();
    let cvs = tmp.path().join("cvs");
    std::fs::create_dir_all(&cvs).unwrap();
    let it = shared_dir().join("documents/cvs/kaggle-resumes/txt/INFORMATION-TECHNOLOGY");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&it).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files.iter().take(3) {
        std::fs::copy(file, cvs.join(file.file_name().unwrap())).unwrap();
    }
    std::fs::write(cvs.join("empty.txt"), "").unwrap();
    let advert = shared_dir().join("documents/job-ads/dfe-ddat/app/views/jd/devops-engineer.md");
    let table = |top: Option<&str>| {
        let mut cmd = skillmatch(&index());
        cmd.arg("rank").arg(&advert).arg(&cvs);
        if let Some(top) = top {
            cmd.args(["--top", top]);
        }
        String::from_utf8(cmd.assert().code(1).get_output().stdout.clone()).unwrap()
    };
    let first_line = |t: String| t.lines().next().unwrap_or_default().to_string();
    let all = first_line(table(None));
    assert!(all.contains("· 3 CVs ranked · 1 failed ·"), "{all}");
    let top = first_line(table(Some("2")));
    assert!(top.contains("· 2 of 3 CVs ranked · 1 failed ·"), "{top}");
}

#[test]
fn query_says_no_document_level_without_evidence_of_one() {
    let table = |words: &str| stdout_of(skillmatch(&index()).args(["query", words]));
    let plain = table("incident management, ITIL, service desk");
    assert!(plain.contains("USUP"), "{plain}");
    assert!(!plain.contains("document level"), "three words are no evidence of a level:\n{plain}");
    let nothing = table("zzqx wwvy");
    assert!(nothing.contains("0 skills") && !nothing.contains("document level"), "{nothing}");
    let senior = table("Senior service manager: leads a team of 8 engineers running incident management");
    assert!(senior.contains("document level: "), "a title and a team size are:\n{senior}");
}

#[test]
fn explain_shows_the_words_as_the_document_wrote_them() {
    let text = stdout_of(skillmatch(&index()).args([
        "query",
        "--top",
        "1",
        "--explain",
        "Managing incidents at the service desk (ITIL)",
    ]));
    let matched: String =
        text.lines().skip_while(|l| !l.contains("matched:")).take(4).collect::<Vec<_>>().join("\n");
    assert!(matched.contains("incidents "), "{text}");
    assert!(!matched.contains("incid ") && !matched.contains("servic "), "no stems:\n{matched}");
    // JSON keeps the analysed terms, which the index and the offsets speak.
    let json = json_of(skillmatch(&index()).args([
        "query",
        "--format",
        "json",
        "--top",
        "1",
        "--explain",
        "Managing incidents at the service desk (ITIL)",
    ]));
    let terms: Vec<&str> = json["matches"][0]["explain"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert!(terms.contains(&"incid"), "{terms:?}");
}
