//! MODEL: loaded sources -> [`Site`], the whole handbook as data: pages, navigation, rendered
//! Markdown, the link graph. Pure: no file is read or written here.

pub mod clash;
pub mod decisions;
pub mod health;
pub mod languages;
pub mod links;
pub mod memo;
pub mod nav;
pub mod page;
pub mod patch;
pub(crate) mod reads;
pub mod repository;
pub mod shortcodes;
pub mod suggest;
pub mod url;

use crate::config::Config;
use crate::decision::{Decision, DecisionInput};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::frontmatter::{self, PageMeta};
use crate::load::{RelPath, SourceFile, Sources};
use crate::markdown::{self, ShortcodeHost as _};
use links::{Broken, Link, Resolver, Target};
pub use page::{Body, Page, PageId, PageKind};
use rayon::prelude::*;
use std::collections::HashSet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// Choices that change the model but are not part of `handbook.yml`.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// Page hrefs end in `index.html`, so the site works opened from disk.
    pub relative_index: bool,
    /// How much of each page's Markdown to render.
    pub bodies: Bodies,
}

/// How much of each page's Markdown the model renders: only what the command will show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Bodies {
    /// Everything, code highlighted: the site is published (`build`, `serve`).
    #[default]
    Full,
    /// Links, ids, headings and summaries, code left plain: the pages are checked, not shown
    /// (`check`, `health`).
    Checked,
    /// Nothing: no body is read, no link resolved (`decisions` prints records only).
    None,
}

/// The whole handbook, ready to render.
#[derive(Debug, Default)]
pub struct Site {
    /// The validated configuration.
    pub config: Config,
    /// Every published page; `PageId(i)` is `pages[i]`.
    pub pages: Vec<Page>,
    /// The home page.
    pub home: PageId,
    /// Section page of each folder (`""` is the root).
    pub sections: BTreeMap<RelPath, PageId>,
    /// Pages in navigation order (depth first), for previous/next links.
    pub nav_order: Vec<PageId>,
    /// Position of each page in `nav_order` (indexed like `pages`).
    pub nav_position: Vec<usize>,
    /// Page by URL.
    pub by_url: HashMap<String, PageId>,
    /// Page by source path.
    pub by_source: HashMap<RelPath, PageId>,
    /// Files copied into the site, by output path.
    pub assets: BTreeMap<String, PathBuf>,
    /// Index files left out because a stronger one has their folder's URL: source -> winner's page.
    pub shadowed: HashMap<RelPath, PageId>,
    /// Source paths of drafts (left out, but links to them get a precise error).
    pub drafts: BTreeSet<RelPath>,
    /// Source paths of decision record templates (left out; a link to one is a warning, since
    /// a decision log's introduction often points at its template).
    pub record_templates: BTreeSet<RelPath>,
    /// Resolved outgoing links of each page, indexed like `pages`.
    pub links: Vec<Vec<Link>>,
    /// Pages linking to each page.
    pub backlinks: BTreeMap<PageId, Vec<PageId>>,
    /// Old URLs (from `aliases`) that redirect to a page.
    pub aliases: BTreeMap<String, PageId>,
    /// Decision records and the logs they form.
    pub decisions: decisions::Decisions,
    /// Last-updated dates, reviews due, stale proposals (see [`health`]).
    pub health: health::Health,
    /// "Did you mean" for missing link targets (valid while the pages' paths and titles are).
    pub suggestions: links::Suggestions,
    /// In a multilingual handbook: the pages of each key (a URL without its language folder) by
    /// language, translations and fallbacks alike (see [`languages`]).
    pub translations: BTreeMap<String, BTreeMap<String, PageId>>,
}

impl Site {
    /// One page.
    pub fn page(&self, id: PageId) -> &Page {
        reads::note(id);
        &self.pages[id.0]
    }

    /// The resolved outgoing links of a page.
    pub fn links_of(&self, id: PageId) -> &[Link] {
        &self.links[id.0]
    }

    /// One page, to change.
    pub(crate) fn page_mut(&mut self, id: PageId) -> &mut Page {
        &mut self.pages[id.0]
    }

    /// The language a page is written in: its `lang` front matter, else the language of its
    /// tree in a multilingual handbook, else the site's.
    pub(crate) fn page_language(&self, page: PageId) -> &str {
        &self.page(page).lang
    }

    /// The decision number of a page, when it is a numbered decision record.
    pub(crate) fn decision_number(&self, page: PageId) -> Option<u32> {
        self.decisions
            .of_page(page)
            .and_then(|i| self.decisions.record(i).number)
    }

    /// The decision record shown on a page.
    pub fn decision_of(&self, page: PageId) -> Option<&crate::decision::Decision> {
        self.decisions
            .of_page(page)
            .map(|i| self.decisions.record(i))
    }
}

/// Problems found while modelling, kept by where they come from, so that `serve` can replace
/// one page's share after an edit instead of modelling the whole handbook again.
#[derive(Debug, Clone, Default)]
pub struct ModelDiagnostics {
    /// Front matter and record problems, by source file (indexed like `Sources::markdown`).
    pub sources: Vec<Vec<Diagnostic>>,
    /// Broken links and fragments, by page (indexed like [`Site::pages`]).
    pub links: Vec<Vec<Diagnostic>>,
    /// Duplicate URLs, aliases and decision logs: problems of the site as a whole.
    pub site: Vec<Diagnostic>,
    /// Reviews due and stale proposals.
    pub health: Vec<Diagnostic>,
}

