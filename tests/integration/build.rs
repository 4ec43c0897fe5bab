//! `handbook build` on small handbooks, one behaviour per test.

use crate::support::{Handbook, list_files, main_of, repo_root, sidebar_of};

#[test]
fn pages_get_pretty_urls_and_index_files_are_folder_pages() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n\nWelcome.\n")
        .file("guide/README.md", "# Guide\n")
        .file("guide/onboarding.md", "# Onboarding\n")
        .file("notes/_index.md", "# Notes\n")
        .file("notes/one.md", "---\nslug: first\n---\n# One\n");
    hb.build_ok();
    let files = list_files(&hb.out());
    for expected in [
        "index.html",
        "guide/index.html",
        "guide/onboarding/index.html",
        "notes/index.html",
        "notes/first/index.html",
        "404.html",
        "robots.txt",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:?}"
        );
    }
    assert!(!files.iter().any(|f| f.ends_with(".md")), "{files:?}");
}

#[test]
fn folder_without_index_gets_a_generated_section_page_listing_its_children() {
    let hb = Handbook::new()
        .file(
            "team/alpha.md",
            "---\ntitle: Alpha\ndescription: The first team.\n---\nText.\n",
        )
        .file(
            "team/beta.md",
            "# Beta\n\nThe second team, described by its first paragraph.\n",
        );
    hb.build_ok();
    let html = hb.read_out("team/index.html");
    let main = main_of(&html);
    assert!(main.contains(">Team</h1>"), "{main}");
    assert!(main.contains("href=\"alpha/\">Alpha</a>"), "{main}");
    assert!(main.contains("The first team."), "{main}");
    assert!(
        main.contains("The second team, described by its first paragraph."),
        "{main}"
    );
    // The home page is generated too, and lists the section.
    assert!(main_of(&hb.read_out("index.html")).contains("href=\"team/\">Team</a>"));
}

#[test]
fn navigation_orders_by_weight_then_title_with_breadcrumbs_and_prev_next() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide/index.md", "---\ntitle: Guide\nweight: 1\n---\n")
        .file("guide/zebra.md", "---\ntitle: Zebra\nweight: 1\n---\n")
        .file("guide/apple.md", "---\ntitle: Apple\nweight: 2\n---\n")
        .file("guide/mango.md", "# Mango\n")
        .file("guide/banana.md", "# Banana\n")
        .file("about.md", "---\ntitle: About\nweight: 5\n---\n");
    hb.build_ok();
    let html = hb.read_out("guide/apple/index.html");
    let sidebar = sidebar_of(&html);
    let order: Vec<&str> = ["Guide", "Zebra", "Apple", "Banana", "Mango", "About"]
        .into_iter()
        .collect();
    let positions: Vec<usize> = order
        .iter()
        .map(|t| {
            sidebar
                .find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} in {sidebar}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sidebar order {order:?} at {positions:?}:\n{sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"../../guide/apple/\" aria-current=\"page\">Apple</a>"),
        "{sidebar}"
    );
    let main = main_of(&html);
    assert!(
        main.contains("<li><a href=\"../../\">"),
        "breadcrumb to home: {main}"
    );
    assert!(
        main.contains("<li><a href=\"../\">Guide</a></li>"),
        "{main}"
    );
    assert!(main.contains("rel=\"prev\" href=\"../zebra/\""), "{main}");
    assert!(main.contains("rel=\"next\" href=\"../banana/\""), "{main}");
}

#[test]
fn headings_get_unique_ids_anchor_links_and_a_table_of_contents() {
    let hb = Handbook::new().file(
        "page.md",
        "# Page\n\n## Setup\n\n## Setup\n\n### Core hours {#core}\n\n## What's new?\n",
    );
    hb.build_ok();
    let main = main_of(&hb.read_out("page/index.html")).to_string();
    for id in ["setup", "setup-1", "core", "whats-new"] {
        assert!(main.contains(&format!("id=\"{id}\"")), "{id}: {main}");
        assert!(
            main.contains(&format!("class=\"heading-anchor\" href=\"#{id}\"")),
            "{id}: {main}"
        );
        assert!(
            main.contains(&format!("<a href=\"#{id}\">")),
            "toc entry {id}: {main}"
        );
    }
    assert_eq!(
        main.matches("<h1").count(),
        1,
        "the leading heading becomes the title only once"
    );
}

