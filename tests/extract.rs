//! Text extraction on the real documents in the shared folder (read at run time: no text of
//! theirs is kept here), through the library API.

mod common;

use common::shared_dir;
use skillmatch::error::{Error, ExtractError, InputError};
use skillmatch::text::extract::{extract, DocFormat, Extracted};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn documents() -> PathBuf {
    shared_dir().join("documents")
}

/// Files under `dir` (recursively) with extension `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> Result<Extracted, Error> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let format = DocFormat::from_path(path).unwrap_or_else(|| panic!("{}: no format", path.display()));
    extract(path, &bytes, format)
}

fn text(path: &Path) -> String {
    match read(path) {
        Ok(x) => x.text,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b): (HashSet<String>, HashSet<String>) =
        (words(a).into_iter().collect(), words(b).into_iter().collect());
    a.intersection(&b).count() as f64 / a.union(&b).count().max(1) as f64
}

/// Text that reads as words: enough of them, spaces between them, no NUL.
fn assert_readable(path: &Path, text: &str, min_words: usize) {
    let w = words(text);
    assert!(w.len() >= min_words, "{}: only {} words", path.display(), w.len());
    let long = w.iter().filter(|w| w.chars().count() > 25).count();
    assert!(long * 50 <= w.len(), "{}: {long} run-together words of {}", path.display(), w.len());
    assert!(!text.contains('\0'), "{}: NUL in text", path.display());
    assert!(!text.contains("\n\n\n"), "{}: runs of blank lines", path.display());
}

