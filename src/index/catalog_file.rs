//! `catalog.bin`: the merged [`Catalog`] of a generation in a binary form that an open reads
//! without decoding it: the length of a table, the table (every framework's head and where
//! each skill's record starts), then the records. [`OpenCatalog`] reads the table at open
//! and each skill's record the first time it is asked for, so a query against ESCO's 13,891
//! skills reads the few dozen it meets (decoding them all took most of a query's time and
//! memory). The records are read from the file, not mapped: a mapping brings in, and counts
//! against the process, the pages around every record it touches (most of ESCO's 8.8 MB
//! for one query).
//!
//! Strings are length-prefixed UTF-8, counts are u32, all little-endian ([`super::codec`]).
//! Every struct is destructured field by field on the way out, so a field added to the model
//! fails to compile here until it is stored, and the format version is bumped with it.

use std::borrow::Cow;
use std::fs::File;
use std::sync::OnceLock;

use tantivy::directory::OwnedBytes;

use super::codec::{DecodeError, Reader, Writer};
use crate::model::{Catalog, Framework, FrameworkHead, ResponsibilityLevel, Skill, SkillLevel};

/// The file's name in a generation.
pub const CATALOG_FILE: &str = "catalog.bin";
const MAGIC: &[u8; 8] = b"SKMCATLG";
/// Bumped whenever the encoding or the model changes.
pub const CATALOG_VERSION: u32 = 3;
/// Magic, version and the table's length.
const PREFIX: usize = 8 + 4 + 8;

/// The catalog as bytes: the table's length, the table (the heads, each with its skills'
/// record offsets relative to the records and their levels, then the records' length),
/// then the records.
pub fn encode(catalog: &Catalog) -> Vec<u8> {
    let mut w = Writer::default();
    let mut records = Writer::default();
    let Catalog { frameworks } = catalog;
    w.len(frameworks.len());
    for framework in frameworks {
        let Framework { id, name, attribution, skills, responsibility_levels } = framework;
        w.str(id);
        w.str(name);
        w.str(attribution);
        w.len(responsibility_levels.len());
        for ResponsibilityLevel { level, guiding_phrase, essence, attributes } in responsibility_levels {
            w.u8(*level);
            w.str(guiding_phrase);
            w.str(essence);
            w.len(attributes.len());
            for (name, text) in attributes {
                w.str(name);
                w.str(text);
            }
        }
        w.len(skills.len());
        for skill in skills {
            w.len(records.bytes.len());
            w.len(skill.levels.len());
            for level in &skill.levels {
                w.u8(level.level);
            }
            encode_skill(&mut records, skill);
        }
    }
    w.len(records.bytes.len());
    let mut file = Writer::with_header(MAGIC, CATALOG_VERSION);
    file.u64(w.bytes.len() as u64);
    file.bytes.reserve(w.bytes.len() + records.bytes.len());
    file.bytes.extend_from_slice(&w.bytes);
    file.bytes.extend_from_slice(&records.bytes);
    file.bytes
}

fn encode_skill(w: &mut Writer, skill: &Skill) {
    let Skill { code, name, category, subcategory, description, guidance, levels, aliases, url } = skill;
    for s in [code, name, category, subcategory, description, guidance] {
        w.str(s);
    }
    w.len(levels.len());
    for SkillLevel { level, name, description } in levels {
        w.u8(*level);
        w.str(name);
        w.str(description);
    }
    w.len(aliases.len());
    for alias in aliases {
        w.str(alias);
    }
    match url {
        Some(url) => {
            w.u8(1);
            w.str(url);
        }
        None => w.u8(0),
    }
}

/// The catalog back from [`encode`]'s bytes, every skill decoded (tests; an open index
/// uses [`OpenCatalog::read`]).
pub fn decode(bytes: &[u8]) -> Result<Catalog, DecodeError> {
    let (heads, mapped) = read_table(Source::Bytes(OwnedBytes::new(bytes.to_vec())))?;
    mapped.decode_all(&heads)
}

fn framework_of(head: &FrameworkHead, skills: Vec<Skill>) -> Framework {
    let FrameworkHead { id, name, attribution, responsibility_levels, .. } = head.clone();
    Framework { id, name, attribution, skills, responsibility_levels }
}

