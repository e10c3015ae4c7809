//! The framework model: what every loader produces and everything downstream reads.
//!
//! A [`Catalog`] holds one or more [`Framework`]s; a framework holds [`Skill`]s, each with
//! the descriptions of the levels it defines, and the framework's generic
//! [`ResponsibilityLevel`]s where the source has them. Loaders return a [`SourceDoc`] per
//! file; [`Catalog::from_sources`] merges them so that several sources describing the same
//! skill of the same framework version give one skill.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The framework id used for SFIA sources whose version cannot be told from the source.
/// Such skills are merged into the one versioned SFIA framework of the corpus when there is
/// exactly one (see [`Catalog::from_sources`]).
pub const UNVERSIONED_SFIA: &str = "sfia";

/// One level of one skill: "Technology service management, level 5".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillLevel {
    /// Level of responsibility, 1–7 for SFIA; 1..=N for other level-based frameworks.
    pub level: u8,
    /// The level's name where the framework has one ("Strategise"), empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The description of the skill at this level.
    pub description: String,
}

/// One skill of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Skill {
    /// The skill's code: "ITMG" for SFIA, a derived stable code where the source has none.
    pub code: String,
    /// The skill's current name.
    pub name: String,
    /// Category ("Delivery and operation"), empty when unknown.
    #[serde(default)]
    pub category: String,
    /// Subcategory ("Technology management"), empty when unknown.
    #[serde(default)]
    pub subcategory: String,
    /// The overall description of the skill.
    #[serde(default)]
    pub description: String,
    /// Guidance notes, empty when the source has none.
    #[serde(default)]
    pub guidance: String,
    /// The levels this skill defines, sorted by level, each at most once.
    #[serde(default)]
    pub levels: Vec<SkillLevel>,
    /// Other names the skill is known by (former or draft names), without the current name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The skill's web page, where the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Skill {
    /// The description of `level`, if the skill defines it.
    pub fn level(&self, level: u8) -> Option<&SkillLevel> {
        self.levels.iter().find(|l| l.level == level)
    }

    /// Merge `other`, the same code from another source or another row of one: every text
    /// field this skill lacks and every level it lacks (or a level's missing name or text)
    /// is taken from `other`; `other`'s name, when it differs, and its aliases become aliases.
    pub fn merge_from(&mut self, other: Skill) {
        for alias in self.merge_texts_from(other) {
            self.add_alias(&alias);
        }
    }

    /// [`Skill::merge_from`] but for the aliases: returns the names that become aliases
    /// (`other`'s name, then its aliases), for a caller that keeps its own index of them
    /// (a table with thousands of rows for one code).
    pub fn merge_texts_from(&mut self, other: Skill) -> Vec<String> {
        fill(&mut self.name, other.name.clone());
        fill(&mut self.category, other.category);
        fill(&mut self.subcategory, other.subcategory);
        fill(&mut self.description, other.description);
        fill(&mut self.guidance, other.guidance);
        if self.url.is_none() {
            self.url = other.url;
        }
        for level in other.levels {
            match self.levels.iter_mut().find(|l| l.level == level.level) {
                Some(existing) => {
                    fill(&mut existing.name, level.name);
                    fill(&mut existing.description, level.description);
                }
                None => self.levels.push(level),
            }
        }
        self.levels.sort_by_key(|l| l.level);
        std::iter::once(other.name).filter(|n| !n.is_empty()).chain(other.aliases).collect()
    }

    /// Where `other` (the same code from another source, or another row of one source)
    /// says something different from `self`: the fields both give, non-empty, that differ
    /// beyond case, white space and punctuation. Empty when they agree or when one only adds
    /// what the other lacks (which is what merging is for). The name is quoted from both.
    pub fn conflicts_with(&self, other: &Skill) -> Vec<String> {
        let mut out = Vec::new();
        if differs(&self.name, &other.name) {
            out.push(format!("name '{}' vs '{}'", clip(&self.name), clip(&other.name)));
        }
        for (field, a, b) in [
            ("category", &self.category, &other.category),
            ("subcategory", &self.subcategory, &other.subcategory),
            ("description", &self.description, &other.description),
            ("guidance", &self.guidance, &other.guidance),
        ] {
            if differs(a, b) {
                out.push(field.to_string());
            }
        }
        for level in &other.levels {
            if let Some(mine) = self.level(level.level) {
                if differs(&mine.description, &level.description) {
                    out.push(format!("level {} description", level.level));
                } else if differs(&mine.name, &level.name) {
                    out.push(format!("level {} name", level.level));
                }
            }
        }
        out
    }

    /// Add an alias unless it is the current name or already known (case-insensitive).
    pub fn add_alias(&mut self, alias: &str) {
        let alias = alias.trim();
        if alias.is_empty()
            || alias.eq_ignore_ascii_case(&self.name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
        {
            return;
        }
        self.aliases.push(alias.to_string());
    }
}

