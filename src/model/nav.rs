//! Navigation that follows the folders: a section page for every folder (its `index.md`, or a
//! generated one), children ordered by `weight` then title, breadcrumbs and previous/next.

use super::url;
use super::{Body, Page, PageId, PageKind, Site};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::RelPath;
use crate::load::frontmatter::PageMeta;
use std::collections::BTreeSet;

/// Gives every folder with pages a section page, links pages to their sections, orders the
/// children and computes the depth-first navigation order.
pub(crate) fn build_sections(site: &mut Site) {
    // Every folder holding a page, and all folders above it.
    let mut folders: BTreeSet<RelPath> = BTreeSet::new();
    folders.insert(RelPath::default());
    for page in &site.pages {
        let mut folder = page.folder.as_str();
        while !folder.is_empty() {
            folders.insert(folder.into());
            folder = crate::load::rel_path::parent(folder);
        }
    }
    // In a multilingual handbook, each language's folder is the home of its tree.
    let language_roots: Vec<String> = site
        .config
        .languages
        .iter()
        .filter(|l| folders.contains(l.as_str()))
        .cloned()
        .collect();
    for folder in &folders {
        let folder_url = url::folder_url(folder);
        let is_root = folder.is_empty() || language_roots.iter().any(|r| r == folder);
        let id = match site.by_url.get(&folder_url) {
            Some(&id) => id,
            None => {
                let id = PageId(site.pages.len());
                let title = if is_root {
                    site.config.title.clone()
                } else {
                    super::page::title_from_file_name(folder.rsplit('/').next().unwrap_or(folder))
                };
                site.pages.push(Page {
                    id,
                    kind: if is_root {
                        PageKind::Home
                    } else {
                        PageKind::Section
                    },
                    source: None,
                    rel_path: None,
                    folder: folder.clone(),
                    url: folder_url.clone(),
                    title,
                    meta: std::sync::Arc::new(PageMeta {
                        search: true,
                        ..PageMeta::default()
                    }),
                    lang: super::languages::tree_of(&site.config, &folder_url)
                        .unwrap_or(&site.config.language)
                        .to_string(),
                    fallback_of: None,
                    body_offset: 0,
                    skip_title: None,
                    body: Body::default(),
                    parent: None,
                    children: Vec::new(),
                });
                site.by_url.insert(folder_url, id);
                id
            }
        };
        // An index page of a folder is that folder's section, whatever its own `folder` says;
        // so is `x.md` beside a folder `x/` (mdBook's chapter-with-sub-chapters layout): both
        // would have the same URL, and the page is the natural introduction to the folder.
        let category = site
            .config
            .docusaurus
            .as_ref()
            .and_then(|docs| docs.folder(folder))
            .cloned();
        let page = site.page_mut(id);
        page.folder = folder.clone();
        if let Some(category) = category.filter(|_| !is_root) {
            apply_category(page, category);
        }
        if is_root {
            page.kind = PageKind::Home;
        } else if page.kind == PageKind::Content {
            page.kind = PageKind::Section;
        }
        site.sections.insert(folder.clone(), id);
    }
    site.home = site.sections[""];

    for i in 0..site.pages.len() {
        let page = &site.pages[i];
        let parent_folder = match page.kind {
            PageKind::Home => continue,
            PageKind::Section => page.folder.parent(),
            // A record that is a folder stands for that folder: its parent is the log.
            _ if site.sections.get(&page.folder) == Some(&PageId(i)) => page.folder.parent(),
            _ => page.folder.as_str(),
        };
        let parent = site.sections[parent_folder];
        site.pages[i].parent = Some(parent);
        site.page_mut(parent).children.push(PageId(i));
    }
    let listed = listed_positions(site);
    for i in 0..site.pages.len() {
        let mut children = std::mem::take(&mut site.pages[i].children);
        children
            .sort_by_cached_key(|c| (listed[c.0].unwrap_or(usize::MAX), nav_key(site.page(*c))));
        site.pages[i].children = children;
    }
    let mut order = Vec::with_capacity(site.pages.len());
    push_depth_first(site, site.home, &mut order);
    for root in &language_roots {
        push_depth_first(site, site.sections[root.as_str()], &mut order);
    }
    let mut position = vec![usize::MAX; site.pages.len()];
    for (i, id) in order.iter().enumerate() {
        position[id.0] = i;
    }
    site.nav_position = position;
    site.nav_order = order;
}

/// A Docusaurus folder's `_category_` label (its name in the navigation; the title of a
/// generated section page) and position (unless its index page has its own weight).
fn apply_category(page: &mut Page, category: crate::load::foreign::docusaurus::FolderMeta) {
    if let Some(label) = category.label {
        if page.source.is_none() {
            page.title = label.clone();
        }
        PageMeta::edit(&mut page.meta).nav_title = Some(label);
    }
    if page.meta.weight.is_none() {
        PageMeta::edit(&mut page.meta).weight = category.position;
    }
}

