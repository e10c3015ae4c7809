//! Where skillmatch keeps its own things when the user names no folder, the way installed
//! command-line tools do:
//!
//! - the user configuration, `$XDG_CONFIG_HOME/skillmatch/config.toml` (else
//!   `~/.config/…`), naming the default corpus;
//! - the indexes, `$XDG_CACHE_HOME/skillmatch/indexes/<key>/` (else `~/.cache/…`), one per
//!   corpus set, keyed by the corpus paths, so switching `--corpus` never destroys another
//!   set's index and nothing is written into the current folder unasked;
//! - the frameworks of the last run (`last-run.json` in the cache), so a run whose framework
//!   set differs says so.
//!
//! `--index DIR` (or `SKILLMATCH_INDEX`) bypasses the cache: that folder is used as before.

use serde::{Deserialize, Serialize};
use skillmatch::Error;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The application's folder name under the XDG folders.
const APP: &str = "skillmatch";
/// The configuration file's name in the config folder.
pub const CONFIG_FILE: &str = "config.toml";
/// The record of what each cached index holds, beside the index layout's own files.
const ENTRY_FILE: &str = "skillmatch-cache-entry.json";
/// The record of the last run's frameworks.
const LAST_RUN_FILE: &str = "last-run.json";

/// The user's folders for skillmatch, from the environment.
#[derive(Debug, Clone, Default)]
pub struct Home {
    /// `…/skillmatch` in the config folder, when one can be found.
    pub config: Option<PathBuf>,
    /// `…/skillmatch` in the cache folder, when one can be found.
    pub cache: Option<PathBuf>,
}

impl Home {
    /// The folders from `XDG_CONFIG_HOME` and `XDG_CACHE_HOME` (absolute paths only, as the
    /// XDG specification asks), else `~/.config` and `~/.cache` (`HOME`), else on Windows
    /// `%APPDATA%` and `%LOCALAPPDATA%`.
    pub fn from_env() -> Home {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Home::from_vars(&var)
    }

    fn from_vars(var: &dyn Fn(&str) -> Option<OsString>) -> Home {
        let base = |xdg: &str, under_home: &str, windows: &str| {
            var(xdg)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| {
                    var("HOME").map(PathBuf::from).filter(|p| p.is_absolute()).map(|h| h.join(under_home))
                })
                .or_else(|| var(windows).map(PathBuf::from).filter(|p| p.is_absolute()))
                .map(|p| p.join(APP))
        };
        Home {
            config: base("XDG_CONFIG_HOME", ".config", "APPDATA"),
            cache: base("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA"),
        }
    }

    /// The configuration file.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join(CONFIG_FILE))
    }

    /// The folder of the cached indexes.
    pub fn indexes(&self) -> Option<PathBuf> {
        self.cache.as_ref().map(|c| c.join("indexes"))
    }

    /// The cached index of the corpus set `corpus` (paths as [`resolve`] gives them).
    pub fn index_for(&self, corpus: &[PathBuf]) -> Option<PathBuf> {
        self.indexes().map(|dir| dir.join(cache_key(corpus)))
    }

    fn last_run_file(&self) -> Option<PathBuf> {
        self.cache.as_ref().map(|c| c.join(LAST_RUN_FILE))
    }
}

/// A corpus path as it keys an index, is saved as the default and is named in notes:
/// `..` and links resolved where the path exists (so `clone/../shared/x` and `shared/x`
/// share one index), else made absolute.
pub fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// The folder name of a corpus set's index: the last component of each path (readable in
/// `index --list` and `ls`) and a hash of the whole paths (so two `sfia-9` folders in
/// different places never share an index). The order counts: it decides which source wins
/// a merge.
pub fn cache_key(corpus: &[PathBuf]) -> String {
    let mut slug = String::new();
    for path in corpus {
        let name =
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "root".into());
        if !slug.is_empty() {
            slug.push('+');
        }
        slug.extend(name.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        }));
    }
    let slug: String = slug.chars().take(48).collect();
    // FNV-1a: stable across versions and platforms, unlike the standard library's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in corpus {
        for byte in path.as_os_str().as_encoded_bytes().iter().chain([&0u8]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{slug}-{hash:016x}")
}

