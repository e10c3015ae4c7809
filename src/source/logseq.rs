//! Logseq skill pages: one SFIA skill per page, held in `key:: value` properties.
//!
//! ```text
//! type:: [[skill]]
//! documentation:: Polishing widgets until they shine.
//! sfiacode:: [[WDGP]]
//! sfiaskill:: [[Widget polishing]]
//! sfiacategory:: [[Making things]]
//! sfiasubcategory:: [[Finishing]]
//! sfiaguidancenotes:: Widgets come in many shapes.
//! sfialevel3description:: Polishes widgets under direction.
//! sfialevel4description::
//! ```
//!
//! Keys are case-insensitive (`SFIACode::` occurs), `[[links]]` are unwrapped, empty and
//! `null` values count as absent, so empty level properties define no level. Only the
//! `sfia*` keys and `documentation::` are read; the other properties of the page and of its
//! child blocks are ignored.

use crate::error::SourceError;
use crate::model::{Skill, SkillLevel, SourceDoc, UNVERSIONED_SFIA};
use crate::source::sfia_version_hint;
use std::path::Path;

/// Whether `text` is a Logseq skill page: it has `key:: value` property lines and an
/// `sfiacode::` property with a non-empty value.
///
/// A page whose `sfiacode::` is empty (a Logseq template) is not claimed, so that in a
/// folder walk it is skipped with a warning instead of failing the load.
pub fn sniff(text: &str) -> bool {
    properties(text).any(|(key, value)| key == "sfiacode" && !value.is_empty())
}

/// Parse a Logseq skill page into one [`Skill`].
///
/// Fails with [`SourceError::Unrecognised`] when the page has no non-empty `sfiacode::`.
/// The framework is the SFIA version named in the text or path, else
/// [`UNVERSIONED_SFIA`].
pub fn parse(path: &Path, text: &str) -> Result<SourceDoc, SourceError> {
    let mut props = PageProps::default();
    for (key, value) in properties(text) {
        props.set(&key, value);
    }
    let Some(code) = props.code.filter(|c| !c.is_empty()) else {
        return Err(SourceError::Unrecognised {
            path: path.to_path_buf(),
            reason: "Logseq page without an sfiacode:: property".into(),
        });
    };
    let name = props
        .name
        .map(|n| strip_disambiguator(&n))
        .filter(|n| !n.is_empty())
        .or_else(|| path.file_stem().map(|s| strip_disambiguator(&s.to_string_lossy())))
        .unwrap_or_default();
    let category = props.category.unwrap_or_default();
    let subcategory = props.subcategory.or(props.repeated_category).unwrap_or_default();
    // One page in the wild repeats the category as its "overall description": a description
    // that only repeats the category or subcategory says nothing about the skill.
    let description = props
        .description
        .filter(|d| !d.eq_ignore_ascii_case(&category) && !d.eq_ignore_ascii_case(&subcategory))
        .unwrap_or_default();
    let mut levels: Vec<SkillLevel> = props
        .levels
        .into_iter()
        .enumerate()
        .filter_map(|(i, text)| {
            let text = text?;
            let level = u8::try_from(i + 1).ok()?;
            Some(SkillLevel { level, name: String::new(), description: text })
        })
        .collect();
    levels.sort_by_key(|l| l.level);
    let skill = Skill {
        code: code.to_ascii_uppercase(),
        name,
        category,
        subcategory,
        description,
        guidance: props.guidance.unwrap_or_default(),
        levels,
        aliases: Vec::new(),
        url: props.url,
    };
    let framework = sfia_version_hint(text)
        .or_else(|| sfia_version_hint(&path.to_string_lossy()))
        .unwrap_or_else(|| UNVERSIONED_SFIA.to_string());
    Ok(SourceDoc { path: path.to_path_buf(), framework, skills: vec![skill], ..SourceDoc::default() })
}

/// The page properties this loader reads; `None` until a non-empty value is seen.
#[derive(Default)]
struct PageProps {
    code: Option<String>,
    name: Option<String>,
    category: Option<String>,
    subcategory: Option<String>,
    description: Option<String>,
    guidance: Option<String>,
    url: Option<String>,
    /// A second `sfiacategory::`, used as the subcategory when the page has none.
    repeated_category: Option<String>,
    levels: [Option<String>; 7],
}

