//! `build`'s use of the build cache beyond its "nothing changed" shortcut: a build after a
//! few-page change starts from what the last build kept in the cache folder (parses, bodies,
//! pages still on disk; see `build_cache::kept`) and leaves what it made for the next one.

use super::{Preloaded, Session};
use crate::build_cache::{self, Fingerprint};
use crate::config::Config;
use crate::load::Sources;
use crate::model::Site;
use crate::model::memo::ModelMemo;

/// A build that takes from the cache and keeps its work there.
pub(super) struct Reuse {
    /// The key of what the cache lends this build and of what it keeps of it.
    key: Fingerprint,
    /// The binary that runs, as the cache files record it.
    binary: build_cache::ThisBinary,
    /// Whether pages of the last build were found on disk as it wrote them.
    pages_loaded: bool,
    /// Each page rendered or reused, with its fingerprint, to store once it is written.
    pages: Vec<(String, u128)>,
    /// What could not be read or written (the build goes on without it).
    notes: Vec<String>,
}

/// How much of the last build was worked out again (the rest was taken from the last one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Markdown bodies rendered.
    pub bodies: usize,
    /// Pages rendered through a template.
    pub pages: usize,
}

impl Session {
    /// Makes the next build take what the cache kept of the last build made under the same
    /// key, and keep what it makes.
    pub(super) fn lend_from_cache(&mut self, config: &Config, sources: &Sources) {
        let key = build_cache::reuse_key(&self.options, &self.out_abs(config), config, sources);
        let binary = build_cache::ThisBinary::running();
        let mut notes = Vec::new();
        match build_cache::load_model(&self.options.root, key, &binary) {
            Ok(Some(stored)) => {
                self.memo = ModelMemo::from_stored(stored, sources, config, self.options.bodies);
            }
            Ok(None) => {}
            Err(note) => notes.push(note),
        }
        let out = self.out_dir(config);
        let pages_loaded = match build_cache::load_pages(&self.options.root, &out, key, &binary) {
            Ok(Some(pages)) => {
                self.render_memo = pages;
                true
            }
            Ok(None) => false,
            Err(note) => {
                notes.push(note);
                false
            }
        };
        self.reuse = Some(Reuse {
            key,
            binary,
            pages_loaded,
            pages: Vec::new(),
            notes,
        });
    }

    /// For a build that does not take the "nothing changed" shortcut (`--strict` and
    /// `--external` decide from diagnostics that the shortcut does not repeat): loads the
    /// sources for the next build and lends it what the cache kept, as
    /// [`Session::unchanged_build`] does when it finds a change.
    pub fn start_from_cache(&mut self) -> anyhow::Result<()> {
        let (config, diagnostics, sources) = self.load()?;
        self.lend_from_cache(&config, &sources);
        self.preloaded = Some(Preloaded {
            config,
            diagnostics,
            sources,
            fingerprint: None,
        });
        Ok(())
    }

    /// Whether the build under way fills the model memo: `serve`'s rebuilds, and builds that
    /// keep their work in the cache.
    pub(super) fn fills_memo(&self) -> bool {
        self.remember || self.reuse.is_some()
    }

    /// Whether the build under way may take pages from the render memo: `serve`'s, when the
    /// memo was made under the same config and templates; a build's, when the cache had pages
    /// under the same key.
    pub(super) fn reuses_pages(&self) -> bool {
        (self.remember && self.memo.was_valid())
            || self.reuse.as_ref().is_some_and(|r| r.pages_loaded)
    }

    /// Notes the fingerprint of each page just rendered or reused, for [`Session::keep_pages`].
    pub(super) fn rendered_pages(&mut self, pages: crate::render::reuse::RenderMemo) {
        if let Some(reuse) = &mut self.reuse {
            reuse.pages = pages.into_fingerprints();
        }
    }

    /// Stores the model memo of the build just made, with its pages' bodies (taken out of the
    /// pages with `take_bodies`, when the caller frees them next), and empties the memo.
    pub(super) fn keep_model(&mut self, site: &mut Site, take_bodies: bool) {
        let Some(reuse) = &mut self.reuse else {
            return;
        };
        let stored = std::mem::take(&mut self.memo).store(site, take_bodies);
        if let Err(e) =
            build_cache::store_model(&self.options.root, reuse.key, &reuse.binary, &stored)
        {
            reuse
                .notes
                .push(format!("the build cache could not be written: {e}"));
        }
    }

    /// Stores the pages of the build just written to the output folder of `config`.
    pub(super) fn keep_pages(&mut self, config: &Config) -> std::io::Result<()> {
        let out = self.out_dir(config);
        let Some(reuse) = &mut self.reuse else {
            return Ok(());
        };
        build_cache::store_pages(
            &self.options.root,
            &out,
            reuse.key,
            &reuse.binary,
            &reuse.pages,
        )
    }

    /// How much of the last build was worked out again.
    pub fn work(&self) -> Work {
        self.work
    }

    /// What the build cache could not read or write, for the user to know why a build took
    /// longer than it might have.
    pub fn cache_notes(&self) -> &[String] {
        self.reuse.as_ref().map_or(&[], |r| &r.notes)
    }
}
