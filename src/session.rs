//! The one driver of the pipeline: load -> model -> render -> (write). `build`, `check` and
//! `serve` all go through a [`Session`], so no second pipeline can appear.

mod cached;
mod rebuild;
pub use cached::Work;
pub use rebuild::{ChangeKind, ChangeSet, Rebuild};

use crate::build_cache;
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::{self, Sources};
use crate::model::{self, ModelDiagnostics, ModelOptions, Site};
use crate::output::{Output, OutputData};
use crate::render::{RenderOptions, Renderer, theme};
use crate::search::{self, SearchStats};
use crate::write::{self, WriteStats};
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How a session builds.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The handbook folder.
    pub root: PathBuf,
    /// Output folder; defaults to `output` of `handbook.yml`, relative to the root.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `handbook.yml`.
    pub base_url: Option<String>,
    /// Page hrefs end in `index.html` (the site then works opened from disk).
    pub relative_index: bool,
    /// Builds no search index even when the config asks for one.
    pub no_search: bool,
    /// Added before `</body>` of every page (`serve`'s live-reload client).
    pub body_end_snippet: Option<String>,
    /// How much of the Markdown to render (read-only commands render only what they print).
    pub bodies: model::Bodies,
}

impl SessionOptions {
    /// Options of the commands that read a handbook without publishing it (`check`,
    /// `decisions`, `health`): no search index, code not highlighted.
    pub fn read_only(root: PathBuf) -> Self {
        SessionOptions {
            root,
            no_search: true,
            bodies: model::Bodies::Checked,
            ..SessionOptions::default()
        }
    }
}

/// The result of one build, before it is written.
pub struct Build {
    /// The configuration in force.
    pub config: Config,
    /// The model (pages, navigation, links).
    pub site: Site,
    /// Every output file, in memory.
    pub output: Output,
    /// Every problem found, sorted.
    pub diagnostics: Diagnostics,
    /// How long loading, modelling, rendering and indexing took.
    pub elapsed: Duration,
    /// What the search index holds and what it cost, when one was built.
    pub search: Option<SearchStats>,
}

impl Build {
    /// True when an error makes the site unfit to write at all.
    pub fn is_fatal(&self) -> bool {
        self.diagnostics
            .items()
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error && d.code.is_fatal())
    }

    /// Number of pages of the site.
    pub fn page_count(&self) -> usize {
        self.site.pages.len()
    }
}

/// The handbook loaded and modelled, not rendered ([`Session::model`]).
pub struct Model {
    /// The configuration in force.
    pub config: Config,
    /// What was read from disk (pages, decision folders, ...).
    pub sources: Sources,
    /// The model (pages, navigation, links, decision records).
    pub site: Site,
    /// Problems found while loading and modelling, unsorted.
    pub diagnostics: Diagnostics,
}

/// A handbook being built (once, or again and again by `serve`).
pub struct Session {
    options: SessionOptions,
    /// The last build of [`Session::rebuild`] (`serve`).
    current: Option<Build>,
    /// What the next [`Session::rebuild`] can reuse of the last full one.
    kept: Option<Kept>,
    /// Sources [`Session::unchanged_build`] loaded, for the build that follows.
    preloaded: Option<Preloaded>,
    /// Parses and bodies of the last build, for [`Session::rebuild`] to reuse.
    memo: model::memo::ModelMemo,
    /// Pages of the last build with the fingerprints of their inputs, for [`Session::rebuild`].
    render_memo: crate::render::reuse::RenderMemo,
    /// Whether the build under way fills the memos (`serve`'s rebuilds do; `build` does not).
    remember: bool,
    /// What a build takes from the build cache and keeps there (see [`cached`]).
    reuse: Option<cached::Reuse>,
    /// How much of the last build was worked out again.
    work: Work,
    /// The last load's problems, as the loader reported them, for a reload to keep.
    load_diagnostics: Vec<Diagnostic>,
    /// What the next load may take from the last one instead of reading it again (set by
    /// [`Session::rebuild`] when only Markdown files changed).
    reload: Option<load::Reload>,
    /// The last build's theme, for the next one when only Markdown files changed since (a
    /// theme is made of templates, static files, translation tables and the config, none of
    /// which a page is; loading it again cost ~7 ms of every save).
    same_theme: Option<std::sync::Arc<theme::Theme>>,
    /// Whether the build under way leaves the outputs that follow every page for
    /// [`Session::finish_deferred`] (set by [`Session::rebuild`]).
    defer_site_wide: bool,
    /// For the build under way, the files of the save (set by [`Session::rebuild`]): the
    /// decision logs' views are left for [`Session::finish_later_pages`] unless one of these is
    /// the log's page (see `Renderer::render_site_keeping`).
    later_unless_edited: Option<std::collections::BTreeSet<String>>,
}

