//! Bring your own docs: folders laid out for other tools build as they are, and what cannot be
//! read as it is is said once, never at the cost of the site.

use crate::support::{Handbook, main_of};

/// The log4brains layout: `index.md` for the site and `README.md` for GitHub in one folder.
#[test]
fn index_and_readme_in_one_folder_build_with_a_note() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n\nSee [the decisions](docs/adr/README.md).\n")
        .file(
            "docs/adr/index.md",
            "<!-- This file is the home page of the log4brains site -->\n\n# Architecture knowledge base\n\nWelcome.\n",
        )
        .file("docs/adr/README.md", "# Architecture Decision Records\n\nRead them on the site.\n")
        .file(
            "docs/adr/20240101-use-markdown.md",
            "# Use Markdown\n\n- Status: accepted\n- Date: 2024-01-01\n\n## Context and Problem Statement\n\nWe write.\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("docs/adr/README.md: note: `docs/adr/index.md` is this folder's page"),
        "{}",
        run.stderr
    );
    let section = hb.read_out("docs/adr/index.html");
    assert!(section.contains("Architecture knowledge base"), "{section}");
    let home = hb.read_out("index.html");
    assert!(home.contains("href=\"docs/adr/\""), "{home}");
}

/// Two pages with one URL: the first is published, the second is an error, and the site is written.
#[test]
fn a_url_clash_costs_one_page_not_the_site() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("a.md", "# A\n")
        .file("b.md", "---\nslug: a\n---\n# B\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("b.md: error: `b.md` is left out: `a.md` is already written to `/a/`"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert!(hb.read_out("a/index.html").contains("<h1"));
}

/// An alias equal to a page's or a generated section's URL is dropped with a warning.
#[test]
fn an_alias_equal_to_a_page_url_is_dropped() {
    let hb = Handbook::new().file("index.md", "# Home\n").file(
        "guide/a.md",
        "---\naliases: [/guide/, /health/, /old/]\n---\n# A\n",
    );
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert_eq!(
        run.stderr.matches("warning: alias").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("alias `/guide/` is the URL of a generated section page"),
        "{}",
        run.stderr
    );
    assert!(hb.read_out("old/index.html").contains("guide/a/"));
    assert!(hb.read_out("health/index.html").contains("<h1"));
    assert!(
        !hb.read_out("guide/index.html")
            .contains("http-equiv=\"refresh\"")
    );
}

/// A Hugo site as it is: config beside `content/`, `_index.md` section pages, root-absolute links.
#[test]
fn a_hugo_site_builds_from_content() {
    let hb = Handbook::new()
        .file(
            "hugo.toml",
            "baseURL = 'https://handbook.example.org/'\nlanguageCode = 'en-gb'\ntitle = 'Acme Handbook'\ntheme = 'docsy'\n",
        )
        .file("content/_index.md", "---\ntitle: Welcome\n---\n\nStart with [engineering](/handbook/engineering/).\n")
        .file("content/handbook/_index.md", "---\ntitle: The handbook\n---\n\nAll of it.\n")
        .file(
            "content/handbook/engineering/_index.md",
            "---\ntitle: Engineering\ndescription:\nlastmod: 2024-05-01\n---\n\nSee [on-call](/handbook/engineering/on-call/) and [missing](/handbook/nowhere/).\n",
        )
        .file("content/handbook/engineering/on-call.md", "---\ntitle: On-call\n---\n\nBack [up](../).\n")
        .file("static/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("layouts/partials/head.html", "<meta>")
        .file("themes/docsy/README.md", "# Not content\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("hugo.toml: note: Hugo config found: pages are read from `content/`"),
        "{}",
        run.stderr
    );
    // The one broken link is reported at its real path, with help about root-absolute links.
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/handbook/engineering/_index.md:7:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("read from the site's root"),
        "{}",
        run.stderr
    );
    let home = hb.read_out("index.html");
    assert!(home.contains("<html lang=\"en-gb\""), "{home}");
    assert!(home.contains("Acme Handbook"), "{home}");
    assert!(home.contains("href=\"handbook/engineering/\""), "{home}");
    let on_call = hb.read_out("handbook/engineering/on-call/index.html");
    assert!(on_call.contains("On-call"));
    assert!(
        hb.read_out("sitemap.xml")
            .contains("https://handbook.example.org/handbook/engineering/")
    );
    assert!(hb.out().join("images/logo.svg").is_file());
    assert!(!hb.out().join("content").exists());
    assert!(!hb.out().join("themes").exists());
}

