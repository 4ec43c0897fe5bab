//! `handbook new decision` and `handbook new page`: start a file the way the handbook already
//! writes them. A decision follows its folder's own format and file naming; a page gets front
//! matter filled in. Never overwrites a file (`create_new`), except the superseded record, which
//! is edited in place on purpose.

use anyhow::Context as _;
use clap::{Args, Subcommand};
use handbook::decision::log::{
    NamingScheme, detect_naming, mark_superseded, next_number, write_new_record,
};
use handbook::decision::{Decision, DecisionFormat, number_from_filename};
use handbook::load::rel_path::{join, parent};
use handbook::session::{Session, SessionOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a new decision folder goes when the handbook has none.
const DEFAULT_FOLDER: &str = "decisions";

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// Write the next decision record, in the folder's own format and numbering.
    Decision(NewDecisionArgs),
    /// Write a page with its front matter filled in.
    Page(NewPageArgs),
}

impl NewArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        match self.what {
            NewCommand::Decision(args) => args.run(),
            NewCommand::Page(args) => args.run(),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct NewDecisionArgs {
    /// The decision's title, for example "Use Postgres".
    title: String,
    /// Number (or log4brains slug) of the record this one replaces; that record is marked
    /// superseded and both link to each other.
    #[arg(long, value_name = "N")]
    supersedes: Option<String>,
    /// Format of the new record (default: the most common format of the folder, else native).
    #[arg(long, value_enum)]
    format: Option<RecordFormat>,
    #[command(flatten)]
    dir: HandbookDir,
    /// The decision folder, relative to the handbook (default: the first decision folder found,
    /// else `decisions`).
    #[arg(long)]
    folder: Option<String>,
}

/// `--format` values of `handbook new decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RecordFormat {
    /// YAML front matter with title, status, date and relations.
    Native,
    /// Michael Nygard / adr-tools: `# 12. Title`, `Date:`, `## Status`.
    Nygard,
    /// MADR (the version the folder already uses, else MADR 4).
    Madr,
}

/// The handbook folder, given as the last argument or as `--dir DIR`.
#[derive(Debug, Args)]
struct HandbookDir {
    /// The handbook folder (also `--dir DIR`).
    #[arg(default_value = ".")]
    dir: PathBuf,
    #[arg(long = "dir", value_name = "DIR", hide = true, conflicts_with = "dir")]
    dir_flag: Option<PathBuf>,
}

impl HandbookDir {
    fn path(&self) -> &Path {
        self.dir_flag.as_deref().unwrap_or(&self.dir)
    }
}

