//! Step one of a bulk run: the command line's inputs (paths, folders, glob patterns,
//! `--files-from`, `--jsonl-in`) expanded into an ordered [`Plan`] of [`Source`]s, with the
//! `--include` / `--exclude` filters; folders are listed by [`crate::walk`].

use crate::error::Error;
use crate::text::extract::DocFormat;
use crate::walk::{walk, Entry, PathError, WalkError, WalkOptions};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

/// Why a path or pattern given, or a path a walk met, is not a document of the run: the
/// `error` of its record (the words are those the records have always had).
#[derive(Debug, Error)]
pub enum PlanError {
    /// Neither a file, a folder nor a pattern.
    #[error("{}: no such file or folder", path.display())]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// A path that cannot be read as a file: a dangling link, a link loop, a FIFO or device
    /// named as a document, …
    #[error(transparent)]
    Path(#[from] PathError),
    /// A folder (given, or under a pattern) that cannot be walked.
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// A pattern that is not a glob.
    #[error("bad glob pattern '{pattern}': {source}")]
    BadGlob {
        /// The pattern given.
        pattern: String,
        /// Why globset refused it.
        #[source]
        source: globset::Error,
    },
    /// A pattern that matched no file.
    #[error("no files match the pattern '{pattern}'")]
    NoMatch {
        /// The pattern given.
        pattern: String,
    },
}

/// `--include` / `--exclude` globs, applied to every candidate document file.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl FileFilter {
    /// Compile the globs. With includes, only files matching one are kept, and a file with an
    /// extension skillmatch does not know is read as plain text (the user asked for it).
    /// A glob is tried against the file name, the path below the folder walked, and the whole
    /// path; `*` does not cross `/` (use `**`).
    pub fn new(include: &[String], exclude: &[String]) -> Result<FileFilter, Error> {
        Ok(FileFilter { include: glob_set(include, "--include")?, exclude: glob_set(exclude, "--exclude")? })
    }

    /// Whether a file passes: `Some(named_by_include)` when kept.
    fn admit(&self, path: &Path, relative: Option<&Path>) -> Option<bool> {
        let matches = |set: &GlobSet| {
            path.file_name().is_some_and(|name| set.is_match(name))
                || relative.is_some_and(|rel| set.is_match(rel))
                || set.is_match(path)
        };
        if self.exclude.as_ref().is_some_and(matches) {
            return None;
        }
        match &self.include {
            Some(set) => matches(set).then_some(true),
            None => Some(false),
        }
    }
}

fn glob_set(patterns: &[String], flag: &str) -> Result<Option<GlobSet>, Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(path_glob(pattern).map_err(|e| Error::Usage(format!("{flag} '{pattern}': {e}")))?);
    }
    builder.build().map(Some).map_err(|e| Error::Usage(format!("{flag}: {e}")))
}

/// A glob over paths: `*` and `?` stay within one path component, `**` crosses them.
fn path_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).backslash_escape(true).build()
}

/// Where a run's documents come from, as the command line gave them.
#[derive(Debug, Clone, Default)]
pub struct InputSpec {
    /// Files, folders (walked recursively) and glob patterns such as `adverts/**/*.html`.
    pub paths: Vec<PathBuf>,
    /// A file listing one path per line (`-`: standard input).
    pub files_from: Option<PathBuf>,
    /// A JSON-lines file of `{"id": …, "text": …}` documents (`-`: standard input).
    pub jsonl_in: Option<PathBuf>,
    /// `--include` / `--exclude`.
    pub filter: FileFilter,
    /// Files never scored, silently: the run's own output (`r.jsonl`, `r.jsonl.partial`),
    /// which a walk of the folder it is written to would otherwise read as input.
    pub ignore: Vec<PathBuf>,
}

/// One entry of a [`Plan`]: a document file, a file of many documents, or a path that
/// could not be used.
#[derive(Debug)]
pub enum Source {
    /// One document file, read as `format`.
    File {
        /// The file.
        path: PathBuf,
        /// How to extract its text.
        format: DocFormat,
    },
    /// A CSV file: one document per row.
    Csv(PathBuf),
    /// A JSON-lines file: one document per line.
    Jsonl(PathBuf),
    /// JSON lines read from standard input as they arrive.
    JsonlStdin,
    /// JSON lines read from a named pipe (`--jsonl-in <(…)`) as they arrive.
    JsonlStream(PathBuf),
    /// A path that does not exist, a folder that could not be read, a glob that matched
    /// nothing: one error document.
    Failed {
        /// The path or pattern given.
        path: String,
        /// What went wrong.
        error: PlanError,
    },
}

