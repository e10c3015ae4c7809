//! The spreadsheet loaders on the real SFIA files of the shared data folder
//! (`$SKILLMATCH_SHARED`, else `../shared`). No SFIA text is copied here: the tests check
//! counts, structure and consistency between files.

mod common;

use skillmatch::model::{ResponsibilityLevel, SourceDoc};
use skillmatch::source::{load_corpus, sfia_csv, sfia_sheet};
use std::path::PathBuf;

fn sfia9_dir() -> PathBuf {
    common::shared_dir().join("frameworks").join("sfia-9")
}

fn sfia9_xlsx() -> PathBuf {
    sfia9_dir().join("sfia-9_current-standard_en_250129.xlsx")
}

fn sfia9_csv() -> PathBuf {
    sfia9_dir().join("sfia-9_current-standard_en_250129-skills.csv")
}

fn sfia8_xlsx() -> PathBuf {
    common::shared_dir().join("frameworks").join("sfia-8").join("sfia-8_en_220221.xlsx")
}

fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load_xlsx(path: PathBuf) -> SourceDoc {
    sfia_sheet::load(&path, &read(&path)).unwrap_or_else(|e| panic!("{e}"))
}

fn load_csv(path: PathBuf) -> SourceDoc {
    sfia_csv::load(&path, &read(&path)).unwrap_or_else(|e| panic!("{e}"))
}

fn level_count(doc: &SourceDoc) -> usize {
    doc.skills.iter().map(|s| s.levels.len()).sum()
}

/// Every text a document holds, with where it comes from.
fn texts(doc: &SourceDoc) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for s in &doc.skills {
        for (field, text) in [
            ("code", &s.code),
            ("name", &s.name),
            ("category", &s.category),
            ("subcategory", &s.subcategory),
            ("description", &s.description),
            ("guidance", &s.guidance),
        ] {
            out.push((format!("{} {field}", s.code), text.as_str()));
        }
        for l in &s.levels {
            out.push((format!("{} level {}", s.code, l.level), l.description.as_str()));
        }
    }
    for l in &doc.responsibility_levels {
        out.push((format!("level {} guiding phrase", l.level), l.guiding_phrase.as_str()));
        out.push((format!("level {} essence", l.level), l.essence.as_str()));
        for (name, text) in &l.attributes {
            out.push((format!("level {} attribute name", l.level), name.as_str()));
            out.push((format!("level {} {name}", l.level), text.as_str()));
        }
    }
    out
}

fn assert_clean(doc: &SourceDoc) {
    for (origin, text) in texts(doc) {
        assert!(!text.contains("_x000D_"), "{}: {origin} contains _x000D_", doc.path.display());
        assert!(!text.contains('\u{a0}'), "{}: {origin} contains a non-breaking space", doc.path.display());
        assert!(!text.contains('\r'), "{}: {origin} contains a carriage return", doc.path.display());
        assert_eq!(text, text.trim(), "{}: {origin} is not trimmed", doc.path.display());
    }
}

fn assert_seven_levels(doc: &SourceDoc) -> &[ResponsibilityLevel] {
    let levels: Vec<u8> = doc.responsibility_levels.iter().map(|l| l.level).collect();
    assert_eq!(levels, (1..=7).collect::<Vec<u8>>(), "{}", doc.path.display());
    &doc.responsibility_levels
}

