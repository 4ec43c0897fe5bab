//! [`RelPath`]: a path relative to the handbook root, `/`-separated, without a leading `/`
//! (`guide/a.md`; a folder: `guide`; the root folder: `""`). The loader gives every file its
//! rel path; the model carries it as this type and it turns into text only at the edges (a
//! diagnostic, HTML, JSON). The folder rules (the parent of a path, a name inside a folder) are
//! defined here once.

use serde::Serialize;
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A handbook-relative, `/`-separated path.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RelPath(String);

impl RelPath {
    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder it is in: `a/b/c.md` -> `a/b`, `c.md` -> `""`.
    pub fn parent(&self) -> &str {
        parent(&self.0)
    }

    /// The file's name without its extension: `a/0001-use-x.md` -> `0001-use-x`.
    pub fn file_stem(&self) -> &str {
        file_stem(&self.0)
    }

    /// The path of `name` inside the folder `self`.
    pub fn join(&self, name: &str) -> RelPath {
        RelPath(join(&self.0, name))
    }
}

/// The folder a rel path (of a file or of a folder) is in: `a/b/c.md` -> `a/b`, `c.md` and
/// `""` -> `""`.
pub fn parent(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The name of the file a rel path names, without its extension: `a/b.md` -> `b`.
pub fn file_stem(rel_path: &str) -> &str {
    let name = file_name(rel_path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The last segment of a rel path: `a/b/c.md` -> `c.md`.
pub fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or(rel_path, |(_, name)| name)
}

/// The extensions a page's file may have, lowercase (`.mdx` is a page only in a Docusaurus
/// folder, see `load::is_markdown`; a wiki link may name any of them).
pub const PAGE_EXTENSIONS: &[&str] = &["md", "markdown", "mdx"];

/// `name` without a page extension (any case), when it has one: `Notes.MD` -> `Notes`.
pub fn without_page_extension(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    PAGE_EXTENSIONS
        .iter()
        .any(|e| extension.eq_ignore_ascii_case(e))
        .then_some(stem)
}

/// `name` inside `folder` (`""` is the root): `a` + `b.md` -> `a/b.md`.
pub fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

impl From<String> for RelPath {
    fn from(path: String) -> Self {
        RelPath(path)
    }
}

impl From<&str> for RelPath {
    fn from(path: &str) -> Self {
        RelPath(path.to_string())
    }
}

impl From<RelPath> for String {
    fn from(path: RelPath) -> Self {
        path.0
    }
}

impl Deref for RelPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RelPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A rel path is also a relative file-system path: `root.join(rel_path)` is the file on disk.
impl AsRef<std::path::Path> for RelPath {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&self.0)
    }
}

impl Borrow<str> for RelPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for RelPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RelPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for RelPath {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<RelPath> for str {
    fn eq(&self, other: &RelPath) -> bool {
        self == other.0
    }
}

impl PartialEq<RelPath> for &str {
    fn eq(&self, other: &RelPath) -> bool {
        *self == other.0
    }
}

impl PartialEq<RelPath> for String {
    fn eq(&self, other: &RelPath) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems() {
        assert_eq!(RelPath::from("a/0001-use-x.md").file_stem(), "0001-use-x");
        assert_eq!(RelPath::from("README.md").file_stem(), "README");
        assert_eq!(RelPath::from("a/b.c/notes").file_stem(), "notes");
        assert_eq!(RelPath::from("a/v1.2.mdx").file_stem(), "v1.2");
    }

    #[test]
    fn file_names_and_page_extensions() {
        assert_eq!(file_name("a/b/Flow chart.png"), "Flow chart.png");
        assert_eq!(file_name("c.md"), "c.md");
        assert_eq!(without_page_extension("Notes.MD"), Some("Notes"));
        assert_eq!(without_page_extension("v1.2.mdx"), Some("v1.2"));
        assert_eq!(without_page_extension("diagram.png"), None);
        assert_eq!(without_page_extension("Notes"), None);
    }

    #[test]
    fn parent_and_join_are_inverse_at_every_depth() {
        for (folder, name) in [("", "a.md"), ("guide", "a.md"), ("a/b", "c")] {
            let path = RelPath::from(join(folder, name));
            assert_eq!(path.parent(), folder);
        }
        assert_eq!(parent(""), "");
        assert_eq!(RelPath::from("guide").join("x.md"), "guide/x.md");
        assert_eq!(RelPath::default().join("x.md"), "x.md");
    }

    #[test]
    fn serializes_and_borrows_as_its_text() {
        let path = RelPath::from("guide/a.md");
        assert_eq!(serde_json::to_string(&path).unwrap(), "\"guide/a.md\"");
        let set: std::collections::HashSet<RelPath> = [path.clone()].into();
        assert!(set.contains("guide/a.md"));
        assert_eq!(path.to_string(), "guide/a.md");
    }
}
