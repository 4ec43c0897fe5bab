//! Decision records (ADRs) in every common format -> one [`Decision`] model.
//!
//! Pure functions from a file's text to a `Decision`: no filesystem, no HTML. Adding a format means
//! one new file plus one arm in [`detect_format`]. Rules that need every record (numbering,
//! supersession chains, duplicate numbers) live in [`log`].
//!
//! INTERFACE CONTRACT (used by the rest of the crate; keep these names and shapes):
//! - `parse_decision(&DecisionInput) -> ParsedDecision`
//! - `Decision`, `DecisionFormat`, `Status`, `Relation`, `RelationKind`, `DecisionRef`
//! - `log::link_decisions(&mut [Decision], ...) -> Vec<Diagnostic>` (see log.rs)
//!
//! Shared by all formats and kept here: the title line (`# 12. Title`, `# ADR 12: Title`), the
//! filename number, metadata lines such as `* Status:`, the named sections (context, decision,
//! options, consequences) and the checks that end every parse (missing status or date,
//! placeholders, unknown statuses).

mod body;
pub mod branch;
mod frontmatter;
pub mod log;
mod log4brains;
mod madr;
mod nygard;
pub mod status;
#[cfg(test)]
pub(crate) mod tests;

pub use status::{Status, parse_status};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::RelPath;
use body::{Body, collapse, strip_numbering};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// What the parser gets for one file. The caller has already split off the front matter.
pub struct DecisionInput<'a> {
    /// Path relative to the handbook root, `/`-separated (`doc/adr/0002-use-postgres.md`).
    pub rel_path: &'a str,
    /// The whole file, front matter included (offsets below index into it).
    pub text: &'a str,
    /// Front-matter fields as written (empty when the file has none).
    pub front_matter: &'a Map<String, Value>,
    /// The file line (1-based) of a front-matter key, for diagnostics.
    pub front_matter_line_of: &'a dyn Fn(&str) -> u32,
    /// Byte offset where the Markdown body starts (after the front matter).
    pub body_offset: usize,
}

/// One decision record, whatever format it was written in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Path relative to the handbook root, `/`-separated.
    pub rel_path: RelPath,
    /// The file stem (`0002-use-postgres`, or a log4brains slug such as `20201016-use-the-slug`).
    pub id: String,
    /// The record number, from the file name or the title line; `None` for date- or slug-named
    /// records.
    pub number: Option<u32>,
    /// The title, without the number (`Use Postgres`).
    pub title: String,
    /// The normalised status; `None` when the record states none (a warning says so).
    pub status: Option<Status>,
    /// The status as written (`Superseded by [15. DNS](0015-dns.md)`).
    pub status_raw: Option<String>,
    /// The status word as written when another vocabulary names a known status
    /// (`Implemented` for accepted, `Withdrawn` for reverted); shown instead of the canonical
    /// label.
    pub status_label: Option<String>,
    /// True when the status says the record is only partly superseded.
    pub status_partial: bool,
    /// The decision date as written in the record (never guessed).
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<NaiveDate>,
    /// True when the record states no date and `date` is the commit that added the file (a
    /// folder with `date_from: git`).
    pub date_from_git: bool,
    /// Who decided (`Deciders:`, `deciders`, `decision-makers`).
    pub deciders: Vec<String>,
    /// Who was consulted (MADR 3+).
    pub consulted: Vec<String>,
    /// Who was informed (MADR 3+).
    pub informed: Vec<String>,
    /// Tags (log4brains, front matter).
    pub tags: Vec<String>,
    /// Links to other records, as written plus (after [`log::link_decisions`]) inferred ones.
    pub relations: Vec<Relation>,
    /// Where the decision was discussed (a URL or ticket: `discussion`, `Technical Story:`).
    pub discussion: Option<String>,
    /// Who owns the decision (front matter `owner`).
    pub owner: Option<String>,
    /// Plain-text first paragraph of the context / problem statement.
    pub context: Option<String>,
    /// Plain-text first paragraph of the decision / decision outcome.
    pub decision_summary: Option<String>,
    /// Titles of the options considered.
    pub alternatives: Vec<String>,
    /// Consequence bullets (`Good, because ...`).
    pub trade_offs: Vec<String>,
    /// The layout the record was written in.
    pub format: DecisionFormat,
    /// File line of the title (for diagnostics about the record as a whole).
    pub title_line: u32,
    /// File line of the status (the title line when there is no status).
    pub status_line: u32,
    /// Body ranges (offsets after the front matter) of the metadata the header card shows:
    /// `Date:` lines, `* Status:` bullets, a `## Status` section's status and relation lines.
    /// The page renders the body without them, so that each fact is shown once.
    #[serde(skip)]
    pub card_ranges: Vec<std::ops::Range<usize>>,
}

