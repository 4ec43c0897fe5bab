//! File names that cannot become a site: found while walking, each reported once and skipped,
//! so `check` sees what would otherwise stop `build`, and one odd file never costs the site.

use crate::diagnostic::{Code, Diagnostic};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;

/// A warning for a name that cannot be part of a URL (a backslash, bytes that are not UTF-8,
/// a control character); `None` for an ordinary name. `rel` is the path as shown.
pub(super) fn odd_name(rel: &str, name: &OsStr) -> Option<Diagnostic> {
    let why = match name.to_str() {
        None => {
            "its name is not valid UTF-8, so it has no URL (and two such names could collapse into one)"
        }
        Some(n) if n.contains('\\') => {
            "its name has a backslash, which is a folder separator on Windows and cannot be part of a URL"
        }
        Some(n) if n.chars().any(char::is_control) => {
            "its name has a control character, which cannot be part of a URL"
        }
        Some(_) => return None,
    };
    Some(
        Diagnostic::warning(Code::OddFileName, rel, 0, 0, format!("skipped: {why}"))
            .with_help("rename it with letters, digits, `-`, `_` and `.`"),
    )
}

/// Warnings for files whose site paths differ only in case (`Guide.md` and `guide.md`): on
/// macOS and Windows, and on most hosts' file systems, they are one file, so one page would
/// silently replace the other.
pub(super) fn case_collisions<'a>(rel_paths: impl Iterator<Item = &'a str>) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for rel in rel_paths {
        let key = rel.to_lowercase();
        match seen.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::warning(
                    Code::CaseCollision,
                    rel,
                    0,
                    0,
                    format!(
                        "`{rel}` and `{first}` differ only in case: on macOS and Windows, and on most \
                         web hosts, they are one file, and one would replace the other"
                    ),
                )
                .with_help("rename one of them"),
            ),
            None => {
                seen.insert(key, rel);
            }
        }
    }
    diagnostics
}

/// An error for a file that cannot be opened (no permission): reported by `check` too, and the
/// file is left out instead of failing the write.
pub(super) fn unreadable(rel: &str, abs: &Path) -> Option<Diagnostic> {
    let err = std::fs::File::open(abs).err()?;
    Some(
        Diagnostic::error(
            Code::UnreadableFile,
            rel,
            0,
            0,
            format!("cannot read file: {err}"),
        )
        .with_help("check the file's permissions; it is left out of the site"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_and_control_characters_are_odd() {
        assert!(odd_name("a\\b.md", OsStr::new("a\\b.md")).is_some());
        assert!(odd_name("a\tb.md", OsStr::new("a\tb.md")).is_some());
        assert!(odd_name("été.md", OsStr::new("été.md")).is_none());
    }

    #[test]
    fn names_differing_only_in_case_collide() {
        let d = case_collisions(
            [
                "Guide.md",
                "guide.md",
                "x/index.md",
                "x/README.md",
                "img.png",
                "IMG.png",
            ]
            .into_iter(),
        );
        let found: Vec<&str> = d.iter().map(|d| d.file.as_str()).collect();
        // `index.md` and `README.md` are two names, not one in two cases.
        assert_eq!(found, ["guide.md", "IMG.png"]);
    }
}
