//! `prepared.bin`: what a matcher used to derive from the catalog at every open, computed
//! once at build and kept in the generation.
//!
//! - **Name phrases** ([`PhraseTable`]): every multi-term skill name and alias, analysed. On
//!   ESCO that is 110,000 labels, most of the cost of opening a matcher (0.4 s of CPU).
//!   Its tables (2.5 MB on ESCO) are read in place from the mapped file: a document's
//!   lookups touch a few of their pages, and nothing is copied or walked whole at open.
//! - **Skill vectors** ([`SkillVectors`]): each framework's background cosine, and the rows
//!   of every skill of a framework defined by level texts (SFIA) in the static embedding
//!   space ([`crate::semantic::skills`]) as exact f32s, read in place from the mapped file:
//!   a query there meets a hundred skills of five or six texts each. A taxonomy's skills
//!   (ESCO) have one short text each and a query meets forty of them: the matcher embeds
//!   those itself, which costs less than storing all 13,891 (1.3 s of CPU at build, 17 MB).
//!
//! The file starts with its magic and version, the shipped embedding table's identity and
//! the size and CRC-32 of the `catalog.bin` it was derived from; the opener checks them
//! against the binary and the generation's manifest, so a file from another build or
//! another index is rebuilt, never trusted. All numbers are little-endian ([`super::codec`]).

use super::analyzer::analyze;
use super::codec::{DecodeError, LeU32Slice, LeU32s, Reader, Writer};
use super::schema::FrameworkKind;
use crate::fasthash::FastMap;
use crate::model::{Catalog, FrameworkHead};
use crate::semantic::skills::{background_sample, framework_background, skill_rows};
use crate::semantic::StaticModel;
use rayon::prelude::*;
use std::sync::Arc;
use tantivy::directory::OwnedBytes;

/// The file's name in a generation.
pub const PREPARED_FILE: &str = "prepared.bin";
const MAGIC: &[u8; 8] = b"SKMPREPD";
/// Bumped whenever what is stored, or how it is computed, changes.
pub const PREPARED_VERSION: u32 = 1;

/// A skill: framework and skill index in the catalog.
type Key = (u16, u32);

/// Where a prepared file must come from to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// [`crate::semantic::shipped_id`] of the table the vectors were made with.
    pub embeddings: u32,
    /// Size of the `catalog.bin` it was derived from.
    pub catalog_len: u64,
    /// CRC-32 of that `catalog.bin`.
    pub catalog_crc: u32,
}

/// The prepared data of one index.
#[derive(Debug, Clone)]
pub struct Prepared {
    phrases: Arc<PhraseTable>,
    vectors: Arc<SkillVectors>,
}

impl Prepared {
    /// Compute everything from `catalog` (the analysis and the embedding run in parallel).
    pub fn of(catalog: &Catalog, model: &StaticModel) -> Prepared {
        let (phrases, vectors) =
            rayon::join(|| PhraseTable::of(catalog), || SkillVectors::of(catalog, model));
        Prepared { phrases: Arc::new(phrases), vectors: Arc::new(vectors) }
    }

    /// The multi-term names and aliases.
    pub fn phrases(&self) -> &PhraseTable {
        &self.phrases
    }

    /// The skills' vectors and the frameworks' backgrounds.
    pub fn vectors(&self) -> Arc<SkillVectors> {
        self.vectors.clone()
    }

    /// The file's bytes.
    pub fn encode(&self, origin: Origin) -> Vec<u8> {
        let mut w = Writer::with_header(MAGIC, PREPARED_VERSION);
        w.u32(origin.embeddings);
        w.u64(origin.catalog_len);
        w.u32(origin.catalog_crc);
        let p = &self.phrases;
        w.str_bytes(p.blob.as_slice());
        w.le_u32s(&p.term_ends);
        w.le_u32s(&p.group_ends);
        w.le_u32s(&p.records);
        let v = &self.vectors;
        w.len(v.dim);
        w.u32s(&v.framework_starts);
        w.len(v.stored.len());
        for &stored in &v.stored {
            w.u8(u8::from(stored));
        }
        w.len(v.backgrounds.len());
        for &b in &v.backgrounds {
            w.f32(b);
        }
        w.u32s(&v.row_starts);
        w.len(v.rows.len());
        w.bytes.extend_from_slice(v.rows.as_slice());
        w.bytes
    }

