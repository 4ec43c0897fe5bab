//! Multilingual handbooks (`languages:` in `handbook.yml`): one tree of pages per language.
//!
//! The default language's pages are the handbook as it is. A translation is either a file in the
//! language's folder at the root (`ja/guide/onboarding.md`) or a file beside its original with
//! the language before the extension (`guide/onboarding.ja.md`); both are published at
//! `ja/guide/onboarding/`, so each language has a tree of its own with its own home (`ja/`),
//! breadcrumbs, sidebar and previous/next. A page and its translations share a key: the URL
//! without the language folder (`guide/onboarding/`).
//!
//! A page not yet translated into a language still has a page in that language's tree, showing
//! the original with a notice (a *fallback*), so the reader stays in their language's interface
//! and links between translated pages never break. Fallbacks are not indexed for search (the
//! language's index holds that language only) and are not counted by the health report, which
//! lists them as missing translations instead.

use super::{Body, Page, PageId, PageKind, Site, url};
use crate::config::Config;
use crate::load::RelPath;
use std::collections::BTreeMap;

/// A source file's place in a multilingual handbook: its language and the path it is published
/// under (`guide/onboarding.ja.md` -> `ja/guide/onboarding.md`). `None` for the default
/// language's files (and for every file of a handbook with one language).
pub(crate) fn placement(config: &Config, rel_path: &str) -> Option<(String, String)> {
    if config.languages.is_empty() {
        return None;
    }
    let first = rel_path.split('/').next().unwrap_or_default();
    if let Some(lang) = config.languages.iter().find(|l| l.as_str() == first) {
        return Some((lang.clone(), rel_path.to_string()));
    }
    let (dir, name) = match rel_path.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, rel_path),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    let (base, lang) = stem.rsplit_once('.')?;
    let lang = config.languages.iter().find(|l| l.as_str() == lang)?;
    let original = match dir {
        Some(dir) => format!("{dir}/{base}.{ext}"),
        None => format!("{base}.{ext}"),
    };
    Some((lang.clone(), format!("{lang}/{original}")))
}

/// The language tree a URL belongs to (`ja` for `ja/guide/`), `None` for the default language's.
pub(crate) fn tree_of<'c>(config: &'c Config, page_url: &str) -> Option<&'c str> {
    let first = page_url.split('/').next().unwrap_or_default();
    config
        .languages
        .iter()
        .find(|l| l.as_str() == first)
        .map(String::as_str)
}

/// The key a page shares with its translations: its URL without the language folder.
pub(crate) fn key_of<'u>(config: &Config, page_url: &'u str) -> &'u str {
    match tree_of(config, page_url) {
        Some(lang) => &page_url[lang.len() + 1..],
        None => page_url,
    }
}

/// Adds a fallback page in every language for each page of the default language that has no
/// translation there, and records which pages translate which (`Site::translations`). Runs
/// before the navigation is built, so fallbacks get their sections like any page.
pub(crate) fn add_fallbacks(site: &mut Site) {
    if site.config.languages.is_empty() {
        return;
    }
    let mut translations: BTreeMap<String, BTreeMap<String, PageId>> = BTreeMap::new();
    for page in &site.pages {
        let lang = tree_of(&site.config, &page.url).unwrap_or(&site.config.language);
        translations
            .entry(key_of(&site.config, &page.url).to_string())
            .or_default()
            .insert(lang.to_string(), page.id);
    }
    let default = site.config.language.clone();
    let originals: Vec<PageId> = site
        .pages
        .iter()
        // Generated section pages need no fallback: the navigation generates them in every tree.
        .filter(|p| p.source.is_some() && tree_of(&site.config, &p.url).is_none())
        .map(|p| p.id)
        .collect();
    for lang in site.config.languages.clone() {
        for &original in &originals {
            let key = site.page(original).url.clone();
            if translations
                .get(&key)
                .is_some_and(|t| t.contains_key(&lang))
            {
                continue;
            }
            let from = site.page(original);
            let id = PageId(site.pages.len());
            let page_url = format!("{lang}/{}", from.url);
            let mut meta = from.meta.clone();
            let shown = crate::model::PageMeta::edit(&mut meta);
            shown.search = false;
            shown.aliases.clear();
            let page = Page {
                id,
                kind: match from.kind {
                    PageKind::Home => PageKind::Section,
                    PageKind::Decision => PageKind::Content,
                    kind => kind,
                },
                source: None,
                rel_path: None,
                folder: RelPath::from(if from.folder.is_empty() {
                    lang.clone()
                } else {
                    format!("{lang}/{}", from.folder)
                }),
                url: page_url.clone(),
                title: from.title.clone(),
                meta,
                lang: lang.clone(),
                fallback_of: Some(original),
                body_offset: 0,
                skip_title: None,
                body: Body::default(),
                parent: None,
                children: Vec::new(),
            };
            site.by_url.insert(page_url, id);
            site.pages.push(page);
            translations
                .entry(key)
                .or_default()
                .insert(lang.clone(), id);
        }
    }
    // Keys with one page only (a page of one language) need no entry.
    translations.retain(|_, t| t.len() > 1 || !t.contains_key(&default));
    site.translations = translations;
}

