//! The page loaders (Logseq, SFIA skill and level pages, proficiency pages, change
//! requests) on the real files of the shared folder, through the library API.

mod common;

use skillmatch::model::{Skill, SourceDoc, UNVERSIONED_SFIA};
use skillmatch::source::{detect, load_corpus, load_file, walk_files, SourceFormat};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn seed(name: &str) -> PathBuf {
    common::shared_dir().join("seeds").join(name)
}

fn frameworks_dir(name: &str) -> PathBuf {
    common::shared_dir().join("frameworks").join(name)
}

/// Detect and load one file, checking the detected format.
fn load_as(path: &Path, expected: SourceFormat) -> SourceDoc {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let format = detect(path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format, expected, "{}", path.display());
    load_file(format, path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn only_skill(doc: &SourceDoc) -> &Skill {
    assert_eq!(doc.skills.len(), 1, "{}", doc.path.display());
    &doc.skills[0]
}

fn level_numbers(skill: &Skill) -> Vec<u8> {
    skill.levels.iter().map(|l| l.level).collect()
}

#[test]
fn seed_000_logseq_page() {
    let doc = load_as(&seed("000_b8b11a36730d31df.txt"), SourceFormat::Logseq);
    let skill = only_skill(&doc);
    assert_eq!(skill.code, "ITMG");
    assert_eq!(skill.name, "Technology service management");
    assert_eq!(skill.category, "Delivery and operation");
    assert_eq!(skill.subcategory, "Technology management");
    assert!(!skill.description.is_empty() && !skill.guidance.is_empty());
    assert_eq!(level_numbers(skill), vec![5, 6, 7]);
    assert!(skill.levels.iter().all(|l| !l.description.contains("[[")));
}

#[test]
fn seed_001_plain_text_skill_page() {
    let doc = load_as(&seed("001_bea1e3a2c5b504f8.txt"), SourceFormat::SfiaPage);
    assert_eq!(doc.framework, UNVERSIONED_SFIA, "the plain page names no version");
    let skill = only_skill(&doc);
    assert_eq!(skill.code, "ITMG");
    assert_eq!(skill.name, "Technology service management");
    assert!(skill.description.starts_with("Managing the provision"), "{:?}", skill.description);
    assert!(skill.guidance.lines().count() > 3, "guidance with its list: {:?}", skill.guidance);
    assert_eq!(level_numbers(skill), vec![5, 6, 7]);
    for level in &skill.levels {
        assert!(!level.description.contains("not typically observed"));
        assert!(!level.description.contains("Level "), "{:?}", level.description);
    }
}

#[test]
fn seed_002_markdown_skill_page() {
    let doc = load_as(&seed("002_235d3160cefa359d.txt"), SourceFormat::SfiaPage);
    assert_eq!(doc.framework, "sfia-9");
    let skill = only_skill(&doc);
    assert_eq!(skill.code, "ITMG");
    assert_eq!(skill.name, "Technology service management");
    assert!(skill.description.starts_with("Managing the provision"));
    assert!(skill.guidance.starts_with("Technology-based services"), "{:?}", skill.guidance);
    assert!(!skill.guidance.contains("Revision") && !skill.guidance.contains("essence statements"));
    assert_eq!(level_numbers(skill), vec![5, 6, 7]);
    for level in &skill.levels {
        for boilerplate in ["Essence of the level", "* * *", "Keywords", "SFIA version", "](", "**"] {
            assert!(!level.description.contains(boilerplate), "{boilerplate:?} in {:?}", level.description);
        }
    }
    assert_eq!(
        skill.url.as_deref(),
        Some("https://sfia-online.org/en/sfia-9/skills/technology-service-management")
    );
}

#[test]
fn seed_003_change_request() {
    let path = seed("003_ec8cbdba19ca2271.txt");
    let doc = load_as(&path, SourceFormat::ChangeRequest);
    assert!(doc.skills.is_empty());
    assert_eq!(doc.alias_patches.len(), 1);
    let patch = &doc.alias_patches[0];
    assert_eq!(patch.code.as_deref(), Some("ITMG"));
    assert_eq!(patch.skill_name.as_deref(), Some("Technology service management"));
    assert_eq!(patch.aliases, vec!["IT Management", "Technical Service Delivery Management"]);
    assert_eq!(patch.origin, path);
}

#[test]
fn seed_004_proficiency_page() {
    let doc = load_as(&seed("004_155b0f0ab6830b66.txt"), SourceFormat::Proficiency);
    assert_eq!(doc.framework, "competency");
    let skill = only_skill(&doc);
    assert_eq!(skill.code, "SERVICE-MANAGEMENT");
    assert_eq!(skill.name, "Service Management");
    assert!(skill.description.starts_with("Knowledge and ability"));
    let names: Vec<(u8, &str)> = skill.levels.iter().map(|l| (l.level, l.name.as_str())).collect();
    assert_eq!(names, vec![(1, "Follow"), (2, "Assist"), (3, "Apply"), (4, "Ensure"), (5, "Strategise")]);
    for level in &skill.levels {
        assert!(level.description.lines().count() >= 2);
        assert!(level.description.lines().all(|l| !l.starts_with(['•', ' ', '\u{a0}']) && l == l.trim()));
    }
}

#[test]
fn sfia_logseq_folder() {
    let dir = frameworks_dir("sfia-logseq");
    let mut skills = Vec::new();
    let mut skipped = Vec::new();
    for file in walk_files(&dir).expect("walk") {
        let bytes = std::fs::read(&file).expect("read");
        match detect(&file, &bytes) {
            Ok(format) => {
                assert_eq!(format, SourceFormat::Logseq, "{}", file.display());
                let doc = load_file(format, &file, &bytes).unwrap_or_else(|e| panic!("{e}"));
                skills.extend(doc.skills);
            }
            Err(_) => skipped.push(file.file_name().map(|n| n.to_string_lossy().into_owned())),
        }
    }
    assert_eq!(skipped, vec![Some("template.md".to_string())], "only the template is skipped");
    assert_eq!(skills.len(), 33);
    let codes: BTreeSet<&str> = skills.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), 33, "one skill per page, distinct codes");
    assert_eq!(skills.iter().map(|s| s.levels.len()).sum::<usize>(), 66, "empty levels skipped");
    assert!(skills.iter().flat_map(|s| &s.levels).all(|l| !l.description.trim().is_empty()));
    assert!(skills.iter().all(|s| !s.name.is_empty() && !s.name.ends_with("SFIA")));

    // The corpus loader skips the template with a warning instead of failing.
    let corpus = load_corpus(&[dir]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(corpus.catalog.skill_count(), 33);
    assert!(corpus.warnings.iter().any(|w| w.contains("template.md")), "{:?}", corpus.warnings);
}

/// Code → defined levels, from the official Skills sheet saved as CSV (Windows-1252).
fn official_levels() -> BTreeMap<String, BTreeSet<u8>> {
    let path = frameworks_dir("sfia-9").join("sfia-9_current-standard_en_250129-skills.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name).expect(name);
    let code = column("Code");
    let levels: Vec<(u8, usize)> = (1..=7).map(|l| (l, column(&format!("Level {l} description")))).collect();
    let mut out = BTreeMap::new();
    for row in reader.records() {
        let row = row.expect("CSV row");
        let defined = levels
            .iter()
            .filter(|(_, c)| row.get(*c).is_some_and(|v| !v.replace("_x000D_", "").trim().is_empty()))
            .map(|(l, _)| *l)
            .collect();
        out.insert(row.get(code).unwrap_or_default().trim().to_string(), defined);
    }
    out
}

#[test]
fn sfia_9_pages_match_the_official_skills_sheet() {
    let corpus = load_corpus(&[frameworks_dir("sfia-9-pages")]).unwrap_or_else(|e| panic!("{e}"));
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.catalog.frameworks.len(), 1);
    let framework = corpus.catalog.framework("sfia-9").expect("sfia-9");
    assert_eq!(framework.skills.len(), 147);
    assert_eq!(framework.level_description_count(), 672);

    let from_pages: BTreeMap<String, BTreeSet<u8>> = framework
        .skills
        .iter()
        .map(|s| (s.code.clone(), s.levels.iter().map(|l| l.level).collect()))
        .collect();
    let official = official_levels();
    assert_eq!(official.len(), 147);
    for (code, levels) in &official {
        assert_eq!(from_pages.get(code), Some(levels), "levels of {code}");
    }
    assert_eq!(from_pages.len(), official.len());

    for skill in &framework.skills {
        assert!(!skill.name.is_empty() && !skill.description.is_empty(), "{}", skill.code);
        assert!(skill.url.as_deref().is_some_and(|u| u.contains("/sfia-9/skills/")), "{}", skill.code);
        for level in &skill.levels {
            for boilerplate in ["Essence of the level", "Keywords", "Framework status", "](", "* * *"] {
                assert!(
                    !level.description.contains(boilerplate),
                    "{} {}: {boilerplate:?}",
                    skill.code,
                    level.level
                );
            }
        }
    }

    let phrases: Vec<(u8, &str)> =
        framework.responsibility_levels.iter().map(|l| (l.level, l.guiding_phrase.as_str())).collect();
    assert_eq!(
        phrases,
        vec![
            (1, "Follow"),
            (2, "Assist"),
            (3, "Apply"),
            (4, "Enable"),
            (5, "Ensure, advise"),
            (6, "Initiate, influence"),
            (7, "Set strategy, inspire, mobilise"),
        ]
    );
    for level in &framework.responsibility_levels {
        assert!(!level.essence.is_empty() && !level.essence.starts_with("Essence"), "level {}", level.level);
        let names: Vec<&str> = level.attributes.iter().map(|(n, _)| n.as_str()).collect();
        for expected in ["Autonomy", "Influence", "Complexity", "Knowledge", "Decision-making", "Leadership"]
        {
            assert!(names.contains(&expected), "level {}: {names:?}", level.level);
        }
        assert!(!names.iter().any(|n| n.contains("Guidance") || n.contains("links")), "{names:?}");
        assert!(level.attributes.iter().all(|(_, text)| !text.is_empty() && !text.contains("](")));
    }
}

#[test]
fn seeds_folder_merges_into_one_sfia_skill_with_aliases() {
    let corpus = load_corpus(&[common::shared_dir().join("seeds")]).unwrap_or_else(|e| panic!("{e}"));
    // The seeds hold ITMG twice, in the SFIA 8 and the reworded SFIA 9 text: merged, and said.
    assert!(
        corpus.warnings.iter().all(|w| w.contains("skill ITMG is given differently")),
        "{:?}",
        corpus.warnings
    );
    let ids: Vec<&str> = corpus.catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["competency", "sfia-9"], "unversioned SFIA pages join sfia-9");
    let sfia = corpus.catalog.framework("sfia-9").expect("sfia-9");
    assert_eq!(sfia.skills.len(), 1);
    let itmg = sfia.skill("ITMG").expect("ITMG");
    assert_eq!(level_numbers(itmg), vec![5, 6, 7]);
    for alias in ["IT Management", "Technical Service Delivery Management"] {
        assert!(itmg.aliases.iter().any(|a| a == alias), "{alias} in {:?}", itmg.aliases);
    }
    let competency = corpus.catalog.framework("competency").expect("competency");
    assert!(competency.skill("SERVICE-MANAGEMENT").is_some());
}