/// Each page's place in the tool's own navigation (an MkDocs `nav:`, an mdBook `SUMMARY.md`):
/// a listed page's position, a section's the first position listed under it; `None` for pages
/// it does not list, which follow the listed ones.
fn listed_positions(site: &Site) -> Vec<Option<usize>> {
    let order = &site.config.nav_order;
    let mut positions = vec![None; site.pages.len()];
    if order.is_empty() {
        return positions;
    }
    let by_path: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .rev()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut first_in_folder: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    for page in &site.pages {
        let Some(&pos) = page.rel_path.as_deref().and_then(|p| by_path.get(p)) else {
            continue;
        };
        positions[page.id.0] = Some(pos);
        let mut folder = page.folder.as_str();
        loop {
            let first = first_in_folder.entry(folder).or_insert(pos);
            *first = (*first).min(pos);
            if folder.is_empty() {
                break;
            }
            folder = crate::load::rel_path::parent(folder);
        }
    }
    for page in &site.pages {
        if page.kind == PageKind::Section
            && let Some(&pos) = first_in_folder.get(page.folder.as_str())
        {
            let own = positions[page.id.0].get_or_insert(pos);
            *own = (*own).min(pos);
        }
    }
    positions
}

/// Weighted pages first (lowest weight first), then by title; decision records by file name
/// so that they keep their numbering order.
fn nav_key(page: &Page) -> (bool, i64, String, String) {
    let name = if page.kind == PageKind::Decision {
        page.rel_path.clone().map(String::from).unwrap_or_default()
    } else {
        page.title.to_lowercase()
    };
    (
        page.meta.weight.is_none(),
        page.meta.weight.unwrap_or(0),
        name,
        page.url.clone(),
    )
}

fn push_depth_first(site: &Site, id: PageId, order: &mut Vec<PageId>) {
    order.push(id);
    for &child in &site.page(id).children {
        push_depth_first(site, child, order);
    }
}

/// The chain of section pages above a page, from home down to its parent.
pub(crate) fn ancestors(site: &Site, id: PageId) -> Vec<PageId> {
    let mut chain = Vec::new();
    let mut current = site.page(id).parent;
    while let Some(p) = current {
        // Parents always live in a shorter folder path, so this cannot loop; the bound keeps a
        // future bug from hanging a build instead.
        if chain.len() > site.pages.len() || p == id {
            break;
        }
        chain.push(p);
        current = site.page(p).parent;
    }
    chain.reverse();
    chain
}

/// The pages before and after a page in navigation order.
pub(crate) fn neighbours(site: &Site, id: PageId) -> (Option<PageId>, Option<PageId>) {
    match site
        .nav_position
        .get(id.0)
        .copied()
        .filter(|&i| i != usize::MAX)
    {
        // Each language's tree is read on its own: no "next" from one into another.
        Some(i) => {
            let same_tree = |other: &PageId| site.tree_language(*other) == site.tree_language(id);
            (
                i.checked_sub(1)
                    .map(|j| site.nav_order[j])
                    .filter(same_tree),
                site.nav_order.get(i + 1).copied().filter(same_tree),
            )
        }
        None => (None, None),
    }
}

/// URLs of pages every build writes besides the handbook's own.
const GENERATED_URLS: &[&str] = &[
    crate::render::health::HEALTH_URL,
    crate::render::health::CHANGES_URL,
];

/// Registers `aliases` (old URLs redirecting to a page); one that clashes with a page or another
/// alias is dropped with a warning.
pub(crate) fn check_aliases(site: &mut Site, diagnostics: &mut Diagnostics) {
    for page in &site.pages {
        for alias in &page.meta.aliases {
            let rel_path = page.rel_path.as_deref().unwrap_or_default();
            let normalized = alias
                .trim()
                .trim_start_matches('/')
                .trim_end_matches("index.html")
                .trim_end_matches('/');
            if normalized.is_empty() || normalized.split('/').any(|s| s == ".." || s == ".") {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidAlias,
                        rel_path,
                        0,
                        0,
                        format!("alias `{alias}` is not a usable URL path"),
                    )
                    .with_help("write the old URL's path, for example `aliases: [/old/path/]`"),
                );
                continue;
            }
            let url = format!("{normalized}/");
            if let Some(&owner) = site.by_url.get(&url) {
                // The page's own URL among its old ones (a `permalink` that did not change):
                // nothing to redirect, nothing wrong.
                if owner == page.id {
                    continue;
                }
                let other = site.page(owner);
                let what = match &other.rel_path {
                    Some(path) => format!("the URL of `{path}`"),
                    None => "the URL of a generated section page".to_string(),
                };
                diagnostics.push(
                    Diagnostic::warning(
                        Code::AliasClash,
                        rel_path,
                        0,
                        0,
                        format!("alias `{alias}` is {what}; the alias is dropped"),
                    )
                    .with_help("remove the alias: that URL already shows a page"),
                );
                continue;
            }
            if GENERATED_URLS.contains(&url.as_str()) {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::AliasClash,
                        rel_path,
                        0,
                        0,
                        format!(
                            "alias `{alias}` is the URL of a generated page; the alias is dropped"
                        ),
                    )
                    .with_help("remove the alias: that URL already shows a page"),
                );
                continue;
            }
            if let Some(&owner) = site.aliases.get(&url) {
                let other = site.page(owner);
                diagnostics.push(
                    Diagnostic::warning(
                        Code::AliasClash,
                        rel_path,
                        0,
                        0,
                        format!(
                            "alias `{alias}` is also an alias of `{}`; only that one is kept",
                            other.rel_path.as_deref().unwrap_or(&other.url)
                        ),
                    )
                    .with_help("keep the alias on one page only"),
                );
                continue;
            }
            site.aliases.insert(url, page.id);
        }
    }
}