/// The user configuration file's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserConfig {
    /// The file read.
    pub path: PathBuf,
    /// `corpus`: the default framework sources, absolute.
    pub corpus: Vec<PathBuf>,
}

/// Read the configuration file at `path`; `None` when there is none.
///
/// Errors ([`Error::Usage`]): a file that cannot be read or parsed, naming it and the line.
pub fn read_config(path: &Path) -> Result<Option<UserConfig>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Usage(format!("{}: cannot read: {e}", path.display()))),
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let corpus = parse_config(&text, base, home.as_deref())
        .map_err(|(line, message)| Error::Usage(format!("{}:{line}: {message}", path.display())))?;
    Ok(Some(UserConfig { path: path.to_path_buf(), corpus }))
}

/// The `corpus` setting of a configuration file's text: `corpus = "PATH"` or
/// `corpus = ["PATH", …]` (TOML strings, basic or literal; an array may span lines), `#`
/// comments. `~/` is the home folder; a relative path is relative to the file's folder.
/// `Err` is the 1-based line and what is wrong there.
fn parse_config(text: &str, base: &Path, home: Option<&Path>) -> Result<Vec<PathBuf>, (usize, String)> {
    let mut corpus = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((number, line)) = lines.next() {
        let line = strip_comment(line);
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err((number, format!("expected `key = value`, found `{}`", line.trim())));
        };
        if key.trim() != "corpus" {
            return Err((number, format!("unknown setting `{}` (skillmatch reads `corpus`)", key.trim())));
        }
        let mut value = value.trim().to_string();
        if value.starts_with('[') {
            while !value.trim_end().ends_with(']') {
                let Some((_, more)) = lines.next() else {
                    return Err((number, "the list of `corpus` has no closing `]`".into()));
                };
                value.push(' ');
                value.push_str(strip_comment(more));
            }
            let inner = value.trim().trim_start_matches('[').trim_end_matches(']');
            let mut rest = inner.trim();
            while !rest.is_empty() {
                let (path, after) = parse_string(rest).map_err(|m| (number, m))?;
                corpus.push(path);
                rest = after.trim_start();
                rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
            }
        } else {
            let (path, after) = parse_string(&value).map_err(|m| (number, m))?;
            if !after.trim().is_empty() {
                return Err((number, format!("unexpected `{}` after the path", after.trim())));
            }
            corpus.push(path);
        }
    }
    Ok(corpus
        .into_iter()
        .map(|p| match (p.strip_prefix("~").ok(), home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => base.join(p),
        })
        .map(|p| std::path::absolute(&p).unwrap_or(p))
        .collect())
}

/// `line` without a `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

/// One TOML string at the start of `text` (`"…"` with `\\` and `\"` escapes, or `'…'` as
/// is) and the text after it.
fn parse_string(text: &str) -> Result<(PathBuf, &str), String> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'');
    let Some(quote) = quote else {
        return Err(format!("expected a quoted path, found `{text}`"));
    };
    let mut value = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => {
                if value.is_empty() {
                    return Err("an empty path".into());
                }
                return Ok((PathBuf::from(value), &text[1 + i + 1..]));
            }
            '\\' if quote == '"' => match chars.next() {
                Some((_, e @ ('\\' | '"'))) => value.push(e),
                Some((_, 't')) => value.push('\t'),
                other => return Err(format!("unsupported escape `\\{}`", other.map_or(' ', |(_, c)| c))),
            },
            c => value.push(c),
        }
    }
    Err(format!("the string `{text}` is not closed"))
}

