//! Differential tests on real pages: every Markdown file of `../shared/corpora` through
//! `render`, compared on text and structure (headings, paragraphs, lists and items, tables with
//! their rows and cells, code blocks, quotes, links, images, footnotes):
//!
//! - with plain `pulldown_cmark::html::push_html` (same parser options): every page equal, modulo
//!   our deliberate transforms, those [`super::conformance`] undoes plus footnotes (ours follow
//!   GitHub: compared as reference markers that must count 1, 2, 3 ... in order of first
//!   reference), callouts (our `<div>` counts as the `<blockquote>` it was written as, its title
//!   left out) and heading text in braces (`# {title}`, text on our side only);
//! - with GitHub's own renderer, cmark-gfm (through the `cmarkgfm` Python package,
//!   `tests/support/cmark_gfm.py`): at least 99% of pages equal, and every page that is not is
//!   listed in `DELIBERATE_GITHUB` with the reason.
//!
//! Pages written with Liquid or kramdown attribute lists (Jekyll and Eleventy sites) are compared
//! after the rewrite their site gives them ([`as_its_site_reads_it`]): GitHub and plain
//! pulldown-cmark print the tags as text, which is not what these pages mean.
//!
//! Each is skipped, with a message, when the corpora (or Python's `cmarkgfm`) are not there.

use super::conformance::{map_tags, normalise};
use super::{options, render};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/?)>"#).expect("regex"));

/// Elements whose nesting is the structure compared.
const STRUCTURE: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "blockquote",
    "a",
    "img",
    "hr",
    "del",
    "em",
    "strong",
    "code",
];

/// The text the reference renderer gets: a page with Liquid (`{% tag %}`, `{{ site.baseurl }}`)
/// or kramdown attribute lists (`{: .note }`) rewritten as handbook rewrites it, since their
/// site ran Liquid and kramdown before any Markdown; any other page as it is.
fn as_its_site_reads_it(text: &str) -> String {
    let liquid = super::shortcodes::find_tags(text)
        .iter()
        .any(|t| t.syntax != super::shortcodes::Syntax::Hugo);
    if liquid || text.contains("{:") {
        super::prepare::prepare(text, &super::NoHost).text.text
    } else {
        text.to_string()
    }
}

/// The structure and text of a normalised body, as a token list.
fn tokens(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut last = 0;
    let flush = |text: &mut String, out: &mut Vec<String>| {
        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // The same character, escaped or not by one renderer or the other.
        let t = t
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'");
        if !t.is_empty() {
            out.push(t);
        }
        text.clear();
    };
    for c in TAG.captures_iter(html) {
        let m = c.get(0).expect("whole match");
        text.push_str(&html[last..m.start()]);
        last = m.end();
        let name = c[2].to_ascii_lowercase();
        if STRUCTURE.contains(&name.as_str()) {
            flush(&mut text, &mut out);
            out.push(format!("<{}{name}>", &c[1]));
        }
    }
    text.push_str(&html[last..]);
    flush(&mut text, &mut out);
    out
}

static CALLOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<div class="callout callout-[a-z]+" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>.*?</p>"#).expect("regex")
});
static GFM_QUOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<blockquote class="markdown-alert-[a-z]+">"#).expect("regex"));
static OUR_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<sup class="footnote-ref"><a href="[^"]*" id="[^"]*" data-footnote-ref>(\d+)</a></sup>"#,
    )
    .expect("regex")
});
static OUR_BACKREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#" ?<a href="[^"]*" class="footnote-backref"[^>]*>↩(<sup class="footnote-ref">\d+</sup>)?</a>"#).expect("regex")
});
static OUR_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<section class="footnotes" data-footnotes>.*</section>\n?"#).expect("regex")
});
static PLAIN_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<sup class="footnote-reference"><a href="[^"]*">(\d+)</a></sup>"#).expect("regex")
});
static PLAIN_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<div class="footnote-definition" id="[^"]*"><sup class="footnote-definition-label">\d+</sup>.*?</div>\n?"#).expect("regex")
});

