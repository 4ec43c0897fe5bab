//! What one build of the model lends the next, for `serve`: each file's parsed front matter and
//! each page's rendered Markdown, reused when nothing they were made from has changed.
//!
//! Reuse is decided by comparing inputs, never by a list of what depends on what:
//! - a parse is reused when the file's text, its path, the config and the templates are the same,
//!   and so is what else it read ([`ParseInputs`]: for a decision record, the decision folders,
//!   whether the other files make it an attachment, and the commit that added it);
//! - a body is reused when, besides that, its page starts at the same offset with the same title
//!   left out and the same record lines hidden, and every lookup its rendering made answers the
//!   same in the new site: each link resolves to the same href, each included file has the same
//!   text. The link targets are taken from the new site's answers (page ids move when pages come
//!   and go).

mod stored;
pub use stored::StoredModel;

use super::links::{Layout, LayoutMoves, Link, Resolver};
use super::{Bodies, Body, Page, Parsed};
use crate::config::Config;
use crate::load::{RelPath, SourceFile};
use crate::markdown::{LinkKind, LinkRef, ShortcodeHost};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// A shortcode host that records what its pages include.
pub(super) struct RecordingHost<H> {
    inner: H,
    includes: RefCell<Vec<(String, Option<String>)>>,
}

impl<H: ShortcodeHost> RecordingHost<H> {
    pub(super) fn new(inner: H) -> Self {
        RecordingHost {
            inner,
            includes: RefCell::new(Vec::new()),
        }
    }

    pub(super) fn into_includes(self) -> Vec<(String, Option<String>)> {
        self.includes.into_inner()
    }
}

impl<H: ShortcodeHost> ShortcodeHost for RecordingHost<H> {
    fn include(&self, path: &str) -> Option<String> {
        let text = self.inner.include(path);
        self.includes
            .borrow_mut()
            .push((path.to_string(), text.clone()));
        text
    }

    fn has_shortcode(&self, name: &str) -> bool {
        self.inner.has_shortcode(name)
    }

    fn shortcode(
        &self,
        name: &str,
        args: &[(Option<String>, String)],
        inner: Option<&str>,
    ) -> Result<String, String> {
        self.inner.shortcode(name, args, inner)
    }

    fn mdx(&self) -> bool {
        self.inner.mdx()
    }
}

/// The lookups a page's Markdown made while it rendered, with their answers.
#[derive(Debug, Clone, Default)]
pub(super) struct BodyInputs {
    /// Each link resolved, in order, with the href written for it.
    pub(super) links: Vec<(LinkRef, Option<String>)>,
    /// Each file an include shortcode read, with its text then.
    pub(super) includes: Vec<(String, Option<String>)>,
}

/// What a file's parse reads besides its text and the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseInputs {
    /// Whether the file is a translation of another.
    pub(super) translation: bool,
    /// For a file in a decision folder, what its parse as a record reads.
    pub(super) record: Option<RecordInputs>,
}

/// What the parse of a file in a decision folder reads besides its text and the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RecordInputs {
    /// The handbook's decision folders.
    pub(super) decision_folders: Vec<String>,
    /// Whether it is a record rather than an attachment (which depends on the other files).
    pub(super) is_record: bool,
    /// The date of the commit that added it, which dates a record in a `date_from: git` folder.
    pub(super) added: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// How a page's body was cut from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BodyCut {
    pub(super) body_offset: usize,
    pub(super) skip_title: Option<Range<usize>>,
    pub(super) hidden: Vec<Range<usize>>,
}

/// A body rendered by the last build, with what it was made from.
struct MemoBody {
    cut: BodyCut,
    inputs: BodyInputs,
    body: Body,
    links: Vec<Link>,
}

/// The source a page's memoized body is kept under: its own file's. A fallback page of another
/// language shows the original's body under its path, and a generated page has none.
pub(super) fn body_source(page: &Page) -> Option<&RelPath> {
    page.rel_path
        .as_ref()
        .filter(|_| page.fallback_of.is_none() && page.source.is_some())
}

