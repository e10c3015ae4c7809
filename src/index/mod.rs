//! The index over every skill and every level description of the corpus's frameworks.
//!
//! The index folder is a cache (delete it any time) of immutable generations behind one
//! pointer file ([`layout`]). Each generation holds:
//! - `tantivy/`: the tantivy index ([`schema`]), analysed with the English [`analyzer`] and
//!   opened read-only ([`readonly`]);
//! - `catalog.bin`: the merged [`Catalog`] ([`catalog_file`]), so `show`, `list` and the
//!   matcher need not re-read the framework sources;
//! - `prepared.bin`: what the matcher derives from the catalog ([`prepared`]: analysed name
//!   phrases, skill vectors, framework backgrounds), computed once here instead of at every
//!   open;
//! - `skillmatch-stamp.json`: what it was built from ([`stamp`]), so a stale index is rebuilt;
//! - `manifest.json`: every file's checksum, verified on open, so a damaged index is rebuilt
//!   rather than trusted.
//!
//! Nothing else in the folder is touched: a user's own files there are left alone.

pub mod analyzer;
pub mod catalog_file;
pub mod codec;
pub mod layout;
pub mod prepared;
pub mod readonly;
pub mod schema;
pub mod stamp;

use crate::error::{IndexError, SourceError};
use crate::model::{Catalog, FrameworkHead, Skill};
use crate::source::{load_corpus, manifest, walk_files};
use analyzer::{english_analyzer, ANALYZER_NAME};
use layout::{BuildLock, Published};
use prepared::{Origin, Prepared, PREPARED_FILE, PREPARED_VERSION};
use readonly::ReadOnlyDirectory;
use schema::{build_schema, DocKey, Fields, SCHEMA_VERSION};
use stamp::{FileStamp, Stamp, STAMP_FILE};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::columnar::Column;
use tantivy::directory::Directory;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

const TANTIVY_DIR: &str = "tantivy";
use catalog_file::{OpenCatalog, CATALOG_FILE, CATALOG_VERSION};
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
    catalog: OpenCatalog,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The `key` fast-field column of each segment, by segment ordinal.
    keys: Vec<Column<u64>>,
    /// What the matcher needs from the catalog, computed at build.
    prepared: Prepared,
}

impl std::fmt::Debug for SkillIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillIndex").field("skills", &self.skill_count()).finish_non_exhaustive()
    }
}