impl Decision {
    /// A record with a path, title and format and nothing else known yet (no number, status,
    /// date or relations); parsers and tests fill in the rest.
    pub fn new(rel_path: &str, title: &str, format: DecisionFormat) -> Self {
        Decision {
            rel_path: rel_path.into(),
            id: record_stem(rel_path).to_string(),
            number: None,
            title: title.to_string(),
            status: None,
            status_raw: None,
            status_label: None,
            status_partial: false,
            date: None,
            date_from_git: false,
            deciders: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            tags: Vec::new(),
            relations: Vec::new(),
            discussion: None,
            owner: None,
            context: None,
            decision_summary: None,
            alternatives: Vec::new(),
            trade_offs: Vec::new(),
            format,
            title_line: 1,
            status_line: 1,
            card_ranges: Vec::new(),
        }
    }
}

fn serialize_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// The on-disk layout of a record. Detected per file: one folder may mix formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionFormat {
    /// handbook's native layout: YAML front matter with `title`, `status`, `date`, relations.
    FrontMatter,
    /// Michael Nygard / adr-tools: `# 12. Title`, `Date:`, `## Status`.
    Nygard,
    /// MADR 2: `* Status:` / `* Deciders:` / `* Date:` bullets under the H1.
    Madr2,
    /// MADR 3, or a MADR-shaped record without any 4-only marker.
    Madr3,
    /// MADR 4: `decision-makers` in the front matter or a `Confirmation` heading.
    Madr4,
    /// log4brains: MADR 2 with `- Status:` / `- Tags:` bullets and `YYYYMMDD-slug.md` names.
    Log4brains,
}

impl DecisionFormat {
    /// A stable kebab-case name (`"madr-3"`).
    pub fn name(&self) -> &'static str {
        match self {
            DecisionFormat::FrontMatter => "front-matter",
            DecisionFormat::Nygard => "nygard",
            DecisionFormat::Madr2 => "madr-2",
            DecisionFormat::Madr3 => "madr-3",
            DecisionFormat::Madr4 => "madr-4",
            DecisionFormat::Log4brains => "log4brains",
        }
    }
}

impl Serialize for DecisionFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// How one record relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// This record replaces the target.
    Supersedes,
    /// This record was replaced by the target.
    SupersededBy,
    /// This record changes part of the target.
    Amends,
    /// The target changes part of this record.
    AmendedBy,
    /// A plain cross-reference (symmetric).
    RelatesTo,
}

impl RelationKind {
    /// The relation as seen from the target.
    pub(crate) fn inverse(self) -> Self {
        match self {
            RelationKind::Supersedes => RelationKind::SupersededBy,
            RelationKind::SupersededBy => RelationKind::Supersedes,
            RelationKind::Amends => RelationKind::AmendedBy,
            RelationKind::AmendedBy => RelationKind::Amends,
            RelationKind::RelatesTo => RelationKind::RelatesTo,
        }
    }

    /// A stable kebab-case name (`"superseded-by"`).
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Supersedes => "supersedes",
            RelationKind::SupersededBy => "superseded-by",
            RelationKind::Amends => "amends",
            RelationKind::AmendedBy => "amended-by",
            RelationKind::RelatesTo => "relates-to",
        }
    }

    /// Words for display (`"Superseded by"`).
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Supersedes => "Supersedes",
            RelationKind::SupersededBy => "Superseded by",
            RelationKind::Amends => "Amends",
            RelationKind::AmendedBy => "Amended by",
            RelationKind::RelatesTo => "Relates to",
        }
    }
}

impl Serialize for RelationKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Another record, as a record names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionRef {
    /// By number (`ADR-0045`, `7`, `#12`).
    Number(u32),
    /// By a relative link target as written (`0015-foo.md`, `./0020-x.md`).
    Path(String),
    /// By slug or id that is not a plain number (log4brains `20200101-first-adr`).
    Slug(String),
    /// By a link that leaves the handbook (`[RFC-0016](https://...)`): a record of the log only
    /// when the URL's file name is one, else something outside the log (an external successor,
    /// a related RFC), shown as a link and never reported as broken.
    Url {
        /// The URL as written.
        url: String,
        /// The link text.
        text: String,
    },
}

impl std::fmt::Display for DecisionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecisionRef::Number(n) => write!(f, "ADR-{n:04}"),
            DecisionRef::Path(p) => f.write_str(p),
            DecisionRef::Slug(s) => f.write_str(s),
            DecisionRef::Url { url, .. } => f.write_str(url),
        }
    }
}

/// A record of a log: its index in the records given to [`log::link_decisions`] (in the site,
/// `Decisions::records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DecisionId(pub(crate) usize);

impl DecisionId {
    /// Every record of a log of `len` records, in order.
    pub fn all(len: usize) -> impl DoubleEndedIterator<Item = DecisionId> {
        (0..len).map(DecisionId)
    }

    /// Its position in the log's records.
    pub fn index(self) -> usize {
        self.0
    }
}

impl std::ops::Index<DecisionId> for [Decision] {
    type Output = Decision;
    fn index(&self, id: DecisionId) -> &Decision {
        &self[id.0]
    }
}

impl std::ops::IndexMut<DecisionId> for [Decision] {
    fn index_mut(&mut self, id: DecisionId) -> &mut Decision {
        &mut self[id.0]
    }
}

