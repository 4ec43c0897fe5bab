//! The sidebar: the folder tree as a disclosure tree (each section has a button with
//! `aria-expanded`; `handbook.js` opens and closes them and keeps the choice for the session).
//!
//! A small handbook gets the whole tree inline on every page. On a large one the whole tree on
//! every page would be most of the site's bytes (at 2,000 pages the sidebar was a third of the
//! HTML with only the current branch shown, and the full tree is ten times that), and every page
//! would change when any title does. So when the tree weighs more than a typical page, each
//! section's list of children is written once, as a fragment at
//! `assets/nav/<section-url>nav.html`, and a page carries only its own branch (its ancestors and
//! its children: titles the breadcrumbs and the section listing already show). The script loads
//! the fragments it needs and builds the full tree; without the script the branch is a correct,
//! smaller sidebar. Either way a page's HTML then depends on no other page's title but its
//! ancestors' and children's.
//!
//! Each entry's HTML is prepared once with a placeholder for the path to the site root; a page's
//! sidebar is then string assembly, not a template render.

use crate::markdown::{escape_attr, escape_text};
use crate::model::url::{self, encode_path};
use crate::model::{Page, PageId, Site, nav};
use crate::output::{Output, OutputData};
use rayon::prelude::*;
use std::collections::HashSet;

/// Stands for the relative path to the site root until a page fills it in.
const ROOT: &str = "\u{0}";
/// Where the section fragments go, under the site root.
pub(super) const FRAGMENT_DIR: &str = "assets/nav/";
/// The HTML of a page without its sidebar, besides its body: header, footer, metadata.
const PAGE_CHROME_BYTES: usize = 8 * 1024;

/// Prepared sidebar entries.
pub(super) struct Sidebar {
    /// `<a …>` of each page, with [`ROOT`] before its URL.
    anchors: Vec<String>,
    relative_index: bool,
    /// Whether sections' children live in fragment files rather than in every page.
    fragments: bool,
}

impl Sidebar {
    /// Prepares the entry of every page, and chooses between the inline tree and fragments.
    pub(super) fn new(site: &Site, relative_index: bool) -> Self {
        // The link says nothing but where it goes: the script reads a page's URL from the href
        // (less the path to the root), which keeps the sidebar and its fragments small.
        // On every core: every save of `serve` makes them again (~5 ms at 10,000 pages).
        let anchors: Vec<String> = site
            .pages
            .par_iter()
            .map(|page| {
                format!(
                    "{}>{}</a>",
                    anchor_start(&page.url, relative_index),
                    escape_text(nav_title(page))
                )
            })
            .collect();
        let fragments = uses_fragments(site, &anchors);
        Sidebar {
            anchors,
            relative_index,
            fragments,
        }
    }

    /// Whether sections' children are written as fragments rather than into every page.
    pub(super) fn uses_fragments(&self) -> bool {
        self.fragments
    }

    /// The sidebar of one page: hrefs relative to it, the page marked `aria-current`.
    pub(super) fn render_for(&self, site: &Site, id: PageId, at_url: &str) -> String {
        // A page shown at another URL (a decision log's filtered view) opens its branch of the
        // tree, but is not "the current page" of any entry.
        let mark = site.page(id).url == at_url;
        self.assemble(site, Some(id), &self.root_for(at_url), mark)
    }

    /// The sidebar of a generated page that is not in the navigation (`health/`, `changes/`).
    pub(super) fn render_none(&self, site: &Site, at_url: &str) -> String {
        self.assemble(site, None, &self.root_for(at_url), false)
    }

    /// The sidebar with absolute hrefs under `base` (for the 404 page).
    pub(super) fn render_absolute(&self, site: &Site, base: &str) -> String {
        self.assemble(site, None, base, false)
    }

