//! `handbook init`.

use crate::support::Handbook;

#[test]
fn init_scaffolds_a_handbook_that_builds_cleanly() {
    let hb = Handbook::new();
    let run = hb.run(&["init", "new-handbook"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("created new-handbook/handbook.yml"),
        "{}",
        run.stdout
    );
    let build = hb.run(&["build", "new-handbook"]);
    build.assert_code(0);
    assert_eq!(build.stderr, "");
    assert!(
        hb.root()
            .join("new-handbook/public/decisions/0001-record-architecture-decisions/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let hb = Handbook::new().file("index.md", "mine\n");
    let run = hb.run(&["init", "."]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("refusing to overwrite existing files"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("index.md"));
    assert_eq!(
        std::fs::read_to_string(hb.root().join("index.md")).unwrap(),
        "mine\n"
    );
    assert!(!hb.root().join("handbook.yml").exists());
}

#[test]
fn the_starter_is_clean_under_its_own_check_and_health_and_new_takes_a_folder() {
    let hb = Handbook::new();
    hb.run(&["init", "hb"]).assert_code(0);
    let check = hb.run(&["check", "hb"]);
    check.assert_code(0);
    // Only the note that feeds need a `base_url`, which no starter can know.
    assert!(
        !check.stderr.contains("warning:") && !check.stderr.contains("error:"),
        "{}",
        check.stderr
    );
    assert!(
        !check.stderr.contains("no other page links here"),
        "{}",
        check.stderr
    );
    let health = hb.run(&["health", "hb"]);
    health.assert_code(0);
    for clean in [
        "Pages without an owner (0)",
        "Orphan pages (0)",
        "Broken links: 0",
    ] {
        assert!(health.stdout.contains(clean), "{clean}\n{}", health.stdout);
    }

    // `new` takes the handbook folder like every other command; a new page has no empty owner.
    hb.run(&["new", "page", "guide/hiring", "hb"])
        .assert_code(0);
    let page = std::fs::read_to_string(hb.root().join("hb/guide/hiring.md")).unwrap();
    assert!(!page.contains("owner: \"\""), "{page}");
    hb.run(&["new", "decision", "Use Postgres", "hb"])
        .assert_code(0);
    assert!(
        hb.root()
            .join("hb/decisions/0002-use-postgres.md")
            .is_file()
    );

    // An empty owner written by hand counts as none.
    hb.write(
        "hb/guide/empty-owner.md",
        "---\ntitle: Empty\nowner: \"\"\n---\n\nText.\n",
    );
    let health = hb.run(&["health", "hb", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&health.stdout).unwrap();
    let without: Vec<&str> = report["without_owner"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["path"].as_str())
        .collect();
    assert!(without.contains(&"guide/empty-owner.md"), "{without:?}");
}
