//! The search index written by `handbook build`: every published page is in it with its main
//! content only, opted-out pages and drafts are not, and the filters count what they should.

use handbook::session::{Build, SessionOptions};
use search_support::Site;
use std::collections::{BTreeMap, BTreeSet};

/// Helpers for these tests only (named apart from any shared `support` module).
mod search_support {
    use flate2::read::GzDecoder;
    use handbook::session::{Build, Session, SessionOptions};
    use serde::Deserialize;
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::path::{Path, PathBuf};

    /// A built copy of a fixture handbook, in a temporary folder.
    pub(crate) struct Site {
        _dir: tempfile::TempDir,
        pub(crate) root: PathBuf,
        pub(crate) out: PathBuf,
    }

    impl Site {
        /// Copies `example-handbook/` into a temporary folder.
        pub(crate) fn example() -> Site {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let root = dir.path().join("handbook");
            copy_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-handbook"),
                &root,
            );
            let out = dir.path().join("out");
            Site {
                _dir: dir,
                root,
                out,
            }
        }

        /// Adds `line` to the front matter of the page at `rel_path`.
        pub(crate) fn add_front_matter(&self, rel_path: &str, line: &str) {
            let path = self.root.join(rel_path);
            let text = std::fs::read_to_string(&path).expect("the page exists");
            let rest = text
                .strip_prefix("---\n")
                .expect("the page has YAML front matter");
            std::fs::write(&path, format!("---\n{line}\n{rest}")).expect("the page is writable");
        }

        /// Appends `line` to `handbook.yml`.
        pub(crate) fn add_config(&self, line: &str) {
            let path = self.root.join("handbook.yml");
            let mut text = std::fs::read_to_string(&path).expect("handbook.yml exists");
            text.push_str(line);
            text.push('\n');
            std::fs::write(&path, text).expect("handbook.yml is writable");
        }

        /// Builds and writes the site, as `handbook build` does.
        pub(crate) fn build(&self, options: SessionOptions) -> Build {
            let mut session = Session::new(SessionOptions {
                root: self.root.clone(),
                out: Some(self.out.clone()),
                ..options
            })
            .expect("a session");
            let build = session.build().expect("the build runs");
            assert!(
                !build.is_fatal(),
                "the build failed: {:?}",
                build.diagnostics.items()
            );
            session.write(&build).expect("the site is written");
            build
        }

        /// Every page record of the written index.
        pub(crate) fn fragments(&self) -> Vec<Fragment> {
            let dir = self.out.join("pagefind/fragment");
            let mut fragments = Vec::new();
            for entry in
                std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            {
                let bytes = decode(
                    &std::fs::read(entry.expect("a directory entry").path())
                        .expect("a readable fragment"),
                );
                // A fragment file holds one page, or a group of pages keyed by hash.
                match serde_json::from_slice::<Fragment>(&bytes) {
                    Ok(fragment) => fragments.push(fragment),
                    Err(_) => {
                        let group: BTreeMap<String, Fragment> = serde_json::from_slice(&bytes)
                            .expect("a fragment or a group of fragments");
                        fragments.extend(group.into_values());
                    }
                }
            }
            fragments.sort_by(|a, b| a.url.cmp(&b.url));
            fragments
        }
    }

    /// One page as Pagefind stores it (the fields these tests read).
    #[derive(Debug, Deserialize)]
    pub(crate) struct Fragment {
        pub(crate) url: String,
        pub(crate) content: String,
        pub(crate) filters: BTreeMap<String, Vec<String>>,
        pub(crate) meta: BTreeMap<String, String>,
        pub(crate) anchors: Vec<serde_json::Value>,
    }

    /// Pagefind's files are gzip'd, with a `pagefind_dcd` signature before the data.
    pub(crate) fn decode(bytes: &[u8]) -> Vec<u8> {
        let mut data = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut data)
            .expect("a gzip stream");
        data.strip_prefix(b"pagefind_dcd")
            .expect("the Pagefind signature")
            .to_vec()
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("a folder");
        for entry in std::fs::read_dir(from).expect("a readable folder") {
            let entry = entry.expect("a directory entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("a file type").is_dir() {
                // A stale `public/` from a local build is not part of the handbook.
                if entry.file_name() != "public" {
                    copy_dir(&entry.path(), &target);
                }
            } else {
                std::fs::copy(entry.path(), &target).expect("a copied file");
            }
        }
    }
}

fn indexed_urls(build: &Build) -> BTreeSet<String> {
    build
        .site
        .pages
        .iter()
        .filter(|p| p.meta.search)
        .map(|p| format!("/{}", p.url))
        .collect()
}

#[test]
fn every_published_page_is_indexed_with_its_main_content_only() {
    let site = Site::example();
    site.add_front_matter("engineering/testing.md", "search: false");
    let build = site.build(SessionOptions::default());
    let fragments = site.fragments();

    let urls: BTreeSet<String> = fragments.iter().map(|f| f.url.clone()).collect();
    assert_eq!(urls, indexed_urls(&build));
    assert!(
        urls.len() > 30,
        "the example handbook has more pages than {}",
        urls.len()
    );
    assert!(
        !urls.contains("/engineering/testing/"),
        "a page with `search: false` is indexed"
    );
    assert!(!urls.contains("/policies/travel/"), "a draft is indexed");

    let all_text: String = fragments
        .iter()
        .map(|f| {
            format!(
                "{} {}\n",
                f.meta.get("title").map_or("", String::as_str),
                f.content
            )
        })
        .collect();
    // Draft and opted-out bodies, and the chrome around the main content, are not searchable.
    for absent in [
        "TravelPerk",
        "coverage target",
        "Skip to content",
        "Built with handbook",
        "Tidewater Logistics",
        "Referenced by",
        "In this section",
        "Reviewed",
    ] {
        assert!(!all_text.contains(absent), "`{absent}` is in the index");
    }

    let page = fragments
        .iter()
        .find(|f| f.url == "/engineering/on-call/")
        .expect("the on-call page is indexed");
    assert_eq!(page.meta.get("title").map(String::as_str), Some("On-call"));
    assert_eq!(
        page.meta.get("breadcrumb").map(String::as_str),
        Some("Engineering")
    );
    assert!(!page.anchors.is_empty(), "headings give sub-results");
    assert!(
        !page.content.contains('#'),
        "heading anchors leak into the text: {}",
        page.content
    );
}

