//! SFIA change requests: the former and draft names of a renamed skill become aliases,
//! because CVs and adverts keep using old names for years.
//!
//! ```text
//! #42 Rename WDGP to Widget Finishing (and merge GLZE) change request accepted
//!
//! The scope of Widget Buffing (WDGP) is too narrow. Glazing (GLZE) overlaps.
//!
//! Proposed change applies to Widget polishing
//!
//! Current status of this request: accepted
//! ```
//!
//! gives one [`AliasPatch`] for WDGP ("Widget polishing") with the aliases
//! "Widget Buffing" and "Widget Finishing". The target code is the one the title is about
//! (the first code outside parentheses); aliases are the capitalised names written right
//! before "(WDGP)" anywhere in the text, plus the name the title renames the skill "to".
//! Names before other codes ("Glazing (GLZE)") belong to other skills and are ignored.
//! The request's draft level texts are not read: they are not the framework.

use crate::error::SourceError;
use crate::model::{AliasPatch, SourceDoc, UNVERSIONED_SFIA};
use crate::source::sfia_page::{clean_line, unwrap_markdown};
use crate::source::sfia_version_hint;
use std::path::Path;

/// How many non-empty lines from the top may hold the "… change request …" title.
const TITLE_SEARCH_LINES: usize = 10;

/// Words allowed inside a multi-word name ("Head of Delivery and Support") but not at its ends.
const CONNECTORS: &[&str] = &["of", "and", "&", "-", "–"];

/// Capitalised words that start sentences rather than names.
const LEADING_DETERMINERS: &[&str] = &["The", "A", "An", "This", "That", "These", "Those", "Our", "Its"];

/// Whether `text` is an SFIA change request: "change request" in one of the first lines, and
/// a "Proposed change applies to" or "Current status of this request" line.
pub fn sniff(text: &str) -> bool {
    let lower = text.to_lowercase();
    let has_title = lower
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(TITLE_SEARCH_LINES)
        .any(|l| l.contains("change request"));
    has_title
        && (lower.contains("proposed change applies to") || lower.contains("current status of this request"))
}

/// Parse a change request into a [`SourceDoc`] with no skills and one [`AliasPatch`] (none
/// when the request names no alias).
///
/// The framework is the SFIA version named in the text or path, else [`UNVERSIONED_SFIA`];
/// patches apply by code or name across frameworks anyway. Fails with
/// [`SourceError::Malformed`] when the request names neither a skill code in its title nor
/// a skill in "Proposed change applies to".
pub fn parse(path: &Path, text: &str) -> Result<SourceDoc, SourceError> {
    let lines: Vec<String> = text.lines().map(|l| clean_line(&unwrap_markdown(l))).collect();
    let title = lines
        .iter()
        .filter(|l| !l.is_empty())
        .take(TITLE_SEARCH_LINES)
        .find(|l| l.to_lowercase().contains("change request"))
        .map(String::as_str)
        .unwrap_or("");
    let skill_name = lines.iter().find_map(|l| applies_to(l));
    let code = title_code(title).or_else(|| most_cited_code(&lines));
    if code.is_none() && skill_name.is_none() {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            kind: "change request",
            message: "names no skill: no skill code in the title and no 'Proposed change applies to' line"
                .into(),
        });
    }

    let mut aliases: Vec<String> = Vec::new();
    let mut add = |alias: String| {
        let duplicate = aliases.iter().any(|a| a.eq_ignore_ascii_case(&alias));
        let is_current = skill_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&alias));
        let is_code = code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&alias));
        if !alias.is_empty() && !duplicate && !is_current && !is_code {
            aliases.push(alias);
        }
    };
    if let Some(code) = &code {
        let marker = format!("({code})");
        for line in &lines {
            let mut from = 0;
            while let Some(pos) = line[from..].find(&marker) {
                add(name_before(&line[..from + pos]));
                from += pos + marker.len();
            }
        }
        if let Some(name) = renamed_to(title, code) {
            add(name);
        }
    }

    let framework = sfia_version_hint(text)
        .or_else(|| sfia_version_hint(&path.to_string_lossy()))
        .unwrap_or_else(|| UNVERSIONED_SFIA.to_string());
    let mut doc = SourceDoc { path: path.to_path_buf(), framework, ..SourceDoc::default() };
    if !aliases.is_empty() {
        doc.alias_patches.push(AliasPatch { code, skill_name, aliases, origin: path.to_path_buf() });
    }
    Ok(doc)
}

