//! MkDocs projects as they are: `mkdocs.yml` beside `docs/` (or its `docs_dir`). Its `site_name`,
//! `site_url` and `theme.language` are the defaults, and its `nav:` orders the navigation.

use super::{ForeignSite, read_config, str_field};
use crate::diagnostic::Diagnostic;
use serde_json::Value;
use std::path::Path;

/// Whether `markdown_extensions` names `extension` (`def_list`, or Python-Markdown's full
/// `markdown.extensions.def_list`), as a plain item or as one with options.
fn has_extension(fields: &Value, extension: &str) -> bool {
    let full = format!("markdown.extensions.{extension}");
    let named = |name: &str| name == extension || name == full;
    fields
        .get("markdown_extensions")
        .and_then(Value::as_array)
        .is_some_and(|items| {
            items.iter().any(|item| match item {
                Value::String(name) => named(name),
                Value::Object(map) => map.keys().any(|k| named(k)),
                _ => false,
            })
        })
}

/// The MkDocs project at `root`, when there is an `mkdocs.yml` and its docs folder exists.
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let config_file = ["mkdocs.yml", "mkdocs.yaml"]
        .into_iter()
        .find(|name| root.join(name).is_file())?
        .to_string();
    let (fields, diagnostics) = read_config(root, &config_file, "MkDocs", without_python_tags)?;
    let content_dir = str_field(&fields, "docs_dir").unwrap_or_else(|| "docs".to_string());
    let content_dir = content_dir
        .trim_start_matches("./")
        .trim_matches('/')
        .to_string();
    if content_dir.is_empty() || !root.join(&content_dir).is_dir() {
        return None;
    }
    let mut nav = Vec::new();
    if let Some(items) = fields.get("nav") {
        flatten_nav(items, &mut nav);
    }
    let site = ForeignSite {
        tool: "MkDocs",
        config_file,
        content_dir,
        title: str_field(&fields, "site_name"),
        base_url: str_field(&fields, "site_url"),
        language: fields
            .get("theme")
            .and_then(|theme| str_field(theme, "language")),
        nav,
        exclude: Vec::new(),
        docusaurus: None,
        definition_lists: has_extension(&fields, "def_list"),
    };
    Some((site, diagnostics))
}

/// Material for MkDocs configs are full of `!!python/name:...` and `!ENV` tags that only
/// MkDocs can resolve; without them the rest of the file is plain YAML.
fn without_python_tags(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut line = line.to_string();
            for tag in [
                "!!python/name:",
                "!!python/object/apply:",
                "!relative",
                "!ENV",
            ] {
                line = line.replace(tag, "");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown paths of a `nav:` tree, depth first: items are `page.md`, `Title: page.md`,
/// `Section: [items]`; external URLs are skipped.
fn flatten_nav(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(path) => {
            let path = path.trim().trim_start_matches("./");
            if !path.contains("://") && crate::load::is_markdown(path) {
                out.push(path.to_string());
            }
        }
        Value::Array(items) => items.iter().for_each(|item| flatten_nav(item, out)),
        Value::Object(map) => map.values().for_each(|v| flatten_nav(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn material_config_with_nav() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/guide")).unwrap();
        std::fs::write(
            dir.path().join("mkdocs.yml"),
            "site_name: Team Docs\nsite_url: https://docs.example.org/\ntheme:\n  name: material\n  language: de\nnav:\n  - Home: index.md\n  - Guide:\n    - guide/setup.md\n    - Usage: guide/usage.md\n  - About: about.md\n  - GitHub: https://github.com/acme/docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        )
        .unwrap();
        let (site, diags) = detect(dir.path()).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(site.content_dir, "docs");
        assert_eq!(site.title.as_deref(), Some("Team Docs"));
        assert_eq!(site.language.as_deref(), Some("de"));
        assert_eq!(
            site.nav,
            ["index.md", "guide/setup.md", "guide/usage.md", "about.md"]
        );
    }
}
