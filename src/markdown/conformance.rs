//! Conformance: the CommonMark spec examples and the GFM extension examples, run through our
//! Markdown stage. Every example plain `pulldown_cmark::html::push_html` passes (with our parser
//! options) must pass through `render` too, once the transforms that are ours on purpose are
//! normalised away in both outputs and the expected HTML alike:
//!
//! - heading ids and anchor links, the `table-wrap` around tables, the `code` class and
//!   `data-lang` on `<pre>` and the highlighter's spans, the task-list checkbox markup;
//! - GFM autolink literals (a link whose text is its own URL is unwrapped everywhere);
//! - balancing of raw HTML (all three are balanced the same way before comparing, as a
//!   browser would: open elements closed, stray end tags dropped).
//!
//! Tests that need the corpora (`differential`) live beside this one.

use super::{options, render};
use regex::Regex;
use std::sync::LazyLock;

#[derive(serde::Deserialize)]
struct Suite {
    examples: Vec<Example>,
}

#[derive(serde::Deserialize)]
struct Example {
    name: String,
    markdown: String,
    html: String,
}

fn load(file: &str) -> Vec<Example> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str::<Suite>(&text)
        .expect("valid suite JSON")
        .examples
}

fn plain(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options()),
    );
    html
}

fn ours(markdown: &str) -> String {
    render(markdown, None, |_| (None, ())).html
}

macro_rules! re {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid regex"));
    };
}

re!(
    HEADING_ANCHOR,
    r#"<a class="heading-anchor" href="[^"]*" aria-label="[^"]*">#</a>"#
);
re!(HEADING_OPEN, r#"<h([1-6])[^>]*>"#);
re!(
    TABLE_WRAP,
    r#"<div class="table-wrap">|(</table>)\n?</div>\n?"#
);
re!(PRE_OPEN, r#"<pre class="code"(?: data-lang="[^"]*")?>"#);
re!(PRE_BLOCK, r#"(?s)<pre><code[^>]*>.*?</code></pre>"#);
re!(SPAN, r#"</?span[^>]*>"#);
re!(
    TASK_OURS,
    r#"<input type="checkbox" disabled( checked)? aria-label="[^"]*"> "#
);
re!(
    TASK_PLAIN,
    r#"<input disabled="" type="checkbox"( checked="")?/>\n?"#
);
re!(ANCHOR, r#"<a href="([^"]*)">([^<]*)</a>"#);
re!(EMPTY_TBODY, r#"<tbody>\n?</tbody>"#);
re!(TAG, r#"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>"#);

/// The HTML balanced, our deliberate transforms undone, and the result standardised.
pub(super) fn normalise(html: &str) -> String {
    let html = balance(html);
    let html = HEADING_ANCHOR.replace_all(&html, "");
    // pulldown-cmark writes an empty body for a table with only a header row; GitHub writes none.
    let html = EMPTY_TBODY.replace_all(&html, "");
    let html = HEADING_OPEN.replace_all(&html, "<h$1>");
    let html = TABLE_WRAP.replace_all(&html, "$1");
    let html = PRE_OPEN.replace_all(&html, "<pre>");
    let html = PRE_BLOCK.replace_all(&html, |c: &regex::Captures<'_>| {
        SPAN.replace_all(&c[0], "")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
    });
    let html = TASK_OURS.replace_all(&html, "[task$1]");
    let html = TASK_PLAIN.replace_all(&html, |c: &regex::Captures<'_>| {
        format!("[task{}]", if c.get(1).is_some() { " checked" } else { "" })
    });
    let html = ANCHOR.replace_all(&html, |c: &regex::Captures<'_>| {
        let (href, text) = (&c[1], &c[2]);
        let own_url = href == text
            || href.strip_prefix("http://") == Some(text)
            || href.strip_prefix("mailto:") == Some(text);
        if own_url {
            text.to_string()
        } else {
            c[0].to_string()
        }
    });
    standardise(&html)
}

/// A tag met by [`map_tags`].
pub(super) struct TagAt<'h> {
    /// `</name>` rather than `<name>`.
    pub(super) closing: bool,
    /// `<name/>`.
    pub(super) self_closing: bool,
    /// Lowercase.
    pub(super) name: String,
    /// The tag as written.
    pub(super) text: &'h str,
}

/// Copies `html`, letting `f` write each tag (or something else in its place).
pub(super) fn map_tags(html: &str, mut f: impl FnMut(TagAt<'_>, &mut String)) -> String {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for c in TAG.captures_iter(html) {
        let m = c.get(0).expect("whole match");
        out.push_str(&html[last..m.start()]);
        last = m.end();
        let tag = TagAt {
            closing: &c[1] == "/",
            self_closing: &c[3] == "/",
            name: c[2].to_ascii_lowercase(),
            text: m.as_str(),
        };
        f(tag, &mut out);
    }
    out.push_str(&html[last..]);
    out
}

/// Closes open elements (at the end, or when an enclosing element closes) and drops stray end
/// tags, as a browser would build the tree.
fn balance(html: &str) -> String {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut out = map_tags(html, |tag, out| {
        if tag.closing {
            if let Some(p) = open.iter().rposition(|n| *n == tag.name) {
                for n in open.drain(p + 1..).rev() {
                    out.push_str(&format!("</{n}>"));
                }
                open.pop();
                out.push_str(tag.text);
            }
        } else {
            if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
                open.push(tag.name);
            }
            out.push_str(tag.text);
        }
    });
    for n in open.iter().rev() {
        out.push_str(&format!("</{n}>"));
    }
    out
}

/// pulldown-cmark's own test normalisation.
fn standardise(s: &str) -> String {
    s.replace("<br>", "<br />")
        .replace("<br/>", "<br />")
        .replace("<hr>", "<hr />")
        .replace("<hr/>", "<hr />")
        .replace(">\n<", "><")
        .trim_end()
        .to_string()
}

/// Runs a suite; fails with every example plain pulldown-cmark passes and we do not.
#[allow(
    clippy::print_stderr,
    reason = "the pass counts are the point of a conformance run"
)]
fn run(file: &str) {
    let examples = load(file);
    let (mut plain_passes, mut our_passes) = (0, 0);
    let mut regressions = Vec::new();
    for example in &examples {
        let expected = normalise(&example.html);
        let plain_ok = normalise(&plain(&example.markdown)) == expected;
        let ours = normalise(&ours(&example.markdown));
        let ours_ok = ours == expected;
        plain_passes += usize::from(plain_ok);
        our_passes += usize::from(ours_ok);
        if plain_ok && !ours_ok {
            regressions.push(format!(
                "{}:\n--- markdown\n{}\n--- expected\n{expected}\n--- ours\n{ours}\n",
                example.name, example.markdown
            ));
        }
    }
    eprintln!(
        "{file}: {} examples, plain pulldown-cmark passes {plain_passes}, handbook passes {our_passes}",
        examples.len()
    );
    assert!(
        regressions.is_empty(),
        "{} example(s) pass with plain pulldown-cmark but not through handbook:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}

#[test]
fn commonmark_spec_examples() {
    run("commonmark-spec-0.31.2.json");
}

#[test]
fn gfm_extension_examples() {
    run("gfm-extensions.json");
}