static MERMAID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?s)<pre class="mermaid">(.*?)</pre>"#).expect("regex"));
static QUOTE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(<blockquote>\n?<p>)\[![A-Za-z]+\][+-]?[ \t]*\n?"#).expect("regex")
});
static HEADING_BRACES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(<h[1-6][^>]*>[^<]*?)[ \t]*\{[^}<]*\}(<a class="heading-anchor")"#)
        .expect("regex")
});

/// Our heading text keeps a trailing `{…}` that is not attribute syntax; plain pulldown-cmark
/// drops it.
fn brace_free_headings(html: &str) -> String {
    HEADING_BRACES.replace_all(html, "$1$2").into_owned()
}

/// Ours: callouts as quotes, footnote references as markers; the footnote section apart.
fn ours_comparable(html: &str) -> (String, String) {
    let html = MERMAID.replace_all(html, "<pre><code>$1</code></pre>");
    let html = CALLOUT.replace_all(&html, "<blockquote>");
    // A callout's closing `</div>` is the only `</div>` left once the quote opener is back.
    let html = close_callouts(&html);
    let section = OUR_SECTION
        .find(&html)
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let body = OUR_SECTION.replace(&html, "");
    let body = OUR_REF.replace_all(&body, "[^]");
    let section = OUR_BACKREF.replace_all(&section, "");
    (body.into_owned(), section.into_owned())
}

/// Turns the `</div>` closing each callout back into `</blockquote>`.
fn close_callouts(html: &str) -> String {
    let mut stack: Vec<bool> = Vec::new();
    map_tags(html, |tag, out| {
        match (tag.closing, tag.name.as_str()) {
            (false, "blockquote") => stack.push(true),
            (false, "div") => stack.push(false),
            (true, "div" | "blockquote") if stack.pop() == Some(true) => {
                out.push_str("</blockquote>");
                return;
            }
            _ => {}
        }
        out.push_str(tag.text);
    })
}

/// The emoji shortcodes of a reference rendering's text shown as emoji, as GitHub does after
/// cmark-gfm (its emoji filter leaves `pre` and `code` alone) and as handbook does.
fn with_emoji(html: &str) -> String {
    let replace = |out: &mut String, from: usize| {
        let text = out.split_off(from);
        out.push_str(&super::emoji::with_emoji(&text).unwrap_or(text));
    };
    let mut in_code = 0usize;
    let mut text_start = 0;
    let mut out = map_tags(html, |tag, out| {
        // `out` ends with the text before this tag.
        if in_code == 0 {
            replace(out, text_start);
        }
        if matches!(tag.name.as_str(), "pre" | "code") && !tag.self_closing {
            if tag.closing {
                in_code = in_code.saturating_sub(1);
            } else {
                in_code += 1;
            }
        }
        out.push_str(tag.text);
        text_start = out.len();
    });
    if in_code == 0 {
        replace(&mut out, text_start);
    }
    out
}

fn plain_comparable(html: &str) -> String {
    // Callouts a rewrite put in the text (see `as_its_site_reads_it`) compare as ours do.
    let html = CALLOUT.replace_all(html, "<blockquote>");
    let html = close_callouts(&html);
    let html = GFM_QUOTE.replace_all(&html, "<blockquote>");
    let html = QUOTE_MARKER.replace_all(&html, "$1");
    let html = PLAIN_DEF.replace_all(&html, "");
    PLAIN_REF.replace_all(&html, "[^]").into_owned()
}

/// Pages whose differences are deliberate and documented (path under the corpora, why).
const DELIBERATE: &[(&str, &str)] = &[(
    "sourcegraph-handbook/content/departments/sales/demand-gen/index.md",
    "a stray `</p>` inside a quote's paragraph: we drop it (with a warning) and keep the \
     paragraph whole, where a browser would end the paragraph there",
)];

fn markdown_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, files);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            files.push(path);
        }
    }
}

/// `../shared/corpora`, or `None` when it is absent: then the test says it was skipped and
/// counts the skip in `target/skipped-tests.txt` (summed up by `scripts/test.sh`). In CI
/// (`CI=true`) the corpora are always there, so their absence fails the test instead.
#[allow(clippy::print_stderr, reason = "a skipped run must say so")]
pub(crate) fn corpora_or_skip(test: &str) -> Option<std::path::PathBuf> {
    use std::io::Write as _;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpora = root.join("../shared/corpora");
    if corpora.is_dir() {
        return Some(corpora);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: ../shared/corpora is missing, and CI must run the whole-corpus tests"
    );
    eprintln!("skipped: {test} (../shared/corpora not found)");
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    if let Ok(mut log) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(target.join("skipped-tests.txt"))
    {
        let _ = writeln!(log, "{test}");
    }
    None
}

