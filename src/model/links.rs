//! The link graph: every link of every page resolved once, broken ones reported with their
//! file:line, and the reverse edges (backlinks) every page shows.
//!
//! Resolution happens while Markdown is rendered (the href must be rewritten then); fragments are
//! checked afterwards, once every page's heading ids are known.

use super::repository::Repository;
use super::suggest::Suggester;
use super::url::{self, join_relative};
use super::{PageId, PageKind, Site};
use crate::load::{RelPath, rel_path};
use crate::markdown::{LinkKind, LinkRef};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `https://…`, `mailto:` and other schemes: not part of the site.
    External,
    /// A page of the site, with an optional `#fragment`.
    Page {
        /// The target page.
        page: PageId,
        /// The `#fragment`, without `#`.
        fragment: Option<String>,
    },
    /// A file copied into the site (`images/a.png`, a file of `static/`), by output path.
    Asset(String),
    /// Nowhere: the reason is in the diagnostic.
    Broken(Broken),
}

/// Why a link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// No page or file at that path.
    Missing {
        /// The root-relative path the link resolved to.
        resolved: String,
        /// The closest existing path.
        suggestion: Option<String>,
    },
    /// The path exists with another case (works on macOS, breaks on the Linux server).
    CaseMismatch {
        /// The root-relative path the link resolved to.
        resolved: String,
        /// The path as it is on disk.
        actual: String,
    },
    /// The target is a draft, which is not published.
    Draft {
        /// The draft's source path.
        resolved: String,
    },
    /// The target is a decision record template, which is not published.
    RecordTemplate {
        /// The template's source path.
        resolved: String,
    },
    /// The path climbs out of the handbook folder with `..`.
    EscapesRoot,
    /// A wiki link matches no page title, path, file name or decision number.
    WikiMissing {
        /// The closest page title.
        suggestion: Option<String>,
    },
    /// A wiki link matches several pages.
    WikiAmbiguous {
        /// The source paths of the pages it matches.
        candidates: Vec<String>,
    },
}

/// A resolved link of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link as written, with its position in the body.
    pub raw: LinkRef,
    /// What it points at.
    pub target: Target,
    /// 1-based line and column in the source file (0 for a decision relation).
    pub line: u32,
    /// See `line`.
    pub column: u32,
    /// True for an edge added from a decision record's relations rather than written as a link.
    pub from_relation: bool,
}

impl Link {
    /// Whether the page's body made the link: a decision record's relations are added to its
    /// links after its body rendered, and are not the body's.
    pub fn made_by_body(&self) -> bool {
        !self.from_relation
    }
}

/// Lookup tables for resolving links. Each is built on first use: most links are plain relative
/// paths that need none of them, and `serve` resolves one page's links after an edit, where
/// indexing 10,000 pages would cost more than the page.
pub struct Resolver<'a> {
    site: &'a Site,
    relative_index: bool,
    /// The handbook's own repository, whose `blob/` and `tree/` links are internal.
    repository: Option<Repository>,
    by_source_lower: OnceLock<HashMap<String, Vec<&'a str>>>,
    by_title_lower: OnceLock<HashMap<String, Vec<PageId>>>,
    by_file_stem_lower: OnceLock<HashMap<String, Vec<PageId>>>,
    by_asset_name_lower: OnceLock<HashMap<String, Vec<&'a str>>>,
    by_decision_number: OnceLock<HashMap<u32, Vec<PageId>>>,
}

impl<'a> Resolver<'a> {
    /// The site links are resolved against.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// A resolver of links between the site's pages, assets and drafts.
    pub fn new(site: &'a Site, relative_index: bool) -> Self {
        let config = &site.config;
        let repository = config.repository.as_deref().and_then(|url| {
            let subdir = format!("{}{}", config.repository_subdir, config.content_dir);
            Repository::new(url, &subdir)
        });
        Resolver {
            site,
            relative_index,
            repository,
            by_source_lower: OnceLock::new(),
            by_title_lower: OnceLock::new(),
            by_file_stem_lower: OnceLock::new(),
            by_asset_name_lower: OnceLock::new(),
            by_decision_number: OnceLock::new(),
        }
    }