/// "Proposed change applies to Widget polishing." → "Widget polishing".
fn applies_to(line: &str) -> Option<String> {
    const LABEL: &str = "proposed change applies to";
    // ASCII lower-casing keeps byte offsets valid in the original line.
    let start = line.to_ascii_lowercase().find(LABEL)?;
    let rest = line.get(start + LABEL.len()..)?;
    let name = rest.trim().trim_start_matches(':').trim().trim_end_matches(['.', ';', ',']).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A skill code token: four upper-case ASCII letters, optionally followed by a level digit
/// or two ("ITOP5" is ITOP at level 5). "SFIA" itself is not a code.
fn code_of(token: &str) -> Option<String> {
    let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let letters = token.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = token.len() - letters;
    let ok = letters == 4 && digits <= 2 && token.bytes().skip(4).all(|b| b.is_ascii_digit());
    let code = &token[..letters.min(token.len())];
    (ok && code != "SFIA").then(|| code.to_string())
}

/// The code the title is about: the first one outside parentheses ("Reshape WDGP to … (and
/// create GLZE5)" → WDGP), else the first one inside.
fn title_code(title: &str) -> Option<String> {
    let mut depth = 0i32;
    let mut inside = None;
    for token in title.split_whitespace() {
        let in_parens = depth > 0 || token.starts_with('(');
        depth += token.matches('(').count() as i32 - token.matches(')').count() as i32;
        depth = depth.max(0);
        if let Some(code) = code_of(token) {
            if !in_parens {
                return Some(code);
            }
            inside.get_or_insert(code);
        }
    }
    inside
}

/// The code written most often as "(CODE)" in the text, first seen on a tie.
fn most_cited_code(lines: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in lines {
        for piece in line.split('(').skip(1) {
            let Some((inner, _)) = piece.split_once(')') else { continue };
            let Some(code) = code_of(inner).filter(|c| c == inner) else { continue };
            match counts.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(c, _)| c)
}

fn is_connector(token: &str) -> bool {
    CONNECTORS.contains(&token)
}

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
        && token.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '\'' | '’' | '&'))
}

/// Quotes around a name ("‘Widget Buffing’ (WDGP)") are not part of it.
fn strip_quotes(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, '"' | '\'' | '‘' | '’' | '“' | '”'))
}

/// Drop connectors and sentence-initial determiners from the ends of a run of words.
fn tidy(mut words: Vec<&str>) -> String {
    while words.first().is_some_and(|w| is_connector(w) || LEADING_DETERMINERS.contains(w)) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| is_connector(w)) {
        words.pop();
    }
    words.join(" ")
}

/// The maximal run of capitalised words (with connectors inside) that ends `before`:
/// "Shift the focus of IT Management " → "IT Management".
fn name_before(before: &str) -> String {
    let mut words = Vec::new();
    for raw in before.split_whitespace().rev() {
        let token = strip_quotes(raw);
        let opens = raw.starts_with(['(', '"', '“', '‘']);
        let token = token.trim_start_matches('(');
        if is_capitalised(token) || (is_connector(token) && !words.is_empty()) {
            words.push(token);
        } else {
            break;
        }
        if opens {
            break;
        }
    }
    words.reverse();
    tidy(words)
}