#[test]
#[allow(clippy::print_stderr, reason = "a skipped run must say so")]
fn corpus_pages_match_plain_pulldown_cmark() {
    let Some(corpora) = corpora_or_skip("the differential test") else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&corpora, &mut files);
    files.sort();
    let mut failures = Vec::new();
    let mut with_math = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let rel = file
            .strip_prefix(&corpora)
            .unwrap_or(file)
            .display()
            .to_string();
        let ours = brace_free_headings(&render(&text, None, |_| (None, ())).html);
        let mut plain = String::new();
        pulldown_cmark::html::push_html(
            &mut plain,
            pulldown_cmark::Parser::new_ext(&as_its_site_reads_it(&text), without_math()),
        );
        if has_math(&ours) {
            with_math += 1;
            continue;
        }
        let (ours_body, section) = ours_comparable(&ours);
        let a = tokens(&normalise(&ours_body));
        let b = tokens(&normalise(&plain_comparable(&with_emoji(&plain))));
        let mut problem = None;
        if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            let from = i.saturating_sub(6);
            problem = Some(format!(
                "first difference at token {i}\n    ours:  {:?}\n    plain: {:?}",
                &a[from.min(a.len())..(i + 6).min(a.len())],
                &b[from.min(b.len())..(i + 6).min(b.len())]
            ));
        }
        // Footnote numbers count up in order of first reference.
        let mut next = 1;
        for c in OUR_REF.captures_iter(&ours) {
            let n: usize = c[1].parse().expect("digits");
            if n > next || n == 0 {
                problem.get_or_insert(format!("footnote {n} referred to before footnote {next}"));
            }
            next = next.max(n + 1);
        }
        let notes = section.matches("<li id=").count();
        if notes + 1 != next && !(notes == 0 && next == 1) {
            problem.get_or_insert(format!(
                "{} footnotes referred to, {notes} listed",
                next - 1
            ));
        }
        if let Some(problem) = problem
            && !DELIBERATE.iter().any(|(path, _)| rel == *path)
        {
            failures.push(format!("{rel}: {problem}"));
        }
    }
    eprintln!(
        "differential: {} corpus pages, {} differ, {with_math} with math not compared",
        files.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} page(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

static GITHUB_PRE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<pre lang="[^"]*">"#).expect("regex"));
static GITHUB_TASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<input type="checkbox" disabled=""( checked="")? /> ?"#).expect("regex")
});
static GITHUB_FILTERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"&lt;(/?(?i:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)\b[^<>]*>)"#)
        .expect("regex")
});
static GITHUB_HEADING_ATTRS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[ \t]*\{([^}<]*)\}(</h[1-6]>)"#).expect("regex"));

