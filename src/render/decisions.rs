//! What templates see of decision records (`page.decision` on a record, `log` on a decision
//! log), the static per-status and per-tag log pages, and `decisions.json`.

use crate::decision::status::KNOWN_STATUSES;
use crate::decision::{Decision, DecisionId, DecisionRef, RelationKind};
use crate::model::decisions::DecisionLog;
use crate::model::url::{self, relative_href};
use crate::model::{PageId, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// A record as a link (in chains and relation lists).
#[derive(Debug, Clone, Serialize)]
pub struct RecordLink {
    /// `ADR 12` style label, or null for unnumbered records.
    pub number: Option<u32>,
    /// The record's title.
    pub title: String,
    /// Relative href from the current page.
    pub href: String,
    /// The record's status (`accepted`), or null.
    pub status: Option<String>,
}

/// One relation of a record, as the header card lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    /// `supersedes`, `superseded-by`, `amends`, `amended-by`, `relates-to`.
    pub kind: &'static str,
    /// `Supersedes`, `Superseded by`, ...
    pub label: &'static str,
    /// The other record.
    pub target: RecordLink,
    /// Only part of the record is superseded.
    pub partial: bool,
    /// Only the other record wrote this relation.
    pub inferred: bool,
}

/// A relation to something outside the log (`Superseded by [RFC 12](https://...)`).
#[derive(Debug, Clone, Serialize)]
pub struct ExternalView {
    /// `supersedes`, `superseded-by`, `amends`, `amended-by`, `relates-to`.
    pub kind: &'static str,
    /// `Superseded by`, ...
    pub label: &'static str,
    /// The link text as written (the URL when there is none).
    pub text: String,
    /// The URL.
    pub url: String,
}

/// `page.decision`: the record shown on a decision page.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionContext {
    /// The number, or null.
    pub number: Option<u32>,
    /// The file stem (`0002-use-postgres`).
    pub id: String,
    /// `proposed`, `accepted`, `rejected`, `deprecated`, `superseded`, `draft`, a custom status
    /// as written, or null.
    pub status: Option<String>,
    /// The status for display (`Accepted`).
    pub status_label: Option<String>,
    /// The record's own word for its status when it is another vocabulary's (`Implemented`):
    /// shown as written, where the canonical status is shown translated.
    pub status_word: Option<String>,
    /// True for a status outside the known vocabulary.
    pub status_custom: bool,
    /// `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// Who decided.
    pub deciders: Vec<String>,
    /// Who was consulted.
    pub consulted: Vec<String>,
    /// Who was informed.
    pub informed: Vec<String>,
    /// Tags, each with the href of its log page.
    pub tags: Vec<TagLink>,
    /// Where it was discussed (a URL or text), or null.
    pub discussion: Option<String>,
    /// True when `discussion` is a URL.
    pub discussion_is_url: bool,
    /// `front-matter`, `nygard`, `madr-2`, `madr-3`, `madr-4`, `log4brains`.
    pub format: &'static str,
    /// Titles of the options considered.
    pub alternatives: Vec<String>,
    /// Consequences as listed (`Good, because ...`).
    pub trade_offs: Vec<String>,
    /// Records this one replaced, oldest first (the whole chain).
    pub predecessors: Vec<RecordLink>,
    /// Records that replaced this one, in order (the whole chain).
    pub successors: Vec<RecordLink>,
    /// The records that directly supersede this one (for the "superseded" notice).
    pub superseded_by: Vec<RecordLink>,
    /// Every relation, written or inferred.
    pub relations: Vec<RelationView>,
    /// The relations other than supersession (the chain shows those).
    pub other_relations: Vec<RelationView>,
    /// True when the date is the file's first commit (`date_from: git`), not written in it.
    pub date_from_git: bool,
    /// The number as one search word (`adr0006`), or null: the search box turns `ADR-6`, `#6`
    /// or `0006` into it.
    pub search_key: Option<String>,
    /// Deciders and owner, as searchable text.
    pub search_people: String,
    /// Relations to things outside the log (an external successor, a related RFC).
    pub external: Vec<ExternalView>,
    /// The successors outside the log (for the "superseded" notice).
    pub superseded_by_external: Vec<ExternalView>,
    /// Href of the decision log this record belongs to.
    pub log_href: Option<String>,
}

