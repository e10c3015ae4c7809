//! JSON framework files: one `.json` file holding a whole framework, with a top-level
//! `skills` array (see `docs/framework-format.md`).
//!
//! The file format is defined here, apart from the model's own serde shape, so that the
//! model can change without breaking users' files; unknown keys are refused so a typo
//! ("descripton") is reported with its line instead of silently dropping text.

use super::generic;
use super::manifest::GenericLevel;
use super::rows::SkillSet;
use crate::error::SourceError;
use crate::model::{Skill, SkillLevel, SourceDoc};
use crate::text::decode::decode_source_text;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkFile {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    attribution: String,
    #[serde(default)]
    levels: Vec<GenericLevel>,
    skills: Vec<SkillEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillEntry {
    #[serde(default)]
    code: Option<String>,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    subcategory: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    levels: Vec<GenericLevel>,
}

fn malformed(path: &Path, message: String) -> SourceError {
    SourceError::Malformed { path: path.to_path_buf(), kind: "JSON framework", message }
}

/// Load a JSON framework file. The framework id is the file's `id`, else the file stem
/// made a slug; a skill without a `code` gets its name's slug; skills with the same code
/// merge as table rows do.
///
/// Errors: [`SourceError::Malformed`] naming the line and column of a syntax error, an
/// unknown key or a wrong type, and the index of a skill with an empty name or level 0.
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let text = decode_source_text(bytes);
    let file: FrameworkFile = serde_json::from_str(&text)
        .map_err(|err| malformed(path, format!("line {}, column {}: {err}", err.line(), err.column())))?;
    if let Some(i) = file.levels.iter().position(|l| l.level == 0) {
        return Err(malformed(path, format!("levels[{i}] is level 0; levels start at 1")));
    }
    let mut set = SkillSet::default();
    for (i, entry) in file.skills.into_iter().enumerate() {
        let name = entry.name.trim().to_string();
        if name.is_empty() {
            return Err(malformed(path, format!("skills[{i}] has an empty \"name\"")));
        }
        let code = entry.code.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let code = code.unwrap_or_else(|| generic::slug(&name));
        if code.is_empty() {
            return Err(malformed(
                path,
                format!("skills[{i}] ('{name}') gives no code and its name has no letters"),
            ));
        }
        let mut levels = Vec::with_capacity(entry.levels.len());
        for level in entry.levels {
            if level.level == 0 {
                return Err(malformed(path, format!("skills[{i}] ({code}) has level 0; levels start at 1")));
            }
            levels.push(SkillLevel {
                level: level.level,
                name: level.name.trim().to_string(),
                description: level.description.trim().to_string(),
            });
        }
        let url = entry.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        let origin = || format!("{} skills[{i}]", path.display());
        set.add(
            Skill {
                code,
                name,
                category: entry.category.trim().to_string(),
                subcategory: entry.subcategory.trim().to_string(),
                description: entry.description.trim().to_string(),
                guidance: entry.guidance.trim().to_string(),
                levels,
                aliases: entry.aliases,
                url,
            },
            origin,
        );
    }
    let framework = file.id.map(|id| id.trim().to_string()).filter(|id| !id.is_empty());
    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework: framework.unwrap_or_else(|| generic::stem_id(path)),
        framework_name: file.name.trim().to_string(),
        attribution: file.attribution.trim().to_string(),
        warnings: set.warnings(),
        skills: set.into_skills(),
        responsibility_levels: file.levels.iter().filter_map(GenericLevel::to_model).collect(),
        ..SourceDoc::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_framework_file_loads_with_levels_and_aliases() {
        let text = r#"{
          "id": "acme-2025", "name": "ACME skills", "attribution": "(c) ACME",
          "levels": [{"level": 1, "name": "Learner", "description": "Is learning."}],
          "skills": [
            {"code": "RUST", "name": "Rust programming", "aliases": ["Rust", "rustlang"],
             "category": "Engineering", "url": "https://example.org/rust",
             "levels": [{"level": 3, "description": "Writes safe Rust."}, {"level": 1, "name": "Learner", "description": "Reads Rust."}]},
            {"name": "Code review"},
            {"code": "rust", "name": "Rust", "aliases": ["Ferris"], "levels": [{"level": 5, "description": "Leads."}]}
          ]}"#;
        let doc = load(Path::new("acme.json"), text.as_bytes()).unwrap();
        assert_eq!((doc.framework.as_str(), doc.framework_name.as_str()), ("acme-2025", "ACME skills"));
        assert_eq!(doc.responsibility_levels[0].essence, "Is learning.");
        assert_eq!(doc.skills.len(), 2);
        let rust = &doc.skills[0];
        assert_eq!(
            rust.aliases,
            vec!["Rust", "rustlang", "Ferris"],
            "a second entry's name and aliases join, once"
        );
        assert_eq!(rust.levels.iter().map(|l| l.level).collect::<Vec<_>>(), vec![1, 3, 5]);
        assert_eq!(doc.skills[1].code, "code-review");
    }

    #[test]
    fn the_id_defaults_to_the_file_stem() {
        let doc = load(Path::new("/x/My Skills.json"), br#"{"skills": [{"name": "A"}]}"#).unwrap();
        assert_eq!(doc.framework, "my-skills");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err =
            load(Path::new("f.json"), b"{\"skills\": [\n{\"name\": \"A\",}\n]}").unwrap_err().to_string();
        assert!(err.contains("f.json") && err.contains("line 2"), "{err}");
        let err = load(Path::new("f.json"), b"{\"skills\": [\n{\"name\": \"A\",\n\"descripton\": \"x\"}]}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("descripton"), "{err}");
        let err = load(Path::new("f.json"), br#"{"skills": [{"name": "A"}, {"name": " "}]}"#).unwrap_err();
        assert!(err.to_string().contains("skills[1]"), "{err}");
        let err = load(Path::new("f.json"), br#"{"skills": [{"name": "A", "levels": [{"level": 0}]}]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("level 0"), "{err}");
    }
}
