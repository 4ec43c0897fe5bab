//! Folders written for another site generator, read as they are: Hugo (`content/`), MkDocs
//! (`docs/` and its `nav:`), mdBook (`src/` and its `SUMMARY.md`), Eleventy (its input folder)
//! Jekyll (`_config.yml`), GitBook (`.gitbook.yaml`, `SUMMARY.md`) and Docusaurus (`docs/`, its `_category_` files and number prefixes). Each gives the folder the
//! pages are read from, the site's title, base URL and language as defaults, and, where the
//! tool has one, the order of the navigation.

pub mod docusaurus;
pub mod eleventy;
pub mod gitbook;
pub mod hugo;
pub mod jekyll;
pub mod mdbook;
pub mod mkdocs;

use crate::diagnostic::{Code, Diagnostic};
use serde_json::Value;
use std::path::Path;

/// What another generator's config says that a handbook uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForeignSite {
    /// `Hugo`, `MkDocs`, `mdBook`, `GitBook`, `Eleventy`, `Jekyll` or `Docusaurus`.
    pub tool: &'static str,
    /// The config file, relative to the root (`hugo.toml`, `mkdocs.yml`, `book.toml`).
    pub config_file: String,
    /// The folder holding the pages, relative to the root (`content`, `docs`, `src`); empty
    /// for the root itself.
    pub content_dir: String,
    /// The site's title.
    pub title: Option<String>,
    /// Where the site is published.
    pub base_url: Option<String>,
    /// The site's language.
    pub language: Option<String>,
    /// Pages in navigation order (paths relative to `content_dir`), when the tool lists them.
    pub nav: Vec<String>,
    /// Globs of files the tool leaves out, added to `exclude`.
    pub exclude: Vec<String>,
    /// A Docusaurus docs folder's folder labels and positions (and, by being there, that its
    /// `.mdx` pages are read and its number prefixes stripped).
    pub docusaurus: Option<docusaurus::DocusaurusDocs>,
    /// Whether the tool's Markdown reads definition lists (`Term` / `: definition`): Hugo's
    /// goldmark and Jekyll's kramdown do by default, MkDocs with its `def_list` extension.
    pub definition_lists: bool,
}

/// The first generator whose config is at `root` and whose pages folder exists.
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    hugo::detect(root)
        .or_else(|| mkdocs::detect(root))
        .or_else(|| mdbook::detect(root))
        .or_else(|| gitbook::detect(root))
        .or_else(|| eleventy::detect(root))
        .or_else(|| jekyll::detect(root))
        .or_else(|| docusaurus::detect(root))
}

/// Reads and parses `root/config_file` (after `prepare`, for what only its tool understands):
/// `None` when it cannot be read; its fields, or `Null` with a warning when it does not parse.
pub(crate) fn read_config(
    root: &Path,
    config_file: &str,
    tool: &str,
    prepare: impl Fn(&str) -> String,
) -> Option<(Value, Vec<Diagnostic>)> {
    let text = std::fs::read_to_string(root.join(config_file)).ok()?;
    Some(match parse_config(config_file, &prepare(&text)) {
        Ok(fields) => (fields, Vec::new()),
        Err(message) => (Value::Null, vec![unreadable(config_file, tool, &message)]),
    })
}

/// A config file's fields as JSON, whatever its format (TOML, JSON or YAML by its name).
fn parse_config(name: &str, text: &str) -> Result<Value, String> {
    if name.ends_with(".toml") {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
        serde_json::to_value(table).map_err(|e| e.to_string())
    } else if name.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        crate::yaml::parse::<Value>(text).map_err(|e| format!("line {}: {}", e.line, e.message))
    }
}

/// A non-empty string field, its key matched without regard to case (`baseURL`, `baseurl`).
pub(crate) fn str_field(fields: &Value, key: &str) -> Option<String> {
    fields.as_object().and_then(|map| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    })
}

/// A warning that a config could not be read, so its settings are not used.
fn unreadable(config_file: &str, tool: &str, message: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::InvalidForeignConfig,
        config_file,
        0,
        0,
        format!("the {tool} config cannot be read, so its settings are not used: {message}"),
    )
    .with_help("fix the file, or set `title` and `base_url` in a `handbook.yml`")
}
