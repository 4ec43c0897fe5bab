use super::*;
use crate::diagnostic::Code;

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
fn a_titles_badges_are_left_out_of_it() {
    let title = |body: &str| leading_title(body).unwrap().text;
    assert_eq!(
        title(
            "# Artsy Engineering [![CircleCI](https://circleci.com/x.svg)](https://circleci.com/x)\n"
        ),
        "Artsy Engineering"
    );
    assert_eq!(title("# Tool ![build](b.svg) ![docs](d.svg)\n"), "Tool");
    // A heading that is only an image keeps its alt text.
    assert_eq!(title("# ![Acme handbook](logo.png)\n"), "Acme handbook");
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

/// Rows after the first few hundred events were once written as header cells without their
/// alignment (the writer was restarted every 256 events).
#[test]
fn long_aligned_table_keeps_body_cells_and_alignment() {
    let mut md = String::from("| a | b |\n|:--|--:|\n");
    for i in 0..500 {
        md.push_str(&format!("| {i} | x{i} |\n"));
    }
    let r = render_plain(&md);
    assert_eq!(
        r.html.matches("<th style").count(),
        2,
        "only the header row has <th>"
    );
    assert_eq!(
        r.html.matches("<td style=\"text-align: left\">").count(),
        500
    );
    assert_eq!(
        r.html.matches("<td style=\"text-align: right\">").count(),
        500
    );
    assert!(r.html.contains("<td style=\"text-align: right\">x499</td>"));
}

#[test]
fn table_after_a_code_block_has_a_body() {
    let r = render_plain("```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
    assert_eq!(r.html.matches("<th>").count(), 2, "{}", r.html);
    assert_eq!(r.html.matches("<td>").count(), 4, "{}", r.html);
    assert!(r.html.contains("<tbody>"), "{}", r.html);
}

#[test]
fn nested_lists_across_headings() {
    let r =
        render_plain("## A\n\n- one\n  - one.a\n    - deep\n- two\n\n## B\n\n1. x\n   - y\n2. z\n");
    let html = &r.html;
    assert_eq!(html.matches("<ul>").count(), 4, "{html}");
    assert_eq!(html.matches("</ul>").count(), 4, "{html}");
    assert_eq!(html.matches("<ol>").count(), 1, "{html}");
    assert_eq!(html.matches("</ol>").count(), 1, "{html}");
    assert!(html.find("<ol>") > html.find("id=\"b\""), "{html}");
}

#[test]
fn html_block_spanning_headings_is_kept_whole() {
    let r = render_plain(
        "<details>\n<summary>More</summary>\n\n## Inside\n\ntext\n\n</details>\n\n## After\n",
    );
    let html = &r.html;
    let open = html.find("<details>").unwrap();
    let inside = html.find("id=\"inside\"").unwrap();
    let close = html.find("</details>").unwrap();
    let after = html.find("id=\"after\"").unwrap();
    assert!(open < inside && inside < close && close < after, "{html}");
}

#[test]
fn braces_that_are_not_attributes_stay_heading_text() {
    let r = render_plain(
        "# {short title of solved problem}\n\n## Setup {#setup-id .wide}\n\n## Use {x} here\n\n## Rename {old name}\n",
    );
    let texts: Vec<_> = r
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.id.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (
                "{short title of solved problem}",
                "short-title-of-solved-problem"
            ),
            ("Setup", "setup-id"),
            ("Use {x} here", "use-x-here"),
            ("Rename {old name}", "rename-old-name"),
        ]
    );
    assert!(
        r.html.contains(">{short title of solved problem}<a"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<h2 id=\"setup-id\" class=\"wide\">Setup<a"),
        "{}",
        r.html
    );
}