/// A GitHub-style folder whose README links to its own pages on github.com: read as internal
/// links (checked, counted once), with the repository taken from the git remote.
#[test]
fn self_links_to_the_repository_stay_on_the_site() {
    let hb = Handbook::new()
        .file(
            "docs/README.md",
            "# Team docs\n\n- [Onboarding](https://github.com/acme/team/blob/main/docs/onboarding.md#first-week)\n- [Guides](https://github.com/acme/team/tree/main/docs/guides)\n- [Gone](https://github.com/acme/team/blob/main/docs/gone.md)\n- [Code](https://github.com/acme/team/blob/main/src/main.rs)\n",
        )
        .file("docs/onboarding.md", "# Onboarding\n\n## First week\n\nHello.\n")
        .file("docs/guides/README.md", "# Guides\n");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(hb.root())
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["remote", "add", "origin", "git@github.com:acme/team.git"]);
    let run = hb.run(&["build", "docs"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("handbook: note: 3 links to the handbook's own repository (https://github.com/acme/team) were read as links inside the handbook"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("README.md:5:3: error: link to `https://github.com/acme/team/blob/main/docs/gone.md` does not resolve"), "{}", run.stderr);
    let home = std::fs::read_to_string(hb.root().join("docs/public/index.html")).unwrap();
    assert!(home.contains("href=\"onboarding/#first-week\""), "{home}");
    assert!(home.contains("href=\"guides/\""), "{home}");
    assert!(
        home.contains("href=\"https://github.com/acme/team/blob/main/src/main.rs\""),
        "{home}"
    );
}

/// Every corpus in `../shared/corpora` builds and writes a site, and its number of errors is
/// pinned (each one is a real problem of the corpus, listed in the comments), so a regression
/// that breaks more of a real handbook shows here.
#[test]
fn every_corpus_builds_and_writes_a_site() {
    let Some(corpora) = crate::support::corpora("every_corpus_builds_and_writes_a_site") else {
        return;
    };
    // (corpus, errors): links and fragments that are broken upstream too, or that point outside
    // the copied folder (`../../README.md`, scripts, `.github/` templates).
    let expected: &[(&str, usize)] = &[
        ("arachne-architecture", 4),
        ("artsy-readme", 16),
        ("getgov-docs", 28),
        ("govuk-aws-docs", 7),
        // log4brains' own fixtures: a deliberately broken link and links between packages.
        ("log4brains", 4),
        // The log introduction links to its template, left out of the site: a warning.
        ("madr", 0),
        // Mostly fragments naming headings that do not exist (`#step-3:-pre-leave-tasks`) and
        // Google Docs bookmarks, also in raw HTML links (`<a href="../../team/index.md#carly-jones">`);
        // those in another letter case (`#LOA-TLDR`) are warnings.
        ("sourcegraph-handbook", 363),
        ("thoughtbot-guides", 21),
        // Screenshots (`_img/`) and the `.html` / `.njk` pages were not copied into the corpus;
        // `#TODO`s.
        ("tts-handbook", 56),
    ];
    let mut found = Vec::new();
    for &(name, _) in expected {
        let mut dir = corpora.join(name);
        // The TTS handbook is an Eleventy site whose config (not copied into the corpus) names
        // `pages` as its input folder; a minimal one stands in for it.
        let eleventy = tempfile::tempdir().unwrap();
        if name == "tts-handbook" {
            crate::support::copy_dir(&dir, eleventy.path());
            std::fs::write(
                eleventy.path().join(".eleventy.js"),
                "module.exports = () => ({ dir: { input: \"pages\" } });\n",
            )
            .unwrap();
            dir = eleventy.path().to_path_buf();
        }
        let out = tempfile::tempdir().unwrap();
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
            // The corpora are read-only: no build cache is written into them.
            .args(["build", "--no-cache", "--format", "json", "--out"])
            .arg(out.path())
            .arg(&dir)
            .env("HANDBOOK_TODAY", crate::support::TODAY)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            !dir.join(".handbook-cache").exists(),
            "{name}: --no-cache wrote a cache into the handbook"
        );
        assert!(
            matches!(run.status.code(), Some(0) | Some(1)),
            "{name}: exit {:?}\n{stderr}",
            run.status.code()
        );
        assert!(
            out.path().join("index.html").is_file() && out.path().join("404.html").is_file(),
            "{name}: no site was written\n{stderr}"
        );
        // Machine output goes to stdout; stderr keeps the human summary.
        let stdout = String::from_utf8_lossy(&run.stdout);
        let diagnostics: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e}):\n{stdout}\n{stderr}"));
        let errors = diagnostics
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count();
        found.push((name, errors));
    }
    let found: Vec<(&str, usize)> = found;
    assert_eq!(found, expected, "errors per corpus");
}

/// An MkDocs project: `mkdocs.yml` (Material, with Python tags) beside `docs/`; its `nav:`
/// orders the navigation, its `site_name` titles the site.
#[test]
fn an_mkdocs_project_builds_from_docs_in_nav_order() {
    let hb = Handbook::new()
        .file(
            "mkdocs.yml",
            "site_name: Platform Docs\ntheme:\n  name: material\nnav:\n  - Home: index.md\n  - Guide:\n    - Usage: guide/usage.md\n    - guide/setup.md\n  - About: about.md\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        )
        .file("docs/index.md", "# Platform\n\nWelcome.\n")
        .file("docs/about.md", "---\nhide:\n  - toc\n---\n# About\n\n## Team\n\nUs.\n")
        .file("docs/guide/setup.md", "# Setup\n\nInstall it.\n")
        .file("docs/guide/usage.md", "# Usage\n\nRun it.\n")
        .file("docs/guide/zz-unlisted.md", "# Appendix\n\nMore.\n")
        .file("site/index.html", "old MkDocs output");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("mkdocs.yml: note: MkDocs config found"),
        "{}",
        run.stderr
    );
    let page = hb.read_out("guide/setup/index.html");
    let sidebar = crate::support::sidebar_of(&page);
    let at = |s: &str| {
        sidebar
            .find(s)
            .unwrap_or_else(|| panic!("{s} in {sidebar}"))
    };
    assert!(at(">Guide<") < at(">About<"), "{sidebar}");
    assert!(at(">Usage<") < at(">Setup<"), "{sidebar}");
    assert!(at(">Setup<") < at(">Appendix<"), "{sidebar}");
    assert!(page.contains("Platform Docs"));
    assert!(!hb.out().join("docs").exists());
}

