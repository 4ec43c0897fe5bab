//! Is the handbook alive? Per page: when it last changed (and where that date came from), how
//! often it should be reviewed, whether that review is overdue; across the site: decisions left
//! `proposed` too long, orphan pages, broken links. Pure: the dates were read by
//! [`crate::load::history`].
//!
//! Decided rules (the README documents them):
//! - A review is due `review_every` after `reviewed`; a page never reviewed counts from its
//!   last-updated date, so a page changed recently is not flagged the day reviews are turned on.
//! - The nearest `review_every` wins: the page's own front matter, then the index page of each
//!   enclosing section (innermost first), then `handbook.yml`. `off` turns reviews off below it.
//! - Decision records are not reviewed (they record a moment); they are checked against
//!   `proposed_for` instead, counted from the commit that added them, else their own date.

use super::{PageId, PageKind, Site, links, url};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::Sources;
use crate::period::{Period, parse_period};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;

/// The front-matter key that overrides `review_every` for a page or a section.
const REVIEW_KEY: &str = "review_every";

/// Where a last-updated date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UpdatedSource {
    /// The newest commit touching the file.
    #[serde(rename = "git")]
    Git,
    /// Front matter `updated`.
    #[serde(rename = "front matter")]
    FrontMatter,
    /// The file's modification time.
    #[serde(rename = "file modified")]
    FileModified,
}

impl UpdatedSource {
    /// `git`, `front matter` or `file modified`, as shown to readers.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdatedSource::Git => "git",
            UpdatedSource::FrontMatter => "front matter",
            UpdatedSource::FileModified => "file modified",
        }
    }
}

/// When a page last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastUpdated {
    /// The moment (midnight UTC for a front-matter date).
    pub at: DateTime<FixedOffset>,
    /// Where it came from.
    pub source: UpdatedSource,
}

/// The health of one page.
#[derive(Debug, Clone, Default)]
pub struct PageHealth {
    /// When the page last changed, if known (never for a generated page).
    pub updated: Option<LastUpdated>,
    /// When git first saw the file.
    pub added: Option<DateTime<FixedOffset>>,
    /// The review period in force.
    pub review_every: Option<Period>,
    /// When the next review is (or was) due.
    pub review_due: Option<NaiveDate>,
    /// Whether `review_due` is before today.
    pub overdue: bool,
}

impl PageHealth {
    /// Adds all it holds to `digest` (part of a page's digest in `render::reuse::trace`, for
    /// every page at every save: `Debug` of its dates was a tenth of that). Lists every field,
    /// so that a new one is not left out unnoticed.
    pub(crate) fn add_to(&self, digest: &mut crate::digest::Digester) {
        let PageHealth {
            updated,
            added,
            review_every,
            review_due,
            overdue,
        } = self;
        digest
            .opt_moment(updated.map(|u| u.at))
            .number(updated.map_or(0, |u| u.source as u64 + 1))
            .opt_moment(*added)
            .opt_date(*review_due)
            .number(u64::from(*overdue));
        match review_every {
            Some(period) => digest.debug(period),
            None => digest.raw(&[0]),
        };
    }
}

/// A decision record still `proposed` after `proposed_for`.
#[derive(Debug, Clone)]
pub struct StaleProposal {
    /// Its page.
    pub page: PageId,
    /// Since when it has been proposed.
    pub since: NaiveDate,
}

/// The health of the whole handbook.
#[derive(Debug, Clone, Default)]
pub struct Health {
    /// The date everything is measured against.
    pub today: NaiveDate,
    /// Whether dates came from git.
    pub in_git: bool,
    /// One entry per page, indexed like `Site::pages`.
    pub pages: Vec<PageHealth>,
    /// Decisions proposed for too long, oldest first.
    pub stale_proposals: Vec<StaleProposal>,
    /// Content pages no other page links to.
    pub orphans: Vec<PageId>,
    /// Broken links, fragments, links to drafts and ambiguous wiki links.
    pub broken_links: usize,
}

impl Health {
    /// The health of a page (a default for an unknown id).
    pub fn page(&self, id: PageId) -> PageHealth {
        self.pages.get(id.0).cloned().unwrap_or_default()
    }
}

