//! Records added on a branch whose number the base branch has meanwhile given to another record
//! (two pull requests that both took "the next number"). Pure: the caller lists the base's files
//! (`handbook check --base` asks git); this module only compares.

use super::{Decision, file_stem, number_from_filename};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::rel_path::parent;
use std::collections::{BTreeMap, BTreeSet};

/// What the base ref holds in the decision folders, as paths relative to the handbook root.
pub struct BaseFiles<'a> {
    /// The ref as the user named it (`origin/main`), for messages.
    pub base_ref: &'a str,
    /// Files of the decision folders at the base ref.
    pub at_base: &'a BTreeSet<String>,
    /// The same folders at the merge base of the base ref and this branch (empty when there is
    /// none), to tell a record renamed on this branch from one added on the base.
    pub at_merge_base: &'a BTreeSet<String>,
}

/// Reports `decision-number-taken` at every record that is new on this branch (its path is not
/// on the base) while the base has a different record with the same number in the same folder.
/// `exists_here` says whether a path exists in the working tree.
pub fn numbers_taken_on_base(
    records: &[Decision],
    base: &BaseFiles<'_>,
    exists_here: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    // (folder, number) -> base files with that number.
    let mut on_base: BTreeMap<(&str, u32), Vec<&str>> = BTreeMap::new();
    for path in base.at_base {
        if !path.to_ascii_lowercase().ends_with(".md") {
            continue;
        }
        if let Some(n) = number_from_filename(file_stem(path)) {
            on_base.entry((parent(path), n)).or_default().push(path);
        }
    }
    // The highest number in use per folder, here or on the base, for the suggestion.
    let mut highest: BTreeMap<&str, u32> = BTreeMap::new();
    let numbered = records
        .iter()
        .filter_map(|d| Some((parent(&d.rel_path), d.number?)))
        .chain(on_base.keys().copied());
    for (f, n) in numbered {
        let h = highest.entry(f).or_default();
        *h = (*h).max(n);
    }

    let mut diags = Vec::new();
    for d in records {
        let Some(n) = d.number else { continue };
        if base.at_base.contains(d.rel_path.as_str()) {
            continue;
        }
        let here = parent(&d.rel_path);
        let others: Vec<&str> = on_base
            .get(&(here, n))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| other != d.rel_path)
            // Gone here but already there when the branch started: this branch renamed or
            // deleted it, so the number is this branch's own.
            .filter(|&other| exists_here(other) || !base.at_merge_base.contains(other))
            .collect();
        if others.is_empty() {
            continue;
        }
        let next = highest.entry(here).or_default();
        *next = next.saturating_add(1);
        let name = d.rel_path.rsplit('/').next().unwrap_or(&d.rel_path);
        let help = match renumbered(name, *next) {
            Some(new_name) => format!(
                "renumber this record to {next}, the next free number: rename it to `{new_name}` and change the number in its title"
            ),
            None => format!("renumber this record to {next}, the next free number"),
        };
        let listed: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
        diags.push(
            Diagnostic::error(
                Code::DecisionNumberTaken,
                &d.rel_path,
                d.title_line,
                0,
                format!(
                    "decision number {n} is already taken on `{}` by {}",
                    base.base_ref,
                    listed.join(", ")
                ),
            )
            .with_help(help),
        );
    }
    diags
}

/// The file name with its number replaced, keeping the prefix and the zero padding:
/// `0002-use-x.md` -> `0003-use-x.md`, `ADR-07-x.md` -> `ADR-08-x.md`.
pub(crate) fn renumbered(file_name: &str, number: u32) -> Option<String> {
    let lower = file_name.to_ascii_lowercase();
    let prefix = if lower.starts_with("adr-") || lower.starts_with("adr_") {
        4
    } else {
        0
    };
    let digits = file_name[prefix..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let rest = &file_name[prefix + digits..];
    Some(format!("{}{number:0digits$}{rest}", &file_name[..prefix]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::DecisionFormat;

    fn record(rel_path: &str, number: u32) -> Decision {
        Decision {
            number: Some(number),
            status_line: 3,
            ..Decision::new(rel_path, "T", DecisionFormat::Nygard)
        }
    }

    fn set(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_new_record_with_a_number_taken_on_the_base_is_reported() {
        let records = vec![record("d/0001-a.md", 1), record("d/0002-mine.md", 2)];
        let at_base = set(&["d/0001-a.md", "d/0002-theirs.md", "d/index.md"]);
        let at_merge_base = set(&["d/0001-a.md"]);
        let base = BaseFiles {
            base_ref: "main",
            at_base: &at_base,
            at_merge_base: &at_merge_base,
        };
        let diags = numbers_taken_on_base(&records, &base, &|_| false);
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.code, Code::DecisionNumberTaken);
        assert_eq!(d.file, "d/0002-mine.md");
        assert_eq!(
            d.message,
            "decision number 2 is already taken on `main` by `d/0002-theirs.md`"
        );
        assert!(
            d.help.as_deref().unwrap().contains("`0003-mine.md`"),
            "{:?}",
            d.help
        );
    }

    #[test]
    fn a_record_renamed_on_this_branch_is_not_reported() {
        let records = vec![record("d/0002-better-name.md", 2)];
        let at_base = set(&["d/0002-old-name.md"]);
        let base = BaseFiles {
            base_ref: "main",
            at_base: &at_base,
            at_merge_base: &at_base,
        };
        assert!(numbers_taken_on_base(&records, &base, &|_| false).is_empty());
    }

    #[test]
    fn other_folders_and_unchanged_records_are_fine() {
        let records = vec![record("d/0002-a.md", 2), record("e/0003-x.md", 3)];
        let at_base = set(&["d/0002-a.md", "f/0003-y.md"]);
        let base = BaseFiles {
            base_ref: "main",
            at_base: &at_base,
            at_merge_base: &BTreeSet::new(),
        };
        assert!(numbers_taken_on_base(&records, &base, &|_| true).is_empty());
    }

    #[test]
    fn two_new_records_get_different_suggestions() {
        let records = vec![record("d/0002-x.md", 2), record("d/0003-y.md", 3)];
        let at_base = set(&["d/0002-p.md", "d/0003-q.md"]);
        let base = BaseFiles {
            base_ref: "origin/main",
            at_base: &at_base,
            at_merge_base: &BTreeSet::new(),
        };
        let helps: Vec<String> = numbers_taken_on_base(&records, &base, &|_| false)
            .into_iter()
            .filter_map(|d| d.help)
            .collect();
        assert!(helps[0].contains("`0004-x.md`"), "{helps:?}");
        assert!(helps[1].contains("`0005-y.md`"), "{helps:?}");
    }

    #[test]
    fn renumbering_keeps_prefix_and_padding() {
        assert_eq!(renumbered("0002-use-x.md", 13).unwrap(), "0013-use-x.md");
        assert_eq!(renumbered("ADR-07-x.md", 8).unwrap(), "ADR-08-x.md");
        assert_eq!(renumbered("adr-001-x.md", 1000).unwrap(), "adr-1000-x.md");
        assert_eq!(renumbered("slug.md", 3), None);
    }
}