/// An mdBook book: `book.toml` beside `src/`; `SUMMARY.md` orders the navigation and is not a page.
#[test]
fn an_mdbook_builds_from_src_in_summary_order() {
    let hb = Handbook::new()
        .file("book.toml", "[book]\ntitle = \"The Ops Book\"\nsrc = \"src\"\n")
        .file(
            "src/SUMMARY.md",
            "# Summary\n\n[Introduction](README.md)\n\n- [Zebra drills](zebra.md)\n- [Alpha checks](alpha.md)\n",
        )
        .file("src/README.md", "# Introduction\n\nHello.\n")
        .file("src/alpha.md", "# Alpha checks\n")
        .file("src/zebra.md", "# Zebra drills\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    let page = hb.read_out("alpha/index.html");
    let sidebar = crate::support::sidebar_of(&page);
    assert!(
        sidebar.find(">Zebra drills<") < sidebar.find(">Alpha checks<"),
        "{sidebar}"
    );
    assert!(page.contains("The Ops Book"));
    assert!(!hb.out().join("SUMMARY/index.html").exists());
}

/// GitHub-style pages: the opening `## Title` is the title, and a first paragraph used as the
/// description is not shown a second time as a lead.
#[test]
fn titles_from_any_opening_heading_and_no_repeated_lead() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file(
            "guide/deploys.md",
            "## Deploying\n\nShip small changes often.\n\n## Rollbacks\n\nRevert first.\n",
        )
        .file(
            "guide/leads.md",
            "---\ndescription: How leads work.\n---\n# Leads\n\nBody text.\n",
        );
    hb.build_ok();
    let page = crate::support::main_of(&hb.read_out("guide/deploys/index.html")).to_string();
    assert!(page.contains(">Deploying</h1>"), "{page}");
    assert_eq!(
        page.matches("Ship small changes often.").count(),
        1,
        "{page}"
    );
    assert!(!page.contains("class=\"lead\""), "{page}");
    let leads = hb.read_out("guide/leads/index.html");
    assert!(
        leads.contains("<p class=\"lead\">How leads work.</p>"),
        "{leads}"
    );
}