#[test]
fn front_matter_yaml_toml_and_none() {
    let hb = Handbook::new()
        .file(
            "yaml.md",
            "---\ntitle: From YAML\ntags: [a, b]\nowner: Platform team\ncustom: kept\n---\nBody.\n",
        )
        .file(
            "toml.md",
            "+++\ntitle = \"From TOML\"\nweight = 3\n+++\nBody.\n",
        )
        .file("heading.md", "# From the heading\n\nBody.\n")
        .file("plain-file-name.md", "Just text.\n")
        .file("draft.md", "---\ntitle: Secret\ndraft: true\n---\n");
    hb.build_ok();
    assert!(hb.read_out("yaml/index.html").contains(">From YAML</h1>"));
    assert!(hb.read_out("yaml/index.html").contains("Platform team"));
    assert!(hb.read_out("toml/index.html").contains(">From TOML</h1>"));
    assert!(
        hb.read_out("heading/index.html")
            .contains(">From the heading</h1>")
    );
    assert!(
        hb.read_out("plain-file-name/index.html")
            .contains(">Plain file name</h1>")
    );
    assert!(!hb.out().join("draft").exists(), "drafts are not built");
    assert!(!hb.read_out("index.html").contains("Secret"));
}

#[test]
fn unknown_front_matter_fields_reach_templates() {
    let hb = Handbook::new()
        .file(
            "page.md",
            "---\ntitle: P\nteam_channel: \"#ops\"\n---\nBody.\n",
        )
        .file(
            "templates/page.html",
            "<html><body><main>{{ page.extra.team_channel }}</main></body></html>",
        );
    hb.build_ok();
    assert!(hb.read_out("page/index.html").contains("#ops"));
}

#[test]
fn relative_markdown_links_are_rewritten_to_page_urls() {
    let hb = Handbook::new()
        .file("policies/leave.md", "# Leave\n\n## Parental leave\n")
        .file("policies/index.md", "# Policies\n")
        .file("guide/start.md", "# Start\n\nSee [leave](../policies/leave.md#parental-leave), [policies](../policies/), [home](../index.md) and [site](https://example.org).\n")
        .file("index.md", "# Home\n");
    hb.build_ok();
    let main = main_of(&hb.read_out("guide/start/index.html")).to_string();
    assert!(
        main.contains("href=\"../../policies/leave/#parental-leave\""),
        "{main}"
    );
    assert!(main.contains("href=\"../../policies/\""), "{main}");
    assert!(main.contains("href=\"../../\""), "{main}");
    assert!(main.contains("href=\"https://example.org\""), "{main}");
}

#[test]
fn relative_index_links_end_in_index_html() {
    let hb = Handbook::new()
        .file("a.md", "# A\n\n[b](b.md)\n")
        .file("b.md", "# B\n");
    hb.run(&["build", ".", "--relative-index"]).assert_code(0);
    let html = hb.read_out("a/index.html");
    assert!(
        main_of(&html).contains("href=\"../b/index.html\""),
        "{html}"
    );
    assert!(html.contains("href=\"../index.html\""), "home link: {html}");
}