/// The documents of a run, in output order, before any is read.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sources in output order.
    pub sources: Vec<Source>,
    /// Files left out: an extension skillmatch does not read, or filtered out by
    /// `--include` / `--exclude`.
    pub skipped: usize,
}

impl Plan {
    /// The number of documents when every source is one document; `None` when CSV or JSONL
    /// sources make it unknown before reading them.
    pub fn known_len(&self) -> Option<usize> {
        self.sources
            .iter()
            .all(|s| matches!(s, Source::File { .. } | Source::Failed { .. }))
            .then_some(self.sources.len())
    }
}

/// Expand the inputs into a [`Plan`]: positional paths in the order given (each folder's
/// and each pattern's files sorted by path), then `--files-from`'s paths, then
/// `--jsonl-in`. A path given twice is scored once.
///
/// Errors ([`Error::Usage`]): no inputs at all, `-` as a positional path, both list flags
/// reading standard input, an unreadable `--files-from` list.
pub fn plan(spec: &InputSpec) -> Result<Plan, Error> {
    if spec.paths.is_empty() && spec.files_from.is_none() && spec.jsonl_in.is_none() {
        return Err(Error::Usage(
            "no inputs: give files, folders or glob patterns, --files-from FILE or --jsonl-in FILE".into(),
        ));
    }
    let stdin = Path::new("-");
    if spec.paths.iter().any(|p| p == stdin) {
        return Err(Error::Usage(
            "'-' is not a document path: use --files-from - (paths) or --jsonl-in - (JSON lines)".into(),
        ));
    }
    if spec.files_from.as_deref() == Some(stdin) && spec.jsonl_in.as_deref() == Some(stdin) {
        return Err(Error::Usage("--files-from - and --jsonl-in - cannot both read standard input".into()));
    }
    // Compared by canonical path: the output may be named differently than the walk finds it.
    let ignore: Vec<PathBuf> = spec.ignore.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut planner = Planner { filter: &spec.filter, ignore, plan: Plan::default(), seen: HashSet::new() };
    for path in &spec.paths {
        planner.add_argument(path);
    }
    if let Some(list) = &spec.files_from {
        for path in read_path_list(list)? {
            planner.add_path(&path);
        }
    }
    match spec.jsonl_in.as_deref() {
        Some(p) if p == stdin => planner.plan.sources.push(Source::JsonlStdin),
        Some(p) => planner.plan.sources.push(match stream_kind(p) {
            Ok(Stream::File) => Source::Jsonl(p.to_path_buf()),
            Ok(Stream::Pipe) => Source::JsonlStream(p.to_path_buf()),
            Err(error) => Source::Failed { path: p.display().to_string(), error },
        }),
        None => {}
    }
    Ok(planner.plan)
}

/// How bulk walks a folder: `*.txt` walks the working directory, and an entry that cannot
/// be read is an error document of its own while the rest of the folder is scored.
const BULK_WALK: WalkOptions = WalkOptions { empty_is_cwd: true, stop_at_unreadable: false };

/// The largest `--files-from` list read (about a million long paths).
const MAX_PATH_LIST: u64 = 256 << 20;

/// What a list named on the command line (`--files-from`, `--jsonl-in`) is.
enum Stream {
    /// A regular file.
    File,
    /// A named pipe or process substitution (`<(find …)`): read as it is written.
    Pipe,
}

/// A list may be a regular file or a pipe (a stream the user named, as `-` is); a folder,
/// device or socket is refused, so `/dev/zero` cannot feed a run for ever.
fn stream_kind(path: &Path) -> Result<Stream, PlanError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_err() {
            PlanError::Missing { path: path.to_path_buf() }
        } else {
            PathError::unreadable(path, e).into()
        }
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_fifo() {
            return Ok(Stream::Pipe);
        }
    }
    if meta.is_file() {
        Ok(Stream::File)
    } else {
        Err(PathError::not_a_file(path, &meta.file_type()).into())
    }
}

