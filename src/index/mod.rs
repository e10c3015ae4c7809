//! The index over every skill and every level description of the corpus's frameworks.
//!
//! Layout of the index directory (a cache: delete it any time):
//! - `tantivy/`: the tantivy index ([`schema`]), analysed with the English [`analyzer`];
//! - `catalog.json`: the merged [`Catalog`], so `show`, `list` and the matcher need not
//!   re-read the framework sources;
//! - `skillmatch-stamp.json`: what it was built from ([`stamp`]), written last, so an index
//!   without a matching stamp is rebuilt rather than trusted.
//!
//! Nothing else in the directory is touched: a user's own files there are left alone.

pub mod analyzer;
pub mod schema;
pub mod stamp;

use crate::error::{IndexError, SourceError};
use crate::model::Catalog;
use crate::source::{load_corpus, walk_files};
use analyzer::{english_analyzer, ANALYZER_NAME};
use schema::{build_schema, DocKey, Fields, SCHEMA_VERSION};
use stamp::{FileStamp, Stamp, STAMP_FILE};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::columnar::Column;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

const TANTIVY_DIR: &str = "tantivy";
const CATALOG_FILE: &str = "catalog.json";
/// Memory for the single indexing thread; tantivy's minimum is 15 MB.
const WRITER_MEMORY: usize = 50_000_000;

/// Where the index lives and what it is built from.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index directory.
    pub dir: PathBuf,
    /// Corpus paths (files or folders). `None`: whatever the existing index was built from,
    /// or `default_corpus` when there is no index yet.
    pub corpus: Option<Vec<PathBuf>>,
    /// The corpus used when none is given and no index exists.
    pub default_corpus: Vec<PathBuf>,
}

/// What a (re)build did, for the user.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Why the index was built ("no index yet", "the corpus changed", …).
    pub reason: String,
    /// Source files read.
    pub files: Vec<PathBuf>,
    /// Files skipped and other non-fatal problems.
    pub warnings: Vec<String>,
    /// Time taken.
    pub elapsed: Duration,
}

/// An open index with its catalog.
pub struct SkillIndex {
    catalog: Catalog,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The `key` fast-field column of each segment, by segment ordinal.
    keys: Vec<Column<u64>>,
}

impl std::fmt::Debug for SkillIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillIndex").field("skills", &self.catalog.skill_count()).finish_non_exhaustive()
    }
}

impl SkillIndex {
    /// Build an index of `catalog` in memory (tests, benchmarks, one-off runs).
    pub fn build_in_ram(catalog: Catalog) -> Result<SkillIndex, IndexError> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        let path = PathBuf::from("<memory>");
        index.tokenizers().register(ANALYZER_NAME, english_analyzer());
        write_documents(&index, &fields, &catalog, &path)?;
        SkillIndex::from_index(index, fields, catalog, &path)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        catalog: Catalog,
        path: &Path,
    ) -> Result<SkillIndex, IndexError> {
        let tantivy_err = |source| IndexError::Tantivy { path: path.to_path_buf(), source };
        index.tokenizers().register(ANALYZER_NAME, english_analyzer());
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(tantivy_err)?;
        let searcher = reader.searcher();
        let mut keys = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            keys.push(segment.fast_fields().u64("key").map_err(tantivy_err)?);
        }
        Ok(SkillIndex { catalog, index, reader, fields, keys })
    }

    /// The frameworks indexed.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A searcher over the index.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Where a hit sits in the catalog.
    pub fn doc_key(&self, address: tantivy::DocAddress) -> Option<DocKey> {
        let column = self.keys.get(address.segment_ord as usize)?;
        column.first(address.doc_id).map(DocKey::unpack)
    }
}

/// Open the index in `config.dir`, building or rebuilding it first when it is missing,
/// stale (corpus or analyzer changed) or unreadable. Returns the build report when it built.
pub fn open_or_build(config: &IndexConfig) -> Result<(SkillIndex, Option<BuildReport>), crate::Error> {
    let existing = read_stamp(&config.dir);
    let wanted = current_stamp(&resolve_corpus(config))?;
    let reason = match existing {
        None if config.dir.join(TANTIVY_DIR).exists() => "the index has no valid stamp".to_string(),
        None => "no index yet".to_string(),
        Some(stamp) if stamp.analyzer != wanted.analyzer => {
            format!("the analyzer changed ({} → {})", stamp.analyzer, wanted.analyzer)
        }
        Some(stamp) if stamp.schema_version != wanted.schema_version => "the index schema changed".into(),
        Some(stamp) if stamp.corpus != wanted.corpus => "the corpus paths changed".into(),
        Some(stamp) if stamp.files != wanted.files => "the corpus files changed".into(),
        Some(_) => match open_existing(&config.dir) {
            Ok(index) => return Ok((index, None)),
            Err(err) => format!("the index could not be opened ({err})"),
        },
    };
    let (index, mut report) = build_with_stamp(&config.dir, wanted)?;
    report.reason = reason;
    Ok((index, Some(report)))
}

/// The corpus an index in `config.dir` is (to be) built from: the one given, else the one
/// the existing index was built from, else the default. Paths are made absolute.
pub fn resolve_corpus(config: &IndexConfig) -> Vec<PathBuf> {
    match (&config.corpus, read_stamp(&config.dir)) {
        (Some(corpus), _) => absolute_all(corpus),
        (None, Some(stamp)) => stamp.corpus,
        (None, None) => absolute_all(&config.default_corpus),
    }
}

