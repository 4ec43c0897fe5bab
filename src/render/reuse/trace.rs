//! Which pages need their fingerprint worked out again after a save. Building a page's template
//! variables is most of what fingerprinting costs (12,900 pages: ~300 ms of CPU at 10k pages,
//! every save), yet a save changes what few pages see. So while a page's variables are built,
//! the pages it looks at are recorded ([`crate::model::reads`]), and each page of the site gets
//! a digest of all it holds; after a save, a page whose recorded pages all have the digests
//! they had (and the rest of the site, below, is the same) would be given the same variables:
//! its last HTML and fingerprint are kept without building them.
//!
//! What is read of the site other than through a page: a page's own links, backlinks, health,
//! navigation neighbours and decision record are in its digest (a record read is noted as a
//! read of its page); the decision logs, which show every record of theirs, count the records
//! as one digest; the rest is [`SiteDigests::shared`]. Pages are named by URL in the digests and matched by URL between
//! two builds, since a page added or removed renumbers the pages after it. Debug builds check
//! every kept page against its full fingerprint (see `Renderer::render_jobs_fingerprinted`),
//! so a read that goes around the recording fails the tests rather than leaving a stale page
//! in `serve`.

use crate::digest::Digester;
use crate::model::links::{Link, Target};
use crate::model::{PageId, Site, health::Health, nav};
use rayon::prelude::*;

/// The digests of one build's site that tell whether a page's variables can have changed.
pub(crate) struct SiteDigests {
    /// Each page's URL, in `PageId` order: when equal, two builds' ids name the same pages.
    urls: Vec<Box<str>>,
    /// Per page: the page, the pages it names, its outgoing links, backlinks, health and
    /// navigation neighbours.
    pages: Vec<u128>,
    /// What every page may read besides pages: the site's other tables, its shared variables.
    shared: u128,
    /// The decision records and logs.
    decisions: u128,
}

/// What one page's variables were built from: the pages looked at (sorted, each once), and
/// whether the decision records count.
#[derive(Clone, Debug)]
pub(crate) struct Trace {
    reads: Box<[u32]>,
    decisions: bool,
}

impl Trace {
    /// The trace of variables built while `reads` were looked at; `log` for a decision log,
    /// which shows every record of its log (and their tags and statuses as its filters).
    pub(crate) fn new(reads: Vec<u32>, log: bool) -> Self {
        Trace {
            reads: reads.into_boxed_slice(),
            decisions: log,
        }
    }
}

/// How a build's site differs from the one the kept traces were taken in.
pub(crate) struct Changes<'a> {
    before: &'a SiteDigests,
    now: &'a SiteDigests,
    /// The id now of each page of before (`u32::MAX`: gone), when pages came or went.
    renumbered: Option<Vec<u32>>,
    /// Whether the shared digest, and the decisions', are the same.
    shared_same: bool,
    decisions_same: bool,
}

impl Changes<'_> {
    /// The trace of a page, in this build's ids, when what it names reads the same now: the
    /// page would be given the same variables.
    pub(crate) fn unchanged(&self, trace: &Trace) -> Option<Trace> {
        if !self.shared_same || (trace.decisions && !self.decisions_same) {
            return None;
        }
        let now_id = |i: u32| match &self.renumbered {
            Some(ids) => ids[i as usize],
            None => i,
        };
        let mut reads = Vec::with_capacity(trace.reads.len());
        for &i in &trace.reads {
            let j = now_id(i);
            if j == u32::MAX || self.before.pages[i as usize] != self.now.pages[j as usize] {
                return None;
            }
            reads.push(j);
        }
        // Renumbering keeps the URLs' order within a folder but not across folders.
        reads.sort_unstable();
        Some(Trace {
            reads: reads.into_boxed_slice(),
            decisions: trace.decisions,
        })
    }

    /// What changed, for `HANDBOOK_TIMINGS`.
    pub(crate) fn summary(&self) -> String {
        let changed = match &self.renumbered {
            None => self
                .before
                .pages
                .iter()
                .zip(&self.now.pages)
                .filter(|(a, b)| a != b)
                .count(),
            Some(ids) => ids
                .iter()
                .enumerate()
                .filter(|&(i, &j)| {
                    j == u32::MAX || self.before.pages[i] != self.now.pages[j as usize]
                })
                .count(),
        };
        let same = |same: bool| if same { "same" } else { "changed" };
        format!(
            "{changed} pages changed or gone, ids {}, shared {}, decisions {}",
            if self.renumbered.is_some() {
                "renumbered"
            } else {
                "kept"
            },
            same(self.shared_same),
            same(self.decisions_same)
        )
    }
}

