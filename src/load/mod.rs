//! LOAD: the handbook folder on disk -> [`Sources`]. The only stage that reads content files.
//!
//! Walks the root once, reads every Markdown file (in parallel) and lists the files to copy. What
//! the walk skips: the output folder, hidden files and folders, `node_modules`, `target`, the
//! config file, the theme folders (with the translation tables), the `exclude` globs of
//! `handbook.yml` and what `.gitignore` files leave out.

pub mod decisions;
pub mod foreign;
pub mod frontmatter;
pub mod git;
pub mod history;
mod names;
pub mod rel_path;
pub mod source;

pub use rel_path::RelPath;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Code, Diagnostic};
use anyhow::Context as _;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
pub use source::{AssetFile, ReadAs, SourceFile};
use std::path::{Path, PathBuf};

/// Folder at the root whose files are copied to the site root (and override the theme's).
pub const STATIC_DIR: &str = "static";
/// Folder at the root whose templates override the theme's, file by file.
pub const TEMPLATES_DIR: &str = "templates";

/// Everything read from the handbook folder.
#[derive(Debug, Default)]
pub struct Sources {
    /// Every Markdown file, in walk order (each folder's entries sorted by name, so not sorted
    /// by `rel_path` as a whole: `a/b.md` comes before `a-c.md`).
    pub markdown: Vec<SourceFile>,
    /// Files beside the pages (images, PDFs), copied to the same relative path.
    pub assets: Vec<AssetFile>,
    /// Files of the root's `static/` folder, copied to the site root.
    pub static_files: Vec<AssetFile>,
    /// Template overrides: (name relative to `templates/`, text), from the root's `templates/`.
    pub templates: Vec<(String, String)>,
    /// Folders holding decision records, relative to the root (`""` for the root itself).
    pub decision_folders: Vec<String>,
    /// Last-changed dates of the files, and today's date.
    pub history: history::History,
}

impl Sources {
    /// The `rel_path` of every Markdown file, for lookups by path.
    pub(crate) fn markdown_paths(&self) -> std::collections::HashSet<&str> {
        self.markdown.iter().map(|f| f.rel_path.as_str()).collect()
    }
}

/// Walks `root` and reads what the build needs. `out_dir` (absolute or relative to the current
/// folder) is skipped wherever it is.
pub(crate) fn load_sources(
    root: &Path,
    config: &Config,
    out_dir: &Path,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    walk_and_read(root, config, out_dir, None)
}

/// What the last load read, lent to the next one by `serve`.
pub(crate) struct Reload {
    /// The last load's sources, with any patched edits.
    pub(crate) sources: Sources,
    /// The problems that load reported, as [`load_sources`] returned them.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The Markdown files created, changed or removed since, relative to the handbook root.
    pub(crate) changed: Vec<String>,
}

/// [`load_sources`] again after Markdown files changed (and nothing else): the same result,
/// reading only the changed files. The walk is skipped too when each changed file was there
/// before and still is, is gone, or is new in a folder the last walk took files from and the
/// walk would take it (see [`walk_would_take`]); otherwise the folder is walked again, but
/// only the new and changed files are read.
pub(crate) fn load_sources_again(
    root: &Path,
    config: &Config,
    out_dir: &Path,
    reload: Reload,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    #[cfg(debug_assertions)]
    let files_before = reload.sources.markdown.len();
    match reread_in_place(root, config, reload) {
        Ok(loaded) => {
            #[cfg(debug_assertions)]
            if let Ok((sources, _)) = &loaded
                && sources.markdown.len() != files_before
            {
                check_as_walked(root, config, out_dir, sources);
            }
            loaded
        }
        Err(reload) => walk_and_read(root, config, out_dir, Some(*reload)),
    }
}

