//! Which documents a bulk run scores, in which order.
//!
//! Two steps. [`plan`] turns the command line's inputs (paths, folders, glob patterns,
//! `--files-from`, `--jsonl-in`) into an ordered list of [`Source`]s: folders are walked and
//! glob patterns expanded here, sorted by path, and files with an extension skillmatch does
//! not read are counted and dropped. [`documents`] then turns the sources into a lazy stream
//! of [`Document`]s: one per document file, one per row of a CSV file, one per line of a
//! JSON-lines file, one error document per path that could not be used. Nothing is read
//! before it is needed, so a 100k-row CSV or an endless `--jsonl-in -` stays in flat memory.

use crate::error::{Error, InputError};
use crate::text::extract::DocFormat;
use crate::text::input::{kind_of, open_regular};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};

/// Column (CSV) or field (JSONL) names that hold a document's text, in order of preference.
pub const TEXT_COLUMNS: [&str; 6] = ["text", "resume", "description", "jobdescription", "body", "content"];
/// Column or field names that hold a document's id, in order of preference.
pub const ID_COLUMNS: [&str; 2] = ["id", "index"];
/// Rows sampled to find the CSV text column by its average length when no name says it.
const SAMPLE_ROWS: usize = 200;

/// A document's identifier in the output: the id its source gave (string or number), its
/// path, or its row or line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum DocId {
    /// A text id or a path.
    Text(String),
    /// A numeric id, or a row or line number.
    Number(serde_json::Number),
}

impl DocId {
    /// A row or line number as an id.
    pub fn number(n: u64) -> DocId {
        DocId::Number(n.into())
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Text(s) => f.write_str(s),
            DocId::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Which CSV columns (or JSONL fields) hold the text and the id; `None` picks the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The text column (`--text-column`).
    pub text: Option<String>,
    /// The id column (`--id-column`).
    pub id: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
        error: String,
    },
}

/// The documents of a run, in output order, before any is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
fn stream_kind(path: &Path) -> Result<Stream, String> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_err() {
            format!("{}: no such file or folder", path.display())
        } else {
            broken_link_error(path, &e)
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
        Err(InputError::NotAFile { path: path.to_path_buf(), kind: kind_of(&meta.file_type()) }.to_string())
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
        stream_kind(list).map_err(usage)?;
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
        error: format!("{}: no such file or folder", path.display()),
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
            Ok(meta) if meta.is_dir() => match walk(path) {
                Ok(entries) => {
                    for entry in entries {
                        let relative = entry.path().strip_prefix(path).ok().map(Path::to_path_buf);
                        self.add_entry(entry, relative.as_deref());
                    }
                }
                Err(error) => {
                    self.plan.sources.push(Source::Failed { path: path.display().to_string(), error })
                }
            },
            Ok(meta) if meta.is_file() => self.add_file(path, None),
            // Named by the user: refused whatever its name, before anything opens it.
            Ok(meta) => self.plan.sources.push(Source::Failed {
                path: path.display().to_string(),
                error: InputError::NotAFile { path: path.to_path_buf(), kind: kind_of(&meta.file_type()) }
                    .to_string(),
            }),
            Err(e) => self.plan.sources.push(Source::Failed {
                path: path.display().to_string(),
                error: broken_link_error(path, &e),
            }),
        }
    }

    /// A glob pattern: the folder before its first wildcard is walked and every file below
    /// it that matches is added, sorted by path.
    fn add_glob(&mut self, pattern: &str) {
        let failed = |error: String| Source::Failed { path: pattern.to_string(), error };
        let matcher = match path_glob(pattern) {
            Ok(glob) => glob.compile_matcher(),
            Err(e) => return self.plan.sources.push(failed(format!("bad glob pattern '{pattern}': {e}"))),
        };
        let base = glob_base(pattern);
        let entries = match walk(&base) {
            Ok(entries) => entries,
            Err(error) => return self.plan.sources.push(failed(error)),
        };
        let before = self.plan.sources.len() + self.plan.skipped;
        for entry in entries.into_iter().filter(|e| matcher.is_match(e.path())) {
            let relative = entry.path().strip_prefix(&base).ok().map(Path::to_path_buf);
            self.add_entry(entry, relative.as_deref());
        }
        if self.plan.sources.len() + self.plan.skipped == before {
            self.plan.sources.push(failed(format!("no files match the pattern '{pattern}'")));
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
                    self.plan.sources.push(Source::Failed { path: path.display().to_string(), error });
                }
            }
            Entry::Skipped(_) => self.plan.skipped += 1,
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

