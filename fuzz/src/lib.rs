//! What the fuzz targets share: run a document extractor or a framework loader the way the
//! binary does, and check the promises that hold for any input.
//!
//! The property every target checks is the one the README makes for user input: an error
//! is fine, a panic, a hang (libFuzzer's `-timeout`) or unbounded memory (`-rss_limit_mb`,
//! `-malloc_limit_mb`) is a bug. Where a function documents more (sentences are ordered
//! byte ranges on char boundaries, …) the target asserts that too.

use skillmatch::model::Catalog;
use skillmatch::source::{load_file, SourceFormat};
use skillmatch::text::extract::{extract, DocFormat};
use std::cell::RefCell;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

thread_local! {
    /// The message and place of the last panic on this thread, for [`run`] to print.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Run one input through `body`; a panic that escapes it aborts (libFuzzer reports a crash).
///
/// skillmatch runs its third-party parsers (calamine, lopdf) under `catch_unwind` and turns
/// their panics into errors, as the binary (built with `panic = "unwind"`) does for a user.
/// libfuzzer-sys's own panic hook would abort on those caught panics too, so it is
/// replaced by one that only records the message: what counts is a panic that reaches the
/// top. With `SKILLMATCH_FUZZ_STRICT=1` every panic, caught or not, aborts: use it to find
/// the dependency panics that skillmatch catches (worth reporting upstream).
pub fn run(body: impl FnOnce()) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let strict = std::env::var_os("SKILLMATCH_FUZZ_STRICT").is_some_and(|v| v == "1");
        std::panic::set_hook(Box::new(move |info| {
            let message = info.to_string();
            if strict {
                eprintln!("panic (strict mode): {message}");
                std::process::abort();
            }
            LAST_PANIC.with(|last| *last.borrow_mut() = message);
        }));
    });
    if catch_unwind(AssertUnwindSafe(body)).is_err() {
        LAST_PANIC.with(|last| eprintln!("uncaught panic: {}", last.borrow()));
        std::process::abort();
    }
}

/// Extract `bytes` as `format` under a file name with the format's usual extension, as
/// `match` does, and check the text of a success.
pub fn extract_as(format: DocFormat, bytes: &[u8]) {
    let path = PathBuf::from(format!("input.{}", format.name()));
    check_extracted(&path, bytes, format);
}

/// Extract `bytes`, named `path`, as `format`; a success must hold some text, and the
/// extracted formats' text must be normalised (`\n` line ends, no control characters but
/// tab and newline).
pub fn check_extracted(path: &Path, bytes: &[u8], format: DocFormat) {
    let result = extract(path, bytes, format);
    show(|| match &result {
        Ok(doc) => format!("{:?}, {} bytes of text: {:?}", doc.format, doc.text.len(), preview(&doc.text)),
        Err(err) => format!("error: {err}"),
    });
    if let Ok(doc) = result {
        assert!(!doc.text.trim().is_empty(), "an extraction without text must be an error");
        if !matches!(doc.format, DocFormat::Txt | DocFormat::Md) {
            assert!(
                !doc.text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                "control character left in normalised text"
            );
        }
        // The matcher splits every document; exercise it on real extractor output too.
        check_sentences(&doc.text);
    }
}

/// Split `text` into sentences and check what [`split_sentences`] promises: byte ranges in
/// order, non-overlapping, non-empty, on char boundaries.
///
/// [`split_sentences`]: skillmatch::text::sentences::split_sentences
pub fn check_sentences(text: &str) {
    let mut last_end = 0;
    for s in skillmatch::text::sentences::split_sentences(text) {
        assert!(s.start < s.end, "empty sentence {s:?}");
        assert!(s.start >= last_end, "sentence {s:?} overlaps the one before (ends at {last_end})");
        assert!(s.end <= text.len(), "sentence {s:?} past the end ({})", text.len());
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?} not on char boundaries"
        );
        last_end = s.end;
    }
}

/// Load one framework file's bytes as `format` (named `path`), as `index` does, and merge
/// a success into a catalog, as [`skillmatch::source::load_corpus`] does.
pub fn load_as(format: SourceFormat, path: &Path, bytes: &[u8]) {
    let result = load_file(format, path, bytes);
    show(|| match &result {
        Ok(doc) => format!(
            "{format:?}: framework {:?}, {} skills ({:?}), {} levels, {} alias patches, {} warnings",
            doc.framework,
            doc.skills.len(),
            doc.skills.iter().map(|s| s.code.as_str()).take(5).collect::<Vec<_>>(),
            doc.responsibility_levels.len(),
            doc.alias_patches.len(),
            doc.warnings.len()
        ),
        Err(err) => format!("{format:?}: error: {err}"),
    });
    if let Ok(doc) = result {
        let _ = Catalog::from_sources(vec![doc]);
    }
}

/// With `SKILLMATCH_FUZZ_SHOW=1`, print what an input gave: to check that seeds reach
/// the parsers (`cargo fuzz run TARGET SEED_FILES…` runs just those inputs).
fn show(line: impl FnOnce() -> String) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("SKILLMATCH_FUZZ_SHOW").is_some_and(|v| v == "1")) {
        eprintln!("{}", line());
    }
}

/// The first 80 characters of `text`.
fn preview(text: &str) -> String {
    text.chars().take(80).collect()
}

/// Cut `data` at its first `count - 1` NUL bytes into `count` parts (missing parts are
/// empty): one fuzz input can hold several files, e.g. a manifest and its table.
pub fn split_parts(data: &[u8], count: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(count, |&b| b == 0).collect();
    parts.resize(count, &[]);
    parts
}

/// A fresh folder for targets whose loader reads files beside the one it was given (ESCO's
/// hierarchy, a manifest's tables). Kept per process and emptied on each call, so a run
/// leaves one folder behind, not one per input.
pub fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skillmatch-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cannot create the fuzz scratch folder");
    dir
}

/// Write `bytes` to `dir/name` (the harness's own file, so failing here is the harness's
/// problem, not the loader's).
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    let mut file = std::fs::File::create(&path).expect("cannot write a fuzz scratch file");
    file.write_all(bytes).expect("cannot write a fuzz scratch file");
    path
}