impl NewDecisionArgs {
    fn run(self) -> anyhow::Result<u8> {
        let title = self.title.trim();
        if title.is_empty() {
            anyhow::bail!(
                "the title is empty\n  help: for example `handbook new decision \"Use Postgres\"`"
            );
        }
        // The next number needs the records alone: no page body is rendered.
        let mut session = Session::new(SessionOptions {
            root: self.dir.path().to_path_buf(),
            no_search: true,
            bodies: handbook::model::Bodies::None,
            ..SessionOptions::default()
        })?;
        let model = session.model()?;
        let folders = &model.sources.decision_folders;
        let folder = match &self.folder {
            Some(f) => normalize_folder(f)?,
            None => match folders.as_slice() {
                [] => DEFAULT_FOLDER.to_string(),
                [only] => only.clone(),
                [first, ..] => {
                    errln!(
                        "handbook: note: {} decision folders ({}); writing to `{}`\n  help: pass --folder to choose another",
                        folders.len(),
                        folders
                            .iter()
                            .map(|f| format!("`{}`", display_folder(f)))
                            .collect::<Vec<_>>()
                            .join(", "),
                        display_folder(first)
                    );
                    first.clone()
                }
            },
        };
        let records = model.site.decisions.records();
        // Numbers are unique per folder (MADR categories and log4brains packages number their
        // sub-folders on their own), so only the folder's own files count.
        let local: Vec<&Decision> = records
            .iter()
            .filter(|d| parent(&d.rel_path) == folder)
            .collect();
        let format = choose_format(&local, self.format);
        let paths: Vec<&str> = local.iter().map(|d| d.rel_path.as_str()).collect();
        let naming = detect_naming(&paths);
        let numbered = matches!(
            naming,
            NamingScheme::Padded { .. } | NamingScheme::AdrPrefix { .. }
        );
        let owned: Vec<Decision> = local.iter().map(|d| (*d).clone()).collect();
        let root = session.root().to_path_buf();
        // Files that are not in the log (drafts, records that failed to parse) still hold their
        // number, so the folder's file names count too.
        let number = next_number(&owned).max(highest_file_number(&root.join(&folder)) + 1);
        let today = chrono::Local::now().date_naive();
        let file_name = naming.file_name(number, today, title);
        let new_rel = join(&folder, &file_name);

        let old = match &self.supersedes {
            Some(wanted) => Some(find_record(records, &folder, wanted)?),
            None => None,
        };
        let text = write_new_record(
            format,
            numbered.then_some(number),
            title,
            today,
            old.map(|d| (d, relative_link(&folder, &d.rel_path))),
        );
        create_file(&root.join(&new_rel), &text)?;
        outln!("created {}", shown(&root, &new_rel));

        if let Some(old) = old {
            let old_path = root.join(&old.rel_path);
            let old_text = std::fs::read_to_string(&old_path)
                .with_context(|| format!("failed to read `{}`", old_path.display()))?;
            let link = relative_link(parent(&old.rel_path), &new_rel);
            let updated = mark_superseded(&old_text, old, title, numbered.then_some(number), &link);
            std::fs::write(&old_path, updated)
                .with_context(|| format!("failed to write `{}`", old_path.display()))?;
            outln!(
                "updated {} (superseded by {})",
                shown(&root, &old.rel_path),
                file_name
            );
            // The new record is only proposed: say what changed in the old one and how to take
            // it back if the proposal is not accepted.
            let was = old
                .status_raw
                .clone()
                .or_else(|| old.status.as_ref().map(|s| s.label().to_string()))
                .unwrap_or_else(|| "(none)".to_string());
            errln!(
                "handbook: note: {} is marked superseded now, while {} is still proposed; its status was `{was}`\n  help: if {} is not accepted, set that status back (or `git checkout -- {}`)",
                old.rel_path,
                new_rel,
                file_name,
                old.rel_path
            );
        }
        Ok(0)
    }
}

#[derive(Debug, Args)]
pub(crate) struct NewPageArgs {
    /// Where the page goes, relative to the handbook: `guide/how-we-hire` (`.md` is added; a
    /// trailing `/` makes the folder's `index.md`).
    path: String,
    #[command(flatten)]
    dir: HandbookDir,
}

impl NewPageArgs {
    fn run(self) -> anyhow::Result<u8> {
        let (rel, title) = page_path(&self.path)?;
        let today = chrono::Local::now().date_naive();
        let dir = self.dir.path();
        create_file(&dir.join(&rel), &page_text(&title, today))?;
        outln!("created {}", shown(dir, &rel));
        Ok(0)
    }
}

/// The format of a new record: the one asked for, else the most common one of the folder (ties
/// go to the newest record's format), else native front matter.
fn choose_format(local: &[&Decision], asked: Option<RecordFormat>) -> DecisionFormat {
    let is_madr = |f: DecisionFormat| {
        matches!(
            f,
            DecisionFormat::Madr2 | DecisionFormat::Madr3 | DecisionFormat::Madr4
        )
    };
    let most_common = |keep: &dyn Fn(DecisionFormat) -> bool| {
        let mut counts: BTreeMap<&'static str, (usize, Option<chrono::NaiveDate>, DecisionFormat)> =
            BTreeMap::new();
        for d in local.iter().filter(|d| keep(d.format)) {
            let e = counts.entry(d.format.name()).or_insert((0, None, d.format));
            e.0 += 1;
            e.1 = e.1.max(d.date);
        }
        counts
            .into_values()
            .max_by_key(|(count, newest, _)| (*count, *newest))
            .map(|(_, _, f)| f)
    };
    match asked {
        Some(RecordFormat::Native) => DecisionFormat::FrontMatter,
        Some(RecordFormat::Nygard) => DecisionFormat::Nygard,
        Some(RecordFormat::Madr) => most_common(&is_madr).unwrap_or(DecisionFormat::Madr4),
        None => most_common(&|_| true).unwrap_or(DecisionFormat::FrontMatter),
    }
}