#[test]
fn images_beside_pages_and_static_files_are_copied() {
    let hb = Handbook::new()
        .file(
            "guide/setup.md",
            "# Setup\n\n![diagram](img/flow.svg)\n\n[the form](form.pdf)\n",
        )
        .file(
            "guide/img/flow.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file("guide/form.pdf", "%PDF")
        .file("static/favicon.ico", "ico")
        .file("static/assets/extra.css", "body{}");
    hb.build_ok();
    assert_eq!(
        std::fs::read_to_string(hb.out().join("guide/img/flow.svg")).unwrap(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert!(hb.out().join("guide/form.pdf").is_file());
    assert_eq!(
        std::fs::read_to_string(hb.out().join("favicon.ico")).unwrap(),
        "ico"
    );
    assert!(hb.out().join("assets/extra.css").is_file());
    let main = main_of(&hb.read_out("guide/setup/index.html")).to_string();
    // The page moved one folder down (pretty URL), so its relative references are adjusted.
    assert!(main.contains("src=\"../img/flow.svg\""), "{main}");
    assert!(main.contains("href=\"../form.pdf\""), "{main}");
}

#[test]
fn static_files_override_theme_assets() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("static/assets/style.css", "/* mine */");
    hb.build_ok();
    assert_eq!(hb.read_out("assets/style.css"), "/* mine */");
}

#[test]
fn base_url_with_subpath_gives_sitemap_and_absolute_404_links() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide/a b.md", "---\ntitle: A\nreviewed: 2025-01-02\n---\n");
    hb.run(&["build", ".", "--base-url", "https://example.org/handbook"])
        .assert_code(0);
    let sitemap = hb.read_out("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/handbook/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains(
            "<loc>https://example.org/handbook/guide/a%20b/</loc><lastmod>2025-01-02</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(
        hb.read_out("robots.txt")
            .contains("Sitemap: https://example.org/handbook/sitemap.xml")
    );
    let not_found = hb.read_out("404.html");
    assert!(
        not_found.contains("href=\"/handbook/assets/style.css\""),
        "{not_found}"
    );
    // Pages link relatively, so they work under the subpath without knowing it.
    let page = hb.read_out("guide/a b/index.html");
    assert!(page.contains("href=\"../../assets/style.css\""), "{page}");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/handbook/guide/a%20b/\">"
        ),
        "{page}"
    );
}

#[test]
fn no_sitemap_without_base_url() {
    let hb = Handbook::new().file("index.md", "# Home\n");
    hb.build_ok();
    assert!(!hb.out().join("sitemap.xml").exists());
}

#[test]
fn handbook_templates_override_the_theme() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide.md", "# Guide\n\nBody text.\n")
        .file(
            "templates/partials/page-footer.html",
            "<footer class=\"custom-footer\">custom {{ page.title }}</footer>",
        );
    hb.build_ok();
    let html = hb.read_out("guide/index.html");
    assert!(
        html.contains("<footer class=\"custom-footer\">custom Guide</footer>"),
        "{html}"
    );
    assert!(html.contains("Body text."));
}