/// A link from one record to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// How this record relates to the target.
    pub kind: RelationKind,
    /// The target as written.
    pub target: DecisionRef,
    /// True for a partial supersession (`Partly superseded by`, "supersedes some aspects of").
    pub partial: bool,
    /// File line where the relation is written (0 for an inferred one).
    pub line: u32,
    /// Index of the target in the slice given to [`log::link_decisions`], once resolved.
    pub resolved: Option<DecisionId>,
    /// True when only the other record wrote this relation and [`log::link_decisions`] added the
    /// reverse edge here.
    pub inferred: bool,
}

impl Relation {
    /// A relation written at `line`, not yet resolved.
    pub fn new(kind: RelationKind, target: DecisionRef, partial: bool, line: u32) -> Self {
        Relation {
            kind,
            target,
            partial,
            line,
            resolved: None,
            inferred: false,
        }
    }
}

/// The outcome of parsing one file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDecision {
    /// The record, or `None` for a template (which is left out of the log).
    pub decision: Option<Decision>,
    /// Problems found in the file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Metadata gathered by a format parser, interpreted the same way for every format by
/// [`finish`].
#[derive(Debug, Default)]
pub(crate) struct Meta {
    /// Status values as written, with their file lines (several for a Nygard status section).
    pub(crate) status: Vec<(String, u32)>,
    /// A status that could not be read as text (a YAML mapping from `{a | b}`), at its line.
    pub(crate) status_placeholder: Option<u32>,
    pub(crate) date: Option<(String, u32)>,
    pub(crate) title: Option<(String, u32)>,
    pub(crate) number: Option<u32>,
    pub(crate) deciders: Vec<String>,
    pub(crate) consulted: Vec<String>,
    pub(crate) informed: Vec<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) discussion: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) alternatives: Vec<String>,
    pub(crate) trade_offs: Vec<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Body ranges of what the header card shows (see [`Decision::card_ranges`]).
    pub(crate) card_ranges: Vec<std::ops::Range<usize>>,
}

/// Parses one file into a [`Decision`], reporting every problem as a diagnostic. Never panics.
pub fn parse_decision(input: &DecisionInput<'_>) -> ParsedDecision {
    let body = Body::parse(input.text, input.body_offset);
    let format = detect_with(input, &body);
    let id = record_stem(input.rel_path).to_string();
    let title_heading = body.title_index();
    let title_source = title_heading.map(|i| body.heading_source(i).to_string());
    let template = match &title_source {
        Some(src) => is_template(input.rel_path, src),
        None => is_template(input.rel_path, &id),
    };
    if template {
        let line = title_heading.map_or(1, |i| body.line(body.headings[i].range.start));
        let d = Diagnostic::note(
            Code::DecisionTemplate,
            input.rel_path,
            line,
            0,
            "decision template left out of the decision log",
        )
        .with_help("rename the file and fill in its title to publish it as a decision");
        return ParsedDecision {
            decision: None,
            diagnostics: vec![d],
        };
    }

    let mut meta = Meta::default();
    match format {
        DecisionFormat::FrontMatter => frontmatter::read(input, &mut meta, true),
        DecisionFormat::Nygard => nygard::read(input, &body, &mut meta),
        DecisionFormat::Madr2 | DecisionFormat::Madr3 | DecisionFormat::Madr4 => {
            madr::read(input, &body, format, &mut meta)
        }
        DecisionFormat::Log4brains => log4brains::read(input, &body, &mut meta),
    }
    read_link_sections(&body, &mut meta);
    finish(input, &body, format, id, meta)
}

/// Detects the layout of one file (see [`DecisionFormat`]).
pub fn detect_format(input: &DecisionInput<'_>) -> DecisionFormat {
    detect_with(input, &Body::parse(input.text, input.body_offset))
}

const FM_DECISION_KEYS: [&str; 7] = [
    "status",
    "date",
    "deciders",
    "decision-makers",
    "consulted",
    "informed",
    "tags",
];
const FM_NATIVE_KEYS: [&str; 8] = [
    "title",
    "supersedes",
    "superseded_by",
    "superseded-by",
    "amends",
    "amended_by",
    "relates",
    "discussion",
];
const MADR_SECTIONS: [&str; 4] = [
    "context and problem statement",
    "considered options",
    "decision outcome",
    "pros and cons of the options",
];

