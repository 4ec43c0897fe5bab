//! The one way the handbook runs the `git` program: `git -C <dir> <args>`, its stdout on
//! success. Callers decide what a failure means (no dates, no repository link, an error).

use std::path::Path;
use std::process::Command;

/// Why `git` gave no answer.
#[derive(Debug)]
pub enum GitError {
    /// There is no `git` program on the `PATH`.
    NotFound,
    /// The program could not be started.
    Spawn(std::io::Error),
    /// It ran and exited unsuccessfully (not a repository, unknown ref, ...).
    Failed {
        /// What git printed on stderr, trimmed.
        stderr: String,
    },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotFound => f.write_str("git was not found on the PATH"),
            GitError::Spawn(err) => write!(f, "failed to run git: {err}"),
            GitError::Failed { stderr } => f.write_str(stderr),
        }
    }
}

impl std::error::Error for GitError {}

/// Runs `git -C dir <args>` and returns its stdout.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => GitError::NotFound,
            _ => GitError::Spawn(err),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(GitError::Failed { stderr });
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_repository_git_fails_with_its_message() {
        let dir = tempfile::tempdir().unwrap();
        match git(dir.path(), &["rev-parse", "--show-prefix"]) {
            // Without git on the machine there is nothing to check.
            Err(GitError::NotFound) => {}
            Err(GitError::Failed { stderr }) => assert!(!stderr.is_empty()),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
