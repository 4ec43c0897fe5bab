//! The staging folder of a first build, and what happens to it when the build dies.
//!
//! A first build writes the whole site into `.<out>.handbook-staging-<pid>` beside the output
//! folder and renames it into place. That folder must not outlive the build: it is removed when
//! the write fails or panics ([`Staging`]'s drop), when the process gets SIGINT or SIGTERM
//! ([`interrupt`], called by the binary's signal handler), and, for a process that was killed
//! outright, by the next build in the same place ([`remove_stale`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Staging folders that exist right now, removed on a signal.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set by [`interrupt`]: writers stop before their next file.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Writes in progress (staged or in place), so [`interrupt`] can wait for them to stop.
static WRITING: AtomicUsize = AtomicUsize::new(0);

const PREFIX_END: &str = ".handbook-staging-";

/// The staging folder of this process for the output folder named `name`, in `parent`.
pub(super) fn staging_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}{PREFIX_END}{}", std::process::id()))
}

/// A staging folder being filled; removed on drop unless it was moved into place.
pub(super) struct Staging {
    path: PathBuf,
}

impl Staging {
    /// Creates the folder (replacing a leftover of an earlier process with this pid) and
    /// registers it for removal on a signal.
    pub(super) fn create(path: PathBuf) -> anyhow::Result<Self> {
        if path.symlink_metadata().is_ok() {
            std::fs::remove_dir_all(&path)?;
        }
        // Under the lock that [`interrupt`] keeps once it has cleaned up: no folder appears after.
        let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        check_interrupted()?;
        std::fs::create_dir(&path)?;
        active.push(path.clone());
        Ok(Staging { path })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful rename this finds nothing; otherwise it removes the partial site.
        let _ = std::fs::remove_dir_all(&self.path);
        ACTIVE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p| p != &self.path);
    }
}

/// Held while a write runs, so [`interrupt`] waits for the writers to stop.
pub(super) struct Writing(());

impl Writing {
    pub(super) fn start() -> Self {
        WRITING.fetch_add(1, Ordering::SeqCst);
        Writing(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Fails when a signal asked the build to stop; writers call it before each file.
pub(super) fn check_interrupted() -> anyhow::Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        anyhow::bail!("interrupted");
    }
    Ok(())
}

/// Stops the writing for a signal: writers stop before their next file (each file already
/// written stays whole), and the staging folder of a first build is removed. Returns once
/// that is done (or after a few seconds, whatever a writer is stuck on); the caller must exit
/// then, as no write can start any more.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_secs(5);
    while WRITING.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    for path in active.iter() {
        let _ = std::fs::remove_dir_all(path);
    }
    // The lock is never given back: the process exits next, and no staging folder may be
    // created in between.
    std::mem::forget(active);
}

/// Removes the staging folders for `name` in `parent` whose process is gone (a build killed
/// with SIGKILL, or by a power cut). A folder of a process still running is left alone.
pub(super) fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}{PREFIX_END}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap way to ask, a folder of another process is never taken for stale.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn stale_folders_of_dead_processes_go_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        // A child that has exited and been reaped: its pid names no process.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        let dead = dir
            .path()
            .join(format!(".public{PREFIX_END}{}", child.id()));
        let live = dir.path().join(format!(".public{PREFIX_END}1"));
        let other = dir.path().join(format!(".docs{PREFIX_END}{}", child.id()));
        for d in [&dead, &live, &other] {
            std::fs::create_dir_all(d.join("x")).unwrap();
        }
        remove_stale(dir.path(), "public");
        assert!(!dead.exists());
        assert!(live.exists(), "pid 1 is alive");
        assert!(other.exists(), "another output folder's staging");
    }

    #[test]
    fn a_dropped_staging_folder_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = staging_path(dir.path(), "public");
        {
            let staging = Staging::create(path.clone()).unwrap();
            std::fs::write(staging.path().join("a.html"), "x").unwrap();
        }
        assert!(!path.exists());
    }
}