/// Reads the changed files of `reload` into its sources when each of them is a Markdown file
/// the last load read, still a readable UTF-8 file, one that is gone (see [`removable`]) or a
/// new one the walk would take (see [`addable`]); otherwise gives `reload` back untouched.
fn reread_in_place(
    root: &Path,
    config: &Config,
    mut reload: Reload,
) -> Result<anyhow::Result<(Sources, Vec<Diagnostic>)>, Box<Reload>> {
    let content_root = root.join(&config.content_dir);
    let index: std::collections::HashMap<&str, usize> = reload
        .sources
        .markdown
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel_path.as_str(), i))
        .collect();
    let mut texts = Vec::new();
    let mut removed = std::collections::HashSet::new();
    let mut added = Vec::new();
    for changed in &reload.changed {
        let Some(rel) = content_relative(config, changed) else {
            return Err(Box::new(reload));
        };
        let abs = content_root.join(rel);
        let Some(&at) = index.get(rel) else {
            if !addable(&reload, config, &content_root, rel) {
                return Err(Box::new(reload));
            }
            match std::fs::read(&abs).map(String::from_utf8) {
                Ok(Ok(text)) => added.push(SourceFile::new(rel.to_string(), abs, text)),
                _ => return Err(Box::new(reload)),
            }
            continue;
        };
        match std::fs::symlink_metadata(&abs) {
            Ok(meta) if meta.is_file() => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && removable(&reload, rel) => {
                removed.insert(at);
                continue;
            }
            _ => return Err(Box::new(reload)),
        }
        // A file read in another encoding has its warning among the load's: a walk says again
        // what is true now.
        if reload.sources.markdown[at].read_as_encoding().is_some() {
            return Err(Box::new(reload));
        }
        match std::fs::read(&abs).map(String::from_utf8) {
            Ok(Ok(text)) => texts.push((at, abs, text)),
            _ => return Err(Box::new(reload)),
        }
    }
    drop(index);
    if !removed.is_empty() || !added.is_empty() {
        let mut scratch = Vec::new();
        let remaining: Vec<&str> = reload
            .sources
            .markdown
            .iter()
            .enumerate()
            .filter(|(i, _)| !removed.contains(i))
            .map(|(_, f)| f.rel_path.as_str())
            .chain(added.iter().map(|f| f.rel_path.as_str()))
            .collect();
        let folders = decisions::decision_folders(&content_root, config, &remaining, &mut scratch);
        // Which folders hold records, and what finding them reported, must stay as they were.
        if folders != reload.sources.decision_folders
            || !scratch.iter().all(|d| reload.diagnostics.contains(d))
        {
            return Err(Box::new(reload));
        }
    }
    let mut changed = std::collections::HashSet::new();
    for (at, abs, text) in texts {
        let file = &mut reload.sources.markdown[at];
        *file = SourceFile::new(file.rel_path.clone(), abs, text);
    }
    if !removed.is_empty() {
        let mut at = 0;
        reload.sources.markdown.retain(|_| {
            at += 1;
            !removed.contains(&(at - 1))
        });
    }
    for file in added {
        let markdown = &mut reload.sources.markdown;
        let at = markdown
            .partition_point(|f| walk_order(f.rel_path.as_str(), file.rel_path.as_str()).is_lt());
        markdown.insert(at, file);
    }
    for path in &reload.changed {
        changed.extend(content_relative(config, path));
    }
    let Reload {
        mut sources,
        diagnostics,
        ..
    } = reload;
    let history = std::mem::take(&mut sources.history);
    Ok(history::load_history_again(
        &content_root,
        sources
            .markdown
            .iter()
            .map(|f| (f.rel_path.as_str(), f.abs_path.as_path())),
        &changed,
        history,
    )
    .map(|history| {
        // The shallow clone's warning counts the undated pages, which a new or gone page changes.
        let mut diagnostics = diagnostics;
        diagnostics.retain(|d| d.code != Code::ShallowClone);
        if history.shallow {
            diagnostics.push(shallow_clone_warning(&history));
        }
        sources.history = history;
        (sources, diagnostics)
    }))
}

/// Debug builds check each load that skipped the walk against a walk: the same Markdown files
/// in the same order, the same decision folders. (Paths only: a file saved again meanwhile
/// would differ in text, not in place.)
#[cfg(debug_assertions)]
fn check_as_walked(root: &Path, config: &Config, out_dir: &Path, sources: &Sources) {
    let Ok((walked, _)) = walk_and_read(root, config, out_dir, None) else {
        return;
    };
    let paths = |s: &Sources| -> Vec<String> {
        s.markdown.iter().map(|f| f.rel_path.to_string()).collect()
    };
    debug_assert_eq!(
        paths(sources),
        paths(&walked),
        "a load without a walk differs from a walk"
    );
    debug_assert_eq!(sources.decision_folders, walked.decision_folders);
}