    /// Read a file written by [`Prepared::encode`] for `catalog`, refusing one whose origin
    /// is not `expected` or whose tables do not fit the catalog.
    pub fn decode(
        bytes: OwnedBytes,
        expected: Origin,
        frameworks: &[FrameworkHead],
    ) -> Result<Prepared, DecodeError> {
        let mut r = Reader::with_header(bytes.as_slice(), MAGIC, PREPARED_VERSION)?;
        let origin = Origin { embeddings: r.u32()?, catalog_len: r.u64()?, catalog_crc: r.u32()? };
        if origin != expected {
            return Err(format!(
                "made from another catalog or embedding table ({origin:?}, this index has {expected:?})"
            ));
        }
        // Read in place: a sentence's lookups touch a few of the table's pages, not all.
        let blob = bytes.slice(r.str_range()?);
        let mut table = || r.u32s_range().map(|range| LeU32s::read(bytes.slice(range)));
        let (term_ends, group_ends, records) = (table()?, table()?, table()?);
        let skills = frameworks.iter().map(|f| f.skills).collect();
        let phrases = PhraseTable { blob, term_ends, group_ends, records, skills };
        phrases.check()?;
        let dim = r.len(0)?;
        let framework_starts = r.u32s()?;
        let stored = (0..r.len(1)?).map(|_| r.u8().map(|b| b == 1)).collect::<Result<Vec<_>, _>>()?;
        let backgrounds = (0..r.len(4)?).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        let row_starts = r.u32s()?;
        let rows_len = r.len(1)?;
        let rows_at = r.offset();
        r.take(rows_len)?;
        r.finished()?;
        let rows = bytes.slice(rows_at..rows_at + rows_len);
        let vectors = SkillVectors { dim, framework_starts, stored, backgrounds, row_starts, rows };
        vectors.check(frameworks)?;
        Ok(Prepared { phrases: Arc::new(phrases), vectors: Arc::new(vectors) })
    }
}

/// Every name and alias of two terms or more, analysed, grouped by first term.
///
/// The distinct terms are sorted in one string (`blob`, term `i` ending at `term_ends[i]`);
/// the phrases starting with term `i` are the records `group_ends[i - 1]..group_ends[i]` of
/// `records`, each `[framework, skill, n, term ids…]`, in catalog order.
///
/// Read from `prepared.bin`, the tables stay in the mapped file and every read is checked
/// where it is made: the open checks only that the tables fit together (their checksum in
/// the manifest already vouches for the bytes), and a record naming no skill of the catalog
/// is passed over.
#[derive(Debug)]
pub struct PhraseTable {
    blob: OwnedBytes,
    term_ends: LeU32s,
    group_ends: LeU32s,
    records: LeU32s,
    /// Skills per framework of the catalog.
    skills: Vec<usize>,
}