fn detect_with(input: &DecisionInput<'_>, body: &Body<'_>) -> DecisionFormat {
    let fm = input.front_matter;
    let madr_body = body.find_section(&MADR_SECTIONS).is_some();
    let madr4 =
        fm.contains_key("decision-makers") || body.find_section(&["confirmation"]).is_some();
    let madr_version = if madr4 {
        DecisionFormat::Madr4
    } else {
        DecisionFormat::Madr3
    };
    let dated_name = is_compact_date_name(record_stem(input.rel_path));
    if FM_DECISION_KEYS.iter().any(|k| fm.contains_key(*k)) {
        let native = FM_NATIVE_KEYS.iter().any(|k| fm.contains_key(*k));
        return if madr_body && !native {
            madr_version
        } else {
            DecisionFormat::FrontMatter
        };
    }
    if fm.contains_key("title") && FM_NATIVE_KEYS[1..].iter().any(|k| fm.contains_key(*k)) {
        return DecisionFormat::FrontMatter;
    }
    let fields = preamble_fields(body);
    let bullets: Vec<&Field> = fields.iter().filter(|f| f.marker.is_some()).collect();
    if bullets
        .iter()
        .any(|f| matches!(f.key.as_str(), "status" | "date" | "deciders" | "tags"))
    {
        let log4brains = dated_name
            || bullets
                .iter()
                .any(|f| f.key == "tags" || f.marker == Some('-'));
        return if log4brains {
            DecisionFormat::Log4brains
        } else {
            DecisionFormat::Madr2
        };
    }
    let nygard_title = body
        .title_index()
        .is_some_and(|i| split_title(&body.headings[i].text).0.is_some());
    if body.find_section(&["status"]).is_some()
        || fields.iter().any(|f| f.key == "date")
        || nygard_title
    {
        return DecisionFormat::Nygard;
    }
    if madr_body {
        return if dated_name {
            DecisionFormat::Log4brains
        } else {
            madr_version
        };
    }
    if fm.contains_key("title") {
        return DecisionFormat::FrontMatter;
    }
    if dated_name {
        return DecisionFormat::Log4brains;
    }
    DecisionFormat::Nygard
}

/// True for a decision template: `template.md`, `adr-template*.md`, or a title that is still a
/// placeholder (`{short title ...}`, `[short title ...]`, `<!-- ... -->`, empty).
pub(crate) fn is_template(rel_path: &str, title: &str) -> bool {
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    if name == "template.md" || name.starts_with("adr-template") {
        return true;
    }
    let t = title.trim();
    t.is_empty()
        || t.contains("<!--")
        || t.starts_with('{')
        || (t.starts_with('[') && t.ends_with(']'))
        || t.to_lowercase().contains("short title")
}

/// The record number in a file stem: `0012-slug`, `adr-012-slug`, `ADR-12-slug`, `12`.
/// `YYYYMMDD-slug` and `YYYY-MM-DD-slug` are dates, and slug-only names have no number.
pub fn number_from_filename(stem: &str) -> Option<u32> {
    let lower = stem.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr-")
        .or_else(|| lower.strip_prefix("adr_"))
        .unwrap_or(&lower);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        // Eight digits are a log4brains date; more are not a record number either.
        return None;
    }
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    if date_from_filename(stem).is_some() {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The date in a `YYYY-MM-DD-slug` file stem. Such a name is an explicit date written by the
/// author (not a file-system or git date), so it may stand in for a missing `Date:`.
pub(crate) fn date_from_filename(stem: &str) -> Option<NaiveDate> {
    let head = stem.get(..10)?;
    let tail_ok = stem[10..].is_empty() || stem[10..].starts_with(['-', '_', ' ']);
    if tail_ok {
        NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
    } else {
        None
    }
}

/// The date of a log4brains `YYYYMMDD-slug` stem: log4brains names a record by the day it was
/// created, so it stands in for a missing `Date:` as a `YYYY-MM-DD-slug` name does.
pub(crate) fn compact_date_from_filename(stem: &str) -> Option<NaiveDate> {
    if is_compact_date_name(stem) {
        NaiveDate::parse_from_str(stem.get(..8)?, "%Y%m%d").ok()
    } else {
        None
    }
}

/// A log4brains `YYYYMMDD-slug` stem (a creation date, not a number).
fn is_compact_date_name(stem: &str) -> bool {
    stem.get(..8)
        .filter(|h| h.bytes().all(|b| b.is_ascii_digit()))
        .is_some_and(|h| NaiveDate::parse_from_str(h, "%Y%m%d").is_ok())
        && stem[8..]
            .chars()
            .next()
            .is_none_or(|c| c == '-' || c == '_')
}

/// The record's own name: the file stem, or for a record that is a folder
/// (`0007-use-queues/index.md`, `slug/_index.md`, `NNNN-slug/README.md`) the folder's name.
pub(crate) fn record_stem(rel_path: &str) -> &str {
    let stem = file_stem(rel_path);
    if matches!(
        stem.to_ascii_lowercase().as_str(),
        "index" | "_index" | "readme"
    ) && let Some((dirs, _)) = rel_path.rsplit_once('/')
    {
        return dirs.rsplit('/').next().unwrap_or(stem);
    }
    stem
}

/// The file name without folders and without `.md`.
pub(crate) fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.len().checked_sub(3) {
        Some(cut) if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".md") => {
            &name[..cut]
        }
        _ => name,
    }
}

