//! The pages and feeds that keep the handbook alive: `health/` (what needs attention),
//! `changes/` (recently changed pages by ISO week), and the Atom feeds `feed.xml` (pages) and
//! `decisions.xml` (decision records). The data comes from [`crate::model::health`].

use super::context::SiteContext;
use super::sidebar::Sidebar;
use super::theme::{self, Theme};
use super::{RenderOptions, finish_html};
use crate::diagnostic::{Code, Diagnostics};
use crate::model::health::{self, LastUpdated, midnight_utc};
use crate::model::url::{self, relative_href};
use crate::model::{PageKind, Site};
use crate::output::{Output, OutputData};
use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat};
use serde::Serialize;
use std::fmt::Write as _;

/// URL of the health page.
pub const HEALTH_URL: &str = "health/";
/// URL of the recently-changed page.
pub const CHANGES_URL: &str = "changes/";
/// URL of the full search results page (`search/?q=words`).
pub const SEARCH_URL: &str = "search/";
/// The pages feed, at the site root.
pub const PAGES_FEED: &str = "feed.xml";
/// The decision records feed, at the site root.
pub const DECISIONS_FEED: &str = "decisions.xml";
/// How many changes the changes page and the feeds list.
const CHANGES_LIMIT: usize = 50;

/// One change on the `changes/` page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeContext {
    /// The page title.
    pub title: String,
    /// Relative href from `changes/`.
    pub href: String,
    /// `home`, `section`, `content` or `decision`.
    pub kind: &'static str,
    /// YYYY-MM-DD.
    pub date: String,
    /// `git`, `front matter` or `file modified`.
    pub source: &'static str,
    /// The page's owner, if any.
    pub owner: Option<String>,
}

/// The changes of one ISO week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekContext {
    /// `2024-W09`.
    pub week: String,
    /// Its changes, newest first.
    pub changes: Vec<ChangeContext>,
}

/// Groups longer than this start folded on the health page.
const OPEN_GROUP_MAX: usize = 10;

/// A group of the health page: an owner's or a section's pages.
#[derive(Debug, Clone, Serialize)]
pub struct HealthGroup {
    /// The section's title (`Top level` for pages at the root).
    pub label: String,
    /// How many pages.
    pub count: usize,
    /// Whether it starts unfolded (short groups do).
    pub open: bool,
    /// The pages.
    pub pages: Vec<health::ReportItem>,
}

