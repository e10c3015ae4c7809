//! Skill names as phrases: a sentence that contains a skill's name or an alias word for word
//! (after analysis) names that skill, which is stronger evidence than scattered terms.

use super::fasthash::FastMap;
use super::scoring::SkillKey;
use crate::index::analyzer::analyze;
use crate::model::Catalog;
use rayon::prelude::*;

/// Multi-term names and aliases, keyed by their first term.
#[derive(Debug, Default)]
pub struct NamePhrases {
    by_first_term: FastMap<String, Vec<(SkillKey, Vec<String>)>>,
}

impl NamePhrases {
    /// The phrases of every skill of the frameworks whose indices `include` accepts.
    pub fn new(catalog: &Catalog, include: impl Fn(u16) -> bool) -> NamePhrases {
        let skills: Vec<(SkillKey, &crate::model::Skill)> = catalog
            .frameworks
            .iter()
            .enumerate()
            .filter(|(fi, _)| include(*fi as u16))
            .flat_map(|(fi, f)| f.skills.iter().enumerate().map(move |(si, s)| ((fi as u16, si as u32), s)))
            .collect();
        // Analysing ESCO's 110,000 labels is most of the cost of opening a matcher on it.
        let phrases: Vec<(SkillKey, Vec<String>)> = skills
            .par_iter()
            .flat_map_iter(|&(key, skill)| {
                std::iter::once(&skill.name)
                    .chain(&skill.aliases)
                    .map(|name| analyze(name))
                    // One-term names are matched well by BM25 on the name field already.
                    .filter(|terms| terms.len() >= 2)
                    .map(move |terms| (key, terms))
            })
            .collect();
        let mut by_first_term: FastMap<String, Vec<(SkillKey, Vec<String>)>> = FastMap::default();
        for (key, terms) in phrases {
            by_first_term.entry(terms[0].clone()).or_default().push((key, terms));
        }
        NamePhrases { by_first_term }
    }

    /// The skills named in a sentence, given its terms in order, each with the length in
    /// terms of its longest name found. A name found only inside a longer name of another
    /// skill does not count: "technical service delivery management" names the skill of
    /// that name, not "delivery management".
    pub fn named_in(&self, terms: &[String]) -> Vec<(SkillKey, usize)> {
        // (start, end, skill) of every name occurrence
        let mut spans: Vec<(usize, usize, SkillKey)> = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let Some(candidates) = self.by_first_term.get(term) else { continue };
            for (key, phrase) in candidates {
                if terms[i..].starts_with(phrase) {
                    spans.push((i, i + phrase.len(), *key));
                }
            }
        }
        let mut found: Vec<(SkillKey, usize)> = Vec::new();
        for &(start, end, key) in &spans {
            let inside_another =
                spans.iter().any(|&(s, e, k)| k != key && s <= start && end <= e && (e - s) > (end - start));
            if inside_another {
                continue;
            }
            match found.iter_mut().find(|(k, _)| *k == key) {
                Some((_, len)) => *len = (*len).max(end - start),
                None => found.push((key, end - start)),
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Framework, Skill};

    fn catalog(names: &[(&str, &[&str])]) -> Catalog {
        let skills = names
            .iter()
            .map(|(name, aliases)| Skill {
                code: name.to_uppercase(),
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                ..Skill::default()
            })
            .collect();
        Catalog { frameworks: vec![Framework { id: "x".into(), skills, ..Framework::default() }] }
    }

    #[test]
    fn the_longest_name_wins() {
        let catalog = catalog(&[
            ("Delivery management", &[]),
            ("Service things", &["Technical service delivery management"]),
        ]);
        let names = NamePhrases::new(&catalog, |_| true);
        let found = names.named_in(&analyze("We want technical service delivery management skills"));
        assert_eq!(found, vec![((0, 1), 4)]);
        let found = names.named_in(&analyze("delivery management"));
        assert_eq!(found, vec![((0, 0), 2)]);
    }
}
