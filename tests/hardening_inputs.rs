//! Inputs that must never hang or eat the machine, and inputs that must never be silently
//! lost: deeply nested HTML, FIFOs and devices, endless or huge inputs, zip bombs, absurd
//! `--max-bytes`, UTF-32, broken links in a walked folder, an unclosed CSV quote.
//!
//! Every pathological input is generated here, in a temporary folder; every test drives the
//! real binary against the SFIA 9 framework in `$SKILLMATCH_SHARED`, with its own index.
//! "Must not hang" is a generous timeout that only a real hang reaches.

mod common;

use assert_cmd::Command;
use common::{shared_dir, Env};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Far above any run here; reached only by a hang.
const HANG: Duration = Duration::from_secs(120);

const ADVERT: &str = "We are looking for a software developer to design, code and test \
    software, to manage a team of developers and to plan releases. You will own the database \
    design and the data modelling, and run the security testing of our web applications.\n";

// The test folder (`Env::new`, `path`) is shared; the commands are this file's own.
impl Env {
    /// `skillmatch --corpus sfia-9` with the test's index, not quiet (warnings are asserted).
    fn cmd(&self) -> Command {
        let mut cmd = Command::new(binary());
        cmd.env_remove("SKILLMATCH_CORPUS")
            .env("SKILLMATCH_INDEX", self.path("index"))
            .arg("--corpus")
            .arg(shared_dir().join("frameworks/sfia-9"))
            .timeout(HANG);
        cmd
    }

    /// `skillmatch --quiet --corpus sfia-9 bulk` with the test's index.
    fn bulk(&self) -> Command {
        let mut cmd = common::skillmatch(&self.path("index"));
        cmd.arg("--corpus").arg(shared_dir().join("frameworks/sfia-9")).arg("bulk").timeout(HANG);
        cmd
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, bytes).expect("write");
        path
    }
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("skillmatch")
}