#[test]
fn kaggle_cv_pdfs() {
    let dir = documents().join("cvs/kaggle-resumes/pdf");
    let pdfs = files(&dir, "pdf");
    assert!(pdfs.len() >= 680, "{} PDFs", pdfs.len());
    let no_text = dir.join("BUSINESS-DEVELOPMENT/12632728.pdf");
    for path in &pdfs {
        if *path == no_text {
            continue;
        }
        let x = read(path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(x.format, DocFormat::Pdf);
        assert_readable(path, &x.text, 100);
    }
}

#[test]
fn pdf_without_a_text_layer_is_no_text() {
    let path = documents().join("cvs/kaggle-resumes/pdf/BUSINESS-DEVELOPMENT/12632728.pdf");
    match read(&path) {
        Err(Error::Extract(ExtractError::NoText { reason, .. })) => {
            assert_eq!(reason, "the PDF has no text layer (scanned?)")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn la_city_bulletin_pdfs_from_several_generators() {
    let pdfs = files(&documents().join("job-ads/la-city/files"), "pdf");
    assert!(pdfs.len() >= 59, "{} PDFs", pdfs.len());
    for path in &pdfs {
        assert_readable(path, &text(path), 300);
    }
}

#[test]
fn la_city_word_files_and_the_lock_file() {
    let dir = documents().join("job-ads/la-city/files");
    let mut docs = 0;
    for path in files(&dir, "doc") {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match read(&path) {
            Err(Error::Extract(ExtractError::Junk { reason, .. })) => {
                assert!(name.starts_with("~$"), "{name}");
                assert_eq!(reason, "a Word lock file (~$…)");
            }
            Ok(x) => {
                assert!(!name.starts_with("~$"), "{name}");
                assert_eq!(x.format, DocFormat::Doc);
                assert_readable(&path, &x.text, 50);
                docs += 1;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(docs, 4);
    for path in files(&dir, "docx") {
        assert_readable(&path, &text(&path), 50);
    }
    let lock = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")))
        .expect("the lock file");
    assert!(matches!(read(&lock), Err(Error::Extract(ExtractError::Junk { .. }))));
}

#[test]
fn cv_pdf_and_docx_of_the_same_cv_agree() {
    let dir = documents().join("cvs/resume-pairs/ref_data/resumes");
    let mut pairs = 0;
    for pdf in files(&dir, "pdf") {
        let docx = pdf.with_extension("docx");
        if !docx.exists() {
            continue;
        }
        let (a, b) = (text(&pdf), text(&docx));
        let j = jaccard(&a, &b);
        // Measured 1.0 for all six pairs.
        assert!(j > 0.9, "{}: PDF and DOCX word sets agree only {j:.3}", pdf.display());
        pairs += 1;
    }
    assert_eq!(pairs, 6);
    for docx in files(&dir, "docx") {
        assert_readable(&docx, &text(&docx), 100);
    }
}

/// The words of `w:t` runs inside `w:txbxContent` of a DOCX's main part.
fn text_box_words(docx: &Path) -> (Vec<String>, usize) {
    let file = std::fs::File::open(docx).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("read");
    let mut words_in_boxes = Vec::new();
    let mut boxes = 0;
    for chunk in xml.split("<w:txbxContent>").skip(1) {
        boxes += 1;
        let inner = chunk.split("</w:txbxContent>").next().unwrap_or("");
        for run in inner.split("<w:t").skip(1) {
            // Only <w:t> and <w:t xml:space=…>, not <w:tab/>, <w:tbl>, …
            if !(run.starts_with('>') || run.starts_with(' ')) {
                continue;
            }
            let Some((_, body)) = run.split_once('>') else { continue };
            let t = body.split("</w:t>").next().unwrap_or("");
            if !t.contains('<') {
                words_in_boxes.extend(words(t));
            }
        }
    }
    (words_in_boxes, boxes)
}

#[test]
fn docx_text_boxes_are_read_once() {
    let dir = documents().join("cvs/resume-pairs/ref_data/resumes");
    let mut with_boxes = 0;
    for docx in files(&dir, "docx") {
        let (box_words, boxes) = text_box_words(&docx);
        if boxes == 0 {
            continue;
        }
        with_boxes += 1;
        let t = text(&docx);
        let have: HashSet<String> = words(&t).into_iter().collect();
        for w in &box_words {
            assert!(have.contains(w), "{}: text box word {w:?} missing", docx.display());
        }
        // mc:AlternateContent keeps each box twice (wps and VML): the text must not double.
        let mut seen = HashSet::new();
        for line in t.lines().map(str::trim).filter(|l| l.chars().count() > 30) {
            assert!(seen.insert(line), "{}: line repeated: {line:?}", docx.display());
        }
    }
    assert!(with_boxes >= 1, "no DOCX with text boxes found");
}

#[test]
fn gds_docx_and_odt_agree() {
    let dir = documents().join("job-ads/gds-ddat/service-manual/the-team/recruitment");
    let mut pairs = 0;
    for docx in files(&dir, "docx") {
        let odt = docx.with_extension("odt");
        let (a, b) = (text(&docx), text(&odt));
        assert_readable(&docx, &a, 200);
        assert_readable(&odt, &b, 200);
        let j = jaccard(&a, &b);
        // Measured ≥ 0.997 (the few differences are in the documents themselves).
        assert!(j > 0.97, "{}: DOCX and ODT agree only {j:.3}", docx.display());
        pairs += 1;
    }
    assert_eq!(pairs, 21);
}

#[test]
fn civil_service_page_declared_latin1() {
    let path = documents().join("job-ads/civil-service-html/spec/fixtures/job_detail_page.html");
    let bytes = std::fs::read(&path).expect("read");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is expected not to be UTF-8");
    let x = read(&path).unwrap_or_else(|e| panic!("{e}"));
    let t = &x.text;
    assert_readable(&path, t, 300);
    for bad in ["Ã", "Â", "\u{FFFD}", "\u{92}", "\u{96}"] {
        assert!(!t.contains(bad), "mojibake {bad:?}");
    }
    // Windows-1252 apostrophes and the pound sign of the page decode to themselves.
    assert!(t.contains('’') && t.contains('£'), "typographic characters lost");
    let lower = t.to_lowercase();
    for boilerplate in ["cookie", "skip to", "sign in", "crown copyright", "<", "&nbsp", "&amp;"] {
        assert!(!lower.contains(boilerplate), "boilerplate {boilerplate:?} left in");
    }
    assert!(t.lines().any(|l| l.starts_with("• ")), "list items should be bullets");
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

#[test]
fn nhs_adverts() {
    let pages = files(&documents().join("job-ads/nhs-html"), "html");
    assert_eq!(pages.len(), 1008);
    for path in &pages {
        let t = text(path);
        assert_readable(path, &t, 20);
        assert!(!t.contains("</") && !t.contains("<p"), "{}: markup left", path.display());
        assert!(!t.contains("&amp;") && !t.contains("&nbsp;"), "{}: entity left", path.display());
    }
}

#[test]
fn damaged_real_files_are_corrupt_naming_the_format() {
    let docx = documents().join("cvs/resume-pairs/ref_data/resumes/01-Accountant.docx");
    let pdf = documents().join("cvs/resume-pairs/ref_data/resumes/01-Accountant.pdf");
    let odt = documents().join("job-ads/gds-ddat/service-manual/the-team/recruitment/Agile-coach.odt");
    for (path, format, label) in [(docx, DocFormat::Docx, "DOCX"), (odt, DocFormat::Odt, "ODT")] {
        let bytes = std::fs::read(&path).expect("read");
        let half = &bytes[..bytes.len() / 2];
        match extract(&path, half, format) {
            Err(Error::Extract(ExtractError::Corrupt { format, .. })) => assert_eq!(format, label),
            other => panic!("{label}: {other:?}"),
        }
    }
    // A PDF cut in half: lopdf rebuilds the object table when it can (then the text comes
    // with a warning), else it is corrupt.
    let bytes = std::fs::read(&pdf).expect("read");
    for cut in [bytes.len() / 2, bytes.len() / 10] {
        match extract(&pdf, &bytes[..cut], DocFormat::Pdf) {
            Err(Error::Extract(ExtractError::Corrupt { format, .. })) => assert_eq!(format, "PDF"),
            Err(Error::Extract(ExtractError::NoText { .. })) => {}
            Ok(x) => assert!(x.warnings.iter().any(|w| w.contains("damaged")), "{:?}", x.warnings),
            Err(other) => panic!("{other}"),
        }
    }
    // The kaggle PDFs keep their object table at the end: cut, they are corrupt.
    let kaggle = files(&documents().join("cvs/kaggle-resumes/pdf/INFORMATION-TECHNOLOGY"), "pdf");
    let bytes = std::fs::read(&kaggle[0]).expect("read");
    assert!(matches!(
        extract(&kaggle[0], &bytes[..bytes.len() / 2], DocFormat::Pdf),
        Err(Error::Extract(ExtractError::Corrupt { format: "PDF", .. }))
    ));
    assert!(matches!(
        extract(Path::new("empty.pdf"), b"", DocFormat::Pdf),
        Err(Error::Input(InputError::Empty { .. }))
    ));
}

#[test]
fn invented_rtf_and_html_through_the_api() {
    let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\author Nobody}}\f0 Senior developer\par
{\pntext\'B7\tab}Rust and SQL \endash  na\'efve caf\'e9 \u8364?\par}";
    let x = extract(Path::new("cv.rtf"), rtf, DocFormat::Rtf).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.text, "Senior developer\n·\tRust and SQL – naïve café €\n");
    let html = "<html><head><meta charset=utf-8><title>T</title></head><body><nav>Menu</nav>\
        <div class=cookie-banner>We use cookies</div><h1>Analyst</h1><ul><li>SQL &amp; Python</li></ul></body></html>";
    let x = extract(Path::new("ad.html"), html.as_bytes(), DocFormat::Html).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.text, "Analyst\n\n• SQL & Python\n");
    assert!(matches!(
        extract(Path::new("cv.rtf"), b"not rtf at all", DocFormat::Rtf),
        Err(Error::Extract(ExtractError::Corrupt { format: "RTF", .. }))
    ));
}

/// Extraction speed per format on the real sets (one core). Run with
/// `cargo test --release --test extract -- --ignored --nocapture`.
#[test]
#[ignore]
fn extraction_speed() {
    let docs = documents();
    let sets: [(&str, PathBuf, &str); 6] = [
        ("PDF (kaggle CVs)", docs.join("cvs/kaggle-resumes/pdf"), "pdf"),
        ("PDF (LA bulletins)", docs.join("job-ads/la-city/files"), "pdf"),
        ("HTML (NHS adverts)", docs.join("job-ads/nhs-html"), "html"),
        ("DOCX (GDS)", docs.join("job-ads/gds-ddat/service-manual/the-team/recruitment"), "docx"),
        ("ODT (GDS)", docs.join("job-ads/gds-ddat/service-manual/the-team/recruitment"), "odt"),
        ("DOC (LA)", docs.join("job-ads/la-city/files"), "doc"),
    ];
    for (label, dir, ext) in sets {
        let inputs: Vec<(PathBuf, Vec<u8>)> =
            files(&dir, ext).into_iter().map(|p| (p.clone(), std::fs::read(&p).expect("read"))).collect();
        let mut best = Duration::MAX;
        let mut bytes_out = 0;
        for _ in 0..3 {
            let t = Instant::now();
            bytes_out = 0;
            for (path, bytes) in &inputs {
                if let Ok(x) = extract(path, bytes, DocFormat::from_path(path).expect("format")) {
                    bytes_out += x.text.len();
                }
            }
            best = best.min(t.elapsed());
        }
        let n = inputs.len();
        println!(
            "{label:20} {n:5} files {:8.1} ms {:9.0} files/s {:6.3} ms/file, {:.1} MB text",
            best.as_secs_f64() * 1e3,
            n as f64 / best.as_secs_f64(),
            best.as_secs_f64() * 1e3 / n.max(1) as f64,
            bytes_out as f64 / 1e6
        );
    }
}
