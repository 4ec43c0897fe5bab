//! RENDER: [`Site`] + [`Theme`] -> [`Output`], all in memory. Pages render in parallel; the parts
//! every page shares (the sidebar's items, the site context) are prepared once.

pub mod context;
pub mod decisions;
pub mod health;
pub mod reuse;
mod sidebar;
pub mod tags;
pub mod theme;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::markdown::escape_text;
use crate::model::decisions::DecisionLog;
use crate::model::url::{self, relative_href};
use crate::model::{PageId, PageKind, Site, nav};
use crate::output::{Output, OutputData};
use context::{ChildLink, PageContext, PageLink, SiteContext, TocEntry};
use rayon::prelude::*;
use std::borrow::Cow;
use std::fmt::Write as _;
use theme::{StaticSource, Theme};

/// Choices that change the rendered HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Hrefs to pages end in `index.html` (for opening the site from disk).
    pub relative_index: bool,
    /// A snippet added before `</body>` of every page (the live-reload client of `serve`).
    pub body_end_snippet: Option<String>,
}

/// Words read per minute, for `page.reading_minutes`.
const READING_SPEED: usize = 220;

/// What rendering needs besides the site: the templates, the options, and what every page
/// shares (the site variables, the sidebar's entries), prepared once. `serve` keeps it between
/// rebuilds to render the few pages an edit touches.
pub struct Renderer {
    theme: std::sync::Arc<Theme>,
    options: RenderOptions,
    site_context: SiteContext,
    sidebar: sidebar::Sidebar,
    /// Pages of the last build, reused when their inputs are the same (`serve`).
    reuse: reuse::RenderMemo,
    /// Whether each page's fingerprint is worked out, for the next build to reuse it (`serve`).
    keeps: bool,
    /// Whether each page's trace is taken too (`serve`, whose next build is in this process;
    /// the build cache keeps fingerprints only).
    traces: bool,
    /// Pages rendered through a template so far.
    rendered: std::sync::atomic::AtomicUsize,
    /// Pages whose template variables were built so far.
    worked_out: std::sync::atomic::AtomicUsize,
}

