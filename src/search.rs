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
//! Pagefind has no "remove": re-adding a URL replaces its record, but a deleted page would stay.
//! Every build therefore starts from a fresh index.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Site, url};
use crate::output::{Output, OutputData};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
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

/// Builds the index of every page that has rendered HTML in `output` and does not opt out with
/// `search: false`. Problems (which would be bugs in Pagefind or the theme, not in the content)
/// come back as diagnostics, and the site is then built without search.
pub fn build_search_index(site: &Site, output: &Output) -> (SearchIndex, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            diagnostics.push(failure(format!("could not start the indexer: {e}")));
            return (SearchIndex::default(), diagnostics);
        }
    };
    let index = runtime.block_on(index_pages(site, output, &mut diagnostics));
    (index, diagnostics)
}

async fn index_pages(site: &Site, output: &Output, diagnostics: &mut Diagnostics) -> SearchIndex {
    let language = site.config.language.to_lowercase();
    let config = PagefindServiceConfig::builder()
        .force_language(language.clone())
        .exclude_selectors(
            EXCLUDED_SELECTORS
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
        )
        .build();
    let mut pagefind = match PagefindIndex::new(Some(config)) {
        Ok(index) => index,
        Err(e) => {
            diagnostics.push(failure(format!("could not configure the indexer: {e}")));
            return SearchIndex::default();
        }
    };

    let started = Instant::now();
    let mut stats = SearchStats::default();
    for page in site.pages.iter().filter(|p| p.meta.search) {
        let path = url::output_file(&page.url);
        // A page whose template failed has no HTML; its diagnostic is already reported.
        let Some(OutputData::Bytes(bytes)) = output.files.get(&path) else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        let document = indexed_document(&html, &language);
        let page_url = format!("/{}", url::encode_path(&page.url));
        match pagefind.add_html_file(None, Some(page_url), document).await {
            Ok(_) => stats.pages += 1,
            Err(e) => diagnostics.push(Diagnostic::warning(
                "search-index",
                page.rel_path.as_deref().unwrap_or(""),
                0,
                0,
                format!("the page could not be indexed for search: {e}"),
            )),
        }
    }
    stats.add_elapsed = started.elapsed();

    let started = Instant::now();
    let files = match pagefind.get_files().await {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(failure(format!("could not build the index: {e}")));
            return SearchIndex::default();
        }
    };
    stats.index_elapsed = started.elapsed();

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

fn failure(message: String) -> Diagnostic {
    Diagnostic::error("search-index", "", 0, 0, message).with_help("build with `search: false` in handbook.yml to skip the search index, and report this as a bug")
}

/// The part of a page Pagefind reads: its `<main>` element in a bare document, or the whole page
/// when a theme has no `<main>`. `lang` is set for Pagefind's sake, though the language is forced
/// from the config anyway.
fn indexed_document(html: &str, language: &str) -> String {
    let main = html.find("<main").and_then(|start| {
        html.rfind("</main>")
            .filter(|&end| end > start)
            .map(|end| &html[start..end + "</main>".len()])
    });
    match main {
        Some(main) => format!("<html lang=\"{language}\"><body>{main}</body></html>"),
        None => html.to_string(),
    }
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