/// Works out every page's dates and review state, and the warnings `check` reports.
pub(crate) fn assess(
    site: &Site,
    sources: &Sources,
    diagnostics: &Diagnostics,
) -> (Health, Vec<Diagnostic>) {
    let history = &sources.history;
    let today = history.today;
    let mut diags = Vec::new();
    // Every page's own `review_every`, parsed once; errors reported at their line.
    let own: Vec<Option<Option<Period>>> = site
        .pages
        .iter()
        .map(|page| {
            let value = page.meta.extra.get(REVIEW_KEY)?;
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match parse_period(&text) {
                Ok(p) => Some(p),
                Err(message) => {
                    if let Some(rel_path) = &page.rel_path {
                        diags.push(
                            Diagnostic::error(
                                Code::InvalidFrontMatter,
                                rel_path,
                                line_of_key(sources, page, REVIEW_KEY),
                                1,
                                format!("`{REVIEW_KEY}`: {message}"),
                            )
                            .with_help("for example `review_every: 6 months`, or `off`"),
                        );
                    }
                    None
                }
            }
        })
        .collect();
    let period_of = |id: PageId| -> Option<Period> {
        if let Some(p) = own[id.0] {
            return p;
        }
        let page = site.page(id);
        let mut folder = page.folder.as_str();
        loop {
            if let Some(&section) = site.sections.get(folder)
                && let Some(p) = own[section.0]
            {
                return p;
            }
            if folder.is_empty() {
                return site.config.review_every;
            }
            folder = crate::load::rel_path::parent(folder);
        }
    };

    let mut pages = Vec::with_capacity(site.pages.len());
    for page in &site.pages {
        let period = if page.kind == PageKind::Decision {
            None
        } else {
            period_of(page.id)
        };
        let (health, overdue) = page_health(site, sources, page.id, period);
        diags.extend(overdue);
        pages.push(health);
    }

    let mut stale_proposals = Vec::new();
    for (_, record, page) in site.decisions.iter() {
        if record.status != Some(crate::decision::status::Status::Proposed) {
            continue;
        }
        let page_health = &pages[page.0];
        let since = page_health
            .added
            .map(|a| a.date_naive())
            .or(record.date)
            .or_else(|| page_health.updated.map(|u| u.at.date_naive()));
        let Some(since) = since else { continue };
        let proposed_for = site.config.proposed_for;
        if proposed_for.after(since).is_some_and(|limit| limit < today) {
            diags.push(
                Diagnostic::warning(
                    Code::DecisionProposedTooLong,
                    &record.rel_path,
                    record.status_line,
                    0,
                    format!("decision has been proposed since {since}, longer than {proposed_for}"),
                )
                .with_help("accept or reject it (change its status), or raise `proposed_for` in handbook.yml"),
            );
            stale_proposals.push(StaleProposal { page, since });
        }
    }
    stale_proposals.sort_by(|a, b| a.since.cmp(&b.since).then(a.page.cmp(&b.page)));

    let broken_links = count_broken_links(diagnostics.items().iter());
    let health = Health {
        today,
        in_git: history.in_git,
        pages,
        stale_proposals,
        orphans: links::orphans(site),
        broken_links,
    };
    (health, diags)
}

/// One page's dates and review state under its review period (`None`: never reviewed), and the
/// warning when its review is overdue. `serve` calls it for an edited page alone.
pub(crate) fn page_health(
    site: &Site,
    sources: &Sources,
    id: PageId,
    period: Option<Period>,
) -> (PageHealth, Option<Diagnostic>) {
    let history = &sources.history;
    let today = history.today;
    let page = site.page(id);
    let Some(rel_path) = page.rel_path.as_deref() else {
        return (PageHealth::default(), None);
    };
    let commits = history.commits.get(rel_path);
    let updated = commits
        .map(|c| LastUpdated {
            at: c.last,
            source: UpdatedSource::Git,
        })
        .or_else(|| {
            page.meta.updated.map(|d| LastUpdated {
                at: midnight_utc(d),
                source: UpdatedSource::FrontMatter,
            })
        })
        .or_else(|| {
            history.modified.get(rel_path).map(|&at| LastUpdated {
                at,
                source: UpdatedSource::FileModified,
            })
        });
    let mut health = PageHealth {
        updated,
        added: commits.and_then(|c| c.first),
        ..PageHealth::default()
    };
    let Some(every) = period else {
        return (health, None);
    };
    health.review_every = Some(every);
    let base = page
        .meta
        .reviewed
        .or_else(|| updated.map(|u| u.at.date_naive()));
    health.review_due = base.and_then(|b| every.after(b));
    health.overdue = health.review_due.is_some_and(|due| due < today);
    let Some(due) = health.review_due.filter(|_| health.overdue) else {
        return (health, None);
    };
    let since_what = match page.meta.reviewed {
        Some(r) => format!("last reviewed {r}"),
        None => "never reviewed; counted from its last change".to_string(),
    };
    // At the `reviewed` line when there is one, else at the file.
    let (line, column) = match page.meta.reviewed {
        Some(_) => (line_of_key(sources, page, "reviewed:"), 1),
        None => (0, 0),
    };
    let d = Diagnostic::warning(
        Code::ReviewOverdue,
        rel_path,
        line,
        column,
        format!("needs review since {due} (every {every}, {since_what})"),
    );
    let d = match &page.meta.owner {
        Some(owner) => d.with_help(format!(
            "owner: {owner}; review the page and set `reviewed: {today}` in its front matter"
        )),
        None => d.with_help(format!(
            "the page has no owner: add `owner:` to its front matter, review it and set `reviewed: {today}`"
        )),
    };
    (health, Some(d))
}