impl SkillIndex {
    /// Build an index of `catalog` in memory (tests, benchmarks, one-off runs).
    pub fn build_in_ram(catalog: Catalog) -> Result<SkillIndex, IndexError> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        let path = PathBuf::from("<memory>");
        index.tokenizers().register(ANALYZER_NAME, english_analyzer());
        let (written, prepared) =
            rayon::join(|| write_documents(&index, &fields, &catalog, &path), || prepare(&catalog, &path));
        written?;
        SkillIndex::from_index(index, fields, OpenCatalog::owned(catalog), prepared?, &path)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        catalog: OpenCatalog,
        prepared: Prepared,
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
        Ok(SkillIndex { catalog, index, reader, fields, keys, prepared })
    }

    /// The frameworks indexed, every skill decoded: for the commands that go through all
    /// of them (`list`, `eval`). Matching asks for [`SkillIndex::frameworks`] and
    /// [`SkillIndex::skill`], which read only what they need.
    pub fn catalog(&self) -> &Catalog {
        self.catalog.whole()
    }

    /// Every framework's head (id, name, levels of responsibility, counts), in catalog order.
    pub fn frameworks(&self) -> &[FrameworkHead] {
        self.catalog.frameworks()
    }

    /// Skill `skill` of framework `framework` (positions in the catalog, as a [`DocKey`]
    /// has them), read on first use.
    pub fn skill(&self, framework: u16, skill: u32) -> &Skill {
        self.catalog.skill(framework, skill)
    }

    /// The position of the framework with this id (case-insensitive).
    pub fn framework_position(&self, id: &str) -> Option<usize> {
        self.catalog.position(id)
    }

    /// Total number of skills over all frameworks.
    pub fn skill_count(&self) -> usize {
        self.catalog.skill_count()
    }

    /// What the matcher needs from the catalog beyond the catalog itself (name phrases,
    /// skill vectors), computed at build.
    pub fn prepared(&self) -> &Prepared {
        &self.prepared
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

    /// Whether the index holds exactly the catalog's documents, each pointing at a skill
    /// (and level) the catalog has: what the checksums cannot tell, such as a catalog from
    /// another build. `Err` says what differs.
    fn check_against_catalog(&self) -> Result<(), String> {
        let expected: usize = self.frameworks().iter().map(|f| f.skills + f.level_descriptions).sum();
        let searcher = self.searcher();
        let mut found = 0usize;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let address = tantivy::DocAddress::new(ord as u32, doc);
                let Some(key) = self.doc_key(address) else {
                    return Err(format!("document {doc} of segment {ord} has no catalog key"));
                };
                if !self.catalog.has(key.framework, key.skill, key.level) {
                    return Err(format!("document {doc} of segment {ord} points at nothing in the catalog"));
                }
                found += 1;
            }
        }
        if found != expected {
            return Err(format!("the index has {found} documents, the catalog {expected}"));
        }
        Ok(())
    }

    /// Where a hit sits in the catalog.
    pub fn doc_key(&self, address: tantivy::DocAddress) -> Option<DocKey> {
        let column = self.keys.get(address.segment_ord as usize)?;
        column.first(address.doc_id).map(DocKey::unpack)
    }
}

/// How often a reader re-reads the pointer when the generation it named went away (a
/// builder replaced it meanwhile) before it treats the index as broken.
const OPEN_ATTEMPTS: usize = 4;

/// Open the index in `config.dir`, building or rebuilding it first when it is missing,
/// stale (corpus or analyzer changed) or damaged. Returns the build report when it built.
///
/// Readers take no lock and write nothing (see [`layout`]); only a rebuild needs the folder
/// to be writable, and where it is not the error says so.
pub fn open_or_build(config: &IndexConfig) -> Result<(SkillIndex, Option<BuildReport>), crate::Error> {
    let reason = match open_published(config)? {
        Ok(index) => return Ok((index, None)),
        Err(reason) => reason,
    };
    let lock = match BuildLock::acquire(&config.dir) {
        Ok(lock) => lock,
        Err(IndexError::Io { source, .. }) => {
            return Err(IndexError::CannotRebuild { path: config.dir.clone(), reason, source }.into())
        }
        Err(other) => return Err(other.into()),
    };
    // Another process may have built it while this one waited for the lock.
    if let Ok(index) = open_published(config)? {
        return Ok((index, None));
    }
    let corpus = resolve_corpus(config);
    let lost_its_record = config.corpus.is_none() && read_published_stamp(&config.dir).is_none();
    let built =
        current_stamp(&corpus).map_err(crate::Error::from).and_then(|stamp| build_locked(&lock, stamp));
    match built {
        Ok((index, mut report)) => {
            report.reason = reason;
            Ok((index, Some(report)))
        }
        // The user asked for nothing: say why the index was rebuilt from the default corpus.
        Err(err) if lost_its_record && reason != NO_INDEX_YET => {
            Err(IndexError::Rebuild { path: config.dir.clone(), reason, message: err.to_string() }.into())
        }
        Err(err) => Err(err),
    }
}

const NO_INDEX_YET: &str = "no index yet";