/// The config and sources of a build, loaded and fingerprinted ahead of it.
struct Preloaded {
    config: Config,
    /// Config and load problems.
    diagnostics: Diagnostics,
    sources: Sources,
    /// Their fingerprint, for the "nothing changed" record (`None`: the build is not recorded).
    fingerprint: Option<build_cache::Fingerprint>,
}

/// The parts of a build that a patched edit reuses (see [`model::patch`]).
struct Kept {
    /// The files as last read, patched by edits.
    sources: Sources,
    /// The templates and shared parts of the pages.
    renderer: Renderer,
    /// The model's problems, by where they come from.
    model_diagnostics: ModelDiagnostics,
    /// Config, load and render problems: an edit to a page's body changes none of them.
    other_diagnostics: Vec<Diagnostic>,
    /// Outputs a patched edit left out of date, for [`Session::finish_deferred`].
    deferred: Deferred,
    /// The paths of the outputs that follow every page, as last rendered.
    site_wide_paths: std::collections::BTreeSet<String>,
}

/// What [`Session::finish_deferred`] has to bring up to date.
#[derive(Debug, Default)]
struct Deferred {
    /// The health and changes pages and the feeds.
    site_wide: bool,
    /// `links.json`.
    links: bool,
    /// Decision log views left by the save's rebuild, by output path: rendered as soon as the
    /// save's pages are served ([`Session::finish_later_pages`]).
    pages: std::collections::BTreeSet<String>,
}

/// A full build before it is split into what is served and what is kept.
struct FullBuild {
    build: Build,
    /// Pages rendered through a template (the others were kept from the last build).
    rendered: usize,
    /// Pages whose template variables were built (see [`Rebuild::worked_out`]).
    worked_out: usize,
    kept: Option<Kept>,
    /// Log views left for later, by output path (see [`Session::finish_later_pages`]).
    later: Vec<String>,
}

impl Session {
    /// A session for the handbook at `options.root`.
    pub fn new(options: SessionOptions) -> anyhow::Result<Self> {
        if !options.root.is_dir() {
            anyhow::bail!("`{}` is not a folder", options.root.display());
        }
        Ok(Session {
            options,
            current: None,
            kept: None,
            preloaded: None,
            memo: model::memo::ModelMemo::default(),
            render_memo: Default::default(),
            remember: false,
            reuse: None,
            work: Work::default(),
            load_diagnostics: Vec::new(),
            reload: None,
            same_theme: None,
            defer_site_wide: false,
            later_unless_edited: None,
        })
    }

    /// The handbook folder.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// The output folder for a config (the `--out` option wins).
    pub fn out_dir(&self, config: &Config) -> PathBuf {
        match &self.options.out {
            Some(out) => out.clone(),
            None => {
                let out = Path::new(&config.output);
                if out.is_absolute() {
                    out.to_path_buf()
                } else {
                    self.options.root.join(out)
                }
            }
        }
    }

    /// Loads the config alone (for commands that need only it).
    pub fn config(&self) -> anyhow::Result<(Config, Diagnostics)> {
        let (mut config, mut config_diags) = Config::load(&self.options.root)?;
        if let Some((foreign, foreign_diags)) = load::foreign::detect(&self.options.root) {
            config_diags.extend(foreign_diags);
            apply_foreign(&self.options.root, &mut config, foreign, &mut config_diags);
        }
        apply_git_repository(&self.options.root, &mut config);
        config.obsidian_vault = self.options.root.join(".obsidian").is_dir();
        if let Some(url) = &self.options.base_url {
            // Applied to the parsed config, never spliced into YAML text; the command line
            // checked it already (a bad one exits 2 before a session starts).
            config.base_url = crate::config::normalize_base_url(url).map_err(|url| {
                anyhow::anyhow!("--base-url `{url}` is not an absolute http(s) URL")
            })?;
        }
        let mut d = Diagnostics::new();
        d.extend(config_diags);
        Ok((config, d))
    }