/// Parses and bodies of the last build, by source path. Empty: nothing is reused (a build, or
/// `serve` after the config or templates changed).
#[derive(Default)]
pub struct ModelMemo {
    /// What every entry was made under; an entry is used only when the new build's are equal.
    config: Option<Config>,
    templates: Vec<(String, String)>,
    bodies_mode: Option<Bodies>,
    /// The digest of the text each file had (see [`SourceFile::text_digest`]).
    texts: HashMap<RelPath, u128>,
    /// Each file's parse, with what it read besides its text and the config.
    parsed: HashMap<RelPath, (ParseInputs, Arc<Parsed>)>,
    /// How each page's body was cut and what its rendering looked up.
    inputs: HashMap<RelPath, (BodyCut, BodyInputs)>,
    /// The last build's bodies and links, lent by [`ModelMemo::lend_bodies`] just before the
    /// next build.
    bodies: HashMap<RelPath, Mutex<MemoBody>>,
    /// The last build's [`Resolver::layout`]: while its digest is the same, a reused body's
    /// links other than wiki links resolve as they did, and are not resolved again; when only
    /// the pages moved, most still do (see [`LayoutMoves`]).
    layout: Option<Layout>,
    /// How many parses and bodies the last build reused.
    pub(super) reused: Mutex<(usize, usize)>,
    /// How many links of reused bodies the last build carried over a move of pages without
    /// resolving them again (see [`LayoutMoves`]).
    pub(super) carried: std::sync::atomic::AtomicUsize,
    /// How many Markdown files the last build parsed or rendered again (not from the memo).
    pub(super) fresh: usize,
    /// Whether the last build could use the entries (same config and templates as the one
    /// before): what depends on those as a whole may be reused too.
    pub(super) was_valid: bool,
}

impl ModelMemo {
    /// Whether a build under this config and these templates may use the entries.
    pub(super) fn valid_for(
        &self,
        config: &Config,
        templates: &[(String, String)],
        bodies: Bodies,
    ) -> bool {
        self.config.as_ref() == Some(config)
            && self.templates == templates
            && self.bodies_mode == Some(bodies)
    }

    /// Moves the bodies and links of the last build's pages (which the new build replaces) into
    /// the memo, for the new build to take back those still valid.
    pub fn lend_bodies(&mut self, site: &mut super::Site) {
        self.bodies.clear();
        let links = std::mem::take(&mut site.links);
        for (page, links) in site.pages.iter_mut().zip(links) {
            let Some(rel_path) = body_source(page) else {
                continue;
            };
            // Taken, not copied: the build that borrows the bodies records its own inputs.
            let Some((cut, inputs)) = self.inputs.remove(rel_path.as_str()) else {
                continue;
            };
            let mut links = links;
            links.retain(Link::made_by_body);
            self.bodies.insert(
                rel_path.clone(),
                Mutex::new(MemoBody {
                    cut,
                    inputs,
                    body: std::mem::take(&mut page.body),
                    links,
                }),
            );
        }
    }

    /// Forgets what is known of a file (its text changed without a build of the whole model).
    pub fn forget(&mut self, rel_path: &str) {
        self.texts.remove(rel_path);
        self.parsed.remove(rel_path);
        self.inputs.remove(rel_path);
        self.bodies.remove(rel_path);
    }

    /// Whether the last build was made under the config and templates of the one before.
    pub fn was_valid(&self) -> bool {
        self.was_valid
    }

    /// How many Markdown files the last build parsed or rendered (rather than reused).
    pub fn fresh(&self) -> usize {
        self.fresh
    }