/// Splits a title line into its number and title: `12. Title`, `ADR 12: Title`,
/// `ADR-012 - Title`, `Architecture Decision Record: Title`. The bool is true when the number
/// slot is a placeholder letter (`n. Title`).
pub(crate) fn split_title(text: &str) -> (Option<u32>, bool, String) {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && digits <= 6
        && let Some(rest) = t[digits..].strip_prefix(['.', ':'])
        && (rest.starts_with(' ') || rest.is_empty())
    {
        return (t[..digits].parse().ok(), false, rest.trim().to_string());
    }
    // adr-tools' template number left unfilled (`# n. Django Templates`).
    if let Some(rest) = t.strip_prefix("n. ").or_else(|| t.strip_prefix("N. ")) {
        return (None, true, rest.trim().to_string());
    }
    let lower = t.to_ascii_lowercase();
    for prefix in ["architecture decision record:", "decision record:", "adr:"] {
        if lower.starts_with(prefix) {
            return (None, false, t[prefix.len()..].trim().to_string());
        }
    }
    if let Some(rest) = lower.strip_prefix("adr") {
        let rest_t = rest.trim_start_matches([' ', '-', '_', '#']);
        let n = rest_t.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && n <= 6 {
            let after = rest_t[n..].trim_start();
            if let Some(title) = after
                .strip_prefix(':')
                .or_else(|| after.strip_prefix(". "))
                .or_else(|| after.strip_prefix("- "))
                .or_else(|| after.strip_prefix("– "))
            {
                let cut = t.len() - title.len();
                return (rest_t[..n].parse().ok(), false, t[cut..].trim().to_string());
            }
        }
    }
    (None, false, t.to_string())
}

/// One `Key: value` metadata line (`* Status: accepted`, `Date: 2018-02-14`, `**Deciders:** x`).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Lowercase key.
    pub(crate) key: String,
    /// The value as written, HTML comments removed.
    pub(crate) value: String,
    pub(crate) line: u32,
    /// `*`, `-` or `+` for a bullet, `None` for a bare line.
    pub(crate) marker: Option<char>,
    /// The line's body range.
    pub(crate) span: std::ops::Range<usize>,
}

const FIELD_KEYS: [&str; 12] = [
    "status",
    "date",
    "deciders",
    "decider",
    "decision-makers",
    "decision-maker",
    "decision makers",
    "decision maker",
    "tags",
    "consulted",
    "informed",
    "technical story",
];

/// Metadata lines between the title and the first section.
pub(crate) fn preamble_fields(body: &Body<'_>) -> Vec<Field> {
    body.lines_in(body.preamble())
        .into_iter()
        .filter_map(|(offset, line)| {
            let (key, value, marker) = parse_field_line(line)?;
            Some(Field {
                key,
                value,
                line: body.line(offset),
                marker,
                span: offset..offset + line.len(),
            })
        })
        .collect()
}

/// Reads `* **Status:** value` and its variants into (key, value, marker).
pub(crate) fn parse_field_line(line: &str) -> Option<(String, String, Option<char>)> {
    let t = line.trim();
    let (marker, t) = match t.chars().next() {
        Some(c @ ('*' | '-' | '+')) if t[1..].starts_with(' ') => (Some(c), t[1..].trim_start()),
        _ => (None, t),
    };
    let t = t.trim_start_matches(['*', '_']);
    let with_colon = t.find(':').and_then(|colon| {
        let key = t[..colon]
            .trim()
            .trim_end_matches(['*', '_'])
            .trim()
            .to_lowercase();
        FIELD_KEYS
            .contains(&key.as_str())
            .then(|| (key, &t[colon + 1..]))
    });
    let (key, value) = match with_colon {
        Some(kv) => kv,
        // `- Date 2023-09-26`: a bullet whose key lacks its colon, when the value is a date.
        None if marker.is_some() => {
            let (word, rest) = t.split_once(' ')?;
            let key = word.to_lowercase();
            let rest = rest.trim();
            // Only the date: `- Status quo is ...` in an intro list is prose, not a status.
            if key != "date" || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '[') {
                return None;
            }
            (key, rest)
        }
        None => return None,
    };
    let key = match key.as_str() {
        "decider" => "deciders".to_string(),
        "decision-maker" | "decision maker" => "decision-makers".to_string(),
        _ => key,
    };
    let value = value.trim_start_matches(['*', '_']);
    Some((key, status::strip_html_comments(value), marker))
}