/// The error of a path whose metadata cannot be read: a dangling link or a link loop said
/// as such, anything else as the system says it.
fn broken_link_error(path: &Path, e: &std::io::Error) -> String {
    let shown = path.display();
    if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        if e.kind() == std::io::ErrorKind::NotFound {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            return format!(
                "{shown}: cannot read: a dangling symbolic link (its target {target} does not exist)"
            );
        }
        // ELOOP: the io::ErrorKind for it is not stable; the OS code is.
        if e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links") {
            return format!("{shown}: cannot read: a symbolic link loop ({e})");
        }
    }
    format!("{shown}: cannot read: {e}")
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

/// What a walk met.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// A regular file, or a link to one.
    File(PathBuf),
    /// An entry that cannot be a document: a dangling link, a link loop (also a link to a
    /// folder the walk is inside), a FIFO, socket or device.
    Bad {
        /// The entry.
        path: PathBuf,
        /// Why it cannot be read.
        error: String,
        /// A link to a folder: reported whatever its name (a file is reported only when its
        /// name would make it a document).
        folder: bool,
    },
    /// A link to a folder outside the walk: not followed, counted as skipped.
    Skipped(PathBuf),
}

impl Entry {
    fn path(&self) -> &Path {
        match self {
            Entry::File(p) | Entry::Skipped(p) | Entry::Bad { path: p, .. } => p,
        }
    }
}

/// Every entry below `dir`, hidden files and folders left out, sorted by path. Links to
/// files are followed; links to folders are not (so a loop cannot trap the walk): one
/// pointing at a folder the walk is inside is a loop, reported as [`Entry::Bad`], others
/// are [`Entry::Skipped`]. `dir` empty means the working directory, with paths relative to
/// it.
fn walk(dir: &Path) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let root = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    // Canonical, to tell whether a folder link points back into the walk.
    let canonical_root = root.canonicalize().ok();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let shown = if current.as_os_str().is_empty() { Path::new(".") } else { current.as_path() };
        let cannot = |e: std::io::Error| format!("{}: cannot read the folder: {e}", shown.display());
        for entry in std::fs::read_dir(shown).map_err(cannot)? {
            let entry = entry.map_err(cannot)?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = current.join(entry.file_name());
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    let error = format!("{}: cannot read: {e}", path.display());
                    out.push(Entry::Bad { error, path, folder: false });
                    continue;
                }
            };
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() {
                out.push(Entry::File(path));
            } else if file_type.is_symlink() {
                out.push(match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => Entry::File(path),
                    Ok(meta) if meta.is_dir() => {
                        let target = path.canonicalize().ok();
                        let inside = |t: &PathBuf| {
                            canonical_root.as_ref().is_some_and(|root| root.starts_with(t))
                                || shown.canonicalize().is_ok_and(|here| here.starts_with(t))
                        };
                        if target.as_ref().is_some_and(inside) {
                            let error = format!(
                                "{}: cannot read: a symbolic link loop (it points to a folder the walk is in)",
                                path.display()
                            );
                            Entry::Bad { path, error, folder: true }
                        } else {
                            Entry::Skipped(path)
                        }
                    }
                    Ok(meta) => Entry::Bad {
                        error: InputError::NotAFile { path: path.clone(), kind: kind_of(&meta.file_type()) }
                            .to_string(),
                        path,
                        folder: false,
                    },
                    Err(e) => Entry::Bad { error: broken_link_error(&path, &e), path, folder: false },
                });
            } else {
                let error =
                    InputError::NotAFile { path: path.clone(), kind: kind_of(&file_type) }.to_string();
                out.push(Entry::Bad { path, error, folder: false });
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// One document to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id in the output.
    pub id: DocId,
    /// The file it is or comes from (absent for standard input).
    pub path: Option<String>,
    /// Its 1-based row (CSV, header excluded) or line (JSONL) in that file.
    pub row: Option<u64>,
    /// What to read.
    pub body: Body,
}

