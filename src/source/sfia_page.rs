//! SFIA skill pages and level-of-responsibility pages, as plain text or as markdown saved
//! from the SFIA web site.
//!
//! A skill page has a title line "Widget polishing WDGP" (`#  Widget polishing WDGP` in
//! markdown), the overall description below it, a "Guidance notes" section, and one
//! section per level headed "Widget polishing: Level 3". Sections for levels the skill
//! does not define carry no text of the skill's own: a plain-text page says "Levels 1-2"
//! and "not typically observed", a web page has a bare "Level 1" heading with only the
//! generic essence of the level. Each web level section starts with that generic essence
//! line ("**[Level 3 - Apply](…)** Essence of the level: …") and a `* * *` rule; both are
//! dropped so level texts hold only what the skill says. The site's boilerplate
//! (revision notes, "Understanding the responsibility levels", keywords, links, footer) is
//! skipped.
//!
//! A level page ("#  Levels of responsibility: Level 3 - Apply") gives one
//! [`ResponsibilityLevel`]: the guiding phrase, the essence, and each attribute section
//! ("### Autonomy", "##### Decision-making", …) as a (name, text) pair.

use crate::error::SourceError;
use crate::model::{ResponsibilityLevel, Skill, SkillLevel, SourceDoc, UNVERSIONED_SFIA};
use crate::source::sfia_version_hint;
use std::collections::BTreeMap;
use std::path::Path;

/// How plain-text pages say that a level is not defined for the skill.
const NOT_OBSERVED: &str = "This skill is not typically observed";

/// How many non-empty lines from the top may precede the title (a tagline, a site header).
const TITLE_SEARCH_LINES: usize = 15;

/// Whether `text` is an SFIA skill page (a "Name CODE" title near the top and a
/// "Name: Level N" heading or a "Defined at these levels" line) or a level-of-responsibility
/// page (a "Levels of responsibility: Level N" title and an "Essence of the level").
pub fn sniff(text: &str) -> bool {
    let lines = page_lines(text);
    if responsibility_title(&lines).is_some() {
        return text.contains("Essence of the level");
    }
    find_title(&lines).is_some()
        && lines.iter().any(|l| {
            matches!(level_heading(&l.text), Some(LevelHeading::Skill(_)))
                || starts_with_ignore_case(&l.text, "Defined at these levels")
        })
}

/// Parse a skill page into one [`Skill`], or a level page into one [`ResponsibilityLevel`].
///
/// The framework is the SFIA version most of the page's links name (`/sfia-9/`), else the
/// one named in the text or path, else [`UNVERSIONED_SFIA`]. Fails with
/// [`SourceError::Unrecognised`] when the page has neither title.
pub fn parse(path: &Path, text: &str) -> Result<SourceDoc, SourceError> {
    let lines = page_lines(text);
    let mut doc =
        SourceDoc { path: path.to_path_buf(), framework: framework(path, text), ..SourceDoc::default() };
    if let Some((index, level, phrase)) = responsibility_title(&lines) {
        doc.responsibility_levels.push(parse_responsibility(&lines[index + 1..], level, phrase));
        return Ok(doc);
    }
    let Some((index, name, code)) = find_title(&lines) else {
        return Err(SourceError::Unrecognised {
            path: path.to_path_buf(),
            reason: "no skill title line ('Skill name CODE') or 'Levels of responsibility: Level N' title"
                .into(),
        });
    };
    let mut skill = parse_skill(&lines[index + 1..], name, code);
    skill.url = skill_url(text);
    doc.skills.push(skill);
    Ok(doc)
}

/// One line of a page, cleaned: markdown links unwrapped, `**` dropped, white space
/// collapsed, heading marks removed (but remembered).
#[derive(Debug)]
struct PageLine {
    /// The line started with `#`.
    heading: bool,
    /// The cleaned text, without heading marks.
    text: String,
    /// The line as written, trimmed, for the few checks that need the markup.
    raw: String,
}

fn page_lines(text: &str) -> Vec<PageLine> {
    text.lines()
        .map(|line| {
            let raw = line.trim();
            let without_marks = raw.trim_start_matches('#');
            let heading = without_marks.len() < raw.len();
            PageLine { heading, text: clean_line(&unwrap_markdown(without_marks)), raw: raw.to_string() }
        })
        .collect()
}