/// After an edit of a page that left its front matter as it was: its dates and review state
/// again, and its overdue warning in `diagnostics` (the model's health warnings) replaced.
pub(crate) fn reassess_page(
    site: &mut Site,
    sources: &Sources,
    id: PageId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let period = site.health.page(id).review_every;
    let (health, overdue) = page_health(site, sources, id, period);
    if let Some(rel_path) = site.page(id).rel_path.as_deref() {
        diagnostics.retain(|d| !(d.code == Code::ReviewOverdue && d.file == rel_path));
    }
    diagnostics.extend(overdue);
    if let Some(slot) = site.health.pages.get_mut(id.0) {
        *slot = health;
    }
}

/// The number [`Health::broken_links`] counts.
pub(crate) fn count_broken_links<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> usize {
    diagnostics.filter(|d| d.code.is_broken_link()).count()
}

/// The 1-based line of the first line of the page's file that starts with `key` (0: none).
fn line_of_key(sources: &Sources, page: &super::Page, key: &str) -> u32 {
    page.source
        .and_then(|s| sources.markdown.get(s))
        .and_then(|file| {
            file.text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
        })
        .map_or(0, |i| i as u32 + 1)
}

/// A date as a moment: midnight UTC.
pub(crate) fn midnight_utc(date: NaiveDate) -> DateTime<FixedOffset> {
    date.and_time(NaiveTime::MIN).and_utc().fixed_offset()
}

/// The "Edit this page" URL of a source path, from `edit_url`.
pub fn edit_url(site: &Site, rel_path: &str) -> Option<String> {
    site.config.edit_url.as_ref().map(|pattern| {
        let path = site.config.source_path(rel_path);
        pattern.replace("{path}", &url::encode_path(&path))
    })
}

/// One page in the health report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportItem {
    /// The page title.
    pub title: String,
    /// The source path.
    pub path: String,
    /// Where the page is: a site-relative URL, or an href from the page showing the report.
    pub href: String,
    /// "Edit this page" URL, if `edit_url` is set.
    pub edit_url: Option<String>,
    /// The owner, if any.
    pub owner: Option<String>,
    /// For a review: due since; for a proposal: proposed since (YYYY-MM-DD).
    pub since: Option<String>,
}

/// The pages of one owner that need review.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerGroup {
    /// The owner, or null for pages without one.
    pub owner: Option<String>,
    /// Their pages, longest overdue first.
    pub pages: Vec<ReportItem>,
}

/// The whole report: the `health/` page and `handbook health`.
#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    /// The date reviews are measured against.
    pub today: String,
    /// Overdue pages by owner (owners in name order, no owner last).
    pub needs_review: Vec<OwnerGroup>,
    /// How many pages need review.
    pub needs_review_count: usize,
    /// Pages (not decision records) without an `owner`.
    pub without_owner: Vec<ReportItem>,
    /// Decisions proposed for longer than `proposed_for`.
    pub stale_proposals: Vec<ReportItem>,
    /// Content pages no other page links to.
    pub orphans: Vec<ReportItem>,
    /// Broken links, fragments, links to drafts and ambiguous wiki links.
    pub broken_links: usize,
    /// In a multilingual handbook, per language other than the default: pages not translated
    /// and translations older than their original. Empty for a handbook with one language.
    pub translations: Vec<TranslationReport>,
}

