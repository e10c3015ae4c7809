//! Fuzz the ESCO loader: `skills_en.csv` with the two hierarchy files it joins from beside it. The input is the three files cut at NUL bytes (skills, broader relations, skill groups); they are written to a scratch folder since the loader reads the companions from disk.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::source::SourceFormat;

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    let parts = skillmatch_fuzz::split_parts(data, 3);
    let dir = skillmatch_fuzz::scratch_dir();
    let skills = skillmatch_fuzz::write_file(&dir, "skills_en.csv", parts[0]);
    skillmatch_fuzz::write_file(&dir, "broaderRelationsSkillPillar.csv", parts[1]);
    skillmatch_fuzz::write_file(&dir, "skillGroups_en.csv", parts[2]);
    skillmatch_fuzz::load_as(SourceFormat::Esco, &skills, parts[0]);
}));