/// The published generation, opened and verified, or why it cannot be used as it is.
fn open_published(config: &IndexConfig) -> Result<Result<SkillIndex, String>, crate::Error> {
    let mut reason = String::new();
    for _ in 0..OPEN_ATTEMPTS {
        let generation = match layout::published(&config.dir) {
            Published::Generation(generation) => generation,
            Published::Nothing if layout::has_legacy_layout(&config.dir) => {
                return Ok(Err("the index was built by an older skillmatch".into()))
            }
            Published::Nothing => return Ok(Err(NO_INDEX_YET.into())),
            Published::Unreadable(why) => return Ok(Err(format!("the index pointer is unreadable: {why}"))),
        };
        reason = match read_stamp(&generation) {
            Some(stamp) => match staleness(config, &stamp)? {
                Some(stale) => return Ok(Err(stale)),
                None => match open_generation(&generation, None) {
                    Ok(index) => return Ok(Ok(index)),
                    Err(why) => format!("the index is damaged: {why}"),
                },
            },
            None => format!("the index has no valid stamp in {}", generation.display()),
        };
        // A builder may have replaced the generation between the pointer read and the open.
        match layout::published(&config.dir) {
            Published::Generation(now) if now != generation => continue,
            _ => break,
        }
    }
    Ok(Err(reason))
}

/// Why an index built from `stamp` does not answer for `config`, or `None` when it does.
fn staleness(config: &IndexConfig, stamp: &Stamp) -> Result<Option<String>, SourceError> {
    if stamp.analyzer != ANALYZER_NAME {
        return Ok(Some(format!("the analyzer changed ({} → {ANALYZER_NAME})", stamp.analyzer)));
    }
    if stamp.schema_version != SCHEMA_VERSION {
        return Ok(Some("the index schema changed".into()));
    }
    if stamp.formats != formats() {
        return Ok(Some("the index files' format changed".into()));
    }
    let corpus = match &config.corpus {
        Some(corpus) => absolute_all(corpus),
        // An index copied to a machine without its corpus (a cluster worker) is used as built.
        None if !stamp.corpus.iter().any(|p| p.exists()) => return Ok(None),
        None => stamp.corpus.clone(),
    };
    if corpus != stamp.corpus {
        return Ok(Some("the corpus paths changed".into()));
    }
    if current_stamp(&corpus)?.files != stamp.files {
        return Ok(Some("the corpus files changed".into()));
    }
    Ok(None)
}

/// Verify and open a published generation; `Err` says what is wrong with it. `built` is
/// the catalog and prepared data the builder has just written there: they are used as they
/// are rather than decoded again.
fn open_generation(generation: &Path, built: Option<(Catalog, Prepared)>) -> Result<SkillIndex, String> {
    let verified = layout::verify(generation)?;
    // The checksums make a panic inside tantivy unlikely; if one happens, it means "damaged".
    let built = std::panic::AssertUnwindSafe(built);
    let opened = std::panic::catch_unwind(move || {
        let built = built;
        open_verified(generation, &verified, built.0)
    });
    match opened {
        Ok(Ok(index)) => Ok(index),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err("reading it panicked".into()),
    }
}

/// The corpus an index in `config.dir` is (to be) built from: the one given, else the one
/// the existing index was built from, else the default. Paths are made absolute.
pub fn resolve_corpus(config: &IndexConfig) -> Vec<PathBuf> {
    match (&config.corpus, read_published_stamp(&config.dir)) {
        (Some(corpus), _) => absolute_all(corpus),
        (None, Some(stamp)) => stamp.corpus,
        (None, None) => absolute_all(&config.default_corpus),
    }
}

/// Build the index in `dir` from `corpus`, whatever is there now.
pub fn build(dir: &Path, corpus: &[PathBuf]) -> Result<(SkillIndex, BuildReport), crate::Error> {
    let corpus = absolute_all(corpus);
    let stamp = current_stamp(&corpus)?;
    let lock = BuildLock::acquire(dir)?;
    build_locked(&lock, stamp)
}