#[test]
fn code_fence_title_and_highlighted_lines() {
    let r = render_plain("```rust title=\"main.rs\" {2}\nfn a() {}\nfn b() {}\n```\n");
    let html = &r.html;
    assert!(
        html.starts_with("<figure class=\"code-block\"><figcaption class=\"code-title\">main.rs</figcaption><pre class=\"code\" data-lang=\"rust\">"),
        "{html}"
    );
    assert!(
        html.trim_end().ends_with("</code></pre></figure>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<span class=\"line-highlight\">").count(),
        1,
        "{html}"
    );
    let marked = &html[html.find("line-highlight").unwrap()..];
    assert!(
        marked.contains('b') && !marked[..marked.find('\n').unwrap()].contains("a()"),
        "{html}"
    );
}

/// Footnotes were numbered per chunk of the page, so two footnotes under two headings both
/// came out as "1".
#[test]
fn footnotes_across_many_headings_are_numbered_by_first_reference() {
    let mut md = String::new();
    for i in 0..12 {
        md.push_str(&format!(
            "## Part {i}\n\nclaim {i}[^n{i}] and again[^n0]\n\n"
        ));
    }
    for i in (0..12).rev() {
        md.push_str(&format!("[^n{i}]: note {i}\n\n"));
    }
    md.push_str("[^unused]: never referred to\n");
    let r = render_plain(&md);
    let html = &r.html;
    for i in 0..12 {
        let n = i + 1;
        assert!(
            html.contains(&format!(
                "<a href=\"#fn-n{i}\" id=\"fnref-n{i}\" data-footnote-ref>{n}</a>"
            )),
            "footnote n{i} should be {n}: {html}"
        );
    }
    assert!(html.contains("id=\"fnref-n0-13\""), "{html}");
    let section = &html[html
        .find("<section class=\"footnotes\" data-footnotes>")
        .expect(html)..];
    assert!(!section.contains("never referred to"), "{html}");
    assert!(!html.contains("never referred to"), "{html}");
    let positions: Vec<_> = (0..12)
        .map(|i| section.find(&format!("<li id=\"fn-n{i}\">")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{section}");
    assert!(
        section.contains("<p>note 0 <a href=\"#fnref-n0\" class=\"footnote-backref\""),
        "{section}"
    );
    assert!(section.contains("<a href=\"#fnref-n0-13\""), "{section}");
    assert!(html.trim_end().ends_with("</ol>\n</section>"), "{html}");
}

#[test]
fn undefined_footnote_reference_stays_text() {
    let r = render_plain("a[^missing] b\n");
    assert!(r.html.contains("a[^missing] b"), "{}", r.html);
    assert!(!r.html.contains("footnotes"), "{}", r.html);
}

#[test]
fn bare_urls_and_emails_become_checked_links() {
    let body = "See https://example.org/a_(b). Or www.example.com, mail ops@example.com.\n\n`https://in.code` and [https://x.org](https://y.org) and <a href=\"/z\">https://raw.org</a>\n\n```\nhttps://fenced.org\n```\n";
    let r = render(body, None, |link| (None, link.dest.clone()));
    let html = &r.html;
    assert!(
        html.contains("<a href=\"https://example.org/a_(b)\">https://example.org/a_(b)</a>."),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"http://www.example.com\">www.example.com</a>,"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"mailto:ops@example.com\">ops@example.com</a>."),
        "{html}"
    );
    assert!(!html.contains("href=\"https://in.code"), "{html}");
    assert!(!html.contains("href=\"https://x.org"), "{html}");
    assert!(!html.contains("href=\"https://raw.org"), "{html}");
    assert!(!html.contains("href=\"https://fenced.org"), "{html}");
    let dests: Vec<_> = r
        .links
        .iter()
        .map(|(l, _)| (l.dest.as_str(), l.offset))
        .collect();
    assert_eq!(
        dests,
        vec![
            (
                "https://example.org/a_(b)",
                body.find("https://example").unwrap()
            ),
            ("http://www.example.com", body.find("www.").unwrap()),
            ("https://y.org", body.find("[https://x.org]").unwrap()),
            // Raw HTML's URLs are checked too, at the attribute's value.
            ("/z", body.find("/z").unwrap())
        ]
    );
}

#[test]
fn unclosed_html_is_closed_with_a_warning_at_the_tag() {
    let body = "<div class=\"box\">\n\nText with <span>inline\n\n## Later\n\n<details><summary>x</summary>\n\n- a\n";
    let r = render_plain(body);
    let html = &r.html;
    assert!(html.contains("<span>inline</span></p>"), "{html}");
    assert!(html.trim_end().ends_with("</details></div>"), "{html}");
    let found: Vec<_> = r
        .notices
        .iter()
        .map(|w| (w.code, w.offset, w.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Code::UnclosedHtml,
                body.find("<span>").unwrap(),
                "`<span>` is never closed"
            ),
            (
                Code::UnclosedHtml,
                body.find("<details>").unwrap(),
                "`<details>` is never closed"
            ),
            (Code::UnclosedHtml, 0, "`<div>` is never closed"),
        ]
    );
}