impl Renderer {
    /// Prepares rendering `site` with `theme`.
    pub fn new(site: &Site, theme: std::sync::Arc<Theme>, options: RenderOptions) -> Self {
        Renderer {
            site_context: site_context(site),
            sidebar: sidebar::Sidebar::new(site, options.relative_index),
            theme,
            options,
            reuse: reuse::RenderMemo::default(),
            keeps: false,
            traces: false,
            rendered: std::sync::atomic::AtomicUsize::new(0),
            worked_out: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The theme it renders with, for the next build to share when it cannot have changed.
    pub(crate) fn theme(&self) -> &std::sync::Arc<Theme> {
        &self.theme
    }

    /// Whether [`Renderer::render_site_keeping`] fingerprints the pages it renders, for a later
    /// build to reuse them. Off, a page costs only its rendering (`handbook build`).
    pub fn keeping(mut self, keeps: bool) -> Self {
        self.keeps = keeps;
        self
    }

    /// Whether [`Renderer::render_site_keeping`] also takes each page's trace (see
    /// [`reuse::trace`]), for the next build in this process to skip the unchanged pages.
    pub fn tracing(mut self, traces: bool) -> Self {
        self.traces = traces;
        self
    }

    /// Renders pages whose inputs are those of a page in `memo` no more: that page's HTML is
    /// used (see [`reuse`]).
    pub fn reusing(mut self, memo: reuse::RenderMemo) -> Self {
        self.reuse = memo;
        self
    }

    /// How many pages went through a template since the renderer was made.
    pub fn rendered(&self) -> usize {
        self.rendered.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many pages' template variables were built since the renderer was made (the
    /// others' were known to be the same; see [`reuse::trace`]).
    pub fn worked_out(&self) -> usize {
        self.worked_out.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_render(&self) {
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The whole site: every page, the 404 page, redirects, the sitemap and robots.txt, and the
    /// static files and assets to copy; also each page's HTML with its fingerprint, for the next
    /// build's [`Renderer::reusing`]. With `site_wide` false, the outputs that follow every page
    /// (see [`Renderer::render_site_wide`]) and `links.json` are left out, for `serve` to bring
    /// them up to date once edits are quiet.
    ///
    /// With `later` (`serve`, after a save), the decision logs' views (each lists many records
    /// and counts them all, so a record's status re-renders every one: ~80 views, 0.4 s, at
    /// 2,000 records) are not rendered but named in [`RenderedSite::later`], for
    /// [`Renderer::render_later`] once the edited pages are served: unless one of them is the
    /// page of a file in `later` (a log's own page edited), or is new.
    pub(crate) fn render_site_keeping(
        &self,
        site: &Site,
        site_wide: bool,
        later: Option<&std::collections::BTreeSet<String>>,
    ) -> RenderedSite {
        let mut memo = reuse::RenderMemo::default();
        let mut diagnostics = Diagnostics::new();
        let mut output = Output::default();
        let mut jobs = crate::timings::stage("render/jobs", || {
            let mut jobs: Vec<PageJob<'_>> =
                site.pages.iter().map(|p| own_job(site, p.id)).collect();
            jobs.extend(log_view_jobs(site));
            jobs
        });
        let digests = (self.keeps && self.traces).then(|| {
            crate::timings::stage("render/digests", || {
                reuse::SiteDigests::of(site, &(&self.site_context, self.sidebar.uses_fragments()))
            })
        });
        let changes = digests
            .as_ref()
            .and_then(|now| self.reuse.changes(now, site));
        if let Some(changes) = &changes {
            crate::timings::note(|| {
                format!("render: since the traced build: {}", changes.summary())
            });
        }
        let mut deferred = Vec::new();
        if let Some(edited) = later {
            jobs.retain(|job| {
                let path = url::output_file(&job.url);
                let defer = job.log.is_some()
                    && self.reuse.has(&path)
                    && site
                        .page(job.page)
                        .rel_path
                        .as_deref()
                        .is_none_or(|source| !edited.contains(source))
                    && changes
                        .as_ref()
                        .is_none_or(|changes| self.reuse.unchanged(&path, changes).is_none());
                if defer {
                    deferred.push(path);
                }
                !defer
            });
        }
        let pages = crate::timings::stage("render/pages", || {
            self.render_jobs_fingerprinted(site, &jobs, digests.is_some(), changes.as_ref())
        });
        crate::timings::stage("render/outputs", || {
            for RenderedPage {
                path,
                html,
                fingerprint,
                trace,
            } in pages
            {
                match html {
                    Ok(html) => {
                        if let Some(fingerprint) = fingerprint {
                            memo.insert(path.clone(), fingerprint, html.clone(), trace);
                        }
                        output.insert(path, html);
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
        });

        self.count_render();
        render_not_found(
            site,
            &self.theme,
            &self.site_context,
            &self.sidebar,
            &self.options,
            &mut output,
            &mut diagnostics,
        );
        let site_wide_paths = site_wide.then(|| {
            crate::timings::stage("render/site-wide", || {
                // Never told to stop, it always finishes.
                self.render_site_wide(site, &mut output, &mut diagnostics, &|| false)
                    .unwrap_or_default()
            })
        });
        crate::timings::stage("render/sidebar", || {
            self.sidebar.write_fragments(site, &mut output)
        });
        if site_wide {
            output.insert(
                LINKS_JSON,
                OutputData::text(crate::timings::stage("render/links.json", || {
                    crate::model::links::links_json(site)
                })),
            );
        }
        if !site.decisions.is_empty() {
            // 2,000 records take ~10 ms to serialize: a save that changed none of them, nor
            // their pages, keeps the last one.
            let key = digests.as_ref().map(|d| d.decisions_json_key(site));
            let kept = key.and_then(|key| self.reuse.get(DECISIONS_JSON, key));
            let json = kept.unwrap_or_else(|| OutputData::text(decisions::decisions_json(site)));
            if let Some(key) = key {
                memo.insert(DECISIONS_JSON.to_string(), key, json.clone(), None);
            }
            output.insert(DECISIONS_JSON, json);
        }
        if let Some(sitemap) = sitemap(site) {
            output.insert("sitemap.xml", OutputData::text(sitemap));
        }
        output.insert("robots.txt", OutputData::text(robots(site)));
        write_script_strings(site, &self.theme, &mut output);

        let uses_mermaid = site.pages.iter().any(|p| p.body.has_mermaid);
        for (path, source) in &self.theme.static_files {
            // mermaid is 3 MB: only ship it to sites that have a diagram.
            if path.starts_with("assets/vendor/mermaid/") && !uses_mermaid {
                continue;
            }
            let data = match source {
                StaticSource::Embedded(bytes) => OutputData::Static(bytes),
                StaticSource::Disk(abs) => OutputData::copied(abs.clone()),
            };
            output.insert(path.clone(), data);
        }
        for (path, abs) in &site.assets {
            if let Some(taken) = output.files.get(path) {
                // `static/` files are assets too, already in place as theme overrides.
                if matches!(taken, OutputData::File(p, _) if p == abs) {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::warning(
                        Code::GeneratedFileClash,
                        path,
                        0,
                        0,
                        format!(
                            "`{path}` is also a file handbook writes, so this one is not copied"
                        ),
                    )
                    .with_help(
                        "rename it; to replace a theme file on purpose, put yours in `static/`",
                    ),
                );
                continue;
            }
            output.insert(path.clone(), OutputData::copied(abs.clone()));
        }
        // Last, so that an alias never replaces a page, a generated file or a copied one.
        for (alias, &target) in &site.aliases {
            let page = site.page(target);
            let path = url::output_file(alias);
            if let Some(taken) = taken_by(&output, &path) {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::AliasClash,
                        page.rel_path.as_deref().unwrap_or_default(),
                        0,
                        0,
                        format!("alias `/{alias}` would replace `{taken}` of the site, so no redirect is written"),
                    )
                    .with_help("remove the alias, or choose the old URL it really had"),
                );
                continue;
            }
            let href = relative_href(alias, &page.url, self.options.relative_index);
            output.insert(path, OutputData::text(redirect_page(&href)));
        }
        memo.traced_in(digests);
        RenderedSite {
            output,
            diagnostics,
            memo,
            site_wide_paths,
            later: deferred,
        }
    }

    /// Renders the log views [`Renderer::render_site_keeping`] left for later (`paths`, output
    /// paths), into `output` and, with their fingerprints and traces, `memo` (the one the
    /// site's render left). Between two views it asks `stop` whether to give up (a save is
    /// waiting); returns the paths it did not get to, and those whose HTML changed.
    pub(crate) fn render_later(
        &self,
        site: &Site,
        paths: &std::collections::BTreeSet<String>,
        output: &mut Output,
        memo: &mut reuse::RenderMemo,
        diagnostics: &mut Diagnostics,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> (std::collections::BTreeSet<String>, Vec<String>) {
        let jobs: Vec<(String, PageJob<'_>)> = log_view_jobs(site)
            .into_iter()
            .chain(
                site.decisions
                    .logs()
                    .iter()
                    .map(|log| own_job(site, log.page())),
            )
            .map(|job| (url::output_file(&job.url), job))
            .filter(|(path, _)| paths.contains(path))
            .collect();
        // Worked out as `render_jobs_fingerprinted` does, but always fingerprinted: the
        // renderer kept after a build keeps no pages itself, the session's memo does.
        let render = |(path, job): &(String, PageJob<'_>)| {
            let (vars, trace) = self.work_out(site, job, self.traces);
            RenderedPage {
                path: path.clone(),
                fingerprint: vars.fingerprint(&self.options),
                html: self.render_vars(vars),
                trace,
            }
        };
        let rendered: Vec<Option<RenderedPage>> = jobs
            .par_iter()
            .map(|job| (!stop()).then(|| render(job)))
            .collect();
        let mut left = paths.clone();
        let mut changed = Vec::new();
        for page in rendered.into_iter().flatten() {
            left.remove(&page.path);
            match page.html {
                Ok(html) => {
                    if let Some(fingerprint) = page.fingerprint {
                        memo.insert(page.path.clone(), fingerprint, html.clone(), page.trace);
                    }
                    if output
                        .files
                        .get(&page.path)
                        .is_none_or(|old| !old.same_as(&html))
                    {
                        changed.push(page.path.clone());
                        output.insert(page.path, html);
                    }
                }
                Err(d) => diagnostics.push(d),
            }
        }
        // A view no longer made (its tag is gone): nothing to render, nothing left.
        left.retain(|path| jobs.iter().any(|(made, _)| made == path));
        (left, changed)
    }

    /// Some pages at their own URLs (a decision log's folder page with its full log), by output
    /// path. Filtered log views are not among them: they show the records, not the page.
    pub(crate) fn render_pages(
        &self,
        site: &Site,
        pages: impl IntoIterator<Item = PageId>,
    ) -> Vec<(String, Result<OutputData, Diagnostic>)> {
        let jobs: Vec<PageJob<'_>> = pages.into_iter().map(|id| own_job(site, id)).collect();
        self.render_jobs(site, &jobs)
    }

    /// The pages that follow every page's dates and links (health, changes, the tag pages, the
    /// feeds); returns their paths. `None` when `stop` said to give up between two of them
    /// (`serve`, when a save is waiting): then `output` and `diagnostics` are as they were.
    pub(crate) fn render_site_wide(
        &self,
        site: &Site,
        output: &mut Output,
        diagnostics: &mut Diagnostics,
        stop: &dyn Fn() -> bool,
    ) -> Option<std::collections::BTreeSet<String>> {
        let mut pages = Output::default();
        let mut found = Diagnostics::new();
        let done = health::render_health_pages(
            site,
            &self.theme,
            &self.site_context,
            &self.sidebar,
            &self.options,
            &mut pages,
            &mut found,
            stop,
        );
        if !done {
            return None;
        }
        diagnostics.extend(found.items().iter().cloned());
        // Each page is a template rendered (the feeds are written without one).
        let mut paths = std::collections::BTreeSet::new();
        for (path, data) in pages.files {
            if path.ends_with(".html") {
                self.count_render();
            }
            paths.insert(path.clone());
            output.insert(path, data);
        }
        Some(paths)
    }

    fn render_jobs(
        &self,
        site: &Site,
        jobs: &[PageJob<'_>],
    ) -> Vec<(String, Result<OutputData, Diagnostic>)> {
        self.render_jobs_fingerprinted(site, jobs, false, None)
            .into_iter()
            .map(|page| (page.path, page.html))
            .collect()
    }

    /// Each job's output path and HTML, and the fingerprint of its inputs; the HTML of the last
    /// build when the fingerprint is the one it had then. With `traces`, each page's trace is
    /// taken (see [`reuse::trace`]); a page whose trace reads the same after `changes` is not
    /// worked out at all.
    fn render_jobs_fingerprinted(
        &self,
        site: &Site,
        jobs: &[PageJob<'_>],
        traces: bool,
        changes: Option<&reuse::Changes<'_>>,
    ) -> Vec<RenderedPage> {
        // A few pages (after an edit in `serve`) render on this thread: handing them to the
        // pool would make them wait behind whatever else the pool is doing.
        let render = |job: &PageJob<'_>| {
            let path = url::output_file(&job.url);
            if let Some((fingerprint, data, trace)) =
                changes.and_then(|changes| self.reuse.unchanged(&path, changes))
            {
                #[cfg(debug_assertions)]
                self.check_unchanged(site, job, fingerprint, &trace);
                return RenderedPage {
                    path,
                    html: Ok(data),
                    fingerprint: Some(fingerprint),
                    trace: Some(trace),
                };
            }
            let (vars, trace) = self.work_out(site, job, traces);
            let fingerprint = (self.keeps || !self.reuse.is_empty())
                .then(|| vars.fingerprint(&self.options))
                .flatten();
            if let Some(kept) = fingerprint.and_then(|f| self.reuse.get(&path, f)) {
                return RenderedPage {
                    path,
                    html: Ok(kept),
                    fingerprint,
                    trace,
                };
            }
            RenderedPage {
                path,
                html: self.render_vars(vars),
                fingerprint,
                trace,
            }
        };
        if jobs.len() <= 8 {
            jobs.iter().map(render).collect()
        } else {
            jobs.par_iter().map(render).collect()
        }
    }

    /// Builds a job's variables (counted as worked out), recording its trace when `traces`.
    fn work_out<'a>(
        &'a self,
        site: &'a Site,
        job: &PageJob<'_>,
        traces: bool,
    ) -> (PageVars<'a>, Option<reuse::Trace>) {
        self.worked_out
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let build_vars = || self.job_vars(site, job);
        if traces {
            let (vars, reads) = crate::model::reads::recording(build_vars);
            (vars, Some(reuse::Trace::new(reads, job.log.is_some())))
        } else {
            (build_vars(), None)
        }
    }

    /// Renders a page's variables through its template (counted as rendered).
    fn render_vars(&self, vars: PageVars<'_>) -> Result<OutputData, Diagnostic> {
        self.count_render();
        vars.render()
            .map(|html| OutputData::text(finish_html(html, &self.options)))
            .map_err(|e| theme::template_diagnostic(&e, &self.theme.template_origin))
    }

    /// The template and variables of one job.
    fn job_vars<'a>(&'a self, site: &'a Site, job: &PageJob<'_>) -> PageVars<'a> {
        page_vars(
            site,
            &self.theme,
            &self.site_context,
            &self.sidebar,
            &self.options,
            job,
        )
    }

    /// Debug builds: a page kept by its trace must have the fingerprint its variables give now,
    /// or a read went around the recording (see [`reuse::trace`]).
    #[cfg(debug_assertions)]
    fn check_unchanged(&self, site: &Site, job: &PageJob<'_>, kept: u128, trace: &reuse::Trace) {
        let vars = self.job_vars(site, job);
        assert_eq!(
            vars.fingerprint(&self.options),
            Some(kept),
            "{} was kept by its trace {trace:?}, but its variables changed",
            job.url
        );
    }
}

/// One page [`Renderer::render_jobs_fingerprinted`] rendered or kept.
struct RenderedPage {
    path: String,
    html: Result<OutputData, Diagnostic>,
    /// The fingerprint of its inputs, when worked out.
    fingerprint: Option<u128>,
    /// What its variables were built from, when traced.
    trace: Option<reuse::Trace>,
}

/// A page at its own URL; a decision log's folder page with its whole log.
fn own_job(site: &Site, id: PageId) -> PageJob<'_> {
    let log = site
        .decisions
        .logs()
        .iter()
        .find(|l| l.page() == id)
        .map(|log| (log, decisions::LogFilter::All));
    PageJob {
        page: id,
        url: site.page(id).url.clone(),
        log,
    }
}

/// The decision logs' views at URLs of their own: each log's filtered views (by status, by
/// tag), and the log of all records at its folder.
fn log_view_jobs(site: &Site) -> Vec<PageJob<'_>> {
    let mut jobs = Vec::new();
    for log in site
        .decisions
        .logs()
        .iter()
        .chain(site.decisions.combined())
    {
        for (url, filter) in decisions::filtered_pages(site, log) {
            jobs.push(PageJob {
                page: log.page(),
                url,
                log: Some((log, filter)),
            });
        }
    }
    if let Some(combined) = site.decisions.combined() {
        jobs.push(PageJob {
            page: combined.page(),
            url: url::folder_url(combined.folder()),
            log: Some((combined, decisions::LogFilter::All)),
        });
    }
    jobs
}

/// One HTML page to render: a page of the model at its own URL, or a decision log's filtered
/// view at another URL.
struct PageJob<'a> {
    page: PageId,
    url: String,
    log: Option<(&'a DecisionLog, decisions::LogFilter<'a>)>,
}

/// The output path of the site's link graph.
pub(crate) const LINKS_JSON: &str = "links.json";

/// Every decision record, for scripts and other tools.
const DECISIONS_JSON: &str = "decisions.json";

/// What [`Renderer::render_site_keeping`] made.
pub(crate) struct RenderedSite {
    pub(crate) output: Output,
    pub(crate) diagnostics: Diagnostics,
    /// Each page's HTML with the fingerprint of its inputs (when the renderer keeps them).
    pub(crate) memo: reuse::RenderMemo,
    /// The paths [`Renderer::render_site_wide`] wrote; `None` when they were left out.
    pub(crate) site_wide_paths: Option<std::collections::BTreeSet<String>>,
    /// The log views left for [`Renderer::render_later`], by output path.
    pub(crate) later: Vec<String>,
}

/// What a template is given: [`tera::Context`] for rendering, [`reuse::Fingerprint`] to tell
/// whether a page would render as it did. A page's variables are put through this one door, so
/// the fingerprint covers exactly what the template sees.
pub(crate) trait Vars: Sized {
    /// Sets the template variable `key`.
    fn put<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Sets the variables of the language `lang` (see [`insert_language`]): all functions of
    /// the theme and the tag.
    fn put_language(&mut self, theme: &Theme, lang: &str) {
        put_language_vars(self, theme, lang);
    }
}

impl Vars for tera::Context {
    fn put<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(key, value);
    }

    fn put_language(&mut self, theme: &Theme, lang: &str) {
        put_language_scalars(self, lang);
        self.insert_value("t", theme.template_table(lang));
    }
}

/// A page's template and the variables it is rendered with.
struct PageVars<'a> {
    template: &'static str,
    log: Option<decisions::LogContext>,
    site_context: &'a SiteContext,
    theme: &'a Theme,
    lang: &'a str,
    /// `page`, but for its `content`, which is put in only to render: the fingerprint takes the
    /// body's digest instead of its HTML.
    page: PageContext<'a>,
    /// The page's body, shown as `page.content` (none on a decision log's filtered view).
    body: Option<&'a crate::model::Body>,
    root: String,
    home_href: String,
    sidebar: String,
    health_href: String,
    changes_href: String,
    search_href: String,
}

impl PageVars<'_> {
    fn put_all(&self, vars: &mut impl Vars) {
        if let Some(log) = &self.log {
            vars.put("log", log);
        }
        vars.put("site", self.site_context);
        insert_language(vars, self.theme, self.lang);
        vars.put("page", &self.page);
        vars.put("root", &self.root);
        vars.put("home_href", &self.home_href);
        vars.put("sidebar", &self.sidebar);
        vars.put("health_href", &self.health_href);
        vars.put("changes_href", &self.changes_href);
        vars.put("search_href", &self.search_href);
    }

