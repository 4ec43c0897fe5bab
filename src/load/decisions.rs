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

/// `0001-x.md`, `adr-001-x.md`, `ADR-7-x.md`, `20200924-x.md`, `2024-01-31-x.md` (and the same
/// names as folders, `0001-x`).
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
/// depth, since MADR keeps categories in sub-folders) that is not the log's intro page. A record
/// may be a folder of its own, with its images beside it: `NNNN-slug/index.md` (or `README.md`,
/// as KEPs write it) and `slug/index.md` or `slug/_index.md` (Hugo sections, design documents)
/// are records, and the other Markdown files of a numbered record folder are its attachments.
pub fn is_in_decision_folder(rel_path: &str, folder: &str) -> bool {
    let inner = if folder.is_empty() {
        rel_path
    } else {
        match rel_path
            .strip_prefix(folder)
            .and_then(|r| r.strip_prefix('/'))
        {
            Some(r) => r,
            None => return false,
        }
    };
    let (dirs, name) = match inner.rsplit_once('/') {
        Some((dirs, name)) => (dirs, name.to_ascii_lowercase()),
        None => ("", inner.to_ascii_lowercase()),
    };
    let record_dir = dirs.rsplit('/').next().unwrap_or("");
    let is_index = matches!(name.as_str(), "index.md" | "_index.md");
    if !dirs.is_empty() && (is_index || (name == "readme.md" && looks_like_record_name(record_dir)))
    {
        return true;
    }
    // Beside a `NNNN-slug/index.md` record: its attachments, not records.
    if dirs.split('/').any(looks_like_record_name) {
        return false;
    }
    // The intro text of the log, and files log4brains and adr-tools keep beside the records.
    let is_log_file = is_index || matches!(name.as_str(), "readme.md" | "backlog.md");
    // A handbook that is itself a decisions folder may keep other files at its root (a
    // README, a SOURCE.md): there, only files named like records are records.
    let counts = if folder.is_empty() {
        // Templates count too, so that they are recognised and left out with a note.
        dirs.is_empty() && (looks_like_record_name(&name) || name.contains("template"))
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
    fn records_that_are_folders() {
        for path in [
            "docs/adr/0007-use-queues/index.md",
            "docs/adr/use-queues/index.md",
            "docs/adr/use-queues/_index.md",
            "keps/sig-x/1234-foo/README.md",
        ] {
            let folder = if path.starts_with("keps") {
                "keps"
            } else {
                "docs/adr"
            };
            assert!(is_in_decision_folder(path, folder), "{path}");
        }
        // The log's own intro and a numbered record's attachments are not records.
        assert!(!is_in_decision_folder("docs/adr/index.md", "docs/adr"));
        assert!(!is_in_decision_folder(
            "docs/adr/0007-use-queues/appendix.md",
            "docs/adr"
        ));
        assert!(!is_in_decision_folder(
            "docs/adr/category/README.md",
            "docs/adr"
        ));
        // A handbook that is itself the decisions folder.
        assert!(is_in_decision_folder("0003-x/index.md", ""));
        assert!(!is_in_decision_folder("index.md", ""));
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
