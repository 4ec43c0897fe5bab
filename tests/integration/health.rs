//! Keeping the handbook alive: review notices, the health page and report, last-updated dates
//! from git (one pass) or front matter or mtime, the changes page and the Atom feeds.
//! Every run has `HANDBOOK_TODAY` = `support::TODAY` (2026-11-23).

use crate::support::{Handbook, list_files, main_of};
use std::path::Path;
use std::process::Command;

const CONFIG: &str = "title: Alive\nbase_url: https://example.org/hb/\nedit_url: https://git.example.org/hb/edit/{path}\nreview_every: 6 months\nproposed_for: 30d\n";

fn record(number: u32, title: &str, date: &str, status: &str) -> String {
    format!(
        "# {number}. {title}\n\nDate: {date}\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nThen.\n"
    )
}

/// Owners, review dates past and future, section overrides, proposed decisions of two ages.
fn fixture() -> Handbook {
    Handbook::new()
        .file("handbook.yml", CONFIG)
        .file("index.md", "# Home\n\n[old](guide/old.md) [fresh](guide/fresh.md) [leave](policies/leave.md) [unowned](policies/unowned.md) [archived](archive/old.md) [d](decisions/index.md)\n")
        // A year for the guide; reviews off for the archive.
        .file("guide/index.md", "---\nreview_every: 1 year\nowner: Docs\n---\n# Guide\n")
        .file("guide/old.md", "---\nowner: \"@ana\"\nreviewed: 2025-01-01\n---\n# Old guide\n")
        .file("guide/fresh.md", "---\nowner: \"@ana\"\nreviewed: 2026-06-01\nupdated: 2026-06-02\n---\n# Fresh guide\n")
        .file("policies/index.md", "---\nowner: HR\nreviewed: 2026-11-01\n---\n# Policies\n")
        .file("policies/leave.md", "---\ntitle: \"Leave <policy> & 'more'\"\nowner: HR\nreviewed: 2026-01-10\n---\nText.\n")
        .file("policies/unowned.md", "---\nreviewed: 2025-12-01\n---\n# Unowned\n")
        .file("archive/index.md", "---\nreview_every: off\nowner: Docs\n---\n# Archive\n")
        .file("archive/old.md", "---\nowner: Docs\nreviewed: 2020-01-01\n---\n# Archived\n")
        .file("decisions/index.md", "---\nowner: Arch\nreviewed: 2026-11-01\n---\n# Decisions\n")
        .file("decisions/0001-stale.md", &record(1, "Stale proposal", "2026-09-01", "Proposed"))
        .file("decisions/0002-recent.md", &record(2, "Recent proposal", "2026-11-10", "Proposed"))
        .file("decisions/0003-done.md", &record(3, "Done", "2025-02-03", "Accepted"))
}

#[test]
fn overdue_pages_show_a_notice_with_date_and_owner() {
    let hb = fixture();
    hb.run(&["build", "."]).assert_code(0);
    let old = hb.read_out("guide/old/index.html");
    assert!(
        old.contains("<p class=\"notice notice-warning review-notice\" role=\"note\">Needs review since <time datetime=\"2026-01-01\">1 January 2026</time>, owner @ana"),
        "{}",
        main_of(&old)
    );
    let leave = hb.read_out("policies/leave/index.html");
    assert!(leave.contains(
        "Needs review since <time datetime=\"2026-07-10\">10 July 2026</time>, owner HR"
    ));
    let unowned = hb.read_out("policies/unowned/index.html");
    assert!(unowned.contains(
        "Needs review since <time datetime=\"2026-06-01\">1 June 2026</time>, owner unknown"
    ));
    // Future review dates, `review_every: off` and decision records: no notice.
    for page in [
        "guide/fresh/index.html",
        "archive/old/index.html",
        "decisions/0001-stale/index.html",
        "policies/index.html",
    ] {
        assert!(!hb.read_out(page).contains("review-notice"), "{page}");
    }
}

#[test]
fn every_page_shows_owner_and_last_updated_with_its_source() {
    let hb = fixture();
    hb.run(&["build", "."]).assert_code(0);
    let fresh = hb.read_out("guide/fresh/index.html");
    assert!(fresh.contains("<dt>Owner</dt><dd>@ana</dd>"));
    // The date in the page's language, which the page's script turns into "3 days ago"; the
    // source is named only when it is git.
    assert!(
        fresh.contains(
            "<dt>Updated</dt><dd><time datetime=\"2026-06-02\" data-relative>2 June 2026</time></dd>"
        ),
        "{}",
        main_of(&fresh)
    );
    // Not in git, no `updated`: the file's modification time, not named.
    let old = hb.read_out("guide/old/index.html");
    assert!(old.contains("data-relative>") && !old.contains("updated-source"));
    // The changes page does not pass file times off as history.
    let changes = main_of(&hb.read_out("changes/index.html")).to_string();
    assert!(!changes.contains("Old guide"), "{changes}");
    assert!(changes.contains("history is unknown"), "{changes}");
}