fn attribute_names(level: &ResponsibilityLevel) -> Vec<&str> {
    level.attributes.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn sfia9_spreadsheet() {
    let doc = load_xlsx(sfia9_xlsx());
    assert_eq!(doc.framework, "sfia-9");
    assert_eq!(doc.skills.len(), 147);
    assert_eq!(level_count(&doc), 672);
    for skill in &doc.skills {
        assert!(!skill.name.is_empty() && !skill.category.is_empty() && !skill.description.is_empty());
        assert!(!skill.levels.is_empty(), "{} has no levels", skill.code);
        assert!(skill.levels.windows(2).all(|w| w[0].level < w[1].level), "{} levels unsorted", skill.code);
        assert!(skill.levels.iter().all(|l| (1..=7).contains(&l.level) && l.name.is_empty()));
        assert!(skill.aliases.is_empty());
        let url = skill.url.as_deref().unwrap_or_else(|| panic!("{} has no URL", skill.code));
        assert!(url.ends_with(&format!("/{}", skill.code)), "{}: {url}", skill.code);
    }
    assert_clean(&doc);
}

#[test]
fn sfia9_levels_of_responsibility() {
    let doc = load_xlsx(sfia9_xlsx());
    let levels = assert_seven_levels(&doc);
    let first_names = attribute_names(&levels[0]);
    // Autonomy, Influence, Complexity and Knowledge plus twelve business skills and
    // behavioural factors, each described at every level by the Attributes sheet.
    assert_eq!(first_names.len(), 16, "{first_names:?}");
    for level in levels {
        assert!(!level.guiding_phrase.is_empty(), "level {} has no guiding phrase", level.level);
        assert!(!level.essence.is_empty(), "level {} has no essence", level.level);
        assert!(!level.essence.to_lowercase().starts_with("essence"), "label left in the essence");
        assert_eq!(attribute_names(level), first_names, "level {}", level.level);
        assert!(level.attributes.iter().all(|(_, text)| !text.is_empty() && !text.starts_with("http")));
    }
    for name in ["Autonomy", "Influence", "Complexity", "Knowledge"] {
        assert!(first_names.contains(&name), "{name} missing from {first_names:?}");
    }
    // The level guiding phrases are distinct and several are compound ("X, Y").
    let phrases: std::collections::BTreeSet<&str> =
        levels.iter().map(|l| l.guiding_phrase.as_str()).collect();
    assert_eq!(phrases.len(), 7);
}

#[test]
fn sfia8_spreadsheet() {
    let doc = load_xlsx(sfia8_xlsx());
    assert_eq!(doc.framework, "sfia-8");
    assert_eq!(doc.skills.len(), 121);
    assert_eq!(level_count(&doc), 495);
    assert!(doc.skills.iter().all(|s| s.url.is_none()), "SFIA 8 has no URL column");
    assert!(doc.skills.iter().all(|s| !s.name.is_empty() && !s.levels.is_empty()));
    assert_clean(&doc);

    let levels = assert_seven_levels(&doc);
    for level in levels {
        assert_eq!(
            attribute_names(level),
            vec!["Autonomy", "Influence", "Complexity", "Business skills", "Knowledge"],
            "level {}",
            level.level
        );
        assert!(level.attributes.iter().all(|(_, text)| !text.is_empty()));
        // This file labels its rows "1 - " … "7 - " with nothing after the dash: it holds
        // no guiding phrases or essence statements, and none are invented.
        assert_eq!(level.guiding_phrase, "", "level {}", level.level);
        assert_eq!(level.essence, "", "level {}", level.level);
    }
}

#[test]
fn sfia9_csv_gives_the_same_skills_as_the_spreadsheet() {
    let csv = load_csv(sfia9_csv());
    let xlsx = load_xlsx(sfia9_xlsx());
    assert_eq!(csv.framework, "sfia-9");
    assert!(csv.responsibility_levels.is_empty());
    assert_clean(&csv);
    let codes = |doc: &SourceDoc| doc.skills.iter().map(|s| s.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&csv), codes(&xlsx), "same codes in the same order");
    let mut differences = Vec::new();
    for (c, x) in csv.skills.iter().zip(&xlsx.skills) {
        let mut fields = vec![
            ("name".to_string(), &c.name, &x.name),
            ("category".to_string(), &c.category, &x.category),
            ("subcategory".to_string(), &c.subcategory, &x.subcategory),
            ("description".to_string(), &c.description, &x.description),
            ("guidance".to_string(), &c.guidance, &x.guidance),
        ];
        for (lc, lx) in c.levels.iter().zip(&x.levels) {
            fields.push((format!("level {}/{}", lc.level, lx.level), &lc.description, &lx.description));
        }
        for (field, a, b) in fields {
            if a != b {
                differences.push((format!("{} {field}", c.code), a.clone(), b.clone()));
            }
        }
        if c.levels.len() != x.levels.len() || c.url != x.url {
            differences.push((format!("{}: level count or URL", c.code), String::new(), String::new()));
        }
    }
    // The one known difference between the two downloads: the CSV (from another repository)
    // has a one-letter typo fixed in USUP's level 5 text. Everything else is identical.
    let places: Vec<&str> = differences.iter().map(|(place, _, _)| place.as_str()).collect();
    assert_eq!(
        places,
        vec!["USUP level 5/5"],
        "CSV and xlsx differ:\n{}",
        differences
            .iter()
            .map(|(p, a, b)| format!("{p}: {}", first_difference(a, b)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let (_, csv_text, xlsx_text) = &differences[0];
    assert!(one_insertion_apart(csv_text, xlsx_text), "USUP level 5 differs by more than one letter");
    for (c, x) in csv.skills.iter().zip(&xlsx.skills) {
        if c.code == "USUP" {
            let mut c = c.clone();
            c.levels.iter_mut().filter(|l| l.level == 5).for_each(|l| l.description.clone_from(xlsx_text));
            assert_eq!(&c, x, "USUP apart from its level 5 text");
        } else {
            assert_eq!(c, x, "{} differs between CSV and xlsx", c.code);
        }
    }
}

/// Whether `longer` is `shorter` with one character inserted.
fn one_insertion_apart(longer: &str, shorter: &str) -> bool {
    let prefix = longer.chars().zip(shorter.chars()).take_while(|(a, b)| a == b).count();
    let rest_long: String = longer.chars().skip(prefix + 1).collect();
    let rest_short: String = shorter.chars().skip(prefix).collect();
    longer.chars().count() == shorter.chars().count() + 1 && rest_long == rest_short
}

/// Where two texts part: byte offset and a few characters of each from there.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.char_indices().zip(b.chars()).find(|((_, ca), cb)| ca != cb).map(|((i, _), _)| i);
    let at = at.unwrap_or(a.len().min(b.len()));
    let at = (0..=at).rev().find(|&i| a.is_char_boundary(i) && b.is_char_boundary(i)).unwrap_or(0);
    let excerpt = |s: &str| s[at..].chars().take(12).collect::<String>();
    format!("from byte {at}: CSV {:?} vs xlsx {:?}", excerpt(a), excerpt(b))
}

#[test]
fn sfia9_folder_merges_to_147_skills() {
    let corpus = load_corpus(&[sfia9_dir()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(corpus.files.len(), 2, "{:?}", corpus.files);
    assert_eq!(corpus.catalog.frameworks.len(), 1);
    let framework = corpus.catalog.framework("sfia-9").expect("an sfia-9 framework");
    assert_eq!(framework.skills.len(), 147);
    assert_eq!(framework.level_description_count(), 672);
    assert_eq!(framework.responsibility_levels.len(), 7);
    assert!(framework.skills.iter().all(|s| s.aliases.is_empty()), "the two files disagree on a name");
    assert_eq!(corpus.catalog.skill_count(), 147);
}

#[test]
fn sfia8_file_through_load_corpus() {
    let corpus = load_corpus(&[sfia8_xlsx()]).unwrap_or_else(|e| panic!("{e}"));
    let framework = corpus.catalog.framework("sfia-8").expect("an sfia-8 framework");
    assert_eq!(framework.skills.len(), 121);
    assert_eq!(framework.responsibility_levels.len(), 7);
}
