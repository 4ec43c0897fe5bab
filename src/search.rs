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
//! The index is built from each page's rendered HTML rather than from the model, because the
//! HTML gives per-heading sub-results (the heading ids), and the filters, meta and sort keys
//! then come from the theme's `data-pagefind-*` attributes, where a theme author can change
//! them. Only the `<main>` element of a page is indexed: every `data-pagefind-*` attribute of
//! the default theme sits inside it, and the sidebar (which lists the whole site) is left out.
//!
//! Pagefind does not parse that HTML again: [`records`] reads it as Pagefind's parser would
//! (the text with its anchor and weight markers, the anchors' text, meta, filters, sort), and
//! Pagefind gets the result (`PageSource::Parsed`, an API of the patched Pagefind) and only
//! splits and stems the words. A page that reader is not sure of goes to Pagefind as HTML.
//! All pages go in one `add_pages` call, which works on the build's rayon pool, in the site's
//! order, so the index's files are the same from one build to the next. The README's "Search"
//! section has the measurements.
//!
//! Pagefind has no "remove": re-adding a URL replaces its record, but a deleted page would stay.
//! Every build therefore starts from a fresh index.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Site, url};
use crate::output::{Output, OutputData};
mod nesting;
mod records;

use pagefind::api::{PageSource, PagefindIndex};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The folder of the site that holds the index and the Pagefind client.
pub const SEARCH_DIR: &str = "pagefind";

/// Classes of the elements left out of the indexed text even inside the indexed area: the `#`
/// link that every heading carries would otherwise end each sub-result's title.
const EXCLUDED_CLASSES: &[&str] = &["heading-anchor"];

/// What one index build produced.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under `pagefind/`.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
    /// Of these, pages whose HTML Pagefind parsed itself (the rest it got as read here).
    pub read_by_pagefind: usize,
    /// Time spent handing pages to Pagefind (reading and word splitting).
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

/// [`build_index`], calling `added` once every page has been handed to Pagefind, and waiting
/// for it before Pagefind assembles the index. `handbook build` waits there until the site is
/// written, so that the unwritten pages and the index being assembled, the largest structure of
/// a build, are never in memory at once, however the two threads share the cores (README,
/// "Memory"). When the index fails before that, `added` is dropped without being called.
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
    index_pages_read(input, added, cancelled, diagnostics, Reading::Here).await
}

/// Who reads the pages' HTML for the index: this build ([`records::read`], falling back to
/// Pagefind page by page) or, for the tests that compare the two, Pagefind's parser for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Here,
    #[cfg(test)]
    ByPagefind,
}

