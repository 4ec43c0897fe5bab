//! WRITE: [`Output`] -> the output folder, safely.
//!
//! Nothing touches disk until the whole site has been rendered in memory, so a build that fails
//! leaves the previous site as it was. A first build is written into a staging folder beside
//! the output and renamed into place. Later builds update the folder in place: each changed file
//! is written to a temporary name and renamed over the old one (atomic per file), unchanged
//! files are not touched at all, and files that a previous build wrote but this one no longer
//! produces are removed. Deleting and rewriting 13,000 unchanged files costs seconds on
//! every build; comparing bytes costs far less. Only files listed in the marker are ever
//! deleted, so nothing the tool did not create is removed.
//!
//! Nothing is ever written, replaced or deleted through a symbolic link inside the output
//! folder (see `guard`). What a build that dies leaves behind:
//! - a first build (no output folder yet) leaves nothing: the staging folder is removed on an
//!   error, a panic, SIGINT or SIGTERM, and the next build removes one left by a process that was
//!   killed outright; the site appears with one rename, or not at all;
//! - a build that updates an existing site leaves every file whole, each either the old or the
//!   new version (the switch is per file, not one rename for the folder: the folder stays the
//!   same folder, so a server serving it is never pointed at a missing one). The next build
//!   finishes the update; on a failed write (a full disk) the error says how many files are new.

mod guard;
mod staging;

pub use staging::interrupt;