impl PageProps {
    /// Record one property. The first non-empty value of a key wins, except that a repeated
    /// `sfiacategory::` on a page without `sfiasubcategory::` is taken as the subcategory
    /// (a slip seen in real graphs, where the second line holds the subcategory).
    fn set(&mut self, key: &str, value: String) {
        if value.is_empty() {
            return;
        }
        let slot = match key {
            "sfiacode" => &mut self.code,
            "sfiaskill" | "sfianame" => &mut self.name,
            "sfiacategory" if self.category.as_deref().is_some_and(|c| c != value) => {
                &mut self.repeated_category
            }
            "sfiacategory" => &mut self.category,
            "sfiasubcategory" => &mut self.subcategory,
            "documentation" | "sfiaoveralldescription" | "sfiadescription" => &mut self.description,
            "sfiaguidancenotes" | "sfiaguidance" => &mut self.guidance,
            "sfiaurl" => &mut self.url,
            _ => match level_key(key) {
                Some(level) => &mut self.levels[usize::from(level - 1)],
                None => return,
            },
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// `sfialevel5description` → 5 (levels 1–7 only).
fn level_key(key: &str) -> Option<u8> {
    let digits = key.strip_prefix("sfialevel")?.strip_suffix("description")?;
    let level: u8 = digits.parse().ok()?;
    (1..=7).contains(&level).then_some(level)
}

/// Every `key:: value` line of the page as (lower-case key, cleaned value), in order.
/// Block properties are indented and may sit on a bullet line (`- key:: value`), so leading
/// white space and one bullet marker are allowed.
fn properties(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.lines().filter_map(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("- ").map(str::trim_start).unwrap_or(line);
        let (key, value) = line.split_once("::")?;
        let valid_key =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        valid_key.then(|| (key.to_ascii_lowercase(), clean_value(value)))
    })
}

/// Unwrap `[[links]]`, normalise white space, and treat `null` as empty.
fn clean_value(value: &str) -> String {
    let unwrapped = value.replace("[[", "").replace("]]", "");
    let cleaned = unwrapped
        .replace("_x000D_", "")
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if cleaned.eq_ignore_ascii_case("null") {
        String::new()
    } else {
        cleaned
    }
}

/// Logseq page names must be unique in a graph, so skill pages get a disambiguating suffix
/// ("Measurement SFIA", "Project management (SFIA)") that is not part of the skill's name.
fn strip_disambiguator(name: &str) -> String {
    let name = name.trim();
    for suffix in [" (SFIA)", " SFIA"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            if !stripped.trim().is_empty() {
                return stripped.trim().to_string();
            }
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "type:: [[skill]]\n\
        source:: [[@Some widget framework]]\n\
        documentation:: Polishing widgets until they shine.\n\
        sfiacode:: [[WDGP]]\n\
        sfiaskill:: [[Widget polishing]]\n\
        sfiacategory:: [[Making things]]\n\
        sfiasubcategory:: [[Finishing]]\n\
        sfiaguidancenotes:: Widgets come in many shapes.\n\
        sfialevel1description::\n\
        sfialevel2description:: \n\
        sfialevel3description:: Polishes widgets under direction.\n\
        sfialevel4description:: Plans the polishing of [[widget]] batches.\n\
        sfialevel7description:: null\n\
        \n\
        -\n";

    fn parse_ok(text: &str) -> Skill {
        let doc = parse(Path::new("pages/Widget polishing.md"), text).expect("parses");
        assert_eq!(doc.skills.len(), 1);
        doc.skills.into_iter().next().expect("one skill")
    }

    #[test]
    fn reads_properties_and_skips_empty_levels() {
        assert!(sniff(PAGE));
        let skill = parse_ok(PAGE);
        assert_eq!(skill.code, "WDGP");
        assert_eq!(skill.name, "Widget polishing");
        assert_eq!(skill.category, "Making things");
        assert_eq!(skill.subcategory, "Finishing");
        assert_eq!(skill.description, "Polishing widgets until they shine.");
        assert_eq!(skill.guidance, "Widgets come in many shapes.");
        let levels: Vec<u8> = skill.levels.iter().map(|l| l.level).collect();
        assert_eq!(levels, vec![3, 4], "empty and null levels are skipped");
        assert_eq!(skill.levels[1].description, "Plans the polishing of widget batches.");
    }

    #[test]
    fn framework_is_unversioned_unless_named() {
        let doc = parse(Path::new("graph/pages/x.md"), PAGE).expect("parses");
        assert_eq!(doc.framework, UNVERSIONED_SFIA);
        let doc = parse(Path::new("sfia-8/pages/x.md"), PAGE).expect("parses");
        assert_eq!(doc.framework, "sfia-8");
    }

    #[test]
    fn keys_are_case_insensitive_and_page_suffix_is_dropped() {
        let page = "SFIACode:: WDGP\nSFIAskill:: Widget polishing SFIA\n\
            SFIAcategory:: Making things\nSFIAOverallDescription:: Making things\n\
            SFIALevel5Description:: Sets widget policy.\n\
            - Some block\n\t- individuals:: [[Widget]], [[Cloth]]\n";
        assert!(sniff(page));
        let skill = parse_ok(page);
        assert_eq!(skill.code, "WDGP");
        assert_eq!(skill.name, "Widget polishing");
        assert_eq!(skill.description, "", "a description repeating the category is dropped");
        assert_eq!(skill.levels.len(), 1);
        assert_eq!(skill.levels[0].level, 5);
    }

    #[test]
    fn repeated_category_becomes_the_subcategory() {
        let page = "sfiacode:: WDGP\nsfiaskill:: Widget polishing\n\
            sfiacategory:: [[Making things]]\nsfiacategory:: [[Finishing]]\n";
        let skill = parse_ok(page);
        assert_eq!(skill.category, "Making things");
        assert_eq!(skill.subcategory, "Finishing");
    }

    #[test]
    fn template_without_code_is_not_claimed_and_is_unrecognised() {
        let template = "- **Skill description**\n  template:: Skill description\n  \
            documentation:: \n  sfiacode::\n  sfiaskill::\n  sfialevel1description::\n";
        assert!(!sniff(template));
        let err = parse(Path::new("template.md"), template).unwrap_err();
        assert!(matches!(err, SourceError::Unrecognised { .. }));
        let msg = err.to_string();
        assert!(msg.contains("template.md") && msg.contains("sfiacode::"), "{msg}");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in
            ["", "::", "sfiacode::", ":: value", "sfialevel99description:: x\nsfiacode:: AB", "a::b::c"]
        {
            let _ = sniff(text);
            let _ = parse(Path::new("x.md"), text);
        }
        assert!(!sniff("Just some text.\nNo properties here."));
        let skill = parse_ok("sfiacode:: ab12\n");
        assert_eq!(skill.code, "AB12");
        assert_eq!(skill.name, "Widget polishing", "name falls back to the file name");
        assert!(skill.levels.is_empty());
    }
}
