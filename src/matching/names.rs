//! Skill names as phrases: a sentence that contains a skill's name or an alias word for word
//! (after analysis) names that skill, which is stronger evidence than scattered terms.

use super::scoring::SkillKey;
use crate::index::analyzer::analyze;
use crate::model::Catalog;
use std::collections::HashMap;

/// Multi-term names and aliases, keyed by their first term.
#[derive(Debug, Default)]
pub struct NamePhrases {
    by_first_term: HashMap<String, Vec<(SkillKey, Vec<String>)>>,
}

impl NamePhrases {
    /// The phrases of every skill of the frameworks whose indices `include` accepts.
    pub fn new(catalog: &Catalog, include: impl Fn(u16) -> bool) -> NamePhrases {
        let mut by_first_term: HashMap<String, Vec<(SkillKey, Vec<String>)>> = HashMap::new();
        for (fi, framework) in catalog.frameworks.iter().enumerate() {
            if !include(fi as u16) {
                continue;
            }
            for (si, skill) in framework.skills.iter().enumerate() {
                for name in std::iter::once(&skill.name).chain(&skill.aliases) {
                    let terms = analyze(name);
                    // One-term names are matched well by BM25 on the name field already.
                    if terms.len() < 2 {
                        continue;
                    }
                    by_first_term.entry(terms[0].clone()).or_default().push(((fi as u16, si as u32), terms));
                }
            }
        }
        NamePhrases { by_first_term }
    }

    /// The skills named in a sentence, given its terms in order.
    pub fn named_in(&self, terms: &[String]) -> Vec<SkillKey> {
        let mut found = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let Some(candidates) = self.by_first_term.get(term) else { continue };
            for (key, phrase) in candidates {
                if terms[i..].starts_with(phrase) && !found.contains(key) {
                    found.push(*key);
                }
            }
        }
        found
    }
}
