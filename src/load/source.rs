//! One Markdown file as read from disk, with what is needed to point at its lines.

use super::RelPath;
use crate::diagnostic::LineIndex;
use std::path::PathBuf;

/// A Markdown file of the handbook.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the handbook root (`guide/onboarding.md`).
    pub rel_path: RelPath,
    /// Where it is on disk.
    pub abs_path: PathBuf,
    /// The whole file, front matter included.
    pub text: String,
    line_index: LineIndex,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(rel_path: impl Into<RelPath>, abs_path: PathBuf, text: String) -> Self {
        let line_index = LineIndex::new(&text);
        SourceFile {
            rel_path: rel_path.into(),
            abs_path,
            text,
            line_index,
        }
    }

    /// The 1-based line and column of a byte offset into [`SourceFile::text`].
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        self.line_index.line_col(&self.text, offset)
    }
}

/// A file that is copied as it is (an image beside a page, or a file of `static/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFile {
    /// Path in the output, relative to the site root, `/`-separated.
    pub rel_path: String,
    /// Where it is on disk.
    pub abs_path: PathBuf,
}