/// A record number as one search word: `adr` and at least four digits (`adr0006`).
pub(crate) fn search_key(number: u32) -> String {
    format!("adr{number:04}")
}

/// A tag with the href of its log page.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// The tag.
    pub name: String,
    /// Relative href of the log filtered to this tag, or null.
    pub href: Option<String>,
}

/// One row of a decision log.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    /// The number, or null.
    pub number: Option<u32>,
    /// The title.
    pub title: String,
    /// Relative href.
    pub href: String,
    /// Status (`accepted`), or null.
    pub status: Option<String>,
    /// Status for display.
    pub status_label: Option<String>,
    /// The record's own word for its status, when it is another vocabulary's.
    pub status_word: Option<String>,
    /// `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The first paragraph of the decision, or of the context.
    pub summary: String,
    /// The records that superseded it.
    pub superseded_by: Vec<RecordLink>,
    /// Its successors outside the log.
    pub superseded_by_external: Vec<ExternalView>,
}

/// A status or tag with its count and log page.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// `accepted`, or a tag.
    pub value: String,
    /// `Accepted`, or the tag.
    pub label: String,
    /// How many records have it.
    pub count: usize,
    /// Relative href of the filtered log page.
    pub href: String,
}

/// `log`: a decision log (the folder's page, or one of its filtered pages).
#[derive(Debug, Clone, Serialize)]
pub struct LogContext {
    /// The log's title (its folder page's title).
    pub title: String,
    /// The rows, newest first.
    pub rows: Vec<LogRow>,
    /// Counts per status, in the order proposed, accepted, ... then custom ones.
    pub statuses: Vec<Facet>,
    /// Counts per tag, by name.
    pub tags: Vec<Facet>,
    /// Relative href of the unfiltered log.
    pub all_href: String,
    /// The filter of this page (`status` / `tag`), or null for the whole log.
    pub filter_kind: Option<&'static str>,
    /// The filter's value, or null.
    pub filter_value: Option<String>,
    /// Total number of records in the log.
    pub total: usize,
    /// True when some row has tags (else the Tags column is left out).
    pub has_tags: bool,
}

fn status_of(d: &Decision) -> Option<String> {
    d.status.as_ref().map(|s| s.as_str().to_string())
}

fn label_of(d: &Decision) -> Option<String> {
    let s = d.status.as_ref()?;
    Some(
        d.status_label
            .clone()
            .unwrap_or_else(|| s.label().to_string()),
    )
}

/// The successors of `d` outside the log.
fn external_successors(d: &Decision) -> Vec<ExternalView> {
    external_of(d)
        .into_iter()
        .filter(|e| e.kind == RelationKind::SupersededBy.as_str())
        .collect()
}