impl PhraseTable {
    /// Analyse every skill's name and aliases.
    pub fn of(catalog: &Catalog) -> PhraseTable {
        let skills: Vec<(Key, &crate::model::Skill)> = catalog
            .frameworks
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| f.skills.iter().enumerate().map(move |(si, s)| ((fi as u16, si as u32), s)))
            .collect();
        let phrases: Vec<(Key, Vec<String>)> = skills
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
        // Terms numbered as first met, then renumbered in sorted order.
        let mut seen: FastMap<&str, u32> = FastMap::default();
        let mut met: Vec<&str> = Vec::new();
        let mut coded: Vec<(u32, Key, Vec<u32>)> = Vec::with_capacity(phrases.len());
        for (key, terms) in &phrases {
            let ids: Vec<u32> = terms
                .iter()
                .map(|t| {
                    *seen.entry(t.as_str()).or_insert_with(|| {
                        met.push(t.as_str());
                        (met.len() - 1) as u32
                    })
                })
                .collect();
            coded.push((0, *key, ids));
        }
        let mut order: Vec<u32> = (0..met.len() as u32).collect();
        order.sort_unstable_by_key(|&i| met[i as usize]);
        let mut rank = vec![0u32; met.len()];
        for (sorted, &i) in order.iter().enumerate() {
            rank[i as usize] = sorted as u32;
        }
        for (first, _, ids) in &mut coded {
            ids.iter_mut().for_each(|id| *id = rank[*id as usize]);
            *first = ids[0];
        }
        let terms: Vec<&str> = order.iter().map(|&i| met[i as usize]).collect();
        // Stable: within a first term, phrases stay in catalog order.
        coded.sort_by_key(|(first, _, _)| *first);
        let (mut blob, mut term_ends) = (String::new(), Vec::with_capacity(terms.len()));
        for term in &terms {
            blob.push_str(term);
            term_ends.push(blob.len() as u32);
        }
        let (mut group_ends, mut records) = (Vec::with_capacity(terms.len()), Vec::new());
        let mut next = 0;
        for (first, (fi, si), ids) in coded {
            while next < first {
                group_ends.push(records.len() as u32);
                next += 1;
            }
            records.extend([u32::from(fi), si, ids.len() as u32]);
            records.extend(ids);
        }
        while group_ends.len() < terms.len() {
            group_ends.push(records.len() as u32);
        }
        PhraseTable {
            blob: OwnedBytes::new(blob.into_bytes()),
            term_ends: LeU32s::of(&term_ends),
            group_ends: LeU32s::of(&group_ends),
            records: LeU32s::of(&records),
            skills: catalog.frameworks.iter().map(|f| f.skills.len()).collect(),
        }
    }

    /// How many distinct terms the phrases have.
    pub fn terms(&self) -> usize {
        self.term_ends.len()
    }

    /// The UTF-8 of term `i`; empty where the table is damaged. Compared as bytes, since
    /// byte order is the order the terms were sorted in (`str`'s).
    fn term(&self, i: usize) -> &[u8] {
        let start = if i == 0 { Some(0) } else { self.term_ends.get(i - 1) };
        let (Some(start), Some(end)) = (start, self.term_ends.get(i)) else { return &[] };
        self.blob.as_slice().get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The id of `term`, when some phrase has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.terms());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(term.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The phrases whose first term has id `first`, each with its skill and its term ids.
    pub fn starting_with(&self, first: u32) -> impl Iterator<Item = (Key, LeU32Slice<'_>)> {
        let i = first as usize;
        let start = if i == 0 { 0 } else { self.group_ends.get(i - 1).unwrap_or(0) as usize };
        let end = self.group_ends.get(i).unwrap_or(0) as usize;
        let mut group = self.records.slice(start..end).unwrap_or_default();
        std::iter::from_fn(move || loop {
            let (fi, si, n) = (group.get(0)?, group.get(1)?, group.get(2)? as usize);
            let ids = group.skip(3).take(n)?;
            group = group.skip(3 + n);
            let known = self.skills.get(fi as usize).is_some_and(|&count| (si as usize) < count);
            if known {
                return Some(((fi as u16, si), ids));
            }
        })
    }

    /// Whether the tables fit together: one group per term, and the last offsets at the
    /// ends of the blob and the records.
    fn check(&self) -> Result<(), DecodeError> {
        let bad = |what: &str| Err(format!("phrase table: {what}"));
        if self.group_ends.len() != self.term_ends.len() {
            return bad("one group per term expected");
        }
        let last = |table: &LeU32s| if table.is_empty() { Some(0) } else { table.get(table.len() - 1) };
        if last(&self.term_ends).map(|e| e as usize) != Some(self.blob.len()) {
            return bad("the terms do not end where the term text does");
        }
        if last(&self.group_ends).map(|e| e as usize) != Some(self.records.len()) {
            return bad("the groups do not end where the records do");
        }
        Ok(())
    }
}

/// Each framework's background and, for the frameworks defined by level texts, each skill's
/// vectors (name and description, then each level), made with the shipped embedding table.
///
/// Skill `s` of framework `f` is global skill `g = framework_starts[f] + s`; its rows are
/// `row_starts[g]..row_starts[g + 1]`, each `dim` f32s in `rows` (none when `stored[f]` is
/// false).
#[derive(Debug)]
pub struct SkillVectors {
    dim: usize,
    framework_starts: Vec<u32>,
    stored: Vec<bool>,
    backgrounds: Vec<f32>,
    row_starts: Vec<u32>,
    rows: OwnedBytes,
}

