//! Where the decision records are: the folders named in `handbook.yml`, else the folders that
//! adr-tools (`.adr-dir`), log4brains (`.log4brains.yml`) or convention point at.

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::path::Path;

/// Conventional decision folders, tried when neither the config nor a tool's file names one.
pub const CONVENTIONAL_FOLDERS: &[&str] = &[
    "decisions",
    "doc/adr",
    "docs/adr",
    "docs/decisions",
    "docs/architecture/decisions",
    "adr",
];

/// The decision folders of a handbook, relative to its root (`""` is the root itself).
pub fn decision_folders(
    root: &Path,
    config: &Config,
    markdown: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut folders: Vec<String> = Vec::new();
    let mut add = |folder: &str| {
        let folder = normalize(folder);
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    };
    if !config.decisions.is_empty() {
        for folder in &config.decisions {
            if root.join(normalize(folder)).is_dir() {
                add(folder);
            } else {
                diagnostics.push(
                    Diagnostic::error("invalid-config", CONFIG_FILE, 0, 0, format!("decision folder `{folder}` does not exist"))
                        .with_help("`decisions:` lists folders relative to the handbook, for example `[decisions, docs/adr]`"),
                );
            }
        }
        return folders;
    }
    if let Ok(text) = std::fs::read_to_string(root.join(".adr-dir")) {
        let folder = text.trim();
        if !folder.is_empty() && root.join(folder).is_dir() {
            add(folder);
        }
    }
    if let Ok(text) = std::fs::read_to_string(root.join(".log4brains.yml")) {
        match crate::yaml::parse::<Log4brainsFile>(&text) {
            Ok(file) => {
                for folder in file.project.adr_folder.iter().chain(
                    file.project
                        .packages
                        .iter()
                        .filter_map(|p| p.adr_folder.as_ref()),
                ) {
                    if root.join(normalize(folder)).is_dir() {
                        add(folder);
                    }
                }
            }
            Err(err) => diagnostics.push(
                Diagnostic::warning(
                    "invalid-log4brains-config",
                    ".log4brains.yml",
                    err.line,
                    err.column,
                    format!("cannot read the decision folders: {}", err.message),
                )
                .with_help("fix the file, or list the folders under `decisions:` in handbook.yml"),
            ),
        }
    }
    for folder in CONVENTIONAL_FOLDERS {
        if root.join(folder).is_dir() {
            add(folder);
        }
    }
    // `handbook build doc/adr`: the handbook is itself a decisions folder.
    let numbered_at_root = markdown
        .iter()
        .filter(|p| !p.contains('/') && looks_like_record_name(p))
        .count();
    if numbered_at_root >= 2 {
        add("");
    }
    folders
}

/// `0001-x.md`, `adr-001-x.md`, `ADR-7-x.md`, `20200924-x.md`, `2024-01-31-x.md`.
fn looks_like_record_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr-")
        .or_else(|| lower.strip_prefix("adr_"))
        .unwrap_or(&lower);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits >= 3 && rest[digits..].starts_with(['-', '_'])
}

fn normalize(folder: &str) -> String {
    let f = folder.trim().trim_start_matches("./").trim_end_matches('/');
    if f == "." {
        String::new()
    } else {
        f.to_string()
    }
}

#[derive(Deserialize)]
struct Log4brainsFile {
    project: Log4brainsProject,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Log4brainsProject {
    adr_folder: Option<String>,
    #[serde(default)]
    packages: Vec<Log4brainsPackage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Log4brainsPackage {
    adr_folder: Option<String>,
}

/// True when `rel_path` is a record candidate of `folder`: a Markdown file inside it (at any
/// depth, since MADR keeps categories in sub-folders) that is not the log's intro page.
pub fn is_in_decision_folder(rel_path: &str, folder: &str) -> bool {
    let inside = if folder.is_empty() {
        true
    } else {
        rel_path
            .strip_prefix(folder)
            .is_some_and(|r| r.starts_with('/'))
    };
    if !inside {
        return false;
    }
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    // The intro text of the log, and files log4brains and adr-tools keep beside the records.
    let is_log_file = matches!(
        name.as_str(),
        "index.md" | "readme.md" | "_index.md" | "backlog.md"
    );
    // A handbook that is itself a decisions folder may keep other files at its root (a
    // README, a SOURCE.md): there, only files named like records are records.
    let counts = if folder.is_empty() {
        // Templates count too, so that they are recognised and left out with a note.
        !rel_path.contains('/') && (looks_like_record_name(&name) || name.contains("template"))
    } else {
        true
    };
    !is_log_file && counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_names() {
        for name in [
            "0001-x.md",
            "adr-001-use.md",
            "ADR-027-x.md",
            "20200924-x.md",
            "2024-01-31-x.md",
        ] {
            assert!(looks_like_record_name(name), "{name}");
        }
        for name in ["index.md", "01-x.md", "guide.md"] {
            assert!(!looks_like_record_name(name), "{name}");
        }
    }

    #[test]
    fn membership() {
        assert!(is_in_decision_folder("decisions/0001-a.md", "decisions"));
        assert!(is_in_decision_folder(
            "docs/decisions/cat/0001-a.md",
            "docs/decisions"
        ));
        assert!(!is_in_decision_folder("decisions/index.md", "decisions"));
        assert!(!is_in_decision_folder("decisionsx/0001.md", "decisions"));
        assert!(is_in_decision_folder("0001-a.md", ""));
        assert!(!is_in_decision_folder("guide/a.md", ""));
        assert!(!is_in_decision_folder("SOURCE.md", ""));
    }

    #[test]
    fn detection_from_tool_files_and_conventions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs/architecture/decisions")).unwrap();
        std::fs::create_dir_all(root.join("pkg/adr")).unwrap();
        std::fs::write(root.join(".adr-dir"), "docs/architecture/decisions\n").unwrap();
        std::fs::write(
            root.join(".log4brains.yml"),
            "project:\n  name: x\n  adrFolder: ./pkg/adr\n",
        )
        .unwrap();
        let mut diags = Vec::new();
        let folders = decision_folders(root, &Config::default(), &[], &mut diags);
        assert_eq!(folders, vec!["docs/architecture/decisions", "pkg/adr"]);
        assert!(diags.is_empty());
    }
}