/// Write a configuration file naming `corpus` as the default, replacing the file whole.
pub fn write_config(path: &Path, corpus: &[PathBuf]) -> std::io::Result<()> {
    let mut text = String::from(
        "# skillmatch's defaults (written by skillmatch; edit freely).\n\
         # corpus: the framework sources used when --corpus and SKILLMATCH_CORPUS are not given.\n\
         corpus = [\n",
    );
    for path in corpus {
        let shown = path.to_string_lossy().replace('\\', "\\\\").replace('"', "\\\"");
        text.push_str(&format!("    \"{shown}\",\n"));
    }
    text.push_str("]\n");
    write_replacing(path, text.as_bytes())
}

/// Write `bytes` to `path` through a temporary file renamed over it, creating the folder.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    let written =
        std::fs::File::create(&partial).and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// What a cached index holds, written beside it when it is built, for `index --list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// The corpus paths it is built from.
    pub corpus: Vec<PathBuf>,
    /// The frameworks it holds.
    pub frameworks: Vec<String>,
    /// How many skills.
    pub skills: usize,
}

/// Record what the index in `dir` holds (best effort: a cache that cannot be written only
/// loses its listing).
pub fn write_entry(dir: &Path, entry: &CacheEntry) {
    if let Ok(json) = serde_json::to_vec_pretty(entry) {
        let _ = write_replacing(&dir.join(ENTRY_FILE), &json);
    }
}

/// What the index in `dir` holds, when recorded.
pub fn read_entry(dir: &Path) -> Option<CacheEntry> {
    serde_json::from_slice(&std::fs::read(dir.join(ENTRY_FILE)).ok()?).ok()
}

/// One cached index, as `index --list` shows it.
#[derive(Debug, Clone)]
pub struct Cached {
    /// Its folder.
    pub dir: PathBuf,
    /// What it holds, when recorded.
    pub entry: Option<CacheEntry>,
    /// Bytes on disk.
    pub bytes: u64,
}

/// The cached indexes in `indexes`, by folder name.
pub fn list(indexes: &Path) -> Vec<Cached> {
    let Ok(read) = std::fs::read_dir(indexes) else { return Vec::new() };
    let mut found: Vec<Cached> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_cached_index(p))
        .map(|dir| Cached { entry: read_entry(&dir), bytes: size_of(&dir), dir })
        .collect();
    found.sort_by(|a, b| a.dir.cmp(&b.dir));
    found
}

/// Whether `dir` is an index skillmatch put in its cache: only those are ever removed.
fn is_cached_index(dir: &Path) -> bool {
    dir.is_dir()
        && (dir.join("skillmatch-current").exists()
            || dir.join(ENTRY_FILE).exists()
            || dir.join(".skillmatch-build.lock").exists())
}

fn size_of(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return 0 };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.filter_map(Result::ok).map(|e| size_of(&e.path())).sum())
        .unwrap_or(0)
}

/// Remove every cached index in `indexes` (they are rebuilt on next use); returns what was
/// removed. Folders that are not skillmatch indexes are left alone.
pub fn clean(indexes: &Path) -> Result<Vec<Cached>, Error> {
    let cached = list(indexes);
    for c in &cached {
        std::fs::remove_dir_all(&c.dir)
            .map_err(|e| Error::Usage(format!("{}: cannot remove: {e}", c.dir.display())))?;
    }
    Ok(cached)
}

/// The frameworks a run used and where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastRun {
    /// Framework ids, sorted.
    pub frameworks: Vec<String>,
    /// The corpus paths.
    pub corpus: Vec<PathBuf>,
}

/// Record `run` as the last run and return the previous one when it used other frameworks
/// (nothing when there was none, or the same set).
pub fn swap_last_run(home: &Home, run: &LastRun) -> Option<LastRun> {
    let path = home.last_run_file()?;
    let before: Option<LastRun> = std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok());
    if before.as_ref() == Some(run) {
        return None;
    }
    if let Ok(json) = serde_json::to_vec_pretty(run) {
        let _ = write_replacing(&path, &json);
    }
    before.filter(|b| b.frameworks != run.frameworks)
}