/// Whether two texts of one field disagree: both given and different once reduced to their
/// lower-case words (an export's curly quotes or line breaks are not a conflict). Names and
/// other short texts must match word for word. Longer texts (descriptions) conflict when
/// more than a quarter of their words are not shared: a corrected typo (SFIA 9's
/// spreadsheet and CSV differ by one "al"/"all") or an edition's rewording of the same
/// sentences is not a different skill, while another skill's text pasted under the code is.
fn differs(a: &str, b: &str) -> bool {
    if a.trim().is_empty() || b.trim().is_empty() {
        return false;
    }
    let words = |s: &str| {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort_unstable();
        w
    };
    let (a, b) = (words(a), words(b));
    if a == b {
        return false;
    }
    if a.len().min(b.len()) < 10 {
        return true;
    }
    // Words in one text and not the other (counted with repeats), from the sorted lists.
    let (mut i, mut j, mut unmatched) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => (i, j) = (i + 1, j + 1),
            std::cmp::Ordering::Less => (i, unmatched) = (i + 1, unmatched + 1),
            std::cmp::Ordering::Greater => (j, unmatched) = (j + 1, unmatched + 1),
        }
    }
    unmatched += (a.len() - i) + (b.len() - j);
    unmatched > ((a.len() + b.len()) / 4).max(4)
}

/// A value shortened for a warning line.
fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(59).collect::<String>())
    }
}

/// How many conflicting codes are reported one by one, in one file or across a corpus; the
/// rest are counted in one line, so two diverging copies of a framework give a readable
/// report rather than a warning per skill.
pub const CONFLICTS_SHOWN: usize = 10;

/// Warnings about codes given differently by two sources or rows, at most
/// [`CONFLICTS_SHOWN`] of them and then a count.
#[derive(Debug, Default)]
pub struct ConflictLog {
    shown: Vec<String>,
    more: usize,
}

impl ConflictLog {
    /// Note that `code` (of `framework`, when given) is given differently by two sources:
    /// `sources` says which ("a.csv and b.json", "rows 3 and 9 of a.csv"; only called when
    /// the line is shown), `what` lists the fields that differ.
    pub fn note(
        &mut self,
        framework: Option<&str>,
        code: &str,
        sources: impl FnOnce() -> String,
        what: &[String],
    ) {
        if self.shown.len() >= CONFLICTS_SHOWN {
            self.more += 1;
            return;
        }
        let skill = match framework {
            Some(id) => format!("{id} skill {code}"),
            None => format!("skill {code}"),
        };
        let alias = if what.iter().any(|w| w.starts_with("name ")) {
            " (the other name becomes an alias)"
        } else {
            ""
        };
        self.shown.push(format!(
            "{skill} is given differently by {} ({}); the first is kept{alias}",
            sources(),
            what.join(", ")
        ));
    }

    /// The warnings, with a last line counting those not shown.
    pub fn into_warnings(self) -> Vec<String> {
        let mut out = self.shown;
        if self.more > 0 {
            out.push(format!(
                "… and {} more skill codes given differently by two sources or rows (the first is kept)",
                self.more
            ));
        }
        out
    }
}

fn fill(slot: &mut String, value: String) {
    if slot.trim().is_empty() {
        *slot = value;
    }
}