impl SkillVectors {
    /// Measure each framework's background and embed the skills of the frameworks with
    /// level texts.
    pub fn of(catalog: &Catalog, model: &StaticModel) -> SkillVectors {
        let dim = model.dim();
        let mut framework_starts = Vec::with_capacity(catalog.frameworks.len());
        let mut row_starts = vec![0u32];
        let mut rows = Vec::new();
        let mut backgrounds = Vec::with_capacity(catalog.frameworks.len());
        let mut stored = Vec::with_capacity(catalog.frameworks.len());
        for framework in &catalog.frameworks {
            framework_starts.push((row_starts.len() - 1) as u32);
            let keep = FrameworkKind::of(framework) == FrameworkKind::Descriptive;
            stored.push(keep);
            let sample = background_sample(framework.skills.len());
            let vectors: Vec<Vec<Vec<f32>>> = if keep {
                framework.skills.par_iter().map(|s| skill_rows(model, s)).collect()
            } else {
                sample.par_iter().map(|&i| skill_rows(model, &framework.skills[i])).collect()
            };
            let sampled: Vec<&[Vec<f32>]> = if keep {
                sample.iter().map(|&i| vectors[i].as_slice()).collect()
            } else {
                vectors.iter().map(Vec::as_slice).collect()
            };
            backgrounds.push(framework_background(&sampled));
            if !keep {
                row_starts
                    .extend(std::iter::repeat_n(row_starts[row_starts.len() - 1], framework.skills.len()));
                continue;
            }
            for skill in &vectors {
                for row in skill {
                    rows.extend(row.iter().flat_map(|x| x.to_le_bytes()));
                }
                let last = row_starts[row_starts.len() - 1];
                row_starts.push(last + skill.len() as u32);
            }
        }
        SkillVectors { dim, framework_starts, stored, backgrounds, row_starts, rows: OwnedBytes::new(rows) }
    }

    /// The rows of skill `skill` of framework `framework`; `None` when it has no entry.
    pub fn rows(&self, framework: u16, skill: u32) -> Option<Vec<Vec<f32>>> {
        if !*self.stored.get(framework as usize)? {
            return None;
        }
        let g = *self.framework_starts.get(framework as usize)? as usize + skill as usize;
        let (start, end) = (*self.row_starts.get(g)? as usize, *self.row_starts.get(g + 1)? as usize);
        let width = self.dim * 4;
        let bytes = self.rows.as_slice().get(start * width..end * width)?;
        Some(
            bytes
                .chunks_exact(width)
                .map(|row| {
                    row.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
                })
                .collect(),
        )
    }

    /// The background cosine τ of framework `framework`.
    pub fn background(&self, framework: u16) -> Option<f32> {
        self.backgrounds.get(framework as usize).copied()
    }

    /// Numbers per row.
    pub fn dim(&self) -> usize {
        self.dim
    }