impl ModelDiagnostics {
    /// Every problem, unsorted, those said once per site folded into their first occurrence.
    pub fn all(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(crate::diagnostic::once_per_site(self.iter().cloned()));
        all
    }

    /// Every problem, unsorted, borrowed.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.sources
            .iter()
            .flatten()
            .chain(self.links.iter().flatten())
            .chain(&self.site)
            .chain(&self.health)
    }
}

/// What each Markdown source turned into before pages get URLs.
#[derive(Debug, Clone)]
struct Parsed {
    meta: Arc<PageMeta>,
    title: String,
    body_offset: usize,
    skip_title: Option<std::ops::Range<usize>>,
    diagnostics: Vec<Diagnostic>,
    /// For a file in a decision folder: the record, or `None` for a template (left out).
    decision: Option<Option<Decision>>,
}

fn parse_source(
    file: &SourceFile,
    sources: &Sources,
    markdown_paths: &HashSet<&str>,
    config: &Config,
    translation: bool,
) -> Parsed {
    let decision_folders = &sources.decision_folders;
    let (raw, fm_error) = frontmatter::parse_raw(&file.rel_path, &file.text);
    let (mut meta, mut diagnostics) = frontmatter::page_meta(&file.rel_path, &raw);
    // Hugo sites write shortcodes in front matter too; they are never shown raw.
    for field in [&mut meta.title, &mut meta.description] {
        if let Some(value) = field
            .as_deref()
            .filter(|v| v.contains("{{<") || v.contains("{{%"))
        {
            *field = Some(markdown::strip_shortcodes(value)).filter(|v| !v.is_empty());
        }
    }
    diagnostics.extend(fm_error);
    let body = &file.text[raw.body_offset..];
    // Docusaurus takes the first heading after the module lines (`import Tabs from ...`).
    let leading = match config.docusaurus {
        Some(_) => markdown::leading_title(&markdown::without_mdx_modules(body)),
        None => markdown::leading_title(body),
    };
    // The leading `# Title` is shown by the template, so it is left out of the body, unless the
    // front matter gives another title (then the heading is content, not a title).
    let (title, skip_title) = match (&meta.title, leading) {
        (Some(t), Some(h)) if h.text == *t => (t.clone(), Some(h.range)),
        (Some(t), _) => (t.clone(), None),
        (None, Some(h)) if !h.text.is_empty() => (h.text.clone(), Some(h.range)),
        (None, _) => (
            fallback_title(&published_path_of(config, &file.rel_path)),
            None,
        ),
    };
    let decision = is_record(
        &file.rel_path,
        decision_folders,
        markdown_paths,
        translation,
    )
    .then(|| {
        let line_of = |key: &str| raw.line_of(key);
        let input = DecisionInput {
            rel_path: &file.rel_path,
            text: &file.text,
            front_matter: &raw.fields,
            front_matter_line_of: &line_of,
            body_offset: raw.body_offset,
        };
        let mut parsed = crate::decision::parse_decision(&input);
        crate::load::decisions::apply_conventions(
            &file.rel_path,
            &mut parsed.decision,
            &mut parsed.diagnostics,
            config,
            &sources.history,
        );
        diagnostics.extend(parsed.diagnostics);
        parsed.decision
    });
    // A record's title is the model's (`# 12. Use Postgres` -> `Use Postgres`).
    let title = match &decision {
        Some(Some(d)) if meta.title.is_none() => d.title.clone(),
        _ => title,
    };
    Parsed {
        meta: Arc::new(meta),
        title,
        body_offset: raw.body_offset,
        skip_title,
        diagnostics,
        decision,
    }
}

/// Whether a file is a decision record: in a decision folder, and neither a translation (a page
/// of its language's tree, not a second record with the number of its original) nor an
/// attachment (asked only for files in sub-folders of a decision folder).
fn is_record(
    rel_path: &str,
    decision_folders: &[String],
    markdown_paths: &HashSet<&str>,
    translation: bool,
) -> bool {
    let exists = |path: &str| markdown_paths.contains(path);
    !translation
        && decision_folders.iter().any(|folder| {
            crate::load::decisions::is_in_decision_folder(rel_path, folder)
                && !crate::load::decisions::is_attachment(rel_path, folder, exists)
        })
}

/// What a file's parse reads besides its text and the config, for the memo to compare.
fn parse_inputs(
    file: &SourceFile,
    sources: &Sources,
    markdown_paths: &HashSet<&str>,
    translation: bool,
) -> memo::ParseInputs {
    let in_decision_folder = sources
        .decision_folders
        .iter()
        .any(|folder| crate::load::decisions::is_in_decision_folder(&file.rel_path, folder));
    memo::ParseInputs {
        translation,
        record: in_decision_folder.then(|| memo::RecordInputs {
            decision_folders: sources.decision_folders.clone(),
            is_record: is_record(
                &file.rel_path,
                &sources.decision_folders,
                markdown_paths,
                translation,
            ),
            added: sources
                .history
                .commits
                .get(file.rel_path.as_str())
                .and_then(|c| c.first),
        }),
    }
}

/// Where a published source goes: its language and place in that language's tree (for a
/// translation), its path as published, and its URL.
struct Place {
    placed: Option<(String, String)>,
    published_path: String,
    url: String,
}