#[test]
fn a_theme_folder_is_used_when_configured() {
    let hb = Handbook::new()
        .file("handbook.yml", "theme: my-theme\n")
        .file("index.md", "# Home\n")
        .file(
            "my-theme/templates/home.html",
            "<html><body><main>theme home: {{ page.title }}</main></body></html>",
        )
        .file("my-theme/static/assets/theme.css", "x");
    hb.build_ok();
    assert!(hb.read_out("index.html").contains("theme home: Home"));
    assert!(hb.out().join("assets/theme.css").is_file());
    assert!(
        !hb.out().join("my-theme").exists(),
        "the theme folder is not content"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let src = repo_root().join("example-handbook");
    let hb = Handbook::copy_of(&src);
    let out_a = hb.root().join("out-a");
    let out_b = hb.root().join("out-b");
    hb.run(&["build", ".", "--out", out_a.to_str().unwrap()])
        .assert_code(0);
    hb.run(&["build", ".", "--out", out_b.to_str().unwrap()])
        .assert_code(0);
    // The marker is bookkeeping (it records file times), not part of the site.
    let site_files = |dir| {
        list_files(dir)
            .into_iter()
            .filter(|f| f != ".handbook-output")
            .collect::<Vec<_>>()
    };
    let files = site_files(&out_a);
    assert_eq!(files, site_files(&out_b));
    assert!(files.len() > 40, "{files:?}");
    for f in files {
        assert!(
            std::fs::read(out_a.join(&f)).unwrap() == std::fs::read(out_b.join(&f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn second_build_rewrites_nothing_unchanged_and_removes_stale_pages() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("a.md", "# A\n")
        .file("b.md", "# B\n");
    hb.build_ok();
    let stamp = std::fs::metadata(hb.out().join("assets/style.css"))
        .unwrap()
        .modified()
        .unwrap();
    std::fs::write(hb.out().join("notes.txt"), "kept").unwrap();
    std::fs::remove_file(hb.root().join("a.md")).unwrap();
    let run = hb.build_ok();
    assert!(run.stdout.contains("removed"), "{}", run.stdout);
    assert!(
        !hb.out().join("a").exists(),
        "the deleted page's output is removed"
    );
    assert_eq!(
        std::fs::metadata(hb.out().join("assets/style.css"))
            .unwrap()
            .modified()
            .unwrap(),
        stamp,
        "unchanged file untouched"
    );
    assert_eq!(
        std::fs::read_to_string(hb.out().join("notes.txt")).unwrap(),
        "kept",
        "a file handbook did not write is kept"
    );
}

#[test]
fn output_folder_that_is_the_handbook_or_contains_it_is_refused() {
    let hb = Handbook::new().file("index.md", "# Home\n");
    let run = hb.run(&["build", ".", "--out", "."]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("is the handbook folder itself"),
        "{}",
        run.stderr
    );
    let run = hb.run(&["build", ".", "--out", ".."]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("contains the handbook folder"),
        "{}",
        run.stderr
    );
    assert!(hb.root().join("index.md").is_file());
}

#[test]
fn non_empty_folder_not_made_by_handbook_is_refused_and_left_alone() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("../foreign/keep.txt", "mine");
    let foreign = hb.root().join("../foreign");
    let run = hb.run(&["build", ".", "--out", foreign.to_str().unwrap()]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("not empty and was not created by handbook"),
        "{}",
        run.stderr
    );
    assert_eq!(list_files(&foreign), vec!["keep.txt"]);
    std::fs::remove_dir_all(foreign).unwrap();
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("a.md", "# A\n");
    hb.build_ok();
    let before: Vec<(String, Vec<u8>)> = list_files(&hb.out())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(hb.out().join(&f)).unwrap()))
        .collect();
    hb.write("a.md", "# A changed\n");
    hb.write("templates/page.html", "{% if %}broken");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("templates/page.html:1:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    let after: Vec<(String, Vec<u8>)> = list_files(&hb.out())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(hb.out().join(&f)).unwrap()))
        .collect();
    assert!(before == after, "the output changed");
}

#[test]
fn invalid_config_is_reported_at_its_line_with_the_valid_keys() {
    let hb = Handbook::new()
        .file("handbook.yml", "title: T\ncolour: blue\n")
        .file("index.md", "# Home\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("handbook.yml:2:1: error: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("colour"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: valid keys are: title, description, base_url"),
        "{}",
        run.stderr
    );
    assert!(!hb.out().exists(), "nothing written");
}

#[test]
fn invalid_front_matter_is_reported_at_its_file_line() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide/bad.md", "---\ntitle: Bad\ntags: [a, b\n---\nBody\n")
        .file(
            "guide/typed.md",
            "---\ntitle: Typed\nweight: heavy\n---\nBody\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("guide/bad.md:"), "{}", run.stderr);
    assert!(
        lines[0].contains("invalid YAML front matter"),
        "{}",
        run.stderr
    );
    assert_eq!(
        lines[1],
        "guide/typed.md:3:1: error: `weight` must be a whole number"
    );
    // The rest of the site still builds: one bad page does not take the handbook down.
    assert!(hb.out().join("guide/typed/index.html").is_file());
}

#[test]
fn duplicate_urls_name_both_files() {
    let hb = Handbook::new()
        .file("guide/a.md", "# A\n")
        .file("guide/b.md", "---\nslug: a\n---\n# B\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`guide/b.md` is left out: `guide/a.md` is already written to `/guide/a/`"),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let hb = Handbook::new().file("new.md", "---\ntitle: New\naliases: [/old/place/]\n---\n");
    hb.build_ok();
    let html = hb.read_out("old/place/index.html");
    assert!(html.contains("url=../../new/"), "{html}");
}

#[test]
fn code_is_highlighted_at_build_time_and_mermaid_loads_only_where_needed() {
    let hb = Handbook::new()
        .file("code.md", "# Code\n\n```rust\nfn main() {}\n```\n")
        .file(
            "diagram.md",
            "# Diagram\n\n```mermaid\ngraph TD; A-->B\n```\n",
        );
    hb.build_ok();
    let code = hb.read_out("code/index.html");
    assert!(code.contains("<span class=\"hl-"), "{code}");
    assert!(!code.contains("mermaid.min.js"));
    let diagram = hb.read_out("diagram/index.html");
    assert!(diagram.contains("<pre class=\"mermaid\">"));
    assert!(diagram.contains("assets/vendor/mermaid/mermaid.min.js"));
    assert!(
        hb.out()
            .join("assets/vendor/mermaid/mermaid.min.js")
            .is_file()
    );
}

#[test]
fn the_site_makes_no_request_to_another_host() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    hb.run(&["build", "."]).assert_code(0);
    for file in list_files(&hb.out())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = std::fs::read_to_string(hb.out().join(&file)).unwrap();
        for attr in [
            "src=\"http",
            "src=\"//",
            "<link rel=\"stylesheet\" href=\"http",
        ] {
            assert!(!html.contains(attr), "{file} loads {attr}");
        }
    }
}

#[test]
fn example_handbook_builds_without_any_diagnostic() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    let run = hb.build_ok();
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
}

#[test]
fn a_page_beside_a_folder_of_the_same_name_introduces_that_folder() {
    // mdBook's chapter layout (`recommendations.md` + `recommendations/`), seen in artsy/README;
    // it used to make the page its own parent and exhaust memory.
    let hb = Handbook::new()
        .file(
            "systems/recommendations.md",
            "# Recommendations\n\nIntro.\n",
        )
        .file("systems/recommendations/search.md", "# Search\n");
    hb.build_ok();
    let html = hb.read_out("systems/recommendations/index.html");
    assert!(main_of(&html).contains("Intro."));
    assert!(
        main_of(&html).contains("href=\"search/\">Search</a>"),
        "{html}"
    );
}

#[test]
fn a_small_handbook_inlines_the_whole_tree_with_disclosure_buttons() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide/index.md", "# Guide\n")
        .file("guide/a.md", "# A\n")
        .file("team/index.md", "# Team\n")
        .file("team/b.md", "# B \"quoted\"\n");
    hb.build_ok();
    let html = hb.read_out("guide/a/index.html");
    let sidebar = sidebar_of(&html);
    assert!(!sidebar.contains("data-fragments"), "{sidebar}");
    // The open branch and the closed one, each with its button.
    assert!(sidebar.contains("<li class=\"nav-section is-open\"><div class=\"nav-row\"><a href=\"../../guide/\">Guide</a><button type=\"button\" class=\"nav-expand\" aria-expanded=\"true\" aria-label=\"Guide\"></button></div><ul>"), "{sidebar}");
    assert!(sidebar.contains("aria-expanded=\"false\" aria-label=\"Team\"></button></div><ul hidden><li><a href=\"../../team/b/\">B &quot;quoted&quot;</a>"), "{sidebar}");
    assert!(!hb.out().join("assets/nav").exists());
}

/// What every page would otherwise repeat lives in shared files (issue #15's site size): the
/// theme switch's icons are CSS, the search results panel is built by the script, sidebar
/// links carry only their href, and the templates leave no blank lines for absent parts.
#[test]
fn pages_carry_no_inline_icons_search_panel_or_blank_lines() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("guide/index.md", "# Guide\n")
        .file("guide/a.md", "# A\n\nOne paragraph.\n")
        .file("guide/b.md", "# B\n");
    hb.build_ok();
    let html = hb.read_out("guide/a/index.html");
    let header = &html[html.find("<header class=\"site-header\">").unwrap()..];
    let header = &header[..header.find("</header>").unwrap()];
    assert!(!header.contains("<svg"), "{header}");
    assert!(
        header.contains("<span class=\"theme-icon\" aria-hidden=\"true\"></span>"),
        "{header}"
    );
    assert!(
        header.contains("id=\"search-input\"") && !html.contains("search-results"),
        "{header}"
    );
    assert!(!sidebar_of(&html).contains("data-url"), "{html}");
    // The one blank line left follows the page's own text.
    let blank = html.lines().filter(|l| l.trim().is_empty()).count();
    assert!(blank <= 1, "{blank} blank lines:\n{html}");
    let style = hb.read_out("assets/style.css");
    assert!(style.contains(".theme-toggle[data-choice=\"dark\"] .theme-icon"));
}

