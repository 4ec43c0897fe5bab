//! mdBook books as they are: `book.toml` beside `src/` (or its `book.src`). The book's title and
//! language are the defaults, and `SUMMARY.md` orders the navigation.

use super::{ForeignSite, read_config, str_field};
use crate::diagnostic::Diagnostic;
use pulldown_cmark::{Event, Parser, Tag};
use serde_json::Value;
use std::path::Path;

/// The summary file that lists a book's chapters in order.
pub const SUMMARY: &str = "SUMMARY.md";

/// The mdBook book at `root`, when there is a `book.toml` and its source folder exists.
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let config_file = "book.toml".to_string();
    let (fields, diagnostics) = read_config(root, &config_file, "mdBook", |t| t.to_string())?;
    let book = fields.get("book").cloned().unwrap_or(Value::Null);
    let content_dir = str_field(&book, "src").unwrap_or_else(|| "src".to_string());
    let content_dir = content_dir.trim_matches('/').to_string();
    if content_dir.is_empty() || !root.join(&content_dir).is_dir() {
        return None;
    }
    let nav = std::fs::read_to_string(root.join(&content_dir).join(SUMMARY))
        .map(|summary| chapters(&summary))
        .unwrap_or_default();
    let site = ForeignSite {
        tool: "mdBook",
        config_file,
        content_dir,
        title: str_field(&book, "title"),
        base_url: None,
        language: str_field(&book, "language"),
        nav,
        // The book's table of contents is the navigation, not a page.
        exclude: vec![SUMMARY.to_string()],
        docusaurus: None,
        definition_lists: false,
    };
    Some((site, diagnostics))
}

/// The chapter files of a `SUMMARY.md`, in order (draft chapters, `[Title]()`, have none).
pub(crate) fn chapters(summary: &str) -> Vec<String> {
    Parser::new(summary)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let path = dest_url.trim().trim_start_matches("./");
                let path = path.split_once('#').map_or(path, |(p, _)| p);
                (!path.contains("://") && crate::load::is_markdown(path)).then(|| path.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_order() {
        let summary = "# Summary\n\n[Introduction](README.md)\n\n# User guide\n\n- [Installation](guide/installation.md)\n    - [Nested](./guide/nested.md)\n- [Draft]()\n\n---\n\n[Contributors](misc/contributors.md)\n";
        assert_eq!(
            chapters(summary),
            [
                "README.md",
                "guide/installation.md",
                "guide/nested.md",
                "misc/contributors.md"
            ]
        );
    }
}