    /// A fingerprint of every variable the template is given.
    fn fingerprint(&self, options: &RenderOptions) -> Option<u128> {
        debug_assert!(self.page.content.is_empty());
        let mut fingerprint = reuse::Fingerprint::new(self.template, options);
        self.put_all(&mut fingerprint);
        fingerprint.put(
            "page.content",
            &self.body.map(crate::model::Body::html_digest),
        );
        fingerprint.finish()
    }

    fn render(mut self) -> Result<String, tera::Error> {
        if let Some(body) = self.body {
            self.page.content = body.html.clone();
        }
        let mut ctx = tera::Context::new();
        self.put_all(&mut ctx);
        self.theme.tera.render(self.template, &ctx)
    }
}

fn page_vars<'a>(
    site: &'a Site,
    theme: &'a Theme,
    site_context: &'a SiteContext,
    sidebar: &sidebar::Sidebar,
    options: &RenderOptions,
    job: &PageJob<'_>,
) -> PageVars<'a> {
    let page = site.page(job.page);
    let mut page_ctx = page_context(site, job.page, &job.url, options.relative_index);
    let template = match (page.kind, &job.log) {
        (_, Some(_)) => "decision-log.html",
        (PageKind::Home, None) => "home.html",
        (PageKind::Section, None) => "section.html",
        (PageKind::Content, None) => "page.html",
        (PageKind::Decision, None) => "decision.html",
    };
    let (translations, fallback) = language_links(site, theme, job.page, &job.url, options);
    page_ctx.translations = translations;
    page_ctx.fallback = fallback;
    let mut log_vars = None;
    let mut body = Some(&page.body);
    if let Some((log, filter)) = &job.log {
        let log_ctx = decisions::log_context(site, log, &job.url, *filter, options.relative_index);
        if job.url != page.url {
            // A filtered view lives at another URL: the folder page's own text (with links
            // relative to the folder) is not repeated there.
            body = None;
            page_ctx.toc.clear();
            page_ctx.title = log_ctx.page_title().into();
            page_ctx.url = job.url.clone().into();
            // Not in the navigation order: the log itself is the way back.
            page_ctx.prev = None;
            page_ctx.next = None;
            page_ctx.breadcrumbs.push(context::PageLink {
                title: log_ctx.title.clone().into(),
                href: log_ctx.all_href.clone(),
            });
        }
        log_vars = Some(log_ctx);
    }
    PageVars {
        template,
        log: log_vars,
        site_context,
        theme,
        lang: site.page_language(job.page),
        page: page_ctx,
        body,
        root: url::root_prefix(&job.url),
        home_href: relative_href(&job.url, "", options.relative_index),
        sidebar: sidebar.render_for(site, job.page, &job.url),
        health_href: relative_href(&job.url, health::HEALTH_URL, options.relative_index),
        changes_href: relative_href(&job.url, health::CHANGES_URL, options.relative_index),
        search_href: relative_href(&job.url, health::SEARCH_URL, options.relative_index),
    }
}

