//! A temp handbook, the binary run on it, and helpers to read what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root (for `example-handbook`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `HANDBOOK_TODAY` every run gets.
pub const TODAY: &str = "2026-11-23";

/// A handbook in a temporary folder.
pub struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    /// An empty handbook.
    pub fn new() -> Self {
        Handbook {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A temp copy of a folder (for example `example-handbook`).
    pub fn copy_of(src: &Path) -> Self {
        let hb = Handbook::new();
        copy_dir(src, hb.root());
        hb
    }

    /// Adds (or replaces) a file.
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text);
        self
    }

    /// Writes a file.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The handbook folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `handbook <args>` with the handbook folder as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(args)
            .current_dir(self.root())
            .env_remove("GITHUB_ACTIONS")
            // `check --external` talks to test servers on 127.0.0.1, never through a proxy.
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            // A fixed "today", so review and proposal warnings do not depend on the clock.
            .env("HANDBOOK_TODAY", TODAY)
            .output()
            .expect("run handbook");
        Run::new(output, self.root())
    }

    /// `handbook build .` that must succeed without diagnostics.
    pub fn build_ok(&self) -> Run {
        let run = self.run(&["build", "."]);
        run.assert_code(0);
        assert_eq!(run.stderr, "", "unexpected diagnostics");
        run
    }

    /// A file of the default output folder, as text.
    pub fn read_out(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// What a run printed, with the temp path replaced by `[ROOT]`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn new(output: Output, root: &Path) -> Self {
        let clean = |b: &[u8]| {
            let s = String::from_utf8_lossy(b).to_string();
            let root = root.canonicalize().unwrap_or(root.to_path_buf());
            s.replace(&root.display().to_string(), "[ROOT]")
        };
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
        }
    }

    /// Fails with the output when the exit code differs.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Every file under `dir`, relative, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Copies a folder tree.
/// What a previous run left in the source folder (`public/` after the README's "Try it", the
/// cache) is not copied: a test starts from the sources alone.
pub fn copy_dir(src: &Path, dst: &Path) {
    let left_by_a_run = |e: &walkdir::DirEntry| {
        e.depth() == 1 && matches!(e.file_name().to_str(), Some("public" | ".handbook-cache"))
    };
    for entry in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_entry(|e| !left_by_a_run(e))
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `<main>` element of a page, where the content is.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// The sidebar of a page.
pub fn sidebar_of(html: &str) -> &str {
    let start = html.find("<nav id=\"sidebar\"").expect("a sidebar");
    let end = html[start..].find("</nav>").expect("end of sidebar") + start;
    &html[start..end]
}

/// The real-world corpora in `../shared/corpora`, or `None` when they are absent.
///
/// In CI (`CI=true`) the corpora are always laid beside the repository, so their absence is a
/// failure, not a skip: a whole-corpus test must never pass by not running. Elsewhere (a clone on
/// its own) the test is skipped: it says so, and the skip is counted in
/// `target/skipped-tests.txt`, which `scripts/test.sh` sums up at the end of the run.
pub fn corpora(test: &str) -> Option<PathBuf> {
    let root = repo_root().join("../shared/corpora");
    if root.is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: ../shared/corpora is missing, and CI must run the whole-corpus tests"
    );
    eprintln!("skipped: {test} (../shared/corpora not found)");
    record_skip(test);
    None
}

/// Appends one line to the skip log (`target/skipped-tests.txt`).
fn record_skip(test: &str) {
    use std::io::Write as _;
    let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("skipped-tests.txt"));
    if let Some(Ok(mut file)) = log.map(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    }) {
        let _ = writeln!(file, "{test}");
    }
}