    /// Writes one fragment per section (its children, hrefs relative to the site root) when
    /// the tree is too large to inline.
    pub(super) fn write_fragments(&self, site: &Site, output: &mut Output) {
        if !self.fragments {
            return;
        }
        for page in &site.pages {
            if page.children.is_empty() {
                continue;
            }
            let mut html = String::from("<ul>");
            for &child in &page.children {
                self.push_entry(site, child, &HashSet::new(), false, &mut html);
            }
            html.push_str("</ul>\n");
            output.insert(
                fragment_path(&page.url),
                OutputData::text(html.replace(ROOT, "")),
            );
        }
    }

    /// The prepared entry of `id`, noted as read (it shows the page's title and URL; see
    /// [`crate::model::reads`]).
    fn anchor(&self, id: PageId) -> &str {
        crate::model::reads::note(id);
        &self.anchors[id.0]
    }

    fn root_for(&self, at_url: &str) -> String {
        let root = url::root_prefix(at_url);
        if root.is_empty() && !self.relative_index {
            "./".to_string()
        } else {
            root
        }
    }

    fn assemble(&self, site: &Site, current: Option<PageId>, root: &str, mark: bool) -> String {
        let mut open: HashSet<PageId> = HashSet::new();
        if let Some(id) = current {
            open.extend(nav::ancestors(site, id));
            open.insert(id);
        }
        let mut html = String::with_capacity(4096);
        // The script reads where the site root is, and where the fragments are, from the list.
        html.push_str("<ul class=\"nav-tree\" data-root=\"");
        html.push_str(ROOT);
        if self.fragments {
            html.push_str("\" data-fragments=\"");
            html.push_str(FRAGMENT_DIR);
        }
        html.push_str("\">");
        // A page of a multilingual handbook sees its own language's tree.
        let home = current.map_or(site.home, |id| site.home_of(id));
        if self.fragments {
            // Pages outside the navigation (health, 404) get the top level.
            // A filtered view of a section (`decisions/status/accepted/`) lists its own
            // records in the page; the section's whole list (400 records on a 2,000-page
            // handbook, on each of its 60 views) would be most of the view's bytes. The script
            // still opens the section from its fragment.
            // A view of the home page (a handbook that is one decision log) keeps the top level.
            let with_children = mark || current.is_none_or(|id| id == home);
            self.push_branch(
                site,
                home,
                current.unwrap_or(home),
                with_children,
                &mut html,
            );
        } else {
            for &child in &site.page(home).children {
                self.push_entry(site, child, &open, true, &mut html);
            }
        }
        html.push_str("</ul>");
        let html = html.replace(ROOT, root);
        match current.filter(|_| mark) {
            Some(id) => {
                let start =
                    anchor_start(&site.page(id).url, self.relative_index).replace(ROOT, root);
                html.replacen(
                    &format!("{start}>"),
                    &format!("{start} aria-current=\"page\">"),
                    1,
                )
            }
            None => html,
        }
    }

    /// Fragment mode: the entries on the way from `home` (the site's, or a language's) to the
    /// current page, and (`with_children`) the current page's children (home: the top level);
    /// the script adds the rest.
    fn push_branch(
        &self,
        site: &Site,
        home: PageId,
        current: PageId,
        with_children: bool,
        html: &mut String,
    ) {
        let mut depth = 0;
        for id in nav::ancestors(site, current).into_iter().chain([current]) {
            // The site's home, and a language's own home in a multilingual handbook, are the
            // top of the tree, not entries of it.
            if id == site.home || id == home {
                continue;
            }
            if site.page(id).children.is_empty() {
                html.push_str("<li>");
                html.push_str(self.anchor(id));
                html.push_str("</li>");
            } else if id == current && !with_children {
                // Still `is-open`: the script opens the sections on the current path.
                self.open_section(site, id, true, html);
                html.push_str("</li>");
            } else {
                self.open_section(site, id, true, html);
                html.push_str("<ul>");
                depth += 1;
            }
        }
        if with_children {
            for &child in &site.page(current).children {
                self.push_entry(site, child, &HashSet::new(), false, html);
            }
        }
        for _ in 0..depth {
            html.push_str("</ul></li>");
        }
    }

