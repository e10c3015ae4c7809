//! The one folder walker: the corpus loader ([`crate::source::walk_files`]) and bulk's
//! planner ([`crate::bulk::inputs::plan`]) both list folders through [`walk`], so hidden
//! entries, links and the order of the listing are decided in one place.
//!
//! Below both callers (it imports only [`crate::error`]), so neither `source` nor `bulk`
//! depends on the other. The two differ in what a corpus and a batch of documents need,
//! and say so through [`WalkOptions`] rather than through two walkers.

use crate::error::InputError;
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What a file type is, for messages: "a FIFO (named pipe)", "a folder", …
pub fn kind_of(file_type: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Why a path, named by a user or met by a walk, cannot be read as a file.
#[derive(Debug, Error)]
pub enum PathError {
    /// Its metadata or type could not be read, for a reason other than a broken link.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A symbolic link whose target does not exist.
    #[error("{}: cannot read: a dangling symbolic link (its target {target} does not exist)", path.display())]
    DanglingLink {
        /// The link.
        path: PathBuf,
        /// Where it points, as the link says it (empty when the link cannot be read).
        target: String,
    },
    /// A chain of symbolic links that never ends, as the operating system reports it.
    #[error("{}: cannot read: a symbolic link loop ({source})", path.display())]
    LinkLoop {
        /// The link.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A link to a folder the walk is inside: following it would walk for ever.
    #[error("{}: cannot read: a symbolic link loop (it points to a folder the walk is in)", path.display())]
    LinkIntoWalk {
        /// The link.
        path: PathBuf,
    },
    /// A FIFO, socket, device or folder where a file was wanted: always
    /// [`InputError::NotAFile`], whose words documents read one by one share.
    #[error(transparent)]
    NotAFile(InputError),
}

impl PathError {
    /// `path` is `file_type`, which is not a regular file.
    pub fn not_a_file(path: &Path, file_type: &FileType) -> PathError {
        PathError::NotAFile(InputError::NotAFile { path: path.to_path_buf(), kind: kind_of(file_type) })
    }

    /// The error of a path whose metadata cannot be read (`e`): a dangling link or a link
    /// loop said as such, anything else as the system says it.
    pub fn unreadable(path: &Path, e: io::Error) -> PathError {
        if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            if e.kind() == io::ErrorKind::NotFound {
                let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                return PathError::DanglingLink { path: path.to_path_buf(), target };
            }
            // ELOOP: the io::ErrorKind for it is not stable; the OS code is.
            if e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links") {
                return PathError::LinkLoop { path: path.to_path_buf(), source: e };
            }
        }
        PathError::Io { path: path.to_path_buf(), source: e }
    }
}