use crate::output::Output;
use anyhow::{Context as _, bail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The marker that says `handbook` owns a folder; it lists the files it wrote.
pub const MARKER: &str = ".handbook-output";
const MARKER_HEADER: &str =
    "# Written by handbook. The files below are removed or replaced by the next build.\n";

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left alone because their bytes did not change.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Refuses output folders that would destroy the sources or somebody else's files.
pub fn check_output_dir(root: &Path, out: &Path) -> anyhow::Result<()> {
    let root_abs = root
        .canonicalize()
        .with_context(|| format!("failed to read `{}`", root.display()))?;
    let out_abs = absolute(out)?;
    if out_abs == root_abs {
        bail!(
            "the output folder `{}` is the handbook folder itself; choose another with --out",
            out.display()
        );
    }
    if root_abs.starts_with(&out_abs) {
        bail!(
            "the output folder `{}` contains the handbook folder; writing there could delete your sources",
            out.display()
        );
    }
    if out_abs.is_file() {
        bail!(
            "the output path `{}` is a file, not a folder",
            out.display()
        );
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() {
        let mut entries = std::fs::read_dir(&out_abs)
            .with_context(|| format!("failed to read `{}`", out.display()))?;
        if entries.next().is_some() {
            bail!(
                "the output folder `{}` is not empty and was not created by handbook; \
                 refusing to write into it (choose another folder with --out, or empty it yourself)",
                out.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute without requiring it to exist (its parent folder is canonicalised when
/// it exists, so `..` and symlinks compare correctly).
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => Ok(absolute(parent)?.join(name)),
        _ => Ok(path),
    }
}

/// Writes `output` to `out` (see the module docs for how). Call [`check_output_dir`] first.
pub fn write_output(output: &Output, out: &Path) -> anyhow::Result<WriteStats> {
    // A clone of the output shares its files' bytes: nothing is freed while writing.
    write_output_then(output.clone(), out, Output::default)
}

/// [`write_output`] for a site whose last files are still being made (the search index, built
/// on another thread while the pages are written): `output` is written first, then `rest()` is
/// called and its files are written in the same write, before the staging folder is moved into
/// place and in the same marker. A file of `rest` replaces one of `output` at the same path.
/// Each file's bytes are dropped once written, so a caller that hands over the only copy of
/// the site frees it as it goes (a large site, while its search index is built).
pub fn write_output_then(
    output: Output,
    out: &Path,
    rest: impl FnOnce() -> Output,
) -> anyhow::Result<WriteStats> {
    let _writing = staging::Writing::start();
    if out.symlink_metadata().is_err() {
        return write_fresh(output, out, rest);
    }
    let previous = read_marker(out);
    let write_all = |files: Output| {
        files
            .files
            .into_par_iter()
            .map(|(rel, data)| {
                let result = staging::check_interrupted()
                    .and_then(|()| write_if_changed(out, &rel, &data, previous.get(rel.as_str())));
                (rel, result)
            })
            .collect::<Vec<_>>()
    };
    let mut written: BTreeMap<String, (bool, Fingerprint)> = BTreeMap::new();
    let mut failed = Vec::new();
    let record = |results: Vec<(String, anyhow::Result<(bool, Fingerprint)>)>,
                  written: &mut BTreeMap<String, (bool, Fingerprint)>,
                  failed: &mut Vec<(String, anyhow::Error)>| {
        for (rel, result) in results {
            match result {
                Ok(done) => {
                    written.insert(rel, done);
                }
                Err(err) => failed.push((rel, err)),
            }
        }
    };
    record(write_all(output), &mut written, &mut failed);
    if failed.is_empty() {
        record(write_all(rest()), &mut written, &mut failed);
    }
    if !failed.is_empty() {
        return Err(partly_written(out, &previous, &written, failed));
    }
    let mut stats = WriteStats::default();
    for (wrote, _) in written.values() {
        if *wrote {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    for stale in previous
        .keys()
        .filter(|p| !written.contains_key(p.as_str()))
    {
        // A stale path that now goes through a link is not ours any more: left alone.
        let Ok(path) = guard::resolve(out, stale) else {
            continue;
        };
        if path.symlink_metadata().is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
            stats.removed += 1;
            remove_empty_parents(out, &path);
        }
    }
    write_marker(
        out,
        written
            .iter()
            .map(|(path, (_, fingerprint))| (path.as_str(), fingerprint)),
    )?;
    Ok(stats)
}

/// The error of an in-place write that failed part way (a full disk): the marker is updated
/// so the next build knows every file it owns, and the message says what the folder now holds.
fn partly_written(
    out: &Path,
    previous: &BTreeMap<String, Fingerprint>,
    written: &BTreeMap<String, (bool, Fingerprint)>,
    mut failed: Vec<(String, anyhow::Error)>,
) -> anyhow::Error {
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    let new = written.values().filter(|(wrote, _)| *wrote).count();
    let mut owned: BTreeMap<&str, &Fingerprint> =
        previous.iter().map(|(p, f)| (p.as_str(), f)).collect();
    owned.extend(written.iter().map(|(p, (_, f))| (p.as_str(), f)));
    // Best effort: on a full disk this may fail too, and the old marker stays.
    let _ = write_marker(out, owned.into_iter());
    let (first, err) = &failed[0];
    let interrupted = staging::check_interrupted().is_err();
    anyhow::anyhow!(
        "{}\n`{}` is partly updated: {new} of its files hold the new build, {} could not be \
         written (the first: `{first}`) and hold the previous build or are missing, and no \
         file was removed; every file is whole. {}",
        if interrupted {
            "interrupted".to_string()
        } else {
            format!("{err:#}")
        },
        out.display(),
        failed.len(),
        if interrupted {
            "Build again to finish the update."
        } else {
            "Fix the cause (free some space) and build again: the next build finishes the update."
        }
    )
}

/// The first build: everything into a staging folder, then one rename.
fn write_fresh(
    output: Output,
    out: &Path,
    rest: impl FnOnce() -> Output,
) -> anyhow::Result<WriteStats> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
    staging::remove_stale(parent, &name);
    let staging =
        staging::Staging::create(staging::staging_path(parent, &name)).with_context(|| {
            format!(
                "failed to create a staging folder in `{}`",
                parent.display()
            )
        })?;
    let dir = staging.path();
    let mut folders = std::collections::BTreeSet::new();
    let mut write_all = |files: Output| {
        guard::create_fresh_folders(dir, files.files.keys().map(String::as_str), &mut folders)?;
        files
            .files
            .into_par_iter()
            .map(|(rel, data)| {
                staging::check_interrupted()?;
                let path = guard::resolve_fresh(dir, &rel)?;
                let bytes = data
                    .read()
                    .with_context(|| format!("failed to read the source of `{rel}`"))?;
                let written = (|| {
                    let mut file = std::fs::File::create(&path)?;
                    file.write_all(&bytes)?;
                    file.metadata()
                })()
                .with_context(|| format!("failed to write `{}`", path.display()))?;
                let fingerprint = Fingerprint {
                    len: bytes.len() as u64,
                    hash: hash_bytes(&bytes),
                    mtime_nanos: mtime_nanos_of(Ok(written)),
                };
                Ok((rel, fingerprint))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    };
    let mut written: BTreeMap<String, Fingerprint> = write_all(output)?.into_iter().collect();
    written.extend(write_all(rest())?);
    write_marker(dir, written.iter().map(|(path, f)| (path.as_str(), f)))?;
    staging::check_interrupted()?;
    std::fs::rename(dir, out)
        .with_context(|| format!("failed to move the new site into `{}`", out.display()))?;
    Ok(WriteStats {
        written: written.len(),
        ..WriteStats::default()
    })
}

/// What the marker remembers of a written file, so the next build can tell it is unchanged
/// without reading it back: its length, a hash of its bytes, and its modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: u64,
    hash: u64,
    mtime_nanos: u128,
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    // Not a security boundary: a collision only means an unchanged-looking file is skipped,
    // and the length and modification time must match as well.
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn mtime_nanos(path: &Path) -> u128 {
    mtime_nanos_of(std::fs::metadata(path))
}

fn mtime_nanos_of(meta: std::io::Result<std::fs::Metadata>) -> u128 {
    meta.and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Writes one file unless it already holds these bytes; returns whether it wrote, and the
/// fingerprint to remember.
fn write_if_changed(
    out: &Path,
    rel: &str,
    data: &crate::output::OutputData,
    previous: Option<&Fingerprint>,
) -> anyhow::Result<(bool, Fingerprint)> {
    let path = guard::resolve(out, rel)?;
    // A page the build cache found in place ("copied" from itself), still as the last write
    // left it: nothing to read or write.
    if let crate::output::OutputData::File(source, _) = data
        && *source == path
        && let Some(previous) = previous
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.is_file() && m.len() == previous.len)
        && mtime_nanos(&path) == previous.mtime_nanos
    {
        return Ok((false, *previous));
    }
    let bytes = data
        .read()
        .with_context(|| format!("failed to read the source of `{rel}`"))?;
    let hash = hash_bytes(&bytes);
    if let Ok(meta) = path.symlink_metadata() {
        if meta.is_dir() {
            bail!("cannot write `{}`: a folder is in the way", path.display());
        }
        if meta.is_file() && meta.len() == bytes.len() as u64 {
            let mtime = mtime_nanos(&path);
            // Same bytes as last time and untouched since: no need to read it back.
            let known = previous
                .is_some_and(|p| p.len == meta.len() && p.hash == hash && p.mtime_nanos == mtime);
            if known || std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                return Ok((
                    false,
                    Fingerprint {
                        len: meta.len(),
                        hash,
                        mtime_nanos: mtime,
                    },
                ));
            }
        }
    }
    guard::create_parents(&path)?;
    guard::write_atomically(&path, &bytes)?;
    Ok((
        true,
        Fingerprint {
            len: bytes.len() as u64,
            hash,
            mtime_nanos: mtime_nanos(&path),
        },
    ))
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The files a previous build wrote, with their fingerprints (a marker from an older version,
/// without fingerprints, still lists the files).
fn read_marker(out: &Path) -> std::collections::BTreeMap<String, Fingerprint> {
    // A marker that is a link is not ours: read as no marker at all.
    let text = guard::resolve(out, MARKER)
        .and_then(|path| Ok(std::fs::read_to_string(path)?))
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let mut parts = line.split('\t');
            let path = parts.next().unwrap_or_default().to_string();
            let mut number = || {
                parts
                    .next()
                    .and_then(|p| p.parse::<u128>().ok())
                    .unwrap_or(0)
            };
            let (len, hash, mtime_nanos) = (number() as u64, number() as u64, number());
            (
                path,
                Fingerprint {
                    len,
                    hash,
                    mtime_nanos,
                },
            )
        })
        .collect()
}

fn write_marker<'a>(
    out: &Path,
    files: impl Iterator<Item = (&'a str, &'a Fingerprint)>,
) -> anyhow::Result<()> {
    let mut text = String::from(MARKER_HEADER);
    for (path, f) in files {
        text.push_str(&format!(
            "{path}\t{}\t{}\t{}\n",
            f.len, f.hash, f.mtime_nanos
        ));
    }
    guard::write_atomically(&guard::resolve(out, MARKER)?, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputData;

    fn site(files: &[(&str, &str)]) -> Output {
        let mut output = Output::default();
        for (p, t) in files {
            output.insert(*p, OutputData::text(t.to_string()));
        }
        output
    }

    #[test]
    fn rewrites_only_changes_and_removes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stats =
            write_output(&site(&[("index.html", "a"), ("x/index.html", "b")]), &out).unwrap();
        assert_eq!(stats.written, 2);
        std::fs::write(out.join("user-file.txt"), "mine").unwrap();
        let stats =
            write_output(&site(&[("index.html", "a"), ("y/index.html", "c")]), &out).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("x").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("user-file.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn late_files_join_the_same_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let rest = || site(&[("pagefind/a.js", "1"), ("index.html", "from the rest")]);
        let stats =
            write_output_then(site(&[("index.html", "a"), ("x.html", "b")]), &out, rest).unwrap();
        assert_eq!(stats.written, 3);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "from the rest"
        );
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert_eq!(marker.lines().filter(|l| !l.starts_with('#')).count(), 3);

        // In place: the rest's files count as current, unchanged ones are left alone.
        let rest = || site(&[("pagefind/a.js", "1"), ("pagefind/b.js", "2")]);
        let stats =
            write_output_then(site(&[("index.html", "from the rest")]), &out, rest).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 2,
                removed: 1
            }
        );
        assert!(!out.join("x.html").exists());
        assert_eq!(read_marker(&out).len(), 3);
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        std::fs::create_dir_all(&root).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        let foreign = dir.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(check_output_dir(&root, &foreign).is_err());
        assert!(check_output_dir(&root, &dir.path().join("new")).is_ok());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_or_deletes_through_a_link_in_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("important.txt"), "keep").unwrap();
        std::fs::write(elsewhere.join("index.html"), "keep").unwrap();
        write_output(
            &site(&[("index.html", "a"), ("x/important.txt", "b")]),
            &out,
        )
        .unwrap();
        std::fs::remove_dir_all(out.join("x")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("x")).unwrap();

        // The marker lists x/important.txt: the stale file behind the link is not deleted.
        write_output(&site(&[("index.html", "a")]), &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("important.txt")).unwrap(),
            "keep"
        );

        // A page at x/index.html is refused, not written through the link.
        let err = write_output(
            &site(&[("index.html", "a"), ("x/index.html", "evil")]),
            &out,
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("index.html")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_failed_write_leaves_no_temp_file_and_says_what_is_new() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_output(&site(&[("a.html", "1"), ("b.html", "1")]), &out).unwrap();
        // A copied file whose source has gone fails to write; the others are written.
        let mut next = site(&[("a.html", "2")]);
        next.insert(
            "b.html",
            crate::output::OutputData::copied(dir.path().join("missing.png")),
        );
        let err = format!("{:#}", write_output(&next, &out).unwrap_err());
        assert!(err.contains("1 of its files hold the new build"), "{err}");
        assert!(err.contains("`b.html`"), "{err}");
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".handbook-tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        // The next build recovers.
        write_output(&site(&[("a.html", "2"), ("b.html", "2")]), &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "2");
    }
}