impl Place {
    /// Also applies a Docusaurus site's front matter to `parsed` (its placement depends on it).
    fn of(config: &Config, file: &SourceFile, parsed: &mut Parsed) -> Place {
        // A translation is published in its language's tree (`guide/a.ja.md` -> `ja/guide/a/`).
        let placed = languages::placement(config, &file.rel_path);
        let published_path = placed.as_ref().map_or(file.rel_path.as_str(), |(_, p)| p);
        let published_path = published_path_of(config, published_path);
        if config.docusaurus.is_some() {
            apply_docusaurus(
                config,
                &published_path,
                file,
                PageMeta::edit(&mut parsed.meta),
            );
        }
        // A permalink places the page itself; a translation keeps its language's tree.
        let url = match (&parsed.meta.permalink, &placed) {
            (Some(permalink), None) => permalink.clone(),
            _ => url::page_url(&published_path, parsed.meta.slug.as_deref()),
        };
        Place {
            placed,
            published_path,
            url,
        }
    }
}

/// False for drafts and for record templates (`template.md`, a still-placeholder title).
fn is_published(parsed: &Parsed) -> bool {
    !parsed.meta.draft && !matches!(parsed.decision, Some(None))
}

/// Where a source is published: as it is, or in a Docusaurus docs folder without the number
/// prefixes of its folders and name (`02-guides/01-install.md` -> `guides/install.md`).
fn published_path_of(config: &Config, rel_path: &str) -> String {
    match config.docusaurus {
        Some(_) => crate::load::foreign::docusaurus::published_path(rel_path),
        None => rel_path.to_string(),
    }
}

/// What a Docusaurus docs folder says of a page beyond its front matter: without `weight` or
/// `sidebar_position`, its place is the number prefix of its name (`03-deploy.md`; folders are
/// placed in [`nav`]); without `slug`, its `id` is the last segment of its URL.
fn apply_docusaurus(config: &Config, published: &str, file: &SourceFile, meta: &mut PageMeta) {
    if config.docusaurus.is_none() || url::is_index_file(published) {
        return;
    }
    if meta.weight.is_none() {
        let name = file.rel_path.rsplit('/').next().unwrap_or_default();
        meta.weight = crate::load::foreign::docusaurus::number_prefix(name).map(|(n, _)| n);
    }
    if meta.slug.is_none()
        && meta.permalink.is_none()
        && let Some(id) = meta.extra.get("id").and_then(|v| v.as_str())
        && !id.is_empty()
        && !id.contains(['/', '\\', ' ', '#', '?'])
    {
        meta.slug = Some(id.to_string());
    }
}

fn fallback_title(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    if url::is_index_file(rel_path) {
        let folder = crate::load::rel_path::parent(rel_path);
        return folder
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map_or_else(|| "Home".to_string(), page::title_from_file_name);
    }
    page::title_from_file_name(name)
}

/// Builds the site model from what was loaded: pages with URLs, generated section pages, the
/// navigation, every body rendered to HTML, and the link graph.
pub fn build_model(
    config: Config,
    sources: &Sources,
    options: &ModelOptions,
) -> (Site, Diagnostics) {
    let (site, diagnostics) = build_model_parts(config, sources, options);
    (site, diagnostics.all())
}

/// [`build_model`], with the problems kept by where they come from.
pub(crate) fn build_model_parts(
    config: Config,
    sources: &Sources,
    options: &ModelOptions,
) -> (Site, ModelDiagnostics) {
    build_model_reusing(
        config,
        sources,
        options,
        &mut memo::ModelMemo::default(),
        false,
    )
}