/// The non-blank lines of a `--files-from` list, as paths.
fn read_path_list(list: &Path) -> Result<Vec<PathBuf>, Error> {
    let usage = |e: String| Error::Usage(format!("--files-from {e}"));
    let cannot = |e: std::io::Error| usage(format!("{}: cannot read: {e}", list.display()));
    let mut bytes = Vec::new();
    if list == Path::new("-") {
        std::io::stdin().lock().take(MAX_PATH_LIST + 1).read_to_end(&mut bytes).map_err(cannot)?;
    } else {
        stream_kind(list).map_err(|e| usage(e.to_string()))?;
        File::open(list).and_then(|f| f.take(MAX_PATH_LIST + 1).read_to_end(&mut bytes)).map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_PATH_LIST {
        return Err(usage(format!(
            "{}: the list is larger than {} MiB; split it",
            list.display(),
            MAX_PATH_LIST >> 20
        )));
    }
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .map(PathBuf::from)
        .collect())
}

fn missing(path: &Path) -> Source {
    Source::Failed {
        path: path.display().to_string(),
        error: PlanError::Missing { path: path.to_path_buf() },
    }
}

struct Planner<'a> {
    filter: &'a FileFilter,
    /// Canonical paths of files to leave out.
    ignore: Vec<PathBuf>,
    plan: Plan,
    seen: HashSet<PathBuf>,
}

impl Planner<'_> {
    /// A positional argument: an existing path, else a glob pattern, else a missing path.
    fn add_argument(&mut self, arg: &Path) {
        if arg.symlink_metadata().is_ok() {
            return self.add_path(arg);
        }
        match arg.to_str() {
            Some(pattern) if pattern.contains(['*', '?', '[', '{']) => self.add_glob(pattern),
            _ => self.plan.sources.push(missing(arg)),
        }
    }

    /// A path: a folder is walked, a file classified, anything else an error document.
    fn add_path(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match walk(path, BULK_WALK) {
                Ok(entries) => {
                    for entry in entries {
                        let relative = entry.path().strip_prefix(path).ok().map(Path::to_path_buf);
                        self.add_entry(entry, relative.as_deref());
                    }
                }
                Err(error) => self
                    .plan
                    .sources
                    .push(Source::Failed { path: path.display().to_string(), error: error.into() }),
            },
            Ok(meta) if meta.is_file() => self.add_file(path, None),
            // Named by the user: refused whatever its name, before anything opens it.
            Ok(meta) => self.plan.sources.push(Source::Failed {
                path: path.display().to_string(),
                error: PathError::not_a_file(path, &meta.file_type()).into(),
            }),
            Err(e) => self.plan.sources.push(Source::Failed {
                path: path.display().to_string(),
                error: PathError::unreadable(path, e).into(),
            }),
        }
    }

    /// A glob pattern: the folder before its first wildcard is walked and every file below
    /// it that matches is added, sorted by path.
    fn add_glob(&mut self, pattern: &str) {
        let failed = |error: PlanError| Source::Failed { path: pattern.to_string(), error };
        let matcher = match path_glob(pattern) {
            Ok(glob) => glob.compile_matcher(),
            Err(source) => {
                return self.plan.sources.push(failed(PlanError::BadGlob { pattern: pattern.into(), source }))
            }
        };
        let base = glob_base(pattern);
        let entries = match walk(&base, BULK_WALK) {
            Ok(entries) => entries,
            Err(error) => return self.plan.sources.push(failed(error.into())),
        };
        let before = self.plan.sources.len() + self.plan.skipped;
        for entry in entries.into_iter().filter(|e| matcher.is_match(e.path())) {
            let relative = entry.path().strip_prefix(&base).ok().map(Path::to_path_buf);
            self.add_entry(entry, relative.as_deref());
        }
        if self.plan.sources.len() + self.plan.skipped == before {
            self.plan.sources.push(failed(PlanError::NoMatch { pattern: pattern.into() }));
        }
    }

    /// An entry of a walk: a file, or one that cannot be read (a dangling link, a link loop,
    /// a FIFO, …), which is an error document when its name would make it one (the same
    /// filters and extensions as a file), so nothing the walk meets goes unaccounted.
    fn add_entry(&mut self, entry: Entry, relative: Option<&Path>) {
        match entry {
            Entry::File(path) => self.add_file(&path, relative),
            Entry::Bad { path, error, folder } => {
                let admitted = if folder {
                    // A folder's name says nothing of its documents: only the filters apply.
                    let kept = self.filter.admit(&path, relative).is_some();
                    self.plan.skipped += usize::from(!kept);
                    kept
                } else {
                    self.admit(&path, relative).is_some()
                };
                if admitted && self.seen.insert(path.clone()) {
                    let error = error.into();
                    self.plan.sources.push(Source::Failed { path: path.display().to_string(), error });
                }
            }
            // Not followed, so its files are not scored: counted as left out.
            Entry::FolderLink(_) => self.plan.skipped += 1,
        }
    }

    /// Whether a file of this name is scored: `Some(named_by_include)` when it is; `None`
    /// (and counted as skipped) when it is filtered out or of an unknown extension. The
    /// run's own output is left out without being counted.
    fn admit(&mut self, path: &Path, relative: Option<&Path>) -> Option<bool> {
        // The name check first: canonicalising every file of a large walk would cost a syscall each.
        if self.ignore.iter().any(|i| i.file_name() == path.file_name())
            && path.canonicalize().is_ok_and(|c| self.ignore.contains(&c))
        {
            return None;
        }
        let Some(included) = self.filter.admit(path, relative) else {
            self.plan.skipped += 1;
            return None;
        };
        if !included && DocFormat::from_path(path).is_none() && !is_list_file(path) {
            self.plan.skipped += 1;
            return None;
        }
        Some(included)
    }

    /// A file: dropped when filtered out or of an unknown extension, else a source.
    fn add_file(&mut self, path: &Path, relative: Option<&Path>) {
        let Some(included) = self.admit(path, relative) else { return };
        let source = match (list_extension(path), DocFormat::from_path(path)) {
            (Some(ListKind::Csv), _) => Source::Csv(path.to_path_buf()),
            (Some(ListKind::Jsonl), _) => Source::Jsonl(path.to_path_buf()),
            (None, Some(format)) => Source::File { path: path.to_path_buf(), format },
            (None, None) => {
                debug_assert!(included, "admit keeps unknown extensions only when included");
                Source::File { path: path.to_path_buf(), format: DocFormat::Txt }
            }
        };
        if self.seen.insert(path.to_path_buf()) {
            self.plan.sources.push(source);
        }
    }
}