    /// One entry; a section with children gets its disclosure button, and (when `nested`) its
    /// own list, shown when it is on the current path.
    fn push_entry(
        &self,
        site: &Site,
        id: PageId,
        open: &HashSet<PageId>,
        nested: bool,
        html: &mut String,
    ) {
        let page = site.page(id);
        // `nav_exclude: true` (Just the Docs): published, but not listed in the navigation.
        if page.meta.nav_exclude {
            return;
        }
        if page.children.is_empty() {
            html.push_str("<li>");
            html.push_str(self.anchor(id));
            html.push_str("</li>");
            return;
        }
        let is_open = open.contains(&id);
        self.open_section(site, id, is_open, html);
        if nested {
            html.push_str(if is_open { "<ul>" } else { "<ul hidden>" });
            for &child in &page.children {
                self.push_entry(site, child, open, true, html);
            }
            html.push_str("</ul>");
        }
        html.push_str("</li>");
    }

    /// `<li class="nav-section">`, the section's link and its disclosure button (left open).
    fn open_section(&self, site: &Site, id: PageId, is_open: bool, html: &mut String) {
        html.push_str(if is_open {
            "<li class=\"nav-section is-open\"><div class=\"nav-row\">"
        } else {
            "<li class=\"nav-section\"><div class=\"nav-row\">"
        });
        html.push_str(self.anchor(id));
        // The button is named by its section's link (`aria-labelledby` would need an id per
        // entry); its state is `aria-expanded`. Hidden until the script runs (see style.css).
        html.push_str("<button type=\"button\" class=\"nav-expand\" aria-expanded=\"");
        html.push_str(if is_open { "true" } else { "false" });
        html.push_str("\" aria-label=\"");
        html.push_str(&escape_attr(nav_title(site.page(id))));
        html.push_str("\"></button></div>");
    }
}

/// `<a href="…"` of the entry of the page at `url`, with [`ROOT`] for the path to the root.
fn anchor_start(url: &str, relative_index: bool) -> String {
    let mut href = format!("{ROOT}{}", encode_path(url));
    if relative_index {
        href.push_str("index.html");
    }
    format!("<a href=\"{}\"", escape_attr(&href))
}

/// The name a page has in the navigation: its `sidebar_label` / `linkTitle`, else its title (the
/// link and its section's button say the same).
fn nav_title(page: &Page) -> &str {
    page.meta.nav_title.as_deref().unwrap_or(&page.title)
}

/// `assets/nav/guide/nav.html` for the section at `guide/` (`assets/nav/nav.html` for home).
pub(super) fn fragment_path(section_url: &str) -> String {
    format!("{FRAGMENT_DIR}{section_url}nav.html")
}