/// [`build_model_parts`] taking from `memo` what the last build made from the same inputs, and
/// leaving in it what this build made (when `remember`), for the next (`serve`).
pub fn build_model_reusing(
    config: Config,
    sources: &Sources,
    options: &ModelOptions,
    memo: &mut memo::ModelMemo,
    remember: bool,
) -> (Site, ModelDiagnostics) {
    memo.was_valid = memo.valid_for(&config, &sources.templates, options.bodies);
    if !memo.was_valid {
        memo.clear_entries();
    }
    *memo.reused.get_mut().unwrap_or_else(|e| e.into_inner()) = (0, 0);
    *memo.carried.get_mut() = 0;
    let memo_ref = &*memo;
    let mut parts = ModelDiagnostics::default();
    let mut diagnostics = Diagnostics::new();
    let markdown_paths = sources.markdown_paths();
    // Each parse, what it read, whether it was made just now (not taken from the memo), and
    // the memo's shared copy when the memo is to keep it: the one copy a page costs is made
    // here, on every core.
    type Made = (Parsed, memo::ParseInputs, bool, Option<Arc<Parsed>>);
    let parsed: Vec<Made> = crate::timings::stage("model/parse", || {
        sources
            .markdown
            .par_iter()
            .map(|file| {
                let translation = languages::placement(&config, &file.rel_path).is_some();
                let inputs = parse_inputs(file, sources, &markdown_paths, translation);
                if let Some(kept) = memo_ref.parsed(file, &inputs) {
                    let parsed = Parsed::clone(&kept);
                    return (parsed, inputs, false, remember.then_some(kept));
                }
                let parsed = parse_source(file, sources, &markdown_paths, &config, translation);
                let kept = remember.then(|| Arc::new(parsed.clone()));
                (parsed, inputs, true, kept)
            })
            .collect()
    });
    // What the memo keeps of each parse, by source; its tables are made at the end, beside the
    // health stage (see below).
    let mut kept_parses = Vec::with_capacity(if remember { parsed.len() } else { 0 });
    // Sources whose front matter or body was worked out again (not taken from the memo).
    let mut fresh: Vec<bool> = vec![false; sources.markdown.len()];
    let mut parsed: Vec<Parsed> = parsed
        .into_iter()
        .enumerate()
        .map(|(index, (parsed, inputs, made_now, kept))| {
            fresh[index] = made_now;
            if let Some(kept) = kept {
                kept_parses.push((index, inputs, kept));
            }
            parsed
        })
        .collect();

    let mut site = Site {
        config,
        ..Site::default()
    };
    // Sized once: growing them page by page copied every `Page` built so far, twice over.
    let pages = sources.markdown.len();
    site.pages.reserve(pages);
    site.by_url.reserve(pages);
    site.by_source.reserve(pages);
    let mut url_owner: HashMap<String, String> = HashMap::with_capacity(pages);
    let (shadowed, shadow_notes) = clash::shadowed_index_files(
        sources
            .markdown
            .iter()
            .zip(&parsed)
            .filter(|(_, p)| is_published(p))
            .map(|(f, _)| f.rel_path.as_str()),
    );
    diagnostics.extend(shadow_notes);
    // Where each published source goes, worked out on every core; the loop below, which must
    // go in order (the first of two pages with one URL keeps it), only files them.
    let places: Vec<Option<Place>> = sources
        .markdown
        .par_iter()
        .zip(&mut parsed)
        .map(|(file, parsed)| {
            let published = is_published(parsed)
                && !shadowed.contains_key(file.rel_path.as_str())
                && !crate::load::foreign::gitbook::is_block(file.rel_path.as_str());
            published.then(|| Place::of(&site.config, file, parsed))
        })
        .collect();
    for (index, ((file, mut parsed), place)) in
        sources.markdown.iter().zip(parsed).zip(places).enumerate()
    {
        parts.sources.push(std::mem::take(&mut parsed.diagnostics));
        if parsed.meta.draft {
            site.drafts.insert(file.rel_path.clone());
            continue;
        }
        let Some(Place {
            placed,
            published_path,
            url,
        }) = place
        else {
            if matches!(parsed.decision, Some(None)) {
                site.record_templates.insert(file.rel_path.clone());
            }
            continue;
        };
        let published_path = &published_path;
        if let Some(other) = url_owner.get(&url) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateUrl,
                    &file.rel_path,
                    0,
                    0,
                    format!(
                        "`{}` is left out: `{other}` is already written to `/{url}`",
                        file.rel_path
                    ),
                )
                .with_help(
                    "rename one of the files, or give one a different `slug` in its front matter",
                ),
            );
            continue;
        }
        url_owner.insert(url.clone(), file.rel_path.to_string());
        let id = PageId(site.pages.len());
        let is_index = url::is_index_file(published_path);
        let folder = RelPath::from(crate::load::rel_path::parent(published_path));
        let kind = match (is_index, url.is_empty(), &parsed.decision) {
            // `index.md` at the root, or a page whose permalink is `/`.
            (_, true, _) => PageKind::Home,
            // A record that is a folder (`0007-use-queues/index.md`) is a record all the same.
            (_, false, Some(Some(_))) => PageKind::Decision,
            (true, false, _) => PageKind::Section,
            _ => PageKind::Content,
        };
        if let Some(Some(decision)) = parsed.decision {
            site.decisions.push(id, decision);
        }
        site.by_url.insert(url.clone(), id);
        site.by_source.insert(file.rel_path.clone(), id);
        site.pages.push(Page {
            id,
            kind,
            source: Some(index),
            rel_path: Some(file.rel_path.clone()),
            folder,
            url,
            title: parsed.title,
            lang: parsed
                .meta
                .lang
                .clone()
                .or_else(|| placed.as_ref().map(|(lang, _)| lang.clone()))
                .unwrap_or_else(|| site.config.language.clone()),
            fallback_of: None,
            meta: parsed.meta,
            body_offset: parsed.body_offset,
            skip_title: parsed.skip_title,
            body: Body::default(),
            parent: None,
            children: Vec::new(),
        });
    }
    for (loser, winner) in shadowed {
        if let Some(&id) = site.by_source.get(winner.as_str()) {
            site.shadowed.insert(loser.into(), id);
        }
    }
    for asset in sources.assets.iter().chain(&sources.static_files) {
        site.assets
            .insert(asset.rel_path.clone(), asset.abs_path.clone());
    }

    languages::add_fallbacks(&mut site);
    crate::timings::stage("model/nav", || {
        nav::build_sections(&mut site);
        nav::check_aliases(&mut site, &mut diagnostics);
    });
    let mut layout = None;
    let inputs = if options.bodies != Bodies::None {
        let (inputs, rendered, resolved_in) = crate::timings::stage("model/bodies", || {
            render_bodies(&mut site, sources, options, memo_ref)
        });
        layout = Some(resolved_in);
        crate::timings::note(|| {
            let paths: Vec<&str> = rendered
                .iter()
                .take(8)
                .map(|&i| sources.markdown[i].rel_path.as_str())
                .collect();
            format!(
                "model/bodies: {} rendered again: {paths:?}; {} links carried over moved pages",
                rendered.len(),
                memo_ref.carried()
            )
        });
        for source in rendered {
            fresh[source] = true;
        }
        inputs
    } else {
        site.links = vec![Vec::new(); site.pages.len()];
        HashMap::new()
    };
    let self_links = links::count_self_links(&site);
    if self_links > 0 {
        diagnostics.push(
            Diagnostic::note(
                Code::SelfLinks,
                "",
                0,
                0,
                format!(
                    "{} to the handbook's own repository ({}) were read as links inside the handbook and checked",
                    crate::diagnostic::plural(self_links, "link"),
                    site.config
                        .repository
                        .as_deref()
                        .and_then(repository::web_url)
                        .unwrap_or_default()
                ),
            )
            .with_help("write relative links (`../guide/page.md`) to keep readers on the site wherever it is published"),
        );
    }
    languages::fill_fallbacks(&mut site);
    parts.links = crate::timings::stage("model/link diagnostics", || {
        site.pages
            .par_iter()
            .map(|page| page_link_diagnostics(&site, page))
            .collect()
    });
    diagnostics.extend(crate::timings::stage("model/decisions", || {
        decisions::attach(&mut site, &sources.decision_folders)
    }));
    site.backlinks = crate::timings::stage("model/backlinks", || links::backlinks(&site));
    parts.site = diagnostics.items().to_vec();
    // The memo's tables for the next save are made beside the health stage: neither needs
    // the other, and a save waits for both.
    let all_diagnostics = parts.all();
    let ((health, health_diagnostics), memo_tables) = rayon::join(
        || {
            crate::timings::stage("model/health", || {
                health::assess(&site, sources, &all_diagnostics)
            })
        },
        || {
            let mut texts = HashMap::with_capacity(kept_parses.len());
            let mut memo_parsed = HashMap::with_capacity(kept_parses.len());
            for (index, inputs, kept) in kept_parses {
                let file = &sources.markdown[index];
                texts.insert(file.rel_path.clone(), file.text_digest());
                memo_parsed.insert(file.rel_path.clone(), (inputs, kept));
            }
            (texts, memo_parsed)
        },
    );
    site.health = health;
    parts.health = health_diagnostics;
    memo.fresh = fresh.iter().filter(|f| **f).count();
    crate::timings::note(|| {
        let fresh: Vec<&str> = fresh
            .iter()
            .zip(&sources.markdown)
            .filter(|(f, _)| **f)
            .map(|(_, file)| file.rel_path.as_str())
            .take(5)
            .collect();
        format!(
            "model: {} files parsed or rendered again ({:?} parses and bodies reused): {fresh:?}",
            memo.fresh,
            memo.reused()
        )
    });
    if remember {
        let (texts, memo_parsed) = memo_tables;
        crate::timings::stage("model/memo", || {
            memo.finish(
                &site.config,
                &sources.templates,
                options.bodies,
                texts,
                memo_parsed,
                inputs,
            );
            memo.set_layout(layout);
        });
    } else {
        memo.clear_entries();
    }
    (site, parts)
}

