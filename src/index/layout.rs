//! The index folder on disk: immutable generations behind one pointer file.
//!
//! ```text
//! DIR/
//!   skillmatch-current          the name of the published generation ("gen-…"), one line
//!   gen-<time>-<pid>/           a published generation, never changed once published:
//!     tantivy/                    the tantivy index
//!     catalog.bin                 the merged catalog
//!     prepared.bin                what the matcher derives from it (name phrases, vectors)
//!     skillmatch-stamp.json       what it was built from
//!     manifest.json               size and CRC-32 of every file above, written last
//!   .build-<time>-<pid>/        a generation being built (removed if the build fails)
//!   .skillmatch-build.lock      held by the one process that builds
//! ```
//!
//! Why this shape:
//! - **Readers take no lock and write nothing**, so a read-only mount, or an index owned by
//!   another user, works. They read the pointer and open the generation it names.
//! - **Builders hold an exclusive lock** on `.skillmatch-build.lock`, build into a `.build-`
//!   folder, rename it to `gen-…` and then replace the pointer by an atomic rename. A reader
//!   therefore sees the old generation or the new one, never a half-built one, and N
//!   processes starting on an empty folder build once.
//! - **Old generations are removed by the next builder.** A reader that read the pointer just
//!   before may find its generation gone; it reads the pointer again and retries (see
//!   [`super::open_or_build`]). On Unix a generation already opened (mmapped) stays readable
//!   after removal.
//! - **Every file is checksummed** in `manifest.json` and verified on open, so random bytes
//!   or an edited `meta.json` mean "rebuild", never a panic deep in tantivy or a wrong answer.

use crate::error::IndexError;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The pointer file naming the published generation.
pub const POINTER_FILE: &str = "skillmatch-current";
/// The lock file builders hold.
pub const LOCK_FILE: &str = ".skillmatch-build.lock";
/// The checksums of a generation's files.
pub const MANIFEST_FILE: &str = "manifest.json";
const GENERATION_PREFIX: &str = "gen-";
const BUILD_PREFIX: &str = ".build-";
const MANIFEST_VERSION: u32 = 1;
/// Entries of the layout before generations (skillmatch ≤ 0.1): removed by the next build.
const LEGACY_ENTRIES: [&str; 3] = ["tantivy", "catalog.json", "skillmatch-stamp.json"];

/// What the pointer file says.
#[derive(Debug)]
pub enum Published {
    /// No pointer: nothing was ever published here.
    Nothing,
    /// The generation folder the pointer names (it may since have been removed).
    Generation(PathBuf),
    /// The pointer exists but cannot be used; why.
    Unreadable(String),
}

/// Read the pointer of the index folder `dir`.
pub fn published(dir: &Path) -> Published {
    let path = dir.join(POINTER_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Published::Nothing,
        Err(e) => return Published::Unreadable(format!("{}: {e}", path.display())),
    };
    let name = String::from_utf8_lossy(&bytes).trim().to_string();
    // The pointer names a folder beside it, never a path elsewhere.
    let valid = name.starts_with(GENERATION_PREFIX)
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Published::Generation(dir.join(name))
    } else {
        Published::Unreadable(format!("{}: not a generation name", path.display()))
    }
}

/// Whether the folder holds the layout from before generations.
pub fn has_legacy_layout(dir: &Path) -> bool {
    dir.join(LEGACY_ENTRIES[2]).exists() || dir.join(LEGACY_ENTRIES[0]).is_dir()
}

/// The exclusive lock a builder holds while it builds and publishes.
#[derive(Debug)]
pub struct BuildLock {
    dir: PathBuf,
    _file: File,
}