/// The name the title renames the skill to: "Reshape WDGP to Widget Finishing (and …)" →
/// "Widget Finishing".
fn renamed_to(title: &str, code: &str) -> Option<String> {
    let tokens: Vec<&str> = title.split_whitespace().collect();
    let at = tokens.iter().position(|t| code_of(t).as_deref() == Some(code) && !t.starts_with('('))?;
    let to = at + 1 + tokens[at + 1..].iter().position(|t| t.eq_ignore_ascii_case("to"))?;
    let mut words = Vec::new();
    for raw in &tokens[to + 1..] {
        if raw.starts_with('(') {
            break;
        }
        let token = strip_quotes(raw);
        let ends_clause = token.ends_with([',', ';', ':', '.']);
        let token = token.trim_end_matches([',', ';', ':', '.']);
        if is_capitalised(token) || is_connector(token) {
            words.push(token);
        } else {
            break;
        }
        if ends_clause {
            break;
        }
    }
    let name = tidy(words);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = "A framework tagline\n\n\
        #42 Rename WDGP to Widget Finishing (and merge GLZE5) change request accepted\n\n\
        Broaden the scope of Widget Buffing (WDGP) to finishing. Glazing (GLZE) overlaps.\n\n\
        Widget Buffing (WDGP) is narrow; Head of Widget Care and Support (WDGP) is a role name.\n\n\
        Widget Finishing (WDGP)\n\n\
        Level 3 draft\n\nPolishes widgets.\n\n\
        Proposed change applies to Widget polishing\n\n\
        Current status of this request: accepted\n";

    #[test]
    fn former_and_draft_names_become_aliases() {
        assert!(sniff(REQUEST));
        let doc = parse(Path::new("cr/42.txt"), REQUEST).expect("parses");
        assert!(doc.skills.is_empty());
        assert_eq!(doc.framework, UNVERSIONED_SFIA);
        assert_eq!(doc.alias_patches.len(), 1);
        let patch = &doc.alias_patches[0];
        assert_eq!(patch.code.as_deref(), Some("WDGP"));
        assert_eq!(patch.skill_name.as_deref(), Some("Widget polishing"));
        assert_eq!(
            patch.aliases,
            vec!["Widget Buffing", "Head of Widget Care and Support", "Widget Finishing"]
        );
        assert_eq!(patch.origin, Path::new("cr/42.txt"));
    }

    #[test]
    fn current_name_is_not_an_alias() {
        let text = "Rename WDGP to Widget Polishing change request\n\
            Old Widget Rubbing (WDGP) text.\nProposed change applies to Widget polishing.\n";
        let doc = parse(Path::new("cr.md"), text).expect("parses");
        assert_eq!(doc.alias_patches[0].aliases, vec!["Old Widget Rubbing"]);
        assert_eq!(doc.alias_patches[0].skill_name.as_deref(), Some("Widget polishing"));
    }

    #[test]
    fn sniff_needs_title_and_status_lines() {
        assert!(!sniff("Widget Buffing (WDGP)\nProposed change applies to Widget polishing\n"));
        assert!(!sniff("A change request about widgets\nNothing else.\n"));
        assert!(sniff("Change request: widgets\nCurrent status of this request: open\n"));
        assert!(!sniff(""));
    }

    #[test]
    fn request_naming_no_skill_is_malformed() {
        let err = parse(
            Path::new("cr.txt"),
            "Change request about widgets\nCurrent status of this request: open\n",
        )
        .unwrap_err();
        assert!(matches!(err, SourceError::Malformed { .. }));
        assert!(err.to_string().contains("cr.txt"));
    }

    #[test]
    fn code_without_title_code_falls_back_to_the_most_cited() {
        let text = "Change request: widget names\nWidget Buffing (WDGP) and Glazing (GLZE), Widget Rubbing (WDGP).\n\
            Current status of this request: open\n";
        let doc = parse(Path::new("cr.txt"), text).expect("parses");
        let patch = &doc.alias_patches[0];
        assert_eq!(patch.code.as_deref(), Some("WDGP"));
        assert_eq!(patch.skill_name, None);
        assert_eq!(patch.aliases, vec!["Widget Buffing", "Widget Rubbing"]);
    }

    #[test]
    fn name_runs() {
        assert_eq!(name_before("Shift the focus of Widget Buffing "), "Widget Buffing");
        assert_eq!(name_before("of the Head of Widget Care "), "Head of Widget Care");
        assert_eq!(name_before("Widget Care and "), "", "a connector cannot end a name");
        assert_eq!(name_before("The Widget Buffing "), "Widget Buffing");
        assert_eq!(name_before("lower case words "), "");
        assert_eq!(name_before("Sentence ends. Widget Buffing "), "Widget Buffing");
        assert_eq!(name_before("called ‘Widget Buffing’ "), "Widget Buffing");
        assert_eq!(name_before(""), "");
        assert_eq!(code_of("GLZE5)"), Some("GLZE".into()));
        assert_eq!(code_of("SFIA"), None);
        assert_eq!(code_of("Widget"), None);
        assert_eq!(title_code("Reshape WDGP to X (and create GLZE5)").as_deref(), Some("WDGP"));
        assert_eq!(title_code("Tidy up (GLZE) wording").as_deref(), Some("GLZE"));
        assert_eq!(
            renamed_to("Reshape WDGP to Widget Finishing (and more)", "WDGP").as_deref(),
            Some("Widget Finishing")
        );
        assert_eq!(
            renamed_to("Reshape WDGP to Widget Finishing, and more", "WDGP").as_deref(),
            Some("Widget Finishing")
        );
        assert_eq!(renamed_to("Reshape WDGP", "WDGP"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "change request",
            "change request\nproposed change applies to",
            "(WDGP)",
            "Change request İİİ proposed change applies to x",
        ] {
            let _ = sniff(text);
            let _ = parse(Path::new("x.txt"), text);
        }
    }
}