/// Renders every body in parallel, resolving links as it goes, or takes it from `memo` when
/// it would render the same. Returns how each body was cut and what its rendering looked up,
/// the sources rendered again, and the layout the links were resolved against (see
/// [`Resolver::layout`]).
fn render_bodies(
    site: &mut Site,
    sources: &Sources,
    options: &ModelOptions,
    memo: &memo::ModelMemo,
) -> (
    HashMap<RelPath, (memo::BodyCut, memo::BodyInputs)>,
    Vec<usize>,
    links::Layout,
) {
    let resolver = Resolver::new(site, options.relative_index);
    let layout = crate::timings::stage("model/bodies/layout", || resolver.layout());
    let moves = memo.moves_to(&layout);
    let user = shortcodes::UserShortcodes::new(&sources.templates);
    // The body, its links, what it was made from, and whether it was rendered just now.
    type Rendered = Option<(
        Body,
        Vec<Link>,
        Option<(memo::BodyCut, memo::BodyInputs)>,
        bool,
    )>;
    let rendered: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|page| {
            let source = page.source?;
            let file = &sources.markdown[source];
            // A record's metadata lines are in its header card, not repeated in the body.
            let hidden = site
                .decisions
                .of_page(page.id)
                .map_or(&[][..], |i| &site.decisions.record(i).card_ranges[..]);
            let cut = memo::BodyCut {
                body_offset: page.body_offset,
                skip_title: page.skip_title.clone(),
                hidden: hidden.to_vec(),
            };
            let own = page.fallback_of.is_none();
            let host = page_shortcodes(file, &resolver, &sources.markdown, &user);
            if own
                && let Some((body, links, inputs)) = memo.body(
                    page,
                    file,
                    &cut,
                    &resolver,
                    &layout,
                    moves.as_ref(),
                    |path| host.include(path),
                )
            {
                return Some((body, links, Some((cut, inputs)), false));
            }
            let (body, links, inputs) = render_body(
                page,
                file,
                hidden,
                &resolver,
                &sources.markdown,
                &user,
                options,
            );
            Some((body, links, own.then_some((cut, inputs)), true))
        })
        .collect();
    drop(resolver);
    let mut all_links = Vec::with_capacity(rendered.len());
    let mut inputs = HashMap::new();
    let mut fresh = Vec::new();
    for (page, rendered) in site.pages.iter_mut().zip(rendered) {
        let Some((body, links, recorded, rendered)) = rendered else {
            page.body = Body::default();
            all_links.push(Vec::new());
            continue;
        };
        page.body = body;
        all_links.push(links);
        if rendered && let Some(source) = page.source {
            fresh.push(source);
        }
        if let (Some(recorded), Some(rel_path)) = (recorded, page.rel_path.as_ref()) {
            inputs.insert(rel_path.clone(), recorded);
        }
    }
    site.links = all_links;
    (inputs, fresh, layout)
}

