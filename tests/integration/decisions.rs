//! Decision records end to end: the mixed-format fixture, the example handbook, the real corpora
//! in `../shared/corpora` (read in place, built into temp folders), and the decision commands
//! (`decisions`, `new decision`, `new page`, `check --base`).

use crate::support::{Handbook, Run, main_of, repo_root};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files of the fixture and corpora that describe them and are not records.
const NOT_RECORDS: &[&str] = &["ATTRIBUTION", "SOURCE"];

/// `decisions.json` of a built site, without the description files of fixtures and corpora.
fn records_of(json_text: &str) -> Vec<Value> {
    let json: Value = serde_json::from_str(json_text).expect("decisions.json is JSON");
    assert_eq!(json["version"], 1);
    json["decisions"]
        .as_array()
        .expect("a decisions array")
        .iter()
        .filter(|d| !NOT_RECORDS.contains(&d["id"].as_str().unwrap_or("")))
        .cloned()
        .collect()
}

fn record<'a>(records: &'a [Value], id: &str) -> &'a Value {
    records
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no record `{id}`"))
}

/// Builds `src` (read in place, and left as it is: no build cache is written into it) into
/// `<temp>/site`; the build may report content errors but must not crash.
fn build_into(hb: &Handbook, src: &Path) -> (Run, PathBuf) {
    let out = hb.root().join("site");
    let run = hb.run(&[
        "build",
        "--no-cache",
        src.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
    ]);
    assert_no_crash(&run);
    assert!(
        !src.join(".handbook-cache").exists(),
        "{}: a cache was written into the corpus",
        src.display()
    );
    (run, out)
}

fn assert_no_crash(run: &Run) {
    assert!(
        run.code == 0 || run.code == 1,
        "exit code {}\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `handbook decisions <src> --format json`, as records.
fn listed(hb: &Handbook, src: &Path) -> Vec<Value> {
    let run = hb.run(&[
        "decisions",
        src.to_str().expect("UTF-8 path"),
        "--format",
        "json",
    ]);
    assert_no_crash(&run);
    records_of(&run.stdout)
}

// --- the mixed-format fixture -------------------------------------------------------------

#[test]
fn mixed_fixture_builds_every_format_with_both_sides_of_a_supersession() {
    let hb = Handbook::copy_of(&repo_root().join("tests/fixtures/decisions/mixed"));
    // The fixture keeps its upstream dangling links (see ATTRIBUTION.md): content errors only.
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("adr-template.md:16: note: decision template left out"),
        "{}",
        run.stderr
    );

    let records = records_of(&hb.read_out("decisions.json"));
    assert_eq!(records.len(), 9, "{records:#?}");
    for (id, status, format) in [
        (
            "0004-dns-definitions-for-hosts-and-services",
            "superseded",
            "nygard",
        ),
        ("0015-dns-infrastructure", "accepted", "nygard"),
        ("adr-001-use-adrs", "accepted", "nygard"),
        ("0013-use-yaml-front-matter-for-meta-data", "", "madr-3"),
        ("0018-use-confirmation-as-heading", "", "madr-4"),
        ("003-tts-cybersecurity-advisor", "", "front-matter"),
        ("20201028-superseded-adr", "superseded", "log4brains"),
        ("20201029-superseder", "accepted", "log4brains"),
        ("20201030-draft-adr", "draft", "log4brains"),
    ] {
        let r = record(&records, id);
        assert_eq!(r["status"].as_str().unwrap_or(""), status, "{id}");
        assert_eq!(r["format"], format, "{id}");
        // Every record has its own page.
        let page = format!("{id}/index.html");
        assert!(hb.out().join(&page).is_file(), "{page}");
    }
    assert!(!hb.out().join("adr-template/index.html").exists());

    // 0004 wrote "Superseded by" only; the reverse edge on 0015 is inferred.
    let old = record(&records, "0004-dns-definitions-for-hosts-and-services");
    assert_eq!(old["relations"][0]["kind"], "superseded-by");
    assert_eq!(old["relations"][0]["target"], "0015-dns-infrastructure");
    let new = record(&records, "0015-dns-infrastructure");
    assert_eq!(new["relations"][0]["kind"], "supersedes");
    assert_eq!(new["relations"][0]["inferred"], true);

    let old_page = hb.read_out("0004-dns-definitions-for-hosts-and-services/index.html");
    let main = main_of(&old_page);
    let notice = &main[main.find("notice-warning").expect("superseded notice")..];
    let notice = &notice[..notice.find("</div>").unwrap()];
    assert!(
        notice.contains("href=\"../0015-dns-infrastructure/\">ADR 15: DNS infrastructure</a>"),
        "{notice}"
    );
    let chain = |main: &str| {
        let start = main.find("decision-chain\"").expect("a chain");
        main[start..start + main[start..].find("</nav>").unwrap()].to_string()
    };
    let old_chain = chain(main);
    assert!(
        old_chain.find("ADR 4: DNS definitions").unwrap()
            < old_chain
                .find("href=\"../0015-dns-infrastructure/\"")
                .unwrap(),
        "{old_chain}"
    );
    let new_page = hb.read_out("0015-dns-infrastructure/index.html");
    let new_chain = chain(main_of(&new_page));
    assert!(
        new_chain.contains("href=\"../0004-dns-definitions-for-hosts-and-services/\""),
        "{new_chain}"
    );
    assert!(!main_of(&new_page).contains("notice-warning"));

    // The folder's page is the log; it lists every record, and each status has its page.
    let log = hb.read_out("index.html");
    for id in [
        "0004-dns-definitions",
        "0015-dns-infrastructure",
        "20201030-draft-adr",
    ] {
        assert!(log.contains(&format!("href=\"{id}")), "{id} in the log");
    }
    for status in ["accepted", "superseded", "draft"] {
        let page = hb.read_out(&format!("status/{status}/index.html"));
        assert!(
            main_of(&page).contains(&format!("badge-{status}")),
            "{status}"
        );
    }
}

// --- the example handbook ------------------------------------------------------------------

#[test]
fn example_handbook_log_has_twelve_records_and_the_status_chain() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    hb.build_ok();
    let records = records_of(&hb.read_out("decisions.json"));
    assert_eq!(records.len(), 12);
    let numbers: Vec<u64> = records
        .iter()
        .filter_map(|d| d["number"].as_u64())
        .collect();
    assert_eq!(numbers, (1..=12).collect::<Vec<u64>>());
    // The fields scripts rely on, with their types.
    for d in &records {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id",
                "number",
                "title",
                "status",
                "status_raw",
                "date",
                "deciders",
                "tags",
                "relations",
                "url",
                "source_path",
                "format",
                "summary",
                "log"
            ],
        );
        assert!(d["date"].as_str().is_some_and(|x| x.len() == 10), "{d}");
        assert_eq!(d["log"], "decisions");
        assert!(d["url"].as_str().unwrap().starts_with("/decisions/"));
    }
    let six = record(&records, "0006-move-to-twice-weekly-status-updates");
    assert_eq!(six["status"], "superseded");
    assert_eq!(six["date"], "2024-01-22");
    assert_eq!(
        six["source_path"],
        "decisions/0006-move-to-twice-weekly-status-updates.md"
    );

    let page = hb.read_out("decisions/0006-move-to-twice-weekly-status-updates/index.html");
    let main = main_of(&page);
    let start = main.find("decision-chain\"").expect("a chain");
    let chain = &main[start..start + main[start..].find("</nav>").unwrap()];
    let three = chain
        .find("href=\"../0003-weekly-written-status-updates-instead-of-standup/\"")
        .expect("0003 in the chain");
    let here = chain
        .find("aria-current=\"page\"")
        .expect("0006 in the chain");
    let nine = chain
        .find("href=\"../0009-project-status-threads-with-a-weekly-digest/\"")
        .expect("0009 in the chain");
    assert!(three < here && here < nine, "{chain}");
    // Two builds give the same bytes.
    let first = hb.read_out("decisions.json");
    hb.build_ok();
    assert_eq!(first, hb.read_out("decisions.json"));
}