    /// Source paths of pages, assets and drafts by their lowercase form (for case mismatches).
    fn by_source_lower(&self) -> &HashMap<String, Vec<&'a str>> {
        self.by_source_lower.get_or_init(|| {
            let site = self.site;
            let mut map: HashMap<String, Vec<&str>> = HashMap::new();
            for path in site
                .by_source
                .keys()
                .map(RelPath::as_str)
                .chain(site.assets.keys().map(String::as_str))
                .chain(site.drafts.iter().map(RelPath::as_str))
                .chain(site.record_templates.iter().map(RelPath::as_str))
            {
                map.entry(path.to_lowercase()).or_default().push(path);
            }
            map
        })
    }

    /// Pages by lowercase title (for wiki links).
    fn by_title_lower(&self) -> &HashMap<String, Vec<PageId>> {
        self.by_title_lower.get_or_init(|| {
            let mut map: HashMap<String, Vec<PageId>> = HashMap::new();
            for page in &self.site.pages {
                map.entry(page.title.to_lowercase())
                    .or_default()
                    .push(page.id);
            }
            map
        })
    }

    /// Pages by the lowercase name of their file without its extension, wherever it is (for
    /// `[[0001-use-postgres]]`: Obsidian, where many decision folders are kept, writes a link
    /// as the file's name and finds the file in any folder).
    fn by_file_stem_lower(&self) -> &HashMap<String, Vec<PageId>> {
        self.by_file_stem_lower.get_or_init(|| {
            let mut map: HashMap<String, Vec<PageId>> = HashMap::new();
            for page in &self.site.pages {
                if let Some(rel_path) = &page.rel_path
                    && page.fallback_of.is_none()
                {
                    map.entry(rel_path.file_stem().to_lowercase())
                        .or_default()
                        .push(page.id);
                }
            }
            map
        })
    }

    /// Files beside the pages by their lowercase name, wherever they are (for `![[diagram.png]]`).
    fn by_asset_name_lower(&self) -> &HashMap<String, Vec<&'a str>> {
        self.by_asset_name_lower.get_or_init(|| {
            let mut map: HashMap<String, Vec<&str>> = HashMap::new();
            for path in self.site.assets.keys() {
                map.entry(rel_path::file_name(path).to_lowercase())
                    .or_default()
                    .push(path);
            }
            map
        })
    }

    /// Decision pages by record number (for `[[ADR-12]]`).
    fn by_decision_number(&self) -> &HashMap<u32, Vec<PageId>> {
        self.by_decision_number.get_or_init(|| {
            let mut map: HashMap<u32, Vec<PageId>> = HashMap::new();
            for page in &self.site.pages {
                if let Some(n) = self.site.decision_number(page.id) {
                    map.entry(n).or_default().push(page.id);
                }
            }
            map
        })
    }

    /// A digest of everything a link other than a wiki link is resolved against: where each
    /// page, draft and asset is, the aliases and translations, and how hrefs are written. Two
    /// builds with the same digest resolve such a link of a page at the same place to the same
    /// target and href (the config is the same: the memo asking is dropped when it changes).
    /// Titles are not in it: a wiki link is resolved by title, so it is resolved every time.
    pub(crate) fn layout_digest(&self) -> u128 {
        let site = self.site;
        let mut digest = crate::digest::Digester::new();
        digest.number(u64::from(self.relative_index));
        for page in &site.pages {
            digest
                .bytes(page.url.as_bytes())
                .bytes(page.folder.as_bytes())
                .opt_str(page.rel_path.as_deref())
                .number(page.fallback_of.map_or(u64::MAX, |p| p.0 as u64));
        }
        // Tables held in a `HashMap`, whose order changes from build to build: each entry is
        // hashed on its own and the hashes added up, which no order changes (sorting the two
        // tables of 12,800 entries each took ~10 ms of every save at 10,000 pages).
        fn unordered<K: AsRef<str>>(map: &HashMap<K, PageId>) -> u128 {
            let mut entry = Vec::new();
            map.iter().fold(0u128, |sum, (key, id)| {
                entry.clear();
                entry.extend_from_slice(key.as_ref().as_bytes());
                entry.extend_from_slice(&(id.0 as u64).to_le_bytes());
                sum.wrapping_add(xxhash_rust::xxh3::xxh3_128(&entry))
            })
        }
        digest
            .number(site.by_source.len() as u64)
            .digest(unordered(&site.by_source))
            .number(site.shadowed.len() as u64)
            .digest(unordered(&site.shadowed))
            .number(site.by_url.len() as u64)
            .digest(unordered(&site.by_url));
        for (alias, id) in &site.aliases {
            digest.bytes(alias.as_bytes()).number(id.0 as u64);
        }
        digest_files(site, &mut digest);
        digest.debug(&site.translations);
        digest.finish()
    }

    /// What links other than wiki links are resolved against, in the two parts a save tells
    /// apart: where the pages are ([`Layout::pages`]) and everything else. A save that adds or
    /// removes a page changes the first part only: a reused body's links then resolve as they
    /// did but for a few (see [`LayoutMoves`]).
    pub(crate) fn layout(&self) -> Layout {
        let site = self.site;
        let url_of = |id: PageId| site.page(id).url.as_str();
        let mut digest = crate::digest::Digester::new();
        digest.number(u64::from(self.relative_index));
        let mut shadowed: Vec<(&str, &str)> = site
            .shadowed
            .iter()
            .map(|(from, &to)| (from.as_str(), url_of(to)))
            .collect();
        shadowed.sort_unstable();
        for (from, to) in shadowed {
            digest.bytes(from.as_bytes()).bytes(to.as_bytes());
        }
        for (alias, &id) in &site.aliases {
            digest.bytes(alias.as_bytes()).bytes(url_of(id).as_bytes());
        }
        digest_files(site, &mut digest);
        // Pages in several languages resolve between translations: not told apart here.
        let simple = site.translations.is_empty()
            && site.pages.iter().all(|p| p.fallback_of.is_none())
            && site.config.docusaurus.is_none();
        digest.number(u64::from(simple));
        Layout {
            digest: self.layout_digest(),
            other: simple.then(|| digest.finish()),
            pages: site
                .pages
                .iter()
                .map(|p| (p.rel_path.clone(), p.url.as_str().into()))
                .collect(),
        }
    }

    /// The folder the pages are read from (`content` for a Hugo site, else empty).
    pub(crate) fn content_dir(&self) -> &str {
        &self.site.config.content_dir
    }

    /// Resolves one link of the page `from`, returning the href to write (when it changes) and
    /// the target.
    pub fn resolve(&self, from: PageId, link: &LinkRef) -> (Option<String>, Target) {
        let page = self.site.page(from);
        match link.kind {
            LinkKind::Wiki => return self.resolve_wiki(page.id, &link.dest),
            LinkKind::WikiFile => return self.resolve_wiki_file(page.id, &link.dest),
            LinkKind::Link | LinkKind::Image => {}
        }
        let mut dest = link.dest.trim();
        let local;
        if let Some(path) = self.repository.as_ref().and_then(|r| r.local_link(dest)) {
            local = path;
            dest = &local;
        }
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return (None, Target::External);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .to_string();
        if path.is_empty() {
            // `#fragment` on the same page: keep it, check it later.
            return (
                None,
                Target::Page {
                    page: from,
                    fragment,
                },
            );
        }
        let folder = page
            .rel_path
            .as_deref()
            .map_or(page.folder.as_str(), crate::load::rel_path::parent);
        let Some(resolved) = join_relative(folder, &path) else {
            return (None, Target::Broken(Broken::EscapesRoot));
        };
        let is_folder = path.ends_with('/');
        let mut target = self.resolve_path(&resolved, is_folder, fragment.clone());
        if let Target::Broken(Broken::Missing { .. }) = target
            && let Some(found) = self.resolve_from_url(page, &path, is_folder, &fragment)
        {
            target = found;
        }
        let target = self.in_language_of(from, target, &resolved, is_folder, fragment);
        let href = match &target {
            Target::Page { page: to, fragment } => {
                Some(self.page_href(from, *to, fragment.as_deref()))
            }
            Target::Asset(out_path) => Some(url::relative_href(&page.url, out_path, false)),
            _ => None,
        };
        (href, target)
    }

    /// A link written for the published site rather than for the files: `getting-started/` in
    /// `tools/slack.md` means what a browser makes of it on the page `tools/slack/`, which is
    /// `tools/slack/getting-started/` (Hugo, Jekyll and Eleventy sites are written this way).
    /// Only a link that names no Markdown file is read so, and only when it does not resolve
    /// from the file's folder; it works on the site as written, so it is not reported.
    fn resolve_from_url(
        &self,
        page: &super::Page,
        path: &str,
        is_folder: bool,
        fragment: &Option<String>,
    ) -> Option<Target> {
        let names_markdown = [".md", ".markdown"]
            .iter()
            .any(|ext| path.to_ascii_lowercase().ends_with(ext));
        // Docusaurus URLs end without a `/`: `install` on `/guides/deploy` is `/guides/install`,
        // from the page's published folder (its file's without number prefixes); and its docs
        // are published under their route (`/docs/guides/install`).
        if let Some(docs) = &self.site.config.docusaurus
            && !names_markdown
            && let Some(found) = match path.strip_prefix('/') {
                Some(absolute) => docs.in_docs(absolute).map(String::from),
                None => join_relative(&page.folder, path),
            }
            .and_then(|resolved| self.find_path(&resolved, is_folder, fragment))
        {
            return Some(found);
        }
        // An index page's folder is its URL's: nothing new to try.
        if names_markdown || page.url.is_empty() || path.starts_with('/') {
            return None;
        }
        let url_folder = page.url.trim_end_matches('/');
        let file_folder = page.rel_path.as_deref().map(crate::load::rel_path::parent);
        if file_folder == Some(url_folder) {
            return None;
        }
        let resolved = join_relative(url_folder, path)?;
        self.find_path(&resolved, is_folder, fragment)
    }

    /// In a multilingual handbook, a link between pages stays in the linking page's language:
    /// `[x](x.md)` in `guide/a.ja.md` reaches `ja/guide/x/` (the translation, or the fallback
    /// showing the original), and `[x](x.md)` in `ja/guide/a.md` reaches the fallback when
    /// `ja/guide/x.md` does not exist yet.
    fn in_language_of(
        &self,
        from: PageId,
        target: Target,
        resolved: &str,
        is_folder: bool,
        fragment: Option<String>,
    ) -> Target {
        let site = self.site;
        if site.config.languages.is_empty() {
            return target;
        }
        let lang = site.tree_language(from);
        match target {
            Target::Page { page, fragment } => Target::Page {
                page: site.in_language(page, lang).unwrap_or(page),
                fragment,
            },
            Target::Broken(Broken::Missing { .. }) if lang != site.config.language => {
                let original = resolved
                    .strip_prefix(lang)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map(|rest| self.resolve_path(rest, is_folder, fragment));
                match original {
                    Some(Target::Page { page, fragment }) => match site.in_language(page, lang) {
                        Some(page) => Target::Page { page, fragment },
                        None => target,
                    },
                    _ => target,
                }
            }
            target => target,
        }
    }

    /// The href from one page to another (with an optional fragment).
    pub(crate) fn page_href(&self, from: PageId, to: PageId, fragment: Option<&str>) -> String {
        let mut href = if from == to && fragment.is_some() {
            String::new()
        } else {
            url::relative_href(
                &self.site.page(from).url,
                &self.site.page(to).url,
                self.relative_index,
            )
        };
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        href
    }

    fn resolve_path(&self, resolved: &str, is_folder: bool, fragment: Option<String>) -> Target {
        if let Some(found) = self.find_path(resolved, is_folder, &fragment) {
            return found;
        }
        self.not_found(resolved)
    }

    /// The page or file a resolved path names: a Markdown source, a folder, a page URL, or a
    /// source without its `.md`.
    fn find_path(
        &self,
        resolved: &str,
        is_folder: bool,
        fragment: &Option<String>,
    ) -> Option<Target> {
        let site = self.site;
        for candidate in &source_candidates(resolved) {
            let candidate = candidate.trim_start_matches('/');
            if let Some(&page) = site
                .by_source
                .get(candidate)
                .or_else(|| site.shadowed.get(candidate))
            {
                let fragment = fragment.clone();
                return Some(Target::Page { page, fragment });
            }
        }
        let as_url = if resolved.is_empty() {
            String::new()
        } else {
            format!("{}/", resolved.trim_end_matches('/'))
        };
        // A page's URL, or an old URL of it (`aliases`, `redirect_from`): the link goes
        // straight to the page rather than through the redirect.
        if let Some(&page) = site
            .by_url
            .get(&as_url)
            .or_else(|| site.aliases.get(&as_url))
        {
            let fragment = fragment.clone();
            return Some(Target::Page { page, fragment });
        }
        if !is_folder && site.assets.contains_key(resolved) {
            return Some(Target::Asset(resolved.to_string()));
        }
        None
    }

    /// Why nothing has the path: a draft, a name in another case, or nothing (with the closest
    /// name).
    fn not_found(&self, resolved: &str) -> Target {
        let site = self.site;
        for candidate in &source_candidates(resolved) {
            if site.drafts.contains(candidate.as_str()) {
                return Target::Broken(Broken::Draft {
                    resolved: candidate.clone(),
                });
            }
            if site.record_templates.contains(candidate.as_str()) {
                return Target::Broken(Broken::RecordTemplate {
                    resolved: candidate.clone(),
                });
            }
            if let Some(actual) = self
                .by_source_lower()
                .get(&candidate.to_lowercase())
                .and_then(|v| v.first())
            {
                return Target::Broken(Broken::CaseMismatch {
                    resolved: resolved.to_string(),
                    actual: actual.to_string(),
                });
            }
        }
        let suggestion = site.suggestions.paths.suggest(resolved, || {
            site.by_source
                .keys()
                .map(RelPath::as_str)
                .chain(site.assets.keys().map(String::as_str))
        });
        Target::Broken(Broken::Missing {
            resolved: resolved.to_string(),
            suggestion,
        })
    }

    /// The pages whose file is named `lower` (lowercase, extension left out). Of several, the
    /// one in the linking page's folder, as Obsidian picks; else all of them (ambiguous).
    fn by_file_name(&self, from: PageId, lower: &str) -> Vec<PageId> {
        let lower = rel_path::without_page_extension(lower).unwrap_or(lower);
        let named = self
            .by_file_stem_lower()
            .get(lower)
            .map_or(&[][..], Vec::as_slice);
        if named.len() > 1 {
            let folder = |id: PageId| self.site.page(id).rel_path.as_ref().map(RelPath::parent);
            let beside: Vec<PageId> = named
                .iter()
                .copied()
                .filter(|&id| folder(id) == folder(from))
                .collect();
            if beside.len() == 1 {
                return beside;
            }
        }
        named.to_vec()
    }

    /// `![[diagram.png]]`: the file at that path from the page, else the file of that name in
    /// any folder (of several, the one beside the page), as Obsidian finds an attachment.
    fn resolve_wiki_file(&self, from: PageId, dest: &str) -> (Option<String>, Target) {
        let as_path = LinkRef {
            dest: dest.to_string(),
            offset: 0,
            kind: LinkKind::Image,
        };
        let (href, target) = self.resolve(from, &as_path);
        if !matches!(target, Target::Broken(Broken::Missing { .. })) {
            return (href, target);
        }
        let name = rel_path::file_name(dest).to_lowercase();
        let named = self
            .by_asset_name_lower()
            .get(&name)
            .map_or(&[][..], Vec::as_slice);
        let page = self.site.page(from);
        let folder = page.rel_path.as_ref().map_or("", RelPath::parent);
        let beside: Vec<&str> = named
            .iter()
            .copied()
            .filter(|path| rel_path::parent(path) == folder)
            .collect();
        match (named, beside.as_slice()) {
            ([], _) => (href, target),
            ([one], _) | (_, [one]) => (
                Some(url::relative_href(&page.url, one, false)),
                Target::Asset((*one).to_string()),
            ),
            (many, _) => {
                let mut candidates: Vec<String> = many.iter().map(|p| p.to_string()).collect();
                candidates.sort();
                (None, Target::Broken(Broken::WikiAmbiguous { candidates }))
            }
        }
    }

    fn resolve_wiki(&self, from: PageId, dest: &str) -> (Option<String>, Target) {
        // Obsidian names a heading by its text (`[[Note#Why we chose it]]`), which is the id
        // the heading gets; a block (`[[Note#^a1b2]]`) by the id its paragraph is given.
        let (name, fragment) = match dest.split_once('#') {
            Some((n, f)) => {
                let f = f.trim();
                let id = if f.starts_with('^') {
                    f.to_string()
                } else {
                    crate::markdown::anchors::slugify(f)
                };
                (n.trim(), Some(id))
            }
            None => (dest.trim(), None),
        };
        let found: Vec<PageId> = if let Some(number) = decision_number_ref(name) {
            self.by_decision_number()
                .get(&number)
                .cloned()
                .unwrap_or_default()
        } else if let Some(&page) = self
            .site
            .by_source
            .get(name)
            .or_else(|| self.site.by_source.get(format!("{name}.md").as_str()))
        {
            vec![page]
        } else if let Some(&page) = self
            .site
            .by_url
            .get(&format!("{}/", name.trim_matches('/')))
        {
            vec![page]
        } else {
            let lower = name.to_lowercase();
            match self.by_title_lower().get(&lower) {
                Some(titled) => titled.clone(),
                None => self.by_file_name(from, &lower),
            }
        };
        match found.as_slice() {
            [] => {
                let titles = || self.site.pages.iter().map(|p| p.title.as_str());
                let suggestion = self.site.suggestions.titles.suggest(name, titles);
                (None, Target::Broken(Broken::WikiMissing { suggestion }))
            }
            [page] => {
                let href = self.page_href(from, *page, fragment.as_deref());
                (
                    Some(href),
                    Target::Page {
                        page: *page,
                        fragment,
                    },
                )
            }
            many => {
                let mut candidates: Vec<String> = many
                    .iter()
                    .map(|id| {
                        self.site
                            .page(*id)
                            .rel_path
                            .clone()
                            .map_or_else(|| self.site.page(*id).url.clone(), String::from)
                    })
                    .collect();
                candidates.sort();
                (None, Target::Broken(Broken::WikiAmbiguous { candidates }))
            }
        }
    }
}