/// The catalog of an open index: every framework's head at once, each skill when it is
/// first asked for, the whole [`Catalog`] only for the commands that list everything.
pub struct OpenCatalog {
    heads: Vec<FrameworkHead>,
    store: Store,
}

enum Store {
    /// Built in this process: the catalog itself.
    Whole(Catalog),
    /// Read from `catalog.bin` as asked for.
    Mapped(Box<Mapped>),
}

/// The bytes of a `catalog.bin`.
enum Source {
    /// In memory.
    Bytes(OwnedBytes),
    /// In the file, `len` bytes long, read a record at a time.
    File { file: File, len: usize },
}

impl Source {
    fn len(&self) -> usize {
        match self {
            Source::Bytes(bytes) => bytes.len(),
            Source::File { len, .. } => *len,
        }
    }

    /// Bytes `start..start + len`, which the caller has checked lie within [`Source::len`].
    fn read(&self, start: usize, len: usize) -> Result<Cow<'_, [u8]>, DecodeError> {
        match self {
            Source::Bytes(bytes) => Ok(Cow::Borrowed(&bytes.as_slice()[start..start + len])),
            Source::File { file, .. } => {
                let mut buffer = vec![0u8; len];
                read_exact_at(file, &mut buffer, start as u64)
                    .map_err(|e| format!("cannot read {len} bytes at offset {start}: {e}"))?;
                Ok(Cow::Owned(buffer))
            }
        }
    }
}

/// Fill `buffer` from `file` at `offset`, leaving the file's cursor alone where the system
/// allows (several threads read one catalog).
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        let (mut done, mut at) = (0, offset);
        while done < buffer.len() {
            match std::os::windows::fs::FileExt::seek_read(file, &mut buffer[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => (done, at) = (done + n, at + n as u64),
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file.try_clone()?;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buffer)
    }
}

struct Mapped {
    source: Source,
    /// Where the records start in the file.
    base: usize,
    /// The records' length.
    records: usize,
    /// By framework: each skill's record start relative to `base`, and one more (its end).
    bounds: Vec<Vec<u32>>,
    /// By framework: the levels each skill defines, `levels[level_starts[s]..level_starts[s + 1]]`.
    level_starts: Vec<Vec<u32>>,
    levels: Vec<Vec<u8>>,
    decoded: Vec<Box<[OnceLock<Box<Skill>>]>>,
    whole: OnceLock<Catalog>,
}

impl std::fmt::Debug for OpenCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenCatalog").field("frameworks", &self.heads).finish_non_exhaustive()
    }
}

impl OpenCatalog {
    /// A catalog this process holds already (just built, or built in memory).
    pub fn owned(catalog: Catalog) -> OpenCatalog {
        OpenCatalog {
            heads: catalog.frameworks.iter().map(Framework::head).collect(),
            store: Store::Whole(catalog),
        }
    }

    /// Read the table of [`encode`]'s bytes, checking that every offset and count fits
    /// them; the records are decoded on demand.
    pub fn read(bytes: OwnedBytes) -> Result<OpenCatalog, DecodeError> {
        OpenCatalog::of(Source::Bytes(bytes))
    }

    /// Read the table of a `catalog.bin` of `len` bytes (as its manifest has it), checking
    /// that every offset and count fits; each record is read from the file on demand.
    pub fn open(file: File, len: u64) -> Result<OpenCatalog, DecodeError> {
        let actual = file.metadata().map_err(|e| format!("cannot read its size: {e}"))?.len();
        if actual != len {
            return Err(format!("{actual} bytes where the manifest has {len}"));
        }
        let len = usize::try_from(len).map_err(|_| format!("{len} bytes is too large"))?;
        OpenCatalog::of(Source::File { file, len })
    }

    fn of(source: Source) -> Result<OpenCatalog, DecodeError> {
        let (heads, mapped) = read_table(source)?;
        Ok(OpenCatalog { heads, store: Store::Mapped(Box::new(mapped)) })
    }

    /// Every framework's head, in catalog order.
    pub fn frameworks(&self) -> &[FrameworkHead] {
        &self.heads
    }