/// In a multilingual handbook, the page in each language (for the switcher and `hreflang`),
/// and on a fallback page what its notice says.
fn language_links(
    site: &Site,
    theme: &Theme,
    id: PageId,
    at_url: &str,
    options: &RenderOptions,
) -> (Vec<context::LanguageLink>, Option<context::FallbackNotice>) {
    if site.config.languages.is_empty() {
        return (Vec::new(), None);
    }
    let name = |lang: &str| theme.translations.language_name(lang);
    let here = site.tree_language(id);
    let links = site
        .languages()
        .into_iter()
        .filter_map(|lang| {
            let page = site.in_language(id, lang)?;
            let target = site.page(page);
            Some(context::LanguageLink {
                lang: lang.to_string(),
                name: name(lang),
                href: relative_href(at_url, &target.url, options.relative_index),
                permalink: site
                    .config
                    .base_url
                    .as_ref()
                    .map(|base| format!("{base}{}", url::encode_path(&target.url))),
                current: lang == here,
                untranslated: target.fallback_of.is_some(),
            })
        })
        .collect();
    let fallback = site.page(id).fallback_of.map(|original| {
        let original_lang = site.tree_language(original);
        context::FallbackNotice {
            language: name(here),
            original: name(original_lang),
            original_href: relative_href(at_url, &site.page(original).url, options.relative_index),
        }
    });
    (links, fallback)
}