fn build_locked(lock: &BuildLock, stamp: Stamp) -> Result<(SkillIndex, BuildReport), crate::Error> {
    let started = Instant::now();
    let crate::source::LoadedCorpus { catalog, files, warnings } = load_corpus(&stamp.corpus)?;
    let staging = lock.staging()?;
    let root = staging.path().to_path_buf();
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let tantivy_dir = root.join(TANTIVY_DIR);
    std::fs::create_dir(&tantivy_dir).map_err(io_err(&tantivy_dir))?;
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(&tantivy_dir, schema)
        .map_err(|source| IndexError::Tantivy { path: tantivy_dir.clone(), source })?;
    index.tokenizers().register(ANALYZER_NAME, english_analyzer());
    // tantivy indexes on one thread (two would split the documents into segments in an
    // order that changes from run to run, and with it the order of tied hits); the phrase
    // analysis, the embedding and the catalog's encoding take the other core meanwhile.
    let (written, prepared) = rayon::join(
        || write_documents(&index, &fields, &catalog, &tantivy_dir),
        || write_catalog_files(&root, &catalog),
    );
    written?;
    let prepared = prepared?;
    drop(index);

    let stamp_path = root.join(STAMP_FILE);
    let stamp_json = serde_json::to_vec_pretty(&stamp)
        .map_err(|e| IndexError::Catalog { path: stamp_path.clone(), message: e.to_string() })?;
    layout::write_synced(&stamp_path, &stamp_json).map_err(io_err(&stamp_path))?;

    let generation = lock.publish(staging)?;
    let index = open_generation(&generation, Some((catalog, prepared)))
        .map_err(|message| IndexError::Damaged { path: generation.clone(), message })?;
    let report = BuildReport { reason: "requested".into(), files, warnings, elapsed: started.elapsed() };
    Ok((index, report))
}

fn open_verified(
    generation: &Path,
    verified: &layout::Verified,
    built: Option<(Catalog, Prepared)>,
) -> Result<SkillIndex, IndexError> {
    let tantivy_dir = generation.join(TANTIVY_DIR);
    let tantivy_err = |source| IndexError::Tantivy { path: tantivy_dir.clone(), source };
    let directory = ReadOnlyDirectory::open(&tantivy_dir).map_err(tantivy_err)?;
    let index = Index::open(directory).map_err(tantivy_err)?;
    let (catalog, prepared) = match built {
        Some((catalog, prepared)) => (OpenCatalog::owned(catalog), prepared),
        None => read_catalog_files(generation, verified)?,
    };
    let (schema, fields) = build_schema();
    if index.schema() != schema {
        return Err(IndexError::Catalog {
            path: tantivy_dir,
            message: "the index was built with another schema".into(),
        });
    }
    let opened = SkillIndex::from_index(index, fields, catalog, prepared, &tantivy_dir)?;
    let catalog_path = generation.join(CATALOG_FILE);
    opened.check_against_catalog().map_err(|message| IndexError::Catalog { path: catalog_path, message })?;
    Ok(opened)
}

/// Open `catalog.bin` and map `prepared.bin` of a verified generation; the prepared file
/// must come from this catalog (its size and checksum in the manifest) and this binary's
/// embedding table. Neither is read whole: a query reads the skills and vectors it meets.
fn read_catalog_files(
    generation: &Path,
    verified: &layout::Verified,
) -> Result<(OpenCatalog, Prepared), IndexError> {
    let root = ReadOnlyDirectory::open(generation)
        .map_err(|source| IndexError::Tantivy { path: generation.to_path_buf(), source })?;
    let map = |name: &str| -> Result<_, String> {
        root.open_read(Path::new(name)).map_err(|e| e.to_string())?.read_bytes().map_err(|e| e.to_string())
    };
    let catalog_path = generation.join(CATALOG_FILE);
    let catalog_err = |message| IndexError::Catalog { path: catalog_path.clone(), message };
    let (catalog_len, catalog_crc) = verified
        .checksum(CATALOG_FILE)
        .ok_or_else(|| catalog_err("the manifest does not list the catalog".into()))?;
    let file = std::fs::File::open(&catalog_path)
        .map_err(|source| IndexError::Io { path: catalog_path.clone(), source })?;
    let catalog = OpenCatalog::open(file, catalog_len).map_err(catalog_err)?;
    let prepared_path = generation.join(PREPARED_FILE);
    let prepared_err = |message| IndexError::Catalog { path: prepared_path.clone(), message };
    let origin = Origin { embeddings: crate::semantic::shipped_id(), catalog_len, catalog_crc };
    let mapped = map(PREPARED_FILE).map_err(prepared_err)?;
    let prepared = Prepared::decode(mapped, origin, catalog.frameworks()).map_err(prepared_err)?;
    Ok((catalog, prepared))
}