    /// The position of the framework with this id (case-insensitive).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.heads.iter().position(|f| f.id.eq_ignore_ascii_case(id))
    }

    /// Total number of skills over all frameworks.
    pub fn skill_count(&self) -> usize {
        self.heads.iter().map(|f| f.skills).sum()
    }

    /// Skill `skill` of framework `framework`, decoded on first use.
    ///
    /// # Panics
    /// When the position is out of range, as indexing would; or when the record cannot be
    /// read or does not decode, which a file that passed its checksum at open cannot do
    /// unless the disk fails or this build wrote it wrongly.
    pub fn skill(&self, framework: u16, skill: u32) -> &Skill {
        let (f, s) = (usize::from(framework), skill as usize);
        match &self.store {
            Store::Whole(catalog) => &catalog.frameworks[f].skills[s],
            Store::Mapped(m) => {
                m.decoded[f][s].get_or_init(|| Box::new(m.decode_skill(f, s).unwrap_or_else(|e| damaged(e))))
            }
        }
    }

    /// Whether skill `skill` of framework `framework` exists and, for `level` > 0, defines
    /// that level.
    pub fn has(&self, framework: u16, skill: u32, level: u8) -> bool {
        let (f, s) = (usize::from(framework), skill as usize);
        if self.heads.get(f).is_none_or(|h| s >= h.skills) {
            return false;
        }
        level == 0
            || match &self.store {
                Store::Whole(catalog) => {
                    catalog.frameworks[f].skills[s].levels.iter().any(|l| l.level == level)
                }
                Store::Mapped(m) => {
                    let range = m.level_starts[f][s] as usize..m.level_starts[f][s + 1] as usize;
                    m.levels[f][range].contains(&level)
                }
            }
    }

    /// The whole catalog, every skill decoded (once; `list`, `eval` and the like need it).
    pub fn whole(&self) -> &Catalog {
        match &self.store {
            Store::Whole(catalog) => catalog,
            Store::Mapped(m) => {
                m.whole.get_or_init(|| m.decode_all(&self.heads).unwrap_or_else(|e| damaged(e)))
            }
        }
    }
}

impl Mapped {
    /// Skill `s` of framework `f`, decoded.
    fn decode_skill(&self, f: usize, s: usize) -> Result<Skill, DecodeError> {
        let (start, end) = (self.bounds[f][s] as usize, self.bounds[f][s + 1] as usize);
        let bytes = self.source.read(self.base + start, end - start)?;
        decode_record(&bytes, self.base + start)
    }

