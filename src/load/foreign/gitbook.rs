//! GitBook spaces kept in a repository (GitBook's Git Sync): a `.gitbook.yaml`, whose `root` is
//! the folder of the pages and whose `structure.summary` is the table of contents, or, without
//! one, a `SUMMARY.md` beside the `.gitbook/` folder GitBook keeps its uploads in. The summary
//! orders the navigation (as mdBook's, whose format it shares) and is not a page; the images
//! under `.gitbook/assets/` are copied with the site (see `load`), its reusable blocks
//! (`.gitbook/includes/`) are included where pages include them and are not pages, and GitBook's
//! tags (`{% hint %}`, `{% tabs %}`, `{% embed %}`, ...) are read in `markdown::shortcodes`.

use super::{ForeignSite, mdbook, read_config, str_field};
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// GitBook's config file.
const CONFIG_FILE: &str = ".gitbook.yaml";
/// The folder GitBook keeps uploads (`assets/`) and reusable blocks (`includes/`) in.
pub const GITBOOK_DIR: &str = ".gitbook";

/// Whether the Markdown file `rel_path` is one of GitBook's reusable blocks
/// (`.gitbook/includes/…`), which pages include and which is not a page itself.
pub fn is_block(rel_path: &str) -> bool {
    rel_path
        .strip_prefix(GITBOOK_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The GitBook space at `root`, when there is a `.gitbook.yaml`, or a `SUMMARY.md` beside a
/// `.gitbook/` folder.
pub(crate) fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let has_config = root.join(CONFIG_FILE).is_file();
    let (content_dir, summary, diagnostics) = if has_config {
        let (fields, diagnostics) = read_config(root, CONFIG_FILE, "GitBook", |t| t.to_string())?;
        let content_dir = str_field(&fields, "root")
            .unwrap_or_default()
            .trim_start_matches("./")
            .trim_matches('/')
            .to_string();
        let summary = fields
            .get("structure")
            .and_then(|s| str_field(s, "summary"))
            .unwrap_or_else(|| mdbook::SUMMARY.to_string());
        (content_dir, summary, diagnostics)
    } else if root.join(GITBOOK_DIR).is_dir() && root.join(mdbook::SUMMARY).is_file() {
        (String::new(), mdbook::SUMMARY.to_string(), Vec::new())
    } else {
        return None;
    };
    let pages = root.join(&content_dir);
    if !pages.is_dir() {
        return None;
    }
    let summary = summary.trim_start_matches("./").to_string();
    let nav = std::fs::read_to_string(pages.join(&summary))
        .map(|text| mdbook::chapters(&text))
        .unwrap_or_default();
    let site = ForeignSite {
        tool: "GitBook",
        config_file: if has_config {
            CONFIG_FILE.to_string()
        } else {
            format!("{GITBOOK_DIR}/")
        },
        content_dir,
        nav,
        exclude: vec![summary],
        ..ForeignSite::default()
    };
    Some((site, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gitbook_yaml_names_the_root_and_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs/team")).unwrap();
        std::fs::write(
            root.join(CONFIG_FILE),
            "root: ./docs/\n\nstructure:\n  readme: README.md\n  summary: toc.md\n",
        )
        .unwrap();
        std::fs::write(
            root.join("docs/toc.md"),
            "# Table of contents\n\n* [Welcome](README.md)\n\n## Team\n\n* [Onboarding](team/onboarding.md)\n",
        )
        .unwrap();
        let (site, diagnostics) = detect(root).unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(site.tool, "GitBook");
        assert_eq!(site.content_dir, "docs");
        assert_eq!(site.nav, ["README.md", "team/onboarding.md"]);
        assert_eq!(site.exclude, ["toc.md"]);
    }

    #[test]
    fn a_summary_beside_a_gitbook_folder_is_a_space_and_a_summary_alone_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("SUMMARY.md"), "* [Home](README.md)\n").unwrap();
        assert!(detect(root).is_none());
        std::fs::create_dir_all(root.join(".gitbook/assets")).unwrap();
        let (site, _) = detect(root).unwrap();
        assert_eq!(site.content_dir, "");
        assert_eq!(site.nav, ["README.md"]);
        assert_eq!(site.exclude, ["SUMMARY.md"]);
    }
}