#[test]
fn balanced_and_tricky_html_gives_no_warning() {
    let body = "<div>\n<!-- <section> -->\n<img src=\"a.png\" alt=\"a > b\">\n<br/>\n<script>if (a < b) { x = '<div>'; }</script>\n<ul><li>one<li>two</ul>\n</div>\n\n<p>para\n\nText <b>bold</b> <a\nhref=\"/x\">link</a>.\n";
    let r = render_plain(body);
    let codes: Vec<_> = r
        .notices
        .iter()
        .map(|w| (w.code, w.message.as_str()))
        .collect();
    assert_eq!(codes, Vec::<(Code, &str)>::new(), "{}", r.html);
    assert!(r.html.trim_end().ends_with("</p>"), "{}", r.html);
}

#[test]
fn stray_end_tag_is_dropped_with_a_warning() {
    let body = "Text\n\n</div>\n\nMore\n";
    let r = render_plain(body);
    assert!(!r.html.contains("</div>"), "{}", r.html);
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].code, Code::UnmatchedHtmlClose);
    assert_eq!(r.notices[0].offset, 6);
}

#[test]
fn html_left_open_in_a_footnote_is_closed_inside_it() {
    let r = render_plain("a[^1]\n\n[^1]: note <div>\n    open\n\nafter\n");
    let html = &r.html;
    let li_end = html.find("</li>").unwrap();
    assert!(html[..li_end].contains("</div>"), "{html}");
}

#[test]
fn github_alerts_and_obsidian_callouts_share_one_component() {
    let r = render_plain(
        "> [!NOTE]\n> Useful.\n\n> [!WARNING] Same line\n> and next.\n\n> [!tip] Custom *title*\n> Body line.\n\n> [!danger]\n>\n> Careful.\n\n> [!unknown] x\n> plain quote\n\n> just a quote\n",
    );
    let html = &r.html;
    let open = |kind: &str, title: &str| {
        format!(
            "<div class=\"callout callout-{kind}\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{title}</p>\n"
        )
    };
    assert!(
        html.contains(&format!("{}<p>Useful.</p>\n</div>", open("note", "Note"))),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "{}<p>Body line.</p>\n</div>",
            open("tip", "Custom title")
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "{}<p>Careful.</p>\n</div>",
            open("caution", "Caution")
        )),
        "{html}"
    );
    assert!(
        html.contains("<blockquote>\n<p>[!unknown] x\nplain quote</p>\n</blockquote>"),
        "{html}"
    );
    assert!(
        html.contains("<blockquote>\n<p>just a quote</p>\n</blockquote>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<div").count(),
        html.matches("</div>").count(),
        "{html}"
    );
}

#[test]
fn citation_link_is_not_a_wiki_link() {
    let body = "As shown [[1]](https://example.org/paper) and [[Leave policy]].\n";
    let r = render(body, None, |link| (None, link.kind));
    assert!(
        r.html
            .contains("<a href=\"https://example.org/paper\">[1]</a> and"),
        "{}",
        r.html
    );
    let kinds: Vec<_> = r
        .links
        .iter()
        .map(|(l, k)| (l.dest.as_str(), *k, l.offset))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("https://example.org/paper", LinkKind::Link, 9),
            (
                "Leave policy",
                LinkKind::Wiki,
                body.find("[[Leave").unwrap()
            )
        ]
    );
}