/// `text` with the bytes of `ranges` turned into spaces (line breaks kept), so that offsets,
/// and the file lines of diagnostics, stay as they are.
fn blank_ranges<'t>(text: &'t str, ranges: &[std::ops::Range<usize>]) -> std::borrow::Cow<'t, str> {
    if ranges.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        let end = r.end.min(bytes.len());
        for b in bytes.get_mut(r.start.min(end)..end).into_iter().flatten() {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // A range cut through a character would leave invalid UTF-8: show the text as written then.
    String::from_utf8(bytes).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// What shortcodes of a page of `file` read from the site.
fn page_shortcodes<'a>(
    file: &'a SourceFile,
    resolver: &'a Resolver<'_>,
    markdown_files: &'a [SourceFile],
    user: &'a shortcodes::UserShortcodes,
) -> shortcodes::PageShortcodes<'a> {
    shortcodes::PageShortcodes {
        folder: file.rel_path.parent(),
        content_dir: resolver.content_dir(),
        markdown_files,
        user,
        mdx: resolver.site().config.docusaurus.is_some(),
    }
}

/// One page's Markdown -> HTML, with its links resolved against the site, and every lookup the
/// rendering made (for [`memo`]).
fn render_body(
    page: &Page,
    file: &SourceFile,
    hidden: &[std::ops::Range<usize>],
    resolver: &Resolver<'_>,
    markdown_files: &[SourceFile],
    user: &shortcodes::UserShortcodes,
    options: &ModelOptions,
) -> (Body, Vec<Link>, memo::BodyInputs) {
    let text = &file.text[page.body_offset..];
    let text = blank_ranges(text, hidden);
    let host = memo::RecordingHost::new(page_shortcodes(file, resolver, markdown_files, user));
    let render = markdown::RenderOptions {
        safe: !resolver.site().config.unsafe_html,
        highlight: options.bodies == Bodies::Full,
        definition_lists: resolver.site().config.definition_lists == Some(true),
        obsidian: resolver.site().config.obsidian_vault,
    };
    let mut lookups = Vec::new();
    let r = markdown::render_with(&text, page.skip_title.clone(), &host, render, |link| {
        let (href, target) = resolver.resolve(page.id, link);
        lookups.push((link.clone(), href.clone()));
        (href, target)
    });
    let inputs = memo::BodyInputs {
        links: lookups,
        includes: host.into_includes(),
    };
    let ids = page::collect_ids(&r.html);
    let rel_path = page.rel_path.as_deref().unwrap_or_default();
    let diagnostics = r
        .notices
        .iter()
        .map(|n| {
            let (line, column) = file.line_col(page.body_offset + n.offset);
            // A notice is reported with its code's usual severity.
            let severity = n.code.default_severity();
            Diagnostic::new(severity, n.code, rel_path, line, column, n.message.clone())
                .with_help(n.help.clone())
        })
        .collect();
    let mut body = Body::with_html(r.html);
    body.headings = r.headings;
    body.ids = ids;
    body.summary = r.summary;
    body.has_mermaid = r.has_mermaid;
    body.word_count = r.word_count;
    body.diagnostics = diagnostics;
    let links = r
        .links
        .into_iter()
        .map(|(raw, target)| {
            let (line, column) = file.line_col(page.body_offset + raw.offset);
            Link {
                raw,
                target,
                line,
                column,
                from_relation: false,
            }
        })
        .collect();
    (body, links, inputs)
}

/// One diagnostic per broken link or fragment of `page`, at the link's line and column, after
/// what the Markdown stage found in the body (both change only when the body is rendered again).
fn page_link_diagnostics(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let mut diagnostics = page.body.diagnostics.clone();
    if let Some(rel_path) = page.rel_path.as_deref() {
        for link in site.links_of(page.id) {
            let (line, column) = (link.line, link.column);
            let what = if matches!(
                link.raw.kind,
                markdown::LinkKind::Image | markdown::LinkKind::WikiFile
            ) {
                "image"
            } else {
                "link"
            };
            let dest = &link.raw.dest;
            let diagnostic = match &link.target {
                Target::External | Target::Asset(_) => None,
                Target::Page {
                    page: to,
                    fragment: Some(fragment),
                } => {
                    let target = site.page(*to);
                    let missing = !target.body.ids.contains(fragment.as_str())
                        && !is_top_of_page(target, fragment);
                    if missing
                        && target.source.is_some()
                        && let Some(id) = loose_fragment_match(target, fragment)
                    {
                        let base = dest.split_once('#').map_or(dest.as_str(), |(p, _)| p);
                        diagnostics.push(
                            Diagnostic::warning(
                                Code::LooseFragment,
                                rel_path,
                                line,
                                column,
                                format!(
                                    "{what} to `{dest}`: `#{fragment}` is the heading `#{id}` only when letter case and punctuation are ignored; the page's script finds it, as GitHub does"
                                ),
                            )
                            .with_help(format!("write `{base}#{id}`")),
                        );
                        continue;
                    }
                    (missing && target.source.is_some()).then(|| {
                        let d = Diagnostic::error(
                            Code::BrokenFragment,
                            rel_path,
                            line,
                            column,
                            format!(
                                "{what} to `{dest}`: `#{fragment}` is not a heading or id in `{}`",
                                target.rel_path.as_deref().unwrap_or(&target.url)
                            ),
                        );
                        match suggest::closest(fragment, target.body.ids.iter().map(String::as_str))
                        {
                            Some(best) => {
                                let base = dest.split_once('#').map_or(dest.as_str(), |(p, _)| p);
                                d.with_help(format!("did you mean `{base}#{best}`?"))
                            }
                            None => d.with_help(format!(
                                "`{}` has these ids: {}",
                                target.title,
                                first_ids(target)
                            )),
                        }
                    })
                }
                Target::Page { .. } => None,
                Target::Broken(broken) => Some(broken_diagnostic(
                    rel_path, line, column, what, dest, broken,
                )),
            };
            if let Some(d) = diagnostic {
                diagnostics.push(d);
            }
        }
    }
    diagnostics
}