// --- the real corpora ----------------------------------------------------------------------

/// A corpus folder, or `None` (with a note) when `../shared/corpora` is not there.
fn corpus(name: &str) -> Option<PathBuf> {
    let dir = crate::support::corpora(name)?.join(name);
    assert!(
        dir.is_dir(),
        "{} is missing from the corpora",
        dir.display()
    );
    Some(dir)
}

#[test]
fn corpus_arachne_hand_written_nygard_records() {
    let Some(src) = corpus("arachne-architecture") else {
        return;
    };
    let hb = Handbook::new();
    let (_, out) = build_into(&hb, &src);
    let records = records_of(&read(&out.join("decisions.json")));
    assert_eq!(records.len(), 17);
    for (i, d) in records.iter().enumerate() {
        assert_eq!(d["number"], i as u64 + 1, "{d}");
        assert_eq!(d["format"], "nygard", "{d}");
    }
}

#[test]
fn corpus_govuk_adr_tools_records_all_have_number_and_date() {
    let Some(src) = corpus("govuk-aws-docs") else {
        return;
    };
    let hb = Handbook::new();
    let records = listed(&hb, &src);
    assert_eq!(records.len(), 38);
    for d in &records {
        assert!(d["number"].as_u64().is_some(), "{d}");
        assert!(d["date"].as_str().is_some(), "{d}");
        assert_eq!(d["log"], "docs/architecture/decisions");
    }
    let (_, out) = build_into(&hb, &src);
    assert_eq!(
        records_of(&read(&out.join("decisions.json"))).len(),
        38,
        "the site has the same records"
    );
}

#[test]
fn corpus_getgov_superseded_record_links_to_its_successor() {
    let Some(src) = corpus("getgov-docs") else {
        return;
    };
    let hb = Handbook::new();
    let (_, out) = build_into(&hb, &src);
    let records = records_of(&read(&out.join("decisions.json")));
    let old = record(&records, "0012-user-models");
    assert_eq!(old["status"], "superseded");
    assert!(
        old["relations"].as_array().unwrap().iter().any(|r| {
            r["kind"] == "superseded-by" && r["target"] == "0020-user-models-revisited-plus-whois"
        }),
        "{old}"
    );
    let page = read(&out.join("docs/architecture/decisions/0012-user-models/index.html"));
    let main = main_of(&page);
    let notice = &main[main.find("notice-warning").expect("superseded notice")..];
    assert!(
        notice[..notice.find("</div>").unwrap()]
            .contains("href=\"../0020-user-models-revisited-plus-whois/\""),
        "{notice}"
    );
}