/// A framework's generic level of responsibility (SFIA's "Levels of responsibility").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsibilityLevel {
    /// The level number.
    pub level: u8,
    /// The guiding phrase: "Follow", "Assist", …, "Set strategy, inspire, mobilise".
    #[serde(default)]
    pub guiding_phrase: String,
    /// The essence of the level.
    #[serde(default)]
    pub essence: String,
    /// Attribute texts at this level: ("Autonomy", "…"), ("Influence", "…"), …
    #[serde(default)]
    pub attributes: Vec<(String, String)>,
}

impl ResponsibilityLevel {
    /// Fill what `self` lacks from another source describing the same level.
    pub fn merge_from(&mut self, other: ResponsibilityLevel) {
        fill(&mut self.guiding_phrase, other.guiding_phrase);
        fill(&mut self.essence, other.essence);
        for (name, text) in other.attributes {
            if !self.attributes.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                self.attributes.push((name, text));
            }
        }
    }
}

/// A skills framework at one version: "sfia-9".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Framework {
    /// Id and version in one: "sfia-9", "sfia-8", "esco-1.1.0".
    pub id: String,
    /// The name to show people ("ESCO 1.1.0"); empty when the sources give none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The notice the framework's licence asks to be shown with it; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attribution: String,
    /// Skills, in source order.
    pub skills: Vec<Skill>,
    /// Generic levels of responsibility, sorted by level; empty when the sources have none.
    #[serde(default)]
    pub responsibility_levels: Vec<ResponsibilityLevel>,
}

impl Framework {
    /// The skill with this code (case-insensitive).
    pub fn skill(&self, code: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.code.eq_ignore_ascii_case(code))
    }

    /// Merge skills and generic levels from another source of the same framework: a skill
    /// or level already here is completed ([`Skill::merge_from`]), a new one is added.
    pub fn absorb(&mut self, skills: Vec<Skill>, levels: Vec<ResponsibilityLevel>) {
        // By code, case-insensitively: a scan per incoming skill made ESCO's 13,891 quadratic.
        let mut by_code: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, existing) in self.skills.iter().enumerate() {
            // The first of any repeats, as a scan would find.
            by_code.entry(existing.code.to_ascii_lowercase()).or_insert(i);
        }
        for skill in skills {
            let key = skill.code.to_ascii_lowercase();
            match by_code.get(&key) {
                Some(&i) => self.skills[i].merge_from(skill),
                None => {
                    by_code.entry(key).or_insert(self.skills.len());
                    self.skills.push(skill);
                }
            }
        }
        for level in levels {
            match self.responsibility_levels.iter_mut().find(|l| l.level == level.level) {
                Some(existing) => existing.merge_from(level),
                None => self.responsibility_levels.push(level),
            }
        }
        self.responsibility_levels.sort_by_key(|l| l.level);
    }

    /// How many level descriptions the framework's skills define in all.
    pub fn level_description_count(&self) -> usize {
        self.skills.iter().map(|s| s.levels.len()).sum()
    }

    /// Everything but the skills, with their counts.
    pub fn head(&self) -> FrameworkHead {
        FrameworkHead {
            id: self.id.clone(),
            name: self.name.clone(),
            attribution: self.attribution.clone(),
            responsibility_levels: self.responsibility_levels.clone(),
            skills: self.skills.len(),
            level_descriptions: self.level_description_count(),
        }
    }
}

/// A framework without its skills: what an open index knows of every framework at once,
/// while each skill is read only when it is needed (ESCO has 13,891).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrameworkHead {
    /// As [`Framework::id`].
    pub id: String,
    /// As [`Framework::name`].
    pub name: String,
    /// As [`Framework::attribution`].
    pub attribution: String,
    /// As [`Framework::responsibility_levels`].
    pub responsibility_levels: Vec<ResponsibilityLevel>,
    /// How many skills the framework has.
    pub skills: usize,
    /// How many level descriptions its skills define in all.
    pub level_descriptions: usize,
}

/// Aliases that a change request adds to a skill it renames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasPatch {
    /// The code of the skill changed, where the source names one.
    pub code: Option<String>,
    /// The current name of the skill changed ("Technology service management").
    pub skill_name: Option<String>,
    /// Former and draft names that become aliases.
    pub aliases: Vec<String>,
    /// The file the patch came from, for warnings.
    pub origin: PathBuf,
}