impl Document {
    /// What the match report calls the document: the path, `path:row`, or `-:line`.
    pub fn source_label(&self) -> String {
        match (&self.path, self.row) {
            (Some(path), Some(row)) => format!("{path}:{row}"),
            (Some(path), None) => path.clone(),
            (None, Some(row)) => format!("-:{row}"),
            (None, None) => self.id.to_string(),
        }
    }
}

/// What a [`Document`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A file to read and extract.
    File {
        /// The file.
        path: PathBuf,
        /// How to extract it.
        format: DocFormat,
    },
    /// Text already read from a CSV row or a JSON line (bytes, decoded like a text file).
    Inline {
        /// The text's bytes.
        bytes: Vec<u8>,
        /// "csv" or "jsonl".
        format: &'static str,
    },
    /// Nothing to score: the error to report.
    Failed {
        /// The format, when known.
        format: Option<&'static str>,
        /// What went wrong.
        error: String,
    },
}

/// The documents of `plan`, read lazily. `max_line` bounds a JSON line's length: a longer
/// line is an error document and is never held in memory whole.
pub fn documents(plan: Plan, columns: Columns, max_line: usize) -> impl Iterator<Item = Document> + Send {
    plan.sources.into_iter().flat_map(move |source| -> Box<dyn Iterator<Item = Document> + Send> {
        match source {
            Source::File { path, format } => {
                let shown = path.display().to_string();
                Box::new(std::iter::once(Document {
                    id: DocId::Text(shown.clone()),
                    path: Some(shown),
                    row: None,
                    body: Body::File { path, format },
                }))
            }
            Source::Failed { path, error } => {
                let format = DocFormat::from_path(Path::new(&path)).map(DocFormat::name);
                Box::new(std::iter::once(Document {
                    id: DocId::Text(path.clone()),
                    path: Some(path),
                    row: None,
                    body: Body::Failed { format, error },
                }))
            }
            Source::Csv(path) => Box::new(CsvRows::open(path, &columns, max_line as u64)),
            Source::Jsonl(path) => {
                let shown = path.display().to_string();
                match open_regular(&path) {
                    Ok((file, _)) => {
                        Box::new(JsonLines::new(BufReader::new(file), Some(shown), &columns, max_line))
                    }
                    Err(e) => Box::new(std::iter::once(failed_file(&shown, Some("jsonl"), e))),
                }
            }
            Source::JsonlStream(path) => {
                let shown = path.display().to_string();
                match File::open(&path) {
                    Ok(file) => {
                        Box::new(JsonLines::new(BufReader::new(file), Some(shown), &columns, max_line))
                    }
                    Err(e) => Box::new(std::iter::once(file_error(&shown, Some("jsonl"), e))),
                }
            }
            Source::JsonlStdin => {
                Box::new(JsonLines::new(BufReader::new(std::io::stdin()), None, &columns, max_line))
            }
        }
    })
}

/// An error document for a whole file that was refused or could not be opened.
fn failed_file(path: &str, format: Option<&'static str>, e: InputError) -> Document {
    Document {
        id: DocId::Text(path.to_string()),
        path: Some(path.to_string()),
        row: None,
        body: Body::Failed { format, error: Error::from(e).to_string() },
    }
}

/// An error document for a whole file that could not be opened.
fn file_error(path: &str, format: Option<&'static str>, e: std::io::Error) -> Document {
    Document {
        id: DocId::Text(path.to_string()),
        path: Some(path.to_string()),
        row: None,
        body: Body::Failed { format, error: format!("{path}: cannot read: {e}") },
    }
}