    /// Loads and models the handbook without rendering it (for commands that only read the
    /// model, such as `handbook decisions`). The same stages as [`Session::build`], which starts
    /// with this. Diagnostics are not sorted yet.
    pub fn model(&mut self) -> anyhow::Result<Model> {
        let (model, model_diagnostics) = self.model_parts()?;
        let mut model = model;
        model
            .diagnostics
            .extend(model_diagnostics.all().items().iter().cloned());
        Ok(model)
    }

    /// [`Session::model`] with the model's problems kept apart (in `Model::diagnostics`: only
    /// the config's and the loading's).
    fn model_parts(&mut self) -> anyhow::Result<(Model, ModelDiagnostics)> {
        let (config, diagnostics, sources) = match self.preloaded.take() {
            Some(p) => (p.config, p.diagnostics, p.sources),
            None => self.load()?,
        };
        let options = self.model_options();
        let fill = self.fills_memo();
        let (site, mut model_diagnostics) = crate::timings::stage("model", || {
            model::build_model_reusing(config.clone(), &sources, &options, &mut self.memo, fill)
        });
        for part in [&mut model_diagnostics.site, &mut model_diagnostics.health]
            .into_iter()
            .chain(&mut model_diagnostics.sources)
            .chain(&mut model_diagnostics.links)
        {
            relocate(&config, part);
        }
        let model = Model {
            config,
            sources,
            site,
            diagnostics,
        };
        Ok((model, model_diagnostics))
    }

    /// The config and the sources, with their problems.
    fn load(&mut self) -> anyhow::Result<(Config, Diagnostics, Sources)> {
        let (mut config, mut diagnostics) = self.config()?;
        let out_dir = self.out_dir(&config);
        let root = &self.options.root;
        let reload = self.reload.take();
        let (sources, mut load_diags) = crate::timings::stage("load", || match reload {
            Some(reload) => load::load_sources_again(root, &config, &out_dir, reload),
            None => load::load_sources(root, &config, &out_dir),
        })?;
        self.load_diagnostics = load_diags.clone();
        relocate(&config, &mut load_diags);
        diagnostics.extend(load_diags);
        if let Some((language, warning)) = crate::timings::stage("load/language", || {
            crate::i18n::detect_language(&config, &sources.markdown)
        }) {
            config.language = language;
            diagnostics.push(warning);
        }
        Ok((config, diagnostics, sources))
    }

    /// The build cache's shortcut (see [`build_cache`]): loads the sources and returns what
    /// the last build reported when it read exactly these inputs and its output folder is as it
    /// left it. Otherwise `None`, and the next build uses the sources loaded here, takes what
    /// the cache kept of the last build, and keeps its own work there.
    pub fn unchanged_build(&mut self) -> anyhow::Result<Option<build_cache::Hit>> {
        let (config, diagnostics, sources) = self.load()?;
        let out = self.out_abs(&config);
        let fingerprint =
            build_cache::fingerprint(&self.options, &out, &config, &diagnostics, &sources);
        if let Some(hit) = build_cache::lookup(&self.options.root, &out, fingerprint) {
            let out = self.out_dir(&config);
            return Ok(Some(build_cache::Hit { out, ..hit }));
        }
        self.lend_from_cache(&config, &sources);
        self.preloaded = Some(Preloaded {
            config,
            diagnostics,
            sources,
            fingerprint: Some(fingerprint),
        });
        Ok(None)
    }

    /// Records a build just written, for [`Session::unchanged_build`] to skip its repeat. Only
    /// a build whose sources [`Session::unchanged_build`] fingerprinted can be recorded; any
    /// other build forgets the record, since it may have changed the output.
    pub fn remember_build(
        &mut self,
        build: &Build,
        fingerprint: Option<build_cache::Fingerprint>,
    ) -> std::io::Result<()> {
        let recorded = match fingerprint {
            Some(fingerprint) => build_cache::store(
                &self.options.root,
                &self.out_abs(&build.config),
                fingerprint,
                build.page_count(),
                &build.diagnostics,
            ),
            None => {
                build_cache::forget(&self.options.root);
                Ok(())
            }
        };
        recorded.and(self.keep_pages(&build.config))
    }

