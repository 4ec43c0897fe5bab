//! SEARCH: the rendered pages -> an offline, chunked Pagefind index under `pagefind/` in the site.
//!
//! Owns the index build and the choice of files shipped for it; not the search box (that is
//! `themes/default/static/assets/search.js`) nor what a page exposes to the index (the
//! `data-pagefind-*` attributes in the templates).
//!
//! Pagefind is embedded as a library, so a build needs no second tool. It splits the index into
//! chunks that a browser fetches on demand: a first query downloads a few small files, not the
//! whole index, whatever the size of the handbook. Its API is async; this module owns a
//! current-thread tokio runtime to drive it, and the rest of the build stays synchronous.
//!
//! The index is built from each page's rendered HTML rather than from the model, because only the
//! HTML path gives per-heading sub-results (Pagefind reads the heading ids), and the filters,
//! meta and sort keys then come from the theme's `data-pagefind-*` attributes, where a theme author
//! can change them. Only the `<main>` element of a page is handed to Pagefind: every
//! `data-pagefind-*` attribute of the default theme sits inside it, and leaving out the sidebar
//! (which lists the whole site) makes parsing several times cheaper on a large handbook. The
//! README's "Search" section has the measurements.
//!
//! Pages are handed to Pagefind in one `add_directory` call, which parses them in parallel on
//! the build's rayon pool; the one-page `add_html_file` parses under a lock, one page at a time,
//! and compares each URL with every page added before it. `add_directory` reads files, so each
//! page's `<main>` document is written to a temporary folder first (see [`DocumentFolder`]).
//! Pagefind numbers the pages in the order it lists that folder, so the index files other than
//! the per-page fragments can differ from one machine (file system) to another; the records and
//! the search results do not.
//!
//! Pagefind has no "remove": re-adding a URL replaces its record, but a deleted page would stay.
//! Every build therefore starts from a fresh index.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Site, url};
use crate::output::{Output, OutputData};
mod nesting;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The folder of the site that holds the index and the Pagefind client.
pub const SEARCH_DIR: &str = "pagefind";

/// Elements left out of the indexed text even inside the indexed area: the `#` link that
/// every heading carries would otherwise end each sub-result's title.
const EXCLUDED_SELECTORS: &[&str] = &[".heading-anchor"];

/// What one index build produced.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under `pagefind/`.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
    /// Time spent handing pages to Pagefind (parsing and word splitting).
    pub add_elapsed: Duration,
    /// Time spent building and serialising the chunks.
    pub index_elapsed: Duration,
}

/// The search index: its files, by path in the site (`pagefind/...`).
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The files to add to the site.
    pub files: Vec<(String, Vec<u8>)>,
    /// Counts and timings, for the build summary and the benchmark.
    pub stats: SearchStats,
}

impl SearchIndex {
    /// Adds the index's files to the site.
    pub fn add_to(self, output: &mut Output) {
        for (path, bytes) in self.files {
            output.insert(path, OutputData::Bytes(std::sync::Arc::new(bytes)));
        }
    }
}

/// What the index is built from: each page to index with its rendered HTML (shared with the
/// output, not copied), owned so that `serve` can index on another thread.
#[derive(Debug, Clone)]
pub struct SearchInput {
    /// The site's language (lowercase), for stemming.
    language: String,
    /// The pages, in the site's order.
    pages: Vec<SearchPage>,
}

#[derive(Debug, Clone)]
struct SearchPage {
    url: String,
    rel_path: Option<String>,
    html: std::sync::Arc<Vec<u8>>,
}

impl SearchInput {
    /// Every page that has rendered HTML in `output` and does not opt out with `search: false`.
    pub fn new(site: &Site, output: &Output) -> Self {
        // In parallel: pages kept by the build cache are read from disk.
        let pages = site
            .pages
            .par_iter()
            .filter(|p| p.meta.search)
            // A page whose template failed has no HTML; its diagnostic is already reported.
            .filter_map(|page| {
                let html = match output.files.get(&url::output_file(&page.url))? {
                    OutputData::Bytes(bytes) => bytes.clone(),
                    // A page the build cache found in the output folder as the last build
                    // wrote it: its HTML is that file.
                    file @ OutputData::File(..) => {
                        std::sync::Arc::new(file.read().ok()?.into_owned())
                    }
                    OutputData::Static(_) => return None,
                };
                Some(SearchPage {
                    url: page.url.clone(),
                    rel_path: page.rel_path.clone().map(String::from),
                    html,
                })
            })
            .collect();
        SearchInput {
            language: site.config.language.to_lowercase(),
            pages,
        }
    }
}

