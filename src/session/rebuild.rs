//! `serve`'s rebuilds: what changed on disk in, a new build and the output paths whose bytes
//! changed out. Every rebuild runs the same full pipeline as `build` (the parse cache that makes
//! one-page edits independent of the handbook's size is not part of this version; see the
//! README's "Live reload" section for what that costs at 10,000 pages).

use super::{Build, Session};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What a changed path of the handbook folder is, for a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A Markdown page (created, changed or removed).
    Page,
    /// Any other file or a folder of the content tree (an image beside a page, a new folder).
    Asset,
    /// `handbook.yml`.
    Config,
    /// A template (the handbook's `templates/` or the `theme:` folder's).
    Template,
    /// A static file (the handbook's `static/` or the `theme:` folder's).
    Static,
}

/// Paths (relative to the handbook root, `/`-separated) changed since the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Each changed path and what it is.
    pub paths: BTreeMap<String, ChangeKind>,
}

impl ChangeSet {
    /// An empty change set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one changed path.
    pub fn insert(&mut self, rel_path: impl Into<String>, kind: ChangeKind) {
        self.paths.insert(rel_path.into(), kind);
    }

    /// Adds every path of `other`.
    pub fn merge(&mut self, other: &ChangeSet) {
        self.paths
            .extend(other.paths.iter().map(|(p, k)| (p.clone(), *k)));
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// True when a path of this kind changed.
    pub fn has(&self, kind: ChangeKind) -> bool {
        self.paths.values().any(|k| *k == kind)
    }
}

/// What one [`Session::rebuild`] did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Output paths whose bytes differ from the previous build, including added and removed
    /// ones. Empty after the first build.
    pub changed: Vec<String>,
    /// Pages rendered through the templates.
    pub rendered: usize,
    /// Markdown files parsed.
    pub reparsed: usize,
    /// Whether the folder was walked and read again (always, in this version).
    pub reloaded: bool,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

impl Session {
    /// Builds again after `changes` and keeps the result as the current build. The previous
    /// build is replaced even when the new one has errors: the caller decides what to serve.
    pub fn rebuild(&mut self, _changes: &ChangeSet) -> anyhow::Result<Rebuild> {
        let started = Instant::now();
        let build = self.build()?;
        let changed = match &self.current {
            Some(previous) => previous.output.changed_paths(&build.output),
            None => Vec::new(),
        };
        let pages = build.site.pages.len();
        let sources = build
            .site
            .pages
            .iter()
            .filter(|p| p.source.is_some())
            .count();
        self.current = Some(build);
        Ok(Rebuild {
            changed,
            rendered: pages,
            reparsed: sources,
            reloaded: true,
            elapsed: started.elapsed(),
        })
    }

    /// The build of the last [`Session::rebuild`].
    pub fn current(&self) -> Option<&Build> {
        self.current.as_ref()
    }
}