/// Files holding many documents.
enum ListKind {
    Csv,
    Jsonl,
}

/// Whether `path` names a CSV or JSON-lines file of documents.
fn list_extension(path: &Path) -> Option<ListKind> {
    let ext = path.extension().and_then(|e| e.to_str())?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(ListKind::Csv),
        "jsonl" | "ndjson" => Some(ListKind::Jsonl),
        _ => None,
    }
}

fn is_list_file(path: &Path) -> bool {
    list_extension(path).is_some()
}

/// The folder a glob pattern's matches are under: its leading components without wildcards.
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for component in Path::new(pattern).components() {
        let literal = match component {
            Component::Normal(part) => !part.to_string_lossy().contains(['*', '?', '[', '{', '\\']),
            _ => true,
        };
        if !literal {
            break;
        }
        base.push(component);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_base_stops_at_the_first_wildcard() {
        assert_eq!(glob_base("adverts/**/*.html"), PathBuf::from("adverts"));
        assert_eq!(glob_base("*.pdf"), PathBuf::new());
        assert_eq!(glob_base("/a/b/c?/d"), PathBuf::from("/a/b"));
    }

    #[test]
    fn filters_match_name_relative_path_or_path() {
        let filter = FileFilter::new(&["*.txt".into()], &["IT/**".into()]).unwrap();
        assert_eq!(filter.admit(Path::new("cvs/HR/1.txt"), Some(Path::new("HR/1.txt"))), Some(true));
        assert_eq!(filter.admit(Path::new("cvs/IT/1.txt"), Some(Path::new("IT/1.txt"))), None);
        assert_eq!(filter.admit(Path::new("cvs/HR/1.pdf"), Some(Path::new("HR/1.pdf"))), None);
        assert_eq!(FileFilter::default().admit(Path::new("a.pdf"), None), Some(false));
    }
}