/// A filtered view of a decision log lists its records itself; its sidebar holds the log (open,
/// for the script to fill from the log's fragment) but not the log's whole list.
#[test]
fn a_decision_log_view_carries_the_log_but_not_its_records_in_its_sidebar() {
    let mut hb = twelve_sections(|s, p| format!("# Page {s}.{p}\n"));
    hb = hb.file("decisions/index.md", "# Decision log\n");
    for n in 1..=30 {
        hb = hb.file(
            &format!("decisions/{n:04}-choice-{n}.md"),
            &format!(
                "---\nstatus: accepted\ndate: 2026-01-{:02}\n---\n# Choice number {n}\n",
                n % 28 + 1
            ),
        );
    }
    hb.build_ok();
    let log = sidebar_of(&hb.read_out("decisions/index.html")).to_string();
    assert!(log.contains(">Choice number 7</a>"), "{log}");
    let view = hb.read_out("decisions/status/accepted/index.html");
    assert!(main_of(&view).contains(">Choice number 7</a>"));
    let sidebar = sidebar_of(&view);
    assert!(
        sidebar.contains("<li class=\"nav-section is-open\"><div class=\"nav-row\"><a href=\"../../../decisions/\">Decision log</a>"),
        "{sidebar}"
    );
    assert!(!sidebar.contains("Choice number"), "{sidebar}");
    let fragment = hb.read_out("assets/nav/decisions/nav.html");
    assert!(fragment.contains(">Choice number 7</a>"), "{fragment}");
}

