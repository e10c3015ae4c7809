//! Fuzz the framework manifest loader: a JSON manifest and the table it maps, cut at the first NUL byte. Both are written to a scratch folder (the manifest reads its tables from disk); a manifest naming any other file (absolute, `..`, a device) is skipped, since reading what a user's own manifest names is the intent, not a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::manifest::parse;
use skillmatch::source::SourceFormat;
use std::path::{Component, Path};

/// The table's name in the scratch folder; the seeds' manifests name it.
const TABLE: &str = "table.csv";

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    let parts = skillmatch_fuzz::split_parts(data, 2);
    let (manifest, table) = (parts[0], parts[1]);
    // Only plain relative names stay inside the scratch folder.
    if let Ok(parsed) = parse(Path::new("m.framework.json"), manifest) {
        let contained = |file: &Path| file.components().all(|c| matches!(c, Component::Normal(_)));
        if !parsed.sources.iter().all(|s| contained(&s.file)) {
            return;
        }
    }
    let dir = skillmatch_fuzz::scratch_dir();
    // A table named .xlsx in the manifest is read as a workbook: offer both names.
    skillmatch_fuzz::write_file(&dir, TABLE, table);
    skillmatch_fuzz::write_file(&dir, "table.xlsx", table);
    skillmatch_fuzz::write_file(&dir, "table.tsv", table);
    let path = skillmatch_fuzz::write_file(&dir, "m.framework.json", manifest);
    skillmatch_fuzz::load_as(SourceFormat::Manifest, &path, manifest);
}));
