//! Docusaurus projects as they are: a `docusaurus.config.{js,ts,mjs}` beside the docs folder
//! (`docs/`, or the docs plugin's `path:`). The config is JavaScript, which handbook does not
//! run: `title`, `url` + `baseUrl`, `i18n.defaultLocale`, `path` and `routeBasePath` are read
//! from its text (the first string value of each; computed values change nothing). In the docs folder, `_category_.json` or
//! `_category_.yml` names and places a folder, and number prefixes (`01-intro.md`) order pages
//! and folders without being part of their URLs or titles.

use super::{ForeignSite, eleventy::string_value};
use crate::diagnostic::{Code, Diagnostic};
use std::collections::BTreeMap;
use std::path::Path;

/// The names Docusaurus looks for.
const CONFIG_FILES: &[&str] = &[
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
];

/// The files that describe a folder of the docs (not pages, not copied).
const CATEGORY_FILES: &[&str] = &["_category_.json", "_category_.yml", "_category_.yaml"];

/// What the docs folder says about its folders, by their URL path (number prefixes stripped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocusaurusDocs {
    /// Folders with a `_category_` file or a number prefix, by URL path (`guides`).
    pub folders: BTreeMap<String, FolderMeta>,
    /// Where Docusaurus publishes the docs (`routeBasePath`, `docs` unless set; empty for the
    /// site's root), which handbook publishes at its root.
    pub route_base_path: String,
}

/// A folder's label and place in the navigation, from its `_category_` file or its name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderMeta {
    /// `label` of `_category_.json`: the folder's name in the navigation.
    pub label: Option<String>,
    /// `position` of `_category_.json`, else the folder's number prefix.
    pub position: Option<i64>,
}

impl DocusaurusDocs {
    /// The label and position of the folder whose URL path is `folder`.
    pub fn folder(&self, folder: &str) -> Option<&FolderMeta> {
        self.folders.get(folder)
    }

    /// A site path of the Docusaurus site (`docs/guides/install`, without its leading `/`) as
    /// a path of the docs folder (`guides/install`); `None` when it is not under the docs' route.
    pub fn in_docs<'p>(&self, site_path: &'p str) -> Option<&'p str> {
        if self.route_base_path.is_empty() {
            return Some(site_path);
        }
        let rest = site_path.strip_prefix(self.route_base_path.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| rest.trim_start_matches('/'))
    }
}

/// The Docusaurus project at `root`, when its config is there and its docs folder exists.
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let config_file = CONFIG_FILES
        .iter()
        .find(|name| root.join(name).is_file())?
        .to_string();
    let text = std::fs::read_to_string(root.join(&config_file)).ok()?;
    let content_dir = js_string(&text, "path")
        .map(|p| p.trim_start_matches("./").trim_matches('/').to_string())
        .filter(|p| !p.is_empty() && p != "." && !p.contains(".."))
        .unwrap_or_else(|| "docs".to_string());
    if !root.join(&content_dir).is_dir() {
        return None;
    }
    let base_url = js_string(&text, "url").map(|url| {
        let base = js_string(&text, "baseUrl").unwrap_or_default();
        format!(
            "{}/{}",
            url.trim_end_matches('/'),
            base.trim_start_matches('/')
        )
    });
    let mut diagnostics = Vec::new();
    let mut docs = read_folders(root, &content_dir, &mut diagnostics);
    docs.route_base_path = js_string(&text, "routeBasePath")
        .map_or_else(|| "docs".to_string(), |r| r.trim_matches('/').to_string());
    let mut exclude: Vec<String> = CATEGORY_FILES.iter().map(|f| format!("**/{f}")).collect();
    // Docusaurus leaves out files whose name starts with `_` (partials, imported elsewhere).
    exclude.extend(["**/_*.md".to_string(), "**/_*.mdx".to_string()]);
    let site = ForeignSite {
        tool: "Docusaurus",
        config_file,
        content_dir,
        title: js_string(&text, "title"),
        base_url,
        language: js_string(&text, "defaultLocale"),
        exclude,
        docusaurus: Some(docs),
        ..ForeignSite::default()
    };
    Some((site, diagnostics))
}