/// The variables of a page's language: `lang`, `dir` (`ltr` or `rtl`), the interface strings
/// `t`, and `strings_json`, the strings the theme's scripts show, as JSON for a
/// `<script type="application/json">` element.
pub(crate) fn insert_language(ctx: &mut impl Vars, theme: &Theme, lang: &str) {
    ctx.put_language(theme, lang);
}

/// [`Vars::put_language`] for a template's context.
fn put_language_vars(ctx: &mut impl Vars, theme: &Theme, lang: &str) {
    put_language_scalars(ctx, lang);
    ctx.put("t", &*theme.translations.table(lang));
}

/// `lang` and `dir`, the language variables besides its table.
fn put_language_scalars(ctx: &mut impl Vars, lang: &str) {
    ctx.put("lang", lang);
    ctx.put(
        "dir",
        if crate::i18n::is_rtl(lang) {
            "rtl"
        } else {
            "ltr"
        },
    );
}

/// The scripts' strings of each language a page is written in, one file per language
/// (`assets/strings/ja.js`), which `base.html` loads: written once rather than in every page
/// (2.3 KB a page), and read from `file://` too, which a fetched JSON file would not be.
fn write_script_strings(site: &Site, theme: &Theme, output: &mut Output) {
    let mut languages: std::collections::BTreeSet<&str> =
        site.pages.iter().map(|p| p.lang.as_str()).collect();
    languages.insert(&site.config.language);
    languages.extend(site.languages());
    for lang in languages {
        let table = theme.translations.table(lang);
        output.insert(
            format!("assets/strings/{lang}.js"),
            OutputData::text(format!(
                "window.handbookStrings = {};\n",
                script_strings(&table)
            )),
        );
    }
}

