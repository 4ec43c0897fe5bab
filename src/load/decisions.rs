//! Where the decision records are: the folders named in `handbook.yml`, else the folders that
//! adr-tools (`.adr-dir`), log4brains (`.log4brains.yml`) or convention point at.

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Code, Diagnostic};
use serde::Deserialize;
use std::path::Path;

/// One entry of `decisions:` in `handbook.yml`: a folder (`docs/adr`), or a folder with its
/// conventions (`{path: docs/adr, require: [title], date_from: git}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFolderConfig {
    /// The folder, relative to the handbook root.
    pub path: String,
    /// The fields a record of this folder must state; a missing one is warned about. All three
    /// unless the folder says otherwise.
    pub require: Vec<RequiredField>,
    /// Where a record that states no date takes one from.
    pub date_from: Option<DateFrom>,
}

impl DecisionFolderConfig {
    /// A folder with the default conventions (title, status and date required).
    pub fn new(path: &str) -> Self {
        DecisionFolderConfig {
            path: path.to_string(),
            require: vec![
                RequiredField::Title,
                RequiredField::Status,
                RequiredField::Date,
            ],
            date_from: None,
        }
    }
}

/// A field a decision folder may require (`require: [title, status]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequiredField {
    /// A `# Title` heading or `title:`.
    Title,
    /// A status.
    Status,
    /// A date.
    Date,
}

/// Where a record without a date takes one from (`date_from: git`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFrom {
    /// The commit that added the file.
    Git,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderMap {
    path: String,
    require: Option<Vec<RequiredField>>,
    date_from: Option<DateFrom>,
}