/// What one loader read from one source file.
#[derive(Debug, Clone, Default)]
pub struct SourceDoc {
    /// The file read.
    pub path: PathBuf,
    /// The framework the content belongs to ("sfia-9"), or [`UNVERSIONED_SFIA`].
    pub framework: String,
    /// The framework's display name, where the source gives one.
    pub framework_name: String,
    /// The framework's attribution notice, where its licence asks for one.
    pub attribution: String,
    /// Skills described by the file.
    pub skills: Vec<Skill>,
    /// Generic levels of responsibility described by the file.
    pub responsibility_levels: Vec<ResponsibilityLevel>,
    /// Aliases for skills described elsewhere (change requests).
    pub alias_patches: Vec<AliasPatch>,
    /// Non-fatal problems the loader wants a user to see (columns it ignored, rows it
    /// skipped), one line each, naming the file.
    pub warnings: Vec<String>,
}

/// Every framework of a corpus, merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Catalog {
    /// Frameworks sorted by id.
    pub frameworks: Vec<Framework>,
}

impl Catalog {
    /// Merge what the loaders read. Sources are merged in the order given (callers sort
    /// them so the result does not depend on the file system). Returns the catalog and
    /// warnings about alias patches that matched no skill.
    pub fn from_sources(sources: Vec<SourceDoc>) -> (Catalog, Vec<String>) {
        let mut frameworks: BTreeMap<String, Framework> = BTreeMap::new();
        let mut patches = Vec::new();
        // The file each skill was first read from, by (framework id, lower-case code).
        let mut origins: HashMap<(String, String), PathBuf> = HashMap::new();
        let mut conflicts = ConflictLog::default();
        for source in sources {
            patches.extend(source.alias_patches);
            if source.skills.is_empty() && source.responsibility_levels.is_empty() {
                continue;
            }
            let framework = frameworks
                .entry(source.framework.clone())
                .or_insert_with(|| Framework { id: source.framework.clone(), ..Framework::default() });
            if framework.name.is_empty() {
                framework.name = source.framework_name;
            }
            if framework.attribution.is_empty() {
                framework.attribution = source.attribution;
            }
            for skill in &source.skills {
                let key = (framework.id.clone(), skill.code.to_lowercase());
                match origins.get(&key) {
                    Some(first) => note_conflict(&mut conflicts, framework, skill, first, &source.path),
                    None => {
                        origins.insert(key, source.path.clone());
                    }
                }
            }
            framework.absorb(source.skills, source.responsibility_levels);
        }
        fold_unversioned_sfia(&mut frameworks, &origins, &mut conflicts);
        let mut catalog = Catalog { frameworks: frameworks.into_values().collect() };
        let mut warnings = conflicts.into_warnings();
        warnings.extend(patches.into_iter().filter_map(|p| catalog.apply_alias_patch(p)));
        (catalog, warnings)
    }

    /// Apply one alias patch to every framework that has the skill; a warning if none has.
    fn apply_alias_patch(&mut self, patch: AliasPatch) -> Option<String> {
        let mut applied = false;
        for framework in &mut self.frameworks {
            let target = framework.skills.iter_mut().find(|s| {
                patch.code.as_deref().is_some_and(|c| s.code.eq_ignore_ascii_case(c))
                    || patch.skill_name.as_deref().is_some_and(|n| s.name.eq_ignore_ascii_case(n.trim()))
            });
            if let Some(skill) = target {
                for alias in &patch.aliases {
                    skill.add_alias(alias);
                }
                applied = true;
            }
        }
        (!applied).then(|| {
            format!(
                "{}: change request for {} matches no skill in the corpus; its aliases are not used",
                patch.origin.display(),
                patch.code.or(patch.skill_name).unwrap_or_else(|| "an unnamed skill".into())
            )
        })
    }

    /// The framework with this id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id.eq_ignore_ascii_case(id))
    }

    /// Total number of skills over all frameworks.
    pub fn skill_count(&self) -> usize {
        self.frameworks.iter().map(|f| f.skills.len()).sum()
    }
}

