//! The index schema: one tantivy document per skill and one per (skill, level).
//!
//! Skill documents carry the skill's name, aliases, overall description and guidance;
//! level documents carry the skill's description at one level. Both carry `framework` (to
//! filter) and `key` (a fast field locating the skill and level in the [`Catalog`]), so a
//! hit never needs a stored-document fetch.
//!
//! [`Catalog`]: crate::model::Catalog

use crate::index::analyzer::ANALYZER_NAME;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};

/// Bumped whenever the schema or what is indexed changes; recorded in the index stamp.
pub const SCHEMA_VERSION: u32 = 1;

/// The searchable text fields and the weight of each in a query.
///
/// Why these weights: a skill's name is the most specific statement of what it is, and so
/// are its former names (aliases); but one word of a multi-word name ("digital" of "Digital
/// forensics") is weak evidence, so names weigh 1.5 here and a name found whole earns the
/// phrase bonus in `matching::names` instead. The overall description is one defining
/// sentence. Guidance notes list example activities and share much vocabulary across
/// skills, so they count less. Level texts define the skill at a level and carry the level
/// evidence. Measured with `skillmatch eval` (see the README): names at 3.0 gave the same
/// role-profile R@10 and cross-version hit@1 0.968 against 0.972 at 1.5, and let partial
/// name matches into the top 10 of real adverts; guidance at 0.2 or 0.7 was no better.
pub const TEXT_FIELDS: [(&str, f32); 5] =
    [("name", 1.5), ("aliases", 1.5), ("description", 1.0), ("guidance", 0.4), ("level_text", 1.0)];

/// What a framework's skills are defined by, which decides how much each field weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameworkKind {
    /// Skills defined by descriptions at levels (SFIA): the words of a text meet the
    /// descriptions far more often than the names.
    Descriptive,
    /// Skills defined by their labels, without levels (ESCO, O*NET technologies): a text
    /// shows such a skill by naming it, so its labels weigh most.
    Taxonomy,
}

impl FrameworkKind {
    /// A framework with level descriptions is descriptive; one without is a taxonomy.
    pub fn of(framework: &crate::model::Framework) -> FrameworkKind {
        FrameworkKind::by_levels(framework.level_description_count())
    }

    /// As [`FrameworkKind::of`], from the framework's head.
    pub fn of_head(framework: &crate::model::FrameworkHead) -> FrameworkKind {
        FrameworkKind::by_levels(framework.level_descriptions)
    }

    fn by_levels(level_descriptions: usize) -> FrameworkKind {
        if level_descriptions > 0 {
            FrameworkKind::Descriptive
        } else {
            FrameworkKind::Taxonomy
        }
    }
}

/// Field weights for a taxonomy, in the order of [`TEXT_FIELDS`].
///
/// Why: a taxonomy's skill is its label, and short texts (one advert sentence) show it by
/// naming it, so the preferred name weighs most. Alternative labels are many (seven per
/// ESCO skill on average) and looser, so each weighs less than the name; descriptions
/// stay at 1. Measured on the ESCO sentence sets (`skillmatch eval --sentences`, see the
/// README): names at 1.5 (the descriptive weights) gave RP@5 45.1 TECH / 30.4 HOUSE; at 6
/// 64.0 / 41.1; at 20 with aliases at 0.75, 67.4 / 45.2; raising them further or lowering
/// descriptions moved RP@5 by at most one sentence. Weighting a taxonomy skill's words by
/// how much of its best label a sentence holds (`matching::scoring`) then gave 68.7 / 46.3.
pub const TAXONOMY_FIELD_WEIGHTS: [f32; 5] = [20.0, 0.75, 1.0, 0.4, 1.0];

/// The field weights of a framework of `kind`, in the order of [`TEXT_FIELDS`].
pub fn field_weights(kind: FrameworkKind) -> [f32; 5] {
    match kind {
        FrameworkKind::Descriptive => TEXT_FIELDS.map(|(_, weight)| weight),
        FrameworkKind::Taxonomy => TAXONOMY_FIELD_WEIGHTS,
    }
}

/// Handles to the schema's fields.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Framework id ("sfia-9"), untokenised, for filtering.
    pub framework: Field,
    /// [`DocKey`] packed into a u64 fast field.
    pub key: Field,
    /// The text fields, in the order of [`TEXT_FIELDS`].
    pub text: [Field; 5],
}

impl Fields {
    /// The field named `name` among [`TEXT_FIELDS`].
    pub fn text_field(&self, name: &str) -> Option<Field> {
        TEXT_FIELDS.iter().position(|(n, _)| *n == name).map(|i| self.text[i])
    }
}

/// Build the schema.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let framework = builder.add_text_field("framework", STRING);
    let key = builder.add_u64_field("key", FAST | INDEXED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    let text = TEXT_FIELDS.map(|(name, _)| builder.add_text_field(name, options.clone()));
    (builder.build(), Fields { framework, key, text })
}

/// Where a document of the index sits in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    /// Index of the framework in `Catalog::frameworks`.
    pub framework: u16,
    /// Index of the skill in `Framework::skills`.
    pub skill: u32,
    /// The level for a level document, 0 for a skill document.
    pub level: u8,
}

impl DocKey {
    /// Pack into the `key` fast field.
    pub fn pack(self) -> u64 {
        (u64::from(self.framework) << 40) | (u64::from(self.skill) << 8) | u64::from(self.level)
    }

    /// Unpack a `key` fast-field value.
    pub fn unpack(value: u64) -> DocKey {
        DocKey {
            framework: (value >> 40) as u16,
            skill: ((value >> 8) & 0xFFFF_FFFF) as u32,
            level: (value & 0xFF) as u8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_key_round_trips() {
        let key = DocKey { framework: 3, skill: 13_890, level: 7 };
        assert_eq!(DocKey::unpack(key.pack()), key);
    }
}