/// The strings of `table` that the theme's scripts use (`search_*`, `decision_*`, `script_*`,
/// the status names), as JSON that is safe inside a `<script>` element.
fn script_strings(table: &serde_json::Value) -> String {
    let strings: serde_json::Map<String, serde_json::Value> = table
        .as_object()
        .map(|t| {
            t.iter()
                .filter(|(k, _)| {
                    k.starts_with("search_")
                        || k.starts_with("decision_")
                        || k.starts_with("script_")
                        || *k == "status_names"
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    serde_json::Value::Object(strings)
        .to_string()
        .replace('<', "\\u003c")
}

fn finish_html(mut html: String, options: &RenderOptions) -> String {
    if let Some(snippet) = &options.body_end_snippet {
        match html.rfind("</body>") {
            Some(i) => html.insert_str(i, snippet),
            None => html.push_str(snippet),
        }
    }
    html
}

fn site_context(site: &Site) -> SiteContext {
    let config = &site.config;
    // Without a `title` in handbook.yml, the home page's own title ("Sourcegraph Handbook") says
    // more than the folder's name ("Sg").
    let home = site.page(site.home);
    let title = if config.title_from_folder && home.rel_path.is_some() {
        home.title.clone()
    } else {
        config.title.clone()
    };
    SiteContext {
        title,
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        footer_html: config.footer.as_deref().map(inline_markdown),
        search: config.search,
        generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
        feeds: config.base_url.is_some(),
        has_decisions: !site.decisions.is_empty(),
    }
}

/// Renders one line of Markdown without the wrapping paragraph.
fn inline_markdown(text: &str) -> String {
    let rendered = crate::markdown::render(text, None, |_| (None, ()));
    let html = rendered.html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

/// The `page` variable of one page.
pub(crate) fn page_context<'a>(
    site: &'a Site,
    id: PageId,
    at_url: &str,
    relative_index: bool,
) -> PageContext<'a> {
    let page = site.page(id);
    let link = |to: PageId| PageLink {
        title: Cow::Borrowed(site.page(to).title.as_str()),
        href: relative_href(at_url, &site.page(to).url, relative_index),
    };
    let breadcrumbs = nav::ancestors(site, id).into_iter().map(link).collect();
    let (prev, next) = nav::neighbours(site, id);
    // A page shown at another URL is a decision log's filtered view, which lists its rows,
    // not the folder's pages: building every record's link for each of a log's views (80
    // views of 2,000 records at 10,000 pages) made the cost of a page grow with the handbook.
    let children = if at_url == page.url {
        page.children
            .iter()
            .map(|&c| child_link(site, c, at_url, relative_index))
            .collect()
    } else {
        Vec::new()
    };
    let backlinks = site
        .backlinks
        .get(&id)
        .map(|b| b.iter().map(|&p| link(p)).collect())
        .unwrap_or_default();
    let mut outgoing: Vec<PageId> = site.links.get(id.0).map_or_else(Vec::new, |links| {
        links
            .iter()
            .filter_map(|l| match l.target {
                crate::model::links::Target::Page { page: to, .. } if to != id => Some(to),
                _ => None,
            })
            .collect()
    });
    outgoing.sort_by_cached_key(|id| (site.page(*id).title.to_lowercase(), *id));
    outgoing.dedup();
    PageContext {
        kind: kind_name(page.kind),
        title: Cow::Borrowed(&page.title),
        description: page.description(),
        lead: page.meta.description.as_deref(),
        url: Cow::Borrowed(&page.url),
        permalink: site
            .config
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", url::encode_path(&page.url))),
        source_path: page.rel_path.as_deref(),
        // Put in by `PageVars::render` (see `PageVars::page`).
        content: String::new(),
        toc: page
            .body
            .headings
            .iter()
            .filter(|h| !page.meta.hide_toc && (2..=3).contains(&h.level))
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                title: &h.text,
            })
            .collect(),
        tags: &page.meta.tags,
        tag_links: tags::tag_links(site, id, at_url, relative_index),
        has_code: page.body.has_code(),
        owner: page.meta.owner.as_deref(),
        reviewed: page.meta.reviewed.map(|d| d.to_string()),
        updated: page.meta.updated.map(|d| d.to_string()),
        extra: &page.meta.extra,
        word_count: page.body.word_count,
        reading_minutes: page.body.word_count.div_ceil(READING_SPEED).max(1),
        edit_url: page
            .rel_path
            .as_deref()
            .and_then(|rel| crate::model::health::edit_url(site, rel)),
        breadcrumbs,
        prev: prev.map(link),
        next: next.map(link),
        children,
        backlinks,
        links: outgoing.into_iter().map(link).collect(),
        has_mermaid: page.body.has_mermaid,
        search_excluded: !page.meta.search,
        decision: decisions::decision_context(site, id, at_url, relative_index),
        needs_review_since: site
            .health
            .page(id)
            .review_due
            .filter(|_| site.health.page(id).overdue)
            .map(|d| d.to_string()),
        last_updated: site
            .health
            .page(id)
            .updated
            .map(|u| u.at.date_naive().to_string()),
        last_updated_source: site.health.page(id).updated.map(|u| u.source.as_str()),
        lang: &page.lang,
        translations: Vec::new(),
        fallback: None,
    }
}

/// A page as a listing shows it (a section's children, a tag's pages), linked from `at_url`.
fn child_link<'a>(site: &'a Site, id: PageId, at_url: &str, relative_index: bool) -> ChildLink<'a> {
    let child = site.page(id);
    ChildLink {
        title: &child.title,
        href: relative_href(at_url, &child.url, relative_index),
        description: child.description(),
        kind: kind_name(child.kind),
        count: child.children.len(),
    }
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Content => "content",
        PageKind::Decision => "decision",
    }
}

