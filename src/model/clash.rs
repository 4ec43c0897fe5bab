//! Which file gets a folder's URL when several could: `index.md` beats `README.md` beats
//! `_index.md`. A log4brains folder holds both `index.md` (the site's page) and `README.md`
//! (GitHub's folder page); a Hugo section may add `_index.md`. One such clash must never cost the
//! user the site, so the losers are left out with a note and links to them reach the winner.

use super::url;
use crate::diagnostic::{Code, Diagnostic};
use std::collections::HashMap;

/// Lower is stronger: `index.md` 0, `README.md` 1, `_index.md` 2.
fn index_rank(rel_path: &str) -> usize {
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    url::INDEX_NAMES
        .iter()
        .position(|n| *n == name)
        .unwrap_or(usize::MAX)
}

/// For the published candidates (`rel_path`s), the index files that lose their folder to a
/// stronger one: loser -> winner, with one note per loser.
pub(crate) fn shadowed_index_files<'a>(
    candidates: impl Iterator<Item = &'a str>,
) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
    for rel_path in candidates.filter(|p| url::is_index_file(p)) {
        by_folder
            .entry(crate::load::rel_path::parent(rel_path))
            .or_default()
            .push(rel_path);
    }
    let mut shadowed = HashMap::new();
    let mut diagnostics = Vec::new();
    for files in by_folder.values_mut().filter(|f| f.len() > 1) {
        files.sort_by_key(|p| (index_rank(p), *p));
        let winner = files[0];
        for &loser in &files[1..] {
            diagnostics.push(
                Diagnostic::note(
                    Code::ShadowedIndex,
                    loser,
                    0,
                    0,
                    format!("`{winner}` is this folder's page, so `{loser}` is left out"),
                )
                .with_help(
                    "links to it lead to the folder's page; `index.md` beats `README.md` beats `_index.md`",
                ),
            );
            shadowed.insert(loser.to_string(), winner.to_string());
        }
    }
    (shadowed, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_beats_readme_beats_underscore_index() {
        let files = [
            "docs/adr/README.md",
            "docs/adr/index.md",
            "docs/adr/x.md",
            "guide/_index.md",
            "guide/README.md",
            "solo/README.md",
        ];
        let (shadowed, notes) = shadowed_index_files(files.into_iter());
        assert_eq!(shadowed.len(), 2);
        assert_eq!(shadowed["docs/adr/README.md"], "docs/adr/index.md");
        assert_eq!(shadowed["guide/_index.md"], "guide/README.md");
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().all(|n| n.code == Code::ShadowedIndex));
    }
}
