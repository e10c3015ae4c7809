//! ESCO, the European Skills, Competences, Qualifications and Occupations classification,
//! as its CSV download (`skills_en.csv` and its companion files).
//!
//! One skill per row of `skills_en.csv`: code = `conceptUri`, name = `preferredLabel`
//! (trimmed), aliases = `altLabels` and `hiddenLabels` (one per line), description =
//! `description`. ESCO defines no levels. Where the download's hierarchy files sit beside
//! the skills file (`broaderRelationsSkillPillar.csv` and `skillGroups_en.csv`), each skill
//! gets its skill group as subcategory and the group's top-level pillar below the root
//! ("communication, collaboration and creativity") as category.
//!
//! The other files of the download (occupations, collections, relations, the hierarchy)
//! are recognised as companions: they add no skills of their own.

use crate::error::SourceError;
use crate::model::{Skill, SourceDoc};
use std::collections::HashMap;
use std::path::Path;

/// The notice ESCO's licence asks every user of the classification to show.
pub const ATTRIBUTION: &str = "This service uses the ESCO classification of the European Commission.";

/// What an ESCO CSV file holds, told from its header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscoFile {
    /// The skills file: one skill per row.
    Skills,
    /// Another file of the download (occupations, hierarchy, relations, collections).
    Companion,
}

/// Recognise an ESCO CSV from its first line, `None` when it is not one.
pub fn sniff(header: &str) -> Option<EscoFile> {
    let columns: Vec<&str> = header.trim_start_matches('\u{feff}').split(',').map(str::trim).collect();
    let has = |name: &str| columns.contains(&name);
    if has("conceptUri") && has("preferredLabel") && has("skillType") && has("hiddenLabels") {
        Some(EscoFile::Skills)
    } else if has("conceptUri") && (has("conceptType") || has("broaderUri"))
        || has("originalSkillUri")
        || has("Level 0 URI")
    {
        Some(EscoFile::Companion)
    } else {
        None
    }
}

/// The framework id for an ESCO file: `esco-1.1.0` when a folder or file name carries the
/// version (as the download's folder does), `esco` otherwise.
pub fn framework_id(path: &Path) -> String {
    let version = path.ancestors().filter_map(|p| p.file_name()).find_map(|name| {
        let name = name.to_string_lossy().to_ascii_lowercase();
        let rest = name.strip_prefix("esco")?.trim_start_matches(['-', '_', ' ', 'v']);
        let version: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let version = version.trim_end_matches('.');
        (!version.is_empty() && version.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| version.to_string())
    });
    match version {
        Some(v) => format!("esco-{v}"),
        None => "esco".to_string(),
    }
}

fn display_name(id: &str) -> String {
    match id.strip_prefix("esco-") {
        Some(version) => format!("ESCO {version}"),
        None => "ESCO".to_string(),
    }
}

/// A companion file: recognised, adds nothing by itself. (Also the skills file's document
/// before its skills are added: the framework, its name and attribution.)
pub fn companion(path: &Path) -> SourceDoc {
    let framework = framework_id(path);
    SourceDoc {
        path: path.to_path_buf(),
        framework_name: display_name(&framework),
        framework,
        attribution: ATTRIBUTION.to_string(),
        ..SourceDoc::default()
    }
}

