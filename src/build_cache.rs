//! The build cache: `handbook build` run again with nothing changed does no work.
//!
//! After a build is written, `.handbook-cache/build.json` records a fingerprint of everything
//! the build read (every Markdown file's text, the config, the templates and theme, the size and
//! modification time of every copied file, git dates and "today", the command's options and the
//! binary itself), the diagnostics it printed, and the size and modification time of every file
//! it left in the output folder. The next build loads the sources (it must, to fingerprint them)
//! and, when the fingerprint and the output folder are both as recorded, prints the recorded
//! diagnostics and stops. Anything different, or a cache file that is missing, unreadable or of
//! another version, is a full build: the cache can only skip a build whose result would be the
//! bytes already on disk, and deleting it is always safe.
//!
//! A build that is not skipped still takes what it can from the last one ([`kept`]): each file's
//! parsed front matter and rendered body, and each page whose HTML would be the same and is
//! still in the output folder as the last build wrote it.

mod kept;
pub(crate) use kept::{ThisBinary, load_model, load_pages, store_model, store_pages};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::digest::Digester;
use crate::load::Sources;
use crate::session::SessionOptions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The cache folder inside the handbook (the external-link cache's too).
pub const DIR: &str = crate::external::cache::DEFAULT_DIR;
/// The file inside [`DIR`].
pub const FILE: &str = "build.json";
/// The format version written in the file; a file of another version is ignored.
const VERSION: u32 = 1;
/// Root files read while loading that are not pages (decision folder settings).
const ROOT_SETTINGS: &[&str] = &[".adr-dir", ".log4brains.yml"];

/// A fingerprint of every input of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(u128);

impl Fingerprint {
    fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// What a build read, fingerprinted: equal fingerprints mean equal sites.
pub fn fingerprint(
    options: &SessionOptions,
    out: &Path,
    config: &Config,
    config_diagnostics: &Diagnostics,
    sources: &Sources,
) -> Fingerprint {
    let mut h = Input(Digester::new());
    h.text(env!("CARGO_PKG_VERSION"));
    // The binary itself (a rebuilt `handbook` of the same version may render differently).
    let exe = std::env::current_exe().ok();
    h.stamp(exe.as_deref());
    h.settings(options, out, config);
    h.text(&format!("{:?}", config_diagnostics.items()));
    h.root_files(&options.root, std::iter::once(crate::config::CONFIG_FILE));
    h.count(sources.markdown.len());
    for file in &sources.markdown {
        h.text(&file.rel_path);
        h.text(&file.text);
    }
    for list in [&sources.assets, &sources.static_files] {
        h.count(list.len());
        for file in list {
            h.text(&file.rel_path);
            h.stamp(Some(&file.abs_path));
        }
    }
    h.templates(sources);
    h.text(&format!("{:?}", sources.decision_folders));
    // Git dates, modification times of files git does not know, and today's date.
    h.text(&format!("{:?}", sources.history));
    theme_files(&mut h, options, config);
    Fingerprint(h.0.finish())
}

/// What the entries of [`kept`] are valid under: everything that a parse, a body or a page's
/// HTML depends on besides the Markdown, the copied files and the dates, which each entry
/// checks for itself (see [`crate::model::memo`] and [`crate::render::reuse`]).
pub fn reuse_key(
    options: &SessionOptions,
    out: &Path,
    config: &Config,
    sources: &Sources,
) -> Fingerprint {
    let mut h = Input(Digester::new());
    h.text("reuse");
    // The binary itself is checked by the files (see `kept::ThisBinary`).
    h.text(env!("CARGO_PKG_VERSION"));
    h.settings(options, out, config);
    h.root_files(&options.root, std::iter::empty());
    h.templates(sources);
    h.count(sources.static_files.len());
    for file in &sources.static_files {
        h.text(&file.rel_path);
        h.stamp(Some(&file.abs_path));
    }
    h.text(&format!("{:?}", sources.decision_folders));
    theme_files(&mut h, options, config);
    Fingerprint(h.0.finish())
}

/// The theme beyond the template overrides: the `theme:` folder's files by size and
/// modification time, and the handbook's own translation tables (`i18n/`, which the walk of
/// the pages leaves out) by their bytes.
fn theme_files(h: &mut Input, options: &SessionOptions, config: &Config) {
    if let Some(theme) = &config.theme {
        for (rel, path) in files_under(&options.root.join(theme)) {
            h.text(&rel);
            h.stamp(Some(&path));
        }
    }
    for (rel, path) in files_under(&options.root.join(crate::i18n::I18N_DIR)) {
        h.text(&rel);
        h.bytes(&std::fs::read(path).unwrap_or_default());
    }
}

/// Length-prefixed input for the hasher, so that two different lists never hash alike.
struct Input(Digester);

impl Input {
    /// The command's options, the output folder and the config.
    fn settings(&mut self, options: &SessionOptions, out: &Path, config: &Config) {
        self.text(&format!(
            "{:?}|{:?}|{}|{}|{:?}|{:?}",
            options.base_url,
            out,
            options.relative_index,
            options.no_search,
            options.body_end_snippet,
            options.bodies
        ));
        // `Config` holds only vectors, options and plain values, so its debug form is stable.
        self.text(&format!("{config:?}"));
    }

    /// The decision folder settings at the root, and `more` root files, by their bytes.
    fn root_files<'a>(&mut self, root: &Path, more: impl Iterator<Item = &'a str>) {
        for name in more.chain(ROOT_SETTINGS.iter().copied()) {
            self.text(name);
            self.bytes(&std::fs::read(root.join(name)).unwrap_or_default());
        }
    }

    /// The template overrides, by name and text.
    fn templates(&mut self, sources: &Sources) {
        self.count(sources.templates.len());
        for (name, text) in &sources.templates {
            self.text(name);
            self.text(text);
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0.bytes(bytes);
    }
    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }
    fn count(&mut self, n: usize) {
        self.0.number(n as u64);
    }
    /// A file by size and modification time (its bytes are copied, not read, by a build).
    fn stamp(&mut self, path: Option<&Path>) {
        let (len, modified) = path.map_or((u64::MAX, 0), stat);
        self.0.number(len).digest(modified);
    }
}

/// Size and modification time (nanoseconds) of a file; `(u64::MAX, 0)` when it cannot be read.
fn stat(path: &Path) -> (u64, u128) {
    std::fs::metadata(path).map_or((u64::MAX, 0), |m| {
        let modified = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        (m.len(), modified)
    })
}

/// Every file under `dir`, as (`/`-separated path relative to `dir`, path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((rel, e.into_path()))
        })
        .collect();
    files.sort();
    files
}

