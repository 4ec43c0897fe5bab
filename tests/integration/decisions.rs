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

/// Builds `src` (read in place) into `<temp>/site`; the build may report content errors but
/// must not crash.
fn build_into(hb: &Handbook, src: &Path) -> (Run, PathBuf) {
    let out = hb.root().join("site");
    let run = hb.run(&[
        "build",
        src.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
    ]);
    assert_no_crash(&run);
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if !root.is_dir() {
        println!("skipped: ../shared/corpora not found");
        return None;
    }
    let dir = root.join(name);
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