/// The versions of the files kept beside tantivy, and the embedding table the vectors of
/// `prepared.bin` are made with: the stamp records them, so any change rebuilds.
pub fn formats() -> String {
    format!(
        "catalog {CATALOG_VERSION}, prepared {PREPARED_VERSION}, embeddings {:08x}",
        crate::semantic::shipped_id()
    )
}

/// What the matcher needs from `catalog`, computed.
fn prepare(catalog: &Catalog, path: &Path) -> Result<Prepared, IndexError> {
    let model = crate::semantic::shipped()
        .map_err(|e| IndexError::Catalog { path: path.to_path_buf(), message: e.to_string() })?;
    Ok(Prepared::of(catalog, model))
}

/// Write `catalog.bin` and the `prepared.bin` derived from it into the generation `root`.
fn write_catalog_files(root: &Path, catalog: &Catalog) -> Result<Prepared, IndexError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let catalog_path = root.join(CATALOG_FILE);
    let (bytes, prepared) = rayon::join(|| catalog_file::encode(catalog), || prepare(catalog, &catalog_path));
    let prepared = prepared?;
    layout::write_synced(&catalog_path, &bytes).map_err(io_err(&catalog_path))?;
    let origin = Origin {
        embeddings: crate::semantic::shipped_id(),
        catalog_len: bytes.len() as u64,
        catalog_crc: crc32fast::hash(&bytes),
    };
    drop(bytes);
    let prepared_path = root.join(PREPARED_FILE);
    layout::write_synced(&prepared_path, &prepared.encode(origin)).map_err(io_err(&prepared_path))?;
    Ok(prepared)
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

/// The stamp in a generation folder (or, for the layout before generations, the index folder).
fn read_stamp(folder: &Path) -> Option<Stamp> {
    let bytes = std::fs::read(folder.join(STAMP_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The stamp of whatever `dir` holds: the published generation's, else an older layout's.
fn read_published_stamp(dir: &Path) -> Option<Stamp> {
    match layout::published(dir) {
        Published::Generation(generation) => read_stamp(&generation),
        _ => read_stamp(dir),
    }
}

fn current_stamp(corpus: &[PathBuf]) -> Result<Stamp, SourceError> {
    let mut files = Vec::new();
    for path in corpus {
        let meta =
            std::fs::metadata(path).map_err(|source| SourceError::Io { path: path.clone(), source })?;
        let paths = if meta.is_dir() { walk_files(path)? } else { vec![path.clone()] };
        for path in &paths {
            files.extend(FileStamp::of(path));
            // The tables a manifest names may sit outside the corpus paths: editing them
            // must rebuild the index too.
            files.extend(manifest_tables(path).iter().filter_map(|p| FileStamp::of(p)));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(Stamp {
        analyzer: ANALYZER_NAME.to_string(),
        schema_version: SCHEMA_VERSION,
        formats: formats(),
        corpus: corpus.to_vec(),
        files,
    })
}

/// The files a framework manifest at `path` reads (none when it is not a manifest).
fn manifest_tables(path: &Path) -> Vec<PathBuf> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let Some(bytes) = is_json.then(|| std::fs::read(path).ok()).flatten() else { return Vec::new() };
    match manifest::parse(path, &bytes) {
        Ok(parsed) => manifest::source_files(path, &parsed),
        Err(_) => Vec::new(),
    }
}

fn absolute_all(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect()
}