/// `404.html` is served for any missing URL, at any depth, so its links use the site's absolute
/// base path instead of relative ones.
fn render_not_found(
    site: &Site,
    theme: &Theme,
    site_context: &SiteContext,
    sidebar: &sidebar::Sidebar,
    options: &RenderOptions,
    output: &mut Output,
    diagnostics: &mut Diagnostics,
) {
    let base = site.config.base_path();
    let mut ctx = tera::Context::new();
    ctx.insert("site", site_context);
    insert_language(&mut ctx, theme, &site.config.language);
    ctx.insert("root", &base);
    ctx.insert("home_href", &base);
    ctx.insert("sidebar", &sidebar.render_absolute(site, &base));
    match theme.tera.render("404.html", &ctx) {
        Ok(html) => output.insert("404.html", OutputData::text(finish_html(html, options))),
        Err(e) => diagnostics.push(theme::template_diagnostic(&e, &theme.template_origin)),
    }
}

fn redirect_page(href: &str) -> String {
    let href = escape_text(href);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title>\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\"><link rel=\"canonical\" href=\"{href}\"></head>\
         <body><p>This page has moved to <a href=\"{href}\">{href}</a>.</p></body></html>\n"
    )
}

fn sitemap(site: &Site) -> Option<String> {
    let base = site.config.base_url.as_ref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // A fallback repeats its original (a translation not written yet): not a page to index.
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.fallback_of.is_none())
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    for page in pages {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            escape_text(&format!("{base}{}", url::encode_path(&page.url)))
        );
        // The last commit when git knows the file, else the front matter; never the file's
        // modification time, which a fresh checkout resets (the sitemap would change with it).
        let committed = site
            .health
            .page(page.id)
            .updated
            .filter(|u| u.source == crate::model::health::UpdatedSource::Git)
            .map(|u| u.at.date_naive());
        if let Some(date) = committed.or(page.meta.updated).or(page.meta.reviewed) {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

fn robots(site: &Site) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        let _ = writeln!(text, "Sitemap: {base}sitemap.xml");
    }
    text
}

/// The file of `output` that writing `path` would replace or be blocked by: `path` itself, or
/// a file where one of its folders would go (`robots.txt` for `robots.txt/index.html`).
fn taken_by(output: &Output, path: &str) -> Option<String> {
    if output.files.contains_key(path) {
        return Some(path.to_string());
    }
    path.match_indices('/')
        .map(|(i, _)| &path[..i])
        .find(|folder| output.files.contains_key(*folder))
        .map(str::to_string)
}