/// Hugo shortcodes as a Docsy site writes them: paired, unpaired, nested, with Markdown inside,
/// in front matter, and unknown ones; never printed raw, diagnostics at the author's lines.
#[test]
fn hugo_shortcodes_render_and_unknown_ones_are_reported_once() {
    let hb = Handbook::new()
        .file("config.toml", "title = 'Docs'\n")
        .file(
            "content/_index.md",
            concat!(
                "---\ntitle: Home\ndescription: \"{{< param tagline >}}\"\n---\n\n",
                "Read the [guide]({{< ref \"guide/setup.md#install\" >}}) first.\n\n",
                "{{% alert title=\"Careful\" color=\"warning\" %}}\n",
                "Do **not** deploy on Fridays ({{< relref \"/guide/setup\" >}}).\n\n",
                "{{< details \"Why\" >}}\nBecause *weekends*.\n{{< /details >}}\n",
                "{{% /alert %}}\n\n",
                "{{< tabpane >}}\n{{< tab header=\"Linux\" >}}\nUse `apt`.\n{{< /tab >}}\n{{< /tabpane >}}\n\n",
                "{{< youtube w7Ft2ymGmfc >}}\n\n",
                "{{< swagger-ui >}}\n\n{{< swagger-ui >}}inner text{{< /swagger-ui >}}\n\n",
                "[Broken]({{< ref \"nowhere.md\" >}})\n",
            ),
        )
        .file("content/guide/setup.md", "# Setup\n\n## Install\n\nRun it.\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("content/_index.md:24:1: warning: unknown shortcode `swagger-ui`: its tags are left out and its content kept (2 times in 1 file; this is the first)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("unknown shortcode").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/_index.md:28:1: error: link to `nowhere.md` does not resolve"),
        "{}",
        run.stderr
    );
    let home = hb.read_out("index.html");
    let main = crate::support::main_of(&home);
    assert!(!home.contains("{{"), "{home}");
    assert!(
        main.contains("<a href=\"guide/setup/#install\">guide</a>"),
        "{main}"
    );
    assert!(main.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>Careful</p>"), "{main}");
    assert!(main.contains("Do <strong>not</strong> deploy"), "{main}");
    assert!(main.contains("<details><summary>Why</summary>"), "{main}");
    assert!(main.contains("<em>weekends</em>"), "{main}");
    assert!(main.contains("<strong>Linux</strong>"), "{main}");
    assert!(
        main.contains("href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\""),
        "{main}"
    );
    assert!(main.contains("inner text"), "{main}");
    assert!(!home.contains("param tagline"), "{home}");
}

/// MkDocs admonitions (`!!!`, collapsible `???`) and a Docusaurus `:::note`, as callouts with
/// Markdown inside; GitLab's `[[_TOC_]]` as a list of the headings.
#[test]
fn admonitions_docusaurus_blocks_and_gitlab_toc_become_callouts() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file(
            "docs/mkdocs.md",
            "# MkDocs\n\n[[_TOC_]]\n\n!!! warning \"Mind the gap\"\n    Keep **clear**.\n\n    See [home](../index.md).\n\n??? tip\n    Hidden tip.\n\nAfter.\n\n## Details\n\nText.\n",
        )
        .file(
            "docs/docusaurus.md",
            "# Docusaurus\n\n:::note\nSome *content* with [a broken link](missing.md).\n:::\n\n:::danger[Take care]\nCareful.\n:::\n\nAfter.\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    // The broken link inside the block is reported at its own line and column.
    assert!(
        run.stderr
            .contains("docs/docusaurus.md:4:21: error: link to `missing.md` does not resolve"),
        "{}",
        run.stderr
    );
    let mkdocs = hb.read_out("docs/mkdocs/index.html");
    let main = crate::support::main_of(&mkdocs);
    assert!(main.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>Mind the gap</p>"), "{main}");
    assert!(
        main.contains("<p>Keep <strong>clear</strong>.</p>"),
        "{main}"
    );
    assert!(main.contains("<a href=\"../../\">home</a>"), "{main}");
    assert!(
        main.contains("<details class=\"callout callout-tip\"><summary class=\"callout-title\">"),
        "{main}"
    );
    assert!(main.contains("<p>After.</p>"), "{main}");
    assert!(main.contains("<nav class=\"toc-inline\" aria-label=\"Contents\"><ul><li class=\"toc-level-2\"><a href=\"#details\">Details</a>"), "{main}");
    assert!(!main.contains("!!!") && !main.contains("_TOC_"), "{main}");
    let docusaurus = hb.read_out("docs/docusaurus/index.html");
    let main = crate::support::main_of(&docusaurus);
    assert!(main.contains("callout callout-note"), "{main}");
    assert!(main.contains("<em>content</em>"), "{main}");
    assert!(main.contains("callout callout-caution"), "{main}");
    assert!(main.contains("Take care</p>"), "{main}");
    assert!(!main.contains(":::"), "{main}");
}

/// Raw HTML: a third-party script or stylesheet is a warning at its line; a raw mermaid block
/// brings the bundled mermaid along.
#[test]
fn raw_html_third_party_scripts_warn_and_raw_mermaid_loads_mermaid() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file(
            "embed.md",
            "# Embed\n\nText.\n\n<script src=\"https://widgets.example.com/w.js\"></script>\n\n<link rel=\"stylesheet\" href=\"//cdn.example.com/x.css\">\n\n<script src=\"/local.js\"></script>\n",
        )
        .file("diagram.md", "# Diagram\n\n<pre class=\"mermaid\">\ngraph TD; A-->B\n</pre>\n")
        .file("local.js", "console.log('local');\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    // A script of the site's own is fine, its path made relative like any link's.
    assert!(
        hb.read_out("embed/index.html")
            .contains("<script src=\"../local.js\"></script>")
    );
    assert!(
        run.stderr.contains("embed.md:5:1: warning: raw HTML loads a script from another host: `https://widgets.example.com/w.js`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("embed.md:7:1: warning: raw HTML loads a stylesheet"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    assert!(hb.read_out("diagram/index.html").contains("mermaid"));
    assert!(hb.out().join("assets/vendor/mermaid").is_dir());
}

/// Docsy's `readfile` of a Markdown file inside the handbook: its text (shortcodes and all) is
/// part of the page; a file that is not there is an error at the shortcode's line.
#[test]
fn readfile_and_include_markdown_include_a_markdown_file_of_the_handbook() {
    let hb = Handbook::new()
        .file("hugo.yaml", "title: Docs\n")
        .file(
            "content/guide/install.md",
            "# Install\n\nBefore.\n\n{{< readfile file=\"/includes/steps.md\" >}}\n\n{{% include \"missing.md\" %}}\n\n{% include-markdown \"../includes/more.md\" %}\n",
        )
        .file(
            "content/includes/steps.md",
            "---\ntitle: Steps\n---\n1. Download **it**.\n2. {{< alert >}}Careful{{< /alert >}}\n",
        )
        .file("content/includes/more.md", "Also *this*.\n")
        .file("content/_index.md", "# Home\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/guide/install.md:7:1: error: `include` of `missing.md`: there is no such Markdown file in the handbook"),
        "{}",
        run.stderr
    );
    let page = hb.read_out("guide/install/index.html");
    let main = crate::support::main_of(&page);
    assert!(main.contains("Download <strong>it</strong>."), "{main}");
    assert!(main.contains("Also <em>this</em>."), "{main}");
    assert!(
        !main.contains("title: Steps") && !main.contains("{{"),
        "{main}"
    );
}

/// User shortcodes as Tera templates in `templates/shortcodes/NAME.html`, unpaired and paired
/// (the inner text rendered as Markdown), as Zola has them.
#[test]
fn user_shortcodes_are_tera_templates() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file(
            "templates/shortcodes/badge.html",
            "<span class=\"badge badge-{{ color | default(value='grey') }}\">{{ args[0] }}</span>",
        )
        .file(
            "templates/shortcodes/panel.html",
            "<div class=\"panel\" title=\"{{ title }}\">\n\n{{ inner | safe }}\n\n</div>",
        )
        .file(
            "guide.md",
            "# Guide\n\nStatus: {{< badge \"beta\" color=\"blue\" >}} today.\n\n{{< panel title=\"Heads up\" >}}\nThis is **Markdown** with a [link](index.md).\n{{< /panel >}}\n\nAfter the panel.\n",
        );
    hb.build_ok();
    let page = hb.read_out("guide/index.html");
    let main = crate::support::main_of(&page);
    assert!(
        main.contains("<span class=\"badge badge-blue\">beta</span>"),
        "{main}"
    );
    assert!(
        main.contains("<div class=\"panel\" title=\"Heads up\">"),
        "{main}"
    );
    assert!(
        main.contains("This is <strong>Markdown</strong> with a <a href=\"../\">link</a>."),
        "{main}"
    );
    assert!(main.contains("<p>After the panel.</p>"), "{main}");
    assert!(!main.contains("{{"), "{main}");
}

/// Pages that fix their own URL the way other tools write it (Docusaurus `slug: /` and
/// `slug: /path`, Jekyll and Eleventy `permalink`, Hugo `url`), old URLs from
/// jekyll-redirect-from, and links written against the published URLs rather than the files.
#[test]
fn permalinks_slugs_with_paths_and_redirect_from_place_pages_where_their_tool_did() {
    let hb = Handbook::new()
        .file("intro.md", "---\nslug: /\n---\n# Intro\n\nSee [the guide](/guides/start/) and [about](pages/about.md).\n")
        .file("guides.md", "---\nslug: guides/start\n---\n# Start here\n\nBack [home](/).\n")
        .file("pages/about.md", "---\npermalink: /about.html\nredirect_from:\n  - /team/\n  - /who-we-are/\n---\n# About\n\nRead [the tools](tools/) page.\n")
        .file("pages/about/tools.md", "---\nurl: /about/tools/\n---\n# Tools\n\nUp to [about](../).\n")
        .file("pages/slack.md", "---\npermalink: /tools/slack/\n---\n# Slack\n\n- [Getting started](getting-started/)\n- [Emoji](emoji/)\n")
        .file("pages/slack/getting-started.md", "---\npermalink: /tools/slack/getting-started/\n---\n# Getting started\n\nHello.\n")
        .file("pages/placeholder.md", "---\npermalink: /:categories/:title/\n---\n# Placeholder\n\nText.\n");
    let run = hb.run(&["build", "."]);
    // Only the link to a page that does not exist anywhere is reported.
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("pages/slack.md:7:3: error: link to `emoji/` does not resolve"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("pages/placeholder.md:2:1: warning: `permalink`"),
        "{}",
        run.stderr
    );
    // `slug: /` makes the page the home page.
    let home = hb.read_out("index.html");
    assert!(home.contains("<title>Intro</title>"), "{home}");
    assert!(
        home.contains("<a href=\"guides/start/\">the guide</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"about/\">about</a>"), "{home}");
    hb.read_out("guides/start/index.html");
    let about = hb.read_out("about/index.html");
    // Relative to the page's URL (`about/`), as a browser reads it on the published site.
    assert!(
        about.contains("<a href=\"tools/\">the tools</a>"),
        "{about}"
    );
    hb.read_out("about/tools/index.html");
    let slack = hb.read_out("tools/slack/index.html");
    assert!(
        slack.contains("<a href=\"getting-started/\">Getting started</a>"),
        "{slack}"
    );
    hb.read_out("tools/slack/getting-started/index.html");
    // Old URLs redirect.
    for old in ["team/index.html", "who-we-are/index.html"] {
        assert!(hb.read_out(old).contains("url=../about/"), "{old}");
    }
    // A placeholder is not read: the page keeps its path's URL.
    hb.read_out("pages/placeholder/index.html");
}

/// A Jekyll site (GitHub Pages): `_config.yml` gives the title and base URL, Jekyll's own
/// folders are not pages, Liquid and kramdown read as Jekyll reads them, and a tag handbook does
/// not know is reported once for the whole site with its count.
#[test]
fn a_jekyll_site_builds_with_its_liquid_read_and_its_folders_left_out() {
    let hb = Handbook::new()
        .file("_config.yml", "title: Team Docs\nurl: https://team.example.org\nbaseurl: /docs\nexclude: [drafts-notes.md]\n")
        .file("index.md", "---\nlayout: home\n---\n# Welcome\n\nStart with [onboarding]({{ site.baseurl }}/onboarding/) or [tools]({% link tools.md %}).\n\n{% include warning.html content=\"Ask before you deploy.\" %}\n")
        .file("onboarding.md", "---\ntitle: Onboarding\npermalink: /onboarding/\n---\n# Onboarding\n{: .no_toc }\n\n1. TOC\n{:toc}\n\n## Day one\n\n{% slack_channel \"general\" %} is where we talk.\n\n## Day two\n\n{% raw %}Templates write `{{ page.title }}`.{% endraw %}\n")
        .file("tools.md", "# Tools\n\n{% slack_channel \"tools\" %} and {% slack_channel \"help\" %}.\n")
        .file("_includes/warning.md", "# Not a page\n")
        .file("_layouts/home.md", "# Not a page either\n")
        .file("drafts-notes.md", "# Excluded\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("_config.yml: note: Jekyll config found: pages are read from the root, and its title and base URL are used"),
        "{}",
        run.stderr
    );
    let unknown: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("unknown shortcode"))
        .collect();
    assert_eq!(unknown.len(), 1, "{}", run.stderr);
    assert!(
        unknown[0].starts_with("onboarding.md:13:1: warning: unknown shortcode `{% slack_channel %}`: its tags are left out and its content kept (3 times in 2 files; this is the first)"),
        "{}",
        run.stderr
    );
    let files = crate::support::list_files(&hb.out());
    for gone in ["_includes", "_layouts", "drafts-notes"] {
        assert!(
            !files.iter().any(|f| f.starts_with(gone)),
            "{gone}: {files:?}"
        );
    }
    let home = hb.read_out("index.html");
    assert!(
        home.contains("<title>Team Docs</title>"),
        "{}",
        &home[..400]
    );
    assert!(
        home.contains("<a href=\"onboarding/\">onboarding</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"tools/\">tools</a>"), "{home}");
    assert!(home.contains("callout-warning") && home.contains("Ask before you deploy."));
    assert!(
        home.contains("https://team.example.org/docs/"),
        "the base URL is used"
    );
    let onboarding = hb.read_out("onboarding/index.html");
    let main = crate::support::main_of(&onboarding);
    assert!(!main.contains("{:") && !main.contains("{%"), "{main}");
    assert!(main.contains("toc-inline"), "{main}");
    assert!(main.contains("<code>{{ page.title }}</code>"), "{main}");
}

/// An Eleventy project reads its pages from the input folder its config names; link shortcodes
/// written as a link's destination lead to the page they name.
#[test]
fn an_eleventy_project_builds_from_its_input_folder() {
    let hb = Handbook::new()
        .file(".eleventy.js", "module.exports = function (config) {\n  config.addLiquidShortcode(\"page\", (link) => link);\n  return { dir: { input: \"pages\", includes: \"../_includes\" } };\n};\n")
        .file("README.md", "# The repository's readme, not a page\n")
        .file("pages/index.md", "# Handbook\n\nSee [Slack]({% page \"/tools/slack/\" %}) and [travel][t].\n\n[t]: {% page \"travel/\" %}\n")
        .file("pages/tools/slack.md", "# Slack\n\nHello.\n")
        .file("pages/travel.md", "---\npermalink: /travel/\n---\n# Travel\n\n{% include \"step-indicator.html\"\n  current: 1 %}\n\nBook early.\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains(".eleventy.js: note: Eleventy config found: pages are read from `pages/`"),
        "{}",
        run.stderr
    );
    let home = hb.read_out("index.html");
    assert!(
        home.contains("<a href=\"tools/slack/\">Slack</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"travel/\">travel</a>"), "{home}");
    let travel = hb.read_out("travel/index.html");
    let main = crate::support::main_of(&travel);
    assert!(
        !main.contains("step-indicator") && !main.contains("current: 1"),
        "{main}"
    );
    assert!(main.contains("Book early."), "{main}");
    assert!(
        !crate::support::list_files(&hb.out())
            .iter()
            .any(|f| f.starts_with("README"))
    );
}

/// A Docusaurus project builds as Docusaurus shows it: its config's title and base URL, number
/// prefixes out of URLs and titles but ordering the navigation, `_category_.json` labels and
/// positions, and an MDX page with its imports, tabs, admonition and an unknown component (said
/// once, at its line).
#[test]
fn a_docusaurus_project_builds_as_docusaurus_shows_it() {
    let hb = Handbook::new()
        .file(
            "docusaurus.config.js",
            "// @ts-check\nconst config = {\n  title: 'Acme Docs',\n  url: 'https://acme.example',\n  baseUrl: '/handbook/',\n  presets: [['classic', { docs: { path: 'guides', sidebarPath: './sidebars.js' } }]],\n};\nmodule.exports = config;\n",
        )
        .file("guides/intro.md", "# Introduction\n\nWelcome.\n")
        .file(
            "guides/02-getting-started/02-configure.md",
            "Configure it after [installing](install), see [the terms](/docs/basics/terms-of-art) and [the intro](../intro.md).\n",
        )
        .file("guides/02-getting-started/01-install.mdx", "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\nimport Highlight from '@site/src/components/Highlight';\n\n# Install Acme\n\n{/* TODO: Windows */}\n\n<Tabs groupId=\"os\">\n  <TabItem value=\"linux\" label=\"Linux\" default>\n    Run `apt install acme`.\n  </TabItem>\n  <TabItem value=\"mac\" label=\"macOS\">\n    Run `brew install acme`.\n  </TabItem>\n</Tabs>\n\n<Admonition type=\"tip\" title=\"Quicker\">\n  Use the **binary**.\n</Admonition>\n\n<Highlight color=\"#25c2a0\">Green</Highlight> and <Highlight color=\"red\">red</Highlight>.\n")
        .file("guides/01-basics/_category_.json", "{ \"label\": \"The basics\", \"position\": 5 }")
        .file("guides/01-basics/terms.md", "---\nid: terms-of-art\n---\n# Terms\n")
        .file("guides/01-basics/basics.md", "# Basics home\n")
        .file("guides/_snippet.mdx", "A partial, imported by pages.\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    for page in [
        "index.html",
        "intro/index.html",
        "getting-started/index.html",
        "getting-started/install/index.html",
        "getting-started/configure/index.html",
        "basics/terms-of-art/index.html",
        "basics/index.html",
    ] {
        assert!(hb.out().join(page).is_file(), "{page}: {}", run.stderr);
    }
    for absent in [
        "02-getting-started",
        "basics/_category_.json",
        "01-basics",
        "_snippet",
    ] {
        assert!(!hb.out().join(absent).exists(), "{absent}");
    }

    let home = hb.read_out("index.html");
    assert!(home.contains("Acme Docs"), "{home}");
    let sidebar = crate::support::sidebar_of(&home);
    let labels: Vec<&str> = sidebar
        .split("href=\"./")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    // `02-getting-started` (position 2) before `_category_` position 5; pages by prefix.
    assert_eq!(
        labels,
        [
            "getting-started/",
            "getting-started/install/",
            "getting-started/configure/",
            "basics/",
            "basics/terms-of-art/",
            "intro/"
        ],
        "{sidebar}"
    );
    assert!(sidebar.contains(">The basics</a>"), "{sidebar}");
    assert!(sidebar.contains(">Getting started</a>"), "{sidebar}");
    assert!(sidebar.contains(">Configure</a>"), "{sidebar}");
    // A page named as its folder is the folder's page; the category names it in the navigation.
    assert!(
        hb.read_out("basics/index.html")
            .contains(">Basics home</h1>")
    );

    // Links as Docusaurus reads them: URLs without a final `/`, and files with their prefixes.
    let configure = hb.read_out("getting-started/configure/index.html");
    assert!(configure.contains("href=\"../install/\""), "{configure}");
    assert!(
        configure.contains("href=\"../../basics/terms-of-art/\""),
        "{configure}"
    );
    assert!(configure.contains("href=\"../../intro/\""), "{configure}");
    assert!(home.contains("https://acme.example/handbook/"), "{home}");

    let install =
        crate::support::main_of(&hb.read_out("getting-started/install/index.html")).to_string();
    assert!(install.contains(">Install Acme</h1>"), "{install}");
    assert!(!install.contains("import"), "{install}");
    assert!(!install.contains("TODO"), "{install}");
    assert!(install.contains("<div class=\"tabpane\">"), "{install}");
    assert!(install.contains("<strong>macOS</strong>"), "{install}");
    assert!(
        install.contains("<p>Run <code>apt install acme</code>.</p>"),
        "{install}"
    );
    assert!(install.contains("callout-tip"), "{install}");
    assert!(install.contains("Quicker"), "{install}");
    assert!(install.contains("<p>Green and red.</p>"), "{install}");

    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "guides/02-getting-started/01-install.mdx:22:1: warning: unknown MDX component `<Highlight>`: its tags are left out and its content kept (2 times in 1 file; this is the first)"
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "docusaurus.config.js: note: Docusaurus config found: pages are read from `guides/`"
        ),
        "{}",
        run.stderr
    );
}