/// Collapse white space (incl. non-breaking spaces) and drop Excel's `_x000D_`.
pub(crate) fn clean_line(s: &str) -> String {
    s.replace("_x000D_", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[text](url)` → `text`, `![alt](src)` → `alt`, and `**` removed; brackets that are not
/// links stay as written.
pub(crate) fn unwrap_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|i| open + i) else { break };
        let target_end = rest[close + 1..].strip_prefix('(').and_then(|t| t.find(')')).map(|i| close + 2 + i);
        let Some(end) = target_end else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("**", "")
}

/// Remove one leading list marker ("* ", "- ", "+ ", "• ") from a cleaned line.
pub(crate) fn strip_bullet(s: &str) -> &str {
    for marker in ["* ", "- ", "+ ", "• ", "– ", "· "] {
        if let Some(rest) = s.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    if s == "•" {
        return "";
    }
    s
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A title line "Widget polishing WDGP": the name (with at least one lower-case letter, so
/// shouted banners are not titles) and a four-character upper-case code.
pub(crate) fn title_parts(text: &str) -> Option<(String, String)> {
    let (name, code) = text.trim().rsplit_once(' ')?;
    let name = name.trim();
    let is_code = code.len() == 4
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let plausible_name = !name.is_empty()
        && name.len() <= 120
        && name.chars().any(|c| c.is_lowercase())
        && !name.ends_with([':', '.', ',', ';']);
    (is_code && plausible_name).then(|| (name.to_string(), code.to_string()))
}

/// The title among the first non-empty lines, before any level heading.
fn find_title(lines: &[PageLine]) -> Option<(usize, String, String)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.is_empty())
        .take(TITLE_SEARCH_LINES)
        .take_while(|(_, l)| level_heading(&l.text).is_none())
        .find_map(|(i, l)| title_parts(&l.text).map(|(name, code)| (i, name, code)))
}

/// What a level heading stands for.
#[derive(Debug, PartialEq, Eq)]
enum LevelHeading {
    /// "Widget polishing: Level 3": the skill's own section for level 3.
    Skill(u8),
    /// "Level 3" alone, or a range "Levels 1-2": generic or not-defined levels.
    Other,
}

/// Recognise "Name: Level N", "Level N", "Name: Levels N-M" (and nothing longer).
fn level_heading(text: &str) -> Option<LevelHeading> {
    let (prefix, rest) = match text.rsplit_once(':') {
        Some((prefix, rest)) => (Some(prefix.trim()), rest.trim()),
        None => (None, text.trim()),
    };
    let (plural, numbers) = if let Some(n) = rest.strip_prefix("Levels ") {
        (true, n)
    } else if let Some(n) = rest.strip_prefix("Level ") {
        (false, n)
    } else {
        return None;
    };
    let numbers = numbers.trim();
    let single = numbers.len() == 1 && numbers.as_bytes()[0].is_ascii_digit();
    let range = numbers.split(['-', '–']).all(|n| {
        let n = n.trim();
        !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())
    });
    if !(single || range) {
        return None;
    }
    match (prefix, plural, numbers.parse::<u8>()) {
        (Some(p), false, Ok(level)) if !p.is_empty() && (1..=9).contains(&level) => {
            Some(LevelHeading::Skill(level))
        }
        _ => Some(LevelHeading::Other),
    }
}

/// Lines that end the skill's own content: the keywords line and the footer of web pages.
fn is_end_marker(line: &PageLine) -> bool {
    let t = &line.text;
    starts_with_ignore_case(t, "Keywords")
        || starts_with_ignore_case(t, "Framework status")
        || (line.raw.starts_with('[') && starts_with_ignore_case(t, "SFIA version"))
}

/// Lines inside sections that are layout, not text: rules, table rows, the generic
/// essence of a level repeated on every skill page, and the "why not all levels" link.
fn is_noise(line: &PageLine) -> bool {
    let t = &line.text;
    t.is_empty()
        || t.chars().all(|c| matches!(c, '*' | '-' | '_' | ' ' | '|' | ':'))
        || line.raw.starts_with('|')
        || t.contains("Essence of the level")
        || starts_with_ignore_case(t, "Click to learn why")
}

/// Which part of a skill page the lines belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Description,
    Guidance,
    Level(u8),
    Skip,
}

fn parse_skill(lines: &[PageLine], name: String, code: String) -> Skill {
    let mut description = Vec::new();
    let mut guidance = Vec::new();
    let mut levels: BTreeMap<u8, Vec<String>> = BTreeMap::new();
    let mut category = String::new();
    let mut subcategory = String::new();
    let mut section = Section::Description;
    for line in lines {
        if is_end_marker(line) {
            section = Section::Skip;
            continue;
        }
        if let Some(heading) = level_heading(&line.text) {
            section = match heading {
                // The first section for a level wins; a repeat is boilerplate.
                LevelHeading::Skill(n) if !levels.contains_key(&n) => Section::Level(n),
                _ => Section::Skip,
            };
            continue;
        }
        let label = line.text.trim_end_matches(':');
        if label.eq_ignore_ascii_case("Guidance notes") {
            section = Section::Guidance;
            continue;
        }
        if line.heading || starts_with_ignore_case(&line.text, "Defined at these levels") {
            section = Section::Skip;
            continue;
        }
        if let Some((key, value)) = line.text.split_once(':') {
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "category" => Some(&mut category),
                "subcategory" => Some(&mut subcategory),
                _ => None,
            };
            if let Some(slot) = slot {
                *slot = value.trim().to_string();
                continue;
            }
        }
        if is_noise(line) {
            continue;
        }
        let text = strip_bullet(&line.text).to_string();
        if text.is_empty() {
            continue;
        }
        match section {
            Section::Description => description.push(text),
            Section::Guidance => guidance.push(text),
            Section::Level(n) => levels.entry(n).or_default().push(text),
            Section::Skip => {}
        }
    }
    let levels = levels
        .into_iter()
        .map(|(level, lines)| SkillLevel { level, name: String::new(), description: lines.join("\n") })
        // A level whose only text says the skill is not practised there is not defined.
        .filter(|l| !l.description.is_empty() && !starts_with_ignore_case(&l.description, NOT_OBSERVED))
        .collect();
    Skill {
        code,
        name,
        category,
        subcategory,
        description: description.join("\n"),
        guidance: guidance.join("\n"),
        levels,
        aliases: Vec::new(),
        url: None,
    }
}

/// The skill's own page, from the level links of the web page's level table
/// (`…/skills/widget-polishing#skill_level_section_3`).
fn skill_url(text: &str) -> Option<String> {
    link_targets(text)
        .find(|url| url.contains("#skill_level_section"))
        .and_then(|url| url.split('#').next())
        .map(str::to_string)
}

/// Every `](target)` of the markdown text.
fn link_targets(text: &str) -> impl Iterator<Item = &str> {
    text.split("](").skip(1).filter_map(|rest| {
        let end = rest.find(')')?;
        let target = rest[..end].trim();
        (!target.is_empty()).then_some(target)
    })
}

/// The version most links point at (a page links to the next and previous versions too),
/// else the first version named in the text, else in the path.
fn framework(path: &Path, text: &str) -> String {
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for hint in link_targets(text).filter_map(sfia_version_hint) {
        *votes.entry(hint).or_default() += 1;
    }
    let by_links = votes.into_iter().max_by_key(|(_, n)| *n).map(|(id, _)| id);
    by_links
        .or_else(|| sfia_version_hint(text))
        .or_else(|| sfia_version_hint(&path.to_string_lossy()))
        .unwrap_or_else(|| UNVERSIONED_SFIA.to_string())
}

/// "Levels of responsibility: Level 3 - Apply" near the top: (index, 3, "Apply").
fn responsibility_title(lines: &[PageLine]) -> Option<(usize, u8, String)> {
    lines.iter().enumerate().filter(|(_, l)| !l.text.is_empty()).take(TITLE_SEARCH_LINES).find_map(
        |(i, l)| {
            let rest = l.text.strip_prefix("Levels of responsibility:")?.trim();
            let rest = rest.strip_prefix("Level")?.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let level: u8 = digits.parse().ok()?;
            let phrase = rest[digits.len()..].trim().trim_start_matches(['-', '–', ':']).trim();
            Some((i, level, phrase.to_string()))
        },
    )
}

/// Headings of a level page's navigation and footer: nothing after them is the level's.
const LEVEL_PAGE_BOILERPLATE: &[&str] = &[
    "Levels of responsibility",
    "Generic attributes",
    "Quick links",
    "Short links to this responsibility",
    "Links",
    "The SFIA Foundation",
    "Support",
    "Follow us",
];

fn parse_responsibility(lines: &[PageLine], level: u8, guiding_phrase: String) -> ResponsibilityLevel {
    let mut essence = Vec::new();
    let mut attributes: Vec<(String, Vec<String>)> = Vec::new();
    // None: before the first section or inside one that is not an attribute.
    let mut current: Option<usize> = None;
    let mut in_essence = false;
    for line in lines {
        if is_end_marker(line)
            || (line.heading && LEVEL_PAGE_BOILERPLATE.iter().any(|b| line.text.eq_ignore_ascii_case(b)))
        {
            break;
        }
        if line.heading {
            in_essence = false;
            current = if line.text.is_empty() || line.text.eq_ignore_ascii_case("Guidance notes") {
                None
            } else {
                attributes.push((line.text.clone(), Vec::new()));
                Some(attributes.len() - 1)
            };
            continue;
        }
        if let Some(rest) = line.text.strip_prefix("Essence of the level:") {
            in_essence = true;
            current = None;
            if !rest.trim().is_empty() {
                essence.push(rest.trim().to_string());
            }
            continue;
        }
        let text = strip_bullet(&line.text);
        if text.is_empty() || line.raw.starts_with('|') {
            continue;
        }
        if in_essence {
            essence.push(text.to_string());
        } else if let Some(i) = current {
            attributes[i].1.push(text.to_string());
        }
    }
    ResponsibilityLevel {
        level,
        guiding_phrase,
        essence: essence.join("\n"),
        attributes: attributes
            .into_iter()
            .filter(|(_, lines)| !lines.is_empty())
            .map(|(name, lines)| (name, lines.join("\n")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "A framework tagline\n\n\
        Widget polishing WDGP\n\n\
        Making widgets shine for customers.\n\n\
        Guidance notes\n\n\
        Widgets may include:\n\n  \u{2022} round widgets\n  \u{2022} square widgets\n\n\
        Defined at these levels: 3 4\n\n\
        Widget polishing: Levels 1-2\n\n\
        This skill is not typically observed or practiced at these levels of responsibility.\n\n\
        Widget polishing: Level 3\n\n\
        Polishes widgets under direction.\n\n\
        Reports scratches.\n\n\
        Widget polishing: Level 4\n\n\
        Plans widget polishing for a team.\n\n\
        Widget polishing: Levels 5-7\n\n\
        This skill is not typically observed or practiced at these levels of responsibility.\n";

    const MARKDOWN: &str = "#  Widget polishing WDGP\n\
        Making widgets shine for customers.\n\
        ## Levels of responsibility for this skill\n\
        |  |  | [3](https://example.org/en/sfia-9/skills/widget-polishing#skill_level_section_3) |\n\
        ---|---|---\n\
        ###  Revision notes\n\
        **Updates for SFIA 9**\n\
          * Widget text was tidied.\n\
        ### Guidance notes\n\
        Widgets may include:\n\
          * round widgets\n\
        ###  Understanding the responsibility levels of this skill\n\
        ##### Where lower levels are not defined...\n\
          * Generic advice.\n\
        [Click to learn why SFIA skills are not defined at all 7 levels.](https://example.org/why)\n\
        ###  Level 1\n\
        **[Level 1 - Follow](https://example.org/en/sfia-9/responsibilities/level-1):** Essence of the level: Generic one.\n\
        ###  Widget polishing: Level 2\n\
        **[Level 2 - Assist](https://example.org/en/sfia-9/responsibilities/level-2):** Essence of the level: Generic two.\n\
        * * *\n\
        Polishes widgets with [cloths](https://example.org/cloths). \n\
        Reports scratches.\n\
        ###  Widget polishing: Level 3\n\
        **[Level 3 - Apply](https://example.org/en/sfia-9/responsibilities/level-3):** Essence of the level: Generic three.\n\
        * * *\n\
        Plans widget polishing.\n\
        ###  Level 4\n\
        **[Level 4 - Enable](https://example.org/en/sfia-9/responsibilities/level-4):** Essence of the level: Generic four.\n\
        Keywords [ Small change ](https://example.org/search)\n\
        [ SFIA version 9  ](https://example.org/en/sfia-9)\n\
        Framework status: Current standard\n\
        ### Links\n\
        [Next version](https://example.org/en/sfia-10)\n\
        ### Related SFIA skills\n\
        [Widget design](https://example.org/en/sfia-9/skills/widget-design)\n";

    const LEVEL_PAGE: &str = "#  Levels of responsibility: Level 3 - Apply \n\
        Essence of the level: Does varied widget work.\n\
        ### Guidance notes\n\
        Levels describe responsibility.\n\
        ### Autonomy\n\
        Works under general direction.\n\
        ### Influence\n\
        Talks to the team.\n\
        ### Business skills / Behavioural factors\n\
        ##### Decision-making\n\
          * Decides small things.\n\
          * Escalates big things.\n\
        \n\n\
        ##### Planning\n\
          * Plans own work.\n\
        [ SFIA version 9  ](https://example.org/en/sfia-9)\n\
        Framework status: Current standard\n\
        ### Levels of responsibility\n\
          * [Level 1 - Follow](https://example.org/en/sfia-9/responsibilities/level-1)\n";

    fn skill_of(path: &str, text: &str) -> (String, Skill) {
        assert!(sniff(text), "sniff");
        let doc = parse(Path::new(path), text).expect("parses");
        assert_eq!(doc.skills.len(), 1);
        let framework = doc.framework.clone();
        (framework, doc.skills.into_iter().next().expect("one skill"))
    }

    fn level_numbers(skill: &Skill) -> Vec<u8> {
        skill.levels.iter().map(|l| l.level).collect()
    }

    #[test]
    fn plain_text_page() {
        let (framework, skill) = skill_of("pages/widget.txt", PLAIN);
        assert_eq!(framework, UNVERSIONED_SFIA);
        assert_eq!(skill.code, "WDGP");
        assert_eq!(skill.name, "Widget polishing");
        assert_eq!(skill.description, "Making widgets shine for customers.");
        assert_eq!(skill.guidance, "Widgets may include:\nround widgets\nsquare widgets");
        assert_eq!(level_numbers(&skill), vec![3, 4], "ranges 'not typically observed' are not levels");
        assert_eq!(skill.levels[0].description, "Polishes widgets under direction.\nReports scratches.");
        assert_eq!(skill.url, None);
    }

    #[test]
    fn markdown_page_keeps_only_the_skills_own_level_text() {
        let (framework, skill) = skill_of("pages/widget.md", MARKDOWN);
        assert_eq!(framework, "sfia-9", "the version most links name wins over sfia-10");
        assert_eq!(skill.code, "WDGP");
        assert_eq!(skill.description, "Making widgets shine for customers.");
        assert_eq!(skill.guidance, "Widgets may include:\nround widgets");
        assert_eq!(level_numbers(&skill), vec![2, 3]);
        assert_eq!(skill.levels[0].description, "Polishes widgets with cloths.\nReports scratches.");
        assert_eq!(skill.levels[1].description, "Plans widget polishing.", "keywords and footer cut");
        assert!(skill.levels.iter().all(|l| !l.description.contains("Generic")));
        assert_eq!(skill.url.as_deref(), Some("https://example.org/en/sfia-9/skills/widget-polishing"));
    }

    #[test]
    fn a_single_level_marked_not_observed_is_not_defined() {
        let text = "Widget polishing WDGP\nWidget polishing: Level 1\n\
            This skill is not typically observed or practiced at this level.\n\
            Widget polishing: Level 2\nPolishes widgets that are not typically observed.\n";
        let (_, skill) = skill_of("x.txt", text);
        assert_eq!(level_numbers(&skill), vec![2]);
    }

    #[test]
    fn category_lines_are_read_when_present() {
        let text = "Widget polishing WDGP\nCategory: Making things\nSubcategory: Finishing\n\
            Shiny widgets.\nWidget polishing: Level 2\nPolishes.\n";
        let (_, skill) = skill_of("x.txt", text);
        assert_eq!(skill.category, "Making things");
        assert_eq!(skill.subcategory, "Finishing");
        assert_eq!(skill.description, "Shiny widgets.");
        assert_eq!(level_numbers(&skill), vec![2]);
    }

    #[test]
    fn headings_without_bodies_give_no_levels() {
        let text = "# Widget polishing WDGP\n### Widget polishing: Level 2\n### Widget polishing: Level 3\n";
        let (_, skill) = skill_of("x.md", text);
        assert!(skill.levels.is_empty());
        assert_eq!(skill.description, "");
    }

    #[test]
    fn level_page_gives_a_responsibility_level() {
        assert!(sniff(LEVEL_PAGE));
        let doc = parse(Path::new("level-3.md"), LEVEL_PAGE).expect("parses");
        assert!(doc.skills.is_empty());
        assert_eq!(doc.framework, "sfia-9");
        let level = &doc.responsibility_levels[0];
        assert_eq!(level.level, 3);
        assert_eq!(level.guiding_phrase, "Apply");
        assert_eq!(level.essence, "Does varied widget work.");
        let names: Vec<&str> = level.attributes.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["Autonomy", "Influence", "Decision-making", "Planning"]);
        assert_eq!(level.attributes[2].1, "Decides small things.\nEscalates big things.");
    }

    #[test]
    fn missing_title_is_not_a_skill_page() {
        let text = "Some notes\nWidget polishing: Level 3\nPolishes.\n";
        assert!(!sniff(text));
        let err = parse(Path::new("notes.txt"), text).unwrap_err();
        assert!(matches!(err, SourceError::Unrecognised { .. }));
        assert!(err.to_string().contains("notes.txt"));
        assert!(!sniff("Widget polishing WDGP\nNo level sections at all.\n"), "a title alone is not enough");
    }

    #[test]
    fn level_headings() {
        assert_eq!(level_heading("Widget polishing: Level 3"), Some(LevelHeading::Skill(3)));
        assert_eq!(level_heading("Bid/proposal work: Level 7"), Some(LevelHeading::Skill(7)));
        assert_eq!(level_heading("Level 1"), Some(LevelHeading::Other));
        assert_eq!(level_heading("Widget polishing: Levels 1-4"), Some(LevelHeading::Other));
        assert_eq!(level_heading("Widget polishing: Level 3 and more"), None);
        assert_eq!(level_heading("Level 1 (Follow)"), None);
        assert_eq!(level_heading(""), None);
    }

    #[test]
    fn markdown_helpers() {
        assert_eq!(unwrap_markdown("**[Level 2 - Assist](http://x/y):** rest"), "Level 2 - Assist: rest");
        assert_eq!(unwrap_markdown("![img](a.png) and [a](b"), "img and [a](b");
        assert_eq!(unwrap_markdown("[unclosed"), "[unclosed");
        assert_eq!(unwrap_markdown("[a] then [b](u) [[c]]"), "[a] then b [[c]]");
        assert_eq!(unwrap_markdown("[x](no end"), "[x](no end");
        assert_eq!(strip_bullet("* item"), "item");
        assert_eq!(strip_bullet("• \u{a0}item"), "\u{a0}item".trim_start());
        assert_eq!(clean_line(" a\u{a0}_x000D_ b  c "), "a b c");
        assert_eq!(title_parts("Widget polishing WDGP"), Some(("Widget polishing".into(), "WDGP".into())));
        assert_eq!(title_parts("THE BANNER ABCD"), None);
        assert_eq!(title_parts("Proficiency Level"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "#",
            "# ",
            "Levels of responsibility: Level",
            "Levels of responsibility: Level 300",
            "[](",
            "](",
            "x: Level 9",
        ] {
            let _ = sniff(text);
            let _ = parse(Path::new("x.md"), text);
        }
    }
}
