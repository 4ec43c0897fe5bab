//! `handbook check` and the link graph.

use crate::support::{Handbook, main_of};

#[test]
fn example_handbook_checks_clean() {
    let hb = Handbook::copy_of(&crate::support::repo_root().join("example-handbook"));
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(run.stderr.contains("no problems"), "{}", run.stderr);
    assert!(!hb.out().exists(), "check writes nothing");
}

#[test]
fn backlinks_are_shown_in_title_order() {
    let hb = Handbook::new()
        .file("target.md", "# Target\n")
        .file(
            "b.md",
            "# Beta\n\n[t](target.md) and again [t](target.md)\n",
        )
        .file("a.md", "# Alpha\n\n[t](target.md)\n");
    hb.build_ok();
    let main = main_of(&hb.read_out("target/index.html")).to_string();
    let start = main.find("Referenced by").expect("backlinks section");
    let refs = &main[start..start + main[start..].find("</section>").unwrap()];
    let alpha = refs.find(">Alpha<").unwrap();
    let beta = refs.find(">Beta<").unwrap();
    assert!(alpha < beta);
    assert_eq!(refs.matches(">Beta<").count(), 1);
}

/// A handbook with every kind of link, good and broken.
fn links_fixture() -> Handbook {
    Handbook::new()
        .file("index.md", "# Home\n\nBy title [[Leave policy]], by path [[policies/leave#parental-leave|parental]],\nmissing [[Leave polcy]], ambiguous [[Duplicate]], decision [[ADR-1]].\n")
        .file("policies/leave.md", "# Leave policy\n\n## Parental leave\n\n[back](../guide/a.md)\n")
        .file("guide/a.md", "# A\n\n[ok](../policies/leave.md#parental-leave)\n[missing page](../policies/leaves.md)\n[missing fragment](../policies/leave.md#parental)\n[draft](secret.md)\n[case](../Policies/Leave.md)\n[escape](../../outside.md)\n![img](missing.png)\n[self](#nope)\n[file](files/form.pdf) [[Duplicate]]\n")
        .file("guide/files/form.pdf", "%PDF")
        .file("guide/secret.md", "---\ndraft: true\n---\n# Secret\n")
        .file("dup1.md", "# Duplicate\n")
        .file("dup2.md", "# Duplicate\n")
        .file("decisions/0001-use-adrs.md", "---\ntitle: Use ADRs\nstatus: accepted\ndate: 2024-01-01\n---\n\nSee [[Leave policy]].\n")
}