/// The id a fragment written for another renderer means (`#LOA-TLDR`, or Eleventy's
/// `#m-and-ie-…` for "M&IE …"): an id or heading text equal to it once letter case and
/// everything but letters and digits are left out (the theme's script follows the same rule).
fn loose_fragment_match<'p>(page: &'p Page, fragment: &str) -> Option<&'p str> {
    let loose = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = loose(fragment);
    if wanted.is_empty() {
        return None;
    }
    page.body
        .ids
        .iter()
        .find(|id| loose(id) == wanted)
        .map(String::as_str)
        .or_else(|| {
            page.body
                .headings
                .iter()
                .find(|h| {
                    loose(&h.text) == wanted || loose(&h.text.replace('&', " and ")) == wanted
                })
                .map(|h| h.id.as_str())
        })
}

/// Fragments that GitHub gives the top of a page, which the site shows at the top too: the
/// title's own id (`#onboarding` on the page titled "Onboarding", whose `# Onboarding` is shown
/// as the page's title) and `#readme` (the rendered README of a folder on GitHub). And the two
/// fragments that lead nowhere on purpose, `#` and `#_` (a disabled link in a style guide's
/// example, a button written as a link in raw HTML).
fn is_top_of_page(page: &Page, fragment: &str) -> bool {
    matches!(fragment, "" | "_")
        || fragment.eq_ignore_ascii_case("readme")
        || fragment == markdown::anchors::slugify(&page.title)
}

fn first_ids(page: &Page) -> String {
    let ids: Vec<_> = page
        .body
        .headings
        .iter()
        .take(8)
        .map(|h| format!("`#{}`", h.id))
        .collect();
    if ids.is_empty() {
        "(none)".to_string()
    } else {
        ids.join(", ")
    }
}

fn broken_diagnostic(
    rel_path: &str,
    line: u32,
    column: u32,
    what: &str,
    dest: &str,
    broken: &Broken,
) -> Diagnostic {
    let d = |code, message: String| Diagnostic::error(code, rel_path, line, column, message);
    match broken {
        Broken::Missing { resolved, suggestion } => {
            let d = d(Code::BrokenLink, format!("{what} to `{dest}` does not resolve: there is no `{resolved}`"));
            match suggestion {
                Some(s) => d.with_help(format!("did you mean `{}`?", relative_from(rel_path, s))),
                None if dest.starts_with('/') => d.with_help(
                    "check the path; a link starting with `/` is read from the site's root (the folder the pages are read from)",
                ),
                None => d.with_help("check the path; links are relative to the file they are written in"),
            }
        }
        Broken::CaseMismatch { actual, .. } => d(Code::BrokenLink, format!("{what} to `{dest}` differs in case from the file `{actual}`"))
            .with_help(format!("write it as `{}`: the case matters once the site is served from Linux", relative_from(rel_path, actual))),
        Broken::RecordTemplate { resolved } => Diagnostic::warning(
            Code::LinkToTemplate,
            rel_path,
            line,
            column,
            format!("{what} to `{dest}` points at `{resolved}`, a decision record template, which is left out of the site"),
        )
        .with_help("readers of the site cannot open it: link to the template in the repository (a full URL), or say where it is in words"),
        Broken::Draft { resolved } => d(Code::LinkToDraft, format!("{what} to `{dest}` points at `{resolved}`, which is a draft and is not published"))
            .with_help("publish the page (remove `draft: true`) or remove the link"),
        Broken::EscapesRoot => d(Code::BrokenLink, format!("{what} to `{dest}` leaves the handbook folder"))
            .with_help("only files inside the handbook are published; link to a page inside it, or use a full URL"),
        Broken::WikiMissing { suggestion } => {
            let d = d(Code::BrokenLink, format!("wiki link `[[{dest}]]` matches no page title, path, file name or decision number"));
            match suggestion {
                Some(s) => d.with_help(format!("did you mean `[[{s}]]`?")),
                None => d.with_help("write a page title, a path like `[[policies/leave]]`, a file's name like `[[0012-use-postgres]]`, or a decision number like `[[ADR-12]]`"),
            }
        }
        Broken::WikiAmbiguous { candidates } => d(Code::AmbiguousLink, format!("wiki link `[[{dest}]]` matches {} {}: {}", candidates.len(), if candidates.iter().all(|c| crate::load::is_markdown(c)) { "pages" } else { "files" }, candidates.join(", ")))
            .with_help(format!("link by path instead, for example `[[{}]]`", candidates[0].trim_end_matches(".md"))),
    }
}

