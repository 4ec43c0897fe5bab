//! One Markdown file as read from disk, with what is needed to point at its lines.

use super::RelPath;
use crate::diagnostic::LineIndex;
use crate::i18n::script::ScriptCounts;
use std::path::PathBuf;
use std::sync::OnceLock;

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
    /// The letters of each script in the text, counted once (see [`SourceFile::script_counts`]).
    script_counts: OnceLock<ScriptCounts>,
    /// A hash of the text, worked out once (see [`SourceFile::text_digest`]).
    text_digest: OnceLock<u128>,
    /// How the file was read when it was not UTF-8, for the warning each load gives (see
    /// [`SourceFile::read_as`]).
    read_as: Option<ReadAs>,
}

/// How a file that is not UTF-8 was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadAs {
    /// The encoding's name (`UTF-16LE`, `windows-1252`).
    pub encoding: &'static str,
    /// When the encoding is a guess from the bytes (no byte order mark said it): the line and
    /// column of the first byte that is not UTF-8.
    pub guessed_from: Option<(u32, u32)>,
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
            script_counts: OnceLock::new(),
            text_digest: OnceLock::new(),
            read_as: None,
        }
    }

    /// Says how the file was read, when it was not UTF-8.
    pub(crate) fn read_as(mut self, read_as: ReadAs) -> Self {
        self.read_as = Some(read_as);
        self
    }

    /// How the file was read, when it was not UTF-8.
    pub fn read_as_encoding(&self) -> Option<ReadAs> {
        self.read_as
    }

    /// The letters of each script in the file, for telling the handbook's language when
    /// `handbook.yml` names none; nothing for a page whose front matter sets its own `lang` (it
    /// does not make the handbook that language). Counted on first use and kept with the file,
    /// so that `serve` counts only the files a save changed.
    pub fn script_counts(&self) -> ScriptCounts {
        *self.script_counts.get_or_init(|| {
            let mut counts = ScriptCounts::default();
            if !crate::i18n::has_own_language(&self.text) {
                counts.add(&self.text);
            }
            counts
        })
    }

    /// A 128-bit digest ([`crate::digest`]) of the text: `serve` tells a file it has parsed before by it, without
    /// keeping a copy of every text. Worked out on first use and kept with the file, which
    /// `serve` keeps until the file changes.
    pub fn text_digest(&self) -> u128 {
        *self
            .text_digest
            .get_or_init(|| crate::digest::digest(self.text.as_bytes()))
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
