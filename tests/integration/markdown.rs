//! The Markdown dialect end to end: what a page's HTML holds, and what the build says about
//! Markdown it had to repair.

use crate::support::{Handbook, main_of};

#[test]
fn unclosed_html_is_reported_at_its_line_and_closed_in_the_page() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n\n[Open](open.md)\n")
        .file(
            "open.md",
            "# Open\n\nIntro.\n\n<div class=\"wide\">\n\nInside, with <span>an open span.\n\n</section>\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    let warnings: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        vec![
            "open.md:5:1: warning: `<div>` is never closed",
            "open.md:7:14: warning: `<span>` is never closed",
            "open.md:9:1: warning: `</section>` closes no open `<section>`",
        ],
        "full stderr:\n{}",
        run.stderr
    );
    let page = hb.read_out("open/index.html");
    let main = main_of(&page);
    // The content area, up to the template's list of backlinks.
    let start = main.find("data-pagefind-body>").expect(main);
    let end = main.find("<section class=\"backlinks\"").expect(main);
    let content = &main[start..end];
    assert!(
        content.contains("<p>Inside, with <span>an open span.</span></p>\n\n</div>"),
        "{content}"
    );
    assert!(!content.contains("</section>"), "{content}");
    // The content's own `<div>`s and the template's two after it all pair up.
    assert_eq!(
        content.matches("<div").count() + 2,
        content.matches("</div>").count(),
        "{content}"
    );
}

#[test]
fn footnotes_autolinks_callouts_and_code_titles_in_a_built_page() {
    let hb = Handbook::new().file(
        "index.md",
        "# Home\n\n## One\n\nA claim[^a].\n\n## Two\n\nAnother[^b], see https://example.org/docs.\n\n\
         > [!WARNING]\n> Mind the gap.\n\n> [!info] Read this\n> Obsidian style.\n\n\
         ```rust title=\"main.rs\" {2}\nfn a() {}\nfn b() {}\n```\n\n[^b]: Second.\n[^a]: First.\n",
    );
    hb.build_ok();
    let page = hb.read_out("index.html");
    let main = main_of(&page);
    assert!(
        main.contains("<a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref>1</a>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"#fn-b\" id=\"fnref-b\" data-footnote-ref>2</a>"),
        "{main}"
    );
    let section = &main[main.find("<section class=\"footnotes\"").expect(main)..];
    assert!(
        section.find("First.") < section.find("Second."),
        "{section}"
    );
    assert!(
        main.contains("<a href=\"https://example.org/docs\">https://example.org/docs</a>."),
        "{main}"
    );
    assert!(main.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>Warning</p>"), "{main}");
    assert!(main.contains("<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>Read this</p>"), "{main}");
    assert!(
        main.contains("<figcaption class=\"code-title\">main.rs</figcaption>"),
        "{main}"
    );
    assert!(main.contains("<span class=\"line-highlight\">"), "{main}");
}

#[test]
fn formulas_become_mathml_and_one_that_does_not_parse_is_pointed_at() {
    let hb = Handbook::new().file(
        "index.md",
        "# Scoring\n\nUsers active in the last $M$ months; pay of $7.5K or ($22.5K).\n\n\
         ```math\n\\text{score}(u) = \\sum_{a} 2^{-\\frac{\\Delta t}{\\lambda}}\n```\n\n\
         A broken one: $\\frac{1}$.\n",
    );
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    let page = hb.read_out("index.html");
    let main = main_of(&page);
    assert!(main.contains("<math display=\"inline\">"), "{main}");
    assert!(
        main.contains("<div class=\"math-block\"><math display=\"block\">"),
        "{main}"
    );
    assert!(main.contains("pay of $7.5K or ($22.5K)."), "{main}");
    assert!(
        main.contains("<code class=\"math math-error\">\\frac{1}</code>"),
        "{main}"
    );
    let warnings: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("index.md:9:15: warning: this formula is not LaTeX math"),
        "{}",
        run.stderr
    );
}
