//! Pages `serve` need not render again: each page's HTML is kept with a fingerprint of
//! everything its template was given (the template's name, every variable, the render options).
//! A page whose fingerprint is the same in the new build gets the kept HTML, shared, not copied.
//!
//! Exact by construction: the fingerprint is taken from the very values put into the template's
//! context, through the one `Vars` door, so no list of what a page depends on is kept by hand. The
//! theme is not in the fingerprint: the kept pages are dropped whenever templates, static files
//! or the config change (see `Session::rebuild`).
//!
//! Working out every page's fingerprint is itself most of a save's cost: a page whose inputs
//! are known not to have changed ([`trace`]) keeps its HTML and fingerprint without it.

mod encode;
pub(crate) mod trace;

use super::{RenderOptions, Vars};
use crate::digest::Digester;
use crate::model::Site;
use crate::output::OutputData;
use std::collections::HashMap;
pub(crate) use trace::{Changes, SiteDigests, Trace};

/// Each page's HTML by output path, with the fingerprint of what it was rendered from.
#[derive(Default)]
pub struct RenderMemo {
    pages: HashMap<String, KeptPage>,
    /// The digests of the site the pages were rendered from, when they were traced.
    digests: Option<SiteDigests>,
}

/// A page's HTML, the fingerprint of what it was rendered from and, when known, the pages its
/// variables were built from.
struct KeptPage {
    fingerprint: u128,
    data: OutputData,
    trace: Option<Trace>,
}

impl RenderMemo {
    /// Whether a page at `path` is kept (rendered by the last build).
    pub(super) fn has(&self, path: &str) -> bool {
        self.pages.contains_key(path)
    }

    /// The kept HTML of `path`, when it was rendered from inputs with this fingerprint.
    pub(super) fn get(&self, path: &str, fingerprint: u128) -> Option<OutputData> {
        self.pages
            .get(path)
            .filter(|kept| kept.fingerprint == fingerprint)
            .map(|kept| kept.data.clone())
    }

    /// The kept HTML of `path` with its fingerprint and trace (in this build's ids), when what
    /// its trace names is the same after `changes`: its variables would be the same.
    pub(super) fn unchanged(
        &self,
        path: &str,
        changes: &Changes<'_>,
    ) -> Option<(u128, OutputData, Trace)> {
        let kept = self.pages.get(path)?;
        let trace = changes.unchanged(kept.trace.as_ref()?)?;
        Some((kept.fingerprint, kept.data.clone(), trace))
    }

    /// How the site with digests `now` differs from the one the kept pages were traced in.
    pub(super) fn changes<'a>(&'a self, now: &'a SiteDigests, site: &Site) -> Option<Changes<'a>> {
        Some(self.digests.as_ref()?.changes(now, site))
    }

    /// Keeps the HTML of `path`.
    pub(super) fn insert(
        &mut self,
        path: String,
        fingerprint: u128,
        data: OutputData,
        trace: Option<Trace>,
    ) {
        self.pages.insert(
            path,
            KeptPage {
                fingerprint,
                data,
                trace,
            },
        );
    }

    /// Records the digests of the site the kept pages' traces were taken in.
    pub(super) fn traced_in(&mut self, digests: Option<SiteDigests>) {
        self.digests = digests;
    }

    /// Pages a previous build left on disk (the build cache): each output path with the
    /// fingerprint it was rendered from and its file, which stands for its HTML.
    pub(crate) fn on_disk(pages: impl IntoIterator<Item = (String, u128, OutputData)>) -> Self {
        RenderMemo {
            pages: pages
                .into_iter()
                .map(|(path, fingerprint, data)| {
                    let kept = KeptPage {
                        fingerprint,
                        data,
                        trace: None,
                    };
                    (path, kept)
                })
                .collect(),
            digests: None,
        }
    }

    /// Each kept page's output path and fingerprint, sorted by path; the HTML is let go.
    pub(crate) fn into_fingerprints(self) -> Vec<(String, u128)> {
        let mut pages: Vec<(String, u128)> = self
            .pages
            .into_iter()
            .map(|(path, kept)| (path, kept.fingerprint))
            .collect();
        pages.sort();
        pages
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether no page is kept.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// A 128-bit digest of a template's name, its variables (written by [`encode`]) and the render
/// options.
pub(super) struct Fingerprint {
    hasher: Digester,
    /// JSON is written in small pieces: they are hashed in blocks.
    buffer: Vec<u8>,
    /// A variable that would not serialize: no fingerprint, the page is rendered.
    failed: bool,
}

impl Fingerprint {
    pub(super) fn new(template: &str, options: &RenderOptions) -> Self {
        let mut fingerprint = Fingerprint {
            hasher: Digester::new(),
            buffer: Vec::with_capacity(BLOCK),
            failed: false,
        };
        fingerprint.write_str(template);
        fingerprint.write(&[options.relative_index.into()]);
        fingerprint.write_str(options.body_end_snippet.as_deref().unwrap_or("\0none"));
        fingerprint
    }

    fn write_str(&mut self, s: &str) {
        self.write(&s.len().to_le_bytes());
        self.write(s.as_bytes());
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > BLOCK {
            self.hasher.raw(&self.buffer);
            self.buffer.clear();
        }
        if bytes.len() > BLOCK {
            self.hasher.raw(bytes);
        } else {
            self.buffer.extend_from_slice(bytes);
        }
    }

    pub(super) fn finish(mut self) -> Option<u128> {
        self.hasher.raw(&self.buffer);
        (!self.failed).then(|| self.hasher.finish())
    }
}

/// Bytes hashed at once.
const BLOCK: usize = 16 * 1024;

impl Vars for Fingerprint {
    fn put<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.write_str(key);
        // Each value is written whole (see `encode`): two variables cannot run together.
        if value.serialize(&mut encode::Encoder(self)).is_err() {
            self.failed = true;
        }
    }

    /// The language's variables are the theme's function of its tag, and the theme is the
    /// same for every kept page: the tag stands for them (and hashes in nanoseconds, where the
    /// translation table would take microseconds on every page).
    fn put_language(&mut self, _: &super::Theme, lang: &str) {
        self.put("language variables of", lang);
    }
}