/// A handbook of 12 sections of 15 pages (page `p` of section `s` written by `page`): large
/// enough for the sidebar to be shared as fragments.
fn twelve_sections(page: impl Fn(usize, usize) -> String) -> Handbook {
    let mut hb = Handbook::new().file("index.md", "# Home\n");
    for s in 0..12 {
        hb = hb.file(&format!("s{s}/index.md"), &format!("# Section {s}\n"));
        for p in 0..15 {
            hb = hb.file(&format!("s{s}/p{p}.md"), &page(s, p));
        }
    }
    hb
}

#[test]
fn a_large_handbook_shares_its_sections_as_fragments_and_pages_carry_their_branch() {
    let hb =
        twelve_sections(|s, p| format!("---\ntags: [Topic {p}]\n---\n# Page {s}.{p}\n\nShort.\n"));
    hb.build_ok();
    let html = hb.read_out("s3/p4/index.html");
    let sidebar = sidebar_of(&html);
    assert!(
        sidebar.contains("data-root=\"../../\" data-fragments=\"assets/nav/\""),
        "{sidebar}"
    );
    // Only the branch: its section and itself, no sibling, no other section.
    assert!(
        sidebar.contains(">Section 3</a>")
            && sidebar.contains("aria-current=\"page\">Page 3.4</a>"),
        "{sidebar}"
    );
    assert!(
        !sidebar.contains("Page 3.5") && !sidebar.contains("Section 4"),
        "{sidebar}"
    );
    // The fragments: the top level, and each section's pages, hrefs from the site root.
    let top = hb.read_out("assets/nav/nav.html");
    assert!(
        top.contains("<a href=\"s0/\">Section 0</a><button"),
        "{top}"
    );
    let s3 = hb.read_out("assets/nav/s3/nav.html");
    assert!(
        s3.contains("<li><a href=\"s3/p14/\">Page 3.14</a></li>"),
        "{s3}"
    );
    // Tags link to tag pages, listed on the tag index.
    assert!(
        html.contains(
            "<li class=\"tag\"><a href=\"../../tags/topic-4/\" rel=\"tag\">Topic 4</a></li>"
        ),
        "{html}"
    );
    let tag = main_of(&hb.read_out("tags/topic-4/index.html")).to_string();
    assert!(
        tag.contains("Page 0.4") && tag.contains("Page 11.4") && !tag.contains("Page 0.5"),
        "{tag}"
    );
    assert!(
        main_of(&hb.read_out("tags/index.html"))
            .contains("href=\"topic-4/\" rel=\"tag\">Topic 4 <span class=\"count\">(12)</span>")
    );
    // The full search results page.
    assert!(
        hb.read_out("search/index.html")
            .contains("id=\"search-page\"")
    );
}