/// Builds the index of every page that has rendered HTML in `output` and does not opt out with
/// `search: false`. Problems (which would be bugs in Pagefind or the theme, not in the content)
/// come back as diagnostics, and the site is then built without search.
pub fn build_search_index(site: &Site, output: &Output) -> (SearchIndex, Diagnostics) {
    build_index(SearchInput::new(site, output))
}

/// [`build_search_index`] from a snapshot of the pages.
pub fn build_index(input: SearchInput) -> (SearchIndex, Diagnostics) {
    build_index_then(input, || {})
}

/// [`build_index`], calling `added` once every page has been handed to Pagefind. What is left
/// then, assembling the index and compressing its files, runs mostly on one core, so a caller
/// can start other work at that point. When the index fails before that, `added` is dropped
/// without being called.
pub fn build_index_then(input: SearchInput, added: impl FnOnce()) -> (SearchIndex, Diagnostics) {
    build_index_unless(input, added, &|| false)
}

/// [`build_index_then`], giving up (with an empty index) as soon as `cancelled` says so:
/// `serve` drops an index that a newer save has made out of date.
pub fn build_index_unless(
    input: SearchInput,
    added: impl FnOnce(),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> (SearchIndex, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            diagnostics.push(failure(format!("could not start the indexer: {e}")));
            return (SearchIndex::default(), diagnostics);
        }
    };
    let index = runtime.block_on(index_pages(input, added, cancelled, &mut diagnostics));
    (index, diagnostics)
}

async fn index_pages(
    input: SearchInput,
    added: impl FnOnce(),
    cancelled: &(dyn Fn() -> bool + Sync),
    diagnostics: &mut Diagnostics,
) -> SearchIndex {
    let SearchInput { language, pages } = input;
    let log = match PagefindLog::new() {
        Ok(log) => log,
        Err(e) => {
            diagnostics.push(failure(format!("could not create the indexer's log: {e}")));
            return SearchIndex::default();
        }
    };
    let mut pagefind = match new_index(&log) {
        Ok(index) => index,
        Err(e) => {
            diagnostics.push(failure(format!("could not configure the indexer: {e}")));
            return SearchIndex::default();
        }
    };

    let started = Instant::now();
    let mut stats = SearchStats::default();
    let (mut in_bulk, mut one_by_one): (Vec<_>, Vec<_>) =
        pages.into_iter().partition(|page| bulk_url(&page.url));
    let mut removal = None;
    if cancelled() {
        return SearchIndex::default();
    }
    if !in_bulk.is_empty() {
        match add_in_bulk(&mut pagefind, &mut in_bulk, &language).await {
            Ok((Some(count), folder)) if count == in_bulk.len() => {
                stats.pages += count;
                // Removing some 25,000 files and folders takes a moment on one core.
                removal = Some(Background::dropping(folder));
            }
            // Pagefind skips a file it cannot read or parse without saying which, so the index
            // is then built again the slow way, which reports each page that fails.
            result => match new_index(&log) {
                Ok(index) => {
                    pagefind = index;
                    if let Ok((_, folder)) = &result {
                        folder.restore(&mut in_bulk);
                    }
                    in_bulk.append(&mut one_by_one);
                    one_by_one = in_bulk;
                }
                Err(e) => {
                    diagnostics.push(failure(format!("could not configure the indexer: {e}")));
                    return SearchIndex::default();
                }
            },
        }
    }
    for page in one_by_one {
        if cancelled() {
            return SearchIndex::default();
        }
        if page.html.is_empty() {
            // Its document could not be read back from the folder (see `restore`).
            diagnostics.push(Diagnostic::warning(
                Code::SearchIndex,
                page.rel_path.as_deref().unwrap_or(""),
                0,
                0,
                "the page could not be indexed for search: its document could not be read back",
            ));
            continue;
        }
        let html = String::from_utf8_lossy(&page.html);
        let document = indexed_document(&html, &language);
        let page_url = format!("/{}", url::encode_path(&page.url));
        match pagefind.add_html_file(None, Some(page_url), document).await {
            Ok(_) => stats.pages += 1,
            Err(e) => diagnostics.push(Diagnostic::warning(
                Code::SearchIndex,
                page.rel_path.as_deref().unwrap_or(""),
                0,
                0,
                format!("the page could not be indexed for search: {e}"),
            )),
        }
    }
    stats.add_elapsed = started.elapsed();
    added();
    if cancelled() {
        return SearchIndex::default();
    }

    let started = Instant::now();
    let files = match pagefind.get_files_consuming().await {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(failure(format!("could not build the index: {e}")));
            return SearchIndex::default();
        }
    };
    stats.index_elapsed = started.elapsed();
    diagnostics.extend(log.warnings());
    // Freeing the assembled index takes a moment; nothing needs to wait for it.
    let _ = std::thread::Builder::new()
        .name("handbook-drop".to_string())
        .spawn(move || drop(pagefind));
    drop(removal);

    let wasm = wasm_files(&files);
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            is_shipped(&name, &wasm).then(|| (format!("{SEARCH_DIR}/{name}"), file.contents))
        })
        .collect();
    stats.files = files.len();
    stats.bytes = files.iter().map(|(_, bytes)| bytes.len()).sum();
    SearchIndex { files, stats }
}