/// A reader that fails once more than `limit` bytes were read since the last
/// [`Bounded::reset`]: bounds one CSV row, so that a row that never ends (an unclosed quote
/// in a large file) is an error instead of the rest of the file held in memory.
struct Bounded<R> {
    inner: R,
    used: u64,
    limit: u64,
}

impl<R> Bounded<R> {
    fn reset(&mut self) {
        self.used = 0;
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used > self.limit {
            return Err(std::io::Error::other(RowTooLong(self.limit)));
        }
        let n = self.inner.read(buf)?;
        self.used += n as u64;
        Ok(n)
    }
}

/// The error [`Bounded`] fails with.
#[derive(Debug)]
struct RowTooLong(u64);

impl fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the row goes on for more than {} bytes (20 × --max-bytes)", self.0)
    }
}

impl std::error::Error for RowTooLong {}

/// Whether the CSV data from `start` (a record's first byte) to the end of the file ends
/// inside a quoted field: a quote that is never closed, which the CSV reader silently runs
/// to the end of the file. Same dialect as the reader: `,` between fields, `"` quotes,
/// `""` a quote inside them.
fn ends_in_open_quote(path: &Path, start: u64) -> std::io::Result<bool> {
    use std::io::{Seek, SeekFrom};
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::new(file);
    let mut state = State::FieldStart;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(state == State::Quoted);
        }
        for &b in chunk {
            let end_of_field = matches!(b, b',' | b'\n' | b'\r');
            state = match state {
                State::FieldStart if b == b'"' => State::Quoted,
                State::FieldStart | State::Unquoted | State::QuoteInQuoted if end_of_field => {
                    State::FieldStart
                }
                State::FieldStart | State::Unquoted => State::Unquoted,
                State::Quoted if b == b'"' => State::QuoteInQuoted,
                State::Quoted => State::Quoted,
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                // Text after a closing quote is kept in the field, as the reader does.
                State::QuoteInQuoted => State::Unquoted,
            };
        }
        let n = chunk.len();
        reader.consume(n);
    }
}

/// Rows of a CSV file as documents.
struct CsvRows {
    path: String,
    /// The file, to look for an unclosed quote when a row reaches its end.
    file: PathBuf,
    /// The file's length when opened.
    len: u64,
    reader: Option<csv::Reader<Bounded<BufReader<File>>>>,
    /// Rows read ahead to choose the text column, served first (with the error of a row
    /// that opens a quote it never closes).
    buffered: std::collections::VecDeque<(csv::ByteRecord, Option<String>)>,
    text: usize,
    id: Option<usize>,
    row: u64,
    /// An error document to emit before (or instead of) the rows.
    pending: Option<Document>,
}

