//! Competency pages with named proficiency levels and no skill code, as published by
//! national ICT competency frameworks:
//!
//! ```text
//! Widget Care
//!
//! Knowledge and ability to keep widgets in good order.
//!
//! Proficiency Level
//!
//! Level 1 (Follow)
//!
//!   • Understand what a widget is.
//!
//! Level 2 (Assist)
//!
//!   • Clean widgets.
//!   • Report damaged widgets.
//! ```
//!
//! The skill's code is derived from its title ("WIDGET-CARE") so that it is stable across
//! loads; each level's bullets become its description, one bullet per line.

use crate::error::SourceError;
use crate::model::{Skill, SkillLevel, SourceDoc};
use crate::source::sfia_page::{clean_line, strip_bullet, title_parts, unwrap_markdown};
use std::path::Path;

/// The framework id of proficiency-level competency pages.
pub const FRAMEWORK_ID: &str = "competency";

/// How many non-empty lines from the top are checked for an SFIA-style "Name CODE" title.
const TITLE_SEARCH_LINES: usize = 15;

/// Whether `text` is a proficiency-level page: a "Level N (Name)" heading whose next
/// non-empty line is a bullet, and no SFIA "Skill name CODE" title near the top (a page
/// with a code is an SFIA skill page).
pub fn sniff(text: &str) -> bool {
    let lines = lines(text);
    let has_code_title = lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .take(TITLE_SEARCH_LINES)
        .any(|l| title_parts(&l.text).is_some());
    if has_code_title {
        return false;
    }
    lines.iter().enumerate().any(|(i, line)| {
        proficiency_heading(&line.text).is_some()
            && lines[i + 1..].iter().find(|l| !l.text.is_empty()).is_some_and(|l| l.bullet)
    })
}

/// Parse a proficiency-level page into one [`Skill`] of framework [`FRAMEWORK_ID`].
///
/// The title is the first non-empty line; a page that starts directly with its levels is
/// named after its file. Levels without bullets are skipped. Fails with
/// [`SourceError::Malformed`] when no code can be derived from the title or file name.
pub fn parse(path: &Path, text: &str) -> Result<SourceDoc, SourceError> {
    let lines = lines(text);
    let first = lines.iter().position(|l| !l.text.is_empty());
    let title_index =
        first.filter(|&i| proficiency_heading(&lines[i].text).is_none() && !is_levels_label(&lines[i].text));
    let name = match title_index {
        Some(i) => lines[i].text.clone(),
        None => path.file_stem().map(|s| clean_line(&s.to_string_lossy())).unwrap_or_default(),
    };
    let code = code_from_title(&name);
    if code.is_empty() {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            kind: "proficiency page",
            message: format!("cannot derive a skill code from the title {name:?}"),
        });
    }

    let mut description = Vec::new();
    let mut levels: Vec<(u8, String, Vec<String>)> = Vec::new();
    let mut in_levels = false;
    let body = title_index.map_or(0, |i| i + 1);
    for line in &lines[body..] {
        if line.text.is_empty() {
            continue;
        }
        if let Some((level, level_name)) = proficiency_heading(&line.text) {
            in_levels = true;
            levels.push((level, level_name, Vec::new()));
            continue;
        }
        if is_levels_label(&line.text) {
            in_levels = true;
            continue;
        }
        let text = strip_number(strip_bullet(&line.text)).trim();
        if text.is_empty() {
            continue;
        }
        match levels.last_mut() {
            Some((_, _, bullets)) => bullets.push(text.to_string()),
            None if !in_levels => description.push(text.to_string()),
            None => {}
        }
    }

    let mut skill_levels: Vec<SkillLevel> = Vec::new();
    for (level, level_name, bullets) in levels {
        // A repeated level keeps its first text; an empty level is not a level.
        if bullets.is_empty() || skill_levels.iter().any(|l| l.level == level) {
            continue;
        }
        skill_levels.push(SkillLevel { level, name: level_name, description: bullets.join("\n") });
    }
    skill_levels.sort_by_key(|l| l.level);
    let skill =
        Skill { code, name, description: description.join("\n"), levels: skill_levels, ..Skill::default() };
    Ok(SourceDoc {
        path: path.to_path_buf(),
        framework: FRAMEWORK_ID.to_string(),
        skills: vec![skill],
        ..SourceDoc::default()
    })
}

/// A cleaned line and whether it was written as a list item.
struct Line {
    text: String,
    bullet: bool,
}

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(|raw| {
            let text = clean_line(&unwrap_markdown(raw.trim().trim_start_matches('#')));
            let bullet = strip_bullet(&text).len() < text.len() || is_numbered(&text);
            Line { text, bullet }
        })
        .collect()
}

/// "1. item" or "1) item".
fn is_numbered(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(text.as_bytes().get(digits..digits + 2), Some(b". " | b") "))
}

/// "1. item" → "item"; other text unchanged.
fn strip_number(text: &str) -> &str {
    if is_numbered(text) {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        text[digits + 2..].trim_start()
    } else {
        text
    }
}