#[test]
fn corpus_madr_own_decision_log() {
    let Some(src) = corpus("madr") else {
        return;
    };
    let hb = Handbook::new();
    let (run, out) = build_into(&hb, &src);
    assert!(
        run.stderr.contains("adr-template.md") && run.stderr.contains("template left out"),
        "{}",
        run.stderr
    );
    let records = records_of(&read(&out.join("decisions.json")));
    assert_eq!(records.len(), 19);
    assert!(records.iter().all(|d| d["log"] == "docs/decisions"));
    assert!(
        records
            .iter()
            .all(|d| d["format"].as_str().unwrap().starts_with("madr"))
    );
}

#[test]
fn corpus_log4brains_packages_and_edge_cases() {
    let Some(src) = corpus("log4brains") else {
        return;
    };
    let hb = Handbook::new();
    // `.log4brains.yml` names three folders: the project's and two packages'.
    let records = listed(&hb, &src);
    let mut logs: Vec<&str> = records.iter().filter_map(|d| d["log"].as_str()).collect();
    logs.sort();
    logs.dedup();
    assert_eq!(
        logs,
        [
            "docs/adr",
            "packages/core/docs/adr",
            "packages/web/docs/adr"
        ]
    );
    assert!(records.iter().all(|d| d["format"] == "log4brains"));
    build_into(&hb, &src);

    // log4brains' own parser fixtures: no title, no status, no metadata, weird names.
    let edge = Handbook::new();
    let (_, out) = build_into(
        &edge,
        &src.join("packages/core/integration-tests/ro-project"),
    );
    let records = records_of(&read(&out.join("decisions.json")));
    assert!(records.len() >= 15, "{}", records.len());
}

// --- the commands ---------------------------------------------------------------------------

#[test]
fn decisions_lists_the_log_filtered_and_as_a_table() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    let run = hb.run(&["decisions", "--status", "accepted", "--format", "json"]);
    run.assert_code(0);
    let records = records_of(&run.stdout);
    let numbers: Vec<u64> = records
        .iter()
        .filter_map(|d| d["number"].as_u64())
        .collect();
    assert_eq!(numbers, [9, 8, 7, 4, 2, 1], "newest first");
    assert!(records.iter().all(|d| d["status"] == "accepted"));

    let run = hb.run(&["decisions", ".", "--tag", "Meetings"]);
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("NUMBER  TITLE"), "{}", run.stdout);
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    let status_at = lines[0].find("STATUS").unwrap();
    for line in &lines[1..] {
        let cell = &line[status_at..];
        assert!(
            ["proposed", "accepted", "rejected", "superseded"]
                .iter()
                .any(|s| cell.starts_with(s)),
            "{line}"
        );
    }
}