/// The relations of `d` whose target is outside the log.
fn external_of(d: &Decision) -> Vec<ExternalView> {
    d.relations
        .iter()
        .filter(|r| r.resolved.is_none())
        .filter_map(|r| match &r.target {
            DecisionRef::Url { url, text } => Some(ExternalView {
                kind: r.kind.as_str(),
                label: r.kind.label(),
                text: if text.is_empty() {
                    url.clone()
                } else {
                    text.clone()
                },
                url: url.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// URL of a status or tag page of the log in `folder`.
pub(crate) fn facet_url(folder: &str, kind: &str, value: &str) -> String {
    let slug = crate::markdown::anchors::slugify(value);
    let slug = if slug.is_empty() {
        "other".to_string()
    } else {
        slug
    };
    format!("{}{kind}/{slug}/", url::folder_url(folder))
}

fn record_link(site: &Site, from_url: &str, id: DecisionId, relative_index: bool) -> RecordLink {
    let d = site.decisions.record(id);
    let page = site.page(site.decisions.page_of(id));
    RecordLink {
        number: d.number,
        title: page.title.clone(),
        href: relative_href(from_url, &page.url, relative_index),
        status: status_of(d),
    }
}

/// `page.decision` for a record's page.
pub(crate) fn decision_context(
    site: &Site,
    page: PageId,
    at_url: &str,
    relative_index: bool,
) -> Option<DecisionContext> {
    let id = site.decisions.of_page(page)?;
    let d = site.decisions.record(id);
    let from = at_url;
    let link = |i: DecisionId| record_link(site, from, i, relative_index);
    let (before, after) = site.decisions.supersession_chain(id);
    let log = site.decisions.log_of(id);
    let log_folder = log.map(|l| l.folder().to_string());
    let superseded_by = d
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::SupersededBy)
        .filter_map(|r| r.resolved)
        .map(link)
        .collect();
    let relations: Vec<RelationView> = d
        .relations
        .iter()
        .filter_map(|r| {
            r.resolved.map(|t| RelationView {
                kind: r.kind.as_str(),
                label: r.kind.label(),
                target: link(t),
                partial: r.partial,
                inferred: r.inferred,
            })
        })
        .collect();
    let discussion_is_url = d
        .discussion
        .as_deref()
        .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"));
    let external = external_of(d);
    let superseded_by_external = external_successors(d);
    let other_relations = relations
        .iter()
        .filter(|r| {
            r.kind != RelationKind::Supersedes.as_str()
                && r.kind != RelationKind::SupersededBy.as_str()
        })
        .cloned()
        .collect();
    let people: Vec<&str> = d
        .deciders
        .iter()
        .map(String::as_str)
        .chain(d.owner.as_deref())
        .collect();
    Some(DecisionContext {
        search_key: d.number.map(search_key),
        search_people: people.join(", "),
        date_from_git: d.date_from_git,
        other_relations,
        number: d.number,
        id: d.id.clone(),
        status: status_of(d),
        status_label: label_of(d),
        status_word: d.status_label.clone(),
        status_custom: d.status.as_ref().is_some_and(|s| s.is_custom()),
        date: d.date.map(|x| x.to_string()),
        deciders: d.deciders.clone(),
        consulted: d.consulted.clone(),
        informed: d.informed.clone(),
        tags: d
            .tags
            .iter()
            .map(|t| TagLink {
                name: t.clone(),
                href: log_folder
                    .as_ref()
                    .map(|f| relative_href(from, &facet_url(f, "tags", t), relative_index)),
            })
            .collect(),
        discussion: d.discussion.clone(),
        discussion_is_url,
        format: d.format.name(),
        alternatives: d.alternatives.clone(),
        trade_offs: d.trade_offs.clone(),
        predecessors: before.into_iter().map(link).collect(),
        successors: after.into_iter().map(link).collect(),
        superseded_by,
        relations,
        external,
        superseded_by_external,
        log_href: log.map(|l| relative_href(from, &site.page(l.page()).url, relative_index)),
    })
}

impl LogContext {
    /// The title of a filtered view (`Decision log: accepted`).
    pub(crate) fn page_title(&self) -> String {
        match (&self.filter_kind, &self.filter_value) {
            (Some("status"), Some(v)) => {
                let label = self
                    .statuses
                    .iter()
                    .find(|f| &f.value == v)
                    .map_or(v.as_str(), |f| f.label.as_str());
                format!("{}: {label}", self.title)
            }
            (Some(_), Some(v)) => format!("{}: tagged {v}", self.title),
            _ => self.title.clone(),
        }
    }
}

/// A filter of a log page.
#[derive(Debug, Clone, Copy)]
pub enum LogFilter<'a> {
    /// Every record.
    All,
    /// Records with this status.
    Status(&'a str),
    /// Records with this tag.
    Tag(&'a str),
}

/// The `log` variable of a log page at `page_url`, filtered.
pub(crate) fn log_context(
    site: &Site,
    log: &DecisionLog,
    page_url: &str,
    filter: LogFilter<'_>,
    relative_index: bool,
) -> LogContext {
    let keep = |&i: &DecisionId| {
        let d = site.decisions.record(i);
        match filter {
            LogFilter::All => true,
            LogFilter::Status(s) => status_of(d).as_deref() == Some(s),
            LogFilter::Tag(t) => d.tags.iter().any(|x| x == t),
        }
    };
    let rows: Vec<LogRow> = log
        .records()
        .iter()
        .filter(|i| keep(i))
        .map(|&i| {
            let d = site.decisions.record(i);
            let page = site.page(site.decisions.page_of(i));
            LogRow {
                number: d.number,
                title: page.title.clone(),
                href: relative_href(page_url, &page.url, relative_index),
                status: status_of(d),
                status_label: label_of(d),
                status_word: d.status_label.clone(),
                date: d.date.map(|x| x.to_string()),
                tags: d.tags.clone(),
                summary: d
                    .decision_summary
                    .clone()
                    .or_else(|| d.context.clone())
                    .unwrap_or_else(|| {
                        crate::decision::without_leading_status(page.description()).to_string()
                    }),
                superseded_by: d
                    .relations
                    .iter()
                    .filter(|r| r.kind == RelationKind::SupersededBy)
                    .filter_map(|r| r.resolved)
                    .map(|t| record_link(site, page_url, t, relative_index))
                    .collect(),
                superseded_by_external: external_successors(d),
            }
        })
        .collect();
    let (statuses, tags) = facets(site, log, page_url, relative_index);
    let (filter_kind, filter_value) = match filter {
        LogFilter::All => (None, None),
        LogFilter::Status(s) => (Some("status"), Some(s.to_string())),
        LogFilter::Tag(t) => (Some("tag"), Some(t.to_string())),
    };
    let has_tags = rows.iter().any(|r| !r.tags.is_empty());
    LogContext {
        has_tags,
        title: if log.page() == site.home {
            "All decisions".to_string()
        } else {
            site.page(log.page()).title.clone()
        },
        rows,
        statuses,
        tags,
        all_href: relative_href(page_url, &site.page(log.page()).url, relative_index),
        filter_kind,
        filter_value,
        total: log.records().len(),
    }
}

/// Status and tag counts of a log.
fn facets(
    site: &Site,
    log: &DecisionLog,
    page_url: &str,
    relative_index: bool,
) -> (Vec<Facet>, Vec<Facet>) {
    let mut statuses: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut tags: BTreeMap<String, usize> = BTreeMap::new();
    for &i in log.records() {
        let d = site.decisions.record(i);
        if let Some(status) = &d.status {
            let (s, l) = (status.as_str().to_string(), status.label().to_string());
            statuses.entry(s).or_insert((l, 0)).1 += 1;
        }
        for t in &d.tags {
            *tags.entry(t.clone()).or_default() += 1;
        }
    }
    let mut statuses: Vec<Facet> = statuses
        .into_iter()
        .map(|(value, (label, count))| Facet {
            href: relative_href(
                page_url,
                &facet_url(log.folder(), "status", &value),
                relative_index,
            ),
            value,
            label,
            count,
        })
        .collect();
    statuses.sort_by_key(|f| {
        (
            KNOWN_STATUSES
                .iter()
                .position(|s| *s == f.value)
                .unwrap_or(KNOWN_STATUSES.len()),
            f.value.clone(),
        )
    });
    let tags = tags
        .into_iter()
        .map(|(value, count)| Facet {
            href: relative_href(
                page_url,
                &facet_url(log.folder(), "tags", &value),
                relative_index,
            ),
            label: value.clone(),
            value,
            count,
        })
        .collect();
    (statuses, tags)
}

/// Every filtered page of a log: (URL, filter).
pub(crate) fn filtered_pages<'a>(
    site: &'a Site,
    log: &DecisionLog,
) -> Vec<(String, LogFilter<'a>)> {
    let mut statuses: Vec<&str> = Vec::new();
    let mut tags: Vec<&str> = Vec::new();
    for &i in log.records() {
        let d = site.decisions.record(i);
        if let Some(s) = &d.status {
            statuses.push(s.as_str());
        }
        tags.extend(d.tags.iter().map(String::as_str));
    }
    statuses.sort_unstable();
    statuses.dedup();
    tags.sort_unstable();
    tags.dedup();
    let mut pages: Vec<(String, LogFilter<'a>)> = statuses
        .into_iter()
        .map(|s| (facet_url(log.folder(), "status", s), LogFilter::Status(s)))
        .collect();
    pages.extend(
        tags.into_iter()
            .map(|t| (facet_url(log.folder(), "tags", t), LogFilter::Tag(t))),
    );
    // Two tags with the same slug (`Ops`, `ops`) would share a URL: keep the first.
    pages.dedup_by(|a, b| a.0 == b.0);
    pages
}

/// One record in `decisions.json`.
#[derive(Debug, Serialize)]
struct JsonRecord<'a> {
    id: &'a str,
    number: Option<u32>,
    title: &'a str,
    status: Option<String>,
    status_raw: Option<&'a str>,
    date: Option<String>,
    deciders: &'a [String],
    tags: &'a [String],
    relations: Vec<JsonRelation<'a>>,
    url: String,
    source_path: &'a str,
    format: &'static str,
    summary: Option<&'a str>,
    log: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct JsonRelation<'a> {
    kind: &'static str,
    target: Option<&'a str>,
    written_as: String,
    partial: bool,
    inferred: bool,
}

/// `decisions.json`: a stable index of every record, for scripts and other tools. URLs are
/// absolute when `base_url` is set, else site-relative.
pub(crate) fn decisions_json(site: &Site) -> String {
    let all: Vec<DecisionId> = DecisionId::all(site.decisions.records().len()).collect();
    decisions_json_of(site, &all)
}

/// The `decisions.json` document for some records only, in the order given, so that
/// `handbook decisions --format json` prints the same shape.
pub fn decisions_json_of(site: &Site, ids: &[DecisionId]) -> String {
    let records: Vec<JsonRecord<'_>> = ids
        .iter()
        .map(|&i| {
            let d = site.decisions.record(i);
            let page = site.page(site.decisions.page_of(i));
            JsonRecord {
                id: &d.id,
                number: d.number,
                title: &page.title,
                status: status_of(d),
                status_raw: d.status_raw.as_deref(),
                date: d.date.map(|x| x.to_string()),
                deciders: &d.deciders,
                tags: &d.tags,
                relations: d
                    .relations
                    .iter()
                    .map(|r| JsonRelation {
                        kind: r.kind.as_str(),
                        target: r.resolved.map(|t| site.decisions.record(t).id.as_str()),
                        written_as: r.target.to_string(),
                        partial: r.partial,
                        inferred: r.inferred,
                    })
                    .collect(),
                url: match &site.config.base_url {
                    Some(base) => format!("{base}{}", url::encode_path(&page.url)),
                    None => format!("/{}", url::encode_path(&page.url)),
                },
                source_path: &d.rel_path,
                format: d.format.name(),
                summary: d.decision_summary.as_deref().or(d.context.as_deref()),
                log: site.decisions.log_of(i).map(|l| l.folder()),
            }
        })
        .collect();
    let mut json =
        serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "decisions": records }))
            .expect("records serialize");
    json.push('\n');
    json
}