    /// Every skill decoded afresh (not through the per-skill cache, so none is held twice),
    /// from one read of all the records.
    fn decode_all(&self, heads: &[FrameworkHead]) -> Result<Catalog, DecodeError> {
        let records = self.source.read(self.base, self.records)?;
        let frameworks = heads
            .iter()
            .enumerate()
            .map(|(f, head)| {
                let skills = (0..head.skills)
                    .map(|s| {
                        let (start, end) = (self.bounds[f][s] as usize, self.bounds[f][s + 1] as usize);
                        decode_record(&records[start..end], self.base + start)
                    })
                    .collect::<Result<_, _>>()?;
                Ok(framework_of(head, skills))
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        Ok(Catalog { frameworks })
    }
}

/// One skill's record, which starts at byte `at` of the file.
fn decode_record(bytes: &[u8], at: usize) -> Result<Skill, DecodeError> {
    let mut r = Reader::new(bytes);
    let skill = skill(&mut r).map_err(|e| format!("{e} (in the record at offset {at})"))?;
    r.finished().map_err(|e| format!("{e} (in the record at offset {at})"))?;
    Ok(skill)
}

/// What [`OpenCatalog::skill`] and [`OpenCatalog::whole`] do with a record that does not
/// decode after its file passed the checksum: only a wrong write by this build gets here.
fn damaged(message: DecodeError) -> ! {
    panic!("{CATALOG_FILE}: {message}")
}

/// The heads and record table of [`encode`]'s bytes, every offset and count checked
/// against them; the records stay undecoded.
fn read_table(source: Source) -> Result<(Vec<FrameworkHead>, Mapped), DecodeError> {
    let size = source.len();
    let prefix = source.read(0, PREFIX.min(size))?;
    let mut r = Reader::with_header(&prefix, MAGIC, CATALOG_VERSION)?;
    let table_len = r.u64()?;
    let table_len = usize::try_from(table_len).ok().filter(|&n| n <= size - PREFIX).ok_or_else(|| {
        format!("a table of {table_len} bytes at offset {PREFIX} does not fit in {size} bytes")
    })?;
    let table = source.read(PREFIX, table_len)?;
    let mut r = Reader::new(&table);
    let mut heads = Vec::new();
    let (mut starts, mut level_starts, mut levels) = (Vec::new(), Vec::new(), Vec::new());
    // The smallest framework head, responsibility level or skill entry takes this many
    // bytes: counts are checked against what is left before anything is allocated.
    for _ in 0..r.len(16)? {
        let (id, name, attribution) = (r.string()?, r.string()?, r.string()?);
        let responsibility_levels = (0..r.len(13)?)
            .map(|_| {
                let (level, guiding_phrase, essence) = (r.u8()?, r.string()?, r.string()?);
                let attributes =
                    (0..r.len(8)?)
                        .map(|_| Ok((r.string()?, r.string()?)))
                        .collect::<Result<Vec<_>, DecodeError>>()?;
                Ok(ResponsibilityLevel { level, guiding_phrase, essence, attributes })
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        let skills = r.len(8)?;
        let (mut own_starts, mut own_level_starts, mut own_levels) =
            (Vec::with_capacity(skills + 1), Vec::with_capacity(skills + 1), Vec::new());
        own_level_starts.push(0);
        for _ in 0..skills {
            own_starts.push(r.u32()?);
            let n = r.len(1)?;
            own_levels.extend_from_slice(r.take(n)?);
            own_level_starts.push(own_levels.len() as u32);
        }
        heads.push(FrameworkHead {
            id,
            name,
            attribution,
            responsibility_levels,
            skills,
            level_descriptions: own_levels.len(),
        });
        starts.push(own_starts);
        level_starts.push(own_level_starts);
        levels.push(own_levels);
    }
    let records = r.u32()? as usize;
    r.finished().map_err(|e| format!("{e} (in the table at offset {PREFIX})"))?;
    let base = PREFIX + table_len;
    if base + records != size {
        return Err(match (base + records).cmp(&size) {
            std::cmp::Ordering::Less => {
                format!("{} unexpected bytes after the records", size - base - records)
            }
            _ => format!("{records} bytes of records at offset {base} do not fit in {size} bytes"),
        });
    }
    // Each record ends where the next one (in any later framework) starts.
    let mut next = records as u32;
    for own in starts.iter_mut().rev() {
        own.push(next);
        if own.windows(2).any(|w| w[0] > w[1]) {
            return Err(format!("skill record offsets out of order or past the {records} bytes of records"));
        }
        next = own[0];
    }
    let decoded = heads.iter().map(|h| (0..h.skills).map(|_| OnceLock::new()).collect()).collect();
    let mapped = Mapped {
        source,
        base,
        records,
        bounds: starts,
        level_starts,
        levels,
        decoded,
        whole: OnceLock::new(),
    };
    Ok((heads, mapped))
}

fn skill(r: &mut Reader<'_>) -> Result<Skill, DecodeError> {
    let (code, name, category) = (r.string()?, r.string()?, r.string()?);
    let (subcategory, description, guidance) = (r.string()?, r.string()?, r.string()?);
    let levels = (0..r.len(9)?)
        .map(|_| Ok(SkillLevel { level: r.u8()?, name: r.string()?, description: r.string()? }))
        .collect::<Result<Vec<_>, DecodeError>>()?;
    let aliases = (0..r.len(4)?).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
    let url = match r.u8()? {
        0 => None,
        1 => Some(r.string()?),
        other => return Err(format!("bad url marker {other} at offset {}", r.offset() - 1)),
    };
    Ok(Skill { code, name, category, subcategory, description, guidance, levels, aliases, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let skill = Skill {
            code: "ITMG".into(),
            name: "Technology service management".into(),
            category: "Delivery".into(),
            subcategory: "Services".into(),
            description: "Managing the provision of technology-based services.".into(),
            guidance: "Activities may include…".into(),
            levels: vec![SkillLevel {
                level: 4,
                name: "Enable".into(),
                description: "Manages é services.".into(),
            }],
            aliases: vec!["IT service management".into()],
            url: Some("https://example.org/itmg".into()),
        };
        let level = ResponsibilityLevel {
            level: 3,
            guiding_phrase: "Apply".into(),
            essence: "Performs varied work".into(),
            attributes: vec![("Autonomy".into(), "Works under general direction".into())],
        };
        Catalog {
            frameworks: vec![
                Framework {
                    id: "sfia-9".into(),
                    name: "SFIA 9".into(),
                    attribution: String::new(),
                    skills: vec![skill, Skill { code: "X".into(), ..Skill::default() }],
                    responsibility_levels: vec![level],
                },
                Framework { id: "empty".into(), ..Framework::default() },
            ],
        }
    }

    #[test]
    fn a_catalog_round_trips_and_a_damaged_one_is_refused() {
        let catalog = catalog();
        let bytes = encode(&catalog);
        assert_eq!(decode(&bytes), Ok(catalog));
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end]).is_err(), "truncated at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("unexpected bytes"));
    }

    #[test]
    fn an_open_catalog_reads_each_skill_on_demand_as_the_whole_one_has_it() {
        let catalog = catalog();
        let open = OpenCatalog::read(OwnedBytes::new(encode(&catalog))).expect("read");
        let heads: Vec<FrameworkHead> = catalog.frameworks.iter().map(Framework::head).collect();
        assert_eq!(open.frameworks(), heads.as_slice());
        assert_eq!((open.skill_count(), open.position("SFIA-9"), open.position("nope")), (2, Some(0), None));
        // Out of order: the second skill first, as a query meets them.
        assert_eq!(open.skill(0, 1), &catalog.frameworks[0].skills[1]);
        assert_eq!(open.skill(0, 0), &catalog.frameworks[0].skills[0]);
        assert!(open.has(0, 0, 0) && open.has(0, 0, 4) && open.has(0, 1, 0));
        assert!(!open.has(0, 0, 3) && !open.has(0, 1, 4) && !open.has(0, 2, 0) && !open.has(1, 0, 0));
        assert_eq!(open.whole(), &catalog);
        let owned = OpenCatalog::owned(catalog.clone());
        assert_eq!(
            (owned.frameworks(), owned.skill(0, 0)),
            (heads.as_slice(), &catalog.frameworks[0].skills[0])
        );
        assert!(owned.has(0, 0, 4) && !owned.has(0, 0, 3));
    }

    #[test]
    fn a_catalog_file_is_read_record_by_record_as_the_bytes_are() {
        let catalog = catalog();
        let bytes = encode(&catalog);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CATALOG_FILE);
        std::fs::write(&path, &bytes).expect("write");
        let file = |p: &std::path::Path| File::open(p).expect("open");
        let open = OpenCatalog::open(file(&path), bytes.len() as u64).expect("open catalog");
        assert_eq!(open.skill(0, 1), &catalog.frameworks[0].skills[1]);
        assert_eq!(open.whole(), &catalog);
        // A length other than the file's (the manifest's, of another file) is refused.
        for len in [bytes.len() as u64 - 1, bytes.len() as u64 + 1, 3] {
            assert!(OpenCatalog::open(file(&path), len).is_err(), "length {len}");
        }
    }

    #[test]
    fn record_offsets_out_of_order_are_refused_at_open() {
        let bytes = encode(&catalog());
        // The first skill's entry: record offset 0, one level, level 4; the second's follows.
        let entry = [0u8, 0, 0, 0, 1, 0, 0, 0, 4];
        let second = bytes.windows(entry.len()).position(|w| w == entry).expect("first entry") + entry.len();
        let mut swapped = bytes.clone();
        swapped[second..second + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(OpenCatalog::read(OwnedBytes::new(swapped)).unwrap_err().contains("out of order"));
    }
}