/// Whether `dir` holds framework sources: a folder with anything in it but its README (the
/// repository's `corpus/` ships with only a README).
pub fn holds_sources(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.filter_map(Result::ok).any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        !name.starts_with('.') && !name.eq_ignore_ascii_case("README.md")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<PathBuf>, (usize, String)> {
        parse_config(text, Path::new("/etc/sm"), Some(Path::new("/home/u")))
    }

    #[test]
    fn config_paths() {
        assert_eq!(parse("corpus = \"/a/sfia-9\"\n"), Ok(vec![PathBuf::from("/a/sfia-9")]));
        assert_eq!(
            parse("# defaults\ncorpus = [\n  \"~/sfia-9\", # SFIA\n  'rel/esco',\n]\n"),
            Ok(vec![PathBuf::from("/home/u/sfia-9"), PathBuf::from("/etc/sm/rel/esco")])
        );
        assert_eq!(parse("corpus = [\"/a \\\"b\\\" #c\"]"), Ok(vec![PathBuf::from("/a \"b\" #c")]));
        assert_eq!(parse(""), Ok(vec![]));
    }

    #[test]
    fn config_errors_name_the_line() {
        assert_eq!(parse("\nindex = \"/x\"").unwrap_err().0, 2);
        assert!(parse("corpus = /a").unwrap_err().1.contains("quoted path"));
        assert!(parse("corpus = [\"/a\"").unwrap_err().1.contains("no closing"));
        assert!(parse("corpus = \"/a").unwrap_err().1.contains("not closed"));
        assert!(parse("corpus").unwrap_err().1.contains("key = value"));
        assert!(parse("corpus = \"/a\" x").unwrap_err().1.contains("after the path"));
    }

    #[test]
    fn written_config_reads_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("deep/skillmatch/config.toml");
        let corpus = vec![PathBuf::from("/data/sfia 9"), PathBuf::from("/data/we\"ird\\")];
        write_config(&file, &corpus).unwrap();
        assert_eq!(read_config(&file).unwrap().unwrap().corpus, corpus);
        assert_eq!(read_config(&dir.path().join("none.toml")).unwrap(), None);
    }

    #[test]
    fn keys_tell_corpus_sets_apart() {
        let a = cache_key(&[PathBuf::from("/x/sfia-9")]);
        let b = cache_key(&[PathBuf::from("/y/sfia-9")]);
        let c = cache_key(&[PathBuf::from("/x/sfia-9"), PathBuf::from("/x/ESCO 1.1")]);
        assert!(a.starts_with("sfia-9-") && b.starts_with("sfia-9-") && a != b, "{a} {b}");
        assert!(c.starts_with("sfia-9+esco_1.1-"), "{c}");
        assert_eq!(a, cache_key(&[PathBuf::from("/x/sfia-9")]));
    }

    #[test]
    fn one_corpus_named_two_ways_shares_one_index() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("clone")).unwrap();
        std::fs::create_dir_all(dir.path().join("shared/sfia-9")).unwrap();
        let home = Home { config: None, cache: Some(dir.path().join("cache")) };
        let index = |path: &str| home.index_for(&[resolve(&dir.path().join(path))]);
        assert_eq!(index("shared/sfia-9"), index("clone/../shared/sfia-9"));
        assert_ne!(index("shared/sfia-9"), index("clone"));
    }

    #[test]
    fn folders_from_the_environment() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
        };
        let home = Home::from_vars(&vars(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "/c")]));
        assert_eq!(home.config, Some(PathBuf::from("/home/u/.config/skillmatch")));
        assert_eq!(home.cache, Some(PathBuf::from("/c/skillmatch")));
        // A relative XDG path is ignored, as the specification asks.
        let home = Home::from_vars(&vars(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "rel")]));
        assert_eq!(home.config, Some(PathBuf::from("/home/u/.config/skillmatch")));
        assert_eq!(Home::from_vars(&vars(&[])).cache, None);
    }
}