/// Build the index in `dir` from `corpus`, whatever is there now.
pub fn build(dir: &Path, corpus: &[PathBuf]) -> Result<(SkillIndex, BuildReport), crate::Error> {
    let corpus = absolute_all(corpus);
    let stamp = current_stamp(&corpus)?;
    build_with_stamp(dir, stamp)
}

fn build_with_stamp(dir: &Path, stamp: Stamp) -> Result<(SkillIndex, BuildReport), crate::Error> {
    let started = Instant::now();
    let loaded = load_corpus(&stamp.corpus)?;
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    // The stamp goes first so an interrupted build is never mistaken for a good one.
    remove_if_exists(&dir.join(STAMP_FILE))?;
    let final_dir = dir.join(TANTIVY_DIR);
    let temp_dir = dir.join(format!("{TANTIVY_DIR}.tmp-{}", std::process::id()));
    remove_if_exists(&temp_dir)?;
    std::fs::create_dir_all(&temp_dir).map_err(io_err(&temp_dir))?;

    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(&temp_dir, schema)
        .map_err(|source| IndexError::Tantivy { path: temp_dir.clone(), source })?;
    index.tokenizers().register(ANALYZER_NAME, english_analyzer());
    write_documents(&index, &fields, &loaded.catalog, &temp_dir)?;
    drop(index);
    remove_if_exists(&final_dir)?;
    std::fs::rename(&temp_dir, &final_dir).map_err(io_err(&final_dir))?;

    let catalog_path = dir.join(CATALOG_FILE);
    let catalog_json = serde_json::to_vec(&loaded.catalog)
        .map_err(|e| IndexError::Catalog { path: catalog_path.clone(), message: e.to_string() })?;
    std::fs::write(&catalog_path, catalog_json).map_err(io_err(&catalog_path))?;
    let stamp_path = dir.join(STAMP_FILE);
    let stamp_json = serde_json::to_vec_pretty(&stamp)
        .map_err(|e| IndexError::Catalog { path: stamp_path.clone(), message: e.to_string() })?;
    std::fs::write(&stamp_path, stamp_json).map_err(io_err(&stamp_path))?;

    let index = open_existing(dir)?;
    let report = BuildReport {
        reason: "requested".into(),
        files: loaded.files,
        warnings: loaded.warnings,
        elapsed: started.elapsed(),
    };
    Ok((index, report))
}

fn open_existing(dir: &Path) -> Result<SkillIndex, IndexError> {
    let tantivy_dir = dir.join(TANTIVY_DIR);
    let index = Index::open_in_dir(&tantivy_dir)
        .map_err(|source| IndexError::Tantivy { path: tantivy_dir.clone(), source })?;
    let catalog_path = dir.join(CATALOG_FILE);
    let bytes = std::fs::read(&catalog_path)
        .map_err(|source| IndexError::Io { path: catalog_path.clone(), source })?;
    let catalog: Catalog = serde_json::from_slice(&bytes)
        .map_err(|e| IndexError::Catalog { path: catalog_path.clone(), message: e.to_string() })?;
    let (schema, fields) = build_schema();
    if index.schema() != schema {
        return Err(IndexError::Catalog {
            path: tantivy_dir,
            message: "the index was built with another schema".into(),
        });
    }
    SkillIndex::from_index(index, fields, catalog, &tantivy_dir)
}

/// One document per skill and one per (skill, level).
fn write_documents(index: &Index, fields: &Fields, catalog: &Catalog, path: &Path) -> Result<(), IndexError> {
    let tantivy_err = |source| IndexError::Tantivy { path: path.to_path_buf(), source };
    let mut writer = index.writer_with_num_threads(1, WRITER_MEMORY).map_err(tantivy_err)?;
    let [name, aliases, description, guidance, level_text] = fields.text;
    for (fi, framework) in catalog.frameworks.iter().enumerate() {
        for (si, skill) in framework.skills.iter().enumerate() {
            let key = |level: u8| DocKey { framework: fi as u16, skill: si as u32, level }.pack();
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.framework, &framework.id);
            doc.add_u64(fields.key, key(0));
            doc.add_text(name, &skill.name);
            for alias in &skill.aliases {
                doc.add_text(aliases, alias);
            }
            doc.add_text(description, &skill.description);
            doc.add_text(guidance, &skill.guidance);
            writer.add_document(doc).map_err(tantivy_err)?;
            for level in &skill.levels {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.framework, &framework.id);
                doc.add_u64(fields.key, key(level.level));
                doc.add_text(level_text, &level.description);
                writer.add_document(doc).map_err(tantivy_err)?;
            }
        }
    }
    writer.commit().map_err(tantivy_err)?;
    writer.wait_merging_threads().map_err(tantivy_err)?;
    Ok(())
}

fn read_stamp(dir: &Path) -> Option<Stamp> {
    let bytes = std::fs::read(dir.join(STAMP_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn current_stamp(corpus: &[PathBuf]) -> Result<Stamp, SourceError> {
    let mut files = Vec::new();
    for path in corpus {
        let meta =
            std::fs::metadata(path).map_err(|source| SourceError::Io { path: path.clone(), source })?;
        let paths = if meta.is_dir() { walk_files(path)? } else { vec![path.clone()] };
        files.extend(paths.iter().filter_map(|p| FileStamp::of(p)));
    }
    Ok(Stamp {
        analyzer: ANALYZER_NAME.to_string(),
        schema_version: SCHEMA_VERSION,
        corpus: corpus.to_vec(),
        files,
    })
}

fn absolute_all(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect()
}

fn remove_if_exists(path: &Path) -> Result<(), IndexError> {
    let result = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(IndexError::Io { path: path.to_path_buf(), source: e })
        }
        _ => Ok(()),
    }
}
