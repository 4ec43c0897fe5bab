//! When each page last changed, and what "today" is: the IO behind review dates and feeds.
//!
//! Dates come from git when the handbook is in a repository: ONE `git log` over the handbook
//! folder maps every file to its newest and oldest commit (one `git log` per file would cost a
//! process per page). Files git does not know fall back to their modification time; the model
//! puts front matter `updated` between the two. "Today" is `HANDBOOK_TODAY` (`YYYY-MM-DD`, for
//! reproducible builds and tests) or the local date.
//!
//! A shallow clone (what CI checks out by default: `actions/checkout` fetches one commit) hides
//! the history before its oldest fetched commit, which git shows as adding every file. Taken at
//! its word, every page would look changed that day and created that day. So in a shallow clone
//! the boundary commit dates nothing: a file changed after it keeps that date, a file changed
//! only before it has no date (its checkout time would be as wrong), and no file has a creation
//! date. The loader warns once, with the fix.

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
    /// Committer date of the oldest commit touching the file (when it was added); unknown in a
    /// shallow clone.
    pub first: Option<DateTime<FixedOffset>>,
}

/// Dates of the handbook's files, read once per build.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The date reviews and proposals are measured against.
    pub today: NaiveDate,
    /// Whether the handbook folder is in a git work tree with history.
    pub in_git: bool,
    /// Whether that work tree is a shallow clone (see the module's comment).
    pub shallow: bool,
    /// Git dates by `rel_path` (relative to the handbook root).
    pub commits: BTreeMap<RelPath, FileCommits>,
    /// Markdown files left without a date because a shallow clone hides their last change.
    pub undated_pages: usize,
    /// Modification times of the Markdown files git does not know, by `rel_path`.
    pub modified: BTreeMap<RelPath, DateTime<FixedOffset>>,
    /// The commit checked out when the log was read (`None` outside a repository or before its
    /// first commit): the log is read again only when it moved.
    pub head: Option<String>,
}

/// Reads "today", the git history of `root` (if any) and the modification time of each of
/// `markdown` (`(rel_path, abs_path)`) that git does not know.
pub fn load_history<'a>(
    root: &Path,
    markdown: impl Iterator<Item = (&'a str, &'a Path)>,
) -> anyhow::Result<History> {
    let today = today()?;
    let head = head(root);
    let git = git_log(root);
    let in_git = git.is_some();
    let shallow = in_git && is_shallow(root);
    let log = git.map(|out| parse_git_log(&out)).unwrap_or_default();
    let (commits, undated) = if shallow {
        log.without_boundary()
    } else {
        (log.files, Default::default())
    };
    let mut modified = BTreeMap::new();
    let mut undated_pages = 0;
    for (rel_path, abs_path) in markdown {
        if undated.contains(rel_path) {
            undated_pages += 1;
            continue;
        }
        if commits.contains_key(rel_path) {
            continue;
        }
        if let Some(time) = modified_time(abs_path) {
            modified.insert(RelPath::from(rel_path), time);
        }
    }
    Ok(History {
        today,
        in_git,
        shallow,
        commits,
        undated_pages,
        modified,
        head,
    })
}

/// [`load_history`] for `serve`, given the history of the last load and which files changed
/// since: the same dates, with the git log read again only when another commit is checked out
/// (or the day changed), and only the changed files' modification times read again.
pub fn load_history_again<'a>(
    root: &Path,
    markdown: impl Iterator<Item = (&'a str, &'a Path)>,
    changed: &std::collections::HashSet<&str>,
    previous: History,
) -> anyhow::Result<History> {
    // A shallow clone's undated files are not kept apart: read it all again.
    if previous.shallow || previous.today != today()? || previous.head != head(root) {
        return load_history(root, markdown);
    }
    let mut modified = BTreeMap::new();
    for (rel_path, abs_path) in markdown {
        if previous.commits.contains_key(rel_path) {
            continue;
        }
        let kept = (!changed.contains(rel_path))
            .then(|| previous.modified.get(rel_path))
            .flatten();
        if let Some(time) = kept.copied().or_else(|| modified_time(abs_path)) {
            modified.insert(RelPath::from(rel_path), time);
        }
    }
    Ok(History {
        modified,
        ..previous
    })
}

/// A file's modification time; a file whose time cannot be read simply has no date (it is not
/// an error).
fn modified_time(abs_path: &Path) -> Option<DateTime<FixedOffset>> {
    let time: DateTime<Utc> = std::fs::metadata(abs_path)
        .and_then(|m| m.modified())
        .ok()?
        .into();
    Some(time.fixed_offset())
}

/// The commit checked out at `root`, if it is in a repository with commits.
fn head(root: &Path) -> Option<String> {
    let out = super::git::git(root, &["rev-parse", "--verify", "--quiet", "HEAD"]).ok()?;
    Some(String::from_utf8_lossy(&out).trim().to_string())
}