#[test]
fn every_broken_link_is_reported_at_its_line_and_column_with_a_hint() {
    let hb = links_fixture();
    let run = hb.run(&["check", "."]);
    run.assert_code(1);
    let expected = "\
guide/a.md:4:1: error: link to `../policies/leaves.md` does not resolve: there is no `policies/leaves.md`
  help: did you mean `../policies/leave.md`?
guide/a.md:5:1: error: link to `../policies/leave.md#parental`: `#parental` is not a heading or id in `policies/leave.md`
  help: did you mean `../policies/leave.md#parental-leave`?
guide/a.md:6:1: error: link to `secret.md` points at `guide/secret.md`, which is a draft and is not published
  help: publish the page (remove `draft: true`) or remove the link
guide/a.md:7:1: error: link to `../Policies/Leave.md` differs in case from the file `policies/leave.md`
  help: write it as `../policies/leave.md`: the case matters once the site is served from Linux
guide/a.md:8:1: error: link to `../../outside.md` leaves the handbook folder
  help: only files inside the handbook are published; link to a page inside it, or use a full URL
guide/a.md:9:1: error: image to `missing.png` does not resolve: there is no `guide/missing.png`
  help: check the path; links are relative to the file they are written in
guide/a.md:10:1: error: link to `#nope`: `#nope` is not a heading or id in `guide/a.md`
  help: `A` has these ids: (none)
guide/a.md:11:24: error: wiki link `[[Duplicate]]` matches 2 pages: dup1.md, dup2.md
  help: link by path instead, for example `[[dup1]]`
index.md:4:9: error: wiki link `[[Leave polcy]]` matches no page title, path, file name or decision number
  help: did you mean `[[Leave policy]]`?
index.md:4:36: error: wiki link `[[Duplicate]]` matches 2 pages: dup1.md, dup2.md
  help: link by path instead, for example `[[dup1]]`
";
    let errors: String = run
        .stderr
        .lines()
        .filter(|l| {
            !l.starts_with("handbook:")
                && !l.contains(": note: ")
                && !l.contains("help: link to it from")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(errors, expected, "full stderr:\n{}", run.stderr);
}

#[test]
fn good_links_resolve_wiki_links_included() {
    let hb = links_fixture();
    hb.run(&["build", "."]).assert_code(1);
    let home = main_of(&hb.read_out("index.html")).to_string();
    assert!(
        home.contains("href=\"policies/leave/\">Leave policy</a>"),
        "{home}"
    );
    assert!(
        home.contains("href=\"policies/leave/#parental-leave\">parental</a>"),
        "{home}"
    );
    assert!(
        home.contains("href=\"decisions/0001-use-adrs/\">ADR-1</a>"),
        "{home}"
    );
    let a = main_of(&hb.read_out("guide/a/index.html")).to_string();
    assert!(a.contains("href=\"../files/form.pdf\""), "{a}");
    // Backlinks include the decision that links by wiki title.
    let leave = main_of(&hb.read_out("policies/leave/index.html")).to_string();
    let refs = &leave[leave.find("Referenced by").unwrap()..];
    for title in ["A", "Home", "Use ADRs"] {
        assert!(refs.contains(&format!(">{title}</a>")), "{title}: {refs}");
    }
}

#[test]
fn wiki_links_find_a_file_by_its_name_in_any_folder() {
    // Obsidian writes a link as the file's name, wherever the file is.
    let hb = Handbook::new()
        .file(
            "index.md",
            "# Home\n\n[[0001-use-postgres]] [[0001-Use-Postgres.md#context|why]] [[notes]]\n",
        )
        .file(
            "decisions/0001-use-postgres.md",
            "# 1. Use Postgres\n\n## Context\n\nWe need a database.\n",
        )
        .file("team/notes.md", "# Team notes\n\nMine: [[notes]].\n")
        .file("ops/notes.md", "# Ops notes\n")
        .file("ops/runbook.md", "# Runbook\n\nSee [[notes]].\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    let home = main_of(&hb.read_out("index.html")).to_string();
    // The text is the link as written, as Obsidian shows it.
    assert!(
        home.contains("href=\"decisions/0001-use-postgres/\">0001-use-postgres</a>"),
        "{home}"
    );
    assert!(
        home.contains("href=\"decisions/0001-use-postgres/#context\">why</a>"),
        "{home}"
    );
    // Two files of that name and neither beside the page: ambiguous, said once, with both.
    assert!(
        run.stderr.contains(
            "index.md:3:60: error: wiki link `[[notes]]` matches 2 pages: ops/notes.md, team/notes.md"
        ),
        "{}",
        run.stderr
    );
    // Beside the linking page, the one in its own folder is meant.
    let runbook = main_of(&hb.read_out("ops/runbook/index.html")).to_string();
    assert!(runbook.contains("href=\"../notes/\""), "{runbook}");
    let team = main_of(&hb.read_out("team/notes/index.html")).to_string();
    assert!(team.contains("Mine: <a href=\"./\">notes</a>"), "{team}");
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

#[test]
fn json_and_github_formats() {
    let hb = links_fixture();
    let run = hb.run(&["check", ".", "--format", "json"]);
    run.assert_code(1);
    // Machine output on stdout, nothing else there.
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON array");
    let first = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(first["file"], "guide/a.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "broken-link");
    assert_eq!(first["help"], "did you mean `../policies/leave.md`?");

    let run = hb.run(&["check", ".", "--format", "github"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("::error file=guide/a.md,line=4,col=1,title=broken-link::link to `../policies/leaves.md` does not resolve: there is no `policies/leaves.md`%0Ahelp: did you mean `../policies/leave.md`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_format_is_automatic_inside_github_actions() {
    let hb = links_fixture();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["check", "."])
        .current_dir(hb.root())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error file=guide/a.md,line=4"));
}

#[test]
fn links_json_lists_every_edge() {
    let hb = links_fixture();
    hb.run(&["build", "."]).assert_code(1);
    let json: serde_json::Value = serde_json::from_str(&hb.read_out("links.json")).unwrap();
    let links = json["links"].as_array().unwrap();
    let ok = links
        .iter()
        .find(|l| l["source"] == "guide/a.md" && l["line"] == 3)
        .unwrap();
    assert_eq!(ok["kind"], "page");
    assert_eq!(ok["target"], "policies/leave.md");
    assert_eq!(ok["fragment"], "parental-leave");
    assert!(links.iter().any(|l| l["source"] == "guide/a.md"
        && l["kind"] == "broken"
        && l["written_as"] == "../policies/leaves.md"));
    assert!(
        links
            .iter()
            .any(|l| l["kind"] == "file" && l["target"] == "guide/files/form.pdf")
    );
    // Compact, one edge a line: the file is a large part of a big site otherwise.
    let text = hb.read_out("links.json");
    assert_eq!(text.lines().count(), links.len() + 2, "{text}");
    assert!(!text.contains(": ") && !text.contains("  "), "{text}");
}

#[test]
fn deny_warnings_and_strict_build() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file("decisions/0001-x.md", "# 1. X\n\nNo status or date.\n");
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(run.stderr.contains("warning"), "{}", run.stderr);
    hb.run(&["check", ".", "--deny-warnings"]).assert_code(1);
    let run = hb.run(&["build", ".", "--strict"]);
    run.assert_code(1);
    assert!(
        !hb.out().exists(),
        "strict build with problems writes nothing"
    );
    hb.run(&["build", "."]).assert_code(0);
    assert!(hb.out().join("index.html").is_file());
}

#[test]
fn orphans_are_listed_by_check() {
    let hb = Handbook::new()
        .file("index.md", "# Home\n\n[a](a.md)\n")
        .file("a.md", "# A\n")
        .file("lonely.md", "# Lonely\n");
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("lonely.md: note: no other page links here"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("a.md: note"), "{}", run.stderr);
}

#[test]
fn check_runs_on_every_corpus_without_a_panic() {
    let Some(corpora) = crate::support::corpora("check_runs_on_every_corpus_without_a_panic")
    else {
        return;
    };
    for entry in std::fs::read_dir(&corpora).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("check")
            .arg(&dir)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{}: exit {code:?}\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{}",
            dir.display()
        );
    }
}

/// Fragments written for another renderer's heading ids (GitHub finds `#LOA-TLDR` for the
/// heading "LOA TL;DR"; Eleventy writes `#m-and-ie-…` for "M&IE …") are warnings with the id to
/// write, not broken links: the theme's script follows them too.
#[test]
fn a_fragment_in_another_case_or_slug_style_is_a_warning_with_the_id_to_write() {
    let hb = Handbook::new()
        .file("policy.md", "# Policy\n\n## LOA TL;DR\n\n## M&IE and travel cards\n\n## Authorization's approval\n")
        .file("index.md", "# Home\n\n[a](policy.md#LOA-TLDR) [b](policy.md#m-and-ie-and-travel-cards) [c](policy.md#authorization-s-approval) [d](policy.md#nothing-like-it)\n");
    let run = hb.run(&["check", "."]);
    run.assert_code(1);
    for (column, written, id) in [
        (1, "LOA-TLDR", "loa-tldr"),
        (25, "m-and-ie-and-travel-cards", "mie-and-travel-cards"),
        (66, "authorization-s-approval", "authorizations-approval"),
    ] {
        let line = format!(
            "index.md:3:{column}: warning: link to `policy.md#{written}`: `#{written}` is the heading `#{id}` only when letter case and punctuation are ignored"
        );
        assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("help: write `policy.md#{id}`")),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("index.md:3:106: error: link to `policy.md#nothing-like-it`"),
        "{}",
        run.stderr
    );
}

#[test]
fn urls_in_raw_html_are_rewritten_and_checked_like_markdown_links() {
    // READMEs size images and pick one per colour scheme with raw HTML; written for the file,
    // `./images/…` would break once the page is published as a folder.
    let hb = Handbook::new()
        .file("index.md", "# Home\n\n[Guide](guide/setup.md)\n")
        .file(
            "guide/setup.md",
            "# Setup\n\n<p align=\"center\"><img src=\"./images/flow.png\" width=\"300\"></p>\n\n\
             <picture>\n  <source media=\"(prefers-color-scheme: dark)\" srcset=\"images/dark.png 1x, images/flow.png 2x\">\n\
             \x20 <img alt=\"flow\" src=\"images/flow.png\">\n</picture>\n\n\
             Ask in <a href=\"../team/chat.md#channels\">the chat</a> or <a href=\"#\">here</a>.\n\n\
             <img src=\"images/missing.png\">\n",
        )
        .file("guide/images/flow.png", "png")
        .file("guide/images/dark.png", "png")
        .file("team/chat.md", "# Chat\n\n## Channels\n\nJoin us.\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    let page = main_of(&hb.read_out("guide/setup/index.html")).to_string();
    assert!(
        page.contains("<img src=\"../images/flow.png\" width=\"300\">"),
        "{page}"
    );
    assert!(
        page.contains("srcset=\"../images/dark.png 1x, ../images/flow.png 2x\""),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../../team/chat/#channels\">the chat</a>"),
        "{page}"
    );
    let errors: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "guide/setup.md:12:11: error: image to `images/missing.png` does not resolve: there is no `guide/images/missing.png`"
        ],
        "{}",
        run.stderr
    );
    // A raw HTML link is a link like any other: the chat page lists the guide among its backlinks.
    let chat = hb.read_out("team/chat/index.html");
    assert!(chat.contains("class=\"backlinks\""), "{chat}");
    assert!(chat.contains("Setup"), "{chat}");
}

#[test]
fn obsidian_embeds_heading_links_and_block_references_resolve() {
    // A personal decisions folder kept in Obsidian: attachments in their own folder, embeds by
    // file name, links to headings by their text and to blocks by their `^id`.
    let hb = Handbook::new()
        .file(
            "index.md",
            "# Home\n\n![[diagram.png]]\n\n![[diagram.png|300]]\n\n![[Flow chart|Flow]]\n\n\
             See [[0001-use-postgres#Why Postgres|why]] and [[0001-use-postgres#^cost]].\n\n\
             ![[spec.pdf]] ![[0001-use-postgres]] ![[missing.png]]\n\n\
             Decided ==today==. %%Ask Sam first.%%\n",
        )
        .file(".obsidian/app.json", "{}")
        .file("attachments/diagram.png", "png")
        .file("attachments/spec.pdf", "pdf")
        .file("notes/Flow chart.md", "# Flow chart\n\nBoxes.\n")
        .file(
            "decisions/0001-use-postgres.md",
            "# 1. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Why Postgres\n\nIt is cheap to run. ^cost\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    let home = main_of(&hb.read_out("index.html")).to_string();
    assert!(
        home.contains("<img src=\"attachments/diagram.png\" alt=\"diagram.png\" />"),
        "{home}"
    );
    assert!(
        home.contains("alt=\"diagram.png\" width=\"300\" />"),
        "{home}"
    );
    // A note or another file embedded is a link to it.
    assert!(
        home.contains("<a href=\"notes/Flow%20chart/\">Flow</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"attachments/spec.pdf\">"), "{home}");
    assert!(
        home.contains("href=\"decisions/0001-use-postgres/#why-postgres\">why</a>"),
        "{home}"
    );
    assert!(
        home.contains("href=\"decisions/0001-use-postgres/#^cost\""),
        "{home}"
    );
    let adr = main_of(&hb.read_out("decisions/0001-use-postgres/index.html")).to_string();
    assert!(
        adr.contains("<p id=\"^cost\">It is cheap to run.</p>"),
        "{adr}"
    );
    // In a vault, comments are left out and highlights marked.
    assert!(
        home.contains("<p>Decided <mark>today</mark>. </p>"),
        "{home}"
    );
    assert!(!hb.read_out("index.html").contains("Ask Sam"));
    // The one missing file is the only problem.
    let problems: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(problems.len(), 1, "{}", run.stderr);
    assert!(
        problems[0].starts_with("index.md:11:") && problems[0].contains("`missing.png`"),
        "{}",
        run.stderr
    );
}
