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
