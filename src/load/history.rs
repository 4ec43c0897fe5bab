//! When each page last changed, and what "today" is: the IO behind review dates and feeds.
//!
//! Dates come from git when the handbook is in a repository: ONE `git log` over the handbook
//! folder maps every file to its newest and oldest commit (one `git log` per file would cost a
//! process per page). Files git does not know fall back to their modification time; the model
//! puts front matter `updated` between the two. "Today" is `HANDBOOK_TODAY` (`YYYY-MM-DD`, for
//! reproducible builds and tests) or the local date.

use super::RelPath;
use anyhow::Context as _;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::path::Path;

/// The variable that fixes "today" (`HANDBOOK_TODAY=2024-06-01`).
pub const TODAY_ENV: &str = "HANDBOOK_TODAY";

/// What git says about one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileCommits {
    /// Committer date of the newest commit touching the file.
    pub last: DateTime<FixedOffset>,
    /// Committer date of the oldest commit touching the file (when it was added).
    pub first: DateTime<FixedOffset>,
}

/// Dates of the handbook's files, read once per build.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The date reviews and proposals are measured against.
    pub today: NaiveDate,
    /// Whether the handbook folder is in a git work tree with history.
    pub in_git: bool,
    /// Git dates by `rel_path` (relative to the handbook root).
    pub commits: BTreeMap<RelPath, FileCommits>,
    /// Modification times of the Markdown files git does not know, by `rel_path`.
    pub modified: BTreeMap<RelPath, DateTime<FixedOffset>>,
}

/// Reads "today", the git history of `root` (if any) and the modification time of each of
/// `markdown` (`(rel_path, abs_path)`) that git does not know.
pub(crate) fn load_history<'a>(
    root: &Path,
    markdown: impl Iterator<Item = (&'a str, &'a Path)>,
) -> anyhow::Result<History> {
    let today = today()?;
    let git = git_log(root);
    let in_git = git.is_some();
    let commits = git.map(|out| parse_git_log(&out)).unwrap_or_default();
    let mut modified = BTreeMap::new();
    for (rel_path, abs_path) in markdown {
        if commits.contains_key(rel_path) {
            continue;
        }
        // A file whose time cannot be read simply has no date; it is not an error.
        if let Ok(time) = std::fs::metadata(abs_path).and_then(|m| m.modified()) {
            let time: DateTime<Utc> = time.into();
            modified.insert(RelPath::from(rel_path), time.fixed_offset());
        }
    }
    Ok(History {
        today,
        in_git,
        commits,
        modified,
    })
}

/// `HANDBOOK_TODAY`, else the local date.
pub fn today() -> anyhow::Result<NaiveDate> {
    match std::env::var(TODAY_ENV) {
        Ok(value) if !value.trim().is_empty() => {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
                .with_context(|| format!("{TODAY_ENV}=`{value}` is not a date written YYYY-MM-DD"))
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// The raw log, or `None` outside a repository, without git, or before the first commit.
fn git_log(root: &Path) -> Option<String> {
    let stdout = super::git::git(
        root,
        &[
            // Unquoted UTF-8 paths, so `rel_path`s match the walk's.
            "-c",
            "core.quotePath=false",
            "log",
            "--no-renames",
            "--pretty=format:%x00%cI",
            "--name-only",
            "--relative",
            "--",
            ".",
        ],
    )
    // Failure means "not a repository" or "no commits yet": both mean no git dates.
    .ok()?;
    Some(String::from_utf8_lossy(&stdout).into_owned())
}

/// Parses `git log --pretty=format:%x00%cI --name-only` (newest commit first): each commit is a
/// NUL, its ISO 8601 committer date, and the paths it touched, one a line.
pub(crate) fn parse_git_log(text: &str) -> BTreeMap<RelPath, FileCommits> {
    let mut files: BTreeMap<RelPath, FileCommits> = BTreeMap::new();
    for commit in text.split('\0') {
        let mut lines = commit.lines();
        let Some(date) = lines
            .next()
            .and_then(|l| DateTime::parse_from_rfc3339(l.trim()).ok())
        else {
            continue;
        };
        for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
            files
                .entry(RelPath::from(path))
                // Newest first: the first commit seen is the last change, each later one is older.
                .and_modify(|f| f.first = date)
                .or_insert(FileCommits {
                    last: date,
                    first: date,
                });
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_log_maps_files_to_newest_and_oldest_commit() {
        let log = "\u{0}2024-03-01T10:00:00+01:00\nguide/a.md\nindex.md\n\n\
                   \u{0}2024-02-01T09:00:00Z\nguide/a.md\ndecisions/0001-x.md\n\n\
                   \u{0}2024-01-01T08:00:00-05:00\nindex.md\n";
        let files = parse_git_log(log);
        assert_eq!(files.len(), 3);
        let a = files["guide/a.md"];
        assert_eq!(a.last.to_rfc3339(), "2024-03-01T10:00:00+01:00");
        assert_eq!(a.first.to_rfc3339(), "2024-02-01T09:00:00+00:00");
        let index = files["index.md"];
        assert_eq!(index.first.to_rfc3339(), "2024-01-01T08:00:00-05:00");
        assert_eq!(
            files["decisions/0001-x.md"].last,
            files["decisions/0001-x.md"].first
        );
    }

    #[test]
    fn git_log_skips_garbage_and_empty_commits() {
        let log = "\u{0}not a date\nx.md\n\u{0}2024-01-01T00:00:00Z\n\n\u{0}";
        assert!(parse_git_log(log).is_empty());
        assert!(parse_git_log("").is_empty());
    }
}