impl CsvRows {
    fn open(path: PathBuf, columns: &Columns, max_row: u64) -> CsvRows {
        let shown = path.display().to_string();
        let mut rows = CsvRows {
            path: shown.clone(),
            file: path.clone(),
            len: 0,
            reader: None,
            buffered: Default::default(),
            text: 0,
            id: None,
            row: 0,
            pending: None,
        };
        let file = match open_regular(&path) {
            Ok((file, len)) => {
                rows.len = len;
                file
            }
            Err(e) => {
                rows.pending = Some(failed_file(&shown, Some("csv"), e));
                return rows;
            }
        };
        let bounded = Bounded { inner: BufReader::new(file), used: 0, limit: max_row };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bounded);
        let headers = reader.byte_headers().cloned();
        reader.get_mut().reset();
        let headers: Vec<String> = match headers {
            Ok(h) => h
                .iter()
                .map(|cell| String::from_utf8_lossy(cell).trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            Err(e) => {
                rows.pending = Some(failed_csv(&shown, format!("{shown}: malformed CSV header: {e}")));
                return rows;
            }
        };
        let named = |names: &[&str]| {
            names.iter().find_map(|want| headers.iter().position(|h| h.eq_ignore_ascii_case(want)))
        };
        let pick = |flag: &str, name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
                .ok_or_else(|| {
                    format!(
                        "{shown}: no column '{name}' ({flag}); the header row has: {}",
                        headers.join(", ")
                    )
                })
        };
        rows.id = match &columns.id {
            Some(name) => match pick("--id-column", name) {
                Ok(i) => Some(i),
                Err(error) => {
                    rows.pending = Some(failed_csv(&shown, error));
                    return rows;
                }
            },
            // pandas writes its index as a first column with an empty name.
            None => named(&ID_COLUMNS).or_else(|| headers.first().filter(|h| h.is_empty()).map(|_| 0)),
        };
        let text = match &columns.text {
            Some(name) => pick("--text-column", name).map(Some),
            None => Ok(named(&TEXT_COLUMNS)),
        };
        let text = match text {
            Ok(t) => t,
            Err(error) => {
                rows.pending = Some(failed_csv(&shown, error));
                return rows;
            }
        };
        rows.text = match text {
            Some(i) => i,
            None => {
                // No name says which column: take the longest on average over a sample.
                let mut totals = vec![0usize; headers.len()];
                let mut record = csv::ByteRecord::new();
                while rows.buffered.len() < SAMPLE_ROWS {
                    match reader.read_byte_record(&mut record) {
                        Ok(true) => {
                            reader.get_mut().reset();
                            for (i, cell) in record.iter().enumerate().take(totals.len()) {
                                totals[i] += cell.len();
                            }
                            let unclosed = rows.unclosed_quote(&reader, &record);
                            rows.buffered.push_back((record.clone(), unclosed));
                        }
                        // Errors surface again, as row errors, when the rows are read.
                        _ => break,
                    }
                }
                let by_length = totals.iter().enumerate().filter(|(i, _)| Some(*i) != rows.id);
                by_length.max_by_key(|(i, total)| (**total, std::cmp::Reverse(*i))).map_or(0, |(i, _)| i)
            }
        };
        rows.reader = Some(reader);
        rows
    }

    /// When `record` (just read) runs to the end of the file inside a quoted field: the
    /// error for it, naming the line where the row starts. Only the last row can, so the
    /// file is looked at again only then.
    fn unclosed_quote(
        &self,
        reader: &csv::Reader<Bounded<BufReader<File>>>,
        record: &csv::ByteRecord,
    ) -> Option<String> {
        let start = record.position()?;
        if reader.position().byte() < self.len {
            return None;
        }
        match ends_in_open_quote(&self.file, start.byte()) {
            Ok(true) => Some(format!(
                "{}: malformed CSV: the row starting on line {} opens a quoted field that is never closed \
                 (it would run to the end of the file, line {}, as one document); close the quote",
                self.path,
                start.line(),
                reader.position().line()
            )),
            _ => None,
        }
    }

    /// The document of `record`, or its error when it holds an unclosed quote.
    fn row_document(&self, record: &csv::ByteRecord, unclosed: Option<String>) -> Document {
        match unclosed {
            Some(error) => Document {
                id: DocId::number(self.row),
                path: Some(self.path.clone()),
                row: Some(self.row),
                body: Body::Failed { format: Some("csv"), error },
            },
            None => self.document(record),
        }
    }

    fn document(&self, record: &csv::ByteRecord) -> Document {
        let row = self.row;
        let id = self
            .id
            .and_then(|i| record.get(i))
            .map(|cell| String::from_utf8_lossy(cell).trim().to_string())
            .filter(|cell| !cell.is_empty())
            .map_or(DocId::number(row), DocId::Text);
        let body = match record.get(self.text) {
            Some(cell) => Body::Inline { bytes: cell.to_vec(), format: "csv" },
            None => Body::Failed {
                format: Some("csv"),
                error: format!(
                    "{}:{row}: the row has no column {} (it has {} cells)",
                    self.path,
                    self.text + 1,
                    record.len()
                ),
            },
        };
        Document { id, path: Some(self.path.clone()), row: Some(row), body }
    }
}