/// Splits a tag list: on commas when there are any (`key management, key derivation` is two
/// tags), else on spaces as log4brains does; `[` and `]` around the list are dropped.
pub(crate) fn split_tags(value: &str) -> Vec<String> {
    let v = value.trim();
    let v = v
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(v);
    let parts: Vec<&str> = if v.contains(',') {
        v.split(',').collect()
    } else {
        v.split_whitespace().collect()
    };
    parts
        .into_iter()
        .map(|t| {
            t.trim()
                .trim_matches(['[', ']', '`', '#'])
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Splits a list written on one line (`John Doe, Foo bar`).
pub(crate) fn split_list(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

const LINK_SECTIONS: [&str; 6] = [
    "links",
    "more information",
    "related decisions",
    "related",
    "relations",
    "related adrs",
];

/// Relations written as list items or lines in a `Links` / `More Information` section, such as
/// `* Supersedes [ADR-0003](0003-x.md)` or log4brains' `- Refined by [xxx](20200101-xxx.md)`.
/// The relation lines are in the header card, so they are left out of the body; a section that
/// holds nothing else goes with its heading.
fn read_link_sections(body: &Body<'_>, meta: &mut Meta) {
    for i in body.find_sections(&LINK_SECTIONS) {
        let mut other_text = false;
        let mut hidden = Vec::new();
        for (offset, line) in body.lines_in(body.section_range(i)) {
            let text = line.trim().trim_start_matches(['*', '-', '+']).trim();
            match status::leading_relations(text) {
                Some(refs) => {
                    let line_no = body.line(offset);
                    for r in refs {
                        meta.relations
                            .push(Relation::new(r.kind, r.target, r.partial, line_no));
                    }
                    hidden.push(offset..offset + line.len());
                }
                None => other_text |= !status::strip_html_comments(text).is_empty(),
            }
        }
        if !hidden.is_empty() && !other_text && body.subheadings(i).is_empty() {
            hidden.push(body.headings[i].range.clone());
        }
        meta.card_ranges.extend(hidden);
    }
}

/// Reads a date value: `2018-02-14`, `14/02/2018` (adr-tools' old `dd/mm/yyyy`),
/// `2019-05-13, updated ...`, `01-Aug-2023`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateValue {
    Empty,
    Placeholder,
    Date(NaiveDate),
    Invalid,
}

pub(crate) fn parse_date_value(raw: &str) -> DateValue {
    let v = status::strip_html_comments(raw);
    let v = v.trim().trim_matches(['*', '_', '`', '"', '\'']).trim();
    if v.is_empty() {
        return DateValue::Empty;
    }
    // log4brains' template puts the date in brackets; `[2022-10-05]` filled in is a date,
    // `[YYYY-MM-DD when ...]` is not.
    let v = match v.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) if !status::is_placeholder(inner) => inner.trim(),
        _ => v,
    };
    if status::is_placeholder(v) {
        return DateValue::Placeholder;
    }
    // The date is the first token; anything after it (`, updated ...`, `(back dated)`) is a note.
    let token = v
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ';')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%b-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(token, fmt) {
            return DateValue::Date(d);
        }
    }
    DateValue::Invalid
}

const CONTEXT_SECTIONS: [&str; 9] = [
    "context",
    "context and problem statement",
    "problem statement",
    "problem",
    "background",
    "the problem",
    "the problem / situation / context",
    "context and problem",
    "situation",
];
const DECISION_SECTIONS: [&str; 6] = [
    "decision",
    "decision outcome",
    "outcome",
    "the decision",
    "resolution",
    "proposal",
];
const OPTION_SECTIONS: [&str; 6] = [
    "considered options",
    "alternatives",
    "alternatives considered",
    "options",
    "options considered",
    "considered alternatives",
];
const CONSEQUENCE_SECTIONS: [&str; 7] = [
    "consequences",
    "positive consequences",
    "negative consequences",
    "trade-offs",
    "tradeoffs",
    "trade offs",
    "pros and cons",
];

// Long lists are cut: the model carries a summary, the page itself keeps everything.
const MAX_LIST: usize = 30;