/// A file of the output folder as the build left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct OutputFile {
    path: String,
    len: u64,
    modified: u128,
}

fn output_files(out: &Path) -> Vec<OutputFile> {
    files_under(out)
        .into_iter()
        .map(|(path, abs)| {
            let (len, modified) = stat(&abs);
            OutputFile {
                path,
                len,
                modified,
            }
        })
        .collect()
}

/// A diagnostic as stored ([`Diagnostic::code`] is a static string).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredDiagnostic {
    severity: String,
    code: String,
    file: String,
    line: u32,
    column: u32,
    message: String,
    help: Option<String>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            severity: format!("{:?}", d.severity),
            code: d.code.to_string(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// The cache file.
#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    fingerprint: String,
    pages: usize,
    diagnostics: Vec<StoredDiagnostic>,
    output: Vec<OutputFile>,
}

/// A build that need not be done again: what it reported.
#[derive(Debug)]
pub struct Hit {
    /// The number of pages it built.
    pub pages: usize,
    /// Every diagnostic it printed, sorted.
    pub diagnostics: Diagnostics,
    /// The number of files in the output folder.
    pub files: usize,
    /// The output folder, as the session names it.
    pub out: PathBuf,
}

/// The cache file of a handbook.
pub fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
}

/// The recorded build, when it had `fingerprint` and the output folder `out` is as it left it.
pub fn lookup(root: &Path, out: &Path, fingerprint: Fingerprint) -> Option<Hit> {
    let text = std::fs::read_to_string(path(root)).ok()?;
    let file: CacheFile = serde_json::from_str(&text).ok()?;
    if file.version != VERSION || file.fingerprint != fingerprint.hex() {
        return None;
    }
    if output_files(out) != file.output {
        return None;
    }
    let mut diagnostics = Diagnostics::new();
    for d in file.diagnostics {
        diagnostics.push(restore(d)?);
    }
    let marker = |f: &&OutputFile| f.path == crate::write::MARKER;
    Some(Hit {
        pages: file.pages,
        diagnostics,
        files: file.output.iter().filter(|f| !marker(f)).count(),
        out: out.to_path_buf(),
    })
}