    /// The fingerprint of the sources the next build will use, when they were preloaded.
    pub fn preloaded_fingerprint(&self) -> Option<build_cache::Fingerprint> {
        self.preloaded.as_ref().and_then(|p| p.fingerprint)
    }

    fn out_abs(&self, config: &Config) -> PathBuf {
        // Absolute without resolving links: the same before and after the folder exists.
        let out = self.out_dir(config);
        std::path::absolute(&out).unwrap_or(out)
    }

    fn model_options(&self) -> ModelOptions {
        ModelOptions {
            relative_index: self.options.relative_index,
            bodies: self.options.bodies,
        }
    }

    /// Loads, models and renders the whole handbook in memory. `Err` only for a failing
    /// environment; content problems are in [`Build::diagnostics`].
    pub fn build(&mut self) -> anyhow::Result<Build> {
        let mut build = self.full_build()?.build;
        // The build cache keeps copies of the bodies: the caller may still read them.
        self.keep_model(&mut build.site, false);
        Ok(build)
    }

    fn full_build(&mut self) -> anyhow::Result<FullBuild> {
        self.full_build_with(true)
    }

    /// [`Session::build`] and [`Session::write`] in one, as `handbook build` (without `--strict`)
    /// runs them: the search index is built on a thread of its own while the rest of the site is
    /// written, and its files join the same write (the staging folder of a first build, and the
    /// marker). The indexer reads the pages and hands them to Pagefind while they are written,
    /// and Pagefind assembles its index once they are: the writing shares the cores with the
    /// reading, and the memory not with the index (README, "Memory").
    ///
    /// Returns the build, with the index's files, stats and diagnostics as [`Session::build`]
    /// has them, and what the write did: `None` when the build is fatal and nothing was written.
    /// A build with errors that are not fatal is written, so `--strict`, which would refuse it,
    /// goes through [`Session::build`] and [`Session::write`] instead. The returned build's
    /// pages have no rendered body ([`crate::model::Body`] is empty), and its output names the
    /// files written (as copies of the files on disk) rather than holding their bytes.
    pub fn build_and_write(
        &mut self,
    ) -> anyhow::Result<(Build, Option<anyhow::Result<WriteStats>>)> {
        let started = Instant::now();
        let mut build = self.full_build_with(false)?.build;
        if build.is_fatal() {
            return Ok((build, None));
        }
        let out = self.out_dir(&build.config);
        let input = self
            .indexes(&build.config, &build.output)
            .then(|| search::SearchInput::new(&build.site, &build.output));
        // The pages' rendered bodies are in the output now, and nothing after a write reads
        // them: freed before Pagefind holds every page, they lower the peak memory (README,
        // "Performance"). The build cache takes them first, when it keeps this build's work.
        self.keep_model(&mut build.site, true);
        for page in &mut build.site.pages {
            page.body = Default::default();
        }
        // The writer takes the only copy of the site and frees each file once written, while
        // the indexer reads the pages (letting go of its share of each page's HTML) and hands
        // them to Pagefind. Pagefind assembles its index only once the site is written: the
        // unwritten pages and the index being assembled are never held at once, whichever
        // thread gets ahead (README, "Memory"). The indexer waits until `site_written` is
        // dropped, which the writer does once the site is written, or when the write fails.
        let output = std::mem::take(&mut build.output);
        let paths: Vec<String> = output.files.keys().cloned().collect();
        let mut indexed = None;
        let (site_written, wait_for_site) = std::sync::mpsc::channel::<()>();
        let written = write::check_output_dir(&self.options.root, &out).and_then(|()| {
            std::thread::scope(|scope| {
                let indexer = input.map(|input| {
                    scope.spawn(move || {
                        search::build_index_then(input, || {
                            // Returns once the sender is dropped.
                            let _ = wait_for_site.recv();
                        })
                    })
                });
                write::write_output_then(output, &out, || {
                    drop(site_written);
                    let Some(indexer) = indexer else {
                        return Output::default();
                    };
                    let (index, diagnostics) = indexer
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    let mut files = Output::default();
                    let stats = index.stats.clone();
                    index.add_to(&mut files);
                    indexed = Some((stats, diagnostics, files.clone(), started.elapsed()));
                    files
                })
                .with_context(|| format!("failed to write the site to `{}`", out.display()))
            })
        });
        // The build's output now lists the files as written, on disk.
        build.output.files = paths
            .into_iter()
            .map(|path| {
                let data = OutputData::copied(out.join(&path));
                (path, data)
            })
            .collect();
        if let Some((stats, diagnostics, files, elapsed)) = indexed {
            build.output.files.extend(files.files);
            build
                .diagnostics
                .extend(diagnostics.items().iter().cloned());
            build.diagnostics.sort();
            build.search = Some(stats);
            build.elapsed = elapsed;
        }
        Ok((build, Some(written)))
    }