/// Whether the whole tree would weigh more than the rest of a typical page, so that inlining
/// it would make the sidebar more than half of the site's HTML.
fn uses_fragments(site: &Site, anchors: &[String]) -> bool {
    // Per entry: the anchor, `<li>`…`</li>`, and for sections the row and button.
    let tree: usize = site
        .pages
        .iter()
        .filter(|p| p.id != site.home)
        .map(|p| {
            anchors[p.id.0].len()
                + 10
                + if p.children.is_empty() {
                    0
                } else {
                    140 + p.title.len()
                }
        })
        .sum();
    let bodies: usize = site.pages.iter().map(|p| p.body.html.len()).sum();
    let typical_page = bodies / site.pages.len().max(1) + PAGE_CHROME_BYTES;
    tree > typical_page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::load::{SourceFile, Sources};
    use crate::model::{ModelOptions, build_model};

    /// A model of these pages.
    fn site(pages: &[(String, String)]) -> Site {
        let sources = Sources {
            markdown: pages
                .iter()
                .map(|(rel, text)| SourceFile::new(rel.clone(), rel.into(), text.clone()))
                .collect(),
            ..Sources::default()
        };
        build_model(Config::default(), &sources, &ModelOptions::default()).0
    }

    fn pages(sections: usize, per_section: usize) -> Vec<(String, String)> {
        let mut pages = vec![("index.md".to_string(), "# Home\n".to_string())];
        for s in 0..sections {
            pages.push((format!("s{s}/index.md"), format!("# S{s}\n")));
            for p in 0..per_section {
                pages.push((format!("s{s}/p{p}.md"), format!("# P{s}.{p}\n")));
            }
        }
        pages
    }

    #[test]
    fn a_small_site_inlines_the_tree_and_opens_the_current_branch() {
        let site = site(&pages(2, 2));
        let sidebar = Sidebar::new(&site, false);
        assert!(!sidebar.fragments);
        let id = site.by_url["s1/p0/"];
        let html = sidebar.render_for(&site, id, "s1/p0/");
        assert!(
            html.starts_with("<ul class=\"nav-tree\" data-root=\"../../\">"),
            "{html}"
        );
        assert!(
            html.contains("aria-expanded=\"false\" aria-label=\"S0\"></button></div><ul hidden>"),
            "{html}"
        );
        assert!(
            html.contains("aria-expanded=\"true\" aria-label=\"S1\"></button></div><ul>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../../s1/p0/\" aria-current=\"page\">P1.0</a>"),
            "{html}"
        );
        let mut output = Output::default();
        sidebar.write_fragments(&site, &mut output);
        assert!(output.files.is_empty());
    }

    #[test]
    fn a_large_site_writes_fragments_and_pages_carry_only_their_branch() {
        let site = site(&pages(20, 20));
        let sidebar = Sidebar::new(&site, false);
        assert!(sidebar.fragments);
        let id = site.by_url["s3/p4/"];
        let html = sidebar.render_for(&site, id, "s3/p4/");
        assert_eq!(html.matches("<li").count(), 2, "{html}");
        assert!(html.contains("data-fragments=\"assets/nav/\""), "{html}");
        // Generated pages (health) get the top level.
        let health = sidebar.render_none(&site, "health/");
        assert_eq!(
            health.matches("<li class=\"nav-section\">").count(),
            20,
            "{health}"
        );
        let mut output = Output::default();
        sidebar.write_fragments(&site, &mut output);
        // The top level and one list per section.
        assert_eq!(output.files.len(), 21);
        assert!(output.files.contains_key("assets/nav/s3/nav.html"));
    }

    #[test]
    fn a_filtered_view_of_a_section_carries_the_section_but_not_its_list() {
        let site = site(&pages(20, 20));
        let sidebar = Sidebar::new(&site, false);
        let id = site.by_url["s3/"];
        let own = sidebar.render_for(&site, id, "s3/");
        assert_eq!(own.matches("<li").count(), 21, "{own}");
        // `decisions/status/accepted/` is a view of `decisions/`: it lists its own records.
        let view = sidebar.render_for(&site, id, "s3/status/accepted/");
        assert_eq!(
            view,
            "<ul class=\"nav-tree\" data-root=\"../../../\" data-fragments=\"assets/nav/\">\
             <li class=\"nav-section is-open\"><div class=\"nav-row\">\
             <a href=\"../../../s3/\">S3</a><button type=\"button\" \
             class=\"nav-expand\" aria-expanded=\"true\" aria-label=\"S3\"></button></div></li></ul>"
        );
        // A view of the home page keeps the top level.
        let home = sidebar.render_for(&site, site.home, "status/accepted/");
        assert_eq!(
            home.matches("<li class=\"nav-section\">").count(),
            20,
            "{home}"
        );
    }

    #[test]
    fn fragment_paths_follow_the_section_urls() {
        assert_eq!(fragment_path(""), "assets/nav/nav.html");
        assert_eq!(
            fragment_path("guide/deep/"),
            "assets/nav/guide/deep/nav.html"
        );
    }
}
