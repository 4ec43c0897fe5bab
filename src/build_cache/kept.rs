//! What a build lends the next one through the cache folder, beyond `build.json`'s "nothing
//! changed" record: the parts of the last build that a build after a few-page change can take
//! instead of working them out again.
//!
//! - `model.bin`: each Markdown file's parsed front matter and rendered body, with a hash of its
//!   text and every lookup its rendering made ([`crate::model::memo`] decides, by comparing those
//!   inputs, which are still valid);
//! - `pages.bin`: each page's output path with the fingerprint of everything its template was
//!   given ([`crate::render::reuse`]) and the size and modification time its file had once
//!   written. A page whose fingerprint is the same and whose file is still as written is neither
//!   rendered nor written again.
//!
//! Both files start with the [`super::reuse_key`] of the build that wrote them (the version, the
//! config, the templates and theme, the options) and the binary that wrote them ([`ThisBinary`]);
//! a file of another key, binary or format, or one that does not decode, is not used (one that
//! does not decode is reported as a note). They are written with postcard (serde, compact and
//! quick to decode) through a temporary file and a rename.

use super::{Fingerprint, stat, write_atomically_with};
use crate::model::memo::StoredModel;
use crate::output::OutputData;
use crate::render::reuse::RenderMemo;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The model memo's file in the cache folder.
const MODEL_FILE: &str = "model.bin";
/// The kept pages' file in the cache folder.
const PAGES_FILE: &str = "pages.bin";
/// Written first in both files: a file of another format is not read further.
const MAGIC: &str = "handbook build cache";
/// The layout of the files; a file of another version is ignored.
const FORMAT: u32 = 1;

/// What opens each file: which format, key and binary it was written under.
#[derive(Serialize, Deserialize)]
struct Header {
    magic: String,
    format: u32,
    key: u128,
    binary: Binary,
}

/// A binary as a file records it: its size and modification time, and the hash of its bytes
/// when it was worked out.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Binary {
    len: u64,
    modified: u128,
    hash: Option<u128>,
}

/// The running binary. A file written by a binary of the same size and modification time is
/// its own. One of another size or time may be the same release installed again (a CI run
/// installs it anew each time): then the bytes decide, and the hash of this binary's bytes is
/// worked out (some 20 ms for a 28 MB release) and recorded, so that the next run can compare.
/// Only then: a first build, or a build by the binary that wrote the files, hashes nothing.
pub(crate) struct ThisBinary {
    path: Option<PathBuf>,
    len: u64,
    modified: u128,
    hash: OnceLock<Option<u128>>,
}

impl ThisBinary {
    /// The binary that runs.
    pub(crate) fn running() -> Self {
        let path = std::env::current_exe().ok();
        let (len, modified) = path.as_deref().map_or((u64::MAX, 0), stat);
        ThisBinary {
            path,
            len,
            modified,
            hash: OnceLock::new(),
        }
    }

    fn hash(&self) -> Option<u128> {
        *self.hash.get_or_init(|| {
            let bytes = std::fs::read(self.path.as_ref()?).ok()?;
            Some(crate::digest::digest(&bytes))
        })
    }

    /// Whether a file that records `other` was written by this binary (or one with its bytes).
    fn is(&self, other: &Binary) -> bool {
        if self.len == u64::MAX {
            // Not found: it cannot be told from another.
            return false;
        }
        if (other.len, other.modified) == (self.len, self.modified) {
            if let Some(hash) = other.hash {
                let _ = self.hash.set(Some(hash));
            }
            return true;
        }
        let hash = self.hash();
        hash.is_some() && hash == other.hash
    }

    fn recorded(&self) -> Binary {
        Binary {
            len: self.len,
            modified: self.modified,
            hash: self.hash.get().copied().flatten(),
        }
    }
}

/// A page of the output folder as the last build left it.
#[derive(Serialize, Deserialize)]
struct KeptPage {
    path: String,
    fingerprint: u128,
    len: u64,
    modified: u128,
}

/// The model memo the last build stored under `key`. `Ok(None)` when there is none or it was
/// stored under another key; `Err` (for a note) when the file cannot be read or decoded.
pub(crate) fn load_model(
    root: &Path,
    key: Fingerprint,
    binary: &ThisBinary,
) -> Result<Option<StoredModel>, String> {
    read(root, MODEL_FILE, key, binary)
}

/// Stores the model memo of a build made under `key`.
pub(crate) fn store_model(
    root: &Path,
    key: Fingerprint,
    binary: &ThisBinary,
    model: &StoredModel,
) -> std::io::Result<()> {
    write(root, MODEL_FILE, key, binary, model)
}

/// The pages the last build stored under `key` whose files in `out` are still as it wrote them,
/// ready for the renderer to reuse (each page's file stands for its HTML).
pub(crate) fn load_pages(
    root: &Path,
    out: &Path,
    key: Fingerprint,
    binary: &ThisBinary,
) -> Result<Option<RenderMemo>, String> {
    let Some(pages) = read::<Vec<KeptPage>>(root, PAGES_FILE, key, binary)? else {
        return Ok(None);
    };
    let kept = pages.into_iter().filter_map(|page| {
        let file = out.join(&page.path);
        // A link in its place is not the file the build wrote.
        let is_file = file.symlink_metadata().is_ok_and(|m| m.is_file());
        (is_file && stat(&file) == (page.len, page.modified))
            .then(|| (page.path, page.fingerprint, OutputData::copied(file)))
    });
    Ok(Some(RenderMemo::on_disk(kept)))
}