/// An error document for a whole CSV file (bad header, missing column).
fn failed_csv(path: &str, error: String) -> Document {
    Document {
        id: DocId::Text(path.to_string()),
        path: Some(path.to_string()),
        row: None,
        body: Body::Failed { format: Some("csv"), error },
    }
}

impl Iterator for CsvRows {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if let Some(doc) = self.pending.take() {
            return Some(doc);
        }
        if let Some((record, unclosed)) = self.buffered.pop_front() {
            self.row += 1;
            return Some(self.row_document(&record, unclosed));
        }
        let reader = self.reader.as_mut()?;
        let mut record = csv::ByteRecord::new();
        let start_line = reader.position().line();
        let read = reader.read_byte_record(&mut record);
        reader.get_mut().reset();
        match read {
            Ok(true) => {
                self.row += 1;
                let reader = self.reader.as_ref()?;
                let unclosed = self.unclosed_quote(reader, &record);
                Some(self.row_document(&record, unclosed))
            }
            Ok(false) => {
                self.reader = None;
                None
            }
            Err(e) => {
                self.row += 1;
                // An I/O error ends the file; a parse error is that row's, and reading goes on.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.reader = None;
                }
                Some(Document {
                    id: DocId::number(self.row),
                    path: Some(self.path.clone()),
                    row: Some(self.row),
                    body: Body::Failed {
                        format: Some("csv"),
                        error: match e.kind() {
                            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|i| i.is::<RowTooLong>()) => {
                                format!(
                                    "{}: malformed CSV: the row starting on line {} {io} (an unclosed quote?); \
                                     the rest of the file is not read",
                                    self.path,
                                    start_line
                                )
                            }
                            _ => format!("{}: malformed CSV: {e}", self.path),
                        },
                    },
                })
            }
        }
    }
}

/// Lines of a JSON-lines stream as documents; blank lines are not documents.
struct JsonLines<R> {
    reader: Option<R>,
    path: Option<String>,
    text_field: String,
    id_field: String,
    max_line: usize,
    line: u64,
}

impl<R: BufRead> JsonLines<R> {
    fn new(reader: R, path: Option<String>, columns: &Columns, max_line: usize) -> JsonLines<R> {
        JsonLines {
            reader: Some(reader),
            path,
            text_field: columns.text.clone().unwrap_or_else(|| "text".into()),
            id_field: columns.id.clone().unwrap_or_else(|| "id".into()),
            max_line,
            line: 0,
        }
    }