/// Report items by section (section title order, pages above the sections first), so that a
/// 900-page handbook's list reads as a few folded groups rather than one long list. The sections
/// are the top-level folders; when one of them holds most of the pages (a handbook kept in
/// `content/`), the level below.
fn by_section(site: &Site, items: &[health::ReportItem]) -> Vec<HealthGroup> {
    let mut groups = group_at_depth(site, items, 1);
    for depth in 2..=3 {
        let largest = groups
            .iter()
            .filter(|g| g.label != TOP_LEVEL)
            .map(|g| g.pages.len())
            .max()
            .unwrap_or(0);
        if largest * 2 <= items.len() {
            break;
        }
        groups = group_at_depth(site, items, depth);
    }
    for group in &mut groups {
        group.count = group.pages.len();
        group.open = group.count <= OPEN_GROUP_MAX;
    }
    groups.sort_by(|a, b| {
        (a.label != TOP_LEVEL)
            .cmp(&(b.label != TOP_LEVEL))
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    groups
}

/// The label of pages that sit above the sections grouped.
const TOP_LEVEL: &str = "Top level";

/// Items grouped by the folder of their first `depth` path segments.
fn group_at_depth(site: &Site, items: &[health::ReportItem], depth: usize) -> Vec<HealthGroup> {
    let mut groups: Vec<HealthGroup> = Vec::new();
    for item in items {
        let segments: Vec<&str> = item.path.split('/').collect();
        let label = if segments.len() > depth {
            let folder = segments[..depth].join("/");
            site.by_url
                .get(&url::folder_url(&folder))
                .map_or(folder, |&id| site.page(id).title.clone())
        } else {
            TOP_LEVEL.to_string()
        };
        match groups.iter_mut().find(|g| g.label == label) {
            Some(group) => group.pages.push(item.clone()),
            None => groups.push(HealthGroup {
                label,
                count: 0,
                open: false,
                pages: vec![item.clone()],
            }),
        }
    }
    groups
}

/// Whether `url` is free for a generated page (a handbook's own page there wins).
fn is_free(site: &Site, url: &str) -> bool {
    !site.by_url.contains_key(url)
}

/// Renders `health/`, `changes/`, the tag pages and (with a `base_url`) the feeds. Between one
/// page and the next it asks `stop` whether to give up (`serve`: a save is waiting); returns
/// false when it gave up, with `output` holding only some of the pages.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_health_pages(
    site: &Site,
    theme: &Theme,
    site_context: &SiteContext,
    sidebar: &Sidebar,
    options: &RenderOptions,
    output: &mut Output,
    diagnostics: &mut Diagnostics,
    stop: &dyn Fn() -> bool,
) -> bool {
    let base_ctx = |at: &str| {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site_context);
        super::insert_language(&mut ctx, theme, &site.config.language);
        ctx.insert("root", &url::root_prefix(at));
        ctx.insert("home_href", &relative_href(at, "", options.relative_index));
        ctx.insert("sidebar", &sidebar.render_none(site, at));
        ctx.insert(
            "health_href",
            &relative_href(at, HEALTH_URL, options.relative_index),
        );
        ctx.insert(
            "changes_href",
            &relative_href(at, CHANGES_URL, options.relative_index),
        );
        ctx.insert(
            "search_href",
            &relative_href(at, SEARCH_URL, options.relative_index),
        );
        ctx
    };
    let mut render =
        |template: &str, at: &str, ctx: tera::Context| match theme.tera.render(template, &ctx) {
            Ok(html) => output.insert(
                url::output_file(at),
                OutputData::text(finish_html(html, options)),
            ),
            Err(e) => diagnostics.push(theme::template_diagnostic(&e, &theme.template_origin)),
        };
    if is_free(site, HEALTH_URL) {
        let report = health::report(site, &|to| {
            relative_href(HEALTH_URL, to, options.relative_index)
        });
        let mut ctx = base_ctx(HEALTH_URL);
        ctx.insert(
            "without_owner_groups",
            &by_section(site, &report.without_owner),
        );
        ctx.insert("orphan_groups", &by_section(site, &report.orphans));
        ctx.insert("health", &report);
        render("health.html", HEALTH_URL, ctx);
    }
    if stop() {
        return false;
    }
    if is_free(site, CHANGES_URL) {
        let mut ctx = base_ctx(CHANGES_URL);
        let (weeks, unknown_history) = weeks(site, options.relative_index);
        ctx.insert("weeks", &weeks);
        ctx.insert("unknown_history", &unknown_history);
        render("changes.html", CHANGES_URL, ctx);
    }
    let (tag_index, tag_pages) = super::tags::pages(site, options.relative_index);
    if !tag_pages.is_empty() {
        let mut ctx = base_ctx(super::tags::TAGS_URL);
        ctx.insert("tags", &tag_index);
        ctx.insert("tag", &None::<super::tags::TagContext<'_>>);
        render("tags.html", super::tags::TAGS_URL, ctx);
        for (url, tag) in tag_pages {
            if stop() {
                return false;
            }
            let mut ctx = base_ctx(&url);
            ctx.insert(
                "tags_href",
                &relative_href(&url, super::tags::TAGS_URL, options.relative_index),
            );
            ctx.insert("tag", &tag);
            render("tags.html", &url, ctx);
        }
    }
    if site.config.search && is_free(site, SEARCH_URL) {
        render("search.html", SEARCH_URL, base_ctx(SEARCH_URL));
    }
    if let Some(base) = &site.config.base_url {
        if stop() {
            return false;
        }
        output.insert(PAGES_FEED, OutputData::text(pages_feed(site, base)));
        if !site.decisions.is_empty() {
            if stop() {
                return false;
            }
            output.insert(DECISIONS_FEED, OutputData::text(decisions_feed(site, base)));
        }
    }
    true
}

/// The note `check` gives when the feeds are skipped for want of a `base_url` (feed ids and
/// links must be absolute URLs).
pub fn feeds_note(site: &Site) -> Option<crate::diagnostic::Diagnostic> {
    site.config.base_url.is_none().then(|| {
        crate::diagnostic::Diagnostic::note(
            Code::FeedsNeedBaseUrl,
            crate::config::CONFIG_FILE,
            0,
            0,
            // No help line: the message says what to do, and one line keeps the note quiet.
            "no Atom feeds are written without a `base_url`; set it to publish `feed.xml` and `decisions.xml`",
        )
    })
}

/// The recent changes by week. A file's modification time says nothing about when its text
/// changed (a checkout or a copy sets it), so those pages are not listed as changes; their count
/// comes back so the page can say that their history is unknown.
fn weeks(site: &Site, relative_index: bool) -> (Vec<WeekContext>, usize) {
    let mut weeks: Vec<WeekContext> = Vec::new();
    let (known, unknown): (Vec<_>, Vec<_>) = health::recent_changes(site, usize::MAX)
        .into_iter()
        .partition(|(_, u)| u.source != health::UpdatedSource::FileModified);
    for (id, updated) in known.into_iter().take(CHANGES_LIMIT) {
        let page = site.page(id);
        let iso = updated.at.iso_week();
        let week = format!("{}-W{:02}", iso.year(), iso.week());
        let change = ChangeContext {
            title: page.title.clone(),
            href: relative_href(CHANGES_URL, &page.url, relative_index),
            kind: super::kind_name(page.kind),
            date: updated.at.date_naive().to_string(),
            source: updated.source.as_str(),
            owner: page.meta.owner.clone(),
        };
        match weeks.last_mut() {
            Some(last) if last.week == week => last.changes.push(change),
            _ => weeks.push(WeekContext {
                week,
                changes: vec![change],
            }),
        }
    }
    (weeks, unknown.len())
}

/// One Atom entry.
struct Entry {
    id: String,
    title: String,
    link: String,
    updated: DateTime<FixedOffset>,
    published: Option<DateTime<FixedOffset>>,
    author: Option<String>,
    summary: String,
}

fn pages_feed(site: &Site, base: &str) -> String {
    let entries = health::recent_changes(site, usize::MAX)
        .into_iter()
        .filter(|(id, _)| site.page(*id).kind != PageKind::Decision)
        .take(CHANGES_LIMIT)
        .map(|(id, updated)| {
            let page = site.page(id);
            let link = format!("{base}{}", url::encode_path(&page.url));
            Entry {
                id: link.clone(),
                title: page.title.clone(),
                link,
                updated: updated.at,
                published: site.health.page(id).added,
                author: page.meta.owner.clone(),
                summary: page.description().to_string(),
            }
        })
        .collect();
    atom(
        site,
        base,
        PAGES_FEED,
        &format!("{}: recently changed", site.config.title),
        &format!("{base}{CHANGES_URL}"),
        entries,
    )
}

/// One entry per record and status: a status change gives a new entry id, so feed readers
/// show it as news. Its date is the record file's newest commit (when git knows it), else the
/// record's own date.
fn decisions_feed(site: &Site, base: &str) -> String {
    let mut entries: Vec<Entry> = site
        .decisions
        .iter()
        .filter_map(|(_, record, id)| {
            let page = site.page(id);
            let health = site.health.page(id);
            let updated: Option<LastUpdated> = health.updated;
            let at = match updated {
                Some(u) if u.source == health::UpdatedSource::Git => Some(u.at),
                _ => record.date.map(midnight_utc).or(updated.map(|u| u.at)),
            }?;
            let status = record
                .status
                .as_ref()
                .map(|s| s.label().to_string())
                .or_else(|| record.status_raw.clone())
                .unwrap_or_else(|| "No status".to_string());
            let link = format!("{base}{}", url::encode_path(&page.url));
            let number = record
                .number
                .map(|n| format!("ADR-{n}: "))
                .unwrap_or_default();
            Some(Entry {
                id: format!("{link}#status-{}", slug(&status)),
                title: format!("{number}{} ({status})", record.title),
                link,
                updated: at,
                published: health.added.or(record.date.map(midnight_utc)),
                author: (!record.deciders.is_empty()).then(|| record.deciders.join(", ")),
                summary: page.description().to_string(),
            })
        })
        .collect();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(CHANGES_LIMIT);
    atom(
        site,
        base,
        DECISIONS_FEED,
        &format!("{}: decisions", site.config.title),
        base,
        entries,
    )
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn rfc3339(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An Atom 1.0 document (RFC 4287). The feed's `updated` is its newest entry's, else today,
/// so the bytes depend only on the history and `HANDBOOK_TODAY`.
fn atom(
    site: &Site,
    base: &str,
    name: &str,
    title: &str,
    alternate: &str,
    entries: Vec<Entry>,
) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| midnight_utc(site.health.today));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&format!("{base}{name}")));
    let _ = writeln!(xml, "  <title>{}</title>", xml_escape(title));
    let _ = writeln!(xml, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&format!("{base}{name}"))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(alternate)
    );
    // A feed-level author covers entries without one, as RFC 4287 section 4.1.1 requires.
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(&site.config.title)
    );
    let _ = writeln!(
        xml,
        "  <generator version=\"{}\">handbook</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for e in entries {
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&e.id));
        let _ = writeln!(xml, "    <title>{}</title>", xml_escape(&e.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&e.link)
        );
        let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(e.updated));
        if let Some(published) = e.published {
            let _ = writeln!(
                xml,
                "    <published>{}</published>",
                rfc3339(published.min(e.updated))
            );
        }
        if let Some(author) = &e.author {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                xml_escape(author)
            );
        }
        if !e.summary.is_empty() {
            let _ = writeln!(xml, "    <summary>{}</summary>", xml_escape(&e.summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Escapes text and double-quoted attribute values (the HTML escaper's rules hold for XML too);
/// drops the control characters XML 1.0 forbids.
fn xml_escape(s: &str) -> String {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if s.contains(forbidden) {
        crate::markdown::escape_text(&s.replace(forbidden, ""))
    } else {
        crate::markdown::escape_text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml_escape("a & <b> \"c\" 'd'\u{1}\n"),
            "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;\n"
        );
    }
}