/// A root-relative path written relative to the folder of `from_rel_path`.
fn relative_from(from_rel_path: &str, target: &str) -> String {
    let from: Vec<&str> = crate::load::rel_path::parent(from_rel_path)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = std::iter::repeat_n("..", from.len() - common).collect();
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_suggestions() {
        assert_eq!(
            relative_from("guide/a.md", "policies/leave.md"),
            "../policies/leave.md"
        );
        assert_eq!(relative_from("guide/a.md", "guide/b.md"), "b.md");
        assert_eq!(relative_from("a.md", "x/y.md"), "x/y.md");
    }

    /// A page added before the others (their ids shift) and one removed: the reused bodies'
    /// links are carried over (renumbered) rather than resolved again, but those that could
    /// name the new page or went to the removed one; the site is a clean build's.
    #[test]
    fn links_are_carried_over_moved_pages() {
        let text = |pages: &[(&str, &str)]| Sources {
            markdown: pages
                .iter()
                .map(|(rel, text)| SourceFile::new(rel.to_string(), rel.into(), text.to_string()))
                .collect(),
            ..Sources::default()
        };
        let mut pages = vec![
            (
                "index.md",
                "# Home\n\n[b](guide/b.md) [c](guide/c.md#x) [new](guide/a.md) [gone](guide/c.md)\n",
            ),
            (
                "guide/b.md",
                "# B\n\n[c](c.md) [home](../index.md) [site](https://example.com)\n",
            ),
            ("guide/c.md", "# C\n\n## X\n\n[b](b.md)\n"),
        ];
        let options = ModelOptions::default();
        let mut memo = memo::ModelMemo::default();
        let (mut site, _) =
            build_model_reusing(Config::default(), &text(&pages), &options, &mut memo, true);
        let shown = |site: &Site| -> Vec<String> {
            site.pages
                .iter()
                .map(|p| {
                    format!(
                        "{} {} {:?} {:?}",
                        p.url, p.title, p.body, site.links[p.id.0]
                    )
                })
                .collect()
        };
        // `guide/a.md` comes first in its folder: `b` and `c` get new ids.
        pages.insert(1, ("guide/a.md", "# A\n\n[b](b.md)\n"));
        memo.lend_bodies(&mut site);
        let (site, _) =
            build_model_reusing(Config::default(), &text(&pages), &options, &mut memo, true);
        let clean = build_model(Config::default(), &text(&pages), &options).0;
        assert_eq!(shown(&site), shown(&clean));
        // `b.md`'s three links and `c.md`'s one are carried. The home page's first two are
        // too, then its link to `guide/a.md` (broken before) is resolved again and now has an
        // href: its body is rendered again.
        assert_eq!(memo.carried(), 6, "{:?}", shown(&site));

        // `guide/c.md` removed: links to it are resolved again (now broken), the rest carried.
        pages.retain(|(rel, _)| *rel != "guide/c.md");
        let mut site = site;
        memo.lend_bodies(&mut site);
        let (site, _) =
            build_model_reusing(Config::default(), &text(&pages), &options, &mut memo, true);
        let clean = build_model(Config::default(), &text(&pages), &options).0;
        assert_eq!(shown(&site), shown(&clean));
        assert!(memo.carried() > 0);
    }

    fn model(bodies: Bodies) -> (Site, Diagnostics) {
        let pages = [
            ("index.md", "# Home\n\n[guide](guide.md) [gone](guid.md)\n"),
            (
                "guide.md",
                "# Guide\n\nFirst words.\n\n```rust\nfn main() {}\n```\n",
            ),
        ];
        let sources = Sources {
            markdown: pages
                .iter()
                .map(|(rel, text)| SourceFile::new(rel.to_string(), rel.into(), text.to_string()))
                .collect(),
            ..Sources::default()
        };
        let options = ModelOptions {
            bodies,
            ..ModelOptions::default()
        };
        build_model(Config::default(), &sources, &options)
    }

    #[test]
    fn checked_bodies_resolve_links_but_leave_code_plain() {
        let (full, full_diags) = model(Bodies::Full);
        let (checked, checked_diags) = model(Bodies::Checked);
        let guide = |site: &Site| site.pages[site.by_source["guide.md"].0].body.clone();
        assert!(guide(&full).html.contains("hl-"), "{}", guide(&full).html);
        assert!(!guide(&checked).html.contains("hl-"));
        assert!(guide(&checked).html.contains("fn main() {}"));
        assert_eq!(guide(&checked).summary, "First words.");
        assert_eq!(full.links, checked.links);
        assert_eq!(full.backlinks, checked.backlinks);
        assert_eq!(full_diags.items(), checked_diags.items());
        let help = checked_diags.items()[0].help.as_deref();
        assert_eq!(help, Some("did you mean `guide.md`?"));
    }

    #[test]
    fn no_bodies_renders_nothing() {
        let (site, diagnostics) = model(Bodies::None);
        assert_eq!(site.pages.len(), 2);
        assert!(site.pages.iter().all(|p| p.body.html.is_empty()));
        assert!(site.links.iter().all(Vec::is_empty));
        assert!(
            diagnostics
                .items()
                .iter()
                .all(|d| d.code != Code::BrokenLink)
        );
    }
}