impl<'de> Deserialize<'de> for DecisionFolderConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A plain string keeps working; a mapping is read field by field, so that a misspelt
        // key gets serde's precise message rather than "did not match any variant".
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = DecisionFolderConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a folder, or `{path: folder, require: [title, status, date], date_from: git}`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(DecisionFolderConfig::new(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                let m = FolderMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                let mut folder = DecisionFolderConfig::new(&m.path);
                if let Some(require) = m.require {
                    folder.require = require;
                }
                folder.date_from = m.date_from;
                Ok(folder)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Applies the conventions of the record's folder (the deepest configured folder holding it):
/// drops the warnings about fields the folder does not require, and takes the date of a record
/// that states none from the commit that added it when the folder says `date_from: git`.
pub(crate) fn apply_conventions(
    rel_path: &str,
    decision: &mut Option<crate::decision::Decision>,
    diagnostics: &mut Vec<Diagnostic>,
    config: &Config,
    history: &crate::load::history::History,
) {
    let Some(folder) = config
        .decisions
        .iter()
        .filter(|f| is_in_decision_folder(rel_path, &normalize(&f.path)))
        .max_by_key(|f| normalize(&f.path).len())
    else {
        return;
    };
    if let Some(d) = decision.as_mut()
        && d.date.is_none()
        && folder.date_from == Some(DateFrom::Git)
        && let Some(first) = history.commits.get(rel_path).and_then(|c| c.first)
    {
        d.date = Some(first.date_naive());
        d.date_from_git = true;
        diagnostics.retain(|x| x.code != Code::DecisionMissingDate);
    }
    let required = |f: RequiredField| folder.require.contains(&f);
    diagnostics.retain(|x| match x.code {
        Code::DecisionMissingTitle => required(RequiredField::Title),
        Code::DecisionMissingStatus => required(RequiredField::Status),
        Code::DecisionMissingDate => required(RequiredField::Date),
        _ => true,
    });
}

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
        for folder in config.decisions.iter().map(|f| f.path.as_str()) {
            if root.join(normalize(folder)).is_dir() {
                add(folder);
            } else {
                diagnostics.push(
                    Diagnostic::error(Code::InvalidConfig, CONFIG_FILE, 0, 0, format!("decision folder `{folder}` does not exist"))
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
                    Code::InvalidLog4brainsConfig,
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

/// True when `rel_path`, a Markdown file below `folder`, sits inside a record that is a folder:
/// a folder below the log holding an `index.md` or `_index.md` (a design document's sub-pages).
/// `exists` says whether the handbook has a Markdown file at a path.
pub(crate) fn is_attachment(rel_path: &str, folder: &str, exists: impl Fn(&str) -> bool) -> bool {
    let Some(inner) = below(rel_path, folder) else {
        return false;
    };
    let Some((dirs, name)) = inner.rsplit_once('/') else {
        return false;
    };
    // A record's own index is an attachment only when a folder above it is already a record.
    let mut dir = if matches!(name.to_ascii_lowercase().as_str(), "index.md" | "_index.md") {
        match dirs.rsplit_once('/') {
            Some((above, _)) => above,
            None => return false,
        }
    } else {
        dirs
    };
    loop {
        if ["index.md", "_index.md"]
            .iter()
            .any(|i| exists(&super::rel_path::join(folder, &format!("{dir}/{i}"))))
        {
            return true;
        }
        match dir.rsplit_once('/') {
            Some((up, _)) => dir = up,
            None => return false,
        }
    }
}

/// `rel_path` relative to `folder` (`""` is the root), or `None` when it is not below it.
fn below<'p>(rel_path: &'p str, folder: &str) -> Option<&'p str> {
    if folder.is_empty() {
        return Some(rel_path);
    }
    rel_path.strip_prefix(folder)?.strip_prefix('/')
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
pub(crate) fn is_in_decision_folder(rel_path: &str, folder: &str) -> bool {
    let Some(inner) = below(rel_path, folder) else {
        return false;
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
    fn pages_inside_a_record_folder_are_its_attachments() {
        let files = [
            "design/index.md",
            "design/0001-a.md",
            "design/cells/_index.md",
            "design/cells/goals.md",
            "design/cells/deep/more.md",
            "design/cells/deep/index.md",
            "design/queues.md",
        ];
        let exists = |p: &str| files.contains(&p);
        let attached = |p: &str| is_attachment(p, "design", exists);
        assert!(attached("design/cells/goals.md"));
        assert!(attached("design/cells/deep/more.md"));
        assert!(
            attached("design/cells/deep/index.md"),
            "a folder inside a record"
        );
        assert!(!attached("design/cells/_index.md"));
        assert!(
            !attached("design/0001-a.md"),
            "the log's intro does not make records attachments"
        );
        assert!(!attached("design/queues.md"));
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

#[cfg(test)]
mod convention_tests {
    use super::*;
    use crate::load::history::{FileCommits, History};

    #[test]
    fn folder_entries_are_strings_or_mappings() {
        #[derive(Deserialize)]
        struct Doc {
            decisions: Vec<DecisionFolderConfig>,
        }
        let doc: Doc = crate::yaml::parse(
            "decisions:\n  - decisions\n  - {path: docs/decisions, require: [title], date_from: git}\n",
        )
        .unwrap();
        assert_eq!(doc.decisions[0], DecisionFolderConfig::new("decisions"));
        assert_eq!(doc.decisions[1].require, [RequiredField::Title]);
        assert_eq!(doc.decisions[1].date_from, Some(DateFrom::Git));
        let err = crate::yaml::parse::<Doc>("decisions:\n  - {path: x, require: [owner]}\n")
            .err()
            .unwrap();
        assert!(err.message.contains("owner"), "{err:?}");
    }

    #[test]
    fn conventions_drop_unrequired_warnings_and_date_from_git() {
        let config = Config {
            decisions: vec![DecisionFolderConfig {
                path: "docs/decisions".into(),
                require: vec![RequiredField::Title],
                date_from: Some(DateFrom::Git),
            }],
            ..Config::default()
        };
        let when = chrono::DateTime::parse_from_rfc3339("2020-05-06T12:00:00+00:00").unwrap();
        let mut history = History::default();
        history.commits.insert(
            "docs/decisions/0001-x.md".into(),
            FileCommits {
                first: Some(when),
                last: when,
            },
        );
        let parsed = crate::decision::tests::parse_text(
            "docs/decisions/0001-x.md",
            "# X\n\n## Context and Problem Statement\n\nx\n",
        );
        let (mut decision, mut diags) = (parsed.decision, parsed.diagnostics);
        assert_eq!(diags.len(), 2, "{diags:?}");
        apply_conventions(
            "docs/decisions/0001-x.md",
            &mut decision,
            &mut diags,
            &config,
            &history,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let d = decision.unwrap();
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2020, 5, 6));
        assert!(d.date_from_git);
    }
}