/// Whether the Markdown file `rel` (content-relative), which the last load read and which is
/// gone now, can be dropped from the sources without walking the folder again: what the walk
/// reported must not name it (two names differing only in case, say, would no longer clash).
/// The decision folders are checked by the caller. [`addable`] asks the same of a new file.
fn removable(reload: &Reload, rel: &str) -> bool {
    !reload
        .diagnostics
        .iter()
        .any(|d| d.file == rel || d.message.contains(rel))
}

/// Whether the new Markdown file `rel` (content-relative) can join the sources without walking
/// the folder again, because the walk would take it and report nothing new: its folder is one
/// the last walk took files from (so every folder above passed the walk's rules), its name is
/// neither hidden, odd nor `exclude`d, it is a plain file (a link gets its warning from the
/// walk), its path does not clash in case with another file's, the ignore files leave it in,
/// and the last load said nothing of it (a file that could not be read then must lose its
/// error now). The decision folders are checked by the caller.
fn addable(reload: &Reload, config: &Config, content_root: &Path, rel: &str) -> bool {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let abs = content_root.join(rel);
    let in_walked_folder = |path: &str| path.rsplit_once('/').map_or("", |(f, _)| f) == folder;
    let sources = &reload.sources;
    let lower = rel.to_lowercase();
    is_markdown(rel)
        && removable(reload, rel)
        && !name.starts_with('.')
        && names::odd_name(rel, std::ffi::OsStr::new(name)).is_none()
        && !is_excluded(&excludes(&config.exclude), rel)
        && std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_file())
        && (sources
            .markdown
            .iter()
            .any(|f| in_walked_folder(&f.rel_path))
            || sources.assets.iter().any(|a| in_walked_folder(&a.rel_path)))
        && !sources
            .markdown
            .iter()
            .map(|f| f.rel_path.as_str())
            .chain(sources.assets.iter().map(|a| a.rel_path.as_str()))
            .any(|path| match path.is_ascii() && rel.is_ascii() {
                true => path.eq_ignore_ascii_case(rel),
                false => path.to_lowercase() == lower,
            })
        && walk_would_take(&abs)
}

/// Whether the walk of [`walk_and_read`] takes the file `abs`, as far as the ignore files
/// (`.gitignore`, `.ignore` and git's exclude file, in its folder and every one above) say:
/// its folder alone is walked, one level deep, with the same rules; the ignore files of the
/// folders above are read as the full walk reads them on its way down.
fn walk_would_take(abs: &Path) -> bool {
    let (Some(folder), Some(name)) = (abs.parent(), abs.file_name()) else {
        return false;
    };
    let name = name.to_os_string();
    let mut walk = walker(folder);
    walk.max_depth(Some(1))
        .filter_entry(move |entry| entry.depth() == 0 || entry.file_name() == name);
    walk.build()
        .filter_map(Result::ok)
        .any(|entry| entry.depth() == 1 && entry.file_type().is_some_and(|t| t.is_file()))
}

/// GitBook's `.gitbook/` folder at the top of the pages: its uploads are copied as they are, its
/// Markdown (reusable blocks, `.gitbook/includes/`) is read for the pages that include it.
fn is_gitbook_dir(entry: &ignore::DirEntry) -> bool {
    entry.depth() == 1
        && entry.file_name() == foreign::gitbook::GITBOOK_DIR
        && entry.file_type().is_some_and(|t| t.is_dir())
}

/// The order of the walk, which sorts each folder's entries by name: paths compared folder
/// by folder (`a/b.md` before `a-c.md`, as `a` sorts before `a-c.md`).
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The walker of the handbook folder and its rules for ignore files: read even outside a git
/// repository (a folder downloaded as an archive still means what its `.gitignore` says), in
/// every folder above too, never the user's global one.
fn walker(root: &Path) -> ignore::WalkBuilder {
    let mut walk = ignore::WalkBuilder::new(root);
    walk.follow_links(false)
        .hidden(true)
        .parents(true)
        .git_global(false)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    walk
}

/// A path relative to the handbook root, relative to the content folder instead (`None` when
/// it is outside it).
fn content_relative<'a>(config: &Config, path: &'a str) -> Option<&'a str> {
    if config.content_dir.is_empty() {
        return Some(path);
    }
    path.strip_prefix(config.content_dir.trim_end_matches('/'))?
        .strip_prefix('/')
}