/// The record `--supersedes` names: by number (`3`, `0003`, `ADR-3`) or by id, in the folder
/// first, then anywhere in the handbook.
fn find_record<'a>(
    records: &'a [Decision],
    folder: &str,
    wanted: &str,
) -> anyhow::Result<&'a Decision> {
    let w = wanted.trim();
    let digits = w
        .to_ascii_lowercase()
        .strip_prefix("adr")
        .map_or(w, |rest| &w[w.len() - rest.len()..])
        .trim_start_matches(['-', '_', ' ', '#'])
        .to_string();
    let number = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<u32>().ok())
        .flatten();
    let matches = |d: &&Decision| match number {
        Some(n) => d.number == Some(n),
        None => d.id.eq_ignore_ascii_case(w),
    };
    let found = records
        .iter()
        .filter(|d| parent(&d.rel_path) == folder)
        .find(matches)
        .or_else(|| records.iter().find(matches));
    found.with_context(|| {
        format!(
            "no decision record `{wanted}` to supersede in `{}`\n  help: give the number of an existing record, as `handbook decisions` lists them",
            display_folder(folder)
        )
    })
}

/// The highest record number among the Markdown file names of a folder (0 when none).
fn highest_file_number(dir: &Path) -> u32 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let stem = name.strip_suffix(".md")?;
            number_from_filename(stem)
        })
        .max()
        .unwrap_or(0)
}

fn display_folder(folder: &str) -> &str {
    if folder.is_empty() { "." } else { folder }
}

/// A `--folder` value as a clean relative path; refuses to leave the handbook.
fn normalize_folder(raw: &str) -> anyhow::Result<String> {
    let raw = raw.replace('\\', "/");
    let mut parts = Vec::new();
    for seg in raw.split('/') {
        match seg {
            "" | "." => {}
            ".." => anyhow::bail!("`{raw}` leaves the handbook\n  help: give a folder inside it"),
            s => parts.push(s),
        }
    }
    if raw.starts_with('/') {
        anyhow::bail!("`{raw}` is absolute\n  help: give a folder relative to the handbook");
    }
    Ok(parts.join("/"))
}

