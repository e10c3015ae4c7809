//! A catalog's skills in the embedding space: each skill's vectors and each framework's
//! background cosine. They depend only on the catalog and the shipped table, so the index
//! computes them once at build and stores them ([`crate::index::prepared`]); the semantic
//! signal ([`crate::matching::semantic`]) reads them back.

use super::{dot, StaticModel};
use crate::model::Skill;

/// The percentile of the framework's skill-to-other-skill cosines that a document must pass.
pub const BACKGROUND_PERCENTILE: f32 = 0.90;

/// Skills sampled (evenly spaced in catalog order) for a framework's background.
pub const BACKGROUND_SAMPLE: usize = 64;

/// A skill's texts as vectors: name and description, then each level description (a text
/// without any known word gives no row).
pub fn skill_rows(model: &StaticModel, skill: &Skill) -> Vec<Vec<f32>> {
    let (mut ids, mut v) = (Vec::new(), Vec::new());
    let mut rows = Vec::with_capacity(1 + skill.levels.len());
    let head = format!("{}. {}", skill.name, skill.description);
    for text in std::iter::once(head.as_str()).chain(skill.levels.iter().map(|l| l.description.as_str())) {
        model.embed_into(text, &mut ids, &mut v);
        if v.iter().any(|x| *x != 0.0) {
            rows.push(v.clone());
        }
    }
    rows
}

/// The skills of a framework of `skills` skills that its background is measured on.
pub fn background_sample(skills: usize) -> Vec<usize> {
    let take = skills.min(BACKGROUND_SAMPLE);
    (0..take).map(|i| i * skills / take.max(1)).collect()
}

/// The framework's background cosine τ: the [`BACKGROUND_PERCENTILE`] of the cosines of the
/// sampled skills' rows (name and description, and each level) with the name and
/// description of every other sampled skill. `sample` holds the rows of the skills of
/// [`background_sample`], in its order.
pub fn framework_background(sample: &[&[Vec<f32>]]) -> f32 {
    let mut cosines = Vec::new();
    for (a, rows) in sample.iter().enumerate() {
        for (b, other) in sample.iter().enumerate() {
            if a == b {
                continue;
            }
            let Some(description) = other.first() else { continue };
            for row in rows.iter() {
                cosines.push(dot(row, description));
            }
        }
    }
    percentile(&mut cosines, BACKGROUND_PERCENTILE)
}

/// The `p` quantile (0–1, nearest rank) of `values`; 1 when there are none (nothing passes).
pub fn percentile(values: &mut [f32], p: f32) -> f32 {
    if values.is_empty() {
        return 1.0;
    }
    values.sort_by(f32::total_cmp);
    let rank = ((values.len() as f32 * p).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