/// The first string value of `key` written as a whole key (`title: 'x'`, `"title": "x"`);
/// `None` when absent or computed (a template string with `${`).
fn js_string(config: &str, key: &str) -> Option<String> {
    config
        .match_indices(key)
        .filter(|(at, _)| {
            let before = config[..*at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
        })
        .find_map(|(at, _)| string_value(&config[at + key.len()..]))
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains("${"))
        .map(String::from)
}

/// Every folder under the docs folder with a `_category_` file or a number prefix.
fn read_folders(
    root: &Path,
    content_dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> DocusaurusDocs {
    let docs_root = root.join(content_dir);
    let mut docs = DocusaurusDocs::default();
    let walk = walkdir::WalkDir::new(&docs_root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') && name != "node_modules"
        });
    for entry in walk.flatten().filter(|e| e.file_type().is_dir()) {
        let rel = crate::load::rel_path_of(&docs_root, entry.path());
        let mut meta = FolderMeta {
            label: None,
            position: number_prefix(&entry.file_name().to_string_lossy()).map(|(n, _)| n),
        };
        if let Some(name) = CATEGORY_FILES
            .iter()
            .find(|name| entry.path().join(name).is_file())
        {
            let shown = format!("{content_dir}/{rel}/{name}");
            match read_category(&entry.path().join(name), name) {
                Ok((label, position)) => {
                    meta.label = label;
                    meta.position = position.or(meta.position);
                }
                Err(message) => diagnostics.push(
                    Diagnostic::warning(
                        Code::InvalidForeignConfig,
                        &shown,
                        0,
                        0,
                        format!("the Docusaurus category file cannot be read, so the folder keeps its name and order: {message}"),
                    )
                    .with_help("write it as `{ \"label\": \"Guides\", \"position\": 2 }`"),
                ),
            }
        }
        if meta != FolderMeta::default() {
            docs.folders.insert(published_path(&rel), meta);
        }
    }
    docs
}

/// A `_category_` file's `label` and `position` (rounded, as `sidebar_position` is).
fn read_category(path: &Path, name: &str) -> Result<(Option<String>, Option<i64>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let fields = super::parse_config(name, &text)?;
    if !fields.is_object() && !fields.is_null() {
        return Err("it is not a map of fields".to_string());
    }
    let label = super::str_field(&fields, "label");
    let position = match fields.get("position") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(
            v.as_f64()
                .ok_or_else(|| "`position` must be a number".to_string())?
                .round() as i64,
        ),
    };
    Ok((label, position))
}

/// A Docusaurus number prefix of a file or folder name: (`2`, `getting-started`) for
/// `02-getting-started`, `2.getting-started` or `02_getting-started` (a file's extension is
/// kept: `01-install.md` -> `install.md`). Names that are dates or versions (`2024-01-01-x`,
/// `1.2.3`) and names that are only a number have none.
pub fn number_prefix(name: &str) -> Option<(i64, &str)> {
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let after = name[digits..].trim_start();
    let rest = after.trim_start_matches(['-', '_', '.']);
    if rest.len() == after.len() {
        return None;
    }
    let rest = rest.trim_start();
    // A date or a version: another number right after the separator.
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // `1.md` is a file named `1`, not a prefix.
    let separator = &after[..after.len() - rest.len()];
    if separator.trim() == "." && is_extension(rest) {
        return None;
    }
    Some((name[..digits].parse().ok()?, rest))
}

/// True for the extensions a page or a file in the docs may have.
fn is_extension(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "md" | "mdx" | "markdown")
}

/// A name without its number prefix.
pub fn strip_number_prefix(name: &str) -> &str {
    number_prefix(name).map_or(name, |(_, rest)| rest)
}

/// True for a `.mdx` file, a page of a Docusaurus docs folder.
pub fn is_mdx(rel_path: &str) -> bool {
    rel_path.to_ascii_lowercase().ends_with(".mdx")
}

