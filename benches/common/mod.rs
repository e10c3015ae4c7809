//! Set-up shared by the benchmarks: where the shared data is and the SFIA 9 index.

use skillmatch::index::SkillIndex;
use skillmatch::source::load_corpus;
use std::path::PathBuf;
use std::sync::OnceLock;

/// `$SKILLMATCH_SHARED`, else `../shared` beside the crate.
pub fn shared() -> PathBuf {
    std::env::var_os("SKILLMATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The official SFIA 9 spreadsheet.
pub fn sfia9_sheet() -> PathBuf {
    shared().join("frameworks/sfia-9/sfia-9_current-standard_en_250129.xlsx")
}

/// SFIA 9 indexed in memory, once per benchmark binary.
pub fn index() -> &'static SkillIndex {
    static INDEX: OnceLock<SkillIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = load_corpus(&[sfia9_sheet()]).expect("SFIA 9 spreadsheet");
        SkillIndex::build_in_ram(corpus.catalog).expect("index")
    })
}

/// The first 5 KB (at a character boundary) of a real job description.
pub fn advert_5kb() -> String {
    let path = shared().join("documents/job-ads/dfe-ddat/app/views/jd/lead-solution-architect.md");
    let text = std::fs::read_to_string(&path).expect("advert");
    let mut end = (5 * 1024).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
