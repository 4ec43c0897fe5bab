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
//! Both files start with the [`super::reuse_key`] of the build that wrote them (the binary, the
//! config, the templates and theme, the options); a file of another key, another format or one
//! that does not decode is not used (a file that does not decode is reported as a note). They
//! are written with postcard (serde, compact and quick to decode) through a temporary file and
//! a rename.

use super::{Fingerprint, stat, write_atomically};
use crate::model::memo::StoredModel;
use crate::output::OutputData;
use crate::render::reuse::RenderMemo;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;
use std::path::Path;

/// The model memo's file in the cache folder.
const MODEL_FILE: &str = "model.bin";
/// The kept pages' file in the cache folder.
const PAGES_FILE: &str = "pages.bin";
/// Written first in both files: a file of another format is not read further.
const MAGIC: &str = "handbook build cache";
/// The layout of the files; a file of another version is ignored.
const FORMAT: u32 = 1;

/// What opens each file: which format and which key it was written under.
#[derive(Serialize, Deserialize)]
struct Header {
    magic: String,
    format: u32,
    key: u128,
}

/// A page of the output folder as the last build left it.
#[derive(Serialize, Deserialize)]
struct KeptPage {
    path: String,
    fingerprint: u128,
    len: u64,
    modified: u128,
}

/// A 128-bit hash of a file's text: the model memo keeps it instead of the text.
pub(crate) fn text_hash(text: &str) -> u128 {
    let mut h = SipHasher13::new();
    h.write_u64(text.len() as u64);
    h.write(text.as_bytes());
    h.finish128().as_u128()
}

/// The model memo the last build stored under `key`. `Ok(None)` when there is none or it was
/// stored under another key; `Err` (for a note) when the file cannot be read or decoded.
pub(crate) fn load_model(root: &Path, key: Fingerprint) -> Result<Option<StoredModel>, String> {
    read(root, MODEL_FILE, key)
}

/// Stores the model memo of a build made under `key`.
pub(crate) fn store_model(root: &Path, key: Fingerprint, model: &StoredModel) -> std::io::Result<()> {
    write(root, MODEL_FILE, key, model)
}

/// The pages the last build stored under `key` whose files in `out` are still as it wrote them,
/// ready for the renderer to reuse (each page's file stands for its HTML).
pub(crate) fn load_pages(
    root: &Path,
    out: &Path,
    key: Fingerprint,
) -> Result<Option<RenderMemo>, String> {
    let Some(pages) = read::<Vec<KeptPage>>(root, PAGES_FILE, key)? else {
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
    write(root, PAGES_FILE, key, &kept)
}

fn read<T: DeserializeOwned>(root: &Path, name: &str, key: Fingerprint) -> Result<Option<T>, String> {
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
    if header.format != FORMAT || header.key != key.0 {
        return Ok(None);
    }
    postcard::from_bytes(rest).map(Some).map_err(unreadable)
}

fn write<T: Serialize>(root: &Path, name: &str, key: Fingerprint, value: &T) -> std::io::Result<()> {
    let header = Header {
        magic: MAGIC.to_string(),
        format: FORMAT,
        key: key.0,
    };
    let bytes = postcard::to_stdvec(&(header, value)).map_err(std::io::Error::other)?;
    write_atomically(root, name, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_back_only_under_its_key_and_format() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let value = vec![("a".to_string(), 7u128)];
        write(root, PAGES_FILE, Fingerprint(1), &value).unwrap();
        let back: Option<Vec<(String, u128)>> = read(root, PAGES_FILE, Fingerprint(1)).unwrap();
        assert_eq!(back, Some(value));
        let other: Option<Vec<(String, u128)>> = read(root, PAGES_FILE, Fingerprint(2)).unwrap();
        assert_eq!(other, None, "another key");
        let missing: Option<Vec<(String, u128)>> = read(root, MODEL_FILE, Fingerprint(1)).unwrap();
        assert_eq!(missing, None, "no file");
        let path = root.join(super::super::DIR).join(PAGES_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).unwrap();
        let cut = read::<Vec<(String, u128)>>(root, PAGES_FILE, Fingerprint(1));
        assert!(cut.unwrap_err().contains("is damaged"));
        std::fs::write(&path, b"\x03abc garbage").unwrap();
        assert!(read::<Vec<(String, u128)>>(root, PAGES_FILE, Fingerprint(1)).is_err());
    }

    #[test]
    fn a_page_is_kept_only_while_its_file_is_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path(), dir.path().join("public"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "<p>a</p>").unwrap();
        std::fs::write(out.join("index.html"), "<p>home</p>").unwrap();
        let pages = [("a/index.html".to_string(), 1), ("index.html".to_string(), 2)];
        store_pages(root, &out, Fingerprint(9), &pages).unwrap();
        let memo = load_pages(root, &out, Fingerprint(9)).unwrap().unwrap();
        assert_eq!(memo.len(), 2);
        std::fs::write(out.join("index.html"), "<p>edited</p>").unwrap();
        let memo = load_pages(root, &out, Fingerprint(9)).unwrap().unwrap();
        assert_eq!(memo.into_fingerprints(), [("a/index.html".to_string(), 1)]);
        assert!(load_pages(root, &out, Fingerprint(8)).unwrap().is_none());
    }
}