fn section_summary(body: &Body<'_>, names: &[&str]) -> Option<String> {
    let i = body.find_section(names)?;
    let range = body.section_range(i);
    let para = body
        .blocks_in(body.section_lead(i))
        .chain(body.blocks_in(range.clone()))
        .find(|b| b.kind == body::BlockKind::Paragraph && !b.text.is_empty())?;
    let mut text = without_leading_status(&collapse(&para.text)).to_string();
    if text.ends_with(':') {
        // "We will use the following:" says nothing until its list: bring the items along.
        let items: Vec<String> = body
            .top_items(para.range.end..range.end)
            .iter()
            .take(5)
            .map(|b| {
                first_line(&b.text)
                    .trim_end_matches(['.', ';', ','])
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !items.is_empty() {
            text = format!("{} {}.", text, items.join("; "));
        }
    }
    (!text.is_empty()).then_some(text)
}

/// A summary that opens by repeating the status ("Accepted. We will ...", "Proposed: ...") is
/// shown without it: the status has its own badge.
pub(crate) fn without_leading_status(text: &str) -> &str {
    let Some(at) = text.find(['.', ':', '-', '\u{2013}', '\u{2014}']) else {
        return text;
    };
    let (word, rest) = text.split_at(at);
    let mut after = rest.chars();
    after.next();
    let rest = after.as_str();
    // `Accepted. We ...`, not `Draft-quality ...`.
    if !rest.starts_with(char::is_whitespace) {
        return text;
    }
    let rest = rest.trim_start();
    let is_status = !word.trim().is_empty()
        && word.split_whitespace().count() <= 2
        && status::parse_status(word).0.is_some_and(|s| !s.is_custom());
    if is_status && !rest.is_empty() {
        rest
    } else {
        text
    }
}

fn first_line(text: &str) -> String {
    collapse(text.lines().next().unwrap_or(""))
}

fn read_alternatives(body: &Body<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(i) = body.find_section(&OPTION_SECTIONS) {
        let subs = body.subheadings(i);
        if subs.is_empty() {
            out = body
                .top_items(body.section_range(i))
                .iter()
                .map(|b| first_line(&b.text))
                .collect();
        } else {
            out = subs
                .iter()
                .map(|&j| strip_numbering(&body.headings[j].text).to_string())
                .collect();
        }
    }
    if out.is_empty() {
        // MADR repeats every option as an H3 under "Pros and Cons of the Options".
        if let Some(i) = body.find_section(&["pros and cons of the options"]) {
            out = body
                .subheadings(i)
                .iter()
                .map(|&j| strip_numbering(&body.headings[j].text).to_string())
                .collect();
        }
    }
    out.retain(|s| !s.is_empty() && !status::is_placeholder(s) && s != "…");
    out.truncate(MAX_LIST);
    out
}

fn read_trade_offs(body: &Body<'_>) -> Vec<String> {
    let sections = body.find_sections(&CONSEQUENCE_SECTIONS);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for &i in &sections {
        for b in body.top_items(body.section_range(i)) {
            if seen.insert(b.range.start) {
                out.push(first_line(&b.text));
            }
        }
    }
    if out.is_empty() {
        // Nygard's Consequences are usually prose.
        for &i in &sections {
            out.extend(
                body.blocks_in(body.section_range(i))
                    .filter(|b| b.kind == body::BlockKind::Paragraph && !b.text.is_empty())
                    .map(|b| collapse(&b.text)),
            );
        }
    }
    if out.is_empty()
        && let Some(i) = body.find_section(&["pros and cons of the options"])
    {
        for j in body.subheadings(i) {
            let option = strip_numbering(&body.headings[j].text).to_string();
            for b in body.top_items(body.section_range(j)) {
                out.push(format!("{option}: {}", first_line(&b.text)));
            }
        }
    }
    out.retain(|s| !s.is_empty() && !status::is_placeholder(s));
    out.truncate(MAX_LIST);
    out
}

const KNOWN_HELP: &str = "known statuses: proposed, accepted, rejected, deprecated, superseded (by ...), draft; \
                          spellings such as `approved` or `in review` are understood too";

/// Turns gathered metadata into the [`Decision`], with the checks common to every format.
fn finish(
    input: &DecisionInput<'_>,
    body: &Body<'_>,
    format: DecisionFormat,
    id: String,
    mut meta: Meta,
) -> ParsedDecision {
    let file = input.rel_path;
    let mut diags = std::mem::take(&mut meta.diagnostics);

    // Title and number.
    let heading = body.title_index().map(|i| {
        (
            body.headings[i].text.clone(),
            body.line(body.headings[i].range.start),
        )
    });
    let native_title = if format == DecisionFormat::FrontMatter {
        meta.title.clone().or(heading.clone())
    } else {
        heading.clone().or(meta.title.clone())
    };
    let body_start_line = body.line(0);
    let (title_number, title, title_line) = match native_title {
        Some((text, line)) => {
            let (n, _, title) = split_title(&text);
            (n, title, line)
        }
        None => {
            diags.push(
                Diagnostic::warning(
                    Code::DecisionMissingTitle,
                    file,
                    body_start_line,
                    0,
                    "decision record has no title",
                )
                .with_help("start the record with a `# Title` heading"),
            );
            (None, id.clone(), body_start_line)
        }
    };
    let title = if title.is_empty() { id.clone() } else { title };
    let file_number = number_from_filename(&id);
    let number = meta.number.or(file_number).or(title_number);
    if let (Some(f), Some(t)) = (file_number, title_number)
        && f != t
    {
        diags.push(
            Diagnostic::warning(
                Code::DecisionNumberMismatch,
                file,
                title_line,
                0,
                format!("the title says decision {t} but the file name says {f}"),
            )
            .with_help(format!(
                "the file name wins; change the title to `# {f}. {title}`"
            )),
        );
    }

    // Status.
    let mut status: Option<Status> = None;
    let mut status_raw = None;
    let mut status_label = None;
    let mut status_line = title_line;
    let mut partial = false;
    let mut placeholder_line = meta.status_placeholder;
    for (raw, line) in &meta.status {
        let p = status::parse_status_detail(raw);
        if p.placeholder {
            placeholder_line.get_or_insert(*line);
            continue;
        }
        for r in p.refs {
            meta.relations
                .push(Relation::new(r.kind, r.target, r.partial, *line));
        }
        if let Some(place) = p.discussion {
            meta.discussion.get_or_insert(place);
        }
        let Some(s) = p.status else { continue };
        // A later `Superseded by` line outranks an earlier `Accepted` (adr-tools removes the old
        // status; hand edits sometimes leave both).
        if status.is_none() || (s == Status::Superseded && status != Some(Status::Superseded)) {
            status = Some(s);
            status_raw = Some(status::strip_html_comments(raw));
            status_label = p.label;
            status_line = *line;
            partial = p.partial;
        }
    }
    if let Some(line) = placeholder_line.filter(|_| status.is_none()) {
        diags.push(
            Diagnostic::warning(
                Code::DecisionPlaceholder,
                file,
                line,
                0,
                "the status is still the template placeholder",
            )
            .with_help("replace it with one status, for example `accepted`"),
        );
        status_line = line;
    } else if status.is_none() {
        diags.push(
            Diagnostic::warning(
                Code::DecisionMissingStatus,
                file,
                title_line,
                0,
                "decision record has no status",
            )
            .with_help(status_help(format)),
        );
    }
    if let Some(Status::Custom(value)) = &status {
        diags.push(
            Diagnostic::warning(
                Code::DecisionUnknownStatus,
                file,
                status_line,
                0,
                format!("unknown status `{value}` (kept as written)"),
            )
            .with_help(KNOWN_HELP),
        );
    }

    // Date.
    let mut date = None;
    match meta
        .date
        .as_ref()
        .map(|(raw, line)| (parse_date_value(raw), *line, raw))
    {
        Some((DateValue::Date(d), _, _)) => date = Some(d),
        Some((DateValue::Placeholder, line, _)) => diags.push(
            Diagnostic::warning(
                Code::DecisionPlaceholder,
                file,
                line,
                0,
                "the date is still the template placeholder",
            )
            .with_help("write the decision date as YYYY-MM-DD"),
        ),
        Some((DateValue::Invalid, line, raw)) => diags.push(
            Diagnostic::warning(
                Code::DecisionInvalidDate,
                file,
                line,
                0,
                format!("`{}` is not a valid date", raw.trim()),
            )
            .with_help("write the decision date as YYYY-MM-DD (for example 2024-02-13)"),
        ),
        Some((DateValue::Empty, _, _)) | None => {
            date = date_from_filename(&id).or_else(|| compact_date_from_filename(&id));
            if date.is_none() {
                diags.push(
                    Diagnostic::warning(
                        Code::DecisionMissingDate,
                        file,
                        title_line,
                        0,
                        "decision record has no date",
                    )
                    .with_help(date_help(format)),
                );
            }
        }
    }

    let alternatives = if meta.alternatives.is_empty() {
        read_alternatives(body)
    } else {
        meta.alternatives
    };
    let trade_offs = if meta.trade_offs.is_empty() {
        read_trade_offs(body)
    } else {
        meta.trade_offs
    };
    let decision = Decision {
        rel_path: file.into(),
        id,
        number,
        title,
        status,
        status_raw,
        status_label,
        status_partial: partial,
        date,
        date_from_git: false,
        deciders: meta.deciders,
        consulted: meta.consulted,
        informed: meta.informed,
        tags: meta.tags,
        relations: meta.relations,
        discussion: meta.discussion,
        owner: meta.owner,
        context: section_summary(body, &CONTEXT_SECTIONS),
        decision_summary: section_summary(body, &DECISION_SECTIONS),
        alternatives,
        trade_offs,
        format,
        title_line,
        status_line,
        card_ranges: meta.card_ranges,
    };
    ParsedDecision {
        decision: Some(decision),
        diagnostics: diags,
    }
}

fn status_help(format: DecisionFormat) -> &'static str {
    match format {
        DecisionFormat::Nygard => {
            "add a `## Status` section holding one status, for example `Accepted`"
        }
        DecisionFormat::Madr2 => "add `* Status: accepted` under the title",
        DecisionFormat::Log4brains => "add `- Status: accepted` under the title",
        DecisionFormat::FrontMatter | DecisionFormat::Madr3 | DecisionFormat::Madr4 => {
            "add `status: accepted` to the front matter"
        }
    }
}

fn date_help(format: DecisionFormat) -> &'static str {
    match format {
        DecisionFormat::Nygard => "add a `Date: YYYY-MM-DD` line under the title",
        DecisionFormat::Madr2 => "add `* Date: YYYY-MM-DD` under the title",
        DecisionFormat::Log4brains => "add `- Date: YYYY-MM-DD` under the title",
        DecisionFormat::FrontMatter | DecisionFormat::Madr3 | DecisionFormat::Madr4 => {
            "add `date: YYYY-MM-DD` to the front matter"
        }
    }
}