#[test]
fn single_and_double_tilde_strike_through() {
    let r = render_plain("~one~ and ~~two~~ but not ~~~three~~~\n");
    assert!(
        r.html.contains("<del>one</del> and <del>two</del>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<del>three"), "{}", r.html);
}

#[test]
fn raw_text_with_multibyte_characters_does_not_panic() {
    let r = render_plain(
        "<script>\nlet s = \"</abcdeé\";\n</script>\n\n<style>\n/* </abcdé */\n</style>\n",
    );
    assert!(r.notices.is_empty(), "{:?}", r.notices);
    assert!(
        r.html.contains("</script>") && r.html.contains("</style>"),
        "{}",
        r.html
    );
}

#[test]
fn liquid_reads_as_jekyll_and_eleventy_pages_mean_it() {
    let body = "\
Read [the guide]({{ site.baseurl }}/guide/) and [setup]({% link docs/setup.md %}).
![Logo]({{ '/assets/logo.png' | relative_url }})

{% raw %}
Shown as written: {{ page.title }} and {% if x %}
{% endraw %}

{% comment %}
Never shown.
{% endcomment %}

{% highlight ruby %}
puts 1
{% endhighlight %}

{% include note.html content=\"Bring a laptop.\" %}

Use `{% if %}` in templates, and {% raw %}`{{ x }}`{% endraw %} too.

Write the `{{ \"{%include%}\" }}` directive.

{% unknown_tag \"a\" %} and {% unknown_tag %} and {{ page.author }}.

[Next]({% page \"/tools/slack/\" %}) and {% include \"step.html\"
  current: 2 %}
";
    let r = render_plain(body);
    let html = &r.html;
    // Liquid's way to show its braces is evaluated in a code span, as Eleventy and Jekyll do.
    assert!(
        html.contains("Write the <code>{%include%}</code> directive."),
        "{html}"
    );
    assert!(html.contains("<a href=\"/guide/\">the guide</a>"), "{html}");
    assert!(
        html.contains("<a href=\"/docs/setup.md\">setup</a>"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/assets/logo.png\" alt=\"Logo\""),
        "{html}"
    );
    assert!(
        html.contains("Shown as written: {{ page.title }} and {% if x %}"),
        "{html}"
    );
    assert!(!html.contains("Never shown"), "{html}");
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"ruby\">"),
        "{html}"
    );
    assert!(
        html.contains("callout-note") && html.contains("Bring a laptop."),
        "{html}"
    );
    assert!(html.contains("<code>{% if %}</code>"), "{html}");
    assert!(html.contains("<code>{{ x }}</code>"), "{html}");
    assert!(
        html.contains("<a href=\"/tools/slack/\">Next</a>"),
        "{html}"
    );
    assert!(
        !html.contains("unknown_tag") && !html.contains("page.author"),
        "{html}"
    );
    assert!(
        !html.contains("step.html") && !html.contains("current: 2"),
        "{html}"
    );
    // Each unknown use is a notice (the site's report folds them into one).
    let unknown: Vec<&str> = r
        .notices
        .iter()
        .filter(|n| n.code == Code::UnknownShortcode)
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        unknown,
        [
            "unknown shortcode `{% unknown_tag %}`: its tags are left out and its content kept",
            "unknown shortcode `{% unknown_tag %}`: its tags are left out and its content kept",
            "Liquid variable `page.author` is not read: it is left out",
            "unknown shortcode `{% include step.html %}`: its tags are left out and its content kept",
        ]
    );
}

#[test]
fn braces_that_are_not_liquid_stay_text() {
    let body =
        "Hugo's {{ .Title }}, a template's {{name}}, {{generator:vp_sales}}, and {% not a tag.\n";
    let html = render_plain(body).html;
    assert!(
        html.contains("{{ .Title }}") && html.contains("{{name}}"),
        "{html}"
    );
    assert!(
        html.contains("{{generator:vp_sales}}") && html.contains("{% not a tag."),
        "{html}"
    );
}