/// Walks the folder and reads the Markdown files, taking those `reload` holds unchanged from it.
fn walk_and_read(
    root: &Path,
    config: &Config,
    out_dir: &Path,
    reload: Option<Reload>,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let excludes = build_excludes(&config.exclude, &mut diagnostics);
    // The pages' folder: the root, or a Hugo site's `content/` (then `static/` and `templates/`
    // stay at the root and are not inside it).
    let site_root = root;
    let in_place = config.content_dir.is_empty();
    let content_root = site_root.join(&config.content_dir);
    let root = content_root.as_path();
    let root_owned = root.to_path_buf();
    let out_abs = out_dir.canonicalize().ok();
    let theme_dir = config
        .theme
        .as_deref()
        .map(|t| t.trim_end_matches('/').to_string());

    let mut markdown_paths: Vec<(String, PathBuf)> = Vec::new();
    let mut assets = Vec::new();
    // Names a build cannot write (a backslash, control characters, invalid bytes) are skipped;
    // the walk's filter only collects them, they are reported after the walk.
    let odd_names = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let odd_names_in_filter = odd_names.clone();
    let mut walk = walker(root);
    // Hidden files and folders are skipped, but for the one GitBook keeps its uploads in: a
    // GitBook page's images are `../.gitbook/assets/…`.
    walk.hidden(false);
    walk.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && !is_gitbook_dir(entry) {
            return false;
        }
        let rel = rel_path_of(root_owned.as_path(), entry.path());
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            if matches!(name.as_ref(), "node_modules" | "target") {
                return false;
            }
            if in_place
                && entry.depth() == 1
                && (name == STATIC_DIR || name == TEMPLATES_DIR || name == crate::i18n::I18N_DIR)
            {
                return false;
            }
            if theme_dir.as_deref() == Some(rel.as_str()) {
                return false;
            }
            if out_abs
                .as_ref()
                .is_some_and(|out| entry.path().canonicalize().ok().as_ref() == Some(out))
            {
                return false;
            }
            // Another build's output (say `--out preview`) inside the handbook is not content.
            if entry.path().join(crate::write::MARKER).is_file() {
                return false;
            }
        }
        if excludes.is_match(&rel) {
            return false;
        }
        match names::odd_name(&rel, entry.file_name()) {
            Some(warning) => {
                if let Ok(mut odd) = odd_names_in_filter.lock() {
                    odd.push(warning);
                }
                false
            }
            None => true,
        }
    });
    // A symbolic link that leaves the handbook is skipped with a warning, the same rule for
    // pages, files, `static/` and `templates/` (serve refuses the same files).
    let site_abs = site_root.canonicalize().ok();
    for entry in walk.build() {
        let entry = match entry {
            Ok(entry) => entry,
            // A bad line in a `.gitignore`, an unreadable folder: say so, read the rest.
            Err(e) => {
                diagnostics.push(Diagnostic::warning(
                    Code::UnreadableFile,
                    "",
                    0,
                    0,
                    format!("part of the handbook folder could not be read: {e}"),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() && entry.depth() > 0 {
            diagnostics.extend(link_leaving(site_abs.as_deref(), site_root, entry.path()));
        }
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = rel_path_of(root, entry.path());
        if in_place && entry.depth() == 1 && rel == CONFIG_FILE {
            continue;
        }
        if is_markdown(&rel) || (config.docusaurus.is_some() && foreign::docusaurus::is_mdx(&rel)) {
            markdown_paths.push((rel, entry.path().to_path_buf()));
        } else if let Some(error) = names::unreadable(&rel, entry.path()) {
            diagnostics.push(error);
        } else {
            assets.push(AssetFile {
                rel_path: rel,
                abs_path: entry.path().to_path_buf(),
            });
        }
    }

    if let Ok(mut odd) = odd_names.lock() {
        diagnostics.append(&mut odd);
    }
    diagnostics.extend(names::case_collisions(
        markdown_paths
            .iter()
            .map(|(rel, _)| rel.as_str())
            .chain(assets.iter().map(|a: &AssetFile| a.rel_path.as_str())),
    ));
    // The files of the last load that did not change since, by path.
    let (mut unchanged, changed, previous_history) = match reload {
        Some(reload) => {
            let changed: std::collections::HashSet<String> = reload
                .changed
                .iter()
                .filter_map(|path| content_relative(config, path))
                .map(str::to_string)
                .collect();
            let unchanged: std::collections::HashMap<String, SourceFile> = reload
                .sources
                .markdown
                .into_iter()
                .filter(|f| !changed.contains(f.rel_path.as_str()))
                .map(|f| (f.rel_path.to_string(), f))
                .collect();
            (unchanged, changed, Some(reload.sources.history))
        }
        None => Default::default(),
    };
    let markdown_paths: Vec<(String, PathBuf, Option<SourceFile>)> = markdown_paths
        .into_iter()
        .map(|(rel, abs)| {
            let kept = unchanged.remove(&rel);
            (rel, abs, kept)
        })
        .collect();
    drop(unchanged);
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown_paths
        .into_par_iter()
        .map(|(rel, abs, kept)| match kept {
            Some(file) => Ok(file),
            None => read_markdown(rel, abs),
        })
        .collect();
    let mut markdown = Vec::with_capacity(read.len());
    for item in read {
        match item {
            Ok(file) => {
                if let Some(read_as) = file.read_as_encoding() {
                    diagnostics.push(encoding_warning(file.rel_path.as_str(), read_as));
                }
                markdown.push(file);
            }
            Err(d) => diagnostics.push(d),
        }
    }

    // `static/` and `templates/` may be links that stay inside the handbook; one that leaves it
    // is skipped like any other link.
    let mut inside = |name: &str| {
        let dir = site_root.join(name);
        match link_leaving(site_abs.as_deref(), site_root, &dir) {
            Some(warning) => {
                diagnostics.push(warning);
                None
            }
            None => Some(dir),
        }
    };
    let (static_dir, templates_dir) = (inside(STATIC_DIR), inside(TEMPLATES_DIR));
    let static_files = match static_dir {
        Some(dir) => list_files(&dir)?
            .into_iter()
            .filter_map(|(rel_path, abs_path)| {
                let shown = format!("{STATIC_DIR}/{rel_path}");
                match names::unreadable(&shown, &abs_path) {
                    Some(error) => {
                        diagnostics.push(error);
                        None
                    }
                    None => Some(AssetFile { rel_path, abs_path }),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let templates = match templates_dir {
        Some(dir) => read_templates(&dir)?,
        None => Vec::new(),
    };
    let rel_paths: Vec<&str> = markdown.iter().map(|f| f.rel_path.as_str()).collect();
    let decision_folders = decisions::decision_folders(root, config, &rel_paths, &mut diagnostics);
    let files = markdown
        .iter()
        .map(|f| (f.rel_path.as_str(), f.abs_path.as_path()));
    let history = match previous_history {
        Some(previous) => {
            let changed = changed.iter().map(String::as_str).collect();
            history::load_history_again(root, files, &changed, previous)?
        }
        None => history::load_history(root, files)?,
    };
    if history.shallow {
        diagnostics.push(shallow_clone_warning(&history));
    }
    Ok((
        Sources {
            markdown,
            assets,
            static_files,
            templates,
            decision_folders,
            history,
        },
        diagnostics,
    ))
}

/// Reads one Markdown file, or says why it cannot be read.
fn read_markdown(rel: String, abs: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(&abs).map_err(|e| {
        Diagnostic::error(
            Code::UnreadableFile,
            &rel,
            0,
            0,
            format!("cannot read file: {e}"),
        )
    })?;
    let (text, read_as) = decode(bytes);
    let file = SourceFile::new(rel, abs, text);
    Ok(match read_as {
        Some(read_as) => file.read_as(read_as),
        None => file,
    })
}

/// A file's text: UTF-8; UTF-16 when it starts with a byte order mark (Windows PowerShell 5
/// writes that by default; Notepad offers it as "Unicode"); else the legacy encoding its bytes
/// suggest (chardetng, Firefox's guesser: most often Windows-1252 from an old editor), with the
/// line and column of the first byte that is not UTF-8 for the warning.
fn decode(bytes: Vec<u8>) -> (String, Option<ReadAs>) {
    let utf16 = |encoding: &'static str, unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        let text = String::from_utf16(&units).ok()?;
        Some((
            text,
            Some(ReadAs {
                encoding,
                guessed_from: None,
            }),
        ))
    };
    let decoded = match bytes.get(..2) {
        Some([0xff, 0xfe]) => utf16("UTF-16LE", u16::from_le_bytes),
        Some([0xfe, 0xff]) => utf16("UTF-16BE", u16::from_be_bytes),
        _ => None,
    };
    if let Some(decoded) = decoded {
        return decoded;
    }
    let (bytes, valid) = match String::from_utf8(bytes) {
        Ok(text) => return (text, None),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            (err.into_bytes(), valid)
        }
    };
    // The prefix is UTF-8: its lines and characters are counted as an editor does.
    let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let line = prefix.matches('\n').count() + 1;
    let column = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    (
        text.into_owned(),
        Some(ReadAs {
            encoding: encoding.name(),
            guessed_from: Some((
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            )),
        }),
    )
}

/// The warning of a file that is not UTF-8 and was read as `read_as` says.
fn encoding_warning(rel: &str, read_as: ReadAs) -> Diagnostic {
    let encoding = read_as.encoding;
    match read_as.guessed_from {
        None => Diagnostic::warning(
            Code::InvalidEncoding,
            rel,
            0,
            0,
            format!("file is {encoding}, not UTF-8; it was read as {encoding}"),
        )
        .with_help("save it as UTF-8: other tools (GitHub, git diff, editors on other systems) may show it as binary"),
        Some((line, column)) => Diagnostic::warning(
            Code::InvalidEncoding,
            rel,
            line,
            column,
            format!("file is not UTF-8 (from this byte on); it was read as {encoding}, the encoding its bytes suggest"),
        )
        .with_help(format!("save it as UTF-8 (`iconv -f {encoding} -t UTF-8`): the guess may be wrong, and GitHub and other tools may show it garbled")),
    }
}

/// The one warning of a shallow clone: which dates it costs and how to fetch the history.
fn shallow_clone_warning(history: &history::History) -> Diagnostic {
    Diagnostic::warning(
        Code::ShallowClone,
        "",
        0,
        0,
        format!(
            "the handbook is in a shallow git clone, which lacks the history before its oldest commit: {} last changed before then {} no \"last updated\" date, and no page has a creation date",
            crate::diagnostic::plural(history.undated_pages, "page"),
            if history.undated_pages == 1 { "has" } else { "have" }
        ),
    )
    .with_help("fetch the whole history: `fetch-depth: 0` for actions/checkout, `GIT_DEPTH: 0` on GitLab CI, or `git fetch --unshallow`")
}

/// Reads every file under `dir` as a template: (name relative to `dir`, text).
pub(crate) fn read_templates(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    list_files(dir)?
        .into_iter()
        .map(|(rel, abs)| {
            let text = std::fs::read_to_string(&abs)
                .with_context(|| format!("failed to read `{}`", abs.display()))?;
            Ok((rel, text))
        })
        .collect()
}

/// The handbook's one rule for symbolic links: a link whose target leaves the handbook (or
/// that points nowhere) is never followed, and gets this warning; `None` when `path` is no
/// link or stays inside. Links inside the handbook are followed only for `static/` and
/// `templates/` themselves; the walk skips every other link.
fn link_leaving(root_abs: Option<&Path>, root: &Path, path: &Path) -> Option<Diagnostic> {
    if !path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return None;
    }
    let target = path.canonicalize().ok();
    if let (Some(root_abs), Some(target)) = (root_abs, target.as_ref())
        && target.starts_with(root_abs)
    {
        return None;
    }
    let rel = rel_path_of(root, path);
    let to = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Some(
        Diagnostic::warning(
            Code::SymlinkOutside,
            &rel,
            0,
            0,
            format!("`{rel}` is a symbolic link to `{to}`, outside the handbook; it is skipped"),
        )
        .with_help(
            "links that leave the handbook are never followed (a checkout could publish any file \
             on the machine); copy what you need into the handbook",
        ),
    )
}

/// Every file under `dir` (none if it does not exist), sorted, hidden files skipped.
pub fn list_files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.with_context(|| format!("failed to walk `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            files.push((rel_path_of(dir, entry.path()), entry.path().to_path_buf()));
        }
    }
    Ok(files)
}

/// The compiled `exclude` globs of `handbook.yml`.
#[derive(Debug, Clone, Default)]
pub struct Excludes(GlobSet);

/// The `exclude` globs as the walker applies them (an invalid one is left out; loading reports it).
pub(crate) fn excludes(patterns: &[String]) -> Excludes {
    Excludes(build_excludes(patterns, &mut Vec::new()))
}

/// Whether the walker leaves `rel_path` out by an `exclude` glob: the path or a folder above it
/// matches (the walker does not enter an excluded folder).
pub(crate) fn is_excluded(excludes: &Excludes, rel_path: &str) -> bool {
    let rel = rel_path.trim_matches('/');
    excludes.0.is_match(rel)
        || rel
            .match_indices('/')
            .any(|(i, _)| excludes.0.is_match(&rel[..i]))
}

fn build_excludes(patterns: &[String], diagnostics: &mut Vec<Diagnostic>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        // `drafts` and `drafts/**` both mean the folder and everything in it.
        for p in [pattern.to_string(), format!("{pattern}/**")] {
            match Glob::new(&p) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => {
                    diagnostics.push(
                        Diagnostic::error(Code::InvalidConfig, CONFIG_FILE, 0, 0, format!("invalid `exclude` glob `{pattern}`: {}", e.kind()))
                            .with_help("globs are relative to the handbook folder, for example `drafts/**` or `**/*.tmp.md`"),
                    );
                    break;
                }
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// `root/a/b.md` -> `a/b.md`, always with `/`.
pub(crate) fn rel_path_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// True for `.md` and `.markdown` files.
pub(crate) fn is_markdown(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_as_utf8_utf16_with_a_byte_order_mark_or_a_guessed_encoding() {
        let utf16 = |encoding| {
            Some(ReadAs {
                encoding,
                guessed_from: None,
            })
        };
        assert_eq!(
            decode(b"# Caf\xc3\xa9\n".to_vec()),
            ("# Café\n".into(), None)
        );
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("# Café\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(le), ("# Café\n".into(), utf16("UTF-16LE")));
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("日本\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be), ("日本\n".into(), utf16("UTF-16BE")));
        // Windows-1252 `é` on line 2, after `ab`: line 2, column 3.
        let (text, read_as) = decode(b"# T\nab\xe9 caf\xe9\n".to_vec());
        assert_eq!(text, "# T\nabé café\n");
        assert_eq!(
            read_as,
            Some(ReadAs {
                encoding: "windows-1252",
                guessed_from: Some((2, 3))
            })
        );
        // Shift_JIS, as a Japanese Windows editor saves it: 日本語の文書です。
        let sjis = b"# \x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\x91\x82\xc5\x82\xb7\x81\x42\n";
        let (text, read_as) = decode(sjis.to_vec());
        assert_eq!(text, "# 日本語の文書です。\n");
        assert_eq!(read_as.map(|r| r.encoding), Some("Shift_JIS"));
        // An odd length after the mark is not UTF-16: read as a guess.
        assert!(
            decode(vec![0xff, 0xfe, b'a'])
                .1
                .is_some_and(|r| r.guessed_from.is_some())
        );
    }

    #[test]
    fn walk_skips_hidden_output_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("index.md", "# Home"),
            ("guide/a.md", "a"),
            ("guide/img.png", "png"),
            (".git/x.md", "no"),
            ("public/old.md", "no"),
            ("node_modules/p/readme.md", "no"),
            ("drafts/wip.md", "no"),
            ("static/logo.svg", "svg"),
            ("templates/page.html", "tpl"),
            ("handbook.yml", "title: x"),
            (".gitignore", "/generated/\n*.tmp.md\n"),
            ("generated/api.md", "no"),
            ("guide/notes.tmp.md", "no"),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = Config {
            exclude: vec!["drafts".into()],
            ..Config::default()
        };
        let (sources, diags) = load_sources(root, &config, &root.join("public")).unwrap();
        assert!(diags.is_empty());
        let md: Vec<_> = sources
            .markdown
            .iter()
            .map(|f| f.rel_path.as_str())
            .collect();
        assert_eq!(md, vec!["guide/a.md", "index.md"]);
        let assets: Vec<_> = sources.assets.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(assets, vec!["guide/img.png"]);
        assert_eq!(sources.static_files[0].rel_path, "logo.svg");
        assert_eq!(
            sources.templates,
            vec![("page.html".to_string(), "tpl".to_string())]
        );
    }

    /// What two loads must agree on: the Markdown files in order, with their text, and the
    /// decision folders.
    fn shape(s: &Sources) -> (Vec<(String, String)>, Vec<String>) {
        let files = s
            .markdown
            .iter()
            .map(|f| (f.rel_path.to_string(), f.text.clone()))
            .collect();
        (files, s.decision_folders.clone())
    }

    /// A removed Markdown file is dropped without a walk when nothing the walk reported names
    /// it; either way the result is a fresh load's.
    #[test]
    fn a_removed_file_loads_as_a_fresh_walk_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in [
            "index.md",
            "a.md",
            "b.md",
            "decisions/0001-one.md",
            "decisions/0002-two.md",
            "x/Notes.md",
            "x/notes.md",
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, format!("# {path}\n")).unwrap();
        }
        let config = Config::default();
        let out = root.join("public");
        let (mut sources, mut diagnostics) = load_sources(root, &config, &out).unwrap();
        for removed in [
            "b.md",
            "x/notes.md",
            "decisions/0001-one.md",
            "decisions/0002-two.md",
        ] {
            std::fs::remove_file(root.join(removed)).unwrap();
            let reload = Reload {
                sources,
                diagnostics,
                changed: vec![removed.to_string()],
            };
            (sources, diagnostics) = load_sources_again(root, &config, &out, reload).unwrap();
            let (fresh, fresh_diagnostics) = load_sources(root, &config, &out).unwrap();
            assert_eq!(shape(&sources), shape(&fresh), "after removing {removed}");
            assert_eq!(diagnostics, fresh_diagnostics, "after removing {removed}");
        }
    }

    /// A new Markdown file joins the sources without a walk when the walk would take it and
    /// report nothing new; either way the result is a fresh load's, ignore files and all.
    #[test]
    fn a_new_file_loads_as_a_fresh_walk_would() {
        let dir = tempfile::tempdir().unwrap();
        // The handbook is a folder inside another whose `.gitignore` applies to it too.
        let root = &dir.path().join("handbook");
        for (path, text) in [
            ("../.gitignore", "*.secret.md\n"),
            (".gitignore", "/guide/private.md\n*.tmp.md\n"),
            ("guide/.ignore", "!keep.tmp.md\nlocal-*.md\n"),
            ("index.md", "# Home"),
            ("a-c.md", "# a-c"),
            ("a/b.md", "# b"),
            ("guide/intro.md", "# Intro"),
            ("guide/deep/more.md", "# More"),
            ("only-folders/sub/x.md", "# x"),
            ("x/notes.md", "# notes"),
            ("pics/logo.png", "png"),
            (
                "decisions/0001-one.md",
                "# 1. One\n\n## Status\n\nAccepted\n",
            ),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = Config {
            exclude: vec!["**/draft-*".into()],
            ..Config::default()
        };
        let out = root.join("public");
        let (mut sources, mut diagnostics) = load_sources(root, &config, &out).unwrap();
        // (new file, whether it joins without a walk)
        for (new, in_place) in [
            ("a/a.md", true),
            ("a.md", true),
            ("guide/zz.md", true),
            ("guide/keep.tmp.md", true),
            ("decisions/0002-two.md", true),
            ("pics/caption.md", true),
            ("guide/private.md", false),
            ("guide/other.tmp.md", false),
            ("guide/local-notes.md", false),
            ("guide/plan.secret.md", false),
            ("guide/.hidden.md", false),
            ("guide/draft-one.md", false),
            ("x/Notes.md", false),
            ("only-folders/new.md", false),
            ("brand-new/page.md", false),
        ] {
            std::fs::write(root.join(new), format!("# {new}\n")).unwrap_or_else(|_| {
                std::fs::create_dir_all(root.join(new).parent().unwrap()).unwrap();
                std::fs::write(root.join(new), format!("# {new}\n")).unwrap();
            });
            let reload = Reload {
                sources,
                diagnostics,
                changed: vec![new.to_string()],
            };
            let skipped_walk = match reread_in_place(root, &config, reload) {
                Ok(loaded) => {
                    (sources, diagnostics) = loaded.unwrap();
                    true
                }
                Err(reload) => {
                    (sources, diagnostics) =
                        walk_and_read(root, &config, &out, Some(*reload)).unwrap();
                    false
                }
            };
            assert_eq!(skipped_walk, in_place, "whether {new} skipped the walk");
            let (fresh, fresh_diagnostics) = load_sources(root, &config, &out).unwrap();
            assert_eq!(shape(&sources), shape(&fresh), "after adding {new}");
            assert_eq!(diagnostics, fresh_diagnostics, "after adding {new}");
        }
    }

    #[test]
    fn walk_order_compares_folder_by_folder() {
        assert!(walk_order("a/b.md", "a-c.md").is_lt());
        assert!(walk_order("a/b.md", "a.md").is_lt());
        assert!(walk_order("B.md", "a.md").is_lt());
        assert!(walk_order("a/z/y.md", "a/z.md").is_lt());
    }
}