    /// The next line, at most `max_line` bytes kept: `Ok(None)` at the end, `Ok(Some(Err(len)))`
    /// for a line over the limit (the rest of it is read and dropped).
    fn read_line(&mut self) -> std::io::Result<Option<Result<Vec<u8>, u64>>> {
        let Some(reader) = self.reader.as_mut() else { return Ok(None) };
        let mut buf = Vec::new();
        let limit = (self.max_line as u64).saturating_add(1);
        let n = reader.by_ref().take(limit).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&b'\n') || (n as u64) < limit {
            return Ok(Some(Ok(buf)));
        }
        // Over the limit: skip to the end of the line without keeping it.
        let mut total = n as u64;
        loop {
            let (done, used) = {
                let chunk = reader.fill_buf()?;
                if chunk.is_empty() {
                    (true, 0)
                } else {
                    match chunk.iter().position(|&b| b == b'\n') {
                        Some(i) => (true, i + 1),
                        None => (false, chunk.len()),
                    }
                }
            };
            reader.consume(used);
            total += used as u64;
            if done {
                return Ok(Some(Err(total)));
            }
        }
    }

    /// The input's name in messages: its path, or "-" for standard input.
    fn label(&self) -> String {
        self.path.clone().unwrap_or_else(|| "-".into())
    }

    /// The error record of the current line, which could not be read as a document.
    fn failed_line(&self, error: String) -> Document {
        Document {
            id: DocId::number(self.line),
            path: self.path.clone(),
            row: Some(self.line),
            body: Body::Failed { format: Some("jsonl"), error },
        }
    }

    fn document(&self, line: &[u8]) -> Document {
        let row = self.line;
        let label = match &self.path {
            Some(p) => format!("{p}:{row}"),
            None => format!("-:{row}"),
        };
        let failed = |id: DocId, error: String| Document {
            id,
            path: self.path.clone(),
            row: Some(row),
            body: Body::Failed { format: Some("jsonl"), error: format!("{label}: {error}") },
        };
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the first line.
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => return failed(DocId::number(row), format!("not JSON: {e}")),
        };
        let Some(object) = value.as_object() else {
            return failed(DocId::number(row), "not a JSON object".into());
        };
        let id = match object.get(&self.id_field) {
            None | Some(serde_json::Value::Null) => DocId::number(row),
            Some(serde_json::Value::String(s)) => DocId::Text(s.clone()),
            Some(serde_json::Value::Number(n)) => DocId::Number(n.clone()),
            Some(_) => {
                return failed(
                    DocId::number(row),
                    format!("\"{}\" must be a string or a number", self.id_field),
                )
            }
        };
        let body = match object.get(&self.text_field) {
            Some(serde_json::Value::String(text)) => {
                Body::Inline { bytes: text.as_bytes().to_vec(), format: "jsonl" }
            }
            Some(_) => return failed(id, format!("\"{}\" is not a string", self.text_field)),
            None => return failed(id, format!("no \"{}\" field", self.text_field)),
        };
        Document { id, path: self.path.clone(), row: Some(row), body }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            let line = match self.read_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.reader = None;
                    return None;
                }
                Err(e) => {
                    self.reader = None;
                    self.line += 1;
                    return Some(self.failed_line(format!("{}: cannot read: {e}", self.label())));
                }
            };
            self.line += 1;
            match line {
                Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(bytes) => return Some(self.document(&bytes)),
                Err(len) => {
                    let error = format!(
                        "{}:{}: too large: the line has {len} bytes (limit {})",
                        self.label(),
                        self.line,
                        self.max_line
                    );
                    return Some(self.failed_line(error));
                }
            }
        }
    }
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

    #[test]
    fn json_lines_ids_texts_and_errors() {
        let input = b"{\"id\": 7, \"text\": \"a\"}\n\n{\"text\": \"b\"}\nnot json\n{\"id\": \"x\"}\n{\"id\":1,\"text\":\"long long long\"}\n";
        let docs: Vec<Document> = JsonLines::new(&input[..], None, &Columns::default(), 40).collect();
        let ids: Vec<String> = docs.iter().map(|d| d.id.to_string()).collect();
        assert_eq!(ids, ["7", "3", "4", "x", "1"]);
        assert!(matches!(docs[0].body, Body::Inline { .. }));
        assert!(matches!(&docs[2].body, Body::Failed { error, .. } if error.contains("not JSON")));
        assert!(matches!(&docs[3].body, Body::Failed { error, .. } if error.contains("no \"text\"")));
        assert!(matches!(&docs[4].body, Body::Inline { .. }));
        let bom = b"\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"x\"}\n";
        let docs: Vec<Document> = JsonLines::new(&bom[..], None, &Columns::default(), 40).collect();
        assert_eq!(docs[0].id, DocId::Text("b".into()));
        let long = b"{\"text\": \"0123456789012345678901234567890123456789\"}\n{\"text\":\"ok\"}";
        let docs: Vec<Document> = JsonLines::new(&long[..], None, &Columns::default(), 20).collect();
        assert_eq!(docs.len(), 2);
        assert!(matches!(&docs[0].body, Body::Failed { error, .. } if error.contains("too large")));
        assert!(matches!(&docs[1].body, Body::Inline { bytes, .. } if bytes == b"ok"));
    }
}