#[test]
fn kramdown_attribute_lists_style_or_go() {
    let body = "\
# Title
{: .no_toc }

## Contents
{: .text-delta }

1. TOC
{:toc}

{: .warning }
Back up first.

After [the link](https://example.org){:target=\"_blank\"}.

## Second
";
    let r = render_plain(body);
    let html = &r.html;
    assert!(!html.contains("{:"), "{html}");
    assert!(html.contains("toc-inline"), "{html}");
    assert!(html.contains("callout-warning"), "{html}");
    let callout = &html[html.find("callout-warning").unwrap()..];
    assert!(
        callout.find("Back up first.").unwrap() < callout.find("</div>").unwrap(),
        "{html}"
    );
    assert!(
        !callout[..callout.find("</div>").unwrap()].contains("After"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://example.org\">the link</a>."),
        "{html}"
    );
}

#[test]
fn just_the_docs_callouts_take_their_quote_and_title_and_postfix_lists_go() {
    let body = "\
{: .note-title }
> My note title
>
> A paragraph with a custom title.

{: .important }
> First.
>
> Second.

> {: .highlight }
  Lazy paragraph.

After it.
{: .note }

Final.
";
    let html = render_plain(body).html;
    assert!(!html.contains("{:"), "{html}");
    assert!(!html.contains("<blockquote>"), "{html}");
    assert!(
        html.contains("</span>My note title</p>\n<p>A paragraph with a custom title.</p>\n</div>"),
        "{html}"
    );
    assert!(
        html.contains("callout-important")
            && html.contains("<p>First.</p>\n<p>Second.</p>\n</div>"),
        "{html}"
    );
    // `{: .note }` after its paragraph styles that paragraph: no empty callout before "Final".
    assert_eq!(html.matches("class=\"callout ").count(), 2, "{html}");
    assert!(html.contains("<p>Final.</p>"), "{html}");
}

#[test]
fn emoji_shortcodes_in_text_not_in_code() {
    let r = render_plain(
        "# Launch :rocket:\n\nShip it :rocket: but not `:rocket:` nor https://x.org/:rocket:\n\n```\n:rocket:\n```\n",
    );
    let html = &r.html;
    assert!(html.contains("Launch 🚀"), "{html}");
    assert!(
        html.contains("Ship it 🚀 but not <code>:rocket:</code>"),
        "{html}"
    );
    assert!(html.contains("https://x.org/:rocket</a>:"), "{html}");
    assert!(html.contains("<code>:rocket:\n</code>"), "{html}");
    // The summary (a listing's description) shows the emoji too.
    assert!(r.summary.contains("Ship it 🚀"), "{}", r.summary);
}

#[test]
fn mkdocs_content_tabs_are_tabs_not_code() {
    let body = "Install it:\n\n=== \"macOS\"\n\n    Use **brew**:\n\n    ```sh\n    brew install x\n    ```\n\n===+ \"Linux\"\n\n    Use apt.\n\nAfter the tabs.\n\n!!! note\n    === \"Nested\"\n        In a note.\n";
    let html = render_plain(body).html;
    assert!(
        html.contains("<div class=\"tabpane\">\n<section class=\"tab\" aria-label=\"macOS\">"),
        "{html}"
    );
    assert!(html.contains("<p>Use <strong>brew</strong>:</p>"), "{html}");
    assert!(html.contains("<code class=\"language-sh\">"), "{html}");
    assert!(
        html.contains("<section class=\"tab\" aria-label=\"Linux\">"),
        "{html}"
    );
    // One group of two tabs, closed before the next paragraph.
    assert_eq!(html.matches("class=\"tabpane\"").count(), 2, "{html}");
    assert!(
        html.contains("<p>Use apt.</p>\n</section>\n</div>\n<p>After the tabs.</p>"),
        "{html}"
    );
    assert!(html.contains("<p>In a note.</p>"), "{html}");
    assert!(!html.contains("==="), "{html}");
    // Not a tab: no quotes, or text after the title.
    let plain = render_plain("=== heading ===\n\n=== \"a\" b\n").html;
    assert!(!plain.contains("tabpane"), "{plain}");
}
