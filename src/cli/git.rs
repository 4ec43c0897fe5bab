//! The few git questions `handbook check --base` asks, through the `git` program: which files the
//! base ref (and the merge base) hold in the decision folders. Every failure is an environment
//! error (exit 2) with git's own message.

use anyhow::Context as _;
use handbook::load::git::GitError;
use std::collections::BTreeSet;
use std::path::Path;

/// Files of the decision folders on the base ref and at the merge base, relative to the
/// handbook root (which may be a sub-folder of the repository).
pub(crate) struct BaseListing {
    pub(crate) at_base: BTreeSet<String>,
    pub(crate) at_merge_base: BTreeSet<String>,
}

/// Lists `folders` (relative to the handbook at `dir`, `""` for the handbook itself) at `base`.
pub(crate) fn list_base(dir: &Path, base: &str, folders: &[String]) -> anyhow::Result<BaseListing> {
    if base.starts_with('-') || base.is_empty() {
        anyhow::bail!(
            "`{base}` is not a git ref\n  help: name a branch, tag or commit, for example `--base origin/main`"
        );
    }
    // Paths from git are relative to the repository; the handbook may sit below it.
    let prefix = git(dir, &["rev-parse", "--show-prefix"]).with_context(|| {
        format!(
            "`--base` needs `{}` to be inside a git repository",
            dir.display()
        )
    })?;
    let prefix = prefix.trim_end_matches(['\n', '\r']).to_string();
    let commit = format!("{base}^{{commit}}");
    if git(dir, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        anyhow::bail!(
            "unknown git ref `{base}`\n  help: fetch it first (for example `git fetch origin main`), or name a branch, tag or commit that exists"
        );
    }
    let at_base = list_tree(dir, base, &prefix, folders)?;
    // No merge base (unrelated histories, or no commit yet on this branch) just means no file
    // counts as renamed here.
    let at_merge_base = match git(dir, &["merge-base", base, "HEAD"]) {
        Ok(out) => list_tree(dir, out.trim(), &prefix, folders)?,
        Err(_) => BTreeSet::new(),
    };
    Ok(BaseListing {
        at_base,
        at_merge_base,
    })
}

fn list_tree(
    dir: &Path,
    tree: &str,
    prefix: &str,
    folders: &[String],
) -> anyhow::Result<BTreeSet<String>> {
    let mut args = vec![
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--full-name",
        tree,
        "--",
    ];
    args.extend(
        folders
            .iter()
            .map(|f| if f.is_empty() { "." } else { f.as_str() }),
    );
    let out = git(dir, &args)?;
    Ok(out
        .split('\0')
        .filter_map(|p| p.strip_prefix(prefix))
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect())
}

/// Runs `git -C dir <args>` (pathspecs taken literally) and returns its stdout; a non-zero exit
/// is an error with git's stderr.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let mut all = vec!["--literal-pathspecs"];
    all.extend_from_slice(args);
    let stdout = handbook::load::git::git(dir, &all).map_err(|err| match err {
        GitError::NotFound => {
            anyhow::anyhow!("git was not found; `handbook check --base` needs git on the PATH")
        }
        GitError::Spawn(err) => anyhow::anyhow!("failed to run git: {err}"),
        GitError::Failed { stderr } => anyhow::anyhow!("`git {}` failed: {stderr}", args.join(" ")),
    })?;
    String::from_utf8(stdout).context("git printed a path that is not UTF-8")
}