    /// Whether a build of `output` gets a search index: `check` writes nothing, so it skips the
    /// index, and a failed render has no pages to index.
    fn indexes(&self, config: &Config, output: &Output) -> bool {
        config.search && !self.options.no_search && !output.files.is_empty()
    }

    fn full_build_with(&mut self, index: bool) -> anyhow::Result<FullBuild> {
        let started = Instant::now();
        let (
            Model {
                config,
                sources,
                site,
                diagnostics: mut other_diagnostics,
            },
            model_diagnostics,
        ) = self.model_parts()?;
        let theme = match self.same_theme.take() {
            Some(theme) => Ok(theme),
            None => crate::timings::stage("theme", || {
                theme::load_theme(
                    &self.options.root,
                    config.theme.as_deref(),
                    &sources.templates,
                    &sources.static_files,
                )
                .map(std::sync::Arc::new)
            }),
        };
        let mut rendered = 0;
        let mut worked_out = 0;
        let bodies = match self.options.bodies {
            model::Bodies::None => 0,
            _ => site
                .pages
                .iter()
                .filter(|p| p.source.is_some())
                .count()
                .saturating_sub(self.memo.reused().1),
        };
        // Kept pages are valid under the config and templates they were made with; taken either
        // way, so that a build that renders nothing (a broken theme) leaves none behind.
        let kept_pages = std::mem::take(&mut self.render_memo);
        let mut site_wide_paths = Default::default();
        let mut later = Vec::new();
        let (mut output, renderer) = match theme {
            Ok(theme) => {
                other_diagnostics.extend(theme.warnings.iter().cloned());
                let render_options = RenderOptions {
                    relative_index: self.options.relative_index,
                    body_end_snippet: self.options.body_end_snippet.clone(),
                };
                let renderer = crate::timings::stage("render/setup", || {
                    Renderer::new(&site, theme, render_options)
                });
                let mut renderer = renderer
                    .keeping(self.remember || self.reuse.is_some())
                    .tracing(self.remember);
                if self.reuses_pages() {
                    renderer = renderer.reusing(kept_pages);
                }
                let site_wide = !self.defer_site_wide;
                let crate::render::RenderedSite {
                    output,
                    diagnostics: render_diags,
                    memo,
                    site_wide_paths: paths,
                    later: later_paths,
                } = crate::timings::stage("render", || {
                    renderer.render_site_keeping(
                        &site,
                        site_wide,
                        self.later_unless_edited.as_ref(),
                    )
                });
                later = later_paths;
                site_wide_paths = paths.unwrap_or_default();
                rendered = renderer.rendered();
                worked_out = renderer.worked_out();
                renderer = renderer.reusing(Default::default()).keeping(false);
                if self.remember {
                    self.render_memo = memo;
                } else {
                    self.rendered_pages(memo);
                }
                let mut render_diags = render_diags.items().to_vec();
                relocate(&config, &mut render_diags);
                // A page that failed to render would not be re-rendered by a patched edit.
                let keep = render_diags.is_empty();
                other_diagnostics.extend(render_diags);
                (output, keep.then_some(renderer))
            }
            Err(theme_diags) => {
                other_diagnostics.extend(theme_diags);
                (Output::default(), None)
            }
        };
        let search = if index && self.indexes(&config, &output) {
            let (index, search_diags) = search::build_search_index(&site, &output);
            other_diagnostics.extend(search_diags.items().iter().cloned());
            let stats = index.stats.clone();
            index.add_to(&mut output);
            Some(stats)
        } else {
            None
        };
        let mut diagnostics = model_diagnostics.all();
        diagnostics.extend(other_diagnostics.items().iter().cloned());
        diagnostics.sort();
        let kept = renderer.map(|renderer| Kept {
            sources,
            renderer,
            model_diagnostics,
            other_diagnostics: other_diagnostics.items().to_vec(),
            deferred: Deferred::default(),
            site_wide_paths,
        });
        self.work = Work {
            bodies,
            pages: rendered,
        };
        Ok(FullBuild {
            rendered,
            worked_out,
            later,
            build: Build {
                config,
                site,
                output,
                diagnostics,
                elapsed: started.elapsed(),
                search,
            },
            kept,
        })
    }

