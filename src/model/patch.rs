//! Edits patched into an existing [`Site`], for `serve`: what makes a one-page edit cost the
//! same in a handbook of 10 pages or 10,000.
//!
//! A writer mostly changes the body of a page they are working on. When an edit leaves
//! everything the rest of the site shows of that page as it was (its title, URL, front matter,
//! and it is not a decision record, whose fields feed logs and relations), only that page's
//! Markdown is rendered again, and the link graph, link diagnostics and health are updated
//! around it. Anything else (a new, deleted or renamed page, a changed title or front matter,
//! a decision record) is [`Patch::Rebuild`]: the caller runs the whole pipeline again, which
//! reuses what did not change (see [`super::memo`] and `session::rebuild`).

use super::links::{self, Resolver, Target};
use super::{
    ModelDiagnostics, ModelOptions, PageId, Site, health, page_link_diagnostics, parse_source,
    render_body,
};
use crate::load::{SourceFile, Sources};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// What patching did.
#[derive(Debug)]
pub enum Patch {
    /// The edits are in the site. `dirty` are the pages whose HTML may have changed: the
    /// edited pages, their section pages when a listing shows a changed description, and pages
    /// that gained or lost a backlink.
    Applied {
        /// Pages to render again.
        dirty: BTreeSet<PageId>,
        /// Whether any edited page's links changed (for `links.json`).
        links_changed: bool,
    },
    /// The edits reach beyond the edited pages; nothing was changed. Says why, for the log.
    Rebuild(&'static str),
}

/// Patches `edits` (the new text of pages that exist in `site`) into the site, the sources and
/// the diagnostics, or changes nothing and says why the whole site must be modelled again.
pub fn patch_pages(
    site: &mut Site,
    sources: &mut Sources,
    diagnostics: &mut ModelDiagnostics,
    edits: Vec<SourceFile>,
    options: &ModelOptions,
) -> Patch {
    // A page's fallbacks in the other languages show its body: rebuilding is simpler than
    // patching each of them.
    if !site.config.languages.is_empty() {
        return Patch::Rebuild("the handbook has several languages");
    }
    // Pages read from another tool's content folder (`content/` of a Hugo site) are reported at
    // their path from the root by the session's full build; the patch path does not relocate.
    if !site.config.content_dir.is_empty() {
        return Patch::Rebuild("the pages are in a content folder");
    }
    // First decide, changing nothing: every edit must be a body-only edit.
    let resolver = Resolver::new(site, options.relative_index);
    let user = super::shortcodes::UserShortcodes::new(&sources.templates);
    let mut accepted = Vec::with_capacity(edits.len());
    let mut drafts = Vec::new();
    let markdown_paths = sources.markdown_paths();
    for file in edits {
        // A draft that stays a draft changes nothing published: only its own problems.
        if site.drafts.contains(&file.rel_path) {
            let parsed = parse_source(&file, sources, &markdown_paths, &site.config, false);
            // The sources are in walk order (per folder), not sorted by path: look, don't bisect.
            let index = sources
                .markdown
                .iter()
                .position(|f| f.rel_path == file.rel_path);
            match index {
                Some(index) if parsed.meta.draft => drafts.push((index, file, parsed.diagnostics)),
                _ => return Patch::Rebuild("a draft was published"),
            }
            continue;
        }
        let Some(&id) = site.by_source.get(&file.rel_path) else {
            return Patch::Rebuild("a page that was not published changed");
        };
        let page = &site.pages[id.0];
        if site.decisions.of_page(id).is_some() {
            return Patch::Rebuild("a decision record changed");
        }
        let parsed = parse_source(&file, sources, &markdown_paths, &site.config, false);
        if parsed.decision.is_some() {
            return Patch::Rebuild("a decision record changed");
        }
        if parsed.meta != page.meta || parsed.title != page.title {
            return Patch::Rebuild("a title or front matter changed");
        }
        let mut edited = page.clone();
        edited.body_offset = parsed.body_offset;
        edited.skip_title = parsed.skip_title.clone();
        let (body, links, _) = render_body(
            &edited,
            &file,
            &[],
            &resolver,
            &sources.markdown,
            &user,
            options,
        );
        // The first diagram of the site brings the mermaid script along (and the last takes it).
        if body.has_mermaid != page.body.has_mermaid {
            return Patch::Rebuild("a diagram was added or removed");
        }
        accepted.push((id, file, parsed, body, links));
    }
    drop(resolver);

    for (index, file, problems) in drafts {
        diagnostics.sources[index] = problems;
        sources.markdown[index] = file;
    }
    let mut dirty = BTreeSet::new();
    let mut links_changed = false;
    let mut ids_changed = Vec::new();
    let edited: Vec<PageId> = accepted.iter().map(|a| a.0).collect();
    for (id, file, parsed, body, links) in accepted {
        let Some(source) = site.pages[id.0].source else {
            continue;
        };
        diagnostics.sources[source] = parsed.diagnostics;
        note_modified(sources, &file);
        sources.markdown[source] = file;

        let page = &mut site.pages[id.0];
        page.body_offset = parsed.body_offset;
        page.skip_title = parsed.skip_title;
        if body.ids != page.body.ids {
            ids_changed.push(id);
        }
        // A listing shows the description: compared through the one rule that makes it.
        let description_before = page.description().to_string();
        page.body = body;
        if page.description() != description_before
            && let Some(parent) = page.parent
        {
            dirty.insert(parent);
        }
        if links != site.links[id.0] {
            links_changed = true;
            let before = page_targets(&site.links[id.0], id);
            let after = page_targets(&links, id);
            for &gone in before.difference(&after) {
                remove_backlink(site, gone, id);
                dirty.insert(gone);
            }
            for &new in after.difference(&before) {
                add_backlink(site, new, id);
                dirty.insert(new);
            }
            site.links[id.0] = links;
        }
        dirty.insert(id);
    }

    // Link problems: the edited pages' own, and those of pages linking to an edited page whose
    // ids changed (a `#fragment` may have appeared or gone).
    let mut recheck: BTreeSet<PageId> = dirty.iter().copied().collect();
    for id in ids_changed {
        recheck.extend(site.backlinks.get(&id).into_iter().flatten().copied());
    }
    for id in recheck {
        diagnostics.links[id.0] = page_link_diagnostics(site, &site.pages[id.0]);
    }
    // Dates (the edited file's modification time), the broken-link count and orphans.
    for &id in &edited {
        health::reassess_page(site, sources, id, &mut diagnostics.health);
    }
    site.health.broken_links = health::count_broken_links(diagnostics.iter());
    if links_changed {
        site.health.orphans = links::orphans(site);
    }

    Patch::Applied {
        dirty,
        links_changed,
    }
}

/// Pages the links point at (other than the page itself).
fn page_targets(links: &[super::links::Link], from: PageId) -> BTreeSet<PageId> {
    links
        .iter()
        .filter_map(|l| match l.target {
            Target::Page { page, .. } if page != from => Some(page),
            _ => None,
        })
        .collect()
}

fn remove_backlink(site: &mut Site, target: PageId, from: PageId) {
    if let Some(list) = site.backlinks.get_mut(&target) {
        list.retain(|&p| p != from);
        if list.is_empty() {
            site.backlinks.remove(&target);
        }
    }
}

/// Inserts `from` into `target`'s backlinks where [`super::links::backlinks`] would put it.
fn add_backlink(site: &mut Site, target: PageId, from: PageId) {
    let key = |id: PageId| links::backlink_key(&site.pages[id.0]);
    let from_key = key(from);
    let list = site.backlinks.get(&target).cloned().unwrap_or_default();
    if list.contains(&from) {
        return;
    }
    let at = list.partition_point(|&p| key(p) < from_key);
    let mut list = list;
    list.insert(at, from);
    site.backlinks.insert(target, list);
}

/// A file git does not know is dated by its modification time: the edit moves it.
fn note_modified(sources: &mut Sources, file: &SourceFile) {
    let history = &mut sources.history;
    if history.commits.contains_key(&file.rel_path) {
        return;
    }
    if let Ok(time) = std::fs::metadata(&file.abs_path).and_then(|m| m.modified()) {
        let time: DateTime<Utc> = time.into();
        history
            .modified
            .insert(file.rel_path.clone(), time.fixed_offset());
    }
}