impl BuildLock {
    /// Take the lock on `dir`, creating the folder when needed; waits for another builder.
    ///
    /// Fails with [`IndexError::Io`] when the folder cannot be written (read-only mount,
    /// another user's folder): the caller turns that into "cannot rebuild here".
    pub fn acquire(dir: &Path) -> Result<BuildLock, IndexError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| IndexError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err(&path))?;
        file.lock().map_err(io_err(&path))?;
        Ok(BuildLock { dir: dir.to_path_buf(), _file: file })
    }

    /// A fresh folder to build a generation in. It is removed when dropped unpublished.
    pub fn staging(&self) -> Result<Staging, IndexError> {
        let path = self.dir.join(format!("{BUILD_PREFIX}{}", unique_suffix()));
        std::fs::create_dir(&path).map_err(|source| IndexError::Io { path: path.clone(), source })?;
        Ok(Staging { path: Some(path) })
    }

    /// Publish `staging` as the current generation and remove every other generation, any
    /// abandoned build and the legacy layout. Returns the published folder.
    pub fn publish(&self, mut staging: Staging) -> Result<PathBuf, IndexError> {
        let Some(built) = staging.path.take() else {
            return Err(IndexError::Catalog { path: self.dir.clone(), message: "nothing to publish".into() });
        };
        let result = self.publish_folder(&built);
        if result.is_err() {
            remove_tree(&built);
        }
        result
    }

    fn publish_folder(&self, built: &Path) -> Result<PathBuf, IndexError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| IndexError::Io { path, source }
        };
        readable_by_all_who_may_list(built).map_err(io_err(built))?;
        write_manifest(built)?;
        let name = format!("{GENERATION_PREFIX}{}", unique_suffix());
        let generation = self.dir.join(&name);
        std::fs::rename(built, &generation).map_err(io_err(&generation))?;
        let pointer = self.dir.join(POINTER_FILE);
        let temp = self.dir.join(format!("{BUILD_PREFIX}{POINTER_FILE}"));
        write_synced(&temp, format!("{name}\n").as_bytes()).map_err(io_err(&temp))?;
        std::fs::rename(&temp, &pointer).map_err(io_err(&pointer))?;
        sync_dir(&self.dir);
        self.remove_all_but(&name);
        Ok(generation)
    }

    /// Best effort: a leftover is removed by the next build, and a reader still on an old
    /// generation keeps its open files.
    fn remove_all_but(&self, keep: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = (name.starts_with(GENERATION_PREFIX) && name != keep)
                || name.starts_with(BUILD_PREFIX)
                || LEGACY_ENTRIES.contains(&name.as_ref())
                || name.starts_with("tantivy.tmp-");
            if ours {
                remove_tree(&entry.path());
            }
        }
    }
}

/// A generation being built; removed on drop unless published.
#[derive(Debug)]
pub struct Staging {
    path: Option<PathBuf>,
}

impl Staging {
    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            remove_tree(&path);
        }
    }
}

/// One file of a generation, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileSum {
    /// Path relative to the generation folder, with `/` separators.
    path: String,
    size: u64,
    crc32: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    files: Vec<FileSum>,
}

/// The files of a generation that verified, with their sizes and checksums.
#[derive(Debug)]
pub struct Verified {
    files: Vec<FileSum>,
}

impl Verified {
    /// Size and CRC-32 of the file at `relative` (`/`-separated) in the generation.
    pub fn checksum(&self, relative: &str) -> Option<(u64, u32)> {
        self.files.iter().find(|f| f.path == relative).map(|f| (f.size, f.crc32))
    }
}

/// Check every file of the generation against its manifest. `Err` says what is wrong.
pub fn verify(generation: &Path) -> Result<Verified, String> {
    let path = generation.join(MANIFEST_FILE);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: not a manifest: {e}", path.display()))?;
    if manifest.version != MANIFEST_VERSION {
        return Err(format!("{}: manifest version {}", path.display(), manifest.version));
    }
    if manifest.files.is_empty() {
        return Err(format!("{}: lists no files", path.display()));
    }
    for expected in &manifest.files {
        let relative = Path::new(&expected.path);
        if relative.is_absolute()
            || relative.components().any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(format!("{}: bad file name {:?}", path.display(), expected.path));
        }
        let file = generation.join(relative);
        let actual = sum_file(&file, &expected.path).map_err(|e| format!("{}: {e}", file.display()))?;
        if actual != *expected {
            return Err(format!("{}: damaged (size or checksum differs from the manifest)", file.display()));
        }
    }
    Ok(Verified { files: manifest.files })
}

