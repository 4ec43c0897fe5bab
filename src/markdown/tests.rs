use super::*;

fn render_plain(body: &str) -> Rendered<()> {
    render(body, None, |_| (None, ()))
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let r = render_plain("## Setup\n\ntext\n\n## Setup\n\n### Deep *dive*\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["setup", "setup-1", "deep-dive"]);
    assert!(
        r.html
            .contains("<h2 id=\"setup\">Setup<a class=\"heading-anchor\" href=\"#setup\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<h3 id=\"deep-dive\">Deep <em>dive</em>"),
        "{}",
        r.html
    );
}

#[test]
fn explicit_heading_ids_are_kept_and_reserved() {
    let r = render_plain("## Core hours {#core-hours}\n\n## core hours\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["core-hours", "core-hours-1"]);
}

#[test]
fn leading_title_is_found_and_skipped() {
    let body = "# 12. Use Postgres\n\nDate: 2020\n";
    let title = leading_title(body).unwrap();
    assert_eq!(title.text, "12. Use Postgres");
    let r = render(body, Some(title.range), |_| (None, ()));
    assert!(!r.html.contains("<h1"), "{}", r.html);
    assert!(r.html.contains("Date: 2020"));
    assert!(leading_title("text\n\n# Later\n").is_none());
}

#[test]
fn links_are_rewritten_and_collected() {
    let body = "See [leave](../policies/leave.md#parental) and ![x](img/a.png) and [[Leave policy]] and <https://x.org>.";
    let r = render(body, None, |link| {
        (Some(format!("/R/{}", link.dest)), link.kind)
    });
    assert!(
        r.html.contains("href=\"/R/../policies/leave.md#parental\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("src=\"/R/img/a.png\""), "{}", r.html);
    let kinds: Vec<_> = r.links.iter().map(|(l, k)| (l.dest.as_str(), *k)).collect();
    assert_eq!(
        kinds,
        vec![
            ("../policies/leave.md#parental", LinkKind::Link),
            ("img/a.png", LinkKind::Image),
            ("Leave policy", LinkKind::Wiki),
            ("https://x.org", LinkKind::Link)
        ]
    );
    assert_eq!(r.links[0].0.offset, 4);
}

#[test]
fn code_is_highlighted_and_mermaid_kept_for_the_browser() {
    let r = render_plain(
        "```rust\nfn main() {}\n```\n\n```mermaid\ngraph TD; A-->B\n```\n\n```\n<raw>\n```\n",
    );
    assert!(
        r.html.contains(
            "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("&lt;raw&gt;"));
    assert!(r.has_mermaid);
}

#[test]
fn gfm_extensions() {
    let r = render_plain(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
    );
    assert!(
        r.html.contains("<div class=\"table-wrap\"><table>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("aria-label=\"done\""));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("footnote"));
}

#[test]
fn raw_html_passes_through() {
    let r = render_plain("<div class=\"note\">hi</div>\n");
    assert!(r.html.contains("<div class=\"note\">hi</div>"));
}

#[test]
fn summary_is_first_paragraph_text() {
    let r = render_plain("## H\n\nFirst *para*\nline two.\n\nSecond.\n");
    assert_eq!(r.summary, "First para line two.");
}