/// Whether the repository at `root` is a shallow clone.
fn is_shallow(root: &Path) -> bool {
    super::git::git(root, &["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.trim_ascii() == b"true")
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
            // The parents mark a shallow clone's boundary: a commit shown without any.
            "--pretty=format:%x00%cI %P",
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

/// Every file's commits as `git log` lists them, and what a shallow clone's boundary added.
#[derive(Debug, Default)]
pub struct GitLog {
    /// Dates by path, from every commit listed.
    pub files: BTreeMap<RelPath, FileCommits>,
    /// Paths whose newest commit has no parents: in a shallow clone, the boundary commit that
    /// stands for all the history not fetched.
    last_in_root: std::collections::BTreeSet<RelPath>,
}

impl GitLog {
    /// The dates a shallow clone can vouch for: files changed after the boundary keep their
    /// last change (and lose their creation date, which is before it); the rest are returned as
    /// undated.
    pub fn without_boundary(
        self,
    ) -> (
        BTreeMap<RelPath, FileCommits>,
        std::collections::BTreeSet<RelPath>,
    ) {
        let last_in_root = self.last_in_root;
        let files = self
            .files
            .into_iter()
            .filter(|(path, _)| !last_in_root.contains(path))
            .map(|(path, commits)| {
                let known = FileCommits {
                    first: None,
                    ..commits
                };
                (path, known)
            })
            .collect();
        (files, last_in_root)
    }
}

/// Parses `git log --pretty=format:'%x00%cI %P' --name-only` (newest commit first): each commit
/// is a NUL, its ISO 8601 committer date and its parents' hashes, and the paths it touched, one
/// a line.
pub fn parse_git_log(text: &str) -> GitLog {
    let mut log = GitLog::default();
    for commit in text.split('\0') {
        let mut lines = commit.lines();
        let mut head = lines.next().unwrap_or_default().split_whitespace();
        let Some(date) = head
            .next()
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        else {
            continue;
        };
        let root = head.next().is_none();
        for path in lines.map(str::trim).filter(|l| !l.is_empty()) {
            match log.files.entry(RelPath::from(path)) {
                // Newest first: the first commit seen is the last change, each later one is older.
                std::collections::btree_map::Entry::Occupied(mut seen) => {
                    seen.get_mut().first = Some(date)
                }
                std::collections::btree_map::Entry::Vacant(new) => {
                    new.insert(FileCommits {
                        last: date,
                        first: Some(date),
                    });
                    if root {
                        log.last_in_root.insert(RelPath::from(path));
                    }
                }
            }
        }
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_log_maps_files_to_newest_and_oldest_commit() {
        let log = "\u{0}2024-03-01T10:00:00+01:00 c2\nguide/a.md\nindex.md\n\n\
                   \u{0}2024-02-01T09:00:00Z c1\nguide/a.md\ndecisions/0001-x.md\n\n\
                   \u{0}2024-01-01T08:00:00-05:00\nindex.md\n";
        let files = parse_git_log(log).files;
        assert_eq!(files.len(), 3);
        let a = files["guide/a.md"];
        assert_eq!(a.last.to_rfc3339(), "2024-03-01T10:00:00+01:00");
        assert_eq!(a.first.unwrap().to_rfc3339(), "2024-02-01T09:00:00+00:00");
        let index = files["index.md"];
        assert_eq!(
            index.first.unwrap().to_rfc3339(),
            "2024-01-01T08:00:00-05:00"
        );
        assert_eq!(
            Some(files["decisions/0001-x.md"].last),
            files["decisions/0001-x.md"].first
        );
    }

    #[test]
    fn git_log_skips_garbage_and_empty_commits() {
        let log = "\u{0}not a date\nx.md\n\u{0}2024-01-01T00:00:00Z\n\n\u{0}";
        assert!(parse_git_log(log).files.is_empty());
        assert!(parse_git_log("").files.is_empty());
    }

    #[test]
    fn a_shallow_clone_s_boundary_commit_dates_nothing() {
        // The boundary (no parents shown) "adds" every file; one was changed after it.
        let log = "\u{0}2026-11-20T10:00:00Z b1\nguide/a.md\n\n\
                   \u{0}2026-11-19T09:00:00Z\nguide/a.md\nindex.md\nold.md\n";
        let (files, undated) = parse_git_log(log).without_boundary();
        assert_eq!(files.len(), 1);
        assert_eq!(
            files["guide/a.md"].last.to_rfc3339(),
            "2026-11-20T10:00:00+00:00"
        );
        assert_eq!(files["guide/a.md"].first, None);
        assert_eq!(
            undated.into_iter().collect::<Vec<_>>(),
            ["index.md", "old.md"]
        );
    }
}
