//! Tag pages for ordinary pages: `tags/` lists every tag with its count, `tags/<slug>/` the
//! pages carrying one. Decision records have their own tag pages in their log (see
//! [`super::decisions`]); here they are left out. A handbook's own page at `tags/` wins: then
//! no tag page is written and tags show as plain labels.

use super::context::{ChildLink, TagLink};
use super::decisions::facet_url;
use crate::model::url::relative_href;
use crate::model::{Page, PageId, PageKind, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// URL of the tag index.
pub const TAGS_URL: &str = "tags/";

/// One tag: its name as first written, its page's URL and the pages carrying it.
#[derive(Debug, Clone, Serialize)]
pub struct TagContext<'a> {
    /// The tag as written (first spelling seen, in navigation order).
    pub name: String,
    /// Relative href from the page showing it.
    pub href: String,
    /// How many pages carry it.
    pub count: usize,
    /// Those pages (title order), with hrefs relative to the tag's page.
    pub pages: Vec<ChildLink<'a>>,
}

/// The tags of ordinary pages by URL (`tags/on-call/`): one entry per slug, so `On-call` and
/// `on-call` are one tag.
pub(super) fn collect(site: &Site) -> BTreeMap<String, (String, Vec<PageId>)> {
    let mut tags: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
    if !is_enabled(site) {
        return tags;
    }
    for page in &site.pages {
        for tag in &page.meta.tags {
            let Some(url) = tag_page_url(site, page, tag) else {
                continue;
            };
            let entry = tags.entry(url).or_insert_with(|| (tag.clone(), Vec::new()));
            if !entry.1.contains(&page.id) {
                entry.1.push(page.id);
            }
        }
    }
    tags
}

/// Whether tag pages are written at all: not when the handbook has its own `tags/` page.
fn is_enabled(site: &Site) -> bool {
    !site.by_url.contains_key(TAGS_URL)
}

/// The URL of the tag page listing `page` under `tag`, when there is one: records are listed
/// by their log instead, and a handbook page at a tag's URL keeps it (that tag is not linked).
fn tag_page_url(site: &Site, page: &Page, tag: &str) -> Option<String> {
    let url = facet_url("", "tags", tag);
    (page.kind != PageKind::Decision && is_enabled(site) && !site.by_url.contains_key(&url))
        .then_some(url)
}

/// `page.tag_links`: each tag of a page, linked to its tag page when there is one.
pub(super) fn tag_links<'a>(
    site: &'a Site,
    id: PageId,
    at_url: &str,
    relative_index: bool,
) -> Vec<TagLink<'a>> {
    let page = site.page(id);
    page.meta
        .tags
        .iter()
        .map(|tag| TagLink {
            title: tag,
            href: tag_page_url(site, page, tag)
                .map(|url| relative_href(at_url, &url, relative_index)),
        })
        .collect()
}

/// The tag index and each tag's page, as (url, template variable) pairs.
pub(super) fn pages(
    site: &Site,
    relative_index: bool,
) -> (Vec<TagContext<'_>>, Vec<(String, TagContext<'_>)>) {
    let tags = collect(site);
    let mut index = Vec::new();
    let mut each = Vec::new();
    for (url, (name, ids)) in &tags {
        let mut pages: Vec<ChildLink<'_>> = ids
            .iter()
            .map(|&id| super::child_link(site, id, url, relative_index))
            .collect();
        pages.sort_by_key(|p| p.title.to_lowercase());
        index.push(TagContext {
            name: name.clone(),
            href: relative_href(TAGS_URL, url, relative_index),
            count: ids.len(),
            pages: Vec::new(),
        });
        each.push((
            url.clone(),
            TagContext {
                name: name.clone(),
                href: String::new(),
                count: ids.len(),
                pages,
            },
        ));
    }
    index.sort_by_key(|t| t.name.to_lowercase());
    (index, each)
}
