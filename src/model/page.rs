//! A page of the site: a Markdown source, a decision record, or a generated section page.

use crate::load::RelPath;
use crate::load::frontmatter::PageMeta;
use crate::markdown::Heading;
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Index of a page in [`super::Site::pages`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PageId(pub usize);

/// What a page is, which decides its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// The site's front page.
    Home,
    /// A folder's page (its `index.md`, or generated when there is none).
    Section,
    /// An ordinary Markdown page.
    Content,
    /// A decision record.
    Decision,
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its index in the site.
    pub id: PageId,
    /// Home, section, content or decision.
    pub kind: PageKind,
    /// Index into the loaded Markdown files; `None` for a generated page.
    pub source: Option<usize>,
    /// The source path relative to the root (`guide/a.md`); `None` for a generated page.
    pub rel_path: Option<RelPath>,
    /// The folder whose navigation list the page belongs to (a section page: its own folder).
    pub folder: RelPath,
    /// Site-relative URL (`guide/a/`, `""` for home).
    pub url: String,
    /// Title: front matter, else the leading `# heading`, else the file name.
    pub title: String,
    /// Typed front matter.
    pub meta: std::sync::Arc<PageMeta>,
    /// The language the page is written in (a BCP 47 tag: `lang`, else its language tree's,
    /// else the site's).
    pub lang: String,
    /// For a page standing in for a missing translation: the original it shows.
    pub fallback_of: Option<PageId>,
    /// Byte offset of the Markdown body in the source text.
    pub body_offset: usize,
    /// The leading `# Title` range in the body, left out of the rendered HTML.
    pub skip_title: Option<Range<usize>>,
    /// The rendered body, once the model has rendered Markdown.
    pub body: Body,
    /// The section page this page is listed under (`None` for home).
    pub parent: Option<PageId>,
    /// For a section: its pages and sub-sections, in navigation order.
    pub children: Vec<PageId>,
}

/// A page's rendered Markdown and what was learned while rendering it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The HTML of the body. Replace it with [`Body::set_html`], which forgets its digest.
    pub html: String,
    /// A 128-bit hash of `html`, worked out on first use (see [`Body::html_digest`]).
    html_digest: OnceLock<u128>,
    /// Whether `html` has a highlighted code block, looked for on first use.
    has_code: OnceLock<bool>,
    /// A 128-bit hash of the whole body, worked out on first use (see [`Body::digest`]).
    digest: OnceLock<u128>,
    /// Its headings, for the table of contents.
    pub headings: Vec<Heading>,
    /// Every `id` in the body (headings, footnotes, raw HTML), for fragment checks.
    pub ids: BTreeSet<String>,
    /// The first paragraph as text.
    pub summary: String,
    /// Whether the page needs the mermaid script.
    pub has_mermaid: bool,
    /// Words of prose.
    pub word_count: usize,
    /// What rendering noticed (unknown shortcodes, third-party scripts, raw HTML left open), at
    /// the author's lines.
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

impl Body {
    /// A body with this HTML and nothing learned.
    pub fn with_html(html: String) -> Self {
        Body {
            html,
            ..Body::default()
        }
    }

    /// Replaces the HTML.
    pub fn set_html(&mut self, html: String) {
        self.html = html;
        self.html_digest = OnceLock::new();
        self.has_code = OnceLock::new();
        self.digest = OnceLock::new();
    }

    /// Whether the body has a highlighted code block (the theme then loads `highlight.css`).
    /// Kept with the body, like its digest: every page asks after every save in `serve`.
    pub fn has_code(&self) -> bool {
        *self
            .has_code
            .get_or_init(|| self.html.contains("<pre class=\"code\""))
    }

    /// A 128-bit digest ([`crate::digest`]) of the HTML, kept with the body: `serve` fingerprints every page's
    /// template variables after each save, and a body reused from the last build keeps its
    /// digest, so only new bodies are hashed (and none is copied or escaped to be compared).
    pub fn html_digest(&self) -> u128 {
        *self
            .html_digest
            .get_or_init(|| crate::digest::digest(self.html.as_bytes()))
    }
}

impl Body {
    /// A digest of everything the body holds, kept with it like [`Body::html_digest`]: a body
    /// is built whole and then only read, but for its HTML, whose setter forgets the digest.
    /// Lists every field, so that a new one is not left out of it unnoticed.
    pub(crate) fn digest(&self) -> u128 {
        *self.digest.get_or_init(|| {
            let Body {
                html: _,
                html_digest: _,
                has_code: _,
                digest: _,
                headings,
                ids,
                summary,
                has_mermaid,
                word_count,
                diagnostics,
            } = self;
            let mut digest = crate::digest::Digester::new();
            digest
                .digest(self.html_digest())
                .bytes(summary.as_bytes())
                .number(*word_count as u64)
                .number(u64::from(*has_mermaid))
                .debug(headings)
                .debug(ids)
                .debug(diagnostics);
            digest.finish()
        })
    }
}

impl Page {
    /// A digest of everything the page holds, its body by [`Body::digest`], but for the pages
    /// it names (`parent`, `children`, `fallback_of`): those are ids, which a page added
    /// earlier in the site shifts, so the caller adds them as it names pages (by URL). Lists
    /// every field, so that a new one is not left out of it unnoticed.
    pub(crate) fn digest(&self) -> u128 {
        let Page {
            id: _,
            kind,
            // An index into the loaded files, which a file added earlier shifts; what the file
            // says is in the body and the front matter.
            source: _,
            rel_path,
            folder,
            url,
            title,
            meta,
            lang,
            fallback_of: _,
            body_offset,
            skip_title,
            body,
            parent: _,
            children: _,
        } = self;
        let mut digest = crate::digest::Digester::new();
        digest
            .digest(body.digest())
            .digest(meta.digest())
            .bytes(url.as_bytes())
            .bytes(title.as_bytes())
            .bytes(lang.as_bytes())
            .bytes(folder.as_bytes())
            .opt_str(rel_path.as_deref())
            .number(*kind as u64)
            .number(*body_offset as u64)
            .debug(skip_title);
        digest.finish()
    }

    /// The description to show in listings: front matter, else the first paragraph.
    pub fn description(&self) -> &str {
        self.meta
            .description
            .as_deref()
            .unwrap_or(&self.body.summary)
    }
}

/// Every `id="..."` in a piece of HTML.
pub(crate) fn collect_ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}

/// A title from a file name: `0002-use-postgres.md` -> `0002 use postgres`; `on-call.md` -> `On call`.
pub(crate) fn title_from_file_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_collected() {
        let ids = collect_ids("<h2 id=\"a\">x</h2><div id=\"fn-1\" class=\"x\">");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), vec!["a", "fn-1"]);
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_file_name("on-call.md"), "On call");
        assert_eq!(title_from_file_name("first_week"), "First week");
    }
}
