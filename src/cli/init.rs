//! `handbook init`: a small working handbook to start from. Never overwrites a file.

use anyhow::Context as _;
use clap::Args;
use std::path::PathBuf;

/// The scaffold: (path, text).
const FILES: &[(&str, &str)] = &[
    ("handbook.yml", include_str!("scaffold/handbook.yml")),
    ("index.md", include_str!("scaffold/index.md")),
    ("guide/index.md", include_str!("scaffold/guide/index.md")),
    (
        "guide/writing-pages.md",
        include_str!("scaffold/guide/writing-pages.md"),
    ),
    (
        "decisions/index.md",
        include_str!("scaffold/decisions/index.md"),
    ),
    (
        "decisions/0001-record-architecture-decisions.md",
        include_str!("scaffold/decisions/0001-record-architecture-decisions.md"),
    ),
];

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Where to create the handbook (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

impl InitArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let existing: Vec<String> = FILES
            .iter()
            .filter(|(p, _)| self.dir.join(p).exists())
            .map(|(p, _)| p.to_string())
            .collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "refusing to overwrite existing files in `{}`: {}\n  help: run `handbook init` in an empty folder, or move these files away",
                self.dir.display(),
                existing.join(", ")
            );
        }
        let today = chrono::Local::now().date_naive().to_string();
        for (path, text) in FILES {
            let target = self.dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("failed to create `{}`", parent.display()))?;
            }
            let text = text.replace("{{today}}", &today);
            // create_new: a file appearing between the check and now is still never overwritten.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .with_context(|| format!("failed to create `{}`", target.display()))?;
            std::io::Write::write_all(&mut file, text.as_bytes())
                .with_context(|| format!("failed to write `{}`", target.display()))?;
            outln!("created {}", target.display());
        }
        outln!("\nNext: handbook serve {}", self.dir.display());
        Ok(0)
    }
}