/// `ADR-12`, `adr 12`, `0012`, `#12` -> 12.
/// The Markdown sources a resolved path may name: the file itself, the file without its `.md`,
/// or a folder's index page (strongest first).
fn source_candidates(resolved: &str) -> [String; 5] {
    let folder = resolved.trim_end_matches('/');
    [
        resolved.to_string(),
        format!("{resolved}.md"),
        format!("{folder}/index.md"),
        format!("{folder}/README.md"),
        format!("{folder}/_index.md"),
    ]
}

fn decision_number_ref(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let digits = lower
        .strip_prefix("adr")
        .map(|r| r.trim_start_matches(['-', ' ', '_', '#']))
        .unwrap_or_else(|| lower.trim_start_matches('#'));
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// How many links to the handbook's own repository were read as internal links.
pub(crate) fn count_self_links(site: &Site) -> usize {
    // Without a repository no link is one (and this runs on every save, over every link).
    if site.config.repository.is_none() {
        return 0;
    }
    site.links
        .iter()
        .flatten()
        // The target first: most links with a scheme are external, and this runs on every save.
        .filter(|l| !matches!(l.target, Target::External) && has_scheme(&l.raw.dest))
        .count()
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// "Did you mean" for the two kinds of missing target: a path (pages and files beside them)
/// and a wiki link's title. Each builds its index when the first broken link asks.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Source paths of pages and assets.
    pub paths: Suggester,
    /// Page titles.
    pub titles: Suggester,
}

/// Backlinks: for each page, the pages linking to it, sorted by title then URL, without repeats.
pub fn backlinks(site: &Site) -> BTreeMap<PageId, Vec<PageId>> {
    use rayon::prelude::*;
    // By target page in a table, not a map: every save builds it for every link.
    let mut by_target: Vec<Vec<PageId>> = vec![Vec::new(); site.pages.len()];
    for page in &site.pages {
        for link in site.links_of(page.id) {
            if let Target::Page { page: to, .. } = link.target
                && to != page.id
                && let Some(sources) = by_target.get_mut(to.0)
            {
                sources.push(page.id);
            }
        }
    }
    // Each title lowered once, not at every comparison.
    let lowered: Vec<String> = site
        .pages
        .par_iter()
        .map(|p| p.title.to_lowercase())
        .collect();
    let key = |id: &PageId| (lowered[id.0].as_str(), site.pages[id.0].url.as_str());
    by_target.par_iter_mut().for_each(|sources| {
        sources.sort_by(|a, b| key(a).cmp(&key(b)));
        sources.dedup();
    });
    by_target
        .into_iter()
        .enumerate()
        .filter(|(_, sources)| !sources.is_empty())
        .map(|(to, sources)| (PageId(to), sources))
        .collect()
}

/// Where a page stands among the backlinks of a page it links to: by title, ignoring case, then
/// by URL. `serve`'s patch path inserts by the same key.
pub(crate) fn backlink_key(page: &super::Page) -> (String, &str) {
    (page.title.to_lowercase(), &page.url)
}

/// Content pages nothing links to (sections, home and decisions are reached through the nav and
/// the decision log).
pub fn orphans(site: &Site) -> Vec<PageId> {
    site.pages
        .iter()
        .filter(|p| {
            p.kind == PageKind::Content
                && p.fallback_of.is_none()
                && site.backlinks.get(&p.id).is_none_or(|b| b.is_empty())
        })
        .map(|p| p.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_refs() {
        assert_eq!(decision_number_ref("ADR-12"), Some(12));
        assert_eq!(decision_number_ref("0012"), Some(12));
        assert_eq!(decision_number_ref("adr 7"), Some(7));
        assert_eq!(decision_number_ref("Leave policy"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x.org"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("a.md#x:y"));
    }
}

/// One edge of `links.json`.
#[derive(Debug, serde::Serialize)]
struct JsonLink<'a> {
    source: &'a str,
    line: u32,
    column: u32,
    kind: &'static str,
    target: Option<String>,
    fragment: Option<&'a str>,
    written_as: &'a str,
}

/// `links.json`: every link of every page, resolved (source path, target path or URL, fragment),
/// for teams that build their own reports.
pub(crate) fn links_json(site: &Site) -> String {
    let mut edges = Vec::new();
    for page in &site.pages {
        let Some(source) = page.rel_path.as_deref() else {
            continue;
        };
        for link in site.links_of(page.id) {
            // Decision relations are in the graph for backlinks; they are not written links.
            if link.from_relation {
                continue;
            }
            let (kind, target, fragment) = match &link.target {
                Target::External => ("external", Some(link.raw.dest.clone()), None),
                Target::Page { page: to, fragment } => {
                    let to = site.page(*to);
                    (
                        "page",
                        Some(
                            to.rel_path
                                .clone()
                                .map_or_else(|| to.url.clone(), String::from),
                        ),
                        fragment.as_deref(),
                    )
                }
                Target::Asset(path) => ("file", Some(path.clone()), None),
                Target::Broken(_) => ("broken", None, None),
            };
            edges.push(JsonLink {
                source,
                line: link.line,
                column: link.column,
                kind,
                target,
                fragment,
                written_as: &link.raw.dest,
            });
        }
    }
    // Compact, one edge a line: a fifth of the pretty-printed size (24 MB at 10,000 pages
    // before), and still easy to grep and diff. Serialised straight from the structs: going
    // through `serde_json::Value` first costs more than the rest of this function.
    let mut json = String::with_capacity(edges.len() * 160 + 32);
    json.push_str("{\"version\":1,\"links\":[");
    for (i, edge) in edges.iter().enumerate() {
        json.push_str(if i == 0 { "\n" } else { ",\n" });
        json.push_str(&serde_json::to_string(edge).expect("links serialize"));
    }
    json.push_str("\n]}\n");
    json
}

/// Adds to `digest` the files a link can name besides pages: the assets, and the sources left
/// out on purpose (drafts, decision record templates), whose links get their own diagnostics.
fn digest_files(site: &Site, digest: &mut crate::digest::Digester) {
    for path in site.assets.keys() {
        digest.bytes(path.as_bytes());
    }
    for draft in &site.drafts {
        digest.bytes(draft.as_bytes());
    }
    digest.number(site.record_templates.len() as u64);
    for template in &site.record_templates {
        digest.bytes(template.as_bytes());
    }
}

/// What a build's links were resolved against (see [`Resolver::layout`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// [`Resolver::layout_digest`]: all of it.
    pub(crate) digest: u128,
    /// A digest of all but where the pages are (the aliases by URL, the files, the drafts,
    /// which sources give way to which); `None` for a handbook whose links this split does not
    /// cover (translations, Docusaurus routes).
    pub(crate) other: Option<u128>,
    /// Each page's source and URL, by id.
    pub(crate) pages: Vec<(Option<RelPath>, Box<str>)>,
}

/// How the pages moved between two builds whose layouts differ only in where the pages are
/// (pages added, removed, or given another URL): a link of a page that did not move resolves
/// as it did, its target renumbered, unless it was broken, went to a page that is gone, or
/// could name a page that is new. Whatever it cannot vouch for is resolved again (and debug
/// builds resolve every link it carries over, to check it).
pub(crate) struct LayoutMoves {
    /// Each page of the last build, by its id then: its id now, when the same source is at the
    /// same URL.
    renumbered: Vec<Option<PageId>>,
    /// Each page of this build, by id: whether it was in the last build, same source, same URL.
    stayed: Vec<bool>,
    /// The names a link could reach a new page by (its file name with and without the
    /// extension, its folder's name, its URL's last part), lowercased.
    new_names: HashSet<String>,
}

impl LayoutMoves {
    /// The moves from `before` to `now`, when only the pages moved.
    pub(crate) fn between(before: &Layout, now: &Layout) -> Option<Self> {
        if before.other.is_none() || before.other != now.other {
            return None;
        }
        let old: HashMap<(Option<&str>, &str), usize> = before
            .pages
            .iter()
            .enumerate()
            .map(|(id, (rel, url))| ((rel.as_deref(), &**url), id))
            .collect();
        let mut renumbered = vec![None; before.pages.len()];
        let mut stayed = vec![false; now.pages.len()];
        let mut new_names = HashSet::new();
        for (id, (rel, url)) in now.pages.iter().enumerate() {
            match old.get(&(rel.as_deref(), &**url)) {
                Some(&was) => {
                    renumbered[was] = Some(PageId(id));
                    stayed[id] = true;
                }
                None => {
                    let mut name = |s: &str| {
                        if !s.is_empty() {
                            new_names.insert(s.to_lowercase());
                        }
                    };
                    if let Some(rel) = rel.as_deref() {
                        let (folder, file) = rel.rsplit_once('/').unwrap_or(("", rel));
                        name(file);
                        name(file.rsplit_once('.').map_or(file, |(stem, _)| stem));
                        name(folder.rsplit('/').next().unwrap_or(folder));
                    }
                    name(url.trim_end_matches('/').rsplit('/').next().unwrap_or(""));
                }
            }
        }
        Some(LayoutMoves {
            renumbered,
            stayed,
            new_names,
        })
    }

    /// Whether the page `id` (this build's) was in the last build, same source, same URL.
    pub(crate) fn stayed(&self, id: PageId) -> bool {
        self.stayed.get(id.0).copied().unwrap_or(false)
    }

    /// Where `link`, which resolved to `target` in the last build, resolves now, when that
    /// can be told without resolving it; `None` when it must be resolved again. Wiki links are
    /// always resolved again (by title).
    pub(crate) fn carry(&self, link: &LinkRef, target: &Target) -> Option<Target> {
        match target {
            Target::External => Some(Target::External),
            // The files are the same (they are in `Layout::other`).
            Target::Asset(path) => Some(Target::Asset(path.clone())),
            // Might resolve now, and its suggestion might change.
            Target::Broken(_) => None,
            Target::Page { page, fragment } => {
                let page = (*self.renumbered.get(page.0)?)?;
                (!self.could_name_a_new_page(&link.dest)).then(|| Target::Page {
                    page,
                    fragment: fragment.clone(),
                })
            }
        }
    }

    /// Whether a link to `dest` could reach a new page: every source, URL and folder a link is
    /// tried as ends in the link's last part, or is that part's folder page.
    fn could_name_a_new_page(&self, dest: &str) -> bool {
        if self.new_names.is_empty() {
            return false;
        }
        let path = dest.split(['#', '?']).next().unwrap_or("");
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(last) = path.split('/').rev().find(|s| !s.is_empty()) else {
            // `#x`, `/`, ``: the page itself or the home page, both of which stayed... unless
            // resolved against a folder: resolved again.
            return !path.is_empty();
        };
        if last == "." || last == ".." {
            return true;
        }
        let last = last.to_lowercase();
        let stem = last
            .rsplit_once('.')
            .map_or(last.as_str(), |(stem, _)| stem);
        self.new_names.contains(&last) || self.new_names.contains(stem)
    }
}