    fn check(&self, heads: &[FrameworkHead]) -> Result<(), DecodeError> {
        let bad = |what: &str| Err(format!("skill vectors: {what}"));
        let frameworks = heads.len();
        let per_framework = [self.framework_starts.len(), self.stored.len(), self.backgrounds.len()];
        if per_framework.iter().any(|&n| n != frameworks) {
            return bad("not one entry per framework of the catalog");
        }
        let mut expected = 0u32;
        for (start, framework) in self.framework_starts.iter().zip(heads) {
            if *start != expected {
                return bad("framework offsets do not follow the catalog");
            }
            expected += framework.skills as u32;
        }
        if self.row_starts.len() != expected as usize + 1 || self.row_starts.windows(2).any(|w| w[0] > w[1]) {
            return bad("row offsets do not fit the catalog's skills");
        }
        let rows = *self.row_starts.last().unwrap_or(&0) as usize;
        if rows.checked_mul(self.dim * 4) != Some(self.rows.len()) {
            return bad("the rows do not fill the table");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Framework, Skill};

    fn catalog() -> Catalog {
        let skill = |code: &str, name: &str, aliases: &[&str]| Skill {
            code: code.into(),
            name: name.into(),
            description: format!("{name} in practice."),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Skill::default()
        };
        Catalog {
            frameworks: vec![
                Framework {
                    id: "a".into(),
                    skills: vec![
                        skill("A1", "Delivery management", &["Service delivery management", "Delivery"]),
                        skill("A2", "Data engineering", &[]),
                    ],
                    ..Framework::default()
                },
                Framework {
                    id: "b".into(),
                    skills: vec![skill("B1", "Delivery planning", &[])],
                    ..Framework::default()
                },
            ],
        }
    }

    fn heads(catalog: &Catalog) -> Vec<FrameworkHead> {
        catalog.frameworks.iter().map(crate::model::Framework::head).collect()
    }

    fn origin() -> Origin {
        Origin { embeddings: 7, catalog_len: 100, catalog_crc: 42 }
    }

    #[test]
    fn the_file_round_trips_and_answers_as_the_computed_tables() {
        let catalog = catalog();
        let model = crate::semantic::shipped().expect("model");
        let prepared = Prepared::of(&catalog, model);
        let bytes = prepared.encode(origin());
        let read =
            Prepared::decode(OwnedBytes::new(bytes.clone()), origin(), &heads(&catalog)).expect("decode");
        assert_eq!(read.encode(origin()), bytes);
        let phrases = read.phrases();
        let delivery = phrases.term_id("deliveri").expect("an analysed first term");
        let keys: Vec<Key> = phrases.starting_with(delivery).map(|(k, _)| k).collect();
        assert_eq!(keys, vec![(0, 0), (1, 0)], "catalog order, one-term aliases left out");
        assert_eq!(phrases.term_id("nothing"), None);
        // A taxonomy's skills are embedded by the matcher; its background is stored.
        assert_eq!(read.vectors().rows(1, 0), None);
        let sample: Vec<Vec<Vec<f32>>> =
            catalog.frameworks[0].skills.iter().map(|s| skill_rows(model, s)).collect();
        let sample: Vec<&[Vec<f32>]> = sample.iter().map(Vec::as_slice).collect();
        assert_eq!(read.vectors().background(0), Some(framework_background(&sample)));
        // A framework with level texts has its skills' rows stored, exactly.
        let mut leveled = catalog.clone();
        leveled.frameworks[1].skills[0].levels = vec![crate::model::SkillLevel {
            level: 3,
            name: String::new(),
            description: "Plans deliveries.".into(),
        }];
        let prepared = Prepared::of(&leveled, model);
        let read = Prepared::decode(OwnedBytes::new(prepared.encode(origin())), origin(), &heads(&leveled))
            .expect("decode");
        let expected = skill_rows(model, &leveled.frameworks[1].skills[0]);
        assert_eq!(expected.len(), 2);
        assert_eq!(read.vectors().rows(1, 0), Some(expected));
        assert_eq!(read.vectors().rows(1, 1), None);
    }

    #[test]
    fn a_damaged_table_read_in_place_answers_nothing_wrong_and_never_panics() {
        let catalog = catalog();
        let table = PhraseTable::of(&catalog);
        let delivery = table.term_id("deliveri").expect("a term");
        // Records naming skills the catalog does not have are passed over.
        let fewer = PhraseTable { skills: vec![0, 1], ..PhraseTable::of(&catalog) };
        let keys: Vec<Key> = fewer.starting_with(delivery).map(|(k, _)| k).collect();
        assert_eq!(keys, vec![(1, 0)]);
        // Offsets pointing anywhere find no term and no phrase.
        let n = table.terms();
        let wild = PhraseTable {
            term_ends: LeU32s::of(&vec![u32::MAX; n]),
            group_ends: LeU32s::of(&vec![u32::MAX - 1; n]),
            ..PhraseTable::of(&catalog)
        };
        assert_eq!(wild.term_id("deliveri"), None);
        assert_eq!(wild.starting_with(delivery).count(), 0);
        assert!(wild.check().is_err(), "its ends do not fit the blob");
        // A record whose length runs past its group ends the group.
        let records: Vec<u32> = table.records.iter().collect();
        let mut long = records;
        long[2] = 1_000;
        let cut = PhraseTable { records: LeU32s::of(&long), ..PhraseTable::of(&catalog) };
        assert_eq!(table.starting_with(0).count(), 1, "data engineering");
        assert_eq!(cut.starting_with(0).count(), 0);
    }

    #[test]
    fn a_file_of_another_origin_or_catalog_or_a_damaged_one_is_refused() {
        let catalog = catalog();
        let prepared = Prepared::of(&catalog, crate::semantic::shipped().expect("model"));
        let bytes = prepared.encode(origin());
        let decode = |bytes: &[u8], origin: Origin, catalog: &Catalog| {
            Prepared::decode(OwnedBytes::new(bytes.to_vec()), origin, &heads(catalog)).map(|_| ())
        };
        let other = Origin { catalog_crc: 43, ..origin() };
        assert!(decode(&bytes, other, &catalog).unwrap_err().contains("another catalog"));
        let mut smaller = catalog.clone();
        smaller.frameworks.pop();
        assert!(decode(&bytes, origin(), &smaller).is_err());
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end], origin(), &catalog).is_err(), "truncated at {end}");
        }
    }
}