/// Applies metadata lines (`Status:`, `Date:`, `Deciders:`, `Tags:` ...) to `meta`. Tags are
/// split the log4brains way: on spaces and commas, with `[` and `]` stripped.
pub(crate) fn apply_fields(fields: &[Field], meta: &mut Meta) {
    // Every metadata line is in the header card (a placeholder shows there as missing).
    meta.card_ranges
        .extend(fields.iter().map(|f| f.span.clone()));
    for f in fields {
        match f.key.as_str() {
            "status" if meta.status.is_empty() => meta.status.push((f.value.clone(), f.line)),
            "date" if meta.date.is_none() => meta.date = Some((f.value.clone(), f.line)),
            "deciders" | "decision-makers" | "decision makers"
                if !status::is_placeholder(&f.value) =>
            {
                meta.deciders = split_list(&f.value)
            }
            "consulted" if !status::is_placeholder(&f.value) => {
                meta.consulted = split_list(&f.value)
            }
            "informed" if !status::is_placeholder(&f.value) => meta.informed = split_list(&f.value),
            // `[a, b]` is how people write tag lists, so only the template's own wording counts
            // as a placeholder here.
            "tags" if !f.value.contains("separated") && !f.value.starts_with('{') => {
                meta.tags = split_tags(&f.value);
            }
            "technical story" if !status::is_placeholder(&f.value) && !f.value.is_empty() => {
                let links = status::find_links(&f.value);
                meta.discussion = Some(match links.first() {
                    Some(l) => l.target.clone(),
                    None => f.value.trim_matches(['<', '>']).to_string(),
                });
            }
            _ => {}
        }
    }
}