fn new_index(log: &PagefindLog) -> anyhow::Result<PagefindIndex> {
    // Not `force_language`: each page's `<html lang>` (see [`indexed_document`]) picks its index,
    // so a multilingual site gets one index per language and the search box of a page searches
    // its language (Pagefind's multilingual mode).
    let config = PagefindServiceConfig::builder()
        .logfile(log.path())
        .exclude_selectors(
            EXCLUDED_SELECTORS
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
        )
        .build();
    PagefindIndex::new(Some(config))
}

/// Whether a page's URL comes out of a file path unchanged: `a/b/` is the file `a/b/index.html`,
/// from which Pagefind derives `/a/b/` (percent-encoding the same characters as
/// [`url::encode_path`]). Anything unusual (a hidden folder, a URL that is not a folder) is
/// handed over one page at a time instead, with its URL given explicitly.
fn bulk_url(page_url: &str) -> bool {
    page_url.is_empty()
        || page_url.strip_suffix('/').is_some_and(|path| {
            path.split('/')
                .all(|s| !s.is_empty() && !s.starts_with('.') && !s.contains('\\'))
        })
}

/// Hands `pages` to Pagefind in one call, which parses them on every core (the one-page call
/// holds a lock while it parses, and compares each URL with every page added before it). That
/// call reads files, so each page's indexed document is first written to a temporary folder,
/// laid out so that the file paths give the pages' URLs. `pages` are page URLs (as [`bulk_url`]
/// accepts them) with their rendered HTML. Returns how many pages Pagefind added (`None` when
/// it failed), and the folder, which Pagefind is done with.
///
/// Once the folder is written, the pages' HTML is let go (Pagefind reads the folder): the
/// output's writer, running meanwhile, then frees each page once it is written, before
/// Pagefind holds every page (README, "Memory"). [`DocumentFolder::restore`] reads it back.
async fn add_in_bulk(
    pagefind: &mut PagefindIndex,
    pages: &mut [SearchPage],
    language: &str,
) -> anyhow::Result<(Option<usize>, DocumentFolder)> {
    let documents: Vec<(&str, &[u8])> = pages
        .iter()
        .map(|page| (page.url.as_str(), page.html.as_slice()))
        .collect();
    let folder = DocumentFolder::write(&documents, language)?;
    for page in pages.iter_mut() {
        page.html = std::sync::Arc::default();
    }
    let path = folder
        .path()
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the temporary folder's path is not UTF-8"))?
        .to_string();
    let added = pagefind
        .add_directory(path, Some("**/index.html".to_string()))
        .await
        .ok();
    Ok((added, folder))
}

/// The pages' indexed documents in a temporary folder, `a/b/` as `a/b/index.html`. Removed when
/// dropped, also when the build fails or panics.
struct DocumentFolder(tempfile::TempDir);

impl DocumentFolder {
    /// Writes the documents into a new folder: in memory (`/dev/shm`) where there is one, since
    /// the files live for seconds and some 25,000 files and folders cost far more to create and
    /// delete on some disks (ext4 without a journal checks every recently deleted inode), else in
    /// the system's temporary folder. A folder that fills up (a small `/dev/shm` in a container)
    /// is removed and the next one tried.
    ///
    /// A process that is killed while it indexes (a `serve` stopped mid-index, a build
    /// interrupted with Ctrl-C) cannot remove its folder, so each folder is named after its
    /// process, and folders of processes that no longer run are removed here.
    fn write(pages: &[(&str, &[u8])], language: &str) -> std::io::Result<Self> {
        let shm = std::path::Path::new("/dev/shm");
        let mut places = Vec::new();
        if cfg!(target_os = "linux") && shm.is_dir() {
            places.push(shm.to_path_buf());
        }
        places.push(std::env::temp_dir());
        let mut last_error = None;
        for place in places {
            remove_stale_folders(&place);
            let folder = tempfile::Builder::new()
                .prefix(&format!("{DOCUMENTS_PREFIX}{}-", std::process::id()))
                .tempdir_in(&place)
                .map(DocumentFolder);
            match folder.and_then(|folder| folder.fill(pages, language).map(|()| folder)) {
                Ok(folder) => return Ok(folder),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| std::io::Error::other("no temporary folder")))
    }