/// A Markdown link from a file in `from_folder` to `to_rel_path` (both relative to the root).
fn relative_link(from_folder: &str, to_rel_path: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to_rel_path.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The path a page is written to and its title: `guide/how-we-hire` -> (`guide/how-we-hire.md`,
/// `How we hire`); `guide/` -> (`guide/index.md`, `Guide`).
fn page_path(raw: &str) -> anyhow::Result<(String, String)> {
    let raw = raw.trim().replace('\\', "/");
    let folder_page = raw.ends_with('/');
    let clean = normalize_folder(&raw)?;
    if clean.is_empty() {
        anyhow::bail!(
            "`{raw}` names no page\n  help: for example `handbook new page guide/how-we-hire`"
        );
    }
    let (rel, last) = if folder_page {
        let last = clean.rsplit('/').next().unwrap_or(&clean).to_string();
        (format!("{clean}/index.md"), last)
    } else {
        let stem = clean.strip_suffix(".md").unwrap_or(&clean).to_string();
        let last = stem.rsplit('/').next().unwrap_or(&stem).to_string();
        (format!("{stem}.md"), last)
    };
    Ok((rel, human_title(&last)))
}

/// `how-we_hire` -> `How we hire`: dashes and underscores become spaces, the first letter is
/// capitalised, the rest is kept as typed (so `API-keys` stays `API keys`).
fn human_title(segment: &str) -> String {
    let words: Vec<&str> = segment
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

/// The text of a new page.
fn page_text(title: &str, today: chrono::NaiveDate) -> String {
    // A JSON string is a valid YAML double-quoted scalar: titles with `:` or `#` stay titles.
    let title = serde_json::to_string(title).unwrap_or_else(|_| format!("\"{title}\""));
    format!(
        "---\ntitle: {title}\n# description: one sentence on what this page is for (shown in listings and search)\n# owner: the person or team that keeps this page true\nreviewed: {}\ntags: []\n---\n\n<!-- Write the page here. -->\n",
        today.format("%Y-%m-%d")
    )
}

/// Writes a new file, creating its folders; fails when the file already exists.
fn create_file(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    // create_new: checked and created in one step, so an existing file is never overwritten.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "refusing to overwrite `{}`\n  help: choose another name, or move the existing file away",
            path.display()
        ),
        Err(err) => {
            return Err(err).with_context(|| format!("failed to create `{}`", path.display()));
        }
    };
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// A path for messages: relative to the handbook when it is the current folder.
fn shown(root: &Path, rel: &str) -> String {
    if root == Path::new(".") {
        rel.to_string()
    } else {
        root.join(rel).display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_and_titles() {
        assert_eq!(
            page_path("guide/how-we-hire").unwrap(),
            ("guide/how-we-hire.md".into(), "How we hire".into())
        );
        assert_eq!(
            page_path("./guide/API_keys.md").unwrap(),
            ("guide/API_keys.md".into(), "API keys".into())
        );
        assert_eq!(
            page_path("team/on-call/").unwrap(),
            ("team/on-call/index.md".into(), "On call".into())
        );
        assert!(page_path("../outside").is_err());
        assert!(page_path("/etc/x").is_err());
        assert!(page_path("./").is_err());
    }

    #[test]
    fn page_text_has_the_front_matter() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let text = page_text("Why: a page", date);
        assert!(text.starts_with("---\ntitle: \"Why: a page\"\n# description:"));
        assert!(text.contains("\n# owner: the person or team that keeps this page true\nreviewed: 2026-03-04\ntags: []\n---\n"));
        assert!(!text.contains("owner: \"\""));
    }

    #[test]
    fn relative_links_between_folders() {
        assert_eq!(
            relative_link("decisions", "decisions/0001-a.md"),
            "0001-a.md"
        );
        assert_eq!(relative_link("", "0001-a.md"), "0001-a.md");
        assert_eq!(
            relative_link("pkg/adr", "docs/adr/0001-a.md"),
            "../../docs/adr/0001-a.md"
        );
        assert_eq!(relative_link("docs", "docs/adr/x.md"), "adr/x.md");
    }

    fn record(rel_path: &str, number: Option<u32>, format: DecisionFormat) -> Decision {
        Decision {
            number,
            ..Decision::new(rel_path, "T", format)
        }
    }

    #[test]
    fn format_is_the_folders_most_common() {
        let a = record("d/0001-a.md", Some(1), DecisionFormat::Nygard);
        let b = record("d/0002-b.md", Some(2), DecisionFormat::Nygard);
        let c = record("d/0003-c.md", Some(3), DecisionFormat::Madr3);
        assert_eq!(choose_format(&[&a, &b, &c], None), DecisionFormat::Nygard);
        assert_eq!(
            choose_format(&[&a, &b, &c], Some(RecordFormat::Madr)),
            DecisionFormat::Madr3
        );
        assert_eq!(
            choose_format(&[&a], Some(RecordFormat::Madr)),
            DecisionFormat::Madr4
        );
        assert_eq!(choose_format(&[], None), DecisionFormat::FrontMatter);
    }

    #[test]
    fn supersedes_finds_by_number_or_id() {
        let records = vec![
            record("other/0003-x.md", Some(3), DecisionFormat::Nygard),
            record("d/0003-a.md", Some(3), DecisionFormat::Nygard),
            record("d/20201028-slug.md", None, DecisionFormat::Log4brains),
        ];
        assert_eq!(
            find_record(&records, "d", "3").unwrap().rel_path,
            "d/0003-a.md"
        );
        assert_eq!(
            find_record(&records, "d", "0003").unwrap().rel_path,
            "d/0003-a.md"
        );
        assert_eq!(
            find_record(&records, "d", "ADR-3").unwrap().rel_path,
            "d/0003-a.md"
        );
        assert_eq!(
            find_record(&records, "zzz", "3").unwrap().rel_path,
            "other/0003-x.md"
        );
        assert_eq!(
            find_record(&records, "d", "20201028-slug")
                .unwrap()
                .rel_path,
            "d/20201028-slug.md"
        );
        assert!(find_record(&records, "d", "9").is_err());
    }
}