impl SiteDigests {
    /// The digests of `site`; `shared` is what all its pages are given besides the site (the
    /// `site` variable, the sidebar's mode), as `Debug` prints it.
    pub(crate) fn of(site: &Site, shared: &impl std::fmt::Debug) -> Self {
        let urls: Vec<Box<str>> = site.pages.iter().map(|p| p.url.as_str().into()).collect();
        // A page named in a digest: by its URL, the same in two builds whatever its id.
        let keys: Vec<u128> = urls
            .par_iter()
            .map(|url| crate::digest::digest(url.as_bytes()))
            .collect();
        let key = |id: PageId| keys[id.0];
        let records = site.decisions.record_digests();
        let pages = site
            .pages
            .par_iter()
            .map(|page| {
                let i = page.id.0;
                let mut digest = Digester::new();
                digest
                    .digest(page.digest())
                    .digest(page.parent.map_or(0, key))
                    .digest(page.fallback_of.map_or(0, key));
                digest.number(page.children.len() as u64);
                for &child in &page.children {
                    digest.digest(key(child));
                }
                let links = site.links.get(i).map_or(&[][..], Vec::as_slice);
                digest.digest(links_digest(links, key));
                let backlinks = site.backlinks.get(&page.id).map_or(&[][..], Vec::as_slice);
                digest.number(backlinks.len() as u64);
                for &from in backlinks {
                    digest.digest(key(from));
                }
                if let Some(record) = site.decisions.of_page(page.id) {
                    digest.digest(records[record.index()]);
                }
                let (prev, next) = nav::neighbours(site, page.id);
                digest
                    .digest(prev.map_or(0, key))
                    .digest(next.map_or(0, key));
                match site.health.pages.get(i) {
                    Some(health) => health.add_to(&mut digest),
                    None => {
                        digest.raw(&[0xfe]);
                    }
                }
                digest.finish()
            })
            .collect();
        SiteDigests {
            urls,
            pages,
            shared: shared_digest(site, shared, key),
            decisions: site.decisions.digest(key, &records),
        }
    }

    /// What `decisions.json` is made of: the records and their pages (titles, URLs).
    pub(crate) fn decisions_json_key(&self, site: &Site) -> u128 {
        let mut digest = Digester::new();
        digest.digest(self.decisions);
        for (_, _, page) in site.decisions.iter() {
            digest.digest(self.pages[page.0]);
        }
        digest.finish()
    }

    /// How `now` differs from `self`; `site` is the site of `now`.
    pub(crate) fn changes<'a>(&'a self, now: &'a SiteDigests, site: &Site) -> Changes<'a> {
        let renumbered = (self.urls != now.urls).then(|| {
            self.urls
                .iter()
                .map(|url| site.by_url.get(&**url).map_or(u32::MAX, |id| id.0 as u32))
                .collect()
        });
        Changes {
            before: self,
            now,
            renumbered,
            shared_same: self.shared == now.shared,
            decisions_same: self.decisions == now.decisions,
        }
    }
}

/// The digest of what a page shows of its links: where they go. Where and how each was written
/// (`raw`, `line`, `column`) is for diagnostics, which are not part of a page.
fn links_digest(links: &[Link], key: impl Fn(PageId) -> u128) -> u128 {
    let mut digest = Digester::new();
    for link in links {
        let Link {
            raw: _,
            target,
            line: _,
            column: _,
            from_relation,
        } = link;
        digest.number(u64::from(*from_relation));
        match target {
            Target::External => digest.number(0),
            Target::Page { page, fragment } => digest
                .number(1)
                .digest(key(*page))
                .opt_str(fragment.as_deref()),
            Target::Asset(path) => digest.number(2).bytes(path.as_bytes()),
            Target::Broken(broken) => digest.number(3).debug(broken),
        };
    }
    digest.finish()
}

/// The digest of what a page may read of `site` other than pages (and what [`SiteDigests`]
/// keeps per page), with `extra`; pages named by `key`. Lists every field of the site, so that
/// a new one is not left out unnoticed.
fn shared_digest(site: &Site, extra: &impl std::fmt::Debug, key: impl Fn(PageId) -> u128) -> u128 {
    let Site {
        // The kept pages are dropped whenever the config changes (`Session::rebuild`).
        config: _,
        // Per page, below.
        pages: _,
        links: _,
        backlinks: _,
        // A page reads its neighbours only, in its own digest.
        nav_order: _,
        nav_position: _,
        // Their own digest.
        decisions: _,
        // Read by the model (link resolution, "did you mean"), not by a page's variables.
        by_source: _,
        shadowed: _,
        drafts: _,
        record_templates: _,
        suggestions: _,
        // Pages read it to see whether a tag's page URL is taken: the tag URLs, below.
        by_url,
        home,
        sections,
        assets,
        aliases,
        health,
        translations,
    } = site;
    let Health {
        today,
        in_git,
        // Per page, in its digest.
        pages: _,
        // Shown by the health pages, which are rendered apart.
        stale_proposals: _,
        orphans: _,
        broken_links: _,
    } = health;
    let mut digest = Digester::new();
    digest
        .debug(extra)
        .debug(&(today, in_git))
        .digest(key(*home));
    let mut tag_urls: Vec<&String> = by_url
        .keys()
        .filter(|url| url.starts_with(super::super::tags::TAGS_URL))
        .collect();
    tag_urls.sort_unstable();
    for url in tag_urls {
        digest.bytes(url.as_bytes());
    }
    for (folder, &page) in sections {
        digest.bytes(folder.as_bytes()).digest(key(page));
    }
    for (alias, &page) in aliases {
        digest.bytes(alias.as_bytes()).digest(key(page));
    }
    for (page_key, languages) in translations {
        digest.bytes(page_key.as_bytes());
        for (lang, &page) in languages {
            digest.bytes(lang.as_bytes()).digest(key(page));
        }
    }
    for (path, file) in assets {
        digest
            .bytes(path.as_bytes())
            .bytes(file.as_os_str().as_encoded_bytes());
    }
    digest.finish()
}
