//! The sidebar: the folder tree, with the current page's ancestors opened.
//!
//! On a 10,000-page handbook the whole tree on every page would make each page megabytes, so it
//! shows the top level plus the branch leading to the current page (the GitLab handbook's
//! choice). Each entry's HTML is prepared once with a placeholder for the path to the site
//! root; a page's sidebar is then string assembly, not a template render.

use crate::markdown::{escape_attr, escape_text};
use crate::model::url::{self, encode_path};
use crate::model::{PageId, PageKind, Site, nav};
use std::collections::HashSet;

/// Stands for the relative path to the site root until a page fills it in.
const ROOT: &str = "\u{0}";

/// Prepared sidebar entries.
pub(super) struct Sidebar {
    /// `<a …>` of each page, with [`ROOT`] before its URL.
    anchors: Vec<String>,
    relative_index: bool,
}

impl Sidebar {
    /// Prepares the entry of every page.
    pub(super) fn new(site: &Site, relative_index: bool) -> Self {
        let anchors = site
            .pages
            .iter()
            .map(|page| {
                let mut href = format!("{ROOT}{}", encode_path(&page.url));
                if relative_index {
                    href.push_str("index.html");
                }
                format!(
                    "<a href=\"{}\" data-url=\"{}\">{}</a>",
                    escape_attr(&href),
                    escape_attr(&page.url),
                    escape_text(page.meta.nav_title.as_deref().unwrap_or(&page.title))
                )
            })
            .collect();
        Sidebar {
            anchors,
            relative_index,
        }
    }

    /// The sidebar of one page: hrefs relative to it, the page marked `aria-current`.
    pub(super) fn render_for(&self, site: &Site, id: PageId, at_url: &str) -> String {
        let mut root = url::root_prefix(at_url);
        if root.is_empty() && !self.relative_index {
            root = "./".to_string();
        }
        // A page shown at another URL (a decision log's filtered view) opens its branch of the
        // tree, but is not "the current page" of any entry.
        let mark = site.pages[id.0].url == at_url;
        self.assemble(site, Some(id), &root, mark)
    }

    /// The sidebar of a generated page that is not in the navigation (`health/`, `changes/`).
    pub(super) fn render_none(&self, site: &Site, at_url: &str) -> String {
        self.assemble(site, None, &url::root_prefix(at_url), false)
    }

    /// The sidebar with absolute hrefs under `base` (for the 404 page).
    pub(super) fn render_absolute(&self, site: &Site, base: &str) -> String {
        self.assemble(site, None, base, false)
    }

    fn assemble(&self, site: &Site, current: Option<PageId>, root: &str, mark: bool) -> String {
        let open: HashSet<PageId> = match current {
            Some(id) => {
                let mut set: HashSet<PageId> = nav::ancestors(site, id).into_iter().collect();
                set.insert(id);
                set
            }
            None => HashSet::new(),
        };
        let mut html = String::with_capacity(4096);
        html.push_str("<ul class=\"nav-tree\">");
        // A page of a multilingual handbook sees its own language's tree.
        let home = current.map_or(site.home, |id| site.home_of(id));
        self.push_children(site, home, &open, &mut html);
        html.push_str("</ul>");
        let html = html.replace(ROOT, root);
        match current.filter(|_| mark) {
            Some(id) => {
                let marker = format!("data-url=\"{}\">", escape_attr(&site.pages[id.0].url));
                html.replacen(
                    &marker,
                    &format!("{} aria-current=\"page\">", marker.trim_end_matches('>')),
                    1,
                )
            }
            None => html,
        }
    }

    fn push_children(
        &self,
        site: &Site,
        section: PageId,
        open: &HashSet<PageId>,
        html: &mut String,
    ) {
        let children = &site.pages[section.0].children;
        let shown = visible_children(children, open);
        for (i, &child) in children.iter().enumerate() {
            if !shown.contains(&i) {
                continue;
            }
            let page = &site.pages[child.0];
            if page.meta.nav_exclude {
                continue;
            }
            let is_section = page.kind == PageKind::Section;
            let is_open = is_section && open.contains(&child);
            let class = match (is_section, is_open) {
                (true, true) => " class=\"nav-section is-open\"",
                (true, false) => " class=\"nav-section\"",
                _ => "",
            };
            html.push_str("<li");
            html.push_str(class);
            html.push('>');
            html.push_str(&self.anchors[child.0]);
            if is_open && !page.children.is_empty() {
                html.push_str("<ul>");
                self.push_children(site, child, open, html);
                html.push_str("</ul>");
            }
            html.push_str("</li>");
        }
        if shown.len() < children.len() {
            let more = children.len() - shown.len();
            let section_anchor = &self.anchors[section.0];
            // The section's own link, relabelled: its page lists every child.
            let href_end = section_anchor.find("\" data-url").unwrap_or(0);
            html.push_str("<li class=\"nav-more\">");
            html.push_str(&section_anchor[..href_end]);
            html.push_str(&format!("\">{more} more…</a></li>"));
        }
    }
}

/// Sections with more children than this show a window of them (around the open one) and a
/// link to the section page: a decision log of 2,000 records would otherwise put 2,000 links
/// into every record's page (hundreds of kilobytes each).
const MAX_LISTED: usize = 40;
/// How many neighbours of the open child a long list keeps on each side.
const WINDOW: usize = 7;

/// Indices of the children to list.
fn visible_children(children: &[PageId], open: &HashSet<PageId>) -> Vec<usize> {
    if children.len() <= MAX_LISTED {
        return (0..children.len()).collect();
    }
    match children.iter().position(|c| open.contains(c)) {
        Some(i) => (i.saturating_sub(WINDOW)..(i + WINDOW + 1).min(children.len())).collect(),
        None => (0..WINDOW * 2).collect(),
    }
}