    /// Writes a build to the output folder (after checking the folder is safe to write).
    pub fn write(&self, build: &Build) -> anyhow::Result<WriteStats> {
        let out = self.out_dir(&build.config);
        write::check_output_dir(&self.options.root, &out)?;
        write::write_output(&build.output, &out)
            .with_context(|| format!("failed to write the site to `{}`", out.display()))
    }
}

/// Uses another generator's config (Hugo, MkDocs, mdBook, Eleventy, Jekyll, Docusaurus): pages from its
/// content folder, its navigation order and exclusions, and, without a `handbook.yml`, its
/// title, base URL and language. A note
/// says so, so that a user wondering where `/content/` went has the answer.
fn apply_foreign(
    root: &Path,
    config: &mut Config,
    site: load::foreign::ForeignSite,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // The settings the tool's config gives, which the note names.
    let given: Vec<&str> = [
        (site.title.is_some(), "title"),
        (site.base_url.is_some(), "base URL"),
        (site.language.is_some(), "language"),
        (!site.nav.is_empty(), "navigation order"),
    ]
    .into_iter()
    .filter_map(|(given, what)| given.then_some(what))
    .collect();
    config.content_dir = site.content_dir.clone();
    config.nav_order = site.nav;
    config.exclude.extend(site.exclude);
    config.docusaurus = site.docusaurus.clone();
    config.definition_lists.get_or_insert(site.definition_lists);
    let has_own_config = root.join(crate::config::CONFIG_FILE).exists();
    if !has_own_config {
        if let Some(title) = site.title {
            config.title = title;
            // The other tool's own title is the site's, not a guess from the home page.
            config.title_from_folder = false;
        }
        if let Some(language) = site.language {
            config.language = language;
        }
        // Read as `base_url` is: an absolute http(s) URL with a final `/`, anything else unused.
        if let Some(Ok(Some(url))) = site
            .base_url
            .as_deref()
            .map(crate::config::normalize_base_url)
        {
            config.base_url = Some(url);
        }
    }
    let settings = if has_own_config {
        "`handbook.yml` gives the settings".to_string()
    } else {
        match given.as_slice() {
            [] => "nothing else of its settings is used".to_string(),
            [one] => format!("its {one} is used"),
            [init @ .., last] => format!("its {} and {last} are used", init.join(", ")),
        }
    };
    diagnostics.push(
        Diagnostic::note(
            Code::ForeignSite,
            &site.config_file,
            0,
            0,
            format!(
                "{} config found: pages are read from {}, and {settings}",
                site.tool,
                if site.content_dir.is_empty() {
                    "the root".to_string()
                } else {
                    format!("`{}/`", site.content_dir)
                }
            ),
        )
        .with_help("a `handbook.yml` beside it takes precedence over its settings"),
    );
}

/// Diagnostics about pages name them as they are in the handbook folder: a Hugo site's pages
/// are read from `content/`, so `content/` is put back in front of their paths.
fn relocate(config: &Config, diagnostics: &mut [Diagnostic]) {
    if config.content_dir.is_empty() {
        return;
    }
    for d in diagnostics {
        let mdx = config.docusaurus.is_some() && load::foreign::docusaurus::is_mdx(&d.file);
        if load::is_markdown(&d.file) || mdx {
            d.file = config.source_path(&d.file);
        }
    }
}

/// The repository of self-links: `repository` of `handbook.yml`, else the git remote `origin`;
/// and where the handbook folder is inside the work tree (`git rev-parse --show-prefix`).
fn apply_git_repository(root: &Path, config: &mut Config) {
    let git = |args: &[&str]| {
        crate::load::git::git(root, args)
            .ok()
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
    };
    if config.repository.is_none() {
        config.repository = git(&["remote", "get-url", "origin"]).filter(|r| !r.is_empty());
    }
    if config.repository.is_some() {
        config.repository_subdir = git(&["rev-parse", "--show-prefix"]).unwrap_or_default();
    }
}