/// Definition lists are read where the folder's own tool reads them (Hugo's goldmark, Jekyll's
/// kramdown, MkDocs with `def_list`), and not in a plain handbook, as on GitHub, unless
/// `handbook.yml` says so.
#[test]
fn definition_lists_are_read_where_the_folders_tool_reads_them() {
    let glossary = "# Glossary\n\nRFC\n: A request for comments.\n: Written before a big change.\n\nADR\n: An architecture decision record.\n";
    let dl = "<dl>\n<dt>RFC</dt>\n<dd>A request for comments.</dd>\n<dd>Written before a big change.</dd>\n<dt>ADR</dt>";
    let hugo = Handbook::new()
        .file("hugo.toml", "title = 'Docs'\n")
        .file("content/glossary.md", glossary);
    hugo.run(&["build", "."]).assert_code(0);
    let page = hugo.read_out("glossary/index.html");
    assert!(main_of(&page).contains(dl), "{page}");

    let mkdocs = Handbook::new()
        .file(
            "mkdocs.yml",
            "site_name: Docs\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  - def_list\n",
        )
        .file("docs/glossary.md", glossary);
    mkdocs.run(&["build", "."]).assert_code(0);
    assert!(main_of(&mkdocs.read_out("glossary/index.html")).contains(dl));

    // Hugo with the extension switched off, and a plain handbook: a paragraph, as on GitHub.
    let off = Handbook::new()
        .file(
            "hugo.yaml",
            "title: Docs\nmarkup:\n  goldmark:\n    extensions:\n      definitionList: false\n",
        )
        .file("content/glossary.md", glossary);
    off.run(&["build", "."]).assert_code(0);
    let page = off.read_out("glossary/index.html");
    assert!(!page.contains("<dl>\n<dt>RFC"), "{page}");
    assert!(
        main_of(&page).contains("<p>RFC\n: A request for comments."),
        "{page}"
    );
    let plain = Handbook::new().file("glossary.md", glossary);
    plain.run(&["build", "."]).assert_code(0);
    assert!(!plain.read_out("glossary/index.html").contains("<dt>RFC"));
    plain.write("handbook.yml", "definition_lists: true\n");
    plain.run(&["build", "."]).assert_code(0);
    assert!(main_of(&plain.read_out("glossary/index.html")).contains(dl));
}

