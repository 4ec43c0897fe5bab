//! Source paths -> site URLs, and URLs -> the hrefs written into pages. The one place for it.
//!
//! URLs here are site-relative, without a leading slash, and folders end in `/`: the home page is
//! `""`, `guide/onboarding.md` is `guide/onboarding/`. Every href written into a page is relative
//! to that page, so one build works at `/`, under a subpath and (with `relative_index`) from disk.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// File names that make a Markdown file its folder's page.
/// (`.mdx` files are pages only in a Docusaurus docs folder.)
pub const INDEX_NAMES: &[&str] = &[
    "index.md",
    "readme.md",
    "_index.md",
    "index.mdx",
    "readme.mdx",
];

/// Characters escaped in a URL path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%');

/// True for `index.md`, `README.md` or `_index.md` (any case).
pub(crate) fn is_index_file(rel_path: &str) -> bool {
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_ascii_lowercase();
    INDEX_NAMES.contains(&name.as_str())
}

/// The URL of a Markdown source: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`, with `slug`
/// replacing the last segment of a non-index page.
pub(crate) fn page_url(rel_path: &str, slug: Option<&str>) -> String {
    let folder = crate::load::rel_path::parent(rel_path);
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    if is_index_file(rel_path) {
        return prefix;
    }
    let stem = crate::load::rel_path::file_stem(rel_path);
    format!("{prefix}{}/", slug.unwrap_or(stem))
}

/// The URL of a folder's section page.
pub(crate) fn folder_url(folder: &str) -> String {
    if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    }
}

/// The output file of a page URL: `a/b/` -> `a/b/index.html`.
pub(crate) fn output_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The href from the page at `from` to the URL `to` (a page URL ending in `/`, or a file path):
/// the shortest relative path. With `relative_index`, page hrefs end in `index.html` so the site
/// works from `file://`.
pub(crate) fn relative_href(from: &str, to: &str, relative_index: bool) -> String {
    // Every page's links pass through here (a 10,000-page site makes millions of calls), so it
    // walks the segments in place rather than collecting them.
    let from_dirs = || from.split('/').filter(|s| !s.is_empty());
    // The last part of `to` is a file name ("" for a page URL ending in `/`).
    let (to_dirs, to_file) = match to.rfind('/') {
        Some(slash) => (Some(&to[..slash]), &to[slash + 1..]),
        None => (None, to),
    };
    let to_dirs = || to_dirs.into_iter().flat_map(|dirs| dirs.split('/'));
    let common = from_dirs()
        .zip(to_dirs())
        .take_while(|(a, b)| a == b)
        .count();
    let mut href = String::with_capacity(to.len() + 16);
    for _ in common..from_dirs().count() {
        href.push_str("../");
    }
    for dir in to_dirs().skip(common) {
        href.extend(utf8_percent_encode(dir, SEGMENT));
        href.push('/');
    }
    href.extend(utf8_percent_encode(to_file, SEGMENT));
    if relative_index && (to.is_empty() || to.ends_with('/')) {
        href.push_str("index.html");
    } else if href.is_empty() {
        href.push_str("./");
    }
    href
}

/// The relative path from the page at `from` to the site root: `a/b/` -> `../../`.
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes each segment of a path, keeping the `/` separators.
pub(crate) fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            encoded.push('/');
        }
        encoded.extend(utf8_percent_encode(segment, SEGMENT));
    }
    encoded
}

/// Resolves `dest` (a relative path from a file in `folder`) to a root-relative path, or `None`
/// when it climbs out of the root.
pub(crate) fn join_relative(folder: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dest.starts_with('/') || folder.is_empty() {
        Vec::new()
    } else {
        folder.split('/').collect()
    };
    for segment in dest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls() {
        assert_eq!(page_url("guide/onboarding.md", None), "guide/onboarding/");
        assert_eq!(page_url("guide/index.md", None), "guide/");
        assert_eq!(page_url("guide/README.md", None), "guide/");
        assert_eq!(page_url("index.md", None), "");
        assert_eq!(page_url("guide/a.md", Some("b")), "guide/b/");
        assert_eq!(output_file("guide/a/"), "guide/a/index.html");
        assert_eq!(output_file(""), "index.html");
    }

    #[test]
    fn relative_hrefs_equal_the_segment_by_segment_rule() {
        // The rule as first written: split both paths, drop the common folders, climb out of
        // the rest of `from` and down `to`, each segment percent-encoded.
        fn reference(from: &str, to: &str, relative_index: bool) -> String {
            let from_dirs: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
            let to_parts: Vec<&str> = to.split('/').collect();
            let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
            let common = from_dirs
                .iter()
                .zip(to_dirs)
                .take_while(|(a, b)| a == b)
                .count();
            let mut href = "../".repeat(from_dirs.len() - common);
            for dir in &to_dirs[common..] {
                href.push_str(&encode_path(dir));
                href.push('/');
            }
            href.push_str(&encode_path(to_file[0]));
            if relative_index && (to.is_empty() || to.ends_with('/')) {
                href.push_str("index.html");
            } else if href.is_empty() {
                href.push_str("./");
            }
            href
        }
        let paths = [
            "",
            "/",
            "a",
            "a/",
            "a/b/",
            "a/b",
            "/x",
            "a//b/",
            "a/b/c.html",
            "ü/x y/",
            "a/c/",
            "x/",
            "a/b/c/d/",
            "a%20b/",
            "?q/#f",
            "a/./b/",
        ];
        for from in paths {
            for to in paths {
                for relative_index in [false, true] {
                    assert_eq!(
                        relative_href(from, to, relative_index),
                        reference(from, to, relative_index),
                        "from {from:?} to {to:?} ({relative_index})"
                    );
                }
            }
        }
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative_href("a/b/", "a/c/", false), "../c/");
        assert_eq!(relative_href("a/b/", "a/b/", false), "./");
        assert_eq!(relative_href("a/b/", "a/b/c/", false), "c/");
        assert_eq!(relative_href("a/b/", "x/", false), "../../x/");
        assert_eq!(relative_href("", "a/c/", false), "a/c/");
        assert_eq!(relative_href("a/", "", false), "../");
        assert_eq!(relative_href("", "", false), "./");
        assert_eq!(relative_href("", "", true), "index.html");
        assert_eq!(relative_href("a/b/", "a/c/", true), "../c/index.html");
        assert_eq!(relative_href("a/", "img/x y.png", true), "../img/x%20y.png");
    }

    #[test]
    fn joining_relative_paths() {
        assert_eq!(
            join_relative("guide", "../policies/leave.md").as_deref(),
            Some("policies/leave.md")
        );
        assert_eq!(
            join_relative("guide", "./a.md").as_deref(),
            Some("guide/a.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(join_relative("guide", "/x.md").as_deref(), Some("x.md"));
    }
}