#[test]
fn filters_count_pages_by_kind_section_and_tag() {
    let site = Site::example();
    let build = site.build(SessionOptions::default());
    let fragments = site.fragments();

    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for fragment in &fragments {
        for (filter, values) in &fragment.filters {
            for value in values {
                *counts.entry((filter.clone(), value.clone())).or_default() += 1;
            }
        }
    }
    let count = |filter: &str, value: &str| {
        counts
            .get(&(filter.to_string(), value.to_string()))
            .copied()
            .unwrap_or(0)
    };

    let pages: Vec<_> = build.site.pages.iter().filter(|p| p.meta.search).collect();
    let decisions = pages
        .iter()
        .filter(|p| p.kind == handbook::model::PageKind::Decision)
        .count();
    assert_eq!(
        count("kind", "page") + count("kind", "decision"),
        pages.len()
    );
    assert_eq!(count("kind", "decision"), decisions);

    let engineering = pages
        .iter()
        .filter(|p| p.url.starts_with("engineering/"))
        .count();
    assert_eq!(count("section", "Engineering"), engineering);
    let tagged = pages
        .iter()
        .filter(|p| p.meta.tags.iter().any(|t| t == "engineering"))
        .count();
    assert!(tagged > 0);
    assert_eq!(count("tag", "engineering"), tagged);
    assert!(
        fragments
            .iter()
            .find(|f| f.url == "/")
            .is_some_and(|home| !home.filters.contains_key("section")),
        "home is in no section"
    );
}

#[test]
fn no_index_when_search_is_off() {
    let site = Site::example();
    site.add_config("search: false");
    site.build(SessionOptions::default());
    assert!(!site.out.join("pagefind").exists());
    let page = std::fs::read_to_string(site.out.join("engineering/on-call/index.html"))
        .expect("the page is written");
    assert!(
        !page.contains("search.js") && !page.contains("search-input"),
        "the search box is shown without an index"
    );

    let site = Site::example();
    let build = site.build(SessionOptions {
        no_search: true,
        ..SessionOptions::default()
    });
    assert!(build.search.is_none());
    assert!(!site.out.join("pagefind").exists());
}

#[test]
fn only_the_files_the_search_box_uses_are_written() {
    let site = Site::example();
    site.build(SessionOptions::default());
    let dir = site.out.join("pagefind");
    for needed in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
    ] {
        assert!(dir.join(needed).is_file(), "{needed} is missing");
    }
    for unused in [
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-component-ui.js",
        "pagefind-modular-ui.js",
        "pagefind-highlight.js",
        "wasm.unknown.pagefind",
    ] {
        assert!(!dir.join(unused).exists(), "{unused} is written");
    }
}

/// Every file of a written site but the marker (whose modification times differ), by path.
fn written_files(out: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|entry| entry.expect("a readable folder"))
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != ".handbook-output")
        .map(|entry| {
            let path = entry.path();
            let rel = path.strip_prefix(out).expect("inside the site");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(path).expect("a readable file"),
            )
        })
        .collect()
}

#[test]
fn writing_while_indexing_gives_the_site_a_build_then_a_write_gives() {
    let sequential = Site::example();
    sequential.build(SessionOptions::default());

    let overlapped = Site::example();
    let mut session = handbook::session::Session::new(SessionOptions {
        root: overlapped.root.clone(),
        out: Some(overlapped.out.clone()),
        ..SessionOptions::default()
    })
    .expect("a session");
    let (build, written) = session.build_and_write().expect("the build runs");
    let stats = written
        .expect("a build that is not fatal is written")
        .expect("the site is written");
    assert_eq!(stats.written, build.output.files.len());
    let search = build.search.as_ref().expect("the build has an index");
    assert!(search.pages > 30 && search.files > 30);
    assert!(
        build
            .output
            .files
            .keys()
            .any(|p| p == "pagefind/pagefind-entry.json"),
        "the build holds the index's files"
    );

    // The same pages and the same index records; the index's own files are named by their
    // content, and Pagefind numbers pages in the order it lists its input.
    let (a, b) = (
        written_files(&sequential.out),
        written_files(&overlapped.out),
    );
    let pages = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(path, _)| !path.starts_with("pagefind/"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect()
    };
    assert_eq!(pages(&a), pages(&b));
    let records = |site: &Site| {
        site.fragments()
            .into_iter()
            .map(|f| (f.url, f.content, f.filters, f.meta, f.anchors))
            .collect::<Vec<_>>()
    };
    assert_eq!(records(&sequential), records(&overlapped));
    assert_eq!(
        a.keys().filter(|p| p.starts_with("pagefind/")).count(),
        b.keys().filter(|p| p.starts_with("pagefind/")).count()
    );

    // Nothing changed: nothing is written again.
    let (_, written) = session.build_and_write().expect("the build runs");
    let stats = written.expect("written").expect("the site is written");
    assert_eq!(stats.written, 0, "{stats:?}");
    assert_eq!(stats.removed, 0, "{stats:?}");
}