fn write_manifest(generation: &Path) -> Result<(), IndexError> {
    let mut files = Vec::new();
    list_files(generation, "", &mut files)
        .map_err(|source| IndexError::Io { path: generation.into(), source })?;
    files.sort();
    let mut sums = Vec::with_capacity(files.len());
    for relative in files {
        let file = generation.join(&relative);
        sums.push(
            sum_file(&file, &relative).map_err(|source| IndexError::Io { path: file.clone(), source })?,
        );
    }
    let manifest = Manifest { version: MANIFEST_VERSION, files: sums };
    let path = generation.join(MANIFEST_FILE);
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| IndexError::Catalog { path: path.clone(), message: e.to_string() })?;
    write_synced(&path, &json).map_err(|source| IndexError::Io { path, source })
}

fn list_files(root: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(root.join(prefix))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            list_files(root, &relative, out)?;
        } else if kind.is_file() {
            out.push(relative);
        }
    }
    Ok(())
}

fn sum_file(path: &Path, relative: &str) -> io::Result<FileSum> {
    let mut file = File::open(path)?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok(FileSum { path: relative.to_string(), size, crc32: hasher.finalize() })
}

/// Write `bytes` to `path` and flush them to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) {
    // Makes the renames durable; not every platform can open a folder, hence best effort.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// tantivy writes some files owner-only (`meta.json`, `.managed.json`); give every file the
/// read bits its folder has, so whoever may list the index may also read it, and drop the
/// lock files a reader never needs.
fn readable_by_all_who_may_list(root: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir_mode = std::fs::metadata(root)?.permissions().mode();
        let mut files = Vec::new();
        list_files(root, "", &mut files)?;
        for relative in files {
            let path = root.join(&relative);
            if relative.ends_with(".tantivy-meta.lock") || relative.ends_with(".tantivy-writer.lock") {
                std::fs::remove_file(&path)?;
                continue;
            }
            let mode = std::fs::metadata(&path)?.permissions().mode();
            let wanted = mode | (dir_mode & 0o444);
            if wanted != mode {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = root;
    Ok(())
}

fn remove_tree(path: &Path) {
    let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
}

fn unique_suffix() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged_generation(lock: &BuildLock, text: &[u8]) -> Staging {
        let staging = lock.staging().expect("staging");
        std::fs::create_dir(staging.path().join("tantivy")).expect("mkdir");
        std::fs::write(staging.path().join("tantivy").join("meta.json"), text).expect("write");
        std::fs::write(staging.path().join("catalog.json"), b"{}").expect("write");
        staging
    }

    #[test]
    fn publish_points_at_a_verified_generation_and_removes_the_old_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(published(dir.path()), Published::Nothing));
        let lock = BuildLock::acquire(dir.path()).expect("lock");
        let first = lock.publish(staged_generation(&lock, b"one")).expect("publish");
        let Published::Generation(current) = published(dir.path()) else { panic!("no pointer") };
        assert_eq!(current, first);
        assert!(verify(&first).expect("verified").checksum("catalog.json").is_some());
        let second = lock.publish(staged_generation(&lock, b"two")).expect("publish");
        assert_ne!(first, second);
        assert!(!first.exists(), "the old generation is removed");
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(BUILD_PREFIX))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_changed_byte_or_a_missing_file_fails_verification() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = BuildLock::acquire(dir.path()).expect("lock");
        let generation = lock.publish(staged_generation(&lock, b"{\"max_doc\": 10}")).expect("publish");
        let meta = generation.join("tantivy").join("meta.json");
        std::fs::write(&meta, b"{\"max_doc\": 11}").expect("edit");
        assert!(verify(&generation).expect_err("edited").contains("damaged"));
        std::fs::remove_file(&meta).expect("remove");
        assert!(verify(&generation).is_err());
        std::fs::write(generation.join(MANIFEST_FILE), b"garbage").expect("garble");
        assert!(verify(&generation).expect_err("garbled").contains("not a manifest"));
    }

    #[test]
    fn an_unpublished_build_is_removed_and_a_hostile_pointer_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = BuildLock::acquire(dir.path()).expect("lock");
        let staging = staged_generation(&lock, b"x");
        let path = staging.path().to_path_buf();
        drop(staging);
        assert!(!path.exists());
        for hostile in ["../../etc", "gen-/../../x", "tantivy", ""] {
            std::fs::write(dir.path().join(POINTER_FILE), hostile).expect("write");
            assert!(matches!(published(dir.path()), Published::Unreadable(_)), "{hostile}");
        }
    }
}