/// Why a walk stopped.
#[derive(Debug, Error)]
pub enum WalkError {
    /// A folder of the tree could not be listed.
    #[error("{}: cannot read the folder: {source}", path.display())]
    Folder {
        /// The folder ("." for the working directory).
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// An entry's type could not be read, and [`WalkOptions::stop_at_unreadable`] asked
    /// for the walk to stop there.
    #[error("{}: cannot read: {source}", path.display())]
    Entry {
        /// The entry.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
}

/// What a walk met.
#[derive(Debug)]
pub enum Entry {
    /// A regular file, or a link to one.
    File(PathBuf),
    /// An entry that cannot be a file to read: a dangling link, a link loop (also a link to
    /// a folder the walk is inside), a FIFO, socket or device, an entry of unknown type.
    Bad {
        /// The entry.
        path: PathBuf,
        /// Why it cannot be read.
        error: PathError,
        /// A link to a folder: a caller may report it whatever its name (a file is worth
        /// reporting only when its name says it is one the caller wanted).
        folder: bool,
    },
    /// A link to a folder outside the walk: not followed.
    FolderLink(PathBuf),
}

impl Entry {
    /// The entry's path: the walked folder joined with the names below it.
    pub fn path(&self) -> &Path {
        match self {
            Entry::File(p) | Entry::FolderLink(p) | Entry::Bad { path: p, .. } => p,
        }
    }
}

/// Where the callers of [`walk`] differ.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// An empty folder path is the working directory, its entries named relative to it
    /// (bulk's glob pattern `*.txt` walks it so); otherwise an empty path is a folder that
    /// cannot be read, as the corpus loader has always said.
    pub empty_is_cwd: bool,
    /// An entry whose type cannot be read ends the walk with [`WalkError::Entry`] (a corpus
    /// is read whole or not at all); otherwise it is an [`Entry::Bad`] and the walk goes on
    /// (a batch reports it and scores the rest).
    pub stop_at_unreadable: bool,
}

/// Every entry below `dir`, hidden files and folders (a name starting with `.`) left out,
/// sorted by path. Links to files are followed; links to folders are not, so a loop cannot
/// trap the walk: one pointing at a folder the walk is inside is a loop, reported as an
/// [`Entry::Bad`], others are [`Entry::FolderLink`].
///
/// Errors: [`WalkError::Folder`] when a folder cannot be listed, [`WalkError::Entry`] as
/// `options` says.
pub fn walk(dir: &Path, options: WalkOptions) -> Result<Vec<Entry>, WalkError> {
    let here = |path: &Path| -> PathBuf {
        if options.empty_is_cwd && path.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            path.to_path_buf()
        }
    };
    let mut out = Vec::new();
    // Canonical, to tell whether a folder link points back into the walk.
    let canonical_root = here(dir).canonicalize().ok();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let shown = here(&current);
        let cannot = |source: io::Error| WalkError::Folder { path: shown.clone(), source };
        for entry in std::fs::read_dir(&shown).map_err(cannot)? {
            let entry = entry.map_err(cannot)?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = current.join(entry.file_name());
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(source) if options.stop_at_unreadable => return Err(WalkError::Entry { path, source }),
                Err(source) => {
                    let error = PathError::Io { path: path.clone(), source };
                    out.push(Entry::Bad { error, path, folder: false });
                    continue;
                }
            };
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() {
                out.push(Entry::File(path));
            } else if file_type.is_symlink() {
                out.push(link(path, canonical_root.as_deref(), &shown));
            } else {
                let error = PathError::not_a_file(&path, &file_type);
                out.push(Entry::Bad { path, error, folder: false });
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// What the link `path`, met in folder `shown` of a walk of `root` (canonical), is.
fn link(path: PathBuf, root: Option<&Path>, shown: &Path) -> Entry {
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Entry::File(path),
        Ok(meta) if meta.is_dir() => {
            let target = path.canonicalize().ok();
            let inside = |t: &PathBuf| {
                root.is_some_and(|root| root.starts_with(t))
                    || shown.canonicalize().is_ok_and(|here| here.starts_with(t))
            };
            if target.as_ref().is_some_and(inside) {
                let error = PathError::LinkIntoWalk { path: path.clone() };
                Entry::Bad { path, error, folder: true }
            } else {
                Entry::FolderLink(path)
            }
        }
        Ok(meta) => {
            Entry::Bad { error: PathError::not_a_file(&path, &meta.file_type()), path, folder: false }
        }
        Err(e) => Entry::Bad { error: PathError::unreadable(&path, e), path, folder: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_hidden_left_out_links_classified() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::write(root.join("b/c/z.txt"), "z").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join(".dot.txt"), "d").unwrap();
        std::fs::write(root.join(".hidden/h.txt"), "h").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a.txt"), root.join("b/to-a.txt")).unwrap();
            std::os::unix::fs::symlink(root.join("gone"), root.join("b/dangling.txt")).unwrap();
            std::os::unix::fs::symlink(root, root.join("b/up")).unwrap();
        }
        let entries = walk(root, WalkOptions::default()).unwrap();
        let names: Vec<String> =
            entries.iter().map(|e| e.path().strip_prefix(root).unwrap().display().to_string()).collect();
        #[cfg(unix)]
        {
            assert_eq!(names, ["a.txt", "b/c/z.txt", "b/dangling.txt", "b/to-a.txt", "b/up"]);
            assert!(matches!(
                entries[2],
                Entry::Bad { error: PathError::DanglingLink { .. }, folder: false, .. }
            ));
            assert!(matches!(entries[3], Entry::File(_)));
            assert!(matches!(
                entries[4],
                Entry::Bad { error: PathError::LinkIntoWalk { .. }, folder: true, .. }
            ));
        }
        #[cfg(not(unix))]
        assert_eq!(names, ["a.txt", "b/c/z.txt"]);
    }

    #[test]
    fn an_empty_path_is_the_working_directory_only_when_asked() {
        let cwd = WalkOptions { empty_is_cwd: true, ..WalkOptions::default() };
        assert!(walk(Path::new(""), cwd).is_ok());
        match walk(Path::new(""), WalkOptions::default()) {
            Err(WalkError::Folder { path, .. }) => assert_eq!(path, PathBuf::new()),
            other => panic!("{other:?}"),
        }
    }
}