#[test]
fn decisions_exits_1_on_decision_errors() {
    let hb = Handbook::new()
        .file(
            "decisions/0001-a.md",
            "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [9. Nope](0009-nope.md)\n",
        )
        .file(
            "decisions/0002-b.md",
            "# 2. B\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n[broken](nowhere.md)\n",
        );
    let run = hb.run(&["decisions"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("decisions/0001-a.md:7: error"),
        "{}",
        run.stderr
    );
    // Only diagnostics about records: the broken page link is `check`'s business.
    assert!(!run.stderr.contains("nowhere.md"), "{}", run.stderr);
    assert!(run.stdout.contains("2       B"), "{}", run.stdout);
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn new_decision_in_a_native_folder_supersedes_in_front_matter() {
    let hb = Handbook::new().file(
        "decisions/0001-use-postgres.md",
        "---\ntitle: Use Postgres\nstatus: accepted\ndate: 2024-01-01\n---\n\n## Context\n\nWe need a database.\n",
    );
    let run = hb.run(&["new", "decision", "Use SQLite", "--supersedes", "1"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "created decisions/0002-use-sqlite.md\nupdated decisions/0001-use-postgres.md (superseded by 0002-use-sqlite.md)\n"
    );
    let new = read(&hb.root().join("decisions/0002-use-sqlite.md"));
    assert!(
        new.starts_with(&format!(
            "---\ntitle: \"Use SQLite\"\nstatus: proposed\ndate: {}\nnumber: 2\nsupersedes: 1\n---\n",
            today()
        )),
        "{new}"
    );
    let old = read(&hb.root().join("decisions/0001-use-postgres.md"));
    assert!(
        old.starts_with("---\ntitle: Use Postgres\nstatus: superseded\nsuperseded_by: 2\ndate: 2024-01-01\n---\n"),
        "{old}"
    );
    let check = hb.run(&["check"]);
    check.assert_code(0);
}

#[test]
fn new_decision_in_a_nygard_folder_follows_adr_tools_and_links_both_ways() {
    let hb = Handbook::new()
        .file(".adr-dir", "doc/adr\n")
        .file(
            "doc/adr/0001-record-architecture-decisions.md",
            "# 1. Record architecture decisions\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        )
        .file(
            "doc/adr/0002-use-postgres.md",
            "# 2. Use Postgres\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\n## Context\n\ny\n",
        );
    let run = hb.run(&[
        "new",
        "decision",
        "Use MySQL/MariaDB",
        "--supersedes",
        "0002",
    ]);
    run.assert_code(0);
    assert!(
        run.stdout
            .starts_with("created doc/adr/0003-use-mysql-mariadb.md\n"),
        "{}",
        run.stdout
    );
    let new = read(&hb.root().join("doc/adr/0003-use-mysql-mariadb.md"));
    assert!(
        new.starts_with(&format!(
            "# 3. Use MySQL/MariaDB\n\nDate: {}\n\n## Status\n\nProposed\n\nSupersedes [2. Use Postgres](0002-use-postgres.md)\n",
            today()
        )),
        "{new}"
    );
    let old = read(&hb.root().join("doc/adr/0002-use-postgres.md"));
    assert_eq!(
        old,
        "# 2. Use Postgres\n\nDate: 2024-02-01\n\n## Status\n\nSuperseded by [3. Use MySQL/MariaDB](0003-use-mysql-mariadb.md)\n\n## Context\n\ny\n"
    );

    // The site shows the chain on both pages.
    hb.build_ok();
    let old_page = hb.read_out("doc/adr/0002-use-postgres/index.html");
    assert!(main_of(&old_page).contains("notice-warning"));
    assert!(main_of(&old_page).contains("href=\"../0003-use-mysql-mariadb/\""));
    let new_page = hb.read_out("doc/adr/0003-use-mysql-mariadb/index.html");
    assert!(main_of(&new_page).contains("href=\"../0002-use-postgres/\""));

    // Without --supersedes: the next number, the old record untouched.
    let run = hb.run(&["new", "decision", "Use Redis for caching"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "created doc/adr/0004-use-redis-for-caching.md\n"
    );
    assert_eq!(read(&hb.root().join("doc/adr/0002-use-postgres.md")), old);
}

#[test]
fn new_decision_counts_drafts_creates_decisions_and_never_overwrites() {
    // No decision folder yet: `decisions/` is created.
    let hb = Handbook::new().file("index.md", "# Home\n");
    let run = hb.run(&["new", "decision", "First"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "created decisions/0001-first.md\n");

    // A draft is not in the log but keeps its number.
    hb.write(
        "decisions/0002-draft.md",
        "---\ntitle: Draft\nstatus: proposed\ndate: 2024-01-01\ndraft: true\n---\n",
    );
    let run = hb.run(&["new", "decision", "Second"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "created decisions/0003-second.md\n");

    // log4brains names records by date: the same title on the same day is refused.
    let l4b = Handbook::new().file(
        "docs/adr/20240101-first.md",
        "# First\n\n- Status: accepted\n- Date: 2024-01-01\n\n## Context and Problem Statement\n\nx\n",
    );
    let run = l4b.run(&["new", "decision", "Same title"]);
    run.assert_code(0);
    let name = format!("docs/adr/{}-same-title.md", today().replace('-', ""));
    assert_eq!(run.stdout, format!("created {name}\n"));
    let text = read(&l4b.root().join(&name));
    assert!(
        text.starts_with("# Same title\n\n- Status: proposed\n"),
        "{text}"
    );
    let run = l4b.run(&["new", "decision", "Same title"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("refusing to overwrite"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&l4b.root().join(&name)), text);

    let run = l4b.run(&["new", "decision", "X", "--supersedes", "99"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("no decision record `99`"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_decision_with_several_folders_uses_the_first_or_the_one_asked() {
    let hb = Handbook::new()
        .file("handbook.yml", "title: T\ndecisions: [adr, more]\n")
        .file(
            "adr/0001-a.md",
            "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
        )
        .file(
            "more/0007-b.md",
            "# 7. B\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
        );
    let run = hb.run(&["new", "decision", "C"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "created adr/0002-c.md\n");
    assert!(run.stderr.contains("2 decision folders"), "{}", run.stderr);
    let run = hb.run(&["new", "decision", "D", "--folder", "more"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "created more/0008-d.md\n");
}

#[test]
fn new_page_fills_in_front_matter_and_never_overwrites() {
    let hb = Handbook::new().file("index.md", "# Home\n");
    let run = hb.run(&["new", "page", "guide/how-we-hire"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "created guide/how-we-hire.md\n");
    let text = read(&hb.root().join("guide/how-we-hire.md"));
    assert!(
        text.starts_with("---\ntitle: \"How we hire\"\n# description:"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\n# owner: the person or team that keeps this page true\nreviewed: {}\ntags: []\n---\n",
            today()
        )),
        "{text}"
    );
    hb.build_ok();
    assert!(
        hb.read_out("guide/how-we-hire/index.html")
            .contains(">How we hire</h1>")
    );

    std::fs::write(hb.root().join("guide/how-we-hire.md"), "mine\n").unwrap();
    let run = hb.run(&["new", "page", "guide/how-we-hire.md"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("refusing to overwrite"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&hb.root().join("guide/how-we-hire.md")), "mine\n");
}

// --- check --base ---------------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn has_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

const RECORD_A: &str = "# 2. A\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";
const RECORD_B: &str = "# 2. B\n\nDate: 2024-01-02\n\n## Status\n\nProposed\n";
const RECORD_ONE: &str = "# 1. One\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";

/// A repository whose handbook sits in `hb/`, with `main` holding records 1 and 2 (`a`).
fn repo_with_main() -> Handbook {
    let repo = Handbook::new()
        .file("hb/decisions/0001-one.md", RECORD_ONE)
        .file("hb/decisions/0002-a.md", RECORD_A);
    git(repo.root(), &["init", "-q", "-b", "main"]);
    git(repo.root(), &["config", "user.name", "Test"]);
    git(repo.root(), &["config", "user.email", "test@example.org"]);
    git(repo.root(), &["config", "commit.gpgsign", "false"]);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "main"]);
    repo
}

#[test]
fn check_base_reports_a_number_taken_on_the_base_branch() {
    if !has_git() {
        println!("skipped: git not found");
        return;
    }
    let repo = repo_with_main();
    git(repo.root(), &["checkout", "-q", "-b", "feature"]);
    repo.write("hb/decisions/0002-b.md", RECORD_B);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "feature"]);

    let run = repo.run(&["check", "hb", "--base", "main"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "decisions/0002-b.md:1: error: decision number 2 is already taken on `main` by `decisions/0002-a.md`\n  help: renumber this record to 3, the next free number: rename it to `0003-b.md`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .contains("0002-a.md:1: error: decision number 2 is already taken")
    );

    // Run from inside the handbook, a sub-folder of the repository.
    let inside = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["check", "--base", "main"])
        .current_dir(repo.root().join("hb"))
        .output()
        .expect("run handbook");
    assert_eq!(inside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&inside.stderr).contains("already taken on `main`"));
}

#[test]
fn check_base_reports_a_record_the_base_added_after_the_branch_started() {
    if !has_git() {
        println!("skipped: git not found");
        return;
    }
    let repo = Handbook::new().file("hb/decisions/0001-one.md", RECORD_ONE);
    git(repo.root(), &["init", "-q", "-b", "main"]);
    git(repo.root(), &["config", "user.name", "Test"]);
    git(repo.root(), &["config", "user.email", "test@example.org"]);
    git(repo.root(), &["config", "commit.gpgsign", "false"]);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "one"]);
    git(repo.root(), &["checkout", "-q", "-b", "feature"]);
    repo.write("hb/decisions/0002-b.md", RECORD_B);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "b"]);
    git(repo.root(), &["checkout", "-q", "main"]);
    repo.write("hb/decisions/0002-a.md", RECORD_A);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "a"]);
    git(repo.root(), &["checkout", "-q", "feature"]);

    // Locally there is no duplicate at all; only the base knows.
    let run = repo.run(&["check", "hb"]);
    run.assert_code(0);
    let run = repo.run(&["check", "hb", "--base", "main"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("0002-b.md:1: error: decision number 2 is already taken on `main` by `decisions/0002-a.md`"),
        "{}",
        run.stderr
    );

    // A rename on this branch is not a clash.
    git(
        repo.root(),
        &[
            "mv",
            "hb/decisions/0001-one.md",
            "hb/decisions/0001-first.md",
        ],
    );
    let run = repo.run(&["check", "hb", "--base", "main"]);
    assert!(
        !run.stderr.contains("0001-first.md:1: error"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_base_with_a_bad_ref_or_no_repository_fails_clearly() {
    if !has_git() {
        println!("skipped: git not found");
        return;
    }
    let repo = repo_with_main();
    let run = repo.run(&["check", "hb", "--base", "no-such-branch"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("unknown git ref `no-such-branch`"),
        "{}",
        run.stderr
    );

    let plain = Handbook::new().file("decisions/0001-one.md", RECORD_ONE);
    let run = plain.run(&["check", "--base", "main"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("inside a git repository"),
        "{}",
        run.stderr
    );
}

// --- records as real folders write them ----------------------------------------------------

/// A folder mixing what real logs write: a MADR record 0 that is a folder with its image, a
/// status that links its reversal, links out of the log shaped like ids, an external successor,
/// a log4brains record with its metadata variants and a design document.
fn wild_log() -> Handbook {
    Handbook::new()
        .file("decisions/index.md", "# Decision log\n")
        .file(
            "decisions/0000-use-madr/index.md",
            "---\nstatus: accepted\ndate: 2017-12-01\n---\n\n# Use MADR\n\n## Context and Problem Statement\n\n![flow](flow.svg)\n\nWe want to record decisions.\n",
        )
        .file("decisions/0000-use-madr/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file(
            "decisions/0001-use-redis-for-sessions.md",
            "# 1. Use Redis for sessions\n\nDate: 2023-02-01\n\n## Status\n\nReverted by [discussion #1198](https://github.com/example/app/discussions/1198)\n\n## Context\n\nSessions are slow.\n\n## Decision\n\nAccepted. We will keep sessions in Redis.\n",
        )
        .file(
            "decisions/0002-use-oauth.md",
            "# Use OAuth\n\n* Status: accepted\n* Date: 2021-03-04\n\n## Context and Problem Statement\n\nWe need logins.\n\n## Decision Outcome\n\nChosen option: OAuth.\n\n## Links\n\n* Relates to [RFC-0016](https://github.com/example/rfcs/blob/main/0016-auth.md)\n* Refines [JIRA-1234](https://jira.example.org/browse/JIRA-1234)\n",
        )
        .file(
            "decisions/0003-old-auth.md",
            "# 3. Old auth\n\nDate: 2019-01-01\n\n## Status\n\nSuperseded by [the platform RFC](https://rfcs.example.org/platform/12)\n\n## Context\n\nx\n",
        )
        .file(
            "decisions/0016-something-else.md",
            "# 16. Something else\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        )
        .file(
            "decisions/design/cells/_index.md",
            "---\ntitle: Cells\nstatus: implemented\ncreation-date: \"2022-09-07\"\nauthors: [\"@ayufan\"]\n---\n\n## Summary\n\nCells, see https://example.org/a/very/long/path/that/goes/on/and/on/and/on/without/any/break/at/all.\n",
        )
}

#[test]
fn records_from_the_wild_read_without_false_errors() {
    let hb = wild_log();
    hb.build_ok();
    let records = records_of(&hb.read_out("decisions.json"));
    assert_eq!(records.len(), 6, "{records:?}");
    let zero = record(&records, "0000-use-madr");
    assert_eq!(zero["number"], 0);
    let reverted = record(&records, "0001-use-redis-for-sessions");
    assert_eq!(reverted["status"], "reverted");
    let oauth = record(&records, "0002-use-oauth");
    assert!(
        oauth["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["target"].is_null()),
        "RFC-0016 is not record 16: {oauth}"
    );
    let cells = record(&records, "cells");
    assert_eq!(cells["status"], "accepted");
    assert_eq!(cells["date"], "2022-09-07");

    // Record 0 shows its number in the log and on its card.
    let log = hb.read_out("decisions/index.html");
    assert!(
        log.contains("<td class=\"log-number\">0</td>"),
        "{}",
        main_of(&log)
    );
    let page = hb.read_out("decisions/0000-use-madr/index.html");
    assert!(page.contains("<dd>ADR 0</dd>"), "{}", main_of(&page));
    assert!(page.contains("src=\"flow.svg\""));
    assert!(hb.out().join("decisions/0000-use-madr/flow.svg").is_file());

    // A reverted status has a short status page and shows its discussion once.
    assert!(
        hb.out()
            .join("decisions/status/reverted/index.html")
            .is_file()
    );
    let page = hb.read_out("decisions/0001-use-redis-for-sessions/index.html");
    let main = main_of(&page);
    assert!(main.contains("badge-reverted\">Reverted<"), "{main}");
    assert_eq!(main.matches("Reverted by").count(), 0, "{main}");
    assert!(
        !main.contains("Date: 2023-02-01"),
        "the date is in the card only: {main}"
    );
    assert!(main.contains("href=\"https://github.com/example/app/discussions/1198\""));
    // The summary does not open by repeating a status.
    assert!(
        log.contains("<p>We will keep sessions in Redis.</p>"),
        "{}",
        main_of(&log)
    );

    // The external successor is a link in the notice and in the log row.
    let page = hb.read_out("decisions/0003-old-auth/index.html");
    assert!(
        page.contains(
            "replaced by\n  <a href=\"https://rfcs.example.org/platform/12\">the platform RFC</a>"
        ),
        "{}",
        main_of(&page)
    );
    assert!(log.contains("Superseded by <a href=\"https://rfcs.example.org/platform/12\">"));
    // No record has tags: no Tags column.
    assert!(!log.contains(">Tags</th>"));
    // The design document keeps its own word.
    let page = hb.read_out("decisions/design/cells/index.html");
    assert!(
        page.contains("badge-accepted\">Implemented<"),
        "{}",
        main_of(&page)
    );
}

#[test]
fn superseded_by_a_record_links_it_in_the_log_row() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    hb.run(&["build", "."]).assert_code(0);
    let log = hb.read_out("decisions/index.html");
    assert!(
        log.contains("Superseded by <a href=\"../decisions/0009-project-status-threads-with-a-weekly-digest/\">")
            || log.contains("Superseded by <a href=\"0009-project-status-threads-with-a-weekly-digest/\">"),
        "{}",
        main_of(&log)
    );
}

#[test]
fn new_decision_supersedes_a_toml_record_in_its_own_block() {
    let hb = Handbook::new().file(
        "decisions/0001-use-mysql.md",
        "+++\ntitle = \"Use MySQL\"\nstatus = \"accepted\"\ndate = \"2024-01-01\"\n+++\n\n## Context\n\nWe need a database.\n",
    );
    let run = hb.run(&["new", "decision", "Use Postgres", "--supersedes", "1"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("still proposed") && run.stderr.contains("`accepted`"),
        "says what was done and how to undo it: {}",
        run.stderr
    );
    let old = read(&hb.root().join("decisions/0001-use-mysql.md"));
    assert_eq!(
        old,
        "+++\ntitle = \"Use MySQL\"\nstatus = \"superseded\"\nsuperseded_by = 2\ndate = \"2024-01-01\"\n+++\n\n## Context\n\nWe need a database.\n"
    );
    hb.run(&["check"]).assert_code(0);
    let records = records_of(&hb.run(&["decisions", "--format", "json"]).stdout);
    assert_eq!(record(&records, "0001-use-mysql")["status"], "superseded");
}

#[test]
fn a_folder_says_which_fields_it_requires_and_takes_dates_from_git() {
    if !has_git() {
        println!("skipped: git not found");
        return;
    }
    // MADR's own style: no status, no date; git history is the date.
    let madr = |title: &str| {
        format!(
            "# {title}\n\n## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\nChosen option: y.\n"
        )
    };
    let hb = Handbook::new()
        .file(
            "handbook.yml",
            "title: T\ndecisions:\n  - path: docs/decisions\n    require: [title]\n    date_from: git\n  - adr\n",
        )
        .file("docs/decisions/0000-use-madr.md", &madr("Use MADR"))
        .file("docs/decisions/0001-use-mit.md", &madr("Use MIT"))
        .file("adr/0001-plain.md", &madr("Plain"));
    let git_at = |args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=T",
                "-c",
                "user.email=t@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(hb.root())
            .env("GIT_AUTHOR_DATE", "2021-04-05T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2021-04-05T10:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git_at(&["init", "-q"]);
    git_at(&["add", "-A"]);
    git_at(&["commit", "-q", "-m", "records"]);

    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    // The configured folder is quiet; the plain folder keeps the default conventions.
    assert!(!run.stderr.contains("docs/decisions/"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("adr/0001-plain.md:1: warning: decision record has no status"),
        "{}",
        run.stderr
    );
    let records = records_of(&hb.read_out("decisions.json"));
    assert_eq!(record(&records, "0000-use-madr")["date"], "2021-04-05");
    let page = hb.read_out("docs/decisions/0000-use-madr/index.html");
    assert!(page.contains("(first commit)"), "{}", main_of(&page));

    // A misspelt key is a clear config error.
    hb.write(
        "handbook.yml",
        "title: T\ndecisions:\n  - path: docs/decisions\n    requires: [title]\n",
    );
    let run = hb.run(&["build", "."]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("handbook.yml:4"), "{}", run.stderr);
    assert!(run.stderr.contains("requires"), "{}", run.stderr);
}

/// What a corpus folder must yield: records, how many state a status and a date, how many
/// relations they write (every one resolved).
struct FolderExpect {
    log: &'static str,
    records: usize,
    with_status: usize,
    with_date: usize,
    relations: usize,
}

/// Per decision folder of each corpus: the records found, their statuses, dates and relations,
/// and no error (a broken relation, a duplicate number) that a human would call false.
#[test]
fn corpus_folders_yield_records_statuses_dates_and_relations_without_false_errors() {
    let cases: &[(&str, &[FolderExpect])] = &[
        // Hand-written Nygard records that never state a date.
        (
            "arachne-architecture",
            &[FolderExpect {
                log: "",
                records: 17,
                with_status: 17,
                with_date: 0,
                relations: 2,
            }],
        ),
        // Two records write their date as YYYY-DD-MM (`2023-13-10`): a true warning.
        (
            "getgov-docs",
            &[FolderExpect {
                log: "docs/architecture/decisions",
                records: 32,
                with_status: 32,
                with_date: 30,
                relations: 1,
            }],
        ),
        (
            "govuk-aws-docs",
            &[FolderExpect {
                log: "docs/architecture/decisions",
                records: 38,
                with_status: 38,
                with_date: 38,
                relations: 3,
            }],
        ),
        (
            "log4brains",
            &[
                FolderExpect {
                    log: "docs/adr",
                    records: 9,
                    with_status: 9,
                    with_date: 9,
                    relations: 2,
                },
                FolderExpect {
                    log: "packages/core/docs/adr",
                    records: 3,
                    with_status: 3,
                    with_date: 3,
                    relations: 0,
                },
                FolderExpect {
                    log: "packages/web/docs/adr",
                    records: 5,
                    with_status: 5,
                    with_date: 5,
                    relations: 0,
                },
            ],
        ),
        // log4brains' parser fixtures: `YYYYMMDD-` names give every record its date.
        (
            "log4brains/packages/core/integration-tests/ro-project",
            &[
                FolderExpect {
                    log: "docs/adr",
                    records: 15,
                    with_status: 9,
                    with_date: 15,
                    relations: 2,
                },
                FolderExpect {
                    log: "packages/package1/adr",
                    records: 4,
                    with_status: 2,
                    with_date: 4,
                    relations: 0,
                },
                FolderExpect {
                    log: "packages/package2/adr",
                    records: 1,
                    with_status: 0,
                    with_date: 1,
                    relations: 0,
                },
            ],
        ),
        // MADR's own log starts at 0000 and keeps status and date out of its files.
        (
            "madr",
            &[FolderExpect {
                log: "docs/decisions",
                records: 19,
                with_status: 1,
                with_date: 0,
                relations: 0,
            }],
        ),
    ];
    for (name, folders) in cases {
        let Some(src) = corpus(name.split('/').next().unwrap_or(name)) else {
            return;
        };
        let src = src.join(name.split_once('/').map_or("", |(_, rest)| rest));
        let hb = Handbook::new();
        let run = hb.run(&[
            "decisions",
            src.to_str().expect("UTF-8 path"),
            "--format",
            "json",
        ]);
        run.assert_code(0);
        assert!(!run.stderr.contains(": error:"), "{name}: {}", run.stderr);
        let records = records_of(&run.stdout);
        for f in *folders {
            let here: Vec<&Value> = records
                .iter()
                .filter(|d| d["log"].as_str() == Some(f.log))
                .collect();
            let count = |p: &dyn Fn(&Value) -> bool| here.iter().filter(|d| p(d)).count();
            let written: Vec<&Value> = here
                .iter()
                .flat_map(|d| d["relations"].as_array().into_iter().flatten())
                .filter(|r| r["inferred"] == false)
                .collect();
            let got = (
                here.len(),
                count(&|d| !d["status"].is_null()),
                count(&|d| !d["date"].is_null()),
                written.len(),
            );
            assert_eq!(
                got,
                (f.records, f.with_status, f.with_date, f.relations),
                "{name} `{}`: (records, with status, with date, relations)",
                f.log
            );
            assert!(
                written.iter().all(|r| r["target"].is_string()),
                "{name} `{}`: every relation resolves: {written:?}",
                f.log
            );
        }
    }
}

#[test]
fn corpus_madr_with_its_conventions_is_quiet_and_shows_record_0() {
    let Some(src) = corpus("madr") else {
        return;
    };
    let hb = Handbook::copy_of(&src);
    hb.write(
        "handbook.yml",
        "title: MADR\ndecisions:\n  - path: docs/decisions\n    require: [title]\n",
    );
    // The log's intro links to `adr-template.md`, which is left out of the site: a warning.
    let run = hb.run(&["build", "."]);
    assert_no_crash(&run);
    assert!(
        !run.stderr.contains("has no status") && !run.stderr.contains("has no date"),
        "{}",
        run.stderr
    );
    // What is still worth saying is said: `on hold` is not a known status.
    assert!(
        run.stderr.contains("unknown status `on hold`"),
        "{}",
        run.stderr
    );
    let log = hb.read_out("docs/decisions/index.html");
    assert!(
        log.contains("<td class=\"log-number\">0</td>"),
        "{}",
        main_of(&log)
    );
}

#[test]
fn a_design_document_folder_is_one_record_with_its_pages() {
    let hb = Handbook::new()
        .file(
            "handbook.yml",
            "title: T\ndecisions:\n  - path: design-documents\n    require: [title, status]\n",
        )
        .file("design-documents/_index.md", "---\ntitle: Design documents\n---\n\nHow we design.\n")
        .file(
            "design-documents/cells/_index.md",
            "---\ntitle: Cells\nstatus: ongoing\nauthors: [\"@ayufan\"]\n---\n\n## Summary\n\nSee [the goals](goals.md).\n",
        )
        .file("design-documents/cells/goals.md", "# Goals\n\nScale out.\n")
        .file(
            "design-documents/queues/index.md",
            "---\ntitle: Queues\nstatus: implemented\ncreation-date: \"2020-02-03\"\n---\n\nQueues.\n",
        );
    hb.build_ok();
    let records = records_of(&hb.read_out("decisions.json"));
    let ids: Vec<&str> = records.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["cells", "queues"],
        "the goals page is part of the cells record"
    );
    let goals = hb.read_out("design-documents/cells/goals/index.html");
    assert!(goals.contains("Scale out."));
    let cells = hb.read_out("design-documents/cells/index.html");
    assert!(
        cells.contains("badge-accepted\">Ongoing<"),
        "{}",
        main_of(&cells)
    );
}

/// MADR's log introduction links to `adr-template.md`, which is left out as a template: the
/// link is a warning that says so, not a broken link that fails CI.
#[test]
fn a_link_to_a_record_template_is_a_warning() {
    let hb = Handbook::new()
        .file(
            "docs/decisions/index.md",
            "# Decisions\n\nNew records start from [the template](adr-template.md).\n",
        )
        .file(
            "docs/decisions/adr-template.md",
            "# {short title of solved problem and solution}\n\n## Context and Problem Statement\n\n{Describe the context}\n",
        )
        .file(
            "docs/decisions/0001-use-markdown.md",
            "---\nstatus: accepted\ndate: 2024-01-02\n---\n\n# Use Markdown\n\n## Context and Problem Statement\n\nWe write.\n",
        )
        .file(
            "docs/decisions/0002-use-madr.md",
            "---\nstatus: accepted\ndate: 2024-01-03\n---\n\n# Use MADR\n\n## Context and Problem Statement\n\nWe decide.\n",
        );
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "docs/decisions/index.md:3:"
        ) && run.stderr.contains(
            "points at `docs/decisions/adr-template.md`, a decision record template, which is left out of the site"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: link"), "{}", run.stderr);
}

/// A decision log's filtered views list their rows, not the folder's pages: their
/// `page.children` is empty (building every record's link for each view made the cost of a
/// page grow with the handbook), while the log's own page keeps them for templates that show
/// them.
#[test]
fn filtered_log_views_have_no_children() {
    let record = |n: u32, status: &str| {
        format!(
            "# {n}. Record {n}\n\nDate: 2024-01-0{n}\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n"
        )
    };
    let hb = Handbook::new()
        .file("index.md", "# Home\n")
        .file(
            "templates/decision-log.html",
            "{% extends \"base.html\" %}{% block before_content %}<p id=\"children\">{{ page.children | length }}</p>{% endblock before_content %}",
        )
        .file("decisions/0001-one.md", &record(1, "Accepted"))
        .file("decisions/0002-two.md", &record(2, "Accepted"))
        .file("decisions/0003-three.md", &record(3, "Proposed"));
    hb.run(&["build", "."]).assert_code(0);
    let log = hb.read_out("decisions/index.html");
    assert!(
        log.contains("<p id=\"children\">3</p>"),
        "{}",
        main_of(&log)
    );
    let view = hb.read_out("decisions/status/accepted/index.html");
    assert!(
        view.contains("<p id=\"children\">0</p>"),
        "{}",
        main_of(&view)
    );
}