/// The state of one language's translation.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationReport {
    /// The language tag (`ja`).
    pub language: String,
    /// Pages of the default language without a translation (the original's path and title).
    pub missing: Vec<ReportItem>,
    /// Translations last updated before their original was (`since`: the original's date).
    pub outdated: Vec<ReportItem>,
}

/// The report, with `href` turning a site-relative URL into a link.
pub fn report(site: &Site, href: &dyn Fn(&str) -> String) -> HealthReport {
    let health = &site.health;
    let item = |id: PageId, since: Option<NaiveDate>| {
        let page = site.page(id);
        let path = page.rel_path.clone().map(String::from).unwrap_or_default();
        ReportItem {
            title: page.title.clone(),
            edit_url: edit_url(site, &path),
            path,
            href: href(&page.url),
            owner: page.meta.owner.clone(),
            since: since.map(|d| d.to_string()),
        }
    };
    let mut by_owner: BTreeMap<Option<String>, Vec<(NaiveDate, ReportItem)>> = BTreeMap::new();
    let mut without_owner = Vec::new();
    for page in &site.pages {
        if page.rel_path.is_none() || page.kind == PageKind::Decision {
            continue;
        }
        let h = health.page(page.id);
        if h.overdue
            && let Some(due) = h.review_due
        {
            by_owner
                .entry(page.meta.owner.clone())
                .or_default()
                .push((due, item(page.id, Some(due))));
        }
        if page.meta.owner.is_none() {
            without_owner.push(item(page.id, None));
        }
    }
    without_owner.sort_by(|a, b| a.path.cmp(&b.path));
    let mut needs_review_count = 0;
    let mut needs_review: Vec<OwnerGroup> = by_owner
        .into_iter()
        .map(|(owner, mut pages)| {
            pages.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.path.cmp(&b.1.path)));
            needs_review_count += pages.len();
            OwnerGroup {
                owner,
                pages: pages.into_iter().map(|(_, i)| i).collect(),
            }
        })
        .collect();
    // `None` sorts first in a BTreeMap; pages nobody owns go last.
    needs_review.sort_by_key(|g| g.owner.is_none());
    let mut orphans: Vec<ReportItem> = health.orphans.iter().map(|&id| item(id, None)).collect();
    orphans.sort_by(|a, b| a.path.cmp(&b.path));
    HealthReport {
        today: health.today.to_string(),
        needs_review,
        needs_review_count,
        without_owner,
        stale_proposals: health
            .stale_proposals
            .iter()
            .map(|s| item(s.page, Some(s.since)))
            .collect(),
        orphans,
        broken_links: health.broken_links,
        translations: translation_reports(site, &item),
    }
}

/// [`TranslationReport`]s of every language but the default.
fn translation_reports(
    site: &Site,
    item: &dyn Fn(PageId, Option<NaiveDate>) -> ReportItem,
) -> Vec<TranslationReport> {
    let updated = |id: PageId| site.health.page(id).updated.map(|u| u.at.date_naive());
    site.config
        .languages
        .iter()
        .map(|lang| {
            let mut missing = Vec::new();
            let mut outdated = Vec::new();
            for page in &site.pages {
                // The default language's own pages (not generated sections).
                if page.rel_path.is_none() || site.tree_language(page.id) != site.config.language {
                    continue;
                }
                let Some(translation) = site.in_language(page.id, lang) else {
                    continue;
                };
                if site.page(translation).fallback_of.is_some() {
                    missing.push(item(page.id, None));
                } else if let (Some(original), Some(translated)) =
                    (updated(page.id), updated(translation))
                    && translated < original
                {
                    outdated.push(item(translation, Some(original)));
                }
            }
            missing.sort_by(|a, b| a.path.cmp(&b.path));
            outdated.sort_by(|a, b| a.path.cmp(&b.path));
            TranslationReport {
                language: lang.clone(),
                missing,
                outdated,
            }
        })
        .collect()
}

/// Pages with a last-updated date, newest change first (ties by path), at most `limit`.
pub(crate) fn recent_changes(site: &Site, limit: usize) -> Vec<(PageId, LastUpdated)> {
    let mut changes: Vec<(PageId, LastUpdated)> = site
        .pages
        .iter()
        .filter_map(|p| site.health.page(p.id).updated.map(|u| (p.id, u)))
        .collect();
    changes.sort_by(|a, b| {
        b.1.at
            .cmp(&a.1.at)
            .then_with(|| site.page(a.0).rel_path.cmp(&site.page(b.0).rel_path))
    });
    changes.truncate(limit);
    changes
}