/// Skills from SFIA sources of unknown version join the corpus's single versioned SFIA
/// framework, if there is exactly one; otherwise they stay a framework of their own.
fn fold_unversioned_sfia(
    frameworks: &mut BTreeMap<String, Framework>,
    origins: &HashMap<(String, String), PathBuf>,
    conflicts: &mut ConflictLog,
) {
    let versioned: Vec<String> = frameworks.keys().filter(|id| id.starts_with("sfia-")).cloned().collect();
    if versioned.len() != 1 {
        return;
    }
    let Some(unversioned) = frameworks.remove(UNVERSIONED_SFIA) else { return };
    let Some(target) = frameworks.get_mut(&versioned[0]) else { return };
    for skill in &unversioned.skills {
        let code = skill.code.to_lowercase();
        let first = origins.get(&(target.id.clone(), code.clone()));
        let second = origins.get(&(UNVERSIONED_SFIA.to_string(), code));
        if let (Some(first), Some(second)) = (first, second) {
            note_conflict(conflicts, target, skill, first, second);
        }
    }
    target.absorb(unversioned.skills, unversioned.responsibility_levels);
}

/// Log `skill` (read from `second`) if it disagrees with the skill of its code already in
/// `framework` (first read from `first`).
fn note_conflict(
    conflicts: &mut ConflictLog,
    framework: &Framework,
    skill: &Skill,
    first: &Path,
    second: &Path,
) {
    let Some(existing) = framework.skill(&skill.code) else { return };
    let what = existing.conflicts_with(skill);
    if !what.is_empty() {
        let sources = || format!("{} and {}", first.display(), second.display());
        conflicts.note(Some(&framework.id), &skill.code, sources, &what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(code: &str, name: &str, levels: &[u8]) -> Skill {
        Skill {
            code: code.into(),
            name: name.into(),
            levels: levels
                .iter()
                .map(|&l| SkillLevel { level: l, name: String::new(), description: format!("{code} at {l}") })
                .collect(),
            ..Skill::default()
        }
    }

    fn doc(framework: &str, skills: Vec<Skill>) -> SourceDoc {
        SourceDoc { framework: framework.into(), skills, ..SourceDoc::default() }
    }

    #[test]
    fn a_table_row_and_a_catalog_merge_alike() {
        // One rule for both: a level's missing text is filled, a differing name becomes an
        // alias once, whatever its case.
        let first = || Skill {
            levels: vec![SkillLevel { level: 3, name: "Apply".into(), description: String::new() }],
            ..skill("ABCD", "Widgets", &[])
        };
        let second = || Skill {
            aliases: vec!["widget work".into(), "WIDGET WORK".into()],
            ..skill("ABCD", "Widget making", &[3, 4])
        };
        let mut merged = first();
        merged.merge_from(second());
        let mut set = crate::source::rows::SkillSet::default();
        set.add(first(), || "a".into());
        set.add(second(), || "b".into());
        assert_eq!(set.into_skills(), vec![merged.clone()]);
        assert_eq!(merged.aliases, vec!["Widget making".to_string(), "widget work".to_string()]);
        assert_eq!(merged.levels[0].name, "Apply");
        assert_eq!(merged.levels[0].description, "ABCD at 3");
        assert_eq!(merged.levels.len(), 2);
    }

    #[test]
    fn same_skill_from_two_sources_is_merged_not_duplicated() {
        let (catalog, warnings) = Catalog::from_sources(vec![
            doc("sfia-9", vec![skill("ABCD", "Alpha", &[3, 4])]),
            doc("sfia-9", vec![skill("abcd", "Alpha old", &[4, 5])]),
        ]);
        // The two names disagree: merged all the same, and said.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("sfia-9 skill abcd") && warnings[0].contains("name 'Alpha' vs 'Alpha old'")
        );
        let f = catalog.framework("sfia-9").unwrap();
        assert_eq!(f.skills.len(), 1);
        let levels: Vec<u8> = f.skills[0].levels.iter().map(|l| l.level).collect();
        assert_eq!(levels, vec![3, 4, 5]);
        assert_eq!(f.skills[0].levels[1].description, "ABCD at 4", "first source wins");
        assert_eq!(f.skills[0].aliases, vec!["Alpha old".to_string()]);
    }

    #[test]
    fn conflicts_name_both_files_and_ignore_case_spacing_and_punctuation() {
        let mut a = doc("f", vec![skill("AB", "Alpha", &[3]), skill("CD", "Gamma", &[])]);
        a.path = "a.csv".into();
        a.skills[0].description = "Does \u{2018}alpha\u{2019}  things.".into();
        let mut b = doc("f", vec![skill("ab", "ALPHA", &[3, 4]), skill("CD", "Delta", &[])]);
        b.path = "b.json".into();
        b.skills[0].description = "does 'alpha'\nthings".into();
        b.skills[1].levels = vec![SkillLevel { level: 2, name: String::new(), description: "x".into() }];
        let (_, warnings) = Catalog::from_sources(vec![a, b]);
        assert_eq!(warnings.len(), 1, "only CD conflicts: {warnings:?}");
        assert!(
            warnings[0].contains("f skill CD")
                && warnings[0].contains("a.csv and b.json")
                && warnings[0].contains("'Gamma' vs 'Delta'"),
            "{warnings:?}"
        );
        // One source only adding what the other lacks is no conflict.
        let mut left = skill("EF", "Eps", &[1]);
        left.description = String::new();
        let mut right = skill("EF", "Eps", &[1, 2]);
        right.description = "Something.".into();
        assert!(left.conflicts_with(&right).is_empty());
        right.levels[0].description = "Other text".into();
        assert_eq!(left.conflicts_with(&right), vec!["level 1 description".to_string()]);
    }

    #[test]
    fn many_conflicts_are_counted_after_the_first_ones() {
        let many = |path: &str, name: &str| {
            let skills = (0..25).map(|i| skill(&format!("S{i}"), &format!("{name} {i}"), &[])).collect();
            SourceDoc { path: path.into(), ..doc("f", skills) }
        };
        let (_, warnings) = Catalog::from_sources(vec![many("a", "One"), many("b", "Two")]);
        assert_eq!(warnings.len(), CONFLICTS_SHOWN + 1, "{warnings:?}");
        assert!(warnings.last().unwrap().contains("15 more"), "{warnings:?}");
    }

    #[test]
    fn unversioned_sfia_joins_the_single_versioned_framework() {
        let (catalog, _) = Catalog::from_sources(vec![
            doc("sfia-8", vec![skill("ABCD", "Alpha", &[3])]),
            doc(UNVERSIONED_SFIA, vec![skill("EFGH", "Beta", &[2])]),
        ]);
        assert_eq!(catalog.frameworks.len(), 1);
        assert_eq!(catalog.framework("sfia-8").unwrap().skills.len(), 2);
    }

    #[test]
    fn unversioned_sfia_stays_apart_when_two_versions_are_present() {
        let (catalog, _) = Catalog::from_sources(vec![
            doc("sfia-8", vec![skill("ABCD", "Alpha", &[3])]),
            doc("sfia-9", vec![skill("ABCD", "Alpha", &[3])]),
            doc(UNVERSIONED_SFIA, vec![skill("EFGH", "Beta", &[2])]),
        ]);
        assert_eq!(catalog.frameworks.len(), 3);
    }

    #[test]
    fn alias_patch_applies_by_code_or_name_and_warns_when_unmatched() {
        let mut cr = doc("sfia-9", vec![]);
        cr.alias_patches = vec![
            AliasPatch {
                code: Some("ABCD".into()),
                skill_name: None,
                aliases: vec!["Old Alpha".into(), "alpha".into()],
                origin: "cr1.txt".into(),
            },
            AliasPatch {
                code: Some("ZZZZ".into()),
                skill_name: Some("Nothing".into()),
                aliases: vec!["X".into()],
                origin: "cr2.txt".into(),
            },
        ];
        let (catalog, warnings) =
            Catalog::from_sources(vec![doc("sfia-9", vec![skill("ABCD", "Alpha", &[3])]), cr]);
        assert_eq!(catalog.frameworks[0].skills[0].aliases, vec!["Old Alpha".to_string()]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("cr2.txt"), "{warnings:?}");
    }
}