/// Records a build that was just written to `out`. A cache that cannot be written only costs
/// the next build its shortcut, so the error is for the caller to mention, not to fail on.
pub fn store(
    root: &Path,
    out: &Path,
    fingerprint: Fingerprint,
    pages: usize,
    diagnostics: &Diagnostics,
) -> std::io::Result<()> {
    let file = CacheFile {
        version: VERSION,
        fingerprint: fingerprint.hex(),
        pages,
        diagnostics: diagnostics
            .items()
            .iter()
            .map(StoredDiagnostic::from)
            .collect(),
        output: output_files(out),
    };
    write_atomically(root, FILE, serde_json::to_string(&file)?.as_bytes())
}

/// Writes `bytes` to `name` in the cache folder (made when missing, with a `.gitignore` that
/// keeps it out of git): a temporary file, then a rename, so that a reader never sees half.
fn write_atomically(root: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(root, name, |file| std::io::Write::write_all(file, bytes))
}

/// [`write_atomically`], the bytes written by `write` (a large file is not held in memory).
fn write_atomically_with(
    root: &Path,
    name: &str,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        std::fs::write(gitignore, "# handbook's caches; safe to delete.\n*\n")?;
    }
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut file = std::io::BufWriter::new(file);
        write(&mut file)?;
        std::io::Write::flush(&mut file)
    });
    written
        .and_then(|()| std::fs::rename(&tmp, &path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// Forgets the recorded build (before a build whose result will not be recorded).
pub fn forget(root: &Path) {
    let _ = std::fs::remove_file(path(root));
}

/// The diagnostic stored as `d`; `None` when it names a code this binary does not know.
pub(crate) fn restore(d: StoredDiagnostic) -> Option<Diagnostic> {
    let severity = match d.severity.as_str() {
        "Error" => Severity::Error,
        "Warning" => Severity::Warning,
        "Note" => Severity::Note,
        _ => return None,
    };
    Some(Diagnostic {
        severity,
        // A code this binary does not know means another binary wrote the cache: no hit.
        code: Code::from_name(&d.code)?,
        file: d.file,
        line: d.line,
        column: d.column,
        message: d.message,
        help: d.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_diagnostics_come_back_equal() {
        let d = Diagnostic::warning(Code::ReviewOverdue, "a.md", 3, 7, "x").with_help("y");
        assert_eq!(restore(StoredDiagnostic::from(&d)), Some(d));
    }

    #[test]
    fn a_lookup_needs_the_same_fingerprint_and_output() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path(), dir.path().join("public"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "a").unwrap();
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::note(Code::OrphanPage, "a.md", 0, 0, "n"));
        let key = Fingerprint(7);
        store(root, &out, key, 3, &diagnostics).unwrap();
        let hit = lookup(root, &out, key).expect("a hit");
        assert_eq!((hit.pages, hit.files), (3, 1));
        assert_eq!(hit.diagnostics.items(), diagnostics.items());
        assert!(lookup(root, &out, Fingerprint(8)).is_none());
        std::fs::write(out.join("index.html"), "ab").unwrap();
        assert!(lookup(root, &out, key).is_none(), "an edited output file");
        std::fs::write(out.join("index.html"), "a").unwrap();
        store(root, &out, key, 3, &diagnostics).unwrap();
        std::fs::write(out.join("stray.html"), "x").unwrap();
        assert!(
            lookup(root, &out, key).is_none(),
            "a file the build did not write"
        );
        std::fs::write(path(root), "{ oops").unwrap();
        assert!(lookup(root, &out, key).is_none(), "a corrupt cache");
    }
}