/// Load `skills_en.csv` from its bytes, joining the hierarchy files beside it if present.
///
/// Errors: [`SourceError::Malformed`] (kind "CSV", with the line) for broken quoting,
/// [`SourceError::MissingColumn`] for a header without `conceptUri` or `preferredLabel`,
/// [`SourceError::BadRow`] for a row with a URI and no label.
pub fn load(path: &Path, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
    let text = String::from_utf8_lossy(bytes);
    let sheet = file_name(path);
    if let Some(line) = super::rows::unterminated_quote_line(&text, b',') {
        let message = format!("line {line}: quoted field opened here is never closed");
        return Err(SourceError::Malformed { path: path.to_path_buf(), kind: "CSV", message });
    }
    let mut rows = csv_rows(path, &text);
    let header = rows.next().transpose()?.map(|(_, cells)| cells).unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h.trim_start_matches('\u{feff}').trim() == name);
    let missing = |name: &str| SourceError::MissingColumn {
        path: path.to_path_buf(),
        sheet: sheet.clone(),
        column: name.into(),
        found: header.join(", "),
    };
    let uri = column("conceptUri").ok_or_else(|| missing("conceptUri"))?;
    let label = column("preferredLabel").ok_or_else(|| missing("preferredLabel"))?;
    let alt = column("altLabels");
    let hidden = column("hiddenLabels");
    let description = column("description");

    let hierarchy = Hierarchy::beside(path);
    let mut skills = Vec::new();
    for row in rows {
        let (line, cells) = row?;
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.trim()).unwrap_or("");
        let code = cell(Some(uri));
        let name = cell(Some(label));
        if code.is_empty() && name.is_empty() {
            continue;
        }
        if code.is_empty() || name.is_empty() {
            return Err(SourceError::BadRow {
                path: path.to_path_buf(),
                sheet: sheet.clone(),
                row: line,
                message: format!(
                    "a skill needs both conceptUri and preferredLabel (got '{code}' and '{name}')"
                ),
            });
        }
        let mut skill = Skill {
            code: code.to_string(),
            name: name.to_string(),
            description: cell(description).to_string(),
            url: Some(code.to_string()),
            ..Skill::default()
        };
        for alias in cell(alt).lines().chain(cell(hidden).lines()) {
            skill.add_alias(alias.trim());
        }
        if let Some((category, subcategory)) = hierarchy.as_ref().and_then(|h| h.place(code)) {
            skill.category = category;
            skill.subcategory = subcategory;
        }
        skills.push(skill);
    }
    Ok(SourceDoc { skills, ..companion(path) })
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The records of a CSV with the line each starts on.
fn csv_rows<'t>(
    path: &'t Path,
    text: &'t str,
) -> impl Iterator<Item = Result<(usize, Vec<String>), SourceError>> + 't {
    let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.into_records().map(move |record| {
        let record = record.map_err(|err| {
            let line = err.position().map(|p| p.line()).unwrap_or(0);
            SourceError::Malformed {
                path: path.to_path_buf(),
                kind: "CSV",
                message: format!("line {line}: {err}"),
            }
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        Ok((line, record.iter().map(str::to_string).collect()))
    })
}

/// Skill groups and broader relations, read from the files beside the skills file.
struct Hierarchy {
    /// Concept URI → its first broader concept's URI.
    broader: HashMap<String, String>,
    /// Skill group URI → label.
    labels: HashMap<String, String>,
}

impl Hierarchy {
    /// Read the hierarchy beside `skills_path`; `None` when the files are not there or do
    /// not parse (the category is a convenience: the skills load without it).
    fn beside(skills_path: &Path) -> Option<Hierarchy> {
        let dir = skills_path.parent()?;
        let relations = std::fs::read(dir.join("broaderRelationsSkillPillar.csv")).ok()?;
        let groups = std::fs::read(dir.join("skillGroups_en.csv")).ok()?;
        let broader = two_columns(&relations, "conceptUri", "broaderUri")?;
        let labels = two_columns(&groups, "conceptUri", "preferredLabel")?;
        Some(Hierarchy { broader, labels })
    }

    /// (category, subcategory) of a skill: the pillar just below the root and the nearest
    /// skill group above the skill.
    fn place(&self, skill: &str) -> Option<(String, String)> {
        let mut chain: Vec<&str> = Vec::new();
        let mut current = skill;
        // Broader links form a tree; the bound only guards against a malformed file's cycle.
        while let Some(parent) = self.broader.get(current) {
            if chain.len() > 32 {
                return None;
            }
            chain.push(parent);
            current = parent;
        }
        let groups: Vec<&str> = chain.into_iter().filter(|uri| self.labels.contains_key(*uri)).collect();
        let nearest = groups.first()?;
        // The last group is the root (skills, knowledge, …); the one before it the pillar.
        let pillar = if groups.len() >= 2 { groups[groups.len() - 2] } else { nearest };
        Some((self.labels[pillar].clone(), self.labels[*nearest].clone()))
    }
}

/// A map from one column to another of a CSV (first value wins), `None` if either is missing.
fn two_columns(bytes: &[u8], key: &str, value: &str) -> Option<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().ok()?.clone();
    let k = headers.iter().position(|h| h.trim_start_matches('\u{feff}') == key)?;
    let v = headers.iter().position(|h| h == value)?;
    let mut map = HashMap::new();
    for record in reader.records().map_while(Result::ok) {
        if let (Some(k), Some(v)) = (record.get(k), record.get(v)) {
            map.entry(k.trim().to_string()).or_insert_with(|| v.trim().to_string());
        }
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKILLS: &str = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\n\
KnowledgeSkillCompetence,http://x/skill/1,skill/competence,transversal,work in teams ,\"collaborate\nteam working\",,released,,,,,\"Work together.\"\n\
KnowledgeSkillCompetence,http://x/skill/2,knowledge,sector-specific,Java (computer programming),,jaav,released,,,,,Java.\n";

    #[test]
    fn skills_file_gives_codes_names_aliases() {
        let doc = load(Path::new("/data/esco-1.1.0/skills_en.csv"), SKILLS.as_bytes()).unwrap();
        assert_eq!(doc.framework, "esco-1.1.0");
        assert_eq!(doc.framework_name, "ESCO 1.1.0");
        assert_eq!(doc.attribution, ATTRIBUTION);
        assert_eq!(doc.skills.len(), 2);
        assert_eq!(doc.skills[0].code, "http://x/skill/1");
        assert_eq!(doc.skills[0].name, "work in teams");
        assert_eq!(doc.skills[0].aliases, vec!["collaborate", "team working"]);
        assert_eq!(doc.skills[1].aliases, vec!["jaav"]);
        assert!(doc.skills[0].levels.is_empty());
    }

    #[test]
    fn sniff_tells_skills_from_companions() {
        assert_eq!(sniff(SKILLS.lines().next().unwrap()), Some(EscoFile::Skills));
        assert_eq!(sniff("conceptType,conceptUri,broaderType,broaderUri"), Some(EscoFile::Companion));
        assert_eq!(sniff("Code,Skill,Category"), None);
    }

    #[test]
    fn a_row_without_label_names_its_line() {
        let bad = format!("{}\nKnowledgeSkillCompetence,http://x/skill/3,,,,,,,,,,,\n", SKILLS.trim_end());
        let err = load(Path::new("skills_en.csv"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("skills_en.csv") && err.contains("row 5"), "{err}");
    }

    #[test]
    fn an_unclosed_quote_is_an_error_not_lost_rows() {
        let bad = format!("{}KnowledgeSkillCompetence,http://x/skill/3,,,\"open label,,,,,,,,\n", SKILLS);
        let err = load(Path::new("skills_en.csv"), bad.as_bytes()).unwrap_err().to_string();
        assert!(
            err.contains("skills_en.csv") && err.contains("line 5") && err.contains("never closed"),
            "{err}"
        );
    }

    #[test]
    fn version_comes_from_the_folder() {
        assert_eq!(framework_id(Path::new("/a/ESCO_v1.2.0/skills_en.csv")), "esco-1.2.0");
        assert_eq!(framework_id(Path::new("/a/b/skills_en.csv")), "esco");
    }
}
