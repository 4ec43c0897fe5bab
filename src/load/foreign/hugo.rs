//! Hugo sites as they are: a `hugo.toml` / `config.toml` / `hugo.yaml` (or `config/_default/`)
//! beside a `content/` folder. The pages are read from `content/` (so `content/guide/a.md` is
//! `/guide/a/`, as Hugo publishes it), and the site's `title`, `baseURL` and `languageCode` are
//! the defaults when there is no `handbook.yml`.

use super::{ForeignSite, read_config, str_field};
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Config file names Hugo reads, in its order of preference.
const CONFIG_NAMES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The Hugo site at `root`, when there is a Hugo config and its content folder exists; with a
/// warning when the config cannot be read (its defaults are then not used).
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let config_file = CONFIG_NAMES
        .iter()
        .map(|n| n.to_string())
        .chain(CONFIG_NAMES.iter().map(|n| format!("config/_default/{n}")))
        .find(|rel| root.join(rel).is_file())?;
    let (fields, diagnostics) = read_config(root, &config_file, "Hugo", |t| t.to_string())?;
    let get = |key: &str| str_field(&fields, key);
    let content_dir = get("contentDir").unwrap_or_else(|| "content".to_string());
    let content_dir = content_dir.trim_matches('/').to_string();
    if content_dir.is_empty() || !root.join(&content_dir).is_dir() {
        return None;
    }
    let site = ForeignSite {
        tool: "Hugo",
        config_file,
        content_dir,
        title: get("title"),
        base_url: get("baseURL"),
        language: get("languageCode").or_else(|| get("defaultContentLanguage")),
        nav: Vec::new(),
        exclude: Vec::new(),
        docusaurus: None,
        // goldmark's extension, on unless `markup.goldmark.extensions.definitionList: false`.
        definition_lists: fields
            .pointer("/markup/goldmark/extensions/definitionList")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
    };
    Some((site, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn toml_config_beside_content() {
        let dir = site(&[
            (
                "hugo.toml",
                "baseURL = 'https://example.org/docs/'\nlanguageCode = 'en-gb'\ntitle = 'Acme Handbook'\n[params]\nx = 1\n",
            ),
            ("content/_index.md", "# Home"),
        ]);
        let (hugo, diags) = detect(dir.path()).unwrap();
        assert!(diags.is_empty());
        assert_eq!(hugo.content_dir, "content");
        assert_eq!(hugo.title.as_deref(), Some("Acme Handbook"));
        assert_eq!(hugo.base_url.as_deref(), Some("https://example.org/docs/"));
        assert_eq!(hugo.language.as_deref(), Some("en-gb"));
    }

    #[test]
    fn yaml_in_config_default_and_content_dir() {
        let dir = site(&[
            (
                "config/_default/hugo.yaml",
                "title: Docs\ncontentDir: pages\nbaseurl: https://x.org\n",
            ),
            ("pages/a.md", "a"),
        ]);
        let (hugo, _) = detect(dir.path()).unwrap();
        assert_eq!(hugo.config_file, "config/_default/hugo.yaml");
        assert_eq!(hugo.content_dir, "pages");
        assert_eq!(hugo.base_url.as_deref(), Some("https://x.org"));
    }

    #[test]
    fn no_content_folder_or_no_config_is_no_hugo_site() {
        assert!(detect(site(&[("config.toml", "title = 'x'")]).path()).is_none());
        assert!(detect(site(&[("content/a.md", "a")]).path()).is_none());
    }

    #[test]
    fn broken_config_is_a_warning() {
        let dir = site(&[("config.toml", "title = \n"), ("content/a.md", "a")]);
        let (hugo, diags) = detect(dir.path()).unwrap();
        assert_eq!(hugo.title, None);
        assert_eq!(diags[0].code, crate::diagnostic::Code::InvalidForeignConfig);
    }
}