/// Stores the fingerprint of each page just written to `out` under `key`, with the size and
/// modification time of its file now.
pub(crate) fn store_pages(
    root: &Path,
    out: &Path,
    key: Fingerprint,
    binary: &ThisBinary,
    pages: &[(String, u128)],
) -> std::io::Result<()> {
    let kept: Vec<KeptPage> = pages
        .iter()
        .filter_map(|(path, fingerprint)| {
            let (len, modified) = stat(&out.join(path));
            (len != u64::MAX).then(|| KeptPage {
                path: path.clone(),
                fingerprint: *fingerprint,
                len,
                modified,
            })
        })
        .collect();
    write(root, PAGES_FILE, key, binary, &kept)
}

fn read<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    key: Fingerprint,
    binary: &ThisBinary,
) -> Result<Option<T>, String> {
    let path = root.join(super::DIR).join(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("`{}` could not be read: {e}", path.display())),
    };
    let unreadable = |e: postcard::Error| format!("`{}` is damaged ({e})", path.display());
    let (header, rest) = postcard::take_from_bytes::<Header>(&bytes).map_err(unreadable)?;
    if header.magic != MAGIC {
        return Err(format!("`{}` is not a handbook cache file", path.display()));
    }
    if header.format != FORMAT || header.key != key.0 || !binary.is(&header.binary) {
        return Ok(None);
    }
    postcard::from_bytes(rest).map(Some).map_err(unreadable)
}

fn write<T: Serialize>(
    root: &Path,
    name: &str,
    key: Fingerprint,
    binary: &ThisBinary,
    value: &T,
) -> std::io::Result<()> {
    let header = Header {
        magic: MAGIC.to_string(),
        format: FORMAT,
        key: key.0,
        binary: binary.recorded(),
    };
    write_atomically_with(root, name, |file| {
        postcard::to_io(&(header, value), file)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pages = Vec<(String, u128)>;

    #[test]
    fn a_file_is_read_back_only_under_its_key_and_format() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let me = ThisBinary::running();
        let value = vec![("a".to_string(), 7u128)];
        write(root, PAGES_FILE, Fingerprint(1), &me, &value).unwrap();
        let back: Option<Pages> = read(root, PAGES_FILE, Fingerprint(1), &me).unwrap();
        assert_eq!(back, Some(value));
        let other: Option<Pages> = read(root, PAGES_FILE, Fingerprint(2), &me).unwrap();
        assert_eq!(other, None, "another key");
        let missing: Option<Pages> = read(root, MODEL_FILE, Fingerprint(1), &me).unwrap();
        assert_eq!(missing, None, "no file");
        let path = root.join(super::super::DIR).join(PAGES_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).unwrap();
        let cut = read::<Pages>(root, PAGES_FILE, Fingerprint(1), &me);
        assert!(cut.unwrap_err().contains("is damaged"));
        std::fs::write(&path, b"\x03abc garbage").unwrap();
        assert!(read::<Pages>(root, PAGES_FILE, Fingerprint(1), &me).is_err());
    }

    #[test]
    fn another_binary_is_told_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let exe = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            if !path.exists() {
                // Apart by more than a clock tick: files of the same size written in one tick
                // have the same modification time.
                std::thread::sleep(std::time::Duration::from_millis(20));
                std::fs::write(&path, bytes).unwrap();
            }
            let (len, modified) = stat(&path);
            ThisBinary {
                path: Some(path),
                len,
                modified,
                hash: OnceLock::new(),
            }
        };
        let first = exe("a", b"release 1");
        // The same file: no hash is worked out.
        let same = exe("a", b"");
        assert!(same.is(&first.recorded()));
        assert_eq!(same.hash.get(), None);
        // The same bytes installed again (another time): not known from a record without a
        // hash, but the hash is worked out, for the next run.
        let again = exe("b", b"release 1");
        assert!(!again.is(&first.recorded()));
        let third = exe("c", b"release 1");
        assert!(third.is(&again.recorded()));
        let other = exe("d", b"release 2");
        assert!(!other.is(&again.recorded()));
    }

    #[test]
    fn a_page_is_kept_only_while_its_file_is_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path(), dir.path().join("public"));
        let me = ThisBinary::running();
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "<p>a</p>").unwrap();
        std::fs::write(out.join("index.html"), "<p>home</p>").unwrap();
        let pages = [
            ("a/index.html".to_string(), 1),
            ("index.html".to_string(), 2),
        ];
        store_pages(root, &out, Fingerprint(9), &me, &pages).unwrap();
        let memo = load_pages(root, &out, Fingerprint(9), &me)
            .unwrap()
            .unwrap();
        assert_eq!(memo.len(), 2);
        std::fs::write(out.join("index.html"), "<p>edited</p>").unwrap();
        let memo = load_pages(root, &out, Fingerprint(9), &me)
            .unwrap()
            .unwrap();
        assert_eq!(memo.into_fingerprints(), [("a/index.html".to_string(), 1)]);
        assert!(
            load_pages(root, &out, Fingerprint(8), &me)
                .unwrap()
                .is_none()
        );
    }
}