/// A GitBook space as Git Sync writes it: `.gitbook.yaml`, `SUMMARY.md`, uploads in
/// `.gitbook/assets/`, and GitBook's blocks in the pages.
#[test]
fn a_gitbook_space_builds_with_its_uploads_and_blocks() {
    let hb = Handbook::new()
        .file(
            ".gitbook.yaml",
            "root: ./\n\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\n",
        )
        .file("README.md", "# Acme Handbook\n\nWelcome.\n")
        .file(
            "SUMMARY.md",
            "# Table of contents\n\n* [Welcome](README.md)\n* [Onboarding](onboarding/README.md)\n  * [First week](onboarding/first-week.md)\n",
        )
        .file("onboarding/README.md", "# Onboarding\n\nStart here.\n")
        .file(
            "onboarding/first-week.md",
            "---\ndescription: Your first week.\n---\n\n# First week\n\n\
             {% hint style=\"warning\" %}\nBring your **laptop**.\n{% endhint %}\n\n\
             {% tabs %}\n{% tab title=\"macOS\" %}\nUse brew.\n{% endtab %}\n\n{% tab title=\"Linux\" %}\nUse apt.\n{% endtab %}\n{% endtabs %}\n\n\
             {% embed url=\"https://www.youtube.com/watch?v=abc\" %}\nIntro video\n{% endembed %}\n\n\
             {% content-ref url=\"../README.md\" %}\n[README.md](../README.md)\n{% endcontent-ref %}\n\n\
             ![Org chart](<../.gitbook/assets/image (1).png>)\n\n\
             {% code title=\"setup.sh\" lineNumbers=\"true\" %}\n```bash\nmake setup\n```\n{% endcode %}\n\n\
             {% include \"../.gitbook/includes/support.md\" %}\n",
        )
        .file(
            ".gitbook/includes/support.md",
            "---\ntitle: Support\n---\n\nAsk in **#help**.\n",
        )
        .file(".gitbook/assets/image (1).png", "png")
        .file(".gitbook/assets/.DS_Store", "junk");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            ".gitbook.yaml: note: GitBook config found: pages are read from the root, and its navigation order is used"
        ),
        "{}",
        run.stderr
    );
    // Every block is known: nothing reported beyond the note.
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = main_of(&hb.read_out("onboarding/first-week/index.html")).to_string();
    assert!(
        page.contains("<div class=\"callout callout-warning\""),
        "{page}"
    );
    assert!(
        page.contains("<section class=\"tab\" aria-label=\"macOS\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://www.youtube.com/watch?v=abc\">"),
        "{page}"
    );
    assert!(page.contains("<p>Intro video</p>"), "{page}");
    assert!(
        page.contains("<img src=\"../../.gitbook/assets/image%20(1).png\" alt=\"Org chart\""),
        "{page}"
    );
    assert!(
        page.contains(
            "<figure class=\"code-block\"><figcaption class=\"code-title\">setup.sh</figcaption>"
        ),
        "{page}"
    );
    assert!(!page.contains("{%"), "{page}");
    // A reusable block is included where it is used, and is no page of its own.
    assert!(
        page.contains("<p>Ask in <strong>#help</strong>.</p>"),
        "{page}"
    );
    assert!(
        !hb.out()
            .join(".gitbook/includes/support/index.html")
            .exists()
    );
    assert!(hb.out().join(".gitbook/assets/image (1).png").is_file());
    assert!(!hb.out().join(".gitbook/assets/.DS_Store").exists());
    // The table of contents orders the navigation and is not a page.
    assert!(!hb.out().join("SUMMARY/index.html").exists());
}
