//! Skill names as phrases: a sentence that contains a skill's name or an alias word for word
//! (after analysis) names that skill, which is stronger evidence than scattered terms.

use super::scoring::SkillKey;
use crate::index::prepared::PhraseTable;

/// The multi-term names and aliases of the frameworks matched: the index's analysed
/// [`PhraseTable`], restricted to some frameworks.
#[derive(Debug)]
pub struct NamePhrases<'a> {
    table: &'a PhraseTable,
    /// Framework indices to keep (`None`: all).
    include: Option<Vec<u16>>,
}

impl<'a> NamePhrases<'a> {
    /// The phrases of `table` of the frameworks in `include` (`None`: all).
    pub fn new(table: &'a PhraseTable, include: Option<Vec<u16>>) -> NamePhrases<'a> {
        NamePhrases { table, include }
    }

    /// The skills named in a sentence, given its terms in order, each with the length in
    /// terms of its longest name found. A name found only inside a longer name of another
    /// skill does not count: "technical service delivery management" names the skill of
    /// that name, not "delivery management".
    pub fn named_in(&self, terms: &[String]) -> Vec<(SkillKey, usize)> {
        let ids: Vec<Option<u32>> = terms.iter().map(|t| self.table.term_id(t)).collect();
        let included = |framework: u16| self.include.as_ref().is_none_or(|ids| ids.contains(&framework));
        // (start, end, skill) of every name occurrence
        let mut spans: Vec<(usize, usize, SkillKey)> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let Some(id) = id else { continue };
            for (key, phrase) in self.table.starting_with(*id) {
                let rest = &ids[i..];
                let found = phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(p, t)| Some(p) == *t);
                if found && included(key.0) {
                    spans.push((i, i + phrase.len(), key));
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
    use crate::index::analyzer::analyze;
    use crate::model::{Catalog, Framework, Skill};

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
        let table = PhraseTable::of(&catalog);
        let names = NamePhrases::new(&table, None);
        let found = names.named_in(&analyze("We want technical service delivery management skills"));
        assert_eq!(found, vec![((0, 1), 4)]);
        let found = names.named_in(&analyze("delivery management"));
        assert_eq!(found, vec![((0, 0), 2)]);
        assert_eq!(NamePhrases::new(&table, Some(vec![1])).named_in(&analyze("delivery management")), vec![]);
    }
}
