//! Jekyll sites as they are (GitHub Pages' own generator): a `_config.yml` at the root, or
//! beside `docs/`'s pages when the site is published from `docs/`. Its `title`, `url` +
//! `baseurl` and `lang` are the defaults; its `source` names the pages' folder; its `exclude`
//! is added to handbook's; and, as Jekyll does, folders whose names start with `_` other than
//! `_posts` are not pages (`_includes`, `_layouts`, `_data`, `_sass`, `_site`, `_drafts`).

use super::{ForeignSite, read_config, str_field};
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The Jekyll config's name.
pub const CONFIG_FILE: &str = "_config.yml";

/// Globs of what Jekyll never publishes as pages, besides its `exclude`: its own folders
/// (collections such as `_posts` or `_docs` are pages) and a bundled gem folder.
pub const NOT_PAGES: &[&str] = &[
    "_includes/**",
    "_layouts/**",
    "_sass/**",
    "_data/**",
    "_site/**",
    "_drafts/**",
    "_plugins/**",
    "vendor/**",
];

/// The Jekyll site at `root`, when there is a `_config.yml`.
pub fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    if !root.join(CONFIG_FILE).is_file() {
        return None;
    }
    let (fields, diagnostics) = read_config(root, CONFIG_FILE, "Jekyll", |t| t.to_string())?;
    let content_dir = str_field(&fields, "source")
        .map(|s| s.trim_start_matches("./").trim_matches('/').to_string())
        .filter(|s| s != "." && root.join(s).is_dir())
        .unwrap_or_default();
    let base_url = str_field(&fields, "url").map(|url| {
        let path = str_field(&fields, "baseurl").unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), path.trim_matches('/'))
    });
    let mut exclude: Vec<String> = NOT_PAGES.iter().map(|g| g.to_string()).collect();
    let configured: Vec<String> = fields
        .get("exclude")
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str())
                .map(|p| p.trim_start_matches("./").to_string())
                .collect()
        })
        .unwrap_or_default();
    exclude.extend(configured);
    let site = ForeignSite {
        tool: "Jekyll",
        config_file: CONFIG_FILE.to_string(),
        content_dir,
        title: str_field(&fields, "title"),
        base_url,
        language: str_field(&fields, "lang"),
        nav: Vec::new(),
        exclude,
        docusaurus: None,
        // kramdown, Jekyll's default, reads them; jekyll-commonmark (`markdown: CommonMarkGhPages`) does not.
        definition_lists: str_field(&fields, "markdown")
            .is_none_or(|engine| engine.eq_ignore_ascii_case("kramdown")),
    };
    Some((site, diagnostics))
}
