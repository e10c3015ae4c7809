//! A tantivy directory that never writes: how a published index generation is opened.
//!
//! tantivy's own `MmapDirectory` takes a file lock (`.tantivy-meta.lock`, opened for writing)
//! whenever a reader loads the segments, so a read-only mount, or an index owned by another
//! user, cannot be searched. A published generation is immutable (see [`super::layout`]):
//! nothing can delete or rewrite its files while it is read, so the lock protects nothing
//! here and is granted without touching the disk. Every write is refused.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// An [`MmapDirectory`] opened for reading only.
#[derive(Debug, Clone)]
pub struct ReadOnlyDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReadOnlyDirectory {
    /// Open the tantivy folder at `root` for reading.
    pub fn open(root: &Path) -> Result<ReadOnlyDirectory, tantivy::TantivyError> {
        let inner = MmapDirectory::open(root)?;
        Ok(ReadOnlyDirectory { inner, root: root.to_path_buf() })
    }

    fn refused(&self, path: &Path) -> Arc<io::Error> {
        Arc::new(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{}: a published index is read-only", self.root.join(path).display()),
        ))
    }
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: self.refused(path), filepath: path.to_path_buf() })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError { io_error: self.refused(path), filepath: path.to_path_buf() })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::PermissionDenied, self.refused(path).to_string()))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        // Nothing writes a published generation, so there is nothing to exclude.
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_refused_and_reads_pass_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), b"hello").expect("write");
        let ro = ReadOnlyDirectory::open(dir.path()).expect("open");
        assert_eq!(ro.atomic_read(Path::new("a.txt")).expect("read"), b"hello");
        assert!(ro.exists(Path::new("a.txt")).expect("exists"));
        assert!(ro.open_write(Path::new("b.txt")).is_err());
        assert!(ro.atomic_write(Path::new("a.txt"), b"x").is_err());
        assert!(ro.delete(Path::new("a.txt")).is_err());
        assert!(ro.acquire_lock(&tantivy::directory::META_LOCK).is_ok());
        // Nothing was created or changed on disk.
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
        assert_eq!(std::fs::read(dir.path().join("a.txt")).expect("read"), b"hello");
    }
}