/// The JSON lines of a bulk run's standard output.
fn records(output: &std::process::Output) -> Vec<Value> {
    std::str::from_utf8(&output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The skill codes of a `match --format json` report.
fn codes(output: &std::process::Output) -> Vec<String> {
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["matches"].as_array().expect("matches").iter().map(|m| m["code"].to_string()).collect()
}

/// The record whose path ends with `name`.
fn record<'a>(records: &'a [Value], name: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("no record for {name} in {records:?}"))
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

// 6. Deeply nested HTML is linear.
#[test]
fn deeply_nested_html_is_read_in_linear_time() {
    let env = Env::new();
    // When each start tag searched the whole stack, 200,000 nested elements took 25 s on a
    // release build: a million would take about ten minutes, far past the timeout.
    let depth = 1_000_000;
    let mut page = String::from("<html><head><title>Advert</title></head><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str(ADVERT);
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let html = env.write("nested.html", page);
    let output = env.cmd().args(["--quiet", "match", "--format", "json"]).arg(&html).assert().success();
    assert!(!codes(output.get_output()).is_empty(), "the advert's skills are found");
}

// 7. FIFOs, devices and folders are refused before they are opened.
#[test]
fn fifos_devices_and_folders_are_refused_not_waited_for() {
    let env = Env::new();
    let fifo = env.path("docs/cv.txt");
    std::fs::create_dir_all(env.path("docs")).unwrap();
    mkfifo(&fifo);
    let good = env.write("docs/good.txt", ADVERT);

    for (input, what) in [(fifo.as_path(), "FIFO"), (Path::new("/dev/zero"), "character device")] {
        let out = env.cmd().arg("match").arg(input).assert().code(1);
        let err = stderr(out.get_output());
        assert!(err.contains(what) && err.contains("not a regular file"), "{input:?}: {err}");
    }
    let out = env.cmd().arg("match").arg(env.path("docs")).assert().code(1);
    assert!(stderr(out.get_output()).contains("a folder"), "{}", stderr(out.get_output()));
    let out = env.cmd().arg("compare").arg(&good).arg(&fifo).assert().code(1);
    assert!(stderr(out.get_output()).contains("FIFO"), "{}", stderr(out.get_output()));

    // bulk: the folder walked, the FIFO named, and the FIFO listed by --files-from each give
    // an error record; the good file is scored; exit 1 as for a failed document.
    let list = env.write("list.txt", format!("{}\n{}\n", fifo.display(), good.display()));
    for args in [vec![env.path("docs")], vec![fifo.clone(), good.clone()]] {
        let out = env.bulk().args(&args).assert().code(1);
        let recs = records(out.get_output());
        assert_eq!(recs.len(), 2, "{recs:?}");
        assert!(record(&recs, "cv.txt")["error"].as_str().unwrap().contains("FIFO"), "{recs:?}");
        assert!(record(&recs, "good.txt").get("error").is_none(), "{recs:?}");
    }
    let out = env.bulk().arg("--files-from").arg(&list).assert().code(1);
    let recs = records(out.get_output());
    assert!(record(&recs, "cv.txt")["error"].as_str().unwrap().contains("FIFO"), "{recs:?}");
    assert!(record(&recs, "good.txt").get("error").is_none());
    // A .csv or .jsonl FIFO in a folder is refused too (it would be opened to read rows).
    mkfifo(&env.path("docs/rows.csv"));
    let out = env.bulk().arg(env.path("docs")).assert().code(1);
    let recs = records(out.get_output());
    assert!(record(&recs, "rows.csv")["error"].as_str().unwrap().contains("FIFO"), "{recs:?}");
    // --jsonl-in from a device is refused, not read for ever.
    let out = env.bulk().args(["--jsonl-in", "/dev/zero"]).assert().code(1);
    assert!(records(out.get_output())[0]["error"].as_str().unwrap().contains("character device"));
}

// 8. Endless standard input is read up to a bound, then cut.
#[test]
fn endless_standard_input_is_cut_not_slurped() {
    let env = Env::new();
    let mut child = std::process::Command::new(binary())
        .env_remove("SKILLMATCH_CORPUS")
        .env("SKILLMATCH_INDEX", env.path("index"))
        .arg("--corpus")
        .arg(shared_dir().join("frameworks/sfia-9"))
        .args(["match", "--format", "json", "--max-bytes", "50k", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // Writes until the reader goes away: without a bound, for ever.
    let writer = std::thread::spawn(move || {
        let mut written = 0u64;
        while stdin.write_all(ADVERT.as_bytes()).is_ok() {
            written += ADVERT.len() as u64;
        }
        written
    });
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("match - did not stop reading an endless standard input");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("standard input cut"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--max-bytes"), "{}", stderr(&output));
    assert!(!codes(&output).is_empty());
    // It stopped reading at the bound (4 × 50 kB), plus what the pipe buffered.
    let written = writer.join().expect("writer");
    assert!(written < 10_000_000, "wrote {written} bytes before match stopped reading");
}

// 8. match and compare cut text at --max-bytes and refuse huge files, as bulk does.
#[test]
fn match_and_compare_cut_long_text_and_refuse_huge_files() {
    let env = Env::new();
    let long = env.write("long.txt", ADVERT.repeat(40)); // about 12 kB
    let out =
        env.cmd().args(["match", "--format", "json", "--max-bytes", "2k"]).arg(&long).assert().success();
    let err = stderr(out.get_output());
    assert!(err.contains("text cut to its first") && err.contains("--max-bytes"), "{err}");
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for m in report["matches"].as_array().unwrap() {
        for e in m["evidence"].as_array().unwrap() {
            assert!(e["end"].as_u64().unwrap() <= 2000, "evidence past the cut: {e}");
        }
    }
    // Over 20 × --max-bytes: refused unread.
    let out = env.cmd().args(["match", "--max-bytes", "400"]).arg(&long).assert().code(1);
    assert!(stderr(out.get_output()).contains("too large"), "{}", stderr(out.get_output()));
    let out = env.cmd().args(["compare", "--max-bytes", "400"]).arg(&long).arg(&long).assert().code(1);
    assert!(stderr(out.get_output()).contains("too large"), "{}", stderr(out.get_output()));
    env.cmd().args(["match", "--max-bytes", "0"]).arg(&long).assert().code(2);
    env.cmd().args(["match", "--max-bytes", "99999999999999999999999"]).arg(&long).assert().code(2);
}

/// A DOCX whose body inflates to about `mb` megabytes of paragraphs.
fn docx_bomb(path: &Path, mb: usize) {
    let para =
        "<w:p><w:r><w:t>Managed a team of software developers and designed the database.</w:t></w:r></w:p>";
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#)
        .expect("write");
    let chunk = para.repeat(10_000);
    for _ in 0..(mb * 1_000_000 / chunk.len()).max(1) {
        zip.write_all(chunk.as_bytes()).expect("write");
    }
    zip.write_all(b"</w:body></w:document>").expect("write");
    zip.finish().expect("finish");
}

// 8. A zip bomb is inflated only up to a bound derived from --max-bytes.
#[test]
fn docx_bomb_is_inflated_only_up_to_the_limit() {
    let env = Env::new();
    let bomb = env.path("bomb.docx");
    docx_bomb(&bomb, 200);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 5_000_000, "the bomb compresses well");
    let out = env.bulk().arg(&bomb).args(["--max-bytes", "100k"]).assert().success();
    let recs = records(out.get_output());
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["truncated"], true, "{}", recs[0]);
    let warnings = recs[0]["warnings"].to_string();
    assert!(warnings.contains("inflates to more than"), "{warnings}");
    assert!(recs[0].get("error").is_none(), "{}", recs[0]);
    let out = env.cmd().args(["match", "--max-bytes", "100k"]).arg(&bomb).assert().success();
    assert!(stderr(out.get_output()).contains("inflates to more than"), "{}", stderr(out.get_output()));
}

// 8. An absurd --max-bytes does not wrap around.
#[test]
fn absurd_max_bytes_does_not_wrap_around() {
    let env = Env::new();
    let cv = env.write("cv.txt", ADVERT);
    let out = env.bulk().arg(&cv).args(["--max-bytes", "1000000000000000000"]).assert().success();
    let recs = records(out.get_output());
    assert!(recs[0].get("error").is_none(), "{}", recs[0]);
    assert!(!recs[0]["matches"].as_array().unwrap().is_empty());
    let out = env
        .bulk()
        .args(["--max-bytes", "1000000000000000000", "--jsonl-in", "-"])
        .write_stdin(format!("{}\n", serde_json::json!({"id": "a", "text": ADVERT})))
        .assert()
        .success();
    assert!(records(out.get_output())[0].get("error").is_none());
    let mut cmd = env.cmd();
    cmd.args(["match", "--format", "json", "--max-bytes", "1000000000000000000"]).arg(&cv);
    assert!(!codes(cmd.assert().success().get_output()).is_empty());
}

fn utf32(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little { vec![0xFF, 0xFE, 0, 0] } else { vec![0, 0, 0xFE, 0xFF] };
    for c in text.chars() {
        bytes.extend(if little { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() });
    }
    bytes
}

// 9. UTF-32 with a BOM is decoded; NULs left after decoding are an error, not 0 matches.
#[test]
fn utf32_with_a_bom_is_decoded() {
    let env = Env::new();
    let utf8 = env.write("utf8.txt", ADVERT);
    let expected =
        codes(env.cmd().args(["--quiet", "match", "--format", "json"]).arg(&utf8).assert().get_output());
    assert!(!expected.is_empty());
    for (name, little) in [("le.txt", true), ("be.txt", false)] {
        let file = env.write(name, utf32(ADVERT, little));
        let out = env.cmd().args(["match", "--format", "json"]).arg(&file).assert().success();
        assert_eq!(codes(out.get_output()), expected, "{name}");
        assert!(stderr(out.get_output()).is_empty() || !stderr(out.get_output()).contains("warning"));
    }
    // UTF-32 data behind a UTF-16 BOM decodes to NULs: a clear error, exit 1.
    let mut lying = vec![0xFF, 0xFE];
    lying.extend(utf32(ADVERT, true).split_off(4));
    let file = env.write("lying.txt", lying);
    let out = env.cmd().args(["match"]).arg(&file).assert().code(1);
    assert!(stderr(out.get_output()).contains("NUL"), "{}", stderr(out.get_output()));
}

// 10. Dangling links and link loops in a walked folder get records.
#[cfg(unix)]
#[test]
fn broken_links_in_a_folder_are_reported() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    let dir = env.path("cvs");
    env.write("cvs/good.txt", ADVERT);
    symlink(env.path("cvs/missing.txt"), dir.join("dangling.txt")).unwrap();
    symlink(dir.join("loop-b.txt"), dir.join("loop-a.txt")).unwrap();
    symlink(dir.join("loop-a.txt"), dir.join("loop-b.txt")).unwrap();
    symlink("..", dir.join("up")).unwrap();
    let out = env.bulk().arg(&dir).assert().code(1);
    let recs = records(out.get_output());
    assert_eq!(recs.len(), 5, "{recs:?}");
    assert!(record(&recs, "good.txt").get("error").is_none());
    assert!(record(&recs, "dangling.txt")["error"].as_str().unwrap().contains("dangling"), "{recs:?}");
    for name in ["loop-a.txt", "loop-b.txt", "up"] {
        assert!(record(&recs, name)["error"].as_str().unwrap().contains("loop"), "{name}: {recs:?}");
    }
    // Named directly, a dangling link is an error record too.
    let out = env.bulk().arg(dir.join("dangling.txt")).assert().code(1);
    assert!(records(out.get_output())[0]["error"].as_str().unwrap().contains("dangling"));
}

// 11. An unclosed quote in a CSV input is an error naming the file and row.
#[test]
fn unclosed_csv_quote_is_an_error_naming_the_row() {
    let env = Env::new();
    let csv = env.write(
        "rows.csv",
        format!(
            "id,text\na,\"{}\"\nb,\"Led the team of developers.\nc,Designed the database.\nd,Wrote tests.\n",
            ADVERT.trim()
        ),
    );
    let out = env.bulk().arg(&csv).assert().code(1);
    let recs = records(out.get_output());
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert!(recs[0].get("error").is_none(), "{}", recs[0]);
    let error = recs[1]["error"].as_str().unwrap();
    assert!(
        error.contains("rows.csv") && error.contains("never closed") && error.contains("line 3"),
        "{error}"
    );
    assert_eq!(recs[1]["row"], 2);
    // In a large file the unclosed row stops near 20 × --max-bytes (give or take the read
    // buffers) instead of holding the rest of the file.
    let big = env.write("big.csv", format!("id,text\na,ok\nb,\"open{}", "x, y\n".repeat(20_000)));
    let out = env.bulk().arg(&big).args(["--max-bytes", "100"]).assert().code(1);
    let recs = records(out.get_output());
    assert!(recs.last().unwrap()["error"].as_str().unwrap().contains("more than 2000 bytes"), "{recs:?}");
}

// Found by the strict fuzz run of `fw_sfia_sheet` (the fixture is that input, made from the
// fuzz seeds' own invented skills): a cell reference whose column letters overflow the
// spreadsheet reader's u32 arithmetic. A debug build panics inside calamine, where the
// panic is caught; a release build wraps and the reader refuses the cell. Either way the
// user gets exit 2 and a message naming the file, never a crash.
#[test]
fn a_spreadsheet_that_trips_its_reader_is_a_clear_error() {
    let env = Env::new();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-xlsx-cell-reference-overflow.xlsx");
    let out = common::skillmatch(&env.path("index"))
        .arg("--corpus")
        .arg(&fixture)
        .arg("list")
        .timeout(HANG)
        .assert()
        .code(2);
    let error = stderr(out.get_output());
    assert!(
        error.contains("fuzz-xlsx-cell-reference-overflow.xlsx") && error.contains("malformed spreadsheet"),
        "{error}"
    );
    assert!(!error.contains("internal error"), "{error}");
}