    fn fill(&self, pages: &[(&str, &[u8])], language: &str) -> std::io::Result<()> {
        let root = self.path();
        // Folders first, one at a time and sorted. Pagefind numbers the pages in the order it
        // walks the folder, which is the order the file system lists it in; where that is the
        // order of creation, this keeps the numbering the same from one build to the next.
        let mut folders = BTreeSet::new();
        for (page_url, _) in pages {
            let mut dir = page_url.trim_end_matches('/');
            while !dir.is_empty() && folders.insert(dir) {
                dir = crate::load::rel_path::parent(dir);
            }
        }
        for dir in &folders {
            std::fs::create_dir(root.join(dir))?;
        }
        pages.par_iter().try_for_each(|(page_url, html)| {
            let html = String::from_utf8_lossy(html);
            std::fs::write(
                root.join(url::output_file(page_url)),
                indexed_document(&html, language),
            )
        })
    }

    fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// Gives `pages` back their indexed documents, for adding them one at a time (the document
    /// read as HTML gives the same document again). A page whose file cannot be read keeps no
    /// HTML, and is reported as not indexed.
    fn restore(&self, pages: &mut [SearchPage]) {
        for page in pages {
            if let Ok(document) = std::fs::read(self.path().join(url::output_file(&page.url))) {
                page.html = std::sync::Arc::new(document);
            }
        }
    }
}

/// The start of a documents folder's name, before the id of the process that made it.
const DOCUMENTS_PREFIX: &str = "handbook-search-";

