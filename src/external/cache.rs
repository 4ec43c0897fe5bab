//! The cache of external links that worked, so repeated runs (CI on every push, a writer running
//! `check --external` twice) do not fetch them again.
//!
//! One JSON file, keyed by URL (without its fragment), holding when each URL last answered and
//! what. Only working links are stored: a broken or unverifiable link is fetched again on every
//! run, so a fixed link stops failing at once and a passing outage is not remembered. Entries
//! older than the maximum age (or dated in the future, after a clock change) are ignored and
//! dropped at the next save.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder, inside the handbook, of the default cache file. Hidden, so the page walker skips
/// it; it holds a `.gitignore` of its own, so it never ends up in a commit.
pub const DEFAULT_DIR: &str = ".handbook-cache";

/// The default cache file's name inside [`DEFAULT_DIR`].
pub const DEFAULT_FILE: &str = "external-links.json";

/// How long a working link is trusted before it is fetched again.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// The format version written in the file; a file of another version is ignored.
const VERSION: u32 = 1;

/// The default cache file of the handbook at `root`.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(DEFAULT_DIR).join(DEFAULT_FILE)
}

/// What is remembered of one working URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When it was fetched, in seconds since the Unix epoch.
    pub checked: u64,
    /// The final status (after redirects).
    pub status: u16,
    /// Where it redirects to, when every redirect on the way was permanent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

/// The file as written.
#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    urls: BTreeMap<String, Entry>,
}

/// The cached results, by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads the cache file. A missing file is an empty cache; an unreadable or corrupt one is an
    /// empty cache plus the reason, for the caller to report (never a failure).
    pub fn load(path: &Path) -> (Cache, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => match Cache::parse(&text) {
                Ok(cache) => (cache, None),
                Err(reason) => (Cache::default(), Some(reason)),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (Cache::default(), None),
            Err(err) => (Cache::default(), Some(err.to_string())),
        }
    }

    /// Parses the text of a cache file. A file of another format version gives an empty cache.
    pub fn parse(text: &str) -> Result<Cache, String> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version: Version = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if version.version != VERSION {
            return Ok(Cache::default());
        }
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Ok(Cache { entries: file.urls })
    }

    /// The entry for `url`, when it is younger than `max_age` at `now` (seconds since the epoch).
    pub fn fresh(&self, url: &str, now: u64, max_age: Duration) -> Option<&Entry> {
        self.entries
            .get(url)
            .filter(|e| is_fresh(e.checked, now, max_age))
    }

    /// Remembers (or replaces) the result of `url`.
    pub(crate) fn insert(&mut self, url: String, entry: Entry) {
        self.entries.insert(url, entry);
    }

    /// Number of entries, fresh or not.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file's text, without the entries that are no longer fresh.
    pub(crate) fn to_json(&self, now: u64, max_age: Duration) -> String {
        let file = File {
            version: VERSION,
            urls: self
                .entries
                .iter()
                .filter(|(_, e)| is_fresh(e.checked, now, max_age))
                .map(|(url, e)| (url.clone(), e.clone()))
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&file).expect("the cache serializes");
        json.push('\n');
        json
    }

    /// Writes the cache atomically (a temporary file renamed over the old one), creating its
    /// folder. The default folder ([`DEFAULT_DIR`]) gets a `.gitignore` that ignores it whole.
    pub(crate) fn save(&self, path: &Path, now: u64, max_age: Duration) -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
            let gitignore = dir.join(".gitignore");
            if dir.file_name().is_some_and(|n| n == DEFAULT_DIR) && !gitignore.exists() {
                std::fs::write(
                    gitignore,
                    "# The cache of `handbook check --external`; safe to delete.\n*\n",
                )?;
            }
        }
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, self.to_json(now, max_age))?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// Checked at most `max_age` ago, and not in the future (beyond a minute of clock skew).
fn is_fresh(checked: u64, now: u64, max_age: Duration) -> bool {
    checked <= now.saturating_add(60) && now.saturating_sub(checked) <= max_age.as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = DEFAULT_MAX_AGE;
    const NOW: u64 = 1_800_000_000;

    fn entry(checked: u64) -> Entry {
        Entry {
            checked,
            status: 200,
            moved_to: None,
        }
    }

    #[test]
    fn entries_expire_after_the_max_age() {
        let mut cache = Cache::default();
        cache.insert("https://a.example/".into(), entry(NOW - 3600));
        cache.insert(
            "https://old.example/".into(),
            entry(NOW - DAY.as_secs() - 1),
        );
        cache.insert("https://future.example/".into(), entry(NOW + 86_400));
        assert!(cache.fresh("https://a.example/", NOW, DAY).is_some());
        assert!(cache.fresh("https://old.example/", NOW, DAY).is_none());
        assert!(cache.fresh("https://future.example/", NOW, DAY).is_none());
        assert!(cache.fresh("https://unknown.example/", NOW, DAY).is_none());
        // Stale entries are not written back.
        let again = Cache::parse(&cache.to_json(NOW, DAY)).unwrap();
        assert_eq!(again.len(), 1);
        assert!(again.fresh("https://a.example/", NOW, DAY).is_some());
    }

    #[test]
    fn round_trip_keeps_redirects() {
        let mut cache = Cache::default();
        cache.insert(
            "http://a.example/x".into(),
            Entry {
                checked: NOW,
                status: 200,
                moved_to: Some("https://a.example/x/".into()),
            },
        );
        let json = cache.to_json(NOW, DAY);
        assert!(json.contains("\"version\": 1"), "{json}");
        assert_eq!(Cache::parse(&json).unwrap(), cache);
    }

    #[test]
    fn corrupt_files_are_reported_not_fatal() {
        assert!(Cache::parse("{ not json").is_err());
        assert!(Cache::parse("[]").is_err());
        assert!(Cache::parse(r#"{"version": 1, "urls": {"x": {"checked": "soon"}}}"#).is_err());
        // Another version is not an error: it is simply not ours to read.
        assert!(
            Cache::parse(r#"{"version": 99, "urls": 5}"#)
                .unwrap()
                .is_empty()
        );

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.json");
        std::fs::write(&path, "garbage").unwrap();
        let (cache, warning) = Cache::load(&path);
        assert!(cache.is_empty());
        assert!(warning.is_some());
        let (cache, warning) = Cache::load(&dir.path().join("missing.json"));
        assert!(cache.is_empty() && warning.is_none());
    }

    #[test]
    fn save_is_atomic_and_ignores_the_default_folder_in_git() {
        let dir = tempfile::tempdir().unwrap();
        let path = default_path(dir.path());
        let mut cache = Cache::default();
        cache.insert("https://a.example/".into(), entry(NOW));
        cache.save(&path, NOW, DAY).unwrap();
        assert_eq!(Cache::load(&path), (cache, None));
        let ignore = std::fs::read_to_string(dir.path().join(DEFAULT_DIR).join(".gitignore"));
        assert!(ignore.unwrap().lines().any(|l| l == "*"));
        let names: Vec<_> = std::fs::read_dir(dir.path().join(DEFAULT_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
        // A cache elsewhere gets no `.gitignore` beside it.
        let other = dir.path().join("elsewhere/cache.json");
        Cache::default().save(&other, NOW, DAY).unwrap();
        assert!(!dir.path().join("elsewhere/.gitignore").exists());
    }
}