/// Gives each fallback its original's rendered body. Relative `src` attributes (images) are
/// made to point at the original's files; relative links keep pointing into the language's
/// tree, where every page of the original tree has a counterpart.
pub(crate) fn fill_fallbacks(site: &mut Site) {
    for i in 0..site.pages.len() {
        if let Some(original) = site.pages[i].fallback_of {
            let mut body = site.page(original).body.clone();
            body.set_html(rebase_sources(
                &body.html,
                &site.page(original).url,
                &site.pages[i].url,
            ));
            site.pages[i].body = body;
        }
    }
}

/// The `src` attributes of `html`, written relative to the page at `from`, rewritten relative
/// to the page at `to`; absolute and data URLs unchanged.
fn rebase_sources(html: &str, from: &str, to: &str) -> String {
    let folder = from.trim_end_matches('/');
    let up = url::root_prefix(to);
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(" src=\"") {
        let (before, after) = rest.split_at(i + 6);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        let relative = !(value.starts_with('/')
            || value.starts_with('#')
            || value.starts_with("data:")
            || value.contains("://"));
        match url::join_relative(folder, value).filter(|_| relative) {
            Some(resolved) => {
                out.push_str(&up);
                out.push_str(&resolved);
            }
            None => out.push_str(value),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

impl Site {
    /// The page `id` in language `lang` (itself, a translation or a fallback), if there is one.
    pub(crate) fn in_language(&self, id: PageId, lang: &str) -> Option<PageId> {
        let page_url = &self.page(id).url;
        let tree = tree_of(&self.config, page_url).unwrap_or(&self.config.language);
        if tree == lang {
            return Some(id);
        }
        self.translations
            .get(key_of(&self.config, page_url))
            .and_then(|t| t.get(lang))
            .copied()
    }

    /// The language tree a page belongs to (the default language's for a one-language site).
    pub(crate) fn tree_language(&self, id: PageId) -> &str {
        tree_of(&self.config, &self.page(id).url).unwrap_or(&self.config.language)
    }

    /// Every language of the site, the default first.
    pub fn languages(&self) -> Vec<&str> {
        std::iter::once(self.config.language.as_str())
            .chain(self.config.languages.iter().map(String::as_str))
            .collect()
    }

    /// The home page of a page's language tree.
    pub(crate) fn home_of(&self, id: PageId) -> PageId {
        match tree_of(&self.config, &self.page(id).url) {
            Some(lang) => self.sections.get(lang).copied().unwrap_or(self.home),
            None => self.home,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            language: "en".to_string(),
            languages: vec!["ja".to_string(), "pt-BR".to_string()],
            ..Config::default()
        }
    }

    #[test]
    fn translations_sit_in_a_language_folder_or_beside_their_original() {
        let c = config();
        assert_eq!(placement(&c, "guide/a.md"), None);
        assert_eq!(
            placement(&c, "ja/guide/a.md"),
            Some(("ja".to_string(), "ja/guide/a.md".to_string()))
        );
        assert_eq!(
            placement(&c, "guide/a.ja.md"),
            Some(("ja".to_string(), "ja/guide/a.md".to_string()))
        );
        assert_eq!(
            placement(&c, "index.pt-BR.md"),
            Some(("pt-BR".to_string(), "pt-BR/index.md".to_string()))
        );
        // A dot that names no language is part of the name.
        assert_eq!(placement(&c, "guide/v1.2.md"), None);
        assert_eq!(placement(&Config::default(), "ja/a.md"), None);
    }

    #[test]
    fn keys_drop_the_language_folder() {
        let c = config();
        assert_eq!(key_of(&c, "ja/guide/a/"), "guide/a/");
        assert_eq!(key_of(&c, "ja/"), "");
        assert_eq!(key_of(&c, "guide/a/"), "guide/a/");
        assert_eq!(tree_of(&c, "japan/"), None);
    }

    #[test]
    fn fallback_images_point_at_the_original_files() {
        assert_eq!(
            rebase_sources(
                "<img src=\"../flow.svg\"><img src=\"/abs.png\"><img src=\"https://x/y.png\"><img src=\"data:x\">",
                "guide/tools/",
                "ja/guide/tools/"
            ),
            "<img src=\"../../../guide/flow.svg\"><img src=\"/abs.png\"><img src=\"https://x/y.png\"><img src=\"data:x\">"
        );
    }
}