/// Removes the documents folders in `place` left by processes that no longer run (and were last
/// changed over a minute ago, in case a process id is not visible from here). Only where
/// `/proc` tells which processes run; errors (another user's folder) are ignored.
fn remove_stale_folders(place: &std::path::Path) {
    let proc = std::path::Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(place) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|name| name.strip_prefix(DOCUMENTS_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(60));
        if let Some(pid) = pid
            && old
            && !proc.join(pid.to_string()).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A value dropped on a thread of its own (where dropping it is slow work); dropping this waits
/// for that thread, so a temporary folder is gone when the index is returned. Where no thread can
/// be started, the value is dropped at once.
struct Background(Option<std::thread::JoinHandle<()>>);

impl Background {
    fn dropping<T: Send + 'static>(value: T) -> Self {
        Background(
            std::thread::Builder::new()
                .name("handbook-drop".to_string())
                .spawn(move || drop(value))
                .ok(),
        )
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// Pagefind's log, written to a temporary file (its only way out when it runs as a library), so
/// that its warnings (a selector it cannot parse, pages it could not read, a language it cannot
/// split into words) reach the user as diagnostics instead of being lost.
struct PagefindLog(tempfile::NamedTempFile);

impl PagefindLog {
    fn new() -> std::io::Result<Self> {
        tempfile::Builder::new()
            .prefix("handbook-pagefind-")
            .suffix(".log")
            .tempfile()
            .map(PagefindLog)
    }

    fn path(&self) -> String {
        self.0.path().to_string_lossy().into_owned()
    }

    /// The warnings and errors logged so far, once each.
    fn warnings(&self) -> Vec<Diagnostic> {
        std::fs::read_to_string(self.0.path())
            .map(|text| pagefind_warnings(&text))
            .unwrap_or_default()
    }
}

/// The `[Warning]` and `[Error]` entries of a Pagefind log (an entry runs until the next line
/// starting with `[Style]:`) as `search-index` diagnostics: a `Note:` as a note, anything else
/// as a warning, never an error (the index was built).
fn pagefind_warnings(log: &str) -> Vec<Diagnostic> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in log.lines() {
        let style = line
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("]: "))
            .filter(|(style, _)| style.chars().all(|c| c.is_ascii_alphabetic()));
        match style {
            Some((style, text)) => entries.push((style.to_string(), text.to_string())),
            None => {
                if let Some((_, text)) = entries.last_mut() {
                    text.push('\n');
                    text.push_str(line);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    entries
        .into_iter()
        .filter(|(style, _)| style == "Warning" || style == "Error")
        // Chinese, Japanese, Korean and Thai have no stemming to miss: their words are split
        // (with the `cjk-search` feature) and matched whole.
        .filter(|(_, text)| {
            !(text.contains("doesn't support stemming")
                && ["zh", "ja", "ko", "th"].iter().any(|l| {
                    text.contains(&format!("language {l}."))
                        || text.contains(&format!("language {l}-"))
                }))
        })
        .filter_map(|(_, text)| {
            let text = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_start_matches('⚠')
                .trim()
                .to_string();
            (!text.is_empty() && seen.insert(text.clone())).then_some(text)
        })
        .map(|text| match text.strip_prefix("Note: ") {
            Some(note) => Diagnostic::note(Code::SearchIndex, "", 0, 0, format!("Pagefind: {note}")),
            // Pagefind's advice (download another binary) does not apply to an embedded index.
            None if text.contains("non-extended mode") => {
                Diagnostic::warning(Code::SearchIndex, "", 0, 0, format!("Pagefind: {text}"))
                    .with_help("this `handbook` was built without the `cjk-search` cargo feature; build it with the default features to split Chinese and Japanese text into words")
            }
            None => Diagnostic::warning(Code::SearchIndex, "", 0, 0, format!("Pagefind: {text}")),
        })
        .collect()
}

fn failure(message: String) -> Diagnostic {
    Diagnostic::error(Code::SearchIndex, "", 0, 0, message).with_help("build with `search: false` in handbook.yml to skip the search index, and report this as a bug")
}

/// The part of a page Pagefind reads: its `<main>` element in a bare document, or the whole page
/// when a theme has no `<main>`. The document's `lang` is the page's own (the `lang` of its
/// `<html>` element), else `language`, the site's: Pagefind puts each page in the index of its
/// language.
fn indexed_document(html: &str, language: &str) -> String {
    let language = page_language(html).unwrap_or(language);
    let main = html.find("<main").and_then(|start| {
        html.rfind("</main>")
            .filter(|&end| end > start)
            .map(|end| &html[start..end + "</main>".len()])
    });
    match main {
        Some(main) => format!(
            "<html lang=\"{language}\"><body>{}</body></html>",
            nesting::cap_depth(main)
        ),
        None => nesting::cap_depth(html).into_owned(),
    }
}

/// The `lang` attribute of a page's `<html>` element.
fn page_language(html: &str) -> Option<&str> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let value = tag.split_once(" lang=\"")?.1;
    let value = &value[..value.find('"')?];
    crate::i18n::is_language_tag(value).then_some(value)
}

/// The WebAssembly files the index's entry file names (one per language indexed).
fn wasm_files(files: &[pagefind::api::SyntheticFile]) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Entry {
        languages: std::collections::BTreeMap<String, Language>,
    }
    #[derive(serde::Deserialize)]
    struct Language {
        wasm: Option<String>,
    }
    let entry = files
        .iter()
        .find(|f| f.filename.as_os_str() == "pagefind-entry.json")
        .and_then(|f| serde_json::from_slice::<Entry>(&f.contents).ok());
    entry.map_or_else(Vec::new, |entry| {
        entry
            .languages
            .into_values()
            .map(|l| {
                format!(
                    "wasm.{}.pagefind",
                    l.wasm.unwrap_or_else(|| "unknown".to_string())
                )
            })
            .collect()
    })
}

/// Whether a file of Pagefind's bundle is one the theme's search box uses: the JS API, its
/// worker, the entry file, the WebAssembly of the indexed languages, and the index chunks. The
/// default UIs and the highlighting script are left out.
fn is_shipped(name: &str, wasm: &[String]) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || wasm.iter().any(|w| w == name)
        || (name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|dir| name.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// The default theme's `partials/search-data.html` for a `page` context.
    fn search_data(page: serde_json::Value) -> String {
        let theme = crate::render::theme::load_theme(std::path::Path::new("."), None, &[], &[])
            .expect("the default theme compiles");
        let mut context = tera::Context::new();
        context.insert("page", &page);
        theme
            .tera
            .render("partials/search-data.html", &context)
            .expect("the partial renders")
    }

    fn page(kind: &str, decision: Option<serde_json::Value>) -> serde_json::Value {
        let mut page = json!({
            "kind": kind,
            "title": "Use Postgres",
            "tags": ["data", "storage"],
            "breadcrumbs": [{"title": "Home", "href": "../../"}, {"title": "Engineering", "href": "../"}, {"title": "Data", "href": "./"}],
        });
        if let Some(decision) = decision {
            page["decision"] = decision;
        }
        page
    }

    /// Indexes one page made of `body` and returns its record as Pagefind stored it.
    fn index_one(body: &str) -> serde_json::Value {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut index = PagefindIndex::new(Some(PagefindServiceConfig::builder().force_language("en".to_string()).build())).expect("an index");
            let html = format!("<html lang=\"en\"><body><main><h1 data-pagefind-meta=\"title\">T</h1><div data-pagefind-body>{body}<p>Some words.</p></div></main></body></html>");
            index.add_html_file(None, Some("/a/".to_string()), html).await.expect("the page is indexed");
            let files = index.get_files().await.expect("the index builds");
            let fragment = files.iter().find(|f| f.filename.to_string_lossy().starts_with("fragment/")).expect("a fragment");
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(fragment.contents.as_slice()), &mut data).expect("gzip");
            serde_json::from_slice(data.strip_prefix(b"pagefind_dcd").expect("signature")).expect("JSON")
        })
    }

    #[test]
    fn pages_get_kind_section_tag_filters_and_a_breadcrumb() {
        let record = index_one(&search_data(page("content", None)));
        assert_eq!(
            record["filters"],
            json!({"kind": ["page"], "section": ["Engineering"], "tag": ["data", "storage"]})
        );
        assert_eq!(record["meta"]["breadcrumb"], "Engineering › Data");
        assert_eq!(record["meta"]["title"], "T");
        assert_eq!(
            record["content"], "Some words.",
            "the filter elements add no searchable text"
        );
    }

    #[test]
    fn decisions_get_a_status_filter_and_a_date() {
        let html = search_data(page(
            "decision",
            Some(json!({"status": "accepted", "date": "2024-05-01"})),
        ));
        let record = index_one(&html);
        assert_eq!(record["filters"]["kind"], json!(["decision"]));
        assert_eq!(record["filters"]["status"], json!(["accepted"]));
        assert_eq!(record["meta"]["status"], "accepted");
        assert_eq!(record["meta"]["date"], "2024-05-01");
        assert!(
            html.contains("data-pagefind-sort=\"date:2024-05-01\""),
            "{html}"
        );

        // A record without a status or date (the parser never guesses one) still renders.
        let html = search_data(page(
            "decision",
            Some(json!({"status": null, "date": null})),
        ));
        assert!(
            !html.contains("status:") && !html.contains("date:"),
            "{html}"
        );
    }

    #[test]
    fn a_decision_is_found_by_its_number_and_its_people() {
        let html = search_data(page(
            "decision",
            Some(
                json!({"status": "accepted", "date": null, "search_key": "adr0006", "search_people": "Ana Lima, Bo"}),
            ),
        ));
        let record = index_one(&html);
        assert_eq!(record["content"], "adr0006 Ana Lima, Bo Some words.");
    }

    #[test]
    fn section_pages_and_home_are_placed_right() {
        let mut section = page("section", None);
        section["breadcrumbs"] = json!([{"title": "Home", "href": "../"}]);
        section["title"] = json!("Engineering");
        let html = search_data(section);
        assert!(
            html.contains("section:Engineering") && !html.contains("breadcrumb:"),
            "{html}"
        );
        let mut home = page("home", None);
        home["breadcrumbs"] = json!([]);
        let html = search_data(home);
        assert!(
            !html.contains("section:") && !html.contains("breadcrumb:"),
            "{html}"
        );
    }

    #[test]
    fn folder_urls_go_in_bulk_and_the_rest_one_at_a_time() {
        for url in ["", "a/", "a/b/", "Café notes/My page {x}/", "a b#c/"] {
            assert!(bulk_url(url), "{url:?}");
        }
        for url in ["a", "a/b.html", ".hidden/", "a/.b/", "a//b/", "a\\b/"] {
            assert!(!bulk_url(url), "{url:?}");
        }
    }

    /// Every record, by URL, as Pagefind wrote it (fragments are gzip'd JSON after a signature).
    fn records(files: &[pagefind::api::SyntheticFile]) -> BTreeMap<String, serde_json::Value> {
        files
            .iter()
            .filter(|f| f.filename.to_string_lossy().starts_with("fragment/"))
            .map(|f| {
                let mut data = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(f.contents.as_slice()),
                    &mut data,
                )
                .expect("gzip");
                let record: serde_json::Value =
                    serde_json::from_slice(data.strip_prefix(b"pagefind_dcd").expect("signature"))
                        .expect("JSON");
                (record["url"].as_str().expect("a URL").to_string(), record)
            })
            .collect()
    }

    #[test]
    fn pagefind_warnings_become_diagnostics_once_each() {
        let log = "[Status]: \n[Building search indexes]\n[Warning]: ⚠ Indexing Japanese in non-extended mode. \n  In this mode, Pagefind will not segment words.\n[Info]: Language ja: \n  Indexed 3 pages\n[Warning]: Note: Pagefind doesn't support stemming for the language xx. \nSearch will still work.\n[Warning]: Note: Pagefind doesn't support stemming for the language xx. \nSearch will still work.\n[Warning]: Note: Pagefind doesn't support stemming for the language ja. \nSearch will still work.\n";
        let diagnostics = pagefind_warnings(log);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].severity,
            crate::diagnostic::Severity::Warning
        );
        assert_eq!(
            diagnostics[0].message,
            "Pagefind: Indexing Japanese in non-extended mode. In this mode, Pagefind will not segment words."
        );
        assert_eq!(diagnostics[1].severity, crate::diagnostic::Severity::Note);
        assert!(
            diagnostics[1]
                .message
                .starts_with("Pagefind: Pagefind doesn't support stemming")
        );
    }

    #[test]
    fn each_page_is_indexed_in_its_own_language() {
        let html = "<!doctype html>\n<html lang=\"ja\" dir=\"ltr\"><body><main><p>会議</p></main></body></html>";
        assert_eq!(
            indexed_document(html, "en"),
            "<html lang=\"ja\"><body><main><p>会議</p></main></body></html>"
        );
        let html = "<html><body><main><p>Hi</p></main></body></html>";
        assert!(indexed_document(html, "de").starts_with("<html lang=\"de\">"));
    }

    /// With the `cjk-search` feature, a two-character Japanese word inside a longer run of text
    /// is a word of its own in the index (without it, the whole run is one "word").
    #[cfg(feature = "cjk-search")]
    #[test]
    fn japanese_text_is_split_into_words() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let words = runtime.block_on(async {
            let log = PagefindLog::new().expect("a log file");
            let mut index = new_index(&log).expect("an index");
            index
                .add_html_file(
                    None,
                    Some("/a/".to_string()),
                    "<html lang=\"ja\"><body><main><p>毎週の定例会議で進捗を共有します。</p></main></body></html>".to_string(),
                )
                .await
                .expect("added");
            let files = index.get_files().await.expect("the index builds");
            assert!(log.warnings().iter().all(|d| !d.message.contains("non-extended")));
            records(&files)["/a/"]["content"].as_str().unwrap_or_default().to_string()
        });
        // The fragment keeps the text; the segmentation shows as spaces between words.
        assert!(words.contains("会議"), "{words}");
        assert!(!words.contains("定例会議で進捗"), "not segmented: {words}");
    }

    #[test]
    fn pages_added_in_bulk_get_the_records_they_get_one_at_a_time() {
        let page = |title: &str| {
            format!(
                "<html><body><nav>Sidebar</nav><main><h1 data-pagefind-meta=\"title\">{title}</h1>\
                 <div data-pagefind-body><span data-pagefind-filter=\"kind:page\"></span>\
                 <p>Intro about {title}.</p><h2 id=\"more\">More <a class=\"heading-anchor\" href=\"#more\">#</a></h2>\
                 <p>Details.</p></div></main></body></html>"
            )
        };
        let pages: Vec<(&str, String)> = vec![
            ("", page("Home")),
            ("guide/", page("Guide")),
            ("guide/deploying/", page("Deploying")),
            ("Café notes/a b#c {x}/", page("Odd name")),
        ];
        let mut search_pages: Vec<SearchPage> = pages
            .iter()
            .map(|(url, html)| SearchPage {
                url: url.to_string(),
                rel_path: None,
                html: std::sync::Arc::new(html.clone().into_bytes()),
            })
            .collect();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let (in_bulk, one_by_one) = runtime.block_on(async {
            let log = PagefindLog::new().expect("a log file");
            let mut index = new_index(&log).expect("an index");
            let (added, documents) = add_in_bulk(&mut index, &mut search_pages, "en")
                .await
                .expect("added");
            assert_eq!(added, Some(pages.len()));
            // The pages let go of their HTML once the folder is written; `restore` reads back
            // documents that index as the pages do.
            assert!(search_pages.iter().all(|page| page.html.is_empty()));
            documents.restore(&mut search_pages);
            for (page, (_, html)) in search_pages.iter().zip(&pages) {
                let restored = String::from_utf8_lossy(&page.html);
                assert_eq!(restored, indexed_document(html, "en"));
                assert_eq!(indexed_document(&restored, "en"), restored);
            }
            let in_bulk = index.get_files().await.expect("the index builds");

            let mut index = new_index(&log).expect("an index");
            for (page_url, html) in &pages {
                let document = indexed_document(html, "en");
                let page_url = format!("/{}", url::encode_path(page_url));
                index
                    .add_html_file(None, Some(page_url), document)
                    .await
                    .expect("added");
            }
            (in_bulk, index.get_files().await.expect("the index builds"))
        });
        let (in_bulk, one_by_one) = (records(&in_bulk), records(&one_by_one));
        assert_eq!(
            in_bulk.keys().collect::<Vec<_>>(),
            [
                "/",
                "/Caf%C3%A9%20notes/a%20b%23c%20%7Bx%7D/",
                "/guide/",
                "/guide/deploying/"
            ]
        );
        assert_eq!(in_bulk, one_by_one);
        let guide = &in_bulk["/guide/"];
        assert_eq!(guide["meta"]["title"], "Guide");
        assert_eq!(guide["filters"]["kind"], json!(["page"]));
        assert_eq!(guide["anchors"][0]["id"], "more");
        assert_eq!(guide["anchors"][0]["text"], "More");
    }

    #[test]
    fn the_documents_folder_is_laid_out_by_url_and_removed_when_dropped() {
        let html = "<html><body><main><p>Body</p></main></body></html>";
        let folder =
            DocumentFolder::write(&[("", html.as_bytes()), ("a/b/", html.as_bytes())], "en")
                .expect("the documents are written");
        let path = folder.path().to_path_buf();
        assert_eq!(
            std::fs::read_to_string(path.join("a/b/index.html")).expect("a/b/index.html"),
            indexed_document(html, "en")
        );
        assert!(path.join("index.html").is_file());
        drop(folder);
        assert!(!path.exists());
    }

    #[test]
    fn folders_of_processes_that_are_gone_are_removed() {
        let place = tempfile::tempdir().expect("a folder");
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        let folder = |name: &str| {
            let path = place.path().join(name);
            std::fs::create_dir_all(path.join("a")).expect("a folder");
            std::fs::File::open(&path)
                .and_then(|f| f.set_modified(an_hour_ago))
                .expect("an old folder");
            path
        };
        // No process has an id this high (Linux allows at most 2^22).
        let gone = folder("handbook-search-999999999-abc");
        let running = folder(&format!("handbook-search-{}-abc", std::process::id()));
        let other = folder("something-else-999999999-abc");
        let recent = place.path().join("handbook-search-999999998-abc");
        std::fs::create_dir(&recent).expect("a folder");
        remove_stale_folders(place.path());
        if std::path::Path::new("/proc/self").exists() {
            assert!(!gone.exists());
        }
        assert!(running.exists() && other.exists() && recent.exists());
    }

    #[test]
    fn only_main_is_indexed() {
        let page = "<html><body><nav>Sidebar</nav><main id=\"main\"><p>Body</p></main><footer>F</footer></body></html>";
        assert_eq!(
            indexed_document(page, "en"),
            "<html lang=\"en\"><body><main id=\"main\"><p>Body</p></main></body></html>"
        );
        let no_main = "<html><body><p>Body</p></body></html>";
        assert_eq!(indexed_document(no_main, "en"), no_main);
    }

    #[test]
    fn ships_only_what_the_search_box_uses() {
        let wasm = vec!["wasm.en.pagefind".to_string()];
        for name in [
            "pagefind.js",
            "pagefind-worker.js",
            "pagefind-entry.json",
            "wasm.en.pagefind",
            "pagefind.en_1a2b.pf_meta",
            "index/en_1.pf_index",
            "fragment/en_2.pf_fragment",
            "filter/en_3.pf_filter",
        ] {
            assert!(is_shipped(name, &wasm), "{name}");
        }
        for name in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-highlight.js",
            "wasm.unknown.pagefind",
            "pagefind-component-ui.js",
        ] {
            assert!(!is_shipped(name, &wasm), "{name}");
        }
    }
}