/// cmark-gfm's HTML, with what differs only in form made like ours: `<pre lang>`, task-list
/// inputs, the tag filter (GitHub escapes `<script>` and the like), alert markers (GitHub turns
/// them into alerts after cmark-gfm), and heading attributes (GitHub has none: `{#id}` is text).
fn github_comparable(html: &str) -> String {
    let html = GITHUB_PRE.replace_all(html, "<pre>");
    let html = GITHUB_TASK.replace_all(&html, |c: &regex::Captures<'_>| {
        format!("[task{}]", if c.get(1).is_some() { " checked" } else { "" })
    });
    let html = GITHUB_FILTERED.replace_all(&html, "<$1");
    let html = QUOTE_MARKER.replace_all(&html, "$1");
    GITHUB_HEADING_ATTRS
        .replace_all(&html, |c: &regex::Captures<'_>| {
            if super::headings::valid_attributes(&c[1]) {
                c[2].to_string()
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// Pages that differ from GitHub on purpose (path under the corpora, why).
const DELIBERATE_GITHUB: &[(&str, &str)] = &[
    (
        "sourcegraph-handbook/content/departments/sales/demand-gen/index.md",
        "a stray `</p>` inside a quote's paragraph: we drop it (with a warning) and keep the \
         paragraph whole",
    ),
    (
        "govuk-aws-docs/docs/guides/environment-provisioning.md",
        "`https://deploy.\\<stackname\\>.…`: GitHub links `https://deploy.\\` (its autolinker \
         reads the source, backslash and all); we link no URL whose host is cut off",
    ),
    (
        "sourcegraph-handbook/content/departments/finance/index.md",
        "`…/formResponse](https://…)`, a broken Markdown link: GitHub links one URL running \
         through the `](`, we link the two URLs the author wrote",
    ),
];

#[test]
#[allow(clippy::print_stderr, reason = "a skipped run must say so")]
fn corpus_pages_match_github() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(corpora) = corpora_or_skip("the GitHub parity test") else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&corpora, &mut files);
    files.sort();
    let child = Command::new("python3")
        .arg(root.join("tests/support/cmark_gfm.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("skipped: python3 not found (the GitHub parity test runs cmark-gfm with it)");
        return;
    };
    let texts: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            Some((f.display().to_string(), as_its_site_reads_it(&text).into()))
        })
        .collect();
    let input = serde_json::to_vec(&texts).expect("JSON");
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("cmark_gfm.py runs");
    writer.join().expect("writer thread").expect("list written");
    if output.status.code() == Some(3) {
        eprintln!("skipped: the `cmarkgfm` Python package is not installed (pip install cmarkgfm)");
        return;
    }
    assert!(output.status.success(), "cmark_gfm.py failed");
    let github: std::collections::HashMap<String, String> =
        serde_json::from_slice(&output.stdout).expect("JSON from cmark_gfm.py");

    let mut differ = Vec::new();
    let mut with_math = 0;
    for file in &files {
        let rel = file
            .strip_prefix(&corpora)
            .unwrap_or(file)
            .display()
            .to_string();
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Some(theirs) = github.get(&file.display().to_string()) else {
            continue;
        };
        let ours = render(&text, None, |_| (None, ())).html;
        if has_math(&ours) {
            with_math += 1;
            continue;
        }
        let (ours_body, ours_notes) = ours_comparable(&ours);
        let (their_body, their_notes) = ours_comparable(&github_comparable(&with_emoji(theirs)));
        let a = tokens(&normalise(&ours_body));
        let b = tokens(&normalise(&their_body));
        let problem = first_difference(&a, &b).or_else(|| {
            first_difference(
                &tokens(&normalise(&ours_notes)),
                &tokens(&normalise(&their_notes)),
            )
            .map(|d| format!("in the footnotes: {d}"))
        });
        if let Some(problem) = problem {
            differ.push((rel, problem));
        }
    }
    let unexplained: Vec<_> = differ
        .iter()
        .filter(|(rel, _)| !DELIBERATE_GITHUB.iter().any(|(path, _)| rel == path))
        .map(|(rel, problem)| format!("{rel}: {problem}"))
        .collect();
    let compared = files.len() - with_math;
    let equal = compared - differ.len();
    eprintln!(
        "GitHub parity: {equal} of {compared} corpus pages equal ({:.1}%), {} differ on purpose, {with_math} with math not compared",
        100.0 * equal as f64 / compared as f64,
        differ.len() - unexplained.len()
    );
    assert!(
        unexplained.is_empty(),
        "{} page(s) differ from GitHub:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        equal * 100 >= compared * 99,
        "fewer than 99% of pages equal GitHub's"
    );
}

/// The reference parsers have no math (cmark-gfm has none; GitHub renders it with MathJax after
/// cmark-gfm): pages where we wrote a formula are counted, not compared, and prose dollars are
/// compared with a parser that reads none.
fn without_math() -> pulldown_cmark::Options {
    options() - pulldown_cmark::Options::ENABLE_MATH
}

fn has_math(ours: &str) -> bool {
    ours.contains("<math ") || ours.contains("class=\"math math-error")
}

fn first_difference(a: &[String], b: &[String]) -> Option<String> {
    let i = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let from = i.saturating_sub(6);
    Some(format!(
        "first difference at token {i}\n    ours:   {:?}\n    github: {:?}",
        &a[from.min(a.len())..(i + 6).min(a.len())],
        &b[from.min(b.len())..(i + 6).min(b.len())]
    ))
}