/// The path a page or folder is published at: every segment without its number prefix
/// (`02-getting-started/01-install.md` -> `getting-started/install.md`); a page named as its
/// folder is the folder's page (`guides/guides.md` -> `guides/index.md`), as Docusaurus has it.
pub fn published_path(rel_path: &str) -> String {
    let mut segments: Vec<&str> = rel_path.split('/').map(strip_number_prefix).collect();
    if let [.., folder, name] = segments.as_slice()
        && let Some((stem, extension)) = name.rsplit_once('.')
        && stem == *folder
        && is_extension(extension)
    {
        let index = format!("index.{extension}");
        segments.pop();
        return format!("{}/{index}", segments.join("/"));
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_values_are_read_from_the_text() {
        let config = "// @ts-check\nconst {themes} = require('prism-react-renderer');\n\n/** @type {import('@docusaurus/types').Config} */\nconst config = {\n  title: 'Acme Docs',\n  tagline: 'Dinosaurs are cool',\n  url: 'https://docs.acme.dev',\n  baseUrl: '/handbook/',\n  presets: [\n    [\n      'classic',\n      ({\n        docs: {\n          path: 'guides',\n          sidebarPath: './sidebars.js',\n          routeBasePath: '/',\n        },\n      }),\n    ],\n  ],\n  themeConfig: { navbar: { title: 'Acme' } },\n};\n";
        assert_eq!(js_string(config, "title").as_deref(), Some("Acme Docs"));
        assert_eq!(
            js_string(config, "url").as_deref(),
            Some("https://docs.acme.dev")
        );
        assert_eq!(js_string(config, "baseUrl").as_deref(), Some("/handbook/"));
        assert_eq!(js_string(config, "path").as_deref(), Some("guides"));
        assert_eq!(js_string("title: `${name} docs`", "title"), None);
        assert_eq!(js_string("title: siteTitle,", "title"), None);
    }

    #[test]
    fn number_prefixes_are_stripped_as_docusaurus_does() {
        assert_eq!(
            number_prefix("02-getting-started"),
            Some((2, "getting-started"))
        );
        assert_eq!(number_prefix("01-install.md"), Some((1, "install.md")));
        assert_eq!(number_prefix("1. intro.md"), Some((1, "intro.md")));
        assert_eq!(number_prefix("10_usage.mdx"), Some((10, "usage.mdx")));
        assert_eq!(number_prefix("1.intro"), Some((1, "intro")));
        assert_eq!(number_prefix("2024-01-01-release.md"), None);
        assert_eq!(number_prefix("1.2.3.md"), None);
        assert_eq!(number_prefix("1.md"), None);
        assert_eq!(number_prefix("12.md"), None);
        assert_eq!(number_prefix("intro.md"), None);
        assert_eq!(number_prefix("404.md"), None);
        assert_eq!(
            published_path("02-getting-started/01-install.md"),
            "getting-started/install.md"
        );
        assert_eq!(published_path("02-guides/guides.mdx"), "guides/index.mdx");
        assert_eq!(published_path("guides/01-guides.md"), "guides/index.md");
        assert_eq!(published_path("guides/guides.png"), "guides/guides.png");
    }

    #[test]
    fn categories_name_and_place_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                "docusaurus.config.js",
                "module.exports = { title: 'Docs', url: 'https://x.dev', baseUrl: '/d/', i18n: { defaultLocale: 'fr', locales: ['fr'] } };",
            ),
            ("docs/intro.md", "# Intro"),
            (
                "docs/02-guides/_category_.json",
                "{ \"label\": \"All the guides\", \"position\": 3 }",
            ),
            ("docs/02-guides/a.md", "# A"),
            ("docs/03-reference/x.md", "# X"),
            (
                "docs/tutorial/_category_.yml",
                "label: Tutorial\nposition: 1.4\n",
            ),
            ("docs/broken/_category_.json", "{ label: "),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (site, diags) = detect(root).unwrap();
        assert_eq!(site.content_dir, "docs");
        assert_eq!(site.title.as_deref(), Some("Docs"));
        assert_eq!(site.base_url.as_deref(), Some("https://x.dev/d/"));
        assert_eq!(site.language.as_deref(), Some("fr"));
        let docs = site.docusaurus.unwrap();
        let guides = docs.folder("guides").unwrap();
        assert_eq!(guides.label.as_deref(), Some("All the guides"));
        assert_eq!(guides.position, Some(3));
        assert_eq!(docs.folder("reference").unwrap().position, Some(3));
        assert_eq!(docs.folder("tutorial").unwrap().position, Some(1));
        assert!(docs.folder("broken").is_none());
        assert_eq!(docs.in_docs("docs/guides/a"), Some("guides/a"));
        assert_eq!(docs.in_docs("docs"), Some(""));
        assert_eq!(docs.in_docs("docsy/a"), None);
        assert_eq!(docs.in_docs("blog/a"), None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].file, "docs/broken/_category_.json");
    }
}