    /// How many links of reused bodies the last build carried over a move of pages.
    pub fn carried(&self) -> usize {
        self.carried.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many parses and bodies the last build took from the memo.
    pub fn reused(&self) -> (usize, usize) {
        self.reused.lock().map(|r| *r).unwrap_or_default()
    }

    fn same_text(&self, file: &SourceFile) -> bool {
        self.texts
            .get(file.rel_path.as_str())
            .is_some_and(|t| *t == file.text_digest())
    }

    /// The last parse of `file`, when its inputs are the same (see the module's comment).
    pub(super) fn parsed(&self, file: &SourceFile, inputs: &ParseInputs) -> Option<Arc<Parsed>> {
        let (was, parsed) = self.parsed.get(file.rel_path.as_str())?;
        (was == inputs && self.same_text(file)).then(|| {
            if let Ok(mut reused) = self.reused.lock() {
                reused.0 += 1;
            }
            parsed.clone()
        })
    }

    /// The last body of `page`, when it would render the same in the site `resolver` resolves
    /// against; its links carry the new site's targets.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn body(
        &self,
        page: &Page,
        file: &SourceFile,
        cut: &BodyCut,
        resolver: &Resolver<'_>,
        layout: &Layout,
        moves: Option<&LayoutMoves>,
        include: impl Fn(&str) -> Option<String>,
    ) -> Option<(Body, Vec<Link>, BodyInputs)> {
        let mut guard = self.bodies.get(file.rel_path.as_str())?.lock().ok()?;
        let memo = &mut *guard;
        if memo.cut != *cut || !self.same_text(file) {
            return None;
        }
        if memo.links.len() != memo.inputs.links.len() {
            return None;
        }
        let mut links = std::mem::take(&mut memo.links);
        let same_layout = self.layout.as_ref().map(|l| l.digest) == Some(layout.digest);
        // A page that moved (or is new) writes each href from its new URL: resolved again.
        let moves = moves.filter(|moves| moves.stayed(page.id));
        for ((link, href), out) in memo.inputs.links.iter().zip(&mut links) {
            if let Some(moves) = moves
                && link.kind != LinkKind::Wiki
                && let Some(target) = moves.carry(link, &out.target)
            {
                // Resolves as it did, renumbered; debug builds check it.
                debug_assert_eq!(
                    resolver.resolve(page.id, link),
                    (href.clone(), target.clone()),
                    "{} of {}: carried over a move of pages wrongly",
                    link.dest,
                    file.rel_path
                );
                out.target = target;
                self.carried
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                continue;
            }
            if same_layout && link.kind != LinkKind::Wiki {
                // Resolves as it did (see `Resolver::layout_digest`); debug builds check it.
                debug_assert_eq!(
                    resolver.resolve(page.id, link),
                    (href.clone(), out.target.clone()),
                    "{} of {}: the layout digest missed what it resolves against",
                    link.dest,
                    file.rel_path
                );
                continue;
            }
            let (new_href, target) = resolver.resolve(page.id, link);
            if new_href != *href {
                memo.links = links;
                return None;
            }
            out.target = target;
        }
        if memo
            .inputs
            .includes
            .iter()
            .any(|(path, text)| include(path) != *text)
        {
            memo.links = links;
            return None;
        }
        if let Ok(mut reused) = self.reused.lock() {
            reused.1 += 1;
        }
        // Each source is one page: the body is taken, not copied.
        Some((
            std::mem::take(&mut memo.body),
            links,
            std::mem::take(&mut memo.inputs),
        ))
    }

    /// Replaces the entries with those of the build just made under `config` and `templates`.
    pub(super) fn finish(
        &mut self,
        config: &Config,
        templates: &[(String, String)],
        bodies: Bodies,
        texts: HashMap<RelPath, u128>,
        parsed: HashMap<RelPath, (ParseInputs, Arc<Parsed>)>,
        inputs: HashMap<RelPath, (BodyCut, BodyInputs)>,
    ) {
        self.config = Some(config.clone());
        self.templates = templates.to_vec();
        self.bodies_mode = Some(bodies);
        self.texts = texts;
        self.parsed = parsed;
        self.inputs = inputs;
        self.bodies.clear();
    }

    /// Records the layout the build just made resolved its links against.
    pub(super) fn set_layout(&mut self, layout: Option<Layout>) {
        self.layout = layout;
    }

    /// How the pages moved since the last build, when that is all that changed of the layout
    /// (see [`LayoutMoves`]).
    pub(super) fn moves_to(&self, layout: &Layout) -> Option<LayoutMoves> {
        let before = self.layout.as_ref()?;
        if before.digest == layout.digest {
            return None;
        }
        LayoutMoves::between(before, layout)
    }

    /// Empties the memo of everything but the reuse counts.
    pub(super) fn clear_entries(&mut self) {
        self.layout = None;
        self.config = None;
        self.texts.clear();
        self.parsed.clear();
        self.inputs.clear();
        self.bodies.clear();
    }
}