#[test]
fn health_page_groups_overdue_pages_by_owner_and_lists_the_rest() {
    let hb = fixture();
    hb.run(&["build", "."]).assert_code(0);
    let html = hb.read_out("health/index.html");
    let main = main_of(&html);
    assert!(main.contains("Needs review (3)"), "{main}");
    let ana = main.find("<h3>@ana</h3>").expect("@ana group");
    let hr = main.find("<h3>HR</h3>").expect("HR group");
    let nobody = main.find("<h3>No owner</h3>").expect("no-owner group last");
    assert!(ana < hr && hr < nobody);
    assert!(main.contains("<a href=\"../guide/old/\">Old guide</a> <code>guide/old.md</code> · <a class=\"edit-link\" href=\"https://git.example.org/hb/edit/guide/old.md\">Edit this page</a>"), "{main}");
    assert!(main.contains("Decisions proposed too long (1)"));
    assert!(main.contains("decisions/0001-stale.md") && !main.contains("decisions/0002-recent.md"));
    assert!(main.contains("Pages without an owner"));
    assert!(main.contains("0 broken links"));
    // Linked from every page's footer.
    assert!(
        hb.read_out("guide/old/index.html")
            .contains("<a href=\"../../health/\">Handbook health</a>")
    );
}

#[test]
fn check_warns_about_overdue_reviews_and_stale_proposals() {
    let hb = fixture();
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(run.stderr.contains("guide/old.md:3:1: warning: needs review since 2026-01-01 (every 1 year, last reviewed 2025-01-01)\n  help: owner: @ana;"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("policies/unowned.md:2:1: warning: needs review since 2026-06-01"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: the page has no owner"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("decisions/0001-stale.md:7: warning: decision has been proposed since 2026-09-01, longer than 30 days"), "{}", run.stderr);
    assert!(!run.stderr.contains("0002-recent"), "{}", run.stderr);
    assert!(!run.stderr.contains("archive/old.md"), "{}", run.stderr);
    let denied = hb.run(&["check", ".", "--deny-warnings", "--format", "json"]);
    denied.assert_code(1);
    assert!(
        denied.stdout.contains("\"review-overdue\""),
        "{}",
        denied.stdout
    );
    assert!(
        denied.stdout.contains("\"decision-proposed-too-long\""),
        "{}",
        denied.stdout
    );
}

#[test]
fn health_command_prints_the_report_as_json_and_text() {
    let hb = fixture();
    let run = hb.run(&["health", ".", "--format", "json"]);
    run.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json report");
    assert_eq!(report["today"], "2026-11-23");
    assert_eq!(report["needs_review_count"], 3);
    let groups = report["needs_review"].as_array().unwrap();
    let owners: Vec<&serde_json::Value> = groups.iter().map(|g| &g["owner"]).collect();
    assert_eq!(
        owners,
        [
            &serde_json::json!("@ana"),
            &serde_json::json!("HR"),
            &serde_json::Value::Null
        ]
    );
    assert_eq!(groups[0]["pages"][0]["path"], "guide/old.md");
    assert_eq!(groups[0]["pages"][0]["since"], "2026-01-01");
    assert_eq!(groups[0]["pages"][0]["href"], "guide/old/");
    assert_eq!(
        groups[0]["pages"][0]["edit_url"],
        "https://git.example.org/hb/edit/guide/old.md"
    );
    assert_eq!(
        report["stale_proposals"][0]["path"],
        "decisions/0001-stale.md"
    );
    assert_eq!(report["stale_proposals"][0]["since"], "2026-09-01");
    let unowned: Vec<&str> = report["without_owner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(unowned, ["index.md", "policies/unowned.md"]);
    assert_eq!(report["broken_links"], 0);
    let text = hb.run(&["health", "."]);
    text.assert_code(0);
    assert!(text.stdout.starts_with("Handbook health as of 2026-11-23\n\nNeeds review (3)\n  @ana\n    guide/old.md  Old guide  (due since 2026-01-01)\n"), "{}", text.stdout);
}

#[test]
fn invalid_periods_are_reported_at_their_line() {
    let hb = Handbook::new()
        .file("handbook.yml", "title: X\nreview_every: six months\n")
        .file("index.md", "# Home\n");
    let run = hb.run(&["check", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("handbook.yml:2:1: error: `review_every`: `six months` is not a period"),
        "{}",
        run.stderr
    );
    let hb = Handbook::new()
        .file("index.md", "# Home\n\n[a](a/index.md)\n")
        .file(
            "a/index.md",
            "---\ntitle: A\nreview_every: 10 fortnights\n---\n# A\n",
        );
    let run = hb.run(&["check", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("a/index.md:3:1: error: `review_every`: `10 fortnights` is not a period"),
        "{}",
        run.stderr
    );
}

#[test]
fn feeds_need_a_base_url() {
    let hb = Handbook::new().file("index.md", "# Home\n");
    hb.run(&["build", "."]).assert_code(0);
    assert!(!hb.out().join("feed.xml").exists());
    assert!(!hb.read_out("index.html").contains("application/atom+xml"));
    let run = hb.run(&["check", "."]);
    assert!(
        run.stderr
            .contains("handbook.yml: note: no Atom feeds are written without a `base_url`"),
        "{}",
        run.stderr
    );
}

/// Runs git in `dir` with a fixed identity and commit date.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

/// The fixture in a throw-away repository: everything added in March, then a page edited in
/// October and a decision accepted in November.
fn fixture_in_git() -> Handbook {
    let hb = fixture().file(".gitignore", "public/\nout*/\n");
    let root = hb.root();
    git(root, "2026-03-02T10:00:00+01:00", &["init", "-q"]);
    git(root, "2026-03-02T10:00:00+01:00", &["add", "-A"]);
    git(
        root,
        "2026-03-02T10:00:00+01:00",
        &["commit", "-q", "-m", "start"],
    );
    hb.write("guide/fresh.md", "---\nowner: \"@ana\"\nreviewed: 2026-06-01\nupdated: 2026-06-02\n---\n# Fresh guide\n\nMore.\n");
    git(
        root,
        "2026-10-05T12:00:00+00:00",
        &["commit", "-q", "-am", "edit fresh"],
    );
    hb.write(
        "decisions/0001-stale.md",
        &record(1, "Stale proposal", "2026-09-01", "Accepted"),
    );
    git(
        root,
        "2026-11-16T08:30:00-05:00",
        &["commit", "-q", "-am", "accept 1"],
    );
    hb
}

/// CI checks out one or a few commits: the oldest fetched commit "adds" every file, so its date
/// must date nothing, and the build says once how to fetch the history.
#[test]
fn a_shallow_clone_dates_only_what_it_saw_change_and_says_how_to_fetch_the_rest() {
    let full = fixture_in_git();
    full.write("guide/fresh.md", "# Fresh guide\n\nEdited again.\n");
    git(
        full.root(),
        "2026-11-18T09:00:00+00:00",
        &["commit", "-q", "-am", "edit fresh again"],
    );
    let clone = Handbook::new();
    let url = format!("file://{}", full.root().display());
    git(
        clone.root(),
        "2026-11-20T00:00:00Z",
        &["clone", "-q", "--depth", "2", &url, "."],
    );
    let run = clone.run(&["build", "."]);
    run.assert_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("shallow git clone"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("handbook: warning: the handbook is in a shallow git clone, which lacks the history before its oldest commit: 12 pages last changed before then have no"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    // Changed after the boundary commit: dated by git.
    let fresh = clone.read_out("guide/fresh/index.html");
    assert!(
        fresh.contains("18 November 2026</time> <span class=\"updated-source\">(git)</span>"),
        "{}",
        main_of(&fresh)
    );
    // Last changed at or before the boundary: no date rather than the boundary's or today's.
    let leave = clone.read_out("policies/leave/index.html");
    assert!(!leave.contains("updated-source"), "{}", main_of(&leave));
    // The same handbook with its whole history dates it.
    full.run(&["build", "."]).assert_code(0);
    let leave = full.read_out("policies/leave/index.html");
    assert!(leave.contains("2 March 2026</time> <span class=\"updated-source\">(git)</span>"));
    assert!(!full.run(&["build", "."]).stderr.contains("shallow"));
}

#[test]
fn git_history_gives_last_updated_dates_feeds_and_byte_identical_builds() {
    let hb = fixture_in_git();
    hb.run(&["build", "."]).assert_code(0);
    let fresh = hb.read_out("guide/fresh/index.html");
    assert!(fresh.contains("<time datetime=\"2026-10-05\" data-relative>5 October 2026</time> <span class=\"updated-source\">(git)</span>"), "{}", main_of(&fresh));
    // Untouched since the first commit: 2026-03-02 + 6 months < today.
    let leave = hb.read_out("policies/leave/index.html");
    assert!(leave.contains("2 March 2026</time> <span class=\"updated-source\">(git)</span>"));

    let feed = hb.read_out("feed.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://example.org/hb/feed.xml</id>\n  <title>Alive: recently changed</title>\n  <updated>2026-10-05T12:00:00Z</updated>\n"), "{feed}");
    let first = feed.find("<entry>").unwrap();
    let entry = &feed[first..feed[first..].find("</entry>").unwrap() + first];
    assert!(
        entry.contains("<id>https://example.org/hb/guide/fresh/</id>"),
        "{entry}"
    );
    assert!(entry.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/hb/guide/fresh/\"/>"
    ));
    assert!(entry.contains("<updated>2026-10-05T12:00:00Z</updated>"));
    assert!(entry.contains("<published>2026-03-02T10:00:00+01:00</published>"));
    assert!(entry.contains("<author><name>@ana</name></author>"));
    assert!(
        feed.contains("<title>Leave &lt;policy&gt; &amp; &#39;more&#39;</title>"),
        "{feed}"
    );
    assert!(
        !feed.contains("decisions/0001"),
        "records are in their own feed"
    );

    let decisions = hb.read_out("decisions.xml");
    assert!(
        decisions.contains(
            "<title>Alive: decisions</title>\n  <updated>2026-11-16T08:30:00-05:00</updated>"
        ),
        "{decisions}"
    );
    let accepted = decisions
        .find("<id>https://example.org/hb/decisions/0001-stale/#status-accepted</id>")
        .expect("status change entry");
    assert!(decisions[accepted..].starts_with("<id>https://example.org/hb/decisions/0001-stale/#status-accepted</id>\n    <title>ADR-1: Stale proposal (Accepted)</title>"), "{decisions}");
    assert!(decisions.contains("<updated>2026-11-16T08:30:00-05:00</updated>"));
    // The sitemap dates pages by their last commit too (front matter `updated` loses to git).
    let sitemap = hb.read_out("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/hb/guide/fresh/</loc><lastmod>2026-10-05</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(
        sitemap.contains(
            "<loc>https://example.org/hb/policies/leave/</loc><lastmod>2026-03-02</lastmod>"
        ),
        "{sitemap}"
    );
    let html = hb.read_out("index.html");
    assert!(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Alive: recently changed\" href=\"feed.xml\">"), "{html}");
    assert!(html.contains("href=\"decisions.xml\""));

    // The changes page groups by ISO week, newest first.
    let changes = hb.read_out("changes/index.html");
    let main = main_of(&changes);
    let w47 = main
        .find("Week 2026-W47")
        .expect("week of the accepted decision");
    let w41 = main.find("Week 2026-W41").expect("week of the edit");
    let w10 = main
        .find("Week 2026-W10")
        .expect("week of the first commit");
    assert!(w47 < w41 && w41 < w10, "{main}");

    // Accepted now: no longer a stale proposal.
    let run = hb.run(&["check", "."]);
    assert!(
        !run.stderr.contains("decisions/0001-stale.md"),
        "{}",
        run.stderr
    );

    // Same history, same today: the same bytes.
    hb.run(&["build", ".", "--out", "out1"]).assert_code(0);
    hb.run(&["build", ".", "--out", "out2"]).assert_code(0);
    let read_all = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let dir = hb.root().join(dir);
        list_files(&dir)
            .into_iter()
            .filter(|f| !f.ends_with(".handbook-output"))
            .map(|f| {
                let bytes = std::fs::read(dir.join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    };
    let (one, two) = (read_all("out1"), read_all("out2"));
    assert!(one.iter().any(|(f, _)| f == "feed.xml"));
    assert!(one == two, "two builds differ");
}

#[test]
fn proposals_in_git_count_from_the_commit_that_added_them() {
    let hb = fixture_in_git();
    // 0002 is dated 2026-11-10 but was committed in March: proposed since then.
    let run = hb.run(&["check", "."]);
    assert!(
        run.stderr.contains(
            "decisions/0002-recent.md:7: warning: decision has been proposed since 2026-03-02"
        ),
        "{}",
        run.stderr
    );
}
