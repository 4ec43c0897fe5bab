//! What templates see: the documented API of the theme. Every field here is listed in the
//! README's template reference; renaming one is a breaking change for custom themes.

//!
//! The page's variables borrow from the model where they can: `serve` builds them for every page
//! after each save, to fingerprint them (see `reuse`), and copies of every title, description
//! and front matter field were most of that cost.

use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// `site`: the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    /// `handbook.yml` `title`.
    pub title: String,
    /// `handbook.yml` `description`.
    pub description: String,
    /// `handbook.yml` `language`.
    pub language: String,
    /// `handbook.yml` `base_url` (absolute, ends in `/`), or null.
    pub base_url: Option<String>,
    /// The footer, rendered from Markdown to HTML, or null.
    pub footer_html: Option<String>,
    /// Whether the search index is built.
    pub search: bool,
    /// `handbook <version>`, for a generator meta tag.
    pub generator: String,
    /// Whether the Atom feeds are written (`feed.xml`; needs `base_url`).
    pub feeds: bool,
    /// Whether there are decision records (and so, with `feeds`, `decisions.xml`).
    pub has_decisions: bool,
}

/// A link to a page, as navigation shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink<'a> {
    /// The page's title.
    pub title: Cow<'a, str>,
    /// Relative href from the current page.
    pub href: String,
}

/// A child of a section page, for its listing.
#[derive(Debug, Clone, Serialize)]
pub struct ChildLink<'a> {
    /// The child's title.
    pub title: &'a str,
    /// Relative href from the current page.
    pub href: String,
    /// Its description (front matter, else its first paragraph).
    pub description: &'a str,
    /// `section`, `content` or `decision`.
    pub kind: &'static str,
    /// For a section: how many pages it lists.
    pub count: usize,
}

/// A page in one language of a multilingual handbook, for the language switcher and the
/// `hreflang` links.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    /// The language tag (`ja`).
    pub lang: String,
    /// The language's name in that language (`日本語`).
    pub name: String,
    /// Relative href from the current page.
    pub href: String,
    /// Absolute URL when `base_url` is set (for `hreflang`), else null.
    pub permalink: Option<String>,
    /// Whether this is the current page's language.
    pub current: bool,
    /// Whether the page is not translated into this language (the link shows the original).
    pub untranslated: bool,
}

/// On a page standing in for a missing translation: the languages involved.
#[derive(Debug, Clone, Serialize)]
pub struct FallbackNotice {
    /// The language the page should be in, by name (`日本語`).
    pub language: String,
    /// The original's language, by name (`English`).
    pub original: String,
    /// Relative href to the original page.
    pub original_href: String,
}

/// A tag of a page, linked to its tag page (`tags/<tag>/`) when there is one.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink<'a> {
    /// The tag as written.
    pub title: &'a str,
    /// Relative href to the tag's page, or null (a decision record's tag, or a handbook page
    /// already at `tags/`).
    pub href: Option<String>,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    /// 2 or 3.
    pub level: u8,
    /// The heading id (`#id`).
    pub id: &'a str,
    /// The heading text.
    pub title: &'a str,
}

/// `page`: the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    /// `home`, `section`, `content` or `decision`.
    pub kind: &'static str,
    /// The title.
    pub title: Cow<'a, str>,
    /// Front matter `description`, else the first paragraph.
    pub description: &'a str,
    /// The lead shown under the title: the front matter `description` only, since a lead taken
    /// from the first paragraph would show that paragraph twice.
    pub lead: Option<&'a str>,
    /// Site-relative URL (`guide/onboarding/`; `""` for home).
    pub url: Cow<'a, str>,
    /// Absolute URL (needs `base_url`), or null.
    pub permalink: Option<String>,
    /// Source file relative to the handbook root, or null for a generated page.
    pub source_path: Option<&'a str>,
    /// The rendered body (HTML; print it with `| safe`).
    pub content: String,
    /// Headings of level 2 and 3, for a table of contents.
    pub toc: Vec<TocEntry<'a>>,
    /// Front matter `tags`.
    pub tags: &'a [String],
    /// The same tags with links to their tag pages.
    pub tag_links: Vec<TagLink<'a>>,
    /// Whether the body has a highlighted code block (the theme then loads `highlight.css`).
    pub has_code: bool,
    /// Front matter `owner`, or null.
    pub owner: Option<&'a str>,
    /// Front matter `reviewed` (YYYY-MM-DD), or null.
    pub reviewed: Option<String>,
    /// Front matter `updated` (YYYY-MM-DD), or null.
    pub updated: Option<String>,
    /// Every front-matter field as written (known or not).
    pub extra: &'a Map<String, Value>,
    /// Words of prose.
    pub word_count: usize,
    /// Estimated reading time in minutes (at least 1).
    pub reading_minutes: usize,
    /// "Edit this page" URL from `edit_url`, or null.
    pub edit_url: Option<String>,
    /// Sections from home down to the parent page.
    pub breadcrumbs: Vec<PageLink<'a>>,
    /// The previous page in navigation order, or null.
    pub prev: Option<PageLink<'a>>,
    /// The next page in navigation order, or null.
    pub next: Option<PageLink<'a>>,
    /// For section and home pages: the pages listed under it.
    pub children: Vec<ChildLink<'a>>,
    /// Pages linking to this one (title order).
    pub backlinks: Vec<PageLink<'a>>,
    /// Pages this one links to (title order).
    pub links: Vec<PageLink<'a>>,
    /// Whether the page has a mermaid diagram (the theme then loads mermaid).
    pub has_mermaid: bool,
    /// Whether the page is left out of the search index (`search: false`).
    pub search_excluded: bool,
    /// On a decision record: the record (see the README); null elsewhere.
    pub decision: Option<super::decisions::DecisionContext>,
    /// The date the page's review fell due, when it is overdue (YYYY-MM-DD); null otherwise.
    pub needs_review_since: Option<String>,
    /// When the page last changed (YYYY-MM-DD), or null for a generated page.
    pub last_updated: Option<String>,
    /// Where `last_updated` came from: `git`, `front matter` or `file modified`.
    pub last_updated_source: Option<&'static str>,
    /// The language the page is written in (`lang` front matter, its language tree, the site's).
    pub lang: &'a str,
    /// In a multilingual handbook: the page in every language, the current one included; else
    /// empty.
    pub translations: Vec<LanguageLink>,
    /// When the page stands in for a missing translation: what the notice says, else null.
    pub fallback: Option<FallbackNotice>,
}
