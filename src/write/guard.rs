//! Filesystem steps inside the output folder that never go through a symbolic link.
//!
//! The output folder is often committed (GitHub Pages from `docs/`), so a checkout can plant
//! `public/x -> /elsewhere`. Every write, replace and delete below goes through [`resolve`],
//! which refuses a path when any component below the output folder is a symlink, and files are
//! written to a fresh temporary name (created exclusively, so a planted link there is not
//! followed either) and renamed into place. The output folder itself may be a link: that one
//! the user chose.
//!
//! This is a check before each step, not `openat`: it protects against a tree that is already
//! hostile when the build starts, not against a process racing the build.

use anyhow::{Context as _, bail};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Joins a site path to `base`, refusing a path that could leave it (`..`, absolute, empty
/// segments, backslashes) and one that goes through a symlink below `base`.
pub(super) fn resolve(base: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    check_site_path(rel)?;
    let mut path = base.to_path_buf();
    for segment in rel.split('/') {
        path.push(segment);
        match path.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => bail!(
                "refusing to write `{}`: `{}` is a symbolic link, and handbook never writes, \
                 replaces or deletes through a link in the output folder; remove the link",
                base.join(rel).display(),
                path.display()
            ),
            Ok(_) => {}
            // Nothing further down exists yet, so nothing further down is a link.
            Err(_) => return Ok(base.join(rel)),
        }
    }
    Ok(path)
}

/// [`resolve`] for a folder this build created and alone writes in (a first build's staging
/// folder): the path is checked the same way, but no folder below `base` can be a link there,
/// so none is looked at on disk (four `stat`s a file, a tenth of the writing's system time).
pub(super) fn resolve_fresh(base: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    check_site_path(rel)?;
    Ok(base.join(rel))
}

fn check_site_path(rel: &str) -> anyhow::Result<()> {
    if rel.is_empty()
        || rel.starts_with('/')
        || rel
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
        || rel.contains('\\')
    {
        bail!("refusing to write the unsafe output path `{rel}`");
    }
    Ok(())
}

/// Creates, below a fresh folder (see [`resolve_fresh`]), the folders of the site paths `rels`
/// (in sorted order, so a folder comes before what it holds) that `made` does not list yet:
/// one `mkdir` a folder rather than two system calls a file. An unsafe path is refused before
/// any folder of it is made.
pub(super) fn create_fresh_folders<'a>(
    base: &Path,
    rels: impl Iterator<Item = &'a str>,
    made: &mut std::collections::BTreeSet<String>,
) -> anyhow::Result<()> {
    for rel in rels {
        check_site_path(rel)?;
        for (end, _) in rel.match_indices('/') {
            let folder = &rel[..end];
            if made.contains(folder) {
                continue;
            }
            let path = base.join(folder);
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
                Err(err) => {
                    return Err(err)
                        .with_context(|| format!("failed to create `{}`", path.display()));
                }
            }
            made.insert(folder.to_owned());
        }
    }
    Ok(())
}

/// The temporary name a file is written to before it is renamed over `path`.
pub(super) fn temp_name(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}.handbook-tmp",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string())
    ))
}

/// Writes `bytes` to `path` atomically: a fresh temporary file beside it, then a rename. The
/// temporary file is removed whenever the write fails (a full disk must not keep a 15 MB
/// leftover that makes the next build fail too). `path` must come from [`resolve`].
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temp_name(path);
    // A leftover of a killed build (or a planted link) is removed, never written through.
    if tmp.symlink_metadata().is_ok() {
        std::fs::remove_file(&tmp)
            .with_context(|| format!("failed to remove the leftover `{}`", tmp.display()))?;
    }
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.flush()
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err).with_context(|| format!("failed to write `{}`", path.display()));
    }
    if let Err(err) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(err).with_context(|| format!("failed to replace `{}`", path.display()));
    }
    Ok(())
}

/// Creates the folders above `path` (which must come from [`resolve`], so none of them is a link).
pub(super) fn create_parents(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(resolve(Path::new("/tmp"), "../x").is_err());
        assert!(resolve(Path::new("/tmp"), "/etc/x").is_err());
        assert!(resolve(Path::new("/tmp"), "a//b").is_err());
        assert!(resolve(Path::new("/tmp"), "a/./b").is_err());
        assert!(resolve(Path::new("/nonexistent-dir"), "a/b").is_ok());
        for unsafe_path in ["../x", "/etc/x", "a//b", "a/./b", "a\\b", ""] {
            assert!(resolve_fresh(Path::new("/tmp"), unsafe_path).is_err());
        }
    }

    #[test]
    fn fresh_folders_are_made_once_parents_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut made = std::collections::BTreeSet::new();
        let rels = ["a/b/c.html", "a/b/d.html", "a/e/f.html", "g.html"];
        create_fresh_folders(dir.path(), rels.into_iter(), &mut made).unwrap();
        assert!(dir.path().join("a/b").is_dir() && dir.path().join("a/e").is_dir());
        let made_list: Vec<&str> = made.iter().map(String::as_str).collect();
        assert_eq!(made_list, ["a", "a/b", "a/e"]);
        // A file where a folder must go is an error that names it.
        std::fs::write(dir.path().join("h"), "").unwrap();
        let err = create_fresh_folders(dir.path(), ["h/i.html"].into_iter(), &mut made);
        assert!(format!("{:#}", err.unwrap_err()).contains("failed to create"));
        // A path that leaves the folder makes nothing.
        let inner = dir.path().join("inner");
        std::fs::create_dir(&inner).unwrap();
        let err = create_fresh_folders(&inner, ["../escaped/x.html"].into_iter(), &mut made);
        assert!(err.unwrap_err().to_string().contains("unsafe output path"));
        assert!(!dir.path().join("escaped").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_anywhere_below_the_base_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (base, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(base.join("real")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, base.join("x")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("f"), base.join("real/f.html")).unwrap();
        let err = resolve(&base, "x/index.html").unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert!(resolve(&base, "real/f.html").is_err());
        assert!(resolve(&base, "real/g.html").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_temp_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        let path = dir.path().join("index.html");
        std::os::unix::fs::symlink(&victim, temp_name(&path)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