/// "Proficiency Level" / "Proficiency Levels": the label above the levels.
fn is_levels_label(text: &str) -> bool {
    let t = text.trim_end_matches(':').trim();
    t.eq_ignore_ascii_case("Proficiency Level") || t.eq_ignore_ascii_case("Proficiency Levels")
}

/// "Level 3 (Apply)" → (3, "Apply"); a trailing colon is allowed, nothing else.
fn proficiency_heading(text: &str) -> Option<(u8, String)> {
    let t = text.trim().trim_end_matches(':').trim_end();
    let head = t.get(..6).filter(|head| head.eq_ignore_ascii_case("Level "))?;
    let rest = t[head.len()..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let level: u8 = rest[..digits].parse().ok()?;
    let name = rest[digits..].trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    (!name.is_empty() && !name.contains(['(', ')'])).then(|| (level, name.to_string()))
}

/// "Service Management" → "SERVICE-MANAGEMENT": upper-case ASCII words joined by hyphens,
/// accented Latin letters folded, everything else a separator.
fn code_from_title(title: &str) -> String {
    let mut code = String::with_capacity(title.len());
    for c in title.chars() {
        let folded = fold_latin(c);
        if folded.is_ascii_alphanumeric() {
            code.push(folded.to_ascii_uppercase());
        } else if !code.is_empty() && !code.ends_with('-') {
            code.push('-');
        }
    }
    code.trim_end_matches('-').to_string()
}

/// The base letter of common accented Latin letters, so "Qualité" gives "QUALITE".
fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Widget Care\n\n\
        Knowledge and ability to keep widgets in good order.\n\n\
        Proficiency Level\n\n\
        Level 1 (Follow)\n\n  \u{2022} Understand what a widget is.\n\n\
        Level 2 (Assist)\n\n  \u{2022} \u{a0}Clean widgets.\n  \u{2022} Report damaged widgets.\u{a0} \n\n\
        Level 3 (Apply)\n\n\
        Level 4 (Ensure)\n\n  - Set widget care rules.\n";

    fn parse_ok(path: &str, text: &str) -> Skill {
        let doc = parse(Path::new(path), text).expect("parses");
        assert_eq!(doc.framework, FRAMEWORK_ID);
        assert_eq!(doc.skills.len(), 1);
        doc.skills.into_iter().next().expect("one skill")
    }

    #[test]
    fn reads_title_description_and_named_levels() {
        assert!(sniff(PAGE));
        let skill = parse_ok("widget.txt", PAGE);
        assert_eq!(skill.code, "WIDGET-CARE");
        assert_eq!(skill.name, "Widget Care");
        assert_eq!(skill.description, "Knowledge and ability to keep widgets in good order.");
        let levels: Vec<(u8, &str)> = skill.levels.iter().map(|l| (l.level, l.name.as_str())).collect();
        assert_eq!(levels, vec![(1, "Follow"), (2, "Assist"), (4, "Ensure")], "empty level 3 skipped");
        assert_eq!(skill.levels[1].description, "Clean widgets.\nReport damaged widgets.");
    }

    #[test]
    fn markdown_layout_and_missing_title() {
        let text = "## Level 1 (Follow):\n* Knows widgets.\n## Level 2 (Assist)\n1. Cleans widgets.\n";
        assert!(sniff(text));
        let skill = parse_ok("dir/Qualité des widgets.md", text);
        assert_eq!(skill.name, "Qualité des widgets", "named after the file");
        assert_eq!(skill.code, "QUALITE-DES-WIDGETS");
        assert_eq!(skill.levels.len(), 2);
        assert_eq!(skill.levels[1].description, "Cleans widgets.", "numbering removed");
    }

    #[test]
    fn sfia_pages_and_prose_are_not_proficiency_pages() {
        assert!(!sniff("Widget polishing WDGP\nLevel 1 (Follow)\n\u{2022} Polishes.\n"));
        assert!(!sniff("Widget Care\nLevel 1 (Follow)\nThis is prose, not a bullet.\n"));
        assert!(!sniff(""));
    }

    #[test]
    fn headings_and_codes() {
        assert_eq!(proficiency_heading("Level 5 (Strategise)"), Some((5, "Strategise".into())));
        assert_eq!(proficiency_heading("level 2 ( Assist ):"), Some((2, "Assist".into())));
        assert_eq!(proficiency_heading("Level 5 (Strategise) and more"), None);
        assert_eq!(proficiency_heading("Level X (Follow)"), None);
        assert_eq!(proficiency_heading("Level 999 (Follow)"), None);
        assert_eq!(proficiency_heading("Level"), None);
        assert_eq!(code_from_title("  Service & Support -- Management!  "), "SERVICE-SUPPORT-MANAGEMENT");
        assert_eq!(code_from_title("Δ"), "");
    }

    #[test]
    fn no_usable_title_is_an_error_naming_the_file() {
        let err = parse(Path::new("Δ.txt"), "Level 1 (Follow)\n\u{2022} x\n").unwrap_err();
        assert!(matches!(err, SourceError::Malformed { .. }));
        assert!(err.to_string().contains("Δ.txt"));
        for text in ["", "\n\n", "Level 1 (Follow)", "•", "Proficiency Level"] {
            let _ = sniff(text);
            let _ = parse(Path::new("x.txt"), text);
        }
    }
}