async fn index_pages_read(
    input: SearchInput,
    added: impl FnOnce(),
    cancelled: &(dyn Fn() -> bool + Sync),
    diagnostics: &mut Diagnostics,
    reading: Reading,
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
    if cancelled() {
        return SearchIndex::default();
    }

    let started = Instant::now();
    let mut stats = SearchStats::default();
    let rel_paths: Vec<Option<String>> = pages.iter().map(|p| p.rel_path.clone()).collect();
    let sources = page_sources(pages, &language, reading);
    stats.read_by_pagefind = sources
        .iter()
        .filter(|(_, source)| matches!(source, PageSource::Html(_)))
        .count();
    let results = match pagefind.add_pages(sources).await {
        Ok(results) => results,
        Err(e) => {
            diagnostics.push(failure(format!("could not index the pages: {e}")));
            return SearchIndex::default();
        }
    };
    for (result, rel_path) in results.into_iter().zip(rel_paths) {
        match result {
            Ok(()) => stats.pages += 1,
            Err(e) => diagnostics.push(Diagnostic::warning(
                Code::SearchIndex,
                rel_path.as_deref().unwrap_or(""),
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
            EXCLUDED_CLASSES
                .iter()
                .map(|class| format!(".{class}"))
                .collect(),
        )
        .build();
    PagefindIndex::new(Some(config))
}

/// Each page's URL as Pagefind keeps it, and what Pagefind gets of the page: what
/// [`records::read`] read from its indexed document, or the document itself where that reader
/// gave up. Runs on every core; each page's share of the rendered HTML is let go once read, so
/// that the output's writer, running meanwhile, frees each page once it is written (README,
/// "Memory").
fn page_sources(
    pages: Vec<SearchPage>,
    language: &str,
    reading: Reading,
) -> Vec<(String, PageSource)> {
    pages
        .into_par_iter()
        .map(|page| {
            let html = String::from_utf8_lossy(&page.html);
            let document = indexed_document(&html, language);
            let read = match reading {
                Reading::Here => records::read(&document, EXCLUDED_CLASSES),
                #[cfg(test)]
                Reading::ByPagefind => None,
            };
            let source = match read {
                Some(parsed) => PageSource::Parsed(parsed),
                None => PageSource::Html(document),
            };
            (format!("/{}", url::encode_path(&page.url)), source)
        })
        .collect()
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

    /// Indexes `pages` (URL, whole page HTML) as a build does, with the pages read by
    /// `reading`: the index's files, and its stats.
    fn index_with(
        pages: &[(&str, &str)],
        language: &str,
        reading: Reading,
    ) -> (Files, SearchStats) {
        let input = SearchInput {
            language: language.to_string(),
            pages: pages
                .iter()
                .map(|(url, html)| SearchPage {
                    url: url.to_string(),
                    rel_path: None,
                    html: std::sync::Arc::new(html.as_bytes().to_vec()),
                })
                .collect(),
        };
        index_read(input, reading)
    }

    fn index_read(input: SearchInput, reading: Reading) -> (Files, SearchStats) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let mut diagnostics = Diagnostics::new();
        let index = runtime.block_on(index_pages_read(
            input,
            || {},
            &|| false,
            &mut diagnostics,
            reading,
        ));
        assert!(
            diagnostics
                .items()
                .iter()
                .all(|d| d.severity != crate::diagnostic::Severity::Error),
            "{diagnostics:?}"
        );
        (index.files, index.stats)
    }

    /// Indexes `pages` read here and by Pagefind's parser, checks that both give the same index
    /// file for file, byte for byte, and returns it with how many pages Pagefind read itself.
    fn same_both_ways(pages: &[(&str, &str)], language: &str) -> (Files, usize) {
        let (here, stats) = index_with(pages, language, Reading::Here);
        let (by_pagefind, _) = index_with(pages, language, Reading::ByPagefind);
        assert_same_index(&here, &by_pagefind);
        (here, stats.read_by_pagefind)
    }

    /// The same records, page by page, and then the same files, byte for byte.
    fn assert_same_index(here: &[(String, Vec<u8>)], by_pagefind: &[(String, Vec<u8>)]) {
        let (a, b) = (records(here), records(by_pagefind));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (url, record) in &a {
            assert_eq!(record, &b[url], "the records of {url} differ");
        }
        // Pagefind lists the filter files in hash map order, which varies from run to run.
        let here: BTreeMap<_, _> = here.iter().map(|(path, bytes)| (path, bytes)).collect();
        let by_pagefind: BTreeMap<_, _> = by_pagefind
            .iter()
            .map(|(path, bytes)| (path, bytes))
            .collect();
        assert_eq!(
            here.keys().collect::<Vec<_>>(),
            by_pagefind.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in here {
            assert!(bytes == by_pagefind[path], "{path} differs");
        }
    }

    /// Indexes one page made of `body` and returns its record as Pagefind stored it, checking
    /// that the page was read here and gives the record Pagefind's parser gives.
    fn index_one(body: &str) -> serde_json::Value {
        let html = format!(
            "<html lang=\"en\"><body><main><h1 data-pagefind-meta=\"title\">T</h1><div data-pagefind-body>{body}<p>Some words.</p></div></main></body></html>"
        );
        let (files, read_by_pagefind) = same_both_ways(&[("a/", &html)], "en");
        assert_eq!(read_by_pagefind, 0, "{html}");
        records(&files).remove("/a/").expect("the page's record")
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

    /// Every record, by URL, as Pagefind wrote it (fragments are gzip'd JSON after a signature).
    fn records(files: &[(String, Vec<u8>)]) -> BTreeMap<String, serde_json::Value> {
        files
            .iter()
            .filter(|(path, _)| path.starts_with("pagefind/fragment/"))
            .map(|(_, bytes)| {
                let mut data = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(bytes.as_slice()),
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
        let page = "<html lang=\"ja\"><body><main><p>毎週の定例会議で進捗を共有します。</p></main></body></html>";
        let (files, read_by_pagefind) = same_both_ways(&[("a/", page)], "en");
        assert_eq!(read_by_pagefind, 0);
        let words = records(&files)["/a/"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        // The fragment keeps the text; the segmentation shows as spaces between words.
        assert!(words.contains("会議"), "{words}");
        assert!(!words.contains("定例会議で進捗"), "not segmented: {words}");
    }

    /// Pages that use every construct Pagefind's parser reads, and some that this build's
    /// reader leaves to Pagefind: the index is the same both ways, byte for byte.
    #[test]
    fn pages_read_here_index_as_pagefind_reads_them() {
        let read_here = [
            r##"<h1 data-pagefind-meta="title">Deploying &amp; rolling back</h1><nav>Skip</nav><div class="content" data-pagefind-body><div class="search-data" hidden><span data-pagefind-filter="kind:page"></span><span data-pagefind-filter="tag:a &amp; b"></span><span data-pagefind-meta="breadcrumb:Eng › Ops"></span><span data-pagefind-sort="date:2024-01-02"></span><span data-pagefind-weight="10">adr0006</span></div>
<p>Intro with <em>emphasis</em>, <code>a&lt;b&gt;</code> and a <a href="../x/">link</a></p>
<h2 id="rolling back">Rolling <code>back</code> <a class="heading-anchor" href="#rolling-back">#</a></h2>
<p>Steps:<br>one<br/>two</p><ul><li>First</li><li>Second item is longer.</li></ul>
<table><thead><tr><th>Col</th></tr></thead><tbody><tr><td>Cell</td></tr></tbody></table>
<pre><code class="language-sh"><span class="k">echo</span> "hi"
</code></pre><!-- a comment --><!---->
<h3 id=plain>Unquoted <span>id</span></h3><p>Café</p><p>x²</p><p>終わり。</p>
<section id="usage" data-pagefind-title="Usage &amp; more"><h4>Usage</h4><p>Text</p></section>
<div data-pagefind-ignore>Hidden</div><div data-pagefind-ignore="all"><span data-pagefind-filter="gone:yes"></span>Gone</div>
<div data-pagefind-ignore="index"><span data-pagefind-meta="kept:yes"></span></div>
<img src="/a.png?x=1&amp;y=2" alt="An image"><input type="checkbox" disabled checked>
<p data-pagefind-index-attrs="title,data-x" title="A title" data-x="More">Attrs</p>
<span data-pagefind-meta="label[data-label], other" data-label="Label value">Other text</span>
<span data-pagefind-filter="bare">Bare filter value</span><span data-pagefind-default-meta="image:/default.png"></span>
<footer>Footer</footer><form><label>Label</label></form>
<h5 id="x1">Five</h5><h6 id="x2">Six</h6><details><summary>More</summary><p>Inside</p></details>
<blockquote><p>Quote</p></blockquote><dl><dt>Term</dt><dd>Definition</dd></dl></div>
<aside id="after">After the body</aside><p>Outside</p>"##,
            "<P ID='Up'>Upper case <B>tags</B></P><p>No body at all</p><h2 id=\"a\">A</h2><h2 id=\"a\">Again</h2>",
            "<div data-pagefind-body><p>One body</p></div><p>Between</p><div data-pagefind-body><p>Two bodies</p></div>",
            "<div data-pagefind-body><h2 id=\"h\">Heading <img class=\"heading-anchor\" src=\"i.png\"> rest</h2><p>After</p></div>",
            "",
            "<div data-pagefind-body><script>var a = '<p>' + '</scripty>';</script><p>Script</p>\
             <style>p > a { color: red }</style><iframe src=\"https://example.com/\"></iframe>\
             <SCRIPT id=\"s\" src=\"/_pagefind/x.js\"></Script ><xmp><b>Not bold</b></xmp></div>",
        ];
        let left_to_pagefind = [
            "<div data-pagefind-body><script><!-- var a = '<p>'; --></script><p>Script</p></div>",
            "<div data-pagefind-body><svg><path d=\"M0\"/></svg><p>Icon</p></div>",
            "<div data-pagefind-body><p>Unclosed<p>paragraphs</div>",
            "<div data-pagefind-body><p>a < b</p></div>",
            "<div data-pagefind-body data-pagefind-ignore=\"bogus\"><p>Bogus</p></div>",
            "<div data-pagefind-body><!--> odd comment --><p>Text</p></div>",
        ];
        let pages: Vec<(String, String)> = read_here
            .iter()
            .chain(&left_to_pagefind)
            .enumerate()
            .map(|(i, main)| {
                (
                    format!("p{i}/"),
                    format!("<!doctype html><html lang=\"en\"><head><title>T</title></head><body><nav>Sidebar</nav><main id=\"main\">{main}</main></body></html>"),
                )
            })
            .chain([(
                "whole/".to_string(),
                "<html><body><p>No main element</p></body></html>".to_string(),
            )])
            .collect();
        let pages: Vec<(&str, &str)> = pages
            .iter()
            .map(|(u, h)| (u.as_str(), h.as_str()))
            .collect();
        let (files, read_by_pagefind) = same_both_ways(&pages, "en");
        assert_eq!(read_by_pagefind, left_to_pagefind.len());
        let records = records(&files);
        let first = &records["/p0/"];
        assert_eq!(first["meta"]["title"], "Deploying & rolling back");
        assert_eq!(first["filters"]["tag"], json!(["a & b"]));
        assert!(
            first["content"]
                .as_str()
                .unwrap_or_default()
                .contains("link. Rolling back Steps: one two."),
            "{first}"
        );
        assert_eq!(first["anchors"][0]["id"], "rollingback");
    }

    /// The example handbook, read here and by Pagefind: the same index, every page read here.
    #[test]
    fn the_example_handbook_indexes_the_same_read_here_or_by_pagefind() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-handbook");
        let (here, by_pagefind, read_by_pagefind) = index_handbook_both_ways(&root);
        assert!(records(&here).len() > 30);
        assert_same_index(&here, &by_pagefind);
        assert_eq!(read_by_pagefind, 0);
        // Built twice, the index is the same: the pages are numbered in the site's order.
        let (again, _, _) = index_handbook_both_ways(&root);
        assert_same_index(&here, &again);
    }

    /// The real handbooks of `../shared/corpora`, when there: the same index both ways. Pages
    /// with HTML this build's reader is not sure of are read by Pagefind (26 of the 881 pages of
    /// `sourcegraph-handbook`, none elsewhere).
    #[test]
    fn the_corpora_index_the_same_read_here_or_by_pagefind() {
        let Some(corpora) =
            crate::markdown::differential::corpora_or_skip("the search records test")
        else {
            return;
        };
        let mut roots: Vec<_> = std::fs::read_dir(&corpora)
            .expect("a readable folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        roots.sort();
        for root in roots {
            let (here, by_pagefind, read_by_pagefind) = index_handbook_both_ways(&root);
            assert_same_index(&here, &by_pagefind);
            let pages = records(&here).len();
            assert!(
                read_by_pagefind * 10 < pages,
                "{}: {read_by_pagefind} of {pages} pages read by Pagefind",
                root.display()
            );
        }
    }

    /// Files of an index, by path in the site.
    type Files = Vec<(String, Vec<u8>)>;

    /// Builds the handbook at `root` (without writing it) and indexes it both ways.
    fn index_handbook_both_ways(root: &std::path::Path) -> (Files, Files, usize) {
        let mut session = crate::session::Session::new(crate::session::SessionOptions {
            root: root.to_path_buf(),
            no_search: true,
            ..Default::default()
        })
        .expect("a session");
        let build = session.build().expect("the build runs");
        let input = SearchInput::new(&build.site, &build.output);
        let (here, stats) = index_read(input.clone(), Reading::Here);
        let (by_pagefind, _) = index_read(input, Reading::ByPagefind);
        (here, by_pagefind, stats.read_by_pagefind)
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
